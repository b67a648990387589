"""Each bad file is refused alone, with a message naming the file and the problem."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from core.config import Limits
from core.documents import load_document
from core.errors import DocumentError


def pdf_bytes(pages: int = 1, encrypt: StandardEncryption | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt=encrypt)
    for n in range(pages):
        canvas.drawString(72, 720, f"Invoice No. INV-{n}  Total 10.00 EUR")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def refused(data: bytes, name: str, password: str | None = None) -> str:
    with pytest.raises(DocumentError) as info:
        load_document(data, name, password)
    assert info.value.filename == name
    return str(info.value)


def test_encrypted_pdf_asks_for_password_and_reads_with_it() -> None:
    data = pdf_bytes(encrypt=StandardEncryption("s3cret", ownerPassword="owner", canPrint=1))
    assert "password" in refused(data, "locked.pdf")
    assert "wrong" in refused(data, "locked.pdf", password="nope")
    doc = load_document(data, "locked.pdf", password="s3cret")
    assert "INV-0" in doc.text


def test_truncated_pdf_is_refused() -> None:
    data = pdf_bytes()
    assert "corrupt or truncated" in refused(data[: len(data) // 3], "cut.pdf")


def test_pdf_with_zero_pages_is_refused() -> None:
    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )
    message = refused(data, "empty-pages.pdf")
    assert "no pages" in message or "not a readable PDF" in message


def test_too_many_pages_is_refused_before_reading_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real limit is 200; a lower one keeps the generated file small and the test fast.
    monkeypatch.setattr("core.documents.pdf.LIMITS", Limits(max_pdf_pages=5))
    assert "6 pages; at most 5" in refused(pdf_bytes(pages=6), "long.pdf")


def test_xlsx_zip_bomb_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml", b"\0" * (Limits().max_xlsx_uncompressed_bytes + 1)
        )
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    assert "zip bomb" in refused(data, "bomb.xlsx")


def test_huge_sheet_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.documents.sheets.LIMITS", Limits(max_sheet_rows=50))
    data = xlsx_bytes([[i, f"row {i}"] for i in range(60)])
    assert "more than 50 rows" in refused(data, "huge.xlsx")


def test_xlsm_macros_are_ignored_and_noted() -> None:
    data = xlsx_bytes([["Invoice No.", "M-1"], ["Total", 5.0]])
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Evil"\nShell "calc"')
    doc = load_document(buffer.getvalue(), "macro.xlsm")
    assert doc.sheets[0][0] == ("Invoice No.", "M-1")
    assert any("macros" in note and "never run" in note for note in doc.notes)


def test_csv_in_legacy_and_utf16_encodings_is_decoded() -> None:
    text = "Lieferant;Betrag\nGroß & Söhne;12,50\n"
    for encoding in ("cp1252", "utf-16"):
        doc = load_document(text.encode(encoding), f"{encoding}.csv")
        assert doc.sheets[0][1][0] == "Groß & Söhne", encoding


def test_a_csv_with_a_field_too_long_to_read_is_refused() -> None:
    data = b"Invoice,INV-1\nTotal," + b"9" * 200_000 + b"\n"
    assert "line 2 is unreadable (field larger than field limit" in refused(data, "blob.csv")


def test_binary_named_csv_is_refused() -> None:
    assert "encoding" in refused(bytes(range(256)) * 4, "garbage.csv")


def test_files_that_lie_about_their_type() -> None:
    # Content wins over the name: a PDF named .xlsx is read as the PDF it is.
    assert load_document(pdf_bytes(), "really-a-pdf.xlsx").kind == "pdf"
    assert "not a PDF" in refused(b"just some text, not a pdf", "fake.pdf")
    assert "not an Excel workbook" in refused(b"hello world", "fake.xlsx")
    assert "not an Excel workbook" in refused(_plain_zip(), "zip.xlsx")


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")
    return buffer.getvalue()


def test_empty_file_is_refused() -> None:
    assert "empty" in refused(b"", "nothing.pdf")


def test_hostile_xml_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<Invoice>&lol2;</Invoice>"
    )
    assert "entities" in refused(bomb, "bomb.xml")
    assert "not well-formed" in refused(b"<Invoice><ID>1</Invoice>", "broken.xml")
    assert "not an e-invoice" in refused(b"<html><body/></html>", "page.xml")


def test_scanned_pdf_without_tesseract_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tesseract is installed here; hiding it exercises the message users without it see.
    monkeypatch.setattr("core.documents.pdf.ocr_available", lambda: False)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.rect(100, 100, 200, 200, fill=1)
    canvas.showPage()
    canvas.save()
    doc = load_document(buffer.getvalue(), "scan.pdf")
    assert any("OCR is not installed" in note for note in doc.notes)
