"""The fault matrix: what a whole run does when arXiv or GitHub misbehaves (docs/reliability.md).

Each fault is injected in the emulators over real HTTP; the client code is the production code.
The invariant throughout: a keyword whose search fails keeps its rows, and the README is never
committed with fewer papers than it had.
"""

from __future__ import annotations

import io
import threading
import time
from dataclasses import replace
from datetime import date
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from dailypapers.arxiv.client import ArxivClient
from dailypapers.arxiv.policy import RetryPolicy, longest_answers, seconds_to_stop
from dailypapers.domain.arxiv import keyword_query
from dailypapers.domain.errors import SourceDown, SourceError, StoreError
from dailypapers.domain.interfaces import Digest, PaperSource, ReadmeStore, StoredReadme
from dailypapers.domain.pages import DEFAULT_MAX_README_BYTES, PageSettings
from dailypapers.domain.settings import NO_EXTRA_FILES, ExtraFileSettings
from dailypapers.entry.cli import action_main
from dailypapers.entry.local_store import LocalReadmeStore
from dailypapers.github.issues import IssueNotifier
from dailypapers.github.store import GitHubReadmeStore
from dailypapers.notify.digest import digest_title
from dailypapers.readme.document import parse_readme
from dailypapers.run import Adapters, RunReport, run
from tests.emulators.arxiv import ArxivEmulator, EmulatedTime, Reply
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.github import CONTENTS_LIMIT, Fault, GitHubEmulator
from tests.emulators.github.state import recorded_message
from tests.factories import (
    NOW,
    REPO,
    TODAY,
    FakeClock,
    MemoryStore,
    SameSource,
    anchor_readme,
    github_repository,
    github_store,
    keyword_settings,
    recorded_feed,
    rows_by_section,
)

KEYWORDS = ("Molecular", "Molecular Generation")
ATTEMPTS = 3
# The production policy with its jitter at the top of its range: waits are exact.
EXACT = RetryPolicy(jitter=lambda: 1.0)


def update(
    store: ReadmeStore, source: PaperSource, keywords: tuple[str, ...], **options: Any
) -> RunReport:
    """One run at NOW, one section per keyword; ``options`` as :func:`keyword_settings` takes."""
    return run(keyword_settings(*keywords, **options), Adapters(store, source), NOW)


def client(arxiv: ArxivEmulator, clock: FakeClock) -> ArxivClient:
    return ArxivClient(
        arxiv.url,
        request_interval=3.0,
        retry=RetryPolicy(attempts=ATTEMPTS, timeout=(1.0, 0.05)),
        clock=clock,
        sleep=clock.sleep,
    )


ARXIV_FAULTS = {
    "503 with Retry-After": Reply(503, b"busy", {"Retry-After": "30"}),
    "503 without Retry-After": Reply(503, b"busy"),
    "429 with Retry-After": Reply(429, b"slow down", {"Retry-After": "60"}),
    "429 without Retry-After": Reply(429, b"slow down"),
    "connection reset": Reply(reset=True),
    "read timeout": Reply(stall=True),
    "truncated XML": Reply(200, recorded_feed("q_testing.xml")[:20_000]),
    "not XML at all": Reply(200, b"<html><body>Bad gateway</body></html>"),
}
SHORT_PAGES = {
    "HTTP 200 empty page, totalResults 250": Reply(200, atom_feed([], total=250)),
    "HTTP 200 short page mid-result": Reply(
        200, atom_feed([Entry(f"2411.{n:05d}") for n in range(40)], total=250)
    ),
}


