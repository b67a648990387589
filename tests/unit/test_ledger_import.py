"""Loading an imported ledger CSV: rows checked one by one, nothing guessed."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest

from core.anomalies import ledger_import


def _load(text: str) -> tuple[duckdb.DuckDBPyConnection, str, list[ledger_import.RowError]]:
    parsed = ledger_import.read_csv(text.encode("utf-8"))
    con = duckdb.connect()
    loaded = ledger_import.load(con, parsed, ledger_import.guess_mapping(parsed.headers))
    return con, loaded.table, loaded.errors


def test_iso_date_times_count_by_their_date_and_anything_else_is_refused_by_row() -> None:
    con, table, errors = _load(
        "vendor,invoice_number,invoice_date,total_amount,currency\n"
        "Acme,1,2025-01-07,10.00,EUR\n"
        "Acme,2,2025-01-08T23:30:00+01:00,11.00,EUR\n"
        "Acme,3,2025-01-09 08:15,12.00,EUR\n"
        "Acme,4,09.01.2025,13.00,EUR\n"
        "Acme,5,2025-02-30T10:00,14.00,EUR\n"
        "Acme,6,2025-01-10,(15.00),EUR\n"
        "Acme,7,2025-01-09T25:99,16.00,EUR\n"
        "Acme,8,9999-12-31,17.00,EUR\n"
        "Acme,9,0000-01-01,18.00,EUR\n"
    )
    dates = dict(con.execute(f"SELECT id, invoice_date FROM {table} ORDER BY id").fetchall())
    assert dates == {1: date(2025, 1, 7), 2: date(2025, 1, 8), 3: date(2025, 1, 9)}
    assert [(e.row, e.problem) for e in errors] == [
        (4, "invoice_date '09.01.2025' is not an ISO date (YYYY-MM-DD)"),
        (5, "invoice_date '2025-02-30T10:00' is not an ISO date (YYYY-MM-DD)"),
        (6, "total_amount '(15.00)' is not a plain amount such as 1234.56"),
        (7, "invoice_date '2025-01-09T25:99' is not an ISO date (YYYY-MM-DD)"),
        (8, "invoice_date '9999-12-31' is outside the years 1900-2999"),
        (9, "invoice_date '0000-01-01' is outside the years 1900-2999"),
    ]


def test_amounts_with_more_decimals_than_cents_round_to_the_cent() -> None:
    con, table, errors = _load(
        "vendor,invoice_number,invoice_date,total_amount,tax_amount\n"
        "Acme,1,2025-01-07,1190.0000000000002,190.00\n"  # a float written unrounded
        'Acme,2,2025-01-07,"1,234.565",0.30000000000000004\n'
        "Acme,3,2025-01-07,1e3,\n"
        "Acme,4,2025-01-07,12.5,\n"
        "Acme,5,2025-01-07,0000000000000000012.50,\n"
        'Acme,6,2025-01-07,"0,500",\n'
    )
    amounts = con.execute(f"SELECT id, total_amount, tax_amount FROM {table} ORDER BY id")
    assert amounts.fetchall() == [
        (1, Decimal("1190.00"), Decimal("190.00")),
        (2, Decimal("1234.57"), Decimal("0.30")),
        (4, Decimal("12.50"), None),
        (5, Decimal("12.50"), None),
    ]
    assert [(e.row, e.problem) for e in errors] == [
        (3, "total_amount '1e3' is not a plain amount such as 1234.56"),
        (6, "total_amount '0,500' is not a plain amount such as 1234.56"),
    ]


def test_the_main_currency_is_the_one_most_rows_carry() -> None:
    con, table, _ = _load(
        "vendor,invoice_number,invoice_date,total_amount,currency\n"
        "A,1,2025-01-07,1.00,usd\nA,2,2025-01-07,1.00,USD\nB,1,2025-01-07,1.00,EUR\n"
        "C,1,2025-01-07,1.00,\n"
    )
    assert ledger_import.main_currency(con, table) == "USD"
    con, table, _ = _load("vendor,invoice_number,invoice_date,total_amount\nA,1,2025-01-07,1\n")
    assert ledger_import.main_currency(con, table) is None


def test_excel_encodings_are_read_and_a_binary_file_is_refused_as_a_whole() -> None:
    text = "vendor,invoice_number,invoice_date,total_amount\nMüller GmbH,1,2025-01-07,9.50\n"
    for data, encoding in [
        (text.encode("utf-8"), "UTF-8"),
        ("\ufeff".encode() + text.encode("utf-8"), "UTF-8"),
        (text.encode("cp1252"), "Windows-1252"),  # Excel's "CSV" in Western Europe
        (text.encode("utf-16"), "UTF-16"),  # Excel's "Unicode text", with its byte-order mark
    ]:
        parsed = ledger_import.read_csv(data)
        assert (parsed.encoding, parsed.headers[0], parsed.table["c0"][0].as_py()) == (
            encoding,
            "vendor",
            "Müller GmbH",
        )
    for data, problem in [
        (b"\x00\x01PK\x03\x04 binary", "binary data, not a text file"),
        ("vendor,amount\n".encode("utf-16-le"), "UTF-16 text without its byte"),
        ("поставщик,сумма\n".encode("utf-16-be"), "UTF-16 text without its byte"),
        ("vendor,amount\n".encode("utf-32"), "UTF-32 or binary data"),
        (b"", "empty file, no header row"),
        (b"\xff\xfe\x00\xd8", "not UTF-16 text after its byte-order mark"),
    ]:
        with pytest.raises(ledger_import.LedgerImportError, match=re.escape(problem)):
            ledger_import.read_csv(data)


def test_recorded_at_is_checked_like_the_invoice_date() -> None:
    con, table, errors = _load(
        "vendor,invoice_number,invoice_date,total_amount,recorded_at\n"
        'Acme,1,2025-01-07,10.00,"2025-01-08t10:00:00,5z"\n'
        "Acme,2,2025-01-07,10.00,10000-01-01\n"
        "Acme,3,2025-01-07,10.00,infinity\n"
        "Acme,4,2025-01-07,10.00,2025-01-09\n"
        "Acme,5,2025-01-07,10.00,2025-01-10 10:00:00 UTC\n"
        "Acme,6,2025-01-07,10.00,2025-01-10 11:00:00 +01:00\n"
    )
    recorded = dict(con.execute(f"SELECT id, recorded_at FROM {table} ORDER BY id").fetchall())
    assert recorded == {
        1: datetime(2025, 1, 8, 10, 0, 0, 500000),
        4: datetime(2025, 1, 9),
        5: datetime(2025, 1, 10, 10),  # the time as written, its zone left aside
        6: datetime(2025, 1, 10, 11),
    }
    assert [(e.row, e.problem) for e in errors] == [
        (2, "recorded_at '10000-01-01' is not an ISO date or timestamp"),
        (3, "recorded_at 'infinity' is not an ISO date or timestamp"),
    ]


def test_a_file_written_with_a_decimal_comma_is_read_so_and_a_mixed_one_is_not() -> None:
    # a German export: semicolons, thousands points, decimal commas in every amount column
    con, table, errors = _load(
        "vendor;invoice_number;invoice_date;total_amount;net_amount\n"
        "Müller GmbH;1;2025-01-07;1.234,56;1.037,45\n"
        "Müller GmbH;2;2025-01-08;-80,00;-67,23\n"
        "Müller GmbH;3;2025-01-09;12.000;10.084,03\n"
        "Müller GmbH;4;2025-01-10;1.2345,00;\n"
        "Müller GmbH;5;2025-01-11;1234.567;\n"  # no form of this file's: refused, not dotted
    )
    amounts = con.execute(f"SELECT id, total_amount, net_amount FROM {table} ORDER BY id")
    assert amounts.fetchall() == [
        (1, Decimal("1234.56"), Decimal("1037.45")),
        (2, Decimal("-80.00"), Decimal("-67.23")),
        (3, Decimal("12000.00"), Decimal("10084.03")),
    ]
    assert [(e.row, e.problem) for e in errors] == [
        (4, "total_amount '1.2345,00' is not a plain amount such as 1234,56"),
        (5, "total_amount '1234.567' is not a plain amount such as 1234,56"),
    ]
    # a French export groups thousands with spaces, no-break ones included
    con, table, errors = _load(
        "vendor;invoice_number;invoice_date;total_amount\n"
        "Dupont SA;1;2025-01-07;1 234,56\nDupont SA;2;2025-01-08;12\u202f000,00\n"
    )
    amounts = con.execute(f"SELECT total_amount FROM {table} ORDER BY id").fetchall()
    assert (amounts, errors) == ([(Decimal("1234.56"),), (Decimal("12000.00"),)], [])
    # one file, one convention: where a decimal point or a thousands comma shows too, a
    # decimal comma is refused
    for other, value in (("425.56", Decimal("425.56")), ('"1,234"', Decimal("1234.00"))):
        con, table, errors = _load(
            "vendor,invoice_number,invoice_date,total_amount\n"
            f'Acme,1,2025-01-07,"425,56"\nAcme,2,2025-01-08,{other}\n'
        )
        amounts = con.execute(f"SELECT id, total_amount FROM {table} ORDER BY id").fetchall()
        assert amounts == [(2, value)]
        assert [(e.row, e.problem) for e in errors] == [
            (1, "total_amount '425,56' is not a plain amount such as 1234.56"),
        ]


def test_excels_sep_line_names_the_delimiter_and_a_mapped_header_twice_is_refused() -> None:
    for first, d in (("sep=;", ";"), ('"sep=;"', ";"), ("SEP=\t", "\t"), ("sep=|", "|")):
        body = d.join(["vendor", "invoice_number", "invoice_date", "total_amount"]) + "\r\n"
        body += d.join(["Acme", "1", "2025-01-07", "9,50"]) + "\r\n"
        parsed = ledger_import.read_csv(f"{first}\r\n{body}".encode())
        assert parsed.headers == ["vendor", "invoice_number", "invoice_date", "total_amount"]
        assert parsed.table.to_pylist() == [
            {"row": 1, "c0": "Acme", "c1": "1", "c2": "2025-01-07", "c3": "9,50"}
        ]
    with pytest.raises(ledger_import.LedgerImportError, match="names total_amount more than"):
        _load("vendor,invoice_number,invoice_date,total_amount,total_amount\nA,1,2025-01-07,1,2\n")
    # a repeated column nobody maps is no ambiguity
    con, table, errors = _load(
        "vendor,invoice_number,invoice_date,total_amount,memo,memo\nA,1,2025-01-07,1,x,y\n"
    )
    assert errors == []
    assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,)


def test_an_amount_that_reads_two_ways_is_refused_when_no_amount_shows_the_decimal_mark() -> None:
    rows = "A;1;2025-01-07;12.000\nA;2;2025-01-08;1.234\nA;3;2025-01-09;900\n"
    con, table, errors = _load("vendor;invoice_number;invoice_date;total_amount\n" + rows)
    assert con.execute(f"SELECT id, total_amount FROM {table}").fetchall() == [
        (3, Decimal("900.00"))
    ]
    assert [e.row for e in errors] == [1, 2]
    assert "'12.000' reads two ways" in errors[0].problem
    # one amount with cents after a point settles it: the file is dotted
    con, table, errors = _load(
        "vendor;invoice_number;invoice_date;total_amount\n" + rows + "A;4;2025-01-10;1.50\n"
    )
    amounts = con.execute(f"SELECT total_amount FROM {table} ORDER BY id").fetchall()
    assert (amounts, errors) == ([(Decimal("12.00"),), (Decimal("1.23"),), (Decimal("900.00"),),
                                  (Decimal("1.50"),)], [])  # fmt: skip


def test_a_field_too_long_to_read_refuses_the_file_naming_its_row() -> None:
    # a pasted blob over the csv module's limit, quoted over several lines: where the next row
    # starts cannot be known, so no row after it is guessed at
    blob = "9" * 200_000
    for field in (blob, f'"{blob}\nline two\nAcme,fake,2025-01-01,5.00\nend"'):
        text = (
            "vendor,invoice_number,invoice_date,total_amount\n"
            f"Acme,1,2025-01-07,10.00\nAcme,2,2025-01-08,{field}\nAcme,3,2025-01-09,12.00\n"
        )
        with pytest.raises(ledger_import.LedgerImportError, match=r"^row 2 is unreadable"):
            ledger_import.read_csv(text.encode())


def test_rows_keep_their_numbers_across_read_chunks_around_malformed_and_blank_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # rows move into Arrow a chunk at a time: two here, so every boundary case is crossed
    monkeypatch.setattr(ledger_import, "READ_CHUNK", 2)
    con, table, errors = _load(
        "vendor,invoice_number,invoice_date,total_amount\n"
        "Acme,1,2025-01-07,10.00\n"
        "Acme,2,2025-01-08\n"  # a field short
        "Acme,3,2025-01-09, 12.50 \n"
        "\n"
        "Acme,4,2025-01-10,13.00\n"
        "Acme,5,2025-01-11,\n"  # an empty amount is no amount
        "Acme,6,2025-01-12,1.234,50\n"  # a field too many
        " Beta ,7,2025-01-13,15.00\n"
    )
    loaded = con.execute(
        f"SELECT id, vendor, invoice_number, total_amount FROM {table} ORDER BY id"
    ).fetchall()
    assert loaded == [
        (1, "Acme", "1", Decimal("10.00")),
        (3, "Acme", "3", Decimal("12.50")),
        (4, "Acme", "4", Decimal("13.00")),
        (7, "Beta", "7", Decimal("15.00")),
    ]
    assert [(e.row, e.problem) for e in errors] == [
        (2, "expected 4 fields, found 3"),
        (5, "total_amount is empty"),
        (6, "expected 4 fields, found 5"),
    ]
    assert ledger_import.read_csv(b"vendor,invoice_number\nA,1\nB\n\nC,3\n").rows == 3


HEADER = "vendor,invoice_number,invoice_date,total_amount"


def test_a_quote_left_open_refuses_the_file_naming_the_row_it_opens_in() -> None:
    # the open quote swallows every row after it into one field: rows 3 and 4 (two invoices
    # just below the limit) would be lost without a word
    text = (
        f'{HEADER},account\nAcme,1,2025-01-07,100.00,6000\nAcme,2,2025-01-08,110.00,"6000\n'
        "Acme,3,2025-01-09,9999.00,6000\nAcme,4,2025-01-09,9999.00,6000\n"
    )
    with pytest.raises(ledger_import.LedgerImportError, match=r"^row 2 opens a quoted field"):
        ledger_import.read_csv(text.encode())
    with pytest.raises(ledger_import.LedgerImportError, match=r"^the header opens a quoted"):
        ledger_import.read_csv(b'vendor,"invoice_number,invoice_date,total_amount\nA,1,x,1\n')
    # a quoted field closed on a later line, at the very end of the file, is whole
    parsed = ledger_import.read_csv(f'{HEADER}\nAcme,1,2025-01-07,"10.00\n"'.encode())
    assert parsed.table["c3"].to_pylist() == ["10.00"]


def test_blank_lines_before_the_header_are_skipped_and_a_file_of_them_is_empty() -> None:
    parsed = ledger_import.read_csv(f"\r\n  \n\n{HEADER}\nAcme,1,2025-01-07,1.00\n".encode())
    assert parsed.headers == HEADER.split(",")
    assert parsed.table["row"].to_pylist() == [1]
    for blank in (b"\n\n", b"  \r\n \t\n", b"\r\r", b"sep=;\r\n"):
        with pytest.raises(ledger_import.LedgerImportError, match="empty file, no header row"):
            ledger_import.read_csv(blank)
    # lines ended by carriage returns alone, Excel's sep line among them
    parsed = ledger_import.read_csv(
        f"sep=;\r{HEADER.replace(',', ';')}\rA;1;2025-01-07;1,50\r".encode()
    )
    assert parsed.headers == HEADER.split(",")
    assert parsed.table["c3"].to_pylist() == ["1,50"]


def test_a_row_pasted_in_from_another_encoding_is_refused_alone_in_a_utf8_file() -> None:
    data = (
        f"{HEADER}\nMüller GmbH,1,2025-01-07,9.50\nMüller GmbH,2,2025-01-08,9.60\n".encode()
        + "Müller GmbH,3,2025-01-09,9.70\n".encode("cp1252")
        + "Müller GmbH,4,2025-01-10,9.80\n".encode()
    )
    parsed = ledger_import.read_csv(data)
    # not the whole file read as Windows-1252, every other name garbled as MÃ¼ller GmbH
    assert parsed.encoding == "UTF-8"
    assert parsed.table["c0"].to_pylist() == ["Müller GmbH"] * 3
    assert parsed.table["row"].to_pylist() == [1, 2, 4]
    assert [(e.row, e.problem) for e in parsed.errors] == [
        (3, "not UTF-8 text like the rest of the file (byte 0xFC)")
    ]


def test_headers_that_read_as_one_fields_name_are_left_to_the_user() -> None:
    headers = [*HEADER.split(","), "Total Amount", "Account", "account", "Memo", "memo"]
    mapping = ledger_import.guess_mapping(headers)
    assert (mapping["vendor"], mapping["total_amount"], mapping["account"]) == (
        "vendor",
        None,
        None,
    )
    assert ledger_import.alike_headers(headers) == [
        ["total_amount", "Total Amount"],
        ["Account", "account"],
    ]


def test_the_decimal_mark_most_amounts_show_is_the_files_and_a_stray_one_is_refused() -> None:
    rows = "".join(f"Müller GmbH;{k};2025-01-{k + 10};1.2{k}4,56\n" for k in range(5))
    con, table, errors = _load(
        "vendor;invoice_number;invoice_date;total_amount\n"
        + rows
        + "Müller GmbH;9;2025-01-20;1.5\n"
    )
    totals = con.execute(f"SELECT total_amount FROM {table} ORDER BY id").fetchall()
    assert totals == [(Decimal(f"12{k}4.56"),) for k in range(5)]
    assert [(e.row, e.problem) for e in errors] == [
        (6, "total_amount '1.5' is not a plain amount such as 1234,56")
    ]


def test_a_malformed_value_is_quoted_short_and_on_one_line() -> None:
    _, _, errors = _load(
        f'{HEADER}\nAcme,1,2025-01-07,{"9" * 120_000}\nAcme,2,"2025-01-08\nx",1.00\n'
    )
    assert [(e.row, e.problem) for e in errors] == [
        (1, f"total_amount '{'9' * 37}...' is not a plain amount such as 1234.56"),
        (2, "invoice_date '2025-01-08 x' is not an ISO date (YYYY-MM-DD)"),
    ]


def test_a_nul_byte_in_one_cell_refuses_that_row_alone_and_binary_data_the_file() -> None:
    data = f"{HEADER}\nAcme,1,2025-01-07,1.00\nAc\x00me,2,2025-01-08,2.00\nAcme,3,2025-01-09,3.00\n"
    parsed = ledger_import.read_csv(data.encode())
    assert parsed.table["row"].to_pylist() == [1, 3]
    assert [(e.row, e.problem) for e in parsed.errors] == [
        (2, "holds a NUL character, a byte of binary data, not text")
    ]
    # a NUL in the header, other control bytes, or NULs by the dozen: no table at all
    for binary in (
        f"vendor\x00,invoice_number\n{data}",
        data + "\x01\x02\n",
        data + "x\x00" * 12,
    ):
        with pytest.raises(ledger_import.LedgerImportError, match="binary data, not a text"):
            ledger_import.read_csv(binary.encode())


def _read_both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object, bool]:
    """read_csv's result (or refusal) with Arrow reading regular files, and with the csv module
    reading every file row by row; and whether Arrow read this one."""
    arrow = ledger_import._read_regular
    read_by_arrow = []

    def outcome() -> object:
        try:
            parsed = ledger_import.read_csv(data)
        except ledger_import.LedgerImportError as exc:
            return str(exc)
        return parsed.headers, parsed.table.to_pydict(), parsed.rows, parsed.errors

    with monkeypatch.context() as patched:
        patched.setattr(
            ledger_import,
            "_read_regular",
            lambda *args: read_by_arrow.append(arrow(*args)) or read_by_arrow[-1],
        )
        fast = outcome()
        patched.setattr(ledger_import, "_read_regular", lambda *_: None)
        slow = outcome()
    return fast, slow, any(r is not None for r in read_by_arrow)


AWKWARD = [
    f'{HEADER}\n"Acme, Inc.",1,2025-01-07,"1,234.50"\n',  # delimiters inside quotes
    f'{HEADER}\r\n"Say ""hi""",1,2025-01-07,1.00\r\n',  # doubled quotes
    f'{HEADER}\n"two\nlines",1,2025-01-07,1.00\n"cr\ronly",2,2025-01-08,2.00',
    f"{HEADER}\n\xa0Acme\u2028,\x1c1\x85, 2025-01-07 ,\t1.00\t\n",  # what str.strip strips
    f"{HEADER}\n,,,\n  ,\t, ,\n",  # empty and blank fields are null
    f'{HEADER}\nAc"me,1,2025-01-07,1.00\n',  # a stray quote inside a field
    f'{HEADER}\n"Acme"s,1,2025-01-07,1.00\n',  # text after a closing quote
    f'{HEADER}\n "Acme",1,2025-01-07,1.00\n',  # a quote after a space
    f'{HEADER}\nAcme,1,2025-01-07,"1.00\n',  # a quote left open
    f"{HEADER}\nAcme,1,2025-01-07\nAcme,2,2025-01-08,2.00,x\n",  # rows too short, too long
    f"{HEADER}\n\n\r\nAcme,1,2025-01-07,1.00\n\n",  # blank lines
    f"sep=;\n{HEADER.replace(',', ';')}\nAcme;1;2025-01-07;1,00\n",
    f"sep=\u00a7\n{HEADER.replace(',', '§')}\nAcme§1§2025-01-07§1,00\n",  # a delimiter beyond ASCII
    f"sep=;\n\n{HEADER}\n",  # a blank line where the header should be
    f"{HEADER}\n007,0042,2025-01-07,1e3\n",  # numbers kept as written
    '"vendor","invoice_number",invoice_date,"total_amount"\n"A",1,2025-01-07,"1"\n',
    f"{HEADER}\n" + "x" * 200_000 + ",1,2025-01-07,1.00\n",  # a field over the csv limit
    HEADER,  # a header alone
    "\ufeff\ufeffvendor,amount\nAcme,1\n",  # a byte-order mark the decoder leaves
    "\n\ufeffvendor,amount\nAcme,1\n",
    "sep= \nvendor amount\nAcme 1\n",  # delimiters that are letters of the end marker
    "sep=e\nxey\n1e2\n",
    "vendor\nAcme\n\x1e\x1eend of file\x1e\x1e\nBeta\n",  # a row that reads like the marker
]


