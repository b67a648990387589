"""Demo corpus generator: realistic purchase invoices as real files plus ground truth.

The corpus feeds the product's real pipeline and extractor benchmarks, so every amount is
computed exactly (Decimal, commercial rounding) and every printed value is in the truth.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from core.demo.pdf_layouts import page_size_name, render_pdf
from core.demo.vendors import (
    CENT,
    VENDORS,
    Invoice,
    Line,
    Product,
    Vendor,
    compact_id,
    q2,
)
from core.demo.xlsx_layout import render_xlsx

# Share of the corpus per seeded anomaly (spec: about 3-6% each) and of credit notes.
RATES: dict[str, float] = {
    "duplicate_exact": 0.03,
    "duplicate_near": 0.02,
    "outlier": 0.04,
    "round_amount": 0.04,
    "weekend": 0.04,
    "credit": 0.04,
}
ANOMALY_TAGS = ("duplicate", "outlier", "round_amount", "weekend")
XLSX_LAYOUT = "sheet"
_NO_DATE = date(2000, 1, 1)  # for throw-away invoices that only compute totals


@dataclass(frozen=True)
class GeneratedDoc:
    path: Path  # the invoice file
    truth_path: Path  # its ground truth json
    truth: dict  # the ground truth (same content as the json)


@dataclass
class _Draft:
    """One document to be written; filled in over several planning passes."""

    order: int
    vendor: Vendor
    issue_date: date
    kind: str = "normal"  # normal | outlier | round_amount | weekend | credit
    invoice: Invoice | None = None
    fmt: str = "pdf"
    scanned: bool = False
    original: _Draft | None = None
    duplicate_kind: str = ""  # exact | near_number | near_date
    seeded: set[str] = field(default_factory=set)

    @property
    def inv(self) -> Invoice:
        assert self.invoice is not None, "invoice not built yet"
        return self.invoice


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def generate_corpus(
    out_dir: Path,
    n_invoices: int,
    *,
    seed: int = 7,
    xlsx_share: float = 0.15,
    scanned_share: float = 0.0,
    anomalies: bool = True,
    start: date = date(2026, 1, 5),
    end: date = date(2026, 10, 30),
    vendors: Sequence[Vendor] = VENDORS,
) -> list[GeneratedDoc]:
    """Write n_invoices documents under out_dir/{pdf,xlsx,gt}; returned in issue-date order.

    vendors is the roster invoices are drawn from (by default the demo's vendors).
    """
    if n_invoices <= 0:
        return []
    if end < start:
        raise ValueError("end must not be before start")
    rng = random.Random(seed)
    drafts = plan_corpus(rng, n_invoices, anomalies, start, end, vendors)
    _assign_formats(rng, drafts, xlsx_share, scanned_share)
    drafts.sort(key=lambda d: (d.inv.issue_date, d.order))
    names = {id(d): _doc_name(i, d) for i, d in enumerate(drafts, start=1)}
    out_dir = Path(out_dir)
    for sub in ("pdf", "xlsx", "gt"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    return [_write_doc(out_dir, d, names, seed) for d in drafts]


def plan_corpus(
    rng: random.Random,
    n: int,
    anomalies: bool,
    start: date,
    end: date,
    vendors: Sequence[Vendor] = VENDORS,
) -> list[_Draft]:
    """Decide every document's content (not its file format) from the rng stream."""
    counts = _anomaly_counts(n, anomalies)
    n_dups = counts["duplicate_exact"] + counts["duplicate_near"]
    base = _base_drafts(rng, n - n_dups, start, end, vendors)
    _assign_kinds(rng, base, counts, start, end)
    _number_and_build(rng, base)
    return base + _duplicates(rng, base, counts, end)


# --------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------


def _anomaly_counts(n: int, anomalies: bool) -> dict[str, int]:
    counts = {key: int(n * rate + 0.5) for key, rate in RATES.items()}
    if not anomalies:
        counts = {key: (value if key == "credit" else 0) for key, value in counts.items()}
    # Small corpora must still leave room for ordinary invoices.
    while sum(counts.values()) > n // 2 and any(counts.values()):
        biggest = max(counts, key=lambda k: counts[k])
        counts[biggest] -= 1
    return counts


def _base_drafts(
    rng: random.Random, n: int, start: date, end: date, roster: Sequence[Vendor]
) -> list[_Draft]:
    span = (end - start).days
    drafts = []
    for i, vendor in enumerate(_vendor_sequence(rng, n, roster)):
        day = start + timedelta(days=rng.randint(0, span))
        drafts.append(_Draft(order=i, vendor=vendor, issue_date=_to_weekday(day, start, end)))
    return drafts


def _vendor_sequence(rng: random.Random, n: int, roster: Sequence[Vendor]) -> list[Vendor]:
    # Every vendor appears at least once when the corpus is big enough; the rest follow
    # the buyer's purchasing pattern (weights).
    chosen = list(roster) if n >= 2 * len(roster) else []
    weights = [v.weight for v in roster]
    chosen += rng.choices(list(roster), weights=weights, k=n - len(chosen))
    rng.shuffle(chosen)
    return chosen


def _to_weekday(day: date, start: date, end: date) -> date:
    # Businesses invoice on working days; weekend dates are a seeded anomaly only.
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while day > end or day.weekday() >= 5:
        day -= timedelta(days=1)
    return max(day, start)


def _to_weekend(day: date, sunday: int, start: date, end: date) -> date:
    weekend_day = day + timedelta(days=5 - day.weekday() + sunday)
    if weekend_day > end:
        weekend_day -= timedelta(days=7)
    return weekend_day if weekend_day >= start else day


def _assign_kinds(
    rng: random.Random, drafts: list[_Draft], counts: dict[str, int], start: date, end: date
) -> None:
    kinds = ["credit", "outlier", "round_amount", "weekend"]
    wanted = [(kind, counts[kind]) for kind in kinds]
    picks = rng.sample(range(len(drafts)), min(len(drafts), sum(c for _, c in wanted)))
    for kind, count in wanted:
        for idx in picks[:count]:
            drafts[idx].kind = kind
        picks = picks[count:]
    for draft in drafts:
        if draft.kind == "weekend":
            draft.issue_date = _to_weekend(draft.issue_date, rng.randint(0, 1), start, end)
        if draft.kind == "outlier":
            draft.seeded.add("outlier")


def _number_and_build(rng: random.Random, drafts: list[_Draft]) -> None:
    """Number documents per vendor in date order and build their content."""
    seq: dict[str, int] = {}
    credit_seq: dict[str, int] = {}
    history: dict[str, list[Invoice]] = {}
    for draft in sorted(drafts, key=lambda d: (d.issue_date, d.order)):
        vendor = draft.vendor
        year = draft.issue_date.year
        if draft.kind == "credit":
            credit_seq[vendor.key] = credit_seq.get(vendor.key, 1 + vendor.seq_start % 37) + 1
            number = vendor.invoice_number(year, credit_seq[vendor.key], credit=True)
            draft.invoice = _credit_note(rng, vendor, draft.issue_date, number, history)
            continue
        # Vendors invoice other customers too, so our numbers have gaps.
        gap = rng.choice((1, 1, 1, 2, 3, 5, 8, 13))
        seq[vendor.key] = seq.get(vendor.key, vendor.seq_start) + gap
        number = vendor.invoice_number(year, seq[vendor.key])
        lines = _lines_for(rng, vendor, draft.kind)
        draft.invoice = _invoice(rng, vendor, number, draft.issue_date, lines)
        history.setdefault(vendor.key, []).append(draft.invoice)


def _invoice(
    rng: random.Random, vendor: Vendor, number: str, issued: date, lines: tuple[Line, ...]
) -> Invoice:
    order_ref = ""
    if rng.random() < 0.4:
        # Either a classic PO number or an SAP-style purchase order (45000xxxxx).
        if rng.random() < 0.5:
            order_ref = f"PO-{issued.year}-{rng.randint(100, 999):04d}"
        else:
            order_ref = f"45000{rng.randint(10000, 99999)}"
    return Invoice(
        vendor=vendor,
        number=number,
        issue_date=issued,
        due_date=issued + timedelta(days=vendor.payment_days),
        lines=lines,
        order_ref=order_ref,
    )


# --------------------------------------------------------------------------------------
# Line items
# --------------------------------------------------------------------------------------


def _draw_qty(rng: random.Random, product: Product) -> Decimal:
    steps = int((product.qty_max - product.qty_min) / product.qty_step)
    return Decimal(product.qty_min) + product.qty_step * rng.randint(0, steps)


def _line(product: Product, qty: Decimal, price: Decimal | None = None) -> Line:
    unit_price = product.unit_price if price is None else price
    return Line(product.name, qty, product.unit, unit_price, product.tax_rate)


def _normal_lines(rng: random.Random, vendor: Vendor) -> tuple[Line, ...]:
    k = min(rng.randint(vendor.lines_min, vendor.lines_max), len(vendor.catalogue))
    picked = sorted(rng.sample(range(len(vendor.catalogue)), k))
    return tuple(_line(vendor.catalogue[i], _draw_qty(rng, vendor.catalogue[i])) for i in picked)


def _lines_for(rng: random.Random, vendor: Vendor, kind: str) -> tuple[Line, ...]:
    lines = _normal_lines(rng, vendor)
    if kind == "outlier":
        factor = Decimal(rng.randint(8, 15))
        return tuple(replace(line, qty=line.qty * factor) for line in lines)
    if kind == "round_amount":
        return _round_lines(rng, vendor, lines)
    return lines


def _round_lines(rng: random.Random, vendor: Vendor, usual: tuple[Line, ...]) -> tuple[Line, ...]:
    """Lines whose gross total is a round figure, e.g. exactly 5,000.00."""
    rate = vendor.main_rate
    usual_total = Invoice(vendor, "", _NO_DATE, _NO_DATE, usual).total
    step = Decimal(100) if usual_total < 1000 else Decimal(500 if usual_total < 5000 else 1000)
    target = max(Decimal(300), (usual_total * Decimal("1.1") / step).to_integral_value() * step)
    same_rate = [p for p in vendor.catalogue if p.tax_rate == rate]
    others = [_line(p, Decimal(p.qty_min)) for p in rng.sample(same_rate, min(2, len(same_rate)))]
    while True:
        net = _net_for_gross(target, rate)
        rest = None if net is None else net - sum((x.amount for x in others), Decimal(0))
        if rest is not None and rest > target / 5:
            fee = Product(vendor.labels.flat_fee, rest, rate)
            lines = (*others, _line(fee, Decimal(1)))
            assert Invoice(vendor, "", _NO_DATE, _NO_DATE, lines).total == target
            return lines
        if rest is not None and others:
            others = others[:-1]  # the fixed lines ate the budget; retry with fewer
            continue
        target += step


def _net_for_gross(gross: Decimal, rate: Decimal) -> Decimal | None:
    """The net amount whose gross (net + rounded tax) is exactly `gross`, if one exists."""
    guess = q2(gross / (1 + rate / 100))
    for delta in range(-3, 4):
        net = guess + CENT * delta
        if net + q2(net * rate / 100) == gross:
            return net
    return None


def _credit_note(
    rng: random.Random,
    vendor: Vendor,
    issued: date,
    number: str,
    history: dict[str, list[Invoice]],
) -> Invoice:
    """A partial credit (returns, service credit) against one of the vendor's invoices."""
    earlier = history.get(vendor.key, [])
    if earlier:
        ref = rng.choice(earlier[-3:])
        reference, source = ref.number, ref.lines
    else:
        # The corrected invoice predates the corpus.
        reference = vendor.invoice_number(issued.year, vendor.seq_start - rng.randint(3, 40))
        source = _normal_lines(rng, vendor)
    picked = rng.sample(source, min(len(source), rng.randint(1, 2)))
    lines = tuple(replace(line, qty=_credited_qty(rng, line.qty)) for line in picked)
    return Invoice(
        vendor=vendor,
        number=number,
        issue_date=issued,
        due_date=issued + timedelta(days=vendor.payment_days),
        lines=lines,
        credit_note=True,
        reference=reference,
    )


def _credited_qty(rng: random.Random, qty: Decimal) -> Decimal:
    if qty <= 1:
        return qty
    whole = int(qty)
    return Decimal(rng.randint(1, max(1, whole // 2))) if qty == whole else qty / 2


# --------------------------------------------------------------------------------------
# Duplicates
# --------------------------------------------------------------------------------------


def _duplicates(
    rng: random.Random, base: list[_Draft], counts: dict[str, int], end: date
) -> list[_Draft]:
    candidates = [d for d in base if d.kind != "credit"]
    n_exact, n_near = counts["duplicate_exact"], counts["duplicate_near"]
    originals = rng.sample(candidates, min(len(candidates), n_exact + n_near))
    dups = []
    for i, original in enumerate(originals):
        kind = "exact" if i < n_exact else ("near_number" if i % 2 == 0 else "near_date")
        dups.append(_duplicate(rng, original, kind, len(base) + i, end))
    return dups


def _duplicate(rng: random.Random, original: _Draft, kind: str, order: int, end: date) -> _Draft:
    inv = original.inv
    if kind == "near_number":
        inv = replace(inv, number=inv.number + rng.choice(("-A", "-B", "-1", "/2")))
    elif kind == "near_date":
        shift = timedelta(days=rng.randint(1, 3))
        if inv.issue_date + shift > end:
            shift = -shift
        inv = replace(inv, issue_date=inv.issue_date + shift, due_date=inv.due_date + shift)
    return _Draft(
        order=order,
        vendor=original.vendor,
        issue_date=inv.issue_date,
        kind=original.kind,
        invoice=inv,
        original=original,
        duplicate_kind=kind,
        seeded=set(original.seeded) | {"duplicate"},
    )


def _assign_formats(
    rng: random.Random, drafts: list[_Draft], xlsx_share: float, scanned_share: float
) -> None:
    # Both draws always happen so the content rng stream does not depend on the shares.
    for draft in sorted(drafts, key=lambda d: d.order):
        xlsx_draw, scan_draw = rng.random(), rng.random()
        if draft.original is not None and draft.duplicate_kind == "exact":
            draft.fmt = draft.original.fmt  # a re-sent file comes in the same format
        else:
            draft.fmt = "xlsx" if xlsx_draw < xlsx_share else "pdf"
        draft.scanned = draft.fmt == "pdf" and scan_draw < scanned_share


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-")


def _doc_name(index: int, draft: _Draft) -> str:
    return f"{index:04d}_{draft.vendor.key}_{_safe(draft.inv.number)}"


def anomaly_tags(draft: _Draft) -> list[str]:
    """Tags from the seeded plan plus what the content itself shows (weekend, round)."""
    tags = set(draft.seeded)
    if draft.inv.issue_date.weekday() >= 5:
        tags.add("weekend")
    if draft.inv.total >= 100 and draft.inv.total % 100 == 0:
        tags.add("round_amount")
    return [tag for tag in ANOMALY_TAGS if tag in tags]


def build_truth(draft: _Draft, name_of: dict[int, str]) -> dict:
    inv, vendor = draft.inv, draft.vendor
    layout = XLSX_LAYOUT if draft.fmt == "xlsx" else vendor.layout
    return {
        "issuer": vendor.name,
        "invoice_number": inv.number,
        "date": inv.issue_date.isoformat(),
        "date_due": inv.due_date.isoformat(),
        "currency": vendor.currency,
        "amount": float(inv.total),
        "amount_untaxed": float(inv.net),
        "amount_tax": float(inv.tax),
        "doc_type": "381" if inv.credit_note else "380",
        "n_lines": len(inv.lines),
        "lines": [_line_truth(line) for line in inv.lines],
        "issuer_vat_id": compact_id(vendor.vat_id),
        "iban": vendor.iban,
        "locale": vendor.locale,
        "layout": layout,
        "format": draft.fmt,
        "scanned": draft.scanned,
        "anomalies": anomaly_tags(draft),
        "duplicate_of": name_of[id(draft.original)] if draft.original else None,
        "duplicate_kind": draft.duplicate_kind or None,
        "vendor_key": vendor.key,
        "buyer": inv.buyer.name,
        "reference_invoice": inv.reference or None,
        "order_ref": inv.order_ref or None,
        "tax_breakdown": [
            {"rate": float(g.rate), "base": float(g.base), "tax": float(g.tax)}
            for g in inv.tax_groups
        ],
        "page_size": None if draft.fmt == "xlsx" else page_size_name(inv),
    }


def _line_truth(line: Line) -> dict:
    return {
        "name": line.name,
        "qty": float(line.qty),
        "price_subtotal": float(line.amount),
        "unit_price": float(line.unit_price),
        "tax_rate": float(line.tax_rate),
    }


def _write_doc(out_dir: Path, draft: _Draft, names: dict[int, str], seed: int) -> GeneratedDoc:
    name = names[id(draft)]
    truth = build_truth(draft, names)
    if draft.fmt == "xlsx":
        path = out_dir / "xlsx" / f"{name}.xlsx"
        render_xlsx(draft.inv, path)
    else:
        path = out_dir / "pdf" / f"{name}.pdf"
        _write_pdf(draft, path, seed)
    truth_path = out_dir / "gt" / f"{name}.json"
    truth_path.write_text(json.dumps([truth], ensure_ascii=False, indent=1), encoding="utf-8")
    return GeneratedDoc(path=path, truth_path=truth_path, truth=truth)


def _write_pdf(draft: _Draft, path: Path, seed: int) -> None:
    if not draft.scanned:
        subject = "re-sent" if draft.duplicate_kind == "exact" else ""
        render_pdf(draft.inv, path, draft.vendor.layout, subject)
        return
    # Imported lazily: only scanned corpora pay for pypdfium2 + Pillow.
    from core.demo.scan import scan_pdf

    buffer = io.BytesIO()
    render_pdf(draft.inv, buffer, draft.vendor.layout)
    scan_pdf(buffer.getvalue(), path, random.Random(f"{seed}:{draft.order}"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a demo invoice corpus.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("-n", "--n-invoices", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--xlsx-share", type=float, default=0.15)
    parser.add_argument("--scanned-share", type=float, default=0.0)
    parser.add_argument("--no-anomalies", action="store_true")
    args = parser.parse_args(argv)
    docs = generate_corpus(
        args.out_dir,
        args.n_invoices,
        seed=args.seed,
        xlsx_share=args.xlsx_share,
        scanned_share=args.scanned_share,
        anomalies=not args.no_anomalies,
    )
    print(f"wrote {len(docs)} documents to {args.out_dir}")


if __name__ == "__main__":
    main()
