"""What GitHub's renderer (cmark-gfm 0.29.0.gfm.13, with GFM's extensions) makes of one line of
inline markdown, such as a table cell: where each code span, raw HTML, autolink, escape,
entity, link, image, bracket and emphasis begins and ends.

It follows cmark-gfm's inline parser step by step, left to right, as GitHub reads a cell; link
reference definitions and footnotes aside, which a README's cells do not use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from dailypapers.readme.gfm_autolink import url_autolink, www_autolink
from dailypapers.readme.gfm_emphasis import DelimiterStack, delimiter_run
from dailypapers.readme.gfm_scan import (
    ASCII_PUNCTUATION,
    angle_bracket_end,
    entity_end,
    link_destination_end,
)

# Where a run of plain text ends: the characters cmark-gfm's inline parser stops at.
_SPECIAL = re.compile(rb"[\n\r!&*<\[\\\]_`~:w]")
_BACKTICKS = re.compile(rb"`+")
# Longer runs of backticks never open a code span in cmark-gfm.
_MOST_BACKTICKS = 80


class Construct(NamedTuple):
    """One thing the renderer makes of the line: its kind, the spans of bytes that make it,
    and the span whose characters could be escaped to unmake it."""

    kind: str
    spans: tuple[tuple[int, int], ...]
    opening: tuple[int, int]


@dataclass
class _Bracket:
    start: int
    after: int
    image: bool


@dataclass
class InlineScan:
    """The constructs of one line, found as cmark-gfm's parser finds them."""

    line: bytes
    constructs: list[Construct] = field(default_factory=list)
    _brackets: list[_Bracket] = field(default_factory=list)
    _delimiters: DelimiterStack = field(default_factory=DelimiterStack)
    _no_link_openers: bool = True
    _scanned_to_end: bool = False
    _unclosed: set[str] = field(default_factory=set)
    _last_run_at: dict[int, int] = field(default_factory=dict)

    def run(self) -> list[Construct]:
        position = 0
        while position < len(self.line):
            position = self._step(position)
        self._pair_delimiters(0)
        return self.constructs

    def _step(self, position: int) -> int:
        byte = self.line[position : position + 1]
        handler = _HANDLERS.get(byte)
        if handler is not None:
            return handler(self, position)
        found = _SPECIAL.search(self.line, position + 1)
        return found.start() if found else len(self.line)

    def _add(self, kind: str, spans: tuple[tuple[int, int], ...], opening: tuple[int, int]) -> None:
        self.constructs.append(Construct(kind, spans, opening))

    def _backticks(self, start: int) -> int:
        opening = _BACKTICKS.match(self.line, start)
        assert opening is not None
        end = self._closing_backticks(opening.end(), opening.end() - start)
        if end is None:
            return opening.end()
        self._add("code", ((start, end),), (start, opening.end()))
        return end

    def _closing_backticks(self, after: int, length: int) -> int | None:
        """Where the code span whose opening run of ``length`` ends at ``after`` closes, as
        cmark-gfm finds it: it remembers where it last saw a run of each length, and once it
        has scanned to the end of the line believes no run lies past the one remembered, even
        when a later scan remembered an earlier one."""
        if length > _MOST_BACKTICKS:
            return None
        if self._scanned_to_end and self._last_run_at.get(length, 0) <= after:
            return None
        for run in _BACKTICKS.finditer(self.line, after):
            run_length = run.end() - run.start()
            if run_length <= _MOST_BACKTICKS:
                self._last_run_at[run_length] = run.start()
            if run_length == length:
                return run.end()
        self._scanned_to_end = True
        return None

    def _backslash(self, start: int) -> int:
        if start + 1 < len(self.line) and self.line[start + 1] in ASCII_PUNCTUATION:
            self._add("escape", ((start, start + 2),), (start, start + 1))
            return start + 2
        return start + 1

    def _ampersand(self, start: int) -> int:
        end = entity_end(self.line, start)
        if end is None:
            return start + 1
        self._add("entity", ((start, end),), (start, start + 1))
        return end

    def _angle_bracket(self, start: int) -> int:
        found = angle_bracket_end(self.line, start, self._unclosed)
        if found is None:
            return start + 1
        kind, end = found
        if kind.startswith("unclosed "):
            self._unclosed.add(kind.removeprefix("unclosed "))
            return end
        self._add(kind, ((start, end),), (start, start + 1))
        return end

    def _delimiter(self, start: int) -> int:
        end, delimiter = delimiter_run(self.line, start)
        if delimiter is not None:
            self._delimiters.push(delimiter)
        return end

    def _open_bracket(self, start: int) -> int:
        self._brackets.append(_Bracket(start, start + 1, image=False))
        self._no_link_openers = False
        return start + 1

    def _bang(self, start: int) -> int:
        if self.line[start + 1 : start + 2] == b"[" and self.line[start + 2 : start + 3] != b"^":
            self._brackets.append(_Bracket(start, start + 2, image=True))
            return start + 2
        return start + 1

    def _close_bracket(self, start: int) -> int:
        """A link or image, if the last bracket opened may make one and a destination follows;
        either way the bracket is spent."""
        after = start + 1
        if not self._brackets:
            return after
        opener = self._brackets.pop()
        end = None
        if (opener.image or not self._no_link_openers) and self.line[after : after + 1] == b"(":
            end = link_destination_end(self.line, after)
        spans = ((opener.start, opener.after), (start, end or after))
        opening = (opener.after - 1, opener.after)
        if end is None:
            self._add("bracket", spans, opening)
            return after
        self._add("image" if opener.image else "link", spans, opening)
        self._pair_delimiters(opener.after)
        if not opener.image:
            # cmark-gfm reads no link in a link: no "[" before this one opens one any more.
            self._no_link_openers = True
        return end

    def _bare_address(self, start: int) -> int:
        if self._brackets:
            return start + 1
        is_colon = self.line[start] == ord(":")
        found = (url_autolink if is_colon else www_autolink)(self.line, start)
        if found is None:
            return start + 1
        link_start, link_end, scanned = found
        # What it links, then the rest of its run, which it gave back.
        self._add("address", ((link_start, link_end), (link_end, scanned)), (start, start + 1))
        return link_end

    def _pair_delimiters(self, bottom: int) -> None:
        stack = self._delimiters
        stack.process(bottom)
        for pair in stack.pairs:
            self._add("emphasis", (pair.opener, pair.closer), pair.opener)
        stack.pairs.clear()


_HANDLERS = {
    b"`": InlineScan._backticks,
    b"\\": InlineScan._backslash,
    b"&": InlineScan._ampersand,
    b"<": InlineScan._angle_bracket,
    b"*": InlineScan._delimiter,
    b"_": InlineScan._delimiter,
    b"~": InlineScan._delimiter,
    b"[": InlineScan._open_bracket,
    b"!": InlineScan._bang,
    b"]": InlineScan._close_bracket,
    b":": InlineScan._bare_address,
    b"w": InlineScan._bare_address,
}


def inline_constructs(line: bytes) -> list[Construct]:
    """Every construct cmark-gfm makes of ``line``, read as one cell's or paragraph's inlines
    (which end at their last character that is not white space)."""
    return InlineScan(line.rstrip(b" \t\n\v\f\r")).run()
