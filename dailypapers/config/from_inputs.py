"""The settings of a run, built from the inputs: the local command's flags and the action's inputs,
both read through the one declaration of :mod:`dailypapers.config.inputs`.

Building settings checks every value, then the rules across values, and reports every problem at
once, each named as the user wrote it, before any network call. What other parts own is passed in
by the entry point: whether Apprise can use a notify URL, and the User-Agent arXiv is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from dailypapers.config import cross_checks
from dailypapers.config.inputs import (
    ACTION_LABELS,
    BY_NAME,
    LOCAL_GITHUB_TOKENS,
    LOCAL_LABELS,
    LOCAL_SUMMARY_KEY,
    read_inputs,
)
from dailypapers.config.section import keyword_sections
from dailypapers.config.section_values import parse_keywords
from dailypapers.config.service_values import parse_notify_urls, parse_repository
from dailypapers.config.settings import (
    DEFAULT_GITHUB_API_URL,
    DEFAULT_GITHUB_SERVER_URL,
    ActionSettings,
    ArxivSettings,
    ConfigFile,
    ExtraFileSettings,
    GitHubSettings,
    IssueSettings,
    NotifySettings,
    RunSettings,
    TldrSettings,
)
from dailypapers.config.values import Problems, parse_http_url
from dailypapers.domain.pages import PageSettings
from dailypapers.domain.section import Section, SeedInputs

# Why Apprise cannot use a URL (naming its scheme at most), None when it can.
UrlProblem = Callable[[str], str | None]
# The User-Agent arXiv sees: from the action's own repository and the one it runs for.
UserAgent = Callable[[str, str], str]
_LOCAL_KEY_LABEL = f"{LOCAL_SUMMARY_KEY} (environment)"


def local_settings(
    keywords: Sequence[str],
    raw: Mapping[str, str],
    readme: str = "",
    env: Mapping[str, str] | None = None,
    *,
    url_problem: UrlProblem,
) -> RunSettings:
    """Settings from the command line: ``raw`` holds each flag's text by its input name,
    ``readme`` is the README's path, and ``env`` holds the TL;DR key, if any."""
    env = env or {}
    problems = Problems()
    if readme and Path(readme).is_dir():
        problems.add("--readme", f"'{readme}' is a folder; give the path of the README file")
    labels = {**LOCAL_LABELS, "summary-api-key": _LOCAL_KEY_LABEL}
    # A local config or BibTeX file is any file on disk; the action's, a path in the repository.
    parsers = {
        "config-file": _absolute,
        "seed-bibtex": _absolute,
        "notify": lambda text: parse_notify_urls(text, url_problem, "URL"),
    }
    chosen = {**raw, "summary-api-key": env.get(LOCAL_SUMMARY_KEY, "")}
    values, sections = _read_all(problems, labels, chosen, keywords, parsers)
    cross_checks.check_tldr(problems, labels, values, [env.get(n, "") for n in LOCAL_GITHUB_TOKENS])
    reads = {
        "the README": readme,
        "the config file": _absolute(raw.get("config-file", "")),
        "the seed BibTeX file": values.get("seed-bibtex", ""),
    }
    # The extra files lie in the README's folder, as they lie in the repository of the action's.
    folder = Path(readme).parent
    cross_checks.check_extra_files(
        problems, labels, values, reads, lambda path: (folder / path).resolve().as_posix()
    )
    problems.raise_if_any()
    assert sections is not None  # every problem that leaves none is raised above
    readme_url = Path(readme).resolve().as_uri() if readme else ""
    notify = NotifySettings(readme_url=readme_url, urls=values["notify"])
    # The local store reads files relative to the README's folder.
    return _run_settings(values, sections, "urn:daily-papers:", notify, Path(readme).name)


def action_settings(
    inputs: Mapping[str, str],
    env: Mapping[str, str],
    *,
    url_problem: UrlProblem,
    user_agent: UserAgent | None = None,
) -> ActionSettings:
    """Settings from the action's inputs (by their action.yml names) and the runner's env."""
    problems = Problems()
    labels = ACTION_LABELS
    parsers = {"notify": lambda text: parse_notify_urls(text, url_problem)}
    keyword_lines = inputs.get("keywords", "").splitlines()
    values, sections = _read_all(problems, labels, inputs, keyword_lines, parsers)
    github = _github_settings(problems, values, env)
    cross_checks.check_tldr(problems, labels, values, [inputs.get("github-token", "")])
    reads = {
        "the README": values.get("readme-path", ""),
        "the config file": inputs.get("config-file", ""),
        "the seed BibTeX file": inputs.get("seed-bibtex", ""),
    }
    cross_checks.check_extra_files(problems, labels, values, reads, str.strip)
    problems.raise_if_any()
    assert sections is not None and github is not None  # else a problem was raised above
    server = (env.get("GITHUB_SERVER_URL") or DEFAULT_GITHUB_SERVER_URL).rstrip("/")
    blob = f"{server}/{github.repository}/blob/"
    notify = NotifySettings(
        readme_url=f"{blob}{github.branch or 'HEAD'}/{github.readme_path}",
        issue=IssueSettings(values["issue-labels"]) if values["open-issue"] else None,
        urls=values["notify"],
    )
    run = _run_settings(values, sections, f"{blob}HEAD/", notify, github.readme_path)
    action_repository = env.get("GITHUB_ACTION_REPOSITORY", "")
    agent = user_agent(action_repository, github.repository) if user_agent else ""
    arxiv = replace(run.arxiv, user_agent=agent)
    return ActionSettings(
        replace(run, arxiv=arxiv, commit_message=values["commit-message"]), github
    )


