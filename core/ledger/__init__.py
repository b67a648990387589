"""Double-entry bookkeeping of invoices."""

from core.ledger.fx import RateTable, base_amounts
from core.ledger.journal import JournalEntry, Posting, UnbalancedEntry, build_entry
from core.ledger.periods import period_of
from core.ledger.suggest import AccountSuggestion, suggest

__all__ = [
    "AccountSuggestion",
    "JournalEntry",
    "Posting",
    "RateTable",
    "UnbalancedEntry",
    "base_amounts",
    "build_entry",
    "period_of",
    "suggest",
]
