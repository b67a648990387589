"""Token usage as the providers report it, and what it costs (Decimal, per million tokens)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.llm.config import ProviderConfig

MILLION = Decimal(1_000_000)
COST_PLACES = Decimal("0.000001")

# A typical invoice page after compaction, for the bid's cost estimate before any call.
TYPICAL_INPUT_TOKENS = 1_500
TYPICAL_OUTPUT_TOKENS = 400


@dataclass(frozen=True)
class Usage:
    """input_tokens excludes cached ones: cached input is priced apart."""

    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0


def anthropic_usage(usage: Any) -> Usage:
    # Anthropic's input_tokens already leaves out cache reads; cache writes bill as input.
    cached = int(getattr(usage, "cache_read_input_tokens", 0) or 0)
    written = int(getattr(usage, "cache_creation_input_tokens", 0) or 0)
    return Usage(
        int(getattr(usage, "input_tokens", 0) or 0) + written,
        cached,
        int(getattr(usage, "output_tokens", 0) or 0),
    )


def openai_usage(usage: Any) -> Usage:
    # OpenAI's prompt_tokens includes the cached ones.
    if usage is None:
        return Usage()
    details = getattr(usage, "prompt_tokens_details", None)
    cached = int(getattr(details, "cached_tokens", 0) or 0) if details else 0
    prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
    return Usage(max(0, prompt - cached), cached, int(getattr(usage, "completion_tokens", 0) or 0))


def cost_of(usage: Usage, config: ProviderConfig) -> Decimal:
    total = (
        usage.input_tokens * config.price_input
        + usage.cached_tokens * config.price_cached
        + usage.output_tokens * config.price_output
    ) / MILLION
    return total.quantize(COST_PLACES)


def estimated_cost(config: ProviderConfig) -> Decimal:
    return cost_of(Usage(TYPICAL_INPUT_TOKENS, 0, TYPICAL_OUTPUT_TOKENS), config)
