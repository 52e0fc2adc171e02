"""arXiv's text mended for its place in a row, judged by GitHub's renderer itself.

A cell is written as parts: the format's own markup (``<details><summary>``, ``...</summary><p>``,
the title's ``**[`` and ``](link)**``) and arXiv's texts between them, written as arXiv gives them
so that GitHub renders their math. GitHub reads the cell as one line of markdown, so a text can
reach across the markup (a trailing backslash escapes the ``<`` of ``</p>``, a backtick pairs
with one in the next text), add an element (raw HTML, an image, in a title a link of its own) or
link what it does not (a bare URL run on into an escape).

The cell is rendered with cmark-gfm, and so is each text alone between stand-ins for the markup
around it (its neighbouring characters). The cell is right when its markup renders as the markup
does around plain words, each text in it renders as it does alone, and adds no element but
emphasis, code and links it makes itself (none inside the title's link). A cell that is right as
written is kept byte for byte. Otherwise every place that may open something is escaped (see
``escapes``), which is right, and escapes are given back, half a set at a time, for as long as
the cell stays right, within a budget of rendered bytes that keeps a row within milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from dailypapers.readme.escapes import Escape, escapes, opens_nothing, written
from dailypapers.readme.gfm import NOTHING_OPENS, cell_html, links

# What searching for the fewest escapes may render, per cell: about 70 ms of the worst text.
RENDER_BUDGET = 60_000
_FORMATTING = re.compile(r"</?(?:em|strong|del|code)>")
_LINK_TAG = re.compile(r'<a href="[^"]*"(?: title="[^"]*")?>|</a>')

# An escape of a text: the text's index among the cell's parts, and the escape.
_Key = tuple[int, Escape]


class Part(NamedTuple):
    """A part of a cell: arXiv's text, which may be mended, or the format's own markup."""

    text: str
    is_text: bool = True


def mend(parts: Sequence[Part], inside_link: bool = False) -> str:
    """The cell's markdown: its parts joined, each text as it is where GitHub renders the cell
    right, else with the fewest escapes found that make it right. ``inside_link``: the texts
    stand in the format's own link, where a link would nest."""
    if all(opens_nothing(part.text) for part in parts if part.is_text):
        return "".join(written(part.text, {}) if part.is_text else part.text for part in parts)
    cell = _Cell(parts, inside_link)
    if cell.is_right({}):
        return cell.joined({})
    everything = [
        (index, escape) for index in cell.by_length() for escape in reversed(cell.escapes[index])
    ]
    return cell.joined(_by_text(cell.fewest(everything)))


def _by_text(keys: Iterable[_Key]) -> dict[int, dict[int, str]]:
    applied: dict[int, dict[int, str]] = {}
    for index, escape in keys:
        applied.setdefault(index, {})[escape.at] = escape.written
    return applied


