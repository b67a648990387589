"""Dates: weekends, bank holidays, backdated and future-dated invoices."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

import duckdb

from core.anomalies.closures import (
    CLOSED_SHARE,
    EVIDENCE,
    ClosedDay,
    considered_days,
    keeps_open,
    learn_closed_days,
)
from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.holidays import (
    COUNTRY_CALENDARS,
    COUNTRY_NAMES,
    country_holidays_between,
)
from core.anomalies.source import identifier

OPEN_LEAST = math.ceil(EVIDENCE / -math.log(CLOSED_SHARE))
OUT_OF_PLACE_DAYS = 60  # further than this from the invoices recorded around it
# An invoice dated up to a week after it was recorded is billed in advance (next month's rent
# or subscription dated the 1st, sent and entered in the last days of the month before);
# later than that, its date lies in the future
ADVANCE_DAYS = 7
# A vendor that habitually bills ahead (a subscription sent days before its period starts) has
# its own allowance: ADVANCE_HABIT_LIMITS times its median lead, when at least
# ADVANCE_HABIT_BILLS of its invoices were dated after entry by at most ADVANCE_HABIT_DAYS, and
# never over that month: a bill dated months ahead stays future-dated whoever sent it.
ADVANCE_HABIT_BILLS = 3
ADVANCE_HABIT_LIMITS = 3
ADVANCE_HABIT_DAYS = 31
# A list kept tightly in date order shows a smaller misplacement: the limit shrinks to
# SPREAD_LIMITS robust spreads of the rows' own offsets, never under MIN_OUT_OF_PLACE_DAYS.
SPREAD_LIMITS = 8
MIN_OUT_OF_PLACE_DAYS = 14
# Delays are skewed: most invoices are booked within days, a few weeks late. Each side's limit
# is also never under TAIL_LIMITS times the offset to that side that TAIL_QUANTILE of the rows
# stay within, so a ledger whose one invoice in fifty waits six weeks does not call those six
# weeks backdating, while an invoice dated weeks after its neighbours still stands out. The
# 95th percentile, not a higher one: misplaced rows must be 5 % of a list to set their own limit.
TAIL_LIMITS = 3
TAIL_QUANTILE = 0.95
NEIGHBOURS = 50  # rows either side that define "around it" when no entry date is known
# Without entry dates, the ledger's own end stands in for "today" too: its last day of regular
# invoices is the last day whose HORIZON_DAYS up to it hold at least HORIZON_SHARE of the
# ledger's usual volume; an invoice dated more than HORIZON_GRACE days after it lies beyond
# the period the ledger covers (an export sorted by date keeps no entry order to show it),
# while the thin first weeks of the next period, entered before the export, do not.
HORIZON_DAYS = 14
HORIZON_SHARE = 0.25
HORIZON_GRACE = 30
# Only strays and a thin tail are future-dated (see _strays). The tail is every invoice after
# the last regular day: a few (HORIZON_STRAYS or fewer) always are future-dated; more, only
# while they are at most HORIZON_MAX_ROWS of the ledger and come at most at HORIZON_MAX_PACE
# of its usual daily volume. A business winding down has a thick tail.
HORIZON_STRAYS = 3
HORIZON_MAX_ROWS = 0.01
HORIZON_MAX_PACE = 0.05
STRAY_GAP = 40  # days from every other invoice that set a stray apart (a month is a trickle)


# a bill's day of the month, the last day of every month as 0 (30 April, 31 May)
_MONTH_DAY_SQL = "CASE WHEN invoice_date = last_day(invoice_date) THEN 0 ELSE day(invoice_date) END"


def weekend_dates(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Invoices dated on a Saturday or a Sunday, but for a vendor that dates on that day as a
    matter of course (a Saturday delivery, a bill dated by the calendar; see _HABITS) or is
    presumed to where the ledger's trade works that day (TRADE_SHARE), or on the day of the
    month it dates its bills on (the last, whatever weekday it is)."""
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH h AS ({_HABITS.format(src=s)})
        SELECT id, vendor, invoice_date, dayname(invoice_date), h.n - 1, h.sat - 1,
               isodow(invoice_date) = 6 AND h.saturday_trade
        FROM {s} LEFT JOIN h USING (vkey)
        WHERE ((isodow(invoice_date) = 6 AND NOT coalesce(h.saturday_open, false))
               OR (isodow(invoice_date) = 7 AND NOT coalesce(h.sunday_open, false)))
          AND {_MONTH_DAY_SQL} IS DISTINCT FROM h.month_day
        """
    ).fetchall()
    return [
        Detection(inv, "weekend_date", 0.3, _weekend_reason(vendor, d, day, others, same, trade))
        for inv, vendor, d, day, others, same, trade in rows
    ]


def _weekend_reason(vendor: str, d: date, day: str, others: int, same: int, trade: bool) -> str:
    if not trade:
        return f"{vendor} dated this invoice on a {day} ({d})."
    dated = "none" if same == 0 else f"only {same}"
    return (
        f"{vendor} dated this invoice on a {day} ({d}): most of this ledger's vendors date on "
        f"{day}s, but {dated} of its {others} other invoices {'is' if same < 2 else 'are'}."
    )


def holiday_dates(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Invoices dated on a bank holiday (a weekday): of the vendor's own country where its IBAN
    tells it (COUNTRY_CALENDARS), else the ledger's own closed days (the base currency's
    holidays and its neighbours', as the ledger's volume shows them; closures). Not for a
    vendor abroad, billing mostly in another currency: one dates on its own country's
    holidays, another on ours. Not for a vendor that dates on Sundays as a matter of course:
    one that works every day, or dates its bills by the calendar; nor on the day of the month
    a vendor dates its bills on; nor for a vendor whose own volume shows it dating on the
    closed days as on any other day of that weekday (closures.keeps_open: an agency billing
    every site's week each Monday, holidays or not)."""
    s = identifier(src)
    first, last = cur.execute(f"SELECT min(invoice_date), max(invoice_date) FROM {s}").fetchone()
    if first is None:
        return []
    countries = [
        cc
        for (cc,) in cur.execute(
            f"SELECT DISTINCT iban[:2] FROM {s} WHERE list_contains(?::VARCHAR[], iban[:2])",
            [list(COUNTRY_CALENDARS)],
        ).fetchall()
    ]
    calendars = {
        cc: country_holidays_between(cc, first, last, cfg.extra_holidays) for cc in countries
    }
    maybe = sorted(
        {*considered_days(first, last, cfg.base_currency), *cfg.extra_holidays}
        | {d for found in calendars.values() for d in found}
    )
    # one pass: each weekday's volume and the invoices on the days that may be holidays
    by_day = cur.execute(
        f"""
        WITH h AS ({_HABITS.format(src=s)}),
        -- the country of the account a vendor is mostly paid to
        home AS (
            SELECT * FROM (
                SELECT vkey, mode(iban[:2]) AS cc FROM {s}
                WHERE regexp_matches(iban, '^[A-Z]{{2}}[0-9]{{2}}') GROUP BY vkey
            ) WHERE list_contains(?::VARCHAR[], cc)
        ),
        -- a vendor that bills in another currency is abroad: whose holidays its invoices
        -- keep, its country's or ours, the ledger cannot tell
        abroad AS (SELECT vkey FROM {s} GROUP BY vkey HAVING avg(CAST(is_base AS INTEGER)) < 0.5)
        SELECT invoice_date, coalesce(home.cc, '') AS cc, count(*),
               list(id ORDER BY id) FILTER (WHERE list_contains(?::DATE[], invoice_date)),
               list(vendor ORDER BY id) FILTER (WHERE list_contains(?::DATE[], invoice_date)),
               list(vkey ORDER BY id) FILTER (WHERE list_contains(?::DATE[], invoice_date))
        FROM {s} LEFT JOIN h USING (vkey) LEFT JOIN home USING (vkey)
        WHERE (isodow(invoice_date) < 6
               -- a Saturday is a working day where the trade works it, and so may be a holiday
               OR (isodow(invoice_date) = 6 AND h.saturday_trade AND h.saturday_open))
          AND NOT coalesce(h.sundays, false)
          AND {_MONTH_DAY_SQL} IS DISTINCT FROM h.month_day
          AND vkey NOT IN (SELECT vkey FROM abroad)
        GROUP BY ALL
        """,
        [countries, maybe, maybe, maybe],
    ).fetchall()
    # the ledger's own calendar shows in all its vendors' volume, mostly domestic, bank details
    # or not: a French firm's suppliers paid to French accounts show it works on 3 October
    counts: Counter[date] = Counter()
    for d, _, n, *_ in by_day:
        counts[d] += n
    closed = learn_closed_days(counts, first, last, cfg.base_currency, cfg.extra_holidays)
    found: list[tuple[str, str, Detection]] = []
    for d, cc, _, ids, vendors, vkeys in sorted(by_day):
        if cc and d in calendars[cc]:
            name = calendars[cc][d]
            what = f"a bank holiday in {COUNTRY_NAMES[cc]}, where its bank account is."
        elif not cc and d in closed:
            name, what = closed[d].name, _closed_reason(closed[d])
        else:
            continue
        found += [
            (k, cc, _holiday(i, v, d, name, what))
            for i, v, k in zip(ids, vendors, vkeys, strict=True)
        ]
    # a vendor shows itself open on closed days only with OPEN_LEAST invoices dated on them: each
    # weighs at most log(1 / CLOSED_SHARE) towards the EVIDENCE
    dated = Counter(k for k, _, _ in found)
    many = {(k, cc) for k, cc, _ in found if dated[k] >= OPEN_LEAST}
    open_anyway = _keeps_open(cur, s, many, calendars, closed, maybe)
    return [f for k, _, f in found if k not in open_anyway]


