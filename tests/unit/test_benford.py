"""Benford statistics against the textbook formulas, computed independently here."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from core.anomalies import benford


def _counts(seed: int, n: int, kind: str) -> dict[int, int]:
    rng = random.Random(seed)
    digits = range(1, 10) if kind == "first" else range(10, 100)
    weights = [rng.random() + 0.2 for _ in digits]
    picks = rng.choices(list(digits), weights=weights, k=n)
    return {d: picks.count(d) for d in digits}


@pytest.mark.parametrize("kind,k", [("first", 9), ("first_two", 90)])
def test_chi_square_and_mad_match_the_textbook(kind: str, k: int) -> None:
    counts = _counts(3, 2500, kind)
    n = sum(counts.values())
    lo = 1 if kind == "first" else 10
    expected = {d: math.log10(1 + 1 / d) for d in range(lo, lo + k)}
    # chi-square = sum (O - nP)^2 / (nP); MAD = sum |O/n - P| / k (Nigrini 2012, ch. 5)
    chi = sum((counts[d] - n * p) ** 2 / (n * p) for d, p in expected.items())
    mad = sum(abs(Fraction(counts[d], n) - Fraction(p)) for d, p in expected.items()) / k
    result = benford.test(counts, kind)
    assert result.n == n
    assert result.dof == k - 1
    assert abs(result.chi_square - chi) < 1e-9
    assert abs(result.mad - float(mad)) < 1e-9


def test_chi_square_p_value_matches_the_closed_form_for_even_dof() -> None:
    # For 8 degrees of freedom: P(X > x) = exp(-x/2) * sum_{i<4} (x/2)^i / i!
    for x in (0.5, 3.0, 7.9, 15.5, 40.0):
        closed = math.exp(-x / 2) * sum((x / 2) ** i / math.factorial(i) for i in range(4))
        assert abs(benford.chi2_sf(x, 8) - closed) < 1e-12


def test_expected_frequencies_sum_to_one_and_follow_log10() -> None:
    for kind in ("first", "first_two"):
        exp = benford.expected(kind)
        assert abs(sum(exp.values()) - 1) < 1e-12
    assert abs(benford.expected("first")[1] - math.log10(2)) < 1e-15
    assert abs(benford.expected("first_two")[47] - math.log10(48 / 47)) < 1e-15


@pytest.mark.parametrize(
    "kind,mad,verdict",
    [
        ("first", 0.005, "close conformity"),
        ("first", 0.010, "acceptable conformity"),
        ("first", 0.014, "marginally acceptable conformity"),
        ("first", 0.0151, "nonconformity"),
        ("first_two", 0.0011, "close conformity"),
        ("first_two", 0.0017, "acceptable conformity"),
        ("first_two", 0.0021, "marginally acceptable conformity"),
        ("first_two", 0.0023, "nonconformity"),
    ],
)
def test_nigrini_conformity_bands(kind: str, mad: float, verdict: str) -> None:
    assert benford.verdict(kind, mad) == verdict


def test_exact_benford_counts_conform_and_uniform_digits_do_not() -> None:
    exact = {d: round(100_000 * p) for d, p in benford.expected("first").items()}
    assert benford.test(exact).verdict == "close conformity"
    uniform = dict.fromkeys(range(1, 10), 1000)
    result = benford.test(uniform)
    assert result.verdict == "nonconformity"
    assert result.p_value < 1e-100
    assert result.z_stat(1) > 10


def test_first_digits_of_numbers() -> None:
    assert benford.first_digits("0.0345") == 3
    assert benford.first_digits("0.0345", 2) == 34
    assert benford.first_digits(1200.5, 2) == 12
    assert benford.first_digits("7", 2) is None
