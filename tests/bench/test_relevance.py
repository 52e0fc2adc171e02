"""The relevance benchmark stays runnable: a smoke run with one case of each kind, one pair, one
draw and a small speed check (figures are printed, not judged)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_relevance_benchmark_runs_and_prints_its_tables() -> None:
    run = subprocess.run(
        [
            sys.executable, "-m", "bench.relevance", "--cases", "1", "--draws", "1", "--pairs", "1",
            "--papers", "50", "--seeds", "5", "--repeats", "1",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    titles = ("Within-topic cases", "Score scale", "Keyword sections", "Why papers rank")
    for title in titles:
        assert title in run.stdout
    for method in ("relevance", "TF-IDF cosine", "arxiv-sanity SVM"):
        assert f"| {method} |" in run.stdout or f" {method} |" in run.stdout
    assert "| field (all) | 1 |" in run.stdout and "| author (all) | 1 |" in run.stdout
    assert "Speed: 50 papers x 5 seeds" in run.stdout
