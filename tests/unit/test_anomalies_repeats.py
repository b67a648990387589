"""Repeated amounts judged by their chance, and the Benjamini-Hochberg step they go through."""

from __future__ import annotations

import math
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from test_anomalies import START, Book, run, workday

from core.anomalies.amounts import repeat_rate
from core.anomalies.stats import benjamini_hochberg, poisson_upper


def test_benjamini_hochberg_step_up_by_hand() -> None:
    # sorted: 0.001 <= 0.01, 0.008 <= 0.02, 0.035 > 0.03, 0.039 <= 0.04, 0.5 > 0.05: the
    # step-up keeps every p-value up to the last rank that passes, 0.035 included
    assert benjamini_hochberg([0.035, 0.001, 0.5, 0.008, 0.039], 5, 0.05) == [
        True,
        True,
        False,
        True,
        True,
    ]
    # the same p-values among 20 hypotheses: only the smallest survives
    assert benjamini_hochberg([0.035, 0.001, 0.5, 0.008, 0.039], 20, 0.05) == [
        False,
        True,
        False,
        False,
        False,
    ]


def test_leaving_out_p_values_above_the_last_bar_keeps_the_same_findings() -> None:
    # the shared-amount test leaves out, in SQL, the p-values a lower bound already puts above
    # fdr * m / tests, the step-up's bar at the last of m ranks: what it keeps must not move
    import random

    rng = random.Random(7)
    m, tests, fdr = 300, 20_000, 0.05
    bar = fdr * m / tests
    mixed = 0
    for _ in range(200):
        p = [rng.random() ** 8 for _ in range(m)]
        kept = [x for x, k in zip(p, benjamini_hochberg(p, tests, fdr), strict=True) if k]
        low = [x for x in p if x <= bar]
        kept_low = [x for x, k in zip(low, benjamini_hochberg(low, tests, fdr), strict=True) if k]
        assert kept == kept_low
        mixed += 0 < len(kept) < len(low)
    assert mixed > 100  # most draws keep some of the low p-values and drop others


def test_poisson_upper_matches_the_textbook_sum() -> None:
    import math

    mean = 0.37
    by_hand = 1 - sum(math.exp(-mean) * mean**i / math.factorial(i) for i in range(3))
    assert poisson_upper(3, mean) == pytest.approx(by_hand, rel=1e-9)


def test_whole_euro_amounts_repeat_naturally_at_a_vendor_that_bills_them() -> None:
    cents = repeat_rate(1500.37, 300, 30, 1000, 0.01, 300, 120)
    whole_rare = repeat_rate(1500.0, 300, 30, 1000, 1.0, 3, 120)
    whole_usual = repeat_rate(1500.0, 300, 30, 1000, 1.0, 300, 120)
    assert whole_rare == pytest.approx(cents, rel=0.2)
    assert whole_usual > 50 * cents


def _busy(book: Book, rng: random.Random) -> None:
    """A vendor of small, tightly spread amounts: triples of one amount happen by chance."""
    for k in range(900):
        amount = f"{rng.gauss(110, 6):.2f}"
        book.add("Busy Snacks", f"BS-{k}", workday(START + timedelta(k % 700)), amount)


def test_repeat_flagged_at_sparse_vendor_not_chance_triple_or_duplicate_copy() -> None:
    rng = random.Random(3)
    book = Book()
    _busy(book, rng)
    chance = [
        book.add("Busy Snacks", f"BS-X{k}", workday(START + timedelta(300 + 9 * k)), "112.40")
        for k in range(3)
    ]
    book.routine("Sparse Works", 60, 2000.0, 0.5, rng, every=11)
    repeat = [
        book.add("Sparse Works", f"SW-{k}", workday(START + timedelta(200 + 17 * k)), "2731.58")
        for k in range(3)
    ]
    # two invoices and a re-sent copy numbered like the second plus "-A": one repeat only
    copies = [
        book.add("Sparse Works", "SW-77", workday(START + timedelta(400)), "1893.21"),
        book.add("Sparse Works", "SW-78", workday(START + timedelta(430)), "1893.21"),
        book.add("Sparse Works", "SW-78-A", workday(START + timedelta(432)), "1893.21"),
    ]
    found = run(book).get("repeated_amount", {})
    assert set(repeat) <= found.keys()
    assert not set(copies) & found.keys()
    assert not set(chance) & found.keys()
    assert found[repeat[0]].evidence["chance"] < 1e-6


