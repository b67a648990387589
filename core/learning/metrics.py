"""Learning metrics as DataFrames for the Market and Learning pages (cached until a write).

Regret on real traffic is measured against the agents that read the same reviewed document
(the winner, consensus voters and shadow re-runs of the cheap agents): the best of them in
hindsight minus the winner, both scored against the person's truth.
"""

from __future__ import annotations

import pandas as pd

from core.market.reputation import GLOBAL
from core.store.cache import cached_read
from core.store.db import Database

_Z90 = 1.645


@cached_read
def recent_auctions(db: Database, limit: int = 30) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT t.id AS task, t.created_at, d.filename, t.context->>'vendor' AS vendor,"
            " b.agent, b.decision, round(b.score, 4) AS score,"
            " round(b.expected_quality, 4) AS expected_quality,"
            " round(b.sampled_quality, 4) AS sampled_quality, b.expected_cost, b.reason,"
            " coalesce(w.agent = b.agent, false) AS won, w.reason AS why, w.explored"
            " FROM tasks t JOIN bids b ON b.task_id = t.id"
            " LEFT JOIN documents d ON d.sha256 = t.document_sha256"
            " LEFT JOIN awards w ON w.task_id = t.id"
            " WHERE t.id IN (SELECT id FROM tasks ORDER BY id DESC LIMIT ?)"
            " ORDER BY t.id DESC, b.score DESC NULLS LAST",
            [limit],
        )
        .df()
    )


@cached_read
def reputation_trajectories(db: Database, context: str = GLOBAL) -> pd.DataFrame:
    df = (
        db.cursor()
        .execute(
            "SELECT id, agent, created_at, n, r, s, outcome, source,"
            " (r + 1) / (r + s + 2) AS expected FROM reputation_history WHERE context = ?"
            " ORDER BY id",
            [context],
        )
        .df()
    )
    return _with_bands(df)


def _with_bands(df: pd.DataFrame) -> pd.DataFrame:
    a, b = df["r"] + 1, df["s"] + 1
    sd = (a * b / ((a + b) ** 2 * (a + b + 1))) ** 0.5
    df["lo"] = (df["expected"] - _Z90 * sd).clip(lower=0.0)
    df["hi"] = (df["expected"] + _Z90 * sd).clip(upper=1.0)
    return df


@cached_read
def posterior_bands(db: Database, context: str = GLOBAL) -> pd.DataFrame:
    df = (
        db.cursor()
        .execute(
            "SELECT p.agent, a.kind, a.status, p.n, p.r, p.s,"
            " (p.r + 1) / (p.r + p.s + 2) AS expected"
            " FROM reputations p LEFT JOIN agents a ON a.name = p.agent WHERE p.context = ?"
            " ORDER BY expected DESC",
            [context],
        )
        .df()
    )
    return _with_bands(df)


@cached_read
def award_share_over_time(db: Database, bucket: int = 50) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "WITH w AS (SELECT agent, (row_number() OVER (ORDER BY task_id) - 1) // ? AS bucket"
            " FROM awards) SELECT bucket * ? AS from_task, agent, count(*) AS awards,"
            " count(*) / sum(count(*)) OVER (PARTITION BY bucket) AS share FROM w"
            " GROUP BY bucket, agent ORDER BY bucket, agent",
            [bucket, bucket],
        )
        .df()
    )


@cached_read
def cost_vs_quality(db: Database) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "SELECT a.name AS agent, a.kind, a.status, a.cost_per_doc,"
            " (SELECT count(*) FROM awards w WHERE w.agent = a.name) AS awards,"
            " (SELECT avg(outcome) FROM outcomes o WHERE o.agent = a.name AND o.context = ?"
            "  AND o.source = 'human') AS human_accuracy,"
            " (SELECT avg(outcome) FROM outcomes o WHERE o.agent = a.name AND o.context = ?"
            "  AND o.source = 'validation') AS validation_score,"
            " (SELECT (r + 1) / (r + s + 2) FROM reputations p WHERE p.agent = a.name"
            "  AND p.context = ?) AS reputation"
            " FROM agents a ORDER BY awards DESC, a.name",
            [GLOBAL, GLOBAL, GLOBAL],
        )
        .df()
    )


