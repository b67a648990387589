"""What every LLM agent shares: bidding rules, the cache, retries behind the breaker, the
cost ledger, answer checking, and the fallback chain when it cannot answer.

A provider agent only says how to send the request and how to read the reply.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from core.contract import Extraction
from core.documents.model import Document
from core.extraction.base import AgentInfo
from core.llm.cache import cache_key
from core.llm.config import ProviderConfig
from core.llm.guard import OutputRejected, check_answer
from core.llm.pricing import Usage, cost_of, estimated_cost
from core.llm.prompt import PROMPT_VERSION, document_text
from core.llm.schema import parse_answer
from core.resilience.breaker import BREAKERS, OPEN, BreakerPolicy, CircuitBreaker, Clock
from core.resilience.errors import CircuitOpen, ProviderError
from core.resilience.fallback import NOT_CONFIGURED, FallbackChain, FallibleAgent
from core.resilience.retry import RetryPolicy, call_with_retries
from core.store import llm_repo
from core.store.audit import now as utc_now
from core.store.db import Database

EXPECTED_LATENCY_MS = 4_000.0


def breaker_key(config: ProviderConfig) -> str:
    """The process-wide breaker of a provider endpoint (shared by all its agent instances)."""
    return f"{config.name}@{config.base_url or 'default'}"


class LLMAgent:
    """Base of the Claude, GPT and local-model agents; subclasses implement the wire calls."""

    label = "LLM"

    def __init__(
        self,
        config: ProviderConfig,
        db: Database,
        *,
        fallbacks: Sequence[FallibleAgent] = (),
        breaker: CircuitBreaker | None = None,
        breaker_policy: BreakerPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.config = config
        self.db = db
        self.fallbacks = list(fallbacks)
        self.info = AgentInfo(
            name=f"llm-{config.name}",
            kind="llm",
            description=f"{self.label} ({config.model or 'no model set'}) behind retries, "
            "a circuit breaker, a response cache and answer checks",
            cost_per_doc=estimated_cost(config),
            expected_latency_ms=EXPECTED_LATENCY_MS,
        )
        self.breaker = breaker or BREAKERS.get(
            breaker_key(config),
            breaker_policy,
            clock,
            self._save_state,
        )
        self.retry_policy = RetryPolicy(
            attempts=config.max_attempts,
            base_wait_s=config.retry_base_s,
            max_wait_s=config.retry_max_s,
            # A timed-out request can take a few times timeout_s (connect, write, read).
            deadline_s=config.max_attempts * (3 * config.timeout_s + config.retry_max_s),
        )
        self._sleep = sleep
        self._now = now
        self._client: Any = None
        self._client_lock = threading.Lock()

    # -- the market ---------------------------------------------------------------------

    def decline_reason(self, doc: Document) -> str | None:
        if not self.config.configured:
            return NOT_CONFIGURED
        if doc.kind != "pdf" or not doc.text.strip():
            return "reads PDF text only"
        if self.breaker.state == OPEN:
            return "circuit open"
        budget = self.config.daily_budget
        if budget is not None and self.spent_today() + self.info.cost_per_doc > budget:
            return f"daily budget of {budget} USD spent"
        return None

    def extract(self, doc: Document) -> Extraction:
        """Never raises for a provider problem: the chain ends in the built-in extractor."""
        return FallbackChain([self, *self.fallbacks]).extract(doc)

    def spent_today(self) -> Decimal:
        return llm_repo.spent_on(self.db, self.config.name, self._now().date())

    # -- one provider attempt ------------------------------------------------------------

    def try_extract(self, doc: Document) -> Extraction:
        text = document_text(doc, self.config.max_chars)
        key = cache_key(text, self.config.model)
        cached = llm_repo.get_cached(self.db, key)
        if cached is not None:
            return self._from_cache(doc, text, cached)
        started = time.perf_counter()
        try:
            response, attempts = call_with_retries(
                self.config.name,
                lambda: self._request(text),
                self.breaker,
                self.retry_policy,
                self._sleep,
            )
        except ProviderError as exc:
            if not (isinstance(exc, CircuitOpen) and exc.attempts == 0):
                self._record(doc, "error", exc.attempts, Usage(), started, exc.reason)
            raise
        usage = self._usage(response)
        try:
            data = self._payload(response)
            answer = parse_answer(data)
            extraction = check_answer(self.config.name, text, answer, self.info.name)
        except (ValueError, OutputRejected) as exc:
            reason = exc.reason if isinstance(exc, OutputRejected) else str(exc)
            self._record(doc, "rejected", attempts, usage, started, reason)
            raise OutputRejected(self.config.name, reason, attempts) from exc
        call = self._call(doc, "ok", attempts, usage, started, None)
        entry = llm_repo.CachedResponse(
            self.config.name, self.config.model, answer.model_dump(mode="json"),
            usage.input_tokens, usage.cached_tokens, usage.output_tokens, call.cost,
        )  # fmt: skip
        llm_repo.record_answer(self.db, call, key, PROMPT_VERSION, entry, self._now())
        return extraction

    def _from_cache(self, doc: Document, text: str, cached: llm_repo.CachedResponse) -> Extraction:
        answer = parse_answer(cached.response)
        extraction = check_answer(self.config.name, text, answer, self.info.name)
        llm_repo.record_call(
            self.db,
            llm_repo.CallRecord(
                self.config.name, self.config.model, doc.sha256, "cache_hit",
                saved=cached.cost, reason="answered from the response cache",
            ),
            self._now(),
        )  # fmt: skip
        return extraction

    def _record(
        self,
        doc: Document,
        outcome: str,
        attempts: int,
        usage: Usage,
        started: float,
        reason: str | None,
    ) -> None:
        call = self._call(doc, outcome, attempts, usage, started, reason)
        llm_repo.record_call(self.db, call, self._now())

    def _call(
        self,
        doc: Document,
        outcome: str,
        attempts: int,
        usage: Usage,
        started: float,
        reason: str | None,
    ) -> llm_repo.CallRecord:
        return llm_repo.CallRecord(
            self.config.name, self.config.model, doc.sha256, outcome, attempts,
            usage.input_tokens, usage.cached_tokens, usage.output_tokens,
            cost_of(usage, self.config),
            latency_ms=(time.perf_counter() - started) * 1000, reason=reason,
        )  # fmt: skip

    def _save_state(self, _breaker: str, _before: str, after: str) -> None:
        llm_repo.save_state(self.db, self.config.name, after, None, self._now())

    @property
    def client(self) -> Any:
        with self._client_lock:
            if self._client is None:
                self._client = self._make_client()
            return self._client

    # -- what a provider implements ------------------------------------------------------

    def _make_client(self) -> Any:
        raise NotImplementedError

    def _request(self, text: str) -> Any:
        """Send one request (the SDK's own retries are off); raise the SDK's errors."""
        raise NotImplementedError

    def _usage(self, response: Any) -> Usage:
        raise NotImplementedError

    def _payload(self, response: Any) -> Any:
        """The model's answer as parsed JSON; ValueError when there is none."""
        raise NotImplementedError
