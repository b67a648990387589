"""Cached reads (core/store/cache.py) on real DuckDB files."""

from __future__ import annotations

import gc
from pathlib import Path

from core.store import Database
from core.store.cache import cached_read


@cached_read
def _count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM notes"))


def _fresh(path: Path, rows: int) -> Database:
    db = Database(path)
    with db.transaction() as cur:
        cur.execute("CREATE TABLE notes (n INTEGER)")
        for i in range(rows):
            cur.execute("INSERT INTO notes VALUES (?)", [i])
    return db


def test_a_read_is_reused_until_the_next_write(tmp_path: Path) -> None:
    db = _fresh(tmp_path / "a.duckdb", 2)
    assert _count(db) == 2
    # Written behind the cache's back (no transaction): the cached answer stands...
    db.cursor().execute("INSERT INTO notes VALUES (9)")
    assert _count(db) == 2
    # ...until a committed write, which every product write is.
    with db.transaction() as cur:
        cur.execute("INSERT INTO notes VALUES (10)")
    assert _count(db) == 4


def test_a_new_database_never_sees_a_closed_ones_reads(tmp_path: Path) -> None:
    # CPython reuses a freed object's address, so a cache keyed on id(db) handed one test's
    # database the reads of the previous one: here each file has a different row count.
    for rows in range(12):
        db = _fresh(tmp_path / f"{rows}.duckdb", rows)
        assert _count(db) == rows
        db.close()
        del db
        gc.collect()
