"""Backdated and future-dated invoices in an imported list, judged by its entry order."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
from test_anomalies import START, Book, workday

from core.anomalies import ScanConfig, scan


def _found(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, set[int | None]]:
    by_kind: dict[str, set[int | None]] = {}
    for d in scan(con, table, ScanConfig(as_of=date(2030, 1, 1))):
        by_kind.setdefault(d.detector, set()).add(d.invoice_id)
    return by_kind


def _entered(
    book: Book, leads: dict[int, int] | None = None, at: dict[int, str] | None = None
) -> tuple[duckdb.DuckDBPyConnection, str]:
    """The book stored with each invoice recorded the day after its date, but `leads` days
    before it for the ids in leads, and at the given time for the ids in at."""
    con = duckdb.connect()
    table = book.table(con)
    con.execute(f"UPDATE {table} SET recorded_at = invoice_date + INTERVAL 1 DAY")
    for inv, lead in (leads or {}).items():
        con.execute(
            f"UPDATE {table} SET recorded_at = invoice_date - INTERVAL (?) DAY WHERE id = ?",
            [lead, inv],
        )
    for inv, moment in (at or {}).items():
        con.execute(
            f"UPDATE {table} SET recorded_at = CAST(? AS TIMESTAMP) WHERE id = ?", [moment, inv]
        )
    return con, table


def _small_ledger() -> tuple[Book, date]:
    """72 invoices, about one a working day; and the last day they cover (2024-04-09)."""
    book = Book()
    for k in range(72):
        book.add(f"V{k % 4}", f"N{k}", workday(START + timedelta(k * 7 // 5)), "80.00")
    return book, workday(START + timedelta(71 * 7 // 5))


def test_a_tightly_ordered_list_shows_a_month_out_of_place() -> None:
    book = Book()
    for k in range(600):  # about three invoices a working day, entered in date order
        day = workday(START + timedelta(k // 4 * 7 // 5))
        book.add(f"V{k % 12}", f"N{k}", day, f"{100 + k}.15")
    con = duckdb.connect()
    table = book.table(con)
    assert not {"future_date", "backdated"} & _found(con, table).keys()
    # two rows keep their place in the list but carry a date a month off (Tuesdays both)
    con.execute(f"UPDATE {table} SET invoice_date = DATE '2024-05-21' WHERE seq = 300")
    con.execute(f"UPDATE {table} SET invoice_date = DATE '2024-04-30' WHERE seq = 430")
    ahead, behind = (
        con.execute(f"SELECT id FROM {table} WHERE seq = ?", [s]).fetchone()[0] for s in (300, 430)
    )
    found = _found(con, table)
    assert found.get("future_date") == {ahead}
    assert found.get("backdated") == {behind}


def test_a_list_in_posting_order_judges_delays_by_their_own_long_tail() -> None:
    import random

    rng = random.Random(5)
    rows = []
    for k in range(1500):  # about seven invoices a working day, listed as they were posted
        posted = workday(START + timedelta(k // 7 * 7 // 5))
        # most are booked within days, one in fifty after five to seven weeks
        days = rng.randint(*rng.choices([(0, 3), (4, 14), (15, 30), (31, 50)], [60, 30, 8, 2])[0])
        rows.append((posted, workday(posted - timedelta(days))))
    late = sum((posted - dated).days > 30 for posted, dated in rows)
    assert late > 15  # premise: the natural tail reaches past a month
    book = Book()
    for k, (posted, dated) in enumerate(rows):
        if k == 900:
            backdated = book.add("V7", "B-1", workday(posted - timedelta(120)), "410.00")
        if k == 1200:
            ahead = book.add("V9", "F-1", workday(posted + timedelta(45)), "420.00")
        book.add(f"V{k % 30}", f"N{k}", dated, f"{100 + k}.15")
    con = duckdb.connect()
    table = book.table(con)
    con.execute(f"UPDATE {table} SET seq = id")  # the list's order is the order of posting
    found = _found(con, table)
    assert found.get("backdated") == {backdated}
    assert found.get("future_date") == {ahead}


def test_two_percent_of_a_list_misplaced_do_not_set_their_own_limit() -> None:
    book = Book()
    for k in range(600):  # about three invoices a working day, entered in date order
        book.add(f"V{k % 12}", f"N{k}", workday(START + timedelta(k // 4 * 7 // 5)), "100.15")
    con = duckdb.connect()
    table = book.table(con)
    seqs = [150 + 30 * i for i in range(12)]  # 2 % of the rows dated a month early
    for seq in seqs:
        con.execute(
            f"UPDATE {table} SET invoice_date = invoice_date - INTERVAL 30 DAY WHERE seq = ?", [seq]
        )
    moved = {con.execute(f"SELECT id FROM {table} WHERE seq = ?", [q]).fetchone()[0] for q in seqs}
    assert _found(con, table).get("backdated") == moved


def test_holidays_follow_the_calendar_of_the_base_currency() -> None:
    from test_anomalies import run

    book = Book()
    thanksgiving = book.add("Acme", "A-1", date(2024, 11, 28), "120.00")
    whit_monday = book.add("Acme", "A-2", date(2024, 5, 20), "130.00")
    in_euros = run(book).get("holiday_date", {})
    in_dollars = run(book, base_currency="USD").get("holiday_date", {})
    assert set(in_euros) == {whit_monday}
    assert set(in_dollars) == {thanksgiving}
    assert "Thanksgiving Day" in in_dollars[thanksgiving].reason


def test_a_krona_ledger_follows_swedish_holidays_a_french_vendor_in_euros_frances() -> None:
    from test_anomalies import run

    book = Book()
    midsummer_eve = book.add("Bygg AB", "B-1", date(2024, 6, 21), "1200.00")
    book.add("Bygg AB", "B-2", date(2024, 10, 3), "1300.00")  # German Unity Day
    in_kronor = run(book, base_currency="SEK").get("holiday_date", {})
    assert set(in_kronor) == {midsummer_eve}
    assert "Midsummer Eve" in in_kronor[midsummer_eve].reason
    # in a euro ledger, a vendor paid to a French account rests on Bastille Day, not on
    # German Unity Day; one without an account follows the ledger's own calendar
    book = Book()
    fr = "FR7630006000011234567890189"
    bastille = book.add("Atelier SA", "A-1", date(2024, 7, 15) - timedelta(1), "900.00", iban=fr)
    french_unity = book.add("Atelier SA", "A-2", date(2024, 10, 3), "910.00", iban=fr)
    book.add("Atelier SA", "A-3", date(2024, 7, 16), "920.00", iban=fr)
    german_unity = book.add("Acme", "A-4", date(2024, 10, 3), "930.00")
    found = run(book).get("holiday_date", {})
    assert french_unity not in found and german_unity in found
    assert bastille not in found  # 14 July 2024 was a Sunday: a weekend date, no holiday one


def test_a_french_firms_euro_ledger_shows_its_own_holidays_without_bank_details() -> None:
    from core.anomalies.holidays import calendar_days, french_holidays

    shut = calendar_days(french_holidays, date(2023, 1, 1), date(2024, 12, 31))
    book = Book()
    day, k = date(2023, 1, 2), 0
    while day <= date(2024, 12, 31):  # 12 invoices a French working day, no bank details
        if day.weekday() < 5 and day not in shut:
            for _ in range(12):
                book.add(f"V{k % 40}", f"N{k}", day, f"{200 + k % 500}.35")
                k += 1
        day += timedelta(1)
    bastille = book.add("V3", "X-1", date(2023, 7, 14), "410.35")  # a Friday
    con = duckdb.connect()
    cfg = ScanConfig(as_of=date(2026, 1, 1))
    found = {d.invoice_id: d for d in scan(con, book.table(con), cfg, only={"holiday_date"})}
    # German Unity Day is an ordinary working day in this ledger (3 October, 24 invoices)
    assert set(found) == {bastille}
    assert "Bastille Day" in found[bastille].reason and "in France" in found[bastille].reason


def test_a_vendor_that_dates_its_bills_on_the_last_day_of_the_month_keeps_to_the_calendar() -> None:
    from calendar import monthrange

    from test_anomalies import run

    book = Book()
    month_ends = [date(2023, m, monthrange(2023, m)[1]) for m in range(1, 13)]
    # a subcontractor's monthly statements: 30 April and 31 December 2023 were Sundays,
    # 30 September a Saturday; and one call-out bill dated mid-month
    ends = [
        book.add("Fasad AB", f"F-{k}", d, f"{20000 + 10 * k}.00") for k, d in enumerate(month_ends)
    ]
    book.add("Fasad AB", "F-X", date(2023, 6, 14), "4100.00")
    for k in range(40):
        book.add("Kontor AB", f"K-{k}", workday(START + timedelta(k * 7)), f"{300 + k}.40")
    saturday = book.add("Kontor AB", "K-S", date(2024, 6, 15), "350.40")
    # the mid-month bill on a Saturday is no statement of the calendar's
    odd = book.add("Fasad AB", "F-Y", date(2023, 8, 12), "3900.00")
    in_kronor = run(book, base_currency="SEK")
    assert set(in_kronor.get("weekend_date", {})) == {saturday, odd}
    # New Year's Eve closes Swedish banks, but the statement is dated by the calendar
    assert ends[-1] not in in_kronor.get("holiday_date", {})


def test_a_list_sorted_by_date_shows_invoices_dated_past_its_period() -> None:
    book = Book()
    for k in range(600):  # about three invoices a working day, the export sorted by date
        book.add(f"V{k % 12}", f"N{k}", workday(START + timedelta(k // 4 * 7 // 5)), "100.15")
    last = workday(START + timedelta(599 // 4 * 7 // 5))
    early = book.add("V1", "N900", last + timedelta(days=12), "120.00")  # next period begins
    beyond = book.add("V2", "N901", last + timedelta(days=45), "130.00")
    con = duckdb.connect()
    found = _found(con, book.table(con))
    assert found.get("future_date") == {beyond}
    assert early not in found["future_date"]  # the next period's first days are no anomaly


def test_a_ledger_whose_business_winds_down_has_no_future_dated_tail() -> None:
    book = Book()
    for k in range(600):  # busy for months, then a trickle: a thick tail, not a few strays
        book.add(f"V{k % 12}", f"N{k}", workday(START + timedelta(k // 4 * 7 // 5)), "100.15")
    last = workday(START + timedelta(599 // 4 * 7 // 5))
    for k in range(60):
        book.add("V1", f"W{k}", workday(last + timedelta(days=20 + 2 * k)), "90.00")
    con = duckdb.connect()
    assert "future_date" not in _found(con, book.table(con))


def test_a_stray_past_a_small_ledgers_end_is_future_dated() -> None:
    book, last = _small_ledger()
    stray = book.add("V1", "N900", workday(last + timedelta(days=120)), "85.00")
    con = duckdb.connect()
    assert _found(con, book.table(con)).get("future_date") == {stray}


def test_a_weekly_trickle_after_a_small_ledgers_end_is_no_future_dated_stray() -> None:
    book, last = _small_ledger()
    for k in range(1, 9):  # then one a week for two months: a trickle, not strays
        book.add("V1", f"W{k}", last + timedelta(days=7 * k), "85.00")
    con = duckdb.connect()
    assert "future_date" not in _found(con, book.table(con))


def test_strays_set_apart_from_the_next_periods_first_invoices_are_future_dated() -> None:
    book, last = _small_ledger()
    book.add("V1", "N800", workday(last + timedelta(days=20)), "81.00")  # a late invoice
    strays = [
        book.add(f"V{k}", f"N9{k}", workday(last + timedelta(days=118 + k)), "85.00")
        for k in range(3)  # dates mistyped months ahead
    ]
    con = duckdb.connect()
    assert _found(con, book.table(con)).get("future_date") == set(strays)


def test_monthly_invoices_after_a_small_ledgers_end_are_a_trickle_not_strays() -> None:
    book, _ = _small_ledger()
    for month in (5, 6, 7, 8):  # rent on the first of each month, one month of 31 days
        book.add("Landlord", f"R{month}", date(2024, month, 1), "1500.00")
    con = duckdb.connect()
    assert "future_date" not in _found(con, book.table(con))


def test_a_ledger_too_thin_for_a_regular_fortnight_has_no_end_to_judge_by() -> None:
    book = Book()
    for month in range(1, 13):  # one rent a month, and one builder's burst in September
        book.add("Rent", f"R{month}", date(2023, month, 15), "900.00")
    for day in (20, 22, 26, 28):
        book.add("Builder", f"B{day}", date(2023, 9, day), "2400.00")
    con = duckdb.connect()
    assert "future_date" not in _found(con, book.table(con))


def test_strays_far_apart_are_each_future_dated_beside_the_next_periods_first_invoices() -> None:
    book, last = _small_ledger()
    for days in (15, 18):  # the next period begins
        book.add("V1", f"P{days}", workday(last + timedelta(days=days)), "82.00")
    strays = [  # a date typed two months ahead, and one typed a year ahead
        book.add("V2", f"S{days}", workday(last + timedelta(days=days)), "85.00")
        for days in (60, 400)
    ]
    con = duckdb.connect()
    assert _found(con, book.table(con)).get("future_date") == set(strays)


def test_an_advance_bill_is_no_future_date_but_one_dated_weeks_after_entry_is() -> None:
    book = Book()
    for k in range(60):
        book.add(f"V{k % 5}", f"N{k}", workday(START + timedelta(k * 2)), f"{100 + k}.15")
    advance = book.add("Landlord", "RENT-0401", date(2024, 4, 1), "2450.00")
    ahead = book.add("V9", "F-1", date(2024, 4, 29), "420.00")
    # recorded the day after their date; next month's rent on 26 March, F-1 on 2 April
    con, table = _entered(book, at={advance: "2024-03-26 10:00", ahead: "2024-04-02 10:00"})
    assert _found(con, table).get("future_date") == {ahead}


def test_a_vendor_that_habitually_bills_ahead_has_its_own_allowance_but_not_for_months() -> None:
    book = Book()
    for k in range(60):
        book.add(f"V{k % 5}", f"N{k}", workday(START + timedelta(k * 2)), f"{100 + k}.15")
    # a subscription sent 4-5 days before each month starts, one of them 9 days before
    leads = [4, 5, 4, 5, 9]
    bills = [book.add("CloudCo", f"C-{m}", date(2024, m, 1), "99.00") for m in range(1, 6)]
    months_ahead = book.add("CloudCo", "C-9", date(2024, 9, 1), "99.00")
    con, table = _entered(
        book, dict(zip(bills, leads, strict=True)), {months_ahead: "2024-06-20 10:00"}
    )
    assert _found(con, table).get("future_date") == {months_ahead}


def test_a_scheduled_rent_entered_weeks_early_is_posted_early_not_future_dated() -> None:
    book = Book()
    for k in range(300):
        book.add(f"V{k % 5}", f"N{k}", workday(START + timedelta(k * 2)), f"{100 + k}.15")
    # the rent dated the 1st of every month, entered 3 to 7 days before; August's entered on
    # 6 July, before the summer holidays: 26 days early, on its schedule
    rents = [book.add("Kvarnbacken", f"H-{m}", date(2024, m, 1), "47500.00") for m in range(1, 13)]
    # a supplier's bill dated 26 days after it was entered: a date in the future
    odd = book.add("V9", "F-1", date(2024, 8, 1), "420.00")
    leads = {rent: 26 if m == 8 else 3 + m % 5 for m, rent in enumerate(rents, start=1)}
    con, table = _entered(book, leads, {odd: "2024-07-06 10:00"})
    assert _found(con, table).get("future_date") == {odd}


def test_a_vendor_that_dates_at_weekends_as_a_matter_of_course_is_no_weekend_anomaly() -> None:
    from test_anomalies import run

    book = Book()
    day = date(2024, 1, 1)
    # a baker delivering every day of the week for half a year
    baker = [
        book.add("Bakkerij", f"BK-{k}", day + timedelta(k), f"{80 + k % 9}.40") for k in range(180)
    ]
    # rent dated the 1st of every month for three years, whatever day that is
    rent = [
        book.add("Landlord", f"R-{m}", date(2022 + m // 12, 1 + m % 12, 1), "2400.00")
        for m in range(36)
    ]
    # a weekday-only supplier's one Saturday and one Sunday
    for k in range(120):
        book.add("Weekday Co", f"W-{k}", workday(START + timedelta(k * 3)), f"{300 + k}.10")
    saturday = book.add("Weekday Co", "W-SAT", date(2024, 6, 15), "512.30")
    sunday = book.add("Weekday Co", "W-SUN", date(2024, 6, 16), "498.70")
    # a florist of a small ledger: Fridays, and three Saturdays in fifty bills, a habit
    for k in range(47):
        book.add("Florist", f"F-{k}", date(2024, 1, 5) + timedelta(7 * k), f"{90 + k}.20")
    florist = [
        book.add("Florist", f"F-S{k}", date(2024, 2, 10) + timedelta(70 * k), "120.00")
        for k in range(3)
    ]
    found = run(book)
    assert set(found.get("weekend_date", {})) == {saturday, sunday}
    assert not set(florist) & found.get("weekend_date", {}).keys()
    # the baker works on Whit Monday and Christmas, and the rent falls due on New Year's Day
    holidays = set(found.get("holiday_date", {}))
    assert not holidays & (set(baker) | set(rent))


def test_a_vendor_paid_to_a_dutch_account_follows_the_dutch_calendar_in_a_euro_ledger() -> None:
    from test_anomalies import run

    book = Book()
    nl, de = "NL91ABNA0417164300", "DE89370400440532013000"
    for k in range(60):
        day = workday(START + timedelta(k * 5))
        book.add("Groothandel", f"G-{k}", day, f"{200 + k}.10", iban=nl)
        book.add("Grosshandel", f"H-{k}", day, f"{210 + k}.10", iban=de)
    # King's Day 2023 was a Thursday; German Unity Day 2024 a Thursday too
    kings_day_nl = book.add("Groothandel", "G-KD", date(2023, 4, 27), "250.00", iban=nl)
    unity_day_nl = book.add("Groothandel", "G-UD", date(2024, 10, 3), "251.00", iban=nl)
    book.add("Grosshandel", "H-KD", date(2023, 4, 27), "260.00", iban=de)
    unity_day_de = book.add("Grosshandel", "H-UD", date(2024, 10, 3), "261.00", iban=de)
    found = run(book).get("holiday_date", {})
    assert set(found) == {kings_day_nl, unity_day_de}
    assert "King's Day" in found[kings_day_nl].reason
    assert "in the Netherlands, where its bank account is" in found[kings_day_nl].reason
    assert "German Unity Day" in found[unity_day_de].reason
    # the ledger's own calendar (German in euros) would have listed the Dutch supplier's
    # German Unity Day instead of its King's Day
    assert unity_day_nl not in found
    # in a sterling ledger too, the suppliers work to their own countries' calendars
    in_pounds = run(book, base_currency="GBP").get("holiday_date", {})
    assert set(in_pounds) == {kings_day_nl, unity_day_de}
    # but suppliers abroad, billing in euros there, keep whose holidays the ledger cannot tell
    con = duckdb.connect()
    abroad = scan(
        con, book.table(con, "EUR"), ScanConfig(as_of=date(2026, 1, 1), base_currency="GBP")
    )
    assert not [d for d in abroad if d.detector == "holiday_date"]


def test_a_vendor_paid_to_a_french_account_and_once_to_a_dutch_one_is_no_dutch_vendor() -> None:
    from test_anomalies import run

    book = Book()
    fr, nl = "FR7630006000011234567890189", "NL91ABNA0417164300"
    for k in range(20):
        book.add("Vin SA", f"V-{k}", workday(START + timedelta(k * 9)), f"{300 + k}.10", iban=fr)
    book.add("Vin SA", "V-NL", workday(START + timedelta(200)), "310.10", iban=nl)
    unity_day = book.add("Vin SA", "V-UD", date(2024, 10, 3), "320.00", iban=fr)
    kings_day = book.add("Vin SA", "V-KD", date(2023, 4, 27), "330.00", iban=fr)
    armistice = book.add("Vin SA", "V-AD", date(2024, 11, 11), "340.00", iban=fr)
    # mostly paid to France: France's calendar, neither Germany's nor the Netherlands'
    found = run(book).get("holiday_date", {})
    assert armistice in found and "in France, where its bank account is" in found[armistice].reason
    assert not {unity_day, kings_day} & found.keys()


def test_a_vendor_billing_every_monday_keeps_billing_on_monday_holidays() -> None:
    from test_anomalies import run

    book = Book()
    # a staffing agency billing each of four sites' week every Monday for two years, holidays
    # or not (Easter Monday, Whit Monday, Christmas 2023 fall on Mondays)
    first_monday = date(2023, 1, 2)
    agency = [
        book.add("Agency", f"AG-{w}-{site}", first_monday + timedelta(7 * w), f"{4000 + site}.50")
        for w in range(104)
        for site in range(4)
    ]
    on_holidays = [
        i for i in agency if book.rows[i - 1][2] in {date(2023, 4, 10), date(2023, 12, 25)}
    ]
    assert len(on_holidays) == 8
    # six weekday suppliers billing most days, the firm's volume, which shows it closed on
    # holidays; one invoice redated onto Easter Monday
    for v in range(6):
        for k in range(360):
            day = workday(date(2023, 1, 2) + timedelta(2 * k))
            book.add(f"Supplies {v}", f"S-{k}", day, f"{310 + v}.20")
    redated = book.add("Supplies 0", "S-X", date(2024, 4, 1), "299.90")
    holidays = run(book).get("holiday_date", {})
    assert set(holidays) == {redated}
    assert "Easter Monday" in holidays[redated].reason


def _six_day_trade(book: Book, days_open: int) -> None:
    """Thirty vendors of 40 invoices each, dated on the first days_open days of the week in
    turn (6: Monday to Saturday, as Indian suppliers work; 5: Monday to Friday)."""
    for v in range(30):
        dates = [d for k in range(400) if (d := START + timedelta(v + k)).weekday() < days_open][
            ::7
        ][:40]
        for k, d in enumerate(dates):
            book.add(f"Supplier {v}", f"S{v}-{k}", d, f"{1000 + 37 * k + v}.45")


def test_where_the_trade_works_saturdays_a_vendors_saturday_is_no_sign_until_its_history_is() -> (
    None
):
    from test_anomalies import run

    saturday, sunday, gandhi = date(2024, 6, 15), date(2024, 6, 16), date(2021, 10, 2)
    verdicts = {}
    for days_open in (6, 5):
        book = Book()
        _six_day_trade(book, days_open)
        # an insurer's fifth policy among four weekday ones
        for k in range(4):
            book.add("Assurance Co", f"P-{k}", workday(START + timedelta(90 * k)), "61578.53")
        insurer = book.add("Assurance Co", "P-4", saturday, "61578.53")
        # a job shop that dated 60 invoices on weekdays, then two on Saturdays, one on a Sunday
        for k in range(60):
            book.add("Job Shop", f"J-{k}", workday(START + timedelta(5 * k)), f"{400 + k}.10")
        job_saturday = book.add("Job Shop", "J-SAT", saturday + timedelta(7), "512.30")
        job_saturday2 = book.add("Job Shop", "J-SAT2", saturday + timedelta(21), "517.80")
        job_sunday = book.add("Job Shop", "J-SUN", sunday, "498.70")
        # a supplier's bill on a holiday that falls on a Saturday (Gandhi Jayanti, 2021)
        holiday = book.add("Supplier 3", "S3-H", gandhi, "1203.45")
        found = run(book, base_currency="INR", extra_holidays=(gandhi,))
        weekend = found.get("weekend_date", {})
        verdicts[days_open] = (insurer in weekend, holiday in found.get("holiday_date", {}))
        # its other Saturday does not vouch for it: two among 63 is no Saturday trade
        assert {job_saturday, job_saturday2, job_sunday} <= set(weekend)
        if days_open == 6:
            assert "but only 1 of its 62 other invoices is" in weekend[job_saturday].reason
            assert "most of this ledger's vendors date on Saturdays" in weekend[job_saturday].reason
    # six working days: the insurer's Saturday is ordinary, the holiday a holiday; five: the
    # Saturday is a weekend, and so is the Saturday holiday (a weekend finding, not a holiday)
    assert verdicts == {6: (False, True), 5: (True, False)}
