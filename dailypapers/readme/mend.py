"""arXiv's text mended for its place in a row, where GitHub's renderer would otherwise break it.

A cell is written as parts: the format's own markup (``<details><summary>``, ``...</summary><p>``,
the title's ``**[`` and ``](link)**``) and arXiv's texts between them, written as arXiv gives
them so that GitHub renders their math. GitHub reads the cell as one line of markdown, so a
text's markdown can reach across the format's markup (a trailing backslash escapes the ``<`` of
``</p>``, a backtick pairs with one in the next text, a ``*`` with one past ``</summary>``), add
an element (raw HTML, an image, in a title a link of its own) or link what the text does not (a
bare URL run on into a mend, a ``www`` cut short). Each such construct, found as cmark-gfm finds
it (see gfm_inline), is unmade by escaping its first characters, and the cell is read again,
until every text is read within its own part and adds nothing but markdown's own emphasis, code
and links.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from dailypapers.readme.cell_edit import TextEdits, as_read
from dailypapers.readme.gfm_inline import Construct, inline_constructs
from dailypapers.readme.gfm_scan import OPENS_NOTHING

# Kinds whose every opening character is escaped; the others lose their first one.
_RUNS = {"code", "emphasis"}
_LINKS = {"link", "autolink", "address"}
_ELEMENTS = {"html", "image"}
# What raw HTML may hold that, once it is text, could open something past its end: a code
# span, raw HTML, a link or a bare address.
_OPENERS = (b"`", b"<", b"[", b"]", b"://", b"www.")


class Part(NamedTuple):
    """A part of a cell: arXiv's text, which may be mended, or the format's own markup. A text
    cut from a longer one (a comment's summary) knows the ``rest`` it was cut from."""

    text: str
    is_text: bool = True
    rest: str = ""


def mend(parts: Sequence[Part], inside_link: bool = False) -> str:
    """The cell's markdown: its parts joined, each text mended only where GitHub would
    otherwise read it across the markup, make an element of it or link what it does not.
    ``inside_link``: the texts stand in the format's own link, where a link would nest."""
    cell = _Cell(parts, inside_link)
    while hazards := cell.hazards():
        cell.unmake(hazards)
    return cell.edits.written()


class _Cell:
    """The cell being mended, with the links its texts may show."""

    def __init__(self, parts: Sequence[Part], inside_link: bool) -> None:
        self.edits = TextEdits([(part.text, part.is_text) for part in parts])
        self.inside_link = inside_link
        self.own_links = {
            link
            for index, part in enumerate(parts)
            if part.is_text
            for link in _own_links(parts, index)
        }
        self.stopped_at: set[int] = set()

    def hazards(self) -> list[Construct]:
        """What breaks the cell, to be unmade at once: the first thing, and the raw HTML
        right after it, while what each holds can open nothing once it is text."""
        line = self.edits.line()
        constructs = inline_constructs(line)
        # Where bare addresses' runs stopped: a "<" there that became "&lt;" would extend them.
        self.stopped_at = {c.spans[-1][1] for c in constructs if c.kind == "address"}
        # Emphasis pairs last: mending anything else may leave them paired within their text.
        found = sorted(
            (c for c in constructs if self._breaks(c)),
            key=lambda c: (c.kind == "emphasis", c.opening[0]),
        )
        batch = found[:1]
        for following in found[1:]:
            last = batch[-1]
            start, end = last.spans[0]
            held = line[start + 1 : end]
            if {last.kind, following.kind} != {"html"} or any(o in held for o in _OPENERS):
                break
            batch.append(following)
        return batch

    def _breaks(self, construct: Construct) -> bool:
        """Whether a construct that takes from a text breaks the cell: raw HTML or an image;
        a link where it would nest, or that its text does not make as written; a bracket of the
        markup's taken by a text's; anything else that takes from more than one part."""
        # A bare address stands on what it links; the rest of its run is given back as text.
        spans = construct.spans[:1] if construct.kind == "address" else construct.spans
        touched = self.edits.touched(spans)
        texts = {index for index in touched if self.edits.is_text[index]}
        if not texts:
            return False
        if construct.kind in _ELEMENTS or (self.inside_link and construct.kind in _LINKS):
            return True
        if construct.kind in _LINKS and self._as_written(construct) not in self.own_links:
            return True
        if construct.kind == "bracket":
            return texts != touched
        return len(touched) > 1

    def _as_written(self, construct: Construct) -> tuple[str, int, int, int] | None:
        """The link by where it stands in its text as written; None for one a mend made."""
        written = self.edits.as_written(*_linked(construct))
        return None if written is None else (construct.kind, *written)

    def unmake(self, hazards: list[Construct]) -> None:
        """Escape what makes each construct, in its text, from the last."""
        for construct in reversed(hazards):
            start, end = self._text_span(construct)
            if construct.kind in {"html", "autolink"}:
                self._escape_angle_bracket(start)
            elif construct.kind == "address":
                self.edits.replace(start, f"&#{self.edits.line()[start]};".encode())
            else:
                ends = end if construct.kind in _RUNS else start + 1
                for position in reversed(range(start, ends)):
                    self.edits.insert(position, b"\\")

    def _text_span(self, construct: Construct) -> tuple[int, int]:
        """The opening, if it is in a text; else the first of the construct's spans that is."""
        for span in (construct.opening, *construct.spans):
            if self.edits.is_text[self.edits.owner(span[0])]:
                return span
        raise AssertionError(f"{construct} has nothing in a text to escape")

    def _escape_angle_bracket(self, position: int) -> None:
        """``&lt;``, unless a bare URL before it would then run on through it: then the ``<``
        stays, and what it opens is escaped after it."""
        if position not in self.stopped_at:
            self.edits.replace(position, b"&lt;")
            return
        following = self.edits.line()[position + 1]
        if chr(following).isalpha():
            self.edits.replace(position + 1, f"&#{following};".encode())
        else:
            self.edits.insert(position + 1, b"\\")


def _own_links(parts: Sequence[Part], index: int) -> set[tuple[str, int, int, int]]:
    """The links a text makes where it stands, between the markup around it, as written and once
    no ``<`` of it opens anything; for a cut text, those its whole text makes before the cut. By
    where they stand in the text."""
    before = parts[index - 1].text.encode() if index > 0 else b""
    after = parts[index + 1].text.encode() if index + 1 < len(parts) else b""
    whole, cut = as_read(parts[index].text + parts[index].rest), len(as_read(parts[index].text))
    own = set()
    for written in (whole, whole.replace(b"<", b"<" + OPENS_NOTHING)):
        for construct in inline_constructs(before + written + after):
            if construct.kind in _LINKS:
                start, end = (_unopened(written, at - len(before)) for at in _linked(construct))
                if start >= 0 and end <= cut:
                    own.add((construct.kind, index, start, end))
    return own


def _unopened(written: bytes, position: int) -> int:
    """Where a position of a text read with no ``<`` opening anything stood as written."""
    return position - written.count(OPENS_NOTHING, 0, max(position, 0))


def _linked(construct: Construct) -> tuple[int, int]:
    """The bytes a link stands on: an address's that it links, a link's from its ``[`` to its
    ``)``, an autolink's from ``<`` to ``>``."""
    if construct.kind == "address":
        return construct.spans[0]
    return construct.spans[0][0], construct.spans[-1][1]
