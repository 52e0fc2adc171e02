"""A GitHub REST endpoint with the calls the action makes, under a GHES-style ``/api/v3`` prefix.

It serves repositories, the contents API (GET, and PUT with GitHub's sha check: 409 on a stale
sha, 422 when a file exists and no sha is given), Git blobs, token checks and injected faults.
Every URL it returns is built from its own address, as PyGithub requires.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.emulators.server import Handler, Server

API_PREFIX = "/api/v3"
# The contents API returns no content for files above 1 MB.
CONTENTS_LIMIT = 1024 * 1024


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Commit:
    sha: str
    branch: str
    path: str
    message: str
    author: dict[str, str]
    committer: dict[str, str]
    content: bytes


@dataclass
class Repo:
    default_branch: str = "main"
    branches: dict[str, dict[str, bytes]] = field(default_factory=dict)
    commits: list[Commit] = field(default_factory=list)
    writable: bool = True


@dataclass(frozen=True)
class Fault:
    """Answers requests matching ``method`` and ``path`` (a regex) ``times`` times."""

    method: str
    path: str
    status: int
    body: dict[str, Any] = field(default_factory=lambda: {"message": "Server Error"})
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


class GitHubEmulator:
    def __init__(self, token: str = "ghs_test_token") -> None:
        self.token = token
        self.repos: dict[str, Repo] = {}
        self.faults: list[Fault] = []
        self.calls: list[tuple[str, str]] = []
        self.before_write: Callable[[], None] | None = None
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
        self.repos[name] = repo
        return repo

    def file(self, name: str, path: str, branch: str | None = None) -> bytes | None:
        repo = self.repos[name]
        return repo.branches.get(branch or repo.default_branch, {}).get(path)

    def commit_file(self, name: str, path: str, content: bytes, message: str = "edit") -> None:
        """Another writer's commit, as if it landed while the action ran."""
        repo = self.repos[name]
        repo.branches.setdefault(repo.default_branch, {})[path] = content
        repo.commits.append(
            Commit(
                hashlib.sha1(content + message.encode()).hexdigest(),
                repo.default_branch,
                path,
                message,
                {},
                {},
                content,
            )
        )

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for index, fault in enumerate(self.faults):
                if fault.method == method and re.search(fault.path, path):
                    if fault.times <= 1:
                        del self.faults[index]
                    else:
                        self.faults[index] = Fault(
                            fault.method,
                            fault.path,
                            fault.status,
                            fault.body,
                            fault.headers,
                            fault.times - 1,
                        )
                    return fault
        return None


_REPO = re.compile(r"/repos/(?P<repo>[^/]+/[^/]+)(?P<rest>/.*)?")


