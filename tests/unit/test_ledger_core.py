"""The ledger core: balanced entries, credit notes, currency conversion, suggestions, names."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from core.contract import Extraction
from core.ledger import RateTable, base_amounts, build_entry, period_of, suggest
from core.ledger.accounts import (
    VAT_INPUT,
    account_problem,
    payable_account,
    vendor_key,
    vendor_key_sql,
)
from core.ledger.periods import period_problem

D = Decimal


def purchase(**changes: object) -> Extraction:
    return Extraction(
        issuer="Müller & Söhne GmbH",
        invoice_number="R-7",
        issue_date=date(2024, 3, 5),
        currency="USD",
        net_amount=D("100.00"),
        tax_amount=D("19.00"),
        total_amount=D("119.00"),
    ).with_changes(**changes)


def test_an_invoice_debits_expense_and_vat_and_credits_the_vendor() -> None:
    entry = build_entry(purchase(), "Expenses:Office")
    by_account = {p.account: (p.debit, p.credit) for p in entry.postings}
    assert by_account["Expenses:Office"] == (D("100.00"), D("0.00"))
    assert by_account[VAT_INPUT] == (D("19.00"), D("0.00"))
    assert by_account[payable_account("Müller & Söhne GmbH")] == (D("0.00"), D("119.00"))
    assert entry.balanced


def test_a_credit_note_is_the_same_entry_reversed() -> None:
    invoice = build_entry(purchase(), "Expenses:Office")
    credit = build_entry(purchase(doc_type="credit_note"), "Expenses:Office")
    assert [(p.account, p.debit, p.credit) for p in credit.postings] == [
        (p.account, p.credit, p.debit) for p in invoice.postings
    ]
    assert credit.balanced and credit.description.startswith("Credit note")


def test_conversion_stays_balanced_to_the_cent_for_awkward_rates() -> None:
    rng = random.Random(4)
    for _ in range(500):
        net = D(rng.randint(1, 10_000_000)) / 100
        tax = (net * D(rng.choice(["0.19", "0.07", "0.055", "0.2"]))).quantize(D("0.01"))
        entry = build_entry(
            purchase(net_amount=net, tax_amount=tax, total_amount=net + tax), "Expenses:Office"
        )
        rate = D(rng.randint(1, 99_999_999)) / D(10_000_000)
        amounts = base_amounts(entry, rate)
        assert sum(d for d, _ in amounts) == sum(c for _, c in amounts)
        # What is owed is the converted gross, rounded once; the expense absorbs the cents.
        gross_line = amounts[-1]
        assert gross_line[1] == (entry.postings[-1].credit * rate).quantize(D("0.01"))
        credit = build_entry(
            purchase(
                net_amount=net, tax_amount=tax, total_amount=net + tax, doc_type="credit_note"
            ),
            "Expenses:Office",
        )
        reversed_amounts = base_amounts(credit, rate)
        assert [(c, d) for d, c in reversed_amounts] == amounts


def test_rate_table_uses_the_latest_rate_on_or_before_the_day_and_never_guesses() -> None:
    table = RateTable(
        "EUR", {"USD": [(date(2024, 1, 1), D("0.90")), (date(2024, 3, 1), D("0.92"))]}
    )
    assert table.rate("USD", date(2024, 2, 29)) == D("0.90")
    assert table.rate("USD", date(2024, 3, 1)) == D("0.92")
    assert table.rate("USD", date(2023, 12, 31)) is None
    assert table.rate("GBP", date(2024, 3, 1)) is None
    assert table.rate("EUR", date(1999, 1, 1)) == D("1")


def test_suggestion_prefers_mapping_then_history_then_keywords_then_default() -> None:
    mapped = suggest("Expenses:Travel", {"Expenses:Office": 9}, {}, "Expenses:IT:Software")
    assert (mapped.account, mapped.source, mapped.confidence) == (
        "Expenses:Travel",
        "mapping",
        0.99,
    )
    history = suggest(None, {"Expenses:Office": 3, "Expenses:Travel": 1}, {}, None)
    assert history.account == "Expenses:Office" and history.source == "history"
    assert history.confidence == pytest.approx(4 / 6, abs=1e-4)
    corrected = suggest(None, {"Expenses:Office": 2}, {"Expenses:Travel": 1}, None)
    assert corrected.account == "Expenses:Travel"  # a correction outweighs two postings
    assert suggest(None, {}, {}, "Expenses:IT:Software").source == "keywords"
    default = suggest(None, {}, {}, None)
    assert default.source == "default" and default.confidence < history.confidence


def test_agreeing_history_raises_confidence() -> None:
    one = suggest(None, {"Expenses:Office": 1}, {}, None).confidence
    five = suggest(None, {"Expenses:Office": 5}, {}, None).confidence
    split = suggest(None, {"Expenses:Office": 5, "Expenses:Travel": 5}, {}, None).confidence
    assert one < five and split < five


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("Expenses:IT:Cloud", True),
        ("Assets:Bank:DE-01", True),
        ("Expenses", False),
        ("Costs:Office", False),
        ("Expenses:office", False),
        ("Expenses:Office Supplies", False),
    ],
)
def test_account_names_follow_beancount(name: str, ok: bool) -> None:
    assert (account_problem(name) is None) is ok


def test_vendor_key_in_python_and_sql_agree() -> None:
    names = ["Müller & Söhne GmbH", "ACME  Corp.", "acme corp", None, "Café-Bar 7",
             "ООО Ромашка", "ООО Василёк", "株式会社 東京", "ΑΒΓ Α.Ε."]  # fmt: skip
    con = duckdb.connect()
    con.execute("CREATE TABLE names (name VARCHAR)")
    con.executemany("INSERT INTO names VALUES (?)", [[n] for n in names])
    keys = dict(con.execute(f"SELECT name, {vendor_key_sql('name')} FROM names").fetchall())
    assert keys == {name: vendor_key(name) for name in names}
    assert vendor_key("ACME  Corp.") == vendor_key("acme corp")
    # names without a Latin letter keep their own: they do not all share one empty key
    assert len({vendor_key(n) for n in names[5:]}) == 4 and "" not in {keys[n] for n in names[5:]}


def test_periods_are_months() -> None:
    assert period_of(date(2024, 3, 31)) == "2024-03"
    assert period_problem("2024-3") is not None and period_problem("2024-12") is None
