"""The checks across inputs valid on their own (an invalid one is missing from ``values``, and
the checks that need it are skipped): arXiv's pause, extra files over files the run reads, a
GitHub token as the model's key, relevance without a model or seeds. Each notes its problem under
the label of the input to change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from dailypapers.config.service_values import GITHUB_TOKEN_AS_KEY
from dailypapers.config.values import ARXIV_MIN_INTERVAL, Problems
from dailypapers.domain.section import Section


def check_politeness(problems: Problems, labels: Mapping[str, str], values: dict[str, Any]) -> None:
    """A pause below arXiv's three seconds, against arXiv's own API."""
    url, interval = values.get("arxiv-api-url"), values.get("request-interval")
    if url is None or interval is None:
        return
    host = urlsplit(url).hostname or ""
    if (host == "arxiv.org" or host.endswith(".arxiv.org")) and interval < ARXIV_MIN_INTERVAL:
        problems.add(
            labels["request-interval"],
            f"{interval:g} s is below the {ARXIV_MIN_INTERVAL:g} s arXiv asks for between "
            "requests; use 3 or more against arXiv's own API",
        )


def check_tldr(
    problems: Problems,
    labels: Mapping[str, str],
    values: dict[str, Any],
    github_tokens: Sequence[str],
) -> None:
    """A GitHub token as the model's key, and a relevance rating with no model named."""
    tokens = {token.strip() for token in github_tokens if token.strip()}
    if values.get("summary-api-key") in tokens:
        problems.add(labels["summary-api-key"], GITHUB_TOKEN_AS_KEY)
    if values.get("summary-rates-relevance") and values.get("summary-model") == "":
        problems.add(
            labels["summary-rates-relevance"],
            "the relevance rating comes from the TL;DR model, and none is named; set "
            "summary-model (with summary-api-url and summary-api-key), or set this to false",
        )


def check_relevance(
    problems: Problems, labels: Mapping[str, str], sections: Sequence[Section]
) -> None:
    """A Relevance column or a min-relevance the keywords' sections have no seeds for."""
    problem = sections[0].relevance_problem() if sections else None
    if problem:
        asked = "min-relevance" if sections[0].min_relevance is not None else "columns"
        problems.add(labels[asked], problem)


def check_extra_files(
    problems: Problems,
    labels: Mapping[str, str],
    values: dict[str, Any],
    reads: Mapping[str, str],
    resolve: Callable[[str], str],
) -> None:
    """A problem for each extra file that would be, go through or hold a file the run reads
    (``reads``: what each is, by its path, such as the README); paths compared as ``resolve``
    makes them."""
    for name, own in (("papers-file", "papers file its own path, such as papers.json"),
                      ("feeds-dir", "feeds their own folder, such as feeds")):  # fmt: skip
        target: str = values.get(name) or ""
        for what, source in reads.items() if target else ():
            path, read = resolve(target), resolve(source) if source.strip() else None
            if path == read:
                problem = f"is {what} itself; give the {own}"
            elif read and path.startswith(read + "/"):
                problem = f"goes through {what} ('{source}'), a file; give a path that does not"
            elif read and name == "feeds-dir" and read.startswith(path + "/"):
                problem = f"holds {what} ('{source}'), which a feed could overwrite; give the {own}"
            else:
                continue
            problems.add(labels[name], f"'{target}' {problem}")
