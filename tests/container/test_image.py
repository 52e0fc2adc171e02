"""The image, built from the project's Dockerfile and run the way the GitHub runner runs it.

Docker Hub is out of reach here, so the base is a local stand-in for python:3.12-slim made by
tests/container/build-base.sh (debootstrap); the Dockerfile is used unchanged but for BASE_IMAGE.
The container reaches the emulators on 127.0.0.1 through the host network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dailypapers.arxiv.feed import parse_feed
from dailypapers.config.section import keyword_sections
from dailypapers.readme.merge import merge_readme
from tests.container.runner import (
    CONTAINER_OPTIONS,
    IMAGE,
    ROOT,
    build_image,
    ensure_base,
    podman,
    remove_image,
    run_action,
)
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.github import GitHubEmulator
from tests.emulators.receiver import Receiver
from tests.emulators.smtp import SmtpServer
from tests.factories import anchor_readme

REPO = "octo/papers"
PAPERS = {
    "Diffusion": [
        Entry("2411.10002", title="Diffusion models", updated=datetime(2026, 11, 22).date()),
        Entry("2411.10001", title="Older diffusion", updated=datetime(2026, 11, 21).date()),
    ],
    "Molecular": [
        Entry("2504.09999", title="A molecule paper", updated=datetime(2025, 4, 8).date())
    ],
}

pytestmark = pytest.mark.container


@pytest.fixture(scope="session")
def image(progress: Callable[[str], None]) -> Iterator[str]:
    if shutil.which("podman") is None:
        if os.environ.get("CI"):
            pytest.fail("podman is missing: .ci/run installs it")
        pytest.skip("podman is not installed (apt-get install podman runc debootstrap)")
    ensure_base(progress=progress)
    build = build_image(progress=progress)
    assert build.returncode == 0, build.stdout + build.stderr
    yield IMAGE
    remove_image(IMAGE)


def _run_action(
    runner: Path, arxiv: ArxivEmulator, github: GitHubEmulator
) -> subprocess.CompletedProcess[str]:
    inputs = {
        "keywords": "Molecular\nDiffusion\n",
        "max-papers": "100",
        "categories": "",
        "readme-path": "README.md",
        "branch": "",
        "github-token": github.token,
        "commit-message": "",
        "dry-run": "false",
        "arxiv-api-url": arxiv.url,
        "request-interval": "0",
        # The zone data must be in the image.
        "time-zone": "Asia/Shanghai",
    }
    return run_action(runner, inputs, {"GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": github.api_url})


def test_the_image_runs_as_the_runner_runs_it(
    image: str, arxiv: ArxivEmulator, github: GitHubEmulator, tmp_path: Path
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    for keyword, entries in PAPERS.items():
        arxiv.serve_keyword(keyword, entries)

    run = _run_action(tmp_path, arxiv, github)
    assert run.returncode == 0, run.stdout + run.stderr

    (commit,) = github.repos[REPO].commits
    fetched = {
        keyword: parse_feed(atom_feed(entries)).papers for keyword, entries in PAPERS.items()
    }
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    expected = merge_readme(
        anchor_readme(), fetched, keyword_sections(["Molecular", "Diffusion"], 100), today
    )
    assert commit.content.decode() == expected.text
    outputs = (tmp_path / "file_commands" / "set_output").read_text()
    assert f"commit-sha={commit.sha}\n" in outputs
    assert "changed=true\n" in outputs
    assert "new-papers=3\n" in outputs
    assert "### Diffusion (+2)" in (tmp_path / "file_commands" / "step_summary").read_text()

    again = _run_action(tmp_path, arxiv, github)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(github.repos[REPO].commits) == 1
    assert "nothing new, nothing written" in again.stdout


def test_the_image_sends_the_digest_through_apprise(
    image: str,
    arxiv: ArxivEmulator,
    github: GitHubEmulator,
    smtp: SmtpServer,
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    """Apprise works in the image without the packages the Dockerfile uninstalls."""
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    for keyword, entries in PAPERS.items():
        arxiv.serve_keyword(keyword, entries)
    inputs = {
        "keywords": "Molecular\nDiffusion\n",
        "github-token": github.token,
        "arxiv-api-url": arxiv.url,
        "request-interval": "0",
        "notify": f"{smtp.url()}\n{receiver.url()}\n",
    }
    run = run_action(
        tmp_path, inputs, {"GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": github.api_url}
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Digest delivered by the E-Mail notifier" in run.stdout
    (mail,) = smtp.mails
    (post,) = receiver.posts
    for link in ("https://arxiv.org/abs/2411.10002v1", "https://arxiv.org/abs/2504.09999v1"):
        assert link in mail.text("html") and link in post.json["message"]


def test_the_image_holds_no_sources_build_files_or_caches(image: str) -> None:
    script = (
        "ls -A /app; echo --; find /root/.cache /tmp -mindepth 1 2>/dev/null; echo --; "
        "python3 -c 'import dailypapers; print(dailypapers.__file__)'"
    )
    listing = podman(
        "run", "--rm", *CONTAINER_OPTIONS, "--entrypoint", "sh", image, "-c", script
    )  # fmt: skip
    assert listing.returncode == 0, listing.stderr
    app, caches, module = listing.stdout.split("--\n")
    assert app.split() == ["LICENSE", "README.md", "constraints.txt", "entrypoint.py"]
    assert caches.split() == []
    assert module.strip().endswith("-packages/dailypapers/__init__.py")


def test_the_container_benchmark_prints_its_figures(image: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.container", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    figures = dict(line.split("  ", 1) for line in run.stdout.splitlines()[1:])
    assert [name.strip() for name in figures] == [
        "base image size",
        "action image size",
        "added by the Dockerfile",
        "pull size (gzip-compressed layers)",
        "pull size added by the Dockerfile",
        "cold build (--no-cache, base present)",
        "cold start: podman run to the package imported (median of 1)",
        "import dailypapers.entry.cli, inside the container",
        "Apprise imported and a URL parsed (runs with notify), inside",
        "relevance: 2,000 papers x 50 seeds, inside",
        "start-to-exit, nothing to do, 3 keywords (median of 1)",
    ]
    assert not [value for value in figures.values() if "not in the image" in value], figures
