"""The self-improvement curve: corrections a reviewer makes per 100 invoices, over time.

Usage: python bench/learning_curve.py [--n 600] [--seed 23] [--clones 5] [--zipf 1.0]
                                      [--baseline] [--rows out.csv]

The stream. An accounts-payable department does not meet all its suppliers in week one: a
few big suppliers send most invoices, and new, small ones keep turning up all year. The
demo generator (core.demo.generator) knows 17 vendors; to get such a stream this bench
adds --clones synthetic vendors per demo vendor (102 vendors by default), each a new
company: its own name (a new family or brand name in front of the demo vendor's trade
words), VAT id and IBAN (new digits, valid check digits, core.demo.vendors' builders),
e-mail and web domain, invoice number scheme (borrowed from another demo vendor) and start,
payment terms, accent colour and currency style, and a layout (one of the generator's five
PDF layouts) and label wording (one of the demo label sets of its locale) drawn at random,
so many are layout/label combinations no demo vendor has. Catalogue, address and locale
stay the demo vendor's. Purchase weights follow Zipf's law (weight 1/rank^zipf over a
shuffled roster), every vendor sends at least one invoice (the generator's rule), and
issue dates are spread over ten months, so a vendor's first invoice can come at any time:
about half of the first 100 invoices come from a vendor seen for the first time, about
one in 50 of the last 100.

The path. The invoices are streamed in issue-date order into an empty database through the
product's pipeline (core.services.pipeline.Pipeline, which calls core.market.engine's
allocate_and_extract and store_outcome), and each stored invoice is reviewed through
record_review, the review screen's call: the simulated reviewer compares the stored invoice
with the generator's ground truth and corrects every wrong header field
(core.learning.fields.REVIEW_FIELDS); a file the pipeline skips (same bytes already stored)
is not reviewed. XLSX files are left out (xlsx_share=0) because vendor agents read PDFs.
The label reader is the product's, untouched; it has no memory, so it reads every vendor
cold.

Printed per block of 100 reviewed invoices: corrections per 100 invoices, the share of
invoices from vendors seen for the first time, the award share of spawned vendor agents,
the corrections the label reader alone would have needed on the same invoices (its reading
is scored against the reviewed truth on every review: shadow runs), and the spawned agents'
share of the invoices the label reader misreads. --baseline streams the same invoices again
with spawning off (record_review(learn=False)). Target (issue 6): the last block needs at
most a quarter of the first block's corrections.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.demo.generator import GeneratedDoc, generate_corpus
from core.demo.pdf_layouts import LAYOUTS
from core.demo.vendors import (
    VENDORS,
    Vendor,
    ch_vat_id,
    de_vat_id,
    es_iban,
    es_vat_id,
    fr_iban,
    fr_vat_id,
    gb_vat_id,
    make_iban,
    nl_vat_id,
    us_ein,
)
from core.learning.fields import REVIEW_FIELDS, canonical, truth_from_generator, typed
from core.services.market_service import record_review
from core.services.pipeline import STORED, Pipeline
from core.store import invoices as invoices_repo
from core.store.db import Database

BLOCK = 100
LABEL_READER = "label-reader"
STEMS: dict[str, tuple[str, ...]] = {
    "en": ("Oakridge", "Silverton", "Ashford", "Kingsley", "Redstone", "Fairhaven", "Glenrock",
           "Hartwell", "Larchmont", "Pinecrest"),
    "de": ("Becker", "Wagner", "Schulz", "Koch", "Richter", "Wolf", "Neumann", "Zimmermann",
           "Krüger", "Hartmann"),
    "fr": ("Lefèvre", "Moreau", "Girard", "Bonnet", "Mercier", "Fontaine", "Chevalier",
           "Rousseau", "Blanc", "Garnier"),
    "nl": ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos",
           "Peters"),
    "es": ("García", "Navarro", "Romero", "Castillo", "Ortega", "Delgado", "Morales", "Herrera",
           "Vidal", "Serrano"),
}  # fmt: skip


# ------------------------------------------------------------------------------------------
# The vendor roster
# ------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def new_vat_id(base: Vendor, rng: random.Random) -> str:
    """A valid tax id of the base vendor's country, new digits."""
    makers = {
        "DE": lambda: de_vat_id(_digits(rng, 8)),
        "GB": lambda: gb_vat_id(_digits(rng, 7)),
        "FR": lambda: fr_vat_id(_digits(rng, 8)),
        "NL": lambda: nl_vat_id(_digits(rng, 8)),
        "ES": lambda: es_vat_id(_digits(rng, 7)),
        "CH": lambda: ch_vat_id(_digits(rng, 8)),
        "US": lambda: us_ein(base.vat_id[:2], _digits(rng, 7)),
    }
    for _ in range(100):
        try:
            return makers[base.country]()
        except (AssertionError, ValueError):
            continue  # some digit strings have no valid check digit: draw again
    raise RuntimeError(f"no valid tax id drawn for a {base.country} vendor")


