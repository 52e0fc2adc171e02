"""What rendering a row costs: a row of the usual paper, rows of hostile abstracts by size, and the
package's import (the cold start every run pays).

A hostile abstract is arXiv text at its worst for a table row: markdown, HTML, URLs, entities,
backslashes and pipes, drawn from a fixed seed so that every run times the same text. It prints
tables; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from dailypapers.domain.paper import Paper
from dailypapers.readme.render import render_row
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="21,83,166", help="hostile abstracts, KB")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per figure")
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
    print(f"Import dailypapers.entry.cli: {_import_seconds(args.repeats):.3f} s (median)")


if __name__ == "__main__":
    main()
