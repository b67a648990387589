"""Duplicate invoices: re-formatted and mistyped numbers, and the routine look-alikes that are
not duplicates (a running series at a fixed price, a subscription, a credit-and-rebill)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import duckdb

from core.anomalies import ScanConfig, scan
from core.anomalies.duplicates import NEAR_DATE_CHANCE
from core.anomalies.finding import Detection

Row = tuple[str, str, date, str]


def duplicates(rows: list[Row], entered: list[date | None] | None = None) -> dict[int, Detection]:
    """The duplicate findings over rows (vendor, number, date, amount), keyed by 1-based row;
    entered gives each row's entry day (else none is known)."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE ledger (id BIGINT, seq BIGINT, vendor VARCHAR, invoice_number VARCHAR,"
        " invoice_date DATE, currency VARCHAR, net_amount DECIMAL(18,2),"
        " tax_amount DECIMAL(18,2), total_amount DECIMAL(18,2), account VARCHAR,"
        " iban VARCHAR, uploaded_by VARCHAR, approved_by VARCHAR, recorded_at TIMESTAMP)"
    )
    con.executemany(
        "INSERT INTO ledger VALUES (?, ?, ?, ?, ?, 'EUR', NULL, NULL, ?, 'Expenses:X', NULL,"
        " 'ann', 'bob', NULL)",
        [(i, i, v, n, d, Decimal(a)) for i, (v, n, d, a) in enumerate(rows, start=1)],
    )
    if entered:
        con.executemany(
            "UPDATE ledger SET recorded_at = ? WHERE id = ?",
            [(day, i) for i, day in enumerate(entered, start=1)],
        )
    found = scan(con, "ledger", ScanConfig(as_of=date(2026, 1, 1)), only={"duplicates"})
    return {d.invoice_id: d for d in found if d.detector == "duplicate" and d.invoice_id}


def series(vendor: str, fmt: str, start: int, n: int, amount: str = "") -> list[Row]:
    """A vendor's routine invoices, one a week, each of a different amount unless given."""
    day = date(2025, 1, 6)
    return [
        (vendor, fmt.format(start + k), day + timedelta(7 * k), amount or f"{311 + 7.13 * k:.2f}")
        for k in range(n)
    ]


def test_year_number_without_its_dash_is_the_same_number_days_later() -> None:
    rows = series("Weser Elektro", "2025-{:04d}", 1, 10)
    rows.append(("Weser Elektro", "2025-0013", date(2025, 3, 20), "408.92"))
    rows.append(("WESER ELEKTRO", "20250013", date(2025, 3, 27), "408.92"))
    found = duplicates(rows)
    assert set(found) == {12}
    assert found[12].evidence == {"related": [11, 12], "original": 11, "kind": "exact"}
    assert "2025-0013 and 20250013" in found[12].reason


def test_prefixed_number_without_separator_or_with_extra_zero_still_matches() -> None:
    rows = [
        ("Ostsee Druck", "INV-001894", date(2025, 2, 3), "512.40"),
        ("Ostsee Druck", "INV001894", date(2025, 2, 7), "512.40"),
        ("Sued Energie", "0006154", date(2025, 2, 3), "97.10"),
        ("Sued Energie", "00006154", date(2025, 2, 10), "97.10"),
    ]
    assert set(duplicates(rows)) == {2, 4}


def test_one_mistyped_digit_on_the_same_date_is_a_fuzzy_duplicate() -> None:
    rows = [
        *series("Alpen Druck", "R{:05d}", 4700, 20),
        ("Alpen Druck", "R04727", date(2025, 6, 16), "236.29"),
        ("Alpen Druck", "R04757", date(2025, 6, 16), "236.29"),
        *series("Taunus Energie", "2025-{:04d}", 1180, 20),
        ("Taunus Energie", "2025-1187", date(2025, 6, 10), "669.02"),
        ("Taunus Energie", "2025-1137", date(2025, 6, 10), "669.02"),
        # only the last digit mistyped, but on the same date and not the very next number
        *series("Cheviot Marketing", "CML{:05d}", 1170, 20),
        ("Cheviot Marketing", "CML01195", date(2025, 6, 12), "921.49"),
        ("Cheviot Marketing", "CML01198", date(2025, 6, 12), "921.49"),
    ]
    found = duplicates(rows)
    assert set(found) == {22, 44, 66}
    assert found[22].evidence["kind"] == "near_number"
    assert found[22].evidence["original"] == 21
    assert "R04757 is a near-copy of R04727, on the same date" in found[22].reason


