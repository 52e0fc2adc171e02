"""Entry points: the local ``daily-papers`` command and the container action's ``main``.

Each parses its inputs, builds the adapters the run talks to, calls the one run pipeline
(:func:`dailypapers.run.run`) and presents its report or its failure through a console: the
terminal, or the runner's workflow commands and files. The only place that catches the package's
errors and turns them into exit codes: 0 when the README is up to date, 1 when the run failed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol, TextIO

from dailypapers import __version__
from dailypapers.arxiv.client import USER_AGENT, ArxivClient
from dailypapers.config.from_inputs import action_settings, local_settings
from dailypapers.config.inputs import ACTION_INPUTS, local_parser, local_values
from dailypapers.config.settings import ActionSettings, RunSettings, SearchSettings, TldrSettings
from dailypapers.entry.local_store import LocalReadmeStore
from dailypapers.entry.runner import Workflow, read_inputs
from dailypapers.errors import ConfigError, DailyPapersError, ReadmeFormatError
from dailypapers.github.api import connect
from dailypapers.github.issues import IssueNotifier
from dailypapers.github.store import GitHubReadmeStore
from dailypapers.outputs.report import (
    action_outputs,
    outcome_line,
    papers_json,
    section_lines,
    silence_line,
    summary_markdown,
)
from dailypapers.run import Adapters, RunReport, run
from dailypapers.tldr.client import TldrClient


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed run as presented: a title, each problem with the file and line it is on, and the
    sentence that heads the job summary."""

    title: str
    problems: tuple[tuple[str, str | None, int | None], ...]
    summary: str


class Console(Protocol):
    """Where a run's report and failures are shown."""

    def log(self, message: str) -> None: ...

    def section(self, heading: str, lines: list[str]) -> None: ...

    def warning(self, message: str, title: str) -> None: ...

    def error(self, message: str, title: str) -> None: ...

    def outcome(self, line: str, committed: bool) -> None: ...

    def fail(self, failure: Failure) -> None: ...

    def finish(self, outputs: dict[str, str], summary: str) -> None: ...


class Terminal:
    """The local command's console: progress on stdout, failures on stderr."""

    def log(self, message: str) -> None:
        print(message)

    def section(self, heading: str, lines: list[str]) -> None:
        for line in lines:
            print(f"{heading}: {line}")

    def warning(self, message: str, title: str) -> None:
        print(f"daily-papers: warning: {message}", file=sys.stderr)

    def error(self, message: str, title: str) -> None:
        print(f"daily-papers: {message}", file=sys.stderr)

    def outcome(self, line: str, committed: bool) -> None:
        print(line)

    def fail(self, failure: Failure) -> None:
        if len(failure.problems) == 1 and failure.title != _INVALID_INPUT:
            print(f"daily-papers: {failure.problems[0][0]}", file=sys.stderr)
            return
        print("daily-papers: invalid arguments:", file=sys.stderr)
        for message, _, _ in failure.problems:
            print(f"  {message}", file=sys.stderr)

    def finish(self, outputs: dict[str, str], summary: str) -> None:
        """The local command has no outputs and no summary: the log said it all."""


class ActionConsole:
    """The action's console: workflow commands on stdout, outputs and the job summary in the
    runner's files."""

    def __init__(self, workflow: Workflow) -> None:
        self.workflow = workflow
        self.log = workflow.log

    def section(self, heading: str, lines: list[str]) -> None:
        with self.workflow.group(heading):
            for line in lines:
                self.workflow.log(line)

    def warning(self, message: str, title: str) -> None:
        self.workflow.warning(message, title=title)

    def error(self, message: str, title: str) -> None:
        self.workflow.error(message, title=title)

    def outcome(self, line: str, committed: bool) -> None:
        if committed:
            self.workflow.log(line)
        else:
            self.workflow.notice(line)

    def fail(self, failure: Failure) -> None:
        for message, file, line in failure.problems:
            where = {"file": file} if file else {}
            if file and line:
                where["line"] = str(line)
            self.workflow.command("error", message, title=failure.title, **where)
        self.workflow.add_summary(f"## daily-papers\n\n{failure.summary}")

    def finish(self, outputs: dict[str, str], summary: str) -> None:
        try:
            self.workflow.set_outputs(outputs)
            self.workflow.add_summary(summary)
        except OSError as error:
            self.workflow.error(
                f"cannot write the step's outputs or summary: {error.strerror} "
                f"({error.filename}); GITHUB_OUTPUT and GITHUB_STEP_SUMMARY name the "
                "runner's files",
                title="daily-papers: outputs not written",
            )


_INVALID_INPUT = "daily-papers: invalid input"


