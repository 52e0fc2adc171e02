import pytest

import dailypapers.github.commit as commit_module
from dailypapers.domain.errors import RetryableWriteError, StoreError
from dailypapers.domain.interfaces import StoredReadme
from dailypapers.github.store import GitHubReadmeStore
from tests.emulators.github import API_PREFIX, CONTENTS_LIMIT, Fault, GitHubEmulator, blob_sha
from tests.factories import REPO
from tests.factories import github_store as store_for

BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
FILES = {"feeds/a.xml": "<feed/>\n", "papers.json": "{}\n"}


def test_reads_the_readme_with_its_blob_sha(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": "# Hi é\n".encode()})
    store = store_for(github)
    assert store.read() == StoredReadme("# Hi é\n", blob_sha("# Hi é\n".encode()))
    assert github.calls == [("GET", f"{API_PREFIX}/repos/{REPO}/contents/README.md")]


def test_reads_files_over_1_mb_through_the_blobs_api(github: GitHubEmulator) -> None:
    big = ("| row |\n" * (CONTENTS_LIMIT // 8 + 10)).encode()
    github.add_repo(REPO, {"README.md": big})
    stored = store_for(github).read()
    assert stored is not None
    assert stored.text.encode() == big
    assert [path for _, path in github.calls] == [
        f"{API_PREFIX}/repos/{REPO}/contents/README.md",
        f"{API_PREFIX}/repos/{REPO}/git/blobs/{blob_sha(big)}",
    ]


def test_a_missing_readme_is_none_and_is_created_by_the_bot(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"other.md": b"x"})
    store = store_for(github, readme_path="docs/papers.md")
    assert store.read() is None
    sha = store.write("# New\n", None, "Create papers")
    assert github.file(REPO, "docs/papers.md") == b"# New\n"
    (commit,) = github.repos[REPO].commits
    assert commit.sha == sha
    assert commit.message == "Create papers"
    bot = {"name": "github-actions[bot]", "email": BOT_EMAIL}
    assert commit.author == commit.committer == bot


def test_an_empty_repository_gets_its_first_file(github: GitHubEmulator) -> None:
    github.add_repo(REPO)
    store = store_for(github)
    assert store.read() is None
    store.write("# New\n", None, "m")
    assert github.file(REPO, "README.md") == b"# New\n"


def test_update_sends_the_sha_that_was_read(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"old\n"})
    store = store_for(github)
    stored = store.read()
    store.write("new\n", stored, "m")
    assert github.file(REPO, "README.md") == b"new\n"


def test_a_commit_landing_between_read_and_write_is_a_conflict(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"old\n"})
    store = store_for(github)
    stored = store.read()
    github.commit_file(REPO, "README.md", b"someone else\n")
    with pytest.raises(RetryableWriteError, match="409") as stale:
        store.write("new\n", stored, "m")
    assert github.file(REPO, "README.md") == b"someone else\n"
    assert stale.value.status == 409


def test_a_file_appearing_after_a_missing_read_is_a_conflict(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {})
    github.repos[REPO].branches["main"] = {}
    store = store_for(github)
    assert store.read() is None
    github.commit_file(REPO, "README.md", b"someone else\n")
    with pytest.raises(RetryableWriteError, match="422"):
        store.write("new\n", None, "m")


def test_the_branch_input_is_used_for_read_and_write(github: GitHubEmulator) -> None:
    repo = github.add_repo(REPO, {"README.md": b"main\n"})
    repo.branches["papers"] = {"README.md": b"papers\n"}
    store = store_for(github, branch="papers")
    stored = store.read()
    assert stored is not None
    assert stored.text == "papers\n"
    store.write("updated\n", stored, "m")
    assert github.file(REPO, "README.md", "papers") == b"updated\n"
    assert github.file(REPO, "README.md") == b"main\n"


def test_a_missing_branch_says_so(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"x"})
    with pytest.raises(StoreError, match="the branch 'nope' does not exist in octo/papers"):
        store_for(github, branch="nope").read()


