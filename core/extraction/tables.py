"""Line items read from the item table of a printed invoice.

The table is found by its header row: words naming a description, a quantity, a unit price,
a line amount or a VAT rate, in five languages, possibly over two or three lines ('Prix' /
'unitaire'). The header's words give the columns' x-extents; every line below is cut into
cells by those extents. A line with an amount in the amount column starts an item; lines
with text only under the description are its wrapped description. Reading stops at the
totals ('Subtotal', 'Summe netto', 'Total HT') or at the next section heading, and goes on
over a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from core.contract import LineItem
from core.documents.model import Line, Page, Segment
from core.money import find_amounts, parse_number, q2

# Column kinds, tried in this order on each header word (lower-cased).
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "description",
            r"^(description|descr\.?|items?|item\s*description|product|products|service|services|"
            r"details|particulars|article|artikel|\w*bezeichnung|\w*beschreibung|leistung|"
            r"produkt|artikeltext|d[ée]signation|libell[ée]|omschrijving|concepto|"
            r"descripci[óo]n|art[ií]culo|producto|prestation)\b",
        ),
        (
            "amount",
            r"^(\w*total\w*|gesamt\w*|\w*betrag|nettowert|\w*wert|entgelt|amount|montant|"
            r"bedrag|importe|summe|subtotal|extension|line\s*total|prix\s*total|net|netto)\b"
            r"|^(€|\$|£|eur|usd|gbp|chf)$",
        ),
        (
            "price",
            r"^(\w*preis|price|unit\s*price|rate|prix|p\.?u\.?|prijs|precio|tarif|einzel\S*|"
            r"stückpreis|cost|unit\s*cost|ep)\b",
        ),
        (
            "quantity",
            r"^(qty\.?|quantity|quant\.?|menge|anzahl|anz\.?|qt[ée]\.?|quantit[ée]|aantal|"
            r"hoeveelheid|cantidad|cant\.?|units|hours|hrs|stunden|std\.?)$",
        ),
        ("tax", r"^(vat|tax|mwst|ust|tva|btw|iva|steuer|gst)\b|%"),
        ("unit", r"^(unit|uom|einheit|eh|me|unit[ée]|eenheid|unidad|vke\S*)$"),
        ("position", r"^(pos\.?|position|nr\.?|no\.?|n[°º]|#|line|item\s*no\.?|lfd\.?)$"),
    )
)
_ITEM_KINDS = frozenset({"description", "quantity", "price", "amount", "tax", "unit"})

# A line that ends the item table: the totals block or the next section.
_STOP = re.compile(
    r"^\s*(sub\s*-?\s*total|zwischensumme|summe|gesamt\w*|netto\w*|total\b|totaal|"
    r"subtotaal|sous-total|montant\s*(total|ht|net)|base\s*imponible|importe\s*(neto|total)|"
    r"net\s*(amount|total)|nettobetrag|warenwert|positionssumme|rechnungs\w*summe|"
    r"invoice\s*total|amount\s*due|balance|steuer\w*aufschl\w*|umsatzsteuer\w*aufschl\w*|"
    r"belegsummen|zahlungsbedingungen|payment\s*terms|conditions\s*de\s*paiement|"
    r"tax\s*(summary|breakdown)|vat\s*(summary|breakdown|analysis)|taxe\b|"
    r"(zzgl\.?\s*)?(mwst|ust|vat|tva|btw|iva)\b|rechnungsrabatt|carried\s*forward|"
    r"übertrag|zu-\s*und\s*abschl\w*|allowances\s*and\s*charges|remises)",
    re.IGNORECASE,
)
_NUMBER_RUN = re.compile(
    r"[-−(]?(?:[€$£]|EUR|USD|GBP|CHF)?\s?\d{1,3}(?:[ .,'’\u00a0\u202f]\d{3})*(?:[.,]\d+)?"
    r"\s?(?:[€$£%]|EUR|USD|GBP|CHF)?\)?"
)
_LABEL_VALUE = re.compile(r":\s*\S*\d")
_MAX_ROWS = 500


@dataclass
class Column:
    kind: str
    x0: float
    x1: float
    words: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: (w.top, w.x0)))


@dataclass(frozen=True)
class Table:
    """The item table of a document: its items and where it was found."""

    items: tuple[LineItem, ...]
    page: int
    header_top: float
    columns: tuple[str, ...]


def read_line_items(
    pages: tuple[Page, ...], decimal_hint: str | None, net: Decimal | None = None
) -> tuple[LineItem, ...]:
    """The invoice's line items in printed order; () when no item table is found.

    net, when the totals gave one, settles where the table ends if its closing label was
    misread (OCR 'Net Totai'): the rows whose amounts add up to the net are the items.
    """
    table = find_table(pages, decimal_hint)
    if table is None:
        return ()
    return repair_with_price(cut_at_net(table.items, net), net)


def repair_with_price(items: tuple[LineItem, ...], net: Decimal | None) -> tuple[LineItem, ...]:
    """Items with one misread amount replaced by quantity x unit price, when only that
    reading makes the items add up to the net (OCR '419.00' for '119.00')."""
    whole = items_sum(items)
    if net is None or whole is None or abs(whole) == abs(net):
        return items
    for index, item in enumerate(items):
        if item.quantity is None or item.unit_price is None or item.amount is None:
            continue
        product = q2(item.quantity * item.unit_price)
        if item.amount < 0:
            product = -abs(product)
        if product != item.amount and abs(whole - item.amount + product) == abs(net):
            return (*items[:index], replace(item, amount=product), *items[index + 1 :])
    return items


def cut_at_net(items: tuple[LineItem, ...], net: Decimal | None) -> tuple[LineItem, ...]:
    """The shortest leading run of items summing to the net, if the whole run does not."""
    whole = items_sum(items)
    if net is None or whole is None or abs(whole) == abs(net):
        return items
    running = Decimal("0")
    for count, item in enumerate(items[:-1], start=1):
        running += item.amount or Decimal("0")
        if abs(running) == abs(net):
            return items[:count]
    return items


def find_table(pages: tuple[Page, ...], decimal_hint: str | None) -> Table | None:
    """The first header row on the pages that has item rows under it."""
    for p_index, page in enumerate(pages):
        lines = page.lines
        for index, line in enumerate(lines):
            header = _header_at(lines, index)
            if header is None:
                continue
            columns, last = header
            items = _read_rows(pages, p_index, last + 1, columns, decimal_hint)
            if items:
                return Table(items, page.number, line.top, tuple(c.kind for c in columns))
    return None


def _kind(word: str) -> str | None:
    # A column headed by the currency alone ('€', '(EUR)') holds the line amounts.
    text = word.strip(" :.()[]/").lower()
    if text not in ("€", "$", "£"):
        text = text.strip("€$£ ")
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    # OCR reads a table rule touching a word as a last 'l', 'I' or '|' ('Betragl').
    if len(text) > 3 and text[-1] in "lI|!1":
        return _kind(text[:-1])
    return None


def _header_at(lines: tuple[Line, ...], index: int) -> tuple[list[Column], int] | None:
    """Columns when lines[index] (with the lines hugging it) is an item-table header."""
    line = lines[index]
    kinds = {_kind(w.text) for s in line.segments for w in s.split_words()}
    if len(kinds & _ITEM_KINDS) < 2 or not _few_digits(line):
        return None
    height = line.bottom - line.top
    group = [line]
    last = index
    # Two- and three-line headers: neighbours closer than a line's height, without numbers.
    for other_index in (index - 1, index - 2, index + 1, index + 2):
        if not 0 <= other_index < len(lines):
            continue
        other = lines[other_index]
        near = abs(other.top - line.top) < 1.6 * height
        if near and _few_digits(other):
            group.append(other)
            last = max(last, other_index)
    columns = _columns(group, height)
    found = {c.kind for c in columns}
    has_value = bool(found & {"amount", "price"})
    if not has_value or len(found & _ITEM_KINDS) < 3:
        return None
    if not found & {"description", "quantity"}:
        return None
    return _settle_kinds(columns), last


def _few_digits(line: Line) -> bool:
    return sum(ch.isdigit() for ch in line.text) <= 2


def _columns(group: list[Line], height: float) -> list[Column]:
    words = sorted(
        (
            w
            for line in group
            for s in line.segments
            for w in s.split_words()
            # Stray glyphs (a rotated margin stamp) head no column.
            if len(w.text) > 2 or _kind(w.text) is not None
        ),
        key=lambda w: (w.x0, w.top),
    )
    columns: list[Column] = []
    for word in words:
        kind = _kind(word.text)
        col = columns[-1] if columns else None
        if col is not None:
            overlaps = word.x0 < col.x1 - 1 and word.x1 > col.x0 + 1
            same_line = any(abs(w.top - word.top) < 0.5 * height for w in col.words)
            close = same_line and word.x0 - col.x1 < 0.8 * height
            compatible = kind is None or col.kind == "other" or kind == col.kind
            compatible |= col.kind == "price" and kind == "unit"
            if (overlaps and not same_line) or (close and compatible):
                col.words.append(word)
                col.x0, col.x1 = min(col.x0, word.x0), max(col.x1, word.x1)
                if col.kind == "other" and kind:
                    col.kind = kind
                continue
        columns.append(Column(kind or "other", word.x0, word.x1, [word]))
    order = [kind for kind, _ in _KINDS]
    for col in columns:
        # A two-line header's words decide together, the strongest kind winning:
        # 'Positions' / 'betrag' / 'ohne USt.' is an amount, 'Preis/' / 'Einheit' a price.
        kinds = {_kind(w.text) for w in col.words} - {None}
        if len(col.words) > 1:
            kinds.add(_kind(col.text.replace(" ", "")))
        kinds.discard(None)
        if kinds:
            col.kind = min(kinds, key=order.index)  # type: ignore[arg-type]
    return columns


def _settle_kinds(columns: list[Column]) -> list[Column]:
    """One amount column (the rightmost amount, else the rightmost price); a left 'Amount'
    column without a quantity column is the quantity (English 'Amount' = how many)."""
    amounts = [c for c in columns if c.kind == "amount"]
    if not amounts:
        prices = [c for c in columns if c.kind == "price"]
        if prices:
            prices[-1].kind = "amount"
        return columns
    for col in amounts[:-1]:
        has_qty = any(c.kind == "quantity" for c in columns)
        col.kind = "other" if has_qty else "quantity"
    return columns


def _cells(line: Line, columns: list[Column]) -> dict[str, list[Segment]]:
    """The line's runs by column kind; a run over several columns is cut into its words."""
    out: dict[str, list[Segment]] = {}
    for seg in line.segments:
        spans = [c for c in columns if seg.x0 < c.x1 and seg.x1 > c.x0]
        if len(spans) > 1 and any(c.kind == "description" for c in spans) and _is_text(seg):
            # A long description may start under a neighbouring column: keep it whole.
            out.setdefault("description", []).append(seg)
            continue
        # '1 026,95' is one number however many columns its digit groups reach into.
        whole = len(spans) <= 1 or _NUMBER_RUN.fullmatch(seg.text.strip()) is not None
        parts = (seg,) if whole else seg.split_words()
        for part in parts:
            col = _column_of(part, columns)
            out.setdefault(col.kind, []).append(part)
    return out


