"""A task's context: what the market knows about a document before anyone reads it.

Reputations are kept per context, from general to specific: everything, the document kind,
its language, its vendor (when a learnt vendor's VAT id, IBAN or name is on it) and its
layout (the fingerprint of its labels and their columns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.documents.model import Document
from core.learning.layout import SAME_LAYOUT, VendorLayout, fingerprint, label_set, similarity
from core.market.reputation import GLOBAL
from core.market.vendor_agent import matches_vendor

# A handful of words that only invoices in one language print.
_LANGUAGE_WORDS: dict[str, re.Pattern[str]] = {
    lang: re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    for lang, words in {
        "en": ["invoice", "total", "due", "amount", "date", "payment", "thank"],
        "de": ["rechnung", "betrag", "datum", "mwst", "zahlbar", "gesamt", "netto", "ust"],
        "fr": ["facture", "montant", "tva", "échéance", "total ttc", "règlement"],
        "nl": ["factuur", "btw", "bedrag", "totaal", "datum", "betalen"],
        "es": ["factura", "importe", "iva", "fecha", "vencimiento", "base imponible"],
    }.items()
}


@dataclass(frozen=True)
class TaskContext:
    kind: str
    language: str | None = None
    vendor: str | None = None
    layout: str | None = None

    def chain(self) -> list[str]:
        """Reputation contexts from general to specific; each backs off to the one before."""
        out = [GLOBAL, f"kind:{self.kind}"]
        if self.language:
            out.append(f"lang:{self.language}")
        if self.vendor:
            out.append(f"vendor:{self.vendor}")
        if self.layout:
            out.append(f"layout:{self.layout}")
        return out

    @property
    def key(self) -> str:
        return self.chain()[-1]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "language": self.language,
            "vendor": self.vendor,
            "layout": self.layout,
        }


def language_of(text: str) -> str | None:
    counts = {lang: len(pattern.findall(text)) for lang, pattern in _LANGUAGE_WORDS.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 2 else None


def task_context(doc: Document, layouts: Sequence[VendorLayout] = ()) -> TaskContext:
    if doc.kind != "pdf":
        return TaskContext(doc.kind)
    text = doc.text
    vendor = next((lay for lay in layouts if matches_vendor(lay, doc)), None)
    labels = label_set(doc)
    layout_id = fingerprint(labels) if labels else None
    if vendor is not None and vendor.variants:
        # A known layout keeps its first fingerprint, so small print differences (an extra
        # tax line) do not split its reputation.
        best = max(vendor.variants, key=lambda v: similarity(v.labels, labels))
        if similarity(best.labels, labels) >= SAME_LAYOUT:
            layout_id = best.fingerprint
    return TaskContext(
        doc.kind, language_of(text), vendor.vendor_key if vendor else None, layout_id
    )
