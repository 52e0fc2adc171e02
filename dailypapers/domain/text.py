"""Plain-text rules that both the arXiv layer and the README layer follow, kept here so that
neither imports the other for them."""

from __future__ import annotations

import re

# GFM splits a row's cells at every pipe that no backslash escapes, even inside code or math.
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def fold(text: str) -> str:
    """Runs of white space, line breaks among them, made one space: arXiv wraps titles and
    abstracts over several lines, and a table row is one line."""
    return " ".join(text.split())