def _column_of(seg: Segment, columns: list[Column]) -> Column:
    def overlap(c: Column) -> float:
        return min(seg.x1, c.x1) - max(seg.x0, c.x0)

    best = max(columns, key=overlap)
    if overlap(best) > 0:
        return best
    centre = (seg.x0 + seg.x1) / 2
    return min(columns, key=lambda c: min(abs(centre - c.x0), abs(centre - c.x1)))


def _read_rows(
    pages: tuple[Page, ...],
    p_index: int,
    start: int,
    columns: list[Column],
    decimal_hint: str | None,
) -> tuple[LineItem, ...]:
    rows: list[dict[str, object]] = []
    left = min(c.x0 for c in columns) - 5
    for number, page in enumerate(pages[p_index:]):
        lines = page.lines if number else page.lines[start:]
        # Running heads at the top of a following page belong to no item.
        fresh_page = number > 0
        for line in lines:
            text = line.text
            cells = _cells(line, columns)
            # A totals line opens with its label and has no quantity or unit price.
            priced = any(
                parse_number(seg.text) is not None
                for kind in ("quantity", "price")
                for seg in cells.get(kind, ())
            )
            # Text in the margin (a rotated print stamp) is not the line's label.
            inside = [seg for seg in line.segments if seg.x1 > left] or list(line.segments)
            if _STOP.match(inside[0].text) and not priced:
                return _items(rows, decimal_hint)
            if _new_header(line):
                return _items(rows, decimal_hint)
            amount = _amount(cells.get("amount"), decimal_hint)
            if amount is not None:
                rows.append({"cells": cells, "amount": amount, "extra": []})
                fresh_page = False
                if len(rows) > _MAX_ROWS:
                    return ()
                continue
            desc = " ".join(s.text for s in cells.get("description", ()))
            if rows and desc and not fresh_page and not _LABEL_VALUE.search(text):
                rows[-1]["extra"].append(desc)  # type: ignore[union-attr]
    return _items(rows, decimal_hint)


