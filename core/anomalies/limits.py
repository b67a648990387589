"""Approval limits: invoices just below a limit, and unexplained clusters just below round sums
(split purchases are in core.anomalies.splits)."""

from __future__ import annotations

import math
import uuid
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

import duckdb
import numpy as np

from core.anomalies.config import ScanConfig
from core.anomalies.finding import RELATED_MAX, Detection, chance_score, strongest
from core.anomalies.source import LOCAL_DAYS, drop_table, drop_view, identifier
from core.anomalies.stats import (
    burst_p,
    discrete_bh,
    negbin_upper,
    negbin_upper_array,
    poisson_upper,
    student_log_beta,
    student_upper_array,
)
from core.anomalies.text import below, money

BAND = Decimal("0.10")  # "just below" = within 10 % under the threshold
TIGHT = Decimal("0.03")  # within 3 % under a configured limit is suspicious even alone
# The control test lists every invoice within 5 % under a configured limit. Between 3 % and
# 5 % it ranks lower where the vendor's own amounts routinely reach that band
# (SINGLE_EXPECTED or more of its invoices expected there over its history): for anyone else
# an amount 3-5 % under the limit is as telling as one 1 % under it.
NEAR = Decimal("0.05")
SINGLE_EXPECTED = 1.0
ROUTINE_SCORE = 0.3
LISTED = "listed because the control test lists every invoice this close to the limit."
ROUTINE_HISTORY = 10  # fewer invoices than this show no routine
CLUSTER_P = 0.005  # configured limits: a vendor's few invoices below a known limit
MIN_EXCESS = 3.0
LITTLE_EVIDENCE = 0.25  # an expected count under this is taken as this: little evidence
# Unconfigured round sums: every vendor x sum is a hypothesis, so the clusters reported keep
# their expected share of chance findings under CLUSTER_FDR (discrete Benjamini-Hochberg).
CLUSTER_FDR = 0.1
# Band widths tested below an unconfigured sum: amounts kept under a sum hug it, within 10 %
# or within 5 %; a narrow cluster drowns in a wide band's neighbours.
CLUSTER_BANDS = (Decimal("0.10"), Decimal("0.05"))
# A vendor billing TARIFF_VENDOR_SHARE of TARIFF_VENDOR_BILLS or more at amounts it bills again,
# in as many distinct amounts as TARIFF_VENDOR_AMOUNTS of its bills at most, bills from a
# tariff (_tariff_view). Hours at a rate repeat by chance, but in many more amounts: 40 hour
# counts for 120 bills are a grid, not a tariff.
TARIFF_VENDOR_BILLS = 30
TARIFF_VENDOR_SHARE = 0.9
TARIFF_VENDOR_AMOUNTS = 0.15
# A vendor's spread is known only from its own invoices: with a few dozen, their median and
# MAD-sigma are rough, and a normal taking them for exact puts a band two or three sigma out
# at nearly nothing (three bills at 1,9xx from a new vendor of 20 at about 1,000, sigma fitted
# 0.15 where it is 0.3: one time in a trillion). So a band's expected count comes from a
# Student t predictive of the ln amounts, the vendor's sigma read against the spreads of the
# ledger's vendors of TYPICAL_LEAST invoices or more (_spread, _typical_spread). Each
# invoice counts SPREAD_DF degrees of freedom: a MAD is 0.37 as efficient as a standard
# deviation.
SPREAD_DF = 0.37
TYPICAL_LEAST = 30
# ... and a vendor needs MIN_FIT invoices of its own outside the band for a spread to stand out
# from at all: three bills under 5,000 beside one at 310, or two, tell no spread (a normal
# fitted to one made them a certain cluster, chance 5e-37); three of which two are one amount
# are read with the ledger's typical spread. On the stress
# bench's 290,000 vendors of a few invoices drawn at random, no cluster among them: 18 false
# clusters, where there were 130 before the Student t and 104 with it
MIN_FIT = 3
MIN_CLUSTER = 3  # distinct amounts: fewer is a coincidence, not a pattern worth an analyst
# How many invoices' worth of evidence the fitted lognormal's shape counts for when the
# neighbouring bands disagree with it: the prior shape of a gamma tail-misfit factor.
TAIL_PRIOR = 2.0
# Other vendors' clusters below the same sum weight a test (_sum_weights): a vendor's test
# counts as such a cluster at a p-value of at most SUM_EVIDENCE, and SUM_PRIOR is how many
# vendors' worth of prior evidence each side of the weight's ratio starts from.
SUM_EVIDENCE = 0.001
SUM_PRIOR = 0.25
MAX_COUNT = 40  # in-band counts tried for a test's chance of a p-value under SUM_EVIDENCE
# Amounts kept under a sum are kept by someone, for a while: a manager cutting orders to stay
# within a delegation, over months. So a band's invoices are also read for a burst, their
# tightest run among the vendor's invoices in date order (stats.burst_p), combined with the
# count's p-value by Fisher's method; the test counts the better of the two readings, times
# BURST_READINGS. Taking the better of two readings can double a test's chance level; paying
# that (2) cost the benchmark's own clusters, placed at random days, recall (seed 5 1.00 ->
# 0.85), while the conditions below keep chance bursts out, so the choice is left unpaid. Only
# where the count alone is at most BURST_FROM: a burst of a band a vendor routinely fills
# tells nothing.
BURST_READINGS = 1
BURST_FROM = 0.05
# ... and only a burst among the vendor's usual traffic: its stretch holds at least
# BURST_MIXED of the other invoices the vendor's mix puts there. A season when all its bills
# rise (summer linen every week at 4,5xx-4,9xx) has little else, the band's bills instead of
# its usual ones.
BURST_MIXED = 0.5
# A band of more than BURST_MAX_BAND invoices is a busy vendor's traffic, for its count to
# judge (and its scan would cost seconds per vendor)
BURST_MAX_BAND = 200
# A run of three or four is what chance gives a vendor now and then; orders cut for months
# leave more
BURST_LEAST = 5
# ... nor an era of prices about the sum: in the burst's stretch each neighbour band (a little
# lower, just above) holds at most BURST_NEIGHBOURS of the band's count
BURST_NEIGHBOURS = 0.25
BURST_MAX = 1e-3  # a burst chance gives a vendor once in a thousand histories, or rarer


