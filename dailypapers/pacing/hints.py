"""How long an API asks a client to wait: the HTTP ``Retry-After`` header, and the reset times
of the ``x-ratelimit-*`` headers that OpenAI-compatible APIs send."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# OpenAI and Groq write a reset time as a Go duration ("12ms", "1s", "6m0s", "2m59.56s"); some
# compatible servers send plain seconds ("7").
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


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


def reset_seconds(header: str | None) -> float | None:
    """The seconds an ``x-ratelimit-reset-*`` header gives, as a duration (``6m0s``) or plain
    seconds; None without a header or with one that is neither."""
    text = (header or "").strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return None
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)
