"""OCR of image-only pages with Tesseract (English, German and French data).

Scans come tilted, speckled and ruled: table grid lines touch the digits beside them and
Tesseract then reads '30,00 |' as '0:' or drops the cell. So the rendered page is cleaned
first: speckle removed by a median filter, the tilt measured from the text rows and undone,
the image binarised, and thin ruling lines (long straight runs of ink) erased.
"""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytesseract
from PIL import Image, ImageFilter

from core.documents.layout import group_lines
from core.documents.model import Page, Segment

OCR_DPI = 300
OCR_LANGS = "eng+deu+fra"
# Tilts tried when straightening a page, in degrees (a scanner feeds within a few degrees).
_MAX_TILT = 2.0
_TILT_STEP = 0.1
# At OCR_DPI a ruling line runs longer than this while no glyph stroke does (a 10 pt
# capital is ~40 px tall; 0.5 inch covers headline letters too).
_RULE_MIN_RUN = OCR_DPI // 2
# Thicker than this (px) it is a filled bar, possibly with white text on it: kept.
_RULE_MAX_THICKNESS = 8


def ocr_page(page: pdfium.PdfPage, number: int) -> Page:
    """Render at OCR_DPI, read words with boxes, and return them in PDF points."""
    width, height = page.get_size()
    scale = OCR_DPI / 72
    image = clean_scan(page.render(scale=scale).to_pil().convert("L"))
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


def clean_scan(image: Image.Image) -> Image.Image:
    """A grey page image straightened, binarised and without ruling lines."""
    gray = image.convert("L").filter(ImageFilter.MedianFilter(3))
    angle = measure_tilt(gray)
    if angle:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(gray)
    level = _otsu(pixels)
    # Grey rules break up at the ink threshold; found on a fainter cut they stay whole.
    rules = _rules(pixels < (level + 255) // 2)
    ink = (pixels < level) & ~rules
    return Image.fromarray(np.where(ink, 0, 255).astype(np.uint8))


def measure_tilt(gray: Image.Image) -> float:
    """The rotation (degrees, PIL's sense) that makes the text rows horizontal.

    Text rows give the ink's row profile sharp peaks when they are level; the angle whose
    profile varies most wins. Measured on a reduced copy to stay fast.
    """
    small = np.asarray(gray.reduce(4))
    ink = Image.fromarray(np.where(small < _otsu(small), 255, 0).astype(np.uint8))
    best, best_score = 0.0, -1.0
    steps = int(round(_MAX_TILT / _TILT_STEP))
    for step in range(-steps, steps + 1):
        angle = step * _TILT_STEP
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        profile = np.asarray(turned, dtype=np.float64).sum(axis=1)
        score = float(np.var(profile))
        # Ties (blank pages) keep the page as it is.
        if score > best_score * (1 + 1e-9) or (score == best_score and abs(angle) < abs(best)):
            best, best_score = angle, score
    return best


def _otsu(pixels: np.ndarray) -> int:
    """The grey level splitting ink from paper (Otsu's between-class variance)."""
    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * levels)
    spread = weight * (total - weight)
    # Levels with all pixels on one side split nothing (and would divide by zero).
    safe = np.where(spread > 0, spread, 1.0)
    between = np.where(spread > 0, (mass[-1] * weight / total - mass) ** 2 / safe, 0.0)
    return int(np.argmax(between)) + 1


def _rules(ink: np.ndarray) -> np.ndarray:
    """Pixels of thin horizontal and vertical ruling lines."""
    horizontal = _runs(ink, _RULE_MIN_RUN, axis=1)
    horizontal &= ~_runs(horizontal, _RULE_MAX_THICKNESS + 1, axis=0)
    vertical = _runs(ink, _RULE_MIN_RUN, axis=0)
    vertical &= ~_runs(vertical, _RULE_MAX_THICKNESS + 1, axis=1)
    return horizontal | vertical


def _runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels lying in a straight run of at least length set pixels along axis."""
    data = mask if axis == 1 else mask.T
    n = data.shape[1]
    if n < length:
        return np.zeros_like(mask)
    padded = np.zeros((data.shape[0], n + 1), dtype=np.int32)
    np.cumsum(data, axis=1, out=padded[:, 1:])
    window = padded[:, length:] - padded[:, :-length]
    full = window == length  # a full run starts at each True, shape (rows, n - length + 1)
    # Spread each run start over the length pixels it covers.
    starts = np.zeros((data.shape[0], n + 1), dtype=np.int32)
    starts[:, : n - length + 1] += full
    starts[:, length : n + 1] -= full
    covered = np.cumsum(starts, axis=1)[:, :n] > 0
    return covered if axis == 1 else covered.T


def _langs() -> str:
    available = set(pytesseract.get_languages(config=""))
    wanted = [lang for lang in OCR_LANGS.split("+") if lang in available]
    return "+".join(wanted) or "eng"
