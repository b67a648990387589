"""Extractor agents: each reads a Document into the extraction contract."""

from core.extraction.base import AgentInfo, ExtractorAgent
from core.extraction.label_reader import LabelReader
from core.extraction.sheet_reader import SheetReader
from core.extraction.xml_reader import XmlInvoiceReader

__all__ = [
    "AgentInfo",
    "ExtractorAgent",
    "LabelReader",
    "SheetReader",
    "XmlInvoiceReader",
    "builtin_agents",
]


def builtin_agents() -> list[ExtractorAgent]:
    """The agents that need no key and no network: always in the market."""
    return [XmlInvoiceReader(), SheetReader(), LabelReader()]
