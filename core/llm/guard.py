"""An LLM answer counts only after it is checked against the document and the arithmetic.

The model is treated as an untrusted reader. Its amounts must be printed in the document
(outside any line that tries to instruct the model) and must add up; otherwise the whole
answer is rejected and the next agent in the chain reads the invoice. Text fields it cannot
point to in the document keep a low confidence and a flag. A document that tries to
instruct the model is flagged, so the only thing an injected sentence changes is its own
document's flags.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.contract import Extraction
from core.extraction.dates import ISO_RE, NUMERIC_RE
from core.extraction.identifiers import normalise_iban
from core.llm.schema import InvoiceAnswer
from core.money import CENT, find_amounts
from core.resilience.errors import ProviderError

TRUSTED_CONFIDENCE = 0.9
UNGROUNDED_CONFIDENCE = 0.2

_INJECTION_PATTERNS = [
    r"\b(ignore|disregard|forget|override)\b.{0,60}\b(instruction|prompt|rule|task|above)s?\b",
    r"\byou are now\b",
    r"\b(system|developer) (prompt|message|instruction)s?\b",
    r"\bset (the )?(total|amount|iban|invoice|net|tax|vendor|issuer)\b.{0,30}\bto\b",
    r"\b(as an? )?(ai|llm|language model|assistant)\b.{0,40}\b(must|should|will)\b",
    r"\b(ignoriere|vergiss|missachte)\b.{0,60}\b(anweisung|instruktion|regel)",
    r"\b(ignore[sz]?|oublie[sz]?)\b.{0,60}\b(consignes|instructions)\b",
]
_INJECTION_RE = re.compile("|".join(f"(?:{p})" for p in _INJECTION_PATTERNS), re.IGNORECASE)


class OutputRejected(ProviderError):
    """The model answered, but the answer breaks the schema or disagrees with the document."""


def suspicious_lines(text: str) -> list[str]:
    """Lines of a document that read like instructions to a model."""
    return [line.strip() for line in text.splitlines() if _INJECTION_RE.search(line)]


def printed_amounts(lines: list[str]) -> set[Decimal]:
    """Every amount printed in the lines, read in each locale; dates are not amounts."""
    found: set[Decimal] = set()
    for raw in lines:
        line = NUMERIC_RE.sub(" ", ISO_RE.sub(" ", raw))
        for hint in (None, ",", "."):
            found.update(abs(a) for a in find_amounts(line, hint))
    return found


def _squash(text: str) -> str:
    return re.sub(r"[\s.\-/]", "", text).lower()


def check_answer(
    provider: str, document_text: str, answer: InvoiceAnswer, agent: str
) -> Extraction:
    """The answer as an Extraction with confidences and flags, or OutputRejected."""
    lines = document_text.splitlines()
    flagged = suspicious_lines(document_text)
    trusted = [line for line in lines if line.strip() not in flagged]
    extraction = answer.to_extraction(agent)
    _check_money(provider, extraction, printed_amounts(trusted))

    flags: list[str] = []
    confidence = {name: TRUSTED_CONFIDENCE for name in extraction.present_fields()}
    trusted_text = _squash("\n".join(trusted))
    for name in ("invoice_number", "issuer_vat_id", "iban"):
        value = getattr(extraction, name)
        if value and _squash(value) not in trusted_text:
            confidence[name] = UNGROUNDED_CONFIDENCE
            flags.append(f"{name} '{value}' is not printed in the document")
    if extraction.iban and normalise_iban(extraction.iban) is None:
        confidence["iban"] = 0.0
        flags.append(f"iban '{extraction.iban}' fails its checksum")
    if extraction.line_items and extraction.net_amount is not None:
        amounts = [item.amount for item in extraction.line_items if item.amount is not None]
        if amounts and abs(sum(amounts) - extraction.net_amount) > CENT * len(amounts):
            confidence["line_items"] = 0.3
            flags.append(f"line items sum to {sum(amounts)}, net is {extraction.net_amount}")
    quotes = [*flagged, *([answer.suspicious_text] if answer.suspicious_text else [])]
    if quotes:
        flags.append("prompt injection suspected in the document: " + " | ".join(quotes[:3]))
    return extraction.with_changes(confidence=confidence, flags=(*extraction.flags, *flags))


def _check_money(provider: str, extraction: Extraction, printed: set[Decimal]) -> None:
    net, tax, total = extraction.net_amount, extraction.tax_amount, extraction.total_amount
    if total is None:
        raise OutputRejected(provider, "answer has no total")
    if total <= 0:
        raise OutputRejected(provider, f"total {total} is not positive")
    if net is not None and tax is not None and abs(net + tax - total) > CENT:
        raise OutputRejected(
            provider, f"net {net} + tax {tax} = {net + tax}, but the total says {total}"
        )
    for name, value in (("total", total), ("net", net), ("tax", tax)):
        # A zero tax (reverse charge, exempt) need not be printed.
        if value is None or (name == "tax" and value == 0):
            continue
        if abs(value) not in printed:
            raise OutputRejected(provider, f"{name} {value} is not printed in the document")
