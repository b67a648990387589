"""The anomaly inbox for analysts: screening, the inbox sorted by risk, a finding's evidence,
bulk decisions that teach the detector weights, exports, and screening an imported ledger."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from core import names
from core.anomalies import DETECTOR_NAMES, Detection, ScanConfig, benford, ledger_import, risk
from core.anomalies.config import DEFAULT_APPROVAL_LIMIT
from core.anomalies.detectors import scan
from core.anomalies.digits import OVERALL
from core.anomalies.finding import RELATED_MAX
from core.anomalies.source import drop_table
from core.config import base_currency
from core.services import exports
from core.store import Database, audit
from core.store import anomaly_repo as repo
from core.store import findings as findings_repo
from core.store import invoices as invoices_repo
from core.store import ledger_imports as imports_repo
from core.store.db import scratch

CATEGORY = "anomaly"
INVOICES = "uploaded invoices"  # the inbox's source for findings on stored invoices
DECISIONS = {"confirmed", "dismissed"}
STATUSES = ("open", "confirmed", "dismissed")


# --------------------------------------------------------------------------------------
# Settings and screening
# --------------------------------------------------------------------------------------


MAX_APPROVAL_LIMIT = Decimal("1000000000000")  # a trillion: beyond it the band sums overflow


class SettingError(ValueError):
    """A screening setting out of range: the user's to correct, not the file's."""


def check_limit(limit: Decimal) -> None:
    """Raise SettingError unless limit is an amount from 0.01 to MAX_APPROVAL_LIMIT."""
    if not (limit.is_finite() and Decimal("0.01") <= limit <= MAX_APPROVAL_LIMIT):
        raise SettingError(
            f"the approval limit must be an amount from 0.01 to {MAX_APPROVAL_LIMIT:,}, not {limit}"
        )


def check_currency(code: str | None) -> None:
    """Raise SettingError unless code is None or a 3-letter currency code."""
    if code is not None and not re.fullmatch(r"[A-Za-z]{3}", code):
        raise SettingError(f"'{code}' is not a 3-letter currency code")


def parse_holidays(text: str) -> tuple[date, ...]:
    """ISO dates separated by commas, spaces or new lines, in order and once each; SettingError
    names the first entry that is no such date."""
    days = set()
    for entry in re.split(r"[\s,;]+", text.strip()):
        if entry:
            try:
                days.add(date.fromisoformat(entry))
            except ValueError:
                raise SettingError(f"'{entry}' is not a date (YYYY-MM-DD)") from None
    return tuple(sorted(days))


def holidays_text(days: tuple[date, ...]) -> str:
    return ", ".join(d.isoformat() for d in days)


def settings(db: Database) -> dict[str, Any]:
    """{'approval_limit': Decimal, 'base_currency': str, 'extra_holidays': tuple of dates},
    with the defaults filled in."""
    return settings_from(repo.settings(db.cursor()))


def update_settings(
    db: Database,
    user: str,
    approval_limit: Decimal | None = None,
    base_currency_code: str | None = None,
    extra_holidays: tuple[date, ...] | None = None,
) -> dict[str, Any]:
    if approval_limit is not None:
        check_limit(approval_limit)
    check_currency(base_currency_code)
    before = settings(db)
    with db.transaction() as cur:
        now = audit.now()
        if approval_limit is not None:
            repo.save_setting(cur, "approval_limit", str(approval_limit), user, now)
        if base_currency_code is not None:
            repo.save_setting(cur, "base_currency", base_currency_code.upper(), user, now)
        if extra_holidays is not None:
            days = [d.isoformat() for d in sorted(set(extra_holidays))]
            repo.save_setting(cur, "extra_holidays", days, user, now)
        audit.append(
            cur,
            user,
            "settings",
            "anomaly_settings",
            "screening",
            before=_shown(before),
            after=_shown(settings_from(repo.settings(cur))),
        )
    return settings(db)


def _shown(values: dict[str, Any]) -> dict[str, str]:
    return {k: holidays_text(v) if k == "extra_holidays" else str(v) for k, v in values.items()}


def settings_from(stored: dict[str, Any]) -> dict[str, Any]:
    return {
        "approval_limit": Decimal(str(stored.get("approval_limit", DEFAULT_APPROVAL_LIMIT))),
        "base_currency": str(stored.get("base_currency", base_currency())),
        "extra_holidays": tuple(date.fromisoformat(d) for d in stored.get("extra_holidays", [])),
    }


def scan_config(db: Database, as_of: date | None = None) -> ScanConfig:
    s = settings(db)
    return ScanConfig(
        approval_limits=(s["approval_limit"],),
        base_currency=s["base_currency"],
        as_of=as_of or date.today(),
        extra_holidays=s["extra_holidays"],
    )


def screen(db: Database, actor: str = "system", config: ScanConfig | None = None) -> int:
    """Run every detector over the stored invoices; store what is new. Returns how many."""
    cfg = config or scan_config(db)
    with db.transaction() as cur:
        known = repo.stored_keys(cur, CATEGORY)
        new = 0
        now = audit.now()
        for d in scan(cur, None, cfg):
            if d.key in known:
                continue
            known.add(d.key)
            _store(cur, d, d.invoice_id, now)
            new += 1
        if new:
            audit.append(cur, actor, "screen", "findings", CATEGORY, after={"new": new})
    return new


def _store(cur: Any, d: Detection, invoice_id: int | None, at: datetime) -> int:
    """Store a detection as an anomaly finding about this invoice (None: an imported ledger's
    row, linked apart, or a vendor as a whole); its subject travels in the evidence."""
    evidence = {**d.evidence, "subject": d.subject} if d.subject else d.evidence
    return findings_repo.insert(
        cur, invoice_id, d.detector, CATEGORY, d.score, d.reason, evidence, at
    )


# --------------------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------------------


def weights(db: Database) -> pd.DataFrame:
    """One row per detector: its posterior, weight (posterior mean precision) and decisions."""
    state = repo.detector_state(db.cursor())
    rows = []
    for detector, label in DETECTOR_NAMES.items():
        a0, b0 = risk.prior(detector)
        a, b, confirmed, dismissed = state.get(detector, (a0, b0, 0, 0))
        rows.append(
            {
                "detector": detector,
                "label": label,
                "alpha": a,
                "beta": b,
                "weight": risk.weight(a, b),
                "sd": risk.posterior_sd(a, b),
                "prior_weight": risk.weight(a0, b0),
                "confirmed": confirmed,
                "dismissed": dismissed,
            }
        )
    return pd.DataFrame(rows)


def weights_history(db: Database) -> pd.DataFrame:
    """Every weight change in order (id, detector, alpha, beta, weight, finding_id, decision,
    decided_by, changed_at); each detector's prior is its starting point before its first row."""
    return repo.weight_history(db)


