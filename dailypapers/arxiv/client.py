"""The arXiv API client: the only code that talks to arXiv.

It paces requests as arXiv asks, and treats arXiv's throttling as a state of the whole run, not of
one query: after a throttled or failed answer, every following request of the run waits out a
backoff with jitter (or arXiv's Retry-After, up to a bound). Each answer must arrive within a
deadline however slowly it trickles, and all of arXiv in one run within a budget, so that a
scheduled run ends in bounded time. Short pages and pages arXiv did not sort are retried, and then
used for what they hold, with a note. The Atom feed is read by :mod:`dailypapers.arxiv.feed`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
import urllib3

from dailypapers import PROJECT_URL, __version__
from dailypapers.arxiv.feed import FeedPage, error_message, parse_feed
from dailypapers.errors import ArxivApiError, ArxivError, ArxivUnavailable, MalformedFeedError
from dailypapers.interfaces import Found
from dailypapers.pacing.hints import retry_after_seconds

USER_AGENT = f"daily-papers/{__version__} (+{PROJECT_URL})"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Errors of a connection that broke, or an answer cut before its end: worth asking again.
_BROKEN = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    # Read from the connection directly: a cut body (IncompleteRead), a read timeout.
    urllib3.exceptions.HTTPError,
)


def user_agent(action_repository: str = "", repository: str = "") -> str:
    """The User-Agent arXiv sees: the action's own repository (where it is run from a fork or
    a copy, that one) and the repository it runs for, so that arXiv can tell whom to contact."""
    home = f"https://github.com/{action_repository}" if action_repository else PROJECT_URL
    run_for = f"; for https://github.com/{repository}" if repository else ""
    return f"daily-papers/{__version__} (+{home}{run_for})"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often, how patiently and for how long arXiv is asked."""

    attempts: int = 4
    # The backoff after the n-th fault in a row: backoff_seconds * 2**(n-1), at most
    # max_backoff_seconds, of which a random half to all (jitter).
    backoff_seconds: float = 3.0
    max_backoff_seconds: float = 30.0
    # A longer Retry-After ends the search instead of holding the run.
    max_retry_after_seconds: float = 120.0
    # One answer, however slowly it trickles in, and all of arXiv in one run, waits included.
    request_deadline_seconds: float = 90.0
    run_budget_seconds: float = 600.0

    def backoff(self, faults: int, jitter: float) -> float:
        ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2.0 ** (faults - 1))
        return float(ceiling * (0.5 + 0.5 * jitter))


