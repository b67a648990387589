"""A vendor's invoice numbering: numbers out of sequence, and gaps where the numbers run on.

Numbers are split into a prefix and a trailing integer (INV-2024-0042 -> 'INV-2024-', 42),
and compared per vendor and prefix in date order. A vendor's numbers to us usually jump
(it bills other customers too), so "out of sequence" is measured in the vendor's own typical
step: a number more than 10 typical steps behind both the 3 numbers before and the 3 after
(or ahead of both); a number between them, however far, is a jump, not disorder.
Gaps are reported only for vendors whose numbers to us run on by 1 at least 80 % of the time.
Numbers with a suffix (INV-42-R, a rebill; INV-42-A) are not part of the running series, and a
number seen before with the same amount (a duplicate) is left to the duplicate detector; an
old number on a new amount is a reused number, and out of sequence.
"""

from __future__ import annotations

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier

MIN_SERIES = 8
FAR_STEPS = 10


def numbering(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    s = identifier(src)
    rows = cur.execute(
        rf"""
        WITH p AS (
            SELECT id, vkey, vendor, nprefix, num, invoice_number, invoice_date,
                   num - lag(num) OVER w AS step,
                   median(num) OVER (w ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS med_before,
                   median(num) OVER (w ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) AS med_after,
                   lag(invoice_number) OVER w AS prev_number
            FROM (SELECT * FROM {s} WHERE amt > 0 AND num IS NOT NULL
                  AND regexp_matches(invoice_number, '\d$')
                  QUALIFY row_number() OVER (PARTITION BY vkey, nkey, amt
                                             ORDER BY invoice_date, id) = 1)
            WINDOW w AS (PARTITION BY vkey, nprefix ORDER BY invoice_date, num, id)
        ),
        g AS (
            SELECT vkey, nprefix, count(*) AS n,
                   median(abs(step)) FILTER (WHERE step <> 0) AS typical,
                   avg(CASE WHEN step = 1 THEN 1.0 ELSE 0.0 END)
                       FILTER (WHERE step <> 0) AS run_share
            FROM p GROUP BY ALL HAVING count(*) >= ?
        ),
        f AS (
            SELECT p.*, g.typical, g.run_share,
                   greatest(? * g.typical, 3) AS far,
                   -- behind both its neighbours or ahead of both: a big forward jump between
                   -- them is the vendor billing others, not disorder
                   -- (the first and last numbers have one neighbour and cannot be judged)
                   coalesce((p.num < p.med_before - greatest(? * g.typical, 3)
                             AND p.num < p.med_after - greatest(? * g.typical, 3))
                            OR (p.num > p.med_before + greatest(? * g.typical, 3)
                             AND p.num > p.med_after + greatest(? * g.typical, 3)), false)
                       AS outlier
            FROM p JOIN g USING (vkey, nprefix)
        )
        SELECT id, vendor, invoice_number, invoice_date, num, med_before, med_after, typical,
               step, prev_number, outlier, run_share
        FROM f WHERE outlier
        UNION ALL
        -- gaps in the series without its out-of-sequence numbers, which sit elsewhere
        SELECT id, vendor, invoice_number, invoice_date, num, med_before, med_after, typical,
               num - lag(num) OVER s AS step, lag(invoice_number) OVER s AS prev_number,
               outlier, run_share
        FROM f WHERE NOT outlier AND run_share >= 0.8
        WINDOW s AS (PARTITION BY vkey, nprefix ORDER BY invoice_date, num, id)
        QUALIFY num - lag(num) OVER s > 1
        """,
        [MIN_SERIES, FAR_STEPS, FAR_STEPS, FAR_STEPS, FAR_STEPS, FAR_STEPS],
    ).fetchall()
    out = []
    for inv, vendor, number, d, _num, before, _after, typical, step, prev, outlier, _r in rows:
        if outlier:
            around = before
            out.append(
                Detection(
                    inv,
                    "numbering",
                    0.65,
                    f"Number {number} ({d}) is out of sequence for {vendor}: the invoices dated "
                    f"around it are numbered near {around:,.0f}, and this vendor's numbers usually "
                    f"advance by {typical:,.0f}.",
                    {
                        "vendor": vendor,
                        "expected_near": float(around),
                        "typical_step": float(typical),
                        "kind": "out_of_sequence",
                    },
                )
            )
        else:
            missing = int(step) - 1
            out.append(
                Detection(
                    inv,
                    "numbering",
                    0.5,
                    f"{vendor}'s numbers run on by 1, but {missing} number(s) are missing between "
                    f"{prev} and {number} ({d}).",
                    {"vendor": vendor, "missing": missing, "previous_number": prev, "kind": "gap"},
                )
            )
    return out