def test_swapped_digits_or_mistyped_digit_a_few_days_later() -> None:
    rows = [
        ("Harz Transport", "2025-0102", date(2025, 4, 1), "44.27"),
        ("Harz Transport", "2025-0012", date(2025, 4, 3), "44.27"),
        ("Mosel Consulting", "RE-03831", date(2025, 4, 1), "422.58"),
        ("Mosel Consulting", "RE-03871", date(2025, 4, 4), "422.58"),
    ]
    assert set(duplicates(rows)) == {2, 4}


def test_next_number_of_the_same_amount_is_routine_not_a_typo() -> None:
    # Only the last digit differs: the vendor's next invoice, same day or two days later.
    rows = [
        ("Spree Logistik", "RE-06906", date(2025, 5, 5), "53.93"),
        ("Spree Logistik", "RE-06907", date(2025, 5, 5), "53.93"),
        ("Saar Handel", "2025-0160", date(2025, 5, 5), "659.44"),
        ("Saar Handel", "2025-0161", date(2025, 5, 7), "659.44"),
    ]
    assert duplicates(rows) == {}


def test_two_bills_of_one_days_batch_at_one_amount_are_no_typo() -> None:
    # A contractor bills five sites' visits on one day, numbered AP-41 to AP-45; two sites came
    # to 39 visits at 17.00. Numbers two apart on that date are two of its batch, not a typo;
    # a vendor with two invoices that day has no batch between them
    day = date(2025, 8, 29)
    rows = [
        ("ActivePhysio", f"AP-{41 + k}", day, a)
        for k, a in enumerate(["663.00", "527.00", "663.00", "748.00", "595.00"])
    ]
    rows += [
        ("Cheviot Marketing", "CML01195", day, "921.49"),
        ("Cheviot Marketing", "CML01197", day, "921.49"),
    ]
    assert set(duplicates(rows)) == {7}


def test_fixed_price_vendor_and_subscription_are_not_duplicates() -> None:
    # A fixed price billed many times a day: numbers one digit apart are everyday.
    day = date(2025, 3, 3)
    rows = [("Nord Reinigung", f"INV-{5364 + 10 * k}", day, "150.00") for k in range(4)]
    # A monthly subscription with consecutive numbers.
    rows += [("Cloudy", f"CL-{100 + m}", date(2025, m + 1, 3), "99.00") for m in range(12)]
    assert duplicates(rows) == {}


def test_a_renumbered_copy_of_a_small_sum_is_found_where_its_vendors_amounts_vary() -> None:
    # a firm billing varied amounts once a week re-issues a 282.92 invoice under a new number
    # two days later: a coincidence of such an exact amount is about 1 in 100,000 there
    rows = series("Cambrian Supplies", "18{:04d}", 2000, 40)
    rows.append(("Cambrian Supplies", "182302", date(2025, 10, 6), "282.92"))
    rows.append(("Cambrian Supplies", "182500", date(2025, 10, 8), "282.92"))
    found = duplicates(rows)
    assert set(found) == {42}
    assert found[42].evidence["kind"] == "near_date"
    assert 0 < found[42].evidence["chance"] < NEAR_DATE_CHANCE
    assert "its other invoices of those days would carry it by chance about 2e-05 times" in (
        found[42].reason
    )


