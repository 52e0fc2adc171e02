"""The parsers of single input values, and the collector that reports every problem at once.

Each parser takes the text a user wrote and returns the value or raises
:class:`~dailypapers.errors.InvalidValue` with a message that says what a valid value looks like;
:class:`Problems` prefixes each message with the input's name and raises them all together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dailypapers.config.categories import unknown_categories
from dailypapers.config.query import AUTO, KEYWORD_MATCHES
from dailypapers.config.section import (
    DATE,
    DEFAULT_COLUMNS,
    DEFAULT_MAX_PAPERS,
    KNOWN_COLUMNS,
    TITLE,
    first_repeats,
)
from dailypapers.config.settings import (
    DEFAULT_ARXIV_API_URL,
    DEFAULT_GITHUB_API_URL,
    DEFAULT_REQUEST_INTERVAL,
    DEFAULT_SUMMARY_BATCH_TOKENS,
    DEFAULT_SUMMARY_LANGUAGE,
    DEFAULT_SUMMARY_MAX_PAPERS,
    DEFAULT_TIME_ZONE,
)
from dailypapers.errors import ConfigError, InvalidValue

# arXiv serves at most 2,000 entries a request; one request per keyword keeps the run polite.
MAX_PAPERS_LIMIT = 2000
MAX_KEYWORDS = 100
MAX_KEYWORD_LENGTH = 100
# arXiv's terms of use ask for no more than one request every three seconds.
ARXIV_MIN_INTERVAL = 3.0
MAX_REQUEST_INTERVAL = 600.0
MAX_LANGUAGE_LENGTH = 40
MIN_BATCH_TOKENS = 500
MAX_BATCH_TOKENS = 1_000_000
EXAMPLE_MODEL_API_URL = "https://api.openai.com/v1"
RETIRED_MODELS_HOST = "models.github.ai"
# The prefixes of GitHub's tokens (GitHub changelog 2021-03-31, and github_pat_ for fine-grained
# personal tokens): such a key would carry a GitHub token to another host.
GITHUB_TOKEN_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")
# A hundred requests of ten papers: more than one run should ask of any API.
MAX_SUMMARY_PAPERS = 1000
# GitHub's limit on a label's name.
MAX_LABEL_LENGTH = 50

# A keyword becomes a `## heading` and a quoted phrase in the query: these would break either.
_KEYWORD_FORBIDDEN = set('"#|\\`*_[]<>')
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+")
_BRANCH_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")
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


def parse_keywords(lines: Sequence[str]) -> tuple[str, ...]:
    """Keywords from one-per-line text or repeated flags: blank lines dropped, runs of spaces
    folded, each checked."""
    keywords = tuple(re.sub(" +", " ", line.strip()) for line in lines if line.strip())
    if not keywords:
        raise InvalidValue("no keyword given; list at least one keyword, one per line")
    if len(keywords) > MAX_KEYWORDS:
        raise InvalidValue(f"{len(keywords)} keywords given; list at most {MAX_KEYWORDS}")
    for keyword in keywords:
        check_heading(keyword)
    repeats = first_repeats(keywords)
    if repeats:
        index, earlier = repeats[0]
        raise InvalidValue(
            f"'{keywords[index]}' repeats '{keywords[earlier]}' (keywords are compared ignoring "
            "case); list each keyword once"
        )
    return keywords


def check_heading(heading: str) -> str:
    """A section heading (a keyword is one): short, one line, no markdown or quote characters."""
    if len(heading) > MAX_KEYWORD_LENGTH:
        raise InvalidValue(
            f"'{heading[:40]}...' is {len(heading)} characters long; "
            f"shorten it to at most {MAX_KEYWORD_LENGTH}"
        )
    bad = sorted({char for char in heading if char in _KEYWORD_FORBIDDEN or not char.isprintable()})
    if bad:
        shown = " ".join(repr(char) for char in bad)
        raise InvalidValue(
            f"{heading!r} contains {shown}; a keyword is a plain phrase on one line that "
            "becomes a '## heading' and a quoted arXiv search, so remove quotes, markdown "
            "characters and line breaks"
        )
    return heading


def parse_max_papers(raw: str) -> int:
    """A whole number of papers each section keeps."""
    return _count(raw, MAX_PAPERS_LIMIT, DEFAULT_MAX_PAPERS, "papers each section keeps")


def _count(raw: str, limit: int, default: int, what: str) -> int:
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


def parse_categories(raw: str) -> tuple[str, ...]:
    """arXiv archives or categories, separated by commas, spaces or newlines."""
    categories = tuple(dict.fromkeys(part for part in re.split(r"[\s,]+", raw) if part))
    unknown = unknown_categories(categories)
    if unknown:
        raise InvalidValue(
            f"unknown arXiv {'category' if len(unknown) == 1 else 'categories'} "
            f"{', '.join(repr(category) for category in unknown)}; use archive names such as "
            "'cs' or 'stat', or categories such as 'cs.LG' or 'eess.IV' "
            "(see https://arxiv.org/category_taxonomy)"
        )
    return categories


def parse_columns(raw: str) -> tuple[str, ...]:
    """Column names separated by commas, as ``check_columns`` takes them; empty: the default."""
    if not raw.strip():
        return DEFAULT_COLUMNS
    return check_columns([name.strip() for name in raw.split(",")])


def check_columns(names: Sequence[str]) -> tuple[str, ...]:
    """Known column names, any case, each once, starting with Title and including Date."""
    by_name = {column.casefold(): column for column in KNOWN_COLUMNS}
    unknown = [name for name in names if name.casefold() not in by_name]
    if unknown:
        raise InvalidValue(
            f"unknown column {', '.join(repr(name) for name in unknown)}; "
            f"choose from {', '.join(KNOWN_COLUMNS)}"
        )
    columns = tuple(by_name[name.casefold()] for name in names)
    if len(set(columns)) != len(columns):
        raise InvalidValue("names a column twice; list each column once")
    if not columns or columns[0] != TITLE or DATE not in columns:
        raise InvalidValue(
            f"must start with {TITLE} and include {DATE} (the action finds each paper by its "
            f"title link and orders rows by date), for example Title, Date, Abstract, Code"
        )
    return columns


def parse_model(raw: str) -> str:
    """A model's name as the chat-completions API takes it; empty: no TL;DRs."""
    name = raw.strip()
    if name and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:/@-]{0,99}", name):
        raise InvalidValue(
            f"'{raw}' is not a model name; give one the API names, such as gpt-4.1-mini, "
            "or leave it empty for no TL;DRs"
        )
    return name


