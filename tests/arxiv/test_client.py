from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from dailypapers.arxiv.client import ArxivClient
from dailypapers.arxiv.feed import parse_feed
from dailypapers.arxiv.policy import RetryPolicy, longest_answers, seconds_to_stop
from dailypapers.arxiv.transport import same_host_or_https_upgrade
from dailypapers.domain.arxiv import keyword_query
from dailypapers.domain.errors import (
    SourceDown,
    SourceError,
    SourceUnavailable,
)
from dailypapers.domain.project import USER_AGENT
from tests.emulators.arxiv import ArxivEmulator, CorpusPaper, EmulatedTime, Reply
from tests.emulators.atom import Entry, atom_feed
from tests.factories import FakeClock, recorded_feed


def test_recorded_page_of_100_entries_parses_completely() -> None:
    page = parse_feed(recorded_feed("q_testing.xml"))
    assert (page.total_results, page.entries, len(page.papers)) == (214881, 100, 100)
    first = page.papers[0]
    assert (first.arxiv_id, first.version, first.updated) == ("2202.12139", 1, date(2022, 2, 24))
    assert first.categories == ("cs.SE", "cs.LG")
    assert first.primary_category == "cs.SE"
    assert first.authors == ("Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker")
    assert first.comment == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022"


def test_recorded_entities_and_line_wraps_become_plain_single_line_text() -> None:
    papers = parse_feed(recorded_feed("q_testing.xml")).papers
    titles = [paper.title for paper in papers]
    assert "ChatGPT and Software Testing Education: Promises & Perils" in titles
    assert all("\n" not in paper.title + paper.abstract + paper.comment for paper in papers)
    assert all(paper.abstract == paper.abstract.strip() for paper in papers)
    assert all("  " not in paper.abstract for paper in papers)


def test_recorded_old_style_identifier() -> None:
    (paper,) = parse_feed(recorded_feed("id_quant-ph_0201082v1.xml")).papers
    assert (paper.arxiv_id, paper.version, paper.comment) == ("quant-ph/0201082", 1, "32 pages")
    # The alternate link as the recording has it, not one rebuilt from the id.
    assert paper.url == "https://arxiv.org/abs/quant-ph/0201082v1"
    assert paper.pdf_url == "https://arxiv.org/pdf/quant-ph/0201082v1"


def test_recorded_answer_with_fewer_entries_than_ids_asked() -> None:
    page = parse_feed(recorded_feed("id_0808.05394_1707.08567.xml"))
    (paper,) = page.papers
    assert (page.total_results, page.entries) == (1, 1)
    assert (paper.arxiv_id, paper.version, paper.categories) == ("1707.08567", 1, ("cs.IT",))
    assert paper.comment.startswith("44 pages, editors for the proceedings")
    assert paper.authors[:2] == ("Kees A. Schouhamer Immink", "Stan Baggen")


def test_recorded_empty_feed() -> None:
    page = parse_feed(recorded_feed("id_0000.0000.xml"))
    assert (page.total_results, page.entries, page.papers) == (0, 0, [])


def test_recorded_error_feed_raises_its_message() -> None:
    with pytest.raises(SourceError, match="incorrect id format for abc"):
        parse_feed(recorded_feed("id_abc.xml"))


@pytest.mark.parametrize(
    "body",
    [
        recorded_feed("q_testing.xml")[:5000],
        b"<html><body>Service Unavailable</body></html>",
        b"",
    ],
)
def test_truncated_or_foreign_bodies_are_malformed(body: bytes) -> None:
    with pytest.raises(SourceUnavailable) as raised:
        parse_feed(body)
    assert raised.value.down_sign == "a body that is not an Atom feed"


def test_entries_missing_fields_are_read_or_skipped() -> None:
    feed = atom_feed(
        [
            Entry("2401.00001", summary=None, comment=None),
            Entry("2401.00002", updated=None, published=date(2026, 11, 19), categories=()),
            Entry("2401.00003", updated=None),
        ]
    )
    page = parse_feed(feed)
    first, second = page.papers
    assert (first.abstract, first.comment) == ("", "")
    assert second.updated == date(2026, 11, 19)  # no update date: the publication date
    assert second.categories == ()
    assert page.entries == 3  # the dateless entry counts as served, but is no paper


