"""arXiv's Atom answers, read into papers: a pure function of the body, tested on recordings.

Besides the papers, a page says whether it is complete (totalResults) and whether arXiv honoured
``sortBy`` (each entry updated no later than the one before it), so that the client can tell a
short or unsorted page from a good one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from dailypapers.domain.errors import SourceError, SourceUnavailable
from dailypapers.domain.paper import ArxivId, Paper, parse_abs_url
from dailypapers.domain.text import fold

# The sign that arXiv is down that a body which is no feed gives.
NOT_A_FEED = "a body that is not an Atom feed"
_ERROR_ID_PREFIXES = ("http://arxiv.org/api/errors", "https://arxiv.org/api/errors")


@dataclass(frozen=True, slots=True)
class FeedPage:
    """One parsed page of results, with each paper's update time, as the page orders them."""

    papers: list[Paper]
    total_results: int | None
    entries: int
    updated_at: tuple[datetime, ...] = ()

    @property
    def in_update_order(self) -> bool:
        """Whether the papers come newest update first, as ``sortBy`` asked."""
        return all(a >= b for a, b in zip(self.updated_at, self.updated_at[1:], strict=False))

    def sorted_papers(self) -> list[Paper]:
        """The papers newest update first (a stable sort: ties keep their order)."""
        order = sorted(range(len(self.papers)), key=lambda i: self.updated_at[i], reverse=True)
        return [self.papers[index] for index in order]


def _parse_atom(body: bytes) -> Any:
    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    return feedparser.parse(io.BytesIO(body))


def rejection_message(body: bytes) -> str | None:
    """arXiv's message when the body is its error feed (a malformed query), else None."""
    return _rejection_in(_parse_atom(body))


def _rejection_in(feed: Any) -> str | None:
    for entry in feed.entries:
        if str(entry.get("id", "")).startswith(_ERROR_ID_PREFIXES):
            return f"arXiv rejected the query: {_text(entry, 'summary')}"
    return None


def parse_feed(body: bytes) -> FeedPage:
    """Papers from an arXiv Atom response; arXiv's error feed raises :class:`SourceError`, a
    body that is no arXiv feed :class:`SourceUnavailable` with the sign that arXiv is down."""
    feed = _parse_atom(body)
    message = _rejection_in(feed)
    if message is not None:
        raise SourceError(message)
    if feed.bozo and not isinstance(feed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise SourceUnavailable(f"malformed Atom feed: {feed.bozo_exception}", down_sign=NOT_A_FEED)
    if "opensearch_totalresults" not in feed.feed:
        raise SourceUnavailable(
            "the response is not an arXiv Atom feed (no totalResults)", down_sign=NOT_A_FEED
        )
    total = feed.feed.get("opensearch_totalresults")
    read = [found for found in map(_paper_from_entry, feed.entries) if found is not None]
    return FeedPage(
        papers=[paper for paper, _ in read],
        total_results=int(total) if total and str(total).isdigit() else None,
        entries=len(feed.entries),
        updated_at=tuple(moment for _, moment in read),
    )


def _paper_from_entry(entry: Any) -> tuple[Paper, datetime] | None:
    identifier = parse_abs_url(str(entry.get("id", "")))
    updated = _entry_time(entry, "updated_parsed") or _entry_time(entry, "published_parsed")
    if identifier is None or updated is None:
        return None
    published = _entry_time(entry, "published_parsed") or updated
    paper = Paper(
        arxiv_id=identifier.id,
        version=identifier.version or 1,
        title=_text(entry, "title"),
        abstract=_text(entry, "summary"),
        comment=_text(entry, "arxiv_comment"),
        updated=updated.date(),
        published=published.date(),
        authors=tuple(_text(author, "name") for author in entry.get("authors", [])),
        categories=tuple(tag["term"] for tag in entry.get("tags", []) if tag.get("term")),
        primary_category=str((entry.get("arxiv_primary_category") or {}).get("term", "")),
        link=_link(entry, "alternate", identifier),
        pdf_link=_link(entry, "related", identifier, "application/pdf"),
    )
    return paper, updated


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


def _entry_time(entry: Any, key: str) -> datetime | None:
    # dict.get: feedparser's own get() maps a missing updated_parsed to published_parsed, warning.
    parsed = dict.get(entry, key)
    if parsed is None:
        return None
    return datetime(
        parsed.tm_year, parsed.tm_mon, parsed.tm_mday, parsed.tm_hour, parsed.tm_min,
        parsed.tm_sec, tzinfo=UTC,
    )  # fmt: skip


def _text(element: Any, key: str) -> str:
    """A text field of an entry (or of one of its authors) on one line."""
    return fold(str(element.get(key, "")))
