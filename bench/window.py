"""Can one query cover every keyword on a daily run? A month of daily runs, both ways.

The per-keyword way (what the action does) asks arXiv once per keyword for its newest papers.
The one-query way asks once for every keyword's papers updated since the README's last update,
`(ti:"a" OR abs:"a" OR ti:"b" ...) AND lastUpdatedDate:[FROM TO NOW]`, gives each paper to the
keywords whose phrase it contains, and falls back to per-keyword queries when the page is full
(the window may hold more) or a paper matches no keyword (the attribution is not exact). A
second variant opens the window 7 days earlier, with pages of up to 2,000 papers.

Both run day after day on the same emulated archive, from the same README, and the rows they
keep are compared every day. The archive is modelled three ways: papers listed as soon as they
are updated; listed at the next morning's announcement; and, as arXiv does for papers on hold or
moderated, 10% of them announced 2 to 10 days after their update date. The attribution here uses
the emulator's own phrase matching, so it is exact by construction: on arXiv, whose analyzer
(stemming, accents, tokens) the client cannot reproduce, it could only be worse.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dailypapers.arxiv.client import ArxivClient
from dailypapers.config.section import keyword_sections
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import Section
from dailypapers.domain.settings import RunSettings
from dailypapers.readme.document import parse_readme
from dailypapers.readme.merge import merge_readme
from dailypapers.run import Adapters, run
from dailypapers.steps.fetch import fetch_sections
from tests.emulators.arxiv import ArxivEmulator, CorpusPaper, phrase_in
from tests.emulators.atom import Entry
from tests.factories import MemoryStore

KEYWORDS = (
    "graph neural networks",
    "diffusion models",
    "reinforcement learning",
    "large language models",
    "protein folding",
)
MAX_PAPERS = 100
START = date(2026, 10, 1)
HEADERS = [
    "archive",
    "strategy",
    "arXiv requests per day",
    "fallback days",
    "same rows as per-keyword",
]
MODELS = ("listed at once", "announced next morning", "10% announced 2-10 days late")


@dataclass
class Outcome:
    model: str
    strategy: str
    requests_per_day: float
    fallback_days: int
    days: int
    equal_days: int

    def cells(self) -> list[str]:
        same = (
            "every day"
            if self.equal_days == self.days
            else f"{self.equal_days} of {self.days} days"
        )
        return [
            self.model,
            self.strategy,
            f"{self.requests_per_day:.2f}",
            str(self.fallback_days),
            same,
        ]


def _archive(model: str, days: int, seed: int = 7) -> list[CorpusPaper]:
    """Papers over 30 days of history and the simulated days: a few per keyword each day, some
    revised later, and papers matching no keyword."""
    rng = random.Random(seed)
    papers: list[CorpusPaper] = []
    number = 0
    for day in range(-30, days + 1):
        for keyword in (*KEYWORDS, None):
            for _ in range(rng.randint(0, 6 if keyword else 15)):
                number += 1
                words = keyword or "unrelated topic"
                title, summary = (
                    (f"On {words} at scale", "An abstract.")
                    if rng.random() < 0.6
                    else ("A study", f"We apply {words} to a problem.")
                )
                updated = datetime.combine(START + timedelta(days=day), datetime.min.time())
                updated += timedelta(hours=rng.randint(0, 23))
                for version in range(1, 1 + (rng.random() < 0.2) + 1):
                    at = updated + timedelta(days=(version - 1) * rng.randint(1, 12))
                    entry = Entry(
                        f"26{number // 100000:02d}.{number % 100000:05d}",
                        version=version,
                        title=title,
                        summary=summary,
                        updated=at.date(),
                    )
                    papers.append(CorpusPaper(entry, at, _listed_from(model, at, rng)))
    return papers


def _listed_from(model: str, updated: datetime, rng: random.Random) -> datetime:
    if model == MODELS[0]:
        return updated
    next_morning = datetime.combine(updated.date() + timedelta(days=1), datetime.min.time())
    if model == MODELS[2] and rng.random() < 0.1:
        return next_morning + timedelta(days=rng.randint(1, 9))
    return next_morning


def _one_query_fetch(
    client: ArxivClient,
    sections: tuple[Section, ...],
    text: str,
    now: datetime,
    margin_days: int,
    page_size: int,
) -> tuple[dict[str, list[Paper]], bool]:
    """Papers per keyword from one windowed query; True when it had to fall back."""
    readme = parse_readme(text)
    assert readme.last_update_line is not None
    last_update = date.fromisoformat(readme.lines[readme.last_update_line].split(":")[1].strip())
    since = last_update - timedelta(days=margin_days)
    phrases = " OR ".join(section.query for section in sections)
    query = f"({phrases}) AND lastUpdatedDate:[{since:%Y%m%d}0000 TO {now:%Y%m%d%H%M}]"
    papers = client.search(query, page_size).papers
    attributed = {
        keyword: [
            p for p in papers if phrase_in(keyword, p.title) or phrase_in(keyword, p.abstract)
        ]
        for keyword in KEYWORDS
    }
    covered = {p.arxiv_id for found in attributed.values() for p in found}
    if len(papers) >= page_size or covered != {p.arxiv_id for p in papers}:
        fetches = fetch_sections(client, sections, lambda message: None)
        return {f.heading: list(f.papers or ()) for f in fetches}, True
    return attributed, False


def _noon(day: date) -> datetime:
    """The moment of a day's run: noon in UTC, the README's time zone."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def _rows(text: str | None) -> dict[str, list[tuple[str | None, int]]]:
    return {
        s.heading: [(r.paper_id, r.version) for r in s.table.rows]
        for s in parse_readme(text or "").sections
        if s.table is not None
    }


