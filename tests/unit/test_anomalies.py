"""Detectors over a small canonical ledger in a real (in-memory) DuckDB."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import duckdb
import pytest

from core.anomalies import ScanConfig, scan
from core.anomalies.holidays import holidays_between
from core.anomalies.limits import _cluster_score
from core.anomalies.splits import (
    CUE_MAX_BOOST,
    SPLIT_ALPHA,
    _compound_upper,
    _Group,
    _minimal,
    _score,
)
from core.anomalies.stats import poisson_upper
from core.anomalies.vendors import FEW_SCORE, OCCASIONAL_SCORE

START = date(2024, 1, 1)
COLUMNS = (
    "vendor",
    "invoice_number",
    "invoice_date",
    "total_amount",
    "account",
    "iban",
    "uploaded_by",
    "approved_by",
)


HOLIDAYS = holidays_between(date(2023, 1, 1), date(2026, 12, 31))


def workday(d: date) -> date:
    while d.weekday() >= 5 or d in HOLIDAYS:
        d += timedelta(1)
    return d


class Book:
    """Rows in entry order; each add returns its 1-based row id."""

    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def add(
        self,
        vendor: str,
        number: str,
        day: date,
        amount: str,
        account: str = "Expenses:X",
        iban: str | None = None,
        up: str | None = "ann",
        ap: str = "bob",
        tax: str | None = None,
    ) -> int:
        self.rows.append((vendor, number, day, Decimal(amount), account, iban, up, ap, tax))
        return len(self.rows)

    def routine(
        self,
        vendor: str,
        n: int,
        median: float,
        sigma: float,
        rng: random.Random,
        every: int = 7,
        iban: str | None = None,
    ) -> None:
        for k in range(n):
            amount = f"{median * math.exp(sigma * rng.gauss(0, 1)):.2f}"
            self.add(
                vendor,
                f"{vendor[:2].upper()}-{1000 + k}",
                workday(START + timedelta(every * k)),
                amount,
                iban=iban,
            )

    def series(
        self, vendor: str, prefix: str, first: date, every: int, amounts: list[str]
    ) -> list[int]:
        """One invoice per amount, every `every` days from first (on working days), numbered
        prefix + 0, 1, ...; returns their row ids."""
        return [
            self.add(vendor, f"{prefix}{k}", workday(first + timedelta(every * k)), amount)
            for k, amount in enumerate(amounts)
        ]

    def table(self, con: duckdb.DuckDBPyConnection, currency: str = "EUR") -> str:
        con.execute(
            "CREATE TABLE ledger (id BIGINT, seq BIGINT, vendor VARCHAR, invoice_number VARCHAR,"
            " invoice_date DATE, currency VARCHAR, net_amount DECIMAL(18,2),"
            " tax_amount DECIMAL(18,2), total_amount DECIMAL(18,2), account VARCHAR,"
            " iban VARCHAR, uploaded_by VARCHAR, approved_by VARCHAR, recorded_at TIMESTAMP)"
        )
        order = sorted(range(len(self.rows)), key=lambda i: (self.rows[i][2], i))

        def values(seq: int, i: int) -> tuple:
            vendor, number, day, total, *rest, tax = self.rows[i]
            net = None if tax is None else total - Decimal(tax)  # known where the tax is
            return (i + 1, seq, vendor, number, day, currency, net, tax, total, *rest)

        con.executemany(
            "INSERT INTO ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [values(seq, i) for seq, i in enumerate(order)],
        )
        return "ledger"


def run(book: Book, **cfg: object) -> dict[str, dict[int | None, object]]:
    con = duckdb.connect()
    # the rows are in the base currency
    currency = str(cfg.get("base_currency", "EUR"))
    found = scan(con, book.table(con, currency), ScanConfig(as_of=date(2026, 1, 1), **cfg))
    out: dict[str, dict[int | None, object]] = {}
    for d in found:
        out.setdefault(d.detector, {})[d.invoice_id] = d
    return out


def split_of(book: Book, parts: list[int]) -> dict[int | None, Any]:
    """The split findings, checked to be exactly the parts, each naming them all."""
    found = run(book)["split_purchase"]
    assert set(found) == set(parts)
    assert all(found[part].evidence["related"] == parts for part in parts)
    return found


@pytest.fixture
def rng() -> random.Random:
    return random.Random(5)


def test_exact_and_fuzzy_duplicates_but_not_credit_and_rebill(rng: random.Random) -> None:
    b = Book()
    b.routine("Acme", 30, 400, 0.4, rng)
    orig = b.add("Acme", "AC-7777", date(2024, 3, 5), "1234.56")
    exact = b.add("ACME", "AC-7777", date(2024, 3, 8), "1234.56")
    orig2 = b.add("Acme", "AC-8888", date(2024, 4, 9), "987.65")
    near = b.add("Acme", "AC-8888-A", date(2024, 4, 10), "987.65")
    billed = b.add("Acme", "AC-9999", date(2024, 5, 7), "2222.22")
    b.add("Acme", "CN-1", date(2024, 5, 14), "-2222.22")
    rebill = b.add("Acme", "AC-9999-R", date(2024, 5, 15), "2222.22")
    dup = run(b)["duplicate"]
    assert set(dup) == {exact, near}
    assert dup[exact].evidence["related"] == [orig, exact]
    assert dup[near].evidence["original"] == orig2
    assert "AC-8888-A" in dup[near].reason and "987.65" in dup[near].reason
    assert rebill not in dup and billed not in dup


def test_one_invoice_under_two_records_of_one_company_is_a_duplicate(rng: random.Random) -> None:
    b = Book()
    b.routine("Wessex Castings Ltd", 30, 400, 0.4, rng)
    b.routine("Acme GmbH & Co. KG", 30, 400, 0.4, rng)
    first = b.add("Wessex Castings Ltd", "WC-5120", date(2024, 3, 5), "1834.56")
    again = b.add("Wessex Castings Limited", "WC-5120", date(2024, 3, 8), "1834.56")
    # another company's invoice of that number and amount; the company's next invoice
    b.add("Wessex Forge Ltd", "WC-5120", date(2024, 3, 8), "1834.56")
    b.add("Wessex Castings Limited", "WC-5121", date(2024, 3, 9), "1790.20")
    twice = b.add("ACME GmbH", "A/77", date(2024, 6, 3), "905.10")
    b.add("Acme GmbH & Co. KG", "A-77", date(2024, 6, 3), "905.10")
    dotted = b.add("Rossi S.p.A.", "R-310", date(2024, 7, 1), "2210.00")
    b.add("Rossi SpA", "R-310", date(2024, 7, 2), "2210.00")
    # a Polish limited company keyed again in capitals without the dots, and a Czech one
    polish = b.add("Sklejka Mazury Sp. z o.o.", "FV 124/11/2022", date(2024, 8, 1), "10650.82")
    b.add("SKLEJKA MAZURY SP Z OO", "FV 124/11/2022", date(2024, 8, 1), "10650.82")
    czech = b.add("Dřevo Morava s.r.o.", "2024-0311", date(2024, 8, 5), "3120.00")
    b.add("DŘEVO MORAVA SRO", "2024-0311", date(2024, 8, 6), "3120.00")
    # a form is read where a name ends: initials, words and a partnership written after a
    # limited company of the same name make other companies
    for first_name, second_name in (
        ("BT Group", "EG Group"),
        ("LP Building Products", "Building Products Inc"),
        ("SIA Partners", "Partners LLP"),
        ("Budrex Sp. z o.o.", "Budrex Sp. z o.o. Sp. k."),
    ):
        number = f"N-{len(first_name)}{len(second_name)}"
        b.add(first_name, number, date(2024, 9, 2), "4410.00")
        b.add(second_name, number, date(2024, 9, 5), "4410.00")
    dup = run(b)["duplicate"]
    assert set(dup) == {again, twice + 1, dotted + 1, polish + 1, czech + 1}
    assert dup[again].evidence == {"related": [first, again], "original": first,
                                   "kind": "other_record"}  # fmt: skip
    assert "another vendor record of the same company" in dup[again].reason
    assert dup[twice + 1].evidence["original"] == twice


def test_monthly_subscription_is_not_a_duplicate_or_repeat(rng: random.Random) -> None:
    b = Book()
    for m in range(12):
        b.add("Cloudy", f"CL-{m + 1}", workday(date(2024, m + 1, 3)), "99.00")
    found = run(b)
    assert "duplicate" not in found and "repeated_amount" not in found


def test_amount_outlier_uses_vendor_history(rng: random.Random) -> None:
    b = Book()
    b.routine("Paper Co", 40, 120, 0.3, rng)
    odd = b.add("Paper Co", "PA-5000", date(2024, 6, 4), "4800.00")
    found = run(b)["amount_outlier"]
    assert set(found) == {odd}
    assert found[odd].evidence["history"] == 41
    assert "Paper Co" in found[odd].reason and "median" in found[odd].reason


def test_each_phone_line_of_a_vendor_is_measured_by_its_own_level() -> None:
    rng = random.Random(23)
    b = Book()
    # one carrier, one account, two lines numbered by their account: about 1,100 and 4,800 a
    # month. Together their median sits on the smaller line and their spread is nought, so
    # every bill of the larger one would read as four times the usual
    small = b.series(
        "Air Link", "5947-", START, 30, [f"{1100 * rng.uniform(0.97, 1.03):.2f}" for _ in range(38)]
    )
    large = b.series(
        "Air Link", "5209-", START, 30, [f"{4800 * rng.uniform(0.96, 1.03):.2f}" for _ in range(35)]
    )
    slip = b.add("Air Link", "5209-99", workday(START + timedelta(30 * 35)), "48113.20")
    found = run(b)["amount_outlier"]
    assert set(found) == {slip}
    assert found[slip].evidence["history"] == 36
    assert "Air Link's 36 invoices on Expenses:X numbered 5209-... (" in found[slip].reason
    assert not set(small + large) & found.keys()


def test_a_short_history_needs_a_glaring_amount_a_long_one_a_far_one() -> None:
    from statistics import NormalDist

    def history(vendor: str, n: int) -> None:
        # amounts at a lognormal's quantiles (median 500, sigma 0.3): a spread known exactly
        quantiles = [NormalDist().inv_cdf((k + 0.5) / n) for k in range(n)]
        random.Random(n).shuffle(quantiles)  # in no order of dates
        for k, q in enumerate(quantiles):
            day = workday(START + timedelta(7 * k))
            b.add(vendor, f"{vendor[:2]}-{k}", day, f"{500 * math.exp(0.3 * q):.2f}")

    b = Book()
    for vendor, n in (("Short Co", 12), ("Long Co", 40), ("Slip Co", 12)):
        history(vendor, n)
    # five spreads above the median (robust z about 4.7): far for a history of 40 invoices,
    # not for one of 13
    far = [b.add(v, f"{v[:2]}-99", date(2024, 9, 4), f"{500 * math.exp(1.5):.2f}")
           for v in ("Short Co", "Long Co")]  # fmt: skip
    slip = b.add("Slip Co", "SL-99", date(2024, 9, 5), "5000.00")  # ten times: a keying slip
    found = run(b)["amount_outlier"]
    assert set(found) == {far[1], slip}
    assert found[far[1]].evidence["z_limit"] == 4.0
    assert "where 4.0 is the limit." in found[far[1]].reason
    short = found[slip]
    assert short.evidence["history"] == 13
    assert short.evidence["z_limit"] == pytest.approx(4.0 * 20 / 13, abs=1e-3)
    assert short.evidence["z"] > short.evidence["z_limit"]
    assert "where 6.15 is the limit for a history of 13 invoices." in short.reason


def test_bills_beside_a_retainer_are_measured_by_each_other_a_keying_slip_still_stands_out() -> (
    None
):
    rng = random.Random(22)
    b = Book()
    # a law firm: 7,500.00 a month, and hourly bills of 9,000-28,000 now and then, twenty of
    # them: history enough to measure the far one by (SHORT_HISTORY); one series of numbers
    for k in range(36):
        b.add("Firm LLP", f"FL-{k}", workday(START + timedelta(30 * k)), "7500.00")
    hourly = [
        b.add(
            "Firm LLP",
            f"FL-{100 + k}",
            workday(START + timedelta(70 * k + 9)),
            f"{rng.uniform(9000, 28000):.2f}",
        )
        for k in range(20)
    ]
    # a fixed fee of 99.00 keyed once as 990.00, with too few other bills to measure by
    for k in range(36):
        b.add("Fee Co", f"F-{k}", workday(START + timedelta(30 * k + 2)), "99.00")
    slip = b.add("Fee Co", "F-99", date(2024, 6, 4), "990.00")
    # and one of the firm's bills far beyond its hourly ones
    far = b.add("Firm LLP", "FL-999", date(2024, 9, 4), "160000.00")
    found = run(b)["amount_outlier"]
    assert not set(hourly) & found.keys()
    assert {slip, far} <= found.keys()
    assert "besides its price 7,500.00 EUR (billed 36 times)" in found[far].reason


def test_a_small_amount_is_judged_by_the_spread_of_the_vendors_smaller_invoices() -> None:
    rng = random.Random(21)
    b = Book()
    # gamma-distributed amounts: their logarithms trail further below the median than above
    for k in range(200):
        day = workday(START + timedelta(3 * k))
        b.add("Fitter", f"FI-{k}", day, f"{rng.gammavariate(2, 300):.2f}")
    small = b.add("Fitter", "FI-900", date(2024, 6, 4), "15.00")  # robust z -4.2 two-sided
    large = b.add("Fitter", "FI-901", date(2024, 6, 5), "30000.00")
    b.routine("Paper Co", 60, 500, 0.3, rng)
    tiny = b.add("Paper Co", "PA-900", date(2024, 6, 6), "12.50")  # 1/40 of a narrow median
    found = run(b)["amount_outlier"]
    assert small not in found
    assert set(found) == {large, tiny}


def test_a_tail_of_small_bills_is_no_outlier_but_two_small_ones_at_a_small_vendor_are() -> None:
    rng = random.Random(5)
    b = Book()
    # call-out fees and parts: gamma(2) amounts, whose smallest trail off to 1/30 of the median
    natural = [
        b.add("Fitter", f"FI-{k}", workday(START + timedelta(k)), f"{rng.gammavariate(2, 300):.2f}")
        for k in range(700)
    ]
    b.routine("Small", 12, 1000, 0.2, rng, every=20)
    low = [b.add("Small", f"SM-9{k}", date(2024, 9, 2 + k), "15.00") for k in (0, 1)]
    found = run(b)["amount_outlier"]
    assert not set(natural) & set(found)
    assert set(low) <= set(found)


def test_the_smallest_bills_of_a_long_gamma_tail_are_measured_deeper_in_it() -> None:
    rng = random.Random(8)
    b = Book()
    # 760 call-out fees and parts, gamma(2): over such a history a bill at 1/40 of the median
    # is expected about once, yet the top decile of the tail is narrower than that
    amounts = sorted(rng.gammavariate(2, 150) for _ in range(758))
    median = amounts[len(amounts) // 2]
    fees = [b.add("Fitter", f"FI-{k}", workday(START + timedelta(k)), f"{a:.2f}")
            for k, a in enumerate(amounts)]  # fmt: skip
    smallest = [b.add("Fitter", f"FI-9{k}", date(2024, 5, 6 + k), f"{median / 41:.2f}")
                for k in (0, 1)]  # fmt: skip
    # a lognormal vendor as long: its 2nd percentile is where a normal puts it, so 1/25 of
    # its median is still far out
    b.routine("Paper Co", 300, 500, 0.4, rng, every=2)
    cut = b.add("Paper Co", "PA-900", date(2024, 6, 6), "20.00")
    # six odd small bills make a short history's 2nd percentile their own: they stay flagged
    b.routine("Ink Co", 250, 600, 0.4, rng, every=3)
    odd = [b.add("Ink Co", f"IN-9{k}", date(2024, 7, 1 + k), f"{20 + k}.00") for k in range(6)]
    found = run(b)["amount_outlier"]
    assert not set(fees + smallest) & set(found)
    assert {cut, *odd} <= set(found)


def test_just_below_limit_clusters_and_splits(rng: random.Random) -> None:
    b = Book()
    b.routine("Steel", 60, 900, 0.4, rng)
    b.routine("Parts", 60, 700, 0.4, rng)
    b.routine("Tools", 60, 600, 0.4, rng)
    single = b.add("Other", "OT-1", date(2024, 2, 6), "9950.00")
    cluster = b.series(
        "Steel", "ST-", date(2024, 3, 4), 20, [f"{9300 + 150 * k}.17" for k in range(4)]
    )
    hidden = b.series(
        "Parts", "PT-", date(2024, 2, 5), 25, [f"{4700 + 60 * k}.31" for k in range(4)]
    )
    split = [
        b.add("Tools", "TO-90", date(2024, 9, 10), "6100.40"),
        b.add("Tools", "TO-91", date(2024, 9, 11), "5800.10"),
    ]
    found = run(b)
    assert set(found["below_limit"]) == {single, *cluster}
    steel = found["below_limit"][cluster[0]]
    assert "a cluster" in steel.reason and "as many has a chance of" in steel.reason
    # at least its evidence's score: the amount outlier it explains (9,300 at a vendor of 900)
    # lends a higher one
    assert steel.score >= _cluster_score(steel.evidence["chance"])
    assert "chance" not in found["below_limit"][single].evidence
    assert set(found["threshold_cluster"]) == set(hidden)
    assert set(found["split_purchase"]) == set(split)
    assert "11,900.50" in found["split_purchase"][split[0]].reason
    found = run(b, approval_limits=(Decimal("5000"),))
    assert set(found["below_limit"]) == set(hidden)


def test_round_amounts_except_from_round_fee_vendors(rng: random.Random) -> None:
    b = Book()
    b.routine("Varied", 30, 800, 0.4, rng)
    odd = b.add("Varied", "VA-77", date(2024, 7, 2), "3000.00")
    for k in range(12):
        b.add(
            "Law Firm",
            f"LF-{k}",
            workday(START + timedelta(30 * k + 3)),
            ["1500.00", "2500.00", "1000.00"][k % 3],
        )
    # small vendors: a round total among uneven ones is odd; among round ones it is their way
    lone = [b.add("Small", "SM-1", date(2024, 3, 4), "412.37"),
            b.add("Small", "SM-2", date(2024, 4, 4), "2000.00")]  # fmt: skip
    for k, amount in enumerate(["2000.00", "3000.00", "4000.00"]):
        b.add("Rounder", f"RO-{k}", date(2024, 3 + k, 5), amount)
    found = run(b)["round_amount"]
    assert set(found) == {odd, lone[1]}
    assert "Small's other invoice is no round sum" in found[lone[1]].reason
    assert "none of Varied's other 30 invoices is round" in found[odd].reason


def test_a_tradesman_quoting_a_round_sum_one_bill_in_twelve_quotes_them_as_a_habit() -> None:
    # a plumber's call-outs carry cents, and one bill in twelve is a fixed quote, tax included
    # (1,100.00): its round totals are its quotes. Another's four in a hundred are too few to
    # make a habit, and each is listed
    rng = random.Random(9)
    b = Book()
    quotes = []
    for k in range(96):
        day = workday(START + timedelta(4 * k))
        if k % 12 == 5:
            amount = f"{100 * rng.randint(9, 30)}.00"
            quotes.append(b.add("Plumber", f"PL-{k}", day, amount))
        else:
            b.add("Plumber", f"PL-{k}", day, f"{600 * math.exp(0.6 * rng.gauss(0, 1)):.2f}")
    for k in range(100):
        amount = f"{600 * math.exp(0.6 * rng.gauss(0, 1)):.2f}" if k % 40 != 7 else "1800.00"
        b.add("Electrician", f"EL-{k}", workday(START + timedelta(4 * k)), amount)
    odd = b.add("Electrician", "EL-X", date(2024, 11, 5), "2500.00")
    assert len(quotes) == 8
    found = run(b)["round_amount"]
    assert not set(quotes) & found.keys()
    assert (
        odd in found and "only 3 of Electrician's other 100 invoices are round" in found[odd].reason
    )
    assert sum(1 for d in found.values() if d.evidence["vendor"] == "Electrician") == 4


def test_a_round_fee_on_a_schedule_makes_no_habit_of_round_quotes() -> None:
    # a supplier of varying bills with a monthly account fee of 100.00: the fee is on a
    # schedule, no quote, and a padded 2,000.00 total stays listed
    rng = random.Random(13)
    b = Book()
    for k in range(200):
        day = workday(START + timedelta(5 * k))
        b.add("Supplies", f"SU-{k}", day, f"{450 * math.exp(0.5 * rng.gauss(0, 1)):.2f}")
    for m in range(24):
        b.add("Supplies", f"SU-F{m}", date(2024 + m // 12, 1 + m % 12, 1), "100.00")
    padded = b.add("Supplies", "SU-X", date(2024, 6, 12), "2000.00")
    assert padded in run(b).get("round_amount", {})


def test_a_tradesmans_small_round_quotes_count_toward_the_habit() -> None:
    # a plumber quoting round sums one bill in twenty, most of them small jobs (200.00 to
    # 400.00) and four of 500 or more: all ten are its quotes, none a padded total
    rng = random.Random(12)
    b = Book()
    b.routine("Varied", 40, 800, 0.4, rng)
    for k in range(200):
        day = workday(START + timedelta(5 * k))
        b.add("Plumber", f"PL-{k}", day, f"{450 * math.exp(0.7 * rng.gauss(0, 1)):.2f}")
    amounts = ["200.00", "300.00", "200.00", "400.00", "300.00", "200.00"]
    amounts += ["600.00", "1200.00", "900.00", "2500.00"]
    quotes = [
        b.add("Plumber", f"PL-Q{k}", workday(START + timedelta(97 * k + 11)), amount)
        for k, amount in enumerate(amounts)
    ]
    found = run(b).get("round_amount", {})
    assert not set(quotes) & found.keys()


def test_a_vendor_billing_round_fees_before_tax_bills_a_round_total_as_a_round_fee() -> None:
    # an auditor's fees are round before 13 % tax (5,000.00 -> 5,650.00); 10,000.00 of fees make
    # a round total of 11,300.00, its way of billing. The same total whose fee carries cents, at
    # a vendor whose fees do, is still a round total where tax should have made it uneven
    rng = random.Random(8)
    b = Book()
    for k in range(10):
        fee = 1000 * (3 + k % 5)
        b.add("Auditor", f"AU-{k}", workday(START + timedelta(30 * k)), f"{fee * 1.13:.2f}",
              tax=f"{fee * 0.13:.2f}")  # fmt: skip
    audit_fee = b.add("Auditor", "AU-10", date(2024, 11, 4), "11300.00", tax="1300.00")
    for k in range(30):
        fee = 900 * math.exp(0.4 * rng.gauss(0, 1))
        b.add("Supplier", f"SU-{k}", workday(START + timedelta(9 * k)), f"{fee * 1.13:.2f}",
              tax=f"{fee * 0.13:.2f}")  # fmt: skip
    odd = b.add("Supplier", "SU-30", date(2024, 11, 5), "11300.00", tax="1299.99")
    # a round total whose fee is not on record is judged as a total: tax made the others uneven
    unknown = b.add("Auditor", "AU-11", date(2024, 12, 2), "12000.00")
    found = run(b)["round_amount"]
    assert set(found) == {odd, unknown} and audit_fee not in found


def test_a_vendor_that_charges_no_tax_in_a_taxed_ledger_bills_round_fees_as_they_are() -> None:
    rng = random.Random(31)

    def book(tax_elsewhere: bool) -> tuple[Book, list[int], int]:
        b = Book()
        # a builders' merchant charging 25 % VAT on every delivery (or a ledger without tax)
        for k in range(120):
            total = 800 * math.exp(0.5 * rng.gauss(0, 1))
            tax = f"{total / 5:.2f}" if tax_elsewhere else "0.00"
            b.add(
                "Bygghandel", f"BH-{k}", workday(START + timedelta(5 * k)), f"{total:.2f}", tax=tax
            )
        # a subcontractor under reverse charge: no VAT, stage payments and hours at a rate, in
        # whole kronor
        fees = [
            b.add("Fasad AB", f"FA-{k}", workday(START + timedelta(30 * k)), amount, tax="0.00")
            for k, amount in enumerate(
                [
                    "15600.00",
                    "8437.00",
                    "9152.00",
                    "6391.00",
                    "11213.00",
                    "7318.00",
                    "12000.00",
                    "5512.00",
                    "9987.00",
                    "6742.00",
                ]
            )
        ]
        # a taxed delivery of a round 3,000.00 at the merchant is still odd
        odd = b.add("Bygghandel", "BH-X", date(2024, 7, 2), "3000.00", tax="600.00")
        return b, fees, odd

    b, fees, odd = book(tax_elsewhere=True)
    found = run(b)["round_amount"]
    assert odd in found and not set(fees) & found.keys()
    # where no invoice carries tax (a US ledger), no vendor is set apart by it
    b, fees, odd = book(tax_elsewhere=False)
    found = run(b)["round_amount"]
    assert {odd, fees[0], fees[6]} <= found.keys()
    # nor is one without tax whose totals carry cents: a round sum stands out among them
    b, _, _ = book(tax_elsewhere=True)
    cents = [
        b.add(
            "Tolk AB",
            f"TA-{k}",
            workday(START + timedelta(20 * k)),
            f"{2000 + 37 * k}.45",
            tax="0.00",
        )
        for k in range(12)
    ]
    round_sum = b.add("Tolk AB", "TA-X", date(2024, 9, 3), "5000.00", tax="0.00")
    found = run(b)["round_amount"]
    assert round_sum in found and not set(cents) & found.keys()


def test_dates_weekend_holiday_future_and_out_of_order(rng: random.Random) -> None:
    b = Book()
    for k in range(300):
        b.add(f"V{k % 10}", f"N{k}", workday(START + timedelta(k)), f"{100 + k}.15")
    saturday = b.add("V1", "S1", date(2024, 6, 8), "150.15")
    holiday = b.add("V2", "H1", date(2024, 12, 25), "160.15")  # a Wednesday
    future = b.add("V3", "F1", date(2026, 3, 2), "170.15")
    found = run(b)
    assert saturday in found["weekend_date"]
    assert set(found["holiday_date"]) == {holiday}
    assert "Christmas" in found["holiday_date"][holiday].reason
    assert set(found["future_date"]) >= {future}
    # entry order stands in for time: a row dated a year before its neighbours is backdated
    con = duckdb.connect()
    table = b.table(con)
    con.execute(f"UPDATE {table} SET invoice_date = DATE '2023-09-01' WHERE id = 150")
    back = {
        d.invoice_id
        for d in scan(con, table, ScanConfig(as_of=date(2026, 1, 1)))
        if d.detector == "backdated"
    }
    assert back == {150}


def test_vendor_master_new_vendor_iban_change_rare_account_sod(rng: random.Random) -> None:
    b = Book()
    b.routine("Old", 60, 300, 0.3, rng, every=5, iban="DE11111111111111111111")
    b.routine("Other", 60, 300, 0.3, rng, every=5, iban="DE22222222222222222222")
    changed = b.add("Old", "OL-5000", date(2024, 6, 12), "310.00", iban="DE99999999999999999999")
    newco = b.add("Newco", "NC-1", date(2024, 8, 6), "500.00", iban="DE22222222222222222222")
    rare = b.add(
        "Old",
        "OL-5001",
        date(2024, 6, 14),
        "305.10",
        account="Expenses:Travel",
        iban="DE11111111111111111111",
    )
    sod = b.add(
        "Other",
        "OT-5000",
        date(2024, 6, 17),
        "299.99",
        iban="DE22222222222222222222",
        up="carl",
        ap="Carl ",
    )
    found = run(b)
    assert set(found["new_vendor"]) == {newco}
    assert set(found["iban_change"]) == {changed, newco}
    assert "another vendor, Other" in found["iban_change"][newco].reason
    assert set(found["rare_account"]) == {rare}
    assert set(found["sod_breach"]) == {sod}


def test_one_odd_account_at_a_small_vendor_with_one_habit_is_rare() -> None:
    b = Book()

    def bills(vendor: str, accounts: list[str]) -> list[int]:
        return [
            b.add(vendor, f"{vendor[:3]}-{k}", workday(START + timedelta(23 * k)), "840.00", a)
            for k, a in enumerate(accounts)
        ]

    # a lab of fourteen bills, thirteen on one account: the fourteenth booked to rent
    lab = bills("Lab AB", ["6550"] * 6 + ["5010"] + ["6550"] * 7)
    # a vendor of fourteen bills over three accounts has no one habit to break
    mixed = bills("Mixed AB", ["4010"] * 9 + ["5410"] * 4 + ["5611"])
    # and eleven bills are too few to show a habit
    short = bills("Short AB", ["6550"] * 5 + ["5010"] + ["6550"] * 5)
    found = run(b).get("rare_account", {})
    assert set(found) == {lab[6]}
    assert not (set(mixed) | set(short)) & found.keys()
    assert "used for only 1 of Lab AB's 14 invoices; they usually go to 6550 (13 times)" in (
        found[lab[6]].reason
    )


def test_numbering_gap_and_out_of_sequence(rng: random.Random) -> None:
    b = Book()
    rows = {}
    for k in range(40):
        if k in (20, 21):
            continue  # two numbers never billed to us
        number = 5000 + k if k != 30 else 1200
        rows[k] = b.add("Seq", f"INV-{number}", workday(START + timedelta(6 * k)), f"{200 + k}.40")
    found = run(b)["numbering"]
    # 1200 is out of sequence, and its place, 5030, is missing from the run-on series
    assert set(found) == {rows[22], rows[30], rows[31]}
    assert found[rows[22]].evidence["missing"] == 2
    assert found[rows[30]].evidence["kind"] == "out_of_sequence"
    assert found[rows[31]].evidence == {
        "vendor": "Seq",
        "missing": 1,
        "previous_number": "INV-5029",
        "kind": "gap",
    }


def test_numbering_big_forward_jumps_are_not_disorder(rng: random.Random) -> None:
    b = Book()
    number, rows = 7000, []
    for k in range(40):
        number += rng.randint(1, 40) if k != 25 else 900  # one long jump: others were billed
        rows.append(b.add("Jumpy", f"J{number}", workday(START + timedelta(5 * k)), "310.00"))
    b.add("Jumpy", "J7100", workday(START + timedelta(5 * 30)), "455.10")  # from the past
    found = run(b).get("numbering", {})
    assert set(found) == {len(b.rows)}
    assert found[len(b.rows)].evidence["kind"] == "out_of_sequence"


def test_a_bunch_under_a_power_of_ten_is_folded_into_benford_only_where_the_skew_is_wider() -> None:
    rng = random.Random(4)
    b = Book()
    for k in range(600):
        day = workday(START + timedelta(k % 600))
        b.add("Natural", f"NA-{k}", day, f"{10 ** rng.uniform(1.5, 4.5):.2f}")
    bunched: dict[str, list[int]] = {"Skewed": [], "Padder": []}
    for k in range(300):
        day = workday(START + timedelta(2 * k))
        if k % 5 == 0:  # both bunch amounts just under a thousand
            for vendor, rows in bunched.items():
                rows.append(b.add(vendor, f"{vendor[:2]}-{k}", day, f"{rng.uniform(950, 999):.2f}"))
            continue
        # Skewed's other amounts start with 6, 7 or 8 only; Padder's are natural
        skewed = (rng.uniform(6, 9) * 10 ** rng.randint(2, 3), 10 ** rng.uniform(2, 4))
        for vendor, amount in zip(bunched, skewed, strict=True):
            b.add(vendor, f"{vendor[:2]}-{k}", day, f"{amount:.2f}")
    con = duckdb.connect()
    found = scan(con, b.table(con), ScanConfig(as_of=date(2026, 1, 1)))
    clusters = {d.invoice_id for d in found if d.detector == "threshold_cluster"}
    benford = {d.subject: d for d in found if d.detector == "benford"}
    # Skewed fails Benford without the bunch too: one alarm, the bunch listed in it
    assert not clusters & set(bunched["Skewed"])
    assert set(bunched["Skewed"]) <= set(benford["Skewed"].evidence["digit_cliff_ids"])
    assert "just below a power of ten" in benford["Skewed"].reason
    # Padder fails only because of the bunch: the cluster is the alarm, the failed test its
    # symptom, folded into it
    assert set(bunched["Padder"]) <= clusters
    assert "Padder" not in benford
    padded = next(d for d in found if d.invoice_id == bunched["Padder"][0])
    assert "are also why Padder's first digits fail Benford's law" in padded.reason
    assert padded.evidence["benford"]["first"]["mad"] > 0.02
    # Skewed's cluster went into its Benford finding: Padder's names no other cluster
    assert "other vendor" not in padded.reason and "other_vendors" not in padded.evidence
    # a limit of 990 lists the same invoices, but under no power of ten: no Benford note
    con = duckdb.connect()
    limited = scan(
        con, b.table(con), ScanConfig(as_of=date(2026, 1, 1), approval_limits=(Decimal(990),))
    )
    at_990 = [
        d for d in limited if d.detector == "below_limit" and d.evidence["vendor"] == "Padder"
    ]
    assert at_990 and not any("Benford" in d.reason or "benford" in d.evidence for d in at_990)


def test_a_bunch_kept_under_the_limit_is_the_cause_of_the_benford_failure_it_makes() -> None:
    rng = random.Random(15)
    b = Book()
    # 45 amounts around 1,500 span under a decade: no Benford population; six more kept under
    # the 10,000 limit widen the spread to a decade and lead with 9s
    b.routine("Narrow", 45, 1500, 0.58, rng, every=9)
    kept = b.series(
        "Narrow", "NW-", date(2024, 3, 4), 50, [f"{9050 + 150 * k}.40" for k in range(6)]
    )
    found = run(b)
    assert "Narrow" not in {d.subject for d in found.get("benford", {}).values()}
    assert set(kept) <= found["below_limit"].keys()
    assert "first digits fail Benford's law" in found["below_limit"][kept[0]].reason
    # without the bunch the vendor is no Benford population at all
    b.rows = [r for i, r in enumerate(b.rows, 1) if i not in kept]
    assert "benford" not in run(b)


def test_vendors_named_in_other_scripts_stay_apart(rng: random.Random) -> None:
    b = Book()
    b.routine("ООО Ромашка", 100, 800, 0.3, rng)
    first = len(b.rows) + 1
    for k in range(20):  # a second vendor, a year later
        b.add("株式会社 東京", f"T-{k}", workday(START + timedelta(days=400 + 7 * k)), "95.00")
    assert set(run(b).get("new_vendor", {})) == {first}


def test_benford_flags_fabricated_vendor_not_natural_one() -> None:
    rng = random.Random(9)
    b = Book()
    for k in range(600):  # natural: log-uniform over three decades follows Benford
        b.add(
            "Natural",
            f"NA-{k}",
            workday(START + timedelta(k % 600)),
            f"{10 ** rng.uniform(1.5, 4.5):.2f}",
        )
    for k in range(300):  # fabricated: every leading digit equally often
        b.add(
            "Made Up",
            f"MU-{k}",
            workday(START + timedelta(2 * k)),
            f"{(k % 9 + 1 + rng.random()) * 10 ** rng.randint(2, 3):.2f}",
        )
    found = [d for d in run(b).get("benford", {}).values()]
    vendors = {d.subject for d in found}
    assert "Made Up" in vendors and "Natural" not in vendors
    made_up = next(d for d in found if d.subject == "Made Up")
    assert made_up.invoice_id is None
    assert made_up.evidence["first"]["verdict"] == "nonconformity"
    assert made_up.evidence["first"]["n"] == 300


def test_split_purchase_by_one_requester_found_busy_vendor_not(rng: random.Random) -> None:
    b = Book()
    b.routine("Tools", 80, 700, 0.4, rng, every=7)
    # a busy vendor whose large invoices come several a week: routine, not a split
    for k in range(300):
        day = workday(START + timedelta(k * 2))
        amount = f"{5200 * math.exp(0.3 * rng.gauss(0, 1)):.2f}"
        up = ("ann", "carl", "dora")[k % 3]
        b.add("BigSupply", f"BS-{k}", day, amount, up=up)
    split = [
        b.add("Tools", "TO-90", date(2024, 9, 10), "6100.40", up="eve"),
        b.add("Tools", "TO-91", date(2024, 9, 11), "5800.10", up="eve", ap="fay"),
    ]
    # the same sums a week later by two different requesters: two purchases, not one split
    b.add("Tools", "TO-95", date(2024, 10, 15), "6100.40", up="eve")
    b.add("Tools", "TO-96", date(2024, 10, 16), "5800.10", up="gus")
    found = run(b)["split_purchase"]
    assert set(found) == set(split)
    finding = found[split[0]]
    assert finding.evidence["related"] == split
    assert finding.evidence["requester"] == "eve"
    assert "11,900.50" in finding.reason and "uploaded by eve" in finding.reason
    assert finding.evidence["chance"] < 0.03


def test_new_vendor_every_invoice_of_its_first_day_a_random_late_one_ranked_lower(
    rng: random.Random,
) -> None:
    b = Book()
    b.routine("Old", 120, 300, 0.3, rng, every=5)
    # monthly like clockwork from day 100: three missed months are a new contract
    monthly = b.series(
        "Monthly", "MO-", START + timedelta(100), 30, [f"{120 + k}.00" for k in range(24)]
    )
    # every 20 days or so but at random from day 100: a first bill that late comes one time in
    # thirty-five at its pace (28 days as drawn), too often to call it new, too seldom to pass
    # over: perhaps an occasional vendor the ledger shows late; listed, ranked lower, saying so
    day = 100
    occasional = len(b.rows) + 1
    for k in range(24):
        b.add("Random", f"RA-{k}", workday(START + timedelta(day)), f"{80 + k}.00")
        day += max(1, round(rng.expovariate(1 / 20)))
    first = [
        b.add("Newco", "NC-1", date(2024, 8, 6), "500.00"),
        b.add("Newco", "NC-2", date(2024, 8, 6), "250.00"),
    ]
    b.add("Newco", "NC-3", date(2024, 8, 20), "260.00")
    b.add("Newco", "NC-4", date(2024, 9, 3), "255.00")
    # a vendor billing at random every 120 days or so, first dated 95 days in: a ledger opened
    # on any day sees its first bill that late four times in ten; no sign of anything
    water, day = [], 95
    for k, gap in enumerate([15, 240, 40, 300, 25, 150, 70, 0]):
        water.append(b.add("Water", f"WA-{k}", workday(START + timedelta(day)), f"{900 + k}.40"))
        day += gap
    found = run(b)["new_vendor"]
    assert water[0] not in found
    assert set(found) == {*first, monthly[0], occasional}
    assert {i: found[i].score for i in found} == {
        first[0]: 0.35,
        first[1]: 0.35,
        monthly[0]: 0.35,
        occasional: OCCASIONAL_SCORE,
    }
    assert "perhaps an occasional vendor" in found[occasional].reason
    assert not any(found[i].evidence["occasional"] for i in (*first, monthly[0]))
    assert found[first[1]].evidence["days_absent"] == (date(2024, 8, 6) - workday(START)).days


def test_split_purchase_counts_working_days_friday_monday_and_over_new_year(
    rng: random.Random,
) -> None:
    b = Book()
    b.routine("Tools", 80, 700, 0.4, rng, every=7)
    friday_monday = [  # Friday and the next Monday: consecutive working days
        b.add("Tools", "TO-90", date(2024, 9, 13), "6100.40", up="eve"),
        b.add("Tools", "TO-91", date(2024, 9, 16), "5800.10", up="eve"),
    ]
    new_year = [  # 31 December and 2 January: 1 January is a bank holiday
        b.add("Tools", "TO-95", date(2024, 12, 31), "6400.00", up="eve"),
        b.add("Tools", "TO-96", date(2025, 1, 2), "5200.55", up="eve"),
    ]
    b.routine("Parts", 80, 700, 0.4, rng, every=7)
    tuesday_thursday = [  # within a working week
        b.add("Parts", "PA-97", date(2024, 10, 15), "6150.40", up="eve"),
        b.add("Parts", "PA-98", date(2024, 10, 17), "5850.10", up="eve"),
    ]
    b.routine("Gears", 80, 700, 0.4, rng, every=7)
    # Monday and the next Monday: a sixth working day, two purchases rather than one
    b.add("Gears", "GE-99", date(2024, 11, 4), "6050.40", up="eve")
    b.add("Gears", "GE-100", date(2024, 11, 11), "5950.10", up="eve")
    found = run(b)["split_purchase"]
    assert set(found) == {*friday_monday, *new_year, *tuesday_thursday}
    assert found[new_year[0]].evidence["related"] == new_year
    assert found[friday_monday[1]].evidence["window_workdays"] == 2
    assert found[tuesday_thursday[0]].evidence["window_workdays"] == 5
    assert "in 5 working days" in found[tuesday_thursday[0]].reason


def test_a_purchase_split_in_equal_parts_is_found_but_a_copy_of_one_invoice_is_no_part(
    rng: random.Random,
) -> None:
    b = Book()
    b.routine("Desks", 80, 700, 0.4, rng, every=7)
    halves = [b.add("Desks", f"DE-9{k}", date(2024, 6, 11), "6000.00", up="eve") for k in (0, 1)]
    b.routine("Lamps", 80, 700, 0.4, rng, every=7)
    # the same invoice entered twice is a duplicate, not two parts of a purchase
    b.add("Lamps", "LA-90", date(2024, 6, 12), "6000.00", up="eve")
    b.add("Lamps", "LA-90", date(2024, 6, 12), "6000.00", up="eve")
    # nor is a copy under the number with a suffix or without its letters
    b.routine("Chairs", 80, 700, 0.4, rng, every=7)
    b.add("Chairs", "CH-8888", date(2024, 6, 13), "6000.00", up="eve")
    b.add("Chairs", "CH-8888-A", date(2024, 6, 13), "6000.00", up="eve")
    b.add("Chairs", "8888", date(2024, 6, 14), "6000.00", up="eve")
    # nor one re-keyed with a letter read as a digit ("I" as "1"): two invoices of 7,600.00
    # in all pass no limit
    b.routine("Vises", 80, 700, 0.4, rng, every=7)
    b.add("Vises", "INV-5001", date(2024, 6, 13), "4100.00", up="eve")
    b.add("Vises", "INV-5002", date(2024, 6, 13), "3500.00", up="eve")
    b.add("Vises", "1NV-5002", date(2024, 6, 14), "3500.00", up="eve")
    # a digit suffix changes the number's digits ('RE-3109/1' is 31091): still a copy
    b.routine("Stools", 80, 700, 0.4, rng, every=7)
    b.add("Stools", "RE-3109", date(2024, 6, 17), "6000.00", up="eve")
    b.add("Stools", "RE-3109/1", date(2024, 6, 17), "6000.00", up="eve")
    b.add("Stools", "RE-3109-12", date(2024, 6, 18), "6000.00", up="eve")
    found = run(b)
    assert set(found["split_purchase"]) == set(halves)
    assert "12,000.00" in found["split_purchase"][halves[0]].reason


def test_a_purchase_in_more_parts_than_the_limit_forces_is_a_split_if_alike_or_rare(
    rng: random.Random,
) -> None:
    b = Book()
    b.routine("Tools", 80, 700, 0.4, rng, every=7)
    # 10,600 in four instalments of about 2,650 over two days: two parts would pass the limit,
    # yet alike parts are one purchase paid in instalments
    amounts = ["2650.00", "2610.40", "2700.10", "2639.50"]
    instalments = [
        b.add("Tools", f"TO-9{k}", date(2024, 9, 10 + k // 2), a, up="eve")
        for k, a in enumerate(amounts)
    ]
    b.routine("Parts", 160, 2000, 0.4, rng, every=4)
    # the same total in four unlike invoices at a vendor that often bills such sums: more
    # parts than the total forces, neither alike nor rare
    for k, a in enumerate(["2100.00", "2500.00", "2900.00", "3100.00"]):
        b.add("Parts", f"PA-9{k}", date(2024, 9, 10 + k // 2), a, up="eve")
    b.routine("Rare", 80, 700, 0.4, rng, every=7)
    # the same four at a vendor of about 700: every part is a sum it hardly ever bills
    rare = [
        b.add("Rare", f"RA-9{k}", date(2024, 9, 10 + k // 2), a, up="eve")
        for k, a in enumerate(["2100.00", "2500.00", "2900.00", "3100.00"])
    ]
    b.routine("Lists", 80, 700, 0.4, rng, every=7)
    # a list price of 2,650.00 billed now and then, four times in one week: a price, not
    # instalments
    for k, day in enumerate([date(2024, 2, 6), date(2024, 4, 17), date(2024, 7, 2)]):
        b.add("Lists", f"LI-8{k}", day, "2650.00", up="eve")
    for k in range(4):
        b.add("Lists", f"LI-9{k}", date(2024, 9, 10 + k // 2), "2650.00", up="eve")
    found = run(b)["split_purchase"]
    assert set(found) == {*instalments, *rare}
    assert found[instalments[0]].evidence["related"] == instalments
    assert found[rare[0]].evidence["related"] == rare
    assert "4 invoices" in found[instalments[0]].reason
    assert "10,600.00" in found[instalments[0]].reason


def _cue_book(what: str, kind: str) -> tuple[Book, list[int], list[int], list[int]]:
    """Six vendors with a clear split each whose parts name one approver (or uploader, or
    account: `what`) ('one'), three ('three') or none on record ('none'), at vendors whose
    invoices name four in turn; and two splits whose parts name two, one clearer (Edge, about
    2e-3 by chance) and one nearer the threshold (Brink, about 2e-2). Unless `what` is the
    uploader, eve enters every part."""
    rng = random.Random(1)
    column = {"approver": "ap", "uploader": "up", "account": "account"}[what]

    def named(k: int) -> dict[str, str | None]:
        return {column: None if kind == "none" else f"{what}{k % 4}"}

    def part(k: int) -> dict[str, str | None]:
        return {"up": "eve", **named(k)}

    b = Book()
    clear = []
    for v in range(6):
        for k in range(100):
            amount = f"{700 * math.exp(0.4 * rng.gauss(0, 1)):.2f}"
            day = workday(START + timedelta(7 * k))
            b.add(f"Clear{v}", f"C{v}-{k}", day, amount, **named(k))
        day = date(2024, 3 + v, 12)
        clear += [
            b.add(f"Clear{v}", f"C{v}-X{p}", day, a, **part(p * (kind == "three")))
            for p, a in enumerate(["4100.10", "3950.20", "3800.30"])
        ]
    borderline = []
    # two clerks' parts are found among the vendor's groups, not one person's: a vendor billing
    # less makes them as unlikely by chance
    medians = (1500, 1400) if what == "uploader" else (2500, 2250)
    for name, median in zip(("Edge", "Brink"), medians, strict=True):
        for k in range(100):
            amount = f"{median * math.exp(0.5 * rng.gauss(0, 1)):.2f}"
            b.add(name, f"{name}-{k}", workday(START + timedelta(7 * k)), amount, **named(k))
        borderline.append(
            [
                b.add(name, f"{name}-X{p}", date(2024, 10, 15), a, **part(p + 1))
                for p, a in enumerate(["5600.00", "5100.00"])
            ]
        )
    return b, clear, *borderline


@pytest.mark.parametrize("what", ["approver", "uploader", "account"])
def test_parts_naming_several_weaken_a_split_where_clear_splits_keep_one(what: str) -> None:
    # the ledger's six clear splits each went to one approver (were entered by one person, were
    # booked to one account): a borderline group whose parts went to two is less telling (one
    # entered by two clerks is found only among the vendor's groups whoever entered them), and
    # the reason says how much
    b, clear, edge, brink = _cue_book(what, "one")
    found = run(b)["split_purchase"]
    assert set(found) == {*clear, *edge}
    assert all(found[i].evidence["cue_weight"] == 1.0 for i in clear)
    # 6 of 6 against 6 / 16 by chance (three parts, four names in turn): the excess over
    # chance, 5.6 of 7.6 (CUE_PRIOR 2), is the share of splits that keep one
    weight = found[edge[0]].evidence["cue_weight"]
    assert weight == pytest.approx(1 - (6 - 6 / 16) / (6 - 6 / 16 + 2), abs=0.01)
    went, names = {
        "approver": ("went to", "approvers"),
        "uploader": ("were entered by", "people"),
        "account": ("were booked to", "accounts"),
    }[what]
    assert (
        f"its parts {went} 2 {names}, while 6 of the 6 splits in this ledger that chance "
        f"cannot explain {went} one (about 0.3 by chance): this counts the group as "
        f"{1 / weight:.1f} times likelier to be chance"
    ) in found[edge[0]].reason
    evidence = found[edge[0]].evidence
    assert evidence["weighted_chance"] == pytest.approx(evidence["chance"] / weight)
    assert f"about {evidence['chance']:.1e} times" in found[edge[0]].reason
    # where clear splits name several, or none is on record, the cue says nothing and the
    # same borderline groups stand on their chance alone
    for kind in ("three", "none"):
        b, clear, edge, brink = _cue_book(what, kind)
        found = run(b)["split_purchase"]
        assert set(found) == {*clear, *edge, *brink}
        assert all(d.evidence["cue_weight"] == 1.0 for d in found.values())
        assert "likelier to be chance" not in found[brink[0]].reason


def test_splits_one_clerk_entered_by_chance_teach_the_uploader_cue_nothing() -> None:
    # eight two-part splits keyed by whoever is on duty, four clerks in turn: two of them by
    # one clerk, chance's one in four. Those two are clearer among one person's groups for
    # being one person's, which must not teach the cue that splits keep one uploader: the
    # others keep their weight, and a borderline one at V8 is still found
    b, ids = Book(), {}
    for v, median in enumerate([1000, 1000, 1300, 1300, 1000, 1000, 1300, 1300, 1450]):
        rng = random.Random(v % 2)
        for k in range(100):
            amount = f"{median * math.exp(0.5 * rng.gauss(0, 1)):.2f}"
            b.add(f"V{v}", f"V{v}-{k}", workday(START + timedelta(7 * k)), amount, up=f"c{k % 4}")
        ids[v] = [
            b.add(f"V{v}", f"V{v}-A{p}", date(2024, 2 + v, 13), a, up="c0" if v < 2 else f"c{p}")
            for p, a in enumerate(["5600.00", "5100.00"])
        ]
    found = run(b)["split_purchase"]
    assert all(found[ids[v][0]].evidence["cue_weight"] == 1.0 for v in range(2, 8))
    assert set(ids[8]) <= found.keys()


def _equal_parts_book(parts: list[str]) -> tuple[Book, list[int], list[int], list[int]]:
    """Six vendors with a clear split each in the given parts; a pair of 5,100.00 at a vendor of
    about 3,600 (about 0.1 by chance, over the threshold), and a clearer uneven pair."""
    rng = random.Random(1)
    b = Book()
    clear = []
    for v in range(6):
        for k in range(100):
            amount = f"{700 * math.exp(0.4 * rng.gauss(0, 1)):.2f}"
            b.add(f"Clear{v}", f"C{v}-{k}", workday(START + timedelta(7 * k)), amount)
        day = date(2024, 3 + v, 12)
        clear += [b.add(f"Clear{v}", f"C{v}-X{p}", day, a, up="eve") for p, a in enumerate(parts)]
    for name, median in (("Even", 3600), ("Uneven", 2250)):
        for k in range(100):
            amount = f"{median * math.exp(0.5 * rng.gauss(0, 1)):.2f}"
            b.add(name, f"{name}-{k}", workday(START + timedelta(7 * k)), amount)
    even = [b.add("Even", f"Even-X{p}", date(2024, 10, 15), "5100.00", up="eve") for p in (0, 1)]
    uneven = [
        b.add("Uneven", f"Uneven-X{p}", date(2024, 10, 15), a, up="eve")
        for p, a in enumerate(["5600.00", "5100.00"])
    ]
    return b, clear, even, uneven


def test_parts_of_one_amount_strengthen_a_split_where_clear_splits_come_in_equal_parts() -> None:
    # the ledger's six clear splits are each one amount three times: a pair of equal amounts,
    # rare by chance at a vendor whose amounts vary, is telling enough to report
    b, clear, even, uneven = _equal_parts_book(["4100.10"] * 3)
    found = run(b)["split_purchase"]
    assert set(found) == {*clear, *even, *uneven}
    evidence = found[even[0]].evidence
    assert evidence["chance"] > SPLIT_ALPHA > evidence["weighted_chance"]
    # the vendor's other amounts never repeat: two of its invoices drawn at random are never
    # one amount, and the pair counts the most a cue may (drawn with putting back, each would
    # meet itself one time in 102, and the pair count about 76 times)
    assert evidence["cue_weight"] == pytest.approx(CUE_MAX_BOOST)
    assert (
        "its parts are one amount repeated, as 6 of the 6 splits in this ledger that chance "
        "cannot explain are (about 0.0 by chance): this counts the group as "
    ) in found[even[0]].reason
    # uneven parts count nothing against a group: a purchase is cut unevenly as often
    assert found[uneven[0]].evidence["cue_weight"] == 1.0
    # where the clear splits come in uneven parts, the equal pair stands on its chance alone
    b, clear, even, uneven = _equal_parts_book(["4100.10", "3950.20", "3800.30"])
    found = run(b)["split_purchase"]
    assert set(found) == {*clear, *uneven}


def test_equal_parts_count_for_less_at_a_vendor_that_repeats_amounts_within_days() -> None:
    # a carrier billing each fortnight's rate twice on two days running, the rate drifting
    # from one fortnight to the next: over the years an amount is rare, within days it comes
    # twice. Its fortnights that pass the limit are its routine, not purchases split in equal
    # parts, though the ledger's clear splits come in equal parts
    b, clear, even, uneven = _equal_parts_book(["4100.10"] * 3)
    rng = random.Random(4)
    lanes = []
    for k in range(60):
        rate = f"{3600 * math.exp(0.5 * rng.gauss(0, 1)):.2f}"
        day = START + timedelta(14 * k - START.weekday())  # a Monday
        lanes += [b.add("Lanes", f"L-{2 * k + d}", day + timedelta(d), rate) for d in (0, 1)]
    twice = [i for i in lanes if b.rows[i - 1][3] >= 5000]
    assert len(twice) >= 6  # fortnights that pass the limit in two equal invoices
    found = run(b)["split_purchase"]
    assert set(found) == {*clear, *even, *uneven}
    # the same pair at a vendor whose amounts do not repeat within days counts the most
    assert found[even[0]].evidence["cue_weight"] == pytest.approx(CUE_MAX_BOOST)


def test_a_carriers_dear_season_is_no_split_but_a_split_in_its_usual_months_is() -> None:
    # four lanes each billed twice a month at its rate times the month's fuel surcharge, which
    # drifts by a few per cent: the carrier repeats its prices within weeks. In June the
    # surcharge is 60 %: three lanes of 4,800 or more then come on three days running, as they
    # never do otherwise, and the carrier's invoices around them show its dear season. A pair
    # of 5,500 and 5,200 in an ordinary month is still a split
    rng = random.Random(5)
    b = Book()
    season, number = [], 7000
    for month in range(24):
        first = date(2023 + month // 12, month % 12 + 1, 1)
        surcharge = 1.6 if first == date(2024, 6, 1) else rng.uniform(0.95, 1.05)
        for lane, rate in enumerate((2400, 3000, 3600, 4200)):
            amount = f"{rate * surcharge:.2f}"
            for day in (3 + lane, 17 + lane):
                number += rng.randint(3, 9)
                row = b.add("Carrier", f"TR{number}", workday(first + timedelta(day)), amount)
                if surcharge > 1.5 and rate * surcharge >= 4800:
                    season.append(row)
    split = [
        b.add("Carrier", f"TR{number + 20 + p}", date(2024, 10, 23 + p), a, up="eve")
        for p, a in enumerate(["5500.00", "5200.00"])
    ]
    assert len(season) == 6  # three lanes of 4,800 or more, twice in June
    found = run(b)["split_purchase"]
    assert set(found) == set(split)


def test_a_price_the_vendor_bills_beside_a_group_is_no_part_of_a_split() -> None:
    # a haulier's routine runs of about 1,200 twice a week and its long-distance run at its
    # price of 5,568.71 every two or three months; one week a shipment takes the long run four
    # times in two days. Four of the vendor's dearest invoices so close together are unlikely
    # by chance, but the sum is its price, billed eight times beside them: the run was driven
    # four times, no purchase was cut. A pair of sums it bills nowhere else is still a split
    rng = random.Random(8)
    b = Book()
    b.routine("Haulier", 200, 1200, 0.3, rng, every=3)
    runs = [
        b.add("Haulier", f"LR-{310 + 7 * k}", workday(START + timedelta(70 * k + 5)), "5568.71")
        for k in range(8)
    ]
    week = [
        b.add("Haulier", f"LR-{480 + k}", date(2024, 9, 9 + k // 2), "5568.71") for k in range(4)
    ]
    split = [
        b.add("Haulier", f"HX-{p}", date(2024, 10, 22 + p), a, up="eve")
        for p, a in enumerate(["5500.00", "5200.00"])
    ]
    found = run(b)["split_purchase"]
    assert set(found) == set(split)
    assert not set(found) & {*runs, *week}


def test_equal_halves_split_again_resent_or_credit_noted_are_no_price() -> None:
    # a person splits an order in equal halves of 5,200.00 twice, nine weeks apart; the
    # vendor resends the first half's invoice twice under its number, and two earlier
    # invoices of 5,200.00 were cancelled by credit notes. None of these is another occasion
    # of a price: the other split repeats the pattern, a resend is the same invoice, a
    # cancelled one no purchase. Each of the three misread would drop both splits
    rng = random.Random(5)
    b = Book()
    b.routine("Tools", 400, 700, 0.4, rng, every=2)
    for m, d in enumerate((date(2024, 1, 16), date(2024, 1, 30))):
        b.add("Tools", f"TO-70{m}", d, "5200.00")
        b.add("Tools", f"CN-70{m}", d + timedelta(10), "-5200.00")
    splits = []
    for k in range(2):
        day = date(2024, 4, 2) + timedelta(63 * k)
        splits += [
            b.add("Tools", f"TO-9{k}0", day, "5200.00", up="eve"),
            b.add("Tools", f"TO-9{k}1", day + timedelta(1), "5200.00", up="eve"),
        ]
    for d in (8, 15):
        b.add("Tools", "TO-900", date(2024, 4, 2) + timedelta(d), "5200.00")
    assert set(splits) <= run(b)["split_purchase"].keys()


def test_a_part_of_its_own_beside_a_price_keeps_a_split_and_a_holiday_week_keeps_a_pattern() -> (
    None
):
    # 5,000.00 twice before (deposits) makes no price of a split of 5,000.00 and 6,000.00: the
    # 6,000.00 the vendor bills nowhere else. And the same split of 6,100.40 and 5,800.10 made
    # twice over Easter, its parts eight days apart, repeats the pattern of a third one
    rng = random.Random(5)
    b = Book()
    b.routine("Tools", 400, 700, 0.4, rng, every=2)
    b.add("Tools", "TO-800", date(2024, 1, 16), "5000.00")
    b.add("Tools", "TO-801", date(2024, 4, 16), "5000.00")
    deposit = [
        b.add("Tools", "TO-901", date(2024, 9, 10), "5000.00", up="eve"),
        b.add("Tools", "TO-902", date(2024, 9, 11), "6000.00", up="eve"),
    ]
    for k, (d1, d2) in enumerate(
        [(date(2024, 3, 28), date(2024, 4, 5)), (date(2025, 4, 17), date(2025, 4, 25))]
    ):
        b.add("Tools", f"TO-8{k}5", d1, "6100.40", up="eve")
        b.add("Tools", f"TO-8{k}6", d2, "5800.10", up="eve")
    again = [
        b.add("Tools", "TO-911", date(2024, 10, 15), "6100.40", up="eve"),
        b.add("Tools", "TO-912", date(2024, 10, 16), "5800.10", up="eve"),
    ]
    assert {*deposit, *again} <= run(b)["split_purchase"].keys()


def test_a_resend_with_letters_for_digits_is_the_same_invoice_and_lanes_keep_series() -> None:
    # equal halves of 5,200.00, each resent a week later as 'TO-9OO' and 'TO-9O1' (O for 0):
    # the same invoices, no other occasions of a price, so the split stands. And a haulier
    # numbering each lane in a series of its own (LA-1, LB-1, ...) bills two prices whose
    # numbers share digits: each is its own invoice, and a week of both lanes twice is no split
    rng = random.Random(5)
    b = Book()
    b.routine("Tools", 400, 700, 0.4, rng, every=2)
    day = date(2024, 6, 4)
    halves = [
        b.add("Tools", "TO-900", day, "5200.00", up="eve"),
        b.add("Tools", "TO-901", day + timedelta(1), "5200.00", up="eve"),
    ]
    for d, number in ((8, "TO-9OO"), (9, "TO-9O1")):
        b.add("Tools", number, day + timedelta(d), "5200.00")
    b.routine("Haulier", 200, 1200, 0.3, random.Random(8), every=3)
    for k in range(5):
        b.add("Haulier", f"LA-{k + 1}", workday(START + timedelta(130 * k + 30)), "5568.71")
        b.add("Haulier", f"LB-{k + 1}", workday(START + timedelta(130 * k + 90)), "5201.33")
    week = [
        b.add("Haulier", number, date(2024, 9, 24 + k // 2), amount)
        for k, (number, amount) in enumerate(
            [("LA-91", "5568.71"), ("LA-92", "5568.71"), ("LB-93", "5201.33"), ("LB-94", "5201.33")]
        )
    ]
    found = run(b)["split_purchase"]
    assert set(halves) <= found.keys()
    assert not set(week) & found.keys()


def test_a_calendar_fee_or_resends_make_no_price_list_of_a_contractor() -> None:
    # a contractor of varying sums bills a cleaning fee of 420.00 every fortnight and AP
    # enters its routine invoices twice: still no vendor billing from a price list, so a
    # split of 5,000.00 (twice before, deposits) and 6,000.00 of its own is judged by chance
    b = Book()
    b.routine("Contractor", 40, 700, 0.4, random.Random(5), every=21)
    for row in list(b.rows):
        b.add(row[0], row[1], row[2] + timedelta(3), str(row[3]))
    for k in range(60):
        b.add("Contractor", f"FEE-{k}", workday(START + timedelta(14 * k)), "420.00")
    b.add("Contractor", "CO-800", date(2024, 1, 16), "5000.00")
    b.add("Contractor", "CO-801", date(2024, 4, 16), "5000.00")
    split = [
        b.add("Contractor", "CO-901", date(2024, 9, 10), "5000.00", up="eve"),
        b.add("Contractor", "CO-902", date(2024, 9, 11), "6000.00", up="eve"),
    ]
    assert set(split) <= run(b)["split_purchase"].keys()


def test_equal_parts_behind_a_larger_invoice_of_the_same_day_are_still_a_split() -> None:
    # a vendor of about 1,500 three times a week, all entered by eve; one day she enters four
    # parts of 2,600.00 and a routine 3,900.00. The largest four are then of two amounts and
    # more parts than 11,700 needs, so no group of the largest is tested: the equal parts are
    # found as the anchor's amount repeated, and the larger invoice is no part
    b, *_ = _equal_parts_book(["4100.10"] * 3)
    rng = random.Random(3)
    for k in range(300):
        day = workday(START + timedelta(7 * (k // 3) + 2 * (k % 3)))
        b.add("Busy", f"B-{k}", day, f"{1500 * math.exp(0.5 * rng.gauss(0, 1)):.2f}", up="eve")
    parts = [b.add("Busy", f"B-X{p}", date(2024, 10, 15), "2600.00", up="eve") for p in range(4)]
    larger = b.add("Busy", "B-R", date(2024, 10, 15), "3900.00", up="eve")
    found = run(b)["split_purchase"]
    assert set(parts) <= found.keys() and larger not in found
    evidence = found[parts[0]].evidence
    assert evidence["related"] == parts and evidence["cue_weight"] > 10


# numbers with the counter in front of the year, the Polish way, run on as well
NUMBER_STYLES = {
    "counter": lambda n, day: f"G{n}",
    "year behind": lambda n, day: f"FV/{n:05d}/{day.year}",
}


def _shared_series_book(
    run_on: bool, style: str = "counter"
) -> tuple[Book, list[int], list[int], list[int]]:
    """Six wholesalers whose numbers to us jump (they bill other customers in between), each
    with a clear split in three parts numbered one after another (or not); and a seventh, of
    about 3,600, with two borderline pairs of 5,600.00 and 5,100.00 (about 0.2 by chance, over
    the threshold), one numbered one after another, one not."""
    rng = random.Random(2)
    b = Book()
    clear = []
    write = NUMBER_STYLES[style]

    def add(vendor: str, number: int, day: date, amount: str, **kw: str) -> int:
        return b.add(vendor, write(number, day), day, amount, **kw)

    for v in range(7):
        number = 40000 + 1000 * v
        for k in range(100):
            number += rng.randint(20, 60)
            amount = f"{(700 if v < 6 else 3600) * math.exp(0.5 * rng.gauss(0, 1)):.2f}"
            add(f"Grossist{v}", number, workday(START + timedelta(7 * k)), amount)
        if v < 6:
            day, gap = date(2024, 3 + v, 12), 1 if run_on else 13
            clear += [
                add(f"Grossist{v}", number + 5 + gap * p, day, a, up="eve")
                for p, a in enumerate(["4100.10", "3950.20", "3800.30"])
            ]
    base = 40000 + 1000 * 6 + 9000
    pair = [
        add("Grossist6", base + p, date(2024, 10, 15), a, up="eve")
        for p, a in enumerate(["5600.00", "5100.00"])
    ]
    apart = [
        add("Grossist6", base + 40 + 37 * p, date(2024, 11, 19), a, up="eve")
        for p, a in enumerate(["5600.00", "5100.00"])
    ]
    return b, clear, pair, apart


@pytest.mark.parametrize("style", NUMBER_STYLES)
def test_parts_numbered_one_after_another_strengthen_a_split_where_clear_splits_are(
    style: str,
) -> None:
    # the clear splits are each numbered one after another at vendors whose numbers to us
    # jump: a pair numbered so is telling enough to report, the same pair numbered apart not
    b, clear, pair, apart = _shared_series_book(run_on=True, style=style)
    found = run(b)["split_purchase"]
    assert set(found) == {*clear, *pair}
    assert not set(apart) & found.keys()
    evidence = found[pair[0]].evidence
    assert evidence["chance"] > SPLIT_ALPHA > evidence["weighted_chance"]
    assert (
        "its parts are numbered one after another, as 6 of the 6 splits in this ledger that "
        "chance cannot explain are (about 0.0 by chance)"
    ) in found[pair[0]].reason
    # where the clear splits are numbered apart, the run says nothing
    b, clear, _, _ = _shared_series_book(run_on=False, style=style)
    assert set(run(b)["split_purchase"]) == set(clear)


def test_a_utility_billing_meters_at_their_own_levels_is_no_benford_population() -> None:
    # eight meters billed monthly, from 1,300 to 40,000 a month, each within a season's swing:
    # the amounts span more than a decade only between the meters. Under the meters' own
    # numbers the vendor is not tested; the same bills under one counter fail the test. A
    # fabricator numbering by year keeps its spread within each year's series and is tested
    rng = random.Random(5)
    levels = [1300, 1500, 1700, 1900, 2300, 21000, 25000, 40000]

    def tested(numbers: str) -> set[str]:
        b = Book()
        for month in range(36):
            for m, level in enumerate(levels):
                day = workday(START + timedelta(30 * month + m))
                number = {
                    "per meter": f"HY{m}-{month}",
                    # the meter's account number and the year: no counter with its year behind
                    "per meter and year": f"HY{m}-{day.year}",
                    "one counter": f"HY-{8 * month + m}",
                }[numbers]
                b.add("Hydro", number, day, f"{level * rng.uniform(0.85, 1.2):.2f}")
        return {d.subject for d in run(b).get("benford", {}).values()}

    assert tested("per meter") == set()
    assert tested("per meter and year") == set()
    assert tested("one counter") == {"Hydro"}
    # ... with the year in front of the counter, or a counter of the month behind it (a month's
    # series is every bill of that month, no meter's)
    for write in ("MU-{day.year}-{k}", "MU {n}/{day.month:02d}/{day.year}"):
        b, month_counts = Book(), Counter[tuple[int, int]]()
        for k in range(300):
            day = workday(START + timedelta(3 * k))
            month_counts[day.year, day.month] += 1
            b.add(
                "Made Up",
                write.format(day=day, k=k % 100, n=month_counts[day.year, day.month]),
                day,
                f"{(k % 9 + 1 + rng.random()) * 10 ** (3 if rng.random() < 0.2 else 2):.2f}",
            )
        assert {d.subject for d in run(b).get("benford", {}).values()} == {"Made Up"}


def test_benford_small_vendor_by_exact_test_and_excess_mad_not_a_small_natural_one() -> None:
    rng = random.Random(4)
    b = Book()
    for k in range(70):  # natural and small: 70 amounts log-uniform over three decades
        b.add(
            "Natural",
            f"NA-{k}",
            workday(START + timedelta(3 * k)),
            f"{10 ** rng.uniform(1.5, 4.5):.2f}",
        )
    for k in range(72):  # fabricated and small: every leading digit equally often
        b.add(
            "Made Up",
            f"MU-{k}",
            workday(START + timedelta(4 * k)),
            f"{(k % 9 + 1 + rng.random()) * 10 ** (2 + k % 2):.2f}",
        )
    found = {d.subject: d for d in run(b).get("benford", {}).values()}
    assert "Natural" not in found
    made_up = found["Made Up"]
    first = made_up.evidence["first"]
    assert first["n"] == 72 and first["p_method"] == "exact multinomial"
    assert first["p_value"] < 0.001 and first["excess_mad"] > 0.012
    assert "72 amounts" in made_up.reason


def test_a_split_group_holding_a_stronger_one_is_dropped_with_its_extra_invoice() -> None:
    def group(chance: float, ids: list[int]) -> tuple[float, _Group]:
        day = date(2024, 9, 10)
        return chance, _Group(
            *(ids[0], len(ids), Decimal(0), "V", "EUR", 0.0, 1.0, ids, day, day, "", 2),
            *(1, True, 0.2, 1, True, 0.2, 1, True, 0.8, 2, 0.01, 2, True, 0.01),
        )

    parts = group(1e-6, [1, 2, 3])
    # the three parts and a routine invoice of the same week: weaker than the parts alone
    padded = group(1e-4, [1, 2, 3, 4])
    # a fourth part that makes the evidence stronger stays, and so do the parts it holds
    fourth = group(1e-8, [1, 2, 3, 5])
    overlapping = group(1e-5, [3, 6])  # shares an invoice, holds no group: stays
    kept = _minimal([padded, parts, fourth, overlapping])
    assert kept == [parts, fourth, overlapping]


def test_a_split_scores_by_how_unlikely_chance_makes_it(rng: random.Random) -> None:
    assert _score(SPLIT_ALPHA) == pytest.approx(0.6)
    assert _score(SPLIT_ALPHA / 100) == pytest.approx(0.7)
    assert _score(1e-40) == 0.95
    b = Book()
    b.routine("Tools", 80, 2000, 0.4, rng, every=7)
    b.routine("Parts", 80, 3200, 0.4, rng, every=7)
    # the same two parts are stranger at a vendor of 2,000 than at one of 3,200 (neither
    # is an amount outlier there, which would lend its own score)
    odd = [
        b.add("Tools", f"TO-9{k}", date(2024, 9, 10), a, up="eve")
        for k, a in enumerate(["6100.40", "5800.10"])
    ]
    usual = [
        b.add("Parts", f"PA-9{k}", date(2024, 9, 10), a, up="eve")
        for k, a in enumerate(["6100.40", "5800.10"])
    ]
    found = run(b)["split_purchase"]
    assert set(found) == {*odd, *usual}
    assert found[odd[0]].evidence["chance"] < found[usual[0]].evidence["chance"]
    assert found[odd[0]].score > found[usual[0]].score


def test_a_round_sum_cluster_scores_by_how_unlikely_chance_makes_it(rng: random.Random) -> None:
    assert _cluster_score(1e-5) == pytest.approx(0.7)
    assert _cluster_score(1e-40) == 0.9
    b = Book()
    # five invoices under 5,000 at a vendor whose amounts often come near it, four at one
    # whose amounts never do: the four are the stranger cluster
    b.routine("Wide", 200, 1500, 0.5, rng, every=3)
    b.routine("Narrow", 200, 2500, 0.2, rng, every=3)
    many = b.series("Wide", "WI-9", date(2024, 3, 4), 30, [f"{4650 + 60 * k}.20" for k in range(5)])
    few = b.series(
        "Narrow", "NA-9", date(2024, 3, 5), 30, [f"{4700 + 70 * k}.40" for k in range(4)]
    )
    found = run(b)["threshold_cluster"]
    assert set(few) <= set(found)
    strange = found[few[0]]
    assert set(many) <= set(found)
    assert all(found[i].score < strange.score for i in many)
    assert strange.score == pytest.approx(_cluster_score(strange.evidence["chance"]))


def test_a_routine_invoice_of_the_same_week_does_not_ride_along_with_a_split(
    rng: random.Random,
) -> None:
    b = Book()
    # a busy vendor billing about 600 every other day, and once 6,500 in March
    for k in range(300):
        amount = f"{600 * math.exp(0.4 * rng.gauss(0, 1)):.2f}"
        up = ("ann", "carl", "dora")[k % 3]
        b.add("Busy", f"BU-{k}", workday(START + timedelta(2 * k)), amount, up=up)
    b.add("Busy", "BU-X", date(2024, 3, 5), "6500.00", up="dora")
    # Monday: a larger invoice by carl; Thursday and Friday: eve's purchase in two parts
    b.add("Busy", "BU-I", date(2024, 9, 9), "3000.00", up="carl")
    parts = [
        b.add("Busy", "BU-P1", date(2024, 9, 12), "6100.40", up="eve"),
        b.add("Busy", "BU-P2", date(2024, 9, 13), "5800.10", up="eve"),
    ]
    # the week's three invoices together are less telling than eve's two alone
    split_of(b, parts)


def test_every_invoice_of_a_new_vendor_that_bills_only_a_few_times_is_listed(
    rng: random.Random,
) -> None:
    b = Book()
    b.routine("Old", 120, 300, 0.3, rng, every=5)
    # a vendor new in August that bills twice within two weeks, then never again: a made-up
    # vendor's pattern
    ghost = [
        b.add("Ghost", "GH-1", date(2024, 8, 6), "4800.00"),
        b.add("Ghost", "GH-2", date(2024, 8, 19), "5200.00"),
    ]
    # twice, months apart: perhaps an occasional vendor the ledger shows late; its first only
    rare = [
        b.add("Rare", "RA-1", date(2024, 7, 2), "800.00"),
        b.add("Rare", "RA-2", date(2024, 11, 12), "900.00"),
    ]
    # a new vendor that goes on billing: its first day only
    steady = b.series("Steady", "SD-", date(2024, 8, 6), 7, [f"{300 + k}.00" for k in range(10)])
    # three monthly invoices up to the ledger's last weeks: few because the ledger ends
    end = workday(START + timedelta(5 * 119))
    fresh = [
        b.add("Fresh", f"FR-{k}", workday(end - timedelta(30 * (2 - k))), "99.00") for k in range(3)
    ]
    found = run(b)["new_vendor"]
    assert set(found) == {*ghost, steady[0], rare[0], fresh[0]}
    assert found[rare[0]].score == OCCASIONAL_SCORE
    assert found[ghost[0]].score == 0.35
    assert found[ghost[1]].score == FEW_SCORE
    assert "Invoice 2 of only 2 from Ghost" in found[ghost[1]].reason
    assert found[ghost[1]].evidence["nth"] == 2


def test_a_split_at_a_vendor_billing_many_invoices_a_day_is_found_among_its_routine_ones(
    rng: random.Random,
) -> None:
    # ten invoices a working day of about 2,500 for three months: any two days' invoices pass
    # the limit many times over, too routine to be parts (the scan does not pair them), but
    # three of about 6,400 on one day are rare for this vendor
    b = Book()
    day = START
    for k in range(600):
        if k % 10 == 0:
            day = workday(day + timedelta(1))
        b.add("Busy", f"BU-{k}", day, f"{2500 * math.exp(0.3 * rng.gauss(0, 1)):.2f}")
    parts = [
        b.add("Busy", f"BU-X{k}", date(2024, 3, 20), amount)
        for k, amount in enumerate(["6512.40", "6230.75", "6388.10"])
    ]
    split_of(b, parts)


def test_six_instalments_of_an_everyday_size_on_one_day_are_a_split(
    rng: random.Random,
) -> None:
    # parts of about 2,100 are common for this vendor (a fifth of its invoices), but six on
    # one day, where it sends about one a day, are not: no part is ruled too routine to test
    b = Book()
    b.routine("Steady", 200, 1000, 0.8, rng, every=1)
    parts = [
        b.add("Steady", f"ST-X{k}", date(2024, 3, 26), f"{2080 + 15 * k}.40") for k in range(6)
    ]
    found = split_of(b, parts)
    # chance expects most of a part this large on such a day, and the group is still found
    assert 0.5 < found[parts[0]].evidence["expected_parts"] < 1


def test_six_parts_of_a_sixth_of_the_limit_are_a_split_smaller_parts_none(
    rng: random.Random,
) -> None:
    # 10,268 in six parts of about 1,710 (17 % of the limit) at a vendor of about 400: a
    # purchase cut as finely as SPLIT_MAX_PARTS allows is still found; eight parts of 1,300
    # (13 %) over the same days are more pieces than any split is looked for in
    b = Book()
    b.routine("Small", 80, 400, 0.4, rng, every=7)
    amounts = ["1712.30", "1688.90", "1745.10", "1701.00", "1690.55", "1730.20"]
    parts = [
        b.add("Small", f"SM-9{k}", date(2024, 9, 10 + k // 3), a, up="eve")
        for k, a in enumerate(amounts)
    ]
    b.routine("Tiny", 80, 400, 0.4, rng, every=7)
    for k in range(8):
        b.add("Tiny", f"TI-9{k}", date(2024, 9, 10 + k // 4), f"{1290 + 7 * k}.15", up="eve")
    found = split_of(b, parts)
    assert "6 invoices" in found[parts[0]].reason
    assert "10,268.05" in found[parts[0]].reason


def _tool_split(b: Book) -> list[int]:
    """A purchase of 11,900.50 split in two at Tools by eve, on two days running."""
    return [
        b.add("Tools", "TO-90", date(2024, 9, 10), "6100.40", up="eve"),
        b.add("Tools", "TO-91", date(2024, 9, 11), "5800.10", up="eve"),
    ]


def test_a_vendor_that_bills_all_our_sites_on_one_day_each_month_has_no_split(
    rng: random.Random,
) -> None:
    b = Book()
    b.routine("Tools", 80, 700, 0.4, rng, every=7)
    # a booking platform's commission statements for six hotels, all on one day a month,
    # each hotel's near its own level (2,500 to 9,000): together past the limit every month
    statements = []
    for month in range(24):
        day = workday(date(2023 + month // 12, 1 + month % 12, 25))
        for site, level in enumerate((2500, 3800, 5000, 6300, 7600, 9000)):
            amount = f"{level * rng.uniform(0.96, 1.04):.2f}"
            approver = ("hal", "ida", "jon", "kim", "lea", "max")[site]
            statements.append(b.add("Bookora", f"BK-{month}-{site}", day, amount, ap=approver))
    split = _tool_split(b)
    found = run(b)["split_purchase"]
    assert set(found) == set(split)
    assert not set(statements) & found.keys()


def test_a_compound_poisson_tail_is_poissons_for_single_invoices_and_exact_for_batches() -> None:
    # batches of one invoice are a plain Poisson count
    assert _compound_upper(3, 0.05, (1.0,)) == pytest.approx(poisson_upper(3, 0.05), rel=1e-9)
    # half the days bring one invoice, half three: P(X >= 3) by summing the batch counts
    rate, sizes = 0.025, (0.5, 0.0, 0.5)
    exact = 0.0
    for n in range(0, 12):
        weight = math.exp(-rate) * rate**n / math.factorial(n)
        # P(the sum of n batches of 1 or 3 reaches 3): all batches of one and fewer than 3
        short = sum(math.comb(n, t) * 0.5**n for t in range(n + 1) if t == 0 and n < 3)
        exact += weight * (1 - short)
    assert _compound_upper(3, rate, sizes) == pytest.approx(exact, rel=1e-9)
    assert _compound_upper(3, rate, sizes) > 100 * poisson_upper(3, 2 * rate)


@pytest.mark.parametrize("keyed", ["by whoever is on duty", "whole by one clerk of eight"])
def test_a_contractor_billing_every_sites_month_on_one_day_sends_batches_not_splits(
    keyed: str,
) -> None:
    # a physiotherapy contractor bills each of five sites' month on one day, visits times rate
    # (4,500 to 9,000 a site): its large invoices come five a day, once a month, a batch the
    # pace of one invoice at a time does not expect, whether the clerks on duty share a day's
    # batch or one clerk in turn keys it whole (each clerk's own days then hold too few
    # batches to show it). A tool supplier whose large invoices come one a day still has its
    # split found
    rng = random.Random(6)
    b = Book()
    clerks = ("ann", "cai", "dee", "eli")
    batches = []
    for month in range(30):
        day = workday(date(2022 + month // 12, 1 + month % 12, 26))
        for site in range(5):
            amount = f"{rng.uniform(4500, 9000):.2f}"
            whole = keyed.startswith("whole")
            up = f"clerk{month % 8}" if whole else clerks[(month + site // 3) % 4]
            batches.append(b.add("Physio", f"PH-{month}-{site}", day, amount, up=up))
    b.routine("Tools", 120, 900, 0.6, rng, every=6)
    split = _tool_split(b)
    found = run(b)["split_purchase"]
    assert set(found) == set(split)
    assert not set(batches) & found.keys()


def test_a_person_who_splits_purchases_every_two_months_is_no_habit_of_the_vendor(
    rng: random.Random,
) -> None:
    b = Book()
    b.routine("Tools", 400, 700, 0.4, rng, every=2)
    splits = []
    for k in range(5):  # the same two parts, nine weeks apart, by one requester
        day = date(2024, 2, 6) + timedelta(63 * k)
        splits += [
            b.add("Tools", f"TO-9{k}0", day, "6100.40", up="eve"),
            b.add("Tools", f"TO-9{k}1", day + timedelta(1), "5800.10", up="eve"),
        ]
    assert set(splits) <= run(b)["split_purchase"].keys()