def _keeps_open(
    cur: duckdb.DuckDBPyConnection,
    s: str,
    vendors: set[tuple[str, str]],
    calendars: dict[str, dict[date, str]],
    closed: dict[date, ClosedDay],
    maybe: list[date],
) -> set[str]:
    """The vendors (of those with an invoice on a holiday, each with the country of its
    calendar) that date their invoices on the closed days as on any other day (keeps_open)."""
    if not vendors:
        return set()
    days: dict[str, dict[date, int]] = {}
    span: dict[str, tuple[date, date]] = {}
    for vkey, d, n, lo, hi in cur.execute(
        f"""
        SELECT vkey, invoice_date, count(*), any_value(lo), any_value(hi)
        FROM (SELECT vkey, invoice_date, min(invoice_date) OVER (PARTITION BY vkey) AS lo,
                     max(invoice_date) OVER (PARTITION BY vkey) AS hi
              FROM {s} WHERE vkey IN (SELECT unnest(?::VARCHAR[])))
        WHERE isodow(invoice_date) < 6
        GROUP BY vkey, invoice_date
        """,
        [sorted({k for k, _ in vendors})],
    ).fetchall():
        days.setdefault(vkey, {})[d] = n
        span[vkey] = (lo, hi)
    considered = set(maybe)
    return {
        vkey
        for vkey, cc in vendors
        if vkey in span
        and keeps_open(days[vkey], calendars[cc] if cc else closed, considered, *span[vkey])
    }


