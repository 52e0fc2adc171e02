"""Validated settings for a run, built from the action's inputs or the command line.

Every check happens here, before any network call, and every problem is collected so that a user
fixes all of them in one round: each message names the input and says what a valid value looks like.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from dailypapers.errors import ConfigError
from dailypapers.outputs import NO_OUTPUTS, OutputSettings
from dailypapers.topic import DEFAULT_MAX_PAPERS, Topic, keyword_topics

DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_GITHUB_API_URL = "https://api.github.com"
DEFAULT_GITHUB_SERVER_URL = "https://github.com"
DEFAULT_REQUEST_INTERVAL = 3.0
DEFAULT_README_PATH = "README.md"

# arXiv serves at most 2,000 entries a request; one request per keyword keeps the run polite.
MAX_PAPERS_LIMIT = 2000
MAX_KEYWORDS = 100
MAX_KEYWORD_LENGTH = 100
# arXiv's terms of use ask for no more than one request every three seconds.
ARXIV_MIN_INTERVAL = 3.0
MAX_REQUEST_INTERVAL = 600.0

# A keyword becomes a `## heading` and a quoted phrase in the query: these would break either.
_KEYWORD_FORBIDDEN = set('"#|\\`*_[]<>')
_ARCHIVE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "astro-ph": ("CO", "EP", "GA", "HE", "IM", "SR"),
    "cond-mat": (
        "dis-nn", "mes-hall", "mtrl-sci", "other", "quant-gas", "soft", "stat-mech", "str-el",
        "supr-con",
    ),
    "cs": (
        "AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS", "ET",
        "FL", "GL", "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA", "NE", "NI",
        "OH", "OS", "PF", "PL", "RO", "SC", "SD", "SE", "SI", "SY",
    ),
    "econ": ("EM", "GN", "TH"),
    "eess": ("AS", "IV", "SP", "SY"),
    "gr-qc": (),
    "hep-ex": (),
    "hep-lat": (),
    "hep-ph": (),
    "hep-th": (),
    "math": (
        "AC", "AG", "AP", "AT", "CA", "CO", "CT", "CV", "DG", "DS", "FA", "GM", "GN", "GR", "GT",
        "HO", "IT", "KT", "LO", "MG", "MP", "NA", "NT", "OA", "OC", "PR", "QA", "RA", "RT", "SG",
        "SP", "ST",
    ),
    "math-ph": (),
    "nlin": ("AO", "CD", "CG", "PS", "SI"),
    "nucl-ex": (),
    "nucl-th": (),
    "physics": (
        "acc-ph", "ao-ph", "app-ph", "atm-clus", "atom-ph", "bio-ph", "chem-ph", "class-ph",
        "comp-ph", "data-an", "ed-ph", "flu-dyn", "gen-ph", "geo-ph", "hist-ph", "ins-det",
        "med-ph", "optics", "plasm-ph", "pop-ph", "soc-ph", "space-ph",
    ),
    "q-bio": ("BM", "CB", "GN", "MN", "NC", "OT", "PE", "QM", "SC", "TO"),
    "q-fin": ("CP", "EC", "GN", "MF", "PM", "PR", "RM", "ST", "TR"),
    "quant-ph": (),
    "stat": ("AP", "CO", "ME", "ML", "OT", "TH"),
}  # fmt: skip
_KNOWN_CATEGORIES = frozenset(_ARCHIVE_SUBJECTS) | frozenset(
    f"{archive}.{subject}"
    for archive, subjects in _ARCHIVE_SUBJECTS.items()
    for subject in subjects
)
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+")
_BRANCH_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

RawT = TypeVar("RawT")
T = TypeVar("T")


class InvalidValue(ValueError):
    """One input's value is unusable; the message says what a valid value looks like."""


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """The README's sections, each with what to fetch from arXiv, and how to reach arXiv."""

    topics: tuple[Topic, ...]
    arxiv_api_url: str = DEFAULT_ARXIV_API_URL
    request_interval: float = DEFAULT_REQUEST_INTERVAL

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(topic.heading for topic in self.topics)

    @classmethod
    def for_keywords(
        cls,
        keywords: tuple[str, ...],
        *,
        max_papers: int = DEFAULT_MAX_PAPERS,
        categories: tuple[str, ...] = (),
        arxiv_api_url: str = DEFAULT_ARXIV_API_URL,
        request_interval: float = DEFAULT_REQUEST_INTERVAL,
    ) -> SearchSettings:
        """One section per keyword, all with the same cap and categories."""
        return cls(
            keyword_topics(keywords, max_papers, categories), arxiv_api_url, request_interval
        )


@dataclass(frozen=True, slots=True)
class GitHubSettings:
    """Where the README lives on GitHub and how to commit it."""

    repository: str
    api_url: str
    token: str
    readme_path: str = DEFAULT_README_PATH
    branch: str | None = None
    commit_message: str | None = None


