"""Turn a text PDF into a "scanned" image-only PDF, to exercise the OCR path.

The page is rasterised at scanner resolution, tilted by less than a degree, blurred a
little and given sensor noise; the result carries no text layer at all.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

SCAN_DPI = 200


def scan_pdf(pdf_bytes: bytes, out_path: Path, rng: random.Random) -> None:
    pages = [_scan_look(image, rng) for image in _rasterise(pdf_bytes)]
    first, *rest = pages
    first.save(out_path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=rest)


def _rasterise(pdf_bytes: bytes) -> list[Image.Image]:
    doc = pdfium.PdfDocument(io.BytesIO(pdf_bytes))
    try:
        return [page.render(scale=SCAN_DPI / 72).to_pil().convert("L") for page in doc]
    finally:
        doc.close()


def _scan_look(image: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.uniform(-0.9, 0.9)
    tilted = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    soft = tilted.filter(ImageFilter.GaussianBlur(radius=0.6))
    # effect_noise is centred on 128; the -128 offset turns it into zero-mean noise.
    noise = Image.effect_noise(soft.size, rng.uniform(8, 16))
    noisy = ImageChops.add(soft, noise, scale=1.0, offset=-128)
    # Scanners lift the paper white slightly and darken ink; mimic with a tone curve.
    return noisy.point(lambda v: min(255, int(v * 0.94 + 12)))