def _new_header(line: Line) -> bool:
    """The header of a following table (allowances, VAT breakdown) ends the items."""
    if not _few_digits(line):
        return False
    kinds = {_kind(w.text) for s in line.segments for w in s.split_words()}
    return len(kinds & _ITEM_KINDS) >= 2


def _is_text(seg: Segment) -> bool:
    letters = sum(c.isalpha() for c in seg.text)
    return letters > sum(c.isdigit() for c in seg.text)


def _amount(cell: list[Segment] | None, decimal_hint: str | None) -> Decimal | None:
    if not cell:
        return None
    text = " ".join(s.text for s in cell)
    values = find_amounts(text, decimal_hint)
    if not values or not re.search(r"\d[.,]\d{2}(?!\d)|^\s*[-−]?\d+\s*$", text.strip(" €$£")):
        return None
    return values[-1]


def _items(rows: list[dict[str, object]], decimal_hint: str | None) -> tuple[LineItem, ...]:
    items: list[LineItem] = []
    for row in rows:
        cells: dict[str, list[Segment]] = row["cells"]  # type: ignore[assignment]
        desc_parts = [s.text for s in cells.get("description", ())]
        if not desc_parts:
            desc_parts = [max((s.text for segs in cells.values() for s in segs), key=len)]
        desc_parts += row["extra"]  # type: ignore[operator]
        items.append(
            LineItem(
                description=" ".join(" ".join(desc_parts).split()),
                quantity=_number(cells.get("quantity"), decimal_hint),
                unit_price=_number(cells.get("price"), decimal_hint),
                amount=q2(row["amount"]),  # type: ignore[arg-type]
                tax_rate=_rate(cells.get("tax"), decimal_hint),
            )
        )
    return tuple(items)


def _number(cell: list[Segment] | None, decimal_hint: str | None) -> Decimal | None:
    if not cell:
        return None
    return parse_number(" ".join(s.text for s in cell), decimal_hint)


def _rate(cell: list[Segment] | None, decimal_hint: str | None) -> Decimal | None:
    value = _number(cell, decimal_hint)
    return value if value is not None and 0 <= value <= 100 else None


def items_sum(items: tuple[LineItem, ...]) -> Decimal | None:
    """The sum of the items' amounts, or None when an item has no amount."""
    if not items or any(item.amount is None for item in items):
        return None
    return sum((item.amount for item in items if item.amount is not None), Decimal("0"))
