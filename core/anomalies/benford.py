"""Benford's law tests (Nigrini, Benford's Law, 2012): expected frequencies, chi-square, MAD.

first-digit test: digits 1..9, expected P(d) = log10(1 + 1/d).
first-two-digits test: 10..99, expected P(dd) = log10(1 + 1/dd).
MAD = mean over the k digits of |observed proportion - expected proportion|.
chi-square = sum (O - E)^2 / E with E = n * P, k - 1 degrees of freedom.

MAD grows as samples shrink: a sample drawn from Benford's law itself has an expected MAD of
mean over digits of E|X/n - P| with X ~ Binomial(n, P): about 1 / sqrt(18.1 n) for the first
digit and 1 / sqrt(158.8 n) for the first two, so Nigrini's bands, set for large n, call
every small sample nonconforming.
excess MAD = MAD - that expectation (Nigrini's "excess MAD") is comparable across sample sizes.
Where an expected count falls under 5 the chi-square distribution is a poor guide to the
statistic's tail, and p_value() draws the exact multinomial distribution instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from core.anomalies.stats import gamma_upper

# Nigrini's MAD conformity bands: (upper bound, verdict), checked in order.
BANDS: dict[str, tuple[tuple[float, str], ...]] = {
    "first": (
        (0.006, "close conformity"),
        (0.012, "acceptable conformity"),
        (0.015, "marginally acceptable conformity"),
    ),
    "first_two": (
        (0.0012, "close conformity"),
        (0.0018, "acceptable conformity"),
        (0.0022, "marginally acceptable conformity"),
    ),
}
NONCONFORMITY = "nonconformity"
# Below an expected count of 5 in some cell the chi-square approximation is not trusted.
MIN_EXPECTED_COUNT = 5.0
MONTE_CARLO_DRAWS = 10_000
DIGITS = {"first": range(1, 10), "first_two": range(10, 100)}


def expected(test: str) -> dict[int, float]:
    return {d: math.log10(1 + 1 / d) for d in DIGITS[test]}


@dataclass(frozen=True)
class BenfordResult:
    test: str  # first | first_two
    n: int
    observed: dict[int, int]  # counts per digit(s)
    expected: dict[int, float]  # proportions
    chi_square: float
    dof: int
    p_value: float
    mad: float
    verdict: str

    @property
    def conforms(self) -> bool:
        return self.verdict != NONCONFORMITY

    @property
    def excess_mad(self) -> float:
        """MAD beyond what sampling alone gives a Benford sample of this size."""
        return self.mad - expected_mad(self.test, self.n)

    @property
    def exact_p(self) -> bool:
        """True when p_value() is a Monte Carlo multinomial p rather than chi-square's."""
        return self.n * min(self.expected.values()) < MIN_EXPECTED_COUNT

    def p_value_small_n(self) -> float:
        """The chi-square p where every expected count is 5 or more; otherwise the share of
        samples drawn from Benford's law (multinomial, fixed seed) with a chi-square at least
        this large."""
        if not self.exact_p:
            return self.p_value
        return monte_carlo_p(self.test, self.n, self.chi_square)

    def z_stat(self, digit: int) -> float:
        """Nigrini's z for one digit, with the continuity correction 1/(2n)."""
        p = self.expected[digit]
        ap = self.observed.get(digit, 0) / self.n
        num = abs(ap - p) - 1 / (2 * self.n)
        return max(0.0, num) / math.sqrt(p * (1 - p) / self.n)

    def rows(self) -> list[dict[str, float | int]]:
        """One row per digit: observed and expected proportions, for a chart."""
        return [
            {
                "digits": d,
                "observed": self.observed.get(d, 0) / self.n if self.n else 0.0,
                "expected": p,
                "count": self.observed.get(d, 0),
            }
            for d, p in self.expected.items()
        ]


def test(counts: Mapping[int, int], kind: str = "first") -> BenfordResult:
    """Run the first-digit ('first') or first-two-digits ('first_two') test on digit counts."""
    exp = expected(kind)
    observed = {d: int(counts.get(d, 0)) for d in exp}
    n = sum(observed.values())
    if n == 0:
        raise ValueError("Benford test needs at least one amount")
    chi = sum((observed[d] - n * p) ** 2 / (n * p) for d, p in exp.items())
    mad = sum(abs(observed[d] / n - p) for d, p in exp.items()) / len(exp)
    dof = len(exp) - 1
    return BenfordResult(
        kind, n, observed, exp, chi, dof, chi2_sf(chi, dof), mad, verdict(kind, mad)
    )


def expected_mad(kind: str, n: int) -> float:
    """E[MAD] for n amounts that follow Benford's law exactly: the mean over the digits of
    E|X/n - P| for X ~ Binomial(n, P), by de Moivre's closed form
    E|X - nP| = 2 v C(n, v) P^v (1 - P)^(n - v + 1) with v = floor(nP) + 1."""
    if n <= 0:
        raise ValueError("expected MAD needs a positive sample size")
    exp = expected(kind)
    total = 0.0
    for p in exp.values():
        v = math.floor(n * p) + 1  # at most n, since every P < 1
        log_term = (
            math.log(2 * v)
            + math.lgamma(n + 1)
            - math.lgamma(v + 1)
            - math.lgamma(n - v + 1)
            + v * math.log(p)
            + (n - v + 1) * math.log1p(-p)
        )
        total += math.exp(log_term) / n
    return total / len(exp)


@lru_cache(maxsize=256)
def _null_chi_squares(kind: str, n: int) -> np.ndarray:
    exp = expected(kind)
    probs = np.array(list(exp.values()))
    probs = probs / probs.sum()  # the two-digit proportions sum to 1 only up to rounding
    draws = np.random.default_rng(n).multinomial(n, probs, size=MONTE_CARLO_DRAWS)
    return np.sort(((draws - n * probs) ** 2 / (n * probs)).sum(axis=1))


def monte_carlo_p(kind: str, n: int, chi_square: float) -> float:
    """P(chi-square >= chi_square) for n amounts drawn from Benford's law, by simulation."""
    null = _null_chi_squares(kind, n)
    at_least = len(null) - int(np.searchsorted(null, chi_square - 1e-12, side="left"))
    return (1 + at_least) / (1 + len(null))


def verdict(kind: str, mad: float) -> str:
    for bound, name in BANDS[kind]:
        if mad <= bound:
            return name
    return NONCONFORMITY


def first_digits(value: float | str, width: int = 1) -> int | None:
    """The leading `width` significant digits of a number ('0.0345' -> 3 or 34); None if too few."""
    digits = "".join(c for c in str(value).split("e")[0] if c.isdigit()).lstrip("0")
    if len(digits) < width:
        return None
    return int(digits[:width])


def chi2_sf(x: float, dof: int) -> float:
    """P(X > x) for X ~ chi-square(dof): the regularised upper incomplete gamma Q(dof/2, x/2)."""
    if x <= 0:
        return 1.0
    return gamma_upper(dof / 2, x / 2)
