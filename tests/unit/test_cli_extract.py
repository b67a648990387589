"""`python -m core extract` prints one contract-valid JSON object per file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from core.contract import FIELDS
from core.demo.generator import generate_corpus

ROOT = Path(__file__).resolve().parents[2]
KEYS = {*FIELDS, "confidence", "file", "agent"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core", "extract", *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_extract_prints_contract_lines_and_errors(tmp_path: Path) -> None:
    docs = generate_corpus(tmp_path / "gen", 3, seed=3, xlsx_share=0.0, anomalies=False)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    result = run_cli(*(str(d.path) for d in docs), str(bad))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 4
    for doc, row in zip(docs, rows[:3], strict=True):
        assert set(row) == KEYS
        assert row["file"] == str(doc.path)
        assert row["invoice_number"] == doc.truth["invoice_number"]
        assert isinstance(row["total_amount"], str) and "." in row["total_amount"]
        assert row["doc_type"] in ("invoice", "credit_note")
    assert rows[3] == {"file": str(bad), "error": rows[3]["error"]}
    assert "PDF" in rows[3]["error"]


def test_extract_exits_nonzero_when_nothing_was_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run_cli(str(empty))
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"].startswith("the file is empty")
