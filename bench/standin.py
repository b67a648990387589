"""The harness the stand-in ledgers share (bench/anomalies_poland_ledger.py,
bench/anomalies_india_ledger.py): their calendar helpers, the CSV they write, the real command
line they run, and the scoring and tables they print (lenient and strict precision, recall,
planted groups, Benford per vendor). Each stand-in keeps its own generator and self-test."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

D = dt.date
DAY = dt.timedelta(days=1)
PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
Row = dict[str, Any]


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


GROUPED = {
    "duplicate",
    "split_purchase",
    "threshold_cluster",
    "repeated_amount",
    "iban_change",
    "new_vendor",
}


def easter(y: int) -> D:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    w = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * w) // 451
    month = (h + w - 7 * m + 114) // 31
    day = (h + w - 7 * m + 114) % 31 + 1
    return D(y, month, day)


def de_holidays(y: int) -> set[D]:
    e = easter(y)
    return {
        D(y, 1, 1),
        e - 2 * DAY,
        e + DAY,
        D(y, 5, 1),
        e + 39 * DAY,
        e + 50 * DAY,
        D(y, 10, 3),
        D(y, 12, 25),
        D(y, 12, 26),
    }


def fmt_money(c: int) -> str:
    sign = "-" if c < 0 else ""
    c = abs(c)
    return f"{sign}{c // 100}.{c % 100:02d}"


def edit1(a: str, b: str) -> bool:
    """Invoice numbers one edit apart once case, spaces and separators are ignored."""
    na = "".join(ch for ch in a.upper() if ch.isalnum())
    nb = "".join(ch for ch in b.upper() if ch.isalnum())
    if na == nb:
        return True
    if abs(len(na) - len(nb)) > 1:
        return False
    if len(na) == len(nb):
        diff = [i for i in range(len(na)) if na[i] != nb[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and na[diff[0]] == nb[diff[1]]
            and na[diff[1]] == nb[diff[0]]
        )
    if len(na) > len(nb):
        na, nb = nb, na
    return any(nb[:i] + nb[i + 1 :] == na for i in range(len(nb)))


COLS = [
    "vendor",
    "invoice_number",
    "invoice_date",
    "recorded_at",
    "currency",
    "net_amount",
    "tax_amount",
    "total_amount",
    "account",
    "iban",
    "uploaded_by",
    "approved_by",
]


def csv_values(r: Row) -> list[str]:
    return [
        r["vendor"],
        r["number"],
        r["date"].isoformat(),
        r["rec"].isoformat(),
        r["currency"],
        fmt_money(r["net"]),
        fmt_money(r["tax"]),
        fmt_money(r["total"]),
        r["account"],
        r.get("iban_print") or r["iban"],
        r["uploaded_by"],
        r["approved_by"],
    ]


def write_csv(rows: list[Row], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        for r in rows:
            w.writerow(csv_values(r))


def run_cli(path: str, timeout: int, options: list[str]) -> tuple[list[dict], str, float]:
    """The real command line on the ledger, with the ledger's own options (its date of
    screening, approval limit, base currency and holidays)."""
    cmd = [
        sys.executable,
        "-m",
        "core",
        "anomalies",
        "--import-csv",
        path,
        "--json",
        *options,
    ]
    t0 = time.time()
    p = subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True, timeout=timeout)
    el = time.time() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-4000:])
        raise SystemExit(f"CLI failed with exit code {p.returncode}")
    return parse_findings(p.stdout), p.stderr, el


def parse_findings(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                out.append(json.loads(line))
    return out


def score(labels: dict, amb: dict, preds: dict, kinds) -> dict:
    """labels/amb/preds: kind -> set of row ids (or vendor names for benford)."""
    res = {}
    for k in kinds:
        L, A, P = (
            labels.get(k, set()),
            amb.get(k, set()) - labels.get(k, set()),
            preds.get(k, set()),
        )
        tp = P & L
        fp = P - L - A
        fn = L - P
        res[k] = dict(
            labelled=len(L),
            ambiguous=len(A),
            predicted=len(P),
            tp=len(tp),
            fp=len(fp),
            amb_hit=len(P & A),
            fn=len(fn),
            p_strict=len(tp) / len(P) if P else None,
            p_len=len(tp) / (len(tp) + len(fp)) if (tp or fp) else None,
            recall=len(tp) / len(L) if L else None,
            fp_rows=fp,
            fn_rows=fn,
        )
    return res


def truth_sets(rows: list[Row]):
    labels, amb, groups = defaultdict(set), defaultdict(set), defaultdict(lambda: defaultdict(set))
    for i, r in enumerate(rows, start=1):
        for k, gid in r["lab"].items():
            labels[k].add(i)
            groups[k][gid].add(i)
        for k in r["amb"]:
            amb[k].add(i)
    return labels, amb, groups


def pred_sets(findings: list[dict], rows: list[Row]):
    preds, reasons, other = defaultdict(set), defaultdict(list), Counter()
    bvend = set()
    for f in findings:
        det, row = f.get("detector"), f.get("row")
        if det == "benford":
            subj = f.get("subject") or (
                rows[row - 1]["vendor"] if isinstance(row, int) and 1 <= row <= len(rows) else None
            )
            if subj:
                bvend.add(subj)
            continue
        if det not in KINDS:
            other[det] += 1
        if isinstance(row, int) and 1 <= row <= len(rows):
            preds[det].add(row)
            reasons[row].append((det, f.get("score"), f.get("reason", "")))
        else:
            other[f"{det} (row {row})"] += 1
    return preds, reasons, bvend, other


def fmt(x):
    return "  -  " if x is None else f"{x:5.3f}"


def print_table(res, groups=None, preds=None, title="", planted=frozenset()):
    print(title)
    print(
        f"{'kind':18s} {'lab':>4s} {'amb':>5s} {'pred':>5s} {'TP':>4s} {'FP':>5s} "
        f"{'(xk)':>5s} {'ambP':>5s} {'FN':>4s}  "
        f"{'P-strict':>8s} {'P-len':>6s} {'recall':>6s}  groups"
    )
    for k, m in res.items():
        gtxt = ""
        if groups is not None and k in GROUPED and groups.get(k):
            hit = sum(1 for rs in groups[k].values() if rs & preds.get(k, set()))
            gtxt = f"{hit}/{len(groups[k])}"
        xk = len(m["fp_rows"] & planted)
        print(
            f"{k:18s} {m['labelled']:4d} {m['ambiguous']:5d} {m['predicted']:5d} "
            f"{m['tp']:4d} {m['fp']:5d} {xk:5d} {m['amb_hit']:5d} {m['fn']:4d}  "
            f"{fmt(m['p_strict']):>8s} {fmt(m['p_len']):>6s} {fmt(m['recall']):>6s}  {gtxt}"
        )


def show_row(rows: list[Row], i: int, reasons, kind: str | None = None) -> None:
    r = rows[i - 1]
    print(
        f"    row {i}: {r['vendor']} | {r['number']} | {r['date']} "
        f"({r['date'].strftime('%a')}) rec {r['rec']} | "
        f"{fmt_money(r['total'])} {r['currency']} (net {fmt_money(r['net'])}) | {r['account']} | "
        f"{r.get('iban_print') or r['iban']} | {r['uploaded_by']}->{r['approved_by'] or '(none)'}"
    )
    if r["note"]:
        print(f"      truth: {r['note']}")
    elif r["tag"]:
        print(f"      truth: innocent ({', '.join(sorted(r['tag']))})")
    else:
        print(f"      truth: innocent ({r['kind']})")
    if r["amb"]:
        print(f"      ambiguous for: {', '.join(sorted(r['amb']))}")
    fs = reasons.get(i, [])
    mine = [f for f in fs if f[0] == kind]
    rest = [f for f in fs if f[0] != kind]
    for det, sc, why in mine:
        print(f"      tool {det} ({sc}): {why[:300]}")
    if rest:
        print("      other findings: " + "; ".join(f"{d}: {w[:120]}" for d, _, w in rest[:3]))
    if not fs:
        print("      no finding on this row")


def main(
    doc: str | None, gen: Callable[[int], Any], selftest: Callable[[], None], options: list[str]
) -> None:
    """The stand-in's command line: generate (gen(seed) has build() and benford_truth()),
    screen with the real CLI and its options, score and print."""
    ap = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--samples", type=int, default=0, help="show K false alarms and K misses per kind"
    )
    ap.add_argument("--keep", help="write ledger.csv and labels.csv to this folder")
    ap.add_argument("--timeout", type=int, default=1800)
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument(
        "--dry", action="store_true", help="generate and describe the ledger, do not run the tool"
    )
    a = ap.parse_args()
    if a.selftest:
        selftest()
        return
    t0 = time.time()
    g = gen(a.seed)
    rows = g.build()
    labels, amb, groups = truth_sets(rows)
    blab, bamb = g.benford_truth()
    nv = len({r["vendor"] for r in rows})
    print(
        f"seed {a.seed}: {len(rows)} rows, {nv} vendor names, {rows[0]['rec']}..{rows[-1]['rec']}, "
        f"generated in {time.time() - t0:.1f}s; "
        f"currencies {dict(Counter(r['currency'] for r in rows))}"
    )
    print(
        "labelled rows per kind: "
        + ", ".join(f"{k} {len(labels.get(k, ()))}" for k in KINDS if k != "benford")
    )
    print(
        "ambiguous rows per kind: "
        + ", ".join(
            f"{k} {len(amb.get(k, set()) - labels.get(k, set()))}" for k in KINDS if k != "benford"
        )
    )
    if a.dry:
        print(f"benford labelled {sorted(blab)}, ambiguous {sorted(bamb)}")
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            write_csv(rows, os.path.join(a.keep, "ledger.csv"))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(a.keep or tmp, "ledger.csv")
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
        write_csv(rows, path)
        if a.keep:
            with open(os.path.join(a.keep, "labels.csv"), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["row", "labels", "ambiguous", "note"])
                for i, r in enumerate(rows, 1):
                    if r["lab"] or r["amb"]:
                        w.writerow(
                            [i, " ".join(sorted(r["lab"])), " ".join(sorted(r["amb"])), r["note"]]
                        )
        findings, err, el = run_cli(path, a.timeout, options)
    preds, reasons, bvend, other = pred_sets(findings, rows)
    print(f"CLI: {len(findings)} findings in {el:.0f}s")
    errl = [ln for ln in err.splitlines() if ln.strip()]
    if errl:
        print("CLI stderr (first lines): " + " | ".join(ln[:160] for ln in errl[:4]))
    if other:
        print(f"findings outside the scored kinds: {dict(other)}")
    rowkinds = [k for k in KINDS if k != "benford"]
    res = score(labels, amb, preds, rowkinds)
    planted = frozenset(i for i, r in enumerate(rows, 1) if r["lab"])
    print_table(
        res,
        groups,
        preds,
        planted=planted,
        title="\nper row: FP = findings outside the labelled and ambiguous rows, "
        "(xk) = of those, rows planted as another\n"
        "kind; ambP = findings on ambiguous rows; P-strict = TP/pred; "
        "P-len = TP/(TP+FP); groups = planted\n"
        "incidents (a duplicate pair, a split, a cluster, a scheme, a changed account) "
        "with at least one row found",
    )
    bres = score({"benford": blab}, {"benford": bamb}, {"benford": bvend}, ["benford"])
    print_table(bres, title="\nBenford, per vendor")
    print(
        f"  labelled: {sorted(blab)}\n  predicted: {sorted(bvend)}\n"
        f"  ambiguous ({len(bamb)} innocent vendors whose digits fail chi-square and MAD): "
        + ", ".join(sorted(bamb)[:6])
        + (", ..." if len(bamb) > 6 else "")
    )
    if a.samples:
        rng = random.Random(a.seed)
        for k in rowkinds:
            m = res[k]
            if not m["fp_rows"] and not m["fn_rows"]:
                continue
            print(f"\n== {k}")
            for i in rng.sample(sorted(m["fp_rows"]), min(a.samples, len(m["fp_rows"]))):
                print("  false alarm:")
                show_row(rows, i, reasons, k)
            for i in rng.sample(sorted(m["fn_rows"]), min(a.samples, len(m["fn_rows"]))):
                print("  missed:")
                show_row(rows, i, reasons, k)
