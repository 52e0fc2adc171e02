"""The arXiv API client: the only code that talks to arXiv.

It builds the keyword query, paces requests as arXiv asks, retries what is worth retrying, and turns
the Atom feed into :class:`~dailypapers.paper.Paper` records. The feed parsing is a pure function,
:func:`parse_feed`, so that recorded responses can be tested without a server.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
import requests

from dailypapers import PROJECT_URL, __version__
from dailypapers.errors import ArxivApiError, ArxivError
from dailypapers.paper import ArxivId, Paper, parse_abs_url

USER_AGENT = f"daily-papers/{__version__} (+{PROJECT_URL})"
_ERROR_ID_PREFIXES = ("http://arxiv.org/api/errors", "https://arxiv.org/api/errors")
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a failed request is tried again."""

    attempts: int = 4
    backoff_seconds: float = 5.0
    # A Retry-After longer than this is cut to it: a scheduled job should fail rather than hang.
    max_wait_seconds: float = 120.0

    def wait_before(self, retry: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first retry)."""
        backoff = self.backoff_seconds * 2 ** (retry - 1)
        return float(min(max(backoff, retry_after or 0.0), self.max_wait_seconds))


@dataclass(frozen=True, slots=True)
class FeedPage:
    """One parsed page of results."""

    papers: list[Paper]
    total_results: int | None
    entries: int


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
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url
        self.request_interval = request_interval
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.requests_sent = 0
        self._clock = clock
        self._sleep = sleep
        self._last_request: float | None = None

    def search(self, query: str, max_results: int) -> list[Paper]:
        """The newest ``max_results`` papers matching ``query``, most recently updated first."""
        params: dict[str, str | int] = {
            "search_query": query,
            "sortBy": "lastUpdatedDate",
            "sortOrder": "descending",
            "start": 0,
            "max_results": max_results,
        }
        problem = ""
        for attempt in range(1, self.retry.attempts + 1):
            try:
                return self._request_page(params, max_results).papers
            except _Retryable as retryable:
                problem = str(retryable)
                if attempt < self.retry.attempts:
                    self._sleep(self.retry.wait_before(attempt, retryable.retry_after))
        raise ArxivError(
            f"no usable answer to {query!r} after {self.retry.attempts} attempts: {problem}"
        )

    def _request_page(self, params: dict[str, str | int], max_results: int) -> FeedPage:
        self._wait_for_turn()
        try:
            response = self.session.get(self.api_url, params=params, timeout=self.timeout)
            body = response.content
        except (requests.ConnectionError, requests.Timeout) as error:
            raise _Retryable(f"{type(error).__name__}: {error}") from error
        except requests.RequestException as error:
            raise ArxivError(f"request to {self.api_url} failed: {error}") from error
        if response.status_code in _RETRY_STATUSES:
            raise _Retryable(
                f"HTTP {response.status_code}",
                _retry_after_seconds(response.headers.get("Retry-After")),
            )
        if response.status_code != 200:
            # arXiv answers a malformed query with HTTP 400 and its error feed: surface its message.
            message = _error_message(_atom(body))
            if message is not None:
                raise ArxivApiError(message)
            raise ArxivError(f"HTTP {response.status_code} from {self.api_url}")
        try:
            page = parse_feed(body)
        except MalformedFeedError as error:
            raise _Retryable(str(error)) from error
        expected = (
            max_results if page.total_results is None else min(max_results, page.total_results)
        )
        if page.entries < expected:
            # arXiv's known fault: HTTP 200 with an empty or short page although more results exist.
            raise _Retryable(
                f"a page of {page.entries} entries where {expected} were expected "
                f"(totalResults {page.total_results})"
            )
        return page

    def _wait_for_turn(self) -> None:
        # arXiv's terms ask for one request every 3 seconds from a client; retries count too.
        now = self._clock()
        if self._last_request is not None:
            remaining = self.request_interval - (now - self._last_request)
            if remaining > 0:
                self._sleep(remaining)
        self._last_request = self._clock()
        self.requests_sent += 1


def _retry_after_seconds(header: str | None) -> float | None:
    if not header:
        return None
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class MalformedFeedError(ArxivError):
    """The body is not a complete Atom feed (truncated, not XML, or not arXiv's)."""


def _atom(body: bytes) -> Any:
    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    return feedparser.parse(io.BytesIO(body))


def _error_message(feed: Any) -> str | None:
    for entry in feed.entries:
        if str(entry.get("id", "")).startswith(_ERROR_ID_PREFIXES):
            return f"arXiv rejected the query: {_clean(entry.get('summary', ''))}"
    return None


def parse_feed(body: bytes) -> FeedPage:
    """Papers from an arXiv Atom response; arXiv's error feed raises :class:`ArxivApiError`."""
    feed = _atom(body)
    message = _error_message(feed)
    if message is not None:
        raise ArxivApiError(message)
    if feed.bozo and not isinstance(feed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise MalformedFeedError(f"malformed Atom feed: {feed.bozo_exception}")
    if "opensearch_totalresults" not in feed.feed:
        raise MalformedFeedError("the response is not an arXiv Atom feed (no totalResults)")
    total = feed.feed.get("opensearch_totalresults")
    papers = [paper for paper in map(_paper_from_entry, feed.entries) if paper is not None]
    return FeedPage(
        papers=papers,
        total_results=int(total) if total and str(total).isdigit() else None,
        entries=len(feed.entries),
    )


def _paper_from_entry(entry: Any) -> Paper | None:
    identifier = parse_abs_url(str(entry.get("id", "")))
    updated = _entry_date(entry, "updated_parsed") or _entry_date(entry, "published_parsed")
    if identifier is None or updated is None:
        return None
    return Paper(
        arxiv_id=identifier.id,
        version=identifier.version or 1,
        title=_clean(entry.get("title", "")),
        abstract=_clean(entry.get("summary", "")),
        comment=_clean(entry.get("arxiv_comment", "")),
        updated=updated,
        published=_entry_date(entry, "published_parsed") or updated,
        authors=tuple(_clean(author.get("name", "")) for author in entry.get("authors", [])),
        categories=tuple(tag["term"] for tag in entry.get("tags", []) if tag.get("term")),
        link=_link(entry, "alternate", identifier),
        pdf_link=_link(entry, "related", identifier, "application/pdf"),
    )


def _link(entry: Any, rel: str, identifier: ArxivId, kind: str | None = None) -> str:
    """The entry's link of this relation (and type) if it is a link to this paper, else ''."""
    for link in entry.get("links", []):
        href = str(link.get("href", ""))
        if link.get("rel") != rel or (kind is not None and link.get("type") != kind):
            continue
        found = parse_abs_url(href)
        if found is not None and found.id == identifier.id:
            return href
    return ""


def _entry_date(entry: Any, key: str) -> date | None:
    # dict.get: feedparser's own get() maps a missing updated_parsed to published_parsed, warning.
    parsed = dict.get(entry, key)
    if parsed is None:
        return None
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)


def _clean(text: str) -> str:
    """Text on one line: arXiv wraps titles and abstracts over several."""
    return " ".join(str(text).split())
