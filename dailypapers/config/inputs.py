"""Every input of a run, declared once (:data:`INPUTS`): the local command's flags, the labels
problems are reported under (``input 'max-papers'`` or ``--max-papers``) and the reading of the
inputs, for the action and the local command alike, are derived from it; tests check action.yml
and the README's table of inputs against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from dailypapers.config import section_values as section
from dailypapers.config import service_values as service
from dailypapers.config import values as common
from dailypapers.config.seed_ids import parse_seed_ids
from dailypapers.domain import settings
from dailypapers.domain.arxiv import AUTO
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.pages import DEFAULT_MAX_README_BYTES, DEFAULT_README_PATH
from dailypapers.domain.section import DEFAULT_MAX_PAPERS

# A README's budget at least: its own text and a few sections' headings and newest rows; at most
# what GitHub takes in one file (100 MB).
MIN_README_BYTES = 10_000
MAX_README_BYTES = 100_000_000
# A hundred requests of ten papers: more than one run should ask of any API.
MAX_TLDR_PAPERS = 1000
MIN_BATCH_TOKENS = 500
MAX_BATCH_TOKENS = 1_000_000


@dataclass(frozen=True, slots=True)
class Input:
    """One input: its name in action.yml, the parser of its text (its type and bounds), what it
    does, its default as action.yml declares it, the local command's flag if any (``kind``: a
    text, a flag repeated for each line, a switch), the setting it goes to (``group.field``), the
    input whose value it needs (unread without one), and the TOML type of the config file's key
    of its name, if the file has one (see :mod:`dailypapers.config.file`)."""

    name: str
    parse: Callable[[str], Any]
    help: str
    default: str = ""
    flag: str | None = None
    kind: Literal["text", "repeated", "switch"] = "text"
    to: str = ""
    needs: str | None = None
    toml: str = ""


def _seed_bibtex(raw: str) -> str:
    return common.parse_file_path(raw) if raw.strip() else ""


_README_BYTES_FIX = (
    "GitHub shows a README whole up to 512000 bytes, so keep the default, "
    f"{DEFAULT_MAX_README_BYTES}, or less"
)
_ARXIV_ASKS = f"arXiv asks for {common.ARXIV_MIN_INTERVAL:g}"
_SECONDS = common.number(0, common.MAX_REQUEST_INTERVAL, _ARXIV_ASKS, "seconds", whole=False)
_TLDR_PAPERS_FIX = "set how many new papers a run summarises at most, for example "
_TLDR_PAPERS = common.number(
    1, MAX_TLDR_PAPERS, _TLDR_PAPERS_FIX + str(settings.DEFAULT_TLDR_MAX_PAPERS)
)
_BATCH_TOKENS_FIX = "set the input tokens one request may hold, for example "
_BATCH_TOKENS = common.number(
    MIN_BATCH_TOKENS, MAX_BATCH_TOKENS, _BATCH_TOKENS_FIX + str(settings.DEFAULT_TLDR_BATCH_TOKENS)
)
_MODEL = "summary-model"
INPUTS = (
    Input("keywords", section.parse_keywords, "a keyword; repeat for more", "", "--keyword",
          "repeated"),
    Input("config-file", common.parse_file_path, "a TOML file defining the sections instead", "",
          "--config-file"),
    Input("max-papers", section.parse_max_papers, "papers kept per keyword",
          str(DEFAULT_MAX_PAPERS), "--max-papers", to="sections.max_papers", toml="whole"),
    Input("max-readme-bytes",
          common.number(MIN_README_BYTES, MAX_README_BYTES, _README_BYTES_FIX, "bytes"),
          "the README's size at most; older rows go to pages beside it",
          str(DEFAULT_MAX_README_BYTES), "--max-readme-bytes", to="pages.max_readme_bytes"),
    Input("categories", section.parse_categories, "arXiv archives/categories, e.g. cs,stat", "",
          "--categories", to="sections.categories", toml="texts"),
    Input("primary-only", common.parse_bool,
          "categories looks at each paper's primary category only (leaves cross-lists out)",
          "false", "--primary-only", "switch", "sections.primary_only", toml="switch"),
    Input("columns", section.parse_columns,
          "the table's columns, e.g. Title,Date,Abstract,Comment,Code", "", "--columns",
          to="sections.columns", toml="texts"),
    Input("keyword-match", section.parse_keyword_match,
          "how a keyword is searched: auto (a one-word keyword in the title and the abstract), "
          "title-or-abstract or title-and-abstract",
          AUTO, "--keyword-match", to="sections.keyword_match", toml="text"),
    Input("seed-papers", parse_seed_ids,
          "arXiv ids of papers you care about, scoring each paper's relevance", "",
          "--seed-papers", to="seeds.ids", toml="ids"),
    Input("seed-bibtex", _seed_bibtex, "a BibTeX file of papers you care about (Zotero...)", "",
          "--seed-bibtex", to="seeds.bibtex", toml="text"),
    Input("interests", str.strip, "a few sentences on what you care about", "", "--interests",
          to="seeds.interests", toml="text"),
    Input("min-relevance", section.parse_min_relevance, "drop papers scored below this (0 to 1)",
          "", "--min-relevance", to="sections.min_relevance", toml="number"),
    Input("readme-path", common.parse_file_path, "the README's path in the repository",
          DEFAULT_README_PATH, to="github.readme_path"),
    Input("branch", service.parse_branch, "the branch to commit to", to="github.branch"),
    Input("github-token", service.parse_token, "the token that reads and commits the README",
          "${{ github.token }}", to="github.token"),
    Input("commit-message", lambda raw: raw.strip() or None, "the commit message",
          to="run.commit_message"),
    Input("feeds-dir", common.optional_path, "also write an Atom feed per section here", "",
          "--feeds-dir", to="extra_files.feeds_dir"),
    Input("papers-file", common.optional_path, "also write every paper to this JSON", "",
          "--papers-file", to="extra_files.papers_file"),
    Input("site-dir", common.optional_path,
          "also write a searchable web page of every paper into this folder", "", "--site-dir",
          to="run.site_dir"),
    Input("open-issue", common.parse_bool, "announce new papers in the day's issue", "false"),
    Input("issue-labels", service.parse_labels, "labels of that issue"),
    # Checked by Apprise, whose check the settings' caller passes in.
    Input("notify", str, "send what is new to this Apprise URL (mailto://, slack://...); "
          "repeat for more", "", "--notify", "repeated", "notify.urls"),
    Input("dry-run", common.parse_bool, "report, but write nothing", "false", "--dry-run",
          "switch", "run.dry_run"),
    Input("arxiv-api-url", common.http_url(settings.DEFAULT_ARXIV_API_URL),
          "the arXiv API query endpoint", settings.DEFAULT_ARXIV_API_URL, "--arxiv-url",
          to="arxiv.api_url"),
    Input("request-interval", _SECONDS, "seconds between requests",
          f"{settings.DEFAULT_REQUEST_INTERVAL:g}", "--request-interval",
          to="arxiv.request_interval"),
    Input("time-zone", common.parse_time_zone, "the IANA time zone of the Last update date",
          settings.DEFAULT_TIME_ZONE, "--time-zone", to="run.time_zone"),
    Input(_MODEL, service.parse_model, "write TL;DRs with this model, e.g. gpt-4.1-mini", "",
          "--summary-model", to="tldr.model"),
    Input("summary-api-url", service.parse_model_api_url,
          "the OpenAI-compatible API of the model, e.g. https://api.openai.com/v1", "",
          "--summary-api-url", to="tldr.api_url", needs=_MODEL),
    # The local command reads the key from the environment, never from its arguments.
    Input("summary-api-key", service.parse_model_api_key, "the key of that API",
          to="tldr.api_key", needs=_MODEL),
    Input("summary-language", service.parse_language, "the language of the TL;DRs",
          settings.DEFAULT_TLDR_LANGUAGE, "--summary-language", to="tldr.language",
          needs=_MODEL),
    Input("summary-max-papers", _TLDR_PAPERS, "TL;DRs written at most per run",
          str(settings.DEFAULT_TLDR_MAX_PAPERS), "--summary-max-papers", to="tldr.max_papers",
          needs=_MODEL),
    Input("summary-batch-tokens", _BATCH_TOKENS,
          "estimated input tokens of one TL;DR request at most",
          str(settings.DEFAULT_TLDR_BATCH_TOKENS), "--summary-batch-tokens",
          to="tldr.batch_tokens", needs=_MODEL),
    Input("summary-rates-relevance", common.parse_bool,
          "the TL;DR model also rates each new paper's relevance, which the Relevance column "
          "shows", "false", "--summary-rates-relevance", "switch", "tldr.rates_relevance"),
)  # fmt: skip
BY_NAME = {spec.name: spec for spec in INPUTS}
# The local command reads the TL;DR key from the environment, never from its arguments, and
# never takes a GitHub token for it.
LOCAL_SUMMARY_KEY = "DAILY_PAPERS_SUMMARY_KEY"
LOCAL_GITHUB_TOKENS = ("GITHUB_TOKEN", "GH_TOKEN")
ACTION_INPUTS = tuple(spec.name for spec in INPUTS)
LOCAL_INPUTS = tuple(spec for spec in INPUTS if spec.flag is not None)
ACTION_LABELS = {spec.name: f"input '{spec.name}'" for spec in INPUTS}
LOCAL_LABELS = {spec.name: str(spec.flag) for spec in LOCAL_INPUTS}
# The two ways to name the sections; exactly one is given.
SECTION_SOURCES = ("keywords", "config-file")


def read_inputs(
    problems: common.Problems,
    raw: Mapping[str, str],
    labels: Mapping[str, str],
    parsers: Mapping[str, Callable[[str], Any]],
) -> dict[str, Any]:
    """Each input ``labels`` names, but the sections' sources, parsed from its text in ``raw``
    (its default when empty) by its declared parser, or the one ``parsers`` gives it. An input
    that is invalid, or whose needed input has no value, is left out; problems are noted under
    the input's label."""
    values: dict[str, Any] = {}
    for spec in INPUTS:
        if spec.name not in labels or spec.name in SECTION_SOURCES:
            continue
        if spec.needs and not values.get(spec.needs):
            continue
        text = raw.get(spec.name, "")
        # Empty: the default, unless it is an expression the runner evaluates (${{ ... }}).
        if not text.strip() and not spec.default.startswith("${{"):
            text = spec.default
        try:
            values[spec.name] = parsers.get(spec.name, spec.parse)(text)
        except ConfigError as problem:
            problems.add(labels[spec.name], str(problem))
    return values


def _targets(group: str) -> list[tuple[str, str]]:
    """Each input that goes to the settings ``group``, and the field it goes to."""
    return [(s.name, s.to.split(".")[1]) for s in INPUTS if s.to.startswith(f"{group}.")]


def fields(values: Mapping[str, Any], group: str) -> dict[str, Any]:
    """The fields of the settings ``group`` the inputs read into ``values`` give, by field."""
    return {field: values[name] for name, field in _targets(group) if name in values}


def named(made: object, group: str) -> dict[str, Any]:
    """The inverse of :func:`fields`: the fields of ``made`` by the name of their input."""
    return {name: getattr(made, field) for name, field in _targets(group)}
