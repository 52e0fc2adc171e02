"""The first characters of a long comment, which its collapsed cell shows before ``...``.

They are the comment's first five characters as they are (``This ...`` keeps its space), but the
cut never splits what GitHub would then show otherwise: an entity is kept whole, a backslash
never escapes a dot of ``...``, and a cut that would leave an e-mail address cut short, which
GitHub would link, is made before its last character. GitHub's renderer says what is shown.
"""

from __future__ import annotations

import re

from dailypapers.readme.escapes import opens_nothing, written
from dailypapers.readme.gfm import cell_html, links, shown

_DOTS = "..."
# The format's markup before a summary ends in ">", after which no "www." links.
_AFTER_MARKUP = ">"
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
# How far past ``count`` a cut may move to keep an escape whole.
_REACH = 2


def first_characters(text: str, count: int) -> str:
    """The first ``count`` characters of ``text``, or as many more as it takes to end an entity
    or an escape the cut would split; or fewer, where they would end in an e-mail address the
    comment does not link."""
    cut = min(count, len(text))
    if opens_nothing(text) and "&" not in text:
        return text[:cut]
    for entity in _ENTITY.finditer(text):
        if entity.start() < cut < entity.end():
            cut = entity.end()
    for _ in range(_REACH):
        if cut < len(text) and not _keeps_its_dots(text[:cut]):
            cut += 1
    linked = links(_html(text)) | links(cell_html(written(text, {})) or "")
    while cut and not links(_html(text[:cut] + _DOTS)) <= linked:
        cut -= 1
    return text[:cut]


def _html(text: str) -> str:
    return cell_html(_AFTER_MARKUP + written(text, {})) or ""


def _keeps_its_dots(first: str) -> bool:
    """Whether ``...`` after ``first`` shows as three dots where a letter would show as itself
    (a backslash before it would escape a dot)."""
    return shown(_html(first + _DOTS)) == shown(_html(first + "x"))[:-1] + _DOTS
