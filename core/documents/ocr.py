"""OCR of image-only pages with Tesseract (English, German and French data)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytesseract

from core.documents.layout import group_lines
from core.documents.model import Page, Segment

OCR_DPI = 300
OCR_LANGS = "eng+deu+fra"


def ocr_page(page: pdfium.PdfPage, number: int) -> Page:
    """Render at OCR_DPI, read words with boxes, and return them in PDF points."""
    width, height = page.get_size()
    scale = OCR_DPI / 72
    image = page.render(scale=scale).to_pil().convert("L")
    data = pytesseract.image_to_data(
        image, lang=_langs(), config="--psm 3", output_type=pytesseract.Output.DICT
    )
    segments: list[Segment] = []
    for i, word in enumerate(data["text"]):
        if not word.strip() or float(data["conf"][i]) < 0:
            continue
        x, y, w, h = (data[k][i] / scale for k in ("left", "top", "width", "height"))
        segments.append(Segment(word, x, y, x + w, y + h))
    return Page(number, width, height, group_lines(segments, gap_merge=4.0), ocr=True)


def _langs() -> str:
    available = set(pytesseract.get_languages(config=""))
    wanted = [lang for lang in OCR_LANGS.split("+") if lang in available]
    return "+".join(wanted) or "eng"
