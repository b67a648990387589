"""Page images for the review screen."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from core.documents.pdf import PDFIUM_LOCK


def render_pdf_page(data: bytes, page_number: int = 1, width_px: int = 900) -> bytes | None:
    """PNG bytes of one page scaled to width_px, or None when the PDF cannot be rendered."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return None
        try:
            if not 1 <= page_number <= len(pdf):
                return None
            page = pdf[page_number - 1]
            scale = width_px / page.get_width()
            image = page.render(scale=scale).to_pil()
            page.close()
        finally:
            pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
