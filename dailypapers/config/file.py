"""The config file: sections with their own arXiv query, filters, cap and columns, in TOML.

Read with the standard library's ``tomllib``. Like the inputs, every problem is collected and
reported at once, each with the line and the key it is on, before any call to arXiv. A file
looks like this::

    max-papers = 50                      # defaults for every section, all optional
    exclude-words = ["survey"]

    [[section]]
    heading = "Protein design"
    query = 'abs:"protein design" AND (cat:q-bio.BM OR cat:cs.LG) ANDNOT ti:review'
    columns = ["Title", "Authors", "Date", "PDF", "Abstract"]

    [[section]]
    heading = "Graph Neural Networks"    # a keyword: the phrase in titles or abstracts
    keyword = "Graph Neural Networks"
    exclude-categories = ["cs.CV"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from dailypapers.config.file_problems import FileProblems, KeyLines
from dailypapers.config.query import check_query, keyword_query
from dailypapers.config.relevance_values import (
    RELEVANCE_INPUTS,
    toml_min_relevance,
    toml_seed_papers,
)
from dailypapers.config.section_values import (
    MAX_KEYWORDS,
    check_columns,
    check_heading,
    parse_categories,
    parse_keyword_match,
    parse_max_papers,
)
from dailypapers.config.settings import ConfigFile
from dailypapers.config.values import parse_file_path
from dailypapers.domain.errors import ConfigError, InvalidValue
from dailypapers.domain.section import Section, SeedInputs, first_repeats
from dailypapers.domain.text import fold

SECTION = "section"
_DEFAULT_KEYS = (
    "max-papers", "categories", "primary-only", "exclude-categories", "exclude-words", "columns",
    "keyword-match", *RELEVANCE_INPUTS,
)  # fmt: skip
_SECTION_KEYS = ("heading", "query", "keyword", *_DEFAULT_KEYS)
_TOP_KEYS = (SECTION, *_DEFAULT_KEYS)


def parse_config_file(text: str, config: ConfigFile) -> tuple[Section, ...]:
    """The sections the file defines; raises ConfigError naming every problem's line and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"\(at line (\d+)", str(error))
        raise ConfigError(
            [f"{config.path}: not valid TOML: {error}; see https://toml.io for the syntax"],
            config.path,
            [int(at[1]) if at else None],
        ) from error
    problems = FileProblems(config.path, KeyLines.find(text))
    problems.unknown_keys(data, _TOP_KEYS, None)
    defaults = _defaults(problems, data, config)
    tables = data.get(SECTION)
    if (
        not isinstance(tables, list)
        or not tables
        or not all(isinstance(table, dict) for table in tables)
    ):
        problems.add(
            None,
            SECTION if SECTION in data else None,
            "no [[section]] table; define each section with a [[section]] header followed by "
            'heading = "..." and query = "..." (or keyword = "...")',
        )
        raise problems.error()
    if len(tables) > MAX_KEYWORDS:
        problems.add(None, None, f"{len(tables)} sections; define at most {MAX_KEYWORDS}")
    sections = [_section(problems, index, table, defaults) for index, table in enumerate(tables)]
    _check_unique_headings(problems, sections)
    if problems.problems:
        raise problems.error()
    return tuple(section for section in sections if section is not None)


def _defaults(problems: FileProblems, data: dict[str, Any], config: ConfigFile) -> _Defaults:
    """What the top of the file (else the inputs) gives every section."""
    return _Defaults(
        max_papers=problems.value(data, "max-papers", None, _max_papers, config.max_papers),
        categories=problems.value(data, "categories", None, _categories, config.categories),
        primary_only=problems.value(data, "primary-only", None, _primary_only, config.primary_only),
        exclude_categories=problems.value(data, "exclude-categories", None, _categories, ()),
        exclude_words=problems.value(data, "exclude-words", None, _words, ()),
        columns=problems.value(data, "columns", None, _columns, config.columns),
        keyword_match=problems.value(
            data, "keyword-match", None, _keyword_match, config.keyword_match
        ),
        seeds=_seeds(problems, data, None, config.seeds),
        min_relevance=problems.value(
            data, "min-relevance", None, toml_min_relevance, config.min_relevance
        ),
    )


@dataclass(frozen=True, slots=True)
class _Defaults:
    max_papers: int
    categories: tuple[str, ...]
    primary_only: bool
    exclude_categories: tuple[str, ...]
    exclude_words: tuple[str, ...]
    columns: tuple[str, ...]
    keyword_match: str
    seeds: SeedInputs
    min_relevance: float | None


