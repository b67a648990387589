"""Labelled benchmark: a French industrial-maintenance firm's purchase ledger, screened by the CLI.

Written from the product issue's words only, without reading the detectors (a black-box test).

THE BUSINESS
  "Rhône Maintenance Industrielle SAS" (fictional), about 350 staff, repairs and maintains
  machinery for factories in Auvergne-Rhône-Alpes and Burgundy. Head office and shared
  accounts-payable service in Vénissieux (Lyon); sites in Lyon, Saint-Étienne, Grenoble,
  Clermont-Ferrand, Valence and Dijon (fewer sites for small --rows). Base currency EUR,
  fiscal year = calendar year, ledger 2022-01-01 .. 2024-12-31, exported on 2025-01-31
  (invoices entered later than that are not in the export). About 30,000 rows by default.
  Columns: vendor, invoice_number, invoice_date, total_amount (TTC), currency, net_amount
  (HT), tax_amount (TVA), account (French PCG), iban, uploaded_by, approved_by, recorded_at
  (entry date in the ERP), site.
  Vendors: parts distributors (bearings, hydraulics, pneumatics; wide amount range; year
  series FA2024-00123 shared with their other customers, so our numbers jump), tools,
  industrial subcontractors (machining, boiler-making, industrial electricity; small ones
  bill only us, so their year series runs 001, 002, ...), building subcontractors under
  autoliquidation (art. 283-2 nonies CGI: no TVA on the invoice), equipment makers (capex,
  2154, heavy in December), carriers (lane tariffs plus a monthly fuel surcharge; two of
  them date on Saturdays), interim agencies (one invoice per site per week, more in July
  and August when client plants shut down for maintenance; one agency dates its invoice
  on the Sunday that ends the week), electricity and gas (monthly per site, winter-heavy,
  2023 energy-price spike, an annual "régularisation" in March), water (quarterly, TVA
  5.5 %), telecoms and vehicle leasing (monthly, direct debit), fuel cards (statements on
  the 15th and the last day of the month), rent (quarterly avis d'échéance dated the 1st,
  indexed each January, entered 5-25 days ahead of its date), SaaS and software (monthly
  or annual on the anniversary day, paid by card, some in USD without TVA), trade press
  (TVA 2.1 %), coffee and water-fountain supplies (5.5 %), hotels and restaurants (10 %),
  training bodies (exempt, round prices), consultants billing day rates (round), the
  statutory auditor (round fees twice a year), professional-body dues (round, no TVA),
  insurers (premiums dated 1 January, no TVA), and a long tail of occasional vendors.
  Foreign: German and Italian makers in EUR (intra-EU, TVA autoliquidée, so tax 0), a
  Swiss maker in CHF, a British one in GBP, US software in USD.
  IBAN: only vendors paid by SEPA transfer carry one (FR76 with valid RIB key and IBAN
  check digits, DE/IT/CH/GB for foreign ones); direct-debit and card vendors have none.
  Credit notes (factures d'avoir) are negative rows numbered in an AV series; some cancel
  an invoice that is then re-issued under a new number (credit-and-rebill).
  Approvals: AP clerks (s.bernard, l.moreau, n.petit, later k.roche) enter paper and PDF
  invoices, INTERFACE-EDI enters the utilities' and telecoms' EDI invoices; each site
  manager approves his site's invoices under 10,000 EUR TTC (deputies 1-21 August), the
  finance director e.dubois approves from 10,000 EUR TTC; direct-debit contracts carry no
  approver (pre-approved contract). The CLI is run with --approval-limit 10000 (that
  policy), --base-currency EUR and --as-of 2025-01-31 (the export date). No --holidays:
  no site is in Alsace-Moselle, so the national calendar is the whole calendar.

THE CALENDAR AND WHY
  French public holidays 2022-2024: 1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit
  Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec. French suppliers that print their own
  invoices date them on their working days: none on weekends or the closed holidays, half
  the volume on Whit Monday (the "journée de solidarité", worked by many firms, us
  included), a third on the Friday bridge after Ascension, half between Christmas and New
  Year, a push on 31 December when it is a weekday and in the first weeks of December, and
  about 35 % of the volume from 1 to 23 August (the August slowdown; subcontractors and
  interim agencies are the exception: client plants shut down in summer for maintenance).
  Automated billers date on their own schedule whatever the day (telecoms on the 3rd,
  electricity on the 8th - 8 May, SaaS on the anniversary - 14 July, fuel cards on the
  15th - 15 August - and at month end, rent and insurance on the 1st - 1 January), which
  puts innocent rows on weekends and holidays. Foreign vendors follow their own country's
  working days (a German maker bills on 14 July and 11 November). Our clerks enter on our
  working days; entries pile up in August (clerks on leave) and the December invoices are
  entered in January. Lags: EDI 1-4 days, paper 2-30 days, foreign 5-35 days, 0.5 % of
  invoices found through a supplier's reminder 60-100 days late.

INJECTED KINDS (counts at 30,000 rows; they scale with --rows, with floors) AND LABELS
  Labels are per row: status firm = an anomaly a French auditor would raise; ambiguous =
  a natural row an honest analyst could call either way (left out of lenient precision,
  not required for recall). A row may carry labels of several kinds.
  duplicate (45): a second entry of an invoice, entered 2-60 days after the first (sent
  again with a reminder): 40 % the same number, date and amount; 35 % the number keyed
  differently (separator dropped, leading zeros dropped, "-1"/"bis" suffix, two digits
  swapped, a letter O for a zero); 25 % the same number and amount with a date 1-10 days
  off. The copy is firm; the original is ambiguous (it is half of the pair); a copy
  entered more than 45 days after its date is also ambiguous for backdated. The 2nd+
  equal parts of a split (same amount, next number, 0-3 days) are ambiguous here and for
  repeated_amount: the issue's own definition of a fuzzy duplicate fits them.
  Credit-and-rebill pairs (avoir then a new invoice of the same or corrected amount) are
  unlabelled look-alikes.
  amount_outlier (30): a natural invoice of a vendor (log-spread sigma <= 0.9, 30+
  invoices on that account) whose amount is replaced by exp(4.5 sigma)-1.8x that times
  its median, or keyed with the decimal point shifted (x10 or x100, /10 or /100, as far
  as needed to pass 4.5 sigma): an amount unusual for that vendor's own spread.
  Ambiguous: natural draws more than 3 sigma from their vendor's log-median, and the
  annual energy "régularisation" invoices. Year-end volume (December x1.25) is not
  labelled.
  benford (3 vendors): a subcontractor created by an insider and two real ones whose
  totals were invented by a person: first digits spread 3-9 with few 1s and 2s, 60-180
  invoices each. Every row of those vendors is labelled; scored per vendor.
  below_limit (40): a natural invoice of a vendor with a wide range re-priced to
  9,500-9,990 EUR TTC, approved by the site manager. Ambiguous: every other EUR row in
  [9,500, 10,000) (the classic control lists them all).
  split_purchase (20 groups): one purchase of 11,000-35,000 EUR billed as 2-4 invoices
  (equal, near-equal or uneven parts, each under 9,400) within 0-3 working days, numbers
  one after another, one clerk, one site manager. All parts firm. Ambiguous: natural
  groups of one vendor and one site (one approver) within 3 days, 2-5 invoices of
  2,000-10,000 summing over 10,000, except at interim agencies, rent and automated
  billers. Interim agencies' weekly per-site invoices and the energy supplier's per-site
  bills of one day are unlabelled look-alikes.
  threshold_cluster (3 clusters, ~36 rows): a site manager whose own delegation stops at
  5,000 (or 2,000 / 3,000) has one vendor cut work orders into 10-14 invoices in
  [0.95 T, T) within about 200 days, at a vendor whose median is 1.3-5x below T and
  which had at most 2 natural invoices in that band. Those rows firm; other natural rows
  of that vendor in the band ambiguous.
  round_amount (40): a natural invoice of 1,000 EUR or more at a vendor with computed
  prices whose total is replaced by a round sum (multiple of 100, 500 or 1,000; below
  1,000 a round TTC is often a round HT forfait, 250 HT -> 300.00). Ambiguous: computed
  totals of 500 or more that happen to be a multiple of 100 (about 1 in 10,000 rows).
  Round fees that are the business (day rates, training, auditor, dues) are unlabelled.
  repeated_amount (12 groups of 3): one uneven total of a variable-price vendor re-used
  on two more invoices months apart. The 2nd and 3rd are firm, the 1st ambiguous;
  duplicate copies are ambiguous here too. Subscriptions, leasing, rent and lane rates
  repeat innocently (unlabelled).
  weekend_date (40), holiday_date (30): an invoice of a French weekday-only vendor moved
  to a Saturday/Sunday or onto a closed holiday within 5 days. Ambiguous: natural rows of
  French vendors that are not automated billers on Whit Monday (holiday kind).
  Automated billers, Saturday carriers, the Sunday agency and
  foreign vendors on French holidays are unlabelled look-alikes.
  backdated (30): 60 % an old invoice (5-14 months old, its number fitting its date)
  entered now; 40 % a year keyed one too low. Ambiguous: natural reminders 60-100 days
  late. The year-typo rows are also ambiguous for numbering.
  future_date (25): a year keyed one too high, or day and month swapped (03/12 read as
  3 December) so the date lies 20+ days after entry. Also ambiguous for numbering. Rent
  entered 5-25 days before its date is an unlabelled look-alike.
  new_vendor (6 shell vendors, 1-4 invoices each in one or two months, neobank or foreign
  IBAN, consulting or subcontracting): first row firm, later rows ambiguous. Ambiguous:
  the first row of every natural vendor first seen after the ledger's first 90 days, and
  its invoices dated within 30 days of that first one (later ones are unlabelled).
  iban_change (8 frauds): a known vendor's next 1-3 invoices entered carry a fraudster's
  IBAN ("changement de RIB" by e-mail), then the right one again. First fraudulent row
  (in the ledger's order) firm; later fraudulent rows and the first row back on the right
  IBAN ambiguous. Ambiguous: 4 real changes (a new bank, a move to a factoring company),
  first row on the new IBAN.
  numbering (25): 60 % a number from 4-8 months before or after its date in a year series;
  40 % a jump of 10-50 numbers in a subcontractor's dedicated series (the row after the
  gap). Year-series resets in January, separate AV series, and vendors' shared series with
  jumps are unlabelled look-alikes. 1 % of natural dates are 1-2 days off their number's
  order (dated from the delivery): such a row and each row of its series it is inverted
  with (within 6 days) are ambiguous, and so are the rows inverted by a weekend or
  holiday injection; the next number after an invoice entered after the export date (a
  real hole in the export) is ambiguous too.
  rare_account (30): an invoice coded to an account foreign to its vendor (parts to
  6257 réceptions, a carrier to 2154, a subcontractor to 6226...). Ambiguous: natural
  vendor-account pairs used at most twice at vendors with 20+ invoices (capex lines of a
  tools vendor, for example).
  sod_breach (60): a clerk approves his own entry, or a site manager enters and approves.

OUTPUT: per kind labelled (firm), ambiguous, predicted, TP, FP (strict), FP lenient, FN,
strict and lenient precision, recall; benford and its counts are per vendor.
Usage: python bench/anomalies_france_ledger.py [--seed N] [--rows N] [--keep DIR] [--json]
[--samples K]. Standard library only; the tool is run from this project (or $LEDGER_TOOL_DIR).
"""

from __future__ import annotations