def _read_all(
    problems: Problems,
    labels: Mapping[str, str],
    raw: Mapping[str, str],
    keyword_lines: Sequence[str],
    parsers: Mapping[str, Callable[[str], Any]],
) -> tuple[dict[str, Any], tuple[Section, ...] | ConfigFile | None]:
    """Every input's value, and the sections they make; the problems of each, and of the
    request interval, noted."""
    parse_config_path = parsers.get("config-file", BY_NAME["config-file"].parse)
    config_text = raw.get("config-file", "")
    source = _section_source(problems, labels, keyword_lines, config_text, parse_config_path)
    values = read_inputs(problems, raw, labels, parsers)
    sections = _sections(problems, labels, source, values)
    cross_checks.check_politeness(problems, labels, values)
    return values, sections


def _run_settings(
    values: dict[str, Any],
    sections: tuple[Section, ...] | ConfigFile,
    feed_id_prefix: str,
    notify: NotifySettings,
    readme_path: str,
) -> RunSettings:
    """What one run does, from valid values."""
    return RunSettings(
        sections=sections,
        arxiv=ArxivSettings(values["arxiv-api-url"], values["request-interval"]),
        extra_files=ExtraFileSettings(values["feeds-dir"], values["papers-file"], feed_id_prefix),
        notify=notify,
        dry_run=values["dry-run"],
        time_zone=values["time-zone"],
        tldr=_tldr_settings(values),
        pages=PageSettings(values["max-readme-bytes"], readme_path),
    )


def _tldr_settings(values: dict[str, Any]) -> TldrSettings:
    """Who writes the TL;DRs: no one unless a model is named."""
    if not values["summary-model"]:
        return TldrSettings()
    return TldrSettings(
        model=values["summary-model"],
        api_url=values["summary-api-url"],
        api_key=values["summary-api-key"],
        language=values["summary-language"],
        max_papers=values["summary-max-papers"],
        batch_tokens=values["summary-batch-tokens"],
        rates_relevance=values["summary-rates-relevance"],
    )


def _github_settings(
    problems: Problems, values: dict[str, Any], env: Mapping[str, str]
) -> GitHubSettings | None:
    """Where the README lives: the runner's repository and API, and the action's inputs."""
    repository = problems.check(
        "GITHUB_REPOSITORY (set by the runner)",
        parse_repository,
        env.get("GITHUB_REPOSITORY", ""),
        None,
    )
    api_url = problems.check(
        "GITHUB_API_URL (set by the runner)",
        lambda raw: parse_http_url(raw, DEFAULT_GITHUB_API_URL),
        env.get("GITHUB_API_URL") or DEFAULT_GITHUB_API_URL,
        None,
    )
    if repository is None or api_url is None:
        return None
    return GitHubSettings(
        repository,
        api_url,
        values.get("github-token", ""),
        values.get("readme-path", ""),
        values.get("branch"),
    )


def _section_source(
    problems: Problems,
    labels: Mapping[str, str],
    keyword_lines: Sequence[str],
    config_text: str,
    parse_config_path: Callable[[str], str],
) -> tuple[str, tuple[str, ...]] | None:
    """The config file's path, or the keywords: exactly one of the two is given; None when
    neither is valid."""
    config_path = config_text.strip()
    if config_path and any(line.strip() for line in keyword_lines):
        problems.add(
            labels["keywords"],
            f"given together with {labels['config-file']}; the config file defines the "
            "sections, so remove the keywords or the config file",
        )
        return None
    if config_path:
        path = problems.check(labels["config-file"], parse_config_path, config_path, None)
        return None if path is None else (path, ())
    keywords = problems.check(labels["keywords"], parse_keywords, keyword_lines, None)
    return None if keywords is None else ("", keywords)


def _sections(
    problems: Problems,
    labels: Mapping[str, str],
    source: tuple[str, tuple[str, ...]] | None,
    values: dict[str, Any],
) -> tuple[Section, ...] | ConfigFile | None:
    """The keywords' sections, or the config file that defines them, sharing what the inputs
    give them; None when they cannot be made."""
    shared = _shared(values)
    if shared is None or source is None:
        return None
    path, keywords = source
    if path:
        return replace(shared, path=path)
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
    cross_checks.check_relevance(problems, labels, sections)
    return sections


def _shared(values: dict[str, Any]) -> ConfigFile | None:
    """What every section shares, from the inputs; None when one of them is invalid."""
    if any(name not in values for name in _SHARED):
        return None
    return ConfigFile(
        "",
        max_papers=values["max-papers"],
        categories=values["categories"],
        keyword_match=values["keyword-match"],
        primary_only=values["primary-only"],
        columns=values["columns"],
        seeds=SeedInputs(values["seed-papers"], values["seed-bibtex"], values["interests"]),
        min_relevance=values["min-relevance"],
    )


_SHARED = (
    "max-papers", "categories", "keyword-match", "primary-only", "columns",
    "seed-papers", "seed-bibtex", "interests", "min-relevance",
)  # fmt: skip


def _absolute(path: str) -> str:
    return Path(path.strip()).resolve().as_posix() if path.strip() else ""
