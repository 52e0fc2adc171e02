"""The config file: sections with their own arXiv query, filters, cap and columns, in TOML.

Read with the standard library's ``tomllib`` and checked against one table of its keys
(:data:`DEFAULT_KEYS`, :data:`SECTION_KEYS`): each key's TOML type and the parser of its value,
the same parser as the input of that name where there is one. Like the inputs, every problem is
collected and reported at once, each with the line and the key it is on, before any call to arXiv.
A file looks like this::

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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dailypapers.config.file_problems import FileProblems, KeyLines
from dailypapers.config.inputs import fields, named
from dailypapers.config.section_values import (
    MAX_KEYWORDS,
    check_columns,
    check_heading,
    check_min_relevance,
    parse_categories,
    parse_keyword_match,
    parse_max_papers,
)
from dailypapers.config.seed_ids import parse_seed_ids
from dailypapers.config.settings import ConfigFile
from dailypapers.config.values import parse_file_path
from dailypapers.domain.arxiv import check_query, keyword_query
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import Section, SeedInputs, first_repeats
from dailypapers.domain.text import fold

SECTION = "section"


@dataclass(frozen=True, slots=True)
class TomlType:
    """A kind of TOML value a key takes, and what to write when the value is not one."""

    takes: Callable[[Any], bool]
    fix: str


WHOLE = TomlType(
    lambda v: isinstance(v, int) and not isinstance(v, bool),
    "is not a whole number; write it without quotes",
)
NUMBER = TomlType(
    lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "is not a number; write one from 0 to 1 without quotes",
)
SWITCH = TomlType(
    lambda v: isinstance(v, bool), "is neither true nor false (write it without quotes)"
)
TEXT = TomlType(lambda v: isinstance(v, str), "is not a string; put the text in quotes")
TEXTS = TomlType(
    lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v),
    'is not a list of strings such as ["a", "b"]',
)
IDS = TomlType(
    lambda v: isinstance(v, str) or TEXTS.takes(v),
    'is not a list of arXiv ids such as ["2401.01234"]',
)


@dataclass(frozen=True, slots=True)
class Key:
    """One key of the file: the TOML type it takes and the parser of its value."""

    type: TomlType
    parse: Callable[[Any], Any] = lambda value: value

    def read(self, value: Any) -> Any:
        if not self.type.takes(value):
            shown = str(value).lower() if isinstance(value, bool) else repr(value)
            raise ConfigError(f"{shown} {self.type.fix}")
        return self.parse(value)


def _heading(value: str) -> str:
    text = fold(value)
    if not text:
        raise ConfigError("is empty; give the section's title")
    return check_heading(text)


def _words(value: list[str]) -> tuple[str, ...]:
    words = tuple(fold(word) for word in value)
    if not all(words):
        raise ConfigError("holds an empty word; remove it")
    return words


def _bibtex_path(value: str) -> str:
    """A BibTeX file's path: in the repository, or (for the local command) any file on disk."""
    path = value.strip()
    return path if path.startswith("/") else parse_file_path(path)


def _categories(value: list[str]) -> tuple[str, ...]:
    return parse_categories(" ".join(value))


# The keys the top of the file and each section may give, each the default of the sections; the
# names are the inputs' where an input gives the same default.
DEFAULT_KEYS = {
    "max-papers": Key(WHOLE, lambda value: parse_max_papers(str(value))),
    "categories": Key(TEXTS, _categories),
    "primary-only": Key(SWITCH),
    "exclude-categories": Key(TEXTS, _categories),
    "exclude-words": Key(TEXTS, _words),
    "columns": Key(TEXTS, check_columns),
    "keyword-match": Key(TEXT, parse_keyword_match),
    "seed-papers": Key(IDS, parse_seed_ids),
    "seed-bibtex": Key(TEXT, _bibtex_path),
    "interests": Key(TEXT),
    "min-relevance": Key(NUMBER, lambda value: check_min_relevance(float(value))),
}
SECTION_KEYS = {
    "heading": Key(TEXT, _heading),
    "query": Key(TEXT, check_query),
    "keyword": Key(TEXT, _heading),
    **DEFAULT_KEYS,
}
_TOP_NAMES = (SECTION, *DEFAULT_KEYS)
_SECTION_NAMES = tuple(SECTION_KEYS)


def parse_config_file(text: str, config: ConfigFile) -> tuple[Section, ...]:
    """The sections the file defines; raises ConfigError naming every problem's line and key."""
    data = _toml(text, config.path)
    problems = FileProblems(config.path, KeyLines.find(text))
    defaults = {**_inherited(config), **_read(problems, data, None, _TOP_NAMES)}
    tables = data.get(SECTION)
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
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


def _toml(text: str, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"\(at line (\d+)", str(error))
        raise ConfigError(
            [f"{path}: not valid TOML: {error}; see https://toml.io for the syntax"],
            path,
            [int(at[1]) if at else None],
        ) from error


def _inherited(config: ConfigFile) -> dict[str, Any]:
    """What the inputs give every section the file gives no value of its own, by key."""
    given = {"exclude-categories": (), "exclude-words": ()}
    return given | named(config, "sections") | named(config.seeds, "seeds")


def _read(
    problems: FileProblems, table: dict[str, Any], index: int | None, known: tuple[str, ...]
) -> dict[str, Any]:
    """The value of each key of ``table`` (but the sections) that is known and valid."""
    values = {}
    for key, value in table.items():
        if key not in known:
            problems.unknown_key(index, key, known)
        elif key != SECTION:
            try:
                values[key] = SECTION_KEYS[key].read(value)
            except ConfigError as problem:
                problems.add(index, key, str(problem))
    return values


def _section(
    problems: FileProblems, index: int, table: dict[str, Any], defaults: dict[str, Any]
) -> Section | None:
    before = len(problems.problems)
    value = {**defaults, **_read(problems, table, index, _SECTION_NAMES)}
    if "heading" not in table:
        problems.add(
            index, None, 'no heading; add heading = "..." (the "## " title of the section)'
        )
    shared = fields(value, "sections")
    del shared["keyword_match"]  # how its keyword is searched: in its query
    section = Section(
        heading=value.get("heading", ""),
        query=_search_query(problems, index, table, value),
        exclude_categories=value["exclude-categories"],
        exclude_words=value["exclude-words"],
        seeds=SeedInputs(**fields(value, "seeds")),
        **shared,
    )
    relevance_problem = section.relevance_problem()
    if relevance_problem and len(problems.problems) == before:
        problems.add(index, None, relevance_problem)
    return section if len(problems.problems) == before else None


def _search_query(
    problems: FileProblems, index: int, table: dict[str, Any], value: dict[str, Any]
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
    if "keyword" in value:
        return keyword_query(value["keyword"], value["keyword-match"])
    return str(value.get("query", ""))


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