def test_a_bad_token_says_so(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"x"})
    with pytest.raises(StoreError, match=r"GitHub rejected the token \(401") as rejected:
        store_for(github, token="ghs_revoked").read()
    assert rejected.value.status == 401


def test_a_read_only_token_is_told_to_add_contents_write(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"x"}).writable = False
    store = store_for(github)
    with pytest.raises(StoreError, match="permissions: contents: write"):
        store.write("y", store.read(), "m")


def test_an_invisible_repository_is_not_taken_for_a_missing_readme(github: GitHubEmulator) -> None:
    with pytest.raises(StoreError, match="cannot see the repository octo/papers"):
        store_for(github).read()


def test_a_read_answered_with_a_server_error_is_retried(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"x"})
    github.faults = [Fault("GET", "/contents/", 502)]
    store = store_for(github)
    store.write("y", store.read(), "m")
    assert github.file(REPO, "README.md") == b"y"
    assert len(github.calls) == 3


def test_a_write_answered_with_a_server_error_is_left_to_the_run(github: GitHubEmulator) -> None:
    """Not repeated by PyGithub's retry: the run reads, merges and writes again itself."""
    github.add_repo(REPO, {"README.md": b"x"})
    github.faults = [Fault("PUT", "/contents/", 503)]
    store = store_for(github)
    with pytest.raises(RetryableWriteError, match=r"GitHub failed the write \(503"):
        store.write("y", store.read(), "m")
    assert github.file(REPO, "README.md") == b"x"
    assert [method for method, _ in github.calls].count("PUT") == 1


def test_errors_that_outlast_the_retries_are_store_errors(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"x"})
    github.faults = [Fault("GET", "/contents/", 500, times=5)]
    with pytest.raises(StoreError, match="GitHub kept failing while reading") as failing:
        store_for(github).read()
    assert len(github.calls) == 3
    assert failing.value.url == f"{github.api_url}/repos/{REPO}/contents/README.md"


def test_an_unreachable_github_is_named_with_the_url_asked(github: GitHubEmulator) -> None:
    unreachable = "http://127.0.0.1:1/api/v3"
    with pytest.raises(StoreError, match="could not reach GitHub while reading") as raised:
        store_for(github, api_url=unreachable).read()
    assert raised.value.url == f"{unreachable}/repos/{REPO}/contents/README.md"


@pytest.mark.parametrize("extra_files", [{}, FILES], ids=["readme", "with files"])
def test_a_bug_in_the_commit_sequence_is_not_taken_for_githubs_fault(
    github: GitHubEmulator, monkeypatch: pytest.MonkeyPatch, extra_files: dict[str, str]
) -> None:
    github.add_repo(REPO, {"README.md": b"old\n"})
    store = store_for(github)
    base = store.read()

    def bug(*arguments: object) -> str:
        raise KeyError("a key this package got wrong")

    monkeypatch.setattr(GitHubReadmeStore, "_write_readme", bug)
    monkeypatch.setattr(commit_module, "_readme_revision_at", bug)
    with pytest.raises(KeyError, match="a key this package got wrong"):
        store.write("new\n", base, "m", extra_files)
    assert github.file(REPO, "README.md") == b"old\n"


def test_secondary_rate_limit_is_waited_out(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"x"})
    limited = {"message": "You have exceeded a secondary rate limit."}
    github.faults = [Fault("GET", "/contents/", 403, limited, {"Retry-After": "0"})]
    assert store_for(github).read() is not None
    assert len(github.calls) == 2


