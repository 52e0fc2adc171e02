"""The day's issue on the GitHub emulator: opened once, commented on later, never duplicated."""

from datetime import UTC, date, datetime

import pytest

from dailypapers.domain.errors import NotifyError
from dailypapers.domain.interfaces import Digest
from dailypapers.github.issues import MAX_ISSUE_ATTEMPTS
from dailypapers.notify.digest import digest_title
from tests.emulators.github import API_PREFIX, Fault, GitHubEmulator
from tests.factories import REPO, TODAY
from tests.factories import issue_notifier as notifier

FIRST = Digest(digest_title(TODAY), "2 new papers\n")
LATER = Digest(digest_title(TODAY), "1 new paper\n")


def test_the_first_run_of_the_day_opens_an_issue_with_its_labels(github: GitHubEmulator) -> None:
    repo = github.add_repo(REPO, {})
    url = notifier(github, ("papers", "daily")).notify(FIRST, TODAY)
    (issue,) = repo.issues
    assert (issue["title"], issue["body"]) == ("New arXiv papers 2026-11-24", "2 new papers\n")
    assert [label["name"] for label in issue["labels"]] == ["papers", "daily"]
    assert repo.labels == {"papers", "daily"}
    assert url == issue["html_url"]  # the issue opened, not a comment


def test_a_dry_run_is_told_what_would_be_posted_and_github_is_not_asked(
    github: GitHubEmulator,
) -> None:
    github.add_repo(REPO, {})
    preview = notifier(github).preview(FIRST)
    assert preview == (
        "would open the issue 'New arXiv papers 2026-11-24' of octo/papers, or comment on it, "
        "with 13 characters"
    )
    assert github.calls == []


def test_a_later_run_the_same_day_comments_instead_of_opening_another(
    github: GitHubEmulator,
) -> None:
    repo = github.add_repo(REPO, {})
    notifier(github).notify(FIRST, TODAY)
    url = notifier(github).notify(LATER, TODAY)
    (issue,) = repo.issues
    assert [comment["body"] for comment in issue["comments"]] == ["1 new paper\n"]
    assert url != issue["html_url"] and url.endswith("#issuecomment-1")


def test_yesterdays_issue_does_not_count(github: GitHubEmulator) -> None:
    repo = github.add_repo(REPO, {})
    github.now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    notifier(github).notify(Digest(digest_title(date(2026, 11, 23)), "old\n"), TODAY)
    github.now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    notifier(github).notify(FIRST, TODAY)
    assert [issue["title"] for issue in repo.issues] == [
        "New arXiv papers 2026-11-23", "New arXiv papers 2026-11-24",
    ]  # fmt: skip


@pytest.mark.parametrize("path", [r"/issues$", r"/issues/1/comments$"])
def test_a_lost_answer_never_opens_a_second_issue_or_comment(
    github: GitHubEmulator, path: str
) -> None:
    repo = github.add_repo(REPO, {})
    if path.endswith("comments$"):
        notifier(github).notify(FIRST, TODAY)
    github.faults = [Fault("POST", path, 502, after_handling=True)]
    digest = LATER if path.endswith("comments$") else FIRST
    notifier(github).notify(digest, TODAY)
    (issue,) = repo.issues
    assert len(issue["comments"]) == (1 if path.endswith("comments$") else 0)


def test_a_persistent_server_error_is_tried_a_bounded_number_of_times(
    github: GitHubEmulator,
) -> None:
    github.add_repo(REPO, {})
    github.faults = [Fault("POST", r"/issues$", 502, times=10)]
    with pytest.raises(NotifyError, match="could not open or comment") as raised:
        notifier(github).notify(FIRST, TODAY)
    posts = [call for call in github.calls if call == ("POST", f"{API_PREFIX}/repos/{REPO}/issues")]
    assert len(posts) == MAX_ISSUE_ATTEMPTS
    assert (raised.value.status, raised.value.attempts) == (502, MAX_ISSUE_ATTEMPTS)


def test_refusals_say_what_to_change(github: GitHubEmulator) -> None:
    repo = github.add_repo(REPO, {})
    repo.writable = False
    with pytest.raises(NotifyError, match="add 'permissions: issues: write'") as refused:
        notifier(github).notify(FIRST, TODAY)
    assert (refused.value.status, refused.value.attempts) == (403, 1)
    repo.has_issues = False
    with pytest.raises(NotifyError, match=r"are turned off .* or set open-issue to false") as off:
        notifier(github).notify(FIRST, TODAY)
    assert off.value.status == 410


def test_an_answer_that_is_not_json_fails_the_notifier_only(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {})
    github.faults = [Fault("GET", r"/issues$", 200, raw=b"{not json")]
    with pytest.raises(NotifyError, match="looking for today's issue was not what its API"):
        notifier(github).notify(FIRST, TODAY)
