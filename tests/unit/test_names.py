"""Vendor keys: one vendor across invoices, the same key in Python and in DuckDB."""

from __future__ import annotations

import unicodedata

import duckdb
import pyarrow as pa

from core import names

TRICKY = [
    "Müller & Söhne GmbH",
    "Mu\u0308ller & So\u0308hne GmbH",  # the same name decomposed (NFD, as macOS writes it)
    "ACME  Corp.",
    "acme corp",
    "Großhandel Süd",
    "İstanbul Tekstil",
    "ΟΔΟΣ ΑΕ",
    "Οδος ΑΕ",
    "ООО Ромашка 1",
    "ООО Василёк 1",
    "Ромашка i\u0307x",
    "深圳市腾讯 Co., Ltd.",
    "北京百度 Co., Ltd.",
    "कमल",
    "कोमल",
    "ＮＴＴ Ｄａｔａ",
    "Abʰcd 1",
    "ªb Ltd",
    "",
    None,
]


def _sql_keys(column_values: list[str | None], sql: str) -> list[str]:
    con = duckdb.connect()
    table = pa.table({"i": range(len(column_values)), "name": pa.array(column_values, pa.string())})
    con.register("t", table)
    return [k for (k,) in con.execute(f"SELECT {sql} FROM t ORDER BY i").fetchall()]


def test_python_and_duckdb_give_every_name_the_same_key() -> None:
    assert _sql_keys(TRICKY, names.key_sql("name")) == [names.key(n) for n in TRICKY]


def test_they_agree_on_every_letter_digit_mark_symbol_and_separator_to_plane_three() -> None:
    # characters this Python's Unicode tables know (newer letters DuckDB may know: see names)
    chars = [
        chr(c)
        for c in range(0x20, 0x40000)
        if unicodedata.category(chr(c))[0] in "LNMPSZ" and chr(c) != "'"
    ]
    sample = [f"Ab{ch}cd 1" for ch in chars] + [f"Ромашка {ch}x" for ch in chars] + chars
    assert _sql_keys(sample, names.key_sql("name")) == [names.key(n) for n in sample]


def test_one_vendor_however_written_and_other_vendors_apart() -> None:
    key = names.key
    nfd = "Mu\u0308ller & So\u0308hne GmbH"  # decomposed, as macOS writes it
    assert key("Müller & Söhne GmbH") == key(nfd) == "müllersöhnegmbh"
    assert key("ACME  Corp.") == key("acme corp") == "acmecorp"
    assert key("Müller GmbH") != key("Möller GmbH")  # every letter counts, accented or not
    assert key("ΟΔΟΣ ΑΕ") == key("Οδος ΑΕ")  # Σ at a word's end lowers to ς in Python only
    assert key("ООО Ромашка 1") != key("ООО Василёк 1")  # not merged on their Latin digits
    assert key("深圳市腾讯 Co., Ltd.") != key("北京百度 Co., Ltd.")
    assert key("कमल") != key("कोमल")  # vowel signs are combining marks, and they count
    assert key("ＮＴＴ Corp.") != key("ＳＯＮＹ Corp.") and key("ÅÄÖ AB") != key("ÆØÅ AB")


def test_a_scan_keeps_accented_latin_vendors_apart() -> None:
    scan = _sql_keys(["Müller GmbH", "Möller GmbH", "MÜLLER GMBH", "Mu\u0308ller GmbH"],
                     names.scan_key_sql("name"))  # fmt: skip
    assert scan == ["müller gmbh", "möller gmbh", "müller gmbh", "müller gmbh"]