def test_a_copy_with_cents_at_a_vendor_of_whole_sums_is_judged_by_its_cents() -> None:
    # a contractor billing whole sums: an amount with cents is rarer there, not likelier
    rows = [
        ("Fasad Bygg", f"FB-{k}", date(2025, 1, 6) + timedelta(7 * k), f"{300 + 13 * k}.00")
        for k in range(40)
    ]
    rows.append(("Fasad Bygg", "FB-900", date(2025, 10, 6), "487.63"))
    rows.append(("Fasad Bygg", "FB-977", date(2025, 10, 8), "487.63"))
    found = duplicates(rows)
    assert set(found) == {42} and found[42].evidence["chance"] < NEAR_DATE_CHANCE


def test_a_carriers_same_rate_twice_in_a_busy_week_is_chance_not_a_copy() -> None:
    # thirty shipments a day at rates of 150-250: one of them 196.00 twice on a day is chance
    day = date(2025, 3, 3)
    rows = [
        (
            "Heartland Freight",
            f"{7470000 + 40 * d + k}",
            day + timedelta(d),
            f"{150 + k * 3.37:.2f}",
        )
        for d in range(5)
        for k in range(30)
    ]
    rows.append(("Heartland Freight", "7474460", day, "196.00"))
    rows.append(("Heartland Freight", "7474477", day, "196.00"))
    assert duplicates(rows) == {}


def test_a_carriers_lane_rates_under_a_monthly_surcharge_repeat_within_the_month() -> None:
    # five lanes, each shipped twice a month at its rate times that month's fuel surcharge:
    # equal sums days apart under a counter shared with other customers, the carrier's routine
    lanes = ("1104.50", "1287.30", "1466.10", "1652.80", "1838.40")
    rows: list[Row] = []
    for m in range(1, 13):
        surcharge = Decimal(1) + Decimal("0.011") * (m % 5) + Decimal("0.003") * m
        for k, rate in enumerate(lanes):
            amount = str((Decimal(rate) * surcharge).quantize(Decimal("0.01")))
            first = 2 + (3 * k + m) % 12
            for day in (first, first + 1 + (5 * k + 3 * m) % 14):
                rows.append(
                    ("Transports Drôme", str(5000 + 37 * len(rows)), date(2025, m, day), amount)
                )
    gaps = [abs((a[2] - b[2]).days) for a, b in zip(rows[::2], rows[1::2], strict=True)]
    assert sum(g <= 3 for g in gaps) >= 2 and sum(4 <= g <= 30 for g in gaps) >= 5  # premise
    assert duplicates(rows) == {}
    # a copy under the same number is still one
    rows.append(rows[7])
    assert set(duplicates(rows)) == {len(rows)}


def test_mistyped_number_weeks_apart_is_not_a_duplicate() -> None:
    rows = [
        ("Lahn Logistik", "RE-08303", date(2025, 6, 2), "935.81"),
        ("Lahn Logistik", "RE-08343", date(2025, 6, 12), "935.81"),
    ]
    assert duplicates(rows) == {}


def test_credit_and_rebill_under_a_near_number_is_not_a_duplicate() -> None:
    rows = [
        ("Eifel Telekom", "R01825", date(2025, 4, 17), "625.34"),
        ("Eifel Telekom", "CN-7", date(2025, 4, 18), "-625.34"),
        ("Eifel Telekom", "R01895", date(2025, 4, 18), "625.34"),
        ("Eifel Telekom", "2025-0013", date(2025, 5, 5), "1408.92"),
        ("Eifel Telekom", "CN-8", date(2025, 5, 12), "-1408.92"),
        ("Eifel Telekom", "20250013", date(2025, 5, 12), "1408.92"),
    ]
    assert duplicates(rows) == {}


def test_a_rebill_entered_after_a_late_credit_is_not_a_duplicate_a_credited_copy_is() -> None:
    # the credit comes six weeks after the invoice; the corrected one, keeping the original's
    # date, is entered after the credit (rows are in entry order)
    rebill = [
        ("Ivory Lumber", "IL-4410", date(2025, 3, 3), "4120.00"),
        ("Ivory Lumber", "CR-112", date(2025, 4, 14), "-4120.00"),
        ("Ivory Lumber", "IL-4410-C", date(2025, 3, 3), "4120.00"),
    ]
    assert duplicates(rebill) == {}
    # the same three entered invoice, copy, credit: the vendor credited a duplicate weeks
    # after both were entered (and paid); the copy stays listed
    credited = [rebill[0], rebill[2], rebill[1]]
    assert set(duplicates(credited)) == {2}


