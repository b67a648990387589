"""Validation: arithmetic, line items, VAT rates per country, dates, checksums, required fields."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from core.contract import Extraction, LineItem
from core.validation import validate
from core.validation.tax_rates import seller_country

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
TODAY = date(2024, 6, 1)
D = Decimal


def invoice(**changes: object) -> Extraction:
    base = Extraction(
        issuer="Nordwind Consulting GmbH",
        issuer_vat_id="DE136695976",
        invoice_number="RE-1",
        issue_date=date(2024, 3, 5),
        due_date=date(2024, 4, 4),
        currency="EUR",
        net_amount=D("1000.00"),
        tax_amount=D("190.00"),
        total_amount=D("1190.00"),
        iban="DE89370400440532013000",
        line_items=(LineItem("Consulting", D("4"), D("250.00"), D("1000.00"), D("19")),),
    )
    return base.with_changes(**changes)


def checks(result) -> set[str]:
    return {f.check for f in result.findings}


def test_a_clean_invoice_scores_one_with_no_findings() -> None:
    result = validate(invoice(), TODAY)
    assert result.score == 1.0
    assert result.findings == ()


def test_net_plus_tax_must_equal_total_within_a_cent() -> None:
    assert validate(invoice(total_amount=D("1190.01")), TODAY).score == 1.0
    result = validate(invoice(total_amount=D("1191.00")), TODAY)
    assert result.failed("arithmetic")
    reason = next(f.reason for f in result.findings if f.check == "arithmetic")
    assert "1190.00" in reason and "1191.00" in reason and "off by 1.00" in reason
    assert result.score < 0.8


def test_line_items_must_add_up_to_the_net() -> None:
    items = (
        LineItem("A", D("1"), D("600"), D("600.00")),
        LineItem("B", D("1"), D("300"), D("300.00")),
    )
    result = validate(invoice(line_items=items), TODAY)
    finding = next(f for f in result.findings if f.check == "line_items")
    assert "900.00" in finding.reason and "1000.00" in finding.reason
    assert result.score < 1.0


def test_quantity_times_price_must_match_the_line_amount() -> None:
    items = (LineItem("A", D("3"), D("250.00"), D("1000.00"), D("19")),)
    result = validate(invoice(line_items=items), TODAY)
    assert any("3 x 250.00 = 750" in f.reason for f in result.findings)


@pytest.mark.parametrize(
    ("vat_id", "currency", "net", "tax"),
    [
        ("DE136695976", "EUR", "100.00", "7.00"),
        ("FR40303265045", "EUR", "100.00", "5.50"),
        ("FR40303265045", "EUR", "100.00", "2.10"),
        ("NL004495445B01", "EUR", "100.00", "9.00"),
        ("ESA28015865", "EUR", "100.00", "4.00"),
        ("CHE-116.281.710 MWST", "CHF", "100.00", "8.10"),
        ("CHE-116.281.710 MWST", "CHF", "100.00", "2.60"),
        ("GB980780684", "GBP", "100.00", "20.00"),
    ],
)
def test_rates_of_the_sellers_country_are_plausible(vat_id, currency, net, tax) -> None:
    total = D(net) + D(tax)
    e = invoice(
        issuer_vat_id=vat_id,
        currency=currency,
        net_amount=D(net),
        tax_amount=D(tax),
        total_amount=total,
        iban=None,
        line_items=(),
    )
    result = validate(e, TODAY)
    assert "tax_rate" not in checks(result), result.findings


def test_a_rate_foreign_to_the_country_is_an_error_naming_the_expected_rates() -> None:
    e = invoice(tax_amount=D("200.00"), total_amount=D("1200.00"), line_items=())
    result = validate(e, TODAY)  # 20% from a German seller
    finding = next(f for f in result.findings if f.check == "tax_rate")
    assert finding.severity == "error"
    assert "20.00%" in finding.reason and "19%" in finding.reason and "DE" in finding.reason


def test_a_line_rate_foreign_to_the_country_is_an_error() -> None:
    items = (LineItem("A", D("1"), D("1000"), D("1000.00"), D("21")),)
    result = validate(invoice(line_items=items), TODAY)
    assert result.failed("tax_rate")


def test_country_comes_from_vat_id_then_iban_then_currency() -> None:
    assert seller_country(invoice()) == "DE"
    assert seller_country(invoice(issuer_vat_id=None, iban="FR1420041010050500013M02606")) == "FR"
    assert seller_country(invoice(issuer_vat_id=None, iban=None, currency="CHF")) == "CH"
    assert seller_country(invoice(issuer_vat_id=None, iban=None, currency="EUR")) is None


def test_zero_vat_needs_a_reverse_charge_note() -> None:
    zero = dict(tax_amount=D("0.00"), total_amount=D("1000.00"))
    plain = validate(invoice(**zero, line_items=()), TODAY)
    assert "tax_rate" in checks(plain)
    assert "reverse-charge" in next(f.reason for f in plain.findings if f.check == "tax_rate")
    noted = (
        LineItem("Consulting - reverse charge, Art. 196 VAT directive", None, None, D("1000.00")),
    )
    assert "tax_rate" not in checks(validate(invoice(**zero, line_items=noted), TODAY))
    flagged = invoice(**zero, line_items=(), flags=("reverse_charge",))
    assert "tax_rate" not in checks(validate(flagged, TODAY))


def test_dates_issue_before_due_not_future_not_implausibly_old() -> None:
    late = validate(invoice(due_date=date(2024, 3, 1)), TODAY)
    assert any("before issue date" in f.reason for f in late.findings)
    future = validate(invoice(issue_date=date(2024, 7, 1), due_date=None), TODAY)
    assert any("in the future" in f.reason for f in future.findings)
    old = validate(invoice(issue_date=date(1994, 3, 5), due_date=None), TODAY)
    assert any("years old" in f.reason for f in old.findings)
    assert validate(invoice(), TODAY).score > late.score


def test_vat_id_and_iban_checksums() -> None:
    bad_vat = validate(invoice(issuer_vat_id="DE136695977"), TODAY)
    assert any("VAT id DE136695977" in f.reason for f in bad_vat.findings)
    bad_iban = validate(invoice(iban="DE89370400440532013001"), TODAY)
    assert any("IBAN DE89370400440532013001" in f.reason for f in bad_iban.findings)
    assert bad_vat.score < 1.0 and bad_iban.score < 1.0


def test_missing_required_fields_are_named() -> None:
    result = validate(invoice(invoice_number=None, currency=None), TODAY)
    finding = next(f for f in result.findings if f.check == "required_fields")
    assert "invoice_number" in finding.reason and "currency" in finding.reason
    assert 0.0 <= result.score < 1.0


def test_more_problems_never_raise_the_score() -> None:
    one = validate(invoice(iban="DE89370400440532013001"), TODAY).score
    two = validate(invoice(iban="DE89370400440532013001", total_amount=D("1.00")), TODAY).score
    assert 0.0 <= two < one < 1.0


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpora is absent")
def test_ground_truth_of_real_invoices_passes_the_arithmetic() -> None:
    gt_files = sorted((SHARED / "zugferd" / "gt").glob("*.json"))
    checked = 0
    for path in gt_files:
        truth = json.loads(path.read_text(encoding="utf-8"))[0]
        if not all(k in truth for k in ("amount", "amount_untaxed", "amount_tax", "date")):
            continue
        e = Extraction(
            issuer=truth.get("issuer"),
            invoice_number=truth.get("invoice_number"),
            issue_date=date.fromisoformat(truth["date"]),
            currency=truth.get("currency"),
            net_amount=D(str(truth["amount_untaxed"])),
            tax_amount=D(str(truth["amount_tax"])),
            total_amount=D(str(truth["amount"])),
        )
        result = validate(e, date(2030, 1, 1))
        assert not result.failed("arithmetic"), (path.name, result.findings)
        checked += 1
    assert checked >= 50
