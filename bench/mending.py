"""What rendering a row costs: a row of the usual paper, rows of hostile abstracts by size, a run of
the local command on a feed of megabyte-long hostile texts, and the package's import (the cold
start every run pays).

A hostile abstract is arXiv text at its worst for a table row: markdown, HTML, URLs, entities,
backslashes and pipes, drawn from a fixed seed so that every run times the same text. It prints
tables; it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dailypapers.domain.paper import Paper
from dailypapers.entry.cli import main as local_command
from dailypapers.readme.render import render_row
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.factories import hostile_field, paper

USUAL = paper(
    title="Large Language Models Are Few-Shot Planners for $k$-Step Tasks",
    abstract=" ".join(["Large language models show remarkable abilities across many tasks."] * 20),
    comment="11 pages, 5 figures, accepted at NeurIPS 2026",
)


def _median_seconds(work: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _import_seconds(repeats: int) -> float:
    """The package's entry point imported in a fresh interpreter, as a run starts."""
    code = "import time; t = time.perf_counter(); import dailypapers.entry.cli; "
    code += "print(time.perf_counter() - t)"
    command = [sys.executable, "-c", code]
    runs = [
        subprocess.run(command, capture_output=True, text=True, check=True) for _ in range(repeats)
    ]
    return statistics.median(float(run.stdout) for run in runs)


def _row(hostile: Paper) -> str:
    return render_row(hostile)


def _megabyte_feed_run(size: int) -> tuple[float, int]:
    """The local command on a feed of two entries, one with a title, abstract and comment of
    ``size`` bytes of hostile text, the other with such an abstract: wall seconds, exit code."""
    entries = [
        Entry("2411.30000", title=hostile_field(size, 1), summary=hostile_field(size, 2),
              comment=hostile_field(size, 3)),
        Entry("2411.30001", title="T", summary=hostile_field(size, 5)),
    ]  # fmt: skip
    arxiv = ArxivEmulator()
    with arxiv.server, tempfile.TemporaryDirectory() as folder:
        arxiv.serve_keyword("Hostile", entries)
        arguments = ["--readme", str(Path(folder) / "README.md"), "--keyword", "Hostile"]
        arguments += ["--arxiv-url", arxiv.url, "--request-interval", "0"]
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            code = local_command(arguments)
        seconds = time.perf_counter() - start
        arxiv.stopping.set()
    return seconds, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="21,83,166", help="hostile abstracts, KB")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per figure")
    parser.add_argument("--feed-kb", type=int, default=1000, help="each hostile text of the feed")
    args = parser.parse_args()

    rows = 200
    usual = _median_seconds(lambda: [render_row(USUAL) for _ in range(rows)], args.repeats)
    print(f"Render one usual row: {usual / rows * 1000:.3f} ms (median of {args.repeats})")
    print()
    print("Render a row with a hostile abstract")
    print("KB | seconds")
    for kilobytes in map(int, args.sizes.split(",")):
        hostile = paper(abstract=hostile_field(kilobytes * 1000))
        print(f"{kilobytes} | {_median_seconds(lambda h=hostile: _row(h), args.repeats):.4f}")
    print()
    seconds, code = _megabyte_feed_run(args.feed_kb * 1000)
    print(
        f"The local command, a feed of {args.feed_kb} KB hostile texts: {seconds:.2f} s, rc {code}"
    )
    print()
    print(f"Import dailypapers.entry.cli: {_import_seconds(args.repeats):.3f} s (median)")


if __name__ == "__main__":
    main()
