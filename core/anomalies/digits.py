"""Benford's law per vendor and over the whole ledger.

Benford's law only describes amounts that span orders of magnitude; a vendor that bills 90 to
130 a time is not expected to follow it. A vendor is tested only when the middle 80 % of its
amounts spans at least one order of magnitude (90th percentile >= 10 x the 10th: a lognormal
that wide has a first-digit MAD from Benford's of 0.007 at most, under the 0.012 of excess MAD
the test asks, though one digit may stray by 0.026), when its amounts are
mostly distinct (not a price list), when that spread is not only between lines each at a
level of its own (a utility's meters billed under numbers of their own: MIN_LINES lines or
more, each spanning less than a decade) and when it has at least 50 of at least 10 (so every
first digit expects 2 or more). Small samples need a test that is right at their size:
- the chi-square p-value, from the chi-square distribution where every expected count is 5
  or more and from the exact multinomial distribution (simulated) below that, under 0.001;
- and Nigrini's excess MAD (MAD minus what a true Benford sample of that size shows) beyond
  the upper edge of acceptable conformity, because MAD alone over-reads small samples and
  chi-square alone over-reads large ones.
The ledger as a whole is flagged on the MAD bands alone, Nigrini's advice for large samples,
where chi-square rejects everything.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from core.anomalies import benford
from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import LINE_MIN_BILLS, identifier

MIN_VENDOR = 50
MIN_DECADES = 1.0  # log10(P90) - log10(P10)
MIN_DISTINCT = 0.5  # a vendor billing a few fixed prices is not a Benford population
# ... nor one billing MIN_LINES lines or more (number prefixes of LINE_MIN_BILLS bills, the
# lines of core.anomalies.source), together LINES_SHARE of its bills, each line spanning less
# than MIN_DECADES: several meters or sites, each at its own level
MIN_LINES = 3
LINES_SHARE = 0.8
MIN_TWO_DIGIT = 1000
P_LIMIT = 0.001
# Excess MAD over the upper edge of Nigrini's "acceptable conformity" band.
EXCESS_MAD = {"first": 0.012, "first_two": 0.0018}
MAX_EVIDENCE_IDS = 1000
OVERALL = "(all vendors)"


def _leading_sql(digits: int) -> str:
    """SQL: the first `digits` digits of an amount of at least 10, read from its whole part (a
    cast, no regular expression: a million amounts)."""
    return f"CAST(left(CAST(CAST(trunc(amt) AS BIGINT) AS VARCHAR), {digits}) AS INTEGER)"


def benford_tests(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH p AS (
            SELECT vkey, vendor, amt, nprefix, year_behind,
                   {_leading_sql(2)} AS d2
            FROM {s} WHERE amt >= 10
        ),
        spread AS (
            -- a vendor key spelt several ways ('ACME LTD.', 'Acme Ltd') is named by the first
            -- spelling in sort order: the same name on every run
            SELECT vkey, min(vendor) AS name, count(*) AS n,
                   count(DISTINCT amt) / count(*) AS distinct_share,
                   quantile_cont(log10(amt), 0.9) - quantile_cont(log10(amt), 0.1) AS sd
            FROM p GROUP BY vkey
        ),
        lines AS (
            -- a vendor's bills under one number prefix (a meter, a site's account), and how
            -- far apart their amounts lie; a month's or a year's series (FV 12/05/2023) is
            -- every bill of that month, no meter's
            SELECT vkey, nprefix, count(*) AS k,
                   quantile_cont(log10(amt), 0.9) - quantile_cont(log10(amt), 0.1) AS sd
            FROM p WHERE NOT year_behind GROUP BY vkey, nprefix HAVING count(*) >= ?
        ),
        levels AS (
            SELECT vkey, count(*) AS n_lines, sum(k) AS in_lines, sum(k * sd) / sum(k) AS within
            FROM lines GROUP BY vkey
        )
        SELECT p.vkey, spread.name, p.d2, count(*), spread.n, spread.sd
        FROM p JOIN spread USING (vkey) LEFT JOIN levels USING (vkey)
        WHERE spread.n >= ? AND spread.sd >= ? AND spread.distinct_share >= ?
          -- a vendor whose spread lies between its lines, each at a level of its own (a
          -- utility's meters), is no population of amounts across orders of magnitude
          AND NOT coalesce(levels.n_lines >= ? AND levels.in_lines >= ? * spread.n
                           AND levels.within < ?, false)
        GROUP BY p.vkey, p.d2, spread.name, spread.n, spread.sd
        """,
        [
            LINE_MIN_BILLS,
            MIN_VENDOR,
            MIN_DECADES,
            MIN_DISTINCT,
            MIN_LINES,
            LINES_SHARE,
            MIN_DECADES,
        ],
    ).fetchall()
    per_vendor: dict[str, dict[int, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for vkey, vendor, d2, count, _n, _sd in rows:
        per_vendor[vkey][d2] = count
        names[vkey] = vendor
    failing = {}
    for vkey, counts in per_vendor.items():
        first, two = _tests(counts)
        first_bad = _nonconforming(first)
        if first_bad or (two.n >= MIN_TWO_DIGIT and _nonconforming(two)):
            failing[vkey] = (first, two, first_bad)
    ids = _spike_ids(cur, s, {vkey: _spikes(first) for vkey, (first, *_) in failing.items()})
    out = [
        _vendor_finding(vkey, names[vkey], first, two, first_bad, ids.get(vkey, []))
        for vkey, (first, two, first_bad) in failing.items()
    ]
    overall = cur.execute(
        f"""
        SELECT {_leading_sql(2)} AS d2, count(*)
        FROM {s} WHERE amt >= 10 GROUP BY d2
        """
    ).fetchall()
    counts = {int(d2): int(c) for d2, c in overall}
    if sum(counts.values()) >= MIN_TWO_DIGIT:
        first, two = _tests(counts)
        if not first.conforms or not two.conforms:
            out.append(
                Detection(
                    None,
                    "benford",
                    0.5,
                    f"The ledger's amounts as a whole: first digits {first.verdict} (MAD "
                    f"{first.mad:.4f}), first two digits {two.verdict} (MAD {two.mad:.5f}), over "
                    f"{first.n:,} amounts.",
                    _evidence(OVERALL, first, two, []),
                    subject=OVERALL,
                )
            )
    return out


def _tests(two_digit_counts: dict[int, int]) -> tuple[benford.BenfordResult, benford.BenfordResult]:
    first: dict[int, int] = defaultdict(int)
    for d2, c in two_digit_counts.items():
        first[d2 // 10] += c
    return benford.test(first, "first"), benford.test(two_digit_counts, "first_two")


def _spikes(first: benford.BenfordResult) -> list[int]:
    """The first digits that lead significantly more of the amounts than Benford expects."""
    return [
        d
        for d in first.expected
        if first.observed[d] / first.n > first.expected[d] and first.z_stat(d) > 1.96
    ]


def _spike_ids(
    cur: duckdb.DuckDBPyConnection, s: str, spikes: dict[str, list[int]]
) -> dict[str, list[int]]:
    """Each failing vendor's first MAX_EVIDENCE_IDS invoices led by one of its spikes, in one
    pass over the ledger (not one per vendor)."""
    if not spikes:
        return {}
    return dict(
        cur.execute(
            f"""
            WITH w AS (SELECT unnest(?::VARCHAR[]) AS vkey, unnest(?::INTEGER[][]) AS spikes)
            SELECT vkey, list(id ORDER BY id)[:?] FROM {s} JOIN w USING (vkey)
            WHERE amt >= 10 AND list_contains(w.spikes, {_leading_sql(1)})
            GROUP BY vkey
            """,
            [list(spikes), list(spikes.values()), MAX_EVIDENCE_IDS],
        ).fetchall()
    )


def _vendor_finding(
    vkey: str,
    vendor: str,
    first: benford.BenfordResult,
    two: benford.BenfordResult,
    first_bad: bool,
    ids: list[int],
) -> Detection:
    """A vendor whose first digits fail (first_bad), or else its first two digits."""
    worst = max(first.expected, key=lambda d: first.observed[d] / first.n - first.expected[d])
    how = "exact multinomial" if first.exact_p else "on 8 df"
    reason = (
        f"{vendor}'s {first.n} amounts do not follow Benford's law: first-digit MAD "
        f"{first.mad:.4f}, of which {first.excess_mad:.4f} beyond what {first.n} true Benford "
        f"amounts show (Nigrini's excess MAD; {EXCESS_MAD['first']} is the edge of acceptable "
        f"conformity); chi-square {first.chi_square:.1f}, p = {first.p_value_small_n():.1e} "
        f"({how}). Digit {worst} leads {first.observed[worst] / first.n:.1%} of amounts where "
        f"{first.expected[worst]:.1%} is expected."
    )
    if not first_bad:
        reason += (
            f" The first two digits fail too: excess MAD {two.excess_mad:.5f}, "
            f"p = {two.p_value:.1e}."
        )
    score = min(0.95, 0.55 + first.mad * 5)
    evidence = {**_evidence(vendor, first, two, ids), "vendor_key": vkey}
    return Detection(None, "benford", score, reason, evidence, subject=vendor)


def fails_without(evidence: dict[str, Any], digit: int, count: int) -> bool:
    """Whether a vendor's first digits (a Benford finding's evidence) still fail the test
    with count of its amounts led by digit left out: is the skew more than those amounts?"""
    observed = {int(d): int(c) for d, c in evidence["first"]["observed"].items()}
    observed[digit] = max(0, observed.get(digit, 0) - count)
    if sum(observed.values()) < MIN_VENDOR:
        return False
    return _nonconforming(benford.test(observed, "first"))


def _nonconforming(r: benford.BenfordResult) -> bool:
    return r.excess_mad > EXCESS_MAD[r.test] and r.p_value_small_n() < P_LIMIT


def _evidence(
    subject: str, first: benford.BenfordResult, two: benford.BenfordResult, ids: list[int]
) -> dict[str, object]:
    def summary(r: benford.BenfordResult) -> dict[str, object]:
        return {
            "n": r.n,
            "mad": r.mad,
            "chi_square": r.chi_square,
            # the two-digit test is only run on 1,000 amounts or more, so its exact p is not
            # needed for small vendors (and would cost a simulation over 90 cells)
            "p_value": r.p_value_small_n() if r.test == "first" else r.p_value,
            "p_method": "exact multinomial" if r.test == "first" and r.exact_p else "chi-square",
            "excess_mad": r.excess_mad,
            "verdict": r.verdict,
            "observed": {str(k): v for k, v in r.observed.items()},
        }

    return {
        "vendor": subject,
        "first": summary(first),
        "first_two": summary(two),
        "invoice_ids": ids,
    }
