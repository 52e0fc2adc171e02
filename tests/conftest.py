"""Shared fixtures: the emulators on 127.0.0.1 (arXiv, GitHub, a model's API, an SMTP server, a
webhook receiver), a clock that never sleeps, the runner's environment, and the check that every
fixture file is used."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.github import GitHubEmulator
from tests.emulators.models import ModelsEmulator
from tests.emulators.receiver import Receiver
from tests.emulators.smtp import SmtpServer
from tests.factories import FIXTURES, FIXTURES_READ, TOKEN, FakeClock, action_env

# The programs some tests need beyond Python's packages, and the one command that installs them
# all on Debian or Ubuntu (what .ci/run does before `make test`).
SYSTEM_TOOLS = ("podman", "runc", "debootstrap", "chromium", "chromedriver")
INSTALL_TOOLS = "make tools"
# Files that describe fixtures rather than being read by tests.
_NOT_FIXTURES = {"SOURCE.md"}


@pytest.fixture(scope="session")
def progress(pytestconfig: pytest.Config) -> Callable[[str], None]:
    """Says what a long step (an image build) is doing, on the terminal, as it goes."""
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")

    def say(line: str) -> None:
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(line)

    return say


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def arxiv() -> Iterator[ArxivEmulator]:
    emulator = ArxivEmulator()
    with emulator.server:
        yield emulator
        emulator.stopping.set()


@pytest.fixture
def models() -> Iterator[ModelsEmulator]:
    emulator = ModelsEmulator()
    with emulator.server:
        yield emulator


@pytest.fixture
def github() -> Iterator[GitHubEmulator]:
    emulator = GitHubEmulator(token=TOKEN)
    with emulator.server:
        yield emulator


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 that keeps every mail."""
    with SmtpServer() as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP receiver on 127.0.0.1 that records every POST (Apprise's json:// URLs)."""
    with Receiver() as server:
        yield server


@pytest.fixture
def env(arxiv: ArxivEmulator, github: GitHubEmulator, tmp_path: Path) -> dict[str, str]:
    """The runner's environment for the action, pointed at both emulators."""
    return action_env(arxiv, github, tmp_path)


def unused_fixtures() -> list[str]:
    """Fixture files no test read, relative to tests/fixtures."""
    files = {path.resolve() for path in FIXTURES.rglob("*") if path.is_file()}
    unused = files - FIXTURES_READ
    return sorted(
        str(path.relative_to(FIXTURES.resolve()))
        for path in unused
        if path.name not in _NOT_FIXTURES
    )


def missing_tools() -> list[str]:
    return [tool for tool in SYSTEM_TOOLS if shutil.which(tool) is None]


def pytest_report_header(config: pytest.Config) -> str | None:
    """Says at the start which programs are missing, so that no test is skipped quietly."""
    missing = missing_tools()
    if not missing:
        return None
    return (
        f"missing {', '.join(missing)}: the tests that need them are skipped; "
        f"`{INSTALL_TOOLS}` installs them (apt-get, on Debian or Ubuntu)"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Names each skipped test and why, and the one command that runs them too."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    terminalreporter.section(f"{len(skipped)} tests skipped", yellow=True)
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        terminalreporter.write_line(f"{report.nodeid}: {reason}")
    terminalreporter.write_line(f"`{INSTALL_TOOLS}` installs what they need, then `make test`.")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Like arxiv.py's suite: a fixture nobody reads is a defect; checked on full runs only."""
    config = session.config
    partial = config.option.keyword or config.option.markexpr or getattr(config.option, "lf", False)
    everything = [str(Path(arg).resolve()) for arg in config.args] == [
        str(Path(config.rootpath, "tests").resolve())
    ] or config.args == []
    if exitstatus != 0 or partial or not everything:
        return
    unused = unused_fixtures()
    if unused:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(f"unused fixture files: {', '.join(unused)}", red=True)
