"""The settings of a run, built from the local command's flags or the action's inputs: every
value checked, then the rules across values, every problem reported at once, named as the user
wrote it, before any network call. What other parts own is passed in by the entry point: whether
Apprise can use a notify URL, and the User-Agent arXiv is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from dailypapers.config import cross_checks
from dailypapers.config import inputs as declared
from dailypapers.config.section import keyword_sections
from dailypapers.config.section_values import parse_keywords
from dailypapers.config.service_values import parse_notify_urls, parse_repository
from dailypapers.config.values import Problems, http_url
from dailypapers.domain import settings as made
from dailypapers.domain.arxiv import AUTO
from dailypapers.domain.pages import PageSettings
from dailypapers.domain.project import project_url, user_agent
from dailypapers.domain.section import Section, SeedInputs

# Why Apprise cannot use a URL (naming its scheme at most), None when it can.
UrlProblem = Callable[[str], str | None]
Sections = tuple[Section, ...] | made.ConfigFile
_BY_RUNNER = "(set by the runner)"
_LOCAL_LABELS = {
    **declared.LOCAL_LABELS,
    "summary-api-key": "DAILY_PAPERS_SUMMARY_KEY (environment)",
}


def local_settings(
    keywords: Sequence[str],
    raw: Mapping[str, str],
    readme: str = "",
    env: Mapping[str, str] | None = None,
    *,
    url_problem: UrlProblem,
) -> made.RunSettings:
    """Settings from the command line: ``raw`` holds each flag's text by its input name,
    ``readme`` is the README's path, and ``env`` holds the TL;DR key, if any."""
    env, problems, labels = env or {}, Problems(), _LOCAL_LABELS
    _check_readme_path(problems, readme)
    # A local config or BibTeX file, or the site's folder, is any path on disk, from where the
    # command runs; the action's, a path in the repository.
    parsers: dict[str, Callable[[str], Any]] = {"config-file": _absolute, "seed-bibtex": _absolute}
    parsers["site-dir"] = lambda text: text.strip() or None
    parsers["notify"] = lambda text: parse_notify_urls(text, url_problem, "URL")
    chosen = {**raw, "summary-api-key": env.get(declared.LOCAL_SUMMARY_KEY, "")}
    values, sections = _read_all(problems, labels, chosen, keywords, parsers)
    tokens = [env.get(name, "") for name in declared.LOCAL_GITHUB_TOKENS]
    cross_checks.check_tldr(problems, labels, values, tokens)
    reads = {"the README": readme, "the config file": _absolute(raw.get("config-file", ""))}
    reads["the seed BibTeX file"] = values.get("seed-bibtex", "")
    # The extra files lie in the README's folder, as they lie in the repository of the action's.
    folder = Path(readme).parent
    resolve = lambda path: (folder / path).resolve().as_posix()  # noqa: E731
    cross_checks.check_extra_files(problems, labels, values, reads, resolve)
    problems.raise_if_any()
    readme_url = Path(readme).resolve().as_uri() if readme else ""
    notify = made.NotifySettings(readme_url, **declared.fields(values, "notify"))
    # The local store reads the files beside the README from its folder.
    return _run(values, sections, "urn:daily-papers:", notify, Path(readme).name)


def _check_readme_path(problems: Problems, readme: str) -> None:
    """The README's path is a file's, in a folder that exists: the command creates no folder."""
    folder = Path(readme).parent
    if readme and Path(readme).is_dir():
        problems.add("--readme", f"'{readme}' is a folder; give the path of the README file")
    elif readme and not folder.is_dir():
        problems.add("--readme", f"the folder '{folder}' does not exist; create it or fix the path")


