"""Concurrent batches: each file stored once as soon as it is done, progress per file state,
re-runs skip what is stored, and a batch killed with SIGKILL loses nothing already stored."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from core.services.batch import (
    FAILED,
    QUEUED,
    RUNNING,
    BatchItem,
    FileProgress,
    items_from_paths,
    items_from_uploads,
    run_batch,
)
from core.services.pipeline import Pipeline
from core.store import audit
from core.store.db import Database
from tests.stubs.invoices import StubInvoice
from tests.stubs.llm_server import StubLLMServer, StubReply, StubRequest, anthropic_tool_reply

REPO = Path(__file__).resolve().parents[2]


def invoices(n: int, prefix: str = "B") -> list[StubInvoice]:
    return [
        StubInvoice(f"{prefix}-{i:04d}", net=Decimal(100 + 10 * i).quantize(Decimal("0.01")),
                    tax=(Decimal(100 + 10 * i) * Decimal("0.19")).quantize(Decimal("0.01")))
        for i in range(n)
    ]  # fmt: skip


@pytest.fixture()
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "batch.duckdb")
    yield database
    database.close()


def test_every_file_is_stored_once_with_progress_per_state(db):
    docs = invoices(6)
    uploads = [(f"inv-{i}.pdf", d.pdf()) for i, d in enumerate(docs)]
    uploads.append(("copy-of-inv-0.pdf", uploads[0][1]))  # same bytes twice in one batch
    uploads.append(("broken.pdf", b"not a pdf at all"))
    events: list[FileProgress] = []
    caller = threading.get_ident()
    threads: set[int] = set()

    def on_progress(event: FileProgress) -> None:
        threads.add(threading.get_ident())
        events.append(event)

    report = run_batch(Pipeline(db), items_from_uploads(uploads), "alex.clerk", 3, on_progress)
    assert (report.stored, report.skipped, report.refused) == (6, 1, 1)
    assert [r.filename for r in report.results][:2] == ["inv-0.pdf", "inv-1.pdf"]
    assert "same content" in report.results[6].message
    assert db.scalar("SELECT count(*) FROM invoices") == 6
    assert threads == {caller}  # a Streamlit page can draw every event
    for index in range(len(uploads)):
        states = [e.state for e in events if e.index == index]
        assert states[0] == QUEUED and states[1] == RUNNING and len(states) == 3
    assert events[-1].done == events[-1].total == len(uploads)

    again = run_batch(Pipeline(db), items_from_uploads(uploads[:6]), "alex.clerk", 3)
    assert again.skipped == 6 and db.scalar("SELECT count(*) FROM invoices") == 6


def test_an_unreadable_path_and_a_crashing_file_do_not_sink_the_batch(db, tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(invoices(1, "P")[0].pdf())

    class Exploding(BatchItem):
        def read(self) -> bytes:
            raise RuntimeError("disk on fire")

    items = [*items_from_paths([good]), BatchItem("gone.pdf", path=tmp_path / "gone.pdf"),
             Exploding("boom.pdf", data=b"")]  # fmt: skip
    report = run_batch(Pipeline(db), items, "alex.clerk", 2)
    assert [r.status for r in report.results] == ["stored", "refused", FAILED]
    assert "gone.pdf: cannot read" in report.results[1].message
    assert "disk on fire" in report.results[2].message


def _faithful(truths: dict[str, StubInvoice]):
    """A model that reads each invoice right, slowly enough to be killed mid-batch."""

    def respond(request: StubRequest) -> StubReply:
        text = request.body["messages"][0]["content"]
        number = re.search(r"Invoice number: (\S+)", text).group(1)
        reply = anthropic_tool_reply(truths[number].fields())
        return StubReply(reply.status, reply.body, delay_s=0.15)

    return respond


def _worker(db_file: Path, folder: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "tests.stubs.batch_worker", str(db_file), str(folder), url, "2"]


def test_a_batch_killed_mid_way_resumes_and_stores_every_file_exactly_once(tmp_path):
    docs = invoices(12, "K")
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i, invoice in enumerate(docs):
        (folder / f"inv-{i:02d}.pdf").write_bytes(invoice.pdf())
    db_file = tmp_path / "kill.duckdb"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with StubLLMServer(_faithful({d.number: d for d in docs})) as server:
        proc = subprocess.Popen(_worker(db_file, folder, server.url), cwd=REPO, env=env,
                                stdout=subprocess.PIPE, text=True)  # fmt: skip
        stored_before_kill = 0
        for line in proc.stdout:
            stored_before_kill += line.startswith("stored ")
            if stored_before_kill == 3:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        calls_first_run = server.calls

        db = Database(db_file)
        survived = db.scalar("SELECT count(*) FROM documents")
        db.close()
        assert proc.returncode == -signal.SIGKILL
        assert 3 <= survived < 12  # killed mid-batch, and what was stored is still there

        rerun = subprocess.run(_worker(db_file, folder, server.url), cwd=REPO, env=env,
                               capture_output=True, text=True, timeout=120)  # fmt: skip
        total_calls = server.calls
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"done stored={12 - survived} skipped={survived} failed=0" in rerun.stdout

    db = Database(db_file)
    try:
        assert db.scalar("SELECT count(*) FROM documents") == 12
        assert db.scalar("SELECT count(*) FROM invoices") == 12
        assert db.scalar("SELECT count(DISTINCT document_sha256) FROM invoices") == 12
        numbers = {r[0] for r in db.query("SELECT invoice_number FROM invoices")}
        assert numbers == {d.number for d in docs}
        assert {r[0] for r in db.query("SELECT DISTINCT agent FROM extractions")} == {"llm-claude"}
        assert audit.verify(db).ok
        # Each answer was paid for once: one read before the kill but not yet stored came
        # from the cache on the rerun; only requests in flight (2 workers) were lost.
        paid = db.query(
            "SELECT count(*), count(DISTINCT document_sha256) FROM llm_calls WHERE outcome = 'ok'"
        )[0]
        assert paid == (12, 12)
        assert calls_first_run <= total_calls <= 12 + 2
    finally:
        db.close()
