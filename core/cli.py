"""The command line: extract (print the contract as JSON lines), ingest, demo, anomalies."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import DocumentError

if TYPE_CHECKING:
    from core.anomalies import Detection

CLI_USER = "cli"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core", description="LedgerLoop: accounts-payable automation."
    )
    sub = parser.add_subparsers(title="commands")

    p = sub.add_parser(
        "extract",
        help="read invoices and print what was extracted",
        description="Read invoice files and print one JSON object per file (the extraction "
        "contract), without storing anything.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per line (the default)")
    p.add_argument(
        "--no-embedded",
        action="store_true",
        help="read the printed page only, ignoring any embedded e-invoice XML",
    )
    p.add_argument("--password", help="password for encrypted PDFs")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "ingest",
        help="store invoices (files or folders) in the database",
        description="Run files, or every file in folders, through the pipeline and store them. "
        "Files already stored (same sha256) are skipped.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--user", default=CLI_USER, help="who is recorded as the uploader")
    p.add_argument("--workers", type=int, default=4, help="files processed at once (default 4)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "demo",
        help="generate demo invoices and run them through the pipeline",
        description="Write realistic demo invoices (PDF and XLSX, several vendors, layouts and "
        "locales, seeded anomalies) and ingest them through the real pipeline.",
    )
    p.add_argument("--invoices", type=int, default=120, help="how many invoices (default 120)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, help="keep the generated files in this folder")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "anomalies",
        help="screen invoices for anomalies (stored ones, or an imported CSV ledger)",
        description="Run the anomaly detectors. With --import-csv, screen a ledger or invoice "
        "list exported from another system (header with at least vendor, invoice_number, "
        "invoice_date (ISO), total_amount; optionally currency, net_amount, tax_amount, account, "
        "iban, uploaded_by, approved_by, and recorded_at, when the row was entered or "
        "posted, which backdated and future dates are judged against (also read from a "
        "posting_date or entry_date column)) and print its findings; malformed rows are reported "
        "on stderr with their row number and skipped. Without it, screen the stored invoices "
        "and store new findings.",
    )
    p.add_argument("--import-csv", type=Path, metavar="FILE", help="the CSV ledger to screen")
    p.add_argument(
        "--json",
        action="store_true",
        help="one JSON object per finding and row: row, detector, score, reason (and subject "
        "for a vendor's Benford test)",
    )
    p.add_argument("--approval-limit", help="approval limit in the base currency (default 10000)")
    p.add_argument(
        "--base-currency",
        metavar="CODE",
        help="with --import-csv: the currency of the approval limit and the amount tests "
        "(default: the currency most of the ledger's rows carry)",
    )
    p.add_argument("--as-of", help="the date treated as today for future-dated checks (ISO)")
    p.add_argument(
        "--holidays",
        metavar="DATES",
        help="bank holidays beside the base currency's calendar (a region's own days), ISO "
        "dates separated by commas; without --import-csv they replace the configured ones",
    )
    p.add_argument("--user", default=CLI_USER, help="who is recorded as running the screening")
    p.set_defaults(func=cmd_anomalies)
    return parser


def cmd_extract(args: argparse.Namespace) -> int:
    from core.documents import load_document
    from core.extraction.select import extract_best

    read = 0
    for path in args.files:
        try:
            data = path.read_bytes()
            doc = load_document(data, path.name, args.password)
            extraction = extract_best(doc, use_embedded=not args.no_embedded)
        except DocumentError as exc:
            _print_json({"file": str(path), "error": exc.reason})
            continue
        except OSError as exc:
            _print_json({"file": str(path), "error": f"cannot read: {exc.strerror}"})
            continue
        read += 1
        out = extraction.to_json()
        out["file"] = str(path)
        out["agent"] = extraction.agent
        _print_json(out)
    return 0 if read else 1


def cmd_ingest(args: argparse.Namespace) -> int:
    from core.services import database, ingest_paths

    def progress(event: object) -> None:
        if getattr(event, "state", "") not in ("queued", "running"):
            print(getattr(event, "message", event), file=sys.stderr)

    report = ingest_paths(database(), args.paths, args.user, progress, args.workers)
    failed = report.failed
    print(
        f"{len(report.results)} file(s): {report.stored} stored, {report.skipped} skipped, "
        f"{report.refused} refused" + (f", {failed} failed" if failed else ""),
        file=sys.stderr,
    )
    return 0 if report.stored or report.skipped or not report.results else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from core.services import database, load_demo

    def progress(done: int, total: int, result: object) -> None:
        if done % 25 == 0 or done == total:
            print(f"  {done}/{total} files", file=sys.stderr)

    summary = load_demo(database(), args.invoices, seed=args.seed, out_dir=args.out,
                        on_result=progress)  # fmt: skip
    print(
        f"demo: {summary.files} files, {summary.stored} stored, {summary.skipped} skipped, "
        f"{summary.refused} refused, {summary.findings} new findings, {summary.posted} posted, "
        f"{summary.approval_refusals} approvals refused by controls"
    )
    return 0


def cmd_anomalies(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from datetime import date
    from decimal import Decimal, InvalidOperation

    from core.anomalies import ScanConfig
    from core.anomalies.config import DEFAULT_APPROVAL_LIMIT
    from core.anomalies.ledger_import import LedgerImportError
    from core.services import anomaly_review, database

    try:
        limit = Decimal(args.approval_limit) if args.approval_limit else DEFAULT_APPROVAL_LIMIT
        as_of = date.fromisoformat(args.as_of) if args.as_of else date.today()
    except (InvalidOperation, ValueError):
        print("--approval-limit must be a number and --as-of an ISO date", file=sys.stderr)
        return 2
    try:
        anomaly_review.check_limit(limit)
    except ValueError as exc:
        print(f"--approval-limit: {str(exc).removeprefix('the approval limit ')}",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        anomaly_review.check_currency(args.base_currency)
    except ValueError as exc:
        print(f"--base-currency: {exc}", file=sys.stderr)
        return 2
    try:
        holidays = anomaly_review.parse_holidays(args.holidays) if args.holidays else None
    except ValueError as exc:
        print(f"--holidays: {exc}", file=sys.stderr)
        return 2
    if args.import_csv is None:
        if args.base_currency:
            print("--base-currency applies to --import-csv; stored invoices are screened in "
                  "the configured base currency", file=sys.stderr)  # fmt: skip
            return 2
        db = database()
        config = anomaly_review.scan_config(db, as_of)
        if args.approval_limit:
            config = replace(config, approval_limits=(limit,))
        if holidays is not None:
            config = replace(config, extra_holidays=holidays)
        print(f"{anomaly_review.screen(db, args.user, config)} new finding(s)", file=sys.stderr)
        return 0
    path: Path = args.import_csv
    try:
        parsed = anomaly_review.read_import(path.read_bytes())
        alike = anomaly_review.alike_headers(parsed.headers)
        if alike:  # the mapping step's choice, which the command line has not got
            raise LedgerImportError(
                "the headers " + " and ".join(map(repr, alike[0])) + " read as one column's "
                "name: which one is meant is not guessed; rename or drop one"
            )
        mapping = anomaly_review.guess_mapping(parsed.headers)
        # the limit given, or the default, is this ledger's own, in its base currency: the
        # command line has no configured limit set for another currency to warn about
        result = anomaly_review.screen_import(
            parsed,
            mapping,
            ScanConfig(as_of=as_of, extra_holidays=holidays or ()),
            args.base_currency,
            limit,
        )
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
        return 1
    except LedgerImportError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    for error in result.errors:
        print(f"{path}: row {error.row}: {error.problem} (skipped)", file=sys.stderr)
    lines = 0
    for d in result.findings:
        if args.json:
            lines += _print_finding_json(d, result.vendor_rows.get(d.subject, []), path)
        else:
            where = f"row {d.invoice_id}" if d.invoice_id is not None else d.subject
            print(f"{where}\t{d.detector}\t{d.score:.2f}\t{d.reason}")
    printed = f" ({lines} JSON line(s))" if args.json else ""
    print(f"{path}: {result.rows} row(s) read as {parsed.encoding}, {result.screened} screened, "
          f"{len(result.errors)} skipped, {len(result.findings)} finding(s){printed}. "
          f"{result.currency_note}", file=sys.stderr)  # fmt: skip
    for warning in result.currency_warnings:
        print(f"{path}: {warning} (--approval-limit and --base-currency set them)",
              file=sys.stderr)  # fmt: skip
    return 0


def _print_finding_json(d: Detection, vendor_rows: list[int], path: Path) -> int:
    """One object per data row: a finding about a vendor as a whole (its Benford test) is
    printed on each of the vendor's rows; one about the whole ledger is a note on stderr.
    Returns how many objects were printed."""
    from core.anomalies.digits import OVERALL

    rows = [d.invoice_id] if d.invoice_id is not None else vendor_rows
    if d.subject == OVERALL:
        print(f"{path}: {d.reason}", file=sys.stderr)
        return 0
    for row in rows:
        obj: dict[str, object] = {
            "row": row,
            "detector": d.detector,
            "score": round(d.score, 4),
            "reason": d.reason,
        }
        if d.subject:
            obj["subject"] = d.subject
        _print_json(obj, flush=False)
    return len(rows)


# one encoder for every line: json.dumps with options builds a new one per call, which a
# million findings pay for in seconds
_JSON = json.JSONEncoder(ensure_ascii=False)


def _print_json(obj: dict[str, object], flush: bool = True) -> None:
    """One JSON object per line; flushed, so a reader sees each as it comes, unless many come
    at once (a million findings flushed one by one spent seconds in writes)."""
    sys.stdout.write(_JSON.encode(obj) + "\n")
    if flush:
        sys.stdout.flush()