def test_arrow_and_the_csv_module_read_every_awkward_text_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import random

    texts = list(AWKWARD)
    pieces = ["a", "b", "1", " ", "\xa0", "é", '"', '""', ",", ";", "\n", "\r", "\r\n", "\t"]
    rng = random.Random(5)
    for _ in range(600):  # rows of quoted and bare fields, mostly regular, some not
        delimiter, width = rng.choice(",;\t|"), rng.randint(1, 4)
        rows = []
        for _ in range(rng.randint(1, 5)):
            cells = []
            for _ in range(width if rng.random() < 0.9 else rng.randint(1, 5)):
                cell = "".join(rng.choice(pieces[: 6 if rng.random() < 0.7 else None])
                               for _ in range(rng.randint(0, 5)))  # fmt: skip
                cells.append('"' + cell.replace('"', '""') + '"' if rng.random() < 0.4 else cell)
            rows.append(delimiter.join(cells))
        texts.append(rng.choice(["\n", "\r\n", "\r"]).join(rows) + rng.choice(["", "\n"]))
    regular = 0
    for text in texts:
        fast, slow, by_arrow = _read_both_ways(text.encode(), monkeypatch)
        assert fast == slow, text
        regular += by_arrow
    assert regular > 200  # the comparison covered Arrow's reading, not only its refusals


