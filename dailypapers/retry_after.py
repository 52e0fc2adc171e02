"""How long an HTTP ``Retry-After`` header asks a client to wait, for every API the run calls."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def retry_after_seconds(header: str | None) -> float | None:
    """The seconds a ``Retry-After`` of delay-seconds or an HTTP date asks for; None without
    a header or with one that is neither."""
    if not header:
        return None
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
