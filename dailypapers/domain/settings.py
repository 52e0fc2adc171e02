"""The settings of a run, as dataclasses: the shape every layer reads what the user asked in.
config fills them (:mod:`dailypapers.config.from_inputs`), every value checked, before any
network call; the run, its steps and the entry points read them; adapters get plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dailypapers.domain.arxiv import AUTO
from dailypapers.domain.pages import DEFAULT_README_PATH, PageSettings
from dailypapers.domain.project import PROJECT_URL, USER_AGENT
from dailypapers.domain.section import (
    DEFAULT_COLUMNS,
    DEFAULT_MAX_PAPERS,
    NO_SEEDS,
    Section,
    SeedInputs,
)

DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_GITHUB_API_URL = "https://api.github.com"
DEFAULT_GITHUB_SERVER_URL = "https://github.com"
DEFAULT_REQUEST_INTERVAL = 3.0
DEFAULT_TIME_ZONE = "UTC"
DEFAULT_TLDR_LANGUAGE = "English"
DEFAULT_TLDR_MAX_PAPERS = 50
# Ten papers of a typical abstract's length: within the context and the per-minute token quota
# of small models and free tiers.
DEFAULT_TLDR_BATCH_TOKENS = 4000


@dataclass(frozen=True, slots=True)
class ArxivSettings:
    """arXiv's query endpoint and the pause between requests."""

    api_url: str = DEFAULT_ARXIV_API_URL
    request_interval: float = DEFAULT_REQUEST_INTERVAL


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A config file to read the sections from, with the defaults the inputs give them."""

    path: str
    max_papers: int = DEFAULT_MAX_PAPERS
    categories: tuple[str, ...] = ()
    keyword_match: str = AUTO
    primary_only: bool = False
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    seeds: SeedInputs = NO_SEEDS
    min_relevance: float | None = None


@dataclass(frozen=True, slots=True)
class ExtraFileSettings:
    """Which files to write besides the README, and the prefix of each feed's Atom id."""

    feeds_dir: str | None = None
    papers_file: str | None = None
    feed_id_prefix: str = "urn:daily-papers:"

    @property
    def enabled(self) -> bool:
        return bool(self.feeds_dir or self.papers_file)


NO_EXTRA_FILES = ExtraFileSettings()


@dataclass(frozen=True, slots=True)
class IssueSettings:
    """The day's issue that tells a repository's watchers what is new, and its labels."""

    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NotifySettings:
    """Who is told what is new (no issue, no URL: nobody), and the README the digest links to.
    ``urls`` are Apprise's, one a service; they hold credentials."""

    readme_url: str = ""
    issue: IssueSettings | None = None
    urls: tuple[str, ...] = ()

    @property
    def watchers_notified(self) -> bool:
        """Whether watching the repository brings what is new: each day's issue does."""
        return self.issue is not None


@dataclass(frozen=True, slots=True)
class TldrSettings:
    """The model that writes TL;DRs (none: no TL;DRs), its OpenAI-compatible API and that API's
    own key, their language; at most ``max_papers`` a run, in requests of at most
    ``batch_tokens`` input tokens. With ``rates_relevance``, the same requests rate each paper
    against the seeds, and that rating is its relevance."""

    model: str = ""
    api_url: str = ""
    api_key: str = ""
    language: str = DEFAULT_TLDR_LANGUAGE
    max_papers: int = DEFAULT_TLDR_MAX_PAPERS
    batch_tokens: int = DEFAULT_TLDR_BATCH_TOKENS
    rates_relevance: bool = False


@dataclass(frozen=True, slots=True)
class RunSettings:
    """What one run does, wherever the README lives: ``sections``, or the config file that
    defines them (read through the store first); ``Last update`` is the day in ``time_zone``."""

    sections: tuple[Section, ...] | ConfigFile
    arxiv: ArxivSettings = field(default_factory=ArxivSettings)
    extra_files: ExtraFileSettings = NO_EXTRA_FILES
    notify: NotifySettings = field(default_factory=NotifySettings)
    dry_run: bool = False
    commit_message: str | None = None
    time_zone: str = DEFAULT_TIME_ZONE
    tldr: TldrSettings = field(default_factory=TldrSettings)
    pages: PageSettings = field(default_factory=PageSettings)
    # The folder the web page of every paper is written into, on the machine that runs (not
    # committed); None writes none.
    site_dir: str | None = None
    # Who the run is to the services it asks (its User-Agent) and in the feeds it writes (their
    # generator): where the action runs from, which a fork or a copy names itself.
    user_agent: str = USER_AGENT
    project_url: str = PROJECT_URL


@dataclass(frozen=True, slots=True)
class GitHubSettings:
    """Where the README lives on GitHub and the token that may read and commit it."""

    repository: str
    api_url: str
    token: str
    readme_path: str = DEFAULT_README_PATH
    branch: str | None = None


@dataclass(frozen=True, slots=True)
class ActionSettings:
    """Everything the action needs, validated: the run, and the repository it runs on."""

    run: RunSettings
    github: GitHubSettings
