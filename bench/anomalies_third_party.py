"""Third-party benchmark of the anomaly detectors on a UK purchase ledger (measurement only).

Written without reading the detectors, their tests or the other anomaly benchmarks: the only
sources were the feature's issue text, README.md and ``python -m core anomalies --help``. It is a
measurement of how the detectors generalise to a ledger they were not tuned on and is never part
of pass/fail.

    python bench/anomalies_third_party.py [--seed 3] [--samples K] [--json] [--keep-csv FILE]

THE LEDGER
    A UK manufacturer's purchase ledger (audit-trail export, i.e. in posting order) kept in GBP,
    invoice dates 2023-04-01 .. 2025-03-31 (fiscal years 2023/24 and 2024/25), ~40,000 rows and
    ~250 vendors, columns vendor, invoice_number, invoice_date, total_amount, currency,
    net_amount, tax_amount, account, iban, uploaded_by, approved_by.  It is screened with
    ``--approval-limit 10000 --base-currency GBP --as-of 2025-03-31``.

    Vendors (all names fictitious): 8 large stockholders/suppliers with near-daily invoices; 40
    mid-size suppliers (log-normal amounts, spreads sigma 0.3..1.2, so both narrow and wide);
    18 trades billing hours x rate (+ materials); 24 vendors billing from a price list
    (stationery, catering - zero-rated food, hygiene, workwear, books - zero-rated, couriers);
    24 subscriptions on a fixed day of the month whatever the weekday (fixed fees with an
    April price rise, or per-seat fees), 3 annual licences; utilities (electricity and gas with
    a winter peak, water zero-rated, waste, telecoms) and the council's business rates in ten
    equal instalments (no VAT); legitimately round fees (payroll bureau, IT retainer, marketing
    retainer, audit stage fees, a contractor's day rate, recruitment fees of 15-20 % of a
    salary, health-and-safety day rates); quarterly rent on the English quarter days (25 Mar,
    24 Jun, 29 Sep, 25 Dec - so one rent demand a year is dated Christmas Day), a service charge
    and a storage unit; travel vendors that invoice on any day (rail and air zero-rated, hotels,
    taxis, an online marketplace) and a weekly fuel-card statement; 20 foreign vendors billing
    in EUR (12) or USD (8) with no VAT (reverse charge); 4 capital-equipment vendors with quotes
    rounded to 100 pounds (above the limit, approved by the FD); 55 occasional vendors; 30
    vendors that start during the period and ~12 that stop.  A March year-end surge: trading
    vendors invoice 1.6x as often in March, and 15 % larger.  VAT 20 % unless zero-rated or
    exempt; credit notes are negative in all three amount columns.
    Dates of business-to-business vendors are working days (England and Wales bank holidays
    are not working days); about 0.5 % of their invoices are nevertheless dated on a weekend
    and a few on a bank holiday.  Posting lag: 60 % 0-3 days, 30 % 4-14, 8 % 15-30, 2 % 31-50.
    Invoice numbers follow each vendor's own scheme ("INV-004512", "SI0104512", "104512",
    "PFL004512", "INV/2324/0045" reset every fiscal year, "00045/24" reset every calendar year,
    "INV-2024-00123456") in date order; vendors that bill many customers have gaps between
    the numbers we receive (steps 1 + Gamma), vendors that bill only us count up by one; four
    vendors change billing system on 2024-04-01 and restart their numbering in a new format.
    Credit notes have their own series ("CN-00123").  Bank details: GB IBANs (valid check
    digits) for most UK vendors, DE/NL/IE/BE/ES/IT for EUR vendors, none for USD vendors and
    for most card/direct-debit subscriptions; 3 % of rows have the IBAN left blank, 6 % have it
    typed in groups of four and 1 % in lower case (same account: not a change).  Users: five
    AP clerks upload by vendor initial (one leaves in August 2024 and is replaced); approval by
    the budget holder of the account (ops, facilities, IT, finance, marketing), by the finance
    director from 10,000 pounds, none below 250 pounds; a manager who uploads is approved by
    finance.
    Innocent look-alikes: monthly subscriptions and retainers of equal amounts, ~150
    credit-and-rebill triples (invoice, credit note of the negative amount 2-25 days later,
    re-issued invoice with a new number, 55 % for the same amount), ~230 partial credit
    notes, legitimately round fees, the March surge, price-list vendors, wide-spread vendors,
    the rent demand dated Christmas Day, weekend-dated card/online/travel invoices, numbering
    resets, IBAN formatting variants.  Five malformed rows (UK date "14/03/2024", impossible
    date, empty amount, "1.234,56", empty vendor) are written too; they must be reported on
    stderr and are left out of all figures.

LABELS ("labelled" = the detector should flag the row; "tolerated" = a flag there is
defensible and counts neither way in the lenient score; every other flag is a false positive).
Definitional rules are evaluated on the final ledger, so injected rows of one kind are
labelled or tolerated for another kind whenever they match that kind's rule.  No anomaly is
injected on an EUR/USD vendor.
    duplicate: 50 second copies of a real invoice of a UK vendor, posted later: 15 exact
        re-entries (posted 3-45 days later by another clerk), 12 with the number re-keyed
        ("INV-004512" as "INV004512", "4512", "inv-004512", "INV 004512", a dropped prefix),
        8 with a one-digit typo or two digits transposed, 8 with the same number re-dated 1-20
        working days later (reminder copy), 7 re-issued 0-3 working days later under a new
        number about three of the vendor's usual steps ahead; plus one copy booked to each of
        the 3 duplicate vendor records (below) with the same number and amount.  Labelled: the
        copies.  Tolerated: the originals, and any other pair of one vendor with the same
        amount dated at most 7 days apart - except credit-and-rebill pairs, which the issue
        says are not duplicates.
    amount_outlier: 40 extra invoices on (vendor, account) pairs with >= 20 earlier invoices
        and an empirical log-spread <= 0.7: overbilled at max(5, e^(4 sigma)) x 1.2-3 the
        median, a decimal point moved right (x10, only where sigma <= 0.5) or left (/10, same
        condition).  Labelled: those.  Tolerated: any other positive row whose robust z in its
        (vendor, account) (median/MAD of the group without the injected ones, n >= 8) is > 6,
        or > 4 on log amounts, or, where MAD = 0, that differs from the median by > 50 %.
        Credit notes are never labelled or tolerated.
    benford: 2 mid-size suppliers whose every amount is invented by a person (first digits
        skewed to 5-9, second and third digits to 0/5/9, 55 % whole pounds), plus 1 fictitious
        consultancy (from June 2024, 60 invoices, invented amounts).  Labelled: those 3
        vendors and all their rows.  Tolerated: vendors with >= 50 amounts >= 10 whose own
        first-digit chi-square exceeds 26.12 (p < 0.001, 8 df) or, with >= 500 amounts, whose
        first-two-digit chi-square exceeds 136.0 (p < 0.001, 89 df) - price lists,
        subscriptions and the like - and their rows.  Also scored per vendor ("subject").
    below_limit: 35 extra invoices for 9,500-9,999.99 (a third of them whole pounds).
        Labelled: every GBP row with 9,500 <= total < 10,000, natural ones included.
        Tolerated: GBP rows with 9,000 <= total < 9,500 or 9,500 <= net < 10,000, and foreign
        rows whose amount or GBP equivalent (EUR 0.86, USD 0.79) is in 9,000-10,000.
    split_purchase: 18 purchases of 12,000-36,000 split into 2-4 invoices, each < 10,000, of
        one vendor dated within 6 days (equal parts, parts just below the limit, or irregular
        parts of 1,500+), same account, uploader and approver.  Labelled: all parts.
        Tolerated: every other row < 10,000 lying in some 7-day window of its vendor with >= 2
        invoices that together pass 10,000 (e.g. busy suppliers' weeks; foreign rows in GBP).
    threshold_cluster: 32 facilities invoices for 4,850-4,999.99 approved by the facilities
        manager (a 5,000 authority nobody configured) and 24 IT/marketing invoices for
        2,425-2,499.99 (a 2,500 quotation rule), spread over the two years.  Labelled: those.
        Tolerated: other rows in 4,750-5,000, 2,375-2,500 and 9,000-10,000.
    round_amount: 30 extra invoices of vendors whose own amounts are not round: a total of a
        multiple of 500/1,000 with odd net, a round net (total = net x 1.2) or a round total
        without VAT.  Labelled: those.  Tolerated: every other row whose total or net is a whole
        multiple of 50 pounds and at least 100.
    repeated_amount: 4 vendors with varied amounts bill one odd amount 5-7 times at irregular
        intervals over 2-5 months; 3 odd amounts appear at 4-5 different vendors within 60
        days.  Labelled: all those rows.  Tolerated: other rows, except those of calendar
        billers (subscriptions, retainers, rent, rates, fixed fees), whose amount occurs >= 3
        times for the vendor or at >= 3 vendors.  Calendar billers' equal amounts are false
        positives.
    weekend_date: 30 extra invoices of business-to-business vendors dated on a Saturday or
        Sunday.  Labelled: every row dated on a weekend whose vendor does not habitually date
        on any day (card/online/travel vendors, subscriptions, rent) - natural ones included.
        Tolerated: weekend rows of such habitual vendors, and weekend rows dated after as-of.
    holiday_date: 18 extra invoices dated on an England and Wales bank holiday (incl. the
        2023 coronation holiday).  Labelled: every row of a UK non-habitual vendor dated on a
        bank holiday up to as-of.  Tolerated: holiday rows of habitual and foreign vendors and
        after as-of.
    backdated: 25 extra invoices posted between Sep 2023 and Mar 2025 but dated 75-300 days
        earlier (often in the previous fiscal year), numbered from the vendor's sequence at
        posting time.  Labelled: those.  Tolerated: other rows dated > 30 days before posting.
    future_date: 7 invoices dated 3 weeks to 5 months after as-of (advance invoices, three on
        2025-04-01), 3 year typos with swapped digits (2042, 2052), 2 with the next year, all
        posted before as-of.  Labelled: every row dated after 2025-03-31.  6 more year typos
        (posted in 2023/24, dated one year later but before as-of) are tolerated.
    new_vendor: 6 phantom vendors (1-3 invoices of 2,000-9,400, IBAN at a challenger bank or
        none) plus the fictitious Benford vendor, and the 30 natural vendors that start during
        the period (from July 2023).  Labelled: the first invoice (earliest date, first in
        file among equals) of every vendor that really starts after 2023-06-30.  Tolerated:
        that vendor's first three rows in file order and other rows of its first date; the
        first row of vendors seen in the first quarter; the first
        and earliest rows of occasional vendors that existed all along but whose first invoice
        in the ledger comes after 2023-06-30 (the ledger shows no history, so a flag is
        defensible); the first three and earliest rows of 3 duplicate vendor records ("... Ltd"
        re-created as "... Limited" etc., same IBAN, numbers from the original's sequence).
    iban_change: 8 mandate frauds (1-3 consecutive invoices of a known vendor, >= 8 earlier
        invoices, carry a new GB/LT/IE IBAN, then back) and 6 genuine bank switches (a new GB
        IBAN from one invoice on), both in invoice-date order (the vendor prints the IBAN).
        Labelled: the fraudulent rows and the first row of each switch.  Tolerated: the first
        row back after a fraud (by date and by file position), the first new-IBAN row in file
        order and the two rows after a switch, and every row of the duplicate vendor records
        (their IBAN is another vendor's - a defensible red flag).
    numbering: 10 invoices with a number from 6-15 months earlier in the vendor's own range
        (vendors with gaps), 8 with a number far ahead of the sequence (300-3,000 median
        steps), 8 gaps of 8-30 missing numbers at vendors that count up by one.  Labelled:
        those rows (for gaps, the row after the gap).  Tolerated: the row after a far-ahead
        number, duplicate copies, backdated, future and year-typo rows, the first row after a
        fiscal/calendar-year reset or a new numbering scheme, rows of duplicate vendor
        records, and natural steps > 8x the vendor's median step (and > 10).
    rare_account: 30 invoices of vendors with >= 25 rows recoded to an account of another
        area (steel to refreshments, catering to consultancy ...).  Labelled: those.
        Tolerated: other (vendor, account) pairs used <= 2 times by a vendor with >= 10 rows.
    sod_breach: 35 rows where the approver is also the uploader (a manager uploading and
        approving, a clerk with approval rights).  Labelled: every row with uploaded_by ==
        approved_by (non-empty).  Nothing tolerated.

Per kind the table prints labelled, tolerated, predicted (rows with at least one finding of
that detector), TP, FP, FN, strict precision/recall and lenient precision (tolerated rows
removed from the predictions) and recall (the same as strict: no labelled row is tolerated).
Benford (subject of the findings) and new vendors (vendor of a flagged row; labelled = the
vendors that really start in the period, tolerated = duplicate records and occasional vendors
first seen late) are also scored per vendor.  Then recall per labelling style (the injection
variant, or "natural" for rows labelled by a kind's definition).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START = dt.date(2023, 4, 1)
END = dt.date(2025, 3, 31)
AS_OF = END
BASELINE_END = dt.date(2023, 6, 30)
LIMIT = 10_000.0
FX = {"GBP": 1.0, "EUR": 0.86, "USD": 0.79}
TARGET_ROWS = 40_000
HEADER = [
    "vendor",
    "invoice_number",
    "invoice_date",
    "total_amount",
    "currency",
    "net_amount",
    "tax_amount",
    "account",
    "iban",
    "uploaded_by",
    "approved_by",
]
KINDS = (
    "duplicate",
    "amount_outlier",
    "benford",
    "below_limit",
    "threshold_cluster",
    "split_purchase",
    "round_amount",
    "repeated_amount",
    "weekend_date",
    "holiday_date",
    "backdated",
    "future_date",
    "new_vendor",
    "iban_change",
    "numbering",
    "rare_account",
    "sod_breach",
)
DAY = dt.timedelta(days=1)

# Nominal codes (Sage-like UK chart) and the budget holder approving them.
ACCOUNTS = {
    "0020": "k.wright",  # plant and machinery
    "0030": "t.nwosu",  # office/IT equipment
    "5000": "d.morgan",  # materials purchased
    "5001": "d.morgan",  # materials imported
    "5100": "d.morgan",  # carriage inwards
    "6201": "h.clarke",  # advertising and marketing
    "7005": "d.morgan",  # agency staff
    "7010": "a.shah",  # recruitment fees
    "7100": "r.bennett",  # rent
    "7102": "r.bennett",  # water
    "7103": "r.bennett",  # business rates
    "7200": "r.bennett",  # electricity
    "7201": "r.bennett",  # gas
    "7300": "d.morgan",  # fuel
    "7400": "a.shah",  # travelling
    "7402": "a.shah",  # subsistence
    "7501": "r.bennett",  # postage and carriage
    "7502": "t.nwosu",  # telephone and internet
    "7504": "r.bennett",  # office stationery
    "7505": "a.shah",  # books and training
    "7600": "a.shah",  # legal fees
    "7601": "a.shah",  # audit and accountancy
    "7602": "a.shah",  # consultancy
    "7603": "a.shah",  # professional fees
    "7700": "d.morgan",  # equipment hire
    "7701": "d.morgan",  # equipment maintenance
    "7800": "r.bennett",  # repairs and renewals
    "7801": "r.bennett",  # cleaning
    "7803": "r.bennett",  # premises expenses
    "8201": "t.nwosu",  # software subscriptions
    "8202": "t.nwosu",  # IT services
    "8204": "a.shah",  # insurance
    "8205": "r.bennett",  # refreshments
}
AREA = {
    "0020": "capex",
    "0030": "it",
    "5000": "ops",
    "5001": "ops",
    "5100": "ops",
    "6201": "marketing",
    "7005": "ops",
    "7010": "people",
    "7100": "premises",
    "7102": "premises",
    "7103": "premises",
    "7200": "premises",
    "7201": "premises",
    "7300": "ops",
    "7400": "travel",
    "7402": "travel",
    "7501": "office",
    "7502": "it",
    "7504": "office",
    "7505": "people",
    "7600": "advisers",
    "7601": "advisers",
    "7602": "advisers",
    "7603": "advisers",
    "7700": "ops",
    "7701": "ops",
    "7800": "premises",
    "7801": "premises",
    "7803": "premises",
    "8201": "it",
    "8202": "it",
    "8204": "advisers",
    "8205": "office",
}
CLERKS = ("j.patel", "s.okafor", "m.hughes", "l.evans", "c.oconnor")
GB_BANKS = ("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "RBOS", "BUKB", "NAIA", "CPBK", "TSBS")
CHALLENGER_BANKS = ("MONZ", "SRLG", "REVO", "CLRB")


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


PLACES = _words(
    "Pennine Severn Mersey Trent Cotswold Thames Humber Chiltern Mendip Solent Wessex Tyne "
    "Ribble Avon Kennet Medway Calder Aire Derwent Tamar Dart Ouse Wharfe Lune Tees Wye "
    "Fenland Weald Peak Malvern Quantock Cheviot Purbeck Exmoor Broadland Sherwood Arden "
    "Charnwood Wrekin Bowland Furness Cleveland Lindsey Holderness Marches Cambrian Brecon "
    "Gower Clyde Stour Itchen Test Nene Welland Witham Colne Blyth Hambleton Rossendale "
    "Saddleworth Tameside Wirral Fylde Craven Eden Allerdale Teesdale"
)
SURNAMES = _words(
    "Hargreaves Whitworth Ashcroft Pemberton Bramwell Fairclough Entwistle Ormerod "
    "Sutcliffe Holroyd Ackroyd Catterall Dewhurst Greenhalgh Haworth Kershaw Lomax Nuttall "
    "Rigby Tattersall Walmsley Patel Khan O'Neill McAllister Davies Griffiths Pritchard "
    "Okonkwo Chaudhry Brennan Foulds Mistry Sandhu Lockwood Boothroyd Crowther Hepworth "
    "Illingworth"
)
TRADES = {
    "materials": _words(
        "Steel Stockholders|Packaging|Fasteners|Timber|Plastics|Chemicals|Electrical Wholesale|"
        "Hydraulics|Bearings|Pallets|Labels|Castings|Fabrications|Coatings|Adhesives|"
        "Rubber Products|Wire & Cable|Aluminium|Springs|Tooling|Abrasives|Valves|Pumps|Motors|"
        "Sheet Metal|Polymers|Corrugated|Foam Products|Glass|Fixings|Precision Engineering|"
        "Gaskets|Filtration|Lubricants|Pipework",
        "|",
    ),
    "services": _words(
        "Electrical Contractors|Plumbing & Heating|Maintenance Services|Cleaning Services|"
        "Marketing|Design Studio|IT Support|Security Services|Grounds Maintenance|"
        "Engineering Services|Calibration Services|Translation Services|Facilities Services|"
        "Print Management|Web Services|Training|Pest Control|Fire Protection|Lift Services|"
        "Roofing|Joinery|Decorators",
        "|",
    ),
}
SERVICE_ACCOUNT = {
    "Electrical Contractors": "7800",
    "Plumbing & Heating": "7800",
    "Maintenance Services": "7800",
    "Cleaning Services": "7801",
    "Marketing": "6201",
    "Design Studio": "6201",
    "IT Support": "8202",
    "Security Services": "7803",
    "Grounds Maintenance": "7803",
    "Engineering Services": "7701",
    "Calibration Services": "7701",
    "Translation Services": "7603",
    "Facilities Services": "7803",
    "Print Management": "6201",
    "Web Services": "8202",
    "Training": "7505",
    "Pest Control": "7803",
    "Fire Protection": "7800",
    "Lift Services": "7800",
    "Roofing": "7800",
    "Joinery": "7800",
    "Decorators": "7800",
}
CATALOGS = {  # category: (trade words, account, price range, vat)
    "stationery": (("Office Supplies", "Stationers", "Business Supplies"), "7504", (1.5, 140), 0.2),
    "catering": (("Catering Supplies", "Dairies", "Fine Foods", "Bakery"), "8205", (2, 60), 0.0),
    "hygiene": (("Hygiene Supplies", "Janitorial Supplies"), "7801", (3, 45), 0.2),
    "parts": (
        ("Industrial Supplies", "Engineering Supplies", "Fixings Direct"),
        "5000",
        (1, 90),
        0.2,
    ),
    "workwear": (("Workwear", "Safety Supplies", "PPE"), "7803", (4, 85), 0.2),
    "books": (("Books", "Technical Publications"), "7505", (9, 60), 0.0),
    "courier": (("Couriers", "Express Parcels", "Pallet Network"), "5100", (6, 120), 0.2),
}
PHANTOM_NAMES = (
    "Apex Consulting Services Ltd",
    "JD Business Solutions Ltd",
    "Premier Procurement Services Ltd",
    "Northgate Facilities Management Ltd",
    "KM Project Services",
    "Sterling Advisory Partners Ltd",
    "Vantage Maintenance Solutions Ltd",
    "Oakfield Supply Chain Ltd",
)


# --------------------------------------------------------------------------- calendar


def _easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    day = (h + m - 7 * n + 114) % 31 + 1
    return dt.date(year, month, day)


def _first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    d = dt.date(year + (month == 12), month % 12 + 1, 1) - DAY
    return d - dt.timedelta(days=d.weekday())


def bank_holidays(year: int) -> dict[dt.date, str]:
    """England and Wales bank holidays with the substitute-day rules (2020s conventions)."""
    e = _easter(year)
    out = {
        e - 2 * DAY: "Good Friday",
        e + DAY: "Easter Monday",
        _first_monday(year, 5): "Early May bank holiday",
        _last_monday(year, 5): "Spring bank holiday",
        _last_monday(year, 8): "Summer bank holiday",
    }
    ny = dt.date(year, 1, 1)
    ny += dt.timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0))
    out[ny] = "New Year's Day"
    xmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if xmas.weekday() == 5:
        xmas, boxing = xmas + 2 * DAY, boxing + 2 * DAY
    elif xmas.weekday() == 6:
        xmas, boxing = xmas + 2 * DAY, boxing
    elif xmas.weekday() == 4:
        boxing = boxing + 2 * DAY
    out[xmas], out[boxing] = "Christmas Day", "Boxing Day"
    if year == 2023:
        out[dt.date(2023, 5, 8)] = "Coronation bank holiday"
    return out


_HOLIDAY_CACHE: dict[int, dict[dt.date, str]] = {}


def holiday_name(d: dt.date) -> str | None:
    if d.year not in _HOLIDAY_CACHE:
        _HOLIDAY_CACHE[d.year] = bank_holidays(d.year)
    return _HOLIDAY_CACHE[d.year].get(d)


def is_working(d: dt.date) -> bool:
    return d.weekday() < 5 and holiday_name(d) is None


def prev_working(d: dt.date) -> dt.date:
    while not is_working(d):
        d -= DAY
    return d


def next_working(d: dt.date) -> dt.date:
    while not is_working(d):
        d += DAY
    return d


def add_working(d: dt.date, n: int) -> dt.date:
    d = next_working(d)
    for _ in range(n):
        d = next_working(d + DAY)
    return d


def fiscal_year(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def month_starts(a: dt.date, b: dt.date):
    y, m = a.year, a.month
    while dt.date(y, m, 1) <= b:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


DAYS = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]


def _month_factor(d: dt.date, surge: bool) -> float:
    f = 1.0
    if surge and d.month == 3:
        f *= 1.6
    if d.month == 8:
        f *= 0.85
    if (d.month == 12 and d.day >= 20) or (d.month == 1 and d.day <= 3):
        f *= 0.45
    return f


def _cum(profile: str, surge: bool) -> list[float]:
    out, acc = [], 0.0
    for d in DAYS:
        if profile == "b2b":
            w = 1.0 if is_working(d) else (0.012 if d.weekday() >= 5 else 0.05)
        else:
            w = 0.8 if d.weekday() >= 5 else (0.7 if holiday_name(d) else 1.0)
        acc += w * _month_factor(d, surge)
        out.append(acc)
    return out


CUM = {(p, s): _cum(p, s) for p in ("b2b", "any") for s in (False, True)}


def sample_dates(rng, profile, surge, a, b, n):
    cw = CUM[("b2b" if profile == "b2b" else "any", surge)]
    lo, hi = (a - START).days, (b - START).days
    base = cw[lo - 1] if lo > 0 else 0.0
    top = cw[hi]
    out = []
    for _ in range(n):
        i = bisect.bisect_left(cw, base + rng.random() * (top - base))
        out.append(DAYS[min(max(i, lo), hi)])
    return out


# --------------------------------------------------------------------------- IBANs


def _check(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def make_iban(rng, country: str = "GB", bank: str | None = None) -> str:
    def dig(n):
        return "".join(rng.choice("0123456789") for _ in range(n))

    if country == "GB":
        bban = (bank or rng.choice(GB_BANKS)) + dig(6) + dig(8)
    elif country == "IE":
        bban = rng.choice(("AIBK", "BOFI", "IPBS")) + dig(6) + dig(8)
    elif country == "NL":
        bban = rng.choice(("ABNA", "INGB", "RABO")) + dig(10)
    elif country == "DE":
        bban = dig(18)
    elif country == "BE":
        bban = dig(12)
    elif country == "ES":
        bban = dig(20)
    elif country == "IT":
        bban = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + dig(22)
    elif country == "LT":
        bban = dig(16)
    else:
        raise ValueError(country)
    return country + _check(country, bban) + bban


def group4(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def iban_key(s: str) -> str:
    return s.replace(" ", "").upper()


# --------------------------------------------------------------------------- model


@dataclass
class Vendor:
    vid: int
    name: str
    vtype: str
    model: str
    cadence: str = "freq"
    profile: str = "b2b"  # b2b | any | calendar
    params: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)
    currency: str = "GBP"
    vat: float = 0.2
    weight: float = 0.0
    start: dt.date = START
    end: dt.date = END
    surge: bool = False
    iban: str = ""
    scheme: str = "prefix"
    prefix: str = "INV-"
    width: int = 6
    step_mean: float = 1.0
    counter0: int = 1
    change: dt.date | None = None
    scheme2: str = ""
    prefix2: str = ""
    role: str = "natural"  # natural | new | phantom | variant | fabricated
    parent: int | None = None
    cn_prefix: str = "CN-"
    cn_counter: int = 100

    @property
    def foreign(self) -> bool:
        return self.currency != "GBP"

    @property
    def habitual(self) -> bool:
        return self.profile in ("any", "calendar")

    @property
    def calendar_biller(self) -> bool:
        return self.cadence != "freq" or self.model in ("fixed", "seats")


@dataclass
class Row:
    v: Vendor
    vendor: str
    date: dt.date
    total: float
    net: float
    tax: float
    account: str
    iban: str = ""
    uploaded_by: str = ""
    approved_by: str = ""
    number: str = ""
    seq: bool = True
    seq_date: dt.date | None = None
    credit: bool = False
    post: dt.date | None = None
    origin: str = "natural"
    inj: dict = field(default_factory=dict)  # kind -> note (labelled by injection)
    extra_tol: dict = field(default_factory=dict)  # kind -> note (tolerated by injection)
    raw: dict | None = None  # malformed rows: the literal CSV fields
    rid: int = 0
    gap_before: int = 0
    num: int | None = None
    step: int | None = None
    reset: str = ""
    scheme: str = ""
    tb: float = 0.0
    rebill_of: Row | None = None
    iban_out: str = ""

    @property
    def owner(self) -> int:
        return self.v.parent if self.v.parent is not None else self.v.vid

    @property
    def gbp(self) -> float:
        return self.total * FX[self.v.currency]


def money(x: float) -> float:
    return round(x + 0.0, 2)


def make_row(v: Vendor, d: dt.date, *, net=None, total=None, account=None, vat=None, **kw) -> Row:
    rate = v.vat if vat is None else vat
    if total is not None:
        total = money(total)
        net = money(total / (1 + rate))
        tax = money(total - net)
    else:
        net = money(net)
        tax = money(net * rate)
        total = money(net + tax)
    return Row(
        v=v,
        vendor=v.name,
        date=d,
        total=total,
        net=net,
        tax=tax,
        account=account or v.accounts[0][0],
        seq_date=d,
        **kw,
    )


def name_key(name: str) -> str:
    """Two names that only differ in legal form, case or punctuation are one vendor."""
    words = re.findall(r"[a-z0-9']+", name.lower())
    legal = {"ltd", "limited", "plc", "llp", "co", "uk", "the", "and", "inc", "llc", "gmbh"}
    return " ".join(w for w in words if w not in legal)


class Names:
    def __init__(self, rng):
        self.rng, self.used = rng, set()

    def make(self, trades, suffixes=("Ltd", "Ltd", "Ltd", "Limited", "Ltd.", "& Co Ltd")) -> str:
        rng = self.rng
        for _ in range(1000):
            head = rng.choice(PLACES) if rng.random() < 0.65 else rng.choice(SURNAMES)
            name = f"{head} {rng.choice(trades)} {rng.choice(suffixes)}"
            if name_key(name) not in self.used:
                self.used.add(name_key(name))
                return name
        raise RuntimeError("names exhausted")

    def firm(self) -> str:
        rng = self.rng
        while True:
            a, b = rng.sample(SURNAMES, 2)
            name = rng.choice((f"{a}, {b} & Co LLP", f"{a} {b} LLP", f"{a} & {b} Solicitors LLP"))
            if name_key(name) not in self.used:
                self.used.add(name_key(name))
                return name

    def fixed(self, name: str) -> str:
        self.used.add(name_key(name))
        return name


def lognorm(rng, median, sigma):
    return median * math.exp(sigma * rng.gauss(0, 1))


def price_point(rng, lo, hi):
    x = math.exp(rng.uniform(math.log(lo), math.log(hi)))
    ending = rng.choice((0.99, 0.95, 0.5, 0.0, 0.25, 0.49, 0.75, None, None))
    return money(int(x) + ending) if ending is not None and x >= 1 else money(x)


def fabricated_total(rng) -> float:
    mag = rng.choices((1, 10), (0.3, 0.7))[0]
    d1 = rng.choices(range(1, 10), (4, 6, 8, 10, 12, 13, 14, 15, 18))[0]
    d2 = rng.choices(range(10), (18, 5, 6, 6, 7, 16, 7, 8, 9, 18))[0]
    d3 = rng.choices(range(10), (30, 4, 5, 5, 5, 20, 5, 6, 6, 14))[0]
    x = (d1 * 100 + d2 * 10 + d3) * mag
    pence = 0 if rng.random() < 0.55 else rng.randrange(1, 100)
    return money(x + pence / 100)


def sample_net(v: Vendor, d: dt.date, rng) -> float:
    p, m = v.params, v.model
    boost = 1.15 if (v.surge and d.month == 3) else 1.0
    if m == "lognorm":
        return max(3.0, money(lognorm(rng, p["median"], p["sigma"]) * boost))
    if m == "hourly":
        hours = max(0.5, round(lognorm(rng, p["hmed"], p["hsig"]) * 2) / 2)
        net = p["rate"] * hours
        if rng.random() < p.get("extras", 0.3):
            net += lognorm(rng, p.get("xmed", 35), 0.8)
        return money(net * boost)
    if m == "catalog":
        items, w = p["items"], p["w"]
        nlines = rng.choices(range(1, len(p["lines"]) + 1), p["lines"])[0]
        net = 0.0
        for _ in range(nlines):
            q = rng.choices((1, rng.randint(2, 5), rng.randint(6, 24)), (0.5, 0.35, 0.15))[0]
            net += rng.choices(items, w)[0] * q
        return money(net)
    if m == "seasonal":
        s = 1 + p["amp"] * math.cos(2 * math.pi * (d.month - 1) / 12)
        return money(lognorm(rng, p["median"], p["sigma"]) * s)
    if m == "choice":
        return money(rng.choices(p["amounts"], p.get("w"))[0])
    if m == "dayrate":
        return money(p["rate"] * rng.choice(p["days"]))
    if m == "recruit":
        return money(rng.choice((0.15, 0.18, 0.2)) * 500 * rng.randint(48, 110))
    if m == "quote":
        return money(round(lognorm(rng, p["median"], p["sigma"]), -2))
    if m == "fixed":
        return money(fixed_amount(v, d))
    raise ValueError(m)


def fixed_amount(v: Vendor, d: dt.date) -> float:
    p = v.params
    k = fiscal_year(d) - fiscal_year(START)
    amt = p["amount"]
    for _ in range(k):
        amt *= 1 + p.get("uplift", 0.0)
        if p.get("whole"):
            amt = round(amt)
    return amt


def pick_account(v: Vendor, rng) -> str:
    codes = [a for a, _ in v.accounts]
    return rng.choices(codes, [w for _, w in v.accounts])[0]


# --------------------------------------------------------------------------- vendors


def numbering_scheme(v: Vendor, rng, shared: bool, step_range=(3, 120)):
    v.scheme = rng.choices(
        ("prefix", "plain", "code", "fy", "cal", "saas"), (40, 15, 15, 12, 8, 10)
    )[0]
    if v.scheme == "prefix":
        v.prefix = rng.choice(("INV-", "SI", "INV", "IN-", "S", "INV/", "SINV-"))
        v.width = rng.choice((5, 6, 6, 7))
    elif v.scheme == "code":
        letters = "".join(w[0] for w in re.findall(r"[A-Za-z]+", v.name)[:3]).upper()
        v.prefix, v.width = letters or "XX", rng.choice((5, 6))
    elif v.scheme in ("fy", "saas"):
        v.prefix = rng.choice(("INV", "SI", "SIN"))
    v.step_mean = rng.uniform(*step_range) if shared else 1.0
    big = 10 ** (v.width - 1) if v.scheme in ("prefix", "code") else 100_000
    if v.scheme == "plain":
        v.counter0 = rng.randrange(10_000, 900_000)
    elif v.scheme == "saas":
        v.counter0 = rng.randrange(100_000, 40_000_000)
    elif v.scheme in ("fy", "cal"):
        v.counter0 = rng.randrange(1, 40)
    else:
        v.counter0 = rng.randrange(1, max(2, big // 2)) if shared else rng.randrange(1, 3000)
    v.cn_prefix = rng.choice(("CN-", "CR", "CRN", "C"))
    v.cn_counter = rng.randrange(10, 3000)


def build_vendors(rng) -> list[Vendor]:
    names = Names(rng)
    for reserved in (*PHANTOM_NAMES, "Meridian Business Consultancy Ltd"):
        names.fixed(reserved)
    vs: list[Vendor] = []

    def add(name, vtype, model, **kw) -> Vendor:
        shared = kw.pop("shared", rng.random() < 0.5)
        step_range = kw.pop("step_range", (3, 120))
        p_iban = kw.pop("p_iban", 0.9)
        v = Vendor(vid=len(vs), name=name, vtype=vtype, model=model, **kw)
        numbering_scheme(v, rng, shared, step_range)
        if not v.foreign:
            v.iban = make_iban(rng) if rng.random() < p_iban else ""
        vs.append(v)
        return v

    # large suppliers
    for _ in range(8):
        add(
            names.make(TRADES["materials"], ("Ltd", "plc", "Limited", "(UK) Ltd")),
            "materials",
            "lognorm",
            params={"median": rng.uniform(300, 1100), "sigma": rng.uniform(0.55, 0.9)},
            accounts=[("5000", 0.93), ("5100", 0.07)],
            weight=rng.uniform(1200, 2000),
            surge=True,
            shared=True,
            step_range=(15, 150),
        )
    # mid-size suppliers
    for _ in range(40):
        acc = rng.choices(("5000", "5001", "7800", "7701", "5100"), (55, 8, 15, 12, 10))[0]
        second = rng.choice(("5100", "7800", "5000", "7701"))
        share = rng.choice((0.0, 0.0, 0.05, 0.1, 0.15))
        accounts = [(acc, 1 - share)] + ([(second, share)] if share and second != acc else [])
        add(
            names.make(TRADES["materials"]),
            "materials",
            "lognorm",
            params={
                "median": math.exp(rng.uniform(math.log(150), math.log(4000))),
                "sigma": rng.uniform(0.3, 1.2),
            },
            accounts=accounts,
            weight=rng.uniform(60, 420),
            surge=True,
            shared=rng.random() < 0.6,
        )
    # trades billing hours x rate
    trades = list(SERVICE_ACCOUNT)
    for _ in range(18):
        trade = rng.choice(trades)
        add(
            names.make([trade]),
            "services",
            "hourly",
            params={
                "rate": rng.choice((45, 55, 65, 75, 85, 95, 110, 125, 150)),
                "hmed": rng.uniform(3, 14),
                "hsig": rng.uniform(0.4, 0.9),
                "extras": rng.uniform(0.1, 0.5),
                "xmed": rng.uniform(20, 150),
            },
            accounts=[(SERVICE_ACCOUNT[trade], 1.0)],
            weight=rng.uniform(25, 220),
            surge=True,
            shared=rng.random() < 0.4,
        )
    # price-list vendors
    cats = list(CATALOGS)
    for i in range(24):
        cat = cats[i % len(cats)]
        words, acc, (lo, hi), vat = CATALOGS[cat]
        items = [price_point(rng, lo, hi) for _ in range(rng.randint(5, 14))]
        w = [rng.paretovariate(1.2) for _ in items]
        lines = (45, 30, 15, 10) if cat != "courier" else (10, 10, 10, 10, 10, 10, 10, 10)
        add(
            names.make(words),
            "pricelist",
            "catalog",
            params={"items": items, "w": w, "lines": lines},
            accounts=[(acc, 1.0)],
            vat=vat,
            weight=rng.uniform(40, 600),
            surge=True,
            shared=rng.random() < 0.8,
        )
    # subscriptions (fixed day of the month, any weekday)
    sub_words = ("Cloud", "Software", "Systems", "Telecom", "Data", "Digital", "Leasing")
    for i in range(24):
        seats = i % 3 == 0
        acc = rng.choice(("8201", "8201", "7502", "7700", "7701"))
        if seats:
            params = {
                "seat": rng.choice((4.5, 6.0, 9.6, 10.5, 12.0, 16.5, 21.0)),
                "seats": rng.randint(10, 80),
                "day": rng.randint(1, 28),
            }
            model = "seats"
        else:
            params = {
                "amount": rng.choice(
                    (
                        12,
                        19,
                        29,
                        35,
                        49,
                        59,
                        79,
                        99,
                        120,
                        149,
                        199,
                        249,
                        295,
                        349,
                        395,
                        480,
                        640,
                        850,
                        1250,
                        1800,
                        2400,
                    )
                ),
                "uplift": rng.choice((0, 0, 0.03, 0.05, 0.065, 0.08, 0.099)),
                "whole": rng.random() < 0.5,
                "day": rng.randint(1, 28),
            }
            model = "fixed"
        add(
            names.make(sub_words),
            "subscription",
            model,
            cadence="monthly_anniv",
            profile="calendar",
            params=params,
            accounts=[(acc, 1.0)],
            shared=True,
            step_range=(500, 5000),
            p_iban=0.45,
        )
    for amount, acc in ((8400.0, "8201"), (11880.0, "8201"), (3150.0, "7701")):
        add(
            names.make(sub_words),
            "subscription",
            "fixed",
            cadence="annual",
            profile="calendar",
            params={
                "amount": amount,
                "uplift": 0.05,
                "whole": True,
                "day": rng.randint(1, 28),
                "month": rng.randint(4, 12),
            },
            accounts=[(acc, 1.0)],
            shared=True,
            step_range=(500, 5000),
        )
    # utilities
    for word, acc, model, vat, med, amp, sites in (
        ("Energy", "7200", "seasonal", 0.2, 2600, 0.25, 2),
        ("Power", "7200", "seasonal", 0.2, 900, 0.25, 1),
        ("Gas Supplies", "7201", "seasonal", 0.2, 1400, 0.6, 1),
        ("Water", "7102", "seasonal", 0.0, 320, 0.1, 2),
        ("Waste Management", "7803", "seasonal", 0.2, 640, 0.05, 1),
        ("Recycling", "7803", "seasonal", 0.2, 210, 0.05, 1),
        ("Telecom", "7502", "seasonal", 0.2, 780, 0.0, 1),
        ("Networks", "7502", "seasonal", 0.2, 415, 0.0, 1),
    ):
        add(
            names.make([word]),
            "utility",
            model,
            cadence="monthly_working",
            params={
                "median": med,
                "sigma": 0.1,
                "amp": amp,
                "sites": sites,
                "day": rng.randint(3, 20),
            },
            accounts=[(acc, 1.0)],
            vat=vat,
            shared=True,
            step_range=(2000, 20000),
        )
    council = names.fixed(f"{rng.choice(PLACES)} Borough Council")
    add(
        council,
        "utility",
        "fixed",
        cadence="instalments",
        profile="calendar",
        params={"amount": rng.choice((1843.0, 2318.0, 2964.0)), "uplift": 0.067, "whole": True},
        accounts=[("7103", 1.0)],
        vat=0.0,
        shared=True,
        step_range=(3000, 9000),
    )
    # professional and round fees
    add(
        names.firm(),
        "professional",
        "choice",
        cadence="stages",
        params={"stages": ((1, 15, 6500.0), (7, 20, 9750.0), (10, 10, 2750.0))},
        accounts=[("7601", 1.0)],
        shared=True,
        step_range=(20, 80),
    )
    for rate in (285, 320):
        add(
            names.firm(),
            "professional",
            "hourly",
            params={"rate": rate, "hmed": 4, "hsig": 0.8, "extras": 0.4, "xmed": 18},
            accounts=[("7600", 1.0)],
            weight=rng.uniform(20, 40),
            shared=True,
        )
    add(
        names.make(["Payroll Bureau", "Payroll Services"]),
        "professional",
        "fixed",
        cadence="monthly_working",
        params={"amount": 475.0, "uplift": 0.04, "whole": True, "day": 28},
        accounts=[("7603", 1.0)],
        shared=False,
    )
    add(
        names.make(["IT Managed Services"]),
        "professional",
        "fixed",
        cadence="monthly_working",
        params={"amount": 3250.0, "uplift": 0.05, "whole": True, "day": 1},
        accounts=[("8202", 1.0)],
        shared=False,
    )
    add(
        names.make(["Creative Agency", "Communications"]),
        "professional",
        "fixed",
        cadence="monthly_working",
        params={"amount": 4000.0, "uplift": 0.0, "day": 5},
        accounts=[("6201", 1.0)],
        shared=False,
    )
    add(
        names.make(["Recruitment", "Talent Partners"]),
        "professional",
        "recruit",
        accounts=[("7010", 1.0)],
        weight=rng.uniform(6, 15),
        shared=True,
    )
    add(
        names.make(["Recruitment", "Staffing"]),
        "professional",
        "recruit",
        accounts=[("7010", 1.0)],
        weight=rng.uniform(6, 15),
        shared=True,
    )
    add(
        names.make(["Safety Consultants", "Health & Safety"]),
        "professional",
        "dayrate",
        params={"rate": 650.0, "days": (0.5, 1, 1, 1.5, 2, 3)},
        accounts=[("7603", 1.0)],
        weight=rng.uniform(12, 20),
        shared=False,
    )
    add(
        names.make(["Engineering Consultancy"]),
        "professional",
        "dayrate",
        cadence="monthly_working",
        params={"rate": 550.0, "days": tuple(range(12, 22)), "day": 27},
        accounts=[("7602", 1.0)],
        shared=False,
    )
    add(
        names.make(["Staffing Solutions", "Industrial Staffing"]),
        "professional",
        "hourly",
        cadence="weekly",
        params={"rate": 17.85, "hmed": 160, "hsig": 0.3, "extras": 0.0, "weekday": 4},
        accounts=[("7005", 1.0)],
        shared=True,
    )
    add(
        names.make(["Insurance Brokers"]),
        "professional",
        "choice",
        cadence="policies",
        params={
            "policies": ((5, 12, 14382.67), (9, 1, 3104.22), (11, 15, 1287.40)),
            "uplift": 0.06,
        },
        accounts=[("8204", 1.0)],
        vat=0.0,
        shared=True,
    )
    # premises
    add(
        names.make(["Estates", "Property Investments"]),
        "rent",
        "fixed",
        cadence="quarter_days",
        profile="calendar",
        params={"amount": 18750.0, "review": (dt.date(2024, 6, 24), 19500.0)},
        accounts=[("7100", 1.0)],
        shared=False,
    )
    add(
        names.make(["Property Management"]),
        "rent",
        "fixed",
        cadence="quarter_days",
        profile="calendar",
        params={"amount": 3412.66, "uplift": 0.081},
        accounts=[("7803", 1.0)],
        shared=True,
    )
    add(
        names.make(["Self Storage"]),
        "rent",
        "fixed",
        cadence="monthly_anniv",
        profile="calendar",
        params={"amount": 1150.0, "uplift": 0.0, "day": 1},
        accounts=[("7100", 1.0)],
        shared=True,
    )
    # travel and card vendors (any day)
    for word, acc, vat, med, sig, wt in (
        ("Rail Travel", "7400", 0.0, 85, 0.7, 480),
        ("Hotels", "7400", 0.2, 135, 0.5, 300),
        ("Air Travel", "7400", 0.0, 180, 0.6, 60),
        ("Cars", "7400", 0.2, 26, 0.5, 250),
        ("Events", "7402", 0.2, 240, 0.6, 60),
    ):
        add(
            names.make([word]),
            "travel",
            "lognorm",
            profile="any",
            params={"median": med, "sigma": sig},
            accounts=[(acc, 1.0)],
            vat=vat,
            weight=wt,
            shared=True,
            step_range=(500, 8000),
            p_iban=0.3,
        )
    add(
        names.make(["Trade Marketplace", "Online Supplies"]),
        "travel",
        "lognorm",
        profile="any",
        params={"median": 55, "sigma": 1.0},
        accounts=[("7504", 0.5), ("7800", 0.2), ("5000", 0.15), ("8205", 0.15)],
        weight=700,
        shared=True,
        step_range=(5000, 50000),
        p_iban=0.0,
    )
    add(
        names.make(["Fuel Cards"]),
        "travel",
        "lognorm",
        cadence="weekly",
        profile="calendar",
        params={"median": 620, "sigma": 0.25, "weekday": 0},
        accounts=[("7300", 1.0)],
        shared=True,
        step_range=(500, 5000),
    )
    # foreign vendors (EUR/USD, never injected)
    for name, cur, country, model, params, acc, wt, cad in (
        (
            "Rheinland Maschinenteile GmbH",
            "EUR",
            "DE",
            "lognorm",
            {"median": 1800, "sigma": 0.9},
            "5001",
            120,
            "freq",
        ),
        (
            "Van der Berg Logistiek B.V.",
            "EUR",
            "NL",
            "lognorm",
            {"median": 950, "sigma": 0.5},
            "5100",
            200,
            "freq",
        ),
        (
            "Liffey Data Services Ltd",
            "EUR",
            "IE",
            "fixed",
            {"amount": 1490.0, "day": 1},
            "8201",
            0,
            "monthly_anniv",
        ),
        (
            "Messe Nordwest GmbH",
            "EUR",
            "DE",
            "lognorm",
            {"median": 6400, "sigma": 0.4},
            "6201",
            4,
            "freq",
        ),
        (
            "Chimie Anvers NV",
            "EUR",
            "BE",
            "lognorm",
            {"median": 3200, "sigma": 0.6},
            "5001",
            60,
            "freq",
        ),
        (
            "Traducciones Levante S.L.",
            "EUR",
            "ES",
            "lognorm",
            {"median": 380, "sigma": 0.6},
            "7603",
            40,
            "freq",
        ),
        (
            "Precisione Lombarda S.r.l.",
            "EUR",
            "IT",
            "lognorm",
            {"median": 2400, "sigma": 0.7},
            "5001",
            80,
            "freq",
        ),
        (
            "Schwarzwald Werkzeuge GmbH",
            "EUR",
            "DE",
            "lognorm",
            {"median": 640, "sigma": 0.8},
            "5001",
            90,
            "freq",
        ),
        (
            "Noord Kunststof B.V.",
            "EUR",
            "NL",
            "lognorm",
            {"median": 1100, "sigma": 0.5},
            "5001",
            70,
            "freq",
        ),
        (
            "Galway Precision Ltd",
            "EUR",
            "IE",
            "lognorm",
            {"median": 1500, "sigma": 0.6},
            "5001",
            50,
            "freq",
        ),
        (
            "Brabant Sensoren B.V.",
            "EUR",
            "NL",
            "lognorm",
            {"median": 860, "sigma": 0.7},
            "5001",
            45,
            "freq",
        ),
        (
            "Bayerische Antriebstechnik AG",
            "EUR",
            "DE",
            "lognorm",
            {"median": 4200, "sigma": 0.6},
            "5001",
            35,
            "freq",
        ),
        (
            "Cloudspan Inc.",
            "USD",
            "",
            "fixed",
            {"amount": 2300.0, "day": 12},
            "8201",
            0,
            "monthly_anniv",
        ),
        (
            "Northwind Hosting LLC",
            "USD",
            "",
            "seasonal",
            {"median": 4800, "sigma": 0.15, "amp": 0.0, "sites": 1, "day": 2},
            "8201",
            0,
            "monthly_working",
        ),
        (
            "Vectorline Design Corp.",
            "USD",
            "",
            "seats",
            {"seat": 54.99, "seats": 6, "day": 19},
            "8201",
            0,
            "monthly_anniv",
        ),
        (
            "Great Lakes Components Inc.",
            "USD",
            "",
            "lognorm",
            {"median": 6500, "sigma": 0.8},
            "5001",
            50,
            "freq",
        ),
        (
            "Pacific Metrology Inc.",
            "USD",
            "",
            "lognorm",
            {"median": 1200, "sigma": 0.6},
            "7701",
            30,
            "freq",
        ),
        (
            "Summit Analytics LLC",
            "USD",
            "",
            "fixed",
            {"amount": 18000.0, "day": 1, "month": 7},
            "8201",
            0,
            "annual",
        ),
        (
            "Atlas Conference Group Inc.",
            "USD",
            "",
            "lognorm",
            {"median": 2100, "sigma": 0.5},
            "7402",
            8,
            "freq",
        ),
        (
            "Ridgeway Test Systems Inc.",
            "USD",
            "",
            "lognorm",
            {"median": 2900, "sigma": 0.7},
            "7701",
            25,
            "freq",
        ),
    ):
        profile = "calendar" if cad in ("monthly_anniv", "annual") else "b2b"
        v = add(
            names.fixed(name),
            "foreign",
            model,
            cadence=cad,
            profile=profile,
            params=params,
            accounts=[(acc, 1.0)],
            currency=cur,
            vat=0.0,
            weight=wt,
            shared=True,
            step_range=(20, 2000),
        )
        v.iban = make_iban(rng, country) if country else ""
    # capital equipment
    for _ in range(4):
        add(
            names.make(["Machine Tools", "Automation", "Process Equipment", "Compressors"]),
            "capex",
            "quote",
            params={"median": rng.uniform(20000, 60000), "sigma": 0.5},
            accounts=[("0020", 1.0)],
            weight=rng.uniform(3, 8),
            shared=True,
        )

    # occasional vendors
    def trade_account(trade: str) -> str:
        return SERVICE_ACCOUNT.get(trade) or rng.choice(("5000", "5000", "7800", "7701"))

    for _ in range(55):
        trade = rng.choice(TRADES["services"] + TRADES["materials"])
        add(
            names.make([trade]),
            "small",
            "lognorm",
            params={
                "median": math.exp(rng.uniform(math.log(80), math.log(2500))),
                "sigma": rng.uniform(0.4, 1.0),
            },
            accounts=[(trade_account(trade), 1.0)],
            weight=rng.choice((2, 3, 4, 6, 8, 12, 16, 22)),
            shared=rng.random() < 0.25,
        )
    # vendors that start during the period
    for i in range(30):
        start = START + dt.timedelta(days=rng.randint(91, (END - START).days - 45))
        if i < 10:
            v = add(
                names.make(TRADES["materials"]),
                "materials",
                "lognorm",
                params={
                    "median": math.exp(rng.uniform(math.log(150), math.log(3000))),
                    "sigma": rng.uniform(0.3, 1.0),
                },
                accounts=[(rng.choice(("5000", "7800", "7701")), 1.0)],
                weight=rng.uniform(40, 300),
                surge=True,
            )
        elif i < 16:
            trade = rng.choice(trades)
            v = add(
                names.make([trade]),
                "services",
                "hourly",
                params={
                    "rate": rng.choice((55, 65, 85, 95, 125)),
                    "hmed": rng.uniform(3, 12),
                    "hsig": 0.6,
                    "extras": 0.3,
                    "xmed": 60,
                },
                accounts=[(SERVICE_ACCOUNT[trade], 1.0)],
                weight=rng.uniform(30, 150),
            )
        elif i < 20:
            cat = rng.choice(cats)
            words, acc, (lo, hi), vat = CATALOGS[cat]
            items = [price_point(rng, lo, hi) for _ in range(rng.randint(5, 12))]
            v = add(
                names.make(words),
                "pricelist",
                "catalog",
                params={
                    "items": items,
                    "w": [rng.paretovariate(1.2) for _ in items],
                    "lines": (45, 30, 15, 10),
                },
                accounts=[(acc, 1.0)],
                vat=vat,
                weight=rng.uniform(40, 300),
            )
        else:
            trade = rng.choice(TRADES["services"] + TRADES["materials"])
            v = add(
                names.make([trade]),
                "small",
                "lognorm",
                params={
                    "median": math.exp(rng.uniform(math.log(100), math.log(2500))),
                    "sigma": rng.uniform(0.4, 0.9),
                },
                accounts=[(trade_account(trade), 1.0)],
                weight=rng.choice((3, 5, 8, 12, 20)),
            )
        v.start, v.role = start, "new"
    # churn: some vendors stop
    stoppable = [
        v
        for v in vs
        if v.vtype in ("materials", "services", "small") and v.role == "natural" and v.weight < 500
    ]
    for v in rng.sample(stoppable, 12):
        v.end = START + dt.timedelta(days=rng.randint(200, (END - START).days - 60))
    # four vendors move to a new billing system on 2024-04-01 and restart their numbers
    movers = [
        v
        for v in vs
        if v.cadence == "freq"
        and v.vtype in ("materials", "pricelist")
        and v.scheme in ("prefix", "plain", "code")
        and v.role == "natural"
    ]
    for v in rng.sample(movers, 4):
        v.change = dt.date(2024, 4, 1)
        v.scheme2, v.prefix2 = "saas", rng.choice(("INV", "SI", "UK"))
    return vs


# --------------------------------------------------------------------------- natural rows


def calendar_dates(v: Vendor, rng) -> list[tuple[dt.date, float | None]]:
    """Dates (and optional net) of vendors that bill on a calendar."""
    p, out = v.params, []
    a, b = v.start, v.end
    if v.cadence == "monthly_anniv":
        for y, m in month_starts(a, b):
            d = dt.date(y, m, p["day"])
            if a <= d <= b:
                out.append((d, None))
    elif v.cadence == "monthly_working":
        for y, m in month_starts(a, b):
            for _ in range(p.get("sites", 1)):
                day = min(28, max(1, p["day"] + rng.randint(-2, 2)))
                d = prev_working(dt.date(y, m, day))
                if a <= d <= b:
                    out.append((d, None))
    elif v.cadence == "quarter_days":
        for y in range(a.year, b.year + 1):
            for m, day in ((3, 25), (6, 24), (9, 29), (12, 25)):
                d = dt.date(y, m, day)
                if a <= d <= b:
                    out.append((d, None))
    elif v.cadence == "weekly":
        d = a + dt.timedelta(days=(p["weekday"] - a.weekday()) % 7)
        while d <= b:
            out.append((d if v.profile == "calendar" else prev_working(d), None))
            d += 7 * DAY
    elif v.cadence == "instalments":
        for y, m in month_starts(a, b):
            if m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1):
                out.append((dt.date(y, m, 1), None))
    elif v.cadence == "annual":
        for y in range(a.year, b.year + 1):
            d = dt.date(y, p["month"], p["day"])
            if a <= d <= b:
                out.append((d, None))
    elif v.cadence == "stages":
        for y in range(a.year, b.year + 1):
            for m, day, amt in p["stages"]:
                d = prev_working(dt.date(y, m, day))
                if a <= d <= b:
                    out.append((d, amt * (1.05 if fiscal_year(d) > 2023 else 1.0)))
    elif v.cadence == "policies":
        for y in range(a.year, b.year + 1):
            for m, day, amt in p["policies"]:
                d = prev_working(dt.date(y, m, day))
                if a <= d <= b:
                    out.append((d, amt * (1 + p["uplift"]) ** (fiscal_year(d) - 2023)))
    return out


def natural_rows(v: Vendor, n: int, rng) -> list[Row]:
    rows = []
    if v.cadence == "freq":
        for d in sample_dates(rng, v.profile, v.surge, v.start, v.end, n):
            if v.model == "fabricated":
                rows.append(
                    make_row(v, d, total=fabricated_total(rng), account=pick_account(v, rng))
                )
            else:
                rows.append(make_row(v, d, net=sample_net(v, d, rng), account=pick_account(v, rng)))
        return rows
    seats = v.params.get("seats")
    for d, net in calendar_dates(v, rng):
        if net is None:
            if v.model == "seats":
                if rng.random() < 0.2:
                    seats = max(1, seats + rng.choice((-3, -2, -1, 1, 1, 2, 3)))
                net = seats * v.params["seat"]
            elif v.model == "fixed" and "review" in v.params:
                r_date, r_amt = v.params["review"]
                net = r_amt if d >= r_date else v.params["amount"]
            elif v.model == "fixed":
                net = fixed_amount(v, d)
            else:
                net = sample_net(v, d, rng)
        rows.append(make_row(v, d, net=net, account=pick_account(v, rng)))
    return rows


def active_fraction(v: Vendor) -> float:
    return ((v.end - v.start).days + 1) / ((END - START).days + 1)


# --------------------------------------------------------------------------- generator


class Ledger:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.vendors = build_vendors(self.rng)
        self.rows: list[Row] = []
        self.by_vendor: dict[int, list[Row]] = defaultdict(list)
        self.benford_vendors: set[str] = set()
        self.variant_names: list[str] = []
        self.malformed: dict[int, str] = {}

    # ---- helpers
    def add(self, row: Row) -> Row:
        row.tb = self.rng.random()
        self.rows.append(row)
        self.by_vendor[row.v.vid].append(row)
        return row

    def injectable(self, min_rows=20, models=None, exclude=()) -> list[Vendor]:
        out = []
        for v in self.vendors:
            if v.foreign or v.role not in ("natural", "new") or v.profile != "b2b":
                continue
            if v.cadence != "freq" or v.model in ("fabricated", "quote") or v.vid in exclude:
                continue
            if models and v.model not in models:
                continue
            if len(self.by_vendor[v.vid]) >= min_rows:
                out.append(v)
        return out

    def normal_row(self, v: Vendor, d: dt.date, origin: str) -> Row:
        rng = self.rng
        if v.model == "fabricated":
            r = make_row(v, d, total=fabricated_total(rng), account=pick_account(v, rng))
        else:
            r = make_row(v, d, net=sample_net(v, d, rng), account=pick_account(v, rng))
        r.origin = origin
        return r

    def median_net(self, v: Vendor) -> float:
        vals = sorted(r.total for r in self.by_vendor[v.vid] if r.total > 0)
        return vals[len(vals) // 2] if vals else 100.0

    def rand_day(self, a: dt.date, b: dt.date, working=True) -> dt.date:
        d = a + dt.timedelta(days=self.rng.randint(0, max(0, (b - a).days)))
        return prev_working(d) if working and prev_working(d) >= a else d

    # ---- build
    def build(self):
        rng = self.rng
        # Benford: two mid-size suppliers with invented amounts, one fictitious consultancy
        mids = [
            v
            for v in self.vendors
            if v.vtype == "materials"
            and v.role == "natural"
            and 150 <= v.weight < 500
            and v.change is None
        ]
        for v in rng.sample(mids, 2):
            v.model, v.role = "fabricated", "fabricated"
            self.benford_vendors.add(v.name)
        fict = Vendor(
            vid=len(self.vendors),
            name="Meridian Business Consultancy Ltd",
            vtype="small",
            model="fabricated",
            params={},
            accounts=[("7602", 1.0)],
            weight=60,
            start=dt.date(2024, 6, 3),
            role="fabricated",
            iban=make_iban(rng, "GB", "SRLG"),
        )
        numbering_scheme(fict, rng, shared=False)
        fict.scheme, fict.prefix, fict.width, fict.counter0 = "prefix", "MBC", 4, 1
        self.vendors.append(fict)
        self.benford_vendors.add(fict.name)

        # natural volume scaled to ~40,000 rows in all
        cal = {v.vid: natural_rows(v, 0, rng) for v in self.vendors if v.cadence != "freq"}
        n_cal = sum(len(x) for x in cal.values())
        freq = [v for v in self.vendors if v.cadence == "freq"]
        fixed_n = {fict.vid: 60}
        wsum = sum(v.weight * active_fraction(v) for v in freq if v.vid not in fixed_n)
        target = TARGET_ROWS * 0.975 - n_cal - 60
        factor = target / wsum
        for v in self.vendors:
            if v.cadence != "freq":
                rows = cal[v.vid]
            else:
                n = fixed_n.get(v.vid) or max(1, round(v.weight * active_fraction(v) * factor))
                rows = natural_rows(v, n, rng)
            for r in rows:
                self.add(r)
        self.credit_notes()
        self.inject_amount_kinds()
        self.inject_date_kinds()
        self.inject_new_vendors()
        self.plan_gaps()
        self.number_all()
        self.inject_numbering()
        self.inject_duplicates()
        self.assign_users()
        self.post_and_sort()
        self.inject_iban()
        self.inject_rare_accounts()
        self.inject_sod()
        self.render_ibans()
        self.insert_malformed()
        for i, r in enumerate(self.rows, 1):
            r.rid = i

    def credit_notes(self):
        rng = self.rng
        cands = [
            r
            for r in self.rows
            if r.v.cadence == "freq"
            and not r.v.foreign
            and r.v.role == "natural"
            and r.v.profile == "b2b"
            and r.total > 50
            and r.date < END - 40 * DAY
            and r.v.model != "quote"
        ]
        chosen = rng.sample(cands, 400)
        for orig in chosen[:150]:  # credit and re-bill
            v = orig.v
            cd = add_working(orig.date, rng.randint(2, 18))
            cn = make_row(v, cd, net=-orig.net, account=orig.account, seq=False, credit=True)
            cn.tax, cn.total, cn.origin = -orig.tax, -orig.total, "credit"
            rd = add_working(cd, rng.randint(0, 3))
            if rng.random() < 0.55:
                rb = make_row(v, rd, net=orig.net, account=orig.account)
                rb.tax, rb.total = orig.tax, orig.total
            else:
                rb = make_row(v, rd, net=orig.net * rng.uniform(0.85, 0.98), account=orig.account)
            rb.origin, rb.rebill_of = "rebill", orig
            orig.origin = "rebilled"
            self.add(cn)
            self.add(rb)
        for orig in chosen[150:]:  # partial credits (returns, price corrections)
            if orig.v.vtype not in ("materials", "pricelist"):
                continue
            cd = add_working(orig.date, rng.randint(3, 28))
            share = 1.0 if rng.random() < 0.1 else rng.uniform(0.05, 0.6)
            cn = make_row(
                orig.v, cd, net=-orig.net * share, account=orig.account, seq=False, credit=True
            )
            cn.origin = "credit"
            self.add(cn)

    def new_inj(
        self,
        v: Vendor,
        d: dt.date,
        kind: str,
        note: str,
        *,
        total=None,
        net=None,
        vat=None,
        seq_date=None,
        post=None,
    ) -> Row:
        if total is None and net is None:
            r = self.normal_row(v, d, kind)
        else:
            r = make_row(v, d, total=total, net=net, vat=vat, account=v.accounts[0][0])
            r.origin = kind
        r.inj[kind] = note
        if seq_date:
            r.seq_date = seq_date
        r.post = post
        return self.add(r)

    def inject_amount_kinds(self):
        rng = self.rng
        used: set[int] = set()
        # amount outliers
        groups = []
        for v in self.injectable(25, ("lognorm", "hourly", "catalog")):
            by_acc = defaultdict(list)
            for r in self.by_vendor[v.vid]:
                if r.total > 0 and r.origin == "natural":
                    by_acc[r.account].append(r)
            for acc, rs in by_acc.items():
                if len(rs) >= 25:
                    logs = sorted(math.log(r.total) for r in rs)
                    med = logs[len(logs) // 2]
                    mad = sorted(abs(x - med) for x in logs)[len(logs) // 2]
                    sig = 1.4826 * mad
                    if 0 < sig <= 0.7:
                        groups.append((v, acc, rs, math.exp(med), sig))
        rng.shuffle(groups)
        k = 0
        for v, acc, rs, med, sig in groups:
            if k >= 40:
                break
            if v.vid in used:
                continue
            used.add(v.vid)
            dates = sorted(r.date for r in rs)
            d = self.rand_day(dates[20], v.end)
            style = rng.random()
            if sig <= 0.5 and style < 0.3:
                base = lognorm(rng, med, sig)
                total, note = base * 10, f"x10: decimal point moved right ({base:,.2f} keyed x10)"
            elif sig <= 0.5 and style < 0.45 and med >= 300:
                base = lognorm(rng, med, sig)
                total, note = base / 10, f"/10: decimal point moved left ({base:,.2f} keyed /10)"
            else:
                f = max(5.0, math.exp(4 * sig)) * rng.uniform(1.2, 3.0)
                total, note = med * f, f"overbilled: {f:.1f}x the median {med:,.2f}"
            r = self.new_inj(v, d, "amount_outlier", note, total=total)
            r.account = acc
            k += 1
        # below the approval limit
        pool = [v for v in self.injectable(15) if self.median_net(v) >= 400]
        for _ in range(35):
            v = rng.choice(pool)
            if rng.random() < 0.33:
                total = rng.choice((9500, 9750, 9800, 9850, 9900, 9950, 9975, 9990, 9995, 9999))
            else:
                total = rng.uniform(9500, 9999.99)
            self.new_inj(
                v,
                self.rand_day(v.start, v.end),
                "below_limit",
                f"injected: {total:,.2f} just below the 10,000 limit",
                total=total,
            )
        # split purchases
        pool = [v for v in self.injectable(20) if 300 <= self.median_net(v) <= 5000]
        for g in range(18):
            v = rng.choice(pool)
            big = rng.uniform(12000, 36000)
            style = rng.choice(("equal", "below", "irregular", "irregular"))
            while True:
                if style == "equal":
                    k = max(2, math.ceil(big / 9900))
                    big = round(big / k / 50) * 50 * k
                    parts = [big / k] * k
                elif style == "below":
                    k = math.ceil(big / 9800)
                    parts = [rng.uniform(9200, 9990) for _ in range(k)]
                else:
                    k = min(4, math.ceil(big / 9900) + (rng.random() < 0.35))
                    w = [rng.uniform(0.6, 1.4) for _ in range(k)]
                    parts = [big * x / sum(w) for x in w]
                if all(1500 <= p < 9999.99 for p in parts) and 2 <= len(parts) <= 4:
                    break
                big = rng.uniform(12000, 36000)
            d0 = self.rand_day(max(v.start, START + 30 * DAY), v.end - 7 * DAY)
            acc = v.accounts[0][0]
            tot = sum(parts)
            for p in parts:
                d = add_working(d0, rng.randint(0, 4))
                if d > v.end or d > END or (d - d0).days > 6:
                    d = d0
                note = f"{style}: split #{g + 1}, {len(parts)} parts of {tot:,.2f} from {d0}"
                r = self.new_inj(v, d, "split_purchase", note, total=p)
                r.account = acc
                r.extra_tol["_split"] = g
        # clusters below round thresholds nobody configured
        fac = [
            v
            for v in self.injectable(10)
            if ACCOUNTS[v.accounts[0][0]] == "r.bennett"
            and v.vtype in ("services", "small", "materials")
        ]
        it = [
            v for v in self.injectable(5) if ACCOUNTS[v.accounts[0][0]] in ("t.nwosu", "h.clarke")
        ]
        if len(it) < 4:
            it += [v for v in self.injectable(10) if v.vtype == "services"]
        for threshold, n, pool_all, lo in ((5000, 32, fac, 4850), (2500, 24, it, 2425)):
            pool = rng.sample(pool_all, min(len(pool_all), 6))
            for _ in range(n):
                v = rng.choice(pool)
                if rng.random() < 0.4:
                    total = threshold - rng.choice((5, 10, 15, 20, 25, 50, 1, 0.01))
                else:
                    total = rng.uniform(lo, threshold - 0.01)
                self.new_inj(
                    v,
                    self.rand_day(v.start, v.end),
                    "threshold_cluster",
                    f"{threshold:,}: {total:,.2f} just below an unconfigured threshold",
                    total=total,
                )
        # round amounts at vendors whose amounts are not round
        pool = []
        for v in self.injectable(20, ("lognorm", "catalog", "hourly")):
            rs = self.by_vendor[v.vid]
            if sum(1 for r in rs if is_round(r.total)) / len(rs) < 0.03:
                pool.append(v)
        for _ in range(30):
            v = rng.choice(pool)
            med = self.median_net(v)
            size = max(1000.0, med * rng.uniform(3, 15))
            unit = 1000 if size >= 5000 else 500
            rounded = max(unit, round(size / unit) * unit)
            style = rng.random()
            d = self.rand_day(v.start, v.end)
            if style < 0.4:
                self.new_inj(
                    v,
                    d,
                    "round_amount",
                    f"total: round total {rounded:,.0f} (odd net)",
                    total=rounded,
                )
            elif style < 0.8:
                self.new_inj(
                    v, d, "round_amount", f"net: round net {rounded:,.0f} + VAT", net=rounded
                )
            else:
                self.new_inj(
                    v,
                    d,
                    "round_amount",
                    f"no VAT: round {rounded:,.0f} without VAT",
                    total=rounded,
                    vat=0.0,
                )
        # repeated amounts
        pool = [v for v in self.injectable(20, ("lognorm", "hourly")) if v.vid not in used]
        for v in rng.sample(pool, 4):
            amt = money(self.median_net(v) * rng.uniform(1.5, 4) + rng.random())
            d0 = self.rand_day(max(v.start, START + 20 * DAY), v.end - 160 * DAY)
            span = rng.randint(60, 150)
            n = rng.randint(5, 7)
            for _ in range(n):
                d = self.rand_day(d0, d0 + span * DAY)
                self.new_inj(
                    v,
                    d,
                    "repeated_amount",
                    f"same vendor: {amt:,.2f} billed {n}x within {span} days",
                    total=amt,
                )
        pool = self.injectable(15)
        for _ in range(3):
            amt = money(rng.uniform(1200, 6000))
            d0 = self.rand_day(START + 30 * DAY, END - 70 * DAY)
            vs = rng.sample(
                [v for v in pool if v.start <= d0 and v.end >= d0 + 60 * DAY], rng.randint(4, 5)
            )
            for v in vs:
                self.new_inj(
                    v,
                    self.rand_day(d0, d0 + 60 * DAY),
                    "repeated_amount",
                    f"cross-vendor: {amt:,.2f} billed by {len(vs)} vendors in 60 days",
                    total=amt,
                )

    def inject_date_kinds(self):
        rng = self.rng
        pool = self.injectable(10)
        weekends = [d for d in DAYS if d.weekday() >= 5]
        for _ in range(30):
            v = rng.choice(pool)
            d = rng.choice([x for x in weekends if v.start <= x <= v.end])
            self.new_inj(v, d, "weekend_date", f"injected: dated on a {d:%A}")
        hols = [d for d in DAYS if holiday_name(d)]
        hw = [3 if d.month in (12, 1) else 1 for d in hols]
        for _ in range(18):
            v = rng.choice(pool)
            d = rng.choices(hols, hw)[0]
            while not v.start <= d <= v.end:
                v = rng.choice(pool)
            self.new_inj(v, d, "holiday_date", f"injected: dated on {holiday_name(d)}")
        pool = self.injectable(15)
        for _ in range(25):
            v = rng.choice(pool)
            for _ in range(100):
                post = self.rand_day(max(v.start, dt.date(2023, 9, 1)), min(v.end, END - 3 * DAY))
                d = prev_working(post - rng.randint(75, 300) * DAY)
                if d >= max(START, v.start):
                    break
            style = "prior FY" if fiscal_year(d) < fiscal_year(post) else "same FY"
            note = f"{style}: posted {post}, dated {(post - d).days} days earlier"
            self.new_inj(v, d, "backdated", note, seq_date=post, post=post)
        # future dated (labelled) and year typos inside the period (tolerated)
        late = [v for v in pool if v.end >= END - 90 * DAY]
        for i in range(12):
            v = rng.choice(late)
            if i < 7:
                post = self.rand_day(dt.date(2025, 1, 15), dt.date(2025, 3, 28))
                d = dt.date(2025, 4, 1) if i < 3 else post + rng.randint(20, 160) * DAY
                note = "advance: advance invoice"
            elif i < 10:
                post = self.rand_day(dt.date(2024, 4, 1), dt.date(2025, 3, 28))
                swapped = {2024: 2042, 2025: 2052}[post.year]
                d = post.replace(year=swapped, day=min(post.day, 28))
                note = f"swapped: year typed {swapped} for {post.year}"
            else:
                post = self.rand_day(dt.date(2024, 4, 2), dt.date(2025, 3, 28))
                d = post.replace(year=post.year + 1, day=min(post.day, 28))
                note = "next year: next year typed"
            self.new_inj(v, d, "future_date", note, seq_date=post, post=post)
        early = [v for v in pool if v.start <= dt.date(2023, 5, 1)]
        for _ in range(6):
            v = rng.choice(early)
            post = self.rand_day(dt.date(2023, 4, 15), dt.date(2024, 3, 25))
            d = post.replace(year=post.year + 1, day=min(post.day, 28))
            r = self.new_inj(v, d, "year_typo", "", seq_date=post, post=post)
            r.inj.clear()
            r.extra_tol["future_date"] = f"year typed {d.year} for {post.year} (before as-of)"
            r.extra_tol["numbering"] = "year typo"

    def inject_new_vendors(self):
        rng = self.rng
        for name in rng.sample(PHANTOM_NAMES, 6):
            v = Vendor(
                vid=len(self.vendors),
                name=name,
                vtype="small",
                model="lognorm",
                params={"median": 5000, "sigma": 0.4},
                accounts=[(rng.choice(("7602", "7603", "7800")), 1.0)],
                role="phantom",
            )
            numbering_scheme(v, rng, shared=False)
            v.scheme, v.prefix, v.width, v.counter0 = "prefix", rng.choice(("INV", "", "00")), 3, 1
            v.iban = (
                make_iban(rng, "GB", rng.choice(CHALLENGER_BANKS)) if rng.random() < 0.8 else ""
            )
            v.start = self.rand_day(dt.date(2023, 10, 1), dt.date(2025, 3, 10))
            self.vendors.append(v)
            n = rng.randint(1, 3)
            d = v.start
            for _ in range(n):
                total = money(rng.uniform(2000, 9400))
                r = make_row(v, d, total=total)
                r.origin = "phantom"
                self.add(r)
                d = add_working(d, rng.randint(5, 30))
                if d > END:
                    break
        # duplicate vendor records of real suppliers (numbers from the original's sequence)
        parents = [
            v
            for v in self.injectable(100)
            if v.step_mean > 1
            and v.change is None
            and v.scheme in ("prefix", "plain", "code", "saas")
        ]
        for p in rng.sample(parents, 3):
            name = p.name
            if name.endswith(" Ltd"):
                name = name[:-4] + " Limited"
            elif name.endswith(" Limited"):
                name = name[:-8] + " Ltd"
            else:
                name = name.upper()
            v = Vendor(
                vid=len(self.vendors),
                name=name,
                vtype=p.vtype,
                model=p.model,
                params=p.params,
                accounts=p.accounts,
                vat=p.vat,
                role="variant",
                parent=p.vid,
                iban=p.iban,
                scheme=p.scheme,
                prefix=p.prefix,
                width=p.width,
                step_mean=p.step_mean,
                surge=p.surge,
            )
            v.start = self.rand_day(dt.date(2024, 1, 8), dt.date(2024, 11, 1))
            v.end = min(END, v.start + 120 * DAY)
            self.vendors.append(v)
            self.variant_names.append(v.name)
            for d in sorted(sample_dates(rng, "b2b", False, v.start, v.end, rng.randint(3, 8))):
                r = self.normal_row(v, d, "variant")
                self.add(r)

    def plan_gaps(self):
        rng = self.rng
        pool = [
            v
            for v in self.injectable(30)
            if v.step_mean <= 1 and v.change is None and v.scheme in ("prefix", "plain", "code")
        ]
        for v in rng.sample(pool, min(8, len(pool))):
            rs = sorted(
                (r for r in self.by_vendor[v.vid] if r.seq and r.origin == "natural"),
                key=lambda r: (r.seq_date, r.tb),
            )
            r = rs[rng.randint(10, len(rs) - 5)]
            r.gap_before = rng.randint(8, 30)
            r.inj["numbering"] = f"gap: {r.gap_before} numbers missing before this one"

    def number_all(self):
        rng = self.rng
        seqs: dict[int, list[Row]] = defaultdict(list)
        credits: dict[int, list[Row]] = defaultdict(list)
        for r in self.rows:
            if r.credit:
                credits[r.owner].append(r)
            elif r.seq:
                seqs[r.owner].append(r)
        self.med_step: dict[int, float] = {}
        for vid, rs in seqs.items():
            v = self.vendors[vid]
            rs.sort(key=lambda r: (r.seq_date, r.tb))
            n, period, scheme, prefix = None, None, v.scheme, v.prefix
            steps = []
            for r in rs:
                d = r.seq_date
                if v.change and d >= v.change and scheme != v.scheme2:
                    scheme, prefix, n = v.scheme2, v.prefix2, None
                    r.reset = "new billing system"
                per = (
                    (fiscal_year(d) if scheme == "fy" else d.year) if scheme in ("fy", "cal") else 0
                )
                if per != period:
                    if period is not None:
                        n = None
                        r.reset = r.reset or "yearly reset"
                    period = per
                if n is None:
                    if r.reset == "new billing system":
                        n = rng.randrange(1000, 90000) if scheme == "saas" else 1
                    elif r.reset:
                        n = 1 if v.step_mean <= 1 else rng.randint(1, int(v.step_mean) + 1)
                    else:
                        n = v.counter0
                else:
                    step = draw_step(v, rng) + r.gap_before
                    n += step
                    r.step = step
                    if not r.gap_before:
                        steps.append(step)
                r.num, r.scheme = n, scheme
                r.number = fmt_number(scheme, prefix, v.width, n, d)
            steps.sort()
            self.med_step[vid] = steps[len(steps) // 2] if steps else 1
        for vid, rs in credits.items():
            v = self.vendors[vid]
            rs.sort(key=lambda r: (r.date, r.tb))
            n = v.cn_counter
            for r in rs:
                n += 1 if v.step_mean <= 1 else 1 + int(rng.gammavariate(2, 2))
                r.number = f"{v.cn_prefix}{n:05d}"

    def seq_rows(self, vid: int) -> list[Row]:
        return sorted(
            (
                r
                for r in self.rows
                if r.owner == vid and r.seq and not r.credit and r.num is not None
            ),
            key=lambda r: (r.seq_date, r.tb),
        )

    def inject_numbering(self):
        rng = self.rng
        ok = [
            v
            for v in self.injectable(40)
            if v.change is None and v.scheme in ("prefix", "plain", "code")
        ]
        shared = [v for v in ok if self.med_step[v.vid] >= 3]
        # numbers from the vendor's range of 6-15 months earlier
        for v in rng.sample(shared, min(10, len(shared))):
            rs = self.seq_rows(v.vid)
            for _ in range(200):
                d = self.rand_day(max(v.start + 400 * DAY, dt.date(2024, 3, 1)), v.end)
                if d > v.end:
                    continue
                old = [
                    (a, b)
                    for a, b in itertools.pairwise(rs)
                    if d - 450 * DAY <= a.seq_date <= d - 180 * DAY and b.num - a.num >= 2
                ]
                if old:
                    break
            else:
                continue
            a, b = rng.choice(old)
            r = self.new_inj(v, d, "numbering", f"old range: number as in {a.seq_date:%b %Y}")
            r.seq, r.num = False, rng.randint(a.num + 1, b.num - 1)
            r.number = fmt_number(v.scheme, v.prefix, v.width, r.num, d)
        # numbers far ahead of the sequence
        for v in rng.sample(ok, 8):
            rs = self.seq_rows(v.vid)
            i = rng.randint(10, len(rs) - 3)
            prev, nxt = rs[i], rs[i + 1]
            d = nxt.seq_date if rng.random() < 0.5 else prev.seq_date
            jump = int(rng.uniform(300, 3000) * max(1, self.med_step[v.vid]))
            r = self.new_inj(v, d, "numbering", f"far ahead: number {jump:,} ahead")
            r.seq, r.num = False, prev.num + jump
            r.tb = (prev.tb + 1) if d == prev.seq_date else -1
            r.number = fmt_number(v.scheme, v.prefix, v.width, r.num, d)
            nxt.extra_tol["numbering"] = "first row after a far-ahead number"

    def inject_duplicates(self):
        rng = self.rng
        cands = [
            r
            for r in self.rows
            if r.origin == "natural"
            and not r.credit
            and r.total > 0
            and not r.v.foreign
            and r.v.role in ("natural", "new")
            and r.number
            and r.date <= END - 50 * DAY
        ]
        styles = ["exact"] * 15 + ["format"] * 12 + ["typo"] * 8 + ["redated"] * 8
        styles += ["renumbered"] * 7
        used = set()
        taken = defaultdict(set)
        for r in self.rows:
            if r.number:
                taken[r.owner].add(r.number)
        for style in styles:
            while True:
                o = rng.choice(cands)
                if id(o) in used:
                    continue
                number = o.number
                if style == "format":
                    number = reformat(o.number, rng)
                elif style == "typo":
                    number = typo(o.number, rng)
                if number is not None:
                    break
            used.add(id(o))
            c = self.copy_row(o)
            c.number = number
            note = {
                "exact": "exact: re-entry",
                "format": f"format: number re-keyed as {number!r}",
                "typo": f"typo: number mistyped as {number!r}",
            }.get(style, "")
            if style == "redated":
                c.date = add_working(o.date, rng.randint(1, 20))
                note = f"redated: same number re-dated {c.date} (reminder copy)"
            elif style == "renumbered":
                c.date = add_working(o.date, rng.randint(0, 3))
                c.num = (o.num or 0) + max(1, int(self.med_step.get(o.owner, 1) * 3))
                prefix = o.v.prefix if o.scheme != "saas" else (o.v.prefix2 or o.v.prefix)
                while True:
                    c.number = fmt_number(o.scheme or o.v.scheme, prefix, o.v.width, c.num, c.date)
                    if c.number not in taken[o.owner]:
                        break
                    c.num += 1
                note = f"renumbered: re-issued as {c.number} on {c.date}"
            c.inj["duplicate"] = f"{note}; original {o.number} {o.date} {o.total:,.2f}"
            c.extra_tol["numbering"] = "duplicate copy"
            c.dup_of = o
            self.add(c)
        # one copy booked to each duplicate vendor record
        for vname in self.variant_names:
            var = next(v for v in self.vendors if v.name == vname)
            orig = [
                r
                for r in self.by_vendor[var.parent]
                if r.origin == "natural"
                and r.number
                and not r.credit
                and var.start <= r.date <= var.end
                and r.total > 0
            ]
            if not orig:
                continue
            o = rng.choice(orig)
            c = self.copy_row(o)
            c.v, c.vendor = var, var.name
            c.inj["duplicate"] = f"other record: {o.vendor} {o.number} booked to {var.name!r}"
            c.extra_tol["numbering"] = "duplicate copy"
            c.dup_of = o
            self.add(c)

    def copy_row(self, o: Row) -> Row:
        c = Row(
            v=o.v,
            vendor=o.vendor,
            date=o.date,
            total=o.total,
            net=o.net,
            tax=o.tax,
            account=o.account,
            iban=o.iban,
            number=o.number,
            seq=False,
            seq_date=o.seq_date,
            origin="duplicate",
            num=o.num,
            scheme=o.scheme,
        )
        c.post_after = o
        return c

    def assign_users(self):
        rng = self.rng
        for r in self.rows:
            d = r.date if r.date <= END else END
            initial = r.vendor[:1].upper()
            if initial <= "F":
                clerk = "j.patel"
            elif initial <= "L":
                clerk = "s.okafor"
            elif initial <= "R":
                clerk = "m.hughes" if d <= dt.date(2024, 8, 31) else "c.oconnor"
            else:
                clerk = "l.evans"
            if rng.random() < 0.12:
                on = [
                    c
                    for c in CLERKS
                    if not (c == "m.hughes" and d > dt.date(2024, 8, 31))
                    and not (c == "c.oconnor" and d <= dt.date(2024, 8, 31))
                ]
                clerk = rng.choice(on)
            area = ACCOUNTS.get(r.account, "a.shah")
            up = area if rng.random() < 0.03 else clerk
            if r.origin == "duplicate" and hasattr(r, "dup_of"):
                up = rng.choice([c for c in CLERKS[:4] if c != r.dup_of.uploaded_by] or ["l.evans"])
            if r.total < 0:
                appr = "a.shah"
            elif r.gbp < 250:
                appr = ""
            elif r.gbp >= LIMIT:
                appr = "k.wright"
            else:
                appr = area
            if appr and appr == up:
                appr = "a.shah" if up != "a.shah" else "k.wright"
            r.uploaded_by, r.approved_by = up, appr
        # split parts: one clerk and one approver per purchase
        by_split = defaultdict(list)
        for r in self.rows:
            if "_split" in r.extra_tol:
                by_split[r.extra_tol["_split"]].append(r)
        for rs in by_split.values():
            for r in rs:
                r.uploaded_by, r.approved_by = rs[0].uploaded_by, rs[0].approved_by
        for r in self.rows:
            r.extra_tol.pop("_split", None)

    def post_and_sort(self):
        rng = self.rng
        for r in self.rows:
            if r.post is not None:
                continue
            if getattr(r, "post_after", None) is not None:
                continue
            u = rng.random()
            lag = (
                rng.randint(0, 3)
                if u < 0.6
                else rng.randint(4, 14)
                if u < 0.9
                else rng.randint(15, 30)
                if u < 0.98
                else rng.randint(31, 50)
            )
            r.post = min(next_working(r.date + lag * DAY), AS_OF)
        for r in self.rows:
            o = getattr(r, "post_after", None)
            if o is not None:
                r.post = min(next_working(max(o.post, r.date) + rng.randint(3, 45) * DAY), AS_OF)
        self.rows.sort(key=lambda r: (r.post, r.tb))

    def file_rows(self, vid: int) -> list[Row]:
        return [r for r in self.rows if r.v.vid == vid]

    def inject_iban(self):
        """Bank details change by invoice date (the vendor prints them on its invoices)."""
        rng = self.rng
        for r in self.rows:
            r.iban = r.v.iban
        pos = {id(r): k for k, r in enumerate(self.rows)}
        pool = [v for v in self.injectable(14) if v.iban and v.role == "natural"]
        for k, v in enumerate(rng.sample(pool, 14)):
            every = sorted(self.file_rows(v.vid), key=lambda r: (r.date, r.post))
            rs = [r for r in every if not r.credit]
            i = rng.randint(8, len(rs) - 4)
            if k < 8:
                country = rng.choices(("GB", "LT", "IE"), (5, 3, 2))[0]
                bank = rng.choice(CHALLENGER_BANKS) if country == "GB" else None
                new = make_iban(rng, country, bank)
                n = rng.randint(1, 3)
                fraud = rs[i : i + n]
                for r in fraud:
                    r.iban = new
                    r.inj["iban_change"] = f"fraud: bank details {new} on {n} invoice(s)"
                rs[i + n].extra_tol["iban_change"] = "first invoice back on the usual IBAN"
                last = max(pos[id(r)] for r in fraud)
                after = [r for r in rs if pos[id(r)] > last and r not in fraud]
                if after:
                    min(after, key=lambda r: pos[id(r)]).extra_tol["iban_change"] = "back (file)"
            else:
                new = make_iban(rng, "GB", rng.choice([b for b in GB_BANKS if b not in v.iban]))
                moved = every[every.index(rs[i]) :]
                for r in moved:
                    r.iban = new
                rs[i].inj["iban_change"] = f"switch: vendor moved bank to {new}"
                for r in rs[i + 1 : i + 3]:
                    r.extra_tol["iban_change"] = "shortly after a bank switch"
                min(moved, key=lambda r: pos[id(r)]).extra_tol["iban_change"] = "switch (file)"
                v.iban = new

    def inject_rare_accounts(self):
        rng = self.rng
        swaps = {
            "ops": ("8205", "7602", "6201", "7400"),
            "premises": ("5000", "8201", "7010"),
            "office": ("7602", "5000", "0020"),
            "advisers": ("5000", "7801", "8205"),
            "it": ("5000", "7801", "7400"),
            "marketing": ("5000", "7701", "7100"),
            "people": ("5000", "7800"),
            "travel": ("5000", "7601"),
        }
        pool = []
        for v in self.injectable(25):
            rs = [r for r in self.by_vendor[v.vid] if r.origin == "natural" and not r.credit]
            main = Counter(r.account for r in rs).most_common(1)[0]
            if main[1] / len(rs) >= 0.85:
                pool.append((v, rs))
        for v, rs in rng.sample(pool, 30):
            r = rng.choice(rs)
            own = {a for a, _ in v.accounts}
            new = rng.choice([a for a in swaps[AREA[r.account]] if a not in own])
            r.inj["rare_account"] = f"recoded: to {new} instead of {r.account}"
            r.account = new

    def inject_sod(self):
        rng = self.rng
        cands = [
            r
            for r in self.rows
            if r.approved_by and r.origin == "natural" and r.total > 0 and not r.v.foreign
        ]
        for r in rng.sample(cands, 35):
            if rng.random() < 0.6:
                r.uploaded_by = r.approved_by
                note = f"manager: {r.approved_by} uploaded and approved"
            else:
                r.approved_by = r.uploaded_by
                note = f"clerk: {r.uploaded_by} approved own upload"
            r.inj["sod_breach"] = note

    def render_ibans(self):
        rng = self.rng
        for r in self.rows:
            keep = "iban_change" in r.inj or "iban_change" in r.extra_tol
            if not r.iban or (not keep and rng.random() < 0.03):
                r.iban_out = ""
                continue
            u = rng.random()
            r.iban_out = (
                group4(r.iban) if u < 0.06 else group4(r.iban).lower() if u < 0.07 else r.iban
            )

    def insert_malformed(self):
        rng = self.rng
        v = rng.choice(self.injectable(50))
        bad = [
            ("date", {"invoice_date": "14/03/2024"}),
            ("date", {"invoice_date": "2024-02-30"}),
            ("amount", {"total_amount": ""}),
            ("amount", {"total_amount": "1.234,56"}),
            ("vendor", {"vendor": ""}),
        ]
        for what, fields in bad:
            base = self.normal_row(v, dt.date(2024, 3, 14), "malformed")
            base.number = f"{v.prefix}MAL{rng.randint(100, 999)}"
            base.raw = fields
            base.post = base.date
            pos = rng.randint(100, len(self.rows) - 100)
            self.rows.insert(pos, base)
            base.malformed_what = what


def draw_step(v: Vendor, rng) -> int:
    if v.step_mean <= 1:
        return 1
    return 1 + int(rng.gammavariate(2.0, (v.step_mean - 1) / 2.0))


def fmt_number(scheme: str, prefix: str, width: int, n: int, d: dt.date) -> str:
    if scheme == "prefix":
        return f"{prefix}{n:0{width}d}"
    if scheme == "code":
        return f"{prefix}{n:0{width}d}"
    if scheme == "plain":
        return str(n)
    if scheme == "fy":
        fy = fiscal_year(d)
        return f"{prefix}/{fy % 100:02d}{(fy + 1) % 100:02d}/{n:04d}"
    if scheme == "cal":
        return f"{n:05d}/{d.year % 100:02d}"
    if scheme == "saas":
        return f"{prefix}-{d.year}-{n:08d}"
    raise ValueError(scheme)


def reformat(num: str, rng) -> str | None:
    opts = set()
    opts.add(re.sub(r"[-/ ]", "", num))
    m = re.match(r"^([A-Za-z]*[-/ ]?)0+(\d+)$", num)
    if m:
        opts.add(m.group(1) + m.group(2))
        opts.add(m.group(2))
    if re.search(r"[A-Za-z]", num):
        opts.add(num.lower())
        opts.add(re.sub(r"^[A-Za-z]+[-/ ]?", "", num))
    opts.add(num.replace("-", " ").replace("/", " "))
    if num.isdigit():
        opts.add("0" + num)
        opts.add("INV" + num)
    opts.discard(num)
    opts = {o for o in opts if o and any(c.isdigit() for c in o)}
    return rng.choice(sorted(opts)) if opts else None


def typo(num: str, rng) -> str | None:
    idx = [i for i, c in enumerate(num) if c.isdigit()]
    tail = idx[-4:]
    if len(tail) < 2:
        return None
    s = list(num)
    if rng.random() < 0.5:
        pairs = [(a, b) for a, b in itertools.pairwise(tail) if b == a + 1 and s[a] != s[b]]
        if pairs:
            a, b = rng.choice(pairs)
            s[a], s[b] = s[b], s[a]
            return "".join(s)
    i = rng.choice(tail[-3:])
    s[i] = rng.choice([c for c in "0123456789" if c != s[i]])
    return "".join(s)


def is_round(x: float) -> bool:
    x = abs(x)
    return x >= 100 and abs(x - round(x)) < 0.005 and round(x) % 50 == 0


# --------------------------------------------------------------------------- labels

BENFORD_P1 = {d: math.log10(1 + 1 / d) for d in range(1, 10)}
BENFORD_P2 = {d: math.log10(1 + 1 / d) for d in range(10, 100)}


def first_digits(x: float, k: int) -> int | None:
    x = abs(x)
    if x < 10:
        return None
    s = f"{x:.2f}".replace(".", "").lstrip("0")
    return int(s[:k])


def chi2(counts: Counter, probs: dict[int, float]) -> float:
    n = sum(counts.values())
    return sum((counts.get(d, 0) - n * p) ** 2 / (n * p) for d, p in probs.items())


def compute_labels(led: Ledger):
    rows = [r for r in led.rows if r.raw is None]
    lab = {k: {} for k in KINDS}
    tol = {k: {} for k in KINDS}
    for r in rows:
        for k, note in r.inj.items():
            if k in lab:
                lab[k][r.rid] = note

    def own(kind, r, default="natural"):
        if kind in r.inj:
            return r.inj[kind]
        return default if r.origin in ("natural", "rebill", "rebilled") else f"{r.origin} row"

    def t(kind, r, note):
        if r.rid not in lab[kind]:
            tol[kind].setdefault(r.rid, note)

    for r in rows:
        for k, note in r.extra_tol.items():
            if k in tol:
                t(k, r, note)
    by_name: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_name[r.vendor].append(r)

    # duplicate
    rebill_pairs = {(id(r.rebill_of), id(r)) for r in rows if r.rebill_of is not None}
    for r in rows:
        o = getattr(r, "dup_of", None)
        if o is not None and "duplicate" in r.inj:
            t("duplicate", o, f"original of the duplicate in row {r.rid}")
    groups = defaultdict(list)
    for r in rows:
        if r.total > 0:
            groups[(r.vendor, r.total)].append(r)
    for rs in groups.values():
        if len(rs) < 2:
            continue
        rs.sort(key=lambda r: r.date)
        for i, a in enumerate(rs):
            for b in rs[i + 1 :]:
                if (b.date - a.date).days > 7:
                    break
                if (id(a), id(b)) in rebill_pairs or (id(b), id(a)) in rebill_pairs:
                    continue
                t("duplicate", a, f"same amount as row {b.rid} within 7 days")
                t("duplicate", b, f"same amount as row {a.rid} within 7 days")

    # amount_outlier
    grp = defaultdict(list)
    for r in rows:
        if r.total > 0:
            grp[(r.vendor, r.account)].append(r)
    for rs in grp.values():
        base = [r.total for r in rs if "amount_outlier" not in r.inj]
        if len(base) < 8:
            continue
        base.sort()
        med = base[len(base) // 2]
        mad = sorted(abs(x - med) for x in base)[len(base) // 2]
        logs = sorted(math.log(x) for x in base)
        lmed = logs[len(logs) // 2]
        lmad = sorted(abs(x - lmed) for x in logs)[len(logs) // 2]
        for r in rs:
            if "amount_outlier" in r.inj:
                continue
            if mad > 0:
                z = abs(r.total - med) / (1.4826 * mad)
                lz = abs(math.log(r.total) - lmed) / (1.4826 * lmad) if lmad > 0 else 0
                if z > 6 or lz > 4:
                    t("amount_outlier", r, f"robust z {z:.1f} / log z {lz:.1f} in its group")
            elif abs(r.total - med) > 0.5 * med:
                t("amount_outlier", r, "differs > 50 % from a constant median")

    # benford (vendor level)
    lab_vendors = set(led.benford_vendors)
    tol_vendors = {}
    for name, rs in by_name.items():
        if name in lab_vendors:
            continue
        d1 = Counter(x for x in (first_digits(r.total, 1) for r in rs) if x)
        n = sum(d1.values())
        if n < 50:
            continue
        c1 = chi2(d1, BENFORD_P1)
        c2 = 0.0
        if n >= 500:
            c2 = chi2(Counter(x for x in (first_digits(r.total, 2) for r in rs) if x), BENFORD_P2)
        if c1 > 26.12 or c2 > 136.0:
            tol_vendors[name] = f"own data nonconforming (chi2 1st {c1:.0f}, 1st-2 {c2:.0f})"
    for r in rows:
        if r.vendor in lab_vendors:
            lab["benford"][r.rid] = "invented: amounts invented by a person"
        elif r.vendor in tol_vendors:
            t("benford", r, tol_vendors[r.vendor])

    def cands(r):
        return [r.total] if not r.v.foreign else [r.total, r.gbp]

    # below_limit
    for r in rows:
        if not r.v.foreign and 9500 <= r.total < LIMIT:
            lab["below_limit"].setdefault(r.rid, own("below_limit", r))
    for r in rows:
        if not r.v.foreign:
            if 9000 <= r.total < 9500 or 9500 <= r.net < LIMIT:
                t("below_limit", r, "within 10 % of the limit or net just below it")
        elif any(9000 <= x < LIMIT for x in cands(r)):
            t("below_limit", r, "foreign amount near the limit")

    # threshold_cluster
    bands = ((4750, 5000), (2375, 2500), (9000, 10000))
    for r in rows:
        if any(lo <= x < hi for x in cands(r) for lo, hi in bands):
            t("threshold_cluster", r, "in a band just below a round threshold")

    # split_purchase: 7-day windows passing the limit
    for rs in by_name.values():
        pts = sorted(
            ((r.date.toordinal(), r.gbp, r) for r in rs if 0 < r.gbp < LIMIT and r.date <= END),
            key=lambda p: p[:2],
        )
        if len(pts) < 2:
            continue
        days = [p[0] for p in pts]
        pref = [0.0]
        for p in pts:
            pref.append(pref[-1] + p[1])
        for day, _, r in pts:
            for s in range(day - 6, day + 1):
                i, j = bisect.bisect_left(days, s), bisect.bisect_right(days, s + 6)
                if j - i >= 2 and pref[j] - pref[i] > LIMIT:
                    t("split_purchase", r, "in a 7-day window of the vendor passing 10,000")
                    break

    # round_amount
    for r in rows:
        if is_round(r.total) or is_round(r.net):
            t("round_amount", r, "round total or net")

    # repeated_amount
    per_vendor = Counter((r.vendor, r.total) for r in rows if r.total > 0)
    vendors_per_amount = defaultdict(set)
    for r in rows:
        if r.total > 0:
            vendors_per_amount[r.total].add(r.vendor)
    for r in rows:
        if r.total <= 0 or r.v.calendar_biller:
            continue
        if per_vendor[(r.vendor, r.total)] >= 3 or len(vendors_per_amount[r.total]) >= 3:
            t("repeated_amount", r, "amount recurs (price list, rates or coincidence)")

    # weekend / holiday
    for r in rows:
        if r.date > AS_OF:
            if r.date.weekday() >= 5:
                t("weekend_date", r, "after as-of")
            if holiday_name(r.date):
                t("holiday_date", r, "after as-of")
            continue
        if r.date.weekday() >= 5:
            if r.v.habitual:
                t("weekend_date", r, "vendor dates on any day")
            else:
                lab["weekend_date"].setdefault(r.rid, own("weekend_date", r))
        h = holiday_name(r.date)
        if h:
            if r.v.habitual or r.v.foreign:
                t("holiday_date", r, f"{h}; vendor dates on any day or is foreign")
            else:
                lab["holiday_date"].setdefault(r.rid, own("holiday_date", r))

    # backdated / future
    for r in rows:
        if (r.post - r.date).days > 30:
            t("backdated", r, f"posted {(r.post - r.date).days} days after its date")
        if r.date > AS_OF:
            lab["future_date"].setdefault(r.rid, own("future_date", r))

    # new vendors (also scored per vendor)
    nv_lab, nv_tol = set(), set()
    for name, rs in by_name.items():
        first = rs[0]
        d0 = min(r.date for r in rs)
        earliest = [r for r in rs if r.date == d0]
        if name in led.variant_names:
            nv_tol.add(name)
            for r in [*rs[:3], *earliest]:
                t("new_vendor", r, "duplicate record of a known vendor")
                t("iban_change", r, "duplicate record: IBAN shared with another vendor")
            for r in rs:
                t("iban_change", r, "duplicate record: IBAN shared with another vendor")
            continue
        if first.v.start > BASELINE_END:
            role = {"new": "started in period"}.get(first.v.role, first.v.role)
            lab["new_vendor"][earliest[0].rid] = f"{role}: first invoice {d0}"
            nv_lab.add(name)
            for r in [*rs[:3], *earliest]:
                t("new_vendor", r, "early invoice of a new vendor")
        elif d0 > BASELINE_END:
            nv_tol.add(name)
            for r in [first, *earliest]:
                t("new_vendor", r, f"occasional vendor first seen {d0}: no history in the ledger")
        else:
            t("new_vendor", first, "first seen in the first quarter")

    # numbering
    for r in rows:
        if r.origin in ("backdated", "future_date", "year_typo", "duplicate"):
            t("numbering", r, f"{r.origin} row")
        if r.reset:
            t("numbering", r, r.reset)
        if r.vendor in led.variant_names:
            t("numbering", r, "duplicate vendor record")
        med = led.med_step.get(r.owner, 1)
        if r.step and r.step > max(10, 8 * med) and not r.gap_before:
            t("numbering", r, f"natural step {r.step} vs median {med}")

    # rare_account
    for rs in by_name.values():
        if len(rs) < 10:
            continue
        c = Counter(r.account for r in rs)
        for r in rs:
            if c[r.account] <= 2:
                t("rare_account", r, f"account {r.account} used {c[r.account]}x by this vendor")

    # sod
    for r in rows:
        u, a = r.uploaded_by.strip().lower(), r.approved_by.strip().lower()
        if u and u == a:
            lab["sod_breach"].setdefault(r.rid, own("sod_breach", r))

    for k in KINDS:
        for rid in lab[k]:
            tol[k].pop(rid, None)
    vendor_level = {
        "benford": (lab_vendors, set(tol_vendors)),
        "new_vendor": (nv_lab, nv_tol),
    }
    return lab, tol, vendor_level


# --------------------------------------------------------------------------- run and score


def write_csv(led: Ledger, path: str):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for r in led.rows:
            rec = {
                "vendor": r.vendor,
                "invoice_number": r.number,
                "invoice_date": r.date.isoformat(),
                "total_amount": f"{r.total:.2f}",
                "currency": r.v.currency,
                "net_amount": f"{r.net:.2f}",
                "tax_amount": f"{r.tax:.2f}",
                "account": r.account,
                "iban": r.iban_out,
                "uploaded_by": r.uploaded_by,
                "approved_by": r.approved_by,
            }
            if r.raw:
                rec.update(r.raw)
            w.writerow([rec[h] for h in HEADER])


def run_cli(path: str):
    cmd = [
        sys.executable,
        "-m",
        "core",
        "anomalies",
        "--import-csv",
        path,
        "--json",
        "--approval-limit",
        "10000",
        "--base-currency",
        "GBP",
        "--as-of",
        AS_OF.isoformat(),
    ]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    secs = time.perf_counter() - t0
    findings, bad = [], 0
    for line in p.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            findings.append(json.loads(line))
        except json.JSONDecodeError:
            bad += 1
    return findings, p.stderr, p.returncode, secs, bad


def ratio(a: int, b: int):
    return round(a / b, 3) if b else None


def score(lab, tol, pred):
    lab_s, tol_s, pred_s = set(lab), set(tol), set(pred)
    tp = len(pred_s & lab_s)
    fp = len(pred_s - lab_s)
    fn = len(lab_s - pred_s)
    pred_len = pred_s - tol_s
    return {
        "labelled": len(lab_s),
        "tolerated": len(tol_s),
        "predicted": len(pred_s),
        "tolerated_flagged": len(pred_s & tol_s),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": ratio(tp, len(pred_s)),
        "recall": ratio(tp, len(lab_s)),
        "lenient_fp": len(pred_len - lab_s),
        "lenient_precision": ratio(tp, len(pred_len)),
        "lenient_recall": ratio(tp, len(lab_s)),
    }


def by_style(lab: dict, pred) -> dict:
    """Recall per labelling style (the note's text before the first colon)."""
    seen, hit = Counter(), Counter()
    for rid, note in lab.items():
        style = note.split(":")[0]
        seen[style] += 1
        hit[style] += rid in pred
    return {st: [hit[st], seen[st]] for st in sorted(seen)}


def fmt(x):
    return "   -" if x is None else f"{x:.2f}"


def describe(r: Row) -> str:
    return (
        f"row {r.rid}: {r.vendor} | {r.number} | {r.date} | {r.total:,.2f} {r.v.currency}"
        f" (net {r.net:,.2f}, tax {r.tax:,.2f}) | acct {r.account} | iban {r.iban_out or '-'}"
        f" | {r.uploaded_by or '-'} -> {r.approved_by or '-'} | posted {r.post}"
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=3, help="generator seed (default 3)")
    ap.add_argument(
        "--samples",
        type=int,
        default=0,
        metavar="K",
        help="print up to K missed and K wrong rows per kind",
    )
    ap.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    ap.add_argument("--keep-csv", metavar="FILE", help="also keep the generated ledger here")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    led = Ledger(args.seed)
    led.build()
    lab, tol, vendor_level = compute_labels(led)
    lab_vendors = vendor_level["benford"][0]
    gen_secs = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep_csv or os.path.join(tmp, "uk_purchase_ledger.csv")
        write_csv(led, path)
        findings, stderr, rc, cli_secs, bad_lines = run_cli(path)
    if rc != 0:
        print(stderr, file=sys.stderr)
        raise SystemExit(f"CLI exited with {rc}")

    by_rid = {r.rid: r for r in led.rows}
    malformed_rids = {r.rid for r in led.rows if r.raw is not None}
    pred = {k: defaultdict(list) for k in KINDS}
    unknown = Counter()
    subjects = set()
    on_malformed = 0
    for f in findings:
        k, rid = f.get("detector"), f.get("row")
        if rid in malformed_rids:
            on_malformed += 1
            continue
        if k not in pred or rid not in by_rid:
            unknown[str(k)] += 1
            continue
        pred[k][rid].append(f)
        if k == "benford" and f.get("subject"):
            subjects.add(f["subject"])
    reported = {int(m) for m in re.findall(r"row (\d+)", stderr)}
    results = {k: score(lab[k], tol[k], pred[k]) for k in KINDS}
    for k in KINDS:
        results[k]["recall_by_style"] = by_style(lab[k], pred[k])
    flagged = {
        "benford": subjects,
        "new_vendor": {by_rid[rid].vendor for rid in pred["new_vendor"]},
    }
    vend = {
        k: score(dict.fromkeys(a, 1), dict.fromkeys(b, 1), dict.fromkeys(flagged[k], 1))
        for k, (a, b) in vendor_level.items()
    }
    names = {r.vendor for r in led.rows if r.raw is None}
    out = {
        "seed": args.seed,
        "rows": len(led.rows),
        "vendors": len(names),
        "findings": len(findings),
        "generate_seconds": round(gen_secs, 1),
        "cli_seconds": round(cli_secs, 1),
        "non_json_lines": bad_lines,
        "unknown_findings": dict(unknown),
        "malformed": {
            "written": sorted(malformed_rids),
            "reported_on_stderr": sorted(malformed_rids & reported),
            "findings_on_them": on_malformed,
        },
        "kinds": results,
        "per_vendor": vend,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return out

    print(
        f"UK purchase ledger, seed {args.seed}: {len(led.rows):,} rows, {len(names)} vendors, "
        f"{len(findings):,} findings; generated in {gen_secs:.1f} s, CLI {cli_secs:.1f} s"
    )
    print(
        f"malformed rows written {sorted(malformed_rids)}, reported on stderr "
        f"{sorted(malformed_rids & reported)}, findings on them {on_malformed}"
    )
    if unknown or bad_lines:
        print(f"unrecognised findings {dict(unknown)}, non-JSON lines {bad_lines}")
    hdr = (
        f"{'kind':<21}{'lab':>6}{'tol':>6}{'pred':>7}{'TP':>6}{'FP':>6}{'FN':>5}"
        f"{'P':>7}{'R':>6}{'P.len':>7}{'R.len':>7}"
    )
    print(hdr)
    print("-" * len(hdr))
    for k in KINDS:
        s = results[k]
        print(
            f"{k:<21}{s['labelled']:>6}{s['tolerated']:>6}{s['predicted']:>7}{s['tp']:>6}"
            f"{s['fp']:>6}{s['fn']:>5}{fmt(s['precision']):>7}{fmt(s['recall']):>6}"
            f"{fmt(s['lenient_precision']):>7}{fmt(s['lenient_recall']):>7}"
        )
    for k, s in vend.items():
        print(
            f"{k + ' (vendors)':<21}{s['labelled']:>6}{s['tolerated']:>6}{s['predicted']:>7}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>5}{fmt(s['precision']):>7}{fmt(s['recall']):>6}"
            f"{fmt(s['lenient_precision']):>7}{fmt(s['lenient_recall']):>7}"
        )
    print("\nrecall by labelling style (found/labelled)")
    for k in KINDS:
        st = results[k]["recall_by_style"]
        if len(st) > 1:
            print(f"  {k:<18}" + ", ".join(f"{a} {h}/{n}" for a, (h, n) in st.items()))
    if args.samples:
        print(f"\nBenford vendors: labelled {sorted(lab_vendors)}; flagged {sorted(subjects)}")
        all_reasons = defaultdict(list)
        for k in KINDS:
            for rid, fs in pred[k].items():
                all_reasons[rid] += [f"{k}: {f.get('reason', '')}" for f in fs]
        for k in KINDS:
            missed = sorted(set(lab[k]) - set(pred[k]))[: args.samples]
            wrong = sorted(set(pred[k]) - set(lab[k]) - set(tol[k]))[: args.samples]
            if not missed and not wrong:
                continue
            print(f"\n== {k}")
            for rid in missed:
                print(f"  MISSED {describe(by_rid[rid])}\n    label: {lab[k][rid]}")
                for reason in all_reasons.get(rid, [])[:3]:
                    print(f"    other finding: {reason[:200]}")
            for rid in wrong:
                f = pred[k][rid][0]
                print(f"  WRONG  {describe(by_rid[rid])}\n    reason: {f.get('reason', '')[:240]}")
    return out


if __name__ == "__main__":
    main()
