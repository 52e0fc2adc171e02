"""What a merge did to one section's table: the papers it gained, the rows it dropped, and what
it counted of arXiv's answer. The README layer makes it; the log, the job summary, the commit
message and the digest read it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dailypapers.domain.interfaces import Tldrs
from dailypapers.domain.paper import Paper


@dataclass(frozen=True, slots=True)
class SectionChange:
    """What a merge did to one section's table."""

    heading: str
    added: tuple[Paper, ...] = ()
    updated: tuple[Paper, ...] = ()
    dropped: int = 0
    created: bool = False
    columns_changed: bool = False
    # Of the papers arXiv returned: how many the table already listed at their version, and
    # how many new ones were older than every row the cap keeps.
    already_listed: int = 0
    too_old: int = 0

    @property
    def papers_changed(self) -> bool:
        return bool(self.added or self.updated or self.dropped)

    def with_tldrs(self, tldrs: Tldrs) -> SectionChange:
        """The change with each paper gained carrying its TL;DR (and rating) from ``tldrs``."""
        return replace(
            self,
            added=tuple(map(tldrs.on, self.added)),
            updated=tuple(map(tldrs.on, self.updated)),
        )
