"""The fallback chain: Claude -> GPT -> local model -> the built-in extractor, which always answers.

Each step may decline (not configured, circuit open, budget spent) or fail (provider down,
answer rejected); the next one is tried. The path taken is written into the extraction's
flags, so a reviewer sees that a fallback answered and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from core.contract import Extraction
from core.documents.model import Document
from core.extraction.base import AgentInfo
from core.resilience.errors import ProviderError

BUILTIN = "built-in"
# Declining for this reason is the normal state of an unused provider, not worth a flag.
NOT_CONFIGURED = "not configured"


class FallibleAgent(Protocol):
    info: AgentInfo

    def decline_reason(self, doc: Document) -> str | None: ...

    def try_extract(self, doc: Document) -> Extraction:
        """An extraction, or ProviderError when no usable answer came back."""
        ...


@dataclass(frozen=True)
class Step:
    agent: str
    outcome: str  # declined, failed, answered
    reason: str


def builtin_extract(doc: Document) -> Extraction:
    from core.extraction.select import extract_best

    return extract_best(doc)


class FallbackChain:
    def __init__(
        self,
        agents: Sequence[FallibleAgent],
        final: Callable[[Document], Extraction] = builtin_extract,
    ) -> None:
        self.agents = list(agents)
        self.final = final

    def run(self, doc: Document) -> tuple[Extraction, list[Step]]:
        steps: list[Step] = []
        for agent in self.agents:
            name = agent.info.name
            reason = agent.decline_reason(doc)
            if reason:
                steps.append(Step(name, "declined", reason))
                continue
            try:
                extraction = agent.try_extract(doc)
            except ProviderError as exc:
                steps.append(Step(name, "failed", exc.reason))
                continue
            steps.append(Step(name, "answered", ""))
            return _with_path(extraction, steps), steps
        extraction = self.final(doc)
        steps.append(Step(extraction.agent or BUILTIN, "answered", ""))
        return _with_path(extraction, steps), steps

    def extract(self, doc: Document) -> Extraction:
        return self.run(doc)[0]


def _with_path(extraction: Extraction, steps: list[Step]) -> Extraction:
    skipped = [s for s in steps if s.outcome != "answered" and s.reason != NOT_CONFIGURED]
    if not skipped:
        return extraction
    path = " -> ".join(
        f"{s.agent} ({s.reason})" if s.outcome != "answered" else s.agent
        for s in steps
        if s.reason != NOT_CONFIGURED
    )
    return extraction.with_changes(flags=(*extraction.flags, f"fallback: {path}"))
