"""Provider settings and agents pointed at a stub server, with tiny retry waits."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from core.llm.agent import LLMAgent
from core.llm.claude import ClaudeAgent
from core.llm.config import KINDS, ProviderConfig
from core.llm.openai_compat import LocalModelAgent, OpenAIChatAgent
from core.resilience.breaker import BreakerPolicy, CircuitBreaker
from core.store.db import Database

PRICES = {
    "claude": (Decimal("3.00"), Decimal("15.00"), Decimal("0.30")),
    "gpt": (Decimal("0.40"), Decimal("1.60"), Decimal("0.10")),
    "local": (Decimal("0"), Decimal("0"), Decimal("0")),
}
CLASSES: dict[str, type[LLMAgent]] = {
    "claude": ClaudeAgent,
    "gpt": OpenAIChatAgent,
    "local": LocalModelAgent,
}
TEST_KEY = "sk-test-DO-NOT-LEAK-1234567890"


def stub_config(name: str, url: str, **overrides: Any) -> ProviderConfig:
    price_in, price_out, price_cached = PRICES[name]
    settings: dict[str, Any] = {
        "name": name,
        "kind": KINDS[name],
        "model": f"{name}-test-model",
        "api_key": None if name == "local" else TEST_KEY,
        # The anthropic SDK appends /v1/messages; the openai SDK appends /chat/completions.
        "base_url": url if name == "claude" else f"{url}/v1",
        "price_input": price_in,
        "price_output": price_out,
        "price_cached": price_cached,
        "daily_budget": None,
        "timeout_s": 2.0,
        "max_attempts": 3,
        "retry_base_s": 0.001,
        "retry_max_s": 0.005,
    }
    settings.update(overrides)
    return ProviderConfig(**settings)


class SleepLog:
    """Stands in for time.sleep: records what the retry loop asked to wait, waits not at all."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def stub_agent(
    name: str,
    url: str,
    db: Database,
    *,
    fallbacks: list[LLMAgent] | None = None,
    policy: BreakerPolicy | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], None] | None = None,
    **overrides: Any,
) -> LLMAgent:
    config = stub_config(name, url, **overrides)
    breaker = CircuitBreaker(name, policy or BreakerPolicy(), clock or (lambda: 0.0))
    return CLASSES[name](
        config, db, fallbacks=fallbacks or [], breaker=breaker, sleep=sleep or SleepLog()
    )
