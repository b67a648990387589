"""Small statistics the detectors share: Poisson and negative-binomial tails, and
false-discovery-rate control."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np


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
    return _step_up(pvalues, lambda x, rank: x <= fdr * rank / tests)


def _step_up(pvalues: list[float], passes: Callable[[float, int], bool]) -> list[bool]:
    """The step-up: keep the k smallest p-values for the largest k whose k-th passes at
    rank k (its expected chance findings within the false-discovery rate)."""
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    cut = 0
    for rank, i in enumerate(order, start=1):
        if passes(pvalues[i], rank):
            cut = rank
    keep = [False] * len(pvalues)
    for i in order[:cut]:
        keep[i] = True
    return keep


def binomial_upper(k: int, n: int, q: float) -> float:
    """P(X >= k) for X ~ Binomial(n, q), summed from k upwards so tiny tails stay exact."""
    if k <= 0:
        return 1.0
    if k > n or q <= 0.0:
        return 0.0
    if q >= 1.0:
        return 1.0
    return min(1.0, sum(binomial_pmf(i, n, q) for i in range(k, n + 1)))


def binomial_pmf(k: int, n: int, q: float) -> float:
    """P(X = k) for X ~ Binomial(n, q), 0 < q < 1."""
    return math.exp(
        math.lgamma(n + 1)
        - math.lgamma(k + 1)
        - math.lgamma(n - k + 1)
        + k * math.log(q)
        + (n - k) * math.log1p(-q)
    )


def burst_p(positions: Sequence[int], n: int, least: int) -> tuple[float, int, int]:
    """How unlikely the tightest run of some of k marked items among n in a row is, when the
    k marks fall anywhere: for each count c >= least, the shortest stretch of the row holding
    c marks, a share w of it, has the scan statistic's chance about (c / w - k - 1) b(c) +
    2 P(X >= c) for X ~ Binomial(k, w) and b its probability of c (Wallenstein and Neff's
    approximation, on the safe side where it is small); the least of these, times the counts
    tried. Returns (chance, first and last position of that stretch)."""
    k = len(positions)
    best, span = 1.0, (positions[0], positions[-1]) if positions else (0, 0)
    for c in range(least, k + 1):
        stretch = [positions[i + c - 1] - positions[i] + 1 for i in range(k - c + 1)]
        i = min(range(len(stretch)), key=stretch.__getitem__)
        w = min(1.0, stretch[i] / n)
        exactly = binomial_pmf(c, k, w) if w < 1.0 else float(c == k)
        p = min(1.0, max(0.0, (c / w - k - 1) * exactly + 2 * binomial_upper(c, k, w)))
        if p < best:
            best, span = p, (positions[i], positions[i + c - 1])
    return min(1.0, best * max(k - least + 1, 1)), *span


def negbin_upper(k: int, r: float, q: float) -> float:
    """P(X >= k) for X negative binomial: pmf(i) = C(i + r - 1, i) q^r (1 - q)^i.

    The Poisson mixed over a gamma(r) rate; summed from k upwards beyond the mean so tiny
    tails stay exact (a complement there would round to zero and tie every strong cluster).
    """
    if k <= 0:
        return 1.0
    if q >= 1.0:
        return 0.0

    def log_pmf(i: int) -> float:
        return (
            math.lgamma(i + r)
            - math.lgamma(r)
            - math.lgamma(i + 1)
            + r * math.log(q)
            + i * math.log1p(-q)
        )

    mean = r * (1 - q) / q
    if k <= mean + 1:
        below = sum(math.exp(log_pmf(i)) for i in range(k))
        return min(1.0, max(0.0, 1.0 - below))
    term = math.exp(log_pmf(k))
    total, i = 0.0, k
    while term > total * 1e-17 and i < k + 10_000:
        total += term
        term *= (i + r) / (i + 1) * (1 - q)
        i += 1
    return min(1.0, total)


def negbin_upper_array(k: int, r: np.ndarray, q: np.ndarray) -> np.ndarray:
    """negbin_upper for arrays, as 1 minus the first k terms: exact to about 1e-16 absolute,
    not relative, so for counting tests, not for the p-values reported."""
    r, q = np.broadcast_arrays(np.asarray(r, dtype=float), np.asarray(q, dtype=float))
    term = q**r
    below = term.copy()
    for i in range(1, k):
        term = term * (i - 1 + r) / i * (1 - q)
        below = below + term
    return np.clip(1.0 - below, 0.0, 1.0)


def student_upper_array(
    t: np.ndarray, nu: np.ndarray, log_beta: np.ndarray | None = None
) -> np.ndarray:
    """P(T > t) for T ~ Student's t with nu > 0 degrees of freedom (any real), for arrays:
    half the regularised incomplete beta I_x(nu / 2, 1 / 2) at x = nu / (nu + t^2), or one
    less that above the centre. Relative error under 1e-12 up to a thousand degrees of freedom
    and under 1e-8 up to ten million, far tails included (measured against scipy's). log_beta,
    student_log_beta(nu), may be given by a caller reading several tails on the same nu."""
    t, nu = np.broadcast_arrays(np.asarray(t, dtype=float), np.asarray(nu, dtype=float))
    # x and 1 - x each from its own ratio: 1.0 - x loses all precision where t^2 << nu
    x = nu / (nu + t * t)
    with np.errstate(invalid="ignore"):  # t = inf: inf / inf, not taken
        y = np.where(x < 0.5, 1.0 - x, t * t / (nu + t * t))
    if log_beta is None:
        log_beta = student_log_beta(nu)
    half = 0.5 * _beta_regularised(nu / 2, np.full_like(nu, 0.5), x, y, log_beta)
    return np.where(t >= 0, half, 1.0 - half)


def student_log_beta(nu: np.ndarray) -> np.ndarray:
    """ln B(nu / 2, 1 / 2) for an array of degrees of freedom, once per distinct value (a grid
    of tests shares a few)."""
    distinct, back = np.unique(np.asarray(nu, dtype=float), return_inverse=True)
    return np.array([_log_beta_half(v / 2) for v in distinct])[back].reshape(np.shape(nu))


def _log_beta_half(a: float) -> float:
    """ln B(a, 1/2); for large a by the asymptotic series of ln Gamma(a) - ln Gamma(a + 1/2),
    since the difference of two lgammas of order a ln a loses about a ln a units in the last
    place."""
    if a < 50:
        return math.lgamma(a) + math.lgamma(0.5) - math.lgamma(a + 0.5)
    return math.lgamma(0.5) - 0.5 * math.log(a) + 1 / (8 * a) - 1 / (192 * a**3) + 1 / (640 * a**5)


def _beta_regularised(
    a: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray, log_beta: np.ndarray
) -> np.ndarray:
    """I_x(a, b) for arrays, given y = 1 - x (worked out without cancellation) and ln B(a, b):
    the continued fraction where it converges fast (x below (a + 1) / (a + b + 2)), the
    symmetry I_x(a, b) = 1 - I_y(b, a) elsewhere (Numerical Recipes, betai)."""
    direct = x < (a + 1) / (a + b + 2)
    a2, b2 = np.where(direct, a, b), np.where(direct, b, a)
    x2, y2 = np.where(direct, x, y), np.where(direct, y, x)
    with np.errstate(divide="ignore"):
        log_front = a2 * np.log(x2) + b2 * np.log(y2) - log_beta
    part = np.exp(log_front) * _beta_fraction(a2, b2, x2) / a2
    return np.clip(np.where(direct, part, 1.0 - part), 0.0, 1.0)


def _beta_fraction(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The incomplete beta's continued fraction by the modified Lentz method, each element
    iterated until its own factor settles within 1e-15, its value taken there. Far tails settle
    in a few steps, the elements near the switch of _beta_regularised in a few dozen: once half
    of those in hand have settled, they are set aside and the rest carry on alone."""
    tiny = 1e-300

    def settle(v: np.ndarray) -> np.ndarray:
        return np.where(np.abs(v) < tiny, tiny, v)

    shape = np.broadcast_shapes(np.shape(a), np.shape(b), np.shape(x))
    a, b, x = (v.ravel() for v in np.broadcast_arrays(a, b, x))
    out = np.empty_like(x)
    if not x.size:
        return out.reshape(shape)
    todo = np.arange(x.size)
    done = np.zeros(x.size, dtype=bool)
    c = np.ones_like(x)
    d = 1.0 / settle(1.0 - (a + b) * x / (a + 1))
    h = d.copy()
    for m in range(1, 10_000):
        m2 = 2 * m
        even = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
        d = 1.0 / settle(1.0 + even * d)
        c = settle(1.0 + even / c)
        h = h * d * c
        odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
        d = 1.0 / settle(1.0 + odd * d)
        c = settle(1.0 + odd / c)
        step = d * c
        h = h * step
        # an element's value is its h where its factor first settles (NaN counts as settled);
        # the arrays are compacted once half of those in hand are done
        now = ~(np.abs(step - 1.0) >= 1e-15) & ~done
        if now.any():
            out[todo[now]] = h[now]
            done |= now
            if 2 * np.count_nonzero(done) >= done.size:
                going = ~done
                todo, a, b, x, c, d, h, done = (v[going] for v in (todo, a, b, x, c, d, h, done))
                if not todo.size:
                    break
    out[todo[~done]] = h[~done]
    return out.reshape(shape)


def discrete_bh(
    pvalues: list[float],
    reach: Sequence[float],
    fdr: float,
    weights: Sequence[float] | None = None,
    reach_weights: Sequence[float] | None = None,
) -> list[bool]:
    """Benjamini-Hochberg step-up for discrete tests (Heyse 2011), optionally weighted.

    reach[i] bounds test i's chance under its null of a p-value at or below any level (its
    chance of becoming a candidate); the plain procedure's m x is replaced by the sum over
    all tests of min(x, reach[i]). pvalues are the candidates' (a subset of the tests).

    Weighted (Genovese, Roeder and Wasserman 2006): test i is read at level w_i x, where
    prior knowledge makes it likelier to be a real finding. A candidate then ranks by p / w,
    and the chance findings at level x become the sum of min(w_i x, reach[i]), so a test
    weighted up costs what it can add in chance findings. weights are the candidates',
    reach_weights every test's (both 1 when omitted); every weight must be above 0.
    """
    r = np.asarray(reach, dtype=float)
    rw = np.ones_like(r) if reach_weights is None else np.asarray(reach_weights, dtype=float)
    # min(w x, r) = w min(x, r / w): the tests sorted by the level r / w where they saturate
    order = np.argsort(r / rw, kind="stable")
    caps = (r / rw)[order]
    reached = np.concatenate(([0.0], np.cumsum(r[order])))
    unreached = np.concatenate((np.cumsum(rw[order][::-1])[::-1], [0.0]))

    def passes(x: float, rank: int) -> bool:
        j = int(np.searchsorted(caps, x, side="right"))
        return float(reached[j]) + x * float(unreached[j]) <= fdr * rank

    if weights is None:
        return _step_up(pvalues, passes)
    return _step_up([p / w for p, w in zip(pvalues, weights, strict=True)], passes)


def gamma_upper(a: float, x: float) -> float:
    """Q(a, x) = P(X > x) for X ~ Gamma(shape a, scale 1): the regularised upper incomplete
    gamma function, by its series below a + 1 and its continued fraction above (the classic
    pairing that keeps both sides accurate)."""
    if x <= 0:
        return 1.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        shape = a
        for _ in range(10_000):
            shape += 1
            term *= x / shape
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(log_front))
    tiny = 1e-300
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-16:
            break
    return min(1.0, math.exp(log_front) * h)
