"""Read models for the pages: each function returns what one panel shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.documents.render import render_pdf_page
from core.store import Database
from core.store import documents as documents_repo
from core.store import findings as findings_repo
from core.store import invoices as invoices_repo
from core.store import market as market_repo
from core.store import users as users_repo


@dataclass(frozen=True)
class Overview:
    invoices: int
    vendors: int
    awaiting_review: int
    open_findings: int
    agents: int
    spend_by_currency: list[tuple[str, Any]]
    mean_validation: float | None


def overview(db: Database) -> Overview:
    stats = invoices_repo.overview(db)
    agents = market_repo.agents_table(db)
    return Overview(
        invoices=int(stats["invoices"]),
        vendors=int(stats["vendors"]),
        awaiting_review=int(stats["awaiting_review"]),
        open_findings=findings_repo.counts(db).get("open", 0),
        agents=int((agents["status"] == "active").sum()) if len(agents) else 0,
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


def page_image(db: Database, sha256: str, page: int = 1) -> bytes | None:
    stored = documents_repo.content(db, sha256)
    if stored is None or stored[1] != "pdf":
        return None
    return render_pdf_page(stored[2], page)


def agents(db: Database) -> pd.DataFrame:
    return market_repo.agents_table(db)


def benford_overall(db: Database, kind: str = "first") -> tuple[pd.DataFrame, dict[str, Any]]:
    """Observed against expected leading digits of every stored invoice total, and the
    verdict (Nigrini's MAD bands, chi-square) for the Anomalies page's chart."""
    from core.anomalies import benford

    counts = invoices_repo.leading_digits(db, 1 if kind == "first" else 2)
    if not counts:
        return pd.DataFrame(columns=["digits", "observed", "expected"]), {}
    result = benford.test(counts, kind)
    verdict = {"verdict": result.verdict, "mad": result.mad, "chi_square": result.chi_square,
               "p_value": result.p_value, "n": result.n}  # fmt: skip
    return pd.DataFrame(result.rows()), verdict
