"""Amounts printed in every common locale become the same Decimal."""

from decimal import Decimal

import pytest

from core.money import find_amounts, normalise_number, parse_amount, parse_number, q2


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("1.234,56 €", ",", "1234.56"),
        ("$1,234.56", ".", "1234.56"),
        ("1 234,56 EUR", ",", "1234.56"),
        ("CHF 1'234.50", ".", "1234.50"),
        ("-12,50", ",", "-12.50"),
        ("(99.95)", ".", "-99.95"),
        ("EUR 7", None, "7"),
    ],
)
def test_parse_amount_locales(text: str, hint: str | None, expected: str) -> None:
    assert parse_amount(text, hint) == Decimal(expected)


def test_ambiguous_thousands_follow_the_document_decimal_mark() -> None:
    assert normalise_number("1,234", decimal_hint=".") == Decimal("1234")
    assert normalise_number("1,234", decimal_hint=",") == Decimal("1.234")


def test_find_amounts_keeps_order_and_signs() -> None:
    assert find_amounts("Net 100,00 VAT 19,00 Total -119,00", ",") == [
        Decimal("100.00"),
        Decimal("19.00"),
        Decimal("-119.00"),
    ]


def test_q2_rounds_half_up() -> None:
    assert q2(Decimal("2.345")) == Decimal("2.35")
    assert q2(Decimal("-2.345")) == Decimal("-2.35")


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("1,0000", ",", "1.0000"),  # four decimals: a quantity, not 10000
        ("-5,0000 Stk.", ",", "-5.0000"),
        ("0.0225", None, "0.0225"),
        ("1.250", ",", "1250"),  # a lone dot before three digits in a comma document
        ("1.250", ".", "1.250"),
        ("1'250.00", None, "1250.00"),
        ("1 419,65 €", ",", "1419.65"),
        ("8,5 h", ",", "8.5"),
    ],
)
def test_parse_number_reads_quantities_and_unit_prices(
    text: str, hint: str | None, expected: str
) -> None:
    assert parse_number(text, hint) == Decimal(expected)


def test_parse_number_without_digits_is_none() -> None:
    assert parse_number("Stück", ",") is None
