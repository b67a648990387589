"""From an extraction to a balanced journal entry (DESIGN.md section 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.contract import Extraction
from core.ledger.accounts import VAT_INPUT, payable_account
from core.money import q2

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Posting:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    memo: str = ""


@dataclass(frozen=True)
class JournalEntry:
    entry_date: date
    description: str
    currency: str
    postings: tuple[Posting, ...]

    @property
    def balanced(self) -> bool:
        return sum(p.debit for p in self.postings) == sum(p.credit for p in self.postings)


class UnbalancedEntry(ValueError):
    """Raised rather than ever storing an entry whose debits and credits differ."""


def build_entry(extraction: Extraction, expense_account: str) -> JournalEntry:
    """Debit expense (net) and input VAT (tax), credit the vendor's payable (gross).

    A credit note is the same entry with sides swapped. The gross is net + tax, so the entry
    balances by construction; a total that disagrees is a validation finding, not a plug.
    """
    net_amount = extraction.net_amount
    net = q2(net_amount if net_amount is not None else _net_fallback(extraction))
    tax = q2(extraction.tax_amount or ZERO)
    gross = net + tax
    vendor = extraction.issuer or "Unknown vendor"
    number = extraction.invoice_number or "?"
    lines = [
        Posting(expense_account, debit=net, memo=f"{vendor} {number} net"),
        Posting(VAT_INPUT, debit=tax, memo="input VAT"),
        Posting(payable_account(vendor), credit=gross, memo=f"{vendor} {number}"),
    ]
    if extraction.doc_type == "credit_note":
        lines = [Posting(p.account, p.credit, p.debit, p.memo) for p in lines]
    postings = tuple(p for p in lines if p.debit or p.credit)
    kind = "Credit note" if extraction.doc_type == "credit_note" else "Invoice"
    entry = JournalEntry(
        entry_date=extraction.issue_date or date.today(),
        description=f"{kind} {number} from {vendor}",
        currency=extraction.currency or "EUR",
        postings=postings,
    )
    if not entry.balanced:
        raise UnbalancedEntry(entry.description)
    return entry


def _net_fallback(extraction: Extraction) -> Decimal:
    if extraction.total_amount is not None:
        return extraction.total_amount - (extraction.tax_amount or ZERO)
    return ZERO
