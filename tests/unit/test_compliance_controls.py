"""Internal controls: each one blocks through the services and reports what slipped past it."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounting_support import ADMIN, APPROVER, CLERK, Spec, ingest

from core.compliance import Refused, run_controls, summary
from core.services import accounting as acc
from core.store.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "controls.duckdb")
    yield database
    database.close()


def controls(db: Database) -> dict:
    return {r.key: r for r in run_controls(db)}


def posted_ledger(db: Database) -> list[int]:
    ids = [ingest(db, Spec(number=f"R-{i}", issued=f"2024-03-0{i + 1}")) for i in range(3)]
    assert acc.approve_many(db, ids, APPROVER).posted == tuple(ids)
    return ids


def test_a_clean_ledger_passes_every_control_with_counts(db: Database) -> None:
    posted_ledger(db)
    results = controls(db)
    assert all(r.ok for r in results.values()), {k: r.failing for k, r in results.items()}
    assert results["segregation_of_duties"].passed == 3
    assert results["entries_balanced"].population == 3
    assert results["audit_trail"].population >= 9
    table = summary(run_controls(db))
    assert list(table["failed"]) == [0] * 7


def test_refused_actions_are_counted_per_control(db: Database) -> None:
    own = ingest(db, Spec(number="OWN-1"), user=APPROVER)
    big = ingest(db, Spec(number="BIG-1", net="50000.00"))
    for invoice_id in (own, big):
        with pytest.raises(Refused):
            acc.approve(db, invoice_id, APPROVER)
    results = controls(db)
    assert results["segregation_of_duties"].refusals == 1
    assert results["approval_limits"].refusals == 1
    assert results["segregation_of_duties"].ok and results["approval_limits"].ok


def test_approval_by_the_uploader_behind_the_apps_back_fails_sod(db: Database) -> None:
    ids = posted_ledger(db)
    db.cursor().execute("UPDATE invoices SET approved_by = uploaded_by WHERE id = ?", [ids[1]])
    sod = controls(db)["segregation_of_duties"]
    assert (sod.failed, sod.passed) == (1, 2)
    assert list(sod.failing["invoice_id"]) == [ids[1]]
    assert f"{CLERK} uploaded and approved it" in sod.failing["detail"].iloc[0]


def test_over_limit_approval_fails_the_limit_control(db: Database) -> None:
    ids = posted_ledger(db)
    acc.set_approval_limit(db, "approver", "100", ADMIN)
    result = controls(db)["approval_limits"]
    assert result.failed == 3 and set(result.failing["invoice_id"]) == set(ids)
    assert "above the limit of 100.00" in result.failing["detail"].iloc[0]


def test_an_unbalanced_line_fails_the_balance_control(db: Database) -> None:
    ids = posted_ledger(db)
    db.cursor().execute(
        "UPDATE journal_lines SET debit = debit + 1 WHERE line_no = 1 AND entry_id ="
        " (SELECT id FROM journal_entries WHERE invoice_id = ? AND status = 'posted')",
        [ids[2]],
    )
    result = controls(db)["entries_balanced"]
    assert list(result.failing["invoice_id"]) == [ids[2]]


def test_a_posting_dated_after_the_close_fails_the_period_control(db: Database) -> None:
    ids = posted_ledger(db)
    acc.close_period(db, "2024-03", ADMIN)
    assert controls(db)["open_periods"].ok
    db.cursor().execute(
        "UPDATE journal_entries SET posted_at = current_timestamp + INTERVAL 1 HOUR"
        " WHERE invoice_id = ? AND status = 'posted'",
        [ids[0]],
    )
    result = controls(db)["open_periods"]
    assert list(result.failing["invoice_id"]) == [ids[0]]
    assert "into 2024-03" in result.failing["detail"].iloc[0]


def test_a_duplicate_posted_behind_the_apps_back_fails_the_duplicate_control(
    db: Database,
) -> None:
    ids = posted_ledger(db)
    db.cursor().execute("UPDATE invoices SET invoice_number = 'R-0' WHERE id = ?", [ids[2]])
    result = controls(db)["duplicates_blocked"]
    assert list(result.failing["invoice_id"]) == [ids[2]]


def test_an_entry_for_an_unapproved_invoice_fails_the_approval_control(db: Database) -> None:
    ids = posted_ledger(db)
    db.cursor().execute("UPDATE invoices SET status = 'extracted' WHERE id = ?", [ids[0]])
    assert list(controls(db)["approved_before_posting"].failing["invoice_id"]) == [ids[0]]


def test_a_tampered_audit_trail_fails_its_control_naming_the_invoice(db: Database) -> None:
    ids = posted_ledger(db)
    seq = db.scalar(
        "SELECT min(seq) FROM audit_log WHERE action = 'approve' AND entity_id = ?", [str(ids[1])]
    )
    db.cursor().execute("UPDATE audit_log SET actor = 'someone.else' WHERE seq = ?", [seq])
    result = controls(db)["audit_trail"]
    assert result.failed == 1 and list(result.failing["invoice_id"]) == [ids[1]]
    assert f"record {seq}" in result.failing["detail"].iloc[0]
