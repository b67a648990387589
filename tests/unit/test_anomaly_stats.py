"""The gamma tail behind the new-vendor test, against its closed forms, and the array forms
the round-sum cluster test counts its tests with, against the exact scalar ones."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.anomalies.stats import erfc_array, gamma_upper, negbin_upper, negbin_upper_array


def test_gamma_upper_is_the_exponential_tail_at_shape_one() -> None:
    for x in (0.01, 1.0, 3.0, 40.0):
        assert gamma_upper(1.0, x) == pytest.approx(math.exp(-x), rel=1e-12)


@pytest.mark.parametrize(("k", "x"), [(2, 0.5), (4, 2.5), (7, 7.0), (25, 80.0)])
def test_gamma_upper_matches_the_poisson_sum_at_whole_shapes(k: int, x: float) -> None:
    # P(Gamma(k) > x) = P(Poisson(x) < k) for whole k, on both sides of the series switch
    by_hand = math.exp(-x) * sum(x**i / math.factorial(i) for i in range(k))
    assert gamma_upper(k, x) == pytest.approx(by_hand, rel=1e-10)


def test_gamma_upper_edges() -> None:
    assert gamma_upper(3.0, 0.0) == 1.0
    assert 0.0 < gamma_upper(25.0, 400.0) < 1e-100


def test_the_array_erfc_and_negative_binomial_tail_agree_with_the_exact_scalar_ones() -> None:
    xs = np.linspace(-6, 12, 721)
    exact = np.array([math.erfc(x) for x in xs])
    # relative error, tails included: the reach of a test far from a sum stays tiny, not zero
    assert np.max(np.abs(erfc_array(xs) / exact - 1)) < 1.2e-7
    rs = np.array([2.0, 2.5, 4.0, 9.0])[:, None]
    qs = np.array([0.05, 0.3, 0.7, 0.95, 0.999, 0.999999])[None, :]
    tails = negbin_upper_array(3, rs, qs)
    for (i, j), value in np.ndenumerate(tails):
        assert value == pytest.approx(negbin_upper(3, rs[i, 0], qs[0, j]), abs=1e-14)
