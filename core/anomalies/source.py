"""The one relation every detector reads: canonical columns over uploaded or imported invoices.

Base columns (any table or view providing them can be screened):
  id, seq, vendor, invoice_number, invoice_date, currency, net_amount, tax_amount,
  total_amount (signed: credit notes negative), account, iban, uploaded_by, approved_by,
  recorded_at (when it entered the books; may be NULL).
prepare() materialises it once per scan with the derived columns the detectors share.
"""

from __future__ import annotations

import re
import uuid

import duckdb

from core import names
from core.anomalies.config import CANCEL_DAYS

BASE_COLUMNS = (
    "id",
    "seq",
    "vendor",
    "invoice_number",
    "invoice_date",
    "currency",
    "net_amount",
    "tax_amount",
    "total_amount",
    "account",
    "iban",
    "uploaded_by",
    "approved_by",
    "recorded_at",
)

# A counter with the year behind it (FV/0042/2023, FV 124/11/2022, 1477/2023): the lead before
# the counter, the counter, the mark after it, the month if any, the year, four digits or two.
# Where YEAR_SHARE of a vendor's numbers with one lead end in their invoice's year, and
# UNIQUE_SHARE of them are each a counter of their own (an account number with the year,
# HY3-2024, repeats every month), the counter is the number and the lead, month and year its
# series (a counter that restarts each year, or month). Numbers that are their invoice's own
# date, day and month either way round (12.05.2023, 05/12/2023), half of them or more, are no
# counters; a counter of the month a day behind the date is (a delivery counted daily). The
# year may be a financial year's two (0012/2023-24; 0129/23-24, the month's place holding its
# first: April to March in India): its invoices are dated in either.
YEAR_BEHIND = r"^(.*?)(\d{1,18})([/.\-])(\d{1,2}[/.\-])?((?:19|20)\d\d[/.\-]\d\d|\d{4}|\d{2})$"
YEAR_SHARE = 0.8
UNIQUE_SHARE = 0.95
# The row order stands for the order of entry where it runs with the dates (row numbers and
# dates correlating at least this much), and entry times do where this share of rows has one.
ENTRY_ORDER_CORR = 0.5
ENTRY_TIMES_SHARE = 0.9
# A line: a vendor's bills under one number prefix, LINE_MIN_BILLS or more at a steady weekly to
# quarterly pace, the 90th percentile of its amounts within LINE_SPREAD of the 10th.
LINE_MIN_BILLS = 6
LINE_SPREAD = 1.2
# ... and a line's bills at any level keep their pace without fail, nine in ten or more: a
# vendor's fortnightly bills with extra invoices between them are no meter's readings
SCHEDULE_ON_PACE = 0.9
# The calendar's paces in days between bills: a week, a fortnight, a month, a quarter, half a
# year and a year, each as a schedule moves it for weekends, holidays and month lengths.
WEEKLY_TO_QUARTERLY = ((6, 8), (13, 15), (27, 33), (86, 94))
CALENDAR_PACES = (*WEEKLY_TO_QUARTERLY, (178, 188), (360, 370))
# A meter is read monthly or quarterly
METER_PACES = ((27, 33), (86, 94))
# Two invoices of one amount this many days apart or fewer are near in date: a copy's
# distance, which the duplicate test judges.
NEAR_DATE_DAYS = 3
# A vendor that bills an amount twice under unrelated numbers within LOCAL_DAYS (beyond
# NEAR_DATE_DAYS) at least LOCAL_MIN times repeats its prices locally: a lane tariff under a
# monthly fuel surcharge holds for a month (LOCAL_OVER times more such pairs than its amounts
# repeated by chance over its years would make). Its pairs a few days apart are its routine while
# they are at most LOCAL_EXCESS times what those repeats predict for so short a gap; more than
# that, some are copies, and its pairs stay listed. Two days of one price period fall the
# closer the likelier (two days of a period of LOCAL_DAYS + 1 are g apart in LOCAL_DAYS + 1 - g
# ways each way round, once at g = 0), so the pairs within NEAR_DATE_DAYS are expected at
# LOCAL_NEAR_SHARE of those beyond it.
LOCAL_DAYS = 30
LOCAL_MIN = 5
LOCAL_OVER = 3
LOCAL_EXCESS = 2
LOCAL_NEAR_SHARE = sum(
    (LOCAL_DAYS + 1 - g) * (1 if g == 0 else 2) for g in range(NEAR_DATE_DAYS + 1)
) / sum(2 * (LOCAL_DAYS + 1 - g) for g in range(NEAR_DATE_DAYS + 1, LOCAL_DAYS + 1))