def _closed_reason(day: ClosedDay) -> str:
    if not day.place:
        return "a bank holiday."
    dated = f"{day.dated} invoice{'' if day.dated == 1 else 's'}"
    return (
        f"{day.place}, which this ledger's vendors keep closed: {dated} dated on that day in "
        f"its years, against about {day.expected:.0f} on as many ordinary weekdays around them."
    )


def _holiday(inv: int, vendor: str, d: date, name: str, what: str) -> Detection:
    return Detection(
        inv,
        "holiday_date",
        0.35,
        f"{vendor} dated this invoice on {name} ({d}), {what}",
        {"holiday": name},
    )


# A vendor dates on a Saturday (or a Sunday) as a matter of course when at least HABIT_BILLS of
# its invoices, and HABIT_SHARE of them, carry that day: a baker or a market delivering on
# Saturdays, a band playing then. One that dates by the calendar (rent or a subscription dated
# the 1st, whatever day it is) shows both days, CALENDAR_DAYS or more of each, CALENDAR_BILLS
# and twice that share in all. A weekday-only vendor's odd Saturday stays listed.
HABIT_BILLS = 3
HABIT_SHARE = 0.02
CALENDAR_DAYS = 2
CALENDAR_BILLS = 5
# A vendor that dates MONTH_DAY_SHARE of its bills, MONTH_DAY_BILLS or more, on one day of the
# month (the 1st, the last), MONTH_DAY_WEEKENDS of them on a weekend, dates by the calendar: on
# that day a weekend or a holiday is no sign. One that keeps to the day only on working days
# (the 8th, or the Monday after) has no such bills on a weekend but one redated there.
MONTH_DAY_BILLS = 4
MONTH_DAY_SHARE = 0.75
MONTH_DAY_WEEKENDS = 2
# Where most of TRADE_VENDORS or more vendors with TRADE_HISTORY invoices or more date on a
# weekend day as a matter of course (Saturday is a working day in India, in much of Latin
# America), that day is a working day of the ledger's trade: a vendor with too few invoices to
# show its own habit is presumed to work it too, until its other invoices make that the less
# likely account (the prior odds, the trade's share of vendors that work it, times the
# likelihood ratio of its other invoices on and off that day at the shares of those vendors and
# of the others). Where nearly all vendors work Saturdays, an insurer's Saturday policy among
# its six bills is no sign; where three in five do, five weekday bills already outweigh that
# prior. A job shop's Saturday after 40 weekday bills is a sign, and so are a weekday vendor's
# two among a hundred. A ledger without such vendors shows no trade: weekends are weekends.
TRADE_HISTORY = 30
TRADE_VENDORS = 5
TRADE_SHARE = 0.5


