"""Approval limits: invoices just below a limit, and unexplained clusters just below round sums
(split purchases are in core.anomalies.splits)."""

from __future__ import annotations

import math
from decimal import Decimal

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier
from core.anomalies.text import money

BAND = Decimal("0.10")  # "just below" = within 10 % under the threshold
TIGHT = Decimal("0.01")  # within 1 % under a configured limit is suspicious even alone
CLUSTER_P = 0.005
MIN_EXCESS = 3.0


def below_thresholds(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Just below a configured limit, or clustered just below a round sum nobody configured.

    A vendor's invoices cluster below a threshold T when the band [0.9 T, T) holds at least 2
    of them (3 for an unconfigured sum) and more than a smooth spread explains. The expected
    count is the largest of: the neighbouring bands of equal width, [0.8 T, 0.9 T) and
    [T, 1.1 T), and what a lognormal fitted to the vendor's amounts (median and MAD of
    ln amount) puts in the band; a Poisson tail probability under 0.005 calls it a cluster.
    Amounts the vendor bills three times or more are its prices, not a cluster. Alone, an
    invoice within 1 % under a configured limit is reported too (the classic control test).
    """
    s = identifier(src)
    thresholds = [*cfg.approval_limits, *cfg.unconfigured_thresholds]
    configured = [True] * len(cfg.approval_limits) + [False] * len(cfg.unconfigured_thresholds)
    rows = cur.execute(
        f"""
        WITH t AS (
            SELECT unnest(?::DECIMAL(18, 2)[]) AS t, unnest(?::BOOLEAN[]) AS configured
        ),
        p AS (SELECT id, vkey, vendor, amt, currency FROM {s}
              WHERE amt > 0 AND is_base AND NOT recurring AND n_same < 3),
        b AS (
            SELECT p.*, t.t, t.configured,
                   CASE WHEN p.amt >= t.t * (1 - ?) AND p.amt < t.t THEN 'below'
                        WHEN p.amt >= t.t THEN 'above' ELSE 'ref' END AS band
            FROM p JOIN t ON p.amt >= t.t * (1 - 2 * ?) AND p.amt < t.t * (1 + ?)
        ),
        fit AS (
            SELECT vkey, count(*) AS n, median(ln(amt)) AS ml FROM p GROUP BY vkey
        ),
        spread AS (
            SELECT vkey, any_value(fit.n) AS n, any_value(fit.ml) AS ml,
                   1.4826 * median(abs(ln(p.amt) - fit.ml)) AS sl
            FROM p JOIN fit USING (vkey) GROUP BY vkey
        ),
        v AS (
            SELECT vkey, t, count(*) FILTER (WHERE band = 'below') AS nb,
                   count(*) FILTER (WHERE band = 'above') AS na,
                   count(*) FILTER (WHERE band = 'ref') AS nr,
                   list(id ORDER BY amt) FILTER (WHERE band = 'below') AS ids
            FROM b GROUP BY ALL
        )
        SELECT b.id, b.vendor, b.amt, b.currency, b.t, b.configured, v.nb, v.na, v.nr, v.ids,
               spread.n, spread.ml, spread.sl
        FROM b JOIN v USING (vkey, t) JOIN spread USING (vkey)
        WHERE b.band = 'below' AND (v.nb >= 2 OR (b.configured AND b.amt >= b.t * (1 - ?)))
        """,
        [thresholds, configured, BAND, BAND, BAND, TIGHT],
    ).fetchall()
    out: dict[tuple[int, str], Detection] = {}
    for inv, vendor, amt, ccy, t, is_limit, nb, na, nr, ids, n, ml, sl in rows:
        smooth = max(na, nr, n * _band_share(float(t), ml, sl))
        # significant and large: a busy vendor with a few more invoices than usual near a
        # round sum is not a cluster; at least MIN_EXCESS times what a smooth spread explains
        cluster = (
            nb >= (2 if is_limit else 3)
            and poisson_tail(nb, smooth) < CLUSTER_P
            and nb >= MIN_EXCESS * smooth
        )
        if not cluster and not (is_limit and amt >= t * (1 - TIGHT)):
            continue
        gap = (t - amt) / t * 100
        if is_limit:
            detector = "below_limit"
            head = f"{money(amt, ccy)} is {gap:.1f} % below the approval limit of {money(t, ccy)}"
        else:
            detector = "threshold_cluster"
            head = (
                f"{money(amt, ccy)} is {gap:.1f} % below the round sum {money(t, ccy)}, where no "
                f"limit is configured"
            )
        if cluster:
            reason = (
                f"{head}; {vendor} has {nb} invoices in the 10 % just below it but {na} just "
                f"above and {nr} a little lower - a cluster, not a smooth spread."
            )
            score = min(0.9, 0.55 + 0.05 * nb)
        else:
            reason = f"{head}."
            score = 0.45
        evidence = {
            "threshold": str(t),
            "vendor": vendor,
            "in_band": nb,
            "above": na,
            "below_band": nr,
            "related": list(ids),
            "configured": bool(is_limit),
        }
        key = (inv, detector)
        if key not in out or out[key].score < score:
            out[key] = Detection(inv, detector, score, reason, evidence)
    return list(out.values())


def _band_share(t: float, ml: float, sl: float) -> float:
    """Share of a lognormal(ml, sl) vendor's amounts expected in [(1 - BAND) t, t)."""
    if sl <= 0:
        return 0.0
    lo, hi = (math.log(f * t) - ml for f in (1 - float(BAND), 1.0))
    return 0.5 * (math.erf(hi / sl / math.sqrt(2)) - math.erf(lo / sl / math.sqrt(2)))


def poisson_tail(k: int, mean: float, floor: float = 0.25) -> float:
    """P(X >= k) for X ~ Poisson(mean); a mean under floor is taken as floor (little evidence)."""
    lam = max(mean, floor, 1e-12)
    term = math.exp(-lam)
    below = 0.0
    for i in range(k):
        below += term
        term *= lam / (i + 1)
    return max(0.0, 1.0 - below)
