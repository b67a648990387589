"""The append-only audit trail: each record hashed over its content and its predecessor's hash.

The head (last seq and hash) is also kept in audit_head, updated in the same transaction,
so that deleting the newest records is detected as surely as altering an old one. Seq
numbers may have gaps (a rolled-back transaction consumes its sequence value), so the
chain is judged by its hash links, not by consecutive numbers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from core.store.cache import cached_read
from core.store.db import Database

GENESIS = "0" * 64


def canonical_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))


def record_hash(
    prev_hash: str,
    ts: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: str | None,
    after: str | None,
) -> str:
    payload = "\x1f".join(
        [prev_hash, ts.isoformat(), actor, action, entity, entity_id, before or "", after or ""]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditEvent:
    """One change of state: who did what to which entity, and the state before and after."""

    actor: str
    action: str
    entity: str
    entity_id: str | int
    before: Any = None
    after: Any = None


def append(
    cur: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: Any = None,
    after: Any = None,
) -> str:
    """Append one record inside the caller's transaction; returns its hash."""
    return append_many(cur, [AuditEvent(actor, action, entity, entity_id, before, after)])


def append_many(cur: duckdb.DuckDBPyConnection, events: Sequence[AuditEvent]) -> str:
    """Append records in order inside the caller's transaction; returns the new head hash.

    Callers hold the database's write lock (Database.transaction), so the head read here is
    still the head when the records land.
    """
    prev = _head(cur)[1]
    if not events:
        return prev
    ts = now()
    seqs = sorted(
        int(r[0])
        for r in cur.execute("SELECT nextval('seq_audit') FROM range(?)", [len(events)]).fetchall()
    )
    rows = []
    for seq, event in zip(seqs, events, strict=True):
        before, after = canonical_json(event.before), canonical_json(event.after)
        entity_id = str(event.entity_id)
        digest = record_hash(prev, ts, event.actor, event.action, event.entity, entity_id,
                             before, after)  # fmt: skip
        rows.append((seq, ts, event.actor, event.action, event.entity, entity_id, before, after,
                     prev, digest))  # fmt: skip
        prev = digest
    if len(rows) == 1:
        cur.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(rows[0]))
    else:
        frame = pd.DataFrame(rows, columns=list(_COLUMNS))
        frame["ts"] = frame["ts"].astype("datetime64[us]")
        cur.register("audit_batch", frame)
        try:
            cur.execute(
                "INSERT INTO audit_log SELECT seq, ts, actor, action, entity, entity_id,"
                " CAST(before AS JSON), CAST(after AS JSON), prev_hash, hash FROM audit_batch"
            )
        finally:
            cur.unregister("audit_batch")
    cur.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", [seqs[-1], prev])
    return prev


_COLUMNS = ("seq", "ts", "actor", "action", "entity", "entity_id", "before", "after",
            "prev_hash", "hash")  # fmt: skip


def _head(cur: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    row = cur.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    records: int
    first_bad_seq: int | None
    problem: str | None


def verify(db: Database) -> ChainReport:
    """Recompute every hash in order; the first record that does not match is reported.

    An altered record fails its own hash; a deleted record breaks its successor's link (the
    gap in seq numbers says which record went); a deleted tail disagrees with audit_head.
    """
    cur = db.cursor()
    head_seq, head_hash = _head(cur)
    cur.execute(
        "SELECT seq, ts, actor, action, entity, entity_id, CAST(before AS VARCHAR),"
        " CAST(after AS VARCHAR), prev_hash, hash FROM audit_log ORDER BY seq"
    )
    prev, prev_seq, count = GENESIS, 0, 0
    while batch := cur.fetchmany(20_000):
        for seq, ts, actor, action, entity, entity_id, before, after, prev_hash, digest in batch:
            count += 1
            if prev_hash != prev:
                if seq > prev_seq + 1:
                    return ChainReport(False, count, prev_seq + 1, _missing(prev_seq, seq))
                return ChainReport(
                    False, count, seq, f"record {seq} does not follow record {prev_seq}: its "
                    "link to its predecessor was altered"
                )  # fmt: skip
            recomputed = record_hash(prev, ts, actor, action, entity, entity_id, before, after)
            if recomputed != digest:
                return ChainReport(
                    False, count, seq, f"record {seq} ({action} {entity} {entity_id} by {actor}"
                    f" at {ts:%Y-%m-%d %H:%M:%S}) was altered after it was written"
                )  # fmt: skip
            prev, prev_seq = digest, seq
    if head_seq > prev_seq:
        return ChainReport(
            False, count, prev_seq + 1, f"records {prev_seq + 1} to {head_seq} are missing: the "
            f"trail ends at record {prev_seq}, but its head says {head_seq}"
        )  # fmt: skip
    if head_hash != prev:
        return ChainReport(
            False, count, prev_seq or None, f"record {prev_seq} does not match the trail's head: "
            "it was replaced after it was written"
        )  # fmt: skip
    return ChainReport(True, count, None, None)


def _missing(prev_seq: int, seq: int) -> str:
    if seq == prev_seq + 2:
        return f"record {prev_seq + 1} is missing: record {seq} points to a predecessor now gone"
    return (
        f"records between {prev_seq} and {seq} are missing: record {seq} points to a "
        "predecessor that is gone"
    )


@cached_read
def records(
    db: Database, entity: str | None = None, entity_id: str | None = None, limit: int = 500
) -> pd.DataFrame:
    """The newest records, optionally for one entity (e.g. 'invoice', '42')."""
    return (
        db.cursor()
        .execute(
            "SELECT seq, ts, actor, action, entity, entity_id, CAST(before AS VARCHAR) AS before,"
            " CAST(after AS VARCHAR) AS after, hash FROM audit_log"
            " WHERE (? IS NULL OR entity = ?) AND (? IS NULL OR entity_id = ?)"
            " ORDER BY seq DESC LIMIT ?",
            [entity, entity, entity_id, entity_id, limit],
        )
        .df()
    )


def now() -> datetime:
    """Naive UTC, the form DuckDB's TIMESTAMP round-trips exactly."""
    return datetime.now(UTC).replace(tzinfo=None)
