"""One-sentence summaries (TL;DRs) of new papers, from an OpenAI-compatible chat-completions API.

GitHub Models serves that API to a workflow with ``permissions: models: read`` on its own token,
within a small free tier (low-tier models: about 15 requests a minute, 150 a day, 8,000 input
tokens a request). So papers go in batches sized by an estimate of their tokens, each request
waits its turn, a short ``Retry-After`` is waited out once and a long one ends the TL;DRs of the
run. The model's answer is untrusted text: one line, length-capped, escaped where it is shown.
Any failure costs only the TL;DRs of the papers concerned, each with a problem to report.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from dailypapers.arxiv import USER_AGENT
from dailypapers.paper import Paper
from dailypapers.render import fold
from dailypapers.retry_after import retry_after_seconds
from dailypapers.settings import TldrSettings

MAX_TLDR_LENGTH = 300
# Tokens are estimated pessimistically (LaTeX abstracts run to fewer characters per token than
# prose's four), and a batch stays well below the 8,000 input tokens of a low-tier request.
CHARS_PER_TOKEN = 3
BATCH_TOKENS = 5000
MAX_BATCH_PAPERS = 10
# 15 requests a minute, with a margin.
REQUEST_INTERVAL = 4.5
MAX_RETRY_AFTER = 60.0
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")
_PROMPT = (
    "You write a TL;DR of each arXiv paper below: one plain sentence in {language}, at most 30 "
    "words, saying what the paper does and finds. Answer with one JSON object only, mapping "
    'each paper\'s id to its sentence, for example {{"2401.00001": "..."}}.'
)


class TldrError(Exception):
    """A batch got no TL;DRs; ``stops`` when the next batches would fail the same way."""

    def __init__(self, reason: str, *, stops: bool = False) -> None:
        super().__init__(reason)
        self.stops = stops


@dataclass(frozen=True, slots=True)
class Tldrs:
    """The TL;DRs written, by arXiv id, and why some papers got none."""

    by_id: dict[str, str]
    problems: tuple[str, ...] = ()


def clean_tldr(text: str) -> str:
    """The model's sentence on one line, cut at a word to at most :data:`MAX_TLDR_LENGTH`."""
    line = fold(text)
    if len(line) <= MAX_TLDR_LENGTH:
        return line
    return line[: MAX_TLDR_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def batches(papers: Sequence[Paper]) -> list[list[Paper]]:
    """The papers in order, in batches that each fit the token budget of one request."""
    found: list[list[Paper]] = []
    tokens = 0
    for paper in papers:
        cost = len(_paper_text(paper)) // CHARS_PER_TOKEN + 1
        if not found or tokens + cost > BATCH_TOKENS or len(found[-1]) >= MAX_BATCH_PAPERS:
            found.append([])
            tokens = 0
        found[-1].append(paper)
        tokens += cost
    return found


def _paper_text(paper: Paper) -> str:
    # A single abstract longer than a batch's budget is cut to fit it.
    abstract = fold(paper.abstract)[: BATCH_TOKENS * CHARS_PER_TOKEN - 500]
    return f"id: {paper.arxiv_id}\ntitle: {fold(paper.title)}\nabstract: {abstract}\n"


class TldrClient:
    """Asks ``settings.model`` for the TL;DRs of papers, never two requests closer than
    :data:`REQUEST_INTERVAL` seconds."""

    def __init__(
        self,
        settings: TldrSettings,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = (10.0, 60.0),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.session = session or requests.Session()
        self.timeout = timeout
        self._clock = clock
        self._sleep = sleep
        self._last_request: float | None = None

    def summarize(self, papers: Sequence[Paper]) -> Tldrs:
        """The TL;DRs of at most ``max_papers`` of the papers, the first ones."""
        cap = self.settings.max_papers
        problems = []
        if len(papers) > cap:
            problems.append(f"{len(papers) - cap} papers past summary-max-papers ({cap})")
        found: dict[str, str] = {}
        pending = batches(papers[:cap])
        while pending:
            batch = pending.pop(0)
            try:
                found |= self._batch(batch)
            except TldrError as error:
                lost = len(batch) + (sum(map(len, pending)) if error.stops else 0)
                problems.append(f"{lost} papers: {error}")
                if error.stops:
                    break
                continue
            missing = [paper.arxiv_id for paper in batch if paper.arxiv_id not in found]
            if missing:
                problems.append(f"{len(missing)} papers the answer left out: {', '.join(missing)}")
        return Tldrs(found, tuple(problems))

    def _batch(self, papers: list[Paper]) -> dict[str, str]:
        response = self._post(papers)
        if response.status_code == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is None or wait > MAX_RETRY_AFTER:
                raise TldrError(_rate_limited(wait), stops=True)
            self._sleep(wait)
            response = self._post(papers)
            if response.status_code == 429:
                raise TldrError(_rate_limited(None), stops=True)
        _check_status(response.status_code)
        return _read_answer(response, {paper.arxiv_id for paper in papers})

    def _post(self, papers: list[Paper]) -> requests.Response:
        self._wait_for_turn()
        body = {
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": _PROMPT.format(language=self.settings.language)},
                {"role": "user", "content": "\n".join(map(_paper_text, papers))},
            ],
            "temperature": 0,
        }
        headers = {
            "Authorization": f"Bearer {self.settings.api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        url = self.settings.api_url.rstrip("/") + "/chat/completions"
        try:
            return self.session.post(url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as error:
            raise TldrError(f"{url} could not be reached ({type(error).__name__})") from None

    def _wait_for_turn(self) -> None:
        now = self._clock()
        if self._last_request is not None and now - self._last_request < REQUEST_INTERVAL:
            self._sleep(REQUEST_INTERVAL - (now - self._last_request))
        self._last_request = self._clock()


def _rate_limited(wait: float | None) -> str:
    when = f"for {wait:.0f} s" if wait is not None else "again"
    return (
        f"the model's API is rate-limited {when} (GitHub Models' free tier allows about 150 "
        "requests a day); the next run summarises its own new papers"
    )


def _check_status(status: int) -> None:
    if status in (401, 403):
        raise TldrError(
            f"HTTP {status}: the key may not use the model; in a workflow, grant "
            "'permissions: models: read', or give summary-api-key a key for summary-api-url",
            stops=True,
        )
    if status == 404:
        raise TldrError(
            "HTTP 404: no such model or API; check summary-model and summary-api-url", stops=True
        )
    if status >= 400:
        raise TldrError(f"HTTP {status} from the model's API")


def _read_answer(response: requests.Response, ids: set[str]) -> dict[str, str]:
    """The TL;DRs of ``ids`` the answer holds; raises TldrError when it holds no such mapping."""
    try:
        content = response.json()["choices"][0]["message"]["content"]
        answer: Any = json.loads(_FENCE.sub("", str(content).strip()))
    except (ValueError, KeyError, IndexError, TypeError):
        raise TldrError("the answer is not a JSON object of TL;DRs") from None
    if not isinstance(answer, dict):
        raise TldrError("the answer is not a JSON object of TL;DRs")
    found = {
        str(key): clean_tldr(value)
        for key, value in answer.items()
        if str(key) in ids and isinstance(value, str)
    }
    return {key: value for key, value in found.items() if value}
