"""The local command's README store: the file of ``--readme``, and the files beside it.

It fits :class:`~dailypapers.domain.interfaces.ReadmeStore`, as the GitHub store in
:mod:`dailypapers.github.store` does, so that the run pipeline runs unchanged on a local file and
on a repository.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from dailypapers.domain.errors import RetryableWriteError, StoreError
from dailypapers.domain.interfaces import StoredReadme
from dailypapers.domain.text import decode_readme

NEW_FILE_MODE = 0o644


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from error


class LocalReadmeStore:
    """A README file on disk, replaced atomically so that an interrupted run leaves it whole."""

    def __init__(self, path: Path, root: Path | None = None) -> None:
        self.path = path
        # Other files, such as the pages beside the README, are found from its folder.
        self.root = path.parent if root is None else root
        self.location = str(path)

    def read(self) -> StoredReadme | None:
        data = _read_bytes(self.path)
        return (
            None
            if data is None
            else StoredReadme(decode_readme(data, self.location), _digest(data))
        )

    def read_file(self, path: str) -> str | None:
        """A file by its path relative to ``root``, the README's folder unless another is given
        (an absolute path stands as it is)."""
        data = _read_bytes(self.root / path)
        return None if data is None else decode_readme(data, path)

    def changed_files(self, files: Mapping[str, str]) -> dict[str, str]:
        return {path: text for path, text in files.items() if self.read_file(path) != text}

    def write(
        self,
        text: str,
        base: StoredReadme | None,
        message: str,
        extra_files: Mapping[str, str | None] | None = None,
    ) -> str | None:
        current = self.read()
        if (current.revision if current else None) != (base.revision if base else None):
            raise RetryableWriteError(f"{self.path} changed while the papers were being fetched")
        # The README after the files it links, and before the pages it no longer links are
        # deleted: an interrupted run leaves every row it had on it or on a page it links.
        files = extra_files or {}
        for path, extra_text in files.items():
            if extra_text is not None:
                _replace_file(self.root / path, extra_text.encode("utf-8"))
        if current is None or current.text != text:
            _replace_file(self.path, text.encode("utf-8"))
        for path in (path for path, extra_text in files.items() if extra_text is None):
            _delete_file(self.root / path)
        return None


def _delete_file(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise StoreError(f"cannot delete {path}: {error.strerror}") from error


def _replace_file(path: Path, data: bytes) -> None:
    """Writes ``path`` whole or not at all, keeping the mode of the file it replaces; a link is
    written through, to the file it points to, and stays a link."""
    if path.is_symlink():
        path = path.resolve()
    mode = path.stat().st_mode & 0o7777 if path.exists() else NEW_FILE_MODE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".daily-papers-")
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise StoreError(f"cannot write {path}: {error.strerror}") from error
