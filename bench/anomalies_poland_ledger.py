#!/usr/bin/env python3
"""Independent labelled benchmark for `python -m core anomalies --import-csv`.

A 3-year accounts-payable ledger of a furniture manufacturer in Poznań (base currency
PLN, approval limit 40,000 PLN) is generated from a seed, anomalies of every kind the
tool claims to find are injected the way an auditor or fraud examiner would describe
them, and every injected row is labelled with its kind.  Innocent rows that genuinely
meet a kind's definition (an ordinary invoice 3 % under the limit, a hotel bill dated
on a Sunday, ...) are kept as "ambiguous" for that kind: a finding on them counts
neither for nor against lenient precision (strict precision counts it as a false
alarm).  The ledger is screened by the real command line in a child process and the
findings are scored per kind; Benford is scored per vendor.

Written without reading the detectors (core/anomalies), the tests or the other benches. Its
scoring and output are bench/standin.py's.

    python bench/anomalies_poland_ledger.py [--seed 1] [--samples 3] [--keep DIR]
    python bench/anomalies_poland_ledger.py --selftest
"""

from __future__ import annotations

import calendar
import csv
import math
import os
import random
import re
import tempfile
import zlib
from collections import Counter, defaultdict

import numpy as np
import standin
from standin import (
    DAY,
    D,
    de_holidays,
    easter,
    edit1,
    fmt_money,
    parse_findings,
    pred_sets,
    score,
)

START, END = D(2022, 1, 1), D(2024, 12, 31)
AS_OF = D(2025, 1, 31)
LIMIT = 40_000_00  # grosze


# ----------------------------------------------------------------------------- calendars


def pl_holidays(y: int) -> set[D]:
    e = easter(y)
    days = {
        D(y, 1, 1),
        D(y, 1, 6),
        e,
        e + DAY,
        D(y, 5, 1),
        D(y, 5, 3),
        e + 49 * DAY,
        e + 60 * DAY,
        D(y, 8, 15),
        D(y, 11, 1),
        D(y, 11, 11),
        D(y, 12, 25),
        D(y, 12, 26),
    }
    if y >= 2025:
        days.add(D(y, 12, 24))
    return days


def cz_holidays(y: int) -> set[D]:
    e = easter(y)
    return {
        D(y, 1, 1),
        e - 2 * DAY,
        e + DAY,
        D(y, 5, 1),
        D(y, 5, 8),
        D(y, 7, 5),
        D(y, 7, 6),
        D(y, 9, 28),
        D(y, 10, 28),
        D(y, 11, 17),
        D(y, 12, 24),
        D(y, 12, 25),
        D(y, 12, 26),
    }


PL_HOL = set().union(*(pl_holidays(y) for y in range(2021, 2027)))
FOREIGN_HOL = {
    "DE": set().union(*(de_holidays(y) for y in range(2021, 2027))),
    "CZ": set().union(*(cz_holidays(y) for y in range(2021, 2027))),
    "US": {D(y, m, d) for y in range(2021, 2027) for m, d in ((1, 1), (7, 4), (12, 25))},
}


def is_weekend(d: D) -> bool:
    return d.weekday() >= 5


def days(a: D, b: D):
    d = a
    while d <= b:
        yield d
        d += DAY


def last_day(y: int, m: int) -> D:
    return D(y, m, calendar.monthrange(y, m)[1])


def add_months(d: D, n: int) -> D:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return D(y, m, min(d.day, calendar.monthrange(y, m)[1]))


# ----------------------------------------------------------------------------- IBANs


def iban_check(country: str, bban: str) -> str:
    s = bban + country + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return f"{98 - int(num) % 97:02d}"


def make_iban(rng: random.Random, country: str = "PL") -> str:
    if country == "PL":
        bank = rng.choice(["1020", "1050", "1090", "1140", "1240", "1160", "2490", "1750", "1870"])
        bban = bank + "".join(rng.choice("0123456789") for _ in range(20))
    elif country == "DE":
        bban = "".join(rng.choice("0123456789") for _ in range(18))
    elif country == "CZ":
        bban = rng.choice(["0100", "0300", "0800", "2010"]) + "".join(
            rng.choice("0123456789") for _ in range(16)
        )
    else:
        raise ValueError(country)
    return country + iban_check(country, bban) + bban


