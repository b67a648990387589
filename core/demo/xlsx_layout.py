"""Spreadsheet invoices: one invoice laid out on one sheet, as small vendors send them.

Numbers are numeric cells and dates are date cells (with number formats), never text, so
readers see what a real Excel invoice gives them.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from core.demo.vendors import Formatter, Invoice, Labels, print_iban, q2

DATE_FORMATS = {
    "mdy_slash": "MM/DD/YYYY",
    "dmy_slash": "DD/MM/YYYY",
    "dmy_dot": "DD.MM.YYYY",
    "dmy_dash": "DD-MM-YYYY",
    "long_en": "D MMMM YYYY",
}
TABLE_WIDTHS = (6, 44, 9, 10, 13, 9, 15)
BOLD = Font(bold=True)
THIN = Side(style="thin", color="999999")


def render_xlsx(inv: Invoice, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    lab, fmt = inv.vendor.labels, inv.vendor.formatter()
    ws.title = _sheet_title(lab.credit_note if inv.credit_note else lab.invoice)
    for i, width in enumerate(TABLE_WIDTHS, start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    row = _header(ws, inv, lab)
    row = _meta(ws, inv, lab, fmt, row + 1)
    row = _items(ws, inv, lab, fmt, row + 2)
    row = _totals(ws, inv, lab, fmt, row + 1)
    _footer(ws, inv, lab, fmt, row + 2)
    # Stable document properties keep the workbook's metadata free of wall-clock noise.
    stamp = datetime.combine(inv.issue_date, time(9, 0))
    wb.properties.creator = inv.vendor.name
    wb.properties.created = stamp
    wb.properties.modified = stamp
    # ExcelWriter rather than wb.save, which stamps the modified time with the wall clock
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    path.write_bytes(_stable_zip(buffer.getvalue(), stamp))


def _stable_zip(data: bytes, stamp: datetime) -> bytes:
    """The same archive with every member dated stamp: openpyxl dates them with the wall
    clock, so one seed would give new bytes (a new file to the pipeline) on every run, and
    a demo load resumed after an interruption would store its invoices twice."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def _sheet_title(title: str) -> str:
    return "".join(ch for ch in title.title() if ch not in "[]:*?/\\")[:31]


def _header(ws: Worksheet, inv: Invoice, lab: Labels) -> int:
    vendor = inv.vendor
    ws["A1"] = vendor.name
    ws["A1"].font = Font(bold=True, size=16)
    row = 2
    for text in (*vendor.address, f"{lab.vat_id}: {vendor.vat_id}", vendor.email):
        if text:
            ws.cell(row=row, column=1, value=text)
            row += 1
    row += 1
    title = ws.cell(row=row, column=1, value=lab.credit_note if inv.credit_note else lab.invoice)
    title.font = Font(bold=True, size=14)
    return row + 1


def _meta(ws: Worksheet, inv: Invoice, lab: Labels, fmt: Formatter, row: int) -> int:
    date_format = DATE_FORMATS[fmt.date_style]
    rows: list[tuple[str, object, str | None]] = [
        (lab.number_for(inv.credit_note), inv.number, None),
        (lab.date, inv.issue_date, date_format),
        (lab.due, inv.due_date, date_format),
        (lab.customer_no, inv.vendor.customer_no, None),
    ]
    if inv.order_ref:
        rows.append((lab.order_ref, inv.order_ref, None))
    if inv.credit_note:
        rows.append((lab.reference.format(ref="").strip(), inv.reference, None))
    for i, (label, value, number_format) in enumerate(rows):
        ws.cell(row=row + i, column=1, value=label).font = BOLD
        target = ws.cell(row=row + i, column=2, value=value)
        target.alignment = Alignment(horizontal="left")
        if number_format:
            target.number_format = number_format
    buyer = inv.buyer
    ws.cell(row=row, column=5, value=lab.bill_to).font = BOLD
    extra = [f"{lab.vat_id}: {buyer.vat_id}"] if buyer.vat_id else []
    for i, text in enumerate((buyer.name, *buyer.address, *extra), start=1):
        ws.cell(row=row + i, column=5, value=text)
    return row + max(len(rows), len(buyer.address) + 1 + len(extra))


def _money_format(fmt: Formatter) -> str:
    mark = fmt.currency_mark()
    if fmt.locale.currency_first:
        return f'"{mark}" #,##0.00'
    return f'#,##0.00 "{mark}"'


def _rate_format(rate: Decimal) -> str:
    return "0%" if rate == rate.to_integral_value() else "0.0%"


def _items(ws: Worksheet, inv: Invoice, lab: Labels, fmt: Formatter, row: int) -> int:
    headers = [lab.pos, lab.description, lab.qty, lab.unit, lab.unit_price, lab.tax_col]
    headers.append(f"{lab.amount} ({fmt.currency_mark()})")
    fill = PatternFill("solid", fgColor=inv.vendor.color.lstrip("#"))
    for col, text in enumerate(headers, start=1):
        head = ws.cell(row=row, column=col, value=text)
        head.font = Font(bold=True, color="FFFFFF")
        head.fill = fill
    for i, line in enumerate(inv.lines, start=1):
        r = row + i
        ws.cell(row=r, column=1, value=i)
        ws.cell(row=r, column=2, value=line.name)
        qty = ws.cell(row=r, column=3, value=float(line.qty))
        qty.number_format = "0" if line.qty == line.qty.to_integral_value() else "0.00"
        ws.cell(row=r, column=4, value=line.unit)
        price = ws.cell(row=r, column=5, value=float(line.unit_price))
        price.number_format = "#,##0.00" if line.unit_price == q2(line.unit_price) else "0.0000"
        rate = ws.cell(row=r, column=6, value=float(line.tax_rate / 100))
        rate.number_format = _rate_format(line.tax_rate)
        amount = ws.cell(row=r, column=7, value=float(line.amount))
        amount.number_format = "#,##0.00"
        for col in range(1, 8):
            ws.cell(row=r, column=col).border = Border(bottom=THIN)
    return row + len(inv.lines)


def _totals(ws: Worksheet, inv: Invoice, lab: Labels, fmt: Formatter, row: int) -> int:
    rows = [(lab.subtotal, inv.net, False)]
    rows += [(lab.tax.format(rate=fmt.rate(g.rate)), g.tax, False) for g in inv.tax_groups]
    rows.append((lab.total, inv.total, True))
    money = _money_format(fmt)
    for i, (label, value, strong) in enumerate(rows):
        ws.cell(row=row + i, column=5, value=label).font = Font(bold=strong)
        cell = ws.cell(row=row + i, column=7, value=float(value))
        cell.number_format = money
        cell.font = Font(bold=strong)
    return row + len(rows)


def _footer(ws: Worksheet, inv: Invoice, lab: Labels, fmt: Formatter, row: int) -> None:
    vendor = inv.vendor
    if vendor.iban:
        iban = f"{lab.iban}: {print_iban(vendor.iban)}"
        texts = [vendor.bank_name, iban, f"{lab.bic}: {vendor.bic}"]
    else:
        texts = [vendor.bank_name, vendor.bank_account_us]
    if inv.credit_note:
        texts.append(lab.credit_terms)
    else:
        texts.append(lab.terms.format(days=vendor.payment_days, due=fmt.date(inv.due_date)))
    for i, text in enumerate(texts):
        ws.cell(row=row + i, column=1, value=text).font = Font(size=9, color="555555")
