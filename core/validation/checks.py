"""Checks an accountant runs on a read invoice before it is booked.

The score is the automatic outcome signal for the market: each check has a weight, and the
score is the weighted share of checks passed, so one wrong cent costs more than a missing
due date. Every finding says in plain words what is wrong and the numbers behind it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from stdnum import iban as std_iban
from stdnum.ch import vat as ch_vat
from stdnum.eu import vat as eu_vat
from stdnum.gb import vat as gb_vat

from core.contract import DOC_TYPES, Extraction
from core.money import CENT
from core.validation.tax_rates import (
    RATES,
    has_reverse_charge_note,
    plausible_rates,
    seller_country,
)

REQUIRED = ("issuer", "invoice_number", "issue_date", "currency", "total_amount")
# An issue date older than this is far more often a misread (a founding year, a date of
# birth) than a real invoice arriving now; real archives of e-invoices reach back ~10 years.
IMPLAUSIBLY_OLD_YEARS = 15
# A due date this far after the issue date is almost always a misread year.
LONGEST_PAYMENT_TERM = timedelta(days=366)
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class ValidationFinding:
    check: str
    severity: str  # error, warning
    reason: str


@dataclass(frozen=True)
class ValidationResult:
    score: float
    findings: tuple[ValidationFinding, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def failed(self, check: str) -> bool:
        return any(f.check == check and f.severity == "error" for f in self.findings)


# check name -> weight in the score
WEIGHTS: dict[str, float] = {
    "required_fields": 3.0,
    "arithmetic": 4.0,
    "line_items": 1.5,
    "tax_rate": 1.5,
    "dates": 1.0,
    "identifiers": 1.0,
    "amounts_positive": 1.0,
}

# A check returns its findings and the share of its weight lost (0 = passed, 1 = failed).
Outcome = tuple[list[ValidationFinding], float]


def validate(extraction: Extraction, today: date | None = None) -> ValidationResult:
    """Score an extraction in [0, 1] and explain every check it failed."""
    today = today or date.today()
    checks: dict[str, Callable[[], Outcome]] = {
        "required_fields": lambda: _required(extraction),
        "arithmetic": lambda: _arithmetic(extraction),
        "line_items": lambda: _line_items(extraction),
        "tax_rate": lambda: _tax_rate(extraction),
        "dates": lambda: _dates(extraction, today),
        "identifiers": lambda: _identifiers(extraction),
        "amounts_positive": lambda: _positive(extraction),
    }
    findings: list[ValidationFinding] = []
    lost = 0.0
    for name, run in checks.items():
        found, share = run()
        findings.extend(found)
        lost += WEIGHTS[name] * share
    score = max(0.0, 1 - lost / sum(WEIGHTS.values()))
    return ValidationResult(round(score, 4), tuple(findings))


def _finding(check: str, severity: str, reason: str) -> ValidationFinding:
    return ValidationFinding(check, severity, reason)


def _required(e: Extraction) -> Outcome:
    missing = [name for name in REQUIRED if not getattr(e, name)]
    found = []
    if missing:
        found.append(_finding("required_fields", "error", f"missing: {', '.join(missing)}"))
    bad = 0.0
    if e.currency and not _CURRENCY_RE.match(e.currency):
        found.append(
            _finding("required_fields", "error", f"currency {e.currency!r} is not an ISO 4217 code")
        )
        bad = 1.0
    if e.doc_type not in DOC_TYPES:
        found.append(
            _finding("required_fields", "error", f"document type {e.doc_type!r} is not one of "
                     f"{', '.join(DOC_TYPES)}")
        )  # fmt: skip
        bad = 1.0
    share = min(1.0, len(missing) / len(REQUIRED) + bad / len(REQUIRED))
    return found, share


def _arithmetic(e: Extraction) -> Outcome:
    net, tax, total = e.net_amount, e.tax_amount, e.total_amount
    if net is None or tax is None or total is None:
        return [
            _finding("arithmetic", "warning", "net, tax and total are not all known: cannot check "
                     "that net + tax = total")
        ], 0.5  # fmt: skip
    gap = abs(net + tax - total)
    if gap > CENT:
        return [
            _finding("arithmetic", "error", f"net {net} + tax {tax} = {net + tax}, but the total "
                     f"says {total} (off by {gap})")
        ], 1.0  # fmt: skip
    return [], 0.0


def _line_items(e: Extraction) -> Outcome:
    """Lines add up to the net (or to the total when priced gross); qty x price = amount."""
    amounts = [item.amount for item in e.line_items]
    if not amounts or any(a is None for a in amounts) or e.net_amount is None:
        return [], 0.0
    found: list[ValidationFinding] = []
    share = 0.0
    total_lines = sum(a for a in amounts if a is not None)
    tolerance = CENT * len(amounts)
    near_net = abs(total_lines - e.net_amount) <= tolerance
    near_total = e.total_amount is not None and abs(total_lines - e.total_amount) <= tolerance
    if not (near_net or near_total):
        # A warning, not an error: document-level discounts and charges (which the contract
        # does not carry) legitimately separate the lines from the net.
        found.append(
            _finding("line_items", "warning", f"the {len(amounts)} line items add up to "
                     f"{total_lines}, but the net amount is {e.net_amount} "
                     f"(off by {abs(total_lines - e.net_amount)}): a discount or charge on the "
                     "whole invoice, or a misread line")
        )  # fmt: skip
        share = 1.0
    for no, item in enumerate(e.line_items, start=1):
        if item.quantity is None or item.unit_price is None or item.amount is None:
            continue
        expected = item.quantity * item.unit_price
        if abs(expected - item.amount) > CENT:
            found.append(
                _finding("line_items", "warning", f"line {no} ({item.description[:40]}): "
                         f"{item.quantity} x {item.unit_price} = {expected.normalize():f}, "
                         f"but the line says {item.amount}")
            )  # fmt: skip
            share = max(share, 0.5)
    return found, share


def _tax_rate(e: Extraction) -> Outcome:
    net, tax = e.net_amount, e.tax_amount
    country = seller_country(e)
    rates = plausible_rates(country) if country else ()
    if net is None or tax is None or not rates or net == 0:
        return [], 0.0
    expected = " or ".join(f"{r.normalize():f}%" for r in RATES.get(country, rates))
    if tax == 0:
        if has_reverse_charge_note(e):
            return [], 0.0
        return [
            _finding("tax_rate", "warning", f"no VAT charged by a seller in {country} and no "
                     f"reverse-charge or exemption note found (expected {expected})")
        ], 0.5  # fmt: skip
    line_rates = {item.tax_rate for item in e.line_items if item.tax_rate is not None}
    odd = sorted(r for r in line_rates if r != 0 and r not in rates)
    if odd:
        shown = ", ".join(f"{r.normalize():f}%" for r in odd)
        return [
            _finding("tax_rate", "error", f"line items carry VAT {shown}, not a rate used in "
                     f"{country} ({expected})")
        ], 1.0  # fmt: skip
    tolerance = CENT * max(1, len(e.line_items))
    if any(abs(tax - net * r / 100) <= tolerance for r in rates):
        return [], 0.0
    if len(line_rates) > 1:
        # Mixed rates: the effective rate lies between the lowest and highest line rate.
        low, high = min(line_rates), max(line_rates)
        if net * low / 100 - tolerance <= tax <= net * high / 100 + tolerance:
            return [], 0.0
    effective = (tax / net * 100).quantize(Decimal("0.01"))
    if min(rates) < effective < max(rates):
        # Without line rates a mix (say 19% and 7% lines) cannot be told from a misread.
        return [
            _finding("tax_rate", "warning", f"VAT {tax} is {effective}% of the net {net}: a mix "
                     f"of {country} rates ({expected})? No line items say which")
        ], 0.5  # fmt: skip
    return [
        _finding("tax_rate", "error", f"VAT {tax} is {effective}% of the net {net}; a seller in "
                 f"{country} charges {expected} (or 0% with a reverse-charge note)")
    ], 1.0  # fmt: skip


def _dates(e: Extraction, today: date) -> Outcome:
    issued, due = e.issue_date, e.due_date
    found = []
    if issued and issued > today:
        found.append(_finding("dates", "warning", f"issue date {issued} is in the future"))
    if issued and issued.year < today.year - IMPLAUSIBLY_OLD_YEARS:
        found.append(
            _finding("dates", "warning", f"issue date {issued} is more than "
                     f"{IMPLAUSIBLY_OLD_YEARS} years old: probably misread")
        )  # fmt: skip
    if issued and due and due < issued:
        found.append(_finding("dates", "warning", f"due date {due} is before issue date {issued}"))
    elif issued and due and due - issued > LONGEST_PAYMENT_TERM:
        found.append(
            _finding("dates", "warning", f"due date {due} is {(due - issued).days} days after "
                     f"the issue date {issued}: probably misread")
        )  # fmt: skip
    return found, 1.0 if found else 0.0


def _identifiers(e: Extraction) -> Outcome:
    found = []
    if e.issuer_vat_id and not vat_id_valid(e.issuer_vat_id):
        found.append(
            _finding("identifiers", "error", f"VAT id {e.issuer_vat_id} fails its checksum or "
                     "format: misread, or not a real VAT id")
        )  # fmt: skip
    if e.iban and not std_iban.is_valid(e.iban):
        found.append(
            _finding("identifiers", "error", f"IBAN {e.iban} fails its checksum: a misread digit, "
                     "or bank details to check before paying")
        )  # fmt: skip
    return found, min(1.0, 0.5 * len(found))


def vat_id_valid(value: str) -> bool:
    compact = re.sub(r"[\s.-]", "", value).upper()
    if compact.startswith("CHE"):
        return bool(ch_vat.is_valid(value))
    if compact.startswith("GB"):
        return bool(gb_vat.is_valid(compact))
    return bool(eu_vat.is_valid(compact))


def _positive(e: Extraction) -> Outcome:
    negative = [
        name for name in ("net_amount", "tax_amount", "total_amount")
        if (value := getattr(e, name)) is not None and value < 0
    ]  # fmt: skip
    if not negative:
        return [], 0.0
    return [
        _finding("amounts_positive", "warning", f"negative {', '.join(negative)}: a credit note "
                 "keeps positive amounts and says credit_note as its type")
    ], 1.0  # fmt: skip
