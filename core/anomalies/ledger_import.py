"""Importing a ledger or invoice list (CSV) to screen it: mapping its columns onto ours, and
checking every row. A malformed row is reported with its row number and skipped, never
guessed: amounts must be plain numbers (1234.56, -80.00, or 1,234.56 with a decimal point;
more decimals are rounded to the cent), dates ISO 8601 (2024-03-05, or a date-time such as
2024-03-05T14:30:00, whose date counts). A file whose amounts mostly carry a decimal comma
(1.234,56 or 1 234,56, as German and French exports write them) is read that way throughout,
an amount with a decimal point in it refused: the file says so."""

from __future__ import annotations

import csv
import functools
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from core import names, textfile
from core.anomalies.source import identifier
from core.errors import LedgerLoopError

REQUIRED = ("vendor", "invoice_number", "invoice_date", "total_amount")
OPTIONAL = (
    "currency",
    "net_amount",
    "tax_amount",
    "account",
    "iban",
    "uploaded_by",
    "approved_by",
    "recorded_at",
)
FIELDS = REQUIRED + OPTIONAL
AMOUNTS = ("total_amount", "net_amount", "tax_amount")

# Header spellings seen in exports from other systems, normalised (lower case, letters only).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "vendor": (
        "vendor",
        "vendorname",
        "supplier",
        "suppliername",
        "creditor",
        "payee",
        "issuer",
        "lieferant",
        "kreditor",
        "fournisseur",
        "name",
    ),
    "invoice_number": (
        "invoicenumber",
        "invoiceno",
        "invoicenr",
        "invoice",
        "invoiceid",
        "number",
        "docnumber",
        "documentnumber",
        "reference",
        "ref",
        "rechnungsnummer",
        "belegnummer",
        "numero",
    ),
    "invoice_date": (
        "invoicedate",
        "date",
        "issuedate",
        "documentdate",
        "docdate",
        "rechnungsdatum",
        "belegdatum",
        "datum",
    ),
    "total_amount": (
        "totalamount",
        "total",
        "amount",
        "gross",
        "grossamount",
        "amountgross",
        "invoiceamount",
        "betrag",
        "brutto",
        "bruttobetrag",
        "montant",
    ),
    "currency": ("currency", "ccy", "currencycode", "wahrung", "waehrung", "devise"),
    "net_amount": ("netamount", "net", "netto", "nettobetrag", "amountnet"),
    "tax_amount": ("taxamount", "tax", "vat", "vatamount", "mwst", "ust", "steuer"),
    "account": (
        "account",
        "glaccount",
        "expenseaccount",
        "accountcode",
        "konto",
        "sachkonto",
        "compte",
    ),
    "iban": ("iban", "bankaccount", "vendoriban"),
    "uploaded_by": ("uploadedby", "enteredby", "createdby", "postedby", "clerk", "erfasser"),
    "approved_by": ("approvedby", "approver", "releasedby", "freigabe", "genehmigtvon"),
    "recorded_at": ("recordedat", "postingdate", "entrydate", "bookingdate", "buchungsdatum"),
}

