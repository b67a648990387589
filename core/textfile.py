"""Decoding a text file (CSV) written by another program: one rule for every reader."""

from __future__ import annotations

# Tried in order: UTF-8 (with or without its BOM), then Windows-1252, which Excel on Windows
# writes for "CSV" in Western Europe and the Americas, then Latin-1. UTF-16 is read only
# behind its byte-order mark (Excel's "Unicode text").
_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"))


class UndecodableText(ValueError):
    """Not text in any encoding we read (most likely a binary file)."""


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UndecodableText(
                f"not UTF-16 text after its byte-order mark ({exc.reason})"
            ) from exc
    for codec, name in _ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, name
    if data[1:200:2].count(0) > 40 or data[0:200:2].count(0) > 40:  # every other byte empty
        raise UndecodableText("UTF-16 text without its byte-order mark; save it as UTF-8")
    raise UndecodableText("binary data, not a text file")