def decide(db: Database, finding_ids: list[int], decision: str, user: str) -> int:
    """Confirm or dismiss findings in bulk; each decision moves its detector's weight.

    Changing an earlier decision takes the old one back out of the posterior first. Every
    changed finding is audit-logged. Returns how many findings changed.
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {sorted(DECISIONS)}, not {decision!r}")
    ids = sorted({int(i) for i in finding_ids})
    if not ids:
        return 0
    changed = 0
    with db.transaction() as cur:
        found = repo.findings_for_decision(cur, ids, CATEGORY)
        missing = set(ids) - {r[0] for r in found}
        if missing:
            raise ValueError(f"no anomaly finding with id {sorted(missing)}")
        state = repo.detector_state(cur)
        now = audit.now()
        for finding_id, detector, status in found:
            if status == decision:
                continue
            a, b, confirmed, dismissed = state.get(detector, (*risk.prior(detector), 0, 0))
            if status == "confirmed":
                a, confirmed = a - 1, confirmed - 1
            elif status == "dismissed":
                b, dismissed = b - 1, dismissed - 1
            if decision == "confirmed":
                a, confirmed = a + 1, confirmed + 1
            else:
                b, dismissed = b + 1, dismissed + 1
            state[detector] = (a, b, confirmed, dismissed)
            repo.save_detector(cur, detector, a, b, confirmed, dismissed, now)
            repo.add_history(
                cur, detector, a, b, risk.weight(a, b), finding_id, decision, user, now
            )
            repo.set_status(cur, finding_id, decision, user, now)
            audit.append(
                cur,
                user,
                decision,
                "finding",
                finding_id,
                before={"status": status},
                after={"status": decision, "detector": detector},
            )
            changed += 1
    return changed


# --------------------------------------------------------------------------------------
# Inbox, detail, export
# --------------------------------------------------------------------------------------


def inbox(
    db: Database,
    detectors: list[str] | None = None,
    vendor: str | None = None,
    status: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 2000,
    source: int | str | None = None,
) -> pd.DataFrame:
    """Findings, riskiest invoice first. risk is the invoice's (or imported row's) combined
    risk over its open and confirmed findings (dismissed ones no longer count); vendor matches
    case-insensitively as a substring; dates filter on the invoice date; source is INVOICES
    (the uploaded invoices) or an import's id (see imports)."""
    df = repo.findings(db, CATEGORY, INVOICES)
    df["weight"] = _vendor_weights(df, repo.detector_state(db.cursor()))
    df["item"] = _items(df)
    live = df[df["status"] != "dismissed"]
    # A dict, not groupby().apply(): on an empty frame apply returns a DataFrame.
    per_item = {
        key: risk.combine(zip(g["weight"], g["score"], strict=True))
        for key, g in live.dropna(subset=["item"]).groupby("item")
    }
    df["risk"] = df["item"].map(per_item).astype("float64")
    df["risk"] = df["risk"].fillna(df["weight"] * df["score"]).round(4)
    df["detector_label"] = df["detector"].map(DETECTOR_NAMES).fillna(df["detector"])
    df = df.drop(columns="item")
    if source == INVOICES:
        df = df[df["import_id"].isna()]
    elif source is not None:
        df = df[df["import_id"] == int(source)]
    if detectors:
        df = df[df["detector"].isin(detectors)]
    if vendor:
        df = df[df["vendor"].fillna("").str.contains(vendor, case=False, regex=False)]
    if status:
        df = df[df["status"] == status]
    if date_from is not None:
        df = df[
            df["invoice_date"].notna()
            & (pd.to_datetime(df["invoice_date"]) >= pd.Timestamp(date_from))
        ]
    if date_to is not None:
        df = df[
            df["invoice_date"].notna()
            & (pd.to_datetime(df["invoice_date"]) <= pd.Timestamp(date_to))
        ]
    df = df.sort_values(["risk", "score", "id"], ascending=[False, False, False])
    return df.head(limit).reset_index(drop=True)