def test_extra_files_go_in_one_commit_with_the_readme(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"# Old\n", "feeds/a.xml": b"old", "keep.txt": b"k"})
    store = store_for(github)
    base = store.read()
    sha = store.write("# New\n", base, "Papers and feeds", FILES)
    (commit,) = github.repos[REPO].commits
    assert (commit.sha, commit.message) == (sha, "Papers and feeds")
    assert commit.files == {
        "README.md": b"# New\n", "feeds/a.xml": b"<feed/>\n", "papers.json": b"{}\n",
    }  # fmt: skip
    assert commit.author == commit.committer == {"name": "github-actions[bot]", "email": BOT_EMAIL}
    assert github.file(REPO, "keep.txt") == b"k"
    assert github.repos[REPO].heads["main"] == sha
    # The README is left out of the tree when only the extra files changed.
    after = store.read()
    store.write("# New\n", after, "Feeds only", {"feeds/a.xml": "<feed>2</feed>\n"})
    assert github.repos[REPO].commits[-1].files == {"feeds/a.xml": b"<feed>2</feed>\n"}


def test_a_file_given_none_is_deleted_in_the_same_commit(github: GitHubEmulator) -> None:
    files = {"README.md": b"# Old\n", "papers/a.md": b"older", "papers/b.md": b"b", "k.txt": b"k"}
    github.add_repo(REPO, files)
    store = store_for(github)
    store.write("# New\n", store.read(), "Pages", {"papers/a.md": None, "papers/c.md": "c\n"})
    (commit,) = github.repos[REPO].commits
    assert commit.files == {"README.md": b"# New\n", "papers/c.md": b"c\n"}
    assert github.file(REPO, "papers/a.md") is None
    assert github.file(REPO, "papers/b.md") == b"b" and github.file(REPO, "k.txt") == b"k"


def test_a_readme_changed_since_it_was_read_is_not_overwritten(github: GitHubEmulator) -> None:
    github.add_repo(REPO, {"README.md": b"# Old\n"})
    store = store_for(github)
    base = store.read()
    github.commit_file(REPO, "README.md", b"# Theirs\n")
    with pytest.raises(RetryableWriteError):
        store.write("# Mine\n", base, "m", FILES)
    assert github.file(REPO, "README.md") == b"# Theirs\n"
    assert github.file(REPO, "papers.json") is None


def test_a_commit_landing_during_the_write_is_not_lost(github: GitHubEmulator) -> None:
    """Another commit lands after the tree is built: the ref update is not a fast forward."""
    github.add_repo(REPO, {"README.md": b"# Old\n"})
    store = store_for(github)
    base = store.read()
    github.before_write = lambda: github.commit_file(REPO, "other.md", b"theirs")
    with pytest.raises(RetryableWriteError, match="422"):
        store.write("# Mine\n", base, "m", FILES)
    assert github.file(REPO, "other.md") == b"theirs"
    assert github.file(REPO, "README.md") == b"# Old\n"


def test_the_first_commit_of_an_empty_repository_is_the_readme_alone(
    github: GitHubEmulator,
) -> None:
    github.add_repo(REPO)
    store = store_for(github)
    store.write("# New\n", store.read(), "m", FILES)
    assert github.file(REPO, "README.md") == b"# New\n"
    assert github.file(REPO, "papers.json") is None
    assert store.changed_files(FILES) == FILES


def test_changed_files_compare_blob_shas_from_one_listing_per_folder(
    github: GitHubEmulator,
) -> None:
    github.add_repo(REPO, {"README.md": b"r", "feeds/a.xml": b"<feed/>\n", "feeds/b.xml": b"x"})
    store = store_for(github, branch="main")
    wanted = {"feeds/a.xml": "<feed/>\n", "feeds/b.xml": "y", "papers.json": "{}\n"}
    assert store.changed_files(wanted) == {"feeds/b.xml": "y", "papers.json": "{}\n"}
    assert sorted(github.calls) == [
        ("GET", f"{API_PREFIX}/repos/{REPO}/contents/"),
        ("GET", f"{API_PREFIX}/repos/{REPO}/contents/feeds"),
    ]
    assert store.changed_files({"missing/x.xml": "x"}) == {"missing/x.xml": "x"}
