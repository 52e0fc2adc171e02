"""The text markdown-it parses for a README: the README itself, with long cells emptied.

markdown-it's table rule splits every row character by character in Python, and the abstracts
make that most of the time on a large README. Only a body row's title (the first cell) and date (a
short cell, wherever it stands) and the header's cells are read, so longer later cells are
emptied: every separator stays, so rows keep their cells, and so does every line, so token maps
index the original lines. A ``>`` is kept where there was one, so no HTML block changes where it
ends.
"""

from __future__ import annotations

import re

from dailypapers.domain.text import UNESCAPED_PIPE

# Lines holding what ends an HTML block of types 1 to 5 are parsed as they are.
_HTML_BLOCK_END = re.compile(r"-->|\?>|\]\]>|</(?:script|pre|style|textarea)", re.IGNORECASE)
# Cells after the second that are longer than this are emptied before block parsing.
_SKELETON_CELL_LIMIT = 40


def skeleton(lines: tuple[str, ...]) -> str:
    """The text markdown-it parses for these lines: each line, its long later cells emptied."""
    text = "".join(map(_skeleton_line, lines))
    # A byte order mark is no text: without it, a first line "## Heading" is a heading.
    return text.removeprefix("\ufeff")


def _skeleton_line(line: str) -> str:
    if len(line) <= 4 * _SKELETON_CELL_LIMIT or not line.lstrip(" ").startswith("|"):
        return line
    if _HTML_BLOCK_END.search(line):
        return line
    cells = UNESCAPED_PIPE.split(line) if "\\|" in line else line.split("|")
    # cells[0] is the indentation before the first pipe, cells[-1] what follows the last one.
    later = [
        (">" if ">" in cell else "") if len(cell) > _SKELETON_CELL_LIMIT else cell
        for cell in cells[3:-1]
    ]
    return "|".join([*cells[:3], *later, *cells[-1:]])
