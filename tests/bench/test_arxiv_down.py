"""The arXiv-down benchmark stays runnable: a smoke run with 3 keywords and every duration
shrunk 500 times (figures are printed, not judged)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_arxiv_down_benchmark_runs_and_prints_every_scenario() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.arxiv_down", "--keywords", "3", "--scale", "0.002"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    for scenario in ("HTTP 503 to everything", "silent", "trickling", "garbage", "throttled"):
        assert scenario in run.stdout
    assert "SourceDown: arXiv is not answering" in run.stdout
