"""A vendor's layout learnt from confirmed invoices: which label each field sits next to.

From a Document (pages -> lines -> segments with boxes) and the values a person confirmed,
each variable field gets candidate rules: the value is in the same run as a label
("Nettobetrag 944,20 €"), in the run to the right of one ("Invoice # | NW1048206"), or in
the run below one (a header row over a value row). Amounts split over several labelled lines
(one tax line per rate) are summed. Every later confirmation scores every rule, so rules
that held by coincidence lose to rules that keep holding. Identity fields (name, VAT id,
IBAN, currency) are the vendor's master data, used when the document shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from core.documents.model import Document, Page, Segment
from core.extraction.dates import infer_day_first, parse_dates
from core.extraction.identifiers import CURRENCY_CODES
from core.learning.fields import Truth
from core.money import find_amounts, q2

AMOUNT_FIELDS = ("net_amount", "tax_amount", "total_amount")
VARIABLE_FIELDS = ("invoice_number", "issue_date", "due_date", *AMOUNT_FIELDS)
IDENTITY_FIELDS = ("issuer", "issuer_vat_id", "iban", "currency")
RELATION_RANK = {"right": 0, "same": 1, "below": 2}
_CODES_RE = re.compile(r"\b(?:" + "|".join(CURRENCY_CODES) + r")\b")
_TOKEN_STRIP = ":#,;()[]"


def norm_label(text: str) -> str:
    """Label text without digits, punctuation, currency codes or case: stable across invoices."""
    text = _CODES_RE.sub(" ", text)
    return " ".join(re.sub(r"[^a-zà-ÿß]+", " ", text.casefold()).split())


@dataclass
class Rule:
    relation: str  # same, right, below
    label: str
    pick: int = 0  # which value in the run: from the start (dates, numbers), from the end (amounts)
    agg: str = "first"  # first or sum (amounts on several labelled lines)
    hits: int = 0  # confirmations where the rule gave the confirmed value
    misses: int = 0  # confirmations where it gave another value

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.relation, self.label, self.pick, self.agg)

    def rank(self, field_name: str) -> tuple[float, ...]:
        prefers_sum = field_name == "tax_amount"
        return (
            -(self.hits - 2 * self.misses),
            RELATION_RANK[self.relation],
            0 if (self.agg == "sum") == prefers_sum else 1,
            len(self.label),
        )


@dataclass
class Variant:
    """The rules for one layout of the vendor, keyed by its label fingerprint."""

    fingerprint: str
    labels: list[str]
    rules: dict[str, list[Rule]] = field(default_factory=dict)
    examples: int = 0


@dataclass
class VendorLayout:
    vendor_key: str
    issuer: str
    vat_id: str | None
    iban: str | None
    currency: str | None
    day_first: bool = True
    number_shape: str | None = None
    variants: list[Variant] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VendorLayout:
        variants = [
            Variant(
                v["fingerprint"],
                list(v["labels"]),
                {name: [Rule(**r) for r in rules] for name, rules in v["rules"].items()},
                v.get("examples", 0),
            )
            for v in data.get("variants", [])
        ]
        plain = {k: v for k, v in data.items() if k != "variants"}
        return cls(**plain, variants=variants)


# ------------------------------------------------------------------------------------------
# Reading values out of text runs
# ------------------------------------------------------------------------------------------


def values_in(field_name: str, text: str, day_first: bool) -> list[str]:
    """Candidate values of a field in one run of text, canonical, in reading order."""
    if field_name in AMOUNT_FIELDS:
        return [format(q2(abs(v)), "f") for v in find_amounts(text)]
    if field_name in ("issue_date", "due_date"):
        return [d.isoformat() for _, d in parse_dates(text, day_first)]
    tokens = [t.strip(_TOKEN_STRIP).rstrip(".") for t in text.split()]
    return [t for t in tokens if any(c.isdigit() for c in t) and len(t) >= 3]


def _prefix(field_name: str, text: str, day_first: bool) -> str:
    """The label part of a run holding a value: what precedes the first value."""
    if field_name in ("issue_date", "due_date"):
        dates = parse_dates(text, day_first)
        return text[: dates[0][0]] if dates else text
    if field_name == "invoice_number":
        for token in text.split():
            if any(c.isdigit() for c in token):
                return text[: text.index(token)]
        return text
    return text  # amounts: digits vanish in norm_label anyway


def _pick(field_name: str, values: list[str], pick: int) -> str | None:
    if not values:
        return None
    index = len(values) - 1 - pick if field_name in AMOUNT_FIELDS else pick
    return values[index] if 0 <= index < len(values) else None


def _pick_index(field_name: str, values: list[str], position: int) -> int:
    return len(values) - 1 - position if field_name in AMOUNT_FIELDS else position


@dataclass(frozen=True)
class _Run:
    page: int
    line: int
    pos: int
    seg: Segment


def _runs(doc: Document) -> list[_Run]:
    return [
        _Run(page.number, li, si, seg)
        for page in doc.pages
        for li, line in enumerate(page.lines)
        for si, seg in enumerate(line.segments)
    ]


def _right_of(doc: Document, run: _Run) -> Segment | None:
    line = _page(doc, run.page).lines[run.line]
    return line.segments[run.pos + 1] if run.pos + 1 < len(line.segments) else None


def _left_of(doc: Document, run: _Run) -> Segment | None:
    line = _page(doc, run.page).lines[run.line]
    return line.segments[run.pos - 1] if run.pos > 0 else None


def _below(doc: Document, run: _Run) -> Segment | None:
    lines = _page(doc, run.page).lines
    label = run.seg
    for line in lines[run.line + 1 : run.line + 3]:
        if line.top - label.bottom > 3 * (label.bottom - label.top) + 6:
            return None
        for seg in line.segments:
            if seg.x0 < label.x1 and seg.x1 > label.x0:
                return seg
    return None


def _above(doc: Document, run: _Run) -> Segment | None:
    lines = _page(doc, run.page).lines
    value = run.seg
    for line in reversed(lines[max(0, run.line - 2) : run.line]):
        if value.top - line.bottom > 3 * (value.bottom - value.top) + 6:
            return None
        for seg in line.segments:
            if seg.x0 < value.x1 and seg.x1 > value.x0:
                return seg
    return None


def _page(doc: Document, number: int) -> Page:
    return next(p for p in doc.pages if p.number == number)


# ------------------------------------------------------------------------------------------
# Learning
# ------------------------------------------------------------------------------------------


def candidate_rules(doc: Document, field_name: str, value: str, day_first: bool) -> list[Rule]:
    """Every rule that reads the confirmed value out of this document."""
    found: dict[tuple[str, str, int, str], Rule] = {}

    def add(rule: Rule) -> None:
        if rule.agg == "sum" and field_name not in AMOUNT_FIELDS:
            return
        if rule.label and apply_rule(doc, field_name, rule, day_first) == value:
            found.setdefault(rule.key, rule)

    for run in _runs(doc):
        values = values_in(field_name, run.seg.text, day_first)
        for position, candidate in enumerate(values):
            if candidate != value:
                continue
            pick = _pick_index(field_name, values, position)
            label = norm_label(_prefix(field_name, run.seg.text, day_first))
            if label:
                for agg in ("first", "sum"):
                    add(Rule("same", label, pick, agg))
            left = _left_of(doc, run)
            if left is not None and not label:
                for agg in ("first", "sum"):
                    add(Rule("right", norm_label(left.text), pick, agg))
            above = _above(doc, run)
            if above is not None and not label:
                add(Rule("below", norm_label(above.text), pick))
    if not found and field_name in AMOUNT_FIELDS:
        # Split over several lines (one per tax rate): a label whose values sum up.
        for relation in ("same", "right"):
            for label in {norm_label(r.seg.text) for r in _runs(doc)}:
                add(Rule(relation, label, 0, "sum"))
    return list(found.values())


def apply_rule(doc: Document, field_name: str, rule: Rule, day_first: bool) -> str | None:
    """The value the rule reads from the document, or None."""
    picked: list[str] = []
    for run in _label_runs(doc, field_name, rule, day_first):
        if rule.relation == "same":
            text = run.seg.text
        else:
            target = _right_of(doc, run) if rule.relation == "right" else _below(doc, run)
            if target is None:
                continue
            text = target.text
        value = _pick(field_name, values_in(field_name, text, day_first), rule.pick)
        if value is None:
            continue
        if rule.agg == "first" or field_name not in AMOUNT_FIELDS:
            return value
        picked.append(value)
    if not picked:
        return None
    return format(sum((Decimal(v) for v in picked), Decimal(0)), "f")


def _label_runs(doc: Document, field_name: str, rule: Rule, day_first: bool) -> Iterator[_Run]:
    for run in _runs(doc):
        text = run.seg.text
        label = norm_label(
            _prefix(field_name, text, day_first) if rule.relation == "same" else text
        )
        if label == rule.label:
            yield run


def learn_variant(doc: Document, truth: Truth, day_first: bool) -> Variant:
    labels = label_set(doc)
    variant = Variant(fingerprint(labels), sorted(labels))
    update_variant(variant, doc, truth, day_first)
    return variant


def update_variant(variant: Variant, doc: Document, truth: Truth, day_first: bool) -> None:
    """Score every known rule on this confirmed document, then add the rules it suggests."""
    variant.examples += 1
    for name in VARIABLE_FIELDS:
        value = truth.get(name)
        rules = variant.rules.setdefault(name, [])
        for rule in rules:
            got = apply_rule(doc, name, rule, day_first)
            if got == value:
                rule.hits += 1
            elif got is not None or value is not None:
                rule.misses += 1
        if value is None:
            continue
        known = {r.key for r in rules}
        for rule in candidate_rules(doc, name, value, day_first):
            if rule.key not in known:
                rule.hits = 1
                rules.append(rule)
        rules.sort(key=lambda r: r.rank(name))
        del rules[12:]  # the long tail never wins; keep the model small


def learn_day_first(doc: Document, truth: Truth) -> bool:
    """The vendor's date order: the one under which its confirmed dates appear.

    When both orders fit (03/03/2026), the document's unambiguous dates decide.
    """
    text = doc.text
    wanted = {truth.get("issue_date"), truth.get("due_date")} - {None}
    fits = [
        day_first
        for day_first in (True, False)
        if wanted <= {d.isoformat() for _, d in parse_dates(text, day_first)}
    ]
    if len(fits) == 1:
        return fits[0]
    return infer_day_first(text, default=truth.get("currency") != "USD")


def number_shape(number: str | None) -> str | None:
    """The vendor's numbering pattern: letters kept, digit runs generalised ('RE-\\d+')."""
    if not number:
        return None
    return "".join(
        r"\d+" if part.isdigit() else re.escape(part) for part in re.split(r"(\d+)", number) if part
    )


