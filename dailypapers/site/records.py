"""What the site is built from: each paper the run keeps, with what the README says of it, and
what the run found on its day.

The run knows a paper fully (authors, abstract, categories) from its fetch or from the papers
file; a row known from neither is shown with what the row says: its title and date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dailypapers.domain.paper import Paper


@dataclass(frozen=True, slots=True)
class SitePaper:
    """One paper of the site: its id, version, title and date as its row gives them, the
    sections that list it, its full record when the run knows it, and its code repository."""

    arxiv_id: str
    version: int
    title: str
    date: date | None
    sections: tuple[str, ...]
    paper: Paper | None = None
    code_url: str = ""

    def record(self) -> dict[str, object]:
        """The paper as the page reads it from the data files and the search index."""
        paper = self.paper
        return {
            "id": self.arxiv_id,
            "version": self.version,
            "title": paper.title if paper else self.title,
            "date": self.date.isoformat() if self.date else "",
            "authors": list(paper.authors) if paper else [],
            "categories": list(paper.categories) if paper else [],
            "primary": (paper.primary_category if paper else "") or "",
            "sections": list(self.sections),
            "abstract": paper.abstract if paper else "",
            "tldr": paper.tldr if paper else "",
            "comment": paper.comment if paper else "",
            "relevance": paper.relevance if paper else None,
            "code": self.code_url,
        }


@dataclass(frozen=True, slots=True)
class RunDay:
    """What the run found on its day: how many papers it added, the day arXiv last announced
    papers when that came before the README's previous update, and the sections whose fetch
    failed."""

    day: date
    new_papers: int
    arxiv_silent_since: date | None = None
    failed_sections: tuple[str, ...] = ()

    def note(self) -> str:
        """Why the day brought no paper, in a sentence; empty when it brought some."""
        if self.new_papers:
            return ""
        day = self.day.isoformat()
        if self.failed_sections:
            names = ", ".join(self.failed_sections)
            return (
                f"No new papers on {day}: arXiv could not be asked for {names}; "
                "the next run asks again."
            )
        if self.arxiv_silent_since is not None:
            return (
                f"No new papers on {day}: arXiv has announced none since "
                f"{self.arxiv_silent_since.isoformat()} (it announces papers Sunday to Thursday "
                "evenings, US Eastern time, holidays excepted)."
            )
        return (
            f"No new papers on {day}: none of arXiv's new papers matched the keywords and filters."
        )
