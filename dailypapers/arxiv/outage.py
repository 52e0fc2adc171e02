"""Telling 'arXiv is down' from one query arXiv cannot serve: the run's signs that arXiv is down,
in a row, and the searches they came from.

A server error, silence, an answer too slow or too large, a broken connection or a body that is
not a feed is a sign; a usable answer ends the row; throttling (HTTP 429) neither counts nor ends
it, since it says arXiv is there. Signs in a row over more than one search, and not one query's
signs alone, say that arXiv is down.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Outage:
    """The run's signs that arXiv is down since its last usable answer."""

    # Signs in a row that say arXiv is down, once they came from at least two searches.
    signs_needed: int
    signs: list[tuple[str, str]] = field(default_factory=list)
    # Whether arXiv gave a usable answer earlier in the run.
    answered_before: bool = False

    def answered(self) -> None:
        self.signs.clear()
        self.answered_before = True

    def sign(self, query: str, what: str) -> None:
        """Records a sign, ``what`` arXiv answered (``HTTP 503``), to a search for ``query``."""
        self.signs.append((query, what))

    @property
    def down(self) -> bool:
        queries = {query for query, _ in self.signs}
        return len(self.signs) >= self.signs_needed and len(queries) >= 2

    def what_arxiv_answered(self) -> str:
        """The signs in a row, counted by kind: ``HTTP 503 to 3 requests in a row, over 2
        searches``."""
        counts = Counter(what for _, what in self.signs)
        kinds = " and ".join(
            f"{what} to {count} request{'s' if count > 1 else ''}" for what, count in counts.items()
        )
        searches = len({query for query, _ in self.signs})
        return f"{kinds} in a row, over {searches} searches"
