"""What a run tells its user: per-section lines, the job summary and the action's outputs.

Pure functions from a :class:`~dailypapers.run.RunReport` to text, shared by the action and the
local command.
"""

from __future__ import annotations

import json

from dailypapers.domain.change import SectionChange
from dailypapers.domain.interfaces import ISSUE_CHANNEL
from dailypapers.domain.paper import Paper
from dailypapers.domain.text import fold, utf8_size
from dailypapers.notify.delivery import Notified
from dailypapers.readme.render import inline_text, render_title, tldr_suffix
from dailypapers.run import RunReport
from dailypapers.steps.fetch import SectionFetch

# A log line's title at most: arXiv's longest are far shorter.
LOG_TITLE_LIMIT = 300


def section_lines(report: RunReport, fetch: SectionFetch) -> list[str]:
    """The log lines for one section: what arXiv gave and what the README gained."""
    if fetch.papers is None:
        return [f"Search failed, its rows were kept: {fetch.error}"]
    change = _change(report, fetch.heading)
    counts = f"{len(change.added)} new, {len(change.updated)} updated"
    if change.dropped:
        counts += f", {change.dropped} older rows dropped by the cap"
    return [
        returned_line(fetch, change),
        *(f"Note: {note}" for note in fetch.notes),
        counts,
        *(f"  + {paper.arxiv_id}v{paper.version} {_log_title(paper)}" for paper in change.added),
        *(f"  ~ {paper.arxiv_id}v{paper.version} {_log_title(paper)}" for paper in change.updated),
    ]


def _log_title(paper: Paper) -> str:
    """The title on one log line: folded, and cut where a title far past arXiv's would flood
    the log."""
    title = fold(paper.title)
    return title if len(title) <= LOG_TITLE_LIMIT else title[:LOG_TITLE_LIMIT].rstrip() + "…"


def _change(report: RunReport, heading: str) -> SectionChange:
    return next((c for c in report.merge.changes if c.heading == heading), SectionChange(heading))


def returned_line(fetch: SectionFetch, change: SectionChange) -> str:
    """What became of the papers arXiv returned for a section: why none is new, when none is."""
    if not fetch.found:
        return "arXiv returned no papers"
    newest = f", the newest updated {fetch.newest.isoformat()}" if fetch.newest else ""
    parts = [f"arXiv returned {fetch.found} papers{newest}"]
    if fetch.dropped_by:
        dropped = ", ".join(f"{count} by {name}" for name, count in fetch.dropped_by)
        parts.append(f"dropped {dropped}")
    parts.append(f"{change.already_listed} already listed")
    if change.too_old:
        parts.append(f"{change.too_old} older than every row the cap keeps")
    return "; ".join(parts)


def silence_line(report: RunReport) -> str | None:
    """Why nothing can be new, by arXiv's schedule; None when arXiv may have announced papers."""
    last = report.arxiv_silent_since
    if last is None or report.merge.previous_update is None:
        return None
    return (
        f"arXiv has announced nothing since the previous update "
        f"({report.merge.previous_update.isoformat()}): it announces Sunday to Thursday at "
        f"20:00 US Eastern, but not on Friday, Saturday or its holidays, and its last "
        f"announcement was on {last:%A %Y-%m-%d} (see https://info.arxiv.org/help/availability.html)."
    )


def outcome_line(report: RunReport) -> str:
    """One sentence on what happened to the README."""
    count = len(report.new_papers)
    files = f" and {', '.join(report.extra_files)}" if report.extra_files else ""
    dropped = sum(change.dropped for change in report.merge.changes)
    if report.committed and report.commit_sha is None:
        return f"{report.location}: wrote {count} new or updated papers{files}."
    if report.committed:
        return (
            f"{report.location}: committed {count} new or updated papers{files} "
            f"({report.commit_sha})."
        )
    if report.dry_run and not count and dropped:
        return (
            f"{report.location}: dry run, nothing new; {dropped} older rows would be dropped "
            "by the cap, nothing was written."
        )
    if report.dry_run and (report.merge.changed or report.extra_files):
        return f"{report.location}: dry run, {count} new or updated papers{files} were not written."
    return f"{report.location}: nothing new, nothing written."


def summary_markdown(report: RunReport) -> str:
    """The job summary: the outcome, then the new papers grouped by section."""
    lines = ["## daily-papers", "", inline_text(outcome_line(report)), ""]
    for change in report.merge.changes:
        papers = (*change.added, *change.updated)
        if not papers:
            continue
        lines += [f"### {change.heading} (+{len(papers)})", ""]
        lines += [
            f"- {render_title(paper)} ({paper.updated.isoformat()}){tldr_suffix(paper)}"
            for paper in papers
        ]
        lines.append("")
    for failure in report.failures:
        lines.append(f"- :warning: {failure.heading}: {inline_text(failure.error or '')}")
    lines += _notified_lines(report)
    if not report.new_papers:
        lines += _why_nothing_is_new(report)
    return "\n".join(lines) + "\n"


def notified_line(notified: Notified) -> str:
    """What became of one notifier's delivery of the digest, in a sentence."""
    by = f"by the {notified.channel} notifier"
    if notified.preview is not None:
        return f"Dry run, digest not sent {by}: it {notified.preview}"
    if notified.error is not None:
        return f"Digest not delivered {by}: {notified.error}"
    return f"Digest delivered {by}" + (f": {notified.url}" if notified.url else "")


def _notified_lines(report: RunReport) -> list[str]:
    """The job summary's account of each notifier's delivery of the digest."""
    if not report.notified:
        return []
    listed = [f"- {inline_text(notified_line(notified))}" for notified in report.notified]
    return ["### Notified", "", *listed, ""]


def _why_nothing_is_new(report: RunReport) -> list[str]:
    """The job summary's account of an empty day: arXiv's schedule, then each section's papers."""
    lines = ["### Why nothing is new", ""]
    silence = silence_line(report)
    if silence is not None:
        lines += [inline_text(silence), ""]
    for fetch in report.fetches:
        if fetch.papers is not None:
            line = returned_line(fetch, _change(report, fetch.heading))
            lines.append(f"- **{inline_text(fetch.heading)}**: {inline_text(line)}")
    return [*lines, ""]


# GitHub takes at most 1 MB an output; a workflow's later step fails on a larger one.
OUTPUT_LIMIT = 1_000_000


def papers_output(report: RunReport) -> tuple[str, int]:
    """The ``papers-json`` output: the new papers as a JSON array, each with the heading of its
    section, newest first, cut to fit GitHub's limit on an output; and how many were left out."""
    records = sorted(
        ({"heading": heading, **paper.to_json()} for heading, paper in report.new_papers),
        key=lambda record: str(record["updated"]),
        reverse=True,
    )
    texts = [json.dumps(record, ensure_ascii=False) for record in records]
    size, kept = 2, 0
    for text in texts:
        size += utf8_size(text) + 2
        if size > OUTPUT_LIMIT:
            break
        kept += 1
    return "[" + ", ".join(texts[:kept]) + "]", len(texts) - kept


def action_outputs(report: RunReport) -> dict[str, str]:
    """The outputs declared in action.yml."""
    return {
        "new-papers": str(len(report.new_papers)),
        "changed": "true" if report.committed else "false",
        "commit-sha": report.commit_sha or "",
        "papers-json": papers_output(report)[0],
        "issue-url": next(
            (n.url for n in report.notified if n.channel == ISSUE_CHANNEL and n.error is None), ""
        ),
    }