def test_a_repeat_names_its_vendor_as_spelt_on_the_first_copy() -> None:
    # one vendor key spelt two ways: the reason of every copy names the first copy's spelling,
    # whatever order the rows come in
    rng = random.Random(3)
    book = Book()
    _busy(book, rng)
    book.routine("Sparse Works", 60, 2000.0, 0.5, rng, every=11)
    names = ["Sparse-Works", "SPARSE WORKS", "SPARSE WORKS"]
    repeat = [
        book.add(name, f"SW-{k}", workday(START + timedelta(200 + 17 * k)), "2731.58")
        for k, name in enumerate(names)
    ]
    found = run(book).get("repeated_amount", {})
    assert set(repeat) <= found.keys()
    assert all(found[i].reason.startswith("Sparse-Works billed exactly") for i in repeat)


def test_a_vendor_that_bills_one_amount_only_has_a_price_not_a_repeat() -> None:
    rng = random.Random(5)
    book = Book()
    book.routine("Sparse Works", 60, 2000.0, 0.5, rng, every=11)
    # a new vendor's three invoices of 149.00 on no schedule, and nothing else: its price; the
    # same three invoices among a sparse vendor's varied amounts are a repeat
    days = [300, 333, 361]
    price = [
        book.add("Newsub", f"NS-{k}", workday(START + timedelta(d)), "149.00")
        for k, d in enumerate(days)
    ]
    repeat = [
        book.add("Sparse Works", f"SW-X{k}", workday(START + timedelta(d)), "149.00")
        for k, d in enumerate(days)
    ]
    found = run(book).get("repeated_amount", {})
    assert set(repeat) <= found.keys()
    assert not set(price) & found.keys()


def test_an_odd_amount_repeated_months_apart_is_found_over_the_vendors_history() -> None:
    rng = random.Random(8)
    book = Book()
    _busy(book, rng)
    book.routine("Sparse Works", 80, 2000.0, 0.5, rng, every=9)
    # the same cents three times, 150 and 250 days apart: no 120-day window holds two of them
    spread = [
        book.add("Sparse Works", f"SW-R{k}", workday(START + timedelta(d)), "3187.44")
        for k, d in enumerate((60, 210, 460))
    ]
    found = run(book).get("repeated_amount", {})
    assert set(spread) <= found.keys()
    assert "over its history" in found[spread[0]].reason
    # the busy vendor's chance triples stay out over the whole history too
    assert not {i for i, d in found.items() if d.evidence["vendor"] == "Busy Snacks"}


def test_one_odd_amount_billed_by_several_unrelated_vendors() -> None:
    rng = random.Random(12)
    book = Book()
    for k in range(40):  # forty vendors of everyday amounts, none of them repeated
        book.routine(f"Vendor {k:02d}", 25, 900.0, 0.6, rng, every=13)
    reused = [
        book.add(f"Vendor {k:02d}", f"X-{k}", workday(START + timedelta(40 + 31 * k)), "4837.26")
        for k in (3, 11, 19, 27)
    ]
    # a common price point at several vendors is no reuse: .99, .50 and whole amounts
    for k in (4, 12, 20, 28):
        book.add(f"Vendor {k:02d}", f"Y-{k}", workday(START + timedelta(50 + 29 * k)), "1199.99")
    found = run(book).get("repeated_amount", {})
    assert set(found) == set(reused)
    reason = found[reused[0]].reason
    assert "Exactly 4,837.26 EUR was billed by 4 different vendors" in reason
    assert found[reused[0]].evidence["related"] == reused


def test_a_sum_with_pence_repeated_where_the_repeats_are_whole_hours_is_found() -> None:
    rng = random.Random(12)
    book = Book()
    # solicitors billing whole hours at 171.00: whole sums, some of them repeating
    for k in range(40):
        hours = rng.randint(1, 90)
        book.add(
            "Solicitors LLP", f"SL-{k}", workday(START + timedelta(9 * k)), f"{171 * hours}.00"
        )
    odd = [
        book.add("Solicitors LLP", f"SL-X{k}", workday(START + timedelta(d)), "4253.04")
        for k, d in enumerate((100, 121, 128, 165))
    ]
    # a vendor of fixed prices with cents: its repeats are its prices
    prices = ["31.62", "58.17", "112.90", "240.33"]
    for k in range(60):
        book.add("Fixed Parts", f"FP-{k}", workday(START + timedelta(6 * k)), prices[k % 4])
    # a price list of whole sums and one with pence: that one is a price too
    listed = ["120.00", "240.00", "360.00", "480.00", "189.90"]
    for k in range(60):
        day = workday(START + timedelta(6 * k + rng.randint(0, 3)))
        book.add("Price List", f"PL-{k}", day, rng.choice(listed))
    found = run(book).get("repeated_amount", {})
    assert set(odd) <= found.keys()
    assert not {i for i, d in found.items() if i not in odd}


