"""Retries with tenacity: exponential backoff with full jitter, only for errors that can pass.

Retryable: 408, 409, 429 (waiting at least what Retry-After asks), 5xx including Anthropic's
529 overloaded, timeouts, dropped connections and a garbled response body. Everything else
(400, 401, 403, 404, 422) is final. The SDK clients are built with max_retries=0, so these
are the only retries and they do not multiply. Every attempt is shown to the provider's
circuit breaker, and an open circuit stops the retrying at once.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
)

from core.resilience.breaker import OPEN, CircuitBreaker
from core.resilience.errors import CircuitOpen, ProviderRefused, ProviderUnavailable

T = TypeVar("T")

RETRYABLE_STATUS = frozenset({408, 409, 429})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    base_wait_s: float = 0.5
    max_wait_s: float = 8.0
    # A Retry-After longer than this is not waited for: the next provider in the chain is
    # a better use of the time.
    max_retry_after_s: float = 20.0
    deadline_s: float = 60.0


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def is_timeout(exc: BaseException) -> bool:
    return "timeout" in type(exc).__name__.lower()


def is_connection_error(exc: BaseException) -> bool:
    return type(exc).__name__ in ("APIConnectionError", "APITimeoutError") or isinstance(
        exc, ConnectionError
    )


def is_retryable(exc: BaseException) -> bool:
    status = status_of(exc)
    if status is not None:
        return status in RETRYABLE_STATUS or status >= 500
    # A body that is not JSON (a proxy's error page, a cut-off response) is the provider's
    # fault and usually passes.
    return is_connection_error(exc) or is_timeout(exc) or isinstance(exc, json.JSONDecodeError)


def retry_after_s(exc: BaseException, now: Callable[[], datetime] | None = None) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms, or Retry-After in s or as a date)."""
    response = getattr(exc, "response", None)
    headers: Any = getattr(response, "headers", None)
    if not headers:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    current = now() if now else datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - current).total_seconds())


def describe(exc: BaseException) -> str:
    """A short reason for logs and the panel: status and kind only, never the request."""
    status = status_of(exc)
    if status == 429:
        return "HTTP 429 rate limited"
    if status == 529:
        return "HTTP 529 overloaded"
    if status is not None:
        return f"HTTP {status}"
    if is_timeout(exc):
        return "timed out"
    if is_connection_error(exc):
        return "connection failed"
    if isinstance(exc, json.JSONDecodeError):
        return "malformed response (not JSON)"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def call_with_retries(
    provider: str,
    fn: Callable[[], T],
    breaker: CircuitBreaker,
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
) -> tuple[T, int]:
    """fn's result and the number of attempts it took.

    Raises CircuitOpen when the breaker refuses, ProviderUnavailable when retryable failures
    outlast the policy, ProviderRefused on a final error.
    """
    rng = rng or random.Random()
    attempts = 0

    def attempt() -> T:
        nonlocal attempts
        if not breaker.allow():
            raise CircuitOpen(provider, "circuit open", attempts)
        attempts += 1
        try:
            result = fn()
        except Exception as exc:
            if is_retryable(exc):
                breaker.record_failure()
            else:
                breaker.record_success()  # it answered: the provider itself is up
            raise
        breaker.record_success()
        return result

    def wait(state: RetryCallState) -> float:
        ceiling = policy.base_wait_s * 2 ** (state.attempt_number - 1)
        backoff = rng.uniform(0, min(policy.max_wait_s, ceiling))
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_s(exc) if exc else None
        return max(backoff, asked or 0.0)

    def give_up(state: RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_s(exc) if exc else None
        return breaker.state == OPEN or (asked is not None and asked > policy.max_retry_after_s)

    retrying = Retrying(
        sleep=sleep,
        stop=stop_after_attempt(policy.attempts) | stop_after_delay(policy.deadline_s) | give_up,
        wait=wait,
        retry=retry_if_exception(lambda e: not isinstance(e, CircuitOpen) and is_retryable(e)),
        reraise=True,
    )
    try:
        return retrying(attempt), attempts
    except CircuitOpen as exc:
        raise CircuitOpen(provider, "circuit open", attempts) from exc
    except Exception as exc:
        if is_retryable(exc):
            raise ProviderUnavailable(
                provider, f"{describe(exc)} after {attempts} attempt(s)", attempts
            ) from exc
        raise ProviderRefused(provider, describe(exc), attempts) from exc
