"""Numbering: a number dated out of place is disorder, never a gap; gaps are numbers missing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from test_anomalies import START, Book, run


def series(dated: dict[int, float], skip: tuple[int, ...] = ()) -> tuple[Book, dict[int, int]]:
    """INV-5000.. INV-5039 every 6 days; dated[k] moves number k to day offset 6 * dated[k]."""
    b, rows = Book(), {}
    for k in range(40):
        if k not in skip:
            day = START + timedelta(round(6 * dated.get(k, k)))
            rows[k] = b.add("Seq", f"INV-{5000 + k}", day, f"{200 + k}.40")
    return b, rows


def kinds(b: Book) -> dict[int | None, str]:
    return {row: d.evidence["kind"] for row, d in run(b).get("numbering", {}).items()}


def test_backdated_number_is_out_of_sequence_and_leaves_no_gap() -> None:
    b, rows = series({25: 8.5})  # far back: among the numbers near 5008
    assert kinds(b) == {rows[25]: "out_of_sequence"}


def test_number_dated_a_little_early_is_the_only_one_out_of_place() -> None:
    b, rows = series({25: 21.5})  # 5021, 5025, 5022, 5023, 5024, 5026
    found = run(b)["numbering"]
    assert set(found) == {rows[25]}
    assert "dated before INV-5022" in found[rows[25]].reason


def test_swapped_pair_flags_both_numbers_and_no_gap() -> None:
    b, rows = series({10: 11.5})  # 5009, 5011, 5010, 5012
    assert kinds(b) == {rows[10]: "out_of_sequence", rows[11]: "out_of_sequence"}


def test_real_gap_counts_only_missing_numbers() -> None:
    # 5020-5021 never billed, 5025 dated back next to 5019: 5019, 5025, 5022, 5023, 5024, 5026.
    # The gap sits before 5022, the first number after it, and 5025 does not hide it.
    b, rows = series({25: 19.5}, skip=(20, 21))
    found = run(b)["numbering"]
    assert set(found) == {rows[22], rows[25]}
    assert found[rows[22]].evidence == {
        "vendor": "Seq",
        "missing": 2,
        "previous_number": "INV-5019",
        "kind": "gap",
    }
    assert found[rows[25]].evidence["kind"] == "out_of_sequence"


def test_pair_with_the_last_number_cannot_be_judged() -> None:
    b, _ = series({38: 39.5})  # the last two swapped: which one is dated wrongly?
    assert kinds(b) == {}


def _jumping(pause_days: int, extra_jump: int, start: int = 40_000) -> tuple[Book, int, int]:
    """A vendor billing others too: about 15 numbers between our invoices, one every 7 days.
    After invoice 30, a pause of pause_days (its numbers advancing at their pace) and an
    extra_jump of numbers nobody explains. Returns the book and the rows after the pause and
    after the extra jump."""
    import random

    rng = random.Random(4)
    b = Book()
    num, day, after, jumped = start, 0, 0, 0
    for k in range(60):
        step = rng.randint(8, 22)
        gap = 7
        if k == 30:
            gap += pause_days
            step += round(pause_days * 15 / 7)
        if k == 45:
            step += extra_jump
        num += step
        day += gap
        row = b.add("Shared", f"SH-{num}", START + timedelta(day), f"{300 + k}.20")
        if k == 30:
            after = row
        if k == 45:
            jumped = row
    return b, after, jumped


def test_a_jumping_series_is_gapped_only_where_it_skips_far_beyond_its_pace() -> None:
    b, after_pause, jumped = _jumping(pause_days=360, extra_jump=4_000)
    found = kinds(b)
    assert found == {jumped: "gap"}
    assert after_pause not in found
    reason = run(b)["numbering"][jumped].reason
    assert "skipped" in reason and "per invoice" in reason


def test_an_eighteen_digit_series_jumping_a_hundred_quadrillion_is_not_overflowed() -> None:
    # its pace over the days between two invoices passes 64-bit integers (days x spread)
    b, _, jumped = _jumping(pause_days=360, extra_jump=10**17, start=10**17)
    assert kinds(b) == {jumped: "gap"}


def _period_billed(number: Callable[[int, int], str], day_of_month: int) -> Book:
    """A landlord numbering three years' monthly rent by the period, number(year, month),
    dated on day_of_month of that month (0: the last day of the month before, in advance)."""
    b = Book()
    for k in range(36):
        year, month = 2022 + k // 12, 1 + k % 12
        billed = date(year, month, 1) + timedelta(day_of_month - 1 if day_of_month else -1)
        b.add("Landlord", number(year, month), billed, "2450.00")
    return b


def test_numbers_that_name_the_period_billed_are_no_counter_with_gaps() -> None:
    # 202212 -> 202301 is one month, not 88 numbers missing; nor 2212 -> 2301, nor a date
    forms = {
        "yyyymm": (lambda y, m: f"RENT-{y}{m:02d}", 3),
        "yymm in advance": (lambda y, m: f"RE {y % 100}{m:02d}", 0),
        "yyyymmdd": (lambda y, m: f"M-{y}{m:02d}01", 15),
    }
    for name, (number, day) in forms.items():
        assert kinds(_period_billed(number, day)) == {}, name


def test_a_counter_that_happens_to_start_like_a_year_is_still_a_counter() -> None:
    # INV-202301, 202302, ... every 6 days: numbers far from the months they are dated in
    b, rows = Book(), {}
    for k in range(40):
        if k not in (20, 21):
            rows[k] = b.add("Seq", f"INV-{202301 + k}", START + timedelta(6 * k), "210.40")
    assert kinds(b) == {rows[22]: "gap"}


def _shared_with_an_old_number(old_from: int | None) -> tuple[Book, int | None]:
    """A law firm billing others too (8-16 numbers between our monthly invoices), and, if
    given, an invented invoice in month 18 under a number between those of months old_from and
    old_from + 1. Returns the book and that invoice."""
    import random

    rng = random.Random(7)
    b, num, numbers = Book(), 0, []
    for k in range(22):
        num += rng.randint(8, 16)
        numbers.append(num)
        b.add("Hale LLP", f"INV-{num:04d}", START + timedelta(30 * k), f"{1500 + 37 * k}.75")
    if old_from is None:
        return b, None
    old = f"INV-{numbers[old_from] + 1:04d}"
    return b, b.add("Hale LLP", old, START + timedelta(30 * 18 + 2), "1882.83")


def test_a_number_from_months_before_its_date_is_out_of_sequence() -> None:
    # month 13's number in month 18: five months' numbers behind, under ten typical steps, but
    # dated five months after the invoices numbered either side of it
    b, invented = _shared_with_an_old_number(13)
    found = run(b)["numbering"]
    assert set(found) == {invented}
    assert "days after the invoices numbered either side of it" in found[invented].reason
    assert kinds(_shared_with_an_old_number(None)[0]) == {}
    # last month's number, dated a month late: no number from another time
    b, late = _shared_with_an_old_number(17)
    assert late not in run(b).get("numbering", {})


def test_a_counter_that_restarts_each_year_under_one_prefix_has_no_numbers_from_another_time():
    # RE-1, RE-2, ... from each January: every number recurs a year apart
    b = Book()
    for year in (2022, 2023, 2024):
        for k in range(40):
            b.add("Yearly", f"RE-{k + 1}", date(year, 1, 3) + timedelta(8 * k), f"{90 + k}.30")
    assert not {kind for kind in kinds(b).values() if kind == "out_of_sequence"}


def _yearly(vendor: str, number: Callable[[int, int], str]) -> tuple[Book, dict]:
    """40 invoices a year in 2022 and 2023, every 8 days from 5 January, numbered number(year,
    k + 1); 2023's 21st is missing."""
    b, rows = Book(), {}
    for year in (2022, 2023):
        for k in range(40):
            if (year, k) != (2023, 20):
                day = date(year, 1, 5) + timedelta(8 * k)
                rows[year, k] = b.add(vendor, number(year, k + 1), day, f"{300 + k}.25")
    return b, rows


