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


def find_issuer(pages: tuple[Page, ...], id_lines: set[int]) -> tuple[str | None, str]:
    """The seller's name and how it was found (section, legal-margin, legal, margin, weak);
    id_lines are tops of lines with a seller id/IBAN."""
    if not pages:
        return None, ""
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
        return section, "section"
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
        return None, ""
    candidates.sort(key=lambda c: -c.score)
    best = candidates[0]
    margin = best.score - (candidates[1].score if len(candidates) > 1 else 0.0)
    legal = bool(LEGAL_FORMS.search(best.text))
    if legal and margin >= 2:
        how = "legal-margin"
    elif legal:
        how = "legal"
    elif margin >= 3:
        how = "margin"
    else:
        how = "weak"
    return best.text.strip(" :,"), how


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
    height = line.bottom - line.top
    above = [ln for ln in page.lines if 0.5 * height < line.top - ln.top < 1.6 * height]
    if len(above) != 1 or len(above[0].segments) != 1:
        return text
    prev = above[0].segments[0]
    if abs(prev.x0 - line.x0) > 3 or not name_like(prev.text) or LEGAL_FORMS.search(prev.text):
        return text
    return f"{prev.text.strip()} {text}"


def _seller_section(page: Page) -> str | None:
    """The name under a 'Verkäufer' / 'Seller' heading (or its 'Name:' row).

    Rows that label an identifier ('Nummer : 549910', 'Globale Nummer: 4000001123452',
    'GLN 4333741000005') are skipped: an id is no name. A name printed over two lines
    ('MVM Musterhafter' / 'Versicherungsverein Musterstadt a.G.') is joined.
    """
    lines = page.lines
    for i, line in enumerate(lines):
        marker = next((s for s in line.segments if SELLER_MARKERS.match(s.text)), None)
        if marker is None:
            continue
        # The section's column: from the marker to the next heading on its line.
        right = min((s.x0 for s in line.segments if s.x0 > marker.x1), default=page.width)
        following = [
            [s for s in other.segments if marker.x0 - 10 <= s.x0 < right - 5]
            for other in lines[i + 1 : i + 7]
        ]
        following = [segs for segs in following if segs]
        for k, segs in enumerate(following):
            if _NAME_LABEL.match(segs[0].text) and len(segs) > 1:
                return _wrapped_value(page, segs[1])
            text = " ".join(s.text.strip() for s in segs)
            if ":" in text or IDENTIFIER_LINE.search(text):
                continue
            first = segs[0].text.strip()
            if not name_like(first):
                return None
            if k + 1 < len(following) and not LEGAL_FORMS.search(first):
                under = [s for s in following[k + 1] if abs(s.x0 - segs[0].x0) < 3]
                second = under[0].text.strip() if under else ""
                if name_like(second) and LEGAL_FORMS.search(second):
                    return f"{first} {second}"
            return first
    return None


# A line that holds an identifier, not a name: GLN/GTIN/ILN numbers, supplier numbers.
IDENTIFIER_LINE = re.compile(
    r"\b(GLN|GTIN|ILN|EAN|DUNS|Lief(?:eranten)?-?\s*Nr|Kunden-?\s*Nr|Supplier\s*(?:no|id))\b"
    r"|\d{6,}",
    re.IGNORECASE,
)


def _wrapped_value(page: Page, value: Segment) -> str:
    """A 'Name:' row's value with the lines it wraps onto, above or below, at its x."""
    height = value.bottom - value.top
    parts = [value.text.strip()]
    for direction in (-1, 1):
        ref = value
        while True:
            near = [
                s
                for line in page.lines
                for s in line.segments
                if 0.5 * height < direction * (s.top - ref.top) < 1.6 * height
            ]
            own = [s for s in near if abs(s.x0 - value.x0) < 2]
            labelled = any(s.x1 < value.x0 - 5 for s in near)
            if len(own) != 1 or labelled or not name_like(own[0].text):
                break
            if _POSTCODE.search(own[0].text):
                break
            ref = own[0]
            if direction < 0:
                parts.insert(0, ref.text.strip())
            else:
                parts.append(ref.text.strip())
            if len(parts) >= 3:
                break
    return " ".join(parts)
