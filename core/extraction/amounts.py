"""The totals block: net, tax and total chosen so that net + tax = total.

Every line that ends in an amount is a candidate; its label text says whether it reads
like a net, a tax or a gross total (in five languages). The arithmetic then decides:
a labelled triple that adds up beats any single label match, which makes the reader
robust to layouts it has never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.documents.model import Line, Segment
from core.money import find_amounts

_NET = re.compile(
    r"\b(net|netto|nettobetrag|nettosumme|nettowert|subtotal|sub-total|sub total|"
    r"zwischensumme|warenwert|excl|exkl|excluding|ohne|before tax|hors taxes?|h\.?t\.?|"
    r"sous-total|sous total|base imponible|subtotaal|taxable|tax basis|steuerbasis|"
    r"total net|summe positionen|base)\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    r"\b(total|totals|gross|brutto|bruttobetrag|gesamt|gesamtbetrag|gesamtsumme|grand|"
    r"amount due|balance due|due|ttc|t\.t\.c\.?|inkl|incl|including|inclusive|zu zahlen|"
    r"zahlbetrag|endbetrag|rechnungsbetrag|rechnungssumme|a pagar|te betalen|totaal|"
    r"montant d[uû]|net [àa] payer|importe|summe|betrag|amount|payable|\w*beitrag)\b",
    re.IGNORECASE,
)
_STRONG_TOTAL = re.compile(
    r"\b(gross|brutto|grand total|amount due|balance due|total due|ttc|t\.t\.c|inkl|incl|"
    r"including|zahlbetrag|endbetrag|rechnungsbetrag|gesamtbetrag|zu zahlen|a pagar|"
    r"te betalen|net [àa] payer|invoice total|total amount|totaalbedrag|importe total|"
    r"total factura|montant total)",
    re.IGNORECASE,
)
_TAX = re.compile(
    r"\b(vat|tax|taxes|mwst|mwst\.|ust|umsatzsteuer|mehrwertsteuer|tva|btw|iva|gst|steuer|"
    r"steuerbetrag|zzgl|sales tax|igic|moms|\w+steuer)\b",
    re.IGNORECASE,
)
_NOT_TOTALS = re.compile(
    r"\b(rabatt|discount|remise|skonto|acompte|anzahlung|deposit|prepaid|paid|bezahlt|"
    r"payé|versand|shipping|porto|fracht|qty|menge|quantity|preis|price|prix|rate|"
    r"zuschl\w*|abschl\w*|charges?|allowances?|positionssumme|reg|nr|no|id|number|nummer|"
    r"n[°º]|siret|siren|gln|ean|hrb|"
    r"kunden|customer|order|bestell|iban|bic|tel|fax|phone|steuernummer|steuer-nr|"
    r"ausstehend\w*|outstanding|arrears|previous balance|r[üu]ckstand)\b",
    re.IGNORECASE,
)
_INCLUDED = re.compile(
    r"\b(enthalten\w*|included|includes|inclus|dont|incluido|inbegrepen|darin)\b", re.IGNORECASE
)
_SPACED_NUMBER = re.compile(r"(?<=\d) ?([.,']) ?(?=\d)")
_LABEL_SPLIT = re.compile(
    r"[-−–(]?\s*(?:\b(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|JPY|CAD|AUD)\s?|[€$£]\s?)?[-−–(]?\d"
)


@dataclass(frozen=True)
class AmountLine:
    """A line ending in an amount, with its label's reading."""

    index: int
    label: str
    value: Decimal
    net: bool
    tax: bool
    total: bool
    strong_total: bool


def tidy_numbers(text: str) -> str:
    """'1 . 589 ,80' (spaced out by some PDF writers) -> '1.589,80'."""
    return _SPACED_NUMBER.sub(r"\1", text)