class _GitHubHandler(Handler):
    @property
    def emulator(self) -> GitHubEmulator:
        return self.server.emulator  # type: ignore[attr-defined, no-any-return]

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def _dispatch(self, method: str) -> None:
        emulator = self.emulator
        url = urlsplit(self.path)
        path = unquote(url.path)
        with emulator.lock:
            emulator.calls.append((method, path))
        body = self.read_json() if method == "PUT" else None
        fault = emulator.take_fault(method, path)
        if fault is not None:
            self.send_json(fault.status, fault.body, fault.headers)
            return
        authorization = self.headers.get("Authorization", "")
        if authorization not in {f"token {emulator.token}", f"Bearer {emulator.token}"}:
            self.send_json(401, {"message": "Bad credentials"})
            return
        match = _REPO.fullmatch(path.removeprefix(API_PREFIX))
        if not path.startswith(API_PREFIX) or match is None:
            self.send_json(404, {"message": "Not Found"})
            return
        with emulator.lock:
            repo = emulator.repos.get(match["repo"])
            if repo is None:
                self.send_json(404, {"message": "Not Found"})
                return
            self._route(method, match["repo"], repo, match["rest"] or "", url.query, body)

    def _route(
        self, method: str, name: str, repo: Repo, rest: str, query: str, body: dict[str, Any] | None
    ) -> None:
        base = f"{self.emulator.api_url}/repos/{name}"
        if method == "GET" and rest == "":
            self.send_json(200, _repo_json(self.emulator.api_url, name, repo))
        elif method == "GET" and rest.startswith("/contents/"):
            ref = parse_qs(query).get("ref", [repo.default_branch])[0]
            self._get_contents(base, repo, rest.removeprefix("/contents/"), ref)
        elif method == "PUT" and rest.startswith("/contents/"):
            assert body is not None
            self._put_contents(base, name, repo, rest.removeprefix("/contents/"), body)
        elif method == "GET" and rest.startswith("/git/blobs/"):
            self._get_blob(base, repo, rest.removeprefix("/git/blobs/"))
        else:
            self.send_json(404, {"message": "Not Found"})

    def _get_contents(self, base: str, repo: Repo, path: str, ref: str) -> None:
        if not repo.branches:
            self.send_json(404, {"message": "This repository is empty."})
            return
        files = repo.branches.get(ref.removeprefix("refs/heads/"))
        if files is None:
            self.send_json(404, {"message": f"No commit found for the ref {ref}"})
            return
        if path not in files:
            self.send_json(404, {"message": "Not Found"})
            return
        self.send_json(200, _content_json(base, path, files[path], with_content=True))

    def _put_contents(
        self, base: str, name: str, repo: Repo, path: str, body: dict[str, Any]
    ) -> None:
        if not repo.writable:
            self.send_json(403, {"message": "Resource not accessible by integration"})
            return
        if self.emulator.before_write is not None:
            hook, self.emulator.before_write = self.emulator.before_write, None
            hook()
        branch = body.get("branch") or repo.default_branch
        if repo.branches and branch not in repo.branches:
            self.send_json(404, {"message": f"Branch {branch} not found"})
            return
        files = repo.branches.setdefault(branch, {})
        current = files.get(path)
        if current is not None and "sha" not in body:
            self.send_json(422, {"message": 'Invalid request.\n\n"sha" wasn\'t supplied.'})
            return
        if current is not None and body["sha"] != blob_sha(current):
            self.send_json(409, {"message": f"{path} does not match {body['sha']}"})
            return
        content = base64.b64decode(body["content"])
        files[path] = content
        sha = hashlib.sha1(f"{len(repo.commits)}:{body['message']}".encode() + content).hexdigest()
        repo.commits.append(
            Commit(
                sha, branch, path, body["message"], body.get("author", {}),
                body.get("committer", {}), content,
            )
        )  # fmt: skip
        commit = {
            "sha": sha,
            "url": f"{base}/git/commits/{sha}",
            "html_url": f"{self.emulator.server.base_url}/{name}/commit/{sha}",
            "message": body["message"],
            "author": body.get("author", {}),
            "committer": body.get("committer", {}),
            "parents": [],
        }
        status = 201 if current is None else 200
        self.send_json(status, {"content": _content_json(base, path, content), "commit": commit})

    def _get_blob(self, base: str, repo: Repo, sha: str) -> None:
        for files in repo.branches.values():
            for data in files.values():
                if blob_sha(data) == sha:
                    self.send_json(
                        200,
                        {
                            "sha": sha,
                            "size": len(data),
                            "url": f"{base}/git/blobs/{sha}",
                            "content": base64.b64encode(data).decode(),
                            "encoding": "base64",
                        },
                    )
                    return
        self.send_json(404, {"message": "Not Found"})


def _repo_json(api_url: str, name: str, repo: Repo) -> dict[str, Any]:
    return {
        "id": 1,
        "name": name.split("/")[1],
        "full_name": name,
        "default_branch": repo.default_branch,
        "url": f"{api_url}/repos/{name}",
        "private": False,
    }


def _content_json(base: str, path: str, data: bytes, with_content: bool = False) -> dict[str, Any]:
    sha = blob_sha(data)
    large = len(data) > CONTENTS_LIMIT
    result: dict[str, Any] = {
        "type": "file",
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": sha,
        "size": len(data),
        "url": f"{base}/contents/{path}",
        "git_url": f"{base}/git/blobs/{sha}",
        "html_url": None,
        "download_url": None,
    }
    if with_content:
        result["encoding"] = "none" if large else "base64"
        result["content"] = "" if large else base64.encodebytes(data).decode()
    return result