class _Retryable(Exception):
    """A response worth asking for again, with arXiv's requested wait when it gave one."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class ArxivClient:
    """Searches the arXiv API, never sending two requests closer than ``request_interval``."""

    def __init__(
        self,
        api_url: str,
        *,
        request_interval: float = 3.0,
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] = (10.0, 60.0),
        session: requests.Session | None = None,
        agent: str = USER_AGENT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.api_url = api_url
        self.request_interval = request_interval
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = agent
        self.requests_sent = 0
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        self._started: float | None = None
        self._last_request: float | None = None
        # The run's throttle: no request before this moment; faults in a row so far.
        self._not_before = 0.0
        self._faults = 0

    def search(self, query: str, max_results: int) -> Found:
        """The newest ``max_results`` papers matching ``query``, most recently updated first."""
        params: dict[str, str | int] = {
            "search_query": query,
            "sortBy": "lastUpdatedDate",
            "sortOrder": "descending",
            "start": 0,
            "max_results": max_results,
        }
        fullest: FeedPage | None = None
        unsorted_seen = False
        problem = ""
        for _ in range(self.retry.attempts):
            try:
                page = self._request_page(params)
            except _Retryable as retryable:
                problem = str(retryable)
                self._fault(retryable.retry_after)
                continue
            short = _shortfall(page, max_results)
            if short:
                fullest = page if fullest is None or page.entries > fullest.entries else fullest
                problem = short
                self._fault(None)
                continue
            self._faults = 0
            if page.in_update_order or unsorted_seen:
                return _found(page)
            unsorted_seen = True
        if fullest is not None:
            kept = _found(fullest)
            note = f"kept the {fullest.entries} entries of a page that stayed short ({problem})"
            return Found(kept.papers, (note, *kept.notes), kept.ordered)
        raise ArxivUnavailable(
            f"no usable answer to {query!r} after {self.retry.attempts} attempts: {problem}"
        )

    def _fault(self, retry_after: float | None) -> None:
        """Holds every request of the run back after a fault: a backoff with jitter, or the
        Retry-After arXiv asked for, which ends the search when it is too long to wait."""
        if retry_after is not None and retry_after > self.retry.max_retry_after_seconds:
            raise ArxivUnavailable(
                f"arXiv asked to wait {retry_after:.0f} s before asking again, longer than "
                f"{self.retry.max_retry_after_seconds:g} s; the next run will try again"
            )
        self._faults += 1
        wait = max(self.retry.backoff(self._faults, self._jitter()), retry_after or 0.0)
        self._not_before = max(self._not_before, self._clock() + wait)

    def _request_page(self, params: dict[str, str | int]) -> FeedPage:
        self._wait_for_turn()
        started = self._clock()
        try:
            with self.session.get(
                self.api_url, params=params, timeout=self.timeout, stream=True
            ) as response:
                status, retry_after = response.status_code, response.headers.get("Retry-After")
                body = self._read(response, started)
        except requests.ConnectionError as error:
            unreachable = _unreachable(error)
            if unreachable:
                # No such host, or nothing listens: no wait makes that pass within a run.
                raise ArxivUnavailable(
                    f"cannot reach arXiv at {self.api_url} ({unreachable}); check the network "
                    "and arxiv-api-url"
                ) from error
            raise _Retryable(f"{type(error).__name__}: {error}") from error
        except _BROKEN as error:
            raise _Retryable(f"{type(error).__name__}: {error}") from error
        except requests.RequestException as error:
            raise ArxivError(f"request to {self.api_url} failed: {error}") from error
        if status in _RETRY_STATUSES:
            raise _Retryable(f"HTTP {status}", retry_after_seconds(retry_after))
        if status != 200:
            # arXiv answers a malformed query with HTTP 400 and its error feed: surface its message.
            message = error_message(body)
            if message is not None:
                raise ArxivApiError(message)
            raise ArxivError(f"HTTP {status} from {self.api_url}")
        try:
            return parse_feed(body)
        except MalformedFeedError as error:
            raise _Retryable(str(error)) from error

    def _read(self, response: requests.Response, started: float) -> bytes:
        """The whole body, unless it takes longer than the request deadline to arrive (a read
        timeout bounds each read only, not a body trickled a byte at a time): each read takes
        what has arrived, so that the deadline is looked at as the body comes."""
        chunks = []
        while chunk := response.raw.read1(65536, decode_content=True):
            chunks.append(chunk)
            if self._clock() - started > self.retry.request_deadline_seconds:
                raise _Retryable(
                    f"the answer took over {self.retry.request_deadline_seconds:g} s to arrive"
                )
        return b"".join(chunks)

    def _wait_for_turn(self) -> None:
        """Waits for the interval arXiv asks for, and for the run's throttle; refuses a request
        that would start after the run's budget for arXiv."""
        now = self._clock()
        if self._started is None:
            self._started = now
        paced = now if self._last_request is None else self._last_request + self.request_interval
        ready = max(paced, self._not_before, now)
        if ready - self._started > self.retry.run_budget_seconds:
            raise ArxivUnavailable(
                f"arXiv has had the {self.retry.run_budget_seconds / 60:g} minutes this run gives "
                "it; the searches left keep their rows, the next run will try again"
            )
        if ready > now:
            self._sleep(ready - now)
        self._last_request = self._clock()
        self.requests_sent += 1


def _unreachable(error: requests.ConnectionError) -> str:
    """Why arXiv cannot be reached at all (no such host, connection refused), else ''."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, urllib3.exceptions.NameResolutionError):
            return "no such host"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        cause = getattr(cause, "reason", None) or cause.__cause__ or cause.__context__
    return ""


def _shortfall(page: FeedPage, max_results: int) -> str:
    """Why the page is short, or '' when it holds what arXiv says there is."""
    total = page.total_results
    expected = max_results if total is None else min(max_results, total)
    if page.entries >= expected:
        return ""
    # arXiv's known fault: HTTP 200 with an empty or short page although more results exist.
    return f"a page of {page.entries} entries where {expected} were expected (totalResults {total})"


def _found(page: FeedPage) -> Found:
    if page.in_update_order:
        return Found(page.papers)
    note = "arXiv did not sort its answer by update time, even when asked again; sorted here"
    return Found(page.sorted_papers(), (note,), ordered=False)