def amount_lines(lines: list[Line], decimal_hint: str | None) -> list[AmountLine]:
    out: list[AmountLine] = []
    for index, line in enumerate(lines):
        text = tidy_numbers(line.text)
        m = _LABEL_SPLIT.search(text)
        label = text[: m.start()] if m else text
        label_clean = label.strip(" :.\t")
        if not label_clean or len(label_clean) > 60 or not re.search(r"[A-Za-zÀ-ÿ]", label_clean):
            continue
        if _NOT_TOTALS.search(label_clean):
            continue
        values = find_amounts(tidy_numbers(line.segments[-1].text), decimal_hint)
        if not values:
            values = find_amounts(text[len(label) :], decimal_hint)
        if not values:
            continue
        value = values[-1]
        if _is_rate_only(line.segments[-1].text):
            continue
        if value < 0 and _INCLUDED.search(label_clean):
            value = -value  # '(35,13 €)' of tax included in the price is no deduction
        is_net = bool(_NET.search(label_clean)) and not _STRONG_TOTAL.search(label_clean)
        is_tax = (
            bool(_TAX.search(label_clean)) and not is_net and not _STRONG_TOTAL.search(label_clean)
        )
        strong = bool(_STRONG_TOTAL.search(label_clean))
        is_total = (strong or bool(_TOTAL.search(label_clean))) and not is_net and not is_tax
        if re.search(r"net\s*[àa]\s*payer", label_clean, re.IGNORECASE):
            is_net, is_total = False, True
        if is_net or is_tax or is_total:
            out.append(
                AmountLine(
                    index,
                    label_clean,
                    value,
                    is_net,
                    is_tax,
                    is_total,
                    strong,
                )
            )
    return out + header_row_totals(lines, decimal_hint)


def header_row_totals(lines: list[Line], decimal_hint: str | None) -> list[AmountLine]:
    """Totals printed as a table: a row of labels with rows of numbers under it.

    'Warenwert  Nettobetrag  MwSt-Betrag  MwSt-%  Endbetrag' over one row per VAT rate and
    a last row of sums: each number takes the label of the header word above it; the last
    row of the block holds the document's totals.
    """
    out: list[AmountLine] = []
    for index, line in enumerate(lines[:-1]):
        words = [w for seg in line.segments for w in seg.split_words()]
        kinds = [_word_kind(w.text) for w in words]
        if sum(k is not None for k in kinds) < 2 or any(c.isdigit() for c in line.text):
            continue
        height = line.bottom - line.top
        rows: list[tuple[int, Line]] = []
        for j in range(index + 1, min(index + 12, len(lines))):
            below = lines[j]
            prev_bottom = rows[-1][1].bottom if rows else line.bottom
            if below.top - prev_bottom > 2.5 * height:
                break
            if len(find_amounts(tidy_numbers(below.text), decimal_hint)) < 2:
                break
            rows.append((j, below))
        if not rows:
            continue
        row_index, row = rows[-1]
        for word in (w for seg in row.segments for w in seg.split_words()):
            values = find_amounts(tidy_numbers(word.text), decimal_hint)
            if not values or _is_rate_only(word.text):
                continue
            head = _header_above(word, words)
            if head is None or "%" in head.text:
                continue
            kind = _word_kind(head.text)
            if kind is None:
                continue
            out.append(
                AmountLine(
                    row_index,
                    head.text,
                    values[-1],
                    kind == "net",
                    kind == "tax",
                    kind == "total",
                    kind == "total" and bool(_STRONG_TOTAL.search(head.text)),
                )
            )
    return out


def _word_kind(text: str) -> str | None:
    if _NOT_TOTALS.search(text):
        return None
    if _STRONG_TOTAL.search(text) or re.search(r"endbetrag|gesamtbetrag", text, re.I):
        return "total"
    if _NET.search(text):
        return "net"
    if _TAX.search(text):
        return "tax"
    if _TOTAL.search(text):
        return "total"
    return None


