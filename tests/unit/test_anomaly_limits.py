"""The statistics behind the threshold-cluster test in core.anomalies.limits."""

from __future__ import annotations

import math

import pytest

from core.anomalies.stats import discrete_bh, negbin_upper, poisson_upper


def test_negbin_tail_matches_its_poisson_limit_and_stays_exact_when_tiny() -> None:
    # a gamma(r) rate with r huge is a fixed rate: the tail is Poisson's
    r, mean = 1e7, 0.3
    assert negbin_upper(3, r, r / (r + mean)) == pytest.approx(poisson_upper(3, mean), rel=1e-4)
    # summed upwards, a tiny tail is not rounded to zero
    assert 0 < negbin_upper(12, 2.0, 0.999) < 1e-30
    assert negbin_upper(0, 2.0, 0.5) == 1.0
    # geometric (r = 1): P(X >= k) = (1 - q)^k
    assert negbin_upper(4, 1.0, 0.4) == pytest.approx(0.6**4)
    assert math.isclose(negbin_upper(1, 1.0, 0.4), 0.6)


def test_discrete_bh_discounts_tests_that_cannot_reach_the_level() -> None:
    pvalues = [1e-4, 0.02]
    # 10,000 tests that could all produce any p-value: plain BH keeps nothing
    assert discrete_bh(pvalues, [1.0] * 10_000, 0.1) == [False, False]
    # the same tests, nearly all unable to become candidates: the strong one is kept
    assert discrete_bh(pvalues, [1.0] * 10 + [1e-9] * 9_990, 0.1) == [True, False]
