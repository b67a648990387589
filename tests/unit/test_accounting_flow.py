"""Review, corrections, approval and posting: a real DuckDB file, real e-invoice files."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from accounting_support import ADMIN, ANALYST, APPROVER, CLERK, Spec, ingest

from core.compliance import Refused
from core.services import accounting as acc
from core.store import audit
from core.store.db import Database, get_db

D = Decimal


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "ledger.duckdb")
    yield database
    database.close()


def refusals(db: Database, invoice_id: int) -> list[tuple[str, str]]:
    return db.query(
        "SELECT action, json_extract_string(after, '$.control') FROM audit_log"
        " WHERE entity = 'invoice' AND entity_id = ? AND starts_with(action, 'refused:')"
        " ORDER BY seq",
        [str(invoice_id)],
    )


def posted_entries(db: Database, invoice_id: int) -> int:
    return db.scalar(
        "SELECT count(*) FROM journal_entries WHERE invoice_id = ? AND status = 'posted'",
        [invoice_id],
    )


def test_approval_posts_a_balanced_entry_and_records_who(db: Database, tmp_path: Path) -> None:
    invoice_id = ingest(db, Spec(), folder=tmp_path)
    outcome = acc.approve(db, invoice_id, APPROVER)
    assert outcome.posted == (invoice_id,)
    lines = acc.journal(db)
    assert set(lines["invoice_id"]) == {invoice_id}
    assert sum(lines["debit"]) == sum(lines["credit"]) == D("1190.00")
    assert sum(lines["base_debit"]) == D("1190.00")
    row = db.query_dicts("SELECT status, approved_by FROM invoices WHERE id = ?", [invoice_id])[0]
    assert row == {"status": "posted", "approved_by": APPROVER}
    # the proposed entry from ingest is superseded, not left to double count
    statuses = db.query(
        "SELECT status FROM journal_entries WHERE invoice_id = ? ORDER BY id", [invoice_id]
    )
    assert [s for (s,) in statuses] == ["superseded", "posted"]
    actions = [
        a
        for (a,) in db.query(
            "SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq", [str(invoice_id)]
        )
    ]
    assert actions == ["ingest", "approve", "post"]


def test_approving_twice_is_refused_and_logged(db: Database) -> None:
    invoice_id = ingest(db, Spec())
    acc.approve(db, invoice_id, APPROVER)
    with pytest.raises(Refused, match=r"already approved by blair\.approver") as info:
        acc.approve(db, invoice_id, ADMIN)
    assert info.value.control == "status"
    assert refusals(db, invoice_id) == [("refused:approve", "status")]
    assert posted_entries(db, invoice_id) == 1


def test_approving_ones_own_upload_is_refused_and_logged(db: Database) -> None:
    invoice_id = ingest(db, Spec(), user=APPROVER)
    with pytest.raises(Refused, match="segregation of duties"):
        acc.approve(db, invoice_id, APPROVER)
    assert refusals(db, invoice_id) == [("refused:approve", "segregation_of_duties")]
    assert posted_entries(db, invoice_id) == 0
    acc.approve(db, invoice_id, ADMIN)
    assert posted_entries(db, invoice_id) == 1


@pytest.mark.parametrize("actor", [CLERK, ANALYST, "mallory"])
def test_only_approver_roles_may_approve(db: Database, actor: str) -> None:
    invoice_id = ingest(db, Spec())
    with pytest.raises(Refused) as info:
        acc.approve(db, invoice_id, actor)
    assert actor in str(info.value)
    assert posted_entries(db, invoice_id) == 0 and len(refusals(db, invoice_id)) == 1


def test_approval_limits_by_amount_and_role(db: Database) -> None:
    big = ingest(db, Spec(net="20000.00"))
    with pytest.raises(Refused, match=r"up to 10,000\.00 EUR") as info:
        acc.approve(db, big, APPROVER)
    assert info.value.control == "approval_limits"
    acc.set_approval_limit(db, "approver", D("25000"), ADMIN)
    acc.approve(db, big, APPROVER)
    assert posted_entries(db, big) == 1
    with pytest.raises(Refused, match="only admins may set limit"):
        acc.set_approval_limit(db, "approver", None, APPROVER)


def test_limits_apply_to_the_amount_in_the_base_currency(db: Database) -> None:
    acc.set_rate(db, "USD", date(2024, 1, 1), "0.5", ADMIN)
    invoice_id = ingest(db, Spec(currency="USD", net="15000.00"))  # 17,850 USD = 8,925 EUR
    acc.approve(db, invoice_id, APPROVER)
    assert posted_entries(db, invoice_id) == 1


def test_posting_into_a_closed_period_is_refused_and_logged(db: Database) -> None:
    invoice_id = ingest(db, Spec(issued="2024-03-05"))
    acc.close_period(db, "2024-03", ADMIN)
    with pytest.raises(Refused, match="period 2024-03 is closed") as info:
        acc.approve(db, invoice_id, APPROVER)
    assert info.value.control == "open_periods"
    assert refusals(db, invoice_id) == [("refused:approve", "open_periods")]
    assert db.scalar("SELECT status FROM invoices WHERE id = ?", [invoice_id]) == "extracted"
    acc.reopen_period(db, "2024-03", ADMIN)
    acc.approve(db, invoice_id, APPROVER)
    assert posted_entries(db, invoice_id) == 1


def test_closing_blocks_posting_an_invoice_approved_before(db: Database) -> None:
    invoice_id = ingest(db, Spec(issued="2024-04-02", due="2024-05-02"))
    acc.approve(db, invoice_id, APPROVER, post=False)
    acc.close_period(db, "2024-04", ADMIN)
    with pytest.raises(Refused, match="closed"):
        acc.post(db, invoice_id, APPROVER)
    acc.reopen_period(db, "2024-04", ADMIN)
    assert acc.post_approved(db, APPROVER).posted == (invoice_id,)
    with pytest.raises(Refused, match="only admins may close period"):
        acc.close_period(db, "2024-04", APPROVER)


def test_a_missing_rate_is_a_finding_and_blocks_posting_never_one(db: Database) -> None:
    invoice_id = ingest(db, Spec(currency="USD", net="100.00"))
    from core.contract import Extraction

    prepared = acc.prepare_ingest(
        db,
        Extraction(
            issuer="X",
            currency="USD",
            issue_date=date(2024, 3, 5),
            net_amount=D("1"),
            tax_amount=D("0"),
        ),
    )
    assert [f.check for f in prepared.findings] == ["fx_rate"]
    assert "no EUR rate for USD" in prepared.findings[0].reason
    assert set(acc.missing_rates(db)["id"]) == {invoice_id}
    with pytest.raises(Refused, match="no EUR rate for USD on or before 2024-03-05"):
        acc.approve(db, invoice_id, APPROVER)
    acc.set_rate(db, "USD", date(2024, 3, 1), "0.9137", APPROVER)
    acc.approve(db, invoice_id, APPROVER)
    lines = acc.journal(db)
    payable = lines[lines["account"].str.startswith("Liabilities")].iloc[0]
    assert payable["credit"] == D("119.00") and payable["base_credit"] == D("108.73")
    assert sum(lines["base_debit"]) == sum(lines["base_credit"])


def test_a_duplicate_is_blocked_before_posting(db: Database) -> None:
    first = ingest(db, Spec(number="RE 2024/7"))
    second = ingest(db, Spec(number="re-2024-7", due="2024-04-30"))  # same invoice, other file
    acc.approve(db, first, APPROVER)
    with pytest.raises(Refused, match=f"duplicates invoice #{first}") as info:
        acc.approve(db, second, APPROVER)
    assert info.value.control == "duplicates_blocked"
    acc.reject(db, second, APPROVER, "duplicate of the first")
    with pytest.raises(Refused, match="was rejected"):
        acc.approve(db, second, ADMIN)


def test_duplicates_within_one_batch_post_once(db: Database) -> None:
    a, b = ingest(db, Spec(number="A-1")), ingest(db, Spec(number="A-1", due="2024-05-01"))
    outcome = acc.approve_many(db, [a, b], APPROVER)
    assert outcome.posted == (a,) and set(outcome.refused) == {b}


def test_a_rejection_needs_a_reason_and_voids_the_proposed_entry(db: Database) -> None:
    invoice_id = ingest(db, Spec())
    with pytest.raises(Refused, match="needs a reason"):
        acc.reject(db, invoice_id, APPROVER, "  ")
    acc.reject(db, invoice_id, APPROVER, "not ordered by us")
    assert db.query("SELECT status FROM journal_entries WHERE invoice_id = ?", [invoice_id]) == [
        ("void",)
    ]


def test_corrections_are_stored_with_who_when_and_rebuild_the_entry(db: Database) -> None:
    invoice_id = ingest(db, Spec(vendor="Nordwind Consulting GmbH"))
    outcome = acc.correct(
        db, invoice_id, {"invoice_number": "RE-2024-001A", "issue_date": "06.03.2024"}, CLERK
    )
    assert outcome.changed == {
        "invoice_number": ("RE-2024-001", "RE-2024-001A"),
        "issue_date": ("2024-03-05", "2024-03-06"),
    }
    stored = acc.corrections(db)
    assert set(stored["field"]) == {"invoice_number", "issue_date"}
    assert set(stored["corrected_by"]) == {CLERK} and stored["corrected_at"].notna().all()
    assert set(stored["agent"]) == {"einvoice-xml"}
    entry = db.query_dicts(
        "SELECT entry_date, description FROM journal_entries"
        " WHERE invoice_id = ? AND status = 'proposed'",
        [invoice_id],
    )
    assert entry == [
        {
            "entry_date": date(2024, 3, 6),
            "description": "Invoice RE-2024-001A from Nordwind Consulting GmbH",
        }
    ]
    item = acc.review_item(db, invoice_id)
    corrected = {f.name: f for f in item.fields}
    assert corrected["invoice_number"].corrected and corrected["invoice_number"].confidence == 1.0


def test_a_correction_that_breaks_arithmetic_needs_a_reason(db: Database) -> None:
    invoice_id = ingest(db, Spec())
    with pytest.raises(Refused, match="give a reason"):
        acc.correct(db, invoice_id, {"total_amount": "1.200,00"}, CLERK)
    assert acc.corrections(db).empty
    assert refusals(db, invoice_id) == [("refused:correct", "input")]
    outcome = acc.correct(
        db, invoice_id, {"total_amount": "1.200,00"}, CLERK, reason="printed so; vendor adds a fee"
    )
    assert outcome.score_after < outcome.score_before
    assert acc.corrections(db).iloc[0]["reason"] == "printed so; vendor adds a fee"
    checks = set(db.query("SELECT check_name FROM findings WHERE invoice_id = ?", [invoice_id]))
    assert ("arithmetic",) in checks


def test_bad_correction_input_gets_a_clear_message(db: Database) -> None:
    invoice_id = ingest(db, Spec())
    with pytest.raises(Refused, match="net_amount: 'lots' is not an amount"):
        acc.correct(db, invoice_id, {"net_amount": "lots"}, CLERK)
    with pytest.raises(Refused, match="not in the chart of accounts"):
        acc.correct(db, invoice_id, {"expense_account": "Expenses:Yachts"}, CLERK)
    with pytest.raises(Refused, match="cannot be corrected"):
        acc.correct(db, invoice_id, {"status": "posted"}, CLERK)
    acc.approve(db, invoice_id, APPROVER)
    with pytest.raises(Refused, match="posted"):
        acc.correct(db, invoice_id, {"invoice_number": "X"}, CLERK)


def test_corrected_accounts_teach_the_vendor_suggestion(db: Database) -> None:
    vendor = "Blue Harbour Trading Ltd"
    first = ingest(db, Spec(vendor=vendor, number="BH-1"))
    before = acc.suggest_account(db, vendor)
    assert before.source in ("keywords", "default")
    acc.correct(db, first, {"expense_account": "Expenses:Materials"}, CLERK)
    acc.approve(db, first, APPROVER)
    learnt = acc.suggest_account(db, vendor)
    assert learnt.account == "Expenses:Materials" and learnt.source == "history"
    assert learnt.confidence > before.confidence
    acc.set_vendor_account(db, vendor, "Expenses:Logistics", CLERK)
    mapped = acc.suggest_account(db, "BLUE HARBOUR TRADING LTD.")
    assert (mapped.account, mapped.source) == ("Expenses:Logistics", "mapping")
    second = ingest(db, Spec(vendor=vendor, number="BH-2"))
    acc.approve(db, second, APPROVER)
    accounts = set(acc.journal(db, vendor="blue harbour")["account"])
    assert {"Expenses:Materials", "Expenses:Logistics"} <= accounts


def test_credit_notes_post_reversed(db: Database) -> None:
    invoice_id = ingest(db, Spec(number="R-1"))
    credit_id = ingest(db, Spec(number="G-1", credit_note=True, net="200.00"))
    acc.approve_many(db, [invoice_id, credit_id], APPROVER)
    balance = acc.trial_balance(db).set_index("account")["balance"]
    assert balance["Assets:VAT-Input"] == D("190.00") - D("38.00")
    owed = acc.ap_by_vendor(db)["owed"].sum()
    assert owed == D("1190.00") - D("238.00")


def test_chart_accepts_only_valid_accounts_from_admins(db: Database) -> None:
    acc.add_account(db, "Expenses:IT:Cloud", "Cloud hosting", ADMIN)
    assert "Expenses:IT:Cloud" in set(acc.chart(db)["account"])
    with pytest.raises(Refused, match="must start with one of"):
        acc.add_account(db, "Costs:Cloud", "nope", ADMIN)
    with pytest.raises(Refused, match="only admins"):
        acc.add_account(db, "Expenses:IT:Edge", "edge", CLERK)


@pytest.mark.parametrize("separate_connections", [False, True])
def test_two_sessions_approving_at_once_post_exactly_one_entry(
    tmp_path: Path, separate_connections: bool
) -> None:
    path = tmp_path / "shared.duckdb"
    first = get_db(path)
    invoice_id = ingest(first, Spec())
    # get_db hands every session in a process the same Database; a second Database object
    # on the same file (as a second app instance in one process would) races via DuckDB.
    second = Database(path) if separate_connections else get_db(path)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def session(name: str, db: Database) -> None:
        barrier.wait()
        try:
            results[name] = acc.approve(db, invoice_id, name)
        except Refused as exc:
            results[name] = exc

    threads = [
        threading.Thread(target=session, args=(n, d))
        for n, d in ((APPROVER, first), (ADMIN, second))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = list(results.values())
    assert sum(isinstance(o, Refused) for o in outcomes) == 1
    assert sum(isinstance(o, acc.PostingOutcome) for o in outcomes) == 1
    assert posted_entries(first, invoice_id) == 1
    assert len(refusals(first, invoice_id)) == 1
    assert audit.verify(first).ok
    if separate_connections:
        second.close()
