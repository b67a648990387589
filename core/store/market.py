"""Agents, tasks, bids, awards, outcomes and reputations: every market decision, kept.

Also the learning side: reputation history, each agent's reading per task, consensus votes,
learnt vendor layouts with their spawn/retire/relearn events, and human reviews.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from core.extraction.base import AgentInfo
from core.market.auction import AuctionResult
from core.market.reputation import GLOBAL, Reputation, ReputationBook, pooled
from core.store.cache import cached_read
from core.store.db import Database


def register_agents(db: Database, infos: list[AgentInfo], at: datetime) -> None:
    with db.transaction() as cur:
        for info in infos:
            cur.execute(
                "INSERT INTO agents (name, kind, description, cost_per_doc, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " description = excluded.description, cost_per_doc = excluded.cost_per_doc",
                [info.name, info.kind, info.description, info.cost_per_doc, at],
            )


def insert_task(
    cur: duckdb.DuckDBPyConnection, sha256: str, kind: str, context: dict[str, Any], at: datetime
) -> int:
    row = cur.execute(
        "INSERT INTO tasks (document_sha256, kind, context, created_at) VALUES (?, ?, ?, ?)"
        " RETURNING id",
        [sha256, kind, json.dumps(context), at],
    ).fetchone()
    return int(row[0])


def insert_auction(
    cur: duckdb.DuckDBPyConnection, task_id: int, result: AuctionResult, at: datetime
) -> None:
    _insert_many(
        cur, "bids",
        [[task_id, bid.agent, bid.decision, bid.score, bid.expected_quality,
          bid.sampled_quality, bid.expected_cost, bid.reason] for bid in result.bids],
    )  # fmt: skip
    if result.winner:
        cur.execute(
            "INSERT INTO awards VALUES (?, ?, ?, ?, ?)",
            [task_id, result.winner, result.reason, result.explored, at],
        )


def reputation(db: Database, agent: str, context: str = GLOBAL) -> Reputation:
    row = (
        db.cursor()
        .execute(
            "SELECT r, s, n FROM reputations WHERE agent = ? AND context = ?", [agent, context]
        )
        .fetchone()
    )
    return Reputation(*row) if row else Reputation()


def record_outcome(
    cur: duckdb.DuckDBPyConnection,
    task_id: int | None,
    agent: str,
    contexts: list[str],
    outcome: float,
    source: str,
    at: datetime,
    weight: float = 1.0,
) -> Reputation:
    """Store the outcome, fold it into the agent's reputation in each context, keep history.

    Returns the agent's reputation in the last (most specific) context.
    """
    return record_outcomes(cur, task_id, [(agent, outcome)], contexts, source, at, weight)[agent]


def record_outcomes(
    cur: duckdb.DuckDBPyConnection,
    task_id: int | None,
    outcomes: list[tuple[str, float]],
    contexts: list[str],
    source: str,
    at: datetime,
    weight: float = 1.0,
) -> dict[str, Reputation]:
    """Several agents' outcomes on one task in four statements (DuckDB pays per statement)."""
    if not outcomes or not contexts:
        return {}
    agents = sorted({a for a, _ in outcomes})
    marks_a = ", ".join("?" for _ in agents)
    marks_c = ", ".join("?" for _ in contexts)
    current = {
        (a, c): Reputation(r, s, n)
        for a, c, r, s, n in cur.execute(
            f"SELECT agent, context, r, s, n FROM reputations WHERE agent IN ({marks_a})"
            f" AND context IN ({marks_c})",
            [*agents, *contexts],
        ).fetchall()
    }
    outcome_rows, rep_rows, history_rows = [], [], []
    last: dict[str, Reputation] = {}
    for agent, outcome in outcomes:
        for context in contexts:
            rep = current.get((agent, context), Reputation()).update(outcome, weight=weight)
            current[(agent, context)] = rep
            last[agent] = rep
            outcome_rows.append([task_id, agent, context, outcome, source, at])
            rep_rows.append([agent, context, rep.r, rep.s, rep.n, at])
            history_rows.append(
                [agent, context, rep.r, rep.s, rep.n, outcome, weight, source, task_id, at]
            )
    _insert_many(cur, "outcomes (task_id, agent, context, outcome, source, created_at)",
                 outcome_rows)  # fmt: skip
    _insert_many(
        cur, "reputations", rep_rows,
        " ON CONFLICT (agent, context) DO UPDATE SET r = excluded.r, s = excluded.s,"
        " n = excluded.n, updated_at = excluded.updated_at",
    )  # fmt: skip
    _insert_many(cur, "reputation_history (agent, context, r, s, n, outcome, weight, source,"
                 " task_id, created_at)", history_rows)  # fmt: skip
    return last


