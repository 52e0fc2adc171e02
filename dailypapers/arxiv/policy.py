"""How often, how patiently and for how long arXiv is asked, and the longest a run can take
because of it.

The numbers are chosen so that a run against an arXiv that is down ends within three minutes
(docs/reliability.md has the arithmetic and the measured times): a search gives up after two
signs that arXiv is down, the run after three in a row over two searches, and every answer has
a deadline however slowly it trickles. Throttling (HTTP 429) is not a sign that arXiv is down: it
is waited out, within the run's budget.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often, how patiently and for how long arXiv is asked."""

    # A search's attempts while arXiv throttles it or sends short pages.
    attempts: int = 4
    # A search's attempts while arXiv's answers are signs that it is down (5xx, silence, ...).
    down_attempts: int = 2
    # Signs in a row, over at least two searches, that make the run stop asking.
    outage_signs: int = 3
    # The backoff after the n-th fault in a row: backoff_seconds * 2**(n-1), at most
    # max_backoff_seconds, of which a random half to all (jitter: where in [0, 1] it falls).
    backoff_seconds: float = 3.0
    max_backoff_seconds: float = 30.0
    jitter: Callable[[], float] = random.random
    # A longer Retry-After ends the search instead of holding the run; on a sign that arXiv is
    # down (a 503 with Retry-After), the longest backoff is the bound.
    max_retry_after_seconds: float = 120.0
    # To connect, and for arXiv's silence: before its answer starts, or within it.
    timeout: tuple[float, float] = (10.0, 30.0)
    # One answer, from the request to its last byte, however slowly it trickles in.
    request_deadline_seconds: float = 45.0
    # The body of an answer of n entries is cut off past n times this, and 1 MiB besides: 64 KiB
    # is 28 times the mean entry of the recorded answers (2.3 KB), an entry of 1,100 authors.
    max_bytes_per_entry: int = 64 * 1024
    # All of arXiv in one run, waits included.
    run_budget_seconds: float = 600.0

    def backoff_ceiling(self, faults: int) -> float:
        """The backoff after the ``faults``-th fault in a row, at the top of its jitter."""
        return min(self.max_backoff_seconds, self.backoff_seconds * 2.0 ** (faults - 1))

    def backoff(self, faults: int) -> float:
        return float(self.backoff_ceiling(faults) * (0.5 + 0.5 * self.jitter()))

    def max_body_bytes(self, max_results: int) -> int:
        """The most bytes an answer of ``max_results`` entries may have: the 1 MiB besides holds
        the feed's own header and one entry of 18,000 authors (56 bytes each, recorded)."""
        return max_results * self.max_bytes_per_entry + 1024 * 1024


def seconds_to_stop(
    policy: RetryPolicy, request_interval: float, answer_seconds: float, earlier_faults: int = 0
) -> float:
    """The longest a run asks an arXiv that is down before it stops: ``outage_signs`` requests
    that each take ``answer_seconds`` to fail, the backoffs between them at the top of their
    jitter (after ``earlier_faults`` faults in a row, a throttle, say), or the interval."""
    waits = sum(
        max(policy.backoff_ceiling(earlier_faults + n), request_interval - answer_seconds)
        for n in range(1, policy.outage_signs)
    )
    return policy.outage_signs * answer_seconds + waits


def longest_answers(policy: RetryPolicy) -> dict[str, float]:
    """The longest one failed answer takes, by how arXiv fails: at once (HTTP 5xx), silent
    after the connection, trickling, or never connecting."""
    connect, read = policy.timeout
    return {
        "HTTP 5xx": 0.0,
        "silent": read,
        "trickling": policy.request_deadline_seconds,
        "never connecting": connect,
    }
