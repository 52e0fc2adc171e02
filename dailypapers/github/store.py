"""The README on GitHub: read through the API and committed back with optimistic concurrency.

No checkout is needed: the file is read with the contents API (or, above 1 MB, where that API
returns no content, through the Git blobs API) and written with one commit that names the blob sha
that was read, so that a concurrent change makes GitHub refuse the write instead of losing it.
With extra files (feeds, the papers file, the pages of older papers) the commit is made through the
Git Data API, all files in one commit, which also deletes those given no text (see
:mod:`dailypapers.github.commit`).
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import time
from collections.abc import Callable, Mapping
from typing import Any

from github import GithubException
from github.ContentFile import ContentFile
from github.Repository import Repository

from dailypapers.domain.errors import RetryableWriteError, StoreError
from dailypapers.domain.interfaces import StoredReadme
from dailypapers.domain.text import decode_readme, fold
from dailypapers.github.api import (
    MAX_RATE_LIMIT_WAIT,
    github_answer,
    github_failures,
    github_message,
    is_empty_repository,
    is_missing_ref,
    is_rule_refusal,
    rate_limit_wait,
    undocumented_answer,
)
from dailypapers.github.commit import BOT, commit_files

# How long a write GitHub failed with a server error waits before the run makes it again.
SERVER_ERROR_WAIT = 5.0
_PERMISSION_HINT = (
    "give the workflow write access to the repository: add 'permissions: contents: write' to the "
    "workflow or the job, or pass a github-token that may push to it"
)


class GitHubReadmeStore:
    """One README in one repository, on one branch (the default branch when none is given)."""

    def __init__(
        self,
        repository: Repository,
        name: str,
        readme_path: str,
        branch: str | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.name = name
        self.readme_path = readme_path
        self.branch = branch
        self.location = f"{name}:{readme_path}" + (f"@{branch}" if branch else "")
        self.repository = repository
        self._clock = clock
        self._sleep = sleep

    def read(self) -> StoredReadme | None:
        return self._read(self.readme_path, self.location)

    def read_file(self, path: str) -> str | None:
        found = self._read(path, f"{self.name}:{path}")
        return None if found is None else found.text

    def _read(self, path: str, location: str) -> StoredReadme | None:
        doing = f"reading {location}"
        arguments = self._ref_arguments()
        try:
            with github_failures(doing, StoreError):
                with github_answer(doing, StoreError):
                    found = self.repository.get_contents(path, **arguments)
                if isinstance(found, list):
                    raise StoreError(f"{location} is a folder; give the path of a file in it")
                data = self._content_bytes(found, doing)
        except GithubException as error:
            if error.status == 404 and not is_missing_ref(error):
                self._check_repository_visible(error)
                return None
            raise self._error("read", error, location) from error
        return StoredReadme(decode_readme(data, location), found.sha)

    def _content_bytes(self, found: ContentFile, doing: str) -> bytes:
        if not isinstance(found.sha, str):
            raise StoreError(undocumented_answer(doing, "a file without a sha"))
        with github_answer(doing, StoreError):
            if found.encoding == "base64":
                return found.decoded_content
            # Files over 1 MB come without content from the contents API: fetch the blob instead.
            return base64.b64decode(self.repository.get_git_blob(found.sha).content)

    def _check_repository_visible(self, error: GithubException) -> None:
        """A 404 is a missing README (or an empty repository) only if the repository can be seen."""
        if is_empty_repository(error):
            return
        doing = f"looking for {self.name}"
        try:
            with github_failures(doing, StoreError), github_answer(doing, StoreError):
                self.repository.update()
        except GithubException as repository_error:
            raise StoreError(
                f"cannot see the repository {self.name} "
                f"({repository_error.status}: {github_message(repository_error)}); "
                "check GITHUB_REPOSITORY and that the token may read it",
                status=repository_error.status,
            ) from error

    def changed_files(self, files: Mapping[str, str]) -> dict[str, str]:
        """Compares blob shas from one folder listing per folder: no file is downloaded."""
        folders: dict[str, dict[str, str]] = {}
        for path, text in files.items():
            folders.setdefault(posixpath.dirname(path), {})[path] = text
        changed: dict[str, str] = {}
        for folder, texts in folders.items():
            stored = self._folder_shas(folder)
            changed |= {
                path: text
                for path, text in texts.items()
                if stored.get(path) != _blob_sha(text.encode("utf-8"))
            }
        return changed

    def _folder_shas(self, folder: str) -> dict[str, str]:
        doing = f"listing {folder}/"
        arguments = self._ref_arguments()
        try:
            with github_failures(doing, StoreError), github_answer(doing, StoreError):
                listing = self.repository.get_contents(folder, **arguments)
        except GithubException as error:
            if error.status == 404:
                return {}
            raise self._error("read", error, f"{self.name}:{folder}/") from error
        entries = listing if isinstance(listing, list) else [listing]
        return {entry.path: entry.sha for entry in entries if entry.type == "file"}

    def _ref_arguments(self) -> dict[str, str]:
        return {"ref": self.branch} if self.branch else {}

    def write(
        self,
        text: str,
        base: StoredReadme | None,
        message: str,
        extra_files: Mapping[str, str | None] | None = None,
    ) -> str | None:
        doing = f"writing {self.location}"
        try:
            with github_failures(doing, StoreError):
                if extra_files:
                    return self._commit_files(text, base, message, extra_files)
                return self._write_readme(text, base, message)
        except GithubException as error:
            refusal, wait = self._write_refusal(error, self._clock())
            if wait:
                self._sleep(wait)
            raise refusal from error

    def _write_refusal(self, error: GithubException, now: float) -> tuple[StoreError, float]:
        """What a refused write means, and how long to wait before the run makes it again: a
        rate limit that passes soon enough is waited out, a server error briefly."""
        status = error.status
        if is_rule_refusal(error):
            return StoreError(
                f"the branch of {self.location} is protected: GitHub refused the commit "
                f"({status}: {fold(github_message(error))}); write to an "
                "unprotected branch with the branch input, or pass a github-token that may "
                "bypass its rules",
                status=status,
            ), 0.0
        # 409: the sha we read is no longer the file's; 422: the file appeared after we read,
        # or, for a Git Data commit, the branch moved ("not a fast forward").
        if status in {409, 422}:
            return RetryableWriteError(
                f"{self.location} changed since it was read ({status}: {github_message(error)})",
                status=status,
            ), 0.0
        wait = rate_limit_wait(error, now)
        if wait is None and status >= 500:
            return RetryableWriteError(
                f"GitHub failed the write ({status}: {fold(github_message(error))})",
                status=status,
            ), SERVER_ERROR_WAIT
        if wait is None:
            return self._error("write", error), 0.0
        if wait > MAX_RATE_LIMIT_WAIT:
            return StoreError(
                f"GitHub rate-limited the token while writing {self.location}, for "
                f"{wait / 60:.0f} more minutes; nothing was written, the next run will try again",
                status=status,
            ), 0.0
        return RetryableWriteError(
            f"GitHub rate-limited the write; waited {wait:.0f} s", status=status
        ), wait

    def _write_readme(self, text: str, base: StoredReadme | None, message: str) -> str:
        path = self.readme_path
        arguments: dict[str, Any] = {"committer": BOT, "author": BOT}
        if self.branch:
            arguments["branch"] = self.branch
        with github_answer(f"writing {self.location}", StoreError):
            if base is None:
                result = self.repository.create_file(path, message, text, **arguments)
            else:
                result = self.repository.update_file(
                    path, message, text, base.revision, **arguments
                )
        return str(result["commit"].sha)

    def _commit_files(
        self,
        text: str,
        base: StoredReadme | None,
        message: str,
        extra_files: Mapping[str, str | None],
    ) -> str:
        files = dict(extra_files)
        if base is None or base.text != text:
            files[self.readme_path] = text
        sha = commit_files(
            self.repository, self.branch, self.readme_path, base, message, files, self.location
        )
        # An empty repository has no branch to build on: its first commit is the README alone,
        # and the extra files follow on the next run, which finds them missing. A missing
        # branch fails there with the contents API's message.
        return sha if sha is not None else self._write_readme(text, base, message)

    def _branch_name(self) -> str:
        """The branch written to: the branch input, else the repository's default branch."""
        if self.branch:
            return self.branch
        try:
            return str(self.repository.default_branch)
        except GithubException:
            return "default"

    def _error(
        self, action: str, error: GithubException, location: str | None = None
    ) -> StoreError:
        location = location or self.location
        message, status = github_message(error), error.status
        if is_missing_ref(error):
            return StoreError(
                f"the branch '{self._branch_name()}' does not exist in "
                f"{self.name}; "
                "create it, or leave the branch input empty for the default branch",
                status=status,
            )
        if rate_limit_wait(error, self._clock()) is not None:
            return StoreError(
                f"GitHub rate-limited the token while it tried to {action} {location} "
                f"({status}: {message}); the next run will try again",
                status=status,
            )
        if status == 401:
            return StoreError(
                f"GitHub rejected the token (401: {message}); pass a valid github-token",
                status=status,
            )
        if status == 403 or (status == 404 and action == "write"):
            return StoreError(
                f"GitHub refused to let the token {action} {location} "
                f"({status}: {message}); {_PERMISSION_HINT}",
                status=status,
            )
        return StoreError(
            f"GitHub could not {action} {location} ({status}: {message})", status=status
        )


def _blob_sha(data: bytes) -> str:
    """The sha Git gives a file's content, which the contents API lists."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
