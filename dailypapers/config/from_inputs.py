"""The settings of a run, built from the inputs: the local command's and the action's.

Building settings checks every value and reports every problem at once, each named as the user
wrote it, before any network call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from dailypapers.arxiv.client import user_agent
from dailypapers.config.input_groups import (
    extra_file_settings,
    github_settings,
    notify_settings,
    page_settings,
    refuse_writing_what_is_read,
    site_dir_setting,
    tldr_settings,
)
from dailypapers.config.inputs import (
    ACTION_LABELS,
    LOCAL_GITHUB_TOKENS,
    LOCAL_LABELS,
    LOCAL_SUMMARY_KEY,
)
from dailypapers.config.notify_values import parse_notify_urls
from dailypapers.config.query import AUTO
from dailypapers.config.relevance_values import relevance_inputs
from dailypapers.config.section import keyword_sections
from dailypapers.config.section_values import (
    parse_categories,
    parse_columns,
    parse_keyword_match,
    parse_keywords,
    parse_max_papers,
)
from dailypapers.config.settings import (
    DEFAULT_ARXIV_API_URL,
    DEFAULT_GITHUB_SERVER_URL,
    DEFAULT_REQUEST_INTERVAL,
    DEFAULT_TIME_ZONE,
    ActionSettings,
    ArxivSettings,
    ConfigFile,
    NotifySettings,
    RunSettings,
    TldrSettings,
)
from dailypapers.config.values import (
    ARXIV_MIN_INTERVAL,
    Problems,
    parse_bool,
    parse_file_path,
    parse_http_url,
    parse_seconds,
    parse_time_zone,
)
from dailypapers.domain.section import DEFAULT_COLUMNS, Section


def local_settings(
    keywords: Sequence[str],
    raw: Mapping[str, str],
    readme: str = "",
    env: Mapping[str, str] | None = None,
) -> RunSettings:
    """Settings from the command line: ``raw`` holds each flag's text by its input name,
    ``readme`` is the README's path, and ``env`` holds the TL;DR key, if any."""
    problems = Problems()
    if readme and Path(readme).is_dir():
        problems.add("--readme", f"'{readme}' is a folder; give the path of the README file")
    # A local config file is any file on disk, from here; the action's a path in the repository.
    sections, arxiv = _sections_and_arxiv(problems, LOCAL_LABELS, keywords, raw, _absolute)
    extra_files = extra_file_settings(problems, LOCAL_LABELS, raw, "urn:daily-papers:")
    config_path = sections.path if isinstance(sections, ConfigFile) else ""
    reads = {
        "the README": readme,
        "the config file": config_path,
        "the seed BibTeX file": _absolute(raw.get("seed-bibtex", "")),
    }
    # The extra files lie in the README's folder, as they lie in the repository of the action's.
    folder = Path(readme).parent
    refuse_writing_what_is_read(
        problems, LOCAL_LABELS, reads, extra_files, lambda path: _on_disk(folder, path)
    )
    settings = RunSettings(
        sections=sections,
        arxiv=arxiv,
        extra_files=extra_files,
        dry_run=problems.check(LOCAL_LABELS["dry-run"], parse_bool, raw.get("dry-run", ""), False),
        time_zone=_time_zone(problems, LOCAL_LABELS, raw),
        tldr=_local_tldr_settings(problems, raw, env or {}),
        # The local store reads files relative to the README's folder.
        pages=page_settings(problems, LOCAL_LABELS, raw, Path(readme).name),
        notify=_local_notify_settings(problems, raw, readme),
        # A folder on disk, from here, as any path the command is given.
        site_dir=raw.get("site-dir", "").strip() or None,
    )
    problems.raise_if_any()
    return settings


def action_settings(inputs: Mapping[str, str], env: Mapping[str, str]) -> ActionSettings:
    """Settings from the action's inputs (by their action.yml names) and the runner's env."""
    problems = Problems()
    labels = ACTION_LABELS
    sections, arxiv = _sections_and_arxiv(
        problems, labels, inputs.get("keywords", "").splitlines(), inputs, parse_file_path
    )
    github = github_settings(problems, labels, inputs, env)
    agent = user_agent(env.get("GITHUB_ACTION_REPOSITORY", ""), github.repository)
    arxiv = replace(arxiv, user_agent=agent)
    server = (env.get("GITHUB_SERVER_URL") or DEFAULT_GITHUB_SERVER_URL).rstrip("/")
    extra_files = extra_file_settings(
        problems, labels, inputs, f"{server}/{github.repository}/blob/HEAD/"
    )
    reads = {
        "the README": github.readme_path,
        "the config file": inputs.get("config-file", ""),
        "the seed BibTeX file": inputs.get("seed-bibtex", ""),
    }
    refuse_writing_what_is_read(problems, labels, reads, extra_files, str.strip)
    run = RunSettings(
        sections=sections,
        arxiv=arxiv,
        extra_files=extra_files,
        notify=notify_settings(problems, labels, inputs, server, github),
        dry_run=problems.check(labels["dry-run"], parse_bool, inputs.get("dry-run", ""), False),
        commit_message=inputs.get("commit-message", "").strip() or None,
        time_zone=_time_zone(problems, labels, inputs),
        tldr=tldr_settings(problems, labels, inputs, (inputs.get("github-token", ""),)),
        pages=page_settings(problems, labels, inputs, github.readme_path),
        site_dir=site_dir_setting(problems, labels, inputs),
    )
    problems.raise_if_any()
    return ActionSettings(run, github)


