"""Entry points: the local ``daily-papers`` command and the container action's ``main``.

The only place that catches the package's errors, turns them into messages (workflow commands in
the action) and exit codes: 0 when the README is up to date, 1 when the run failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from dailypapers import __version__
from dailypapers.actions import Workflow, read_inputs
from dailypapers.arxiv import ArxivClient
from dailypapers.config import (
    ACTION_INPUTS,
    ActionSettings,
    ConfigFile,
    SearchSettings,
    action_settings,
    local_settings,
)
from dailypapers.config_file import parse_config_file
from dailypapers.errors import ConfigError, DailyPapersError, PublishError, ReadmeFormatError
from dailypapers.issues import IssueNotifier
from dailypapers.notify import render_notification
from dailypapers.publish import GitHubReadmeStore
from dailypapers.report import action_outputs, keyword_lines, outcome_line, summary_markdown
from dailypapers.storage import LocalReadmeStore, ReadmeStore
from dailypapers.update import RunReport, run_update


def _today() -> datetime:
    return datetime.now(UTC)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daily-papers",
        description="Merge the newest arXiv papers for each keyword into a README's tables.",
    )
    parser.add_argument("--readme", required=True, type=Path, help="the README to update")
    sections = parser.add_mutually_exclusive_group(required=True)
    sections.add_argument("--keyword", action="append", help="a keyword; repeat for more")
    sections.add_argument(
        "--config-file", default="", help="a TOML file defining the sections instead"
    )
    parser.add_argument("--max-papers", default="", help="papers kept per keyword (100)")
    parser.add_argument("--categories", default="", help="arXiv archives/categories, e.g. cs,stat")
    parser.add_argument("--arxiv-url", default="", help="the arXiv API query endpoint")
    parser.add_argument("--request-interval", default="", help="seconds between requests (3)")
    parser.add_argument("--feeds-dir", default="", help="also write an Atom feed per section here")
    parser.add_argument("--papers-file", default="", help="also write every paper to this JSON")
    parser.add_argument("--dry-run", action="store_true", help="report, but write nothing")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The local command: the same engine on a file, no GitHub."""
    args = _parser().parse_args(argv)
    try:
        search, config_file, outputs = local_settings(
            args.keyword or [],
            {
                "config-file": args.config_file,
                "max-papers": args.max_papers,
                "categories": args.categories,
                "arxiv-api-url": args.arxiv_url,
                "request-interval": args.request_interval,
                "feeds-dir": args.feeds_dir,
                "papers-file": args.papers_file,
            },
        )
        store = LocalReadmeStore(args.readme)
        if config_file is not None:
            search = _with_config_file(search, config_file, store)
        client = ArxivClient(search.arxiv_api_url, request_interval=search.request_interval)
        report = run_update(
            store,
            client,
            search,
            today=_today().date(),
            dry_run=args.dry_run,
            outputs=outputs,
            log=print,
        )
    except ConfigError as error:
        print("daily-papers: invalid arguments:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except ReadmeFormatError as error:
        print(f"daily-papers: {args.readme} {error}", file=sys.stderr)
        return 1
    except DailyPapersError as error:
        print(f"daily-papers: {error}", file=sys.stderr)
        return 1
    for fetch in report.fetches:
        for line in keyword_lines(report, fetch):
            print(f"{fetch.keyword}: {line}")
    print(outcome_line(report, args.dry_run))
    return 0


def _with_config_file(
    search: SearchSettings, config: ConfigFile, store: ReadmeStore
) -> SearchSettings:
    """The search settings with the sections the config file, read from the store, defines."""
    text = store.read_file(config.path)
    if text is None:
        raise ConfigError(
            [f"the config file {config.path} does not exist; create it or fix the path"]
        )
    return replace(search, topics=parse_config_file(text, config))


def _invalid_inputs(workflow: Workflow, error: ConfigError) -> int:
    for problem, line in zip(error.problems, error.lines, strict=True):
        where = {"file": error.file} if error.file else {}
        if error.file and line:
            where["line"] = str(line)
        workflow.command("error", problem, title="daily-papers: invalid input", **where)
    workflow.add_summary(
        "## daily-papers\n\nInvalid inputs, nothing was fetched or written:\n\n"
        + "".join(f"- {problem}\n" for problem in error.problems)
    )
    return 1


def action_main(env: Mapping[str, str] | None = None, stream: TextIO | None = None) -> int:
    """The container action: inputs from ``INPUT_*``, results as workflow commands and files."""
    environment = os.environ if env is None else env
    workflow = Workflow(stream or sys.stdout, environment)
    inputs = read_inputs(ACTION_INPUTS, environment)
    workflow.mask(inputs["github-token"].strip())
    try:
        settings = action_settings(inputs, environment)
    except ConfigError as error:
        return _invalid_inputs(workflow, error)
    store = GitHubReadmeStore(settings.github)
    client = ArxivClient(
        settings.search.arxiv_api_url, request_interval=settings.search.request_interval
    )
    today = _today().date()
    try:
        search = settings.search
        if settings.config_file is not None:
            search = _with_config_file(search, settings.config_file, store)
        report = run_update(
            store,
            client,
            search,
            today=today,
            dry_run=settings.dry_run,
            commit_message=settings.github.commit_message,
            outputs=settings.outputs,
            log=workflow.log,
        )
    except ConfigError as error:
        return _invalid_inputs(workflow, error)
    except ReadmeFormatError as error:
        path = settings.github.readme_path
        workflow.command(
            "error",
            f"{path} {error}",
            title="daily-papers: README table cannot be merged",
            file=path,
            line=str(error.line),
        )
        workflow.add_summary(f"## daily-papers\n\nFailed, nothing was written: {path} {error}\n")
        return 1
    except DailyPapersError as error:
        workflow.error(str(error), title="daily-papers failed")
        workflow.add_summary(f"## daily-papers\n\nFailed, nothing was written: {error}\n")
        return 1
    for fetch in report.fetches:
        with workflow.group(f"{fetch.keyword}"):
            for line in keyword_lines(report, fetch):
                workflow.log(line)
        if fetch.papers is None:
            workflow.warning(
                f"'{fetch.keyword}' kept its rows: {fetch.error}",
                title="daily-papers: search failed",
            )
    if report.committed:
        workflow.log(outcome_line(report, settings.dry_run))
    else:
        workflow.notice(outcome_line(report, settings.dry_run))
    try:
        issue_url = _announce(settings, report, today) if report.committed else ""
    except PublishError as error:
        workflow.error(
            f"the README was committed, but the new papers were not announced: {error}",
            title="daily-papers: issue not opened",
        )
        issue_url = ""
        status = 1
    else:
        status = 0
        if issue_url:
            workflow.log(f"Announced in {issue_url}")
    workflow.set_outputs(action_outputs(report, issue_url))
    workflow.add_summary(summary_markdown(report, settings.dry_run))
    return status


def _announce(settings: ActionSettings, report: RunReport, today: date) -> str:
    """Opens or comments on the day's issue when asked to and papers are new; its URL, or ''."""
    if not settings.notify.open_issue:
        return ""
    notification = render_notification(report.merge.changes, today, settings.notify.readme_url)
    if notification is None:
        return ""
    notifier = IssueNotifier(settings.github, settings.notify.labels)
    return notifier.notify(notification, today).url