@cached_read
def corrections_per_block(db: Database, block: int = 100) -> pd.DataFrame:
    """The self-improvement curve: corrections per 100 invoices, spawned agents' share."""
    return (
        db.cursor()
        .execute(
            "WITH r AS (SELECT v.*, (row_number() OVER (ORDER BY v.id) - 1) // ? AS blk,"
            " coalesce(a.kind = 'vendor', false) AS spawned FROM reviews v"
            " LEFT JOIN agents a ON a.name = v.agent)"
            " SELECT blk * ? + 1 AS first_review, count(*) AS reviews,"
            " sum(corrections) AS corrections,"
            " round(100.0 * sum(corrections) / count(*), 1) AS corrections_per_100,"
            " avg(CASE WHEN spawned THEN 1.0 ELSE 0.0 END) AS spawned_share"
            " FROM r GROUP BY blk ORDER BY blk",
            [block, block],
        )
        .df()
    )


@cached_read
def rolling_accuracy(db: Database, window: int = 50) -> pd.DataFrame:
    df = (
        db.cursor()
        .execute(
            "SELECT id, invoice_id, agent, created_at,"
            " 1.0 - corrections / fields_checked AS field_accuracy,"
            " CASE WHEN corrections = 0 THEN 1.0 ELSE 0.0 END AS document_correct"
            " FROM reviews ORDER BY id"
        )
        .df()
    )
    df["rolling_field_accuracy"] = df["field_accuracy"].rolling(window, min_periods=1).mean()
    df["rolling_document_accuracy"] = df["document_correct"].rolling(window, min_periods=1).mean()
    return df


@cached_read
def regret_and_exploration(db: Database, window: int = 50) -> pd.DataFrame:
    df = (
        db.cursor()
        .execute(
            "WITH h AS (SELECT task_id, agent, outcome FROM outcomes"
            "  WHERE source = 'human' AND context = ? AND task_id IS NOT NULL),"
            " best AS (SELECT task_id, max(outcome) AS best FROM h GROUP BY task_id)"
            " SELECT w.task_id, w.agent, w.explored, b.best, h.outcome AS winner_outcome,"
            " b.best - h.outcome AS regret FROM awards w"
            " JOIN best b ON b.task_id = w.task_id"
            " JOIN h ON h.task_id = w.task_id AND h.agent = w.agent ORDER BY w.task_id",
            [GLOBAL],
        )
        .df()
    )
    df["cumulative_regret"] = df["regret"].cumsum()
    df["exploration_rate"] = df["explored"].astype(float).rolling(window, min_periods=1).mean()
    return df


@cached_read
def market_events(db: Database) -> pd.DataFrame:
    df = (
        db.cursor()
        .execute(
            "SELECT id, created_at, event, agent, vendor_key, reason FROM market_events ORDER BY id"
        )
        .df()
    )
    step = df["event"].map({"spawn": 1, "retire": -1}).fillna(0)
    df["active_spawned"] = step.cumsum().astype(int)
    return df


@cached_read
def cost_per_correct(db: Database, block: int = 100) -> pd.DataFrame:
    return (
        db.cursor()
        .execute(
            "WITH c AS (SELECT task_id, sum(cost) AS cost FROM task_runs"
            "  WHERE role IN ('winner', 'consensus') GROUP BY task_id),"
            " r AS (SELECT v.id, v.corrections, coalesce(c.cost, 0) AS cost,"
            "  (row_number() OVER (ORDER BY v.id) - 1) // ? AS blk"
            "  FROM reviews v LEFT JOIN c ON c.task_id = v.task_id)"
            " SELECT blk * ? + 1 AS first_review, sum(cost) AS cost,"
            " count(*) FILTER (WHERE corrections = 0) AS correct_documents,"
            " sum(cost) / nullif(count(*) FILTER (WHERE corrections = 0), 0)"
            "  AS cost_per_correct_document FROM r GROUP BY blk ORDER BY blk",
            [block, block],
        )
        .df()
    )


@cached_read
def consensus_items(db: Database, limit: int = 50) -> pd.DataFrame:
    """Fields the agents disagreed on, with every candidate: the review queue's extra items."""
    return (
        db.cursor()
        .execute(
            "SELECT v.task_id, i.id AS invoice_id, v.field, v.chosen,"
            " CAST(v.candidates AS VARCHAR) AS candidates, v.reason, v.created_at"
            " FROM consensus_votes v JOIN extractions e ON e.task_id = v.task_id"
            " JOIN invoices i ON i.extraction_id = e.id WHERE NOT v.agreed"
            " ORDER BY v.task_id DESC LIMIT ?",
            [limit],
        )
        .df()
    )
