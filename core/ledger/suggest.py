"""Which expense account a vendor's invoice goes to, and how sure we are."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.ledger.accounts import DEFAULT_EXPENSE

# A person's correction says more than one more posting that nobody questioned.
CORRECTION_WEIGHT = 3.0
MAPPING_CONFIDENCE = 0.99
HISTORY_CAP = 0.97
KEYWORD_CONFIDENCE = 0.5
DEFAULT_CONFIDENCE = 0.2


@dataclass(frozen=True)
class AccountSuggestion:
    account: str
    confidence: float
    source: str  # mapping, history, keywords, default
    reason: str


def suggest(
    mapped: str | None,
    posted: Mapping[str, int],
    corrected: Mapping[str, int],
    keyword_account: str | None,
) -> AccountSuggestion:
    """A person's vendor mapping first, then history (corrections weigh more), keywords, default.

    The history confidence is Laplace's rule over the weighted votes: one posting gives
    2/3, three agreeing postings 4/5, and a split history says so.
    """
    if mapped:
        return AccountSuggestion(mapped, MAPPING_CONFIDENCE, "mapping", "set for this vendor")
    votes: dict[str, float] = {}
    for account, n in posted.items():
        votes[account] = votes.get(account, 0.0) + n
    for account, n in corrected.items():
        votes[account] = votes.get(account, 0.0) + CORRECTION_WEIGHT * n
    if votes:
        account, top = max(votes.items(), key=lambda item: (item[1], item[0]))
        total = sum(votes.values())
        confidence = min(HISTORY_CAP, (top + 1) / (total + 2))
        reason = (
            f"{sum(posted.values())} posted invoice(s) and {sum(corrected.values())} "
            f"correction(s) for this vendor; {account} holds {top:g} of {total:g} votes"
        )
        return AccountSuggestion(account, round(confidence, 4), "history", reason)
    if keyword_account:
        return AccountSuggestion(
            keyword_account, KEYWORD_CONFIDENCE, "keywords", "a word in the vendor's name"
        )
    return AccountSuggestion(DEFAULT_EXPENSE, DEFAULT_CONFIDENCE, "default", "nothing known yet")
