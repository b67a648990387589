"""The LLM providers panel: configured or not, circuit state, budget, spend and cache."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.services import providers
from core.store import Database
from ui.tables import show


def providers_panel(db: Database, key: str) -> None:
    panel = providers.provider_panel(db)
    rows = [
        {
            "provider": p.label,
            "model": p.model or "—",
            "state": p.circuit,
            "failure rate": round(p.failure_rate, 3),
            "spent today (USD)": float(p.spent_today),
            "daily budget (USD)": None if p.daily_budget is None else float(p.daily_budget),
            "how to enable": p.setup_hint or "",
        }
        for p in panel
    ]
    if not any(p.configured for p in panel):
        st.caption(
            "No LLM provider is configured: the built-in agents read every invoice. "
            "Set a key to let Claude, GPT or a local model bid too."
        )
    show(pd.DataFrame(rows), key=key)


def spend_metrics(db: Database) -> None:
    spend = providers.spend_summary(db)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("LLM spend (USD)", f"{spend.spent:.4f}")
    c2.metric("Saved by the cache (USD)", f"{spend.saved:.4f}")
    c3.metric("Cache hit rate", f"{spend.cache_hit_rate:.0%}")
    c4.metric("Paid calls", spend.paid_calls)
    if spend.by_model:
        show(pd.DataFrame(spend.by_model), key="spend_by_model")
