"""The benchmark stays runnable: a smoke run with tiny sizes (figures are printed, not judged)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_runs_and_prints_its_tables(tmp_path: Path) -> None:
    plot = tmp_path / "scaling.png"
    run = subprocess.run(
        [
            sys.executable, "-m", "bench.run", "--keywords", "1,2", "--interval", "0",
            "--sizes", "1,2", "--repeats", "1", "--days", "2", "--plot", str(plot),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    for title in ("Runs at request-interval 0 s", "Parse + merge + render", "One query for all"):
        assert title in run.stdout
    assert "daily, 1-5 new per keyword" in run.stdout
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_the_mending_benchmark_runs_and_prints_its_figures() -> None:
    run = subprocess.run(
        [
            sys.executable, "-m", "bench.mending", "--sizes", "1,2", "--repeats", "1",
            "--feed-kb", "30",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    for title in ("Render one usual row", "hostile abstract", "30 KB hostile texts", "rc 0"):
        assert title in run.stdout
    assert "Import dailypapers.entry.cli" in run.stdout
