"""The two consoles a run is shown on: the terminal of the local command, and the runner's
workflow commands and files for the action.

The terminal writes every line to one stream, flushed at once, so that lines reach it in the order
they happen, whatever reads it (a pipe, ``make``, a log file). Both fit
:class:`~dailypapers.domain.interfaces.Console`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from dailypapers.domain.interfaces import Failure
from dailypapers.entry.runner import Scrubber, Workflow

INVALID_INPUT = "daily-papers: invalid input"


class Terminal:
    """The local command's console: progress, warnings and failures on one stream, standard
    output unless another is given, each line flushed as it is written, with the ``secrets``
    (the notify URLs and their credentials) scrubbed."""

    def __init__(self, stream: TextIO | None = None, secrets: Sequence[str] = ()) -> None:
        self.stream = stream or sys.stdout
        self.scrub = Scrubber(secrets)

    def _write(self, line: str) -> None:
        self.stream.write(self.scrub(line) + "\n")
        self.stream.flush()

    def log(self, message: str) -> None:
        self._write(message)

    def section(self, heading: str, lines: list[str]) -> None:
        for line in lines:
            self._write(f"{heading}: {line}")

    def warning(self, message: str, title: str) -> None:
        self._write(f"daily-papers: warning: {message}")

    def error(self, message: str, title: str) -> None:
        self._write(f"daily-papers: {message}")

    def outcome(self, line: str, committed: bool) -> None:
        self._write(line)

    def fail(self, failure: Failure) -> None:
        if len(failure.problems) == 1 and failure.title != INVALID_INPUT:
            self._write(f"daily-papers: {failure.problems[0][0]}")
            return
        self._write("daily-papers: invalid arguments:")
        for message, _, _ in failure.problems:
            self._write(f"  {message}")

    def finish(self, outputs: dict[str, str], summary: str) -> None:
        """The local command has no outputs and no job summary: the log said it all."""


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
