"""The detectors, and scan(): every detector over one canonical relation.

Each detector is a DuckDB query over the relation prepared by core.anomalies.source, so the
same code screens the stored invoices and an imported ledger, and a scan stays fast as the
ledger grows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import duckdb

from core.anomalies.amounts import repeated_amounts, round_amounts, vendor_outliers
from core.anomalies.config import ScanConfig
from core.anomalies.controls import segregation_of_duties
from core.anomalies.dates import holiday_dates, out_of_place_dates, weekend_dates
from core.anomalies.digits import benford_tests, fails_without
from core.anomalies.duplicates import duplicates
from core.anomalies.finding import Detection
from core.anomalies.limits import below_thresholds
from core.anomalies.numbering import numbering
from core.anomalies.source import drop_table, drop_view, invoices_view, prepare
from core.anomalies.splits import split_purchases
from core.anomalies.vendors import bank_details, new_vendors, rare_accounts

Detector = Callable[[duckdb.DuckDBPyConnection, str, ScanConfig], list[Detection]]

# Query functions, each reporting one or more of the detector names in DETECTOR_NAMES.
DETECTORS: dict[str, Detector] = {
    "duplicates": duplicates,
    "amount_outlier": vendor_outliers,
    "benford": benford_tests,
    "thresholds": below_thresholds,
    "split_purchase": split_purchases,
    "round_amount": round_amounts,
    "repeated_amount": repeated_amounts,
    "weekend_date": weekend_dates,
    "holiday_date": holiday_dates,
    "dates": out_of_place_dates,
    "new_vendor": new_vendors,
    "iban_change": bank_details,
    "numbering": numbering,
    "rare_account": rare_accounts,
    "sod_breach": segregation_of_duties,
}

# Every finding's detector name, with what it means for the analyst.
DETECTOR_NAMES: dict[str, str] = {
    "duplicate": "Duplicate invoice (exact or fuzzy)",
    "amount_outlier": "Amount unusual for the vendor",
    "benford": "Benford's law nonconformity",
    "below_limit": "Just below an approval limit",
    "threshold_cluster": "Cluster just below a round sum",
    "split_purchase": "Split purchase",
    "round_amount": "Round amount",
    "repeated_amount": "Repeated amount",
    "weekend_date": "Weekend date",
    "holiday_date": "Bank-holiday date",
    "backdated": "Backdated invoice",
    "future_date": "Future-dated invoice",
    "new_vendor": "New vendor",
    "iban_change": "Changed or shared bank details",
    "numbering": "Gap or disorder in the vendor's numbering",
    "rare_account": "Rare vendor-account combination",
    "sod_breach": "Segregation of duties breach",
}


# A finding that a more specific one on the same invoice explains is folded into it: one
# alarm with the cause and the symptom's numbers beats two. An amount pushed under a limit or
# a round sum, or a part of a split purchase, is large for its vendor because of that
# pattern; a number out of sequence belongs to an invoice whose date is out of place (it sits
# by its number among the right invoices) or to a duplicate re-numbered by hand.
EXPLAINED_BY: dict[str, tuple[str, ...]] = {
    "amount_outlier": ("below_limit", "threshold_cluster", "split_purchase"),
    "numbering": ("backdated", "future_date", "duplicate"),
}
SYMPTOM_TEXT = {
    "amount_outlier": "The amount is also unusual for the vendor",
    "numbering": "Its number is also out of sequence",
}


def merge_explained(found: list[Detection]) -> list[Detection]:
    """Fold each explained finding into the strongest explaining finding on its invoice."""
    found = _name_peer_clusters(_fold_digit_cliffs(found))
    for symptom, causes in EXPLAINED_BY.items():
        found = _fold(found, symptom, causes)
    return found


def _fold_digit_cliffs(found: list[Detection]) -> list[Detection]:
    """Amounts bunched just below a power of ten (1,000, 10,000...) and a failed Benford test
    at the same vendor are one pattern, reported once, by whichever is its cause.

    A vendor whose first digits fail even without the bunch leans on 9s and shuns 1s
    throughout, and amounts like that bunch under every power of ten: its round-sum cluster
    is that skew seen from the side, folded into the vendor's Benford finding (its invoices
    listed there). A vendor whose digits fail only because of the bunch (amounts padded to
    just under 1,000, or clustered under a 10,000 limit) is the reverse: the bunch is the cause,
    so its Benford finding is folded into the cluster or limit findings. A limit's control
    test is never folded away."""
    benford_of = {
        d.evidence["vendor_key"]: d
        for d in found
        if d.detector == "benford" and "vendor_key" in d.evidence
    }
    under: dict[str, dict[str, set[int]]] = {"threshold_cluster": {}, "below_limit": {}}
    for d in found:
        key = d.evidence.get("vendor_key")
        # below a limit, a bunch is a cluster, not the control test's listing of single ones
        bunch = d.detector == "threshold_cluster" or "chance" in d.evidence
        if d.detector in under and bunch and key in benford_of and d.invoice_id is not None:
            exponent = math.log10(float(d.evidence["threshold"]))
            if abs(exponent - round(exponent)) < 1e-9:
                under[d.detector].setdefault(key, set()).add(d.invoice_id)
    # every amount just below a power of ten is led by a 9
    sums, limits = under["threshold_cluster"], under["below_limit"]
    cliffs = {
        key: rows
        for key, rows in sums.items()
        if fails_without(benford_of[key].evidence, 9, len(rows))
    }
    padded = {
        key: {("threshold_cluster", i) for i in sums.get(key, ())}
        | {("below_limit", i) for i in limits.get(key, ())}
        for key in sums.keys() | limits.keys()
        if key not in cliffs
        and fails_without(benford_of[key].evidence, 9, 0)  # the first digits fail at all
        and not fails_without(
            benford_of[key].evidence, 9, len(sums.get(key, ())) + len(limits.get(key, ()))
        )
    }
    out = []
    for d in found:
        key = d.evidence.get("vendor_key", "")
        if d.detector == "threshold_cluster" and d.invoice_id in cliffs.get(key, ()):
            continue
        if d.detector == "benford" and key in padded:
            continue
        if d.detector == "benford" and key in cliffs:
            rows = cliffs[key]
            d = replace(
                d,
                reason=f"{d.reason} Its amounts also bunch just below a power of ten "
                f"({len(rows)} invoice{'s' if len(rows) > 1 else ''}): the same skew.",
                evidence={**d.evidence, "digit_cliff_ids": sorted(rows)},
            )
        if (d.detector, d.invoice_id) in padded.get(key, ()):
            benford = benford_of[key]
            n = len(padded[key])
            d = replace(
                d,
                reason=f"{d.reason} These {n} amounts just below a power of ten are also why "
                f"{benford.subject}'s first digits fail Benford's law (MAD "
                f"{benford.evidence['first']['mad']:.4f}); without them they pass.",
                evidence={**d.evidence, "benford": benford.evidence},
            )
        out.append(d)
    return out


def _name_peer_clusters(found: list[Detection]) -> list[Detection]:
    """Each round-sum cluster says how many other vendors' clusters below the same sum the
    inbox holds: a sum several vendors keep under is a limit of the firm's, and those
    clusters weighed in the test (core.anomalies.limits). Counted after the Benford fold, so
    the number is of clusters the analyst can see."""
    vendors_at: dict[str, set[str]] = {}
    for d in found:
        if d.detector == "threshold_cluster":
            vendors_at.setdefault(d.evidence["threshold"], set()).add(d.evidence["vendor_key"])
    out = []
    for d in found:
        if d.detector == "threshold_cluster":
            others = len(vendors_at[d.evidence["threshold"]]) - 1
            if others:
                d = replace(
                    d,
                    reason=f"{d.reason} {others} other vendor"
                    f"{'s cluster' if others > 1 else ' clusters'} just below the same sum too.",
                    evidence={**d.evidence, "other_vendors": others},
                )
        out.append(d)
    return out


def _fold(found: list[Detection], symptom: str, causes: tuple[str, ...]) -> list[Detection]:
    explaining: dict[int, Detection] = {}
    for d in found:
        if d.detector in causes and d.invoice_id is not None:
            best = explaining.get(d.invoice_id)
            if best is None or d.score > best.score:
                explaining[d.invoice_id] = d
    symptoms = {
        d.invoice_id: d
        for d in found
        if d.detector == symptom
        and d.invoice_id in explaining
        # a gap in the numbering is about the missing numbers, not this invoice's own
        and d.evidence.get("kind") != "gap"
    }
    out = []
    for d in found:
        if d.detector == symptom and d.invoice_id in symptoms:
            continue
        folded = symptoms.get(d.invoice_id) if d is explaining.get(d.invoice_id) else None
        if folded is not None:
            d = replace(
                d,
                score=max(d.score, folded.score),
                reason=f"{d.reason} {SYMPTOM_TEXT[symptom]}: {folded.reason}",
                evidence={**d.evidence, symptom: folded.evidence},
            )
        out.append(d)
    return out


def scan(
    cur: duckdb.DuckDBPyConnection,
    source: str | None = None,
    config: ScanConfig | None = None,
    only: set[str] | None = None,
) -> list[Detection]:
    """Run the detectors over source (a table or view with the canonical columns), or over the
    stored invoices when source is None. only restricts to some keys of DETECTORS."""
    cfg = config or ScanConfig()
    view = invoices_view(cur) if source is None else None
    prepared = prepare(cur, view or source or "", cfg.base_currency)
    try:
        found: list[Detection] = []
        for name, detector in DETECTORS.items():
            if only is None or name in only:
                found.extend(detector(cur, prepared, cfg))
        return merge_explained(found)
    finally:
        drop_table(cur, prepared)
        if view:
            drop_view(cur, view)
