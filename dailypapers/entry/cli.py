"""Entry points: the local ``daily-papers`` command and the container action's ``main``.

Each builds the settings from its inputs and the adapters the run talks to
(:mod:`dailypapers.entry.adapters`), calls the one run pipeline (:func:`dailypapers.run.run`) once
and presents its result through :func:`dailypapers.entry.presentation.present`, on its console.
The only place that catches the package's errors and turns them into exit codes: 0 when the README
is up to date, 1 when the run failed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TextIO

from dailypapers.config.from_inputs import action_settings, local_settings
from dailypapers.config.inputs import ACTION_INPUTS
from dailypapers.domain.errors import ConfigError, DailyPapersError
from dailypapers.domain.interfaces import Console
from dailypapers.domain.project import __version__
from dailypapers.domain.settings import RunSettings
from dailypapers.entry.adapters import action_adapters, local_adapters, notify_secrets
from dailypapers.entry.arguments import local_parser, local_values
from dailypapers.entry.console import ActionConsole, Terminal
from dailypapers.entry.presentation import present
from dailypapers.entry.runner import Workflow, read_inputs
from dailypapers.run import Adapters, RunReport, run


def main(argv: Sequence[str] | None = None, *, now: datetime | None = None) -> int:
    """The local command: the same run on a file, no GitHub."""
    arguments = local_parser(__version__).parse_args(argv)
    console = Terminal(secrets=notify_secrets("\n".join(arguments.notify)))
    readme = str(arguments.readme)
    try:
        settings = local_settings(
            *local_values(arguments), readme=readme, env=os.environ, url_problem=_url_problem
        )
    except ConfigError as error:
        return present(console, error, readme)
    adapters = local_adapters(settings, arguments.readme, console.log)
    return _run(console, settings, adapters, now, readme)


def action_main(
    env: Mapping[str, str] | None = None,
    stream: TextIO | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """The container action: inputs from ``INPUT_*``, results as workflow commands and files."""
    environment = os.environ if env is None else env
    inputs = read_inputs(ACTION_INPUTS, environment)
    secrets = (
        inputs["github-token"],
        inputs["summary-api-key"],
        *notify_secrets(inputs["notify"]),
    )
    workflow = Workflow(stream or sys.stdout, environment, secrets=secrets)
    for secret in dict.fromkeys(secrets):
        workflow.mask(secret)
    console = ActionConsole(workflow)
    try:
        settings = action_settings(inputs, environment, url_problem=_url_problem)
    except ConfigError as error:
        return present(console, error, "")
    adapters = action_adapters(settings, workflow.log)
    return _run(console, settings.run, adapters, now, settings.github.readme_path)


def _url_problem(url: str) -> str | None:
    """Why Apprise cannot use a notify URL; Apprise loads only for runs that give one."""
    from dailypapers.notify.apprise import url_problem

    return url_problem(url)


def _run(
    console: Console,
    settings: RunSettings,
    adapters: Adapters,
    now: datetime | None,
    readme_path: str,
) -> int:
    """Runs the pipeline once, at ``now`` (the present moment when None), and presents its
    result; the exit code."""
    result: RunReport | DailyPapersError
    try:
        result = run(settings, adapters, now or datetime.now(UTC))
    except DailyPapersError as error:
        result = error
    except Exception as error:
        # The last line of defence: whatever a library let through, no traceback ever.
        result = DailyPapersError(f"an unexpected error: {type(error).__name__}: {error}")
    return present(console, result, readme_path)