def compare(days: int = 30) -> list[Outcome]:
    arxiv = ArxivEmulator()
    outcomes = []
    with arxiv.server:
        sections = keyword_sections(KEYWORDS, MAX_PAPERS)
        settings = RunSettings(sections)
        for model in MODELS:
            arxiv.corpus = _archive(model, days)
            arxiv.now = datetime.combine(START, datetime.min.time()) + timedelta(hours=6)
            client = ArxivClient(arxiv.url, request_interval=0.0)
            first = MemoryStore(None)
            run(settings, Adapters(first, client), _noon(START))
            per_keyword, one_query, wide = (MemoryStore(first.text) for _ in range(3))
            counts = dict.fromkeys(
                ["per-keyword", "one query since last update", "one query, 7 days earlier"], 0
            )
            fallbacks = dict.fromkeys(counts, 0)
            equal = dict.fromkeys(counts, 0)
            for day in range(1, days + 1):
                today = START + timedelta(days=day)
                arxiv.now = datetime.combine(today, datetime.min.time()) + timedelta(hours=6)
                before = len(arxiv.requests)
                run(settings, Adapters(per_keyword, client), _noon(today))
                counts["per-keyword"] += len(arxiv.requests) - before
                expected = _rows(per_keyword.text)
                for name, store, margin, page_size in (
                    ("one query since last update", one_query, 0, MAX_PAPERS),
                    ("one query, 7 days earlier", wide, 7, 2000),
                ):
                    before = len(arxiv.requests)
                    assert store.text is not None
                    fetched, fell_back = _one_query_fetch(
                        client, sections, store.text, arxiv.now, margin, page_size
                    )
                    counts[name] += len(arxiv.requests) - before
                    fallbacks[name] += fell_back
                    merged = merge_readme(store.text, fetched, sections, today)
                    store.text = merged.text
                    equal[name] += _rows(store.text) == expected
                equal["per-keyword"] += 1
            outcomes += [
                Outcome(model, name, counts[name] / days, fallbacks[name], days, equal[name])
                for name in counts
            ]
    return outcomes
