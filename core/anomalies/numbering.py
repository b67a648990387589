"""A vendor's invoice numbering: numbers out of sequence, and gaps where the numbers run on.

Numbers are split into a prefix and a trailing integer (INV-2024-0042 -> 'INV-2024-', 42),
and compared per vendor and prefix in date order. A vendor's numbers to us usually jump
(it bills other customers too), so "out of sequence" is measured in the vendor's own typical
step: a number more than 10 typical steps behind both the 3 numbers before and the 3 after
(or ahead of both); a number between them, however far, is a jump, not disorder. Numbers grow
with time, so a number dated months after (or before) both numbers either side of it is from
another time too, however few steps away: an invented invoice under an old number at a vendor
we are billed by rarely (STALE_DAYS).
Where the numbers run on by 1 at least 80 % of the time, and at least half the time from one
day to the next (a vendor billing all our sites in one batch a month runs on only within it),
every number should follow the one dated before it, so two more things are reported there:
- disorder: a number that does not fit between its neighbours in date order while they fit
  with each other (both rows of a swapped pair, or a number dated a little too early or late);
- gaps: numbers missing from the series, reported on the first number after them. A number
  that exists but is dated elsewhere (backdated, swapped) is out of place, not missing, so
  the numbers are compared in number order, wherever each is dated. A gap the vendor's
  numbering makes as a habit (HABIT_GAPS other steps of its run-on series and HABIT_SHARE of
  them skipping numbers, which make one as large about once) is the vendor billing other
  customers between our invoices, and no finding.
Where the numbers jump, a gap is a jump far beyond the series' own pace: more than JUMP_STEPS
times both its typical step per invoice and the numbers it uses per day over the days between
the two invoices (a vendor we did not buy from for a year has used a year's numbers).
Numbers with a suffix (INV-42-R, a rebill; INV-42-A) are not part of the running series, and a
number seen before with the same amount (a duplicate) is left to the duplicate detector; an
old number on a new amount is a reused number, and out of sequence.
A series whose numbers are mostly (RUN_ON_SHARE) the period they bill, near the invoice date
(RENT-202301 for January's rent, 2023-01-03; a year-month within DATED_MONTHS of it, or a date
within DATED_DAYS, written yyyymm, yymm, yyyymmdd or yymmdd, a date maybe followed by that
day's own counter), is no counter: December's 202212 and January's 202301 are one month apart, not
88 numbers missing. A counter with its invoice's year in front (MH20230134, HF2332467) or behind
it (FV/0042/2023: the source's year_behind) is one series per year (YEAR_SHARE), or per month
with the month too (FV 124/11/2022).
A number in letters a vendor uses on no other invoice, where nearly all its others carry one
set (INV-88 from a vendor numbering PG207221, PG207305...), or in its letters with the year
where its own never carry it (FV-2023-0183 beside FV/0183/2023), is on another template
(_foreign).
A number that names its year (INV/23-24/0012, 0376/22-23, PF-2223-00202, FV/0042/2023) but is
dated outside it, at a vendor whose numbers keep to their years, is from another year's
series: last year's continued months after the April restart (_labelled). Each vendor's year
starts in the month its own numbers show (April in India, July in Australia, January).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import UNIQUE_SHARE, YEAR_SHARE, financial_year_sql, identifier

MIN_SERIES = 8
FAR_STEPS = 10
RUN_ON_SHARE = 0.8
DAY_RUN_ON_SHARE = 0.5  # ... and at least this share of its steps from one day to the next
# ... where a gap is reported unless HABIT_GAPS other steps of the vendor's run-on series skip
# numbers, and they make one as large about once: a sawmill whose numbers to us skip one or two
# a sixth of the time bills others too
HABIT_GAPS = 3
HABIT_SHARE = 0.05  # ... and this share of its steps
EDGE_DAYS = 31  # ... counted away from the ledger's first and last month
# A series that jumps is gapped where it skips this many times more numbers than its pace
# explains: its typical step per invoice, or its numbers per day over the days between.
JUMP_STEPS = 20
# a number that reads as a year-month this close to its invoice date, or as a date this close,
# names the period billed (in advance or in arrears)
DATED_MONTHS = 2
DATED_DAYS = 62
COUNTER_DIGITS = 4  # a period code may carry a counter of the invoices of that period
# A counter that restarts each year with the year in front (MH20230134, HF2332467 for 2023) is
# a series per year: where YEAR_SHARE of a series' numbers start with their invoice's year, the
# year joins the prefix and the digits after it are the number (the source reads one with the
# year behind it, FV/0042/2023, likewise).
# Numbers grow with time: an invoice dated more than STALE_DAYS, and STALE_SPANS times the days
# between them, after (or before) both numbers either side of its own carries a number from
# another time (an invented invoice under an old number). Judged in series whose numbers are
# unique (UNIQUE_SHARE): a counter that restarts each year under one prefix repeats them.
STALE_DAYS = 90
STALE_SPANS = 3
STALE_IN_ORDER = 0.9  # of the series' numbers dated no later than the next number
ANOTHER_TIME = ("stale", "early")  # dated after, or before, both numbers either side
# A vendor with this many other invoices, this share of them under one set of letters (or one
# shape), numbers its invoices on one template: a number in letters it never uses again is on
# another, and so is one in a shape it writes this many times at most, its own going on after
FOREIGN_HISTORY = 30
FOREIGN_SHARE = 0.95
FOREIGN_COPIES = 2
# A vendor whose numbers name their year, LABEL_SHARE of LABEL_HISTORY or more (INV/23-24/0012,
# 0376/22-23, GST/2022-23/4217, PF-2223-00202, FV/0042/2023), dates them within that year, all
# but LABEL_STRAYS of them or LABEL_STRAY_SHARE: a calendar year, or a financial one from the
# month its own numbers show (April in India, July in Australia). A number dated more than
# LABEL_GRACE_DAYS outside its year belongs to another year's series (last year's continued
# after the restart).
LABEL_HISTORY = 30
LABEL_SHARE = 0.95
LABEL_STRAYS = 3
LABEL_STRAY_SHARE = 0.01
LABEL_GRACE_DAYS = 31


def _period_sql(year: str, month: str, day: str | None) -> str:
    """SQL: num read as a period (year, month and maybe day parts of it) near invoice_date, in
    arithmetic alone (a day as year * 372 + month * 31 + day: a few days off at a month's end,
    well within the margins), which a million numbers cost next to nothing."""
    if day is None:
        return (
            f"({month}) BETWEEN 1 AND 12 AND abs(({year}) * 12 + ({month})"
            f" - (year(invoice_date) * 12 + month(invoice_date))) <= {DATED_MONTHS}"
        )
    return (
        f"({month}) BETWEEN 1 AND 12 AND ({day}) BETWEEN 1 AND 31 AND abs(({year}) * 372"
        f" + ({month}) * 31 + ({day}) - (year(invoice_date) * 372 + month(invoice_date) * 31"
        f" + day(invoice_date))) <= {DATED_DAYS}"
    )


def _dated_sql(col: str) -> str:
    """SQL: col reads as yyyymm, yymm, yyyymmdd or yymmdd near the invoice date, or as such a
    date followed by that day's counter of up to COUNTER_DIGITS digits (LG221230004: the 4th
    invoice of 30 December 2022). A year-month and a counter is left out: MH20231040, the
    1,040th invoice of 2023, would read as October and its 40th. // is integer division."""
    forms: list[tuple[str, str, str | None]] = [
        (f"{col} // 100", f"{col} % 100", None),
        (f"2000 + {col} // 100", f"{col} % 100", None),
    ]
    for k in range(COUNTER_DIGITS + 1):
        n = f"({col} // {10**k})"
        forms += [
            (f"{n} // 10000", f"{n} // 100 % 100", f"{n} % 100"),
            (f"2000 + {n} // 10000", f"{n} // 100 % 100", f"{n} % 100"),
        ]
    return "(" + " OR ".join(f"coalesce({_period_sql(*f)}, false)" for f in forms) + ")"


