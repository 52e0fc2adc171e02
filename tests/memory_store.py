"""A README store in memory, for tests of the engine that need no HTTP or disk."""

from __future__ import annotations

from collections.abc import Mapping

from dailypapers.errors import StaleReadmeError
from dailypapers.storage import StoredReadme


class MemoryStore:
    """Holds the README and other files; loses ``conflicts`` races before accepting a write."""

    location = "memory"

    def __init__(self, text: str | None, conflicts: int = 0) -> None:
        self.text = text
        self.conflicts = conflicts
        self.files: dict[str, str] = {}
        self.writes: list[str] = []
        self.messages: list[str] = []

    def read(self) -> StoredReadme | None:
        return None if self.text is None else StoredReadme(self.text, str(len(self.writes)))

    def read_file(self, path: str) -> str | None:
        return self.files.get(path)

    def changed_files(self, files: Mapping[str, str]) -> dict[str, str]:
        return {path: text for path, text in files.items() if self.files.get(path) != text}

    def write(
        self,
        text: str,
        base: StoredReadme | None,
        message: str,
        companions: Mapping[str, str] | None = None,
    ) -> str | None:
        if self.conflicts:
            self.conflicts -= 1
            raise StaleReadmeError("changed")
        self.text = text
        self.files.update(companions or {})
        self.writes.append(text)
        self.messages.append(message)
        return f"sha{len(self.writes)}"
