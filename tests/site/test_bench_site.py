"""The site's benchmark stays runnable: a smoke run at a few hundred papers (figures are printed,
not judged)."""

import subprocess
import sys
from pathlib import Path

from tests.site.helpers import chromium_missing

ROOT = Path(__file__).resolve().parents[2]


def test_the_site_benchmark_runs_and_prints_its_figures(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.site", "--papers", "300", "--screenshots", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "The site at 300 papers" in run.stdout
    for label in ("Site bytes", "its site step", "Run again, nothing new"):
        assert label in run.stdout
    if chromium_missing() is None:
        for label in ("Time to the first paper", "First-view bytes (gzip)", "Title search"):
            assert label in run.stdout
        for name in ("site-desktop.png", "site-phone.png"):
            assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
