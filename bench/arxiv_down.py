"""How long a run takes when arXiv is down, silent, trickling or throttled, in real time.

Each scenario runs the local command's pipeline (`run`, on a README file, as `daily-papers`
runs it) with 20 keywords at the default 3 s interval and the production retry policy, its
jitter at the top of its range (the worst case), against an arXiv emulator over loopback HTTP
that fails one way for the whole run. It prints, per scenario, the wall seconds, the requests
arXiv got, the worst case `seconds_to_stop` predicts, how the run ended and whether the README
stayed byte for byte. `make bench-arxiv-down` runs it (about six minutes: the waits are real);
`--scale` shrinks every duration for a smoke run. It asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from dailypapers.arxiv.client import ArxivClient
from dailypapers.arxiv.policy import RetryPolicy, longest_answers, seconds_to_stop
from dailypapers.config.section import keyword_sections
from dailypapers.domain.errors import DailyPapersError
from dailypapers.domain.settings import RunSettings
from dailypapers.entry.local_store import LocalReadmeStore
from dailypapers.run import Adapters, run
from tests.emulators.arxiv import ArxivEmulator, Reply
from tests.emulators.atom import Entry, atom_feed

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
INTERVAL = 3.0
# The answers of a throttled arXiv before it answers: a storm, as GitHub's shared runners get.
STORM = 6
ENDLESS_FEED = atom_feed([Entry(f"2411.{n:05d}", summary="An abstract. " * 50) for n in range(100)])


@dataclass(frozen=True)
class Scenario:
    name: str
    reply: Reply | None
    # How long one failed answer takes, by longest_answers; None when arXiv answers in the end.
    failure: str | None


SCENARIOS = (
    Scenario("down: HTTP 503 to everything", Reply(503), "HTTP 5xx"),
    Scenario("silent: accepts, never answers", Reply(stall=True), "silent"),
    Scenario("trickling: 1 byte a second", Reply(200, ENDLESS_FEED, trickle=1), "trickling"),
    Scenario("50 MB of garbage", Reply(200, padding=50_000_000), "HTTP 5xx"),
    Scenario(f"throttled: {STORM} x 429, then answers", None, None),
)


@dataclass(frozen=True)
class Figures:
    scenario: Scenario
    seconds: float
    requests: int
    predicted: float | None
    ended: str
    readme_unchanged: bool


def _scaled(policy: RetryPolicy, scale: float) -> RetryPolicy:
    connect, read = policy.timeout
    return replace(
        policy,
        backoff_seconds=policy.backoff_seconds * scale,
        max_backoff_seconds=policy.max_backoff_seconds * scale,
        max_retry_after_seconds=policy.max_retry_after_seconds * scale,
        timeout=(connect * scale, read * scale),
        request_deadline_seconds=policy.request_deadline_seconds * scale,
        run_budget_seconds=policy.run_budget_seconds * scale,
    )


def _serve(arxiv: ArxivEmulator, keywords: tuple[str, ...], papers: int) -> None:
    """``papers`` papers for each keyword, one a day from November 10, the newest first."""
    for number, keyword in enumerate(keywords):
        entries = [
            Entry(f"2411.{number:03d}{n:02d}", updated=date(2026, 11, 10 + n))
            for n in reversed(range(papers))
        ]
        arxiv.serve_keyword(keyword, entries)


def _measure(scenario: Scenario, keywords: tuple[str, ...], scale: float, folder: Path) -> Figures:
    """A first run against a healthy arXiv writes the README; then the measured run."""
    policy = _scaled(RetryPolicy(jitter=lambda: 1.0), scale)
    settings = RunSettings(keyword_sections(keywords))
    readme = folder / f"{len(list(folder.iterdir()))}.md"
    arxiv = ArxivEmulator()
    with arxiv.server:
        _serve(arxiv, keywords, 3)
        store = LocalReadmeStore(readme)
        run(settings, Adapters(store, ArxivClient(arxiv.url, request_interval=0.0)), NOW)
        before, asked_before = readme.read_bytes(), len(arxiv.requests)
        _serve(arxiv, keywords, 4)  # a new paper for each keyword, when arXiv answers
        arxiv.real_second = scale
        arxiv.always = scenario.reply
        arxiv.script = [Reply(429, b"Rate exceeded.")] * STORM if scenario.reply is None else []
        client = ArxivClient(arxiv.url, request_interval=INTERVAL * scale, retry=policy)
        started = time.perf_counter()
        try:
            report = run(settings, Adapters(store, client), NOW)
            filled = len(keywords) - len(report.failures)
            ended = f"{filled} of {len(keywords)} sections filled, {len(report.new_papers)} new"
        except DailyPapersError as error:
            ended = f"{type(error).__name__}: {error}"
        seconds = time.perf_counter() - started
        arxiv.stopping.set()
    predicted = None
    if scenario.failure is not None:
        failed = longest_answers(policy)[scenario.failure]
        predicted = seconds_to_stop(policy, INTERVAL * scale, failed)
    requests = len(arxiv.requests) - asked_before
    return Figures(scenario, seconds, requests, predicted, ended, readme.read_bytes() == before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keywords", type=int, default=20, help="keywords in each run")
    parser.add_argument("--scale", type=float, default=1.0, help="every duration times this")
    args = parser.parse_args()
    keywords = tuple(f"Topic {n}" for n in range(args.keywords))
    print(
        f"{args.keywords} keywords, request-interval {INTERVAL * args.scale:g} s, jitter at its "
        f"worst, durations x {args.scale:g} (measured {date.today().isoformat()})\n"
    )
    print("scenario | wall s | arXiv requests | worst case s | README unchanged | how it ended")
    print("--- | --- | --- | --- | --- | ---")
    with TemporaryDirectory() as folder:
        for scenario in SCENARIOS:
            figures = _measure(scenario, keywords, args.scale, Path(folder))
            predicted = "-" if figures.predicted is None else f"{figures.predicted:.1f}"
            print(
                f"{scenario.name} | {figures.seconds:.1f} | {figures.requests} | {predicted} | "
                f"{'yes' if figures.readme_unchanged else 'no'} | {figures.ended}",
                flush=True,
            )


if __name__ == "__main__":
    main()
