"""Several files in one commit, through the Git Data API.

The commit is built on the branch's head only while the README there is still the one read, and
the branch moves to it only if nothing else landed meanwhile: the ref update is not forced, so
GitHub refuses it (422, "not a fast forward") and the run reads, merges and writes again.
"""

from __future__ import annotations

from collections.abc import Mapping

from github import GithubException, InputGitAuthor, InputGitTreeElement
from github.GitCommit import GitCommit
from github.GitRef import GitRef
from github.Repository import Repository

from dailypapers.domain.errors import RetryableWriteError, StoreError
from dailypapers.domain.interfaces import StoredReadme
from dailypapers.github.api import github_answer

BOT = InputGitAuthor("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


def commit_files(
    repository: Repository,
    branch: str | None,
    readme_path: str,
    base: StoredReadme | None,
    message: str,
    files: Mapping[str, str | None],
    location: str,
) -> str | None:
    """Commits ``files`` (texts by path; None deletes the file) in one commit on ``branch``
    (None: the default branch) whose README, ``readme_path`` at ``location``, is still
    ``base``; the commit's sha, or None when the branch has no head to build on (an empty
    repository, a missing branch)."""
    doing = f"writing {location}"
    with github_answer(doing, StoreError):
        branch = branch or repository.default_branch
    found = _head(repository, branch, doing)
    if found is None:
        return None
    ref, head = found
    if _readme_revision_at(repository, readme_path, head, doing) != (
        base.revision if base else None
    ):
        raise RetryableWriteError(f"{location} changed since it was read")
    elements = [
        InputGitTreeElement(path, "100644", "blob", content=content)
        if content is not None
        # A null sha removes the path from the tree.
        else InputGitTreeElement(path, "100644", "blob", sha=None)
        for path, content in sorted(files.items())
    ]
    with github_answer(doing, StoreError):
        tree = repository.create_git_tree(elements, base_tree=head.tree)
        commit = repository.create_git_commit(message, tree, [head], author=BOT, committer=BOT)
        # Not forced: GitHub refuses (422) if the branch moved since `head` was read.
        ref.edit(commit.sha, force=False)
    return str(commit.sha)


def _head(repository: Repository, branch: str, doing: str) -> tuple[GitRef, GitCommit] | None:
    """The branch's ref and its head commit; None when an empty repository has no branch (409)
    or the branch is missing (404): writing the README alone then says which."""
    with github_answer(doing, StoreError):
        ref = repository.get_git_ref(f"heads/{branch}")
    try:
        with github_answer(doing, StoreError):
            head_sha = ref.object.sha  # the client is lazy: this is where the ref is fetched
    except GithubException as error:
        if error.status not in {404, 409}:
            raise
        return None
    with github_answer(doing, StoreError):
        return ref, repository.get_git_commit(head_sha)


def _readme_revision_at(
    repository: Repository, path: str, head: GitCommit, doing: str
) -> str | None:
    """The README's blob sha in the commit ``head``, None when it has none."""
    try:
        with github_answer(doing, StoreError):
            found = repository.get_contents(path, ref=head.sha)
    except GithubException as error:
        if error.status != 404:
            raise
        return None
    return None if isinstance(found, list) else found.sha
