"""Small statistics the detectors share: Poisson tails and false-discovery-rate control."""

from __future__ import annotations

import math


def poisson_upper(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean), summed from k upwards so tiny tails stay exact."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    term = math.exp(-mean + k * math.log(mean) - math.lgamma(k + 1))
    total, i = 0.0, k
    while term > total * 1e-17 and i < k + 1000:
        total += term
        i += 1
        term *= mean / i
    return min(1.0, total)


def benjamini_hochberg(pvalues: list[float], tests: int, fdr: float) -> list[bool]:
    """Which p-values the Benjamini-Hochberg step-up keeps at this false-discovery rate.

    tests counts every hypothesis examined, including those that never became candidates
    (their p-value is 1 and they are not listed), so a scan of many vendors pays for them.
    """
    tests = max(tests, len(pvalues), 1)
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    cut = 0
    for rank, i in enumerate(order, start=1):
        if pvalues[i] <= fdr * rank / tests:
            cut = rank
    keep = [False] * len(pvalues)
    for i in order[:cut]:
        keep[i] = True
    return keep
