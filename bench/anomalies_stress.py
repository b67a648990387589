"""Ledgers of awkward shape, screened through the CLI: time and peak memory, no labels.

    python bench/anomalies_stress.py               # 1,000,000 rows in each ledger
    python bench/anomalies_stress.py --rows 200000

The benchmarks' ledgers spread their invoices over thousands of vendors and years. A real
ledger need not: one carrier may send a third of a year's invoices, one supplier may bill the
same four prices all year. Detectors that pair a vendor's invoices with each other meet such a
vendor squared. Each ledger here is written as CSV into a temporary folder and screened by
`python -m core anomalies --import-csv FILE --json` in a child process, whose wall time and
peak resident memory are printed (the issue's limits for 1,000,000 invoices: 30 s, 4 GB):

- dominant: a year of invoices, a third of them from one carrier, most of the rest from a
  handful of busy vendors (Pareto volumes), amounts lognormal;
- prices: two years, three fifths of the invoices from one supplier billing four prices, the
  rest lognormal from 2,000 vendors;
- single: one vendor, every invoice, a year;
- scattered: 300,000 vendors, three or four invoices each, over five years (a ledger of
  one-off suppliers: every vendor x round sum is a test of its own).

A measurement, never part of pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "vendor,invoice_number,invoice_date,total_amount,currency,account,uploaded_by,approved_by"


def _day(rng: random.Random, years: int) -> str:
    """A working day (Monday to Friday) in the `years` years from 2024."""
    first = dt.date(2024, 1, 1)
    while True:
        day = first + dt.timedelta(rng.randrange(365 * years))
        if day.weekday() < 5:
            return day.isoformat()


Rows = Iterator[tuple[str, str, str]]  # vendor, date, amount


def dominant(rows: int, rng: random.Random) -> Rows:
    for _ in range(rows):
        vendor = "Carrier" if rng.random() < 0.3 else f"V{int(rng.paretovariate(1.2)) % 3000}"
        yield vendor, _day(rng, 1), f"{rng.lognormvariate(6.5, 1.1):.2f}"


def prices(rows: int, rng: random.Random) -> Rows:
    for _ in range(rows):
        if rng.random() < 0.6:
            yield "Supplier", _day(rng, 2), rng.choice(["49.00", "99.00", "149.50", "1234.56"])
        else:
            yield f"V{rng.randrange(2000)}", _day(rng, 2), f"{rng.lognormvariate(6, 1):.2f}"


def single(rows: int, rng: random.Random) -> Rows:
    for _ in range(rows):
        yield "Only", _day(rng, 1), f"{rng.lognormvariate(6, 1):.2f}"


def scattered(rows: int, rng: random.Random) -> Rows:
    for _ in range(rows):
        amount = f"{rng.lognormvariate(6.5, 1.2):.2f}"
        yield f"V{rng.randrange(rows * 3 // 10)}", _day(rng, 5), amount


LEDGERS = {"dominant": dominant, "prices": prices, "single": single, "scattered": scattered}


def write(path: Path, shape: str, rows: int) -> None:
    rng = random.Random(5)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        for i, (vendor, date, amount) in enumerate(LEDGERS[shape](rows, rng)):
            account, up, ap = rng.choice(("6000", "6100")), rng.choice("abc"), rng.choice("xyz")
            fh.write(f"{vendor},N{i},{date},{amount},EUR,{account},{up},{ap}\n")


def screen(path: Path) -> tuple[float, float, str]:
    """Wall seconds, peak MB and the CLI's summary line for one ledger."""
    cmd = [sys.executable, "-m", "core", "anomalies", "--import-csv", str(path), "--json"]
    t0 = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=sink, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"CLI failed on {path.name}:\n{err}")
    summary = next((line for line in err.splitlines() if "row(s) read" in line), "")
    return seconds, usage.ru_maxrss / 1024, summary.split(": ", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--only", choices=sorted(LEDGERS), help="one ledger shape")
    args = p.parse_args(argv)
    print(f"{'ledger':10} {'rows':>10} {'seconds':>8} {'peak MB':>8}  CLI summary")
    with tempfile.TemporaryDirectory(prefix="ll-bench-stress-") as tmp:
        for shape in [args.only] if args.only else LEDGERS:
            path = Path(tmp) / f"{shape}.csv"
            write(path, shape, args.rows)
            seconds, peak, summary = screen(path)
            print(f"{shape:10} {args.rows:>10,} {seconds:8.1f} {peak:8.0f}  {summary[:90]}")
            path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
