"""The parsers of where the README lives on GitHub: the API's address, the repository, the branch,
the token, the issue's labels; each raises InvalidValue with what a valid value looks like."""

from __future__ import annotations

import re

from dailypapers.config.settings import DEFAULT_GITHUB_API_URL
from dailypapers.config.values import parse_http_url, parse_secret
from dailypapers.domain.errors import InvalidValue
from dailypapers.domain.text import fold

# GitHub's limit on a label's name.
MAX_LABEL_LENGTH = 50


_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+")


_BRANCH_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")


def parse_github_api_url(raw: str) -> str:
    """The GitHub API's address, as the runner sets GITHUB_API_URL."""
    return parse_http_url(raw, DEFAULT_GITHUB_API_URL)


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


def parse_labels(raw: str) -> tuple[str, ...]:
    """Issue labels, separated by commas or lines."""
    labels = tuple(dict.fromkeys(fold(part) for part in re.split(r"[,\n]", raw)))
    labels = tuple(label for label in labels if label)
    too_long = [label for label in labels if len(label) > MAX_LABEL_LENGTH]
    if too_long:
        raise InvalidValue(
            f"'{too_long[0][:20]}...' is longer than GitHub's {MAX_LABEL_LENGTH} characters "
            "for a label; shorten it"
        )
    return labels
