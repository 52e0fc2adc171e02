"""The parsers of the TL;DR settings: the model, its API and key, language and limits; each raises
InvalidValue with what a valid value looks like. The key is the model's API's own: a GitHub token
is refused, so that it never reaches another host."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from dailypapers.config.settings import (
    DEFAULT_TLDR_BATCH_TOKENS,
    DEFAULT_TLDR_LANGUAGE,
    DEFAULT_TLDR_MAX_PAPERS,
)
from dailypapers.config.values import parse_count, parse_http_url, parse_secret
from dailypapers.domain.errors import InvalidValue

MAX_LANGUAGE_LENGTH = 40


MIN_BATCH_TOKENS = 500


MAX_BATCH_TOKENS = 1_000_000


EXAMPLE_MODEL_API_URL = "https://api.openai.com/v1"


RETIRED_MODELS_HOST = "models.github.ai"


# The prefixes of GitHub's tokens (GitHub changelog 2021-03-31, and github_pat_ for fine-grained
# personal tokens): such a key would carry a GitHub token to another host.
GITHUB_TOKEN_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")


# A hundred requests of ten papers: more than one run should ask of any API.
MAX_TLDR_PAPERS = 1000


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
        return DEFAULT_TLDR_LANGUAGE
    if len(language) > MAX_LANGUAGE_LENGTH or not language.isprintable():
        raise InvalidValue(
            f"'{raw}' is not a language name; give one such as English or Simplified Chinese"
        )
    return language


def parse_tldr_max_papers(raw: str) -> int:
    """How many papers a run summarises at most."""
    return parse_count(
        raw, MAX_TLDR_PAPERS, DEFAULT_TLDR_MAX_PAPERS, "new papers a run summarises at most"
    )


def parse_batch_tokens(raw: str) -> int:
    """The estimated input tokens of one TL;DR request at most."""
    text = raw.strip()
    if not text:
        return DEFAULT_TLDR_BATCH_TOKENS
    if not re.fullmatch(r"\+?\d{1,9}", text) or not (
        MIN_BATCH_TOKENS <= int(text) <= MAX_BATCH_TOKENS
    ):
        raise InvalidValue(
            f"'{raw}' is not a whole number from {MIN_BATCH_TOKENS} to {MAX_BATCH_TOKENS}; "
            "set the input tokens one request may hold, for example "
            f"{DEFAULT_TLDR_BATCH_TOKENS}"
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
