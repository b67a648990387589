"""LLM response cache, cost ledger and provider state (migration 005). No key is ever stored."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb

from core.store.cache import cached_read
from core.store.db import Database

ZERO = Decimal("0")


@dataclass(frozen=True)
class CachedResponse:
    provider: str
    model: str
    response: dict[str, Any]
    input_tokens: int
    cached_tokens: int
    output_tokens: int
    cost: Decimal


@dataclass(frozen=True)
class CallRecord:
    provider: str
    model: str
    document_sha256: str | None
    outcome: str  # ok, rejected, error, cache_hit
    attempts: int = 0
    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0
    cost: Decimal = ZERO
    saved: Decimal = ZERO
    latency_ms: float = 0.0
    reason: str | None = None


def get_cached(db: Database, key: str) -> CachedResponse | None:
    row = db.query(
        "SELECT provider, model, CAST(response AS VARCHAR), input_tokens, cached_tokens,"
        " output_tokens, cost FROM llm_cache WHERE cache_key = ?",
        [key],
    )
    if not row:
        return None
    provider, model, response, input_tokens, cached_tokens, output_tokens, cost = row[0]
    return CachedResponse(
        provider, model, json.loads(response), input_tokens, cached_tokens, output_tokens, cost
    )


def record_call(db: Database, call: CallRecord, at: datetime) -> None:
    with db.transaction() as cur:
        _insert_call(cur, call, at)


def record_answer(
    db: Database,
    call: CallRecord,
    key: str,
    prompt_version: str,
    entry: CachedResponse,
    at: datetime,
) -> None:
    """A paid answer: its cost and the answer itself in one transaction, so a process killed
    in between can neither lose an answer it paid for nor pay for it again on a rerun."""
    with db.transaction() as cur:
        _insert_call(cur, call, at)
        _insert_cached(cur, key, prompt_version, call.document_sha256, entry, at)


def _insert_cached(
    cur: duckdb.DuckDBPyConnection,
    key: str,
    prompt_version: str,
    document_sha256: str | None,
    entry: CachedResponse,
    at: datetime,
) -> None:
    cur.execute(
        "INSERT INTO llm_cache (cache_key, provider, model, prompt_version, document_sha256,"
        " response, input_tokens, cached_tokens, output_tokens, cost, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO NOTHING",
        [
            key,
            entry.provider,
            entry.model,
            prompt_version,
            document_sha256,
            json.dumps(entry.response),
            entry.input_tokens,
            entry.cached_tokens,
            entry.output_tokens,
            entry.cost,
            at,
        ],
    )


def _insert_call(cur: duckdb.DuckDBPyConnection, call: CallRecord, at: datetime) -> None:
    cur.execute(
        "INSERT INTO llm_calls (called_at, day, provider, model, document_sha256, outcome,"
        " attempts, input_tokens, cached_tokens, output_tokens, cost, saved, latency_ms,"
        " reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            at,
            at.date(),
            call.provider,
            call.model,
            call.document_sha256,
            call.outcome,
            call.attempts,
            call.input_tokens,
            call.cached_tokens,
            call.output_tokens,
            call.cost,
            call.saved,
            call.latency_ms,
            call.reason,
        ],
    )


def spent_on(db: Database, provider: str, day: date) -> Decimal:
    """What a provider's calls cost on one (UTC) day; cache hits cost nothing."""
    value = db.scalar(
        "SELECT coalesce(sum(cost), 0) FROM llm_calls WHERE provider = ? AND day = ?",
        [provider, day],
    )
    return Decimal(value) if value is not None else ZERO


@cached_read
def spend_by_model(db: Database) -> list[dict[str, Any]]:
    """Per provider and model: calls, tokens, money spent and saved by the cache."""
    return db.query_dicts(
        "SELECT provider, model,"
        " count(*) FILTER (WHERE outcome <> 'cache_hit') AS calls,"
        " count(*) FILTER (WHERE outcome = 'cache_hit') AS cache_hits,"
        " sum(input_tokens) AS input_tokens, sum(cached_tokens) AS cached_tokens,"
        " sum(output_tokens) AS output_tokens,"
        " CAST(sum(cost) AS DECIMAL(18, 6)) AS spent, CAST(sum(saved) AS DECIMAL(18, 6)) AS saved"
        " FROM llm_calls GROUP BY provider, model ORDER BY provider, model"
    )


@cached_read
def cache_stats(db: Database) -> dict[str, Any]:
    """Answers served from the cache vs paid for, and the money the cache saved."""
    row = db.query(
        "SELECT count(*) FILTER (WHERE outcome = 'cache_hit'),"
        " count(*) FILTER (WHERE outcome IN ('ok', 'rejected')),"
        " CAST(coalesce(sum(saved), 0) AS DECIMAL(18, 6)),"
        " CAST(coalesce(sum(cost), 0) AS DECIMAL(18, 6))"
        " FROM llm_calls"
    )[0]
    hits, paid, saved, spent = row
    lookups = hits + paid
    return {
        "hits": hits,
        "paid_calls": paid,
        "hit_rate": hits / lookups if lookups else 0.0,
        "saved": Decimal(saved),
        "spent": Decimal(spent),
    }


def save_state(db: Database, provider: str, state: str, reason: str | None, at: datetime) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO llm_provider_state (provider, state, changed_at, reason)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET"
            " state = excluded.state, changed_at = excluded.changed_at, reason = excluded.reason",
            [provider, state, at, reason],
        )


def states(db: Database) -> dict[str, dict[str, Any]]:
    rows = db.query_dicts("SELECT provider, state, changed_at, reason FROM llm_provider_state")
    return {row["provider"]: row for row in rows}
