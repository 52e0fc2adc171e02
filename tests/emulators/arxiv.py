"""An arXiv API endpoint: serves Atom feeds per query, or scripted replies to inject faults.

The faults of an arXiv that is down are real HTTP too: a status for every request, a server
that accepts and never answers, one that trickles its body N bytes a second, a huge body. A body
trickled on the client's fake clock (:class:`EmulatedTime`) moves that clock a second a piece, so
that no test waits real seconds.
"""

from __future__ import annotations

import contextlib
import re
import select
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from urllib.parse import parse_qs, urlsplit

from dailypapers.domain.arxiv import keyword_query
from tests.emulators.atom import Entry, atom_feed
from tests.emulators.server import Handler, Server
from tests.factories import FakeClock

QUERY_PATH = "/api/query"
# What a huge body is padded with: no XML, no feed.
_FILLER = b"0123456789abcdef" * 4096


@dataclass(frozen=True)
class Reply:
    """One scripted answer; ``reset`` drops the connection instead of answering, ``stall``
    accepts the request and never answers (until the emulator stops), ``cut`` closes the
    connection halfway through the body, ``trickle`` sends the body that many bytes a second
    (of :class:`EmulatedTime` when the emulator's clock is one, else real ones), ``padding``
    sends that many bytes of filler after the body."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False
    stall: bool = False
    cut: bool = False
    trickle: int = 0
    padding: int = 0


class EmulatedTime(FakeClock):
    """A fake clock the emulator moves while it trickles a body: a second for each piece, and
    each piece sent once the client has looked at the clock since the last one, so that the
    client sees the pieces arrive a second apart."""

    def __init__(self) -> None:
        super().__init__()
        self.looked = threading.Event()

    def __call__(self) -> float:
        self.looked.set()
        return self.now


@dataclass(frozen=True)
class CorpusPaper:
    """A paper of the emulated archive: listed from ``visible_from`` on (arXiv announces papers
    in batches, a day or more after their update date), found by its ``updated_at``."""

    entry: Entry
    updated_at: datetime
    visible_from: datetime


_TERM = re.compile(r'\b(ti|abs):"([^"]*)"')
_WINDOW = re.compile(r"lastUpdatedDate:\[(\d{12}) TO (\d{12})\]")


def phrase_in(phrase: str, text: str) -> bool:
    """Whether the words of ``phrase`` stand together in ``text``, ignoring case and punctuation."""
    words = _words(phrase)
    return words != "  " and words in _words(text)


@cache
def _words(text: str) -> str:
    """The words of ``text``, lower case, each between spaces."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def search_corpus(
    corpus: list[CorpusPaper], query: str, start: int, max_results: int, now: datetime
) -> bytes:
    """The subset of arXiv's search this project sends: ``ti:``/``abs:`` phrases joined by OR (or
    all by AND), optionally ANDed with a lastUpdatedDate window, newest update first."""
    terms = _TERM.findall(query)
    window = _WINDOW.search(query)
    low, high = (
        (datetime.strptime(window[1], "%Y%m%d%H%M"), datetime.strptime(window[2], "%Y%m%d%H%M"))
        if window
        else (datetime.min, datetime.max)
    )
    # arXiv lists the newest announced version of each paper.
    listed: dict[str, CorpusPaper] = {}
    for paper in corpus:
        known = listed.get(paper.entry.arxiv_id)
        if paper.visible_from <= now and (
            known is None or paper.entry.version > known.entry.version
        ):
            listed[paper.entry.arxiv_id] = paper
    combine = all if re.search(r'"\s+AND\s+(?:ti|abs):', query) else any
    found = [
        paper
        for paper in listed.values()
        if low <= paper.updated_at <= high
        and combine(
            phrase_in(phrase, paper.entry.title if field == "ti" else paper.entry.summary or "")
            for field, phrase in terms
        )
    ]
    found.sort(key=lambda paper: (paper.updated_at, paper.entry.arxiv_id), reverse=True)
    return atom_feed([p.entry for p in found[start : start + max_results]], total=len(found))


@dataclass(frozen=True)
class Request:
    params: dict[str, str]
    headers: dict[str, str]
    # The time on the emulator's clock when the request arrived, where it has one.
    at: float | None = None


