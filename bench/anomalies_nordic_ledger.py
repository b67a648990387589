#!/usr/bin/env python3
"""Labelled benchmark: a small Swedish construction and property-maintenance ledger (SEK)
screened by LedgerLoop's CLI as a black box.

Written from the issue's words alone (the detector list, "Done when" and the CSV import
contract), LedgerLoop's README and `python -m core anomalies --help`. Neither /work/main/core/
nor any /work/main/bench/anomalies*.py was read. The detector names in DETECTOR_TO_KIND come
from running the CLI once on this ledger, plus once on a small EUR probe file to learn the name
of the holiday detector, which printed nothing on the SEK ledger. Standard library only. Nothing
from /work/main is imported.

USAGE
    python3 anomalies_nordic_ledger.py [--seed N] [--rows N] [--keep DIR] [--json] [--examples K]
The script writes ledger.csv to a temporary folder and runs, in this project (or the checkout
LEDGER_TOOL_DIR names),
    python -m core anomalies --import-csv ledger.csv --json --as-of YYYY-MM-DD
with the default approval limit. It sets LEDGERLOOP_DB to a scratch file in the temporary
folder and sets PYTHONDONTWRITEBYTECODE, so nothing in the project is written. It then scores
the JSON lines. --keep DIR keeps ledger.csv, labels.csv (row,kind,status,group,note) and
findings.jsonl. --json prints every figure as one JSON object. The ledger is deterministic per
seed. A default run takes a few seconds.

THE BUSINESS
"Bergström Bygg & Fastighetsservice AB" in Uppsala is a small builder and property-maintenance
firm. Its base currency is SEK. Invoice dates run from 2023-01-02 to 2024-12-31, postings run
into January 2025, and the CSV is in posting order. By default the ledger has about 6,000 rows
and about 80 vendors. --rows scales the number of projects, vendors and people (2,000 rows: about
40 vendors; 20,000 rows: about 240 vendors). Approval rules: a site manager approves up to
10,000 SEK (the product's default limit is the firm's real limit), the project manager approves
up to 250,000 SEK and the CEO approves above that. The CEO approves overhead over 10,000 SEK and
the office manager approves overhead up to 10,000 SEK. When a site manager uploads an invoice
himself, his project manager approves it. Two clerks upload most invoices. The second clerk
starts in September 2023, and a fuel-card integration uploads the fuel receipts. Nothing is
posted during the clerk's holidays (July and Christmas), so those invoices are posted late.
Invoice volume follows the building sites: few invoices in the July industrial holiday, a push
from mid-November to mid-December, and a Christmas lull. Projects are staggered and many end in
December.

Columns: vendor, invoice_number, invoice_date (ISO), total_amount, currency, net_amount,
tax_amount, account (BAS), iban, uploaded_by, approved_by, posting_date.
VAT: 25 % on most purchases, 12 % on hotels and catering, 6 % on taxis and trains. There is no
VAT on subcontractor invoices (reverse-charge construction VAT, "omvänd byggmoms"), on EU and
Norwegian imports, or on insurance. Amounts are in öre and total = net + tax on every row.
IBANs are real-format (SE plus 22 digits, DE, FI, NO, with valid check digits). About 12 % of
Swedish vendors have no IBAN (bankgiro), and neither do the fuel cards or the taxi.

VENDORS AND THEIR HABITS (counts at the default size)
- 2 builders' merchants (4010, a tenth on 5410). They make several deliveries a week to every
  active project, lognormal amounts from 30 SEK to 300k with a median of 3-4k, OCR numbers
  (a counter plus a Luhn check digit) with large gaps between ours, and return credits. The
  main merchant's trade counter serves Saturday pick-ups.
- Electrical and plumbing wholesalers (counter; F-prefix with a separate K-series for credit
  notes), 2 consumables vendors (5410, one with a per-year counter), workwear (5480) and tools
  (5410; items over half a price base amount, 26,250 SEK net, go to 1220 as capex).
- 2 fuel-card vendors (5611): one receipt per fill on any day including weekends and holidays,
  random receipt numbers, posted weekly. About 7 % are filled for a round 500-1,000 SEK.
- 3 machine-hire firms (5220). One has a monthly contract fee in its own contract series
  (HKnnnn-007) next to ad-hoc hires in its main counter. There are 2 skip/waste firms (5060).
- Rent (5010): an external landlord whose notice is dated the 1st and posted 2-7 days earlier
  (period-coded numbers H5393-2308), and the owner's property company (a dense counter 1, 2,
  3, ...). Telecom (6212 variable, 6230 a fixed 2,493.75), electricity (5020, seasonal),
  insurance (6310, no VAT, annual and quarterly), accounting (6530, monthly; annual accounts
  every March), software (6540, fixed monthly or annual), car leasing (5615, contract
  installments LKnnnnn-014).
- About 22 subcontractors (4600, reverse charge). They bill each project monthly, on the last
  calendar day, the last working day or the first working day. About 60 % bill round stage
  payments and the rest bill hours x rate. Some have fixed payment plans, some send change-order
  (ÄTA) invoices, and a final invoice with the released retention is 1.4-2.1 times a stage.
  Their numbering is per-year, plain or prefixed; one dedicated subcontractor has a dense
  counter. Many have only 3-20 invoices.
- About 18 small service vendors with 3-20 invoices each (locksmith, lift inspection, surveyor,
  lab, crane, signs, lawyer, occupational health, training, ...). Some use fixed price lists
  with round prices, and 3 bill once a year.
- Hotels (12 %, nights x a round nightly rate, checkout on any day), taxi and train (6 %),
  and catering (12 %) with a Christmas party every December.
- Foreign vendors: a German fastener supplier (EUR, RE-2023-00123), a Finnish window maker (EUR)
  and a Norwegian facade supplier (NOK). Together they make under 3 % of rows. They date on
  their own working days, including some Swedish-only holidays such as 6 June, and are posted
  slowly.
- Credit notes (negative totals): partial returns, plus credit-and-rebill pairs (about 12 at the
  default size): the original, a full credit note, and a rebill at the same amount (60 %) or a
  corrected amount.

INJECTED ANOMALIES (status "anomaly"; counts at 6,000 rows, scaled with --rows, with a floor)
- duplicate: 12 copies of an invoice, entered again 0-20 days later by the other clerk. The
  variants are an exact copy, a re-typed number (dash dropped, leading zeros, suffix -1/A, F
  prefix), the same number with the date moved 2-10 days, a mistyped number (one digit changed
  or two swapped) and a fuel receipt imported twice. The copy is the anomaly and the original is
  ambiguous. Group = the pair.
- amount_outlier: 12 rows at vendor-accounts with at least 15 invoices. Each is multiplied by 10
  (a decimal slip), by 8-25 or by 100, so that it is at least 3 x the vendor-account's maximum
  and at least 8 x its median.
- benford: 2 fabricating vendors (1 when --rows < 3600, 3 from 15,000) with 130 and 105 invoices
  over the two years. Their first digits are drawn by hand from a flat-ish distribution (chi-square
  above 26.12, p < 0.001, and MAD above Nigrini's 0.015 are checked). Every row is labelled and
  the group is the vendor. A small ledger limits this test: only a vendor with about 100 or
  more invoices can be tested at all, so only a handful of vendors are testable.
- below_limit: 12 invoices between 9,520 and 9,985 SEK, approved by two site managers who keep
  just under their limit. One row per group.
- split_purchase: 8 purchases of 13.5-34k SEK cut into 2-4 parts (equal, near-equal or uneven),
  each under 10,000. The parts are dated the same day or over 1-3 working days, are numbered one
  after another by the vendor (other customers' invoices fall between parts on different days),
  are uploaded together and share one approver. They are
  at wholesalers, consumables, tools, machine hire, skips and the second merchant.
- threshold_cluster (round-sum clusters): 4 vendors, each with 8-11 invoices in [0.95 T, T) for a
  round sum T that is not the limit (2,000, 2,500, 5,000, 20,000, 25,000 or 50,000; two under
  5,000 when possible). Each vendor had at most 3 natural invoices in that band and at most 4
  just above it. Group = the vendor's cluster.
- round_amount: 12 invoices at vendors whose prices run to the öre (merchants, wholesalers,
  consumables, tools, workwear, skips, machine hire), rounded to a multiple of 1,000 SEK.
- repeated_amount: 4 groups. A typical amount (between the vendor's quartiles) is billed again
  2-4 times in extra invoices 3-8 weeks apart, at a vendor whose amounts otherwise vary. Every
  row of the group, the first included, is an anomaly.
- weekend_date: 12 invoices at office-hours vendors moved to the weekend just before (not at the
  merchant with Saturday pick-ups).
- holiday_date: 10 invoices at Swedish office-hours vendors moved to a weekday Swedish holiday.
- backdated: 10 invoices dated 120-400 days before their posting date.
- future_date: 10 invoices dated 25+ days after posting: a year typed wrong (+1) or a month typed
  wrong (+1/+2).
- new_vendor: every vendor first seen more than 120 days into the ledger. These are natural new
  subcontractors and suppliers, plus 3 injected shell vendors (consultants, 2-5 invoices, 15-98k).
  The vendor's first row, by date and in posting order, is the anomaly. Group = the vendor.
- iban_change: 6 established vendors whose IBAN changes: in 3 the new account is kept, in 3 it
  is used for 1-3 invoices and then the old one comes back. The first row with the new IBAN is
  the anomaly.
- numbering: 5 gaps of 1-6 missing numbers in dense series (the owner's property company,
  leasing and hire contracts, the dedicated subcontractor) and 5 swaps of two invoices' numbers
  60+ days apart in a series that grows with time. For a gap, the row after it is the anomaly;
  for a swap, both rows are.
- rare_account: 10 invoices posted to an account that is implausible for the vendor (a
  subcontractor on 5611 fuel, a merchant on 6212 telecom, fuel on 5010 rent, ...), at vendors
  with 12+ invoices.
- sod_breach: 10 invoices uploaded by their own approver (site manager, project manager or CEO).
  Every fifth is written with different capitals (Per.Olsson / per.olsson).

AMBIGUOUS (a finding there is neither right nor wrong: left out of lenient precision)
- Another kind's look on an injected row: a 10x slip landing on a round sum (round), an
  injected amount landing in the 5 % band under 10,000 (below_limit), equal split parts (repeated
  amount, duplicate), a duplicate's number and date-moved rows that break the order of a series
  (numbering), a year slip landing on a weekend, and so on. Every label on every row is checked
  against the final data for these looks.
- Natural look-alikes that the data cannot settle: every other invoice within 5 % under 10,000
  (the classic control test lists it); the original of a duplicate pair; same vendor and amount
  near in date or number; an amount billed several times; natural in-band invoices at a cluster
  vendor and its invoices 5-10 % under T (how far "just below" reaches is not defined); chance
  clusters (4+ under a round sum against at most 2.5 times fewer above); a natural log-scale
  robust z above 3.5; a natural account used at most twice (under 5 %) by a vendor; natural
  windows of several invoices under 10,000 within 3 days for one approver summing over 10,000
  (outside the merchant); natural gaps in a mostly consecutive series; a natural vendor whose
  amounts fail Benford (chi-square above 26.12 and MAD above 0.015) although it is not
  narrow-range; a vendor first seen 60-120 days in, or a once-a-year vendor first seen later;
  a new vendor's invoices in its first 60 days, or all invoices of a new vendor with 5 or fewer.
  IBAN: the later invoices on a changed IBAN, the return to the old one, and the first use of the
  two-account vendor's second account (on its second invoice).

INNOCENT (deliberate look-alikes; a finding there is a false positive; unlabelled rows are
innocent too)
- weekend/holiday: fuel on weekends and holidays, Saturday trade-counter pick-ups, hotel
  check-outs and travel, subcontractors that date every invoice on the last calendar day (some
  fall on a weekend or on New Year's Eve), the landlord that dates on the 1st (1 January,
  1 May), and foreign vendors dating on Swedish-only holidays that are their working days.
- backdated: invoices posted 31-70 days late because of the clerk's July and Christmas holidays
  or a slow foreign/small vendor. future_date: the landlord's notice, dated the 1st and posted
  days (up to about 4 weeks before the July holiday) before.
- round_amount: subcontractor round stage payments and hours x rate, price-list services, hotel
  nights, round fuel fills, fixed fees. repeated_amount: rent, leasing, subscriptions, the fixed
  broadband fee, hire contracts, payment plans, hotel nights, round fuel fills, credit-and-rebill.
- duplicate: credit notes, credit-and-rebill pairs, fixed periodic fees. threshold_cluster: fees
  at a steady level (broadband 2,493.75). amount_outlier: subcontractors' final invoices, the
  Christmas party, capex on 1220, the March annual accounts, credit notes.
- split_purchase: merchant deliveries on different days, and deliveries within 3 days to
  different projects and approvers.
- benford: narrow-range vendors (fuel, fees, utilities, skips, workwear, taxi).
- numbering: per-year counters restarting, credit notes in a K-series, receipt numbers.
- iban_change: a vendor paying into two accounts from the start, an IBAN printed with spaces by
  one clerk, rows without an IBAN.
- sod_breach: per.olsson (site manager) uploading and per.olofsson (project manager) approving,
  and rows not yet approved.
- below_limit: EUR invoices of 9,500-9,999 EUR (about 110k SEK).

SCORING (per kind; a finding is a distinct (row, detector) pair; findings of unknown detectors
are listed as unmapped)
    TP = findings on rows labelled anomaly; ambiguous hits = findings on rows labelled ambiguous;
    FP = the rest
    strict precision  = TP / findings
    lenient precision = TP / (findings - ambiguous hits)
    recall            = anomaly groups with at least one finding on one of their anomaly rows
                        / anomaly groups
Per kind, the script prints examples of missed groups and false positives: the row's context, the
vendor's neighbouring invoices and the detector's reason. It also prints a breakdown of false
positives and ambiguous hits by label note.
"""

from __future__ import annotations

import argparse
import contextlib
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
import zlib
from collections import Counter, defaultdict
from typing import ClassVar

D = dt.date
TD = dt.timedelta
START = D(2023, 1, 2)
END = D(2024, 12, 31)
LIMIT = 1_000_000  # 10,000.00 SEK in öre
BAND_LO = 950_000  # 5 % under the limit
FX = {"SEK": 1.0, "EUR": 11.45, "NOK": 0.99}
# the checkout measured: this project, or another given by LEDGER_TOOL_DIR
PRODUCT = os.environ.get(
    "LEDGER_TOOL_DIR", os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)

# --------------------------------------------------------------------------- kinds
K_DUP, K_OUT, K_BEN, K_BELOW, K_SPLIT, K_CLUS, K_ROUND, K_REP = (
    "duplicates",
    "amount_outliers",
    "benford",
    "below_limit",
    "split_purchases",
    "round_sum_clusters",
    "round_amounts",
    "repeated_amounts",
)
K_WKD, K_HOL, K_BACK, K_FUT, K_NEW, K_IBAN, K_NUM, K_RARE, K_SOD = (
    "weekend_dates",
    "holiday_dates",
    "backdated",
    "future_dates",
    "new_vendor",
    "iban_change",
    "numbering",
    "rare_vendor_account",
    "segregation_of_duties",
)
KINDS = [
    K_DUP,
    K_OUT,
    K_BEN,
    K_BELOW,
    K_SPLIT,
    K_CLUS,
    K_ROUND,
    K_REP,
    K_WKD,
    K_HOL,
    K_BACK,
    K_FUT,
    K_NEW,
    K_IBAN,
    K_NUM,
    K_RARE,
    K_SOD,
]
# The detector names the CLI prints (found by running it once on this ledger),
# mapped to the kinds above.
DETECTOR_TO_KIND = {
    "duplicate": K_DUP,
    "amount_outlier": K_OUT,
    "benford": K_BEN,
    "below_limit": K_BELOW,
    "split_purchase": K_SPLIT,
    "threshold_cluster": K_CLUS,
    "round_amount": K_ROUND,
    "repeated_amount": K_REP,
    "weekend_date": K_WKD,
    "holiday_date": K_HOL,
    "backdated": K_BACK,
    "future_date": K_FUT,
    "new_vendor": K_NEW,
    "iban_change": K_IBAN,
    "numbering": K_NUM,
    "rare_account": K_RARE,
    "sod_breach": K_SOD,
}


# --------------------------------------------------------------------------- calendar
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
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return D(y, month, day)


def _first_wd(y, m, d0, d1, wd):
    for d in range(d0, d1 + 1):
        x = D(y, m, d) if d <= 31 else None
        if x and x.weekday() == wd:
            return x


