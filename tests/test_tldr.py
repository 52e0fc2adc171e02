"""TL;DRs through an emulated GitHub Models endpoint: batching, pacing, and every failure."""

import json

import pytest

from dailypapers.paper import Paper
from dailypapers.render import render_row, render_section
from dailypapers.settings import TldrSettings
from dailypapers.tldr import (
    BATCH_TOKENS,
    MAX_BATCH_PAPERS,
    MAX_TLDR_LENGTH,
    REQUEST_INTERVAL,
    TldrClient,
    Tldrs,
    batches,
    clean_tldr,
)
from tests.emulators.models import ModelReply, ModelsEmulator, tldr_of
from tests.factories import FakeClock, paper, rendered_row_problems

KEY = "ghs_models_key_value"


def _papers(count: int, abstract: str = "Abstract.") -> list[Paper]:
    return [paper(arxiv_id=f"2411.{n:05d}", abstract=abstract) for n in range(count)]


def _client(models: ModelsEmulator, clock: FakeClock, **settings: object) -> TldrClient:
    chosen = {"model": "openai/gpt-4.1-mini", "api_url": models.url, "api_key": KEY, **settings}
    return TldrClient(TldrSettings(**chosen), clock=clock, sleep=clock.sleep)  # type: ignore[arg-type]


def _all(papers: list[Paper]) -> dict[str, str]:
    return {p.arxiv_id: tldr_of(p.arxiv_id) for p in papers}


def test_batches_hold_at_most_ten_papers_and_fit_the_token_budget() -> None:
    assert [len(batch) for batch in batches(_papers(23))] == [10, 10, 3]
    long = _papers(6, abstract="word " * 2400)  # about 4,000 tokens each, estimated
    assert [len(batch) for batch in batches(long)] == [1] * 6
    huge = _papers(1, abstract="x" * 100_000)
    assert len(batches(huge)) == 1
    assert MAX_BATCH_PAPERS == 10 and BATCH_TOKENS < 8000


def test_papers_are_summarised_in_paced_batches_with_the_key(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    papers = _papers(12)
    tldrs = _client(models, clock, language="Simplified Chinese").summarize(papers)
    assert tldrs == Tldrs(_all(papers))
    assert [len(models.paper_ids(request)) for request in models.requests] == [10, 2]
    first = models.requests[0]
    assert first["model"] == "openai/gpt-4.1-mini"
    assert [message["role"] for message in first["messages"]] == ["system", "user"]
    assert "Simplified Chinese" in first["messages"][0]["content"]
    assert models.headers[0]["Authorization"] == f"Bearer {KEY}"
    assert clock.sleeps == [pytest.approx(REQUEST_INTERVAL)]


def test_a_short_retry_after_is_waited_out_once(models: ModelsEmulator, clock: FakeClock) -> None:
    models.script = [ModelReply(429, headers={"Retry-After": "20"})]
    papers = _papers(3)
    assert _client(models, clock).summarize(papers) == Tldrs(_all(papers))
    assert 20.0 in clock.sleeps and len(models.requests) == 2


def test_a_long_rate_limit_ends_the_tldrs_of_the_run(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    models.script = [ModelReply(429, headers={"Retry-After": "3600"})]
    tldrs = _client(models, clock).summarize(_papers(25))
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
        (ModelReply(401), "grant 'permissions: models: read'", True),
        (ModelReply(403), "grant 'permissions: models: read'", True),
        (ModelReply(404), "check summary-model and summary-api-url", True),
    ],
)
def test_a_failed_batch_costs_only_its_papers_unless_every_batch_would_fail(
    models: ModelsEmulator, clock: FakeClock, reply: ModelReply, problem: str, stops: bool
) -> None:
    models.script = [reply]
    papers = _papers(15)
    tldrs = _client(models, clock).summarize(papers)
    assert tldrs.by_id == ({} if stops else _all(papers[10:]))
    (reported,) = tldrs.problems
    assert problem in reported
    assert reported.startswith("15 papers: " if stops else "10 papers: ")


def test_ids_missing_from_the_answer_are_named(models: ModelsEmulator, clock: FakeClock) -> None:
    models.script = [ModelReply(leave_out=("2411.00001",))]
    tldrs = _client(models, clock).summarize(_papers(3))
    assert set(tldrs.by_id) == {"2411.00000", "2411.00002"}
    assert tldrs.problems == ("1 papers the answer left out: 2411.00001",)


def test_a_fenced_answer_is_read_and_unknown_ids_ignored(
    models: ModelsEmulator, clock: FakeClock
) -> None:
    answer = {"2411.00000": "One.", "9999.99999": "Not asked.", "2411.00001": 7}
    models.script = [ModelReply(content=f"```json\n{json.dumps(answer)}\n```")]
    tldrs = _client(models, clock).summarize(_papers(2))
    assert tldrs.by_id == {"2411.00000": "One."}


def test_papers_past_the_cap_are_not_sent(models: ModelsEmulator, clock: FakeClock) -> None:
    tldrs = _client(models, clock, max_papers=4).summarize(_papers(6))
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
