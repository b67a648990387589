"""What an extractor agent is: it can decline a document, it costs something, it extracts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, runtime_checkable

from core.contract import Extraction
from core.documents.model import Document


@dataclass(frozen=True)
class AgentInfo:
    name: str
    kind: str  # rule, xml, sheet, vendor, llm
    description: str
    cost_per_doc: Decimal = Decimal("0")
    expected_latency_ms: float = 20.0


@runtime_checkable
class ExtractorAgent(Protocol):
    info: AgentInfo

    def decline_reason(self, doc: Document) -> str | None:
        """None when the agent can read this document, else why it declines to bid."""

    def extract(self, doc: Document) -> Extraction:
        """Read the document into the contract; never raises for content it cannot find."""