def _header_above(word: Segment, header: list[Segment]) -> Segment | None:
    """The header word over a number: overlapping it, else the nearest right edge."""
    best = max(header, key=lambda h: min(h.x1, word.x1) - max(h.x0, word.x0))
    if min(best.x1, word.x1) - max(best.x0, word.x0) > 0:
        return best
    near = min(header, key=lambda h: abs(h.x1 - word.x1))
    return near if abs(near.x1 - word.x1) < 15 else None


def _is_rate_only(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d{1,2}(?:[.,]\d{1,3})?\s*%\s*", text))


@dataclass(frozen=True)
class Totals:
    net: Decimal | None
    tax: Decimal | None
    total: Decimal | None
    how: str  # sum (net + tax = total from labels), partial, guess, none


def solve_totals(candidates: list[AmountLine]) -> Totals:
    """The net, tax and total that add up, preferring the most total-like gross line."""
    taxes = [c for c in candidates if c.tax]
    totals = [c for c in candidates if c.total]
    first_tax = min((t.index for t in taxes), default=-1)
    # A 'total' printed above the tax line can be the net: 'Gesamtbeitrag / Steuer / Betrag'.
    nets = [c for c in candidates if c.net] + [
        c for c in totals if c.index < first_tax and not c.strong_total
    ]
    best: tuple[float, Totals] | None = None
    tax_options = _tax_options(taxes)
    for g in totals:
        for n in nets:
            if n.index >= g.index and not _same_block(n, g):
                continue
            for t_value, t_first in tax_options:
                if n.value + t_value != g.value or g.value == 0:
                    continue
                score = 3.0 + (1.0 if g.strong_total else 0.0) + g.index * 1e-4
                score -= 0.5 if t_first < n.index else 0.0
                if best is None or score > best[0]:
                    best = (score, Totals(n.value, t_value, g.value, "sum"))
            if n.value == g.value and g.value != 0 and not taxes:
                score = 2.0 + (1.0 if g.strong_total else 0.0)
                if best is None or score > best[0]:
                    best = (score, Totals(n.value, Decimal("0.00"), g.value, "zero-tax"))
    if best:
        return best[1]
    # Net and tax printed, total on an unlabelled or unusual line: look for their sum.
    values = {c.value for c in candidates}
    for n in nets:
        for t_value, _ in tax_options:
            if n.value + t_value in values and n.value + t_value != 0:
                return Totals(n.value, t_value, n.value + t_value, "sum")
    gross = _pick_total(totals)
    net = nets[-1].value if nets else None
    tax = taxes[-1].value if taxes else None
    if gross is not None and net is not None and tax is None:
        return Totals(net, gross - net, gross, "partial")
    if gross is not None and tax is not None and net is None:
        # Several totals: the one printed next to the tax line ('inkl. 19 % Steuer').
        near = [t for t in totals if abs(t.index - taxes[-1].index) <= 1]
        if near:
            gross = near[0].value
        return Totals(gross - tax, tax, gross, "partial")
    if gross is None and net is not None and tax is not None:
        return Totals(net, tax, net + tax, "partial")
    if gross is None and net is None and tax is None:
        return Totals(None, None, None, "none")
    return Totals(net, tax, gross, "guess")


def _same_block(a: AmountLine, b: AmountLine) -> bool:
    return abs(a.index - b.index) <= 1


def _tax_options(taxes: list[AmountLine]) -> list[tuple[Decimal, int]]:
    """Each tax line alone, and runs of consecutive tax lines summed (several rates)."""
    options: list[tuple[Decimal, int]] = [(t.value, t.index) for t in taxes]
    for i in range(len(taxes)):
        running = taxes[i].value
        for j in range(i + 1, min(len(taxes), i + 6)):
            if taxes[j].index - taxes[j - 1].index > 8:
                break
            running += taxes[j].value
            options.append((running, taxes[i].index))
    return options


def _pick_total(totals: list[AmountLine]) -> Decimal | None:
    if not totals:
        return None
    strong = [t for t in totals if t.strong_total]
    pool = strong or totals
    return max(pool, key=lambda t: (abs(t.value), t.index)).value