# ------------------------------------------------------------------------------------------
# Layout fingerprint
# ------------------------------------------------------------------------------------------


# Two prices on one line make it a line-item row (unit price and amount): its description
# changes with every order, so it says nothing about the layout.
_PRICE_RE = re.compile(r"\d[.,]\d{2}(?!\d)")


def label_set(doc: Document) -> set[str]:
    """The page-one runs that are text, not values, with their column (25 pt buckets).

    Line-item rows are left out: with them, two invoices of one layout that bought different
    things look like two layouts.
    """
    if not doc.pages:
        return set()
    out = set()
    for line in doc.pages[0].lines:
        if len(_PRICE_RE.findall(" ".join(seg.text for seg in line.segments))) >= 2:
            continue
        for seg in line.segments:
            label = norm_label(seg.text)
            letters = sum(c.isalpha() for c in seg.text)
            if label and len(label) <= 40 and letters >= 0.6 * len(seg.text.replace(" ", "")):
                out.add(f"{label}@{int(seg.x0 // 25)}")
    return out


def fingerprint(labels: set[str]) -> str:
    import hashlib

    return hashlib.sha1("|".join(sorted(labels)).encode()).hexdigest()[:10]


def similarity(a: set[str] | list[str], b: set[str] | list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


# ------------------------------------------------------------------------------------------
# A vendor's layout from its confirmed invoices
# ------------------------------------------------------------------------------------------

# Label-set similarity (Jaccard) from which two documents share a layout. Measured on the
# demo vendors (bench/learning_curve.py's corpus, item rows left out): invoices and credit
# notes of one layout >= 0.57, the same invoice in another layout <= 0.54 (median 0.16).
# A missing label (no due date, no order reference) costs one or two labels of 15-40.
SAME_LAYOUT = 0.5


def new_layout(vendor_key: str, doc: Document, truth: Truth) -> VendorLayout:
    """The layout learnt from a vendor's first confirmed invoice."""
    day_first = learn_day_first(doc, truth)
    return VendorLayout(
        vendor_key=vendor_key,
        issuer=_display_issuer(doc, truth),
        vat_id=truth.get("issuer_vat_id"),
        iban=truth.get("iban"),
        currency=truth.get("currency"),
        day_first=day_first,
        number_shape=number_shape(truth.get("invoice_number")),
        variants=[learn_variant(doc, truth, day_first)],
    )


def add_example(layout: VendorLayout, doc: Document, truth: Truth) -> bool:
    """Fold a further confirmed invoice in; True when it showed a new layout (re-learnt)."""
    labels = label_set(doc)
    best = max(layout.variants, key=lambda v: similarity(v.labels, labels), default=None)
    for name, value in (("vat_id", "issuer_vat_id"), ("iban", "iban"), ("currency", "currency")):
        if truth.get(value):
            setattr(layout, name, truth[value])
    if best is None or similarity(best.labels, labels) < SAME_LAYOUT:
        layout.variants.append(learn_variant(doc, truth, layout.day_first))
        return True
    update_variant(best, doc, truth, layout.day_first)
    return False


def _display_issuer(doc: Document, truth: Truth) -> str:
    """The issuer as printed (the truth is canonical lower case): the run that spells it."""
    wanted = truth.get("issuer") or ""
    for page in doc.pages[:1]:
        for line in page.lines:
            for seg in line.segments:
                if " ".join(re.sub(r"[^\w&]+", " ", seg.text.casefold()).split()) == wanted:
                    return seg.text.strip()
    return wanted