def _all_saints(y):
    for x in [D(y, 10, 31)] + [D(y, 11, d) for d in range(1, 7)]:
        if x.weekday() == 5:
            return x


def se_holidays(y):
    e = easter(y)
    mid = _first_wd(y, 6, 19, 25, 4)
    return {
        D(y, 1, 1): "New Year's Day",
        D(y, 1, 6): "Epiphany",
        e - TD(2): "Good Friday",
        e: "Easter Sunday",
        e + TD(1): "Easter Monday",
        D(y, 5, 1): "May Day",
        e + TD(39): "Ascension Day",
        e + TD(49): "Whit Sunday",
        D(y, 6, 6): "National Day",
        mid: "Midsummer Eve",
        mid + TD(1): "Midsummer Day",
        _all_saints(y): "All Saints' Day",
        D(y, 12, 24): "Christmas Eve",
        D(y, 12, 25): "Christmas Day",
        D(y, 12, 26): "Boxing Day",
        D(y, 12, 31): "New Year's Eve",
    }


def de_holidays(y):
    e = easter(y)
    return {
        D(y, 1, 1),
        e - TD(2),
        e + TD(1),
        D(y, 5, 1),
        e + TD(39),
        e + TD(50),
        D(y, 10, 3),
        D(y, 12, 24),
        D(y, 12, 25),
        D(y, 12, 26),
        D(y, 12, 31),
    }


def fi_holidays(y):
    e = easter(y)
    mid = _first_wd(y, 6, 19, 25, 4)
    return {
        D(y, 1, 1),
        D(y, 1, 6),
        e - TD(2),
        e + TD(1),
        D(y, 5, 1),
        e + TD(39),
        mid,
        mid + TD(1),
        _all_saints(y),
        D(y, 12, 6),
        D(y, 12, 24),
        D(y, 12, 25),
        D(y, 12, 26),
    }


def no_holidays(y):
    e = easter(y)
    return {
        D(y, 1, 1),
        e - TD(3),
        e - TD(2),
        e + TD(1),
        D(y, 5, 1),
        D(y, 5, 17),
        e + TD(39),
        e + TD(50),
        D(y, 12, 24),
        D(y, 12, 25),
        D(y, 12, 26),
        D(y, 12, 31),
    }


SE_HOL = {}
for _y in range(2021, 2027):
    SE_HOL.update(se_holidays(_y))
FOREIGN_HOL = {"DE": set(), "FI": set(), "NO": set()}
for _y in range(2021, 2027):
    FOREIGN_HOL["DE"] |= de_holidays(_y)
    FOREIGN_HOL["FI"] |= fi_holidays(_y)
    FOREIGN_HOL["NO"] |= no_holidays(_y)


def is_wkd(d):
    return d.weekday() >= 5


def working(d, country="SE"):
    if d.weekday() >= 5:
        return False
    if country == "SE":
        return d not in SE_HOL
    return d not in FOREIGN_HOL[country]


def next_working(d, country="SE"):
    while not working(d, country):
        d += TD(1)
    return d


def prev_working(d, country="SE"):
    while not working(d, country):
        d -= TD(1)
    return d


def month_end(y, m):
    return D(y + (m == 12), m % 12 + 1, 1) - TD(1)


def add_months(y, m, k):
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def days(a, b):
    return (b - a).days


def season(d):
    """Activity of the building sites: July industrial holiday, December push, Christmas."""
    md = (d.month, d.day)
    if (7, 8) <= md <= (8, 4):
        return 0.15
    if (6, 24) <= md <= (7, 7) or (8, 5) <= md <= (8, 12):
        return 0.7
    if md >= (12, 21) or md <= (1, 6):
        return 0.25
    if d.month == 12 or (d.month == 11 and d.day >= 15):
        return 1.5
    return 1.0


# clerk's vacations: nothing is posted then
VACATIONS = [
    (D(2023, 7, 10), D(2023, 8, 4)),
    (D(2024, 7, 8), D(2024, 8, 2)),
    (D(2023, 12, 22), D(2024, 1, 5)),
    (D(2024, 12, 23), D(2025, 1, 3)),
    (D(2022, 12, 22), D(2023, 1, 1)),
]


def postable(d):
    return working(d) and not any(a <= d <= b for a, b in VACATIONS)


def next_postable(d):
    while not postable(d):
        d += TD(1)
    return d


def prev_postable(d):
    while not postable(d):
        d -= TD(1)
    return d


# --------------------------------------------------------------------------- money
def fmt(ore):
    s = "-" if ore < 0 else ""
    a = abs(ore)
    return f"{s}{a // 100}.{a % 100:02d}"


VAT = {25: (1, 4), 12: (3, 25), 6: (3, 50), 0: (0, 1)}


def vat_of(net, rate):
    n, d = VAT[rate]
    if n == 0:
        return 0
    sgn = -1 if net < 0 else 1
    return sgn * ((abs(net) * n * 2 + d) // (2 * d))


def split_total(total, rate):
    """net and tax of a total incl. VAT (öre)."""
    if rate == 0:
        return total, 0
    n, d = VAT[rate]
    sgn = -1 if total < 0 else 1
    net = sgn * round(abs(total) * d / (d + n))
    return net, total - net


def sek(row):
    return row["total"] * FX[row["cur"]]


# --------------------------------------------------------------------------- ibans
def _iban(cc, bban):
    digits = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    chk = 98 - int(digits) % 97
    return f"{cc}{chk:02d}{bban}"


def make_iban(rng, cc):
    if cc == "SE":
        bank = rng.choice(["500", "600", "800", "300", "120", "958", "927"])
        return _iban("SE", bank + "".join(rng.choice("0123456789") for _ in range(17)))
    if cc == "DE":
        return _iban("DE", "".join(rng.choice("0123456789") for _ in range(18)))
    if cc == "FI":
        return _iban("FI", "".join(rng.choice("0123456789") for _ in range(14)))
    return _iban("NO", "".join(rng.choice("0123456789") for _ in range(11)))


def spaced(iban):
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def luhn(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return str((10 - tot % 10) % 10)


# --------------------------------------------------------------------------- people
CEO = "maria.bergstrom"
CLERKS = ["karin.ekstrom", "lars.nyberg"]
OFFICE = "eva.holm"
FUEL_IMPORT = "import.drivmedel"
BASE_SMS = ["anders.lind", "mikael.berg", "sara.nilsson", "johan.ek", "per.olsson"]
BASE_PMS = ["per.olofsson", "lena.dahl"]
FIRST = [
    "jonas",
    "emma",
    "oskar",
    "ida",
    "viktor",
    "elin",
    "henrik",
    "maja",
    "filip",
    "linnea",
    "gustav",
    "frida",
    "axel",
    "hanna",
    "nils",
    "tove",
    "erik",
    "klara",
    "anton",
    "moa",
]
LAST = [
    "holmberg",
    "sandberg",
    "lundqvist",
    "wallin",
    "engstrom",
    "hedlund",
    "falk",
    "sjoberg",
    "bjork",
    "nyman",
    "akesson",
    "forsberg",
    "lindholm",
    "stromberg",
    "blom",
]

# --------------------------------------------------------------------------- vendors
SUB_NAMES = [
    "Snickeri Bergkvist & Son AB",
    "Rör & Värme i Uppsala AB",
    "Målerifirman Lindgren AB",
    "Golvläggarna Öst AB",
    "Takmontage Nord AB",
    "Markentreprenad Fyris AB",
    "Betongarbeten Mälardalen AB",
    "Plåtslageri Andersson AB",
    "Kakel & Klinker Uppsala AB",
    "Isolerteknik Öst AB",
    "Rivningsgruppen Uppland AB",
    "Glasmästeriet i Uppsala AB",
    "Ventilationsteknik Norr AB",
    "Sprinklermontage Sverige AB",
    "Ställningsbyggarna Öst AB",
    "Gipsmontage Uppland AB",
    "Fönstermontage Mitt AB",
    "Snickerifirman Eriksson AB",
    "Elteknik Svensson AB",
    "Schaktarbeten Roslagen AB",
    "Murarna i Uppsala AB",
    "Asfaltläggning Mälardalen AB",
    "Elinstallationer Jonsson AB",
    "Fasadputs Öst AB",
]
SUB_TRADES = [
    "Bygg",
    "El",
    "VVS",
    "Måleri",
    "Golv",
    "Tak",
    "Mark",
    "Betong",
    "Plåt",
    "Kakel",
    "Isolering",
    "Rivning",
    "Glas",
    "Ventilation",
    "Sprinkler",
    "Ställning",
    "Gips",
    "Fönster",
    "Snickeri",
    "Schakt",
    "Murning",
    "Puts",
    "Kyl",
    "Hiss",
]
PLACES = [
    "Uppsala",
    "Enköping",
    "Knivsta",
    "Sigtuna",
    "Östhammar",
    "Tierp",
    "Heby",
    "Älvkarleby",
    "Gävle",
    "Sala",
    "Norrtälje",
    "Märsta",
    "Bålsta",
    "Öregrund",
    "Skutskär",
    "Storvreta",
]
SURN = [
    "Jansson",
    "Pettersson",
    "Karlsson",
    "Nilsson",
    "Larsson",
    "Olsson",
    "Persson",
    "Gustafsson",
    "Johansson",
    "Axelsson",
    "Hedström",
    "Sundqvist",
    "Wikström",
    "Lund",
    "Östlund",
    "Berglund",
    "Forsgren",
    "Mattsson",
    "Holm",
    "Ek",
    "Dahlberg",
    "Viklund",
]
SERVICES = [  # name, account, vat, model, (params), fixed-price
    ("Låssmeden Uppsala AB", "5410", 25, "price_list", (120000, 180000, 260000), True),
    ("Hissbesiktning Norden AB", "6550", 25, "price_list", (280000, 420000), True),
    ("Lantmäteri & Mätteknik Öst AB", "6550", 25, "lognorm", (2200000, 0.6), False),
    ("Geoteknik Laboratoriet AB", "6550", 25, "lognorm", (1400000, 0.5), False),
    ("Kranbilar Uppland AB", "5220", 25, "lognorm", (950000, 0.5), False),
    ("Skyltverkstaden i Uppsala AB", "5990", 25, "lognorm", (480000, 0.7), False),
    ("Brandskydd & Kontroll AB", "6550", 25, "price_list", (360000, 560000, 880000), True),
    ("Arbetsmiljökonsult Mitt AB", "6550", 25, "lognorm", (1200000, 0.5), False),
    ("IT-support Fyris AB", "6540", 25, "lognorm", (650000, 0.6), False),
    ("Advokatbyrån Dahl & Co KB", "6580", 25, "lognorm", (2800000, 0.6), False),
    ("Företagshälsan Uppland AB", "7620", 25, "price_list", (240000, 480000), True),
    ("Utbildningshuset Bygg AB", "7610", 25, "price_list", (520000, 960000, 1480000), True),
    ("Kopiering & Tryck Fyris AB", "6110", 25, "lognorm", (160000, 0.8), False),
    ("Energideklarationer Sverige AB", "6550", 25, "price_list", (720000, 1040000), True),
    ("Fuktmätning Norr AB", "6550", 25, "lognorm", (560000, 0.4), False),
    ("Bygglovskonsulten i Uppland AB", "6550", 25, "lognorm", (1800000, 0.5), False),
    ("Vattenskadesanering Öst AB", "4600", 25, "lognorm", (1900000, 0.7), False),
    ("Mattservice Uppland AB", "5060", 25, "lognorm", (90000, 0.3), False),
]
RARE_BAD = {  # implausible accounts per archetype for the mis-posting injection
    "merchant": ["6212", "6310", "5615", "6530"],
    "wholesaler": ["5611", "6530", "6310"],
    "consumables": ["5010", "6310", "5615"],
    "tools": ["6212", "5010"],
    "workwear": ["5010", "6212"],
    "fuel": ["4010", "5010", "6540"],
    "machine": ["6212", "6530", "6310"],
    "skip": ["6212", "5615"],
    "telecom": ["4010", "5611", "4600"],
    "sub": ["5611", "6212", "6540"],
    "software": ["4600", "5220"],
    "hotel": ["4010", "6212"],
    "service": ["5611", "5010"],
    "rent": ["4010", "5611"],
    "accounting": ["4010", "5220"],
    "electricity": ["4600", "6540"],
    "leasing": ["4010", "6212"],
    "foreign": ["6212", "5611"],
    "catering": ["4010", "5220"],
}


class V:
    def __init__(self, **kw):
        self.ibans = []
        self.share = 1.0
        self.alt = []
        self.kseries = False
        self.series = {}
        self.narrow = False
        self.fixed = False
        self.precise = False
        self.weekend_ok = False
        self.holiday_ok = False
        self.dating = "working"
        self.lag = "normal"
        self.overhead = False
        self.country = "SE"
        self.cur = "SEK"
        self.style = "counter"
        self.step = 5
        self.fab = False
        self.shell = False
        self.periodic = False
        self.round_prices = False
        self.__dict__.update(kw)


def build_population(rng, s):
    vs = []

    def n_of(base, lo=1):
        return max(lo, round(base * s))

    used = set()

    def uniq(name):
        base, k = name, 2
        while name in used:
            name = f"{base.replace(' AB', '')} {k} AB" if base.endswith(" AB") else f"{base} {k}"
            k += 1
        used.add(name)
        return name

    def gen_name(kind):
        for _ in range(200):
            if kind == "sub":
                nm = rng.choice(
                    [
                        f"{rng.choice(SURN)}s {rng.choice(SUB_TRADES)} AB",
                        f"{rng.choice(SUB_TRADES)}firman {rng.choice(PLACES)} AB",
                        f"{rng.choice(PLACES)} {rng.choice(SUB_TRADES)}service AB",
                    ]
                )
            else:
                nm = f"{rng.choice(PLACES)} {kind} AB"
            if nm not in used:
                return nm
        return f"{kind} {rng.randint(100, 999)} AB"

    # builders' merchants
    mnames = ["Uppländska Byggvaruhuset AB", "Bygg-Centralen i Mälardalen AB"]
    for i in range(n_of(2)):
        nm = uniq(mnames[i] if i < 2 else gen_name("Byggvaror"))
        vs.append(
            V(
                name=nm,
                arch="merchant",
                acct="4010",
                alt=[("5410", 0.1)],
                vat=25,
                style="ocr",
                step=rng.choice([180, 260, 340]),
                precise=True,
                med=280000 if i == 0 else 420000,
                sig=1.35 if i == 0 else 1.2,
                share=1.0 if i == 0 else 0.45,
                saturday=(i % 2 == 0),
            )
        )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Elgrossisten Norden AB" if i == 0 else gen_name("Elgrossist")),
                arch="wholesaler",
                acct="4010",
                alt=[("5410", 0.15)],
                vat=25,
                style="counter",
                step=rng.randint(25, 60),
                precise=True,
                med=320000,
                sig=1.2,
                rate=0.05,
            )
        )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("VVS-Grossisten Uppsala AB" if i == 0 else gen_name("VVS-grossist")),
                arch="wholesaler",
                acct="4010",
                alt=[("5410", 0.12)],
                vat=25,
                style="prefix",
                prefix="F",
                step=rng.randint(15, 40),
                kseries=True,
                precise=True,
                med=380000,
                sig=1.2,
                rate=0.045,
            )
        )
    cn = ["Förbrukning & Fästteknik Sverige AB", "Byggförbrukning Öst AB"]
    for i in range(n_of(2)):
        vs.append(
            V(
                name=uniq(cn[i] if i < 2 else gen_name("Förbrukning")),
                arch="consumables",
                acct="5410",
                alt=[("4010", 0.08)],
                vat=25,
                style="year" if i % 2 == 0 else "counter",
                step=rng.randint(3, 9),
                precise=True,
                med=110000,
                sig=0.9,
                rate=0.02,
            )
        )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Arbetskläder Norr AB" if i == 0 else gen_name("Arbetskläder")),
                arch="workwear",
                acct="5480",
                vat=25,
                style="counter",
                step=rng.randint(8, 20),
                precise=True,
                med=180000,
                sig=0.7,
                rate=0.006,
                narrow=True,
            )
        )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Verktygsmagasinet i Uppsala AB" if i == 0 else gen_name("Verktyg")),
                arch="tools",
                acct="5410",
                vat=25,
                style="counter",
                step=rng.randint(4, 12),
                precise=True,
                med=240000,
                sig=1.1,
                rate=0.012,
            )
        )
    # fuel cards
    fn = ["Nordbränsle Kort AB", "Drivmedelskortet Sverige AB"]
    for i in range(n_of(2)):
        vs.append(
            V(
                name=uniq(fn[i] if i < 2 else gen_name("Drivmedel")),
                arch="fuel",
                acct="5611",
                vat=25,
                style="receipt",
                dating="any",
                lag="fuel",
                weekend_ok=True,
                holiday_ok=True,
                narrow=True,
                precise=True,
            )
        )
    # machine hire
    mh = ["Maskinuthyrning Mälardalen AB", "Liftkompaniet Uppsala AB", "Byggmaskiner Öst AB"]
    for i in range(n_of(3)):
        vs.append(
            V(
                name=uniq(mh[i] if i < 3 else gen_name("Maskinhyra")),
                arch="machine",
                acct="5220",
                vat=25,
                style="counter",
                step=rng.randint(10, 40),
                precise=True,
                med=650000,
                sig=0.9,
                rate=0.02,
                contract=(i % 3 == 0),
                fee=rng.choice([1840000, 1520000, 2160000]),
            )
        )
    for i in range(n_of(2)):
        vs.append(
            V(
                name=uniq(
                    ["Container & Återvinning Uppland AB", "Avfallstjänst Mitt AB"][i]
                    if i < 2
                    else gen_name("Container")
                ),
                arch="skip",
                acct="5060",
                vat=25,
                style="counter",
                step=rng.randint(10, 30),
                precise=True,
                med=340000,
                sig=0.5,
                rate=0.02,
                narrow=True,
            )
        )
    # rent
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Fastighets AB Kvarnbacken" if i == 0 else gen_name("Fastigheter")),
                arch="rent",
                acct="5010",
                vat=25,
                style="period",
                cno=rng.randint(2000, 8999),
                dating="monthstart",
                lag="ahead",
                overhead=True,
                fixed=True,
                narrow=True,
                fee=3800000 + 250000 * i,
                periodic=True,
            )
        )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Bergström Fastigheter i Uppsala AB" if i == 0 else gen_name("Lokaler")),
                arch="rent",
                acct="5010",
                vat=25,
                style="dense",
                start_no=1,
                dating="monthstart_working",
                overhead=True,
                fixed=True,
                narrow=True,
                fee=2250000 + 180000 * i,
                periodic=True,
            )
        )
    # telecom, power, insurance, accounting, software, leasing
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Telekom Norden AB" if i == 0 else gen_name("Mobiltelefoni")),
                arch="telecom",
                acct="6212",
                vat=25,
                style="ocr",
                step=9000,
                overhead=True,
                narrow=True,
                precise=True,
                fee=360000,
                variable=True,
                periodic=True,
            )
        )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Bredbandsbolaget Uppsala AB" if i == 0 else gen_name("Bredband")),
                arch="telecom",
                acct="6230",
                vat=25,
                style="ocr",
                step=4000,
                overhead=True,
                narrow=True,
                fixed=True,
                fee=199500,
                periodic=True,
            )
        )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Upplandsenergi Elhandel AB" if i == 0 else gen_name("Energi")),
                arch="electricity",
                acct="5020",
                vat=25,
                style="ocr",
                step=12000,
                overhead=True,
                narrow=True,
                precise=True,
                periodic=True,
            )
        )
    vs.append(
        V(
            name=uniq("Byggförsäkringar Sverige Ömsesidigt"),
            arch="insurance",
            acct="6310",
            vat=0,
            style="counter",
            step=5000,
            overhead=True,
            narrow=True,
            fixed=True,
            fee=6438000,
            freq="annual",
            periodic=True,
        )
    )
    vs.append(
        V(
            name=uniq("Fordonsförsäkring Nord AB"),
            arch="insurance",
            acct="6310",
            vat=0,
            style="counter",
            step=3000,
            overhead=True,
            narrow=True,
            fixed=True,
            fee=1125000,
            freq="quarterly",
            periodic=True,
        )
    )
    for i in range(n_of(1)):
        vs.append(
            V(
                name=uniq("Revisionsbyrån Fyris AB" if i == 0 else gen_name("Redovisning")),
                arch="accounting",
                acct="6530",
                vat=25,
                style="year",
                step=rng.randint(8, 16),
                overhead=True,
                precise=True,
                periodic=True,
            )
        )
    sw = [
        ("Byggplan Software AB", 149000, "monthly"),
        ("Kontorsmolnet Sverige AB", 325000, "monthly"),
        ("Ritprogram Nordic AB", 2400000, "annual"),
    ]
    for i in range(n_of(3)):
        nm, fee, fq = sw[i % 3]
        vs.append(
            V(
                name=uniq(nm if i < 3 else gen_name("Mjukvara")),
                arch="software",
                acct="6540",
                vat=25,
                style="ocr" if i % 3 != 1 else "counter",
                step=rng.randint(200, 900),
                overhead=True,
                fixed=True,
                narrow=True,
                fee=fee,
                freq=fq,
                periodic=True,
            )
        )
    ls = [("Billeasing Sverige AB", 487000), ("Transportbil Finans AB", 612000)]
    for i in range(n_of(2)):
        nm, fee = ls[i % 2]
        vs.append(
            V(
                name=uniq(nm if i < 2 else gen_name("Leasing")),
                arch="leasing",
                acct="5615",
                vat=25,
                style="contract",
                cno=f"LK{rng.randint(10000, 99999)}",
                first_k=rng.randint(3, 20),
                overhead=True,
                fixed=True,
                narrow=True,
                fee=fee,
                periodic=True,
            )
        )
    # travel
    for i in range(n_of(2)):
        vs.append(
            V(
                name=uniq(
                    ["Hotell Fjällgården AB", "Stadshotellet i Gävle AB"][i % 2]
                    if i < 2
                    else gen_name("Hotell")
                ),
                arch="hotel",
                acct="5800",
                vat=12,
                style="counter",
                step=rng.randint(30, 80),
                dating="any",
                weekend_ok=True,
                holiday_ok=True,
                precise=True,
                rate=0.05,
            )
        )
    vs.append(
        V(
            name=uniq("Taxi Uppsala Ekonomisk Förening"),
            arch="taxi",
            acct="5800",
            vat=6,
            style="receipt",
            dating="any",
            weekend_ok=True,
            holiday_ok=True,
            precise=True,
            rate=0.01,
            narrow=True,
        )
    )
    vs.append(
        V(
            name=uniq("Tågresor Norden AB"),
            arch="taxi",
            acct="5800",
            vat=6,
            style="receipt",
            dating="any",
            weekend_ok=True,
            holiday_ok=True,
            precise=True,
            rate=0.006,
            narrow=True,
        )
    )
    vs.append(
        V(
            name=uniq("Catering Fyrisån AB"),
            arch="catering",
            acct="7690",
            vat=12,
            style="counter",
            step=rng.randint(5, 15),
            precise=True,
        )
    )
    # foreign
    vs.append(
        V(
            name=uniq("Befestigungstechnik Brandt GmbH"),
            arch="foreign",
            country="DE",
            cur="EUR",
            acct="4010",
            vat=0,
            style="year",
            yfmt="RE",
            step=rng.randint(20, 40),
            precise=True,
            med=85000,
            sig=1.0,
            rate=0.1,
            lag="slow",
        )
    )
    vs.append(
        V(
            name=uniq("Ikkuna ja Ovi Oy"),
            arch="foreign",
            country="FI",
            cur="EUR",
            acct="4010",
            vat=0,
            style="counter",
            step=rng.randint(15, 30),
            precise=True,
            med=650000,
            sig=0.7,
            rate=0.06,
            lag="slow",
        )
    )
    vs.append(
        V(
            name=uniq("Bergen Fasade AS"),
            arch="foreign",
            country="NO",
            cur="NOK",
            acct="4010",
            vat=0,
            style="counter",
            step=rng.randint(5, 15),
            precise=True,
            med=2400000,
            sig=0.8,
            rate=0.03,
            lag="slow",
        )
    )
    # subcontractors
    nsub = n_of(22, 6)
    for i in range(nsub):
        nm = uniq(SUB_NAMES[i] if i < len(SUB_NAMES) else gen_name("sub"))
        st = rng.choice(["year", "year", "counter", "counter", "prefix"])
        v = V(
            name=nm,
            arch="sub",
            acct="4600",
            vat=0,
            style=st,
            prefix=rng.choice(["F", "", "2-"]),
            step=rng.randint(2, 7),
            kseries=rng.random() < 0.3,
            dating=rng.choice(["monthend", "lastworking", "lastworking", "firstworking"]),
            rnd=rng.random() < 0.6,
            plan=rng.random() < 0.12,
            base=int(math.exp(rng.uniform(math.log(2500000), math.log(16000000)))),
            lag="slow" if rng.random() < 0.25 else "normal",
            weight=rng.choice([1, 1, 2, 3]),
        )
        if i == 0:
            v.style, v.start_no, v.dedicated, v.weight = "dense", 1, True, 4
        vs.append(v)
    # small services
    for i in range(n_of(len(SERVICES), 5)):
        nm, acct, vat, model, params, fixedp = SERVICES[i % len(SERVICES)]
        vs.append(
            V(
                name=uniq(nm if i < len(SERVICES) else gen_name(nm.split()[0])),
                arch="service",
                acct=acct,
                vat=vat,
                style=rng.choice(["counter", "year", "counter"]),
                step=rng.randint(3, 30),
                model=model,
                params=params,
                round_prices=fixedp,
                precise=not fixedp,
                count=rng.randint(3, 20),
                freq="annual"
                if nm.startswith(("Hissbesiktning", "Brandskydd", "Energidekl"))
                else "",
                lag="slow" if rng.random() < 0.3 else "normal",
            )
        )
    # fabricators (Benford)
    nfab = 1 if s < 0.6 else (2 if s < 2.5 else 3)
    fabs = [
        ("Projektstöd Norden AB", "6550", 130),
        ("Städ & Bodservice Mitt AB", "5060", 105),
        ("Byggadministration Sverige AB", "6550", 120),
    ]
    for i in range(nfab):
        nm, acct, n = fabs[i]
        vs.append(
            V(
                name=uniq(nm),
                arch="fabricator",
                acct=acct,
                vat=25,
                style="dense",
                start_no=rng.randint(1, 40) + 1000 * (i == 1),
                fab=True,
                n=n,
                fab_i=i,
            )
        )
    for v in vs:
        if v.cur == "SEK" and v.arch not in ("fuel", "taxi") and rng.random() < 0.88:
            v.ibans = [make_iban(rng, "SE")]
        elif v.cur != "SEK":
            v.ibans = [make_iban(rng, v.country)]
    return vs


