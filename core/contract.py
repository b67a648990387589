"""The extraction contract every extractor agent meets (DESIGN.md section 3)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from core.money import to_decimal

# The fields an extractor reports, in the order the CLI prints them.
FIELDS: tuple[str, ...] = (
    "issuer",
    "issuer_vat_id",
    "invoice_number",
    "issue_date",
    "due_date",
    "currency",
    "net_amount",
    "tax_amount",
    "total_amount",
    "iban",
    "line_items",
    "doc_type",
)
# Every field but the line items: what a person reviews and corrects one value at a time.
SCALAR_FIELDS: tuple[str, ...] = tuple(name for name in FIELDS if name != "line_items")
MONEY_FIELDS: tuple[str, ...] = ("net_amount", "tax_amount", "total_amount")
DATE_FIELDS: tuple[str, ...] = ("issue_date", "due_date")
DOC_TYPES: tuple[str, ...] = ("invoice", "credit_note")


@dataclass(frozen=True)
class LineItem:
    description: str
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    tax_rate: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "quantity": _num(self.quantity),
            "unit_price": _num(self.unit_price),
            "amount": _num(self.amount),
            "tax_rate": _num(self.tax_rate),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineItem:
        return cls(
            description=str(data.get("description") or ""),
            quantity=to_decimal(data.get("quantity")),
            unit_price=to_decimal(data.get("unit_price")),
            amount=to_decimal(data.get("amount")),
            tax_rate=to_decimal(data.get("tax_rate")),
        )


@dataclass(frozen=True)
class Extraction:
    """What an agent read from one document. Amounts are in the invoice currency.

    Credit notes keep positive amounts here; doc_type says which way the entry goes.
    confidence maps a field name to the agent's calibrated probability that it is right.
    """

    issuer: str | None = None
    issuer_vat_id: str | None = None
    invoice_number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    currency: str | None = None
    net_amount: Decimal | None = None
    tax_amount: Decimal | None = None
    total_amount: Decimal | None = None
    iban: str | None = None
    line_items: tuple[LineItem, ...] = ()
    doc_type: str = "invoice"
    confidence: dict[str, float] = field(default_factory=dict)
    agent: str = ""
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON: amounts as decimal strings, dates ISO, absent values null."""
        out: dict[str, Any] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if name == "line_items":
                out[name] = [item.to_json() for item in value]
            elif isinstance(value, Decimal):
                out[name] = _num(value)
            elif isinstance(value, date):
                out[name] = value.isoformat()
            else:
                out[name] = value
        out["confidence"] = {k: round(float(v), 4) for k, v in sorted(self.confidence.items())}
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any], agent: str = "") -> Extraction:
        def day(value: Any) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            issuer=data.get("issuer"),
            issuer_vat_id=data.get("issuer_vat_id"),
            invoice_number=data.get("invoice_number"),
            issue_date=day(data.get("issue_date")),
            due_date=day(data.get("due_date")),
            currency=data.get("currency"),
            net_amount=to_decimal(data.get("net_amount")),
            tax_amount=to_decimal(data.get("tax_amount")),
            total_amount=to_decimal(data.get("total_amount")),
            iban=data.get("iban"),
            line_items=tuple(LineItem.from_json(i) for i in data.get("line_items") or ()),
            doc_type=data.get("doc_type") or "invoice",
            confidence={k: float(v) for k, v in (data.get("confidence") or {}).items()},
            agent=data.get("agent", agent) or agent,
        )

    def with_changes(self, **changes: Any) -> Extraction:
        return replace(self, **changes)

    def present_fields(self) -> list[str]:
        return [f.name for f in fields(self) if f.name in FIELDS and getattr(self, f.name)]


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")
