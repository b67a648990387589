"""Black-box benchmark: an aged-care accounts-payable ledger from Victoria, Australia.

THE BUSINESS
    Ironbark Community Care Ltd (fictional), a not-for-profit aged-care and community-health
    provider with its head office (cost centre HQ) in Box Hill, Melbourne.  Base currency AUD,
    GST 10 %.  Ten residential aged-care facilities (cost centres F01-F10: Box Hill, Footscray,
    Frankston, Geelong, Ballarat, Bendigo, Shepparton, Traralgon, Warrnambool, Mildura; 56-128
    beds) and four home-care regions (HC-E Eastern Metro, HC-W Western Metro, HC-B Barwon,
    HC-G Gippsland).  The ledger covers three Australian financial years, FY23-FY25
    (1 July 2022 - 30 June 2025, by posting date), exported on 18 July 2025 (--as-of).

    Vendors (about 100, all fictional): four nursing/care agencies billing weekly per facility
    (week-ending Sunday or Monday invoices, 24/7 businesses, 5-20k a week, more in winter,
    over Christmas and in outbreaks; award rises July 2023 and July 2024); two pharmacies (weekly
    statements, mostly GST-free PBS medicines); a national clinical-consumables distributor
    (EDI, mixed GST) and a continence/wound supplier (GST-free); a broadline food distributor,
    five regional fresh-produce suppliers, a butcher and a dairy/bakery (fresh food GST-free);
    linen (weekly), contract cleaning (fixed monthly per site), waste (monthly), pest control
    (quarterly, same fee at every site on the same day) and essential-safety/fire inspections
    (quarterly, same fee per site in one week); electricity and gas retailers (monthly per site,
    billing runs on any day of the week, BPAY, summer/winter peaks, occasional catch-up bills
    after estimated reads); ten regional water corporations (quarterly, GST-free); telco; thirteen
    maintenance trades (routine call-outs with log-normal amounts, about 8 % fixed quotes billed
    as round totals incl. GST, some log-normal projects, progress claims coded to capital works;
    2 % emergency call-outs dated on a Saturday), a replacement plumber from March 2024 and a
    one-off flood restorer; allied-health contractors
    (physiotherapy and podiatry billed as visits x rate, dietetics, speech pathology, OT); ten
    brokered home-care subcontractors (fortnightly, hours x rate, GST-free, mostly own
    per-customer invoice counters) and a community-transport co-op; patient transport, taxi
    accounts, couriers; IT subscriptions (care
    management system, rostering, Microsoft licences, managed service, a compliance tool at a
    fixed 4,950.00 a month) and USD (card-paid SaaS) and NZD (nurse-call maintenance, paid by
    telegraphic transfer) suppliers; insurance via a broker every July (GST + stamp duty) and
    WorkCover instalments; leases (head office, two sale-and-leaseback facilities, storage,
    input-taxed residential rent for agency staff houses in Warrnambool and Mildura, the fleet);
    consultants, auditors and lawyers (round fees); office supplies, uniforms, equipment hire,
    medical gases, printing, training and a peak-body membership.
    Seasonality: end-of-financial-year spending in June (trades, consumables, IT hardware, EOFY
    stock-ups), invoices dated June posted in July (accruals), the Christmas/New Year slowdown
    of office-hours vendors and of head-office posting, winter agency and gas peaks.
    Victorian public holidays (office closed): New Year's Day, Australia Day, Labour Day
    (2nd Monday of March), Good Friday, Easter Saturday, Easter Sunday, Easter Monday, ANZAC Day,
    King's (Queen's) Birthday (2nd Monday of June), the Friday before the AFL Grand Final,
    Melbourne Cup Day (1st Tuesday of November), Christmas Day, Boxing Day, the substitute days
    and the National Day of Mourning of 22 September 2022.  Some regional vendors work on
    Melbourne Cup Day (their councils substitute a local cup or show day; cup_open in the code).
    All these dates are passed to the tool with --holidays.
    Size: at the default 30,000 rows the frequent streams (food, consumables, agency, trades,
    ...) are thinned slightly to hit the row count exactly; at other sizes they are thinned
    more (monthly variable streams three times less) or densified; contracts, subscriptions,
    leases, insurance and all injected rows are always kept.
    Delegations of authority: facility managers approve up to 10,000 (the approval limit given
    with --approval-limit 10000); home-care coordinators up to 5,000 and the home-care general
    manager up to 50,000; the two operations managers (metro k.nguyen2, regional p.singh) and
    the finance manager up to 50,000; the CFO up to 250,000; the CEO above.  Invoices are
    uploaded by AP clerks (k.nguyen, r.patel, s.obrien until March 2024, l.marino from February
    2024), by the EDI feed (edi.import), or by the facility manager for local suppliers (then
    the operations manager approves).  Credit notes carry no approver.  AP clerk k.nguyen (Kim)
    and metro operations manager k.nguyen2 (Khanh) are two different people.

COLUMNS (ledger.csv, one row per AP document, sorted by posting date)
    document_no, posting_date (read by the tool as recorded_at), vendor, invoice_number,
    invoice_date, description, cost_centre, account (GL code), account_name, currency
    (AUD/USD/NZD), net_amount, tax_amount (GST; 0 for GST-free, input-taxed and foreign),
    total_amount, tax_code (GST/FRE/MIX/INP/N-T), payment_method (EFT/BPAY/DD/CARD/TT),
    iban (bank details as this system exports them: "BSB 063-145 ACC 10234567" for Australian
    accounts, "SWIFT ... ACC ..." for the NZD supplier; blank for BPAY, direct debit and card),
    uploaded_by, approved_by.

INJECTIONS (events at the default --rows 30000; other sizes scale them, with small minimums)
    duplicate: 8 exact re-entries (same number, date, amount; the paper copy keyed again 3-40
        days later by another person); 8 near-same numbers (separator or leading zeros dropped,
        two digits transposed, one digit mistyped); 6 near-same dates (same number and amount,
        date keyed 1-6 days off); 4 re-issues (vendor sent the same charge again under a new
        number 7-30 days later).  Group = the pair.
    amount_outlier: 6 amounts keyed x10 (decimal slip), 2 keyed /10, 6 inflated x4-x8, on
        vendor-account pairs with a long, stable history.
    benford: a fictitious vendor (Summit Grounds & Property Services, set up by the Bendigo
        facility manager, 45 invoices over about 16 months with invented amounts: 30 % at
        9,500-9,995, the rest 2,000-9,400, a third of those round, a fifth dated on weekends);
        and a colluding plumber (Goldfields Plumbing & Gas, about 250 genuine invoices) adding 40
        invented invoices of 3,000-9,900 at Ballarat from November 2023.
    new_vendor: the fictitious vendor; an impersonator ("Southern Cross Nursing Agency P/L",
        a look-alike of the real agency, 2 invoices, new bank account).
    below_limit: 14 trade/consultant invoices raised to 9,500-9,990 (engineered under the
        facility manager's delegation), plus the fictitious and colluding vendors' rows there.
    split_purchase: 8 jobs of 12,000-38,000 split into 2-4 invoices of the same vendor and site,
        each under 10,000, dated within 10 days, approved by the facility manager.
    threshold_cluster: 10 extra invoices of a home-care subcontractor at 4,720-4,995 (under the
        coordinator's unconfigured 5,000 delegation) and 8 of a wellbeing consultant at
        2,860-2,995 (under the 3,000 no-purchase-order rule).
    round_amount: 12 goods/utility invoices whose total was replaced by a padded round sum
        (multiple of 500 or 1,000); plus the fictitious vendor's round totals.
    repeated_amount: 3 groups: a handyman billing 1,837.00 six times, a home-care subcontractor
        billing the package cap 6,912.00 six fortnights running, a locksmith billing 742.50
        five times.
    weekend_date: 12 invoices of Melbourne office-hours vendors re-dated from Friday to Saturday
        or from Monday to Sunday (altered documents), plus the fictitious vendor's weekend
        invoices (about 20 % of them).
    holiday_date: 10 invoices of Melbourne office-hours vendors dated on a Victorian public
        holiday.
    backdated: 10 invoices dated 150-420 days before they were posted (old invoices surfacing).
    future_date: 8 invoice dates keyed a year ahead or with day and month swapped, at least 20
        days after posting.
    iban_change: 4 payment-redirection frauds (1-2 invoices of a known vendor carry a new bank
        account, then the old one returns).
    numbering: 6 gaps of 4-15 numbers in per-customer counters (invoices never recorded), 4
        invoices numbered far behind a vendor's running series, 2 recycled old numbers, 3
        numbers alien to the vendor's format and range.
    rare_account: 12 invoices of single-account vendors coded to an unrelated account (agency
        as consulting, food as capital works, ...).
    sod_breach: 13 invoices uploaded and approved by the same facility manager, 2 by the CFO;
        3 with uploader and approver written differently for one person.
    Innocent look-alikes built into the natural ledger: 14 credit-and-rebill pairs (a full
        credit note plus a rebill, at the same amount in 60 % of cases and corrected otherwise;
        numbered "<original>-R" by small vendors and 30 % of the others), monthly subscriptions and
        leases with equal amounts, fixed contract fees per site on one day (pest control, fire
        inspections), per-visit allied-health totals that repeat or are round, round consulting
        and audit fees, fixed quotes, EOFY volume and stock-ups, weekly agency invoices that
        together pass 10,000 in a week, 24/7 vendors invoicing on weekends and holidays,
        pre-billed rent, June invoices posted in July, genuinely new vendors (a new agency after
        a tender, a replacement plumber, a new compliance tool, a one-off flood restorer),
        legitimate bank changes, card-paid invoices without bank details.

LABELLING RULES (labels.csv: row,kind,status,group,note; a row may carry several kinds)
    firm: the injected anomaly rows listed above (for a duplicate the later entry; for
        below_limit totals 9,500-9,999.99; for round_amount totals that are a multiple of 100;
        for benford every invented row of a vendor that has at least 100 rows in the ledger and
        at least 30 invented ones - a per-vendor Benford test on fewer amounts is not
        meaningful, so the fictitious vendor's 45 rows are ambiguous; for new_vendor the first
        invoice of the fictitious vendor and of the impersonator; for iban_change the first row,
        in posting order, paid to the fraudulent account; for numbering the row after a gap or
        the out-of-sequence row).
    ambiguous (not counted): the original of a duplicate pair; the impersonator's copy of a
        genuine invoice (duplicate) and its bank (iban_change); benford for the fictitious
        vendor and for the colluding plumber's genuine rows; the second row paid to a
        fraudulent account, the row paying the old account again, a legitimate permanent bank
        change, and the change points of these events seen in invoice-date order; sod with one
        person written two ways; natural rows 9,500-9,999.99 and fraudulent vendors' rows
        9,000-9,499.99 (below_limit), and foreign rows whose AUD value may fall there; injected
        rows in the 10,000 band for threshold_cluster; natural windows where one ad-hoc vendor's
        invoices for one site and account sum past 10,000 within +-7 days, and fraudulent
        vendors' windows (split_purchase); outbreak weeks, EOFY stock-ups, catch-up utility
        bills and projects at twice the vendor-account median or more, natural amounts with an
        Iglewicz-Hoaglin modified z-score beyond 3.5 on the log scale (vendor-account pairs with
        20+ rows), and other injections that moved an amount 4x from the median
        (amount_outlier); chance round totals (multiple of 100, >= 500) of goods vendors; chance
        repeats (3+ equal totals of a variable vendor); natural weekend/holiday dates of
        office-hours vendors (emergency call-outs, regional vendors on Cup Day, dates moved by
        other injections); natural posting lags over 45 days (backdated); pre-billed rent
        dated after posting (future_date); first invoices of genuinely new vendors and their
        first 30 days, and first invoices of long-standing vendors that a small ledger shows
        late (new_vendor); rarely used but legitimate vendor-account pairs (at most 3 rows and
        10 % of the vendor's: capital works, a staff function); numbering of duplicate
        re-entries, of recycled numbers' duplicates, and of re-dated invoices with their two
        neighbours either side in number and in date order.
    innocent: the look-alikes: credit-and-rebill rows and same-amount invoices of one vendor
        within 10 days for different sites or visits (duplicate), credit notes (amount_outlier),
        fixed-price vendors (benford, repeated_amount), the 4,950.00 subscription
        (threshold_cluster), other split-like windows (split_purchase), round fees, quotes and
        per-visit totals (round_amount), weekend/holiday dates of 24/7 and automatic billers and
        Saturday (and holiday) trading of shops, June invoices posted in July 15-45 days later
        (backdated), first invoices of occasional vendors seen late (new_vendor), card-paid
        rows without bank details and the row after (iban_change), period-coded numbers
        restarting and "-R" rebill numbers (numbering), k.nguyen uploading and k.nguyen2
        approving (sod_breach).
    Every unlabelled row counts as a false positive if reported.

EVALUATION
    The tool runs in LEDGER_TOOL_DIR (default: this project) as `python -m core anomalies
    --import-csv ledger.csv --json --approval-limit 10000 --base-currency AUD --as-of 2025-07-18
    --holidays <the Victorian dates above>`.  Per kind: firm and ambiguous rows, predicted rows
    (distinct CSV rows with a finding of that kind; a Benford finding printed for every row of
    its subject vendor counts for every such row), TP = predicted firm rows, FP = predicted
    rows that are neither firm nor ambiguous, FN = firm rows not predicted; strict precision =
    TP / predicted (ambiguous counted as false), lenient precision = TP / (TP + FP), recall =
    TP / firm.  Group recall: a group (a duplicate pair, a split, a cluster, a repeat series)
    counts as found when any of its firm rows is predicted.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

TOOL_DIR = Path(os.environ.get("LEDGER_TOOL_DIR", Path(__file__).resolve().parents[1]))

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
LEDGER_START = date(2022, 7, 1)
LEDGER_END = date(2025, 6, 30)
GEN_START = date(2022, 5, 16)
AS_OF = date(2025, 7, 18)
LIMIT = 1_000_000  # cents
BAND_LOW = 950_000  # cents: "just below the limit" band for labels
FX = {"AUD": 1.0, "USD": 1.52, "NZD": 0.92}  # only for delegations and label bands
FX_RANGE = {"USD": (1.40, 1.65), "NZD": (0.86, 0.96)}
DAY = timedelta(days=1)

ACCOUNTS = {
    "1510": "Capital works in progress",
    "1520": "Plant & equipment (capital)",
    "5100": "Agency staff - nursing",
    "5110": "Agency staff - personal care",
    "5200": "Medical & clinical consumables",
    "5210": "Pharmacy & medications",
    "5220": "Continence aids",
    "5300": "Food & provisions",
    "5400": "Laundry & linen",
    "5410": "Cleaning services",
    "5420": "Waste management",
    "5430": "Pest control",
    "5500": "Electricity",
    "5510": "Gas",
    "5520": "Water & sewerage",
    "5530": "Telephone & internet",
    "5600": "Repairs & maintenance - building",
    "5610": "Repairs & maintenance - plant",
    "5620": "Fire safety & essential services",
    "5700": "Allied health contractors",
    "5710": "Brokered home-care services",
    "5800": "IT software & subscriptions",
    "5810": "IT hardware (expensed)",
    "5900": "Insurance",
    "5910": "Rent & outgoings",
    "5920": "Motor vehicles",
    "6000": "Consulting & professional fees",
    "6010": "Audit & accounting fees",
    "6020": "Legal fees",
    "6100": "Patient & client transport",
    "6110": "Courier & postage",
    "6200": "Office supplies & printing",
    "6210": "Uniforms",
    "6300": "Staff training, functions & memberships",
    "6400": "Medical equipment hire",
}


# ----------------------------------------------------------------------------- calendar
def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    w = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * w) // 451
    month = (h + w - 7 * m + 114) // 31
    day = (h + w - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    d = date(year, month, 1)
    d += timedelta(days=(weekday - d.weekday()) % 7)
    return d + timedelta(weeks=n - 1)


def vic_holidays() -> dict[date, str]:
    """Victorian public holidays 2022-2025 as the Melbourne office keeps them."""
    hol: dict[date, str] = {}
    for y in range(2022, 2026):
        ny = date(y, 1, 1)
        hol[ny] = "New Year's Day"
        if ny.weekday() >= 5:
            hol[ny + timedelta(days=7 - ny.weekday())] = "New Year's Day (substitute)"
        ad = date(y, 1, 26)
        if ad.weekday() >= 5:
            hol[ad + timedelta(days=7 - ad.weekday())] = "Australia Day (observed)"
        else:
            hol[ad] = "Australia Day"
        hol[nth_weekday(y, 3, 0, 2)] = "Labour Day"
        es = easter(y)
        hol[es - 2 * DAY] = "Good Friday"
        hol[es - DAY] = "Easter Saturday"
        hol[es] = "Easter Sunday"
        hol[es + DAY] = "Easter Monday"
        hol[date(y, 4, 25)] = "ANZAC Day"
        hol[nth_weekday(y, 6, 0, 2)] = "King's Birthday" if y >= 2023 else "Queen's Birthday"
        hol[nth_weekday(y, 11, 1, 1)] = "Melbourne Cup Day"
        xmas, box = date(y, 12, 25), date(y, 12, 26)
        hol[xmas] = "Christmas Day"
        hol[box] = "Boxing Day"
        if xmas.weekday() == 5:
            hol[date(y, 12, 27)] = "Christmas Day (additional)"
            hol[date(y, 12, 28)] = "Boxing Day (additional)"
        elif xmas.weekday() == 6:
            hol[date(y, 12, 27)] = "Christmas Day (additional)"
        elif box.weekday() == 5:
            hol[date(y, 12, 28)] = "Boxing Day (additional)"
    for d in (date(2022, 9, 23), date(2023, 9, 29), date(2024, 9, 27)):
        hol[d] = "Friday before the AFL Grand Final"
    hol[date(2022, 9, 22)] = "National Day of Mourning"
    return dict(sorted(hol.items()))


HOL = vic_holidays()
HOL_BY_NAME: dict[str, list[date]] = defaultdict(list)
for _d, _n in HOL.items():
    HOL_BY_NAME[_n].append(_d)


def is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def office_open(d: date) -> bool:
    return not is_weekend(d) and d not in HOL


def fy_index(d: date) -> int:
    """0 for FY23 (and earlier), 1 for FY24, 2 for FY25."""
    return max(0, min(2, (d.year - 2022) - (1 if d.month < 7 else 0)))


def infl(d: date) -> float:
    return 1.0 + 0.055 * max(0.0, (d - LEDGER_START).days / 365.25)


def month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - DAY


def months(start: date, end: date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# ----------------------------------------------------------------------------- model
@dataclass(slots=True)
class Site:
    code: str
    town: str
    metro: bool
    beds: int
    manager: str
    lifts: bool


SITES = [
    Site("F01", "Box Hill", True, 128, "t.walsh", True),
    Site("F02", "Footscray", True, 96, "m.haddad", True),
    Site("F03", "Frankston", True, 112, "s.fernando", True),
    Site("F04", "Geelong", False, 90, "r.campbell", True),
    Site("F05", "Ballarat", False, 84, "j.doyle", False),
    Site("F06", "Bendigo", False, 100, "l.zhang", True),
    Site("F07", "Shepparton", False, 72, "c.murphy", False),
    Site("F08", "Traralgon", False, 64, "h.evans", False),
    Site("F09", "Warrnambool", False, 60, "n.papadopoulos", False),
    Site("F10", "Mildura", False, 56, "d.kaur", False),
]
SITE = {s.code: s for s in SITES}
HC_REGIONS = {
    "HC-E": ("Eastern Metro", True, "b.taylor"),
    "HC-W": ("Western Metro", True, "a.osei"),
    "HC-B": ("Barwon", False, "g.mcleod"),
    "HC-G": ("Gippsland", False, "w.harris"),
}
CC_NAMES = {s.code: f"{s.code} {s.town}" for s in SITES}
CC_NAMES.update({k: f"{k} {v[0]}" for k, v in HC_REGIONS.items()})
CC_NAMES["HQ"] = "HQ Box Hill office"
CLERKS = [
    ("k.nguyen", date(2000, 1, 1), date(2099, 1, 1)),
    ("r.patel", date(2000, 1, 1), date(2099, 1, 1)),
    ("s.obrien", date(2000, 1, 1), date(2024, 3, 15)),
    ("l.marino", date(2024, 2, 19), date(2099, 1, 1)),
]
CFO, CEO, FIN_MGR, HC_GM = "h.lindqvist", "c.abbott", "n.fraser", "e.romano"
BSB_PREFIXES = ["013", "032", "062", "063", "083", "084", "633", "484", "704", "105", "124"]


@dataclass(slots=True)
class Vendor:
    name: str
    category: str
    style: str  # own | shared | simple | period | fyear | utility | fixed
    prefix: str
    hours: str  # 247 | auto | weeksat | week
    pay: str  # EFT | BPAY | DD | CARD | TT
    upload: str  # ap | edi | site
    bank: str
    metro: bool = True
    cup_open: bool = False
    currency: str = "AUD"
    lag: tuple[int, int] = (2, 12)
    lam: float = 0.0  # other customers' invoices per day (shared/simple/period numbering)
    width: int = 6
    start_seq: int = 1000
    fixed_price: bool = False
    fee_based: bool = False
    sparse: bool = False
    adhoc: bool = False
    role: str = ""  # fraud | impostor | new | oneoff | collusion


@dataclass(slots=True)
class Row:
    vendor: Vendor
    site: str
    account: str
    inv: date
    post: date
    net: int
    tax: int
    desc: str
    tax_code: str
    thin: int = 0  # 0 always kept, 1 frequent stream, 2 monthly variable stream
    tags: set[str] = field(default_factory=set)
    number: str = ""
    seq: int = -1
    uploaded: str = ""
    approved: str = ""
    people_fixed: bool = False
    bank: str | None = None
    link: Row | None = None
    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    inj: set[str] = field(default_factory=set)
    key: int = 0

    @property
    def total(self) -> int:
        return self.net + self.tax

    @property
    def aud(self) -> float:
        return self.total * FX[self.vendor.currency]


def money(c: int) -> str:
    sign = "-" if c < 0 else ""
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"


def label(row: Row, kind: str, status: str, group: str, note: str, force: bool = False) -> None:
    if force or kind not in row.labels:
        row.labels[kind] = (status, group, note)


# ----------------------------------------------------------------------------- generator
class Ledger:
    def __init__(self, seed: int, rows: int) -> None:
        self.seed = seed
        self.target = rows
        self.scale = rows / 30000
        self.rng = random.Random(seed)
        self.rows: list[Row] = []
        self.vendors: dict[str, Vendor] = {}
        self.density = 1.5
        self.counts: dict[str, int] = {}
        self.outbreaks: dict[str, list[tuple[date, date, float]]] = {}

    # ------------------------------------------------------------------ helpers
    def n(self, key: str, base: int, minimum: int = 1) -> int:
        value = max(minimum, round(base * self.scale))
        self.counts[key] = value
        return value

    def bank(self, metro: bool = True) -> str:
        r = self.rng
        pre = r.choice(BSB_PREFIXES if metro else ["633", "633", "083", "063", "014", "704"])
        return f"BSB {pre}-{r.randint(0, 999):03d} ACC {r.randint(10**5, 10**9 - 1)}"

    def vendor(
        self,
        name: str,
        category: str,
        style: str,
        prefix: str,
        hours: str,
        pay: str = "EFT",
        upload: str = "ap",
        **kw: object,
    ) -> Vendor:
        r = self.rng
        bank = ""
        if pay == "EFT":
            bank = self.bank(bool(kw.get("metro", True)))
        elif pay == "TT":
            bank = f"SWIFT ANZBNZ22 ACC 01-{r.randint(1000, 1999)}-{r.randint(10**6, 10**7 - 1)}-00"
        v = Vendor(name, category, style, prefix, hours, pay, upload, bank, **kw)  # type: ignore
        if v.start_seq == 1000:
            v.start_seq = {
                "own": r.randint(120, 900),
                "simple": r.randint(2000, 9000),
                "shared": r.randint(10 ** (v.width - 1), 4 * 10 ** (v.width - 1)),
            }.get(style, r.randint(1, 50))
        self.vendors[name] = v
        return v

    def ln(self, median: float, sigma: float) -> float:
        return median * math.exp(self.rng.gauss(0.0, sigma))

    def fit(self, d: date, v: Vendor) -> date:
        if v.hours in ("247", "auto"):
            return d
        for _ in range(10):
            name = HOL.get(d)
            closed = name is not None and not (v.cup_open and name == "Melbourne Cup Day")
            sunday_or_weekend = d.weekday() == 6 if v.hours == "weeksat" else is_weekend(d)
            closed = closed or sunday_or_weekend
            if not closed:
                return d
            d += DAY
        return d

    def post_date(self, inv: date, v: Vendor) -> date:
        r = self.rng
        lag = r.randint(*v.lag)
        u = r.random()
        if u < 0.03:
            lag += r.randint(10, 30)
        elif u < 0.034:
            lag += r.randint(40, 110)
        if inv.month == 6:
            lag += r.randint(2, 12)  # EOFY backlog and accruals
        d = inv + timedelta(days=lag)
        while True:
            shutdown = (d.month == 12 and d.day >= 24) or (d.month == 1 and d.day == 1)
            if shutdown and r.random() < 0.8:
                d = date(d.year + (d.month == 12), 1, 2)
            if office_open(d):
                break
            d += DAY
        return min(d, AS_OF)

    def add(
        self,
        v: Vendor,
        site: str,
        account: str,
        inv: date,
        amount: float,
        share: float,
        desc: str,
        thin: int = 0,
        tags: set[str] | None = None,
        total_given: bool = False,
        post: date | None = None,
    ) -> Row:
        """amount is net (or total if total_given); share is the GST-taxable share."""
        cents = round(amount * 100)
        if v.currency != "AUD" or share <= 0:
            net, tax = cents, 0
            code = "N-T" if v.currency != "AUD" else ("INP" if "input" in (tags or ()) else "FRE")
        elif total_given:
            tax = round(cents * share / 11)
            net = cents - tax
            code = "GST" if share >= 0.999 else "MIX"
        else:
            net = cents
            tax = round(cents * share * 0.1)
            code = "GST" if share >= 0.999 else "MIX"
        row = Row(
            v,
            site,
            account,
            inv,
            post or self.post_date(inv, v),
            net,
            tax,
            desc,
            code,
            thin,
            set(tags or ()),
        )
        self.rows.append(row)
        return row

    def weekly(self, weekday: int, start: date = GEN_START, end: date = LEDGER_END) -> list[date]:
        d = start + timedelta(days=(weekday - start.weekday()) % 7)
        out = []
        while d <= end:
            out.append(d)
            d += timedelta(days=7)
        return out

    def monthly(self, day: int, start: date = GEN_START, end: date = LEDGER_END) -> list[date]:
        out = []
        for y, m in months(start, end):
            last = month_end(y, m)
            d = last if day <= 0 else date(y, m, min(day, last.day))
            if start <= d <= end:
                out.append(d)
        return out

    def events(
        self, per_week: float, season: str = "", start: date = GEN_START, end: date = LEDGER_END
    ) -> list[date]:
        out, d, p0 = [], start, per_week / 7 * self.density
        while d <= end:
            p = p0
            if season == "adhoc":
                if d.month == 6:
                    p *= 1.5
                if (d.month == 12 and d.day >= 20) or (d.month == 1 and d.day <= 10):
                    p *= 0.3
            if self.rng.random() < p:
                out.append(d)
            d += DAY
        return out

    def outbreak(self, site: str, d: date) -> float:
        for a, b, f in self.outbreaks.get(site, []):
            if a <= d <= b:
                return f
        return 1.0

    # ------------------------------------------------------------------ natural ledger
    def natural(self) -> None:
        r = self.rng
        for s in SITES:
            lst = []
            for y in (2022, 2023, 2024):
                for _ in range(r.choice((0, 1, 1, 2))):
                    mth = r.choice((6, 7, 7, 8, 8, 9, 12, 1))
                    start = date(y + (mth < 6), mth, r.randint(1, 28))
                    weeks = r.randint(3, 5)
                    lst.append((start, start + timedelta(weeks=weeks), r.uniform(2.2, 3.0)))
            self.outbreaks[s.code] = lst
        self.gen_agency()
        self.gen_clinical()
        self.gen_food()
        self.gen_services()
        self.gen_utilities()
        self.gen_trades()
        self.gen_allied_homecare()
        self.gen_corporate()

    def gen_agency(self) -> None:
        r = self.rng
        sc = self.vendor(
            "Southern Cross Nursing Agency Pty Ltd",
            "agency",
            "shared",
            "SCN",
            "247",
            lam=35,
            width=6,
            lag=(2, 9),
        )
        cf = self.vendor(
            "CareForce Staffing Pty Ltd",
            "agency",
            "shared",
            "CF-",
            "247",
            lam=60,
            width=7,
            lag=(2, 9),
        )
        hr = self.vendor(
            "Healthstaff Regional Victoria Pty Ltd",
            "agency",
            "period",
            "HRV",
            "247",
            lam=4,
            metro=False,
            cup_open=True,
            lag=(3, 12),
        )
        al = self.vendor(
            "Allcare Nursing Solutions Pty Ltd",
            "agency",
            "shared",
            "ANS",
            "247",
            lam=20,
            width=6,
            lag=(2, 10),
            role="new",
        )
        switch = date(2023, 10, 2)
        specs = [
            (sc, ["F01", "F02", "F03"], 6, "5100", GEN_START, LEDGER_END),
            (sc, ["F04", "F05"], 6, "5100", GEN_START, switch),
            (cf, ["F01", "F03", "F06", "F07", "F08"], 6, "5110", GEN_START, LEDGER_END),
            (hr, ["F05", "F06", "F07", "F09", "F10"], 0, "", GEN_START, LEDGER_END),
            (al, ["F02", "F04", "F05", "F08", "F09", "F10"], 6, "5100", switch, LEDGER_END),
        ]
        for v, sites, wd, acct, a, b in specs:
            for code in sites:
                s = SITE[code]
                base = s.beds * r.uniform(45, 110)
                for d in self.weekly(wd, a, b):
                    if r.random() > 0.87:
                        continue
                    m = 1.0
                    if d.month in (6, 7, 8):
                        m *= 1.25
                    if (d.month == 12 and d.day >= 15) or (d.month == 1 and d.day <= 15):
                        m *= 1.3
                    m *= (1.0, 1.12, 1.18)[fy_index(d)]
                    ob = self.outbreak(code, d)
                    tags = {"outbreak"} if ob > 1 else set()
                    account = acct or ("5100" if r.random() < 0.55 else "5110")
                    we = d if wd == 6 else d - DAY
                    self.add(
                        v,
                        code,
                        account,
                        d,
                        self.ln(base * m * ob, 0.28),
                        1.0,
                        f"Agency shifts w/e {we.isoformat()} - {s.town}",
                        1,
                        tags,
                    )

    def gen_clinical(self) -> None:
        r = self.rng
        ma = self.vendor(
            "MedAssist Aged Care Pharmacy Pty Ltd",
            "pharmacy",
            "shared",
            "MA",
            "weeksat",
            lam=25,
            width=6,
            lag=(2, 10),
        )
        cc = self.vendor(
            "Country Care Pharmacy Group Pty Ltd",
            "pharmacy",
            "simple",
            "CCP",
            "weeksat",
            metro=False,
            cup_open=True,
            lam=6,
            width=5,
            lag=(3, 14),
        )
        for s in SITES:
            v, wd = (ma, 4) if s.code in ("F01", "F02", "F03", "F04") else (cc, 5)
            for d in self.weekly(wd):
                if r.random() < 0.06:
                    continue
                amt = self.ln(s.beds * r.uniform(15, 21) * infl(d), 0.22)
                self.add(
                    v, s.code, "5210", d, amt, 0.15, f"Weekly pharmacy statement - {s.town}", 1
                )
        cp = self.vendor(
            "Clinipath Medical Supplies Pty Ltd",
            "consumables",
            "shared",
            "SI",
            "week",
            upload="edi",
            lam=400,
            width=8,
            lag=(1, 4),
        )
        vw = self.vendor(
            "Vital Wound & Continence Pty Ltd",
            "consumables",
            "shared",
            "VW",
            "week",
            lam=60,
            width=7,
            lag=(2, 9),
        )
        for s in SITES:
            for d in self.events(1.5, "adhoc"):
                d = self.fit(d, cp)
                ob = self.outbreak(s.code, d)
                tags = {"outbreak"} if ob > 1.0 else set()
                amt = self.ln(s.beds * 5.5 * infl(d), 0.5) * (1 + (ob - 1) * 0.6)
                acct = "5200" if r.random() > 0.0015 else "6210"
                row = self.add(
                    cp,
                    s.code,
                    acct,
                    d,
                    amt,
                    r.uniform(0.45, 0.75),
                    "Clinical consumables order" if acct == "5200" else "Scrubs for clinical staff",
                    1,
                    tags,
                )
                self.maybe_credit(row)
            for y in (2023, 2024, 2025):
                if r.random() < 0.35:
                    d = self.fit(date(y, 6, r.randint(10, 26)), cp)
                    self.add(
                        cp,
                        s.code,
                        "5200",
                        d,
                        s.beds * 5.5 * infl(d) * r.uniform(3, 5),
                        0.6,
                        "EOFY stock-up - clinical consumables",
                        0,
                        {"eofy"},
                    )
            for d in self.weekly(1):
                if r.random() < 0.05:
                    continue
                d = self.fit(d, vw)
                row = self.add(
                    vw,
                    s.code,
                    "5220",
                    d,
                    self.ln(s.beds * 12 * infl(d), 0.15),
                    0,
                    f"Continence products - {s.town}",
                    1,
                )
                self.maybe_credit(row)
            for d in self.events(0.18, "adhoc"):
                d = self.fit(d, vw)
                self.add(vw, s.code, "5200", d, self.ln(420, 0.5), 0, "Wound care products", 1)
        mg = self.vendor(
            "Medigas Australia Pty Ltd",
            "consumables",
            "shared",
            "MG",
            "auto",
            upload="edi",
            pay="DD",
            lam=150,
            width=8,
            lag=(1, 5),
        )
        mh = self.vendor(
            "MedEquip Hire Pty Ltd", "hire", "simple", "MEH", "auto", lam=3, width=5, lag=(2, 10)
        )
        for s in SITES:
            for d in self.monthly(28):
                self.add(
                    mg,
                    s.code,
                    "5200",
                    d,
                    self.ln(s.beds * 4.5 * infl(d), 0.2),
                    1.0,
                    "Medical oxygen - cylinder rental and refills",
                    2,
                )
            for d in self.monthly(0):
                self.add(
                    mh,
                    s.code,
                    "6400",
                    d,
                    self.ln(s.beds * 6 * infl(d), 0.3),
                    1.0,
                    "Pressure-care mattress and bariatric bed hire",
                    2,
                )

    def gen_food(self) -> None:
        r = self.rng
        sw = self.vendor(
            "Statewide Foodservice Pty Ltd",
            "food",
            "shared",
            "",
            "week",
            upload="edi",
            lam=900,
            width=9,
            lag=(1, 5),
        )
        for s in SITES:
            for d in self.weekly(3):
                d = self.fit(d, sw)
                acct, desc = "5300", f"Grocery & frozen delivery - {s.town}"
                if r.random() < 0.0025:
                    acct, desc = "6300", "Catering for staff recognition function"
                row = self.add(
                    sw,
                    s.code,
                    acct,
                    d,
                    self.ln(s.beds * 26 * infl(d), 0.16),
                    r.uniform(0.38, 0.5),
                    desc,
                    1,
                )
                self.maybe_credit(row)
        produce = [
            ("Victoria Market Fresh Produce Pty Ltd", ["F01", "F02", "F03"], True, False),
            ("Barwon Fresh Produce", ["F04", "F09"], False, True),
            ("Goldfields Fresh Produce", ["F05", "F06"], False, True),
            ("Goulburn Valley Produce Co", ["F07", "F10"], False, True),
            ("Gippsland Fresh Supplies", ["F08"], False, False),
        ]
        for name, sites, metro, cup in produce:
            v = self.vendor(
                name,
                "food",
                "simple",
                "",
                "weeksat",
                upload="ap" if metro else "site",
                metro=metro,
                cup_open=cup,
                lam=r.uniform(3, 12),
                width=5,
                lag=(3, 14),
            )
            for code in sites:
                s = SITE[code]
                for wd in (0, 3):
                    for d in self.weekly(wd):
                        if r.random() < 0.04:
                            continue
                        d = self.fit(d, v)
                        row = self.add(
                            v,
                            code,
                            "5300",
                            d,
                            self.ln(s.beds * 5.2 * infl(d), 0.2),
                            0,
                            f"Fruit & vegetables - {s.town}",
                            1,
                        )
                        self.maybe_credit(row)
        meat = self.vendor(
            "Melbourne Quality Meats Pty Ltd",
            "food",
            "simple",
            "MQM",
            "weeksat",
            lam=15,
            width=6,
            lag=(3, 12),
        )
        dairy = self.vendor(
            "Dairy Fresh Distributors Vic Pty Ltd",
            "food",
            "shared",
            "DF",
            "weeksat",
            lam=80,
            width=7,
            lag=(2, 10),
        )
        for s in SITES:
            for d in self.weekly(2):
                self.add(
                    meat,
                    s.code,
                    "5300",
                    self.fit(d, meat),
                    self.ln(s.beds * 11 * infl(d), 0.18),
                    0,
                    f"Meat & poultry - {s.town}",
                    1,
                )
            for d in self.weekly(1):
                self.add(
                    dairy,
                    s.code,
                    "5300",
                    self.fit(d, dairy),
                    self.ln(s.beds * 4 * infl(d), 0.18),
                    0.05,
                    f"Milk, dairy & bread - {s.town}",
                    1,
                )

    def gen_services(self) -> None:
        r = self.rng
        ln_ = self.vendor(
            "CleanLinen Services Pty Ltd",
            "linen",
            "shared",
            "CLS",
            "week",
            upload="edi",
            lam=70,
            width=7,
            lag=(1, 6),
        )
        cl = self.vendor(
            "Pristine Commercial Cleaning Pty Ltd",
            "cleaning",
            "own",
            "IRB-",
            "auto",
            width=4,
            lag=(2, 10),
            fixed_price=True,
        )
        ew = self.vendor(
            "Enviro Waste Services Pty Ltd",
            "waste",
            "shared",
            "EW",
            "auto",
            upload="edi",
            lam=300,
            width=8,
            lag=(2, 8),
        )
        pg = self.vendor(
            "Pest Guard Australia Pty Ltd",
            "pest",
            "shared",
            "PG",
            "week",
            lam=8,
            width=6,
            lag=(3, 12),
            fixed_price=True,
            sparse=True,
        )
        fs = self.vendor(
            "FireSafe Essential Services Pty Ltd",
            "fire",
            "shared",
            "FS",
            "week",
            lam=10,
            width=6,
            lag=(3, 12),
            fixed_price=True,
            sparse=True,
        )
        for s in SITES:
            for d in self.weekly(4):
                d = self.fit(d, ln_)
                self.add(
                    ln_,
                    s.code,
                    "5400",
                    d,
                    self.ln(s.beds * 19 * infl(d), 0.1),
                    1.0,
                    f"Linen hire & laundry - {s.town}",
                    1,
                )
            fee = round(s.beds * r.uniform(55, 70), -1)
            for d in self.monthly(0):
                f = fee * (1.0, 1.038, 1.073)[fy_index(d)]
                self.add(
                    cl,
                    s.code,
                    "5410",
                    d,
                    round(f, 0),
                    1.0,
                    f"Contract cleaning {d:%B %Y} - {s.town}",
                    0,
                    {"fixed"},
                )
            for d in self.monthly(0):
                self.add(
                    ew,
                    s.code,
                    "5420",
                    d,
                    self.ln(s.beds * 8.5 * infl(d), 0.14),
                    1.0,
                    f"Waste & recycling collections {d:%b %Y}",
                    2,
                )
        for y, m in months(GEN_START, LEDGER_END):
            if m in (2, 5, 8, 11):
                d = nth_weekday(y, m, 1, 2)
                for s in SITES:
                    self.add(
                        pg,
                        s.code,
                        "5430",
                        d,
                        (350, 365, 380)[fy_index(d)],
                        1.0,
                        f"Quarterly pest inspection - {s.town}",
                        0,
                        {"fixed"},
                    )
            if m in (3, 6, 9, 12):
                d0 = nth_weekday(y, m, 0, 2)
                for i, s in enumerate(SITES):
                    d = self.fit(d0 + timedelta(days=i // 2), fs)
                    self.add(
                        fs,
                        s.code,
                        "5620",
                        d,
                        (1320, 1375, 1430)[fy_index(d)],
                        1.0,
                        f"Quarterly ESM inspection - {s.town}",
                        0,
                        {"fixed"},
                    )
        lift = self.vendor(
            "Apex Lift Services Pty Ltd",
            "lifts",
            "shared",
            "ALS",
            "week",
            lam=12,
            width=6,
            lag=(3, 12),
        )
        for s in SITES:
            if not s.lifts:
                continue
            for y, m in months(GEN_START, LEDGER_END):
                if m in (1, 4, 7, 10):
                    d = self.fit(date(y, m, 3), lift)
                    self.add(
                        lift,
                        s.code,
                        "5610",
                        d,
                        (2450, 2550, 2650)[fy_index(d)],
                        1.0,
                        "Quarterly lift maintenance",
                        0,
                        {"fixed"},
                    )
            for d in self.events(0.12, "adhoc"):
                self.add(
                    lift,
                    s.code,
                    "5610",
                    self.fit(d, lift),
                    self.ln(880, 0.45),
                    1.0,
                    "Lift call-out",
                    1,
                )

    def gen_utilities(self) -> None:
        r = self.rng
        el = self.vendor(
            "Bright Grid Energy Pty Ltd",
            "electricity",
            "shared",
            "",
            "auto",
            pay="BPAY",
            upload="edi",
            lam=20000,
            width=10,
            lag=(2, 8),
        )
        gas = self.vendor(
            "Victorian Gas Retail Pty Ltd",
            "gas",
            "shared",
            "G",
            "auto",
            pay="BPAY",
            upload="edi",
            lam=3000,
            width=9,
            lag=(2, 8),
        )
        tel = self.vendor(
            "Telnet Business Pty Ltd",
            "telco",
            "shared",
            "TB",
            "auto",
            pay="DD",
            upload="edi",
            lam=5000,
            width=9,
            lag=(2, 8),
            fixed_price=False,
        )
        elec_season = {1: 1.35, 2: 1.35, 3: 1.1, 6: 1.15, 7: 1.25, 8: 1.2, 12: 1.2}
        gas_season = {5: 1.4, 6: 2.2, 7: 2.4, 8: 2.1, 9: 1.4, 10: 0.9, 4: 0.9}
        for code, beds in [(s.code, s.beds) for s in SITES] + [("HQ", 30)]:
            bday = r.randint(1, 28)
            for d in self.monthly(bday):
                f = elec_season.get(d.month, 1.0)
                tags: set[str] = set()
                if r.random() < 0.03:
                    f *= r.uniform(2.5, 3.4)
                    tags.add("catchup")
                self.add(
                    el,
                    code,
                    "5500",
                    d,
                    self.ln(beds * 38 * f * infl(d), 0.07),
                    1.0,
                    "Electricity"
                    + (" - catch-up bill after estimated reads" if tags else f" {d:%b %Y}"),
                    2,
                    tags,
                )
            if code == "HQ":
                continue
            gday = r.randint(1, 28)
            for d in self.monthly(gday):
                f = gas_season.get(d.month, 0.7)
                self.add(
                    gas,
                    code,
                    "5510",
                    d,
                    self.ln(beds * 14 * f * infl(d), 0.1),
                    1.0,
                    f"Gas {d:%b %Y}",
                    2,
                )
        water = [
            "Yarra Ranges Water",
            "Western Metro Water",
            "Bayside Peninsula Water",
            "Barwon Region Water",
            "Central Highlands Region Water",
            "Loddon Region Water",
            "Goulburn Region Water",
            "Gippsland Region Water",
            "South West Region Water",
            "Lower Murray Region Water",
        ]
        for s, wname in zip(SITES, water, strict=True):
            v = self.vendor(
                wname,
                "water",
                "utility",
                f"{r.randint(10**9, 10**10 - 1)}",
                "auto",
                pay="BPAY",
                upload="ap",
                metro=s.metro,
                lag=(3, 14),
                sparse=True,
            )
            v.start_seq = r.randint(20, 80)
            wday = r.randint(5, 25)
            for y, m in months(GEN_START, LEDGER_END):
                if m % 3 == (s.beds % 3):
                    d = date(y, m, wday)
                    self.add(
                        v,
                        s.code,
                        "5520",
                        d,
                        self.ln(s.beds * 40 * infl(d), 0.12),
                        0,
                        f"Water & sewerage quarterly account - {s.town}",
                        0,
                    )
        for d in self.monthly(15):
            self.add(
                tel,
                "HQ",
                "5530",
                d,
                self.ln(5100 * infl(d), 0.04),
                1.0,
                f"Mobile, data & NBN services {d:%b %Y}",
                0,
            )

    def gen_trades(self) -> None:
        r = self.rng
        specs = [
            # name, sites, per week per site, routine median, project p, upload, metro, cup, st
            (
                "Metro Plumbing & Drainage Pty Ltd",
                ["F01", "F02", "F03", "HQ"],
                0.45,
                620,
                0.03,
                "ap",
                True,
                False,
                "shared",
            ),
            (
                "Goldfields Plumbing & Gas",
                ["F05", "F06"],
                0.5,
                540,
                0.03,
                "ap",
                False,
                True,
                "simple",
            ),
            (
                "Coastal Plumbing Services",
                ["F04", "F09"],
                0.45,
                560,
                0.03,
                "site",
                False,
                True,
                "simple",
            ),
            ("Northern Plumbing Co", ["F07", "F10"], 0.45, 520, 0.03, "site", False, True, "own"),
            ("Latrobe Valley Plumbing", ["F08"], 0.45, 500, 0.03, "site", False, False, "own"),
            (
                "Sparks Electrical Contractors Pty Ltd",
                ["F01", "F02", "F03", "F04", "HQ"],
                0.4,
                680,
                0.04,
                "ap",
                True,
                False,
                "shared",
            ),
            (
                "Regional Electrical Services Pty Ltd",
                ["F05", "F06", "F07", "F08", "F09", "F10"],
                0.35,
                640,
                0.04,
                "ap",
                False,
                True,
                "fyear",
            ),
            (
                "Climate Control HVAC Pty Ltd",
                [s.code for s in SITES],
                0.25,
                900,
                0.06,
                "ap",
                True,
                False,
                "shared",
            ),
            (
                "SecureLock Locksmiths",
                [s.code for s in SITES],
                0.1,
                260,
                0.0,
                "site",
                True,
                False,
                "simple",
            ),
            (
                "Premier Painting Group Pty Ltd",
                [s.code for s in SITES],
                0.06,
                1800,
                0.25,
                "ap",
                True,
                False,
                "simple",
            ),
            (
                "FloorTech Commercial Flooring Pty Ltd",
                [s.code for s in SITES],
                0.05,
                2400,
                0.3,
                "ap",
                True,
                False,
                "shared",
            ),
            (
                "Handy Hands Maintenance",
                ["F01", "F02", "F03"],
                0.35,
                380,
                0.0,
                "site",
                True,
                False,
                "own",
            ),
            (
                "Bendigo Building & Maintenance Pty Ltd",
                ["F06", "F07", "F10"],
                0.2,
                1100,
                0.1,
                "ap",
                False,
                True,
                "period",
            ),
        ]
        for name, sites, rate, med, pproj, upload, metro, cup, style in specs:
            v = self.vendor(
                name,
                "trades",
                style,
                "" if style == "simple" else "INV-",
                "week",
                upload=upload,
                metro=metro,
                cup_open=cup,
                lam=r.uniform(0.5, 4),
                width=5,
                lag=(3, 18),
                adhoc=True,
                pay="EFT",
            )
            if style == "period":
                v.prefix = "BBM"
            start, end = GEN_START, LEDGER_END
            if name == "Northern Plumbing Co":
                end = date(2024, 2, 29)
            self.gen_trade_stream(v, sites, rate, med, pproj, start, end)
        mv = self.vendor(
            "Murray Valley Plumbing Pty Ltd",
            "trades",
            "simple",
            "MVP",
            "week",
            upload="site",
            metro=False,
            cup_open=True,
            lam=1.5,
            width=5,
            lag=(3, 18),
            adhoc=True,
            role="new",
        )
        self.gen_trade_stream(mv, ["F07", "F10"], 0.45, 540, 0.03, date(2024, 3, 4), LEDGER_END)
        # progress claims on two capital projects a year
        bb = self.vendors["Bendigo Building & Maintenance Pty Ltd"]
        for y in (2022, 2023, 2024):
            for _ in range(2):
                code = r.choice(["F06", "F07", "F10"])
                value = r.uniform(60000, 140000)
                d = date(y, r.randint(8, 11), r.randint(1, 28))
                for part in (0.3, 0.4, 0.3):
                    d = self.fit(d, bb)
                    self.add(
                        bb,
                        code,
                        "1510",
                        d,
                        value * part,
                        1.0,
                        f"Progress claim - {SITE[code].town} courtyard upgrade",
                        0,
                        {"project"},
                    )
                    d += timedelta(days=r.randint(28, 45))
        ro = self.vendor(
            "Rapid Restore Pty Ltd",
            "trades",
            "simple",
            "RR",
            "247",
            lam=3,
            width=5,
            lag=(5, 15),
            role="oneoff",
        )
        self.add(
            ro,
            "F03",
            "5600",
            date(2024, 2, 11),
            16773.27,
            1.0,
            "Emergency water extraction & drying after storm - Frankston",
            0,
            {"project"},
        )
        self.add(
            ro,
            "F03",
            "5600",
            date(2024, 2, 22),
            5647.27,
            1.0,
            "Dehumidifier hire & make-good - Frankston",
            0,
            {"project"},
        )

    def gen_trade_stream(
        self,
        v: Vendor,
        sites: list[str],
        rate: float,
        med: float,
        pproj: float,
        start: date,
        end: date,
    ) -> None:
        r = self.rng
        for code in sites:
            town = CC_NAMES[code].split(" ", 1)[1]
            for d in self.events(rate, "adhoc", start, end):
                tags: set[str] = set()
                if r.random() < 0.02:
                    d = d + timedelta(days=(5 - d.weekday()) % 7)  # Saturday call-out
                    tags.add("callout")
                else:
                    d = self.fit(d, v)
                acct = "5600" if v.name.find("HVAC") < 0 else "5610"
                given = False
                if r.random() < pproj:
                    amt = min(60000.0, max(4000.0, self.ln(11000, 0.55)))
                    tags.add("project")
                    if r.random() < 0.15:
                        acct = "1510"
                    desc = f"Works as quoted - {town}"
                else:
                    amt = min(self.ln(med * infl(d), 0.6), med * 4)
                    desc = f"{'Emergency call-out' if tags else 'Repairs'} - {town}"
                    if r.random() < 0.08:
                        amt = max(100.0, round(amt * 1.1, -2))
                        given = True
                        tags.add("quote")
                        desc = f"Fixed-price quote - {town}"
                self.add(v, code, acct, d, amt, 1.0, desc, 1, tags, total_given=given)

    def gen_allied_homecare(self) -> None:
        r = self.rng
        ap = self.vendor(
            "ActivePhysio Aged Care Pty Ltd",
            "allied",
            "shared",
            "AP",
            "week",
            lam=30,
            width=6,
            lag=(3, 12),
        )
        pod = self.vendor(
            "Foot Health Podiatry Services", "allied", "own", "FHP", "week", width=4, lag=(3, 15)
        )
        for s in SITES:
            for y, m in months(GEN_START, LEDGER_END):
                d = self.fit(month_end(y, m) - timedelta(days=2), ap)
                visits = round(s.beds * r.uniform(0.75, 1.0))
                rate = (78, 82, 86)[fy_index(d)]
                self.add(
                    ap,
                    s.code,
                    "5700",
                    d,
                    visits * rate,
                    0,
                    f"Physiotherapy {visits} consults @ {rate}.00 - {s.town}",
                    2,
                    {"perunit"},
                )
                visits = round(s.beds * r.uniform(0.3, 0.45))
                rate = (58, 61, 64)[fy_index(d)]
                d = self.fit(month_end(y, m) - timedelta(days=r.randint(0, 6)), pod)
                self.add(
                    pod,
                    s.code,
                    "5700",
                    d,
                    visits * rate,
                    0,
                    f"Podiatry {visits} treatments @ {rate}.00 - {s.town}",
                    2,
                    {"perunit"},
                )
        for name, rate, cc_list, start in [
            ("Nourish Dietetics", 150, ["F01", "F06"], GEN_START),
            ("Speak Easy Speech Pathology", 160, ["F02", "F05"], GEN_START),
            ("Coastline Allied Health", 155, ["HC-B", "HC-G"], date(2023, 8, 1)),
        ]:
            v = self.vendor(
                name,
                "allied",
                "own",
                "",
                "week",
                width=4,
                lag=(3, 15),
                role="new" if start > GEN_START else "",
            )
            for code in cc_list:
                for d in self.monthly(0, start):
                    hours = r.randint(16, 44) / 2
                    self.add(
                        v,
                        code,
                        "5700",
                        self.fit(d, v),
                        hours * rate,
                        0,
                        f"{hours:g} hours clinical services @ {rate}.00",
                        2,
                        {"perunit"},
                    )
        subs = [
            ("Helping Hands Home Services", ["HC-E", "HC-W"], 66, 70, "own"),
            ("Green Thumb Gardening Services", ["HC-E"], 62, 30, "own"),
            ("Westside Domestic Assist", ["HC-W"], 64, 38, "own"),
            ("Bellarine Home Support", ["HC-B"], 65, 45, "own"),
            ("Surf Coast Care Services", ["HC-B"], 68, 35, "simple"),
            ("Gippsland Community Carers", ["HC-G"], 66, 55, "own"),
            ("Latrobe Home Help", ["HC-G"], 63, 30, "own"),
            ("Eastern Personal Care Pty Ltd", ["HC-E"], 72, 80, "shared"),
            (
                "In-Home Nursing Partners Pty Ltd",
                ["HC-E", "HC-W", "HC-B", "HC-G"],
                98,
                25,
                "shared",
            ),
            ("Yarra Gardens & Maintenance", ["HC-E", "HC-W"], 60, 25, "own"),
        ]
        for name, regions, rate, hours, style in subs:
            metro = HC_REGIONS[regions[0]][1]
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            v = self.vendor(
                name,
                "homecare",
                style,
                "" if style != "shared" else initials,
                "week",
                metro=metro,
                lam=r.uniform(0.5, 3),
                width=5,
                lag=(2, 12),
            )
            for reg in regions:
                off = r.randint(0, 13)
                d = GEN_START + timedelta(days=off)
                while d <= LEDGER_END:
                    if r.random() < 0.93 * min(1.0, self.density):
                        h = self.ln(hours, 0.22)
                        amt = round(h * 4) / 4 * rate
                        self.add(
                            v,
                            reg,
                            "5710",
                            self.fit(d, v),
                            amt,
                            0,
                            f"Home-care services fortnight to {d.isoformat()}",
                            1,
                            {"perunit"},
                        )
                    d += timedelta(days=14)
        ct = self.vendor(
            "Community Transport Co-op Ltd",
            "transport",
            "shared",
            "CT",
            "week",
            lam=2,
            width=5,
            lag=(3, 12),
        )
        for reg in HC_REGIONS:
            for d in self.events(0.5):
                self.add(
                    ct,
                    reg,
                    "6100",
                    self.fit(d, ct),
                    self.ln(880, 0.35),
                    0,
                    "Client transport trips",
                    1,
                )
        amb = self.vendor(
            "Ambulink Non-Emergency Transport Pty Ltd",
            "transport",
            "shared",
            "ANT",
            "247",
            lam=40,
            width=6,
            lag=(3, 12),
        )
        for s in SITES:
            for d in self.events(0.3):
                self.add(
                    amb,
                    s.code,
                    "6100",
                    d,
                    self.ln(520, 0.5),
                    0,
                    f"Resident transfers - {s.town}",
                    1,
                )
        taxi = self.vendor(
            "FareWay Taxi Accounts Pty Ltd",
            "transport",
            "shared",
            "FW",
            "auto",
            pay="DD",
            lam=900,
            width=8,
            lag=(2, 8),
        )
        for reg in HC_REGIONS:
            for d in self.monthly(0):
                self.add(taxi, reg, "6100", d, self.ln(590, 0.3), 1.0, f"Taxi account {d:%b %Y}", 2)

    def gen_corporate(self) -> None:
        r = self.rng
        # IT
        cv = self.vendor(
            "CareVault Systems Pty Ltd",
            "it",
            "shared",
            "CV-",
            "auto",
            lam=6,
            width=6,
            lag=(2, 8),
            fixed_price=True,
        )
        for d in self.monthly(1):
            self.add(
                cv,
                "HQ",
                "5800",
                d,
                (13200, 13860, 14400)[fy_index(d)],
                1.0,
                f"Care management platform subscription {d:%B %Y}",
                0,
                {"fixed"},
            )
        rp = self.vendor(
            "RosterPro Workforce Software Pty Ltd",
            "it",
            "shared",
            "RP",
            "auto",
            pay="DD",
            lam=15,
            width=6,
            lag=(2, 8),
        )
        for d in self.monthly(1):
            heads = 1120 + (d - GEN_START).days // 12 + r.randint(-15, 15)
            self.add(
                rp,
                "HQ",
                "5800",
                d,
                heads * 9.5,
                1.0,
                f"Rostering & payroll software - {heads} employees",
                0,
            )
        cl = self.vendor(
            "Cloudline IT Solutions Pty Ltd",
            "it",
            "shared",
            "CIT",
            "week",
            lam=5,
            width=6,
            lag=(2, 10),
        )
        for d in self.monthly(1):
            self.add(
                cl,
                "HQ",
                "5800",
                self.fit(d, cl),
                (7150, 7480, 7810)[fy_index(d)],
                1.0,
                f"Microsoft 365 licences {d:%B %Y}",
                0,
                {"fixed"},
            )
            self.add(
                cl,
                "HQ",
                "5800",
                self.fit(d, cl),
                7500,
                1.0,
                f"Managed IT services {d:%B %Y}",
                0,
                {"fixed"},
            )
        for d in self.events(0.35, "adhoc"):
            d = self.fit(d, cl)
            amt = self.ln(1500, 0.7) * (1.8 if d.month == 6 else 1.0)
            acct = "1520" if amt > 5000 else "5810"
            code = r.choice([s.code for s in SITES] + ["HQ"] * 4)
            row = self.add(cl, code, acct, d, amt, 1.0, "Laptops, tablets & accessories", 1)
            self.maybe_credit(row)
        sg = self.vendor(
            "SafeGuard Compliance Software Pty Ltd",
            "it",
            "shared",
            "SGC",
            "auto",
            lam=4,
            width=5,
            lag=(2, 8),
            fixed_price=True,
            role="new",
        )
        for d in self.monthly(5, date(2024, 1, 1)):
            self.add(sg, "HQ", "5800", d, 4500, 1.0, "Compliance & incident platform", 0, {"fixed"})
        atl = self.vendor(
            "Atlas Cloud Inc.",
            "it",
            "shared",
            "ATL-",
            "auto",
            pay="CARD",
            currency="USD",
            lam=3000,
            width=8,
            lag=(3, 15),
            fixed_price=True,
        )
        sen = self.vendor(
            "Sentinel Analytics LLC",
            "it",
            "shared",
            "SA",
            "auto",
            pay="CARD",
            currency="USD",
            lam=200,
            width=7,
            lag=(3, 15),
        )
        com = self.vendor(
            "CommsHub Inc.",
            "it",
            "shared",
            "CH",
            "auto",
            pay="CARD",
            currency="USD",
            lam=500,
            width=7,
            lag=(3, 15),
            fixed_price=True,
            sparse=True,
        )
        kiwi = self.vendor(
            "KiwiCall Nurse Systems Ltd",
            "it",
            "shared",
            "KC",
            "week",
            pay="TT",
            currency="NZD",
            lam=4,
            width=5,
            lag=(3, 15),
        )
        for d in self.monthly(1):
            self.add(atl, "HQ", "5800", d, 2340, 0, "Cloud hosting plan", 0, {"fixed"})
            self.add(sen, "HQ", "5800", d, self.ln(1850, 0.15), 0, "Analytics usage", 0)
            if d.month in (1, 4, 7, 10):
                self.add(
                    kiwi,
                    "HQ",
                    "5610",
                    self.fit(d, kiwi),
                    6480,
                    0,
                    "Nurse-call system maintenance (quarterly)",
                    0,
                    {"fixed"},
                )
            if d.month == 9:
                self.add(
                    com,
                    "HQ",
                    "5800",
                    d,
                    (17400, 18600, 18600)[fy_index(d)],
                    0,
                    "Annual contact-centre licence",
                    0,
                    {"fixed"},
                )
        for d in self.events(0.07):
            self.add(
                kiwi,
                r.choice([s.code for s in SITES]),
                "5610",
                self.fit(d, kiwi),
                self.ln(2300, 0.5),
                0,
                "Nurse-call handsets & parts",
                1,
            )
        # insurance
        hb = self.vendor(
            "Harbourside Insurance Brokers Pty Ltd",
            "insurance",
            "shared",
            "HIB",
            "week",
            lam=25,
            width=6,
            lag=(3, 12),
            sparse=True,
        )
        policies = [
            ("Industrial special risks", 182000),
            ("Public & products liability", 96500),
            ("Medical malpractice & PI", 61200),
            ("Motor fleet", 44800),
            ("Directors & officers", 24600),
            ("Cyber", 31900),
        ]
        for y in (2022, 2023, 2024):
            d = self.fit(date(y, 7, 4), hb)
            for pname, prem in policies:
                p = prem * (1.09 ** (y - 2022)) * r.uniform(0.97, 1.05)
                gst = p * 0.1
                total = p + gst + (p + gst) * 0.1  # stamp duty 10 % on premium + GST
                self.add(
                    hb,
                    "HQ",
                    "5900",
                    d,
                    total,
                    gst / total * 11,
                    f"{pname} renewal {y}/{y + 1 - 2000}",
                    0,
                    total_given=True,
                )
            for _ in range(r.randint(1, 3)):
                d2 = self.fit(date(y + r.randint(0, 1), r.randint(1, 12), r.randint(1, 28)), hb)
                if LEDGER_START <= d2 <= LEDGER_END:
                    self.add(
                        hb,
                        "HQ",
                        "5900",
                        d2,
                        self.ln(2800, 0.6),
                        1.0,
                        "Mid-term endorsement - vehicle additions",
                        0,
                    )
        wc = self.vendor(
            "WorkCover Agent Services (Vic)",
            "insurance",
            "shared",
            "WC",
            "week",
            pay="BPAY",
            lam=400,
            width=8,
            lag=(3, 12),
            sparse=True,
        )
        for y, m in months(GEN_START, LEDGER_END):
            if m in (8, 11, 2, 5):
                d = self.fit(date(y, m, 15), wc)
                self.add(
                    wc,
                    "HQ",
                    "5900",
                    d,
                    103250 * infl(d) * r.uniform(0.98, 1.02),
                    0,
                    "WorkCover premium instalment",
                    0,
                )
        # leases and rent
        hq = self.vendor(
            "Whitehorse Commercial Property Trust",
            "rent",
            "own",
            "WCP-",
            "auto",
            width=5,
            lag=(1, 6),
            fixed_price=True,
            fee_based=True,
        )
        reit = self.vendor(
            "Aged Care Property Partners REIT",
            "rent",
            "shared",
            "ACPP",
            "auto",
            lam=3,
            width=6,
            lag=(1, 6),
            fixed_price=True,
            fee_based=True,
        )
        st = self.vendor(
            "Dandenong Storage & Logistics Pty Ltd",
            "rent",
            "simple",
            "DSL",
            "auto",
            lam=2,
            width=5,
            lag=(2, 10),
            fixed_price=True,
            fee_based=True,
        )
        res = self.vendor(
            "Sunraysia Property Rentals",
            "rent",
            "own",
            "SPR",
            "auto",
            width=4,
            metro=False,
            lag=(2, 10),
            fixed_price=True,
            fee_based=True,
        )
        for d in self.monthly(1):
            k = fy_index(d)
            for v, code, base, inc, desc in [
                (hq, "HQ", 38500, 1.04, "Head office rent"),
                (reit, "F02", 96250, 1.03, "Facility lease - Footscray"),
                (reit, "F08", 71500, 1.03, "Facility lease - Traralgon"),
            ]:
                tags = {"fixed"}
                post = None
                if r.random() < 0.3:
                    tags.add("prebill")
                    post = d - timedelta(days=r.randint(2, 6))
                    while not office_open(post):
                        post -= DAY
                self.add(
                    v,
                    code,
                    "5910",
                    d,
                    round(base * inc**k, 2),
                    1.0,
                    f"{desc} {d:%B %Y}",
                    0,
                    tags,
                    post=post,
                )
            self.add(st, "HQ", "5910", d, 1800, 1.0, "Storage unit rent", 0, {"fixed"})
            for code in ("F09", "F10"):
                self.add(
                    res,
                    code,
                    "5910",
                    d,
                    2253.33 if k < 2 else 2383.33,
                    0,
                    "Rent - agency staff house",
                    0,
                    {"fixed", "input"},
                )
        for y, m in months(GEN_START, LEDGER_END):
            if m in (1, 4, 7, 10):
                self.add(
                    hq,
                    "HQ",
                    "5910",
                    date(y, m, 10),
                    self.ln(9800, 0.1),
                    1.0,
                    "Outgoings recovery (quarterly)",
                    0,
                )
        fl = self.vendor(
            "FleetWise Leasing Pty Ltd",
            "vehicles",
            "shared",
            "FWL",
            "auto",
            pay="DD",
            lam=50,
            width=7,
            lag=(2, 8),
            fixed_price=True,
        )
        fuel = self.vendor(
            "FuelLink Cards Pty Ltd",
            "vehicles",
            "shared",
            "FL",
            "auto",
            pay="DD",
            upload="edi",
            lam=2000,
            width=8,
            lag=(2, 8),
        )
        for d in self.monthly(1):
            amt = (
                17038.50
                if d < date(2023, 11, 1)
                else (18120.40 if d < date(2024, 8, 1) else 19544.10)
            )
            self.add(fl, "HQ", "5920", d, amt, 1.0, "Home-care fleet lease rentals", 0, {"fixed"})
            self.add(
                fuel,
                "HQ",
                "5920",
                d,
                self.ln(6700 * infl(d), 0.12),
                1.0,
                "Fuel cards - home-care fleet",
                2,
            )
        # professional services
        qp = self.vendor(
            "Quality Pathways Consulting Pty Ltd",
            "consultant",
            "simple",
            "QP",
            "week",
            lam=0.3,
            width=4,
            lag=(3, 12),
            fee_based=True,
        )
        for d in self.monthly(1, GEN_START, date(2024, 6, 30)):
            self.add(
                qp,
                "HQ",
                "6000",
                self.fit(d, qp),
                3000,
                1.0,
                "Quality & accreditation advisory retainer",
                0,
                {"fixed", "fee"},
            )
        for d in self.events(0.12):
            code = r.choice([s.code for s in SITES])
            self.add(
                qp,
                code,
                "6000",
                self.fit(d, qp),
                4000,
                1.0,
                f"Mock accreditation audit - {SITE[code].town}",
                0,
                {"fee"},
            )
        pin = self.vendor(
            "Pinnacle Governance Advisory",
            "consultant",
            "simple",
            "PGA",
            "week",
            lam=0.2,
            width=4,
            lag=(3, 12),
            fee_based=True,
            role="new",
        )
        for d, amt in [
            (date(2023, 9, 29), 15000),
            (date(2023, 12, 15), 20000),
            (date(2024, 3, 22), 10000),
        ]:
            self.add(
                pin,
                "HQ",
                "6000",
                self.fit(d, pin),
                amt,
                1.0,
                "Board governance review - milestone",
                0,
                {"fee"},
            )
        hrp = self.vendor(
            "HR Partners Victoria Pty Ltd",
            "consultant",
            "simple",
            "HRP",
            "week",
            lam=0.5,
            width=4,
            lag=(3, 12),
            fee_based=True,
        )
        for d in self.events(0.2):
            days = r.randint(1, 6)
            self.add(
                hrp,
                "HQ",
                "6000",
                self.fit(d, hrp),
                days * 1800,
                1.0,
                f"Workplace relations advice - {days} day(s)",
                0,
                {"fee", "perunit"},
            )
        aud = self.vendor(
            "Ledger & Co Chartered Accountants",
            "audit",
            "shared",
            "L&C",
            "week",
            lam=3,
            width=5,
            lag=(3, 12),
            fee_based=True,
            sparse=True,
        )
        for y in (2022, 2023, 2024):
            k = y - 2022
            self.add(
                aud,
                "HQ",
                "6010",
                self.fit(date(y, 10, 14), aud),
                45000 + 2500 * k,
                1.0,
                f"Statutory audit FY{y - 2000}",
                0,
                {"fee"},
            )
            self.add(
                aud,
                "HQ",
                "6010",
                self.fit(date(y + 1, 5, 19), aud),
                15000 + 1000 * k,
                1.0,
                f"Interim audit FY{y - 1999}",
                0,
                {"fee"},
            )
            for mth in (12, 1):
                yy = y if mth == 12 else y + 1
                self.add(
                    aud,
                    "HQ",
                    "6010",
                    self.fit(date(yy, mth, 12), aud),
                    3500,
                    1.0,
                    "Grant acquittal audit",
                    0,
                    {"fee"},
                )
        legal = self.vendor(
            "Collins Street Legal", "legal", "shared", "CSL", "week", lam=4, width=6, lag=(5, 20)
        )
        for d in self.events(0.28):
            self.add(
                legal,
                "HQ",
                "6020",
                self.fit(d, legal),
                self.ln(6200, 0.8),
                1.0,
                "Professional fees - matter",
                0,
            )
        bp = self.vendor(
            "Brightpath Training Institute",
            "training",
            "simple",
            "BTI",
            "week",
            lam=1,
            width=5,
            lag=(3, 12),
            fee_based=True,
        )
        for d in self.events(0.25):
            heads = r.randint(2, 16)
            fee = r.choice((350, 495, 220))
            self.add(
                bp,
                r.choice([s.code for s in SITES]),
                "6300",
                self.fit(d, bp),
                heads * fee,
                1.0,
                f"Training course - {heads} staff",
                0,
                {"perunit", "fee"},
            )
        pb = self.vendor(
            "Aged & Community Care Victoria Inc.",
            "membership",
            "simple",
            "ACV",
            "week",
            lam=2,
            width=5,
            lag=(3, 12),
            fee_based=True,
            sparse=True,
        )
        for y in (2022, 2023, 2024):
            self.add(
                pb,
                "HQ",
                "6300",
                self.fit(date(y, 7, 11), pb),
                11500 + 500 * (y - 2022),
                1.0,
                "Annual membership subscription",
                0,
                {"fee", "fixed"},
            )
        bw = self.vendor(
            "Brightside Wellbeing Consulting",
            "consultant",
            "simple",
            "BW",
            "week",
            lam=0.3,
            width=4,
            lag=(3, 12),
        )
        for d in self.events(0.14):
            hours = r.randint(4, 12)
            self.add(
                bw,
                "HQ",
                "6000",
                self.fit(d, bw),
                hours * 220,
                1.0,
                f"Employee wellbeing sessions - {hours} hours",
                0,
                {"perunit"},
            )
        # office, uniforms, printing, couriers
        oh = self.vendor(
            "OfficeHub Supplies Pty Ltd",
            "office",
            "shared",
            "OH",
            "week",
            lam=600,
            width=8,
            lag=(2, 10),
        )
        for d in self.events(0.5, "adhoc"):
            row = self.add(
                oh, "HQ", "6200", self.fit(d, oh), self.ln(420, 0.5), 1.0, "Stationery & toner", 1
            )
            self.maybe_credit(row)
        for s in SITES:
            for d in self.events(0.22, "adhoc"):
                self.add(
                    oh, s.code, "6200", self.fit(d, oh), self.ln(180, 0.5), 1.0, "Stationery", 1
                )
        un = self.vendor(
            "Uniform Solutions Pty Ltd",
            "uniforms",
            "shared",
            "US",
            "week",
            lam=20,
            width=6,
            lag=(3, 12),
        )
        for d in self.events(0.3):
            self.add(
                un,
                r.choice([s.code for s in SITES]),
                "6210",
                self.fit(d, un),
                self.ln(1600, 0.45),
                1.0,
                "Staff uniforms",
                2,
            )
        pw = self.vendor(
            "PrintWorks Melbourne", "office", "simple", "PW", "week", lam=2, width=5, lag=(3, 12)
        )
        for d in self.events(0.2, "adhoc"):
            self.add(
                pw,
                "HQ",
                "6200",
                self.fit(d, pw),
                self.ln(900, 0.6),
                1.0,
                "Printing - brochures & forms",
                1,
            )
        rc = self.vendor(
            "Rapid Couriers Pty Ltd", "office", "shared", "RC", "auto", lam=300, width=7, lag=(2, 8)
        )
        for d in self.monthly(0):
            self.add(rc, "HQ", "6110", d, self.ln(620, 0.2), 1.0, f"Courier account {d:%b %Y}", 2)

    def maybe_credit(self, row: Row) -> None:
        r = self.rng
        if r.random() < 0.012:
            d = self.fit(row.inv + timedelta(days=r.randint(3, 20)), row.vendor)
            c = self.add(row.vendor, row.site, row.account, d, 0, 0, "", row.thin, {"credit"})
            part = r.uniform(0.1, 0.6)
            c.net, c.tax = -int(row.net * part), -int(row.tax * part)
            c.tax_code, c.link = row.tax_code, row
            c.desc = "Credit note - returned / short-delivered goods"

    # ------------------------------------------------------------------ size control
    def thin_to(self, added: int) -> None:
        fixed = [x for x in self.rows if x.thin == 0]
        pool_a = [i for i, x in enumerate(self.rows) if x.thin == 1]
        pool_b = [i for i, x in enumerate(self.rows) if x.thin == 2]
        need = self.target - len(fixed) - added
        if need < 200:
            raise SystemExit(
                f"--rows {self.target} is too small for this ledger "
                f"(fixed part {len(fixed) + added} rows)"
            )
        a, b = len(pool_a), len(pool_b)
        # frequent streams are thinned first; monthly ones three times less
        keep_b = b if need >= a / 3 + b else min(b, round(3 * need / (a + 3 * b) * b))
        keep_a = min(a, need - keep_b)
        keep = set(self.rng.sample(pool_a, keep_a)) | set(self.rng.sample(pool_b, keep_b))
        self.rows = [x for i, x in enumerate(self.rows) if x.thin == 0 or i in keep]

    def build(self) -> None:
        for attempt in range(4):
            self.rows, self.vendors = [], {}
            self.rng = random.Random(self.seed * 1000 + attempt)
            self.natural()
            natural_kept = [x for x in self.rows if x.post >= LEDGER_START]
            pool = sum(1 for x in natural_kept if x.thin)
            fixed = len(natural_kept) - pool
            need = self.target - fixed - round(650 * self.scale) - 80
            if pool >= need * 1.02:
                break
            self.density *= need * 1.1 / max(pool, 1)
        self.rows = [x for x in self.rows if x.post >= LEDGER_START]
        inj = Injector(self)
        inj.pre_numbering()
        planned = inj.post_added_planned()
        pre = [x for x in self.rows if x.inj or "preadd" in x.tags]
        natural = [x for x in self.rows if not (x.inj or "preadd" in x.tags)]
        self.rows = natural
        self.thin_to(len(pre) + planned)
        self.rows.extend(pre)
        inj.credit_rebill()
        self.assign_numbers()
        inj.post_numbering()
        self.assign_people()
        finalize_labels(self)
        self.order()
        if len(self.rows) != self.target:
            sys.stderr.write(f"warning: {len(self.rows)} rows instead of {self.target}\n")

    # ------------------------------------------------------------------ numbers & people
    def fmt(self, v: Vendor, seq: int, d: date) -> str:
        if v.style == "period":
            return f"{v.prefix}{d:%y%m}-{seq:04d}"
        if v.style == "fyear":
            fy = d.year + (1 if d.month >= 7 else 0) - 2000
            return f"{v.prefix}{fy:02d}-{seq:05d}"
        if v.style == "own":
            return f"{v.prefix}{seq:0{v.width}d}" if v.prefix else f"{seq:0{v.width}d}"
        return f"{v.prefix}{seq:0{v.width}d}" if v.prefix else str(seq)

    def poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, round(self.rng.gauss(lam, math.sqrt(lam))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    def assign_numbers(self) -> None:
        r = self.rng
        by_vendor: dict[str, list[Row]] = defaultdict(list)
        for i, x in enumerate(self.rows):
            x.key = i
            by_vendor[x.vendor.name].append(x)
        for name, rows in by_vendor.items():
            v = self.vendors[name]
            rows.sort(key=lambda x: (x.inv, x.site, x.key))
            seq, prev = v.start_seq, None
            cn_seq = r.randint(100, 900)
            utility_seq: dict[str, int] = {}
            period = None
            for x in rows:
                if "copyof" in x.tags:
                    continue
                if "credit" in x.tags and x.number == "":
                    cn_seq += 1 + (self.poisson(v.lam / 20 * 7) if v.lam else 0)
                    x.number = f"CN{cn_seq:05d}"
                    continue
                if "rebill_r" in x.tags and x.link is not None:
                    x.number = f"{x.link.number}-R"
                    continue
                if v.style == "utility":
                    n = utility_seq.get(x.site, v.start_seq) + 1
                    utility_seq[x.site] = n
                    x.seq, x.number = n, f"{v.prefix}-{n:03d}"
                    continue
                if v.style in ("period", "fyear"):
                    key = (x.inv.year, x.inv.month) if v.style == "period" else fy_index(x.inv)
                    if key != period:
                        period = key
                        day = (
                            x.inv.day
                            if v.style == "period"
                            else (x.inv - date(x.inv.year - (x.inv.month < 7), 7, 1)).days
                        )
                        seq = 1 + self.poisson(v.lam * day)
                        x.tags.add("period_start")
                    else:
                        seq += 1 + self.poisson(v.lam * (x.inv - prev).days if prev else 0)
                elif v.style in ("shared", "simple"):
                    gap = (x.inv - prev).days if prev else 0
                    seq += 1 + self.poisson(v.lam * gap)
                else:  # own counter: strictly consecutive
                    seq += 1
                prev = x.inv
                x.seq = seq
                x.number = self.fmt(v, seq, x.inv)
        for x in self.rows:
            if "copyof" in x.tags and x.link is not None:
                x.number, x.seq = x.link.number, -1

    def clerk(self, d: date) -> str:
        active = [c for c, a, b in CLERKS if a <= d < b]
        return self.rng.choice(active)

    def approver(self, x: Row, uploader: str) -> str:
        amt = x.aud
        if amt <= 0:
            return ""
        if amt > 25_000_000:
            return CEO
        if amt > 5_000_000:
            return CFO
        if x.site.startswith("HC"):
            return HC_REGIONS[x.site][2] if amt <= 500_000 else HC_GM
        if x.site == "HQ":
            return FIN_MGR
        s = SITE[x.site]
        ops = "k.nguyen2" if s.metro else "p.singh"
        if amt <= LIMIT and uploader != s.manager:
            return s.manager
        return ops

    def assign_people(self) -> None:
        for x in self.rows:
            if x.people_fixed:
                continue
            up = x.vendor.upload
            if up == "edi":
                x.uploaded = "edi.import"
            elif up == "site" and x.site in SITE:
                x.uploaded = SITE[x.site].manager
            else:
                x.uploaded = self.clerk(x.post)
            x.approved = self.approver(x, x.uploaded)

    def order(self) -> None:
        r = self.rng
        for x in self.rows:
            x.key = r.randint(0, 10**9)
        self.rows.sort(key=lambda x: (x.post, x.key))

    def write(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(
                [
                    "document_no",
                    "posting_date",
                    "vendor",
                    "invoice_number",
                    "invoice_date",
                    "description",
                    "cost_centre",
                    "account",
                    "account_name",
                    "currency",
                    "net_amount",
                    "tax_amount",
                    "total_amount",
                    "tax_code",
                    "payment_method",
                    "iban",
                    "uploaded_by",
                    "approved_by",
                ]
            )
            for i, x in enumerate(self.rows, 1):
                v = x.vendor
                bank = v.bank if x.bank is None else x.bank
                pay = v.pay if bank or v.pay != "EFT" else "CARD"
                w.writerow(
                    [
                        f"AP{200000 + i:07d}",
                        x.post.isoformat(),
                        v.name,
                        x.number,
                        x.inv.isoformat(),
                        x.desc,
                        CC_NAMES[x.site],
                        x.account,
                        ACCOUNTS[x.account],
                        v.currency,
                        money(x.net),
                        money(x.tax),
                        money(x.total),
                        x.tax_code,
                        pay,
                        bank,
                        x.uploaded,
                        x.approved,
                    ]
                )

    def write_labels(self, path: Path) -> int:
        n = 0
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["row", "kind", "status", "group", "note"])
            for i, x in enumerate(self.rows, 1):
                for kind in KINDS:
                    if kind in x.labels:
                        st, grp, note = x.labels[kind]
                        w.writerow([i, kind, st, grp, note])
                        n += 1
        return n


# ----------------------------------------------------------------------------- injections
class Injector:
    def __init__(self, led: Ledger) -> None:
        self.led = led
        self.rng = led.rng
        self.used: set[int] = set()
        self.post_planned: dict[str, int] = {}
        self.modified_repeat = False

    def v(self, name: str) -> Vendor:
        return self.led.vendors[name]

    def added(
        self,
        v: Vendor,
        site: str,
        account: str,
        inv: date,
        total: float,
        desc: str,
        kind: str,
        post: date | None = None,
    ) -> Row:
        row = self.led.add(
            v,
            site,
            account,
            inv,
            total,
            1.0 if v.currency == "AUD" else 0,
            desc,
            0,
            {"preadd"},
            total_given=True,
            post=post,
        )
        row.inj.add(kind)
        return row

    def invented_total(self, lo: float, hi: float, round_p: float) -> float:
        r = self.rng
        x = r.uniform(lo, hi)
        if r.random() < round_p:
            return float(round(x, -2))
        if r.random() < 0.5:
            return round(x / 10) * 10 + r.choice((0.0, 5.0))
        return round(x, 2)

    # ------------------------------------------------------------------ before numbering
    def pre_numbering(self) -> None:
        self.fraud_vendor()
        self.collusion()
        self.splits()
        self.clusters()
        self.repeats_added()
        self.backdated()
        self.impostor()
        led = self.led
        self.post_planned = {
            "dup": led.n("dup_exact", 8, 2)
            + led.n("dup_number", 8, 2)
            + led.n("dup_date", 6, 1)
            + led.n("dup_reissue", 4, 1),
            "num": led.n("num_old", 4, 1) + led.n("num_reuse", 2, 1) + led.n("num_alien", 3, 1),
            "rebill": 2 * led.n("rebill", 14, 3),
        }

    def post_added_planned(self) -> int:
        return sum(self.post_planned.values())

    def fraud_vendor(self) -> None:
        led, r = self.led, self.rng
        n = led.n("fraud_rows", 45, 12)
        v = led.vendor(
            "Summit Grounds & Property Services",
            "trades",
            "own",
            "INV-",
            "week",
            metro=False,
            cup_open=True,
            width=4,
            lag=(2, 9),
            role="fraud",
        )
        v.start_seq = 1000
        v.bank = f"BSB 923-100 ACC {r.randint(10**8, 10**9 - 1)}"
        d = date(2023, 9, 4) + timedelta(days=r.randint(0, 30))
        grp = "fraud-vendor"
        firm_benford = False  # settled in finalize_labels (needs 100 rows of the vendor)
        rows = []
        for _ in range(n):
            weekend = r.random() < 0.2
            if weekend:
                inv = d + timedelta(days=(5 + r.randint(0, 1) - d.weekday()) % 7)
            else:
                inv = led.fit(d, v)
            band = r.random()
            if band < 0.3:
                total = round(r.uniform(9500, 9990), -1) + r.choice((0.0, 5.0))
            elif band < 0.75:
                total = self.invented_total(5000, 9400, 0.35)
            else:
                total = self.invented_total(2000, 5000, 0.35)
            desc = r.choice(
                (
                    "Grounds maintenance & mowing",
                    "Minor works - garden beds",
                    "Gutter cleaning & roof inspection",
                    "Fence repairs",
                    "Tree lopping & green waste removal",
                )
            )
            row = self.added(v, "F06", "5600", inv, total, desc + " - Bendigo", "benford")
            rows.append(row)
            label(
                row,
                "benford",
                "firm" if firm_benford else "ambiguous",
                grp,
                "invented amounts of a fictitious vendor",
            )
            if row.total >= BAND_LOW:
                row.inj.add("below_limit")
                label(
                    row,
                    "below_limit",
                    "firm",
                    grp,
                    "fictitious vendor kept under the FM's 10,000 delegation",
                )
                label(row, "threshold_cluster", "ambiguous", grp, "in the 10k band (configured)")
            if row.total % 10000 == 0:
                row.inj.add("round_amount")
                label(row, "round_amount", "firm", grp, "invented round total")
            if is_weekend(row.inv):
                row.inj.add("weekend_date")
                label(row, "weekend_date", "firm", grp, "fictitious invoice dated on a weekend")
            d += timedelta(days=r.randint(6, 16))
        first = min(rows, key=lambda x: x.inv)
        first.inj.add("new_vendor")
        label(first, "new_vendor", "firm", grp, "fictitious vendor set up by a facility manager")
        for x in rows:
            if x is not first and (x.inv - first.inv).days <= 30:
                label(x, "new_vendor", "ambiguous", grp, "early invoice of a fictitious vendor")

    def collusion(self) -> None:
        led, r = self.led, self.rng
        n = led.n("collusion_rows", 40, 10)
        v = self.v("Goldfields Plumbing & Gas")
        v.role = "collusion"
        grp = "collusion-goldfields"
        for x in led.rows:
            if x.vendor is v:
                label(x, "benford", "ambiguous", grp, "genuine row of a vendor with invented rows")
        d = date(2023, 11, 6) + timedelta(days=r.randint(0, 20))
        for _ in range(n):
            inv = led.fit(d, v)
            total = self.invented_total(3000, 9900, 0.15)
            row = self.added(
                v,
                "F05",
                "5600",
                inv,
                total,
                "Hot water system & gas fitting works - Ballarat",
                "benford",
            )
            label(
                row,
                "benford",
                "ambiguous",
                grp,
                "invented amount (plumber colluding with a facility manager)",
                force=True,
            )
            label(row, "amount_outlier", "ambiguous", grp, "inflated well above routine jobs")
            if row.total >= BAND_LOW:
                row.inj.add("below_limit")
                label(row, "below_limit", "firm", grp, "invented invoice kept under 10,000")
                label(row, "threshold_cluster", "ambiguous", grp, "in the 10k band (configured)")
            if row.total % 10000 == 0:
                label(row, "round_amount", "ambiguous", grp, "invented round total of a plumber")
            d += timedelta(days=r.randint(5, 14))

    def splits(self) -> None:
        led, r = self.led, self.rng
        n = led.n("split", 8, 2)
        choices = [
            ("Premier Painting Group Pty Ltd", "5600", "Repainting {w}, stage {i}/{k}"),
            (
                "FloorTech Commercial Flooring Pty Ltd",
                "5600",
                "Vinyl flooring replacement {w}, stage {i}/{k}",
            ),
            ("Climate Control HVAC Pty Ltd", "5610", "Split-system units {w}, part {i}"),
            (
                "Bendigo Building & Maintenance Pty Ltd",
                "5600",
                "Ensuite refurbishment {w}, part {i}",
            ),
            ("Cloudline IT Solutions Pty Ltd", "5810", "Tablets for care staff {w}, batch {i}"),
        ]
        for g in range(n):
            name, acct, tmpl = choices[g % len(choices)]
            v = self.v(name)
            code = r.choice(
                ["F06", "F07", "F10"] if name.startswith("Bendigo") else [s.code for s in SITES]
            )
            total = r.uniform(12000, 38000)
            k = min(4, max(2, math.ceil(total / 9300) + (r.random() < 0.3)))
            total = min(total, k * 9900)
            d0 = date(2022, 8, 1) + timedelta(days=r.randint(0, 1000))
            wing = r.choice(("east wing", "west wing", "north wing", "dementia unit", "south wing"))
            parts = [total / k * r.uniform(0.9, 1.1) for _ in range(k)]
            for i, part in enumerate(parts, 1):
                part = min(part, 9990.0)
                inv = led.fit(d0 + timedelta(days=r.randint(0, 10) if i > 1 else 0), v)
                row = self.added(
                    v,
                    code,
                    acct,
                    inv,
                    round(part, 2),
                    tmpl.format(w=wing, i=i, k=k),
                    "split_purchase",
                )
                label(
                    row,
                    "split_purchase",
                    "firm",
                    f"split-{g + 1:02d}",
                    f"job of {total:,.0f} split into {k} invoices under the FM's delegation",
                )
                row.uploaded, row.approved = led.clerk(row.post), SITE[code].manager
                row.people_fixed = True
                if row.total >= BAND_LOW:
                    label(
                        row,
                        "below_limit",
                        "firm",
                        f"split-{g + 1:02d}",
                        "split part just under 10,000",
                    )
                    label(
                        row,
                        "threshold_cluster",
                        "ambiguous",
                        f"split-{g + 1:02d}",
                        "in the 10k band (configured)",
                    )

    def clusters(self) -> None:
        led, r = self.led, self.rng
        n = led.n("cluster_5k", 10, 5)
        v = self.v("Westside Domestic Assist")
        d = date(2024, 2, 2) + timedelta(days=r.randint(0, 20))
        for _ in range(n):
            inv = led.fit(d, v)
            row = self.added(
                v,
                "HC-W",
                "5710",
                inv,
                round(r.uniform(4720, 4995), 2),
                f"Additional client services fortnight to {inv.isoformat()}",
                "threshold_cluster",
            )
            row.tax_code, row.net, row.tax = "FRE", row.total, 0
            label(
                row,
                "threshold_cluster",
                "firm",
                "cluster-5k",
                "extra invoices just under the coordinator's 5,000 delegation",
            )
            row.uploaded, row.approved, row.people_fixed = led.clerk(row.post), "a.osei", True
            d += timedelta(days=r.randint(12, 20))
        n = led.n("cluster_3k", 8, 5)
        v = self.v("Brightside Wellbeing Consulting")
        d = date(2024, 8, 5) + timedelta(days=r.randint(0, 20))
        for _ in range(n):
            inv = led.fit(d, v)
            row = self.added(
                v,
                "HQ",
                "6000",
                inv,
                round(r.uniform(2860, 2995), 2),
                "Wellbeing program - facilitation",
                "threshold_cluster",
            )
            label(
                row,
                "threshold_cluster",
                "firm",
                "cluster-3k",
                "invoices just under the 3,000 no-purchase-order threshold",
            )
            d += timedelta(days=r.randint(18, 30))

    def repeats_added(self) -> None:
        led, r = self.led, self.rng
        groups = led.n("repeat_groups", 3, 1)
        specs = [
            ("Handy Hands Maintenance", "F02", "5600", 1837.00, 6, "General maintenance"),
            ("SecureLock Locksmiths", "", "5600", 742.50, 5, "Lock replacement"),
        ]
        for g, (name, code, acct, amt, k, desc) in enumerate(specs[: min(groups, 2)]):
            v = self.v(name)
            k = max(4, round(k * min(1.0, 0.5 + led.scale)))
            d = date(2023, 3, 1) + timedelta(days=r.randint(0, 600))
            for _ in range(k):
                site = code or r.choice([s.code for s in SITES])
                inv = led.fit(d, v)
                row = self.added(
                    v, site, acct, inv, amt, f"{desc} - {SITE[site].town}", "repeated_amount"
                )
                label(
                    row,
                    "repeated_amount",
                    "firm",
                    f"repeat-{g + 1}",
                    f"same amount {amt:,.2f} billed again and again for different jobs",
                )
                d += timedelta(days=r.randint(8, 18))
        self.modified_repeat = groups >= 3

    def backdated(self) -> None:
        led, r = self.led, self.rng
        n = led.n("backdated", 10, 2)
        cands = [
            v
            for v in led.vendors.values()
            if v.style in ("shared", "simple")
            and v.category in ("trades", "consumables", "legal", "office", "allied")
            and v.currency == "AUD"
            and v.role == ""
        ]
        for i in range(n):
            v = cands[(i * 7 + r.randint(0, 100)) % len(cands)]
            post = date(2023, 3, 1) + timedelta(days=r.randint(0, 800))
            while not office_open(post):
                post += DAY
            inv = led.fit(post - timedelta(days=r.randint(150, 420)), v)
            sites = sorted({x.site for x in led.rows if x.vendor is v})
            site = r.choice(sites)
            med = sorted(x.total for x in led.rows if x.vendor is v and x.total > 0)
            amt = med[len(med) // 2] / 100 * r.uniform(0.6, 1.6)
            row = self.added(
                v,
                site,
                next(x.account for x in led.rows if x.vendor is v),
                inv,
                round(amt, 2),
                "Invoice resubmitted - not previously received",
                "backdated",
                post=post,
            )
            label(
                row,
                "backdated",
                "firm",
                f"backdated-{i + 1:02d}",
                f"dated {(post - inv).days} days before posting",
            )

    def impostor(self) -> None:
        led, r = self.led, self.rng
        real = self.v("Southern Cross Nursing Agency Pty Ltd")
        fake = led.vendor(
            "Southern Cross Nursing Agency P/L",
            "agency",
            "shared",
            "SCN",
            "247",
            lam=35,
            width=6,
            lag=(1, 4),
            role="impostor",
        )
        fake.bank = f"BSB 802-985 ACC {r.randint(10**8, 10**9 - 1)}"
        src = [
            x
            for x in led.rows
            if x.vendor is real and date(2024, 3, 1) <= x.inv <= date(2024, 5, 31) and x.thin
        ]
        orig = r.choice(src)
        orig.thin = 0
        copy = led.add(
            fake,
            orig.site,
            orig.account,
            orig.inv + timedelta(days=r.randint(0, 3)),
            0,
            1.0,
            orig.desc,
            0,
            {"preadd", "copyof"},
            post=None,
        )
        copy.net, copy.tax, copy.link = orig.net, orig.tax, orig
        copy.inj.add("new_vendor")
        label(copy, "new_vendor", "firm", "impostor", "look-alike of a known agency, new bank")
        label(
            copy,
            "duplicate",
            "ambiguous",
            "impostor",
            "copy of a genuine invoice under a look-alike vendor name",
        )
        label(orig, "duplicate", "ambiguous", "impostor", "genuine invoice copied by impostor")
        label(copy, "iban_change", "ambiguous", "impostor", "bank differs from the real agency")
        second = led.add(
            fake,
            orig.site,
            orig.account,
            copy.inv + timedelta(days=7),
            0,
            1.0,
            orig.desc,
            0,
            {"preadd"},
        )
        second.net = int(orig.net * r.uniform(0.8, 1.2))
        second.tax = round(second.net * 0.1)
        second.inj.add("new_vendor")
        label(second, "new_vendor", "ambiguous", "impostor", "second invoice of the impostor")
        label(second, "iban_change", "ambiguous", "impostor", "bank differs from real agency")

    # ------------------------------------------------------------------ credit and rebill
    def credit_rebill(self) -> None:
        led, r = self.led, self.rng
        n = self.post_planned["rebill"] // 2
        cands = [
            x
            for x in led.rows
            if not x.inj
            and not x.tags
            and x.total > 0
            and x.vendor.category in ("consumables", "agency", "linen", "trades", "food")
            and x.vendor.role == ""
            and x.inv < date(2025, 5, 15)
        ]
        for i, orig in enumerate(r.sample(cands, n)):
            grp = f"rebill-{i + 1:02d}"
            d = led.fit(orig.inv + timedelta(days=r.randint(5, 25)), orig.vendor)
            c = led.add(
                orig.vendor,
                orig.site,
                orig.account,
                d,
                0,
                0,
                "Credit note - invoice issued with wrong purchase order",
                0,
                {"credit", "rebill_cn"},
            )
            c.net, c.tax, c.tax_code, c.link = -orig.net, -orig.tax, orig.tax_code, orig
            same = r.random() < 0.6
            rb = led.add(
                orig.vendor,
                orig.site,
                orig.account,
                d,
                0,
                0,
                "Replacement invoice for credited invoice",
                0,
                {"rebill"},
            )
            rb.tax_code, rb.link = orig.tax_code, orig
            if same:
                rb.net, rb.tax = orig.net, orig.tax
            else:
                f = r.uniform(0.85, 0.97)
                rb.net, rb.tax = int(orig.net * f), int(orig.tax * f)
            if orig.vendor.style in ("own", "simple") or r.random() < 0.3:
                rb.tags.add("rebill_r")
            orig.tags.add("rebill_orig")
            for x in (orig, c, rb):
                x.inj.add("rebill")
                label(x, "duplicate", "innocent", grp, "credit-and-rebill, not a duplicate")

    # ------------------------------------------------------------------ after numbering
    def pick(self, pred: Callable[[Row], bool], k: int) -> list[Row]:
        rows = [
            x
            for x in self.led.rows
            if id(x) not in self.used and not x.inj and x.vendor.role == "" and pred(x)
        ]
        out = self.rng.sample(rows, min(k, len(rows)))
        for x in out:
            self.used.add(id(x))
        return out

    def post_numbering(self) -> None:
        self.numbering()
        self.duplicates()
        self.outliers()
        self.below_limit()
        self.round_amounts()
        self.repeats_modified()
        self.dates()
        self.banks()
        self.rare_accounts()
        self.sod()

    def numbering(self) -> None:
        led, r = self.led, self.rng
        by_vendor: dict[str, list[Row]] = defaultdict(list)
        for x in led.rows:
            if x.seq >= 0 and not x.inj and "credit" not in x.tags:
                by_vendor[x.vendor.name].append(x)
        for rows in by_vendor.values():
            rows.sort(key=lambda x: (x.seq, x.inv))
        own = [
            n
            for n, rows in by_vendor.items()
            if led.vendors[n].style == "own"
            and len(rows) >= 15
            and led.vendors[n].role == ""
            and n not in ("Handy Hands Maintenance",)
        ]
        r.shuffle(own)
        n_gap = led.n("num_gap", 6, 1)
        for i, name in enumerate(own[:n_gap]):
            rows = by_vendor[name]
            j = r.randint(len(rows) // 5, len(rows) * 9 // 10)
            k = r.randint(4, 15)
            for x in rows[j:]:
                x.seq += k
                x.number = led.fmt(x.vendor, x.seq, x.inv)
            rows[j].inj.add("numbering")
            self.used.add(id(rows[j]))
            label(
                rows[j],
                "numbering",
                "firm",
                f"gap-{i + 1:02d}",
                f"{k} numbers of this per-customer counter never reached the ledger",
            )
        # invoices numbered far behind the running series (shared/simple)
        shared = [
            n
            for n, rows in by_vendor.items()
            if led.vendors[n].style in ("shared", "simple")
            and len(rows) >= 40
            and led.vendors[n].role == ""
            and led.vendors[n].currency == "AUD"
            and led.vendors[n].lam < 100
        ]
        r.shuffle(shared)
        for i, name in enumerate(shared[: self.post_planned_count("num_old")]):
            rows = by_vendor[name]
            j = r.randint(len(rows) // 2, len(rows) - 1)
            tmpl = rows[j]
            old = rows[max(0, j - r.randint(15, 35))]
            taken = {x.seq for x in rows}
            seq = old.seq + 1
            while seq in taken:
                seq += 1
            x = self.clone(tmpl, tmpl.inv + timedelta(days=r.randint(1, 5)))
            x.seq, x.number = seq, led.fmt(x.vendor, seq, x.inv)
            x.net = int(tmpl.net * r.uniform(0.7, 1.3))
            x.tax = round(x.net * tmpl.tax / tmpl.net) if tmpl.net else 0
            x.desc = tmpl.desc
            x.inj.add("numbering")
            label(
                x,
                "numbering",
                "firm",
                f"oldnum-{i + 1:02d}",
                f"number {x.number} belongs months back in the series (now {tmpl.number})",
            )
        # recycled numbers in own counters
        for i, name in enumerate(own[n_gap : n_gap + self.post_planned_count("num_reuse")]):
            rows = by_vendor[name]
            j = r.randint(len(rows) // 2, len(rows) - 1)
            tmpl = rows[j]
            old = rows[max(0, j - r.randint(10, 30))]
            x = self.clone(tmpl, tmpl.inv + timedelta(days=r.randint(1, 6)))
            x.seq, x.number = old.seq, old.number
            x.net = int(tmpl.net * r.uniform(0.8, 1.2))
            x.inj.add("numbering")
            label(
                x,
                "numbering",
                "firm",
                f"reuse-{i + 1:02d}",
                f"recycles number {old.number} of {old.inv}",
            )
            label(
                x,
                "duplicate",
                "ambiguous",
                f"reuse-{i + 1:02d}",
                "same number as an old invoice, different amount and date",
            )
            label(old, "duplicate", "ambiguous", f"reuse-{i + 1:02d}", "its number was recycled")
        # numbers alien to the vendor's format and range
        alien = [n for n in shared[self.post_planned_count("num_old") :]]
        for i, name in enumerate(alien[: self.post_planned_count("num_alien")]):
            rows = by_vendor[name]
            tmpl = r.choice(rows[len(rows) // 3 :])
            x = self.clone(tmpl, tmpl.inv + timedelta(days=r.randint(1, 9)))
            x.net = int(tmpl.net * r.uniform(0.7, 1.3))
            x.tax = round(x.net * tmpl.tax / tmpl.net) if tmpl.net else 0
            x.number = r.choice(("INV-88", "0042", "A-1017", "2023-7"))
            x.seq = -1
            x.inj.add("numbering")
            label(
                x,
                "numbering",
                "firm",
                f"alien-{i + 1:02d}",
                f"number {x.number} unlike the vendor's series ({tmpl.number})",
            )

    def post_planned_count(self, key: str) -> int:
        return self.led.counts[key]

    def clone(self, tmpl: Row, inv: date) -> Row:
        led = self.led
        x = Row(
            tmpl.vendor,
            tmpl.site,
            tmpl.account,
            inv,
            led.post_date(inv, tmpl.vendor),
            tmpl.net,
            tmpl.tax,
            tmpl.desc,
            tmpl.tax_code,
            0,
            set(),
        )
        led.rows.append(x)
        self.used.add(id(x))
        return x

    def duplicates(self) -> None:
        led, r = self.led, self.rng

        def ok(x: Row) -> bool:
            return (
                x.total > 20000
                and x.vendor.upload != "edi"
                and x.vendor.currency == "AUD"
                and not x.tags
                and x.vendor.style != "utility"
                and x.number != ""
                and x.inv < date(2025, 5, 20)
            )

        plan = [
            ("exact", led.counts["dup_exact"]),
            ("number", led.counts["dup_number"]),
            ("date", led.counts["dup_date"]),
            ("reissue", led.counts["dup_reissue"]),
        ]
        g = 0
        for how, k in plan:
            for orig in self.pick(ok, k):
                g += 1
                grp = f"dup-{g:02d}"
                inv = orig.inv
                number = orig.number
                note = "same number, date and amount keyed again"
                if how == "number":
                    number = self.near_number(orig.number)
                    note = f"number {number} vs {orig.number}"
                elif how == "date":
                    inv = orig.inv + timedelta(days=r.choice((-1, 1)) * r.randint(1, 6))
                    note = f"date {inv} vs {orig.inv}"
                elif how == "reissue":
                    inv = led.fit(orig.inv + timedelta(days=r.randint(7, 30)), orig.vendor)
                    number = self.next_free_number(orig)
                    note = f"same charge re-issued as {number} ({orig.number})"
                x = self.clone(orig, inv)
                x.post = max(x.post, orig.post + timedelta(days=r.randint(3, 40)))
                while not office_open(x.post):
                    x.post += DAY
                x.post = min(x.post, AS_OF)
                x.number, x.seq = number, -1
                x.inj.add("duplicate")
                label(x, "duplicate", "firm", grp, f"{how}: {note}")
                label(orig, "duplicate", "ambiguous", grp, "original of a duplicated invoice")
                label(x, "numbering", "ambiguous", grp, "number of a duplicate entry")

    def near_number(self, num: str) -> str:
        r = self.rng
        digits = [i for i, c in enumerate(num) if c.isdigit()]
        options = []
        if "-" in num:
            options.append(num.replace("-", ""))
        lead = num.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ&-")
        if lead.startswith("0") and lead.strip("0"):
            options.append(num[: len(num) - len(lead)] + lead.lstrip("0"))
        pairs = [i for i in digits[:-1] if i + 1 in digits and num[i] != num[i + 1]]
        if pairs:
            i = r.choice(pairs[-4:])
            options.append(num[:i] + num[i + 1] + num[i] + num[i + 2 :])
        i = r.choice(digits[-3:])
        options.append(num[:i] + str((int(num[i]) + r.choice((1, 9))) % 10) + num[i + 1 :])
        return r.choice(options)

    def next_free_number(self, orig: Row) -> str:
        if orig.seq < 0:
            return orig.number + "A"
        taken = {x.number for x in self.led.rows if x.vendor is orig.vendor}
        seq = orig.seq + self.rng.randint(3, 40)
        while self.led.fmt(orig.vendor, seq, orig.inv) in taken:
            seq += 1
        return self.led.fmt(orig.vendor, seq, orig.inv)

    def vendor_account_stats(self) -> dict[tuple[str, str], list[int]]:
        stats: dict[tuple[str, str], list[int]] = defaultdict(list)
        for x in self.led.rows:
            if x.total > 0 and not x.inj:
                stats[(x.vendor.name, x.account)].append(x.total)
        for v in stats.values():
            v.sort()
        return stats

    def outliers(self) -> None:
        led, r = self.led, self.rng
        stats = self.vendor_account_stats()
        stable = {
            "linen",
            "food",
            "waste",
            "pharmacy",
            "consumables",
            "gas",
            "electricity",
            "telco",
            "hire",
        }

        def ok(x: Row) -> bool:
            s = stats.get((x.vendor.name, x.account), [])
            return (
                x.vendor.category in stable
                and len(s) >= 40
                and x.total > 0
                and not x.tags
                and x.vendor.currency == "AUD"
                and (x.inv - LEDGER_START).days > 120
            )

        plan = [
            ("x10", led.n("outlier_x10", 6, 1)),
            ("div10", led.n("outlier_div10", 2, 1)),
            ("inflate", led.n("outlier_inflate", 6, 1)),
        ]
        g = 0
        for how, k in plan:
            for x in self.pick(ok, k):
                g += 1
                f = {"x10": 10.0, "div10": 0.1}.get(how, r.uniform(4, 8))
                x.net, x.tax = round(x.net * f), round(x.tax * f)
                if how == "inflate":
                    x.desc += " (as invoiced)"
                x.inj.add("amount_outlier")
                label(
                    x,
                    "amount_outlier",
                    "firm",
                    f"outlier-{g:02d}",
                    f"{how}: amount x{f:.2f} of the usual for this vendor and account",
                )

    def below_limit(self) -> None:
        led, r = self.led, self.rng
        cats = {"trades", "consultant"}

        def ok(x: Row) -> bool:
            return (
                x.vendor.category in cats
                and x.site in SITE
                and x.total > 0
                and x.vendor.upload == "ap"
                and not x.tags
                and x.vendor.currency == "AUD"
            )

        for i, x in enumerate(self.pick(ok, led.n("below_limit", 14, 2))):
            total = int(r.uniform(9500, 9990) * 100)
            x.tax = round(total / 11)
            x.net = total - x.tax
            x.tax_code = "GST"
            x.desc = x.desc.replace("Repairs", "Works as quoted")
            x.uploaded, x.approved, x.people_fixed = led.clerk(x.post), SITE[x.site].manager, True
            x.inj.add("below_limit")
            label(
                x,
                "below_limit",
                "firm",
                f"below-{i + 1:02d}",
                "invoice engineered just under the facility manager's 10,000 delegation",
            )
            label(
                x,
                "threshold_cluster",
                "ambiguous",
                f"below-{i + 1:02d}",
                "in the 10k band (configured)",
            )

    def round_amounts(self) -> None:
        led, r = self.led, self.rng
        cats = {
            "food",
            "consumables",
            "linen",
            "pharmacy",
            "waste",
            "electricity",
            "gas",
            "hire",
            "office",
        }

        def ok(x: Row) -> bool:
            return (
                x.vendor.category in cats
                and x.total > 60000
                and not x.tags
                and x.vendor.currency == "AUD"
            )

        for i, x in enumerate(self.pick(ok, led.n("round", 12, 2))):
            step = 100000 if x.total > 300000 else 50000
            total = max(step, round(x.total * r.uniform(1.05, 1.35) / step) * step)
            share = x.tax / (x.net * 0.1) if x.net else 0
            x.tax = round(total * min(1.0, share) / 11)
            x.net = total - x.tax
            x.inj.add("round_amount")
            label(
                x,
                "round_amount",
                "firm",
                f"round-{i + 1:02d}",
                f"padded round total {money(total)} from a vendor billing quantities x prices",
            )

    def repeats_modified(self) -> None:
        led, r = self.led, self.rng
        if not self.modified_repeat:
            return
        v = self.v("Eastern Personal Care Pty Ltd")
        rows = sorted(
            (x for x in led.rows if x.vendor is v and not x.inj and date(2024, 1, 1) <= x.inv),
            key=lambda x: x.inv,
        )
        k = max(4, round(6 * min(1.0, 0.5 + led.scale)))
        start = r.randint(0, max(0, len(rows) - k))
        for x in rows[start : start + k]:
            x.net, x.tax = 691200, 0
            x.desc = "Home-care services fortnight - package maximum"
            x.inj.add("repeated_amount")
            self.used.add(id(x))
            label(
                x,
                "repeated_amount",
                "firm",
                "repeat-3",
                "package cap 6,912.00 billed every fortnight regardless of hours",
            )

    def dates(self) -> None:
        led, r = self.led, self.rng

        def weekday_vendor(x: Row) -> bool:
            return (
                x.vendor.hours == "week"
                and not x.tags
                and x.vendor.currency == "AUD"
                and x.vendor.metro
                and x.vendor.category
                in ("trades", "consultant", "legal", "office", "allied", "training")
            )

        def fri_mon(x: Row) -> bool:
            return weekday_vendor(x) and x.inv.weekday() in (0, 4) and x.post > x.inv + DAY

        for i, x in enumerate(self.pick(fri_mon, led.n("weekend", 12, 2))):
            x.inv += DAY if x.inv.weekday() == 4 else -DAY
            x.inj.update(("weekend_date", "date_moved"))
            label(
                x,
                "weekend_date",
                "firm",
                f"weekend-{i + 1:02d}",
                f"office-hours vendor invoice dated {x.inv:%A} (altered date)",
            )
        hols = [
            (d, n)
            for d, n in HOL.items()
            if LEDGER_START <= d <= date(2025, 6, 20) and not is_weekend(d)
        ]
        n = led.n("holiday", 10, 2)
        for i, (hd, hname) in enumerate(r.sample(hols, min(n, len(hols)))):
            cands = self.pick(
                lambda x, hd=hd: weekday_vendor(x) and abs((x.inv - hd).days) <= 12 and x.post > hd,
                1,
            )
            if not cands:
                continue
            x = cands[0]
            x.inv = hd
            x.inj.update(("holiday_date", "date_moved"))
            label(
                x,
                "holiday_date",
                "firm",
                f"holiday-{i + 1:02d}",
                f"Melbourne office-hours vendor dated {hname} {hd}",
            )
        for i, x in enumerate(
            self.pick(
                lambda x: (
                    x.tags == set()
                    and x.vendor.hours == "week"
                    and x.total > 0
                    and x.inv.day <= 12
                    and x.inv.month != x.inv.day
                ),
                led.n("future", 8, 2),
            )
        ):
            old = x.inv
            swapped = date(old.year, old.day, old.month)
            if (swapped - x.post).days >= 20 and r.random() < 0.5:
                x.inv, how = swapped, "day and month swapped"
            else:
                x.inv, how = date(old.year + 1, old.month, min(old.day, 28)), "year keyed ahead"
            x.inj.update(("future_date", "date_moved"))
            label(
                x,
                "future_date",
                "firm",
                f"future-{i + 1:02d}",
                f"{how}: {x.inv} for an invoice posted {x.post}",
            )

    def banks(self) -> None:
        led, r = self.led, self.rng
        by_vendor: dict[str, list[Row]] = defaultdict(list)
        for x in led.rows:
            by_vendor[x.vendor.name].append(x)
        eft = [
            n
            for n, rows in by_vendor.items()
            if led.vendors[n].pay == "EFT"
            and len(rows) >= 30
            and led.vendors[n].role == ""
            and led.vendors[n].category
            in ("agency", "trades", "consumables", "homecare", "allied", "food", "linen")
        ]
        r.shuffle(eft)
        k = led.n("bec", 4, 1)
        for i, name in enumerate(eft[:k]):
            rows = sorted(by_vendor[name], key=lambda x: (x.post, x.inv))
            j = r.randint(len(rows) // 4, len(rows) - 4)
            bsb = r.choice(("802-985", "923-100", "944-300"))
            fraud = f"BSB {bsb} ACC {r.randint(10**8, 10**9 - 1)}"
            span = r.choice((1, 2))
            grp = f"bec-{i + 1:02d}"
            for t in range(span):
                x = rows[j + t]
                x.bank = fraud
                self.used.add(id(x))
                x.inj.add("iban_change")
                label(
                    x,
                    "iban_change",
                    "firm" if t == 0 else "ambiguous",
                    grp,
                    "payment redirected to a new account (email from 'vendor')"
                    if t == 0
                    else "second invoice paid to the fraudulent account",
                    force=True,
                )
            label(
                rows[j + span],
                "iban_change",
                "ambiguous",
                grp,
                "old account back after the fraud was found",
            )
        for i, name in enumerate(eft[k : k + led.n("bank_legit", 3, 1)]):
            rows = sorted(by_vendor[name], key=lambda x: (x.post, x.inv))
            j = r.randint(len(rows) // 3, len(rows) * 2 // 3)
            new = led.bank(led.vendors[name].metro)
            for x in rows[j:]:
                x.bank = new
            label(
                rows[j],
                "iban_change",
                "ambiguous",
                f"bankchange-{i + 1:02d}",
                "vendor moved banks (letter on letterhead, verified by call-back)",
            )
        for name in [n for n in eft[: k + led.counts["bank_legit"]]]:
            rows = sorted(by_vendor[name], key=lambda x: (x.inv, x.post))
            for prev, x in itertools.pairwise(rows):
                b0 = prev.vendor.bank if prev.bank is None else prev.bank
                b1 = x.vendor.bank if x.bank is None else x.bank
                if b0 != b1:
                    label(
                        x,
                        "iban_change",
                        "ambiguous",
                        "order",
                        "same bank event seen in invoice-date order (payments follow posting)",
                    )
        for name in ("OfficeHub Supplies Pty Ltd", "SecureLock Locksmiths"):
            rows = sorted(by_vendor.get(name, []), key=lambda x: (x.post, x.inv))
            for j, x in enumerate(rows):
                if r.random() < 0.12 and not x.inj:
                    x.bank = ""
                    label(x, "iban_change", "innocent", "card", "paid by corporate card")
                    if j + 1 < len(rows):
                        label(
                            rows[j + 1],
                            "iban_change",
                            "innocent",
                            "card",
                            "EFT again after a card payment",
                        )

    def rare_accounts(self) -> None:
        led = self.led
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for x in led.rows:
            counts[x.vendor.name][x.account] += 1
        single = {
            n
            for n, c in counts.items()
            if sum(c.values()) >= 40 and max(c.values()) / sum(c.values()) >= 0.97
        }
        wrong = {
            "agency": ("6000", "agency hours hidden in consulting fees"),
            "food": ("1510", "groceries coded to capital works"),
            "linen": ("6020", "linen coded to legal fees"),
            "pharmacy": ("5920", "pharmacy coded to motor vehicles"),
            "consumables": ("6300", "consumables coded to staff functions"),
            "homecare": ("5100", "brokered services coded to agency nursing"),
            "waste": ("5800", "waste coded to IT subscriptions"),
            "allied": ("6010", "physio coded to audit fees"),
            "hire": ("6020", "equipment hire coded to legal fees"),
        }

        seen: set[str] = set()

        def ok(x: Row) -> bool:
            return x.vendor.name in single and x.vendor.category in wrong and x.total > 0

        cands = self.pick(ok, 10**6)
        chosen = []
        for x in cands:  # one miscoded invoice per vendor: distinct events
            if x.vendor.name not in seen and len(chosen) < led.n("rare_account", 12, 2):
                seen.add(x.vendor.name)
                chosen.append(x)
            else:
                self.used.discard(id(x))
        for i, x in enumerate(chosen):
            acct, why = wrong[x.vendor.category]
            x.account = acct
            x.inj.add("rare_account")
            label(x, "rare_account", "firm", f"rare-{i + 1:02d}", why)

    def sod(self) -> None:
        led = self.led

        def ok(x: Row) -> bool:
            return x.site in SITE and 0 < x.aud <= LIMIT and not x.people_fixed

        for i, x in enumerate(self.pick(ok, led.n("sod", 13, 2))):
            m = SITE[x.site].manager
            x.uploaded = x.approved = m
            x.people_fixed = True
            x.inj.add("sod_breach")
            label(
                x,
                "sod_breach",
                "firm",
                f"sod-{i + 1:02d}",
                f"facility manager {m} entered and approved the invoice",
            )
        for i, x in enumerate(
            self.pick(
                lambda x: (
                    x.site == "HQ"
                    and x.aud > LIMIT
                    and x.vendor.category in ("consultant", "legal", "it")
                ),
                led.n("sod_cfo", 2, 1),
            )
        ):
            x.uploaded = x.approved = CFO
            x.people_fixed = True
            x.inj.add("sod_breach")
            label(x, "sod_breach", "firm", f"sod-cfo-{i + 1}", "CFO entered and approved")
        alias = {"m.haddad": "MHADDAD", "t.walsh": "Walsh, T.", "s.fernando": "S.Fernando"}
        for i, x in enumerate(
            self.pick(
                lambda x: (
                    x.site in ("F01", "F02", "F03") and 0 < x.aud <= LIMIT and not x.people_fixed
                ),
                led.n("sod_alias", 3, 1),
            )
        ):
            m = SITE[x.site].manager
            x.uploaded, x.approved = m, alias[m]
            x.people_fixed = True
            x.inj.add("sod_breach")
            label(
                x,
                "sod_breach",
                "ambiguous",
                f"sod-alias-{i + 1}",
                f"{m} and {alias[m]} are the same person written two ways",
            )


# ----------------------------------------------------------------------------- generic labels
def finalize_labels(led: Ledger) -> None:
    rows = led.rows
    by_vendor: dict[str, list[Row]] = defaultdict(list)
    for x in rows:
        by_vendor[x.vendor.name].append(x)
    stats: dict[tuple[str, str], list[int]] = defaultdict(list)
    for x in rows:
        if x.total > 0 and not x.inj:
            stats[(x.vendor.name, x.account)].append(x.total)
    for s in stats.values():
        s.sort()

    # benford: invented rows are firm when their vendor has >= 100 rows and >= 30 invented ones
    for vrows in by_vendor.values():
        invented = [x for x in vrows if "benford" in x.inj]
        if len(invented) >= 30 and len(vrows) >= 100:
            for x in invented:
                _st, grp, note = x.labels["benford"]
                label(x, "benford", "firm", grp, note, force=True)
    logs: dict[tuple[str, str], tuple[float, float]] = {}
    for key, s in stats.items():
        if len(s) >= 20:
            lv = sorted(math.log(t) for t in s)
            mid = lv[len(lv) // 2]
            mad = sorted(abs(t - mid) for t in lv)[len(lv) // 2]
            logs[key] = (mid, mad)

    for x in rows:
        v = x.vendor
        # amount_outlier
        if "credit" in x.tags:
            label(x, "amount_outlier", "innocent", "credit", "credit note")
        s = stats.get((v.name, x.account), [])
        med = s[len(s) // 2] if s else 0
        for tag, why in (
            ("outbreak", "outbreak week"),
            ("eofy", "EOFY stock-up"),
            ("catchup", "catch-up bill after estimated reads"),
            ("project", "project / progress claim"),
        ):
            if tag in x.tags and x.total >= 2 * med:
                label(x, "amount_outlier", "ambiguous", tag, why + " (2x the median or more)")
        mm = logs.get((v.name, x.account))
        if not x.inj and x.total > 0 and mm and mm[1] > 0:
            z = 0.6745 * (math.log(x.total) - mm[0]) / mm[1]
            if abs(z) > 3.5:  # Iglewicz-Hoaglin modified z-score on log amounts
                label(
                    x,
                    "amount_outlier",
                    "ambiguous",
                    "natural-tail",
                    f"natural amount, modified z {z:+.1f} on the log scale",
                )
        if x.inj and x.total > 0 and len(s) >= 8:
            ratio = x.total / med
            if ratio >= 4 or ratio <= 0.25:
                label(
                    x,
                    "amount_outlier",
                    "ambiguous",
                    "side-effect",
                    f"another injection put it {ratio:.1f}x from the median",
                )
        # benford
        if v.role == "collusion":
            label(
                x,
                "benford",
                "ambiguous",
                "collusion-goldfields",
                "genuine row of a vendor with invented rows",
            )
        if v.fixed_price:
            label(x, "benford", "innocent", "fixed-price", "contract price, not Benford data")
        # below_limit
        if v.role in ("fraud", "collusion") and 900_000 <= x.total < BAND_LOW:
            label(
                x,
                "below_limit",
                "ambiguous",
                "fraud-band",
                "invented amount 5-10 % under the limit",
            )
        if v.currency == "AUD" and BAND_LOW <= x.total < LIMIT:
            label(x, "below_limit", "ambiguous", "band", "natural amount just under 10,000")
        elif v.currency in FX_RANGE:
            lo, hi = FX_RANGE[v.currency]
            if x.total * lo < LIMIT and x.total * hi >= BAND_LOW:
                label(x, "below_limit", "ambiguous", "fx-band", "AUD value may be just below")
        # threshold cluster look-alike
        if v.name.startswith("SafeGuard"):
            label(
                x,
                "threshold_cluster",
                "innocent",
                "subscription",
                "fixed 4,950.00 subscription, explained",
            )
        # round
        if x.total % 10000 == 0 and abs(x.total) >= 50000:
            if v.fee_based or x.tags & {"quote", "perunit", "fixed", "fee"}:
                label(x, "round_amount", "innocent", "fee", "round fee, quote or visits x rate")
            else:
                label(x, "round_amount", "ambiguous", "chance", "round by chance")
        # repeated
        if "fixed" in x.tags or "perunit" in x.tags:
            label(x, "repeated_amount", "innocent", "contract", "contract or per-unit price")
        # weekend / holiday
        for kind, hit in (("weekend_date", is_weekend(x.inv)), ("holiday_date", x.inv in HOL)):
            if not hit:
                continue
            if v.hours in ("247", "auto") or (
                v.hours == "weeksat" and x.inv.weekday() == 5 and kind == "weekend_date"
            ):
                label(x, kind, "innocent", "hours", f"{v.hours} vendor")
            elif v.hours == "weeksat" and x.inv.weekday() != 6:
                label(x, kind, "innocent", "hours", "shop trading on a public holiday")
            else:
                label(
                    x,
                    kind,
                    "ambiguous",
                    "natural",
                    "office-hours vendor, natural date "
                    "(call-out, regional Cup Day, or moved by another injection)",
                )
        # backdated
        lag = (x.post - x.inv).days
        if lag > 45:
            label(x, "backdated", "ambiguous", "late", f"posted {lag} days after its date")
        elif x.inv.month == 6 and x.post.month == 7 and lag >= 15:
            label(x, "backdated", "innocent", "eofy", "June invoice posted in July")
        # future
        if x.inv > x.post:
            label(
                x,
                "future_date",
                "ambiguous",
                "prebill",
                f"dated {(x.inv - x.post).days} days after posting (pre-billed)",
            )
        # numbering
        if "period_start" in x.tags:
            label(x, "numbering", "innocent", "period", "period-coded number restarts")
        if "rebill_r" in x.tags:
            label(x, "numbering", "innocent", "rebill", "rebill numbered <original>-R")
        # sod look-alike
        if x.uploaded == "k.nguyen" and x.approved == "k.nguyen2":
            label(x, "sod_breach", "innocent", "namesake", "Kim and Khanh Nguyen")

    # duplicates: same vendor and amount within 10 days
    for vrows in by_vendor.values():
        groups: dict[int, list[Row]] = defaultdict(list)
        for x in vrows:
            if x.total > 0:
                groups[x.total].append(x)
        for same in groups.values():
            if len(same) < 2:
                continue
            same.sort(key=lambda x: x.inv)
            for a, b in itertools.pairwise(same):
                if (b.inv - a.inv).days <= 10:
                    for x in (a, b):
                        label(
                            x,
                            "duplicate",
                            "innocent",
                            "same-amount",
                            "same amount, different site/visit/contract line",
                        )
            if len(same) >= 3:
                for x in same:
                    label(x, "repeated_amount", "ambiguous", "chance", "amount recurs by chance")
    # split purchase look-alikes
    for vrows in by_vendor.values():
        cand = sorted(
            (x for x in vrows if x.vendor.currency == "AUD" and 0 < x.total < LIMIT),
            key=lambda x: x.inv,
        )
        lo = 0
        for i, x in enumerate(cand):
            while (x.inv - cand[lo].inv).days > 7:
                lo += 1
            hi = i
            while hi + 1 < len(cand) and (cand[hi + 1].inv - x.inv).days <= 7:
                hi += 1
            window = cand[lo : hi + 1]
            if sum(w.total for w in window) <= LIMIT:
                continue
            same = [w for w in window if w.site == x.site and w.account == x.account]
            if x.vendor.role in ("fraud", "impostor", "collusion"):
                label(
                    x,
                    "split_purchase",
                    "ambiguous",
                    "window",
                    "invoices of a fraudulent vendor that together pass 10,000",
                )
            elif x.vendor.adhoc and len(same) >= 2 and sum(w.total for w in same) > LIMIT:
                label(
                    x,
                    "split_purchase",
                    "ambiguous",
                    "window",
                    "several invoices for one site and account pass 10,000 within a week",
                )
            else:
                label(
                    x,
                    "split_purchase",
                    "innocent",
                    "window",
                    "recurring or multi-site invoices that together pass 10,000",
                )
    # numbering disturbed by an invoice whose date was altered
    for vrows in by_vendor.values():
        moved = [x for x in vrows if "date_moved" in x.inj and x.seq >= 0]
        if not moved:
            continue
        by_seq = sorted((x for x in vrows if x.seq >= 0), key=lambda x: (x.seq, x.inv))
        by_date = sorted((x for x in vrows if x.seq >= 0), key=lambda x: (x.inv, x.seq))
        for m in moved:
            for order in (by_seq, by_date):
                k = order.index(m)
                for y in order[max(0, k - 2) : k + 3]:
                    label(
                        y,
                        "numbering",
                        "ambiguous",
                        "date-moved",
                        "number/date order disturbed by an altered invoice date",
                    )
    # new vendors
    cutoff = LEDGER_START + timedelta(days=60)
    for name, vrows in by_vendor.items():
        first = min(x.inv for x in vrows)
        firstpost = min(x.post for x in vrows)
        if first <= cutoff or firstpost <= cutoff:
            continue
        v = led.vendors[name]
        for x in vrows:
            if v.role in ("new", "oneoff"):
                if x.inv == first:
                    label(
                        x,
                        "new_vendor",
                        "ambiguous",
                        "new",
                        "genuinely new supplier (tender, replacement, one-off)",
                    )
                elif (x.inv - first).days <= 30:
                    label(
                        x,
                        "new_vendor",
                        "ambiguous",
                        "new",
                        "invoice in the first 30 days of a new supplier",
                    )
            elif x.inv == first and v.role == "" and v.sparse:
                label(
                    x,
                    "new_vendor",
                    "innocent",
                    "occasional",
                    "long-standing occasional vendor whose first invoice falls late",
                )
            elif x.inv == first and v.role == "":
                label(
                    x,
                    "new_vendor",
                    "ambiguous",
                    "thinned",
                    "long-standing vendor, but the ledger cannot show it (few rows)",
                )
    # rare vendor-account combinations
    for vrows in by_vendor.values():
        if len(vrows) < 10:
            continue
        acc: dict[str, int] = defaultdict(int)
        for x in vrows:
            acc[x.account] += 1
        for x in vrows:
            c = acc[x.account]
            if c <= 3 and c / len(vrows) <= 0.1:
                label(
                    x, "rare_account", "ambiguous", "natural", "rarely used but legitimate coding"
                )


# ----------------------------------------------------------------------------- evaluation
def run_tool(csv_path: Path) -> tuple[list[dict[str, object]], float, str]:
    hol = ",".join(d.isoformat() for d in HOL if GEN_START <= d <= AS_OF)
    cmd = [
        sys.executable,
        "-m",
        "core",
        "anomalies",
        "--import-csv",
        str(csv_path),
        "--json",
        "--approval-limit",
        "10000",
        "--base-currency",
        "AUD",
        "--as-of",
        AS_OF.isoformat(),
        "--holidays",
        hol,
    ]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=TOOL_DIR, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"tool exited with {proc.returncode}")
    findings = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            findings.append(json.loads(line))
    return findings, elapsed, proc.stdout


def evaluate(
    led: Ledger, findings: list[dict[str, object]], elapsed: float, samples: int
) -> dict[str, object]:
    predicted: dict[str, set[int]] = defaultdict(set)
    reasons: dict[tuple[str, int], str] = {}
    for f in findings:
        row, det = f.get("row"), str(f.get("detector"))
        if isinstance(row, int):
            predicted[det].add(row)
            reasons.setdefault((det, row), str(f.get("reason", "")))
    firm: dict[str, set[int]] = defaultdict(set)
    amb: dict[str, set[int]] = defaultdict(set)
    groups: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, x in enumerate(led.rows, 1):
        for kind, (st, grp, _note) in x.labels.items():
            if st == "firm":
                firm[kind].add(i)
                groups[kind][grp].add(i)
            elif st == "ambiguous":
                amb[kind].add(i)
    kinds = KINDS + sorted(k for k in predicted if k not in KINDS)
    table = {}
    weak = []
    for k in kinds:
        p, f_, a = predicted.get(k, set()), firm.get(k, set()), amb.get(k, set())
        tp = len(p & f_)
        fp = len(p - f_ - a)
        fn = len(f_ - p)
        strict = tp / len(p) if p else None
        lenient = tp / (tp + fp) if tp + fp else None
        recall = tp / len(f_) if f_ else None
        table[k] = {
            "firm": len(f_),
            "ambiguous": len(a),
            "predicted": len(p),
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision_strict": strict,
            "precision_lenient": lenient,
            "recall": recall,
        }
        if (lenient is not None and lenient < 0.9) or (recall is not None and recall < 0.9):
            weak.append(k)
    grec = {}
    for k in ("duplicate", "split_purchase", "threshold_cluster", "repeated_amount"):
        gs = groups.get(k, {})
        found = sum(1 for rows in gs.values() if rows & predicted.get(k, set()))
        grec[k] = {"groups": len(gs), "found": found}
    out: dict[str, object] = {
        "rows": len(led.rows),
        "seed": led.seed,
        "findings": len(findings),
        "scan_seconds": round(elapsed, 1),
        "kinds": table,
        "weak": weak,
        "group_recall": grec,
    }
    if samples:
        smp: dict[str, dict[str, list[str]]] = {}
        for k in kinds:
            p, f_, a = predicted.get(k, set()), firm.get(k, set()), amb.get(k, set())
            miss = sorted(f_ - p)[:samples]
            false = sorted(p - f_ - a)[:samples]
            smp[k] = {
                "missed": [describe(led, i, k, "") for i in miss],
                "false": [describe(led, i, k, reasons.get((k, i), "")) for i in false],
            }
        out["samples"] = smp
    return out


def describe(led: Ledger, i: int, kind: str, reason: str) -> str:
    x = led.rows[i - 1]
    lab = x.labels.get(kind)
    tag = f"[{lab[0]}: {lab[2]}]" if lab else "[unlabelled]"
    text = (
        f"row {i}: {x.vendor.name} #{x.number} inv {x.inv} post {x.post} "
        f"{money(x.total)} {x.vendor.currency} {x.site} {x.account} {tag}"
    )
    return text + (f" -- tool: {reason}" if reason else "")


def fmt(v: object) -> str:
    return "   -  " if v is None else f"{v:6.3f}"


def print_table(res: dict[str, object]) -> None:
    kinds: dict[str, dict[str, object]] = res["kinds"]  # type: ignore[assignment]
    print(f"seed {res['seed']}, {res['rows']} rows, {res['findings']} findings")
    print(
        f"{'kind':18} {'firm':>5} {'amb':>5} {'pred':>5} {'TP':>5} {'FP':>5} {'FN':>5} "
        f"{'P_strict':>8} {'P_lenient':>9} {'recall':>7}"
    )
    for k, t in kinds.items():
        print(
            f"{k:18} {t['firm']:5} {t['ambiguous']:5} {t['predicted']:5} {t['tp']:5} "
            f"{t['fp']:5} {t['fn']:5} {fmt(t['precision_strict']):>8} "
            f"{fmt(t['precision_lenient']):>9} {fmt(t['recall']):>7}"
        )
    weak: list[str] = res["weak"]  # type: ignore[assignment]
    print("below 0.9 lenient precision or recall: " + (", ".join(weak) if weak else "none"))
    grec: dict[str, dict[str, int]] = res["group_recall"]  # type: ignore[assignment]
    print("group recall: " + ", ".join(f"{k} {g['found']}/{g['groups']}" for k, g in grec.items()))
    print(f"scan time: {res['scan_seconds']} s")
    smp = res.get("samples")
    if smp:
        for k, d in smp.items():  # type: ignore[union-attr]
            if not d["missed"] and not d["false"]:
                continue
            print(f"\n== {k}")
            for s in d["missed"]:
                print("  MISSED " + s)
            for s in d["false"]:
                print("  FALSE  " + s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=30000)
    ap.add_argument("--keep", type=Path, default=None, help="write ledger, labels, findings")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--samples", type=int, default=0, help="missed/false rows per kind")
    args = ap.parse_args()
    t0 = time.monotonic()
    led = Ledger(args.seed, args.rows)
    led.build()
    gen_s = time.monotonic() - t0
    with tempfile.TemporaryDirectory() as tmp:
        out = (args.keep or Path(tmp)).resolve()
        out.mkdir(parents=True, exist_ok=True)
        path = out / "ledger.csv"
        led.write(path)
        if args.keep:
            led.write_labels(out / "labels.csv")
        findings, elapsed, stdout = run_tool(path)
        if args.keep:
            (out / "findings.jsonl").write_text(stdout, encoding="utf-8")
    res = evaluate(led, findings, elapsed, args.samples)
    res["generate_seconds"] = round(gen_s, 1)
    if args.json:
        print(json.dumps(res))
    else:
        print_table(res)


if __name__ == "__main__":
    main()
