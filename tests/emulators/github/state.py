"""What the GitHub emulator holds: repositories with branches, commits, trees and issues, the
faults to inject, and the recorded texts of GitHub's answers that the action decides on."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from tests.factories import fixture_path

# The contents API returns no content for files above 1 MB.
CONTENTS_LIMIT = 1024 * 1024


def recorded_message(key: str, **values: str) -> str:
    """A message GitHub really answers with (tests/fixtures/github/SOURCE.md)."""
    messages = json.loads(fixture_path("github/messages.json").read_text())
    return str(messages[key]["message"]).format(**values)


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def tree_sha(files: dict[str, bytes]) -> str:
    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + blob_sha(files[path]).encode())
    return digest.hexdigest()


@dataclass
class Commit:
    """A commit that changed ``path`` to ``content``, or, through the Git Data API, ``files``."""

    sha: str
    branch: str
    path: str
    message: str
    author: dict[str, str]
    committer: dict[str, str]
    content: bytes
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Repo:
    default_branch: str = "main"
    branches: dict[str, dict[str, bytes]] = field(default_factory=dict)
    commits: list[Commit] = field(default_factory=list)
    writable: bool = True
    has_issues: bool = True
    issues: list[dict[str, Any]] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    heads: dict[str, str] = field(default_factory=dict)
    # Files by commit sha and by tree sha; each commit's tree and parent.
    snapshots: dict[str, dict[str, bytes]] = field(default_factory=dict)
    trees: dict[str, dict[str, bytes]] = field(default_factory=dict)
    commit_trees: dict[str, str] = field(default_factory=dict)
    commit_parents: dict[str, list[str]] = field(default_factory=dict)
    # Message, author and committer of commits made but not yet on a branch.
    commit_messages: dict[str, tuple[str, dict[str, str], dict[str, str]]] = field(
        default_factory=dict
    )

    def advance(self, branch: str, sha: str) -> None:
        """Records the branch's current files as commit ``sha``, its new head."""
        files = dict(self.branches[branch])
        tree = tree_sha(files)
        self.trees[tree] = files
        self.snapshots[sha] = files
        self.commit_trees[sha] = tree
        self.commit_parents[sha] = [self.heads[branch]] if branch in self.heads else []
        self.heads[branch] = sha


@dataclass(frozen=True)
class Fault:
    """Answers requests matching ``method`` and ``path`` (a regex) ``times`` times."""

    method: str
    path: str
    status: int
    body: dict[str, Any] = field(default_factory=lambda: {"message": "Server Error"})
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    # The request is carried out, and only its answer replaced: a response lost on the way back.
    after_handling: bool = False
    # A body sent as it is instead of ``body`` as JSON: an answer that is not JSON at all.
    raw: bytes | None = None
