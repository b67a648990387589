"""Exports of the posted ledger: CSV, XLSX (with real number formats) and a Beancount file.

Every function returns bytes, ready for a download button. Amounts stay Decimal until the
file: CSV prints them exactly, XLSX stores numbers with a two-decimal format, Beancount
writes each posting in its invoice's currency, so its balances equal the trial balance by
currency to the cent.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.config import base_currency
from core.services import accounting
from core.store import Database
from core.store import rates as rates_repo

MONEY_FORMAT = "#,##0.00;-#,##0.00"
RATE_FORMAT = "0.00000000"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_MONEY_COLUMNS = {"debit", "credit", "balance", "base_debit", "base_credit", "owed", "owed_base",
                  "amount"}  # fmt: skip


def journal_csv(db: Database, **filters: Any) -> bytes:
    """The journal, one row per line; filters as accounting.journal takes them."""
    return csv_bytes(accounting.journal(db, **filters))


def trial_balance_csv(db: Database, as_of: date | None = None) -> bytes:
    return csv_bytes(accounting.trial_balance(db, as_of))


# Text a spreadsheet takes for a formula when a CSV is opened or cells are pasted: starting
# with one of these (after any blanks), or with a tab or carriage return. "=HYPERLINK(...)"
# as a vendor name read off a hostile invoice would run.
FORMULA_STARTS = ("=", "+", "-", "@")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a CSV file for a spreadsheet: Decimal prints exactly ('1190.00'), dates in
    ISO form, UTF-8 with a BOM for Excel, and its text made inert (see inert)."""
    return inert(frame).to_csv(index=False).encode("utf-8-sig")


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text that would start a formula prefixed with an apostrophe, which
    spreadsheets show as text; numbers, negative ones included, are left alone. For files and
    for tables on screen alike, whose own download and copy escape nothing."""
    text = frame.select_dtypes(include=["object", "string", "category"]).columns
    return frame.assign(**{column: frame[column].map(_inert_text) for column in text})


def _inert_text(value: Any) -> Any:
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return value  # '-50.00' written as text is a number to a spreadsheet, and harmless
    if value.startswith(("\t", "\r")) or value.lstrip().startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?")


def ledger_xlsx(db: Database, **filters: Any) -> bytes:
    """A workbook: journal, trial balance (base and by currency), payables, spend by month."""
    sheets = {
        "Journal": accounting.journal(db, **filters),
        "Trial balance": accounting.trial_balance(db),
        "Trial balance by currency": accounting.trial_balance_by_currency(db),
        "AP by vendor": accounting.ap_by_vendor(db),
        "Spend by month": accounting.spend_by_account_month(db),
    }
    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        _write_sheet(book.create_sheet(title), frame)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(sheet: Any, frame: pd.DataFrame) -> None:
    columns = list(frame.columns)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            # openpyxl stores text starting with '=' as a formula: invoice text is data
            if cell.data_type == "f":
                cell.data_type = "s"
    for i, name in enumerate(columns, start=1):
        fmt = _format_of(name)
        letter = get_column_letter(i)
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
        width = max([len(str(name))] + [len(str(v)) for v in frame[name].head(200)])
        sheet.column_dimensions[letter].width = min(60, width + 2)
    sheet.freeze_panes = "A2"


def _format_of(column: str) -> str | None:
    if column in _MONEY_COLUMNS:
        return MONEY_FORMAT
    if column == "fx_rate":
        return RATE_FORMAT
    if column in ("date",):
        return DATE_FORMAT
    if column.endswith("_at"):
        return DATETIME_FORMAT
    return None


def _cell(value: Any) -> Any:
    if value is None or (not isinstance(value, str | Decimal) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        # control characters (a vertical tab read off a document) have no place in XLSX text
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


# ---------------------------------------------------------------- Beancount


def beancount_text(db: Database) -> str:
    """The posted ledger as a Beancount file: open directives, rates as prices, transactions."""
    base = base_currency()
    lines_df = accounting.journal(db, status="posted")
    out = [
        "; LedgerLoop export: posted entries, each in its invoice currency",
        'option "title" "LedgerLoop ledger"',
        f'option "operating_currency" "{base}"',
        "",
    ]
    if lines_df.empty:
        return "\n".join(out) + "\n"
    first_use = lines_df.groupby("account")["date"].min()
    for account, day in sorted(first_use.items()):
        out.append(f"{_day(day)} open {account}")
    out.append("")
    used = set(lines_df["currency"]) - {base}
    rates = rates_repo.load(db.cursor(), base)
    for currency in sorted(used):
        for valid_from, rate in rates.rates.get(currency, []):
            out.append(f"{_day(valid_from)} price {currency} {rate.normalize():f} {base}")
    if used:
        out.append("")
    for _, entry in lines_df.groupby("entry", sort=False):
        head = entry.iloc[0]
        out.append(
            f'{_day(head["date"])} * "{_string(head["vendor"] or "")}" '
            f'"{_string(head["description"])}"'
        )
        out.append(f'  invoice: "{int(head["invoice_id"])}"')
        out.append(f'  entry: "{int(head["entry"])}"')
        if head["invoice_number"]:
            out.append(f'  number: "{_string(head["invoice_number"])}"')
        for line in entry.itertuples(index=False):
            amount = Decimal(line.debit) - Decimal(line.credit)
            out.append(f"  {line.account}  {amount:f} {line.currency}")
        out.append("")
    return "\n".join(out)


def beancount_file(db: Database) -> bytes:
    return beancount_text(db).encode("utf-8")


def _day(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat()


def _string(text: str) -> str:
    """Beancount strings: no double quotes, backslashes or line breaks inside."""
    return " ".join(str(text).replace('"', "'").replace("\\", "/").split())
