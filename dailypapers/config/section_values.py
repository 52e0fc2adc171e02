"""The parsers of a section's values: keywords and headings, the cap, categories, columns, how a
keyword is matched and the lowest relevance kept; each raises ConfigError with what a valid
value looks like."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dailypapers.config.values import number
from dailypapers.domain.arxiv import AUTO, KEYWORD_MATCHES, unknown_categories
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import (
    DATE,
    DEFAULT_COLUMNS,
    DEFAULT_MAX_PAPERS,
    KNOWN_COLUMNS,
    TITLE,
    first_repeats,
)

# arXiv serves at most 2,000 entries a request; one request per keyword keeps the run polite.
MAX_PAPERS_LIMIT = 2000
MAX_KEYWORDS = 100

MAX_KEYWORD_LENGTH = 100
# A keyword becomes a `## heading` and a quoted phrase in the query: these would break either.
_KEYWORD_FORBIDDEN = set('"#|\\`*_[]<>')


def parse_keywords(lines: Sequence[str]) -> tuple[str, ...]:
    """Keywords from one-per-line text or repeated flags: blank lines dropped, runs of spaces
    folded, each checked."""
    keywords = tuple(re.sub(" +", " ", line.strip()) for line in lines if line.strip())
    if not keywords:
        raise ConfigError("no keyword given; list at least one keyword, one per line")
    if len(keywords) > MAX_KEYWORDS:
        raise ConfigError(f"{len(keywords)} keywords given; list at most {MAX_KEYWORDS}")
    for keyword in keywords:
        check_heading(keyword)
    repeats = first_repeats(keywords)
    if repeats:
        index, earlier = repeats[0]
        raise ConfigError(
            f"'{keywords[index]}' repeats '{keywords[earlier]}' (keywords are compared ignoring "
            "case); list each keyword once"
        )
    return keywords


def check_heading(heading: str) -> str:
    """A section heading (a keyword is one): short, one line, no markdown or quote characters."""
    if len(heading) > MAX_KEYWORD_LENGTH:
        raise ConfigError(
            f"'{heading[:40]}...' is {len(heading)} characters long; "
            f"shorten it to at most {MAX_KEYWORD_LENGTH}"
        )
    bad = sorted({char for char in heading if char in _KEYWORD_FORBIDDEN or not char.isprintable()})
    if bad:
        shown = " ".join(repr(char) for char in bad)
        raise ConfigError(
            f"{heading!r} contains {shown}; a keyword is a plain phrase on one line that "
            "becomes a '## heading' and a quoted arXiv search, so remove quotes, markdown "
            "characters and line breaks"
        )
    return heading


parse_max_papers = number(
    1, MAX_PAPERS_LIMIT, f"set how many papers each section keeps, for example {DEFAULT_MAX_PAPERS}"
)


def parse_categories(raw: str) -> tuple[str, ...]:
    """arXiv archives or categories, separated by commas, spaces or newlines."""
    categories = tuple(dict.fromkeys(part for part in re.split(r"[\s,]+", raw) if part))
    unknown = unknown_categories(categories)
    if unknown:
        raise ConfigError(
            f"unknown arXiv {'category' if len(unknown) == 1 else 'categories'} "
            f"{', '.join(repr(category) for category in unknown)}; use archive names such as "
            "'cs' or 'stat', or categories such as 'cs.LG' or 'eess.IV' "
            "(see https://arxiv.org/category_taxonomy)"
        )
    return categories


def parse_columns(raw: str) -> tuple[str, ...]:
    """Known column names, any case, separated by commas or lines, each once, starting with
    Title and including Date; empty: the default."""
    names = [name.strip() for name in re.split(r"[,\n]", raw)] if raw.strip() else []
    by_name = {column.casefold(): column for column in KNOWN_COLUMNS}
    unknown = [name for name in names if name.casefold() not in by_name]
    if unknown:
        raise ConfigError(
            f"unknown column {', '.join(repr(name) for name in unknown)}; "
            f"choose from {', '.join(KNOWN_COLUMNS)}"
        )
    columns = tuple(by_name[name.casefold()] for name in names) or DEFAULT_COLUMNS
    if len(set(columns)) != len(columns):
        raise ConfigError("names a column twice; list each column once")
    if columns[0] != TITLE or DATE not in columns:
        raise ConfigError(
            f"must start with {TITLE} and include {DATE} (the action finds each paper by its "
            f"title link and orders rows by date), for example Title, Date, Abstract, Code"
        )
    return columns


def parse_keyword_match(raw: str) -> str:
    """How a keyword is searched: one of :data:`~dailypapers.domain.arxiv.KEYWORD_MATCHES`."""
    text = raw.strip() or AUTO
    if text not in KEYWORD_MATCHES:
        raise ConfigError(f"'{raw}' is not one of {', '.join(KEYWORD_MATCHES)}")
    return text


def parse_min_relevance(raw: str) -> float | None:
    """A number from 0 to 1; empty: no filtering."""
    try:
        value = float(raw) if raw.strip() else None
    except ValueError:
        raise ConfigError(f"'{raw}' is not a number; give one from 0 to 1, such as 0.2") from None
    if value is not None and not 0 <= value <= 1:  # NaN too
        raise ConfigError(
            f"{value:g} is outside 0 to 1; relevance scores run from 0 to 1 "
            "(0.5 is as close as the typical seed, 0.1 as the typical paper: docs/relevance.md)"
        )
    return value