def _median3_sql(step: str) -> str:
    """SQL: the median of num's three neighbours before (step 'lag') or after ('lead') in window
    w, as median() over that frame gives it (a DOUBLE; the mean of two at a series' edge, the
    one alone next to it), without median's sliding-window cost (a third of the numbering
    test's time at a million invoices)."""
    a, b, c = (f"{step}(num, {k}) OVER w" for k in (1, 2, 3))
    middle = f"greatest(least({a}, {b}), least(greatest({a}, {b}), {c}))"
    return (
        f"CASE WHEN {c} IS NOT NULL THEN CAST({middle} AS DOUBLE)"
        f" WHEN {b} IS NOT NULL THEN (CAST({a} AS DOUBLE) + CAST({b} AS DOUBLE)) / 2"
        f" WHEN {a} IS NOT NULL THEN CAST({a} AS DOUBLE) END"
    )


# the numbers the series are read from: a counter at the very end ('INV-0042', not 'INV-0042A')
_COUNTED = r"num IS NOT NULL AND regexp_matches(invoice_number, '\d$')"


def _query(src: str) -> str:
    s = identifier(src)
    return rf"""
        WITH y AS (
            -- a counter with its year behind it (FV/0042/2023) comes read as one by the source
            SELECT *, num AS full_num, regexp_extract(invoice_number, '(\d{{1,18}})$', 1) AS digits,
                   CAST(year(invoice_date) AS VARCHAR) AS yyyy
            FROM {s}
            WHERE {_COUNTED}
        ),
        yr AS (
            -- a counter of three digits or more after the year: 2340..2472 over 2023 and
            -- 2024 is a plain counter whose hundreds happen to pass 24 at the new year
            SELECT *, NOT year_behind AND length(digits) >= 7 AND digits[1:4] = yyyy AS y4,
                   NOT year_behind AND length(digits) >= 5 AND digits[1:2] = yyyy[3:4] AS y2
            FROM y
        ),
        ys AS (
            SELECT *, avg(CASE WHEN y4 THEN 1.0 ELSE 0.0 END) OVER v >= ? AS by4,
                   avg(CASE WHEN y2 THEN 1.0 ELSE 0.0 END) OVER v >= ? AS by2
            FROM yr WINDOW v AS (PARTITION BY vid, nprefix)
        ),
        yn AS (
            SELECT * REPLACE (
                       CASE WHEN by4 AND y4 THEN nprefix || digits[1:4]
                            WHEN by2 AND y2 THEN nprefix || digits[1:2]
                            ELSE nprefix END AS nprefix,
                       CASE WHEN by4 AND y4 THEN CAST(digits[5:] AS BIGINT)
                            WHEN by2 AND y2 THEN CAST(digits[3:] AS BIGINT)
                            ELSE num END AS num)
            FROM ys
        ),
        e AS (
            -- holes = how many numbers below this one the vendor never used in the series, so
            -- holes(num) - holes(below) counts the numbers really missing between the two,
            -- also those of the far-off numbers left out of the series below
            SELECT *, num - dense_rank() OVER (PARTITION BY vid, nprefix ORDER BY num) AS holes
            FROM yn
        ),
        p AS (
            SELECT id, vid, vendor, nprefix, num, full_num, holes, invoice_number, invoice_date,
                   num - lag(num) OVER w AS step,
                   invoice_date = lag(invoice_date) OVER w AS same_day,
                   {_median3_sql("lag")} AS med_before, {_median3_sql("lead")} AS med_after
            -- a second copy of one number and amount is one billing: its first is kept (by a
            -- grouping, not a sort of a million rows)
            FROM e
            WHERE id IN (SELECT min_by(id, (invoice_date, id)) FROM {s}
                         WHERE amt > 0 AND {_COUNTED} GROUP BY vid, nkey, amt)
            WINDOW w AS (PARTITION BY vid, nprefix ORDER BY invoice_date, num, id)
        ),
        g AS (
            SELECT vid, nprefix,
                   count(DISTINCT num) >= ? * count(*) AS unique_numbers,
                   median(abs(step)) FILTER (WHERE step <> 0) AS typical,
                   avg(CASE WHEN step = 1 THEN 1.0 ELSE 0.0 END)
                       FILTER (WHERE step <> 0) >= ?
                   -- and from one day to the next: a vendor that bills all our sites in one
                   -- consecutive batch a month, and others between, runs on only in a batch
                   AND coalesce(avg(CASE WHEN step = 1 THEN 1.0 ELSE 0.0 END)
                                    FILTER (WHERE step <> 0 AND NOT same_day), 1) >= ?
                       AS runs_on
            FROM p GROUP BY ALL
            HAVING count(*) >= ?
               AND avg(CASE WHEN {_dated_sql("full_num")} THEN 1.0 ELSE 0.0 END) < ?
        ),
        f AS (
            SELECT p.*, g.typical, g.runs_on, g.unique_numbers,
                   -- behind both its neighbours or ahead of both: a big forward jump between
                   -- them is the vendor billing others, not disorder
                   -- (the first and last numbers have one neighbour and cannot be judged)
                   coalesce((p.num < p.med_before - greatest(? * g.typical, 3)
                             AND p.num < p.med_after - greatest(? * g.typical, 3))
                            OR (p.num > p.med_before + greatest(? * g.typical, 3)
                             AND p.num > p.med_after + greatest(? * g.typical, 3)), false)
                       AS outlier
            FROM p JOIN g USING (vid, nprefix)
        ),
        r0 AS (
            -- the run-on series without its far-off numbers, which are reported already
            SELECT id, vid, nprefix, vendor, invoice_number, invoice_date, num, typical,
                   lag(num) OVER s AS prev_num, lead(num) OVER s AS next_num,
                   lag(num, 2) OVER s AS prev2_num, lead(num, 2) OVER s AS next2_num,
                   lag(invoice_number) OVER s AS prev_number,
                   lead(invoice_number) OVER s AS next_number,
                   -- gaps in number order: a number dated out of place must not hide the
                   -- numbers missing next to it, nor stand in for a missing one
                   lag(invoice_number) OVER n AS below_number,
                   holes - lag(holes) OVER n AS missing
            FROM f WHERE NOT outlier AND runs_on
            WINDOW s AS (PARTITION BY vid, nprefix ORDER BY invoice_date, num, id),
                   n AS (PARTITION BY vid, nprefix ORDER BY num, invoice_date, id)
        ),
        -- a vendor's habit of skipping is its numbering's, over all its run-on series (a
        -- counter that restarts each month under FV n/MM/2023 is one practice)
        steps AS (SELECT vid, count(*) - count(DISTINCT nprefix) AS steps FROM r0 GROUP BY ALL),
        skips AS (
            -- a skip within EDGE_DAYS of the ledger's first or last day tells nothing of a
            -- vendor's habit: a ledger exported by posting date cuts off the invoices posted
            -- outside it
            SELECT r0.id, vid, r0.missing,
                   date_diff('day', (SELECT min(invoice_date) FROM {s}), r0.invoice_date) > ?
                   AND date_diff('day', r0.invoice_date, (SELECT max(invoice_date) FROM {s})) > ?
                       AS mid
            FROM r0 WHERE r0.missing > 0
        ),
        sizes AS (
            SELECT vid, missing, count(*) AS k FROM skips WHERE mid GROUP BY ALL
        ),
        habit AS (
            -- each skip's vendor's other skips: how many, and how many numbers beyond one they
            -- miss in all
            SELECT g.id, coalesce(sum(z.k), 0) - g.mid::INT AS others,
                   coalesce(sum(z.k * (z.missing - 1)), 0)
                       - CASE WHEN g.mid THEN g.missing - 1 ELSE 0 END AS beyond
            FROM skips g LEFT JOIN sizes z USING (vid)
            GROUP BY g.id, g.mid, g.missing
        ),
        r AS (
            -- a vendor that skips HABIT_GAPS times or more, HABIT_SHARE of its steps, numbers
            -- other customers' invoices between ours: a gap is its habit where its skips would
            -- make one as large about once, read off their geometric tail (each number beyond
            -- the first missed as often as they miss one more), so that two large gaps do not
            -- vouch for each other
            SELECT r0.*, coalesce(
                       h.others >= ? AND h.others >= ? * n.steps
                       AND h.others * pow(h.beyond / nullif(h.beyond + h.others, 0),
                                          r0.missing - 1) >= 1, false) AS habit
            FROM r0 LEFT JOIN habit h USING (id) LEFT JOIN steps n USING (vid)
        ),
        j AS (
            -- a series that jumps (the vendor bills others too) uses numbers at its own
            -- pace: numbers per day over the series, and per invoice (typical)
            SELECT id, vendor, invoice_number, invoice_date, typical,
                   num - lag(num) OVER n AS jump,
                   -- in floating point: 18-digit numbers times days overflow 64 bits
                   CAST(greatest(abs(date_diff('day', lag(invoice_date) OVER n, invoice_date)),
                                 1) AS DOUBLE)
                       * (max(num) OVER a - min(num) OVER a)
                       / greatest(date_diff('day', min(invoice_date) OVER a,
                                            max(invoice_date) OVER a), 1) AS paced,
                   lag(invoice_number) OVER n AS below_number
            FROM f WHERE NOT outlier AND NOT runs_on
            WINDOW n AS (PARTITION BY vid, nprefix ORDER BY num, invoice_date, id),
                   a AS (PARTITION BY vid, nprefix)
        ),
        -- in number order each invoice should be dated between the numbers either side of it
        t AS (
            SELECT id, vid, nprefix, vendor, invoice_number, invoice_date, typical,
                   lag(invoice_date) OVER n AS below_date, lead(invoice_date) OVER n AS above_date,
                   lag(invoice_number) OVER n AS below_number
            FROM f WHERE NOT outlier AND unique_numbers
            WINDOW n AS (PARTITION BY vid, nprefix ORDER BY num, invoice_date, id)
        ),
        -- only where the numbers do grow with time: numbers handed out in any order of dates
        -- say nothing about when an invoice was written
        ordered AS (
            SELECT vid, nprefix,
                   avg(CASE WHEN above_date >= invoice_date THEN 1.0 ELSE 0.0 END) AS in_order
            FROM t WHERE below_date IS NOT NULL AND above_date IS NOT NULL
            GROUP BY vid, nprefix
        ),
        stale AS (
            SELECT *, least(date_diff('day', below_date, invoice_date),
                            date_diff('day', above_date, invoice_date)) AS after_both,
                   least(date_diff('day', invoice_date, below_date),
                         date_diff('day', invoice_date, above_date)) AS before_both,
                   abs(date_diff('day', below_date, above_date)) AS span
            FROM t WHERE below_date IS NOT NULL AND above_date IS NOT NULL
        )
        SELECT id, vendor, invoice_number, invoice_date, 'far' AS what, med_before AS near,
               typical, NULL AS other, NULL AS missing
        FROM f WHERE outlier
        UNION ALL
        SELECT id, vendor, invoice_number, invoice_date, what, NULL AS near, typical,
               CASE what WHEN 'gap' THEN below_number WHEN 'ahead' THEN next_number
                         ELSE prev_number END AS other,
               missing
        FROM (
            SELECT *,
                   -- out of place only if its neighbours are in order without it: of
                   -- 41, 44, 42, 43 only 44 is, of a swapped pair 41, 43, 42, 44 both are;
                   -- a pair with the first or last number cannot be judged (which of the two
                   -- is dated wrongly?), like those numbers themselves
                   CASE WHEN prev_num < next_num AND num < prev_num AND prev2_num IS NOT NULL
                            THEN 'behind'
                        WHEN prev_num < next_num AND num > next_num AND next2_num IS NOT NULL
                            THEN 'ahead'
                        WHEN missing > 0 AND NOT habit THEN 'gap' END AS what
            FROM r
        )
        WHERE what IS NOT NULL
        UNION ALL
        SELECT id, vendor, invoice_number, invoice_date, 'jump' AS what, paced AS near,
               typical, below_number AS other, jump - 1 AS missing
        FROM j WHERE jump > ? * greatest(typical, paced)
        UNION ALL
        SELECT id, vendor, invoice_number, invoice_date,
               CASE WHEN after_both > 0 THEN 'stale' ELSE 'early' END AS what,
               greatest(after_both, before_both) AS near, typical, below_number AS other,
               NULL AS missing
        FROM stale JOIN ordered USING (vid, nprefix)
        WHERE greatest(after_both, before_both) > greatest(?, ? * span) AND in_order >= ?
    """


