"""arXiv Atom feeds built from paper records, in the shape of the recorded responses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Entry:
    """A paper as the arXiv API lists it; ``None`` fields are left out of the entry.

    ``published`` defaults to ``updated``.
    """

    arxiv_id: str
    version: int = 1
    title: str = "A title"
    summary: str | None = "An abstract."
    comment: str | None = None
    updated: date | None = date(2026, 11, 20)
    published: date | None = None
    authors: tuple[str, ...] = ("A. Author",)
    categories: tuple[str, ...] = ("cs.LG",)
    extra: str = field(default="")
    # The time of day of the update, which orders papers within a date.
    time: str = "12:00:00"
    # The alternate link, when not the https abstract page arXiv gives since November 2025.
    link: str | None = None


def entry_xml(entry: Entry) -> str:
    published = entry.published or entry.updated
    parts = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{entry.arxiv_id}v{entry.version}</id>",
        f"    <title>{escape(entry.title)}</title>",
    ]
    if entry.updated is not None:
        parts.append(f"    <updated>{entry.updated.isoformat()}T{entry.time}Z</updated>")
    link = entry.link or f"https://arxiv.org/abs/{entry.arxiv_id}v{entry.version}"
    parts += [
        f'    <link href="{escape(link)}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{entry.arxiv_id}v{entry.version}" '
        'rel="related" type="application/pdf" title="pdf"/>',
    ]
    if entry.summary is not None:
        parts.append(f"    <summary>{escape(entry.summary)}</summary>")
    parts += [
        f'    <category term={quoteattr(category)} scheme="http://arxiv.org/schemas/atom"/>'
        for category in entry.categories
    ]
    if published is not None:
        parts.append(f"    <published>{published.isoformat()}T12:00:00Z</published>")
    if entry.comment is not None:
        parts.append(f"    <arxiv:comment>{escape(entry.comment)}</arxiv:comment>")
    if entry.categories:
        parts.append(f"    <arxiv:primary_category term={quoteattr(entry.categories[0])}/>")
    parts += [
        f"    <author>\n      <name>{escape(name)}</name>\n    </author>" for name in entry.authors
    ]
    if entry.extra:
        parts.append(entry.extra)
    parts.append("  </entry>")
    return "\n".join(parts)


def atom_feed(entries: list[Entry], total: int | None = None) -> bytes:
    """A results page; ``total`` is totalResults (the number of entries when not given)."""
    total_results = len(entries) if total is None else total
    body = "\n".join(entry_xml(entry) for entry in entries)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>https://arxiv.org/api/emulated</id>\n"
        "  <title>arXiv Query</title>\n"
        "  <updated>2026-11-24T00:00:00Z</updated>\n"
        f"  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{total_results}</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        f"{body}\n"
        "</feed>\n"
    ).encode()
