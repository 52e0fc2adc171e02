"""TL;DRs through an emulated OpenAI-compatible API: batching, pacing by the API's headers, and
every failure, with error bodies recorded from real APIs."""

import json

import pytest

from dailypapers.domain.paper import Paper
from dailypapers.domain.settings import DEFAULT_TLDR_BATCH_TOKENS, TldrSettings
from dailypapers.entry.adapters import tldr_client
from dailypapers.readme.render import render_row, render_section
from dailypapers.tldr.client import (
    MAX_BATCH_PAPERS,
    MIN_REQUEST_INTERVAL,
    UNHINTED_RATE_LIMIT_WAIT,
    TldrClient,
    Tldrs,
    batches,
)
from dailypapers.tldr.prompt import MAX_TLDR_LENGTH, clean_tldr
from tests.emulators.models import (
    ModelReply,
    ModelsEmulator,
    rating_of,
    recorded_error,
    tldr_of,
)
from tests.factories import FakeClock, paper, rendered_row_problems

KEY = "sk-proj-model-key-value"


def _papers(count: int, abstract: str = "Abstract.") -> list[Paper]:
    return [paper(arxiv_id=f"2411.{n:05d}", abstract=abstract) for n in range(count)]


def _client(models: ModelsEmulator, clock: FakeClock, **settings: object) -> TldrClient:
    chosen = {"model": "gpt-4.1-mini", "api_url": models.url, "api_key": KEY, **settings}
    return tldr_client(TldrSettings(**chosen), clock, clock.sleep)  # type: ignore[arg-type]


def _all(papers: list[Paper]) -> dict[str, str]:
    return {p.arxiv_id: tldr_of(p.arxiv_id) for p in papers}


def test_batches_hold_at_most_ten_papers_and_fit_the_token_budget() -> None:
    budget = DEFAULT_TLDR_BATCH_TOKENS
    assert [len(batch) for batch in batches(_papers(23), budget)] == [10, 10, 3]
    long = _papers(6, abstract="word " * 1500)  # about 2,500 tokens each, estimated
    assert [len(batch) for batch in batches(long, budget)] == [1] * 6
    assert [len(batch) for batch in batches(long, 3 * budget)] == [4, 2]
    huge = _papers(1, abstract="x" * 100_000)
    assert len(batches(huge, budget)) == 1
    assert MAX_BATCH_PAPERS == 10


