"""A document as the extractors see it: text lines with their positions, sheets, embedded XML."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Segment:
    """A run of text on one line, with its box in points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    # The words a merged run is made of, with their own boxes (empty: the run is one word).
    words: tuple[Segment, ...] = field(default=(), compare=False, repr=False)

    def split_words(self) -> tuple[Segment, ...]:
        """The words of this run with their boxes; itself when it is a single word."""
        return self.words or (self,)


@dataclass(frozen=True)
class Line:
    """Segments sharing a baseline, left to right."""

    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "  ".join(s.text for s in self.segments)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    ocr: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Document:
    """Bytes read once. kind is one of pdf, xlsx, csv, xml."""

    filename: str
    sha256: str
    kind: str
    size_bytes: int
    pages: tuple[Page, ...] = ()
    sheets: tuple[tuple[tuple[object, ...], ...], ...] = ()
    embedded_xml: bytes | None = None
    embedded_xml_name: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages) or (1 if self.sheets or self.embedded_xml else 0)