# The invoices a vendor's cluster test counts near a sum: its own varying amounts in the base
# currency, not a schedule, not a line's bill at its own level or on its meter's pace, not a
# price billed three times or more
_COUNTED = "amt > 0 AND is_base AND NOT recurring AND NOT (steady_line OR scheduled) AND n_same < 3"


class _Test(NamedTuple):
    """A vendor x sum x band test: the count its spread expects in the band, its p-value, the
    band's distinct amounts, and its burst (invoices, first and last date) where it counted."""

    expected: float
    p: float
    distinct: int
    counted: float  # the count's own p-value: what other vendors' clusters vouch with
    burst: tuple[int, date, date] | None = None


def below_thresholds(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Just below a configured limit, or clustered just below a round sum nobody configured.

    Configured limit T: the band [0.9 T, T) of a vendor holding at least 2 invoices and more
    than a smooth spread explains (the largest of the neighbouring bands [0.8 T, 0.9 T) and
    [T, 1.1 T) and a lognormal fitted to the vendor's amounts; Poisson tail under 0.005) is a
    cluster; alone, every invoice within 5 % under it is reported too (the classic control
    test), ranked lower 3-5 % under it where the vendor's fitted amounts put SINGLE_EXPECTED or
    more invoices in [0.95 T, T): a band this vendor routinely bills in. A vendor with fewer
    than ROUTINE_HISTORY invoices shows no routine at all.

    Unconfigured round sum T: see _cluster_tests; at least MIN_CLUSTER distinct amounts in a
    band just below T (10 % or 5 % wide: CLUSTER_BANDS), more than the vendor's own amounts
    make likely, at a false-discovery rate over all vendor x sum x band tests, each weighted
    by how many other vendors cluster below the same sum; a burst of them among the vendor's
    usual invoices adds its evidence (_bursts, _read). Amounts the vendor bills three
    times or more are its prices, and so are those a vendor whose prices repeat within weeks
    bills again within weeks (_tariff_view: a carrier's lane under the month's surcharge); a
    line it bills at a steady pace and level (a phone line every month at 4,6xx-4,9xx) is its
    level, not a cluster.
    """
    s = identifier(src)
    found: list[Detection] = []
    if cfg.approval_limits:
        fits = _vendor_fits(cur, s)
        rows = _band_rows(cur, s, fits, list(cfg.approval_limits), True, BAND)
        found.extend(d for d in map(_limit_finding, rows) if d is not None)
    sums = cfg.unconfigured_thresholds(_reach(cur, s))
    if sums:
        # a carrier's lane is a price of its tariff below a round sum nobody set; under a
        # configured limit the control test lists it, and says how often it was billed
        priced = _tariff_view(cur, s)
        try:
            p = identifier(priced)
            fits = _vendor_fits(cur, p)
            if fits:
                found.extend(_cluster_findings(cur, p, fits, list(sums)))
        finally:
            drop_view(cur, priced)
            drop_table(cur, f"{priced}_ids")
    return strongest(found)


def _reach(cur: duckdb.DuckDBPyConnection, s: str) -> Decimal:
    """How far the ledger's round sums go: a sum's widest band must hold MIN_CLUSTER of its
    invoices in the base currency for a cluster to be there at all."""
    row = cur.execute(
        f"SELECT amt FROM {s} WHERE amt > 0 AND is_base ORDER BY amt DESC LIMIT 1 OFFSET ?",
        [MIN_CLUSTER - 1],
    ).fetchone()
    return row[0] / (1 - max(CLUSTER_BANDS)) if row else Decimal(0)


def _tariff_view(cur: duckdb.DuckDBPyConnection, s: str) -> str:
    """The source, with an amount a vendor whose prices repeat within weeks bills again within
    LOCAL_DAYS counted as billed three times: a price of its tariff (a carrier's lane at
    2,709.92 while the month's surcharge holds), which a cluster below a round sum counts no
    more than a price billed three times anywhere. So is every bill of a vendor that bills
    from a tariff (nearly all its bills at a few amounts it bills again: a haulier's trips at
    42,560, 44,688, 46,928 and a few rarer lanes): its rarer entries are no spread for a
    cluster to stand out from."""
    name = f"anomaly_priced_{uuid.uuid4().hex[:10]}"
    cur.execute(
        f"""
        CREATE TEMP TABLE {identifier(name + "_ids")} AS
        SELECT id FROM {s}
        WHERE amt > 0 AND local_prices
        QUALIFY count(*) OVER (PARTITION BY vkey, amt ORDER BY invoice_date
                               RANGE BETWEEN INTERVAL {LOCAL_DAYS} DAY PRECEDING
                                         AND INTERVAL {LOCAL_DAYS} DAY FOLLOWING) > 1
        UNION
        SELECT id FROM {s}
        WHERE amt > 0 AND vkey IN (
            SELECT vkey FROM {s} WHERE amt > 0 GROUP BY vkey
            HAVING count(*) >= {TARIFF_VENDOR_BILLS}
               AND avg(CASE WHEN n_same >= 2 THEN 1.0 ELSE 0.0 END) >= {TARIFF_VENDOR_SHARE}
               AND count(DISTINCT amt) <= {TARIFF_VENDOR_AMOUNTS} * count(*))
        """
    )
    cur.execute(
        f"""
        CREATE TEMP VIEW {identifier(name)} AS
        SELECT * REPLACE (CASE WHEN id IN (SELECT id FROM {identifier(name + "_ids")})
                               THEN greatest(n_same, 3) ELSE n_same END AS n_same)
        FROM {s}
        """
    )
    return name


def _band_rows(
    cur: duckdb.DuckDBPyConnection,
    s: str,
    fits: list[tuple],
    thresholds: list,
    configured: bool,
    band: Decimal,
) -> list[tuple]:
    """Each invoice in the band [(1 - band) T, T) of a vendor worth a look, with the band's and
    its neighbours' counts and the vendor's fits (all amounts, and without the band)."""
    return cur.execute(
        f"""
        WITH t AS (
            SELECT unnest(?::DECIMAL(18, 2)[]) AS t, ?::BOOLEAN AS configured
        ),
        p AS (SELECT id, vkey, vendor, amt, currency, n_same FROM {s}
              -- a line's bill at its own level, or on its meter's pace at whatever level, is
              -- no cluster below a round sum; the control test under a configured limit still
              -- lists it
              WHERE amt > 0 AND is_base AND NOT recurring
                AND (? OR NOT (steady_line OR scheduled))),
        b AS (
            -- an amount billed three times or more is a price, not a cluster; but the
            -- classic control test spares no invoice within 5 % under a configured limit
            SELECT p.*, t.t, t.configured,
                   CASE WHEN p.amt >= t.t * (1 - ?) AND p.amt < t.t THEN 'below'
                        WHEN p.amt >= t.t THEN 'above' ELSE 'ref' END AS band
            FROM p JOIN t ON p.amt >= t.t * (1 - 2 * ?) AND p.amt < t.t * (1 + ?)
            WHERE p.n_same < 3 OR (t.configured AND p.amt >= t.t * (1 - ?) AND p.amt < t.t)
        ),
        spread AS (
            SELECT unnest(?::VARCHAR[]) AS vkey, unnest(?::BIGINT[]) AS n,
                   unnest(?::DOUBLE[]) AS ml, unnest(?::DOUBLE[]) AS sl
        ),
        v AS (
            SELECT vkey, t, any_value(configured) AS configured,
                   -- a price of the vendor's own is listed, but is no cluster
                   count(*) FILTER (WHERE band = 'below' AND n_same < 3) AS nb,
                   count(DISTINCT amt) FILTER (WHERE band = 'below' AND n_same < 3) AS nbd,
                   count(*) FILTER (WHERE band = 'above') AS na,
                   count(*) FILTER (WHERE band = 'ref') AS nr,
                   -- the RELATED_MAX nearest the threshold, under a configured limit (a
                   -- cluster's are its rows: a list for each of 75,000 rows costs seconds)
                   CASE WHEN any_value(configured)
                        THEN list(id ORDER BY amt, id)
                                 FILTER (WHERE band = 'below')[-{RELATED_MAX}:] END AS ids
            FROM b GROUP BY vkey, t
        ),
        -- the null model of a candidate cluster is fitted without the band it is tested on:
        -- at a small vendor a few injected invoices would otherwise drag the fit towards them
        out_band AS (
            SELECT v.vkey, v.t, ln(p.amt) AS x
            FROM v JOIN p USING (vkey)
            WHERE NOT v.configured AND v.nbd >= ? AND p.n_same < 3
              AND NOT (p.amt >= v.t * (1 - ?) AND p.amt < v.t)
        ),
        loo_mid AS (SELECT vkey, t, count(*) AS n, median(x) AS ml FROM out_band GROUP BY ALL),
        loo AS (
            SELECT vkey, t, any_value(m.n) AS n, any_value(m.ml) AS ml,
                   1.4826 * median(abs(o.x - m.ml)) AS sl
            FROM out_band o JOIN loo_mid m USING (vkey, t) GROUP BY vkey, t
        )
        SELECT b.id, b.vkey, b.vendor, b.amt, b.currency, b.t, b.configured, v.nb, v.nbd, v.na,
               v.nr, v.ids, spread.n, spread.ml, spread.sl, b.n_same, loo.n, loo.ml, loo.sl
        FROM b JOIN v USING (vkey, t) LEFT JOIN spread USING (vkey) LEFT JOIN loo USING (vkey, t)
        WHERE b.band = 'below'
          AND (v.nb >= 2 OR (b.configured AND b.amt >= b.t * (1 - ?)))
          AND (b.configured OR v.nbd >= ?)
        """,
        [
            thresholds,
            configured,
            configured,
            band,
            band,
            band,
            NEAR,
            # a vendor that bills nothing but repeated prices has no fit
            *([list(column) for column in zip(*fits, strict=True)] or [[], [], [], []]),
            MIN_CLUSTER,
            band,
            NEAR,
            MIN_CLUSTER,
        ],
    ).fetchall()


def _limit_finding(row: tuple) -> Detection | None:
    inv, vkey, vendor, amt, ccy, t, _c, nb, _nbd, na, nr, ids, n, ml, sl, n_same, *_ = row
    n = n or 0  # no fit: the vendor bills only repeated prices
    smooth = max(na, nr, n * _band_share(float(t), ml, sl) if n else 0.0)
    # significant and large: a busy vendor with a few more invoices than usual near a
    # limit is not a cluster; at least MIN_EXCESS times what a smooth spread explains
    chance = poisson_upper(nb, max(smooth, LITTLE_EVIDENCE))
    cluster = n_same < 3 and nb >= 2 and chance < CLUSTER_P and nb >= MIN_EXCESS * smooth
    if not cluster and amt < t * (1 - NEAR):
        return None
    head = f"{money(amt, ccy)} is {below(amt, t)} below the approval limit of {money(t, ccy)}"
    if cluster:
        reason = (
            f"{head}; {vendor} has {nb} invoices in the 10 % just below it (as many has a "
            f"chance of {chance:.1e}) but {na} just above and {nr} a little lower - a cluster, "
            f"not a smooth spread."
        )
        score = _cluster_score(chance)
    elif n_same >= 3:
        price = f"{head}; {vendor} bills this exact amount {n_same} times"
        if amt >= t * (1 - TIGHT):
            reason = f"{price}: a price set just under the limit?"
            score = 0.45
        else:
            reason = f"{price}, one of its prices: {LISTED}"
            score = ROUTINE_SCORE
    elif amt >= t * (1 - TIGHT):
        reason = f"{head}."
        score = 0.45
    elif n < ROUTINE_HISTORY:
        reason = (
            f"{head}; {vendor} has only {n} invoice{'' if n == 1 else 's'} of its own (this one "
            f"included; repeated prices aside), too few to call this band its routine - an "
            f"amount pushed under it?"
        )
        score = 0.5
    else:
        usual = money(Decimal(str(round(math.exp(ml), 2))), ccy)
        expected = n * _share(float(t * (1 - NEAR)), float(t), ml, sl)
        routine = expected >= SINGLE_EXPECTED
        puts = (
            f"{head}; {vendor} usually bills about {usual}, which puts "
            f"{expected:.{1 if routine else 2}f} of its {n} invoices within 5 % under the limit"
        )
        if routine:
            reason, score = f"{puts}: routine for this vendor, {LISTED}", ROUTINE_SCORE
        else:
            reason, score = f"{puts} - an amount pushed under it?", 0.5
    evidence = {
        "threshold": str(t),
        "vendor": vendor,
        "vendor_key": vkey,
        "in_band": nb,
        "above": na,
        "below_band": nr,
        "related": list(ids),
        "configured": True,
    }
    if cluster:
        evidence["chance"] = chance
    return Detection(inv, "below_limit", score, reason, evidence)


def _cluster_findings(
    cur: duckdb.DuckDBPyConnection, s: str, vendors: list[tuple], sums: list
) -> list[Detection]:
    """The unconfigured round sums' clusters, every band width tested and corrected together."""
    rows_by_band: dict[Decimal, list[tuple]] = {}
    tested: dict[tuple[str, Decimal, Decimal], _Test] = {}
    reach: list[np.ndarray] = []
    chance = np.zeros((len(vendors), len(sums)))
    # the same for every band width: the ledger's typical spread, the vendors big enough
    typical, testable = _typical_spread(vendors), _testable(cur, s, vendors)
    for band in CLUSTER_BANDS:
        rows = rows_by_band[band] = _band_rows(cur, s, vendors, sums, False, band)
        band_tested, band_reach, band_chance = _cluster_tests(
            cur, s, sums, vendors, rows, band, typical, testable
        )
        tested.update(band_tested)
        reach.append(band_reach)
        chance += band_chance
    keys = list(tested)
    grid = _grid(vendors, sums)
    weight = _sum_weights(tested, np.minimum(chance, 1.0), grid)
    all_reach = np.concatenate([r.ravel() for r in reach])
    # a test that cannot become a candidate adds no chance findings at any level
    can = all_reach > 0
    keep = discrete_bh(
        [tested[k].p for k in keys],
        all_reach[can],
        CLUSTER_FDR,
        _candidate_weights(keys, tested, weight, grid),
        np.concatenate([weight.ravel()] * len(reach))[can],
    )
    kept = {k: tested[k] for k, ok in zip(keys, keep, strict=True) if ok}
    # a cluster's rows are every invoice in its band; the RELATED_MAX nearest the sum are its
    # evidence
    members: dict[tuple[str, Decimal, Decimal], list[tuple[Decimal, int]]] = {}
    for band, rows in rows_by_band.items():
        for inv, vkey, _vendor, amt, _ccy, t, *_ in rows:
            if (vkey, t, band) in kept:
                members.setdefault((vkey, t, band), []).append((amt, inv))
    related = {k: [inv for _, inv in sorted(m)[-RELATED_MAX:]] for k, m in members.items()}
    out = []
    for band, rows in rows_by_band.items():
        for row in rows:
            inv, vkey, vendor, amt, ccy, t, _c, nb, _nbd, na, nr, _ids, *_ = row
            test = kept.get((vkey, t, band))
            if test is None:
                continue
            ids = related[(vkey, t, band)]
            smooth, p, _, counted, burst = test
            chance = (
                f"as many has a chance of {counted:.1e}; {burst[0]} of them came from {burst[1]} "
                f"to {burst[2]} among its usual invoices, a run that with the count has a chance "
                f"of {p:.1e}"
                if burst
                else f"as many has a chance of {p:.1e}"
            )
            reason = (
                f"{money(amt, ccy)} is {below(amt, t)} below the round sum {money(t, ccy)}, where "
                f"no limit is configured; {vendor} has {nb} invoices in the {band * 100:.0f} % "
                f"just below it (expected about {smooth:.2g}; {chance}) but {na} just above and "
                f"{nr} a little lower - a cluster, not a smooth spread."
            )
            evidence = {
                "threshold": str(t),
                "vendor": vendor,
                "vendor_key": vkey,
                "band": str(band),
                "in_band": nb,
                "above": na,
                "below_band": nr,
                "related": list(ids),
                "configured": False,
                "expected": round(smooth, 6),
                "chance": p,
                "counted": counted,
                "burst": [burst[0], str(burst[1]), str(burst[2])] if burst else None,
            }
            out.append(Detection(inv, "threshold_cluster", _cluster_score(p), reason, evidence))
    return out


def _grid(vendors: list[tuple], sums: list) -> tuple[dict[str, int], dict[float, int]]:
    """Each vendor's row and each sum's column in the vendor x sum arrays."""
    return {vkey: i for i, (vkey, *_) in enumerate(vendors)}, {
        float(t): j for j, t in enumerate(sums)
    }


def _sum_weights(
    tested: dict[tuple[str, Decimal, Decimal], _Test],
    chance: np.ndarray,
    grid: tuple[dict[str, int], dict[float, int]],
) -> np.ndarray:
    """Each vendor x sum test's weight in the false-discovery step-up: how much likelier other
    vendors' clusters make one below this sum.

    A sum somebody must not pass is the firm's, not one vendor's: amounts kept under it turn
    up at several vendors, while chance clusters scatter over the sums. So the weight is the
    number of other vendors clustering below the sum (p-value at most SUM_EVIDENCE) against
    the number their spreads make by chance there (`chance`, each test's chance of such a
    p-value), each side plus SUM_PRIOR: under 1 for a lone cluster at a sum many vendors bill
    near, well above 1 where several vendors cluster. The vendor's own test is left out of
    its weight, so a cluster does not vouch for itself.
    """
    index, at = grid
    seen = np.zeros(chance.shape)
    for (vkey, t, _), test in tested.items():
        if test.counted <= SUM_EVIDENCE and vkey in index:
            seen[index[vkey], at[float(t)]] = 1.0
    others_seen = seen.sum(axis=0) - seen
    others_chance = chance.sum(axis=0) - chance
    return (SUM_PRIOR + others_seen) / (SUM_PRIOR + others_chance)


def _candidate_weights(
    keys: list[tuple[str, Decimal, Decimal]],
    tested: dict[tuple[str, Decimal, Decimal], _Test],
    weight: np.ndarray,
    grid: tuple[dict[str, int], dict[float, int]],
) -> list[float]:
    """The candidates' weights: their vendor x sum's, but never above 1 for a band holding
    fewer than MIN_EXCESS times the invoices the vendor's spread expects there. Other vendors'
    clusters vouch for amounts kept under the sum, not for a busy vendor's band holding a
    little more of its own traffic than the model expects."""
    index, at = grid
    out = []
    for vkey, t, band in keys:
        expected, _, distinct, *_ = tested[(vkey, t, band)]
        w = float(weight[index[vkey], at[float(t)]]) if vkey in index else 1.0
        out.append(w if distinct >= MIN_EXCESS * expected else min(w, 1.0))
    return out


def _cluster_score(chance: float) -> float:
    """0.5, plus 0.04 for each tenfold less likely by chance, at most 0.9: the inbox ranks a
    cluster chance makes once in ten billion above one it makes once in ten thousand, however
    many invoices each holds."""
    return chance_score(chance, at=1.0, base=0.5, per_decade=0.04, cap=0.9)


def _vendor_fits(cur: duckdb.DuckDBPyConnection, s: str) -> list[tuple]:
    """(vkey, n, median, MAD-sigma) of each vendor's ln amounts."""
    return cur.execute(
        f"""
        WITH p AS (SELECT vkey, ln(amt) AS x FROM {s}
                   WHERE amt > 0 AND is_base AND NOT recurring AND n_same < 3),
        m AS (SELECT vkey, count(*) AS n, median(x) AS ml FROM p GROUP BY vkey)
        SELECT vkey, any_value(m.n), any_value(m.ml), 1.4826 * median(abs(p.x - m.ml))
        FROM p JOIN m USING (vkey) GROUP BY vkey
        """
    ).fetchall()


def _cluster_tests(
    cur: duckdb.DuckDBPyConnection,
    s: str,
    sums: list,
    vendors: list[tuple],
    rows: list[tuple],
    band: Decimal,
    typical: tuple[float, float],
    testable: np.ndarray,
) -> tuple[dict[tuple[str, Decimal, Decimal], _Test], np.ndarray, np.ndarray]:
    """Each candidate (vendor, sum, band)'s (expected, p-value), and every test's reach and
    chance of a p-value at most SUM_EVIDENCE.

    Null model: the vendor's ln amounts are normal, their median and MAD fitted with the
    candidate's own band left out, read as a Student t predictive against the ledger's typical
    spread (_spread), which gives expected counts for the band B = [(1 - w) T, T) and its
    neighbours R = [(1 - 2w) T, (1 - w) T) and A = [T, (1 + w) T). A lognormal is often wrong
    far in the tail, so the band's rate is that expectation times a misfit factor with a
    gamma(TAIL_PRIOR) prior, updated by what one neighbour holds against what the model puts
    there; the p-value is the resulting negative-binomial tail. A cluster must stand out
    against each neighbour (the larger p-value counts): a density that merely steps down at T,
    as for a vendor whose amounts below T are all as frequent, has as many just below as a
    little lower.

    Multiple testing (in _cluster_findings): every vendor x sum x band is a test, but one whose
    null model makes MIN_CLUSTER amounts in its band unlikely can hardly produce a chance
    finding. The Benjamini-Hochberg step-up with Heyse's discrete correction counts a test at
    level x as min(x, its chance of reaching MIN_CLUSTER), so a thousand vendors far from a sum
    do not drown a real cluster, while busy vendors near one pay in full. The step-up is
    weighted by the other vendors' clusters below the same sum (_sum_weights).
    """
    # the neighbours' counts where the vendor has invoices near the sum (otherwise 0, 0)
    near = cur.execute(
        f"""
        WITH t AS (SELECT unnest(?::DECIMAL(18, 2)[]) AS t)
        SELECT vkey, t, count(*) FILTER (WHERE amt < t * (1 - ?)),
               count(*) FILTER (WHERE amt >= t)
        FROM {s} JOIN t ON amt >= t * (1 - 2 * ?) AND amt < t * (1 + ?)
        WHERE {_COUNTED}
        GROUP BY ALL
        """,
        [sums, band, band, band],
    ).fetchall()
    w = float(band)
    sides = {(vkey, float(t)): (nr, na) for vkey, t, nr, na in near}
    candidates: dict[tuple[str, float], tuple[Decimal, int, int, float, float]] = {}
    for row in rows:
        _, vkey, _, _, _, t, _, _, nbd, *_, n2, ml2, sl2 = row
        # a spread to stand out from: the vendor's own, or the ledger's typical one
        if n2 and n2 >= MIN_FIT and ((sl2 and sl2 > 0) or math.isfinite(typical[0])):
            candidates[(vkey, float(t))] = (t, nbd, n2, ml2, sl2)
    # the candidates' p-values, each under the null model its own p-value uses
    tried = list(candidates)
    fitted = np.array([(key[1], *candidates[key][2:]) for key in tried], dtype=float).reshape(-1, 4)
    bands = np.column_stack(_expected_counts(fitted[:, 0], w, *fitted[:, 1:].T, typical))
    counted = {
        key: _cluster_p(candidates[key][1], *map(float, b), *sides.get(key, (0, 0)))
        for key, b in zip(tried, bands, strict=True)
    }
    bursts = _bursts(cur, s, [key for key, (_, p) in counted.items() if p <= BURST_FROM], band)
    tested = {
        (vkey, dec, band): _read(*counted[(vkey, t)], nbd, bursts.get((vkey, t)))
        for (vkey, t), (dec, nbd, *_) in candidates.items()
    }
    # each test's chance under its null of becoming reportable at all (Heyse's bound): every
    # vendor x sum, a million of them in a ledger of many small vendors, so in arrays
    keys, at = _grid(vendors, sums)
    shape = (len(vendors), len(sums))
    fits = [
        np.broadcast_to(np.array(column, dtype=float)[:, None], shape).copy()
        for column in list(zip(*vendors, strict=True))[1:]
    ]
    # a vendor too small ever to become a candidate (_testable) adds no chance findings
    cells = np.broadcast_to(testable[:, None], shape).copy()
    for (vkey, t), (_, _, *fit) in candidates.items():
        if vkey in keys:
            cells[keys[vkey], at[t]] = True
            for column, value in zip(fits, fit, strict=True):
                column[keys[vkey], at[t]] = value
    fits[2][~cells] = np.nan
    seen_r, seen_a = np.zeros(shape), np.zeros(shape)
    for (vkey, t), (nr, na) in sides.items():
        if vkey in keys:  # a vendor billing only its prices near the sum has no fit
            seen_r[keys[vkey], at[t]], seen_a[keys[vkey], at[t]] = nr, na
    sums_grid = np.broadcast_to(np.array([float(t) for t in sums]), shape)
    model = (*_expected_counts(sums_grid, w, *fits, typical), seen_r, seen_a)
    reach = _reaches(MIN_CLUSTER, *model)
    return tested, reach, _chance_within(SUM_EVIDENCE, reach, model)


def _testable(cur: duckdb.DuckDBPyConnection, s: str, vendors: list[tuple]) -> np.ndarray:
    """Which vendors (in the order of `vendors`) have invoices enough of their own to hold a
    cluster and the MIN_FIT to fit beside it; a line's bills or a schedule's do not count."""
    index, _ = _grid(vendors, [])
    counted = np.zeros(len(vendors))
    for vkey, k in cur.execute(
        f"SELECT vkey, count(*) FROM {s} WHERE {_COUNTED} GROUP BY vkey"
    ).fetchall():
        if vkey in index:
            counted[index[vkey]] = k
    return counted >= MIN_CLUSTER + MIN_FIT


def _bursts(
    cur: duckdb.DuckDBPyConnection, s: str, keys: list[tuple[str, float]], band: Decimal
) -> dict[tuple[str, float], tuple[float, int, date, date]]:
    """Each (vendor, sum)'s tightest run of band invoices among the vendor's invoices in date
    order: (its chance, its invoices, its first and last date)."""
    if not keys:
        return {}
    rows = cur.execute(
        f"""
        WITH c AS (SELECT unnest(?::VARCHAR[]) AS vkey, unnest(?::DECIMAL(18, 2)[]) AS t),
        p AS (
            SELECT vkey, amt, invoice_date,
                   row_number() OVER (PARTITION BY vkey ORDER BY invoice_date, id) AS pos,
                   count(*) OVER (PARTITION BY vkey) AS n
            FROM {s}
            WHERE {_COUNTED}
              AND vkey IN (SELECT vkey FROM c)
        )
        SELECT c.vkey, c.t, any_value(p.n),
               list(p.pos ORDER BY p.pos) FILTER (WHERE p.amt >= c.t * (1 - ?) AND p.amt < c.t),
               list(p.invoice_date ORDER BY p.pos)
                   FILTER (WHERE p.amt >= c.t * (1 - ?) AND p.amt < c.t),
               list(p.pos) FILTER (WHERE p.amt >= c.t * (1 - 2 * ?) AND p.amt < c.t * (1 - ?)),
               list(p.pos) FILTER (WHERE p.amt >= c.t AND p.amt < c.t * (1 + ?))
        FROM c JOIN p USING (vkey)
        GROUP BY c.vkey, c.t
        """,
        [[k for k, _ in keys], [t for _, t in keys], band, band, band, band, band],
    ).fetchall()
    out = {}
    for vkey, t, n, positions, dates, lower, above in rows:
        if not BURST_LEAST <= len(positions or []) <= BURST_MAX_BAND:
            continue
        chance, first, last = burst_p(positions, n, BURST_LEAST)
        a, b = positions.index(first), positions.index(last)
        run, stretch = b - a + 1, last - first + 1
        # the burst must stand out against each neighbour band in its own stretch too: an era
        # of prices about the sum fills them as well
        near = max(sum(first <= x <= last for x in side or []) for side in (lower, above))
        if (
            chance <= BURST_MAX
            and stretch - run >= BURST_MIXED * stretch * (n - len(positions)) / n
            and near <= BURST_NEIGHBOURS * run
        ):
            out[(vkey, float(t))] = (chance, run, dates[a], dates[b])
    return out


def _read(
    expected: float, p: float, distinct: int, burst: tuple[float, int, date, date] | None
) -> _Test:
    """The test's p-value: the better of its count and its count with its burst (Fisher's
    combination), times BURST_READINGS; the burst is named where it counted."""
    if burst is None:
        return _Test(expected, min(1.0, BURST_READINGS * p), distinct, p)
    both = p * burst[0]
    fisher = both * (1 - math.log(both)) if both > 0 else 0.0
    if fisher < p:
        return _Test(expected, min(1.0, BURST_READINGS * fisher), distinct, p, burst[1:])
    return _Test(expected, min(1.0, BURST_READINGS * p), distinct, p)


def _chance_within(level: float, reach: np.ndarray, model: tuple) -> np.ndarray:
    """Each test's chance under its null of a p-value at most `level`: the tail at the least
    count whose tail is that small (p-values step down with the count). Counts are tried up
    to MAX_COUNT; a test still short of the level there is bounded by the level."""
    chance = np.where(reach <= level, reach, level)
    pending = np.flatnonzero(reach > level)
    for k in range(MIN_CLUSTER + 1, MAX_COUNT + 1):
        if not pending.size:
            break
        tail = _reaches(k, *(a.ravel()[pending] for a in model))
        done = tail <= level
        chance.ravel()[pending[done]] = tail[done]
        pending = pending[~done]
    return chance


def _reaches(
    k: int,
    expected_b: np.ndarray,
    expected_r: np.ndarray,
    expected_a: np.ndarray,
    nr: np.ndarray,
    na: np.ndarray,
) -> np.ndarray:
    """_cluster_p's p-value of k or more in the band, for arrays of tests at once, from their
    bands' expected counts (_expected_counts). Its tiny tails are only as exact as a complement
    allows (about 1e-16): enough to count a test's reach among a million, where a candidate's
    own p-value needs _cluster_p's exact sum."""
    expected_b = np.maximum(expected_b, 1e-12)
    worst = np.zeros_like(expected_b)
    for seen, neighbour in ((nr, expected_r), (na, expected_a)):
        q = (TAIL_PRIOR + neighbour) / (TAIL_PRIOR + neighbour + expected_b)
        worst = np.maximum(worst, negbin_upper_array(k, TAIL_PRIOR + seen, q))
    return worst


def _expected_counts(
    t: np.ndarray,
    w: float,
    n: np.ndarray,
    ml: np.ndarray,
    sl: np.ndarray,
    typical: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The counts a vendor's spread expects in the band [(1 - w) t, t), a little lower and just
    above, for arrays of tests (typical: the ledger's usual spread, _typical_spread)."""
    spread = _spread(n, ml, sl, typical)
    band, lower, above = (
        spread.n * _share_within(lo * t, hi * t, spread)
        for lo, hi in ((1 - w, 1.0), (1 - 2 * w, 1 - w), (1.0, 1 + w))
    )
    return band, lower, above


def _typical_spread(vendors: list[tuple]) -> tuple[float, float]:
    """The ledger's usual spread and the degrees of freedom it is worth, from the vendors with
    TYPICAL_LEAST invoices or more: the median of their MAD-sigmas, and (empirical Bayes) one
    over twice the variance of their ln sigmas beyond what their own sampling error explains,
    but no more than one per vendor. So a ledger of alike vendors reads a vendor's few invoices
    against the others, and one of every kind lets them speak for themselves. (nan, 0) when no
    vendor has that many."""
    known = [(n, sl) for _, n, _, sl in vendors if n >= TYPICAL_LEAST and sl and sl > 0]
    if not known:
        return math.nan, 0.0
    n, sl = (np.array(c, dtype=float) for c in zip(*known, strict=True))
    noise = float(np.mean(1 / (2 * SPREAD_DF * (n - 1))))
    between = max(float(np.var(np.log(sl))) - noise, 1e-3)
    return float(np.median(sl)), min(1 / (2 * between), float(len(sl)))


def _cluster_p(
    k: int, expected_b: float, expected_r: float, expected_a: float, nr: int, na: int
) -> tuple[float, float]:
    """(expected count, p-value) of k or more in the band given the counts the vendor's spread
    expects there and in its neighbours (_expected_counts), and what the neighbours hold."""
    # a band the model deems impossible still gets a sliver, so the tail stays defined
    expected_b = max(expected_b, 1e-12)
    worst, worst_mean = 0.0, expected_b
    for seen, expected in ((nr, expected_r), (na, expected_a)):
        shape = TAIL_PRIOR + seen
        # posterior mean of the misfit factor scales the band's expectation
        q = (TAIL_PRIOR + expected) / (TAIL_PRIOR + expected + expected_b)
        p = negbin_upper(k, shape, q)
        if p >= worst:
            worst, worst_mean = p, expected_b * shape / (TAIL_PRIOR + expected)
    return worst_mean, worst


class _Spread(NamedTuple):
    """A vendor's spread as _spread reads it, for arrays of tests: its invoices, the centre
    and scale of its ln amounts, the degrees of freedom and their ln B(nu / 2, 1 / 2), and
    whether it shows a spread at all."""

    n: np.ndarray
    centre: np.ndarray
    scale: np.ndarray
    nu: np.ndarray
    log_beta: np.ndarray
    ok: np.ndarray


def _spread(n: Any, ml: Any, sl: Any, typical: tuple[float, float]) -> _Spread:
    """A vendor's spread from its n ln amounts' median ml and MAD-sigma sl and the ledger's
    typical spread (sigma, degrees of freedom: _typical_spread): a Student t on the degrees of
    freedom of the vendor's own invoices (SPREAD_DF each) and of the typical spread, scaled by
    the vendor's sigma shrunk towards the typical one on the log scale, each weighted by its
    degrees of freedom, and widened by the predictive's 1 + 1/n for the centre's own error (at
    least one degree of freedom in all). A vendor whose own invoices show no spread (one
    amount, or most of them one price) takes the typical one where the ledger has it, and has
    none where it has not."""
    n, ml, sl = (np.asarray(v, dtype=float) for v in (n, ml, sl))
    own_ok = np.isfinite(sl) & (sl > 0) & (n >= 2)
    usual, prior = typical if math.isfinite(typical[0]) else (1.0, 0.0)
    # a vendor whose own invoices show no spread (two of three one amount) has the typical one
    ok = own_ok | ((prior > 0) & (n >= 1) & np.isfinite(ml))
    own = np.where(own_ok, SPREAD_DF * np.maximum(n - 1, 0), 0.0)
    log_sl = np.log(np.where(own_ok, sl, usual))
    pooled = (own * log_sl + prior * math.log(usual)) / np.maximum(own + prior, 1e-9)
    sigma = np.exp(pooled)  # read only where ok, where own + prior > 0
    nu = np.maximum(own + prior, 1.0)
    scale = sigma * np.sqrt(1 + 1 / np.maximum(n, 1))
    return _Spread(n, np.where(ok, ml, 0.0), scale, nu, student_log_beta(nu), ok)


def _share_within(lo: Any, hi: Any, spread: _Spread) -> np.ndarray:
    """Share of the vendors' amounts (a _Spread) expected in [lo, hi); 0 where there is no
    spread."""
    a, b = ((np.log(x) - spread.centre) / spread.scale for x in (lo, hi))
    a, b, nu, log_beta, ok = np.broadcast_arrays(a, b, spread.nu, spread.log_beta, spread.ok)
    a, b, nu, log_beta = (v[ok] for v in (a, b, nu, log_beta))  # only where there is a spread
    # above the centre a difference of upper tails keeps precision, below one of lower tails
    upper = a > 0
    outer = student_upper_array(np.where(upper, a, -b), nu, log_beta)
    inner = student_upper_array(np.where(upper, b, -a), nu, log_beta)
    share = np.zeros(ok.shape)
    share[ok] = outer - inner
    return share


def _share(lo: float, hi: float, ml: float, sl: float) -> float:
    """Share of a lognormal(ml, sl) vendor's amounts in [lo, hi)."""
    if sl is None or sl <= 0:
        return 0.0
    a, b = ((math.log(x) - ml) / sl / math.sqrt(2) for x in (lo, hi))
    # erfc of the upper tail keeps precision far above the median, where clusters are tested
    if a > 0:
        return 0.5 * (math.erfc(a) - math.erfc(b))
    return 0.5 * (math.erf(b) - math.erf(a))


def _band_share(t: float, ml: float, sl: float) -> float:
    """Share of a lognormal(ml, sl) vendor's amounts expected in [(1 - BAND) t, t)."""
    return _share((1 - float(BAND)) * t, t, ml, sl)