def test_papers_are_summarised_in_paced_batches_with_the_key(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    papers = _papers(12)
    tldrs = _client(models, clock, language="Simplified Chinese").write_tldrs(papers)
    assert tldrs == Tldrs(_all(papers))
    assert [len(models.paper_ids(request)) for request in models.requests] == [10, 2]
    first = models.requests[0]
    assert first["model"] == "gpt-4.1-mini"
    assert [message["role"] for message in first["messages"]] == ["system", "user"]
    assert "Simplified Chinese" in first["messages"][0]["content"]
    assert [headers["Authorization"] for headers in models.headers] == [f"Bearer {KEY}"] * 2
    assert clock.sleeps == [pytest.approx(MIN_REQUEST_INTERVAL)]


def test_a_request_holds_no_more_tokens_than_the_setting(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    papers = _papers(8, abstract="word " * 300)  # about 500 tokens each, estimated
    _client(models, clock, batch_tokens=1200).write_tldrs(papers)
    assert [len(models.paper_ids(request)) for request in models.requests] == [2, 2, 2, 2]


def test_a_short_retry_after_is_waited_out_once(models: ModelsEmulator, clock: FakeClock) -> None:
    models.script = [ModelReply(429, headers={"Retry-After": "20"})]
    papers = _papers(3)
    assert _client(models, clock).write_tldrs(papers) == Tldrs(_all(papers))
    assert clock.sleeps == [pytest.approx(20.0)] and len(models.requests) == 2


@pytest.mark.parametrize(
    ("headers", "waited"),
    [
        ({"x-ratelimit-reset-requests": "6m0s"}, None),
        ({"x-ratelimit-reset-requests": "2s", "x-ratelimit-reset-tokens": "7.66s"}, 7.66),
        ({}, UNHINTED_RATE_LIMIT_WAIT),
    ],
)
def test_a_429_without_retry_after_waits_for_its_reset_headers_else_a_while(
    models: ModelsEmulator, clock: FakeClock, headers: dict[str, str], waited: float | None
) -> None:
    models.script = [ModelReply(429, headers=headers)]
    tldrs = _client(models, clock).write_tldrs(_papers(3))
    if waited is None:  # six minutes: longer than a run waits
        assert tldrs.by_id == {} and len(models.requests) == 1 and clock.sleeps == []
        assert tldrs.problems[0].startswith("3 papers: the model's API is rate-limited for 360 s")
    else:
        assert len(tldrs.by_id) == 3 and clock.sleeps == [pytest.approx(waited)]


def test_the_quota_headers_pace_the_next_request(models: ModelsEmulator, clock: FakeClock) -> None:
    spent = {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "12.5s"}
    low = {"x-ratelimit-remaining-tokens": "900", "x-ratelimit-reset-tokens": "30s"}
    plenty = {"x-ratelimit-remaining-requests": "99", "x-ratelimit-remaining-tokens": "900000"}
    models.script = [ModelReply(headers=spent), ModelReply(headers=low), ModelReply(headers=plenty)]
    papers = _papers(40)
    assert _client(models, clock).write_tldrs(papers) == Tldrs(_all(papers))
    assert clock.sleeps == [
        pytest.approx(12.5),
        pytest.approx(30.0),
        pytest.approx(MIN_REQUEST_INTERVAL),
    ]


def test_a_quota_that_resets_after_more_than_a_minute_ends_the_tldrs(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    spent = {"x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1h0m0s"}
    models.script = [ModelReply(headers=spent)]
    tldrs = _client(models, clock).write_tldrs(_papers(25))
    assert len(tldrs.by_id) == 10 and len(models.requests) == 1
    assert tldrs.problems == (
        "15 papers: the model's API is rate-limited for 3600 s; the next run summarises its own "
        "new papers (a lower summary-max-papers or summary-batch-tokens asks less of it)",
    )


def test_a_long_rate_limit_ends_the_tldrs_of_the_run(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    models.script = [ModelReply(429, headers={"Retry-After": "3600"})]
    tldrs = _client(models, clock).write_tldrs(_papers(25))
    assert tldrs.by_id == {}
    (problem,) = tldrs.problems
    assert problem.startswith("25 papers: the model's API is rate-limited for 3600 s")
    assert len(models.requests) == 1 and 3600 not in clock.sleeps


@pytest.mark.parametrize(
    ("reply", "problem", "stops"),
    [
        (ModelReply(500), "10 papers: HTTP 500 from the model's API", False),
        (ModelReply(content="Sure! Here are the TL;DRs."), "not a JSON object", False),
        (ModelReply(content='["a list"]'), "not a JSON object", False),
        (ModelReply(body={"choices": []}), "not a JSON object", False),
        (ModelReply(reset=True), "could not be reached", False),
        (ModelReply(401), "refused the key; give summary-api-key a key of that API", True),
        (ModelReply(403), "refused the key", True),
        (ModelReply(404), "check summary-model and summary-api-url", True),
        (ModelReply(410), "says the model or the API is gone for good", True),
        (recorded_error("github_models_retired"), "HTTP 410: 127.0.0.1:", True),
        (recorded_error("groq_model_decommissioned"), "HTTP 400: 127.0.0.1:", True),
    ],
)
def test_a_failed_batch_costs_only_its_papers_unless_every_batch_would_fail(
    models: ModelsEmulator, clock: FakeClock, reply: ModelReply, problem: str, stops: bool
) -> None:
    models.script = [reply]
    papers = _papers(15)
    tldrs = _client(models, clock).write_tldrs(papers)
    assert tldrs.by_id == ({} if stops else _all(papers[10:]))
    (reported,) = tldrs.problems
    assert problem in reported
    assert reported.startswith("15 papers: " if stops else "10 papers: ")
    assert len(models.requests) == (1 if stops else 2)


def test_a_gone_api_is_told_how_to_move_elsewhere(models: ModelsEmulator, clock: FakeClock) -> None:
    models.script = [recorded_error("groq_model_decommissioned")]
    (problem,) = _client(models, clock).write_tldrs(_papers(25)).problems
    assert problem.startswith("25 papers: HTTP 400: 127.0.0.1:")
    assert "point summary-api-url at another OpenAI-compatible API" in problem
    assert "choose another summary-model" in problem and len(models.requests) == 1


def test_ids_missing_from_the_answer_are_named(models: ModelsEmulator, clock: FakeClock) -> None:
    models.script = [ModelReply(leave_out=("2411.00001",))]
    tldrs = _client(models, clock).write_tldrs(_papers(3))
    assert set(tldrs.by_id) == {"2411.00000", "2411.00002"}
    assert tldrs.problems == ("1 papers the answer left out: 2411.00001",)


def test_a_fenced_answer_is_read_and_unknown_ids_ignored(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    answer = {"2411.00000": "One.", "9999.99999": "Not asked.", "2411.00001": 7}
    models.script = [ModelReply(content=f"```json\n{json.dumps(answer)}\n```")]
    tldrs = _client(models, clock).write_tldrs(_papers(2))
    assert tldrs.by_id == {"2411.00000": "One."}


def test_papers_past_the_cap_are_not_sent(models: ModelsEmulator, clock: FakeClock) -> None:
    tldrs = _client(models, clock, max_papers=4).write_tldrs(_papers(6))
    assert len(tldrs.by_id) == 4
    assert tldrs.problems == ("2 papers past summary-max-papers (4)",)
    assert len(models.paper_ids(models.requests[0])) == 4


def test_the_models_text_is_one_line_capped_and_cannot_break_the_table() -> None:
    assert clean_tldr("  One\nline\r\n  only. ") == "One line only."
    capped = clean_tldr("word " * 200)
    assert len(capped) <= MAX_TLDR_LENGTH and capped.endswith("word…")
    hostile = paper(
        tldr=clean_tldr("A | B </summary></details> <img src=x onerror=alert(1)> ![i](x)\n| c |")
    )
    row = render_row(hostile)
    assert row.count("<details>") == 1 and "<img" not in row
    table = "\n".join(render_section("K", [row]))
    assert rendered_row_problems(table, 4, {0: hostile.url}) == []


def test_ratings_come_from_the_same_requests_with_the_interests_bounded_and_counted(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    papers = _papers(4, abstract="word " * 300)  # about 520 tokens each, estimated
    interests = "\n".join(f"- Seed paper {n} on graphs" for n in range(500))
    plain = _client(models, clock, batch_tokens=2000).write_tldrs(papers)
    assert plain == Tldrs(_all(papers))
    tldrs = _client(models, clock, batch_tokens=2000).write_tldrs(papers, interests)
    ratings = {p.arxiv_id: round(rating_of(p.arxiv_id), 3) for p in papers}
    assert tldrs == Tldrs(_all(papers), (), ratings)
    # The description takes at most a quarter of the budget, and the papers' share shrinks by it.
    assert [len(models.paper_ids(request)) for request in models.requests] == [3, 1, 2, 2]
    system = models.requests[2]["messages"][0]["content"]
    description = system.split("cares about:\n")[1].split("\nAnswer")[0]
    assert description.startswith("- Seed paper 0 on graphs\n")
    assert len(description) <= 2000 * 3 // 4 < len(interests)


def test_an_answer_without_valid_ratings_keeps_the_tldrs_and_says_so_once(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    answer = {
        "2411.00000": "A plain sentence.",
        "2411.00001": {"tldr": "Rated as text.", "relevance": " 0.25 "},
        "2411.00002": {"tldr": "Not a number.", "relevance": float("nan")},
        "2411.00003": {"tldr": "Below zero.", "relevance": -0.1},
        "2411.00004": {"tldr": "Exact.", "relevance": 1},
    }
    models.script.append(ModelReply(content=json.dumps(answer)))
    tldrs = _client(models, clock).write_tldrs(_papers(5), "- Graphs.")
    assert tldrs.ratings == {"2411.00001": 0.25, "2411.00004": 1.0}
    assert tldrs.by_id["2411.00000"] == "A plain sentence."
    assert tldrs.by_id["2411.00003"] == "Below zero."
    assert tldrs.problems == (
        "3 papers the model gave no relevance from 0 to 1: they keep their lexical score "
        "(summary-rates-relevance)",
    )