def new_iban(base: Vendor, rng: random.Random) -> str:
    """A valid IBAN of the base vendor's country and bank format, new account digits."""
    if not base.iban:
        return ""
    country = base.iban[:2]
    for _ in range(100):
        try:
            if country == "ES":
                return es_iban(_digits(rng, 4), _digits(rng, 4), _digits(rng, 10))
            if country == "FR":
                return fr_iban(_digits(rng, 5), _digits(rng, 5), _digits(rng, 11))
            bban = "".join(rng.choice("0123456789") if c.isdigit() else c for c in base.iban[4:])
            return make_iban(country, bban)
        except (AssertionError, ValueError):
            continue
    raise RuntimeError(f"no valid IBAN drawn for a {country} vendor")


def clone_vendor(base: Vendor, stem: str, rng: random.Random) -> Vendor:
    """A new company in the base vendor's trade and locale; see the module docstring."""
    rest = base.name.split(" ", 1)[1]
    if rest[0].islower():  # "Van den Berg Kantoorinrichting B.V.": drop the whole surname
        rest = " ".join(base.name.split()[3:])
    name = f"{stem} {rest}"
    key = slug(name)[:40]
    domain = slug(f"{stem} {rest.split()[0]}")
    tld = (base.email or base.web or "x.com").rsplit(".", 1)[-1]
    donor = rng.choice(VENDORS)
    same_locale = sorted({v.labels for v in VENDORS if v.locale == base.locale}, key=repr)
    return replace(
        base,
        key=key,
        name=name,
        vat_id=new_vat_id(base, rng),
        iban=new_iban(base, rng),
        layout=rng.choice(LAYOUTS),
        labels=rng.choice(same_locale),
        number_scheme=donor.number_scheme,
        credit_scheme=donor.credit_scheme,
        seq_start=rng.randint(100, 90_000),
        payment_days=rng.choice((10, 14, 20, 30, 45, 60)),
        currency_style=rng.choice(("symbol", "code")),
        color="#" + "".join(rng.choice("0123456789abc") for _ in range(6)),
        email=f"{(base.email or 'invoices@x').split('@')[0]}@{domain}.{tld}",
        web=f"www.{domain}.{tld}" if base.web else "",
    )


def roster(clones: int, zipf: float, rng: random.Random) -> list[Vendor]:
    """The demo vendors plus clones, each with a Zipf purchase weight over a random rank."""
    vendors = list(VENDORS)
    for base in VENDORS:
        stems = rng.sample(STEMS[base.locale_spec.language], clones)
        vendors += [clone_vendor(base, stem, rng) for stem in stems]
    keys = [v.key for v in vendors]
    if len(set(keys)) != len(keys):
        raise RuntimeError("two vendors of the roster share a key")
    rng.shuffle(vendors)
    return [replace(v, weight=1.0 / (rank + 1) ** zipf) for rank, v in enumerate(vendors)]


# ------------------------------------------------------------------------------------------
# The stream
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    file: str
    vendor: str
    first_of_vendor: bool
    agent: str
    corrected: tuple[str, ...]
    label_reader_wrong: int | None  # fields the label reader misread (its shadow run)

    @property
    def spawned(self) -> bool:
        return self.agent.startswith("vendor:")


def run(docs: list[GeneratedDoc], path: Path, learn: bool, seed: int) -> list[Reviewed]:
    db = Database(path)
    pipeline = Pipeline(db, rng=random.Random(seed))
    seen: set[str] = set()
    rows = []
    for doc in docs:
        result = pipeline.ingest_bytes(doc.path.read_bytes(), doc.path.name, "bench-clerk")
        if result.status != STORED or result.invoice_id is None:
            continue
        vendor = doc.truth["vendor_key"]
        truth = truth_from_generator(doc.truth)
        shown = invoices_repo.get(db, result.invoice_id) or {}
        wrong = [f for f in REVIEW_FIELDS if canonical(f, shown.get(f)) != truth[f]]
        review = record_review(
            db, result.invoice_id, {f: typed(f, truth[f]) for f in wrong}, "bench-reviewer",
            learn=learn,
        )  # fmt: skip
        reader = review.outcomes.get(LABEL_READER)
        rows.append(
            Reviewed(
                doc.path.name,
                vendor,
                vendor not in seen,
                result.agent or "",
                review.corrected,
                None if reader is None else round((1 - reader) * len(REVIEW_FIELDS)),
            )
        )
        seen.add(vendor)
    events = dict(db.query("SELECT event, count(*) FROM market_events GROUP BY event"))
    print(f"  market events: {events or 'none'}")
    db.close()
    return rows


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    first, *rest = zip(cells, widths, strict=True)
    return "  " + " ".join([f"{first[0]:<{first[1]}}", *(f"{t:>{w}}" for t, w in rest)])