def parse_language(raw: str) -> str:
    """The language TL;DRs are written in, as a name the model understands."""
    language = raw.strip()
    if not language:
        return DEFAULT_SUMMARY_LANGUAGE
    if len(language) > MAX_LANGUAGE_LENGTH or not language.isprintable():
        raise InvalidValue(
            f"'{raw}' is not a language name; give one such as English or Simplified Chinese"
        )
    return language


def parse_summary_max_papers(raw: str) -> int:
    """How many papers a run summarises at most."""
    return _count(
        raw, MAX_SUMMARY_PAPERS, DEFAULT_SUMMARY_MAX_PAPERS, "new papers a run summarises at most"
    )


def parse_batch_tokens(raw: str) -> int:
    """The estimated input tokens of one TL;DR request at most."""
    text = raw.strip()
    if not text:
        return DEFAULT_SUMMARY_BATCH_TOKENS
    if not re.fullmatch(r"\+?\d{1,9}", text) or not (
        MIN_BATCH_TOKENS <= int(text) <= MAX_BATCH_TOKENS
    ):
        raise InvalidValue(
            f"'{raw}' is not a whole number from {MIN_BATCH_TOKENS} to {MAX_BATCH_TOKENS}; "
            "set the input tokens one request may hold, for example "
            f"{DEFAULT_SUMMARY_BATCH_TOKENS}"
        )
    return int(text)


def parse_model_api_url(raw: str) -> str:
    """The base URL of the OpenAI-compatible API a TL;DR model is asked through."""
    if not raw.strip():
        raise InvalidValue(
            "no API for summary-model; set it to the base URL of an OpenAI-compatible API, "
            f"such as {EXAMPLE_MODEL_API_URL} (the README lists others)"
        )
    url = parse_http_url(raw, EXAMPLE_MODEL_API_URL)
    if urlsplit(url).hostname == RETIRED_MODELS_HOST:
        raise InvalidValue(
            f"GitHub retired GitHub Models on 2026-07-30 and {RETIRED_MODELS_HOST} serves no "
            "model any more; set it to another OpenAI-compatible API, such as "
            f"{EXAMPLE_MODEL_API_URL}, with that API's key in summary-api-key"
        )
    return url


