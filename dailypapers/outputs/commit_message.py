"""The default commit message of a run: what each section gained, in one line.

A pure function of the merge's changes, so that a commit says what it brought without the run
having to say it.
"""

from __future__ import annotations

from datetime import date

from dailypapers.domain.change import SectionChange


def default_commit_message(
    changes: tuple[SectionChange, ...], today: date, extra_files: tuple[str, ...] = ()
) -> str:
    """Names how many papers each section that changed gained, for example ``Diffusion +3``;
    without any, the files written, else the date alone."""
    parts = []
    for change in changes:
        if not (change.papers_changed or change.columns_changed or change.created):
            continue
        part = f"{change.heading} +{len(change.added)}"
        if change.updated:
            part += f" ({len(change.updated)} updated)"
        if change.columns_changed:
            part += " (columns changed)"
        parts.append(part)
    what = ", ".join(parts or extra_files) or "Last update"
    return f"Daily papers {today.isoformat()}: {what}"
