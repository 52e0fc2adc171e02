"""The local command's flags, made from the inputs' declarations: one flag per input that has
one, and ``--readme``; and the text of each flag given, by its input's name, as the action's
inputs read."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dailypapers.config.inputs import LOCAL_INPUTS, SECTION_SOURCES

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
        shown = f" ({spec.default})" if spec.default and spec.kind == "text" else ""
        group.add_argument(
            str(spec.flag), dest=spec.name, help=spec.help + shown, **_ARGPARSE_KINDS[spec.kind]
        )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version}")
    return parser


def local_values(arguments: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """The keywords, and each flag's text by its input name from parsed arguments: a repeated
    flag's one a line, as the action's input reads; a switch's only when it is given."""
    given = vars(arguments)
    raw = {s.name: given[s.name] for s in LOCAL_INPUTS if s.kind == "text"}
    raw |= {s.name: "\n".join(given[s.name]) for s in LOCAL_INPUTS if s.kind == "repeated"}
    raw |= {s.name: "true" for s in LOCAL_INPUTS if s.kind == "switch" and given[s.name]}
    return list(given["keywords"]), raw