def parse_model_api_key(raw: str, github_tokens: Sequence[str] = ()) -> str:
    """The key of the model's own API: never a GitHub token, which goes to GitHub alone."""
    key = raw.strip()
    if not key:
        raise InvalidValue(
            "no key for the model's API; pass that API's own key from a repository secret, "
            "such as ${{ secrets.OPENAI_API_KEY }} (a server that takes none: any word)"
        )
    if key in {token.strip() for token in github_tokens if token.strip()} or key.startswith(
        GITHUB_TOKEN_PREFIXES
    ):
        raise InvalidValue(
            "this is a GitHub token, which is sent to GitHub's API and nowhere else; pass the "
            "model's API its own key from a repository secret"
        )
    return parse_secret(key)


def parse_http_url(raw: str, example: str = DEFAULT_ARXIV_API_URL) -> str:
    """An absolute http(s) URL; ``example`` shows one in the message when it is not."""
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in url):
        raise InvalidValue(f"'{raw}' is not an http(s) URL such as {example}")
    return url


def parse_github_api_url(raw: str) -> str:
    """The GitHub API's address, as the runner sets GITHUB_API_URL."""
    return parse_http_url(raw, DEFAULT_GITHUB_API_URL)


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


def parse_branch(raw: str) -> str | None:
    """A branch name, or None for the repository's default branch."""
    name = raw.strip().removeprefix("refs/heads/")
    if not raw.strip():
        return None
    if (
        not name
        or _BRANCH_FORBIDDEN.search(name)
        or name.startswith(("/", "-"))
        or name.endswith(("/", ".", ".lock"))
        or any(part.startswith(".") for part in name.split("/"))
        or name == "@"
    ):
        raise InvalidValue(
            f"'{raw}' is not a valid branch name; give a name such as main, "
            "or leave it empty for the repository's default branch"
        )
    return name


def parse_repository(raw: str) -> str:
    """owner/name, as the runner sets GITHUB_REPOSITORY."""
    if not _REPOSITORY.fullmatch(raw.strip()):
        raise InvalidValue(f"'{raw}' is not of the form owner/name")
    return raw.strip()


def parse_token(raw: str) -> str:
    """A non-empty GitHub token, as GitHub issues them: printable ASCII, no space or break."""
    token = raw.strip()
    if not token:
        raise InvalidValue(
            "no token; leave the input at its default ${{ github.token }} "
            "or pass a token with contents: write"
        )
    return parse_secret(token)


def parse_secret(token: str) -> str:
    """A token or key an HTTP header can carry: printable ASCII, no space or break."""
    if not token.isascii() or not token.isprintable() or any(c.isspace() for c in token):
        # Never the token itself in the message.
        raise InvalidValue(
            "the token holds a space, a line break or a character outside ASCII, which no "
            "HTTP header can carry; pass it as it was issued"
        )
    return token


def parse_labels(raw: str) -> tuple[str, ...]:
    """Issue labels, separated by commas or lines."""
    labels = tuple(dict.fromkeys(" ".join(part.split()) for part in re.split(r"[,\n]", raw)))
    labels = tuple(label for label in labels if label)
    too_long = [label for label in labels if len(label) > MAX_LABEL_LENGTH]
    if too_long:
        raise InvalidValue(
            f"'{too_long[0][:20]}...' is longer than GitHub's {MAX_LABEL_LENGTH} characters "
            "for a label; shorten it"
        )
    return labels


def parse_keyword_match(raw: str) -> str:
    """How a keyword is searched: one of :data:`~dailypapers.config.query.KEYWORD_MATCHES`."""
    text = raw.strip() or AUTO
    if text not in KEYWORD_MATCHES:
        raise InvalidValue(f"'{raw}' is not one of {', '.join(KEYWORD_MATCHES)}")
    return text


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
