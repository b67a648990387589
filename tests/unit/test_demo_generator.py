"""Demo invoice generator: real files on disk, exact ground truth, valid ids, seeded anomalies."""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from stdnum import iban as std_iban
from stdnum.ch import vat as ch_vat
from stdnum.de import vat as de_vat
from stdnum.es import nif as es_nif
from stdnum.fr import tva as fr_tva
from stdnum.gb import vat as gb_vat
from stdnum.nl import btw as nl_btw
from stdnum.us import ein as us_ein

from core.demo.generator import GeneratedDoc, generate_corpus
from core.demo.pdf_layouts import LAYOUTS, render_pdf
from core.demo.vendors import VENDORS, VENDORS_BY_KEY, Invoice, Line

TAX_ID_VALIDATORS = {
    "DE": de_vat.is_valid,
    "GB": gb_vat.is_valid,
    "FR": fr_tva.is_valid,
    "NL": nl_btw.is_valid,
    "ES": es_nif.is_valid,
    "CH": ch_vat.is_valid,
    "US": us_ein.is_valid,
}


def dec(value: float) -> Decimal:
    return Decimal(str(value))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def normalise(text: str) -> str:
    # PDF text extraction may keep no-break spaces or collapse runs of blanks.
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[GeneratedDoc]:
    out = tmp_path_factory.mktemp("demo_corpus")
    return generate_corpus(out, 200, seed=7)


@pytest.fixture(scope="module")
def by_name(corpus: list[GeneratedDoc]) -> dict[str, GeneratedDoc]:
    return {doc.path.stem: doc for doc in corpus}


# ----------------------------------------------------------------------------- layout


def test_corpus_size_layout_on_disk_and_order(corpus: list[GeneratedDoc]) -> None:
    assert len(corpus) == 200
    names = [doc.path.stem for doc in corpus]
    assert len(set(names)) == len(names)
    for doc in corpus:
        fmt = doc.truth["format"]
        assert doc.path.parent.name == fmt and doc.path.suffix == f".{fmt}"
        assert doc.path.is_file() and doc.path.stat().st_size > 0
        assert doc.truth_path.parent.name == "gt"
        assert doc.truth_path.stem == doc.path.stem
        assert re.fullmatch(r"[A-Za-z0-9_-]+", doc.path.stem)
        assert json.loads(doc.truth_path.read_text(encoding="utf-8")) == [doc.truth]
    dates = [doc.truth["date"] for doc in corpus]
    assert dates == sorted(dates)


def test_corpus_covers_layouts_locales_vendors_and_formats(corpus: list[GeneratedDoc]) -> None:
    pdf_layouts = {d.truth["layout"] for d in corpus if d.truth["format"] == "pdf"}
    assert len(pdf_layouts) >= 4 and pdf_layouts <= set(LAYOUTS)
    assert len({d.truth["locale"] for d in corpus}) >= 3
    assert len({d.truth["vendor_key"] for d in corpus}) >= 12
    assert {d.truth["format"] for d in corpus} == {"pdf", "xlsx"}
    assert len(VENDORS) >= 14


# ----------------------------------------------------------------------------- amounts


def test_truth_arithmetic_is_exact(corpus: list[GeneratedDoc]) -> None:
    for doc in corpus:
        t = doc.truth
        lines = t["lines"]
        assert t["n_lines"] == len(lines) > 0
        by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
        for line in lines:
            amount = dec(line["price_subtotal"])
            assert amount == cents(dec(line["qty"]) * dec(line["unit_price"])), line
            by_rate[dec(line["tax_rate"])] += amount
        net, tax, total = dec(t["amount_untaxed"]), dec(t["amount_tax"]), dec(t["amount"])
        assert net == sum(by_rate.values())
        assert tax == sum(cents(base * rate / 100) for rate, base in by_rate.items())
        assert net + tax == total
        assert total > 0 and t["doc_type"] in ("380", "381")
        for value in (net, tax, total):
            assert value == cents(value)


def test_truth_fields(corpus: list[GeneratedDoc]) -> None:
    for doc in corpus:
        t = doc.truth
        vendor = VENDORS_BY_KEY[t["vendor_key"]]
        assert t["issuer"] == vendor.name
        assert t["currency"] == vendor.currency and re.fullmatch(r"[A-Z]{3}", t["currency"])
        assert date.fromisoformat(t["date_due"]) >= date.fromisoformat(t["date"])
        assert date(2026, 1, 5) <= date.fromisoformat(t["date"]) <= date(2026, 10, 30)
        assert "LedgerLoop Demo Buyer" in t["buyer"] and t["buyer"] != t["issuer"]
        assert isinstance(t["scanned"], bool) and t["scanned"] is False