def test_a_number_re_keyed_without_its_letters_is_the_same_number() -> None:
    rows = [
        ("Lomax Stationers", "S07663", date(2025, 6, 2), "178.20"),
        ("Lomax Stationers", "7663", date(2025, 6, 2), "178.20"),  # row 2: prefix dropped
        ("Pennine Timber", "182631", date(2025, 5, 30), "202.69"),
        ("Pennine Timber", "INV182631", date(2025, 7, 3), "202.69"),  # row 4: prefix added
        # a few digits alone say too little: two series' small numbers can meet
        ("Tees Print", "A-101", date(2025, 6, 2), "88.10"),
        ("Tees Print", "B-101", date(2025, 6, 30), "88.10"),
    ]
    # letters that are part of the number (a month's rent, instalments A, B, C) tell it apart
    months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    rows += [("Landlord", f"RENT-{m}-2024", date(2024, k + 1, 1), "2750.00")
             for k, m in enumerate(months)]  # fmt: skip
    rows += [("Builder", f"7788-{x}", date(2024, 3 + 2 * k, 5), "4100.00")
             for k, x in enumerate("ABC")]  # fmt: skip
    found = duplicates(rows)
    assert set(found) == {2, 4}
    assert "the same number written differently (S07663 and 7663)" in found[2].reason


def test_a_number_with_letters_read_as_digits_is_the_same_number() -> None:
    rows = series("Sued Transport", "INV-0443{:02d}", 1, 7)
    # re-keyed from a scan, "I" read as "1"; a running series' next number at the same price is
    # another invoice, not a misreading
    rows.append(("Sued Transport", "INV-044308", date(2025, 5, 23), "2398.02"))
    rows.append(("Sued Transport", "1NV-044308", date(2025, 5, 26), "2398.02"))
    rows.append(("Sued Transport", "INV-044309", date(2025, 5, 27), "2398.02"))
    # "0" read as "O" right after the dash, at a price billed four times already
    rows.append(("Sued Transport", "INV-044310", date(2025, 6, 2), "2398.02"))
    rows.append(("Sued Transport", "INV-O44310", date(2025, 6, 3), "2398.02"))
    found = duplicates(rows)
    assert set(found) == {9, 12}
    assert found[9].evidence["original"] == 8
    assert found[12].evidence["original"] == 11


def test_the_copy_is_the_invoice_entered_second_even_when_dated_earlier() -> None:
    rows = series("Prairie Oilseed", "INV-{}", 29510, 20)
    entered = [d + timedelta(2) for _, _, d, _ in rows]
    # invoice 10 again, its date mistyped five days early, entered four weeks after it
    _, number, day, amount = rows[9]
    rows.append(("Prairie Oilseed", number, day - timedelta(5), amount))
    entered.append(day + timedelta(28))
    found = duplicates(rows, entered)
    assert set(found) == {21}
    assert found[21].evidence["original"] == 10
    assert "dated 5 days earlier" in found[21].reason


def test_an_original_without_an_entry_time_counts_as_entered_on_its_date() -> None:
    rows = series("Acme", "AC-{}", 1000, 20)
    entered: list[date | None] = [d + timedelta(2) for _, _, d, _ in rows]
    # the original lacks its entry time; its copy, dated three days later, was entered after
    rows.append(("Acme", "AC-7777", date(2025, 3, 5), "1234.56"))
    entered.append(None)
    rows.append(("Acme", "AC-7777", date(2025, 3, 8), "1234.56"))
    entered.append(date(2025, 3, 9))
    found = duplicates(rows, entered)
    assert set(found) == {22}
    assert found[22].evidence["original"] == 21