def _share(rows: list[Reviewed]) -> str:
    return f"{sum(r.spawned for r in rows) / len(rows):.0%} of {len(rows)}" if rows else "-"


def report(name: str, rows: list[Reviewed]) -> list[float]:
    """Print the per-block table; returns corrections per 100 invoices per block."""
    print(f"{name}: {len(rows)} invoices stored and reviewed")
    heads = ("block", "corrections", "first-seen", "spawned", "spawned award", "label reader",
             "spawned award where")  # fmt: skip
    subs = ("", "per 100", "vendor", "award", "learnt vendors", "alone, /100", "label reader errs")
    widths = (10, 11, 10, 8, 14, 12, 19)
    print(_row(heads, widths))
    print(_row(subs, widths))
    per100 = []
    for start in range(0, len(rows), BLOCK):
        block = rows[start : start + BLOCK]
        n = len(block)
        per100.append(100 * sum(len(r.corrected) for r in block) / n)
        alone = [r.label_reader_wrong for r in block if r.label_reader_wrong is not None]
        cells = (
            f"{start + 1}-{start + n}",
            f"{per100[-1]:.1f}",
            f"{sum(r.first_of_vendor for r in block) / n:.0%}",
            f"{sum(r.spawned for r in block) / n:.0%}",
            _share([r for r in block if not r.first_of_vendor]),
            f"{100 * sum(alone) / len(alone):.1f}" if alone else "-",
            _share([r for r in block if r.label_reader_wrong]),
        )
        print(_row(cells, widths))
    return per100


def write_rows(path: Path, runs: dict[str, list[Reviewed]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["run", "i", "file", "vendor", "first_of_vendor", "agent", "corrected",
                      "label_reader_wrong"])  # fmt: skip
        for name, rows in runs.items():
            for i, r in enumerate(rows, 1):
                out.writerow([name, i, r.file, r.vendor, r.first_of_vendor, r.agent,
                              " ".join(r.corrected), r.label_reader_wrong])  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--clones", type=int, default=5, help="synthetic vendors per demo vendor")
    parser.add_argument("--zipf", type=float, default=1.0, help="purchase weight 1/rank^zipf")
    parser.add_argument("--baseline", action="store_true", help="also run with spawning off")
    parser.add_argument("--rows", type=Path, help="write every reviewed invoice to this CSV")
    args = parser.parse_args(argv)
    vendors = roster(args.clones, args.zipf, random.Random(args.seed))
    runs: dict[str, list[Reviewed]] = {}
    with tempfile.TemporaryDirectory(prefix="ledgerloop-learning-") as tmp:
        folder = Path(tmp)
        docs = generate_corpus(
            folder / "corpus", args.n, seed=args.seed, xlsx_share=0.0, vendors=vendors
        )
        print(f"{len(docs)} invoices from {len({d.truth['vendor_key'] for d in docs})} vendors"
              f" ({len(vendors)} in the roster), {docs[0].truth['date']} to"
              f" {docs[-1].truth['date']}, seed {args.seed}")  # fmt: skip
        started = time.perf_counter()
        runs["learning"] = run(docs, folder / "learn.duckdb", learn=True, seed=args.seed)
        elapsed = time.perf_counter() - started
        curve = report("with the meta-orchestrator (spawning on)", runs["learning"])
        n = len(runs["learning"])
        print(f"  {elapsed:.1f} s for {n} invoices ({1000 * elapsed / n:.0f} ms each,"
              " review included)")  # fmt: skip
        if args.baseline:
            runs["baseline"] = run(docs, folder / "baseline.duckdb", learn=False, seed=args.seed)
            report("baseline (same stream, spawning off)", runs["baseline"])
        ratio = curve[-1] / curve[0] if curve[0] else float("inf")
        print(f"target: last block / first block = {curve[-1]:.1f} / {curve[0]:.1f} = {ratio:.3f}"
              " (<= 0.25) " + ("MET" if ratio <= 0.25 else "MISSED"))  # fmt: skip
        if args.rows:
            write_rows(args.rows, runs)


if __name__ == "__main__":
    main()