def _presumed_open(day: str) -> str:
    """SQL: a vendor presumed to work on the weekend day (sat or sun) its trade works on, from
    its other invoices than the one on that day."""
    pi, s, e = f"t.pi_{day}", f"least(t.s_{day}, 0.99)", f"t.e_{day}"
    return (
        f"({pi} > {TRADE_SHARE} AND ln({pi} / (1 - {pi})) + (h.{day} - 1) * ln({s} / {e})"
        f" + (h.n - h.{day}) * ln((1 - {s}) / (1 - {e})) >= 0)"
    )


def _trade_sql(day: str) -> str:
    """SQL: the trade's share of vendors that work the weekend day, their share of invoices on
    it, and the others' (smoothed: one redated bill is no habit)."""
    works = "saturdays" if day == "sat" else "sundays"
    return (
        f"CASE WHEN count(*) >= {TRADE_VENDORS} THEN (count(*) FILTER (WHERE {works}) + 0.5)"
        f" / (count(*) + 1) END AS pi_{day}, "
        f"sum({day}) FILTER (WHERE {works}) / sum(n) FILTER (WHERE {works}) AS s_{day}, "
        f"(coalesce(sum({day}) FILTER (WHERE NOT {works}), 0) + 0.5)"
        f" / (coalesce(sum(n) FILTER (WHERE NOT {works}), 0) + 1) AS e_{day}"
    )


_HABITS = f"""
    WITH c AS (
        SELECT vkey, count(*) AS n,
               count(*) FILTER (WHERE isodow(invoice_date) = 6) AS sat,
               count(*) FILTER (WHERE isodow(invoice_date) = 7) AS sun
        FROM {{src}} GROUP BY vkey
    ),
    -- the day of the month the vendor dates its bills on, if it keeps to one
    dom AS (
        SELECT vkey, {_MONTH_DAY_SQL} AS month_day, count(*) AS k,
               count(*) FILTER (WHERE isodow(invoice_date) >= 6) AS k_weekend
        FROM {{src}} GROUP BY vkey, month_day
        QUALIFY row_number() OVER (PARTITION BY vkey ORDER BY count(*) DESC, month_day) = 1
    ),
    own AS (
        SELECT vkey, n, sat, sun,
               (sat >= {CALENDAR_DAYS} AND sun >= {CALENDAR_DAYS}
                AND sat + sun >= greatest({CALENDAR_BILLS}, {2 * HABIT_SHARE} * n)) AS calendar,
               sat >= greatest({HABIT_BILLS}, {HABIT_SHARE} * n) OR calendar AS saturdays,
               sun >= greatest({HABIT_BILLS}, {HABIT_SHARE} * n) OR calendar AS sundays,
               CASE WHEN dom.k >= greatest({MONTH_DAY_BILLS}, {MONTH_DAY_SHARE} * n)
                         AND dom.k_weekend >= {MONTH_DAY_WEEKENDS} THEN dom.month_day
                    END AS month_day
        FROM c LEFT JOIN dom USING (vkey)
    ),
    trade AS (
        SELECT {_trade_sql("sat")}, {_trade_sql("sun")}
        FROM own WHERE n >= {TRADE_HISTORY}
    )
    SELECT h.vkey, h.calendar, h.saturdays, h.sundays, h.month_day,
           h.saturdays OR coalesce({_presumed_open("sat")}, false) AS saturday_open,
           h.sundays OR coalesce({_presumed_open("sun")}, false) AS sunday_open,
           coalesce(t.pi_sat > {TRADE_SHARE}, false) AS saturday_trade,
           h.n, h.sat
    FROM own h, trade t
"""


