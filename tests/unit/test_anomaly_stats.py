"""The gamma tail behind the new-vendor test, against its closed forms; the array forms the
round-sum cluster test counts its tests with, against the exact scalar ones; and the Student t
tail it reads a vendor's spread with, against its closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from core.anomalies.stats import (
    gamma_upper,
    negbin_upper,
    negbin_upper_array,
    student_upper_array,
)


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


def test_the_array_negative_binomial_tail_agrees_with_the_exact_scalar_one() -> None:
    rs = np.array([2.0, 2.5, 4.0, 9.0])[:, None]
    qs = np.array([0.05, 0.3, 0.7, 0.95, 0.999, 0.999999])[None, :]
    tails = negbin_upper_array(3, rs, qs)
    for (i, j), value in np.ndenumerate(tails):
        assert value == pytest.approx(negbin_upper(3, rs[i, 0], qs[0, j]), abs=1e-14)


def test_the_student_tail_matches_its_closed_forms_far_out_and_the_normal_in_the_limit() -> None:
    # near 0 as well, where 1 - x computed from x would lose every digit of t^2 / nu
    ts = np.array([-30.0, -3.0, -0.5, -1e-9, 0.0, 1e-9, 0.5, 1.0, 3.0, 10.0, 300.0, 1e6])
    # one degree of freedom is Cauchy's: atan(1 / t) / pi above 0, written so tails stay exact
    cauchy = np.array([math.atan2(1.0, t) / math.pi for t in ts])
    assert np.allclose(student_upper_array(ts, np.ones_like(ts)), cauchy, rtol=1e-12, atol=0)
    # two: 1 / (r (r + t)) with r = sqrt(2 + t^2), exact in the far tail where 1/2 - ... is not
    r = np.sqrt(2 + ts**2)
    two = np.where(ts >= 0, 1 / (r * (r + np.abs(ts))), 1 - 1 / (r * (r + np.abs(ts))))
    assert two[5] < 0.5 - 3e-10  # what a t of 1e-9 takes off a half, for the check to see
    assert np.allclose(student_upper_array(ts, np.full_like(ts, 2.0)), two, rtol=1e-12, atol=0)
    # a million degrees of freedom: the normal, but for the t's own excess in the tail, of
    # order (1 + z^2)^2 / (4 nu) (about 1e-3 at z = 8)
    zs = np.linspace(-4, 8, 49)
    normal = np.array([0.5 * math.erfc(z / math.sqrt(2)) for z in zs])
    got = student_upper_array(zs, np.full_like(zs, 1e6))
    assert np.all(np.abs(got / normal - 1) < (1 + zs**2) ** 2 / 2e6)
    assert got[-1] > normal[-1]
    # no tests, no work (an empty band's candidates)
    assert student_upper_array(np.array([]), np.array([])).shape == (0,)
    # any real degrees of freedom, and symmetric: P(T > -t) = 1 - P(T > t)
    nus = np.array([0.37, 2.6, 17.3, 250.0])
    assert np.allclose(student_upper_array(-2.5, nus), 1 - student_upper_array(2.5, nus))
    assert np.all(np.diff(student_upper_array(2.5, nus)) < 0)  # thinner tails as nu grows
