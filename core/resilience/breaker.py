"""A circuit breaker per provider: closed -> open -> half-open -> closed.

Closed: calls flow; each outcome joins a sliding window of the last `window` outcomes.
When at least `min_calls` outcomes are in the window and the failure share reaches
`failure_rate`, the circuit opens. Open: calls are refused without touching the network
until `open_seconds` have passed on the injected clock. Half-open: up to `probes` calls are
let through; `probes` successes close the circuit, any failure opens it again.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"

Clock = Callable[[], float]


@dataclass(frozen=True)
class BreakerPolicy:
    window: int = 20
    min_calls: int = 5
    failure_rate: float = 0.5
    open_seconds: float = 30.0
    probes: int = 1


@dataclass(frozen=True)
class BreakerSnapshot:
    name: str
    state: str
    failure_rate: float
    calls_in_window: int
    opened_count: int
    seconds_until_probe: float | None


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        policy: BreakerPolicy | None = None,
        clock: Clock = time.monotonic,
        on_change: Callable[[str, str, str], None] | None = None,
    ) -> None:
        self.name = name
        self.policy = policy or BreakerPolicy()
        self._clock = clock
        self._on_change = on_change
        self._lock = threading.Lock()
        self._outcomes: deque[bool] = deque(maxlen=self.policy.window)
        self._state = CLOSED
        self._opened_at = 0.0
        self._probes_in_flight = 0
        self._probe_successes = 0
        self._pending: list[tuple[str, str]] = []
        self.opened_count = 0

    @property
    def state(self) -> str:
        """The state now: an open circuit whose cool-down has passed reads as half-open."""
        with self._lock:
            self._cool_down()
            state = self._state
        self._notify()
        return state

    def allow(self) -> bool:
        """May a call go out now? In half-open this takes one of the probe slots."""
        with self._lock:
            self._cool_down()
            if self._state == CLOSED:
                allowed = True
            elif self._state == HALF_OPEN and self._probes_in_flight < self.policy.probes:
                self._probes_in_flight += 1
                allowed = True
            else:
                allowed = False
        self._notify()
        return allowed

    def record_success(self) -> None:
        with self._lock:
            if self._state == HALF_OPEN:
                self._probes_in_flight = max(0, self._probes_in_flight - 1)
                self._probe_successes += 1
                if self._probe_successes >= self.policy.probes:
                    self._move(CLOSED)
            else:
                self._outcomes.append(True)
        self._notify()

    def record_failure(self) -> None:
        with self._lock:
            if self._state == HALF_OPEN:
                self._move(OPEN)
            elif self._state == CLOSED:
                self._outcomes.append(False)
                if len(self._outcomes) >= self.policy.min_calls and (
                    self._failure_share() >= self.policy.failure_rate
                ):
                    self._move(OPEN)
        self._notify()

    def snapshot(self) -> BreakerSnapshot:
        with self._lock:
            self._cool_down()
            wait = None
            if self._state == OPEN:
                wait = max(0.0, self._opened_at + self.policy.open_seconds - self._clock())
            snap = BreakerSnapshot(
                self.name,
                self._state,
                round(self._failure_share(), 4),
                len(self._outcomes),
                self.opened_count,
                wait,
            )
        self._notify()
        return snap

    def _failure_share(self) -> float:
        if not self._outcomes:
            return 0.0
        return sum(not ok for ok in self._outcomes) / len(self._outcomes)

    def _cool_down(self) -> None:
        if self._state == OPEN and self._clock() - self._opened_at >= self.policy.open_seconds:
            self._move(HALF_OPEN)

    def _move(self, state: str) -> None:
        before = self._state
        self._state = state
        self._probes_in_flight = 0
        self._probe_successes = 0
        if state == OPEN:
            self._opened_at = self._clock()
            self.opened_count += 1
        if state == CLOSED:
            # A fresh start: the failures that opened the circuit are history now.
            self._outcomes.clear()
        if before != state:
            self._pending.append((before, state))

    def _notify(self) -> None:
        # Listeners may do I/O (the state is saved to DuckDB): call them outside the lock.
        with self._lock:
            pending, self._pending = self._pending, []
        if self._on_change:
            for before, after in pending:
                self._on_change(self.name, before, after)


class BreakerRegistry:
    """One breaker per provider name for the whole process, so every agent instance and the
    providers panel see the same state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._breakers: dict[str, CircuitBreaker] = {}

    def get(
        self,
        name: str,
        policy: BreakerPolicy | None = None,
        clock: Clock = time.monotonic,
        on_change: Callable[[str, str, str], None] | None = None,
    ) -> CircuitBreaker:
        with self._lock:
            breaker = self._breakers.get(name)
            if breaker is None:
                breaker = CircuitBreaker(name, policy, clock, on_change)
                self._breakers[name] = breaker
            return breaker

    def find(self, name: str) -> CircuitBreaker | None:
        with self._lock:
            return self._breakers.get(name)

    def clear(self) -> None:
        with self._lock:
            self._breakers.clear()


BREAKERS = BreakerRegistry()
