"""Anomaly benchmark: a labelled accounts-payable ledger, the full scan, precision and recall.

    python bench/anomalies.py                 # 100,000 invoices
    python bench/anomalies.py --size 1m       # 1,000,000 invoices
    python bench/anomalies.py --write-csv ledger.csv   # also write the ledger for the CLI

The ledger has injected anomalies of every detector's kind and innocent look-alikes: monthly
subscriptions with equal amounts, credit-and-rebill pairs (half of the rebills numbered like
the original plus "-R"), vendors that legitimately bill round fees, fixed-price vendors,
wide-ranging vendors that follow Benford's law, and a year-end surge (December volume x2.5).
A split purchase is one purchase of 1.05-2.5 x the limit cut into as many equal, near-equal or
uneven parts as the limit forces (sometimes one more), entered by one requester and signed by
one approver within two working days, at a vendor whose usual amounts reach the parts: what
audit guidance describes, and close to the UK bench's (which spreads them over up to five
working days). The other two independent benches draw the number of parts, and each part's
clerk and approver, at random, over up to a week. Equal parts are also the same amount on
near days, and a part may stand out for its vendor, so a duplicate, repeated-amount or
amount-outlier finding on a part is tolerated: it counts neither for nor against that detector.
--split-shape legacy restores the first design (unrelated part sizes, any approver), which
bench/split_ceiling.py showed no detector can separate from the vendors' own traffic.
The scan runs in a child process on 2 DuckDB threads, so its peak memory is its own.
Prints precision and recall per kind (Benford per vendor, the rest per invoice), scan time and
peak memory; --json prints the same as one JSON object. bench/split_ceiling.py measures how
well any detector could find this ledger's split purchases (an oracle's best precision/recall).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.anomalies.detectors import DETECTOR_NAMES  # noqa: E402
from core.anomalies.holidays import holidays_between  # noqa: E402
from core.anomalies.vendors import (  # noqa: E402
    BASELINE_DAYS,
    FEW_DAYS,
    FEW_INVOICES,
    START_QUANTILE,
)

START, END = date(2023, 1, 1), date(2025, 12, 31)
AS_OF = date(2026, 6, 30)
LIMIT = 10_000.0
# invoices per size; 10k is a small firm's ledger, below the sizes
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
HIDDEN_THRESHOLD = 5_000.0
ACCOUNTS = [
    "Expenses:Office",
    "Expenses:IT:Software",
    "Expenses:IT:Hardware",
    "Expenses:Professional-Services",
    "Expenses:Travel",
    "Expenses:Facilities",
    "Expenses:Marketing",
    "Expenses:Logistics",
    "Expenses:Telecom",
    "Expenses:Materials",
    "Expenses:Catering",
]
CLERKS = [f"clerk{i}" for i in range(1, 9)]
APPROVERS = [f"approver{i}" for i in range(1, 6)]
KINDS = list(DETECTOR_NAMES)  # every kind the scan reports, in the product's order


# ----------------------------------------------------------------------------------------
# The ledger
# ----------------------------------------------------------------------------------------


def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


class Ledger:
    """Rows as parallel lists while generating; labels per row index."""

    COLS = (
        "vendor",
        "vidx",
        "date",
        "cents",
        "account",
        "iban",
        "uploaded_by",
        "approved_by",
        "number",
        "credit",
        "protected",
    )

    def __init__(self) -> None:
        self.cols: dict[str, list] = {c: [] for c in self.COLS}
        self.labels: dict[int, set[str]] = defaultdict(set)

    def add(self, **row: object) -> int:
        for c in self.COLS:
            self.cols[c].append(row.get(c))
        return len(self.cols["vendor"]) - 1

    def __len__(self) -> int:
        return len(self.cols["vendor"])


class Generator:
    def __init__(
        self, n: int, seed: int, splits: str = "anywhere", split_shape: str = "purchase"
    ) -> None:
        self.n = n
        self.splits = splits
        self.split_shape = split_shape
        self.rng = np.random.default_rng(seed)
        self.led = Ledger()
        self.hol = holidays_between(START, END + timedelta(400))
        days = [START + timedelta(d) for d in range((END - START).days + 1)]
        self.business = [d for d in days if d.weekday() < 5 and d not in self.hol]
        w = np.array([2.5 if d.month == 12 else 1.0 for d in self.business])
        self.day_p = w / w.sum()
        self.vendors: list[dict] = []
        self.fabricators: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------

    def business_on_or_before(self, d: date) -> date:
        while d.weekday() >= 5 or d in self.hol:
            d -= timedelta(1)
        return d

    def business_on_or_after(self, d: date) -> date:
        while d.weekday() >= 5 or d in self.hol:
            d += timedelta(1)
        return d

    def iban(self) -> str:
        return "DE" + "".join(str(x) for x in self.rng.integers(0, 10, 20))

    def people(self) -> tuple[str, str]:
        return str(self.rng.choice(CLERKS)), str(self.rng.choice(APPROVERS))

    def draw_amount(self, v: dict) -> int:
        kind = v["kind"]
        if kind in ("normal", "wide"):
            return max(100, round(v["median"] * np.exp(v["sigma"] * self.rng.normal()) * 100))
        if kind == "fixed":
            return int(self.rng.choice(v["prices"]))
        if kind == "round":
            return int(self.rng.choice(v["prices"]))
        if kind == "fabricator":
            while True:
                first = int(self.rng.integers(1, 10))
                cents = int((first + self.rng.random()) * 10 ** int(self.rng.integers(4, 6)))
                if not 800_000 <= cents < 1_100_000 and not 400_000 <= cents < 550_000:
                    return cents
        return v["price"]

    # -- vendors and normal invoices ---------------------------------------------------------

    def make_vendors(self) -> None:
        n_v = max(60, self.n // 250)
        kinds = self.rng.choice(
            ["normal", "subscription", "fixed", "round", "wide"],
            n_v,
            p=[0.70, 0.10, 0.08, 0.07, 0.05],
        )
        n_fab = max(3, n_v // 100)
        kinds[self.rng.choice(np.flatnonzero(kinds == "normal"), n_fab, replace=False)] = (
            "fabricator"
        )
        for i, kind in enumerate(kinds):
            main = str(self.rng.choice(ACCOUNTS))
            v = {
                "name": f"Vendor {i:05d} GmbH",
                "kind": str(kind),
                "iban": self.iban(),
                "main": main,
                "second": None,
                "consecutive": self.rng.random() < 0.4,
                "style": int(self.rng.integers(0, 3)),
                "start": START,
            }
            if kind in ("normal", "fabricator") and self.rng.random() < 0.3:
                v["second"] = str(self.rng.choice([a for a in ACCOUNTS if a != main]))
            v["median"] = 10 ** self.rng.uniform(1.5, 3.8)
            v["sigma"] = self.rng.uniform(0.15, 0.6)
            if kind == "wide":
                v["median"], v["sigma"] = 10 ** self.rng.uniform(2, 3), self.rng.uniform(1.2, 1.6)
            if kind == "fixed":
                v["prices"] = [int(10 ** self.rng.uniform(3.5, 5.3)) for _ in range(5)]
            if kind == "round":
                v["prices"] = [
                    int(x) * 100
                    for x in self.rng.choice(
                        [500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000], 4, replace=False
                    )
                ]
            if kind == "subscription":
                v["price"] = int(10 ** self.rng.uniform(3, 5.5))
            self.vendors.append(v)
        self.fabricators = {v["name"] for v in self.vendors if v["kind"] == "fabricator"}

    def make_invoices(self) -> None:
        subs = [v for v in self.vendors if v["kind"] == "subscription"]
        rest = [v for v in self.vendors if v["kind"] != "subscription"]
        n_rest = self.n - 36 * len(subs) - int(self.n * 0.02)
        w = self.rng.lognormal(0, 1, len(rest))
        for v, wi in zip(rest, w, strict=True):
            v["weight"] = wi * (3 if v["kind"] == "fabricator" else 1)
        total_w = sum(v["weight"] for v in rest)
        for vidx, v in enumerate(self.vendors):
            if v["kind"] == "subscription":
                day = int(self.rng.integers(1, 28))
                for m in range(36):
                    d = date(START.year + m // 12, m % 12 + 1, day)
                    self.add_row(vidx, self.business_on_or_after(d), v["price"])
                continue
            count = max(15, int(n_rest * v["weight"] / total_w))
            days = self.rng.choice(len(self.business), count, p=self.day_p)
            for di in days:
                self.add_row(vidx, self.business[int(di)], self.draw_amount(v))

    def add_row(self, vidx: int, d: date, cents: int, **extra: object) -> int:
        v = self.vendors[vidx]
        account = v["main"]
        if v["second"] and self.rng.random() < 0.3:
            account = v["second"]
        up, ap = self.people()
        row = {
            "vendor": v["name"],
            "vidx": vidx,
            "date": d,
            "cents": cents,
            "account": account,
            "iban": v["iban"],
            "uploaded_by": up,
            "approved_by": ap,
            "credit": False,
            "protected": False,
        }
        row.update(extra)
        return self.led.add(**row)

    # -- injections that add rows (before numbering) -------------------------------------------

    def candidates(self, fit: float) -> list[int]:
        """Normal vendors whose usual amounts make `fit` (e.g. 9,900) plausible, not an outlier."""
        counts = np.bincount(self.led.cols["vidx"], minlength=len(self.vendors))
        out = []
        for i, v in enumerate(self.vendors):
            if v["kind"] != "normal" or np.log(fit / v["median"]) > 3.2 * v["sigma"]:
                continue
            lo, hi = (np.log(f * fit / 0.95 / v["median"]) / v["sigma"] for f in (0.8, 1.1))
            if counts[i] * (_phi(hi) - _phi(lo)) < 0.5:  # a cluster on an empty stretch
                out.append(i)
        return out

    def inject_clusters(self) -> None:
        per = max(1, self.n // 20_000)
        fits = self.candidates(LIMIT * 0.95)
        self.rng.shuffle(fits)
        below = fits[: 2 * per]
        for vidx in below:
            for _ in range(int(self.rng.integers(3, 7))):
                cents = int(self.rng.uniform(0.9, 0.995) * LIMIT * 100)
                self.tag(
                    self.add_row(vidx, self.random_day(), cents, protected=True), "below_limit"
                )
        hidden = [i for i in self.candidates(HIDDEN_THRESHOLD * 0.95) if i not in below]
        self.rng.shuffle(hidden)
        for vidx in hidden[: 2 * per]:
            for _ in range(int(self.rng.integers(3, 7))):
                cents = int(self.rng.uniform(0.9, 0.995) * HIDDEN_THRESHOLD * 100)
                self.tag(
                    self.add_row(vidx, self.random_day(), cents, protected=True),
                    "threshold_cluster",
                )
        # An innocent invoice in the band of an injected cluster is part of that cluster.
        self.cluster_bands = {i: (LIMIT, "below_limit") for i in below}
        self.cluster_bands.update(
            {i: (HIDDEN_THRESHOLD, "threshold_cluster") for i in hidden[: 2 * per]}
        )
        used = set(below) | set(hidden[: 2 * per])
        # a vendor whose usual amounts reach the parts (legacy: within 3 sigma; a purchase:
        # within 4 sigma, so a part may stand out as an amount outlier, tolerated as such)
        reach = 3 if self.split_shape == "legacy" else 4
        split_vendors = [
            i
            for i, v in enumerate(self.vendors)
            if v["kind"] == "normal"
            and i not in used
            and np.log(0.85 * LIMIT / v["median"]) < reach * v["sigma"]
            and v["median"] < 0.3 * LIMIT
        ]
        if self.splits == "identifiable":
            counts = np.bincount(self.led.cols["vidx"], minlength=len(self.vendors))
            split_vendors = [i for i in split_vendors if self.chance_splits(i, counts[i]) <= 0.05]
        self.rng.shuffle(split_vendors)
        for k in range(min(len(split_vendors) * 2, 6 * per)):
            vidx = split_vendors[k % len(split_vendors)]
            parts, people = self.split_parts()
            d = self.random_day()
            requester, approver = people or (str(self.rng.choice(CLERKS)), None)
            group = []
            for cents in parts:
                day = self.business_on_or_after(d + timedelta(int(self.rng.integers(0, 2))))
                if self.split_shape == "legacy":
                    cents += int(self.rng.integers(1, 99))
                extra: dict[str, object] = {"uploaded_by": requester}
                if approver:
                    extra |= {"approved_by": approver, "account": self.vendors[vidx]["main"]}
                row = self.add_row(vidx, day, cents, protected=True, **extra)
                self.tag(row, "split_purchase")
                group.append(row)
            self.split_groups.append(group)

    def split_parts(self) -> tuple[list[int], tuple[str, str] | None]:
        """One purchase's parts in cents, and who requested and approved them all.

        purchase: what audit guidance describes: a purchase of 1.05-2.5 x the limit cut into as
        many parts as the limit forces (sometimes one more), equal, near-equal (+-10 %) or uneven
        (weights 0.6-1.4), each part at least a quarter of the limit and under it; one requester
        enters them and one approver signs them, on the vendor's main account.
        legacy: the first version's parts (each 0.35-0.85 of the limit, unrelated sizes, any
        approver; the requester is drawn later), kept so earlier figures can be reproduced."""
        if self.split_shape == "legacy":
            parts = int(self.rng.integers(2, 4))
            while True:
                shares = self.rng.uniform(0.35, 0.85, parts)
                if 1.05 <= shares.sum() <= 1.9 and (parts == 2 or shares.max() < 0.6):
                    return [int(x * LIMIT * 100) for x in shares], None
        people = self.people()
        while True:
            total = int(self.rng.uniform(1.05, 2.5) * LIMIT * 100)
            k = math.ceil(total / (0.99 * LIMIT * 100)) + int(self.rng.random() < 1 / 3)
            style = self.rng.choice(["equal", "near", "uneven"])
            spread = {"equal": 0.0, "near": 0.1, "uneven": 0.4}[str(style)]
            w = self.rng.uniform(1 - spread, 1 + spread, k)
            parts = [int(total * x / w.sum()) for x in w]
            if max(parts) < LIMIT * 100 and min(parts) >= 0.25 * LIMIT * 100:
                return parts, people

    def chance_splits(self, vidx: int, count: int) -> float:
        """How many split-like groups the vendor's own traffic makes by chance over the ledger:
        one clerk's two invoices within two working days, each in [0.35, 1) x the limit and
        together past it, from the vendor's true amount distribution (its generating median
        and sigma, not the data). Over 0.05, a split injected there is not identifiable. It
        models the legacy shape's parts and people; for a purchase it is a rough guide."""
        v = self.vendors[vidx]
        draws = v["median"] * np.exp(
            v["sigma"] * np.random.default_rng(vidx).normal(size=(20_000, 2))
        )
        part = (draws >= 0.35 * LIMIT) & (draws < LIMIT)
        p_pair = float(np.mean(part.all(axis=1) & (draws.sum(axis=1) >= LIMIT)))
        days = len(self.business)
        per_window = count / days / len(CLERKS) * 2
        return days / 2 * len(CLERKS) * per_window**2 / 2 * p_pair

    def inject_repeats(self) -> None:
        normal = [i for i, v in enumerate(self.vendors) if v["kind"] == "normal"]
        for _ in range(max(3, self.n // 4000)):
            vidx = int(self.rng.choice(normal))
            v = self.vendors[vidx]
            cents = self.draw_amount(v)
            if cents < 20_000 or cents % 10_000 == 0:
                continue
            d = self.random_day()
            for gap in [
                0,
                *sorted(
                    self.rng.choice(np.arange(4, 60), int(self.rng.integers(2, 4)), replace=False)
                ),
            ]:
                day = self.business_on_or_after(d + timedelta(int(gap)))
                self.tag(self.add_row(vidx, day, cents, protected=True), "repeated_amount")

    def inject_new_vendors(self) -> None:
        for _ in range(max(4, len(self.vendors) // 40)):
            vidx = len(self.vendors)
            v = {
                "name": f"Newco {vidx:05d} Ltd",
                "kind": "normal",
                "iban": self.iban(),
                "main": str(self.rng.choice(ACCOUNTS)),
                "second": None,
                "consecutive": True,
                "style": 0,
                "median": 10 ** self.rng.uniform(2, 3.5),
                "sigma": 0.3,
            }
            self.vendors.append(v)
            first = START + timedelta(int(self.rng.integers(200, 1000)))
            rows = [
                self.add_row(
                    vidx, self.business_on_or_after(first), self.draw_amount(v), protected=True
                )
            ]
            for _ in range(int(self.rng.integers(2, 25))):
                d = self.business_on_or_after(first + timedelta(int(self.rng.integers(1, 90))))
                rows.append(self.add_row(vidx, d, self.draw_amount(v), protected=True))
            self.tag(rows[0], "new_vendor")

    def inject_credit_rebills(self) -> None:
        for i in self.sample_rows(int(self.n * 0.004), kinds=("normal",)):
            c = self.led.cols
            d = self.business_on_or_after(c["date"][i] + timedelta(int(self.rng.integers(5, 20))))
            credit = self.add_row(c["vidx"][i], d, -c["cents"][i], credit=True, protected=True)
            self.led.cols["account"][credit] = c["account"][i]
            rebill = self.add_row(
                c["vidx"][i],
                self.business_on_or_after(d + timedelta(int(self.rng.integers(0, 3)))),
                c["cents"][i],
                protected=True,
            )
            self.led.cols["account"][rebill] = c["account"][i]
            c["protected"][i] = True
            self.rebill_of[rebill] = i
            self.rebill_r[rebill] = self.rng.random() < 0.5

    # -- row-level injections ----------------------------------------------------------------

    def random_day(self) -> date:
        return self.business[int(self.rng.choice(len(self.business), p=self.day_p))]

    def tag(self, i: int, kind: str) -> None:
        self.led.labels[i].add(kind)
        self.led.cols["protected"][i] = True

    def sample_rows(
        self, k: int, kinds: tuple[str, ...] = ("normal",), where: object = None
    ) -> list[int]:
        c = self.led.cols
        deleted = getattr(self, "deleted", set())
        pool = [
            i
            for i in range(len(self.led))
            if not c["protected"][i]
            and not c["credit"][i]
            and i not in deleted
            and self.vendors[c["vidx"][i]]["kind"] in kinds
            and (where is None or where(i))
        ]  # type: ignore[operator]
        chosen = self.rng.choice(pool, min(k, len(pool)), replace=False)
        for i in chosen:
            self.led.cols["protected"][int(i)] = True
        return [int(i) for i in chosen]

    def inject_dates(self) -> None:
        c = self.led.cols
        for i in self.sample_rows(max(5, self.n // 700)):
            d = c["date"][i]
            c["date"][i] = d + timedelta(5 - d.weekday() + int(self.rng.integers(0, 2)))
            self.tag(i, "weekend_date")
        weekday_hol = sorted(d for d in self.hol if d.weekday() < 5)
        for i in self.sample_rows(max(5, self.n // 1000)):
            d = c["date"][i]
            near = min(weekday_hol, key=lambda h: abs((h - d).days))
            if abs((near - d).days) <= 20:
                c["date"][i] = near
                self.tag(i, "holiday_date")

    def post(self) -> None:
        """Posting date = invoice date + 0..20 days; rows are listed in posting order."""
        self.led.cols["posted"] = [
            d + timedelta(int(x))
            for d, x in zip(
                self.led.cols["date"], self.rng.integers(0, 21, len(self.led)), strict=True
            )
        ]

    def inject_out_of_place(self) -> None:
        c = self.led.cols
        late = START + timedelta(450)
        for i in self.sample_rows(max(5, self.n // 1000), where=lambda i: c["posted"][i] > late):
            c["date"][i] = self.business_on_or_before(
                c["posted"][i] - timedelta(int(self.rng.integers(100, 400)))
            )
            self.tag(i, "backdated")
        for i in self.sample_rows(max(5, self.n // 1000)):
            c["date"][i] = self.business_on_or_after(
                c["posted"][i] + timedelta(int(self.rng.integers(100, 300)))
            )
            self.tag(i, "future_date")

    def number(self) -> None:
        """Vendor numbering by invoice date: consecutive, or jumping (the vendor bills others)."""
        c = self.led.cols
        by_vendor: dict[int, list[int]] = defaultdict(list)
        for i in sorted(range(len(self.led)), key=lambda i: (c["date"][i], i)):
            by_vendor[c["vidx"][i]].append(i)
        c["num"] = [0] * len(self.led)
        for vidx, rows in by_vendor.items():
            v = self.vendors[vidx]
            num = int(self.rng.integers(100, 50_000))
            credit_no = int(self.rng.integers(1, 500))
            mean_step = 1 if v["consecutive"] else float(self.rng.uniform(5, 300))
            for i in rows:
                if i in self.rebill_of and self.rebill_r[i]:
                    continue  # numbered after its original, below
                if c["credit"][i]:
                    credit_no += 1
                    c["number"][i] = f"CN-{credit_no}"
                    continue
                num += 1 if v["consecutive"] else 1 + int(self.rng.exponential(mean_step))
                c["num"][i] = num
                c["number"][i] = self.format_number(v, num, c["date"][i])
            v["rows"] = [i for i in rows if not c["credit"][i]]
        for rebill, original in self.rebill_of.items():
            if self.rebill_r[rebill]:
                c["number"][rebill] = c["number"][original] + "-R"

    @staticmethod
    def format_number(v: dict, num: int, d: date) -> str:
        if v["style"] == 0:
            return f"INV-{num}"
        if v["style"] == 1:
            return f"RE{num:07d}"
        return str(num)

    def inject_numbering(self) -> None:
        c = self.led.cols
        self.deleted: set[int] = set()
        consecutive = [v for v in self.vendors if v["consecutive"] and len(v.get("rows", [])) > 20]
        for v in self.rng.permutation(np.array(consecutive, dtype=object))[
            : max(4, len(self.vendors) // 15)
        ]:
            rows = v["rows"]
            at = int(self.rng.integers(5, len(rows) - 5))
            gone = rows[at : at + int(self.rng.integers(1, 4))]
            after = rows[at + len(gone)]
            if any(c["protected"][i] for i in [*gone, after, rows[at - 1]]):
                continue
            self.deleted.update(gone)
            self.tag(after, "numbering")
        jumpers = [v for v in self.vendors if len(v.get("rows", [])) > 30]
        for v in self.rng.permutation(np.array(jumpers, dtype=object))[
            : max(4, len(self.vendors) // 15)
        ]:
            rows = v["rows"]
            at = int(self.rng.integers(10, len(rows) - 5))
            i = rows[at]
            if c["protected"][i] or any(c["protected"][j] for j in rows[at - 4 : at + 5]):
                continue
            step = max(1, (c["num"][rows[-1]] - c["num"][rows[0]]) // len(rows))
            c["number"][i] = self.format_number(
                v, max(1, c["num"][i] - step * int(self.rng.integers(60, 200))), c["date"][i]
            )
            self.tag(i, "numbering")
            if v["consecutive"] and rows[at + 1] not in self.deleted:
                # Its old number is now missing from a run-on series: by definition a gap.
                self.tag(rows[at + 1], "numbering")

    def inject_duplicates(self) -> None:
        c = self.led.cols
        for k, i in enumerate(
            self.sample_rows(max(5, self.n // 350), kinds=("normal", "wide", "round"))
        ):
            number = c["number"][i]
            if k % 2:
                number += str(self.rng.choice(["-A", "/1", "-2", "B", " A"]))
            d = c["date"][i]
            if self.rng.random() < 0.5:
                d = self.business_on_or_after(d + timedelta(int(self.rng.integers(1, 10))))
            up, ap = self.people()
            j = self.led.add(
                **{
                    **{col: c[col][i] for col in Ledger.COLS},
                    "date": d,
                    "number": number,
                    "uploaded_by": up,
                    "approved_by": ap,
                }
            )
            c["posted"].append(max(d, c["posted"][i]) + timedelta(int(self.rng.integers(1, 21))))
            c["num"].append(0)
            self.tag(j, "duplicate")

    def inject_attributes(self) -> None:
        c = self.led.cols
        for i in self.sample_rows(max(5, self.n // 500), where=self.outlier_ok):
            v = self.vendors[c["vidx"][i]]
            factor = np.exp(self.rng.uniform(3.6, 5) * v["sigma"] + 1.0)
            if self.rng.random() < 0.5 and c["cents"][i] / factor >= 100:
                factor = 1 / factor
            cents = int(c["cents"][i] * factor)
            if cents % 10_000 == 0 or 700_000 <= cents < 1_150_000 or 380_000 <= cents < 560_000:
                c["protected"][i] = True
                continue
            c["cents"][i] = cents
            self.tag(i, "amount_outlier")
        for i in self.sample_rows(
            max(5, self.n // 700), where=lambda i: 60_000 <= c["cents"][i] < 400_000
        ):
            c["cents"][i] = int(round(c["cents"][i], -4))
            self.tag(i, "round_amount")
        for v in self.pick_vendors(
            lambda v: len(v["rows"]) >= 25 and not v["second"] and v["kind"] == "normal",
            len(self.vendors) // 30,
        ):
            i = self.free_row(v, 4)
            if i is not None:
                c["account"][i] = str(self.rng.choice([a for a in ACCOUNTS if a != v["main"]]))
                self.tag(i, "rare_account")
        for v in self.pick_vendors(
            lambda v: len(v["rows"]) >= 10 and v["kind"] == "normal", len(self.vendors) // 30
        ):
            i = self.free_row(v, 4)
            if i is not None:
                c["iban"][i] = self.iban()
                self.tag(i, "iban_change")
        for i in self.sample_rows(max(5, self.n // 1000), kinds=("normal", "subscription")):
            c["approved_by"][i] = c["uploaded_by"][i]
            self.tag(i, "sod_breach")

    def outlier_ok(self, i: int) -> bool:
        v = self.vendors[self.led.cols["vidx"][i]]
        return len(v.get("rows", [])) >= 25 and not v["second"]

    def pick_vendors(self, ok: object, k: int) -> list[dict]:
        pool = [v for v in self.vendors if "rows" in v and ok(v)]  # type: ignore[operator]
        idx = self.rng.permutation(len(pool))[: max(3, k)]
        return [pool[int(i)] for i in idx]

    def free_row(self, v: dict, skip: int) -> int | None:
        rows = [
            i
            for i in v["rows"][skip:]
            if not self.led.cols["protected"][i] and i not in self.deleted
        ]
        return int(self.rng.choice(rows)) if rows else None

    def label_split_lookalikes(self, order: list[int]) -> None:
        """An invoice the split's requester entered (and, for a purchase, its approver signed on
        the parts' account) for the same vendor on a day of the split, below the limit and at
        least as large as its smallest part, is a part by definition: nothing in the data tells
        which of them the purchase was split into."""
        c = self.led.cols
        by_key: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i in order:
            if not c["credit"][i]:
                by_key[(c["vidx"][i], c["uploaded_by"][i])].append(i)
        for group in self.split_groups:
            first = min(c["date"][i] for i in group)
            last = max(c["date"][i] for i in group)
            smallest = min(c["cents"][i] for i in group)
            approver, account = c["approved_by"][group[0]], c["account"][group[0]]
            for i in by_key[(c["vidx"][group[0]], c["uploaded_by"][group[0]])]:
                if self.split_shape != "legacy" and (
                    c["approved_by"][i] != approver or c["account"][i] != account
                ):
                    continue  # a purchase's parts share their approver and account too
                if first <= c["date"][i] <= last and smallest <= c["cents"][i] < LIMIT * 100:
                    self.led.labels[i].add("split_purchase")

    # -- assembling ----------------------------------------------------------------------------

    def build(self) -> tuple[pd.DataFrame, dict[int, set[str]], set[str]]:
        self.rebill_of: dict[int, int] = {}
        self.split_groups: list[list[int]] = []
        self.rebill_r: dict[int, bool] = {}
        self.make_vendors()
        self.make_invoices()
        self.inject_clusters()
        self.inject_repeats()
        self.inject_new_vendors()
        self.inject_credit_rebills()
        self.inject_dates()
        self.post()
        self.inject_out_of_place()
        self.number()
        self.inject_numbering()
        self.inject_duplicates()
        self.inject_attributes()
        c = self.led.cols
        keep = [i for i in range(len(self.led)) if i not in self.deleted]
        order = sorted(keep, key=lambda i: (c["posted"][i], i))
        df = pd.DataFrame(
            {
                "vendor": [c["vendor"][i] for i in order],
                "invoice_number": [c["number"][i] for i in order],
                "invoice_date": [c["date"][i] for i in order],
                "currency": "EUR",
                "total_amount": [f"{c['cents'][i] / 100:.2f}" for i in order],
                "account": [c["account"][i] for i in order],
                "iban": [c["iban"][i] for i in order],
                "uploaded_by": [c["uploaded_by"][i] for i in order],
                "approved_by": [c["approved_by"][i] for i in order],
            }
        )
        first_day: dict[str, date] = {}
        for i in order:
            if not c["credit"][i]:
                v = c["vendor"][i]
                first_day[v] = min(first_day.get(v, c["date"][i]), c["date"][i])
        # Definitional, as the control test lists them: a vendor first seen more than
        # BASELINE_DAYS after the ledger opens is new to it (the injected ones, and an old one
        # billing so seldom that its first invoice comes late: the ledger cannot tell them apart);
        # its first day's invoices are labelled, and all of them within FEW_DAYS of it if it
        # billed FEW_INVOICES times or fewer (a made-up vendor's pattern: its few bills come
        # together)
        dates = sorted(c["date"][i] for i in order)
        opening = dates[int((len(dates) - 1) * START_QUANTILE)]  # as quantile_disc picks it
        count = Counter(c["vendor"][i] for i in order if not c["credit"][i])
        for i in order:  # every invoice on a new vendor's first day is a first invoice, and
            v = c["vendor"][i]  # every invoice of a new vendor with only a few
            new = first_day.get(v) and (first_day[v] - opening).days > BASELINE_DAYS
            few = count[v] <= FEW_INVOICES and (c["date"][i] - first_day[v]).days <= FEW_DAYS
            if new and (c["date"][i] == first_day[v] or few):
                self.led.labels[i].add("new_vendor")
        for i in order:
            band = self.cluster_bands.get(c["vidx"][i])
            if band and 0.9 * band[0] * 100 <= c["cents"][i] < band[0] * 100:
                self.led.labels[i].add(band[1])
        self.label_split_lookalikes(order)
        for i in order:  # definitional: the classic control test (within 5 % under the limit)
            if 0.95 * LIMIT * 100 <= c["cents"][i] < LIMIT * 100:
                self.led.labels[i].add("below_limit")
        labels = {
            row + 1: set(self.led.labels[i])
            for row, i in enumerate(order)
            if self.led.labels.get(i)
        }
        row_of = {i: row + 1 for row, i in enumerate(order)}
        self.tolerated = {row_of[i]: kinds for i, kinds in self.split_tolerance().items()}
        return df, labels, self.fabricators

    def split_tolerance(self) -> dict[int, set[str]]:
        """What a purchase's parts may also be flagged as without counting against precision:
        equal parts are the same amount on near days, which is what a duplicate or a repeated
        amount looks like, and a part above the vendor's usual range is an amount outlier."""
        if self.split_shape == "legacy":
            return {}
        c = self.led.cols
        out: dict[int, set[str]] = defaultdict(set)
        for group in self.split_groups:
            amounts = [c["cents"][i] for i in group]
            for i in group:
                out[i].add("amount_outlier")
                if amounts.count(c["cents"][i]) > 1:
                    out[i] |= {"duplicate", "repeated_amount"}
        return out


# ----------------------------------------------------------------------------------------
# Scan (child process) and scoring
# ----------------------------------------------------------------------------------------


def scan_child(db_file: str, out_file: str) -> None:
    import duckdb

    from core.anomalies import ScanConfig, scan

    con = duckdb.connect(db_file)
    con.execute("SET threads = 2")
    con.execute("SET memory_limit = '3GB'")
    t0 = time.perf_counter()
    found = scan(con, "ledger", ScanConfig(as_of=AS_OF))
    seconds = time.perf_counter() - t0
    with open(out_file, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        for d in found:
            inv = d.invoice_id if d.invoice_id is not None else ""
            w.writerow([inv, d.detector, d.subject, d.score])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "findings": len(found)}))


def score(
    found: list[tuple[int | None, str, str, float]],
    labels: dict[int, set[str]],
    fabricators: set[str],
    tolerated: dict[int, set[str]] | None = None,
) -> dict[str, dict[str, float]]:
    """Precision, recall and ranked average precision per kind. A tolerated row (a split's
    equal parts flagged as duplicates, say) counts neither for nor against a detector."""
    truth: dict[str, set] = defaultdict(set)
    for row, kinds in labels.items():
        for k in kinds:
            truth[k].add(row)
    excused: dict[str, set] = defaultdict(set)
    for row, kinds in (tolerated or {}).items():
        for k in kinds:
            excused[k].add(row)
    truth["benford"] = set(fabricators)
    flagged: dict[str, dict] = defaultdict(dict)
    for inv, det, subject, points in found:
        key = subject if det == "benford" else inv
        if det == "benford" and (inv is not None or subject == "(all vendors)"):
            continue
        if key is None or (inv in excused[det] and inv not in truth[det]):
            continue
        flagged[det][key] = max(points, flagged[det].get(key, 0.0))
    out = {}
    for kind in KINDS:
        tp = len(flagged[kind].keys() & truth[kind])
        out[kind] = {
            "truth": len(truth[kind]),
            "flagged": len(flagged[kind]),
            "precision": tp / len(flagged[kind]) if flagged[kind] else float("nan"),
            "recall": tp / len(truth[kind]) if truth[kind] else float("nan"),
            "ranked_ap": ranked_ap(flagged[kind], truth[kind]),
        }
    return out


def ranked_ap(scores: dict, truth: set) -> float:
    """Average precision of the findings ranked by score, as an analyst works down the inbox,
    over every labelled one (a missed one adds nothing: it is never found). Ties are ranked in
    20 seeded random orders and averaged."""
    if not truth:
        return float("nan")
    rng = np.random.default_rng(0)
    keys = list(scores)
    total = 0.0
    for _ in range(20):
        order = sorted(rng.permutation(len(keys)), key=lambda k: -scores[keys[k]])
        hits = 0
        for rank, k in enumerate(order, 1):
            if keys[k] in truth:
                hits += 1
                total += hits / rank
    return total / 20 / len(truth)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--size", choices=list(SIZES), default="100k")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument(
        "--splits",
        choices=["anywhere", "identifiable"],
        default="anywhere",
        help="where split purchases go: any vendor whose usual amounts reach the parts, or\n"
        "only where the vendor's own traffic makes such groups by chance < 0.05 times\n"
        "(reckoned for the legacy shape)",
    )
    p.add_argument(
        "--split-shape",
        choices=["purchase", "legacy"],
        default="purchase",
        help="purchase: one purchase cut into equal, near-equal or uneven parts, one requester\n"
        "and one approver; legacy: the first version's unrelated part sizes, any approver",
    )
    p.add_argument("--write-csv", type=Path, help="also write the ledger (and labels) as CSV")
    p.add_argument("--json", action="store_true")
    p.add_argument("--scan-child", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.scan_child:
        scan_child(*args.scan_child)
        return 0
    n = SIZES[args.size]
    t0 = time.perf_counter()
    gen = Generator(n, args.seed, args.splits, args.split_shape)
    df, labels, fabricators = gen.build()
    gen_s = time.perf_counter() - t0
    if args.write_csv:
        df.to_csv(args.write_csv, index=False)
        with open(args.write_csv.with_suffix(".labels.json"), "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "rows": {str(k): sorted(v) for k, v in labels.items()},
                    "benford_vendors": sorted(fabricators),
                    "tolerated": {str(k): sorted(v) for k, v in gen.tolerated.items()},
                },
                fh,
            )
    import duckdb

    with tempfile.TemporaryDirectory(prefix="ll-bench-") as tmp:
        db_file, out_file = os.path.join(tmp, "bench.duckdb"), os.path.join(tmp, "found.csv")
        con = duckdb.connect(db_file)
        con.register("df", df)
        con.execute(
            "CREATE TABLE ledger AS SELECT row_number() OVER () AS id, row_number() OVER () AS seq,"
            " vendor, invoice_number, CAST(invoice_date AS DATE) AS invoice_date, currency,"
            " NULL::DECIMAL(18,2) AS net_amount, NULL::DECIMAL(18,2) AS tax_amount,"
            " CAST(total_amount AS DECIMAL(18,2)) AS total_amount, account, iban, uploaded_by,"
            " approved_by, NULL::TIMESTAMP AS recorded_at FROM df"
        )
        con.close()
        child = subprocess.run(
            [sys.executable, __file__, "--scan-child", db_file, out_file],
            capture_output=True,
            text=True,
            check=True,
        )
        stats = json.loads(child.stdout.strip().splitlines()[-1])
        with open(out_file, encoding="utf-8") as fh:
            found = [(int(r[0]) if r[0] else None, r[1], r[2], float(r[3])) for r in csv.reader(fh)]
    result = score(found, labels, fabricators, gen.tolerated)
    report = {
        "invoices": len(df),
        "generate_s": round(gen_s, 1),
        "scan_s": round(stats["seconds"], 2),
        "scan_peak_mb": round(stats["peak_mb"]),
        "findings": stats["findings"],
        "kinds": result,
    }
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"ledger: {len(df):,} invoices (generated in {gen_s:.1f} s)")
    print(
        f"scan:   {stats['seconds']:.2f} s, peak memory {stats['peak_mb']:.0f} MB, "
        f"{stats['findings']:,} findings"
    )
    print(
        f"{'kind':<18} {'truth':>6} {'flagged':>8} {'precision':>10} {'recall':>8} "
        f"{'ranked AP':>10}"
    )
    for kind, r in result.items():
        print(
            f"{kind:<18} {r['truth']:>6} {r['flagged']:>8} {r['precision']:>10.3f} "
            f"{r['recall']:>8.3f} {r['ranked_ap']:>10.3f}"
        )
    # nan compares false both ways: a kind nothing was flagged for (precision nan, recall 0)
    # would vanish from a plain min
    worst = min(x for r in result.values() for x in (r["precision"], r["recall"]) if x == x)
    print(f"lowest precision or recall: {worst:.3f} (target >= 0.9)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
