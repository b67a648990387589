"""The gamma tail behind the new-vendor test, against its closed forms."""

from __future__ import annotations

import math

import pytest

from core.anomalies.stats import gamma_upper


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