@pytest.mark.parametrize("fault", list(ARXIV_FAULTS), ids=list(ARXIV_FAULTS))
def test_a_persistent_arxiv_fault_is_retried_in_bounds_then_the_rows_are_kept(
    fault: str, arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    arxiv.answer_keyword("Molecular", ARXIV_FAULTS[fault])
    arxiv.serve_keyword("Molecular Generation", [Entry("2504.09999", updated=date(2025, 4, 8))])
    readme = tmp_path / "README.md"
    readme.write_text(anchor_readme())
    before = rows_by_section(anchor_readme())

    report = update(LocalReadmeStore(readme), client(arxiv, clock), KEYWORDS, max_papers=100)

    after = rows_by_section(readme.read_text())
    assert after["Molecular"] == before["Molecular"]
    assert len(after["Molecular Generation"]) == len(before["Molecular Generation"]) + 1
    assert [failure.heading for failure in report.failures] == ["Molecular"]
    faulted = [r for r in arxiv.requests if r.params["search_query"] == keyword_query("Molecular")]
    # Its attempts (two for a sign that arXiv is down), then as many in another turn after the
    # other keyword, whose answer says arXiv is up.
    per_turn = ATTEMPTS if fault.startswith("429") else RetryPolicy().down_attempts
    assert len(faulted) == 2 * per_turn
    policy = RetryPolicy()
    assert all(
        wait <= max(policy.max_backoff_seconds, policy.max_retry_after_seconds)
        for wait in clock.sleeps
    )


@pytest.mark.parametrize("fault", list(SHORT_PAGES), ids=list(SHORT_PAGES))
def test_a_page_that_stays_short_is_merged_for_what_it_holds_with_a_note(
    fault: str, arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    arxiv.answer_keyword("Molecular", SHORT_PAGES[fault])
    readme = tmp_path / "README.md"
    readme.write_text(anchor_readme())
    before = rows_by_section(anchor_readme())
    report = update(LocalReadmeStore(readme), client(arxiv, clock), ("Molecular",), max_papers=100)
    (fetch,) = report.fetches
    assert report.failures == [] and fetch.papers is not None
    assert len(arxiv.requests) == ATTEMPTS
    assert fetch.notes[0].startswith(f"kept the {len(fetch.papers)} entries of a page that")
    after = rows_by_section(readme.read_text())
    assert len(after["Molecular"]) == len(before["Molecular"]) + len(fetch.papers)
    assert set(before["Molecular"]) <= set(after["Molecular"])


def test_arxivs_error_feed_is_not_retried_and_the_rows_are_kept(
    arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    arxiv.answer_keyword("Molecular", Reply(400, recorded_feed("id_abc.xml")))
    readme = tmp_path / "README.md"
    readme.write_text(anchor_readme())
    report = update(LocalReadmeStore(readme), client(arxiv, clock), KEYWORDS)
    assert report.failures[0].error == "arXiv rejected the query: incorrect id format for abc"
    assert len(arxiv.requests) == 2
    # Every row as it was; only the date of the run is new.
    assert readme.read_text() == anchor_readme().replace("2025-04-09", TODAY.isoformat())


def test_odd_feed_contents_are_merged_sensibly(
    arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    entries = [
        Entry("2411.00001", title="Listed twice", updated=date(2026, 11, 3)),
        Entry("2411.00001", title="Listed twice", updated=date(2026, 11, 3)),
        Entry("2411.00002", title="No summary or comment", summary=None, comment=None),
        Entry("2411.00003", title="Only published", updated=None, published=date(2026, 11, 2)),
        Entry("2411.00004", title="No dates at all", updated=None),
        Entry("2411.00005", title="Unreadable update date", updated=date(2026, 11, 21)),
    ]
    body = atom_feed(entries).replace(
        b"<updated>2026-11-21T12:00:00Z</updated>", b"<updated>last Tuesday</updated>"
    )
    arxiv.answer_keyword("Odd", Reply(200, body))
    readme = tmp_path / "README.md"
    report = update(LocalReadmeStore(readme), client(arxiv, clock), ("Odd",))
    (section,) = parse_readme(readme.read_text()).sections
    assert section.table is not None
    # arXiv's order is no order: asked again, then sorted by update time, with a note.
    assert [(row.paper_id, row.date) for row in section.table.rows] == [
        ("2411.00005", date(2026, 11, 21)),  # the publication date stands in
        ("2411.00002", date(2026, 11, 20)),
        ("2411.00001", date(2026, 11, 3)),
        ("2411.00003", date(2026, 11, 2)),
    ]
    (fetch,) = report.fetches
    assert fetch.notes == (
        "arXiv did not sort its answer by update time, even when asked again; sorted here",
    )
    assert len(arxiv.requests) == 2
    assert "<p></p></details> |  |" in section.table.rows[1].text


def test_a_multi_megabyte_response_is_parsed_and_capped(
    arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    abstract = "A long abstract sentence about many things. " * 60
    entries = [
        Entry(f"2411.{n:05d}", summary=abstract, updated=date(2026, 11, 1 + n % 20))
        for n in range(2000)
    ]
    body = atom_feed(entries)
    assert len(body) > 5_000_000
    arxiv.answer_keyword("Big", Reply(200, body))
    readme = tmp_path / "README.md"
    report = update(LocalReadmeStore(readme), client(arxiv, clock), ("Big",), max_papers=2000)
    assert len(report.new_papers) == 2000
    # The README shows what its budget holds; its pages beside it, the rest.
    assert len(readme.read_bytes()) <= DEFAULT_MAX_README_BYTES
    assert [len(table.rows) for table in report.merge.tables] == [2000]


@pytest.fixture
def repo(github: GitHubEmulator) -> GitHubEmulator:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    return github


def store(github: GitHubEmulator, **settings: str) -> GitHubReadmeStore:
    return github_store(github, retries=3, **settings)


NEW = Entry("2504.09999", title="New", updated=date(2025, 4, 8))
EXTRA = ExtraFileSettings(papers_file="papers.json")


@pytest.mark.parametrize(
    "fault",
    [
        Fault("GET", "/contents/", 502),
        Fault("PUT", "/contents/", 503),
        Fault("GET", "/contents/", 500, times=2),
        Fault(
            "PUT",
            "/contents/",
            403,
            {"message": "You have exceeded a secondary rate limit."},
            {"Retry-After": "0"},
        ),
    ],
    ids=["502 on read", "503 on write", "500 twice", "403 secondary rate limit"],
)
def test_transient_github_faults_are_retried_and_the_commit_lands(
    repo: GitHubEmulator, fault: Fault
) -> None:
    repo.faults = [fault]
    report = update(store(repo), SameSource(NEW), ("Molecular",))
    assert report.committed
    assert len(repo.repos[REPO].commits) == 1


def test_github_failing_beyond_its_retries_commits_nothing(repo: GitHubEmulator) -> None:
    """A write is made again by the run alone (PyGithub's retry repeats reads only): four
    attempts, each read again first, five seconds apart, then the last refusal is named."""
    repo.faults = [Fault("PUT", "/contents/", 502, times=10)]
    clock = FakeClock()
    expected = r"could not be updated in 4 attempts \(the last: GitHub failed the write \(502"
    with pytest.raises(StoreError, match=expected):
        update(github_store(repo, retries=3, clock=clock), SameSource(NEW), ("Molecular",))
    assert repo.file(REPO, "README.md") == anchor_readme().encode()
    assert [call[0] for call in repo.calls].count("PUT") == 4
    assert clock.sleeps == [5.0] * 4


def test_a_readme_over_1_mb_is_read_through_blobs_and_updated(github: GitHubEmulator) -> None:
    entries = [
        Entry(f"2411.{n:05d}", summary="word " * 300, updated=date(2026, 11, 1 + n % 20))
        for n in range(700)
    ]
    keywords = tuple(f"K{n}" for n in range(7))
    # A README its owner lets grow past GitHub's cut, with a max-readme-bytes of 2 MB.
    pages = PageSettings(max_readme_bytes=2_000_000)
    big = update(MemoryStore(None), SameSource(*entries), keywords, max_papers=100, pages=pages)
    assert len(big.merge.text.encode()) > CONTENTS_LIMIT
    github.add_repo(REPO, {"README.md": big.merge.text.encode()})
    newest = Entry("2411.99999", title="Newest", updated=date(2026, 11, 23))
    report = update(store(github), SameSource(newest), keywords, pages=pages)
    assert report.committed
    assert len(report.new_papers) == len(keywords)
    assert any("/git/blobs/" in path for _, path in github.calls)
    final = rows_by_section((github.file(REPO, "README.md") or b"").decode())
    assert all(len(final[keyword]) == 100 for keyword in keywords)


def test_a_missing_branch_fails_before_any_write(repo: GitHubEmulator) -> None:
    with pytest.raises(StoreError, match="the branch 'gh-pages' does not exist"):
        update(store(repo, branch="gh-pages"), SameSource(NEW), ("X",))
    assert [method for method, _ in repo.calls] == ["GET"]


def test_an_empty_repository_gets_a_new_readme(github: GitHubEmulator) -> None:
    github.add_repo(REPO)
    report = update(store(github), SameSource(NEW), ("Fresh",))
    assert report.committed
    assert (github.file(REPO, "README.md") or b"").startswith(b"# Daily Papers\n")


def test_two_runs_started_together_both_land(repo: GitHubEmulator) -> None:
    """Both runs read the same version; the second write is refused (409), re-merged, retried."""
    both_read = threading.Barrier(2, timeout=10)

    class ReadTogether(GitHubReadmeStore):
        """Holds each run's first read until both runs have read."""

        first_read = True

        def read(self) -> StoredReadme | None:
            stored = super().read()
            if self.first_read:
                self.first_read = False
                both_read.wait()
            return stored

    def run_once(entry: Entry, results: list[object]) -> None:
        runner_store = ReadTogether(github_repository(repo, retries=0), REPO, "README.md")
        results.append(update(runner_store, SameSource(entry), ("Molecular",)))

    results: list[object] = []
    first = Entry("2504.09998", title="First run's paper", updated=date(2025, 4, 8))
    second = Entry("2504.09997", title="Second run's paper", updated=date(2025, 4, 8))
    threads = [threading.Thread(target=run_once, args=(e, results)) for e in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 2
    final = (repo.file(REPO, "README.md") or b"").decode()
    assert "First run's paper" in final and "Second run's paper" in final
    assert len(rows_by_section(final)["Molecular"]) == 5
    assert len(repo.repos[REPO].commits) == 2
    assert [method for method, _ in repo.calls].count("PUT") == 3


# arXiv as it really fails, 2025-26 (docs/reliability.md).

STORM_KEYWORDS = ("Alpha", "Beta", "Gamma", "Delta", "Epsilon")


def test_a_429_storm_is_ridden_out_for_the_whole_run_and_every_keyword_filled(
    arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    """Shared runner IPs get 429 without Retry-After: a state of the run, not of one keyword."""
    arxiv.clock = clock
    arxiv.script = [Reply(429, b"Rate exceeded.")] * 6
    for number, keyword in enumerate(STORM_KEYWORDS):
        arxiv.serve_keyword(keyword, [Entry(f"2411.1000{number}", title=f"{keyword} paper")])
    readme = tmp_path / "README.md"
    started = clock.now
    production = ArxivClient(arxiv.url, retry=EXACT, clock=clock, sleep=clock.sleep)
    report = update(LocalReadmeStore(readme), production, STORM_KEYWORDS)
    assert report.failures == []
    assert all(len(rows) == 1 for rows in rows_by_section(readme.read_text()).values())
    assert clock.now - started < 120
    times = [request.at for request in arxiv.requests if request.at is not None]
    assert len(times) == len(arxiv.requests) == 11
    assert min(b - a for a, b in pairwise(times)) >= 3.0


@pytest.mark.parametrize(
    "fault",
    [Reply(200, atom_feed([Entry("2411.00001")]), cut=True), Reply(200, b"x" * 100, cut=True)],
    ids=["feed cut halfway", "body cut halfway"],
)
def test_a_body_cut_mid_stream_is_asked_for_again(
    arxiv: ArxivEmulator, clock: FakeClock, fault: Reply
) -> None:
    arxiv.script = [fault]
    arxiv.serve_keyword("LLM", [Entry("2411.00002")])
    found = client(arxiv, clock).search(keyword_query("LLM"), 10)
    assert [paper.arxiv_id for paper in found.papers] == ["2411.00002"]
    assert len(arxiv.requests) == 2


def test_a_body_trickled_past_the_deadline_is_abandoned_and_asked_again(
    arxiv: ArxivEmulator,
) -> None:
    time = EmulatedTime()
    arxiv.clock = time
    arxiv.script = [Reply(200, atom_feed([Entry(f"2411.0000{n}") for n in range(5)]), trickle=10)]
    arxiv.serve_keyword("LLM", [Entry("2411.00009")])
    policy = replace(EXACT, request_deadline_seconds=8.0)
    slow = ArxivClient(arxiv.url, retry=policy, clock=time, sleep=time.sleep)
    found = slow.search(keyword_query("LLM"), 10)
    assert [paper.arxiv_id for paper in found.papers] == ["2411.00009"]
    assert len(arxiv.requests) == 2


# arXiv down for the whole run, as the action's users met it: 20 keywords (or one, which gets
# another turn) at the default interval, the production policy on an injected clock (a silent
# server's read timeout is 0.05 real seconds, which the clock does not see; the arithmetic
# covers it).

TWENTY = tuple(f"Topic {n}" for n in range(20))
SILENT = replace(EXACT, timeout=(1.0, 0.05))
ARXIV_DOWN = {
    "HTTP 503 to everything": (Reply(503), EXACT, "HTTP 503", "HTTP 5xx"),
    "accepts and never answers": (Reply(stall=True), SILENT, "no answer within 0.05 s", "silent"),
    "trickles a byte a second": (
        Reply(200, recorded_feed("q_testing.xml"), trickle=1), EXACT,
        "an answer slower than 45 s", "trickling",
    ),
    "50 MB of garbage": (
        Reply(200, padding=50_000_000), EXACT, "a body that is not an Atom feed", "HTTP 5xx",
    ),
}  # fmt: skip


@pytest.mark.parametrize("keywords", [20, 1], ids=["20 keywords", "1 keyword"])
@pytest.mark.parametrize("how", list(ARXIV_DOWN), ids=list(ARXIV_DOWN))
def test_a_run_against_an_arxiv_that_is_down_ends_within_three_minutes_changing_nothing(
    arxiv: ArxivEmulator, tmp_path: Path, how: str, keywords: int
) -> None:
    reply, policy, answered, kind = ARXIV_DOWN[how]
    time = EmulatedTime()
    arxiv.clock, arxiv.always = time, reply
    readme = tmp_path / "README.md"
    readme.write_text(anchor_readme())
    source = ArxivClient(arxiv.url, retry=policy, clock=time, sleep=time.sleep)
    started = time.now
    with pytest.raises(SourceDown) as raised:
        update(LocalReadmeStore(readme), source, TWENTY[:keywords])
    assert str(raised.value) == (
        f"arXiv is not answering at {arxiv.url}: {answered} to 3 requests in a row, over 2 "
        "searches; nothing was changed, every section keeps its rows, the next run will try again"
    )
    assert readme.read_text() == anchor_readme()
    assert len(arxiv.requests) == 3
    longest = seconds_to_stop(EXACT, 3.0, longest_answers(EXACT)[kind])
    # A trickled piece may land a second late on the emulated clock: one per request.
    assert time.now - started <= longest + 3 and longest < 180


def test_an_arxiv_that_stops_answering_mid_run_keeps_what_it_answered(
    arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    keywords = tuple(f"Topic {n}" for n in range(8))
    for number, keyword in enumerate(keywords[:3]):
        arxiv.serve_keyword(keyword, [Entry(f"2411.1000{number}", title=f"{keyword} paper")])
    for keyword in keywords[3:]:
        arxiv.answer_keyword(keyword, Reply(503))
    readme = tmp_path / "README.md"
    report = update(LocalReadmeStore(readme), client(arxiv, clock), keywords)
    assert report.committed and len(report.new_papers) == 3
    assert [failure.heading for failure in report.failures] == list(keywords[3:])
    stopped = [failure.error or "" for failure in report.failures[1:]]
    assert all(error.startswith("arXiv stopped answering at ") for error in stopped)
    assert "HTTP 503 to 3 requests in a row, over 2 searches" in stopped[0]
    assert len(arxiv.requests) == 3 + 3


def test_the_action_against_an_arxiv_that_is_down_fails_with_one_error_committing_nothing(
    arxiv: ArxivEmulator,
    github: GitHubEmulator,
    env: dict[str, str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The runner's way in, two keywords, the client on the test's clock."""
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    arxiv.always = Reply(503)
    on_the_clock = partial(ArxivClient, clock=clock, sleep=clock.sleep)
    monkeypatch.setattr("dailypapers.entry.adapters.ArxivClient", on_the_clock)
    env["INPUT_REQUEST-INTERVAL"] = "3"
    status, log, summary = _action_run(env)
    errors = [line for line in log.splitlines() if line.startswith("::error")]
    assert status == 1 and len(errors) == 1, log
    assert errors[0].startswith("::error title=daily-papers failed::arXiv is not answering at ")
    assert errors[0].endswith("HTTP 503 to 3 requests in a row, over 2 searches; nothing was "
        "changed, every section keeps its rows, the next run will try again")  # fmt: skip
    assert "arXiv is not answering" in summary and "Traceback" not in log + summary
    assert github.repos[REPO].commits == [] and len(arxiv.requests) == 3


def test_an_unreachable_arxiv_ends_every_search_of_the_run_at_once(clock: FakeClock) -> None:
    unreachable = ArxivClient(
        "http://127.0.0.1:1/api/query", retry=EXACT, clock=clock, sleep=clock.sleep
    )
    logged: list[str] = []
    adapters = Adapters(MemoryStore(anchor_readme()), unreachable, log=logged.append)
    with pytest.raises(SourceError, match="every arXiv search failed") as raised:
        run(keyword_settings(*STORM_KEYWORDS), adapters, NOW)
    assert str(raised.value).count("cannot reach arXiv") == 1
    # One search per keyword, no other turn, and no wait: only the first one asked.
    assert len(logged) == len(STORM_KEYWORDS) and clock.sleeps == []


def test_a_huge_retry_after_ends_its_keyword_not_the_run(
    arxiv: ArxivEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    arxiv.answer_keyword("Molecular", Reply(429, b"", {"Retry-After": "86400"}))
    arxiv.serve_keyword("Molecular Generation", [Entry("2504.09999", updated=date(2025, 4, 8))])
    readme = tmp_path / "README.md"
    readme.write_text(anchor_readme())
    report = update(
        LocalReadmeStore(readme), client(arxiv, clock), KEYWORDS)  # fmt: skip
    assert [failure.heading for failure in report.failures] == ["Molecular"]
    assert "asked to wait 86400 s" in (report.failures[0].error or "")
    assert report.committed and max(clock.sleeps, default=0) < 120


def test_an_answer_arxiv_did_not_sort_is_asked_again_then_used_sorted(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    unsorted = [Entry("2411.00001", updated=date(2026, 11, 1)), Entry("2411.00002")]
    arxiv.script = [Reply(200, atom_feed(unsorted))]
    arxiv.serve_keyword("LLM", list(reversed(unsorted)))
    found = client(arxiv, clock).search(keyword_query("LLM"), 10)
    assert ([p.arxiv_id for p in found.papers], found.notes, found.ordered) == (
        ["2411.00002", "2411.00001"], (), True,
    )  # fmt: skip
    arxiv.script = [Reply(200, atom_feed(unsorted))] * 2
    again = client(arxiv, clock).search(keyword_query("LLM"), 10)
    assert [p.arxiv_id for p in again.papers] == ["2411.00002", "2411.00001"]
    assert (again.ordered, len(again.notes)) == (False, 1)


# GitHub as it really fails (docs/reliability.md).

PUT_README = r"/contents/README\.md$"


def _action_run(env: dict[str, str]) -> tuple[int, str, str]:
    """The action's exit code, its log and its job summary."""
    stream = io.StringIO()
    status = action_main(env, stream)
    summary = Path(env["GITHUB_STEP_SUMMARY"])
    return status, stream.getvalue(), summary.read_text() if summary.exists() else ""


UNREACHABLE = "could not reach GitHub"
UNDOCUMENTED = "not what its API documents"
GITHUB_BREAKS = {
    "connection refused": ({"GITHUB_API_URL": "http://127.0.0.1:1/api/v3"}, [], UNREACHABLE),
    "DNS failure": ({"GITHUB_API_URL": "http://nonexistent.invalid/api/v3"}, [], UNREACHABLE),
    "malformed JSON": ({}, [Fault("GET", "/contents/", 200, raw=b"{not json")], UNDOCUMENTED),
    "odd JSON shape": ({}, [Fault("GET", "/contents/", 200, {"unexpected": [1, 2]})], "GitHub"),
    "PUT answer without commit": (
        {}, [Fault("PUT", PUT_README, 200, {"content": None}, after_handling=True)], UNDOCUMENTED,
    ),
    "redirect to another host": (
        {}, [Fault("GET", "/contents/", 301, {}, {"Location": "http://127.0.0.2:9/x"})],
        "could not be followed",
    ),
    "token with a non-Latin-1 character": (
        {"INPUT_GITHUB-TOKEN": "ghs_tökén"}, [], "no HTTP header can carry",
    ),
    "token with a line break": ({"INPUT_GITHUB-TOKEN": "ghs_a\r\nX-Injected: 1"}, [], "line break"),
}  # fmt: skip


@pytest.mark.parametrize("how", list(GITHUB_BREAKS), ids=list(GITHUB_BREAKS))
def test_github_breaking_is_one_error_that_says_what_happened_never_a_traceback(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str], how: str
) -> None:
    overrides, faults, fragment = GITHUB_BREAKS[how]
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    arxiv.serve_keyword("Diffusion", [Entry("2411.10001")])
    github.faults = list(faults)
    env.update(overrides)
    status, log, summary = _action_run(env)
    errors = [line for line in log.splitlines() if line.startswith("::error")]
    assert status == 1
    assert len(errors) == 1 and fragment in errors[0], log
    assert "Traceback" not in log + summary


PROTECTION = {
    "required status check (PUT contents)": Fault(
        "PUT", PUT_README, 409, {"message": recorded_message("required_status_check")}
    ),
    "ruleset (PATCH ref)": Fault(
        "PATCH", "/git/refs/", 422, {"message": recorded_message("rule_violation")}
    ),
}


@pytest.mark.parametrize("how", list(PROTECTION), ids=list(PROTECTION))
def test_a_protected_branch_is_said_to_be_one_and_not_retried(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str], how: str
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    arxiv.serve_keyword("Diffusion", [Entry("2411.10001")])
    github.faults = [replace(PROTECTION[how], times=10)]
    if how.startswith("ruleset"):
        env["INPUT_PAPERS-FILE"] = "papers.json"  # a multi-file commit moves the ref
    status, log, _ = _action_run(env)
    assert status == 1
    assert "is protected: GitHub refused the commit" in log
    assert "write to an unprotected branch with the branch input" in log
    writes = [call for call in github.calls if call[0] in {"PUT", "PATCH"}]
    assert len(writes) == 1  # not taken for a README changed meanwhile, not retried


SECONDARY = {"message": recorded_message("secondary_rate_limit")}
WRITE_LIMITS = {
    "403 secondary limit, PATCH ref": Fault("PATCH", "/git/refs/", 403, SECONDARY),
    "429 with Retry-After, PUT contents": Fault(
        "PUT", PUT_README, 429, SECONDARY, {"Retry-After": "7"}
    ),
    "429 without Retry-After, PATCH ref": Fault("PATCH", "/git/refs/", 429, SECONDARY),
}  # fmt: skip


@pytest.mark.parametrize("how", list(WRITE_LIMITS), ids=list(WRITE_LIMITS))
def test_a_rate_limited_write_is_waited_out_and_made(github: GitHubEmulator, how: str) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    github.faults = [WRITE_LIMITS[how]]
    clock = FakeClock()
    store = github_store(github, retries=0, clock=clock)
    extra = EXTRA if "PATCH" in how else NO_EXTRA_FILES
    report = update(
        store, SameSource(NEW), ("Molecular",),
        extra_files=extra)  # fmt: skip
    assert report.committed
    assert clock.sleeps == [7.0 if "with Retry-After" in how else 60.0]


def test_a_primary_limit_that_resets_far_off_says_rate_limited_not_permissions(
    github: GitHubEmulator,
) -> None:
    github.add_repo(REPO, {"README.md": anchor_readme().encode()})
    far = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) + 3600)}
    github.faults = [Fault("PUT", PUT_README, 403, {"message": "API rate limit exceeded"}, far)]
    clock = FakeClock()
    store = github_store(github, retries=1, clock=clock)
    with pytest.raises(StoreError) as raised:
        update(store, SameSource(NEW), ("Molecular",))
    assert "rate-limited the token" in str(raised.value)
    assert "permissions" not in str(raised.value)
    assert clock.sleeps == []


def test_the_day_issue_waits_out_a_rate_limit_and_is_opened_once(github: GitHubEmulator) -> None:
    repo = github.add_repo(REPO, {})
    github.faults = [
        Fault("POST", r"/issues$", 403, SECONDARY, {"Retry-After": "3"}, after_handling=False)
    ]
    clock = FakeClock()
    notifier = IssueNotifier(github_repository(github), REPO, sleep=clock.sleep)
    notifier.notify(Digest(digest_title(TODAY), "1 new paper\n"), TODAY)
    assert (len(repo.issues), clock.sleeps) == (1, [3.0])


def test_a_missing_default_branch_is_named(github: GitHubEmulator) -> None:
    repo = github.add_repo(REPO, {"README.md": b"x"})
    repo.default_branch = "trunk"
    github.faults = [
        Fault("GET", "/contents/", 404, {"message": recorded_message("missing_ref", ref="trunk")})
    ]
    with pytest.raises(StoreError, match="the branch 'trunk' does not exist"):
        store(github).read()