def test_sums_with_cents_repeat_as_a_habit_at_a_vendor_billing_prices_times_quantities() -> None:
    rng = random.Random(1)
    book = Book()
    # a fittings wholesaler: catalogue prices with cents, ordered by tens and twenty-fives, so
    # its commonest fittings' lines come back at the same sum, cents and all, now and then
    prices = [Decimal(f"{rng.lognormvariate(math.log(18), 0.9):.2f}") for _ in range(18)]
    for k in range(300):
        total = sum(
            prices[min(int(rng.expovariate(1 / 4)), 17)]
            * rng.choice([10, 20, 25, 50, 50, 100, 100, 200, 250, 500])
            for _ in range(1 if rng.random() < 0.45 else rng.randint(2, 4))
        )
        book.add("Beschlag", f"RE{348000 + 7 * k}", workday(START + timedelta(2 * k)), f"{total}")
    # the same shape of sum at solicitors billing whole hours is off their grid, whatever
    # small fixed fees with pence they also bill again (a search fee, a courier)
    for k in range(40):
        hours = rng.randint(1, 90)
        book.add(
            "Solicitors LLP", f"SL-{k}", workday(START + timedelta(9 * k)), f"{171 * hours}.00"
        )
    for k, (d, fee) in enumerate([(20, "42.50"), (150, "42.50"), (300, "42.50"), (60, "18.60"),
                                  (250, "18.60")]):  # fmt: skip
        book.add("Solicitors LLP", f"SL-D{k}", workday(START + timedelta(d)), fee)
    off_grid = [
        book.add("Solicitors LLP", f"SL-X{k}", workday(START + timedelta(d)), "4253.40")
        for k, d in enumerate((100, 121, 128))
    ]
    found = run(book).get("repeated_amount", {})
    assert set(found) == set(off_grid)


def test_amounts_at_the_top_of_the_decimal_range_are_screened_like_any_other() -> None:
    rng = random.Random(13)
    book = Book()
    for k in range(12):
        book.routine(f"Vendor {k:02d}", 25, 900.0, 0.6, rng, every=13)
    # fifteen integer digits, the most an imported amount may carry: in cents they pass
    # DECIMAL(18, 2), which must not stop the scan
    huge = [
        book.add(f"Vendor {k:02d}", f"H-{k}", workday(START + timedelta(40 + 31 * k)), amount)
        for k, amount in ((3, "999999999999999.37"), (7, "999999999999999.37"), (9, "12.37"))
    ]
    third = book.add("Vendor 11", "H-11", workday(START + timedelta(60)), "999999999999999.37")
    found = run(book)
    # one odd amount at three vendors, and not the 12.37 that shares its cents
    assert set(found.get("repeated_amount", {})) == {huge[0], huge[1], third}
    assert huge[0] in found["amount_outlier"]


def test_a_repeat_under_one_character_numbers_is_no_suffixed_copy_of_itself() -> None:
    rng = random.Random(4)
    book = Book()
    book.routine("Sparse Works", 60, 2000.0, 0.5, rng, every=11)
    # a vendor that numbers its invoices 7, 8, 9: no number is another's plus a suffix
    repeat = [
        book.add("Tiny Numbers", str(7 + k), workday(START + timedelta(200 + 40 * k)), "2731.58")
        for k in range(3)
    ]
    book.routine("Tiny Numbers", 30, 2000.0, 0.5, rng, every=13)
    found = run(book).get("repeated_amount", {})
    assert set(repeat) <= found.keys()


