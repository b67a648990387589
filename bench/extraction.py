"""Extraction accuracy, calibration and speed over a folder of invoices with ground truth.

Usage: python bench/extraction.py CORPUS_DIR [--no-embedded] [--show-errors] [--limit N]
                                [--evidence OUT.json]
       python bench/extraction.py --fit A.json B.json ...

--evidence writes, per evidence key of the label reader (core/extraction/confidence.py),
how many fields were found that way and how many were right; --fit pools such files from
several corpora and prints (right + 1) / (n + 2) per key, the values of confidence.TABLE.

CORPUS_DIR holds pdf/ (and optionally xlsx/, csv/, xml/) and gt/NAME.json in the format of
../shared/corpora/zugferd (a list holding one object: issuer, invoice_number, date, date_due,
currency, amount, amount_untaxed, amount_tax, doc_type, n_lines, lines; the demo generator
writes the same format, optionally with issuer_vat_id and iban).

Comparison rules:
- issuer: case-, punctuation- and legal-form-insensitive;
- amounts: to the cent, compared as magnitudes with the direction carried by doc_type. The
  contract keeps credit-note amounts positive (DESIGN: doc_type reverses the entry), so a
  ground truth with a negative grand total (e.g. a 384 corrective invoice that reduces what
  is owed) expects positive amounts and doc_type credit_note;
- doc_type: UNTDID 1001 credit-note codes (381, 261, 262, 296, 308, 396, 420, 458, 532) or a
  negative total mean credit_note, every other code means invoice;
- dates exactly; invoice number exactly after trimming; currency exactly.
Speed is measured on one core, files read one after another: pages per second per file,
median over the corpus (reading and extraction together).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.contract import Extraction
from core.documents import load_document
from core.errors import DocumentError
from core.extraction.issuer import IDENTIFIER_LINE
from core.extraction.label_reader import read_with_evidence
from core.extraction.select import extract_best
from core.money import q2

CREDIT_CODES = {"381", "261", "262", "296", "308", "396", "420", "458", "532"}
FILE_DIRS = ("pdf", "xlsx", "csv", "xml")
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01))
_LEGAL = re.compile(
    r"\b(gmbh|ag|kg|ohg|ug|ek|e k|ltd|limited|plc|inc|llc|llp|corp|co|sarl|sas|sa|snc|eurl|"
    r"bv|b v|nv|n v|vof|sl|s l|slu|spa|srl|sagl|ab|aps|a s|oy|haftungsbeschränkt|mbh)\b"
)

# ground-truth key -> (contract field, comparison)
FIELDS: dict[str, tuple[str, str]] = {
    "issuer": ("issuer", "name"),
    "invoice_number": ("invoice_number", "text"),
    "date": ("issue_date", "date"),
    "date_due": ("due_date", "date"),
    "currency": ("currency", "text"),
    "amount": ("total_amount", "money"),
    "amount_untaxed": ("net_amount", "money"),
    "amount_tax": ("tax_amount", "money"),
    "issuer_vat_id": ("issuer_vat_id", "id"),
    "iban": ("iban", "id"),
    "doc_type": ("doc_type", "text"),
    "n_lines": ("line_items", "count"),
    "lines": ("line_items", "lines"),
}


def norm_name(value: str) -> str:
    s = re.sub(r"[^\w]+", " ", value.lower().replace("&", " "))
    s = _LEGAL.sub(" ", s)
    return " ".join(s.split())


def truth_name(value: str) -> str:
    """The ground truth's issuer without identifier lines.

    Some ZUGFeRD XML puts 'GLN 4333741000005' and 'Lief-Nr: 549910' lines into the seller
    name; they are ids printed above the name, not part of it. run() reports how many.
    """
    lines = [ln for ln in value.splitlines() if not IDENTIFIER_LINE.search(ln)]
    return "\n".join(lines) or value


def _compact_id(value: Any) -> str:
    """'CHE-123.456.789 MWST' and 'CHE123456789' are the same Swiss UID."""
    compact = re.sub(r"[\s.\-]", "", str(value)).upper()
    return re.sub(r"(MWST|TVA|IVA)$", "", compact)


def expected_doc_type(gt: dict[str, Any]) -> str:
    total = gt.get("amount")
    if str(gt.get("doc_type", "")) in CREDIT_CODES or str(gt.get("doc_type")) == "credit_note":
        return "credit_note"
    if total is not None and Decimal(str(total)) < 0:
        return "credit_note"
    return "invoice"


def field_ok(kind: str, truth: Any, got: Any) -> bool:
    if got is None or got == "":
        return False
    if kind == "name":
        # Either the name as the ground truth holds it, or without its identifier lines.
        return norm_name(str(got)) in {norm_name(str(truth)), norm_name(truth_name(str(truth)))}
    if kind == "text":
        return str(truth).strip() == str(got).strip()
    if kind == "date":
        return str(truth) == (got.isoformat() if isinstance(got, date) else str(got))
    if kind == "money":
        return q2(abs(Decimal(str(truth)))) == q2(abs(Decimal(str(got))))
    if kind == "id":
        return _compact_id(truth) == _compact_id(got)
    if kind == "count":
        return int(truth) == len(got)
    if kind == "lines":
        return len(truth) == len(got) and all(
            item.amount is not None and q2(abs(Decimal(str(want)))) == q2(abs(item.amount))
            for want, item in zip(truth, got, strict=True)
        )
    raise ValueError(kind)


def gt_item_amounts(gt: dict[str, Any]) -> list[Any]:
    """The ground truth's line amounts, lines without an amount left out.

    ZUGFeRD 1 XML lists free-text notes as lines with no amount (and no printed row);
    they are not items. run() counts and reports how many were left out.
    """
    lines = gt.get("lines") or ()
    return [line["price_subtotal"] for line in lines if line.get("price_subtotal") is not None]


def score(gt: dict[str, Any], ex: Extraction) -> dict[str, tuple[bool, float]]:
    """Each ground-truth field -> (right?, the confidence the agent gave it)."""
    out: dict[str, tuple[bool, float]] = {}
    for key, (name, kind) in FIELDS.items():
        if key not in gt or gt[key] in (None, ""):
            continue
        if key in ("n_lines", "lines"):
            truth = gt_item_amounts(gt)
            if not truth:
                continue
            truth = len(truth) if key == "n_lines" else truth
        else:
            truth = expected_doc_type(gt) if key == "doc_type" else gt[key]
        got = getattr(ex, name)
        out[key] = (field_ok(kind, truth, got), float(ex.confidence.get(name, 0.0)))
    return out


def corpus_files(root: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for sub in FILE_DIRS:
        folder = root / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            gt = root / "gt" / f"{path.stem}.json"
            if gt.exists():
                pairs.append((path, gt))
    return pairs


def run(
    root: Path,
    use_embedded: bool,
    show_errors: bool,
    limit: int | None,
    evidence_counts: dict[str, list[int]] | None = None,
) -> dict[str, Any]:
    pairs = corpus_files(root)[:limit]
    right: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    bands: dict[tuple[float, float], list[int]] = {band: [0, 0] for band in BANDS}
    rates: list[float] = []
    text_rates: list[float] = []
    full = 0
    errors = 0
    agents: dict[str, int] = defaultdict(int)
    amountless = [0, 0]
    trimmed = 0
    for path, gt_path in pairs:
        gt = json.loads(gt_path.read_text(encoding="utf-8"))
        gt = gt[0] if isinstance(gt, list) else gt
        trimmed += bool(gt.get("issuer")) and truth_name(gt["issuer"]) != gt["issuer"]
        dropped = len(gt.get("lines") or ()) - len(gt_item_amounts(gt))
        amountless[0] += dropped
        amountless[1] += dropped > 0
        data = path.read_bytes()
        start = time.process_time()
        try:
            doc = load_document(data, path.name)
            ex = extract_best(doc, use_embedded=use_embedded)
        except DocumentError as exc:
            errors += 1
            print(f"  ERROR {path.name}: {exc.reason}", file=sys.stderr)
            continue
        elapsed = max(time.process_time() - start, 1e-6)
        rate = max(doc.page_count, 1) / elapsed
        rates.append(rate)
        if doc.kind == "pdf" and not any(p.ocr for p in doc.pages):
            text_rates.append(rate)
        agents[ex.agent] += 1
        result = score(gt, ex)
        if evidence_counts is not None and ex.agent == "label-reader":
            _count_evidence(doc, result, evidence_counts)
        all_ok = True
        for key, (ok, conf) in result.items():
            seen[key] += 1
            right[key] += ok
            all_ok &= ok
            for band in BANDS:
                if band[0] <= conf < band[1]:
                    bands[band][0] += 1
                    bands[band][1] += ok
            if not ok and show_errors:
                name = FIELDS[key][0]
                want = gt_item_amounts(gt) if key in ("n_lines", "lines") else gt.get(key)
                print(
                    f"  {path.stem[-70:]:70} {key:15} want={want!r} "
                    f"got={_short(getattr(ex, name))} conf={conf:.2f}",
                    file=sys.stderr,
                )
        full += all_ok
    return {
        "files": len(pairs),
        "errors": errors,
        "accuracy": {k: (right[k], seen[k]) for k in FIELDS if seen[k]},
        "fully_right": (full, len(pairs) - errors),
        "calibration": bands,
        "median_pages_per_s": statistics.median(rates) if rates else 0.0,
        "median_text_pdf_pages_per_s": statistics.median(text_rates) if text_rates else 0.0,
        "agents": dict(agents),
        "amountless_lines": tuple(amountless),
        "trimmed_issuers": trimmed,
    }


def _count_evidence(
    doc: Any, result: dict[str, tuple[bool, float]], counts: dict[str, list[int]]
) -> None:
    evidence = read_with_evidence(doc.pages, "label-reader")[1]
    shared = {"net_amount": "amount", "tax_amount": "amount", "total_amount": "amount"}
    for key, (ok, _) in result.items():
        name = FIELDS[key][0]
        if key == "lines" or name not in evidence:
            continue
        slot = counts.setdefault(f"{shared.get(name, name)}:{evidence[name]}", [0, 0])
        slot[0] += 1
        slot[1] += ok


def fit(paths: list[Path]) -> None:
    """Pool evidence counts from several corpora and print the smoothed accuracy per key."""
    pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in paths:
        for key, (n, ok) in json.loads(path.read_text()).items():
            pooled[key][0] += n
            pooled[key][1] += ok
    print(f"{'evidence':45} {'n':>5} {'right':>6} {'fitted':>7}")
    for key in sorted(pooled):
        n, ok = pooled[key]
        print(f"{key:45} {n:5d} {ok:6d} {min((ok + 1) / (n + 2), 0.98):7.2f}")


def _short(value: Any) -> str:
    if isinstance(value, tuple):
        return f"{len(value)} items " + str([format(i.amount, "f") for i in value][:8])
    return repr(value.isoformat() if isinstance(value, date) else value)


def report(root: Path, use_embedded: bool, res: dict[str, Any]) -> None:
    mode = "embedded XML allowed" if use_embedded else "printed page only (--no-embedded)"
    print(f"corpus {root} - {res['files']} files, {res['errors']} refused - {mode}")
    print("accuracy per field:")
    for key, (ok, n) in res["accuracy"].items():
        print(f"  {key:15} {ok:4d}/{n:<4d} {100 * ok / n:6.1f}%")
    dropped, files = res["amountless_lines"]
    if dropped:
        print(
            f"  (n_lines/lines: {dropped} ground-truth lines without an amount, in {files} files, "
            "are notes, not items, and are not counted)"
        )
    if res["trimmed_issuers"]:
        print(
            f"  (issuer: {res['trimmed_issuers']} ground-truth names hold identifier lines "
            "(GLN, Lief-Nr); the name with or without them counts as right)"
        )
    ok, n = res["fully_right"]
    print(f"documents fully right: {ok}/{n} ({100 * ok / max(n, 1):.1f}%)")
    print("calibration (fields by reported confidence):")
    for (lo, hi), (n_band, ok_band) in res["calibration"].items():
        if n_band:
            print(
                f"  [{lo:.2f}, {min(hi, 1.0):.2f}{']' if hi > 1 else ')'}  "
                f"{n_band:5d} fields  {100 * ok_band / n_band:6.1f}% right"
            )
    high = [v for (lo, _), v in res["calibration"].items() if lo >= 0.9]
    n_high, ok_high = sum(n for n, _ in high), sum(ok for _, ok in high)
    if n_high:
        print(f"  fields at >= 0.90: {n_high}, {100 * ok_high / n_high:.1f}% right")
    print(f"agents: {res['agents']}")
    print(
        f"speed (one core, reading + extraction): median {res['median_pages_per_s']:.1f} pages/s;"
        f" text PDFs without OCR: median {res['median_text_pdf_pages_per_s']:.1f} pages/s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--evidence", type=Path, help="write evidence counts to this JSON")
    parser.add_argument("--fit", type=Path, nargs="+", help="pool evidence JSON files")
    parser.add_argument("--no-embedded", action="store_true", help="ignore embedded XML")
    parser.add_argument("--show-errors", action="store_true", help="print every wrong field")
    parser.add_argument("--limit", type=int, help="only the first N files")
    args = parser.parse_args(argv)
    if args.fit:
        fit(args.fit)
        return 0
    if args.corpus is None or not (args.corpus / "gt").is_dir():
        print(f"{args.corpus}: no gt/ folder", file=sys.stderr)
        return 2
    counts: dict[str, list[int]] | None = {} if args.evidence else None
    res = run(args.corpus, not args.no_embedded, args.show_errors, args.limit, counts)
    report(args.corpus, not args.no_embedded, res)
    if args.evidence and counts is not None:
        args.evidence.write_text(json.dumps(counts, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
