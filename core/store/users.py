"""The people who act in LedgerLoop and their roles."""

from __future__ import annotations

import duckdb

from core.store.cache import cached_read
from core.store.db import Database

ROLES = ("clerk", "approver", "analyst", "admin")


@cached_read
def all_users(db: Database) -> list[tuple[str, str]]:
    return [(str(n), str(r)) for n, r in db.query("SELECT name, role FROM users ORDER BY name")]


def role_in(cur: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The role as the caller's transaction sees it."""
    row = cur.execute("SELECT role FROM users WHERE name = ?", [name]).fetchone()
    return str(row[0]) if row else None


def upsert(cur: duckdb.DuckDBPyConnection, name: str, role: str) -> str | None:
    """Create the user or change their role; returns the previous role (None if new)."""
    before = role_in(cur, name)
    cur.execute(
        "INSERT INTO users (name, role) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET"
        " role = excluded.role",
        [name, role],
    )
    return before