def _insert_many(
    cur: duckdb.DuckDBPyConnection, target: str, rows: list[list[Any]], suffix: str = ""
) -> None:
    """One INSERT with many VALUES tuples, parameterised."""
    if not rows:
        return
    tuple_marks = "(" + ", ".join("?" for _ in rows[0]) + ")"
    cur.execute(
        f"INSERT INTO {target} VALUES " + ", ".join(tuple_marks for _ in rows) + suffix,
        [value for row in rows for value in row],
    )


def reputation_book(
    db: Database | duckdb.DuckDBPyConnection, agents: list[str], contexts: list[str]
) -> ReputationBook:
    """The reputations an auction needs, plus each agent kind's pooled prior."""
    cur = db.cursor() if isinstance(db, Database) else db
    book = ReputationBook()
    if agents and contexts:
        marks_a = ", ".join("?" for _ in agents)
        marks_c = ", ".join("?" for _ in contexts)
        for agent, context, r, s, n in cur.execute(
            f"SELECT agent, context, r, s, n FROM reputations WHERE agent IN ({marks_a})"
            f" AND context IN ({marks_c})",
            [*agents, *contexts],
        ).fetchall():
            book.entries[(agent, context)] = Reputation(r, s, n)
    by_kind: dict[str, list[Reputation]] = {}
    for kind, r, s, n in cur.execute(
        "SELECT a.kind, p.r, p.s, p.n FROM reputations p JOIN agents a ON a.name = p.agent"
        " WHERE p.context = ?",
        [GLOBAL],
    ).fetchall():
        by_kind.setdefault(kind, []).append(Reputation(r, s, n))
    book.kind_prior = {kind: pooled(reps) for kind, reps in by_kind.items()}
    return book


def insert_runs(
    cur: duckdb.DuckDBPyConnection,
    task_id: int,
    runs: list[tuple[str, str, dict[str, Any], float | None, Any, float]],
    at: datetime,
) -> None:
    """runs: (agent, role, canonical fields, validation score, cost, latency_ms)."""
    _insert_many(
        cur, "task_runs",
        [[task_id, agent, role, json.dumps(fields), score, cost, latency, at]
         for agent, role, fields, score, cost, latency in runs],
        " ON CONFLICT (task_id, agent) DO NOTHING",
    )  # fmt: skip


def runs_for_task(db: Database, task_id: int) -> list[dict[str, Any]]:
    rows = db.query_dicts(
        "SELECT agent, role, CAST(fields AS VARCHAR) AS fields, validation_score, cost,"
        " latency_ms FROM task_runs WHERE task_id = ? ORDER BY created_at, agent",
        [task_id],
    )
    for row in rows:
        row["fields"] = json.loads(row["fields"])
    return rows


def insert_votes(
    cur: duckdb.DuckDBPyConnection,
    task_id: int,
    votes: list[tuple[str, str | None, dict[str, list[str]], bool]],
    reason: str,
    at: datetime,
) -> None:
    """votes: (field, chosen value, value -> agents, agreed)."""
    _insert_many(
        cur, "consensus_votes",
        [[task_id, name, chosen, json.dumps(candidates), agreed, reason, at]
         for name, chosen, candidates, agreed in votes],
    )  # fmt: skip


def task_of_invoice(db: Database, invoice_id: int) -> dict[str, Any] | None:
    rows = db.query_dicts(
        "SELECT i.id AS invoice_id, i.document_sha256, e.task_id, e.agent,"
        " CAST(t.context AS VARCHAR) AS context, d.filename, d.content"
        " FROM invoices i JOIN extractions e ON e.id = i.extraction_id"
        " JOIN documents d ON d.sha256 = i.document_sha256"
        " LEFT JOIN tasks t ON t.id = e.task_id WHERE i.id = ?",
        [invoice_id],
    )
    if not rows:
        return None
    row = rows[0]
    row["context"] = json.loads(row["context"]) if row["context"] else {}
    return row


# ------------------------------------------------------------------------------------------
# Learnt vendor layouts and the meta-orchestrator's events
# ------------------------------------------------------------------------------------------


