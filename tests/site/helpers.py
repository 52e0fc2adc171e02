"""What the site's tests and its benchmark share: papers generated from a seed, an archive of
them written as a run keeps it (README, pages, papers file), a server that serves a site from a
sub-path as GitHub Pages does, and Debian's chromium driven through its chromedriver.

Not a test module: tests/site's tests and bench/site.py import it.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from dailypapers.domain.paper import Paper
from dailypapers.entry.cli import main
from dailypapers.outputs.extra_files import papers_file_text
from dailypapers.readme.document import parse_readme
from dailypapers.readme.render import render_preamble, render_row, render_section

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL_CHROMIUM = "apt-get install chromium chromium-driver"
SUB_PATH = "/papers-site/"
# Ten sections of at most 2,000 papers (the most a section keeps) hold 20,000 papers.
SECTIONS = (
    "Diffusion Models", "Graph Neural Networks", "Large Language Models", "Robotics",
    "Reinforcement Learning", "Computer Vision", "Speech", "Optimization", "Causal Inference",
    "Quantum Machine Learning",
)  # fmt: skip
# The most papers a section keeps: the run keeps every row of the generated archive.
MAX_PAPERS = 2000
CATEGORIES = ("cs.LG", "cs.CV", "cs.CL", "cs.RO", "stat.ML", "cs.AI")
_SYLLABLES = [consonant + vowel for consonant in "bdklm" for vowel in "aeiou"]
_COMMON = (
    "learning", "model", "network", "data", "training", "method", "results", "task",
    "performance", "approach", "neural", "graph", "diffusion", "language", "robot", "policy",
    "vision", "image", "text", "generation", "benchmark", "attention", "transformer", "sampling",
    "inference", "optimization", "reward", "agent", "planning", "dataset", "evaluation", "robust",
)  # fmt: skip
# Besides the common words, words of a few thousand coined ones: an index of a realistic size.
_VOCABULARY = 4000
# Chromium with nothing of its own that talks to the network, which this machine closes.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def coined_word(number: int, prefix: str) -> str:
    """A word no other paper has: ``number`` in syllables, after ``prefix``."""
    syllables = []
    while True:
        number, digit = divmod(number, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
        if not number:
            break
    # The last letter keeps a stemmer from making two of them one (zormuke, zormuki: zormuk).
    return prefix + "".join(syllables) + "x"


def title_word(index: int) -> str:
    """The word only the title of the ``index``-th generated paper has."""
    return coined_word(index, "zor")


def abstract_word(index: int) -> str:
    """The word only the abstract of the ``index``-th generated paper has."""
    return coined_word(index, "vex")


def generated_papers(count: int, newest: date, seed: int = 27) -> list[tuple[str, Paper]]:
    """``count`` papers, newest first, about thirty a day back from ``newest``, each with its
    section; every title and abstract has a word of its own (:func:`title_word`,
    :func:`abstract_word`), every fifth paper a code link, every third a TL;DR."""
    rng = random.Random(seed)
    papers = []
    for index in range(count):
        day = newest - timedelta(days=index // 30)
        words = [_word(rng) for _ in range(60)]
        words.insert(rng.randrange(60), abstract_word(index))
        code = (
            f" Code: https://github.com/lab{index % 50}/project{index}." if index % 5 == 0 else ""
        )
        title_words = [rng.choice(_COMMON).capitalize() for _ in range(6)]
        title_words.insert(rng.randrange(6), title_word(index).capitalize())
        paper = Paper(
            arxiv_id=f"{day:%y%m}.{index:05d}",
            version=1 + index % 2,
            title=" ".join(title_words),
            abstract=" ".join(words).capitalize() + "." + code,
            comment="10 pages" if index % 4 == 0 else "",
            updated=day,
            published=day,
            authors=tuple(f"Author {rng.randrange(500)}" for _ in range(1 + index % 4)),
            categories=tuple(rng.sample(CATEGORIES, 1 + index % 2)),
            primary_category="",
            tldr=f"A {rng.choice(_COMMON)} method for {rng.choice(_COMMON)}." if index % 3 else "",
            relevance=round(rng.random(), 3) if index % 2 else None,
        )
        papers.append((SECTIONS[index % len(SECTIONS)], paper))
    return papers


def _word(rng: random.Random) -> str:
    return (
        rng.choice(_COMMON) if rng.random() < 0.5 else coined_word(rng.randrange(_VOCABULARY), "")
    )


def write_archive(folder: Path, papers: Sequence[tuple[str, Paper]], today: date) -> Path:
    """A README of ``papers`` (newest first, by section) and the papers file of them, as a
    run would have left them; the README's path. The next run moves what passes the README's
    budget to pages."""
    by_section: dict[str, list[Paper]] = {}
    for heading, paper in papers:
        by_section.setdefault(heading, []).append(paper)
    text = render_preamble([len(found) for found in by_section.values()], today)
    for heading, found in by_section.items():
        text += "\n" + "\n".join(render_section(heading, [render_row(p) for p in found])) + "\n"
    readme = folder / "README.md"
    readme.write_text(text, encoding="utf-8")
    tables = parse_readme(text).sections
    rows = {s.heading: list(s.table.rows) for s in tables if s.table is not None}
    known = {paper.arxiv_id: paper for _, paper in papers}
    (folder / "papers.json").write_text(papers_file_text(rows, known), encoding="utf-8")
    return readme


def run_with_site(readme: Path, arxiv_url: str, site: Path, *extra: str) -> int:
    """The local command on the archive, with nothing new from arXiv, writing the site."""
    keywords = [argument for heading in SECTIONS for argument in ("--keyword", heading)]
    return main(
        [
            "--readme",
            str(readme),
            *keywords,
            "--max-papers",
            str(MAX_PAPERS),
            "--papers-file",
            "papers.json",
            "--site-dir",
            str(site),
            "--arxiv-url",
            arxiv_url,
            "--request-interval",
            "0",
            *extra,
        ]
    )


_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
}


@dataclass
class Served:
    """What the site server sent: each request's path and the bytes of its body on the wire."""

    requests: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()

    def bytes_sent(self) -> int:
        with self.lock:
            return sum(size for _, size in self.requests)


