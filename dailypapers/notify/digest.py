"""The digest: what is new in a run, as every notifier sends it. Pure.

Only the papers a run added or updated are listed, grouped by section; a run with none has no
digest. The title carries the date, which is how the issue notifier finds the day's issue and
comments on it instead of opening a second one. The body is the issue's Markdown; the papers
come with it, for notifiers that write them in the format of their service
(:mod:`dailypapers.notify.formats`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from dailypapers.domain.change import SectionChange
from dailypapers.domain.interfaces import Digest
from dailypapers.domain.paper import Paper
from dailypapers.readme.render import inline_text, render_authors, render_title, tldr_suffix

# GitHub refuses issue and comment bodies over 65,536 characters; stay clear of it.
BODY_LIMIT = 60_000
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def digest_title(today: date) -> str:
    return f"New arXiv papers {today.isoformat()}"


def render_digest(changes: Sequence[SectionChange], today: date, readme_url: str) -> Digest | None:
    """The papers new in this run, by section; None when there are none."""
    sections = [
        (change.heading, most_relevant_first([*change.added, *change.updated]))
        for change in changes
        if change.added or change.updated
    ]
    total = sum(len(papers) for _, papers in sections)
    if not total:
        return None
    lines = [
        f"{total} new or updated {'paper' if total == 1 else 'papers'} in [the README]"
        f"({readme_url}), by section.",
    ]
    size = len(lines[0])
    listed = 0
    listing = (
        line
        for heading, papers in sections
        for line in ("", f"### {heading} ({len(papers)})", "", *map(_paper_line, papers))
    )
    for line in listing:
        if size + len(line) + 1 > BODY_LIMIT:
            break
        lines.append(line)
        size += len(line) + 1
        listed += line.startswith("- ")
    if listed < total:
        lines += ["", f"... and {total - listed} more: see [the README]({readme_url})."]
    body = without_mentions("\n".join(lines) + "\n")
    by_section = tuple((heading, tuple(papers)) for heading, papers in sections)
    return Digest(digest_title(today), body, by_section, readme_url)


def without_mentions(text: str) -> str:
    """The text with every "@name" kept from pinging anyone: a zero-width space after the "@"
    shows nothing, and GitHub (or Discord, Slack...) no longer reads a mention there."""
    return _MENTION.sub("@\u200b", text)


def most_relevant_first(papers: Sequence[Paper]) -> list[Paper]:
    """A section's papers, the most relevant first where they were scored (ties, and papers
    without a score after them, keep their order)."""
    return sorted(papers, key=lambda paper: 1.0 if paper.relevance is None else -paper.relevance)


def _paper_line(paper: Paper) -> str:
    version = f", version {paper.version}" if paper.version > 1 else ""
    relevance = "" if paper.relevance is None else f", relevance {paper.relevance:.3f}"
    relevance += f"; {inline_text(paper.relevance_why)}" if paper.relevance_why else ""
    by = f" by {render_authors(paper)}" if paper.authors else ""
    day = paper.updated.isoformat()
    return f"- {render_title(paper)}{by} ({day}{version}{relevance}){tldr_suffix(paper)}"