def spaced(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


# ----------------------------------------------------------------------------- money


def g(x: float) -> int:
    """PLN (or EUR/USD) -> integer grosze, half up."""
    return math.floor(x * 100 + 0.5)


FX = {
    "PLN": {2022: 1.0, 2023: 1.0, 2024: 1.0, 2025: 1.0},
    "EUR": {2022: 4.69, 2023: 4.54, 2024: 4.31, 2025: 4.27},
    "USD": {2022: 4.46, 2023: 4.20, 2024: 3.98, 2025: 4.10},
}


def pln(row) -> int:
    return int(row["total"] * FX[row["currency"]][row["date"].year])


def price_index(d: D, foreign: bool = False) -> float:
    t = (d - START).days / 365.25
    if foreign:
        return 1.05**t
    if t <= 2:
        return 1.12**t
    return 1.12**2 * 1.04 ** (t - 2)


def season(d: D) -> float:
    m = d.month
    f = {
        1: 0.85,
        2: 0.95,
        3: 1.05,
        4: 1.25,
        5: 1.3,
        6: 1.2,
        7: 0.9,
        8: 0.7,
        9: 1.0,
        10: 1.1,
        11: 1.4,
        12: 1.3,
    }[m]
    if m == 12 and d.day > 20:
        f = 0.45
    if m == 1 and d.day < 7:
        f = 0.5
    return f * (1.06 ** ((d - START).days / 365.25))


# ----------------------------------------------------------------------------- vendors

CLERKS = ["a.nowak", "m.wisniewska", "p.zielinski", "o.dabrowska", "k.kowalska", "j.wojcik"]
MANAGERS = {"prod": "t.kaminski", "admin": "e.lewandowska", "ops": "r.kowalski"}
CFO = "d.szymanska"


def clerk_active(c: str, d: D) -> bool:
    if c == "p.zielinski":
        return d <= D(2022, 12, 31)
    if c == "o.dabrowska":
        return d >= D(2023, 1, 9)
    return True


NUMFMT = {
    "fv_year": ("year", lambda s, d: f"FV/{s:04d}/{d.year}"),
    "fv_month": ("month", lambda s, d: f"FV {s}/{d.month:02d}/{d.year}"),
    "small_year": ("year", lambda s, d: f"{s}/{d.year}"),
    "fs_year": ("year", lambda s, d: f"FS-{d.year}-{s:05d}"),
    "ym_month": ("month", lambda s, d: f"FV/{d.year}/{d.month:02d}/{s:03d}"),
    "f_cont": ("cont", lambda s, d: f"F{s:07d}"),
    "de_cont": ("cont", lambda s, d: f"RE{s:06d}"),
    "cz_year": ("year", lambda s, d: f"{d.year}{s:05d}"),
    "inv_cont": ("cont", lambda s, d: f"INV-{s:05d}"),
    "util_cont": ("cont", lambda s, d: f"P/{s:08d}/{d.strftime('%y')}"),
    "rent": ("cont", lambda s, d: f"NAJ/{d.month:02d}/{d.year}"),
    "lease": ("cont", None),  # LEAS/<contract>/<installment>
}
ALT_FMT = {  # a template the vendor never uses (fabricated invoice), keyed by the vendor's own
    "fv_year": lambda s, d: f"FV-{d.year}-{s:04d}",
    "fs_year": lambda s, d: f"FS/{s}/{d.year}",
    "small_year": lambda s, d: f"FV/{s:03d}/{d.strftime('%y')}",
    "f_cont": lambda s, d: f"F-{s:06d}",
    "fv_month": lambda s, d: f"FV/{s}/{d.month}/{d.year}",
    "ym_month": lambda s, d: f"{d.year}/{d.month:02d}/{s}",
}


class Vendor:
    def __init__(
        self,
        name,
        cat,
        account,
        *,
        cur="PLN",
        country="PL",
        vat=0.23,
        rate=0.0,
        amount=("logn", 2000, 0.6),
        num="fv_year",
        step=3.0,
        dept="prod",
        when="bday",
        dom=None,
        start=START,
        end=END,
        weekend_p=0.0,
        sec=None,
        schedule=False,
        debit=False,
        iban=True,
    ):
        self.name, self.cat, self.account, self.cur, self.country = name, cat, account, cur, country
        self.vat, self.rate, self.amount, self.num, self.step = vat, rate, amount, num, step
        self.dept, self.when, self.dom, self.start, self.end = dept, when, dom, start, end
        self.weekend_p, self.sec, self.schedule, self.debit = weekend_p, sec or [], schedule, debit
        self.has_iban = iban
        self.ibans: list[tuple[D, str]] = []  # (valid from, iban)
        self.clerk = None
        self.shell = False
        self.benford_fake = False
        self.spaced_p = 0.0

    @property
    def foreign(self):
        return self.cur != "PLN" or self.country != "PL"

    def iban_at(self, d: D) -> str:
        cur = ""
        for frm, ib in self.ibans:
            if d >= frm:
                cur = ib
        return cur

    def series(self, d: D, contract=None):
        mode = NUMFMT[self.num][0]
        if self.num == "lease":
            return ("lease", contract)
        return {"year": (d.year,), "month": (d.year, d.month), "cont": ()}[mode]

    def render(self, seq: int, d: D, series) -> str:
        if self.num == "lease":
            return f"LEAS/{series[1]}/{seq:02d}"
        return NUMFMT[self.num][1](seq, d)


def build_vendors(rng: random.Random) -> list[Vendor]:
    V = Vendor
    vs = [
        # timber and boards
        V(
            "Tartak Wielkopolski Sp. z o.o.",
            "timber",
            "401-01",
            rate=1150,
            amount=("timber",),
            step=1.6,
        ),
        V(
            "Drewno-Hurt Grzegorz Mazur",
            "wood",
            "401-01",
            rate=170,
            amount=("logn", 9000, 0.55),
            num="small_year",
            step=4,
        ),
        V(
            "Płyty Meblowe Kalisz S.A.",
            "board",
            "401-01",
            rate=330,
            amount=("logn", 14000, 0.6),
            num="fs_year",
            step=25,
            sec=[("401-04", 0.01)],
        ),
        V(
            "MDF Polska Sp. z o.o.",
            "board",
            "401-01",
            rate=230,
            amount=("logn", 11000, 0.55),
            num="f_cont",
            step=40,
        ),
        V(
            "Sklejka Mazury Sp. z o.o.",
            "board",
            "401-01",
            rate=120,
            amount=("logn", 7000, 0.6),
            num="fv_month",
            step=6,
        ),
        V(
            "Holzwerk Sachsen GmbH",
            "timber",
            "401-01",
            cur="EUR",
            country="DE",
            vat=0,
            rate=55,
            amount=("logn", 7500, 0.45),
            num="de_cont",
            step=30,
        ),
        V(
            "Dřevo Morava s.r.o.",
            "timber",
            "401-01",
            cur="EUR",
            country="CZ",
            vat=0,
            rate=45,
            amount=("logn", 6000, 0.5),
            num="cz_year",
            step=9,
        ),
        V(
            "Płyty Laminowane Opole Sp. z o.o.",
            "board",
            "401-01",
            rate=140,
            amount=("logn", 9000, 0.6),
            num="fv_year",
            step=20,
            start=D(2023, 4, 12),
        ),
        # fittings: price lists
        V(
            "Okucia Meblowe Bydgoszcz Sp. z o.o.",
            "pricelist",
            "401-02",
            rate=380,
            amount=("price", 6.0, 3),
            num="fv_year",
            step=30,
            sec=[("402-05", 0.02)],
        ),
        V(
            "Beschlag-Technik Herford GmbH",
            "pricelist",
            "401-02",
            cur="EUR",
            country="DE",
            vat=0,
            rate=80,
            amount=("price", 1.6, 3),
            num="de_cont",
            step=50,
        ),
        V(
            "Wkręt-Met Sp. j.",
            "pricelist",
            "401-02",
            rate=260,
            amount=("price", 0.8, 2),
            num="small_year",
            step=12,
        ),
        V(
            "Prowadnice Szuflad PL Sp. z o.o.",
            "pricelist",
            "401-02",
            rate=160,
            amount=("price", 4.0, 2),
            num="fs_year",
            step=15,
        ),
        V(
            "Uchwyty i Gałki Design Sp. z o.o.",
            "pricelist",
            "401-02",
            rate=110,
            amount=("price", 3.0, 3),
            num="fv_year",
            step=8,
        ),
        V(
            "Stelaże Metalowe Sp. z o.o.",
            "metal",
            "401-02",
            rate=150,
            amount=("logn", 8500, 0.5),
            num="fv_year",
            step=5,
        ),
        # fabrics, foam, leather
        V(
            "Tkaniny Obiciowe Łódź Sp. z o.o.",
            "fabric",
            "401-03",
            rate=210,
            amount=("logn", 6500, 0.6),
            num="fv_year",
            step=14,
        ),
        V(
            "Pianka-Tech Sp. z o.o.",
            "foam",
            "401-03",
            rate=230,
            amount=("logn", 8000, 0.5),
            num="fv_month",
            step=5,
            start=D(2023, 3, 6),
        ),
        V(
            "Pianki Poliuretanowe Konin Sp. z o.o.",
            "foam",
            "401-03",
            rate=200,
            amount=("logn", 7800, 0.5),
            num="fv_year",
            step=7,
            end=D(2023, 5, 31),
        ),
        V(
            "Skóry Naturalne Radom Sp. z o.o.",
            "leather",
            "401-03",
            rate=80,
            amount=("logn", 12000, 0.7),
            num="small_year",
            step=6,
        ),
        V(
            "Textil Oberlausitz GmbH",
            "fabric",
            "401-03",
            cur="EUR",
            country="DE",
            vat=0,
            rate=40,
            amount=("logn", 3500, 0.6),
            num="de_cont",
            step=25,
            start=D(2022, 9, 14),
        ),
        V(
            "Textilní Závody Liberec a.s.",
            "fabric",
            "401-03",
            cur="EUR",
            country="CZ",
            vat=0,
            rate=35,
            amount=("logn", 2800, 0.6),
            num="cz_year",
            step=20,
        ),
        V(
            "Gąbki i Włókniny Tex-Pol",
            "foam",
            "401-03",
            rate=90,
            amount=("logn", 2500, 0.55),
            num="small_year",
            step=3,
        ),
        # finishes
        V(
            "Lakiery Przemysłowe Sp. z o.o.",
            "paint",
            "401-04",
            rate=150,
            amount=("logn", 5200, 0.55),
            num="fv_year",
            step=18,
        ),
        V(
            "Kleje i Chemia Bud-Chem Sp. z o.o.",
            "glue",
            "401-04",
            rate=120,
            amount=("logn", 3100, 0.5),
            num="fs_year",
            step=22,
        ),
        V(
            "Farby Ostrów Sp. j.",
            "paint",
            "401-04",
            rate=80,
            amount=("logn", 2200, 0.6),
            num="small_year",
            step=5,
        ),
        V(
            "Bejce i Oleje Naturalne Sp. z o.o.",
            "paint",
            "401-04",
            rate=40,
            amount=("logn", 1800, 0.5),
            num="fv_year",
            step=4,
            start=D(2024, 2, 19),
        ),
        # packaging
        V(
            "Kartony Poznań Sp. z o.o.",
            "pack",
            "401-05",
            rate=230,
            amount=("logn", 4200, 0.5),
            num="fv_year",
            step=9,
        ),
        V(
            "Folie Stretch PL Sp. z o.o.",
            "pack",
            "401-05",
            rate=120,
            amount=("price", 1.5, 1),
            num="f_cont",
            step=30,
        ),
        V(
            "Palety Wielkopolska Jan Krawczyk",
            "pallet",
            "401-05",
            rate=150,
            amount=("price", 2.5, 1),
            num="small_year",
            step=2,
        ),
        # subcontractors: we are their main customer, numbers consecutive
        V(
            "Stolarnia Kowalczyk",
            "sub",
            "402-09",
            rate=100,
            amount=("logn", 7500, 0.45),
            num="small_year",
            step=1,
        ),
        V(
            "Tapicernia Zawadzki",
            "sub",
            "402-09",
            rate=85,
            amount=("logn", 5200, 0.45),
            num="small_year",
            step=1,
        ),
        V(
            "Lakiernia Proszkowa Metal-Kolor",
            "sub",
            "402-09",
            rate=60,
            amount=("logn", 4300, 0.5),
            num="fv_year",
            step=3,
        ),
        V(
            "Szkło Meblowe Glass-Art Sp. z o.o.",
            "glass",
            "401-02",
            rate=60,
            amount=("logn", 3900, 0.55),
            num="fv_year",
            step=6,
        ),
        V(
            "Marmur-Blaty Kamieniarstwo Sp. z o.o.",
            "stone",
            "401-02",
            rate=30,
            amount=("logn", 6800, 0.5),
            num="small_year",
            step=2,
        ),
        # energy and utilities (statements on a fixed day, weekends included)
        V(
            "Energa Zachód Obrót S.A.",
            "power",
            "401-06",
            dept="ops",
            when="dom",
            dom="last",
            amount=("util", 52000, 0.12, "power"),
            num="util_cont",
            step=90000,
            schedule=False,
        ),
        V(
            "Gaz-Obrót Poznań Sp. z o.o.",
            "gas",
            "401-07",
            dept="ops",
            when="dom",
            dom="last",
            amount=("util", 14000, 0.45, "gas"),
            num="util_cont",
            step=40000,
        ),
        V(
            "Wodociągi Poznańskie Sp. z o.o.",
            "water",
            "401-08",
            vat=0.08,
            dept="ops",
            when="dom",
            dom=10,
            amount=("util", 3100, 0.05, "water"),
            num="util_cont",
            step=70000,
            debit=True,
        ),
        V(
            "Telekom Polska Biznes S.A.",
            "tel",
            "402-07",
            dept="admin",
            when="dom",
            dom="last",
            amount=("util", 2850, 0.0, "tel"),
            num="f_cont",
            step=250000,
            debit=True,
        ),
        V(
            "Mobile Net Sp. z o.o.",
            "tel",
            "402-07",
            dept="admin",
            when="dom",
            dom=20,
            amount=("util", 1640, 0.0, "tel"),
            num="f_cont",
            step=180000,
            debit=True,
        ),
        V(
            "Odpady Eko-Recykling Sp. z o.o.",
            "waste",
            "402-06",
            dept="ops",
            when="dom",
            dom="last",
            amount=("util", 4800, 0.15, "waste"),
            num="fv_month",
            step=60,
        ),
        # transport: Trans-Pol bills a weekly statement every Saturday
        V(
            "Trans-Pol Logistyka Sp. z o.o.",
            "transport",
            "402-01",
            dept="ops",
            when="sat",
            rate=12,
            amount=("logn", 6500, 0.35),
            num="fv_year",
            step=4,
        ),
        V(
            "Spedycja Warta Sp. z o.o.",
            "transport",
            "402-01",
            dept="ops",
            rate=160,
            amount=("logn", 2300, 0.6),
            num="fs_year",
            step=35,
        ),
        V(
            "Kurier Ekspres 24 Sp. z o.o.",
            "courier",
            "402-01",
            dept="ops",
            rate=52,
            amount=("logn", 640, 0.4),
            num="f_cont",
            step=900,
            weekend_p=0.01,
        ),
        V(
            "Spedition Müller GmbH",
            "transport",
            "402-01",
            cur="EUR",
            country="DE",
            vat=0,
            dept="ops",
            rate=60,
            amount=("logn", 1450, 0.45),
            num="de_cont",
            step=60,
        ),
        V(
            "Autotransport Nowicki",
            "transport",
            "402-01",
            dept="ops",
            rate=110,
            amount=("logn", 1900, 0.5),
            num="small_year",
            step=3,
        ),
        # subscriptions, leases, rent (fixed amounts on a fixed day of the month)
        V(
            "Soft-ERP Polska Sp. z o.o.",
            "sub_fixed",
            "402-02",
            dept="admin",
            when="dom",
            dom=3,
            amount=("fixed", 4000, 0.07),
            num="fv_year",
            step=400,
            schedule=True,
        ),
        V(
            "CAD Systems Inc.",
            "sub_fixed",
            "402-02",
            cur="USD",
            country="US",
            vat=0,
            dept="admin",
            when="dom",
            dom=14,
            amount=("fixed", 1260, 0.0),
            num="inv_cont",
            step=5000,
            schedule=True,
            iban=False,
        ),
        V(
            "Cloud Hosting Europe GmbH",
            "sub_fixed",
            "402-02",
            cur="EUR",
            country="DE",
            vat=0,
            dept="admin",
            when="dom",
            dom=1,
            amount=("fixed", 389, 0.05),
            num="de_cont",
            step=3000,
            schedule=True,
        ),
        V(
            "Serwis IT Poznań Sp. z o.o.",
            "retainer",
            "402-02",
            dept="admin",
            when="dom",
            dom="last",
            amount=("fixed", 6000, 0.0),
            num="small_year",
            step=5,
            schedule=True,
        ),
        V(
            "Nieruchomości Komercyjne Luboń Sp. z o.o.",
            "rent",
            "402-03",
            dept="admin",
            when="dom",
            dom=1,
            amount=("fixed", 38000, 0.1),
            num="rent",
            step=1,
            schedule=True,
        ),
        V(
            "Biurowiec Malta Sp. z o.o.",
            "rent",
            "402-03",
            dept="admin",
            when="dom",
            dom=1,
            amount=("fixed", 9500, 0.08),
            num="rent",
            step=1,
            schedule=True,
        ),
        V(
            "Lease-Tech Polska Sp. z o.o.",
            "lease",
            "402-03",
            dept="ops",
            when="dom",
            dom=5,
            amount=("lease", [3450.00, 2875.40, 4120.90]),
            num="lease",
            step=1,
            schedule=True,
        ),
        V(
            "Auto-Leasing Wielkopolska S.A.",
            "lease",
            "402-03",
            dept="admin",
            when="dom",
            dom=15,
            amount=("lease", [2987.17, 3310.45]),
            num="lease",
            step=1,
            schedule=True,
        ),
        V(
            "Maszyny Finansowanie Sp. z o.o.",
            "lease",
            "402-03",
            dept="prod",
            when="dom",
            dom=10,
            amount=("lease", [23100.00]),
            num="lease",
            step=1,
            schedule=True,
        ),
        V(
            "Ochrona Mienia Patrol Sp. z o.o.",
            "retainer",
            "402-06",
            dept="admin",
            when="dom",
            dom="last",
            amount=("fixed", 14000, 0.09),
            num="fv_year",
            step=30,
            schedule=True,
        ),
        V(
            "Czystość Serwis Sp. z o.o.",
            "retainer",
            "402-06",
            dept="admin",
            when="dom",
            dom="last",
            amount=("fixed", 7200, 0.06),
            num="fv_month",
            step=40,
            schedule=True,
        ),
        V(
            "Kancelaria Prawna Wiśniewski i Wspólnicy",
            "retainer",
            "402-04",
            dept="admin",
            when="dom",
            dom="last",
            amount=("fixed", 8000, 0.0),
            num="small_year",
            step=20,
            schedule=True,
        ),
        V(
            "Biuro Rachunkowe Podatki Plus",
            "retainer",
            "402-04",
            dept="admin",
            when="dom",
            dom=5,
            amount=("fixed", 5000, 0.0),
            num="small_year",
            step=30,
            schedule=True,
        ),
        # professional fees: round by nature
        V(
            "Doradztwo Lean Manufacturing Sp. z o.o.",
            "fee",
            "402-04",
            dept="admin",
            rate=7,
            amount=("fee", [12500, 15000, 20000, 7500]),
            num="small_year",
            step=3,
        ),
        V(
            "Audyt Finansowy Sp. z o.o.",
            "fee",
            "402-04",
            dept="admin",
            rate=2,
            amount=("fee", [35000, 12000]),
            num="fs_year",
            step=80,
        ),
        V(
            "Studio Forma Projektowanie Wnętrz",
            "fee",
            "402-08",
            dept="admin",
            rate=8,
            amount=("fee", [12000, 6000, 9000, 4500]),
            num="small_year",
            step=2,
        ),
        V(
            "Ubezpieczenia Majątkowe Filar S.A.",
            "insurance",
            "405-01",
            vat=0,
            dept="admin",
            when="quarter",
            amount=("fee", [18500, 4200, 7900]),
            num="f_cont",
            step=60000,
        ),
        # maintenance
        V(
            "Serwis Maszyn CNC Sp. z o.o.",
            "maint",
            "402-05",
            dept="ops",
            rate=60,
            amount=("logn", 3600, 0.8),
            num="fv_year",
            step=12,
            sec=[("011-04", 0.03)],
        ),
        V(
            "Elektro-Serwis Poznań Piotr Wrona",
            "maint",
            "402-05",
            dept="ops",
            rate=40,
            amount=("logn", 1900, 0.8),
            num="small_year",
            step=4,
        ),
        V(
            "Instalacje HVAC Sp. z o.o.",
            "maint",
            "402-05",
            dept="ops",
            rate=30,
            amount=("logn", 4200, 0.7),
            num="fv_year",
            step=10,
        ),
        V(
            "Kompresory Serwis Sp. j.",
            "maint",
            "402-05",
            dept="ops",
            rate=20,
            amount=("logn", 2600, 0.6),
            num="small_year",
            step=6,
        ),
        V(
            "Holzbearbeitung Service GmbH",
            "maint",
            "402-05",
            cur="EUR",
            country="DE",
            vat=0,
            dept="ops",
            rate=14,
            amount=("logn", 2200, 0.7),
            num="de_cont",
            step=40,
        ),
        # marketing and fairs
        V(
            "Agencja Reklamowa Kreatywni Sp. z o.o.",
            "marketing",
            "402-08",
            dept="admin",
            rate=26,
            amount=("logn", 7800, 0.8),
            num="fv_year",
            step=9,
        ),
        V(
            "Targi Poznańskie Sp. z o.o.",
            "fair",
            "402-08",
            dept="admin",
            rate=3,
            amount=("logn", 60000, 0.4),
            num="fs_year",
            step=200,
        ),
        V(
            "Drukarnia Katalogów Sp. z o.o.",
            "print",
            "402-08",
            dept="admin",
            rate=9,
            amount=("logn", 11000, 0.6),
            num="fv_year",
            step=40,
        ),
        # capex
        V(
            "Maschinenfabrik Ostwestfalen GmbH",
            "capex",
            "011-04",
            cur="EUR",
            country="DE",
            vat=0,
            dept="prod",
            rate=1.2,
            amount=("logn", 95000, 0.5),
            num="de_cont",
            step=200,
        ),
        V(
            "Wózki Widłowe Sprzedaż Sp. z o.o.",
            "capex",
            "011-04",
            dept="ops",
            rate=1,
            amount=("logn", 85000, 0.3),
            num="fv_year",
            step=30,
        ),
        # other regular
        V(
            "Biuro-Plus Artykuły Biurowe",
            "office",
            "409-01",
            dept="admin",
            rate=60,
            amount=("logn", 480, 0.7),
            num="fv_month",
            step=40,
            weekend_p=0.01,
        ),
        V(
            "Catering Smaczny Dzień",
            "catering",
            "409-01",
            vat=0.08,
            dept="admin",
            when="dom",
            dom="last",
            amount=("util", 9800, 0.12, "catering"),
            num="small_year",
            step=6,
        ),
        V(
            "BHP Odzież Robocza Sp. z o.o.",
            "bhp",
            "401-10",
            dept="ops",
            rate=22,
            amount=("logn", 3100, 0.6),
            num="fv_year",
            step=25,
        ),
        V(
            "Komputery Sklep IT Sp. z o.o.",
            "it",
            "402-02",
            dept="admin",
            rate=16,
            amount=("logn", 4200, 0.8),
            num="f_cont",
            step=300,
            sec=[("011-04", 0.1)],
        ),
        V(
            "Hotel Poznań Centrum",
            "hotel",
            "409-01",
            vat=0.08,
            dept="admin",
            rate=10,
            amount=("logn", 1400, 0.6),
            num="ym_month",
            step=150,
            weekend_p=0.15,
        ),
        V(
            "Szkolenia Kadry Sp. z o.o.",
            "training",
            "409-01",
            dept="admin",
            rate=6,
            amount=("logn", 3800, 0.5),
            num="small_year",
            step=30,
        ),
    ]
    # a long tail of occasional suppliers, some joining or leaving during the three years
    tail = [
        ("Hurtownia Elektryczna Volt", "409-01", 900, "ops"),
        ("Sklep Budowlany Mrówka-Bis", "402-05", 700, "ops"),
        ("Narzędzia Profi Sp. z o.o.", "401-10", 1500, "prod"),
        ("Piły i Frezy Tools-Serwis", "402-05", 1900, "prod"),
        ("Ostrzalnia Narzędzi Jan Pietrzak", "402-05", 650, "prod"),
        ("Hydraulika Przemysłowa Sp. z o.o.", "402-05", 2400, "ops"),
        ("Pneumatyka Poznań Sp. z o.o.", "402-05", 1700, "ops"),
        ("Agencja Pracy Tymczasowej Praca-Plus", "402-09", 18000, "prod"),
        ("Tłumaczenia Lingua Sp. z o.o.", "409-01", 900, "admin"),
        ("Fotografia Produktowa Studio 5", "402-08", 2500, "admin"),
        ("Hotel Ibis-Styl Warszawa", "409-01", 900, "admin"),
        ("Restauracja Pod Koziołkami", "409-01", 650, "admin"),
        ("Szkolenia BHP Bezpieczny Zakład", "409-01", 1200, "ops"),
        ("Medycyna Pracy Medica", "409-01", 1800, "admin"),
        ("Gazeta Wyborcza Ogłoszenia", "402-08", 1600, "admin"),
        ("Portal Pracuj Ogłoszenia Sp. z o.o.", "402-08", 1400, "admin"),
        ("Certyfikacja Jakości Cert-Q", "402-04", 6500, "admin"),
        ("Laboratorium Badań Mebli Sp. z o.o.", "402-04", 3900, "prod"),
        ("Kancelaria Notarialna Anna Wójcik", "403-01", 800, "admin"),
        ("Urząd Patentowy Opłaty", "403-01", 550, "admin"),
        ("Serwis Klimatyzacji Chłód-Tech", "402-05", 1300, "ops"),
        ("Dźwigi i Podnośniki UDT-Serwis", "402-05", 2100, "ops"),
        ("Sprzątanie Po Remontach Blask", "402-06", 1100, "admin"),
        ("Ogrodnictwo Zieleń Firmowa", "402-06", 950, "admin"),
        ("Woda Źródlana Dostawy Aqua", "409-01", 380, "admin"),
        ("Kawa Serwis Ekspresy Sp. z o.o.", "409-01", 520, "admin"),
        ("Apteczki i Gaśnice Ppoż-Serwis", "401-10", 780, "ops"),
        ("Sklep Internetowy Allegro-Biz Sprzedawca", "401-10", 420, "admin"),
        ("Taxi Poznań Radio Taxi 196", "409-01", 160, "admin"),
        ("Stacja Paliw Orlen Flota", "409-01", 2300, "ops"),
        ("Myjnia Samochodowa Auto-Spa", "409-01", 210, "ops"),
        ("Serwis Samochodowy Auto-Mechanik", "402-05", 1700, "ops"),
        ("Opony Serwis Wulkanizacja", "402-05", 1300, "ops"),
        ("Wydawnictwo Branżowe Meble Plus", "402-08", 2900, "admin"),
        ("Kurierzy Miejscy Rowerem", "402-01", 140, "ops"),
        ("Przeprowadzki Transport Ciężki", "402-01", 5400, "ops"),
        ("Serwis Wag Przemysłowych", "402-05", 880, "prod"),
        ("Kalibracja Pomiarów Metrolab", "402-05", 1450, "prod"),
        ("Doradztwo Dotacje UE Grant-Pro", "402-04", 7000, "admin"),
        ("Software House Kod-Lab", "402-02", 9500, "admin"),
        ("Sklep Komputerowy Proline", "402-02", 2600, "admin"),
        ("Meble Biurowe Nowy Styl Handel", "011-04", 6500, "admin"),
    ]
    for name, acc, med, dept in tail:
        start = START if rng.random() < 0.6 else START + DAY * rng.randint(120, 900)
        end = END if rng.random() < 0.8 else start + DAY * rng.randint(200, 800)
        cat = (
            "hotel"
            if "Hotel" in name or "Restaur" in name or "Taxi" in name or "Stacja" in name
            else "tail"
        )
        vs.append(
            V(
                name,
                cat,
                acc,
                dept=dept,
                rate=rng.choice([2, 3, 4, 6, 8, 12]),
                amount=("logn", med, 0.6),
                num=rng.choice(["small_year", "fv_year", "fv_month", "f_cont"]),
                step=rng.choice([2, 5, 20, 100]),
                start=start,
                end=min(end, END),
                weekend_p=0.15 if cat == "hotel" else 0.005,
                sec=[(rng.choice(["409-01", "401-10", "402-05"]), 0.08)],
            )
        )
    # two vendors whose invoices are made up by hand (Benford) - look like ordinary
    # maintenance firms
    for name, model in [
        ("Usługi Remontowe Delta Sp. z o.o.", "fake"),
        ("Serwis Techniczny Omega Marek Sowa", "fake_wide"),
    ]:
        v = V(
            name,
            "maint",
            "402-05",
            dept="ops",
            rate=rng.choice([50, 65]),
            amount=(model,),
            num="small_year",
            step=2,
        )
        v.benford_fake = True
        vs.append(v)
    for v in vs:
        if v.has_iban:
            v.ibans.append(
                (
                    D(2000, 1, 1),
                    make_iban(rng, v.country if v.country in ("PL", "DE", "CZ") else "DE"),
                )
            )
        v.clerk = rng.choice(CLERKS)
    return vs


# ----------------------------------------------------------------------------- base ledger


class Gen:
    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.rows: list[dict] = []
        self.vendors = build_vendors(self.rng)
        self.vby = {v.name: v for v in self.vendors}
        self.events: dict[str, list] = {}
        self.group_n = 0
        self.kcount = Counter()
        self.labels_notes = {}

    # amounts ------------------------------------------------------------------
    def net_amount(self, v: Vendor, d: D, extra=None) -> float:
        a = v.amount
        rng, idx = self.rng, price_index(d, v.foreign)
        if a[0] == "logn":
            return float(a[1] * idx * math.exp(self.np.normal(0, a[2])))
        if a[0] == "timber":
            q = (d.month - 1) // 3
            base = round(1350 * price_index(D(d.year, 3 * q + 1, 1)) / 10) * 10
            grade = rng.choice([1.0, 1.0, 1.15, 0.85])
            price = round(base * grade / 10) * 10
            m3 = rng.choice([12, 24, 30]) if rng.random() < 0.25 else round(rng.uniform(3, 28), 1)
            net = m3 * price
            if rng.random() < 0.15:
                net += round(rng.uniform(1, 6), 1) * round(base * 1.3 / 10) * 10
            return net
        if a[0] == "price":
            scale = a[1]
            key = (v.name, d.year)
            if key not in self.events:
                r = random.Random(zlib.crc32(f"{self.seed}/{v.name}".encode()))
                base = [round(r.lognormvariate(math.log(scale * 6), 0.9), 2) for _ in range(18)]
                self.events[(v.name, "base")] = base
                self.events[key] = [
                    round(p * price_index(D(d.year, 1, 1), v.foreign), 2) for p in base
                ]
            items = self.events[key]
            lines = 1 if rng.random() < 0.45 else rng.randint(2, a[2] + 1)
            net = 0.0
            for _ in range(lines):
                p = items[min(int(self.np.exponential(4)), 17)]
                net += p * rng.choice([10, 20, 25, 50, 50, 100, 100, 200, 250, 500])
            return net
        if a[0] == "fee":
            return float(rng.choice(a[1]))
        if a[0] == "fake_wide":
            # made-up parts (hundreds), repairs (thousands) and overhauls (tens of thousands),
            # leading digits spread over 4-9 at every size, as people invent numbers
            mag = rng.choices([100, 1000, 10000], weights=[30, 55, 15])[0]
            if mag == 10000:
                tot = rng.uniform(10000, 35999)
            else:
                fd = rng.choices(range(1, 10), weights=[4, 7, 10, 12, 13, 13, 14, 14, 13])[0]
                tot = (fd + rng.random()) * mag
            return tot / 1.23
        if a[0] == "fake":
            # amounts an insider makes up: first digits spread evenly from 2-9, few ones
            if rng.random() < 0.72:
                fd = rng.choices(range(1, 10), weights=[4, 7, 10, 12, 13, 13, 14, 14, 13])[0]
                tot = (fd + rng.random()) * 1000
            else:
                tot = rng.uniform(10000, 35999)
            return tot / 1.23
        raise ValueError(a)

    def vat_split(self, v: Vendor, net: float):
        n = g(net)
        t = g(n * v.vat / 100) if v.vat else 0
        return n, t, n + t

    # dates --------------------------------------------------------------------
    def bday(self, v: Vendor, d: D) -> bool:
        if is_weekend(d):
            return False
        if v.country == "PL":
            return d not in PL_HOL
        return d not in FOREIGN_HOL.get(v.country, set())

    def lag(self, d: D, ksef=False) -> D:
        rng = self.rng
        u = rng.random()
        if ksef:
            n = rng.randint(0, 2)
        elif u < 0.955:
            n = 1 + int(self.np.exponential(4))
        elif u < 0.995:
            n = rng.randint(13, 40)
        else:
            n = rng.randint(41, 110)
        r = d + DAY * n
        while is_weekend(r) or r in PL_HOL:
            r += DAY
        return r

    # people -------------------------------------------------------------------
    def uploader(self, v: Vendor, d: D) -> str:
        rng = self.rng
        if d >= D(2024, 2, 1) and not v.foreign and rng.random() < 0.35:
            return "ksef-import"
        if v.dept == "admin" and v.cat in ("fee", "retainer", "marketing") and rng.random() < 0.15:
            return MANAGERS["admin"]
        c = v.clerk
        if rng.random() < 0.3 or not clerk_active(c, d):
            c = rng.choice([x for x in CLERKS if clerk_active(x, d)])
        return c

    def approver(self, v: Vendor, row) -> str:
        if v.debit and pln(row) < 5000_00:
            return ""
        if pln(row) >= LIMIT:
            return CFO
        if row["uploaded_by"] == MANAGERS[v.dept]:
            return CFO
        return MANAGERS[v.dept]

    # rows ---------------------------------------------------------------------
    def new_row(
        self,
        v: Vendor,
        d: D,
        net: float | None = None,
        total_c: int | None = None,
        *,
        account=None,
        kind="inv",
        rec=None,
        contract=None,
    ):
        if total_c is not None:
            n = g(total_c / 100 / (1 + v.vat)) if v.vat else total_c
            t = total_c - n
            tot = total_c
        else:
            n, t, tot = self.vat_split(v, net)
        acc = account or v.account
        if account is None and v.sec:
            for a2, p in v.sec:
                if self.rng.random() < p:
                    acc = a2
        ksef = False
        row = dict(
            vendor=v.name,
            v=v,
            date=d,
            currency=v.cur,
            net=n,
            tax=t,
            total=tot,
            account=acc,
            iban="",
            uploaded_by="",
            approved_by="",
            kind=kind,
            contract=contract,
            series=None,
            seq=None,
            number=None,
            lab={},
            amb=set(),
            note="",
            tag=set(),
        )
        row["uploaded_by"] = self.uploader(v, d)
        ksef = row["uploaded_by"] == "ksef-import"
        row["rec"] = rec or self.lag(d, ksef)
        row["approved_by"] = self.approver(v, row)
        row["iban"] = v.iban_at(d) if v.has_iban else ""
        return row

    def base(self):
        rng = self.rng
        for v in self.vendors:
            if v.shell:
                continue
            dates: list[tuple[D, dict]] = []
            a0, a1 = v.start, v.end
            if v.when == "bday":
                lam = v.rate * 1.1 / 252.0
                for d in days(a0, a1):
                    if not self.bday(v, d):
                        continue
                    mult = (
                        season(d)
                        if v.cat
                        in (
                            "timber",
                            "wood",
                            "board",
                            "pricelist",
                            "metal",
                            "fabric",
                            "foam",
                            "leather",
                            "paint",
                            "glue",
                            "pack",
                            "pallet",
                            "sub",
                            "glass",
                            "stone",
                            "transport",
                        )
                        else 1.0
                    )
                    k = self.np.poisson(lam * mult)
                    for _ in range(k):
                        dd = d
                        if v.weekend_p and rng.random() < v.weekend_p:
                            dd = d + DAY * ((5 - d.weekday()) + rng.randint(0, 1))
                            if dd > END:
                                dd = d
                        dates.append((dd, {}))
            elif v.when == "sat":
                for d in days(a0, a1):
                    if d.weekday() == 5 or (self.bday(v, d) and rng.random() < 0.04):
                        dates.append((d, {}))
            elif v.when == "quarter":
                for y in (2022, 2023, 2024):
                    for m in (1, 4, 7, 10):
                        d = D(y, m, 1)
                        while not self.bday(v, d):
                            d += DAY
                        for prem in v.amount[1]:
                            dates.append((d, {"fee": prem * (1.08 ** (y - 2022))}))
            elif v.when == "dom":
                contracts = [None]
                if v.num == "lease":
                    contracts = [
                        f"{rng.randint(1000, 9999)}/{2021 - rng.randint(0, 1)}" for _ in v.amount[1]
                    ]
                y, m = a0.year, a0.month
                while D(y, m, 1) <= a1:
                    d = last_day(y, m) if v.dom == "last" else D(y, m, v.dom)
                    if a0 <= d <= a1:
                        for ci, c in enumerate(contracts):
                            dates.append((d, {"contract": c, "ci": ci}))
                    m += 1
                    if m == 13:
                        y, m = y + 1, 1
            for d, extra in dates:
                self.rows.append(self.make_base(v, d, extra))
            if v.cat == "retainer" and v.name.startswith("Kancelaria"):
                # occasional extra hours billed on top of the retainer
                for d in days(a0, a1):
                    if self.bday(v, d) and rng.random() < 0.02:
                        self.rows.append(self.make_base(v, d, {"net": 450 * rng.randint(2, 14)}))
            if v.cat == "retainer" and v.name.startswith("Czystość"):
                for d in days(a0, a1):
                    if self.bday(v, d) and rng.random() < 0.03:
                        self.rows.append(self.make_base(v, d, {"net": rng.uniform(300, 2500)}))
            if v.name.startswith("Soft-ERP"):
                for y in (2022, 2023, 2024):  # annual maintenance renewal in March
                    self.rows.append(
                        self.make_base(v, D(y, 3, 3), {"net": 21000 * 1.07 ** (y - 2022)})
                    )

    def make_base(self, v: Vendor, d: D, extra: dict) -> dict:
        a = v.amount
        if "fee" in extra:
            net = extra["fee"]
        elif "net" in extra:
            net = extra["net"]
        elif a[0] == "fixed":
            yrs = d.year - 2022
            net = a[1] * (1 + a[2]) ** yrs
            if v.cat == "rent" and d.month < 3:
                net = a[1] * (1 + a[2]) ** max(yrs - 1, 0)  # indexed every March
            net = round(net / 10) * 10 if v.cur == "PLN" else round(net, 0)
        elif a[0] == "lease":
            net = a[1][extra["ci"]]
        elif a[0] == "util":
            base, amp, kind = a[1], a[2], a[3]
            m = d.month
            if kind == "gas":
                f = 1 + amp * math.cos((m - 1) / 12 * 2 * math.pi)
            elif kind == "power":
                f = season(d) ** 0.5 * (1 + amp * math.cos((m - 1) / 12 * 2 * math.pi))
                f *= (
                    {2022: 1.0, 2023: 1.65, 2024: 1.35}[d.year]
                    if not (d.year == 2022 and m >= 10)
                    else 1.3
                )
            elif kind == "tel":
                f = price_index(d) ** 0.3 * (
                    1 + (self.rng.random() < 0.3) * self.rng.uniform(0, 0.06)
                )
            else:
                f = season(d) ** 0.4 * math.exp(self.np.normal(0, amp))
            net = base * f * (1 + self.np.normal(0, 0.03) if kind in ("power", "gas") else 1)
        else:
            net = self.net_amount(v, d)
        row = self.new_row(v, d, net, contract=extra.get("contract"))
        if v.num == "lease":
            row["series"] = ("lease", extra["contract"])
        return row

    def credit_rebill(self):
        """Credit-and-rebill pairs and price corrections: never duplicates."""
        rng = self.rng
        extra = []
        for r in self.rows:
            v = r["v"]
            if r["kind"] != "inv" or v.schedule or v.when == "dom" or v.benford_fake:
                continue
            u = rng.random()
            if u < 0.012:
                dc = r["date"] + DAY * rng.randint(3, 25)
                while not self.bday(v, dc):
                    dc += DAY
                if dc > END:
                    continue
                cn = self.new_row(v, dc, total_c=0, account=r["account"], kind="cn")
                cn.update(net=-r["net"], tax=-r["tax"], total=-r["total"])
                cn["approved_by"] = (
                    r["approved_by"] if r["approved_by"] != CFO else MANAGERS[v.dept]
                )
                dr = dc + DAY * rng.choice([0, 0, 1, 2, 5])
                while not self.bday(v, dr):
                    dr += DAY
                if dr > END:
                    continue
                if rng.random() < 0.55:
                    rb = self.new_row(
                        v, dr, total_c=r["total"], account=r["account"], kind="rebill"
                    )
                    rb.update(net=r["net"], tax=r["tax"])
                else:
                    rb = self.new_row(
                        v,
                        dr,
                        r["net"] / 100 * rng.uniform(0.9, 1.06),
                        account=r["account"],
                        kind="rebill",
                    )
                for x in (r, cn, rb):
                    x["tag"].add("credit_rebill")
                cn["orig"] = rb["orig"] = id(r)
                extra += [cn, rb]
            elif u < 0.017:
                dc = r["date"] + DAY * rng.randint(5, 40)
                while not self.bday(v, dc):
                    dc += DAY
                if dc > END:
                    continue
                cn = self.new_row(v, dc, total_c=0, account=r["account"], kind="cn")
                f = rng.uniform(0.02, 0.15)
                cn["net"] = -int(r["net"] * f)
                cn["tax"] = -round(-cn["net"] * v.vat) if v.vat else 0
                cn["total"] = cn["net"] + cn["tax"]
                cn["tag"].add("credit_rebill")
                extra.append(cn)
        self.rows += extra

    def number_all(self):
        """Give every invoice its number: per vendor series, in date order, gaps where the
        vendor billed other customers.  Credit notes have their own KOR series."""
        rng = self.rng
        byv = defaultdict(list)
        for r in self.rows:
            byv[r["vendor"]].append(r)
        for name, rs in byv.items():
            v = self.vby[name]
            rs.sort(key=lambda r: (r["date"], rng.random()))
            last = {}
            for r in rs:
                if r["kind"] == "cn":
                    key = ("kor", r["date"].year)
                    s = last.get(key, 0) + 1 + int(self.np.exponential(1.0))
                    last[key] = s
                    r["series"], r["seq"], r["number"] = key, s, f"KOR/{s:03d}/{r['date'].year}"
                    continue
                if v.num == "lease":
                    key = r["series"] or ("lease", r["contract"])
                    s = last.get(key, rng.randint(3, 14)) + 1
                elif v.num == "rent":
                    key = ()
                    s = (r["date"].year - 2000) * 12 + r["date"].month
                else:
                    key = v.series(r["date"])
                    if key not in last:
                        last[key] = (
                            int(self.np.exponential(v.step))
                            if key
                            else rng.randint(10**3, 10**4) * max(1, int(v.step))
                        )
                    s = last[key] + (1 if v.step <= 1 else 1 + int(self.np.exponential(v.step - 1)))
                last[key] = s
                r["series"], r["seq"] = key, s
                r["number"] = v.render(s, r["date"], key)
            # a few invoices issued in a batch but dated by delivery: natural small disorder
            main = [r for r in rs if r["kind"] != "cn" and v.num not in ("lease", "rent")]
            for i in range(len(main) - 1):
                a, b = main[i], main[i + 1]
                if (
                    a["series"] == b["series"]
                    and 1 <= (b["date"] - a["date"]).days <= 3
                    and rng.random() < 0.004
                ):
                    a["seq"], b["seq"] = b["seq"], a["seq"]
                    a["number"] = v.render(a["seq"], a["date"], a["series"])
                    b["number"] = v.render(b["seq"], b["date"], b["series"])

    def bank_details(self):
        """Legitimate permanent bank changes, a dual-account vendor and spaced print."""
        rng = self.rng
        cands = [
            v
            for v in self.vendors
            if v.has_iban
            and v.country == "PL"
            and v.when == "bday"
            and v.rate >= 60
            and not v.benford_fake
        ]
        for v in rng.sample(cands, 3):
            frm = START + DAY * rng.randint(250, 900)
            v.ibans.append((frm, make_iban(rng, "PL")))
            v.legit_change = frm
        self.vby["Okucia Meblowe Bydgoszcz Sp. z o.o."].spaced_p = 0.0
        self.vby["Kartony Poznań Sp. z o.o."].spaced_p = 0.25
        self.vby["Spedycja Warta Sp. z o.o."].spaced_p = 0.1
        # second account for a vendor (separate account for its Gdynia branch), used in turn
        dual = self.vby["Palety Wielkopolska Jan Krawczyk"]
        dual.alt_iban = make_iban(rng, "PL")
        for r in self.rows:
            v = r["v"]
            if v.has_iban:
                r["iban"] = v.iban_at(r["date"])
                if getattr(v, "alt_iban", None) and rng.random() < 0.35:
                    r["iban"] = v.alt_iban
                    r["tag"].add("alt_iban")
                if v.spaced_p and rng.random() < v.spaced_p:
                    r["iban_print"] = spaced(r["iban"])

    # ------------------------------------------------------------------ injection helpers
    def attempts(self, kind: str, target: int):
        """Yield the number of groups of `kind` made so far until `target` more are made."""
        base = self.kcount[kind]
        tries = 0
        while self.kcount[kind] - base < target and tries < 40 * target:
            tries += 1
            yield self.kcount[kind] - base

    def group(self, kind: str, rows: list[dict], note: str):
        if not rows:
            return
        self.kcount[kind] += 1
        self.group_n += 1
        for r in rows:
            r["lab"][kind] = self.group_n
            r["note"] = (r["note"] + "; " if r["note"] else "") + note

    def add(self, r):
        self.rows.append(r)
        self.byv[id(r["v"])].append(r)

    def vrows(self, v: Vendor, main=True):
        return [r for r in self.byv[id(v)] if not main or r["kind"] != "cn"]

    def fit_seq(self, v: Vendor, d: D, k: int = 1):
        if v.num in ("lease", "rent"):
            return None
        key = v.series(d)
        rs = [r for r in self.vrows(v) if r["series"] == key]
        prev = max([r["seq"] for r in rs if r["date"] <= d], default=None)
        nxt = min([r["seq"] for r in rs if r["date"] > d], default=None)
        if prev is None and nxt is None:
            prev = 0
        elif prev is None:  # first of its series: just before the next one
            prev = max(0, nxt - k - 1 - self.rng.randint(0, max(1, int(v.step))))
        if nxt is None:
            nxt = prev + k + 1 + self.rng.randint(0, 3)
        if nxt - prev - 1 < k:
            return None
        s0 = self.rng.randint(prev + 1, nxt - k)
        taken = {r["seq"] for r in rs}
        seqs = list(range(s0, s0 + k))
        if taken & set(seqs):
            return None
        return key, seqs

    def fake(
        self,
        v: Vendor,
        d: D,
        *,
        net=None,
        total_c=None,
        seq=None,
        rec=None,
        account=None,
        approver=None,
    ) -> dict | None:
        if d is None:
            return None
        if seq is None:
            f = self.fit_seq(v, d)
            if f is None:
                return None
            key, (s,) = f
        else:
            key, s = seq
        if net is None and total_c is None:
            net = (
                self.net_amount(v, d)
                if v.amount[0] in ("logn", "price", "timber", "fake", "fake_wide")
                else 2000
            )
        r = self.new_row(v, d, net, total_c=total_c, rec=rec, account=account or v.account)
        r["series"], r["seq"], r["number"] = key, s, v.render(s, d, key)
        r["kind"] = "fake"
        if approver:
            r["approved_by"] = approver
        if r["approved_by"] == "":
            r["approved_by"] = MANAGERS[v.dept]
        if r["approved_by"] == r["uploaded_by"]:
            r["uploaded_by"] = self.rng.choice([c for c in CLERKS if clerk_active(c, d)])
        self.add(r)
        return r

    def pick_day(self, v: Vendor, lo: D, hi: D, pred=None) -> D | None:
        if lo > hi:
            return None
        for _ in range(500):
            d = lo + DAY * self.rng.randint(0, (hi - lo).days)
            if pred(d) if pred else self.bday(v, d):
                return d
        return None

    def clean(self, r) -> bool:
        return not r["lab"] and r["kind"] in ("inv",) and not r["tag"] and r["total"] > 0

    def stats(self, v: Vendor):
        ts = [r["total"] for r in self.vrows(v) if r["kind"] == "inv" and r["total"] > 0]
        return len(ts), (float(np.median(ts)) if ts else 0.0)

    def pool(self, pred):
        return [
            v for v in self.vendors if not v.shell and not v.benford_fake and v.step > 1 and pred(v)
        ]

    # ------------------------------------------------------------------ the injections
    def inject(self):
        rng = self.rng
        domestic_goods = self.pool(
            lambda v: (
                v.country == "PL"
                and v.when == "bday"
                and v.rate >= 20
                and v.amount[0] in ("logn", "price")
                and v.weekend_p == 0
            )
        )

        # duplicates -------------------------------------------------------------
        src = [
            r
            for r in self.rows
            if self.clean(r)
            and r["v"].has_iban
            and r["rec"] < AS_OF - DAY * 75
            and r["total"] >= 300_00
            and r["v"].when != "sat"
        ]
        plan = (
            ["exact"] * rng.randint(6, 9)
            + ["num"] * rng.randint(8, 11)
            + ["date"] * rng.randint(3, 5)
            + ["name"] * 3
        )
        for how in plan:
            o = rng.choice(src)
            src.remove(o)
            c = dict(o)
            c["lab"], c["amb"], c["tag"], c["note"] = {}, set(), set(), ""
            c["kind"] = "dup"
            c["rec"] = min(self.lag(o["rec"] + DAY * rng.randint(4, 60)), AS_OF)
            c["uploaded_by"] = rng.choice(
                [x for x in CLERKS if clerk_active(x, c["rec"]) and x != o["uploaded_by"]]
            )
            n = o["number"]
            if how == "num":
                opts = []
                m = re.search(r"(?<!\d)0+(\d+)", n)
                if m:
                    opts.append(n[: m.start()] + m.group(1) + n[m.end() :])
                opts += [
                    n + "/A",
                    n + "-1",
                    n.replace("/", "-").replace(" ", ""),
                    n.replace("0", "O", 1) if "0" in n else n + "A",
                    n[:-1] + str((int(n[-1]) + 1) % 10) if n[-1].isdigit() else n + "1",
                ]
                c["number"] = rng.choice([x for x in opts if x != n])
                if rng.random() < 0.4:
                    c["date"] = o["date"] + DAY * rng.choice([-2, -1, 1, 2, 3])
                note = (
                    f"fuzzy duplicate of {o['number']} ({o['date']}) "
                    f"re-keyed with number {c['number']}"
                )
            elif how == "date":
                if o["date"].day <= 12 and o["date"].day != o["date"].month and rng.random() < 0.5:
                    c["date"] = D(o["date"].year, o["date"].day, o["date"].month)
                else:
                    c["date"] = o["date"] + DAY * rng.choice([-7, -3, 1, 2, 5, 10])
                note = (
                    f"duplicate of {o['number']} keyed with date {c['date']} instead of {o['date']}"
                )
            elif how == "name":
                nm = o["vendor"].upper().replace(".", "").replace(" SP Z O O", " SPÓŁKA Z OO")
                if nm == o["vendor"].upper():
                    nm = nm + " (ODDZIAŁ)"
                c["vendor"] = nm
                c["amb"] |= {"new_vendor", "iban_change"}  # another vendor name on a known account
                note = f"duplicate of {o['number']} entered under the vendor name '{nm}'"
            else:
                note = (
                    f"exact duplicate of {o['number']} ({o['date']}), entered again on {c['rec']}"
                )
            if c["rec"] < c["date"]:
                c["rec"] = self.lag(c["date"])
            c["amb"] |= {"numbering"}
            o["amb"].add("duplicate")
            c["orig_row"] = o
            self.add(c)
            self.group("duplicate", [c], note)

        # amount outliers ----------------------------------------------------------
        cands = self.pool(
            lambda v: (
                v.when in ("bday", "sat")
                and v.rate >= 25
                and v.amount[0] in ("logn", "price", "timber")
                and v.amount[0] != "timber"
            )
        )
        for i in self.attempts("amount_outlier", rng.randint(16, 20)):
            v = rng.choice(cands)
            n, med = self.stats(v)
            d = self.pick_day(
                v, max(v.start + DAY * 200, START + DAY * 200), min(v.end, END - DAY * 20)
            )
            if d is None:
                continue
            if i % 3 == 2:
                # decimal slip on a real invoice: 1,234.50 keyed as 12,345.00
                rs = [r for r in self.vrows(v) if self.clean(r) and r["date"] > v.start + DAY * 200]
                if not rs:
                    continue
                r = rng.choice(rs)
                f = 10
                r["net"] *= f
                r["tax"] *= f
                r["total"] = r["net"] + r["tax"]
                if r["total"] % 100_00 == 0:
                    r["net"] += 7
                    r["total"] += 7
                r["approved_by"] = self.approver(v, r) if r["approved_by"] else r["approved_by"]
                self.group(
                    "amount_outlier",
                    [r],
                    f"amount keyed ten times too high (median at vendor {fmt_money(int(med))})",
                )
            else:
                f = rng.uniform(6, 14)
                tot = int(med * f) + rng.randint(1, 99)
                if 38_000_00 <= tot < 40_000_00:
                    tot += 3_000_00
                r = self.fake(v, d, total_c=tot)
                if r:
                    self.group(
                        "amount_outlier",
                        [r],
                        f"inflated invoice, {f:.1f}x the vendor's median {fmt_money(int(med))}",
                    )

        # just below the approval limit ----------------------------------------------
        cands = self.pool(
            lambda v: (
                v.country == "PL"
                and v.when == "bday"
                and v.amount[0] == "logn"
                and 2000_00 <= self.stats(v)[1] <= 15000_00
                and v.rate >= 8
            )
        )
        for _ in self.attempts("below_limit", rng.randint(13, 17)):
            v = rng.choice(cands)
            d = self.pick_day(v, max(v.start, START + DAY * 30), v.end)
            tot = rng.randint(38_800_00, 39_990_00)
            if tot % 1000_00 == 0:
                tot -= 13
            r = self.fake(v, d, total_c=tot)
            if r:
                self.group(
                    "below_limit",
                    [r],
                    f"invoice kept {100 * (1 - tot / LIMIT):.1f}% under the 40,000 limit, "
                    f"approved by {r['approved_by']}",
                )

        # split purchases ------------------------------------------------------------
        # a vendor where each part is a plausible (if large) invoice: usually 3,000-15,000
        cands = self.pool(
            lambda v: (
                v.country == "PL"
                and v.when == "bday"
                and 4 <= v.rate <= 60
                and v.amount[0] == "logn"
                and 3000_00 <= self.stats(v)[1] <= 15000_00
            )
        )
        for _ in self.attempts("split_purchase", rng.randint(6, 8)):
            for _try in range(1):
                v = rng.choice(cands)
                k = rng.choice([2, 2, 3, 3, 4])
                whole = rng.randint(int(LIMIT * 1.15), int(LIMIT * 2.6))
                parts = [whole * w for w in self.np.dirichlet([6] * k)]
                if not all(10_000_00 <= p <= 36_000_00 for p in parts):
                    continue
                d0 = self.pick_day(v, max(v.start, START + DAY * 30), v.end - DAY * 10)
                if d0 is None:
                    continue
                appr = MANAGERS[v.dept]
                made = []
                if rng.random() < 0.5:
                    f = self.fit_seq(v, d0, k)
                    if not f:
                        continue
                    for s, p in zip(f[1], parts, strict=False):
                        made.append(
                            self.fake(
                                v,
                                d0,
                                total_c=int(p) + rng.randint(1, 99),
                                seq=(f[0], s),
                                approver=appr,
                            )
                        )
                else:
                    d = d0
                    for p in parts:
                        made.append(
                            self.fake(v, d, total_c=int(p) + rng.randint(1, 99), approver=appr)
                        )
                        d = d + DAY * rng.randint(1, 2)
                        while not self.bday(v, d):
                            d += DAY
                if all(made):
                    self.group(
                        "split_purchase",
                        made,
                        f"one purchase of {fmt_money(sum(m['total'] for m in made))} "
                        f"split into {k} invoices ({made[0]['date']}..{made[-1]['date']})",
                    )
                    break
                for m in made:
                    if m:
                        self.rows.remove(m)
                        self.byv[id(v)].remove(m)

        # clusters under round sums nobody configured --------------------------------
        sums = rng.sample([2000, 5000, 10000, 20000], 3)
        for S in sums:
            # a vendor whose invoices usually sit well under the sum: the band is its upper tail
            cands = self.pool(
                lambda v, S=S: (
                    v.country == "PL"
                    and v.when == "bday"
                    and v.amount[0] == "logn"
                    and v.rate >= 15
                    and S * 100 / 6 <= self.stats(v)[1] <= S * 100 / 2.5
                )
            )
            if not cands:
                continue
            v = rng.choice(cands)
            n = rng.randint(6, 9)
            d0 = self.pick_day(v, max(v.start, START + DAY * 120), v.end - DAY * 150)
            if d0 is None:
                continue
            made = []
            used = set()
            tries = 0
            while len(made) < n and tries < 80:
                tries += 1
                d = self.pick_day(v, d0, d0 + DAY * rng.randint(90, 140))
                while True:
                    tot = rng.randint(int(S * 96.2), S * 100 - 1)
                    if tot not in used and tot % 100 != 0:
                        break
                used.add(tot)
                r = self.fake(v, d, total_c=tot, approver=MANAGERS[v.dept])
                if r:
                    r["lab_sum"] = S
                    made.append(r)
            self.group(
                "threshold_cluster",
                made,
                f"{len(made)} invoices kept just under {S:,} within a few months",
            )

        # round amounts at vendors that bill odd amounts -------------------------------
        cands = [
            v for v in domestic_goods if v.amount[0] in ("logn", "price") and v.cat not in ("fee",)
        ]
        for i in self.attempts("round_amount", rng.randint(14, 18)):
            v = rng.choice(cands)
            d = self.pick_day(v, max(v.start, START + DAY * 30), v.end)
            if i % 4 == 3:
                net = rng.choice([5000, 8000, 10000, 12000, 15000, 20000])
                r = self.fake(v, d, net=net)
                what = f"net exactly {net:,} PLN"
            else:
                tot = rng.choice(
                    [3000, 4000, 5000, 6000, 8000, 10000, 12000, 15000, 18000, 20000, 25000, 30000]
                )
                r = self.fake(v, d, total_c=tot * 100)
                what = f"total exactly {tot:,} PLN"
            if r:
                self.group(
                    "round_amount",
                    [r],
                    f"'services' invoice for a round sum ({what}) at a goods supplier",
                )

        # the same odd amount billed again and again ----------------------------------
        cands = self.pool(
            lambda v: (
                v.country == "PL"
                and v.when == "bday"
                and v.amount[0] == "logn"
                and 1500 <= v.amount[1] <= 10000
                and v.rate >= 10
            )
        )
        for v in rng.sample(cands, 4)[:3]:
            amt = int(v.amount[1] * rng.uniform(0.8, 1.4) * 123) + rng.randint(1, 99)
            if amt % 100_00 == 0:
                amt += 37
            k = rng.randint(5, 7)
            d = self.pick_day(v, max(v.start, START + DAY * 60), v.end - DAY * 300)
            if d is None:
                continue
            made = []
            tries = 0
            while len(made) < k and tries < 40:
                tries += 1
                r = self.fake(v, d, total_c=amt)
                if r:
                    made.append(r)
                d = d + DAY * (rng.randint(20, 70) if r else 1)
                while not self.bday(v, d):
                    d += DAY
            self.group(
                "repeated_amount",
                made,
                f"same amount {fmt_money(amt)} billed {len(made)} times at irregular dates",
            )

        # weekend and holiday dates ---------------------------------------------------
        for _ in self.attempts("weekend_date", rng.randint(13, 17)):
            v = rng.choice(domestic_goods)
            d = self.pick_day(
                v,
                max(v.start, START + DAY * 20),
                v.end,
                lambda d: is_weekend(d) and d not in PL_HOL,
            )
            r = self.fake(v, d)
            if r:
                self.group(
                    "weekend_date",
                    [r],
                    f"invoice dated {d.strftime('%A')} at a vendor that never bills at weekends",
                )
        hol = sorted(h for h in PL_HOL if START <= h <= END and not is_weekend(h) and h.day != 1)
        for _ in self.attempts("holiday_date", rng.randint(10, 14)):
            v = rng.choice(domestic_goods)
            hs = [h for h in hol if v.start <= h <= v.end]
            d = rng.choice(hs)
            r = self.fake(v, d)
            if r:
                self.group("holiday_date", [r], f"invoice dated on the public holiday {d}")

        # backdated and future-dated -------------------------------------------------------
        for _ in self.attempts("backdated", rng.randint(10, 14)):
            v = rng.choice(domestic_goods)
            rec = self.pick_day(
                v,
                max(v.start + DAY * 430, START + DAY * 430),
                END,
                lambda d: not is_weekend(d) and d not in PL_HOL,
            )
            if rec is None:
                continue
            lag = rng.randint(120, 420)
            d = rec - DAY * lag
            while not self.bday(v, d):
                d -= DAY
            if d < v.start:
                continue
            r = self.fake(v, d, rec=rec)
            if r:
                self.group(
                    "backdated",
                    [r],
                    f"invoice dated {d} entered only on {rec} ({(rec - d).days} days later)",
                )
        for i in self.attempts("future_date", rng.randint(9, 12)):
            v = rng.choice(domestic_goods)
            if i < 2:
                rec = self.pick_day(
                    v,
                    D(2024, 12, 9),
                    D(2024, 12, 30),
                    lambda d: not is_weekend(d) and d not in PL_HOL,
                )
                gap = rng.randint(45, 80)
            else:
                rec = self.pick_day(
                    v,
                    max(v.start, START + DAY * 30),
                    min(v.end, END - DAY * 90),
                    lambda d: not is_weekend(d) and d not in PL_HOL,
                )
                gap = rng.randint(10, 75)
            if rec is None:
                continue
            d = rec + DAY * gap
            while not self.bday(v, d):
                d += DAY
            r = self.fake(v, d, rec=rec)
            if r:
                self.group(
                    "future_date",
                    [r],
                    f"invoice dated {d}, {(d - rec).days} days after it was entered on {rec}",
                )

        # shell vendors ---------------------------------------------------------------
        shells = [
            "Consulting Partners PL Sp. z o.o.",
            "Global Trade Solutions Sp. z o.o.",
            "Tech-Serwis Innowacje Sp. z o.o.",
            "Optima Doradztwo Marek Lis",
            "Eurobiznes Usługi Sp. z o.o.",
            "Profit Management Group Sp. z o.o.",
            "Nova Logistyka Usługi Sp. z o.o.",
            "Innowacyjne Rozwiązania Produkcyjne Sp. z o.o.",
        ]
        for name in rng.sample(shells, rng.randint(4, 6)):
            acc = rng.choice(["402-04", "402-08", "402-05", "402-09"])
            dept = {"402-04": "admin", "402-08": "admin", "402-05": "ops", "402-09": "prod"}[acc]
            v = Vendor(
                name,
                "shell",
                acc,
                dept=dept,
                num="small_year",
                step=1,
                start=START + DAY * rng.randint(200, 1000),
                amount=("logn", 20000, 0.3),
            )
            v.shell = True
            v.ibans.append((D(2000, 1, 1), make_iban(rng, "PL")))
            v.clerk = rng.choice(CLERKS)
            self.vendors.append(v)
            self.vby[name] = v
            d = v.start
            while not self.bday(v, d):
                d += DAY
            made = []
            for j in range(rng.randint(1, 3)):
                tot = rng.randint(14_000_00, 36_000_00)
                r = self.fake(v, d, total_c=tot, seq=(v.series(d), j + 1))
                made.append(r)
                d += DAY * rng.randint(15, 60)
                while not self.bday(v, d):
                    d += DAY
                if d > END:
                    break
            self.group(
                "new_vendor",
                made[:1],
                "shell company: first invoice of a vendor nobody had used, "
                "consulting-type services",
            )
            for r in made[1:]:
                r["amb"].add("new_vendor")
                r["note"] = "later invoice of a shell vendor"

        # numbering: out of sequence, far ahead, foreign template -----------------------------
        cands = self.pool(
            lambda v: (
                v.when == "bday"
                and v.num in ("fv_year", "fs_year", "small_year", "f_cont", "fv_month", "ym_month")
                and v.rate >= 40
                and v.step >= 3
            )
        )
        made = 0
        target = rng.randint(10, 14)
        tries = 0
        while made < target and tries < 400:
            tries += 1
            v = rng.choice(cands)
            how = ["old", "ahead", "template"][made % 3]
            d = self.pick_day(v, max(v.start, START) + DAY * 200, v.end - DAY * 40)
            if d is None:
                continue
            key = v.series(d)
            rs = sorted((r for r in self.vrows(v) if r["series"] == key), key=lambda r: r["date"])
            if len(rs) < 12:
                continue
            taken = {r["seq"] for r in rs}
            before = [r["seq"] for r in rs if r["date"] < d]
            if how == "old":
                early = [r for r in rs if (d - r["date"]).days >= 45]
                if len(early) < 4:
                    continue
                lo = early[len(early) // 3]["seq"]
                hi = early[-2]["seq"]
                free = [s for s in range(lo, hi) if s not in taken]
                if not free or max(before) - max(free) < 3:
                    continue
                s = rng.choice(free)
                r = self.fake(v, d, seq=(key, s))
                first = min(x["date"] for x in rs if x["seq"] > s)
                note = f"number {r['number']} belongs to {first} or earlier, dated {d}"
            elif how == "ahead":
                if sum(1 for r in rs if r["date"] > d) < 10:
                    continue
                top = max(taken)
                s = top + rng.randint(150, 600)
                r = self.fake(v, d, seq=(key, s))
                note = (
                    f"number {r['number']} far beyond the vendor's sequence "
                    f"(around {max(before)} at that date)"
                )
            else:
                if v.num not in ALT_FMT:
                    continue
                f = self.fit_seq(v, d)
                if not f:
                    continue
                r = self.fake(v, d, seq=(f[0], f[1][0]))
                r["number"] = ALT_FMT[v.num](f[1][0], d)
                note = f"number {r['number']} in a template the vendor never uses"
            self.group("numbering", [r], note)
            made += 1

        # modifications of real invoices ----------------------------------------------------
        # bank details changed for a known vendor (business e-mail compromise)
        cands = self.pool(
            lambda v: (
                v.has_iban
                and v.when in ("bday", "dom")
                and len(self.vrows(v)) >= 40
                and not hasattr(v, "legit_change")
                and not getattr(v, "alt_iban", None)
                and not v.spaced_p
            )
        )
        for v in rng.sample(cands, rng.randint(3, 5)):
            rs = sorted(
                (r for r in self.vrows(v) if r["kind"] in ("inv",)),
                key=lambda r: (r["date"], r["seq"] or 0),
            )
            i = rng.randint(len(rs) // 3, len(rs) - 5)
            k = rng.randint(1, 3)
            bad = make_iban(rng, rng.choice(["PL", "PL", "CZ"]) if v.country == "PL" else v.country)
            hit = []
            for r in rs[i : i + k]:
                if r["lab"]:
                    continue
                r["iban"] = bad
                r.pop("iban_print", None)
                hit.append(r)
            if hit:
                self.group(
                    "iban_change",
                    hit,
                    f"paid to a new account {bad} at a known vendor; reverts after",
                )
                rs[i + k]["amb"].add("iban_change")
        for v in self.vendors:
            if hasattr(v, "legit_change"):
                after = sorted(
                    (r for r in self.vrows(v, main=False) if r["date"] >= v.legit_change),
                    key=lambda r: r["date"],
                )
                for r in after[:3]:
                    r["amb"].add("iban_change")
                    r["note"] = "first invoices after a genuine, lasting change of bank"

        # postings to an account the vendor never uses
        cands = self.pool(lambda v: len(self.vrows(v)) >= 40 and not v.sec and v.when == "bday")
        odd = {
            "401": ["402-04", "402-08", "409-01", "011-04", "405-01"],
            "402": ["401-01", "011-04", "409-01", "401-03"],
            "409": ["401-01", "402-04", "011-04"],
            "405": ["402-04"],
            "011": ["402-04"],
            "403": ["401-01", "402-05"],
        }
        for _ in self.attempts("rare_account", rng.randint(13, 17)):
            v = rng.choice(cands)
            rs = [r for r in self.vrows(v) if self.clean(r)]
            r = rng.choice(rs)
            used = {x["account"] for x in self.vrows(v, main=False)}
            opts = [a for a in odd[v.account[:3]] if a not in used]
            if not opts:
                continue
            r["account"] = rng.choice(opts)
            self.group(
                "rare_account",
                [r],
                f"{v.cat} invoice posted to {r['account']} "
                f"(the vendor's invoices go to {v.account})",
            )

        # segregation of duties
        rs = [
            r
            for r in self.rows
            if self.clean(r) and r["approved_by"] and r["uploaded_by"] in CLERKS
        ]
        n = rng.randint(13, 17)
        for i, r in enumerate(rng.sample(rs, n)):
            if i < n // 2:
                r["uploaded_by"] = r["approved_by"]
                note = f"{r['approved_by']} uploaded and approved the invoice"
            elif i < n - 2:
                r["approved_by"] = r["uploaded_by"]
                note = f"clerk {r['uploaded_by']} approved an invoice they uploaded"
            else:
                r["uploaded_by"] = (
                    r["approved_by"].upper() if rng.random() < 0.5 else r["approved_by"].title()
                )
                note = (
                    f"{r['uploaded_by']} uploaded and {r['approved_by']} approved "
                    "(one person, name written differently)"
                )
            self.group("sod_breach", [r], note)

    # ------------------------------------------------------------------ ambiguity
    def ambiguity(self):
        """Rows that genuinely meet a kind's definition without being planted.  Routine,
        explained patterns (a vendor that always bills on Saturdays, round retainers, fixed
        monthly leases) are NOT ambiguous: a finding on them is a false alarm."""
        rows = self.rows
        byv = defaultdict(list)
        for r in rows:
            byv[r["vendor"]].append(r)
        first_seen = {name: min(r["date"] for r in rs) for name, rs in byv.items()}

        def inn(r):
            return r["kind"] in ("inv", "cn", "rebill") and not r["lab"]

        for name, rs in byv.items():
            v = self.vby.get(name) or rs[0]["v"]
            good = [r for r in rs if inn(r)]
            pos = [r for r in good if r["total"] > 0]
            # duplicate: same vendor and amount, dates within three days, another number
            srt = sorted(rs, key=lambda r: r["date"])
            for i, r in enumerate(srt):
                if "credit_rebill" in r["tag"] or r["total"] <= 0:
                    continue
                for j in range(i - 1, -1, -1):
                    q = srt[j]
                    dd = (r["date"] - q["date"]).days
                    if dd > 62:
                        break
                    if "credit_rebill" in q["tag"] or q["total"] != r["total"]:
                        continue
                    if dd <= 3 or (
                        not v.schedule
                        and v.when != "dom"
                        and dd <= 62
                        and edit1(q["number"], r["number"])
                    ):
                        r["amb"].add("duplicate")
                        q["amb"].add("duplicate")
            # amount outlier: robust z of log amount per vendor and account
            byacc = defaultdict(list)
            for r in pos:
                byacc[r["account"]].append(r)
            for acc, grp in byacc.items():
                if len(grp) < 8:
                    continue
                la = np.log([r["total"] for r in grp])
                med = float(np.median(la))
                mad = float(np.median(np.abs(la - med))) * 1.4826
                sc = max(mad, 0.15)
                for r in rs:
                    if (
                        r["account"] == acc
                        and r["total"] > 0
                        and abs(math.log(r["total"]) - med) / sc > 4
                    ):
                        r["amb"].add("amount_outlier")

            # round: sporadic round amounts at vendors that do not bill round routinely
            def rnd(r):
                return (abs(r["total"]) >= 1000_00 and abs(r["total"]) % 100_00 == 0) or (
                    abs(r["net"]) >= 1000_00 and abs(r["net"]) % 500_00 == 0
                )

            share = sum(map(rnd, pos)) / max(len(pos), 1)
            for r in rs:
                if rnd(r) and share < 0.5 and not v.schedule and v.when not in ("dom", "quarter"):
                    r["amb"].add("round_amount")
            # repeated: an amount three times or more at a vendor not billing fixed schedules
            cnt = Counter(r["total"] for r in pos)
            rep_share = sum(c for c in cnt.values() if c >= 2) / max(len(pos), 1)
            if not v.schedule and v.when != "dom" and rep_share < 0.15:
                allc = Counter(r["total"] for r in rs if r["total"] > 0)
                for r in rs:
                    if r["total"] > 0 and allc[r["total"]] >= 3:
                        r["amb"].add("repeated_amount")
            # weekend / holiday
            for r in rs:
                d = r["date"]
                routine = v.when in ("dom", "sat")
                if is_weekend(d) and not routine:
                    r["amb"].add("weekend_date")
                if d in PL_HOL:
                    if v.foreign:
                        if d in FOREIGN_HOL.get(v.country, set()) and v.when != "dom":
                            r["amb"].add("holiday_date")
                    elif v.when != "dom":
                        r["amb"].add("holiday_date")
                lagd = (r["rec"] - d).days
                if lagd > 60:
                    r["amb"].add("backdated")
                if lagd < 0 or d > AS_OF:
                    r["amb"].add("future_date")
                if first_seen[name] > START + DAY * 90 and (d - first_seen[name]).days <= 60:
                    r["amb"].add("new_vendor")
            # rare account
            if len(rs) >= 10:
                ca = Counter(r["account"] for r in rs if not r["lab"].get("rare_account"))
                for r in rs:
                    if ca[r["account"]] <= 2 and ca[r["account"]] <= 0.1 * len(rs):
                        r["amb"].add("rare_account")
            # numbering: natural disorder (invoices issued in a batch)
            ser = defaultdict(list)
            for r in good:
                if r["seq"] is not None:
                    ser[r["series"]].append(r)
            for grp in ser.values():
                grp.sort(key=lambda r: (r["date"], r["seq"]))
                for i, r in enumerate(grp):
                    if any(
                        q["seq"] > r["seq"] and q["date"] < r["date"]
                        for q in grp[max(0, i - 30) : i]
                    ) or any(
                        q["seq"] < r["seq"] and q["date"] > r["date"] for q in grp[i + 1 : i + 30]
                    ):
                        r["amb"].add("numbering")
            # neighbours of a planted numbering row (a tool may name the other invoice of the pair)
            for r in rs:
                if "numbering" in r["lab"]:
                    grp = sorted(
                        (
                            q
                            for q in rs
                            if q["series"] == r["series"] and q is not r and q["seq"] is not None
                        ),
                        key=lambda q: (q["date"], q["seq"]),
                    )
                    prev = [q for q in grp if q["date"] <= r["date"]][-1:]
                    nxt = [q for q in grp if q["date"] > r["date"]][:1]
                    close = [q for q in grp if abs(q["seq"] - r["seq"]) <= 2]
                    for q in prev + nxt + close:
                        q["amb"].add("numbering")
        # below the limit: ordinary invoices within 5 % under it
        for r in rows:
            p = pln(r)
            if r["currency"] == "PLN":
                if 38_000_00 <= r["total"] < LIMIT:
                    r["amb"].add("below_limit")
            elif 36_500_00 <= p < 40_500_00:
                r["amb"].add("below_limit")
        # split purchases: two or more substantial invoices (each a quarter of the limit or
        # more, all under it) within a week passing the limit together, at a vendor where such
        # weeks are not routine (a timber mill delivering daily is explained, not ambiguous)
        for rs in byv.values():
            srt = sorted(
                (r for r in rs if 1_000_00 <= pln(r) < LIMIT and "split_purchase" not in r["lab"]),
                key=lambda r: r["date"],
            )
            wins = []
            for i, r in enumerate(srt):
                win = [q for q in srt[i : i + 40] if (q["date"] - r["date"]).days <= 7]
                if (
                    len(win) >= 2
                    and sum(pln(q) for q in win) > LIMIT
                    and sum(1 for q in win if pln(q) >= LIMIT // 4) >= 2
                ):
                    wins.append(win)
            if not wins:
                continue
            weeks = {(w[0]["date"] - START).days // 7 for w in wins}
            allr = [r for r in rs if r["total"] > 0]
            span = max(
                1, ((max(r["date"] for r in allr) - min(r["date"] for r in allr)).days + 1) // 7
            )
            if len(weeks) / span > 0.1:
                continue
            for w in wins:
                for q in w:
                    q["amb"].add("split_purchase")
        # clusters under round sums: several distinct amounts crowding under a sum
        for rs in byv.values():
            pos = [
                r
                for r in rs
                if r["total"] > 0 and r["currency"] == "PLN" and "threshold_cluster" not in r["lab"]
            ]
            for S in (1000, 2000, 2500, 3000, 5000, 10000, 15000, 20000, 25000, 30000, 50000):
                inb = [r for r in pos if S * 95 <= r["total"] < S * 100]
                above = [r for r in pos if S * 100 <= r["total"] < S * 105]
                if (
                    len(inb) >= 4
                    and len({r["total"] for r in inb}) >= 3
                    and len(inb) >= 3 * (len(above) + 1)
                ):
                    for r in inb:
                        r["amb"].add("threshold_cluster")
            # innocent invoices in the band of a planted cluster: nobody can tell them apart
            for r in rs:
                if "threshold_cluster" in r["lab"]:
                    S = r["lab_sum"]
                    for q in pos:
                        if S * 90 <= q["total"] < S * 100:
                            q["amb"].add("threshold_cluster")
        for r in rows:
            for k in list(r["amb"]):
                if k in r["lab"]:
                    r["amb"].discard(k)

    def benford_truth(self):
        """Per vendor: labelled (made-up amounts) and ambiguous (innocent vendors with 100+
        invoices whose first digits or first two digits fail both a chi-square test and
        Nigrini's MAD: price lists, narrow ranges; innocent, but they do fail the test)."""
        lab, amb = set(), set()
        exp = np.log10(1 + 1 / np.arange(1, 10))
        exp2 = np.log10(1 + 1 / np.arange(10, 100))
        byv = defaultdict(list)
        for r in self.rows:
            if r["total"] > 0:
                byv[r["vendor"]].append(r["total"])
        for name, ts in byv.items():
            v = self.vby.get(name)
            if v is not None and v.benford_fake:
                lab.add(name)
                continue
            if len(ts) < 100:
                continue
            digits = [str(x) for x in ts]  # grosze: leading digits of the amount
            fd = np.array([int(d[0]) for d in digits])
            obs = np.bincount(fd, minlength=10)[1:] / len(fd)
            f2 = np.array([int(d[:2]) for d in digits if len(d) >= 2])
            obs2 = np.bincount(f2, minlength=100)[10:] / len(f2)
            n1, n2 = len(fd), len(f2)
            chi1 = float(np.sum((obs - exp) ** 2 / exp)) * n1
            chi2 = float(np.sum((obs2 - exp2) ** 2 / exp2)) * n2
            # significant (chi-square p < 0.001 on 8 df, p < 1e-4 on 89 df) and far enough off
            # (MAD beyond Nigrini's acceptable 0.012 / 0.0018) - both, so neither sample size
            # nor noise alone decides
            if (chi1 > 26.12 and np.mean(np.abs(obs - exp)) > 0.012) or (
                chi2 > 147.5 and np.mean(np.abs(obs2 - exp2)) > 0.0018
            ):
                amb.add(name)
        return lab, amb

    def build(self):
        self.base()
        self.credit_rebill()
        self.number_all()
        for r in self.rows:  # nobody approves what they entered, unless planted below
            if r["approved_by"] and r["approved_by"].lower() == r["uploaded_by"].lower():
                r["approved_by"] = CFO if r["uploaded_by"] != CFO else MANAGERS[r["v"].dept]
        # the export is taken on AS_OF: invoices not yet entered by then are not in it
        self.rows = [r for r in self.rows if r["rec"] <= AS_OF]
        self.bank_details()
        self.byv = defaultdict(list)
        for r in self.rows:
            self.byv[id(r["v"])].append(r)
        self.inject()
        self.rows.sort(key=lambda r: (r["rec"], r["date"], r["vendor"], str(r["number"])))
        self.ambiguity()
        return self.rows


# ----------------------------------------------------------------------------- the command line


def holidays_arg() -> str:
    return ",".join(sorted(d.isoformat() for d in PL_HOL if D(2021, 12, 1) <= d <= D(2025, 12, 31)))


# ----------------------------------------------------------------------------- self-test


def selftest():
    L = {"duplicate": {1, 2, 3}, "weekend_date": {7}}
    A = {"duplicate": {4}, "weekend_date": {7, 8}}
    P = {"duplicate": {1, 2, 4, 5}, "weekend_date": set()}
    s = score(L, A, P, ["duplicate", "weekend_date", "numbering"])
    d = s["duplicate"]
    assert (
        d["labelled"],
        d["ambiguous"],
        d["predicted"],
        d["tp"],
        d["fp"],
        d["amb_hit"],
        d["fn"],
    ) == (3, 1, 4, 2, 1, 1, 1), d
    assert (
        abs(d["p_strict"] - 0.5) < 1e-9
        and abs(d["p_len"] - 2 / 3) < 1e-9
        and abs(d["recall"] - 2 / 3) < 1e-9
    )
    w = s["weekend_date"]
    assert (w["ambiguous"], w["tp"], w["fn"], w["recall"], w["p_len"]) == (1, 0, 1, 0.0, None), w
    assert s["numbering"]["recall"] is None and s["numbering"]["p_strict"] is None
    # parsing: benford to vendors, rows 1-based, null rows kept apart
    rows = [{"vendor": "A"}, {"vendor": "B"}]
    out = (
        '{"row": 2, "detector": "duplicate", "score": 0.9, "reason": "x"}\nnoise\n'
        '{"row": null, "detector": "benford", "score": 0.5, "reason": "y", "subject": "A"}\n'
        '{"row": 1, "detector": "benford", "score": 0.5, "reason": "y"}\n'
    )
    pr, rs, bv, _oth = pred_sets(parse_findings(out), rows)
    assert pr["duplicate"] == {2} and bv == {"A"} and rs[2][0][0] == "duplicate", (pr, bv)
    assert edit1("FV/0123/2023", "FV/123/2023") and edit1("FV/0123/2023", "FV-0123-2023")
    assert not edit1("FV/0123/2023", "FV/0456/2023") and not edit1("FV/0123/2023", "FV/0123/2024A")
    assert edit1("FV/0123/2023", "FV/0124/2023") and edit1("FV/0123/2023", "FV/0123/2023A")
    assert (
        iban_check("PL", "10901014000007121981 2874".replace(" ", "")) == "61"
    )  # PL61 1090 1014 0000 0712 1981 2874
    # end to end: a hand-made ledger with one exact duplicate at a known row
    with tempfile.TemporaryDirectory() as tmp:
        p = os.path.join(tmp, "t.csv")
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(standin.COLS)
            rnd = random.Random(5)
            for i in range(40):
                d = D(2023, 1, 2) + DAY * (i * 7)
                amt = round(rnd.uniform(800, 5000), 2)
                w.writerow(
                    [
                        "Firma Testowa Sp. z o.o.",
                        f"FV/{i + 1:04d}/2023",
                        d.isoformat(),
                        (d + 2 * DAY).isoformat(),
                        "PLN",
                        f"{amt:.2f}",
                        f"{amt * 0.23:.2f}",
                        f"{amt * 1.23:.2f}",
                        "401-01",
                        "PL61109010140000071219812874",
                        "a.nowak",
                        "t.kaminski",
                    ]
                )
                if i == 20:
                    w.writerow(
                        [
                            "Firma Testowa Sp. z o.o.",
                            f"FV/{i + 1:04d}/2023",
                            d.isoformat(),
                            (d + 30 * DAY).isoformat(),
                            "PLN",
                            f"{amt:.2f}",
                            f"{amt * 0.23:.2f}",
                            f"{amt * 1.23:.2f}",
                            "401-01",
                            "PL61109010140000071219812874",
                            "m.wisniewska",
                            "t.kaminski",
                        ]
                    )
        fs, _err, _el = standin.run_cli(p, 600, cli_options())
        dup_rows = {f["row"] for f in fs if f.get("detector") == "duplicate"}
        print(
            f"  hand-made CSV: duplicate findings on rows {sorted(dup_rows)} "
            "(the pair is rows 21 and 22)"
        )
        assert dup_rows and dup_rows <= {21, 22}, dup_rows
    print("selftest ok")


# ----------------------------------------------------------------------------- main


def cli_options() -> list[str]:
    """The command line's options for this ledger: its date of screening, limit and holidays."""
    return ["--as-of", AS_OF.isoformat(), "--approval-limit", "40000", "--holidays", holidays_arg()]


def main() -> None:
    standin.main(__doc__, Gen, selftest, cli_options())


if __name__ == "__main__":
    main()
