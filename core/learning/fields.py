"""Ground truth per field: canonical values, so a read and a confirmation compare exactly.

A person reviews the header fields of the contract (line items are reviewed in the invoice
screen, not scored here). Values are compared in one canonical text form: compact upper-case
identifiers, ISO dates, amounts to the cent as magnitudes, issuer names without case or
punctuation.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from core.contract import DATE_FIELDS, MONEY_FIELDS, SCALAR_FIELDS, Extraction
from core.money import q2, to_decimal

# A review checks every field but the line items: the contract's scalar fields.
REVIEW_FIELDS: tuple[str, ...] = SCALAR_FIELDS
Truth = dict[str, str | None]


def canonical(name: str, value: Any) -> str | None:
    """One field's value in the form two readings are compared in; None when absent."""
    if value is None or value == "":
        return None
    if name in MONEY_FIELDS:
        amount = to_decimal(value)
        return None if amount is None else format(q2(abs(amount)), "f")
    if name in DATE_FIELDS:
        return value.isoformat() if isinstance(value, date) else str(value)[:10]
    if name in ("issuer_vat_id", "iban"):
        return re.sub(r"[^0-9A-Za-z]", "", str(value)).upper() or None
    if name == "issuer":
        return " ".join(re.sub(r"[^\w&]+", " ", str(value).casefold()).split()) or None
    if name == "currency":
        return str(value).strip().upper()
    return str(value).strip()


def truth_of(extraction: Extraction) -> Truth:
    return {name: canonical(name, getattr(extraction, name)) for name in REVIEW_FIELDS}


def overlay(base: Truth, corrections: dict[str, Any]) -> Truth:
    """The reviewed truth: the stored reading with a person's corrections on top."""
    unknown = sorted(set(corrections) - set(REVIEW_FIELDS))
    if unknown:
        raise ValueError(
            f"cannot correct {', '.join(unknown)}: reviewable fields are {', '.join(REVIEW_FIELDS)}"
        )
    out = dict(base)
    for name, value in corrections.items():
        out[name] = canonical(name, value)
    return out


def wrong_fields(reading: Truth, truth: Truth) -> list[str]:
    return [name for name in REVIEW_FIELDS if reading.get(name) != truth.get(name)]


def field_accuracy(reading: Truth, truth: Truth) -> float:
    """Share of reviewed fields read right."""
    return 1 - len(wrong_fields(reading, truth)) / len(REVIEW_FIELDS)


def review_outcome(reading: Truth, truth: Truth) -> float:
    """The outcome a review feeds the market: the share of the checked fields read right.

    q is the chance that a field the agent reads needs no correction, so V * q falls by the
    same step for every field a person has to fix: the market then minimises corrections,
    the quantity the Learning page plots. A review is worth one observation per field
    checked, so one review already tells an agent that misreads one field in eleven apart
    from one that reads them all.
    """
    return field_accuracy(reading, truth)


def truth_from_generator(record: dict[str, Any]) -> Truth:
    """The demo generator's ground truth json (also ../shared/corpora) as a Truth."""
    credit = str(record.get("doc_type")) in {"381", "261", "262", "296", "308", "396"}
    values: dict[str, Any] = {
        "issuer": record.get("issuer"),
        "issuer_vat_id": record.get("issuer_vat_id"),
        "invoice_number": record.get("invoice_number"),
        "issue_date": record.get("date"),
        "due_date": record.get("date_due"),
        "currency": record.get("currency"),
        "net_amount": _money(record.get("amount_untaxed")),
        "tax_amount": _money(record.get("amount_tax")),
        "total_amount": _money(record.get("amount")),
        "iban": record.get("iban"),
        "doc_type": "credit_note" if credit else "invoice",
    }
    return {name: canonical(name, value) for name, value in values.items()}


def _money(value: Any) -> Decimal | None:
    return None if value is None else to_decimal(str(value))


def typed(name: str, value: str | None) -> Any:
    """A canonical value back in the contract's type (Decimal, date, str)."""
    if value is None:
        return None
    if name in MONEY_FIELDS:
        return Decimal(value)
    if name in DATE_FIELDS:
        return date.fromisoformat(value)
    return value
