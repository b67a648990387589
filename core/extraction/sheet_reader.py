"""The spreadsheet agent: XLSX and CSV, as one invoice laid out on a sheet or a list of invoices.

A list has a header row whose column names (in English, German, French, Dutch or Spanish)
name invoice fields; each row below is one invoice. Anything else is read as a single
invoice: the cells become positioned text and go through the template-free label reader,
so a sheet laid out like a paper invoice is read the same way a PDF is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from core.contract import Extraction
from core.documents.layout import group_lines
from core.documents.model import Document, Page, Segment
from core.extraction.base import AgentInfo
from core.extraction.dates import first_date
from core.extraction.identifiers import find_ibans, find_vat_ids
from core.extraction.label_reader import read_pages
from core.money import parse_amount, q2, to_decimal

COLUMNS: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"^\s*(?:{pattern})\s*(?:\(.*\))?\s*[:.]?\s*$", re.IGNORECASE)
    for name, pattern in {
        "invoice_number": r"invoice\s*(?:no\.?|number|#|id)|inv\s*no|number|rechnungs?\s*-?\s*"
        r"(?:nummer|nr\.?)|belegnummer|n[°º]\s*(?:de\s*)?facture|num[ée]ro(?:\s*de\s*facture)?|"
        r"factuur\s*-?\s*(?:nummer|nr\.?)|n[úu]mero(?:\s*de\s*factura)?|factura",
        "issuer": r"vendor|supplier|seller|issuer|company|lieferant|kreditor|verk[äa]ufer|"
        r"firma|fournisseur|[ée]metteur|vendeur|leverancier|proveedor|emisor",
        "issue_date": r"(?:invoice\s*)?date|issue\s*date|(?:rechnungs)?\s*datum|"
        r"date\s*(?:de\s*)?facture|factuurdatum|fecha(?:\s*de\s*factura)?",
        "due_date": r"due\s*date|due|f[äa]llig(?:keit|\s*am)?|zahlbar\s*bis|[ée]ch[ée]ance|"
        r"vervaldatum|vencimiento",
        "currency": r"currency|ccy|w[äa]hrung|devise|monnaie|valuta|moneda",
        "net_amount": r"net(?:\s*amount)?|subtotal|netto(?:betrag)?|montant\s*h\.?t\.?|"
        r"total\s*h\.?t\.?|base\s*imponible|bedrag\s*excl\.?\s*btw",
        "tax_amount": r"vat(?:\s*amount)?|tax(?:\s*amount)?|mwst|ust|steuer(?:betrag)?|tva|"
        r"btw(?:\s*bedrag)?|iva|cuota\s*iva",
        "total_amount": r"total(?:\s*amount)?|gross|amount|brutto(?:betrag)?|gesamt(?:betrag)?|"
        r"rechnungsbetrag|montant\s*t\.?t\.?c\.?|total\s*t\.?t\.?c\.?|totaal|bedrag|importe|"
        r"importe\s*total",
        "issuer_vat_id": r"vat\s*id|vat\s*(?:no|number)|ust\s*-?\s*id|tax\s*id|n[°º]\s*tva|"
        r"btw\s*-?\s*(?:nr|nummer)|nif|cif",
        "iban": r"iban",
    }.items()
}
_LIST_MIN_COLUMNS = 3
_CELL_W = 110.0
_ROW_H = 14.0


class SheetReader:
    info = AgentInfo(
        name="sheet-reader",
        kind="sheet",
        description="Reads XLSX and CSV: an invoice laid out on a sheet, or a list of "
        "invoices one per row with column names in five languages",
        expected_latency_ms=10.0,
    )

    def decline_reason(self, doc: Document) -> str | None:
        if doc.kind not in ("xlsx", "csv"):
            return f"reads spreadsheets, not {doc.kind.upper()}"
        if not any(doc.sheets):
            return "the workbook holds no data"
        return None

    def extract(self, doc: Document) -> Extraction:
        rows = next(iter_sheet_extractions(doc, self.info.name), None)
        if rows is not None:
            return rows
        return Extraction(agent=self.info.name, flags=("empty sheet",))


def iter_sheet_extractions(doc: Document, agent: str = "sheet-reader") -> Iterator[Extraction]:
    """Every invoice in the workbook: one per data row of a list, or one per laid-out sheet.

    The pipeline can split a list into one document per row with this.
    """
    for sheet in doc.sheets:
        if not sheet:
            continue
        header_at, columns = find_list_header(sheet)
        if columns:
            for row in sheet[header_at + 1 :]:
                extraction = _row_extraction(row, columns, agent)
                if extraction is not None:
                    yield extraction
        else:
            yield read_pages((sheet_as_page(sheet),), agent)


def is_invoice_list(doc: Document) -> bool:
    """Whether any sheet is a list of invoices (a header naming invoice fields)."""
    return any(sheet and find_list_header(sheet)[1] for sheet in doc.sheets)


def find_list_header(sheet: tuple[tuple[object, ...], ...]) -> tuple[int, dict[str, int]]:
    """(row index, field -> column) of a header naming invoice fields, else (-1, {})."""
    for index, row in enumerate(sheet[:10]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            for name, pattern in COLUMNS.items():
                if name not in columns and pattern.match(cell):
                    columns[name] = col
                    break
        enough = len(columns) >= _LIST_MIN_COLUMNS
        keyed = "invoice_number" in columns or "total_amount" in columns
        # A laid-out invoice's item table names amounts too, but not number and issuer.
        named = "issuer" in columns or ("invoice_number" in columns and "issue_date" in columns)
        if enough and keyed and named:
            return index, columns
    return -1, {}


def _row_extraction(
    row: tuple[object, ...], columns: dict[str, int], agent: str
) -> Extraction | None:
    def cell(name: str) -> object:
        col = columns.get(name)
        return row[col] if col is not None and col < len(row) else None

    if all(cell(name) in (None, "") for name in columns):
        return None
    values: dict[str, object] = {}
    for name in ("net_amount", "tax_amount", "total_amount"):
        values[name] = _money(cell(name))
    for name in ("issue_date", "due_date"):
        values[name] = _date(cell(name))
    for name in ("invoice_number", "issuer", "currency"):
        raw = cell(name)
        values[name] = _text(raw) or None
    vat = find_vat_ids(_text(cell("issuer_vat_id")))
    iban = find_ibans(_text(cell("iban")).upper())
    values["issuer_vat_id"] = vat[0] if vat else None
    values["iban"] = iban[0] if iban else None
    net, tax, total = values["net_amount"], values["tax_amount"], values["total_amount"]
    if total is None and isinstance(net, Decimal) and isinstance(tax, Decimal):
        values["total_amount"] = net + tax
    if net is None and isinstance(total, Decimal) and isinstance(tax, Decimal):
        values["net_amount"] = total - tax
    if tax is None and isinstance(total, Decimal) and isinstance(net, Decimal):
        values["tax_amount"] = total - net
    credit = isinstance(values["total_amount"], Decimal) and values["total_amount"] < 0
    if credit:
        for name in ("net_amount", "tax_amount", "total_amount"):
            if isinstance(values[name], Decimal):
                values[name] = -values[name]  # type: ignore[operator]
    if isinstance(values["currency"], str):
        values["currency"] = values["currency"].strip().upper()[:3]
    # Named columns leave little doubt; derived amounts are slightly less sure.
    confidence = {name: 0.97 for name, value in values.items() if value is not None}
    for name in ("net_amount", "tax_amount", "total_amount"):
        if name in confidence and cell(name) in (None, ""):
            confidence[name] = 0.9
    confidence["doc_type"] = 0.9
    return Extraction(
        **values,  # type: ignore[arg-type]
        doc_type="credit_note" if credit else "invoice",
        confidence=confidence,
        agent=agent,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _money(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return q2(to_decimal(value) or Decimal(0))
    amount = parse_amount(str(value))
    return q2(amount) if amount is not None else None


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return first_date(value)
    return None


def sheet_as_page(sheet: tuple[tuple[object, ...], ...]) -> Page:
    """Cells as positioned text: one column a fixed width, one row a fixed height."""
    segments: list[Segment] = []
    for r, row in enumerate(sheet):
        for c, value in enumerate(row):
            text = _cell_text(value)
            if not text:
                continue
            x0, top = c * _CELL_W, r * _ROW_H
            segments.append(
                Segment(text, x0, top, x0 + min(len(text) * 5.0, _CELL_W - 10), top + 9)
            )
    height = max(len(sheet) * _ROW_H, 100.0)
    return Page(1, _CELL_W * max((len(r) for r in sheet), default=1), height, group_lines(segments))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value)}.00" if abs(value) >= 1 else str(int(value))
        return f"{Decimal(repr(value)):.2f}" if abs(value) >= 1 else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value).strip()
