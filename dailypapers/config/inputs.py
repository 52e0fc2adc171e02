"""Every input of a run, declared once.

An input has one name (the action's, in action.yml), and the local command's flag where it has
one; the local command's argument parser and the action's list of inputs are both derived from
:data:`INPUTS`, and so are the labels problems are reported under (``input 'max-papers'`` or
``--max-papers``).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Input:
    """One input: its name in action.yml, what it does, and the local command's flag if any."""

    name: str
    help: str
    flag: str | None = None
    kind: Literal["text", "repeated", "switch"] = "text"


INPUTS = (
    Input("keywords", "a keyword; repeat for more", "--keyword", "repeated"),
    Input("config-file", "a TOML file defining the sections instead", "--config-file"),
    Input("max-papers", "papers kept per keyword (100)", "--max-papers"),
    Input(
        "max-readme-bytes",
        "the README's size at most (500000); older rows go to pages beside it",
        "--max-readme-bytes",
    ),
    Input("categories", "arXiv archives/categories, e.g. cs,stat", "--categories"),
    Input(
        "primary-only",
        "categories looks at each paper's primary category only (leaves cross-lists out)",
        "--primary-only",
        "switch",
    ),
    Input("columns", "the table's columns, e.g. Title,Date,Abstract,Comment,Code", "--columns"),
    Input(
        "keyword-match",
        "auto, title-or-abstract or title-and-abstract (auto: a one-word keyword in both)",
        "--keyword-match",
    ),
    Input(
        "seed-papers",
        "arXiv ids of papers you care about, scoring each paper's relevance",
        "--seed-papers",
    ),
    Input("seed-bibtex", "a BibTeX file of papers you care about (Zotero...)", "--seed-bibtex"),
    Input("interests", "a few sentences on what you care about", "--interests"),
    Input("min-relevance", "drop papers scored below this (0 to 1)", "--min-relevance"),
    Input("readme-path", "the README's path in the repository"),
    Input("branch", "the branch to commit to"),
    Input("github-token", "the token that reads and commits the README"),
    Input("commit-message", "the commit message"),
    Input("feeds-dir", "also write an Atom feed per section here", "--feeds-dir"),
    Input("papers-file", "also write every paper to this JSON", "--papers-file"),
    Input(
        "site-dir", "also write a searchable web page of every paper into this folder", "--site-dir"
    ),
    Input("open-issue", "announce new papers in the day's issue"),
    Input("issue-labels", "labels of that issue"),
    Input(
        "notify",
        "send what is new to this Apprise URL (mailto://, slack://...); repeat for more",
        "--notify",
        "repeated",
    ),
    Input("dry-run", "report, but write nothing", "--dry-run", "switch"),
    Input("arxiv-api-url", "the arXiv API query endpoint", "--arxiv-url"),
    Input("request-interval", "seconds between requests (3)", "--request-interval"),
    Input("time-zone", "the IANA time zone of the Last update date (UTC)", "--time-zone"),
    Input("summary-model", "write TL;DRs with this model, e.g. gpt-4.1-mini", "--summary-model"),
    Input(
        "summary-api-url",
        "the OpenAI-compatible API of the model, e.g. https://api.openai.com/v1",
        "--summary-api-url",
    ),
    Input("summary-api-key", "the key of that API"),
    Input("summary-language", "the language of the TL;DRs (English)", "--summary-language"),
    Input("summary-max-papers", "TL;DRs written at most per run (50)", "--summary-max-papers"),
    Input(
        "summary-batch-tokens",
        "estimated input tokens of one TL;DR request at most (4000)",
        "--summary-batch-tokens",
    ),
    Input(
        "summary-rates-relevance",
        "the TL;DR model also rates each new paper's relevance, which the Relevance column shows",
        "--summary-rates-relevance",
        "switch",
    ),
)
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
_ARGPARSE_KINDS: dict[str, dict[str, Any]] = {
    "text": {"default": ""},
    "repeated": {"action": "append", "default": []},
    "switch": {"action": "store_true"},
}


def local_parser(version: str) -> argparse.ArgumentParser:
    """The local command's arguments: ``--readme`` and one flag per input that has one."""
    parser = argparse.ArgumentParser(
        prog="daily-papers",
        description="Merge the newest arXiv papers for each keyword into a README's tables.",
    )
    parser.add_argument("--readme", required=True, type=Path, help="the README to update")
    section_sources = parser.add_mutually_exclusive_group(required=True)
    for spec in LOCAL_INPUTS:
        group = section_sources if spec.name in SECTION_SOURCES else parser
        group.add_argument(
            str(spec.flag), dest=spec.name, help=spec.help, **_ARGPARSE_KINDS[spec.kind]
        )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version}")
    return parser


def local_values(arguments: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The keywords and every other flag's text by its input name, from parsed arguments."""
    given = vars(arguments)
    raw = {spec.name: given[spec.name] for spec in LOCAL_INPUTS if spec.kind == "text"}
    # A repeated flag reads as the action's input does: one value a line.
    repeated = [s.name for s in LOCAL_INPUTS if s.kind == "repeated" and s.name != "keywords"]
    raw |= {name: "\n".join(given[name]) for name in repeated}
    switches = [spec.name for spec in LOCAL_INPUTS if spec.kind == "switch"]
    raw |= {name: "true" for name in switches if given[name]}
    return list(given["keywords"]), raw
