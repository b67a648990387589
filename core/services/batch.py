"""Batches that lose nothing: files run concurrently on a bounded pool, each stored as soon as
it is done (its own transaction, inside the pipeline).

Killing the process mid-batch loses only the files in flight; running the same batch again
skips every file already stored (by sha256, before any parsing or model call) and finishes
the rest. Progress events are delivered on the calling thread, so a Streamlit page can draw
them, one per change of a file's state.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from core.services.pipeline import REFUSED, SKIPPED, STORED, IngestResult, Pipeline, expand_paths
from core.store import documents as documents_repo

QUEUED, RUNNING, FAILED = "queued", "running", "failed"
FINAL_STATES = (STORED, SKIPPED, REFUSED, FAILED)
DEFAULT_WORKERS = 4


@dataclass(frozen=True)
class BatchItem:
    """One file: its bytes (an upload) or its path (read only when its turn comes)."""

    name: str
    data: bytes | None = None
    path: Path | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.path is None:
            raise ValueError(f"{self.name}: neither bytes nor a path given")
        return self.path.read_bytes()


@dataclass(frozen=True)
class FileProgress:
    index: int
    name: str
    state: str  # queued, running, stored, skipped, refused, failed
    message: str
    done: int  # files in a final state so far
    total: int


@dataclass
class BatchReport:
    results: list[IngestResult] = field(default_factory=list)  # in input order
    elapsed_s: float = 0.0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def stored(self) -> int:
        return self.count(STORED)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def refused(self) -> int:
        return self.count(REFUSED)

    @property
    def failed(self) -> int:
        return self.count(FAILED)


def items_from_paths(paths: Iterable[Path]) -> list[BatchItem]:
    """Files as given, folders as their files (the pipeline's rules: sorted, no hidden)."""
    return [BatchItem(p.name, path=p) for p in expand_paths(paths)]


def items_from_uploads(files: Iterable[tuple[str, bytes]]) -> list[BatchItem]:
    return [BatchItem(name, data=data) for name, data in files]


def run_batch(
    pipeline: Pipeline,
    items: Sequence[BatchItem],
    user: str,
    workers: int = DEFAULT_WORKERS,
    on_progress: Callable[[FileProgress], None] | None = None,
) -> BatchReport:
    """Every item through the pipeline on at most `workers` threads; never raises for a file."""
    started = time.perf_counter()
    total = len(items)
    events: queue.Queue[tuple[int, str, str, IngestResult | None]] = queue.Queue()
    claimed: dict[str, tuple[int, str]] = {}  # sha256 -> (index, name) of its first file
    claim_lock = threading.Lock()
    results: list[IngestResult | None] = [None] * total

    def work(index: int, item: BatchItem) -> None:
        events.put((index, RUNNING, f"{item.name}: reading", None))
        try:
            result = _one(pipeline, index, item, user, claimed, claim_lock)
        except Exception as exc:  # a bug on one file must not sink the batch
            result = IngestResult(item.name, FAILED, f"{item.name}: failed ({exc})")
        events.put((index, result.status, result.message, result))

    done = 0
    if on_progress:
        for index, item in enumerate(items):
            on_progress(FileProgress(index, item.name, QUEUED, f"{item.name}: queued", 0, total))
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="batch") as pool:
        try:
            for index, item in enumerate(items):
                pool.submit(work, index, item)
            while done < total:
                index, state, message, result = events.get()
                if result is not None:
                    results[index] = result
                    done += 1
                if on_progress:
                    on_progress(FileProgress(index, items[index].name, state, message, done, total))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return BatchReport([r for r in results if r is not None], time.perf_counter() - started)


def _one(
    pipeline: Pipeline,
    index: int,
    item: BatchItem,
    user: str,
    claimed: dict[str, tuple[int, str]],
    claim_lock: threading.Lock,
) -> IngestResult:
    try:
        data = item.read()
    except OSError as exc:
        return IngestResult(item.name, REFUSED, f"{item.name}: cannot read ({exc.strerror})")
    sha = hashlib.sha256(data).hexdigest()
    # Resume: a stored file is skipped before any parsing or model call.
    if documents_repo.exists(pipeline.db, sha):
        return IngestResult(item.name, SKIPPED, f"{item.name}: already stored (same content)")
    with claim_lock:
        first, first_name = claimed.setdefault(sha, (index, item.name))
    if first != index:
        return IngestResult(
            item.name, SKIPPED, f"{item.name}: same content as {first_name} in this batch"
        )
    return pipeline.ingest_bytes(data, item.name, user)
