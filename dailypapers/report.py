"""What a run tells its user: per-section lines, the job summary and the action's outputs.

Pure functions from a :class:`~dailypapers.update.RunReport` to text, shared by the action and the
local command.
"""

from __future__ import annotations

import json

from dailypapers.merge import SectionChange
from dailypapers.render import inline_text, render_title
from dailypapers.update import RunReport, SectionFetch


def section_lines(report: RunReport, fetch: SectionFetch) -> list[str]:
    """The log lines for one section: what arXiv gave and what the README gained."""
    if fetch.papers is None:
        return [f"Search failed, its rows were kept: {fetch.error}"]
    change = next(
        (c for c in report.merge.changes if c.heading == fetch.heading),
        SectionChange(fetch.heading),
    )
    counts = f"{len(change.added)} new, {len(change.updated)} updated"
    if change.dropped:
        counts += f", {change.dropped} older rows dropped by the cap"
    return [
        f"arXiv returned {fetch.found} papers, {len(fetch.papers)} in the chosen categories",
        *(f"Note: {note}" for note in fetch.notes),
        counts,
        *(f"  + {paper.arxiv_id}v{paper.version} {paper.title}" for paper in change.added),
        *(f"  ~ {paper.arxiv_id}v{paper.version} {paper.title}" for paper in change.updated),
    ]


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
        lines += [f"- {render_title(paper)} ({paper.updated.isoformat()})" for paper in papers]
        lines.append("")
    for failure in report.failures:
        lines.append(f"- :warning: {failure.heading}: {inline_text(failure.error or '')}")
    return "\n".join(lines) + "\n"


# GitHub takes at most 1 MB an output; a workflow's later step fails on a larger one.
OUTPUT_LIMIT = 1_000_000


def papers_json(report: RunReport) -> tuple[str, int]:
    """The new papers as a JSON array, newest first, cut to fit GitHub's limit on an output;
    and how many were left out."""
    records = sorted(
        ({"keyword": heading, **paper.to_json()} for heading, paper in report.new_papers),
        key=lambda record: str(record["updated"]),
        reverse=True,
    )
    texts = [json.dumps(record, ensure_ascii=False) for record in records]
    size, kept = 2, 0
    for text in texts:
        size += len(text.encode("utf-8")) + 2
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
        "papers-json": papers_json(report)[0],
        "issue-url": report.issue_url,
    }
