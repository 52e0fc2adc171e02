"""The relevance inputs: the seeds a section's papers are scored against (``seed-papers``,
``seed-bibtex``, ``interests``) and the lowest score it keeps (``min-relevance``), as the action's
inputs, the local command's flags and the config file's keys give them; each checked before any
request, with what a valid value looks like."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from dailypapers.config.values import Problems
from dailypapers.domain.errors import InvalidValue
from dailypapers.domain.paper import ArxivId
from dailypapers.domain.section import SeedInputs
from dailypapers.relevance.seed_ids import parse_seed_ids

RELEVANCE_INPUTS = ("seed-papers", "seed-bibtex", "interests", "min-relevance")


def parse_seed_papers(raw: str) -> tuple[ArxivId, ...]:
    """arXiv ids separated by commas, spaces or lines; empty: none."""
    return parse_seed_ids(raw) if raw.strip() else ()


def parse_min_relevance(raw: str) -> float | None:
    """A number from 0 to 1; empty: no filtering."""
    text = raw.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidValue(f"'{raw}' is not a number; give one from 0 to 1, such as 0.2") from None
    return check_min_relevance(value)


def check_min_relevance(value: float) -> float:
    """``value`` when it lies from 0 to 1."""
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise InvalidValue(
            f"{value:g} is outside 0 to 1; relevance scores run from 0 to 1 "
            "(0.2 keeps nearly every paper of the seeds' subject, see docs/relevance.md)"
        )
    return value


def relevance_inputs(
    problems: Problems,
    labels: Mapping[str, str],
    raw: Mapping[str, str],
    parse_bibtex_path: Callable[[str], str],
) -> tuple[SeedInputs, float | None]:
    """The seeds and the min-relevance the inputs give every keyword section (or every section
    of a config file that gives none of its own)."""
    no_ids: tuple[ArxivId, ...] = ()
    bibtex = raw.get("seed-bibtex", "").strip()
    seeds = SeedInputs(
        ids=problems.check(
            labels["seed-papers"], parse_seed_papers, raw.get("seed-papers", ""), no_ids
        ),
        bibtex=problems.check(labels["seed-bibtex"], parse_bibtex_path, bibtex, "")
        if bibtex
        else "",
        interests=raw.get("interests", "").strip(),
    )
    minimum = problems.check(
        labels["min-relevance"], parse_min_relevance, raw.get("min-relevance", ""), None
    )
    return seeds, minimum


def toml_seed_papers(value: Any) -> tuple[ArxivId, ...]:
    """The config file's ``seed-papers``: a string of ids, or a list of them."""
    if isinstance(value, str):
        return parse_seed_papers(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return parse_seed_ids(value)
    raise InvalidValue(f'{value!r} is not a list of arXiv ids such as ["2401.01234"]')


def toml_min_relevance(value: Any) -> float:
    """The config file's ``min-relevance``: a number from 0 to 1, without quotes."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(f"{value!r} is not a number; write one from 0 to 1 without quotes")
    return check_min_relevance(float(value))
