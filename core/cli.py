"""The command line: extract (print the contract as JSON lines), ingest, demo."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import DocumentError

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
    from core.services import database, pipeline_for, rescan

    db = database()
    results = pipeline_for(db).ingest_paths(args.paths, args.user, on_result=_print_result)
    stored = sum(r.status == "stored" for r in results)
    if stored:
        rescan(db, args.user)
    print(f"{len(results)} file(s): {stored} stored, "
          f"{sum(r.status == 'skipped' for r in results)} skipped, "
          f"{sum(r.status == 'refused' for r in results)} refused", file=sys.stderr)  # fmt: skip
    return 0 if stored or not results or any(r.status == "skipped" for r in results) else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from core.services import database, load_demo

    def progress(done: int, total: int, result: object) -> None:
        if done % 25 == 0 or done == total:
            print(f"  {done}/{total} files", file=sys.stderr)

    summary = load_demo(database(), args.invoices, seed=args.seed, out_dir=args.out,
                        on_result=progress)  # fmt: skip
    print(
        f"demo: {summary.files} files, {summary.stored} stored, {summary.skipped} skipped, "
        f"{summary.refused} refused, {summary.findings} new findings"
    )
    return 0


def _print_result(result: object) -> None:
    print(getattr(result, "message", result), file=sys.stderr)


def _print_json(obj: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()