# ----------------------------------------------------------------------------- ids


def test_vendor_tax_ids_and_ibans_are_valid() -> None:
    for vendor in VENDORS:
        assert TAX_ID_VALIDATORS[vendor.country](vendor.vat_id), vendor.vat_id
        if vendor.country != "US":
            assert std_iban.is_valid(vendor.iban), vendor.iban
            assert vendor.iban.startswith(vendor.country)
        else:
            assert vendor.iban == "" or std_iban.is_valid(vendor.iban)


def test_truth_ids_are_compact_and_valid(corpus: list[GeneratedDoc]) -> None:
    for doc in corpus:
        t = doc.truth
        country = VENDORS_BY_KEY[t["vendor_key"]].country
        assert TAX_ID_VALIDATORS[country](t["issuer_vat_id"])
        assert " " not in t["issuer_vat_id"] and " " not in t["iban"]
        assert t["iban"] == "" or std_iban.is_valid(t["iban"])


# ----------------------------------------------------------------------------- anomalies


def test_seeded_anomalies_are_present_and_consistent(corpus: list[GeneratedDoc]) -> None:
    tagged = defaultdict(list)
    for doc in corpus:
        for tag in doc.truth["anomalies"]:
            tagged[tag].append(doc.truth)
    for tag in ("duplicate", "outlier", "round_amount", "weekend"):
        assert 4 <= len(tagged[tag]) <= 16, (tag, len(tagged[tag]))
    for t in tagged["weekend"]:
        assert date.fromisoformat(t["date"]).weekday() >= 5
    for t in tagged["round_amount"]:
        assert dec(t["amount"]) % 100 == 0
    for doc in corpus:
        if "weekend" not in doc.truth["anomalies"]:
            assert date.fromisoformat(doc.truth["date"]).weekday() < 5


def test_duplicates_point_at_their_original(
    corpus: list[GeneratedDoc], by_name: dict[str, GeneratedDoc]
) -> None:
    dups = [d.truth for d in corpus if "duplicate" in d.truth["anomalies"]]
    kinds = {t["duplicate_kind"] for t in dups}
    assert {"exact", "near_number", "near_date"} <= kinds
    for t in dups:
        original = by_name[t["duplicate_of"]].truth
        assert original["duplicate_of"] is None
        assert (original["vendor_key"], original["amount"]) == (t["vendor_key"], t["amount"])
        gap = abs(date.fromisoformat(t["date"]) - date.fromisoformat(original["date"])).days
        if t["duplicate_kind"] == "exact":
            assert t["invoice_number"] == original["invoice_number"]
            assert t["date"] == original["date"] and t["lines"] == original["lines"]
        elif t["duplicate_kind"] == "near_number":
            assert t["invoice_number"] != original["invoice_number"]
            assert t["invoice_number"].startswith(original["invoice_number"])
        else:
            assert t["invoice_number"] == original["invoice_number"] and 1 <= gap <= 3
    for doc in corpus:
        if "duplicate" not in doc.truth["anomalies"]:
            assert doc.truth["duplicate_of"] is None


def test_outliers_are_far_above_the_vendors_usual(corpus: list[GeneratedDoc]) -> None:
    usual: dict[str, list[Decimal]] = defaultdict(list)
    for doc in corpus:
        t = doc.truth
        if not t["anomalies"] and t["doc_type"] == "380":
            usual[t["vendor_key"]].append(dec(t["amount"]))
    checked = 0
    for doc in corpus:
        t = doc.truth
        if "outlier" in t["anomalies"] and len(usual[t["vendor_key"]]) >= 3:
            assert dec(t["amount"]) > 3 * statistics.median(usual[t["vendor_key"]])
            checked += 1
    assert checked >= 2


def test_credit_notes(corpus: list[GeneratedDoc]) -> None:
    credits = [d.truth for d in corpus if d.truth["doc_type"] == "381"]
    assert 6 <= len(credits) <= 10
    for t in credits:
        assert t["amount"] > 0 and t["reference_invoice"]
        assert "duplicate" not in t["anomalies"]


def test_no_anomalies_when_disabled(tmp_path: Path) -> None:
    docs = generate_corpus(tmp_path, 60, seed=11, anomalies=False)
    for doc in docs:
        assert not {"duplicate", "outlier"} & set(doc.truth["anomalies"])
        assert date.fromisoformat(doc.truth["date"]).weekday() < 5


# ----------------------------------------------------------------------------- files


