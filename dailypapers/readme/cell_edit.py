"""A cell's parts as GitHub's renderer reads them, edited in place: the format's markup as it is,
each text as UTF-8 bytes with its escaped pipes unescaped (the table does so before the inline
parser), and for each byte of a text where it stood as written, so that a link can be told from
one a mend made.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

# Where a byte a mend added stood as written: nowhere.
_ADDED = -1


def as_read(text: str) -> bytes:
    """A text as the inline parser reads it in a table cell: its escaped pipes unescaped, and a
    NUL character the replacement character, as cmark-gfm reads it."""
    return text.replace("\\|", "|").replace("\x00", "\ufffd").encode()


class TextEdits:
    """The parts of a cell; only the texts among them are edited."""

    def __init__(self, parts: Sequence[tuple[str, bool]]) -> None:
        self.is_text = [is_text for _, is_text in parts]
        self.markup = [text for text, _ in parts]
        self.pieces = [as_read(text) if is_text else text.encode() for text, is_text in parts]
        self.origins = [list(range(len(piece))) for piece in self.pieces]

    def line(self) -> bytes:
        """The cell as the inline parser reads it."""
        return b"".join(self.pieces)

    def written(self) -> str:
        """The cell as written in the row: each text's pipes escaped again."""
        return "".join(
            piece.decode().replace("|", "\\|") if is_text else markup
            for piece, is_text, markup in zip(self.pieces, self.is_text, self.markup, strict=True)
        )

    def _starts(self) -> list[int]:
        return list(accumulate((len(piece) for piece in self.pieces[:-1]), initial=0))

    def owner(self, position: int) -> int:
        """The part the byte at ``position`` of the line belongs to."""
        return bisect_right(self._starts(), position) - 1

    def touched(self, spans: Sequence[tuple[int, int]]) -> set[int]:
        """The parts that the spans of the line take bytes from."""
        starts = self._starts()
        touched: set[int] = set()
        for start, end in spans:
            if end > start:
                first, last = bisect_right(starts, start) - 1, bisect_right(starts, end - 1) - 1
                touched.update(range(first, last + 1))
        return touched

    def as_written(self, start: int, end: int) -> tuple[int, int, int] | None:
        """The part and the bytes of it as written that the line's ``start:end`` stands on;
        None where it starts or ends on a byte a mend added, or spans parts."""
        index = self.owner(start)
        if self.owner(end - 1) != index:
            return None
        offset = self._starts()[index]
        first, last = self.origins[index][start - offset], self.origins[index][end - 1 - offset]
        return None if _ADDED in (first, last) else (index, first, last + 1)

    def insert(self, position: int, added: bytes) -> None:
        self._splice(position, position, added)

    def replace(self, position: int, replacement: bytes) -> None:
        """The byte at ``position`` replaced; the new bytes stand where it stood."""
        self._splice(position, position + 1, replacement)

    def _splice(self, start: int, end: int, replacement: bytes) -> None:
        index = self.owner(start)
        offset = start - self._starts()[index]
        piece, origin = self.pieces[index], self.origins[index]
        replaced = origin[offset : offset + end - start]
        added = [replaced[0] if replaced else _ADDED] * len(replacement)
        self.pieces[index] = piece[:offset] + replacement + piece[offset + end - start :]
        self.origins[index] = origin[:offset] + added + origin[offset + end - start :]
