"""The config file: sections with their own arXiv query, filters, cap and columns, in TOML
(the README shows one), read with ``tomllib`` and checked against one table of its keys and
their TOML types; a key that is also an input is read by that input's parser. Like the inputs,
every problem is reported at once, with its line and key, before any call to arXiv.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from typing import Any

from dailypapers.config.file_problems import FileProblems
from dailypapers.config.inputs import BY_NAME, INPUTS, fields, named
from dailypapers.config.section_values import MAX_KEYWORDS, check_heading
from dailypapers.config.values import parse_file_path
from dailypapers.domain.arxiv import check_query, keyword_query
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import Section, SeedInputs, first_repeats
from dailypapers.domain.settings import ConfigFile
from dailypapers.domain.text import fold

SECTION = "section"


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


# What a key's value must be in TOML, and what to write when it is not.
_TOML_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "whole": (lambda v: type(v) is int, "is not a whole number; write it without quotes"),
    "number": (lambda v: type(v) in {int, float},
               "is not a number; write one from 0 to 1 without quotes"),
    "switch": (lambda v: type(v) is bool, "is neither true nor false (write it without quotes)"),
    "text": (lambda v: type(v) is str, "is not a string; put the text in quotes"),
    "texts": (_strings, 'is not a list of strings such as ["a", "b"]'),
    "ids": (lambda v: type(v) is str or _strings(v),
            'is not a list of arXiv ids such as ["2401.01234"]'),
}  # fmt: skip
# The keys the top of the file and each section may give, each the default of the sections, with
# their TOML type: those of the inputs that give the same default, and two more.
DEFAULT_KEYS = {spec.name: spec.toml for spec in INPUTS if spec.toml}
DEFAULT_KEYS |= {"exclude-categories": "texts", "exclude-words": "texts"}
SECTION_KEYS = {"heading": "text", "query": "text", "keyword": "text", **DEFAULT_KEYS}
_TOP_NAMES = (SECTION, *DEFAULT_KEYS)
_SECTION_NAMES = tuple(SECTION_KEYS)


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


# The parsers of keys no input reads as the file does; every other key's value goes, written as
# that input's text (a list one item a line), to the parser of its input (exclude-categories:
# the categories').
_OWN_PARSERS: dict[str, Callable[[Any], Any]] = {
    "heading": _heading, "keyword": _heading, "query": check_query, "exclude-words": _words,
    "seed-bibtex": _bibtex_path,
}  # fmt: skip


def _parse(key: str, value: Any) -> Any:
    takes, fix = _TOML_TYPES[SECTION_KEYS[key]]
    if not takes(value):
        shown = str(value).lower() if isinstance(value, bool) else repr(value)
        raise ConfigError(f"{shown} {fix}")
    if key in _OWN_PARSERS:
        return _OWN_PARSERS[key](value)
    text = "\n".join(value) if isinstance(value, list) else str(value)
    return BY_NAME[key.removeprefix("exclude-")].parse(text)


def parse_config_file(text: str, config: ConfigFile) -> tuple[Section, ...]:
    """The sections the file defines; raises ConfigError naming every problem's line and key."""
    data = _toml(text, config.path)
    problems = FileProblems(config.path, text)
    defaults = {**_inherited(config), **_read(problems, data, None, _TOP_NAMES)}
    tables = data.get(SECTION)
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        problems.at(
            None,
            SECTION if SECTION in data else None,
            "no [[section]] table; define each section with a [[section]] header followed by "
            'heading = "..." and query = "..." (or keyword = "...")',
        )
        raise problems.error()
    if len(tables) > MAX_KEYWORDS:
        problems.at(None, None, f"{len(tables)} sections; define at most {MAX_KEYWORDS}")
    sections = [_section(problems, index, table, defaults) for index, table in enumerate(tables)]
    _check_unique_headings(problems, sections)
    problems.raise_if_any()
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
                values[key] = _parse(key, value)
            except ConfigError as problem:
                problems.at(index, key, str(problem))
    return values


def _section(
    problems: FileProblems, index: int, table: dict[str, Any], defaults: dict[str, Any]
) -> Section | None:
    before = len(problems.messages)
    value = {**defaults, **_read(problems, table, index, _SECTION_NAMES)}
    if "heading" not in table:
        problems.at(index, None, 'no heading; add heading = "..." (the "## " title of the section)')
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
    if relevance_problem and len(problems.messages) == before:
        problems.at(index, None, relevance_problem)
    return section if len(problems.messages) == before else None


def _search_query(
    problems: FileProblems, index: int, table: dict[str, Any], value: dict[str, Any]
) -> str:
    """The section's raw query, or the query its keyword stands for."""
    searches = [key for key in ("query", "keyword") if key in table]
    if len(searches) != 1:
        problems.at(
            index,
            searches[1] if len(searches) > 1 else None,
            "give exactly one of query (a raw arXiv query) and keyword (a phrase searched in "
            "titles and abstracts)",
        )
    if "query" in table and "keyword-match" in table:
        problems.at(index, "keyword-match", "applies to keyword only; remove it, or give a keyword")
    if "keyword" in value:
        return keyword_query(value["keyword"], value["keyword-match"])
    return str(value.get("query", ""))


def _check_unique_headings(problems: FileProblems, sections: list[Section | None]) -> None:
    found = [(index, s.heading) for index, s in enumerate(sections) if s is not None]
    for repeat, earlier in first_repeats([heading for _, heading in found]):
        (index, heading), first = found[repeat], found[earlier][0] + 1
        problems.at(
            index,
            "heading",
            f"'{heading}' repeats the heading of [[section]] {first} (headings are compared "
            "ignoring case); give each section its own heading",
        )
