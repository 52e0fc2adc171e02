"""The typed errors every module raises, so that only the CLI decides how a failure is reported."""


class DailyPapersError(Exception):
    """Base of every error this package raises on purpose."""


class InvalidValue(ValueError):
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


class ArxivError(DailyPapersError):
    """The arXiv API could not give a usable answer, even after retries."""


class ArxivApiError(ArxivError):
    """arXiv answered with its error feed (for example a malformed query)."""


class ArxivUnavailable(ArxivError):
    """arXiv gave no usable answer in the attempts and the time a search may take: a passing
    state (throttling, faults), worth another turn later in the run."""


class MalformedFeedError(ArxivError):
    """The body is not a complete Atom feed (truncated, not XML, or not arXiv's)."""


class ReadmeFormatError(DailyPapersError):
    """A managed table in the README is too broken to merge into safely."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


class PublishError(DailyPapersError):
    """Reading or writing the README through the GitHub API failed."""


class RetryableWriteError(PublishError):
    """A write refused for a reason that passes (the README changed meanwhile, a rate limit that
    was waited out): read and merge again, then write."""


class StaleReadmeError(RetryableWriteError):
    """The README changed between read and write (HTTP 409/422); re-read and merge again."""
