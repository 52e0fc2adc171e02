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
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from dailypapers.domain.text import UNESCAPED_PIPE

_OPENERS = frozenset("`*_~[]<")
# After a "<": what would make a tag, a closing tag, a comment, a declaration or an instruction.
_TAG_STARTS = frozenset("/!?")
# What a word before a "<" holds when it may be a bare link, which "&lt;" would run on.
_BARE_LINKS = ("://", "www.")


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
    backslashes = 0
    for at, character in enumerate(text):
        if backslashes % 2 == 0:
            for escape in _escapes_at(text, at, character):
                found.setdefault(escape.at, escape.written)
        backslashes = backslashes + 1 if character == "\\" else 0
    if backslashes % 2:
        found[len(text) - 1] = "\\\\"
    return [Escape(at, written) for at, written in sorted(found.items())]


def _escapes_at(text: str, at: int, character: str) -> Iterable[Escape]:
    if character == "<":
        yield from _angle_bracket(text, at)
    elif character in _OPENERS:
        yield Escape(at, "\\" + character)
    elif character == ":" and text.startswith("//", at + 1) and text[at - 1 : at].isalpha():
        yield Escape(at, "\\:")
    elif text.startswith("www.", at):
        yield Escape(at, "&#119;")


def _angle_bracket(text: str, at: int) -> Iterable[Escape]:
    word = text[:at].rpartition(" ")[2]
    if not any(link in word for link in _BARE_LINKS):
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
