#!/usr/bin/env python3
"""Labelled accounts-payable benchmark: "Lakeshore Provisions Inc.", a Canadian ledger in CAD.

A black-box benchmark for `python -m core anomalies --import-csv FILE --json`.  It was written
by a helper from the issue's words only, without reading the detectors' code.  Standard
library only.

    python bench/anomalies_ontario_ledger.py [--seed N] [--rows N] [--keep DIR] [--json]

THE BUSINESS
  Lakeshore Provisions Inc., a mid-size wholesale food and beverage distributor in Ontario:
  distribution centres in Mississauga (HQ), Ottawa and London, sales branches in Toronto,
  Hamilton, Kingston, Sudbury and Barrie, its own truck fleet (leased units), fiscal year =
  calendar year, base currency CAD.  The ledger is the AP invoice register exported in
  posting order (rows sorted by recorded_at = the business day the invoice was entered),
  recorded 2022-01-04 .. 2024-12-31, about --rows rows (default 40,000).  --as-of is
  2024-12-31 (the export date).  Columns: vendor, invoice_number, invoice_date,
  total_amount, currency, net_amount, tax_amount, account, iban, uploaded_by, approved_by,
  recorded_at.  Credit notes are negative totals.

  Vendors (~250 at the default size): ~20 domestic suppliers of goods for resale (dairy,
  frozen, meat, produce, bakery with Saturday deliveries, co-packers, confectionery, ...),
  5 US suppliers billing in USD without tax, 4 European suppliers in EUR (Italian, German,
  French IBANs), truckload/LTL carriers billing lane rates x a monthly fuel surcharge, a
  fleet fuel card (weekly statement dated Sunday), bulk diesel, truck leasing (one invoice
  per unit on the 1st: several equal amounts the same day), tires, truck repair, packaging
  and a pallet price list, a customs broker, utilities per site (hydro peaking in summer for
  refrigeration, gas peaking in winter, quarterly water), telecom, waste, per-site security
  and cleaning contracts, landlords (rent dated the 1st, entered 3-8 days ahead), insurance
  (Ontario 8 % RST on premiums, no HST), SaaS (CAD and USD, some auto-billed on a fixed day
  of the month incl. weekends), legal (monthly retainer 5,000.00 + HST, trust retainers
  10,000.00 untaxed), audit progress billings, consulting, temp staffing (weekly,
  week-ending Sunday, one invoice per DC; seasonal "Holiday Rush" agency Nov-Dec), small
  factored owner-operator carriers paid to one factoring company's account, and ~110
  local trades/suppliers plus one-off vendors (scaled with sqrt(rows/40k)).
  Tax: 13 % HST on taxable supplies; basic groceries zero-rated (dairy, produce, meat,
  flour, pasta, coffee, plain water); soft drinks/snacks/confectionery/household 13 %;
  mixed suppliers charge 13 % on their taxable share only; US/EU vendors and international
  freight no tax; insurance: 8 % RST in tax_amount; municipal water exempt.
  Volume: December x1.35 and November x1.12 for goods and freight (year-end surge, plus
  year-end orders ~15 % larger), beverages x1.25 in summer, 6 %/year growth.
  Posting lags: EDI 0-2 days, paper ~5 days (max 40), slow vendors ~18 days (max 60),
  invoices dated Dec 15-31 wait 2-12 extra days (holiday backlog); rent and one SaaS are
  entered 3-8 days BEFORE their invoice date (advance bills).
  Numbering styles: dedicated counters (+1 per invoice to us), shared counters with jumps
  (the vendor bills other customers), two-plant interleaved series, year-reset series
  (BCP-2023-0001, 123/2023, RE-2023-00017), period codes (MV-DC1-202305), utility
  account+date numbers, carrier PRO numbers, one ERP switch (LFF-084512 -> SI-1000001 in
  Sept 2023), credit notes in their own CN series, rebills either with a fresh number or
  the original number + "R".
  Bank details (column iban): Canadian transit-institution-account ("04512-004-1234567"),
  US ABA-account ("071000013-4471829301"), IBAN for European vendors (valid check digits,
  sometimes printed in groups of four); blank for pre-authorised debits (utilities, fuel
  card, telecom).  Users: AP clerks aroy, kbrown (left 2023-06-30), mlavoie (from
  2023-07-04), tnguyen, jsingh upload; EDI feed "edi-gateway"; approval matrix: PO goods
  "3-way-match" up to 25,000 CAD else controller rmacdonald; non-PO: branch managers
  (hwilson Ottawa, pmorin London) up to 2,500 for local trades, AP supervisors dchen/spatel
  up to 10,000 (= the approval limit), controller rmacdonald up to 50,000, CFO lgagnon
  above; pre-authorised debits up to 5,000 have no approver (blank).  Supervisors upload
  ~1 % of invoices, always approved by someone else.

HOLIDAYS (my choice for an Ontario business)
  Closed, FIRM holidays: New Year's Day, Family Day (3rd Mon Feb), Good Friday, Victoria
  Day, Canada Day, Civic Holiday (1st Mon Aug, a bank holiday most Ontario businesses
  close), Labour Day, Thanksgiving, Christmas, Boxing Day.  SUBSTITUTE days when one falls
  on a weekend (e.g. Mon 2022-01-03, Tue 2022-12-27, Mon 2023-01-02, Mon 2023-07-03) are
  closed too.  SOFT days, on which this business works: Easter Monday, National Day for
  Truth and Reconciliation (Sep 30), Remembrance Day (Nov 11).  Domestic vendors date
  nothing on closed days; US vendors follow US holidays and EU vendors their own.

INJECTED ANOMALIES (counts at 40,000 rows; scaled by rows/40k with a floor in brackets)
  duplicate        60 (6) copies of genuine invoices, entered 3-45 days after the original:
                   40 % exact (number, date, amount), 35 % number variant (prefix dropped or
                   added, dash, leading zero, O/0, suffix "-1"/" A", case), 25 % date variant
                   (+-1-5 days or day/month swap; half of them also with a number variant).
  amount_outlier   40 (5) at vendor/accounts with >= 30 invoices: decimal slips x10 / /10
                   where the vendor's spread makes that >= 4.5 robust sigmas, otherwise an
                   inflation of exp(4.5..6 sigma).
  benford          2 (1 under 20k rows) fabricated vendors billing 80-170 times over
                   100-9,999: uniform first digits (uniform mantissa), or human digit
                   preference (4-8 most).  From 80k rows a third, linear-uniform over
                   400-9,400, is labelled AMBIGUOUS (under 1.5 decades: Benford arguably
                   does not apply).
  below_limit      25 (4) non-PO invoices moved to 9,500-9,999.99 CAD (60 % within 1.5 %).
  split            18 (3) purchases of 12,000-30,000 cut into 2-4 invoices (< 9,500 each),
                   same vendor/account/uploader/approver, within 0-5 days: equal, near-equal
                   (+-3 %) or uneven parts.
  round_cluster    4 (2) non-PO vendors (spread sigma >= 0.4, median 35-85 % or 115-150 % of
                   the sum, <= 5 natural invoices in the 10 % below it) where 10 (6) invoices in
                   a 6-12 month window are set to [95.5 %, 99.8 %) of 5,000 / 2,500 / 1,000 /
                   2,000 / 7,500.
  round_amount     30 (5) totals changed to multiples of 500/1,000 (1,000-9,000) at vendors
                   billing uneven amounts; 60 % with no tax, 40 % with tax backed out.
  repeated_amount  10 (3) groups: a variable-amount vendor's uneven total billed again on 2-3
                   later invoices >= 20 days apart.
  weekend          30 (5) invoices of weekday-only domestic vendors moved to a Sat/Sun.
  holiday          20 (5) invoices of domestic weekday vendors moved to a weekday FIRM holiday
                   (spread across all ten, Ontario-only ones included).
  backdated        20 (4): half genuine old invoices entered 120-400 days late, half a year
                   typed one year early (numbering then looks out of order: see rules).
  future           15 (4): year typed one year late, or the month typed 2-9 months late.
  new_vendor       6 (2) shell vendors billing 1-3 times within 45 days, after the warm-up.
  bank_change      10 (3) payment-redirection frauds on established vendors: a new account at
                   another bank (IBAN of another country for EU vendors), 60 % one-off, 40 %
                   kept for 1-2 more invoices before the real account returns.
  numbering        24 (5): a number from before the vendor's ledger range, a number far ahead
                   (+300..900), a jump of 25-80 in a dedicated counter, a number out of an
                   unused gap 6-12 months back at a shared counter.
  rare_account     24 (5) invoices of single-account vendors (>= 30 invoices) coded to an
                   account the vendor never uses (travel, marketing, capex, consulting, ...).
  sod              24 (5): approver keyed the invoice, clerk self-approved, or the same login
                   in another case ("DCHEN" / "dchen").

INNOCENT LOOK-ALIKES (not labelled)
  monthly subscriptions and per-site contracts with equal amounts (several the same day),
  an online marketplace that dates orders on any day,
  truck lease units, carrier lane rates (equal amounts within a month), a pallet price list
  with round nets, credit-and-rebill pairs (~1.2 % of goods/freight: full credit then rebill,
  same or corrected amount, new number or "R" suffix) and partial credits, rent (round nets
  + HST, dated the 1st incl. Jan 1 / Jul 1 / weekends, entered ahead), legal retainers,
  trust retainers 10,000.00, audit progress billings, insurance installments, trade-show
  booths, year-end volume, seasonal utilities, weekend-working vendors (bakery, produce,
  meat and a carrier on Saturdays; staffing invoices week-ending Sunday; fuel card Sunday
  statements; month-end statements; SaaS auto-billed on a fixed day), US/EU vendors dated
  on Canadian holidays, advance bills up to 8 days ahead, slow posting up to 60 days, a
  legitimate bank change, a dual-currency vendor with a USD account, IBANs printed with
  and without spaces, shared/year-reset/period/ERP-switch numbering, blank approvers on
  pre-authorised debits, a cleaning contract priced at 4,847.70 then 4,915.50 (a steady
  level below 5,000), per-site hydro bills whose levels fail Benford, lane tariffs of small
  carriers that sit 3-10 % below 5,000 or 2,000.  (A branch lease at 9,605.00 / 9,893.15 is
  in the limit band and so AMBIGUOUS, like every natural invoice there.)

LABELLING RULES (labels.csv: row,kind,status,group,note; a row may carry several kinds;
status is firm or ambiguous; lenient precision leaves ambiguous rows out; recall counts
firm rows only).  "Injected amount" = the amount was set by an amount injection.
  duplicate      firm: the injected copy (the row entered second).  ambiguous: the original
                 of an injected copy; a natural pair of one vendor with the same total dated
                 <= 7 days apart (later-entered row) unless the vendor bills that amount >= 3
                 more times (tariff/subscription habit); credit-and-rebill pairs unlabelled.
  amount_outlier firm: injected.  ambiguous: natural rows >= 4 robust sigmas from the natural
                 rows' median, or >= 3.5 from all rows' (log scale, MAD, vendor+account with
                 >= 20 rows; fixed-price lines: >= 50 % off).
  benford        firm: every row of the two fabricated vendors; ambiguous: every row of the
                 third (>= 80k rows).  Natural vendors unlabelled.
  below_limit    CAD total in [9,500, 10,000): firm if the amount was injected, else
                 ambiguous (the classic test lists all of them); USD/EUR rows whose CAD value
                 (1.35 / 1.47) falls in the band: ambiguous.
  split          firm: injected parts.  ambiguous: natural groups (>= 2 CAD invoices within 7
                 days, each in [1,000, 10,000), together >= 10,000) at non-PO vendors whose
                 usual week's billing is under 6,000 and that form such groups in fewer than 4
                 different months (the fabricated Benford vendors: always).  Carriers, PO goods,
                 per-site contracts and weekly staffing that pass the limit in a week as a
                 matter of course are unlabelled (volume, not splits).
  round_cluster  firm: injected cluster rows.  ambiguous: the same vendor's natural rows in
                 [90 %, 100 %) of the sum; any row in [9,500, 10,000) (a cluster under the
                 approval limit is arguable).  Lane tariffs, seasonal per-site utility bills
                 and fixed contracts that happen to sit below a round sum are unlabelled.
  round_amount   total a multiple of 100 and >= 1,000: firm if the amount was injected;
                 unlabelled at vendors whose fees are round by contract (rent, retainers,
                 insurance, booths, audit, consulting fee, pallets); otherwise ambiguous.
  repeated_amount firm: injected repeats; ambiguous: the genuine invoice they copy, equal parts
                 of an injected split, and every occurrence of an exact uneven total billed
                 twice or more (> 7 days apart) by a variable-amount vendor (e.g. the same
                 hours at the same rate); tariffs/subscriptions/price lists unlabelled.
  weekend        Sat/Sun invoice_date of a CAD vendor: unlabelled at weekend-habit vendors on
                 their habitual day (Saturday deliverers, week-ending staffing, Sunday
                 statements, fixed-day/month-end billers, the marketplace); ambiguous at
                 emergency-call vendors; firm otherwise.  Foreign vendors unlabelled.
  holiday        domestic (CAD, Canadian) vendor, not a habit day: firm on a firm holiday
                 (ambiguous at emergency-call vendors); ambiguous on a substitute or soft day.
                 Foreign vendors unlabelled.
  backdated      recorded_at - invoice_date >= 120 days firm; 61-119 ambiguous.
  future         invoice_date - recorded_at >= 30 days firm; 11-29 ambiguous; advance bills
                 up to 10 days ahead are unlabelled, except those dated after --as-of
                 (January rent entered in December): ambiguous.
  new_vendor     shell vendors: every row firm.  Vendors that start during the ledger
                 (legitimately new, incl. one-off vendors and the seasonal agency's first
                 year): first-entered and earliest-dated row firm if entered after the 90-day
                 warm-up (else ambiguous), further rows within 30 days (or all of them if
                 it bills <= 3 times) ambiguous.
                 Established vendors: those first rows ambiguous (rare vendors appear late).
  bank_change    firm: the first row paid to a fraudulent account.  ambiguous: further rows
                 on it, the row where the real account returns, the first row after a
                 legitimate bank change, the dual-currency vendor's first USD-account row,
                 and every row of the factored carriers (one account shared by 3 vendors).
  numbering      firm: injected numbers; the first row after an injected counter jump.
                 ambiguous: the row before such a jump, rows whose date was typed a year
                 early/late (their numbers sit among other dates), injected duplicate copies,
                 the first number after the ERP switch, and both neighbours of a number
                 missing from the export (entered before 2022 / after 2024, or replaced by an
                 injected number).
  rare_account   firm: injected.  ambiguous: natural vendor/account pairs used <= 2 times by
                 a vendor with >= 20 rows.
  sod            firm: uploaded_by equals approved_by after trimming and lower-casing (system
                 users edi-gateway / 3-way-match excepted).

SCORING  Each finding's detector is mapped to one kind (DETECTOR_KIND below, read from the
CLI's own output); per kind: labelled (firm), predicted rows, TP = predicted & firm, FP =
predicted - firm, FN = firm - predicted, strict precision TP/predicted, lenient precision
TP/(predicted - ambiguous), recall TP/firm.
"""

import argparse
import collections
import csv
import datetime as dt
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

D = dt.date
DAY = dt.timedelta(days=1)
GEN_START = D(2021, 10, 1)
GEN_END = D(2024, 12, 31)
LEDGER_START = D(2022, 1, 1)
LEDGER_END = D(2024, 12, 31)
AS_OF = LEDGER_END
WARMUP_END = D(2022, 4, 1)
LIMIT = 10000.0
FX = {"CAD": 1.0, "USD": 1.35, "EUR": 1.47}
ROOT = Path(__file__).resolve().parents[1]

KINDS = [
    "duplicate",
    "amount_outlier",
    "benford",
    "below_limit",
    "split",
    "round_cluster",
    "round_amount",
    "repeated_amount",
    "weekend",
    "holiday",
    "backdated",
    "future",
    "new_vendor",
    "bank_change",
    "numbering",
    "rare_account",
    "sod",
]

# The CLI's detector names (read from its --json output on this ledger) -> our kinds.
DETECTOR_KIND = {
    "duplicate": "duplicate",
    "amount_outlier": "amount_outlier",
    "benford": "benford",
    "below_limit": "below_limit",
    "split_purchase": "split",
    "threshold_cluster": "round_cluster",
    "round_amount": "round_amount",
    "repeated_amount": "repeated_amount",
    "weekend_date": "weekend",
    "holiday_date": "holiday",
    "backdated": "backdated",
    "future_date": "future",
    "new_vendor": "new_vendor",
    "iban_change": "bank_change",
    "numbering": "numbering",
    "rare_account": "rare_account",
    "sod_breach": "sod",
}


def guess_kind(name):
    """Fallback for detector names not in DETECTOR_KIND (printed as unmapped anyway)."""
    n = name.lower()
    for key, kind in (
        ("dup", "duplicate"),
        ("outlier", "amount_outlier"),
        ("benford", "benford"),
        ("limit", "below_limit"),
        ("split", "split"),
        ("cluster", "round_cluster"),
        ("repeat", "repeated_amount"),
        ("round", "round_amount"),
        ("weekend", "weekend"),
        ("holiday", "holiday"),
        ("backdat", "backdated"),
        ("future", "future"),
        ("new_vendor", "new_vendor"),
        ("iban", "bank_change"),
        ("bank", "bank_change"),
        ("number", "numbering"),
        ("sequence", "numbering"),
        ("gap", "numbering"),
        ("rare", "rare_account"),
        ("account", "rare_account"),
        ("sod", "sod"),
        ("segregation", "sod"),
    ):
        if key in n:
            return kind
    return None


