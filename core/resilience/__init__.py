"""Resilience for calls that leave the machine: retries, circuit breakers, fallbacks."""

from core.resilience.breaker import (
    BREAKERS,
    CLOSED,
    HALF_OPEN,
    OPEN,
    BreakerPolicy,
    BreakerRegistry,
    BreakerSnapshot,
    CircuitBreaker,
)
from core.resilience.errors import CircuitOpen, ProviderError, ProviderRefused, ProviderUnavailable
from core.resilience.fallback import FallbackChain, Step
from core.resilience.retry import RetryPolicy, call_with_retries, is_retryable, retry_after_s

__all__ = [
    "BREAKERS",
    "CLOSED",
    "HALF_OPEN",
    "OPEN",
    "BreakerPolicy",
    "BreakerRegistry",
    "BreakerSnapshot",
    "CircuitBreaker",
    "CircuitOpen",
    "FallbackChain",
    "ProviderError",
    "ProviderRefused",
    "ProviderUnavailable",
    "RetryPolicy",
    "Step",
    "call_with_retries",
    "is_retryable",
    "retry_after_s",
]
