"""The README's size budget and path: what the README layer splits rows into pages by, and what
the stores read and write those pages beside."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_README_PATH = "README.md"
# The folder beside the README that holds the pages of older papers.
PAGES_FOLDER = "papers"
# GitHub cuts a README on the repository's front page at 512,000 bytes: the default stays under.
DEFAULT_MAX_README_BYTES = 500_000


@dataclass(frozen=True, slots=True)
class PageSettings:
    """How many bytes the README may take, and its path, as the store reads it: the rows a
    section keeps past the budget go to pages in the folder ``papers`` beside it, each within
    the same budget."""

    max_readme_bytes: int = DEFAULT_MAX_README_BYTES
    readme_path: str = DEFAULT_README_PATH
