"""A GitHub REST endpoint with the calls the action makes, under a GHES-style ``/api/v3`` prefix.

Requests are checked for the token, matched against the route table of each API (contents, git
data, issues) and answered by a handler, unless a fault is injected. Every URL it returns is built
from its own address, as PyGithub requires.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.emulators.github import contents, git_data, issues
from tests.emulators.github.routes import NOT_ACCESSIBLE, NOT_FOUND, Answer, Call, Route
from tests.emulators.github.state import Commit, Fault, Repo
from tests.emulators.server import Handler, Server

API_PREFIX = "/api/v3"
ROUTES: list[Route] = [*contents.ROUTES, *git_data.ROUTES, *issues.ROUTES]
_REPO = re.compile(r"/repos/(?P<repo>[^/]+/[^/]+)(?P<rest>/.*)?")


class GitHubEmulator:
    def __init__(self, token: str = "ghs_test_token") -> None:
        self.token = token
        self.repos: dict[str, Repo] = {}
        self.faults: list[Fault] = []
        self.calls: list[tuple[str, str]] = []
        # Every User-Agent a request came with.
        self.user_agents: set[str] = set()
        self.before_write: Callable[[], None] | None = None
        self.now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
        self.lock = threading.RLock()
        self.server = Server(_GitHubHandler, self)

    @property
    def api_url(self) -> str:
        return self.server.base_url + API_PREFIX

    def add_repo(
        self, name: str, files: dict[str, bytes] | None = None, branch: str = "main"
    ) -> Repo:
        repo = Repo(default_branch=branch)
        if files is not None:
            repo.branches[branch] = dict(files)
            repo.advance(branch, hashlib.sha1(f"initial {name}".encode()).hexdigest())
        self.repos[name] = repo
        return repo

    def file(self, name: str, path: str, branch: str | None = None) -> bytes | None:
        repo = self.repos[name]
        return repo.branches.get(branch or repo.default_branch, {}).get(path)

    def commit_file(self, name: str, path: str, content: bytes, message: str = "edit") -> None:
        """Another writer's commit, as if it landed while the action ran."""
        repo = self.repos[name]
        repo.branches.setdefault(repo.default_branch, {})[path] = content
        sha = hashlib.sha1(content + message.encode()).hexdigest()
        repo.commits.append(Commit(sha, repo.default_branch, path, message, {}, {}, content))
        repo.advance(repo.default_branch, sha)

    def run_before_write(self) -> None:
        """Runs the ``before_write`` hook once, as a write is about to be carried out."""
        if self.before_write is not None:
            hook, self.before_write = self.before_write, None
            hook()

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.method == method and re.search(fault.path, path):
                    if fault.times <= 1:
                        del self.faults[index]
                    else:
                        self.faults[index] = replace(fault, times=fault.times - 1)
                    return fault
        return None

    def answer(self, method: str, path: str, query: str, body: dict[str, Any]) -> Answer:
        """The answer to an authorised request for ``path`` (without the API prefix)."""
        match = _REPO.fullmatch(path)
        repo = self.repos.get(match["repo"]) if match else None
        if match is None or repo is None:
            return NOT_FOUND
        rest = match["rest"] or ""
        for route in ROUTES:
            found = re.fullmatch(route.pattern, rest)
            if route.method != method or found is None:
                continue
            refused = route.refuse(repo)
            if refused is not None:
                return refused
            if route.writes and not repo.writable:
                return NOT_ACCESSIBLE
            values = {key: value[0] for key, value in parse_qs(query).items()}
            return route.handle(Call(self, match["repo"], repo, found, values, body))
        return NOT_FOUND


class _GitHubHandler(Handler):
    answer_instead: Fault | None = None

    @property
    def emulator(self) -> GitHubEmulator:
        return self.server.emulator  # type: ignore[attr-defined, no-any-return]

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        emulator = self.emulator
        url = urlsplit(self.path)
        path = unquote(url.path)
        with emulator.lock:
            emulator.calls.append((method, path))
            emulator.user_agents.add(self.headers.get("User-Agent", ""))
        body = self.read_json() if method != "GET" else {}
        fault = emulator.take_fault(method, path)
        if fault is not None and fault.raw is not None:
            self.send_body(fault.status, fault.raw, "application/json", fault.headers)
            return
        if fault is not None and not fault.after_handling:
            self.send_json(fault.status, fault.body, fault.headers)
            return
        self.answer_instead = fault
        authorization = self.headers.get("Authorization", "")
        if authorization not in {f"token {emulator.token}", f"Bearer {emulator.token}"}:
            self.send_json(401, {"message": "Bad credentials"})
            return
        if not path.startswith(API_PREFIX):
            self.send_json(*NOT_FOUND)
            return
        with emulator.lock:
            status, data = emulator.answer(method, path.removeprefix(API_PREFIX), url.query, body)
        self.send_json(status, data)

    def send_json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        fault, self.answer_instead = self.answer_instead, None
        if fault is None:
            super().send_json(status, data, headers)
        else:
            super().send_json(fault.status, fault.body, fault.headers)