class ArxivEmulator:
    """Answers ``GET /api/query``: first from ``script``, then an ``id_list`` query from
    ``id_replies`` (recorded answers, by the id_list asked) or with the ``by_id`` entries it
    names (an id not among them left out, as arXiv leaves out an id it does not know), then by
    searching ``corpus`` when one is set, else from ``replies`` by search_query.

    A query with no reply of its own gets an empty feed, as arXiv answers a search with no match.
    """

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.id_replies: dict[str, Reply] = {}
        self.by_id: dict[str, Entry] = {}
        self.corpus: list[CorpusPaper] | None = None
        self.now = datetime(2026, 11, 24, 6, 0)
        self.script: list[Reply] = []
        # The answer to every request, whatever it asks, when set: an arXiv that is down.
        self.always: Reply | None = None
        # A trickle's second, in real seconds, when the clock is no EmulatedTime.
        self.real_second = 1.0
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        # The client's clock, to record when each request arrived in the client's time.
        self.clock: Callable[[], float] | None = None
        self.server = Server(_ArxivHandler, self)

    @property
    def url(self) -> str:
        return self.server.base_url + QUERY_PATH

    def serve_keyword(self, keyword: str, entries: list[Entry], total: int | None = None) -> None:
        self.serve_query(keyword_query(keyword), entries, total)

    def serve_query(self, query: str, entries: list[Entry], total: int | None = None) -> None:
        self.replies[query] = Reply(body=atom_feed(entries, total))

    def answer_keyword(self, keyword: str, reply: Reply) -> None:
        self.replies[keyword_query(keyword)] = reply

    def next_reply(self, params: dict[str, str]) -> Reply:
        with self.lock:
            if self.always is not None:
                return self.always
            if self.script:
                return self.script.pop(0)
            if "id_list" in params:
                return self._by_id(params["id_list"])
            if self.corpus is not None:
                body = search_corpus(
                    self.corpus,
                    params.get("search_query", ""),
                    int(params.get("start", 0)),
                    int(params.get("max_results", 10)),
                    self.now,
                )
                return Reply(body=body)
            return self.replies.get(params.get("search_query", ""), Reply(body=atom_feed([])))

    def _by_id(self, id_list: str) -> Reply:
        if id_list in self.id_replies:
            return self.id_replies[id_list]
        asked = [re.sub(r"v\d+$", "", written) for written in id_list.split(",")]
        found = [self.by_id[arxiv_id] for arxiv_id in asked if arxiv_id in self.by_id]
        return Reply(body=atom_feed(found, total=len(found)))


class _ArxivHandler(Handler):
    def handle(self) -> None:
        # The client may close a connection whose answer it did not read: a 429's, a 5xx's.
        with contextlib.suppress(ConnectionResetError):
            super().handle()

    def do_GET(self) -> None:
        emulator: ArxivEmulator = self.server.emulator  # type: ignore[attr-defined]
        url = urlsplit(self.path)
        params = {key: values[0] for key, values in parse_qs(url.query).items()}
        with emulator.lock:
            at = emulator.clock() if emulator.clock else None
            emulator.requests.append(Request(params, dict(self.headers), at))
        if url.path != QUERY_PATH:
            self.send_body(404, b"not found", "text/plain", {})
            return
        reply = emulator.next_reply(params)
        if reply.reset:
            self.reset_connection()
            return
        if reply.stall:
            emulator.stopping.wait()
            self.close_connection = True
            return
        if reply.cut or reply.trickle or reply.padding:
            self._send_badly(reply)
            return
        self.send_body(
            reply.status, reply.body, "application/atom+xml; charset=utf-8", reply.headers
        )

    def _send_badly(self, reply: Reply) -> None:
        """The whole body announced; half of it sent before the connection closes, or all of
        it in pieces, or with filler after it, until the client hangs up."""
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(reply.body) + reply.padding))
        self.end_headers()
        self.close_connection = True
        try:
            if reply.cut:
                self.wfile.write(reply.body[: len(reply.body) // 2])
            elif reply.trickle:
                self._trickle(reply.body, reply.trickle)
            else:
                self.wfile.write(reply.body)
                for start in range(0, reply.padding, len(_FILLER)):
                    self.wfile.write(_FILLER[: reply.padding - start])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up reading, as it should

    def _trickle(self, body: bytes, per_second: int) -> None:
        """The body ``per_second`` bytes a second, while the client listens."""
        emulator: ArxivEmulator = self.server.emulator  # type: ignore[attr-defined]
        time = emulator.clock if isinstance(emulator.clock, EmulatedTime) else None
        for start in range(0, len(body), per_second):
            if time is None:
                emulator.stopping.wait(emulator.real_second)
            else:
                time.looked.wait(timeout=5)
                time.looked.clear()
            if emulator.stopping.is_set() or self._client_left():
                return
            if time is not None:
                time.now += 1.0
            self.wfile.write(body[start : start + per_second])
            self.wfile.flush()

    def _client_left(self) -> bool:
        """Whether the client closed its end of the connection."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
