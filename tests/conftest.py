"""Shared fixtures: the emulators on 127.0.0.1, recorded responses, a clock that never sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.github import GitHubEmulator

FIXTURES = Path(__file__).parent / "fixtures"


def recorded_feed(name: str) -> bytes:
    """A real arXiv response from tests/fixtures/arxiv (see SOURCE.md there)."""
    return (FIXTURES / "arxiv" / name).read_bytes()


def anchor_readme() -> str:
    """The README format users already have (tests/fixtures/readme/SOURCE.md)."""
    return (FIXTURES / "readme" / "anchor.md").read_text(encoding="utf-8")


class FakeClock:
    """Stands in for time.monotonic and time.sleep: sleeping advances the clock instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


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
def github() -> Iterator[GitHubEmulator]:
    emulator = GitHubEmulator()
    with emulator.server:
        yield emulator