def test_a_counter_with_the_year_in_front_restarts_each_year_without_a_gap() -> None:
    # MH20220001.. MH20220040, then MH20230001..: the year is the series, not 9,960 missing
    b, rows = _yearly("Metzgerei", lambda year, k: f"MH{year}{k:04d}")
    found = run(b).get("numbering", {})
    assert set(found) == {rows[2023, 21]}  # MH20230022, after the missing MH20230021
    reason = found[rows[2023, 21]].reason
    assert "1 number(s) are missing between MH20230020 and MH20230022" in reason


def test_a_counter_with_the_year_behind_it_is_a_series_per_year() -> None:
    # FV/0001/2022.. FV/0040/2022, then FV/0001/2023..: the counter before the year is the
    # number (not the year, the same 2023 on every invoice), and each year a series of its own:
    # a gap in it is found, the restart is none; so is last year's number dated in July
    b, rows = _yearly("Tartak", lambda year, k: f"FV/{k:04d}/{year}")
    old = b.add("Tartak", "FV/0035/2022", date(2023, 7, 20), "1882.83")
    # 124/11/2022: a counter of the month, then the month and the year (the day after the
    # counter's: a number that is its own date, 12.05.2023, is no counter)
    for k in range(28):
        b.add("Sklejka", f"FV {k + 1}/11/2022", date(2022, 11, 2) + timedelta(k), f"{80 + k}.10")
    for k in range(28):
        if k != 14:
            day = date(2022, 12, 2) + timedelta(k)
            rows["dec", k] = b.add("Sklejka", f"FV {k + 1}/12/2022", day, f"{90 + k}.10")
    found = run(b).get("numbering", {})
    assert set(found) == {rows[2023, 21], old, rows["dec", 15]}
    assert "1 number(s) are missing between FV/0020/2023 and FV/0022/2023" in (
        found[rows[2023, 21]].reason
    )
    assert "FV 14/12/2022 and FV 16/12/2022" in found[rows["dec", 15]].reason
    assert "days after the invoices numbered either side of it" in found[old].reason


