from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from dailypapers import USER_AGENT
from dailypapers.arxiv.client import ArxivClient, RetryPolicy
from dailypapers.arxiv.feed import parse_feed
from dailypapers.config.query import keyword_query
from dailypapers.errors import (
    ArxivApiError,
    ArxivError,
    ArxivUnavailable,
    ArxivUnreachable,
    MalformedFeedError,
)
from tests.emulators.arxiv import ArxivEmulator, CorpusPaper, Reply
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
    with pytest.raises(ArxivApiError, match="incorrect id format for abc"):
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
    with pytest.raises(MalformedFeedError):
        parse_feed(body)


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
    "fault",
    [
        Reply(429),
        Reply(500),
        Reply(502),
        Reply(reset=True),
        Reply(200, recorded_feed("q_testing.xml")[:3000]),
        Reply(200, atom_feed([], total=5)),
        Reply(200, atom_feed([Entry("2411.00009")], total=5)),
    ],
    ids=["429", "500", "502", "reset", "truncated", "empty-page", "short-page"],
)
def test_transient_faults_are_retried_with_backoff(
    arxiv: ArxivEmulator, clock: FakeClock, fault: Reply
) -> None:
    arxiv.script = [fault, fault]
    arxiv.serve_keyword("LLM", [Entry(f"2411.0000{i}") for i in range(5)])
    papers = (
        _client(arxiv, clock, request_interval=0.0, attempts=3, backoff_seconds=2.0)
        .search(keyword_query("LLM"), 5)
        .papers
    )
    assert len(papers) == 5
    assert clock.sleeps == [2.0, 4.0]


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
    arxiv.script = [Reply(503)] * 5
    client = _client(arxiv, clock, request_interval=0.0, attempts=3)
    with pytest.raises(ArxivUnavailable, match="after 3 attempts: HTTP 503") as raised:
        client.search("a", 10)
    assert len(arxiv.requests) == 3
    assert (raised.value.status, raised.value.attempts) == (503, 3)
    assert _asked(arxiv, raised.value.url) == arxiv.requests[0].params


def test_a_retry_after_too_long_to_wait_ends_the_search_at_once(
    arxiv: ArxivEmulator, clock: FakeClock
) -> None:
    arxiv.script = [Reply(503, headers={"Retry-After": "86400"})]
    client = _client(arxiv, clock, request_interval=0.0, attempts=2, max_retry_after_seconds=60.0)
    with pytest.raises(ArxivUnavailable, match="asked to wait 86400 s before asking again"):
        client.search("a", 10)
    assert (clock.sleeps, len(arxiv.requests)) == ([], 1)


def test_error_feed_is_not_retried(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(400, recorded_feed("id_abc.xml"))]
    with pytest.raises(ArxivApiError, match="incorrect id format for abc") as raised:
        _client(arxiv, clock).search("id:abc", 10)
    assert len(arxiv.requests) == 1
    assert (raised.value.status, raised.value.attempts) == (400, 1)
    assert _asked(arxiv, raised.value.url)["search_query"] == "id:abc"


def test_other_client_errors_are_not_retried(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(404, b"<html>gone</html>")]
    with pytest.raises(ArxivError, match="HTTP 404") as raised:
        _client(arxiv, clock).search("a", 10)
    assert len(arxiv.requests) == 1
    assert (raised.value.status, raised.value.attempts) == (404, 1)


def test_an_error_counts_the_attempts_of_its_search(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.script = [Reply(503), Reply(reset=True), Reply(404, b"<html>gone</html>")]
    with pytest.raises(ArxivError, match="HTTP 404") as raised:
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
    with pytest.raises(ArxivUnreachable, match=reason) as first:
        client.search("a", 10)
    assert first.value.attempts == 1  # no wait would let it pass within the run
    started = clock.now
    for query in ("b", "a"):
        with pytest.raises(ArxivUnreachable, match=reason) as later:
            client.search(query, 10)
        assert later.value.attempts == 0
        assert dict(parse_qsl(urlsplit(later.value.url or "").query))["search_query"] == query
    # A request would have waited its turn, three seconds after the first.
    assert (clock.sleeps, clock.now) == ([], started)
