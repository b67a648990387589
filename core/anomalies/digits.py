"""Benford's law per vendor and over the whole ledger.

Benford's law only describes amounts that span several orders of magnitude; a vendor that
bills 90 to 130 a time is not expected to follow it. A vendor is tested only when its amounts
spread widely (robust sd of log10 amount >= 0.45), are mostly distinct (not a price list) and
number 100 or more of at least 10; it is
flagged when Nigrini's MAD band says nonconformity and the chi-square test agrees (p < 0.001),
because MAD alone over-reads small samples. The ledger as a whole is flagged on MAD alone,
which is Nigrini's advice for large samples, where chi-square rejects everything.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from core.anomalies import benford
from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier

MIN_VENDOR = 100
MIN_SPREAD = 0.45
MIN_DISTINCT = 0.5  # a vendor billing a few fixed prices is not a Benford population
MIN_TWO_DIGIT = 1000
P_LIMIT = 0.001
MAX_EVIDENCE_IDS = 1000
OVERALL = "(all vendors)"


def benford_tests(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH p AS (
            SELECT vkey, vendor, amt,
                   CAST(left(ltrim(regexp_replace(CAST(amt AS VARCHAR), '[^0-9]', '', 'g'), '0'), 2)
                        AS INTEGER) AS d2
            FROM {s} WHERE amt >= 10
        ),
        spread AS (
            SELECT vkey, count(*) AS n, count(DISTINCT amt) / count(*) AS distinct_share,
                   (quantile_cont(log10(amt), 0.75) - quantile_cont(log10(amt), 0.25)) / 1.349
                       AS sd
            FROM p GROUP BY vkey
        )
        SELECT p.vkey, any_value(p.vendor), p.d2, count(*), spread.n, spread.sd
        FROM p JOIN spread USING (vkey)
        WHERE spread.n >= ? AND spread.sd >= ? AND spread.distinct_share >= ?
        GROUP BY p.vkey, p.d2, spread.n, spread.sd
        """,
        [MIN_VENDOR, MIN_SPREAD, MIN_DISTINCT],
    ).fetchall()
    per_vendor: dict[str, dict[int, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for vkey, vendor, d2, count, _n, _sd in rows:
        per_vendor[vkey][d2] = count
        names[vkey] = vendor
    out = []
    for vkey, counts in per_vendor.items():
        finding = _vendor_finding(cur, s, vkey, names[vkey], counts)
        if finding:
            out.append(finding)
    overall = cur.execute(
        f"""
        SELECT CAST(left(ltrim(regexp_replace(CAST(amt AS VARCHAR), '[^0-9]', '', 'g'), '0'), 2)
                    AS INTEGER) AS d2, count(*)
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


def _vendor_finding(
    cur: duckdb.DuckDBPyConnection, s: str, vkey: str, vendor: str, counts: dict[int, int]
) -> Detection | None:
    first, two = _tests(counts)
    first_bad = not first.conforms and first.p_value < P_LIMIT
    two_bad = two.n >= MIN_TWO_DIGIT and not two.conforms and two.p_value < P_LIMIT
    if not (first_bad or two_bad):
        return None
    spikes = [
        d
        for d in first.expected
        if first.observed[d] / first.n > first.expected[d] and first.z_stat(d) > 1.96
    ]
    ids = [
        r[0]
        for r in cur.execute(
            f"SELECT id FROM {s} WHERE vkey = ? AND amt >= 10 AND CAST(left(ltrim(regexp_replace("
            "CAST(amt AS VARCHAR), '[^0-9]', '', 'g'), '0'), 1) AS INTEGER) IN (SELECT unnest(?))"
            " ORDER BY id LIMIT ?",
            [vkey, spikes, MAX_EVIDENCE_IDS],
        ).fetchall()
    ]
    worst = max(first.expected, key=lambda d: first.observed[d] / first.n - first.expected[d])
    reason = (
        f"{vendor}'s {first.n} amounts do not follow Benford's law: first digits "
        f"{first.verdict} (MAD {first.mad:.4f}, over Nigrini's 0.015; chi-square "
        f"{first.chi_square:.1f} on 8 df, p = {first.p_value:.1e}). Digit {worst} leads "
        f"{first.observed[worst] / first.n:.1%} of amounts where {first.expected[worst]:.1%} is "
        f"expected."
    )
    score = min(0.95, 0.55 + first.mad * 5)
    return Detection(
        None, "benford", score, reason, _evidence(vendor, first, two, ids), subject=vendor
    )


def _evidence(
    subject: str, first: benford.BenfordResult, two: benford.BenfordResult, ids: list[int]
) -> dict[str, object]:
    def summary(r: benford.BenfordResult) -> dict[str, object]:
        return {
            "n": r.n,
            "mad": r.mad,
            "chi_square": r.chi_square,
            "p_value": r.p_value,
            "verdict": r.verdict,
            "observed": {str(k): v for k, v in r.observed.items()},
        }

    return {
        "vendor": subject,
        "first": summary(first),
        "first_two": summary(two),
        "invoice_ids": ids,
    }
