"""Split purchases: one purchase billed as several invoices that each stay below the approval
limit and together pass it.

Several large invoices of one vendor within a few days is routine for a busy vendor and rare
for one that bills such sums seldom. So a group is judged against the vendor's own pattern, a
scan statistic an auditor can recompute by hand:

- time runs in working days (weekends and bank holidays, plus configured ones, do not
  count), so a part entered on Friday and one on Monday are one working day apart;
- candidate groups: for every invoice, the vendor's invoices within a window from its working
  day: that day and the next, or a working week (SPLIT_WINDOWS; each window is a family of
  tests that pays for the other in the threshold), each below the limit and at least
  SPLIT_MIN_PART of it, equal parts included; for j = 2, 3, ... the j largest of them whose sum
  reaches the limit (a smallest part under SPLIT_SPARE_PART of the limit only where the others
  fall short of it), with no more parts than the total forces plus one, unless the parts are
  alike (the largest within SPLIT_ALIKE of the smallest, at amounts the vendor bills nowhere
  else): a purchase paid in instalments can come in any number of them; or unless every part
  is a sum the vendor rarely bills (at most SPLIT_RARE_PART of its other invoices reach the
  smallest): a busy week's routine invoices are no such sums. Beside the j largest, the
  anchor's amount repeated in the window is a group: equal parts behind a larger routine
  invoice of the same days are never the j largest. Two families of groups are tested: the
  parts one person entered (uploaded_by: whoever keeps under their own limit), and the
  vendor's parts whoever entered them (the uploader is often an AP clerk, not the
  requester); each family pays for the other in the threshold (FAMILIES);
- q: the share of the vendor's other invoices at least as large as the group's smallest part;
- pace: the vendor's other invoices spread over its active period (first to last invoice) in
  proportion to the whole ledger's volume, so a window in a seasonal surge such as year-end
  expects more (the ledger's volume over RATE_WORKDAYS each side of the group); the whole
  ledger's volume is a steadier gauge of the season than a vendor's own handful of invoices;
  times, in the first family, the person's share of the vendor's invoices;
- expected = pace * q, and p = P(Poisson(expected) >= j); at a vendor whose prices repeat
  within weeks, more where its own invoices around the group tell of a dear season
  (_local_pace); at a vendor whose other invoices this large come several on a day (a
  contractor billing every site's month on one day), they come a batch at a time, and p is
  the chance of the batches j parts need (_batches), never less than the plain count's;
- the vendor (and person) have about active days / window / share windows, so a group is
  reported when p times that number times FAMILIES times len(SPLIT_WINDOWS) is under
  SPLIT_ALPHA: such a group would turn up by chance fewer than SPLIT_ALPHA times in this
  vendor's whole history, its chance divided first by the weight of its uploaders, approvers
  and accounts:
- uploader, approver and account: the ledger's clear splits (chance under SPLIT_CLEAR) show
  whether its splits keep one person entering the parts (the requester), one approver (the
  person whose limit the split dodges) and one expense account (one purchase, one kind of
  cost) more often than chance would; if they do, a group whose parts name several counts as
  less telling, by the likelihood ratio of that (PartsCue): in the vendor-wide family, parts
  three clerks entered are then seldom one person's purchase. One name adds nothing, and
  where the names are assigned at random, or not recorded, the cue weighs nothing;
- one amount: where the clear splits come in equal parts more often than chance, a group
  whose parts are one amount repeated counts as more telling (exact equal amounts are rare by
  chance where a vendor's amounts vary, and its invoices of the same days seldom repeat one),
  at most CUE_MAX_BOOST times, so a group chance alone
  would explain up to that many times more often than SPLIT_ALPHA may still be reported;
- numbers one after another: likewise where the clear splits are numbered one after another
  more often than chance, a group whose parts' numbers run on by one (one order billed as
  several invoices at once) counts as more telling at a vendor whose next invoice to us seldom
  carries the next number (a series shared with its other customers); at a vendor whose series
  is ours alone, every group runs on and the cue weighs nothing.

A group that holds a stronger reported group is dropped: its other invoices only weaken the
evidence, so they are no parts (a split's parts and a routine invoice of the same week). So is
a group the vendor sends as a habit: SPLIT_PRECEDENTS like groups elsewhere in its history
(_unprecedented), such as one platform's statements for all our hotels on one day a month.

Duplicates (the same invoice number again, or the same amount under a number with the same
digits or with letters read as digits) and invoices cancelled by a credit note of the same
amount are not purchases and take no part. Nor is a group most of whose parts are in amounts
the vendor bills on PRICE_ELSEWHERE other occasions or more (_unpriced): those are its prices
(a haulier's long run, a carrier's lane), billed as often as the work comes; a purchase cut
into parts has sums of its own.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import duckdb
import numpy as np

from core.anomalies.amounts import PRICE_LIST_SHARE
from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection, chance_score
from core.anomalies.holidays import holidays_between
from core.anomalies.source import cancelled_sql, identifier
from core.anomalies.stats import poisson_upper
from core.anomalies.text import money

# Windows scanned, in working days: the first part's day and the next (Friday -> Monday), and a
# working week. Each pays for the others in the threshold (len(SPLIT_WINDOWS)).
SPLIT_WINDOWS = (2, 5)
SPLIT_MAX_PARTS = 6
# The smallest part tested: a purchase cut into SPLIT_MAX_PARTS near-equal parts (each within
# 10 % of an equal share) has parts down to 0.9 / 6 of the limit; anything smaller splits nothing
SPLIT_MIN_PART = Decimal("0.15")
# ... and a part under a fifth of the limit only where the purchase needs it to pass the limit:
# a vendor's largest routine invoice of the week beside two large parts is no third part
SPLIT_SPARE_PART = Decimal("0.20")
# More parts than the total forces only as instalments: the largest at most 15 % above the
# smallest. Unlike parts beyond that are mostly a busy week's routine invoices.
SPLIT_ALIKE = Decimal("1.15")
# ... or as parts all among the largest 5 % of the vendor's invoices, whatever their sizes
SPLIT_RARE_PART = 0.05
SPLIT_ALPHA = 0.03
# A group most of whose parts the vendor bills on this many other occasions is its prices, not
# parts; the group's amounts all again within this many days (a working week across a
# holiday) are the same pattern, no other occasion
PRICE_ELSEWHERE = 2
PATTERN_DAYS = 14
SPLIT_PRECEDENTS = 3  # like groups elsewhere in a vendor's history that make one its habit
PRECEDENT_SHARE = Decimal("0.9")  # ... of invoices each at least this share of the smallest part
PRECEDENT_EVERY_DAYS = 91  # ... and at least one a quarter over the vendor's active period
RATE_WORKDAYS = 15  # each side of the group, for the ledger's seasonal pace
# A vendor whose prices repeat within weeks shows its season in its invoices this many days
# either side of a group (see _local_pace), where they are this unlikely at its pace over the
# years, weighed against this many working days at that pace
LOCAL_PACE_DAYS = 30
LOCAL_PACE_SEASON = 0.01
LOCAL_PACE_PRIOR = 20
# Days bringing several of the vendor's large invoices that show it sends batches: so many, and
# this share of the days that bring any
BATCH_DAYS = 5
BATCH_SHARE = 0.2
FAMILIES = 2  # groups one person entered, and the vendor's groups whoever entered them
# Groups chance explains less often than SPLIT_CLEAR are clear splits: they show whether this
# ledger's splits keep one uploader, one approver, one account and one amount. CUE_PRIOR clear
# splits that keep them no more than chance temper what a handful can teach.
SPLIT_CLEAR = 1e-3
CUE_PRIOR = 2
# However many clear splits agree, a group that differs counts at most 100 times less: the
# clear splits are the blatant ones, and a subtler split may be made differently
CUE_MAX_KEEP = 0.99
CUE_MAX_BOOST = 1 / (1 - CUE_MAX_KEEP)  # ... and one that agrees at most 100 times more
CUES = ("uploader", "approver", "account", "amount", "numbers")
# how a reason names the parts' spread over each cue's names
NAMED = {
    "uploader": ("were entered by", "people"),
    "approver": ("went to", "approvers"),
    "account": ("were booked to", "accounts"),
}
# A vendor whose next invoice to us carries the next number this often numbers a series of
# ours alone: its parts' numbers run on whether split or not
OWN_SERIES_RUNS = 0.5
# The cues that only ever count for a group (one amount repeated, numbers one after another):
# parts that differ are as common in a split as by chance
BOOSTS = ("amount", "numbers")


class _Group(NamedTuple):
    """A candidate split: an anchor invoice and the j largest of the vendor's (or one
    person's) invoices in a window from its day, or the j of them in the anchor's amount."""

    anchor: int
    parts: int
    total: Decimal
    vendor: str
    currency: str
    expected: float  # invoices this large chance brings in the window
    tests: float  # the vendor's (or person's) windows of this length
    ids: list[int]
    first: date
    last: date
    requester: str  # the uploader, in the family of groups one person entered
    window: int
    uploaders: int  # distinct people who entered the parts
    uploaders_known: bool  # every part names who entered it
    one_uploader_by_chance: float | None  # that j of the vendor's invoices share one uploader
    approvers: int  # distinct approvers among the parts
    approvers_known: bool  # every part names its approver
    one_approver_by_chance: float | None  # that j of the vendor's invoices share one approver
    accounts: int
    accounts_known: bool
    one_account_by_chance: float | None
    amounts: int  # distinct amounts among the parts
    one_amount_by_chance: float | None  # that j of the vendor's invoices are one amount
    runs: int  # 1 where the parts' numbers run on by one (36601, 36602, 36603), else 2
    runs_known: bool  # every part's number ends in digits, in a series shared with others
    one_run_by_chance: float | None  # that j of the vendor's invoices in a row run on by one
    batch: float = 1.0  # the vendor's other invoices this large, per day it bills any (_batches)
    # ... and the share of those days that bring 1, 2, ... SPLIT_MAX_PARTS or more of them
    batch_sizes: tuple[float, ...] = ()

    def spread(self, what: str) -> tuple[int, bool, float | None]:
        """How many uploaders, approvers, accounts or amounts the parts name, whether every
        part names one, and the chance that j of the vendor's invoices name only one."""
        if what == "uploader":
            return self.uploaders, self.uploaders_known, self.one_uploader_by_chance
        if what == "approver":
            return self.approvers, self.approvers_known, self.one_approver_by_chance
        if what == "amount":
            return self.amounts, True, self.one_amount_by_chance
        if what == "numbers":
            return self.runs, self.runs_known, self.one_run_by_chance
        return self.accounts, self.accounts_known, self.one_account_by_chance