SHOWN = 40  # characters of a malformed value a message quotes
YEARS = (1900, 2999)  # an invoice dated outside them is a typo (0202, 9999), not a date
# The amount a file's decimal mark allows: (pattern, thousands separators dropped, example).
# More decimals than cents (a float written unrounded, 1190.0000000000002) round to the cent;
# a thousands separator needs a first group without leading zeros (0,500 is no amount).
_GROUPS = ". \u00a0\u202f"  # after a decimal comma: points, spaces, no-break spaces
_AMOUNT_FORMS = {
    ".": (r"^-?(0*\d{1,15}|[1-9]\d{0,2}(,\d{3}){1,4})(\.\d{1,20})?$", ",", "1234.56"),
    ",": (rf"^-?(0*\d{{1,15}}|[1-9]\d{{0,2}}([{_GROUPS}]\d{{3}}){{1,4}})(,\d{{1,20}})?$", _GROUPS,
          "1234,56"),
}  # fmt: skip
_AMOUNT_FORMS["?"] = _AMOUNT_FORMS["."]  # no mark shown: read dotted, its two-way amounts refused
# What a value shows of its file's decimal mark: one or two digits after the last comma or
# point, or a comma between groups of three (1,234: a thousands comma)
_DECIMAL_COMMA = rf"-?[\d{_GROUPS}]*\d,\d{{1,2}}"
_DECIMAL_POINT = r"-?[\d,]*\d\.\d{1,2}"
_THOUSANDS_COMMA = r"-?[1-9]\d{0,2}(,\d{3})+(\.\d*)?"
# 12.000: twelve, or twelve thousand written the German way? Only another amount can tell.
_DOTTED_GROUPS = r"^-?[1-9]\d{0,2}(\.\d{3})+$"
_SEP_LINE = re.compile(r'(?i)"?sep=(.)"?')
_LINE_END = re.compile(r"\r\n|\r|\n")
_BLANK_LINES = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))*")
# ASCII (a private-use character would widen a large text to two bytes a character), between
# record separators, which no export writes
_END = "\x1e\x1eend of file\x1e\x1e"
# An ISO 8601 date, or a date-time (an export's timestamp column): its date as written counts
_DATE_RE = (
    r"^\d{4}-\d{2}-\d{2}"
    r"([Tt ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d([.,]\d+)?)?"
    # its zone, left aside: Z, an offset, or UTC / GMT as databases write them
    r"( ?([Zz]|UTC|GMT|[+-]([01]\d|2[0-3])(:?[0-5]\d)?))?)?$"
)


