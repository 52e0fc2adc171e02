"""The arXiv API client: the only code that talks to arXiv.

It paces requests as arXiv asks, and treats arXiv's state as one of the whole run, not of one
query: after a throttled or failed answer, every following request of the run waits out a backoff
with jitter (or arXiv's Retry-After, up to a bound); once arXiv cannot be reached at all (no such
host, nothing listening), every later search of the run fails at once, without a request. Each
answer must arrive within a deadline however slowly it trickles, and all of arXiv in one run
within a budget, so that a scheduled run ends in bounded time. Short pages and pages arXiv did not
sort are retried, and then used for what they hold, with a note. The Atom feed is read by
:mod:`dailypapers.arxiv.feed`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests
import urllib3

from dailypapers import PROJECT_URL, USER_AGENT, __version__
from dailypapers.arxiv.feed import FeedPage, parse_feed, rejection_message
from dailypapers.errors import (
    ArxivApiError,
    ArxivError,
    ArxivUnavailable,
    ArxivUnreachable,
    DailyPapersError,
    MalformedFeedError,
)
from dailypapers.interfaces import Found
from dailypapers.pacing.hints import retry_after_seconds
from dailypapers.pacing.pacer import Pacer

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
    # max_backoff_seconds, of which a random half to all (jitter: where in [0, 1] it falls).
    backoff_seconds: float = 3.0
    max_backoff_seconds: float = 30.0
    jitter: Callable[[], float] = random.random
    # A longer Retry-After ends the search instead of holding the run.
    max_retry_after_seconds: float = 120.0
    # To connect, and for each read of an answer.
    timeout: tuple[float, float] = (10.0, 60.0)
    # One answer, however slowly it trickles in, and all of arXiv in one run, waits included.
    request_deadline_seconds: float = 90.0
    run_budget_seconds: float = 600.0

    def backoff(self, faults: int) -> float:
        ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2.0 ** (faults - 1))
        return float(ceiling * (0.5 + 0.5 * self.jitter()))


class _Retryable(DailyPapersError):
    """An answer worth asking for again, with arXiv's requested wait when it gave one."""

    def __init__(
        self, reason: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(reason, status=status)
        self.retry_after = retry_after


class ArxivClient:
    """Searches the arXiv API, never sending two requests closer than ``request_interval``."""

    def __init__(
        self,
        api_url: str,
        *,
        request_interval: float = 3.0,
        retry: RetryPolicy | None = None,
        agent: str = USER_AGENT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url
        self.retry = retry or RetryPolicy()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = agent
        self._pacer = Pacer(request_interval, clock, sleep)
        self._started: float | None = None
        # Faults in a row so far, across the run's searches.
        self._faults = 0
        # Why arXiv cannot be reached, once a search found that it cannot.
        self._unreachable: str | None = None

    def search(self, query: str, max_results: int) -> Found:
        """The newest ``max_results`` papers matching ``query``, most recently updated first."""
        url = self._query_url(query, max_results)
        if self._unreachable is not None:
            raise ArxivUnreachable(self._unreachable, url=url, attempts=0)
        fullest: FeedPage | None = None
        unsorted_seen = False
        fault = _Retryable("")
        for attempt in range(1, self.retry.attempts + 1):
            try:
                page = self._request_page(url, attempt)
            except _Retryable as retryable:
                fault = retryable
                self._hold_back(fault, url, attempt)
                continue
            short = _shortfall(page, max_results)
            if short:
                fullest = page if fullest is None or page.entries > fullest.entries else fullest
                fault = _Retryable(short, status=200)
                self._hold_back(fault, url, attempt)
                continue
            self._faults = 0
            if page.in_update_order or unsorted_seen:
                return _found(page)
            unsorted_seen = True
        if fullest is not None:
            return _kept_short(fullest, str(fault))
        raise ArxivUnavailable(
            f"no usable answer to {query!r} after {self.retry.attempts} attempts: {fault}",
            status=fault.status,
            url=url,
            attempts=self.retry.attempts,
        )

    def _query_url(self, query: str, max_results: int) -> str:
        params: dict[str, str | int] = {
            "search_query": query,
            "sortBy": "lastUpdatedDate",
            "sortOrder": "descending",
            "start": 0,
            "max_results": max_results,
        }
        return str(requests.Request("GET", self.api_url, params=params).prepare().url)

    def _hold_back(self, fault: _Retryable, url: str, attempt: int) -> None:
        """Holds every request of the run back after a fault: a backoff with jitter, or the
        Retry-After arXiv asked for, which ends the search when it is too long to wait."""
        retry_after = fault.retry_after
        if retry_after is not None and retry_after > self.retry.max_retry_after_seconds:
            raise ArxivUnavailable(
                f"arXiv asked to wait {retry_after:.0f} s before asking again, longer than "
                f"{self.retry.max_retry_after_seconds:g} s; the next run will try again",
                status=fault.status,
                url=url,
                attempts=attempt,
            )
        self._faults += 1
        self._pacer.hold(max(self.retry.backoff(self._faults), retry_after or 0.0))

    def _request_page(self, url: str, attempt: int) -> FeedPage:
        self._wait_for_turn(url, attempt)
        started = self._pacer.now()
        try:
            with self.session.get(url, timeout=self.retry.timeout, stream=True) as response:
                status, retry_after = response.status_code, response.headers.get("Retry-After")
                body = self._read(response, started)
        except requests.ConnectionError as error:
            unreachable = _unreachable(error)
            if unreachable:
                # No such host, or nothing listens: no wait makes that pass within a run.
                self._unreachable = (
                    f"cannot reach arXiv at {self.api_url} ({unreachable}); check the network "
                    "and arxiv-api-url"
                )
                raise ArxivUnreachable(self._unreachable, url=url, attempts=attempt) from error
            raise _Retryable(f"{type(error).__name__}: {error}") from error
        except _BROKEN as error:
            raise _Retryable(f"{type(error).__name__}: {error}") from error
        except requests.RequestException as error:
            raise ArxivError(
                f"request to {self.api_url} failed: {error}", url=url, attempts=attempt
            ) from error
        if status in _RETRY_STATUSES:
            raise _Retryable(f"HTTP {status}", status, retry_after_seconds(retry_after))
        return self._page(body, status, url, attempt)

    def _page(self, body: bytes, status: int, url: str, attempt: int) -> FeedPage:
        """The feed of an answer that is neither a fault nor a throttle."""
        if status != 200:
            # arXiv answers a malformed query with HTTP 400 and its error feed: surface its message.
            message = rejection_message(body)
            if message is not None:
                raise ArxivApiError(message, status=status, url=url, attempts=attempt)
            raise ArxivError(
                f"HTTP {status} from {self.api_url}", status=status, url=url, attempts=attempt
            )
        try:
            return parse_feed(body)
        except MalformedFeedError as error:
            raise _Retryable(str(error), status) from error
        except ArxivApiError as error:
            raise ArxivApiError(str(error), status=status, url=url, attempts=attempt) from error

    def _read(self, response: requests.Response, started: float) -> bytes:
        """The whole body, unless it takes longer than the request deadline to arrive (a read
        timeout bounds each read only, not a body trickled a byte at a time): each read takes
        what has arrived, so that the deadline is looked at as the body comes."""
        chunks = []
        while chunk := response.raw.read1(65536, decode_content=True):
            chunks.append(chunk)
            if self._pacer.now() - started > self.retry.request_deadline_seconds:
                raise _Retryable(
                    f"the answer took over {self.retry.request_deadline_seconds:g} s to arrive",
                    response.status_code,
                )
        return b"".join(chunks)

    def _wait_for_turn(self, url: str, attempt: int) -> None:
        """Waits for the interval arXiv asks for, and for the run's throttle; refuses a request
        that would start after the run's budget for arXiv."""
        if self._started is None:
            self._started = self._pacer.now()
        if self._pacer.next_turn() - self._started > self.retry.run_budget_seconds:
            raise ArxivUnavailable(
                f"arXiv has had the {self.retry.run_budget_seconds / 60:g} minutes this run gives "
                "it; the searches left keep their rows, the next run will try again",
                url=url,
                attempts=attempt - 1,
            )
        self._pacer.wait_for_turn()


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


def _kept_short(page: FeedPage, problem: str) -> Found:
    """The papers of a page that stayed short on every attempt, with a note saying so."""
    kept = _found(page)
    note = f"kept the {page.entries} entries of a page that stayed short ({problem})"
    return Found(kept.papers, (note, *kept.notes), kept.ordered)
