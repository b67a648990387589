"""Why a provider call did not produce an answer; every one sends the work down the chain."""

from __future__ import annotations

from core.errors import LedgerLoopError


class ProviderError(LedgerLoopError):
    """A provider gave no usable answer. attempts counts the HTTP requests it cost."""

    def __init__(self, provider: str, reason: str, attempts: int = 0) -> None:
        super().__init__(f"{provider}: {reason}")
        self.provider = provider
        self.reason = reason
        self.attempts = attempts


class ProviderUnavailable(ProviderError):
    """Retryable failures outlasted the retries, or the time allowed ran out."""


class CircuitOpen(ProviderUnavailable):
    """The breaker refused the call: the provider failed too often lately."""


class ProviderRefused(ProviderError):
    """The provider answered with a final error (bad key, bad request): retrying cannot help."""