def out_of_place_dates(
    cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig
) -> list[Detection]:
    """Backdated and future-dated invoices.

    Future: dated after the scan date (as_of), or more than a week after the day it was
    recorded (longer for a vendor that habitually bills ahead, and for a bill on its vendor's
    calendar schedule, never over a month).
    Out of place: far from when it was recorded. With entry timestamps, the lag from invoice
    date to entry is compared with the usual lag (median + max(60 days, 5 MAD)). Without them
    (an imported list) the entry order stands in for time: an invoice dated 60+ days before
    or after the median date of the 50 rows either side, or less in a list kept tightly in
    order (8 robust spreads of every row's offset, at least 14 days, and at least three times
    the offset to that side, earlier or later, that 95 % of the rows stay within). That comparison
    is made only when the list is in date order at all (90 % of rows within 30 days of their
    neighbours). In any order, an invoice dated more than HORIZON_GRACE days after the
    ledger's last day of regular invoices (before as_of) is future-dated when the invoices
    after that day are a few strays or a thin tail (HORIZON_STRAYS, HORIZON_MAX_ROWS,
    HORIZON_MAX_PACE), as in an export sorted by date.
    """
    s = identifier(src)
    n, with_ts = cur.execute(f"SELECT count(*), count(recorded_at) FROM {s}").fetchone()
    if n == 0:
        return []
    if with_ts >= 0.9 * n:
        rows = _by_entry_time(cur, s, cfg.as_of)
    else:
        rows = _by_entry_order(cur, s, cfg.as_of, n)
    out = []
    for inv, vendor, d, ref, kind in rows:
        days = abs((d - ref).days)
        if kind == "future_today":
            out.append(
                Detection(
                    inv,
                    "future_date",
                    0.8,
                    f"{vendor} dated this invoice {d}, {days} days after today ({ref}).",
                    {"reference": str(ref)},
                )
            )
        elif kind == "future_entry":
            out.append(
                Detection(
                    inv,
                    "future_date",
                    0.7,
                    f"Dated {d}, {days} days after it was recorded ({ref}).",
                    {"reference": str(ref)},
                )
            )
        elif kind == "future_horizon":
            out.append(
                Detection(
                    inv,
                    "future_date",
                    0.6,
                    f"Dated {d}, {days} days after the ledger's last day of regular invoices "
                    f"({ref}): beyond the period it covers.",
                    {"reference": str(ref)},
                )
            )
        elif kind == "future_order":
            out.append(
                Detection(
                    inv,
                    "future_date",
                    0.6,
                    f"Dated {d}, {days} days after the invoices recorded around it "
                    f"(median date {ref}).",
                    {"reference": str(ref)},
                )
            )
        elif kind == "back_entry":
            out.append(
                Detection(
                    inv,
                    "backdated",
                    0.6,
                    f"Dated {d} but recorded {ref}, {days} days later - far more "
                    f"than the usual delay.",
                    {"reference": str(ref)},
                )
            )
        else:
            out.append(
                Detection(
                    inv,
                    "backdated",
                    0.6,
                    f"Dated {d}, {days} days before the invoices recorded around it "
                    f"(median date {ref}).",
                    {"reference": str(ref)},
                )
            )
    return out


