"""What a reader of a README on GitHub reaches from each section: the rows of its table, then the
pages its relative links lead to, and theirs.

Read from the HTML GitHub's own renderer makes (cmark-gfm, through tests.factories), not from the
package's parser, so that a link the renderer does not make, or a row it does not show, is not
counted. Shared by the tests of the README's budget and of DailyArXiv's forks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.factories import render_like_github


@dataclass
class Reached:
    """A section as a reader reaches it: the title links of its rows, those on the README first,
    then those of each page reached, in order; and the pages reached."""

    titles: list[str] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)


@dataclass
class _Part:
    """What stands under one heading of a rendered file: its rows' title links, and the
    relative links outside its tables."""

    titles: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """The parts of rendered HTML, by the text of the ``h2`` heading they stand under ("" before
    the first)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: dict[str, _Part] = {"": _Part()}
        self.current = ""
        self.heading: str | None = None
        self.tables = 0
        self.in_body = False
        self.cell = 0
        self.title_taken = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "h2":
            self.heading = ""
        elif tag == "table":
            self.tables += 1
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr":
            self.cell, self.title_taken = 0, False
        elif tag == "td":
            self.cell += 1
        elif tag == "a" and href:
            self._link(href)

    def _link(self, href: str) -> None:
        part = self.parts[self.current]
        if self.tables and self.in_body and self.cell == 1 and not self.title_taken:
            part.titles.append(href)
            self.title_taken = True
        elif not self.tables and "://" not in href and not href.startswith(("#", "mailto:")):
            part.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self.heading is not None:
            self.current = self.heading.strip()
            self.parts.setdefault(self.current, _Part())
            self.heading = None
        elif tag == "table":
            self.tables -= 1
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading += data


def _parts(path: Path) -> dict[str, _Part]:
    reader = _Reader()
    reader.feed(render_like_github(path.read_text(encoding="utf-8")))
    return reader.parts


def reachable(readme: Path) -> dict[str, Reached]:
    """For each ``h2`` section of the README, what a reader reaches from it: its rows, then
    those of the Markdown files its relative links lead to, and theirs, each file once."""
    found = {}
    for heading, part in _parts(readme).items():
        if not heading:
            continue
        reached = Reached(list(part.titles))
        seen = {readme.resolve()}
        pending = [(readme.parent, link) for link in part.links]
        while pending:
            folder, link = pending.pop(0)
            page = (folder / link.split("#")[0]).resolve()
            if page in seen or page.suffix != ".md" or not page.is_file():
                continue
            seen.add(page)
            reached.pages.append(page)
            for page_part in _parts(page).values():
                reached.titles += page_part.titles
                pending += [(page.parent, page_link) for page_link in page_part.links]
        found[heading] = reached
    return found