import argparse
import bisect
import calendar
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# the project this file sits in, or another checkout of it to measure
TOOL_DIR = Path(os.environ.get("LEDGER_TOOL_DIR", Path(__file__).resolve().parents[1]))
START = dt.date(2022, 1, 1)
END = dt.date(2024, 12, 31)
EXPORT = dt.date(2025, 1, 31)
LIMIT = 10000.0
FX = {"EUR": 1.0, "CHF": 1.04, "GBP": 1.16, "USD": 0.92}
DAY = dt.timedelta(days=1)

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
# detector name printed by the CLI -> kind (checked on a first run of the tool)
DETECTORS = {
    "duplicate": "duplicate",
    "duplicate_invoice": "duplicate",
    "amount_outlier": "amount_outlier",
    "benford": "benford",
    "below_limit": "below_limit",
    "split_purchase": "split_purchase",
    "threshold_cluster": "threshold_cluster",
    "round_amount": "round_amount",
    "repeated_amount": "repeated_amount",
    "weekend_date": "weekend_date",
    "holiday_date": "holiday_date",
    "backdated": "backdated",
    "future_date": "future_date",
    "new_vendor": "new_vendor",
    "iban_change": "iban_change",
    "numbering": "numbering",
    "rare_account": "rare_account",
    "sod_breach": "sod_breach",
}
BASE_COUNTS = {
    "duplicate": 45,
    "amount_outlier": 30,
    "benford": 3,
    "below_limit": 40,
    "split_purchase": 20,
    "threshold_cluster": 3,
    "round_amount": 40,
    "repeated_amount": 12,
    "weekend_date": 40,
    "holiday_date": 30,
    "backdated": 30,
    "future_date": 25,
    "new_vendor": 6,
    "iban_change": 8,
    "numbering": 25,
    "rare_account": 30,
    "sod_breach": 60,
}
FLOORS = {"benford": 2, "threshold_cluster": 2, "new_vendor": 3, "iban_change": 4}

# ---------------------------------------------------------------- calendars


def easter(y: int) -> dt.date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(y, month, day)


def fr_closed(y: int) -> dict[dt.date, str]:
    e = easter(y)
    return {
        dt.date(y, 1, 1): "Jour de l'an",
        e + DAY: "Lundi de Pâques",
        dt.date(y, 5, 1): "Fête du Travail",
        dt.date(y, 5, 8): "Victoire 1945",
        e + 39 * DAY: "Ascension",
        dt.date(y, 7, 14): "Fête nationale",
        dt.date(y, 8, 15): "Assomption",
        dt.date(y, 11, 1): "Toussaint",
        dt.date(y, 11, 11): "Armistice",
        dt.date(y, 12, 25): "Noël",
    }


def foreign_holidays(country: str, y: int) -> set[dt.date]:
    e = easter(y)
    if country == "DE":
        return {
            dt.date(y, 1, 1),
            e - 2 * DAY,
            e + DAY,
            dt.date(y, 5, 1),
            e + 39 * DAY,
            e + 50 * DAY,
            dt.date(y, 10, 3),
            dt.date(y, 12, 25),
            dt.date(y, 12, 26),
        }
    if country == "IT":
        return {
            dt.date(y, 1, 1),
            dt.date(y, 1, 6),
            e + DAY,
            dt.date(y, 4, 25),
            dt.date(y, 5, 1),
            dt.date(y, 6, 2),
            dt.date(y, 8, 15),
            dt.date(y, 11, 1),
            dt.date(y, 12, 8),
            dt.date(y, 12, 25),
            dt.date(y, 12, 26),
        }
    if country == "CH":
        return {
            dt.date(y, 1, 1),
            dt.date(y, 1, 2),
            e - 2 * DAY,
            e + DAY,
            e + 39 * DAY,
            e + 50 * DAY,
            dt.date(y, 8, 1),
            dt.date(y, 12, 25),
            dt.date(y, 12, 26),
        }
    if country == "GB":
        may1 = dt.date(y, 5, 1)
        early = may1 + dt.timedelta(days=(7 - may1.weekday()) % 7)
        last_may = dt.date(y, 5, 31) - dt.timedelta(days=dt.date(y, 5, 31).weekday())
        last_aug = dt.date(y, 8, 31) - dt.timedelta(days=dt.date(y, 8, 31).weekday())
        return {
            dt.date(y, 1, 1),
            e - 2 * DAY,
            e + DAY,
            early,
            last_may,
            last_aug,
            dt.date(y, 12, 25),
            dt.date(y, 12, 26),
        }
    return {dt.date(y, 1, 1), dt.date(y, 7, 4), dt.date(y, 12, 25)}


YEARS = range(START.year, END.year + 2)
CLOSED: dict[dt.date, str] = {}
for _y in YEARS:
    CLOSED.update(fr_closed(_y))
WHIT = {easter(y) + 50 * DAY for y in YEARS}
ASC_BRIDGE = {easter(y) + 40 * DAY for y in YEARS}
FOREIGN_HOL = {
    c: set().union(*(foreign_holidays(c, y) for y in YEARS)) for c in ("DE", "IT", "CH", "GB", "US")
}
ALL_DAYS = [START + i * DAY for i in range((END - START).days + 1)]


def hq_workday(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in CLOSED


def next_hq_workday(d: dt.date) -> dt.date:
    while not hq_workday(d):
        d += DAY
    return d


def month_factor(d: dt.date, profile: str) -> float:
    m = d.month
    if profile == "shutdown":
        return {7: 1.35, 8: 1.5, 12: 1.15}.get(m, 1.0)
    if m == 8:
        return 0.35 if d.day <= 23 else 0.8
    if m == 12:
        return 1.3 if d.day <= 20 else 0.5
    return {1: 0.95, 3: 1.05, 5: 0.9, 6: 1.05, 9: 1.1, 10: 1.05}.get(m, 1.0)


def day_weight(d: dt.date, profile: str) -> float:
    if profile in ("DE", "IT", "CH", "GB", "US"):
        if d.weekday() >= 5 or d in FOREIGN_HOL[profile]:
            return 0.0
        return 0.6 if (profile == "IT" and d.month == 8) else 1.0
    wd = d.weekday()
    if d in CLOSED:
        return 0.0
    if wd == 6:
        return 0.0
    if wd == 5:
        if profile != "sat":
            return 0.0
        return 0.35
    w = month_factor(d, "shutdown" if profile == "shutdown" else "fr")
    if d in WHIT:
        w *= 0.5
    if d in ASC_BRIDGE:
        w *= 0.35
    if d.month == 12 and d.day == 31:
        w = 1.6
    return w


_CUM: dict[str, list[float]] = {}


def cum_weights(profile: str) -> list[float]:
    if profile not in _CUM:
        acc, out = 0.0, []
        for d in ALL_DAYS:
            acc += day_weight(d, profile)
            out.append(acc)
        _CUM[profile] = out
    return _CUM[profile]


def sample_dates(rng: random.Random, profile: str, a: dt.date, b: dt.date, n: int) -> list[dt.date]:
    cum = cum_weights(profile)
    ia, ib = (a - START).days, (b - START).days
    lo = cum[ia - 1] if ia > 0 else 0.0
    hi = cum[ib]
    out = []
    for _ in range(n):
        u = rng.uniform(lo, hi)
        i = bisect.bisect_left(cum, u, ia, ib + 1)
        out.append(ALL_DAYS[min(i, ib)])
    return sorted(out)


# ---------------------------------------------------------------- IBANs


def iban(country: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(num) % 97:02d}{bban}"


def fr_iban(rng: random.Random, bank: str | None = None) -> str:
    bank = bank or rng.choice(
        ["30004", "30003", "10278", "30002", "18206", "14505", "10107", "30066", "13807"]
    )
    branch = f"{rng.randrange(100000):05d}"
    acct = f"{rng.randrange(10**11):011d}"
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
    return iban("FR", f"{bank}{branch}{acct}{key:02d}")


def foreign_iban(rng: random.Random, country: str) -> str:
    digits = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))  # noqa: E731
    if country == "DE":
        return iban("DE", digits(18))
    if country == "IT":
        return iban("IT", rng.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + digits(22))
    if country == "CH":
        return iban("CH", digits(17))
    if country == "GB":
        return iban("GB", rng.choice(["BARC", "LOYD", "NWBK", "HBUK"]) + digits(14))
    if country == "LT":
        return iban("LT", "32500" + digits(11))
    if country == "ES":
        return iban("ES", digits(20))
    if country == "PT":
        return iban("PT", digits(21))
    if country == "IE":
        return iban("IE", rng.choice(["AIBK", "BOFI"]) + digits(14))
    return iban("NL", rng.choice(["INGB", "ABNA", "RABO"]) + digits(10))


# ---------------------------------------------------------------- vendors

SITES_ALL = ["LYO", "STE", "GRE", "CLF", "VAL", "DIJ"]
MANAGERS = {
    "LYO": ("j.girard", "b.faure"),
    "STE": ("p.roux", "t.vidal"),
    "GRE": ("a.fournier", "o.lambert"),
    "CLF": ("m.lefebvre", "r.bonnet"),
    "VAL": ("c.mercier", "g.perrin"),
    "DIJ": ("f.garnier", "d.henry"),
}
DAF = "e.dubois"
CLERKS_EARLY = ["s.bernard", "l.moreau", "n.petit"]
CLERKS_LATE = ["s.bernard", "l.moreau", "k.roche"]  # n.petit left in May 2023
CLERK_SWITCH = dt.date(2023, 5, 15)

NAME_A = [
    "Rhône",
    "Forez",
    "Dauphiné",
    "Alpes",
    "Loire",
    "Velay",
    "Vivarais",
    "Bresse",
    "Savoie",
    "Auvergne",
    "Beaujolais",
    "Chartreuse",
    "Vercors",
    "Morvan",
    "Bourgogne",
    "Lyonnais",
    "Jura",
    "Bugey",
    "Gier",
    "Isère",
    "Drôme",
    "Ardèche",
    "Cantal",
    "Livradois",
    "Saône",
    "Dombes",
    "Pilat",
    "Belledonne",
]
NAME_B = {
    "pieces": [
        "Roulements",
        "Hydraulique",
        "Pneumatique",
        "Transmissions",
        "Étanchéité",
        "Fixations",
    ],
    "outillage": ["Outillage", "Équipements Atelier", "Abrasifs", "Soudure"],
    "sous": [
        "Usinage",
        "Chaudronnerie",
        "Électricité Industrielle",
        "Mécanique",
        "Automatismes",
        "Bobinage",
    ],
    "btp": ["Maçonnerie", "Génie Civil", "Charpente Métallique", "Peinture Industrielle"],
    "equip": ["Machines", "Compresseurs", "Levage", "Robotique"],
    "transport": ["Transports", "Messagerie", "Logistique", "Express"],
    "divers": [
        "Serrurerie",
        "Quincaillerie",
        "Vitrerie",
        "Nettoyage Industriel",
        "Climatisation",
        "Imprimerie",
        "Signalétique",
        "Métrologie",
        "Plomberie",
        "Électroménager Pro",
        "Vêtements de Travail",
        "Pièces Auto",
        "Extincteurs",
        "Dépannage",
        "Reprographie",
        "Jardins",
        "Traiteur",
        "Déménagements",
    ],
}
FORMS = ["SAS", "SARL", "SA", "EURL", "Ets", "SAS"]


@dataclass
class Vendor:
    name: str
    kind: str
    country: str = "FR"
    currency: str = "EUR"
    vat: float = 0.20
    account: str = "607"
    alt_account: str | None = None
    alt_p: float = 0.0
    median: float = 500.0
    sigma: float = 0.8
    profile: str = "fr"
    n: int = 0
    numbering: str = "year"  # year, glued, global, dedicated, period
    prefix: str = "FA"
    gap: float = 10.0
    iban: str = ""
    sites: list[str] = field(default_factory=list)
    edi: bool = False
    auto: bool = False  # dates on its own schedule whatever the day
    lag: tuple[int, int] = (2, 25)
    start: dt.date = START
    end: dt.date = END
    tariff: list[float] | None = None
    weekday_only: bool = True
    natural_new: bool = False
    fixed_approver: str | None = None  # "" for pre-approved direct debit
    shell: bool = False
    fabricator: bool = False


