"""How a run's result is presented, whichever console shows it: its report, or its failure.

:func:`present` is the one place that turns a result into what the user sees and into the exit
code: 0 when the README is up to date (a search that failed, a TL;DR not written, a notifier that
could not deliver only warn), 1 when the run failed.
"""

from __future__ import annotations

from dailypapers.domain.errors import ConfigError, DailyPapersError, ReadmeFormatError
from dailypapers.domain.interfaces import Console, Failure
from dailypapers.entry.console import INVALID_INPUT
from dailypapers.entry.report import (
    action_outputs,
    notified_line,
    outcome_line,
    papers_output,
    section_lines,
    silence_line,
    summary_markdown,
)
from dailypapers.readme.render import FIELD_LIMIT
from dailypapers.run import RunReport


def present(console: Console, result: RunReport | DailyPapersError, readme_path: str) -> int:
    """Shows the run's report, or its failure (``readme_path`` names the file a broken table is
    on); the exit code."""
    if isinstance(result, DailyPapersError):
        console.fail(describe_failure(result, readme_path))
        return 1
    _present_fetches(console, result)
    for problem in result.tldr_problems:
        console.warning(f"no TL;DR for {problem}; their rows say Show", title="daily-papers: TL;DR")
    if result.merge.cut_texts:
        console.warning(_cut_texts_line(result.merge.cut_texts), title="daily-papers: text cut")
    silence = silence_line(result)
    if silence is not None:
        console.log(silence)
    console.outcome(outcome_line(result), result.committed)
    _present_notified(console, result)
    left_out = papers_output(result)[1]
    if left_out:
        console.warning(
            f"papers-json lists the newest papers only: {left_out} left out to stay within "
            "GitHub's 1 MB for an output; the README and the papers file have them all",
            title="daily-papers: output cut",
        )
    console.finish(action_outputs(result), summary_markdown(result))
    return 0


def describe_failure(error: DailyPapersError, readme_path: str) -> Failure:
    """How a failed run is presented, whichever console shows it."""
    if isinstance(error, ConfigError):
        lines = error.lines
        problems = tuple(
            (problem, error.file, line) for problem, line in zip(error.problems, lines, strict=True)
        )
        listed = "".join(f"- {problem}\n" for problem in error.problems)
        return Failure(
            INVALID_INPUT, problems, f"Invalid inputs, nothing was fetched or written:\n\n{listed}"
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


def _present_fetches(console: Console, report: RunReport) -> None:
    """Each section's lines, a warning for each search that failed and each odd answer."""
    for fetch in report.fetches:
        console.section(fetch.heading, section_lines(report, fetch))
        if fetch.papers is None:
            console.warning(
                f"'{fetch.heading}' kept its rows: {fetch.error}",
                title="daily-papers: search failed",
            )
        for note in fetch.notes:
            console.warning(f"'{fetch.heading}': {note}", title="daily-papers: arXiv's answer")


def _present_notified(console: Console, report: RunReport) -> None:
    """What became of each notifier's delivery: a warning for each one that failed, which costs
    nothing else (the README is committed, the other notifiers delivered)."""
    for notified in report.notified:
        if notified.error is None:
            console.log(notified_line(notified))
            continue
        console.warning(
            f"the {notified.channel} notifier could not deliver the digest: {notified.error}",
            title="daily-papers: digest not delivered",
        )


def _cut_texts_line(cut: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """One warning for every row written with a text cut, each paper with the texts cut."""
    papers = "; ".join(f"{arxiv_id} ({', '.join(fields)})" for arxiv_id, fields in cut)
    return (
        f"texts over {FIELD_LIMIT:,} characters, ten times arXiv's own limit, were cut in their "
        f"rows, which show […] where they end: {papers}"
    )
