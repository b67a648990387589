"""Independent labelled benchmark for the accounts-payable anomaly detector: a US ledger.

Written by an author who has not seen the detector's code; the ledger and its labels
come from the product issue's words only. The detector is a black box, called as

    python -m core anomalies --import-csv FILE --json --as-of YYYY-MM-DD

Usage:  python bench/anomalies_us_ledger.py [--seed 5] [--rows 60000] [--samples N]
        [--json] [--keep DIR]

LEDGER DESIGN
=============
Company. A mid-sized US manufacturer and distributor. Base currency USD, fiscal year =
calendar year. Three business years of postings: 2022-01-03 .. 2024-12-31. Invoices are
generated from a few weeks before the window to a few days after it; an invoice is in the
ledger when its posting (entry) date is inside the window.

Row order and posting date. The CSV is in entry order (sorted by posting date, random
within a day), as an ERP export would be. An extra column posting_date carries the entry
date. When this bench was written it was not one of the CLI's documented columns; the CLI
reads it as recorded_at (its --help now says so). The entry order is also visible from the
row order.

Calendar. US federal holidays (New Year, MLK, Washington's Birthday, Memorial Day,
Juneteenth, Independence Day, Labor Day, Columbus Day, Veterans Day, Thanksgiving,
Christmas), each on its observed day (Saturday -> Friday before, Sunday -> Monday after).
A business day is a Monday-Friday that is not an observed holiday. AP posts only on
business days.

GL accounts (account column). 1500 construction in progress (capex), 5000 raw materials,
5100 freight-in, 6000 rent, 6100 utilities, 6200 software/SaaS, 6300 legal, 6310
consulting, 6320 audit & tax, 6400 office & supplies, 6500 repairs & maintenance, 6600
travel, 6700 marketing, 6800 telecom, 6900 insurance, 7100 temporary labour.

People. AP clerks (uploaded_by) jsmith, alopez, bwong and ekim each own a range of the
alphabet (vendor name A-F, G-L, M-R, S-Z). In 10% of rows a colleague covers.
About 70% of US freight invoices arrive by EDI (uploaded_by "edi-feed"). When such an
invoice is under $1,000 it is approved by "auto-match". In 1% of rows an approver keys
the invoice while covering for a clerk, and a different approver approves it.
Approvers (approved_by) follow the account's cost centre:
  tnguyen 5000/5100/7100, mgarcia 6000/6100/6500/6900, kchen 6200/6800,
  lbrooks 6400/6600/6700, dmorris (CFO) 6300/6310/6320, swilliams (COO) 1500.
Any invoice above the $10,000 approval limit goes to dmorris (1500 stays with swilliams).
In 4% of rows the department approver is away and dmorris approves instead. For routing
only, foreign amounts are converted at company rates (EUR 1.08, CAD 0.74). The detector
is not told these rates.

Vendor classes (counts at the default size; volume classes share the row budget):
  freight carriers (5100; 5 US + 1 CAD). About 30% of the volume rows: many small
      invoices, lognormal around $330 plus four flat lane rates per carrier (20% of
      rows; these are legitimately repeated). PRO numbers are shared sequences with big
      gaps (the carrier bills other customers). Dated on business days, and on
      Saturdays at about 1/3 of the weekday rate.
  raw-material suppliers (5000, 25% also 6500; 80 US + EUR + CAD). Vendor medians are
      lognormal around $2,200 with per-invoice spread 0.5-1.0 (log scale). 40% charge
      sales tax (6.25-8.25%). Numbering is shared, dedicated, date-based or random.
  maintenance (6500, 40 vendors), office/misc (6400/6600 travel/6700, 230 vendors,
      small amounts, mostly random numbering), marketing (6700, 30 vendors, some with
      round monthly retainers). Travel vendors (hotels, airlines) date on any calendar
      day.
  SaaS subscriptions (6200; 28 US + 1 EUR). Billed monthly (80%) or yearly (20%) on the
      anniversary day, on any calendar day. Equal amounts, with an uplift at each
      anniversary and a few seat changes. 30% send the invoice a few days ahead, so it
      is posted before its date.
  utilities (6100; electric, gas, water x 3 sites; monthly on a cycle day +-2, any
      weekday, seasonal amounts); telecom (6800; 3 carriers x 1-3 lines, near-equal);
      rent (6000; 3 leases, due the 1st, equal amounts with 3% yearly escalation);
      insurance (6900; monthly premium instalments on the 1st, equal within a policy
      year). All of these are calendar-dated, so some fall on weekends or holidays.
  law firms (6300; 5, three with round monthly retainers $5,000-$15,000, plus hourly
      bills = tenths of hours x rate + disbursements, dated at month end);
      consulting (6310; 12: fixed-fee engagements billed in round milestones, T&M
      engagements in hours x rate + expenses); audit & tax (6320; 2: round progress
      bills). Numbering is per client: a dedicated sequence for us, or a year-reset
      sequence.
  contractors (1500; 6: capex projects of $150k-$1.5M billed monthly as pay
      applications (S-curve, 10% retainage, final retainage release). Amounts are
      irregular. Numbering is PA-<project>-<nn>.
  temporary labour (7100; 5 agencies: weekly invoice per placed worker = hours x rate,
      mostly 40h, so amounts are legitimately repeated; dated Monday, Tuesday after a
      Monday holiday).
Volume vendors: 25% are onboarded during the window and 10% stop during it.

Volume seasonality. Nov x1.1, Dec x1.45, from Dec 10 x1.75: a year-end budget flush. This
is the "year-end volume" look-alike: more invoices per vendor per week. Volume also grows
5% a year.

Posting lag (calendar days from invoice date to entry, then the next business day).
50% 0-3, 40% 4-14, 7% 15-30, 2.8% 31-60 (late entries: innocent), 0.2% 91-200 (very late
innocent invoices, tolerated as backdated). EDI: 0-2 days. Advance billers: posted 2-6
days before the invoice date.

Bank details (iban column). EUR vendors: valid IBANs (DE, NL, FR). In 25% of rows the IBAN
is printed in groups of four; these are formatting variants of the same account and not
changes. CAD vendors: Canadian transit-institution-account. 55% of US vendors:
ABA-routing-account ("021000021-4839201123"). Other US vendors: blank. On a vendor that
has bank details, 4% of rows are blank (not on the invoice); that is not a change either.

Credit-and-rebill (innocent; 150 events on materials, maintenance, marketing and
consulting vendors). An original invoice is followed 5-40 days later by a credit note: own
series "CM-nnnnn", total = minus the original. Then comes a rebill. In half the events it
carries the same amount, in the other half an amount corrected by 2-15%. Its number is
either the original number + "-R" or the next number in sequence, and its date is either
the credit note's date or the original date. Entry order is always original, then credit
note, then rebill.

Foreign currency. EUR and CAD invoices carry their own currency code and their total in
that currency. About 2-3% of the rows are foreign. No limit-type anomaly is injected into
them. Because the detector is not told a rate, every foreign row is tolerated for
below_limit, split_purchase and threshold_cluster. For the other kinds they are ordinary
rows of their vendor.

INJECTIONS (counts at 60,000 rows, scaled linearly with --rows, at least 3)
==========================================================================
Additive injections (new invoices that the vendor "issued"; numbered in the vendor's
sequence like any other invoice):
  below_limit (60 rows): 1-5 invoices on each of about 20 US materials, maintenance or
      marketing vendors with a median of $1,500-$7,000, total in [9,500, 10,000),
      approved by the department approver and not by the CFO. Label: the row.
  split_purchase (35 events): one purchase of $11,000-$32,000 from a US
      materials/maintenance/marketing vendor (median $1,000-$8,000), billed as 2-4
      invoices, each under $10,000. 40% are split evenly, the rest unevenly. In half
      the events all parts share a date; otherwise they span 1-6 business days.
      Label: every part.
  threshold_cluster (3 clusters, 34 rows): a maintenance vendor with 14 invoices in
      [4,750, 5,000); a second maintenance vendor (median >= $3,000) with 8 invoices in
      [23,750, 25,000); a marketing vendor (median >= $500) with 12 invoices in
      [2,375, 2,500). Each is spread over about 10 months. These thresholds are
      unconfigured (PO and tender limits the detector is not told). Label: every
      cluster member.
  round_amount (60 rows): invoices from vendors whose genuine invoices are under 5%
      round. Exact multiples of $1,000 (vendor median >= $1,500) or $500, at 0.6-2.5x
      the vendor's median, no tax (a fabricated or estimated invoice). Label: the row.
  repeated_amount (15 events, 4-7 rows each): a variable-amount vendor (>= 20 rows,
      median $300-$8,000) bills the same non-round amount with cents 4-7 times,
      20-60 days apart, under different in-sequence numbers. Label: every repeat.
  benford (4 fabricating vendors, 90-140 invoices each over the whole window):
      maintenance, marketing or consulting vendors whose every invoice is invented.
      First digits follow a human bias: P(1..9) = .06 .07 .09 .10 .12 .14 .15 .14 .13.
      Amounts have 3-4 integer digits and uniform later digits, with cents ".00" in 40%
      of rows. Label: every row of the vendor. Also scored at vendor level.
  new_vendor (10 shell vendors): they first appear after day 400, with 2-6 consulting,
      marketing or maintenance invoices (median ~$3,500) within a few months, ACH bank
      details, and a dedicated numbering from ~1001. Label: the vendor's first row in
      entry order. Its later rows are tolerated. Also scored at vendor level.
Modifying injections (an existing genuine row is changed):
  amount_outlier (80 rows): the vendor-account has >= 15 rows and the row has >= 10
      earlier ones. The amount becomes one of: x10 (30%) or x100 (15%) of a near-median
      invoice (decimal-point slip); 8-15x the vendor-account median (35%, an inflated
      invoice); or /100 (20%, dollars keyed as cents). Net and tax are scaled along.
      Label: the row.
  weekend_date (60 rows): a Monday or Friday invoice of a business-day vendor is redated
      to the adjacent Saturday or Sunday. Label: the row.
  holiday_date (40 rows): an invoice of a business-day vendor dated 1-4 business days
      from an observed federal holiday (a weekday) is redated to that holiday. Label:
      the row.
  backdated (50 rows): an invoice entered after 2023-02 is redated 100-420 days before
      its posting date, into a closed period, usually the prior fiscal year. Its number
      is unchanged. Label: the row.
  future_date (30 rows): year typos that put the date after --as-of: 2024 -> 2025 (an
      invoice posted in 2024 and dated after Jan 5), or transposed digits 2023 -> 2032,
      2024 -> 2042. Label: the row.
  iban_change (25 events) on vendors with bank details and >= 10 rows.
      Business-email compromise (70%): 1-3 consecutive invoices (entry order) carry a new
      valid account (another IBAN country or bank; or a new US routing/account), then
      the vendor reverts. Label: those rows. The first reverted row is tolerated.
      Switch (30%): from one invoice on, a new account. Label: the first row with it;
      later rows with it are tolerated. "First" and "after" are in CSV row order.
  numbering (60): a fake invoice from a real vendor with a sequential style (dedicated,
      shared or year-reset). Either its number comes from the vendor's range of >= 180
      days earlier (40%), or it jumps far ahead: shared x10 or + ~500 gaps, dedicated
      +300..900 (30%). Alternatively, a gap of 4-30 numbers opens in a dedicated or
      project sequence (30%): the vendor's subsequent numbers are shifted. Label: the
      fake row, or the first row after the gap.
  rare_account (60 rows): a row of a vendor with >= 20 rows on at most 2 accounts is
      coded to an account from an unrelated cost centre, never used for that vendor.
      It is re-routed to that account's approver. Label: the row.
  sod_breach (50 rows): uploaded_by equals approved_by. Three forms: an approver keys and
      approves the invoice (60%); a clerk approves their own upload (20%); the approver
      case is exported in upper case ("TNGUYEN" vs "tnguyen", 20%). Label: the row.
  duplicate (120 copies of genuine invoices, re-entered 0-40 days later, 50% by another
      clerk). Forms: exact (35%); number format variant, e.g. INV-10234 / 10234 /
      INV10234 / 0010234 (25%); date 1-10 days off (20%); one-digit typo or transposition
      in the number (10%); vendor name variant, e.g. upper case or ", Inc." (10%).
      Label: the copy, which is the later entry. The original is tolerated: a pair
      finding names both rows.
An injection picks rows that carry no other label. It does not pick credit-and-rebill
rows, fabricating vendors or shells.

TOLERANCE RULES (a finding on a tolerated row is neither hit nor miss; the rules are
fixed before the run and are computed on the final ledger, for rows not labelled for
the kind)
  duplicate: the original of an injected copy. Also a row that shares vendor (normalised
      name) and total with another row dated <= 10 days away, when their normalised
      numbers are equal, within one edit, or contained in one another. Credit-and-rebill
      groups are exempt: they stay strict negatives.
  amount_outlier: a positive row more than 5x, or under 1/5, of its vendor-account-
      currency median (groups of >= 8 rows): innocent tails. Credit notes stay strict.
  benford: none.
  below_limit: USD rows in [9,500, 10,000); all foreign rows.
  threshold_cluster: rows in [9,500, 10,000) (the configured limit's band). Innocent
      rows of a cluster vendor in that cluster's band. All foreign rows.
  split_purchase: a USD row in [2,500, 10,000) when, within +-7 days, its vendor has at
      most 4 rows in all (not a busy routine flow), >= 2 of them in that band, and the
      band rows sum above $10,000 (a quiet vendor's genuine busy week looks the same);
      all foreign rows.
  round_amount: a row >= $500 that is a multiple of $100, from a vendor that is not a
      round biller. A round biller is a vendor with >= 20% round genuine rows; its
      round rows stay strict negatives (the legitimately round fees).
  repeated_amount: a row whose exact total occurs >= 2 times for its vendor, unless the
      row comes from a fixed-price mechanism (subscription, rent, insurance, retainer,
      milestone, lane rate, temp week): those stay strict negatives.
  weekend_date / holiday_date: any row dated on a Saturday/Sunday, or on a federal
      holiday's actual or observed date. Here that means calendar-dated vendors and side
      effects of other injections, because business-day vendors never date on those
      days.
  backdated: a row whose invoice date is > 90 days before its posting date.
  future_date: a row dated after --as-of (none expected).
  new_vendor: the rows, in the first 30 days after its first posting or after its
      earliest invoice date, of a vendor (CSV name) that first appears > 90 days after
      the window opens and is not a shell: legitimately onboarded vendors, and name
      variants of duplicates. Their vendor-level finding is tolerated too. Rows of
      vendors present in the first 90 days are strict negatives.
  iban_change: revert rows and post-switch rows (see above).
  numbering: a series is a vendor's sequential numbering, split by year for year-reset
      and by project for contractors. Sort its rows by date and take the longest
      increasing subsequence of numbers. The rows outside it, plus their neighbours by
      date and by number, are tolerated. So are neighbours of labelled rows, rows after
      a natural gap in a dedicated sequence (invoices not yet entered), originals and
      copies of duplicates, and "-R" rebills.
  rare_account: a row whose vendor-account pair occurs <= 2 times or in < 5% of the
      vendor's rows.
  sod_breach: none.

METRICS
=======
Rows are CSV data rows (1-based). A finding counts for the kind named by its detector.
A vendor-level finding with a subject and no row counts at row level as all the vendor's
rows (benford) or its first row (new_vendor). Per kind: labelled, tolerated, predicted,
TP, FP (all predicted rows not labelled), of which on tolerated rows (FPt), FN,
precision = TP/predicted, lenient precision = TP/(predicted - FPt), recall = TP/labelled.
Vendor-level lines for benford and new_vendor. The CLI runs with --as-of = last posting
day + 5 days = 2025-01-05. The CSV also holds 6 deliberately malformed rows (blank total,
2023-02-30, "1.234,56", blank vendor, 03/15/2023, "USD 450.00"). They are excluded from
the metrics and checked against stderr. They belong to one-time payees ("One-time
Payee <row>", number "OT-<row>"), so that a wrongly accepted malformed row cannot
pair with a real invoice.

CHANGES MADE AFTER SEEING THE DETECTOR'S OUTPUT (bug fixes only; no threshold moved)
  1. Rebills could be entered before their credit note, or even before the original.
     Entry order is now enforced.
  2. IBAN-change labels and revert tolerances were decided in pre-shuffle order; they
     now follow CSV row order.
  3. new_vendor tolerance: a vendor's "first appearance" also counts its earliest
     invoice date, not only its first posting. A backdated row can be a late vendor's
     earliest invoice.
  4. Date-style numbers (yyyymmdd-nn) could repeat within a day for one vendor; they
     are now unique.
  5. One below_limit amount form could give $9,475.00, outside the band; it now gives
     $9,525.00.
  6. The holiday table now covers the years of the future-dated typos (2032, 2042).
  7. Repeated-amount events near the end of the window were cut short, down to one
     row. They are now shifted earlier so all 4-7 repeats are in the ledger.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import math
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

KINDS = [
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
]
LIMIT = 10_000.0
START = date(2022, 1, 3)
END = date(2024, 12, 31)
AS_OF = END + timedelta(days=5)
GEN_START = date(2021, 11, 1)
GEN_END = date(2025, 1, 10)
FX = {"USD": 1.0, "EUR": 1.08, "CAD": 0.74}
CLERKS = ["jsmith", "alopez", "bwong", "ekim"]
APPROVERS = ["tnguyen", "mgarcia", "kchen", "lbrooks", "dmorris", "swilliams"]
DEPT = {
    "5000": "tnguyen",
    "5100": "tnguyen",
    "7100": "tnguyen",
    "6000": "mgarcia",
    "6100": "mgarcia",
    "6500": "mgarcia",
    "6900": "mgarcia",
    "6200": "kchen",
    "6800": "kchen",
    "6400": "lbrooks",
    "6600": "lbrooks",
    "6700": "lbrooks",
    "6300": "dmorris",
    "6310": "dmorris",
    "6320": "dmorris",
    "1500": "swilliams",
}
FIXED_MECH = {"sub", "rent", "ins", "retainer", "milestone", "lane", "temp", "audit"}
GENUINE_SKIP = {"credit", "rebill_r", "rebill"}
COLUMNS = [
    "vendor",
    "invoice_number",
    "invoice_date",
    "posting_date",
    "currency",
    "net_amount",
    "tax_amount",
    "total_amount",
    "account",
    "iban",
    "uploaded_by",
    "approved_by",
]


# --------------------------------------------------------------------------- calendar
def nth_weekday(y: int, m: int, wd: int, n: int) -> date:
    if n > 0:
        d = date(y, m, 1)
        d += timedelta((wd - d.weekday()) % 7)
        return d + timedelta(7 * (n - 1))
    d = (date(y, m + 1, 1) if m < 12 else date(y + 1, 1, 1)) - timedelta(1)
    return d - timedelta((d.weekday() - wd) % 7)


def federal_holidays(years) -> tuple[dict, dict]:
    actual, observed = {}, {}
    for y in years:
        days = {
            date(y, 1, 1): "New Year's Day",
            nth_weekday(y, 1, 0, 3): "Martin Luther King Jr. Day",
            nth_weekday(y, 2, 0, 3): "Washington's Birthday",
            nth_weekday(y, 5, 0, -1): "Memorial Day",
            date(y, 6, 19): "Juneteenth",
            date(y, 7, 4): "Independence Day",
            nth_weekday(y, 9, 0, 1): "Labor Day",
            nth_weekday(y, 10, 0, 2): "Columbus Day",
            date(y, 11, 11): "Veterans Day",
            nth_weekday(y, 11, 3, 4): "Thanksgiving Day",
            date(y, 12, 25): "Christmas Day",
        }
        for d, name in days.items():
            actual[d] = name
            o = d
            if d.weekday() == 5:
                o = d - timedelta(1)
            elif d.weekday() == 6:
                o = d + timedelta(1)
            observed[o] = name + (" (observed)" if o != d else "")
    return actual, observed


HOL_ACTUAL, HOL_OBSERVED = federal_holidays(range(2020, 2046))


def is_bday(d: date) -> bool:
    return d.weekday() < 5 and d not in HOL_OBSERVED


def next_bday(d: date) -> date:
    while not is_bday(d):
        d += timedelta(1)
    return d


def prev_bday(d: date) -> date:
    while not is_bday(d):
        d -= timedelta(1)
    return d


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def month_len(y: int, m: int) -> int:
    return ((date(y, m + 1, 1) if m < 12 else date(y + 1, 1, 1)) - date(y, m, 1)).days


def season(d: date) -> float:
    f = {1: 0.85, 2: 0.95, 3: 1.05, 7: 0.9, 8: 0.92, 9: 1.02, 10: 1.05, 11: 1.1, 12: 1.45}.get(
        d.month, 1.0
    )
    if d.month == 12 and d.day >= 10:
        f = 1.75
    return f * (1.0 + 0.05 * (d.year - 2022))


ALL_DAYS = [GEN_START + timedelta(i) for i in range((GEN_END - GEN_START).days + 1)]


# --------------------------------------------------------------------------- helpers
def money(x: float) -> float:
    return round(x + (1e-9 if x >= 0 else -1e-9), 2)


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam < 0.02:
        return 1 if rng.random() < lam else 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def iban(country: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(num) % 97:02d}{bban}"


def rand_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def rand_letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def make_iban(rng: random.Random, country: str) -> str:
    if country == "DE":
        return iban("DE", rand_digits(rng, 18))
    if country == "NL":
        return iban("NL", rand_letters(rng, 4) + rand_digits(rng, 10))
    if country == "FR":
        return iban("FR", rand_digits(rng, 23))
    if country == "GB":
        return iban("GB", rand_letters(rng, 4) + rand_digits(rng, 14))
    return iban("LT", rand_digits(rng, 16))


def aba_routing(rng: random.Random) -> str:
    while True:
        d = [int(c) for c in rng.choice(["0", "1", "2", "3"]) + rand_digits(rng, 7)]
        s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
        chk = (10 - s % 10) % 10
        return "".join(map(str, d)) + str(chk)


def us_bank(rng: random.Random) -> str:
    return f"{aba_routing(rng)}-{rand_digits(rng, rng.choice([8, 9, 10, 12]))}"


def ca_bank(rng: random.Random) -> str:
    return f"{rand_digits(rng, 5)}-{rng.choice(['001', '002', '003', '004', '006', '010'])}-" + (
        rand_digits(rng, 7)
    )


def group4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


# --------------------------------------------------------------------------- model
class Vendor:
    def __init__(self, vid: int, name: str, cls: str, **kw):
        self.vid, self.name, self.cls = vid, name, cls
        self.cur = "USD"
        self.accts = [("5000", 1.0)]
        self.style = "random"
        self.prefix = ""
        self.width = 0
        self.n0 = 1000
        self.incr = 1.0
        self.bank = ""
        self.day = "bday"
        self.median = 1000.0
        self.sigma = 0.7
        self.tax = 0.0
        self.start = GEN_START
        self.end = GEN_END
        self.target = 0.0
        self.lanes: tuple = ()
        self.lane_p = 0.0
        self.fab = False
        self.shell = False
        self.edi = False
        self.advance = False
        self.round_biller = False
        self.site_accts: list = []
        self.__dict__.update(kw)

    def acct(self, rng: random.Random) -> str:
        x = rng.random()
        for a, p in self.accts:
            x -= p
            if x <= 0:
                return a
        return self.accts[0][0]

    def draw_net(self, rng: random.Random) -> float:
        return max(5.0, self.median * math.exp(self.sigma * rng.gauss(0, 1)) / (1 + self.tax))


class Row:
    __slots__ = (
        "acct",
        "appr",
        "backup",
        "cover",
        "crg",
        "cur",
        "date",
        "fixed",
        "iban",
        "injected",
        "labels",
        "lagkind",
        "mech",
        "net",
        "nfmt",
        "notes",
        "number",
        "orig",
        "post",
        "prev",
        "proj",
        "rowno",
        "seq",
        "series",
        "site",
        "tax",
        "tol",
        "total",
        "uid",
        "up",
        "v",
        "vname",
    )

    def __init__(self, uid, v, d, net, tax, acct, mech, fixed=False):
        self.uid, self.v, self.vname = uid, v, None
        self.number, self.date, self.post, self.cur = "", d, None, v.cur
        self.net, self.tax = money(net), money(tax)
        self.total = money(self.net + self.tax)
        self.acct, self.iban, self.up, self.appr = acct, "", "", ""
        self.mech, self.fixed = mech, fixed
        self.series = self.seq = self.nfmt = None
        self.labels: set = set()
        self.tol: set = set()
        self.notes: list = []
        self.crg = None
        self.rowno = 0
        self.proj = self.site = None
        self.backup = self.cover = False
        self.orig = None
        self.injected = False
        self.lagkind = "normal"
        self.prev = None

    @property
    def vendor(self) -> str:
        return self.vname or self.v.name

    def set_total(self, total: float) -> None:
        rate = self.tax / self.net if self.net else 0.0
        self.total = money(total)
        self.net = money(total / (1 + rate))
        self.tax = money(self.total - self.net)

    def set_number(self) -> None:
        p, w, s = self.nfmt
        self.number = f"{p}{self.seq:0{w}d}{s}"


# --------------------------------------------------------------------------- names
WORDS_A = [
    "Apex",
    "Summit",
    "Keystone",
    "Granite",
    "Ironwood",
    "Prairie",
    "Harbor",
    "Liberty",
    "Cascade",
    "Redwood",
    "Sterling",
    "Pioneer",
    "Frontier",
    "Atlas",
    "Beacon",
    "Meridian",
    "Evergreen",
    "Lakeshore",
    "Tidewater",
    "Copperline",
    "Bayou",
    "Northstar",
    "Bluestem",
    "Cedar",
    "Falcon",
    "Heritage",
    "Juniper",
    "Magnolia",
    "Osprey",
    "Palisade",
    "Quarry",
    "Ridgeline",
    "Sagebrush",
    "Timberline",
    "Union",
    "Vanguard",
    "Westfield",
    "Yellowstone",
    "Allegheny",
    "Brazos",
    "Chesapeake",
    "Delmarva",
    "Everett",
    "Flint",
    "Gulfport",
    "Hudson",
    "Ivory",
    "Jasper",
    "Kestrel",
    "Lincoln",
    "Monarch",
    "Nolan",
    "Orchard",
    "Piedmont",
    "Quinlan",
    "Rockport",
    "Sutton",
    "Tupelo",
    "Upland",
    "Vista",
    "Wabash",
    "Yorktown",
    "Zephyr",
    "Badger",
    "Catawba",
    "Dakota",
    "Elkhorn",
    "Fairmont",
    "Glacier",
    "Hawthorne",
    "Ironbridge",
    "Keller",
    "Laurel",
    "Mesa",
    "Northgate",
    "Oakmont",
]
WORDS_MAT = [
    "Steel",
    "Plastics",
    "Packaging",
    "Fasteners",
    "Chemical",
    "Polymer",
    "Wire & Cable",
    "Electrical",
    "Industrial",
    "Paper",
    "Resin",
    "Bearings",
    "Hydraulics",
    "Abrasives",
    "Components",
    "Metals",
    "Castings",
    "Foam",
    "Labels",
    "Coatings",
    "Adhesives",
    "Lumber",
    "Glass",
    "Rubber",
    "Pneumatics",
    "Alloys",
    "Corrugated",
    "Tooling",
    "Pallet",
    "Filtration",
]
SUFFIX = ["Supply Inc.", "Corp.", "Co.", "LLC", "Distributors", "Inc.", "Group", "Company"]
WORDS_MISC = [
    "Office Supply",
    "Print & Copy",
    "Janitorial",
    "Catering",
    "Uniforms",
    "Signs",
    "Courier",
    "IT Services",
    "Security",
    "Landscaping",
    "Pest Control",
    "Vending",
    "Water Service",
    "Promotional Products",
    "Safety Supply",
    "Shredding",
    "Moving & Storage",
    "Training",
    "Staffing Events",
    "Calibration",
    "Scale Service",
    "Lock & Key",
]
WORDS_TRAVEL = ["Hotels", "Inn & Suites", "Air", "Car Rental", "Travel Center", "Lodge"]
WORDS_MAINT = [
    "Mechanical",
    "Electric",
    "HVAC",
    "Plumbing",
    "Roofing",
    "Elevator",
    "Fire Protection",
    "Millwright",
    "Welding",
    "Forklift Service",
    "Compressor Service",
    "Painting",
    "Glass & Door",
    "Paving",
    "Environmental",
]
WORDS_MKT = [
    "Media",
    "Creative",
    "Marketing",
    "Digital",
    "Events",
    "Printing",
    "Design",
    "Promotions",
]
WORDS_SAAS = [
    "Software Inc.",
    "Technologies",
    "Labs",
    "Cloud Inc.",
    "Systems LLC",
    "Analytics",
    "HQ Inc.",
]


class Namer:
    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def make(self, middle_words, suffixes=SUFFIX) -> str:
        for _ in range(1000):
            n = f"{self.rng.choice(WORDS_A)} {self.rng.choice(middle_words)} "
            n += self.rng.choice(suffixes)
            n = n.strip()
            key = norm_vendor(n)
            if key not in self.used:
                self.used.add(key)
                return n
        raise RuntimeError("names exhausted")

    def fixed(self, name: str) -> str:
        self.used.add(norm_vendor(name))
        return name


def norm_vendor(name: str) -> str:
    s = "".join(c.lower() if c.isalnum() else " " for c in name).split()
    while s and s[-1] in {"inc", "llc", "ltd", "corp", "co", "company", "llp", "lp"}:
        s.pop()
    return " ".join(s)


# --------------------------------------------------------------------------- generator
class Ledger:
    def __init__(self, seed: int, n_rows: int):
        self.rng = random.Random(seed)
        self.n_rows = n_rows
        self.scale = n_rows / 60000.0
        self.vendors: list[Vendor] = []
        self.rows: list[Row] = []
        self.uid = 0
        self.namer = Namer(self.rng)
        self.clusters: list[tuple[int, float]] = []  # (vid, threshold)
        self.malformed: list[dict] = []

    def cnt(self, base: int) -> int:
        return max(3, round(base * self.scale))

    def vendor(self, name: str, cls: str, **kw) -> Vendor:
        v = Vendor(len(self.vendors), name, cls, **kw)
        self.vendors.append(v)
        return v

    def row(self, v, d, net, acct, mech, fixed=False, tax_rate=None) -> Row:
        rate = v.tax if tax_rate is None else tax_rate
        net = money(net)
        r = Row(self.uid, v, d, net, money(net * rate), acct, mech, fixed)
        self.uid += 1
        self.rows.append(r)
        return r

    # ---------------------------------------------------------------- vendor set-up
    def numbering(self, v: Vendor, weights: dict) -> None:
        rng = self.rng
        st = rng.choices(list(weights), list(weights.values()))[0]
        v.style = st
        if st == "shared":
            v.prefix = rng.choice(["", "", "INV", "INV-", "SI", "A"])
            v.n0 = rng.randint(10**4, 9 * 10**5)
            v.width = 0
            v.incr = rng.choice([2, 5, 12, 30, 80])
        elif st == "dedicated":
            v.prefix = rng.choice(["", "INV-", "", "#", "US-"])
            v.n0 = rng.randint(100, 4000)
            v.width = rng.choice([0, 0, 5, 6])
        elif st == "yearreset":
            v.prefix = rng.choice(["", "INV-", "RE-", "F"])
            v.incr = rng.choice([1, 3, 8])

    def bank_for(self, v: Vendor, p_us: float = 0.55) -> None:
        rng = self.rng
        if v.cur == "EUR":
            v.bank = make_iban(rng, v.country)
        elif v.cur == "CAD":
            v.bank = ca_bank(rng)
        elif rng.random() < p_us:
            v.bank = us_bank(rng)

    def lifetime(self, v: Vendor, late_p=0.25, churn_p=0.10) -> None:
        rng = self.rng
        if rng.random() < late_p:
            v.start = START + timedelta(rng.randint(30, (END - START).days - 120))
        if rng.random() < churn_p:
            lo = max(v.start + timedelta(150), START + timedelta(200))
            if lo < END - timedelta(30):
                v.end = lo + timedelta(rng.randint(0, (END - lo).days))

    def setup(self) -> None:
        rng, nm = self.rng, self.namer
        # freight
        for name in [
            "Interstate Freightways Inc.",
            "Heartland Express Logistics",
            "Swift Ridge Transport LLC",
            "Gulf Coast Carriers Inc.",
            "Mountain West Trucking Co.",
        ]:
            v = self.vendor(nm.fixed(name), "freight", accts=[("5100", 1.0)], day="freight")
            v.median, v.sigma, v.edi = rng.uniform(260, 420), rng.uniform(0.45, 0.65), True
            v.lanes = tuple(
                rng.choice([385, 450, 525, 612.5, 700, 875, 950, 1150, 1650]) for _ in "1234"
            )
            v.lane_p = 0.2
            v.style, v.prefix, v.n0, v.incr = "shared", "", rng.randint(10**6, 9 * 10**6), 150
            self.bank_for(v, 0.8)
        v = self.vendor(nm.fixed("Laurentian Freight Lines Inc."), "freight", cur="CAD")
        v.accts, v.day, v.median, v.sigma = [("5100", 1.0)], "freight", 900.0, 0.5
        v.style, v.prefix, v.n0, v.incr = "shared", "LFL", 400000, 40
        self.bank_for(v)
        # raw materials (US)
        for _ in range(80):
            v = self.vendor(nm.make(WORDS_MAT), "materials")
            v.median = min(20000, max(150, math.exp(rng.gauss(math.log(2200), 0.9))))
            v.sigma = rng.uniform(0.5, 1.0)
            v.tax = rng.choice([0.0625, 0.07, 0.0725, 0.08, 0.0825]) if rng.random() < 0.4 else 0
            if rng.random() < 0.25:
                v.accts = [("5000", 0.85), ("6500", 0.15)]
            self.numbering(v, {"shared": 0.5, "dedicated": 0.2, "date": 0.15, "random": 0.15})
            self.bank_for(v)
            self.lifetime(v)
        # foreign materials
        for name, cur, country, style in [
            ("Keller Antriebstechnik GmbH", "EUR", "DE", "yearreset"),
            ("Van Dijk Precision B.V.", "EUR", "NL", "dedicated"),
            ("Prairie Oilseed Processors Ltd.", "CAD", "", "shared"),
        ]:
            v = self.vendor(nm.fixed(name), "materials", cur=cur, country=country)
            v.median, v.sigma = rng.uniform(2500, 6000), rng.uniform(0.5, 0.8)
            v.style = style
            self.numbering(v, {style: 1.0})
            self.bank_for(v)
        # maintenance
        for _ in range(40):
            v = self.vendor(nm.make(WORDS_MAINT), "maintenance", accts=[("6500", 1.0)])
            v.median = min(9000, max(150, math.exp(rng.gauss(math.log(900), 0.7))))
            v.sigma = rng.uniform(0.5, 0.9)
            v.tax = 0.07 if rng.random() < 0.3 else 0.0
            w = {"dedicated": 0.4, "shared": 0.3, "yearreset": 0.15, "random": 0.15}
            self.numbering(v, w)
            self.bank_for(v)
            self.lifetime(v)
        # office / misc / travel
        for i in range(230):
            travel = i < 25
            words = WORDS_TRAVEL if travel else WORDS_MISC
            v = self.vendor(nm.make(words), "office")
            v.accts = [("6600", 1.0)] if travel else [(rng.choice(["6400", "6400", "6700"]), 1.0)]
            v.day = "calendar" if travel else "bday"
            v.median = max(25, math.exp(rng.gauss(math.log(250), 0.6)))
            v.sigma = 0.6
            v.tax = 0.07 if (not travel and rng.random() < 0.8) else 0.0
            self.numbering(v, {"random": 0.5, "shared": 0.4, "dedicated": 0.1})
            self.bank_for(v, 0.3)
            self.lifetime(v, 0.3, 0.15)
        # marketing
        for _ in range(30):
            v = self.vendor(nm.make(WORDS_MKT), "marketing", accts=[("6700", 1.0)])
            v.median = max(200, math.exp(rng.gauss(math.log(3000), 0.8)))
            v.sigma = 0.8
            v.retainer = rng.choice([2500, 4000, 6000, 8500]) if rng.random() < 0.2 else 0
            self.numbering(v, {"dedicated": 0.5, "shared": 0.3, "random": 0.2})
            self.bank_for(v)
            self.lifetime(v)
        # SaaS
        for i in range(29):
            if i == 28:
                v = self.vendor(nm.fixed("Solutions Logicielles Durand SAS"), "saas", cur="EUR")
                v.country = "FR"
            else:
                v = self.vendor(nm.make(WORDS_A, WORDS_SAAS), "saas")
            v.accts, v.day = [("6200", 1.0)], "calendar"
            price = math.exp(rng.gauss(math.log(600), 1.2))
            price = max(29, min(30000, price))
            if price > 1000:
                price = round(price / 50) * 50 + rng.choice([0, 0, -1, 0])
            else:
                price = round(price) - rng.choice([0, 1, 0.01])
            v.price = price
            v.annual = rng.random() < 0.2
            v.anniv = rng.randint(1, 28)
            v.advance = rng.random() < 0.3
            v.style = "random" if rng.random() < 0.5 else "date"
            if rng.random() < 0.2:
                v.start = START + timedelta(rng.randint(60, 800))
            self.bank_for(v, 0.3)
        # utilities / telecom / rent / insurance
        for name, kind in [
            ("Metro Electric Cooperative", "electric"),
            ("Tri-County Gas Co.", "gas"),
            ("City of Riverton Water Dept.", "water"),
        ]:
            v = self.vendor(nm.fixed(name), "utility", accts=[("6100", 1.0)], day="calendar")
            v.kind, v.style = kind, "date"
            base = {"electric": 14000, "gas": 3500, "water": 1200}[kind]
            v.site_accts = [
                (rand_digits(rng, 10), base * rng.uniform(0.3, 1.2), rng.randint(3, 26))
                for _ in range(3)
            ]
            self.bank_for(v, 0.0)
        for name in ["Continental Telecom", "AirLink Wireless Inc.", "FiberNet Business LLC"]:
            v = self.vendor(nm.fixed(name), "telecom", accts=[("6800", 1.0)], day="calendar")
            v.style = "date"
            v.site_accts = [
                (rand_digits(rng, 12), rng.uniform(400, 6000), rng.randint(1, 28))
                for _ in range(rng.randint(1, 3))
            ]
            self.bank_for(v, 0.5)
        for name, amt in [
            ("Riverton Industrial Park LLC", 18450.0),
            ("Oak Street Office Holdings LP", 9875.0),
            ("Gateway Logistics Center LLC", 31260.0),
        ]:
            v = self.vendor(nm.fixed(name), "rent", accts=[("6000", 1.0)], day="calendar")
            v.price, v.style = amt, "date"
            self.bank_for(v, 1.0)
        for name, amt in [
            ("Great Lakes Mutual Insurance", 6842.17),
            ("Pinnacle Casualty Co.", 2318.40),
        ]:
            v = self.vendor(nm.fixed(name), "insurance", accts=[("6900", 1.0)], day="calendar")
            v.price, v.style = amt, "date"
            self.bank_for(v, 1.0)
        # law
        for i, name in enumerate(
            [
                "Whitman & Hale LLP",
                "Barrett Cole Stanton LLP",
                "Okafor Lindqvist PC",
                "Delgado & Brandt LLP",
                "Ferris Moynihan LLP",
            ]
        ):
            v = self.vendor(nm.fixed(name), "law", accts=[("6300", 1.0)])
            v.retainer = [5000, 7500, 12000, 0, 0][i] if i < 3 else 0
            v.rate = rng.choice([425, 495, 575, 650, 795])
            self.numbering(v, {"dedicated": 0.7, "yearreset": 0.3})
            self.bank_for(v, 0.7)
        # consulting
        for _ in range(12):
            v = self.vendor(
                nm.make(
                    ["Advisory", "Consulting", "Strategy", "Partners", "Analytics"],
                    ["Group", "Partners LLC", "LLC", "Inc."],
                ),
                "consulting",
                accts=[("6310", 1.0)],
            )
            v.rate = rng.choice([150, 175, 195, 225, 250, 295, 325])
            self.numbering(v, {"dedicated": 0.8, "yearreset": 0.2})
            self.bank_for(v, 0.7)
        for name in ["Hollis & Reed CPAs LLP", "Marsh Kettering LLP"]:
            v = self.vendor(nm.fixed(name), "audit", accts=[("6320", 1.0)])
            self.numbering(v, {"dedicated": 1.0})
            self.bank_for(v, 1.0)
        # contractors
        for name in [
            "Stonebridge Construction Co.",
            "Keller Mechanical Contractors Inc.",
            "Brightline Electrical Contractors",
            "Foundry Steel Erectors LLC",
            "Cornerstone Concrete Inc.",
            "Vantage Automation Integrators",
        ]:
            v = self.vendor(nm.fixed(name), "contractor", accts=[("1500", 1.0)])
            v.style = "project"
            self.bank_for(v, 0.9)
        # temp labour
        for name in [
            "StaffBridge Inc.",
            "Peak Workforce Solutions",
            "Reliant Labor Partners LLC",
            "Keystone Temps Inc.",
            "Harborview Staffing Group",
        ]:
            v = self.vendor(nm.fixed(name), "temp", accts=[("7100", 1.0)])
            v.style, v.prefix, v.n0, v.incr = "shared", "", rng.randint(10**5, 9 * 10**5), 25
            self.bank_for(v, 0.8)
        # benford fabricators
        for name, acct in [
            ("Crestline Facility Services LLC", "6500"),
            ("Pinnacle Media Partners", "6700"),
            ("Northgate Technical Consulting", "6310"),
            ("Riverbend Industrial Maintenance", "6500"),
        ]:
            v = self.vendor(nm.fixed(name), "fabricator", accts=[(acct, 1.0)], fab=True)
            v.style, v.prefix, v.n0, v.width = "dedicated", rng.choice(["", "INV-"]), 1001, 0
            v.start = START - timedelta(20)
            self.bank_for(v, 1.0)
        # shells
        words = ["Advisory", "Procurement", "Solutions", "Management", "Resources", "Logistics"]
        for _ in range(self.cnt(10)):
            v = self.vendor(nm.make(words, ["LLC", "Group LLC", "Inc."]), "shell", shell=True)
            v.accts = [(rng.choice(["6310", "6700", "6500"]), 1.0)]
            v.median, v.sigma = math.exp(rng.gauss(math.log(3500), 0.3)), 0.5
            v.style, v.prefix, v.n0, v.width = "dedicated", rng.choice(["", "INV-"]), 1001, 0
            v.n0 += rng.randint(0, 40)
            v.start = START + timedelta(rng.randint(400, (END - START).days - 90))
            v.bank = us_bank(rng)

    # ---------------------------------------------------------------- genuine rows
    def gen_fixed(self) -> None:
        for v in self.vendors:
            getattr(self, "g_" + v.cls, lambda v: None)(v)

    def months(self):
        y, m = GEN_START.year, GEN_START.month
        while date(y, m, 1) <= GEN_END:
            yield y, m
            y, m = add_months(y, m, 1)

    def g_saas(self, v: Vendor) -> None:
        rng = self.rng
        price = v.price
        change_months = {rng.randint(0, 37) for _ in range(2)}
        for i, (y, m) in enumerate(self.months()):
            d = date(y, m, min(v.anniv, month_len(y, m)))
            if d < v.start:
                continue
            if m == v.start.month and i > 0 and d > v.start + timedelta(200):
                price = money(round(price * rng.uniform(1.0, 1.08)))
            if i in change_months:
                price = money(round(price * rng.uniform(0.85, 1.25)))
            if v.annual:
                if m == (v.start.month if v.start > GEN_START else 3):
                    self.row(v, d, round(price * 12 * 0.85), "6200", "sub", True)
            else:
                self.row(v, d, price, "6200", "sub", True)

    def g_utility(self, v: Vendor) -> None:
        rng = self.rng
        peak = {"electric": 7, "gas": 1, "water": 8}[v.kind]
        for acct_no, base, cyc in v.site_accts:
            for y, m in self.months():
                dd = max(1, min(month_len(y, m), cyc + rng.randint(-2, 2)))
                s = 1 + 0.35 * math.cos((m - peak) / 12 * 2 * math.pi)
                r = self.row(v, date(y, m, dd), base * s * (1 + rng.gauss(0, 0.06)), "6100", "util")
                r.site = acct_no

    def g_telecom(self, v: Vendor) -> None:
        rng = self.rng
        for acct_no, base, cyc in v.site_accts:
            for y, m in self.months():
                dd = min(cyc, month_len(y, m))
                r = self.row(v, date(y, m, dd), base * (1 + rng.gauss(0, 0.025)), "6800", "tel")
                r.site = acct_no

    def g_rent(self, v: Vendor) -> None:
        price = v.price
        for y, m in self.months():
            if m == 1 and y > 2022:
                price = money(round(price * 1.03))
            self.row(v, date(y, m, 1), price, "6000", "rent", True)

    def g_insurance(self, v: Vendor) -> None:
        rng = self.rng
        price = v.price
        for y, m in self.months():
            if m == 7:
                price = money(price * rng.uniform(0.95, 1.09))
            self.row(v, date(y, m, 1), price, "6900", "ins", True)

    def g_law(self, v: Vendor) -> None:
        rng = self.rng
        for y, m in self.months():
            d = prev_bday(date(y, m, month_len(y, m)))
            if v.retainer:
                self.row(v, d, v.retainer, "6300", "retainer", True)
            if rng.random() < (0.45 if v.retainer else 0.7):
                hours = rng.randint(30, 1400) / 10
                amt = hours * v.rate
                if rng.random() < 0.4:
                    amt += rng.uniform(20, 900)
                self.row(v, prev_bday(d - timedelta(rng.randint(0, 3))), amt, "6300", "hourly")

    def g_consulting(self, v: Vendor) -> None:
        rng = self.rng
        t = GEN_START + timedelta(rng.randint(0, 120))
        while t < GEN_END:
            months = rng.randint(2, 8)
            if rng.random() < 0.5:
                fee = rng.choice([24000, 36000, 45000, 60000, 75000, 90000, 120000, 150000])
                k = rng.randint(3, 5)
                parts = [round(fee / k / 500) * 500 for _ in range(k - 1)]
                parts.append(fee - sum(parts))
                for j, p in enumerate(parts):
                    d = next_bday(t + timedelta(int((j + 1) * months * 30 / k)))
                    self.row(v, d, p, "6310", "milestone", True)
            else:
                for j in range(months):
                    y, m = add_months(t.year, t.month, j + 1)
                    d = next_bday(date(y, m, rng.randint(1, 6)))
                    self.row(v, d, rng.randint(40, 600) / 2 * v.rate, "6310", "tm")
                    if rng.random() < 0.4:
                        self.row(v, d, rng.uniform(200, 3000), "6310", "expense")
            t += timedelta(months * 30 + rng.randint(20, 200))

    def g_audit(self, v: Vendor) -> None:
        rng = self.rng
        for y in (2021, 2022, 2023, 2024):
            fee = rng.randint(60, 120) * 1000
            for mm, share in ((9, 0.25), (11, 0.35), (2, 0.3), (4, 0.1)):
                yy = y if mm >= 9 else y + 1
                d = next_bday(date(yy, mm, rng.randint(5, 25)))
                self.row(v, d, round(fee * share / 100) * 100, "6320", "audit", True)
            tax = rng.randint(15, 30) * 1000
            self.row(v, next_bday(date(y + 1, 3, rng.randint(10, 28))), tax, "6320", "audit", True)

    def g_contractor(self, v: Vendor) -> None:
        rng = self.rng
        t = GEN_START + timedelta(rng.randint(0, 200))
        while t < GEN_END - timedelta(60):
            value = rng.uniform(150_000, 1_500_000)
            months = rng.randint(4, 12)
            proj = str(rng.randint(2100, 2999))
            cum = 0.0
            for j in range(1, months + 1):
                x = j / months
                s = 3 * x * x - 2 * x * x * x
                inc = (s - cum) * value * 0.9 * rng.uniform(0.85, 1.15)
                cum = s
                y, m = add_months(t.year, t.month, j)
                d = prev_bday(date(y, m, 25))
                self.row(v, d, max(inc, 2500), "1500", "payapp").proj = proj
            y, m = add_months(t.year, t.month, months + 2)
            self.row(v, prev_bday(date(y, m, 25)), value * 0.1, "1500", "payapp").proj = proj
            t += timedelta(months * 30 + rng.randint(-60, 180))

    def g_temp(self, v: Vendor) -> None:
        rng = self.rng
        assignments = []
        d = GEN_START - timedelta(GEN_START.weekday())
        while d < GEN_END:
            assignments = [a for a in assignments if a[1] > d]
            while len(assignments) < 2 or (len(assignments) < 3 and rng.random() < 0.05):
                rate = rng.randint(76, 168) / 4
                assignments.append((rate, d + timedelta(7 * rng.randint(4, 40))))
            inv = d if is_bday(d) else next_bday(d)
            for rate, _ in assignments:
                h = rng.choices([40, 32, 36, 37.5, 42, 45], [70, 6, 6, 6, 6, 6])[0]
                amt = min(h, 40) * rate + max(0, h - 40) * rate * 1.5
                self.row(v, inv, amt, "7100", "temp", True)
            d += timedelta(7)

    def g_fabricator(self, v: Vendor) -> None:
        rng = self.rng
        probs = [0.06, 0.07, 0.09, 0.10, 0.12, 0.14, 0.15, 0.14, 0.13]
        n = max(60, round(rng.randint(90, 140) * min(1.0, self.scale)))
        span = (END - timedelta(20) - v.start).days
        for _ in range(n):
            d = next_bday(v.start + timedelta(rng.randint(0, span)))
            first = rng.choices(range(1, 10), probs)[0]
            k = 3 if rng.random() < 0.45 else 4
            amt = first * 10 ** (k - 1) + rng.randint(0, 10 ** (k - 1) - 1)
            cents = 0 if rng.random() < 0.4 else rng.randint(1, 99) / 100
            r = self.row(v, d, amt + cents, v.accts[0][0], "fab")
            r.labels.add("benford")
            r.notes.append("benford: fabricating vendor, first digits human-biased")

    def g_shell(self, v: Vendor) -> None:
        rng = self.rng
        d = next_bday(v.start)
        for _ in range(rng.randint(2, 6)):
            if d > END - timedelta(20):
                break
            self.row(v, d, v.draw_net(rng), v.accts[0][0], "shell")
            d = next_bday(d + timedelta(rng.randint(7, 40)))

    def gen_volume(self) -> None:
        rng = self.rng
        fixed_rows = len(self.rows)
        injected_est = 900 * self.scale
        budget = max(1000.0, self.n_rows * 1.03 - fixed_rows - injected_est)
        shares = {"freight": 0.33, "materials": 0.44, "maintenance": 0.09, "office": 0.10}
        shares["marketing"] = 0.04
        for cls, share in shares.items():
            vs = [v for v in self.vendors if v.cls == cls and not v.fab and not v.shell]
            weights = [1.0 / (i + 1) ** 0.9 for i in range(len(vs))]
            rng.shuffle(weights)
            if cls == "freight":
                weights = [w if v.cur == "USD" else 0.15 for v, w in zip(vs, weights, strict=True)]
            if cls == "materials":
                weights = [w if v.cur == "USD" else 0.12 for v, w in zip(vs, weights, strict=True)]
            tot = sum(weights)
            for v, w in zip(vs, weights, strict=True):
                v.target = budget * share * w / tot
        for v in self.vendors:
            if v.target <= 0:
                continue
            daymult = []
            for d in ALL_DAYS:
                if d < v.start or d > v.end:
                    continue
                if v.day == "calendar":
                    m = (
                        0.5
                        if d in HOL_OBSERVED or d in HOL_ACTUAL
                        else (0.6 if d.weekday() >= 5 else 1)
                    )
                elif v.day == "freight":
                    m = 1.0 if is_bday(d) else (0.35 if d.weekday() == 5 else 0.0)
                else:
                    m = 1.0 if is_bday(d) else 0.0
                if m:
                    daymult.append((d, m * season(d)))
            window = sum(m for d, m in daymult if START <= d <= END) or 1.0
            lam = v.target / window
            retainer = getattr(v, "retainer", 0)
            for d, m in daymult:
                for _ in range(poisson(rng, lam * m)):
                    if v.lanes and rng.random() < v.lane_p:
                        self.row(v, d, rng.choice(v.lanes), "5100", "lane", True, tax_rate=0)
                    else:
                        self.row(v, d, v.draw_net(rng), v.acct(rng), "var")
            if retainer:
                for y, m in self.months():
                    d = next_bday(date(y, m, 1))
                    if v.start <= d <= v.end:
                        self.row(v, d, retainer, "6700", "retainer", True, tax_rate=0)

    def gen_credit_rebill(self) -> None:
        rng = self.rng
        pool = [
            r
            for r in self.rows
            if r.v.cls in ("materials", "maintenance", "marketing", "consulting")
            and r.mech in ("var", "tm")
            and r.v.cur == "USD"
            and START + timedelta(30) < r.date < END - timedelta(70)
        ]
        for k, orig in enumerate(rng.sample(pool, min(len(pool), self.cnt(150)))):
            v = orig.v
            cdate = next_bday(orig.date + timedelta(rng.randint(5, 40)))
            cn = self.row(v, cdate, -orig.net, orig.acct, "credit")
            cn.tax = -orig.tax
            cn.total = -orig.total
            same = rng.random() < 0.5
            rdate = cdate if rng.random() < 0.5 else orig.date
            suffix = rng.random() < 0.5
            amt = (
                orig.net
                if same
                else orig.net * rng.choice([rng.uniform(0.85, 0.98), rng.uniform(1.02, 1.1)])
            )
            rb = self.row(v, rdate, amt, orig.acct, "rebill_r" if suffix else "rebill")
            rb.orig = orig
            cn.orig = orig
            cn.prev, rb.prev = orig, cn
            orig.crg = cn.crg = rb.crg = k
            orig.mech = "credited"

    # ---------------------------------------------------------------- additive injections
    def by_vendor(self) -> dict:
        out = defaultdict(list)
        for r in self.rows:
            out[r.v.vid].append(r)
        return out

    def vstats(self) -> None:
        byv = self.by_vendor()
        for v in self.vendors:
            rs = [r for r in byv.get(v.vid, []) if r.total > 0 and not r.labels]
            tot = sorted(r.total for r in rs)
            v.n = len(rs)
            v.med = tot[len(tot) // 2] if tot else 0.0
            rnd = sum(1 for r in rs if is_round(r.total))
            v.round_share = rnd / len(rs) if rs else 0.0
            v.round_biller = v.round_share >= 0.20
            v.fixed_share = sum(1 for r in rs if r.fixed) / len(rs) if rs else 0.0

    def inj_date(self, v: Vendor) -> date:
        lo = max(v.start, START + timedelta(60))
        hi = min(v.end, END - timedelta(60))
        if hi <= lo:
            lo, hi = START + timedelta(60), END - timedelta(60)
        return next_bday(lo + timedelta(self.rng.randint(0, (hi - lo).days)))

    def add(self, v, d, total, kind, note, acct=None, tax0=False) -> Row:
        rate = 0.0 if tax0 else v.tax
        r = self.row(v, d, total / (1 + rate), acct or v.accts[0][0], "inj", tax_rate=rate)
        if abs(r.total - money(total)) > 0.001:
            r.tax = money(money(total) - r.net)
            r.total = money(total)
        r.labels.add(kind)
        r.injected = True
        r.notes.append(f"{kind}: {note}")
        return r

    def variable_vendors(self, lo, hi, classes=("materials", "maintenance", "marketing"), n=15):
        return [
            v
            for v in self.vendors
            if v.cls in classes
            and v.cur == "USD"
            and lo <= v.med <= hi
            and v.n >= n
            and not v.fab
            and not v.shell
            and v.fixed_share < 0.2
        ]

    def inject_additive(self) -> None:
        rng = self.rng
        self.vstats()
        # below_limit
        vs = self.variable_vendors(1500, 7000)
        n = self.cnt(60)
        while n > 0:
            v = rng.choice(vs)
            for _ in range(min(n, rng.randint(1, 5))):
                amt = rng.uniform(9500, 9999.99)
                if rng.random() < 0.25:
                    amt = math.floor(amt / 25) * 25
                    if amt % 100 == 0:
                        amt += 25
                self.add(
                    v, self.inj_date(v), amt, "below_limit", f"just below limit, median {v.med:.0f}"
                )
                n -= 1
        # split_purchase
        vs = self.variable_vendors(1000, 8000)
        for _ in range(self.cnt(35)):
            v = rng.choice(vs)
            total = rng.uniform(11000, 32000)
            k = max(2, min(4, math.ceil(total / rng.uniform(7000, 9800))))
            if rng.random() < 0.4:
                parts = [total / k] * k
            else:
                while True:
                    w = [rng.uniform(0.5, 1.5) for _ in range(k)]
                    parts = [total * x / sum(w) for x in w]
                    if max(parts) < 9999:
                        break
            parts = [min(p, 9999.0) for p in parts]
            d0 = self.inj_date(v)
            same_day = rng.random() < 0.5
            for j, p in enumerate(parts):
                d = d0 if same_day or j == 0 else next_bday(d0 + timedelta(rng.randint(1, 6)))
                self.add(v, d, p, "split_purchase", f"part {j + 1}/{k} of {sum(parts):.2f}")
        # threshold clusters
        plans = [
            (5000.0, self.variable_vendors(700, 2500, ("maintenance",)), self.cnt(14)),
            (25000.0, self.variable_vendors(3000, 9000, ("maintenance", "materials")), self.cnt(8)),
            (2500.0, self.variable_vendors(500, 1500, ("marketing", "maintenance")), self.cnt(12)),
        ]
        used = set()
        for thr, vs, k in plans:
            vs = [v for v in vs if v.vid not in used] or vs or self.variable_vendors(0, 1e9)
            v = rng.choice(vs)
            used.add(v.vid)
            self.clusters.append((v.vid, thr))
            d0 = self.inj_date(v)
            for _ in range(k):
                d = next_bday(d0 + timedelta(rng.randint(0, 300)))
                if d > END - timedelta(30):
                    d = next_bday(d0 - timedelta(rng.randint(0, 200)))
                amt = rng.uniform(thr * 0.95, thr - 0.01)
                self.add(v, d, amt, "threshold_cluster", f"cluster below {thr:.0f}", tax0=False)
        # round amounts
        vs = [v for v in self.variable_vendors(400, 12000) if v.round_share < 0.05]
        for _ in range(self.cnt(60)):
            v = rng.choice(vs)
            unit = 1000 if v.med >= 1500 else 500
            amt = max(unit, round(v.med * rng.uniform(0.6, 2.5) / unit) * unit)
            amt = max(amt, 1000)
            self.add(
                v, self.inj_date(v), amt, "round_amount", f"round, median {v.med:.0f}", tax0=True
            )
        # repeated amounts
        vs = self.variable_vendors(300, 8000, n=20)
        for _ in range(self.cnt(15)):
            v = rng.choice(vs)
            while True:
                amt = money(v.draw_net(rng) * (1 + v.tax))
                if amt % 100 and not 9500 <= amt < 10000 and 0.3 < amt / v.med < 3:
                    break
            k = rng.randint(4, 7)
            dates = [self.inj_date(v)]
            for _ in range(k - 1):
                dates.append(next_bday(dates[-1] + timedelta(rng.randint(20, 60))))
            over = (dates[-1] - (END - timedelta(30))).days
            if over > 0:  # keep every repeat inside the window
                dates = [next_bday(d - timedelta(over)) for d in dates]
            for j, d in enumerate(dates):
                self.add(v, d, amt, "repeated_amount", f"same amount {j + 1}/{k}")

    # ---------------------------------------------------------------- numbering
    def assign_numbers(self) -> None:
        rng = self.rng
        byv = self.by_vendor()
        used_random = set()
        for v in self.vendors:
            vrows = byv.get(v.vid, [])
            main = sorted(
                (r for r in vrows if r.mech not in ("credit", "rebill_r")),
                key=lambda r: (r.date, r.uid),
            )
            st = v.style
            if st == "shared":
                seq = v.n0
                for r in main:
                    seq += 1 + int(rng.expovariate(1 / v.incr)) if v.incr > 1 else 1
                    r.series, r.seq, r.nfmt = (v.vid, "main"), seq, (v.prefix, v.width, "")
            elif st == "dedicated":
                seq = v.n0
                for r in main:
                    seq += 1
                    r.series, r.seq, r.nfmt = (v.vid, "main"), seq, (v.prefix, v.width, "")
            elif st == "yearreset":
                cur_y, seq = None, 0
                for r in main:
                    if r.date.year != cur_y:
                        cur_y, seq = r.date.year, rng.randint(0, 25)
                    seq += 1 + (int(rng.expovariate(1 / v.incr)) if v.incr > 1 else 0)
                    r.series, r.seq = (v.vid, f"Y{cur_y}"), seq
                    r.nfmt = (f"{v.prefix}{cur_y}-", 4, "")
            elif st == "project":
                counters: dict = defaultdict(int)
                for r in main:
                    counters[r.proj] += 1
                    r.series, r.seq = (v.vid, f"P{r.proj}"), counters[r.proj]
                    r.nfmt = (f"PA-{r.proj}-", 2, "")
            elif st == "date":
                per_day: dict = {}
                for r in main:
                    if r.site:
                        r.number = f"{r.site}-{r.date:%Y%m}"
                    elif v.cls == "rent":
                        r.number = f"RENT-{r.date:%Y%m}"
                    elif v.cls == "insurance":
                        r.number = f"POL{v.vid:03d}7-{r.date:%y%m}"
                    else:
                        k = per_day.get(r.date, rng.randint(0, 3)) + 1
                        per_day[r.date] = k
                        r.number = f"{r.date:%Y%m%d}-{k:02d}"
            else:
                for r in main:
                    while True:
                        num = rng.choice(["INV-", "", "W"]) + "".join(
                            rng.choice(string.ascii_uppercase + string.digits) for _ in range(8)
                        )
                        if num not in used_random:
                            used_random.add(num)
                            break
                    r.number = num
            for r in main:
                if r.nfmt:
                    r.set_number()
            credits = sorted(
                (r for r in vrows if r.mech == "credit"), key=lambda r: (r.date, r.uid)
            )
            seq = rng.randint(10, 400)
            for r in credits:
                seq += 1 + int(rng.expovariate(1 / 6))
                r.number = f"CM-{seq:05d}"
            for r in vrows:
                if r.mech == "rebill_r":
                    r.number = r.orig.number + rng.choice(["-R", "-R", "R1"])

    # ---------------------------------------------------------------- posting & people
    def lag(self, v: Vendor, late_ok=True) -> int:
        rng = self.rng
        if v.edi:
            return rng.randint(0, 2)
        x = rng.random()
        if x < 0.5:
            return rng.randint(0, 3)
        if x < 0.9:
            return rng.randint(4, 14)
        if x < 0.97:
            return rng.randint(15, 30)
        if x < 0.998 or not late_ok:
            return rng.randint(31, 60)
        return rng.randint(91, 200)

    def clerk_for(self, v: Vendor) -> str:
        c = v.name[0].upper()
        return CLERKS[0 if c <= "F" else 1 if c <= "L" else 2 if c <= "R" else 3]

    def approver(self, r: Row) -> str:
        usd = abs(r.total) * FX[r.cur]
        if r.acct == "1500":
            return "swilliams"
        if usd > LIMIT:
            return "dmorris"
        if r.up == "edi-feed" and usd < 1000:
            return "auto-match"
        return "dmorris" if r.backup else DEPT[r.acct]

    def finish(self, r: Row, late_ok=True) -> None:
        rng, v = self.rng, r.v
        if v.advance:
            r.post = prev_bday(r.date - timedelta(rng.randint(2, 6)))
        else:
            lag = self.lag(v, late_ok and not r.injected)
            r.post = next_bday(r.date + timedelta(lag))
        if v.edi and v.cur == "USD" and rng.random() < 0.7:
            r.up = "edi-feed"
        else:
            r.up = self.clerk_for(v)
            if rng.random() < 0.10:
                r.up = rng.choice([c for c in CLERKS if c != r.up])
        r.backup = rng.random() < 0.04
        r.appr = self.approver(r)
        if r.up != "edi-feed" and rng.random() < 0.01:
            r.cover = True
            r.up = rng.choice([a for a in APPROVERS if a != r.appr])
        if v.bank:
            x = rng.random()
            if x < 0.04:
                r.iban = ""
            elif v.cur == "EUR" and x < 0.29:
                r.iban = group4(v.bank)
            else:
                r.iban = v.bank

    def post_all(self) -> None:
        for r in self.rows:
            self.finish(r)
        for r in self.rows:  # a credit note follows its invoice, a rebill its credit note
            if r.prev is not None and r.post < r.prev.post:
                r.post = r.prev.post
        self.rows = [r for r in self.rows if START <= r.post <= END]
        lost = [r for r in self.rows if r.crg is not None]
        groups = Counter(r.crg for r in lost)
        for r in self.rows:  # keep credit-rebill groups whole
            if r.crg is not None and groups[r.crg] < 3:
                r.crg = None
                if r.mech == "credited":
                    r.mech = "var"

    # ---------------------------------------------------------------- modifying injections
    def clean(self, r: Row) -> bool:
        return (
            not r.labels
            and not r.tol
            and r.mech not in ("credit", "rebill_r", "rebill", "credited")
            and not r.v.fab
            and not r.v.shell
            and r.vname is None
        )

    def pick(self, pool: list, k: int, note_kind: str) -> list:
        pool = [r for r in pool if self.clean(r)]
        out = self.rng.sample(pool, min(k, len(pool)))
        if len(out) < k:
            print(f"warning: only {len(out)} rows for {note_kind}", file=sys.stderr)
        return out

    def inject_modify(self) -> None:
        rng = self.rng
        byv = self.by_vendor()
        # amount_outlier
        groups = defaultdict(list)
        for r in self.rows:
            if r.total > 0 and r.mech not in ("credit",):
                groups[(r.v.vid, r.acct, r.cur)].append(r)
        cands = []
        med = {}
        for key, rs in groups.items():
            if len(rs) < 15 or rs[0].v.fab or rs[0].v.shell:
                continue
            rs.sort(key=lambda r: r.date)
            tot = sorted(r.total for r in rs)
            med[key] = tot[len(tot) // 2]
            cands.extend(rs[10:])
        chosen = []
        n = self.cnt(80)
        tries = 0
        while len(chosen) < n and tries < 100000:
            tries += 1
            r = rng.choice(cands)
            if not self.clean(r) or r in chosen:
                continue
            m = med[(r.v.vid, r.acct, r.cur)]
            mode = rng.choices(["x10", "x100", "infl", "cents"], [30, 15, 35, 20])[0]
            if mode in ("x10", "x100") and abs(math.log(r.total / m)) > 0.2:
                continue
            if mode == "cents" and r.total < 300:
                continue
            new = {
                "x10": r.total * 10,
                "x100": r.total * 100,
                "infl": m * rng.uniform(8, 15),
                "cents": r.total / 100,
            }[mode]
            old = r.total
            r.set_total(max(1.0, new))
            r.labels.add("amount_outlier")
            r.notes.append(f"amount_outlier: {mode} ({old:.2f} -> {r.total:.2f}; median {m:.2f})")
            r.appr = self.approver(r)
            chosen.append(r)
        # rare_account
        unrelated = {
            "5000": ["6300", "6310", "6600", "6200"],
            "5100": ["6300", "6310", "6200", "1500"],
            "6500": ["6300", "6200", "6600", "5100"],
            "6400": ["1500", "6310", "5100"],
            "6700": ["1500", "5000", "6500"],
            "6600": ["5000", "1500", "6500"],
            "6200": ["5000", "5100", "6500"],
            "6100": ["6310", "6700", "6200"],
            "6800": ["5000", "6310", "6500"],
            "6300": ["1500", "5000", "6500"],
            "6310": ["5000", "5100", "1500"],
            "6320": ["6500", "5000", "1500"],
            "1500": ["6310", "6600", "6700"],
            "7100": ["6310", "6300", "1500"],
            "6000": ["6310", "6700", "5000"],
            "6900": ["6310", "6700", "5000"],
        }
        vacc = {vid: Counter(r.acct for r in rs) for vid, rs in byv.items()}
        pool = [
            r
            for r in self.rows
            if len(byv[r.v.vid]) >= 20
            and len(vacc[r.v.vid]) <= 2
            and r.date > START + timedelta(90)
        ]
        for r in self.pick(pool, self.cnt(60), "rare_account"):
            opts = [a for a in unrelated[r.acct] if a not in vacc[r.v.vid]]
            if not opts:
                continue
            old = r.acct
            r.acct = rng.choice(opts)
            vacc[r.v.vid][r.acct] += 1
            r.labels.add("rare_account")
            r.notes.append(f"rare_account: {old} -> {r.acct} (vendor never uses it)")
            r.appr = self.approver(r)
        # sod_breach
        pool = [r for r in self.rows if r.up in CLERKS and r.appr in APPROVERS]
        for r in self.pick(pool, self.cnt(50), "sod_breach"):
            x = rng.random()
            if x < 0.6:
                r.up = r.appr
                form = "approver keyed and approved"
            elif x < 0.8:
                r.appr = r.up
                form = "clerk approved own upload"
            else:
                r.up = r.appr.upper()
                form = "approver keyed (upper-case export) and approved"
            r.labels.add("sod_breach")
            r.notes.append(f"sod_breach: {form}")
        # weekend_date
        pool = [
            r
            for r in self.rows
            if r.v.day == "bday" and r.date.weekday() in (0, 4) and START < r.date < END
        ]
        for r in self.pick(pool, self.cnt(60), "weekend_date"):
            off = rng.choice([1, 2])
            r.date = r.date - timedelta(off) if r.date.weekday() == 0 else r.date + timedelta(off)
            if r.date > r.post:
                r.post = next_bday(r.date)
            r.labels.add("weekend_date")
            r.notes.append(f"weekend_date: redated to {r.date:%A}")
        # holiday_date
        hols = [d for d in HOL_OBSERVED if START + timedelta(5) <= d <= END - timedelta(10)]
        near = {}
        for h in hols:
            d = h
            for _ in range(4):
                d = prev_bday(d - timedelta(1))
                near[d] = h
            d = h
            for _ in range(4):
                d = next_bday(d + timedelta(1))
                near.setdefault(d, h)
        pool = [r for r in self.rows if r.v.day == "bday" and r.date in near]
        for r in self.pick(pool, self.cnt(40), "holiday_date"):
            r.date = near[r.date]
            if r.date > r.post:
                r.post = next_bday(r.date)
            r.labels.add("holiday_date")
            r.notes.append(f"holiday_date: redated to {HOL_OBSERVED[r.date]}")
        # backdated
        pool = [r for r in self.rows if r.v.day == "bday" and r.post > date(2023, 2, 15)]
        for r in self.pick(pool, self.cnt(50), "backdated"):
            r.date = prev_bday(r.post - timedelta(rng.randint(100, 420)))
            r.labels.add("backdated")
            r.notes.append(f"backdated: dated {(r.post - r.date).days} days before entry")
        # future_date
        pool = [
            r
            for r in self.rows
            if r.post.year >= 2023 and not (r.date.month == 2 and r.date.day == 29)
        ]
        for r in self.pick(pool, self.cnt(30), "future_date"):
            old = r.date
            if r.date.year == 2024 and r.date > date(2024, 1, 10) and rng.random() < 0.5:
                r.date = r.date.replace(year=2025)
            else:
                r.date = r.date.replace(year={2023: 2032, 2024: 2042}.get(r.date.year, 2032))
            r.labels.add("future_date")
            r.notes.append(f"future_date: year typo {old} -> {r.date}")
        # iban_change
        cand = [v for v in self.vendors if v.bank and len(byv.get(v.vid, [])) >= 10 and not v.fab]
        cand = [v for v in cand if not v.shell]
        rng.shuffle(cand)
        self.iban_events = []
        for v in cand[: self.cnt(25)]:
            rs = sorted(byv[v.vid], key=lambda r: (r.post, r.uid))
            k = rng.randint(6, len(rs) - 3)
            if v.cur == "EUR":
                new = make_iban(rng, rng.choice(["GB", "LT", v.country]))
            else:
                new = us_bank(rng) if v.cur == "USD" else ca_bank(rng)
            self.iban_events.append((v.vid, new))
            if rng.random() < 0.7:
                m = rng.randint(1, 3)
                for j, r in enumerate(rs[k : k + m]):
                    r.iban = new
                    r.labels.add("iban_change")
                    r.notes.append(f"iban_change: BEC account {j + 1}/{m} (usual {v.bank})")
                if k + m < len(rs):
                    rs[k + m].tol.add("iban_change")
            else:
                for j, r in enumerate(rs[k:]):
                    r.iban = new
                    if j == 0:
                        r.labels.add("iban_change")
                        r.notes.append(f"iban_change: switch from {v.bank}")
                    else:
                        r.tol.add("iban_change")
        # numbering
        self.inject_numbering()
        # duplicates
        self.inject_duplicates()

    def inject_numbering(self) -> None:
        rng = self.rng
        series = defaultdict(list)
        for r in self.rows:
            if r.series and not r.v.fab and not r.v.shell:
                series[r.series].append(r)
        keys = [k for k, rs in series.items() if len(rs) >= 15]
        rng.shuffle(keys)
        n = self.cnt(60)
        done = 0
        for key in keys:
            if done >= n:
                break
            rs = sorted(series[key], key=lambda r: (r.date, r.seq))
            v = rs[0].v
            if v.style not in ("shared", "dedicated", "yearreset", "project"):
                continue
            mode = rng.choices(["old", "jump", "gap"], [40, 30, 30])[0]
            if (v.style in ("dedicated", "project") and mode == "gap") or v.style == "project":
                mode = "gap"
                k = rng.randint(5, len(rs) - 3)
                if not self.clean(rs[k]):
                    continue
                g = rng.randint(4, 30)
                for r in rs[k:]:
                    r.seq += g
                    r.set_number()
                rs[k].labels.add("numbering")
                rs[k].notes.append(f"numbering: gap of {g} numbers before this invoice")
                done += 1
                continue
            if mode == "gap":
                mode = "old"
            lo = len(rs) // 3
            k = rng.randint(lo, len(rs) - 2)
            d = rs[k].date
            cur = max(r.seq for r in rs[: k + 1])
            seqs = {r.seq for r in rs}
            if mode == "old":
                older = [r for r in rs if r.date < d - timedelta(180)]
                if not older:
                    continue
                s = rng.choice(older).seq + rng.randint(1, 3)
                while s in seqs:
                    s += 1
                if s >= cur:
                    continue
                note = f"number from the range of >= 180 days earlier (current {cur})"
            elif v.style == "shared":
                s = (
                    cur * 10 + rng.randint(0, 9)
                    if rng.random() < 0.5
                    else cur + 500 * int(v.incr + 1)
                )
                note = f"number far ahead of the sequence (current {cur})"
            else:
                s = cur + rng.randint(300, 900)
                note = f"number far ahead of the sequence (current {cur})"
            fake = self.row(v, d, v.draw_net(rng), v.accts[0][0], "fake")
            fake.series, fake.seq, fake.nfmt = key, s, rs[k].nfmt
            fake.set_number()
            fake.injected = True
            self.finish(fake, late_ok=False)
            if fake.post > END:
                fake.post = prev_bday(END)
            fake.labels.add("numbering")
            fake.notes.append(f"numbering: fake invoice, {note}")
            done += 1

    def inject_duplicates(self) -> None:
        rng = self.rng
        pool = [r for r in self.rows if START + timedelta(10) < r.post < END - timedelta(5)]
        for orig in self.pick(pool, self.cnt(120), "duplicate"):
            c = self.row(orig.v, orig.date, orig.net, orig.acct, "copy")
            c.tax, c.total, c.cur = orig.tax, orig.total, orig.cur
            c.number, c.iban, c.appr, c.site = orig.number, orig.iban, orig.appr, orig.site
            c.series, c.seq, c.nfmt = orig.series, orig.seq, orig.nfmt
            c.injected = True
            c.orig = orig
            c.post = next_bday(orig.post + timedelta(rng.randint(0, 40)))
            if c.post > END:
                c.post = prev_bday(END)
            c.up = orig.up if orig.up != "edi-feed" else self.clerk_for(orig.v)
            if rng.random() < 0.5:
                c.up = rng.choice([x for x in CLERKS if x != c.up])
            form = rng.choices(["exact", "numfmt", "date", "typo", "name"], [35, 25, 20, 10, 10])[0]
            digits = "".join(ch for ch in orig.number if ch.isdigit())
            if form == "numfmt":
                core = orig.number.lstrip("#").removeprefix("INV-").removeprefix("INV")
                opts = {"INV-" + core, core, "INV" + core, "00" + core, core + " "}
                opts.discard(orig.number)
                opts = {o for o in opts if o.strip() != orig.number}
                c.number = rng.choice(sorted(opts)).strip() or orig.number
            elif form == "date":
                off = rng.choice([-1, 1]) * rng.randint(1, 10)
                c.date = orig.date + timedelta(off)
                if c.date > c.post:
                    c.post = next_bday(c.date)
            elif form == "typo" and len(digits) >= 4:
                s = list(orig.number)
                idx = [i for i, ch in enumerate(s) if ch.isdigit()]
                i = rng.choice(idx[:-1])
                j = idx[idx.index(i) + 1]
                if rng.random() < 0.5 and s[i] != s[j] and j == i + 1:
                    s[i], s[j] = s[j], s[i]
                else:
                    s[i] = rng.choice([x for x in string.digits if x != s[i]])
                c.number = "".join(s)
            elif form == "name":
                n = orig.v.name
                variants = [n.upper(), n.replace(" Inc.", ", Inc."), n.replace(".", ""), n + " "]
                variants = [x.strip() for x in variants if x.strip() != n]
                variants = [x for x in variants if x]
                c.vname = rng.choice(variants) if variants else n.upper()
                if c.vname == n:
                    c.vname = n.upper()
            else:
                form = "exact"
            c.labels.add("duplicate")
            c.notes.append(f"duplicate: {form} copy of row {{ref}}")
            orig.tol.update({"duplicate", "numbering", "repeated_amount", "split_purchase"})
            c.tol.update({"numbering", "repeated_amount", "split_purchase"})
            if c.vname:
                c.tol.add("new_vendor")

    # ---------------------------------------------------------------- finalize
    def finalize(self) -> None:
        rng = self.rng
        for r in self.rows:
            if "sod_breach" not in r.labels and r.up.lower() == r.appr.lower():
                r.up = self.clerk_for(r.v)
                if r.up == r.appr:
                    r.up = CLERKS[0]
        rnd = {r.uid: rng.random() for r in self.rows}
        for r in self.rows:  # entered after its original / its credit note
            if r.mech == "copy":
                r.prev = r.orig
        for r in sorted((r for r in self.rows if r.prev is not None), key=lambda r: r.mech):
            if r.post == r.prev.post:  # order: credit notes, then copies, then rebills
                rnd[r.uid] = rnd[r.prev.uid] + (1 - rnd[r.prev.uid]) * rng.random()
        keyed = [(r.post, rnd[r.uid], r) for r in self.rows]
        keyed.sort(key=lambda t: (t[0], t[1]))
        self.rows = [t[2] for t in keyed]
        bad = [
            {"total_amount": ""},
            {"invoice_date": "2023-02-30"},
            {"total_amount": "1.234,56"},
            {"vendor": ""},
            {"invoice_date": "03/15/2023"},
            {"total_amount": "USD 450.00"},
        ]
        n = len(self.rows) + len(bad)
        pos = sorted(rng.sample(range(50, n - 50), len(bad)))
        self.bad_rows = dict(zip(pos, bad, strict=True))
        rowno, it = 0, iter(self.rows)
        self.malformed_rownos = []
        self.bad_templates = {}
        for i in range(n):
            rowno += 1
            if i in self.bad_rows:
                self.malformed_rownos.append(rowno)
                self.bad_templates[rowno] = self.bad_rows[i]
            else:
                next(it).rowno = rowno
        self.n_csv = rowno

    def generate(self) -> None:
        self.setup()
        self.gen_fixed()
        self.gen_volume()
        self.gen_credit_rebill()
        self.inject_additive()
        self.assign_numbers()
        self.post_all()
        self.vstats()
        self.inject_modify()
        self.finalize()
        compute_tolerances(self)

    def write_csv(self, path: Path) -> None:
        by_no = {r.rowno: r for r in self.rows}
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(COLUMNS)
            for no in range(1, self.n_csv + 1):
                r = by_no.get(no)
                if r is None:  # malformed: a one-time payee with its own number
                    rec = {c: "" for c in COLUMNS}
                    rec.update(
                        vendor=f"One-time Payee {no}",
                        invoice_number=f"OT-{no}",
                        invoice_date="2023-06-14",
                        posting_date="2023-06-15",
                        currency="USD",
                        net_amount="412.50",
                        tax_amount="0.00",
                        total_amount="412.50",
                        account="6400",
                        uploaded_by="jsmith",
                        approved_by="lbrooks",
                    )
                    rec.update(self.bad_templates[no])
                    w.writerow([rec[c] for c in COLUMNS])
                else:
                    w.writerow([row_record(r)[c] for c in COLUMNS])


def row_record(r: Row) -> dict:
    return {
        "vendor": r.vendor,
        "invoice_number": r.number,
        "invoice_date": r.date.isoformat(),
        "posting_date": r.post.isoformat(),
        "currency": r.cur,
        "net_amount": f"{r.net:.2f}",
        "tax_amount": f"{r.tax:.2f}",
        "total_amount": f"{r.total:.2f}",
        "account": r.acct,
        "iban": r.iban,
        "uploaded_by": r.up,
        "approved_by": r.appr,
    }


def is_round(total: float) -> bool:
    cents = round(abs(total) * 100)
    return abs(total) >= 500 and cents % 10000 == 0


# --------------------------------------------------------------------------- tolerances
def norm_number(s: str) -> str:
    s = "".join(c for c in s.upper() if c.isalnum())
    for p in ("INV", "NO"):
        if s.startswith(p) and len(s) > len(p) + 2:
            s = s[len(p) :]
    return s.lstrip("0")


def within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def lis_members(seqs: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seqs)
    for i, s in enumerate(seqs):
        j = bisect.bisect_left(tails, s)
        if j == len(tails):
            tails.append(s)
            tails_idx.append(i)
        else:
            tails[j] = s
            tails_idx[j] = i
        prev[i] = tails_idx[j - 1] if j > 0 else -1
    out, k = set(), tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.add(k)
        k = prev[k]
    return out


def compute_tolerances(lg: Ledger) -> None:
    rows = lg.rows

    def tol(r: Row, kind: str) -> None:
        if kind not in r.labels:
            r.tol.add(kind)

    byname = defaultdict(list)
    for r in rows:
        byname[r.vendor].append(r)
    # duplicate look-alikes
    groups = defaultdict(list)
    for r in rows:
        groups[(norm_vendor(r.vendor), r.total)].append(r)
    for rs in groups.values():
        if len(rs) < 2:
            continue
        nn = [norm_number(r.number) for r in rs]
        for i in range(len(rs)):
            for j in range(i + 1, len(rs)):
                a, b = rs[i], rs[j]
                if abs((a.date - b.date).days) > 10:
                    continue
                if a.crg is not None and a.crg == b.crg:
                    continue
                x, y = nn[i], nn[j]
                if x == y or within_one_edit(x, y) or (x and y and (x in y or y in x)):
                    tol(a, "duplicate")
                    tol(b, "duplicate")
    # amount_outlier tails
    groups = defaultdict(list)
    for r in rows:
        if r.total > 0:
            groups[(r.v.vid, r.acct, r.cur)].append(r)
    for rs in groups.values():
        if len(rs) < 8:
            continue
        tot = sorted(r.total for r in rs)
        m = tot[len(tot) // 2]
        for r in rs:
            if abs(math.log(r.total / m)) > math.log(5):
                tol(r, "amount_outlier")
    # limit kinds
    cluster = {vid: thr for vid, thr in lg.clusters}
    for r in rows:
        if r.cur != "USD":
            for k in ("below_limit", "split_purchase", "threshold_cluster"):
                tol(r, k)
            continue
        if 9500 <= r.total < 10000:
            tol(r, "below_limit")
            tol(r, "threshold_cluster")
        thr = cluster.get(r.v.vid)
        if thr and 0.95 * thr <= r.total < thr:
            tol(r, "threshold_cluster")
    for rs in byname.values():
        usd = sorted((r for r in rs if r.cur == "USD"), key=lambda r: r.date)
        dates = [r.date.toordinal() for r in usd]
        for i, r in enumerate(usd):
            if not 2500 <= r.total < LIMIT:
                continue
            lo = bisect.bisect_left(dates, dates[i] - 7)
            hi = bisect.bisect_right(dates, dates[i] + 7)
            near = usd[lo:hi]
            band = [x for x in near if 2500 <= x.total < LIMIT]
            if len(near) <= 4 and len(band) >= 2 and sum(x.total for x in band) > LIMIT:
                tol(r, "split_purchase")
    # round
    for r in rows:
        if is_round(r.total) and not r.v.round_biller:
            tol(r, "round_amount")
    # repeated
    for rs in byname.values():
        c = Counter(r.total for r in rs)
        for r in rs:
            if c[r.total] >= 2 and not r.fixed:
                tol(r, "repeated_amount")
    # dates
    for r in rows:
        if r.date.weekday() >= 5:
            tol(r, "weekend_date")
        if r.date in HOL_ACTUAL or r.date in HOL_OBSERVED:
            tol(r, "holiday_date")
        if (r.post - r.date).days > 90:
            tol(r, "backdated")
        if r.date > AS_OF:
            tol(r, "future_date")
    # new vendors
    lg.vendor_tol_new = set()
    lg.vendor_lab_new = set()
    for name, rs in byname.items():
        rs.sort(key=lambda r: r.rowno)
        if rs[0].v.shell and rs[0].vname is None:
            rs[0].labels.add("new_vendor")
            rs[0].notes.append("new_vendor: first invoice of a shell vendor")
            for r in rs[1:]:
                tol(r, "new_vendor")
            lg.vendor_lab_new.add(name)
        elif rs[0].post > START + timedelta(90):
            first_date = min(r.date for r in rs)
            for r in rs:
                if (r.post - rs[0].post).days <= 30 or (r.date - first_date).days <= 30:
                    tol(r, "new_vendor")
            lg.vendor_tol_new.add(name)
    # iban_change, in final row order: every BEC row is labelled; a switch labels its
    # first row and tolerates the later ones; the first row after a new-account row that
    # carries another (non-blank) account is a revert and tolerated
    byvid = defaultdict(list)
    for r in rows:
        if r.vname is None:
            byvid[r.v.vid].append(r)
    for vid, new in lg.iban_events:
        rs = sorted(byvid[vid], key=lambda r: r.rowno)
        hits = [r for r in rs if r.iban.replace(" ", "") == new]
        switch = any("switch" in n for r in hits for n in r.notes)
        if switch:
            note = next(n for r in hits for n in r.notes if "switch" in n)
            for r in hits:
                r.labels.discard("iban_change")
                r.notes = [n for n in r.notes if "iban_change" not in n]
                r.tol.add("iban_change")
            hits[0].tol.discard("iban_change")
            hits[0].labels.add("iban_change")
            hits[0].notes.append(note)
        else:
            for r in rs:
                r.tol.discard("iban_change")
            for i, r in enumerate(rs):
                if r.iban.replace(" ", "") != new:
                    continue
                for x in rs[i + 1 :]:
                    if x.iban and x.iban.replace(" ", "") != new:
                        tol(x, "iban_change")
                        break
    # numbering
    series = defaultdict(list)
    for r in rows:
        if r.series:
            series[r.series].append(r)
    for rs in series.values():
        rs.sort(key=lambda r: (r.date, r.seq))
        keep = lis_members([r.seq for r in rs])
        by_seq = sorted(range(len(rs)), key=lambda i: rs[i].seq)
        pos_seq = {i: p for p, i in enumerate(by_seq)}
        culprits = [i for i in range(len(rs)) if i not in keep]
        culprits += [i for i in range(len(rs)) if "numbering" in rs[i].labels]
        for i in culprits:
            tol(rs[i], "numbering")
            for j in (i - 1, i + 1):
                if 0 <= j < len(rs):
                    tol(rs[j], "numbering")
            p = pos_seq[i]
            for q in (p - 1, p + 1):
                if 0 <= q < len(rs):
                    tol(rs[by_seq[q]], "numbering")
        if rs[0].v.style in ("dedicated", "project"):
            ordered = [rs[i] for i in by_seq]
            for a, b in itertools.pairwise(ordered):
                if b.seq - a.seq > 1:
                    tol(b, "numbering")
    for r in rows:
        if r.mech == "rebill_r":
            tol(r, "numbering")
    # rare account
    for rs in byname.values():
        c = Counter(r.acct for r in rs)
        for r in rs:
            if c[r.acct] <= 2 or c[r.acct] < 0.05 * len(rs):
                tol(r, "rare_account")
    # credit-and-rebill groups stay strict negatives for duplicate
    for r in rows:
        if r.crg is not None and "duplicate" in r.tol and r.orig is None and r.mech != "credited":
            pass


# --------------------------------------------------------------------------- evaluation
def run_detector(csv_path: Path, repo: Path) -> tuple[list[dict], str, float, int, int]:
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
    p = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=False)
    dt = time.perf_counter() - t0
    out, bad = [], 0
    for line in p.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            continue
        if isinstance(obj, dict):
            out.append(obj)
        else:
            bad += 1
    return out, p.stderr, dt, p.returncode, bad


def evaluate(lg: Ledger, findings: list[dict]) -> dict:
    by_no = {r.rowno: r for r in lg.rows}
    names = {r.vendor for r in lg.rows}
    names.update(f"One-time Payee {n}" for n in lg.bad_templates)
    byname = defaultdict(list)
    for r in lg.rows:
        byname[r.vendor].append(r)
    lower = {n.lower(): n for n in names}
    pred = defaultdict(set)
    reasons = defaultdict(dict)
    per_row = defaultdict(list)
    vendor_pred = defaultdict(set)
    other_subjects = defaultdict(list)
    unknown = Counter()
    on_malformed = []
    out_of_range = 0
    for f in findings:
        det = f.get("detector")
        if det not in KINDS:
            unknown[det] += 1
        row = f.get("row")
        if row is not None:
            try:
                row = int(row)
            except (TypeError, ValueError):
                out_of_range += 1
                continue
            if row in lg.bad_templates:
                on_malformed.append(f)
                continue
            r = by_no.get(row)
            if r is None:
                out_of_range += 1
                continue
            pred[det].add(row)
            reasons[det].setdefault(row, f.get("reason", ""))
            per_row[row].append(f"{det}({f.get('score')})")
            if det in ("benford", "new_vendor"):
                vendor_pred[det].add(r.vendor)
            continue
        subj = str(f.get("subject", ""))
        if "One-time Payee" in subj:
            on_malformed.append(f)
            continue
        name = subj if subj in names else lower.get(subj.lower())
        if name is None:
            cands = [n for n in names if n and n.lower() in subj.lower()]
            name = max(cands, key=len) if cands else None
        if name is None:
            other_subjects[det].append(f)
            continue
        vendor_pred[det].add(name)
        rs = sorted(byname[name], key=lambda r: r.rowno)
        targets = rs if det != "new_vendor" else rs[:1]
        for r in targets:
            pred[det].add(r.rowno)
            reasons[det].setdefault(r.rowno, "[vendor] " + str(f.get("reason", "")))
    table = {}
    for k in KINDS:
        lab = {r.rowno for r in lg.rows if k in r.labels}
        tol = {r.rowno for r in lg.rows if k in r.tol and k not in r.labels}
        p = pred.get(k, set())
        tp = len(p & lab)
        fp = len(p - lab)
        fpt = len((p - lab) & tol)
        fn = len(lab - p)
        table[k] = {
            "labelled": len(lab),
            "tolerated": len(tol),
            "predicted": len(p),
            "tp": tp,
            "fp": fp,
            "fp_tolerated": fpt,
            "fn": fn,
            "precision": tp / len(p) if p else None,
            "lenient_precision": tp / (len(p) - fpt) if len(p) - fpt > 0 else None,
            "recall": tp / len(lab) if lab else None,
        }
    vend = {}
    fab = {v.name for v in lg.vendors if v.fab}
    for k, lab, tol in (
        ("benford", fab, set()),
        ("new_vendor", lg.vendor_lab_new, lg.vendor_tol_new - lg.vendor_lab_new),
    ):
        p = {x for x in vendor_pred.get(k, set()) if not x.startswith("One-time Payee")}
        tp = len(p & lab)
        fpt = len((p - lab) & tol)
        vend[k] = {
            "labelled": len(lab),
            "tolerated": len(tol),
            "predicted": len(p),
            "tp": tp,
            "fp": len(p - lab),
            "fp_tolerated": fpt,
            "fn": len(lab - p),
            "precision": tp / len(p) if p else None,
            "lenient_precision": tp / (len(p) - fpt) if len(p) - fpt > 0 else None,
            "recall": tp / len(lab) if lab else None,
            "missed": sorted(lab - p),
            "false": sorted(p - lab - tol)[:20],
        }
    return {
        "table": table,
        "vendor": vend,
        "pred": pred,
        "reasons": reasons,
        "per_row": per_row,
        "other_subjects": {k: len(v) for k, v in other_subjects.items()},
        "other_subject_examples": {k: v[:3] for k, v in other_subjects.items()},
        "unknown_detectors": dict(unknown),
        "findings_on_malformed": on_malformed,
        "out_of_range": out_of_range,
    }


def fmt(x) -> str:
    return "  -  " if x is None else f"{x:5.3f}"


def describe(r: Row) -> str:
    return (
        f"row {r.rowno}: {r.vendor} | {r.number} | {r.date} (post {r.post}) | "
        f"{r.cur} {r.total:.2f} | acct {r.acct} | iban {r.iban or '-'} | "
        f"{r.up}->{r.appr} | {r.mech}"
    )


def print_report(lg, ev, gen_s, scan_s, n_findings, stderr_info, samples, rng) -> None:
    print(
        f"ledger: {len(lg.rows)} rows (+{len(lg.malformed_rownos)} malformed), "
        f"{len({r.vendor for r in lg.rows})} vendor names, as-of {AS_OF}"
    )
    print(f"generation {gen_s:.1f}s, scan {scan_s:.1f}s, findings {n_findings}")
    print(stderr_info)
    hdr = f"{'kind':18} {'lab':>5} {'tol':>6} {'pred':>6} {'TP':>5} {'FP':>6} {'FPtol':>6} "
    hdr += f"{'FN':>5} {'prec':>6} {'len.p':>6} {'recall':>6}"
    print(hdr)
    for k in KINDS:
        t = ev["table"][k]
        print(
            f"{k:18} {t['labelled']:5d} {t['tolerated']:6d} {t['predicted']:6d} {t['tp']:5d} "
            f"{t['fp']:6d} {t['fp_tolerated']:6d} {t['fn']:5d} {fmt(t['precision']):>6} "
            f"{fmt(t['lenient_precision']):>6} {fmt(t['recall']):>6}"
        )
    for k, t in ev["vendor"].items():
        print(
            f"{k + ' (vendor)':18} {t['labelled']:5d} {t['tolerated']:6d} {t['predicted']:6d} "
            f"{t['tp']:5d} {t['fp']:6d} {t['fp_tolerated']:6d} {t['fn']:5d} "
            f"{fmt(t['precision']):>6} {fmt(t['lenient_precision']):>6} {fmt(t['recall']):>6}"
        )
        if t["missed"]:
            print(f"   missed: {t['missed']}")
        if t["false"]:
            print(f"   strict false vendors (first 20): {t['false']}")
    if ev["other_subjects"]:
        print(f"subject findings not matching a vendor: {ev['other_subjects']}")
        for k, exs in ev["other_subject_examples"].items():
            for e in exs:
                print(f"   {k}: {json.dumps(e)[:300]}")
    if ev["unknown_detectors"]:
        print(f"unknown detector names: {ev['unknown_detectors']}")
    if ev["findings_on_malformed"]:
        print(f"findings on malformed rows: {len(ev['findings_on_malformed'])}")
    if ev["out_of_range"]:
        print(f"findings with rows outside the CSV: {ev['out_of_range']}")
    if not samples:
        return
    by_no = {r.rowno: r for r in lg.rows}
    for k in KINDS:
        p = ev["pred"].get(k, set())
        lab = {r.rowno for r in lg.rows if k in r.labels}
        fps = sorted(p - lab)
        strict = [x for x in fps if k not in by_no[x].tol]
        tolr = [x for x in fps if k in by_no[x].tol]
        fns = sorted(lab - p)
        if not fps and not fns:
            continue
        print(f"\n=== {k}: samples")
        pick = rng.sample(strict, min(samples, len(strict)))
        if len(pick) < samples:
            pick += rng.sample(tolr, min(samples - len(pick), len(tolr)))
        for x in sorted(pick):
            r = by_no[x]
            tag = "FP[tol]" if k in r.tol else "FP"
            print(f" {tag} {describe(r)}\n      reason: {ev['reasons'][k].get(x, '')[:240]}")
            if r.notes:
                print(f"      injected: {render_notes(r)}")
        for x in sorted(rng.sample(fns, min(samples, len(fns)))):
            r = by_no[x]
            print(f" FN {describe(r)}\n      label: {render_notes(r)}")
            print(f"      other findings: {', '.join(ev['per_row'].get(x, [])) or '-'}")


def render_notes(r: Row) -> str:
    ref = r.orig.rowno if r.orig is not None else ""
    return "; ".join(n.replace("{ref}", str(ref)) for n in r.notes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--rows", type=int, default=60000)
    ap.add_argument("--samples", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="write the CSV and labels to DIR and keep them")
    ap.add_argument("--generate-only", action="store_true", help="write the ledger, do not scan")
    args = ap.parse_args()
    repo = Path(__file__).resolve().parent.parent
    t0 = time.perf_counter()
    lg = Ledger(args.seed, args.rows)
    lg.generate()
    gen_s = time.perf_counter() - t0
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ap_us_ledger_"))
    tmp.mkdir(parents=True, exist_ok=True)
    csv_path = tmp / "ledger.csv"
    lg.write_csv(csv_path)
    if args.keep:
        with open(tmp / "labels.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["row", "labels", "tolerated", "notes"])
            for r in lg.rows:
                if r.labels or r.tol:
                    w.writerow(
                        [
                            r.rowno,
                            ";".join(sorted(r.labels)),
                            ";".join(sorted(r.tol)),
                            render_notes(r),
                        ]
                    )
    if args.generate_only:
        print(f"{len(lg.rows)} rows in {gen_s:.1f}s" + (f" -> {csv_path}" if args.keep else ""))
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        for k in KINDS:
            lab = sum(1 for r in lg.rows if k in r.labels)
            tol = sum(1 for r in lg.rows if k in r.tol and k not in r.labels)
            print(f"  {k:18} labelled {lab:5d} tolerated {tol:6d}")
        return
    findings, stderr, scan_s, rc, nonjson = run_detector(csv_path, repo)
    if args.keep:
        (tmp / "findings.jsonl").write_text("\n".join(json.dumps(f) for f in findings) + "\n")
        (tmp / "stderr.txt").write_text(stderr)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    err_lines = [x for x in stderr.splitlines() if x.strip()]
    reported = [n for n in lg.malformed_rownos if any(str(n) in x for x in err_lines)]
    stderr_info = (
        f"CLI exit {rc}; {nonjson} non-JSON stdout lines; {len(err_lines)} stderr lines; "
        f"malformed rows {lg.malformed_rownos}, mentioned on stderr: {reported}"
    )
    if rc != 0:
        stderr_info += "\n" + "\n".join(err_lines[-15:])
    ev = evaluate(lg, findings)
    if args.json:
        out = {
            "seed": args.seed,
            "rows": len(lg.rows),
            "as_of": AS_OF.isoformat(),
            "generation_s": round(gen_s, 2),
            "scan_s": round(scan_s, 2),
            "cli_exit": rc,
            "findings": len(findings),
            "malformed_rows": lg.malformed_rownos,
            "malformed_reported": reported,
            "kinds": ev["table"],
            "vendor_level": {
                k: {x: y for x, y in v.items() if x not in ("missed", "false")}
                for k, v in ev["vendor"].items()
            },
            "other_subjects": ev["other_subjects"],
            "unknown_detectors": ev["unknown_detectors"],
        }
        print(json.dumps(out, indent=1))
        return
    print_report(
        lg,
        ev,
        gen_s,
        scan_s,
        len(findings),
        stderr_info,
        args.samples,
        random.Random(args.seed + 1),
    )


if __name__ == "__main__":
    main()