def _items(df: pd.DataFrame) -> pd.Series:
    """What each finding is about: an uploaded invoice, a row of an imported ledger, or (None)
    a vendor as a whole."""
    keys = [
        f"i{int(inv)}" if pd.notna(inv) else f"r{int(imp)}:{int(row)}" if pd.notna(row) else None
        for inv, imp, row in zip(df["invoice_id"], df["import_id"], df["row"], strict=True)
    ]
    return pd.Series(keys, index=df.index, dtype=object)


def imports(db: Database) -> pd.DataFrame:
    """The imported ledgers kept for the inbox, newest first: id, file_name, imported_by,
    imported_at, data_rows, screened, base_currency, findings, open."""
    return imports_repo.imports(db)


def _vendor_keys(findings: pd.DataFrame) -> pd.Series:
    """Each finding's vendor key ('' for none: such findings learn as their detector does)."""
    vendors = findings["vendor"].astype(object).where(findings["vendor"].notna(), None)
    keys = {v: names.key(v) for v in vendors.unique()}
    return vendors.map(keys)


def _vendor_decisions(
    findings: pd.DataFrame, keys: pd.Series
) -> dict[tuple[str, str], tuple[int, int]]:
    """(detector, vendor key) -> (confirmed, dismissed) over the findings given."""
    decided = findings["status"].isin(DECISIONS) & (keys != "")
    counts = (
        pd.DataFrame({"detector": findings["detector"], "key": keys, "status": findings["status"]})
        [decided]
        .value_counts()
    )  # fmt: skip
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for (detector, key, status), n in counts.items():
        confirmed, dismissed = out.get((detector, key), (0, 0))
        out[(detector, key)] = (
            (confirmed + int(n), dismissed)
            if status == "confirmed"
            else (confirmed, dismissed + int(n))
        )
    return out