class _Problems:
    """Collects every invalid input so that all of them are reported at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def check(self, label: str, parse: Callable[[RawT], T], raw: RawT, fallback: T) -> T:
        try:
            return parse(raw)
        except InvalidValue as problem:
            self.messages.append(f"{label}: {problem}")
            return fallback

    def raise_if_any(self) -> None:
        if self.messages:
            raise ConfigError(self.messages)


def parse_keywords(lines: list[str]) -> tuple[str, ...]:
    """Keywords from one-per-line text or repeated flags: blank lines dropped, runs of spaces
    folded, each checked."""
    keywords = tuple(re.sub(" +", " ", line.strip()) for line in lines if line.strip())
    if not keywords:
        raise InvalidValue("no keyword given; list at least one keyword, one per line")
    if len(keywords) > MAX_KEYWORDS:
        raise InvalidValue(f"{len(keywords)} keywords given; list at most {MAX_KEYWORDS}")
    seen: dict[str, str] = {}
    for keyword in keywords:
        check_heading(keyword)
        folded = keyword.casefold()
        if folded in seen:
            raise InvalidValue(
                f"'{keyword}' repeats '{seen[folded]}' (keywords are compared ignoring case); "
                "list each keyword once"
            )
        seen[folded] = keyword
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
    text = raw.strip()
    if not text:
        return DEFAULT_MAX_PAPERS
    if not re.fullmatch(r"\+?\d{1,9}", text) or not 1 <= int(text) <= MAX_PAPERS_LIMIT:
        raise InvalidValue(
            f"'{raw}' is not a whole number from 1 to {MAX_PAPERS_LIMIT}; "
            f"set how many papers each section keeps, for example {DEFAULT_MAX_PAPERS}"
        )
    return int(text)


def parse_categories(raw: str) -> tuple[str, ...]:
    """arXiv archives or categories, separated by commas, spaces or newlines."""
    categories = tuple(dict.fromkeys(part for part in re.split(r"[\s,]+", raw) if part))
    unknown = [category for category in categories if category not in _KNOWN_CATEGORIES]
    if unknown:
        raise InvalidValue(
            f"unknown arXiv {'category' if len(unknown) == 1 else 'categories'} "
            f"{', '.join(repr(category) for category in unknown)}; use archive names such as "
            "'cs' or 'stat', or categories such as 'cs.LG' or 'eess.IV' "
            "(see https://arxiv.org/category_taxonomy)"
        )
    return categories


def parse_http_url(raw: str) -> str:
    """An absolute http(s) URL."""
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in url):
        raise InvalidValue(f"'{raw}' is not an http(s) URL such as {DEFAULT_ARXIV_API_URL}")
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
    """A non-empty GitHub token."""
    if not raw.strip():
        raise InvalidValue(
            "no token; leave the input at its default ${{ github.token }} "
            "or pass a token with contents: write"
        )
    return raw.strip()


def _check_politeness(problems: _Problems, label: str, settings: SearchSettings) -> None:
    host = urlsplit(settings.arxiv_api_url).hostname or ""
    if (host == "arxiv.org" or host.endswith(".arxiv.org")) and (
        settings.request_interval < ARXIV_MIN_INTERVAL
    ):
        problems.messages.append(
            f"{label}: {settings.request_interval:g} s is below the {ARXIV_MIN_INTERVAL:g} s "
            "arXiv asks for between requests; use 3 or more against arXiv's own API"
        )


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A config file to read the sections from, with the defaults the inputs give them."""

    path: str
    max_papers: int = DEFAULT_MAX_PAPERS
    categories: tuple[str, ...] = ()


def _search_settings(
    problems: _Problems,
    labels: Mapping[str, str],
    keyword_lines: list[str],
    raw: Mapping[str, str],
    parse_config_path: Callable[[str], str],
) -> tuple[SearchSettings, ConfigFile | None]:
    """The search settings and, when the sections come from a config file, that file; the
    settings' topics are then empty until the file is read."""
    no_strings: tuple[str, ...] = ()
    config_path = raw.get("config-file", "").strip()
    keywords = no_strings
    if config_path and any(line.strip() for line in keyword_lines):
        problems.messages.append(
            f"{labels['keywords']}: given together with {labels['config-file']}; the config "
            "file defines the sections, so remove the keywords or the config file"
        )
    elif config_path:
        config_path = problems.check(labels["config-file"], parse_config_path, config_path, "")
    else:
        keywords = problems.check(labels["keywords"], parse_keywords, keyword_lines, no_strings)
    max_papers = problems.check(
        labels["max-papers"], parse_max_papers, raw.get("max-papers", ""), 1
    )
    categories = problems.check(
        labels["categories"], parse_categories, raw.get("categories", ""), no_strings
    )
    config_file = ConfigFile(config_path, max_papers, categories) if config_path else None
    topics = keyword_topics(keywords, max_papers, categories)
    settings = SearchSettings(
        topics=topics,
        arxiv_api_url=problems.check(
            labels["arxiv-api-url"],
            parse_http_url,
            raw.get("arxiv-api-url") or DEFAULT_ARXIV_API_URL,
            "",
        ),
        request_interval=problems.check(
            labels["request-interval"],
            parse_seconds,
            raw.get("request-interval", ""),
            DEFAULT_REQUEST_INTERVAL,
        ),
    )
    _check_politeness(problems, labels["request-interval"], settings)
    return settings, config_file


