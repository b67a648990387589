"""Small, real invoice PDFs for the LLM and batch tests (reportlab; text PDFs)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class StubInvoice:
    number: str
    issuer: str = "Nordwind Bürobedarf GmbH"
    vat_id: str = "DE136695976"
    iban: str = "DE89370400440532013000"
    issue_date: str = "2024-03-05"
    net: Decimal = Decimal("1000.00")
    tax: Decimal = Decimal("190.00")
    extra_lines: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return self.net + self.tax

    def fields(self) -> dict[str, object]:
        """What a faithful model answers for this invoice (the wire's JSON)."""
        return {
            "issuer": self.issuer,
            "issuer_vat_id": self.vat_id,
            "invoice_number": self.number,
            "issue_date": self.issue_date,
            "due_date": None,
            "currency": "EUR",
            "net_amount": str(self.net),
            "tax_amount": str(self.tax),
            "total_amount": str(self.total),
            "iban": self.iban,
            "doc_type": "invoice",
            "line_items": [
                {"description": "Office chairs", "quantity": "4", "unit_price": str(self.net / 4),
                 "amount": str(self.net), "tax_rate": "19"}
            ],
            "suspicious_text": None,
        }  # fmt: skip

    def pdf(self, title: str = "") -> bytes:
        """The invoice as a text PDF; a different title gives other bytes, the same text."""
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=A4, invariant=True)
        canvas.setTitle(title or self.number)
        y = 800.0

        def line(text: str, x: float = 50) -> None:
            nonlocal y
            canvas.drawString(x, y, text)
            y -= 18

        canvas.setFont("Helvetica", 10)
        line(self.issuer)
        line(f"VAT ID: {self.vat_id}")
        line("Invoice")
        line(f"Invoice number: {self.number}")
        line(f"Invoice date: {self.issue_date}")
        line("Bill to: Acme Buyer AG, Hauptstrasse 1, 10115 Berlin")
        line("Description        Qty   Unit price   Amount")
        line(f"Office chairs        4    {self.net / 4:.2f} EUR   {self.net:.2f} EUR")
        for extra in self.extra_lines:
            line(extra)
        line(f"Net amount: {self.net:.2f} EUR")
        line(f"VAT 19%: {self.tax:.2f} EUR")
        line(f"Total amount: {self.total:.2f} EUR")
        line(f"IBAN: {self.iban}")
        canvas.showPage()
        canvas.save()
        return buf.getvalue()
