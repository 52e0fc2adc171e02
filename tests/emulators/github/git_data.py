"""The Git Data API a commit of several files takes: refs, commits and trees. A ref update that is
not a fast forward gets 422; every commit keeps a snapshot of its files."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.emulators.github.routes import NOT_FOUND, Answer, Call, Route
from tests.emulators.github.state import Commit, Repo, tree_sha


def get_ref(call: Call) -> Answer:
    repo, branch = call.repo, call.match["branch"]
    if not repo.branches:
        return 409, {"message": "Git Repository is empty."}
    if branch not in repo.heads:
        return NOT_FOUND
    return 200, _ref_json(call.base, branch, repo.heads[branch])


def get_commit(call: Call) -> Answer:
    sha = call.match["sha"]
    if sha not in call.repo.commit_trees:
        return NOT_FOUND
    return 200, _commit_json(call.base, call.repo, sha, "", {}, {})


def create_tree(call: Call) -> Answer:
    repo, body = call.repo, call.body
    files = dict(repo.trees.get(body.get("base_tree") or "", {}))
    for element in body["tree"]:
        if element.get("content") is not None:
            files[element["path"]] = element["content"].encode()
        elif element.get("sha") is None:
            files.pop(element["path"], None)
        else:
            return 422, {"message": "blob shas are not emulated"}
    sha = tree_sha(files)
    repo.trees[sha] = files
    return 201, {"sha": sha, "url": f"{call.base}/git/trees/{sha}", "tree": []}


def create_commit(call: Call) -> Answer:
    repo, body = call.repo, call.body
    if body["tree"] not in repo.trees:
        return 422, {"message": "Tree SHA does not exist"}
    sha = hashlib.sha1(f"{body['tree']}:{body['parents']}:{body['message']}".encode()).hexdigest()
    author, committer = body.get("author", {}), body.get("committer", {})
    repo.commit_trees[sha] = body["tree"]
    repo.commit_parents[sha] = list(body["parents"])
    repo.snapshots[sha] = repo.trees[body["tree"]]
    repo.commit_messages[sha] = (body["message"], author, committer)
    return 201, _commit_json(call.base, repo, sha, body["message"], author, committer)


def update_ref(call: Call) -> Answer:
    repo, branch, sha = call.repo, call.match["branch"], call.body["sha"]
    call.emulator.run_before_write()
    if branch not in repo.heads or sha not in repo.commit_trees:
        return 422, {"message": "Reference does not exist"}
    if not call.body.get("force") and repo.commit_parents[sha][:1] != [repo.heads[branch]]:
        return 422, {"message": "Update is not a fast forward"}
    before = repo.branches[branch]
    after = dict(repo.snapshots[sha])
    repo.branches[branch] = after
    repo.heads[branch] = sha
    changed = {path: data for path, data in after.items() if before.get(path) != data}
    message, author, committer = repo.commit_messages.pop(sha)
    repo.commits.append(Commit(sha, branch, "", message, author, committer, b"", changed))
    return 200, _ref_json(call.base, branch, sha)


def _ref_json(base: str, branch: str, sha: str) -> dict[str, Any]:
    return {
        "ref": f"refs/heads/{branch}",
        "url": f"{base}/git/refs/heads/{branch}",
        "object": {"sha": sha, "type": "commit", "url": f"{base}/git/commits/{sha}"},
    }


def _commit_json(
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


ROUTES = [
    Route("GET", r"/git/ref/heads/(?P<branch>.+)", get_ref),
    Route("GET", r"/git/commits/(?P<sha>[0-9a-f]+)", get_commit),
    Route("POST", r"/git/trees", create_tree, writes=True),
    Route("POST", r"/git/commits", create_commit, writes=True),
    Route("PATCH", r"/git/refs/heads/(?P<branch>.+)", update_ref, writes=True),
]