LOCAL_FLAGS = {
    "keywords": "--keyword",
    "config-file": "--config-file",
    "max-papers": "--max-papers",
    "categories": "--categories",
    "arxiv-api-url": "--arxiv-url",
    "request-interval": "--request-interval",
    "feeds-dir": "--feeds-dir",
    "papers-file": "--papers-file",
}


def local_settings(
    keywords: list[str], raw: Mapping[str, str]
) -> tuple[SearchSettings, ConfigFile | None, OutputSettings]:
    """Settings from the command line: ``raw`` holds each flag's text by its input name."""
    problems = _Problems()
    # A local config file is any file on disk; the action's is a path in the repository.
    search, config_file = _search_settings(problems, LOCAL_FLAGS, keywords, raw, str.strip)
    outputs = output_settings(problems, LOCAL_FLAGS, raw, "urn:daily-papers:")
    problems.raise_if_any()
    return search, config_file, outputs


ACTION_INPUTS = (
    "keywords",
    "config-file",
    "max-papers",
    "categories",
    "readme-path",
    "branch",
    "github-token",
    "commit-message",
    "feeds-dir",
    "papers-file",
    "open-issue",
    "issue-labels",
    "dry-run",
    "arxiv-api-url",
    "request-interval",
)


@dataclass(frozen=True, slots=True)
class NotifySettings:
    """Whether to announce new papers in the day's issue, with which labels, linking where."""

    open_issue: bool = False
    labels: tuple[str, ...] = ()
    readme_url: str = ""


# GitHub's limit on a label's name.
MAX_LABEL_LENGTH = 50


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


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """Everything the action needs, validated."""

    search: SearchSettings
    github: GitHubSettings
    dry_run: bool
    config_file: ConfigFile | None = None
    outputs: OutputSettings = NO_OUTPUTS
    notify: NotifySettings = NotifySettings()


def action_settings(inputs: Mapping[str, str], env: Mapping[str, str]) -> ActionSettings:
    """Settings from the action's inputs (by their action.yml names) and the runner's env."""
    problems = _Problems()
    labels = {name: f"input '{name}'" for name in ACTION_INPUTS}
    search, config_file = _search_settings(
        problems, labels, inputs.get("keywords", "").splitlines(), inputs, parse_file_path
    )
    github = GitHubSettings(
        repository=problems.check(
            "GITHUB_REPOSITORY (set by the runner)",
            parse_repository,
            env.get("GITHUB_REPOSITORY", ""),
            "",
        ),
        api_url=problems.check(
            "GITHUB_API_URL (set by the runner)",
            parse_http_url,
            env.get("GITHUB_API_URL") or DEFAULT_GITHUB_API_URL,
            "",
        ),
        token=problems.check(
            labels["github-token"], parse_token, inputs.get("github-token", ""), ""
        ),
        readme_path=problems.check(
            labels["readme-path"],
            parse_file_path,
            inputs.get("readme-path", "") or DEFAULT_README_PATH,
            "",
        ),
        branch=problems.check(labels["branch"], parse_branch, inputs.get("branch", ""), None),
        commit_message=inputs.get("commit-message", "").strip() or None,
    )
    dry_run = problems.check(labels["dry-run"], parse_bool, inputs.get("dry-run", ""), False)
    server = env.get("GITHUB_SERVER_URL") or DEFAULT_GITHUB_SERVER_URL
    outputs = output_settings(
        problems, labels, inputs, f"{server.rstrip('/')}/{github.repository}/blob/HEAD/"
    )
    notify = NotifySettings(
        open_issue=problems.check(
            labels["open-issue"], parse_bool, inputs.get("open-issue", ""), False
        ),
        labels=problems.check(
            labels["issue-labels"], parse_labels, inputs.get("issue-labels", ""), ()
        ),
        readme_url=f"{server.rstrip('/')}/{github.repository}/blob/"
        f"{github.branch or 'HEAD'}/{github.readme_path}",
    )
    if outputs.papers_file == github.readme_path:
        problems.messages.append(
            f"{labels['papers-file']}: '{outputs.papers_file}' is the README itself; "
            "give the papers file its own path, such as papers.json"
        )
    problems.raise_if_any()
    return ActionSettings(search, github, dry_run, config_file, outputs, notify)


def output_settings(
    problems: _Problems, labels: Mapping[str, str], raw: Mapping[str, str], feed_id_prefix: str
) -> OutputSettings:
    """The files to write besides the README; empty inputs write none."""
    feeds_dir = raw.get("feeds-dir", "").strip().rstrip("/")
    papers_file = raw.get("papers-file", "").strip()
    return OutputSettings(
        feeds_dir=problems.check(labels["feeds-dir"], parse_file_path, feeds_dir, None)
        if feeds_dir
        else None,
        papers_file=problems.check(labels["papers-file"], parse_file_path, papers_file, None)
        if papers_file
        else None,
        feed_id_prefix=feed_id_prefix,
    )
