"""What arXiv itself defines, besides its ids (:mod:`dailypapers.domain.paper`): its query
language and its category taxonomy. The query a keyword stands for is used by the config and by
the tests' arXiv emulator alike.

A raw query from the config file is checked against the grammar of arXiv's API (fields, the
operators AND, OR and ANDNOT in capitals, quotes and brackets) before it is sent, and category
names against the taxonomy (https://arxiv.org/category_taxonomy), because arXiv answers a
malformed query or a misspelt category with an empty result instead of an error.
"""

from __future__ import annotations

import re

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.text import fold

# The search fields of arXiv's API (https://info.arxiv.org/help/api/user-manual.html#query_details).
QUERY_FIELDS = frozenset(
    {"ti", "au", "abs", "co", "jr", "cat", "rn", "id", "all", "submittedDate", "lastUpdatedDate"}
)
OPERATORS = frozenset({"AND", "OR", "ANDNOT"})
_QUERY_TOKEN = re.compile(
    r'\s*(?:(?:(?P<field>[A-Za-z]+):)?(?:(?P<open>\()|(?P<term>"[^"]*"|\[[^\]]*\]|[^\s()"]+))'
    r"|(?P<close>\))|(?P<stray>\S))"
)

# arXiv's archives and the categories of each.
ARCHIVE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "astro-ph": ("CO", "EP", "GA", "HE", "IM", "SR"),
    "cond-mat": (
        "dis-nn", "mes-hall", "mtrl-sci", "other", "quant-gas", "soft", "stat-mech", "str-el",
        "supr-con",
    ),
    "cs": (
        "AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS", "ET",
        "FL", "GL", "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA", "NE", "NI",
        "OH", "OS", "PF", "PL", "RO", "SC", "SD", "SE", "SI", "SY",
    ),
    "econ": ("EM", "GN", "TH"),
    "eess": ("AS", "IV", "SP", "SY"),
    "gr-qc": (),
    "hep-ex": (),
    "hep-lat": (),
    "hep-ph": (),
    "hep-th": (),
    "math": (
        "AC", "AG", "AP", "AT", "CA", "CO", "CT", "CV", "DG", "DS", "FA", "GM", "GN", "GR", "GT",
        "HO", "IT", "KT", "LO", "MG", "MP", "NA", "NT", "OA", "OC", "PR", "QA", "RA", "RT", "SG",
        "SP", "ST",
    ),
    "math-ph": (),
    "nlin": ("AO", "CD", "CG", "PS", "SI"),
    "nucl-ex": (),
    "nucl-th": (),
    "physics": (
        "acc-ph", "ao-ph", "app-ph", "atm-clus", "atom-ph", "bio-ph", "chem-ph", "class-ph",
        "comp-ph", "data-an", "ed-ph", "flu-dyn", "gen-ph", "geo-ph", "hist-ph", "ins-det",
        "med-ph", "optics", "plasm-ph", "pop-ph", "soc-ph", "space-ph",
    ),
    "q-bio": ("BM", "CB", "GN", "MN", "NC", "OT", "PE", "QM", "SC", "TO"),
    "q-fin": ("CP", "EC", "GN", "MF", "PM", "PR", "RM", "ST", "TR"),
    "quant-ph": (),
    "stat": ("AP", "CO", "ME", "ML", "OT", "TH"),
}  # fmt: skip
KNOWN_CATEGORIES = frozenset(ARCHIVE_SUBJECTS) | frozenset(
    f"{archive}.{subject}" for archive, subjects in ARCHIVE_SUBJECTS.items() for subject in subjects
)


def unknown_categories(names: tuple[str, ...]) -> list[str]:
    """Those of ``names`` that are neither an archive nor a category of arXiv's taxonomy."""
    return [name for name in names if name not in KNOWN_CATEGORIES]


# How a keyword is searched: where its phrase must stand.
TITLE_OR_ABSTRACT = "title-or-abstract"
TITLE_AND_ABSTRACT = "title-and-abstract"
AUTO = "auto"
KEYWORD_MATCHES = (AUTO, TITLE_OR_ABSTRACT, TITLE_AND_ABSTRACT)


def keyword_query(keyword: str, match: str = AUTO) -> str:
    """The arXiv query for a keyword: the exact phrase in the title and, or or, in the abstract.

    ``auto`` is DailyArXiv's rule: a one-word keyword must be in both (a single word in a title
    alone matches too much), a longer phrase in either.
    """
    both = match == TITLE_AND_ABSTRACT or (match == AUTO and len(keyword.split()) == 1)
    return f'ti:"{keyword}" {"AND" if both else "OR"} abs:"{keyword}"'


def check_query(raw: str) -> str:
    """A raw arXiv query with its white space folded, checked for what arXiv would reject or
    silently misread."""
    query = fold(raw)
    if not query:
        raise ConfigError('is empty; give an arXiv query such as abs:"diffusion" AND cat:cs.LG')
    checker = _QueryChecker(query)
    for match in _QUERY_TOKEN.finditer(query):
        checker.take(match)
    checker.finish()
    return query


class _QueryChecker:
    """Walks a query's tokens, tracking bracket depth and whether a term must come next."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.depth = 0
        # True at the start, after "(" and after an operator: where a term must come next.
        self.expect_term = True

    def take(self, match: re.Match[str]) -> None:
        field, term = match["field"], match["term"]
        if match["stray"] is not None:
            self._fail(f"has an unclosed quote or bracket at {match['stray']!r}")
        if field is not None and field not in QUERY_FIELDS:
            known = ", ".join(sorted(QUERY_FIELDS, key=str.lower))
            self._fail(f"searches the unknown field '{field}:'; use one of {known}")
        if match["close"]:
            self._close()
        elif match["open"]:
            self.depth += 1
            self.expect_term = True
        elif field is None and term in OPERATORS:
            self._operator(term)
        elif field is None and term.upper() in OPERATORS:
            self._fail(
                f"has {term!r}: arXiv knows the operators only in capitals "
                f"({', '.join(sorted(OPERATORS))}); quote it to search the word"
            )
        else:
            self.expect_term = False

    def _close(self) -> None:
        self.depth -= 1
        if self.depth < 0 or self.expect_term:
            self._fail("has a ')' without its '(', or after an operator")
        self.expect_term = False

    def _operator(self, operator: str) -> None:
        if self.expect_term:
            self._fail(f"has {operator} where a search term is expected")
        self.expect_term = True

    def finish(self) -> None:
        if self.depth or self.expect_term:
            self._fail("ends early: an unclosed '(' or a trailing operator")

    def _fail(self, problem: str) -> None:
        raise ConfigError(f"{self.query!r} {problem}")
