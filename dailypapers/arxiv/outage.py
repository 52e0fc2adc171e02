"""Telling 'arXiv is down' from one query arXiv cannot serve: the run's signs that arXiv is down,
in a row, and the searches they came from.

A server error, silence, an answer too slow or too large, a broken connection or a body that is
not a feed is a sign; a usable answer ends the row; throttling (HTTP 429) neither counts nor ends
it, since it says arXiv is there. Signs in a row from more than one query, and not one query's
signs alone, say that arXiv is down; before arXiv answered anything in the run, another turn of
the same search counts too, so that a run of one keyword does not wait as long again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sign:
    """What arXiv answered (``HTTP 503``) to the ``search``-th search of the run, for ``query``."""

    search: int
    query: str
    what: str


@dataclass
class Outage:
    """The run's signs that arXiv is down since its last usable answer."""

    # Signs in a row that say arXiv is down, once they came from more than one search.
    signs_needed: int
    signs: list[Sign] = field(default_factory=list)
    # Whether arXiv gave a usable answer earlier in the run.
    answered_before: bool = False
    searches: int = 0
    query: str = ""

    def searching(self, query: str) -> None:
        """A search for ``query`` begins."""
        self.searches += 1
        self.query = query

    def answered(self) -> None:
        self.signs.clear()
        self.answered_before = True

    def sign(self, what: str) -> None:
        """Records a sign, ``what`` arXiv answered, to the search under way."""
        self.signs.append(Sign(self.searches, self.query, what))

    @property
    def down(self) -> bool:
        if len(self.signs) < self.signs_needed:
            return False
        if len({sign.query for sign in self.signs}) > 1:
            return True
        return not self.answered_before and len({sign.search for sign in self.signs}) > 1

    def what_arxiv_answered(self) -> str:
        """The signs in a row, counted by kind: ``HTTP 503 to 3 requests in a row, over 2
        searches``."""
        counts = Counter(sign.what for sign in self.signs)
        kinds = " and ".join(
            f"{what} to {count} request{'s' if count > 1 else ''}" for what, count in counts.items()
        )
        searches = len({sign.search for sign in self.signs})
        return f"{kinds} in a row, over {searches} searches"
