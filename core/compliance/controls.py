"""The control reports: for each control, how many items it covers, which fail, and how often
the rule refused an action. The rules themselves block in the services (core.compliance.rules);
these reports prove nothing slipped past them, e.g. a row edited directly in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from core.compliance.rules import CONTROLS
from core.ledger.accounts import vendor_key_sql
from core.store import audit
from core.store.db import Database

DRILL_COLUMNS = ["invoice_id", "issuer", "invoice_number", "detail"]


@dataclass(frozen=True)
class ControlResult:
    key: str
    title: str
    blocks: str  # what the rule refuses, and where
    population: int
    failing: pd.DataFrame  # DRILL_COLUMNS: the invoices concerned
    refusals: int  # actions this rule refused (from the audit trail)

    @property
    def failed(self) -> int:
        return len(self.failing)

    @property
    def passed(self) -> int:
        return max(0, self.population - self.failed)

    @property
    def ok(self) -> bool:
        return self.failed == 0


def _frame(db: Database, sql: str) -> pd.DataFrame:
    cur = db.cursor().execute(sql)
    return pd.DataFrame(cur.fetchall(), columns=DRILL_COLUMNS)


def _count(db: Database, sql: str) -> int:
    return int(db.scalar(sql) or 0)


_PAYABLE_GROSS = (
    "SELECT e.invoice_id, sum(l.base_credit + l.base_debit) AS gross FROM journal_entries e"
    " JOIN journal_lines l ON l.entry_id = e.id WHERE e.status = 'posted'"
    " AND starts_with(l.account, 'Liabilities:AccountsPayable') GROUP BY e.invoice_id"
)


def segregation_of_duties(db: Database) -> tuple[int, pd.DataFrame, str]:
    population = _count(db, "SELECT count(*) FROM invoices WHERE approved_by IS NOT NULL")
    failing = _frame(
        db,
        "SELECT id, issuer, invoice_number, uploaded_by || ' uploaded and approved it'"
        " FROM invoices WHERE approved_by = uploaded_by ORDER BY id",
    )
    return population, failing, "approval by the uploader (Review page, approve)"


def approval_limits(db: Database) -> tuple[int, pd.DataFrame, str]:
    population = _count(db, f"SELECT count(*) FROM ({_PAYABLE_GROSS})")
    failing = _frame(
        db,
        f"WITH g AS ({_PAYABLE_GROSS}) SELECT i.id, i.issuer, i.invoice_number,"
        " CASE WHEN u.role IS NULL THEN i.approved_by || ' is not a user'"
        " WHEN l.role IS NULL THEN i.approved_by || ' (' || u.role || ') may not approve'"
        " ELSE format('{} {} approved by {} ({}), above the limit of {}', g.gross::VARCHAR,"
        " (SELECT any_value(base_currency) FROM journal_entries), i.approved_by, u.role,"
        " l.max_amount::VARCHAR) END"
        " FROM g JOIN invoices i ON i.id = g.invoice_id LEFT JOIN users u ON u.name = i.approved_by"
        " LEFT JOIN approval_limits l ON l.role = u.role"
        " WHERE u.role IS NULL OR l.role IS NULL OR (l.max_amount IS NOT NULL"
        " AND g.gross > l.max_amount) ORDER BY i.id",
    )
    return population, failing, "approval above the approver's limit (Review page, approve)"


def duplicates_blocked(db: Database) -> tuple[int, pd.DataFrame, str]:
    vendor = vendor_key_sql("issuer")
    number = "regexp_replace(upper(coalesce(invoice_number, '')), '[^A-Z0-9]+', '', 'g')"
    population = _count(db, "SELECT count(*) FROM invoices WHERE status = 'posted'")
    failing = _frame(
        db,
        f"WITH p AS (SELECT id, issuer, invoice_number, min(id) OVER (PARTITION BY {vendor},"
        f" {number}, doc_type) AS first_id FROM invoices WHERE status = 'posted'"
        f" AND {number} <> '') SELECT id, issuer, invoice_number,"
        " 'posted again after invoice #' || first_id FROM p WHERE id <> first_id ORDER BY id",
    )
    return population, failing, "approving a second invoice with the same vendor and number"


def entries_balanced(db: Database) -> tuple[int, pd.DataFrame, str]:
    population = _count(db, "SELECT count(*) FROM journal_entries WHERE status = 'posted'")
    failing = _frame(
        db,
        "SELECT e.invoice_id, any_value(i.issuer), any_value(i.invoice_number),"
        " format('entry {}: debits {} vs credits {} ({} {} vs {} in base)', e.id,"
        " sum(l.debit)::VARCHAR, sum(l.credit)::VARCHAR, any_value(e.base_currency),"
        " sum(l.base_debit)::VARCHAR, sum(l.base_credit)::VARCHAR)"
        " FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
        " LEFT JOIN invoices i ON i.id = e.invoice_id WHERE e.status = 'posted'"
        " GROUP BY e.id, e.invoice_id HAVING sum(l.debit) <> sum(l.credit)"
        " OR sum(l.base_debit) IS DISTINCT FROM sum(l.base_credit)"
        " OR count(*) FILTER (WHERE l.base_debit IS NULL) > 0 ORDER BY e.invoice_id",
    )
    return population, failing, "storing an unbalanced entry (build_entry raises instead)"


def open_periods(db: Database) -> tuple[int, pd.DataFrame, str]:
    population = _count(db, "SELECT count(*) FROM journal_entries WHERE status = 'posted'")
    failing = _frame(
        db,
        "SELECT e.invoice_id, i.issuer, i.invoice_number, format('entry {} posted {} into {},"
        " closed since {}', e.id, strftime(e.posted_at, '%Y-%m-%d %H:%M'), e.period,"
        " strftime(p.closed_at, '%Y-%m-%d %H:%M')) FROM journal_entries e"
        " JOIN periods p ON p.period = e.period LEFT JOIN invoices i ON i.id = e.invoice_id"
        " WHERE e.status = 'posted' AND p.status = 'closed' AND p.closed_at < e.posted_at"
        " ORDER BY e.invoice_id",
    )
    return population, failing, "posting into a closed period (approve, post)"


def approved_before_posting(db: Database) -> tuple[int, pd.DataFrame, str]:
    population = _count(db, "SELECT count(*) FROM journal_entries WHERE status = 'posted'")
    failing = _frame(
        db,
        "SELECT e.invoice_id, i.issuer, i.invoice_number, format('entry {} is posted but the"
        " invoice is {} (approved by {})', e.id, coalesce(i.status, 'missing'),"
        " coalesce(i.approved_by, 'nobody')) FROM journal_entries e"
        " LEFT JOIN invoices i ON i.id = e.invoice_id WHERE e.status = 'posted'"
        " AND (i.id IS NULL OR i.status <> 'posted' OR i.approved_by IS NULL)"
        " ORDER BY e.invoice_id",
    )
    return population, failing, "posting an invoice nobody approved (post)"


def audit_trail(db: Database) -> tuple[int, pd.DataFrame, str]:
    report = audit.verify(db)
    rows = []
    if not report.ok:
        row = db.query(
            "SELECT entity, entity_id FROM audit_log WHERE seq = ?", [report.first_bad_seq]
        )
        invoice_id = int(row[0][1]) if row and row[0][0] == "invoice" else None
        rows.append((invoice_id, None, None, report.problem))
    failing = pd.DataFrame(rows, columns=DRILL_COLUMNS)
    return max(report.records, 1), failing, "nothing: it detects edits made behind LedgerLoop"


CHECKS: dict[str, Callable[[Database], tuple[int, pd.DataFrame, str]]] = {
    "segregation_of_duties": segregation_of_duties,
    "approval_limits": approval_limits,
    "duplicates_blocked": duplicates_blocked,
    "entries_balanced": entries_balanced,
    "open_periods": open_periods,
    "approved_before_posting": approved_before_posting,
    "audit_trail": audit_trail,
}


def run_controls(db: Database) -> list[ControlResult]:
    """Every control, in the order of CONTROLS.

    Not cached: tampering happens outside LedgerLoop, so no write of ours signals it.
    """
    refusals = dict(
        db.query(
            "SELECT json_extract_string(after, '$.control'), count(*) FROM audit_log"
            " WHERE starts_with(action, 'refused:') GROUP BY 1"
        )
    )
    results = []
    for key, title in CONTROLS.items():
        population, failing, blocks = CHECKS[key](db)
        results.append(
            ControlResult(key, title, blocks, population, failing, int(refusals.get(key, 0)))
        )
    return results


def summary(results: list[ControlResult]) -> pd.DataFrame:
    """One row per control: the table the Compliance page shows."""
    return pd.DataFrame(
        [(r.title, r.population, r.passed, r.failed, r.refusals, r.blocks) for r in results],
        columns=["control", "checked", "passed", "failed", "refused", "blocks"],
    )
