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


@pytest.mark.parametrize("kind,n", [("first", 7), ("first", 60), ("first_two", 40)])
def test_expected_mad_is_the_binomial_mean_absolute_deviation(kind: str, n: int) -> None:
    # E|X/n - P| summed over the whole binomial distribution, term by term, exactly
    total = Fraction(0)
    exp = benford.expected(kind)
    for p in exp.values():
        pf = Fraction(p)
        total += sum(
            math.comb(n, x) * pf**x * (1 - pf) ** (n - x) * abs(Fraction(x, n) - pf)
            for x in range(n + 1)
        )
    assert abs(benford.expected_mad(kind, n) - float(total / len(exp))) < 1e-9


def test_expected_mad_matches_nigrinis_large_sample_rule() -> None:
    # Nigrini's expected MAD for the first-two-digits test: 1 / sqrt(158.8 n)
    for n in (2_000, 20_000):
        assert benford.expected_mad("first_two", n) == pytest.approx(
            1 / math.sqrt(158.8 * n), rel=0.01
        )


def test_small_benford_samples_fail_the_mad_band_but_not_excess_mad_and_exact_p() -> None:
    # 300 samples of 60 amounts drawn from Benford's law itself: the large-sample MAD band
    # calls nearly all of them nonconforming; excess MAD with the exact p-value almost none
    exp = benford.expected("first")
    rng = random.Random(12)
    band_fails = flagged = 0
    for _ in range(300):
        picks = rng.choices(list(exp), weights=list(exp.values()), k=60)
        result = benford.test({d: picks.count(d) for d in exp})
        band_fails += result.verdict == "nonconformity"
        flagged += result.excess_mad > 0.012 and result.p_value_small_n() < 0.001
    assert band_fails > 0.9 * 300
    assert flagged <= 3


def test_exact_p_value_agrees_with_chi_square_where_counts_are_large_and_finds_uniform_digits() -> (
    None
):
    big = {d: round(400 * p) + (3 if d == 9 else 0) for d, p in benford.expected("first").items()}
    result = benford.test(big)
    assert not result.exact_p
    assert benford.monte_carlo_p("first", result.n, result.chi_square) == pytest.approx(
        result.p_value, abs=0.01
    )
    # 90 amounts with every first digit equally often: the exact test rejects at n = 90
    uniform = benford.test(dict.fromkeys(range(1, 10), 10))
    assert uniform.exact_p
    assert uniform.p_value_small_n() < 0.001
    assert uniform.excess_mad > 0.012