def _vendor_weights(
    findings: pd.DataFrame, state: dict[str, tuple[float, float, int, int]]
) -> pd.Series:
    """Each finding's weight: its detector's, moved by the decisions on that detector's findings
    at the same vendor (risk.vendor_weight)."""
    keys = _vendor_keys(findings)
    decided = _vendor_decisions(findings, keys)
    cache: dict[tuple[str, str], float] = {}
    weights = []
    for detector, key in zip(findings["detector"], keys, strict=True):
        if (detector, key) not in cache:
            counts = decided.get((detector, key), (0, 0))
            cache[(detector, key)] = risk.vendor_weight(*_posterior(state, detector), *counts)
        weights.append(cache[(detector, key)])
    return pd.Series(weights, index=findings.index, dtype=float)


def _posterior(
    state: dict[str, tuple[float, float, int, int]], detector: str
) -> tuple[float, float]:
    return state[detector][:2] if detector in state else risk.prior(detector)


def _vendor_learning(db: Database, detector: str, vendor: str | None) -> dict[str, Any] | None:
    """What the decisions on this vendor's findings of this detector made of its weight, when
    there are any: confirmed, dismissed, weight (here) and detector_weight (everywhere)."""
    findings = repo.findings(db, CATEGORY, INVOICES, detector)
    key = names.key(vendor) if vendor else ""
    counts = _vendor_decisions(findings, _vendor_keys(findings)).get((detector, key))
    if counts is None:
        return None
    confirmed, dismissed = counts
    alpha, beta = _posterior(repo.detector_state(db.cursor()), detector)
    return {
        "confirmed": confirmed,
        "dismissed": dismissed,
        "weight": risk.vendor_weight(alpha, beta, confirmed, dismissed),
        "detector_weight": risk.weight(alpha, beta),
    }


def finding_detail(db: Database, finding_id: int) -> dict[str, Any]:
    """The finding with the evidence to draw.

    keys: finding (dict; import_id, row and source name an imported ledger's row), invoice
    (dict or None), related (DataFrame of the related invoices, e.g. a duplicate pair side by
    side), heading (for side_by_side: '#' before an invoice id, 'row ' before a row), and by
    detector: history (amount_outlier: the vendor's invoices with the outlier
    marked, columns invoice_date, total_amount, this) and benford (dict of 'first'/'first_two'
    -> DataFrame digits, observed, expected, count, plus 'verdicts'); vendor_learning (see
    _vendor_learning; None before any decision). For an imported ledger's finding, invoices
    are its rows: id is the data row, as the evidence names them.
    """
    finding = repo.finding(db, finding_id, CATEGORY, INVOICES)
    if finding is None:
        raise ValueError(f"no anomaly finding with id {finding_id}")
    evidence = json.loads(finding.pop("evidence") or "{}")
    finding["evidence"] = evidence
    finding["detector_label"] = DETECTOR_NAMES.get(finding["detector"], finding["detector"])
    imported, this = finding["import_id"], finding["invoice_id"] or finding["row"]

    def invoices(ids: list[int]) -> pd.DataFrame:
        if imported is None:
            return invoices_repo.by_ids(db.cursor(), ids)
        return imports_repo.rows(db.cursor(), imported, ids)

    invoice = invoices([this]) if this else None
    related_ids = [int(i) for i in evidence.get("related", evidence.get("invoice_ids", []))]
    out: dict[str, Any] = {
        "finding": finding,
        "invoice": invoice.iloc[0].to_dict() if invoice is not None and len(invoice) else None,
        "related": invoices(related_ids[:RELATED_MAX]),
        "heading": "#" if imported is None else "row ",
    }
    # the vendor as the inbox takes it: the invoice's issuer, else the finding's evidence
    vendor = (out["invoice"] or {}).get("vendor") or evidence.get("vendor")
    out["vendor_learning"] = _vendor_learning(db, finding["detector"], vendor)
    # an outlier folded into the finding that explains it keeps its amount history
    unusual = finding["detector"] == "amount_outlier" or "amount_outlier" in evidence
    if unusual and this and imported is not None:
        out["history"] = imports_repo.vendor_history(
            db.cursor(), imported, evidence.get("vendor", vendor or ""), this
        )
    elif unusual and this:
        out["history"] = invoices_repo.vendor_history(db.cursor(), evidence.get("vendor", ""), this)
    # a Benford failure folded into the bunch of amounts that causes it keeps its chart
    digits = evidence if finding["detector"] == "benford" else evidence.get("benford")
    if digits:
        out["benford"] = benford_view(digits)
    return out