def test_arrow_reads_regular_files_and_leaves_irregular_ones_to_the_csv_module() -> None:
    def read(text: str) -> bool:
        return ledger_import._read_regular(text, ",", "UTF-8") is not None

    assert read(AWKWARD[0]) and read(AWKWARD[1]) and read(AWKWARD[2]) and read(AWKWARD[3])
    for irregular in [*AWKWARD[5:10], AWKWARD[16], AWKWARD[18]]:
        assert not read(irregular), irregular
    # the csv module reads a space delimiter and a row like its end marker in full too
    assert ledger_import.read_csv(AWKWARD[20].encode()).table["c1"].to_pylist() == ["1"]
    marked = ledger_import.read_csv(AWKWARD[22].encode())
    assert marked.table["c0"].to_pylist() == ["Acme", "end of file", "Beta"]
    # Arrow strips what str.strip strips, every character of Unicode tried at both ends
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    ends = pa.chunked_array([pa.array([f"{c}x{c}" for c in chars])])
    stripped = ledger_import._stripped(ends).to_pylist()
    assert stripped == [f"{c}x{c}".strip() for c in chars]
    assert ledger_import._stripped(
        pa.chunked_array([pa.array([" \u3000\x1c", "a"])])
    ).to_pylist() == [None, "a"]
