"""Where each key of the config file is written, and the problems found in it, each reported
with its line and key (``.github/daily-papers.toml line 7: [[section]] 1 'query': ...``), so that
the action can annotate the file."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from dailypapers.domain.errors import ConfigError

_SECTION_HEADER = re.compile(r"\[\[\s*(\"?)section\1\s*\]\]")
_KEY_LINE = re.compile(r"""(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


@dataclass(frozen=True, slots=True)
class KeyLines:
    """Where each key is written: line numbers of the top-level keys and of each section's."""

    top: dict[str, int]
    sections: list[dict[str, int]]
    section_lines: list[int]

    @classmethod
    def find(cls, text: str) -> KeyLines:
        top: dict[str, int] = {}
        sections: list[dict[str, int]] = []
        section_lines: list[int] = []
        current: dict[str, int] | None = top
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if _SECTION_HEADER.match(stripped):
                current = {}
                sections.append(current)
                section_lines.append(number)
            elif stripped.startswith("["):
                current = None
            elif current is not None and (match := _KEY_LINE.match(stripped)):
                current.setdefault(next(group for group in match.groups() if group), number)
        return cls(top, sections, section_lines)


class FileProblems:
    """Collects the problems of one file, each prefixed with where it is."""

    def __init__(self, path: str, lines: KeyLines) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[str] = []
        self.problem_lines: list[int | None] = []

    def line(self, section: int | None, key: str | None) -> int | None:
        keys = self.lines.top if section is None else self._section_lines(section)
        return keys.get(key or "") or (
            self.lines.section_lines[section]
            if section is not None and section < len(self.lines.section_lines)
            else None
        )

    def where(self, section: int | None, key: str | None) -> str:
        line = self.line(section, key)
        place = f"{self.path} line {line}" if line else self.path
        scope = f"[[section]] {section + 1}" if section is not None else ""
        label = f"'{key}'" if key else ""
        return ": ".join(part for part in (place, " ".join(filter(None, (scope, label)))) if part)

    def _section_lines(self, section: int) -> dict[str, int]:
        return self.lines.sections[section] if section < len(self.lines.sections) else {}

    def add(self, section: int | None, key: str | None, message: str) -> None:
        self.problems.append(f"{self.where(section, key)}: {message}")
        self.problem_lines.append(self.line(section, key))

    def error(self) -> ConfigError:
        return ConfigError(self.problems, self.path, self.problem_lines)

    def unknown_key(self, section: int | None, key: str, known: tuple[str, ...]) -> None:
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        self.add(section, key, f"unknown key; {hint}")
