"""Performance figures: runs at arXiv's pace, README scaling, GitHub calls, one query a day.

`make bench` runs it all at the default settings (a few minutes: arXiv's 3 s between requests is
real waiting). Everything talks over loopback HTTP to the emulators the tests use. It prints
tables and, with --plot, draws the scaling runs; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

from bench import window
from dailypapers.arxiv.client import ArxivClient
from dailypapers.config.section import keyword_sections
from dailypapers.domain.paper import Paper
from dailypapers.domain.settings import RunSettings
from dailypapers.github.api import connect
from dailypapers.github.store import GitHubReadmeStore
from dailypapers.readme.merge import merge_readme
from dailypapers.readme.render import render_preamble, render_row, render_section
from dailypapers.run import Adapters, run
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.emulators.github import GitHubEmulator

REPO = "octo/papers"
TODAY = date(2026, 11, 24)
# Noon in UTC on TODAY: the moment of the runs.
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
ABSTRACT = " ".join(["Large language models show remarkable abilities across many tasks."] * 20)


@dataclass
class RunFigures:
    keywords: int
    scenario: str
    arxiv_requests: int
    seconds: float
    github_reads: int
    github_writes: int
    committed: bool

    @property
    def floor(self) -> float:
        return 3.0 * (self.arxiv_requests - 1)


def _entries(keyword: int, count: int, newest_day: int) -> list[Entry]:
    return [
        Entry(
            f"2411.{keyword:02d}{n:03d}",
            title=f"Paper {n} on topic {keyword}",
            summary=ABSTRACT,
            updated=date(2026, 11, 1) + timedelta(days=max(0, newest_day - n // 5)),
        )
        for n in range(count)
    ]


def _daily_runs(keywords: int, interval: float) -> list[RunFigures]:
    """A first run on an empty repository, then a day with nothing new, then 1-5 new papers."""
    names = tuple(f"Topic {k}" for k in range(keywords))
    arxiv, github = ArxivEmulator(), GitHubEmulator()
    figures = []
    with arxiv.server, github.server:
        github.add_repo(REPO, {})
        repository = connect(REPO, github.token, github.api_url)
        store = GitHubReadmeStore(repository, REPO, "README.md")
        settings = RunSettings(keyword_sections(names))
        scenarios: list[tuple[str, Callable[[int], list[Entry]]]] = [
            ("first run, empty README", lambda k: _entries(k, 100, 20)),
            ("daily, nothing new", lambda k: _entries(k, 100, 20)),
            (
                "daily, 1-5 new per keyword",
                lambda k: (
                    [
                        Entry(f"2411.9{k:02d}{n:02d}", title=f"New {n}", updated=date(2026, 11, 23))
                        for n in range(1 + k % 5)
                    ]
                    + _entries(k, 100, 20)[: 100 - (1 + k % 5)]
                ),
            ),
        ]
        for scenario, feed in scenarios:
            for k, name in enumerate(names):
                arxiv.serve_keyword(name, feed(k))
            client = ArxivClient(arxiv.url, request_interval=interval)
            requests_before, calls_before = len(arxiv.requests), len(github.calls)
            start = time.perf_counter()
            report = run(settings, Adapters(store, client), NOW)
            seconds = time.perf_counter() - start
            calls = github.calls[calls_before:]
            figures.append(
                RunFigures(
                    keywords,
                    scenario,
                    len(arxiv.requests) - requests_before,
                    seconds,
                    sum(method == "GET" for method, _ in calls),
                    sum(method == "PUT" for method, _ in calls),
                    report.committed,
                )
            )
    return figures


def _print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    print(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print()


def _readme(sections: int) -> tuple[str, list[str], dict[str, list[Paper]]]:
    """A README of ``sections`` x 100 rows, and one new paper for each section."""
    keywords = [f"Keyword {s}" for s in range(sections)]
    parts = [render_preamble([100], TODAY)]
    for s, keyword in enumerate(keywords):
        papers = [
            Paper(
                f"{2400 + s // 100}.{s % 100:02d}{n:03d}",
                1,
                f"A paper title number {n} in section {s}",
                ABSTRACT,
                "11 pages, 5 figures",
                date(2026, 1, 1) + timedelta(days=300 - n),
                date(2026, 1, 1),
            )
            for n in range(100)
        ]
        rows = [render_row(paper) for paper in papers]
        parts.append("\n" + "\n".join(render_section(keyword, rows)) + "\n")
    new = {
        keyword: [Paper(f"2611.{s:05d}", 1, "New", ABSTRACT, "", TODAY, TODAY)]
        for s, keyword in enumerate(keywords)
    }
    return "".join(parts), keywords, new


@dataclass
class ScalingFigures:
    sections: int
    megabytes: float
    seconds: float
    seconds_gc_paused: float
    peak_megabytes: float


def _median_seconds(run: Callable[[], object], repeats: int, gc_paused: bool) -> float:
    timings = []
    for _ in range(repeats):
        gc.collect()
        if gc_paused:
            gc.disable()
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(timings)


def _scaling(sizes: list[int], repeats: int) -> list[ScalingFigures]:
    figures = []
    for sections in sizes:
        text, keywords, new = _readme(sections)
        merge = partial(merge_readme, text, new, keyword_sections(keywords, 100), TODAY)
        seconds = _median_seconds(merge, repeats, gc_paused=False)
        seconds_gc_paused = _median_seconds(merge, repeats, gc_paused=True)
        gc.collect()
        tracemalloc.start()
        merge()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures.append(
            ScalingFigures(
                sections, len(text.encode()) / 1e6, seconds, seconds_gc_paused, peak / 1e6
            )
        )
    return figures


def _plot(figures: list[ScalingFigures], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    sizes = [f.megabytes for f in figures]
    fig, (left, right) = pyplot.subplots(1, 2, figsize=(10, 4))
    left.plot(sizes, [f.seconds for f in figures], "o-", label="as run")
    left.plot(sizes, [f.seconds_gc_paused for f in figures], "s--", label="cyclic GC paused")
    left.legend()
    left.set(xlabel="README size (MB)", ylabel="parse + merge + render (s)", title="Time")
    right.plot(sizes, [f.peak_megabytes for f in figures], "o-", color="tab:orange")
    right.set(xlabel="README size (MB)", ylabel="peak traced memory (MB)", title="Memory")
    for axes in (left, right):
        axes.grid(True, alpha=0.3)
        for f in figures:
            axes.annotate(
                f"{f.sections}", (f.megabytes, f.seconds if axes is left else f.peak_megabytes)
            )
    fig.suptitle("daily-papers: README of N sections x 100 rows (labels: N)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keywords", default="1,5,20", help="keyword counts for the runs")
    parser.add_argument("--interval", type=float, default=3.0, help="request-interval (s)")
    parser.add_argument("--sizes", default="1,10,50,200", help="README sections for scaling")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per size")
    parser.add_argument("--days", type=int, default=30, help="simulated days, one-query check")
    parser.add_argument("--plot", type=Path, help="write the scaling plot to this PNG")
    args = parser.parse_args()

    runs = [f for k in map(int, args.keywords.split(",")) for f in _daily_runs(k, args.interval)]
    print(f"Runs at request-interval {args.interval:g} s (goal: requests <= K, ratio <= 1.1)")
    _print_table(
        ["K", "scenario", "arXiv requests", "wall s", "floor s", "ratio", "GitHub GET/PUT"],
        [
            [
                str(f.keywords),
                f.scenario,
                str(f.arxiv_requests),
                f"{f.seconds:.2f}",
                f"{f.floor:.0f}",
                f"{f.seconds / f.floor:.3f}" if f.floor else "n/a (one request)",
                f"{f.github_reads}/{f.github_writes}",
            ]
            for f in runs
        ],
    )

    scaling = _scaling([int(s) for s in args.sizes.split(",")], args.repeats)
    print("Parse + merge + render of one README (goal at 50 sections: < 0.5 s, < 150 MB)")
    _print_table(
        [
            "sections x 100 rows",
            "MB",
            "seconds (median)",
            "s per MB",
            "seconds, cyclic GC paused",
            "s per MB, GC paused",
            "peak traced MB",
        ],
        [
            [
                str(f.sections),
                f"{f.megabytes:.1f}",
                f"{f.seconds:.3f}",
                f"{f.seconds / f.megabytes:.3f}",
                f"{f.seconds_gc_paused:.3f}",
                f"{f.seconds_gc_paused / f.megabytes:.3f}",
                f"{f.peak_megabytes:.1f}",
            ]
            for f in scaling
        ],
    )
    if args.plot:
        _plot(scaling, args.plot)
        print(f"plot written to {args.plot}\n")

    print(
        f"One query for all keywords on daily runs, against per-keyword queries ({args.days} days)"
    )
    _print_table(window.HEADERS, [row.cells() for row in window.compare(days=args.days)])


if __name__ == "__main__":
    main()
