"""The web page of every paper at scale: its size, what its first view costs, how soon the
newest paper shows and how fast a search answers, in Debian's chromium.

An archive of --papers generated papers (a README, its pages and the papers file, as a run
leaves them) goes through the local command with --site-dir, nothing new from the arXiv
emulator; the site is served from a sub-path on 127.0.0.1, gzipped as GitHub Pages sends it.
`make bench-site` runs it at 20,000 papers; --screenshots FOLDER also photographs the desktop
and phone views. It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import re
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dailypapers.domain.paper import Paper
from tests.emulators.arxiv import ArxivEmulator
from tests.site.helpers import (
    SUB_PATH,
    abstract_word,
    chromium,
    chromium_missing,
    generated_papers,
    run_with_site,
    serve_site,
    title_word,
    write_archive,
)

NEWEST = date(2026, 11, 23)
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


def build(folder: Path, papers: list[tuple[str, Paper]]) -> tuple[float, str, float, str]:
    """The archive's first run with the site (seconds, the run's site line), then a second run
    with nothing changed."""
    readme = write_archive(folder, papers, NEWEST)
    figures = []
    for _ in range(2):
        out = io.StringIO()
        arxiv = ArxivEmulator()
        started = time.monotonic()
        with arxiv.server, contextlib.redirect_stdout(out):
            run_with_site(readme, arxiv.url, folder / "site")
            arxiv.stopping.set()
        line = next((ln for ln in out.getvalue().splitlines() if ln.startswith("Site ")), "")
        figures += [time.monotonic() - started, line]
    return figures[0], figures[1], figures[2], figures[3]


def site_size(site: Path) -> tuple[int, int, int]:
    """The site's files, bytes, and bytes as Pages sends them (text gzipped)."""
    files = [path for path in site.rglob("*") if path.is_file()]
    raw = sum(path.stat().st_size for path in files)
    text = (".html", ".js", ".css", ".json")
    sent = sum(
        len(gzip.compress(path.read_bytes(), 6)) if path.suffix in text else path.stat().st_size
        for path in files
    )
    return len(files), raw, sent


def _ids(driver: Any) -> list[str]:
    script = "return [...document.querySelectorAll('#papers .paper')].map(e => e.dataset.arxivId)"
    return list(driver.execute_script(script))


def _timed(driver: Any, act: Callable[[], None], shown: Callable[[list[str]], bool]) -> float:
    started = time.monotonic()
    act()
    WebDriverWait(driver, 120, poll_frequency=0.02).until(lambda d: shown(_ids(d)))
    return time.monotonic() - started


def browse(
    site: Path, papers: list[tuple[str, Paper]], screenshots: Path | None
) -> list[tuple[str, str]]:
    """The reader's figures, in the browser: the two oldest papers searched by a word of their
    title, the oldest by a word of its abstract."""
    count = len(papers)
    oldest, second = papers[-1][1].arxiv_id, papers[-2][1].arxiv_id
    figures = []
    with serve_site(site) as (url, served), chromium() as driver:
        served.clear()
        first = _timed(driver, lambda: driver.get(url), bool)
        figures.append(("Time to the first paper (cold cache)", f"{first:.2f} s"))
        figures.append(("First-view bytes (gzip)", f"{served.bytes_sent():,}"))
        box = driver.find_element(By.ID, "q")
        for label, index, wanted in (("cold", count - 1, oldest), ("warm", count - 2, second)):
            box.clear()
            seconds = _timed(
                driver,
                lambda i=index: box.send_keys(title_word(i)),
                lambda ids, w=wanted: ids == [w],
            )
            figures.append(
                (f"Title search typed, {label} (with its 0.2 s pause)", f"{seconds:.2f} s")
            )
        seconds = _timed(
            driver,
            lambda: driver.get(f"{url}?q={abstract_word(count - 1)}"),
            lambda i: i == [oldest],
        )
        figures.append(("Abstract search through ?q= (the oldest; page load)", f"{seconds:.2f} s"))
        if screenshots:
            _photograph(driver, url, screenshots)
    return figures


def _photograph(driver: Any, url: str, folder: Path) -> None:
    driver.get(url)
    WebDriverWait(driver, 60).until(lambda d: _ids(d))
    driver.save_screenshot(str(folder / "site-desktop.png"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    driver.get(f"{url}?q=diffusion%20policy")
    WebDriverWait(driver, 60).until(lambda d: _ids(d))
    driver.save_screenshot(str(folder / "site-phone.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20_000)
    parser.add_argument("--screenshots", type=Path, help="a folder for site-desktop/phone.png")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="daily-papers-bench-site-") as scratch:
        folder = Path(scratch)
        papers = generated_papers(arguments.papers, NEWEST)
        first, line, again, line_again = build(folder, papers)
        files, raw, sent = site_size(folder / "site")
        rows = [
            ("Papers", f"{arguments.papers:,}"),
            ("Run with --site-dir, first (README split into pages, index built)", f"{first:.1f} s"),
            ("  its site step", _seconds(line)),
            ("Run again, nothing new (index kept)", f"{again:.1f} s"),
            ("  its site step", _seconds(line_again)),
            ("Site files", f"{files:,}"),
            ("Site bytes (on disk / as Pages sends them)", f"{raw:,} / {sent:,}"),
        ]
        missing = chromium_missing()
        if missing:
            rows.append(("Browser figures", missing))
        else:
            rows += browse(folder / "site", papers, arguments.screenshots)
    width = max(len(label) for label, _ in rows)
    print(f"The site at {arguments.papers:,} papers, served from {SUB_PATH} on 127.0.0.1")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")


def _seconds(line: str) -> str:
    found = re.search(r"in ([\d.]+) s", line)
    return f"{found[1]} s" if found else "?"


if __name__ == "__main__":
    main()
