"""Delivering the digest through every notifier, each failure its own.

A notifier that fails (:class:`NotifyError`) costs only its own delivery: the
others still deliver, and the run records each outcome, which the log, the job summary and the
action's outputs show. A dry run sends nothing: each notifier says what it would send.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dailypapers.domain.errors import NotifyError
from dailypapers.domain.interfaces import Digest, Notifier

# The channel of the issue notifier, whose outcome the action's ``issue-url`` output gives.


@dataclass(frozen=True, slots=True)
class Notified:
    """What became of one notifier's delivery: where it went (a URL, empty when the channel has
    none), or why it failed, or, in a dry run, what it would have sent."""

    channel: str
    url: str = ""
    error: str | None = None
    preview: str | None = None


def deliver(
    notifiers: Sequence[Notifier], digest: Digest, today: date, dry_run: bool = False
) -> tuple[Notified, ...]:
    """The digest of ``today`` delivered by each notifier in turn (in a dry run, described and
    not sent); each one's outcome."""
    if dry_run:
        return tuple(Notified(n.channel, preview=n.preview(digest)) for n in notifiers)
    return tuple(_deliver(notifier, digest, today) for notifier in notifiers)


def _deliver(notifier: Notifier, digest: Digest, today: date) -> Notified:
    try:
        url = notifier.notify(digest, today)
    except NotifyError as error:
        return Notified(notifier.channel, error=str(error))
    return Notified(notifier.channel, url)
