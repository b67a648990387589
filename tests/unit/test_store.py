"""core/store: migrations, transactions, a cursor per thread, money as DECIMAL."""

from __future__ import annotations

import tempfile
import threading
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from core.store import Database, audit
from core.store.db import available_migrations, migrate, scratch


def test_migrations_are_numbered_and_applied_once(db: Database) -> None:
    versions = [v for v, _, _ in available_migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1
    applied = [r[0] for r in db.query("SELECT version FROM schema_migrations ORDER BY version")]
    assert applied == versions
    assert migrate(db.cursor()) == []  # a second start applies nothing


def test_reopening_the_file_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    first = Database(path)
    with first.transaction() as cur:
        cur.execute("INSERT INTO users VALUES ('erin', 'clerk', current_timestamp)")
    first.close()
    second = Database(path)
    assert second.scalar("SELECT role FROM users WHERE name = ?", ["erin"]) == "clerk"
    second.close()


def test_failed_unit_of_work_leaves_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as cur:
        cur.execute("INSERT INTO users VALUES ('ghost', 'clerk', current_timestamp)")
        raise RuntimeError("crash in the middle")
    assert db.scalar("SELECT count(*) FROM users WHERE name = 'ghost'") == 0


def test_money_columns_are_decimal_not_double(db: Database) -> None:
    types = dict(
        db.query(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = 'invoices'"
        )
    )
    for column in ("net_amount", "tax_amount", "total_amount"):
        assert types[column].startswith("DECIMAL(18,2)")
    money_types = {
        row[0]
        for row in db.query(
            "SELECT data_type FROM information_schema.columns"
            " WHERE column_name IN ('debit', 'credit', 'total_amount', 'net_amount')"
        )
    }
    assert not any("DOUBLE" in t or "FLOAT" in t for t in money_types)


def test_each_thread_gets_its_own_cursor(db: Database) -> None:
    cursors: list[duckdb.DuckDBPyConnection] = []
    lock = threading.Lock()

    def work() -> None:
        cur = db.cursor()
        assert db.cursor() is cur
        with lock:
            cursors.append(cur)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in cursors}) == 3


def test_concurrent_writes_keep_the_audit_chain_linear(db: Database) -> None:
    def write(n: int) -> None:
        for i in range(10):
            with db.transaction() as cur:
                audit.append(cur, f"user{n}", "test", "thing", i, after={"value": Decimal("1.10")})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = audit.verify(db)
    assert report.ok and report.records == 40


def test_second_process_gets_a_clear_message(db: Database, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "from core.store import Database\n"
        "from core.store.db import StoreError\n"
        "try:\n"
        f"    Database({str(db.path)!r})\n"
        "except StoreError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    ).stdout
    assert "another LedgerLoop process" in out and str(db.path) in out


def test_vendor_mappings_of_earlier_versions_are_re_keyed_by_their_names(db: Database) -> None:
    from core.ledger.accounts import vendor_key
    from core.store.db import migrate

    rows = [  # as earlier versions stored them: a-z and digits only
        ("mllergmbh", "Müller GmbH", "Expenses:Office", "2025-01-01"),
        # the same name decomposed, mapped later: it now has the same key, and wins
        ("mullergmbh", "Mu\u0308ller GmbH", "Expenses:IT", "2025-02-01"),
        ("", "ООО Ромашка", "Expenses:Travel", "2025-01-01"),
    ]
    with db.transaction() as cur:
        cur.executemany(
            "INSERT INTO vendor_accounts VALUES (?, ?, ?, 'dana.admin', CAST(? AS TIMESTAMP))",
            rows,
        )
        cur.execute("DELETE FROM schema_migrations WHERE version = 6")
    assert migrate(db.cursor()) == [6]
    stored = dict(db.cursor().execute("SELECT vendor_key, vendor FROM vendor_accounts").fetchall())
    assert stored == {
        vendor_key("Müller GmbH"): "Mu\u0308ller GmbH",
        vendor_key("ООО Ромашка"): "ООО Ромашка",
    }
    account = db.cursor().execute(
        "SELECT account FROM vendor_accounts WHERE vendor_key = ?", [vendor_key("Müller GmbH")]
    )
    assert account.fetchone()[0] == "Expenses:IT"
    assert vendor_key("Möller GmbH") not in stored


def test_a_scratch_database_spills_into_its_own_folder_and_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, scratch_root = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    scratch_root.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    with scratch() as con:
        # a sort larger than the memory allowed: DuckDB must spill
        con.execute("SET memory_limit = '64MB'")
        con.execute("SET threads = 1")
        top = con.execute(
            "SELECT max(r) FROM (SELECT range AS r FROM range(8000000) ORDER BY hash(range))"
        ).fetchone()
        spill = Path(con.execute("SELECT current_setting('temp_directory')").fetchone()[0])
        assert top == (7_999_999,)
        assert spill.parent == scratch_root and any(spill.iterdir())
    assert not spill.exists()
    # DuckDB's default for an in-memory database: a .tmp folder where the user stands
    assert list(work.iterdir()) == []
