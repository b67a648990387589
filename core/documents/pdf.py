"""PDF reading: text runs with boxes through pypdfium2, embedded e-invoice XML, OCR for scans."""

from __future__ import annotations

import shutil
import threading

import pypdfium2 as pdfium

from core.config import LIMITS
from core.documents.layout import group_lines
from core.documents.model import Page, Segment
from core.errors import DocumentError

# PDFium is not thread-safe: every call into it goes through this lock.
PDFIUM_LOCK = threading.RLock()

# Names under which Factur-X, ZUGFeRD 1/2 and XRechnung carry their XML.
EINVOICE_ATTACHMENTS = (
    "factur-x.xml",
    "zugferd-invoice.xml",
    "xrechnung.xml",
    "zugferd_invoice.xml",
)
_MIN_TEXT_CHARS = 20


def open_pdf(data: bytes, filename: str, password: str | None = None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            reason = (
                "the PDF is encrypted and the password given is wrong"
                if password
                else "the PDF is encrypted (password-protected); give its password to read it"
            )
            raise DocumentError(filename, reason) from exc
        raise DocumentError(filename, f"not a readable PDF (corrupt or truncated: {exc})") from exc


def read_pdf(
    data: bytes, filename: str, password: str | None = None, ocr: bool = True
) -> tuple[tuple[Page, ...], bytes | None, str | None, tuple[str, ...]]:
    """Pages, embedded e-invoice XML (bytes, name) and notes about how the file was read."""
    with PDFIUM_LOCK:
        pdf = open_pdf(data, filename, password)
        try:
            count = len(pdf)
            if count == 0:
                raise DocumentError(filename, "the PDF has no pages")
            if count > LIMITS.max_pdf_pages:
                raise DocumentError(
                    filename,
                    f"the PDF has {count} pages; at most {LIMITS.max_pdf_pages} are read per file",
                )
            xml, xml_name = _embedded_xml(pdf)
            pages: list[Page] = []
            image_pages: list[int] = []
            for index in range(count):
                page = _text_page(pdf, index)
                if len(page.text.strip()) < _MIN_TEXT_CHARS:
                    image_pages.append(index)
                pages.append(page)
            notes: list[str] = []
            if image_pages and ocr:
                pages, note = _ocr_pages(pdf, pages, image_pages)
                notes.append(note)
            return tuple(pages), xml, xml_name, tuple(notes)
        finally:
            pdf.close()


def _embedded_xml(pdf: pdfium.PdfDocument) -> tuple[bytes | None, str | None]:
    """The e-invoice attachment: a standard name first, else the first .xml file."""
    names = [pdf.get_attachment(i).get_name() for i in range(pdf.count_attachments())]
    ranked = sorted(
        (i for i, name in enumerate(names) if name.lower().endswith(".xml")),
        key=lambda i: names[i].lower() not in EINVOICE_ATTACHMENTS,
    )
    for i in ranked:
        return bytes(pdf.get_attachment(i).get_data()), names[i]
    return None, None


def _text_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        segments: list[Segment] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text.strip():
                segments.append(Segment(text, left, height - top, right, height - bottom))
        textpage.close()
        return Page(index + 1, width, height, group_lines(segments))
    finally:
        page.close()


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def _ocr_pages(
    pdf: pdfium.PdfDocument, pages: list[Page], indexes: list[int]
) -> tuple[list[Page], str]:
    if not ocr_available():
        return pages, (
            f"{len(indexes)} page(s) hold no text (a scan?) and OCR is not installed: "
            "install tesseract-ocr with its deu and fra data to read scans"
        )
    from core.documents.ocr import ocr_page

    out = list(pages)
    for index in indexes:
        page = pdf[index]
        try:
            out[index] = ocr_page(page, index + 1)
        finally:
            page.close()
    return out, f"{len(indexes)} page(s) read by OCR"
