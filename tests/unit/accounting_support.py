"""Real e-invoice files (UBL 2.1 XML) for the accounting tests, and ingesting them.

UBL is read by the e-invoice agent exactly, so these tests exercise the ledger rather than
the printed-page readers; the files go through the real loader, pipeline and database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from core.services.pipeline import Pipeline
from core.store.db import Database

CLERK, APPROVER, ANALYST, ADMIN = "alex.clerk", "blair.approver", "casey.analyst", "dana.admin"


@dataclass(frozen=True)
class Spec:
    vendor: str = "Nordwind Consulting GmbH"
    number: str = "RE-2024-001"
    issued: str = "2024-03-05"
    due: str = "2024-04-04"
    currency: str = "EUR"
    net: str = "1000.00"
    rate: str = "19"
    vat_id: str = "DE136695976"
    iban: str = "DE89370400440532013000"
    credit_note: bool = False
    item: str = "Consulting services"

    @property
    def tax(self) -> Decimal:
        return (Decimal(self.net) * Decimal(self.rate) / 100).quantize(Decimal("0.01"))

    @property
    def total(self) -> Decimal:
        return Decimal(self.net) + self.tax


def ubl_invoice(spec: Spec) -> bytes:
    s, cur = spec, spec.currency
    code = "381" if s.credit_note else "380"
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>{escape(s.number)}</cbc:ID>
 <cbc:IssueDate>{s.issued}</cbc:IssueDate>
 <cbc:DueDate>{s.due}</cbc:DueDate>
 <cbc:InvoiceTypeCode>{code}</cbc:InvoiceTypeCode>
 <cbc:DocumentCurrencyCode>{cur}</cbc:DocumentCurrencyCode>
 <cac:AccountingSupplierParty><cac:Party>
  <cac:PartyName><cbc:Name>{escape(s.vendor)}</cbc:Name></cac:PartyName>
  <cac:PartyTaxScheme><cbc:CompanyID>{s.vat_id}</cbc:CompanyID>
   <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
  <cac:PartyLegalEntity><cbc:RegistrationName>{escape(s.vendor)}</cbc:RegistrationName>
  </cac:PartyLegalEntity>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party>
  <cac:PartyName><cbc:Name>Acme Buyer Ltd</cbc:Name></cac:PartyName>
 </cac:Party></cac:AccountingCustomerParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
  <cac:PayeeFinancialAccount><cbc:ID>{s.iban}</cbc:ID></cac:PayeeFinancialAccount>
 </cac:PaymentMeans>
 <cac:TaxTotal><cbc:TaxAmount currencyID="{cur}">{s.tax}</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:LineExtensionAmount currencyID="{cur}">{s.net}</cbc:LineExtensionAmount>
  <cbc:TaxExclusiveAmount currencyID="{cur}">{s.net}</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="{cur}">{s.total}</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="{cur}">{s.total}</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
 <cac:InvoiceLine><cbc:ID>1</cbc:ID>
  <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
  <cbc:LineExtensionAmount currencyID="{cur}">{s.net}</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>{escape(s.item)}</cbc:Name>
   <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>{s.rate}</cbc:Percent>
   <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="{cur}">{s.net}</cbc:PriceAmount></cac:Price>
 </cac:InvoiceLine>
</Invoice>
"""
    return xml.encode("utf-8")


def ingest(db: Database, spec: Spec, user: str = CLERK, folder: Path | None = None) -> int:
    """Write the invoice as a file (when folder is given), ingest it, return the invoice id."""
    data = ubl_invoice(spec)
    name = f"{spec.vendor[:12]}-{spec.number}.xml".replace(" ", "_")
    if folder is not None:
        (folder / name).write_bytes(data)
        data = (folder / name).read_bytes()
    result = Pipeline(db).ingest_bytes(data, name, user)
    assert result.status == "stored", result.message
    assert result.invoice_id is not None
    return result.invoice_id