def test_a_vendor_that_skips_a_number_one_time_in_seven_is_billing_others_too() -> None:
    # a sawmill numbering its customers' invoices in one series: ours run on by 1 six times in
    # seven and miss one or two numbers otherwise. Its skips are other customers' invoices, no
    # gaps, and so are three numbers missing, which its skips' tail (each number beyond the
    # first missed one time in three) makes about twice in its history; eight missing, which it
    # makes once in a hundred histories, are a gap
    def sawmill(missing: int) -> tuple[Book, int]:
        b, num, gap = Book(), 700, 0
        for k in range(140):
            num += (1 if k % 7 else 2 + k % 2) + (missing if k == 130 else 0)
            row = b.add("Sawmill", f"S-{num}", START + timedelta(k), f"{500 + k}.20")
            gap = row if k == 130 else gap
        return b, gap

    assert kinds(sawmill(0)[0]) == {}
    assert kinds(sawmill(3)[0]) == {}
    b, gap = sawmill(8)
    assert kinds(b) == {gap: "gap"}
    assert "8 number(s) are missing" in run(b)["numbering"][gap].reason


def test_gaps_in_a_series_that_never_skips_and_two_large_ones_are_no_habit() -> None:
    # four invoices missing from 200 that otherwise run on are four gaps (a habit needs a
    # twentieth of the steps to skip); two runs of eight missing at the sawmill, whose skips
    # miss one or two, are both gaps: one large gap does not vouch for another
    b, rows, num = Book(), {}, 1000
    for k in range(200):
        num += 2 if k in (50, 90, 130, 160) else 1
        rows[k] = b.add("Strict", f"R-{num}", START + timedelta(k), f"{300 + k}.10")
    assert kinds(b) == {rows[k]: "gap" for k in (50, 90, 130, 160)}
    b, rows, num = Book(), {}, 700
    for k in range(140):
        num += (1 if k % 7 else 2 + k % 2) + (8 if k in (50, 90) else 0)
        rows[k] = b.add("Sawmill", f"S-{num}", START + timedelta(k), f"{500 + k}.20")
    assert kinds(b) == {rows[50]: "gap", rows[90]: "gap"}


