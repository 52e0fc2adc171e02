"""The route table's vocabulary: what a handler is given and what it answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.emulators.github.state import Repo

if TYPE_CHECKING:
    from tests.emulators.github.emulator import GitHubEmulator

# A status and a JSON body.
Answer = tuple[int, Any]
NOT_FOUND: Answer = (404, {"message": "Not Found"})
NOT_ACCESSIBLE: Answer = (403, {"message": "Resource not accessible by integration"})


@dataclass(frozen=True)
class Call:
    """One request to a repository's API: the repository, the path's groups, query and body."""

    emulator: GitHubEmulator
    name: str
    repo: Repo
    match: re.Match[str]
    query: dict[str, str]
    body: dict[str, Any]

    @property
    def base(self) -> str:
        """The API URL of the repository, from which every URL in an answer is built."""
        return f"{self.emulator.api_url}/repos/{self.name}"

    @property
    def now(self) -> str:
        return self.emulator.now.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Route:
    """``method`` on a path (below ``/repos/{owner}/{repo}``) matching ``pattern``; a route that
    ``writes`` is refused to a token that may not write, after ``refuse`` had its say."""

    method: str
    pattern: str
    handle: Callable[[Call], Answer]
    writes: bool = False
    # An answer that refuses the call whatever it asks, such as 410 for issues turned off.
    refuse: Callable[[Repo], Answer | None] = lambda repo: None