def _client(
    arxiv: ArxivEmulator, clock: FakeClock, request_interval: float = 3.0, **policy: Any
) -> ArxivClient:
    """The client on the fake clock, its jitter at the top of its range: waits are exact."""
    return ArxivClient(
        arxiv.url,
        request_interval=request_interval,
        retry=RetryPolicy(jitter=lambda: 1.0, **policy),
        clock=clock,
        sleep=clock.sleep,
    )


def test_search_sends_the_documented_request(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.serve_keyword("LLM", [Entry("2411.00001", title="Big models")])
    papers = _client(arxiv, clock).search(keyword_query("LLM"), 100).papers
    assert [paper.title for paper in papers] == ["Big models"]
    (request,) = arxiv.requests
    assert request.params == {
        "search_query": 'ti:"LLM" AND abs:"LLM"',
        "sortBy": "lastUpdatedDate",
        "sortOrder": "descending",
        "start": "0",
        "max_results": "100",
    }
    assert request.headers["User-Agent"] == USER_AGENT


def test_requests_are_never_closer_than_the_interval(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    client = _client(arxiv, clock, request_interval=3.0)
    client.search("a", 10)
    clock.now += 1.0  # one second of other work
    client.search("b", 10)
    client.search("c", 10)
    assert clock.sleeps == [2.0, 3.0]
    assert len(arxiv.requests) == 3


def test_503_with_retry_after_is_honoured_then_retried(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    arxiv.script = [Reply(503, b"busy", {"Retry-After": "17"})]
    arxiv.serve_keyword("LLM", [Entry("2411.00001")])
    papers = _client(arxiv, clock, request_interval=3.0).search(keyword_query("LLM"), 10).papers
    assert len(papers) == 1
    assert clock.sleeps == [17.0]  # the wait covers the interval, so no extra pause
    assert len(arxiv.requests) == 2


@pytest.mark.parametrize(
    ("fault", "times"),
    [
        (Reply(429), 2),
        (Reply(200, atom_feed([], total=5)), 2),
        (Reply(200, atom_feed([Entry("2411.00009")], total=5)), 2),
        # Signs that arXiv is down: a search gives up after the second in a row.
        (Reply(500), 1),
        (Reply(502), 1),
        (Reply(reset=True), 1),
        (Reply(200, recorded_feed("q_testing.xml")[:3000]), 1),
    ],
    ids=["429", "empty-page", "short-page", "500", "502", "reset", "truncated"],
)
def test_transient_faults_are_retried_with_backoff(
    arxiv: ArxivEmulator, clock: FakeClock, fault: Reply, times: int
) -> None:
    arxiv.script = [fault] * times
    arxiv.serve_keyword("LLM", [Entry(f"2411.0000{i}") for i in range(5)])
    papers = (
        _client(arxiv, clock, request_interval=0.0, attempts=3, backoff_seconds=2.0)
        .search(keyword_query("LLM"), 5)
        .papers
    )
    assert len(papers) == 5
    assert clock.sleeps == [2.0, 4.0][:times]


def test_a_read_timeout_is_retried(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(stall=True)]
    arxiv.serve_keyword("LLM", [Entry("2411.00001")])
    client = _client(arxiv, clock, request_interval=0.0, timeout=(1.0, 0.05))
    assert len(client.search(keyword_query("LLM"), 5).papers) == 1
    assert len(arxiv.requests) == 2
    assert clock.sleeps == [3.0]


def _asked(arxiv: ArxivEmulator, url: str | None) -> dict[str, str]:
    """The parameters of a URL of the emulated API, which an error says it asked."""
    assert url is not None and url.startswith(f"{arxiv.url}?")
    return dict(parse_qsl(urlsplit(url).query))


def test_retries_are_bounded(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(429)] * 5
    client = _client(arxiv, clock, request_interval=0.0, attempts=3)
    with pytest.raises(SourceUnavailable, match="after 3 attempts: HTTP 429") as raised:
        client.search("a", 10)
    assert len(arxiv.requests) == 3
    assert (raised.value.status, raised.value.attempts) == (429, 3)
    assert _asked(arxiv, raised.value.url) == arxiv.requests[0].params


def test_a_retry_after_too_long_to_wait_ends_the_search_at_once(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    arxiv.script = [Reply(503, headers={"Retry-After": "86400"})]
    client = _client(arxiv, clock, request_interval=0.0, attempts=2, max_retry_after_seconds=60.0)
    with pytest.raises(SourceUnavailable, match="asked to wait 86400 s before asking again"):
        client.search("a", 10)
    assert (clock.sleeps, len(arxiv.requests)) == ([], 1)


def test_error_feed_is_not_retried(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(400, recorded_feed("id_abc.xml"))]
    with pytest.raises(SourceError, match="incorrect id format for abc") as raised:
        _client(arxiv, clock).search("id:abc", 10)
    assert len(arxiv.requests) == 1
    assert (raised.value.status, raised.value.attempts) == (400, 1)
    assert _asked(arxiv, raised.value.url)["search_query"] == "id:abc"


def test_other_client_errors_are_not_retried(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(404, b"<html>gone</html>")]
    with pytest.raises(SourceError, match="HTTP 404") as raised:
        _client(arxiv, clock).search("a", 10)
    assert len(arxiv.requests) == 1
    assert (raised.value.status, raised.value.attempts) == (404, 1)


def test_an_error_counts_the_attempts_of_its_search(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(503), Reply(429), Reply(404, b"<html>gone</html>")]
    with pytest.raises(SourceError, match="HTTP 404") as raised:
        _client(arxiv, clock).search("a", 10)
    assert (raised.value.status, raised.value.attempts) == (404, 3)
    assert _asked(arxiv, raised.value.url)["search_query"] == "a"


def test_a_complete_short_result_is_not_a_fault(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.serve_keyword("rare", [Entry("2411.00001"), Entry("2411.00002")])
    found = _client(arxiv, clock).search(keyword_query("rare"), 100)
    assert (len(found.papers), found.notes) == (2, ())
    assert len(arxiv.requests) == 1


def test_the_emulated_archive_searches_as_the_client_asks(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    """The emulator's corpus mode, which the benchmark relies on, answers like arXiv's search."""

    def paper(number: int, title: str, day: int, visible_day: int) -> CorpusPaper:
        return CorpusPaper(
            Entry(f"2411.{number:05d}", title=title, updated=date(2026, 11, day)),
            datetime(2026, 11, day, 12),
            datetime(2026, 11, visible_day, 0),
        )

    arxiv.corpus = [
        paper(1, "Graph neural networks, revisited", 20, 21),
        paper(2, "Neural graph networks", 21, 22),
        paper(3, "Scaling graph-neural networks", 22, 23),
        paper(4, "GRAPH NEURAL NETWORKS for molecules", 23, 30),  # not announced yet
    ]
    arxiv.now = datetime(2026, 11, 24, 6)
    client = _client(arxiv, clock, request_interval=0.0)
    found = client.search(keyword_query("graph neural networks"), 10).papers
    assert [p.arxiv_id for p in found] == ["2411.00003", "2411.00001"]
    phrase = keyword_query("graph neural networks")
    window = f"({phrase}) AND lastUpdatedDate:[202611210000 TO 202611240600]"
    assert [p.arxiv_id for p in client.search(window, 10).papers] == ["2411.00003"]
    arxiv.now = datetime(2026, 11, 30, 6)
    assert len(client.search(keyword_query("graph neural networks"), 2).papers) == 2


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:1/api/query", "connection refused"),
        ("http://arxiv.invalid/q", "no such host"),
    ],
)
def test_an_unreachable_arxiv_fails_every_later_search_at_once(
    clock: FakeClock, url: str, why: str
) -> None:
    client = ArxivClient(url, retry=RetryPolicy(jitter=lambda: 1.0), clock=clock, sleep=clock.sleep)
    reason = f"cannot reach arXiv at {url} \\({why}\\); check the network and arxiv-api-url"
    with pytest.raises(SourceUnavailable, match=reason) as first:
        client.search("a", 10)
    # No wait would let it pass within the run.
    assert first.value.gone and first.value.attempts == 1
    started = clock.now
    for query in ("b", "a"):
        with pytest.raises(SourceUnavailable, match=reason) as later:
            client.search(query, 10)
        assert later.value.gone and later.value.attempts == 0
        assert dict(parse_qsl(urlsplit(later.value.url or "").query))["search_query"] == query
    # A request would have waited its turn, three seconds after the first.
    assert (clock.sleeps, clock.now) == ([], started)


# Throttled or down: signs that arXiv is down end a search after two, the run's asking after
# three in a row over two searches; throttling is neither.


def test_signs_that_arxiv_is_down_end_a_search_after_the_second(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    arxiv.always = Reply(503)
    with pytest.raises(SourceUnavailable, match="after 2 attempts: HTTP 503") as raised:
        _client(arxiv, clock).search("a", 10)
    assert (len(arxiv.requests), raised.value.attempts, clock.sleeps) == (2, 2, [3.0])


def test_three_signs_in_a_row_over_two_searches_say_arxiv_is_down(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    arxiv.always = Reply(503)
    client = _client(arxiv, clock)
    with pytest.raises(SourceUnavailable):
        client.search("a", 10)
    with pytest.raises(SourceDown) as raised:
        client.search("b", 10)
    assert str(raised.value) == (
        f"arXiv is not answering at {arxiv.url}: HTTP 503 to 3 requests in a row, over 2 "
        "searches; nothing was changed, every section keeps its rows, the next run will try again"
    )
    assert (raised.value.status, raised.value.attempts) == (503, 1)
    assert _asked(arxiv, raised.value.url)["search_query"] == "b"
    # Every later search fails at once, without a request or a wait.
    waited = list(clock.sleeps)
    with pytest.raises(SourceDown, match="arXiv is not answering") as later:
        client.search("c", 10)
    assert (later.value.attempts, len(arxiv.requests), clock.sleeps) == (0, 3, waited)


def test_before_any_answer_another_turn_of_the_same_search_counts(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    """A run of one keyword stops as soon as a run of many."""
    arxiv.always = Reply(503)
    client = _client(arxiv, clock)
    with pytest.raises(SourceUnavailable):
        client.search("a", 10)
    with pytest.raises(SourceDown, match="HTTP 503 to 3 requests in a row, over 2 searches"):
        client.search("a", 10)
    assert len(arxiv.requests) == 3


def test_one_query_arxiv_cannot_serve_is_not_arxiv_down(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    """Its signs come from one search only, and the others' answers end the row."""
    arxiv.answer_keyword("Broken", Reply(500))
    arxiv.serve_keyword("Fine", [Entry("2411.00001")])
    client = _client(arxiv, clock)
    for keyword in ("Broken", "Fine", "Broken", "Broken", "Fine", "Broken"):
        if keyword == "Fine":
            assert len(client.search(keyword_query(keyword), 10).papers) == 1
        else:
            with pytest.raises(SourceUnavailable, match="HTTP 500") as raised:
                client.search(keyword_query(keyword), 10)
            assert not raised.value.gone


def test_throttling_neither_counts_nor_ends_the_row(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(503), Reply(503), Reply(429), Reply(429), Reply(503)]
    client = _client(arxiv, clock)
    with pytest.raises(SourceUnavailable):
        client.search("a", 10)
    with pytest.raises(SourceDown, match="HTTP 503 to 3 requests in a row, over 2 searches"):
        client.search("b", 10)
    assert len(arxiv.requests) == 5


def test_after_arxiv_answered_the_run_stops_asking_and_the_searches_left_keep_their_rows(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    """arXiv down in the middle of a run: what it answered stands, the rest fail at once."""
    arxiv.serve_keyword("Fine", [Entry("2411.00001")])
    client = _client(arxiv, clock)
    client.search(keyword_query("Fine"), 10)
    arxiv.always = Reply(reset=True)
    with pytest.raises(SourceUnavailable, match="ConnectionError"):
        client.search("a", 10)
    stopped = f"arXiv stopped answering at {arxiv.url}: a broken connection to 3 requests"
    for query in ("b", "c"):
        with pytest.raises(SourceUnavailable, match=stopped) as later:
            client.search(query, 10)
        assert later.value.gone
    assert len(arxiv.requests) == 1 + 3


def test_a_silent_server_is_a_sign_after_the_read_timeout(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    arxiv.always = Reply(stall=True)
    client = _client(arxiv, clock, timeout=(1.0, 0.05))
    with pytest.raises(SourceUnavailable, match="ReadTimeout"):
        client.search("a", 10)
    with pytest.raises(SourceDown, match=r"no answer within 0\.05 s to 3 requests in a row"):
        client.search("b", 10)


def test_a_trickled_answer_ends_at_its_deadline_whatever_the_read_timeout(
    arxiv: ArxivEmulator,
) -> None:
    """One byte a second: each read comes well within the read timeout, the answer never does."""
    time = EmulatedTime()
    arxiv.clock = time
    arxiv.always = Reply(200, recorded_feed("q_testing.xml"), trickle=1)
    client = _client(arxiv, time, request_deadline_seconds=20.0, down_attempts=1)
    started = time.now
    with pytest.raises(SourceUnavailable, match="the answer took over 20 s to arrive"):
        client.search("a", 10)
    assert 20.0 <= time.now - started - sum(time.sleeps) <= 21.0


@pytest.mark.parametrize(
    ("body", "sign"),
    [
        (b"", "a body that is not an Atom feed"),
        (
            b"<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>",
            "a body over 1.7 MB",
        ),
    ],
    ids=["garbage", "a feed that goes on"],
)
def test_a_huge_body_is_cut_off_early(
    arxiv: ArxivEmulator, clock: FakeClock, body: bytes, sign: str
) -> None:
    """50 MB: garbage is found out in its first 4 KiB, a feed that goes on past any answer of
    10 entries (10 x 64 KiB + 1 MiB) is cut off there."""
    arxiv.always = Reply(200, body, padding=50_000_000)
    client = _client(arxiv, clock, down_attempts=1)
    with pytest.raises(SourceUnavailable):
        client.search("a", 10)
    with pytest.raises(SourceUnavailable):
        client.search("b", 10)
    with pytest.raises(SourceDown, match=f"{sign} to 3 requests"):
        client.search("c", 10)


def test_a_body_at_the_cap_is_read_and_one_past_it_is_not(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    feed = atom_feed([Entry("2411.00001")])
    policy = RetryPolicy().max_body_bytes(1)
    arxiv.script = [Reply(200, feed[:-8] + b" " * (policy - len(feed)) + feed[-8:])]
    assert len(_client(arxiv, clock).search("a", 1).papers) == 1
    arxiv.script = [Reply(200, feed[:-8] + b" " * (policy - len(feed) + 1) + feed[-8:])]
    with pytest.raises(SourceUnavailable, match="cut off"):
        _client(arxiv, clock, down_attempts=1).search("a", 1)


def test_a_redirect_to_another_host_is_not_followed(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    elsewhere = ArxivEmulator()
    with elsewhere.server:
        arxiv.always = Reply(301, headers={"Location": f"{elsewhere.url}?search_query=a"})
        with pytest.raises(SourceError, match="arXiv redirected to another host") as raised:
            _client(arxiv, clock).search("a", 10)
    assert not isinstance(raised.value, SourceUnavailable)  # not retried: the next run neither
    assert (len(arxiv.requests), elsewhere.requests) == (1, [])
    assert (raised.value.status, raised.value.attempts) == (301, 1)


def test_a_redirect_on_arxivs_host_is_followed_once(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.serve_query("a", [Entry("2411.00001")])
    again = Reply(302, headers={"Location": "/api/query?search_query=a&max_results=10"})
    arxiv.script = [again]
    assert len(_client(arxiv, clock).search("a", 10).papers) == 1
    arxiv.script = [again, again]
    with pytest.raises(SourceError, match=r"redirected \S+ more than once, not followed"):
        _client(arxiv, clock).search("a", 10)
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("https://export.arxiv.org/api/query?x", True),
        ("http://export.arxiv.org/api/other", True),
        ("https://export.arxiv.org:8443/api/query", False),
        ("http://export.arxiv.org:8080/api/query", False),
        ("https://arxiv.org.example.net/api/query", False),
        ("https://mirror.example.org/api/query", False),
    ],
)
def test_only_a_redirect_on_the_same_host_is_followed(target: str, followed: bool) -> None:
    assert same_host_or_https_upgrade("http://export.arxiv.org/api/query", target) is followed
    assert not same_host_or_https_upgrade(
        "https://export.arxiv.org/api/query", "http://export.arxiv.org/"
    )


def test_the_longest_a_run_asks_an_arxiv_that_is_down() -> None:
    """The arithmetic of docs/reliability.md: three requests, two backoffs of 3 and 6 s."""
    policy = RetryPolicy()
    answers = longest_answers(policy)
    stops = {how: seconds_to_stop(policy, 3.0, seconds) for how, seconds in answers.items()}
    assert stops == {
        "HTTP 5xx": 9.0,
        "silent": 99.0,
        "trickling": 144.0,
        "never connecting": 39.0,
    }
    # Throttled first: the backoffs are at their longest.
    assert seconds_to_stop(policy, 3.0, answers["silent"], earlier_faults=10) == 150.0
    assert seconds_to_stop(policy, 60.0, 0.0) == 120.0  # the interval when it is longer
