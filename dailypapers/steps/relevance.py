"""The run's relevance steps: each section's seeds made whole, and its papers scored.

Before any request, the BibTeX files the sections name are read through the store (in the
action, a file of the repository; locally, a file on disk): a missing file, or one with no entry
that has a title, fails the run as a config problem does. Before the searches, the seed papers of
every section are fetched in one request; an id arXiv does not know fails the run, named. Each
section's whole answer is then scored against its seeds in one call (a score depends on the
papers scored together), before the section's filters, so that ``min-relevance`` compares the
very number the Relevance column shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.interfaces import PaperSource, ReadmeStore
from dailypapers.domain.paper import ArxivId, Paper
from dailypapers.domain.section import Section, SeedText
from dailypapers.relevance.bibtex import bibtex_seeds
from dailypapers.relevance.score import score_papers
from dailypapers.relevance.seeds import Seeds


def read_seed_files(sections: Sequence[Section], store: ReadmeStore) -> tuple[Section, ...]:
    """The sections with the entries of the BibTeX file each names, read through the store;
    ConfigError naming every file that is missing or holds no entry with a title."""
    entries: dict[str, tuple[SeedText, ...]] = {}
    problems: dict[str, str] = {}
    for path in dict.fromkeys(section.seeds.bibtex for section in sections):
        if not path:
            continue
        try:
            entries[path] = _bibtex_entries(store, path)
        except ConfigError as problem:
            problems[path] = f"seed-bibtex: {problem}"
    if problems:
        raise ConfigError(list(problems.values()))
    return tuple(
        replace(section, seeds=replace(section.seeds, bibtex_entries=entries[section.seeds.bibtex]))
        if section.seeds.bibtex
        else section
        for section in sections
    )


def _bibtex_entries(store: ReadmeStore, path: str) -> tuple[SeedText, ...]:
    text = store.read_file(path)
    if text is None:
        raise ConfigError(
            f"'{path}' does not exist; give the path of a BibTeX file in the repository, "
            "relative to its root"
        )
    return bibtex_seeds(text, f"'{path}'")


def section_seeds(
    source: PaperSource, sections: Sequence[Section], log: Callable[[str], None]
) -> dict[str, Seeds]:
    """The seeds of each section that has any, by heading: its BibTeX entries, its seed papers
    as arXiv gives them (every section's in one request), and its interest sentences."""
    papers = _seed_papers(source, [i for section in sections for i in section.seeds.ids], log)
    seeds = {}
    for section in sections:
        if not section.seeds.given:
            continue
        fetched = (SeedText.of_paper(papers[i.id]) for i in section.seeds.ids)
        try:
            seeds[section.heading] = Seeds.build(
                [*section.seeds.bibtex_entries, *fetched], section.seeds.interests
            )
        except ConfigError as problem:
            raise ConfigError([f"{section.heading!r}: {problem}"]) from None
    return seeds


def _seed_papers(
    source: PaperSource, ids: Iterable[ArxivId], log: Callable[[str], None]
) -> dict[str, Paper]:
    """The seed papers by id, fetched in one request; ConfigError naming each id arXiv does
    not know."""
    versions: dict[str, int] = {}
    for asked in ids:
        versions[asked.id] = max(versions.get(asked.id, 0), asked.version)
    if not versions:
        return {}
    log(f"Fetching {len(versions)} seed papers from arXiv")
    wanted = [ArxivId(arxiv_id, version) for arxiv_id, version in versions.items()]
    found = {paper.arxiv_id: paper for paper in source.papers_by_id(wanted)}
    unknown = [
        f"'{i.id}v{i.version}'" if i.version else f"'{i.id}'" for i in wanted if i.id not in found
    ]
    if unknown:
        raise ConfigError(
            [
                f"seed-papers: arXiv knows no paper {', '.join(unknown)}; check the "
                f"{'id' if len(unknown) == 1 else 'ids'} on https://arxiv.org"
            ]
        )
    return found


def scored(papers: Sequence[Paper], seeds: Seeds | None) -> list[Paper]:
    """The papers of one section's answer, each with its relevance to the section's seeds,
    all scored together; as they are when the section has no seeds."""
    if seeds is None:
        return list(papers)
    scores = score_papers(papers, seeds)
    return [
        replace(
            paper, relevance=scores[paper.arxiv_id].score, relevance_why=scores[paper.arxiv_id].why
        )
        for paper in papers
    ]