def _by_entry_time(cur: duckdb.DuckDBPyConnection, s: str, as_of: date) -> list[tuple]:
    return cur.execute(
        f"""
        WITH p AS (
            SELECT id, vkey, vendor, invoice_date, CAST(recorded_at AS DATE) AS rec,
                   date_diff('day', invoice_date, CAST(recorded_at AS DATE)) AS lag, recurring
            FROM {s}
        ),
        m AS (SELECT median(lag) AS ml FROM p),
        d AS (SELECT median(abs(lag - m.ml)) AS mad FROM p, m),
        habit AS (
            SELECT vkey, least(?, greatest(?, ? * median(-lag))) AS ahead_days
            FROM p WHERE lag < 0 AND -lag <= ?
            GROUP BY vkey HAVING count(*) >= ?
        ),
        q AS (
            -- a bill on its vendor's calendar schedule (the rent dated the 1st) is dated by
            -- the schedule: entered up to a month early, it is next period's bill posted
            -- before the holidays, not a date in the future
            SELECT p.*, CASE WHEN recurring THEN ? ELSE coalesce(habit.ahead_days, ?) END
                            AS ahead_days
            FROM p LEFT JOIN habit USING (vkey)
        )
        SELECT id, vendor, invoice_date,
               CASE WHEN invoice_date > ? THEN ? ELSE rec END,
               CASE WHEN invoice_date > ? THEN 'future_today'
                    WHEN -lag > ahead_days THEN 'future_entry'
                    ELSE 'back_entry' END
        FROM q, m, d
        WHERE invoice_date > ? OR -lag > ahead_days
           OR lag > m.ml + greatest(?, 5 * d.mad)
        """,
        [
            ADVANCE_HABIT_DAYS,
            ADVANCE_DAYS,
            ADVANCE_HABIT_LIMITS,
            ADVANCE_HABIT_DAYS,
            ADVANCE_HABIT_BILLS,
            ADVANCE_HABIT_DAYS,
            ADVANCE_DAYS,
            as_of,
            as_of,
            as_of,
            as_of,
            OUT_OF_PLACE_DAYS,
        ],
    ).fetchall()


def _by_entry_order(cur: duckdb.DuckDBPyConnection, s: str, as_of: date, n: int) -> list[tuple]:
    rows = cur.execute(
        f"""
        WITH p AS (
            SELECT id, vendor, invoice_date, date_diff('day', DATE '1970-01-01', invoice_date)
                       - median(date_diff('day', DATE '1970-01-01', invoice_date)) OVER (
                           ORDER BY seq ROWS BETWEEN ? PRECEDING AND ? FOLLOWING) AS offset,
                   -- near either end the neighbours sit on one side only, and their median
                   -- lags: only the fixed limit applies there
                   row_number() OVER (ORDER BY seq) BETWEEN ? AND ? AS inner_row
            FROM {s}
        ),
        st AS (
            SELECT avg(CASE WHEN abs("offset") <= 30 THEN 1.0 ELSE 0.0 END) AS share,
                   ? * 1.4826 * median(abs("offset")) AS spread_days,
                   -- over every inner row (a tight list's few offsets are its anomalies; the
                   -- ends' offsets are their one-sided neighbours')
                   quantile_cont(greatest(-"offset", 0), ?) FILTER (WHERE inner_row)
                       AS back_tail,
                   quantile_cont(greatest("offset", 0), ?) FILTER (WHERE inner_row) AS ahead_tail
            FROM p
        ),
        lim AS (
            -- each side its own tail: delays make the early side long, the late side short
            SELECT share,
                   least(?, greatest(?, spread_days, ? * coalesce(back_tail, 0))) AS back_days,
                   least(?, greatest(?, spread_days, ? * coalesce(ahead_tail, 0))) AS ahead_days
            FROM st
        )
        SELECT id, vendor, invoice_date, "offset",
               CASE WHEN invoice_date > ? THEN 'future_today'
                    WHEN "offset" > 0 THEN 'future_order' ELSE 'back_order' END
        FROM p, lim
        WHERE invoice_date > ?
           OR (lim.share >= 0.9 AND ? >= ?
               AND abs("offset") > CASE WHEN NOT inner_row THEN ?
                                        WHEN "offset" > 0 THEN lim.ahead_days
                                        ELSE lim.back_days END)
        """,
        [
            NEIGHBOURS,
            NEIGHBOURS,
            NEIGHBOURS + 1,
            n - NEIGHBOURS,
            SPREAD_LIMITS,
            TAIL_QUANTILE,
            TAIL_QUANTILE,
            OUT_OF_PLACE_DAYS,
            MIN_OUT_OF_PLACE_DAYS,
            TAIL_LIMITS,
            OUT_OF_PLACE_DAYS,
            MIN_OUT_OF_PLACE_DAYS,
            TAIL_LIMITS,
            as_of,
            as_of,
            n,
            2 * NEIGHBOURS,
            OUT_OF_PLACE_DAYS,
        ],
    ).fetchall()
    out = []
    for inv, vendor, d, offset, kind in rows:
        ref = as_of if kind == "future_today" else d - timedelta(days=round(offset))
        out.append((inv, vendor, d, ref, kind))
    horizon, per_day = _ledger_horizon(cur, s)
    if horizon is None:
        return out
    start = horizon + timedelta(days=HORIZON_GRACE)
    after = cur.execute(
        f"SELECT id, vendor, invoice_date FROM {s}"
        " WHERE invoice_date > ? AND invoice_date <= ? ORDER BY id",
        [horizon, as_of],
    ).fetchall()
    beyond = [row for row in after if row[2] > start]
    if not beyond:
        return out
    flagged = {inv for inv, *_rest in out}
    out.extend(
        (inv, vendor, d, horizon, "future_horizon")
        for inv, vendor, d in _strays(after, beyond, horizon, n, per_day)
        if inv not in flagged
    )
    return out