def test_four_copies_a_few_days_apart_are_a_repeat_and_a_weekly_bill_is_a_schedule() -> None:
    from datetime import date

    rng = random.Random(6)
    book = Book()
    book.routine("Sparse Works", 60, 2000.0, 0.5, rng, every=11)
    # 10, 7 and 4 days apart: a median week, but no weekly bill wanders by three days
    days = [date(2024, 7, 1), date(2024, 7, 11), date(2024, 7, 18), date(2024, 7, 22)]
    repeat = [book.add("Sparse Works", f"SW-X{k}", d, "2731.58") for k, d in enumerate(days)]
    # every Monday for two months, one week a day late after a holiday: 7, 7, 8, 6, 7 ...
    mondays = [START + timedelta(7 * k + (1 if k == 3 else 0)) for k in range(9)]
    weekly = [book.add("Sparse Works", f"SW-W{k}", d, "312.45") for k, d in enumerate(mondays)]
    found = run(book).get("repeated_amount", {})
    assert set(repeat) <= found.keys()
    assert not set(weekly) & found.keys()


def test_a_carriers_lane_rates_beside_its_variable_freight_are_a_tariff() -> None:
    rng = random.Random(9)
    book = Book()
    _busy(book, rng)
    # 600 freight bills of varying amounts, and three lane rates billed 30-60 times each at
    # irregular days: 5 % to 10 % of its invoices each, too few for a fixed-price vendor
    book.routine("Lane Haul", 600, 800.0, 0.6, rng, every=2)
    lanes = {"385.00": 60, "612.50": 45, "1150.00": 30}
    rates = [
        book.add(
            "Lane Haul",
            f"LH-{amount}-{k}",
            workday(START + timedelta(rng.randint(0, 1100))),
            amount,
        )
        for amount, copies in lanes.items()
        for k in range(copies)
    ]
    found = run(book).get("repeated_amount", {})
    assert not set(rates) & found.keys()
    # with one rate only, the vendor bills no tariff: that amount billed 60 times is a repeat,
    # every copy of it (LH-12 runs on from LH-1: the next number, no suffixed copy of LH-1)
    alone = Book()
    _busy(alone, random.Random(9))
    alone.routine("Lane Haul", 600, 800.0, 0.6, random.Random(9), every=2)
    once = [
        alone.add(
            "Lane Haul", f"LH-{k}", workday(START + timedelta(rng.randint(0, 1100))), "612.50"
        )
        for k in range(60)
    ]
    assert set(once) <= run(alone).get("repeated_amount", {}).keys()


def _lane_rates(book: Book, rng: random.Random, carrier: str, days: int) -> list[int]:
    """Three lane rates, billed six, four and three times on random days within `days`."""
    return [
        book.add(carrier, f"SH-R{k}", workday(START + timedelta(rng.randint(0, days))), amt)
        for k, amt in enumerate(["950.00"] * 6 + ["700.00"] * 4 + ["612.50"] * 3)
    ]


def test_a_small_carriers_few_rates_are_a_tariff_an_odd_sum_among_them_a_repeat() -> None:
    rng = random.Random(14)
    book = Book()
    _busy(book, rng)
    # a carrier of a small ledger: 60 freight bills, and three lane rates billed 3-6 times each
    book.routine("Small Haul", 60, 800.0, 0.6, rng, every=17)
    rates = _lane_rates(book, rng, "Small Haul", 1000)
    odd = [
        book.add("Small Haul", f"SH-X{k}", workday(START + timedelta(d)), "2224.26")
        for k, d in enumerate((400, 431, 470, 502))
    ]
    found = run(book).get("repeated_amount", {})
    assert not set(rates) & found.keys()
    assert set(odd) <= found.keys()
    # a vendor of varying sums with two sums reused three times each, and a monthly
    # subscription: neither triple, nor the subscription, makes the other a rate
    for k in range(12):
        book.add("Varied Co", f"VC-M{k}", START + timedelta(30 * k), "49.00")
    book.routine("Varied Co", 30, 2000.0, 0.5, rng, every=23)
    triples = [
        book.add("Varied Co", f"VC-{a}-{k}", workday(START + timedelta(d + 9 * k)), a)
        for a, d in (("3317.50", 200), ("2871.50", 500))
        for k in range(3)
    ]
    assert set(triples) <= run(book).get("repeated_amount", {}).keys()
    # one rate alone is no tariff: 612.50 five times among varying bills is a repeat
    alone = Book()
    _busy(alone, random.Random(14))
    alone.routine("Small Haul", 60, 800.0, 0.6, random.Random(15), every=17)
    once = [
        alone.add("Small Haul", f"SH-R{k}", workday(START + timedelta(90 + 101 * k)), "612.50")
        for k in range(5)
    ]
    assert set(once) <= run(alone).get("repeated_amount", {}).keys()