def numbering(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    params = [
        YEAR_SHARE,
        YEAR_SHARE,
        UNIQUE_SHARE,
        RUN_ON_SHARE,
        DAY_RUN_ON_SHARE,
        MIN_SERIES,
        RUN_ON_SHARE,
        FAR_STEPS,
        FAR_STEPS,
        FAR_STEPS,
        FAR_STEPS,
        EDGE_DAYS,
        EDGE_DAYS,
        HABIT_GAPS,
        HABIT_SHARE,
        JUMP_STEPS,
        STALE_DAYS,
        STALE_SPANS,
        STALE_IN_ORDER,
    ]
    rows = cur.execute(_query(src), params).fetchall()
    # a number from another time adds to no other finding on its invoice: a gap or disorder
    # found there keeps its own evidence
    told = {row[0] for row in rows if row[4] not in ANOTHER_TIME}
    found = [_detection(*row) for row in rows if row[4] not in ANOTHER_TIME or row[0] not in told]
    # another template, another year's series: only where nothing above was found
    for test in (_foreign, _labelled):
        seen = {d.invoice_id for d in found}
        found += [d for d in test(cur, identifier(src)) if d.invoice_id not in seen]
    return found


def _foreign(cur: duckdb.DuckDBPyConnection, s: str) -> list[Detection]:
    """A number on a template the vendor uses nowhere else, where FOREIGN_SHARE of its other
    FOREIGN_HISTORY or more invoices share one: in letters it never uses (INV-88 from a vendor
    numbering PG207221, PG207305...), or in its own letters with its runs of letters, digits
    and the invoice's year in another order (FV-2023-0183 from one numbering FV/0183/2023),
    FOREIGN_COPIES times at most, its own going on after them. Marks and spaces between the
    runs are a typist's (FV 0183 2023), not a template's. Credit notes keep series of their
    own, a vendor that moves to a new series uses it again, a revision adds a short suffix to
    the vendor's own number (FV/0042/2023/K, 40164R1), and a number keyed again (FV 0042/2023
    beside FV/0042/2023, O for 0) is the duplicate test's."""
    rows = cur.execute(
        rf"""
        WITH p AS (
            SELECT id, vid, vendor, invoice_number, invoice_date, suffixed, nkey, rkey,
                   -- the letters before its first digit: a rebill's R1 after them is no template
                   regexp_replace(upper(regexp_extract(invoice_number, '^[^0-9]*')), '[^A-Z]', '',
                                  'g') AS letters,
                   -- its shape: each run of digits 9, of letters A, marks left out
                   regexp_replace(regexp_replace(regexp_replace(
                       upper(invoice_number), '\d+', '9', 'g'), '\pL+', 'A', 'g'), '[^A9]', '',
                       'g') AS shape,
                   -- whether it carries marks (a space is none): a vendor that never writes
                   -- them does not put F-055766 among its F0043507s
                   regexp_matches(invoice_number, '[^\pL\pN\pZ\s]') AS marked,
                   -- its runs, where one of them could be a year
                   CASE WHEN regexp_matches(invoice_number, '(^|\D)(19|20|21)\d\d(\D|$)')
                        THEN regexp_extract_all(upper(invoice_number), '\pL+|\d+') END AS runs
            FROM {s} WHERE amt > 0 AND invoice_number IS NOT NULL
        ),
        shaped AS (
            -- which runs could be the year: four digits within a year of the invoice's; the
            -- year is the last of them, 0 for none
            SELECT *, coalesce(list_max(years_at), 0) AS year_at
            FROM (
                SELECT p.* EXCLUDE (runs),
                       list_filter(range(1, len(runs) + 1),
                                   lambda i: length(runs[i]) = 4 AND TRY_CAST(runs[i] AS INTEGER)
                                             BETWEEN year(invoice_date) - 1
                                                 AND year(invoice_date) + 1) AS years_at
                FROM p)
        ),
        marks AS (
            -- a vendor whose own numbers carry no marks, FOREIGN_SHARE of them
            SELECT vid, avg(CASE WHEN marked THEN 0.0 ELSE 1.0 END) >= ? AS markless
            FROM shaped GROUP BY vid
        ),
        shapes AS (
            -- each shape's numbers, when it was last used, and its latest number to show
            SELECT vid, shape, year_at, marked AND markless AS adds_marks, count(*) AS k,
                   max(invoice_date) AS last_date,
                   arg_max(invoice_number, {{'d': invoice_date, 'i': id}}) AS latest
            FROM shaped JOIN marks USING (vid)
            GROUP BY vid, shape, year_at, marked AND markless
        ),
        sets AS (SELECT vid, letters, count(*) AS k FROM p GROUP BY vid, letters),
        v AS (
            -- each vendor's commonest letters and shape, and how many of its numbers carry them
            SELECT vid, sum(k) AS n, arg_max(letters, k) AS usual, max(k) AS n_usual
            FROM sets GROUP BY vid
        ),
        vs AS (
            SELECT vid, arg_max(shapes, k) AS own, max(k) AS n_shape FROM shapes GROUP BY vid
        ),
        odd AS (
            SELECT p.*, shapes.k AS copies, v.n, v.n_usual, v.usual, vs.n_shape, vs.own.latest,
                   sets.k = 1 AND v.n_usual >= ? * (v.n - 1) AND p.letters <> v.usual
                       AS unique_letters,
                   p.letters = v.usual AND shapes.k <= ? AND vs.n_shape >= ? * (v.n - 1)
                       -- a number without the year where the vendor's own carry it; a
                       -- counter that reaches 2024 in 2024 is no year (FV/2024/2024, 2024/2025)
                       AND (p.shape <> vs.own.shape OR shapes.adds_marks
                            OR (vs.own.year_at > 0
                                AND NOT coalesce(list_contains(p.years_at, vs.own.year_at),
                                                 false)))
                       -- a short suffix to the vendor's own shape is a revision
                       AND NOT (starts_with(p.shape, vs.own.shape)
                                AND p.shape[length(vs.own.shape) + 1:] IN ('A', '9', 'A9'))
                       -- a shape used again later is a new template the vendor moved to
                       AND shapes.last_date < vs.own.last_date
                       AND NOT p.suffixed AS unique_shape
            FROM shaped p JOIN marks USING (vid) JOIN sets USING (vid, letters)
            JOIN shapes ON shapes.vid = p.vid AND shapes.shape = p.shape
             AND shapes.year_at = p.year_at AND shapes.adds_marks = (p.marked AND marks.markless)
            JOIN v ON v.vid = p.vid JOIN vs ON vs.vid = p.vid
            WHERE v.n - 1 >= ?
        ),
        cand AS (SELECT * FROM odd WHERE unique_letters OR unique_shape),
        -- how many of the vendor's numbers read the same, marks and O-for-0 aside: counted
        -- for the few candidates only
        keyed AS (
            SELECT vid, nkey, count(*) AS k FROM p
            WHERE (vid, nkey) IN (SELECT (vid, nkey) FROM cand) GROUP BY vid, nkey
        ),
        read AS (
            SELECT vid, rkey, count(*) AS k FROM p
            WHERE (vid, rkey) IN (SELECT (vid, rkey) FROM cand) GROUP BY vid, rkey
        )
        SELECT id, vendor, invoice_number, invoice_date, n - 1,
               CASE WHEN unique_letters THEN n_usual ELSE n_shape END,
               CASE WHEN unique_letters THEN usual END,
               CASE WHEN NOT unique_letters THEN latest END,
               copies
        FROM cand JOIN keyed USING (vid, nkey) JOIN read USING (vid, rkey)
        WHERE unique_letters OR (keyed.k = 1 AND read.k = 1)
        """,
        [FOREIGN_SHARE, FOREIGN_SHARE, FOREIGN_COPIES, FOREIGN_SHARE, FOREIGN_HISTORY],
    ).fetchall()
    return [_foreign_detection(*row) for row in rows]


def _labelled(cur: duckdb.DuckDBPyConnection, s: str) -> list[Detection]:
    """Numbers dated outside the year their label names, at a vendor whose numbers keep to
    their labels' years (LABEL_SHARE), each vendor's year starting in the month that puts the
    most of its numbers within their years."""
    end_pair = financial_year_sql("fy_end.first", "fy_end.second")
    pair = financial_year_sql("fy.first", "fy.second")
    compact = financial_year_sql("tok[1:2]", "tok[3:4]")
    rows = cur.execute(
        rf"""
        WITH toks AS (
            -- the years it names: a financial year (2023-24, 23-24, 0012/2023-24), a year
            -- (2023), or a financial year in four digits (2324)
            SELECT id, vkey, vendor, invoice_number, invoice_date,
                   -- the financial year behind a counter first (16/22-23: not 16/22)
                   regexp_extract(invoice_number, '(?:^|\D)(\d{{2}}|\d{{4}})[-/](\d{{2}})$',
                                  ['first', 'second']) AS fy_end,
                   regexp_extract(invoice_number, '(?:^|\D)(\d{{2}}|\d{{4}})[-/](\d{{2}})(?:\D|$)',
                                  ['first', 'second']) AS fy,
                   list_filter(regexp_extract_all(invoice_number, '\d+'),
                               lambda r: length(r) = 4) AS fours
            FROM {s}
            WHERE amt > 0
              AND regexp_matches(invoice_number, '\d\d[-/]\d\d|(?:^|\D)\d{{4}}(?:\D|$)')
        ),
        labels AS (
            -- each way of reading it, where it reads as a year: the vendor's own way is the one
            -- that keeps most of its numbers in their years (2023-24/25 is the year 2023-24
            -- and counter 25, 16/22-23 counter 16 of 2022-23)
            SELECT * FROM (
                SELECT id, vkey, vendor, invoice_number, invoice_date,
                       -- the first and the last year in it (FV/2024/0012, FV/1901/2024)
                       unnest([{end_pair}, {pair}, TRY_CAST(years[1] AS INTEGER),
                               TRY_CAST(years[-1] AS INTEGER), {compact}]) AS y,
                       unnest(range(5)) AS form
                FROM (SELECT *, list_filter(fours, lambda r: r[1:2] IN ('19', '20')) AS years,
                             fours[1] AS tok
                      FROM toks))
            WHERE y IS NOT NULL
        ),
        placed AS (
            -- the invoice's month counted from January of its label's year
            SELECT *, (year(invoice_date) - y) * 12 + month(invoice_date) - 1 AS m
            FROM labels
        ),
        counts AS (
            SELECT vkey, form, m, count(*) AS k FROM placed GROUP BY vkey, form, m
        ),
        totals AS (
            SELECT vkey, count(*) AS n FROM {s} WHERE amt > 0 GROUP BY vkey
        ),
        starts AS (
            -- each possible first month of the year, from a year before the label's to its
            -- December, and how many of the vendor's numbers it puts within their year
            SELECT c.vkey, form, st,
                   coalesce(sum(c.k) FILTER (WHERE c.m >= st AND c.m < st + 12), 0) AS inside,
                   sum(c.k) AS labelled
            FROM counts c, range(-12, 12) r(st) GROUP BY c.vkey, form, st
        ),
        ranked AS (
            SELECT *, min(form) FILTER (WHERE inside = most) OVER (PARTITION BY vkey) AS best_form
            FROM (SELECT *, max(inside) OVER (PARTITION BY vkey) AS most FROM starts)
        ),
        best AS (
            -- the vendor's way of reading, and the middle of the first months that put as
            -- many within their years: a vendor seen for part of its year shows a range of them
            SELECT vkey, {{'form': any_value(form), 'st': quantile_disc(st, 0.5),
                           'labelled': any_value(labelled)}} AS b, any_value(inside) AS inside
            FROM ranked WHERE inside = most AND form = best_form GROUP BY vkey
        )
        SELECT p.id, p.vendor, p.invoice_number, p.invoice_date,
               CAST(make_date(p.y, 1, 1) + to_months(b.b.st) AS DATE) AS first_day,
               b.b.labelled, b.inside
        FROM placed p JOIN best b ON b.vkey = p.vkey AND b.b.form = p.form
        JOIN totals t ON t.vkey = p.vkey
        WHERE b.b.labelled >= {LABEL_HISTORY} AND b.b.labelled >= {LABEL_SHARE} * t.n
          AND b.b.labelled - b.inside
              <= greatest({LABEL_STRAYS}, {LABEL_STRAY_SHARE} * b.b.labelled)
          AND (p.invoice_date < make_date(p.y, 1, 1) + to_months(b.b.st)
                                - to_days({LABEL_GRACE_DAYS})
               OR p.invoice_date >= make_date(p.y, 1, 1) + to_months(b.b.st + 12)
                                     + to_days({LABEL_GRACE_DAYS}))
          -- a revision is reissued when it is needed, under its old number and a short suffix
          -- (FV/0030/2022/K)
          AND NOT EXISTS (
              SELECT 1 FROM {s} o
              WHERE o.vkey = p.vkey AND o.id <> p.id
                AND starts_with(p.invoice_number, o.invoice_number)
                AND length(p.invoice_number) - length(o.invoice_number) BETWEEN 1 AND 3)
        """
    ).fetchall()
    return [_labelled_detection(*row) for row in rows]


def _labelled_detection(
    inv: int, vendor: str, number: str, d: Any, first: Any, labelled: int, inside: int
) -> Detection:
    last = first.replace(year=first.year + 1) - timedelta(days=1)
    return Detection(
        inv,
        "numbering",
        0.55,
        f"Number {number} ({d}) names the year from {first} to {last}, but is dated outside "
        f"it: {inside} of {vendor}'s {labelled} numbers that name a year are dated within it. "
        "A number from another year's series.",
        {"vendor": vendor, "year_from": str(first), "year_to": str(last), "kind": "other_year"},
    )


def _foreign_detection(
    inv: int,
    vendor: str,
    number: str,
    d: Any,
    others: int,
    alike: int,
    usual: str | None,
    example: str | None,
    copies: int,
) -> Detection:
    if example:
        own = f"invoices are numbered like {example}, and " + (
            "none other is written like this" if copies == 1 else "one other is written like this"
        )
    else:
        own = f"invoices are numbered {usual}..." if usual else "invoices carry digits alone"
        own += ", and none carries these letters"
    return Detection(
        inv,
        "numbering",
        0.55,
        f"Number {number} ({d}) is unlike {vendor}'s own: {alike} of its other {others} {own}: "
        "another template than the vendor's.",
        {
            "vendor": vendor,
            "usual_letters": usual,
            "usual_number": example,
            "kind": "foreign_number",
        },
    )


def _detection(
    inv: int,
    vendor: str,
    number: str,
    d: Any,
    what: str,
    near: float | None,
    typical: float,
    other: str | None,
    missing: int | None,
) -> Detection:
    if what == "far":
        return Detection(
            inv,
            "numbering",
            0.65,
            f"Number {number} ({d}) is out of sequence for {vendor}: the invoices dated "
            f"around it are numbered near {near:,.0f}, and this vendor's numbers usually "
            f"advance by {typical:,.0f}.",
            {
                "vendor": vendor,
                "expected_near": float(near or 0),
                "typical_step": float(typical),
                "kind": "out_of_sequence",
            },
        )
    if what in ("behind", "ahead"):
        order = "after" if what == "behind" else "before"
        side = "below" if what == "behind" else "above"
        return Detection(
            inv,
            "numbering",
            0.6,
            f"Number {number} ({d}) is out of sequence for {vendor}: its numbers run on by 1, "
            f"but it is dated {order} {other} and numbered {side} it.",
            {"vendor": vendor, "neighbour_number": other, "kind": "out_of_sequence"},
        )
    if what in ANOTHER_TIME:
        side = "after" if what == "stale" else "before"
        return Detection(
            inv,
            "numbering",
            0.6,
            f"Number {number} ({d}) is out of sequence for {vendor}: it is dated {near:,.0f} "
            f"days {side} the invoices numbered either side of it (below it: {other}), a "
            f"number from another time.",
            {"vendor": vendor, "neighbour_number": other, "kind": "out_of_sequence"},
        )
    if what == "jump":
        return Detection(
            inv,
            "numbering",
            0.5,
            f"{vendor}'s numbers jump from {other} to {number} ({d}): {missing:,} numbers "
            f"skipped, where its usual step of {typical:,.0f} per invoice, or its pace of "
            f"numbers per day, explains about {max(typical, near or 0):,.0f}.",
            {
                "vendor": vendor,
                "missing": int(missing or 0),
                "previous_number": other,
                "typical_step": float(typical),
                "kind": "gap",
            },
        )
    return Detection(
        inv,
        "numbering",
        0.5,
        f"{vendor}'s numbers run on by 1, but {missing} number(s) are missing between "
        f"{other} and {number} ({d}).",
        {"vendor": vendor, "missing": int(missing or 0), "previous_number": other, "kind": "gap"},
    )