# ----------------------------------------------------------------------------- calendars
def easter(y):
    a = y % 19
    b = y // 100
    c = y % 100
    d = b // 4
    e = b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i = c // 4
    k = c % 4
    wd = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * wd) // 451
    month = (h + wd - 7 * m + 114) // 31
    day = ((h + wd - 7 * m + 114) % 31) + 1
    return D(y, month, day)


def nth_weekday(y, m, wd, n):
    d = D(y, m, 1)
    while d.weekday() != wd:
        d += DAY
    return d + dt.timedelta(days=7 * (n - 1))


def last_weekday(y, m, wd):
    d = D(y, m + 1, 1) - DAY if m < 12 else D(y, 12, 31)
    while d.weekday() != wd:
        d -= DAY
    return d


def month_end(y, m):
    return (D(y, m + 1, 1) - DAY) if m < 12 else D(y, 12, 31)


class Calendars:
    def __init__(self):
        self.on_firm, self.on_sub, self.on_soft, self.us, self.eu = {}, {}, {}, {}, {}
        for y in range(2020, 2027):
            ea = easter(y)
            firm = {
                D(y, 1, 1): "New Year's Day",
                nth_weekday(y, 2, 0, 3): "Family Day",
                ea - 2 * DAY: "Good Friday",
                D(y, 7, 1): "Canada Day",
                nth_weekday(y, 8, 0, 1): "Civic Holiday",
                nth_weekday(y, 9, 0, 1): "Labour Day",
                nth_weekday(y, 10, 0, 2): "Thanksgiving",
                D(y, 12, 25): "Christmas Day",
                D(y, 12, 26): "Boxing Day",
            }
            v = D(y, 5, 24)
            while v.weekday() != 0:
                v -= DAY
            firm[v] = "Victoria Day"
            self.on_firm.update(firm)
            # substitutes
            nyd = D(y, 1, 1)
            if nyd.weekday() == 5:
                self.on_sub[nyd + 2 * DAY] = "New Year's Day (observed)"
            elif nyd.weekday() == 6:
                self.on_sub[nyd + DAY] = "New Year's Day (observed)"
            cd = D(y, 7, 1)
            if cd.weekday() == 5:
                self.on_sub[cd + 2 * DAY] = "Canada Day (observed)"
            elif cd.weekday() == 6:
                self.on_sub[cd + DAY] = "Canada Day (observed)"
            xm = D(y, 12, 25)
            if xm.weekday() == 5:
                self.on_sub[D(y, 12, 27)] = "Christmas (observed)"
                self.on_sub[D(y, 12, 28)] = "Boxing Day (observed)"
            elif xm.weekday() == 6:
                self.on_sub[D(y, 12, 27)] = "Christmas (observed)"
            elif xm.weekday() == 4:
                self.on_sub[D(y, 12, 28)] = "Boxing Day (observed)"
            self.on_soft[ea + DAY] = "Easter Monday"
            self.on_soft[D(y, 11, 11)] = "Remembrance Day"
            if y >= 2021:
                self.on_soft[D(y, 9, 30)] = "Truth and Reconciliation Day"
            # US (a supplier's view)
            us = {
                D(y, 1, 1): 1,
                last_weekday(y, 5, 0): 1,
                D(y, 7, 4): 1,
                nth_weekday(y, 9, 0, 1): 1,
                nth_weekday(y, 11, 3, 4): 1,
                nth_weekday(y, 11, 3, 4) + DAY: 1,
                D(y, 12, 25): 1,
                D(y, 6, 19): 1,
            }
            for h in list(us):
                if h.weekday() == 5:
                    us[h - DAY] = 1
                elif h.weekday() == 6:
                    us[h + DAY] = 1
            self.us.update(us)
            common = [D(y, 1, 1), ea + DAY, D(y, 5, 1), D(y, 12, 25), D(y, 12, 26)]
            for cc, extra in (
                ("IT", [D(y, 4, 25), D(y, 6, 2), D(y, 8, 15), D(y, 11, 1), D(y, 12, 8)]),
                ("DE", [ea - 2 * DAY, D(y, 10, 3), ea + 39 * DAY]),
                ("FR", [D(y, 5, 8), D(y, 7, 14), D(y, 8, 15), D(y, 11, 1), D(y, 11, 11)]),
            ):
                for h in common + extra:
                    self.eu[(cc, h)] = 1
        self.on_closed = dict(self.on_firm)
        self.on_closed.update(self.on_sub)

    def business(self, d):
        return d.weekday() < 5 and d not in self.on_closed

    def next_business(self, d):
        while not self.business(d):
            d += DAY
        return d

    def prev_business(self, d):
        while not self.business(d):
            d -= DAY
        return d

    def works(self, cal, d):
        """Does a vendor with calendar `cal` date invoices on day d?"""
        if cal == "on":
            return d.weekday() < 5 and d not in self.on_closed
        if cal == "on_sat":
            return d.weekday() < 6 and d not in self.on_closed
        if cal == "us":
            return d.weekday() < 5 and d not in self.us
        if cal.startswith("eu"):
            return d.weekday() < 5 and (cal[3:], d) not in self.eu
        if cal == "any":
            return True
        raise ValueError(cal)

    def adjust(self, cal, d, back=True):
        for _ in range(20):
            if self.works(cal, d):
                return d
            d = d - DAY if back else d + DAY
        return d


CAL = Calendars()


# ----------------------------------------------------------------------------- helpers
def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p < L:
            return k
        k += 1


def logn(rng, median, sigma, clip=3.0):
    z = rng.gauss(0, 1)
    while abs(z) > clip:  # truncated, not clamped (clamping piles up equal amounts)
        z = rng.gauss(0, 1)
    return median * math.exp(sigma * z)


def iban(cc, bban):
    s = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def bank_ca(rng, inst=None):
    inst = inst or rng.choice(["001", "002", "003", "004", "006", "010", "016", "815", "837"])
    branch = rng.randint(1000, 99999)
    return f"{branch:05d}-{inst}-{digits(rng, rng.choice([7, 7, 7, 9, 12]))}"


def bank_us(rng):
    return f"0{digits(rng, 8)}-{digits(rng, 10)}"


def bank_iban(rng, cc):
    if cc == "IT":
        b = rng.choice("ABCDEFGHIJKLMNOPRSTUVWXZ") + digits(rng, 10) + digits(rng, 12)
    elif cc == "DE":
        b = digits(rng, 18)
    elif cc == "FR":
        b = digits(rng, 23)
    elif cc == "ES":
        b = digits(rng, 20)
    elif cc == "LT":
        b = digits(rng, 16)
    elif cc == "GB":
        b = rng.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + digits(rng, 14)
    else:
        b = digits(rng, 18)
    return iban(cc, b)


def spaced(ib):
    return " ".join(ib[i : i + 4] for i in range(0, len(ib), 4))


def money(x):
    return f"{x:.2f}"


def r2(x):
    return round(x + 1e-9, 2) if x >= 0 else -round(-x + 1e-9, 2)


# ----------------------------------------------------------------------------- roster
SITES = [
    ("DC1", "Mississauga DC", "dc"),
    ("DC2", "Ottawa DC", "dc"),
    ("BR1", "Toronto branch", "br"),
    ("DC3", "London DC", "dc"),
    ("BR2", "Hamilton branch", "br"),
    ("BR3", "Kingston branch", "br"),
    ("BR4", "Sudbury branch", "br"),
    ("BR5", "Barrie branch", "br"),
]

GOODS_SEASON = {
    1: 0.85,
    2: 0.88,
    3: 0.95,
    4: 0.97,
    5: 1.0,
    6: 1.05,
    7: 1.1,
    8: 1.1,
    9: 1.0,
    10: 1.02,
    11: 1.12,
    12: 1.35,
}
BEV_SEASON = {
    1: 0.8,
    2: 0.82,
    3: 0.9,
    4: 0.95,
    5: 1.05,
    6: 1.25,
    7: 1.3,
    8: 1.28,
    9: 1.0,
    10: 0.95,
    11: 1.05,
    12: 1.3,
}
FLAT = {m: 1.0 for m in range(1, 13)}
WINTER = {
    1: 1.5,
    2: 1.4,
    3: 1.2,
    4: 1.0,
    5: 0.8,
    6: 0.7,
    7: 0.7,
    8: 0.7,
    9: 0.8,
    10: 1.0,
    11: 1.2,
    12: 1.4,
}


class Vendor:
    def __init__(self, name, **kw):
        self.name = name
        self.cur = "CAD"
        self.country = "CA"
        self.cal = "on"
        self.accounts = [("6410", 1.0)]
        self.tax = 0.13  # rate on net, or ('mix', mean taxable share)
        self.freq = ("rate", 0.1)
        self.amount = ("logn", 1000.0, 0.6)
        self.season = FLAT
        self.num = ("shared", "INV-", 10000, 1.0, 5)
        self.bank = "ca"
        self.habit = None  # weekend/holiday habit: 'sat','sun','monthday','any','occasional'
        self.lag = "paper"
        self.appr = "matrix"
        self.uploader = None
        self.start = GEN_START
        self.end = D(2025, 1, 31)
        self.established = True
        self.units = [None]
        self.rebill = 0.0
        self.min_rows = 0
        self.round_habit = False
        self.variable = True  # amounts vary (not a tariff/subscription/price list)
        self.kind = "normal"  # 'shell','benford','oneoff','factored'
        self.branch_mgr = None
        self.rebill_style = "new"
        self.po = False
        self.cn_prefix = "CN-"
        for k, v in kw.items():
            setattr(self, k, v)


