"""Benford's law tests (Nigrini, Benford's Law, 2012): expected frequencies, chi-square, MAD.

first-digit test: digits 1..9, expected P(d) = log10(1 + 1/d).
first-two-digits test: 10..99, expected P(dd) = log10(1 + 1/dd).
MAD = mean over the k digits of |observed proportion - expected proportion|.
chi-square = sum (O - E)^2 / E with E = n * P, k - 1 degrees of freedom.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

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
    return _gamma_q(dof / 2, x / 2)


def _gamma_q(a: float, x: float) -> float:
    # Series for P when x < a + 1, Lentz's continued fraction for Q otherwise (Numerical Recipes).
    log_pre = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        ap = a
        for _ in range(10_000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1 - total * math.exp(log_pre))
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return math.exp(log_pre) * h
