"""The command line, run as a user runs it: a subprocess on a temporary database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.contract import FIELDS
from core.demo.generator import GeneratedDoc

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_KEYS = {*FIELDS, "confidence", "file", "agent"}


def run(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEDGERLOOP_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=240,
    )


def test_help_for_each_command(tmp_path: Path) -> None:
    for command in ("extract", "ingest", "demo"):
        out = run([command, "--help"], tmp_path / "x.duckdb")
        assert out.returncode == 0 and f"python -m core {command}" in out.stdout


def test_extract_prints_contract_lines_and_errors(
    tmp_path: Path, pdf_docs: list[GeneratedDoc]
) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_text("not a pdf at all")
    out = run(["extract", str(pdf_docs[0].path), str(bad), "--json"], tmp_path / "x.duckdb")
    assert out.returncode == 0
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert set(first) == CONTRACT_KEYS
    assert first["invoice_number"] == pdf_docs[0].truth["invoice_number"]
    assert isinstance(first["total_amount"], str)
    assert second["file"] == str(bad) and "not a PDF" in second["error"]


def test_ingest_a_folder_then_again_skips_everything(
    tmp_path: Path, pdf_docs: list[GeneratedDoc]
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for doc in pdf_docs[:3]:
        (folder / doc.path.name).write_bytes(doc.path.read_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    db = tmp_path / "cli.duckdb"
    first = run(["ingest", str(folder)], db)
    assert first.returncode == 0, first.stderr
    assert "3 stored" in first.stderr and "1 refused" in first.stderr
    assert "empty.pdf: the file is empty" in first.stderr
    second = run(["ingest", str(folder)], db)
    assert "0 stored, 3 skipped" in second.stderr


def test_demo_runs_generated_files_through_the_pipeline(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    out = run(["demo", "--invoices", "30"], db)
    assert out.returncode == 0, out.stderr
    assert "demo: 30 files" in out.stdout
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    invoices = con.execute("SELECT count(*) FROM invoices").fetchone()[0]
    tasks = con.execute("SELECT count(*) FROM tasks").fetchone()[0]
    con.close()
    assert invoices >= 20 and tasks == invoices  # each went through an auction
