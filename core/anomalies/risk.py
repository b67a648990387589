"""Detector weights that learn from the analysts, and the per-invoice risk they combine into.

Each detector's precision p (the share of its findings an analyst confirms) has a Beta
posterior: Beta(alpha0 + confirmed, beta0 + dismissed). Its weight is the posterior mean
alpha / (alpha + beta). An invoice's risk combines its findings like independent pieces of
evidence (noisy-OR): risk = 1 - prod(1 - weight_d * score_d).

A detector is often right in general and wrong about one vendor (a fee its round amounts are,
a vendor that dates on Saturdays). So each vendor's findings of a detector take the
detector's weight without that vendor's decisions as a prior worth VENDOR_PRIOR decisions,
updated by the vendor's own: a hierarchical Beta, where a few dismissals at one vendor rank
its next such findings lower, while other vendors' move only as the detector's weight does.
"""

from __future__ import annotations

from collections.abc import Iterable

# Prior (alpha0, beta0) per detector: the precision we expect before any decision, worth
# the evidence of ten decisions, so the first few analyst decisions move it visibly.
PRIORS: dict[str, tuple[float, float]] = {
    "duplicate": (8.0, 2.0),
    "amount_outlier": (6.0, 4.0),
    "benford": (4.0, 6.0),
    "below_limit": (5.0, 5.0),
    "threshold_cluster": (5.0, 5.0),
    "split_purchase": (5.0, 5.0),
    "round_amount": (3.0, 7.0),
    "repeated_amount": (4.0, 6.0),
    "weekend_date": (3.0, 7.0),
    "holiday_date": (3.0, 7.0),
    "backdated": (5.0, 5.0),
    "future_date": (6.0, 4.0),
    "new_vendor": (3.0, 7.0),
    "iban_change": (7.0, 3.0),
    "numbering": (4.0, 6.0),
    "rare_account": (4.0, 6.0),
    "sod_breach": (8.0, 2.0),
}
DEFAULT_PRIOR = (5.0, 5.0)
VENDOR_PRIOR = 4.0


def prior(detector: str) -> tuple[float, float]:
    return PRIORS.get(detector, DEFAULT_PRIOR)


def weight(alpha: float, beta: float) -> float:
    return alpha / (alpha + beta)


def vendor_weight(alpha: float, beta: float, confirmed: int, dismissed: int) -> float:
    """A vendor's weight for a detector with posterior (alpha, beta), given the vendor's own
    confirmed and dismissed findings of it (already counted in alpha and beta)."""
    # the detector at every other vendor (kept positive, should the stored posterior and the
    # findings table ever disagree)
    rest = weight(max(alpha - confirmed, 1e-6), max(beta - dismissed, 1e-6))
    return (VENDOR_PRIOR * rest + confirmed) / (VENDOR_PRIOR + confirmed + dismissed)


def posterior_sd(alpha: float, beta: float) -> float:
    n = alpha + beta
    return (alpha * beta / (n * n * (n + 1))) ** 0.5


def combine(weighted_scores: Iterable[tuple[float, float]]) -> float:
    """Noisy-OR of (weight, score) pairs: the chance at least one finding is a true problem."""
    miss = 1.0
    for w, s in weighted_scores:
        miss *= 1.0 - max(0.0, min(1.0, w * s))
    return 1.0 - miss
