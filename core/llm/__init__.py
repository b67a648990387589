"""LLM extractor agents (Claude, GPT, a local OpenAI-compatible model) made safe to depend on."""

from core.llm.agent import LLMAgent
from core.llm.claude import ClaudeAgent
from core.llm.config import ProviderConfig, load_provider_configs
from core.llm.guard import OutputRejected
from core.llm.openai_compat import LocalModelAgent, OpenAIChatAgent
from core.llm.registry import builtin_and_llm_agents, llm_agents

__all__ = [
    "ClaudeAgent",
    "LLMAgent",
    "LocalModelAgent",
    "OpenAIChatAgent",
    "OutputRejected",
    "ProviderConfig",
    "builtin_and_llm_agents",
    "llm_agents",
    "load_provider_configs",
]
