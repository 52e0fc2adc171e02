"""The GitHub Actions runner's interface: inputs, workflow commands, outputs and the job summary.

Kept apart from everything else so that the engine never prints workflow commands itself and the
escaping rules of the runner live in one place.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

# GitHub refuses step summaries over 1 MiB.
SUMMARY_LIMIT = 1024 * 1024


def input_variable(name: str) -> str:
    """The environment variable the runner sets for an input: upper case, spaces to ``_``."""
    return "INPUT_" + name.replace(" ", "_").upper()


def read_inputs(names: tuple[str, ...], env: Mapping[str, str]) -> dict[str, str]:
    """Each declared input's value, empty when unset (as the runner passes inputs lacking one)."""
    return {name: env.get(input_variable(name), "") for name in names}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


# Secrets shorter than this are not searched for in what is written: they would blank out
# ordinary words (the runner's mask still covers them).
MIN_SCRUBBED_LENGTH = 4


class Scrubber:
    """Writes each secret, and each line of one that holds a line break, as ``***`` in any
    text, the longest first: the workflow's files and log, and the terminal, pass what they
    write through one."""

    def __init__(self, secrets: Sequence[str] = ()) -> None:
        parts = {part.strip() for secret in secrets for part in (secret, *secret.splitlines())}
        long_enough = (part for part in parts if len(part) >= MIN_SCRUBBED_LENGTH)
        self._secrets = sorted(long_enough, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


class Workflow:
    """Writes workflow commands to the log and files the runner reads after the step.

    Every text it writes passes through :meth:`scrub` first, which removes the ``secrets`` (the
    token, the TL;DR key, each notify URL and the credentials in it), so that no secret reaches
    the log, the outputs or the summary however it got into a message: by construction, not by
    the runner's mask alone.
    """

    def __init__(self, stream: TextIO, env: Mapping[str, str], secrets: Sequence[str] = ()) -> None:
        self.stream = stream
        self.env = env
        self.scrub = Scrubber(secrets)

    def _write(self, line: str) -> None:
        self.stream.write(self.scrub(line) + "\n")
        self.stream.flush()

    def command(self, name: str, message: str = "", **properties: str) -> None:
        rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
        self._write(f"::{name}{' ' + rendered if rendered else ''}::{escape_data(message)}")

    def log(self, message: str) -> None:
        self._write(message)

    def error(self, message: str, title: str | None = None) -> None:
        self.command("error", message, **({"title": title} if title else {}))

    def warning(self, message: str, title: str | None = None) -> None:
        self.command("warning", message, **({"title": title} if title else {}))

    def notice(self, message: str) -> None:
        self.command("notice", message)

    def mask(self, secret: str) -> None:
        """Asks the runner to mask the secret in what others print; written as it is, once."""
        for part in {secret.strip(), *secret.strip().splitlines()}:
            if part:
                self.stream.write(f"::add-mask::{escape_data(part)}\n")
        self.stream.flush()

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        self.command("group", title)
        try:
            yield
        finally:
            self.command("endgroup")

    def set_outputs(self, outputs: Mapping[str, str]) -> None:
        """Append outputs to ``$GITHUB_OUTPUT``; multi-line values with an unguessable delimiter."""
        path = self.env.get("GITHUB_OUTPUT")
        if not path:
            return
        with Path(path).open("a", encoding="utf-8") as stream:
            for name, value in outputs.items():
                value = self.scrub(value)
                if "\n" in value or "\r" in value:
                    delimiter = _delimiter(value)
                    stream.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
                else:
                    stream.write(f"{name}={value}\n")

    def add_summary(self, markdown: str) -> None:
        """Append Markdown to ``$GITHUB_STEP_SUMMARY``, cut to fit GitHub's limit."""
        path = self.env.get("GITHUB_STEP_SUMMARY")
        if not path:
            return
        summary = Path(path)
        room = SUMMARY_LIMIT - (summary.stat().st_size if summary.exists() else 0)
        data = self.scrub(markdown).encode("utf-8")
        if len(data) > room:
            note = b"\n\n*(cut to fit GitHub's 1 MiB summary limit)*\n"
            data = data[: max(0, room - len(note))].decode("utf-8", "ignore").encode() + note
        with summary.open("ab") as stream:
            stream.write(data)


def _delimiter(value: str) -> str:
    while True:
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        if delimiter not in value:
            return delimiter
