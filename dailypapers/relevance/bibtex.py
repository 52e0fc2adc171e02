"""The ``seed-bibtex`` input: seed papers from a BibTeX file as reference managers export it.

Zotero, Mendeley, JabRef and Paperpile all write titles and, when they have one, the abstract;
they differ in the rest (braces or quotes, ``{\\"u}`` or ``ü``, ``@Article`` or ``@article``,
``@string`` macros, ``@comment`` blocks of their own), which bibtexparser reads. LaTeX accents
and escapes are decoded and braces dropped, so that the seed's words are the words a reader sees.
An entry without a title is skipped; a block the parser cannot read is skipped too, and counted
in the error when no entry is left.
"""

from __future__ import annotations

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import SeedText

_HINT = (
    "export the references from Zotero, Mendeley, JabRef or Paperpile as BibTeX, with their "
    "titles and abstracts"
)


def _field(entry: Entry, name: str) -> str:
    """A field's text, white space folded, whatever the case of its name; empty when absent."""
    for field in entry.fields:
        if field.key.lower() == name and isinstance(field.value, str):
            return " ".join(field.value.split())
    return ""


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _parse(text: str) -> Library:
    return parse_string(text, append_middleware=[LatexDecodingMiddleware()])


def _entries(library: Library) -> tuple[list[Entry], int]:
    """The entries in file order, and how many blocks are not BibTeX. A quirk is no reason to
    lose a seed: an entry whose key an earlier one has is read on its own, and one whose LaTeX
    the decoder fails on (pylatexenc on ``\\href{url}{text}``, for one) is kept as it was read."""
    entries, unreadable = [], 0
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and block.raw:
            entries += _entries(_parse(block.raw))[0]
        elif isinstance(block, ParsingFailedBlock):
            if isinstance(block.ignore_error_block, Entry):
                entries.append(block.ignore_error_block)
            else:
                unreadable += 1
        elif isinstance(block, Entry):
            entries.append(block)
    return entries, unreadable


def _what_is_there(untitled: int, unreadable: int) -> str:
    """What a text without a titled entry holds instead, for the error."""
    parts = []
    if untitled:
        parts.append(_count(untitled, "entry without a title", "entries without a title"))
    if unreadable:
        parts.append(_count(unreadable, "block that is not BibTeX", "blocks that are not BibTeX"))
    return ", ".join(parts) or "no entry such as @article{key, title = {...}} at all"


def bibtex_seeds(text: str, source: str = "the BibTeX text") -> tuple[SeedText, ...]:
    """The seed papers of a BibTeX text, in the file's order, each once; ConfigError naming
    ``source`` when no entry has a title."""
    entries, unreadable = _entries(_parse(text))
    seeds = (SeedText(_field(entry, "title"), _field(entry, "abstract")) for entry in entries)
    titled = tuple(dict.fromkeys(seed for seed in seeds if seed.title))
    if not titled:
        found = _what_is_there(len(entries), unreadable)
        raise ConfigError(f"{source} holds no entry with a title ({found}); {_HINT}")
    return titled
