"""Plain-text rules that several parts follow (the arXiv and README layers, both README
stores), kept here so that none imports another for them."""

from __future__ import annotations

import re

from dailypapers.domain.errors import StoreError

# GFM splits a row's cells at every pipe that no backslash escapes, even inside code or math.
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def fold(text: str) -> str:
    """Runs of white space, line breaks among them, made one space: arXiv wraps titles and
    abstracts over several lines, and a table row is one line."""
    return " ".join(text.split())


def utf8_size(text: str) -> int:
    """A text's size as a file or an output holds it: its bytes in UTF-8."""
    return len(text.encode("utf-8"))


def decode_readme(data: bytes, location: str) -> str:
    """A file's text; only UTF-8 is accepted, as GitHub renders it."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreError(
            f"{location} is not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from error