def test_an_odd_sum_billed_in_a_burst_is_a_repeat_at_a_vendor_whose_rates_repeat() -> None:
    # a locksmith: jobs of varying sums, a call-out fee and round quotes billed again and
    # again (rates, by the tariff rule), and one odd sum five times in two months: "different
    # jobs" at one price. A rate of a tariff is billed across the vendor's years; a sum reused
    # in one burst is no rate of it, however many rates the vendor has
    rng = random.Random(21)
    book = Book()
    _busy(book, rng)
    book.routine("Lock Smiths", 230, 320.0, 0.6, rng, every=5)
    rates = [("200.00", 11), ("300.00", 2), ("500.00", 2), ("600.00", 2)]
    for amount, copies in rates:
        for k in range(copies):
            day = workday(START + timedelta(rng.randint(0, 1100)))
            book.add("Lock Smiths", f"LS-R{amount}-{k}", day, amount)
    burst = [
        book.add("Lock Smiths", f"LS-B{k}", workday(START + timedelta(d)), "742.50")
        for k, d in enumerate((500, 511, 530, 546, 569))
    ]
    assert set(burst) <= run(book).get("repeated_amount", {}).keys()
    # the same five copies spread over its years are one more rate of its tariff
    spread = Book()
    _busy(spread, random.Random(21))
    spread.rows += [r for r in book.rows if r[0] == "Lock Smiths" and r[3] != Decimal("742.50")]
    copies = [
        spread.add("Lock Smiths", f"LS-B{k}", workday(START + timedelta(d)), "742.50")
        for k, d in enumerate((40, 310, 560, 790, 1050))
    ]
    assert not set(copies) & run(spread).get("repeated_amount", {}).keys()


def test_a_carrier_hired_for_one_season_bills_its_rates_in_months_as_a_tariff() -> None:
    rng = random.Random(14)
    book = Book()
    _busy(book, rng)
    # a carrier hired for one season: 60 freight bills and three lane rates billed 3-6 times
    # each, all within 110 days: its rates are a tariff, however short its history
    book.routine("Season Haul", 60, 800.0, 0.6, rng, every=2)
    rates = _lane_rates(book, rng, "Season Haul", 110)
    assert not set(rates) & run(book).get("repeated_amount", {}).keys()


def test_agencies_on_one_rate_card_share_its_sums_unrelated_vendors_do_not() -> None:
    rng = random.Random(16)
    book = Book()
    for k in range(12):
        book.routine(f"Vendor {k:02d}", 25, 900.0, 0.6, rng, every=13)
    # four staffing agencies billing 40-hour weeks of their placed workers' rates, and
    # overtime bundles from one card
    card = ["926.25", "1368.75", "1781.25", "1603.13"]
    bundles = []
    for a in range(4):
        weeks = [f"{40 * rng.randint(20, 40)}.00" for _ in range(5)]
        for k in range(60):
            day = workday(START + timedelta(7 * k + a))
            if k % 5 == 0:
                bundles.append(book.add(f"Agency {a}", f"AG{a}-{k}", day, card[(k + a) % 4]))
            else:
                book.add(f"Agency {a}", f"AG{a}-{k}", day, rng.choice(weeks))
    # one odd sum at three vendors that have nothing to do with each other, and at one of the
    # agencies too: it witnesses nothing, but its copy is listed with theirs
    shared = [
        book.add(f"Vendor {k:02d}", f"S-{k}", workday(START + timedelta(40 + 31 * k)), "2731.58")
        for k in (2, 5, 8)
    ]
    agency = book.add("Agency 0", "AG0-S", workday(START + timedelta(300)), "2731.58")
    found = run(book).get("repeated_amount", {})
    assert set(found) == {*shared, agency}
    assert not set(bundles) & found.keys()
    assert (
        "billed by 3 different vendors (Vendor 02, Vendor 05, Vendor 08), and by Agency 0, "
        "whose odd sums repeat (a rate card)"
    ) in found[shared[0]].reason