def describe_failure(error: DailyPapersError, readme_path: str) -> Failure:
    """How a failed run is presented, whichever console shows it."""
    if isinstance(error, ConfigError):
        lines = error.lines
        problems = tuple(
            (problem, error.file, line) for problem, line in zip(error.problems, lines, strict=True)
        )
        listed = "".join(f"- {problem}\n" for problem in error.problems)
        return Failure(
            _INVALID_INPUT, problems, f"Invalid inputs, nothing was fetched or written:\n\n{listed}"
        )
    if isinstance(error, ReadmeFormatError):
        message = f"{readme_path} {error}"
        return Failure(
            "daily-papers: README table cannot be merged",
            ((message, readme_path, error.line),),
            f"Failed, nothing was written: {message}\n",
        )
    summary = f"Failed, nothing was written: {error}\n"
    return Failure("daily-papers failed", ((str(error), None, None),), summary)


def main(argv: Sequence[str] | None = None, *, now: datetime | None = None) -> int:
    """The local command: the same run on a file, no GitHub."""
    arguments = local_parser(__version__).parse_args(argv)
    console = Terminal()
    try:
        settings = local_settings(
            *local_values(arguments), readme=str(arguments.readme), env=os.environ
        )
    except ConfigError as error:
        return _present_failure(console, error, str(arguments.readme))
    adapters = Adapters(
        store=LocalReadmeStore(arguments.readme, root=arguments.readme.parent),
        source=_arxiv_client(settings.search),
        log=console.log,
        summarizer=_tldr_client(settings.tldr),
    )
    return _run(console, settings, adapters, now, str(arguments.readme))


def action_main(
    env: Mapping[str, str] | None = None,
    stream: TextIO | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """The container action: inputs from ``INPUT_*``, results as workflow commands and files."""
    environment = os.environ if env is None else env
    inputs = read_inputs(ACTION_INPUTS, environment)
    token, summary_key = inputs["github-token"], inputs["summary-api-key"]
    workflow = Workflow(stream or sys.stdout, environment, secrets=(token, summary_key))
    for secret in dict.fromkeys((token, summary_key)):
        workflow.mask(secret)
    console = ActionConsole(workflow)
    try:
        settings = action_settings(inputs, environment)
    except ConfigError as error:
        return _present_failure(console, error, "")
    adapters = replace(action_adapters(settings), log=workflow.log)
    return _run(console, settings.run, adapters, now, settings.github.readme_path)


def action_adapters(settings: ActionSettings) -> Adapters:
    """What the action's run talks to: the README store and the issue notifier share one
    GitHub client."""
    repository = connect(settings.github)
    return Adapters(
        store=GitHubReadmeStore(repository, settings.github),
        source=_arxiv_client(settings.run.search),
        announcer=IssueNotifier(
            repository, settings.github.repository, settings.run.announcement.labels
        ),
        summarizer=_tldr_client(settings.run.tldr),
    )


def _tldr_client(settings: TldrSettings) -> TldrClient | None:
    return TldrClient(settings) if settings.model else None


def _arxiv_client(search: SearchSettings) -> ArxivClient:
    return ArxivClient(
        search.arxiv_api_url,
        request_interval=search.request_interval,
        agent=search.user_agent or USER_AGENT,
    )


def _run(
    console: Console,
    settings: RunSettings,
    adapters: Adapters,
    now: datetime | None,
    readme_path: str,
) -> int:
    """Runs the pipeline once, on the day it is in the settings' time zone, and presents what it
    did; the exit code."""
    try:
        report = run(settings, adapters, now or datetime.now(UTC))
    except DailyPapersError as error:
        return _present_failure(console, error, readme_path)
    except Exception as error:
        # The last line of defence: whatever a library let through, no traceback ever.
        unexpected = DailyPapersError(f"an unexpected error: {type(error).__name__}: {error}")
        return _present_failure(console, unexpected, readme_path)
    return _present_report(console, report)


def _present_failure(console: Console, error: DailyPapersError, readme_path: str) -> int:
    console.fail(describe_failure(error, readme_path))
    return 1


def _present_report(console: Console, report: RunReport) -> int:
    for fetch in report.fetches:
        console.section(fetch.heading, section_lines(report, fetch))
        if fetch.papers is None:
            console.warning(
                f"'{fetch.heading}' kept its rows: {fetch.error}",
                title="daily-papers: search failed",
            )
        for note in fetch.notes:
            console.warning(f"'{fetch.heading}': {note}", title="daily-papers: arXiv's answer")
    for problem in report.tldr_problems:
        console.warning(f"no TL;DR for {problem}; their rows say Show", title="daily-papers: TL;DR")
    silence = silence_line(report)
    if silence is not None:
        console.log(silence)
    console.outcome(outcome_line(report), report.committed)
    status = 0
    if report.announce_error is not None:
        console.error(
            "the README was committed, but the new papers were not announced: "
            f"{report.announce_error}",
            title="daily-papers: issue not opened",
        )
        status = 1
    elif report.issue_url:
        console.log(f"Announced in {report.issue_url}")
    left_out = papers_json(report)[1]
    if left_out:
        console.warning(
            f"papers-json lists the newest papers only: {left_out} left out to stay within "
            "GitHub's 1 MB for an output; the README and the papers file have them all",
            title="daily-papers: output cut",
        )
    console.finish(action_outputs(report), summary_markdown(report))
    return status
