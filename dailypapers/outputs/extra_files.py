"""The extra files a run can commit with the README: an Atom feed per section, a papers file.

Pure functions from the merged README's papers tables and the paper records known to the run to
file texts. The README holds only what its columns show, so a paper's full record (authors,
categories, dates) comes from this run's fetch or from the previous papers file; a row known from
neither is listed with what its row shows. Every text is a function of the papers alone, never of
the clock, so an extra file changes, and is committed, only when its papers did.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.pages import PAGES_FOLDER
from dailypapers.domain.paper import ABS_URL_PREFIX, Paper
from dailypapers.domain.project import PROJECT_URL, __version__
from dailypapers.domain.section import Section, heading_key, heading_slug
from dailypapers.readme.document import Row
from dailypapers.readme.merge import PapersTable

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# A feed lists the newest entries of its section; readers keep what they have already seen.
FEED_ENTRIES = 100
PAPERS_FORMAT = 1
# The date of a feed or entry with none known: arXiv's first day, so that the text stays stable.
ARXIV_FIRST_DAY = date(1991, 8, 14)


def feed_path(feeds_dir: str, heading: str) -> str:
    """The feed file of a section: its heading in lower case, words joined by dashes."""
    return f"{feeds_dir.rstrip('/')}/{heading_slug(heading)}.xml"


def check_shared_files(sections: Sequence[Section], feeds_dir: str | None) -> None:
    """Refuses headings that would share a page of older papers, or a feed file, before any
    request is made: both are named by the heading the same way."""
    seen: dict[str, str] = {}
    problems = []
    for section in sections:
        slug = heading_slug(section.heading)
        if slug in seen:
            feed = f"the feed {feed_path(feeds_dir, section.heading)} and " if feeds_dir else ""
            problems.append(
                f"the sections '{seen[slug]}' and '{section.heading}' would share {feed}the page "
                f"of older papers {PAGES_FOLDER}/{slug}.md; rename one of them"
            )
        seen.setdefault(slug, section.heading)
    if problems:
        raise ConfigError(problems)


def known_papers(previous_file: str | None, fetched: Iterable[Paper]) -> dict[str, Paper]:
    """Full records by id: those of the previous papers file's text, then this run's, newer
    first; a version given a TL;DR before keeps it, and a paper this run scored in several
    sections the highest of its scores."""
    known = _papers_file_records(previous_file) if previous_file else {}
    scored_now: set[str] = set()
    for paper in fetched:
        current = known.get(paper.arxiv_id)
        if current is None or paper.version > current.version:
            known[paper.arxiv_id] = paper
        elif paper.version == current.version:
            scored = [paper, current] if paper.arxiv_id in scored_now else [paper]
            best = max(scored, key=lambda copy: -1.0 if copy.relevance is None else copy.relevance)
            known[paper.arxiv_id] = replace(
                paper,
                tldr=paper.tldr or current.tldr,
                relevance=best.relevance,
                relevance_why=best.relevance_why,
            )
        if paper.relevance is not None:
            scored_now.add(paper.arxiv_id)
    return known


def _papers_file_records(text: str) -> dict[str, Paper]:
    """The full records of a papers file; anything unreadable in it is left out."""
    try:
        data = json.loads(text)
        records = data["papers"] if isinstance(data, dict) else []
    except (ValueError, KeyError):
        return {}
    papers = {}
    for record in records if isinstance(records, list) else []:
        try:
            paper = Paper.from_json(record)
        except (KeyError, TypeError, ValueError):
            continue
        papers[paper.arxiv_id] = paper
    return papers


def build_extra_files(
    tables: Sequence[PapersTable],
    sections: Sequence[Section],
    known: Mapping[str, Paper],
    *,
    feeds_dir: str | None,
    papers_file: str | None,
    feed_id_prefix: str,
    generator_uri: str = PROJECT_URL,
) -> dict[str, str]:
    """The text of every extra file, by its path in the repository, from the merged README's
    papers tables (also those of sections no longer configured: they stay in the README): a
    feed of each section in ``feeds_dir``, each with its path after ``feed_id_prefix`` as its
    Atom id and ``generator_uri`` (where the action runs from) as its generator, and the
    ``papers_file`` (None: not written)."""
    rows_by_section = {
        table.heading: [row for row in table.rows if row.paper_id] for table in tables
    }
    by_heading = {heading_key(heading): rows for heading, rows in rows_by_section.items()}
    files: dict[str, str] = {}
    if feeds_dir:
        for section in sections:
            path = feed_path(feeds_dir, section.heading)
            rows = by_heading.get(heading_key(section.heading), [])
            feed_id = feed_id_prefix + path
            files[path] = atom_feed(
                section.heading, rows[:FEED_ENTRIES], known, feed_id, generator_uri
            )
    if papers_file:
        files[papers_file] = papers_file_text(rows_by_section, known)
    return files


def _record(row: Row, known: Mapping[str, Paper]) -> Paper | None:
    paper = known.get(row.paper_id or "")
    return paper if paper is not None and paper.version == row.version else None


def papers_file_text(
    rows_by_section: Mapping[str, Sequence[Row]], known: Mapping[str, Paper]
) -> str:
    """Every paper of the managed tables once, newest first, with the sections that list it."""
    entries: dict[str, dict[str, object]] = {}
    sections: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    for heading, rows in rows_by_section.items():
        for row in rows:
            assert row.paper_id is not None
            if row.paper_id not in entries:
                paper = _record(row, known)
                entries[row.paper_id] = paper.to_json() if paper else _row_json(row)
                updated = paper.updated if paper else row.date
                dates[row.paper_id] = updated.isoformat() if updated else ""
            sections.setdefault(row.paper_id, []).append(heading)
    newest_first = sorted(entries, key=lambda paper_id: (dates[paper_id], paper_id), reverse=True)
    document = {
        "format": PAPERS_FORMAT,
        "papers": [
            entries[paper_id] | {"sections": sections[paper_id]} for paper_id in newest_first
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _row_json(row: Row) -> dict[str, object]:
    """What a row alone tells of a paper the run has no record of."""
    return {
        "id": row.paper_id,
        "version": row.version,
        "url": f"{ABS_URL_PREFIX}{row.paper_id}v{row.version}",
        "title": row.title,
        "authors": None,
        "updated": row.date.isoformat() if row.date else None,
        "published": None,
        "categories": None,
        "primary_category": None,
        "comment": None,
        "abstract": None,
        "tldr": None,
        "relevance": None,
        "relevance_why": None,
    }


def atom_feed(
    heading: str,
    rows: Sequence[Row],
    known: Mapping[str, Paper],
    feed_id: str,
    generator_uri: str = PROJECT_URL,
) -> str:
    """A valid Atom 1.0 feed of the rows, newest first. An entry's id is the paper's abstract
    page without version, so a new version updates the entry readers have instead of adding one."""
    ElementTree.register_namespace("", ATOM_NAMESPACE)
    feed = ElementTree.Element(_atom("feed"))
    _text(feed, "id", feed_id)
    _text(feed, "title", f"{heading}: newest arXiv papers")
    dates = [row.date for row in rows if row.date is not None]
    _text(feed, "updated", _timestamp(max(dates, default=ARXIV_FIRST_DAY)))
    author = ElementTree.SubElement(feed, _atom("author"))
    _text(author, "name", "daily-papers")
    generator = _text(feed, "generator", "daily-papers")
    generator.set("uri", generator_uri)
    generator.set("version", __version__)
    for row in rows:
        _entry(feed, row, _record(row, known))
    ElementTree.indent(feed, space=" ")
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _entry(feed: ElementTree.Element, row: Row, paper: Paper | None) -> None:
    entry = ElementTree.SubElement(feed, _atom("entry"))
    _text(entry, "id", f"{ABS_URL_PREFIX}{row.paper_id}")
    _text(entry, "title", (paper.title if paper else row.title) or str(row.paper_id))
    updated = paper.updated if paper else row.date
    _text(entry, "updated", _timestamp(updated or ARXIV_FIRST_DAY))
    link = ElementTree.SubElement(entry, _atom("link"))
    href = paper.url if paper else f"{ABS_URL_PREFIX}{row.paper_id}v{row.version}"
    link.attrib.update(rel="alternate", type="text/html", href=href)
    if paper is None:
        return
    _text(entry, "published", _timestamp(paper.published))
    pdf = ElementTree.SubElement(entry, _atom("link"))
    pdf.attrib.update(rel="related", type="application/pdf", href=paper.pdf_url)
    for name in paper.authors:
        author = ElementTree.SubElement(entry, _atom("author"))
        _text(author, "name", name)
    for category in paper.categories:
        ElementTree.SubElement(entry, _atom("category")).set("term", category)
    why = f" ({paper.relevance_why})" if paper.relevance_why else ""
    relevance = "" if paper.relevance is None else f"Relevance: {paper.relevance:.3f}{why}\n\n"
    tldr = f"TL;DR: {paper.tldr}\n\n" if paper.tldr else ""
    _text(entry, "summary", relevance + tldr + paper.abstract)


def _atom(tag: str) -> str:
    return f"{{{ATOM_NAMESPACE}}}{tag}"


def _text(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, _atom(tag))
    element.text = text
    return element


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