def test_a_monthly_counter_keeps_its_habit_and_a_date_is_no_counter() -> None:
    # FV n/MM/2023, restarting each month, with the sawmill's habit of skipping one or two: the
    # habit is the vendor's, not one month's; and 12.05.2023, a bakery's delivery date as its
    # number, is no counter 12 in a series of May with the weekends missing
    b, k = Book(), 0
    for month in range(1, 7):
        num = 0
        for d in range(25):
            num += 1 if k % 7 else 2 + k % 2
            b.add("Tartak", f"FV {num}/{month:02d}/2023", date(2023, month, 1 + d), f"{400 + k}.30")
            k += 1
    day = date(2023, 1, 2)
    while day < date(2023, 7, 1):
        if day.weekday() < 5:
            b.add("Bakery", day.strftime("%d.%m.%Y"), day, f"{100 + day.toordinal() % 97}.15")
        day += timedelta(1)
    assert kinds(b) == {}


def test_numbers_that_are_a_date_and_that_days_counter_are_no_series_with_gaps() -> None:
    # LG221230004: the 4th invoice of 30 December 2022; each day's counter starts again
    b = Book()
    day = date(2022, 11, 1)
    for k in range(90):
        d = day + timedelta(k)
        b.add("Groentehal", f"LG{d:%y%m%d}{1 + k % 3:03d}", d, f"{120 + k}.35")
    assert kinds(b) == {}