def build_roster(rng, rows):
    f = rows / 40000.0
    nsites = 8 if rows >= 25000 else (5 if rows >= 10000 else 3)
    sites = SITES[:nsites]
    dcs = [s for s in sites if s[2] == "dc"]
    trucks = max(4, min(24, round(12 * f)))
    V = []

    def add(name, **kw):
        v = Vendor(name, **kw)
        V.append(v)
        return v

    goods = dict(appr="po", po=True, rebill=0.012, lag="paper", season=GOODS_SEASON)
    # --- goods for resale (domestic)
    add(
        "Golden Prairie Dairy Co-op",
        tax=0.0,
        accounts=[("5030", 1)],
        freq=("rate", 1.5),
        amount=("logn", 12400, 0.42),
        num=("plants", ["MIS", "GUE"], 220000, 6.0),
        lag="edi",
        uploader="edi-gateway",
        **{k: v for k, v in goods.items() if k != "lag"},
    )
    add(
        "Laurentian Frozen Foods Ltd.",
        tax=0.0,
        accounts=[("5030", 1)],
        freq=("rate", 0.8),
        amount=("logn", 16500, 0.45),
        num=(
            "switch",
            ("shared", "LFF-", 84000, 9.0, 6),
            ("shared", "SI-", 1000001, 7.0, 7),
            D(2023, 9, 1),
        ),
        **goods,
    )
    add(
        "Niagara Orchard Juices Inc.",
        tax=("mix", 0.3),
        accounts=[("5010", 1)],
        freq=("rate", 0.6),
        amount=("logn", 9800, 0.5),
        num=("yearly", "NOJ{yy}-{n:05d}", 3.0),
        **dict(goods, season=BEV_SEASON),
    )
    add(
        "Huron Valley Bottling Co.",
        tax=0.13,
        accounts=[("5010", 0.8), ("5200", 0.2)],
        freq=("rate", 0.9),
        amount=("logn", 14800, 0.4),
        num=("ded", "HVB-", 31200, 6),
        lag="edi",
        uploader="edi-gateway",
        **{k: v for k, v in dict(goods, season=BEV_SEASON).items() if k != "lag"},
    )
    add(
        "Bayview Co-Packing Inc.",
        tax=0.13,
        accounts=[("5200", 1)],
        freq=("rate", 0.4),
        amount=("logn", 21000, 0.35),
        num=("yearly", "BCP-{y}-{n:04d}", 0.0),
        **goods,
    )
    add(
        "Maritime Seafood Traders Ltd.",
        tax=0.0,
        accounts=[("5030", 1)],
        freq=("rate", 0.3),
        amount=("logn", 8800, 0.55),
        num=("shared", "", 55000, 4.0, 6),
        **goods,
    )
    add(
        "Great Lakes Confectionery Ltd.",
        tax=0.13,
        accounts=[("5020", 1)],
        freq=("rate", 0.5),
        amount=("logn", 6300, 0.55),
        num=("shared", "GLC", 710000, 12.0, 7),
        **goods,
    )
    add(
        "Escarpment Snack Foods Inc.",
        tax=0.13,
        accounts=[("5020", 1)],
        freq=("rate", 0.7),
        amount=("logn", 7600, 0.45),
        num=("shared", "ESF-", 450000, 20.0, 6),
        **goods,
    )
    add(
        "Prairie Harvest Grain & Flour",
        tax=0.0,
        accounts=[("5000", 1)],
        freq=("rate", 0.4),
        amount=("logn", 11800, 0.38),
        num=("ded", "", 40120, 5),
        **goods,
    )
    add(
        "Ottawa Valley Meats Ltd.",
        tax=0.0,
        accounts=[("5030", 1)],
        freq=("rate", 0.6),
        cal="on_sat",
        habit="sat",
        amount=("logn", 13500, 0.45),
        num=("shared", "OVM", 92000, 5.0, 6),
        **goods,
    )
    add(
        "Holland Marsh Produce Co-op",
        tax=0.0,
        accounts=[("5000", 1)],
        freq=("rate", 1.2),
        cal="on_sat",
        habit="sat",
        amount=("logn", 4300, 0.5),
        num=("shared", "HMP-", 300000, 15.0, 6),
        **goods,
    )
    add(
        "Sunrise Bakery Wholesale",
        tax=0.0,
        accounts=[("5000", 1)],
        freq=("rate", 1.4),
        cal="on_sat",
        habit="sat",
        amount=("logn", 1750, 0.38),
        num=("ded", "SB-", 18800, 5),
        **goods,
    )
    add(
        "Kawartha Coffee Roasters",
        tax=0.0,
        accounts=[("5000", 1)],
        freq=("rate", 0.2),
        amount=("logn", 5100, 0.4),
        num=("ded", "KCR", 2400, 5),
        **goods,
    )
    add(
        "Northern Spring Water Co.",
        tax=0.0,
        accounts=[("5010", 1)],
        freq=("rate", 0.4),
        amount=("logn", 5900, 0.4),
        num=("shared", "NSW", 600000, 10.0, 6),
        **dict(goods, season=BEV_SEASON),
    )
    add(
        "Muskoka Craft Beverages",
        tax=0.13,
        accounts=[("5010", 1)],
        freq=("rate", 0.2),
        amount=("logn", 3900, 0.5),
        num=("ded", "MCB-", 1100, 5),
        **dict(goods, season=BEV_SEASON),
    )
    add(
        "Cedar Ridge Condiments",
        tax=("mix", 0.2),
        accounts=[("5000", 1)],
        freq=("rate", 0.3),
        amount=("logn", 3400, 0.5),
        num=("yearly", "CR{y}{n:04d}", 2.0),
        **goods,
    )
    add(
        "Georgian Bay Pasta Co.",
        tax=0.0,
        accounts=[("5000", 1)],
        freq=("rate", 0.25),
        amount=("logn", 4900, 0.45),
        num=("shared", "GBP", 77000, 3.0, 6),
        **goods,
    )
    add(
        "Simcoe Household Products",
        tax=0.13,
        accounts=[("5050", 1)],
        freq=("rate", 0.2),
        amount=("logn", 5800, 0.5),
        num=("shared", "SHP-", 140000, 6.0, 6),
        **goods,
    )
    add(
        "Trillium Paper Products",
        tax=0.13,
        accounts=[("5050", 1)],
        freq=("rate", 0.3),
        amount=("logn", 7100, 0.45),
        num=("shared", "TPP", 820000, 25.0, 7),
        **goods,
    )
    add(
        "Quinte Cheese Makers",
        tax=0.0,
        accounts=[("5030", 1)],
        freq=("rate", 0.3),
        amount=("logn", 7900, 0.45),
        num=("ded", "QCM-", 5600, 5),
        **goods,
    )
    # --- US suppliers (USD, no tax)
    usg = dict(
        cur="USD",
        country="US",
        cal="us",
        tax=0.0,
        bank="us",
        appr="po",
        po=True,
        rebill=0.008,
        accounts=[("5040", 1)],
        season=GOODS_SEASON,
    )
    add(
        "Badger State Cheese Co.",
        freq=("rate", 0.25),
        amount=("logn", 13800, 0.4),
        num=("shared", "", 310000, 18.0, 6),
        **usg,
    )
    add(
        "Central Valley Nut Growers LLC",
        freq=("rate", 0.12),
        amount=("logn", 21000, 0.35),
        num=("shared", "CVN", 88000, 9.0, 6),
        **usg,
    )
    add(
        "Lone Star Hot Sauce LLC",
        freq=("rate", 0.08),
        amount=("logn", 6200, 0.45),
        num=("shared", "LS", 15000, 4.0, 6),
        **usg,
    )
    add(
        "Carolina Snack Brands Inc.",
        freq=("rate", 0.15),
        amount=("logn", 11500, 0.4),
        num=("shared", "INV", 5400000, 60.0, 7),
        **usg,
    )
    add(
        "Pacific Rim Seasonings Corp.",
        freq=("rate", 0.05),
        amount=("logn", 4100, 0.5),
        num=("shared", "PRS-", 20000, 3.0, 5),
        **usg,
    )
    # --- European suppliers (EUR)
    eug = dict(
        cur="EUR",
        tax=0.0,
        appr="po",
        po=True,
        rebill=0.008,
        accounts=[("5040", 1)],
        season=GOODS_SEASON,
        lag="slow",
    )
    add(
        "Oleificio Valle d'Oro S.r.l.",
        country="IT",
        cal="eu-IT",
        bank="iban-IT",
        freq=("rate", 0.06),
        amount=("logn", 17500, 0.35),
        num=("yearly", "{n}/{y}", 2.5),
        **eug,
    )
    add(
        "Pastificio Monte Sereno S.p.A.",
        country="IT",
        cal="eu-IT",
        bank="iban-IT",
        freq=("rate", 0.05),
        amount=("logn", 14500, 0.35),
        num=("yearly", "FT {n}/{y}", 3.5),
        **eug,
    )
    add(
        "Brauerei Hochfeld GmbH",
        country="DE",
        cal="eu-DE",
        bank="iban-DE",
        freq=("rate", 0.04),
        amount=("logn", 20500, 0.3),
        num=("yearly", "RE-{y}-{n:05d}", 6.0),
        **eug,
    )
    add(
        "Fromagerie du Val d'Aulne SAS",
        country="FR",
        cal="eu-FR",
        bank="iban-FR",
        freq=("rate", 0.04),
        amount=("logn", 11800, 0.35),
        num=("yearly", "FA{y}-{n:05d}", 4.0),
        **eug,
    )
    # --- carriers, fuel, fleet
    car = dict(rebill=0.012, season=GOODS_SEASON, appr="matrix", variable=False)
    add(
        "Maple Leaf Linehaul Inc.",
        accounts=[("5310", 0.7), ("5300", 0.3)],
        freq=("rate", 1.2),
        cal="on_sat",
        habit="sat",
        amount=("lanes", [(1450, 5), (980, 4), (2350, 2), (1180, 3), (720, 3), (540, 2)]),
        num=("pro", "ML", 40000000, 400.0),
        **car,
    )
    add(
        "TransOntario Freight Ltd.",
        accounts=[("5310", 1)],
        freq=("rate", 1.5),
        amount=("logn", 640, 0.7),
        num=("pro", "TOF", 7000000, 300.0),
        rebill=0.012,
        season=GOODS_SEASON,
    )
    add(
        "Northbound Express Carriers",
        accounts=[("5310", 1)],
        freq=("rate", 0.4),
        amount=("lanes", [(2350, 4), (3100, 2), (1850, 3), (2900, 2)]),
        num=("pro", "NBX", 880000, 40.0),
        **car,
    )
    add(
        "Border Bridge Logistics Inc.",
        tax=0.0,
        accounts=[("5300", 1)],
        freq=("rate", 0.3),
        amount=("lanes", [(3950, 4), (1350, 3), (1650, 3), (3400, 2)]),
        num=("shared", "BB-", 64000, 8.0, 6),
        **car,
    )
    add(
        "Lakeside Courier Services",
        accounts=[("5310", 1)],
        freq=("monthly", "last"),
        habit="monthday",
        amount=("logn", 2400, 0.3),
        num=("shared", "LCS", 330000, 40.0, 6),
    )
    add(
        "Petro-Fleet Card Services",
        accounts=[("6100", 1)],
        freq=("weekly", 6),
        habit="sun",
        bank=None,
        amount=("fuel", 24000 * (trucks / 12.0) ** 0.8, 0.08),
        num=("acctdate", ["PF88231"], ""),
        appr="matrix",
        lag="paper",
        variable=True,
    )
    add(
        "Ontario Diesel Supply Ltd.",
        accounts=[("6100", 1)],
        freq=("rate", 0.2),
        amount=("fuel", 7350, 0.12),
        num=("shared", "ODS", 52000, 6.0, 6),
    )
    add(
        "Ridgeway Truck Leasing",
        accounts=[("6110", 1)],
        freq=("monthly", 1),
        habit="monthday",
        units=[(f"T{i:02d}", [2819.0, 2425.0, 3631.0][i % 3]) for i in range(trucks)],
        amount=("fixed", 0, 0.035, 1),
        num=("ded", "RTL-", 55100, 6),
        variable=False,
        lag="paper",
    )
    add(
        "Highway Tire & Retread Ltd.",
        accounts=[("6140", 1)],
        freq=("rate", 0.15),
        amount=("logn", 2700, 0.7),
        num=("shared", "HTR", 91000, 8.0, 6),
    )
    add(
        "Steeltown Truck Repair Inc.",
        accounts=[("6120", 1)],
        freq=("rate", 0.4),
        amount=("logn", 2100, 0.85),
        num=("ded", "W", 12800, 5),
    )
    add(
        "Reefer Pro Refrigeration Service",
        accounts=[("6120", 1)],
        freq=("rate", 0.1),
        cal="on",
        habit="occasional",
        amount=("logn", 1500, 0.9),
        num=("shared", "RP", 4400, 2.0, 5),
    )
    add(
        "Express Toll Route Billing",
        accounts=[("6130", 1)],
        freq=("monthly", 8),
        habit="monthday",
        bank=None,
        amount=("logn", 4700 * (trucks / 12.0) ** 0.8, 0.15),
        num=("acctdate", ["41-7720931"], ""),
        appr="pad",
    )
    add(
        "Highway 11 Haulers",
        kind="factored",
        accounts=[("5310", 1)],
        freq=("rate", 0.05),
        amount=("lanes", [(2600, 3), (3300, 1)]),
        num=("ded", "", 101, 4),
        variable=False,
        min_rows=10000,
    )
    add(
        "J. Bouchard Trucking",
        kind="factored",
        accounts=[("5310", 1)],
        freq=("rate", 0.04),
        amount=("lanes", [(1850, 2), (2250, 1)]),
        num=("ded", "JB", 310, 4),
        variable=False,
        min_rows=10000,
    )
    add(
        "Kowalski Transport",
        kind="factored",
        accounts=[("5300", 1)],
        freq=("rate", 0.04),
        amount=("lanes", [(1400, 2), (2950, 1)]),
        num=("ded", "KT-", 57, 4),
        variable=False,
        min_rows=10000,
    )
    # --- packaging, pallets, customs
    add(
        "Peel Packaging Solutions",
        accounts=[("5100", 0.85), ("6400", 0.15)],
        freq=("rate", 0.4),
        amount=("logn", 5400, 0.55),
        num=("shared", "PPS", 26000, 5.0, 6),
        rebill=0.01,
        po=True,
        appr="po",
        kind="dualcur",
    )
    add(
        "Credit Valley Pallet Co.",
        accounts=[("5100", 1)],
        freq=("rate", 0.2),
        amount=("set", [(2400.0, 5), (3600.0, 3), (1200.0, 3), (4800.0, 1)]),
        num=("ded", "CVP", 7700, 5),
        variable=False,
        round_habit=True,
    )
    add(
        "Stretch-Wrap Supply Ontario",
        accounts=[("5100", 0.7), ("6400", 0.3)],
        freq=("rate", 0.15),
        amount=("logn", 1850, 0.5),
        num=("shared", "SW", 18000, 3.0, 6),
    )
    add(
        "Canuck Corrugated Inc.",
        accounts=[("5100", 1)],
        freq=("rate", 0.3),
        amount=("logn", 7300, 0.45),
        num=("shared", "CC", 660000, 20.0, 7),
        po=True,
        appr="po",
        rebill=0.01,
        kind="bankchange",
    )
    add(
        "PalletShare Rental Network",
        accounts=[("5100", 1)],
        freq=("monthly", "last"),
        habit="monthday",
        amount=("logn", 5900, 0.2),
        num=("shared", "PSR", 900000, 900.0, 7),
    )
    add(
        "Clearpath Customs Brokers",
        tax=("mix", 0.18),
        accounts=[("5320", 1)],
        freq=("rate", 0.4),
        amount=("logn", 1450, 0.6),
        num=("shared", "CCB", 2900000, 90.0, 7),
    )
    # --- utilities, telecom, waste (pre-authorised debits)
    pad = dict(bank=None, appr="pad", lag="paper")
    add(
        "Metro Hydro Distribution",
        accounts=[("6300", 1)],
        freq=("monthly", ("cycle", 12)),
        season=FLAT,
        units=[(s[0], {"DC1": 30000, "DC2": 17000, "DC3": 13500}.get(s[0], 1850)) for s in sites],
        amount=("seasonal", 0.25, 7, 0.07),
        num=("acctdate", [f"2001{457712 + 31 * i:06d}" for i in range(8)], "M"),
        **pad,
    )
    add(
        "Lakeland Gas Distribution",
        accounts=[("6310", 1)],
        freq=("monthly", ("cycle", 20)),
        units=[(s[0], {"DC1": 4200, "DC2": 3600, "DC3": 2700}.get(s[0], 900)) for s in sites[:5]],
        amount=("seasonal", 0.75, 1, 0.08),
        num=("acctdate", [f"91 {3344100 + 77 * i:07d} 2" for i in range(8)], "G"),
        **pad,
    )
    add(
        "Region of Peel Water Billing",
        tax=0.0,
        accounts=[("6320", 1)],
        freq=("quarterly", [2, 5, 8, 11], 15),
        units=[("DC1", 3100), ("BR1", 640)],
        amount=("seasonal", 0.1, 7, 0.1),
        num=("acctdate", ["0031-228871", "0031-190442"], "W"),
        **pad,
    )
    add(
        "Northern Lights Telecom",
        accounts=[("6330", 1)],
        freq=("monthly", 22),
        habit="monthday",
        amount=("drift", 3025.0, 0.025),
        num=("acctdate", ["514 822 9901"], "T"),
        variable=False,
        **pad,
    )
    add(
        "TrueNorth Mobility",
        accounts=[("6330", 1)],
        freq=("monthly", 18),
        habit="monthday",
        amount=("drift", 3630.0, 0.05),
        num=("acctdate", ["88412093"], "B"),
        variable=False,
        **pad,
    )
    add(
        "Enviro-Cycle Waste Services",
        accounts=[("6340", 1)],
        freq=("monthly", "lastbiz"),
        units=[(s[0], 980 if s[2] == "dc" else 340) for s in sites],
        amount=("seasonal", 0.1, 8, 0.18),
        num=("shared", "ECW", 7100000, 300.0, 7),
        **pad,
    )
    add(
        "Secure-Guard Monitoring Inc.",
        accounts=[("6810", 1)],
        freq=("monthly", 1),
        habit="monthday",
        units=[(s[0], 168.0) for s in sites],
        amount=("fixed", 0, 0.03, 1),
        num=("shared", "SGM", 520000, 60.0, 6),
        variable=False,
        min_rows=15000,
        **pad,
    )
    # --- rent (dated the 1st, entered ahead)
    rent = dict(
        freq=("monthly", 1),
        habit="monthday",
        lag="advance",
        amount=("fixed", 0, 0.025, 0),
        variable=False,
        round_habit=True,
        accounts=[("6200", 1)],
    )
    landlords = {
        "DC1": ("Meadowvale Industrial REIT", 68500.0, ("period", "MV-DC1-{y}{m:02d}")),
        "DC2": ("Carling Business Park Ltd.", 31250.0, ("ded", "CBP", 880, 4)),
        "DC3": ("Forest City Properties Inc.", 24800.0, ("yearly", "{y}-{n:03d}", 0.0)),
        "BR1": ("Harbourfront Commercial Holdings", 8500.0, ("ded", "HCH-", 3300, 5)),
        "BR2": ("Hamilton Mountain Plaza Inc.", 4200.0, ("ded", "", 7010, 4)),
        "BR3": ("Limestone City Realty", 3650.0, ("period", "LCR{y}{m:02d}")),
        "BR4": ("Nickel Belt Properties Ltd.", 3100.0, ("ded", "NBP", 421, 4)),
        "BR5": ("Barrie Gateway Centre", 3800.0, ("period", "BGC-{m:02d}{yy}")),
    }
    for s in sites:
        name, net, num = landlords[s[0]]
        acct = "6200" if s[2] == "dc" else "6210"
        esc_month = {
            "DC1": 1,
            "DC2": 5,
            "DC3": 9,
            "BR1": 1,
            "BR2": 3,
            "BR3": 7,
            "BR4": 10,
            "BR5": 4,
        }[s[0]]
        kw = dict(rent, accounts=[(acct, 1)])
        kw["amount"] = ("fixed", 0, 0.025 if s[0] != "BR1" else 0.03, esc_month)
        add(name, units=[(s[0], net)], num=num, **kw)
    # --- insurance (RST 8 %)
    add(
        "Dominion Mutual Insurance",
        tax=0.08,
        accounts=[("6500", 1)],
        freq=("monthly", 15),
        habit="monthday",
        units=[("P", 6250.0)],
        amount=("fixed", 0, 0.056, 7),
        num=("period", "DMI-7714-{y}{m:02d}"),
        variable=False,
        round_habit=True,
        bank=None,
        appr="matrix",
    )
    add(
        "Great Northern Life & Benefits",
        tax=0.08,
        accounts=[("6510", 1)],
        freq=("monthly", 1),
        habit="monthday",
        amount=("drift", 41000.0, 0.04),
        num=("period", "GN-55120-{y}{m:02d}"),
        variable=False,
        bank=None,
    )
    add(
        "Trans-Canada Fleet Underwriters",
        tax=0.08,
        accounts=[("6500", 1)],
        freq=("quarterly", [1, 4, 7, 10], 5),
        units=[("Q", 42000.0 * (trucks / 12.0))],
        amount=("fixed", 0, 0.06, 1),
        num=("shared", "TCF-", 18000, 4.0, 6),
        variable=False,
        round_habit=True,
    )
    # --- SaaS
    add(
        "Warehouse IQ Systems Inc.",
        accounts=[("6600", 1)],
        freq=("monthly", 1),
        habit="monthday",
        lag="advance",
        units=[("S", 4850.0)],
        amount=("fixed", 0, 0.05, 1),
        num=("alnum", "WIQ-7C21F0"),
        variable=False,
        round_habit=True,
    )
    add(
        "DocuVault Cloud Ltd.",
        accounts=[("6600", 1)],
        freq=("monthly", 12),
        habit="monthday",
        units=[("S", 389.0)],
        amount=("fixed", 0, 0.04, 3),
        num=("alnum", "DV-00A9E3"),
        variable=False,
        min_rows=10000,
    )
    add(
        "Aurora Cloud Office Reseller",
        accounts=[("6600", 1)],
        freq=("monthly", 9),
        habit="monthday",
        amount=("seats", 32.40, 85, 118),
        num=("shared", "ACO", 3300000, 900.0, 7),
        variable=False,
    )
    add(
        "PayFlow Payroll Services",
        accounts=[("6600", 1)],
        freq=("biweekly", 3),
        amount=("logn", 1260, 0.06),
        num=("shared", "PF", 8800000, 2500.0, 7),
        bank=None,
        appr="pad",
        min_rows=15000,
    )
    usaas = dict(
        cur="USD",
        country="US",
        cal="us",
        tax=0.0,
        bank="us",
        habit="monthday",
        variable=False,
        accounts=[("6600", 1)],
        round_habit=True,
    )
    add(
        "RouteWise Software Inc.",
        freq=("monthly", 20),
        units=[("S", 2450.0)],
        amount=("fixed", 0, 0.04, 6),
        num=("alnum", "RW-51B0D2"),
        **usaas,
    )
    add(
        "CloudLedger Inc.",
        freq=("monthly", 3),
        units=[("S", 1180.0)],
        amount=("fixed", 0, 0.06, 1),
        num=("alnum", "CL-9E11AA"),
        **usaas,
    )
    add(
        "FleetTrack Telematics LLC",
        freq=("monthly", 1),
        amount=("seats", 38.50, trucks * 3 + 6, trucks * 3 + 12),
        num=("shared", "FT", 600000, 400.0, 6),
        **dict(usaas, round_habit=False),
    )
    # --- professional fees
    add(
        "Bay Street Legal LLP",
        accounts=[("6700", 1)],
        freq=("legal",),
        lag="slow",
        round_habit=True,
        amount=("legal",),
        num=("shared", "", 410000, 45.0, 6),
        variable=True,
    )
    add(
        "Kingsway Chartered Accountants LLP",
        accounts=[("6710", 1)],
        freq=("audit",),
        lag="slow",
        round_habit=True,
        amount=("audit",),
        num=("yearly", "{y}-{n:04d}", 1.2),
    )
    add(
        "Summit Supply Chain Consulting",
        accounts=[("6720", 1)],
        freq=("monthly", "lastbiz"),
        units=[("S", 7500.0)],
        amount=("fixed", 0, 0, 1),
        start=D(2023, 5, 1),
        end=D(2024, 6, 30),
        established=False,
        num=("ded", "SSC-", 1, 3),
        variable=False,
        round_habit=True,
    )
    add(
        "Harrow HR Advisory",
        accounts=[("6720", 1)],
        freq=("rate", 0.02),
        amount=("logn", 2300, 0.5),
        num=("ded", "HHR", 230, 4),
    )
    # --- staffing
    add(
        "WorkForce Plus Staffing",
        accounts=[("6800", 1)],
        freq=("weekly", 6),
        habit="sun",
        units=[(s[0], 1.0) for s in dcs],
        amount=("hours", 26.9, 170, 420),
        season=GOODS_SEASON,
        num=("shared", "WFP", 2200000, 350.0, 7),
    )
    add(
        "Prime Labour Solutions",
        accounts=[("6800", 1)],
        freq=("weekly", 5),
        habit="sat",
        amount=("hours", 38.5, 70, 230),
        season=GOODS_SEASON,
        num=("shared", "PLS-", 44000, 25.0, 6),
        min_rows=10000,
    )
    add(
        "Holiday Rush Staffing Inc.",
        accounts=[("6800", 1)],
        freq=("weekly", 6, (11, 12)),
        habit="sun",
        units=[(s[0], 1.0) for s in dcs],
        amount=("hours", 25.5, 120, 300),
        start=D(2022, 11, 1),
        established=False,
        num=("yearly", "HRS{yy}-{n:03d}", 0.0),
        min_rows=10000,
    )
    # --- maintenance, facilities
    add(
        "Polar Refrigeration Mechanical",
        accounts=[("6420", 1)],
        freq=("polar",),
        habit="occasional",
        units=[(s[0], 3200.0) for s in dcs],
        amount=("polar", 2400, 1.0),
        num=("shared", "PRM", 15000, 4.0, 6),
        round_habit=True,
    )
    add(
        "Liftmaster Forklift Service",
        accounts=[("6430", 1)],
        freq=("rate", 0.3),
        amount=("logn", 880, 0.85),
        num=("ded", "LM-", 60200, 6),
    )
    add(
        "Brampton Building Maintenance",
        accounts=[("6410", 1)],
        freq=("rate", 0.15),
        amount=("logn", 1800, 0.95),
        num=("shared", "BBM", 8800, 2.0, 5),
    )
    add(
        "Electra Electrical Contractors",
        accounts=[("6410", 1)],
        freq=("rate", 0.08),
        amount=("logn", 3300, 1.0),
        num=("shared", "EEC-", 23000, 3.0, 5),
    )
    add(
        "Rack & Dock Installations Inc.",
        accounts=[("1500", 0.6), ("6410", 0.4)],
        freq=("rate", 0.03),
        amount=("logn", 11000, 0.8),
        num=("ded", "RD", 940, 4),
    )
    add(
        "Spotless Commercial Cleaning",
        accounts=[("6820", 1)],
        freq=("monthly", "lastbiz"),
        units=[(s[0], "clean_dc" if s[2] == "dc" else "clean_br") for s in sites],
        amount=("clean",),
        num=("ded", "SCC", 10400, 5),
        variable=False,
    )
    add(
        "Pest Shield Services",
        accounts=[("6410", 1)],
        freq=("monthly", ("cycle", 10)),
        units=[(s[0], 245.0) for s in sites],
        amount=("fixed", 0, 0.03, 1),
        num=("shared", "PS", 77000, 20.0, 6),
        variable=False,
        min_rows=15000,
    )
    # --- IT, office, marketing, travel
    add(
        "TechSource Canada Inc.",
        accounts=[("6610", 0.7), ("1500", 0.3)],
        freq=("rate", 0.1),
        amount=("logn", 2300, 1.0),
        num=("shared", "TSC", 5100000, 150.0, 7),
    )
    add(
        "Maplemart Business",
        accounts=[
            ("6920", 0.35),
            ("6400", 0.25),
            ("6610", 0.15),
            ("6410", 0.1),
            ("6900", 0.08),
            ("6120", 0.07),
        ],
        freq=("rate", 0.5),
        amount=("logn", 310, 1.0),
        num=("alnum", "MMB-4410"),
        bank=None,
        cal="any",
        habit="any",
    )
    add(
        "GTA Office Essentials",
        accounts=[("6920", 1)],
        freq=("rate", 0.2),
        amount=("logn", 430, 0.8),
        num=("shared", "GOE", 400000, 30.0, 6),
    )
    add(
        "Printworks Marketing Group",
        accounts=[("6900", 1)],
        freq=("rate", 0.08),
        amount=("logn", 2700, 0.9),
        num=("ded", "PMG-", 3300, 5),
    )
    add(
        "Taste of Ontario Trade Shows",
        accounts=[("6900", 1)],
        freq=("annual", [(2, 10, 5000.0), (9, 5, 3500.0)]),
        amount=("annual",),
        num=("yearly", "TOS{y}-{n:03d}", 6.0),
        variable=False,
        round_habit=True,
    )
    add(
        "Lakeshore Corporate Travel",
        accounts=[("6910", 1)],
        freq=("monthly", "last"),
        habit="monthday",
        amount=("logn", 6400, 0.45),
        num=("period", "LCT-ST-{y}{m:02d}"),
    )

    # --- local trades and small suppliers
    places = [
        "Oakville",
        "Brampton",
        "Vaughan",
        "Markham",
        "Guelph",
        "Cambridge",
        "Waterloo",
        "Peterborough",
        "Belleville",
        "Cobourg",
        "Orillia",
        "Collingwood",
        "Stratford",
        "Woodstock",
        "Brantford",
        "Welland",
        "St. Catharines",
        "Pickering",
        "Ajax",
        "Whitby",
        "Oshawa",
        "Newmarket",
        "Aurora",
        "Milton",
        "Halton",
        "Durham",
        "Lanark",
        "Renfrew",
        "Cornwall",
        "Brockville",
        "North Bay",
        "Timmins",
        "Owen Sound",
        "Chatham",
        "Sarnia",
        "Kitchener",
        "Burlington",
        "Etobicoke",
        "Scarborough",
        "Bolton",
        "Caledon",
        "Uxbridge",
        "Port Hope",
        "Napanee",
        "Perth",
        "Smiths Falls",
        "Arnprior",
        "Pembroke",
        "Bracebridge",
        "Huntsville",
        "Midland",
        "Tillsonburg",
        "Simcoe",
        "Grimsby",
        "Lindsay",
        "Fergus",
        "Elora",
        "Orangeville",
    ]
    trades = [
        ("Plumbing & Heating", "6410", 1150, 0.85, 0.13),
        ("Electric", "6410", 1400, 0.9, 0.13),
        ("Welding & Fabrication", "6120", 1700, 0.85, 0.13),
        ("Door & Dock Services", "6410", 2100, 0.75, 0.13),
        ("Signs & Graphics", "6900", 1300, 0.85, 0.13),
        ("Catering", "6910", 820, 0.7, 0.13),
        ("Industrial Supply", "6400", 880, 0.85, 0.13),
        ("Safety Supply", "6400", 690, 0.8, 0.13),
        ("Uniform Services", "6400", 450, 0.35, 0.13),
        ("Honey Farm", "5000", 2100, 0.5, 0.0),
        ("Maple Syrup Co.", "5000", 3000, 0.5, 0.0),
        ("Specialty Foods", "5000", 4100, 0.55, ("mix", 0.3)),
        ("Artisan Bakery", "5000", 880, 0.5, 0.0),
        ("Family Farms", "5000", 2400, 0.6, 0.0),
        ("Brewing Company", "5010", 2900, 0.5, 0.13),
        ("Landscaping", "6410", 1050, 0.6, 0.13),
        ("Snow Removal", "6410", 2300, 0.45, 0.13),
        ("Glass & Mirror", "6410", 780, 0.8, 0.13),
        ("Auto Glass", "6120", 640, 0.5, 0.13),
        ("Truck Wash", "6120", 380, 0.35, 0.13),
        ("Shredding Services", "6920", 140, 0.3, 0.13),
        ("Print Shop", "6920", 510, 0.8, 0.13),
        ("IT Consulting", "6720", 2700, 0.7, 0.13),
        ("Lock & Key", "6410", 340, 0.7, 0.13),
        ("Fire Protection", "6410", 1550, 0.7, 0.13),
        ("Scale Calibration", "6430", 880, 0.4, 0.13),
        ("Hydraulics", "6120", 1250, 0.9, 0.13),
        ("Towing", "6120", 690, 0.6, 0.13),
        ("Roofing", "6410", 3900, 0.9, 0.13),
        ("Paving", "6410", 5200, 0.8, 0.13),
        ("Refrigeration Parts", "6420", 1300, 0.9, 0.13),
        ("Packaging Supply", "5100", 1600, 0.6, 0.13),
        ("Cold Storage", "5300", 3300, 0.5, 0.13),
        ("Cartage", "5310", 850, 0.6, 0.13),
    ]
    suffixes = ["Ltd.", "Inc.", "Co.", "Limited", "Corp.", "& Sons Ltd.", "Services Inc."]
    nminor = round(110 * math.sqrt(f))
    noneoff = round(22 * math.sqrt(f))
    used = set(v.name for v in V)
    mgrs = {"DC2": "hwilson", "DC3": "pmorin"}
    for i in range(nminor + noneoff):
        while True:
            t = rng.choice(trades)
            nm = f"{rng.choice(places)} {t[0]} {rng.choice(suffixes)}"
            if nm not in used:
                used.add(nm)
                break
        _, acct, med, sig, tax = t
        oneoff = i >= nminor
        kw = dict(
            accounts=[(acct, 1)],
            tax=tax,
            amount=("logn", med * math.exp(rng.gauss(0, 0.3)), sig),
            num=rng.choice(
                [
                    (
                        "shared",
                        rng.choice(["", "INV", "INV-", "#"]),
                        rng.randint(100, 20000),
                        rng.choice([0.2, 0.5, 1.0, 3.0]),
                        rng.choice([4, 5, 6]),
                    ),
                    ("ded", rng.choice(["", "INV-"]), rng.randint(1, 3000), 4),
                ]
            ),
            branch_mgr=mgrs.get(rng.choice(["DC1", "DC2", "DC3", "BR1"])),
        )
        if t[0] in ("Towing", "Refrigeration Parts"):
            kw["habit"] = "occasional"
        if t[0] == "Snow Removal":
            kw["season"] = WINTER
        if oneoff:
            start = LEDGER_START + dt.timedelta(days=rng.randint(100, 1050))
            kw.update(
                freq=("once",), start=start, end=start + 30 * DAY, established=False, kind="oneoff"
            )
        else:
            rate = rng.choice([0.01, 0.02, 0.03, 0.05, 0.08, 0.12])
            kw.update(freq=("rate", rate))
            u = rng.random()
            if u < 0.22:  # legitimately new during the ledger
                kw.update(
                    start=LEDGER_START + dt.timedelta(days=rng.randint(120, 900)), established=False
                )
            elif u < 0.35:  # stops billing (replaced)
                kw.update(end=LEDGER_START + dt.timedelta(days=rng.randint(200, 900)))
        add(nm, **kw)
    # drop recurring vendors not wanted at small sizes
    return [v for v in V if rows >= v.min_rows], sites


