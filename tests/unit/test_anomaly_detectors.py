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
