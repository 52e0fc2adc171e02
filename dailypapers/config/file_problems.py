"""Where each key of the config file is written, and the problems found in it, each reported
with its line and key (``.github/daily-papers.toml line 7: [[section]] 1 'query': ...``), so that
the action can annotate the file."""

from __future__ import annotations

import difflib
import re

from dailypapers.config.values import Problems

_SECTION_HEADER = re.compile(r"\[\[\s*(\"?)section\1\s*\]\]")
_KEY_LINE = re.compile(r"""(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


class FileProblems(Problems):
    """The problems of one file, each prefixed with where it is: the line of its key, or of its
    ``[[section]]`` header (sections by index, None: the top of the file)."""

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path)
        self._keys: dict[int | None, dict[str, int]] = {None: {}}
        self._headers: dict[int | None, int] = {}
        current: dict[str, int] | None = self._keys[None]
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if _SECTION_HEADER.match(stripped):
                current = self._keys[len(self._headers)] = {}
                self._headers[len(self._headers)] = number
            elif stripped.startswith("["):
                current = None
            elif current is not None and (match := _KEY_LINE.match(stripped)):
                current.setdefault(next(group for group in match.groups() if group), number)

    def at(self, section: int | None, key: str | None, message: str) -> None:
        line = self._keys.get(section, {}).get(key or "") or self._headers.get(section)
        scope = f"[[section]] {section + 1}" if section is not None else ""
        label = " ".join(part for part in (scope, f"'{key}'" if key else "") if part)
        place = f"{self.file} line {line}" if line else str(self.file)
        self.add(f"{place}: {label}" if label else place, message, line)

    def unknown_key(self, section: int | None, key: str, known: tuple[str, ...]) -> None:
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        self.at(section, key, f"unknown key; {hint}")