# ----------------------------------------------------------------------------- generation
class Gen:
    def __init__(self, seed, rows):
        self.seed = seed
        self.rows = rows
        self.rng = random.Random(seed)
        self.events = []
        self.vendors, self.sites = build_roster(self.rng, rows)
        self.vmap = {v.name: v for v in self.vendors}
        self.fsc = {}
        base = [
            0.24,
            0.25,
            0.30,
            0.36,
            0.40,
            0.42,
            0.39,
            0.35,
            0.33,
            0.36,
            0.38,
            0.34,
            0.31,
            0.30,
            0.29,
            0.28,
            0.29,
            0.30,
            0.31,
            0.33,
            0.35,
            0.34,
            0.32,
            0.30,
            0.29,
            0.28,
            0.29,
            0.30,
            0.31,
            0.30,
            0.29,
            0.28,
            0.28,
            0.29,
            0.30,
            0.30,
        ]
        for i, b in enumerate(base):
            y, m = 2022 + i // 12, i % 12 + 1
            self.fsc[(y, m)] = round(b + self.rng.uniform(-0.01, 0.01), 4)
        for y, m in [(2021, 10), (2021, 11), (2021, 12), (2025, 1)]:
            self.fsc[(y, m)] = 0.24
        self.groups = 0
        self.bank_of = {}
        self.meta = {"injected": collections.Counter()}

    # ---- events
    def new_event(self, v, d, net, acct=None, unit=None, tax=None, cur=None):
        rng = self.rng
        if tax is None:
            if isinstance(v.tax, tuple):
                share = min(1, max(0, rng.gauss(v.tax[1], 0.08)))
                tax = r2(net * share * 0.13)
            else:
                tax = r2(net * v.tax)
        net = r2(net)
        e = {
            "id": len(self.events),
            "v": v.name,
            "date": d,
            "net": net,
            "tax": r2(tax),
            "total": r2(net + tax),
            "cur": cur or v.cur,
            "account": acct or self.pick_account(v),
            "unit": unit,
            "type": "inv",
            "labels": [],
            "num": None,
            "rec": None,
            "up": None,
            "ap": None,
            "bank": None,
            "amt_inj": False,
            "inj": set(),
            "force_up": None,
            "force_ap": None,
            "jump": 0,
            "of": None,
        }
        e["rec"] = self.post_date(v, d)
        self.events.append(e)
        return e

    def pick_account(self, v):
        u = self.rng.random()
        acc = 0
        for a, s in v.accounts:
            acc += s
            if u < acc:
                return a
        return v.accounts[-1][0]

    def post_date(self, v, d):
        rng = self.rng
        if v.lag == "advance":
            return CAL.prev_business(d - rng.randint(3, 8) * DAY)
        if v.lag == "edi":
            lag = rng.choice([0, 0, 1, 1, 2])
        elif v.lag == "slow":
            lag = int(min(60, max(3, rng.lognormvariate(math.log(18), 0.5))))
        else:
            lag = int(min(40, max(0, rng.lognormvariate(math.log(5), 0.6))))
        if d.month == 12 and d.day >= 15:
            lag += rng.randint(2, 12)
        return CAL.next_business(d + lag * DAY)

    def set_total(self, e, total):
        total = r2(total)
        ratio = e["tax"] / e["net"] if e["net"] else 0.0
        e["net"] = r2(total / (1 + ratio))
        e["tax"] = r2(total - e["net"])
        e["total"] = total

    def label(self, e, kind, status, group="", note=""):
        e["labels"].append((kind, status, group, note))

    def group(self, kind):
        self.groups += 1
        return f"{kind}-{self.groups:d}"

    # ---- natural generation
    def generate(self):
        days = []
        d = GEN_START
        while d <= GEN_END:
            days.append(d)
            d += DAY
        # fixed-schedule vendors first, then scale volume vendors to the target
        volume = [v for v in self.vendors if v.freq[0] in ("rate", "polar", "legal")]
        fixed = [v for v in self.vendors if v not in volume]
        for v in fixed:
            self.gen_fixed(v, days)
        nfixed = sum(1 for e in self.events if LEDGER_START <= e["rec"] <= LEDGER_END)
        expected = 0.0
        for v in volume:
            expected += self.expected_volume(v, days)
        target = self.rows * 0.962 - nfixed
        scale = max(0.05, target / max(1.0, expected))
        self.meta["scale"] = round(scale, 3)
        for v in volume:
            self.gen_volume(v, days, scale)

    def rate_day(self, v, d):
        if not (v.start <= d <= v.end):
            return 0.0
        if not CAL.works(v.cal, d):
            return 0.0
        r = v.season[d.month] * (1.06 ** (d.year - 2022))
        if d.weekday() == 5:
            r *= 0.45
        return r

    def expected_volume(self, v, days):
        base = v.freq[1] if v.freq[0] == "rate" else (0.06 if v.freq[0] == "polar" else 0.02)
        return base * sum(self.rate_day(v, d) for d in days if LEDGER_START <= d <= LEDGER_END)

    def gen_volume(self, v, days, scale):
        rng = self.rng
        base = v.freq[1] if v.freq[0] == "rate" else (0.06 if v.freq[0] == "polar" else 0.02)
        for d in days:
            lam = base * scale * self.rate_day(v, d)
            if lam <= 0:
                continue
            for _ in range(poisson(rng, lam)):
                self.natural(v, d, None)
        if v.freq[0] == "polar":  # monthly PM contract per DC as well
            self.gen_monthly(v, days, ("cycle", 10))
        if v.freq[0] == "legal":  # monthly retainer + trust retainers
            self.gen_monthly(v, days, "lastbiz", unit="retainer")
            for y in (2021, 2022, 2023, 2024):
                for m in rng.sample(range(1, 13), 2):
                    dd = CAL.adjust("on", D(y, m, rng.randint(3, 26)))
                    if GEN_START <= dd <= GEN_END:
                        self.natural(v, dd, "trust")

    def natural(self, v, d, unit):
        """One natural invoice of vendor v dated d."""
        rng = self.rng
        a = v.amount
        kind = a[0]
        if kind == "logn":
            med = a[1]
            if v.po and d.month == 12:
                med *= 1.15
            net = logn(rng, med, a[2])
            if v.kind == "dualcur" and rng.random() < 0.08:
                net = net / 1.35
                return self.new_event(v, d, net, tax=0.0, cur="USD", unit="usd")
        elif kind == "lanes":
            rates = a[1]
            tot = sum(w for _, w in rates)
            u = rng.random() * tot
            for r, w in rates:
                rate = r
                u -= w
                if u <= 0:
                    break
            net = rate * (1 + self.fsc.get((d.year, d.month), 0.3))
            if rng.random() < 0.1:
                net += rng.choice([75, 150, 225, 300, 85, 170])
        elif kind == "fuel":
            idx = (
                1
                + 0.12 * math.sin((d.year - 2022) * 12 + d.month / 2.0)
                + (0.1 if d.year == 2022 else 0)
            )
            net = logn(rng, a[1] * idx, a[2]) / 1.13
        elif kind == "polar":
            net = logn(rng, a[1], a[2])
            if unit:
                net = 3200.0 if d.year < 2024 else 3350.0
            elif v.habit == "occasional" and rng.random() < 0.15:
                # emergency call on a weekend
                wd = d + (5 - d.weekday()) * DAY if d.weekday() < 5 else d
                if wd.weekday() in (5, 6) and wd not in CAL.on_closed:
                    d = wd + rng.choice([0, 1]) * DAY
        elif kind == "legal":
            if unit == "retainer":
                net = 5000.0
            elif unit == "trust":
                return self.new_event(v, d, 10000.0, tax=0.0, unit="trust")
            else:
                net = logn(rng, 8200, 0.8)
        elif kind == "set":
            tot = sum(w for _, w in a[1])
            u = rng.random() * tot
            for val, w in a[1]:
                net = val
                u -= w
                if u <= 0:
                    break
        else:
            net = logn(rng, 1000, 0.5)
        if v.habit == "occasional" and kind == "logn" and rng.random() < 0.1:
            wd = d + (5 - d.weekday()) * DAY if d.weekday() < 5 else d
            if wd not in CAL.on_closed:
                d = wd + rng.choice([0, 1]) * DAY
        return self.new_event(v, d, net, unit=unit)

    def gen_monthly(self, v, days, spec, unit=None):
        rng = self.rng
        months = [*sorted(set((d.year, d.month) for d in days)), (2025, 1)]
        units = v.units if unit is None else [unit]
        for y, m in months:
            for ui, u in enumerate(units):
                if spec == "last":
                    d = month_end(y, m)
                elif spec == "lastbiz":
                    d = CAL.adjust("on", month_end(y, m))
                elif isinstance(spec, tuple) and spec[0] == "cycle":
                    base = spec[1] + (ui * 3) % 9
                    d = CAL.adjust("on", D(y, m, min(28, base + rng.randint(-2, 2))))
                else:
                    d = D(y, m, spec)
                    if v.habit != "monthday":
                        d = CAL.adjust(v.cal, d)
                if d > GEN_END and v.lag != "advance":
                    continue
                if not (v.start <= d <= v.end):
                    continue
                if v.freq[0] == "polar" or v.amount[0] == "polar":
                    self.natural(v, d, u[0] if isinstance(u, tuple) else "pm")
                elif v.amount[0] == "legal":
                    self.natural(v, d, "retainer")
                else:
                    self.scheduled(v, d, u)

    def gen_fixed(self, v, days):
        rng = self.rng
        fq = v.freq
        if fq[0] == "monthly":
            self.gen_monthly(v, days, fq[1])
        elif fq[0] == "weekly":
            for d in days:
                if d.weekday() != fq[1] or not (v.start <= d <= v.end):
                    continue
                if len(fq) > 2 and d.month not in fq[2]:
                    continue
                if d in CAL.on_closed and v.habit not in ("sun", "sat"):
                    continue
                d2 = d - DAY if v.habit == "sat" and d in CAL.on_closed else d
                for u in v.units:
                    self.scheduled(v, d2, u)
        elif fq[0] == "biweekly":
            for d in days:
                if (
                    d.weekday() == fq[1]
                    and (d - D(2021, 10, 7)).days % 14 == 0
                    and CAL.works("on", d)
                ):
                    self.scheduled(v, d, None)
        elif fq[0] == "quarterly":
            for d in days:
                if d.month in fq[1] and d.day == fq[2]:
                    for u in v.units:
                        self.scheduled(v, CAL.adjust("on", d), u)
        elif fq[0] == "annual":
            for y in (2021, 2022, 2023, 2024):
                for m, dd, net in fq[1]:
                    d = CAL.adjust("on", D(y, m, dd))
                    if GEN_START <= d <= GEN_END:
                        self.new_event(v, d, net * (1.04 ** (y - 2022)) // 50 * 50)
        elif fq[0] == "audit":
            for y in (2022, 2023, 2024):
                fee = 15000.0 + 1500 * (y - 2022)
                for m, dd, share in ((1, 20, 0.3), (3, 10, 0.45), (4, 22, 0.25)):
                    d = CAL.adjust("on", D(y, m, dd))
                    self.new_event(v, d, round(fee * share / 500.0) * 500.0 + 2500 * (m == 3))
                for _ in range(rng.randint(1, 3)):
                    d = CAL.adjust("on", D(y, rng.randint(5, 11), rng.randint(2, 27)))
                    self.new_event(v, d, logn(rng, 3400, 0.5))
        elif fq[0] == "once":
            d = CAL.adjust(v.cal, v.start)
            self.natural(v, d, None)
        else:
            raise ValueError(fq)

    def scheduled(self, v, d, u):
        """A scheduled (fixed/subscription/per-site) invoice."""
        rng = self.rng
        a = v.amount
        unit = u[0] if isinstance(u, tuple) else u
        base = u[1] if isinstance(u, tuple) else None
        if a[0] == "fixed":
            esc, month = a[2], a[3]
            years = (d.year - 2022) + ((1 if d.month >= month else 0) if month else 0)
            net = round(base * ((1 + esc) ** max(-1, years)), 0 if base >= 1000 else 2)
            if v.round_habit and base >= 1000:
                net = round(net / 50.0) * 50.0
            if "Harbourfront" in v.name:
                net = 8500.0 if d.year < 2024 else 8755.0
            if "Summit" in v.name:
                net = 7500.0
            return self.new_event(v, d, net, unit=unit)
        if a[0] == "seasonal":
            amp, peak, sig = a[1], a[2], a[3]
            mult = 1 + amp * math.cos(2 * math.pi * (d.month - peak) / 12.0)
            if v.season is not FLAT:
                mult = v.season[d.month]
            net = logn(rng, base * mult * (1.04 ** (d.year - 2022)), sig) / (1.13 if v.tax else 1)
            return self.new_event(v, d, net, unit=unit)
        if a[0] == "drift":
            net = a[1] * (1.03 ** (d.year - 2022)) * (1 + rng.uniform(-a[2], a[2]))
            return self.new_event(v, d, net, unit=unit)
        if a[0] == "seats":
            seats = rng.randint(a[2], a[3])
            return self.new_event(v, d, seats * a[1], unit=unit)
        if a[0] == "hours":
            rate = a[1] * (1.045 ** (d.year - 2022))
            hrs = rng.uniform(a[2], a[3]) * v.season[d.month]
            if d.month == 12:
                hrs *= 1.25
            hrs = round(hrs * 4) / 4.0
            return self.new_event(v, d, hrs * rate, unit=unit)
        if a[0] == "clean":
            if base == "clean_dc":
                net = 4290.0 if d.year < 2024 else 4350.0
            else:
                net = 1150.0 if d.year < 2024 else 1175.0
            return self.new_event(v, d, net, unit=unit)
        if a[0] == "fuel":
            idx = (
                1
                + 0.12 * math.sin((d.year - 2022) * 12 + d.month / 2.0)
                + (0.1 if d.year == 2022 else 0)
            )
            return self.new_event(v, d, logn(rng, a[1] * idx, a[2]) / 1.13, unit=unit)
        if a[0] == "logn":
            return self.new_event(v, d, logn(rng, a[1], a[2]), unit=unit)
        raise ValueError(a)

    # ---- special vendors (injected)
    def add_benford(self, n):
        rng = self.rng
        names = [
            "Northgate Facility Services",
            "Keystone Logistics Consulting",
            "Blue Heron Maintenance Group",
        ]
        for i in range(n):
            nm = names[i]
            v = Vendor(
                nm,
                accounts=[("6410", 1)] if i != 1 else [("6720", 1)],
                num=("ded", "NFS-" if i == 0 else "KLC", 1001, 4),
                kind="benford",
                established=(i != 1),
                start=D(2022, 2, 1) if i != 1 else D(2022, 9, 12),
                amount=("benford",),
                variable=True,
            )
            self.vendors.append(v)
            self.vmap[nm] = v
            cnt = max(80, min(170, round(110 * math.sqrt(self.rows / 40000.0))))
            span = (LEDGER_END - v.start).days - 20
            g = self.group("benford")
            for _ in range(cnt):
                d = CAL.adjust("on", v.start + rng.randint(0, span) * DAY)
                if i == 1:  # human digit preference (4-8), 100-9,999
                    fd = rng.choices(range(1, 10), weights=[2, 4, 6, 11, 14, 13, 12, 9, 5])[0]
                    tot = (fd + rng.random()) * rng.choice([100, 1000, 1000])
                elif i == 0:  # uniform mantissa: every first digit equally often, 100-9,999
                    tot = rng.uniform(1, 9.99) * rng.choice([100, 1000, 1000])
                else:  # linear-uniform 400-9,400 (narrow: Benford arguably not applicable)
                    tot = rng.uniform(400, 9400)
                e = self.new_event(v, d, tot / 1.13)
                self.set_total(e, tot)
                e["amt_inj"] = True
                e["inj"].add("benford")
                self.label(
                    e,
                    "benford",
                    "firm" if i < 2 else "ambiguous",
                    g,
                    "fabricated vendor ({})".format(
                        [
                            "uniform first digits, 100-9,999",
                            "human digit preference, 100-9,999",
                            "linear-uniform 400-9,400, under one decade and a half",
                        ][i]
                    ),
                )
            self.meta["injected"]["benford"] += 1

    def add_shells(self, n):
        rng = self.rng
        names = [
            f"{a} {b}"
            for a in [
                "Apex",
                "Premier",
                "Vertex",
                "Summit",
                "Dynamic",
                "Northstar",
                "Pinnacle",
                "Trident",
                "Crestview",
                "Orion",
                "Granite",
                "JMR",
                "Redline",
                "Bluewater",
            ]
            for b in [
                "Facility Solutions Inc.",
                "Industrial Supply Co.",
                "Consulting Group",
                "Maintenance Services",
                "Fleet Services Ltd.",
                "Office Systems",
                "Sanitation Supply",
                "Equipment Rentals",
                "Logistics Advisors",
                "Refrigeration Solutions",
            ]
        ]
        names = sorted(set(names) - set(self.vmap))
        rng.shuffle(names)
        for i in range(n):
            nm = names[i]
            start = WARMUP_END + dt.timedelta(
                days=rng.randint(60, (LEDGER_END - WARMUP_END).days - 90)
            )
            v = Vendor(
                nm,
                accounts=[(rng.choice(["6720", "6410", "6400", "6420"]), 1)],
                num=("ded", rng.choice(["INV-", "", "INV"]), rng.randint(1, 40), 4),
                kind="shell",
                established=False,
                start=start,
                end=start + 45 * DAY,
                amount=("logn", 4200, 0.5),
            )
            self.vendors.append(v)
            self.vmap[nm] = v
            g = self.group("new_vendor")
            k = rng.choice([1, 2, 2, 3])
            d = CAL.adjust("on", start)
            for j in range(k):
                tot = logn(rng, 4300, 0.45) * 1.13
                if rng.random() < 0.35:
                    tot = rng.choice([2500.0, 3000.0, 4000.0, 4500.0, 6000.0])
                e = self.new_event(v, d, tot / 1.13)
                self.set_total(e, tot)
                e["amt_inj"] = True
                e["inj"].add("new_vendor")
                self.label(e, "new_vendor", "firm", g, f"shell vendor, invoice {j + 1:d} of {k:d}")
                d = CAL.adjust("on", d + rng.randint(7, 20) * DAY, back=False)
            self.meta["injected"]["new_vendor"] += 1

    # ---- bank details
    def assign_banks(self):
        rng = self.rng
        factor_acct = bank_ca(rng, "003")
        for v in self.vendors:
            if v.bank is None:
                self.bank_of[v.name] = None
            elif v.kind == "factored":
                self.bank_of[v.name] = factor_acct
            elif v.bank == "ca":
                self.bank_of[v.name] = bank_ca(rng)
            elif v.bank == "us":
                self.bank_of[v.name] = bank_us(rng)
            elif v.bank.startswith("iban"):
                self.bank_of[v.name] = bank_iban(rng, v.bank[5:])
        usd_acct = bank_us(rng)
        new_acct = bank_ca(rng)
        for e in self.events:
            v = self.vmap[e["v"]]
            b = self.bank_of[v.name]
            if v.kind == "dualcur" and e["cur"] == "USD":
                b = usd_acct
            if v.kind == "bankchange" and e["date"] >= D(2023, 6, 12):
                b = new_acct
            if b and v.bank and v.bank.startswith("iban") and rng.random() < 0.4:
                b = spaced(b)
            e["bank"] = b or ""

    # ---- injections
    def pool(self, pred):
        return [
            e
            for e in self.events
            if e["type"] == "inv"
            and not e["inj"]
            and LEDGER_START <= e["rec"] <= LEDGER_END
            and pred(e)
        ]

    def cnt(self, base, floor):
        return max(floor, round(base * self.rows / 40000.0))

    def vendor_stats(self):
        by = collections.defaultdict(list)
        for e in self.events:
            if e["type"] == "inv" and LEDGER_START <= e["rec"] <= LEDGER_END:
                by[(e["v"], e["account"], e["cur"])].append(e)
        return by

    def robust(self, es):
        xs = sorted(math.log(e["total"]) for e in es if e["total"] > 0)
        if not xs:
            return 0, 0
        med = xs[len(xs) // 2]
        mad = sorted(abs(x - med) for x in xs)[len(xs) // 2]
        return med, 1.4826 * mad

    def inject_amounts(self):
        rng = self.rng
        V = self.vmap
        stats = self.vendor_stats()

        def varvend(v):
            return v.variable and v.kind == "normal" and v.amount[0] in ("logn", "hours", "fuel")

        # --- amount outliers
        cands = [(k, es) for k, es in stats.items() if len(es) >= 30 and varvend(V[k[0]])]
        n = self.cnt(40, 5)
        rng.shuffle(cands)
        done = 0
        while done < n and cands:
            before = done
            for _k, es in list(cands):
                if done >= n:
                    break
                med, s = self.robust(es)
                if s <= 0:
                    continue
                es_sorted = sorted(es, key=lambda e: e["date"])
                pool = [e for e in es_sorted[len(es_sorted) // 3 :] if not e["inj"]]
                if not pool:
                    continue
                e = rng.choice(pool)
                if math.log(10) >= 4.5 * s and rng.random() < 0.8:
                    if rng.random() < 0.18 and math.exp(med) >= 800:
                        new, style = e["total"] / 10, "decimal slip /10"
                    else:
                        new, style = e["total"] * 10, "decimal slip x10"
                    dev = abs(math.log(new) - med)
                    if dev < 4.5 * s:
                        new = math.exp(med + 5 * s)
                        style = "inflated"
                else:
                    fct = math.exp(rng.uniform(4.5, 6.0) * s)
                    if fct > 40:
                        continue
                    new, style = (
                        math.exp(med) * fct * rng.uniform(0.97, 1.03),
                        f"inflated x{fct:.1f}",
                    )
                if 9400 <= new * FX[e["cur"]] < 10000:
                    new *= 1.1
                self.set_total(e, new)
                e["amt_inj"] = True
                e["inj"].add("amount_outlier")
                self.label(
                    e,
                    "amount_outlier",
                    "firm",
                    self.group("outlier"),
                    f"{style} (vendor median {math.exp(med):.0f}, robust sigma {s:.2f})",
                )
                done += 1
            if done == before:
                break
        self.meta["injected"]["amount_outlier"] = done

        nonpo = [v for v in self.vendors if v.appr == "matrix" and v.cur == "CAD" and varvend(v)]
        nonpo_names = set(v.name for v in nonpo)

        # --- just below the approval limit
        n = self.cnt(25, 4)
        pool = self.pool(
            lambda e: e["v"] in nonpo_names and 700 <= e["total"] < 9000 and e["cur"] == "CAD"
        )
        for e in rng.sample(pool, min(n, len(pool))):
            tot = rng.uniform(9850, 9999.99) if rng.random() < 0.6 else rng.uniform(9500, 9850)
            self.set_total(e, tot)
            e["amt_inj"] = True
            e["inj"].add("below_limit")
            self.label(
                e,
                "below_limit",
                "firm",
                self.group("limit"),
                "{:.2f} just under 10,000".format(e["total"]),
            )
            self.meta["injected"]["below_limit"] += 1

        # --- round amounts
        n = self.cnt(30, 5)
        pool = self.pool(
            lambda e: (
                e["cur"] == "CAD"
                and varvend(V[e["v"]])
                and not V[e["v"]].round_habit
                and 600 <= e["total"] < 9000
            )
        )
        for e in rng.sample(pool, min(n, len(pool))):
            tot = max(1000.0, round(e["total"] / 500.0) * 500.0)
            if rng.random() < 0.6:
                e["net"], e["tax"], e["total"] = tot, 0.0, tot
                style = "round total, no tax"
            else:
                e["net"] = r2(tot / 1.13)
                e["tax"] = r2(tot - e["net"])
                e["total"] = tot
                style = "round total, HST backed out"
            e["amt_inj"] = True
            e["inj"].add("round_amount")
            self.label(e, "round_amount", "firm", self.group("round"), style)
            self.meta["injected"]["round_amount"] += 1

        # --- repeated amounts
        n = self.cnt(10, 3)
        vends = [
            k
            for k, es in stats.items()
            if len(es) >= 40 and varvend(V[k[0]]) and k[2] == "CAD" and "Maplemart" not in k[0]
        ]
        rng.shuffle(vends)
        made = 0
        for k in vends:
            if made >= n:
                break
            es = sorted([e for e in stats[k] if not e["inj"]], key=lambda e: e["date"])
            base = rng.choice(es[: len(es) // 2])
            if base["total"] % 1 == 0 or 9400 <= base["total"] < 10000:
                continue
            later = [e for e in es if (e["date"] - base["date"]).days >= 20]
            reps = []
            for e in rng.sample(later, min(len(later), 12)):
                if all(abs((e["date"] - r["date"]).days) >= 20 for r in reps):
                    reps.append(e)
                if len(reps) >= rng.choice([2, 3]):
                    break
            if len(reps) < 2:
                continue
            g = self.group("repeat")
            base["inj"].add("repeated_base")
            self.label(
                base, "repeated_amount", "ambiguous", g, "genuine invoice whose amount is reused"
            )
            for e in reps:
                self.set_total(e, base["total"])
                e["net"], e["tax"] = base["net"], base["tax"]
                e["amt_inj"] = True
                e["inj"].add("repeated_amount")
                self.label(
                    e,
                    "repeated_amount",
                    "firm",
                    g,
                    "reuses {:.2f} of {}".format(base["total"], base["date"]),
                )
            made += 1
        self.meta["injected"]["repeated_amount"] = made

        # --- clusters below round sums
        nclu = self.cnt(4, 2)
        per = max(6, round(10 * min(1.0, math.sqrt(self.rows / 40000.0))))
        thresholds = [5000, 2500, 1000, 2000, 7500, 5000, 2500, 1000]
        usedv = set()
        made = 0
        for T in thresholds:
            if made >= nclu:
                break
            cands = []
            for k, es in stats.items():
                v = V[k[0]]
                if (
                    k[0] in usedv
                    or k[2] != "CAD"
                    or not varvend(v)
                    or v.po
                    or len(es) < max(25, per * 3)
                ):
                    continue
                med, s = self.robust(es)
                inband = sum(
                    1
                    for e in self.events
                    if e["v"] == k[0]
                    and 0.9 * T <= e["total"] < T
                    and LEDGER_START <= e["rec"] <= LEDGER_END
                )
                m = math.exp(med)
                if (
                    (0.35 * T <= m <= 0.85 * T or 1.15 * T <= m <= 1.5 * T)
                    and s >= 0.4
                    and inband <= per / 2.0
                ):
                    cands.append(k)
            if not cands:
                continue
            k = rng.choice(sorted(cands))
            es = sorted([e for e in stats[k] if not e["inj"]], key=lambda e: e["date"])
            w0 = rng.randint(len(es) // 4, len(es) // 2)
            win = es[w0:]
            wend = win[0]["date"] + rng.randint(180, 365) * DAY
            win = [e for e in win if e["date"] <= wend]
            if len(win) < per:
                win = es[w0 : w0 + per * 2]
            g = self.group("cluster")
            for e in rng.sample(win, min(per, len(win))):
                self.set_total(e, rng.uniform(0.955, 0.998) * T)
                e["amt_inj"] = True
                e["inj"].add("round_cluster")
                self.label(e, "round_cluster", "firm", g, f"kept under {T:d}")
            self.meta.setdefault("clusters", []).append((k[0], T))
            usedv.add(k[0])
            made += 1
        self.meta["injected"]["round_cluster"] = made

        # --- split purchases (new invoices)
        n = self.cnt(18, 3)
        svend = [
            v
            for v in nonpo
            if v.amount[0] == "logn"
            and v.amount[1] >= 600
            and v.kind == "normal"
            and v.freq[0] in ("rate", "polar")
        ]
        made = 0
        for _ in range(n * 3):
            if made >= n or not svend:
                break
            v = rng.choice(svend)
            lo = max(v.start, LEDGER_START + 40 * DAY)
            hi = min(v.end, LEDGER_END - 45 * DAY)
            if hi <= lo:
                continue
            d0 = CAL.adjust("on", lo + rng.randint(0, (hi - lo).days) * DAY)
            parts = rng.choices([2, 3, 4], weights=[4, 4, 2])[0]
            P = rng.uniform(12000, min(30000, 9300 * parts))
            style = rng.choice(["equal", "near-equal", "uneven"])
            if style == "equal":
                amts = [P / parts] * parts
            elif style == "near-equal":
                amts = [P / parts * rng.uniform(0.97, 1.03) for _ in range(parts)]
            else:
                ws = [rng.uniform(0.5, 1.5) for _ in range(parts)]
                amts = [P * w / sum(ws) for w in ws]
            if any(a >= 9450 or a < 1000 for a in amts):
                continue
            offs = sorted(rng.randint(0, 5) for _ in range(parts))
            g = self.group("split")
            acct = self.pick_account(v)
            up = rng.choice(
                ["aroy", "kbrown" if d0 < D(2023, 6, 30) else "mlavoie", "tnguyen", "jsingh"]
            )
            ap = rng.choice(["dchen", "spatel"])
            for a, o in zip(amts, offs, strict=False):
                d = CAL.adjust("on", d0 + o * DAY, back=False)
                e = self.new_event(v, d, a / 1.13, acct=acct)
                if e["rec"] > LEDGER_END:
                    e["rec"] = CAL.prev_business(LEDGER_END)
                self.set_total(e, a)
                e["amt_inj"] = True
                e["inj"].add("split")
                e["force_up"], e["force_ap"] = up, ap
                self.label(e, "split", "firm", g, f"{style} parts of {P:.0f} in {parts:d} invoices")
                if style == "equal":
                    self.label(
                        e, "repeated_amount", "ambiguous", g, "equal parts of a split purchase"
                    )
            made += 1
        self.meta["injected"]["split"] = made

    def inject_accounts_banks(self):
        rng = self.rng
        V = self.vmap
        stats = self.vendor_stats()
        per_vendor = collections.defaultdict(list)
        for (vn, _acct, _cur), es in stats.items():
            per_vendor[vn].extend(es)
        # --- rare vendor/account
        n = self.cnt(24, 5)
        wrong = ["6910", "6900", "1500", "6720", "6610", "5040", "6500", "6920", "6100"]
        cands = [
            vn
            for vn, es in per_vendor.items()
            if len(es) >= 30 and len(V[vn].accounts) == 1 and V[vn].kind == "normal"
        ]
        made = 0
        for _ in range(n * 4):
            if made >= n or not cands:
                break
            vn = rng.choice(cands)
            es = [e for e in per_vendor[vn] if not e["inj"] and e["type"] == "inv"]
            es.sort(key=lambda e: e["date"])
            if len(es) < 20:
                continue
            e = rng.choice(es[len(es) // 4 :])
            own = set(a for a, _ in V[vn].accounts)
            acct = rng.choice([a for a in wrong if a not in own])
            e["account"] = acct
            e["inj"].add("rare_account")
            self.label(
                e,
                "rare_account",
                "firm",
                self.group("account"),
                "coded to {} (vendor uses {})".format(acct, "/".join(sorted(own))),
            )
            made += 1
        self.meta["injected"]["rare_account"] = made
        # --- bank detail frauds
        n = self.cnt(10, 3)
        cands = [
            vn
            for vn, es in per_vendor.items()
            if len(es) >= 20 and V[vn].bank and V[vn].kind == "normal" and V[vn].established
        ]
        rng.shuffle(cands)
        made = 0
        for vn in cands:
            if made >= n:
                break
            v = V[vn]
            es = sorted(
                [e for e in self.events if e["v"] == vn and e["type"] == "inv"],
                key=lambda e: (e["rec"], e["id"]),
            )
            es = [e for e in es if LEDGER_START <= e["rec"] <= LEDGER_END]
            if len(es) < 20:
                continue
            i = rng.randint(max(10, len(es) // 3), len(es) - 4)
            if v.bank.startswith("iban"):
                fraud = bank_iban(rng, rng.choice(["GB", "LT"]))
            elif v.bank == "us":
                fraud = bank_us(rng)
            else:
                fraud = bank_ca(rng)
            keep = 1 if rng.random() < 0.6 else rng.choice([2, 3])
            g = self.group("bank")
            for j in range(keep):
                e = es[i + j]
                e["bank_override"] = fraud
                e["inj"].add("bank_change")
                self.label(
                    e,
                    "bank_change",
                    "firm" if j == 0 else "ambiguous",
                    g,
                    "payment redirected to a new account" + ("" if j == 0 else " (continued)"),
                )
            self.label(es[i + keep], "bank_change", "ambiguous", g, "real account returns")
            es[i + keep]["inj"].add("bank_revert")
            made += 1
        self.meta["injected"]["bank_change"] = made

    def inject_dates(self):
        rng = self.rng
        V = self.vmap

        def weekday_vendor(v):
            return v.cal == "on" and v.habit is None and v.cur == "CAD" and v.kind == "normal"

        # --- weekend
        n = self.cnt(30, 5)
        pool = self.pool(lambda e: weekday_vendor(V[e["v"]]))
        made = 0
        for e in rng.sample(pool, min(len(pool), n * 2)):
            if made >= n:
                break
            d = e["date"]
            wd = d.weekday()
            cand = d + (5 - wd) * DAY if wd >= 3 else d - (wd + 1) * DAY
            if rng.random() < 0.5:
                cand = cand + DAY if cand.weekday() == 5 else cand - DAY
            if cand in CAL.on_closed or cand in CAL.on_soft:
                continue
            e["date"] = cand
            e["rec"] = self.post_date(V[e["v"]], cand)
            if not (LEDGER_START <= e["rec"] <= LEDGER_END):
                e["date"] = d
                e["rec"] = self.post_date(V[e["v"]], d)
                continue
            e["inj"].add("weekend")
            self.label(
                e, "weekend", "firm", self.group("weekend"), "dated {}".format(cand.strftime("%A"))
            )
            made += 1
        self.meta["injected"]["weekend"] = made
        # --- holidays
        n = self.cnt(20, 5)
        hols = sorted(
            h
            for h in CAL.on_firm
            if h.weekday() < 5 and LEDGER_START + 10 * DAY <= h <= LEDGER_END - 20 * DAY
        )
        byname = collections.defaultdict(list)
        for h in hols:
            byname[CAL.on_firm[h]].append(h)
        names = sorted(byname)
        rng.shuffle(names)
        made = 0
        pool = self.pool(lambda e: weekday_vendor(V[e["v"]]))
        bydate = collections.defaultdict(list)
        for e in pool:
            bydate[e["date"]].append(e)
        for i in range(n * 3):
            if made >= n:
                break
            h = rng.choice(byname[names[i % len(names)]])
            near = []
            for k in range(1, 8):
                near += bydate.get(h - k * DAY, []) + bydate.get(h + k * DAY, [])
            near = [e for e in near if not e["inj"]]
            if not near:
                continue
            e = rng.choice(near)
            old = e["date"]
            e["date"] = h
            e["rec"] = self.post_date(V[e["v"]], h)
            if not (LEDGER_START <= e["rec"] <= LEDGER_END):
                e["date"] = old
                continue
            e["inj"].add("holiday")
            self.label(e, "holiday", "firm", self.group("holiday"), f"dated on {CAL.on_firm[h]}")
            made += 1
        self.meta["injected"]["holiday"] = made
        # --- backdated, style a: genuine old invoice entered late
        n = self.cnt(20, 4)
        na = n // 2
        pool = self.pool(
            lambda e: V[e["v"]].kind == "normal" and e["date"] <= LEDGER_END - 130 * DAY
        )
        made = 0
        for e in rng.sample(pool, min(len(pool), na * 3)):
            if made >= na:
                break
            rec = CAL.next_business(e["date"] + rng.randint(120, 400) * DAY)
            if rec > LEDGER_END:
                continue
            e["rec"] = rec
            e["inj"].add("backdated")
            self.label(
                e,
                "backdated",
                "firm",
                self.group("backdated"),
                f"old invoice entered {(rec - e['date']).days:d} days late",
            )
            made += 1
        self.meta["injected"]["backdated"] = made
        self._typos_back = n - made
        self._typos_fwd = self.cnt(15, 4)

    def inject_typos(self):
        """After numbering: year / month typed wrong."""
        rng = self.rng
        V = self.vmap

        def ok(e, nd):
            v = V[e["v"]]
            return (
                CAL.works(v.cal, nd)
                and nd.weekday() < 5
                and nd not in CAL.on_soft
                and v.habit is None
            )

        pool = self.pool(lambda e: V[e["v"]].kind == "normal" and V[e["v"]].habit is None)
        rng.shuffle(pool)
        madeb = madef = 0
        for e in pool:
            if madeb >= self._typos_back and madef >= self._typos_fwd:
                break
            d = e["date"]
            if madeb < self._typos_back:
                try:
                    nd = d.replace(year=d.year - 1)
                except ValueError:
                    continue
                if ok(e, nd):
                    e["true_date"] = d
                    e["date"] = nd
                    e["inj"].add("backdated")
                    self.label(
                        e,
                        "backdated",
                        "firm",
                        self.group("backdated"),
                        f"year typed as {nd.year:d}",
                    )
                    self.label(
                        e,
                        "numbering",
                        "ambiguous",
                        "",
                        "date typo puts its number among other dates",
                    )
                    madeb += 1
                    continue
            if madef < self._typos_fwd:
                if rng.random() < 0.6:
                    try:
                        nd = d.replace(year=d.year + 1)
                    except ValueError:
                        continue
                    style = f"year typed as {nd.year:d}"
                else:
                    m = d.month + rng.randint(2, 9)
                    y = d.year + (m - 1) // 12
                    m = (m - 1) % 12 + 1
                    try:
                        nd = d.replace(year=y, month=m)
                    except ValueError:
                        continue
                    style = f"month typed as {m:02d}"
                if (nd - e["rec"]).days >= 30 and ok(e, nd):
                    e["true_date"] = d
                    e["date"] = nd
                    e["inj"].add("future")
                    self.label(e, "future", "firm", self.group("future"), style)
                    self.label(
                        e,
                        "numbering",
                        "ambiguous",
                        "",
                        "date typo puts its number among other dates",
                    )
                    madef += 1
        self.meta["injected"]["backdated"] += madeb
        self.meta["injected"]["future"] = madef

    # ---- credit notes and rebills
    def credits(self):
        rng = self.rng
        V = self.vmap
        for e in list(self.events):
            v = V[e["v"]]
            if e["type"] != "inv" or e["inj"] or v.rebill <= 0:
                continue
            u = rng.random()
            if u < v.rebill:
                cd = CAL.adjust(v.cal, e["date"] + rng.randint(2, 15) * DAY, back=False)
                cn = self.new_event(
                    v, cd, -e["net"], acct=e["account"], tax=-e["tax"], cur=e["cur"]
                )
                cn["type"] = "cn"
                cn["of"] = e["id"]
                rd = CAL.adjust(v.cal, cd + rng.randint(0, 3) * DAY, back=False)
                if rng.random() < 0.5:
                    net, tax = e["net"], e["tax"]
                else:
                    f = 1 + rng.choice([-1, 1]) * rng.uniform(0.02, 0.1)
                    net, tax = r2(e["net"] * f), r2(e["tax"] * f)
                rb = self.new_event(v, rd, net, acct=e["account"], tax=tax, cur=e["cur"])
                rb["type"] = "rebill"
                rb["of"] = e["id"]
                rb["rebill_suffix"] = rng.random() < 0.3
                e["credited"] = True
            elif u < v.rebill * 1.8:
                cd = CAL.adjust(v.cal, e["date"] + rng.randint(3, 25) * DAY, back=False)
                f = rng.uniform(0.02, 0.3)
                cn = self.new_event(
                    v, cd, -r2(e["net"] * f), acct=e["account"], tax=-r2(e["tax"] * f), cur=e["cur"]
                )
                cn["type"] = "cn"
                cn["of"] = e["id"]

    # ---- numbering
    def numbering(self):
        rng = self.rng
        V = self.vmap
        by = collections.defaultdict(list)
        for e in self.events:
            by[e["v"]].append(e)
        # injected counter jumps (dedicated counters)
        nj = max(2, self.cnt(24, 5) // 3)
        dedv = [
            vn
            for vn, es in by.items()
            if V[vn].num[0] == "ded"
            and V[vn].kind == "normal"
            and sum(1 for e in es if LEDGER_START <= e["rec"] <= LEDGER_END) >= 30
        ]
        rng.shuffle(dedv)
        self.jumps = []
        for vn in dedv[:nj]:
            es = sorted(
                [e for e in by[vn] if e["type"] in ("inv", "rebill")],
                key=lambda e: (e["date"], e["id"]),
            )
            inwin = [
                i
                for i, e in enumerate(es)
                if LEDGER_START + 60 * DAY <= e["rec"] <= LEDGER_END - 30 * DAY
                and not e["inj"]
                and i > 0
                and not es[i - 1]["inj"]
            ]
            if not inwin:
                continue
            i = rng.choice(inwin)
            es[i]["jump"] = rng.randint(25, 80)
            self.jumps.append((es[i - 1], es[i]))
        for vn, es in by.items():
            self.number_vendor(V[vn], es)
        # injected far-back / far-ahead numbers
        n = self.cnt(24, 5) - len(self.jumps)
        cands = [
            vn
            for vn, es in by.items()
            if V[vn].num[0] in ("ded", "shared", "yearly")
            and V[vn].kind == "normal"
            and sum(1 for e in es if LEDGER_START <= e["rec"] <= LEDGER_END) >= 30
        ]
        made = 0
        for _ in range(n * 4):
            if made >= n or not cands:
                break
            vn = rng.choice(cands)
            v = V[vn]
            es = sorted(
                [e for e in by[vn] if e["type"] == "inv" and e.get("seq") is not None],
                key=lambda e: (e["date"], e["id"]),
            )
            pool = [
                e for e in es if not e["inj"] and LEDGER_START + 200 * DAY <= e["rec"] <= LEDGER_END
            ]
            if not pool:
                continue
            e = rng.choice(pool)
            used = set(x["num"] for x in by[vn])
            seqs = [x["seq"] for x in es if x["rec"] >= LEDGER_START]
            style = (
                rng.choice(["back", "ahead"])
                if v.num[0] != "shared"
                else rng.choice(["gap", "ahead"])
            )
            if style == "back":
                seq = min(seqs) - rng.randint(200, 800)
                if seq < 1:
                    continue
                note = f"number from before the vendor's range ({seq:d})"
            elif style == "ahead":
                seq = e["seq"] + rng.randint(300, 900) * (
                    1 if v.num[0] != "shared" else max(1, int(v.num[3] * 5))
                )
                note = "number far ahead of its neighbours"
            else:
                old = [x for x in es if 180 <= (e["date"] - x["date"]).days <= 365]
                if len(old) < 3:
                    continue
                k = rng.randint(0, len(old) - 2)
                lo, hi = old[k]["seq"], old[k + 1]["seq"]
                if hi - lo < 3:
                    continue
                seq = rng.randint(lo + 1, hi - 1)
                back = (e["date"] - old[k]["date"]).days
                note = f"number from an unused gap {back:d} days back"
            num = self.fmt(v, e, seq, e.get("numfmt"))
            if num in used or num is None:
                continue
            e["num"] = num
            e["num_replaced"] = True
            e["inj"].add("numbering")
            self.label(e, "numbering", "firm", self.group("numbering"), note)
            made += 1
        for prev, nxt in self.jumps:
            g = self.group("numbering")
            self.label(
                nxt, "numbering", "firm", g, f"counter jumps by {nxt['jump']:d} before this invoice"
            )
            self.label(prev, "numbering", "ambiguous", g, "last number before an injected jump")
            nxt["inj"].add("numbering")
        self.meta["injected"]["numbering"] = made + len(self.jumps)

    def fmt(self, v, e, seq, numfmt=None):
        scheme = numfmt or v.num
        if scheme[0] == "switch":
            scheme = scheme[1] if e["date"] < scheme[3] else scheme[2]
        kind = scheme[0]
        d = e["date"]
        if kind == "ded":
            return f"{scheme[1]}{seq:0{scheme[3]}d}"
        if kind == "shared":
            return f"{scheme[1]}{seq:0{scheme[4]}d}"
        if kind == "yearly":
            return scheme[1].format(y=d.year, yy=d.year % 100, n=seq)
        if kind == "pro":
            return f"{scheme[1]}{seq:d}"
        return None

    def number_vendor(self, v, es):
        rng = self.rng
        for e in es:
            if e["type"] == "rebill" and e.get("rebill_suffix") is None:
                e["rebill_suffix"] = False
        suffixed = [
            e for e in es if e["type"] == "rebill" and e["rebill_suffix"] and v.num[0] != "period"
        ]
        invs = sorted(
            [e for e in es if e["type"] in ("inv", "rebill") and e not in suffixed],
            key=lambda e: (e["date"], e["id"]),
        )
        cns = sorted([e for e in es if e["type"] == "cn"], key=lambda e: (e["date"], e["id"]))
        scheme = v.num
        kind = scheme[0]
        last_date = None
        if kind == "switch":
            a, b, when = scheme[1], scheme[2], scheme[3]
            ca, cb = a[2], b[2]
            first_b = True
            for e in invs:
                sch = a if e["date"] < when else b
                if sch is a:
                    ca += 1 + poisson(rng, sch[3])
                    e["seq"] = ca
                else:
                    cb += 1 + (0 if first_b else poisson(rng, sch[3]))
                    e["seq"] = cb
                    if first_b:
                        e["erp_first"] = True
                        first_b = False
                e["numfmt"] = sch
                e["seq_key"] = (v.name, sch[1])
                e["num"] = self.fmt(v, e, e["seq"], sch)
        elif kind in ("ded", "shared", "pro"):
            c = scheme[2]
            rate = {
                "ded": 0.0,
                "shared": scheme[3] if kind == "shared" else 0,
                "pro": scheme[3] if kind == "pro" else 0,
            }[kind]
            for e in invs:
                if last_date is None:
                    step = 1
                else:
                    gap = (e["date"] - last_date).days
                    step = 1 + (poisson(rng, rate * max(gap, 0.3)) if rate else 0)
                c += step + e["jump"]
                e["seq"] = c
                e["seq_key"] = (v.name, "c")
                e["num"] = self.fmt(v, e, c)
                last_date = e["date"]
        elif kind == "plants":
            pref, start, rate = scheme[1], scheme[2], scheme[3]
            cs = {p: start + 50000 * i for i, p in enumerate(pref)}
            lastd = {}
            for e in invs:
                p = pref[0] if rng.random() < 0.6 else pref[1]
                gap = (e["date"] - lastd.get(p, e["date"])).days
                cs[p] += 1 + poisson(rng, rate * max(gap, 0.3))
                lastd[p] = e["date"]
                e["seq"] = None
                e["num"] = f"{p}-{cs[p]:d}"
        elif kind == "yearly":
            rate = scheme[2]
            cy = {}
            for e in invs:
                y = e["date"].year
                if y not in cy:
                    cy[y] = rng.randint(1, 3) if rate == 0 else rng.randint(1, int(10 * rate) + 2)
                    if y == GEN_START.year:
                        cy[y] = 150 + int(280 * rate)
                else:
                    gap = (e["date"] - last_date).days if last_date else 1
                    cy[y] += 1 + (poisson(rng, rate * max(gap, 0.3)) if rate else 0)
                e["seq"] = cy[y]
                e["seq_key"] = (v.name, y)
                e["num"] = self.fmt(v, e, cy[y])
                last_date = e["date"]
        elif kind == "period":
            for e in invs:
                d = e["date"]
                e["num"] = scheme[1].format(y=d.year, yy=d.year % 100, m=d.month)
                if e["type"] == "rebill":
                    e["num"] += "-R"
                e["seq"] = None
        elif kind == "acctdate":
            accts, tag = scheme[1], scheme[2]
            units = sorted(set(str(e["unit"]) for e in invs))
            for e in invs:
                i = units.index(str(e["unit"])) % len(accts)
                e["num"] = "{}-{}{}".format(accts[i], e["date"].strftime("%Y%m%d"), tag)
                e["seq"] = None
        elif kind == "alnum":
            for c, e in enumerate(invs, start=1):
                e["num"] = f"{scheme[1]}-{c:04d}"
                e["seq"] = c
                e["seq_key"] = (v.name, "a")
        # rebills with suffix style (no counter number used)
        for e in suffixed:
            orig = self.events[e["of"]]
            e["num"] = (orig["num"] or f"X{orig['id']:d}") + rng.choice(["R", "-R", "R1"])
            e["seq"] = None
        c = rng.randint(100, 5000)
        for e in cns:
            c += 1 + (poisson(rng, 2.0) if kind in ("shared", "pro") else 0)
            prefix = v.cn_prefix if v.num[0] != "period" else "CR-"
            e["num"] = f"{prefix}{c:05d}"
            e["seq"] = None
        # make numbers unique per vendor (period/acctdate collisions)
        seen = collections.Counter()
        for e in sorted(es, key=lambda e: (e["date"], e["id"])):
            if e["num"] is None:
                e["num"] = f"X{e['id']:d}"
            seen[e["num"]] += 1
            if seen[e["num"]] > 1:
                e["num"] = f"{e['num']}-{seen[e['num']]:d}"

    # ---- duplicates
    def duplicates(self):
        rng = self.rng
        V = self.vmap
        n = self.cnt(60, 6)
        pool = self.pool(
            lambda e: (
                V[e["v"]].kind == "normal"
                and e["rec"] <= LEDGER_END - 50 * DAY
                and not e.get("credited")
            )
        )
        made = 0
        for e in rng.sample(pool, min(len(pool), n * 3)):
            if made >= n:
                break
            v = V[e["v"]]
            u = rng.random()
            num, date = e["num"], e["date"]
            if u < 0.4:
                style = "exact copy"
            elif u < 0.75:
                num = self.num_variant(num)
                style = "number variant {} -> {}".format(e["num"], num)
            else:
                if date.day <= 12 and date.month != date.day and rng.random() < 0.4:
                    date = date.replace(month=date.day, day=date.month)
                    style = "day/month swapped"
                else:
                    date = CAL.adjust(v.cal, date + rng.choice([-5, -3, -2, -1, 1, 2, 3, 5]) * DAY)
                    style = "date shifted"
                if date == e["date"] or not CAL.works(v.cal, date) or date in CAL.on_soft:
                    continue
                if rng.random() < 0.5:
                    num = self.num_variant(num)
                    style += " + number variant"
                if abs((date - e["date"]).days) > 60:
                    continue
            if num is None:
                continue
            c = dict(e)
            c["labels"] = []
            c["inj"] = {"duplicate"}
            c["id"] = len(self.events)
            c["num"] = num
            c["date"] = date
            c["rec"] = CAL.next_business(max(e["rec"], date) + rng.randint(3, 45) * DAY)
            if (c["rec"] - date).days > 60:
                c["rec"] = CAL.next_business(max(e["rec"], date) + 3 * DAY)
            if c["rec"] > LEDGER_END or (c["rec"] - date).days > 60:
                continue
            c["copy_of"] = e["id"]
            self.events.append(c)
            g = self.group("duplicate")
            self.label(c, "duplicate", "firm", g, style)
            self.label(c, "numbering", "ambiguous", g, "duplicate copy repeats or varies a number")
            self.label(e, "duplicate", "ambiguous", g, "original of an injected copy")
            e["inj"].add("dup_original")
            made += 1
        self.meta["injected"]["duplicate"] = made

    def num_variant(self, num):
        rng = self.rng
        opts = []
        i = 0
        while i < len(num) and not num[i].isdigit():
            i += 1
        if 0 < i < len(num):
            opts.append(num[i:])
            if "-" not in num[:i]:
                opts.append(num[:i] + "-" + num[i:])
            else:
                opts.append(num[:i].replace("-", "") + num[i:])
        if num.isdigit():
            opts += ["INV" + num, "0" + num, num + "-1"]
        if "0" in num[1:]:
            j = num.rindex("0")
            opts.append(num[:j] + "O" + num[j + 1 :])
        opts += [num + " A", num + "-1", num.lower() if num.lower() != num else num + "."]
        opts = [o for o in opts if o != num and o]
        return rng.choice(opts) if opts else None

    # ---- people
    def users(self):
        rng = self.rng
        V = self.vmap
        for e in self.events:
            v = V[e["v"]]
            d = e["rec"]
            c0 = v.name[0].upper()
            if v.uploader:
                up = v.uploader
            else:
                if c0 <= "F":
                    up = "aroy"
                elif c0 <= "M":
                    up = "kbrown" if d <= D(2023, 6, 30) else "mlavoie"
                elif c0 <= "S":
                    up = "tnguyen"
                else:
                    up = "jsingh"
                if rng.random() < 0.06:
                    up = rng.choice(
                        [
                            "aroy",
                            "tnguyen",
                            "jsingh",
                            "kbrown" if d <= D(2023, 6, 30) else "mlavoie",
                        ]
                    )
            cad = abs(e["total"]) * FX[e["cur"]]
            if v.appr == "po" and e["type"] != "cn":
                ap = "3-way-match" if cad <= 25000 else "rmacdonald"
            elif v.appr == "pad" and cad <= 5000:
                ap = ""
            else:
                if cad <= 2500 and v.branch_mgr:
                    ap = v.branch_mgr
                elif cad <= 10000:
                    ap = "dchen" if (hash_str(v.name) + d.toordinal() // 30) % 3 else "spatel"
                elif cad <= 50000:
                    ap = "rmacdonald"
                else:
                    ap = "lgagnon"
            if up not in ("edi-gateway",) and rng.random() < 0.01 and ap not in ("dchen",):
                up = "dchen" if ap != "dchen" else "spatel"
            if up == ap:
                ap = "spatel" if ap == "dchen" else "dchen"
            if e["force_up"]:
                up, ap = e["force_up"], e["force_ap"]
            e["up"], e["ap"] = up, ap
        # SoD injections
        n = self.cnt(24, 5)
        pool = self.pool(
            lambda e: (
                e["ap"] in ("dchen", "spatel", "rmacdonald", "hwilson", "pmorin")
                and e["up"] not in ("edi-gateway",)
            )
        )
        made = 0
        for e in rng.sample(pool, min(len(pool), n)):
            u = rng.random()
            if u < 0.5:
                e["up"] = e["ap"]
            elif u < 0.75:
                e["ap"] = e["up"]
            else:
                e["up"] = (
                    e["ap"].upper()
                    if rng.random() < 0.5
                    else e["ap"][0].upper() + e["ap"][1].upper() + e["ap"][2:]
                )
            e["inj"].add("sod")
            made += 1
        self.meta["injected"]["sod"] = made

    # ---- assemble
    def build(self):
        self.generate()
        self.add_benford(1 if self.rows < 20000 else (2 if self.rows < 80000 else 3))
        self.add_shells(self.cnt(6, 2))
        self.inject_amounts()
        self.inject_accounts_banks()
        self.inject_dates()
        self.credits()
        self.numbering()
        self.inject_typos()
        self.assign_banks()
        for e in self.events:
            if e.get("bank_override"):
                e["bank"] = e["bank_override"]
        self.duplicates()
        self.users()
        rows = [e for e in self.events if LEDGER_START <= e["rec"] <= LEDGER_END]
        rng = self.rng
        for e in rows:
            e["_k"] = (e["rec"], 0 if e["up"] == "edi-gateway" else 1, rng.random())
        rows.sort(key=lambda e: e["_k"])
        for i, e in enumerate(rows, 1):
            e["row"] = i
        self.rows_out = rows
        self.rule_labels(rows)
        return rows

    # ---- rule-based labels
    def rule_labels(self, rows):
        V = self.vmap

        def has(e, kind):
            return any(lab[0] == kind for lab in e["labels"])

        def habit_ok(v, d):
            if v.habit == "monthday":
                return True
            if v.habit == "sat" and d.weekday() == 5:
                return True
            if v.habit == "sun" and d.weekday() == 6:
                return True
            return v.habit == "any"

        by_vendor = collections.defaultdict(list)
        for e in rows:
            by_vendor[e["v"]].append(e)
        for e in rows:
            v = V[e["v"]]
            d = e["date"]
            # weekend
            if d.weekday() >= 5 and not has(e, "weekend") and v.cur == "CAD" and e["type"] != "x":
                if habit_ok(v, d):
                    pass
                elif v.habit == "occasional":
                    self.label(e, "weekend", "ambiguous", "", "emergency-call vendor on a weekend")
                else:
                    self.label(e, "weekend", "firm", "", "weekend date at a weekday vendor")
            # holiday
            domestic = v.cur == "CAD" and v.country == "CA"
            if domestic and not has(e, "holiday") and not habit_ok(v, d):
                if d in CAL.on_firm and v.habit == "occasional":
                    self.label(
                        e, "holiday", "ambiguous", "", "emergency-call vendor on " + CAL.on_firm[d]
                    )
                elif d in CAL.on_firm:
                    self.label(e, "holiday", "firm", "", CAL.on_firm[d])
                elif d in CAL.on_sub or d in CAL.on_soft:
                    self.label(
                        e, "holiday", "ambiguous", "", (CAL.on_sub.get(d) or CAL.on_soft.get(d))
                    )
            # backdated / future
            lag = (e["rec"] - d).days
            if lag >= 120 and not has(e, "backdated"):
                self.label(e, "backdated", "firm", "", f"dated {lag:d} days before entry")
            elif 61 <= lag < 120:
                self.label(e, "backdated", "ambiguous", "", f"dated {lag:d} days before entry")
            ahead = -lag
            if ahead >= 30 and not has(e, "future"):
                self.label(e, "future", "firm", "", f"dated {ahead:d} days after entry")
            elif 11 <= ahead < 30:
                self.label(e, "future", "ambiguous", "", f"dated {ahead:d} days after entry")
            elif d > AS_OF:
                self.label(e, "future", "ambiguous", "", "advance bill dated after the export date")
            # below limit
            cad = e["total"] * FX[e["cur"]]
            if 9500 <= cad < 10000:
                if e["cur"] == "CAD" and e["amt_inj"]:
                    if not has(e, "below_limit"):
                        self.label(
                            e, "below_limit", "firm", "", "injected amount lands in the band"
                        )
                else:
                    self.label(
                        e,
                        "below_limit",
                        "ambiguous",
                        "",
                        "natural amount {:.2f} {} in the band".format(e["total"], e["cur"]),
                    )
                self.label(
                    e, "round_cluster", "ambiguous", "", "amount just under the approval limit"
                )
            # round amount
            if (
                e["total"] >= 1000
                and round(e["total"] * 100) % 10000 == 0
                and not has(e, "round_amount")
            ):
                if e["amt_inj"]:
                    self.label(e, "round_amount", "firm", "", "injected amount is round")
                elif not v.round_habit:
                    self.label(e, "round_amount", "ambiguous", "", "natural round total")
            # sod
            up, ap = (e["up"] or "").strip().lower(), (e["ap"] or "").strip().lower()
            if up and up == ap and up not in ("edi-gateway", "3-way-match"):
                self.label(
                    e,
                    "sod",
                    "firm",
                    "",
                    "uploaded and approved by {} / {}".format(e["up"], e["ap"]),
                )
            # numbering: ERP switch
            if e.get("erp_first"):
                self.label(e, "numbering", "ambiguous", "", "first number after the ERP switch")
            # bank: factored carriers, legit change, dual currency
            if v.kind == "factored":
                self.label(
                    e,
                    "bank_change",
                    "ambiguous",
                    "",
                    "paid to a factoring company shared by 3 carriers",
                )
        # numbering: neighbours of a hole (number entered outside the export window, or replaced)
        allseq = set()
        present = set()
        inrows = set(id(e) for e in rows)
        for e in self.events:
            if e.get("seq_key") is not None and e.get("seq") is not None:
                allseq.add((e["seq_key"], e["seq"]))
                if id(e) in inrows and not e.get("num_replaced") and "duplicate" not in e["inj"]:
                    present.add((e["seq_key"], e["seq"]))
        for e in rows:
            k, q = e.get("seq_key"), e.get("seq")
            if k is None or q is None or e.get("num_replaced") or "duplicate" in e["inj"]:
                continue
            for nb in (q - 1, q + 1):
                if (k, nb) in allseq and (k, nb) not in present and not has(e, "numbering"):
                    self.label(
                        e, "numbering", "ambiguous", "", "next to a number missing from the export"
                    )
        # bank: first row after legit change / first USD account row
        for vn, es in by_vendor.items():
            v = V[vn]
            if v.kind in ("bankchange", "dualcur"):
                seen = []
                for e in es:
                    b = e["bank"].replace(" ", "")
                    if seen and b and b not in seen and "bank_change" not in e["inj"]:
                        self.label(
                            e,
                            "bank_change",
                            "ambiguous",
                            "",
                            "first invoice on a legitimately new account",
                        )
                    if b and b not in seen:
                        seen.append(b)
        # new vendors
        for vn, es in by_vendor.items():
            v = V[vn]
            if v.kind == "shell":
                continue
            first = es[0]
            earliest = min(es, key=lambda e: (e["date"], e["row"]))
            firsts = [first] if earliest is first else [first, earliest]
            if v.established:
                for f in firsts:
                    self.label(
                        f, "new_vendor", "ambiguous", "", "first row of an established vendor"
                    )
                continue
            for f in firsts:
                if first["rec"] > WARMUP_END:
                    self.label(
                        f,
                        "new_vendor",
                        "firm",
                        "",
                        f"first invoice of a vendor new in the ledger ({v.kind})",
                    )
                else:
                    self.label(f, "new_vendor", "ambiguous", "", "new vendor within the warm-up")
            for e in es[1:]:
                if e is earliest:
                    continue
                if (e["date"] - first["date"]).days <= 30 or (e["rec"] - first["rec"]).days <= 30:
                    self.label(
                        e,
                        "new_vendor",
                        "ambiguous",
                        "",
                        "further invoice within 30 days of the first",
                    )
                elif len(es) <= 3:
                    self.label(
                        e,
                        "new_vendor",
                        "ambiguous",
                        "",
                        f"new vendor with only {len(es):d} invoices",
                    )
        # duplicates: natural pairs
        for vn, es in by_vendor.items():
            amt = collections.defaultdict(list)
            for e in es:
                if e["type"] != "cn":
                    amt[e["total"]].append(e)
            for t, group in amt.items():
                if len(group) < 2:
                    continue
                group.sort(key=lambda e: e["row"])
                for i, e in enumerate(group):
                    if "duplicate" in e["inj"]:
                        continue
                    for p in group[:i]:
                        if abs((e["date"] - p["date"]).days) <= 7 and not has(e, "duplicate"):
                            if e["type"] == "rebill" or p["type"] == "rebill":
                                continue
                            others = [x for x in group if x is not e and x is not p]
                            if len(others) >= 3:
                                continue
                            self.label(
                                e,
                                "duplicate",
                                "ambiguous",
                                "",
                                "natural same-amount pair "
                                f"{abs((e['date'] - p['date']).days):d} days apart",
                            )
                # repeated amounts at variable vendors
                v = V[vn]
                if (
                    v.variable
                    and v.amount[0] in ("logn", "hours", "fuel", "benford")
                    and t % 1 != 0
                ):
                    nat_rep = [
                        e
                        for e in group
                        if e["type"] != "rebill"
                        and "duplicate" not in e["inj"]
                        and not has(e, "repeated_amount")
                    ]
                    if (
                        len(nat_rep) >= 2
                        and (max(e["date"] for e in nat_rep) - min(e["date"] for e in nat_rep)).days
                        > 7
                    ):
                        for e in nat_rep:
                            self.label(
                                e, "repeated_amount", "ambiguous", "", f"natural repeat of {t:.2f}"
                            )
        # outliers (natural) and rare accounts (natural)
        byva = collections.defaultdict(list)
        for e in rows:
            if e["type"] != "cn" and e["total"] > 0:
                byva[(e["v"], e["account"], e["cur"])].append(e)
        for es in byva.values():
            nat = [e for e in es if not e["amt_inj"]]
            if len(nat) < 20:
                continue
            med, s = self.robust(nat)
            med2, s2 = self.robust(es)
            for e in nat:
                x = math.log(e["total"])
                if (
                    (s > 0.02 and abs(x - med) >= 4 * s)
                    or (s <= 0.02 and abs(x - med) >= math.log(1.5))
                    or (s2 > 0.02 and abs(x - med2) >= 3.5 * s2)
                ) and not has(e, "amount_outlier"):
                    self.label(
                        e, "amount_outlier", "ambiguous", "", "natural extreme for the vendor"
                    )
        nv = collections.Counter(e["v"] for e in rows)
        nva = collections.Counter((e["v"], e["account"]) for e in rows)
        for e in rows:
            if nv[e["v"]] >= 20 and nva[(e["v"], e["account"])] <= 2 and not has(e, "rare_account"):
                self.label(
                    e, "rare_account", "ambiguous", "", "vendor uses this account <= 2 times"
                )
        # clusters: natural rows in the band at cluster vendors
        for vn, T in self.meta.get("clusters", []):
            for e in by_vendor[vn]:
                if 0.90 * T <= e["total"] < T and not has(e, "round_cluster"):
                    self.label(
                        e, "round_cluster", "ambiguous", "", f"natural row in the band under {T:d}"
                    )
        # split: natural look-alike groups at infrequent non-PO vendors
        for vn, es in by_vendor.items():
            v = V[vn]
            if v.appr != "matrix":
                continue
            nat = sorted(
                [
                    e
                    for e in es
                    if e["cur"] == "CAD"
                    and e["total"] > 0
                    and e["type"] != "cn"
                    and "split" not in e["inj"]
                ],
                key=lambda e: e["date"],
            )
            if not nat:
                continue
            dates = [e["date"] for e in nat]
            span = max(30, (dates[-1] - dates[0]).days + 1)
            pace7 = len(nat) / span * 7 * (sum(x["total"] for x in nat) / len(nat))
            if pace7 >= 6000:  # a week's billing normally comes near the limit: volume, not a split
                continue
            groups = []
            for i, e in enumerate(nat):
                j = i
                while j + 1 < len(nat) and (dates[j + 1] - e["date"]).days <= 6:
                    j += 1
                grp = nat[i : j + 1]
                if (
                    len(grp) >= 2
                    and sum(x["total"] for x in grp) >= 10000
                    and all(1000 <= x["total"] < 10000 for x in grp)
                ):
                    groups.append(grp)
            if (
                len(set((g[0]["date"].year, g[0]["date"].month) for g in groups)) >= 4
                and v.kind == "normal"
            ):
                # it happens most quarters: the vendor's habit (per-site bills, price list)
                continue
            for grp in groups:
                if True:
                    for x in grp:
                        if not has(x, "split"):
                            self.label(
                                x,
                                "split",
                                "ambiguous",
                                "",
                                f"natural group of {len(grp):d} within a week at a vendor "
                                f"billing ~{pace7:.0f} a week",
                            )


def hash_str(s):
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % 1000003
    return h


# ----------------------------------------------------------------------------- output
COLS = [
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
    "recorded_at",
]


def write_ledger(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        for e in rows:
            w.writerow(
                [
                    e["v"],
                    e["num"],
                    e["date"].isoformat(),
                    money(e["total"]),
                    e["cur"],
                    money(e["net"]),
                    money(e["tax"]),
                    e["account"],
                    e["bank"],
                    e["up"],
                    e["ap"],
                    e["rec"].isoformat(),
                ]
            )


def write_labels(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["row", "kind", "status", "group", "note"])
        for e in rows:
            seen = set()
            for kind, status, group, note in e["labels"]:
                if (kind, status) in seen:
                    continue
                seen.add((kind, status))
                w.writerow([e["row"], kind, status, group, note])


def run_cli(ledger, tmp):
    env = dict(os.environ)
    env["LEDGERLOOP_DB"] = os.path.join(tmp, "scratch.duckdb")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    py = shutil.which("python") or sys.executable
    t0 = time.time()
    p = subprocess.run(
        [
            py,
            "-m",
            "core",
            "anomalies",
            "--import-csv",
            ledger,
            "--json",
            "--as-of",
            AS_OF.isoformat(),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    secs = time.time() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-3000:])
        raise SystemExit(f"CLI failed with exit code {p.returncode:d}")
    findings = []
    for line in p.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            findings.append(json.loads(line))
    return findings, p.stderr, secs


def score(rows, findings):
    firm = collections.defaultdict(set)
    amb = collections.defaultdict(set)
    for e in rows:
        for kind, status, _, _ in e["labels"]:
            (firm if status == "firm" else amb)[kind].add(e["row"])
    for k in KINDS:
        amb[k] -= firm[k]
    pred = collections.defaultdict(set)
    reasons = collections.defaultdict(dict)
    unmapped = collections.Counter()
    names = collections.Counter()
    for f in findings:
        name = f.get("detector")
        names[name] += 1
        kind = DETECTOR_KIND.get(name) or guess_kind(name or "")
        if kind is None:
            unmapped[name] += 1
            continue
        if name not in DETECTOR_KIND:
            unmapped[name + f" (guessed as {kind})"] += 1
        r = int(f["row"])
        pred[kind].add(r)
        reasons[kind].setdefault(r, f.get("reason", ""))
    table = {}
    for k in KINDS:
        P, F, A = pred[k], firm[k], amb[k]
        tp = len(P & F)
        fp = len(P - F)
        fpl = len(P - F - A)
        fn = len(F - P)
        table[k] = {
            "labelled": len(F),
            "ambiguous": len(A),
            "predicted": len(P),
            "TP": tp,
            "FP": fp,
            "FP_lenient": fpl,
            "FN": fn,
            "precision_strict": (tp / len(P)) if P else None,
            "precision_lenient": (tp / (tp + fpl)) if (tp + fpl) else None,
            "recall": (tp / len(F)) if F else None,
        }
    return table, pred, firm, amb, reasons, unmapped, names


def fmt_ratio(x):
    return "  -  " if x is None else f"{x:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=40000)
    ap.add_argument("--keep", metavar="DIR")
    ap.add_argument("--json", action="store_true", help="print the result as one JSON object")
    ap.add_argument("--samples", type=int, default=3, help="missed/false rows shown per kind")
    a = ap.parse_args()
    t0 = time.time()
    g = Gen(a.seed, a.rows)
    rows = g.build()
    tgen = time.time() - t0
    tmp = tempfile.mkdtemp(prefix="maple_ledger_")
    try:
        ledger = os.path.join(tmp, "ledger.csv")
        write_ledger(rows, ledger)
        write_labels(rows, os.path.join(tmp, "labels.csv"))
        findings, stderr, tcli = run_cli(ledger, tmp)
        with open(os.path.join(tmp, "findings.jsonl"), "w") as f:
            for x in findings:
                f.write(json.dumps(x) + "\n")
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            for fn in ("ledger.csv", "labels.csv", "findings.jsonl"):
                shutil.copy(os.path.join(tmp, fn), os.path.join(a.keep, fn))
            with open(os.path.join(a.keep, "cli_stderr.txt"), "w") as f:
                f.write(stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table, pred, firm, amb, reasons, unmapped, names = score(rows, findings)
    byrow = {e["row"]: e for e in rows}
    below = [
        k
        for k in KINDS
        if (table[k]["precision_lenient"] is not None and table[k]["precision_lenient"] < 0.9)
        or (table[k]["recall"] is not None and table[k]["recall"] < 0.9)
        or (table[k]["labelled"] and table[k]["precision_lenient"] is None)
    ]
    samples = {}
    rng = random.Random(a.seed * 7 + 1)
    for k in KINDS:
        miss = sorted(firm[k] - pred[k])
        false = sorted(pred[k] - firm[k] - amb[k])

        def pick(xs):
            return sorted(rng.sample(xs, min(a.samples, len(xs))))

        samples[k] = {"missed": [], "false": []}
        for r in pick(miss):
            e = byrow[r]
            note = "; ".join(lab[3] for lab in e["labels"] if lab[0] == k and lab[1] == "firm")
            samples[k]["missed"].append(
                {
                    "row": r,
                    "vendor": e["v"],
                    "date": e["date"].isoformat(),
                    "amount": "{} {}".format(money(e["total"]), e["cur"]),
                    "number": e["num"],
                    "label": note,
                }
            )
        for r in pick(false):
            e = byrow[r]
            samples[k]["false"].append(
                {
                    "row": r,
                    "vendor": e["v"],
                    "date": e["date"].isoformat(),
                    "amount": "{} {}".format(money(e["total"]), e["cur"]),
                    "number": e["num"],
                    "reason": reasons[k].get(r, ""),
                }
            )
    summary = [ln for ln in stderr.splitlines() if ln.strip()][-3:]
    result = {
        "seed": a.seed,
        "rows_requested": a.rows,
        "rows": len(rows),
        "vendors": len(set(e["v"] for e in rows)),
        "findings": len(findings),
        "detectors": dict(names),
        "unmapped": dict(unmapped),
        "injected": dict(g.meta["injected"]),
        "seconds_generate": round(tgen, 1),
        "seconds_cli": round(tcli, 1),
        "table": table,
        "below_0.9": below,
        "samples": samples,
        "cli_summary": summary,
    }
    if a.json:
        print(json.dumps(result, indent=1))
        return
    print(
        f"Lakeshore Provisions ledger (CAD), seed {a.seed:d}: {len(rows):d} rows, "
        f"{result['vendors']:d} vendors, {len(findings):d} findings; "
        f"generated in {tgen:.1f} s, CLI {tcli:.1f} s"
    )
    print("injected: " + ", ".join(f"{k} {v:d}" for k, v in sorted(g.meta["injected"].items())))
    if unmapped:
        print(f"unmapped detector names: {dict(unmapped)}")
    print()
    hdr = (
        f"{'kind':<16} {'labelled':>8} {'ambig':>6} {'predicted':>9} {'TP':>6} {'FP':>6} "
        f"{'FPlen':>6} {'FN':>6} {'P strict':>8} {'P lenient':>8} {'recall':>7}"
    )
    print(hdr)
    print("-" * len(hdr))
    for k in KINDS:
        t = table[k]
        print(
            f"{k:<16} {t['labelled']:8d} {t['ambiguous']:6d} {t['predicted']:9d} "
            f"{t['TP']:6d} {t['FP']:6d} {t['FP_lenient']:6d} {t['FN']:6d} "
            f"{fmt_ratio(t['precision_strict']):>8} {fmt_ratio(t['precision_lenient']):>8} "
            f"{fmt_ratio(t['recall']):>7}"
        )
    print()
    print(f"below 0.9 (lenient precision or recall): {', '.join(below) or 'none'}")
    for k in KINDS:
        s = samples[k]
        if not s["missed"] and not s["false"]:
            continue
        print(f"\n[{k}]")
        for m in s["missed"]:
            print(
                f"  missed row {m['row']:d}: {m['vendor']}, {m['date']}, {m['amount']}, "
                f"no. {m['number']} -- {m['label']}"
            )
        for m in s["false"]:
            print(
                f"  false  row {m['row']:d}: {m['vendor']}, {m['date']}, {m['amount']}, "
                f"no. {m['number']} -- {m['reason'][:260]}"
            )
    if summary:
        print("\nCLI: " + " | ".join(summary)[:600])


if __name__ == "__main__":
    main()
