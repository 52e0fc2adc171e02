"""The podman steps shared by the container test and the container benchmark."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE_IMAGE = "localhost/daily-papers-base:bookworm"
IMAGE = "localhost/daily-papers:test"
# What this sandbox's podman needs to start a container at all.
CONTAINER_OPTIONS = [
    "--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
]  # fmt: skip


def podman(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["podman", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _silent(line: str) -> None:
    """Progress that nobody reads."""


def ensure_base(rebuild: bool = False, progress: Callable[[str], None] = _silent) -> None:
    """Make the debootstrap base image unless podman already has it."""
    if rebuild or podman("image", "exists", BASE_IMAGE).returncode != 0:
        progress(f"making the base image {BASE_IMAGE} with debootstrap (a few minutes, once)")
        subprocess.run(
            ["bash", str(ROOT / "tests/container/build-base.sh"), BASE_IMAGE],
            check=True,
            timeout=1200,
        )


def build_image(
    no_cache: bool = False, tag: str = IMAGE, progress: Callable[[str], None] = _silent
) -> subprocess.CompletedProcess[str]:
    """The project's Dockerfile, unchanged but for its base, tagged ``tag``; each of the build's
    steps is told to ``progress`` as it starts."""
    command = [
        "podman", "build", "--isolation", "chroot", "--network", "host",
        *(["--no-cache"] if no_cache else []),
        "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "--tag", tag, str(ROOT),
    ]  # fmt: skip
    said = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as build:
        assert build.stdout is not None
        for line in build.stdout:
            said.append(line)
            if line.startswith("STEP "):
                progress(f"building {tag}: {line.strip()[:100]}")
    return subprocess.CompletedProcess(command, build.returncode, "".join(said), "")


def remove_image(tag: str) -> None:
    """The image ``tag`` and the layers only it used: no test leaves an image behind."""
    podman("rmi", "--force", tag)


def run_action(
    runner: Path, inputs: dict[str, str], environment: dict[str, str], image: str = IMAGE
) -> subprocess.CompletedProcess[str]:
    """``docker run`` of ``image`` as the runner does it: workspace, home and file-command
    folders mounted from ``runner``, ``INPUT_*`` named as the runner names them, the host
    network."""
    mounts = []
    for name in ("workspace", "file_commands", "home"):
        (runner / name).mkdir(parents=True, exist_ok=True)
        mounts += ["-v", f"{runner / name}:/github/{name}"]
    env = {
        **{"INPUT_" + name.replace(" ", "_").upper(): value for name, value in inputs.items()},
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "HOME": "/github/home",
        "GITHUB_OUTPUT": "/github/file_commands/set_output",
        "GITHUB_STEP_SUMMARY": "/github/file_commands/step_summary",
        **environment,
    }
    return podman(
        "run", "--rm", *CONTAINER_OPTIONS, "--network", "host", "--workdir", "/github/workspace",
        *mounts,
        *(option for name, value in env.items() for option in ("-e", f"{name}={value}")),
        image,
        timeout=300,
    )  # fmt: skip
