"""The README on GitHub: read through the API and committed back with optimistic concurrency.

No checkout is needed: the file is read with the contents API (or, above 1 MB, where that API
returns no content, through the Git blobs API) and written with one commit that names the blob sha
that was read, so that a concurrent change makes GitHub refuse the write instead of losing it.
"""

from __future__ import annotations

import base64
from typing import Any

import requests
from github import Auth, Github, GithubException, GithubRetry, InputGitAuthor
from github.ContentFile import ContentFile
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
        self._github = Github(
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
        self._repository = self._github.get_repo(settings.repository)

    def _branch_arguments(self) -> dict[str, str]:
        return {"branch": self.settings.branch} if self.settings.branch else {}

    def read(self) -> StoredReadme | None:
        return self._read(self.settings.readme_path, self.location)

    def read_file(self, path: str) -> str | None:
        found = self._read(path, f"{self.settings.repository}:{path}")
        return None if found is None else found.text

    def _read(self, path: str, location: str) -> StoredReadme | None:
        try:
            if self.settings.branch:
                found = self._repository.get_contents(path, ref=self.settings.branch)
            else:
                found = self._repository.get_contents(path)
            if isinstance(found, list):
                raise PublishError(f"{location} is a folder; give the path of a file in it")
            data = self._content_bytes(found)
        except GithubException as error:
            if error.status == 404 and not _message(error).startswith("No commit found"):
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
        if _message(error) == "This repository is empty.":
            return
        try:
            self._repository.update()
        except GithubException as repository_error:
            raise PublishError(
                f"cannot see the repository {self.settings.repository} "
                f"({repository_error.status}: {_message(repository_error)}); "
                "check GITHUB_REPOSITORY and that the token may read it"
            ) from error

    def write(self, text: str, base: StoredReadme | None, message: str) -> str | None:
        path = self.settings.readme_path
        arguments: dict[str, Any] = {"committer": BOT, "author": BOT, **self._branch_arguments()}
        try:
            if base is None:
                result = self._repository.create_file(path, message, text, **arguments)
            else:
                result = self._repository.update_file(
                    path, message, text, base.version, **arguments
                )
        except GithubException as error:
            # 409: the sha we read is no longer the file's; 422: the file appeared after we read.
            if error.status in {409, 422}:
                raise StaleReadmeError(
                    f"{self.location} changed since it was read ({error.status}: {_message(error)})"
                ) from error
            raise self._error("write", error) from error
        except requests.exceptions.RetryError as error:
            raise PublishError(
                f"GitHub kept failing while writing {self.location}: {error}"
            ) from error
        return str(result["commit"].sha)

    def _error(
        self, action: str, error: GithubException, location: str | None = None
    ) -> PublishError:
        location = location or self.location
        message = _message(error)
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


def _message(error: GithubException) -> str:
    data = error.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return str(error.message or data or "")
