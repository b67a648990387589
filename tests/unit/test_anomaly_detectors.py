"""The scan as a whole: one finding per invoice for an amount a pattern explains."""

from __future__ import annotations

import random
from datetime import date, timedelta

from test_anomalies import START, Book, run, workday


def test_an_amount_pushed_under_the_limit_is_one_finding_with_the_outlier_numbers() -> None:
    rng = random.Random(2)
    book = Book()
    book.routine("Paper Mill", 120, 400.0, 0.3, rng, every=6)
    pushed = book.add("Paper Mill", "PM-9001", date(2024, 6, 12), "9950.00")
    # a plain outlier, far from any limit or round sum, stays an amount_outlier
    plain = book.add("Paper Mill", "PM-9002", workday(START + timedelta(500)), "7313.58")
    found = run(book)
    assert pushed in found["below_limit"]
    assert pushed not in found.get("amount_outlier", {})
    merged = found["below_limit"][pushed]
    assert "unusual for the vendor" in merged.reason
    assert merged.evidence["amount_outlier"]["z"] > 4
    assert plain in found["amount_outlier"]


def test_a_backdated_invoice_is_one_finding_that_also_names_its_number() -> None:
    import duckdb

    from core.anomalies import ScanConfig, scan

    book = Book()
    for k in range(400):  # one vendor numbering 1, 2, 3 ... with others in between
        day = workday(START + timedelta(k // 3 * 7 // 5))
        vendor = "Print Shop" if k % 2 == 0 else f"V{k % 7}"
        book.add(vendor, f"PS-{1000 + k}" if k % 2 == 0 else f"N{k}", day, f"{100 + k}.15")
    con = duckdb.connect()
    table = book.table(con)
    # the row keeps its place among the entries and its number, but is dated four months back
    con.execute(f"UPDATE {table} SET invoice_date = DATE '2024-01-29' WHERE seq = 300")
    back_id = con.execute(f"SELECT id FROM {table} WHERE seq = 300").fetchone()[0]
    found = [d for d in scan(con, table, ScanConfig(as_of=date(2030, 1, 1)))]
    on_it = {d.detector: d for d in found if d.invoice_id == back_id}
    assert set(on_it) >= {"backdated"}
    assert "numbering" not in on_it
    assert on_it["backdated"].evidence["numbering"]["kind"] == "out_of_sequence"
    assert "Its number is also out of sequence" in on_it["backdated"].reason
