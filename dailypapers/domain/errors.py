"""Every error this package raises on purpose, under one base, so that only the entry points
decide how a failure is reported.

Like arxiv.py's errors, each carries what a caller may act on besides its message: the HTTP
``status`` of the answer that caused it, the ``url`` asked, and how many ``attempts`` were made,
where these apply. Programming errors are never wrapped in these: a bug stays a bug.
"""

from __future__ import annotations


class DailyPapersError(Exception):
    """Base of every error this package raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        url: str | None = None,
        attempts: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.url = url
        self.attempts = attempts


class InvalidValue(DailyPapersError):
    """One value is unusable; the message says what a valid value looks like.

    Raised by the parsers of single values and collected, with the name of the input or key, into
    a :class:`ConfigError`.
    """


class ConfigError(DailyPapersError):
    """One or more inputs are invalid; each problem names the input and the fix.

    Problems found in a file carry the file and, where known, each problem's line, so that the
    action can annotate the file.
    """

    def __init__(
        self, problems: list[str], file: str | None = None, lines: list[int | None] | None = None
    ) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.file = file
        self.lines = lines if lines is not None else [None] * len(problems)


class SourceError(DailyPapersError):
    """A paper source could not answer a search, even after retries."""


class SourceUnavailable(SourceError):
    """The source gave no usable answer in the attempts and the time a search may take: a passing
    state (throttling, faults), worth another turn later in the run."""


class SourceUnreachable(SourceUnavailable):
    """The source cannot be reached at all (no such host, nothing listening), or it stopped
    answering after it had answered earlier searches of the run: a state that passes, but not
    within a run, whose every later search then fails at once; no other turn."""


class SourceDown(SourceError):
    """The source is not answering at all (server errors, silence, broken answers, search after
    search, and no answer yet this run): the run stops asking and ends, changing nothing."""


class ArxivError(SourceError):
    """The arXiv API could not give a usable answer, even after retries."""


class ArxivApiError(ArxivError):
    """arXiv answered with its error feed (for example a malformed query)."""


class ArxivUnavailable(ArxivError, SourceUnavailable):
    """arXiv gave no usable answer in the attempts and the time a search may take."""


class ArxivUnreachable(ArxivUnavailable, SourceUnreachable):
    """arXiv cannot be reached at all (no such host, or nothing listens at its address), or
    stopped answering after it had answered earlier searches of the run."""


class ArxivDown(ArxivError, SourceDown):
    """arXiv is not answering: the signs of it, in a row over more than one search."""


class MalformedFeedError(ArxivError):
    """The body is not a complete Atom feed (truncated, not XML, or not arXiv's)."""


class ReadmeFormatError(DailyPapersError):
    """A managed table in the README is too broken to merge into safely."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


class StoreError(DailyPapersError):
    """Reading or writing the README (and the files committed with it) failed."""


class RetryableWriteError(StoreError):
    """A write refused for a reason that passes (the README changed meanwhile, a rate limit that
    was waited out): read and merge again, then write."""


class StaleReadmeError(RetryableWriteError):
    """The README changed between read and write (HTTP 409/422); re-read and merge again."""


class NotifyError(DailyPapersError):
    """A notifier could not deliver what is new; it costs only that notifier."""


class TldrError(DailyPapersError):
    """A batch got no TL;DRs; ``stops`` when the next batches would fail the same way."""

    def __init__(
        self,
        reason: str,
        *,
        stops: bool = False,
        status: int | None = None,
        url: str | None = None,
        attempts: int | None = None,
    ) -> None:
        super().__init__(reason, status=status, url=url, attempts=attempts)
        self.stops = stops
