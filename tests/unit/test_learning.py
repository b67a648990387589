"""Layout learning, vendor agents and layout changes on real PDFs (generator and reportlab)."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from core.demo.generator import GeneratedDoc
from core.demo.pdf_layouts import render_pdf
from core.demo.vendors import VENDORS_BY_KEY, Invoice, Line, compact_id
from core.documents import Document, load_document
from core.learning.fields import overlay, truth_from_generator, truth_of, wrong_fields
from core.learning.layout import (
    SAME_LAYOUT,
    VendorLayout,
    add_example,
    label_set,
    new_layout,
    similarity,
)
from core.learning.meta import learn_from_confirmation, vendor_key
from core.market.vendor_agent import VendorAgent
from core.store import audit
from core.store import market as market_repo


def _by_vendor(docs: list[GeneratedDoc]) -> dict[str, list[GeneratedDoc]]:
    out: dict[str, list[GeneratedDoc]] = defaultdict(list)
    for doc in docs:
        out[doc.truth["vendor_key"]].append(doc)
    return out


def _load(doc: GeneratedDoc):
    return load_document(doc.path.read_bytes(), doc.path.name)


def test_a_layout_learnt_from_one_invoice_reads_the_vendors_next_ones(
    pdf_docs: list[GeneratedDoc],
) -> None:
    groups = [g for g in _by_vendor(pdf_docs).values() if len(g) >= 2]
    assert len(groups) >= 3, "the corpus fixture should repeat some vendors"
    checked = wrong = 0
    for group in groups:
        first = group[0]
        layout = new_layout(
            first.truth["vendor_key"], _load(first), truth_from_generator(first.truth)
        )
        agent = VendorAgent("vendor:test", layout)
        for doc in group[1:]:
            document = _load(doc)
            assert agent.decline_reason(document) is None
            reading = truth_of(agent.extract(document))
            wrong += len(wrong_fields(reading, truth_from_generator(doc.truth)))
            checked += 1
    assert checked >= 3
    assert wrong / checked < 0.5  # under half a wrong field per invoice after one example


def test_a_vendor_agent_declines_other_vendors_with_a_reason(pdf_docs: list[GeneratedDoc]) -> None:
    groups = list(_by_vendor(pdf_docs).values())
    mine, other = groups[0][0], groups[1][0]
    layout = new_layout(mine.truth["vendor_key"], _load(mine), truth_from_generator(mine.truth))
    reason = VendorAgent("vendor:x", layout).decline_reason(_load(other))
    assert reason is not None and layout.issuer in reason


def test_layout_survives_json_and_counts_rule_hits(pdf_docs: list[GeneratedDoc]) -> None:
    group = next(g for g in _by_vendor(pdf_docs).values() if len(g) >= 2)
    layout = new_layout("v", _load(group[0]), truth_from_generator(group[0].truth))
    changed = add_example(layout, _load(group[1]), truth_from_generator(group[1].truth))
    assert changed is False  # same vendor, same layout: refined, not re-learnt
    again = VendorLayout.from_json(layout.to_json())
    assert again == layout
    total_rules = again.variants[0].rules["total_amount"]
    assert total_rules[0].hits == 2 and total_rules[0].misses == 0


def test_corrections_must_name_reviewable_fields() -> None:
    with pytest.raises(ValueError, match="line_items"):
        overlay({}, {"line_items": []})


# ------------------------------------------------------------------------------------------
# Layout changes: a different set of labels is not a new layout, a new template is
# ------------------------------------------------------------------------------------------


def _reportlab_invoice(number: str, items: list[tuple[str, str, str]], due: str | None) -> bytes:
    """One layout of a made-up vendor, drawn here so the due-date row can be left out."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, 790, "Kessler Messtechnik GmbH")
    c.setFont("Helvetica", 9)
    c.drawString(50, 776, "Am Hafen 4, 28217 Bremen")
    c.drawString(50, 740, "Rechnung")
    meta = [("Rechnungsnummer:", number), ("Rechnungsdatum:", "03.03.2026")]
    if due:
        meta.append(("Fällig am:", due))
    for i, (label, value) in enumerate(meta):
        c.drawString(350, 740 - 14 * i, label)
        c.drawString(460, 740 - 14 * i, value)
    for x, head in ((50, "Beschreibung"), (300, "Menge"), (380, "Einzelpreis"), (480, "Betrag")):
        c.drawString(x, 660, head)
    for i, (name, qty, price) in enumerate(items):
        amount = Decimal(qty) * Decimal(price)
        for x, text in ((50, name), (300, qty), (380, f"{price} €"), (480, f"{amount:.2f} €")):
            c.drawString(x, 645 - 14 * i, text.replace(".", ","))
    net = sum(Decimal(q) * Decimal(p) for _, q, p in items)
    tax = (net * Decimal("0.19")).quantize(Decimal("0.01"))
    totals = [("Nettobetrag", net), ("USt 19 %", tax), ("Gesamtbetrag", net + tax)]
    for i, (label, value) in enumerate(totals):
        c.drawString(350, 560 - 14 * i, label)
        c.drawString(480, 560 - 14 * i, f"{value:.2f} €".replace(".", ","))
    c.drawString(50, 120, "USt-IdNr.: DE 811 907 980")
    c.drawString(50, 106, "IBAN: DE89 3704 0044 0532 0130 00")
    c.showPage()
    c.save()
    return buffer.getvalue()