def _sections_and_arxiv(
    problems: Problems,
    labels: Mapping[str, str],
    keyword_lines: Sequence[str],
    raw: Mapping[str, str],
    parse_config_path: Callable[[str], str],
) -> tuple[tuple[Section, ...] | ConfigFile, ArxivSettings]:
    """The keywords' sections, or the config file that defines the sections (with the defaults
    the inputs give them); and how arXiv is asked."""
    config_path, keywords = _section_source(problems, labels, keyword_lines, raw, parse_config_path)
    shared = _section_defaults(problems, labels, raw, config_path)
    seeds, min_relevance = relevance_inputs(problems, labels, raw, parse_config_path)
    shared = replace(shared, seeds=seeds, min_relevance=min_relevance)
    sections = _keyword_sections(problems, labels, keywords, shared)
    arxiv = ArxivSettings(
        api_url=problems.check(
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
    _check_politeness(problems, labels["request-interval"], arxiv)
    return (shared if config_path else sections), arxiv


def _section_defaults(
    problems: Problems, labels: Mapping[str, str], raw: Mapping[str, str], config_path: str
) -> ConfigFile:
    """What every section shares, from the inputs: the keywords' sections, or the defaults of
    the config file's."""
    no_categories: tuple[str, ...] = ()
    default_columns: tuple[str, ...] = DEFAULT_COLUMNS
    return ConfigFile(
        path=config_path,
        max_papers=problems.check(
            labels["max-papers"], parse_max_papers, raw.get("max-papers", ""), 1
        ),
        categories=problems.check(
            labels["categories"], parse_categories, raw.get("categories", ""), no_categories
        ),
        keyword_match=problems.check(
            labels["keyword-match"], parse_keyword_match, raw.get("keyword-match", ""), AUTO
        ),
        primary_only=problems.check(
            labels["primary-only"], parse_bool, raw.get("primary-only", ""), False
        ),
        columns=problems.check(
            labels["columns"], parse_columns, raw.get("columns", ""), default_columns
        ),
    )


_LOCAL_TLDR_LABELS = {**LOCAL_LABELS, "summary-api-key": f"{LOCAL_SUMMARY_KEY} (environment)"}


def _local_tldr_settings(
    problems: Problems, raw: Mapping[str, str], env: Mapping[str, str]
) -> TldrSettings:
    """The TL;DR settings of the local command: the key from the environment alone."""
    chosen = {**raw, "summary-api-key": env.get(LOCAL_SUMMARY_KEY, "")}
    github_tokens = tuple(env.get(name, "") for name in LOCAL_GITHUB_TOKENS)
    return tldr_settings(problems, _LOCAL_TLDR_LABELS, chosen, github_tokens)


def _local_notify_settings(
    problems: Problems, raw: Mapping[str, str], readme: str
) -> NotifySettings:
    """The services the local command sends what is new to, one --notify each; the digest links
    to the README file."""
    no_urls: tuple[str, ...] = ()
    urls = problems.check(
        LOCAL_LABELS["notify"],
        lambda text: parse_notify_urls(text, "URL"),
        raw.get("notify", ""),
        no_urls,
    )
    readme_url = Path(readme).resolve().as_uri() if readme else ""
    return NotifySettings(readme_url=readme_url, urls=urls)


def _time_zone(problems: Problems, labels: Mapping[str, str], raw: Mapping[str, str]) -> str:
    return problems.check(
        labels["time-zone"], parse_time_zone, raw.get("time-zone", ""), DEFAULT_TIME_ZONE
    )


def _section_source(
    problems: Problems,
    labels: Mapping[str, str],
    keyword_lines: Sequence[str],
    raw: Mapping[str, str],
    parse_config_path: Callable[[str], str],
) -> tuple[str, tuple[str, ...]]:
    """The config file's path, or the keywords: exactly one of the two is given."""
    config_path = raw.get("config-file", "").strip()
    if config_path and any(line.strip() for line in keyword_lines):
        problems.add(
            labels["keywords"],
            f"given together with {labels['config-file']}; the config file defines the "
            "sections, so remove the keywords or the config file",
        )
        return config_path, ()
    if config_path:
        return problems.check(labels["config-file"], parse_config_path, config_path, ""), ()
    return "", problems.check(labels["keywords"], parse_keywords, keyword_lines, ())


def _keyword_sections(
    problems: Problems, labels: Mapping[str, str], keywords: Sequence[str], shared: ConfigFile
) -> tuple[Section, ...]:
    """The keywords' sections, sharing what the inputs give them; a Relevance column or a
    min-relevance with no seeds is a problem."""
    sections = tuple(
        replace(section, seeds=shared.seeds, min_relevance=shared.min_relevance)
        for section in keyword_sections(
            keywords,
            shared.max_papers,
            shared.categories,
            shared.keyword_match,
            primary_only=shared.primary_only,
            columns=shared.columns,
        )
    )
    problem = sections[0].relevance_problem() if sections else None
    if problem:
        asked = "min-relevance" if shared.min_relevance is not None else "columns"
        problems.add(labels[asked], problem)
    return sections


def _check_politeness(problems: Problems, label: str, settings: ArxivSettings) -> None:
    host = urlsplit(settings.api_url).hostname or ""
    if (host == "arxiv.org" or host.endswith(".arxiv.org")) and (
        settings.request_interval < ARXIV_MIN_INTERVAL
    ):
        problems.add(
            label,
            f"{settings.request_interval:g} s is below the {ARXIV_MIN_INTERVAL:g} s "
            "arXiv asks for between requests; use 3 or more against arXiv's own API",
        )


def _absolute(path: str) -> str:
    return Path(path.strip()).resolve().as_posix() if path.strip() else ""


def _on_disk(folder: Path, path: str) -> str:
    """A path as the local command writes it: an extra file's relative to the README's folder,
    the README's and the config file's as given (the config file's was made absolute)."""
    return (folder / path).resolve().as_posix()
