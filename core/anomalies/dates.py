"""Dates: weekends, bank holidays, backdated and future-dated invoices."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.holidays import holidays_between
from core.anomalies.source import identifier

OUT_OF_PLACE_DAYS = 60  # further than this from the invoices recorded around it
# A list kept tightly in date order shows a smaller misplacement: the limit shrinks to
# SPREAD_LIMITS robust spreads of the rows' own offsets, never under MIN_OUT_OF_PLACE_DAYS.
SPREAD_LIMITS = 8
MIN_OUT_OF_PLACE_DAYS = 14
NEIGHBOURS = 50  # rows either side that define "around it" when no entry date is known
# Without entry dates, the ledger's own end stands in for "today" too: its last day of regular
# invoices is the last day whose HORIZON_DAYS up to it hold at least HORIZON_SHARE of the
# ledger's usual volume; an invoice dated more than HORIZON_GRACE days after it lies beyond
# the period the ledger covers (an export sorted by date keeps no entry order to show it),
# while the thin first weeks of the next period, entered before the export, do not.
HORIZON_DAYS = 14
HORIZON_SHARE = 0.25
HORIZON_GRACE = 30
# Only a thin, isolated tail is future-dated. The tail is the invoices dated past the grace
# days when a gap of more than HORIZON_GRACE days sets them apart and they lie within
# HORIZON_GRACE days of each other, else every invoice after
# the last regular day: a few (HORIZON_STRAYS or fewer) always are future-dated; more, only
# while they are at most HORIZON_MAX_ROWS of the ledger and come at most at HORIZON_MAX_PACE
# of its usual daily volume. A business winding down has a thick tail.
HORIZON_STRAYS = 3
HORIZON_MAX_ROWS = 0.01
HORIZON_MAX_PACE = 0.05


def weekend_dates(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    rows = cur.execute(
        f"SELECT id, vendor, invoice_date, dayname(invoice_date) FROM {identifier(src)}"
        " WHERE isodow(invoice_date) IN (6, 7)"
    ).fetchall()
    return [
        Detection(inv, "weekend_date", 0.3, f"{vendor} dated this invoice on a {day} ({d}).")
        for inv, vendor, d, day in rows
    ]


def holiday_dates(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    s = identifier(src)
    first, last = cur.execute(f"SELECT min(invoice_date), max(invoice_date) FROM {s}").fetchone()
    if first is None:
        return []
    holidays = holidays_between(first, last, cfg.extra_holidays, cfg.base_currency)
    if not holidays:
        return []
    rows = cur.execute(
        f"SELECT id, vendor, invoice_date FROM {s} WHERE isodow(invoice_date) < 6"
        " AND invoice_date IN (SELECT unnest(?::DATE[]))",
        [list(holidays)],
    ).fetchall()
    return [
        Detection(
            inv,
            "holiday_date",
            0.35,
            f"{vendor} dated this invoice on {holidays[d]} ({d}), a bank holiday.",
            {"holiday": holidays[d]},
        )
        for inv, vendor, d in rows
    ]


def out_of_place_dates(
    cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig
) -> list[Detection]:
    """Backdated and future-dated invoices.

    Future: dated after the scan date (as_of), or after the day it was recorded.
    Out of place: far from when it was recorded. With entry timestamps, the lag from invoice
    date to entry is compared with the usual lag (median + max(60 days, 5 MAD)). Without them
    (an imported list) the entry order stands in for time: an invoice dated 60+ days before
    or after the median date of the 50 rows either side, or less in a list kept tightly in
    order (8 robust spreads of every row's offset, at least 14 days). That comparison is made
    only when the list is in date order at all (90 % of rows within 30 days of their
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
            SELECT id, vendor, invoice_date, CAST(recorded_at AS DATE) AS rec,
                   date_diff('day', invoice_date, CAST(recorded_at AS DATE)) AS lag
            FROM {s}
        ),
        m AS (SELECT median(lag) AS ml FROM p),
        d AS (SELECT median(abs(lag - m.ml)) AS mad FROM p, m)
        SELECT id, vendor, invoice_date,
               CASE WHEN invoice_date > ? THEN ? ELSE rec END,
               CASE WHEN invoice_date > ? THEN 'future_today'
                    WHEN invoice_date > rec + INTERVAL 1 DAY THEN 'future_entry'
                    ELSE 'back_entry' END
        FROM p, m, d
        WHERE invoice_date > ? OR invoice_date > rec + INTERVAL 1 DAY
           OR lag > m.ml + greatest(?, 5 * d.mad)
        """,
        [as_of, as_of, as_of, as_of, OUT_OF_PLACE_DAYS],
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
                   least(?, greatest(?, ? * 1.4826 * median(abs("offset")))) AS limit_days
            FROM p
        )
        SELECT id, vendor, invoice_date, "offset",
               CASE WHEN invoice_date > ? THEN 'future_today'
                    WHEN "offset" > 0 THEN 'future_order' ELSE 'back_order' END
        FROM p, st
        WHERE invoice_date > ?
           OR (st.share >= 0.9 AND ? >= ?
               AND abs("offset") > CASE WHEN inner_row THEN st.limit_days ELSE ? END)
        """,
        [
            NEIGHBOURS,
            NEIGHBOURS,
            NEIGHBOURS + 1,
            n - NEIGHBOURS,
            OUT_OF_PLACE_DAYS,
            MIN_OUT_OF_PLACE_DAYS,
            SPREAD_LIMITS,
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
    # strays sit apart (more than HORIZON_GRACE days after every other invoice) and close
    # together; otherwise they may be a trickle, and the whole tail past the last regular
    # day counts
    first_beyond, last_beyond = min(d for *_, d in beyond), max(d for *_, d in beyond)
    before = max([horizon, *(d for *_, d in after if d <= start)])
    apart = (first_beyond - before).days > HORIZON_GRACE
    together = (last_beyond - first_beyond).days <= HORIZON_GRACE  # not a monthly trickle
    tail, since = (beyond, before) if apart and together else (after, horizon)
    days = max(1, (max(d for *_, d in tail) - since).days)
    share, pace = len(tail) / n, len(tail) / days
    if len(tail) > HORIZON_STRAYS and (
        share > HORIZON_MAX_ROWS or pace > HORIZON_MAX_PACE * per_day
    ):
        return out
    flagged = {inv for inv, *_rest in out}
    out.extend(
        (inv, vendor, d, horizon, "future_horizon")
        for inv, vendor, d in beyond
        if inv not in flagged
    )
    return out


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
