"""The issues API: list (state=all, since), get, create (labels made as needed), comment. Issues
turned off answer 410."""

from __future__ import annotations

from typing import Any

from tests.emulators.github.routes import NOT_FOUND, Answer, Call, Route
from tests.emulators.github.state import Repo


def _without_comments(issue: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in issue.items() if key != "comments"}


def _issue(call: Call) -> dict[str, Any] | None:
    number = int(call.match["number"])
    return call.repo.issues[number - 1] if 1 <= number <= len(call.repo.issues) else None


def list_issues(call: Call) -> Answer:
    since = call.query.get("since", "")
    listed = [_without_comments(i) for i in call.repo.issues if i["updated_at"] >= since]
    return 200, sorted(listed, key=lambda issue: issue["updated_at"], reverse=True)


def get_issue(call: Call) -> Answer:
    issue = _issue(call)
    return NOT_FOUND if issue is None else (200, _without_comments(issue))


def create_issue(call: Call) -> Answer:
    repo, body = call.repo, call.body
    repo.labels.update(body.get("labels", []))
    number = len(repo.issues) + 1
    issue = {
        "number": number, "title": body["title"], "body": body.get("body", ""),
        "labels": [{"name": label} for label in body.get("labels", [])],
        "state": "open", "created_at": call.now, "updated_at": call.now, "comments": [],
        "url": f"{call.base}/issues/{number}",
        "html_url": f"{call.emulator.server.base_url}/{call.name}/issues/{number}",
    }  # fmt: skip
    repo.issues.append(issue)
    return 201, _without_comments(issue)


def list_comments(call: Call) -> Answer:
    issue = _issue(call)
    return NOT_FOUND if issue is None else (200, issue["comments"])


def create_comment(call: Call) -> Answer:
    issue = _issue(call)
    if issue is None:
        return NOT_FOUND
    number = sum(len(i["comments"]) for i in call.repo.issues) + 1
    issue["comments"].append(
        {
            "id": number, "body": call.body["body"], "created_at": call.now,
            "url": f"{call.base}/issues/comments/{number}",
            "html_url": f"{issue['html_url']}#issuecomment-{number}",
        }
    )  # fmt: skip
    issue["updated_at"] = call.now
    return 201, issue["comments"][-1]


def _turned_off(repo: Repo) -> Answer | None:
    return None if repo.has_issues else (410, {"message": "Issues are disabled for this repo"})


ROUTES = [
    Route("GET", r"/issues", list_issues, refuse=_turned_off),
    Route("POST", r"/issues", create_issue, writes=True, refuse=_turned_off),
    Route("GET", r"/issues/(?P<number>\d+)", get_issue, refuse=_turned_off),
    Route("GET", r"/issues/(?P<number>\d+)/comments", list_comments, refuse=_turned_off),
    Route(
        "POST",
        r"/issues/(?P<number>\d+)/comments",
        create_comment,
        writes=True,
        refuse=_turned_off,
    ),
]