def _strays(
    after: list[tuple], beyond: list[tuple], horizon: date, n: int, per_day: float
) -> list[tuple]:
    """The invoices past the grace days that lie beyond the ledger's period.

    A small group of them (HORIZON_STRAYS or fewer, each within HORIZON_GRACE days of the
    next) set apart by more than STRAY_GAP days from every other invoice is a stray (a date
    typed months ahead), whatever else follows. The others are judged with the whole tail
    past the last regular day: a thin tail is future-dated, a trickle or a wind-down is not.
    """
    groups: list[list[date]] = []
    for d in sorted({d for *_, d in after}):
        if groups and (d - groups[-1][-1]).days <= HORIZON_GRACE:
            groups[-1].append(d)
        else:
            groups.append([d])
    rows_on = Counter(d for *_, d in after)
    apart: set[date] = set()
    for i, group in enumerate(groups):
        earlier = groups[i - 1][-1] if i else horizon
        later = groups[i + 1][0] if i + 1 < len(groups) else None
        alone = (group[0] - earlier).days > STRAY_GAP and (
            later is None or (later - group[-1]).days > STRAY_GAP
        )
        if alone and sum(rows_on[d] for d in group) <= HORIZON_STRAYS:
            apart.update(group)
    strays = [row for row in beyond if row[2] in apart]
    rest = [row for row in after if row[2] not in apart]
    rest_beyond = [row for row in beyond if row[2] not in apart]
    if rest_beyond:
        span = max(1, (max(d for *_, d in rest) - horizon).days)
        thick = len(rest) > HORIZON_STRAYS and (
            len(rest) / n > HORIZON_MAX_ROWS or len(rest) / span > HORIZON_MAX_PACE * per_day
        )
        if not thick:
            strays.extend(rest_beyond)
    return strays


def _ledger_horizon(cur: duckdb.DuckDBPyConnection, s: str) -> tuple[date | None, float]:
    """The ledger's last day of regular invoices (see HORIZON_DAYS) and its usual number of
    invoices per day, or None if it has no steady volume to judge by."""
    row = cur.execute(
        f"""
        WITH span AS (
            SELECT quantile_disc(invoice_date, 0.1) AS lo, quantile_disc(invoice_date, 0.9) AS hi
            FROM {s}
        ),
        pace AS (
            SELECT count(*) / (date_diff('day', any_value(lo), any_value(hi)) + 1) AS per_day
            FROM {s}, span WHERE invoice_date BETWEEN lo AND hi
        ),
        daily AS (SELECT invoice_date AS d, count(*) AS k FROM {s} GROUP BY 1),
        recent AS (
            SELECT d, sum(k) OVER (ORDER BY d RANGE BETWEEN INTERVAL {HORIZON_DAYS - 1} DAYS
                                   PRECEDING AND CURRENT ROW) AS k_recent
            FROM daily
        )
        SELECT max(d), any_value(pace.per_day) FROM recent, pace
        WHERE k_recent >= greatest(?, ? * {HORIZON_DAYS} * pace.per_day)
          -- a ledger of fewer invoices a fortnight than a few strays has no steady volume
          AND {HORIZON_DAYS} * pace.per_day >= ?
        """,
        # a fortnight of a few strays is no regular volume
        [HORIZON_STRAYS + 1, HORIZON_SHARE, HORIZON_STRAYS + 1],
    ).fetchone()
    return (row[0], float(row[1])) if row and row[0] is not None else (None, 0.0)
