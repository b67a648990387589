"""Resilience benchmark: 1,000 invoices through a flaky, then dead, primary LLM provider.

    python bench/resilience.py [--docs 1000] [--fail-share 0.2] [--workers 4]

Claude (the primary) and GPT both bid in the market; Claude falls back to GPT when a call
fails. The primary (Claude wire format) fails a set share of requests at random with 500/529/429,
then goes fully down (requests hang until the client times out) for a stretch of documents,
then recovers. The secondary (OpenAI wire format) is healthy. Both are real HTTP servers on
127.0.0.1 with the real SDKs pointed at them; the documents are real PDFs run through the
real pipeline into a temporary DuckDB file by the concurrent batch runner.

Printed: every document stored exactly once, calls per document, how fast the breaker
opened, and median latency while the primary was down against the healthy median.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.documents import load_document
from core.llm.claude import ClaudeAgent
from core.llm.openai_compat import OpenAIChatAgent
from core.market.context import task_context
from core.resilience.breaker import BreakerPolicy, CircuitBreaker
from core.services.batch import FileProgress, items_from_uploads, run_batch
from core.services.pipeline import Pipeline
from core.store import audit
from core.store import market as market_repo
from core.store.db import Database
from tests.stubs.invoices import StubInvoice
from tests.stubs.llm_server import (
    StubLLMServer,
    StubReply,
    StubRequest,
    anthropic_tool_reply,
    openai_chat_reply,
    overloaded,
    rate_limited,
    server_error,
)
from tests.stubs.llm_setup import stub_config

MODEL_LATENCY_S = 0.02
NUMBER_RE = re.compile(r"Invoice number: BENCH-(\d+)")


def make_invoices(n: int, seed: int) -> list[StubInvoice]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        net = Decimal(rng.randint(1_000, 500_000)) / 100
        out.append(StubInvoice(f"BENCH-{i:05d}", net=net, tax=(net * Decimal("0.19")).quantize(
            Decimal("0.01"))))  # fmt: skip
    return out


class Primary:
    """Claude's stand-in: a random share of failures, then fully down for a stretch."""

    def __init__(self, truths: list[StubInvoice], fail_share: float, down: range, seed: int):
        self.truths, self.fail_share, self.down = truths, fail_share, down
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.requests_by_phase = {"healthy": 0, "down": 0, "after": 0}
        self.first_down_request_at: float | None = None
        self.down_requests_before_open: int | None = None
        self.phase_now = "healthy"

    def __call__(self, request: StubRequest) -> StubReply:
        index = int(NUMBER_RE.search(request.body["messages"][0]["content"]).group(1))
        phase = (
            "down" if index in self.down else ("after" if index >= self.down.stop else "healthy")
        )
        with self.lock:
            self.requests_by_phase[phase] += 1
            self.phase_now = phase
            if phase == "down" and self.first_down_request_at is None:
                self.first_down_request_at = time.perf_counter()
            roll = self.rng.random()
        if phase == "down":
            return StubReply(200, {}, delay_s=5.0)  # hangs past the client's timeout
        if roll < self.fail_share:
            return self.rng.choice(
                [server_error("anthropic"), overloaded(), rate_limited("anthropic", 0.05)]
            )
        reply = anthropic_tool_reply(self.truths[index].fields())
        return StubReply(reply.status, reply.body, delay_s=MODEL_LATENCY_S)


def healthy_secondary(truths: list[StubInvoice]):
    def respond(request: StubRequest) -> StubReply:
        index = int(NUMBER_RE.search(request.body["messages"][1]["content"]).group(1))
        reply = openai_chat_reply(truths[index].fields())
        return StubReply(reply.status, reply.body, delay_s=MODEL_LATENCY_S)

    return respond