def test_a_retainer_that_is_half_a_vendors_invoices_is_its_price() -> None:
    rng = random.Random(6)
    book = Book()
    _busy(book, rng)
    # a consultant: 14,161.00 (11,900.00 and 19 % VAT) when a phase is done, at no schedule,
    # beside varied hourly bills
    days = sorted(rng.sample(range(20, 1000), 20))
    fees = [
        book.add("Phase Consult", f"PC-{k}", workday(START + timedelta(d)), "14161.00")
        for k, d in enumerate(days[:10])
    ]
    for k, d in enumerate(days[10:]):
        book.add("Phase Consult", f"PC-H{k}", workday(START + timedelta(d)), f"{3000 + 731 * k}.50")
    found = run(book).get("repeated_amount", {})
    assert not set(fees) & found.keys()
    # the same fee ten times among seventy varied bills is a reused sum
    for k in range(50):
        day = workday(START + timedelta(7 + 19 * k))
        book.add("Phase Consult", f"PC-V{k}", day, f"{2000 + 97 * k}.25")
    assert set(fees) <= run(book).get("repeated_amount", {}).keys()


def test_a_round_fee_is_no_repeat_and_a_round_sum_only_off_its_pace() -> None:
    def consultant(gaps: list[int]) -> tuple[Book, list[int]]:
        rng = random.Random(4)
        book = Book()
        _busy(book, rng)
        for k in range(40):  # time-and-materials bills, no two alike
            day = workday(START + timedelta(9 + 23 * k))
            book.add("Steady Advisory", f"SA-T{k}", day, f"{4000 + 613 * k}.40")
        day, fees = START + timedelta(200), []
        for k, gap in enumerate([0, *gaps]):
            day += timedelta(gap)
            fees.append(book.add("Steady Advisory", f"SA-M{k}", day, "18000.00"))
        return book, fees

    # a fixed-fee milestone every six weeks (42, 42, 43, 41 days): not a calendar month, but a
    # pace of its own
    book, fees = consultant([42, 42, 43, 41])
    found = run(book)
    assert not set(fees) & (
        found.get("repeated_amount", {}).keys() | found.get("round_amount", {}).keys()
    )
    # the same fee five times at no steady pace: equal milestones of a fixed fee are no reused
    # sum, but a round total at a vendor whose bills carry cents is one to look at
    book, fees = consultant([9, 47, 20, 64])
    found = run(book)
    assert not set(fees) & found.get("repeated_amount", {}).keys()
    assert set(fees) <= found["round_amount"].keys()
    # the same uneven sum five times at no steady pace is a reused sum
    uneven = [
        book.add("Steady Advisory", f"SA-U{k}", workday(START + timedelta(d)), "17342.86")
        for k, d in enumerate([600, 609, 656, 676, 740])
    ]
    assert set(uneven) <= run(book).get("repeated_amount", {}).keys()


def _lanes(book: Book, vendor: str, threes: bool) -> None:
    """A carrier's four lanes for a year, each shipped twice a month (the first two three
    times where threes) at its rate times that month's fuel surcharge, beside sixty part loads
    a month of their own sums, under a counter shared with other customers."""
    from datetime import date
    from decimal import Decimal

    lanes = ("1104.53", "1287.31", "1466.17", "1652.83")
    for m in range(1, 13):
        surcharge = Decimal(1) + Decimal("0.011") * (m % 5) + Decimal("0.003") * m
        for k, rate in enumerate(lanes):
            amount = str((Decimal(rate) * surcharge).quantize(Decimal("0.01")))
            for s in range(3 if threes and k < 2 else 2):
                day = date(2024, m, 2 + (3 * k + m + 8 * s) % 26)
                book.add(vendor, str(5000 + 37 * len(book.rows)), day, amount)
        for k in range(60):
            day = date(2024, m, 1 + k % 28)
            amount = f"{310 + 11 * k}.{20 + m:02d}"  # each its own sum, under the lanes
            book.add(vendor, str(5000 + 37 * len(book.rows)), day, amount)


def test_a_carriers_lane_rate_three_times_in_its_surcharge_month_is_routine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = Book()
    _lanes(book, "Transports Drôme", threes=True)
    found = run(book).get("repeated_amount", {})
    assert not found
    # the same carrier shipping each lane twice a month has no habit of threes: an uneven sum
    # billed three times in a fortnight stands out
    book = Book()
    _lanes(book, "Transports Drôme", threes=False)
    day = START + timedelta(160)
    odd = [
        book.add("Transports Drôme", f"X-{k}", day + timedelta(6 * k), "777.31") for k in range(3)
    ]
    assert set(run(book).get("repeated_amount", {})) == set(odd)
    # its lanes alone (prices repeated within weeks) would have passed the odd sum for a rate
    from core.anomalies import amounts

    monkeypatch.setattr(amounts, "LOCAL_HABIT", 0)
    assert not run(book).get("repeated_amount", {})
