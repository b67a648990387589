"""The audit trail: a hash chain whose verification names the first record tampered with."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from core.store import audit
from core.store.audit import AuditEvent
from core.store.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "audit.duckdb")
    yield database
    database.close()


def fill(db: Database, n: int) -> None:
    for i in range(n):
        with db.transaction() as cur:
            audit.append(
                cur,
                "blair.approver",
                "approve",
                "invoice",
                i + 1,
                before={"status": "extracted"},
                after={"status": "approved", "n": i},
            )


def test_an_untouched_chain_verifies(db: Database) -> None:
    fill(db, 5)
    with db.transaction() as cur:
        audit.append_many(
            cur,
            [AuditEvent("dana.admin", "post", "invoice", k, None, {"k": k}) for k in range(10, 20)],
        )
    report = audit.verify(db)
    assert report.ok and report.records == 15 and report.first_bad_seq is None


def test_an_altered_record_fails_at_exactly_that_record(db: Database) -> None:
    fill(db, 6)
    db.cursor().execute(
        'UPDATE audit_log SET after = \'{"n":3,"status":"rejected"}\' WHERE seq = 4'
    )
    report = audit.verify(db)
    assert not report.ok
    assert report.first_bad_seq == 4
    assert "record 4" in report.problem and "altered" in report.problem


def test_an_altered_actor_is_caught_too(db: Database) -> None:
    fill(db, 3)
    db.cursor().execute("UPDATE audit_log SET actor = 'alex.clerk' WHERE seq = 2")
    assert audit.verify(db).first_bad_seq == 2


def test_a_deleted_record_fails_at_exactly_that_record(db: Database) -> None:
    fill(db, 6)
    db.cursor().execute("DELETE FROM audit_log WHERE seq = 3")
    report = audit.verify(db)
    assert not report.ok and report.first_bad_seq == 3
    assert "record 3 is missing" in report.problem


def test_deleting_the_newest_records_is_caught_by_the_head(db: Database) -> None:
    fill(db, 6)
    db.cursor().execute("DELETE FROM audit_log WHERE seq >= 5")
    report = audit.verify(db)
    assert not report.ok and report.first_bad_seq == 5
    assert "5 to 6 are missing" in report.problem


def test_a_rewritten_record_with_a_recomputed_hash_breaks_the_next_link(db: Database) -> None:
    fill(db, 5)
    row = db.query(
        "SELECT prev_hash, ts, actor, action, entity, entity_id, CAST(before AS VARCHAR)"
        " FROM audit_log WHERE seq = 2"
    )[0]
    forged_after = '{"n":1,"status":"rejected"}'
    digest = audit.record_hash(row[0], row[1], row[2], row[3], row[4], row[5], row[6], forged_after)
    db.cursor().execute(
        "UPDATE audit_log SET after = ?, hash = ? WHERE seq = 2", [forged_after, digest]
    )
    report = audit.verify(db)
    assert not report.ok and report.first_bad_seq == 3


def test_a_rolled_back_append_leaves_a_gap_that_is_not_an_alarm(db: Database) -> None:
    fill(db, 2)
    with pytest.raises(RuntimeError), db.transaction() as cur:
        audit.append(cur, "blair.approver", "approve", "invoice", 99)
        raise RuntimeError("the rest of the unit of work failed")
    fill(db, 2)
    seqs = [r[0] for r in db.query("SELECT seq FROM audit_log ORDER BY seq")]
    assert seqs[-1] - seqs[0] + 1 > len(seqs)  # a gap really is there
    assert audit.verify(db).ok


def test_tampering_through_a_second_connection_to_the_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "file.duckdb"
    db = Database(path)
    fill(db, 4)
    db.close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE audit_log SET entity_id = '7' WHERE seq = 2")
    con.close()
    reopened = Database(path)
    assert reopened.query("SELECT count(*) FROM audit_log")[0][0] == 4
    assert audit.verify(reopened).first_bad_seq == 2
    reopened.close()
