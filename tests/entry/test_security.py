"""The token never leaks, feeds cannot attack the parser, and nothing runs through a shell."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest

from dailypapers.arxiv.feed import parse_feed
from dailypapers.domain.errors import SourceUnavailable
from dailypapers.entry.cli import action_main
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.github import Fault, GitHubEmulator
from tests.factories import REPO, TOKEN, anchor_readme

PACKAGE = Path(__file__).resolve().parents[2] / "dailypapers"


def _break_github(github: GitHubEmulator, how: str) -> None:
    if how == "token rejected":
        github.token = "ghs_some_other_token"
    elif how == "no write permission":
        github.repos[REPO].writable = False
    elif how == "write refused":
        github.faults = [
            Fault("PUT", "/contents/", 404, {"message": "Not Found"}),
            Fault("PATCH", "/git/refs/", 404, {"message": "Not Found"}),
        ]
    elif how == "repository not found":
        del github.repos[REPO]


@pytest.mark.parametrize(
    "how",
    ["works", "token rejected", "no write permission", "write refused", "repository not found"],
)
def test_the_token_appears_nowhere_but_in_the_mask_command(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str], how: str
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    github.add_repo("octo/other", {})
    arxiv.serve_keyword("Diffusion", [Entry("2411.10001")])
    _break_github(github, how)
    # Every feature that writes something on: feeds, the papers file, the issue.
    env.update(
        {"INPUT_FEEDS-DIR": "feeds", "INPUT_PAPERS-FILE": "papers.json", "INPUT_OPEN-ISSUE": "true"}
    )
    stream = io.StringIO()
    status = action_main(env, stream)
    assert status == (0 if how == "works" else 1)
    log = stream.getvalue()
    assert log.startswith(f"::add-mask::{TOKEN}\n")
    repo = github.repos.get(REPO)
    commits = repo.commits if repo is not None else []
    written = [
        log.removeprefix(f"::add-mask::{TOKEN}\n"),
        Path(env["GITHUB_STEP_SUMMARY"]).read_text(),
        Path(env["GITHUB_OUTPUT"]).read_text() if Path(env["GITHUB_OUTPUT"]).exists() else "",
        *(commit.message + commit.content.decode() for commit in commits),
        *(data.decode() for commit in commits for data in commit.files.values()),
        *(str(issue) for issue in (repo.issues if repo is not None else [])),
    ]
    assert all(TOKEN not in text for text in written)
    if how == "works":
        assert len(commits[0].files) == 4 and len(repo.issues) == 1  # type: ignore[union-attr]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE feed [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2411.00001v1</id>
    <title>&g;</title>
    <updated>2026-11-20T12:00:00Z</updated>
  </entry>
</feed>
"""


def test_entity_expansion_cannot_blow_up_the_parser() -> None:
    # feedparser drops the document type declaration, so the entity is never defined, let alone
    # expanded: the feed is refused as malformed, at once.
    start = time.perf_counter()
    with pytest.raises(SourceUnavailable, match="undefined entity"):
        parse_feed(BILLION_LAUGHS)
    assert time.perf_counter() - start < 5
    defused = BILLION_LAUGHS.replace(b"<title>&g;</title>", b"<title>Laughs</title>")
    (paper,) = parse_feed(defused).papers
    assert paper.title == "Laughs"


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    feed = (
        atom_feed([Entry("2411.00001", title="TITLE")])
        .replace(
            b"<?xml version='1.0' encoding='UTF-8'?>",
            f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(),
        )
        .replace(b"<title>TITLE</title>", b"<title>&x;</title>")
    )
    # The entity is not resolved: the title comes out empty, and the paper is still read.
    (paper,) = parse_feed(feed).papers
    assert (paper.arxiv_id, paper.title) == ("2411.00001", "")
    plain = parse_feed(feed.replace(b"<title>&x;</title>", b"<title>TITLE</title>")).papers
    assert [paper.title for paper in plain] == ["TITLE"]


def test_the_package_runs_nothing_through_a_shell() -> None:
    source = "\n".join(path.read_text() for path in PACKAGE.glob("*.py"))
    for forbidden in (
        r"\bsubprocess\b",
        r"\bos\.system\b",
        r"\bos\.popen\b",
        r"\beval\(",
        r"\bexec\(",
    ):
        assert re.search(forbidden, source) is None, forbidden


ECHOES = {
    "401 body echoing the header": Fault(
        "GET", "/contents/", 401, {"message": f"Bad credentials: Authorization: token {TOKEN}"}
    ),
    "404 body echoing the token": Fault("PUT", "/contents/", 404, {"message": f"no {TOKEN}"}),
    "403 body echoing it on write": Fault(
        "PUT", "/contents/", 403, {"message": f"token {TOKEN} may not push"}
    ),
}


@pytest.mark.parametrize("how", list(ECHOES), ids=list(ECHOES))
def test_a_body_that_echoes_the_token_carries_it_nowhere(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str], how: str
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    arxiv.serve_keyword("Diffusion", [Entry("2411.10001")])
    github.faults = [ECHOES[how]]
    stream = io.StringIO()
    assert action_main(env, stream) == 1
    log = stream.getvalue().removeprefix(f"::add-mask::{TOKEN}\n")
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text()
    assert "::error" in log and "***" in log + summary
    assert TOKEN not in log + summary
