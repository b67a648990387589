"""New vendors judged from where the ledger really starts."""

from __future__ import annotations

import random
from datetime import date, timedelta

import duckdb
from test_anomalies import START, Book, run, workday

from core.anomalies import ScanConfig, scan
from core.anomalies.finding import Detection


def test_a_few_backdated_rows_do_not_make_the_first_months_vendors_new() -> None:
    rng = random.Random(6)
    book = Book()
    for k in range(12):
        book.routine(f"Vendor {k}", 80, 300.0, 0.3, rng, every=9)
    # a vendor whose first invoice comes three weeks in: not new
    book.routine("Early Bird", 60, 200.0, 0.3, rng, every=11)
    for k, row in enumerate(book.rows):
        if row[0] == "Early Bird":
            book.rows[k] = (row[0], row[1], row[2] + timedelta(21), *row[3:])
    # two invoices dated five months before everything else (backdated)
    book.add("Vendor 3", "V3-OLD1", date(2023, 8, 1), "310.00")
    book.add("Vendor 5", "V5-OLD1", date(2023, 8, 2), "290.00")
    newco = book.add("Newco", "NC-1", workday(START + timedelta(200)), "480.00")
    found = run(book)["new_vendor"]
    assert set(found) == {newco}


def test_a_new_bank_account_is_flagged_on_the_first_invoice_entered_with_it() -> None:
    rng = random.Random(8)
    book = Book()
    book.routine("Steady", 40, 500.0, 0.3, rng, every=7, iban="DE11111111111111111111")
    new = "DE99999999999999999999"
    entered_first = book.add("Steady", "ST-9001", date(2024, 9, 20), "510.00", iban=new)
    dated_earlier = book.add("Steady", "ST-9002", date(2024, 9, 18), "505.00", iban=new)
    # the books took ST-9001 in before ST-9002, though ST-9002 carries the earlier date
    found = _scan_entering_last(book, [entered_first, dated_earlier])
    assert set(found["iban_change"]) == {entered_first}


def test_a_new_vendors_first_invoice_entered_is_flagged_when_an_earlier_dated_one_came_later() -> (
    None
):
    rng = random.Random(4)
    book = Book()
    book.routine("Old", 120, 300.0, 0.3, rng, every=5)
    day = workday(START + timedelta(250))
    # Backdated: its first invoices entered are dated from day 250, one entered after them
    # carries a date two months earlier, so the vendor came into the books on day 250
    backed = [book.add("Backed", f"BA-{k}", workday(day + timedelta(7 * k)), "400.00")
              for k in range(6)]  # fmt: skip
    backdated = book.add("Backed", "BA-90", day - timedelta(61), "420.00")
    # Posted late: its second invoice entered carries the date a week before its first one
    # entered, which is how a posting lag looks, not a backdated invoice
    lagged = [book.add("Lagged", f"LA-{k}", workday(day + timedelta(7 * k)), "300.00")
              for k in range(6)]  # fmt: skip
    found = _scan_entering_last(book, [*backed, backdated, lagged[1], lagged[0], *lagged[2:]])
    new = found["new_vendor"]
    assert set(new) == {backdated, backed[0], lagged[0]}
    assert new[backed[0]].evidence["entered_first"]
    assert "its invoice dated" in new[backed[0]].reason
    assert not new[backdated].evidence["entered_first"]


def test_a_vendor_that_came_into_the_books_after_its_first_date_stays_listed_at_any_pace() -> None:
    rng = random.Random(4)
    book = Book()
    book.routine("Old", 120, 300.0, 0.3, rng, every=5)
    # bills at random every 120 days or so from day 183; one dated day 92 entered after them
    # all: at its pace a first bill 92 days in is nothing new, but the vendor came into the
    # books on day 183 with an invoice backdated before it
    bills, day = [], 183
    for k, gap in enumerate([15, 240, 40, 300, 25, 150, 0]):
        bills.append(book.add("Water", f"WA-{k + 1}", workday(START + timedelta(day)), "900.40"))
        day += gap
    backdated = book.add("Water", "WA-0", START + timedelta(92), "900.40")
    found = _scan_entering_last(book, [*bills, backdated])["new_vendor"]
    assert bills[0] in found and found[bills[0]].evidence["entered_first"]