@dataclass
class Row:
    v: Vendor
    date: dt.date
    net: float
    tax: float
    site: str
    account: str
    iban: str
    currency: str
    recorded: dt.date = START
    series: int | None = None
    seq: int = 0
    number: str = ""
    credit: bool = False
    uploaded: str = ""
    approved: str = ""
    z: float | None = None
    regul: bool = False
    jitter: bool = False
    touched: bool = False
    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    order: float = 0.0

    @property
    def total(self) -> float:
        return round(self.net + self.tax, 2)

    def set_total(self, total: float) -> None:
        if self.v.vat:
            self.net = round(total / (1 + self.v.vat), 2)
            self.tax = round(total - self.net, 2)
        else:
            self.net, self.tax = round(total, 2), 0.0

    def label(self, kind: str, status: str, group: str, note: str) -> None:
        old = self.labels.get(kind)
        if old and old[0] == "firm" and status != "firm":
            return
        self.labels[kind] = (status, group, note)


class Gen:
    def __init__(self, seed: int, rows: int) -> None:
        self.rng = random.Random(seed)
        self.target = rows
        self.scale = rows / 30000
        nsites = 6 if rows >= 20000 else (4 if rows >= 8000 else 3)
        self.sites = SITES_ALL[:nsites]
        self.vendors: list[Vendor] = []
        self.rows: list[Row] = []
        self.used_names: set[str] = set()
        self.fuel = {(y, m): self.rng.uniform(0.14, 0.24) for y in YEARS for m in range(1, 13)}

    # ------------------------------------------------------------ helpers
    def name(self, kind: str) -> str:
        r = self.rng
        for _ in range(1000):
            b = r.choice(NAME_B[kind])
            a = r.choice(NAME_A)
            style = r.random()
            if style < 0.4:
                nm = f"{b} {a} {r.choice(FORMS)}"
            elif style < 0.7:
                nm = f"{a} {b}"
            else:
                nm = f"{r.choice(FORMS)} {b} du {a}" if r.random() < 0.5 else f"{b} {a} Services"
            if nm not in self.used_names:
                self.used_names.add(nm)
                return nm
        raise RuntimeError("names exhausted")

    def clerk(self, d: dt.date) -> str:
        return self.rng.choice(CLERKS_EARLY if d < CLERK_SWITCH else CLERKS_LATE)

    def cnt(self, kind: str) -> int:
        return max(FLOORS.get(kind, 1), round(BASE_COUNTS[kind] * self.scale))

    # ------------------------------------------------------------ vendor master
    def build_vendors(self) -> None:
        r = self.rng
        s = self.sites
        V = self.vendors
        # random-schedule archetypes:
        # (kind, namekind, count, share, med, sig, acct, alt, vat, profile)
        spec = [
            ("pieces", "pieces", 22, 0.40, (250, 1100), (1.05, 1.35), "607", "6063", 0.2, "fr"),
            ("outillage", "outillage", 8, 0.05, (150, 500), (0.9, 1.2), "6063", "2154", 0.2, "fr"),
            ("sous", "sous", 26, 0.17, (1500, 4500), (0.7, 1.0), "611", None, 0.2, "shutdown"),
            ("btp", "btp", 5, 0.025, (2500, 7000), (0.6, 0.9), "611", None, 0.0, "fr"),
            ("equip", "equip", 7, 0.015, (3500, 12000), (0.8, 1.1), "2154", "6155", 0.2, "fr"),
            ("transport", "transport", 6, 0.10, (0, 0), (0, 0), "6241", "6242", 0.2, "fr"),
            ("divers", "divers", 150, 0.05, (100, 1800), (0.7, 1.1), "", None, 0.2, "fr"),
        ]
        nrand = int((self.target * 0.985 - self.fixed_estimate) * 1.17)
        for kind, nk, count, share, med, sig, acct, alt, vat, profile in spec:
            count = max(3, round(count * self.scale**0.6))
            budget = nrand * share
            weights = [r.lognormvariate(0, 0.9) for _ in range(count)]
            tot = sum(weights)
            for i in range(count):
                v = Vendor(
                    self.name(nk), kind, vat=vat, account=acct, alt_account=alt, profile=profile
                )
                v.median = r.uniform(*med) if med[1] else 0
                v.sigma = r.uniform(*sig)
                v.n = max(2, round(budget * weights[i] / tot))
                v.sites = (
                    s
                    if kind in ("pieces", "transport", "outillage")
                    else r.sample(s, r.randint(1, min(3, len(s))))
                )
                v.iban = fr_iban(r)
                v.alt_p = 0.02 if alt else 0.0
                if kind == "pieces":
                    v.numbering = r.choice(["year", "glued"])
                    v.prefix = r.choice(["FA", "F", "FC", ""])
                    v.gap = r.uniform(20, 300)
                elif kind == "sous":
                    v.numbering = "dedicated" if i % 3 == 0 else "year"
                    v.gap = 1 if v.numbering == "dedicated" else r.uniform(2, 12)
                    v.prefix = r.choice(["F", "FA", "FACT-"])
                    v.lag = (2, 30)
                elif kind == "btp":
                    v.numbering = "dedicated" if i % 2 == 0 else "year"
                    v.gap = 1 if v.numbering == "dedicated" else r.uniform(2, 6)
                    v.prefix = "F"
                elif kind == "transport":
                    v.tariff = [round(r.uniform(45, 900), 2) for _ in range(r.randint(6, 14))]
                    v.numbering = "global"
                    v.prefix = r.choice(["TR", "", "FT"])
                    v.gap = r.uniform(200, 2000)
                    v.account = "6241" if i % 2 == 0 else "6242"
                    v.alt_account = "6242" if v.account == "6241" else "6241"
                    v.alt_p = 0.05
                    if i < 2:
                        v.profile = "sat"
                        v.weekday_only = False
                elif kind == "equip":
                    v.numbering = "global"
                    v.prefix = r.choice(["", "INV", "F"])
                    v.gap = r.uniform(5, 60)
                elif kind == "divers":
                    v.account = r.choice(
                        ["6063", "6155", "6152", "6068", "6238", "6257", "6064", "6156"]
                    )
                    v.numbering = r.choice(["year", "global", "glued"])
                    v.prefix = r.choice(["F", "FA", "", "N°"])
                    v.gap = r.uniform(5, 200)
                    v.n = max(1, min(v.n, r.randint(1, 40)))
                else:
                    v.numbering = r.choice(["year", "global"])
                    v.gap = r.uniform(10, 100)
                # vendor life
                u = r.random()
                if kind == "divers":
                    v.start = START + dt.timedelta(days=r.randrange(0, 1000))
                    v.end = min(END, v.start + dt.timedelta(days=r.randrange(30, 900)))
                elif u < 0.2:
                    v.start = START + dt.timedelta(days=r.randrange(120, 950))
                elif u < 0.28:
                    v.end = START + dt.timedelta(days=r.randrange(400, 1000))
                V.append(v)
        # foreign makers
        for country, cur, count in (
            ("DE", "EUR", 4),
            ("IT", "EUR", 2),
            ("CH", "CHF", 1),
            ("GB", "GBP", 1),
        ):
            for i in range(max(1, round(count * self.scale**0.6))):
                base = {
                    "DE": ["Maschinenbau", "Antriebstechnik", "Hydraulik", "Dichtungstechnik"],
                    "IT": ["Meccanica", "Oleodinamica"],
                    "CH": ["Präzision"],
                    "GB": ["Engineering"],
                }[country]
                form = {"DE": "GmbH", "IT": "S.p.A.", "CH": "AG", "GB": "Ltd"}[country]
                fam = r.choice(
                    ["Keller", "Brunner", "Rossi", "Bianchi", "Weber", "Hartley", "Vogt"]
                )
                nm = f"{fam} {base[i % len(base)]} {form}"
                if nm in self.used_names:
                    nm = nm.replace(form, f"{form} {country}")
                self.used_names.add(nm)
                v = Vendor(
                    nm,
                    "foreign",
                    country=country,
                    currency=cur,
                    vat=0.0,
                    account="607",
                    profile=country,
                )
                v.median = r.uniform(900, 6000)
                v.sigma = r.uniform(0.8, 1.1)
                v.n = max(8, round(nrand * 0.045 / 8))
                v.sites = s
                v.iban = foreign_iban(r, country)
                v.numbering = "global"
                v.prefix = {"DE": "RE-", "IT": "FT/", "CH": "R", "GB": "INV"}[country]
                v.gap = r.uniform(20, 200)
                v.lag = (5, 35)
                v.weekday_only = False
                V.append(v)
        # fixed-schedule vendors
        self.fixed_vendors(s)

    def fixed_vendors(self, s: list[str]) -> None:
        r = self.rng

        def mk(name: str, kind: str, **kw) -> Vendor:
            self.used_names.add(name)
            v = Vendor(name, kind, **kw)
            v.auto = kw.get("auto", True)
            v.weekday_only = False
            self.vendors.append(v)
            return v

        mk(
            "Électricité de Rhône Énergies",
            "elec",
            account="6061",
            edi=True,
            numbering="global",
            prefix="10",
            gap=5e5,
            sites=s,
            fixed_approver="",
            lag=(1, 4),
        )
        mk(
            "GazPro Distribution",
            "gas",
            account="6061",
            edi=True,
            numbering="global",
            prefix="G",
            gap=2e5,
            sites=s[: max(2, len(s) // 2)],
            fixed_approver="",
            lag=(1, 4),
        )
        mk(
            "Eaux du Grand Lyon et Régions",
            "water",
            account="6061",
            vat=0.055,
            numbering="global",
            prefix="",
            gap=1e5,
            sites=s,
            iban=fr_iban(r, "30004"),
            lag=(3, 20),
        )
        mk(
            "Orange Pro Télécom",
            "telecom",
            account="626",
            edi=True,
            numbering="global",
            prefix="FX",
            gap=1e6,
            sites=["LYO"],
            fixed_approver="",
            lag=(1, 4),
        )
        mk(
            "Mobilis Flotte Mobile",
            "telecom2",
            account="626",
            edi=True,
            numbering="global",
            prefix="MF",
            gap=3e5,
            sites=["LYO"],
            fixed_approver="",
            lag=(1, 4),
        )
        mk(
            "Diac Location Longue Durée",
            "leasing",
            account="6135",
            numbering="global",
            prefix="LLD",
            gap=5e4,
            sites=s,
            fixed_approver="",
            lag=(2, 10),
        )
        mk(
            "Chariots Élévateurs Location",
            "leasing2",
            account="6135",
            numbering="global",
            prefix="CL",
            gap=5e3,
            sites=s,
            fixed_approver="",
            lag=(2, 10),
        )
        mk(
            "TotalCarte Pro",
            "fuel",
            account="6061",
            numbering="global",
            prefix="TC",
            gap=8e4,
            sites=s,
            fixed_approver="",
            lag=(2, 8),
        )
        for i, site in enumerate(s[: max(2, len(s) - 1)]):
            mk(
                "SCI " + SCI_NAMES[i],
                "rent",
                account="6132",
                numbering="period",
                prefix="AE",
                sites=[site],
                iban=fr_iban(r),
                lag=(-25, -5),
            )
        saas = [
            ("GMAO Cloud SAS", "saas_m", "6135", 0.2, "EUR", 890.0),
            ("Logiciel ERP Gestion SA", "saas_y", "6135", 0.2, "EUR", 14380.0),
            ("CAO Systems Inc.", "saas_usd", "6135", 0.0, "USD", 1240.0),
            ("Microsoft 365 Revendeur France", "saas_m", "6135", 0.2, "EUR", 2150.0),
            ("Veille Normes Documentation", "press_y", "6183", 0.055, "EUR", 1870.0),
            ("La Revue Industrielle Presse", "press_y", "6181", 0.021, "EUR", 389.0),
            ("Signature Électronique SaaS", "saas_m", "6135", 0.2, "EUR", 119.0),
            ("Cloud Sauvegarde Inc.", "saas_usd", "6135", 0.0, "USD", 310.0),
        ]
        for nm, kind, acct, vat, cur, amt in saas:
            v = mk(
                nm,
                kind,
                account=acct,
                vat=vat,
                currency=cur,
                numbering="global",
                prefix="INV-",
                gap=r.uniform(500, 5000),
                sites=["LYO"],
                fixed_approver="",
                lag=(1, 10),
            )
            v.median = amt
            v.country = "US" if cur == "USD" else "FR"
            v.start = (
                START + dt.timedelta(days=r.randrange(0, 60))
                if kind != "saas_y"
                else START + dt.timedelta(days=r.randrange(0, 300))
            )
        mk(
            "Propreté Industrielle Services",
            "cleaning",
            account="6155",
            numbering="year",
            prefix="FA",
            gap=400,
            sites=s,
            iban=fr_iban(r),
            auto=False,
        )
        mk(
            "Collecte Déchets Industriels",
            "waste",
            account="6068",
            numbering="global",
            prefix="DI",
            gap=3000,
            sites=s,
            iban=fr_iban(r),
        )
        mk(
            "Sécurité Gardiennage Rhône",
            "security",
            account="6155",
            numbering="year",
            prefix="SG",
            gap=30,
            sites=s[:2],
            iban=fr_iban(r),
            auto=False,
        )
        mk(
            "Café Fontaines Services",
            "coffee",
            account="6068",
            vat=0.055,
            numbering="global",
            prefix="CF",
            gap=900,
            sites=s,
            fixed_approver="",
            lag=(2, 12),
        )
        ag = ["Intérim Plus Rhône-Alpes", "Temporis Industrie", "Start Travail Temporaire"]
        for i, nm in enumerate(ag[: 2 if len(s) <= 3 else 3]):
            v = mk(
                nm,
                "interim",
                account="6211",
                numbering="global",
                prefix=["IP", "T", "ST"][i],
                gap=r.uniform(300, 3000),
                sites=s[i::3] if len(s) > 3 else s[i::2],
                iban=fr_iban(r),
                lag=(2, 12),
                auto=False,
            )
            v.median = r.uniform(3500, 5500)
            v.sigma = 0.33
            if i == 1:
                v.profile = "sunday"
        mk(
            "Mutuelle Assurances Entreprises",
            "insurance",
            account="616",
            vat=0.0,
            numbering="global",
            prefix="AV",
            gap=2e4,
            sites=["LYO"],
            iban=fr_iban(r),
            lag=(-20, 15),
        )
        mk(
            "Assurance Flotte Auto",
            "insurance_q",
            account="616",
            vat=0.0,
            numbering="global",
            prefix="Q",
            gap=3e3,
            sites=["LYO"],
            iban=fr_iban(r),
            lag=(3, 20),
        )
        mk(
            "Cabinet Audit Commissaires Associés",
            "cac",
            account="6226",
            numbering="year",
            prefix="H",
            gap=40,
            sites=["LYO"],
            iban=fr_iban(r),
            lag=(3, 20),
            auto=False,
        )
        mk(
            "Syndicat Maintenance Industrielle",
            "dues",
            account="6281",
            vat=0.0,
            numbering="period",
            prefix="COT",
            sites=["LYO"],
            iban=fr_iban(r),
            lag=(3, 20),
            auto=False,
        )
        mk(
            "CCI Lyon Métropole Formations",
            "training",
            account="6228",
            vat=0.0,
            numbering="year",
            prefix="FO",
            gap=150,
            sites=s,
            iban=fr_iban(r),
            lag=(3, 20),
            auto=False,
        )
        mk(
            "Organisme Habilitations Électriques",
            "training",
            account="6228",
            vat=0.0,
            numbering="year",
            prefix="HE",
            gap=60,
            sites=s,
            iban=fr_iban(r),
            lag=(3, 20),
            auto=False,
        )
        for i in range(3):
            nm = [
                "Conseil Lean Industrie",
                "Ingénierie Fiabilité Conseil",
                "Informatique Industrielle Conseil",
            ][i]
            mk(
                nm,
                "consult",
                account="6226",
                numbering="dedicated" if i == 0 else "year",
                prefix="F",
                gap=1 if i == 0 else 8,
                sites=["LYO"],
                iban=fr_iban(r),
                lag=(2, 15),
                auto=False,
            )
        for i in range(4):
            nm = [
                "Hôtel Ibis Part-Dieu",
                "Brasserie des Forges",
                "Restaurant Le Relais Industriel",
                "Hôtel Campanile Grenoble",
            ][i]
            v = mk(
                nm,
                "horeca",
                account="6251" if "Hôtel" in nm else "6257",
                vat=0.10,
                numbering="global",
                prefix="",
                gap=500,
                sites=[s[i % len(s)]],
                iban="",
                lag=(3, 25),
                auto=False,
            )
            v.median, v.sigma = r.uniform(90, 450), 0.6
            v.profile = "sat"
        for v in self.vendors:
            if v.kind == "rent":
                v.median = r.uniform(9000, 24000)

    # ------------------------------------------------------------ natural rows
    def make_row(
        self, v: Vendor, d: dt.date, net: float, site: str | None = None, account: str | None = None
    ) -> Row:
        site = site or self.rng.choice(v.sites)
        acct = account or (
            v.alt_account if v.alt_account and self.rng.random() < v.alt_p else v.account
        )
        tax = 0.0 if not v.vat else round(net * v.vat, 2)
        row = Row(v, d, round(net, 2), tax, site, acct, v.iban, v.currency)
        self.rows.append(row)
        return row

    def generate(self) -> None:
        r = self.rng
        for v in self.vendors:
            if v.kind in ("pieces", "outillage", "sous", "btp", "equip", "divers", "foreign"):
                for d in sample_dates(r, v.profile, v.start, v.end, v.n):
                    z = r.gauss(0, 1)
                    net = v.median * math.exp(v.sigma * z)
                    if d.month == 12 and v.kind in ("equip", "pieces", "outillage"):
                        net *= 1.25
                    row = self.make_row(v, d, net)
                    row.z = z
                    if v.account == "2154" and net < 500:
                        row.account = "6063"
            elif v.kind == "transport":
                for d in sample_dates(r, v.profile, v.start, v.end, v.n):
                    lines = r.choices([1, 2, 3, 4], [0.55, 0.25, 0.12, 0.08])[0]
                    base = sum(r.choice(v.tariff or [100.0]) for _ in range(lines))
                    self.make_row(v, d, base * (1 + self.fuel[(d.year, d.month)]))
            else:
                self.fixed_rows(v)

    def months(self, v: Vendor):
        y, m = v.start.year, v.start.month
        while dt.date(y, m, 1) <= v.end:
            yield y, m
            m += 1
            if m == 13:
                y, m = y + 1, 1

    def fixed_rows(self, v: Vendor) -> None:
        r = self.rng
        k = v.kind
        price = {2022: 1.0, 2023: 1.045, 2024: 1.08, 2025: 1.1}
        if k in ("elec", "gas"):
            energy = {2022: 1.0, 2023: 1.65, 2024: 1.35}
            season = [1.35, 1.3, 1.15, 0.95, 0.85, 0.8, 0.8, 0.65, 0.85, 0.95, 1.15, 1.3]
            if k == "gas":
                season = [1.9, 1.7, 1.3, 0.8, 0.5, 0.35, 0.3, 0.3, 0.45, 0.8, 1.4, 1.8]
            for site in v.sites:
                base = r.uniform(1800, 6500) if k == "elec" else r.uniform(700, 2500)
                for y, m in self.months(v):
                    d = dt.date(y, m, 8 if k == "elec" else 12)
                    net = base * season[m - 1] * energy[y] * r.gauss(1, 0.06)
                    self.make_row(v, d, net, site)
                    if m == 3:
                        reg = self.make_row(
                            v, dt.date(y, 3, 22), base * energy[y] * r.uniform(0.4, 2.2), site
                        )
                        reg.regul = True
        elif k == "water":
            for site in v.sites:
                base = r.uniform(250, 1400)
                for y, m in self.months(v):
                    if m in (2, 5, 8, 11):
                        self.make_row(
                            v, dt.date(y, m, r.randint(5, 20)), base * r.gauss(1, 0.15), site
                        )
        elif k in ("telecom", "telecom2"):
            base = r.uniform(1500, 3000) if k == "telecom" else r.uniform(2200, 4200)
            for y, m in self.months(v):
                self.make_row(
                    v,
                    dt.date(y, m, 3 if k == "telecom" else 20),
                    base * price[y] * r.gauss(1, 0.03),
                )
        elif k in ("leasing", "leasing2"):
            for site in v.sites:
                base = (
                    round(r.uniform(900, 3800), 2)
                    if k == "leasing"
                    else round(r.uniform(420, 980), 2)
                )
                renew = dt.date(2023, r.randint(3, 10), 1)
                for y, m in self.months(v):
                    d = dt.date(y, m, 5 if k == "leasing" else 1)
                    amt = base if d < renew else round(base * 1.12, 2)
                    self.make_row(v, d, amt, site)
        elif k == "fuel":
            for y, m in self.months(v):
                for day in (15, calendar.monthrange(y, m)[1]):
                    site = r.choice(v.sites)
                    self.make_row(
                        v,
                        dt.date(y, m, day),
                        r.uniform(1800, 4200) * len(v.sites) / 3 * r.gauss(1, 0.12),
                        site,
                    )
        elif k == "rent":
            base = v.median
            for y, m in self.months(v):
                if m in (1, 4, 7, 10):
                    self.make_row(
                        v, dt.date(y, m, 1), base * {2022: 1.0, 2023: 1.035, 2024: 1.07}[y]
                    )
        elif k in ("saas_m", "saas_usd"):
            day = min(28, v.start.day)
            for y, m in self.months(v):
                d = dt.date(y, m, day)
                if d >= v.start:
                    self.make_row(v, d, v.median * (price[y] if k == "saas_m" else 1.0))
        elif k in ("saas_y", "press_y"):
            d = v.start
            while d <= END:
                self.make_row(v, d, v.median * price[d.year])
                d = dt.date(d.year + 1, d.month, d.day)
        elif k == "cleaning":
            for site in v.sites:
                base = round(r.uniform(1100, 3200), 2)
                for y, m in self.months(v):
                    d = dt.date(y, m, calendar.monthrange(y, m)[1])
                    self.make_row(v, d, round(base * price[y], 2), site)
                    if r.random() < 0.25:  # extra intervention, ordinary working day
                        dd = sample_dates(
                            r, "fr", dt.date(y, m, 1), min(END, dt.date(y, m, 28)), 1
                        )[0]
                        self.make_row(v, dd, r.uniform(180, 900), site)
        elif k == "waste":
            for site in v.sites:
                base = r.uniform(400, 1600)
                for y, m in self.months(v):
                    d = dt.date(y, m, calendar.monthrange(y, m)[1])
                    self.make_row(v, d, base * r.gauss(1, 0.2), site)
        elif k == "security":
            for site in v.sites:
                base = round(r.uniform(2500, 5200), 2)
                for y, m in self.months(v):
                    d = next_hq_workday(dt.date(y, m, 1) + dt.timedelta(days=r.randint(0, 4)))
                    self.make_row(v, d, round(base * price[y], 2), site)
        elif k == "coffee":
            for y, m in self.months(v):
                self.make_row(v, dt.date(y, m, 10), r.uniform(300, 900))
        elif k == "interim":
            mon = START - dt.timedelta(days=START.weekday()) + 7 * DAY
            while mon <= END:
                for site in v.sites:
                    if r.random() < 0.08:
                        continue
                    if v.profile == "sunday":
                        d = mon - DAY
                    else:
                        d = mon
                        while not hq_workday(d):
                            d += DAY
                    f = month_factor(mon, "shutdown")
                    z = r.gauss(0, 1)
                    row = self.make_row(v, d, v.median * f * math.exp(v.sigma * z), site)
                    row.z = z
                mon += 7 * DAY
        elif k == "insurance":
            for y in range(START.year, END.year + 1):
                self.make_row(v, dt.date(y, 1, 1), 38412.77 * price[y] * r.gauss(1, 0.01))
        elif k == "insurance_q":
            for y in range(START.year, END.year + 1):
                for m in (1, 4, 7, 10):
                    self.make_row(v, dt.date(y, m, 1), 6812.40 * price[y])
        elif k == "cac":
            for y in range(START.year, END.year + 1):
                for m, fee in ((3, 14000.0), (10, 9000.0)):
                    d = sample_dates(r, "fr", dt.date(y, m, 1), dt.date(y, m, 28), 1)[0]
                    self.make_row(v, d, fee + (1000 if y >= 2024 else 0))
        elif k == "dues":
            for y in range(START.year, END.year + 1):
                d = next_hq_workday(dt.date(y, 2, 3))
                self.make_row(v, d, [3200.0, 3300.0, 3400.0][y - START.year])
        elif k == "training":
            n = max(4, round(30 * self.scale))
            for d in sample_dates(r, "fr", START, END, n):
                per = r.choice([450.0, 690.0, 980.0, 1200.0, 1450.0])
                self.make_row(v, d, per * r.randint(1, 6))
        elif k == "consult":
            n = max(4, round(28 * self.scale))
            tjm = r.choice([650.0, 800.0, 950.0, 1100.0])
            for d in sample_dates(r, "fr", START, END, n):
                self.make_row(v, d, tjm * r.choice([0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12]))
        elif k == "horeca":
            n = max(10, round(90 * self.scale))
            for d in sample_dates(r, "sat", START, END, n):
                z = r.gauss(0, 1)
                row = self.make_row(v, d, v.median * math.exp(v.sigma * z))
                row.z = z

    # ------------------------------------------------------------ numbers, approvals, entry dates
    def finish_natural(self) -> None:
        r = self.rng
        by_v: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows:
            by_v[row.v.name].append(row)
        for rows in by_v.values():
            v = rows[0].v
            rows.sort(key=lambda x: (x.date, r.random()))
            seq, series = 0, None
            if v.numbering == "global":
                seq = r.randrange(1000, 900000) if v.gap > 100 else r.randrange(100, 5000)
            for row in rows:
                yr = row.date.year
                if v.numbering in ("year", "glued", "dedicated"):
                    if series != yr:
                        series = yr
                        seq = 0 if v.numbering == "dedicated" else int(v.gap * r.uniform(0.1, 3))
                    row.series = yr
                seq += 1 if v.gap <= 1 else 1 + int(r.expovariate(1 / max(v.gap - 1, 0.01)))
                row.seq = seq
            # natural jitter of dates against numbers (dated from delivery)
            if v.weekday_only and not v.auto:
                for row in rows:
                    if r.random() < 0.01:
                        d = row.date + r.choice([-2, -1, 1, 2]) * DAY
                        if (
                            day_weight(d, v.profile) > 0
                            and START <= d <= END
                            and d.year == row.date.year
                        ):
                            row.date = d
                            row.jitter = True
        for row in self.rows:
            self.number(row)
            self.enter(row)
        self.credit_notes()

    def number(self, row: Row) -> None:
        v = row.v
        y = row.date.year
        if v.numbering == "year":
            row.number = f"{v.prefix}{row.series}-{row.seq:05d}"
        elif v.numbering == "glued":
            row.number = f"{v.prefix}{(row.series or y) % 100:02d}{row.seq:06d}"
        elif v.numbering == "dedicated":
            row.number = f"{v.prefix}{row.series}-{row.seq:03d}"
        elif v.numbering == "period":
            if v.kind == "rent":
                row.number = f"AE-{y}-T{(row.date.month - 1) // 3 + 1}-{row.site}"
            else:
                row.number = f"{v.prefix}-{y}"
        else:
            row.number = f"{v.prefix}{row.seq:07d}" if v.gap < 1e5 else f"{v.prefix}{row.seq:010d}"

    def enter(self, row: Row, lag: int | None = None, natural: bool = True) -> None:
        r = self.rng
        v = row.v
        if lag is None:
            lo, hi = v.lag
            if v.kind == "rent" or v.edi or (v.kind == "insurance" and r.random() < 0.7):
                lag = r.randint(lo, hi)
            else:
                lag = lo + int(min(hi - lo, r.expovariate(1 / max(1, (hi - lo) / 3))))
            if natural and r.random() < 0.005 and not v.edi and v.kind not in ("rent", "insurance"):
                lag = r.randint(60, 100)
                row.labels.setdefault(
                    "backdated",
                    ("ambiguous", "late-reminder", f"found through a reminder {lag} days late"),
                )
        rec = row.date + lag * DAY
        if dt.date(rec.year, 8, 1) <= rec <= dt.date(rec.year, 8, 20) and v.kind not in ("rent",):
            rec += r.randint(0, 14) * DAY
        if row.date.month == 12 and rec.year == row.date.year and rec.day > 22:
            rec = dt.date(rec.year + 1, 1, 2) + r.randint(0, 15) * DAY
        row.recorded = next_hq_workday(rec)
        row.uploaded = "INTERFACE-EDI" if v.edi else self.clerk(row.recorded)
        self.approve(row)

    def approve(self, row: Row) -> None:
        v = row.v
        if v.fixed_approver is not None:
            row.approved = v.fixed_approver
            return
        if row.total * FX[row.currency] >= LIMIT:
            row.approved = DAF
            return
        mgr, deputy = MANAGERS[row.site]
        rec = row.recorded
        row.approved = deputy if rec.month == 8 and rec.day <= 21 else mgr

    def credit_notes(self) -> None:
        r = self.rng
        pool = [
            x
            for x in self.rows
            if x.v.kind in ("pieces", "sous", "outillage", "equip", "transport", "divers")
            and x.total > 80
        ]
        av_seq: dict[tuple[str, int], int] = {}
        for row in list(pool):
            u = r.random()
            if u > 0.02:
                continue
            full = u < 0.008 and row.v.gap >= 3
            d = row.date + r.randint(3, 30) * DAY
            if d > END:
                continue
            d = next_hq_workday(d)
            key = (row.v.name, d.year)
            av_seq[key] = (
                av_seq.get(key, r.randint(1, 40))
                + 1
                + int(r.expovariate(1 / max(1, row.v.gap / 10)))
            )
            frac = 1.0 if full else r.uniform(0.1, 0.6)
            av = self.make_row(row.v, d, -row.net * frac, row.site, row.account)
            av.tax = -round(row.tax * frac, 2)
            av.credit = True
            av.number = f"AV{d.year}-{av_seq[key]:04d}"
            av.touched = True
            self.enter(av, natural=False)
            if full:  # credit-and-rebill
                d2 = next_hq_workday(d + r.randint(0, 5) * DAY)
                nums = self.free_numbers(row.v, d2, 1)
                if not nums or d2 > END:
                    continue
                net = row.net if r.random() < 0.7 else row.net * r.uniform(0.9, 0.99)
                rb = self.make_row(row.v, d2, net, row.site, row.account)
                rb.series, rb.seq = nums[0]
                self.number(rb)
                rb.touched = True
                self.enter(rb, natural=False)
                row.touched = True

    def free_numbers(self, v: Vendor, d: dt.date, k: int) -> list[tuple[int | None, int]] | None:
        """k consecutive unused numbers of v's series that fit date d (None if none)."""
        same = [
            x
            for x in self.rows
            if x.v is v
            and not x.credit
            and x.seq
            and (x.series == d.year or v.numbering not in ("year", "glued", "dedicated"))
        ]
        if not same or v.numbering in ("period",):
            return None
        same.sort(key=lambda x: x.seq)
        before = [x.seq for x in same if x.date <= d]
        after = [x.seq for x in same if x.date > d]
        lo = max(before) if before else (min(after) - int(v.gap) - k - 2 if after else 0)
        hi = min(after) if after else lo + k + 2 + int(v.gap)
        if hi - lo - 1 < k or lo + 1 < 1:
            return None
        used = {x.seq for x in same}
        start = lo + 1 + self.rng.randint(0, max(0, hi - lo - 1 - k) // 3)
        if any(s in used for s in range(start, start + k)):
            return None
        series = d.year if v.numbering in ("year", "glued", "dedicated") else None
        return [(series, s) for s in range(start, start + k)]

    # ------------------------------------------------------------ injections
    def pool(self, kinds=None, cond=None) -> list[Row]:
        out = []
        for x in self.rows:
            if x.touched or x.credit or x.labels:
                continue
            if kinds and x.v.kind not in kinds:
                continue
            if cond and not cond(x):
                continue
            out.append(x)
        return out

    def vendor_stats(self) -> dict[tuple[str, str], tuple[float, int]]:
        vals: dict[tuple[str, str], list[float]] = defaultdict(list)
        for x in self.rows:
            if not x.credit:
                vals[(x.v.name, x.account)].append(x.total)
        out = {}
        for k, lst in vals.items():
            lst.sort()
            out[k] = (lst[len(lst) // 2], len(lst))
        return out

    def inject(self) -> None:
        r = self.rng
        stats = self.vendor_stats()
        var_kinds = ("pieces", "sous", "outillage", "divers", "btp", "equip")
        fr_kinds = ("pieces", "sous", "outillage", "divers", "btp", "equip")

        def med(x: Row) -> float:
            return stats.get((x.v.name, x.account), (x.total, 1))[0]

        def cnt(x: Row) -> int:
            return stats.get((x.v.name, x.account), (0, 0))[1]

        def ok_amount(t: float) -> bool:
            return not (0.95 * LIMIT <= t < LIMIT) and abs(t - round(t, -2)) > 0.5

        # amount outliers: unusual for the vendor's own spread (at least 4.5 sd of log amount)
        kinds_o = (*var_kinds, "interim")
        cand = self.pool(
            kinds_o, lambda x: cnt(x) >= 30 and x.v.sigma <= 0.9 and x.currency == "EUR"
        )
        for i, x in enumerate(r.sample(cand, min(len(cand), self.cnt("amount_outlier")))):
            sig = x.v.sigma or 0.5
            need = math.exp(4.5 * sig)
            u = r.random()
            if u < 0.4:
                t = med(x) * need * r.uniform(1.0, 1.8)
                how = f"{t / med(x):.1f}x the vendor median {med(x):.2f}"
            elif u < 0.8:
                f = 10 if 10 * x.total >= need * med(x) else 100
                t = x.total * f
                how = f"decimal point shifted: {x.total:.2f} keyed as {t:.2f}"
            else:
                f = 10 if x.total / 10 <= med(x) / need else 100
                t = x.total / f
                if t < 5:
                    t = med(x) * need * r.uniform(1.0, 1.5)
                how = f"keyed {t:.2f} instead of {x.total:.2f} (vendor median {med(x):.2f})"
            t = round(t, 2)
            if not ok_amount(t):
                t += 37.13
            x.set_total(t)
            x.z = None
            x.touched = True
            self.approve(x)
            x.label("amount_outlier", "firm", f"out{i}", how)
        # below the approval limit
        cand = self.pool(
            ("sous", "equip", "btp", "pieces"),
            lambda x: 1500 <= x.total <= 8000 and x.currency == "EUR" and cnt(x) >= 10,
        )
        for i, x in enumerate(r.sample(cand, min(len(cand), self.cnt("below_limit")))):
            t = (
                round(r.uniform(9500, 9990), 2)
                if r.random() < 0.7
                else float(r.choice([9800, 9850, 9900, 9950, 9975]))
            )
            x.set_total(t)
            x.z = None
            x.touched = True
            self.approve(x)
            x.label(
                "below_limit",
                "firm",
                f"bl{i}",
                f"{t:.2f} just under the 10,000 approval limit (median {med(x):.0f})",
            )
            if t % 100 == 0 or t % 50 == 0:
                x.label("round_amount", "ambiguous", f"bl{i}", "round sum just under the limit")
        self.inject_splits(stats)
        self.inject_clusters(stats)
        # round amounts
        # (below 1,000 a round total is often a round HT forfait: 250 HT -> 300.00 TTC)
        cand = self.pool(
            ("pieces", "sous", "divers", "outillage", "btp"),
            lambda x: x.total >= 1000 and x.currency == "EUR",
        )
        for i, x in enumerate(r.sample(cand, min(len(cand), self.cnt("round_amount")))):
            t0 = x.total
            step = r.choice([500, 1000, 100, 500]) if t0 >= 1500 else 100
            t = max(1000, round(t0 / step) * step)
            if 0.95 * LIMIT <= t < LIMIT:
                t = 9000.0
            x.set_total(float(t))
            x.z = None
            x.touched = True
            self.approve(x)
            x.label(
                "round_amount", "firm", f"rd{i}", f"total replaced by round {t:.2f} (was {t0:.2f})"
            )
        # repeated amounts
        vs = defaultdict(list)
        for x in self.pool(
            ("pieces", "sous", "outillage", "divers"),
            lambda x: x.total > 400 and x.currency == "EUR",
        ):
            vs[x.v.name].append(x)
        names = [n for n, lst in vs.items() if len(lst) >= 40]
        for i, nm in enumerate(r.sample(names, min(len(names), self.cnt("repeated_amount")))):
            lst = sorted(vs[nm], key=lambda x: x.date)
            a = r.randrange(0, len(lst) // 2)
            first = lst[a]
            if not ok_amount(first.total):
                continue
            later = [x for x in lst if 30 <= (x.date - first.date).days <= 400]
            if len(later) < 2:
                continue
            picks = sorted(r.sample(later, 2), key=lambda x: x.date)
            first.touched = True
            first.label("repeated_amount", "ambiguous", f"rep{i}", "first of a re-used amount")
            for x in picks:
                x.set_total(first.total)
                x.z = None
                x.touched = True
                self.approve(x)
                x.label(
                    "repeated_amount",
                    "firm",
                    f"rep{i}",
                    f"re-uses {first.total:.2f} of {first.number} ({first.date})",
                )
        self.inject_dates()
        self.inject_duplicates()
        self.inject_numbering()
        # rare accounts
        odd = {
            "607": ["6257", "6226", "6251"],
            "6063": ["6257", "6226"],
            "611": ["6226", "6064", "6257"],
            "6241": ["2154", "6257"],
            "6242": ["2154", "6226"],
            "2154": ["6257"],
        }
        cand = self.pool((*fr_kinds, "transport"), lambda x: x.account in odd and cnt(x) >= 25)
        for i, x in enumerate(r.sample(cand, min(len(cand), self.cnt("rare_account")))):
            old = x.account
            x.account = r.choice(odd[old])
            x.touched = True
            x.label(
                "rare_account", "firm", f"acc{i}", f"{x.v.name} always on {old}, coded {x.account}"
            )
        # SoD
        cand = self.pool(
            None, lambda x: x.approved not in ("", DAF) and x.uploaded != "INTERFACE-EDI"
        )
        for i, x in enumerate(r.sample(cand, min(len(cand), self.cnt("sod_breach")))):
            if r.random() < 0.6:
                x.approved = x.uploaded
                how = "clerk approved his own entry"
            else:
                x.uploaded = x.approved
                how = "site manager entered and approved"
            x.touched = True
            x.label("sod_breach", "firm", f"sod{i}", how)
        self.inject_iban()
        self.inject_vendors()

    def insert(
        self, v: Vendor, d: dt.date, total: float, site: str, nums, account: str | None = None
    ) -> Row:
        row = self.make_row(v, d, 0.0, site, account)
        row.set_total(total)
        row.series, row.seq = nums
        self.number(row)
        row.touched = True
        self.enter(row, natural=False)
        return row

    def inject_splits(self, stats) -> None:
        r = self.rng
        vs = [
            v
            for v in self.vendors
            if v.kind in ("sous", "equip", "pieces", "btp") and v.gap >= 2 and v.n >= 15
        ]
        made = 0
        tries = 0
        while made < self.cnt("split_purchase") and tries < 500:
            tries += 1
            v = r.choice(vs)
            d = sample_dates(
                r, "fr", max(v.start, START + 30 * DAY), min(v.end, END - 10 * DAY), 1
            )[0]
            k = r.choices([2, 3, 4], [0.45, 0.4, 0.15])[0]
            total = r.uniform(11000, min(35000, 9300 * k))
            shape = r.choice(["equal", "near", "uneven"])
            if shape == "equal":
                parts = [round(total / k, 2)] * k
            elif shape == "near":
                parts = [round(total / k * r.uniform(0.93, 1.07), 2) for _ in range(k)]
            else:
                w = [r.uniform(0.5, 1.5) for _ in range(k)]
                parts = [round(total * x / sum(w), 2) for x in w]
            if max(parts) >= 9400 or min(parts) < 1500 or sum(parts) <= LIMIT:
                continue
            nums = self.free_numbers(v, d, k)
            if not nums:
                continue
            site = r.choice(v.sites)
            clerk = self.clerk(d)
            dates = []
            dd = d
            for _ in range(k):
                dates.append(dd)
                if r.random() < 0.5:
                    dd = next_hq_workday(dd + DAY)
            dates = [x if x <= END else END for x in dates]
            rec = None
            for j in range(k):
                row = self.insert(v, dates[j], parts[j], site, nums[j])
                rec = rec or row.recorded
                row.recorded = max(rec, next_hq_workday(dates[j]))
                row.uploaded = clerk
                self.approve(row)
                row.label(
                    "split_purchase",
                    "firm",
                    f"split{made}",
                    f"{k} parts, {shape}, purchase of {sum(parts):.2f}",
                )
                if shape == "equal":
                    note = "equal split part: same amount, next number (a fuzzy duplicate)"
                    row.label("duplicate", "ambiguous", f"split{made}", note)
                    row.label("repeated_amount", "ambiguous", f"split{made}", note)
            made += 1

    def inject_clusters(self, stats) -> None:
        """A site manager's own delegation (not configured anywhere) cut around by one vendor."""
        r = self.rng
        self.vendors_in_cluster: list[tuple[Vendor, float]] = []
        made = 0
        for thr in [5000.0, 2000.0, 3000.0, 5000.0, 2000.0][: self.cnt("threshold_cluster")]:
            cands = []
            for v in self.vendors:
                if (
                    v.kind not in ("sous", "pieces", "divers", "btp", "outillage")
                    or v.currency != "EUR"
                ):
                    continue
                if any(v is w for w, _ in self.vendors_in_cluster):
                    continue
                mine = [x for x in self.rows if x.v is v and not x.credit]
                med = sorted(x.total for x in mine)[len(mine) // 2] if mine else 0
                if not 1.3 * med <= thr <= 5 * med:
                    continue
                if sum(1 for x in mine if 0.95 * thr <= x.total < thr) > 2:
                    continue
                free = [
                    x
                    for x in mine
                    if not x.touched and not x.labels and 0.25 * thr < x.total < 0.9 * thr
                ]
                if len(free) >= 30:
                    cands.append((v, free))
            if not cands:
                continue
            v, free = r.choice(cands)
            k = r.randint(10, 14)
            for _ in range(50):
                a = START + r.randrange(0, 900) * DAY
                win = sorted([x for x in free if a <= x.date < a + 200 * DAY], key=lambda x: x.date)
                if len(win) >= k:
                    break
            else:
                continue
            site = r.choice(v.sites)
            step = len(win) / k
            for j in range(k):
                x = win[int(j * step)]
                x.set_total(round(thr * r.uniform(0.952, 0.998), 2))
                x.site = site
                x.z = None
                x.touched = True
                self.approve(x)
                x.label(
                    "threshold_cluster",
                    "firm",
                    f"clu{made}",
                    f"cut under {thr:.0f} (site manager's own delegation)",
                )
            self.vendors_in_cluster.append((v, thr))
            made += 1

    def inject_dates(self) -> None:
        r = self.rng
        fr_w = ("pieces", "sous", "outillage", "divers", "btp", "equip")
        # weekends
        cand = self.pool(fr_w, lambda x: x.v.weekday_only and x.date.weekday() in (0, 4))
        for i, x in enumerate(r.sample(cand, min(len(cand), self.cnt("weekend_date")))):
            d = x.date - DAY if x.date.weekday() == 0 else x.date + DAY * r.choice([1, 2])
            if d > x.recorded or d > END or d < START:
                continue
            x.date = d
            x.touched = True
            x.jitter = True
            x.label("weekend_date", "firm", f"we{i}", f"{d:%A} from a weekday-only vendor")
        # holidays
        hols = [h for h in CLOSED if START <= h <= END and h.weekday() < 5]
        made = 0
        for _ in range(2000):
            if made >= self.cnt("holiday_date"):
                break
            h = r.choice(hols)
            cand = [
                x
                for x in self.pool(fr_w)
                if x.v.weekday_only and abs((x.date - h).days) <= 5 and x.recorded >= h
            ]
            if not cand:
                continue
            x = r.choice(cand)
            x.date = h
            x.touched = True
            x.jitter = True
            x.label(
                "holiday_date",
                "firm",
                f"hol{made}",
                f"dated {h} ({CLOSED[h]}), vendor never bills on holidays",
            )
            made += 1
        # backdated
        cand = self.pool(fr_w, lambda x: x.recorded >= dt.date(2022, 9, 1) and x.currency == "EUR")
        made = 0
        for x in r.sample(cand, len(cand)):
            if made >= self.cnt("backdated"):
                break
            if r.random() < 0.6:
                old = x.recorded - r.randint(150, 420) * DAY
                if old < START:
                    continue
                old = sample_dates(r, "fr", old, old + 7 * DAY, 1)[0]
                nums = self.free_numbers(x.v, old, 1)
                if not nums:
                    continue
                row = self.insert(x.v, old, x.total, x.site, nums[0], x.account)
                row.recorded = x.recorded
                row.uploaded = self.clerk(row.recorded)
                self.approve(row)
                row.label(
                    "backdated", "firm", f"bd{made}", f"old invoice of {old} entered {row.recorded}"
                )
            else:
                d = dt.date(x.date.year - 1, x.date.month, min(x.date.day, 28))
                if d < START or not hq_workday(d):
                    continue
                x.date = d
                x.touched = True
                x.label("backdated", "firm", f"bd{made}", f"year keyed one too low ({d})")
                x.label("numbering", "ambiguous", f"bd{made}", "date moved by a keying error")
            made += 1
        # future
        cand = self.pool((*fr_w, "foreign"), lambda x: x.currency == "EUR")
        made = 0
        for x in r.sample(cand, len(cand)):
            if made >= self.cnt("future_date"):
                break
            if r.random() < 0.5:
                d = dt.date(x.date.year + 1, x.date.month, min(x.date.day, 28))
                how = "year keyed one too high"
            else:
                if x.date.day > 12 or x.date.day == x.date.month:
                    continue
                d = dt.date(x.date.year, x.date.day, min(x.date.month, 28))
                if (d - x.recorded).days < 20:
                    continue
                how = "day and month swapped"
            if d.weekday() >= 5 or d in CLOSED:
                continue
            x.date = d
            x.touched = True
            x.label("future_date", "firm", f"fu{made}", f"{how}: {d}, entered {x.recorded}")
            x.label("numbering", "ambiguous", f"fu{made}", "date moved by a keying error")
            made += 1

    def inject_duplicates(self) -> None:
        r = self.rng
        cand = self.pool(
            ("pieces", "sous", "outillage", "divers", "btp", "equip", "transport", "foreign"),
            lambda x: x.total > 60,
        )
        for i, x in enumerate(r.sample(cand, min(len(cand), self.cnt("duplicate")))):
            u = r.random()
            num, d = x.number, x.date
            if u < 0.4:
                how = "same number, date and amount"
            elif u < 0.75:
                num = self.variant(x.number)
                how = f"number keyed as {num}"
            else:
                d = x.date + r.choice([-1, 1]) * r.randint(1, 10) * DAY
                how = f"date keyed as {d}"
            c = self.make_row(x.v, d, x.net, x.site, x.account)
            c.tax = x.tax
            c.number, c.series, c.seq = num, x.series, x.seq
            c.touched = True
            x.touched = True
            c.recorded = next_hq_workday(max(x.recorded, d) + r.randint(2, 60) * DAY)
            c.uploaded = self.clerk(c.recorded)
            self.approve(c)
            c.label("duplicate", "firm", f"dup{i}", f"second entry of {x.number} ({how})")
            c.label("repeated_amount", "ambiguous", f"dup{i}", "a duplicate repeats its amount")
            if (c.recorded - c.date).days > 45:
                c.label("backdated", "ambiguous", f"dup{i}", "a copy entered long after its date")
            x.label("duplicate", "ambiguous", f"dup{i}", "original of a duplicated invoice")
            x.label("repeated_amount", "ambiguous", f"dup{i}", "original of a duplicated invoice")
            if d != x.date and (d.weekday() >= 5 or d in CLOSED):
                c.label(
                    "weekend_date" if d.weekday() >= 5 else "holiday_date",
                    "ambiguous",
                    f"dup{i}",
                    "copy keyed on a closed day",
                )

    def variant(self, num: str) -> str:
        r = self.rng
        opts = []
        if "-" in num:
            opts.append(num.replace("-", "", 1))
        digits = [i for i, c in enumerate(num) if c.isdigit()]
        if len(digits) >= 2:
            i = r.choice(digits[-4:-1]) if len(digits) >= 4 else digits[0]
            if i + 1 < len(num) and num[i + 1].isdigit() and num[i] != num[i + 1]:
                opts.append(num[:i] + num[i + 1] + num[i] + num[i + 2 :])
        opts.append(num + r.choice(["-1", " bis", "B", "/1"]))
        zs = [i for i, c in enumerate(num) if c == "0"]
        if zs:
            i = r.choice(zs)
            opts.append(num[:i] + "O" + num[i + 1 :])
            tail = num.split("-")[-1]
            if tail.startswith("0") and "-" in num:
                opts.append(num[: len(num) - len(tail)] + tail.lstrip("0"))
        return r.choice(opts)

    def inject_numbering(self) -> None:
        r = self.rng
        total = self.cnt("numbering")
        n_gap = round(total * 0.4)
        made = 0
        # gaps in dedicated series
        ded = [v for v in self.vendors if v.numbering == "dedicated" and not v.shell]
        tries = 0
        while made < n_gap and tries < 200 and ded:
            tries += 1
            v = r.choice(ded)
            rows = sorted(
                [x for x in self.rows if x.v is v and not x.credit], key=lambda x: (x.series, x.seq)
            )
            years = Counter(x.series for x in rows)
            yr = r.choice([y for y, c in years.items() if c >= 6] or [None])
            if yr is None:
                continue
            yrows = [x for x in rows if x.series == yr]
            i = r.randrange(2, len(yrows) - 1)
            if yrows[i].labels or yrows[i].touched or any("numbering" in x.labels for x in yrows):
                continue
            jump = r.randint(10, 50)
            for x in yrows[i:]:
                x.seq += jump
                self.number(x)
            yrows[i].label(
                "numbering",
                "firm",
                f"num{made}",
                f"{jump} numbers missing before {yrows[i].number}",
            )
            made += 1
        # out of sequence numbers
        ys = [
            v
            for v in self.vendors
            if v.numbering in ("year", "glued")
            and v.kind in ("pieces", "sous", "outillage", "divers")
            and v.n >= 30
        ]
        tries = 0
        while made < total and tries < 500 and ys:
            tries += 1
            v = r.choice(ys)
            rows = [x for x in self.pool() if x.v is v]
            if not rows:
                continue
            x = r.choice(rows)
            shift = r.choice([-1, 1]) * r.randint(120, 240)
            d2 = x.date + shift * DAY
            if d2.year != x.date.year:
                continue
            nums = self.free_numbers(v, d2, 1)
            if not nums:
                continue
            old = x.number
            x.series, x.seq = nums[0]
            self.number(x)
            x.touched = True
            x.label(
                "numbering",
                "firm",
                f"num{made}",
                f"number {x.number} belongs ~{abs(shift)} days "
                f"{'earlier' if shift < 0 else 'later'} (was {old})",
            )
            made += 1

    def inject_iban(self) -> None:
        """Changes of bank details; labelled after the rows are put in posting order."""
        r = self.rng
        kinds = ("pieces", "sous", "btp", "equip", "transport", "outillage")
        known = [
            v for v in self.vendors if v.iban and v.kind in kinds and v.n >= 20 and v.start == START
        ]
        nfraud = self.cnt("iban_change")
        nlegit = max(2, round(4 * self.scale**0.5))
        self.iban_events: list[tuple[Vendor, str, str, bool]] = []
        i = 0
        for v in r.sample(known, len(known)):
            if i >= nfraud + nlegit:
                break
            rows = sorted(
                [x for x in self.rows if x.v is v and x.recorded <= EXPORT - 30 * DAY],
                key=lambda x: x.recorded,
            )
            if len(rows) < 12:
                continue
            a = r.randrange(len(rows) // 3, len(rows) - 5)
            i += 1
            if i <= nfraud:
                new = r.choice(
                    [
                        *(foreign_iban(r, c) for c in ("LT", "ES", "PT", "IE", "NL")),
                        fr_iban(r, "16958"),
                    ]
                )
                k = r.randint(1, 3)
                # the fraudster's IBAN is used for the next invoices entered
                for x in rows[a : a + k]:
                    x.iban = new
                    x.touched = True
                self.iban_events.append((v, new, f"rib{i}", True))
            else:
                new = fr_iban(
                    r, r.choice(["30004", "42559", "14707"])
                )  # new bank or factoring company
                cut = rows[a].recorded
                for x in rows:
                    if x.recorded >= cut:
                        x.iban = new
                v.iban = new
                self.iban_events.append((v, new, f"ribok{i}", False))

    def label_iban(self, ordered: list[Row]) -> None:
        for v, new, group, fraud in getattr(self, "iban_events", []):
            rows = [x for x in ordered if x.v is v]
            idx = [i for i, x in enumerate(rows) if x.iban == new]
            if not idx:
                continue
            first = rows[idx[0]]
            if not fraud:
                first.label(
                    "iban_change", "ambiguous", group, "real change: new bank / factoring company"
                )
                continue
            first.label(
                "iban_change", "firm", group, f"fraudulent change of bank details to {new[:8]}..."
            )
            for i in idx[1:]:
                rows[i].label("iban_change", "ambiguous", group, "still on the fraudulent IBAN")
            after = [x for x in rows[idx[0] :] if x.iban != new]
            if after:
                after[0].label("iban_change", "ambiguous", group, "back on the vendor's real IBAN")

    def inject_vendors(self) -> None:
        r = self.rng
        shells = [
            "Conseil Stratégie Industrielle SAS",
            "Optima Services Techniques",
            "ETS Martineau Prestations",
            "Groupe Synergie Maintenance",
            "Audit Process Expertise",
            "Rénov Atelier Express",
            "Nova Ingénierie Services",
            "Alliance Techniques Lyonnaises",
        ]
        n = self.cnt("new_vendor")
        for i in range(n):
            v = Vendor(
                shells[i % len(shells)],
                "shell",
                account=r.choice(["6226", "611"]),
                numbering="dedicated",
                prefix="F",
                gap=1,
            )
            v.shell = True
            v.iban = r.choice([fr_iban(r, "16958"), foreign_iban(r, "LT"), fr_iban(r, "17515")])
            v.sites = [r.choice(self.sites)]
            self.vendors.append(v)
            d0 = sample_dates(r, "fr", dt.date(2023, 3, 1), dt.date(2024, 10, 31), 1)[0]
            k = r.randint(1, 4)
            dates = sample_dates(r, "fr", d0, d0 + 50 * DAY, k - 1) if k > 1 else []
            for j, d in enumerate([d0, *dates]):
                t = round(r.uniform(2800, 8900), 2)
                if not (abs(t - round(t, -2)) > 0.5):
                    t += 13.07
                row = self.make_row(v, d, 0.0, v.sites[0])
                row.set_total(t)
                row.series, row.seq = d.year, j + 1
                self.number(row)
                row.touched = True
                self.enter(row, natural=False)
                if j == 0:
                    row.label("new_vendor", "firm", f"new{i}", "shell vendor, first invoice")
                else:
                    row.label("new_vendor", "ambiguous", f"new{i}", "shell vendor, later invoice")
        # benford fabricators
        nb = self.cnt("benford")
        digits = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        w = [0.03, 0.05, 0.10, 0.14, 0.15, 0.13, 0.14, 0.13, 0.13]
        for i in range(nb):
            v = Vendor(
                self.name("sous"),
                "sous",
                account="611",
                numbering="dedicated",
                prefix="F",
                gap=1,
                profile="fr",
            )
            v.fabricator = True
            v.iban = fr_iban(r)
            v.sites = [r.choice(self.sites)]
            v.median, v.sigma = 4000, 0.5
            n = max(60, round(r.randint(100, 180) * min(1.0, self.scale**0.5)))
            v.start = START if i else dt.date(2022, 9, 1)
            dates = sample_dates(r, "shutdown", v.start, END - 20 * DAY, n)
            self.vendors.append(v)
            seq, ser = 0, None
            for d in dates:
                if ser != d.year:
                    ser, seq = d.year, 0
                seq += 1
                d1 = r.choices(digits, w)[0]
                mag = r.choices([100, 1000], [0.3, 0.7])[0]
                t = (d1 + r.random() * 0.999) * mag
                t = round(t, 2)
                if not ok_round(t):
                    t += 3.11
                row = self.make_row(v, d, 0.0, v.sites[0])
                row.set_total(t)
                row.series, row.seq = ser, seq
                self.number(row)
                row.touched = True
                self.enter(row, natural=False)
                row.label("benford", "firm", v.name, "amounts invented by a person")

    # ------------------------------------------------------------ ambiguity rules
    def ambiguity(self, ordered: list[Row]) -> None:
        # below limit band
        for x in ordered:
            if x.currency == "EUR" and 0.95 * LIMIT <= x.total < LIMIT:
                x.label("below_limit", "ambiguous", "band", "natural invoice in the 5 % band")
            if x.z is not None and abs(x.z) > 3:
                x.label("amount_outlier", "ambiguous", "tail", f"natural draw at {x.z:+.1f} sd")
            computed = x.v.kind in (
                "pieces",
                "sous",
                "outillage",
                "divers",
                "btp",
                "equip",
                "transport",
                "foreign",
                "horeca",
            )
            if (
                computed
                and abs(x.total) >= 500
                and abs(x.total) % 100 == 0
                and "round_amount" not in x.labels
            ):
                x.label(
                    "round_amount",
                    "ambiguous",
                    "chance",
                    "a computed total that happens to be round",
                )
            if x.regul:
                x.label("amount_outlier", "ambiguous", "regul", "annual energy régularisation")
            if x.date in WHIT and not x.v.auto and x.v.country == "FR":
                x.label(
                    "holiday_date", "ambiguous", "whit", "Whit Monday, a worked day for many firms"
                )
        # new vendors
        first: dict[str, Row] = {}
        for x in sorted(ordered, key=lambda x: (x.recorded, x.date)):
            first.setdefault(x.v.name, x)
        for x in ordered:
            f = first[x.v.name]
            if not x.v.shell and f.recorded > START + 90 * DAY and (x.date - f.date).days <= 30:
                note = "first invoice" if x is f else "invoice within 30 days of the first"
                x.label(
                    "new_vendor",
                    "ambiguous",
                    "natural-new",
                    f"{note} of a vendor first seen after 90 days",
                )
        # rare accounts
        combos = Counter((x.v.name, x.account) for x in ordered)
        vcount = Counter(x.v.name for x in ordered)
        for x in ordered:
            if (
                "rare_account" not in x.labels
                and combos[(x.v.name, x.account)] <= 2
                and vcount[x.v.name] >= 20
            ):
                x.label("rare_account", "ambiguous", "rare-natural", "natural secondary account")
        # natural split-like groups: one vendor, one site (so one approver), within 3 days,
        # 2-5 invoices of 2,000-10,000 that together pass the limit
        by_v = defaultdict(list)
        for x in ordered:
            if (
                not x.credit
                and x.v.kind not in ("interim", "rent")
                and not x.v.auto
                and x.currency == "EUR"
            ):
                by_v[(x.v.name, x.site)].append(x)
        for lst in by_v.values():
            lst.sort(key=lambda x: x.date)
            for i, x in enumerate(lst):
                grp = [
                    y
                    for y in lst[i : i + 6]
                    if (y.date - x.date).days <= 3 and 2000 <= y.total < LIMIT
                ]
                if len(grp) >= 2 and x in grp and sum(y.total for y in grp) > LIMIT:
                    for y in grp:
                        y.label(
                            "split_purchase",
                            "ambiguous",
                            "natural-group",
                            "natural invoices of one vendor and site close in time",
                        )
        # a date jittered against its number: the disorder is real but trivial
        series = defaultdict(list)
        for x in ordered:
            if not x.credit and x.seq:
                series[(x.v.name, x.series)].append(x)
        for lst in series.values():
            lst.sort(key=lambda x: x.seq)
            for i, x in enumerate(lst):
                if not x.jitter:
                    continue
                for y in lst[max(0, i - 40) : i + 41]:
                    if (
                        y is not x
                        and (y.seq - x.seq) * (y.date - x.date).days < 0
                        and abs((y.date - x.date).days) <= 6
                    ):
                        for z in (x, y):
                            z.label(
                                "numbering",
                                "ambiguous",
                                "date-moved",
                                "dated a few days off its number's order",
                            )
        # other natural rows in a cluster vendor's band
        for v, thr in getattr(self, "vendors_in_cluster", []):
            for x in ordered:
                if x.v is v and 0.95 * thr <= x.total < thr:
                    x.label(
                        "threshold_cluster",
                        "ambiguous",
                        "band",
                        "natural invoice in the cluster's band",
                    )

    def build(self) -> list[Row]:
        # a dry run of the fixed schedules tells how many rows the random vendors must fill
        probe = Gen(self.rng.randrange(10**9), self.target)
        probe.fixed_estimate = 0
        probe.fixed_vendors(self.sites)
        for v in probe.vendors:
            probe.fixed_rows(v)
        self.fixed_estimate = len(probe.rows) + 600 * self.scale
        self.build_vendors()
        self.generate()
        self.finish_natural()
        self.inject()
        rows = [x for x in self.rows if x.recorded <= EXPORT]
        # an invoice not yet entered at the export leaves a real hole in a vendor's series
        late = [x for x in self.rows if x.recorded > EXPORT and x.seq and not x.credit]
        for x in late:
            nxt = [
                y
                for y in rows
                if y.v is x.v and y.series == x.series and y.seq > x.seq and not y.credit
            ]
            if nxt:
                min(nxt, key=lambda y: y.seq).label(
                    "numbering",
                    "ambiguous",
                    "not-yet-entered",
                    "the number before it is entered after the export",
                )
        for x in rows:
            x.order = self.rng.random()
        rows.sort(key=lambda x: (x.recorded, x.uploaded, x.order))
        self.label_iban(rows)
        self.ambiguity(rows)
        return rows


def ok_round(t: float) -> bool:
    return abs(t - round(t, -2)) > 0.5


# ---------------------------------------------------------------- output and scoring
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
    "site",
]


def write(rows: list[Row], out: Path) -> None:
    with open(out / "ledger.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        for x in rows:
            w.writerow(
                [
                    x.v.name,
                    x.number,
                    x.date.isoformat(),
                    f"{x.total:.2f}",
                    x.currency,
                    f"{x.net:.2f}",
                    f"{x.tax:.2f}",
                    x.account,
                    x.iban,
                    x.uploaded,
                    x.approved,
                    x.recorded.isoformat(),
                    x.site,
                ]
            )
    with open(out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["row", "kind", "status", "group", "note"])
        for i, x in enumerate(rows, 1):
            for kind, (status, group, note) in sorted(x.labels.items()):
                w.writerow([i, kind, status, group, note])


def run_cli(out: Path) -> tuple[list[dict], str]:
    cmd = [
        sys.executable if sys.version_info >= (3, 11) else "python3",
        "-m",
        "core",
        "anomalies",
        "--import-csv",
        str(out / "ledger.csv"),
        "--json",
        "--approval-limit",
        str(int(LIMIT)),
        "--base-currency",
        "EUR",
        "--as-of",
        EXPORT.isoformat(),
    ]
    p = subprocess.run(cmd, cwd=TOOL_DIR, capture_output=True, text=True, check=False)
    (out / "findings.jsonl").write_text(p.stdout, encoding="utf-8")
    (out / "cli_stderr.txt").write_text(p.stderr, encoding="utf-8")
    if p.returncode != 0:
        raise SystemExit(f"CLI failed ({p.returncode}): {p.stderr[-2000:]}")
    found = [json.loads(line) for line in p.stdout.splitlines() if line.strip().startswith("{")]
    return found, p.stderr


def score(rows: list[Row], found: list[dict], samples: int) -> dict:
    firm: dict[str, set] = defaultdict(set)
    amb: dict[str, set] = defaultdict(set)
    notes: dict[tuple[str, object], str] = {}
    for i, x in enumerate(rows, 1):
        for kind, (status, _g, note) in x.labels.items():
            key = x.v.name if kind == "benford" else i
            (firm if status == "firm" else amb)[kind].add(key)
            notes[(kind, key)] = note
    pred: dict[str, set] = defaultdict(set)
    reasons: dict[tuple[str, object], str] = {}
    unmapped = Counter()
    names = sorted({x.v.name for x in rows}, key=len, reverse=True)
    for f in found:
        det = f.get("detector", "")
        kind = DETECTORS.get(det) or next((k for k in KINDS if det.startswith(k)), None)
        if kind is None:
            unmapped[det] += 1
            continue
        if kind == "benford":
            keys = set()
            subj = f.get("subject")
            if isinstance(subj, str) and subj in names:
                keys.add(subj)
            row = f.get("row")
            if isinstance(row, int) and 1 <= row <= len(rows):
                keys.add(rows[row - 1].v.name)
            reason = f.get("reason", "")
            for nm in names:
                if nm in reason:
                    keys.add(nm)
                    break
            for k in keys:
                pred[kind].add(k)
                reasons.setdefault((kind, k), reason)
            continue
        row = f.get("row")
        if isinstance(row, int):
            pred[kind].add(row)
            reasons.setdefault((kind, row), f.get("reason", ""))
    table = {}
    below = []
    for kind in KINDS:
        F, A, P = firm[kind], amb[kind] - firm[kind], pred[kind]
        tp = len(P & F)
        fp = len(P - F)
        fpl = len(P - F - A)
        fn = len(F - P)
        ps = tp / len(P) if P else None
        pl = tp / (tp + fpl) if tp + fpl else None
        rc = tp / len(F) if F else None
        table[kind] = {
            "labelled": len(F),
            "ambiguous": len(A),
            "predicted": len(P),
            "tp": tp,
            "fp": fp,
            "fp_lenient": fpl,
            "fn": fn,
            "precision_strict": ps,
            "precision_lenient": pl,
            "recall": rc,
            "missed": [
                {"key": k, "note": notes.get((kind, k), "")}
                for k in sorted(F - P, key=str)[:samples]
            ],
            "false": [
                {"key": k, "reason": reasons.get((kind, k), "")}
                for k in sorted(P - F - A, key=str)[:samples]
            ],
        }
        if (pl is not None and pl < 0.9) or (rc is not None and rc < 0.9):
            below.append(kind)
    return {"kinds": table, "below_0_9": below, "unmapped_detectors": dict(unmapped)}


SCI_NAMES = ["Les Tilleuls", "Parc Technique", "Zone des Forges", "Les Platanes", "du Vieux Moulin"]
HEADS = ["lab", "amb", "pred", "TP", "FP", "FPlen", "FN", "Pstr", "Plen", "Rec"]
INTS = ["labelled", "ambiguous", "predicted", "tp", "fp", "fp_lenient", "fn"]
RATIOS = ["precision_strict", "precision_lenient", "recall"]


def fmt(x) -> str:
    return "   -" if x is None else f"{x:.2f}"


def render(res: dict, meta: dict) -> str:
    lines = [
        f"France ledger: seed {meta['seed']}, {meta['rows']} rows, {meta['vendors']} vendors, "
        f"{meta['findings']} findings, CLI {meta['seconds']:.1f} s",
        f"{'kind':18}" + "".join(f" {h:>5}" for h in HEADS),
    ]
    for kind, t in res["kinds"].items():
        lines.append(
            f"{kind:18}"
            + "".join(f" {t[k]:5d}" for k in INTS)
            + "".join(f" {fmt(t[k]):>5}" for k in RATIOS)
        )
    lines.append("(benford counted per vendor)")
    if res["unmapped_detectors"]:
        lines.append(f"unmapped detectors: {res['unmapped_detectors']}")
    lines.append(
        "below 0.9 (lenient precision or recall): " + (", ".join(res["below_0_9"]) or "none")
    )
    for kind, t in res["kinds"].items():
        for m in t["missed"]:
            lines.append(f"  {kind} missed {m['key']}: {m['note']}")
        for m in t["false"]:
            lines.append(f"  {kind} false {m['key']}: {m['reason'][:300]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=30000)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--samples", type=int, default=5)
    a = ap.parse_args(argv)

    g = Gen(a.seed, a.rows)
    rows = g.build()
    tmp = Path(tempfile.mkdtemp(prefix="fr_ledger_"))
    try:
        write(rows, tmp)
        t0 = time.perf_counter()
        found, _err = run_cli(tmp)
        secs = time.perf_counter() - t0
        res = score(rows, found, a.samples)
        meta = {
            "seed": a.seed,
            "rows": len(rows),
            "vendors": len({x.v.name for x in rows}),
            "findings": len(found),
            "seconds": secs,
        }
        if a.keep:
            a.keep.mkdir(parents=True, exist_ok=True)
            for nm in ("ledger.csv", "labels.csv", "findings.jsonl", "cli_stderr.txt"):
                shutil.copy(tmp / nm, a.keep / nm)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if a.json:
        print(json.dumps({"meta": meta, **res}, ensure_ascii=False))
    else:
        print(render(res, meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