def _on_calendar_sql(days: str, paces: tuple[tuple[int, int], ...]) -> str:
    """SQL: days (a median gap between bills) is one of the paces."""
    return "(" + " OR ".join(f"{days} BETWEEN {lo} AND {hi}" for lo, hi in paces) + ")"


def _kept_pace_sql(gap: str, median_gap: str) -> str:
    """SQL: a gap keeps the pace. A bill on a schedule moves a day or two for a holiday or a
    weekend (a week +-2 days, a month +-5): copies 4 and 10 days apart are no week."""
    return f"abs({gap} - {median_gap}) <= 0.15 * {median_gap} + 1"


def _on_pace_sql(gap: str, median_gap: str) -> str:
    """SQL aggregate: the share of bills that keep their pace."""
    return f"avg(CASE WHEN {_kept_pace_sql(gap, median_gap)} THEN 1 ELSE 0 END)"


def _regular_sql(gap: str, median_gap: str) -> str:
    """SQL aggregate: the bills keep their pace, three in four of them or more."""
    return f"{_on_pace_sql(gap, median_gap)} >= 0.75"


def _local_prices_sql(src: str) -> str:
    """The vendors whose prices repeat within weeks (LOCAL_DAYS): their amounts billed twice
    under unrelated numbers, and the days between, more often within weeks than amounts
    repeated by chance anywhere in the vendor's active span (s days) would be, LOCAL_OVER times:
    pairs of a uniform spread fall at a gap of a to b days with probability
    ((2s - a - b)(b - a)) / s^2."""
    a, b = NEAR_DATE_DAYS + 1, LOCAL_DAYS
    return f"""
        SELECT vkey FROM (
            SELECT vkey, date_diff('day', min(invoice_date), max(invoice_date)) AS gap
            FROM {src} WHERE amt > 0 AND n_same = 2
            GROUP BY vkey, amt HAVING count(DISTINCT nkey) = 2
        ) JOIN (
            SELECT vkey, greatest(date_diff('day', min(invoice_date), max(invoice_date)), {b})
                       AS span
            FROM {src} GROUP BY vkey
        ) USING (vkey)
        GROUP BY vkey
        HAVING count(*) FILTER (WHERE gap BETWEEN {a} AND {b}) >= {LOCAL_MIN}
           AND count(*) FILTER (WHERE gap BETWEEN {a} AND {b})
               >= {LOCAL_OVER} * count(*) * (2 * any_value(span) - {a + b}) * {b - a}
                  / any_value(span) ^ 2
           AND count(*) FILTER (WHERE gap <= {NEAR_DATE_DAYS})
               <= {LOCAL_EXCESS * LOCAL_NEAR_SHARE}
                  * count(*) FILTER (WHERE gap BETWEEN {a} AND {b})
    """


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")

# The stored invoices in canonical form; the expense account comes from the journal.
INVOICES_SQL = """
SELECT i.id,
       row_number() OVER (ORDER BY i.created_at, i.id) AS seq,
       i.issuer AS vendor, i.invoice_number, i.issue_date AS invoice_date, i.currency,
       CASE WHEN i.doc_type = 'credit_note' THEN -abs(i.net_amount) ELSE i.net_amount END
           AS net_amount,
       CASE WHEN i.doc_type = 'credit_note' THEN -abs(i.tax_amount) ELSE i.tax_amount END
           AS tax_amount,
       CASE WHEN i.doc_type = 'credit_note' THEN -abs(i.total_amount) ELSE i.total_amount END
           AS total_amount,
       a.account, i.iban, i.uploaded_by, i.approved_by, i.created_at AS recorded_at
FROM invoices i
LEFT JOIN (
    SELECT e.invoice_id, arg_max(l.account, l.debit + l.credit) AS account
    FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
    WHERE l.account LIKE 'Expenses:%'
    GROUP BY e.invoice_id
) a ON a.invoice_id = i.id
"""