def layouts(
    db: Database | duckdb.DuckDBPyConnection, status: str | None = "active"
) -> list[dict[str, Any]]:
    cur = db.cursor() if isinstance(db, Database) else db
    sql = (
        "SELECT agent, vendor_key, version, CAST(model AS VARCHAR), status, examples"
        " FROM vendor_layouts"
    )
    params: list[Any] = []
    if status:
        sql += " WHERE status = ?"
        params.append(status)
    rows = cur.execute(sql + " ORDER BY created_at, agent", params).fetchall()
    return [
        {"agent": a, "vendor_key": k, "version": v, "model": json.loads(m), "status": st,
         "examples": ex}
        for a, k, v, m, st, ex in rows
    ]  # fmt: skip


def latest_layout(cur: duckdb.DuckDBPyConnection, vendor_key: str) -> dict[str, Any] | None:
    row = cur.execute(
        "SELECT agent, version, CAST(model AS VARCHAR), status FROM vendor_layouts"
        " WHERE vendor_key = ? ORDER BY version DESC LIMIT 1",
        [vendor_key],
    ).fetchone()
    if not row:
        return None
    return {"agent": row[0], "version": row[1], "model": json.loads(row[2]), "status": row[3]}


def save_layout(
    cur: duckdb.DuckDBPyConnection,
    agent: str,
    vendor_key: str,
    version: int,
    model: dict[str, Any],
    examples: int,
    at: datetime,
) -> None:
    cur.execute(
        "INSERT INTO vendor_layouts VALUES (?, ?, ?, ?, 'active', ?, ?, ?)"
        " ON CONFLICT (agent) DO UPDATE SET model = excluded.model,"
        " examples = excluded.examples, updated_at = excluded.updated_at",
        [agent, vendor_key, version, json.dumps(model), examples, at, at],
    )


def register_spawned(
    cur: duckdb.DuckDBPyConnection, info: AgentInfo, context: str, at: datetime
) -> None:
    cur.execute(
        "INSERT INTO agents (name, kind, description, cost_per_doc, status, context, parent,"
        " created_at) VALUES (?, ?, ?, ?, 'active', ?, 'meta-orchestrator', ?)"
        " ON CONFLICT (name) DO UPDATE SET description = excluded.description,"
        " status = 'active'",
        [info.name, info.kind, info.description, info.cost_per_doc, context, at],
    )


def retire(cur: duckdb.DuckDBPyConnection, agent: str, at: datetime) -> None:
    cur.execute("UPDATE agents SET status = 'retired' WHERE name = ?", [agent])
    cur.execute(
        "UPDATE vendor_layouts SET status = 'retired', updated_at = ? WHERE agent = ?", [at, agent]
    )


def insert_event(
    cur: duckdb.DuckDBPyConnection,
    event: str,
    agent: str,
    vendor_key: str | None,
    reason: str,
    details: dict[str, Any],
    at: datetime,
) -> None:
    cur.execute(
        "INSERT INTO market_events (event, agent, vendor_key, reason, details, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [event, agent, vendor_key, reason, json.dumps(details, default=str), at],
    )


def insert_review(
    cur: duckdb.DuckDBPyConnection,
    invoice_id: int,
    task_id: int | None,
    agent: str,
    fields_checked: int,
    corrected: dict[str, Any],
    truth: dict[str, Any],
    user: str,
    at: datetime,
) -> int:
    row = cur.execute(
        "INSERT INTO reviews (invoice_id, task_id, agent, fields_checked, corrections, corrected,"
        " truth, reviewed_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [invoice_id, task_id, agent, fields_checked, len(corrected),
         json.dumps(corrected, default=str), json.dumps(truth), user, at],
    ).fetchone()  # fmt: skip
    return int(row[0])


@cached_read
def agents_table(db: Database) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT a.name, a.kind, a.status, a.cost_per_doc, a.description,"
            " coalesce(r.n, 0) AS outcomes, round((coalesce(r.r, 0) + 1) / (coalesce(r.r, 0)"
            " + coalesce(r.s, 0) + 2), 4) AS reputation,"
            " (SELECT count(*) FROM awards w WHERE w.agent = a.name) AS awards"
            " FROM agents a LEFT JOIN reputations r ON r.agent = a.name AND r.context = ?"
            " ORDER BY awards DESC, a.name",
            [GLOBAL],
        )
        .df()
    )


@cached_read
def task_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM tasks") or 0)
