"""Amounts: unusual for the vendor (robust z on the log scale), round sums, repeated sums."""

from __future__ import annotations

import math

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier
from core.anomalies.text import money

# Iglewicz and Hoaglin suggest 3.5 for one sample; a ledger tests every invoice, and at
# 100,000 invoices 3.5 leaves about 50 alarms of pure chance where 4.0 leaves about 6.
Z_LIMIT = 4.0
# A floor on the log-scale MAD: a vendor whose amounts barely vary (a fixed fee) would
# otherwise make a 5 % price change look extreme.
MAD_FLOOR = 0.1
REPEAT_SPAN_DAYS = 120


def vendor_outliers(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Amounts far from the vendor's usual for that account: |0.6745 (ln x - median) / MAD| > 4.

    Invoice amounts are skewed (many small, few large), so the test runs on ln(amount), where
    a vendor's amounts are roughly symmetric; median and MAD ignore the outliers themselves.
    An amount the vendor billed three times or more is one of its prices, not an outlier.
    """
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH p AS (
            SELECT id, vkey, vendor, coalesce(account, '') AS acct, coalesce(currency, '') AS ccy,
                   currency, amt, ln(amt) AS l, n_same
            FROM {s} WHERE amt > 0
        ),
        g AS (
            SELECT vkey, acct, ccy, count(*) AS n, median(l) AS ml, median(amt) AS med
            FROM p GROUP BY ALL HAVING count(*) >= ?
        ),
        d AS (SELECT p.*, g.n, g.ml, g.med FROM p JOIN g USING (vkey, acct, ccy)),
        m AS (SELECT vkey, acct, ccy, median(abs(l - ml)) AS mad FROM d GROUP BY ALL)
        SELECT d.id, d.vendor, d.acct, d.currency, d.amt, d.med, d.n, m.mad,
               0.6745 * (d.l - d.ml) / greatest(m.mad, ?) AS z
        FROM d JOIN m USING (vkey, acct, ccy)
        WHERE abs(0.6745 * (d.l - d.ml) / greatest(m.mad, ?)) > ? AND d.n_same < 3
        """,
        [cfg.min_history, MAD_FLOOR, MAD_FLOOR, Z_LIMIT],
    ).fetchall()
    out = []
    for inv, vendor, acct, ccy, amt, med, n, mad, z in rows:
        ratio = float(amt) / float(med)
        size = f"{ratio:.1f} times" if ratio >= 1 else f"1/{1 / ratio:.1f} of"
        where = f" on {acct}" if acct else ""
        out.append(
            Detection(
                inv,
                "amount_outlier",
                min(0.99, 0.55 + (abs(z) - Z_LIMIT) / 20),
                f"{money(amt, ccy)} is {size} the median of {vendor}'s {n} invoices{where} "
                f"({money(med, ccy)}); robust z-score {z:+.1f} on the log scale, "
                f"where {Z_LIMIT} is the limit.",
                {
                    "median": str(med),
                    "mad_log": round(float(mad), 6),
                    "history": n,
                    "z": round(float(z), 3),
                    "account": acct or None,
                    "vendor": vendor,
                    "typical_range": [
                        str(round(float(med) * math.exp(-2 * max(mad, MAD_FLOOR)), 2)),
                        str(round(float(med) * math.exp(2 * max(mad, MAD_FLOOR)), 2)),
                    ],
                },
            )
        )
    return out


def round_amounts(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Totals in whole hundreds (>= 500) from a vendor whose totals are otherwise not round.

    Gross totals include tax, so a round one is rare unless the vendor bills round fees
    (a retainer, a rent); those vendors, and regular subscriptions, are left alone.
    """
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH v AS (
            SELECT vkey, count(*) AS n,
                   count(*) FILTER (WHERE amt >= 500 AND amt % 100 = 0) AS n_round
            FROM {s} WHERE amt > 0 GROUP BY vkey
        )
        SELECT id, vendor, amt, currency, v.n, v.n_round
        FROM {s} JOIN v USING (vkey)
        WHERE amt >= 500 AND amt % 100 = 0 AND NOT recurring
          AND (v.n < 5 OR (v.n_round - 1) / (v.n - 1) < 0.2)
        """
    ).fetchall()
    out = []
    for inv, vendor, amt, ccy, n, n_round in rows:
        thousand = amt % 1000 == 0
        others = n_round - 1
        out.append(
            Detection(
                inv,
                "round_amount",
                0.55 if thousand else 0.45,
                f"The total {money(amt, ccy)} is a round sum (a multiple of "
                f"{'1,000' if thousand else '100'}); only {others} of {vendor}'s other "
                f"{n - 1} invoices are round, and tax usually makes a total uneven.",
                {"vendor": vendor, "round_share": round(others / max(n - 1, 1), 4)},
            )
        )
    return out


def repeated_amounts(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """The same amount three or more times within 120 days from a vendor whose amounts otherwise
    vary, not on a regular schedule (a subscription repeats monthly and is innocent). Spread
    over years, a few equal amounts from a busy vendor are coincidence."""
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH v AS (
            SELECT vkey, count(*) AS n,
                   count(*) FILTER (WHERE n_same >= 2 AND NOT recurring) AS n_rep
            FROM {s} WHERE amt > 0 GROUP BY vkey
        ),
        grp AS (
            SELECT vkey, amt, list(id ORDER BY invoice_date, id) AS ids,
                   min(invoice_date) AS first, max(invoice_date) AS last
            FROM {s} WHERE amt >= 100 AND n_same >= 3 AND NOT recurring GROUP BY vkey, amt
            HAVING date_diff('day', min(invoice_date), max(invoice_date)) <= ?
        )
        SELECT s.id, s.vendor, s.amt, s.currency, grp.ids, grp.first, grp.last, v.n, v.n_rep
        FROM {s} s JOIN grp USING (vkey, amt) JOIN v USING (vkey)
        WHERE (v.n_rep - len(grp.ids)) <= 0.2 * (v.n - len(grp.ids))
        """,
        [REPEAT_SPAN_DAYS],
    ).fetchall()
    return [
        Detection(
            inv,
            "repeated_amount",
            min(0.85, 0.4 + 0.1 * len(ids)),
            f"{vendor} billed exactly {money(amt, ccy)} {len(ids)} times between {first} and "
            f"{last}, at irregular intervals, while its other amounts vary.",
            {"related": list(ids), "vendor": vendor},
        )
        for inv, vendor, amt, ccy, ids, first, last, n, _n_rep in rows
    ]
