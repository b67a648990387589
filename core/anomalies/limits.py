"""Approval limits: invoices just below a limit, unexplained clusters just below round sums,
and purchases split into several invoices that each stay below the limit."""

from __future__ import annotations

import math
from decimal import Decimal

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier
from core.anomalies.text import money

BAND = Decimal("0.10")  # "just below" = within 10 % under the threshold
TIGHT = Decimal("0.02")  # within 2 % under a configured limit is suspicious even alone
CLUSTER_P = 0.005
SPLIT_DAYS = 3
SPLIT_MIN_PART = Decimal("0.15")  # a part smaller than 15 % of the limit is not a split part


def below_thresholds(
    cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig
) -> list[Detection]:
    """Just below a configured limit, or clustered just below a round sum nobody configured.

    A vendor's invoices cluster below a threshold T when the band [0.9 T, T) holds at least 2
    of them (3 for an unconfigured sum) and more than a smooth spread explains. The expected
    count is the largest of: the neighbouring bands of equal width, [0.8 T, 0.9 T) and
    [T, 1.1 T), and what a lognormal fitted to the vendor's amounts (median and MAD of
    ln amount) puts in the band; a Poisson tail probability under 0.005 calls it a cluster. Amounts the
    vendor bills three times or more are its prices, not a cluster. Alone, an
    invoice within 2 % under a configured limit is reported too (the classic control test).
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
        cluster = nb >= (2 if is_limit else 3) and poisson_tail(nb, smooth) < CLUSTER_P
        if not cluster and not (is_limit and amt >= t * (1 - TIGHT)):
            continue
        gap = (t - amt) / t * 100
        if is_limit:
            detector = "below_limit"
            head = f"{money(amt, ccy)} is {gap:.1f} % below the approval limit of {money(t, ccy)}"
        else:
            detector = "threshold_cluster"
            head = (f"{money(amt, ccy)} is {gap:.1f} % below the round sum {money(t, ccy)}, where no "
                    f"limit is configured")  # fmt: skip
        if cluster:
            reason = (f"{head}; {vendor} has {nb} invoices in the 10 % just below it but {na} just "
                      f"above and {nr} a little lower - a cluster, not a smooth spread.")  # fmt: skip
            score = min(0.9, 0.55 + 0.05 * nb)
        else:
            reason = f"{head}."
            score = 0.45
        evidence = {"threshold": str(t), "vendor": vendor, "in_band": nb, "above": na,
                    "below_band": nr, "related": list(ids), "configured": bool(is_limit)}  # fmt: skip
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


def poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean); a mean under 0.25 is taken as 0.25 (little evidence)."""
    lam = max(mean, 0.25)
    term = math.exp(-lam)
    below = 0.0
    for i in range(k):
        below += term
        term *= lam / (i + 1)
    return max(0.0, 1.0 - below)


def split_purchases(
    cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig
) -> list[Detection]:
    """Several invoices from one vendor within 3 days, each below the limit, together above it.

    Vendors that normally bill in bursts (many invoices a few days apart) are skipped: for
    them a burst is routine, not a split.
    """
    s = identifier(src)
    out: list[Detection] = []
    for limit in cfg.approval_limits:
        rows = cur.execute(
            f"""
            WITH p AS (
                SELECT id, vkey, vendor, amt, currency, invoice_date,
                       date_diff('day', lag(invoice_date) OVER w, invoice_date) AS gap
                FROM {s} WHERE amt > 0 AND is_base AND NOT recurring AND amt < ?
                WINDOW w AS (PARTITION BY vkey ORDER BY invoice_date, id)
            ),
            sess AS (
                SELECT *, sum(CASE WHEN gap IS NULL OR gap > ? THEN 1 ELSE 0 END)
                              OVER (PARTITION BY vkey ORDER BY invoice_date, id) AS sid
                FROM p
            ),
            g AS (
                SELECT vkey, sid, count(*) AS k, sum(amt) AS total, min(amt) AS smallest,
                       min(invoice_date) AS first, max(invoice_date) AS last,
                       list(id ORDER BY invoice_date, id) AS ids
                FROM sess GROUP BY vkey, sid
            ),
            dens AS (
                SELECT vkey, count(*) AS sessions, count(*) FILTER (WHERE k >= 2) AS bursts
                FROM g GROUP BY vkey
            )
            SELECT sess.id, sess.vendor, sess.currency, g.k, g.total, g.first, g.last, g.ids
            FROM sess JOIN g USING (vkey, sid) JOIN dens USING (vkey)
            WHERE g.k BETWEEN 2 AND 6 AND g.total >= ? AND g.smallest >= ?
              AND date_diff('day', g.first, g.last) <= ? + 1
              AND dens.bursts <= greatest(2, 0.1 * dens.sessions)
            """,
            [limit, SPLIT_DAYS, limit, limit * SPLIT_MIN_PART, SPLIT_DAYS],
        ).fetchall()
        for inv, vendor, ccy, k, total, first, last, ids in rows:
            out.append(
                Detection(
                    inv,
                    "split_purchase",
                    min(0.9, 0.6 + 0.1 * (k - 1)),
                    f"{k} invoices from {vendor} between {first} and {last}, each below the "
                    f"approval limit of {money(limit, ccy)}, together {money(total, ccy)}: "
                    f"one purchase split to stay under the limit?",
                    {"related": list(ids), "total": str(total), "limit": str(limit),
                     "vendor": vendor},
                )
            )  # fmt: skip
    return out