def financial_year_sql(first: str, second: str) -> str:
    """SQL: the first calendar year of a financial year written as two years one after the
    other (2023-24, 23-24: first '2023' or '23', second '24'), NULL for anything else (a month
    and a year, 05/23)."""
    return (
        f"CASE WHEN length({second}) = 2 AND length({first}) IN (2, 4)"
        f" AND TRY_CAST({first} AS INTEGER) % 100 >= 13"
        f" AND (TRY_CAST({first} AS INTEGER) + 1) % 100 = TRY_CAST({second} AS INTEGER)"
        f" THEN CASE WHEN length({first}) = 4 THEN TRY_CAST({first} AS INTEGER)"
        f" ELSE 2000 + TRY_CAST({first} AS INTEGER) END END"
    )


def _number_key_sql(number: str) -> str:
    """An invoice number's key: upper case, leading zeros after a non-digit and separators
    dropped ('INV-0042' = 'INV42')."""
    return (
        f"regexp_replace(regexp_replace({number}, '(^|[^0-9])0+([0-9])', '\\1\\2', 'g'), "
        f"'[^A-Z0-9]', '', 'g')"
    )


def cancelled_sql(src: str, row: str) -> str:
    """SQL: the invoice `row` (an alias over src) is cancelled by a credit note of its amount
    from its vendor within CANCEL_DAYS: billed once and withdrawn, no purchase."""
    return (
        f"EXISTS (SELECT 1 FROM {src} cn WHERE cn.vkey = {row}.vkey AND cn.amt = -{row}.amt"
        f" AND cn.invoice_date BETWEEN {row}.invoice_date"
        f" AND {row}.invoice_date + INTERVAL {CANCEL_DAYS} DAY)"
    )