def test_pdfs_carry_number_and_locale_formatted_total(corpus: list[GeneratedDoc]) -> None:
    pdfs = [d for d in corpus if d.truth["format"] == "pdf"]
    assert len(pdfs) > 100
    for doc in pdfs:
        t = doc.truth
        fmt = VENDORS_BY_KEY[t["vendor_key"]].formatter()
        pdf = pdfium.PdfDocument(doc.path)
        try:
            text = normalise("\n".join(page.get_textpage().get_text_range() for page in pdf))
        finally:
            pdf.close()
        assert t["invoice_number"] in text, doc.path.name
        assert normalise(fmt.amount(dec(t["amount"]))) in text, (doc.path.name, t["amount"])
        assert t["issuer"] in text


def test_locale_number_formats() -> None:
    de = VENDORS_BY_KEY["mueller-buerotechnik"].formatter()
    assert de.amount(Decimal("1234.56")) == "1.234,56" and de.date(date(2026, 3, 5)) == "05.03.2026"
    us = VENDORS_BY_KEY["brightline-office"].formatter()
    assert us.money(Decimal("1234.56")) == "$1,234.56" and us.date(date(2026, 3, 5)) == "03/05/2026"
    gb = VENDORS_BY_KEY["harrow-finch"].formatter()
    assert gb.date(date(2026, 3, 5)) == "5 March 2026"
    ch = VENDORS_BY_KEY["alpenrose-treuhand"].formatter()
    assert ch.money(Decimal("1234.56")) == "CHF 1'234.56"
    fr = VENDORS_BY_KEY["maison-dumont"].formatter()
    assert normalise(fr.money(Decimal("1234.56"))) == "1 234,56 €"
    nl = VENDORS_BY_KEY["vandenberg-kantoor"].formatter()
    assert (
        nl.money(Decimal("1234.56")) == "€ 1.234,56" and nl.date(date(2026, 3, 5)) == "05-03-2026"
    )


def test_xlsx_invoices_open_with_numeric_cells(corpus: list[GeneratedDoc]) -> None:
    sheets = [d for d in corpus if d.truth["format"] == "xlsx"]
    assert sheets
    for doc in sheets:
        ws = openpyxl.load_workbook(doc.path).active
        values = [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]
        assert doc.truth["invoice_number"] in values
        assert doc.truth["amount"] in [v for v in values if isinstance(v, float | int)]
        issued = datetime.fromisoformat(doc.truth["date"])
        assert issued in [v for v in values if isinstance(v, datetime)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_long_invoices_continue_on_a_second_page(tmp_path: Path, layout: str) -> None:
    vendor = VENDORS_BY_KEY["hofmann-catering"]
    items = [vendor.catalogue[i % len(vendor.catalogue)] for i in range(45)]
    lines = tuple(Line(p.name, Decimal(2), p.unit, p.unit_price, p.tax_rate) for p in items)
    inv = Invoice(vendor, "R202600001", date(2026, 3, 2), date(2026, 3, 12), lines)
    path = tmp_path / f"{layout}.pdf"
    render_pdf(inv, path, layout)
    pdf = pdfium.PdfDocument(path)
    try:
        text = normalise(" ".join(page.get_textpage().get_text_range() for page in pdf))
        assert len(pdf) >= 2
    finally:
        pdf.close()
    assert vendor.formatter().amount(inv.total) in text and text.count(lines[-1].name) >= 1


def test_scanned_pdfs_are_image_only(tmp_path: Path) -> None:
    docs = generate_corpus(tmp_path, 4, seed=5, xlsx_share=0.0, scanned_share=1.0)
    for doc in docs:
        assert doc.truth["scanned"] is True
        pdf = pdfium.PdfDocument(doc.path)
        try:
            assert pdf[0].get_textpage().get_text_range().strip() == ""
        finally:
            pdf.close()


# ----------------------------------------------------------------------------- determinism


def test_same_seed_same_truth(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 40, seed=3)
    second = generate_corpus(tmp_path / "b", 40, seed=3)
    assert [d.truth for d in first] == [d.truth for d in second]
    assert [d.path.name for d in first] == [d.path.name for d in second]
    other = generate_corpus(tmp_path / "c", 40, seed=4)
    assert [d.truth for d in other] != [d.truth for d in first]


def test_one_seed_gives_the_same_bytes_on_a_later_run(
    corpus: list[GeneratedDoc], tmp_path: Path
) -> None:
    # a later run must not differ by the wall clock (xlsx member and property dates), or a
    # demo load resumed after an interruption would store every invoice a second time
    import hashlib
    import time

    def digests(docs: list[GeneratedDoc]) -> list[tuple[str, str]]:
        return [(d.path.name, hashlib.sha256(d.path.read_bytes()).hexdigest()) for d in docs]

    time.sleep(1.1)
    assert digests(generate_corpus(tmp_path, len(corpus), seed=7)) == digests(corpus)
    assert any(d.path.suffix == ".xlsx" for d in corpus)
