"""The repository and contents APIs: the repository itself, files and folders, blobs by sha, and
PUT with GitHub's sha check (409 on a stale sha, 422 when a file exists and no sha is given)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from tests.emulators.github.routes import NOT_FOUND, Answer, Call, Route
from tests.emulators.github.state import CONTENTS_LIMIT, Commit, blob_sha, recorded_message


def get_repository(call: Call) -> Answer:
    return 200, {
        "id": 1,
        "name": call.name.split("/")[1],
        "full_name": call.name,
        "default_branch": call.repo.default_branch,
        "url": call.base,
        "private": False,
    }


def get_contents(call: Call) -> Answer:
    repo, path = call.repo, (call.match["path"] or "").strip("/")
    if not repo.branches:
        return 404, {"message": recorded_message("empty_repository")}
    ref = call.query.get("ref", repo.default_branch)
    files = repo.snapshots.get(ref, repo.branches.get(ref.removeprefix("refs/heads/")))
    if files is None:
        return 404, {"message": recorded_message("missing_ref", ref=ref)}
    if path in files:
        return 200, content_json(call.base, path, files[path], with_content=True)
    prefix = f"{path}/" if path else ""
    children = sorted(name for name in files if name.startswith(prefix))
    if not children:
        return NOT_FOUND
    listing: list[dict[str, Any]] = []
    folders = set()
    for name in children:
        child, _, deeper = name.removeprefix(prefix).partition("/")
        if not deeper:
            listing.append(content_json(call.base, name, files[name]))
        elif child not in folders:
            folders.add(child)
            listing.append({"type": "dir", "name": child, "path": prefix + child, "sha": ""})
    return 200, listing


def put_contents(call: Call) -> Answer:
    repo, path, body = call.repo, call.match["path"], call.body
    call.emulator.run_before_write()
    branch = body.get("branch") or repo.default_branch
    if repo.branches and branch not in repo.branches:
        return 404, {"message": f"Branch {branch} not found"}
    files = repo.branches.setdefault(branch, {})
    current = files.get(path)
    if current is not None and "sha" not in body:
        return 422, {"message": 'Invalid request.\n\n"sha" wasn\'t supplied.'}
    if current is not None and body["sha"] != blob_sha(current):
        return 409, {"message": f"{path} does not match {body['sha']}"}
    content = base64.b64decode(body["content"])
    files[path] = content
    sha = hashlib.sha1(f"{len(repo.commits)}:{body['message']}".encode() + content).hexdigest()
    author, committer = body.get("author", {}), body.get("committer", {})
    repo.commits.append(Commit(sha, branch, path, body["message"], author, committer, content))
    repo.advance(branch, sha)
    commit = {
        "sha": sha,
        "url": f"{call.base}/git/commits/{sha}",
        "html_url": f"{call.emulator.server.base_url}/{call.name}/commit/{sha}",
        "message": body["message"],
        "author": author,
        "committer": committer,
        "parents": [],
    }
    status = 201 if current is None else 200
    return status, {"content": content_json(call.base, path, content), "commit": commit}


def get_blob(call: Call) -> Answer:
    sha = call.match["sha"]
    for files in call.repo.branches.values():
        for data in files.values():
            if blob_sha(data) == sha:
                encoded = base64.b64encode(data).decode()
                return 200, {
                    "sha": sha,
                    "size": len(data),
                    "url": f"{call.base}/git/blobs/{sha}",
                    "content": encoded,
                    "encoding": "base64",
                }
    return NOT_FOUND


def content_json(base: str, path: str, data: bytes, with_content: bool = False) -> dict[str, Any]:
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


ROUTES = [
    Route("GET", r"", get_repository),
    Route("GET", r"/contents(?P<path>/.*)?", get_contents),
    Route("PUT", r"/contents/(?P<path>.+)", put_contents, writes=True),
    Route("GET", r"/git/blobs/(?P<sha>[0-9a-f]+)", get_blob),
]
