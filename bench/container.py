"""Figures for the action image: its size, a cold build, and a run with nothing to do.

Run with `make bench-container` (or `.venv/bin/python -m bench.container`); needs podman, runc
and debootstrap, as the container test does. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dailypapers.arxiv.feed import parse_feed
from dailypapers.config.section import keyword_sections
from dailypapers.readme.merge import merge_readme
from tests.container.runner import BASE_IMAGE, IMAGE, build_image, ensure_base, podman, run_action
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.github import GitHubEmulator

REPO = "octo/papers"
KEYWORDS = ("Diffusion", "Graph Neural Networks", "Large Language Models")


def _size(image: str) -> int:
    return int(podman("image", "inspect", image, "--format", "{{.Size}}").stdout)


def _pull_sizes(image: str, base_layers: int) -> tuple[int, int]:
    """What a runner downloads: the image's layers gzip-compressed, as a registry serves them;
    all of them, and those the Dockerfile adds to the base."""
    with tempfile.TemporaryDirectory() as folder:
        pushed = podman(
            "push", "--compress", "--compression-format", "gzip", image, f"dir:{folder}/image"
        )
        if pushed.returncode != 0:
            raise SystemExit(f"podman push failed:\n{pushed.stderr}")
        manifest = json.loads((Path(folder) / "image" / "manifest.json").read_text())
    sizes = [int(layer["size"]) for layer in manifest["layers"]]
    return sum(sizes), sum(sizes[base_layers:])


def _timed(action: str, step: Callable[[], subprocess.CompletedProcess[str] | None]) -> float:
    start = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - start
    if result is not None and result.returncode != 0:
        raise SystemExit(f"{action} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def _idle_runs(count: int) -> list[float]:
    """Start-to-exit seconds of runs whose README already holds every paper arXiv returns."""
    entries = [Entry(f"2411.{i:05d}", updated=date(2026, 11, 20)) for i in range(1, 101)]
    papers = parse_feed(atom_feed(entries)).papers
    readme = merge_readme(
        None, dict.fromkeys(KEYWORDS, papers), keyword_sections(KEYWORDS, 100), date.today()
    )
    arxiv, github = ArxivEmulator(), GitHubEmulator()
    with arxiv.server, github.server, tempfile.TemporaryDirectory() as runner:
        github.add_repo(REPO, {"README.md": readme.text.encode()})
        for keyword in KEYWORDS:
            arxiv.serve_keyword(keyword, entries)
        inputs = {
            "keywords": "\n".join(KEYWORDS),
            "github-token": github.token,
            "arxiv-api-url": arxiv.url,
            "request-interval": "0",
        }
        environment = {"GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": github.api_url}
        timings = []
        for _ in range(count):
            timings.append(
                _timed("idle run", lambda: run_action(Path(runner), inputs, environment))
            )
        if github.repos[REPO].commits:
            raise SystemExit("an idle run committed: the benchmark setup is wrong")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="idle runs to time")
    parser.add_argument("--rebuild-base", action="store_true", help="time the base build too")
    args = parser.parse_args()

    rows: list[tuple[str, str]] = []
    if args.rebuild_base:
        seconds = _timed("base build", lambda: ensure_base(rebuild=True))
        rows.append(("base image build (debootstrap)", f"{seconds:.1f} s"))
    else:
        ensure_base()
    build = _timed("cold build", lambda: build_image(no_cache=True))
    base, image = _size(BASE_IMAGE), _size(IMAGE)
    base_layers = int(
        podman("image", "inspect", BASE_IMAGE, "--format", "{{len .RootFS.Layers}}").stdout
    )
    pull, pull_added = _pull_sizes(IMAGE, base_layers)
    idle = _idle_runs(args.runs)
    rows += [
        ("base image size", f"{base / 1e6:.1f} MB"),
        ("action image size", f"{image / 1e6:.1f} MB"),
        ("added by the Dockerfile", f"{(image - base) / 1e6:.1f} MB"),
        ("pull size (gzip-compressed layers)", f"{pull / 1e6:.1f} MB"),
        ("pull size added by the Dockerfile", f"{pull_added / 1e6:.1f} MB"),
        ("cold build (--no-cache, base present)", f"{build:.1f} s"),
        (
            f"start-to-exit, nothing to do, {len(KEYWORDS)} keywords (median of {len(idle)})",
            f"{statistics.median(idle):.2f} s (min {min(idle):.2f}, max {max(idle):.2f})",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'figure':<{width}}  value")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
