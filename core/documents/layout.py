"""Turning positioned text runs into reading-order lines."""

from __future__ import annotations

from core.documents.model import Line, Segment


def group_lines(
    segments: list[Segment], gap_merge: float = 1.5, words: bool = False
) -> tuple[Line, ...]:
    """Group segments whose vertical extents overlap into lines, then order them.

    Runs closer than gap_merge points on the same line are joined: PDF writers split words
    into several runs, while label and value columns are far apart. words=True says the
    segments are whole words already, so joined ones are always spaced.
    """
    rows: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (round(s.top), s.x0)):
        if not seg.text.strip():
            continue
        for row in reversed(rows[-8:]):
            ref = row[0]
            height = max(1.0, min(ref.bottom - ref.top, seg.bottom - seg.top))
            overlap = min(ref.bottom, seg.bottom) - max(ref.top, seg.top)
            if overlap >= 0.5 * height:
                row.append(seg)
                break
        else:
            rows.append([seg])
    lines = [
        Line(tuple(_merge_runs(sorted(row, key=lambda s: s.x0), gap_merge, words))) for row in rows
    ]
    return tuple(sorted(lines, key=lambda line: (line.top, line.x0)))


def _merge_runs(row: list[Segment], gap_merge: float, words: bool) -> list[Segment]:
    merged: list[Segment] = []
    spaced_end = False
    for seg in row:
        text = " ".join(seg.text.split())
        if not text:
            continue
        if merged and seg.x0 - merged[-1].x1 <= gap_merge + _space_width(merged[-1]):
            prev = merged[-1]
            tight = not words and seg.x0 - prev.x1 < 0.15 * (prev.bottom - prev.top)
            joiner = "" if tight and not seg.text[:1].isspace() and not spaced_end else " "
            merged[-1] = Segment(
                prev.text + joiner + text,
                prev.x0,
                min(prev.top, seg.top),
                max(prev.x1, seg.x1),
                max(prev.bottom, seg.bottom),
                prev.split_words() + seg.split_words(),
            )
        else:
            merged.append(Segment(text, seg.x0, seg.top, seg.x1, seg.bottom, seg.words))
        spaced_end = seg.text[-1:].isspace()
    return merged


def _space_width(seg: Segment) -> float:
    # Word gaps run up to ~0.5 of the glyph-box height; column gaps are several times that.
    return 0.6 * (seg.bottom - seg.top)
