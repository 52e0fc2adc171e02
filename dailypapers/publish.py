"""The README on GitHub: read through the API and committed back with optimistic concurrency.

No checkout is needed: the file is read with the contents API (or, above 1 MB, where that API
returns no content, through the Git blobs API) and written with one commit that names the blob sha
that was read, so that a concurrent change makes GitHub refuse the write instead of losing it.
With other files (feeds, the papers file) the commit is made through the Git Data API, all files
in one commit, on top of a head whose README is still the one read, and the branch moves only if
nothing else landed meanwhile.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
from collections.abc import Mapping
from typing import Any

import requests
from github import (
    Auth,
    Github,
    GithubException,
    GithubRetry,
    InputGitAuthor,
    InputGitTreeElement,
)
from github.ContentFile import ContentFile
from github.Repository import Repository
from urllib3.util.retry import Retry

from dailypapers import __version__
from dailypapers.config import GitHubSettings
from dailypapers.errors import PublishError, StaleReadmeError
from dailypapers.storage import StoredReadme, decode_readme

BOT = InputGitAuthor("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
_PERMISSION_HINT = (
    "give the workflow write access to the repository: add 'permissions: contents: write' to the "
    "workflow or the job, or pass a github-token that may push to it"
)


def default_retry() -> Retry:
    """Retries of 5xx and rate-limited 403 answers, with backoff, never waiting over 5 minutes."""
    return GithubRetry(total=5, backoff_factor=1.0, max_rate_limit_wait=300)


def github_repository(
    settings: GitHubSettings, retry: Retry | None, pace_requests: bool, timeout: int
) -> Repository:
    """The repository, through a PyGithub client that makes no call until one is needed."""
    client = Github(
        auth=Auth.Token(settings.token),
        base_url=settings.api_url,
        user_agent=f"daily-papers/{__version__}",
        timeout=timeout,
        retry=retry if retry is not None else default_retry(),
        # PyGithub's own pacing between calls; tests against a local emulator turn it off.
        seconds_between_requests=0.25 if pace_requests else None,
        seconds_between_writes=1.0 if pace_requests else None,
        # No call to fetch the repository itself: contents and commits need only its name.
        lazy=True,
    )
    return client.get_repo(settings.repository)


class GitHubReadmeStore:
    """One README in one repository, on one branch (the default branch when none is given)."""

    def __init__(
        self,
        settings: GitHubSettings,
        *,
        retry: Retry | None = None,
        pace_requests: bool = True,
        timeout: int = 30,
    ) -> None:
        self.settings = settings
        self.location = f"{settings.repository}:{settings.readme_path}" + (
            f"@{settings.branch}" if settings.branch else ""
        )
        self._repository = github_repository(settings, retry, pace_requests, timeout)

    def _branch_arguments(self) -> dict[str, str]:
        return {"branch": self.settings.branch} if self.settings.branch else {}

    def read(self) -> StoredReadme | None:
        return self._read(self.settings.readme_path, self.location)

    def read_file(self, path: str) -> str | None:
        found = self._read(path, f"{self.settings.repository}:{path}")
        return None if found is None else found.text

    def _read(self, path: str, location: str) -> StoredReadme | None:
        try:
            found = self._repository.get_contents(path, **self._ref_arguments())
            if isinstance(found, list):
                raise PublishError(f"{location} is a folder; give the path of a file in it")
            data = self._content_bytes(found)
        except GithubException as error:
            if error.status == 404 and not error_message(error).startswith("No commit found"):
                self._check_repository_visible(error)
                return None
            raise self._error("read", error, location) from error
        except requests.exceptions.RetryError as error:
            raise PublishError(f"GitHub kept failing while reading {location}: {error}") from error
        return StoredReadme(decode_readme(data, location), found.sha)

    def _content_bytes(self, found: ContentFile) -> bytes:
        if found.encoding == "base64":
            return found.decoded_content
        # Files over 1 MB come without content from the contents API: fetch the blob instead.
        blob = self._repository.get_git_blob(found.sha)
        return base64.b64decode(blob.content)

    def _check_repository_visible(self, error: GithubException) -> None:
        """A 404 is a missing README (or an empty repository) only if the repository can be seen."""
        if error_message(error) == "This repository is empty.":
            return
        try:
            self._repository.update()
        except GithubException as repository_error:
            raise PublishError(
                f"cannot see the repository {self.settings.repository} "
                f"({repository_error.status}: {error_message(repository_error)}); "
                "check GITHUB_REPOSITORY and that the token may read it"
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
        try:
            listing = self._repository.get_contents(folder, **self._ref_arguments())
        except GithubException as error:
            if error.status == 404:
                return {}
            raise self._error("read", error, f"{self.settings.repository}:{folder}/") from error
        except requests.exceptions.RetryError as error:
            raise PublishError(f"GitHub kept failing while listing {folder}/: {error}") from error
        entries = listing if isinstance(listing, list) else [listing]
        return {entry.path: entry.sha for entry in entries if entry.type == "file"}

    def _ref_arguments(self) -> dict[str, str]:
        return {"ref": self.settings.branch} if self.settings.branch else {}

    def write(
        self,
        text: str,
        base: StoredReadme | None,
        message: str,
        companions: Mapping[str, str] | None = None,
    ) -> str | None:
        try:
            if companions:
                return self._commit_files(text, base, message, companions)
            return self._write_readme(text, base, message)
        except GithubException as error:
            # 409: the sha we read is no longer the file's; 422: the file appeared after we read,
            # or, for a Git Data commit, the branch moved ("not a fast forward").
            if error.status in {409, 422}:
                raise StaleReadmeError(
                    f"{self.location} changed since it was read "
                    f"({error.status}: {error_message(error)})"
                ) from error
            raise self._error("write", error) from error
        except requests.exceptions.RetryError as error:
            raise PublishError(
                f"GitHub kept failing while writing {self.location}: {error}"
            ) from error

    def _write_readme(self, text: str, base: StoredReadme | None, message: str) -> str:
        path = self.settings.readme_path
        arguments: dict[str, Any] = {"committer": BOT, "author": BOT, **self._branch_arguments()}
        if base is None:
            result = self._repository.create_file(path, message, text, **arguments)
        else:
            result = self._repository.update_file(path, message, text, base.version, **arguments)
        return str(result["commit"].sha)

    def _commit_files(
        self, text: str, base: StoredReadme | None, message: str, companions: Mapping[str, str]
    ) -> str:
        branch = self.settings.branch or self._repository.default_branch
        ref = self._repository.get_git_ref(f"heads/{branch}")
        try:
            head_sha = ref.object.sha  # the client is lazy: this is where the ref is fetched
        except GithubException as error:
            if error.status not in {404, 409}:
                raise
            # An empty repository (409) has no branch to build on: its first commit is the
            # README alone, and the other files follow on the next run, which finds them
            # missing. A missing branch (404) fails there with the contents API's message.
            return self._write_readme(text, base, message)
        head = self._repository.get_git_commit(head_sha)
        readme = self.settings.readme_path
        try:
            found = self._repository.get_contents(readme, ref=head.sha)
            at_head = None if isinstance(found, list) else found.sha
        except GithubException as error:
            if error.status != 404:
                raise
            at_head = None
        if at_head != (base.version if base else None):
            raise StaleReadmeError(f"{self.location} changed since it was read")
        files = dict(companions)
        if base is None or base.text != text:
            files[readme] = text
        tree = self._repository.create_git_tree(
            [
                InputGitTreeElement(path, "100644", "blob", content=content)
                for path, content in sorted(files.items())
            ],
            base_tree=head.tree,
        )
        commit = self._repository.create_git_commit(
            message, tree, [head], author=BOT, committer=BOT
        )
        # Not forced: GitHub refuses (422) if the branch moved since `head` was read.
        ref.edit(commit.sha, force=False)
        return str(commit.sha)

    def _error(
        self, action: str, error: GithubException, location: str | None = None
    ) -> PublishError:
        location = location or self.location
        message = error_message(error)
        if error.status == 404 and message.startswith("No commit found"):
            return PublishError(
                f"the branch '{self.settings.branch}' does not exist in "
                f"{self.settings.repository}; "
                "create it, or leave the branch input empty for the default branch"
            )
        if error.status == 401:
            return PublishError(
                f"GitHub rejected the token (401: {message}); pass a valid github-token"
            )
        if error.status == 403 or (error.status == 404 and action == "write"):
            return PublishError(
                f"GitHub refused to let the token {action} {location} "
                f"({error.status}: {message}); {_PERMISSION_HINT}"
            )
        return PublishError(f"GitHub could not {action} {location} ({error.status}: {message})")


def _blob_sha(data: bytes) -> str:
    """The sha Git gives a file's content, which the contents API lists."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def error_message(error: GithubException) -> str:
    data = error.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return str(error.message or data or "")