class LedgerImportError(LedgerLoopError):
    """The file as a whole cannot be imported (not text, no header, required column missing)."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row (the header is not counted)
    problem: str


@dataclass(frozen=True)
class LoadedLedger:
    table: str  # a temp table with the canonical columns, one row per good data row
    errors: list[RowError]  # the malformed rows, in order
    decimal_mark: str  # how the file writes its amounts: '.', ',', or '?' (it does not show)


@dataclass(frozen=True)
class ParsedCsv:
    headers: list[str]
    # the well-formed data rows: "row" (the 1-based data row) and one string column per
    # header, "c0", "c1", ..., each value stripped, an empty one null. Arrow, not Python lists:
    # a million rows' fields as Python strings would hold four times the memory for the scan.
    table: pa.Table
    rows: int  # data rows read, malformed ones included
    errors: list[RowError]  # rows with the wrong number of fields
    encoding: str = "UTF-8"


READ_CHUNK = 65_536  # rows gathered as Python strings before they move into Arrow


def read_csv(data: bytes) -> ParsedCsv:
    """Split a CSV (comma, semicolon, tab or pipe) into header and data rows.

    Excel's 'sep=;' first line names the delimiter and is no header. Messages do not name the
    file: the caller, who knows it, does."""
    try:
        text, encoding, damaged = textfile.decode_table(data)
    except textfile.UndecodableText as exc:
        raise LedgerImportError(str(exc)) from exc
    text = text[_BLANK_LINES.match(text).end() :]  # type: ignore[union-attr]
    first, rest = _first_line(text)
    named = _SEP_LINE.fullmatch(first)
    if named:
        text = rest
        delimiter = named.group(1)
    else:
        delimiter = max([",", ";", "\t", "|"], key=first.count)
    # blank lines alone, or Excel's sep line with nothing after it (isspace, not strip: no
    # copy of a large file)
    if not text or text.isspace():
        raise LedgerImportError("empty file, no header row")
    if not damaged and (fast := _read_regular(text, delimiter, encoding)) is not None:
        return fast
    # A quote left open runs to the end of the file, swallowing every row after it into one
    # field: the end marker, read as a row of its own only where every quote was closed, shows
    # whether it did
    text += "\n" + _END
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    del text
    headers = [h.strip() for h in next(reader)]
    width = len(headers)
    chunks: list[pa.RecordBatch] = []
    numbers: list[int] = []
    values: list[list[str | None]] = [[] for _ in headers]
    errors: list[RowError] = []
    number = 0

    def take(record: list[str]) -> None:
        nonlocal number, numbers, values
        number += 1
        if len(record) != width:
            errors.append(RowError(number, f"expected {width} fields, found {len(record)}"))
            return
        if damaged and (problem := _damage("".join(record))):
            errors.append(RowError(number, problem))
            return
        numbers.append(number)
        for column, value in zip(values, record, strict=True):
            column.append(value.strip() or None)
        if len(numbers) == READ_CHUNK:
            chunks.append(_batch(numbers, values))
            numbers, values = [], [[] for _ in headers]

    # the end marker as read: split where the delimiter is one of its characters (sep= ), and
    # a row only if another row follows it (a row that reads like it is data)
    marker: list[str] | None = None
    while True:
        try:
            record = next(reader)
        except StopIteration:
            if marker is not None:
                break
            where = f"row {number}" if number else "the header"
            raise LedgerImportError(
                f"{where} opens a quoted field that is never closed, so where the rows after "
                "it begin is not known; the file is not screened"
            ) from None
        except csv.Error as exc:
            # a field over the csv module's limit: where the next row starts is not known (the
            # field may run over lines), so nothing after it is read as rows, and so no row is
            # guessed
            raise LedgerImportError(
                f"row {number + 1} is unreadable ({exc}); the file is not screened"
            ) from exc
        if not record:  # blank lines are not data rows (as csv.DictReader counts them)
            continue
        if marker is not None:
            take(marker)
            marker = None
        if delimiter.join(record) == _END:
            marker = record
        else:
            take(record)
    chunks.append(_batch(numbers, values))
    return ParsedCsv(headers, pa.Table.from_batches(chunks), number, errors, encoding)


def _read_regular(text: str, delimiter: str, encoding: str) -> ParsedCsv | None:
    """The rows of a regular file, read by Arrow's CSV reader (a million rows in one second
    where the csv module's loop takes five), or None where the file is not regular and the csv
    module reads it, row by row, to say what is wrong where. Regular: every row as wide as the
    header, no field over the csv module's limit, and every quote a quoted field's own, its
    closing quote ending the field. Only there do the two readers split a text alike (the csv
    module reads a stray quote inside a field as a character; Arrow may not), which
    test_ledger_import checks on a corpus of awkward texts."""
    first, _ = _first_line(text)  # no header is wider than its delimiters allow
    # Arrow drops a byte-order mark the decoder left (a second one), which the csv module keeps
    if not first or not delimiter.isascii() or delimiter in '"\r\n' or text[0] == "\ufeff":
        return None
    if '"' in text and '"' in _quoted_field(delimiter).sub("", text):
        return None
    wrong_width = False

    def refuse(_row: object) -> str:
        nonlocal wrong_width
        wrong_width = True
        return "skip"

    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(autogenerate_column_names=True, use_threads=False),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                ignore_empty_lines=True,
                invalid_row_handler=refuse,
            ),
            convert_options=pa_csv.ConvertOptions(
                # every column text as written (never 007 read as the number 7); Arrow names
                # the columns f0, f1, ...
                column_types={f"f{i}": pa.string() for i in range(first.count(delimiter) + 1)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if (
        wrong_width
        or table.num_rows == 0
        or table.schema.types != [pa.string()] * len(table.schema)
    ):
        return None
    limit = csv.field_size_limit()
    if any((pc.max(pc.utf8_length(column)).as_py() or 0) > limit for column in table.columns):
        return None
    headers = [str(column[0].as_py()).strip() for column in table.columns]
    rows = table.num_rows - 1
    data = pa.table(
        [
            pa.array(range(1, rows + 1), pa.int64()),
            *(_stripped(column.slice(1)) for column in table.columns),
        ],
        names=_column_names(table.num_columns),
    )
    return ParsedCsv(headers, data, rows, [], encoding)


@functools.cache
def _quoted_field(delimiter: str) -> re.Pattern[str]:
    """A quoted field as the csv module and Arrow both read it: opening a field, its quotes
    doubled, and its closing quote ending it (at a delimiter, a line end or the end)."""
    d = re.escape(delimiter)
    return re.compile(rf'(?<![^{d}\r\n])"[^"]*(?:""[^"]*)*"(?=[{d}\r\n]|\Z)')


def _stripped(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column's values stripped as str.strip strips them, an empty one null."""
    stripped = pc.utf8_trim_whitespace(column)  # the characters str.strip strips, tested
    return pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)


def _first_line(text: str) -> tuple[str, str]:
    """A text's first line, and the text after its line end."""
    end = _LINE_END.search(text)
    return (text[: end.start()], text[end.end() :]) if end else (text, "")