def _reportlab_truth(number: str, items: list[tuple[str, str, str]], due: str | None) -> dict:
    net = sum(Decimal(q) * Decimal(p) for _, q, p in items)
    tax = (net * Decimal("0.19")).quantize(Decimal("0.01"))
    return truth_from_generator(
        {"issuer": "Kessler Messtechnik GmbH", "invoice_number": number, "date": "2026-03-03",
         "date_due": due, "currency": "EUR", "amount": net + tax, "amount_untaxed": net,
         "amount_tax": tax, "doc_type": "380", "issuer_vat_id": "DE811907980",
         "iban": "DE89370400440532013000"}
    )  # fmt: skip


def test_same_layout_without_a_due_date_and_other_items_is_no_layout_change(db) -> None:
    first_items = [("Messschieber digital", "2", "49.90"), ("Kalibrierung", "1", "120.00")]
    other_items = [("Drehmomentschlüssel", "1", "189.00"), ("Prüfprotokoll", "3", "15.00"),
                   ("Versandkosten", "1", "9.50")]  # fmt: skip
    with_due = load_document(_reportlab_invoice("KM-1001", first_items, "2026-04-02"), "a.pdf")
    without_due = load_document(_reportlab_invoice("KM-1002", other_items, None), "b.pdf")
    labels_a, labels_b = label_set(with_due), label_set(without_due)
    # Only the due-date label differs: item rows are not labels of the layout.
    assert {label.split("@")[0] for label in labels_a ^ labels_b} == {"fällig am"}
    assert similarity(labels_a, labels_b) >= SAME_LAYOUT
    with db.transaction() as cur:
        spawn = learn_from_confirmation(
            cur, with_due, _reportlab_truth("KM-1001", first_items, "2026-04-02"), audit.now()
        )
        again = learn_from_confirmation(
            cur, without_due, _reportlab_truth("KM-1002", other_items, None), audit.now()
        )
    assert [e.event for e in spawn] == ["spawn"]
    assert again == []
    assert db.scalar("SELECT count(*) FROM market_events WHERE event = 'relearn'") == 0
    layout = VendorLayout.from_json(market_repo.layouts(db)[0]["model"])
    assert len(layout.variants) == 1 and layout.variants[0].examples == 2


def _demo_invoice(vendor_key: str, number: str, day: int) -> Invoice:
    vendor = VENDORS_BY_KEY[vendor_key]
    issued = date(2026, 3, day)
    lines = tuple(
        Line(p.name, Decimal(p.qty_min + i), p.unit, p.unit_price, p.tax_rate)
        for i, p in enumerate(vendor.catalogue[: 2 + day % 3])
    )
    return Invoice(vendor, number, issued, issued + timedelta(days=vendor.payment_days), lines)


def _render(invoice: Invoice, layout: str) -> Document:
    buffer = io.BytesIO()
    render_pdf(invoice, buffer, layout)
    return load_document(buffer.getvalue(), f"{invoice.number}-{layout}.pdf")


def _demo_truth(invoice: Invoice) -> dict:
    vendor = invoice.vendor
    return truth_from_generator(
        {"issuer": vendor.name, "invoice_number": invoice.number,
         "date": invoice.issue_date.isoformat(), "date_due": invoice.due_date.isoformat(),
         "currency": vendor.currency, "amount": invoice.total, "amount_untaxed": invoice.net,
         "amount_tax": invoice.tax, "doc_type": "380", "issuer_vat_id": compact_id(vendor.vat_id),
         "iban": vendor.iban}
    )  # fmt: skip


def test_a_vendor_switching_to_another_template_is_relearnt_and_read(db) -> None:
    key = "mueller-buerotechnik"
    old = VENDORS_BY_KEY[key].layout
    new = "modern" if old != "modern" else "classic"
    invoices = [_demo_invoice(key, f"RE-2026-{100 + i}", 2 + 3 * i) for i in range(4)]
    with db.transaction() as cur:
        events = [
            learn_from_confirmation(cur, _render(inv, layout), _demo_truth(inv), audit.now())
            for inv, layout in zip(invoices[:3], (old, old, new), strict=True)
        ]
    assert [[e.event for e in batch] for batch in events] == [["spawn"], [], ["relearn"]]
    row = market_repo.layouts(db)[0]
    layout = VendorLayout.from_json(row["model"])
    assert len(layout.variants) == 2
    # The relearnt agent reads the new template; it still declines other vendors.
    agent = VendorAgent(row["agent"], layout)
    reading = truth_of(agent.extract(_render(invoices[3], new)))
    assert wrong_fields(reading, _demo_truth(invoices[3])) == []


def test_layout_keys_are_stable_slugs_and_other_scripts_get_their_own() -> None:
    assert vendor_key("ACME, Inc.") == "acme-inc"
    assert vendor_key("Müller & Söhne") == "m-ller-s-hne"  # keys already stored stay the same
    others = {vendor_key(n) for n in ("ООО Ромашка", "ООО Василёк", "株式会社 東京")}
    assert len(others) == 3 and "unknown" not in others
    assert vendor_key("ＮＴＴ Ｄａｔａ") not in {"unknown", vendor_key("ＳＯＮＹ")}
