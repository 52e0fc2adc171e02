"""Where a text can be escaped, and how, so that it opens nothing there.

Markdown and HTML open things with few characters: a backtick, ``*``, ``_``, ``~``, a bracket, a
``<``, the ``:`` of a URL's scheme, the ``www.`` of a bare address; and a backslash at the end of a
text escapes whatever comes after it. Each such character that no backslash escapes already is a
place to escape: a backslash before it, or where a backslash would show, the same character as an
entity. A ``<`` right after a word that may be a bare link stays, so that the link still stops
there (``&lt;`` would be read as part of it), and what would follow the ``<`` into a tag, a
comment or an address is escaped instead.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dailypapers.domain.text import UNESCAPED_PIPE

# A place that may open something, after the run of backslashes before it (an odd run escapes
# it already): a backtick, *, _, ~, a bracket or <; the ":" of a URL's "://"; a "www.".
_PLACE = re.compile(r"(\\*)(?:[`*_~\[\]<]|(?<=[A-Za-z]):(?=//)|www\.)")
_BARE_LINK = re.compile(r"://|www\.")
# After a "<": what would make a tag, a closing tag, a comment, a declaration or an instruction.
_TAG_STARTS = frozenset("/!?")


# What may open something in a text, or link it: without any, a text renders as its characters
# wherever it stands (its pipes escaped).
_MAY_OPEN = re.compile(r"[\\`*_~\[\]<@]|://|www\.")


def opens_nothing(text: str) -> bool:
    """Whether ``text`` holds nothing that markdown, HTML or a bare link could open."""
    return _MAY_OPEN.search(text) is None


class Escape(NamedTuple):
    """The character at ``at`` written as ``written``, which shows it and opens nothing."""

    at: int
    written: str


def escapes(text: str) -> list[Escape]:
    """Every place of ``text`` that may open something, as it would be escaped, in order."""
    found: dict[int, str] = {}
    links = [link.start() for link in _BARE_LINK.finditer(text)]
    for place in _PLACE.finditer(text):
        if len(place[1]) % 2 == 0:
            for escape in _escapes_at(text, place.end(1), links):
                found.setdefault(escape.at, escape.written)
    if (len(text) - len(text.rstrip("\\"))) % 2:
        found[len(text) - 1] = "\\\\"
    return [Escape(at, written) for at, written in sorted(found.items())]


def _escapes_at(text: str, at: int, links: list[int]) -> Iterable[Escape]:
    character = text[at]
    if character == "<":
        yield from _angle_bracket(text, at, links)
    elif character == ":":
        yield Escape(at, "\\:")
    elif character == "w":
        yield Escape(at, "&#119;")
    else:
        yield Escape(at, "\\" + character)


def _angle_bracket(text: str, at: int, links: list[int]) -> Iterable[Escape]:
    """``&lt;``, unless the word before the ``<`` holds a bare link's ``://`` or ``www.``."""
    word_start = text.rfind(" ", 0, at) + 1
    first_link = bisect_left(links, word_start)
    if first_link == len(links) or links[first_link] >= at:
        yield Escape(at, "&lt;")
        return
    following = text[at + 1 : at + 2]
    if following in _TAG_STARTS:
        yield Escape(at + 1, "\\" + following)
    elif following.isascii() and following.isalpha():
        yield Escape(at + 1, f"&#{ord(following)};")


def written(text: str, applied: Mapping[int, str]) -> str:
    """The text with the ``applied`` escapes (``at`` to what is written), its pipes escaped so
    that they split no cell."""
    if applied:
        pieces, start = [], 0
        for at in sorted(applied):
            pieces += [text[start:at], applied[at]]
            start = at + 1
        text = "".join(pieces) + text[start:]
    return UNESCAPED_PIPE.sub(r"\\|", text)
