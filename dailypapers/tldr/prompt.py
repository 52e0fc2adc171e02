"""What a TL;DR request tells the model, and how its answer is read.

The system prompt asks for one sentence a paper; with the owner's interests given (the
``summary-rates-relevance`` input), it also asks for a relevance rating from 0 to 1 and holds a
compact description of the interests and seed papers, cut to a bounded share of the batch's token
budget, which the papers' share is then reduced by. The answer is untrusted: a sentence is one
line, length-capped; a rating counts only when it is a number from 0 to 1, and is rounded as the
lexical score is, so that the number shown is the number used.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from dailypapers.domain.paper import RELEVANCE_PLACES
from dailypapers.domain.text import fold

MAX_TLDR_LENGTH = 300
# Tokens are estimated pessimistically: LaTeX abstracts run to fewer characters per token than
# prose's four.
CHARS_PER_TOKEN = 3
# The interests' description takes at most this many characters, and at most a quarter of a
# batch's budget; each of its lines (an interest sentence, a seed title) at most MAX_LINE.
MAX_INTERESTS_CHARS = 2000
MAX_LINE = 200
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")
_PROMPT = (
    "You write a TL;DR of each arXiv paper below: one plain sentence in {language}, at most 30 "
    "words, saying what the paper does and finds. Answer with one JSON object only, mapping "
    'each paper\'s id to its sentence, for example {{"2401.00001": "..."}}.'
)
_RATING_PROMPT = (
    "You write a TL;DR of each arXiv paper below: one plain sentence in {language}, at most 30 "
    "words, saying what the paper does and finds. You also rate how relevant each paper is to "
    "the reader's interests, from 0 (unrelated) to 1 (exactly what the reader follows). The "
    "reader's interests, and titles of papers the reader cares about:\n{interests}\n"
    "Answer with one JSON object only, mapping each paper's id to its sentence and rating, for "
    'example {{"2401.00001": {{"tldr": "...", "relevance": 0.7}}}}.'
)


def estimated_tokens(text: str) -> int:
    """The estimated tokens of ``text``."""
    return len(text) // CHARS_PER_TOKEN + 1


def clean_tldr(text: str) -> str:
    """The model's sentence on one line, cut at a word to at most :data:`MAX_TLDR_LENGTH`."""
    return _cut(fold(text), MAX_TLDR_LENGTH)


def _cut(line: str, length: int) -> str:
    if len(line) <= length:
        return line
    return line[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True, slots=True)
class Prompt:
    """A run's system prompt, whether it asks for ratings, and the estimated tokens left in a
    batch for the papers."""

    system: str
    rates: bool
    paper_tokens: int

    @classmethod
    def build(cls, language: str, interests: str, batch_tokens: int) -> Prompt:
        """The prompt in ``language``; with ``interests`` (lines), one that also asks for
        ratings and describes them, the description's tokens taken from the papers' share."""
        if not interests.strip():
            return cls(_PROMPT.format(language=language), False, batch_tokens)
        limit = min(MAX_INTERESTS_CHARS, batch_tokens * CHARS_PER_TOKEN // 4)
        description = bounded_lines(interests, limit)
        system = _RATING_PROMPT.format(language=language, interests=description)
        return cls(system, True, batch_tokens - estimated_tokens(description))


def bounded_lines(text: str, limit: int) -> str:
    """The lines of ``text``, each folded and cut to :data:`MAX_LINE`, as many as fit ``limit``
    characters in all."""
    kept: list[str] = []
    used = 0
    for line in filter(None, (_cut(fold(raw), MAX_LINE) for raw in text.splitlines())):
        if used + len(line) + 1 > limit:
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


@dataclass(frozen=True, slots=True)
class Answer:
    """What one answer gives: TL;DRs and ratings by arXiv id, and the ids it answered for with
    no valid rating (only when ratings were asked)."""

    tldrs: dict[str, str]
    ratings: dict[str, float]
    unrated: tuple[str, ...] = ()


def read_content(content: object, ids: set[str], rates: bool) -> Answer | None:
    """The TL;DRs (and, when ``rates``, ratings) of ``ids`` in the model's text; None when it
    is not a JSON object."""
    try:
        answer: Any = json.loads(_FENCE.sub("", str(content).strip()))
    except ValueError:
        return None
    if not isinstance(answer, dict):
        return None
    entries = {str(key): value for key, value in answer.items() if str(key) in ids}
    tldrs = {key: clean_tldr(text) for key, text in _texts(entries).items()}
    if not rates:
        return Answer({key: text for key, text in tldrs.items() if text}, {})
    ratings = {key: rating for key, value in entries.items() if (rating := _rating(value)) >= 0}
    unrated = tuple(sorted(entries.keys() - ratings.keys()))
    return Answer({key: text for key, text in tldrs.items() if text}, ratings, unrated)


def _texts(entries: dict[str, Any]) -> dict[str, str]:
    """Each entry's sentence: the entry itself (the plain shape), or its ``tldr``."""
    found = {}
    for key, value in entries.items():
        text = value.get("tldr") if isinstance(value, dict) else value
        if isinstance(text, str):
            found[key] = text
    return found


def _rating(value: Any) -> float:
    """An entry's rating from 0 to 1, rounded as the lexical score is; -1 when it has none."""
    raw = value.get("relevance") if isinstance(value, dict) else None
    if isinstance(raw, str):
        try:
            raw = float(raw.strip())
        except ValueError:
            return -1.0
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return -1.0
    if not math.isfinite(raw) or not 0 <= raw <= 1:
        return -1.0
    return round(float(raw), RELEVANCE_PLACES)