class _SiteHandler(BaseHTTPRequestHandler):
    server: _SiteServer

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == SUB_PATH.rstrip("/"):
            self._send(301, b"", {"Location": SUB_PATH})
            return
        target = self.server.file(path)
        if target is None:
            self._send(404, b"not found", {})
            return
        kind = _TYPES.get(target.suffix)
        headers = {
            "Content-Type": kind or "application/octet-stream",
            "Cache-Control": "max-age=600",
        }
        if kind and "gzip" in self.headers.get("Accept-Encoding", ""):
            headers["Content-Encoding"] = "gzip"
            self._send(200, self.server.compressed(target), headers)
        else:
            self._send(200, target.read_bytes(), headers)

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with self.server.served.lock:
            self.server.served.requests.append((self.path, len(body)))

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the log is the server's ``served``."""


class _SiteServer(ThreadingHTTPServer):
    def __init__(self, folder: Path) -> None:
        super().__init__(("127.0.0.1", 0), _SiteHandler)
        self.folder = folder.resolve()
        self.served = Served()
        self._compressed: dict[Path, bytes] = {}

    def file(self, path: str) -> Path | None:
        """The file a path under the sub-path names (a folder's index.html), if any."""
        if not path.startswith(SUB_PATH):
            return None
        target = (self.folder / path.removeprefix(SUB_PATH)).resolve()
        target = target / "index.html" if path.endswith("/") else target
        inside = self.folder in target.parents
        return target if inside and target.is_file() else None

    def compressed(self, target: Path) -> bytes:
        if target not in self._compressed:
            self._compressed[target] = gzip.compress(target.read_bytes(), 6)
        return self._compressed[target]


@contextmanager
def serve_site(folder: Path) -> Iterator[tuple[str, Served]]:
    """Serves ``folder`` at http://127.0.0.1:<port>/papers-site/ as GitHub Pages does: text
    gzipped for a client that accepts it (Pagefind's files are compressed already), ten minutes
    of cache. The site's address, and the log of what was sent."""
    server = _SiteServer(folder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}", server.served
    finally:
        server.shutdown()
        server.server_close()


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, and how to make them; None when they can."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if not missing:
        return None
    return (
        f"BROWSER TESTS SKIPPED: {', '.join(missing)} not found; install Debian's chromium "
        f"and its driver with `{INSTALL_CHROMIUM}`"
    )


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, through its chromedriver, logging every network event and
    console message; no browser is downloaded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="daily-papers-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        # What the browser's own start page asked for is not the site's: left out of the logs.
        driver.get("about:blank")
        BrowserLog().read(driver)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class BrowserLog:
    """What the browser did since the logs were last read: every URL it asked for, the
    requests that failed (or were answered 400 or more), and the console's errors."""

    requested: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def read(self, driver: Any) -> BrowserLog:
        urls: dict[str, str] = {}
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message["method"], message.get("params", {})
            if method == "Network.requestWillBeSent":
                urls[params["requestId"]] = params["request"]["url"]
                self.requested.append(params["request"]["url"])
            elif method == "Network.loadingFailed" and not params.get("canceled"):
                self.failed.append(f"{urls.get(params['requestId'], '?')}: {params['errorText']}")
            elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
                self.failed.append(f"{params['response']['url']}: {params['response']['status']}")
        for entry in driver.get_log("browser"):
            if entry["level"] == "SEVERE":
                self.console_errors.append(entry["message"])
        return self

    def foreign(self, site: str) -> list[str]:
        """The network URLs (http, https, ws, wss) asked for that are not of the site."""
        own = site.split(SUB_PATH)[0]
        network = ("http:", "https:", "ws:", "wss:")
        return [
            url for url in self.requested if url.startswith(network) and not url.startswith(own)
        ]


def chromium_in_ci_or_skip() -> str | None:
    """The reason to skip when chromium is missing; under CI=true, missing it fails instead."""
    reason = chromium_missing()
    if reason and os.environ.get("CI") == "true":
        raise AssertionError(reason.replace("SKIPPED", "CANNOT RUN UNDER CI"))
    return reason
