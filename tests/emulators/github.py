"""A GitHub REST endpoint with the calls the action makes, under a GHES-style ``/api/v3`` prefix.

It serves repositories, the contents API (GET of files and folders, and PUT with GitHub's sha
check: 409 on a stale sha, 422 when a file exists and no sha is given), the Git Data API a
commit of several files takes (refs, commits, trees, blobs; a ref update that is not a fast
forward gets 422), token checks and injected faults. Every commit keeps a snapshot of the files,
so that contents can be read at a commit. Every URL it returns is built from its own address, as
PyGithub requires.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.emulators.server import Handler, Server

API_PREFIX = "/api/v3"
# The contents API returns no content for files above 1 MB.
CONTENTS_LIMIT = 1024 * 1024


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


class GitHubEmulator:
    def __init__(self, token: str = "ghs_test_token") -> None:
        self.token = token
        self.repos: dict[str, Repo] = {}
        self.faults: list[Fault] = []
        self.calls: list[tuple[str, str]] = []
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


_REPO = re.compile(r"/repos/(?P<repo>[^/]+/[^/]+)(?P<rest>/.*)?")


class _GitHubHandler(Handler):
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
        body = self.read_json() if method != "GET" else None
        fault = emulator.take_fault(method, path)
        if fault is not None and not fault.after_handling:
            self.send_json(fault.status, fault.body, fault.headers)
            return
        if fault is not None:
            self.answer_instead = fault
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

    answer_instead: Fault | None = None

    def send_json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        fault, self.answer_instead = self.answer_instead, None
        if fault is None:
            super().send_json(status, data, headers)
        else:
            super().send_json(fault.status, fault.body, fault.headers)

    def _route(
        self, method: str, name: str, repo: Repo, rest: str, query: str, body: dict[str, Any] | None
    ) -> None:
        base = f"{self.emulator.api_url}/repos/{name}"
        if rest.startswith("/issues"):
            self._issues(method, base, repo, rest.removeprefix("/issues"), query, body)
            return
        if method == "GET" and rest == "":
            self.send_json(200, _repo_json(self.emulator.api_url, name, repo))
        elif method == "GET" and rest.startswith("/contents"):
            ref = parse_qs(query).get("ref", [repo.default_branch])[0]
            self._get_contents(base, repo, rest.removeprefix("/contents").strip("/"), ref)
        elif method == "PUT" and rest.startswith("/contents/"):
            assert body is not None
            self._put_contents(base, name, repo, rest.removeprefix("/contents/"), body)
        elif method == "GET" and rest.startswith("/git/blobs/"):
            self._get_blob(base, repo, rest.removeprefix("/git/blobs/"))
        elif method == "GET" and rest.startswith("/git/ref/heads/"):
            self._get_ref(base, repo, rest.removeprefix("/git/ref/heads/"))
        elif method == "GET" and rest.startswith("/git/commits/"):
            sha = rest.removeprefix("/git/commits/")
            if sha in repo.commit_trees:
                self.send_json(200, _git_commit_json(base, repo, sha, "", {}, {}))
            else:
                self.send_json(404, {"message": "Not Found"})
        elif method in {"POST", "PATCH"} and not repo.writable:
            self.send_json(403, {"message": "Resource not accessible by integration"})
        elif method == "POST" and rest == "/git/trees":
            assert body is not None
            self._create_tree(base, repo, body)
        elif method == "POST" and rest == "/git/commits":
            assert body is not None
            self._create_commit(base, repo, body)
        elif method == "PATCH" and rest.startswith("/git/refs/heads/"):
            assert body is not None
            self._update_ref(base, repo, rest.removeprefix("/git/refs/heads/"), body)
        else:
            self.send_json(404, {"message": "Not Found"})

    def _issues(
        self,
        method: str,
        base: str,
        repo: Repo,
        rest: str,
        query: str,
        body: dict[str, Any] | None,
    ) -> None:
        """The issues API: list (state=all, since), create (labels made as needed), comment."""
        if not repo.has_issues:
            self.send_json(410, {"message": "Issues are disabled for this repo"})
            return
        if method != "GET" and not repo.writable:
            self.send_json(403, {"message": "Resource not accessible by integration"})
            return
        now = self.emulator.now.strftime("%Y-%m-%dT%H:%M:%SZ")
        comments = re.fullmatch(r"/(\d+)/comments", rest)
        single = re.fullmatch(r"/(\d+)", rest)
        if method == "GET" and single is not None and int(single[1]) <= len(repo.issues):
            issue = repo.issues[int(single[1]) - 1]
            self.send_json(200, {key: value for key, value in issue.items() if key != "comments"})
        elif method == "GET" and rest == "":
            since = parse_qs(query).get("since", [""])[0]
            listed = [
                {key: value for key, value in issue.items() if key != "comments"}
                for issue in repo.issues
                if issue["updated_at"] >= since
            ]
            self.send_json(200, sorted(listed, key=lambda i: i["updated_at"], reverse=True))
        elif method == "POST" and rest == "" and body is not None:
            repo.labels.update(body.get("labels", []))
            number = len(repo.issues) + 1
            html = f"{self.emulator.server.base_url}/{base.split('/repos/')[1]}/issues/{number}"
            issue = {
                "number": number, "title": body["title"], "body": body.get("body", ""),
                "labels": [{"name": label} for label in body.get("labels", [])],
                "state": "open", "created_at": now, "updated_at": now, "comments": [],
                "url": f"{base}/issues/{number}", "html_url": html,
            }  # fmt: skip
            repo.issues.append(issue)
            self.send_json(201, {k: v for k, v in issue.items() if k != "comments"})
        elif comments is not None and int(comments[1]) <= len(repo.issues):
            issue = repo.issues[int(comments[1]) - 1]
            if method == "POST" and body is not None:
                number = sum(len(i["comments"]) for i in repo.issues) + 1
                issue["comments"].append(
                    {
                        "id": number, "body": body["body"], "created_at": now,
                        "url": f"{base}/issues/comments/{number}",
                        "html_url": f"{issue['html_url']}#issuecomment-{number}",
                    }
                )  # fmt: skip
                issue["updated_at"] = now
                self.send_json(201, issue["comments"][-1])
            else:
                self.send_json(200, issue["comments"])
        else:
            self.send_json(404, {"message": "Not Found"})

    def _get_ref(self, base: str, repo: Repo, branch: str) -> None:
        if not repo.branches:
            self.send_json(409, {"message": "Git Repository is empty."})
        elif branch not in repo.heads:
            self.send_json(404, {"message": "Not Found"})
        else:
            self.send_json(200, _ref_json(base, branch, repo.heads[branch]))

    def _create_tree(self, base: str, repo: Repo, body: dict[str, Any]) -> None:
        files = dict(repo.trees.get(body.get("base_tree") or "", {}))
        for element in body["tree"]:
            if element.get("content") is not None:
                files[element["path"]] = element["content"].encode()
            elif element.get("sha") is None:
                files.pop(element["path"], None)
            else:
                self.send_json(422, {"message": "blob shas are not emulated"})
                return
        sha = tree_sha(files)
        repo.trees[sha] = files
        self.send_json(201, {"sha": sha, "url": f"{base}/git/trees/{sha}", "tree": []})

    def _create_commit(self, base: str, repo: Repo, body: dict[str, Any]) -> None:
        if body["tree"] not in repo.trees:
            self.send_json(422, {"message": "Tree SHA does not exist"})
            return
        sha = hashlib.sha1(
            f"{body['tree']}:{body['parents']}:{body['message']}".encode()
        ).hexdigest()
        repo.commit_trees[sha] = body["tree"]
        repo.commit_parents[sha] = list(body["parents"])
        repo.snapshots[sha] = repo.trees[body["tree"]]
        repo.commit_messages[sha] = (
            body["message"],
            body.get("author", {}),
            body.get("committer", {}),
        )
        self.send_json(
            201,
            _git_commit_json(
                base, repo, sha, body["message"], body.get("author", {}),
                body.get("committer", {}),
            ),
        )  # fmt: skip

    def _update_ref(self, base: str, repo: Repo, branch: str, body: dict[str, Any]) -> None:
        if self.emulator.before_write is not None:
            hook, self.emulator.before_write = self.emulator.before_write, None
            hook()
        sha = body["sha"]
        if branch not in repo.heads or sha not in repo.commit_trees:
            self.send_json(422, {"message": "Reference does not exist"})
            return
        if not body.get("force") and repo.commit_parents[sha][:1] != [repo.heads[branch]]:
            self.send_json(422, {"message": "Update is not a fast forward"})
            return
        before = repo.branches[branch]
        after = dict(repo.snapshots[sha])
        repo.branches[branch] = after
        repo.heads[branch] = sha
        changed = {path: data for path, data in after.items() if before.get(path) != data}
        message, author, committer = repo.commit_messages.pop(sha)
        repo.commits.append(Commit(sha, branch, "", message, author, committer, b"", changed))
        self.send_json(200, _ref_json(base, branch, sha))

    def _get_contents(self, base: str, repo: Repo, path: str, ref: str) -> None:
        if not repo.branches:
            self.send_json(404, {"message": "This repository is empty."})
            return
        files = repo.snapshots.get(ref, repo.branches.get(ref.removeprefix("refs/heads/")))
        if files is None:
            self.send_json(404, {"message": f"No commit found for the ref {ref}"})
            return
        if path in files:
            self.send_json(200, _content_json(base, path, files[path], with_content=True))
            return
        prefix = f"{path}/" if path else ""
        children = sorted(name for name in files if name.startswith(prefix))
        if not children:
            self.send_json(404, {"message": "Not Found"})
            return
        listing: list[dict[str, Any]] = []
        folders = set()
        for name in children:
            child, _, deeper = name.removeprefix(prefix).partition("/")
            if not deeper:
                listing.append(_content_json(base, name, files[name]))
            elif child not in folders:
                folders.add(child)
                listing.append({"type": "dir", "name": child, "path": prefix + child, "sha": ""})
        self.send_json(200, listing)

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
        repo.advance(branch, sha)
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


def _ref_json(base: str, branch: str, sha: str) -> dict[str, Any]:
    return {
        "ref": f"refs/heads/{branch}",
        "url": f"{base}/git/refs/heads/{branch}",
        "object": {"sha": sha, "type": "commit", "url": f"{base}/git/commits/{sha}"},
    }


def _git_commit_json(
    base: str,
    repo: Repo,
    sha: str,
    message: str,
    author: dict[str, str],
    committer: dict[str, str],
) -> dict[str, Any]:
    tree = repo.commit_trees[sha]
    return {
        "sha": sha,
        "url": f"{base}/git/commits/{sha}",
        "message": message,
        "author": author,
        "committer": committer,
        "tree": {"sha": tree, "url": f"{base}/git/trees/{tree}"},
        "parents": [
            {"sha": parent, "url": f"{base}/git/commits/{parent}"}
            for parent in repo.commit_parents[sha]
        ],
    }


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
