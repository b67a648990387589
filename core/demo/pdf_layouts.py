"""Text PDF renderers for demo invoices: five visibly different vendor layouts.

Only reportlab's built-in Helvetica/Courier are used: they are WinAnsi-encoded (so €, £,
umlauts and accents print) and need no font files, which keeps rendering fast and portable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import wrap
from typing import BinaryIO

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.demo.vendors import Formatter, Invoice, Labels, Line, print_iban

LAYOUTS: tuple[str, ...] = ("classic", "modern", "din5008", "compact", "ledger")

GREY = Color(0.35, 0.35, 0.35)
LIGHT = Color(0.93, 0.93, 0.93)
REGULAR, BOLD, MONO, MONO_BOLD = "Helvetica", "Helvetica-Bold", "Courier", "Courier-Bold"
BOTTOM = 95.0  # lowest y the body may use; the footer lives below


def tint(color: Color, share: float) -> Color:
    """Mix a vendor colour with white: share=0.85 gives a pale background fill."""
    return Color(*(c + (1 - c) * share for c in (color.red, color.green, color.blue)))


# --------------------------------------------------------------------------------------
# Render context and shared pieces
# --------------------------------------------------------------------------------------


@dataclass
class Ctx:
    c: Canvas
    inv: Invoice
    fmt: Formatter
    lab: Labels
    width: float
    height: float
    color: Color
    margin: float = 50.0
    footer: Callable[[Ctx], None] = field(default=lambda ctx: None)
    page_no: int = 1

    @property
    def right(self) -> float:
        return self.width - self.margin

    @property
    def title(self) -> str:
        return self.lab.credit_note if self.inv.credit_note else self.lab.invoice

    def text(self, x: float, y: float, s: str, font: str = REGULAR, size: float = 9) -> None:
        self.c.setFont(font, size)
        self.c.drawString(x, y, s)

    def rtext(self, x: float, y: float, s: str, font: str = REGULAR, size: float = 9) -> None:
        self.c.setFont(font, size)
        self.c.drawRightString(x, y, s)

    def lines(
        self, x: float, y: float, rows: Sequence[str], size: float = 9, leading: float = 0
    ) -> float:
        """Stack text rows downward; returns the y below the last row."""
        leading = leading or size * 1.3
        for row in rows:
            self.text(x, y, row, REGULAR, size)
            y -= leading
        return y

    def ensure(self, y: float, needed: float) -> float:
        """Start a continuation page when the next block would run into the footer."""
        if y - needed >= BOTTOM:
            return y
        self.footer(self)
        self.c.showPage()
        self.page_no += 1
        top = self.height - 50
        self.text(self.margin, top, self.inv.vendor.name, BOLD, 12)
        label = f"{self.title} {self.inv.number} - {self.lab.page} {self.page_no}"
        self.rtext(self.right, top, label, REGULAR, 8)
        return top - 30


def meta_rows(ctx: Ctx) -> list[tuple[str, str]]:
    inv, lab, fmt = ctx.inv, ctx.lab, ctx.fmt
    rows = [
        (lab.number_for(inv.credit_note), inv.number),
        (lab.date, fmt.date(inv.issue_date)),
        (lab.due, fmt.date(inv.due_date)),
        (lab.customer_no, inv.vendor.customer_no),
    ]
    if inv.order_ref:
        rows.append((lab.order_ref, inv.order_ref))
    return rows


def totals_rows(ctx: Ctx) -> list[tuple[str, str, bool]]:
    inv, fmt = ctx.inv, ctx.fmt
    rows = [(ctx.lab.subtotal, fmt.money(inv.net), False)]
    for group in inv.tax_groups:
        rows.append((ctx.lab.tax.format(rate=fmt.rate(group.rate)), fmt.money(group.tax), False))
    rows.append((ctx.lab.total, fmt.money(inv.total), True))
    return rows


def buyer_rows(ctx: Ctx) -> list[str]:
    buyer = ctx.inv.buyer
    rows = [*buyer.address]
    if buyer.vat_id:
        rows.append(f"{ctx.lab.vat_id}: {buyer.vat_id}")
    return rows


def bank_rows(ctx: Ctx) -> list[str]:
    vendor, lab = ctx.inv.vendor, ctx.lab
    if not vendor.iban:
        return [vendor.bank_name, vendor.bank_account_us]
    return [
        vendor.bank_name,
        f"{lab.iban}: {print_iban(vendor.iban)}",
        f"{lab.bic}: {vendor.bic}",
    ]


def contact_rows(ctx: Ctx) -> list[str]:
    vendor = ctx.inv.vendor
    return [s for s in (vendor.phone, vendor.email, vendor.web) if s]


def terms_text(ctx: Ctx) -> list[str]:
    inv, lab = ctx.inv, ctx.lab
    if inv.credit_note:
        return [lab.reference.format(ref=inv.reference), lab.credit_terms]
    due = ctx.fmt.date(inv.due_date)
    return [lab.terms.format(days=inv.vendor.payment_days, due=due), lab.thanks]


def has_mixed_rates(inv: Invoice) -> bool:
    return len({line.tax_rate for line in inv.lines}) > 1


def draw_totals(ctx: Ctx, y: float, x_label: float, size: float = 9) -> float:
    for label, value, strong in totals_rows(ctx):
        font = BOLD if strong else REGULAR
        if strong:
            ctx.c.setLineWidth(0.6)
            ctx.c.line(x_label, y + size + 1, ctx.right, y + size + 1)
        ctx.text(x_label, y, label, font, size + (1 if strong else 0))
        ctx.rtext(ctx.right, y, value, font, size + (1 if strong else 0))
        y -= size * 1.6
    return y


def draw_footer_columns(
    ctx: Ctx, columns: Sequence[Sequence[str]], legal: str = "", y: float = 62
) -> None:
    """Footer columns sized to their content; never wrapped, so an IBAN stays on one line."""
    columns = [col for col in columns if col]
    size, gap = 7.0, 14.0
    avail = ctx.right - ctx.margin
    while size > 5.5 and _columns_width(columns, size, gap) > avail:
        size -= 0.25
    spare = max(0.0, avail - _columns_width(columns, size, gap)) / max(1, len(columns) - 1)
    c = ctx.c
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.line(ctx.margin, y + 12, ctx.right, y + 12)
    c.setFillColor(GREY)
    x = ctx.margin
    for rows in columns:
        ctx.lines(x, y, rows, size, size + 2)
        x += _column_width(rows, size) + gap + spare
    if legal:
        depth = max(len(col) for col in columns)
        ctx.text(ctx.margin, y - depth * (size + 2) - 3, legal, REGULAR, size)
    c.setFillColor(black)
    c.setStrokeColor(black)


def _column_width(rows: Sequence[str], size: float) -> float:
    return max(stringWidth(row, REGULAR, size) for row in rows)


def _columns_width(columns: Sequence[Sequence[str]], size: float, gap: float) -> float:
    return sum(_column_width(col, size) for col in columns) + gap * (len(columns) - 1)


def standard_footer(ctx: Ctx) -> None:
    vendor = ctx.inv.vendor
    draw_footer_columns(
        ctx,
        [
            [vendor.name, *vendor.address],
            [*contact_rows(ctx), f"{ctx.lab.vat_id}: {vendor.vat_id}"],
            bank_rows(ctx),
        ],
        vendor.register,
    )


# --------------------------------------------------------------------------------------
# Line-item table
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float  # share of the table width
    align: str = "right"


def cell(ctx: Ctx, line: Line, pos: int, key: str) -> str:
    fmt = ctx.fmt
    values = {
        "pos": str(pos),
        "name": line.name,
        "qty": fmt.qty(line.qty),
        "qty_unit": f"{fmt.qty(line.qty)} {line.unit}".strip(),
        "unit": line.unit,
        "unit_price": fmt.unit_price(line.unit_price),
        "rate": fmt.rate(line.tax_rate),
        "amount": fmt.amount(line.amount),
    }
    return values[key]


@dataclass(frozen=True)
class TableStyle:
    size: float = 8.5
    header_fill: Color | None = None
    header_text: Color = black
    zebra: Color | None = None
    row_rules: bool = False
    header_rule: bool = True
    grid: bool = False


def draw_table(
    ctx: Ctx, x0: float, x1: float, y: float, cols: Sequence[Column], style: TableStyle
) -> float:
    """Draw header + one row per invoice line; returns the y below the table."""
    xs = _column_edges(x0, x1, cols)
    y = ctx.ensure(y, 40)
    y = _table_header(ctx, xs, y, cols, style)
    for pos, line in enumerate(ctx.inv.lines, start=1):
        name_parts = _wrap_name(ctx, line.name, cols, xs, style.size)
        row_h = style.size * 1.35 * len(name_parts) + 5
        if y - row_h < BOTTOM:
            y = _table_header(ctx, xs, ctx.ensure(y, row_h + 40), cols, style)
        if style.zebra is not None and pos % 2 == 0:
            ctx.c.setFillColor(style.zebra)
            ctx.c.rect(x0, y - row_h + style.size, x1 - x0, row_h, stroke=0, fill=1)
            ctx.c.setFillColor(black)
        _table_row(ctx, xs, y, cols, style, line, pos, name_parts)
        y -= row_h
        if style.row_rules or style.grid:
            ctx.c.setStrokeColor(LIGHT if style.row_rules else GREY)
            ctx.c.setLineWidth(0.5)
            ctx.c.line(x0, y + style.size - 1, x1, y + style.size - 1)
            ctx.c.setStrokeColor(black)
    return y - 6


def _column_edges(x0: float, x1: float, cols: Sequence[Column]) -> list[float]:
    total = sum(col.width for col in cols)
    edges = [x0]
    for col in cols:
        edges.append(edges[-1] + (x1 - x0) * col.width / total)
    return edges


def _wrap_name(
    ctx: Ctx, name: str, cols: Sequence[Column], xs: list[float], size: float
) -> list[str]:
    idx = [col.key for col in cols].index("name")
    return simpleSplit(name, REGULAR, size, xs[idx + 1] - xs[idx] - 8) or [""]


def _table_header(
    ctx: Ctx, xs: list[float], y: float, cols: Sequence[Column], style: TableStyle
) -> float:
    c, size = ctx.c, style.size
    if style.header_fill is not None:
        c.setFillColor(style.header_fill)
        c.rect(xs[0], y - 5, xs[-1] - xs[0], size + 9, stroke=0, fill=1)
    c.setFillColor(style.header_text)
    for i, col in enumerate(cols):
        _cell_text(ctx, xs, i, y, col.header, col.align, BOLD, size)
    c.setFillColor(black)
    if style.header_rule:
        c.setLineWidth(0.8)
        c.line(xs[0], y - 6, xs[-1], y - 6)
    if style.grid:
        _grid_verticals(ctx, xs, y + size + 4, y - 6)
    return y - size - 12


def _table_row(
    ctx: Ctx,
    xs: list[float],
    y: float,
    cols: Sequence[Column],
    style: TableStyle,
    line: Line,
    pos: int,
    name_parts: list[str],
) -> None:
    for i, col in enumerate(cols):
        if col.key == "name":
            for k, part in enumerate(name_parts):
                _cell_text(ctx, xs, i, y - k * style.size * 1.35, part, "left", REGULAR, style.size)
        else:
            _cell_text(ctx, xs, i, y, cell(ctx, line, pos, col.key), col.align, REGULAR, style.size)
    if style.grid:
        row_h = style.size * 1.35 * len(name_parts) + 5
        _grid_verticals(ctx, xs, y + style.size + 1, y - row_h + style.size - 1)


def _cell_text(
    ctx: Ctx, xs: list[float], i: int, y: float, s: str, align: str, font: str, size: float
) -> None:
    if align == "left":
        ctx.text(xs[i] + 4, y, s, font, size)
    else:
        ctx.rtext(xs[i + 1] - 4, y, s, font, size)


def _grid_verticals(ctx: Ctx, xs: list[float], top: float, bottom: float) -> None:
    ctx.c.setStrokeColor(GREY)
    ctx.c.setLineWidth(0.4)
    for x in xs:
        ctx.c.line(x, top, x, bottom)
    ctx.c.setStrokeColor(black)


def item_columns(ctx: Ctx, *, pos: bool = True, unit_col: bool = False) -> list[Column]:
    lab = ctx.lab
    cols = [Column("pos", lab.pos, 0.06, "left")] if pos else []
    cols.append(Column("name", lab.description, 0.46, "left"))
    if unit_col:
        cols += [Column("qty", lab.qty, 0.09), Column("unit", lab.unit, 0.10, "left")]
    else:
        cols.append(Column("qty_unit", lab.qty, 0.13))
    cols.append(Column("unit_price", lab.unit_price, 0.15))
    if has_mixed_rates(ctx.inv):
        cols.append(Column("rate", lab.tax_col, 0.09))
    cols.append(Column("amount", f"{lab.amount} ({ctx.fmt.currency_mark()})", 0.16))
    return cols


# --------------------------------------------------------------------------------------
# Layout: classic
# --------------------------------------------------------------------------------------


def render_classic(ctx: Ctx) -> None:
    c, inv, m = ctx.c, ctx.inv, ctx.margin
    top = ctx.height - 60
    _logo_square(ctx, m, top - 26, 40)
    ctx.text(m + 52, top, inv.vendor.name, BOLD, 20)
    ctx.lines(m + 52, top - 16, [", ".join(inv.vendor.address), *contact_rows(ctx)[:2]], 8.5)
    c.setFillColor(GREY)
    ctx.rtext(ctx.right, top - 60, ctx.title, BOLD, 15)
    c.setFillColor(black)

    y = top - 110
    ctx.text(m, y, ctx.lab.bill_to, BOLD, 9)
    ctx.text(m, y - 14, inv.buyer.name, REGULAR, 10)
    ctx.lines(m, y - 27, buyer_rows(ctx), 9)
    _meta_right(ctx, y, ctx.right - 190)

    y = top - 220
    cols = item_columns(ctx)
    y = draw_table(ctx, m, ctx.right, y, cols, TableStyle(row_rules=True))
    y = ctx.ensure(y, 90)
    y = draw_totals(ctx, y - 8, ctx.right - 190)
    y = ctx.ensure(y, 40)
    ctx.lines(m, y - 14, terms_text(ctx), 8.5)
    ctx.footer(ctx)


def _logo_square(ctx: Ctx, x: float, y: float, size: float) -> None:
    initials = "".join(w[0] for w in ctx.inv.vendor.name.split()[:2] if w[0].isalpha())
    ctx.c.setFillColor(ctx.color)
    ctx.c.roundRect(x, y, size, size, 6, stroke=0, fill=1)
    ctx.c.setFillColor(white)
    ctx.c.setFont(BOLD, 15)
    ctx.c.drawCentredString(x + size / 2, y + size / 2 - 5, initials.upper())
    ctx.c.setFillColor(black)


def _meta_right(ctx: Ctx, y: float, x_label: float, size: float = 9) -> float:
    for label, value in meta_rows(ctx):
        ctx.text(x_label, y, f"{label}:", BOLD, size)
        ctx.rtext(ctx.right, y, value, REGULAR, size)
        y -= size * 1.5
    return y


# --------------------------------------------------------------------------------------
# Layout: modern
# --------------------------------------------------------------------------------------


def render_modern(ctx: Ctx) -> None:
    c, inv, m = ctx.c, ctx.inv, ctx.margin
    band_h = 95
    c.setFillColor(ctx.color)
    c.rect(0, ctx.height - band_h, ctx.width, band_h, stroke=0, fill=1)
    c.setFillColor(white)
    ctx.text(m, ctx.height - 52, inv.vendor.name, BOLD, 22)
    ctx.text(m, ctx.height - 72, "  ·  ".join(inv.vendor.address), REGULAR, 9)
    ctx.rtext(ctx.right, ctx.height - 52, ctx.title.upper(), REGULAR, 13)
    c.setFillColor(black)

    y = ctx.height - band_h - 40
    c.setFillColor(GREY)
    ctx.text(m, y, ctx.lab.bill_to.upper(), BOLD, 8)
    c.setFillColor(black)
    ctx.text(m, y - 15, inv.buyer.name, BOLD, 11)
    ctx.lines(m, y - 29, buyer_rows(ctx), 9)
    _meta_box(ctx, ctx.right - 215, y + 12, 215)

    y -= 130
    style = TableStyle(header_fill=ctx.color, header_text=white, zebra=tint(ctx.color, 0.9))
    y = draw_table(ctx, m, ctx.right, y, item_columns(ctx, pos=False), style)
    y = ctx.ensure(y, 110)
    y = _shaded_totals(ctx, y - 10)
    y = ctx.ensure(y, 60)
    _payment_box(ctx, y - 16)
    ctx.footer(ctx)


def _meta_box(ctx: Ctx, x: float, top: float, w: float) -> None:
    rows = meta_rows(ctx)
    h = len(rows) * 15 + 12
    ctx.c.setStrokeColor(ctx.color)
    ctx.c.setLineWidth(1)
    ctx.c.roundRect(x, top - h, w, h, 5, stroke=1, fill=0)
    ctx.c.setStrokeColor(black)
    y = top - 16
    for label, value in rows:
        ctx.c.setFillColor(GREY)
        ctx.text(x + 10, y, label, REGULAR, 8.5)
        ctx.c.setFillColor(black)
        ctx.rtext(x + w - 10, y, value, BOLD, 9)
        y -= 15


def _shaded_totals(ctx: Ctx, y: float) -> float:
    rows = totals_rows(ctx)
    w, h = 230, len(rows) * 16 + 14
    x = ctx.right - w
    ctx.c.setFillColor(tint(ctx.color, 0.85))
    ctx.c.rect(x, y - h + 10, w, h, stroke=0, fill=1)
    ctx.c.setFillColor(black)
    y -= 4
    for label, value, strong in rows:
        if strong:
            ctx.c.setFillColor(ctx.color)
        ctx.text(x + 10, y, label, BOLD if strong else REGULAR, 11 if strong else 9)
        ctx.rtext(ctx.right - 10, y, value, BOLD if strong else REGULAR, 11 if strong else 9)
        ctx.c.setFillColor(black)
        y -= 16
    return y - 10


def _payment_box(ctx: Ctx, y: float) -> None:
    ctx.text(ctx.margin, y, ctx.lab.bank, BOLD, 8.5)
    y = ctx.lines(ctx.margin, y - 12, bank_rows(ctx), 8.5)
    ctx.lines(ctx.margin, y - 6, terms_text(ctx), 8.5)


def modern_footer(ctx: Ctx) -> None:
    vendor = ctx.inv.vendor
    parts = [vendor.name, f"{ctx.lab.vat_id} {vendor.vat_id}", *contact_rows(ctx)[:2]]
    ctx.c.setFillColor(tint(ctx.color, 0.85))
    ctx.c.rect(0, 0, ctx.width, 48, stroke=0, fill=1)
    ctx.c.setFillColor(GREY)
    ctx.c.setFont(REGULAR, 7.5)
    ctx.c.drawCentredString(ctx.width / 2, 28, "  |  ".join(parts))
    if vendor.register:
        ctx.c.drawCentredString(ctx.width / 2, 17, vendor.register)
    ctx.c.setFillColor(black)


# --------------------------------------------------------------------------------------
# Layout: din5008 (German business letter, form B)
# --------------------------------------------------------------------------------------


def render_din5008(ctx: Ctx) -> None:
    c, inv, lab = ctx.c, ctx.inv, ctx.lab
    left, h = 25 * mm, ctx.height
    ctx.margin = left
    ctx.c.setFillColor(ctx.color)
    ctx.rtext(ctx.right, h - 22 * mm, inv.vendor.name, BOLD, 18)
    ctx.c.setFillColor(GREY)
    ctx.rtext(ctx.right, h - 27 * mm, "  ".join(contact_rows(ctx)[:2]), REGULAR, 8)
    c.setFillColor(black)
    _fold_marks(ctx)

    sender = " · ".join([inv.vendor.name, *inv.vendor.address[:2]])
    ctx.text(left, h - 50 * mm, sender, REGULAR, 6.5)
    c.setLineWidth(0.3)
    c.line(left, h - 50 * mm - 2, left + stringWidth(sender, REGULAR, 6.5), h - 50 * mm - 2)
    ctx.lines(left, h - 60 * mm, [inv.buyer.name, *inv.buyer.address], 10, 13)
    _info_block(ctx, 125 * mm, h - 50 * mm)

    y = h - 103 * mm
    ctx.text(left, y, f"{ctx.title} {inv.number}", BOLD, 12)
    y -= 22
    if lab.salutation:
        y = ctx.lines(left, y, [lab.salutation, "", lab.intro], 9.5, 12) - 8
    cols = item_columns(ctx, unit_col=True)
    cols = [cols[0], *[col for col in cols if col.key in ("qty", "unit")], *cols[1:2], *cols[4:]]
    y = draw_table(ctx, left, ctx.right, y, cols, TableStyle(size=8.5))
    ctx.c.line(left, y + 6, ctx.right, y + 6)
    y = ctx.ensure(y, 90)
    y = draw_totals(ctx, y - 10, ctx.right - 200)
    ctx.c.line(ctx.right - 200, y + 10, ctx.right, y + 10)
    y = ctx.ensure(y, 70)
    y = ctx.lines(left, y - 12, terms_text(ctx), 9)
    if lab.closing:
        ctx.lines(left, y - 10, [lab.closing, "", inv.vendor.name], 9)
    ctx.footer(ctx)


def _fold_marks(ctx: Ctx) -> None:
    ctx.c.setLineWidth(0.4)
    for from_top in (105 * mm, 210 * mm):
        ctx.c.line(4 * mm, ctx.height - from_top, 9 * mm, ctx.height - from_top)
    ctx.c.line(4 * mm, ctx.height / 2, 12 * mm, ctx.height / 2)


def _info_block(ctx: Ctx, x: float, y: float) -> None:
    inv = ctx.inv
    rows = meta_rows(ctx)
    service = f"{inv.issue_date.month:02d}/{inv.issue_date.year}"
    if ctx.lab.salutation:  # German letters also state the service period
        rows.append(("Leistungszeitraum", service))
    for label, value in rows:
        ctx.text(x, y, label, REGULAR, 8)
        ctx.rtext(ctx.right, y, value, REGULAR, 8.5)
        y -= 12


def din_footer(ctx: Ctx) -> None:
    vendor = ctx.inv.vendor
    draw_footer_columns(
        ctx,
        [
            [vendor.name, *vendor.address],
            [*contact_rows(ctx), f"{ctx.lab.vat_id}: {vendor.vat_id}"],
            bank_rows(ctx),
        ],
        vendor.register,
        y=62,
    )


# --------------------------------------------------------------------------------------
# Layout: compact (key: value block, plain-text table)
# --------------------------------------------------------------------------------------

MONO_SIZE = 8.5
MONO_WIDTHS = (5, 41, 11, 12, 8, 14)


def render_compact(ctx: Ctx) -> None:
    inv, m, lab = ctx.inv, ctx.margin, ctx.lab
    top = ctx.height - 55
    ctx.text(m, top, inv.vendor.name, BOLD, 15)
    ctx.text(m, top - 14, " - ".join(inv.vendor.address), REGULAR, 8.5)
    ctx.text(m, top - 45, ctx.title, BOLD, 12)

    y = top - 70
    keys = [(f"{k}:", v) for k, v in meta_rows(ctx)]
    keys.append((f"{lab.vat_id}:", inv.vendor.vat_id))
    _key_values(ctx, m, y, keys)
    buyer = [(f"{lab.bill_to}:", inv.buyer.name)] + [("", row) for row in buyer_rows(ctx)]
    _key_values(ctx, ctx.width / 2 + 10, y, buyer)

    y -= max(len(keys), len(buyer)) * 12 + 24
    for row_font, text in _mono_table(ctx):
        y = ctx.ensure(y, 12)
        ctx.text(m, y, text, row_font, MONO_SIZE)
        y -= MONO_SIZE * 1.45
    y = ctx.ensure(y, 80)
    for label, value, strong in totals_rows(ctx):
        font = MONO_BOLD if strong else MONO
        ctx.text(m, y - 6, f"{label:>{sum(MONO_WIDTHS) - 20}}{value:>20}", font, MONO_SIZE)
        y -= MONO_SIZE * 1.5
    y = ctx.ensure(y, 40)
    ctx.lines(m, y - 16, terms_text(ctx), 8.5)
    ctx.footer(ctx)


def _key_values(ctx: Ctx, x: float, y: float, rows: Sequence[tuple[str, str]]) -> None:
    key_w = max(stringWidth(key, BOLD, 8.5) for key, _ in rows) + 8
    for key, value in rows:
        ctx.text(x, y, key, BOLD, 8.5)
        ctx.text(x + key_w, y, value, REGULAR, 8.5)
        y -= 12


def _mono_table(ctx: Ctx) -> list[tuple[str, str]]:
    """The item table as fixed-width text rows, like an ERP print-out."""
    lab, fmt = ctx.lab, ctx.fmt
    w = MONO_WIDTHS
    head = (
        f"{lab.pos:<{w[0]}}{lab.description[: w[1] - 1]:<{w[1]}}{lab.qty[:10]:>{w[2]}}"
        f"{lab.unit_price[:11]:>{w[3]}}{lab.tax_col:>{w[4]}}{fmt.currency_mark():>{w[5]}}"
    )
    rows = [(MONO_BOLD, head), (MONO, "")]
    for pos, line in enumerate(ctx.inv.lines, start=1):
        parts = wrap(line.name, w[1] - 1) or [""]
        rows.append(
            (
                MONO,
                f"{pos:<{w[0]}}{parts[0]:<{w[1]}}{fmt.qty(line.qty):>{w[2]}}"
                f"{fmt.unit_price(line.unit_price):>{w[3]}}{fmt.rate(line.tax_rate):>{w[4]}}"
                f"{fmt.amount(line.amount):>{w[5]}}",
            )
        )
        rows += [(MONO, " " * w[0] + part) for part in parts[1:]]
    rows.append((MONO, ""))
    return rows


def compact_footer(ctx: Ctx) -> None:
    vendor = ctx.inv.vendor
    rows = [" | ".join([vendor.name, *contact_rows(ctx)]), " | ".join(bank_rows(ctx))]
    if vendor.register:
        rows.append(vendor.register)
    ctx.c.setFillColor(GREY)
    ctx.lines(ctx.margin, 60, rows, 7.5, 10)
    ctx.c.setFillColor(black)


# --------------------------------------------------------------------------------------
# Layout: ledger (summary first, then the items)
# --------------------------------------------------------------------------------------


def render_ledger(ctx: Ctx) -> None:
    inv, m, lab = ctx.inv, ctx.margin, ctx.lab
    top = ctx.height - 58
    ctx.text(m, top, inv.vendor.name, BOLD, 18)
    ctx.c.setFillColor(GREY)
    ctx.lines(m, top - 15, [", ".join(inv.vendor.address), f"{lab.vat_id} {inv.vendor.vat_id}"], 8)
    ctx.c.setFillColor(black)
    ctx.rtext(ctx.right, top, f"{ctx.title} {inv.number}", BOLD, 11)

    y = top - 70
    cells = [
        (lab.number_for(inv.credit_note), inv.number),
        (lab.date, ctx.fmt.date(inv.issue_date)),
        (lab.due, ctx.fmt.date(inv.due_date)),
        (lab.total if inv.credit_note else lab.amount_due, ctx.fmt.money(inv.total)),
    ]
    _summary_cells(ctx, y, cells)

    y -= 70
    ctx.text(m, y, lab.summary, BOLD, 10)
    ctx.text(ctx.width / 2 + 20, y, lab.bill_to, BOLD, 10)
    _summary_grid(ctx, m, y - 18, ctx.width / 2 - 10)
    ctx.lines(ctx.width / 2 + 20, y - 18, [inv.buyer.name, *buyer_rows(ctx)], 9)

    y -= 30 + 18 * len(totals_rows(ctx))
    cols = item_columns(ctx, unit_col=True)
    y = draw_table(ctx, m, ctx.right, y, cols, TableStyle(grid=True, header_fill=LIGHT))
    y = ctx.ensure(y, 50)
    ctx.lines(m, y - 14, terms_text(ctx), 8.5)
    ctx.footer(ctx)


def _summary_cells(ctx: Ctx, y: float, cells: Sequence[tuple[str, str]]) -> None:
    w = (ctx.right - ctx.margin) / len(cells)
    for i, (label, value) in enumerate(cells):
        x = ctx.margin + i * w
        last = i == len(cells) - 1
        ctx.c.setFillColor(ctx.color if last else LIGHT)
        ctx.c.rect(x + 2, y - 30, w - 4, 44, stroke=0, fill=1)
        ctx.c.setFillColor(white if last else GREY)
        ctx.text(x + 9, y, label.upper(), REGULAR, 7)
        ctx.c.setFillColor(white if last else black)
        ctx.text(x + 9, y - 18, value, BOLD, 11)
    ctx.c.setFillColor(black)


def _summary_grid(ctx: Ctx, x: float, y: float, x1: float) -> None:
    ctx.c.setLineWidth(0.4)
    for label, value, strong in totals_rows(ctx):
        ctx.text(x, y, label, BOLD if strong else REGULAR, 9)
        ctx.rtext(x1, y, value, BOLD if strong else REGULAR, 9)
        ctx.c.line(x, y - 5, x1, y - 5)
        y -= 18


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------

_RENDERERS: dict[str, tuple[Callable[[Ctx], None], Callable[[Ctx], None]]] = {
    "classic": (render_classic, standard_footer),
    "modern": (render_modern, modern_footer),
    "din5008": (render_din5008, din_footer),
    "compact": (render_compact, compact_footer),
    "ledger": (render_ledger, standard_footer),
}


def page_size(inv: Invoice) -> tuple[float, float]:
    return letter if inv.vendor.country == "US" else A4


def page_size_name(inv: Invoice) -> str:
    return "Letter" if inv.vendor.country == "US" else "A4"


def render_pdf(inv: Invoice, path: Path | BinaryIO, layout: str, subject: str = "") -> None:
    """Write the invoice as a selectable-text PDF using the named layout.

    subject goes into the PDF's metadata only: a re-sent copy prints the same page but is
    a different file, as a re-sent e-mail attachment is.
    """
    body, footer = _RENDERERS[layout]
    width, height = page_size(inv)
    # invariant=1 drops timestamps and random ids so a seed gives stable bytes.
    target = str(path) if isinstance(path, Path) else path
    canvas = Canvas(target, pagesize=(width, height), invariant=1)
    title = inv.vendor.labels.credit_note if inv.credit_note else inv.vendor.labels.invoice
    canvas.setTitle(f"{title} {inv.number}")
    canvas.setAuthor(inv.vendor.name)
    if subject:
        canvas.setSubject(subject)
    ctx = Ctx(
        c=canvas,
        inv=inv,
        fmt=inv.vendor.formatter(),
        lab=inv.vendor.labels,
        width=width,
        height=height,
        color=HexColor(inv.vendor.color),
        footer=footer,
    )
    body(ctx)
    canvas.showPage()
    canvas.save()
