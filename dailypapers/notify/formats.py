"""The digest in the formats services take: plain text, Markdown and HTML. Pure.

A digest in a format is a run of blocks: an introduction, then each section's heading and its
papers. Each block is whole in its format (no tag or list left open), so any run of them is a
message a service can show: :mod:`dailypapers.notify.fitting` packs them into messages that fit
one. A paper's block holds its title linked to its abstract page, its authors, its date (and
version), and its TL;DR where it has one. Text from arXiv is escaped for the format, and an
"@name" in it pings nobody.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from dailypapers.domain.interfaces import Digest
from dailypapers.domain.paper import Paper, shown_authors
from dailypapers.domain.text import fold
from dailypapers.notify.digest import without_mentions

# The formats, named as Apprise names them.
TEXT = "text"
MARKDOWN = "markdown"
HTML = "html"
FORMATS = (TEXT, MARKDOWN, HTML)

# What Markdown (CommonMark, and the chat dialects Apprise converts it to) reads as markup in
# running text: escaped with a backslash, so a title shows as arXiv gives it.
_MARKDOWN_MARKUP = re.compile(r"[\\`*_\[\]<>~|]")


@dataclass(frozen=True, slots=True)
class DigestBlocks:
    """A digest written in one format: its introduction, then each section's heading block
    and one block per paper; ``total`` papers in all, every one listed in the README at
    ``readme_url``."""

    format: str
    intro: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    total: int
    readme_url: str


def digest_blocks(digest: Digest, form: str) -> DigestBlocks:
    """The digest's papers, by section, as blocks in the format ``form``."""
    text, link = _TEXT_OF[form], _LINK_OF[form]
    total = sum(len(papers) for _, papers in digest.sections)
    noun = "paper" if total == 1 else "papers"
    readme = link("the README", digest.readme_url) if digest.readme_url else "the README"
    intro = _PARAGRAPH_OF[form](f"{total} new or updated {noun} in {readme}, by section.")
    sections = tuple(
        (
            _HEADING_OF[form](f"{text(heading)} ({len(papers)})"),
            tuple(_paper_block(paper, form) for paper in papers),
        )
        for heading, papers in digest.sections
    )
    return DigestBlocks(form, intro, sections, total, digest.readme_url)


def more_block(left: int, readme_url: str, form: str) -> str:
    """The block that ends a digest cut short: how many papers it left out, and where they
    all are."""
    readme = _LINK_OF[form]("the README", readme_url) if readme_url else "the README"
    return _PARAGRAPH_OF[form](f"... and {left} more: see {readme}.")


def title_block(title: str, form: str) -> str:
    """A message's title at the head of its body, for services that show no title."""
    text = _TEXT_OF[form](title)
    if form == HTML:
        return f"<b>{text}</b><br>\n"
    return f"**{text}**\n\n" if form == MARKDOWN else f"{text}\n\n"


def _paper_block(paper: Paper, form: str) -> str:
    text, link = _TEXT_OF[form], _LINK_OF[form]
    version = f", version {paper.version}" if paper.version > 1 else ""
    by = f"by {text(_authors(paper))} " if paper.authors else ""
    relevance = "" if paper.relevance is None else f", relevance {paper.relevance:.3f}"
    relevance += f"; {text(paper.relevance_why)}" if relevance and paper.relevance_why else ""
    dated = f"{by}({paper.updated.isoformat()}{version}{relevance})"
    tldr = f"TL;DR: {text(paper.tldr)}" if paper.tldr else ""
    title = text(fold(paper.title) or paper.arxiv_id)
    if form == HTML:
        tldr_line = f"<br>\n<i>{tldr}</i>" if tldr else ""
        return f"<p>{link(f'<b>{title}</b>', paper.url)}<br>\n{dated}{tldr_line}</p>\n"
    if form == MARKDOWN:
        return f"- **{link(title, paper.url)}** {dated}{': ' + tldr if tldr else ''}\n"
    tldr_line = f"\n  {tldr}" if tldr else ""
    return f"- {title}\n  {paper.url}\n  {dated}{tldr_line}\n"


def _authors(paper: Paper) -> str:
    named, et_al = shown_authors(paper.authors)
    return named + (" et al." if et_al else "")


def _plain(text: str) -> str:
    return without_mentions(fold(text))


def _markdown(text: str) -> str:
    return _MARKDOWN_MARKUP.sub(r"\\\g<0>", _plain(text))


def _html(text: str) -> str:
    return html.escape(_plain(text))


def _plain_link(text: str, url: str) -> str:
    return f"{text} ({url})"


def _markdown_link(text: str, url: str) -> str:
    # A destination's parentheses and spaces would end it early.
    destination = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{text}]({destination})"


def _html_link(text: str, url: str) -> str:
    return f'<a href="{html.escape(url)}">{text}</a>'


_TEXT_OF: dict[str, Callable[[str], str]] = {TEXT: _plain, MARKDOWN: _markdown, HTML: _html}
_LINK_OF: dict[str, Callable[[str, str], str]] = {
    TEXT: _plain_link,
    MARKDOWN: _markdown_link,
    HTML: _html_link,
}
_PARAGRAPH_OF: dict[str, Callable[[str], str]] = {
    TEXT: lambda line: f"{line}\n",
    MARKDOWN: lambda line: f"{line}\n",
    HTML: lambda line: f"<p>{line}</p>\n",
}
_HEADING_OF: dict[str, Callable[[str], str]] = {
    TEXT: lambda heading: f"\n{heading}\n",
    MARKDOWN: lambda heading: f"\n**{heading}**\n\n",
    HTML: lambda heading: f"<h3>{heading}</h3>\n",
}
