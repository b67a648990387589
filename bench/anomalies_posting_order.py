"""Independent anomaly benchmark: an AP ledger in posting order, screened through the CLI.

    python bench/anomalies_posting_order.py                      # seed 7, CLI run without --as-of
    python bench/anomalies_posting_order.py --as-of 2024-12-31   # pass --as-of to the CLI
    python bench/anomalies_posting_order.py --seed 8             # another ledger
    python bench/anomalies_posting_order.py --samples 4          # also print missed / wrong rows
    python bench/anomalies_posting_order.py --json               # the figures as one JSON object

The generator and the scoring below were written by an engineer who did not read the
detectors or the other benchmarks (bench/anomalies.py, bench/anomalies_independent.py): the
point is to see how the detectors generalise to a ledger whose look-alikes, formats and
injection styles they were not tuned on. Keep its injections and labels as they are, or the
figures stop being comparable with earlier runs (seed 7 reproduces the original ledger byte
for byte). The ledger is written as CSV into a temporary directory and screened by
`python -m core anomalies --import-csv FILE --json` in a child process, exactly as a user
following the issue's command would run it; --as-of is passed only when asked for. This is a
measurement, never part of pass/fail.

Ledger: invoices dated 2022-01-01 .. 2024-12-31 (~50k rows), ~190 vendors, written in POSTING
order (posting = invoice date + 0..10 days; the posting date itself is not exported). Base
currency EUR; a few vendors bill in USD/GBP (never injected). Vendor amount families:
subscription (fixed monthly amount, price change once a year), retainer (legitimately round
monthly fee, e.g. 2,500.00), price list (uniform choice of list price x qty), lognormal narrow
(sigma .2-.5), lognormal wide (sigma 1.0-1.4), gamma (shape 2-5), 'fabricated' (benford
positives). Credit-and-rebill triples (invoice X, credit -X, rebill X with a new number a few
days later) are innocent look-alikes, as are subscriptions, retainers and the 2x December
volume. Natural invoice dates are weekdays that are not German nationwide holidays; regional
holidays (Epiphany, Corpus Christi, Reformation Day, All Saints...) are allowed and NOT
labelled.

Labels (1-based data row numbers, same numbering as the CLI):
DEFINITIONAL (every row satisfying the rule is labelled, injected or not):
  weekend_date     invoice_date is Saturday/Sunday.
  holiday_date     invoice_date is a German NATIONWIDE public holiday (Neujahr, Karfreitag,
                   Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, 3. Oktober,
                   25./26. Dezember) on a weekday.
  sod_breach       uploaded_by equals approved_by after strip+casefold.
  below_limit      EUR invoice (positive total) with 9,500.00 <= total < 10,000.00 (i.e. within
                   5% below the default limit of 10,000).
INJECTED ONLY:
  duplicate        a second copy of an existing invoice (same vendor, same total): exact copy;
                   same number dated 1-7 days later; OCR confusion of the number (O<->0, I<->1,
                   S<->5, B<->8); or a formatting variant (dash/space removed, lower case,
                   leading zeros dropped). Only the COPY row is labelled. Credit-and-rebill and
                   subscriptions are not duplicates.
  amount_outlier   invoice of a non-fabricated vendor with >=25 earlier rows on the same
                   account, total = 12-40x the vendor's median.
  benford          every row of 4 'fabricated' vendors (first digits 4-8 only, 80-160 rows).
                   Vendor level scoring is also reported.
  threshold_cluster  6-10 invoices of one vendor in [96%,100%) of 5,000 / 20,000 / 50,000 /
                   2,500 (never 10,000).
  split_purchase   2-5 invoices of one vendor within 0-7 days, each of similar size (<9,000),
                   together 10,000-25,000. All members labelled.
  round_amount     total set to a multiple of 500 (>=1,000) near the median of a vendor whose
                   amounts otherwise carry cents.
  repeated_amount  3-4 invoices of one non-subscription vendor with the same non-round total,
                   dates >=25 days apart, irregular; all members labelled.
  backdated        invoice dated 60-200 days before its posting (natural lag 0-10 days); only
                   vendors with non-sequential numbering.
  future_date      invoice dated 30-300 days AFTER its posting; part lands after 2024-12-31
                   (the ledger end / --as-of). Non-seq vendors only.
  new_vendor       15 vendors first appearing 2023-03..2024-12 (all natural vendors start in
                   Jan/Feb 2022) with 1-3 invoices; all their rows labelled (vendor-level also
                   reported).
  iban_change      a vendor's IBAN replaced permanently from a date; the FIRST row with the new
                   IBAN is labelled. Formatting variants (spaces, lower case) and blank IBANs
                   are innocent.
  numbering        in a sequentially numbered vendor, (gap) all numbers from a row on are
                   shifted by a large jump - the row after the gap is labelled; (disorder) one
                   row gets a number well below its predecessor in date order - that row is
                   labelled. Year-reset numbering ('2023/0001') is innocent.
  rare_account     one row of a single-account vendor (>=40 rows) booked to an account that
                   vendor never uses.

Printed: per kind labelled/predicted/TP/FP/FN and row-level precision/recall (flagged with
"<--" below 0.9); benford and new_vendor also per vendor; duplicate also "lenient" (the
original row of an injected pair is neither a hit nor a false positive). Multi-row findings
are expanded to their rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

D = dt.date
START, END = D(2022, 1, 1), D(2024, 12, 31)

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
COLUMNS = [
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

NAMES1 = ["Nord", "Süd", "Rhein", "Alpen", "Hansa", "Elbe", "Main", "Berg", "Tal", "Stadt", "Ost",
          "West", "Isar", "Spree", "Weser", "Neckar", "Mosel", "Harz", "Ruhr", "Donau"]  # fmt: skip
NAMES2 = ["Logistik", "Bürotechnik", "Gebäudeservice", "IT Systeme", "Consulting", "Druck",
          "Energie", "Reinigung", "Catering", "Software", "Metallbau", "Verpackung", "Elektro",
          "Personal", "Kanzlei", "Telekom", "Werkzeuge", "Chemie", "Transport",
          "Medien"]  # fmt: skip
FORMS = ["GmbH", "AG", "GmbH & Co. KG", "e.K.", "KG", "SE", "Ltd", "UG"]
ACCTS = ["3400", "4930", "4940", "4980", "6300", "6310", "6420", "6450", "6520", "6600", "6640",
         "6805", "6815", "6825", "6827", "6835", "6850", "0650", "0420", "4210"]  # fmt: skip
CLERKS = ["a.schulz", "m.becker", "t.nguyen", "s.yilmaz", "k.weber", "j.hoffmann"]
APPROVERS = ["r.klein", "d.wolf", "k.weber", "p.braun"]
OCR = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8"}
SEQ = ("seq_plain", "seq_prefix", "year_reset")
NATURAL = ("lognarrow", "logwide", "gamma", "pricelist")
LIMIT_BANDS = (2500, 5000, 10000, 20000, 50000)

Row = dict[str, Any]


# ----------------------------------------------------------------------------------------
# Calendar (computed here rather than imported so the generator stays independent of the
# product's own holiday table)
# ----------------------------------------------------------------------------------------


def easter(y: int) -> dt.date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = ((h + el - 7 * m + 114) % 31) + 1
    return D(y, month, day)


def de_holidays(y: int) -> set[dt.date]:
    e = easter(y)
    return {
        D(y, 1, 1),
        e - dt.timedelta(2),
        e + dt.timedelta(1),
        D(y, 5, 1),
        e + dt.timedelta(39),
        e + dt.timedelta(50),
        D(y, 10, 3),
        D(y, 12, 25),
        D(y, 12, 26),
    }


HOL: set[dt.date] = set().union(*(de_holidays(y) for y in range(2021, 2027)))

# The holiday injection draws one random number per candidate holiday, so which holiday a row
# lands on depends on the order of that list. The original iterated a set of dates, whose order
# follows the per-process hash seed (PYTHONHASHSEED), so gen.py gave a different ledger on every
# run. This order was recovered from the published seed-7 ledger (it is one order consistent
# with all 35 injected holiday rows) and pins the ledger; a sorted order would change it.
HOLIDAY_DRAW_ORDER = [D.fromisoformat(s) for s in (
    "2022-04-15", "2022-05-26", "2022-10-03", "2022-12-26", "2022-06-06", "2023-04-07",
    "2022-04-18", "2023-05-29", "2023-10-03", "2023-05-01", "2024-03-29", "2024-01-01",
    "2023-12-26", "2023-04-10", "2023-05-18", "2024-04-01", "2023-12-25", "2024-05-01",
    "2024-05-09", "2024-05-20", "2024-10-03", "2024-12-25", "2024-12-26",
)]  # fmt: skip
assert set(HOLIDAY_DRAW_ORDER) == {h for h in HOL if START <= h <= END and h.weekday() < 5}
assert len(HOLIDAY_DRAW_ORDER) == len(set(HOLIDAY_DRAW_ORDER))


def is_workday(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in HOL


WORKDAYS = [
    d for d in (START + dt.timedelta(i) for i in range((END - START).days + 1)) if is_workday(d)
]
WD_W = [2.0 if d.month == 12 else 1.0 for d in WORKDAYS]  # year-end volume


def fmt_iban(ib: str, style: int) -> str:
    if style == 0:
        return ib
    if style == 1:
        return " ".join(ib[i : i + 4] for i in range(0, len(ib), 4))
    return ib.lower()


def is_round(a: float) -> bool:
    return abs(a - round(a)) < 1e-9 and round(a) % 100 == 0


def clean_amount(a: float) -> float:
    # Keeps an injected amount from also landing in another kind's band (round, below-limit,
    # threshold cluster), so each injection carries only its own label.
    if is_round(a):
        a += 0.37
    for t in LIMIT_BANDS:
        if 0.9 * t <= a < t:
            a = round(a * 0.85, 2)
    return round(a, 2)


def render_no(v: Vendor, r: Row) -> str:
    n = r["no"][1]
    if r["kind"] == "credit":
        return f"GS-{n:05d}" if v.numstyle != "alnum" else f"CN{n}"
    s = v.numstyle
    if s == "seq_plain":
        return str(n)
    if s == "seq_prefix":
        return f"{v.prefix}{n:06d}"
    if s == "year_reset":
        return f"{r['date'].year}/{n:04d}"
    if s == "date_based":
        return f"RE-{r['date']:%Y%m%d}-{n % 97:02d}"
    # A private rng seeded from vendor and number: the same number always renders the same
    # code, and the main stream is not consumed.
    rr = random.Random(f"{v.name}|{n}")
    return "".join(rr.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(9))


# eq=False: vendors are compared and hashed by identity, as the original's plain objects were.
@dataclass(eq=False)
class Vendor:
    name: str
    fam: str
    cur: str = "EUR"
    iban: str = ""
    ibstyle_mix: bool = False
    numstyle: str = "seq_plain"
    inc: int = 1
    start_no: int = 0
    prefix: str = ""
    accts: list[str] = field(default_factory=list)
    aw: list[float] = field(default_factory=list)
    vat: float = 0.19
    mu: float = 0.0
    sig: float = 0.0
    shape: float = 0.0
    scale: float = 0.0
    prices: list[float] = field(default_factory=list)
    fixed: float = 0.0
    foreign: bool = False
    cluster: int | None = None
    newv: bool = False


# ----------------------------------------------------------------------------------------
# Generator. Every rng call is in the same order as in the original gen.py: moving, adding or
# dropping one (including one skipped by short-circuit evaluation) changes every later draw
# and with it the whole ledger.
# ----------------------------------------------------------------------------------------


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vendors: list[Vendor] = []
        self.fab: list[Vendor] = []
        self.rows: list[Row] = []
        self.used_names: set[str] = set()
        # Rows already used by one injection; identity, because rows are mutable dicts.
        self.used: set[int] = set()
        self.bv: dict[Vendor, list[Row]] = {}

    # -- helpers ---------------------------------------------------------------------------

    def iban_de(self) -> str:
        rng = self.rng
        blz = "".join(rng.choice(string.digits) for _ in range(8))
        acc = "".join(rng.choice(string.digits) for _ in range(10))
        bban = blz + acc
        num = int(bban + "131400")  # DE -> 13 14, 00
        chk = 98 - num % 97
        return f"DE{chk:02d}{bban}"

    def vname(self) -> str:
        rng = self.rng
        while True:
            n = f"{rng.choice(NAMES1)} {rng.choice(NAMES2)} {rng.choice(FORMS)}"
            if n not in self.used_names:
                self.used_names.add(n)
                return n

    def mk_vendor(self, fam: str, numstyle: str | None = None) -> Vendor:
        rng = self.rng
        v = Vendor(name=self.vname(), fam=fam)
        v.iban = self.iban_de() if rng.random() < 0.9 else ""
        v.ibstyle_mix = rng.random() < 0.25
        v.numstyle = rng.choice(["seq_plain", "seq_prefix", "year_reset", "alnum", "date_based"])
        v.inc = 1 if v.numstyle == "seq_plain" else rng.randint(1, 25)
        v.start_no = rng.randint(100, 90000)
        v.prefix = rng.choice(["INV-", "RE", "R-", "F", "RG "])
        accts = rng.sample(ACCTS, 3)
        k = rng.choice([1, 1, 1, 2, 3])
        v.accts = accts[:k]
        v.aw = [1.0] + [rng.uniform(0.25, 0.6) for _ in range(k - 1)]
        v.vat = rng.choice([0.19, 0.19, 0.19, 0.07, 0.0])
        # The override comes after the draws: inc was drawn for the random style, as before.
        if numstyle is not None:
            v.numstyle = numstyle
        if fam in ("lognarrow", "logwide"):
            lo, hi, s_lo, s_hi = (
                (80, 4000, 0.2, 0.5) if fam == "lognarrow" else (150, 1500, 1.0, 1.4)
            )
            v.mu = math.log(rng.uniform(lo, hi))
            v.sig = rng.uniform(s_lo, s_hi)
        elif fam == "gamma":
            v.shape = rng.uniform(2, 5)
            v.scale = rng.uniform(50, 1200)
        elif fam == "pricelist":
            v.prices = [round(rng.uniform(15, 900), 2) for _ in range(rng.randint(3, 8))]
            if rng.random() < 0.5:
                v.prices = [math.floor(p) + 0.9 for p in v.prices]
        self.vendors.append(v)
        return v

    def draw_amount(self, v: Vendor) -> float:
        rng = self.rng
        for _ in range(100):
            if v.fam in ("lognarrow", "logwide"):
                a = rng.lognormvariate(v.mu, v.sig)
            elif v.fam == "gamma":
                a = rng.gammavariate(v.shape, v.scale)
            elif v.fam == "pricelist":
                a = rng.choice(v.prices) * rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 10])
            else:  # fabricated: first digit 4-8 only
                fd = rng.choice([4, 5, 6, 7, 8])
                mag = rng.choice([100, 1000])
                a = fd * mag + rng.uniform(0, mag * 0.999)
            a = round(a, 2)
            if 5 <= a < 80000:
                return a
        return 99.99

    def add_row(self, v: Vendor, d: dt.date, amount: float, **kw: Any) -> Row:
        rng = self.rng
        # Keyword arguments are evaluated left to right, which fixes the draw order; callers'
        # own draws in kw (e.g. up=...) happen before these.
        r: Row = dict(
            v=v, date=d, amount=amount, acct=rng.choices(v.accts, v.aw)[0], labels=set(),
            kind="inv", lag=rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10]),
            up=rng.choice(CLERKS), inj=False,
        )  # fmt: skip
        r.update(kw)
        self.rows.append(r)
        return r

    def free(self, r: Row) -> bool:
        return (
            id(r) not in self.used
            and r["kind"] == "inv"
            and not r.get("cr")
            and not r.get("rebill")
        )

    def take(self, r: Row) -> None:
        self.used.add(id(r))
        r["inj"] = True

    def pool(
        self, pred: Callable[[Row], bool] = lambda r: True, fams: tuple[str, ...] = NATURAL
    ) -> list[Row]:
        return [
            r
            for r in self.rows
            if self.free(r) and r["v"].fam in fams and not r["v"].foreign and pred(r)
        ]

    def by_vendor(self) -> dict[Vendor, list[Row]]:
        bv: dict[Vendor, list[Row]] = defaultdict(list)
        for r in self.rows:
            bv[r["v"]].append(r)
        # The random tie-break draws one number per row, in row order, on every call.
        for lst in bv.values():
            lst.sort(key=lambda r: (r["date"], self.rng.random()))
        return bv

    # -- the ledger ------------------------------------------------------------------------

    def make_vendors(self) -> None:
        rng = self.rng
        for _ in range(22):
            v = self.mk_vendor("subscription")
            # Both uniforms are drawn before the choice.
            v.fixed = round(rng.choice([rng.uniform(19, 300), rng.uniform(300, 3000)]), 2)
            if rng.random() < 0.3:
                v.fixed = float(int(v.fixed))  # e.g. 249.00
        for _ in range(8):
            v = self.mk_vendor("retainer")
            v.fixed = float(rng.choice([500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000]))
        fams = ["lognarrow"] * 52 + ["logwide"] * 30 + ["gamma"] * 42 + ["pricelist"] * 20
        for f in fams:
            self.mk_vendor(f)
        self.fab = [self.mk_vendor("fabricated", numstyle="seq_prefix") for _ in range(4)]
        for v in self.fab:
            v.accts = v.accts[:1]
            v.aw = [1.0]
        # a few foreign-currency vendors (small amounts, never injected)
        for v in rng.sample([v for v in self.vendors if v.fam in ("lognarrow", "gamma")], 5):
            v.cur = rng.choice(["USD", "GBP"])
            v.iban = ""
            v.foreign = True

    def make_rows(self) -> None:
        rng = self.rng
        # subscriptions / retainers: monthly, same day-of-month (next workday)
        for v in self.vendors:
            if v.fam not in ("subscription", "retainer"):
                continue
            dom = rng.randint(1, 25)
            amt = v.fixed
            for y in (2022, 2023, 2024):
                if v.fam == "subscription" and y > 2022 and rng.random() < 0.5:
                    amt = round(amt * rng.uniform(1.02, 1.08), 2)
                for m in range(1, 13):
                    d = D(y, m, dom)
                    while not is_workday(d):
                        d += dt.timedelta(1)
                    self.add_row(v, d, amt)
        # other vendors: zipf-ish frequency
        others = [v for v in self.vendors if v.fam not in ("subscription", "retainer")]
        target = 56000 - len(self.rows)
        w = [1.0 / (i + 3) ** 0.9 for i in range(len(others))]
        rng.shuffle(w)
        tot = sum(w)
        for v, wi in zip(others, w, strict=True):
            n = max(30, int(target * wi / tot))
            if v.fam == "fabricated":
                n = rng.randint(80, 160)
            if v.foreign:
                n = min(n, 200)
            ds = rng.choices(WORKDAYS, WD_W, k=n)
            first = rng.choice(WORKDAYS[:30])
            ds = sorted(set(ds) | {first}) if n < 500 else sorted([*ds, first])
            for d in (d for d in ds if d >= first):
                a = self.draw_amount(v)
                # redraw rather than cap: gen_v1 capped at 2,500 and piled them up on 2500.37
                while v.foreign and a > 2500:
                    a = self.draw_amount(v)
                self.add_row(v, d, a)

    def make_credit_rebills(self) -> None:
        rng = self.rng
        cand = [r for r in self.rows if r["v"].fam in ("lognarrow", "gamma", "pricelist")]
        cand = [r for r in cand if not r["v"].foreign]
        for r in rng.sample(cand, 60):
            v = r["v"]
            cd = r["date"] + dt.timedelta(rng.randint(3, 25))
            while not is_workday(cd):
                cd += dt.timedelta(1)
            if cd > END:
                continue
            self.add_row(v, cd, -r["amount"], kind="credit", acct=r["acct"])
            rb = cd + dt.timedelta(rng.randint(0, 3))
            while not is_workday(rb):
                rb += dt.timedelta(1)
            # A credit without its rebill leaves the original free for other injections.
            if rb > END:
                continue
            amt = (
                r["amount"]
                if rng.random() < 0.7
                else round(r["amount"] * rng.uniform(0.9, 0.99), 2)
            )
            self.add_row(v, rb, amt, acct=r["acct"], rebill=True)
            r["cr"] = True
        # Natural round amounts would be indistinguishable from injected round_amount rows.
        # Credits and rebills copied their amounts before this and keep them.
        for r in self.rows:
            if (
                r["kind"] == "inv"
                and r["v"].fam not in ("subscription", "retainer", "fabricated")
                and is_round(r["amount"])
            ):
                r["amount"] += 0.37

    def inject_calendar(self) -> None:
        rng = self.rng
        for r in rng.sample(self.pool(), 45):
            self.take(r)
            d = r["date"]
            while d.weekday() < 5:
                d += dt.timedelta(1)
            if d > END:
                d -= dt.timedelta(7)
            r["date"] = d
        for r in rng.sample(self.pool(), 35):
            self.take(r)
            d0 = r["date"]
            r["date"] = min(
                HOLIDAY_DRAW_ORDER, key=lambda h: abs((h - d0).days) + rng.random() * 60
            )

    def inject_outliers_and_accounts(self) -> None:
        rng = self.rng
        self.bv = bv = self.by_vendor()
        cnt = 0
        natural = [v for v in self.vendors if v.fam in NATURAL and not v.foreign]
        for v in rng.sample(natural, 60):
            lst = [r for r in bv[v] if r["kind"] == "inv"]
            if len(lst) < 60:
                continue
            i = rng.randint(40, len(lst) - 1)
            r = lst[i]
            prior = [x["amount"] for x in lst[:i] if x["acct"] == r["acct"]]
            if len(prior) < 25 or not self.free(r):
                continue
            med = sorted(prior)[len(prior) // 2]
            a = clean_amount(med * rng.uniform(12, 40))
            if a < 200:
                a = clean_amount(med * 40 + 300)
            self.take(r)
            r["amount"] = a
            r["labels"].add("amount_outlier")
            cnt += 1
            if cnt >= 45:
                break
        cnt = 0
        single = [
            v for v in self.vendors if len(v.accts) == 1 and v.fam != "fabricated" and not v.foreign
        ]
        for v in rng.sample(single, 50):
            lst = [r for r in bv[v] if self.free(r)]
            if len(lst) < 40:
                continue
            r = rng.choice(lst[20:])
            self.take(r)
            r["acct"] = rng.choice([a for a in ACCTS if a not in v.accts])
            r["labels"].add("rare_account")
            cnt += 1
            if cnt >= 40:
                break

    def inject_amount_patterns(self) -> None:
        rng, bv = self.rng, self.bv
        # round amounts
        cnt = 0
        for r in rng.sample(self.pool(lambda r: 1500 <= r["amount"] <= 30000), 400):
            amounts = [x["amount"] for x in bv[r["v"]] if x["kind"] == "inv"]
            med = sorted(amounts)[len(amounts) // 2]
            if med < 1200 or len(amounts) < 20:
                continue
            step = rng.choice([500, 1000])
            a = float(max(1000, round(r["amount"] / step) * step))
            if any(0.9 * t <= a < t for t in LIMIT_BANDS) or a == 10000:
                continue
            self.take(r)
            r["amount"] = a
            r["labels"].add("round_amount")
            cnt += 1
            if cnt >= 45:
                break
        # below limit (EUR, 9,500..9,999.99, non-round); labelled definitionally later
        for cnt, r in enumerate(rng.sample(self.pool(lambda r: r["amount"] > 1000), 300), 1):
            self.take(r)
            r["amount"] = round(rng.uniform(9500, 9999.99), 2)
            if is_round(r["amount"]):
                r["amount"] += 0.41
            if cnt >= 40:
                break
        # threshold clusters
        clusters = [(5000, 8), (5000, 7), (20000, 6), (50000, 6), (2500, 9), (20000, 8),
                    (5000, 10), (2500, 6)]  # fmt: skip
        for t, n in clusters:
            cands = [
                v
                for v in self.vendors
                if v.fam in ("lognarrow", "gamma", "logwide")
                and not v.foreign
                and v.cluster is None
            ]
            v = rng.choice([v for v in cands if self._cluster_ok(v, t)])
            v.cluster = t
            lst = [r for r in bv[v] if self.free(r)]
            if len(lst) < n:
                continue
            for r in rng.sample(lst, n):
                self.take(r)
                r["amount"] = round(rng.uniform(0.962 * t, 0.9985 * t), 2)
                r["labels"].add("threshold_cluster")
        # repeated amounts
        for _ in range(25):
            v = rng.choice(
                [
                    v
                    for v in self.vendors
                    if v.fam in ("lognarrow", "gamma", "logwide") and not v.foreign
                ]
            )
            lst = [r for r in bv[v] if self.free(r)]
            k = rng.choice([3, 3, 4])
            pick: list[Row] = []
            for r in rng.sample(lst, min(len(lst), 60)):
                if all(abs((r["date"] - p["date"]).days) >= 25 for p in pick):
                    pick.append(r)
                if len(pick) == k:
                    break
            if len(pick) < 3:
                continue
            a = clean_amount(rng.choice(pick)["amount"])
            if is_round(a):
                a += 0.13
            for r in pick:
                self.take(r)
                r["amount"] = a
                r["labels"].add("repeated_amount")

    def _cluster_ok(self, v: Vendor, t: int) -> bool:
        # A vendor whose own amounts are already near the threshold would make the cluster
        # indistinguishable from its normal business.
        am = sorted(x["amount"] for x in self.bv[v])
        return bool(am) and am[len(am) // 2] < t / 3 and not any(0.85 * t <= a < t for a in am)

    def add_splits_and_new_vendors(self) -> None:
        rng = self.rng
        for _ in range(40):
            v = rng.choice([v for v in self.vendors if v.fam in NATURAL and not v.foreign])
            total = rng.uniform(10000, 25000)
            n = rng.randint(2, 5)
            while total / n >= 8500:
                n += 1
            if n > 5:
                n = 5
                total = rng.uniform(10000, 5 * 8200)
            d0 = rng.choice(WORKDAYS[30:-10])
            acct = v.accts[0]
            for _j in range(n):
                d = d0 + dt.timedelta(rng.randint(0, 7))
                while not is_workday(d):
                    d -= dt.timedelta(1)
                a = clean_amount(total / n * rng.uniform(0.9, 1.1))
                r = self.add_row(v, d, a, acct=acct, up=rng.choice(CLERKS))
                self.take(r)
                r["labels"].add("split_purchase")
        # new vendors (appear late)
        late = [d for d in WORKDAYS if d >= D(2023, 3, 1)]
        for _ in range(15):
            v = self.mk_vendor(rng.choice(["lognarrow", "gamma"]))
            v.newv = True
            d0 = rng.choice(late)
            for j in range(rng.randint(1, 3)):
                d = d0 + dt.timedelta(rng.randint(0, 40) if j else 0)
                while not is_workday(d):
                    d += dt.timedelta(1)
                if d > END:
                    break
                r = self.add_row(v, d, clean_amount(rng.uniform(1500, 8900)))
                self.take(r)
                r["labels"].add("new_vendor")

    def number(self) -> None:
        rng = self.rng
        # date order per vendor; credits get their own series
        self.bv = bv = self.by_vendor()
        for v in self.vendors:
            n = v.start_no
            cn = rng.randint(1, 900)
            yr = None
            for r in bv.get(v, []):
                if r["kind"] == "credit":
                    cn += rng.randint(1, 3)
                    r["no"] = ("num", cn)
                    continue
                if v.numstyle == "year_reset" and r["date"].year != yr:
                    yr = r["date"].year
                    n = rng.randint(1, 5)
                else:
                    n += v.inc if v.numstyle == "seq_plain" else rng.randint(1, v.inc)
                r["no"] = ("num", n)
        cnt_g = cnt_d = 0
        seq_vendors = [v for v in self.vendors if v.numstyle in SEQ and v.fam != "fabricated"]
        for v in rng.sample(seq_vendors, 80):
            lst = [r for r in bv.get(v, []) if r["kind"] == "inv"]
            if len(lst) < 40:
                continue
            i = rng.randint(10, len(lst) - 10)
            r = lst[i]
            resets = v.numstyle == "year_reset"
            # Near a January reset a jump or a lower number is the reset, not an anomaly.
            if not self.free(r) or (resets and lst[i - 1]["date"].year != r["date"].year):
                continue
            if lst[i + 1]["date"].year != r["date"].year and resets:
                continue
            if cnt_g < 30 and (cnt_d >= 30 or rng.random() < 0.5):
                if v.numstyle != "seq_plain":
                    jump = rng.randint(60, 400) * v.inc
                else:
                    jump = rng.randint(25, 300)
                for x in lst[i:]:
                    if resets and x["date"].year != r["date"].year:
                        break
                    x["no"] = ("num", x["no"][1] + jump)
                self.take(r)
                r["labels"].add("numbering")
                cnt_g += 1
            elif cnt_d < 30:
                prev = lst[i - 1]["no"][1]
                existing = {x["no"][1] for x in lst}
                newn = prev - rng.randint(8, 40) * max(1, v.inc)
                if newn in existing or newn < 1:
                    continue
                r["no"] = ("num", newn)
                self.take(r)
                r["labels"].add("numbering")
                cnt_d += 1
        for r in self.rows:
            r["num"] = render_no(r["v"], r)
        # posting date from the (final) business date
        for r in self.rows:
            r["post"] = r["date"] + dt.timedelta(r["lag"])

    def inject_entry_dates(self) -> None:
        rng = self.rng

        # Sequential numbers would already betray a moved date; keep these two kinds pure.
        def nonseq(r: Row) -> bool:
            return r["v"].numstyle == "alnum"

        for r in rng.sample(self.pool(nonseq), 40):
            self.take(r)
            r["date"] = r["post"] - dt.timedelta(rng.randint(60, 200))
            while not is_workday(r["date"]):
                r["date"] -= dt.timedelta(1)
            r["labels"].add("backdated")
        early = rng.sample(self.pool(lambda r: nonseq(r) and r["post"] < D(2024, 10, 1)), 25)
        late = rng.sample(self.pool(lambda r: nonseq(r) and r["post"] >= D(2024, 10, 15)), 15)
        for r in early + late:
            self.take(r)
            if r["post"] < D(2024, 10, 1):
                d = r["post"] + dt.timedelta(rng.randint(30, 300))
            else:
                d = r["post"] + dt.timedelta(rng.randint(30, 150))
            while not is_workday(d):
                d += dt.timedelta(1)
            r["date"] = d
            r["labels"].add("future_date")

    def inject_attributes(self) -> None:
        rng = self.rng
        # IBAN: base value per row, then permanent changes
        for r in self.rows:
            ib = r["v"].iban
            if ib and rng.random() < 0.03:
                ib = ""  # occasionally missing
            r["ibraw"] = ib
        post_sorted = sorted(self.rows, key=lambda r: (r["post"], r["date"], rng.random()))
        cnt = 0
        with_iban = [v for v in self.vendors if v.iban and v.fam != "fabricated"]
        for v in rng.sample(with_iban, 60):
            lst = [r for r in post_sorted if r["v"] is v]
            if len(lst) < 30:
                continue
            i = rng.randint(10, len(lst) - 5)
            if not self.free(lst[i]) or not lst[i]["ibraw"]:
                continue
            new = self.iban_de()
            for x in lst[i:]:
                if x["ibraw"]:
                    x["ibraw"] = new
            self.take(lst[i])
            lst[i]["labels"].add("iban_change")
            cnt += 1
            if cnt >= 25:
                break
        for r in self.rows:
            ib = r["ibraw"]
            style = rng.choice([0, 0, 1, 2]) if ib and r["v"].ibstyle_mix else 0
            r["iban"] = fmt_iban(ib, style) if ib else ""
        # approvers; small invoices often go through unapproved (innocent)
        for r in self.rows:
            ap = rng.choice([a for a in APPROVERS if a != r["up"]])
            if abs(r["amount"]) < 150 and rng.random() < 0.5:
                ap = ""
            r["ap"] = ap
        for j, r in enumerate(rng.sample(self.pool(), 40)):
            self.take(r)
            r["ap"] = r["up"] if j >= 10 else r["up"].upper() if j % 2 else " " + r["up"].title()

    def inject_duplicates(self) -> None:
        rng = self.rng
        # Date-based numbers change with the date, so a copy there is no longer a duplicate.
        dup_src = self.pool(lambda r: r["v"].numstyle != "date_based")
        made = 0
        for r in rng.sample(dup_src, 300):
            if made >= 60:
                break
            num = r["num"]
            typ = ["exact", "later", "ocr", "fmt"][made % 4]
            d = r["date"]
            if typ == "exact":
                nn = num
            elif typ == "later":
                nn = num
                d = d + dt.timedelta(rng.randint(1, 7))
                while not is_workday(d):
                    d += dt.timedelta(1)
            elif typ == "ocr":
                pos = [i for i, c in enumerate(num) if c in OCR]
                if not pos:
                    continue
                i = rng.choice(pos)
                nn = num[:i] + OCR[num[i]] + num[i + 1 :]
            elif "-" in num or " " in num:
                nn = num.replace("-", "").replace(" ", "")
            elif any(c.isalpha() for c in num):
                nn = num.lower()
            elif "/" in num:
                nn = num.replace("/", "-")
            else:
                # The trailing-space variant is stripped again, leaving an exact copy.
                nn = "0" + num if rng.random() < 0.5 else num + " "
                nn = nn.strip() if nn.endswith(" ") else nn
            if d > END:
                continue
            self.take(r)
            c = dict(r)
            c["orig"] = r
            c["labels"] = {"duplicate"}
            c["num"] = nn
            c["date"] = d
            c["post"] = max(r["post"], d) + dt.timedelta(rng.randint(0, 10))
            c["up"] = rng.choice(CLERKS)
            c["ap"] = rng.choice([a for a in APPROVERS if a != c["up"]])
            self.rows.append(c)
            self.used.add(id(c))
            made += 1

    def label_definitional(self) -> None:
        for r in self.rows:
            d = r["date"]
            if d.weekday() >= 5:
                r["labels"].add("weekend_date")
            elif d in HOL:
                r["labels"].add("holiday_date")
            if r["ap"] and r["ap"].strip().casefold() == r["up"].strip().casefold():
                r["labels"].add("sod_breach")
            if r["v"].cur == "EUR" and 9500 <= r["amount"] < 10000:
                r["labels"].add("below_limit")
            if r["v"].fam == "fabricated":
                r["labels"].add("benford")

    def build(self) -> None:
        self.make_vendors()
        self.make_rows()
        self.make_credit_rebills()
        self.inject_calendar()
        self.inject_outliers_and_accounts()
        self.inject_amount_patterns()
        self.add_splits_and_new_vendors()
        self.number()
        self.inject_entry_dates()
        self.inject_attributes()
        self.inject_duplicates()
        self.label_definitional()
        # posting order, ties broken at random
        self.rows.sort(key=lambda r: (r["post"], self.rng.random()))

    def write(self, csv_path: Path) -> dict[str, Any]:
        """Write the ledger as CSV and return the truth in the shape of the original labels.json."""
        rows = self.rows
        rowno = {id(r): i + 1 for i, r in enumerate(rows)}
        with open(csv_path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            for r in rows:
                v = r["v"]
                a = round(r["amount"], 2)
                net = round(a / (1 + v.vat), 2)
                tax = round(a - net, 2)
                w.writerow([v.name, r["num"], r["date"].isoformat(), f"{a:.2f}", v.cur,
                            f"{net:.2f}", f"{tax:.2f}", r["acct"], r["iban"], r["up"],
                            r["ap"]])  # fmt: skip
        labels = {i + 1: sorted(r["labels"]) for i, r in enumerate(rows) if r["labels"]}
        meta = {
            i + 1: dict(
                fam=r["v"].fam,
                kind=r["kind"],
                rebill=bool(r.get("rebill")),
                inj=r["inj"],
                numstyle=r["v"].numstyle,
                post=r["post"].isoformat(),
                orig=rowno[id(r["orig"])] if "orig" in r else None,
                vendor=r["v"].name,
            )
            for i, r in enumerate(rows)
        }
        return {
            "labels": labels,
            "meta": meta,
            "vendors": {v.name: v.fam for v in self.vendors},
            "benford_vendors": [v.name for v in self.fab],
            "new_vendors": [v.name for v in self.vendors if v.newv],
        }


# ----------------------------------------------------------------------------------------
# Scoring (score.py): row level per kind, multi-row findings expanded to their rows
# ----------------------------------------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return p, r


def _num(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 4)


def score(
    truth: dict[str, Any], ledger: list[dict[str, str]], findings: list[dict[str, Any]]
) -> dict[str, Any]:
    labels = {int(k): set(v) for k, v in truth["labels"].items()}
    meta = {int(k): v for k, v in truth["meta"].items()}
    pred: dict[str, set[int]] = defaultdict(set)
    reasons: dict[tuple[str, int], str] = {}
    nonrow: list[dict[str, Any]] = []
    for f in findings:
        rs = [f["row"]] if f.get("row") else list(f.get("rows") or [])
        if not rs:
            nonrow.append(f)
        for r in rs:
            pred[f["detector"]].add(r)
            reasons[(f["detector"], r)] = f["reason"]
    kinds: dict[str, dict[str, Any]] = {}
    for k in KINDS:
        lab = {r for r, s in labels.items() if k in s}
        got = pred[k]
        tp, fp, fn = len(lab & got), len(got - lab), len(lab - got)
        p, r = prf(tp, fp, fn)
        kinds[k] = dict(lab=len(lab), pred=len(got), tp=tp, fp=fp, fn=fn, precision=p, recall=r)
    vendor_level: dict[str, dict[str, Any]] = {}
    for k, vs in (
        ("benford", set(truth["benford_vendors"])),
        ("new_vendor", set(truth["new_vendors"])),
    ):
        pv: set[str] = set()
        for f in findings:
            if f["detector"] != k:
                continue
            if f.get("subject"):
                pv.add(f["subject"])
            elif f.get("row"):
                pv.add(ledger[f["row"] - 1]["vendor"])
        tp = len(vs & pv)
        p, r = prf(tp, len(pv - vs), len(vs - pv))
        vendor_level[k] = dict(
            labelled=len(vs), predicted=len(pv), tp=tp, precision=p, recall=r,
            fp_vendors=sorted(pv - vs)[:8],
        )  # fmt: skip
    # lenient duplicate: flagging the original of an injected pair is neither hit nor miss
    lab = {r for r, s in labels.items() if "duplicate" in s}
    origs = {meta[r]["orig"] for r in lab}
    got = pred["duplicate"]
    tp, fp, fn = len(lab & got), len(got - lab - origs), len(lab - got)
    p, r = prf(tp, fp, fn)
    lenient = dict(tp=tp, fp=fp, fn=fn, precision=p, recall=r, originals_flagged=len(got & origs))
    return {
        "kinds": kinds,
        "vendor_level": vendor_level,
        "duplicate_lenient": lenient,
        "nonrow": nonrow,
        "pred": pred,
        "reasons": reasons,
        "labels": labels,
        "meta": meta,
    }


def print_table(s: dict[str, Any]) -> None:
    print(f"{'kind':18s} {'lab':>5s} {'pred':>5s} {'TP':>5s} {'FP':>5s} {'FN':>5s}   P      R")
    for k, x in s["kinds"].items():
        p, r = x["precision"], x["recall"]
        flag = "" if (p >= 0.9 and r >= 0.9) else "  <--"
        print(
            f"{k:18s} {x['lab']:5d} {x['pred']:5d} {x['tp']:5d} {x['fp']:5d} {x['fn']:5d}  "
            f"{p:5.3f}  {r:5.3f}{flag}"
        )
    print("\nvendor level:")
    for k, x in s["vendor_level"].items():
        print(
            f"  {k:12s} labelled {x['labelled']} predicted {x['predicted']} TP {x['tp']}  "
            f"P {x['precision']:.3f} R {x['recall']:.3f}  FPvendors {x['fp_vendors']}"
        )
    d = s["duplicate_lenient"]
    print(
        f"  duplicate lenient (original of pair ignored): TP {d['tp']} FP {d['fp']} FN {d['fn']} "
        f"P {d['precision']:.3f} R {d['recall']:.3f}; originals flagged {d['originals_flagged']}"
    )
    for f in s["nonrow"]:
        print("  non-row finding:", f["detector"], f.get("subject"), f["reason"][:160])


def print_samples(s: dict[str, Any], ledger: list[dict[str, str]], nsamp: int) -> None:
    labels, meta, pred, reasons = s["labels"], s["meta"], s["pred"], s["reasons"]

    def desc(r: int) -> str:
        x, m = ledger[r - 1], meta[r]
        return (
            f"row {r} [{x['vendor']} | {x['invoice_number']} | {x['invoice_date']} | "
            f"{x['total_amount']} {x['currency']} | acct {x['account']} | up {x['uploaded_by']} "
            f"ap {x['approved_by']}] fam={m['fam']} kind={m['kind']}"
            f"{' rebill' if m['rebill'] else ''} post={m['post']} "
            f"labels={sorted(labels.get(r, []))}"
        )

    for k in KINDS:
        lab = {r for r, ls in labels.items() if k in ls}
        got = pred[k]
        fps, fns = sorted(got - lab), sorted(lab - got)
        if not fps and not fns:
            continue
        print(f"\n=== {k}: {len(fps)} FP, {len(fns)} FN")
        if fps:
            c = Counter(
                (meta[r]["fam"], meta[r]["kind"], meta[r]["rebill"], bool(labels.get(r)))
                for r in fps
            )
            print("  FP by (family, kind, rebill, has-other-label):", c.most_common(8))
        for r in fps[:nsamp]:
            print("  FP", desc(r))
            print("     reason:", reasons[(k, r)][:300])
        for r in fns[:nsamp]:
            print("  FN", desc(r))
            oth = [(d, reasons[(d, r)][:150]) for d in KINDS if (d, r) in reasons]
            if oth:
                print("     other findings on row:", oth)


# ----------------------------------------------------------------------------------------


def as_of_arg(s: str) -> dt.date | None:
    if s.lower() == "none":
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or 'none': {s!r}") from None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seed", type=int, default=7, help="default 7 (the original run)")
    p.add_argument(
        "--as-of",
        type=as_of_arg,
        default=None,
        metavar="DATE|none",
        help="pass --as-of DATE to the CLI (default none: the CLI's own today, as in the issue)",
    )
    p.add_argument("--samples", type=int, default=0, help="error rows to show per kind")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ll-bench-posting-") as tmp:
        csv_path = Path(tmp) / "ledger.csv"
        t0 = time.perf_counter()
        gen = Generator(args.seed)
        gen.build()
        truth = gen.write(csv_path)
        gen_s = time.perf_counter() - t0
        with open(Path(tmp) / "labels.json", "w", encoding="utf-8") as fh:
            json.dump(truth, fh)
        cmd = [sys.executable, "-m", "core", "anomalies", "--import-csv", str(csv_path), "--json"]
        if args.as_of is not None:
            cmd += ["--as-of", args.as_of.isoformat()]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        scan_s = time.perf_counter() - t0
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            print(f"CLI exited with {proc.returncode}", file=sys.stderr)
            return 1
        findings = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        skipped = sum(1 for line in proc.stderr.splitlines() if line.endswith("(skipped)"))
        with open(csv_path, newline="", encoding="utf-8") as fh:
            ledger = list(csv.DictReader(fh))

    s = score(truth, ledger, findings)
    as_of = args.as_of.isoformat() if args.as_of else None
    if args.json:
        report = {
            "seed": args.seed,
            "as_of": as_of,
            "rows": len(ledger),
            "vendors": len(truth["vendors"]),
            "findings": len(findings),
            "skipped": skipped,
            "generate_s": round(gen_s, 2),
            "scan_s": round(scan_s, 2),
            "unknown_detectors": sorted(set(s["pred"]) - set(KINDS)),
            "kinds": {
                k: {kk: _num(vv) if isinstance(vv, float) else vv for kk, vv in x.items()}
                for k, x in s["kinds"].items()
            },
            "vendor_level": {
                k: {kk: _num(vv) if isinstance(vv, float) else vv for kk, vv in x.items()}
                for k, x in s["vendor_level"].items()
            },
            "duplicate_lenient": {
                kk: _num(vv) if isinstance(vv, float) else vv
                for kk, vv in s["duplicate_lenient"].items()
            },
            "nonrow_findings": [
                {"detector": f["detector"], "subject": f.get("subject"), "reason": f["reason"]}
                for f in s["nonrow"]
            ],
        }
        print(json.dumps(report))
        return 0
    print(
        f"ledger: {len(ledger):,} rows, {len(truth['vendors'])} vendors, seed {args.seed} "
        f"(generated in {gen_s:.1f} s)"
    )
    print(
        f"scan:   {scan_s:.1f} s via the CLI (--as-of {as_of or 'not given'}), "
        f"{len(findings):,} findings, {skipped} rows skipped"
    )
    print_table(s)
    unknown = set(s["pred"]) - set(KINDS)
    if unknown:
        print("unknown detectors:", sorted(unknown))
    if args.samples:
        print_samples(s, ledger, args.samples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