def seed_reputations(
    db: Database, sample_pdf: bytes, quality: dict[str, float], outcomes: int = 200
) -> None:
    """A market that has learnt Claude reads these invoices best: the primary while it is up.

    Every bench invoice has the same vendor and layout, so one document's context chain
    is every document's."""
    chain = task_context(load_document(sample_pdf, "sample.pdf"), []).chain()
    with db.transaction() as cur:
        for agent, q in quality.items():
            for _ in range(outcomes):
                market_repo.record_outcome(cur, None, agent, chain, q, "human", audit.now())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--fail-share", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=0.5, help="client timeout, seconds")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n = args.docs
    down = range(int(n * 0.4), int(n * 0.7))
    truths = make_invoices(n, args.seed)
    print(f"generating {n} PDFs ...", file=sys.stderr)
    uploads = [(f"bench-{i:05d}.pdf", inv.pdf()) for i, inv in enumerate(truths)]

    primary = Primary(truths, args.fail_share, down, args.seed + 1)
    transitions: list[tuple[float, str, str]] = []
    opens_by_phase = {"healthy": 0, "down": 0, "after": 0}

    def on_change(_name: str, before: str, after: str) -> None:
        transitions.append((time.perf_counter(), before, after))
        if after == "open":
            opens_by_phase[primary.phase_now] += 1
        first_open_while_down = (
            primary.down_requests_before_open is None and primary.first_down_request_at is not None
        )
        if after == "open" and first_open_while_down:
            primary.down_requests_before_open = primary.requests_by_phase["down"]

    with (
        tempfile.TemporaryDirectory() as tmp,
        StubLLMServer(primary) as primary_srv,
        StubLLMServer(healthy_secondary(truths)) as secondary_srv,
    ):
        db = Database(Path(tmp) / "bench.duckdb")
        fast_retry = {"timeout_s": args.timeout, "retry_base_s": 0.02, "retry_max_s": 0.2}
        gpt_config = stub_config("gpt", secondary_srv.url, **fast_retry)
        gpt = OpenAIChatAgent(gpt_config, db,
                              breaker=CircuitBreaker("gpt", BreakerPolicy()))  # fmt: skip
        # min_calls 10: a 20% random failure share must not open the circuit by bad luck.
        policy = BreakerPolicy(window=20, min_calls=10, failure_rate=0.5, open_seconds=1.0)
        claude = ClaudeAgent(
            stub_config("claude", primary_srv.url, **fast_retry), db, fallbacks=[gpt],
            breaker=CircuitBreaker("claude", policy, on_change=on_change),
        )  # fmt: skip
        # Both bid in the market; while Claude's circuit is open it declines and GPT wins.
        # Greedy allocation: the bench measures the resilience layer, not exploration.
        pipeline = Pipeline(db, agents=[claude, gpt], rng=random.Random(args.seed),
                            policy="greedy")  # fmt: skip
        seed_reputations(db, uploads[0][1], {claude.info.name: 0.97, gpt.info.name: 0.80})
        started_at: dict[int, float] = {}
        latency: dict[int, float] = {}

        def on_progress(event: FileProgress) -> None:
            if event.state == "running":
                started_at[event.index] = time.perf_counter()
            elif event.index in started_at:
                latency[event.index] = time.perf_counter() - started_at[event.index]

        t0 = time.perf_counter()
        report = run_batch(pipeline, items_from_uploads(uploads), "bench", args.workers,
                           on_progress)  # fmt: skip
        wall = time.perf_counter() - t0

        stored_docs = db.scalar("SELECT count(*) FROM documents")
        invoices = db.scalar("SELECT count(*) FROM invoices")
        distinct = db.scalar("SELECT count(DISTINCT document_sha256) FROM invoices")
        wrong_totals = sum(
            1
            for number, total in db.query("SELECT invoice_number, total_amount FROM invoices")
            if total != truths[int(number.split("-")[1])].total
        )
        awards = dict(db.query("SELECT agent, count(*) FROM awards GROUP BY agent"))
        declines = dict(
            db.query("SELECT reason, count(*) FROM bids WHERE decision = 'decline' GROUP BY reason")
        )
        rerun = run_batch(pipeline, items_from_uploads(uploads), "bench", args.workers)
        db.close()
        primary_calls, secondary_calls = primary_srv.calls, secondary_srv.calls

    healthy_ms = [latency[i] * 1000 for i in range(20, down.start) if i in latency]
    down_ms = [latency[i] * 1000 for i in down if i in latency]
    opened = [t for t, _b, a in transitions if a == "open"]
    first_down = primary.first_down_request_at
    print(
        f"documents: {n}, workers: {args.workers}, primary failure share "
        f"{args.fail_share:.0%}, primary down for documents {down.start}-{down.stop - 1}"
    )
    print(
        f"stored: {report.stored}, refused: {report.refused}, failed: {report.failed}; "
        f"documents table {stored_docs}, invoices {invoices} "
        f"({distinct} distinct sha256); wrong totals: {wrong_totals}"
    )
    print(f"rerun of the same batch: {rerun.skipped} skipped, {rerun.stored} stored")
    print(
        f"calls per document: primary {primary_calls / n:.2f}, secondary "
        f"{secondary_calls / n:.2f}, total {(primary_calls + secondary_calls) / n:.2f}"
    )
    print(f"primary requests by phase: {primary.requests_by_phase}")
    print(f"auction awards: {awards}; declines: {declines}")
    if first_down is not None and opened:
        after = [t for t in opened if t >= first_down]
        if after:
            print(
                f"breaker opened {after[0] - first_down:.2f} s after the first request to the "
                f"dead primary, after {primary.down_requests_before_open} requests to it"
            )
    print(
        f"breaker transitions: {len(transitions)}; opens by phase of the primary: {opens_by_phase}"
    )
    healthy_median = statistics.median(healthy_ms)
    down_median = statistics.median(down_ms)
    print(
        f"median latency per document: healthy {healthy_median:.1f} ms, primary down "
        f"{down_median:.1f} ms, ratio {down_median / healthy_median:.2f} (target <= 2)"
    )
    print(f"p95 while down: {statistics.quantiles(down_ms, n=20)[-1]:.1f} ms; wall {wall:.1f} s")
    ok = stored_docs == invoices == distinct == n and down_median <= 2 * healthy_median
    print("RESULT:", "ok" if ok else "NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
