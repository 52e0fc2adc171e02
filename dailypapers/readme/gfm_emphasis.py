"""Which runs of ``*``, ``_`` and ``~`` GitHub's renderer pairs into emphasis and
strikethrough, by cmark-gfm's delimiter rules: a run opens or closes by what flanks it, a closer
takes the nearest opener it may, and a run of ``~`` strikes through only with one as long
(meeting a run of another length, both are spent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from dailypapers.readme.gfm_scan import is_punctuation, is_space

# The strikethrough extension's "~" is skipped over when a "*" or "_" looks at its neighbours.
_SKIPPED = ord("~")
_LINE_END = "\n"
# The strikethrough extension reads at most this many "~" as one run.
_MOST_TILDES = 100


@dataclass(eq=False)
class Delimiter:
    """A run of one delimiter character, on the stack while it may still pair."""

    character: int
    start: int
    end: int
    can_open: bool
    can_close: bool
    remaining: int = field(init=False)
    previous: Delimiter | None = None
    next: Delimiter | None = None

    def __post_init__(self) -> None:
        self.remaining = self.end - self.start

    @property
    def length(self) -> int:
        return self.end - self.start


class Pair(NamedTuple):
    """Emphasis, strong emphasis or strikethrough: its opening and closing runs."""

    character: int
    opener: tuple[int, int]
    closer: tuple[int, int]


def delimiter_run(line: bytes, start: int) -> tuple[int, Delimiter | None]:
    """Where the run of ``*``, ``_`` or ``~`` at ``start`` ends, and the delimiter it is (None
    for a run that can take no part in a pair)."""
    character = line[start]
    end = start
    while end < len(line) and line[end] == character:
        end += 1
    if character == _SKIPPED:
        end = min(end, start + _MOST_TILDES)
        return end, _tilde_run(line, start, end)
    before = _character_before(line, start, skip=True)
    after = _character_after(line, end, skip=True)
    left, right = _flanking(before, after)
    if character == ord("_"):
        can_open = left and (not right or is_punctuation(before))
        can_close = right and (not left or is_punctuation(after))
    else:
        can_open, can_close = left, right
    if not (can_open or can_close):
        return end, None
    return end, Delimiter(character, start, end, can_open, can_close)


def _tilde_run(line: bytes, start: int, end: int) -> Delimiter | None:
    before = _character_before(line, start, skip=False)
    after = _character_after(line, end, skip=False)
    space_before, space_after = is_space(before), is_space(after)
    punct_before, punct_after = is_punctuation(before), is_punctuation(after)
    left = not space_after and not (punct_after and not space_before and not punct_before)
    right = not space_before and not (punct_before and not space_after and not punct_after)
    if not (left or right) or end - start > 2:
        return None
    return Delimiter(_SKIPPED, start, end, left, right)


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    left = not is_space(after) and (
        not is_punctuation(after) or is_space(before) or is_punctuation(before)
    )
    right = not is_space(before) and (
        not is_punctuation(before) or is_space(after) or is_punctuation(after)
    )
    return left, right


def _character_before(line: bytes, start: int, skip: bool) -> str:
    index = start - 1
    while index > 0 and (line[index] >> 6 == 2 or (skip and line[index] == _SKIPPED)):
        index -= 1
    if index < 0 or (skip and line[index] == _SKIPPED):
        return _LINE_END
    return _decoded(line[index:start])


def _character_after(line: bytes, end: int, skip: bool) -> str:
    while skip and end < len(line) and line[end] == _SKIPPED:
        end += 1
    return _decoded(line[end : end + 4])


def _decoded(sequence: bytes) -> str:
    """The first character of ``sequence``, a line end where there is none."""
    text = sequence.decode("utf-8", "ignore")
    return text[0] if text else _LINE_END


@dataclass
class DelimiterStack:
    """The delimiters not paired yet, in line order, and the pairs made so far."""

    last: Delimiter | None = None
    pairs: list[Pair] = field(default_factory=list)

    def push(self, delimiter: Delimiter) -> None:
        delimiter.previous = self.last
        if self.last is not None:
            self.last.next = delimiter
        self.last = delimiter

    def remove(self, delimiter: Delimiter) -> None:
        if delimiter.next is None:
            self.last = delimiter.previous
        else:
            delimiter.next.previous = delimiter.previous
        if delimiter.previous is not None:
            delimiter.previous.next = delimiter.next

    def process(self, bottom: int) -> None:
        """Pair the delimiters that stand at or after ``bottom``, as cmark's process_emphasis."""
        closer = self._first_from(bottom)
        openers_bottom: dict[tuple[int, int], int] = {}
        while closer is not None:
            if not closer.can_close:
                closer = closer.next
                continue
            key = (closer.length % 3, closer.character)
            opener = self._opener_for(closer, max(bottom, openers_bottom.get(key, bottom)))
            following: Delimiter | None
            if opener is None:
                following = closer.next
                openers_bottom[key] = closer.end
                if not closer.can_open:
                    self.remove(closer)
            elif closer.character == _SKIPPED:
                following = self._strike(opener, closer)
            else:
                following = self._emphasis(opener, closer)
            closer = following
        while self.last is not None and self.last.end >= bottom:
            self.remove(self.last)

    def _first_from(self, bottom: int) -> Delimiter | None:
        first, candidate = None, self.last
        while candidate is not None and candidate.end >= bottom:
            first, candidate = candidate, candidate.previous
        return first

    @staticmethod
    def _opener_for(closer: Delimiter, bottom: int) -> Delimiter | None:
        opener = closer.previous
        while opener is not None and opener.end >= bottom:
            if (
                opener.can_open
                and opener.character == closer.character
                and (
                    not (closer.can_open or opener.can_close)
                    or closer.length % 3 == 0
                    or (opener.length + closer.length) % 3 != 0
                )
            ):
                return opener
            opener = opener.previous
        return None

    def _between(self, opener: Delimiter, closer: Delimiter) -> None:
        inner = closer.previous
        while inner is not None and inner is not opener:
            self.remove(inner)
            inner = inner.previous

    def _emphasis(self, opener: Delimiter, closer: Delimiter) -> Delimiter | None:
        used = 2 if opener.remaining >= 2 and closer.remaining >= 2 else 1
        opener.remaining -= used
        closer.remaining -= used
        self.pairs.append(
            Pair(closer.character, (opener.start, opener.end), (closer.start, closer.end))
        )
        self._between(opener, closer)
        if opener.remaining == 0:
            self.remove(opener)
        if closer.remaining == 0:
            following = closer.next
            self.remove(closer)
            return following
        return closer

    def _strike(self, opener: Delimiter, closer: Delimiter) -> Delimiter | None:
        """Strikethrough when the runs are as long; either way both are spent, and all between."""
        following = closer.next
        if opener.length == closer.length:
            self.pairs.append(
                Pair(closer.character, (opener.start, opener.end), (closer.start, closer.end))
            )
        self._between(opener, closer)
        self.remove(closer)
        self.remove(opener)
        return following
