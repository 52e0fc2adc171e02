"""The scanners of GitHub's renderer (cmark-gfm 0.29.0.gfm.13) for what one position of a line
of markdown opens: raw HTML, an autolink in angle brackets, an entity, a link's destination and
title, and the extended autolinks GFM makes of bare URLs and ``www.`` addresses.

They work on UTF-8 bytes, as cmark-gfm does: its domain checks step through bytes, so a
character past ASCII ends a domain after its first byte.
"""

from __future__ import annotations

import re
import unicodedata
from html.entities import html5

# Possessive throughout: each pattern has one way to match, so nothing is tried twice.
_SPACE = rb"[ \t\n\v\f\r]"
_VALUE = rb"(?:[^ \t\n\v\f\r\"'=<>`\x00]++|'[^'\x00]*+'|\"[^\"\x00]*+\")"
_ATTRIBUTE = (
    rb"(?:" + _SPACE + rb"++[A-Za-z_:][A-Za-z0-9_.:-]*+"
    rb"(?:" + _SPACE + rb"*+=" + _SPACE + rb"*+" + _VALUE + rb")?+)"
)
# What may follow a "<" for cmark-gfm to read raw HTML, each alternative after the "<".
_TAG = re.compile(
    rb"[A-Za-z][A-Za-z0-9-]*+" + _ATTRIBUTE + rb"*+" + _SPACE + rb"*+/?>"
    rb"|/[A-Za-z][A-Za-z0-9-]*+" + _SPACE + rb"*+>"
)
_COMMENT = re.compile(rb"!--(?:>|->|(?:[^\x00-]++|-[^\x00-]|--[^\x00>])*+-->)")
_CDATA = re.compile(rb"!\[CDATA\[(?:[^\]\x00]++|\][^\]\x00]|\]\][^>\x00])*+\]\]>")
_DECLARATION = re.compile(rb"![A-Z]++" + _SPACE + rb"++[^>\x00]*+>")
_INSTRUCTION = re.compile(rb"\?(?:[^?>\x00]++|\?[^>\x00]|>)*+\?>")
_MARKUP = {
    "tag": _TAG,
    "comment": _COMMENT,
    "cdata": _CDATA,
    "declaration": _DECLARATION,
    "instruction": _INSTRUCTION,
}
# How each markup must start for cmark-gfm to look for its end at all.
_STARTS = {
    "comment": re.compile(rb"!--"),
    "cdata": re.compile(rb"!\[CDATA\["),
    "declaration": re.compile(rb"![A-Z]++" + _SPACE),
    "instruction": re.compile(rb"\?"),
}
_URI_AUTOLINK = re.compile(rb"[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\x00-\x20<>]*+>")
_EMAIL_AUTOLINK = re.compile(
    rb"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]++@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    rb"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>"
)
_NUMERIC_ENTITY = re.compile(rb"&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});")
_NAMED_ENTITY = re.compile(rb"&([^ ;]{2,31});")
_SPACES = re.compile(_SPACE + rb"*+")
# A link title's quotes, and the characters that only stand in it escaped.
_TITLE_QUOTES = {ord('"'): b'"', ord("'"): b"'", ord("("): b"()"}
ASCII_PUNCTUATION = frozenset(b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ASCII_SPACE = frozenset(b" \t\n\v\f\r")
# Set after a "<", keeps it from opening anything: to read a text as if none of its "<" did.
OPENS_NOTHING = b"\x00"
# Punctuation in Python's Unicode that cmark-gfm's table does not hold (Unicode added it later),
# and the one character the table holds that Unicode no longer counts as punctuation: found by
# rendering every character after "a*" with cmark-gfm.
_PUNCTUATION_SINCE = (
    (0x61D, 0x61D), (0x9FD, 0x9FD), (0xA76, 0xA76), (0xC77, 0xC77), (0xC84, 0xC84),
    (0x1B7D, 0x1B7E), (0x2E43, 0x2E4F), (0x2E52, 0x2E5D), (0xA8FC, 0xA8FC), (0x10EAD, 0x10EAD),
    (0x10F55, 0x10F59), (0x10F86, 0x10F89), (0x111DB, 0x111DB), (0x111DD, 0x111DF),
    (0x112A9, 0x112A9), (0x1144B, 0x1144F), (0x1145A, 0x1145B), (0x1145D, 0x1145D),
    (0x115CA, 0x115D7), (0x11660, 0x1166C), (0x116B9, 0x116B9), (0x1173C, 0x1173E),
    (0x1183B, 0x1183B), (0x11944, 0x11946), (0x119E2, 0x119E2), (0x11A3F, 0x11A46),
    (0x11A9A, 0x11A9C), (0x11A9E, 0x11AA2), (0x11C41, 0x11C45), (0x11C70, 0x11C71),
    (0x11EF7, 0x11EF8), (0x11FFF, 0x11FFF), (0x12FF1, 0x12FF2), (0x16E97, 0x16E9A),
    (0x16FE2, 0x16FE2), (0x1DA87, 0x1DA8B), (0x1E95E, 0x1E95F),
)  # fmt: skip
_PUNCTUATION_THEN = frozenset({0x166D})
# Deeper nested parentheses end a link destination in cmark-gfm.
_MOST_PARENTHESES = 32


def angle_bracket_end(line: bytes, start: int, unclosed: set[str]) -> tuple[str, int] | None:
    """What the ``<`` at ``start`` opens, ``"autolink"`` or ``"html"``, and where it ends. For
    markup that never closes, ``"unclosed "`` and its name: cmark-gfm then reads no more of that
    markup (``unclosed`` names those), nor, after a comment, anything that opens with ``<!``."""
    after = start + 1
    for pattern in (_URI_AUTOLINK, _EMAIL_AUTOLINK):
        if found := pattern.match(line, after):
            return "autolink", found.end()
    if after + 2 > len(line):
        return None
    name = _markup_name(line, after)
    if name in unclosed or ("comment" in unclosed and name != "tag" and name != "instruction"):
        return None
    if found := _MARKUP[name].match(line, after):
        return "html", found.end()
    # A tag fails where it stands; the others, once their start matched, look for their end
    # to the end of the line.
    if name == "tag" or not _STARTS[name].match(line, after):
        return None
    return f"unclosed {name}", after


def _markup_name(line: bytes, after: int) -> str:
    if line[after] == ord("?"):
        return "instruction"
    if line[after] != ord("!"):
        return "tag"
    if line.startswith(b"!--", after):
        return "comment"
    return "cdata" if line[after + 1] == ord("[") else "declaration"


def entity_end(line: bytes, start: int) -> int | None:
    """Where the entity or numeric character reference at ``start`` ends, if one is there."""
    if found := _NUMERIC_ENTITY.match(line, start):
        return found.end()
    found = _NAMED_ENTITY.match(line, start)
    if found and found[1].decode("utf-8", "replace") + ";" in html5:
        return found.end()
    return None


def link_destination_end(line: bytes, start: int) -> int | None:
    """Where an inline link's ``(destination "title")`` that starts at ``start`` ends."""
    after_spaces = _spaces_end(line, start + 1)
    destination = _destination_end(line, after_spaces)
    if destination is None:
        return None
    title_start = _spaces_end(line, destination)
    title_end = title_start
    if title_start != destination:
        title_end = _title_end(line, title_start) or title_start
    close = _spaces_end(line, title_end)
    return close + 1 if line[close : close + 1] == b")" else None


def _title_end(line: bytes, start: int) -> int | None:
    """Where a link title that opens at ``start`` ends, as cmark's longest match reads it: at the
    last closing character before which every quote (or parenthesis) stands escaped."""
    quotes = _TITLE_QUOTES.get(line[start]) if start < len(line) else None
    if quotes is None:
        return None
    closing = ord(")") if quotes == b"()" else line[start]
    end = None
    for index in range(start + 1, len(line)):
        byte = line[index]
        if byte == 0:
            break
        if byte == closing:
            end = index + 1
        if byte in quotes and line[index - 1] != ord("\\"):
            break
    return end


def _spaces_end(line: bytes, start: int) -> int:
    found = _SPACES.match(line, start)
    return found.end() if found else start


def _destination_end(line: bytes, start: int) -> int | None:
    """Where a link destination at ``start`` ends: ``<...>``, or a run without white space whose
    parentheses balance; never at the end of the line, which must still hold the ``)``."""
    if line[start : start + 1] == b"<":
        end = _angle_destination_end(line, start + 1)
    else:
        end = _bare_destination_end(line, start)
    return end if end is not None and end < len(line) else None


def _angle_destination_end(line: bytes, index: int) -> int | None:
    while index < len(line) and line[index] != ord(">"):
        if line[index] in b"\n<":
            return None
        index += 2 if line[index] == ord("\\") else 1
    return index + 1


def _bare_destination_end(line: bytes, index: int) -> int | None:
    start, depth = index, 0
    while index < len(line):
        byte = line[index]
        if byte == ord("\\") and index + 1 < len(line) and line[index + 1] in ASCII_PUNCTUATION:
            index += 1
        elif byte == ord("("):
            depth += 1
            if depth > _MOST_PARENTHESES:
                return None
        elif (byte == ord(")") and depth == 0) or byte in ASCII_SPACE:
            return None if byte in ASCII_SPACE and index == start else index
        elif byte == ord(")"):
            depth -= 1
        index += 1
    return index


def is_punctuation(character: str) -> bool:
    """Punctuation as cmark-gfm's flanking and domain rules see it: ASCII's, and Unicode's P
    categories as they stood in the older Unicode its table follows."""
    code = ord(character)
    if code < 128:
        return code in ASCII_PUNCTUATION
    if code in _PUNCTUATION_THEN or any(
        first <= code <= last for first, last in _PUNCTUATION_SINCE
    ):
        return code in _PUNCTUATION_THEN
    return unicodedata.category(character).startswith("P")


def is_space(character: str) -> bool:
    return character in "\t\n\f\r" or unicodedata.category(character) == "Zs"
