"""Who issued the invoice: the seller, never the buyer.

Evidence, strongest first: a seller section ('Verkäufer', 'Seller', 'Vendeur' ...) with its
name; the sender line above the address window ('ACME GmbH · Street 1 · City'); a name with
a legal-form suffix in the header or beside the seller's VAT id or IBAN; the largest text
at the top. Anything inside the block a buyer marker introduces ('Bill to', 'Kunde') is out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.documents.model import Line, Page, Segment
from core.extraction.labels import BUYER_MARKERS, COMPILED, DOCUMENT_TITLES, LEGAL_FORMS

SELLER_MARKERS = re.compile(
    r"^\s*(verk[äa]ufer|seller|supplier|vendor|lieferant|rechnungssteller|leistungserbringer|"
    r"vendeur|fournisseur|[ée]metteur|leverancier|verkoper|proveedor|emisor|vendedor)"
    r"\s*[:/]?\s*$|^\s*(from|von)\s*:\s*$",
    re.IGNORECASE,
)
_NAME_LABEL = re.compile(r"^\s*(name|firma|company|raison sociale|nom|naam|nombre)\s*:?\s*$", re.I)
_NOT_NAME = re.compile(
    r"(@|www\.|https?:|\b(tel|telefon|phone|fax|e-?mail|iban|bic|swift|seite|page|p[áa]gina|"
    r"datum|date|fecha|stylesheet|beispiel|sample|example|rechnung\w*|invoice\w*|factur\w*|"
    r"gutschrift|avoir|kunden\w*|customer|client|bestell\w*|order|lieferschein|art-nr|"
    r"menge|quantity|qty|preis|price|betrag|amount|total|summe|description|bezeichnung|"
    r"geschäftsführ\w*|managing|director|amtsgericht|handelsregister|registered|ust|vat|"
    r"tva|btw|mwst|steuer|tax|bank|konto|account|sehr geehrte|dear|herr|frau|mr|mrs|ms|"
    r"pos|position|unit|einheit|bitte|please|thank|danke|merci|gracias|stra(ss|ß)e|str\.|"
    r"street|road|rue|avenue|calle|straat|weg|platz|postfach|deutschland|germany|france|"
    r"schweiz|suisse|espa[ñn]a|nederland|united kingdom|usa)\b)",
    re.IGNORECASE,
)
_SENDER_SPLIT = re.compile(r"\s+[·•●|–-]\s+|\s*[·•●|]\s*")
_POSTCODE = re.compile(r"\b\d{4,5}\b|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b")


@dataclass(frozen=True)
class Candidate:
    text: str
    score: float
    how: str


def buyer_segments(page: Page) -> set[tuple[float, float]]:
    """(x0, top) of the segments in blocks introduced by a buyer marker."""
    zone: set[tuple[float, float]] = set()
    for line in page.lines:
        for seg in line.segments:
            if not BUYER_MARKERS.search(seg.text) or len(seg.text) > 60:
                continue
            zone.add((seg.x0, seg.top))
            height = max(seg.bottom - seg.top, 6.0)
            for other in page.lines:
                if not (seg.top < other.top <= seg.top + 10 * height):
                    continue
                if any(SELLER_MARKERS.match(s.text) for s in other.segments):
                    break
                for o in other.segments:
                    if abs(o.x0 - seg.x0) < 40:
                        zone.add((o.x0, o.top))
    return zone


def name_like(text: str) -> bool:
    text = text.strip(" :,")
    if len(text) < 3 or len(text) > 70 or DOCUMENT_TITLES.match(text):
        return False
    compact = text.replace(" ", "")
    letters = sum(c.isalpha() for c in compact)
    if letters < 0.7 * len(compact) or sum(c.isdigit() for c in compact) > 2:
        return False
    if _NOT_NAME.search(text) and not LEGAL_FORMS.search(text):
        return False
    if ":" in text:
        return False
    return not any(pattern.match(text) for patterns in COMPILED.values() for pattern in patterns)


def find_issuer(pages: tuple[Page, ...], id_lines: set[int]) -> tuple[str | None, float]:
    """The seller's name and a confidence; id_lines are tops of lines with a seller id/IBAN."""
    if not pages:
        return None, 0.0
    page = pages[0]
    buyer = buyer_segments(page)
    buyer_texts = {
        seg.text.strip(" :,").lower()
        for line in page.lines
        for seg in line.segments
        if (seg.x0, seg.top) in buyer
    }
    section = _seller_section(page)
    if section:
        return section, 0.93
    counts = Counter(seg.text.strip(" :,").lower() for line in page.lines for seg in line.segments)
    sizes = sorted(seg.bottom - seg.top for line in page.lines for seg in line.segments)
    median = sizes[len(sizes) // 2] if sizes else 8.0
    candidates: list[Candidate] = []
    for line in page.lines:
        for seg in line.segments:
            if (seg.x0, seg.top) in buyer:
                continue
            for text, how in _pieces(seg):
                if not name_like(text) or text.lower() in buyer_texts:
                    continue
                score = _score(text, how, seg, line, page, median, counts, id_lines)
                candidates.append(Candidate(_with_line_above(text, line, page), score, how))
    if not candidates:
        return None, 0.0
    candidates.sort(key=lambda c: -c.score)
    best = candidates[0]
    margin = best.score - (candidates[1].score if len(candidates) > 1 else 0.0)
    legal = bool(LEGAL_FORMS.search(best.text))
    if legal and margin >= 2:
        conf = 0.92
    elif legal:
        conf = 0.8
    elif margin >= 3:
        conf = 0.7
    else:
        conf = 0.5
    return best.text.strip(" :,"), conf


def _pieces(seg: Segment) -> list[tuple[str, str]]:
    """The segment itself, or the first piece of a 'Name · Street · City' sender line."""
    text = seg.text.strip()
    parts = [p.strip() for p in _SENDER_SPLIT.split(text) if p.strip()]
    if len(parts) >= 2:
        return [(parts[0], "sender")]
    comma = [p.strip() for p in text.split(",")]
    if len(comma) >= 2 and LEGAL_FORMS.search(comma[0]):
        return [(comma[0], "sender")]
    return [(text, "segment")]


def _score(
    text: str,
    how: str,
    seg: Segment,
    line: Line,
    page: Page,
    median: float,
    counts: Counter[str],
    id_lines: set[int],
) -> float:
    score = 0.0
    if LEGAL_FORMS.search(text):
        score += 4.0
    if how == "sender":
        score += 2.0
    rel = seg.top / page.height
    score += 2.0 if rel < 0.2 else 1.0 if rel < 0.4 else 0.0
    score += max(-1.0, min(3.0, (seg.bottom - seg.top - median) / 2))
    if counts[text.lower()] >= 2:
        score += 1.5
    if round(line.top) in id_lines:
        score += 2.0
    if _POSTCODE.search(text):
        score -= 3.0
    return score


def _with_line_above(text: str, line: Line, page: Page) -> str:
    """Join a two-line company name ('MVM Musterhafter' / 'Versicherungsverein ... a.G.')."""
    if not LEGAL_FORMS.search(text) or line.top > page.height * 0.2:
        return text
    above = [ln for ln in page.lines if 0 < line.top - ln.bottom < 0.9 * (line.bottom - line.top)]
    if len(above) != 1 or len(above[0].segments) != 1:
        return text
    prev = above[0].segments[0]
    if abs(prev.x0 - line.x0) > 3 or not name_like(prev.text) or LEGAL_FORMS.search(prev.text):
        return text
    return f"{prev.text.strip()} {text}"


def _seller_section(page: Page) -> str | None:
    """The name under a 'Verkäufer' / 'Seller' heading (or its 'Name:' row)."""
    lines = page.lines
    for i, line in enumerate(lines):
        marker = next((s for s in line.segments if SELLER_MARKERS.match(s.text)), None)
        if marker is None:
            continue
        for following in lines[i + 1 : i + 6]:
            segs = [s for s in following.segments if s.x0 >= marker.x0 - 10]
            if not segs:
                continue
            if _NAME_LABEL.match(segs[0].text) and len(segs) > 1:
                return segs[1].text.strip()
            first = segs[0].text.strip()
            if first.endswith(":") or (len(segs) > 1 and segs[0].text.rstrip().endswith(":")):
                continue
            if name_like(first):
                return first
    return None
