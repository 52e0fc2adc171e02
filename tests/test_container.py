"""The image, built from the project's Dockerfile and run the way the GitHub runner runs it.

Docker Hub is out of reach here, so the base is a local stand-in for python:3.12-slim made by
tests/container/build-base.sh (debootstrap); the Dockerfile is used unchanged but for BASE_IMAGE.
The container reaches the emulators on 127.0.0.1 through the host network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dailypapers.arxiv import parse_feed
from dailypapers.merge import merge_readme
from tests.conftest import anchor_readme
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.github import GitHubEmulator

ROOT = Path(__file__).resolve().parent.parent
BASE_IMAGE = "localhost/daily-papers-base:bookworm"
IMAGE = "localhost/daily-papers:test"
REPO = "octo/papers"
# What this sandbox's podman needs to start a container at all.
CONTAINER_OPTIONS = [
    "--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
]  # fmt: skip
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


def _podman(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["podman", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="session")
def image() -> str:
    if shutil.which("podman") is None:
        if os.environ.get("CI"):
            pytest.fail("podman is missing: .ci/run installs it")
        pytest.skip("podman is not installed (apt-get install podman runc debootstrap)")
    if _podman("image", "exists", BASE_IMAGE).returncode != 0:
        subprocess.run(
            ["bash", str(ROOT / "tests/container/build-base.sh"), BASE_IMAGE],
            check=True,
            timeout=1200,
        )
    build = _podman(
        "build", "--isolation", "chroot", "--network", "host",
        "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "--tag", IMAGE, str(ROOT),
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    return IMAGE


def _run_action(
    image: str, runner: Path, arxiv: ArxivEmulator, github: GitHubEmulator
) -> subprocess.CompletedProcess[str]:
    workspace, commands, home = (runner / "workspace", runner / "file_commands", runner / "home")
    for folder in (workspace, commands, home):
        folder.mkdir(parents=True, exist_ok=True)
    env = {
        "INPUT_KEYWORDS": "Molecular\nDiffusion\n",
        "INPUT_MAX-PAPERS": "100",
        "INPUT_CATEGORIES": "",
        "INPUT_README-PATH": "README.md",
        "INPUT_BRANCH": "",
        "INPUT_GITHUB-TOKEN": github.token,
        "INPUT_COMMIT-MESSAGE": "",
        "INPUT_DRY-RUN": "false",
        "INPUT_ARXIV-API-URL": arxiv.url,
        "INPUT_REQUEST-INTERVAL": "0",
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "HOME": "/github/home",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": github.api_url,
        "GITHUB_OUTPUT": "/github/file_commands/set_output",
        "GITHUB_STEP_SUMMARY": "/github/file_commands/step_summary",
    }
    # As the runner's docker run: workspace and file-command folders mounted, host network.
    return _podman(
        "run", "--rm", *CONTAINER_OPTIONS, "--network", "host", "--workdir", "/github/workspace",
        "-v", f"{workspace}:/github/workspace",
        "-v", f"{commands}:/github/file_commands",
        "-v", f"{home}:/github/home",
        *(option for name, value in env.items() for option in ("-e", f"{name}={value}")),
        image,
        timeout=300,
    )  # fmt: skip


def test_the_image_runs_as_the_runner_runs_it(
    image: str, arxiv: ArxivEmulator, github: GitHubEmulator, tmp_path: Path
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    for keyword, entries in PAPERS.items():
        arxiv.serve_keyword(keyword, entries)

    run = _run_action(image, tmp_path, arxiv, github)
    assert run.returncode == 0, run.stdout + run.stderr

    (commit,) = github.repos[REPO].commits
    fetched = {
        keyword: parse_feed(atom_feed(entries)).papers for keyword, entries in PAPERS.items()
    }
    today = datetime.now(UTC).date()
    expected = merge_readme(anchor_readme(), fetched, ["Molecular", "Diffusion"], 100, today)
    assert commit.content.decode() == expected.text
    outputs = (tmp_path / "file_commands" / "set_output").read_text()
    assert f"commit-sha={commit.sha}\n" in outputs
    assert "changed=true\n" in outputs
    assert "new-papers=3\n" in outputs
    assert "### Diffusion (+2)" in (tmp_path / "file_commands" / "step_summary").read_text()

    again = _run_action(image, tmp_path, arxiv, github)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(github.repos[REPO].commits) == 1
    assert "nothing new, nothing written" in again.stdout


def test_the_image_holds_no_sources_build_files_or_caches(image: str) -> None:
    script = (
        "ls -A /app; echo --; find /root/.cache /tmp -mindepth 1 2>/dev/null; echo --; "
        "python3 -c 'import dailypapers; print(dailypapers.__file__)'"
    )
    listing = _podman(
        "run", "--rm", *CONTAINER_OPTIONS, "--entrypoint", "sh", image, "-c", script
    )  # fmt: skip
    assert listing.returncode == 0, listing.stderr
    app, caches, module = listing.stdout.split("--\n")
    assert app.split() == ["LICENSE", "README.md", "constraints.txt", "entrypoint.py"]
    assert caches.split() == []
    assert module.strip().endswith("-packages/dailypapers/__init__.py")
