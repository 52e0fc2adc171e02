"""The demo: the local command, run against an arXiv answer recorded from arXiv and shipped with
the package, so that a first run shows what the action makes on any machine, offline.

`make demo` (``python -m dailypapers.entry.demo``) serves the recording on 127.0.0.1 as arXiv's
query API serves it, and runs the real local command against that address: the same client,
merge and rendering as a run against arXiv. A search is answered as arXiv answers it from that
recording's 100 papers: those whose title or abstract has the keyword's phrase (both, for a
one-word keyword), newest update first. The README lands in ``README.demo.md`` and the web page of
its papers in ``demo-site/`` (or the paths given), never on the project's own README.
"""

from __future__ import annotations

import html
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from dailypapers.entry.cli import main

RECORDED_SEARCH = Path(__file__).with_name("recorded") / "q_testing.xml"
DEMO_README = "README.demo.md"
DEMO_SITE = "demo-site"
# Phrases the recording's papers have, so that each section shows a handful.
KEYWORDS = ("Software Testing", "Large Language Models", "Hypothesis Testing")
QUERY_PATH = "/api/query"

_ENTRY = re.compile(rb"  <entry>.*?</entry>\n", re.DOTALL)
_TOTAL = re.compile(rb"<opensearch:totalResults>\d+</opensearch:totalResults>")
_TERM = re.compile(r'\b(ti|abs):"([^"]*)"')
_FIELDS = {"ti": re.compile(rb"<title>(.*?)</title>", re.DOTALL),
           "abs": re.compile(rb"<summary>(.*?)</summary>", re.DOTALL)}  # fmt: skip
_UPDATED = re.compile(rb"<updated>([^<]+)</updated>")


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _field_words(entry: bytes, field: str) -> str:
    found = _FIELDS[field].search(entry)
    return _words(html.unescape(found[1].decode("utf-8"))) if found else ""


def _matches(entry: bytes, query: str) -> bool:
    """Whether the entry answers a query of ``ti:``/``abs:`` phrases joined by OR (or by AND),
    as the keyword queries of the command are written."""
    terms = _TERM.findall(query)
    combine = all if re.search(r'"\s+AND\s+(?:ti|abs):', query) else any
    return bool(terms) and combine(
        _words(phrase) in _field_words(entry, field) for field, phrase in terms
    )


def _updated(entry: bytes) -> bytes:
    found = _UPDATED.search(entry)
    return found[1] if found else b""


def answer(recording: bytes, query: str, max_results: int) -> bytes:
    """The recording as arXiv would answer ``query``: its matching entries, newest update
    first, at most ``max_results``, with their total."""
    entries = _ENTRY.findall(recording)
    found = sorted(
        (entry for entry in entries if _matches(entry, query)), key=_updated, reverse=True
    )
    head = recording[: recording.index(b"  <entry>")]
    head = _TOTAL.sub(b"<opensearch:totalResults>%d</opensearch:totalResults>" % len(found), head)
    return head + b"".join(found[:max_results]) + b"</feed>\n"


class _RecordedArxiv(BaseHTTPRequestHandler):
    recording = b""

    def log_message(self, format: str, *args: Any) -> None:
        """The command's own lines are what the demo shows."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = {name: values[0] for name, values in parse_qs(url.query).items()}
        if url.path != QUERY_PATH:
            self.send_error(404)
            return
        body = answer(
            self.recording, params.get("search_query", ""), int(params.get("max_results", "10"))
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def recorded_arxiv(recording: Path = RECORDED_SEARCH) -> Iterator[str]:
    """arXiv's query API answering from ``recording``, on 127.0.0.1; yields its URL."""
    handler = type("Handler", (_RecordedArxiv,), {"recording": recording.read_bytes()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{QUERY_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def demo(arguments: Sequence[str] = ()) -> int:
    """Runs the local command on the recorded answer: the keywords of the demo, unless
    ``arguments`` name others, into README.demo.md and demo-site/ unless they give --readme and
    --site-dir."""
    given = list(arguments)
    if "--readme" not in given:
        given += ["--readme", DEMO_README]
    if "--site-dir" not in given:
        given += ["--site-dir", DEMO_SITE]
    if "--keyword" not in given:
        given += [part for keyword in KEYWORDS for part in ("--keyword", keyword)]
    with recorded_arxiv() as url:
        code = main([*given, "--arxiv-url", url, "--request-interval", "0"])
    readme, site = (given[given.index(flag) + 1] for flag in ("--readme", "--site-dir"))
    if code == 0:
        print(f"\nOpen {readme}: the README the action keeps, from arXiv's recorded answer.")
        print(f"The web page of its papers: python3 -m http.server -d {site}, then its address.")
    return code


if __name__ == "__main__":
    sys.exit(demo(sys.argv[1:]))
