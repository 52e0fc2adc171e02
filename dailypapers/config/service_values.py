"""The parsers of the values that name the services a run talks to besides arXiv: GitHub, the
TL;DR model and Apprise's URLs. The model's key is its API's own: a GitHub token is refused, so
that it never reaches another host."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from dailypapers.config.values import http_url, secret
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.text import fold

# GitHub's limit on a label's name.
MAX_LABEL_LENGTH = 50
MAX_LANGUAGE_LENGTH = 40
EXAMPLE_MODEL_API_URL = "https://api.openai.com/v1"
RETIRED_MODELS_HOST = "models.github.ai"
# The prefixes of GitHub's tokens (GitHub changelog 2021-03-31, and github_pat_ for fine-grained
# personal tokens): such a key would carry a GitHub token to another host.
GITHUB_TOKEN_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+")
# What git refuses in a branch name (git check-ref-format).
_BRANCH_FORBIDDEN = re.compile(
    r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|^[/-]|[/.]$|\.lock$|(?:^|/)\.|^@$"
)


def parse_branch(raw: str) -> str | None:
    """A branch name, as git allows one, or None for the repository's default branch."""
    name = raw.strip().removeprefix("refs/heads/")
    if raw.strip() and (not name or _BRANCH_FORBIDDEN.search(name)):
        raise ConfigError(
            f"'{raw}' is not a valid branch name; give a name such as main, "
            "or leave it empty for the repository's default branch"
        )
    return name or None


def parse_repository(raw: str) -> str:
    """owner/name, as the runner sets GITHUB_REPOSITORY."""
    if not _REPOSITORY.fullmatch(raw.strip()):
        raise ConfigError(f"'{raw}' is not of the form owner/name")
    return raw.strip()


# A non-empty GitHub token, as GitHub issues them.
parse_token = secret(
    "no token; leave the input at its default ${{ github.token }} "
    "or pass a token with contents: write"
)


def parse_labels(raw: str) -> tuple[str, ...]:
    """Issue labels, separated by commas or lines."""
    labels = tuple(dict.fromkeys(fold(part) for part in re.split(r"[,\n]", raw)))
    labels = tuple(label for label in labels if label)
    too_long = [label for label in labels if len(label) > MAX_LABEL_LENGTH]
    if too_long:
        raise ConfigError(
            f"'{too_long[0][:20]}...' is longer than GitHub's {MAX_LABEL_LENGTH} characters "
            "for a label; shorten it"
        )
    return labels


def parse_model(raw: str) -> str:
    """A model's name as the chat-completions API takes it; empty: no TL;DRs."""
    name = raw.strip()
    if name and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:/@-]{0,99}", name):
        raise ConfigError(
            f"'{raw}' is not a model name; give one the API names, such as gpt-4.1-mini, "
            "or leave it empty for no TL;DRs"
        )
    return name


def parse_language(raw: str) -> str:
    """The language TL;DRs are written in, as a name the model understands."""
    language = raw.strip()
    if len(language) > MAX_LANGUAGE_LENGTH or not language.isprintable():
        raise ConfigError(
            f"'{raw}' is not a language name; give one such as English or Simplified Chinese"
        )
    return language


def parse_model_api_url(raw: str) -> str:
    """The base URL of the OpenAI-compatible API a TL;DR model is asked through."""
    if not raw.strip():
        raise ConfigError(
            "no API for summary-model; set it to the base URL of an OpenAI-compatible API, "
            f"such as {EXAMPLE_MODEL_API_URL} (the README lists others)"
        )
    url = http_url(EXAMPLE_MODEL_API_URL)(raw)
    if urlsplit(url).hostname == RETIRED_MODELS_HOST:
        raise ConfigError(
            f"GitHub retired GitHub Models on 2026-07-30 and {RETIRED_MODELS_HOST} serves no "
            "model any more; set it to another OpenAI-compatible API, such as "
            f"{EXAMPLE_MODEL_API_URL}, with that API's key in summary-api-key"
        )
    return url


_model_api_key = secret(
    "no key for the model's API; pass that API's own key from a repository secret, "
    "such as ${{ secrets.OPENAI_API_KEY }} (a server that takes none: any word)"
)


def parse_model_api_key(raw: str) -> str:
    """The key of the model's own API: never a token of GitHub's making."""
    if raw.strip().startswith(GITHUB_TOKEN_PREFIXES):
        raise ConfigError(GITHUB_TOKEN_AS_KEY)
    return _model_api_key(raw)


GITHUB_TOKEN_AS_KEY = (
    "this is a GitHub token, which is sent to GitHub's API and nowhere else; pass the "
    "model's API its own key from a repository secret"
)


def parse_notify_urls(
    raw: str, url_problem: Callable[[str], str | None], unit: str = "line"
) -> tuple[str, ...]:
    """The Apprise URLs, one a line, in order, each once; blank lines are skipped. Apprise, which
    owns them, tells what is wrong with one (``url_problem``: why not, None when it can use it).
    ``unit`` names what a line is in problems: the action's input is counted in lines, the local
    command's flags in URLs. A problem names the URL's scheme at most, never the URL itself,
    which holds credentials."""
    urls = [(number, line.strip()) for number, line in enumerate(raw.splitlines(), 1)]
    urls = [(number, url) for number, url in urls if url]
    problems = [(number, url_problem(url)) for number, url in urls]
    refused = [f"{unit} {number}: {problem}" for number, problem in problems if problem]
    if refused:
        raise ConfigError(
            "; ".join(refused) + " (the URL is not repeated here: it holds credentials). Write "
            "each URL as Apprise's documentation gives its service, one a line, such as "
            "mailtos://user:app-password@smtp.example.org?to=me@example.org or "
            "discord://webhook_id/webhook_token"
        )
    return tuple(dict.fromkeys(url for _, url in urls))