def test_a_list_sorted_newest_first_shows_no_order_of_entry() -> None:
    rng = random.Random(4)
    book = Book()
    book.routine("Old", 120, 300.0, 0.3, rng, every=5, iban="DE11111111111111111111")
    day = workday(START + timedelta(250))
    first = book.add("Newco", "NC-1", day, "400.00")
    for k in range(1, 6):
        book.add("Newco", f"NC-{k + 1}", workday(day + timedelta(40 * k)), "410.00")
    # the old vendor moves to a new account for good after its last routine invoice
    end = workday(START + timedelta(620))
    moved = book.add("Old", "OL-900", end, "310.00", iban="DE22222222222222222222")
    book.add("Old", "OL-901", end + timedelta(7), "305.00", iban="DE22222222222222222222")
    # an export written newest first: its last row is the oldest invoice, entered first
    found = _scan_entering_last(book, [], newest_first=True)
    assert set(found["new_vendor"]) == {first}
    assert set(found["iban_change"]) == {moved}


def _scan_entering_last(
    book: Book, ids: list[int], newest_first: bool = False
) -> dict[str, dict[int | None, Detection]]:
    """Scan the book with the given rows entered after all others, in the order given; or
    with its rows in reverse, as a list sorted newest first."""
    con = duckdb.connect()
    table = book.table(con)
    top = con.execute(f"SELECT max(seq) FROM {table}").fetchone()[0]
    for k, inv in enumerate(ids, 1):
        con.execute(f"UPDATE {table} SET seq = ? WHERE id = ?", [top + k, inv])
    if newest_first:
        con.execute(f"UPDATE {table} SET seq = ? - seq", [top + len(ids) + 1])
    out: dict[str, dict[int | None, Detection]] = {}
    for d in scan(con, table, ScanConfig(as_of=date(2026, 1, 1))):
        out.setdefault(d.detector, {})[d.invoice_id] = d
    return out


def test_payments_diverted_to_another_account_and_back_are_each_flagged() -> None:
    rng = random.Random(9)
    book = Book()
    usual = "DE11111111111111111111"
    book.routine("Steady", 40, 500.0, 0.3, rng, every=7, iban=usual)
    diverted = [
        book.add(
            "Steady", f"ST-90{k}", date(2024, 10, 7 + k), "515.00", iban="DE77777777777777777777"
        )
        for k in range(2)
    ]
    book.add("Steady", "ST-9100", date(2024, 10, 21), "498.00", iban=usual)
    # a vendor that moved to a new bank for good: only its first invoice there is flagged
    book.routine("Mover", 40, 700.0, 0.3, rng, every=7, iban="DE22222222222222222222")
    moved = [
        book.add(
            "Mover", f"MO-90{k}", date(2024, 10, 8 + 7 * k), "701.00", iban="DE33333333333333333333"
        )
        for k in range(4)
    ]
    found = run(book)["iban_change"]
    assert set(found) == {*diverted, moved[0]}
    reason = found[diverted[1]].reason
    assert "on 2 invoices (from 2024-10-07 to 2024-10-08)" in reason
    assert reason.endswith("which it went back to: a diverted payment?")
    assert found[diverted[1]].score > found[moved[0]].score
    assert found[diverted[1]].evidence["previous_iban"] == usual


def test_a_payment_diverted_to_another_vendors_account_keeps_the_higher_rank() -> None:
    rng = random.Random(10)
    book = Book()
    usual, other = "DE11111111111111111111", "DE55555555555555555555"
    book.routine("Steady", 40, 500.0, 0.3, rng, every=7, iban=usual)
    book.add("Elsewhere", "EL-1", date(2024, 3, 4), "90.00", iban=other)
    diverted = book.add("Steady", "ST-9000", date(2024, 10, 7), "515.00", iban=other)
    book.add("Steady", "ST-9100", date(2024, 10, 21), "498.00", iban=usual)
    found = run(book)["iban_change"][diverted]
    assert found.score == 0.9
    assert "a diverted payment?; IBAN DE55" in found.reason
    assert "already used by another vendor, Elsewhere." in found.reason


def test_a_new_vendors_few_bills_are_listed_together_not_months_apart() -> None:
    from core.anomalies.vendors import FEW_DAYS, FEW_SCORE

    rng = random.Random(3)
    book = Book()
    for k in range(10):
        book.routine(f"Vendor {k}", 80, 300.0, 0.3, rng, every=9)
    # a vendor new to the ledger that bills three times and falls silent: its second bill
    # comes ten days after its first, its third two months later
    first = workday(START + timedelta(200))
    bills = [
        book.add("Seldom SARL", f"SE-{k}", workday(first + timedelta(days)), f"{900 + k}.00")
        for k, days in enumerate((0, 10, 2 * FEW_DAYS))
    ]
    found = run(book)["new_vendor"]
    assert set(found) == set(bills[:2])
    assert found[bills[1]].score == FEW_SCORE