def split_purchases(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    s = identifier(src)
    bounds = cur.execute(f"SELECT min(invoice_date), max(invoice_date) FROM {s}").fetchone()
    if bounds is None or bounds[0] is None:
        return []
    closed = sorted(holidays_between(bounds[0], bounds[1], cfg.extra_holidays, cfg.base_currency))
    out: list[Detection] = []
    for limit in cfg.approval_limits:
        out.extend(_findings(cur, s, _groups(cur, s, limit, closed), limit, closed))
    return out


def _groups(
    cur: duckdb.DuckDBPyConnection, s: str, limit: Decimal, closed: list[date]
) -> list[_Group]:
    """Every candidate group within each of SPLIT_WINDOWS working days with its chance
    expectation, for each anchor invoice, window and j, in both families: the parts one person
    entered (by_person), and any of the vendor's. One query for every window: the ledger's
    calendar, its base and the vendors' pace are the same for all."""
    windows = SPLIT_WINDOWS
    widest = max(windows)
    near = ",\n".join(
        f"""                   sum(k) OVER (ORDER BY wd RANGE BETWEEN {RATE_WORKDAYS} PRECEDING
                                AND {RATE_WORKDAYS + w - 1} FOLLOWING) AS l_near_{w},
                   least(wd + {RATE_WORKDAYS + w - 1}, max(wd) OVER ())
                       - greatest(wd - {RATE_WORKDAYS}, min(wd) OVER ()) + 1 AS near_days_{w}"""
        for w in windows
    )
    seasons = ",\n".join(
        f"                   led.l_near_{w} * {w} / led.near_days_{w} / active.l_active"
        f" AS season_{w}"
        for w in windows
    )
    pick = " ".join(f"WHEN {w} THEN a.season_{w}" for w in windows)
    quietest = ", ".join(f"min(l_near_{w} * {w} / near_days_{w})" for w in windows)
    values = ", ".join(f"({w})" for w in windows)
    # each pair once: a count over the window's days holds a day's other invoices from both
    # ends, so half of them is taken off again (the day's count is the frame of no days, on
    # the same sort)
    near_counts = ", ".join(
        f"count(*) OVER (v RANGE BETWEEN CURRENT ROW AND {w - 1} FOLLOWING)"
        f" - (count(*) OVER (v RANGE CURRENT ROW) + 1) / 2 AS pairs_{w}, "
        f"count(*) OVER (a RANGE BETWEEN CURRENT ROW AND {w - 1} FOLLOWING)"
        f" - (count(*) OVER (a RANGE CURRENT ROW) + 1) / 2 AS same_{w}"
        for w in windows
    )
    near_sums = ", ".join(
        f"sum(pairs_{w}) AS pairs_{w}, sum(same_{w}) AS same_{w}" for w in windows
    )
    # the group left out: all its pairs, and those of one amount among them (j less its
    # distinct amounts, exact unless one amount comes three times beside another)
    own_same = (
        "CASE WHEN count(DISTINCT w.amt) = 1 THEN c.j * (c.j - 1) / 2"
        " ELSE c.j - count(DISTINCT w.amt) END"
    )
    near_pick = " ".join(
        f"WHEN {w} THEN (any_value(ns.same_{w}) - {own_same})"
        f" / nullif(any_value(ns.pairs_{w}) - c.j * (c.j - 1) / 2, 0)"
        for w in windows
    )
    rows = cur.execute(
        f"""
        WITH cal AS (
            -- working-day index: weekends and bank holidays do not count, so Friday and the
            -- next Monday are neighbours and a calendar week is five days of exposure
            SELECT CAST(d AS DATE) AS invoice_date,
                   sum(CASE WHEN isodow(d) < 6 AND NOT list_contains(?::DATE[], CAST(d AS DATE))
                            THEN 1 ELSE 0 END) OVER (ORDER BY d) AS wd
            FROM range((SELECT min(invoice_date) FROM {s}),
                       (SELECT max(invoice_date) FROM {s}) + INTERVAL 1 DAY,
                       INTERVAL 1 DAY) r(d)
        ),
        eligible AS (
            SELECT id, vid, vendor, nkey, rkey, amt, n_same, currency, invoice_date, cal.wd,
                   num, hash(nprefix) AS nprefix,
                   coalesce(uploaded_by, '') AS uploader,
                   CASE WHEN uploaded_by IS NOT NULL THEN hash(uploaded_by) END AS entered_by,
                   -- names as hashes: a million invoices' strings cost memory in every pair
                   CASE WHEN approved_by IS NOT NULL THEN hash(approved_by) END AS approver,
                   CASE WHEN account IS NOT NULL THEN hash(account) END AS account
            FROM {s} s JOIN cal USING (invoice_date)
            WHERE amt > 0 AND is_base AND NOT recurring AND NOT {cancelled_sql(s, "s")}
              AND NOT suffixed
        ),
        copies AS (
            -- a copy is no part: the same number plus a short suffix ('RE-3109/1': suffixed),
            -- the same number (base), or the same amount and digits ('S07663' and '7663',
            -- 'DE-8888' and 'DE-8888-A') or letters read as digits ('1NV-0443' and
            -- 'INV-0443'); equal parts of a split carry other numbers. Only an amount the
            -- vendor billed more than once (n_same) can have a copy of the same amount.
            SELECT id FROM eligible WHERE n_same > 1
            QUALIFY row_number() OVER (
                        PARTITION BY vid, amt, {_digits_sql("nkey")} ORDER BY invoice_date, id) > 1
                 OR row_number() OVER (
                        PARTITION BY vid, amt, rkey ORDER BY invoice_date, id) > 1
        ),
        base AS (
            -- each number once, the first of it (by a grouping: a million rows' sort costs a
            -- second), and no copy
            SELECT * EXCLUDE (rkey) FROM eligible
            WHERE id IN (SELECT min_by(id, (invoice_date, id)) FROM eligible GROUP BY vid, nkey)
              AND id NOT IN (SELECT id FROM copies)
        ),
        sized AS (
            -- n_ge: the vendor's invoices at least this large, the same in either family; only
            -- a part's size needs it, so only the invoices as large as the smallest part count
            SELECT id, count(*) OVER (PARTITION BY vid ORDER BY amt DESC
                                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n_ge
            FROM base WHERE amt >= ? * ?
        ),
        pos AS (
            -- each invoice once per family: who is the person in the first, nobody in the other
            SELECT base.*, f.by_person, CASE WHEN f.by_person THEN uploader ELSE '' END AS who
            FROM base, (VALUES (true), (false)) f(by_person)
        ),
        daily AS (
            -- the whole ledger's volume per working day: its seasonal pace (a year-end surge)
            SELECT wd, count(*) AS k FROM {s} JOIN cal USING (invoice_date) GROUP BY wd
        ),
        led AS (
            SELECT wd, k, sum(k) OVER (ORDER BY wd) AS cum,
{near}
            FROM daily
        ),
        vend AS (
            SELECT vid, count(*) AS n, min(wd) AS first_wd, max(wd) AS last_wd
            FROM base GROUP BY vid
        ),
        active AS (
            -- the ledger's volume while the vendor was active, first to last invoice
            SELECT v.vid, v.n, v.last_wd - v.first_wd + 1 AS days,
                   l.cum - f.cum + f.k AS l_active
            FROM vend v JOIN led f ON f.wd = v.first_wd JOIN led l ON l.wd = v.last_wd
        ),
        req AS (
            SELECT vid, by_person, who,
                   CASE WHEN who = '' THEN 1.0 ELSE count(*) / any_value(vend.n) END AS share
            FROM pos JOIN vend USING (vid) GROUP BY vid, by_person, who
        ),
        quiet AS (
            -- the ledger's slowest window: no group anywhere expects less of the vendor
            SELECT least({quietest}) AS pace FROM led
        ),
        p AS (
            -- season: the share of the vendor's active-period volume that the ledger's pace
            -- puts into a window of this length around this day
            SELECT pos.*, sized.n_ge, active.n, active.days, req.share,
{seasons},
                   quiet.pace / active.l_active AS least_season
            FROM pos JOIN sized USING (id) JOIN active USING (vid)
            JOIN req USING (vid, by_person, who) JOIN led USING (wd), quiet
        ),
        parts AS (
            -- a part so routine for the vendor that a group whose smallest part it is would
            -- be expected by chance at least once in any window, with the most parts, is in
            -- no group worth testing, nor is anything smaller: a busy vendor's everyday
            -- invoices would otherwise pair by the million (the bound of cand's expected)
            SELECT * FROM p WHERE amt < ? AND amt >= ? * ?
              AND (n <= {SPLIT_MAX_PARTS}
                   OR (n - {SPLIT_MAX_PARTS}) / (n - {SPLIT_MAX_PARTS} + 1) * least_season
                      * (n_ge - {SPLIT_MAX_PARTS} + 0.5) * share < 1)
            QUALIFY sum(amt) OVER (PARTITION BY vid, by_person, who ORDER BY wd
                                   RANGE BETWEEN {widest - 1} PRECEDING
                                         AND {widest - 1} FOLLOWING) >= ?
        ),
        largest AS (
            -- the parts one requester entered for one vendor within the window; equal parts
            -- are the commonest split (a copy under the same number left the base already).
            -- Only each window's SPLIT_MAX_PARTS largest can be parts of a group, and a busy
            -- vendor has thousands of pairs a week: they are ranked narrow, then widened. The
            -- ranking's running sums are its groups' (j parts, their total, the largest)
            SELECT a.id AS anchor, a.by_person, ws.w, CASE ws.w {pick} END AS a_season,
                   false AS equal, b.id AS part, row_number() OVER r AS j,
                   sum(b.amt) OVER r AS total, first_value(b.amt) OVER r AS largest,
                   max(b.n_same) OVER r AS most_same
            FROM parts a JOIN parts b
              ON a.vid = b.vid AND a.by_person = b.by_person AND a.who = b.who
             AND b.wd >= a.wd AND b.wd <= a.wd + {widest - 1}
            JOIN (VALUES {values}) ws(w) ON b.wd <= a.wd + ws.w - 1
            WINDOW r AS (PARTITION BY a.id, a.by_person, ws.w ORDER BY b.amt DESC, b.id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            QUALIFY row_number() OVER r <= {SPLIT_MAX_PARTS}
        ),
        equal AS (
            -- the anchor's amount repeated in the window: equal parts hidden behind a larger
            -- routine invoice of the same days are no group of the largest
            SELECT a.id AS anchor, a.by_person, ws.w, CASE ws.w {pick} END AS a_season,
                   true AS equal, b.id AS part
            FROM parts a JOIN parts b
              ON a.vid = b.vid AND a.by_person = b.by_person AND a.who = b.who
             AND b.amt = a.amt AND b.wd >= a.wd AND b.wd <= a.wd + {widest - 1}
            JOIN (VALUES {values}) ws(w) ON b.wd <= a.wd + ws.w - 1
            WHERE a.n_same > 1
            QUALIFY count(*) OVER (PARTITION BY a.id, a.by_person, ws.w) > 1
                AND row_number() OVER (PARTITION BY a.id, a.by_person, ws.w
                                       ORDER BY b.wd, b.id) <= {SPLIT_MAX_PARTS}
        ),
        win AS (
            SELECT l.anchor, l.w, l.a_season, l.equal, b.*, l.j, l.total, l.largest, l.most_same
            FROM largest l JOIN parts b ON b.id = l.part AND b.by_person = l.by_person
            UNION ALL
            SELECT l.anchor, l.w, l.a_season, l.equal, b.*, row_number() OVER r AS j,
                   sum(b.amt) OVER r AS total, first_value(b.amt) OVER r AS largest,
                   max(b.n_same) OVER r AS most_same
            FROM equal l JOIN parts b ON b.id = l.part AND b.by_person = l.by_person
            WINDOW r AS (PARTITION BY l.anchor, l.by_person, l.w ORDER BY b.amt DESC, b.id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        ),
        shares AS (
            -- how many of the vendor's invoices name each approver, uploader, account, amount
            SELECT vid, 'approver' AS what, count(*) AS k,
                   sum(count(*)) OVER (PARTITION BY vid) AS n
            FROM base WHERE approver IS NOT NULL GROUP BY vid, approver
            UNION ALL
            SELECT vid, 'uploader', count(*), sum(count(*)) OVER (PARTITION BY vid)
            FROM base WHERE entered_by IS NOT NULL GROUP BY vid, entered_by
            UNION ALL
            SELECT vid, 'account', count(*), sum(count(*)) OVER (PARTITION BY vid)
            FROM base WHERE account IS NOT NULL GROUP BY vid, account
            UNION ALL
            SELECT vid, 'amount', count(*), sum(count(*)) OVER (PARTITION BY vid)
            FROM base GROUP BY vid, amt
        ),
        drawn AS (
            -- the chance that j of the vendor's invoices, drawn without putting back, all name
            -- this one: k! (n - j)! / ((k - j)! n!). With putting back (its share to the j-th
            -- power) a vendor whose amounts never repeat would still meet its own amount again
            -- one time in n
            SELECT vid, what, j,
                   CASE WHEN k >= j THEN exp(lgamma(k + 1) - lgamma(k - j + 1)
                                             - lgamma(n + 1) + lgamma(n - j + 1))
                        ELSE 0 END AS p
            FROM shares, range(2, ? + 1) r(j)
        ),
        one_by_chance AS (
            -- the chance that j of the vendor's invoices were entered by one person, went to one
            -- approver, one account, or are one amount
            SELECT vid, j, sum(p) FILTER (WHERE what = 'uploader') AS uploader,
                   sum(p) FILTER (WHERE what = 'approver') AS approver,
                   sum(p) FILTER (WHERE what = 'account') AS account,
                   sum(p) FILTER (WHERE what = 'amount') AS amount
            FROM drawn
            GROUP BY vid, j
        ),
        cand AS (
            -- row j holds the group's smallest part: q is the share of the vendor's other
            -- invoices at least that large, per_window its pace here, the group left out
            SELECT * FROM (
                SELECT *, per_window * q * share AS expected,
                       greatest(days / w, 1) / share AS tests
                FROM (
                    SELECT anchor, by_person, w, equal, j, total, vid, vendor, currency, share,
                           (n_ge - j + 0.5) / (n - j + 1) AS q,
                           (n - j) * a_season AS per_window, days
                    FROM win
                    WHERE j BETWEEN 2 AND ? AND total >= ? AND (amt >= ? OR total - amt < ?)
                      -- as few parts as the limit forces, or one more: 15,000 goes in 2 or 3
                      -- parts; more only as alike instalments, none at a price the vendor
                      -- bills elsewhere, or as parts all rare for the vendor
                      AND (j <= ceil(total / ?) + 1 OR (largest <= ? * amt AND most_same <= j)
                           OR (n_ge - j + 0.5) / (n - j + 1) <= ?)))
            WHERE expected < 1
              -- the Poisson tail's first term bounds _chance from below: a group that fails
              -- the first cut in _findings on it alone is not gathered (a million invoices'
              -- pairs), nor are its vendor's pace and runs read
              AND (expected <= 0
                   OR exp(ln(expected) * j - expected - lgamma(j + 1)) * greatest(tests, 1) * ?
                      < ?)
        ),
        runs AS (
            -- how often the vendor's next invoice to us carries the next number: nearly
            -- always for a series of our own, seldom for one shared with other customers
            SELECT vid, avg(CASE WHEN num = prev_num + 1 AND nprefix = prev_prefix
                                  THEN 1.0 ELSE 0.0 END) AS r
            FROM (
                SELECT vid, num, nprefix,
                       lag(num) OVER v AS prev_num, lag(nprefix) OVER v AS prev_prefix
                FROM base WHERE num IS NOT NULL AND vid IN (SELECT vid FROM cand)
                WINDOW v AS (PARTITION BY vid ORDER BY invoice_date, num, id))
            WHERE prev_num IS NOT NULL GROUP BY vid
        ),
        near_same AS (
            -- pairs of the vendor's invoices within each window, and those of one amount: how
            -- often its invoices of the same days repeat an amount (a lane billed three times a
            -- week), which its amounts' shares over the years do not tell
            SELECT vid, {near_sums}
            FROM (SELECT vid, {near_counts} FROM base
                  -- only the vendors with a group to weigh
                  WHERE vid IN (SELECT vid FROM cand)
                  WINDOW v AS (PARTITION BY vid ORDER BY wd),
                         a AS (PARTITION BY vid, amt ORDER BY wd))
            GROUP BY vid
        )
        SELECT c.anchor, c.j, c.total, c.vendor, c.currency, c.expected, c.tests,
               list(w.id ORDER BY w.invoice_date, w.id) AS ids,
               min(w.invoice_date) AS first, max(w.invoice_date) AS last,
               any_value(w.who) AS who,
               c.w AS window,
               count(DISTINCT w.entered_by) AS uploaders,
               count(w.entered_by) = c.j AS uploaders_known,
               any_value(o.uploader) AS one_uploader_by_chance,
               count(DISTINCT w.approver) AS approvers,
               count(w.approver) = c.j AS approvers_known,
               any_value(o.approver) AS one_approver_by_chance,
               count(DISTINCT w.account) AS accounts,
               count(w.account) = c.j AS accounts_known,
               any_value(o.account) AS one_account_by_chance,
               count(DISTINCT w.amt) AS amounts,
               -- the larger of its chance over the years and within days (the share of the
               -- vendor's pairs within the window that repeat an amount, the group's left out)
               greatest(any_value(o.amount),
                        pow(greatest(coalesce(CASE c.w {near_pick} END, 0), 0), c.j - 1))
                   AS one_amount_by_chance,
               CASE WHEN max(w.num) - min(w.num) = c.j - 1 AND count(DISTINCT w.num) = c.j
                         AND count(DISTINCT w.nprefix) = 1 THEN 1 ELSE 2 END AS runs,
               -- a series of our own runs on anyway: its numbers tell nothing
               count(w.num) = c.j AND coalesce(any_value(rn.r), 1) < {OWN_SERIES_RUNS}
                   AS runs_known,
               pow(any_value(rn.r), c.j - 1) AS one_run_by_chance
        FROM cand c
        JOIN win w ON w.anchor = c.anchor AND w.by_person = c.by_person AND w.w = c.w
         AND w.equal = c.equal AND w.j <= c.j
        LEFT JOIN one_by_chance o ON o.vid = c.vid AND o.j = c.j
        LEFT JOIN runs rn ON rn.vid = c.vid
        LEFT JOIN near_same ns ON ns.vid = c.vid
        GROUP BY c.anchor, c.by_person, c.w, c.equal, c.j, c.total, c.vid, c.vendor,
                 c.currency, c.expected, c.tests
        ORDER BY c.by_person DESC, c.anchor, c.w, c.equal, c.j
        """,
        [
            *(closed, limit, SPLIT_MIN_PART, limit, limit, SPLIT_MIN_PART, limit),
            *(SPLIT_MAX_PARTS, SPLIT_MAX_PARTS, limit, SPLIT_SPARE_PART * limit, limit),
            *(limit, SPLIT_ALIKE, SPLIT_RARE_PART),
            *(FAMILIES * len(SPLIT_WINDOWS), SPLIT_ALPHA * CUE_MAX_BOOST * (1 + 1e-9)),
        ],
    ).fetchall()
    return [_Group(*row) for row in rows]


def _digits_sql(key: str) -> str:
    """SQL: a number key's digits without leading zeros ('S07663' and '7663' are one number),
    or the whole key where it has none."""
    return f"coalesce(nullif(ltrim(regexp_replace({key}, '[^0-9]', '', 'g'), '0'), ''), {key})"


def _chance(g: _Group) -> float:
    """How often chance alone would give such a group in the vendor's whole history, for every
    test run on it (its windows, families, and the vendor's windows of that length)."""
    # batches make a count likelier, never less likely: the plain count bounds it from below
    p = poisson_upper(g.parts, g.expected)
    if g.batch > 1 and g.batch_sizes:
        p = max(p, _compound_upper(g.parts, g.expected / g.batch, g.batch_sizes))
    return p * max(g.tests, 1.0) * FAMILIES * len(SPLIT_WINDOWS)


def _compound_upper(j: int, rate: float, sizes: tuple[float, ...]) -> float:
    """P(X >= j) where X is the invoices of Poisson(rate) batches, each of y invoices with
    probability sizes[y - 1] (the last share holding every larger batch): Panjer's recursion
    for P(X = x), x < j."""
    below = [math.exp(-rate)]
    for x in range(1, j):
        below.append(
            rate
            / x
            * sum(y * sizes[y - 1] * below[x - y] for y in range(1, min(x, len(sizes)) + 1))
        )
    return min(1.0, max(0.0, 1.0 - sum(below)))


def _unpriced(cur: duckdb.DuckDBPyConnection, s: str, groups: list[_Group]) -> list[_Group]:
    """The groups that are not mostly prices: a group most of whose parts are in amounts the
    vendor bills on PRICE_ELSEWHERE other occasions or more is its prices billed as often as
    the work comes (a haulier's long run, a carrier's lane, and perhaps one odd invoice of the
    same days), not parts cut from one purchase; half of them a part of its own is judged by
    chance like any group. At a vendor that bills from a price list (most of its invoices
    are in amounts it bills on another occasion: PRICE_LIST_SHARE, as for repeated amounts;
    a calendar fee beside varying jobs makes no list), such as a carrier's lanes, one such
    part is enough: its other sums of those days are prices too, seen less often.

    An occasion is an invoice in the base currency, neither a suffixed copy nor cancelled by a
    credit note, once per amount and number (a resend under its number, letters read as
    digits, is the same invoice). Another occasion of a part's amount counts where the
    group's amounts do not all come again around it within PATTERN_DAYS: where they do, that
    is the same pattern again (a person splitting one order every two months), no price. In
    equal parts that pattern is one amount, which is also how a price comes a few times a
    week: there an occasion in the group's own stretch (within PATTERN_DAYS) counts still."""
    if not groups:
        return groups
    rows = cur.execute(
        f"""
        WITH g AS (SELECT unnest(?::BIGINT[]) AS k, unnest(?::BIGINT[][]) AS ids),
        parts AS (
            SELECT g.k, p.vkey, p.amt, any_value(p.n_same) - count(*) AS elsewhere
            FROM g, unnest(g.ids) u(id) JOIN {s} p ON p.id = u.id
            GROUP BY g.k, p.vkey, p.amt
        ),
        -- only a group with an amount billed often enough beside it is read further
        wide AS (SELECT k FROM parts GROUP BY k HAVING max(elsewhere) >= ?),
        occasions AS (
            SELECT vkey, amt, recurring,
                   {_digits_sql("rkey")} AS number,
                   min(invoice_date) AS invoice_date, list(id) AS ids
            FROM {s} o
            WHERE amt > 0 AND is_base AND NOT suffixed
              AND vkey IN (SELECT vkey FROM parts JOIN wide USING (k))
              AND NOT {cancelled_sql(s, "o")}
            GROUP BY ALL
        ),
        -- the vendors that bill from a price list: most of their occasions (calendar fees
        -- aside) are in an amount they bill on another
        listed AS (
            SELECT vkey, sum(n) FILTER (WHERE n >= 2) >= ? * sum(n) AS listed
            FROM (SELECT vkey, amt, count(*) AS n FROM occasions WHERE NOT recurring
                  GROUP BY ALL)
            GROUP BY vkey
        )
        SELECT parts.k, o.ids, o.amt, o.invoice_date, o.number, coalesce(listed.listed, false)
        FROM parts JOIN wide USING (k) LEFT JOIN listed USING (vkey)
        JOIN occasions o ON o.vkey = parts.vkey AND o.amt = parts.amt
        ORDER BY parts.k, o.invoice_date, o.number
        """,
        [list(range(len(groups))), [g.ids for g in groups], PRICE_ELSEWHERE, PRICE_LIST_SHARE],
    ).fetchall()
    copies: dict[int, list[tuple[list[int], Decimal, date, str]]] = {}
    lanes: dict[int, bool] = {}
    for k, ids, amt, day, number, listed in rows:
        copies.setdefault(k, []).append((ids, amt, day, number))
        lanes[k] = listed
    return [
        g for k, g in enumerate(groups) if k not in copies or not _priced(g, copies[k], lanes[k])
    ]


def _priced(g: _Group, copies: list[tuple[list[int], Decimal, date, str]], lanes: bool) -> bool:
    """Whether most of the group's parts are in amounts that come on PRICE_ELSEWHERE other
    occasions, or any part at a vendor that bills from a price list (lanes) (copies: the
    vendor's occasions in the group's amounts, in date order: their invoices, a part's with
    its copies under its number, and their numbers' digits)."""
    own = set(g.ids)
    wanted: Counter[Decimal] = Counter()
    others: list[tuple[Decimal, date]] = []
    for ids, amt, day, _ in copies:
        if own.isdisjoint(ids):
            others.append((amt, day))
        else:
            wanted[amt] += len(own.intersection(ids))
    near = timedelta(PATTERN_DAYS)
    around: Counter[Decimal] = Counter()  # the other occasions within PATTERN_DAYS of this one
    occasions: Counter[Decimal] = Counter()
    lo = hi = 0
    for amt, day in others:
        while hi < len(others) and others[hi][1] <= day + near:
            around[others[hi][0]] += 1
            hi += 1
        while others[lo][1] < day - near:
            around[others[lo][0]] -= 1
            lo += 1
        beside = len(wanted) == 1 and g.first - near <= day <= g.last + near
        if beside or any(around[a] < n for a, n in wanted.items()):
            occasions[amt] += 1
    priced = sum(n for a, n in wanted.items() if occasions[a] >= PRICE_ELSEWHERE)
    return priced > 0 if lanes else 2 * priced > g.parts


def _smallest_parts(
    cur: duckdb.DuckDBPyConnection, s: str, groups: list[_Group]
) -> list[tuple[str, Decimal]]:
    """Each group's vendor key and smallest part, read once for the season and batch tests."""
    if not groups:
        return []
    found = dict(
        (k, (vkey, smallest))
        for k, vkey, smallest in cur.execute(
            f"""
            SELECT g.k, any_value(p.vkey), min(p.amt)
            FROM (SELECT unnest(?::BIGINT[]) AS k, unnest(?::BIGINT[][]) AS ids) g,
                 unnest(g.ids) u(id) JOIN {s} p ON p.id = u.id
            GROUP BY g.k
            """,
            [list(range(len(groups))), [g.ids for g in groups]],
        ).fetchall()
    )
    return [found[k] for k in range(len(groups))]


def _local_pace(
    cur: duckdb.DuckDBPyConnection,
    s: str,
    groups: list[_Group],
    parts: list[tuple[str, Decimal]],
    closed: list[date],
) -> list[_Group]:
    """Each group's expectation at a vendor whose prices repeat within weeks (a carrier's lane
    rates under a monthly fuel surcharge), raised to what its invoices around the group give
    where they tell of a season: its (or the person's) invoices at least as large as the
    smallest part within LOCAL_PACE_DAYS of the group, the group left out, counted per working
    day with LOCAL_PACE_PRIOR working days at its pace over the years (parts: each group's
    vendor and smallest part, _smallest_parts), where so many would
    come at that pace with a chance under LOCAL_PACE_SEASON. In a month of dear fuel every
    lane costs more, and such invoices come together as the season's, not as a split's; a
    count that chance explains leaves the years' pace alone, so that one large invoice near a
    split does not hide it."""
    if not groups:
        return groups
    around = timedelta(LOCAL_PACE_DAYS)
    counts = dict(
        cur.execute(
            f"""
            WITH g AS (
                SELECT unnest(?::BIGINT[]) AS k, unnest(?::DATE[]) AS first,
                       unnest(?::DATE[]) AS last, unnest(?::VARCHAR[]) AS who,
                       unnest(?::BIGINT[][]) AS ids, unnest(?::VARCHAR[]) AS vkey,
                       unnest(?::DECIMAL(18, 2)[]) AS smallest
            )
            SELECT g.k, count(o.id)
            FROM g
            LEFT JOIN {s} o
              ON o.vkey = g.vkey AND o.amt >= g.smallest AND o.is_base
             AND NOT o.recurring AND NOT o.suffixed
             AND o.invoice_date BETWEEN g.first - INTERVAL {LOCAL_PACE_DAYS} DAY
                                    AND g.last + INTERVAL {LOCAL_PACE_DAYS} DAY
             AND (g.who = '' OR coalesce(o.uploaded_by, '') = g.who)
             AND NOT list_contains(g.ids, o.id)
            WHERE g.vkey IN (SELECT vkey FROM {s} WHERE local_prices)
            GROUP BY g.k
            """,
            [
                list(range(len(groups))),
                [g.first for g in groups],
                [g.last for g in groups],
                [g.requester for g in groups],
                [g.ids for g in groups],
                *map(list, zip(*parts, strict=True)),
            ],
        ).fetchall()
    )
    holidays = np.array(closed, dtype="datetime64[D]")
    firsts = np.array([g.first - around for g in groups], dtype="datetime64[D]")
    lasts = np.array([g.last + around + timedelta(1) for g in groups], dtype="datetime64[D]")
    days = np.busday_count(firsts, lasts, holidays=holidays)
    out = []
    for k, g in enumerate(groups):
        per_day = g.expected / g.window
        seen = counts.get(k, 0)
        if poisson_upper(seen, per_day * days[k]) >= LOCAL_PACE_SEASON:
            out.append(g)
            continue
        local = (seen + LOCAL_PACE_PRIOR * per_day) / (days[k] + LOCAL_PACE_PRIOR)
        out.append(g._replace(expected=max(g.expected, float(local) * g.window)))
    return out


def _batches(
    cur: duckdb.DuckDBPyConnection, s: str, groups: list[_Group], parts: list[tuple[str, Decimal]]
) -> list[_Group]:
    """Each group with how many of its vendor's other invoices at least PRECEDENT_SHARE of its
    smallest part come on one day, on the days that bring any, and how those days' counts
    spread, where BATCH_DAYS or more days, BATCH_SHARE of them, bring several: a contractor
    billing every site's month on one day sends its large invoices in batches, so the invoices
    in a window come a batch at a time (a compound Poisson: batches at the pace over the mean
    batch, each as large as the vendor's days are). A vendor whose large invoices come one a
    day keeps the plain count."""
    if not groups:
        return groups
    days: dict[int, dict[int, int]] = {}
    for k, size, n in cur.execute(
        f"""
            WITH g AS (
                SELECT unnest(?::BIGINT[]) AS k, unnest(?::BIGINT[][]) AS ids,
                       unnest(?::VARCHAR[]) AS vkey, ? * unnest(?::DECIMAL(18, 2)[]) AS floor
            )
            SELECT k, size, count(*) FROM (
                SELECT g.k, o.invoice_date, count(*) AS size
                FROM g
                JOIN {s} o
                  ON o.vkey = g.vkey AND o.amt >= g.floor AND o.is_base
                 AND NOT o.recurring AND NOT o.suffixed AND NOT list_contains(g.ids, o.id)
                GROUP BY g.k, o.invoice_date)
            GROUP BY k, size
            """,
        [
            list(range(len(groups))),
            [g.ids for g in groups],
            [vkey for vkey, _ in parts],
            PRECEDENT_SHARE,
            [smallest for _, smallest in parts],
        ],
    ).fetchall():
        days.setdefault(k, {})[size] = n
    out = []
    for k, g in enumerate(groups):
        sizes = days.get(k, {})
        total = sum(sizes.values())
        # batches the vendor sends as a rule, not a day or two of coincidence (or of splits)
        several = sum(n for size, n in sizes.items() if size > 1)
        if several < BATCH_DAYS or several < BATCH_SHARE * total:
            out.append(g)
            continue
        spread = [0.0] * SPLIT_MAX_PARTS
        for size, n in sizes.items():
            spread[min(size, SPLIT_MAX_PARTS) - 1] += n / total
        mean = sum(size * n for size, n in sizes.items()) / total
        out.append(g._replace(batch=mean, batch_sizes=tuple(spread)))
    return out


def _strongest(scored: list[tuple[float, _Group]]) -> list[tuple[float, _Group]]:
    """The most significant group per anchor: an anchor's groups are nested (its j largest
    parts, or j parts in its amount, j = 2, 3, ...), so only the strongest speaks for it and
    a routine small invoice does not ride along as a part."""
    best: dict[int, tuple[float, _Group]] = {}
    for chance, g in scored:
        if g.anchor not in best or chance < best[g.anchor][0]:
            best[g.anchor] = (chance, g)
    return list(best.values())


def _minimal(kept: list[tuple[float, _Group]]) -> list[tuple[float, _Group]]:
    """Drop a group that holds a stronger one: its other invoices weaken the evidence, so they
    are no parts (a split's three parts plus a routine invoice of the same week, say)."""
    sets = [frozenset(g.ids) for _, g in kept]
    holding: dict[int, list[int]] = {}
    for k, ids in enumerate(sets):
        for inv in ids:
            holding.setdefault(inv, []).append(k)
    return [
        (chance, g)
        for k, (chance, g) in enumerate(kept)
        if not any(
            sets[o] < sets[k] and kept[o][0] < chance for inv in sets[k] for o in holding[inv]
        )
    ]


def _unprecedented(
    cur: duckdb.DuckDBPyConnection, s: str, kept: list[tuple[float, _Group]], limit: Decimal
) -> list[tuple[float, _Group]]:
    """Drop a group whose like the vendor (or the person) sent SPLIT_PRECEDENTS times or more
    elsewhere in its history: as many invoices about as large as the smallest part or larger
    (PRECEDENT_SHARE), below the limit, within as many days, and at least once a quarter over
    the vendor's active period (PRECEDENT_EVERY_DAYS). A vendor that bills all our sites on
    one day each month, or whose deliveries bunch in every busy week, sends such groups as a
    habit the pace model, which spreads invoices evenly, does not see; a person who splits a
    purchase every two months is no such habit."""
    if not kept:
        return kept
    ids = sorted({i for _, g in kept for i in g.ids})
    part = {
        i: (vkey, amt)
        for i, vkey, amt in cur.execute(
            f"SELECT id, vkey, amt FROM {s} WHERE id IN (SELECT unnest(?::BIGINT[]))", [ids]
        ).fetchall()
    }
    smallest = PRECEDENT_SHARE * min(amt for _, amt in part.values())
    history: dict[str, list[tuple[date, Decimal, str, int]]] = {}
    for vkey, d, amt, who, i in cur.execute(
        f"""
        SELECT vkey, invoice_date, amt, coalesce(uploaded_by, ''), id FROM {s}
        WHERE vkey IN (SELECT unnest(?::VARCHAR[])) AND amt >= ? AND amt < ? AND is_base
        ORDER BY vkey, invoice_date, id
        """,
        [sorted({vkey for vkey, _ in part.values()}), smallest, limit],
    ).fetchall():
        history.setdefault(vkey, []).append((d, amt, who, i))
    # a habit recurs: at least once a PRECEDENT_EVERY_DAYS over the vendor's active years, so
    # a person who splits now and then is no habit of the vendor's
    active = {
        vkey: (last - first).days
        for vkey, first, last in cur.execute(
            f"SELECT vkey, min(invoice_date), max(invoice_date) FROM {s}"
            " WHERE vkey IN (SELECT unnest(?::VARCHAR[])) GROUP BY vkey",
            [sorted(history)],
        ).fetchall()
    }
    out = []
    for chance, g in kept:
        vkey = part[g.ids[0]][0]
        floor = PRECEDENT_SHARE * min(part[i][1] for i in g.ids)
        days = [
            d
            for d, amt, who, i in history.get(vkey, [])
            if amt >= floor and (not g.requester or who == g.requester) and i not in g.ids
        ]
        needed = max(SPLIT_PRECEDENTS, active.get(vkey, 0) / PRECEDENT_EVERY_DAYS)
        if _precedents(days, g) < needed:
            out.append((chance, g))
    return out


def _precedents(days: list[date], g: _Group) -> int:
    """Disjoint runs of g.parts invoices within the group's window (its working days and a
    weekend) among the vendor's other invoice dates, away from the group itself."""
    span = g.window + 2
    found, k = 0, 0
    while k + g.parts - 1 < len(days):
        start, end = days[k], days[k + g.parts - 1]
        near = start <= g.last + timedelta(span) and end >= g.first - timedelta(span)
        if (end - start).days < span and not near:
            found += 1
            k += g.parts
        else:
            k += 1
    return found


@dataclass(frozen=True)
class PartsCue:
    """Whether this ledger's splits keep one approver (or one uploader, one account, or one
    amount repeated) more often than chance, learnt from its clear splits, which need no such
    cue to be found.

    Model: a share `keep` of splits keeps one by design (a purchase split to stay under one
    person's limit, one kind of cost); the others name approvers as the vendor's invoices do.
    Then several approvers are (1 - keep) times as likely in a split as in a chance group, at
    any vendor; keep is the clear splits' excess of one approver over chance's expectation.
    Where approvers are assigned at random, there is no excess and the cue weighs nothing."""

    what: str  # one of CUES
    clear: int  # clear splits in which every part names one
    shared: int  # of them, those that name only one
    expected: float  # how many would by chance
    keep: float

    @classmethod
    def learn(cls, what: str, clear: list[_Group]) -> PartsCue:
        known = [(n, p) for n, ok, p in (g.spread(what) for g in clear) if ok and p is not None]
        shared = sum(1 for n, _ in known if n == 1)
        expected = sum(p for _, p in known)
        excess = max(0.0, shared - expected)
        keep = excess / (len(known) - expected + CUE_PRIOR) if known else 0.0
        return cls(what, len(known), shared, expected, min(keep, CUE_MAX_KEEP))

    def weight(self, g: _Group) -> float:
        """The likelihood ratio of split to chance that the parts' uploaders, approvers,
        accounts, amounts or numbers give. Several uploaders, approvers or accounts: 1 - keep;
        one proves nothing, since a vendor's invoices often come from one clerk, go to one
        person or one account anyway. One amount repeated
        exactly is rare by chance wherever a vendor's amounts vary (p, its chance), so it
        counts 1 + keep (1 - p) / p for the group; several amounts count nothing against it,
        since a purchase is cut into uneven parts as often as into equal ones, and the clear
        splits, found without this cue, do not tell how often the subtler ones are. Numbers
        one after another count the same way, p the chance of such a run at that vendor."""
        n, known, by_chance = g.spread(self.what)
        if not known or by_chance is None:
            return 1.0
        if n > 1:
            return 1.0 if self.what in BOOSTS else 1.0 - self.keep
        if self.what in BOOSTS and self.keep > 0:
            return min(CUE_MAX_BOOST, 1.0 + self.keep * (1 - by_chance) / max(by_chance, 1e-12))
        return 1.0

    def reason(self, g: _Group) -> str:
        n = g.spread(self.what)[0]
        clear = (
            f"{self.shared} of the {self.clear} splits in this ledger that chance cannot explain"
        )
        chance = f"(about {self.expected:.1f} by chance)"
        if self.what == "amount":  # it only ever counts for a group of one amount
            return f"its parts are one amount repeated, as {clear} are {chance}"
        if self.what == "numbers":  # ... and of numbers one after another
            return f"its parts are numbered one after another, as {clear} are {chance}"
        went, names = NAMED[self.what]
        return f"its parts {went} {n} {names}, while {clear} {went} one {chance}"


def _cues(scored: list[tuple[float, _Group]]) -> list[PartsCue]:
    # the uploader's cue learns from the vendor-wide family alone: one person's groups are
    # likelier to be clear for being one person's, which would teach the cue its own premise
    clear = _clear(scored)
    vendors = _clear([(c, g) for c, g in scored if not g.requester])
    return [PartsCue.learn(what, vendors if what == "uploader" else clear) for what in CUES]


def _clear(scored: list[tuple[float, _Group]]) -> list[_Group]:
    """The clear splits: several anchors find the same or overlapping parts, so strongest
    first, each invoice counts in one clear split."""
    clear, taken = [], set()
    for _, g in sorted(
        _minimal([(c, g) for c, g in _strongest(scored) if c < SPLIT_CLEAR]), key=lambda cg: cg[0]
    ):
        if taken.isdisjoint(g.ids):
            clear.append(g)
            taken.update(g.ids)
    return clear


def _weight(cues: list[PartsCue], g: _Group) -> float:
    return math.prod(cue.weight(g) for cue in cues)


def _score(chance: float) -> float:
    """0.6 at the reporting threshold, 0.05 more for each tenfold less likely by chance: the
    inbox ranks a group chance makes once in a billion histories above a borderline one."""
    return chance_score(chance, at=SPLIT_ALPHA, base=0.6, per_decade=0.05, cap=0.95)


def _findings(
    cur: duckdb.DuckDBPyConnection,
    s: str,
    groups: list[_Group],
    limit: Decimal,
    closed: list[date],
) -> list[Detection]:
    """Keep the significant groups, weighed by their uploaders, approvers, accounts, amounts and
    numbers, that the vendor has no habit of; an invoice in several keeps its strongest group."""
    # a cue counts for a group at most CUE_MAX_BOOST times: beyond that chance explains it
    candidates = _unpriced(cur, s, [g for g in groups if _chance(g) < SPLIT_ALPHA * CUE_MAX_BOOST])
    parts = _smallest_parts(cur, s, candidates)
    scored = [
        (c, g)
        for g in _batches(cur, s, _local_pace(cur, s, candidates, parts, closed), parts)
        if (c := _chance(g)) < SPLIT_ALPHA * CUE_MAX_BOOST
    ]
    cues = _cues(scored)
    weighed = [(chance / _weight(cues, g), g) for chance, g in scored]
    kept = _minimal([(c, g) for c, g in _strongest(weighed) if c < SPLIT_ALPHA])
    kept = _unprecedented(cur, s, kept, limit)
    best: dict[int, tuple[float, _Group]] = {}
    for chance, g in kept:
        for inv in g.ids:
            if inv not in best or chance < best[inv][0]:
                best[inv] = (chance, g)
    return [_detection(inv, chance, g, cues, limit) for inv, (chance, g) in best.items()]


def _detection(
    inv: int, chance: float, g: _Group, cues: list[PartsCue], limit: Decimal
) -> Detection:
    who = []
    if g.requester:
        who.append(f"uploaded by {g.requester}")
    whom = "this person" if g.requester else "us"
    one_approver = g.approvers_known and g.approvers == 1
    if one_approver:
        who.append("approved by the same person")
    people = f", all {' and '.join(who)}" if who else ""
    weights = [(cue, cue.weight(g)) for cue in cues]
    weight = math.prod(w for _, w in weights)
    towards = [(cue, w) for cue, w in weights if w > 1]
    against = [(cue, w) for cue, w in weights if w < 1]
    boost = math.prod(w for _, w in towards)
    damp = math.prod(w for _, w in against)
    # a weight near 1 changes nothing an analyst would weigh
    stronger = (
        f" And {' and '.join(cue.reason(g) for cue, _ in towards)}: this counts the group as "
        f"{boost:.1f} times less likely to be chance."
        if boost > 1.1
        else ""
    )
    weaker = (
        f" But {' and '.join(cue.reason(g) for cue, _ in against)}: this counts the group as "
        f"{1 / damp:.1f} times likelier to be chance."
        if damp < 0.9
        else ""
    )
    ccy = g.currency
    return Detection(
        inv,
        "split_purchase",
        _score(chance),
        f"{g.parts} invoices from {g.vendor} between {g.first} and {g.last}{people}, each below "
        f"the approval limit of {money(limit, ccy)}, together {money(g.total, ccy)}. At its "
        f"usual pace and amounts this vendor sends {whom} {g.expected:.2g} invoices this large "
        f"in {g.window} working days; {g.parts} or more would happen by chance about "
        f"{chance * weight:.1e} times in the vendor's whole history.{stronger}{weaker} One "
        f"purchase split to stay under the limit?",
        {
            "related": list(g.ids),
            "total": str(g.total),
            "limit": str(limit),
            "vendor": g.vendor,
            "expected_parts": round(float(g.expected), 6),
            "chance": chance * weight,
            "weighted_chance": chance,
            "cue_weight": weight,
            "requester": g.requester or None,
            "same_approver": one_approver,
            "window_workdays": g.window,
        },
    )
