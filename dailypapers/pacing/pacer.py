"""Keeping one client's requests apart: a least interval between two requests, and no request
before a moment that a rate-limit hint or a backoff named.

The arXiv client and the TL;DR client each pace their requests with one; the clock and the sleep
are injected, so that tests run on a clock that never sleeps.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class Pacer:
    """The turns of one client's requests: each at least ``interval`` seconds after the last one
    started, and none before a moment :meth:`hold` named."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last_request: float | None = None
        self._not_before = -math.inf

    def now(self) -> float:
        return self._clock()

    def hold(self, seconds: float) -> None:
        """No request before ``seconds`` from now, nor before a moment held earlier."""
        self._not_before = max(self._not_before, self._clock() + seconds)

    def next_turn(self) -> float:
        """The moment the next request may start."""
        return self._ready(self._clock())

    def wait_for_turn(self) -> None:
        """Sleeps until the next request may start, and counts it as started then."""
        now = self._clock()
        ready = self._ready(now)
        if ready > now:
            self._sleep(ready - now)
        self._last_request = self._clock()

    def _ready(self, now: float) -> float:
        paced = now if self._last_request is None else self._last_request + self.interval
        return max(paced, self._not_before, now)