def identifier(name: str) -> str:
    """A table name safe to place in SQL text (names cannot be bound as parameters)."""
    if not _IDENT.fullmatch(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def invoices_view(cur: duckdb.DuckDBPyConnection) -> str:
    """A temporary view of the stored invoices in canonical form; returns its name."""
    name = f"anomaly_invoices_{uuid.uuid4().hex[:10]}"
    cur.execute(f"CREATE TEMP VIEW {name} AS {INVOICES_SQL}")
    return name


def prepare(cur: duckdb.DuckDBPyConnection, relation: str, base_currency: str) -> str:
    """Materialise relation with the shared derived columns; returns the temp table's name.

    vkey is the vendor's key (names.scan_key_sql) and vid a number for it, in the keys' order,
    for the queries that sort or join a million rows by vendor.
    recurring marks a vendor's amount that repeats on a calendar schedule (weekly, fortnightly,
    monthly, quarterly, half-yearly, yearly: a subscription, a rent): most detectors treat such
    invoices as the innocent look-alikes they are. paced adds a fee in whole hundreds billed at a
    steady pace of its own (a milestone every six weeks): a schedule for the round and repeated
    amount tests, while a price set just under an approval limit is listed whatever its pace.
    steady_line marks a bill of a vendor's line: its invoices under one number prefix at a steady
    weekly to quarterly pace and near-equal amounts (a phone line), whose level is its own;
    scheduled marks such a bill at any level where the line keeps a monthly to quarterly pace
    without fail (a meter's reading, a water board's quarter), whose sum nobody chooses, and
    the bill keeps it to the bill before or after it.
    num and nprefix are an invoice number's counter and the rest, its series: the trailing
    integer and what is before it (INV-2024-0042: 42 and 'INV-2024-'), or with the year behind
    the counter (YEAR_BEHIND) the counter and its lead, month and year (FV/0042/2023: 42 and
    'FV/…2023'; year_behind marks them, and their series are no lines).
    suffixed marks a copy of another invoice under its number plus a short suffix. local_prices
    marks the vendors whose prices repeat within weeks (_local_prices_sql). entered
    numbers the rows in the order the books took them, as far as the ledger shows it (see
    _entry_order_sql).
    """
    rel = identifier(relation)
    name = f"anomaly_src_{uuid.uuid4().hex[:10]}"
    cur.execute(
        f"""
        CREATE TEMP TABLE {name} AS
        WITH raw AS (
            SELECT id, seq, vendor, invoice_number, CAST(invoice_date AS DATE) AS invoice_date,
                   upper(currency) AS currency,
                   CAST(net_amount AS DECIMAL(18, 2)) AS net_amount,
                   CAST(tax_amount AS DECIMAL(18, 2)) AS tax_amount,
                   CAST(total_amount AS DECIMAL(18, 2)) AS amt,
                   nullif(trim(account), '') AS account,
                   nullif(upper(regexp_replace(iban, '\\s', '', 'g')), '') AS iban,
                   nullif(lower(trim(uploaded_by)), '') AS uploaded_by,
                   nullif(lower(trim(approved_by)), '') AS approved_by,
                   CAST(recorded_at AS TIMESTAMP) AS recorded_at,
                   {names.scan_key_sql("vendor")} AS vkey,
                   {_number_key_sql("upper(invoice_number)")} AS nkey,
                   -- letters a typist or OCR reads as digits (O I L S B) made those digits
                   -- first, so '1NV-044308' and 'INV-O44308' are 'INV-044308' too; a number
                   -- without such letters ('RE0014457', '50123') is its own key again, and its
                   -- regular expressions are not run twice
                   CASE WHEN translate(upper(invoice_number), 'OILSB', '01158')
                             = upper(invoice_number) THEN nkey
                        ELSE {_number_key_sql("translate(upper(invoice_number), 'OILSB', '01158')")}
                        END AS rkey,
                   TRY_CAST(regexp_extract(invoice_number, '(\\d{{1,18}})\\D*$', 1) AS BIGINT)
                       AS num,
                   regexp_replace(invoice_number, '\\d+\\D*$', '') AS nprefix,
                   (currency IS NULL OR upper(currency) = ?) AS is_base
            FROM {rel}
            WHERE vendor IS NOT NULL AND invoice_date IS NOT NULL AND total_amount IS NOT NULL
        ),
        tails AS (
            -- only a number ending in what could be a year: a million numbers' regex costs
            -- a second (a number the pattern does not fit extracts an empty counter)
            SELECT * FROM (
                SELECT id, vkey, invoice_date,
                       regexp_extract(trim(invoice_number), '{YEAR_BEHIND}',
                                      ['lead', 'counter', 'mark', 'month', 'year']) AS tail,
                       CAST(year(invoice_date) AS VARCHAR) AS yyyy
                FROM raw WHERE num < 100 OR num BETWEEN 1900 AND 2199)
            WHERE tail.counter <> ''
        ),
        dated AS (
            -- the number read as a date, day and month either way round
            SELECT *, invoice_date IN (TRY_CAST(y4 || '-' || month || '-' || tail.counter AS DATE),
                                       TRY_CAST(y4 || '-' || tail.counter || '-' || month AS DATE))
                          IS TRUE AS own_date
            FROM (SELECT *, rtrim(tail.month, '/.-') AS month,
                         CASE WHEN length(tail.year) = 2 THEN '20' || tail.year
                              ELSE tail.year END AS y4,
                         coalesce({financial_year_sql("rtrim(tail.month, '/.-')", "tail.year")},
                                  {financial_year_sql("tail.year[1:4]", "tail.year[6:7]")})
                             AS fy
                  FROM tails)
        ),
        behind AS (
            -- each number's year (and month) joins its series, whatever the date it carries:
            -- last year's number dated this July is from another time
            SELECT id, tail FROM tails
            JOIN (SELECT vkey, tail.lead AS lead FROM dated GROUP BY ALL
                  HAVING avg(CASE WHEN tail.year IN (yyyy, yyyy[3:4])
                                       OR year(invoice_date) IN (fy, fy + 1) THEN 1.0
                                  ELSE 0.0 END) >= ?
                     AND count(DISTINCT (tail.counter, tail.month, tail.year)) >= ? * count(*)
                     AND avg(CASE WHEN own_date THEN 1.0 ELSE 0.0 END) < 0.5)
                 USING (vkey)
            WHERE tail.lead = lead
        ),
        base AS (
            SELECT raw.* REPLACE (
                       CASE WHEN b.id IS NOT NULL
                            THEN b.tail.lead || '…' || b.tail.month || b.tail.year
                            ELSE nprefix END AS nprefix,
                       coalesce(TRY_CAST(b.tail.counter AS BIGINT), num) AS num),
                   b.id IS NOT NULL AS year_behind
            FROM raw LEFT JOIN behind b USING (id)
        ),
        gaps AS (
            SELECT vkey, amt, date_diff('day', lag(invoice_date) OVER (
                       PARTITION BY vkey, amt ORDER BY invoice_date, id), invoice_date) AS gap
            FROM base WHERE amt > 0
        ),
        med AS (
            SELECT vkey, amt, count(*) AS n_same, median(gap) AS mg FROM gaps GROUP BY ALL
        ),
        reg AS (
            SELECT g.vkey, g.amt,
                   any_value(m.n_same) >= 4
                   AND {_on_calendar_sql("any_value(m.mg)", CALENDAR_PACES)} AS calendar,
                   -- a fixed fee in whole hundreds billed at a steady pace of its own, at least
                   -- quarterly (a milestone every six weeks, a retainer every other month),
                   -- from its third bill; three round sums a year apart are too few to tell a
                   -- schedule from chance
                   any_value(m.n_same) >= 3 AND g.amt % 100 = 0
                   AND any_value(m.mg) BETWEEN {WEEKLY_TO_QUARTERLY[0][0]}
                                           AND {WEEKLY_TO_QUARTERLY[-1][1]} AS steady_fee,
                   {_regular_sql("g.gap", "m.mg")} AS regular
            FROM gaps g JOIN med m USING (vkey, amt)
            WHERE g.gap IS NOT NULL
            GROUP BY g.vkey, g.amt
        ),
        -- a vendor's bill under one number prefix at a steady calendar pace and near-equal
        -- amounts (a phone line, weekly linen): its level is its own, wherever it sits (a
        -- year's series, FV/…2023, is the vendor's every bill of that year, no line)
        lines AS (
            SELECT id, vkey, nprefix, amt,
                   date_diff('day', lag(invoice_date) OVER (
                       PARTITION BY vkey, nprefix ORDER BY invoice_date, id), invoice_date) AS gap,
                   date_diff('day', invoice_date, lead(invoice_date) OVER (
                       PARTITION BY vkey, nprefix ORDER BY invoice_date, id)) AS next_gap
            FROM base WHERE amt > 0 AND NOT year_behind
        ),
        line_stats AS (
            SELECT vkey, nprefix, count(*) AS n, median(gap) AS mg,
                   quantile_cont(amt, 0.1) AS lo, quantile_cont(amt, 0.9) AS hi
            FROM lines GROUP BY ALL
        ),
        -- ... and at any level, monthly to quarterly: a meter's monthly reading, a quarterly
        -- water bill, whose sum is no one's choice (a weekly delivery's is the order's)
        steady AS (
            SELECT l.vkey, l.nprefix, m.mg, any_value(m.hi <= ? * m.lo) AS level,
                   {_on_pace_sql("l.gap", "m.mg")} >= {SCHEDULE_ON_PACE}
                   AND {_on_calendar_sql("any_value(m.mg)", METER_PACES)} AS metered
            FROM lines l JOIN line_stats m USING (vkey, nprefix)
            WHERE l.gap IS NOT NULL AND m.n >= ?
              AND {_on_calendar_sql("m.mg", WEEKLY_TO_QUARTERLY)}
            GROUP BY l.vkey, l.nprefix, m.mg
            HAVING {_regular_sql("l.gap", "m.mg")}
        ),
        -- a metered line's bills that keep its pace to the bill before or after them: an
        -- extra invoice between two readings keeps it to neither
        readings AS (
            SELECT l.id
            FROM lines l JOIN steady USING (vkey, nprefix)
            WHERE steady.metered
              AND (coalesce({_kept_pace_sql("l.gap", "steady.mg")}, false)
                   OR coalesce({_kept_pace_sql("l.next_gap", "steady.mg")}, false))
        ),
        -- the vendors whose prices repeat within weeks (a carrier's lanes under a monthly
        -- surcharge)
        counted AS (
            SELECT base.vkey, base.amt, base.nkey, base.invoice_date,
                   coalesce(med.n_same, 1) AS n_same
            FROM base LEFT JOIN med USING (vkey, amt)
        ),
        local AS ({_local_prices_sql("counted")}),
        -- numbered like another invoice of its vendor and amount plus a short suffix
        -- ('RE-3109/1', 'RE-3109-12', 'DE-8888-A', 'INV-42B'): a copy sent again, no new
        -- billing. Met on the number without the suffix, so a price billed ten thousand times
        -- is not paired with itself; a number must be left ('A'[:-1] is 'A' again). A suffix
        -- is set apart by a mark or is letters: digits run on are the next numbers of a
        -- counter ('LH-12' after 'LH-1', 'INV-10234' after 'INV-1023'), no copy
        copied AS (
            SELECT c.id FROM base c JOIN med m USING (vkey, amt) JOIN base o
                ON o.vkey = c.vkey AND o.amt = c.amt AND o.nkey = c.nkey[:length(c.nkey) - 1]
            WHERE m.n_same >= 2 AND length(c.nkey) > 1
              AND regexp_matches(c.invoice_number, '([^0-9A-Za-z][0-9A-Za-z]|[A-Za-z])\\s*$')
            UNION
            SELECT c.id FROM base c JOIN med m USING (vkey, amt) JOIN base o
                ON o.vkey = c.vkey AND o.amt = c.amt AND o.nkey = c.nkey[:length(c.nkey) - 2]
            WHERE m.n_same >= 2 AND length(c.nkey) > 2
              AND regexp_matches(c.invoice_number,
                                 '([^0-9A-Za-z][0-9A-Za-z]{{2}}|[A-Za-z]{{2}})\\s*$')
        ),
        -- a number for each vendor key, in the keys' order: a million rows sort and join on
        -- an integer faster than on a name (whose first bytes, 'vendor ...', are all alike)
        vendor_ids AS (
            SELECT vkey, CAST(row_number() OVER (ORDER BY vkey) AS INTEGER) AS vid
            FROM (SELECT DISTINCT vkey FROM base)
        )
        SELECT base.*, vendor_ids.vid, coalesce(med.n_same, 1) AS n_same,
               coalesce(reg.regular AND reg.calendar, false) AS recurring,
               coalesce(reg.regular AND (reg.calendar OR reg.steady_fee), false) AS paced,
               copied.id IS NOT NULL AS suffixed,
               coalesce(steady.level, false) AND base.amt > 0 AS steady_line,
               readings.id IS NOT NULL AS scheduled,
               local.vkey IS NOT NULL AS local_prices,
               {_entry_order_sql(cur, rel)} AS entered
        FROM base
        LEFT JOIN med USING (vkey, amt)
        LEFT JOIN reg USING (vkey, amt)
        LEFT JOIN copied USING (id)
        LEFT JOIN steady USING (vkey, nprefix)
        LEFT JOIN local USING (vkey)
        LEFT JOIN readings USING (id)
        JOIN vendor_ids USING (vkey)
        """,
        [
            base_currency.upper(),
            *(YEAR_SHARE, UNIQUE_SHARE),
            *(LINE_SPREAD, LINE_MIN_BILLS),
        ],
    )
    return name


def _entry_order_sql(cur: duckdb.DuckDBPyConnection, rel: str) -> str:
    """How the ledger shows the order the books took its invoices in: by entry time where
    (nearly) every row has one, else by row order where it runs forward with the dates, else by
    nothing better than the dates (an export sorted newest first, or by vendor)."""
    by_time, forward = cur.execute(
        f"""
        SELECT count(recorded_at) >= ? * count(*),
               coalesce(corr(seq, date_diff('day', DATE '1970-01-01',
                                            CAST(invoice_date AS DATE))), 0) >= ?
        FROM {rel}
        WHERE vendor IS NOT NULL AND invoice_date IS NOT NULL AND total_amount IS NOT NULL
        """,
        [ENTRY_TIMES_SHARE, ENTRY_ORDER_CORR],
    ).fetchone()
    if by_time:
        # a row without an entry time (a few may lack one) is taken as entered on its date
        return (
            "row_number() OVER (ORDER BY coalesce(recorded_at, CAST(invoice_date AS TIMESTAMP)),"
            " seq)"
        )
    # the row numbers themselves: no sort of the whole ledger
    return "seq" if forward else "row_number() OVER (ORDER BY invoice_date, id)"


def drop_table(cur: duckdb.DuckDBPyConnection, name: str) -> None:
    cur.execute(f"DROP TABLE IF EXISTS {identifier(name)}")


def drop_view(cur: duckdb.DuckDBPyConnection, name: str) -> None:
    cur.execute(f"DROP VIEW IF EXISTS {identifier(name)}")
