"""Documents (keyed by sha256) and the files refused at the door."""

from __future__ import annotations

from datetime import datetime

import duckdb

from core.documents.model import Document
from core.store.db import Database


def exists(db: Database, sha256: str) -> bool:
    return bool(db.scalar("SELECT count(*) FROM documents WHERE sha256 = ?", [sha256]))


def insert(
    cur: duckdb.DuckDBPyConnection, doc: Document, content: bytes, user: str, at: datetime
) -> None:
    cur.execute(
        "INSERT INTO documents (sha256, filename, kind, size_bytes, page_count, uploaded_by,"
        " uploaded_at, content, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            doc.sha256,
            doc.filename,
            doc.kind,
            doc.size_bytes,
            doc.page_count,
            user,
            at,
            content,
            "; ".join(doc.notes) or None,
        ],
    )


def content(db: Database, sha256: str) -> tuple[str, str, bytes] | None:
    row = (
        db.cursor()
        .execute("SELECT filename, kind, content FROM documents WHERE sha256 = ?", [sha256])
        .fetchone()
    )
    return (row[0], row[1], bytes(row[2])) if row and row[2] is not None else None


def record_refusal(
    cur: duckdb.DuckDBPyConnection, filename: str, reason: str, user: str, at: datetime
) -> None:
    cur.execute(
        "INSERT INTO refusals (filename, reason, uploaded_by, refused_at) VALUES (?, ?, ?, ?)",
        [filename, reason, user, at],
    )
