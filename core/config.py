"""Settings read from the environment, with the embedded defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "ledgerloop.duckdb"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one uploaded file may cost us; anything larger is refused alone."""

    max_file_bytes: int = 25 * 1024 * 1024
    max_pdf_pages: int = 200
    max_xlsx_uncompressed_bytes: int = 100 * 1024 * 1024
    max_sheet_rows: int = 100_000
    max_csv_rows: int = 200_000


def db_path() -> Path:
    """The DuckDB file: ``LEDGERLOOP_DB`` when set, else data/ledgerloop.duckdb."""
    raw = os.environ.get("LEDGERLOOP_DB", "").strip()
    return Path(raw).expanduser() if raw else DEFAULT_DB_PATH


def base_currency() -> str:
    return os.environ.get("LEDGERLOOP_BASE_CURRENCY", "EUR").strip().upper() or "EUR"


LIMITS = Limits()
