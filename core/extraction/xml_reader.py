"""The e-invoice agent: reads CII (Factur-X, ZUGFeRD 1 and 2, XRechnung CII) and UBL XML.

Structured data needs no guessing, so its confidence is high; it reads the XML embedded
in a PDF or a standalone .xml file. Elements are found by local name, so the namespace
versions of ZUGFeRD 1.0, 2.x and UBL 2.x all read through the same paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element

from core.contract import Extraction, LineItem
from core.documents.einvoice import local, read_einvoice
from core.documents.model import Document
from core.errors import DocumentError
from core.extraction.base import AgentInfo
from core.extraction.identifiers import normalise_iban, valid_vat_id
from core.money import to_decimal

# UNTDID 1001 codes of documents that reverse an invoice.
CREDIT_NOTE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)
CONFIDENCE = 0.995


class XmlInvoiceReader:
    info = AgentInfo(
        name="einvoice-xml",
        kind="xml",
        description="Reads structured e-invoices: CII (Factur-X, ZUGFeRD 1/2, XRechnung) and "
        "UBL, embedded in a PDF or standalone",
        expected_latency_ms=5.0,
    )

    def decline_reason(self, doc: Document) -> str | None:
        if doc.embedded_xml is None:
            return "no e-invoice XML in the document"
        return None

    def extract(self, doc: Document) -> Extraction:
        if doc.embedded_xml is None:
            raise DocumentError(doc.filename, "no e-invoice XML to read")
        root, syntax = read_einvoice(doc.embedded_xml, doc.embedded_xml_name or doc.filename)
        data = read_ubl(root, syntax) if syntax.startswith("ubl") else read_cii(root)
        return _to_extraction(data, self.info.name)


def children(el: Element | None, name: str) -> Iterator[Element]:
    if el is None:
        return iter(())
    return (c for c in el if local(c.tag) == name)


def child(el: Element | None, *path: str) -> Element | None:
    """The first element down a path of local names."""
    for name in path:
        el = next(children(el, name), None)
        if el is None:
            return None
    return el


def text(el: Element | None, *path: str) -> str | None:
    found = child(el, *path) if path else el
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def find(el: Element | None, name: str) -> Element | None:
    """The first descendant with this local name, anywhere below."""
    if el is None:
        return None
    return next((d for d in el.iter() if local(d.tag) == name and d is not el), None)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    digits = value.strip()[:10].replace("-", "")
    if len(digits) == 8 and digits.isdigit():
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            return None
    return None


def _cii_date(el: Element | None) -> date | None:
    if el is None:
        return None
    return _date(text(el, "DateTimeString") or text(el))


def _amount(els: list[Element], currency: str | None) -> Decimal | None:
    """The amount in the invoice currency when an element repeats per currency (BT-110/111)."""
    if not els:
        return None
    for el in els:
        if currency and el.get("currencyID") == currency:
            return to_decimal(text(el))
    return to_decimal(text(els[0]))


def read_cii(root: Element) -> dict[str, object]:
    zf1 = child(root, "HeaderExchangedDocument") is not None
    header = child(root, "HeaderExchangedDocument" if zf1 else "ExchangedDocument")
    trade = child(
        root, "SpecifiedSupplyChainTradeTransaction" if zf1 else "SupplyChainTradeTransaction"
    )
    agreement = child(
        trade,
        "ApplicableSupplyChainTradeAgreement" if zf1 else "ApplicableHeaderTradeAgreement",
    )
    settlement = child(
        trade,
        "ApplicableSupplyChainTradeSettlement" if zf1 else "ApplicableHeaderTradeSettlement",
    )
    seller = child(agreement, "SellerTradeParty")
    currency = text(settlement, "InvoiceCurrencyCode")
    summation = child(
        settlement,
        "SpecifiedTradeSettlementMonetarySummation"
        if zf1
        else "SpecifiedTradeSettlementHeaderMonetarySummation",
    )
    vat_ids = [
        text(reg, "ID")
        for reg in children(seller, "SpecifiedTaxRegistration")
        if (child(reg, "ID") is not None and child(reg, "ID").get("schemeID") == "VA")  # type: ignore[union-attr]
    ]
    ibans = [
        text(means, "PayeePartyCreditorFinancialAccount", "IBANID")
        for means in children(settlement, "SpecifiedTradeSettlementPaymentMeans")
    ]
    due = None
    for terms in children(settlement, "SpecifiedTradePaymentTerms"):
        due = _cii_date(child(terms, "DueDateDateTime"))
        if due:
            break
    lines = []
    for item in children(trade, "IncludedSupplyChainTradeLineItem"):
        line_settlement = child(
            item,
            "SpecifiedSupplyChainTradeSettlement" if zf1 else "SpecifiedLineTradeSettlement",
        )
        line_sum = child(
            line_settlement,
            "SpecifiedTradeSettlementMonetarySummation"
            if zf1
            else "SpecifiedTradeSettlementLineMonetarySummation",
        )
        delivery = child(
            item, "SpecifiedSupplyChainTradeDelivery" if zf1 else "SpecifiedLineTradeDelivery"
        )
        line_agreement = child(
            item, "SpecifiedSupplyChainTradeAgreement" if zf1 else "SpecifiedLineTradeAgreement"
        )
        price = child(line_agreement, "NetPriceProductTradePrice")
        amount = to_decimal(text(line_sum, "LineTotalAmount"))
        if amount is None:
            # ZUGFeRD 1 carries free-text notes as lines without an amount: not items.
            continue
        lines.append(
            LineItem(
                description=text(item, "SpecifiedTradeProduct", "Name") or "",
                quantity=to_decimal(text(delivery, "BilledQuantity")),
                unit_price=to_decimal(text(price, "ChargeAmount")),
                amount=amount,
                tax_rate=to_decimal(
                    text(line_settlement, "ApplicableTradeTax", "RateApplicablePercent")
                    or text(line_settlement, "ApplicableTradeTax", "ApplicablePercent")
                ),
            )
        )
    return {
        "issuer": text(seller, "Name"),
        "vat_ids": vat_ids,
        "invoice_number": text(header, "ID"),
        "type_code": text(header, "TypeCode"),
        "issue_date": _cii_date(child(header, "IssueDateTime")),
        "due_date": due,
        "currency": currency,
        "net": _amount(list(children(summation, "TaxBasisTotalAmount")), currency),
        "tax": _amount(list(children(summation, "TaxTotalAmount")), currency),
        "total": _amount(list(children(summation, "GrandTotalAmount")), currency),
        "ibans": ibans,
        "lines": lines,
    }


def read_ubl(root: Element, syntax: str) -> dict[str, object]:
    credit = syntax == "ubl-creditnote"
    seller = child(root, "AccountingSupplierParty", "Party")
    currency = text(root, "DocumentCurrencyCode")
    totals = child(root, "LegalMonetaryTotal")
    vat_ids = [
        text(scheme, "CompanyID")
        for scheme in children(seller, "PartyTaxScheme")
        if text(scheme, "TaxScheme", "ID") in (None, "VAT")
    ]
    ibans = [text(means, "PayeeFinancialAccount", "ID") for means in children(root, "PaymentMeans")]
    tax_totals = list(children(root, "TaxTotal"))
    tax = _amount([t for tt in tax_totals for t in children(tt, "TaxAmount")], currency)
    lines = []
    for item in children(root, "CreditNoteLine" if credit else "InvoiceLine"):
        qty = child(item, "CreditedQuantity" if credit else "InvoicedQuantity")
        lines.append(
            LineItem(
                description=text(item, "Item", "Name") or text(item, "Item", "Description") or "",
                quantity=to_decimal(text(qty)),
                unit_price=to_decimal(text(item, "Price", "PriceAmount")),
                amount=to_decimal(text(item, "LineExtensionAmount")),
                tax_rate=to_decimal(text(item, "Item", "ClassifiedTaxCategory", "Percent")),
            )
        )
    due = _date(text(root, "DueDate")) or _date(text(child(root, "PaymentMeans"), "PaymentDueDate"))
    return {
        "issuer": text(seller, "PartyLegalEntity", "RegistrationName")
        or text(seller, "PartyName", "Name"),
        "vat_ids": vat_ids,
        "invoice_number": text(root, "ID"),
        "type_code": text(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode")
        or ("381" if credit else "380"),
        "issue_date": _date(text(root, "IssueDate")),
        "due_date": due,
        "currency": currency,
        "net": to_decimal(text(totals, "TaxExclusiveAmount")),
        "tax": tax,
        "total": to_decimal(text(totals, "TaxInclusiveAmount")),
        "ibans": ibans,
        "lines": lines,
    }


def _to_extraction(data: dict[str, object], agent: str) -> Extraction:
    net, tax, total = data["net"], data["tax"], data["total"]
    code = str(data.get("type_code") or "380")
    negative = isinstance(total, Decimal) and total < 0
    # The contract keeps amounts positive; a credit-note code, or an invoice whose total
    # is negative (a correction that reduces what is owed), reverses the entry instead.
    credit = code in CREDIT_NOTE_CODES or negative
    flip = negative

    def signed(value: object) -> Decimal | None:
        if not isinstance(value, Decimal):
            return None
        return -value if flip else value

    lines = tuple(
        LineItem(
            item.description,
            item.quantity,
            item.unit_price,
            -item.amount if flip and item.amount is not None else item.amount,
            item.tax_rate,
        )
        for item in data["lines"]  # type: ignore[attr-defined]
    )
    vat_ids = [v for v in data["vat_ids"] if v]  # type: ignore[attr-defined]
    vat_id = next((v for v in vat_ids if valid_vat_id(v)), vat_ids[0] if vat_ids else None)
    ibans = [normalise_iban(i) for i in data["ibans"] if i]  # type: ignore[attr-defined]
    iban = next((i for i in ibans if i), None)
    fields = {
        "issuer": data["issuer"],
        "issuer_vat_id": vat_id,
        "invoice_number": data["invoice_number"],
        "issue_date": data["issue_date"],
        "due_date": data["due_date"],
        "currency": data["currency"],
        "net_amount": signed(net),
        "tax_amount": signed(tax),
        "total_amount": signed(total),
        "iban": iban,
    }
    confidence = {name: CONFIDENCE for name, value in fields.items() if value is not None}
    confidence["doc_type"] = CONFIDENCE
    if lines:
        confidence["line_items"] = 0.98
    return Extraction(
        **fields,  # type: ignore[arg-type]
        line_items=lines,
        doc_type="credit_note" if credit else "invoice",
        confidence=confidence,
        agent=agent,
        flags=(f"einvoice:{code}",),
    )
