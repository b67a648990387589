"""The template-free label reader: finds each field by its label, to the right of it or below it.

It reads any layout it has never seen: labels come from dictionaries in five languages,
amounts in any locale's format, and the totals are chosen so that net + tax = total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.contract import Extraction
from core.documents.model import Document, Line, Page, Segment
from core.extraction.amounts import amount_lines, solve_totals, tidy_numbers
from core.extraction.base import AgentInfo
from core.extraction.confidence import calibrated
from core.extraction.dates import first_date, infer_day_first, parse_dates
from core.extraction.identifiers import (
    COUNTRY_CURRENCY,
    detect_currency,
    find_ibans,
    find_vat_ids,
)
from core.extraction.issuer import buyer_segments, find_issuer
from core.extraction.labels import COMPILED, CREDIT_NOTE_WORDS, WEAK_LABELS
from core.extraction.tables import items_sum, read_line_items

INVOICE_NO_RE = re.compile(r"^[#:\s]*([A-Z0-9][A-Z0-9\-/._]*\d[A-Z0-9\-/._]*)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    """A value found for a label: its text, where it was, and how it was found."""

    text: str
    how: str  # same (same run), right (next run on the line), below (the run under the label)
    line_index: int
    page: int


class LabelReader:
    info = AgentInfo(
        name="label-reader",
        kind="rule",
        description="Template-free reader: multilingual label dictionaries, layout pairing, "
        "locale-aware amounts and arithmetic reconciliation",
    )

    def decline_reason(self, doc: Document) -> str | None:
        if doc.kind != "pdf":
            return f"reads PDF pages, not {doc.kind.upper()}"
        if not doc.text.strip():
            return "the document has no readable text"
        return None

    def extract(self, doc: Document) -> Extraction:
        return read_pages(doc.pages, self.info.name)


def read_pages(pages: tuple[Page, ...], agent: str) -> Extraction:
    return read_with_evidence(pages, agent)[0]


def read_with_evidence(pages: tuple[Page, ...], agent: str) -> tuple[Extraction, dict[str, str]]:
    """The extraction and, per field, the evidence its confidence was looked up with."""
    text = tidy_numbers("\n".join(page.text for page in pages))
    lines = [(page.number, line) for page in pages for line in page.lines]
    decimal_hint = _decimal_mark(text)
    ibans, iban_tops = _ids_outside_buyer(pages, find_ibans)
    vat_ids, vat_tops = _ids_outside_buyer(pages, find_vat_ids)
    country = vat_ids[0][:2] if vat_ids else (ibans[0][:2] if ibans else None)
    currency, currency_conf = detect_currency(text, COUNTRY_CURRENCY.get(country or ""))
    day_first = infer_day_first(text, default=currency != "USD")
    evidence: dict[str, str] = {}

    invoice_number, how = _number(lines, text)
    if invoice_number:
        pattern = rf"(?<![\w/-]){re.escape(invoice_number)}(?![\w/])"
        repeated = len(re.findall(pattern, text)) > 1
        evidence["invoice_number"] = how + ("+repeated" if repeated else "")

    issue_date, how = _issue_date(lines, text, day_first)
    due_hit = _find_value(lines, "due_date", lambda t: first_date(t, day_first))
    due_date = first_date(due_hit.text, day_first) if due_hit else None
    due_how = "label"
    if due_date is None:
        due_date, due_how = _due_in_sentence(text, day_first), "sentence"
    due_ok = bool(issue_date and due_date and 0 <= (due_date - issue_date).days <= 180)
    if issue_date:
        evidence["issue_date"] = how + ("+due-ok" if due_ok else "")
    if due_date:
        evidence["due_date"] = due_how + ("+after-issue" if due_ok else "")

    candidates = amount_lines([line for _, line in lines], decimal_hint)
    totals = solve_totals(candidates)
    items = read_line_items(pages, decimal_hint, totals.net)
    of_items = items_sum(items)
    items_match = (
        of_items is not None and totals.net is not None and abs(of_items) == abs(totals.net)
    )
    if totals.how != "none":
        for name, value in (
            ("net_amount", totals.net),
            ("tax_amount", totals.tax),
            ("total_amount", totals.total),
        ):
            if value is not None:
                evidence[name] = totals.how + ("+items" if items_match else "")
    if items:
        evidence["line_items"] = "sum-net" if items_match else "no-sum"

    issuer, how = find_issuer(pages, iban_tops | vat_tops)
    if issuer:
        repeated = text.lower().count(issuer.lower()) > 1
        evidence["issuer"] = how + ("+repeated" if repeated else "")
    if currency:
        evidence["currency"] = _CURRENCY_HOW.get(currency_conf, "country")
    vat_id = vat_ids[0] if vat_ids else None
    if vat_id:
        evidence["issuer_vat_id"] = "single" if len(vat_ids) == 1 else "several"
    iban = ibans[0] if ibans else None
    if iban:
        evidence["iban"] = "single" if len(ibans) == 1 else "several"
    head = "\n".join(line.text for _, line in lines[:30])
    negative = totals.total is not None and totals.total < 0
    credit_word = bool(CREDIT_NOTE_WORDS.search(head))
    doc_type = "credit_note" if credit_word or negative else "invoice"
    evidence["doc_type"] = "credit-word" if credit_word else "negative" if negative else "invoice"
    conf = {name: calibrated(name, how) for name, how in evidence.items()}
    extraction = Extraction(
        issuer=issuer,
        issuer_vat_id=vat_id,
        invoice_number=invoice_number,
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        net_amount=abs(totals.net) if totals.net is not None else None,
        tax_amount=abs(totals.tax) if totals.tax is not None else None,
        total_amount=abs(totals.total) if totals.total is not None else None,
        iban=iban,
        line_items=items,
        doc_type=doc_type,
        confidence=conf,
        agent=agent,
    )
    return extraction, evidence


# detect_currency's levels -> evidence names.
_CURRENCY_HOW = {0.97: "code", 0.8: "code-mixed", 0.95: "symbol", 0.75: "symbol-mixed"}


def _ids_outside_buyer(pages: tuple[Page, ...], finder) -> tuple[list[str], set[int]]:
    """Ids found on the pages, the buyer's own (in the bill-to block or labelled as the
    customer's) left out; plus the tops of the lines that hold the seller's."""
    seller: list[str] = []
    buyer: list[str] = []
    tops: set[int] = set()
    for page in pages:
        zone = buyer_segments(page)
        for line in page.lines:
            for seg in line.segments:
                found = finder(tidy_numbers(seg.text))
                if not found:
                    continue
                theirs = (seg.x0, seg.top) in zone or bool(_BUYER_ID_LABEL.search(seg.text))
                if not theirs:
                    prev = [s for s in line.segments if s.x1 <= seg.x0 + 1]
                    theirs = bool(prev and _BUYER_ID_LABEL.search(prev[-1].text))
                for value in found:
                    (buyer if theirs else seller).append(value)
                    if not theirs:
                        tops.add(round(line.top))
        if not seller:
            # Ids split over several runs: read the whole page text.
            seller.extend(v for v in finder(tidy_numbers(page.text)) if v not in buyer)
    ordered = list(dict.fromkeys(v for v in seller if v not in buyer))
    return ordered, tops


_BUYER_ID_LABEL = re.compile(
    r"\b(ihre|your|client|customer|kunden?|buyer|acheteur|k[äa]ufer|votre)\b", re.IGNORECASE
)
_TITLE_WORDS = (
    r"(?:[A-Za-zäöü]*rechnung|rechnungskorrektur|gutschrift|invoice|facture|factura|"
    r"factuur|avoir|credit\s*note|bill)"
)
_NUMBER_WORDS = r"(?:nr\.?|no\.?|n[°ºo]\.?|#|number|nummer|num[ée]ro)"
_NUMBER_VALUE = r"([A-Z0-9][A-Z0-9\-/._]*\d[A-Z0-9\-/._]*)"
# 'Rechnung Nr. 42', 'Invoice # RE-1/507', 'Facture FA-2017-0010'.
_TITLE_NUMBER = re.compile(
    rf"\b{_TITLE_WORDS}\b\s*(?:\(\d{{3}}\)\s*)?(?:{_NUMBER_WORDS})?\s*[:.]?\s*{_NUMBER_VALUE}",
    re.IGNORECASE,
)
# A title with words between: 'Rechnung des Versicherers Nr. 00.123.456.7-2018-1',
# 'Gutschrift (Selbst ausgestellte Rechnung) (389) Nr. 47110818'.
_LONG_TITLE_NUMBER = re.compile(
    rf"^\s*{_TITLE_WORDS}\b[^:\n]{{0,60}}?\s{_NUMBER_WORDS}\s*[:.]?\s*{_NUMBER_VALUE}",
    re.IGNORECASE,
)
_TITLE_DATE = re.compile(
    r"\b(?:vom|von|du|of|dated|del|van|from|issued\s+(?:at|on)|date[d]?)\s*[:]?\s*(\S.{5,20}|$)",
    re.IGNORECASE,
)
# Lines that carry dates of something other than the invoice: a stylesheet's or a
# code list's version, a copyright, a print stamp.
_META_LINE = re.compile(
    r"version|stylesheet|\(c\)|©|copyright|gedruckt|printed|erstellt\s+am|seite|page\s+\d",
    re.IGNORECASE,
)


def _title_number(line_text: str) -> re.Match[str] | None:
    text = tidy_numbers(line_text)
    for pattern in (_LONG_TITLE_NUMBER, _TITLE_NUMBER):
        m = pattern.search(text)
        if m and _invoice_number(m.group(1)) and not _starts_with_date(text[m.start(1) :]):
            return m
    return None


def _starts_with_date(text: str) -> bool:
    """'24. Januar 2014' after 'Beitragsrechnung' is its date, not its number."""
    dates = parse_dates(text[:25])
    return bool(dates) and dates[0][0] == 0


def _number(lines: list[tuple[int, Line]], text: str) -> tuple[str | None, str]:
    """Labelled ('Invoice No.', 'Rechnungsnummer') first, then 'Rechnung Nr. X' titles."""
    hit = _find_value(lines, "invoice_number", _invoice_number, strong_only=True)
    if hit:
        value = _invoice_number(hit.text)
        return value, "label" if hit.how != "below" else "label-below"
    for _, line in lines[:60]:
        m = _title_number(line.text)
        if m:
            return _invoice_number(m.group(1)), "title"
    hit = _find_value(lines, "invoice_number", _invoice_number)
    if hit:
        return _invoice_number(hit.text), "weak-label"
    return None, ""


def _title_date(lines: list[tuple[int, Line]], day_first: bool) -> date | None:
    """'Rechnung Nr. 471102 vom 05.03.2018', the date possibly wrapped onto the next line."""
    for index, (page, line) in enumerate(lines[:60]):
        m = _title_number(line.text)
        if not m:
            continue
        rest = tidy_numbers(line.text)[m.end() :]
        d = _TITLE_DATE.search(rest)
        if not d:
            continue
        found = first_date(d.group(1), day_first)
        if found is None and not d.group(1).strip() and index + 1 < len(lines):
            next_page, next_line = lines[index + 1]
            if next_page == page:
                found = first_date(next_line.segments[0].text, day_first)
        if found:
            return found
    return None


def _issue_date(
    lines: list[tuple[int, Line]], text: str, day_first: bool
) -> tuple[date | None, str]:
    hit = _find_value(lines, "issue_date", lambda t: first_date(t, day_first), strong_only=True)
    if hit:
        return first_date(hit.text, day_first), "label"
    found = _title_date(lines, day_first)
    if found:
        return found, "title"
    hit = _find_value(lines, "issue_date", lambda t: first_date(t, day_first))
    if hit:
        return first_date(hit.text, day_first), "weak-label"
    for _, line in lines[:40]:
        if _META_LINE.search(line.text):
            continue
        found = first_date(line.text, day_first)
        if found:
            return found, "first-date"
    return None, ""


_DUE_SENTENCE = re.compile(
    r"(?:bis(?:\s+zum)?|by|until|before|avant\s+le|au\s+plus\s+tard\s+le|antes\s+del?|"
    r"v[óo]or|uiterlijk)\s+(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}\.?\s+\w+\s+\d{4}|\w+\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)


def _due_in_sentence(text: str, day_first: bool) -> date | None:
    """'Zahlbar bis zum 12.06.2014', 'Payment due within 14 days, by 23/03/2026'."""
    for m in _DUE_SENTENCE.finditer(text):
        found = first_date(m.group(1), day_first)
        if found:
            return found
    return None


def _decimal_mark(text: str) -> str | None:
    commas = len(re.findall(r"\d,\d{2}(?!\d)", text))
    dots = len(re.findall(r"\d\.\d{2}(?!\d)", text))
    if commas == dots:
        return None
    return "," if commas > dots else "."


def _find_value(
    lines: list[tuple[int, Line]], field: str, accept, strong_only: bool = False
) -> Hit | None:
    """The first label of this field (in dictionary order) that has an acceptable value.

    strong_only skips the generic last labels ('Nr.', 'Date') that other fields share.
    """
    patterns = (
        COMPILED[field][: -WEAK_LABELS.get(field, 0) or None] if strong_only else COMPILED[field]
    )
    for pattern in patterns:
        for index, (page, line) in enumerate(lines):
            for pos, seg in enumerate(line.segments):
                m = pattern.match(seg.text)
                if not m:
                    continue
                rest = seg.text[m.end() :].strip()
                if rest and accept(rest):
                    return Hit(rest, "same", index, page)
                if pos + 1 < len(line.segments):
                    nxt = line.segments[pos + 1].text
                    if accept(nxt):
                        return Hit(nxt, "right", index, page)
                below = _below(lines, index, seg)
                if below is not None and accept(below.text):
                    return Hit(below.text, "below", index, page)
    return None


def _below(lines: list[tuple[int, Line]], index: int, label: Segment) -> Segment | None:
    page = lines[index][0]
    for next_page, line in lines[index + 1 : index + 3]:
        if next_page != page or line.top - label.bottom > 3 * (label.bottom - label.top) + 4:
            return None
        for seg in line.segments:
            if seg.x0 < label.x1 and seg.x1 > label.x0:
                return seg
    return None


_DATE_ONLY = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}")


def _invoice_number(text: str) -> str | None:
    m = INVOICE_NO_RE.match(text.strip())
    if not m:
        return None
    value = m.group(1).rstrip(".-/")
    # A date or an amount next to the label is not a number.
    if _DATE_ONLY.fullmatch(value) or re.fullmatch(r"\d{1,3}([.,]\d{3})*[.,]\d{2}", value):
        return None
    return value
