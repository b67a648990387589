"""The built-in agents on generated invoices, standalone e-invoice XML, and the real corpus."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.demo.generator import generate_corpus
from core.documents import load_document
from core.extraction import builtin_agents
from core.extraction.select import extract_best
from core.extraction.sheet_reader import iter_sheet_extractions

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
ZUGFERD = SHARED / "zugferd"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list:
    return generate_corpus(tmp_path_factory.mktemp("gen"), 24, seed=5, xlsx_share=0.2)


def test_generated_invoices_are_read_right(corpus: list) -> None:
    right = total = 0
    for item in corpus:
        ex = extract_best(load_document(item.path.read_bytes(), item.path.name))
        truth = item.truth
        checks = [
            ex.invoice_number == truth["invoice_number"],
            ex.issue_date == date.fromisoformat(truth["date"]),
            ex.currency == truth["currency"],
            ex.total_amount == Decimal(str(truth["amount"])).quantize(Decimal("0.01")),
            ex.tax_amount == Decimal(str(truth["amount_tax"])).quantize(Decimal("0.01")),
        ]
        right += sum(checks)
        total += len(checks)
    assert right / total >= 0.95


def test_agents_decline_what_they_cannot_read(corpus: list) -> None:
    pdf = next(i for i in corpus if i.path.suffix == ".pdf")
    doc = load_document(pdf.path.read_bytes(), pdf.path.name)
    reasons = {a.info.name: a.decline_reason(doc) for a in builtin_agents()}
    assert reasons["label-reader"] is None
    assert "no e-invoice XML" in (reasons["einvoice-xml"] or "")
    assert "spreadsheets" in (reasons["sheet-reader"] or "")


def test_confident_fields_are_mostly_right(corpus: list) -> None:
    names = {"invoice_number": "invoice_number", "currency": "currency", "issuer_vat_id":
             "issuer_vat_id"}  # fmt: skip
    confident = right = 0
    for item in corpus:
        ex = extract_best(load_document(item.path.read_bytes(), item.path.name))
        for field, key in names.items():
            if ex.confidence.get(field, 0) >= 0.9:
                confident += 1
                right += _compact(getattr(ex, field)) == _compact(item.truth[key])
    assert confident > 0 and right / confident >= 0.95


def _compact(value: object) -> str:
    """Ids compared without separators or the Swiss 'MWST' suffix."""
    return re.sub(r"[^A-Z0-9]|MWST$", "", str(value).upper()).removesuffix("MWST")


UBL_CREDIT = b"""<?xml version="1.0"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>CN-7</cbc:ID><cbc:IssueDate>2024-03-01</cbc:IssueDate>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AccountingSupplierParty><cac:Party>
  <cac:PartyTaxScheme><cbc:CompanyID>DE123456788</cbc:CompanyID>
   <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  <cac:PartyLegalEntity>
   <cbc:RegistrationName>Seller GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:PaymentMeans><cac:PayeeFinancialAccount><cbc:ID>DE89 3704 0044 0532 0130 00</cbc:ID>
 </cac:PayeeFinancialAccount></cac:PaymentMeans>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount></cac:LegalMonetaryTotal>
 <cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity>2</cbc:CreditedQuantity>
  <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>Widget</cbc:Name></cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="EUR">50.00</cbc:PriceAmount></cac:Price>
 </cac:CreditNoteLine>
</CreditNote>"""


def test_ubl_credit_note_maps_to_the_contract() -> None:
    ex = extract_best(load_document(UBL_CREDIT, "cn.xml"))
    assert ex.agent == "einvoice-xml"
    assert (ex.issuer, ex.invoice_number, ex.doc_type) == ("Seller GmbH", "CN-7", "credit_note")
    assert (ex.net_amount, ex.tax_amount, ex.total_amount) == (
        Decimal("100.00"), Decimal("19.00"), Decimal("119.00"))  # fmt: skip
    assert ex.iban == "DE89370400440532013000"
    assert ex.line_items[0].description == "Widget" and ex.line_items[0].quantity == 2
    assert ex.confidence["total_amount"] >= 0.99


def test_invoice_list_sheet_yields_every_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Lieferant", "Rechnungsnummer", "Datum", "Netto", "MwSt", "Brutto", "Währung"])
    ws.append(["Alpha GmbH", "A-1", date(2024, 1, 2), 100, 19, 119, "EUR"])
    ws.append(["Beta SARL", "B-2", date(2024, 1, 3), 50, 10, 60, "EUR"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    doc = load_document(path.read_bytes(), path.name)
    rows = list(iter_sheet_extractions(doc))
    assert [r.invoice_number for r in rows] == ["A-1", "B-2"]
    assert rows[1].issuer == "Beta SARL" and rows[1].total_amount == Decimal("60.00")
    first = extract_best(doc)
    assert first.invoice_number == "A-1" and first.agent == "sheet-reader"


def test_csv_invoice_list_in_french(tmp_path: Path) -> None:
    data = (
        "Fournisseur;N° facture;Date;Total HT;TVA;Total TTC\n"
        "Dupont SA;F-12;05/03/2024;1 000,00;200,00;1 200,00\n"
    )
    doc = load_document(data.encode("cp1252"), "liste.csv")
    ex = extract_best(doc)
    assert ex.invoice_number == "F-12" and ex.issue_date == date(2024, 3, 5)
    assert ex.total_amount == Decimal("1200.00") and ex.net_amount == Decimal("1000.00")


def _zugferd_files(limit: int) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted((ZUGFERD / "pdf").glob("*.pdf"))[:limit]:
        gt = ZUGFERD / "gt" / f"{path.stem}.json"
        if gt.exists():
            out.append((path, json.loads(gt.read_text(encoding="utf-8"))[0]))
    return out


@pytest.mark.shared
@pytest.mark.skipif(not ZUGFERD.exists(), reason="../shared/corpora is absent")
def test_zugferd_embedded_xml_is_read_exactly() -> None:
    for path, gt in _zugferd_files(40):
        ex = extract_best(load_document(path.read_bytes(), path.name))
        assert ex.agent == "einvoice-xml", path.name
        assert ex.invoice_number == gt["invoice_number"], path.name
        assert ex.total_amount == abs(Decimal(str(gt["amount"]))).quantize(Decimal("0.01"))


@pytest.mark.shared
@pytest.mark.skipif(not ZUGFERD.exists(), reason="../shared/corpora is absent")
def test_zugferd_printed_page_totals() -> None:
    files = _zugferd_files(200)
    right = 0
    for path, gt in files:
        ex = extract_best(load_document(path.read_bytes(), path.name), use_embedded=False)
        assert ex.agent == "label-reader"
        right += ex.total_amount == abs(Decimal(str(gt["amount"]))).quantize(Decimal("0.01"))
    assert right / len(files) >= 0.85
