"""An arXiv API endpoint: serves Atom feeds per query, or scripted replies to inject faults."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from dailypapers.arxiv import keyword_query
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.server import Handler, Server

QUERY_PATH = "/api/query"


@dataclass(frozen=True)
class Reply:
    """One scripted answer; ``reset`` drops the connection instead of answering, ``stall`` waits
    (until the emulator is stopped) before answering, so that the client's read times out."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False
    stall: bool = False


@dataclass(frozen=True)
class Request:
    params: dict[str, str]
    headers: dict[str, str]


class ArxivEmulator:
    """Answers ``GET /api/query``: first from ``script``, then from ``replies`` by search_query.

    A query with no reply of its own gets an empty feed, as arXiv answers a search with no match.
    """

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.script: list[Reply] = []
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.server = Server(_ArxivHandler, self)

    @property
    def url(self) -> str:
        return self.server.base_url + QUERY_PATH

    def serve_keyword(self, keyword: str, entries: list[Entry], total: int | None = None) -> None:
        self.replies[keyword_query(keyword)] = Reply(body=atom_feed(entries, total))

    def answer_keyword(self, keyword: str, reply: Reply) -> None:
        self.replies[keyword_query(keyword)] = reply

    def next_reply(self, params: dict[str, str]) -> Reply:
        with self.lock:
            if self.script:
                return self.script.pop(0)
            return self.replies.get(params.get("search_query", ""), Reply(body=atom_feed([])))


class _ArxivHandler(Handler):
    def do_GET(self) -> None:
        emulator: ArxivEmulator = self.server.emulator  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        params = {key: values[0] for key, values in parse_qs(url.query).items()}
        with emulator.lock:
            emulator.requests.append(Request(params, dict(self.headers)))
        if url.path != QUERY_PATH:
            self.send_body(404, b"not found", "text/plain", {})
            return
        reply = emulator.next_reply(params)
        if reply.reset:
            self.reset_connection()
            return
        if reply.stall:
            emulator.stopping.wait(timeout=10)
        self.send_body(
            reply.status, reply.body, "application/atom+xml; charset=utf-8", reply.headers
        )
