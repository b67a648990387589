"""Reading files into Documents: PDF text with positions, e-invoice XML, sheets, CSV."""

from __future__ import annotations

import io
import itertools
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import Workbook
from PIL import Image, ImageChops, ImageFilter
from reportlab.pdfgen.canvas import Canvas

from core.documents import load_document
from core.documents.einvoice import read_einvoice
from core.documents.pdf import ocr_available

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"


def make_pdf(lines: list[tuple[float, float, str]], **canvas_kw: object) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, **canvas_kw)  # type: ignore[arg-type]
    for x, y, text in lines:
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pdf_text_lines_keep_label_and_value_apart() -> None:
    data = make_pdf([(50, 800, "Invoice No."), (300, 800, "INV-77"), (50, 780, "Total 12.00")])
    doc = load_document(data, "a.pdf")
    assert doc.kind == "pdf" and doc.page_count == 1
    first = doc.pages[0].lines[0]
    assert [s.text for s in first.segments] == ["Invoice No.", "INV-77"]
    assert first.segments[1].x0 > first.segments[0].x1 + 100
    assert "Total 12.00" in doc.text


CII = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>R-1</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime>
   <udt:DateTimeString format="102">20240105</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
</rsm:CrossIndustryInvoice>"""


def test_standalone_xml_is_recognised_as_cii() -> None:
    doc = load_document(CII, "r.xml")
    assert doc.kind == "xml" and doc.embedded_xml == CII
    assert read_einvoice(CII, "r.xml")[1] == "cii"


def test_xlsx_rows_are_read_with_types() -> None:
    wb = Workbook()
    wb.active.append(["Invoice No.", "INV-9"])
    wb.active.append(["Total", 12.5])
    buffer = io.BytesIO()
    wb.save(buffer)
    doc = load_document(buffer.getvalue(), "s.xlsx")
    assert doc.sheets[0] == (("Invoice No.", "INV-9"), ("Total", 12.5))


def test_csv_delimiter_and_encoding_are_detected() -> None:
    data = "Lieferant;Betrag\nMüller GmbH;1.234,56\n".encode("cp1252")
    doc = load_document(data, "l.csv")
    assert doc.sheets[0][1] == ("Müller GmbH", "1.234,56")


def test_words_inside_one_run_keep_their_own_positions() -> None:
    # One drawString: PDFium sees a single run; tables need each header word's x.
    data = make_pdf([(50, 800, "Warenwert Nettobetrag MwSt-Betrag Endbetrag")])
    seg = load_document(data, "w.pdf").pages[0].lines[0].segments[0]
    words = seg.split_words()
    assert [w.text for w in words] == ["Warenwert", "Nettobetrag", "MwSt-Betrag", "Endbetrag"]
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(words))
    assert words[0].x0 == seg.x0 and words[-1].x1 == seg.x1


def test_letters_placed_one_by_one_make_one_word() -> None:
    # Some writers place each glyph (or syllable) apart; PDFium may guess a space there.
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont("Helvetica", 10)
    x = 50.0
    for part in ("Ver", "käu", "fer:"):
        canvas.drawString(x, 800, part)
        x += canvas.stringWidth(part, "Helvetica", 10) + 0.8
    canvas.drawString(50, 780, "Rohstoff")
    canvas.drawString(50 + canvas.stringWidth("Rohstoff ", "Helvetica", 10), 780, "AG")
    canvas.showPage()
    canvas.save()
    lines = load_document(buffer.getvalue(), "v.pdf").pages[0].lines
    assert lines[0].text == "Verkäufer:"
    assert lines[1].text == "Rohstoff AG"


# --- OCR of scanned pages ---

OCR_MISSING = pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr is not installed")


def _invoice_pdf() -> bytes:
    """A text PDF with an item table under a dark header bar."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(50, 790, "Kraft Test GmbH")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(350, 760, "Rechnungsnummer")
    canvas.drawRightString(545, 760, "RE-4711")
    canvas.setFillGray(0.3)
    canvas.rect(48, 686, 500, 18, stroke=0, fill=1)
    canvas.setFillGray(1)
    canvas.drawString(54, 691, "Pos")
    canvas.drawString(85, 691, "Artikel")
    canvas.drawRightString(360, 691, "Menge")
    canvas.drawRightString(460, 691, "Preis")
    canvas.drawRightString(545, 691, "Betrag")
    canvas.setFillGray(0)
    rows = (("Montage vor Ort", "2", "84,00", "168,00"), ("Fahrtkosten", "1", "30,00", "30,00"))
    y = 668.0
    for number, (text, qty, price, amount) in enumerate(rows, start=1):
        canvas.drawString(54, y, str(number))
        canvas.drawString(85, y, text)
        canvas.drawRightString(360, y, qty)
        canvas.drawRightString(460, y, price)
        canvas.drawRightString(545, y, amount)
        y -= 20
    canvas.drawString(350, y - 14, "Summe netto")
    canvas.drawRightString(545, y - 14, "198,00")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _scanned(pdf: bytes, angle: float) -> bytes:
    """The PDF as a scanner returns it: an image-only page, tilted, soft and noisy."""
    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=200 / 72).to_pil().convert("L")
    doc.close()
    tilted = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    soft = tilted.filter(ImageFilter.GaussianBlur(radius=0.6))
    noisy = ImageChops.add(soft, Image.effect_noise(soft.size, 14), scale=1.0, offset=-128)
    out = io.BytesIO()
    noisy.save(out, "PDF", resolution=200)
    return out.getvalue()


@OCR_MISSING
def test_a_scanned_page_is_read_by_ocr_with_its_line_items() -> None:
    from core.extraction.label_reader import read_pages

    doc = load_document(_scanned(_invoice_pdf(), 0.8), "scan.pdf")
    assert doc.pages[0].ocr
    items = read_pages(doc.pages, "ocr").line_items
    assert [item.amount for item in items] == [Decimal("168.00"), Decimal("30.00")]
    assert [item.quantity for item in items] == [Decimal("2"), Decimal("1")]