def _column_names(width: int) -> list[str]:
    """ParsedCsv.table's columns: the data row's number, then each header's values."""
    return ["row", *(f"c{i}" for i in range(width))]


def _damage(row: str) -> str | None:
    """What is wrong with a row's text that the rest of its file has not got, if anything."""
    if textfile.NUL in row:
        return "holds a NUL character, a byte of binary data, not text"
    if byte := textfile.STRAY.search(row):
        return f"not UTF-8 text like the rest of the file (byte 0x{ord(byte.group()) - 0xDC00:02X})"
    return None


def _batch(numbers: list[int], values: list[list[str | None]]) -> pa.RecordBatch:
    return pa.record_batch(
        [pa.array(numbers, pa.int64()), *(pa.array(v, pa.string()) for v in values)],
        names=_column_names(len(values)),
    )


def _norm(header: str) -> str:
    table = str.maketrans("äöüß", "aous")
    return re.sub(r"[^a-z]", "", header.lower().translate(table))


def _spellings(headers: list[str]) -> dict[str, list[str]]:
    """Each normalised name -> the file's distinct headers that read as it (a header written
    twice over is one spelling: load refuses it, naming it)."""
    spellings: dict[str, list[str]] = {}
    for h in dict.fromkeys(headers):
        spellings.setdefault(_norm(h), []).append(h)
    return spellings


def guess_mapping(headers: list[str]) -> dict[str, str | None]:
    """Our field -> the file's header that most likely holds it (None when nothing fits, or
    when two headers read alike: see alike_headers)."""
    normalised = _spellings(headers)
    mapping: dict[str, str | None] = {}
    used: set[str] = set()
    for field in FIELDS:
        mapping[field] = None
        for synonym in SYNONYMS[field]:
            found = normalised.get(synonym, [])
            if len(found) > 1:  # 'Total' and 'total ': which one is meant is not guessed
                break
            if found and found[0] not in used:
                mapping[field] = found[0]
                used.add(found[0])
                break
    return mapping


def alike_headers(headers: list[str]) -> list[list[str]]:
    """Headers that read as one field's name ('Total Amount' and 'total_amount'), each group
    left unmapped by guess_mapping."""
    names = {synonym for synonyms in SYNONYMS.values() for synonym in synonyms}
    return [
        group for name, group in _spellings(headers).items() if name in names and len(group) > 1
    ]


def missing_required(mapping: dict[str, str | None]) -> list[str]:
    return [f for f in REQUIRED if not mapping.get(f)]


def load(
    cur: duckdb.DuckDBPyConnection, parsed: ParsedCsv, mapping: dict[str, str | None]
) -> LoadedLedger:
    """Check every row and load the good ones into a temp table with the canonical columns;
    the malformed rows come back each with all its problems."""
    absent = missing_required(mapping)
    if absent:
        raise LedgerImportError("no column mapped to " + ", ".join(absent))
    unknown = [h for h in mapping.values() if h and h not in parsed.headers]
    if unknown:
        raise LedgerImportError("mapped columns not in the file: " + ", ".join(unknown))
    twice = sorted({h for h in mapping.values() if h and parsed.headers.count(h) > 1})
    if twice:
        raise LedgerImportError(
            "the header names " + ", ".join(twice) + " more than once: which column is meant "
            "is not guessed"
        )
    index = {h: i for i, h in enumerate(parsed.headers)}
    data = parsed.table
    raw_table = pa.table(
        {
            "row": data.column("row"),
            **{
                field: data.column(f"c{index[header]}")
                if (header := mapping.get(field))
                else pa.nulls(data.num_rows, pa.string())
                for field in FIELDS
            },
        }
    )
    raw = f"anomaly_raw_{uuid.uuid4().hex[:10]}"
    cur.register(raw, raw_table)
    name = f"anomaly_import_{uuid.uuid4().hex[:10]}"
    try:
        mark = decimal_mark(cur, raw)
        problems = _problems_sql(mark)
        cur.execute(
            f"CREATE TEMP TABLE {name}_checked AS SELECT *, {problems} AS problems"
            f" FROM {identifier(raw)}"
        )
        bad = cur.execute(
            f"SELECT CAST(row AS BIGINT), problems FROM {name}_checked"
            " WHERE len(problems) > 0 ORDER BY CAST(row AS BIGINT)"
        ).fetchall()
        cur.execute(
            f"""
            CREATE TEMP TABLE {name} AS
            SELECT CAST(row AS BIGINT) AS id, CAST(row AS BIGINT) AS seq, vendor, invoice_number,
                   CAST(left(invoice_date, 10) AS DATE) AS invoice_date,
                   upper(currency) AS currency,
                   {_amount("net_amount", mark)} AS net_amount,
                   {_amount("tax_amount", mark)} AS tax_amount,
                   {_amount("total_amount", mark)} AS total_amount, account, iban, uploaded_by,
                   approved_by, CAST({_local_time("recorded_at")} AS TIMESTAMP) AS recorded_at
            FROM {name}_checked WHERE len(problems) = 0
            """
        )
    finally:
        cur.execute(f"DROP TABLE IF EXISTS {name}_checked")
        cur.unregister(raw)
    errors = [*parsed.errors, *(RowError(int(r), "; ".join(p)) for r, p in bad)]
    errors.sort(key=lambda e: e.row)
    return LoadedLedger(name, errors, mark)


