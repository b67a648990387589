"""The LLM agents in fallback order (Claude -> GPT -> local), each falling back to the next."""

from __future__ import annotations

from collections.abc import Mapping

from core.extraction import builtin_agents
from core.extraction.base import ExtractorAgent
from core.llm.agent import LLMAgent
from core.llm.claude import ClaudeAgent
from core.llm.config import PROVIDERS, ProviderConfig, load_provider_configs
from core.llm.openai_compat import LocalModelAgent, OpenAIChatAgent
from core.store.db import Database

AGENT_CLASSES: dict[str, type[LLMAgent]] = {
    "claude": ClaudeAgent,
    "gpt": OpenAIChatAgent,
    "local": LocalModelAgent,
}


def llm_agents(
    db: Database,
    configs: Mapping[str, ProviderConfig] | None = None,
    include_unconfigured: bool = False,
) -> list[LLMAgent]:
    """One agent per provider in chain order; each falls back to the configured ones after it."""
    configs = configs if configs is not None else load_provider_configs()
    agents: list[LLMAgent] = []
    for name in reversed(PROVIDERS):
        config = configs.get(name)
        if config is None or not (config.configured or include_unconfigured):
            continue
        later = [a for a in agents if a.config.configured]
        agents.insert(0, AGENT_CLASSES[name](config, db, fallbacks=later))
    return agents


def builtin_and_llm_agents(
    db: Database, configs: Mapping[str, ProviderConfig] | None = None
) -> list[ExtractorAgent]:
    """The built-in agents plus every configured LLM agent: the market's bidders."""
    return [*builtin_agents(), *llm_agents(db, configs)]
