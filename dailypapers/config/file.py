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

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dailypapers.config.query import check_query, keyword_query
from dailypapers.config.section import Section, first_repeats
from dailypapers.config.section_values import (
    MAX_KEYWORDS,
    check_columns,
    check_heading,
    parse_categories,
    parse_keyword_match,
    parse_max_papers,
)
from dailypapers.config.settings import ConfigFile
from dailypapers.errors import ConfigError, InvalidValue

SECTION = "section"
_DEFAULT_KEYS = (
    "max-papers", "categories", "primary-only", "exclude-categories", "exclude-words", "columns",
    "keyword-match",
)  # fmt: skip
_SECTION_KEYS = ("heading", "query", "keyword", *_DEFAULT_KEYS)
_TOP_KEYS = (SECTION, *_DEFAULT_KEYS)
_SECTION_HEADER = re.compile(r"\[\[\s*(\"?)section\1\s*\]\]")
_KEY_LINE = re.compile(r"""(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


@dataclass(frozen=True, slots=True)
class _KeyLines:
    """Where each key is written: line numbers of the top-level keys and of each section's."""

    top: dict[str, int]
    sections: list[dict[str, int]]
    section_lines: list[int]

    @classmethod
    def find(cls, text: str) -> _KeyLines:
        top: dict[str, int] = {}
        sections: list[dict[str, int]] = []
        section_lines: list[int] = []
        current: dict[str, int] | None = top
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if _SECTION_HEADER.match(stripped):
                current = {}
                sections.append(current)
                section_lines.append(number)
            elif stripped.startswith("["):
                current = None
            elif current is not None and (match := _KEY_LINE.match(stripped)):
                current.setdefault(next(group for group in match.groups() if group), number)
        return cls(top, sections, section_lines)


class _Checker:
    """Collects the problems of one file, each prefixed with where it is."""

    def __init__(self, path: str, lines: _KeyLines) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[str] = []
        self.problem_lines: list[int | None] = []

    def line(self, section: int | None, key: str | None) -> int | None:
        keys = self.lines.top if section is None else self._section_lines(section)
        return keys.get(key or "") or (
            self.lines.section_lines[section]
            if section is not None and section < len(self.lines.section_lines)
            else None
        )

    def where(self, section: int | None, key: str | None) -> str:
        line = self.line(section, key)
        place = f"{self.path} line {line}" if line else self.path
        scope = f"[[section]] {section + 1}" if section is not None else ""
        label = f"'{key}'" if key else ""
        return ": ".join(part for part in (place, " ".join(filter(None, (scope, label)))) if part)

    def _section_lines(self, section: int) -> dict[str, int]:
        return self.lines.sections[section] if section < len(self.lines.sections) else {}

    def add(self, section: int | None, key: str | None, message: str) -> None:
        self.problems.append(f"{self.where(section, key)}: {message}")
        self.problem_lines.append(self.line(section, key))

    def error(self) -> ConfigError:
        return ConfigError(self.problems, self.path, self.problem_lines)

    def unknown_keys(
        self, table: dict[str, Any], known: tuple[str, ...], section: int | None
    ) -> None:
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
                self.add(section, key, f"unknown key; {hint}")

    def value(
        self,
        table: dict[str, Any],
        key: str,
        section: int | None,
        parse: Callable[[Any], Any],
        fallback: Any,
    ) -> Any:
        if key not in table:
            return fallback
        try:
            return parse(table[key])
        except InvalidValue as problem:
            self.add(section, key, str(problem))
            return fallback


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
    checker = _Checker(config.path, _KeyLines.find(text))
    checker.unknown_keys(data, _TOP_KEYS, None)
    defaults = _defaults(checker, data, config)
    tables = data.get(SECTION)
    if (
        not isinstance(tables, list)
        or not tables
        or not all(isinstance(table, dict) for table in tables)
    ):
        checker.add(
            None,
            SECTION if SECTION in data else None,
            "no [[section]] table; define each section with a [[section]] header followed by "
            'heading = "..." and query = "..." (or keyword = "...")',
        )
        raise checker.error()
    if len(tables) > MAX_KEYWORDS:
        checker.add(None, None, f"{len(tables)} sections; define at most {MAX_KEYWORDS}")
    sections = [_section(checker, index, table, defaults) for index, table in enumerate(tables)]
    _check_unique_headings(checker, sections)
    if checker.problems:
        raise checker.error()
    return tuple(section for section in sections if section is not None)


def _defaults(checker: _Checker, data: dict[str, Any], config: ConfigFile) -> _Defaults:
    """What the top of the file (else the inputs) gives every section."""
    return _Defaults(
        max_papers=checker.value(data, "max-papers", None, _max_papers, config.max_papers),
        categories=checker.value(data, "categories", None, _categories, config.categories),
        primary_only=checker.value(data, "primary-only", None, _primary_only, config.primary_only),
        exclude_categories=checker.value(data, "exclude-categories", None, _categories, ()),
        exclude_words=checker.value(data, "exclude-words", None, _words, ()),
        columns=checker.value(data, "columns", None, _columns, config.columns),
        keyword_match=checker.value(
            data, "keyword-match", None, _keyword_match, config.keyword_match
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


def _section(
    checker: _Checker, index: int, table: dict[str, Any], defaults: _Defaults
) -> Section | None:
    before = len(checker.problems)
    checker.unknown_keys(table, _SECTION_KEYS, index)
    heading = checker.value(table, "heading", index, _heading, None)
    if "heading" not in table:
        checker.add(index, None, 'no heading; add heading = "..." (the "## " title of the section)')
    section = Section(
        heading=heading or "",
        query=_search_query(checker, index, table, defaults),
        max_papers=checker.value(table, "max-papers", index, _max_papers, defaults.max_papers),
        categories=checker.value(table, "categories", index, _categories, defaults.categories),
        exclude_categories=checker.value(
            table, "exclude-categories", index, _categories, defaults.exclude_categories
        ),
        exclude_words=checker.value(table, "exclude-words", index, _words, defaults.exclude_words),
        columns=checker.value(table, "columns", index, _columns, defaults.columns),
        primary_only=checker.value(
            table, "primary-only", index, _primary_only, defaults.primary_only
        ),
    )
    return section if len(checker.problems) == before else None


def _search_query(checker: _Checker, index: int, table: dict[str, Any], defaults: _Defaults) -> str:
    """The section's raw query, or the query its keyword stands for."""
    searches = [key for key in ("query", "keyword") if key in table]
    if len(searches) != 1:
        checker.add(
            index,
            searches[1] if len(searches) > 1 else None,
            "give exactly one of query (a raw arXiv query) and keyword (a phrase searched in "
            "titles and abstracts)",
        )
    if "query" in table and "keyword-match" in table:
        checker.add(index, "keyword-match", "applies to keyword only; remove it, or give a keyword")
    match = checker.value(table, "keyword-match", index, _keyword_match, defaults.keyword_match)
    query = checker.value(table, "query", index, _query, None)
    keyword = checker.value(table, "keyword", index, _heading, None)
    return str(query or (keyword_query(keyword, match) if keyword else ""))


def _check_unique_headings(checker: _Checker, sections: list[Section | None]) -> None:
    headings = [
        (index, section.heading) for index, section in enumerate(sections) if section is not None
    ]
    for repeat, earlier in first_repeats([heading for _, heading in headings]):
        index, heading = headings[repeat]
        checker.add(
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
    text = " ".join(_string(value).split())
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
    words = tuple(" ".join(word.split()) for word in _strings(value))
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


def _query(value: Any) -> str:
    return check_query(_string(value))