def decimal_mark(cur: duckdb.DuckDBPyConnection, raw: str) -> str:
    """',' when more of the registered rows' amounts show a decimal comma (425,56) than a
    decimal point (425.56) or a thousands comma (1,234), else '.': one file, one convention,
    the one its amounts show, and every amount is then held to it (a stray 1.5 among German
    amounts is refused, not the German ones). '?' when no amount shows either and some read
    both ways (12.000): those are refused, the rest read as '.'."""
    comma, dotted, two_ways = cur.execute(
        f"""
        SELECT count(*) FILTER (WHERE regexp_full_match(a, ?)),
               count(*) FILTER (WHERE regexp_full_match(a, ?) OR regexp_full_match(a, ?)),
               count(*) FILTER (WHERE regexp_full_match(a, ?))
        FROM (SELECT unnest([{", ".join(AMOUNTS)}]) AS a FROM {identifier(raw)})
        WHERE a IS NOT NULL
        """,
        [_DECIMAL_COMMA, _DECIMAL_POINT, _THOUSANDS_COMMA, _DOTTED_GROUPS],
    ).fetchone()
    if comma > dotted:
        return ","
    if not comma and not dotted and two_ways:
        return "?"
    return "."


def main_currency(cur: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The currency most of a loaded ledger's rows carry (None when no row names one): an
    exported ledger is kept in its owner's currency, whatever ours is."""
    row = cur.execute(
        f"SELECT currency FROM {identifier(table)} WHERE currency IS NOT NULL"
        " GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1"
    ).fetchone()
    return str(row[0]) if row else None


def counts(cur: duckdb.DuckDBPyConnection, table: str, base: str) -> tuple[int, int]:
    """A loaded ledger's rows, and those in the base currency (or naming none)."""
    total, in_base = cur.execute(
        f"SELECT count(*), count(*) FILTER (WHERE currency IS NULL OR upper(currency) = ?)"
        f" FROM {identifier(table)}",
        [base],
    ).fetchone()
    return int(total), int(in_base)


def rows_by_id(
    cur: duckdb.DuckDBPyConnection, table: str, ids: list[int]
) -> dict[int, tuple[str, str, date, Decimal, str | None]]:
    """Some rows of a loaded ledger by data row: vendor, number, date, total, currency."""
    rows = cur.execute(
        f"SELECT id, vendor, invoice_number, invoice_date, total_amount, currency"
        f" FROM {identifier(table)} WHERE id IN (SELECT unnest(?::BIGINT[]))",
        [ids],
    ).fetchall()
    return {int(row[0]): tuple(row[1:]) for row in rows}


def rows_by_vendor(
    cur: duckdb.DuckDBPyConnection, table: str, vendors: list[str]
) -> dict[str, list[int]]:
    """Each vendor's data rows in a loaded ledger, its name read as the scan reads it."""
    rows = cur.execute(
        f"SELECT s.vendor, list(t.id ORDER BY t.id) FROM {identifier(table)} t"
        " JOIN (SELECT unnest(?::VARCHAR[]) AS vendor) s"
        f" ON {names.scan_key_sql('t.vendor')} = {names.scan_key_sql('s.vendor')}"
        " GROUP BY s.vendor",
        [vendors],
    ).fetchall()
    return {vendor: list(ids) for vendor, ids in rows}


def as_arrow(cur: duckdb.DuckDBPyConnection, table: str) -> pa.Table:
    """A loaded ledger's rows, to keep."""
    return cur.sql(f"SELECT * FROM {identifier(table)}").to_arrow_table()


def _date_problem(field: str, cast: str, form: str) -> str:
    """SQL: what is wrong with a non-empty ISO date (or date-time) field, else NULL."""
    return (
        f"CASE WHEN NOT regexp_matches({field}, '{_DATE_RE}') OR TRY_CAST({cast}) IS NULL"
        f" THEN '{field} ''' || {_shown(field)} || ''' is not an ISO date {form}'"
        f" WHEN NOT left({field}, 4) BETWEEN '{YEARS[0]}' AND '{YEARS[1]}'"
        f" THEN '{field} ''' || {_shown(field)} || ''' is outside the years"
        f" {YEARS[0]}-{YEARS[1]}' END"
    )


def _shown(field: str) -> str:
    """SQL: a field's value as a message quotes it, on one line and at most SHOWN characters
    (a whole file swallowed by one cell is not echoed back)."""
    flat = f"regexp_replace({field}, '[[:cntrl:]]', ' ', 'g')"
    return (
        f"CASE WHEN length({field}) > {SHOWN} THEN left({flat}, {SHOWN - 3}) || '...'"
        f" ELSE {flat} END"
    )


def _local_time(field: str) -> str:
    """SQL for an ISO date-time as written, its zone left aside (as for invoice_date)."""
    return (
        f"replace(regexp_extract(upper(replace({field}, ',', '.')), "
        "'^[0-9-]{10}([T ][0-9:.]+)?', 0), 'T', ' ')"
    )


def _amount(field: str, mark: str) -> str:
    """SQL: a checked amount in the file's form as a decimal, rounded to the cent."""
    plain = f"regexp_replace({field}, '[{_AMOUNT_FORMS[mark][1]}]', '', 'g')"
    if mark == ",":
        plain = f"replace({plain}, ',', '.')"
    return f"CAST(CAST({plain} AS DECIMAL(38, 20)) AS DECIMAL(18, 2))"


def _problems_sql(mark: str) -> str:
    """A SQL list expression: every problem of a row, in words (amounts in the file's form)."""
    form, _, example = _AMOUNT_FORMS[mark]
    checks = [
        "CASE WHEN vendor IS NULL THEN 'vendor is empty' END",
        "CASE WHEN invoice_number IS NULL THEN 'invoice_number is empty' END",
        "CASE WHEN invoice_date IS NULL THEN 'invoice_date is empty' ELSE "
        + _date_problem("invoice_date", "left(invoice_date, 10) AS DATE", "(YYYY-MM-DD)")
        + " END",
        "CASE WHEN recorded_at IS NOT NULL THEN "
        + _date_problem("recorded_at", f"{_local_time('recorded_at')} AS TIMESTAMP", "or timestamp")
        + " END",
        "CASE WHEN currency IS NOT NULL AND NOT regexp_matches(currency, '^[A-Za-z]{3}$')"
        f" THEN 'currency ''' || {_shown('currency')} || ''' is not a 3-letter ISO code' END",
        "CASE WHEN total_amount IS NULL THEN 'total_amount is empty' END",
    ]
    for field in AMOUNTS:
        if mark == "?":
            checks.append(
                f"CASE WHEN regexp_matches({field}, '{_DOTTED_GROUPS}') THEN '{field} ''' || "
                f"{_shown(field)} || ''' reads two ways (a decimal point, or a German thousands"
                " point), and no amount in the file shows which' END"
            )
        checks.append(
            f"CASE WHEN {field} IS NOT NULL AND NOT regexp_matches({field}, '{form}')"
            f" THEN '{field} ''' || {_shown(field)} || ''' is not a plain amount such as"
            f" {example}' END"
        )
    return "list_filter([" + ", ".join(checks) + "], lambda x: x IS NOT NULL)"
