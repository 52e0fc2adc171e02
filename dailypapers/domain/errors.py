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


class ConfigError(DailyPapersError):
    """One or more inputs are invalid; each problem says what a valid value looks like.

    A parser of one value raises it with that one problem; the config layer collects those,
    each prefixed with the name of its input or key, into one ConfigError of every problem, so
    that a run reports them all at once, before any request. Problems found in a file carry the
    file and, where known, each problem's line, so that the action can annotate the file.
    """

    def __init__(
        self,
        problems: str | list[str],
        file: str | None = None,
        lines: list[int | None] | None = None,
    ) -> None:
        problems = [problems] if isinstance(problems, str) else problems
        super().__init__("\n".join(problems))
        self.problems = problems
        self.file = file
        self.lines = lines if lines is not None else [None] * len(problems)


class SourceError(DailyPapersError):
    """A paper source could not answer a search: it refused the query (arXiv's error feed), sent
    what is no answer, or redirected elsewhere."""


class SourceUnavailable(SourceError):
    """No usable answer yet: a passing state (throttling, faults). ``down_sign`` names what the
    answer was when it is a sign that the source is down (``HTTP 503``, ``no answer within
    30 s``), ``retry_after`` the wait the source asked for. ``gone`` says that it passes, but not
    within a run: the source cannot be reached at all (no such host, nothing listening), or
    stopped answering after it had answered earlier searches; every later search of the run then
    fails at once, with no other turn."""

    def __init__(
        self,
        message: str,
        *,
        down_sign: str = "",
        retry_after: float | None = None,
        gone: bool = False,
        status: int | None = None,
        url: str | None = None,
        attempts: int | None = None,
    ) -> None:
        super().__init__(message, status=status, url=url, attempts=attempts)
        self.down_sign = down_sign
        self.retry_after = retry_after
        self.gone = gone


class SourceDown(SourceError):
    """The source is not answering at all (server errors, silence, broken answers, search after
    search, and no answer yet this run): the run stops asking and ends, changing nothing."""


class ReadmeFormatError(DailyPapersError):
    """A managed table in the README is too broken to merge into safely."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


class StoreError(DailyPapersError):
    """Reading or writing the README (and the files committed with it), or the site's files,
    failed."""


class RetryableWriteError(StoreError):
    """A write refused for a reason that passes (the README changed between read and write, a
    rate limit that was waited out): read and merge again, then write."""


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
