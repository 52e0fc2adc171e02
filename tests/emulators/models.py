"""An OpenAI-compatible chat-completions API, for TL;DRs.

``POST /v1/chat/completions`` takes ``model`` and ``messages`` and answers a ``chat.completion``
whose ``choices[0].message.content`` is the model's text, the shapes of OpenAI's chat-completions
reference. Unless a reply is scripted, the "model" answers as it is asked: a JSON object mapping
each paper id in the user message to a sentence, or, when the system prompt asks for relevance
ratings, to its sentence and a rating (:func:`rating_of`, unless ``ratings`` names one). Faults
are statuses and headers, or error bodies recorded from real APIs (:func:`recorded_error`,
tests/fixtures/models/SOURCE.md): the client decides on no error text the emulator's author
wrote.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.emulators.server import Handler, Server
from tests.factories import fixture_path

COMPLETIONS_PATH = "/v1/chat/completions"
_PAPER_ID = re.compile(r"^id: (\S+)$", re.MULTILINE)


@dataclass(frozen=True)
class ModelReply:
    """One scripted answer: a status with headers, the model's ``content`` (None: the default
    answer, less the ids in ``leave_out``), or a raw ``body``; ``reset`` drops the connection."""

    status: int = 200
    content: str | None = None
    leave_out: tuple[str, ...] = ()
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False


def recorded_error(name: str) -> ModelReply:
    """An error answer a real API gave (tests/fixtures/models/errors.json)."""
    recorded = json.loads(fixture_path("models/errors.json").read_text())[name]
    return ModelReply(recorded["status"], body=recorded["body"])


def tldr_of(arxiv_id: str) -> str:
    """The sentence the emulated model writes for a paper."""
    return f"Paper {arxiv_id} shows that $x^2$ grows."


def rating_of(arxiv_id: str) -> float:
    """The relevance the emulated model gives a paper: from its id's last three digits, with
    four places (the run rounds it to three)."""
    return int(arxiv_id.replace(".", "")[-3:]) / 999 + 0.00004


class ModelsEmulator:
    """Answers chat completions from ``script`` first, then as a model that follows the prompt."""

    def __init__(self) -> None:
        self.script: list[ModelReply] = []
        self.requests: list[dict[str, Any]] = []
        # Ratings the model gives instead of rating_of's, by paper id.
        self.ratings: dict[str, Any] = {}
        self.headers: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self.server = Server(_ModelsHandler, self)

    @property
    def url(self) -> str:
        return self.server.base_url + "/v1"

    def paper_ids(self, request: dict[str, Any]) -> list[str]:
        """The ids of the papers a request asks about, from its user message."""
        return _PAPER_ID.findall(request["messages"][-1]["content"])

    def record(self, request: dict[str, Any], headers: dict[str, str]) -> ModelReply:
        with self.lock:
            self.requests.append(request)
            self.headers.append(headers)
            return self.script.pop(0) if self.script else ModelReply()


class _ModelsHandler(Handler):
    def do_POST(self) -> None:
        emulator: ModelsEmulator = self.server.emulator  # type: ignore[attr-defined]
        request = self.read_json()
        reply = emulator.record(request, dict(self.headers))
        if self.path != COMPLETIONS_PATH:
            self.send_json(404, {"error": {"code": "NotFound"}})
        elif reply.reset:
            self.reset_connection()
        elif reply.status != 200:
            body = {"error": {"code": str(reply.status)}} if reply.body is None else reply.body
            self.send_json(reply.status, body, reply.headers)
        else:
            answer = _completion(emulator, request, reply) if reply.body is None else reply.body
            self.send_json(200, answer, reply.headers)


def _completion(emulator: ModelsEmulator, request: dict[str, Any], reply: ModelReply) -> Any:
    content = reply.content
    if content is None:
        ids = [i for i in emulator.paper_ids(request) if i not in reply.leave_out]
        content = json.dumps({arxiv_id: _entry(emulator, request, arxiv_id) for arxiv_id in ids})
    return {
        "id": "chatcmpl-emulated",
        "object": "chat.completion",
        "created": 1764000000,
        "model": request.get("model", ""),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def _entry(emulator: ModelsEmulator, request: dict[str, Any], arxiv_id: str) -> Any:
    """A paper's answer: its sentence, with a rating when the system prompt asks for ratings."""
    if '"relevance"' not in request["messages"][0]["content"]:
        return tldr_of(arxiv_id)
    rating = emulator.ratings.get(arxiv_id, rating_of(arxiv_id))
    return {"tldr": tldr_of(arxiv_id), "relevance": rating}
