"""The circuit breaker's transitions on an injected clock, and the retry policy against real
SDK errors from a stub server (the wait is recorded, never slept)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import anthropic
import openai
import pytest

from core.resilience import (
    CLOSED,
    HALF_OPEN,
    OPEN,
    BreakerPolicy,
    CircuitBreaker,
    CircuitOpen,
    ProviderRefused,
    ProviderUnavailable,
    RetryPolicy,
    call_with_retries,
    is_retryable,
    retry_after_s,
)
from tests.stubs.llm_server import (
    StubLLMServer,
    StubReply,
    anthropic_error,
    openai_error,
    overloaded,
    rate_limited,
    sequence,
)
from tests.stubs.llm_setup import SleepLog


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def breaker(clock: Clock, **policy: float) -> tuple[CircuitBreaker, list[tuple[str, str]]]:
    changes: list[tuple[str, str]] = []
    settings = {"window": 10, "min_calls": 4, "failure_rate": 0.5, "open_seconds": 30, **policy}
    b = CircuitBreaker("p", BreakerPolicy(**settings), clock,  # type: ignore[arg-type]
                       lambda _n, before, after: changes.append((before, after)))  # fmt: skip
    return b, changes


def test_opens_on_the_failure_rate_only_after_min_calls():
    b, changes = breaker(Clock())
    for _ in range(3):
        b.record_failure()
    assert b.state == CLOSED  # 3 failures, but fewer than min_calls outcomes
    b.record_failure()
    assert b.state == OPEN and changes == [(CLOSED, OPEN)]
    assert not b.allow()


def test_the_window_slides_so_old_failures_are_forgotten():
    b, _ = breaker(Clock(), window=4, min_calls=4, failure_rate=0.75)
    for ok in (False, False, True, True, True):
        (b.record_success if ok else b.record_failure)()
    b.record_failure()
    # Window T T T F: the first two failures slid out (3 of 6 over all time, 1 of 4 now).
    assert b.state == CLOSED
    assert b.snapshot().failure_rate == pytest.approx(0.25)


def test_half_open_lets_one_probe_through_then_closes_on_success():
    clock = Clock()
    b, changes = breaker(clock)
    for _ in range(4):
        b.record_failure()
    clock.now = 29.9
    assert b.state == OPEN and b.snapshot().seconds_until_probe == pytest.approx(0.1)
    clock.now = 30.0
    assert b.state == HALF_OPEN
    assert b.allow() and not b.allow()  # one probe at a time
    b.record_success()
    assert b.state == CLOSED and b.allow()
    assert changes == [(CLOSED, OPEN), (OPEN, HALF_OPEN), (HALF_OPEN, CLOSED)]
    assert b.snapshot().calls_in_window == 0  # a fresh start after closing


def test_a_failed_probe_opens_again_for_a_full_cool_down():
    clock = Clock()
    b, _ = breaker(clock)
    for _ in range(4):
        b.record_failure()
    clock.now = 30.0
    assert b.allow()
    b.record_failure()
    assert b.state == OPEN and b.opened_count == 2
    clock.now = 59.0
    assert not b.allow()
    clock.now = 60.0
    assert b.allow()


def _anthropic(server: StubLLMServer) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="k", base_url=server.url, max_retries=0, timeout=2)


def _ping(client: anthropic.Anthropic) -> object:
    return client.messages.create(
        model="m", max_tokens=5, messages=[{"role": "user", "content": "ping"}]
    )


def test_real_sdk_errors_are_classified():
    cases = [
        (rate_limited("anthropic", 1), True),
        (overloaded(), True),
        (anthropic_error(500, "api_error"), True),
        (anthropic_error(400, "invalid_request_error"), False),
        (anthropic_error(401, "authentication_error"), False),
    ]
    with StubLLMServer(sequence([c[0] for c in cases])) as server:
        client = _anthropic(server)
        for _reply, retryable in cases:
            with pytest.raises(anthropic.APIStatusError) as info:
                _ping(client)
            assert is_retryable(info.value) is retryable, info.value.status_code


def test_retry_after_in_seconds_milliseconds_and_as_a_date():
    when = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
    replies = [
        openai_error(429, "rate", {"retry-after": "12"}),
        openai_error(429, "rate", {"retry-after-ms": "250", "retry-after": "9"}),
        openai_error(429, "rate", {"retry-after": format_datetime(when + timedelta(seconds=40))}),
    ]
    waits = []
    with StubLLMServer(sequence(replies)) as server:
        client = openai.OpenAI(api_key="k", base_url=server.url + "/v1", max_retries=0)
        for _ in replies:
            with pytest.raises(openai.RateLimitError) as info:
                client.chat.completions.create(
                    model="m", messages=[{"role": "user", "content": "x"}]
                )
            waits.append(retry_after_s(info.value, now=lambda: when))
    assert waits == [12.0, 0.25, 40.0]


def test_backoff_grows_with_jitter_and_respects_the_cap():
    sleep = SleepLog()
    policy = RetryPolicy(attempts=5, base_wait_s=1.0, max_wait_s=3.0)
    with StubLLMServer(sequence([anthropic_error(500, "api_error")])) as server:
        client = _anthropic(server)
        b = CircuitBreaker("p", BreakerPolicy(min_calls=100), Clock())
        with pytest.raises(ProviderUnavailable, match="after 5 attempt"):
            call_with_retries("p", lambda: _ping(client), b, policy, sleep, random.Random(3))
        assert server.calls == 5
    assert len(sleep.waits) == 4
    ceilings = [1.0, 2.0, 3.0, 3.0]
    assert all(0 <= w <= c for w, c in zip(sleep.waits, ceilings, strict=True))
    assert len(set(sleep.waits)) == 4  # jittered, not a fixed ladder


def test_an_opening_circuit_stops_the_retries_at_once():
    sleep = SleepLog()
    with StubLLMServer(sequence([overloaded()])) as server:
        client = _anthropic(server)
        b = CircuitBreaker("p", BreakerPolicy(window=4, min_calls=2), Clock())
        with pytest.raises(ProviderUnavailable):
            call_with_retries("p", lambda: _ping(client), b, RetryPolicy(attempts=6), sleep)
        assert server.calls == 2 and b.state == OPEN
        with pytest.raises(CircuitOpen):
            call_with_retries("p", lambda: _ping(client), b, RetryPolicy(attempts=6), sleep)
        assert server.calls == 2  # refused without touching the network


def test_final_errors_are_not_retried_and_do_not_count_against_the_provider():
    with StubLLMServer(sequence([anthropic_error(400, "invalid_request_error")])) as server:
        client = _anthropic(server)
        b = CircuitBreaker("p", BreakerPolicy(min_calls=1), Clock())
        with pytest.raises(ProviderRefused, match="HTTP 400"):
            call_with_retries("p", lambda: _ping(client), b, RetryPolicy(attempts=4), SleepLog())
        assert server.calls == 1 and b.state == CLOSED


def test_connection_refused_is_retried_as_unavailable():
    with StubLLMServer(sequence([StubReply(200, {})])) as server:
        url = server.url
    client = anthropic.Anthropic(api_key="k", base_url=url, max_retries=0, timeout=1)
    b = CircuitBreaker("p", BreakerPolicy(min_calls=100), Clock())
    with pytest.raises(ProviderUnavailable, match="connection failed after 3"):
        call_with_retries("p", lambda: _ping(client), b, RetryPolicy(attempts=3), SleepLog())
