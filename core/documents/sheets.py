"""Spreadsheets: XLSX through openpyxl (bounded), CSV with its delimiter and encoding detected."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from core import textfile
from core.config import LIMITS
from core.errors import DocumentError

Row = tuple[object, ...]
Sheet = tuple[Row, ...]


def read_xlsx(data: bytes, filename: str) -> tuple[Sheet, ...]:
    """Every sheet's non-empty rows, refusing zip bombs and huge sheets before they load."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DocumentError(filename, "not a readable XLSX (the zip container is corrupt)") from exc
    with archive:
        names = archive.namelist()
        if "xl/workbook.xml" not in names:
            raise DocumentError(
                filename, "a zip file, but not an Excel workbook (no xl/workbook.xml)"
            )
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > LIMITS.max_xlsx_uncompressed_bytes:
            raise DocumentError(
                filename,
                f"the workbook unpacks to {unpacked // 1_000_000} MB; the limit is "
                f"{LIMITS.max_xlsx_uncompressed_bytes // 1_000_000} MB (zip bomb?)",
            )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise DocumentError(filename, f"not a readable XLSX ({exc.__class__.__name__})") from exc
    sheets: list[Sheet] = []
    try:
        for worksheet in workbook.worksheets:
            rows: list[Row] = []
            for row in worksheet.iter_rows(values_only=True):
                if len(rows) >= LIMITS.max_sheet_rows:
                    raise DocumentError(
                        filename,
                        f"sheet '{worksheet.title}' has more than {LIMITS.max_sheet_rows} rows",
                    )
                if any(cell not in (None, "") for cell in row):
                    rows.append(tuple(_cell(cell) for cell in row))
            sheets.append(tuple(rows))
    finally:
        workbook.close()
    return tuple(sheets)


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return value


def decode_text(data: bytes, filename: str) -> str:
    """Text in the first encoding that decodes it cleanly."""
    try:
        return textfile.decode_text(data)[0]
    except textfile.UndecodableText as exc:
        raise DocumentError(
            filename, f"the text is in no encoding LedgerLoop reads ({exc})"
        ) from exc


def read_csv(data: bytes, filename: str) -> tuple[Sheet, ...]:
    text = decode_text(data, filename)
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            if len(rows) >= LIMITS.max_csv_rows:
                raise DocumentError(filename, f"the CSV has more than {LIMITS.max_csv_rows} rows")
            if any(cell.strip() for cell in row):
                rows.append(tuple(cell.strip() for cell in row))
    except csv.Error as exc:  # a field over the csv module's limit: no invoice has one
        raise DocumentError(filename, f"line {reader.line_num} is unreadable ({exc})") from exc
    if not rows:
        raise DocumentError(filename, "the CSV holds no rows")
    return (tuple(rows),)
