"""The paper record shared by the arXiv client, the merge and the renderer, and arXiv identifiers.

A row's identity is its arXiv id without version: ``2403.04197`` or, for papers from before 2007,
``quant-ph/0201082``. Two rows with the same id are the same paper, the higher version the newer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?"
# The abstract page or the PDF, as arXiv links them and as READMEs written by hand do.
_ABS_URL = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/" + _ID + r"(?:\.pdf)?/?"
)
ABS_URL_PREFIX = "http://arxiv.org/abs/"
PDF_URL_PREFIX = "http://arxiv.org/pdf/"
# A paper's line names every author of up to AUTHORS_SHOWN, else the first AUTHORS_BEFORE_ET_AL
# and "et al.": the README's Authors column and the digest alike.
AUTHORS_SHOWN = 4
AUTHORS_BEFORE_ET_AL = 3
# A relevance score is rounded to this many places, whoever gives it (the score, a model).
RELEVANCE_PLACES = 3


@dataclass(frozen=True, slots=True)
class ArxivId:
    """An arXiv identifier split into the paper's id and its version (0 when none is given)."""

    id: str
    version: int


def parse_abs_url(url: str) -> ArxivId | None:
    """The id in a URL of an arXiv abstract page or PDF, or None when the URL is neither."""
    match = _ABS_URL.fullmatch(url.strip())
    if match is None:
        return None
    return ArxivId(match["id"], int(match["version"] or 0))


@dataclass(frozen=True, slots=True)
class Paper:
    """One arXiv paper as the README shows it; text fields hold plain text, not markup."""

    arxiv_id: str
    version: int
    title: str
    abstract: str
    comment: str
    updated: date
    published: date
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    # The category arXiv files the paper under; the others are cross-lists. Empty when unknown.
    primary_category: str = ""
    # The entry's links as arXiv gives them; empty when it gave none.
    link: str = ""
    pdf_link: str = ""
    # A one-sentence summary a model wrote of this version; empty when none was asked or given.
    tldr: str = ""
    # How close the paper is to its section's seeds, from 0 to 1 (RELEVANCE_PLACES places); None
    # when the section has no seeds, or the paper was not scored in this run.
    relevance: float | None = None
    # What carried the relevance score: the paper's heaviest seed terms and its nearest seed
    # (relevance.score.Relevance.why); empty when it was not scored.
    relevance_why: str = ""

    @property
    def url(self) -> str:
        """The abstract page of this version: the entry's alternate link as arXiv gives it
        (``https://arxiv.org/abs/IDvN`` since November 2025), else built from the id."""
        return self.link or f"{ABS_URL_PREFIX}{self.arxiv_id}v{self.version}"

    @property
    def pdf_url(self) -> str:
        """The PDF of this version, as arXiv links it from the entry, else built from the id."""
        return self.pdf_link or f"{PDF_URL_PREFIX}{self.arxiv_id}v{self.version}"

    def to_json(self) -> dict[str, object]:
        """A JSON-ready view, as the ``papers-json`` output lists it."""
        return {
            "id": self.arxiv_id,
            "version": self.version,
            "url": self.url,
            "title": self.title,
            "authors": list(self.authors),
            "updated": self.updated.isoformat(),
            "published": self.published.isoformat(),
            "categories": list(self.categories),
            "primary_category": self.primary_category,
            "comment": self.comment,
            "abstract": self.abstract,
            "tldr": self.tldr,
            "relevance": self.relevance,
            "relevance_why": self.relevance_why,
        }

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> Paper:
        """The paper of a :meth:`to_json` record; KeyError, TypeError or ValueError when the
        record is not one."""
        return cls(
            arxiv_id=record["id"],
            version=int(record["version"]),
            title=record["title"],
            abstract=record["abstract"],
            comment=record["comment"],
            updated=date.fromisoformat(record["updated"]),
            published=date.fromisoformat(record["published"]),
            authors=tuple(record["authors"]),
            categories=tuple(record["categories"]),
            primary_category=str(record.get("primary_category") or ""),
            link=str(record["url"]),
            tldr=str(record.get("tldr") or ""),
            relevance=_relevance(record.get("relevance")),
            relevance_why=str(record.get("relevance_why") or ""),
        )


def _relevance(value: object) -> float | None:
    """A record's relevance: a number from 0 to 1, else none (files of earlier versions)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        return None
    return float(value)


def in_categories(categories: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """Whether any of ``categories`` is, or lies in the archive of, one of ``wanted``.

    No filter keeps every paper. ``cs`` keeps ``cs.LG``; ``math`` does not keep ``math-ph``.
    """
    if not wanted:
        return True
    return any(
        category == filter_ or category.startswith(filter_ + ".")
        for category in categories
        for filter_ in wanted
    )


def shown_authors(authors: Sequence[str]) -> tuple[str, bool]:
    """The authors a paper's line names, joined by commas, and whether "et al." follows."""
    if len(authors) <= AUTHORS_SHOWN:
        return ", ".join(authors), False
    return ", ".join(authors[:AUTHORS_BEFORE_ET_AL]), True