def side_by_side(related: pd.DataFrame, heading: str = "#") -> pd.DataFrame:
    """Related invoices as columns headed by their id (#99; an imported ledger's rows by
    finding_detail's heading, 'row 99'), their fields as rows, written as an analyst reads
    them (amounts to the cent, a date without a time, nothing for a blank); `differs` marks
    the fields where they disagree, which is where a near-copy gives itself away."""
    invoices = related.drop_duplicates("id")
    fields = [c for c in invoices.columns if c != "id"]
    columns = {
        f"{heading}{int(row['id'])}": [_side_cell(row[field]) for field in fields]
        for _, row in invoices.iterrows()
    }
    table = pd.DataFrame(columns, index=fields)
    table["differs"] = table.nunique(axis=1) > 1
    return table.reset_index(names="field")


def _side_cell(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        # DuckDB hands DECIMAL amounts over as floats; they are an invoice's only fractions
        return "" if math.isnan(value) else f"{value:.2f}"
    if isinstance(value, datetime):  # pd.Timestamp too
        at_midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if at_midnight else value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def benford_view(evidence: dict[str, Any]) -> dict[str, Any]:
    """Observed and expected digit frequencies and verdicts, rebuilt from a finding's counts."""
    view: dict[str, Any] = {"verdicts": {}}
    for kind in ("first", "first_two"):
        counts = {int(k): int(v) for k, v in evidence.get(kind, {}).get("observed", {}).items()}
        if not sum(counts.values()):
            continue
        result = benford.test(counts, kind)
        view[kind] = pd.DataFrame(result.rows())
        view["verdicts"][kind] = {
            "verdict": result.verdict,
            "mad": result.mad,
            # Nigrini's bands assume large n; the excess over the MAD expected at this n and
            # an exact p-value for small samples keep small vendors from looking nonconforming.
            "excess_mad": result.excess_mad,
            "chi_square": result.chi_square,
            "p_value": result.p_value_small_n() if kind == "first" else result.p_value,
            "n": result.n,
        }
    return view


def export_findings(db: Database, **filters: Any) -> bytes:
    """The inbox (same filters) as a CSV file for a spreadsheet (exports.csv_bytes)."""
    df = inbox(db, limit=10**9, **filters)
    columns = [
        "id",
        "risk",
        "detector",
        "detector_label",
        "score",
        "status",
        "vendor",
        "invoice_id",
        "source",
        "row",
        "invoice_number",
        "invoice_date",
        "total_amount",
        "currency",
        "reason",
        "decided_by",
        "decided_at",
    ]
    return exports.csv_bytes(df[columns])


# --------------------------------------------------------------------------------------
# Imported ledgers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportScreening:
    rows: int  # data rows in the file
    screened: int  # rows that passed the checks and were screened
    errors: list[ledger_import.RowError]
    findings: list[Detection]  # invoice_id is the 1-based data row
    base_currency: str  # the limits and the amount tests were judged in this currency
    vendor_rows: dict[str, list[int]]  # a vendor-wide finding's subject -> all its rows
    currency_note: str  # which currency the limit and the amount tests used, and why
    currency_warnings: list[str]  # where that choice may not suit the ledger
    # each flagged row's vendor, invoice_number, invoice_date, total_amount and currency
    flagged: dict[int, tuple[str, str, date, Decimal, str | None]]
    kept: KeptImport | None = None  # where the rows and findings were kept for the inbox

    def table(self) -> pd.DataFrame:
        """The findings, riskiest first, each with the invoice it is about."""
        records = []
        for d in sorted(self.findings, key=lambda d: (-d.score, d.invoice_id or 0)):
            vendor, number, day, amount, currency = self.flagged.get(
                d.invoice_id or 0, (d.subject, None, None, None, None)
            )
            records.append(
                {
                    "row": d.invoice_id,
                    "vendor": vendor,
                    "invoice_number": number,
                    "invoice_date": day,
                    "total_amount": amount,
                    "currency": currency,
                    "detector": d.detector,
                    "detector_label": DETECTOR_NAMES.get(d.detector, d.detector),
                    "score": round(d.score, 3),
                    "reason": d.reason,
                }
            )
        # a vendor-wide finding (its Benford test) has no row of its own: a blank, not 1.0s
        return pd.DataFrame(records, columns=IMPORT_COLUMNS).astype({"row": "Int64"})

    def csv(self) -> bytes:
        """The findings as the table shows them, as a CSV file for a spreadsheet."""
        return exports.csv_bytes(self.table())


IMPORT_COLUMNS = [
    "row",
    "vendor",
    "invoice_number",
    "invoice_date",
    "total_amount",
    "currency",
    "detector",
    "detector_label",
    "score",
    "reason",
]


def read_import(data: bytes) -> ledger_import.ParsedCsv:
    """Parse an uploaded CSV; raises LedgerImportError when the file as a whole is unusable."""
    return ledger_import.read_csv(data)


def guess_mapping(headers: list[str]) -> dict[str, str | None]:
    """Our field -> the file's column, guessed from the headers (for the mapping step)."""
    return ledger_import.guess_mapping(headers)


def alike_headers(headers: list[str]) -> list[list[str]]:
    """Headers that read as one field's name, which guess_mapping leaves to the user."""
    return ledger_import.alike_headers(headers)


def import_fields() -> dict[str, bool]:
    """The fields a mapping may set, each with whether it is required."""
    return {f: f in ledger_import.REQUIRED for f in ledger_import.FIELDS}


def screen_import(
    parsed: ledger_import.ParsedCsv,
    mapping: dict[str, str | None],
    config: ScanConfig | None = None,
    base_currency_code: str | None = None,
    approval_limit: Decimal | None = None,
    keep: KeepImport | None = None,
) -> ImportScreening:
    """Check and screen an imported ledger in a private in-memory database; with keep, its
    screened rows and findings are then kept in the inbox's database (see _keep).

    The approval limits and the amount tests apply in base_currency_code when given, else in
    the currency most of the ledger's rows carry, else in the configured base currency: a
    ledger exported in dollars is judged in dollars, not skipped as foreign. approval_limit,
    when given, is the limit set for this ledger and replaces the configured ones (and so no
    warning that the limit was set for another currency). SettingError names a bad limit or
    code.
    """
    check_currency(base_currency_code)
    config = config or ScanConfig()
    if approval_limit is not None:
        check_limit(approval_limit)
        config = replace(config, approval_limits=(approval_limit,))
    with scratch() as con:
        loaded = ledger_import.load(con, parsed, mapping)
        table, errors = loaded.table, loaded.errors
        main = ledger_import.main_currency(con, table)
        base = (base_currency_code or main or config.base_currency).upper()
        screened, in_base = ledger_import.counts(con, table, base)
        found = scan(con, table, replace(config, base_currency=base))
        vendor_rows = _vendor_rows(con, table, found)
        flagged = ledger_import.rows_by_id(
            con, table, sorted({d.invoice_id for d in found if d.invoice_id is not None})
        )
        # the same file read the same way is kept once; a new mapping, limit or set of extra
        # holidays is a new reading (none configured: the key readings kept before it had)
        holidays = [d.isoformat() for d in config.extra_holidays]
        how = json.dumps(
            {
                "mapping": mapping,
                "currency": base,
                "limits": [f"{x:.2f}" for x in config.approval_limits],
                **({"holidays": holidays} if holidays else {}),
            },
            sort_keys=True,
        )
        kept = _keep(keep, con, table, parsed.rows, base, found, how) if keep else None
        drop_table(con, table)
    found.sort(key=lambda d: (d.invoice_id is None, d.invoice_id or 0, d.detector, d.subject))
    source = (
        "as given"
        if base_currency_code
        else "the ledger's main currency"
        if main
        else "the configured base currency"
    )
    limits = ", ".join(f"{limit:,.2f}" for limit in config.approval_limits)
    tests = f"Approval limit {limits} and amount tests" if limits else "Amount tests"
    note = f"{tests} applied in {base} ({source})."
    if loaded.decimal_mark == ",":
        note += " Amounts read with a decimal comma, as the file writes them (1.234,56)."
    warnings = []
    if screened and not in_base:
        warnings.append(
            f"No row of the ledger is in {base}: the limit and amount tests judged nothing."
        )
    if screened and limits and approval_limit is None and base != config.base_currency.upper():
        warnings.append(
            f"The approval limit {limits} was set for {config.base_currency.upper()}; "
            f"check that it suits amounts in {base}."
        )
    return ImportScreening(
        parsed.rows, screened, errors, found, base, vendor_rows, note, warnings, flagged, kept
    )


@dataclass(frozen=True)
class KeepImport:
    """Keep a screened ledger for the inbox: in this database, under this file name, as
    imported by this user. data is the file's bytes: the same file read the same way (mapping,
    currency, limits) is kept once."""

    db: Database
    file_name: str
    data: bytes
    user: str


@dataclass(frozen=True)
class KeptImport:
    import_id: int
    file_name: str
    imported_by: str
    imported_at: datetime
    new: bool  # False: this reading of the file was kept before, as import_id; nothing added


def _keep(
    keep: KeepImport,
    con: Any,
    table: str,
    data_rows: int,
    base: str,
    found: list[Detection],
    how: str,
) -> KeptImport:
    """Store the screened rows and the findings, each linked to its import and row, in one
    transaction: an analyst reviews them in the inbox as those on uploaded invoices. A file
    kept before, read the same way (how: its mapping, currency and limits), is not kept again
    (its findings and their decisions are already there)."""
    digest = hashlib.sha256(keep.data + b"\0" + how.encode()).hexdigest()
    with keep.db.transaction() as cur:
        before = imports_repo.find(cur, digest)
        if before is not None:
            return KeptImport(
                int(before["id"]), before["file_name"], before["imported_by"],
                before["imported_at"], new=False,
            )  # fmt: skip
        now = audit.now()
        rows = ledger_import.as_arrow(con, table)
        import_id = imports_repo.insert(
            cur, keep.file_name, digest, data_rows, base, keep.user, now, rows
        )
        # a row's finding is about the row (d.invoice_id is its number), not a stored invoice
        links = [(_store(cur, d, None, now), import_id, d.invoice_id) for d in found]
        imports_repo.link(cur, links)
        audit.append(
            cur, keep.user, "import", "ledger_imports", import_id,
            after={"file_name": keep.file_name, "sha256": digest, "rows": rows.num_rows,
                   "findings": len(links)},
        )  # fmt: skip
    return KeptImport(import_id, keep.file_name, keep.user, now, new=True)


def _vendor_rows(con: Any, table: str, found: list[Detection]) -> dict[str, list[int]]:
    """Every row of each vendor a finding is about as a whole (its Benford test)."""
    subjects = sorted({d.subject for d in found if d.invoice_id is None and d.subject != OVERALL})
    if not subjects:
        return {}
    return ledger_import.rows_by_vendor(con, table, subjects)