def action_settings(
    inputs: Mapping[str, str],
    env: Mapping[str, str],
    *,
    url_problem: UrlProblem,
) -> made.ActionSettings:
    """Settings from the action's inputs (by their action.yml names) and the runner's env."""
    problems, labels = Problems(), declared.ACTION_LABELS
    parsers = {"notify": lambda text: parse_notify_urls(text, url_problem)}
    keyword_lines = inputs.get("keywords", "").splitlines()
    values, sections = _read_all(problems, labels, inputs, keyword_lines, parsers)
    repository, api_url = _runner(problems, env)
    cross_checks.check_tldr(problems, labels, values, [inputs.get("github-token", "")])
    reads = {"the README": values.get("readme-path", "")}
    reads |= {"the config file": inputs.get("config-file", "")}
    reads |= {"the seed BibTeX file": inputs.get("seed-bibtex", "")}
    cross_checks.check_extra_files(problems, labels, values, reads, str.strip)
    problems.raise_if_any()
    github = made.GitHubSettings(repository, api_url, **declared.fields(values, "github"))
    server = (env.get("GITHUB_SERVER_URL") or made.DEFAULT_GITHUB_SERVER_URL).rstrip("/")
    blob = f"{server}/{github.repository}/blob/"
    issue = made.IssueSettings(values["issue-labels"]) if values["open-issue"] else None
    readme_url = f"{blob}{github.branch or 'HEAD'}/{github.readme_path}"
    notify = made.NotifySettings(readme_url, issue, **declared.fields(values, "notify"))
    run = _run(values, sections, f"{blob}HEAD/", notify, github.readme_path)
    action_repository = env.get("GITHUB_ACTION_REPOSITORY", "")
    run = replace(
        run,
        user_agent=user_agent(action_repository, repository),
        project_url=project_url(action_repository),
    )
    return made.ActionSettings(run, github)


def _read_all(
    problems: Problems,
    labels: Mapping[str, str],
    raw: Mapping[str, str],
    keyword_lines: Sequence[str],
    parsers: Mapping[str, Callable[[str], Any]],
) -> tuple[dict[str, Any], Sections]:
    """Every input's value, and the sections they make (the keywords', or the config file that
    defines them: exactly one of the two is given); each problem noted."""
    config_path = raw.get("config-file", "").strip()
    keywords: tuple[str, ...] = ()
    if config_path and any(line.strip() for line in keyword_lines):
        problems.add(
            labels["keywords"],
            f"given together with {labels['config-file']}; the config file defines the "
            "sections, so remove the keywords or the config file",
        )
    elif config_path:
        parse_path = parsers.get("config-file", declared.BY_NAME["config-file"].parse)
        config_path = problems.check(labels["config-file"], parse_path, config_path, "")
    else:
        keywords = problems.check(labels["keywords"], parse_keywords, keyword_lines, ())
    values = declared.read_inputs(problems, raw, labels, parsers)
    given = declared.fields(values, "sections")
    seeds = SeedInputs(**declared.fields(values, "seeds"))
    cross_checks.check_politeness(problems, labels, values)
    if config_path:
        return values, made.ConfigFile(config_path, **given, seeds=seeds)
    match = given.pop("keyword_match", AUTO)
    sections = keyword_sections(keywords, match=match, seeds=seeds, **given)
    cross_checks.check_relevance(problems, labels, sections)
    return values, sections


def _run(
    values: dict[str, Any],
    sections: Sections,
    feed_id_prefix: str,
    notify: made.NotifySettings,
    readme_path: str,
) -> made.RunSettings:
    """What one run does, from valid values: each goes to the setting its input names."""
    tldr = made.TldrSettings(**declared.fields(values, "tldr")) if values["summary-model"] else None
    extra = declared.fields(values, "extra_files")
    return made.RunSettings(
        sections=sections,
        arxiv=made.ArxivSettings(**declared.fields(values, "arxiv")),
        extra_files=made.ExtraFileSettings(**extra, feed_id_prefix=feed_id_prefix),
        notify=notify,
        tldr=tldr or made.TldrSettings(),
        pages=PageSettings(**declared.fields(values, "pages"), readme_path=readme_path),
        **declared.fields(values, "run"),
    )


def _runner(problems: Problems, env: Mapping[str, str]) -> tuple[str, str]:
    """The repository the runner runs for, and its GitHub API, as the runner sets them."""
    repository = env.get("GITHUB_REPOSITORY", "")
    api_url = env.get("GITHUB_API_URL") or made.DEFAULT_GITHUB_API_URL
    return (
        problems.check(f"GITHUB_REPOSITORY {_BY_RUNNER}", parse_repository, repository, ""),
        problems.check(
            f"GITHUB_API_URL {_BY_RUNNER}", http_url(made.DEFAULT_GITHUB_API_URL), api_url, ""
        ),
    )


def _absolute(path: str) -> str:
    return Path(path.strip()).resolve().as_posix() if path.strip() else ""
