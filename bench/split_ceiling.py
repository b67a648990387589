"""How well could any detector find split purchases on bench/anomalies.py's ledger?

    python bench/split_ceiling.py                          # 100,000 invoices, seed 11
    python bench/split_ceiling.py --seed 5 --splits identifiable

An oracle ranks every candidate group by the likelihood ratio of the generator's own split
process against the generator's own innocent traffic, with the true parameters no detector can
see: each vendor's amount distribution and volume, the seasonal day weights, and that a split
is one clerk's invoices within two consecutive working days. It is blind to where the splits
were put (every vendor with continuous amounts is equally likely) and to their part sizes
(each part uniform in [20 %, 100 %) of the limit, 2-4 parts, together at least the limit:
what the issue's definition says and nothing more). Its best precision and recall bound what a
detector that knows only the definition can reach on this ledger; --shape injected also gives
it the injection's part sizes, the bound for a detector tuned to this generator.

It measures the ledger with bench/anomalies.py's legacy split shape (--split-shape legacy),
the design it showed to be unidentifiable; the default shape since is a purchase cut into
equal, near-equal or uneven parts by one requester for one approver, which this oracle does
not model.

A measurement, never part of pass/fail.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import anomalies as bench

CLERKS = len(bench.CLERKS)
WINDOW = 1  # a part lands on the split's day or the next working day


def amount_density(v: dict, a: float) -> float:
    """The generator's density of an innocent invoice of `a` (in the ledger's currency)."""
    if v["kind"] == "fabricator":
        # first digit uniform, 1,000-9,999.99 half the time, with two bands left out
        return 0.0 if 8000 <= a < 11000 or 4000 <= a < 5500 else 0.5 / 9000 / 0.8
    z = (math.log(a) - math.log(v["median"])) / v["sigma"]
    return math.exp(-z * z / 2) / (a * v["sigma"] * math.sqrt(2 * math.pi))


def split_density(shares: list[float], shape: str) -> float:
    """Density of the parts' shares of the limit under the split process (per share^j)."""
    j = len(shares)
    if shape == "generic":
        ok = all(0.2 <= s < 1.0 for s in shares) and sum(shares) >= 1.0
        return (1 / 3) * (1 / 0.8) ** j if ok and j <= 4 else 0.0
    # bench/anomalies.py: 2 parts in [0.35, 0.85) or 3 in [0.35, 0.6), together 1.05-1.9
    if not 1.05 <= sum(shares) <= 1.9 or j > 3:
        return 0.0
    if j == 2:
        return 0.5 * 5.298 if all(0.35 <= s < 0.85 for s in shares) else 0.0
    return 0.5 * 64.0 if all(0.35 <= s < 0.6 for s in shares) else 0.0


def ceiling(size: int, seed: int, splits: str, shape: str) -> dict[str, float]:
    gen = bench.Generator(size, seed, splits, split_shape="legacy")
    df, labels, _ = gen.build()
    limit = bench.LIMIT
    workday = {d: i for i, d in enumerate(gen.business)}
    by_name = {v["name"]: i for i, v in enumerate(gen.vendors)}
    volume = Counter(gen.led.cols["vidx"])
    pool = {i for i, v in enumerate(gen.vendors) if v["kind"] in ("normal", "wide", "fabricator")}
    prior = len(gen.split_groups) / len(pool)
    truth = {r for r, k in labels.items() if "split_purchase" in k}

    parts: dict[tuple[int, str], list[tuple[int, float, int]]] = defaultdict(list)
    for row, inv in enumerate(df.itertuples(index=False), 1):
        vidx = by_name[inv.vendor]
        amount = float(inv.total_amount)
        if vidx in pool and inv.invoice_date in workday and 0.2 * limit <= amount < limit:
            parts[(vidx, inv.uploaded_by)].append((workday[inv.invoice_date], amount, row))
    best: dict[int, float] = defaultdict(float)
    for (vidx, _clerk), xs in parts.items():
        v = gen.vendors[vidx]
        xs.sort()
        for i, first in enumerate(xs):
            window = [x for x in xs[i + 1 :] if x[0] - first[0] <= WINDOW]
            for j in (1, 2, 3):
                for rest in itertools.combinations(window, j):
                    group = (first, *rest)
                    h = split_density([a / limit for _, a, _ in group], shape)
                    if h == 0.0:
                        continue
                    split = prior * gen.day_p[first[0]] / CLERKS * h / limit ** len(group)
                    split *= 0.5 ** len(group)  # each part on the day or the next
                    null = math.prod(
                        volume[vidx] * gen.day_p[d] / CLERKS * amount_density(v, a)
                        for d, a, _ in group
                    )
                    ratio = split / null if null > 0 else math.inf
                    for _, _, row in group:
                        best[row] = max(best[row], ratio)
    ranked = sorted(best.items(), key=lambda t: -t[1])
    curve, tp = [], 0
    for k, (row, _ratio) in enumerate(ranked, 1):
        tp += row in truth
        curve.append((tp / k, tp / len(truth)))
    top = max(curve, key=lambda pr: min(pr)) if curve else (math.nan, 0.0)
    at90 = [p for p, r in curve if r >= 0.9]
    return {
        "truth": len(truth),
        "precision": top[0],
        "recall": top[1],
        "precision_at_recall_0.9": max(at90) if at90 else math.nan,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--size", choices=["100k", "1m"], default="100k")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--splits", choices=["anywhere", "identifiable"], default="anywhere")
    p.add_argument("--shape", choices=["generic", "injected"], default="generic")
    args = p.parse_args(argv)
    size = 100_000 if args.size == "100k" else 1_000_000
    r = ceiling(size, args.seed, args.splits, args.shape)
    print(
        f"split_purchase ceiling ({args.size}, seed {args.seed}, splits {args.splits}, "
        f"{args.shape} part sizes): {r['truth']} labelled invoices; best precision "
        f"{r['precision']:.3f} at recall {r['recall']:.3f}; precision at recall >= 0.9: "
        f"{r['precision_at_recall_0.9']:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
