"""The collector that reports every invalid value at once, and the parsers of values of any kind
(numbers within bounds, switches, URLs, paths, secrets, time zones): each takes the text a user
wrote and returns the value, or raises ConfigError saying what a valid value looks like.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dailypapers.domain.errors import ConfigError

RawT = TypeVar("RawT")
T = TypeVar("T")
# arXiv's terms of use ask for no more than one request every three seconds.
ARXIV_MIN_INTERVAL = 3.0
MAX_REQUEST_INTERVAL = 600
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class Problems:
    """Collects every invalid value, each prefixed with where it was given, to report at once;
    those of a ``file`` with their line, where known."""

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self.messages: list[str] = []
        self.lines: list[int | None] = []

    def check(self, label: str, parse: Callable[[RawT], T], raw: RawT, fallback: T) -> T:
        """``parse(raw)``, or ``fallback`` with the problem noted under ``label``."""
        try:
            return parse(raw)
        except ConfigError as problem:
            self.add(label, str(problem))
            return fallback

    def add(self, label: str, message: str, line: int | None = None) -> None:
        self.messages.append(f"{label}: {message}")
        self.lines.append(line)

    def error(self) -> ConfigError:
        return ConfigError(self.messages, self.file, self.lines)

    def raise_if_any(self) -> None:
        if self.messages:
            raise self.error()


def number(
    low: int, high: int, fix: str, unit: str = "", *, whole: bool = True
) -> Callable[[str], Any]:
    """The parser of a number from ``low`` to ``high`` (of ``unit``, if any; a whole one unless
    ``whole`` is false); ``fix`` says what to set when it is not one."""
    kind = ("whole number" if whole else "number") + (f" of {unit}" if unit else "")

    def parse(raw: str) -> float:
        text = raw.strip()
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if (whole and not re.fullmatch(r"\+?\d{1,9}", text)) or not low <= value <= high:
            raise ConfigError(f"'{raw}' is not a {kind} from {low} to {high}; {fix}")
        return int(value) if whole else value

    return parse


def parse_bool(raw: str) -> bool:
    """true or false, as GitHub Actions spells them; empty means false."""
    text = raw.strip()
    if text in _TRUE:
        return True
    if not text or text in _FALSE:
        return False
    raise ConfigError(f"'{raw}' is neither true nor false")


def http_url(example: str) -> Callable[[str], str]:
    """The parser of an absolute http(s) URL, showing ``example`` when a value is not one."""

    def parse(raw: str) -> str:
        url = raw.strip()
        parts = urlsplit(url)
        if (
            parts.scheme not in {"http", "https"}
            or not parts.netloc
            or any(c.isspace() for c in url)
        ):
            raise ConfigError(f"'{raw}' is not an http(s) URL such as {example}")
        return url

    return parse


def parse_file_path(raw: str) -> str:
    """A file path relative to the repository root, inside it."""
    path = raw.strip()
    segments = set(path.split("/"))
    if path.startswith("/") or "\\" in path or segments & {"", ".", ".."} or not path.isprintable():
        raise ConfigError(
            f"'{raw}' is not a file path inside the repository; give it relative to the "
            "repository root with '/' between folders and no '..', for example docs/papers.md"
        )
    return path


def optional_path(raw: str) -> str | None:
    """A file or folder path inside the repository (a trailing '/' dropped); empty: None."""
    return parse_file_path(raw.strip().rstrip("/")) if raw.strip() else None


def secret(missing: str) -> Callable[[str], str]:
    """The parser of a token or key an HTTP header can carry: printable ASCII, no space or
    break; ``missing`` says what to pass when there is none. Never the token in a message."""

    def parse(raw: str) -> str:
        token = raw.strip()
        if not token:
            raise ConfigError(missing)
        if not token.isascii() or not token.isprintable() or " " in token:
            raise ConfigError(
                "the token holds a space, a line break or a character outside ASCII, which no "
                "HTTP header can carry; pass it as it was issued"
            )
        return token

    return parse


def parse_time_zone(raw: str) -> str:
    """An IANA time zone name, such as Asia/Shanghai."""
    name = raw.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigError(
            f"'{raw}' is not an IANA time zone; give a name such as UTC, Europe/Berlin or "
            "Asia/Shanghai"
        ) from None
    return name
