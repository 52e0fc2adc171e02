"""The collector that reports every invalid value at once, and the parsers of values of any
kind (counts, switches, URLs, paths, secrets, time zones); the parsers of a section's, GitHub's
and the TL;DRs' values build on these in their own modules.

Each parser takes the text a user wrote and returns the value or raises
:class:`InvalidValue` with a message that says what a valid value looks like;
:class:`Problems` prefixes each message with the input's name and raises them all together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dailypapers.config.settings import (
    DEFAULT_ARXIV_API_URL,
    DEFAULT_REQUEST_INTERVAL,
    DEFAULT_TIME_ZONE,
)
from dailypapers.domain.errors import ConfigError, InvalidValue

# arXiv's terms of use ask for no more than one request every three seconds.
ARXIV_MIN_INTERVAL = 3.0
MAX_REQUEST_INTERVAL = 600.0

_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

RawT = TypeVar("RawT")
T = TypeVar("T")


class Problems:
    """Collects every invalid value, each prefixed with where it was given, to report at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def check(self, label: str, parse: Callable[[RawT], T], raw: RawT, fallback: T) -> T:
        """``parse(raw)``, or ``fallback`` with the problem noted under ``label``."""
        try:
            return parse(raw)
        except InvalidValue as problem:
            self.add(label, str(problem))
            return fallback

    def add(self, label: str, message: str) -> None:
        self.messages.append(f"{label}: {message}")

    def raise_if_any(self) -> None:
        if self.messages:
            raise ConfigError(self.messages)


def parse_count(raw: str, limit: int, default: int, what: str) -> int:
    """A whole number from 1 to ``limit`` of ``what``; empty: the default."""
    text = raw.strip()
    if not text:
        return default
    if not re.fullmatch(r"\+?\d{1,9}", text) or not 1 <= int(text) <= limit:
        raise InvalidValue(
            f"'{raw}' is not a whole number from 1 to {limit}; "
            f"set how many {what}, for example {default}"
        )
    return int(text)


# A README's budget at least: its own text and a few sections' headings and newest rows; at most
# what GitHub takes in one file (100 MB).
MIN_README_BYTES = 10_000
MAX_README_BYTES = 100_000_000


def parse_readme_bytes(raw: str, default: int) -> int:
    """The bytes a README, and each page of its older papers, may take; empty: the default."""
    text = raw.strip()
    if not text:
        return default
    if not re.fullmatch(r"\+?\d{1,9}", text) or not (
        MIN_README_BYTES <= int(text) <= MAX_README_BYTES
    ):
        raise InvalidValue(
            f"'{raw}' is not a whole number of bytes from {MIN_README_BYTES} to "
            f"{MAX_README_BYTES}; GitHub shows a README whole up to 512000 bytes, so keep the "
            f"default, {default}, or less"
        )
    return int(text)


def parse_http_url(raw: str, example: str = DEFAULT_ARXIV_API_URL) -> str:
    """An absolute http(s) URL; ``example`` shows one in the message when it is not."""
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in url):
        raise InvalidValue(f"'{raw}' is not an http(s) URL such as {example}")
    return url


def parse_seconds(raw: str) -> float:
    """A number of seconds, 0 or more."""
    text = raw.strip()
    if not text:
        return DEFAULT_REQUEST_INTERVAL
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_REQUEST_INTERVAL:
        raise InvalidValue(
            f"'{raw}' is not a number of seconds from 0 to {MAX_REQUEST_INTERVAL:g}; "
            f"arXiv asks for {ARXIV_MIN_INTERVAL:g}"
        )
    return seconds


def parse_bool(raw: str) -> bool:
    """true or false, as GitHub Actions spells them; empty means false."""
    text = raw.strip()
    if text in _TRUE:
        return True
    if not text or text in _FALSE:
        return False
    raise InvalidValue(f"'{raw}' is neither true nor false")


def parse_file_path(raw: str) -> str:
    """A file path relative to the repository root, inside it."""
    path = raw.strip()
    segments = path.split("/")
    if (
        path.startswith("/")
        or "\\" in path
        or any(segment in {"", ".", ".."} for segment in segments)
        or not path.isprintable()
    ):
        raise InvalidValue(
            f"'{raw}' is not a file path inside the repository; give it relative to the "
            "repository root with '/' between folders and no '..', for example docs/papers.md"
        )
    return path


def parse_secret(token: str) -> str:
    """A token or key an HTTP header can carry: printable ASCII, no space or break."""
    if not token.isascii() or not token.isprintable() or any(c.isspace() for c in token):
        # Never the token itself in the message.
        raise InvalidValue(
            "the token holds a space, a line break or a character outside ASCII, which no "
            "HTTP header can carry; pass it as it was issued"
        )
    return token


def parse_time_zone(raw: str) -> str:
    """An IANA time zone name, such as Asia/Shanghai."""
    name = raw.strip() or DEFAULT_TIME_ZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidValue(
            f"'{raw}' is not an IANA time zone; give a name such as UTC, Europe/Berlin or "
            "Asia/Shanghai"
        ) from None
    return name
