"""Extraction without the market, for the CLI and benchmarks: the best agent for a document."""

from __future__ import annotations

from core.contract import Extraction
from core.documents.model import Document
from core.extraction import builtin_agents


def extract_best(doc: Document, use_embedded: bool = True) -> Extraction:
    """The first built-in agent willing to read the document, structured readers first.

    use_embedded=False hides any embedded e-invoice XML, so only the printed page is read.
    """
    if not use_embedded and doc.kind == "pdf" and doc.embedded_xml is not None:
        from dataclasses import replace

        doc = replace(doc, embedded_xml=None, embedded_xml_name=None)
    reasons = []
    for agent in builtin_agents():
        reason = agent.decline_reason(doc)
        if reason is None:
            return agent.extract(doc)
        reasons.append(f"{agent.info.name}: {reason}")
    from core.errors import DocumentError

    raise DocumentError(doc.filename, "no built-in agent can read it (" + "; ".join(reasons) + ")")
