"""The providers panel: each LLM provider's configuration, circuit, budget, and what the
cache saved. Keys are never part of what this returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.llm.agent import breaker_key
from core.llm.config import ProviderConfig, load_provider_configs
from core.llm.registry import AGENT_CLASSES
from core.resilience.breaker import BREAKERS, CLOSED
from core.store import llm_repo
from core.store.audit import now as utc_now
from core.store.db import Database

NOT_CONFIGURED = "not configured"


@dataclass(frozen=True)
class ProviderStatus:
    name: str  # claude, gpt, local
    label: str  # Claude, GPT, Local model
    model: str
    configured: bool
    setup_hint: str | None  # what to set when not configured
    base_url: str | None
    circuit: str  # closed, open, half_open, or "not configured"
    failure_rate: float
    spent_today: Decimal
    daily_budget: Decimal | None
    budget_left: Decimal | None
    price_input: Decimal
    price_output: Decimal
    price_cached: Decimal


@dataclass(frozen=True)
class SpendSummary:
    spent: Decimal
    saved: Decimal
    cache_hits: int
    paid_calls: int
    cache_hit_rate: float
    by_model: list[dict[str, Any]]


def provider_panel(
    db: Database, configs: Mapping[str, ProviderConfig] | None = None
) -> list[ProviderStatus]:
    configs = configs if configs is not None else load_provider_configs()
    saved_states = llm_repo.states(db)
    today = utc_now().date()
    return [_status(db, config, saved_states, today) for config in configs.values()]


def spend_summary(db: Database) -> SpendSummary:
    stats = llm_repo.cache_stats(db)
    return SpendSummary(
        spent=stats["spent"],
        saved=stats["saved"],
        cache_hits=stats["hits"],
        paid_calls=stats["paid_calls"],
        cache_hit_rate=stats["hit_rate"],
        by_model=llm_repo.spend_by_model(db),
    )


def _status(
    db: Database, config: ProviderConfig, saved_states: dict[str, dict[str, Any]], today: Any
) -> ProviderStatus:
    spent = llm_repo.spent_on(db, config.name, today)
    breaker = BREAKERS.find(breaker_key(config))
    if not config.configured:
        circuit, failure_rate = NOT_CONFIGURED, 0.0
    elif breaker is not None:
        snap = breaker.snapshot()
        circuit, failure_rate = snap.state, snap.failure_rate
    else:
        # No call in this process yet: the last state another process saw.
        circuit = saved_states.get(config.name, {}).get("state", CLOSED)
        failure_rate = 0.0
    budget = config.daily_budget
    return ProviderStatus(
        name=config.name,
        label=AGENT_CLASSES[config.name].label,
        model=config.model,
        configured=config.configured,
        setup_hint=config.missing,
        base_url=config.base_url,
        circuit=circuit,
        failure_rate=failure_rate,
        spent_today=spent,
        daily_budget=budget,
        budget_left=max(Decimal("0"), budget - spent) if budget is not None else None,
        price_input=config.price_input,
        price_output=config.price_output,
        price_cached=config.price_cached,
    )
