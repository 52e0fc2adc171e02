"""The terms a title or an abstract is matched on: words and two-word phrases.

Phrases carry the topics of this field ("time series", "graph neural", "trajectory prediction"),
so each pair of neighbouring words is a term too, unless a function word or punctuation stands
between them: without that, phrases such as "of the" crowd out the topical ones. The TF-IDF
evidences of the score take the words so (:func:`words`, :func:`counted`); the consensus evidence
also drops the boilerplate of abstracts ("propose", "results", "paper") and folds plurals
(Harman's S-stemmer: "networks" meets "network", and nothing else is merged), with
:func:`without_boilerplate`.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from functools import lru_cache

_FUNCTION_WORDS = """
    a about above across after again against all also am among an and any are as at be because
    been before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how however i
    if in into is it its itself just may me might more moreover most must my myself no nor not
    now of off often on once one only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there therefore these they this
    those three through thus to too two under until up upon use used using very via was we well
    were what when where whether which while who whom why will with within without would yet you
    your yours yourself yourselves
"""
# Words that abstracts use whatever they are about.
_ABSTRACT_BOILERPLATE = """
    approach based first furthermore method methods new novel paper propose proposed result
    results second show shows study work
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
ABSTRACT_BOILERPLATE = frozenset(_ABSTRACT_BOILERPLATE.split())
# Words ending in s that are not plurals.
_NOT_PLURAL_ENDINGS = ("ss", "us", "is")
_SAME_IN_PLURAL = frozenset({"series", "species"})
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
# A run of letters and digits, or a break that ends a phrase (punctuation other than a hyphen or
# an apostrophe, which join words).
_TOKEN = re.compile(r"[a-z0-9]+|[^a-z0-9\s'\-]")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The word without a plural ending: networks -> network, studies -> study, series -> series."""
    if (
        len(word) <= 3
        or not word.endswith("s")
        or word.endswith(_NOT_PLURAL_ENDINGS)
        or word in _SAME_IN_PLURAL
    ):
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    return word[:-1]


def plain_words(text: str) -> str:
    """The text in lower case, accents, possessive 's and LaTeX commands dropped: "Schrödinger"
    and "schrodinger" read the same, and "$\\mathcal{O}(n)$" leaves no "mathcal"."""
    bare = _POSSESSIVE.sub("", _LATEX_COMMAND.sub(" ", text))
    if bare.isascii():
        return bare.lower()
    decomposed = unicodedata.normalize("NFKD", bare)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1 << 16)
def _word(token: str) -> str | None:
    """The token as a word, or None for a function word, a number or punctuation."""
    if token in FUNCTION_WORDS or len(token) < 2 or token.isdigit() or not token.isalnum():
        return None
    return token


def words(text: str) -> list[str | None]:
    """The words in order, unstemmed, with None where a phrase breaks (function words, numbers,
    punctuation)."""
    return list(map(_word, _TOKEN.findall(plain_words(text))))


def without_boilerplate(found: list[str | None]) -> list[str | None]:
    """The :func:`words` of a text as they read with stemming and the boilerplate of abstracts
    as stop words too, without reading the text again."""
    return [None if w is None or w in ABSTRACT_BOILERPLATE else stem(w) for w in found]


def counted(found: list[str | None]) -> Counter[str]:
    """How often each word of :func:`words`, and each two-word phrase, occurs."""
    counts = Counter(filter(None, found))
    counts.update(
        [f"{first} {second}" for first, second in itertools.pairwise(found) if first and second]
    )
    return counts
