"""What relevance is measured against: the seeds, as plain text, whatever input they came from.

Seed papers (arXiv ids, fetched by the run), BibTeX entries and interest sentences all end up
here as texts, each one relevant document for the score. A sentence of ``interests`` counts as
much as a paper: "Forecasting of time series" then says as much as one seed paper that is about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import SeedText

# A sentence ends at ., ! or ? followed by white space and a capital or a digit (so "e.g. graphs"
# stays one), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])|\s*\n\s*")


@dataclass(frozen=True, slots=True)
class Seeds:
    """Every seed of one relevance score: seed papers and interest sentences, at least one."""

    papers: tuple[SeedText, ...] = ()
    interests: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.papers and not self.interests:
            raise ConfigError(
                "relevance needs something to compare papers with: give seed-papers "
                "(arXiv ids), a seed-bibtex file, or interests (a few sentences)"
            )

    @classmethod
    def build(cls, papers: Iterable[SeedText] = (), interests: str = "") -> Seeds:
        """Seeds from seed papers (from ids or BibTeX) and the ``interests`` text, one seed per
        sentence; ConfigError when there is neither."""
        return cls(tuple(papers), interest_sentences(interests))

    @property
    def texts(self) -> tuple[SeedText, ...]:
        """Every seed as a text: the papers, then each interest sentence as an abstract."""
        return self.papers + tuple(SeedText("", sentence) for sentence in self.interests)


def interest_sentences(text: str) -> tuple[str, ...]:
    """The sentences of an ``interests`` text, each stripped; those without a letter dropped."""
    sentences = (part.strip() for part in _SENTENCE_END.split(text))
    return tuple(s for s in sentences if any(c.isalpha() for c in s))
