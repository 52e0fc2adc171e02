"""One-sentence summaries (TL;DRs) of new papers, from any OpenAI-compatible chat-completions API.

The API is the owner's choice (OpenAI, Gemini, Groq, OpenRouter, Mistral, a self-hosted Ollama...)
and is asked with its own key only. Papers go in batches sized by an estimate of their tokens;
requests are paced by what the API's answers say (``Retry-After``, the ``x-ratelimit-*``
headers), and a wait longer than a minute ends the TL;DRs of the run, as does an API that says
the model or the API itself is gone. The model's answer is untrusted text: one line,
length-capped, escaped where it is shown. Any failure costs only the TL;DRs of the papers
concerned, each with a problem to report. Given the owner's interests, the same requests also
rate each paper's relevance (:mod:`dailypapers.tldr.prompt` words the request and reads it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import requests

from dailypapers.domain.errors import TldrError
from dailypapers.domain.interfaces import Tldrs
from dailypapers.domain.paper import Paper
from dailypapers.domain.project import USER_AGENT
from dailypapers.domain.text import fold
from dailypapers.pacing.hints import reset_seconds, retry_after_seconds
from dailypapers.pacing.pacer import Pacer
from dailypapers.tldr.prompt import CHARS_PER_TOKEN, Answer, Prompt, estimated_tokens, read_content

MAX_BATCH_PAPERS = 10
# Between two requests at the least, whatever the API's headers allow.
MIN_REQUEST_INTERVAL = 1.0
# To connect, and for each read of an answer.
TIMEOUT = (10.0, 60.0)
# The longest wait the API may ask for; a longer one ends the TL;DRs of the run.
MAX_WAIT = 60.0
# A 429 that says nothing of when to come back is tried again after this long, once.
UNHINTED_RATE_LIMIT_WAIT = 20.0
# Error codes that say the model or the API is gone for good, from real answers: Groq's for a
# retired model, GitHub Models' since its retirement (tests/fixtures/models/SOURCE.md).
GONE_CODES = frozenset({"model_decommissioned", "github_models_retirement_brownout"})


def batches(papers: Sequence[Paper], batch_tokens: int) -> list[list[Paper]]:
    """The papers in order, in batches that each fit ``batch_tokens`` estimated input tokens."""
    found: list[list[Paper]] = []
    tokens = 0
    for paper in papers:
        cost = estimated_tokens(_paper_text(paper, batch_tokens))
        if not found or tokens + cost > batch_tokens or len(found[-1]) >= MAX_BATCH_PAPERS:
            found.append([])
            tokens = 0
        found[-1].append(paper)
        tokens += cost
    return found


def _paper_text(paper: Paper, batch_tokens: int) -> str:
    # A single abstract longer than a batch's budget is cut to fit it.
    abstract = fold(paper.abstract)[: max(batch_tokens * CHARS_PER_TOKEN - 500, 200)]
    return f"id: {paper.arxiv_id}\ntitle: {fold(paper.title)}\nabstract: {abstract}\n"


class TldrClient:
    """Asks ``model``, through the OpenAI-compatible API at ``api_url`` with its ``api_key``, for
    TL;DRs in ``language``: of ``max_papers`` papers at most, in requests of ``batch_tokens``
    estimated input tokens at most, at the pace the API's answers ask for."""

    def __init__(
        self,
        model: str,
        api_url: str,
        api_key: str,
        *,
        language: str,
        max_papers: int,
        batch_tokens: int,
        user_agent: str = USER_AGENT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.model, self.api_url, self.api_key = model, api_url, api_key
        self.language, self.max_papers, self.batch_tokens = language, max_papers, batch_tokens
        self.user_agent = user_agent
        self.session = requests.Session()
        self.url = api_url.rstrip("/") + "/chat/completions"
        self._pacer = Pacer(MIN_REQUEST_INTERVAL, clock, sleep)

    def write_tldrs(self, papers: Sequence[Paper], interests: str = "") -> Tldrs:
        """The TL;DRs of at most ``max_papers`` of the papers, the first ones; with
        ``interests`` (lines: the owner's interests and seed titles), each paper's relevance
        rating too, from the same requests."""
        cap = self.max_papers
        problems = []
        if len(papers) > cap:
            problems.append(f"{len(papers) - cap} papers past summary-max-papers ({cap})")
        prompt = Prompt.build(self.language, interests, self.batch_tokens)
        found, unrated = Answer({}, {}), 0
        pending = batches(papers[:cap], prompt.paper_tokens)
        while pending:
            batch = pending.pop(0)
            try:
                answer = self._batch(batch, prompt)
            except TldrError as error:
                lost = len(batch) + (sum(map(len, pending)) if error.stops else 0)
                problems.append(f"{lost} papers: {error}")
                if error.stops:
                    break
                continue
            found = Answer(found.tldrs | answer.tldrs, found.ratings | answer.ratings)
            unrated += len(answer.unrated)
            missing = [paper.arxiv_id for paper in batch if paper.arxiv_id not in found.tldrs]
            if missing:
                problems.append(f"{len(missing)} papers the answer left out: {', '.join(missing)}")
        if unrated:
            problems.append(_unrated(unrated))
        return Tldrs(found.tldrs, tuple(problems), found.ratings)

    def _batch(self, papers: list[Paper], prompt: Prompt) -> Answer:
        """The answer for one batch; a 429 is waited out once, as long as its headers ask."""
        attempts = 1
        response = self._post(papers, prompt, attempts)
        if response.status_code == 429:
            self._pacer.hold(_rate_limit_wait(response.headers))
            attempts = 2
            response = self._post(papers, prompt, attempts, after=429)
            if response.status_code == 429:
                raise _failure(_rate_limited(None), response, attempts, stops=True)
        _check_answer(response, self.api_url, attempts)
        self._pacer.hold(_quota_wait(response.headers, self.batch_tokens))
        ids = {paper.arxiv_id for paper in papers}
        return _read_answer(response, ids, prompt.rates, attempts)

    def _post(
        self, papers: list[Paper], prompt: Prompt, attempt: int, after: int | None = None
    ) -> requests.Response:
        """The ``attempt``-th request for a batch, after an answer of status ``after``, if any."""
        wait = self._pacer.next_turn() - self._pacer.now()
        if wait > MAX_WAIT:
            raise TldrError(
                _rate_limited(wait), stops=True, status=after, url=self.url, attempts=attempt - 1
            )
        self._pacer.wait_for_turn()
        try:
            return self.session.post(
                self.url, json=self._body(papers, prompt), headers=self._headers(), timeout=TIMEOUT
            )
        except requests.RequestException as error:
            raise TldrError(
                f"{self.url} could not be reached ({type(error).__name__})",
                url=self.url,
                attempts=attempt,
            ) from None

    def _body(self, papers: list[Paper], prompt: Prompt) -> dict[str, Any]:
        text = "\n".join(_paper_text(paper, prompt.paper_tokens) for paper in papers)
        return {
            "model": self.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": text},
            ],
            "temperature": 0,
        }

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.api_key}",
            "Accept": "application/json",
            "User-Agent": self.user_agent,
        }