# --------------------------------------------------------------------------- projects
def build_projects(rng, s, sms, pms):
    n = max(5, round(16 * s))
    projects = []
    load = Counter()
    span = 820 / n
    for i in range(n):
        start = START + TD(days=int(-200 + i * span + rng.uniform(-0.4, 0.4) * span))
        end = start + TD(days=rng.randint(150, 430))
        if end.month in (10, 11, 1, 2) and rng.random() < 0.7:
            y = end.year if end.month >= 10 else end.year - 1
            e2 = D(y, 12, rng.randint(12, 20))
            if days(start, e2) > 80:
                end = e2
        sm = min(sms, key=lambda x: (load[x], rng.random()))
        load[sm] += 1
        pm = "per.olofsson" if sm == "per.olsson" else rng.choice(pms)
        projects.append(
            dict(
                id=f"P{2300 + i}",
                start=start,
                end=end,
                sm=sm,
                pm=pm,
                size=rng.uniform(0.6, 1.6),
                remote=rng.random() < 0.25,
            )
        )
    return projects


def poisson(rng, lam):
    if lam <= 0:
        return 0
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


# --------------------------------------------------------------------------- the generator
class Ledger:
    def __init__(self, seed, rows):
        self.seed = seed
        self.target = rows
        self.s = rows / 6000.0
        self.labels = {}  # (rid, kind) -> (status, group, note)
        self.counts = Counter()  # injected counts
        self.groups = defaultdict(set)

    # ---- labels
    RANK: ClassVar[dict[str, int]] = {"anomaly": 3, "ambiguous": 2, "innocent": 1}

    def label(self, rid, kind, status, group, note, only_if_unlabelled=False):
        key = (rid, kind)
        old = self.labels.get(key)
        if old is not None and (only_if_unlabelled or self.RANK[old[0]] >= self.RANK[status]):
            return
        self.labels[key] = (status, group, note)

    # ---- natural rows
    def new_row(self, v, date, net=None, total=None, account=None, project=None, tag=""):
        rate = v.vat
        if total is not None:
            net, tax = split_total(total, rate)
        else:
            tax = vat_of(net, rate)
            total = net + tax
        if account is None:
            account = v.acct
            r = self.rng.random()
            for a, p in v.alt:
                if r < p:
                    account = a
                    break
                r -= p
        row = dict(
            rid=len(self.rows),
            v=v,
            vendor=v.name,
            date=date,
            net=net,
            tax=tax,
            total=total,
            cur=v.cur,
            acct=account,
            project=project,
            tag=tag,
            inj=None,
            series="main",
            step=None,
            post=None,
            up="",
            appr="",
            iban="",
            credit=False,
            number="",
            seqv=None,
            skey=None,
            touched=False,
        )
        self.rows.append(row)
        return row

    def amount_lognorm(self, med, sig, lo=5000, hi=None):
        """A lognormal amount in öre, redrawn (not clamped) outside [lo, hi]."""
        for _ in range(100):
            x = math.exp(self.rng.gauss(math.log(med), sig))
            if x >= lo and (not hi or x <= hi):
                return int(x)
        return int(med)

    def generate(self, f):
        rng = self.rng = random.Random(f"{self.seed}-natural")
        s = self.s
        prng = random.Random(f"{self.seed}-people")
        sms = list(BASE_SMS)
        pms = list(BASE_PMS)
        while len(sms) < max(2, round(5 * s)):
            sms.append(f"{prng.choice(FIRST)}.{prng.choice(LAST)}")
            sms = list(dict.fromkeys(sms))
        while len(pms) < max(1, round(2 * s)):
            pms.append(f"{prng.choice(FIRST)}.{prng.choice(LAST)}")
            pms = list(dict.fromkeys(pms))
        if s < 0.5:
            sms = sms[: max(2, round(5 * s))]
            if "per.olsson" not in sms:
                sms[-1] = "per.olsson"
        self.sms, self.pms = sms, pms
        vrng = random.Random(f"{self.seed}-vendors")
        self.vendors = build_population(vrng, s)
        self.projects = build_projects(random.Random(f"{self.seed}-projects"), s, sms, pms)
        self.rows = []
        V_ = self.vendors
        by_arch = defaultdict(list)
        for v in V_:
            by_arch[v.arch].append(v)
        # assign project-bound vendors to projects
        arng = random.Random(f"{self.seed}-assign")
        subs = by_arch["sub"]
        for p in self.projects:
            ms = by_arch["merchant"]
            p["merchants"] = [ms[0]] + (
                [arng.choice(ms[1:])] if len(ms) > 1 and arng.random() < 0.6 else []
            )
            if len(ms) > 2 and arng.random() < 0.5:
                p["merchants"][0] = arng.choice(ms)
            whs = by_arch["wholesaler"]
            el = [w for w in whs if w.style != "prefix"] or whs
            vv = [w for w in whs if w.style == "prefix"] or whs
            p["others"] = [
                arng.choice(el),
                arng.choice(vv),
                arng.choice(by_arch["consumables"]),
                arng.choice(by_arch["tools"]),
                arng.choice(by_arch["workwear"]),
                arng.choice(by_arch["machine"]),
                arng.choice(by_arch["skip"]),
            ]
            if arng.random() < 0.5:
                p["others"].append(arng.choice(by_arch["consumables"]))
            if arng.random() < 0.4:
                p["others"].append(arng.choice(by_arch["machine"]))
            if p["remote"]:
                p["others"].append(arng.choice(by_arch["hotel"]))
            p["others"] += by_arch["taxi"]
            k = arng.randint(3, 5)
            weights = [v.weight for v in subs]
            chosen = []
            while len(chosen) < min(k, len(subs)):
                c = arng.choices(subs, weights)[0]
                if c not in chosen:
                    chosen.append(c)
            p["subs"] = chosen
        # --- project-driven daily purchases
        d = START
        while d <= END:
            if working(d):
                sea = season(d)
                for p in self.projects:
                    if not (p["start"] <= d <= p["end"]):
                        continue
                    for mi, m in enumerate(p["merchants"]):
                        lam = 0.4 * m.share * p["size"] * sea * f * (1.0 if mi == 0 else 0.6)
                        for _ in range(poisson(rng, lam)):
                            self.new_row(
                                m,
                                d,
                                net=self.amount_lognorm(m.med, m.sig, 3000, 30000000),
                                project=p["id"],
                                tag="delivery",
                            )
                    for o in p["others"]:
                        lam = o.rate * 2.5 * p["size"] * sea * f
                        if o.arch in ("taxi",):
                            lam = o.rate * p["size"] * sea * f
                        for _ in range(poisson(rng, lam)):
                            self.gen_other(o, d, p)
            elif d.weekday() == 5:
                # Saturday pick-ups at the merchant's trade counter
                for p in self.projects:
                    if p["start"] <= d <= p["end"]:
                        for m in p["merchants"]:
                            if getattr(m, "saturday", False) and rng.random() < 0.12 * f * season(
                                d
                            ):
                                r = self.new_row(
                                    m,
                                    d,
                                    net=self.amount_lognorm(70000, 0.8, 2000, 800000),
                                    project=p["id"],
                                    tag="saturday",
                                )
            d += TD(1)
        # --- fuel cards: every day, weekends included
        cards = [
            (u, by_arch["fuel"][i % len(by_arch["fuel"])])
            for i, u in enumerate(self.sms + self.pms + ["van.pool"])
        ]
        d = START
        while d <= END:
            sea = 0.5 if (7, 8) <= (d.month, d.day) <= (8, 4) else 1.0
            if is_wkd(d):
                sea *= 0.45
            if d in SE_HOL:
                sea *= 0.5
            for holder, fv in cards:
                for _ in range(poisson(rng, 0.13 * sea * f)):
                    price = 2150 if d.year == 2023 else 1890
                    price += rng.randint(-120, 120)
                    if rng.random() < 0.07:
                        total = rng.choice([50000, 60000, 80000, 100000])
                        tag = "fuel_roundfill"
                    else:
                        litres = rng.uniform(18, 85)
                        total = int(litres * price)
                        tag = "fuel"
                    r = self.new_row(fv, d, total=total, tag=tag)
                    r["holder"] = holder
            d += TD(1)
        # --- foreign suppliers (own working days)
        for fv in by_arch["foreign"]:
            d = START
            while d <= END:
                if working(d, fv.country):
                    for _ in range(poisson(rng, fv.rate * f * season(d))):
                        p = self.pick_project(d)
                        self.new_row(
                            fv,
                            d,
                            net=self.amount_lognorm(fv.med, fv.sig, 2000),
                            project=p["id"] if p else None,
                            tag="import",
                        )
                d += TD(1)
            # deliberate look-alikes: invoices on Swedish-only holidays that are their working days
            for hd, _hn in sorted(SE_HOL.items()):
                if START <= hd <= END and working(hd, fv.country) and rng.random() < 0.6:
                    p = self.pick_project(hd)
                    r = self.new_row(
                        fv,
                        hd,
                        net=self.amount_lognorm(fv.med, fv.sig, 2000),
                        project=p["id"] if p else None,
                        tag="foreign_holiday",
                    )
        # --- subcontractors
        for p in self.projects:
            for sv in p["subs"]:
                self.gen_engagement(sv, p)
        # --- periodic overhead
        for v in V_:
            if v.arch in (
                "rent",
                "telecom",
                "electricity",
                "insurance",
                "accounting",
                "software",
                "leasing",
            ) or (v.arch == "machine" and v.contract):
                self.gen_periodic(v)
        # --- small services (few invoices each)
        for v in by_arch["service"]:
            self.gen_service(v)
        # --- catering: site meetings + Christmas parties
        for v in by_arch["catering"]:
            d = START
            while d <= END:
                if working(d) and rng.random() < 0.028 * f * season(d):
                    p = self.pick_project(d)
                    self.new_row(
                        v,
                        d,
                        net=self.amount_lognorm(420000, 0.6, 60000),
                        project=p["id"] if p else None,
                        tag="catering",
                    )
                d += TD(1)
            for y in (2023, 2024):
                r = self.new_row(
                    v,
                    prev_working(D(y, 12, 15)),
                    net=rng.randint(3600000, 4800000),
                    tag="xmas_party",
                )
                r["overhead"] = True
        # --- credit notes and credit-and-rebill pairs
        self.gen_credits()
        # --- fabricators
        for v in by_arch["fabricator"]:
            self.gen_fabricator(v)

    def pick_project(self, d, sm=None):
        act = [
            p
            for p in self.projects
            if p["start"] <= d <= p["end"] and (sm is None or p["sm"] == sm)
        ]
        return self.rng.choice(act) if act else None

    def gen_other(self, o, d, p):
        rng = self.rng
        if o.arch == "hotel":
            nights = rng.randint(2, 9)
            people = rng.randint(1, 3)
            dd = d + TD(days=rng.choice([0, 1, 2]))  # checkout may be on a weekend
            if dd > END:
                dd = d
            total = nights * people * rng.choice([98000, 105000, 112000, 119500])
            self.new_row(o, dd, total=total, project=p["id"], tag="hotel")
        elif o.arch == "taxi":
            dd = d + TD(days=rng.choice([0, 0, 0, 1, 2]))
            if dd > END:
                dd = d
            self.new_row(
                o,
                dd,
                net=self.amount_lognorm(48000, 0.6, 12000, 400000),
                project=p["id"],
                tag="travel",
            )
        elif o.arch == "tools":
            net = self.amount_lognorm(o.med, o.sig, 3000, 12000000)
            acct = "1220" if net > 2625000 else None
            self.new_row(o, d, net=net, account=acct, project=p["id"], tag="capex" if acct else "")
        else:
            self.new_row(
                o, d, net=self.amount_lognorm(o.med, o.sig, 3000, 30000000), project=p["id"], tag=""
            )

    def gen_engagement(self, sv, p):
        rng = self.rng
        dur = days(p["start"], p["end"])
        st = p["start"] + TD(days=int(rng.uniform(0, 0.5) * dur))
        en = min(p["end"], st + TD(days=int(rng.uniform(60, max(61, dur)))))
        base = int(sv.base * p["size"])
        y, m = st.year, st.month
        months = []
        while D(y, m, 1) <= en:
            months.append((y, m))
            y, m = add_months(y, m, 1)
        plan_amt = None
        if sv.plan:
            plan_amt = max(1000000, round(base / 500000) * 500000)
        for i, (y, m) in enumerate(months):
            last = i == len(months) - 1
            if sv.dating == "monthend":
                d = month_end(y, m)
            elif sv.dating == "lastworking":
                d = prev_working(month_end(y, m))
            else:
                ny, nm = add_months(y, m, 1)
                d = next_working(D(ny, nm, 1))
            if d < START or d > END:
                continue
            tag = "stage"
            if plan_amt and not last:
                net = plan_amt
                tag = "plan"
            else:
                net = int(base * rng.uniform(0.6, 1.4))
                if sv.rnd:
                    net = max(500000, round(net / 500000) * 500000)
                    tag = "stage_round"
                else:
                    hours = max(8, int(net / rng.choice([52000, 56000, 59500, 64500])))
                    net = hours * rng.choice([52000, 56000, 59500, 64500])
            if last and p["end"] <= END + TD(60) and rng.random() < 0.75:
                # final invoice with the released retention (AB 04): a project-end lump
                net = int(base * rng.uniform(1.4, 2.1))
                if sv.rnd:
                    net = round(net / 100000) * 100000
                tag = "final"
            self.new_row(sv, d, net=net, project=p["id"], tag=tag)
            # change orders (ÄTA) now and then
            if rng.random() < 0.25:
                dd = d - TD(days=rng.randint(3, 20))
                dd = prev_working(dd)
                if START <= dd <= END:
                    self.new_row(
                        sv,
                        dd,
                        net=self.amount_lognorm(1800000, 0.7, 300000),
                        project=p["id"],
                        tag="ata",
                    )

    def gen_periodic(self, v):
        rng = self.rng
        y, m = 2023, 1
        while (y, m) <= (2024, 12):
            d = None
            if v.arch == "rent":
                d = D(y, m, 1) if v.dating == "monthstart" else next_working(D(y, m, 1))
                net = v.fee if y == 2023 else int(v.fee * 1.065) // 100 * 100
            elif v.arch == "telecom":
                d = next_working(D(y, m, rng.choice([3, 4])))
                net = v.fee if v.fixed else int(v.fee * rng.uniform(0.85, 1.18))
            elif v.arch == "electricity":
                d = next_working(D(y, m, 8))
                winter = {
                    1: 1.0,
                    2: 0.9,
                    3: 0.7,
                    4: 0.45,
                    5: 0.25,
                    6: 0.15,
                    7: 0.1,
                    8: 0.15,
                    9: 0.3,
                    10: 0.55,
                    11: 0.8,
                    12: 0.95,
                }[m]
                net = int((240000 + 520000 * winter) * rng.uniform(0.85, 1.15))
            elif v.arch == "insurance":
                if (v.freq == "annual" and m == 3) or (
                    v.freq == "quarterly" and m in (1, 4, 7, 10)
                ):
                    d = next_working(D(y, m, 5))
                    net = v.fee if y == 2023 else int(v.fee * 1.04) // 100 * 100
            elif v.arch == "accounting":
                d = next_working(D(y, m, 10))
                net = rng.randint(11, 19) * rng.choice([95000, 98500]) + rng.randint(0, 3) * 17250
                if m == 3:
                    net = rng.randint(2900000, 3800000)  # annual accounts
            elif v.arch == "software":
                if v.freq == "monthly" or m == 1:
                    d = next_working(D(y, m, 1))
                    net = v.fee
            elif v.arch == "leasing":
                d = next_working(D(y, m, 25))
                net = v.fee
            elif v.arch == "machine":
                d = prev_working(month_end(y, m))
                net = v.fee if y == 2023 else int(v.fee * 1.05) // 100 * 100
                if (y, m) in ((2023, 7), (2024, 7)):
                    d = None
            if d is not None and START <= d <= END:
                r = self.new_row(v, d, net=net, tag="periodic")
                r["overhead"] = v.arch != "machine"
                if v.arch == "machine":
                    r["series"] = "contract"
                    p = self.pick_project(d)
                    r["project"] = p["id"] if p else None
            y, m = add_months(y, m, 1)

    def gen_service(self, v):
        rng = self.rng
        n = v.count
        if v.freq == "annual":
            first = START + TD(days=rng.randint(20, 330))
            dates = [first, first + TD(days=rng.randint(355, 375))]
        else:
            a = START + TD(days=rng.randint(0, 600))
            b = min(END, a + TD(days=rng.randint(90, 700)))
            dates = sorted(a + TD(days=rng.randint(0, days(a, b))) for _ in range(n))
        for d in dates:
            d = next_working(d)
            if d > END:
                continue
            if v.model == "price_list":
                net = rng.choice(v.params)
                tag = "price_list"
            else:
                med, sig = v.params
                net = self.amount_lognorm(med, sig, 20000)
                tag = ""
            p = self.pick_project(d)
            r = self.new_row(v, d, net=net, project=p["id"] if p else None, tag=tag)
            if p is None:
                r["overhead"] = True

    def gen_credits(self):
        rng = self.rng
        cands = [
            r
            for r in self.rows
            if r["v"].arch in ("merchant", "wholesaler", "consumables", "tools")
            and r["total"] > 50000
        ]
        # partial credits: returns
        for r in rng.sample(cands, min(len(cands), int(0.03 * len(cands)))):
            d = r["date"] + TD(days=rng.randint(4, 40))
            d = next_working(d)
            if d > END:
                continue
            c = self.new_row(
                r["v"],
                d,
                net=-int(r["net"] * rng.uniform(0.1, 0.9)),
                account=r["acct"],
                project=r["project"],
                tag="credit",
            )
            c["credit"] = True
        # credit-and-rebill pairs
        pool = [
            r
            for r in self.rows
            if r["v"].arch in ("merchant", "wholesaler", "sub", "machine", "skip")
            and r["total"] > 100000
            and r["tag"] not in ("credit",)
            and r["date"] < END - TD(40)
        ]
        n = max(4, round(12 * self.s))
        self.rebill_pairs = []
        for r in rng.sample(pool, min(n, len(pool))):
            d = next_working(r["date"] + TD(days=rng.randint(3, 25)))
            c = self.new_row(
                r["v"], d, net=-r["net"], account=r["acct"], project=r["project"], tag="credit_full"
            )
            c["credit"] = True
            same = rng.random() < 0.6
            net = r["net"] if same else int(r["net"] * rng.uniform(0.85, 0.97))
            rb = self.new_row(
                r["v"],
                next_working(d + TD(days=rng.randint(0, 4))),
                net=net,
                account=r["acct"],
                project=r["project"],
                tag="rebill",
            )
            rb["rebill_of"] = r["rid"]
            c["credit_of"] = r["rid"]
            self.rebill_pairs.append((r, c, rb, same))

    def gen_fabricator(self, v):
        """A vendor whose amounts are invented by a person: first digits far from Benford."""
        frng = random.Random(f"{self.seed}-fab-{v.fab_i}")
        W = [
            [0.05, 0.08, 0.10, 0.13, 0.15, 0.14, 0.13, 0.12, 0.10],
            [0.12, 0.12, 0.13, 0.12, 0.13, 0.11, 0.10, 0.09, 0.08],
            [0.07, 0.10, 0.12, 0.14, 0.15, 0.13, 0.11, 0.10, 0.08],
        ][v.fab_i]
        n = v.n
        for _attempt in range(200):
            amounts = []
            for _ in range(n):
                while True:
                    fd = frng.choices(range(1, 10), W)[0]
                    sd = frng.randint(0, 9)
                    if fd == 9 and sd >= 5:
                        continue
                    break
                mag = 1000 if frng.random() < 0.65 else 10000
                rest = frng.randint(0, mag // 10 - 1)
                kr = (fd * 10 + sd) * (mag // 10) + rest
                if kr % 100 == 0:
                    kr += frng.randint(1, 99)
                amounts.append(kr * 100)
            chi, mad = benford_stats([a // 100 for a in amounts])
            if chi > 26.12 and mad > 0.015:
                break
        start = START + TD(days=frng.randint(0, 40))
        gap = days(start, END - TD(10)) / n
        d0 = start
        for i, a in enumerate(amounts):
            d = next_working(d0 + TD(days=int(i * gap + frng.uniform(0, gap * 0.8))))
            if d > END:
                d = prev_working(END)
            p = self.pick_project(d)
            self.new_row(v, d, total=a, project=p["id"] if p else None, tag="fabricated")
        v.chi, v.mad = benford_stats([a // 100 for a in amounts])

    # ------------------------------------------------------------------ injections: new rows
    def inject_rows(self):
        rng = self.irng = random.Random(f"{self.seed}-inject")
        s = self.s

        def n_of(b, lo):
            return max(lo, round(b * s))

        # --- split purchases
        cand_v = [
            v
            for v in self.vendors
            if v.arch in ("wholesaler", "consumables", "tools", "machine", "skip", "workwear")
            or (v.arch == "merchant" and v.share < 1)
        ]
        self.split_groups = []
        for g in range(n_of(8, 4)):
            v = cand_v[g % len(cand_v)] if g < len(cand_v) else rng.choice(cand_v)
            for _ in range(50):
                d = next_working(START + TD(days=rng.randint(30, 700)))
                p = self.pick_project(d)
                if p and d <= END - TD(5):
                    break
            P = rng.randint(1350000, 3400000)
            k = 2 if P < 1800000 else (3 if P < 2700000 else 4)
            shape = rng.choice(["equal", "near", "uneven"])
            if shape == "equal":
                parts = [P // k] * k
            elif shape == "near":
                parts = [int(P / k * rng.uniform(0.93, 1.07)) for _ in range(k)]
            else:
                while True:
                    w = [rng.uniform(0.4, 1.0) for _ in range(k)]
                    parts = [int(P * x / sum(w)) for x in w]
                    if max(parts) < 985000 and min(parts) > 200000:
                        break
            parts = [min(x, 985000) for x in parts]
            same_day = rng.random() < 0.5
            dd = d
            gid = f"split-{g + 1}"
            rows = []
            for i, part in enumerate(parts):
                if not same_day and i > 0:
                    dd = next_working(dd + TD(1)) if rng.random() < 0.6 else dd
                r = self.new_row(v, dd, total=part, account=v.acct, project=p["id"], tag="split")
                r["inj"] = K_SPLIT
                r["step"] = 1
                r["force_sm"] = p["sm"]
                r["force_up"] = CLERKS[0]
                r["group_post"] = gid
                rows.append(r)
                self.label(
                    r["rid"],
                    K_SPLIT,
                    "anomaly",
                    gid,
                    f"split: {k} parts ({shape}) of {fmt(P)} SEK, approver {p['sm']}",
                )
            self.split_groups.append(rows)
            self.counts[K_SPLIT] += 1
        # --- just below the approval limit (site managers keeping under their limit)
        keepers = (
            [x for x in self.sms if x != "per.olsson"][:2] if len(self.sms) > 2 else self.sms[:1]
        )
        cv = [v for v in self.vendors if v.arch in ("merchant", "wholesaler", "machine", "tools")]
        for i in range(n_of(12, 6)):
            sm = keepers[i % len(keepers)]
            for _ in range(100):
                d = next_working(START + TD(days=rng.randint(20, 715)))
                p = self.pick_project(d, sm)
                if p and d <= END:
                    break
            if not p:
                continue
            v = rng.choice(cv)
            tot = rng.randint(952000, 998500)
            if tot % 10000 == 0:
                tot += 137
            r = self.new_row(v, d, total=tot, project=p["id"], tag="below_limit")
            r["inj"] = K_BELOW
            r["force_sm"] = sm
            r["force_up"] = CLERKS[0] if d < D(2023, 9, 1) or i % 2 else CLERKS[1]
            self.label(
                r["rid"],
                K_BELOW,
                "anomaly",
                f"below-{i + 1}",
                f"{fmt(tot)} SEK approved by {sm}, who keeps approving just under 10,000",
            )
            self.counts[K_BELOW] += 1
        # --- round-sum clusters
        self.cluster_vendors = []
        cands = []
        by_v = defaultdict(list)
        for r in self.rows:
            if r["cur"] == "SEK" and r["total"] > 0 and not r["inj"]:
                by_v[r["v"]].append(r["total"])
        for v, am in by_v.items():
            if (
                v.fixed
                or v.arch
                in (
                    "fuel",
                    "fabricator",
                    "rent",
                    "hotel",
                    "insurance",
                    "software",
                    "leasing",
                    "taxi",
                    "telecom",
                    "electricity",
                )
                or len(am) < 30
            ):
                continue
            for T in (200000, 250000, 500000, 2000000, 2500000, 5000000):
                below = sum(1 for a in am if T * 0.95 <= a < T)
                cdf = sum(1 for a in am if a < T) / len(am)
                above = sum(1 for a in am if T <= a < T * 1.05)
                if 0.45 <= cdf <= 0.97 and below <= 3 and above <= 4 and len(am) <= 800:
                    cands.append((v, T))
        rng.shuffle(cands)
        want = n_of(4, 2)
        # prefer two vendors under the same 5,000
        cands.sort(key=lambda x: (x[1] != 500000, rng.random()))
        taken = set()
        for v, T in cands:
            if len(self.cluster_vendors) >= want or v in taken:
                continue
            if T == 500000 and sum(1 for _, t in self.cluster_vendors if t == 500000) >= 2:
                continue
            taken.add(v)
            self.cluster_vendors.append((v, T))
        for ci, (v, T) in enumerate(self.cluster_vendors):
            k = rng.randint(8, 11)
            gid = f"cluster-{ci + 1}"
            a0 = START + TD(days=rng.randint(0, 400))
            for _j in range(k):
                d = next_working(a0 + TD(days=rng.randint(0, 320)))
                if d > END:
                    d = prev_working(END)
                tot = rng.randint(int(T * 0.952), int(T * 0.998))
                if tot % 10000 == 0:
                    tot += 311
                p = self.pick_project(d)
                r = self.new_row(v, d, total=tot, project=p["id"] if p else None, tag="cluster")
                r["inj"] = K_CLUS
                self.label(
                    r["rid"],
                    K_CLUS,
                    "anomaly",
                    gid,
                    f"{k} invoices in [{fmt(int(T * 0.95))}, {fmt(T)}) at {v.name}",
                )
            self.counts[K_CLUS] += 1
        # --- shell vendors (new vendors)
        for i in range(n_of(3, 2)):
            nm = [
                "Projektledning Stockholm Konsult AB",
                "Nordisk Byggrådgivning i Sverige AB",
                "Entreprenadstöd Mälardalen AB",
                "BK Byggkonsult Norr AB",
                "Svenska Projektresurser AB",
                "Byggkontroll & Besiktning Öst AB",
                "Konsultgruppen Fyris AB",
            ][i % 7]
            if any(v.name == nm for v in self.vendors):
                nm = nm.replace(" AB", f" {i} AB")
            v = V(
                name=nm,
                arch="service",
                acct="6550",
                vat=25,
                style="dense",
                start_no=rng.randint(1, 30),
                shell=True,
                ibans=[make_iban(rng, "SE")],
                precise=True,
            )
            self.vendors.append(v)
            d = next_working(START + TD(days=rng.randint(200, 640)))
            for _j in range(rng.randint(2, 5)):
                p = self.pick_project(d)
                r = self.new_row(
                    v,
                    d,
                    net=rng.randint(1500000, 7800000),
                    project=p["id"] if p else None,
                    tag="shell",
                )
                r["inj"] = K_NEW
                d = next_working(d + TD(days=rng.randint(10, 45)))
                if d > END:
                    break
            self.counts["shell_vendors"] += 1

    # ------------------------------------------------------------------ injections: amounts
    def inject_amounts(self):
        rng = self.irng
        s = self.s

        def n_of(b, lo):
            return max(lo, round(b * s))

        va = defaultdict(list)
        for r in self.rows:
            if r["cur"] == "SEK" and r["total"] > 0 and not r["inj"] and not r["credit"]:
                va[(r["v"], r["acct"])].append(r)
        # --- amount outliers
        keys = [k for k, rs in va.items() if len(rs) >= 15 and k[0].arch not in ("fabricator",)]
        rng.shuffle(keys)
        keys.sort(key=lambda k: (k[0].arch in ("merchant",), rng.random()))
        done = 0
        want = n_of(12, 6)
        used_v = Counter()
        for k in keys * 3:
            if done >= want:
                break
            if used_v[k] >= 2:
                continue
            rs = va[k]
            tots = sorted(r["total"] for r in rs)
            med = tots[len(tots) // 2]
            mx = tots[-1]
            r = rng.choice(rs)
            if r["touched"]:
                continue
            for factor in ([10] if rng.random() < 0.6 else []) + [
                rng.choice([8, 12, 15, 20, 25]),
                10,
                100,
            ]:
                new = r["total"] * factor
                if (
                    new >= 3 * mx
                    and new >= 8 * med
                    and not (BAND_LO <= new < LIMIT)
                    and new < 200000000
                ):
                    break
            else:
                continue
            old = r["total"]
            r["net"] *= factor
            r["tax"] *= factor
            r["total"] = r["net"] + r["tax"]
            r["inj"] = K_OUT
            r["touched"] = True
            done += 1
            used_v[k] += 1
            self.label(
                r["rid"],
                K_OUT,
                "anomaly",
                f"outlier-{done}",
                f"{fmt(old)} x{factor} = {fmt(r['total'])}; "
                f"vendor-account median {fmt(med)}, max {fmt(mx)}",
            )
            self.counts[K_OUT] += 1
        # --- round amounts at vendors whose invoices are itemised to the öre
        cand = [
            r
            for r in self.rows
            if r["v"].precise
            and r["v"].arch
            in ("merchant", "wholesaler", "consumables", "tools", "workwear", "skip", "machine")
            and r["cur"] == "SEK"
            and 300000 <= r["total"] <= 6000000
            and not r["inj"]
            and not r["credit"]
            and r["tag"] not in ("rebill",)
            and not r["touched"]
            and r["series"] == "main"
        ]
        rng.shuffle(cand)
        done = 0
        seen = set()
        for r in cand:
            if done >= n_of(12, 6):
                break
            new = round(r["total"] / 100000) * 100000
            if new in (0, LIMIT) or 900000 <= new <= 1100000 or (r["v"], new) in seen:
                continue
            if any(x["v"] is r["v"] and x["total"] == new for x in self.rows):
                continue
            seen.add((r["v"], new))
            old = r["total"]
            r["net"], r["tax"] = split_total(new, r["v"].vat)
            r["total"] = new
            r["inj"] = K_ROUND
            r["touched"] = True
            done += 1
            self.label(
                r["rid"],
                K_ROUND,
                "anomaly",
                f"round-{done}",
                f"{fmt(new)} (was {fmt(old)}) at an itemised-price vendor",
            )
            self.counts[K_ROUND] += 1
        # --- repeated amounts: one sum billed again and again (extra invoices of an earlier sum)
        byv = defaultdict(list)
        for r in self.rows:
            if (
                r["v"].arch
                in (
                    "wholesaler",
                    "consumables",
                    "tools",
                    "skip",
                    "machine",
                    "merchant",
                    "service",
                    "sub",
                )
                and r["cur"] == "SEK"
                and not r["inj"]
                and not r["credit"]
                and not r["touched"]
                and r["series"] == "main"
                and r["tag"] not in ("rebill", "plan")
            ):
                byv[r["v"]].append(r)
        vlist = [v for v, rs in byv.items() if len(rs) >= 20]
        rng.shuffle(vlist)
        made = 0
        for v in vlist:
            if made >= n_of(4, 3):
                break
            rs = sorted(byv[v], key=lambda r: r["total"])
            mid = rs[len(rs) // 4 : 3 * len(rs) // 4]
            ok = [
                r
                for r in mid
                if 150000 <= r["total"] <= 5000000
                and not (900000 <= r["total"] < 1000000)
                and r["total"] % 10000 != 0
                and r["date"] < END - TD(150)
            ]
            if not ok:
                continue
            first = rng.choice(ok)
            A = first["total"]
            k = rng.randint(3, 5)
            made += 1
            gid = f"repeat-{made}"
            group = [first]
            d = first["date"]
            for _ in range(k - 1):
                d = next_working(d + TD(days=rng.randint(21, 60)))
                if d > END:
                    break
                p = self.pick_project(d)
                r = self.new_row(
                    v,
                    d,
                    total=A,
                    account=first["acct"],
                    project=p["id"] if p else first["project"],
                    tag="repeat",
                )
                group.append(r)
            for r in group:
                r["inj"] = K_REP
                r["touched"] = True
                self.label(
                    r["rid"],
                    K_REP,
                    "anomaly",
                    gid,
                    f"{fmt(A)} billed {len(group)} times by {v.name}",
                )
            self.counts[K_REP] += 1

    # ------------------------------------------------------------------ numbering
    def number_all(self):
        rng = random.Random(f"{self.seed}-numbers")
        by = defaultdict(list)
        for r in self.rows:
            by[r["v"]].append(r)
        for v, rs in by.items():
            rs.sort(key=lambda r: (r["date"], rng.random()))
            state = {}
            for r in rs:
                series = r["series"]
                if v.kseries and r["credit"]:
                    series = "K"
                if v.style == "receipt":
                    r["number"] = f"{rng.randint(1000, 9999)}-{rng.randint(100000, 999999)}"
                    r["skey"] = None
                    continue
                if series == "contract":
                    key = (v.name, "contract", None)
                    state[key] = state.get(key, rng.randint(3, 30)) + 1
                    r["skey"], r["seqv"] = key, state[key]
                elif series == "K":
                    key = (v.name, "K", None)
                    state[key] = state.get(key, rng.randint(10, 200)) + rng.randint(1, 4)
                    r["skey"], r["seqv"] = key, state[key]
                else:
                    st = v.style
                    yr = r["date"].year if st == "year" else None
                    key = (v.name, "main", yr)
                    step = (
                        r["step"]
                        if r["step"]
                        else 1
                        if st in ("dense", "contract", "period")
                        else 1 + min(int(rng.expovariate(1 / max(1, v.step - 1))), v.step * 6)
                    )
                    if key not in state:
                        if st == "ocr":
                            state[key] = rng.randint(10**7, 9 * 10**7)
                        elif st == "year":
                            state[key] = rng.randint(1, 40) if yr == 2023 else rng.randint(0, 3)
                        elif st == "dense":
                            state[key] = getattr(v, "start_no", 1) - 1
                        elif st == "contract":
                            state[key] = v.first_k - 1
                        elif st == "period":
                            state[key] = 0
                        else:
                            state[key] = rng.randint(1000, 60000)
                    if st == "period":
                        state[key] = r["date"].year * 12 + r["date"].month
                    else:
                        state[key] += step
                    r["skey"], r["seqv"] = key, state[key]
                self.render(r)
        # remember the per-year series' first rows (a counter restarting is no anomaly)
        self.year_firsts = set()
        seen = {}
        for r in sorted(self.rows, key=lambda r: (r["date"], r["seqv"] or 0)):
            if r["skey"] and r["skey"][2] is not None and r["skey"] not in seen:
                seen[r["skey"]] = r
        for key, r in seen.items():
            if key[2] == 2024:
                self.year_firsts.add(r["rid"])

    def render(self, r):
        v = r["v"]
        key, n = r["skey"], r["seqv"]
        if key is None:
            return
        if key[1] == "contract":
            r["number"] = (
                f"HK{zlib.crc32(v.name.encode()) % 9000 + 1000}-{n:03d}"
                if v.arch == "machine"
                else f"{v.cno}-{n:03d}"
            )
        elif key[1] == "K":
            r["number"] = f"K{n}"
        else:
            st = v.style
            if st == "ocr":
                r["number"] = f"{n}{luhn(str(n))}"
            elif st == "year":
                if getattr(v, "yfmt", "") == "RE":
                    r["number"] = f"RE-{key[2]}-{n:05d}"
                elif zlib.crc32(v.name.encode()) % 2:
                    r["number"] = f"{key[2]}-{n:03d}"
                else:
                    r["number"] = f"{key[2] % 100:02d}{n:04d}"
            elif st == "prefix":
                r["number"] = f"{getattr(v, 'prefix', 'F')}{n}"
            elif st == "period":
                yy, mm = divmod(n - 1, 12)
                r["number"] = f"H{v.cno}-{yy % 100:02d}{mm + 1:02d}"
            elif st == "contract":
                r["number"] = f"{v.cno}-{n:03d}"
            else:
                r["number"] = str(n)

    def inject_numbering(self):
        rng = self.irng

        def n_of(b, lo):
            return max(lo, round(b * self.s))

        series = defaultdict(list)
        for r in self.rows:
            if r["skey"] and r["skey"][1] != "K":
                series[r["skey"]].append(r)
        for k in series:
            series[k].sort(key=lambda r: r["seqv"])
        # gaps: only where the series is dense (every number is ours)
        dense = [
            k
            for k, rs in series.items()
            if len(rs) >= 12
            and (rs[0]["v"].style in ("dense", "contract") or k[1] == "contract")
            and not rs[0]["v"].fab
        ]
        rng.shuffle(dense)
        for gi, k in enumerate(dense[: n_of(5, 3)], start=1):
            rs = series[k]
            i = rng.randint(3, len(rs) - 3)
            g = rng.randint(1, 6)
            for r in rs[i:]:
                r["seqv"] += g
                self.render(r)
            rs[i]["touched"] = True
            self.label(
                rs[i]["rid"],
                K_NUM,
                "anomaly",
                f"gap-{gi}",
                f"{g} number(s) missing before {rs[i]['number']} (after {rs[i - 1]['number']})",
            )
            self.label(rs[i - 1]["rid"], K_NUM, "ambiguous", f"gap-{gi}", "the number before a gap")
            self.counts["numbering_gaps"] += 1
        # disorder: two invoices' numbers swapped, months apart
        mono = [
            k
            for k, rs in series.items()
            if len(rs) >= 15
            and rs[0]["v"].style != "period"
            and not rs[0]["v"].fab
            and k not in dense[: n_of(5, 3)]
        ]
        rng.shuffle(mono)
        si = 0
        for k in mono:
            if si >= n_of(5, 3):
                break
            rs = [r for r in series[k] if not r["touched"] and not r["credit"]]
            for _ in range(30):
                a, b = rng.sample(rs, 2)
                if a["seqv"] > b["seqv"]:
                    a, b = b, a
                if days(a["date"], b["date"]) >= 60:
                    break
            else:
                continue
            a["seqv"], b["seqv"] = b["seqv"], a["seqv"]
            self.render(a)
            self.render(b)
            si += 1
            for r in (a, b):
                r["touched"] = True
                self.label(
                    r["rid"],
                    K_NUM,
                    "anomaly",
                    f"swap-{si}",
                    f"numbers {a['number']} ({a['date']}) and {b['number']} ({b['date']}) swapped",
                )
            self.counts["numbering_swaps"] += 1

    # ------------------------------------------------------------------ posting, people, ibans
    def post_all(self):
        rng = random.Random(f"{self.seed}-posting")
        gp = {}
        for r in sorted(self.rows, key=lambda r: r["date"]):
            v = r["v"]
            d = r["date"]
            if v.lag == "fuel":
                p = d + TD(days=7 - d.weekday())  # the Monday after
                p = next_postable(p)
            elif v.lag == "ahead":
                p = prev_postable(d - TD(days=rng.randint(2, 7)))
            else:
                if v.lag == "slow":
                    lag = min(45, max(1, int(math.exp(rng.gauss(math.log(14), 0.5)))))
                else:
                    lag = min(24, max(0, int(math.exp(rng.gauss(math.log(5), 0.6)))))
                p = next_postable(d + TD(days=lag))
            if r.get("group_post"):
                p = gp.setdefault(r["group_post"], next_postable(d + TD(days=rng.randint(1, 4))))
                if p < d:
                    p = next_postable(d)
            r["post"] = p
            r["order"] = rng.random()

    def people_all(self):
        rng = random.Random(f"{self.seed}-people2")
        proj = {p["id"]: p for p in self.projects}
        for r in self.rows:
            self.assign_people(r, rng, proj)

    def assign_people(self, r, rng, proj):
        v = r["v"]
        amt = abs(sek(r))
        p = proj.get(r["project"])
        overhead = r.get("overhead") or v.overhead or p is None
        if r.get("force_up"):
            up = r["force_up"]
        elif v.arch == "fuel":
            up = FUEL_IMPORT
        elif not overhead and p["sm"] == "per.olsson" and rng.random() < 0.25:
            up = "per.olsson"
        elif overhead and rng.random() < 0.2:
            up = OFFICE
        else:
            up = CLERKS[1] if r["post"] >= D(2023, 9, 1) and rng.random() < 0.35 else CLERKS[0]
        if v.arch == "fuel":
            h = r.get("holder", "van.pool")
            appr = h if h in self.sms else (rng.choice(self.sms) if h == "van.pool" else CEO)
            if h in self.pms:
                appr = CEO
        elif overhead:
            appr = OFFICE if amt <= LIMIT and up != OFFICE else CEO
        else:
            if amt <= LIMIT:
                appr = r.get("force_sm") or p["sm"]
                if appr == up:
                    appr = p["pm"]
            elif amt <= 25_000_000:
                appr = p["pm"]
            else:
                appr = CEO
        r["up"], r["appr"] = up, appr

    def ibans_all(self):
        rng = random.Random(f"{self.seed}-iban")
        self.iban_alt = set()
        self.iban_fmt = set()
        svs = [
            v for v in self.vendors if v.ibans and v.country == "SE" and not v.shell and not v.fab
        ]
        rng.shuffle(svs)
        # one vendor pays into two accounts from the start (two regions); one prints its IBAN spaced
        # in some exports; one sometimes has none on the row
        alt = [v for v in svs if v.arch == "machine"][:1]
        for v in alt:
            v.ibans.append(make_iban(rng, "SE"))
            self.iban_alt.add(v)
        fmtv = [v for v in svs if v.arch in ("wholesaler", "sub", "skip")][:2]
        blankv = [v for v in svs if v.arch in ("consumables", "service")][:1]
        for r in self.rows:
            v = r["v"]
            if not v.ibans:
                continue
            if v in self.iban_alt:
                r["iban"] = v.ibans[0] if (r["project"] or "P0")[-1] in "02468" else v.ibans[1]
                continue
            r["iban"] = v.ibans[0]
            if v in fmtv and r["up"] == CLERKS[1]:
                r["iban"] = spaced(v.ibans[0])
                self.iban_fmt.add(r["rid"])
            if v in blankv and rng.random() < 0.15:
                r["iban"] = ""
                self.iban_fmt.add(r["rid"])
        self.iban_innocent_vendors = set(alt) | set(fmtv) | set(blankv)
        # the two-region vendor uses both accounts on its first two invoices
        self.iban_second_first = set()
        for v in alt:
            rs = sorted((r for r in self.rows if r["v"] is v), key=lambda r: (r["date"], r["post"]))
            if len(rs) >= 2:
                rs[0]["iban"], rs[1]["iban"] = v.ibans[0], v.ibans[1]
                self.iban_second_first.add(rs[1]["rid"])

    def inject_iban(self):
        rng = self.irng

        def n_of(b, lo):
            return max(lo, round(b * self.s))

        byv = defaultdict(list)
        for r in self.rows:
            byv[r["v"]].append(r)
        cands = [
            v
            for v, rs in byv.items()
            if v.ibans
            and v.country == "SE"
            and len(rs) >= 10
            and v not in self.iban_innocent_vendors
            and not v.shell
            and not v.fab
            and min(r["date"] for r in rs) < START + TD(90)
        ]
        rng.shuffle(cands)
        self.iban_vendors = set()
        n = n_of(6, 4)
        for gi, v in enumerate(cands[:n]):
            rs = sorted(byv[v], key=lambda r: (r["date"], r["post"], r["order"]))
            i = rng.randint(len(rs) // 3, len(rs) - 3)
            new = make_iban(rng, "SE")
            revert = gi % 2 == 1
            j = min(len(rs), i + rng.randint(1, 3)) if revert else len(rs)
            for r in rs[i:j]:
                r["iban"] = new
            gid = f"iban-{gi + 1}"
            first_post = min(rs[i:j], key=lambda r: (r["post"], r["order"]))
            for r in rs[i:j]:
                if r is rs[i] or r is first_post:
                    self.label(
                        r["rid"],
                        K_IBAN,
                        "anomaly",
                        gid,
                        f"{v.name} IBAN changed to {new} "
                        f"({'back after ' + str(j - i) + ' invoice(s)' if revert else 'kept'})",
                    )
                else:
                    self.label(
                        r["rid"], K_IBAN, "ambiguous", gid, "later invoice on the changed IBAN"
                    )
                r["touched"] = True
            if revert and j < len(rs):
                self.label(rs[j]["rid"], K_IBAN, "ambiguous", gid, "IBAN back to the known one")
            self.iban_vendors.add(v)
            self.counts[K_IBAN] += 1

    # ------------------------------------------------------------------ duplicates
    def inject_duplicates(self):
        rng = self.irng

        def n_of(b, lo):
            return max(lo, round(b * self.s))

        cand = [
            r
            for r in self.rows
            if r["cur"] == "SEK"
            and not r["touched"]
            and not r["inj"]
            and not r["credit"]
            and r["v"] not in self.iban_vendors
            and r["tag"] != "rebill"
            and r["total"] > 20000
            and r["number"]
            and r["v"].style != "receipt"
            and r["date"] < END - TD(20)
            and not r["v"].fab
        ]
        fuel = [r for r in self.rows if r["v"].arch == "fuel" and not r["touched"]]
        rng.shuffle(cand)
        numbers = defaultdict(set)
        for r in self.rows:
            numbers[r["v"]].add(r["number"])
        variants = [
            "exact",
            "exact",
            "exact",
            "reformat",
            "reformat",
            "reformat",
            "date",
            "date",
            "typo",
            "typo",
            "fuel",
        ]
        made = 0
        want = n_of(12, 6)
        used_v = Counter()
        ci = 0
        while made < want and ci < len(cand):
            var = variants[made % len(variants)]
            o = rng.choice(fuel) if var == "fuel" and fuel else cand[ci]
            ci += var != "fuel"
            if used_v[o["v"]] >= 2 or o["touched"]:
                continue
            num, date, note = o["number"], o["date"], ""
            if var == "reformat":
                opts = []
                if "-" in num:
                    opts.append(num.replace("-", ""))
                    opts.append(num.replace("-", " "))
                if num.isdigit():
                    opts += ["00" + num, num + "-1", "F" + num]
                else:
                    opts += [num + "A", num.lower() if num.lower() != num else num + "/1"]
                num = rng.choice(opts)
                note = f"number re-typed {o['number']} -> {num}"
            elif var == "date":
                for _ in range(20):
                    dd = o["date"] + TD(days=rng.choice([-9, -6, -3, -2, 2, 3, 5, 8, 10]))
                    if working(dd):
                        date = dd
                        break
                note = f"same number, dated {date} instead of {o['date']}"
            elif var == "typo":
                digs = [i for i, ch in enumerate(num) if ch.isdigit()]
                for _ in range(20):
                    if len(digs) >= 2 and rng.random() < 0.5:
                        i = rng.choice(digs[:-1])
                        if i + 1 in digs and num[i] != num[i + 1]:
                            num = num[:i] + num[i + 1] + num[i] + num[i + 2 :]
                    else:
                        i = rng.choice(digs)
                        num = num[:i] + str((int(num[i]) + rng.choice([1, 9])) % 10) + num[i + 1 :]
                    if num != o["number"] and num not in numbers[o["v"]]:
                        break
                    num = o["number"]
                if num == o["number"]:
                    continue
                note = f"number mistyped {o['number']} -> {num}"
            else:
                note = "the same invoice entered twice" + (
                    " (fuel receipt imported twice)" if var == "fuel" else ""
                )
            c = dict(o)
            c["rid"] = len(self.rows)
            c["number"], c["date"] = num, date
            c["inj"] = K_DUP
            c["touched"] = True
            c["skey"] = None  # a copy is no new number of the series
            c["post"] = next_postable(
                max(o["post"], date) + TD(days=rng.choice([0, 1, 3, 6, 9, 14, 20]))
            )
            c["order"] = o["order"] + 0.001
            c["up"] = CLERKS[1] if o["up"] == CLERKS[0] else CLERKS[0]
            c["dup_of"] = o["rid"]
            self.rows.append(c)
            o["touched"] = True
            made += 1
            used_v[o["v"]] += 1
            gid = f"dup-{made}"
            self.label(
                c["rid"], K_DUP, "anomaly", gid, f"copy of the invoice entered {o['post']}: {note}"
            )
            self.label(o["rid"], K_DUP, "ambiguous", gid, "the original of a duplicate pair")
            self.counts[K_DUP] += 1

    # ------------------------------------------------------------------ dates
    def inject_dates(self):
        rng = self.irng

        def n_of(b, lo):
            return max(lo, round(b * self.s))

        def office(r):
            return (
                r["v"].dating in ("working", "lastworking", "firstworking")
                and not r["v"].weekend_ok
                and not getattr(r["v"], "saturday", False)
                and r["v"].country == "SE"
                and not r["touched"]
                and not r["inj"]
                and r["cur"] == "SEK"
                and not r["credit"]
                and r["tag"] not in ("rebill",)
                and not r["v"].fab
            )

        pool = [r for r in self.rows if office(r)]
        rng.shuffle(pool)
        # weekend (not at a merchant whose trade counter is open on Saturdays)
        done = 0
        for r in pool:
            if done >= n_of(12, 6):
                break
            if r["touched"]:
                continue
            wd = r["date"].weekday()
            if wd not in (0, 1):
                continue
            nd = r["date"] - TD(days=rng.choice([1, 2]) + (wd == 1))
            if not is_wkd(nd) or nd in SE_HOL or nd < START:
                continue
            old = r["date"]
            r["date"] = nd
            r["touched"] = True
            r["inj"] = K_WKD
            done += 1
            self.label(
                r["rid"], K_WKD, "anomaly", f"weekend-{done}", f"dated {nd} ({nd:%A}), was {old}"
            )
            self.counts[K_WKD] += 1
        # holidays (weekday holidays, Swedish)
        hols = [d for d, n in sorted(SE_HOL.items()) if START <= d <= END and not is_wkd(d)]
        rng.shuffle(hols)
        done = 0
        for hd in hols * 2:
            if done >= n_of(10, 5):
                break
            near = [r for r in pool if not r["touched"] and 1 <= days(hd, r["date"]) <= 6]
            if not near:
                continue
            r = rng.choice(near)
            old = r["date"]
            r["date"] = hd
            r["touched"] = True
            r["inj"] = K_HOL
            done += 1
            self.label(
                r["rid"],
                K_HOL,
                "anomaly",
                f"holiday-{done}",
                f"dated {hd} ({SE_HOL[hd]}), was {old}",
            )
            self.counts[K_HOL] += 1
        # backdated
        firsts = {}
        for r in self.rows:
            firsts[r["v"]] = min(firsts.get(r["v"], r["date"]), r["date"])
        done = 0
        for r in pool:
            if done >= n_of(10, 5):
                break
            if r["touched"] or r["post"] < START + TD(200):
                continue
            nd = prev_working(r["post"] - TD(days=rng.randint(120, 400)))
            if nd < max(START, firsts[r["v"]] + TD(1)):
                continue
            old = r["date"]
            r["date"] = nd
            r["touched"] = True
            r["inj"] = K_BACK
            done += 1
            self.label(
                r["rid"],
                K_BACK,
                "anomaly",
                f"backdated-{done}",
                f"dated {nd}, posted {r['post']} ({days(nd, r['post'])} days later); "
                f"was dated {old}",
            )
            self.counts[K_BACK] += 1
        # future dates: a year or a month typed wrong
        done = 0
        for r in pool:
            if done >= n_of(10, 5):
                break
            if r["touched"]:
                continue
            d = r["date"]
            if rng.random() < 0.7:
                try:
                    nd = d.replace(year=d.year + 1)
                except ValueError:
                    continue
            else:
                y, m = add_months(d.year, d.month, rng.choice([1, 2]))
                try:
                    nd = D(y, m, d.day)
                except ValueError:
                    continue
            if not working(nd) or days(r["post"], nd) < 25:
                continue
            r["date"] = nd
            r["touched"] = True
            r["inj"] = K_FUT
            done += 1
            self.label(
                r["rid"],
                K_FUT,
                "anomaly",
                f"future-{done}",
                f"dated {nd}, posted {r['post']} (was {d})",
            )
            self.counts[K_FUT] += 1

    # ------------------------------------------------------------------ accounts, duties
    def inject_misc(self):
        rng = self.irng

        def n_of(b, lo):
            return max(lo, round(b * self.s))

        byv = defaultdict(list)
        for r in self.rows:
            byv[r["v"]].append(r)
        # mis-posted accounts
        vs = [v for v, rs in byv.items() if len(rs) >= 12 and v.arch in RARE_BAD and not v.fab]
        rng.shuffle(vs)
        done = 0
        for v in vs * 2:
            if done >= n_of(10, 6):
                break
            rs = [r for r in byv[v] if not r["touched"] and not r["inj"] and r["acct"] == v.acct]
            if not rs:
                continue
            used = {r["acct"] for r in byv[v]}
            bad = [a for a in RARE_BAD[v.arch] if a not in used]
            if not bad:
                continue
            r = rng.choice(rs)
            old = r["acct"]
            r["acct"] = rng.choice(bad)
            r["touched"] = True
            r["inj"] = K_RARE
            done += 1
            self.label(
                r["rid"],
                K_RARE,
                "anomaly",
                f"account-{done}",
                f"{v.name} ({v.arch}) booked to {r['acct']} instead of {old}",
            )
            self.counts[K_RARE] += 1
        # segregation of duties: the approver uploaded the invoice
        cand = [
            r
            for r in self.rows
            if not r["touched"]
            and r["appr"]
            and r["appr"] not in (OFFICE,)
            and r["up"] != r["appr"]
            and r["v"].arch != "fuel"
        ]
        rng.shuffle(cand)
        for done, r in enumerate(cand[: n_of(10, 6)], start=1):
            r["up"] = (
                r["appr"] if done % 5 else ".".join(x.capitalize() for x in r["appr"].split("."))
            )
            r["touched"] = True
            r["inj"] = K_SOD
            self.label(
                r["rid"],
                K_SOD,
                "anomaly",
                f"sod-{done}",
                f"uploaded by {r['up']}, approved by {r['appr']}",
            )
            self.counts[K_SOD] += 1
        # a few invoices still awaiting approval at export (no approver yet)
        late = [
            r
            for r in self.rows
            if r["post"] >= END - TD(5) and not r["touched"] and r["v"].arch != "fuel"
        ]
        for r in rng.sample(late, min(len(late), max(3, int(6 * self.s)))):
            r["appr"] = ""
            r["pending"] = True

    # ------------------------------------------------------------------ build
    def build(self):
        t = self.target
        inj_est = 150 * self.s
        self.generate(1.0)
        n1 = len(self.rows)
        fixed = sum(
            1
            for r in self.rows
            if r["tag"]
            in (
                "stage",
                "stage_round",
                "final",
                "plan",
                "ata",
                "periodic",
                "price_list",
                "fabricated",
                "xmas_party",
                "foreign_holiday",
            )
            or r["v"].arch == "service"
        )
        var = n1 - fixed
        f = max(0.2, (t - fixed - inj_est) / max(1, var))
        self.f = f
        self.generate(f)
        self.inject_rows()
        self.inject_amounts()
        self.number_all()
        self.inject_numbering()
        self.post_all()
        self.people_all()
        self.ibans_all()
        self.inject_iban()
        self.inject_duplicates()
        self.inject_dates()
        self.inject_misc()
        self.rows.sort(key=lambda r: (r["post"], r["order"]))
        for i, r in enumerate(self.rows):
            r["rowno"] = i + 1
        self.as_of = max(r["post"] for r in self.rows) + TD(4)
        self.label_scans()

    # ------------------------------------------------------------------ labels from the data
    def label_scans(self):
        rows = self.rows
        byv = defaultdict(list)
        for r in rows:
            byv[r["v"]].append(r)
        L = self.label
        # ---------- explicit innocents (deliberate look-alikes)
        for r in rows:
            v, rid, tag = r["v"], r["rid"], r["tag"]
            if r["inj"] in (K_SPLIT, K_BELOW, K_CLUS, K_NEW):
                continue  # rows the injections added
            date_chg = r["inj"] in (K_WKD, K_HOL, K_BACK, K_FUT)
            amt_chg = r["inj"] in (K_OUT, K_ROUND, K_REP)
            La = (lambda *x, **y: None) if amt_chg else L
            if is_wkd(r["date"]) and not date_chg:
                if v.arch == "fuel":
                    L(rid, K_WKD, "innocent", "", "fuel-card purchase on a weekend")
                elif tag == "saturday":
                    L(
                        rid,
                        K_WKD,
                        "innocent",
                        "",
                        "Saturday pick-up at the merchant's trade counter",
                    )
                elif v.arch in ("hotel", "taxi"):
                    L(rid, K_WKD, "innocent", "", "hotel check-out / travel on a weekend")
                elif v.dating == "monthend":
                    L(
                        rid,
                        K_WKD,
                        "innocent",
                        "",
                        "vendor dates every invoice the last calendar day of the month",
                    )
                elif v.dating == "monthstart":
                    L(rid, K_WKD, "innocent", "", "rent notice dated the 1st of every month")
            if r["date"] in SE_HOL and not date_chg:
                hn = SE_HOL[r["date"]]
                if v.arch in ("fuel", "hotel", "taxi"):
                    L(rid, K_HOL, "innocent", "", f"{hn}: fuel/travel happens on holidays")
                elif v.country != "SE":
                    L(rid, K_HOL, "innocent", "", f"{hn} is a working day in {v.country}")
                elif v.dating in ("monthend", "monthstart"):
                    L(
                        rid,
                        K_HOL,
                        "innocent",
                        "",
                        f"{hn}: vendor dates every invoice on the "
                        f"{'last' if v.dating == 'monthend' else 'first'} day of the month",
                    )
                elif tag == "saturday":
                    L(rid, K_HOL, "innocent", "", f"{hn}: Saturday trade-counter pick-up")
            lag = days(r["date"], r["post"])
            if lag > 30 and not date_chg:
                L(
                    rid,
                    K_BACK,
                    "innocent",
                    "",
                    f"posted {lag} days after its date: "
                    + (
                        "clerk's July holiday"
                        if r["post"].month == 8
                        else "Christmas break"
                        if r["post"].month == 1
                        else "slow vendor/foreign post"
                    ),
                )
            if lag < 0 and v.lag == "ahead" and not date_chg:
                L(
                    rid,
                    K_FUT,
                    "innocent",
                    "",
                    f"rent notice dated the 1st (as every month), posted {-lag} days before"
                    + (", ahead of the clerk's holiday" if -lag > 10 else ""),
                )
            if v.arch == "sub" and tag == "final":
                La(
                    rid,
                    K_OUT,
                    "innocent",
                    "",
                    "final invoice with released retention (project end)",
                )
            if v.arch == "accounting" and r["date"].month == 3:
                La(rid, K_OUT, "innocent", "", "annual accounts, billed every March")
            if tag == "xmas_party":
                La(rid, K_OUT, "innocent", "", "Christmas party catering (once a year)")
            if tag == "capex":
                La(
                    rid,
                    K_OUT,
                    "innocent",
                    "",
                    "equipment over half a price base amount, capitalised on 1220",
                )
            if r["credit"]:
                La(rid, K_OUT, "innocent", "", "credit note")
                La(rid, K_DUP, "innocent", "", "credit note")
            if tag == "rebill" and r["total"] == rows_by_rid(self, r["rebill_of"])["total"]:
                La(
                    rid,
                    K_DUP,
                    "innocent",
                    "",
                    "rebill after a full credit note (credit-and-rebill)",
                )
                La(rid, K_REP, "innocent", "", "rebill after a full credit note")
                L(r["rebill_of"], K_DUP, "innocent", "", "original of a credit-and-rebill")
                L(r["rebill_of"], K_REP, "innocent", "", "original of a credit-and-rebill")
            if v.arch == "sub" and r["total"] % 10000 == 0:
                La(
                    rid,
                    K_ROUND,
                    "innocent",
                    "",
                    "subcontractor billing: round stage payments and hours x rate are normal",
                )
            if tag == "hotel":
                if r["total"] % 10000 == 0:
                    La(rid, K_ROUND, "innocent", "", "hotel bill: nights x a round nightly rate")
                La(rid, K_REP, "innocent", "", "hotel bill: nights x a round nightly rate")
            if tag == "price_list" and r["total"] % 10000 == 0:
                La(rid, K_ROUND, "innocent", "", "fixed price-list service")
            if tag == "fuel_roundfill":
                La(rid, K_ROUND, "innocent", "", "fuel filled for a round sum at the pump")
                La(rid, K_REP, "innocent", "", "fuel filled for a round sum at the pump")
            if v.fixed or tag == "plan" or (v.arch == "machine" and r["series"] == "contract"):
                La(rid, K_REP, "innocent", "", "fixed monthly/contract fee")
                La(rid, K_DUP, "innocent", "", "fixed periodic fee, a new number each period")
                if r["total"] % 10000 == 0:
                    La(rid, K_ROUND, "innocent", "", "fixed contract fee")
                La(rid, K_CLUS, "innocent", "", "a fee billed at a steady level")
            if v.narrow:
                L(
                    rid,
                    K_BEN,
                    "innocent",
                    "",
                    "narrow-range vendor (fuel/fees/utilities): Benford does not apply",
                )
            if r["rid"] in self.year_firsts:
                L(rid, K_NUM, "innocent", "", "per-year counter restarts")
            if r["credit"] and v.kseries:
                L(rid, K_NUM, "innocent", "", "credit note in its own K-series")
            if v.style == "receipt":
                L(rid, K_NUM, "innocent", "", "receipt numbers, no series")
            if rid in self.iban_second_first:
                L(
                    rid,
                    K_IBAN,
                    "ambiguous",
                    "",
                    "second account first used on the vendor's 2nd invoice",
                )
            if v in self.iban_innocent_vendors and not r["touched"]:
                L(
                    rid,
                    K_IBAN,
                    "innocent",
                    "",
                    "second account in use from the start / IBAN printed spaced / missing",
                )
            if r["up"] == "per.olsson" and r["appr"] == "per.olofsson":
                L(
                    rid,
                    K_SOD,
                    "innocent",
                    "",
                    "per.olsson (site manager) uploaded, per.olofsson (PM) approved",
                )
            if r.get("pending"):
                L(rid, K_SOD, "innocent", "", "not approved yet")
            if r["cur"] == "EUR" and BAND_LO <= r["total"] < LIMIT:
                L(
                    rid,
                    K_BELOW,
                    "innocent",
                    "",
                    f"{fmt(r['total'])} EUR = about {sek(r) / 100:,.0f} SEK",
                )
        # split look-alikes (natural windows)
        for v, rs in byv.items():
            if v.arch == "fuel":
                continue
            rs2 = sorted(
                [r for r in rs if r["cur"] == "SEK" and 0 < r["total"] < LIMIT],
                key=lambda r: r["date"],
            )
            for i, a in enumerate(rs2):
                win = [b for b in rs2[i:] if days(a["date"], b["date"]) <= 3]
                if len(win) < 2 or sum(b["total"] for b in win) <= LIMIT:
                    continue
                if all(b["inj"] == K_SPLIT for b in win):
                    continue
                byappr = defaultdict(list)
                for b in win:
                    byappr[b["appr"]].append(b)
                same = [
                    g for g in byappr.values() if len(g) >= 2 and sum(b["total"] for b in g) > LIMIT
                ]
                for b in win:
                    if b["inj"] == K_SPLIT:
                        continue
                    if any(b in g for g in same):
                        if (
                            v.arch == "merchant"
                            and len({x["date"] for x in win}) > 1
                            and not b["inj"]
                        ):
                            L(
                                b["rid"],
                                K_SPLIT,
                                "innocent",
                                "",
                                "merchant deliveries on different days",
                            )
                        else:
                            L(
                                b["rid"],
                                K_SPLIT,
                                "ambiguous",
                                "",
                                "several invoices under 10,000 within 3 days "
                                "for one approver summing over 10,000 (not injected)",
                                only_if_unlabelled=True,
                            )
                    else:
                        L(
                            b["rid"],
                            K_SPLIT,
                            "innocent",
                            "",
                            "deliveries to different projects/approvers",
                        )
        # ---------- scans: exposures and chance look-alikes
        for r in rows:
            rid, v = r["rid"], r["v"]
            if r["cur"] == "SEK" and BAND_LO <= r["total"] < LIMIT:
                L(
                    rid,
                    K_BELOW,
                    "ambiguous",
                    "",
                    "within 5 % under the limit (natural draw or another injection)",
                    only_if_unlabelled=True,
                )
            if r["cur"] == "NOK" and BAND_LO <= r["total"] < LIMIT:
                L(
                    rid,
                    K_BELOW,
                    "ambiguous",
                    "",
                    "NOK amount close to the SEK limit",
                    only_if_unlabelled=True,
                )
            if r["total"] % 10000 == 0 and abs(r["total"]) >= 100000:
                L(
                    rid,
                    K_ROUND,
                    "ambiguous",
                    "",
                    "a round sum (not injected as such)",
                    only_if_unlabelled=True,
                )
            if is_wkd(r["date"]):
                L(
                    rid,
                    K_WKD,
                    "ambiguous",
                    "",
                    "weekend date from another injection",
                    only_if_unlabelled=True,
                )
            if r["date"] in SE_HOL:
                L(
                    rid,
                    K_HOL,
                    "ambiguous",
                    "",
                    f"{SE_HOL[r['date']]} from another injection",
                    only_if_unlabelled=True,
                )
            lag = days(r["date"], r["post"])
            if lag > 60:
                L(
                    rid,
                    K_BACK,
                    "ambiguous",
                    "",
                    f"posted {lag} days after its date (another injection)",
                    only_if_unlabelled=True,
                )
            if lag < 0:
                L(
                    rid,
                    K_FUT,
                    "ambiguous",
                    "",
                    f"dated {-lag} days after posting (another injection)",
                    only_if_unlabelled=True,
                )
            if r["up"] and r["up"].lower() == r["appr"].lower():
                L(rid, K_SOD, "ambiguous", "", "same person", only_if_unlabelled=True)
        # duplicates look-alikes: same vendor and amount, near in date or number
        for _v, rs in byv.items():
            bya = defaultdict(list)
            for r in rs:
                if r["total"] != 0:
                    bya[r["total"]].append(r)
            for a, grp in bya.items():
                if len(grp) < 2:
                    continue
                grp.sort(key=lambda r: r["date"])
                for i in range(len(grp)):
                    for j in range(i + 1, len(grp)):
                        x, y = grp[i], grp[j]
                        if (
                            self.labels.get((x["rid"], K_DUP), ("",))[0] == "anomaly"
                            or self.labels.get((y["rid"], K_DUP), ("",))[0] == "anomaly"
                        ):
                            continue
                        near = abs(days(x["date"], y["date"])) <= 14 or similar_numbers(
                            x["number"], y["number"]
                        )
                        if near:
                            for z in (x, y):
                                L(
                                    z["rid"],
                                    K_DUP,
                                    "ambiguous",
                                    "",
                                    "same vendor and amount, near date/number (not injected)",
                                    only_if_unlabelled=True,
                                )
                # repeated amounts by chance or as side effects
                if abs(a) >= 50000:
                    for z in grp:
                        L(
                            z["rid"],
                            K_REP,
                            "ambiguous",
                            "",
                            f"{fmt(a)} occurs {len(grp)} times at the vendor (not injected)",
                            only_if_unlabelled=True,
                        )
        # round-sum clusters by chance (or from below-limit injections at 10,000)
        for v, rs in byv.items():
            am = [r for r in rs if r["cur"] == "SEK" and r["total"] > 0]
            if len(am) < 10:
                continue
            # the cluster vendors' natural rows in the band
            for cv, T in self.cluster_vendors:
                if cv is v:
                    for r in am:
                        if T * 0.95 <= r["total"] < T and r["inj"] != K_CLUS:
                            L(
                                r["rid"],
                                K_CLUS,
                                "ambiguous",
                                "",
                                "natural invoice inside the injected cluster's band",
                            )
                        elif T * 0.90 <= r["total"] < T * 0.95 and r["inj"] != K_CLUS:
                            L(
                                r["rid"],
                                K_CLUS,
                                "ambiguous",
                                "",
                                "natural invoice 5-10 % under the injected "
                                "cluster's sum (how far 'just below' reaches is not defined)",
                                only_if_unlabelled=True,
                            )
            for T in (
                100000,
                200000,
                250000,
                300000,
                400000,
                500000,
                1000000,
                1500000,
                2000000,
                2500000,
                3000000,
                4000000,
                5000000,
                7500000,
                10000000,
                15000000,
                20000000,
                25000000,
            ):
                below = [r for r in am if T * 0.95 <= r["total"] < T]
                above = sum(1 for r in am if T <= r["total"] < T * 1.05)
                if len(below) >= 4 and len(below) >= 2.5 * (above + 1):
                    for r in below:
                        L(
                            r["rid"],
                            K_CLUS,
                            "ambiguous",
                            "",
                            f"{len(below)} invoices under {fmt(T)} vs {above} "
                            "above at this vendor (chance or another kind)",
                            only_if_unlabelled=True,
                        )
        # amount outliers: natural tails and side effects
        # (log-scale robust z per vendor and account)
        va = defaultdict(list)
        for r in rows:
            if r["total"] > 0:
                va[(r["v"], r["acct"])].append(r)
        for _k, rs in va.items():
            nat = [r for r in rs if r["inj"] != K_OUT]
            if len(nat) < 8:
                continue
            lg = sorted(math.log(r["total"]) for r in nat)
            med = lg[len(lg) // 2]
            mad = sorted(abs(x - med) for x in lg)[len(lg) // 2] or 0.05
            for r in rs:
                if r["inj"] == K_OUT:
                    continue
                z = (math.log(r["total"]) - med) / (1.4826 * mad)
                if abs(z) > 3.5 and (
                    r["total"] > 4 * math.exp(med) or r["total"] < math.exp(med) / 4
                ):
                    L(
                        r["rid"],
                        K_OUT,
                        "ambiguous",
                        "",
                        f"robust z {z:.1f} on log amounts (natural tail or another injection)",
                        only_if_unlabelled=True,
                    )
        # rare accounts: natural one-offs on plausible accounts
        for _v, rs in byv.items():
            if len(rs) < 8:
                continue
            c = Counter(r["acct"] for r in rs)
            for r in rs:
                if c[r["acct"]] <= 2 and c[r["acct"]] / len(rs) < 0.05:
                    L(
                        r["rid"],
                        K_RARE,
                        "ambiguous",
                        "",
                        f"account {r['acct']} used {c[r['acct']]}x by this vendor "
                        "(plausible, not injected)",
                        only_if_unlabelled=True,
                    )
        # numbering: disorder/gaps that other injections or copies create
        for v, rs in byv.items():
            ser = defaultdict(list)
            for r in rs:
                if r["skey"] and r["skey"][1] != "K":
                    ser[r["skey"]].append(r)
            for key, srs in ser.items():
                srs.sort(key=lambda r: (r["date"], r["seqv"]))
                for r in out_of_sequence(srs):
                    L(
                        r["rid"],
                        K_NUM,
                        "ambiguous",
                        "",
                        "out of date order (a date injection or a swap)",
                        only_if_unlabelled=True,
                    )
                bys = sorted(srs, key=lambda r: r["seqv"])
                for i, r in enumerate(bys):
                    if r["inj"] in (K_WKD, K_HOL, K_BACK, K_FUT):
                        for x in bys[max(0, i - 1) : i + 2]:
                            L(
                                x["rid"],
                                K_NUM,
                                "ambiguous",
                                "",
                                "next in number to an invoice whose date was "
                                "moved (either may look out of sequence)",
                                only_if_unlabelled=True,
                            )
                dense = v.style in ("dense", "contract") or key[1] == "contract"
                if dense:
                    bys = sorted(srs, key=lambda r: r["seqv"])
                    for i in range(1, len(bys)):
                        if bys[i]["seqv"] - bys[i - 1]["seqv"] > 1:
                            L(
                                bys[i]["rid"],
                                K_NUM,
                                "ambiguous",
                                "",
                                "gap next to a moved invoice",
                                only_if_unlabelled=True,
                            )
                if not dense and len(srs) >= 8:
                    bys = sorted(srs, key=lambda r: r["seqv"])
                    steps = [bys[i]["seqv"] - bys[i - 1]["seqv"] for i in range(1, len(bys))]
                    if sum(1 for x in steps if x == 1) >= 0.5 * len(steps):
                        for i in range(1, len(bys)):
                            if steps[i - 1] > 1:
                                L(
                                    bys[i]["rid"],
                                    K_NUM,
                                    "ambiguous",
                                    "",
                                    "natural gap in a mostly consecutive "
                                    "series (the vendor bills others too)",
                                    only_if_unlabelled=True,
                                )
            nums = Counter(r["number"] for r in rs)
            for r in rs:
                if r.get("dup_of") is not None or nums[r["number"]] > 1:
                    L(
                        r["rid"],
                        K_NUM,
                        "ambiguous",
                        "",
                        "a duplicate's number",
                        only_if_unlabelled=True,
                    )
        # Benford: fabricators, and natural vendors whose amounts fail the test anyway
        for v, rs in byv.items():
            am = [abs(r["total"]) // 100 for r in rs if abs(r["total"]) >= 1000]
            if v.fab:
                for r in rs:
                    L(
                        r["rid"],
                        K_BEN,
                        "anomaly",
                        f"benford-{v.name}",
                        f"fabricated amounts: first-digit chi2 {v.chi:.1f}, "
                        f"MAD {v.mad:.4f} (n={len(rs)})",
                    )
                self.counts[K_BEN] += 1
                continue
            if len(am) >= 50:
                chi, mad = benford_stats(am)
                if chi > 26.12 and mad > 0.015:
                    for r in rs:
                        L(
                            r["rid"],
                            K_BEN,
                            "ambiguous",
                            "",
                            f"natural amounts fail Benford (chi2 {chi:.1f}, "
                            f"MAD {mad:.4f}, n={len(am)})",
                            only_if_unlabelled=True,
                        )
        # new vendors
        W1, W2 = START + TD(60), START + TD(120)
        for v, rs in byv.items():
            byd = sorted(rs, key=lambda r: (r["date"], r["rowno"]))
            byp = sorted(rs, key=lambda r: r["rowno"])
            first = byd[0]["date"]
            if first <= W1:
                continue
            annual = v.freq == "annual" if hasattr(v, "freq") else False
            st = "anomaly" if first > W2 and not annual else "ambiguous"
            why = (
                "new vendor"
                if st == "anomaly"
                else "first seen early in the ledger or a once-a-year vendor"
            )
            gid = f"new-{v.name}"
            for r in {byd[0]["rid"]: byd[0], byp[0]["rid"]: byp[0]}.values():
                L(
                    r["rid"],
                    K_NEW,
                    st,
                    gid,
                    f"{why}: first invoice {first}" + (" (shell vendor)" if v.shell else ""),
                )
            for r in rs:
                if days(first, r["date"]) <= 60 or len(rs) <= 5:
                    L(
                        r["rid"],
                        K_NEW,
                        "ambiguous",
                        gid,
                        "a new vendor's invoice in its first 60 days "
                        "or of a vendor that billed 5 times or fewer",
                        only_if_unlabelled=True,
                    )
            if st == "anomaly":
                self.counts["new_vendors"] += 1
        # the below-limit injections' other faces
        for r in rows:
            if r["inj"] in (K_BELOW, K_SPLIT, K_CLUS):
                pass
        # groups
        self.groups = defaultdict(lambda: defaultdict(set))
        for (rid, kind), (st, g, _note) in self.labels.items():
            if st == "anomaly":
                self.groups[kind][g].add(rid)

    # ------------------------------------------------------------------ output
    HEADER: ClassVar[list[str]] = [
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
        "posting_date",
    ]

    def write(self, path):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(self.HEADER)
            for r in self.rows:
                w.writerow(
                    [
                        r["vendor"],
                        r["number"],
                        r["date"].isoformat(),
                        fmt(r["total"]),
                        r["cur"],
                        fmt(r["net"]),
                        fmt(r["tax"]),
                        r["acct"],
                        r["iban"],
                        r["up"],
                        r["appr"],
                        r["post"].isoformat(),
                    ]
                )

    def write_labels(self, path):
        rn = {r["rid"]: r["rowno"] for r in self.rows}
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["row", "kind", "status", "group", "note"])
            for (rid, kind), (st, g, note) in sorted(
                self.labels.items(), key=lambda x: (rn[x[0][0]], x[0][1])
            ):
                w.writerow([rn[rid], kind, st, g, note])


def rows_by_rid(ledger, rid):
    if not hasattr(ledger, "_rid"):
        ledger._rid = {r["rid"]: r for r in ledger.rows}
    return ledger._rid[rid]


def out_of_sequence(srs):
    """Rows (sorted by date) outside the longest run whose numbers grow with the dates."""
    import bisect

    tails, tails_i, prev = [], [], [None] * len(srs)
    for i, r in enumerate(srs):
        k = bisect.bisect_left(tails, r["seqv"])
        if k == len(tails):
            tails.append(r["seqv"])
            tails_i.append(i)
        else:
            tails[k] = r["seqv"]
            tails_i[k] = i
        prev[i] = tails_i[k - 1] if k > 0 else None
    keep = set()
    i = tails_i[-1] if tails_i else None
    while i is not None:
        keep.add(i)
        i = prev[i]
    return [r for i, r in enumerate(srs) if i not in keep]


def similar_numbers(a, b):
    if not a or not b or a == b:
        return a == b and bool(a)
    da = "".join(ch for ch in a if ch.isdigit()).lstrip("0")
    db = "".join(ch for ch in b if ch.isdigit()).lstrip("0")
    if da and da == db:
        return True
    if len(da) == len(db) and len(da) >= 4:
        diff = [i for i in range(len(da)) if da[i] != db[i]]
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and da[diff[0]] == db[diff[1]]
            and da[diff[1]] == db[diff[0]]
        ):
            return True
    return False


BENFORD = [math.log10(1 + 1 / d) for d in range(1, 10)]


def benford_stats(amounts):
    fd = Counter(int(str(a)[0]) for a in amounts if a >= 10)
    n = sum(fd.values())
    if n == 0:
        return 0.0, 0.0
    chi = sum((fd[d] - n * BENFORD[d - 1]) ** 2 / (n * BENFORD[d - 1]) for d in range(1, 10))
    mad = sum(abs(fd[d] / n - BENFORD[d - 1]) for d in range(1, 10)) / 9
    return chi, mad


# --------------------------------------------------------------------------- running the product
def run_product(csv_path, as_of, workdir):
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["LEDGERLOOP_DB"] = os.path.join(workdir, "scratch.duckdb")
    env["LEDGERLOOP_LLM"] = "off"
    cmd = [
        sys.executable,
        "-m",
        "core",
        "anomalies",
        "--import-csv",
        csv_path,
        "--json",
        "--as-of",
        as_of.isoformat(),
    ]
    t0 = time.time()
    p = subprocess.run(cmd, cwd=PRODUCT, env=env, capture_output=True, text=True)
    el = time.time() - t0
    findings = []
    for line in p.stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        with contextlib.suppress(json.JSONDecodeError):
            findings.append(json.loads(line))
    return findings, p.stderr, p.returncode, el


def score(ledger, findings):
    rn = {r["rowno"]: r for r in ledger.rows}
    lab = defaultdict(dict)  # kind -> rowno -> (status, group, note)
    for (rid, kind), v in ledger.labels.items():
        lab[kind][rows_by_rid(ledger, rid)["rowno"]] = v
    hits = defaultdict(dict)  # kind -> rowno -> finding
    unmapped = Counter()
    for f in findings:
        kind = DETECTOR_TO_KIND.get(f.get("detector"))
        if kind is None:
            unmapped[f.get("detector")] += 1
            continue
        row = f.get("row")
        if isinstance(row, int) and row in rn:
            hits[kind].setdefault(row, f)
    res = {}
    for kind in KINDS:
        groups = defaultdict(set)
        for row, (st, g, _note) in lab[kind].items():
            if st == "anomaly":
                groups[g].add(row)
        h = hits[kind]
        tp = sum(1 for row in h if lab[kind].get(row, ("innocent",))[0] == "anomaly")
        amb = sum(1 for row in h if lab[kind].get(row, ("innocent",))[0] == "ambiguous")
        fp = len(h) - tp - amb
        found = [g for g, rs in groups.items() if any(r in h for r in rs)]
        missed = [g for g in groups if g not in found]
        res[kind] = dict(
            groups=len(groups),
            anomaly_rows=sum(len(x) for x in groups.values()),
            findings=len(h),
            tp=tp,
            ambiguous_hits=amb,
            fp=fp,
            strict_precision=(tp / len(h)) if h else None,
            lenient_precision=(tp / (len(h) - amb)) if len(h) - amb else None,
            recall=(len(found) / len(groups)) if groups else None,
            _missed=sorted(missed, key=lambda g: min(groups[g])),
            _groups=groups,
            _fps=sorted(row for row in h if lab[kind].get(row, ("innocent",))[0] == "innocent"),
            _amb=sorted(row for row in h if lab[kind].get(row, ("innocent",))[0] == "ambiguous"),
        )
    return res, hits, unmapped, lab


def ctx(r):
    return (
        f"row {r['rowno']}: {r['vendor']} | no {r['number']} | "
        f"dated {r['date']} ({r['date']:%a}) | "
        f"posted {r['post']} | {fmt(r['total'])} {r['cur']} "
        f"(net {fmt(r['net'])}, tax {fmt(r['tax'])}) | "
        f"acct {r['acct']} | iban {r['iban'] or '-'} | "
        f"up {r['up'] or '-'} / appr {r['appr'] or '-'}"
    )


def neighbours(ledger, r, k=2):
    rs = sorted((x for x in ledger.rows if x["v"] is r["v"]), key=lambda x: (x["date"], x["rowno"]))
    i = rs.index(r)
    out = []
    for x in rs[max(0, i - k) : i] + rs[i + 1 : i + 1 + k]:
        out.append(
            f"      · row {x['rowno']} {x['date']} no {x['number']} {fmt(x['total'])} "
            f"acct {x['acct']} "
            f"appr {x['appr'] or '-'}"
        )
    n = len(rs)
    tots = sorted(x["total"] for x in rs if x["total"] > 0)
    med = tots[len(tots) // 2] if tots else 0
    return [f"      vendor: {n} invoices, median {fmt(med)}", *out]


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Labelled Swedish construction ledger (SEK) through LedgerLoop's CLI"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=6000)
    ap.add_argument("--keep", metavar="DIR")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--examples", type=int, default=3)
    a = ap.parse_args(argv)
    t0 = time.time()
    led = Ledger(a.seed, a.rows)
    led.build()
    tgen = time.time() - t0
    tmp = tempfile.mkdtemp(prefix="bench7-")
    try:
        path = os.path.join(tmp, "ledger.csv")
        led.write(path)
        findings, err, rc, tcli = run_product(path, led.as_of, tmp)
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            shutil.copy(path, os.path.join(a.keep, "ledger.csv"))
            led.write_labels(os.path.join(a.keep, "labels.csv"))
            with open(os.path.join(a.keep, "findings.jsonl"), "w", encoding="utf-8") as fh:
                for f in findings:
                    fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    res, hits, unmapped, lab = score(led, findings)
    rn = {r["rowno"]: r for r in led.rows}
    summary = dict(
        seed=a.seed,
        rows=len(led.rows),
        vendors=len({r["vendor"] for r in led.rows}),
        as_of=led.as_of.isoformat(),
        cli_returncode=rc,
        cli_seconds=round(tcli, 2),
        generate_seconds=round(tgen, 2),
        findings=len(findings),
        unmapped_detectors=dict(unmapped),
        injected=dict(led.counts),
        kinds={k: {x: y for x, y in v.items() if not x.startswith("_")} for k, v in res.items()},
    )
    if a.json:
        print(json.dumps(summary, indent=1, default=str))
        return 0
    print(
        f"Nordic ledger: seed {a.seed}, {len(led.rows)} rows, {summary['vendors']} vendors, "
        f"SEK, as-of {led.as_of}; generated in {tgen:.1f} s; CLI {tcli:.1f} s (exit {rc}), "
        f"{len(findings)} findings"
    )
    errl = [ln for ln in err.splitlines() if ln.strip()]
    if errl:
        print(f"CLI stderr ({len(errl)} lines), first lines:")
        for ln in errl[:6]:
            print("   ", ln[:220])
    if unmapped:
        print("unmapped detectors:", dict(unmapped))
    print(f"injected: {dict(led.counts)}")
    print()

    def fmtp(x):
        return "  -  " if x is None else f"{x:5.2f}"

    print(
        f"{'kind':24s} {'groups':>6s} {'find':>6s} {'TP':>5s} {'amb':>5s} {'FP':>5s} "
        f"{'P strict':>8s} {'P lenient':>9s} {'recall':>6s}"
    )
    for k in KINDS:
        x = res[k]
        print(
            f"{k:24s} {x['groups']:6d} {x['findings']:6d} {x['tp']:5d} "
            f"{x['ambiguous_hits']:5d} {x['fp']:5d} "
            f"{fmtp(x['strict_precision']):>8s} {fmtp(x['lenient_precision']):>9s} "
            f"{fmtp(x['recall']):>6s}"
        )
    low = [
        k
        for k in KINDS
        if any(v is not None and v < 0.9 for v in (res[k]["lenient_precision"], res[k]["recall"]))
    ]
    print(f"\nkinds below 0.9 (lenient precision or recall): {', '.join(low) or 'none'}")
    print("\nfalse positives and ambiguous hits by label note (kinds with any):")
    for k in KINDS:
        x = res[k]
        c = Counter(
            lab[k].get(row, ("innocent", "", "unlabelled (innocent)"))[2].split(":")[0][:70]
            for row in x["_fps"] + x["_amb"]
        )
        if c:
            print(f"  {k}: " + "; ".join(f"{n} x {t}" for t, n in c.most_common(6)))
    ex = a.examples
    for k in KINDS:
        x = res[k]
        if not x["_missed"] and not x["_fps"]:
            continue
        print(
            f"\n=== {k}: {len(x['_missed'])} missed group(s), "
            f"{len(x['_fps'])} false positive row(s)"
        )
        for g in x["_missed"][:ex]:
            rows = sorted(x["_groups"][g])
            print(f"  MISSED {g}: {lab[k][rows[0]][2]}")
            for row in rows[:4]:
                print("    " + ctx(rn[row]))
            for ln in neighbours(led, rn[rows[0]]):
                print(ln)
            other = [f"{f['detector']}" for f in findings if f.get("row") in rows]
            if other:
                print(f"      other detectors on these rows: {', '.join(sorted(set(other)))}")
        for row in x["_fps"][:ex]:
            f = hits[k][row]
            note = lab[k].get(row, ("innocent", "", "unlabelled: innocent"))[2]
            print(f"  FALSE POSITIVE ({note}); score {f.get('score')}")
            print("    " + ctx(rn[row]))
            print(f"      reason: {str(f.get('reason'))[:400]}")
            for ln in neighbours(led, rn[row]):
                print(ln)
    return 0


if __name__ == "__main__":
    sys.exit(main())
