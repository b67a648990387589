"""Bytes in, Document out: the file's real type is sniffed, limits enforced, errors explained."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from core.config import LIMITS
from core.documents.einvoice import read_einvoice
from core.documents.model import Document
from core.documents.pdf import read_pdf
from core.documents.sheets import read_csv, read_xlsx
from core.errors import DocumentError

SUPPORTED_EXTENSIONS = (".pdf", ".xlsx", ".csv", ".xml")


def sniff_kind(data: bytes, filename: str) -> str:
    """The file's real kind from its bytes; the name only breaks ties (CSV vs other text)."""
    ext = PurePath(filename).suffix.lower()
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"<"):
        return "xml"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(
            filename, "an old binary Office file (.xls/.doc); save it as .xlsx or PDF first"
        )
    if ext == ".pdf":
        raise DocumentError(filename, f"named .pdf but is not a PDF ({_looks_like(data)})")
    if ext == ".xlsx":
        raise DocumentError(
            filename, f"named .xlsx but is not an Excel workbook ({_looks_like(data)})"
        )
    if ext in (".csv", ".txt", ".tsv"):
        return "csv"
    raise DocumentError(
        filename,
        f"unsupported file type '{ext or 'no extension'}'; LedgerLoop reads PDF, XLSX, CSV and "
        "e-invoice XML",
    )


def _looks_like(data: bytes) -> str:
    sample = data[:512]
    if not sample.strip():
        return "it holds only white space"
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in sample)
    return "it looks like plain text" if printable > 0.9 * len(sample) else "unknown binary content"


def load_document(data: bytes, filename: str, password: str | None = None) -> Document:
    """Read a file's bytes; raises DocumentError naming the file and the problem."""
    name = PurePath(filename).name or "unnamed file"
    if not data:
        raise DocumentError(name, "the file is empty (0 bytes)")
    if len(data) > LIMITS.max_file_bytes:
        raise DocumentError(
            name,
            f"the file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{LIMITS.max_file_bytes // 1_048_576} MB",
        )
    kind = sniff_kind(data, name)
    sha = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        pages, xml, xml_name, notes = read_pdf(data, name, password)
        if xml is not None:
            try:
                read_einvoice(xml, f"{name} (attachment {xml_name})")
            except DocumentError as exc:
                # The printed pages stay readable; only the attachment is set aside.
                notes = (*notes, f"embedded XML ignored: {exc}")
                xml, xml_name = None, None
        return Document(name, sha, kind, len(data), pages, (), xml, xml_name, notes)
    if kind == "xlsx":
        notes = ()
        if b"vbaProject.bin" in data:
            notes = ("the workbook holds macros (VBA); they are ignored and never run",)
        return Document(name, sha, kind, len(data), sheets=read_xlsx(data, name), notes=notes)
    if kind == "csv":
        return Document(name, sha, kind, len(data), sheets=read_csv(data, name))
    read_einvoice(data, name)
    return Document(name, sha, kind, len(data), embedded_xml=data, embedded_xml_name=name)