def test_a_vendor_billing_all_our_sites_in_one_monthly_batch_runs_on_only_within_it() -> None:
    # twelve hotels billed in one consecutive batch on the 1st; 200-260 numbers go to other
    # customers between batches
    import random

    rng, b, num = random.Random(3), Book(), 383_700
    for month in range(24):
        billed = date(2022 + month // 12, 1 + month % 12, 1)
        for site in range(12):
            num += 1
            b.add("RevMax", f"RMX-{num}", billed, f"{540 + 10 * site}.00")
        num += rng.randint(200, 260)
    assert kinds(b) == {}


def test_a_plain_counter_whose_hundreds_pass_the_year_at_new_year_is_still_one_series() -> None:
    # 2340.. 2480 from April 2023 to January 2025: 23xx in 2023 and 24xx in 2024 by chance
    b = Book()
    for k in range(141):
        day = date(2023, 4, 13) + timedelta(days=k * 4.7)
        b.add("Kleinteile", f"{2340 + k}", day, f"{20 + k}.15")
    assert kinds(b) == {}


def test_numbers_handed_out_in_no_order_of_dates_say_nothing_about_when_one_was_written() -> None:
    import random

    rng, b = random.Random(2), Book()
    for k in range(300):  # one counter, the dates drawn at random over a year
        b.add("Anyday", f"N{k}", START + timedelta(rng.randrange(365)), f"{50 + k}.20")
    reasons = [d.reason for d in run(b).get("numbering", {}).values()]
    assert not [r for r in reasons if "the invoices numbered either side of it" in r]


def test_a_counter_after_the_year_that_passes_a_hundred_a_month_is_still_a_counter() -> None:
    # MH2023 + a counter of about a hundred invoices a month: MH20230520 reads like
    # 2023-05 and a counter 20, but only a full date would name the period billed
    b, rows = Book(), {}
    for m in range(1, 13):
        for d in (5, 20):
            number = f"MH2023{100 * (m - 1) + 4 * d:04d}"
            rows[m, d] = b.add("Metro", number, date(2023, m, d), f"{100 + 3 * m + d}.17")
    invented = b.add("Metro", "MH20230040", date(2023, 11, 28), "777.77")  # January's number
    assert set(run(b).get("numbering", {})) == {invented}


def test_the_median_of_three_neighbours_is_medians_own_at_every_edge() -> None:
    import random

    import duckdb

    from core.anomalies.numbering import _median3_sql

    rng = random.Random(3)
    con = duckdb.connect()
    # short and long series, huge numbers, ties: every frame median() sees, row by row
    values = [
        (s, k, rng.choice([rng.randint(0, 50), rng.randint(0, 10**18), 7]))
        for s in range(60)
        for k in range(rng.randint(1, 9))
    ]
    con.execute("CREATE TABLE t (s INTEGER, k INTEGER, num BIGINT)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", values)
    rows = con.execute(
        f"""
        SELECT median(num) OVER (w ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING),
               {_median3_sql("lag")},
               median(num) OVER (w ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING),
               {_median3_sql("lead")}
        FROM t WINDOW w AS (PARTITION BY s ORDER BY k)
        """
    ).fetchall()
    assert len(rows) == len(values) > 200
    assert all(before == ours_before and after == ours_after
               for before, ours_before, after, ours_after in rows)  # fmt: skip


def test_a_number_in_letters_the_vendor_never_uses_is_on_another_template() -> None:
    # a pest controller numbers every invoice PG and six digits; one reads INV-88. A vendor
    # that moves to a new series uses it again, a credit note keeps a series of its own, and a
    # rebill adds its letters after the digits
    b = Book()
    for k in range(40):
        b.add("Pest Guard", f"PG{207200 + 7 * k}", START + timedelta(9 * k), f"{500 + k}.10")
    foreign = b.add("Pest Guard", "INV-88", date(2024, 11, 21), "509.81")
    b.add("Pest Guard", "CN-12", date(2024, 11, 25), "-120.00")
    for k in range(40):
        number = f"TS{5000 + k}" if k < 20 else f"TSV-{100 + k}"
        b.add("Termi", number, START + timedelta(9 * k), f"{300 + k}.40")
    # a rebill's R1 after the digits is the vendor's own number revised
    for k in range(40):
        b.add("Mill", f"{40100 + 3 * k}", START + timedelta(9 * k), f"{700 + k}.20")
    b.add("Mill", "40164R1", date(2024, 11, 22), "741.20")
    found = run(b).get("numbering", {})
    assert set(found) == {foreign}
    assert "40 of its other 40 invoices are numbered PG..." in found[foreign].reason


def test_a_number_in_a_shape_the_vendor_never_writes_is_on_another_template() -> None:
    # a Polish maker numbers FV/0001/2024 on; two invoices read FV-2024-0017: its letters, but
    # the year before the counter (a counter reaching 2024 in 2024 is none). Marks are a
    # typist's (FV 0012 2024, FV0081/2024, FV-0082-2024),
    # a rebill's suffix is the number revised, a vendor that moves to a new shape goes on in it,
    # and a document type of its own used twice (PRO-1, PRO-2) is a series, no forgery
    b = Book()

    def day(k: int) -> date:
        return START + timedelta(5 * k)

    for k in range(1, 81):  # its counter passes 2024 in 2024 (FV/2024/2024)
        b.add("Meble Nowak", f"FV/{1979 + k}/{day(k).year}", day(k), f"{900 + k}.30")
    forged = [
        b.add("Meble Nowak", f"FV-{day(28).year}-0017", day(28), "4310.55"),
        b.add("Meble Nowak", f"FV-{day(50).year}-0031", day(50), "3980.15"),
    ]
    for number, k, amount in [
        ("FV 0012 2024", 20, "1777.20"),
        ("FV0081/2024", 60, "2240.10"),
        ("FV-0082-2024", 61, "2250.10"),
        ("FV/0020/2024/K", 33, "935.30"),
        ("PRO-1", 40, "5000.00"),
        ("PRO-2", 70, "5000.00"),
    ]:
        b.add("Meble Nowak", number, day(k), amount)
    for k in range(1, 41):
        number = f"FS/{k:04d}/{day(k).year}" if k <= 38 else f"FS-{day(k).year}-{k:04d}"
        b.add("Tapicer", number, day(k), f"{500 + k}.60")
        # a counter without the year that reaches 2024 in 2024 (OK-2024) carries no year, and
        # one behind the year that does (2024/2024) keeps its year in front
        b.add("Okucia", f"OK-{1980 + 2 * k}", day(k), f"{700 + k}.90")
        b.add("Hansa", f"{day(k).year}/{1980 + 2 * k}", day(k), f"{300 + k}.70")
    # a vendor that writes no marks (F0043507) does not write F-055766; a space is no mark
    for k in range(1, 41):
        b.add("Folie", f"F{43500 + 7 * k:07d}", day(k), f"{400 + k}.80")
    b.add("Folie", f"F {43500 + 7 * 41:07d}", day(41), "441.80")
    forged.append(b.add("Folie", "F-055766", day(20), "1426.45"))
    found = run(b).get("numbering", {})
    assert set(found) == set(forged)
    reason = found[forged[0]].reason
    assert "83 of its other 87 invoices are numbered like FV/2059/2025" in reason
    assert "and one other is written like this" in reason
    assert found[forged[0]].evidence["usual_number"] == "FV/2059/2025"


def test_a_counter_before_a_financial_year_is_a_series_per_financial_year() -> None:
    # 0001/21-22.. from April 2021, 0001/22-23.. from April 2022 (India's April-to-March
    # year, and 0001/2022-23 at another vendor): each financial year a series of its own, its
    # invoices dated in both calendar years; a gap in it is found, the April restart is none
    b, rows = Book(), {}
    for vendor, label in (
        ("Swami Samarth", "{:02d}-{:02d}"),
        ("Deccan Forgings", "20{:02d}-{:02d}"),
    ):
        for fy in (21, 22):
            for k in range(45):
                if (vendor, fy, k) != ("Swami Samarth", 22, 30):
                    day = date(2000 + fy, 4, 3) + timedelta(8 * k)
                    number = f"{k + 1:04d}/{label.format(fy, fy + 1)}"
                    rows[vendor, fy, k] = b.add(vendor, number, day, f"{700 + 3 * k}.40")
    found = run(b).get("numbering", {})
    assert set(found) == {rows["Swami Samarth", 22, 31]}
    assert (
        "missing between 0030/22-23 and 0032/22-23" in found[rows["Swami Samarth", 22, 31]].reason
    )


def test_a_number_dated_outside_the_year_its_label_names_is_from_another_years_series() -> None:
    # INV/2021-22/0001.. restarting each April; PF-2223-00001.. (the year in four digits);
    # FY2024-0001.. from July 2023 (Australia's year, named for the June it ends in): each
    # vendor's own numbers keep to their years, whatever month those start in
    b, rows = Book(), {}
    forms = {
        "Hindustan Hardware": (4, lambda fy, k: f"INV/20{fy}-{fy + 1}/{k:04d}"),
        "Precision Forge": (4, lambda fy, k: f"PF-{fy}{fy + 1}-{k:05d}"),
        "Sydney Freight": (7, lambda fy, k: f"FY20{fy + 1}-{k:04d}"),
    }
    for vendor, (month, number) in forms.items():
        for fy in (21, 22):
            for k in range(40):
                day = date(2000 + fy, month, 3) + timedelta(9 * k)
                rows[vendor, fy, k] = b.add(vendor, number(fy, k + 1), day, f"{500 + 7 * k}.30")
    # last year's series continued months after the restart, at each vendor
    late = {
        vendor: b.add(vendor, number(21, 41), date(2022, month, 3) + timedelta(150), "912.40")
        for vendor, (month, number) in forms.items()
    }
    found = run(b).get("numbering", {})
    assert set(found) == set(late.values())
    reason = found[late["Hindustan Hardware"]].reason
    assert "names the year from 2021-04-01 to 2022-03-31, but is dated outside it" in reason
    assert "from 2021-07-01 to 2022-06-30" in found[late["Sydney Freight"]].reason
    assert found[late["Precision Forge"]].evidence["kind"] == "other_year"
