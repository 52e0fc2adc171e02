"""Splices of a parsed README's lines: how a merge changes the file, and only what it changes.

A merge plans its changes as splices (lines replaced, or inserted) and applies them bottom-up;
each line the splice keeps keeps its own line ending, each new one ends as the file's lines do,
and the file ends as it did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dailypapers.readme.document import Readme, line_ending


@dataclass(frozen=True, slots=True)
class Splice:
    """The README's lines ``start`` to ``end`` (0-based, end exclusive) replaced by ``lines``
    (without line endings); ``start == end`` inserts them."""

    start: int
    end: int
    lines: tuple[str, ...]


def insertion(readme: Readme, position: int, lines: list[str]) -> Splice:
    """New sections inserted at ``position``, kept apart from the text after them by a blank
    line; at the very start of the file, without a blank line before them."""
    if position < len(readme.lines) and readme.lines[position].strip() and lines[-1]:
        lines = [*lines, ""]
    if position == 0 and not lines[0]:
        lines = lines[1:]
    return Splice(position, position, tuple(lines))


def apply_splices(readme: Readme, splices: Sequence[Splice], new: bool) -> str:
    """The README's text with the splices made, each new line ending as the file's lines do. A
    ``new`` README ends as DailyArXiv's do, with a blank line; a file that did not end with a
    line break still does not."""
    lines = list(readme.lines)
    # Bottom-up, so that the line indexes of the splices still to make stay valid; the sort is
    # stable, so splices at the same line are made in the order planned.
    for splice in sorted(splices, key=lambda splice: splice.start, reverse=True):
        if splice.start > 0 and not line_ending(lines[splice.start - 1]):
            lines[splice.start - 1] += readme.newline
        # A line the splice keeps keeps its own ending: mixed line endings stay as they were.
        replaced = lines[splice.start : splice.end]
        endings = {line.rstrip("\r\n"): line_ending(line) for line in replaced}
        lines[splice.start : splice.end] = [
            line + (endings.get(line) or readme.newline) for line in splice.lines
        ]
    text = "".join(lines)
    if new:
        return text + readme.newline
    return text.rstrip("\r\n") if readme.lines and not line_ending(readme.lines[-1]) else text
