"""Read models for the pages: each function returns what one panel shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.documents.render import render_pdf_page
from core.store import Database, audit
from core.store import documents as documents_repo
from core.store import findings as findings_repo
from core.store import invoices as invoices_repo
from core.store import journal as journal_repo
from core.store import market as market_repo
from core.store import users as users_repo


@dataclass(frozen=True)
class Overview:
    invoices: int
    vendors: int
    awaiting_review: int
    open_findings: int
    agents: int
    llm_cost: float
    spend_by_currency: list[tuple[str, Any]]
    mean_validation: float | None


def overview(db: Database) -> Overview:
    stats = invoices_repo.overview(db)
    agents = market_repo.agents_table(db)
    llm_cost = float(
        db.scalar("SELECT coalesce(sum(cost), 0) FROM extractions WHERE cost > 0") or 0.0
    )
    return Overview(
        invoices=int(stats["invoices"]),
        vendors=int(stats["vendors"]),
        awaiting_review=int(stats["awaiting_review"]),
        open_findings=findings_repo.counts(db).get("open", 0),
        agents=int((agents["status"] == "active").sum()) if len(agents) else 0,
        llm_cost=llm_cost,
        spend_by_currency=stats["spend_by_currency"],
        mean_validation=stats["mean_validation"],
    )


def is_empty(db: Database) -> bool:
    return invoices_repo.overview(db)["invoices"] == 0


def users(db: Database) -> list[tuple[str, str]]:
    return users_repo.all_users(db)


def invoices(db: Database) -> pd.DataFrame:
    return invoices_repo.table(db)


def refusals(db: Database) -> pd.DataFrame:
    return invoices_repo.recent_refusals(db)


def monthly_spend(db: Database) -> pd.DataFrame:
    return invoices_repo.monthly_spend(db)


def invoice_detail(db: Database, invoice_id: int) -> dict[str, Any] | None:
    return invoices_repo.get(db, invoice_id)


def invoice_entry(db: Database, invoice_id: int) -> pd.DataFrame:
    return journal_repo.entry_for_invoice(db, invoice_id)


def invoice_findings(db: Database, invoice_id: int) -> pd.DataFrame:
    return findings_repo.for_invoice(db, invoice_id)


def page_image(db: Database, sha256: str, page: int = 1) -> bytes | None:
    stored = documents_repo.content(db, sha256)
    if stored is None or stored[1] != "pdf":
        return None
    return render_pdf_page(stored[2], page)


def journal(db: Database, status: str | None = None) -> pd.DataFrame:
    return journal_repo.lines(db, status)


def trial_balance(db: Database, status: str | None = None) -> pd.DataFrame:
    return journal_repo.trial_balance(db, status)


def agents(db: Database) -> pd.DataFrame:
    return market_repo.agents_table(db)


def auctions(db: Database, limit: int = 50) -> pd.DataFrame:
    return market_repo.recent_auctions(db, limit)


def outcomes(db: Database) -> pd.DataFrame:
    return market_repo.outcome_history(db)


def findings(db: Database, category: str | None = None, status: str | None = None) -> pd.DataFrame:
    return findings_repo.table(db, category, status)


@dataclass(frozen=True)
class Control:
    name: str
    passed: int
    failed: int
    detail: str
    failing_ids: list[int]


def controls(db: Database) -> list[Control]:
    """The internal controls that the store can already evidence."""
    unbalanced = journal_repo.unbalanced_entries(db)
    entries = int(db.scalar("SELECT count(*) FROM journal_entries") or 0)
    chain = audit.verify(db)
    return [
        Control(
            "Every journal entry balances",
            entries - len(unbalanced),
            len(unbalanced),
            "debits equal credits in each entry",
            unbalanced,
        ),
        Control(
            "Audit trail intact",
            chain.records if chain.ok else (chain.first_bad_seq or 1) - 1,
            0 if chain.ok else 1,
            "hash chain verified" if chain.ok else (chain.problem or "chain broken"),
            [chain.first_bad_seq] if chain.first_bad_seq else [],
        ),
    ]