def _seeds(
    problems: FileProblems, table: dict[str, Any], index: int | None, defaults: SeedInputs
) -> SeedInputs:
    """The seeds a table gives, each key in it winning over the one it inherits."""
    return SeedInputs(
        ids=problems.value(table, "seed-papers", index, toml_seed_papers, defaults.ids),
        bibtex=problems.value(table, "seed-bibtex", index, _bibtex_path, defaults.bibtex),
        interests=problems.value(table, "interests", index, _string, defaults.interests),
    )


def _section(
    problems: FileProblems, index: int, table: dict[str, Any], defaults: _Defaults
) -> Section | None:
    before = len(problems.problems)
    problems.unknown_keys(table, _SECTION_KEYS, index)
    heading = problems.value(table, "heading", index, _heading, None)
    if "heading" not in table:
        problems.add(
            index, None, 'no heading; add heading = "..." (the "## " title of the section)'
        )
    section = Section(
        heading=heading or "",
        query=_search_query(problems, index, table, defaults),
        max_papers=problems.value(table, "max-papers", index, _max_papers, defaults.max_papers),
        categories=problems.value(table, "categories", index, _categories, defaults.categories),
        exclude_categories=problems.value(
            table, "exclude-categories", index, _categories, defaults.exclude_categories
        ),
        exclude_words=problems.value(table, "exclude-words", index, _words, defaults.exclude_words),
        columns=problems.value(table, "columns", index, _columns, defaults.columns),
        primary_only=problems.value(
            table, "primary-only", index, _primary_only, defaults.primary_only
        ),
        seeds=_seeds(problems, table, index, defaults.seeds),
        min_relevance=problems.value(
            table, "min-relevance", index, toml_min_relevance, defaults.min_relevance
        ),
    )
    relevance_problem = section.relevance_problem()
    if relevance_problem and len(problems.problems) == before:
        problems.add(index, None, relevance_problem)
    return section if len(problems.problems) == before else None


def _search_query(
    problems: FileProblems, index: int, table: dict[str, Any], defaults: _Defaults
) -> str:
    """The section's raw query, or the query its keyword stands for."""
    searches = [key for key in ("query", "keyword") if key in table]
    if len(searches) != 1:
        problems.add(
            index,
            searches[1] if len(searches) > 1 else None,
            "give exactly one of query (a raw arXiv query) and keyword (a phrase searched in "
            "titles and abstracts)",
        )
    if "query" in table and "keyword-match" in table:
        problems.add(
            index, "keyword-match", "applies to keyword only; remove it, or give a keyword"
        )
    match = problems.value(table, "keyword-match", index, _keyword_match, defaults.keyword_match)
    query = problems.value(table, "query", index, _query, None)
    keyword = problems.value(table, "keyword", index, _heading, None)
    return str(query or (keyword_query(keyword, match) if keyword else ""))


def _check_unique_headings(problems: FileProblems, sections: list[Section | None]) -> None:
    headings = [
        (index, section.heading) for index, section in enumerate(sections) if section is not None
    ]
    for repeat, earlier in first_repeats([heading for _, heading in headings]):
        index, heading = headings[repeat]
        problems.add(
            index,
            "heading",
            f"'{heading}' repeats the heading of [[section]] {headings[earlier][0] + 1} "
            "(headings are compared ignoring case); give each section its own heading",
        )


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"{_toml(value)} is not a string; put the text in quotes")
    return value


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidValue(f'{_toml(value)} is not a list of strings such as ["a", "b"]')
    return value


def _toml(value: Any) -> str:
    return repr(value) if not isinstance(value, bool) else str(value).lower()


def _heading(value: Any) -> str:
    text = fold(_string(value))
    if not text:
        raise InvalidValue("is empty; give the section's title")
    return check_heading(text)


def _max_papers(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"{_toml(value)} is not a whole number; write it without quotes")
    return parse_max_papers(str(value))


def _categories(value: Any) -> tuple[str, ...]:
    return parse_categories(" ".join(_strings(value)))


def _words(value: Any) -> tuple[str, ...]:
    words = tuple(fold(word) for word in _strings(value))
    if not all(words):
        raise InvalidValue("holds an empty word; remove it")
    return words


def _columns(value: Any) -> tuple[str, ...]:
    return check_columns(_strings(value))


def _primary_only(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(f"{_toml(value)} is neither true nor false (write it without quotes)")
    return value


def _keyword_match(value: Any) -> str:
    return parse_keyword_match(_string(value))


def _bibtex_path(value: Any) -> str:
    """A BibTeX file's path: in the repository, or (for the local command) any file on disk."""
    path = _string(value).strip()
    return path if path.startswith("/") else parse_file_path(path)


def _query(value: Any) -> str:
    return check_query(_string(value))
