"""A vendor agent: spawned by the meta-orchestrator from a vendor's learnt layout.

It bids only on its vendor's documents (recognised by the vendor's VAT id, IBAN or name),
reads each field with the rules that held on that vendor's confirmed invoices, and costs
almost nothing. Fields its rules cannot place fall back to the template-free label reader.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.contract import Extraction
from core.documents.model import Document
from core.extraction.base import AgentInfo
from core.extraction.identifiers import find_ibans
from core.extraction.label_reader import read_pages
from core.extraction.labels import CREDIT_NOTE_WORDS
from core.learning.fields import REVIEW_FIELDS, canonical, typed
from core.learning.layout import (
    AMOUNT_FIELDS,
    VARIABLE_FIELDS,
    Variant,
    VendorLayout,
    apply_rule,
    label_set,
    similarity,
)

VENDOR_AGENT_COST = Decimal("0.0001")  # CPU only: a rounding error next to an LLM call
VENDOR_AGENT_LATENCY_MS = 5.0


def compact(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


def vendor_agent_name(vendor_key: str, version: int = 1) -> str:
    return f"vendor:{vendor_key}" + (f"#{version}" if version > 1 else "")


class VendorAgent:
    def __init__(self, name: str, layout: VendorLayout) -> None:
        self.layout = layout
        self.info = AgentInfo(
            name=name,
            kind="vendor",
            description=f"Learnt layout of {layout.issuer}: {len(layout.variants)} variant(s), "
            f"{sum(v.examples for v in layout.variants)} confirmed invoice(s)",
            cost_per_doc=VENDOR_AGENT_COST,
            expected_latency_ms=VENDOR_AGENT_LATENCY_MS,
        )

    def decline_reason(self, doc: Document) -> str | None:
        if doc.kind != "pdf" or not doc.text.strip():
            return f"reads {self.layout.issuer}'s PDF layout only, not this {doc.kind.upper()}"
        if not matches_vendor(self.layout, doc):
            return f"not a {self.layout.issuer} document (no VAT id, IBAN or name of theirs)"
        return None

    def extract(self, doc: Document) -> Extraction:
        layout = self.layout
        variant = best_variant(layout, doc)
        values: dict[str, str | None] = {}
        conf: dict[str, float] = {}
        if variant is not None:
            for name in VARIABLE_FIELDS:
                values[name], conf[name] = _read_field(doc, variant, name, layout)
        _derive_amounts(values, conf)
        text = doc.text
        squeezed = compact(text)
        values["issuer"] = canonical("issuer", layout.issuer)
        conf["issuer"] = 0.97 if plain(layout.issuer) in plain(text) else 0.75
        if layout.vat_id:
            values["issuer_vat_id"] = layout.vat_id
            conf["issuer_vat_id"] = 0.97 if layout.vat_id in squeezed else 0.6
        values["iban"], conf["iban"] = _iban(layout, text, squeezed)
        values["currency"] = layout.currency
        conf["currency"] = 0.95
        head = "\n".join(line.text for page in doc.pages[:1] for line in page.lines[:25])
        values["doc_type"] = "credit_note" if CREDIT_NOTE_WORDS.search(head) else "invoice"
        conf["doc_type"] = 0.9
        missing = [n for n in VARIABLE_FIELDS if values.get(n) is None]
        unsure_number = conf.get("invoice_number", 0.0) < 0.9
        if missing or unsure_number:
            fallback = read_pages(doc.pages, self.info.name)
            if unsure_number and fallback.invoice_number:
                # No learnt rule gave a number of the vendor's series (a credit note's
                # series differs): the template-free reader's number is the better guess.
                missing.append("invoice_number")
            for name in missing:
                values[name] = canonical(name, getattr(fallback, name))
                if values[name] is not None:
                    conf[name] = min(0.6, fallback.confidence.get(name, 0.5))
        kwargs = {name: typed(name, values.get(name)) for name in REVIEW_FIELDS}
        kwargs["issuer"] = layout.issuer
        kwargs["doc_type"] = values["doc_type"] or "invoice"
        present = {k: v for k, v in conf.items() if kwargs.get(k) is not None}
        return Extraction(**kwargs, confidence=present, agent=self.info.name)


def matches_vendor(layout: VendorLayout, doc: Document) -> bool:
    text = doc.text
    squeezed = compact(text)
    if layout.vat_id and layout.vat_id in squeezed:
        return True
    if layout.iban and layout.iban in squeezed:
        return True
    return bool(layout.issuer) and plain(layout.issuer) in plain(text)


def best_variant(layout: VendorLayout, doc: Document) -> Variant | None:
    if not layout.variants:
        return None
    labels = label_set(doc)
    return max(layout.variants, key=lambda v: similarity(v.labels, labels))


def _read_field(
    doc: Document, variant: Variant, name: str, layout: VendorLayout
) -> tuple[str | None, float]:
    first: tuple[str | None, float] = (None, 0.0)
    for rule in variant.rules.get(name, []):
        if rule.hits - 2 * rule.misses <= 0:
            continue
        value = apply_rule(doc, name, rule, layout.day_first)
        if value is None:
            continue
        sure = 0.97 if rule.hits >= 2 and rule.misses == 0 else 0.9
        if name != "invoice_number" or not layout.number_shape:
            return value, sure
        if re.fullmatch(layout.number_shape, value):
            return value, sure
        if first[0] is None:
            first = (value, 0.7)  # a credit note's series may differ from the invoices'
    return first


def _derive_amounts(values: dict[str, str | None], conf: dict[str, float]) -> None:
    net, tax, total = (values.get(n) for n in AMOUNT_FIELDS)
    if total and net and not tax:
        values["tax_amount"] = format(Decimal(total) - Decimal(net), "f")
        conf["tax_amount"] = 0.85
    elif total and tax and not net:
        values["net_amount"] = format(Decimal(total) - Decimal(tax), "f")
        conf["net_amount"] = 0.85
    elif net and tax and not total:
        values["total_amount"] = format(Decimal(net) + Decimal(tax), "f")
        conf["total_amount"] = 0.85


def _iban(layout: VendorLayout, text: str, squeezed: str) -> tuple[str | None, float]:
    if layout.iban and layout.iban in squeezed:
        return layout.iban, 0.97
    printed = find_ibans(text)
    if printed:
        # Different bank details than confirmed before: report what is printed, so the
        # bank-details-changed check sees it.
        return printed[0], 0.8
    if layout.iban:
        return layout.iban, 0.5
    return None, 0.0
