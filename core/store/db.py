"""The DuckDB file: connection, numbered migrations, a cursor per thread, write transactions.

Every write is one transaction behind a process-wide lock: DuckDB allows one writing
process per file, and serialising writes inside it keeps the audit chain linear and makes
"approve twice" races impossible rather than unlikely.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from core.config import db_path
from core.errors import LedgerLoopError


class StoreError(LedgerLoopError):
    """The database cannot be opened or migrated."""


# Never reused within the process, unlike id(): a cache keyed on id() served a new database
# the reads of a closed one whose address it took over.
_IDENTITIES = itertools.count(1)


@contextmanager
def scratch() -> Iterator[duckdb.DuckDBPyConnection]:
    """A private in-memory DuckDB for work nothing keeps, such as screening an imported ledger.
    What does not fit in memory spills into a folder of its own, removed afterwards: DuckDB's
    default for an in-memory database is a .tmp folder in whatever the working directory is."""
    spill = tempfile.mkdtemp(prefix="ledgerloop-scratch-")
    con = duckdb.connect(config={"temp_directory": spill})
    try:
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


class Database:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(path))
        except duckdb.IOException as exc:
            raise StoreError(
                f"cannot open the database {path}: {exc}. Is another LedgerLoop process "
                "(the app or a CLI command) using it? Stop it or set LEDGERLOOP_DB to another file."
            ) from exc
        self._local = threading.local()
        self._write_lock = _write_lock_for(self.path)
        # Cached reads key on (identity, generation); generation is bumped after each commit.
        self.identity = next(_IDENTITIES)
        self.generation = 0
        migrate(self._con)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (DuckDB connections are not shared across threads)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One unit of work: committed whole or rolled back whole."""
        with self._write_lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                # A failed COMMIT leaves the cursor in an aborted transaction: end it.
                with contextlib.suppress(duckdb.Error):
                    cur.execute("ROLLBACK")
                raise
            self.generation += 1

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.cursor().execute(sql, list(params)).fetchall()

    def query_dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.cursor().execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.cursor().execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self._con.close()


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the numbered migrations not yet applied, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied: list[int] = []
    for version, name, sql in available_migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in _statements(sql):
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_timestamp)", [version, name]
            )
        except Exception:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        applied.append(version)
    return applied


def available_migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("core.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql") and entry.name[:3].isdigit():
            found.append((int(entry.name[:3]), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


_write_locks: dict[str, threading.RLock] = {}
_write_locks_guard = threading.Lock()


def _write_lock_for(path: Path) -> threading.RLock:
    """One write lock per database file, shared by every Database object opened on it."""
    key = str(path.resolve()) if str(path) != ":memory:" else f":memory:{id(path)}"
    with _write_locks_guard:
        return _write_locks.setdefault(key, threading.RLock())


_databases: dict[Path, Database] = {}
_open_lock = threading.Lock()


def get_db(path: Path | str | None = None) -> Database:
    """The process's Database for a file (LEDGERLOOP_DB or the default), opened once."""
    resolved = Path(path) if path is not None else db_path()
    key = resolved.resolve() if str(resolved) != ":memory:" else resolved
    with _open_lock:
        db = _databases.get(key)
        if db is None:
            db = Database(resolved)
            _databases[key] = db
        return db


def close_all() -> None:
    with _open_lock:
        for db in _databases.values():
            db.close()
        _databases.clear()
