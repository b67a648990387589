#!/usr/bin/env python3
"""Independent labelled benchmark: a Dutch-German hospitality group's purchase ledger.

Written from the product's description of the anomaly detectors only (the issue's words, the
README and ``python -m core anomalies --help``), without reading ``core/`` or the other
``bench/anomalies*.py`` scripts. The detector is a black box, called as

    python -m core anomalies --import-csv ledger.csv --json --as-of 2025-01-03

Usage::

    python bench/anomalies_hospitality_ledger.py [--seed N] [--rows N] [--json] [--keep DIR]

``--keep DIR`` writes ``ledger.csv``, ``labels.csv`` and ``findings.jsonl`` into DIR.
Standard library only. Deterministic for a seed.

The business
============
"Grachtenhuis & Spree Hospitality": twelve sites (at the default size), six in the Netherlands
(four hotels, two restaurants) and six in Germany (four hotels, a restaurant and a Brauhaus);
the Düsseldorf hotel opens in May 2023, with its pre-opening purchases in March and April. A
head office in Amsterdam (HQ) holds the group contracts. Base currency EUR; postings run from
2022-01-01 to 2024-12-31 (invoices dated from November 2021 on, so the first weeks carry
December invoices), the extract is taken on 2025-01-03 (``--as-of``). ``--rows`` scales the
number of sites (templates are repeated as "II", "III" sites), not the behaviour of one.

Vendors (about 105 at the default size), each with a calendar, a schedule, an amount model, a
VAT profile, accounts, a numbering style, an IBAN and the sites it serves:

* food and beverage: wholesalers delivering Monday/Wednesday/Friday and some Saturdays, fresh
  produce Monday-Saturday, fish Tuesday/Thursday/Saturday, butchers, dairy, poultry, cash &
  carry purchases (small, irregular, mixed accounts), bakeries every day including Sunday
  (one restaurant per country has a bakery standing order: one amount every weekday, another
  every Saturday, another every Sunday), beverages weekly, wine merchants, a Dutch coffee
  roaster supplying every site (reverse charge, no VAT, for the German ones), a brewery for
  the Brauhaus. Saturday dates are normal for them, Sunday and holiday dates for the bakeries
  (other food suppliers do not deliver on their country's public holidays: German lorries may
  not drive then), and a site gets several invoices from one of them in a week that together
  pass 10,000: innocent look-alikes of weekend and holiday dates and of split purchases.
  Their amounts are a mixture of regular orders and small top-up orders, with site size,
  season (hotels: summer; restaurants: December) and food inflation (2023 +9 %, 2024 +12 %
  over 2022). A few percent of deliveries are followed by a return credit note. A butcher and
  a fishmonger are paid through one factoring company, so they share an IBAN.
* linen and laundry: one invoice a week per site at near-equal amounts (a 4 % spread around
  an occupancy-seasonal level). The Dutch laundry is replaced by another in July 2023 (a
  legitimate new vendor).
* energy: monthly advance payments of one fixed amount for a year (direct debit, some without
  IBAN), an annual settlement invoice (a charge or a credit) that resets the advance.
* rent: monthly, dated the 1st (so on weekends and New Year's Day too), entered up to six days
  before its date (an advance bill), indexed every January; one Berlin landlord without VAT
  bills a round 12,500.00 every month.
* staffing agencies: a weekly invoice per site (hours worked, summer peaks) and an occasional
  second agency.
* booking platform commissions (monthly statement dated the last day of the month, random
  numbers), a Swiss channel manager in CHF and a British revenue-management subscription in
  GBP (both fixed monthly), a British spirits importer in GBP; a Swiss coffee-machine maker in
  CHF (quarterly service contract and occasional machines).
* subscriptions at equal monthly amounts: cleaning contracts, window cleaning, telecom, the
  hotel software (price tiers: two hotels of one tier pay exactly the same on the same day),
  restaurant till software, the marketing agency's retainer.
* ad-hoc: maintenance contractors (weekdays, some weekend emergency call-outs), florists,
  kitchen equipment and furniture (capex accounts), a renovation of the Amsterdam hotel in
  the first half of 2023 billed in round stage payments, music licences once a year,
  performers at the restaurants paid round fees without VAT (small-business exemption), mostly
  on Fridays and Saturdays, the group insurance (annual, VAT-exempt) and the auditor.
* VAT: Dutch 9 % (food, flowers) and 21 %, German 7 % and 19 %; a delivery mixing food and
  drink carries both rates; net_amount + tax_amount = total_amount; cross-border EU services
  and goods, British and Swiss vendors, insurance and exempt performers carry no VAT.
* credit notes are negative totals: returns at food suppliers, energy settlements in the
  group's favour, and credit-and-rebill pairs (a credit of an invoice and a corrected or
  identical new invoice, at some vendors numbered as the original plus ``-C`` / ``-R``);
  the credit is always entered before the rebill.
* numbering styles: a dedicated sequence (``DG04711``), a shared sequence whose numbers jump
  because the vendor bills other customers (``VF2314087``), a per-year counter that resets
  (``TH2023/0042``), shared per-year counters (``K2023-04512``), date-coded numbers
  (``LG220412017``, ``HUUR-AMS-H1-202301``), random ones (``BKR-9F3A0C21E7``); one beverage
  wholesaler migrates to a new ERP in April 2023 and changes style; credit notes are in the
  invoice sequence or in a separate one (``GS2023-...``, ``CN...``).
* people: one or two clerks per site upload (``uploaded_by``), the site manager approves up to
  10,000 EUR, the deputy when the manager is on holiday (two weeks in summer, one in winter),
  the regional director (NL or DE) from 10,000, the CFO from 50,000; a clerk on holiday is
  covered by a clerk of another site in the country, by head-office AP or by the deputy (and
  then the manager or director approves: never the uploader). Group contracts and platform
  statements are uploaded by head-office AP. Clerks leave and are replaced. The German sites'
  approvals come from their ERP, whose user ids are upper case (``SMUELLER``) while the
  capture tool records the uploader in lower case (``smueller``): the same person.
* posting (entry) dates: Dutch sites enter on working days a few days after receipt, German
  sites in batches on Tuesdays and Thursdays, head office within two weeks; invoices dated in
  the second half of December wait longer (year-end volume); a few invoices arrive 50-95 days
  late (0.1 %: a lost invoice and its reminder). Nothing is entered on weekends or public holidays
  of the site's country. The CSV is in posting order (ties in random order, a credit before
  its rebill).
* public holidays: Dutch (New Year, Easter, King's Day, Ascension, Whitsun, Christmas; Good
  Friday and Liberation Day are working days for most Dutch firms), German national ones
  (New Year, Good Friday, Easter Monday, 1 May, Ascension, Whit Monday, 3 October,
  Christmas) and those of the sites' states (Berlin 8 March, Hamburg 31 October, NRW and
  Bavaria Corpus Christi and All Saints, Bavaria Epiphany and 15 August).

Injected anomalies (counts per 60,000 rows; scaled with ``--rows``)
=====================================================================
Every anomaly is labelled per row and kind (``labels.csv``: row, kind, status, group, note);
a row may carry several labels. ``status`` is ``anomaly`` (counts for recall and as a true
positive), ``ambiguous`` (a finding there is neither right nor wrong: left out of lenient
precision, a false positive in strict precision, not in recall) or ``innocent`` (a designed
look-alike: a finding there is a false positive). Rows without a label of a kind are innocent
for it. The kinds are the detector names the CLI prints. Injections pick rows no other
injection touched; where one injection gives a row the look of another kind, that kind is
labelled ambiguous on it (rules below, "side effects").

duplicate (25 exact, 35 fuzzy pairs)
    A copy of an invoice entered again 2-45 days later, by the same or another clerk:
    exact (same number, date, amount), or fuzzy: same vendor and amount with the number
    re-keyed (separators dropped, prefix dropped, a suffix, leading zeros dropped, the last two
    digits swapped or one mistyped) and/or the date moved one to seven working days. Group =
    the pair; a finding on either row is a true positive; found if either row is flagged.
    Innocent: credit-and-rebill triples (about 40; the rebill has the original's amount in
    60 %, a new number or the original's plus ``-R``), standing orders, subscriptions, tier
    prices. Ambiguous: two natural rows of one vendor with the same total within a week (a
    coincidence, which happens at a vendor of thousands of invoices), repeated-amount rows,
    equal split parts.
amount_outlier (40)
    A total multiplied by 10 (decimal slip) or 6-25, or divided by 8-15 (not at vendors with
    small top-up orders), at a vendor and account with at least 30 invoices, kept only if the
    new amount lies at least 4.5 robust z from that vendor-and-account's log median (median
    and 1.4826 x MAD of its natural rows): unusual by the product's own statistic. True
    positive: that row. Ambiguous: natural rows more than 4 robust z from their
    vendor-and-account history (at least 10 rows), energy settlements, and rows of other
    injections whose changed amount lands there.
benford (2 vendors)
    A maintenance firm in Berlin and a handyman in Rotterdam whose invoices (150-250 each) are
    made up by a colluding manager: first digits 5-7 favoured and 1 rare, hundreds and
    thousands. Every row of those vendors is labelled; precision and recall are counted per
    vendor (a finding's ``subject``); a vendor flagged on any row is found. Ambiguous: honest
    vendors of freely varying amounts (no price list, contract or schedule) with at least 300
    invoices whose first digits still miss Nigrini's bands (MAD > 0.015; delivery totals of
    one supplier often span little more than a decade), and vendors 5 % or more of whose rows
    carry injected amounts (a round-sum cluster, split parts, outliers). Innocent: the
    narrow-range vendors (laundry, subscriptions, rent, energy).
below_limit (25)
    A total set to 9,500-9,995 EUR (within 5 % under the 10,000 limit) at a vendor whose
    invoices are normally 1,500-8,000. Ambiguous: every other row whose EUR value falls in
    [9,500, 10,000) (the classic test lists them all; the natural ones are innocent business:
    commission statements, staffing weeks, wholesale orders).
split_purchase (20 groups)
    One purchase of 11,000-28,000 EUR at a kitchen-equipment, furniture, maintenance, wine or
    staffing vendor cut into 2-4 invoices (equal, near-equal or uneven parts, each under
    10,000) dated within five working days, entered by one clerk and approved by one person,
    on the vendor's main account. Group = the parts; a finding on any part is a true positive;
    found if any part is flagged. Innocent: the food suppliers' several deliveries a week,
    weekly staffing, monthly energy advances and platform statements of several sites on one
    day. Ambiguous (side effects): a duplicate pair that passes the limit together, and rows in
    a six-day window of one vendor that passes the limit only because another injection raised
    an amount in it.
threshold_cluster (3 clusters)
    12-16 invoices over about a year at a contractor, each 1-9 % under a round sum nobody
    configured: 5,000 at two contractors of one site (the manager's "no quote needed below
    5,000" habit) and 2,500 at a third vendor elsewhere. Group = the cluster; a finding on a
    cluster row is a true positive. Ambiguous: that vendor's natural rows in the same band
    (10 % under the sum). Innocent: weekly laundry and other tight prices sitting just under
    a round sum at their own level (the big Amsterdam hotel's summer linen at 4,5xx-4,9xx).
round_amount (30)
    A total replaced by a round 1,000-9,000 (multiple of 500 or 1,000) at a vendor whose
    totals carry VAT and are uneven. Ambiguous: rows of other injections whose total became a
    multiple of 100, and natural rows that are a multiple of 100 by chance at vendors rarely
    round. Innocent: performers' fees, stage payments, the VAT-free round rent, whole-euro
    subscriptions without VAT.
repeated_amount (12 groups of 3)
    One uneven amount of 250 EUR or more billed three times within four months (10-40 days
    apart) at a vendor-site whose amounts vary. Group = the three rows; any row is a true
    positive. Ambiguous: equal-part splits, and three or more rows of one vendor with one total
    within 120 days by chance (with or without a duplicate among them). Innocent:
    subscriptions, rent, energy advances, standing orders, tier prices.
weekend_date (40) / holiday_date (25)
    An invoice of a weekday-only vendor dated on a Saturday or Sunday / on an official public
    holiday of the vendor's country falling on a weekday. True positive: that row. Ambiguous:
    other rows of weekday-only vendors on a weekend (emergency call-outs, date typos of other
    injections) or on any holiday, and any row dated on a holiday that is not one of its
    vendor's (the site's country, another German state, Good Friday or 5 May in the
    Netherlands, 1 May or 3 October for a Dutch vendor). Innocent: food suppliers, bakeries,
    florists and performers working on Saturdays, bakeries on Sundays and on their own
    holidays but Christmas Day and New Year's Day, and documents dated by schedule (rent,
    telecom and software on the 1st, platform statements on the last day of the month).
backdated (30)
    An invoice entered 110-330 days after its date. Ambiguous: natural late invoices (entered
    50-95 days after their date, 0.1 %) and duplicate copies entered 50 days or more after the
    original's date. Innocent: year-end backlog (a few weeks).
future_date (24)
    An invoice whose date is mistyped a year or one to three months ahead of its entry (some
    then lie after the as-of date). Innocent: rent entered up to six days before its date.
new_vendor
    Rule, not injection: a vendor first entered a year or more after the ledger starts is new;
    its first invoice entered and its earliest-dated invoices are anomalies, all its invoices
    if it has at most three; its second and third invoice entered are ambiguous. A vendor
    first entered between day 90 and day 365 is ambiguous (it may be an annual or occasional
    supplier). On top, 6 shell vendors (names like a real supplier's, one to three invoices)
    are injected after day 150 and labelled anomalies throughout. The German wholesaler's
    change of legal name in March 2024 (same IBAN, same numbers) is ambiguous on its first and
    earliest rows. Group = the vendor.
iban_change (8 frauds, 4 switches)
    Fraud: one or two invoices of a known vendor (at least 12 before) carrying another IBAN,
    after which the usual one returns (the return row is ambiguous). Switch: a vendor moves
    bank for good; the first row with the new IBAN is an anomaly (a change to verify), the next
    two are ambiguous. The renamed supplier's first three rows (an old IBAN under a new name)
    and the first rows of the two vendors paid through one factoring company are ambiguous.
numbering (10 gaps, 8 disorders)
    A gap: 3-8 consecutive invoices missing from a dedicated sequence; group = the invoices
    either side of the gap. Disorder: two invoices of a dedicated or shared sequence whose
    numbers are swapped (group = both), or an invented invoice whose number lies far ahead of a
    dedicated sequence or inside an old gap of a shared one (that row). Ambiguous: single
    missing numbers (a voided invoice), the neighbours of an invoice entered before the ledger
    starts or after it ends (the extract's edges), duplicate copies, backdated and
    future-dated rows, shell vendors. Innocent: shared sequences' gaps (also a software vendor
    billing the group's hotels in one monthly batch run), year resets, date-coded and random
    numbers, credit-note sequences, rebill suffixes, the ERP migration's change of style.
rare_account (30)
    An invoice of a vendor with at least 40 invoices, 85 % or more on one account, posted to an
    account that vendor never uses. Ambiguous: a natural coding a vendor of at least 20
    invoices uses at most once or for at most 2 % of them.
sod_breach (40)
    The uploader approves (a clerk self-approves, or a manager uploads and approves). At the
    German sites the two columns differ in case only (``smueller`` / ``SMUELLER``): still the
    same person, still a breach.

Scoring
=======
Per kind: labelled groups and rows (anomaly, ambiguous), findings (distinct rows; for benford,
distinct vendors), true positives (a finding on a row or vendor labelled anomaly of that
kind), ambiguous hits, false positives; strict precision = TP / findings, lenient precision =
TP / (findings - ambiguous hits); recall = anomaly groups with at least one finding on one of
their rows / anomaly groups. Examples of misses and false positives are printed per kind,
with the row's context and the detector's reason, so a developer can see why.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LEDGER_START = date(2022, 1, 1)
LEDGER_END = date(2024, 12, 31)
GEN_START = date(2021, 11, 1)
AS_OF = date(2025, 1, 3)
LIMIT = 1_000_000  # cents
BASE_ROWS = 60_000

KINDS = [
    "duplicate",
    "amount_outlier",
    "benford",
    "below_limit",
    "split_purchase",
    "threshold_cluster",
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
]

FX = {
    "EUR": {2021: 1.0, 2022: 1.0, 2023: 1.0, 2024: 1.0, 2025: 1.0},
    "GBP": {2021: 1.18, 2022: 1.17, 2023: 1.15, 2024: 1.18, 2025: 1.19},
    "CHF": {2021: 0.97, 2022: 0.99, 2023: 1.03, 2024: 1.05, 2025: 1.06},
}
INFLATION = {2021: 0.97, 2022: 1.0, 2023: 1.09, 2024: 1.12, 2025: 1.13}
VAT = {"NL": (0.09, 0.21), "DE": (0.07, 0.19)}

SEASON = {
    "hotel": [0.8, 0.8, 0.9, 1.0, 1.1, 1.25, 1.35, 1.35, 1.1, 1.0, 0.9, 1.2],
    "restaurant": [0.8, 0.85, 0.95, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 1.0, 1.05, 1.45],
    "flat": [1.0] * 12,
}


# --------------------------------------------------------------------------- calendars


def easter(y: int) -> date:
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


_HOL_CACHE: dict = {}


def holidays(year: int) -> dict:
    """{date: [(country, state or None, name, official)]} for NL, DE (+states), GB, CH."""
    if year in _HOL_CACHE:
        return _HOL_CACHE[year]
    e = easter(year)
    out: dict = defaultdict(list)

    def add(d, country, name, state=None, official=True):
        out[d].append((country, state, name, official))

    kd = date(year, 4, 27)
    if kd.weekday() == 6:
        kd = date(year, 4, 26)
    for d, n in [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (e, "Eerste Paasdag"),
        (e + timedelta(1), "Tweede Paasdag"),
        (kd, "Koningsdag"),
        (e + timedelta(39), "Hemelvaartsdag"),
        (e + timedelta(49), "Eerste Pinksterdag"),
        (e + timedelta(50), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]:
        add(d, "NL", n)
    add(e - timedelta(2), "NL", "Goede Vrijdag", official=False)
    add(date(year, 5, 5), "NL", "Bevrijdingsdag", official=(year % 5 == 0))
    for d, n in [
        (date(year, 1, 1), "Neujahr"),
        (e - timedelta(2), "Karfreitag"),
        (e, "Ostersonntag"),
        (e + timedelta(1), "Ostermontag"),
        (date(year, 5, 1), "Tag der Arbeit"),
        (e + timedelta(39), "Christi Himmelfahrt"),
        (e + timedelta(49), "Pfingstsonntag"),
        (e + timedelta(50), "Pfingstmontag"),
        (date(year, 10, 3), "Tag der Deutschen Einheit"),
        (date(year, 12, 25), "1. Weihnachtstag"),
        (date(year, 12, 26), "2. Weihnachtstag"),
    ]:
        add(d, "DE", n)
    add(date(year, 1, 6), "DE", "Heilige Drei Könige", "BY")
    add(date(year, 3, 8), "DE", "Frauentag", "BE")
    for st in ("BY", "NW", "HE"):
        add(e + timedelta(60), "DE", "Fronleichnam", st)
    add(date(year, 8, 15), "DE", "Mariä Himmelfahrt", "BY")
    add(date(year, 10, 31), "DE", "Reformationstag", "HH")
    for st in ("BY", "NW"):
        add(date(year, 11, 1), "DE", "Allerheiligen", st)
    for d, n in [
        (date(year, 1, 1), "New Year"),
        (e - timedelta(2), "Good Friday"),
        (e + timedelta(1), "Easter Monday"),
        (date(year, 12, 25), "Christmas"),
        (date(year, 12, 26), "Boxing Day"),
    ]:
        add(d, "GB", n)
    for d, n in [
        (date(year, 1, 1), "Neujahr"),
        (e - timedelta(2), "Karfreitag"),
        (e + timedelta(1), "Ostermontag"),
        (e + timedelta(39), "Auffahrt"),
        (e + timedelta(50), "Pfingstmontag"),
        (date(year, 8, 1), "Bundesfeier"),
        (date(year, 12, 25), "Weihnachten"),
        (date(year, 12, 26), "Stephanstag"),
    ]:
        add(d, "CH", n)
    _HOL_CACHE[year] = dict(out)
    return _HOL_CACHE[year]


def hol_entries(d: date) -> list:
    return holidays(d.year).get(d, [])


def is_official_holiday(d: date, country: str, state: str | None) -> bool:
    for c, st, _n, official in hol_entries(d):
        if c == country and official and (st is None or st == state):
            return True
    return False


def any_holiday_name(d: date) -> str | None:
    """A holiday of any calendar in play (official or not, any state)."""
    ents = hol_entries(d)
    if not ents:
        return None
    return "/".join(sorted({f"{c}{'-' + s if s else ''}:{n}" for c, s, n, _o in ents}))


def is_workday(d: date, country: str, state: str | None = None) -> bool:
    return d.weekday() < 5 and not is_official_holiday(d, country, state)


def next_workday(d: date, country: str, state: str | None = None) -> date:
    while not is_workday(d, country, state):
        d += timedelta(1)
    return d


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(1)).day
    return date(y, m, min(d.day, last))


def month_end(y: int, m: int) -> date:
    return date(y + (m == 12), m % 12 + 1, 1) - timedelta(1)


# --------------------------------------------------------------------------- IBANs


def iban(rng: random.Random, country: str) -> str:
    if country == "NL":
        bban = rng.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB"]) + "".join(
            rng.choice("0123456789") for _ in range(10)
        )
    elif country == "DE":
        bban = "".join(rng.choice("0123456789") for _ in range(18))
    elif country == "GB":
        bban = rng.choice(["BARC", "LOYD", "NWBK", "HBUK"]) + "".join(
            rng.choice("0123456789") for _ in range(14)
        )
    elif country == "CH":
        bban = "".join(rng.choice("0123456789") for _ in range(17))
    elif country == "LT":
        bban = "".join(rng.choice("0123456789") for _ in range(16))
    elif country == "BE":
        base = int(
            rng.choice(["001", "068", "310", "363", "735"])
            + "".join(rng.choice("0123456789") for _ in range(7))
        )
        bban = f"{base:010d}{(base % 97) or 97:02d}"  # Belgian accounts carry their own check
    else:
        raise ValueError(country)
    rearranged = bban + country + "00"
    num = "".join(str(int(ch, 36)) for ch in rearranged)
    check = 98 - int(num) % 97
    return f"{country}{check:02d}{bban}"


# --------------------------------------------------------------------------- model objects


class Site:
    def __init__(self, code, name, country, state, city, kind, size, opens=None):
        self.code, self.name, self.country, self.state = code, name, country, state
        self.city, self.kind, self.size = city, kind, size
        self.opens = opens or GEN_START
        self.clerks: list = []  # (user, start, end)
        self.manager = self.deputy = None
        self.hq = False


class Vendor:
    def __init__(self, name, country, cat, **kw):
        self.name = name
        self.country = country
        self.cat = cat
        self.state = kw.get("state")
        self.currency = kw.get("currency", "EUR")
        self.calendar = kw.get("calendar", "weekday")  # weekday|six_day|daily|any|fixed
        self.schedule = kw["schedule"]
        self.amount = kw["amount"]
        self.vat = kw.get("vat", "high")  # low|high|mix:f|zero
        self.accounts = kw.get("accounts")
        self.numbering = kw["numbering"]  # list of (from_date, spec)
        self.sites = kw.get("sites", [])  # list of (site, size multiplier)
        self.start = kw.get("start", GEN_START)
        self.end = kw.get("end", LEDGER_END)
        self.season = kw.get("season", "site")
        self.central = kw.get("central", False)
        self.advance = kw.get("advance", False)
        self.return_rate = kw.get("return_rate", 0.0)
        self.rebill_style = kw.get("rebill_style", "new")
        self.emergency = kw.get("emergency", 0.0)
        self.iban = kw.get("iban")
        self.switch = None  # (date, new iban)
        self.rename = None  # (date, new name)
        self.lag_extra = kw.get("lag_extra", 0)
        self.tag = kw.get("tag", "")
        self.rare_legit = kw.get("rare_legit")  # (account, prob)
        self.fabricator = kw.get("fabricator", False)
        self.shell = False


class Inv:
    __slots__ = (
        "account",
        "amount_changed",
        "approver",
        "credit",
        "currency",
        "date_changed",
        "dropped",
        "force_people",
        "iban",
        "inv_date",
        "labels",
        "lag_override",
        "name_date",
        "natural_late",
        "net",
        "number",
        "number_fixed",
        "order",
        "orig",
        "orig_total",
        "post",
        "row",
        "seq_index",
        "site",
        "tag",
        "tax",
        "uid",
        "uploader",
        "used",
        "vat_rate",
        "vendor",
        "vendor_name",
    )

    def __init__(self, vendor, site, d, net, tax, account, credit=False):
        self.vendor, self.site, self.inv_date = vendor, site, d
        self.post = None
        self.currency = vendor.currency
        self.net, self.tax = net, tax
        self.account = account
        self.iban = vendor.iban
        self.uploader = self.approver = None
        self.number = None
        self.credit = credit
        self.labels = {}  # kind -> (status, group, note)
        self.tag = vendor.tag
        self.used = False
        self.order = 0.0
        self.force_people = None
        self.orig = None
        self.uid = 0
        self.vat_rate = (tax / net) if net else 0.0
        self.dropped = False
        self.amount_changed = False
        self.date_changed = False
        self.seq_index = None
        self.number_fixed = False
        self.lag_override = None
        self.natural_late = False
        self.vendor_name = vendor.name
        self.row = None
        self.orig_total = None
        self.name_date = None  # the date the vendor's name on the document is judged by

    @property
    def total(self):
        return self.net + self.tax

    def set_total(self, total):
        if not self.amount_changed:
            self.orig_total = self.net + self.tax
        rate = self.vat_rate
        net = round(total / (1 + rate))
        self.net, self.tax = net, total - net
        self.amount_changed = True

    def label(self, kind, status, group, note=""):
        cur = self.labels.get(kind)
        rank = {"anomaly": 3, "ambiguous": 2, "innocent": 1}
        if cur is None or rank[status] > rank[cur[0]]:
            self.labels[kind] = (status, group, note)


def eur(cents, currency, d) -> float:
    return cents * FX[currency][d.year]


# --------------------------------------------------------------------------- people

NL_FIRST = [
    "Anouk",
    "Bram",
    "Daan",
    "Eva",
    "Femke",
    "Joost",
    "Lotte",
    "Maarten",
    "Noor",
    "Pieter",
    "Sanne",
    "Tim",
    "Wouter",
    "Yara",
    "Iris",
    "Ruben",
    "Esther",
    "Koen",
    "Lisa",
    "Thijs",
]
NL_LAST = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "de Boer",
    "Dekker",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dijkstra",
    "Kok",
    "Brouwer",
    "de Wit",
    "van Leeuwen",
]
DE_FIRST = [
    "Anna",
    "Bernd",
    "Claudia",
    "Dirk",
    "Elke",
    "Frank",
    "Greta",
    "Heike",
    "Jan",
    "Katrin",
    "Lukas",
    "Monika",
    "Nils",
    "Petra",
    "Sabine",
    "Stefan",
    "Tobias",
    "Ute",
    "Jonas",
    "Miriam",
]
DE_LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
]


def user_id(first, last, country):
    t = last.lower().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss")
    t = t.replace(" ", "")
    if country == "NL":
        return f"{first[0].lower()}.{t}"
    return f"{first[0].lower()}{t}"


class People:
    def __init__(self, rng: random.Random, sites: list, hq: Site):
        self.rng = rng
        self.used_ids: set = set()
        self.vac: dict = defaultdict(list)
        self.cfo = self._new("NL", fixed=("Esther", "Dekker"))
        self.rd = {
            "NL": self._new("NL", fixed=("Ruben", "van Beek")),
            "DE": self._new("DE", fixed=("Katrin", "Wagner")),
        }
        self.hq_clerks = [
            self._new("NL", fixed=("Lisa", "Visser")),
            self._new("NL", fixed=("Tim", "Bos")),
        ]
        hq.clerks = [(u, GEN_START, date(2026, 1, 1)) for u in self.hq_clerks]
        hq.manager, hq.deputy = self.cfo, self.rd["NL"]
        for s in sites:
            n = 2 if s.kind == "hotel" else 1
            start = s.opens - timedelta(60) if s.opens > GEN_START else GEN_START
            s.clerks = []
            for _ in range(n):
                u = self._new(s.country)
                if rng.random() < 0.45:  # replaced once during the ledger
                    cut = date(2022, 6, 1) + timedelta(rng.randrange(0, 800))
                    s.clerks.append((u, start, cut))
                    s.clerks.append((self._new(s.country), cut - timedelta(10), date(2026, 1, 1)))
                else:
                    s.clerks.append((u, start, date(2026, 1, 1)))
            s.manager = self._new(s.country)
            s.deputy = self._new(s.country)
        everyone = {self.cfo, *self.rd.values(), *self.hq_clerks}
        for s in sites:
            everyone.update(u for u, _a, _b in s.clerks)
            everyone.update([s.manager, s.deputy])
        for u in sorted(everyone):
            for y in range(2021, 2026):
                st = date(y, 6, 10) + timedelta(rng.randrange(0, 75))
                self.vac[u].append((st, st + timedelta(13)))
                st = date(y, rng.choice([1, 2, 10, 11]), rng.randrange(1, 20))
                self.vac[u].append((st, st + timedelta(6)))

    def _new(self, country, fixed=None):
        while True:
            if fixed:
                first, last = fixed
            elif country == "NL":
                first, last = self.rng.choice(NL_FIRST), self.rng.choice(NL_LAST)
            else:
                first, last = self.rng.choice(DE_FIRST), self.rng.choice(DE_LAST)
            u = user_id(first, last, country)
            if u not in self.used_ids:
                self.used_ids.add(u)
                return u
            if fixed:
                fixed = None

    def away(self, u, d):
        return any(a <= d <= b for a, b in self.vac[u])


# --------------------------------------------------------------------------- the catalogue


def make_sites(rows: int, rng: random.Random):
    templates = [
        ("AMS-H", "Hotel Keizersgracht Amsterdam", "NL", None, "Amsterdam", "hotel", 1.6, None),
        ("AMS-R", "Brasserie Het Spui", "NL", None, "Amsterdam", "restaurant", 0.9, None),
        ("RTM-H", "Hotel Maaskade Rotterdam", "NL", None, "Rotterdam", "hotel", 1.1, None),
        ("UTR-H", "Hotel Domplein Utrecht", "NL", None, "Utrecht", "hotel", 0.9, None),
        ("DHG-R", "Restaurant Lange Voorhout", "NL", None, "Den Haag", "restaurant", 0.7, None),
        ("MST-H", "Hotel Vrijthof Maastricht", "NL", None, "Maastricht", "hotel", 0.8, None),
        ("BER-H", "Hotel Spreebogen Berlin", "DE", "BE", "Berlin", "hotel", 1.5, None),
        ("BER-R", "Restaurant Kastanienallee", "DE", "BE", "Berlin", "restaurant", 0.8, None),
        ("HAM-H", "Hotel Speicherstadt Hamburg", "DE", "HH", "Hamburg", "hotel", 1.2, None),
        ("CGN-R", "Brauhaus am Dom Köln", "DE", "NW", "Köln", "restaurant", 1.0, None),
        ("MUC-H", "Hotel Viktualienmarkt München", "DE", "BY", "München", "hotel", 1.3, None),
        (
            "DUS-H",
            "Hotel Königsallee Düsseldorf",
            "DE",
            "NW",
            "Düsseldorf",
            "hotel",
            1.0,
            date(2023, 5, 1),
        ),
    ]
    n = max(2, round(12 * rows / BASE_ROWS))
    order = [0, 6, 2, 8, 1, 7, 3, 9, 4, 10, 5, 11]
    sites = []
    for i in range(n):
        t = templates[order[i % 12]]
        rep = i // 12 + 1
        size = t[6] if rep == 1 else round(t[6] * rng.uniform(0.8, 1.2), 2)
        opens = t[7]
        if rep > 1 and rng.random() < 0.2:
            opens = date(2022, 3, 1) + timedelta(rng.randrange(0, 700))
        name = t[1] if rep == 1 else f"{t[1]} {'I' * rep if rep < 4 else rep}"
        sites.append(Site(f"{t[0]}{rep}", name, t[2], t[3], t[4], t[5], size, opens))
    return sites


def build_vendors(rng: random.Random, sites: list, hq: Site):
    V: list = []
    nl = [s for s in sites if s.country == "NL"]
    de = [s for s in sites if s.country == "DE"]
    hotels = [s for s in sites if s.kind == "hotel"]
    rest = [s for s in sites if s.kind == "restaurant"]

    def city(*names):
        return [s for s in sites if s.city in names]

    def add(name, country, cat, sites_, **kw):
        if not sites_:
            return None
        v = Vendor(name, country, cat, sites=[(s, 1.0) for s in sites_], **kw)
        if v.iban is None and not kw.get("no_iban"):
            v.iban = iban(rng, {"NL": "NL", "DE": "DE", "GB": "GB", "CH": "CH"}[country])
        if kw.get("no_iban"):
            v.iban = ""
        V.append(v)
        return v

    def shared(prefix, rate, base=None, width=7, reset=False, credit=None):
        return {
            "style": "shared_year" if reset else "shared",
            "prefix": prefix,
            "rate": rate,
            "base": base
            if base is not None
            else rng.randrange(10 ** (width - 1) * 2, 10 ** (width - 1) * 5),
            "width": width,
            "credit": credit,
        }

    def dedicated(prefix, width=5, start=None, credit=None):
        return {
            "style": "dedicated",
            "prefix": prefix,
            "width": width,
            "start": start if start is not None else rng.randrange(100, 3000),
            "credit": credit,
        }

    def yearly(fmt, credit=None, rate=None):
        return {"style": "year_reset", "fmt": fmt, "credit": credit, "rate": rate}

    def datecoded(prefix):
        return {"style": "date_coded", "prefix": prefix}

    def sitemonth(prefix):
        return {"style": "site_month", "prefix": prefix}

    def rnd(prefix, n=10):
        return {"style": "random", "prefix": prefix, "n": n}

    G = GEN_START
    FB_WHOLESALE = [0.9, 0.35, 0.9, 0.35, 0.9, 0.45, 0.0]
    SIX = [0.9, 0.9, 0.9, 0.9, 0.9, 0.85, 0.0]
    DAIRY_NL = [0.8, 0.0, 0.8, 0.0, 0.8, 0.3, 0.0]
    DAIRY_DE = [0.0, 0.8, 0.0, 0.8, 0.0, 0.8, 0.0]
    FISH = [0.0, 0.85, 0.0, 0.85, 0.0, 0.8, 0.0]
    MEAT = [0.75, 0.0, 0.75, 0.0, 0.75, 0.3, 0.0]
    BAKERY = [0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.85]
    BEV = [0.1, 0.6, 0.1, 0.1, 0.45, 0.05, 0.0]

    # ---------------- Dutch food & beverage
    add(
        "Van Dijk Foodservice B.V.",
        "NL",
        "wholesale",
        nl,
        calendar="six_day",
        schedule=("delivery", FB_WHOLESALE),
        amount=("logn", 1450, 0.5, 0.25),
        vat="mix:0.25",
        accounts={"4000": 0.70, "4010": 0.22, "4160": 0.08},
        numbering=[(G, shared("VF", 310, width=7, credit={"prefix": "CN", "rate": 14}))],
        return_rate=0.03,
        rare_legit=("4650", 0.004),
    )
    add(
        "Kuipers Groente & Fruit B.V.",
        "NL",
        "produce",
        city("Amsterdam", "Utrecht"),
        calendar="six_day",
        schedule=("delivery", SIX),
        amount=("logn", 360, 0.45, 0.2),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, yearly("K{y}-{n:05d}", rate=55))],
        return_rate=0.02,
    )
    add(
        "Versmarkt Rijnmond B.V.",
        "NL",
        "produce",
        city("Rotterdam", "Den Haag"),
        calendar="six_day",
        schedule=("delivery", SIX),
        amount=("logn", 330, 0.45, 0.2),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("VR", 6))],
        return_rate=0.02,
    )
    add(
        "Limburgse Groentehal",
        "NL",
        "produce",
        city("Maastricht"),
        calendar="six_day",
        schedule=("delivery", SIX),
        amount=("logn", 300, 0.45, 0.2),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, datecoded("LG"))],
        return_rate=0.02,
    )
    add(
        "Visgroothandel Schouten B.V.",
        "NL",
        "fish",
        nl,
        calendar="six_day",
        schedule=("delivery", FISH),
        amount=("logn", 520, 0.5, 0.15),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, yearly("VS{y}.{n:06d}", rate=180))],
        return_rate=0.03,
        tag="factoring",
    )
    add(
        "Slagerij De Graaf B.V.",
        "NL",
        "meat",
        nl,
        calendar="six_day",
        schedule=("delivery", MEAT),
        amount=("logn", 640, 0.45, 0.15),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("DG", 5))],
        return_rate=0.02,
        tag="factoring",
    )
    add(
        "Bakkerij Hoekstra",
        "NL",
        "bakery",
        city("Amsterdam"),
        calendar="daily",
        schedule=("delivery", BAKERY),
        amount=("bakery", 190, 0.25),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("BH", 6))],
        tag="standing-order",
    )
    add(
        "Bakkerij Van Rijn",
        "NL",
        "bakery",
        city("Rotterdam", "Utrecht", "Den Haag", "Maastricht"),
        calendar="weekday",
        schedule=("weekly", 0),
        amount=("logn", 950, 0.18, 0.0),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("VRB-", 5))],
    )
    add(
        "Drankenhandel Vermeulen B.V.",
        "NL",
        "beverages",
        nl,
        calendar="weekday",
        schedule=("delivery", BEV),
        amount=("logn", 950, 0.55, 0.1),
        vat="high",
        accounts={"4010": 1.0},
        numbering=[(G, dedicated("F", 6)), (date(2023, 4, 1), yearly("DV-{y}-{n:05d}", rate=35))],
        return_rate=0.02,
    )
    add(
        "Wijnkoperij Ter Horst B.V.",
        "NL",
        "wine",
        sites,
        calendar="weekday",
        schedule=("adhoc", 2.0),
        amount=("logn", 1900, 0.55, 0.0),
        vat="high",
        accounts={"4010": 1.0},
        numbering=[(G, yearly("TH{y}/{n:04d}"))],
        season="wine",
        rebill_style="suffix",
    )
    add(
        "Koffiebranderij De Gouden Boon B.V.",
        "NL",
        "coffee",
        sites,
        calendar="weekday",
        schedule=("monthly", 5),
        amount=("logn", 560, 0.15, 0.0),
        vat="low",
        accounts={"4010": 1.0},
        numbering=[(G, dedicated("GB-", 5))],
    )

    add(
        "Zuivelhandel De Weidegang B.V.",
        "NL",
        "dairy",
        nl,
        calendar="six_day",
        schedule=("delivery", DAIRY_NL),
        amount=("logn", 290, 0.35, 0.1),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, shared("ZW", 70, width=6))],
        return_rate=0.02,
    )
    add(
        "Poelier Van den Brink",
        "NL",
        "poultry",
        nl,
        calendar="six_day",
        schedule=("delivery", [0.0, 0.75, 0.0, 0.0, 0.75, 0.2, 0.0]),
        amount=("logn", 360, 0.45, 0.1),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, yearly("PB{y}{n:05d}"))],
        return_rate=0.02,
    )
    add(
        "Horeca Cash & Carry Nederland",
        "NL",
        "cash-carry",
        nl,
        calendar="six_day",
        schedule=("adhoc", 7.0),
        amount=("logn", 170, 0.8, 0.0),
        vat="mix:0.3",
        accounts={"4000": 0.6, "4010": 0.2, "4160": 0.15, "4650": 0.05},
        numbering=[(G, datecoded("HCC"))],
    )

    # ---------------- German food & beverage
    weber = add(
        "Frischdienst Weber GmbH",
        "DE",
        "wholesale",
        de,
        calendar="six_day",
        schedule=("delivery", FB_WHOLESALE),
        amount=("logn", 1500, 0.5, 0.25),
        vat="mix:0.25",
        accounts={"4000": 0.70, "4010": 0.22, "4160": 0.08},
        numbering=[(G, shared("RE", 420, width=8, credit={"prefix": "GS", "rate": 20}))],
        return_rate=0.03,
        rare_legit=("4650", 0.004),
    )
    if weber:
        weber.rename = (date(2024, 3, 1), "Weber Frischdienst GmbH & Co. KG")
    add(
        "Obst & Gemüse Krüger",
        "DE",
        "produce",
        city("Berlin"),
        state="BE",
        calendar="six_day",
        schedule=("delivery", SIX),
        amount=("logn", 350, 0.45, 0.2),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("OK", 6))],
        return_rate=0.02,
    )
    add(
        "Gemüsehof Hansen",
        "DE",
        "produce",
        city("Hamburg"),
        state="HH",
        calendar="six_day",
        schedule=("delivery", SIX),
        amount=("logn", 340, 0.45, 0.2),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, datecoded("H"))],
        return_rate=0.02,
    )
    add(
        "Frische Rheinland GmbH",
        "DE",
        "produce",
        city("Köln", "Düsseldorf"),
        state="NW",
        calendar="six_day",
        schedule=("delivery", SIX),
        amount=("logn", 360, 0.45, 0.2),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, yearly("FR{y}-{n:05d}", rate=70))],
        return_rate=0.02,
    )
    add(
        "Bayern Frisch GmbH",
        "DE",
        "produce",
        city("München"),
        state="BY",
        calendar="six_day",
        schedule=("delivery", SIX),
        amount=("logn", 360, 0.45, 0.2),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, shared("BF", 95, width=7))],
        return_rate=0.02,
    )
    add(
        "Molkerei Hofgut Brandenburg GmbH",
        "DE",
        "dairy",
        de,
        state="BE",
        calendar="six_day",
        schedule=("delivery", DAIRY_DE),
        amount=("logn", 300, 0.35, 0.1),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, yearly("MHB-{y}-{n:06d}", rate=120))],
        return_rate=0.02,
    )
    add(
        "Großmarkt C+C Handels GmbH",
        "DE",
        "cash-carry",
        de,
        state="NW",
        calendar="six_day",
        schedule=("adhoc", 7.0),
        amount=("logn", 175, 0.8, 0.0),
        vat="mix:0.3",
        accounts={"4000": 0.6, "4010": 0.2, "4160": 0.15, "4650": 0.05},
        numbering=[(G, rnd("CC", 12))],
    )
    add(
        "Fischhandel Petersen GmbH",
        "DE",
        "fish",
        de,
        state="HH",
        calendar="six_day",
        schedule=("delivery", FISH),
        amount=("logn", 540, 0.5, 0.15),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, yearly("FP-{y}-{n:06d}", rate=140))],
        return_rate=0.03,
    )
    add(
        "Fleischhandel Havelland GmbH",
        "DE",
        "meat",
        city("Berlin", "Hamburg"),
        state="BE",
        calendar="six_day",
        schedule=("delivery", MEAT),
        amount=("logn", 650, 0.45, 0.15),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("FH", 5))],
        return_rate=0.02,
    )
    add(
        "Fleischerei Schulte",
        "DE",
        "meat",
        city("Köln", "Düsseldorf"),
        state="NW",
        calendar="six_day",
        schedule=("delivery", MEAT),
        amount=("logn", 600, 0.45, 0.15),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("", 5))],
        return_rate=0.02,
    )
    add(
        "Metzgerei Huber",
        "DE",
        "meat",
        city("München"),
        state="BY",
        calendar="six_day",
        schedule=("delivery", MEAT),
        amount=("logn", 640, 0.45, 0.15),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, yearly("MH{y}{n:04d}"))],
        return_rate=0.02,
    )
    add(
        "Bäckerei Lindner",
        "DE",
        "bakery",
        city("Berlin"),
        state="BE",
        calendar="daily",
        schedule=("delivery", BAKERY),
        amount=("bakery", 180, 0.25),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("L", 6))],
        tag="standing-order",
    )
    add(
        "Hansebäckerei Claasen",
        "DE",
        "bakery",
        city("Hamburg"),
        state="HH",
        calendar="daily",
        schedule=("delivery", BAKERY),
        amount=("logn", 200, 0.25, 0.0),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, datecoded("HC"))],
    )
    add(
        "Rheinbäcker Schmitz",
        "DE",
        "bakery",
        city("Köln", "Düsseldorf"),
        state="NW",
        calendar="weekday",
        schedule=("weekly", 0),
        amount=("logn", 980, 0.18, 0.0),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("RS", 5))],
    )
    add(
        "Backstube Hofmann",
        "DE",
        "bakery",
        city("München"),
        state="BY",
        calendar="daily",
        schedule=("delivery", BAKERY),
        amount=("logn", 210, 0.25, 0.0),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("BH", 6))],
    )
    add(
        "Geflügelhof Sommer GmbH",
        "DE",
        "poultry",
        de,
        state="BY",
        calendar="six_day",
        schedule=("delivery", [0.75, 0.0, 0.0, 0.75, 0.0, 0.2, 0.0]),
        amount=("logn", 380, 0.45, 0.1),
        vat="low",
        accounts={"4000": 1.0},
        numbering=[(G, dedicated("GS-", 6))],
        return_rate=0.02,
    )
    add(
        "Getränkevertrieb Krause GmbH",
        "DE",
        "beverages",
        de,
        state="NW",
        calendar="weekday",
        schedule=("delivery", BEV),
        amount=("logn", 980, 0.55, 0.1),
        vat="high",
        accounts={"4010": 1.0},
        numbering=[(G, shared("GK", 160, width=7))],
        return_rate=0.02,
    )
    add(
        "Brauerei Rheinkraft GmbH",
        "DE",
        "beer",
        city("Köln", "Düsseldorf"),
        state="NW",
        calendar="weekday",
        schedule=("delivery", [0.0, 0.9, 0.0, 0.0, 0.7, 0.0, 0.0]),
        amount=("logn", 1250, 0.35, 0.0),
        vat="high",
        accounts={"4010": 1.0},
        numbering=[(G, yearly("BRK/{y}/{n:05d}", rate=40))],
        return_rate=0.04,
    )
    add(
        "Weinhandel Mosel & Rhein GmbH",
        "DE",
        "wine",
        de,
        state="HE",
        calendar="weekday",
        schedule=("adhoc", 1.5),
        amount=("logn", 1700, 0.55, 0.0),
        vat="high",
        accounts={"4010": 1.0},
        numbering=[(G, yearly("WMR-{y}-{n:04d}"))],
        season="wine",
    )

    # ---------------- linen & laundry
    add(
        "Wasserij Blanc B.V.",
        "NL",
        "laundry",
        nl,
        calendar="weekday",
        schedule=("weekly", 0),
        amount=("near", 1750, 0.04),
        vat="high",
        accounts={"4100": 1.0},
        numbering=[(G, shared("WB", 45, width=6))],
        end=date(2023, 6, 30),
    )
    add(
        "CleanLinen Nederland B.V.",
        "NL",
        "laundry",
        nl,
        calendar="weekday",
        schedule=("weekly", 4),
        amount=("near", 1820, 0.04),
        vat="high",
        accounts={"4100": 1.0},
        numbering=[(G, yearly("CLN-{y}-{n:06d}", rate=60))],
        start=date(2023, 7, 1),
    )
    add(
        "Textilservice Nord GmbH",
        "DE",
        "laundry",
        city("Berlin", "Hamburg"),
        state="HH",
        calendar="weekday",
        schedule=("weekly", 0),
        amount=("near", 1700, 0.04),
        vat="high",
        accounts={"4100": 1.0},
        numbering=[(G, shared("TSN", 70, width=7))],
    )
    add(
        "Rhein-Wäscherei GmbH",
        "DE",
        "laundry",
        city("Köln", "Düsseldorf"),
        state="NW",
        calendar="weekday",
        schedule=("weekly", 1),
        amount=("near", 1650, 0.04),
        vat="high",
        accounts={"4100": 1.0},
        numbering=[(G, dedicated("RW-", 5))],
    )
    add(
        "Wäscherei Alpenweiß GmbH",
        "DE",
        "laundry",
        city("München"),
        state="BY",
        calendar="weekday",
        schedule=("weekly", 0),
        amount=("near", 1800, 0.04),
        vat="high",
        accounts={"4100": 1.0},
        numbering=[(G, yearly("AW{y}-{n:04d}"))],
    )

    # ---------------- staffing
    add(
        "HorecaFlex Uitzendbureau B.V.",
        "NL",
        "staffing",
        nl,
        calendar="weekday",
        schedule=("weekly", 0),
        amount=("logn", 3900, 0.3, 0.0),
        vat="high",
        accounts={"4400": 1.0},
        numbering=[(G, yearly("HF{yy}{n:05d}", rate=90))],
        rare_legit=("4800", 0.004),
    )
    add(
        "Tijdelijk Talent B.V.",
        "NL",
        "staffing",
        nl,
        calendar="weekday",
        schedule=("adhoc", 1.2),
        amount=("logn", 2300, 0.45, 0.0),
        vat="high",
        accounts={"4400": 1.0},
        numbering=[(G, dedicated("TT", 5))],
    )
    add(
        "Gastro-Personal Service GmbH",
        "DE",
        "staffing",
        de,
        state="BE",
        calendar="weekday",
        schedule=("weekly", 0),
        amount=("logn", 4100, 0.3, 0.0),
        vat="high",
        accounts={"4400": 1.0},
        numbering=[(G, shared("GPS", 75, width=7))],
    )
    add(
        "ZeitWerk Personaldienste GmbH",
        "DE",
        "staffing",
        de,
        state="NW",
        calendar="weekday",
        schedule=("adhoc", 1.2),
        amount=("logn", 2400, 0.45, 0.0),
        vat="high",
        accounts={"4400": 1.0},
        numbering=[(G, yearly("ZW{y}{n:05d}", rate=25))],
    )

    # ---------------- energy (advances + settlement)
    add(
        "Energiewerk Nederland N.V.",
        "NL",
        "energy",
        nl,
        calendar="fixed",
        schedule=("monthly", 20),
        amount=("energy", 2600, 3),
        vat="high",
        accounts={"4200": 1.0},
        numbering=[(G, sitemonth("EN-"))],
        no_iban=True,
    )
    add(
        "Berliner Energie AG",
        "DE",
        "energy",
        city("Berlin"),
        state="BE",
        calendar="fixed",
        schedule=("monthly", 15),
        amount=("energy", 2700, 2),
        vat="high",
        accounts={"4200": 1.0},
        numbering=[(G, sitemonth("BEA-"))],
        no_iban=True,
    )
    add(
        "Hanse Energie GmbH",
        "DE",
        "energy",
        city("Hamburg"),
        state="HH",
        calendar="fixed",
        schedule=("monthly", 15),
        amount=("energy", 2700, 2),
        vat="high",
        accounts={"4200": 1.0},
        numbering=[(G, sitemonth("HE"))],
    )
    add(
        "Rheinische Versorgung AG",
        "DE",
        "energy",
        city("Köln", "Düsseldorf"),
        state="NW",
        calendar="fixed",
        schedule=("monthly", 10),
        amount=("energy", 2600, 4),
        vat="high",
        accounts={"4200": 1.0},
        numbering=[(G, sitemonth("RV"))],
    )
    add(
        "Isar Energie GmbH",
        "DE",
        "energy",
        city("München"),
        state="BY",
        calendar="fixed",
        schedule=("monthly", 15),
        amount=("energy", 2800, 2),
        vat="high",
        accounts={"4200": 1.0},
        numbering=[(G, sitemonth("IE-"))],
    )

    # ---------------- rent (one landlord per site, some own two)
    rents = {
        "AMS-H": ("Vastgoed Amstelkade C.V.", 58000),
        "AMS-R": ("Vastgoed Amstelkade C.V.", 14500),
        "RTM-H": ("Maasstad Property B.V.", 36000),
        "UTR-H": ("Domstad Beheer B.V.", 27500),
        "DHG-R": ("Hofstad Vastgoed B.V.", 10400),
        "MST-H": ("Vrijthof Real Estate B.V.", 21000),
        "BER-H": ("Spreebogen Immobilien GmbH", 52000),
        "BER-R": ("Prenzlauer Berg Grundbesitz GbR", 12500),
        "HAM-H": ("HafenCity Real Estate GmbH", 41000),
        "CGN-R": ("Domkloster Verwaltung GmbH", 16800),
        "MUC-H": ("Viktualien Immobilien KG", 47000),
        "DUS-H": ("Kö-Bogen Immobilien GmbH", 33000),
    }
    landlords: dict = {}
    for s in sites:
        base = s.code[:-1] if s.code[-1].isdigit() else s.code
        base = s.code.rstrip("0123456789")
        nm, amt = rents[base]
        rep = s.code[len(base) :]
        if rep != "1":
            nm = nm.replace(" ", f" {rep} ", 1) if rng.random() < 0.5 else nm
        landlords.setdefault(nm, []).append((s, amt))
    for nm, lst in sorted(landlords.items()):
        country = lst[0][0].country
        no_vat = nm.startswith("Prenzlauer")
        v = add(
            nm,
            country,
            "rent",
            [s for s, _ in lst],
            calendar="fixed",
            schedule=("monthly", 1),
            amount=("rent", 0),
            vat="zero" if no_vat else "high",
            accounts={"4300": 1.0},
            numbering=[(G, sitemonth("HUUR-" if country == "NL" else "MIETE-"))],
            advance=True,
            tag="round-rent" if no_vat else "",
        )
        v.sites = [(s, a) for s, a in lst]

    # ---------------- facility subscriptions
    add(
        "Schoonmaakbedrijf Glans B.V.",
        "NL",
        "cleaning",
        nl,
        calendar="weekday",
        schedule=("monthly_last", 0),
        amount=("fixed", 4100),
        vat="high",
        accounts={"4150": 1.0},
        numbering=[(G, dedicated("G", 5))],
        tag="subscription",
    )
    add(
        "GlasHelder Glazenwassers",
        "NL",
        "cleaning",
        nl,
        calendar="weekday",
        schedule=("monthly_last", 0),
        amount=("fixed", 380),
        vat="high",
        accounts={"4150": 1.0},
        numbering=[(G, dedicated("GH", 4))],
        tag="subscription",
    )
    add(
        "Gebäudereinigung Blitzblank GmbH",
        "DE",
        "cleaning",
        de,
        state="BE",
        calendar="weekday",
        schedule=("monthly_last", 0),
        amount=("fixed", 4300),
        vat="high",
        accounts={"4150": 1.0},
        numbering=[(G, yearly("BB-{y}-{n:04d}"))],
        tag="subscription",
    )
    add(
        "NetLink Zakelijk B.V.",
        "NL",
        "telecom",
        nl,
        calendar="fixed",
        schedule=("monthly", 1),
        amount=("fixed", 420),
        vat="high",
        accounts={"4710": 1.0},
        numbering=[(G, rnd("NL", 9))],
        tag="subscription",
    )
    add(
        "DigitalNetz Business GmbH",
        "DE",
        "telecom",
        de,
        state="NW",
        calendar="fixed",
        schedule=("monthly", 1),
        amount=("fixed", 450),
        vat="high",
        accounts={"4710": 1.0},
        numbering=[(G, rnd("DN", 10))],
        tag="subscription",
        no_iban=True,
    )
    add(
        "GreenCycle Afvalservice B.V.",
        "NL",
        "waste",
        nl,
        calendar="weekday",
        schedule=("monthly_last", 0),
        amount=("logn", 640, 0.18, 0.0),
        vat="high",
        accounts={"4250": 1.0},
        numbering=[(G, shared("GC", 110, width=7))],
    )
    add(
        "Entsorgung Mitte GmbH",
        "DE",
        "waste",
        city("Berlin", "Hamburg"),
        state="BE",
        calendar="weekday",
        schedule=("monthly_last", 0),
        amount=("logn", 660, 0.18, 0.0),
        vat="high",
        accounts={"4250": 1.0},
        numbering=[(G, shared("EM", 90, width=7))],
    )
    add(
        "Rhein-Recycling GmbH",
        "DE",
        "waste",
        city("Köln", "Düsseldorf", "München"),
        state="NW",
        calendar="weekday",
        schedule=("monthly_last", 0),
        amount=("logn", 650, 0.18, 0.0),
        vat="high",
        accounts={"4250": 1.0},
        numbering=[(G, yearly("RR{y}{n:06d}", rate=150))],
    )

    # ---------------- maintenance (weekday, emergencies on weekends)
    maint = [
        ("Installatiebedrijf Bakker & Zn.", "NL", None, city("Amsterdam"), dedicated("IB", 5)),
        (
            "Technisch Bureau Smit",
            "NL",
            None,
            city("Rotterdam", "Den Haag"),
            yearly("TBS{y}-{n:03d}"),
        ),
        ("Elektro Janssen", "NL", None, city("Utrecht", "Maastricht"), dedicated("EJ", 4)),
        ("Haustechnik Schröder GmbH", "DE", "BE", city("Berlin"), dedicated("HS", 5)),
        ("Elektro Neumann", "DE", "HH", city("Hamburg"), yearly("EN{y}/{n:03d}")),
        (
            "Rheinland Haustechnik GmbH",
            "DE",
            "NW",
            city("Köln", "Düsseldorf"),
            shared("RHT", 12, width=6),
        ),
        ("Sanitär Huber & Söhne", "DE", "BY", city("München"), dedicated("SH-", 4)),
    ]
    for nm, c, st, ss, numb in maint:
        add(
            nm,
            c,
            "maintenance",
            ss,
            state=st,
            calendar="weekday",
            schedule=("adhoc", 1.6),
            amount=("logn", 520, 0.85, 0.0),
            vat="high",
            accounts={"4600": 0.93, "4650": 0.07},
            numbering=[(G, numb)],
            emergency=0.03,
            season="flat",
        )
    add(
        "Kälte-Klima Vogel GmbH",
        "DE",
        "maintenance",
        de,
        state="HE",
        calendar="weekday",
        schedule=("adhoc", 0.5),
        amount=("logn", 900, 0.8, 0.0),
        vat="high",
        accounts={"4600": 1.0},
        numbering=[(G, dedicated("KKV", 5))],
        emergency=0.02,
        season="flat",
    )

    # ---------------- florists, marketing, licences, performers
    add(
        "Bloemenatelier Flora",
        "NL",
        "flowers",
        [s for s in nl if s.kind == "hotel"],
        calendar="six_day",
        schedule=("weekly", 4),
        amount=("near", 240, 0.12),
        vat="low",
        accounts={"4820": 1.0},
        numbering=[(G, dedicated("BF", 5))],
        season="flat",
    )
    add(
        "Floristik Blütenwerk",
        "DE",
        "flowers",
        [s for s in de if s.kind == "hotel"],
        state="BE",
        calendar="six_day",
        schedule=("weekly", 4),
        amount=("near", 250, 0.12),
        vat="low",
        accounts={"4820": 1.0},
        numbering=[(G, datecoded("BW"))],
        season="flat",
    )
    add(
        "Reclamebureau Oranje B.V.",
        "NL",
        "marketing",
        [hq],
        calendar="weekday",
        schedule=("monthly_last", 0),
        amount=("fixed", 3500),
        vat="high",
        accounts={"4800": 1.0},
        numbering=[(G, dedicated("RO", 4))],
        central=True,
        tag="subscription",
    )
    add(
        "Buma Stemra Muziekrechten",
        "NL",
        "licence",
        nl,
        calendar="weekday",
        schedule=("annual", 1, 20),
        amount=("logn", 1450, 0.1, 0.0),
        vat="high",
        accounts={"4910": 1.0},
        numbering=[(G, yearly("BS{y}{n:06d}", rate=900))],
    )
    add(
        "Musikrechte-Verwertung GEMV",
        "DE",
        "licence",
        de,
        state="BY",
        calendar="weekday",
        schedule=("annual", 2, 10),
        amount=("logn", 1550, 0.1, 0.0),
        vat="low",
        accounts={"4910": 1.0},
        numbering=[(G, yearly("GV-{y}-{n:07d}", rate=2000))],
    )
    add(
        "Live & Lokaal Boekingen",
        "NL",
        "performers",
        [s for s in nl if s.kind == "restaurant"],
        calendar="any",
        schedule=("events", 3.0),
        amount=("fee", [350, 450, 600, 750, 900, 1200]),
        vat="zero",
        accounts={"4810": 1.0},
        numbering=[(G, datecoded("LL"))],
        tag="round-fee",
        season="flat",
    )
    add(
        "Live-Musik Agentur Berger",
        "DE",
        "performers",
        [s for s in de if s.kind == "restaurant"],
        state="NW",
        calendar="any",
        schedule=("events", 3.0),
        amount=("fee", [300, 400, 500, 650, 800, 1000, 1500]),
        vat="zero",
        accounts={"4810": 1.0},
        numbering=[(G, dedicated("LMB", 4))],
        tag="round-fee",
        season="flat",
    )

    # ---------------- group contracts, platforms, software
    add(
        "Zekerheid Verzekeringen N.V.",
        "NL",
        "insurance",
        [hq],
        calendar="weekday",
        schedule=("annual", 1, 12),
        amount=("logn", 9000 * len(sites), 0.05, 0.0),
        vat="zero",
        accounts={"4900": 1.0},
        numbering=[(G, yearly("POL-{y}-{n:03d}"))],
        central=True,
    )
    add(
        "Van Wijk & Partners Accountants",
        "NL",
        "audit",
        [hq],
        calendar="weekday",
        schedule=("adhoc", 0.6),
        amount=("logn", 6500, 0.5, 0.0),
        vat="high",
        accounts={"4950": 1.0},
        numbering=[(G, yearly("VW{y}.{n:04d}"))],
        central=True,
    )
    add(
        "Bookora B.V.",
        "NL",
        "platform",
        hotels,
        calendar="fixed",
        schedule=("monthly_end", 0),
        amount=("logn", 6200, 0.12, 0.0),
        vat="high",
        accounts={"4500": 1.0},
        numbering=[(G, rnd("BKR-", 10))],
        central=True,
        season="hotel",
    )
    add(
        "HotelNet Reservations AG",
        "CH",
        "channel",
        hotels,
        currency="CHF",
        calendar="fixed",
        schedule=("monthly", 1),
        amount=("fixed", 320),
        vat="zero",
        accounts={"4550": 1.0},
        numbering=[(G, rnd("HN", 8))],
        central=True,
        tag="subscription",
    )
    add(
        "RevMax Analytics Ltd",
        "GB",
        "software",
        hotels,
        currency="GBP",
        calendar="fixed",
        schedule=("monthly", 1),
        amount=("fixed", 450),
        vat="zero",
        accounts={"4700": 1.0},
        numbering=[(G, shared("RMX-", 8, width=6))],
        central=True,
        tag="subscription",
    )
    add(
        "HotelSuite Software B.V.",
        "NL",
        "software",
        hotels,
        calendar="fixed",
        schedule=("monthly", 1),
        amount=("tier", 0),
        vat="high",
        accounts={"4700": 1.0},
        numbering=[(G, yearly("HS{y}-{n:05d}", rate=30))],
        central=True,
        tag="tier-subscription",
    )
    add(
        "Kassa Systemen Noord B.V.",
        "NL",
        "software",
        rest,
        calendar="fixed",
        schedule=("monthly", 1),
        amount=("fixed", 189),
        vat="high",
        accounts={"4700": 1.0},
        numbering=[(G, dedicated("KSN", 5))],
        tag="subscription",
    )
    add(
        "Highland Spirits Trading Ltd",
        "GB",
        "spirits",
        [s for s in hotels if s.size >= 1.2],
        currency="GBP",
        calendar="weekday",
        schedule=("adhoc", 0.45),
        amount=("logn", 2100, 0.4, 0.0),
        vat="zero",
        accounts={"4010": 1.0},
        numbering=[(G, dedicated("HST", 5))],
    )
    add(
        "Kaffeetechnik Zürich AG",
        "CH",
        "coffee-machines",
        sites,
        currency="CHF",
        calendar="weekday",
        schedule=("quarterly", 3),
        amount=("fixed", 480),
        vat="zero",
        accounts={"4600": 1.0},
        numbering=[(G, yearly("KTZ-{y}-{n:04d}"))],
    )

    # ---------------- capex
    add(
        "Grootkeuken Techniek B.V.",
        "NL",
        "kitchen-equipment",
        nl,
        calendar="weekday",
        schedule=("adhoc", 0.22),
        amount=("logn", 4200, 0.8, 0.0),
        vat="high",
        accounts={"0400": 0.7, "4600": 0.3},
        numbering=[(G, dedicated("GKT", 5))],
        season="flat",
    )
    add(
        "Großküchentechnik Wagner GmbH",
        "DE",
        "kitchen-equipment",
        de,
        state="NW",
        calendar="weekday",
        schedule=("adhoc", 0.22),
        amount=("logn", 4400, 0.8, 0.0),
        vat="high",
        accounts={"0400": 0.7, "4600": 0.3},
        numbering=[(G, yearly("GW{y}{n:04d}"))],
        season="flat",
    )
    add(
        "Interieurbouw Noord B.V.",
        "NL",
        "furniture",
        nl,
        calendar="weekday",
        schedule=("adhoc", 0.07),
        amount=("logn", 7000, 0.9, 0.0),
        vat="high",
        accounts={"0410": 1.0},
        numbering=[(G, yearly("IN-{y}-{n:03d}"))],
        season="flat",
    )
    add(
        "Objektmöbel Schneider GmbH",
        "DE",
        "furniture",
        de,
        state="BY",
        calendar="weekday",
        schedule=("adhoc", 0.07),
        amount=("logn", 7200, 0.9, 0.0),
        vat="high",
        accounts={"0410": 1.0},
        numbering=[(G, dedicated("OS", 5))],
        season="flat",
    )
    ams = [s for s in sites if s.code == "AMS-H1"]
    add(
        "Bouwbedrijf Hendriks B.V.",
        "NL",
        "renovation",
        ams,
        calendar="weekday",
        schedule=(
            "stages",
            [
                date(2023, 1, 31),
                date(2023, 2, 28),
                date(2023, 3, 31),
                date(2023, 4, 28),
                date(2023, 5, 31),
                date(2023, 6, 30),
            ],
        ),
        amount=("stage", [40000, 55000, 55000, 60000, 45000, 25000]),
        vat="high",
        accounts={"0480": 1.0},
        numbering=[(G, dedicated("BH-", 4, start=311))],
        tag="stage-payment",
    )
    dus = [s for s in sites if s.code == "DUS-H1"]
    add(
        "Hotelausstatter Rhein GmbH",
        "DE",
        "furniture",
        dus,
        state="NW",
        calendar="weekday",
        schedule=(
            "stages",
            [date(2023, 3, 15), date(2023, 3, 29), date(2023, 4, 12), date(2023, 4, 26)],
        ),
        amount=("stage", [68000, 52000, 41000, 23000]),
        vat="high",
        accounts={"0410": 1.0},
        numbering=[(G, yearly("HR-{y}-{n:04d}"))],
        tag="stage-payment",
    )

    # ---------------- Benford fabricators (labelled)
    ber = [s for s in sites if s.code == "BER-H1"]
    fab1 = add(
        "Hausmeisterservice Brandt",
        "DE",
        "maintenance",
        ber,
        state="BE",
        calendar="weekday",
        schedule=("adhoc", 5.5),
        amount=("fab",),
        vat="high",
        accounts={"4600": 1.0},
        numbering=[(G, dedicated("HB-", 4, start=118))],
        start=date(2021, 12, 1),
        season="flat",
        fabricator=True,
    )
    rtm = [s for s in sites if s.code in ("RTM-H1", "DHG-R1")]
    fab2 = add(
        "Klusbedrijf Van Leeuwen",
        "NL",
        "maintenance",
        rtm,
        calendar="weekday",
        schedule=("adhoc", 2.6),
        amount=("fab",),
        vat="high",
        accounts={"4600": 1.0},
        numbering=[(G, yearly("KVL{y}-{n:03d}"))],
        start=date(2021, 11, 15),
        season="flat",
        fabricator=True,
    )
    # vendors paid through one factoring company: same IBAN for two butchers/fishmongers
    fac = iban(rng, "NL")
    for v in V:
        if v.tag == "factoring":
            v.iban = fac
    return V, [v for v in (fab1, fab2) if v]


# --------------------------------------------------------------------------- amounts


def season_factor(v: Vendor, s: Site, d: date) -> float:
    prof = v.season
    if prof == "site":
        prof = s.kind if s.kind in SEASON else "flat"
    if prof == "wine":
        return 1.7 if d.month == 12 else (1.2 if d.month == 11 else 1.0)
    return SEASON.get(prof, SEASON["flat"])[d.month - 1]


def vat_rate_of(v: Vendor, s: Site) -> float:
    if v.vat == "zero" or v.country != s.country or v.country not in VAT:
        return 0.0
    low, high = VAT[v.country]
    if v.vat == "low":
        return low
    if v.vat.startswith("mix:"):
        return low + (high - low) * float(v.vat[4:])
    return high


def vat_split(rng, v: Vendor, s: Site, net: int):
    """Return (net, tax) in cents."""
    domestic = v.country == s.country
    if v.vat == "zero" or not domestic or v.country not in VAT:
        return net, 0
    low, high = VAT[v.country]
    if v.vat == "low":
        return net, round(net * low)
    if v.vat == "high":
        return net, round(net * high)
    if v.vat.startswith("mix:"):
        f = float(v.vat[4:]) * rng.uniform(0.5, 1.5)
        bev = int(net * min(0.9, f))
        food = net - bev
        return net, round(food * low) + round(bev * high)
    raise ValueError(v.vat)


class AmountState:
    """Per vendor-site state for fixed, tier, energy and standing-order models."""

    def __init__(self):
        self.d: dict = {}


FAB_FIRST = [0.05, 0.08, 0.10, 0.12, 0.15, 0.16, 0.14, 0.11, 0.09]


def draw_amount(rng, v: Vendor, s: Site, size: float, d: date, st: AmountState):
    """Net amount in cents (before VAT) for one invoice, or None for none."""
    kind = v.amount[0]
    infl = INFLATION[d.year] if v.currency == "EUR" else 1.0
    if kind == "logn":
        _, med, sig, topup = v.amount
        m = med * size * s.size * season_factor(v, s, d) * infl
        if topup and rng.random() < topup:
            m /= 5.0
            sig = sig + 0.2
        return max(500, round(rng.lognormvariate(math.log(m * 100), sig)))
    if kind == "near":
        _, base, cv = v.amount
        occ = 1 + (season_factor(v, s, d) - 1) * 0.5
        return round(base * s.size * size * occ * infl * (1 + rng.gauss(0, cv)) * 100)
    if kind == "fixed":
        key = ("fixed", v.name, s.code, d.year)
        if key not in st.d:
            base = v.amount[1] * s.size * size
            idx = {
                2021: 1.0,
                2022: 1.0,
                2023: 1.0 + rng.choice([0.0, 0.04, 0.06, 0.08]),
                2024: 1.0 + rng.choice([0.03, 0.05, 0.07]),
            }
            prev = st.d.get(("fixed", v.name, s.code, d.year - 1))
            val = prev * idx.get(d.year, 1.0) if prev else base
            st.d[key] = val
        # subscriptions bill whole euros (price lists)
        return round(st.d[key]) * 100
    if kind == "tier":
        tiers = {0: 590, 1: 890, 2: 1290}
        t = 0 if s.size < 0.95 else (1 if s.size < 1.35 else 2)
        price = tiers[t] * (1.0 if d.year < 2024 else 1.06)
        return round(price) * 100
    if kind == "rent":
        key = ("rent", v.name, s.code, d.year)
        if key not in st.d:
            if d.year <= 2022:
                val = size  # size carries the contract rent
            else:
                val = st.d.get(("rent", v.name, s.code, d.year - 1), size)
                val *= {2023: 1.076, 2024: 1.039}.get(d.year, 1.03) + rng.uniform(-0.01, 0.01)
                if v.vat == "zero":
                    val = round(val / 500) * 500  # the round VAT-free rent stays round
            st.d[key] = val
        return round(st.d[key]) * 100
    if kind == "energy":
        # advance per site for a settlement year starting in the settlement month
        _, base, sm = v.amount
        year = d.year if d.month >= sm else d.year - 1
        key = ("energy", v.name, s.code, year)
        if key not in st.d:
            st.d[key] = round(
                base
                * s.size
                * rng.uniform(0.85, 1.25)
                * {2020: 1.0, 2021: 1.0, 2022: 1.35, 2023: 1.55, 2024: 1.3}[year]
            )
        return st.d[key] * 100
    if kind == "fee":
        return rng.choice(v.amount[1]) * 100
    if kind == "stage":
        return 100  # replaced by the contract's stages
    if kind == "bakery":
        _, med, sig = v.amount
        if s.kind == "restaurant" and v.tag == "standing-order":
            # standing order: one amount Mon-Fri, one on Saturday, one on Sunday, re-priced in
            # January and when the menu changes in May
            period = (d.year, 0 if d.month < 5 else 1)
            slot = min(d.weekday(), 5) if d.weekday() < 5 else d.weekday()
            slot = "wk" if d.weekday() < 5 else str(d.weekday())
            key = ("standing", v.name, s.code, period, slot)
            if key not in st.d:
                mult = {"wk": 0.55, "5": 0.9, "6": 0.75}[slot]
                st.d[key] = round(med * mult * s.size * infl * rng.uniform(0.9, 1.1) * 100)
            return st.d[key]
        m = med * s.size * season_factor(v, s, d) * infl
        return round(rng.lognormvariate(math.log(m * 100), sig))
    if kind == "fab":
        d1 = rng.choices(range(1, 10), FAB_FIRST)[0]
        mag = 100 if rng.random() < 0.55 else 1000
        rest = rng.random()
        val = (d1 + rest) * mag
        if rng.random() < 0.35:
            val = round(val)
        return round(val * 100)
    raise ValueError(kind)


# --------------------------------------------------------------------------- generation


def works(v: Vendor, d: date) -> bool:
    cal = v.calendar
    if cal in ("any", "fixed"):
        return True
    if cal == "daily":
        return not (d.month == 12 and d.day == 25) and not (d.month == 1 and d.day == 1)
    country = v.country
    if country not in ("NL", "DE", "GB", "CH"):
        country = "NL"
    if cal == "six_day":
        # no deliveries on Sundays and public holidays (and the German lorry ban on them)
        return d.weekday() < 6 and not is_official_holiday(d, country, v.state)
    return d.weekday() < 5 and not is_official_holiday(d, country, v.state)


def next_vendor_day(v: Vendor, d: date) -> date:
    for _ in range(14):
        if works(v, d):
            return d
        d += timedelta(1)
    return d


class Ledger:
    def __init__(self, seed: int, rows: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.rows_target = rows
        self.scale = rows / BASE_ROWS
        rng = self.rng
        self.sites = make_sites(rows, rng)
        self.hq = Site("HQ-AMS", "Head office Amsterdam", "NL", None, "Amsterdam", "hq", 1.0)
        self.hq.hq = True
        self.people = People(rng, self.sites, self.hq)
        self.vendors, self.fabricators = build_vendors(rng, self.sites, self.hq)
        self.invs: list = []
        self.uid = 0
        self.astate = AmountState()
        self.groups = 0
        self.extra_ambiguous_vendors: set = set()

    # ----------------------------------------------------------------- helpers
    def n(self, base: float) -> int:
        x = base * self.scale
        k = int(x)
        if self.rng.random() < x - k:
            k += 1
        return max(1, k) if base >= 1 else k

    def new_group(self, kind):
        self.groups += 1
        return f"{kind}-{self.groups}"

    def make(
        self, v: Vendor, s: Site, d: date, net: int, account=None, credit=False, size=1.0
    ) -> Inv:
        if credit:
            tax = 0
            n2, tax = vat_split(self.rng, v, s, abs(net))
            net, tax = -n2, -tax
        else:
            net, tax = vat_split(self.rng, v, s, net)
        if account is None:
            accs = v.accounts
            account = self.rng.choices(list(accs), list(accs.values()))[0]
            if v.rare_legit and self.rng.random() < v.rare_legit[1]:
                account = v.rare_legit[0]
        inv = Inv(v, s, d, net, tax, account, credit)
        self.uid += 1
        inv.uid = self.uid
        inv.order = self.rng.random()
        return inv

    def fabricate(self, v: Vendor, s: Site, d: date, total: int, account=None) -> Inv:
        inv = self.make(v, s, d, 100, account=account)
        inv.vat_rate = vat_rate_of(v, s)
        inv.set_total(total)
        return inv

    # ----------------------------------------------------------------- natural
    def generate(self):
        rng = self.rng
        for v in self.vendors:
            for s, size in v.sites:
                start = max(
                    v.start,
                    s.opens
                    if v.cat not in ("furniture", "kitchen-equipment", "rent", "energy")
                    else s.opens - timedelta(75),
                    GEN_START,
                )
                end = min(v.end, LEDGER_END)
                for d in self.schedule_dates(v, s, start, end):
                    net = draw_amount(rng, v, s, size, d, self.astate)
                    if net is None:
                        continue
                    inv = self.make(v, s, d, net)
                    if v.amount[0] == "energy" and d.month == v.amount[2]:
                        self.settlement(v, s, d)
                    self.invs.append(inv)
                    if v.return_rate and rng.random() < v.return_rate:
                        rd = next_vendor_day(v, d + timedelta(rng.randrange(1, 9)))
                        if rd <= end:
                            cn = self.make(
                                v,
                                s,
                                rd,
                                -int(abs(inv.net) * rng.uniform(0.03, 0.3)),
                                account=inv.account,
                                credit=True,
                            )
                            cn.tag = "return-credit"
                            self.invs.append(cn)

    def settlement(self, v, s, d):
        rng = self.rng
        adv = draw_amount(rng, v, s, 1.0, d - timedelta(40), self.astate)
        amt = int(adv * rng.uniform(-1.6, 2.4))
        if abs(amt) < 5000:
            amt = 5000
        sd = d + timedelta(rng.randrange(2, 9))
        inv = self.make(v, s, sd, amt, credit=amt < 0)
        inv.tag = "settlement"
        self.invs.append(inv)

    def schedule_dates(self, v: Vendor, s: Site, start: date, end: date):
        rng = self.rng
        kind = v.schedule[0]
        out = []
        if kind == "delivery":
            probs = v.schedule[1]
            d = start
            while d <= end:
                p = probs[d.weekday()]
                if p and works(v, d):
                    sf = season_factor(v, s, d)
                    if rng.random() < min(0.98, p * (0.75 + 0.25 * sf)):
                        out.append(d)
                d += timedelta(1)
        elif kind == "weekly":
            dow = v.schedule[1]
            d = start + timedelta((dow - start.weekday()) % 7)
            while d <= end:
                out.append(next_vendor_day(v, d))
                d += timedelta(7)
        elif kind in ("monthly", "monthly_last", "monthly_end", "quarterly", "annual"):
            y, m = start.year, start.month
            while date(y, m, 1) <= end:
                if kind == "monthly":
                    d = date(y, m, v.schedule[1])
                elif kind == "monthly_end":
                    d = month_end(y, m)
                elif kind == "monthly_last":
                    d = month_end(y, m)
                    while not works(v, d):
                        d -= timedelta(1)
                elif kind == "quarterly":
                    d = date(y, m, v.schedule[1]) if m in (1, 4, 7, 10) else None
                else:
                    d = date(y, m, v.schedule[2]) if m == v.schedule[1] else None
                if d is not None:
                    if v.calendar != "fixed" and kind != "monthly_last":
                        d = next_vendor_day(v, d)
                    if start <= d <= end:
                        out.append(d)
                m += 1
                if m == 13:
                    y, m = y + 1, 1
        elif kind == "adhoc":
            rate = v.schedule[1] / 21.0
            d = start
            while d <= end:
                if v.calendar == "weekday" and v.emergency and d.weekday() >= 5:
                    if rng.random() < rate * v.emergency * 3:
                        out.append(d)
                elif works(v, d) and rng.random() < rate:
                    out.append(d)
                d += timedelta(1)
        elif kind == "events":
            per_week = v.schedule[1] / 4.3
            w = [0.02, 0.02, 0.05, 0.12, 0.35, 0.4, 0.04]
            d = start
            while d <= end:
                extra = 1.6 if d.month == 12 else 1.0
                if rng.random() < per_week * w[d.weekday()] * extra:
                    out.append(d)
                d += timedelta(1)
        elif kind == "stages":
            out = [next_vendor_day(v, d) for d in v.schedule[1] if start <= d <= end]
        else:
            raise ValueError(kind)
        return out

    def stage_amounts(self):
        """Stage-payment vendors: replace drawn amounts by the contract's stages."""
        by_v = defaultdict(list)
        for inv in self.invs:
            if inv.vendor.amount[0] == "stage":
                by_v[inv.vendor.name].append(inv)
        for lst in by_v.values():
            lst.sort(key=lambda i: i.inv_date)
            for inv, amt in zip(lst, lst[0].vendor.amount[1], strict=False):
                net, tax = vat_split(self.rng, inv.vendor, inv.site, amt * 100)
                inv.net, inv.tax = net, tax
                inv.vat_rate = tax / net if net else 0.0

    # ----------------------------------------------------------------- candidates
    def stats(self):
        """Per vendor-account natural stats (EUR rows, positive totals)."""
        byva = defaultdict(list)
        for inv in self.invs:
            if inv.credit or inv.total <= 0 or inv.tag == "settlement":
                continue
            byva[(inv.vendor.name, inv.account)].append(math.log(inv.total))
        out = {}
        for k, xs in byva.items():
            xs.sort()
            med = xs[len(xs) // 2]
            mad = sorted(abs(x - med) for x in xs)[len(xs) // 2]
            out[k] = (len(xs), med, mad * 1.4826)
        return out

    def pick(self, pred, k=1, span=(LEDGER_START + timedelta(45), LEDGER_END - timedelta(75))):
        pool = [
            i
            for i in self.invs
            if not i.used
            and not i.credit
            and not i.dropped
            and span[0] <= i.inv_date <= span[1]
            and i.vendor.shell is False
            and not i.vendor.fabricator
            and i.tag not in ("settlement", "stage-payment")
            and pred(i)
        ]
        if not pool:
            return []
        return self.rng.sample(pool, min(k, len(pool)))

    # ----------------------------------------------------------------- pre-number injections
    def inject_pre(self):
        rng = self.rng
        st = self.stats()

        def weekday_vendor(i):
            return (
                i.vendor.calendar == "weekday" and i.vendor.numbering[0][1]["style"] != "date_coded"
            )

        # weekend dates
        for inv in self.pick(lambda i: weekday_vendor(i) and i.currency == "EUR", self.n(40)):
            d = inv.inv_date
            cands = [
                d + timedelta(k)
                for k in range(-3, 4)
                if (d + timedelta(k)).weekday() >= 5 and not hol_entries(d + timedelta(k))
            ]
            if not cands:
                continue
            inv.inv_date = rng.choice(cands)
            inv.used = True
            inv.date_changed = True
            inv.label(
                "weekend_date",
                "anomaly",
                self.new_group("weekend"),
                f"dated on a {inv.inv_date.strftime('%A')} by a weekday-only vendor",
            )

        # holiday dates (official holiday of the vendor's country on a weekday)
        def near_hol(i):
            if not weekday_vendor(i) or i.vendor.country not in ("NL", "DE"):
                return False
            for k in range(-6, 7):
                dd = i.inv_date + timedelta(k)
                if dd.weekday() < 5 and is_official_holiday(dd, i.vendor.country, None):
                    return True
            return False

        for inv in self.pick(near_hol, self.n(25)):
            cands = []
            for k in range(-6, 7):
                dd = inv.inv_date + timedelta(k)
                if dd.weekday() < 5 and is_official_holiday(dd, inv.vendor.country, None):
                    cands.append(dd)
            inv.inv_date = rng.choice(cands)
            inv.used = True
            inv.date_changed = True
            names = [n for c, s_, n, o in hol_entries(inv.inv_date) if c == inv.vendor.country]
            inv.label(
                "holiday_date",
                "anomaly",
                self.new_group("holiday"),
                f"dated on {names[0]} by a weekday-only {inv.vendor.country} vendor",
            )

        # amount outliers
        def outlier_ok(i):
            key = (i.vendor.name, i.account)
            n, _med, sig = st.get(key, (0, 0, 0))
            return (
                n >= 30
                and i.currency == "EUR"
                and 0.04 < sig <= 0.75
                and i.vendor.amount[0] in ("logn", "near", "bakery")
            )

        n_out = self.n(40)
        for inv in self.pick(outlier_ok, 4 * n_out):
            if n_out <= 0:
                break
            topups = inv.vendor.amount[0] == "logn" and inv.vendor.amount[3] > 0
            r = rng.random()
            for _ in range(20):
                if r < 0.4:
                    f, how = 10.0, "x10 (decimal slip)"
                elif r < 0.8 or topups:
                    f = rng.uniform(6, 25)
                    how = f"x{f:.1f}"
                else:
                    f = 1 / rng.uniform(8, 15)
                    how = f"/{1 / f:.1f}"
                t = round(inv.total * f)
                if not (900_000 <= t < 1_000_000) and t % 10_000 != 0:
                    break
                r = rng.random()
            _n, med, sig = st[(inv.vendor.name, inv.account)]
            z = (math.log(t) - med) / sig
            if abs(z) < 4.5 or 900_000 <= t < 1_000_000:
                continue  # not unusual by the product's own statistic: try another row
            inv.set_total(t)
            inv.used = True
            inv.label(
                "amount_outlier",
                "anomaly",
                self.new_group("outlier"),
                f"total {how} of the original (robust z {z:+.1f})",
            )
            n_out -= 1

        # just below the approval limit
        def below_ok(i):
            key = (i.vendor.name, i.account)
            n, med, _sig = st.get(key, (0, 0, 0))
            return i.currency == "EUR" and n >= 8 and 150_000 <= math.exp(med) <= 800_000

        for inv in self.pick(below_ok, self.n(25)):
            t = rng.randrange(950_000, 999_500)
            if t % 100 == 0:
                t += 37
            inv.set_total(t)
            inv.used = True
            inv.label(
                "below_limit",
                "anomaly",
                self.new_group("below"),
                f"total set {100 * (1 - t / LIMIT):.1f} % under the limit",
            )

        # round amounts
        def round_ok(i):
            return (
                i.currency == "EUR"
                and i.vat_rate > 0.05
                and 80_000 <= i.total <= 900_000
                and i.vendor.amount[0] in ("logn", "near")
            )

        for inv in self.pick(round_ok, self.n(30)):
            unit = rng.choice([50_000, 100_000, 100_000])
            t = max(100_000, round(inv.total / unit) * unit)
            if 950_000 <= t < 1_000_000:
                t = 900_000
            inv.set_total(t)
            inv.used = True
            inv.label(
                "round_amount",
                "anomaly",
                self.new_group("round"),
                f"total replaced by the round {t / 100:,.2f}",
            )

        # repeated amounts: one uneven amount three times within four months
        byvs = defaultdict(list)
        for i in self.invs:
            if (
                not i.used
                and not i.credit
                and i.currency == "EUR"
                and i.vendor.amount[0] == "logn"
                and i.vendor.amount[2] >= 0.3
                and not i.vendor.fabricator
                and LEDGER_START + timedelta(30) <= i.inv_date <= LEDGER_END - timedelta(150)
            ):
                byvs[(i.vendor.name, i.site.code)].append(i)
        keys = sorted(k for k, lst in byvs.items() if len(lst) >= 30)
        for _ in range(self.n(12)):
            if not keys:
                break
            key = rng.choice(keys)
            lst = sorted(byvs[key], key=lambda i: i.inv_date)
            big = [i for i in lst[:-10] if i.total >= 25_000]
            if not big:
                continue
            first = rng.choice(big)
            chosen = [first]
            for i in lst:
                if (
                    (i.inv_date - chosen[-1].inv_date).days >= rng.randrange(10, 40)
                    and not i.used
                    and (i.inv_date - first.inv_date).days <= 120
                ):
                    chosen.append(i)
                if len(chosen) == 3:
                    break
            if len(chosen) < 3 or any(c.used for c in chosen):
                continue
            t = first.total
            if t % 100 == 0:
                t += 13
            g = self.new_group("repeat")
            for c in chosen:
                c.set_total(t)
                c.used = True
                c.label("repeated_amount", "anomaly", g, f"{t / 100:,.2f} billed 3 times")
                c.label("duplicate", "ambiguous", g, "same vendor and amount weeks apart")

        # split purchases
        split_vendors = [
            v
            for v in self.vendors
            if v.cat in ("kitchen-equipment", "furniture", "maintenance", "wine", "staffing")
            and v.currency == "EUR"
            and not v.fabricator
        ]
        for _ in range(self.n(20)):
            v = rng.choice(split_vendors)
            s, _sz = rng.choice(v.sites)
            if s.opens > LEDGER_START:
                continue
            d0 = next_vendor_day(v, LEDGER_START + timedelta(rng.randrange(40, 1000)))
            P = rng.randrange(1_100_000, 2_800_000)
            k = 2 if P < 1_800_000 else rng.choice([3, 3, 4]) if P < 2_600_000 else 4
            shape = rng.choice(["equal", "near", "uneven"])
            if shape == "equal":
                parts = [P // k] * k
            elif shape == "near":
                parts = [int(P / k * rng.uniform(0.96, 1.04)) for _ in range(k)]
            else:
                for _t in range(50):
                    w = [rng.uniform(0.3, 1.0) for _ in range(k)]
                    parts = [int(P * x / sum(w)) for x in w]
                    if max(parts) < 998_000 and min(parts) > 150_000:
                        break
            parts = [min(p, 998_000) for p in parts]
            if sum(parts) <= LIMIT:
                continue
            g = self.new_group("split")
            d = d0
            acc = max(v.accounts, key=v.accounts.get)
            members = []
            for p in parts:
                inv = self.fabricate(v, s, d, p, account=acc)
                inv.used = True
                inv.label(
                    "split_purchase",
                    "anomaly",
                    g,
                    f"{len(parts)} parts ({shape}) of {sum(parts) / 100:,.2f}",
                )
                if shape == "equal":
                    inv.label("duplicate", "ambiguous", g, "equal parts of one purchase")
                    inv.label("repeated_amount", "ambiguous", g, "equal parts of one purchase")
                members.append(inv)
                self.invs.append(inv)
                d = next_vendor_day(v, d + timedelta(rng.choice([0, 0, 1, 1, 2, 3])))
            for m in members:
                m.force_people = members  # same uploader/approver as the first part

        # round-sum clusters
        maint = [
            v
            for v in self.vendors
            if v.cat == "maintenance" and not v.fabricator and v.currency == "EUR"
        ]
        n_clusters = max(1, round(3 * self.scale))
        plan = []
        if maint:
            # two contractors of one site under 5,000, one contractor elsewhere under 2,500
            sitemap = defaultdict(list)
            for v in maint:
                for s, _ in v.sites:
                    if s.opens <= LEDGER_START:
                        sitemap[s.code].append((v, s))
            multi = [k for k in sorted(sitemap) if len(sitemap[k]) >= 2]
            for ci in range(n_clusters):
                if ci % 3 in (0, 1) and multi:
                    key = multi[(ci // 3) % len(multi)]
                    v, s = sitemap[key][ci % 3 % len(sitemap[key])]
                    plan.append((v, s, 500_000))
                else:
                    v = rng.choice(maint)
                    s = rng.choice([s for s, _ in v.sites])
                    plan.append((v, s, 250_000))
        for v, s, T in plan:
            g = self.new_group("cluster")
            k = rng.randrange(12, 17)
            d = LEDGER_START + timedelta(rng.randrange(60, 500))
            for _ in range(k):
                d = next_vendor_day(v, d + timedelta(rng.randrange(12, 40)))
                if d > LEDGER_END - timedelta(40):
                    break
                t = int(T * rng.uniform(0.91, 0.99))
                if t % 100 == 0:
                    t += 41
                inv = self.fabricate(v, s, d, t, account="4600")
                inv.used = True
                inv.label(
                    "threshold_cluster",
                    "anomaly",
                    g,
                    f"{k} invoices just under {T / 100:,.0f} at {v.name}/{s.code}",
                )
                self.invs.append(inv)
            self.extra_ambiguous_vendors.add(v.name)
            self.cluster_bands = getattr(self, "cluster_bands", [])
            self.cluster_bands.append((v.name, T, g))

        # shell vendors with a look-alike name
        shells_nl = [
            "Van Dijk Food Service BV",
            "HorecaFlex Personeel B.V.",
            "Technisch Buro Smit",
            "Facility Partners Amstel B.V.",
            "Hospitality Consult Holland",
        ]
        shells_de = [
            "Frischdienst Weber",
            "Kaelte Klima Vogel GmbH",
            "Haustechnik Schroeder",
            "Gastro Beratung Nord UG",
            "Bauservice Krämer & Co.",
        ]
        for j in range(self.n(6)):
            s = rng.choice([s for s in self.sites if s.opens <= LEDGER_START])
            pool = shells_nl if s.country == "NL" else shells_de
            name = pool[j % len(pool)] + ("" if j < len(pool) else f" {j}")
            v = Vendor(
                name,
                s.country,
                "shell",
                schedule=("adhoc", 0),
                amount=("logn", 1, 1, 0),
                vat="high",
                accounts={rng.choice(["4950", "4600", "4800"]): 1.0},
                numbering=[(GEN_START, {"style": "shell"})],
                sites=[(s, 1.0)],
                state=s.state,
            )
            v.iban = iban(rng, rng.choice([s.country, s.country, "LT", "BE"]))
            v.shell = True
            self.vendors.append(v)
            g = self.new_group("shell")
            d = next_vendor_day(v, LEDGER_START + timedelta(rng.randrange(150, 980)))
            k = rng.choice([1, 2, 2, 3, 3])
            for _ in range(k):
                inv = self.make(v, s, d, rng.randrange(150_000, 790_000))
                if inv.total % 10_000 == 0:
                    inv.set_total(inv.total + 1733)
                inv.used = True
                inv.label("new_vendor", "anomaly", g, f"shell vendor '{name}' ({k} invoices)")
                inv.label("numbering", "ambiguous", g, "shell vendor's own few numbers")
                self.invs.append(inv)
                d = next_vendor_day(v, d + timedelta(rng.randrange(15, 60)))

        # credit-and-rebill triples (innocent)
        for inv in self.pick(
            lambda i: (
                i.vendor.calendar != "fixed" and i.vendor.amount[0] in ("logn", "near", "fixed")
            ),
            self.n(40),
        ):
            v = inv.vendor
            cd = next_vendor_day(v, inv.inv_date + timedelta(rng.randrange(3, 25)))
            cn = self.make(v, inv.site, cd, -abs(inv.net), account=inv.account, credit=True)
            cn.net, cn.tax = -inv.net, -inv.tax
            same = rng.random() < 0.6
            rb = self.make(
                v, inv.site, cd if rng.random() < 0.6 else inv.inv_date, 1, account=inv.account
            )
            rb.net, rb.tax = inv.net, inv.tax
            rb.vat_rate = inv.vat_rate
            if not same:
                rb.set_total(
                    int(inv.total * rng.choice([rng.uniform(0.85, 0.98), rng.uniform(1.02, 1.12)]))
                )
            cn.tag, rb.tag = "credit-of-rebill", "rebill-same" if same else "rebill-corrected"
            inv.used = cn.used = rb.used = True
            cn.orig = rb.orig = inv
            rb.force_people = None
            self.invs += [cn, rb]
            inv.tag = inv.tag or "credited-original"
            cn.seq_index = ("credit", inv.uid)
            rb.seq_index = ("rebill", inv.uid)
            for x in (inv, cn, rb):
                x.label("duplicate", "innocent", f"rebill-{inv.uid}", "credit-and-rebill")

    # ----------------------------------------------------------------- numbering
    def number(self):
        rng = self.rng
        byv = defaultdict(list)
        for i in self.invs:
            byv[i.vendor.name].append(i)
        self.seq = {}
        for name in sorted(byv):
            lst = sorted(byv[name], key=lambda i: (i.inv_date, i.order))
            v = lst[0].vendor
            state: dict = {"daycount": Counter()}
            used_numbers = set()
            for inv in lst:
                if inv.seq_index and v.rebill_style == "suffix":
                    continue
                spec = v.numbering[0][1]
                for fd, sp in v.numbering:
                    if inv.inv_date >= fd:
                        spec = sp
                stream = "c" if inv.credit and spec.get("credit") else "i"
                state["daycount"][(stream, inv.inv_date)] += 1
            for inv in lst:
                spec = v.numbering[0][1]
                for fd, sp in v.numbering:
                    if inv.inv_date >= fd:
                        spec = sp
                if inv.seq_index and inv.seq_index[0] == "rebill" and v.rebill_style == "suffix":
                    continue
                if inv.seq_index and inv.seq_index[0] == "credit" and v.rebill_style == "suffix":
                    continue
                if inv.credit and spec.get("credit"):
                    cs = spec["credit"]
                    num = self._shared(
                        state,
                        ("c", cs["prefix"]),
                        cs["prefix"],
                        cs["rate"],
                        0,
                        6,
                        inv.inv_date,
                        rng,
                        yearly=True,
                        stream="c",
                    )
                else:
                    num = self._num(spec, state, inv, rng)
                k = 2
                base = num
                while num in used_numbers:
                    num = f"{base}-{k}"
                    k += 1
                used_numbers.add(num)
                inv.number = num
            # rebill-suffix vendors
            for inv in lst:
                if inv.seq_index and v.rebill_style == "suffix" and inv.number is None:
                    inv.number = inv.orig.number + ("-C" if inv.seq_index[0] == "credit" else "-R")
            self.seq[name] = [i for i in lst if not i.credit]

    @staticmethod
    def _offset(state, stream, d, rate, rng):
        """Our invoices of one day take random, distinct places in the vendor's day run."""
        key = ("off", stream, d)
        if key not in state:
            k = state["daycount"][(stream, d)] or 1
            state[key] = sorted(rng.sample(range(max(int(rate), k)), k))
        lst = state[key]
        return lst.pop(0) if lst else int(rate)

    def _shared(self, state, key, prefix, rate, base, width, d, rng, yearly=False, stream="i"):
        """A sequence the vendor shares with its other customers: numbers grow with time."""
        if yearly:
            key = (*key, d.year)
            days = (d - date(d.year, 1, 1)).days
            b = 0
        else:
            days = (d - GEN_START).days
            b = base
        prev = state.get(key, 0)
        target = b + int(rate * days) + self._offset(state, stream, d, rate, rng)
        num = max(prev + 1, target)
        state[key] = num
        if yearly:
            return f"{prefix}{d.year}-{num:06d}"
        return f"{prefix}{num:0{width}d}"

    def _num(self, spec, state, inv, rng):
        style = spec["style"]
        d = inv.inv_date
        if style == "dedicated":
            n = state.get("ded", spec["start"]) + 1
            state["ded"] = n
            return f"{spec['prefix']}{n:0{spec['width']}d}"
        if style == "shared":
            return self._shared(
                state, ("s",), spec["prefix"], spec["rate"], spec["base"], spec["width"], d, rng
            )
        if style == "year_reset":
            key = ("y", d.year)
            if spec.get("rate"):
                days = (d - date(d.year, 1, 1)).days
                target = (
                    int(spec["rate"] * days) + 1 + self._offset(state, "i", d, spec["rate"], rng)
                )
                n = max(state.get(key, 0) + 1, target)
            else:
                n = state.get(key, 0) + 1
            state[key] = n
            return spec["fmt"].format(y=d.year, yy=d.year % 100, n=n)
        if style == "date_coded":
            key = ("d", d)
            n = state.get(key, rng.randrange(1, 40)) + 1
            state[key] = n
            return f"{spec['prefix']}{d.strftime('%y%m%d')}{n:03d}"
        if style == "site_month":
            code = inv.site.code
            suffix = "-CR" if inv.credit else ("-S" if inv.tag == "settlement" else "")
            return f"{spec['prefix']}{code}-{d.year}{d.month:02d}{suffix}"
        if style == "random":
            digits = "".join(rng.choice("0123456789ABCDEF") for _ in range(spec["n"]))
            return spec["prefix"] + digits
        if style == "shell":
            return rng.choice(["", "F-", "INV-", f"{d.year}-"]) + str(rng.randrange(11, 480))
        raise ValueError(style)

    # ----------------------------------------------------------------- post-number injections
    def inject_numbering(self):
        rng = self.rng
        ded = [
            n
            for n, lst in sorted(self.seq.items())
            if lst
            and lst[0].vendor.numbering[-1][1]["style"] == "dedicated"
            and len(lst[0].vendor.numbering) == 1
            and not lst[0].vendor.fabricator
            and not lst[0].vendor.shell
            and len(lst) >= 40
        ]
        shared = [
            n
            for n, lst in sorted(self.seq.items())
            if lst
            and lst[0].vendor.numbering[-1][1]["style"] == "shared"
            and len(lst[0].vendor.numbering) == 1
            and len(lst) >= 40
        ]

        def window(lst, lo=LEDGER_START + timedelta(60), hi=LEDGER_END - timedelta(60)):
            return [k for k, i in enumerate(lst) if lo <= i.inv_date <= hi]

        # gaps: remove 3-8 consecutive invoices of a dedicated sequence
        for _ in range(self.n(10)):
            if not ded:
                break
            name = rng.choice(ded)
            lst = self.seq[name]
            idx = window(lst)
            if len(idx) < 20:
                continue
            k = rng.randrange(3, 9)
            if len(idx[5 : -k - 5]) < 1:
                continue
            a = rng.choice(idx[5 : -k - 5])
            run = lst[a : a + k]
            before, after = lst[a - 1], lst[a + k]
            if any(i.used or i.dropped for i in [*run, before, after]):
                continue
            g = self.new_group("gap")
            for i in run:
                i.dropped = True
            for i in (before, after):
                i.used = True
                i.label(
                    "numbering",
                    "anomaly",
                    g,
                    f"{k} numbers missing between {before.number} and {after.number}",
                )
            self.seq[name] = [i for i in lst if not i.dropped]
        # single voided numbers (ambiguous)
        for _ in range(self.n(2)):
            if not ded:
                break
            name = rng.choice(ded)
            lst = self.seq[name]
            idx = window(lst)
            if len(idx) < 12:
                continue
            a = rng.choice(idx[3:-3])
            if any(i.used or i.dropped for i in lst[a - 1 : a + 2]):
                continue
            lst[a].dropped = True
            g = self.new_group("void")
            for i in (lst[a - 1], lst[a + 1]):
                i.used = True
                i.label("numbering", "ambiguous", g, "one voided number")
            self.seq[name] = [i for i in lst if not i.dropped]
        # disorder: swap two invoices' numbers 3-8 apart
        cands = ded + shared
        for _ in range(self.n(5)):
            if not cands:
                break
            name = rng.choice(cands)
            lst = self.seq[name]
            idx = window(lst)
            if len(idx) < 20:
                continue
            a = rng.choice(idx[:-10])
            b = a + rng.randrange(3, 9)
            x, y = lst[a], lst[b]
            if x.used or y.used or x.dropped or y.dropped or (y.inv_date - x.inv_date).days < 7:
                continue
            x.number, y.number = y.number, x.number
            g = self.new_group("swap")
            for i in (x, y):
                i.used = True
                i.label(
                    "numbering", "anomaly", g, "numbers of two invoices swapped (out of date order)"
                )
        # disorder: an invented invoice with an out-of-sequence number
        for j in range(self.n(3)):
            use_shared = j % 2 == 0 and shared
            name = rng.choice(shared if use_shared else ded) if (shared or ded) else None
            if name is None:
                break
            lst = self.seq[name]
            v = lst[0].vendor
            idx = window(lst, lo=LEDGER_START + timedelta(250))
            if len(idx) < 10:
                continue
            cur = lst[rng.choice(idx)]
            d = next_vendor_day(v, cur.inv_date + timedelta(1))
            inv = self.make(v, cur.site, d, draw_amount(rng, v, cur.site, 1.0, d, self.astate))
            spec = v.numbering[-1][1]
            if use_shared:
                old = [i for i in lst if 60 <= (d - i.inv_date).days <= 250]
                num = None
                for _t in range(50):
                    if len(old) < 3:
                        break
                    p = rng.randrange(0, len(old) - 1)
                    try:
                        n1 = int(old[p].number[len(spec["prefix"]) :])
                        n2 = int(old[p + 1].number[len(spec["prefix"]) :])
                    except ValueError:
                        continue
                    if n2 - n1 >= 2:
                        num = f"{spec['prefix']}{rng.randrange(n1 + 1, n2):0{spec['width']}d}"
                        break
                if num is None:
                    continue
                note = "number from an old gap of the shared sequence"
            else:
                top = max(
                    int(i.number[len(spec["prefix"]) :])
                    for i in lst
                    if i.number[len(spec["prefix"]) :].isdigit()
                )
                num = f"{spec['prefix']}{top + rng.randrange(300, 900):0{spec['width']}d}"
                note = "number far ahead of the sequence"
            inv.number = num
            inv.used = True
            inv.label("numbering", "anomaly", self.new_group("jump"), note)
            self.invs.append(inv)

    # ----------------------------------------------------------------- posting
    def post_dates(self):
        rng = self.rng
        for inv in self.invs:
            if inv.post is not None:
                continue
            inv.post = self.lag(inv)
        # credit before rebill; split parts entered together
        for inv in self.invs:
            if inv.seq_index and inv.seq_index[0] == "rebill":
                cn = next(x for x in self.invs if x.seq_index == ("credit", inv.seq_index[1]))
                if cn.post > inv.post:
                    inv.post = cn.post
                if cn.post == inv.post and cn.order > inv.order:
                    cn.order, inv.order = inv.order, cn.order
                if inv.orig.post > cn.post:
                    cn.post = inv.post = inv.orig.post
                    cn.order = inv.orig.order + 0.0001
                    inv.order = inv.orig.order + 0.0002
        for inv in self.invs:
            if inv.force_people and inv is inv.force_people[0]:
                for j, m in enumerate(inv.force_people[1:], 1):
                    m.post = max(inv.post, m.post)
                    m.order = inv.order + j * 1e-7
        _ = rng

    def lag(self, inv: Inv, extra=0) -> date:
        rng = self.rng
        s = inv.site
        v = inv.vendor
        d = inv.inv_date
        if v.advance and not inv.credit and inv.tag != "settlement":
            p = d - timedelta(rng.randrange(1, 7))
            while not is_workday(p, s.country, s.state):
                p -= timedelta(1)
            return p
        if v.central or s.hq:
            lag = rng.randrange(2, 15)
        elif s.country == "NL":
            lag = rng.randrange(1, 4) + rng.randrange(0, 4)
        else:
            lag = rng.randrange(1, 4)
        if v.amount[0] in ("energy", "fixed", "rent") or v.schedule[0].startswith("monthly"):
            lag += rng.randrange(2, 9)
        if d.month == 12 and d.day >= 17:
            lag += rng.randrange(4, 14)
        r = rng.random()
        if r < 0.03:
            lag += rng.randrange(5, 25)
        elif r < 0.031 and not inv.used:
            lag = rng.randrange(50, 96)
            inv.natural_late = True
        p = d + timedelta(lag + extra)
        if s.country == "DE" and not (v.central or s.hq):
            while p.weekday() not in (1, 3) or not is_workday(p, s.country, s.state):
                p += timedelta(1)
        else:
            p = next_workday(p, s.country, s.state)
        return p

    def cut(self):
        """Keep what was entered within the ledger's period. An invoice entered before it or
        not yet entered leaves a hole in a dedicated sequence: its neighbours are ambiguous."""
        keep = [
            i
            for i in self.invs
            if not i.dropped and i.post and LEDGER_START <= i.post <= LEDGER_END
        ]
        kept = {i.uid for i in keep}
        gone = {i.uid for i in self.invs if not i.dropped and i.uid not in kept and i.post}
        if gone:
            byv = defaultdict(list)
            for i in self.invs:
                if not i.dropped and i.number is not None:
                    byv[i.vendor.name].append(i)
            for lst in byv.values():
                spec = lst[0].vendor.numbering[-1][1]
                if spec["style"] not in ("dedicated", "year_reset", "shared"):
                    continue
                lst.sort(key=lambda i: (i.inv_date, i.order))
                for k, i in enumerate(lst):
                    if i.uid in gone:
                        for j in (k - 1, k + 1):
                            if 0 <= j < len(lst) and lst[j].uid in kept:
                                lst[j].label(
                                    "numbering",
                                    "ambiguous",
                                    f"edge-{i.uid}",
                                    "neighbour entered outside the ledger's period",
                                )
        self.invs = keep

    # ----------------------------------------------------------------- duplicates, dates
    def inject_post(self):
        rng = self.rng
        for inv in self.invs:
            inv.name_date = inv.inv_date  # a typo in the date does not change the letterhead

        def post_after(inv, lo, hi):
            p = inv.post + timedelta(rng.randrange(lo, hi))
            return next_workday(p, inv.site.country, inv.site.state)

        def dup_ok(i):
            return (
                i.vendor.amount[0] not in ("fixed", "tier", "energy", "rent")
                and i.tag not in ("standing-order", "round-fee")
                and i.post <= LEDGER_END - timedelta(60)
                and i.total > 2000
            )

        n_exact, n_fuzzy = self.n(25), self.n(35)
        originals = self.pick(
            dup_ok,
            n_exact + n_fuzzy,
            span=(LEDGER_START + timedelta(20), LEDGER_END - timedelta(70)),
        )
        for j, orig in enumerate(originals):
            cp = self.make(orig.vendor, orig.site, orig.inv_date, 1, account=orig.account)
            cp.net, cp.tax, cp.vat_rate = orig.net, orig.tax, orig.vat_rate
            cp.number = orig.number
            cp.name_date = orig.name_date
            cp.iban = orig.iban
            cp.tag = orig.tag
            g = self.new_group("dup")
            if j < n_exact:
                how = "exact copy"
            else:
                mode = rng.choice(["number", "number", "date", "both"])
                if mode in ("number", "both"):
                    cp.number, how = number_variant(orig.number, rng)
                else:
                    how = "same number"
                if mode in ("date", "both"):
                    k = rng.randrange(1, 8) if mode == "date" else rng.randrange(1, 4)
                    nd = orig.inv_date
                    for _ in range(k):
                        nd = next_vendor_day(orig.vendor, nd + timedelta(1))
                    cp.inv_date = nd
                    cp.date_changed = True
                    how += f", date +{(nd - orig.inv_date).days} days"
            cp.post = post_after(orig, 2, 46)
            if cp.post < cp.inv_date:
                cp.post = next_workday(cp.inv_date + timedelta(2), cp.site.country, cp.site.state)
            cp.used = orig.used = True
            note = f"{how} of row with number {orig.number}"
            for x in (orig, cp):
                x.label("duplicate", "anomaly", g, note)
            cp.label("numbering", "ambiguous", g, "duplicate copy's number")
            cp.orig = orig
            self.invs.append(cp)

        # future-dated (date typo), post date unchanged
        def fut_ok(i):
            return (
                i.vendor.numbering[0][1]["style"] not in ("date_coded", "site_month")
                and not i.vendor.advance
            )

        for inv in self.pick(
            fut_ok, self.n(24), span=(LEDGER_START + timedelta(30), LEDGER_END - timedelta(5))
        ):
            if rng.random() < 0.6:
                try:
                    nd = inv.inv_date.replace(year=inv.inv_date.year + 1)
                except ValueError:
                    nd = inv.inv_date + timedelta(365)
                how = "year typed one too high"
            else:
                nd = add_months(inv.inv_date, rng.randrange(1, 4))
                how = "month typed too high"
            if (nd - inv.post).days < 20:
                continue
            inv.inv_date = nd
            inv.date_changed = True
            inv.used = True
            g = self.new_group("future")
            inv.label(
                "future_date",
                "anomaly",
                g,
                f"{how}: dated {(nd - inv.post).days} days "
                f"after entry{' and after the as-of date' if nd > AS_OF else ''}",
            )
            inv.label("numbering", "ambiguous", g, "date typo puts the number out of date order")

        # backdated: entered 110-330 days after its date
        for inv in self.pick(
            lambda i: True,
            self.n(30),
            span=(LEDGER_START + timedelta(10), LEDGER_END - timedelta(120)),
        ):
            lo = 110
            hi = min(330, (LEDGER_END - inv.inv_date).days)
            if hi <= lo:
                continue
            p = inv.inv_date + timedelta(rng.randrange(lo, hi))
            p = next_workday(p, inv.site.country, inv.site.state)
            if p > LEDGER_END:
                continue
            inv.post = p
            inv.used = True
            g = self.new_group("backdated")
            inv.label(
                "backdated", "anomaly", g, f"entered {(p - inv.inv_date).days} days after its date"
            )
            inv.label("numbering", "ambiguous", g, "entered months after later numbers")

    # ----------------------------------------------------------------- people
    def assign_people(self):
        rng = self.rng
        P = self.people
        self.invs.sort(key=lambda i: (i.post, i.order))
        done = {}
        for inv in self.invs:
            if inv.force_people and inv is not inv.force_people[0]:
                first = inv.force_people[0]
                inv.uploader, inv.approver = done[first.uid]
                continue
            s = inv.site
            d = inv.post
            if inv.vendor.central or s.hq:
                pool = [u for u in P.hq_clerks if not P.away(u, d)] or P.hq_clerks
                up = rng.choice(pool)
            else:
                active = [u for u, a, b in s.clerks if a <= d <= b and not P.away(u, d)]
                if active:
                    up = rng.choice(active) if rng.random() < 0.5 else active[0]
                else:
                    cover = [
                        u
                        for t in self.sites
                        if t is not s and t.country == s.country
                        for u, a, b in t.clerks
                        if a <= d <= b and not P.away(u, d)
                    ]
                    r = rng.random()
                    if cover and r < 0.5:
                        up = rng.choice(sorted(cover))
                    elif r < 0.8:
                        up = rng.choice(P.hq_clerks)
                    else:
                        up = s.deputy
            amt = eur(abs(inv.total), inv.currency, inv.inv_date)
            rd = P.rd["DE" if s.country == "DE" else "NL"]
            if s.hq:
                chain = [P.cfo, P.rd["NL"]]
            elif amt >= 5_000_000:
                chain = [P.cfo, rd]
            elif amt >= LIMIT:
                chain = [rd, P.cfo]
            else:
                chain = [s.manager, s.deputy, rd, P.cfo]
            ap = None
            for c in chain:
                if c != up and not P.away(c, d):
                    ap = c
                    break
            if ap is None:
                ap = next(c for c in chain if c != up)
            inv.uploader, inv.approver = up, ap
            done[inv.uid] = (up, ap)

    # ----------------------------------------------------------------- SoD, IBAN, accounts
    def inject_people_bank(self):
        rng = self.rng
        # segregation of duties
        for inv in self.pick(
            lambda i: not i.site.hq and not i.vendor.central and not i.force_people,
            self.n(40),
            span=(LEDGER_START, LEDGER_END),
        ):
            if rng.random() < 0.5:
                inv.approver = inv.uploader
                how = "the clerk approved their own upload"
            else:
                inv.uploader = inv.approver
                how = "the approver uploaded it"
            inv.used = True
            inv.label("sod_breach", "anomaly", self.new_group("sod"), how)

        # IBAN: legitimate switches (by entry date)
        byv = defaultdict(list)
        for inv in self.invs:
            byv[inv.vendor.name].append(inv)
        eligible = [
            n
            for n in sorted(byv)
            if len(byv[n]) >= 40
            and byv[n][0].vendor.iban
            and not byv[n][0].vendor.shell
            and byv[n][0].vendor.tag != "factoring"
            and byv[n][0].vendor.rename is None
        ]
        rng.shuffle(eligible)
        switches = eligible[: self.n(4)]
        frauds = eligible[self.n(4) : self.n(4) + self.n(8)]
        for name in switches:
            lst = byv[name]
            v = lst[0].vendor
            k = rng.randrange(len(lst) // 4, 3 * len(lst) // 4)
            new = iban(rng, v.country)
            g = self.new_group("ibanswitch")
            for j, inv in enumerate(lst[k:]):
                inv.iban = new
                if j == 0:
                    inv.label("iban_change", "anomaly", g, "vendor moved bank for good (first row)")
                elif j <= 2:
                    inv.label("iban_change", "ambiguous", g, "row after a permanent bank change")
        for name in frauds:
            lst = byv[name]
            v = lst[0].vendor
            for _t in range(30):
                k = rng.randrange(12, len(lst) - 3)
                m = 1 if rng.random() < 0.6 else 2
                if not any(i.used or i.credit for i in lst[k : k + m]):
                    break
            else:
                continue
            bad = iban(rng, rng.choice(["LT", "GB", v.country, "BE"]))
            g = self.new_group("ibanfraud")
            for inv in lst[k : k + m]:
                inv.iban = bad
                inv.used = True
                inv.label("iban_change", "anomaly", g, f"payment diverted to {bad[:4]}..")
            lst[k + m].label("iban_change", "ambiguous", g, "usual IBAN back after a diversion")

        # rare accounts
        stats = defaultdict(Counter)
        for inv in self.invs:
            stats[inv.vendor.name][inv.account] += 1
        all_acc = sorted(
            {a for c in stats.values() for a in c}
            | {"0400", "4950", "4800", "4700", "4150", "4250"}
        )

        def rare_ok(i):
            c = stats[i.vendor.name]
            n = sum(c.values())
            return n >= 40 and c.most_common(1)[0][1] >= 0.85 * n

        for inv in self.pick(rare_ok, self.n(30), span=(LEDGER_START + timedelta(60), LEDGER_END)):
            c = stats[inv.vendor.name]
            choices = [a for a in all_acc if a not in c]
            old = inv.account
            inv.account = rng.choice(choices)
            inv.used = True
            inv.label(
                "rare_account",
                "anomaly",
                self.new_group("account"),
                f"posted to {inv.account} instead of {old}",
            )

    # ----------------------------------------------------------------- final order & labels
    def finalise(self):
        self.invs.sort(key=lambda i: (i.post, i.order))
        for k, inv in enumerate(self.invs, 1):
            inv.row = k
            v = inv.vendor
            if v.rename and (inv.name_date or inv.inv_date) >= v.rename[0]:
                inv.vendor_name = v.rename[1]
        self.derive_labels()

    def derive_labels(self):
        invs = self.invs
        # ---- new vendors (by rule)
        first = {}
        rows_by_vendor = defaultdict(list)
        for inv in invs:
            rows_by_vendor[inv.vendor_name].append(inv)
        for name, lst in rows_by_vendor.items():
            f = lst[0]
            age = (f.post - LEDGER_START).days
            g = f"new-{name}"
            renamed = lst[0].vendor.rename and name == lst[0].vendor.rename[1]
            if lst[0].vendor.shell:
                continue
            if renamed:
                d0 = min(i.inv_date for i in lst)
                for inv in [f] + [i for i in lst if i.inv_date == d0]:
                    inv.label("new_vendor", "ambiguous", g, "supplier's new legal name")
                for inv in lst[:3]:
                    inv.label("iban_change", "ambiguous", g, "old IBAN under the new legal name")
                continue
            d0 = min(i.inv_date for i in lst)
            earliest = [i for i in lst if i.inv_date == d0]
            if age >= 365:
                if len(lst) <= 3:
                    for inv in lst:
                        inv.label("new_vendor", "anomaly", g, f"new vendor ({len(lst)} invoices)")
                else:
                    for inv in lst[1:3]:
                        inv.label("new_vendor", "ambiguous", g, "2nd/3rd invoice of a new vendor")
                    f.label("new_vendor", "anomaly", g, f"new vendor, first of {len(lst)} entered")
                    for inv in earliest:
                        inv.label("new_vendor", "anomaly", g, "new vendor, earliest-dated invoice")
            elif age >= 90:
                for inv in lst[: (len(lst) if len(lst) <= 3 else 1)] + earliest:
                    inv.label("new_vendor", "ambiguous", g, f"first entered on day {age}")
            first[name] = f
        # factoring: second vendor sharing the factor's IBAN
        fac = [
            lst[0]
            for n, lst in sorted(rows_by_vendor.items(), key=lambda kv: kv[1][0].row)
            if lst[0].vendor.tag == "factoring"
        ]
        if len(fac) >= 2:
            for f in fac:
                f.label(
                    "iban_change",
                    "ambiguous",
                    "factoring",
                    "IBAN shared with another vendor (factoring company)",
                )
        # ---- natural stats for outliers
        byva = defaultdict(list)
        for inv in invs:
            if (
                not inv.amount_changed
                and not inv.credit
                and inv.total > 0
                and inv.tag != "settlement"
            ):
                byva[(inv.vendor_name, inv.account)].append(math.log(inv.total))
        st = {}
        for k, xs in byva.items():
            if len(xs) < 10:
                continue
            xs.sort()
            med = xs[len(xs) // 2]
            mad = sorted(abs(x - med) for x in xs)[len(xs) // 2] * 1.4826
            st[k] = (med, mad)
        round_share = defaultdict(lambda: [0, 0])
        for inv in invs:
            rs = round_share[inv.vendor_name]
            rs[1] += 1
            if inv.total % 10_000 == 0:
                rs[0] += 1
        acc_count = defaultdict(Counter)
        for inv in invs:
            acc_count[inv.vendor_name][inv.account] += 1
        bands = getattr(self, "cluster_bands", [])
        for inv in invs:
            v = inv.vendor
            tot_eur = eur(inv.total, inv.currency, inv.inv_date)
            # below limit band
            if 950_000 <= tot_eur < LIMIT and "below_limit" not in inv.labels:
                inv.label(
                    "below_limit",
                    "ambiguous",
                    f"band-{inv.row}",
                    "within 5 % under the limit (natural or other injection)",
                )
            # outliers by the product's own statistic
            k = (inv.vendor_name, inv.account)
            if inv.total > 0 and k in st and "amount_outlier" not in inv.labels:
                med, mad = st[k]
                if mad > 0.02:
                    z = (math.log(inv.total) - med) / mad
                    if abs(z) > 4 and (inv.amount_changed or not inv.credit):
                        inv.label(
                            "amount_outlier",
                            "ambiguous",
                            f"z-{inv.row}",
                            f"robust z {z:+.1f} on the vendor-account history",
                        )
            if inv.tag == "settlement":
                inv.label("amount_outlier", "ambiguous", f"settle-{inv.row}", "energy settlement")
            # round by injection of another kind, or by chance
            if (
                inv.total % 10_000 == 0
                and abs(inv.total) >= 10_000
                and "round_amount" not in inv.labels
            ):
                rs = round_share[inv.vendor_name]
                if inv.amount_changed or rs[0] / rs[1] < 0.2:
                    inv.label(
                        "round_amount",
                        "ambiguous",
                        f"rnd-{inv.row}",
                        "round total (side effect or chance)",
                    )
            # weekend / holiday at weekday-only vendors
            wd = v.calendar == "weekday"
            if wd and inv.inv_date.weekday() >= 5 and "weekend_date" not in inv.labels:
                inv.label(
                    "weekend_date",
                    "ambiguous",
                    f"we-{inv.row}",
                    "weekday vendor on a weekend (emergency call-out or a date changed by "
                    "another injection)",
                )
            if hol_entries(inv.inv_date) and "holiday_date" not in inv.labels:
                own = v.country in ("NL", "DE", "GB", "CH") and is_official_holiday(
                    inv.inv_date, v.country, v.state
                )
                if wd or not own:
                    inv.label(
                        "holiday_date",
                        "ambiguous",
                        f"hol-{inv.row}",
                        f"holiday of another calendar: {any_holiday_name(inv.inv_date)}",
                    )
            # backdated / future side effects
            lag = (inv.post - inv.inv_date).days
            if lag >= 50 and "backdated" not in inv.labels:
                inv.label(
                    "backdated",
                    "ambiguous",
                    f"late-{inv.row}",
                    f"entered {lag} days after its date (late invoice)",
                )
            if (-lag > 7 or inv.inv_date > AS_OF) and "future_date" not in inv.labels:
                inv.label("future_date", "ambiguous", f"fut-{inv.row}", "dated after entry")
            # rare legit coding
            c = acc_count[inv.vendor_name]
            n = sum(c.values())
            if "rare_account" not in inv.labels and n >= 20 and c[inv.account] <= max(1, 0.02 * n):
                inv.label(
                    "rare_account",
                    "ambiguous",
                    f"acc-{inv.row}",
                    f"{inv.account} used for {c[inv.account]} of {n}",
                )
            # cluster vendors' natural rows in the band
            for vn, T, g in bands:
                if (
                    vn == inv.vendor_name
                    and 0.9 * T <= inv.total < T
                    and "threshold_cluster" not in inv.labels
                ):
                    inv.label(
                        "threshold_cluster", "ambiguous", g, "natural row in the cluster band"
                    )
            # duplicate copy sums that look like a split
            if (
                inv.orig is not None
                and "duplicate" in inv.labels
                and inv.labels["duplicate"][0] == "anomaly"
            ):
                o = inv.orig
                if o.total < LIMIT and o.total + inv.total > LIMIT:
                    for x in (o, inv):
                        x.label(
                            "split_purchase",
                            "ambiguous",
                            inv.labels["duplicate"][1],
                            "a duplicate pair passes the limit together",
                        )
            # SoD derived: none natural
            if inv.uploader.lower() == inv.approver.lower() and "sod_breach" not in inv.labels:
                inv.label(
                    "sod_breach", "ambiguous", f"sod-{inv.row}", "uploader approved (derived)"
                )
        # a split look-alike made by another injection's changed amount
        byv = defaultdict(list)
        for inv in invs:
            if inv.total > 0:
                byv[inv.vendor_name].append(inv)
        for lst in byv.values():
            lst.sort(key=lambda i: i.inv_date)
            dates = [i.inv_date for i in lst]
            for k, inv in enumerate(lst):
                if not inv.amount_changed or "split_purchase" in inv.labels:
                    continue
                lo, hi = k, k
                while lo > 0 and (inv.inv_date - dates[lo - 1]).days <= 6:
                    lo -= 1
                while hi + 1 < len(lst) and (dates[hi + 1] - inv.inv_date).days <= 6:
                    hi += 1
                win = [x for x in lst[lo : hi + 1] if x.total < LIMIT]
                before = sum((x.orig_total if x.orig_total is not None else x.total) for x in win)
                if inv.orig_total is None or not inv.labels or before > LIMIT:
                    continue
                if len(win) >= 2 and sum(x.total for x in win) > LIMIT and inv.total < LIMIT:
                    for x in win:
                        x.label(
                            "split_purchase",
                            "ambiguous",
                            f"near-{inv.row}",
                            "window passes the limit because of another injection's amount",
                        )
        # natural coincidences: same vendor and total within a week (not a schedule)
        bykey = defaultdict(list)
        for inv in invs:
            if (
                inv.vendor.amount[0] in ("fixed", "tier", "rent", "energy", "fee")
                or inv.tag == "standing-order"
                or inv.total <= 0
            ):
                continue
            bykey[(inv.vendor_name, inv.total)].append(inv)
        for lst in bykey.values():
            if len(lst) < 2:
                continue
            for a in lst:
                near = [b for b in lst if abs((a.inv_date - b.inv_date).days) <= 120]
                if len(near) >= 3 and "repeated_amount" not in a.labels:
                    a.label(
                        "repeated_amount",
                        "ambiguous",
                        f"coinc-{a.row}",
                        f"{len(near)} rows of this amount within 120 days (chance and/or a "
                        "duplicate)",
                    )
            for a in lst:
                for b in lst:
                    if (
                        a is not b
                        and abs((a.inv_date - b.inv_date).days) <= 7
                        and "duplicate" not in a.labels
                        and "duplicate" not in b.labels
                    ):
                        for x in (a, b):
                            x.label(
                                "duplicate",
                                "ambiguous",
                                f"coinc-{a.row}",
                                "same vendor and total within a week by chance",
                            )
        # benford: honest vendors with freely varying amounts (no price list, schedule or
        # contract) and at least 300 invoices that still miss Nigrini's first-digit bands
        # (MAD > 0.015) are ambiguous, like a natural outlier
        benf = [math.log10(1 + 1 / d) for d in range(1, 10)]
        self.benford_mad = {}
        for name, lst in rows_by_vendor.items():
            if v_fab(lst[0].vendor):
                continue
            vals = sorted(abs(i.total) for i in lst if abs(i.total) >= 1000)
            if len(vals) < 100:
                continue
            c = Counter(int(str(x)[0]) for x in vals)
            mad = sum(abs(c[d] / len(vals) - benf[d - 1]) for d in range(1, 10)) / 9
            span = vals[int(0.99 * (len(vals) - 1))] / max(1, vals[int(0.01 * (len(vals) - 1))])
            self.benford_mad[name] = (mad, span)
            free = lst[0].vendor.amount[0] in ("logn", "bakery")
            if mad > 0.015 and free and len(vals) >= 300:
                for inv in lst:
                    inv.label(
                        "benford",
                        "ambiguous",
                        f"benford-{name}",
                        f"honest vendor, first-digit MAD {mad:.3f} over a x{span:.0f} range",
                    )
        # benford: vendors 5 % or more of whose rows carry injected amounts are ambiguous
        inj = Counter(
            inv.vendor_name
            for inv in invs
            if inv.amount_changed and any(st_ == "anomaly" for st_, _g, _n in inv.labels.values())
        )
        for name, lst in rows_by_vendor.items():
            if inj[name] >= 0.05 * len(lst) and not v_fab(lst[0].vendor):
                self.extra_ambiguous_vendors.add(name)
        # benford: fabricators anomaly; cluster vendors ambiguous
        for inv in invs:
            if v_fab(inv.vendor):
                inv.label(
                    "benford",
                    "anomaly",
                    f"benford-{inv.vendor_name}",
                    "vendor whose amounts are made up",
                )
            elif inv.vendor_name in self.extra_ambiguous_vendors:
                inv.label(
                    "benford",
                    "ambiguous",
                    f"benford-{inv.vendor_name}",
                    "vendor carrying injected amounts (a cluster, a split, outliers)",
                )

    # ----------------------------------------------------------------- run all
    def build(self):
        self.generate()
        self.stage_amounts()
        self.inject_pre()
        self.number()
        self.inject_numbering()
        self.post_dates()
        self.cut()
        self.inject_post()
        self.cut()
        self.assign_people()
        self.inject_people_bank()
        self.finalise()
        return self

    # ----------------------------------------------------------------- output
    def write(self, path: Path):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(
                [
                    "vendor",
                    "invoice_number",
                    "invoice_date",
                    "posting_date",
                    "currency",
                    "net_amount",
                    "tax_amount",
                    "total_amount",
                    "account",
                    "cost_center",
                    "iban",
                    "uploaded_by",
                    "approved_by",
                ]
            )
            for inv in self.invs:
                ap = inv.approver.upper() if inv.site.country == "DE" else inv.approver
                w.writerow(
                    [
                        inv.vendor_name,
                        inv.number,
                        inv.inv_date.isoformat(),
                        inv.post.isoformat(),
                        inv.currency,
                        money(inv.net),
                        money(inv.tax),
                        money(inv.total),
                        inv.account,
                        inv.site.code,
                        inv.iban or "",
                        inv.uploader,
                        ap,
                    ]
                )

    def write_labels(self, path: Path):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["row", "kind", "status", "group", "note"])
            for inv in self.invs:
                for kind in sorted(inv.labels):
                    st, g, note = inv.labels[kind]
                    w.writerow([inv.row, kind, st, g, note])


def v_fab(v):
    return v.fabricator


def money(c: int) -> str:
    sign = "-" if c < 0 else ""
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"


def number_variant(num: str, rng: random.Random):
    opts = []
    alnum = "".join(ch for ch in num if ch.isalnum())
    if alnum != num:
        opts.append((alnum, "number without separators"))
    i = 0
    while i < len(num) and num[i].isalpha():
        i += 1
    if 0 < i < len(num):
        opts.append((num[i:].lstrip("-/ ."), "number without its prefix"))
    opts.append((num + rng.choice(["A", "-1", "/2", "-DUP"]), "number with a suffix"))
    digits = [k for k, ch in enumerate(num) if ch.isdigit()]
    if len(digits) >= 2:
        k = digits[-2]
        if digits[-1] == k + 1 and num[k] != num[k + 1]:
            opts.append((num[:k] + num[k + 1] + num[k] + num[k + 2 :], "last two digits swapped"))
        k = rng.choice(digits[-3:])
        sub = {
            "0": "8",
            "1": "7",
            "3": "8",
            "5": "6",
            "6": "5",
            "7": "1",
            "8": "3",
            "9": "4",
            "2": "7",
            "4": "9",
        }
        opts.append((num[:k] + sub[num[k]] + num[k + 1 :], "one digit mistyped"))
    lead = [k for k in digits if num[k] == "0" and (k == 0 or not num[k - 1].isdigit())]
    if lead:
        k = lead[0]
        j = k
        while j < len(num) and num[j] == "0":
            j += 1
        if j < len(num) and num[j].isdigit():
            opts.append((num[:k] + num[j:], "leading zeros dropped"))
    new, how = rng.choice(opts)
    return new, how


# --------------------------------------------------------------------------- scoring


def run_cli(csv_path: Path, timeout: int):
    cmd = [
        sys.executable,
        "-m",
        "core",
        "anomalies",
        "--import-csv",
        str(csv_path),
        "--json",
        "--as-of",
        AS_OF.isoformat(),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    dt_ = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"CLI failed with exit code {proc.returncode}")
    findings = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return findings, dt_, proc.stderr


def score(ledger: Ledger, findings: list, n_examples: int = 3):
    rows = {inv.row: inv for inv in ledger.invs}
    by_kind = defaultdict(dict)  # kind -> unit -> finding
    other = Counter()
    for f in findings:
        k = f.get("detector")
        if k not in KINDS:
            other[k] += 1
            continue
        if k == "benford":
            unit = f.get("subject") or (rows[f["row"]].vendor_name if f["row"] in rows else None)
        else:
            unit = f["row"]
        by_kind[k].setdefault(unit, f)
    rows_flagged = defaultdict(lambda: defaultdict(list))
    for f in findings:
        rows_flagged[f["row"]][f.get("detector")].append(f)
    results = []
    for kind in KINDS:
        groups = defaultdict(list)
        amb_rows = 0
        lab_rows = 0
        for inv in ledger.invs:
            lab = inv.labels.get(kind)
            if lab is None:
                continue
            if lab[0] == "anomaly":
                groups[lab[1]].append(inv)
                lab_rows += 1
            elif lab[0] == "ambiguous":
                amb_rows += 1
        units = by_kind.get(kind, {})
        tp = amb = fp = 0
        fps = []
        found_rows = set()
        if kind == "benford":
            vstatus = {}
            for inv in ledger.invs:
                lab = inv.labels.get(kind)
                if lab:
                    vstatus[inv.vendor_name] = lab[0]
            for unit, f in units.items():
                stt = vstatus.get(unit)
                if stt == "anomaly":
                    tp += 1
                    found_rows.update(i.row for i in ledger.invs if i.vendor_name == unit)
                elif stt == "ambiguous":
                    amb += 1
                else:
                    fp += 1
                    fps.append(f)
        else:
            for unit, f in units.items():
                inv = rows.get(unit)
                lab = inv.labels.get(kind) if inv else None
                if lab and lab[0] == "anomaly":
                    tp += 1
                    found_rows.add(unit)
                elif lab and lab[0] == "ambiguous":
                    amb += 1
                else:
                    fp += 1
                    fps.append(f)
        found_groups = [
            g for g, members in groups.items() if any(m.row in found_rows for m in members)
        ]
        missed = [g for g in groups if g not in set(found_groups)]
        nf = len(units)
        res = {
            "kind": kind,
            "groups": len(groups),
            "rows": lab_rows,
            "ambiguous_rows": amb_rows,
            "findings": nf,
            "tp": tp,
            "ambiguous_hits": amb,
            "fp": fp,
            "precision_strict": tp / nf if nf else None,
            "precision_lenient": tp / (tp + fp) if (tp + fp) else None,
            "recall": len(found_groups) / len(groups) if groups else None,
            "misses": [],
            "false_positives": [],
        }
        rng = random.Random(KINDS.index(kind))
        for g in sorted(missed, key=lambda g: groups[g][0].row)[:200]:
            inv = groups[g][0]
            said = {d: fs[0]["reason"][:110] for d, fs in rows_flagged[inv.row].items()}
            res["misses"].append(
                {
                    "row": inv.row,
                    "group": g,
                    "note": inv.labels[kind][2],
                    "context": context(inv),
                    "detector_said": said,
                }
            )
        if len(res["misses"]) > n_examples:
            res["misses"] = rng.sample(res["misses"], n_examples)
        fp_list = []
        for f in fps:
            inv = rows.get(f["row"])
            tag = inv.labels.get(kind, ("", "", ""))[2] if inv else ""
            fp_list.append(
                {
                    "row": f["row"],
                    "reason": f.get("reason", "")[:240],
                    "context": context(inv) if inv else "",
                    "lookalike": tag or (inv.tag if inv else ""),
                }
            )
        res["fp_lookalikes"] = dict(Counter(x["lookalike"] or "-" for x in fp_list).most_common(6))
        res["false_positives"] = rng.sample(fp_list, min(n_examples, len(fp_list)))
        results.append(res)
    return results, other


def context(inv: Inv) -> str:
    return (
        f"{inv.vendor_name} | {inv.number} | inv {inv.inv_date} | post {inv.post} | "
        f"{money(inv.total)} {inv.currency} | acct {inv.account} | {inv.site.code} | "
        f"{inv.uploader}->{inv.approver}" + (f" | {inv.tag}" if inv.tag else "")
    )


def fmt(x):
    return "  -  " if x is None else f"{x:5.2f}"


def print_report(ledger, results, other, cli_time, gen_time, total_time, stderr_tail):
    print(
        f"rows: {len(ledger.invs):,}  vendors: {len({i.vendor_name for i in ledger.invs})}  "
        f"sites: {len(ledger.sites)}  seed: {ledger.seed}"
    )
    print(f"generation {gen_time:.1f} s, CLI {cli_time:.1f} s, total {total_time:.1f} s")
    if stderr_tail:
        print("CLI: " + stderr_tail)
    print()
    head = (
        f"{'kind':18} {'groups':>6} {'rows':>5} {'amb':>5} {'found':>6} {'TP':>5} "
        f"{'ambHit':>6} {'FP':>5} {'P strict':>8} {'P lenient':>9} {'recall':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        unit = " (vendors)" if r["kind"] == "benford" else ""
        print(
            f"{r['kind']:18} {r['groups']:>6} {r['rows']:>5} {r['ambiguous_rows']:>5} "
            f"{r['findings']:>6} {r['tp']:>5} {r['ambiguous_hits']:>6} {r['fp']:>5} "
            f"{fmt(r['precision_strict']):>8} {fmt(r['precision_lenient']):>9} "
            f"{fmt(r['recall']):>6}{unit}"
        )
    if other:
        print(f"other detectors: {dict(other)}")
    print()
    for r in results:
        low = [x for x in (r["precision_lenient"], r["recall"]) if x is not None and x < 0.9]
        if not low and not r["misses"] and not r["false_positives"]:
            continue
        print(
            f"== {r['kind']}: P lenient {fmt(r['precision_lenient']).strip()}, "
            f"recall {fmt(r['recall']).strip()}"
        )
        if r["fp_lookalikes"] and r["fp"]:
            print(f"   false positives by label/tag: {r['fp_lookalikes']}")
        for m in r["misses"]:
            print(f"   MISS row {m['row']}: {m['note']}")
            print(f"        {m['context']}")
            if m["detector_said"]:
                print(
                    "        flagged as: "
                    + "; ".join(f"{k}: {v}" for k, v in m["detector_said"].items())
                )
        for f in r["false_positives"]:
            print(f"   FP   row {f['row']}: {f['reason']}")
            print(f"        {f['context']}")
        print()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=BASE_ROWS)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--keep", metavar="DIR", help="write ledger.csv, labels.csv, findings.jsonl")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    ledger = Ledger(args.seed, args.rows).build()
    gen_time = time.perf_counter() - t0
    tmp = None
    if args.keep:
        out = Path(args.keep)
        out.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory()
        out = Path(tmp.name)
    ledger.write(out / "ledger.csv")
    findings, cli_time, stderr = run_cli(out / "ledger.csv", args.timeout)
    if args.keep:
        ledger.write_labels(out / "labels.csv")
        with open(out / "findings.jsonl", "w", encoding="utf-8") as fh:
            for f in findings:
                fh.write(json.dumps(f) + "\n")
    results, other = score(ledger, findings, args.examples)
    total = time.perf_counter() - t0
    tail = " ".join(line for line in stderr.strip().splitlines()[-2:])
    if args.json:
        print(
            json.dumps(
                {
                    "seed": args.seed,
                    "rows": len(ledger.invs),
                    "cli_seconds": cli_time,
                    "generation_seconds": gen_time,
                    "total_seconds": total,
                    "kinds": results,
                    "other_detectors": dict(other),
                },
                indent=1,
            )
        )
    else:
        print_report(ledger, results, other, cli_time, gen_time, total, tail[:600])
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
