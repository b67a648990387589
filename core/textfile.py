"""Decoding a text file (CSV) written by another program: one rule for every reader."""

from __future__ import annotations

import codecs
import re

# Tried in order: UTF-8 (with or without its BOM), then Windows-1252, which Excel on Windows
# writes for "CSV" in Western Europe and the Americas, then Latin-1. UTF-16 is read only
# behind its byte-order mark (Excel's "Unicode text").
_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"))


# A character UTF-8 writes in several bytes, as a file in another encoding hardly ever holds
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
STRAY = re.compile("[\udc80-\udcff]")  # a byte UTF-8 cannot read, kept by surrogateescape
NUL = "\x00"
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")
# A few NUL bytes (NUL_FEW, or NUL_SHARE of a large file) in UTF-8 text are a row's damage, not
# a binary file's mark: that has them by the thousand, as UTF-16 text has every other byte
NUL_FEW = 4
NUL_SHARE = 0.001


class UndecodableText(ValueError):
    """Not text in any encoding we read (most likely a binary file)."""


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableText(
                f"not UTF-16 text after its byte-order mark ({exc.reason})"
            ) from exc
        if "\x00" in text:  # UTF-32 shares UTF-16's mark
            raise UndecodableText("UTF-32 or binary data, not a text file; save it as UTF-8")
        return text, "UTF-16"
    for codec, name in _ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, name
    if _looks_like_utf16(data[:4000]):
        raise UndecodableText("UTF-16 text without its byte-order mark; save it as UTF-8")
    raise UndecodableText("binary data, not a text file")


def _looks_like_utf16(sample: bytes) -> bool:
    """Whether a sample decodes as UTF-16 (either byte order) into a printable table."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:  # incremental: a character cut at the sample's end is no decoding error
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        # a table's text: printable, with line breaks and separators
        table = "\n" in text and any(sep in text for sep in ",;\t|")
        if text and table and printable >= 0.95 * len(text):
            return True
    return False


def decode_table(data: bytes) -> tuple[str, str, bool]:
    """decode_text for a table of rows gathered from many sources (a ledger export): a UTF-8
    file with a few rows pasted in from a Windows-1252 one is still UTF-8. Its stray bytes are
    kept as STRAY characters, so that the reader refuses those rows alone rather than read
    every other row wrongly as Windows-1252 (Müller as MÃ¼ller). The file is UTF-8 where its
    multi-byte characters outnumber the bytes UTF-8 cannot read. Likewise a UTF-8 file with a
    stray NUL or two in a cell keeps them, for the reader to refuse those rows alone. The text,
    its encoding's name, and whether it holds such damage."""
    try:
        text, name = decode_text(data)
    except UndecodableText:
        damaged = _utf8_with_nul(data)
        if damaged is None:
            raise  # decode_text's reason stands: binary, UTF-16 without its mark
        return damaged, "UTF-8", True
    if name not in ("Windows-1252", "Latin-1"):
        return text, name, False
    stray = data.decode("utf-8-sig", "surrogateescape")
    if len(_UTF8_MULTIBYTE.findall(data)) > len(STRAY.findall(stray)):
        return stray, "UTF-8", True
    return text, name, False


def _utf8_with_nul(data: bytes) -> str | None:
    """UTF-8 text with a few NUL bytes in it, or None where the NULs mark binary data."""
    if not 0 < data.count(b"\x00") <= max(NUL_FEW, NUL_SHARE * len(data)):
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # binary data shows other control bytes too, and from its first line on
    if NUL in text.split("\n", 1)[0] or _CONTROL.search(text):
        return None
    return text
