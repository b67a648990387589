"""New vendors judged from where the ledger really starts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from test_anomalies import START, Book, run, workday


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
