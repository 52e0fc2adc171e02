"""Figures for the action image: its size, a cold build, its cold start, and a run with nothing
to do.

Run with `make bench-container` (or `.venv/bin/python -m bench.container`); needs podman, runc
and debootstrap, as the container test does. The image is tagged apart from the container
test's, so that both can run at once. Prints a table; asserts nothing.
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

from bench.relevance import speed_inputs
from dailypapers.arxiv.feed import parse_feed
from dailypapers.config.section import keyword_sections
from dailypapers.readme.merge import merge_readme
from tests.container.runner import (
    BASE_IMAGE,
    CONTAINER_OPTIONS,
    build_image,
    ensure_base,
    podman,
    remove_image,
    run_action,
)
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.github import GitHubEmulator

REPO = "octo/papers"
KEYWORDS = ("Diffusion", "Graph Neural Networks", "Large Language Models")
IMAGE = "localhost/daily-papers:bench"
# What a run imports before its first log line, and what a run with notify adds: Apprise and
# its plugins, loaded when the first URL is parsed. Each snippet prints its seconds.
_IMPORT_PACKAGE = (
    "import time; start = time.perf_counter(); import dailypapers.entry.cli; "
    "print(time.perf_counter() - start)"
)
_LOAD_APPRISE = (
    "import time; start = time.perf_counter(); import apprise; "
    "apprise.Apprise.instantiate('json://127.0.0.1:9/'); print(time.perf_counter() - start)"
)

# One scoring of the case bench/relevance.py times, after one call to warm the imports.
RELEVANCE_PAPERS, RELEVANCE_SEEDS = 2000, 50
_SCORE_RELEVANCE = """
import json, time
from datetime import date
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import SeedText
from dailypapers.relevance.score import score_papers
from dailypapers.relevance.seeds import Seeds
case = json.load(open("/bench/case.json"))
day = date(2025, 9, 1)
papers = [Paper(i, 1, title, abstract, "", day, day) for i, title, abstract in case["papers"]]
seeds = Seeds(tuple(SeedText(title, abstract) for title, abstract in case["seeds"]))
score_papers(papers[:10], seeds)
start = time.perf_counter()
score_papers(papers, seeds)
print(time.perf_counter() - start)
"""


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


def _in_container(*command: str, mounts: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """``python3`` in a fresh container of the image, with the options every run takes (and
    ``mounts``, podman's ``--volume`` values)."""
    volumes = [option for mount in mounts for option in ("--volume", mount)]
    return podman(
        "run", "--rm", *CONTAINER_OPTIONS, *volumes, "--network", "host",
        "--entrypoint", "python3", IMAGE, *command,
    )  # fmt: skip


def _cold_starts(count: int) -> list[float]:
    """Seconds from ``podman run`` to the package imported and the container gone: what every
    run pays before its first log line, container start included."""
    return [
        _timed("cold start", lambda: _in_container("-c", "import dailypapers.entry.cli"))
        for _ in range(count)
    ]


def _seconds_inside(code: str, count: int, mounts: tuple[str, ...] = ()) -> list[float] | None:
    """The seconds ``code`` prints, in a fresh container each time; None when it fails (what it
    times is not in the image)."""
    timings = []
    for _ in range(count):
        ran = _in_container("-c", code, mounts=mounts)
        if ran.returncode != 0:
            return None
        timings.append(float(ran.stdout))
    return timings


def _spread(timings: list[float] | None, digits: int = 2) -> str:
    if timings is None:
        return "(not in the image)"
    median = statistics.median(timings)
    return f"{median:.{digits}f} s (min {min(timings):.{digits}f}, max {max(timings):.{digits}f})"


def _relevance_inside(count: int) -> list[float] | None:
    """Seconds of one ``score_papers`` call inside the image, on the papers and seeds that
    `make bench-relevance` times (2,000 x 50), handed in as a JSON file."""
    papers, seeds = speed_inputs(RELEVANCE_PAPERS, RELEVANCE_SEEDS)
    with tempfile.TemporaryDirectory() as folder:
        case = {
            "papers": [[p.arxiv_id, p.title, p.abstract] for p in papers],
            "seeds": [[s.title, s.abstract] for s in seeds.texts],
        }
        (Path(folder) / "case.json").write_text(json.dumps(case))
        return _seconds_inside(_SCORE_RELEVANCE, count, mounts=(f"{folder}:/bench:ro",))


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
                _timed("idle run", lambda: run_action(Path(runner), inputs, environment, IMAGE))
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
    build = _timed("cold build", lambda: build_image(no_cache=True, tag=IMAGE))
    base, image = _size(BASE_IMAGE), _size(IMAGE)
    base_layers = int(
        podman("image", "inspect", BASE_IMAGE, "--format", "{{len .RootFS.Layers}}").stdout
    )
    pull, pull_added = _pull_sizes(IMAGE, base_layers)
    idle = _idle_runs(args.runs)
    cold = _cold_starts(args.runs)
    rows += [
        ("base image size", f"{base / 1e6:.1f} MB"),
        ("action image size", f"{image / 1e6:.1f} MB"),
        ("added by the Dockerfile", f"{(image - base) / 1e6:.1f} MB"),
        ("pull size (gzip-compressed layers)", f"{pull / 1e6:.1f} MB"),
        ("pull size added by the Dockerfile", f"{pull_added / 1e6:.1f} MB"),
        ("cold build (--no-cache, base present)", f"{build:.1f} s"),
        (f"cold start: podman run to the package imported (median of {len(cold)})", _spread(cold)),
        (
            "import dailypapers.entry.cli, inside the container",
            _spread(_seconds_inside(_IMPORT_PACKAGE, args.runs), 3),
        ),
        (
            "Apprise imported and a URL parsed (runs with notify), inside",
            _spread(_seconds_inside(_LOAD_APPRISE, args.runs), 3),
        ),
        (
            f"relevance: {RELEVANCE_PAPERS:,} papers x {RELEVANCE_SEEDS} seeds, inside",
            _spread(_relevance_inside(args.runs)),
        ),
        (
            f"start-to-exit, nothing to do, {len(KEYWORDS)} keywords (median of {len(idle)})",
            _spread(idle),
        ),
    ]
    remove_image(IMAGE)
    width = max(len(name) for name, _ in rows)
    print(f"{'figure':<{width}}  value")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
