"""The Atom feeds and the papers file, read back with feedparser and checked with the schema."""

import json
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import feedparser
import jsonschema
import pytest

from dailypapers.config.section import keyword_sections
from dailypapers.domain.paper import Paper
from dailypapers.outputs.extra_files import (
    ATOM_NAMESPACE,
    build_extra_files,
    feed_path,
    known_papers,
)
from dailypapers.readme.merge import merge_readme
from tests.factories import TODAY, anchor_readme, paper

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "papers.schema.json").read_text())
WRITTEN = {
    "feeds_dir": "feeds",
    "papers_file": "papers.json",
    "feed_id_prefix": "https://github.com/octo/papers/blob/HEAD/",
}
SECTIONS = keyword_sections(["Molecular", "Diffusion"], 100)


def _full_record(arxiv_id: str, version: int, title: str, day: int) -> Paper:
    """A paper with every field a feed entry shows filled in."""
    return paper(
        arxiv_id=arxiv_id, version=version, title=title, abstract="An <abstract> & more.",
        comment="9 pages", updated=date(2026, 11, day), published=date(2026, 11, 1),
        authors=("Ada Lovelace", "Bo"), categories=("cs.LG", "q-bio.BM"),
        link=f"https://arxiv.org/abs/{arxiv_id}v{version}",
    )  # fmt: skip


# The anchor README's Molecular rows plus new papers; one is in both sections.
SHARED = _full_record("2411.00002", 2, 'Diffusion for <molecules> & "more"', 22)
FETCHED = {"Molecular": [SHARED], "Diffusion": [SHARED, _full_record("2411.00001", 1, "T", 21)]}
MERGED = merge_readme(anchor_readme(), FETCHED, SECTIONS, TODAY)


def _extra_files(previous: str | None = None) -> dict[str, str]:
    known = known_papers(previous, [p for papers in FETCHED.values() for p in papers])
    return build_extra_files(MERGED.tables, SECTIONS, known, **WRITTEN)


def test_one_feed_per_section_and_one_papers_file() -> None:
    assert sorted(_extra_files()) == ["feeds/diffusion.xml", "feeds/molecular.xml", "papers.json"]
    assert (
        feed_path("feeds/", "Graph Neural Networks (GNN)") == "feeds/graph-neural-networks-gnn.xml"
    )


def test_the_feed_reads_back_in_a_feed_reader() -> None:
    parsed = feedparser.parse(_extra_files()["feeds/diffusion.xml"])
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.id == "https://github.com/octo/papers/blob/HEAD/feeds/diffusion.xml"
    assert parsed.feed.title == "Diffusion: newest arXiv papers"
    assert parsed.feed.updated == "2026-11-22T00:00:00Z"
    first, second = parsed.entries
    assert first.id == "http://arxiv.org/abs/2411.00002"  # stable across versions
    assert first.title == 'Diffusion for <molecules> & "more"'
    assert first.link == "https://arxiv.org/abs/2411.00002v2"  # as arXiv links it
    assert [a.name for a in first.authors] == ["Ada Lovelace", "Bo"]
    assert [t.term for t in first.tags] == ["cs.LG", "q-bio.BM"]
    assert first.summary == "An <abstract> & more."
    assert [link.href for link in first.links if link.rel == "related"] == [
        "http://arxiv.org/pdf/2411.00002v2"
    ]
    assert (first.updated, first.published) == ("2026-11-22T00:00:00Z", "2026-11-01T00:00:00Z")
    assert second.id == "http://arxiv.org/abs/2411.00001"


def test_every_feed_has_what_atom_requires() -> None:
    """RFC 4287: a feed has id, title, updated and an author (or every entry has one); an entry
    has id, title, updated and a link or content."""
    atom = f"{{{ATOM_NAMESPACE}}}"
    for path, text in _extra_files().items():
        if not path.endswith(".xml"):
            continue
        feed = ElementTree.fromstring(text)
        assert feed.tag == f"{atom}feed"
        for tag in ("id", "title", "updated", "author"):
            assert len(feed.findall(f"{atom}{tag}")) == 1, (path, tag)
        entries = feed.findall(f"{atom}entry")
        assert entries
        for entry in entries:
            for tag in ("id", "title", "updated"):
                assert len(entry.findall(f"{atom}{tag}")) == 1, (path, tag)
            assert entry.find(f"{atom}link[@rel='alternate']") is not None
        ids = [entry.findtext(f"{atom}id") for entry in entries]
        assert len(ids) == len(set(ids))


def test_a_row_the_run_has_no_record_of_is_listed_with_what_its_row_shows() -> None:
    parsed = feedparser.parse(_extra_files()["feeds/molecular.xml"])
    old = next(e for e in parsed.entries if e.id == "http://arxiv.org/abs/2403.04197")
    assert old.title == "Large Language Models are In-Context Molecule Learners"
    assert old.link == "http://arxiv.org/abs/2403.04197v4"
    assert old.updated == "2025-04-07T00:00:00Z"
    assert "summary" not in old


def test_the_papers_file_matches_the_schema_and_lists_each_paper_once() -> None:
    document = json.loads(_extra_files()["papers.json"])
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    papers = {paper["id"]: paper for paper in document["papers"]}
    # The anchor's rows (also those of "Molecular Generation", no longer configured), the new two.
    assert len(papers) == len(document["papers"]) == 3 + 2 + 2
    assert papers["2411.00002"]["sections"] == ["Molecular", "Diffusion"]
    assert papers["2411.00002"]["authors"] == ["Ada Lovelace", "Bo"]
    assert papers["2403.04197"] | {"title": ""} == {
        "id": "2403.04197", "version": 4, "url": "http://arxiv.org/abs/2403.04197v4", "title": "",
        "authors": None, "updated": "2025-04-07", "published": None, "categories": None,
        "primary_category": None, "comment": None, "abstract": None, "tldr": None,
        "relevance": None, "relevance_why": None, "sections": ["Molecular"],
    }  # fmt: skip
    dates = [paper["updated"] for paper in document["papers"]]
    assert dates == sorted(dates, reverse=True)


def test_the_papers_file_carries_records_to_later_runs() -> None:
    first = _extra_files()
    known = known_papers(first["papers.json"], [])
    assert known["2411.00002"] == SHARED
    assert build_extra_files(MERGED.tables, SECTIONS, known, **WRITTEN) == first


@pytest.mark.parametrize("previous", ["not json", '{"papers": 3}', '{"papers": [{"id": 1}]}', "[]"])
def test_an_unreadable_papers_file_is_rebuilt(previous: str) -> None:
    assert _extra_files(previous) == _extra_files()


def test_extra_files_depend_on_the_papers_only() -> None:
    """No date of the run (the README's "Last update" is TODAY) gets into an output, so an
    output changes, and is committed, only when its papers do."""
    assert f"Last update: {TODAY.isoformat()}" in MERGED.text
    assert all(TODAY.isoformat() not in text for text in _extra_files().values())
    none = build_extra_files(
        MERGED.tables, SECTIONS, {}, feeds_dir=None, papers_file=None, feed_id_prefix=""
    )
    assert none == {}
