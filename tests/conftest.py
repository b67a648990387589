"""Shared fixtures: a real DuckDB file in a temporary folder and a generated invoice corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.demo.generator import GeneratedDoc, generate_corpus
from core.store import Database, close_all, get_db

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """LEDGERLOOP_DB pointed at a fresh file; every handle closed afterwards."""
    path = tmp_path / "ledger.duckdb"
    monkeypatch.setenv("LEDGERLOOP_DB", str(path))
    yield path
    close_all()


@pytest.fixture
def db(db_path: Path) -> Database:
    return get_db(db_path)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[GeneratedDoc]:
    """A small generated corpus (PDF and XLSX, several vendors, layouts, locales)."""
    return generate_corpus(tmp_path_factory.mktemp("corpus"), 40, seed=11)


@pytest.fixture(scope="session")
def pdf_docs(corpus: list[GeneratedDoc]) -> list[GeneratedDoc]:
    return [d for d in corpus if d.path.suffix == ".pdf" and not d.truth.get("scanned")]
