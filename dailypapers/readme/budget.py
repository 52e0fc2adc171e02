"""How a README's byte budget is shared between its sections: how many rows each shows.

Every section shows its heading and its newest row; the rest of the budget is shared out one row
at a time, newest first, section after section in turn (water-filling), so that a section with
few rows leaves its share to the others and none starves the rest. A row that does not fit ends
its section's turn: what a section shows is always its newest rows, and the others are on its
pages, linked from the line under its table. Sizes are UTF-8 bytes counted from above, each line
with the longest ending (``\\r\\n``), so that the README written never passes the budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.text import utf8_size
from dailypapers.readme.pages import render_link_line

# The most a line ending takes; a link line brings a blank line before it, and at most one after.
LINE_ENDING_BYTES = 2
LINK_LINES = 3


@dataclass(frozen=True, slots=True)
class SectionRows:
    """A section as the budget sees it: its heading (its link line names it) and the size of
    each of its rows in bytes, in their order, newest first."""

    heading: str
    row_bytes: tuple[int, ...]

    @classmethod
    def of(cls, heading: str, rows: Sequence[str]) -> SectionRows:
        return cls(heading, tuple(utf8_size(row) + LINE_ENDING_BYTES for row in rows))


def link_bytes(heading: str, older: int) -> int:
    """What the link to ``older`` papers adds to the README: nothing when there are none."""
    if not older:
        return 0
    line = render_link_line(heading, older)
    return utf8_size(line) + LINK_LINES * LINE_ENDING_BYTES


def shown_rows(fixed: int, sections: Sequence[SectionRows], max_bytes: int) -> tuple[int, ...]:
    """How many rows each section shows, the first ones, so that the README stays within
    ``max_bytes``: ``fixed`` is its size with no row shown and no link line. Fails when even
    each section's newest row and its link line would pass the budget."""
    totals = [tuple(accumulate(section.row_bytes, initial=0)) for section in sections]

    def cost(index: int, shown: int) -> int:
        section = sections[index]
        older = len(section.row_bytes) - shown
        return totals[index][shown] + link_bytes(section.heading, older)

    counts = [min(1, len(section.row_bytes)) for section in sections]
    size = fixed + sum(cost(index, count) for index, count in enumerate(counts))
    if size > max_bytes:
        raise ConfigError([_too_small(size, max_bytes)])
    turns = [index for index, section in enumerate(sections) if len(section.row_bytes) > 1]
    while turns:
        still = []
        for index in turns:
            grown = size - cost(index, counts[index]) + cost(index, counts[index] + 1)
            if grown <= max_bytes:
                size = grown
                counts[index] += 1
                if counts[index] < len(sections[index].row_bytes):
                    still.append(index)
        turns = still
    return tuple(counts)


def _too_small(needed: int, max_bytes: int) -> str:
    return (
        f"max-readme-bytes: the README needs {needed} bytes for its own text and each section's "
        f"heading, newest paper and link to its older papers, more than the {max_bytes} it "
        f"allows; raise max-readme-bytes to at least {needed}, or shorten the README's own text"
    )
