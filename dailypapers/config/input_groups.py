"""The settings each group of inputs beyond the sections gives: where the README lives on
GitHub, the notifiers, the extra files, the TL;DRs.

Each builder checks its inputs into the run's :class:`~dailypapers.config.values.Problems`,
labelled as the caller names them (the action's input or the local command's flag).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from dailypapers.config.github_values import (
    parse_branch,
    parse_github_api_url,
    parse_labels,
    parse_repository,
    parse_token,
)
from dailypapers.config.notify_values import parse_notify_urls
from dailypapers.config.settings import (
    DEFAULT_GITHUB_API_URL,
    DEFAULT_TLDR_BATCH_TOKENS,
    DEFAULT_TLDR_MAX_PAPERS,
    ExtraFileSettings,
    GitHubSettings,
    IssueSettings,
    NotifySettings,
    TldrSettings,
)
from dailypapers.config.tldr_values import (
    parse_batch_tokens,
    parse_language,
    parse_model,
    parse_model_api_key,
    parse_model_api_url,
    parse_tldr_max_papers,
)
from dailypapers.config.values import Problems, parse_bool, parse_file_path, parse_readme_bytes
from dailypapers.domain.pages import DEFAULT_MAX_README_BYTES, DEFAULT_README_PATH, PageSettings
from dailypapers.outputs.extra_files import write_path_problems


def github_settings(
    problems: Problems, labels: Mapping[str, str], inputs: Mapping[str, str], env: Mapping[str, str]
) -> GitHubSettings:
    """Where the README lives: the runner's repository and API, and the action's inputs."""
    return GitHubSettings(
        repository=problems.check(
            "GITHUB_REPOSITORY (set by the runner)",
            parse_repository,
            env.get("GITHUB_REPOSITORY", ""),
            "",
        ),
        api_url=problems.check(
            "GITHUB_API_URL (set by the runner)",
            parse_github_api_url,
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
    )


def notify_settings(
    problems: Problems,
    labels: Mapping[str, str],
    inputs: Mapping[str, str],
    server: str,
    github: GitHubSettings,
) -> NotifySettings:
    """Who is told what is new: the day's issue when open-issue asks for it, with its labels,
    and the services of the notify input's Apprise URLs; the digest links to the README on
    GitHub."""
    open_issue = problems.check(
        labels["open-issue"], parse_bool, inputs.get("open-issue", ""), False
    )
    no_labels: tuple[str, ...] = ()
    no_urls: tuple[str, ...] = ()
    issue_labels = problems.check(
        labels["issue-labels"], parse_labels, inputs.get("issue-labels", ""), no_labels
    )
    return NotifySettings(
        readme_url=f"{server}/{github.repository}/blob/"
        f"{github.branch or 'HEAD'}/{github.readme_path}",
        issue=IssueSettings(issue_labels) if open_issue else None,
        urls=problems.check(labels["notify"], parse_notify_urls, inputs.get("notify", ""), no_urls),
    )


def page_settings(
    problems: Problems, labels: Mapping[str, str], raw: Mapping[str, str], readme_path: str
) -> PageSettings:
    """The README's byte budget, and its path as the store reads it (its pages lie beside it)."""
    max_bytes = problems.check(
        labels["max-readme-bytes"],
        lambda text: parse_readme_bytes(text, DEFAULT_MAX_README_BYTES),
        raw.get("max-readme-bytes", ""),
        DEFAULT_MAX_README_BYTES,
    )
    return PageSettings(max_bytes, readme_path or DEFAULT_README_PATH)


def tldr_settings(
    problems: Problems,
    labels: Mapping[str, str],
    raw: Mapping[str, str],
    github_tokens: Sequence[str] = (),
) -> TldrSettings:
    """Who writes the TL;DRs, checked only when a model is named (none: no TL;DRs). The key is
    the model's API's own: ``github_tokens`` are refused as keys."""
    model = problems.check(labels["summary-model"], parse_model, raw.get("summary-model", ""), "")
    rates_relevance = _rates_relevance(problems, labels, raw, model)
    if not model:
        return TldrSettings()
    key = raw.get("summary-api-key", "")
    return TldrSettings(
        model=model,
        api_url=problems.check(
            labels["summary-api-url"], parse_model_api_url, raw.get("summary-api-url", ""), ""
        ),
        api_key=problems.check(
            labels["summary-api-key"], lambda k: parse_model_api_key(k, github_tokens), key, ""
        ),
        language=problems.check(
            labels["summary-language"], parse_language, raw.get("summary-language", ""), ""
        ),
        max_papers=problems.check(
            labels["summary-max-papers"],
            parse_tldr_max_papers,
            raw.get("summary-max-papers", ""),
            DEFAULT_TLDR_MAX_PAPERS,
        ),
        batch_tokens=problems.check(
            labels["summary-batch-tokens"],
            parse_batch_tokens,
            raw.get("summary-batch-tokens", ""),
            DEFAULT_TLDR_BATCH_TOKENS,
        ),
        rates_relevance=rates_relevance,
    )


def _rates_relevance(
    problems: Problems, labels: Mapping[str, str], raw: Mapping[str, str], model: str
) -> bool:
    """Whether the TL;DR model also rates relevance: a problem when no model is named."""
    label = labels["summary-rates-relevance"]
    rates = problems.check(label, parse_bool, raw.get("summary-rates-relevance", ""), False)
    if rates and not model and not raw.get("summary-model", "").strip():
        problems.add(
            label,
            "the relevance rating comes from the TL;DR model, and none is named; set "
            "summary-model (with summary-api-url and summary-api-key), or set this to false",
        )
    return rates and bool(model)


def refuse_writing_what_is_read(
    problems: Problems,
    labels: Mapping[str, str],
    reads: Mapping[str, str],
    extra_files: ExtraFileSettings,
    resolve: Callable[[str], str],
) -> None:
    """A problem for each extra file that would land on a file the run reads."""
    for name, problem in write_path_problems(reads, extra_files, resolve):
        problems.add(labels[name], problem)


def extra_file_settings(
    problems: Problems, labels: Mapping[str, str], raw: Mapping[str, str], feed_id_prefix: str
) -> ExtraFileSettings:
    """The files to write besides the README; empty inputs write none."""
    feeds_dir = raw.get("feeds-dir", "").strip().rstrip("/")
    papers_file = raw.get("papers-file", "").strip()
    return ExtraFileSettings(
        feeds_dir=problems.check(labels["feeds-dir"], parse_file_path, feeds_dir, None)
        if feeds_dir
        else None,
        papers_file=problems.check(labels["papers-file"], parse_file_path, papers_file, None)
        if papers_file
        else None,
        feed_id_prefix=feed_id_prefix,
    )


def site_dir_setting(
    problems: Problems, labels: Mapping[str, str], inputs: Mapping[str, str]
) -> str | None:
    """The action's site folder: a path in the workspace, which is the repository's checkout."""
    site_dir = inputs.get("site-dir", "").strip().rstrip("/")
    if not site_dir:
        return None
    return problems.check(labels["site-dir"], parse_file_path, site_dir, None)
