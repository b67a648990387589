"""PDF reading: text runs with boxes through pypdfium2, embedded e-invoice XML, OCR for scans."""

from __future__ import annotations

import shutil
import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

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
        try:
            words = _page_words(textpage, height)
        finally:
            textpage.close()
        return Page(index + 1, width, height, group_lines(words, words=True))
    finally:
        page.close()


# Separators besides ASCII white space: no-break and typographic spaces.
_SPACES = frozenset((0xA0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                     0x202F, 0x205F, 0x3000))  # fmt: skip


def _page_words(textpage: pdfium.PdfTextPage, height: float) -> list[Segment]:
    """Words with their font boxes, read char by char.

    Char boxes cost less than PDFium's text rectangles and give word positions inside a
    run, which tables need ('Nettobetrag MwSt-Betrag Endbetrag' printed as one run).
    Loose (font) boxes give every char of a line the same height, whatever its shape.
    """
    tp = textpage.raw
    box = pdfium_c.FS_RECTF()
    words: list[Segment] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = 0.0
    guessed = False
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        if code in (32, 13, 10) and pdfium_c.FPDFText_IsGenerated(tp, i) == 1:
            # PDFium's guessed spaces are unreliable ('Ver käufer'): the gap test decides,
            # a little more readily before a capital or digit ('Rohstoff AG').
            guessed = True
            continue
        if code <= 32 or code in _SPACES or code == 0xFFFE:
            if chars:
                words.append(Segment(_join(chars), x0, top, x1, bottom))
                chars = []
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, box)
        c_top, c_bottom = height - box.top, height - box.bottom
        if chars:
            size = max(bottom - top, 1.0)
            same_line = abs(c_top - top) < 0.4 * size
            gap = box.left - x1
            limit = 0.05 * size if guessed and not chr(code).islower() else 0.17 * size
            guessed = False
            if same_line and -0.5 * size < gap < limit:
                chars.append(chr(code))
                x1 = max(x1, box.right)
                top, bottom = min(top, c_top), max(bottom, c_bottom)
                continue
            words.append(Segment(_join(chars), x0, top, x1, bottom))
        chars = [chr(code)]
        x0, top, x1, bottom = box.left, c_top, box.right, c_bottom
    if chars:
        words.append(Segment(_join(chars), x0, top, x1, bottom))
    return words


def _join(chars: list[str]) -> str:
    text = "".join(chars)
    if any("\ud800" <= c <= "\udfff" for c in text):
        # PDFium hands out UTF-16 units: pair the surrogates (emoji and other astral chars).
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


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
