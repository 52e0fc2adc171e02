"""The first characters of a long comment, which its collapsed cell shows before ``...``.

They are the comment's first five characters as they are (``This ...`` keeps its space), but the
cut never splits what GitHub would then show otherwise: an escape or an entity is kept whole,
and a cut that would leave an e-mail address cut short, which GitHub would link, is made before
its last character.
"""

from __future__ import annotations

from html import unescape

from dailypapers.readme.gfm_autolink import email_autolinks
from dailypapers.readme.gfm_inline import inline_constructs
from dailypapers.readme.gfm_scan import OPENS_NOTHING

# The format's markup before a text ends in ">", after which no "www." links.
_AFTER_MARKUP = b">"
_DOTS = b"..."
_KEPT_WHOLE = {"escape", "entity"}


def first_characters(text: str, count: int) -> str:
    """The first ``count`` characters of ``text``, or as many more as it takes to end an escape
    or an entity the cut would split; or fewer, where they would end in an e-mail address the
    comment does not link."""
    written = text.encode()
    cut = len(text[:count].encode())
    for kind, start, end in _kept_whole(written):
        kept = written[start:cut].decode()
        if start < cut < end and (
            kind == "escape" or unescape(written[start:end].decode()) != kept
        ):
            cut = end
    linked = set(email_autolinks(written))
    while cut and not linked.issuperset(email_autolinks(written[:cut] + _DOTS)):
        cut = len(written[:cut].decode()[:-1].encode())
    return written[:cut].decode()


def _kept_whole(written: bytes) -> list[tuple[str, int, int]]:
    """Where the text's escapes and entities stand, as they read after the format's markup once
    no ``<`` of the text opens anything."""
    line = _AFTER_MARKUP + written.replace(b"<", b"<" + OPENS_NOTHING)
    found = []
    for construct in inline_constructs(line):
        if construct.kind in _KEPT_WHOLE:
            start, end = construct.spans[0]
            found.append((construct.kind, _as_written(line, start), _as_written(line, end)))
    return found


def _as_written(line: bytes, position: int) -> int:
    return position - len(_AFTER_MARKUP) - line.count(OPENS_NOTHING, 0, position)