class _Cell:
    """The cell being mended: its parts, the HTML its markup makes around plain words, and the
    rendered bytes left to spend."""

    def __init__(self, parts: Sequence[Part], inside_link: bool) -> None:
        self.parts = parts
        self.inside_link = inside_link
        self.texts = [index for index, part in enumerate(parts) if part.is_text]
        self.escapes = {index: escapes(parts[index].text) for index in self.texts}
        self.budget = RENDER_BUDGET
        plain = {index: f"dailypaperstext{index}x" for index in self.texts}
        html = self._render("".join(plain.get(i, part.text) for i, part in enumerate(parts))) or ""
        self.markup_html = re.split("|".join(plain.values()), html) if plain else [html]
        self._own_links: dict[int, set[str]] = {}

    def by_length(self) -> list[int]:
        """The texts, longest first: their escapes are the first given back, each text's from
        its end, so that what stays escaped is where a construct opens."""
        return sorted(self.texts, key=lambda index: -len(self.parts[index].text))

    def joined(self, applied: Mapping[int, Mapping[int, str]]) -> str:
        return "".join(
            written(part.text, applied.get(index, {})) if part.is_text else part.text
            for index, part in enumerate(self.parts)
        )

    def fewest(self, everything: list[_Key]) -> list[_Key]:
        """The escapes kept of ``everything``: halves, then quarters and so on, given back while
        the cell stays right, pass after pass while one gives some back and the budget lasts."""
        kept, before = everything, None
        while kept != before and self.budget > 0:
            before = kept
            kept = self._give_back(kept)
        return kept

    def _give_back(self, kept: list[_Key]) -> list[_Key]:
        chunks = [kept[len(kept) // 2 :], kept[: len(kept) // 2]]
        while chunks and self.budget > 0:
            chunk = set(chunks.pop())
            trial = [key for key in kept if key not in chunk]
            if len(trial) < len(kept) and self.is_right(_by_text(trial)):
                kept = trial
            elif len(chunk) > 1:
                ordered = [key for key in kept if key in chunk]
                half = len(ordered) // 2
                chunks += [ordered[half:], ordered[:half]]
        return kept

    def is_right(self, applied: Mapping[int, Mapping[int, str]]) -> bool:
        """Whether the cell renders right with the ``applied`` escapes."""
        html = self._render(self.joined(applied))
        found = html is not None and self._texts_html(html)
        if not found or len(found) != len(self.texts):
            return False
        return all(
            self._text_is_right(index, text_html, applied.get(index, {}))
            for index, text_html in zip(self.texts, found, strict=True)
        )

    def _texts_html(self, html: str) -> list[str] | None:
        """What each text makes of the cell's HTML, where the markup's HTML is as around plain
        words; None where it is not."""
        first, *middle, last = self.markup_html
        if not html.startswith(first) or not html.endswith(last) or len(html) < len(first + last):
            return None
        rest, found = html[len(first) : len(html) - len(last)], []
        for markup in middle:
            text_html, separator, rest = rest.partition(markup)
            if not separator:
                return None
            found.append(text_html)
        return [*found, rest]

    def _text_is_right(self, index: int, text_html: str, applied: Mapping[int, str]) -> bool:
        """A text renders in the cell as alone between its neighbours, with nothing but
        formatting and links of its own."""
        if text_html != self._alone(index, written(self.parts[index].text, applied)):
            return False
        unformatted = _FORMATTING.sub("", text_html)
        if "<a " in unformatted and (self.inside_link or not links(text_html) <= self._own(index)):
            return False
        return "<" not in _LINK_TAG.sub("", unformatted)

    def _alone(self, index: int, text: str) -> str | None:
        """The HTML of a text between stand-ins for its neighbours: the markup's characters next
        to it, which decide what it links and how its emphasis pairs."""
        before, after = self._neighbours(index)
        html = self._render(before + text + after)
        edges = self._render(before) or "", self._render(after) or ""
        if html is None or not html.startswith(edges[0]) or not html.endswith(edges[1]):
            return None
        return html[len(edges[0]) : len(html) - len(edges[1])]

    def _neighbours(self, index: int) -> tuple[str, str]:
        before = self.parts[index - 1].text[-1:] if index > 0 else ""
        after = self.parts[index + 1].text[:1] if index + 1 < len(self.parts) else ""
        return before, after

    def _own(self, index: int) -> set[str]:
        """The addresses a text links alone, between its neighbours or not, as written or once
        no ``<`` of it opens anything."""
        if index not in self._own_links:
            text = self.parts[index].text
            before, after = self._neighbours(index)
            own: set[str] = set()
            for variant in (text, text.replace("<", "<" + NOTHING_OPENS)):
                for cell in (written(variant, {}), before + written(variant, {}) + after):
                    own |= links(self._render(cell) or "")
            self._own_links[index] = own
        return self._own_links[index]

    def _render(self, cell: str) -> str | None:
        self.budget -= len(cell)
        return cell_html(cell)
