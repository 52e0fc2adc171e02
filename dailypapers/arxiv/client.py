"""The arXiv API client: the only code that talks to arXiv.

It paces requests as arXiv asks, and treats arXiv's state as one of the whole run, not of one
query: after a throttled or failed answer, every following request of the run waits out a backoff
with jitter (or arXiv's Retry-After, up to a bound). It tells throttled from down: throttling
(HTTP 429) is waited out, within the run's budget; signs that arXiv is down (server errors,
silence, answers too slow or too large, broken connections, bodies that are not a feed) end a
search after two, and the run's asking after three in a row over two searches of different
queries (:mod:`dailypapers.arxiv.outage`): with no usable answer yet, the run then fails, changing
nothing; after some, the searches left keep their rows. Once arXiv cannot be reached at all (no
such host, nothing listening), every later search of the run fails at once, without a request.
Short pages and pages arXiv did not sort are retried, and then used for what they hold, with a
note. One request and its answer are :mod:`dailypapers.arxiv.transport`'s, the Atom feed is read
by :mod:`dailypapers.arxiv.feed`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import requests

from dailypapers.arxiv.feed import FeedPage, parse_feed, rejection_message
from dailypapers.arxiv.outage import Outage
from dailypapers.arxiv.policy import RetryPolicy
from dailypapers.arxiv.transport import Exchange
from dailypapers.domain.errors import SourceDown, SourceError, SourceUnavailable
from dailypapers.domain.interfaces import Found
from dailypapers.domain.paper import ArxivId, Paper
from dailypapers.domain.project import USER_AGENT
from dailypapers.pacing.pacer import Pacer


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
        # Faults in a row so far, across the run's searches: how long the next backoff is.
        self._faults = 0
        self._outage = Outage(self.retry.outage_signs)
        # Why every later search of the run fails at once, once one found arXiv gone.
        self._gone: SourceUnavailable | SourceDown | None = None

    def search(self, query: str, max_results: int) -> Found:
        """The newest ``max_results`` papers matching ``query``, most recently updated first."""
        return self._ask(self._query_url(query, max_results), query, max_results, in_order=True)

    def papers_by_id(self, ids: Sequence[ArxivId]) -> list[Paper]:
        """The papers of ``ids`` in one request (arXiv's ``id_list``), each at the version asked,
        else its newest; arXiv leaves out an id it does not know. Paced, retried and counted
        towards arXiv's state as a search is."""
        if not ids:
            return []
        written = ",".join(f"{i.id}v{i.version}" if i.version else i.id for i in ids)
        params: dict[str, str | int] = {"id_list": written, "start": 0, "max_results": len(ids)}
        url = str(requests.Request("GET", self.api_url, params=params).prepare().url)
        return self._ask(url, f"id_list={written}", len(ids), in_order=False).papers

    def _ask(self, url: str, query: str, max_results: int, *, in_order: bool) -> Found:
        """The answer to ``url``, after the retries a fault or a short page calls for; a search's
        answer (``in_order``) is asked again once when arXiv did not sort it."""
        if self._gone is not None:
            raise _again(self._gone, url)
        self._outage.searching(query)
        fullest: FeedPage | None = None
        unsorted_seen = False
        fault, down_signs = SourceUnavailable(""), 0
        for attempt in range(1, self.retry.attempts + 1):
            self._wait_for_turn(url, attempt)
            try:
                page = self._request_page(url, max_results, attempt)
            except SourceUnavailable as unavailable:
                if unavailable.gone:
                    raise
                fault = unavailable
                down_signs += self._take_fault(fault, url, attempt)
                if down_signs >= self.retry.down_attempts:
                    break
                continue
            self._outage.answered()
            short = _shortfall(page, max_results)
            if short:
                fullest = page if fullest is None or page.entries > fullest.entries else fullest
                fault = SourceUnavailable(short, status=200)
                self._hold_back(fault, url, attempt)
                continue
            self._faults = 0
            if not in_order:
                return Found(page.papers)
            if page.in_update_order or unsorted_seen:
                return _found(page)
            unsorted_seen = True
        if fullest is not None:
            return _kept_short(fullest, str(fault))
        raise SourceUnavailable(
            f"no usable answer to {query!r} after {attempt} attempts: {fault}",
            status=fault.status,
            url=url,
            attempts=attempt,
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

    def _take_fault(self, fault: SourceUnavailable, url: str, attempt: int) -> int:
        """Counts a sign that arXiv is down, and stops the run's asking when the signs say it
        is; holds the run back otherwise. 1 for a sign, 0 for throttling."""
        if fault.down_sign:
            self._outage.sign(fault.down_sign)
            if self._outage.down:
                self._stop_asking(fault, url, attempt)
        self._hold_back(fault, url, attempt)
        return 1 if fault.down_sign else 0

    def _stop_asking(self, fault: SourceUnavailable, url: str, attempt: int) -> None:
        """Ends this search and every later one: the run fails when arXiv gave it no usable
        answer yet; else the searches left keep their rows."""
        answered = self._outage.what_arxiv_answered()
        gone: SourceUnavailable | SourceDown
        if self._outage.answered_before:
            gone = SourceUnavailable(
                f"arXiv stopped answering at {self.api_url}: {answered}; the searches left "
                "keep their rows, the next run will try again",
                gone=True,
                status=fault.status,
                url=url,
                attempts=attempt,
            )
        else:
            gone = SourceDown(
                f"arXiv is not answering at {self.api_url}: {answered}; nothing was changed, "
                "every section keeps its rows, the next run will try again",
                status=fault.status,
                url=url,
                attempts=attempt,
            )
        self._gone = gone
        raise gone

    def _hold_back(self, fault: SourceUnavailable, url: str, attempt: int) -> None:
        """Holds every request of the run back after a fault: a backoff with jitter, or the
        Retry-After arXiv asked for, which ends the search when it is too long to wait (for a
        sign that arXiv is down, longer than the longest backoff)."""
        retry_after = fault.retry_after
        longest = (
            self.retry.max_backoff_seconds
            if fault.down_sign
            else self.retry.max_retry_after_seconds
        )
        if retry_after is not None and retry_after > longest:
            raise SourceUnavailable(
                f"arXiv asked to wait {retry_after:.0f} s before asking again, longer than "
                f"{longest:g} s; the next run will try again",
                status=fault.status,
                url=url,
                attempts=attempt,
            )
        self._faults += 1
        self._pacer.hold(max(self.retry.backoff(self._faults), retry_after or 0.0))

    def _request_page(self, url: str, max_results: int, attempt: int) -> FeedPage:
        try:
            status, body = Exchange(self.session, self.retry, self._pacer.now).answer(
                url, max_results
            )
        except SourceUnavailable as unavailable:
            if not unavailable.gone:
                raise
            # No such host, or nothing listens: no wait makes that pass within a run.
            self._gone = SourceUnavailable(
                f"cannot reach arXiv at {self.api_url} ({unavailable}); check the network and "
                "arxiv-api-url",
                gone=True,
                url=url,
                attempts=attempt,
            )
            raise self._gone from unavailable
        except SourceError as error:
            raise SourceError(str(error), status=error.status, url=url, attempts=attempt) from error
        return self._page(body, status, url, attempt)

    def _page(self, body: bytes, status: int, url: str, attempt: int) -> FeedPage:
        """The feed of an answer that is neither a fault nor a throttle."""
        if status != 200:
            # arXiv answers a malformed query with HTTP 400 and its error feed: surface its message.
            message = rejection_message(body)
            if message is not None:
                raise SourceError(message, status=status, url=url, attempts=attempt)
            raise SourceError(
                f"HTTP {status} from {self.api_url}", status=status, url=url, attempts=attempt
            )
        try:
            return parse_feed(body)
        except SourceUnavailable as broken:
            raise SourceUnavailable(
                str(broken), down_sign=broken.down_sign, status=status
            ) from broken
        except SourceError as error:
            raise SourceError(str(error), status=status, url=url, attempts=attempt) from error

    def _wait_for_turn(self, url: str, attempt: int) -> None:
        """Waits for the interval arXiv asks for, and for the run's throttle; refuses a request
        that would start after the run's budget for arXiv."""
        if self._started is None:
            self._started = self._pacer.now()
        if self._pacer.next_turn() - self._started > self.retry.run_budget_seconds:
            raise SourceUnavailable(
                f"arXiv has had the {self.retry.run_budget_seconds / 60:g} minutes this run gives "
                "it; the searches left keep their rows, the next run will try again",
                url=url,
                attempts=attempt - 1,
            )
        self._pacer.wait_for_turn()


def _again(gone: SourceUnavailable | SourceDown, url: str) -> SourceError:
    """The error that ended arXiv's searches for the run, raised again for a later one."""
    if isinstance(gone, SourceDown):
        return SourceDown(str(gone), status=gone.status, url=url, attempts=0)
    return SourceUnavailable(str(gone), gone=True, status=gone.status, url=url, attempts=0)


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