def _rate_limit_wait(headers: Mapping[str, str]) -> float:
    """How long a 429 asks to wait: its ``Retry-After``, else its quota resets, else a guess."""
    retry_after = retry_after_seconds(headers.get("Retry-After"))
    if retry_after is not None:
        return retry_after
    resets = [reset_seconds(headers.get(f"x-ratelimit-reset-{kind}")) for kind in _QUOTAS]
    known = [seconds for seconds in resets if seconds is not None]
    return max(known) if known else UNHINTED_RATE_LIMIT_WAIT


_QUOTAS = ("requests", "tokens")


def _quota_wait(headers: Mapping[str, str], tokens_needed: int) -> float:
    """How long until the quotas the headers report hold another request of ``tokens_needed``
    tokens: zero when they say nothing or hold it now."""
    needed = {"requests": 1, "tokens": tokens_needed}
    waits = [
        reset_seconds(headers.get(f"x-ratelimit-reset-{kind}")) or 0.0
        for kind in _QUOTAS
        if 0 <= _count(headers.get(f"x-ratelimit-remaining-{kind}")) < needed[kind]
    ]
    return max(waits, default=0.0)


def _count(header: str | None) -> int:
    """A count a header gives; -1 (unknown) when there is none, as Azure writes it."""
    try:
        return int((header or "").strip())
    except ValueError:
        return -1


def _rate_limited(wait: float | None) -> str:
    when = f"for {wait:.0f} s" if wait is not None else "again"
    return (
        f"the model's API is rate-limited {when}; the next run summarises its own new papers "
        "(a lower summary-max-papers or summary-batch-tokens asks less of it)"
    )


def _check_answer(response: requests.Response, api_url: str, attempts: int) -> None:
    """Raises TldrError for an answer that is not a completion, with ``stops`` when every
    further request would fail the same way."""
    status = response.status_code
    host = urlsplit(api_url).netloc
    if status == 410 or _error_code(response) in GONE_CODES:
        reason = (
            f"HTTP {status}: {host} says the model or the API is gone for good; point "
            "summary-api-url at another OpenAI-compatible API (the README lists some) or "
            "choose another summary-model"
        )
        raise _failure(reason, response, attempts, stops=True)
    if status in (401, 403):
        reason = (
            f"HTTP {status}: {host} refused the key; give summary-api-key a key of that API, "
            "from a repository secret"
        )
        raise _failure(reason, response, attempts, stops=True)
    if status == 404:
        reason = (
            f"HTTP 404: {host} has no such model or API; check summary-model and "
            "summary-api-url (the API's base URL, before /chat/completions)"
        )
        raise _failure(reason, response, attempts, stops=True)
    if status >= 400:
        raise _failure(f"HTTP {status} from the model's API", response, attempts)


def _failure(
    reason: str, response: requests.Response, attempts: int, stops: bool = False
) -> TldrError:
    """A batch's failure on ``response``, the last of its ``attempts``."""
    return TldrError(
        reason, stops=stops, status=response.status_code, url=response.url, attempts=attempts
    )


def _error_code(response: requests.Response) -> str:
    """The ``error.code`` of an OpenAI-style error body, empty when there is none."""
    if response.status_code < 400:
        return ""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    return str(error.get("code", "")) if isinstance(error, dict) else ""


def _read_answer(response: requests.Response, ids: set[str], rates: bool, attempts: int) -> Answer:
    """The TL;DRs (and ratings) of ``ids`` the answer holds; raises TldrError when it holds no
    such mapping."""
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        content = None
    answer = read_content(content, ids, rates) if content is not None else None
    if answer is None:
        raise _failure("the answer is not a JSON object of TL;DRs", response, attempts)
    return answer


def _unrated(count: int) -> str:
    return (
        f"{count} papers the model gave no relevance from 0 to 1: they keep their lexical "
        "score (summary-rates-relevance)"
    )
