"""The issue's done-when at full size: 20,000 papers written through --site-dir, the site served
from a sub-path, as a reader's browser meets it. Times are the benchmark's (bench/site.py); this
checks what the reader gets, and the bytes the first view costs."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dailypapers.domain.paper import Paper
from tests.emulators.arxiv import ArxivEmulator
from tests.site.helpers import (
    BrowserLog,
    Served,
    abstract_word,
    generated_papers,
    run_with_site,
    serve_site,
    title_word,
    write_archive,
)

COUNT = 20_000
NEWEST = date(2026, 11, 23)
# What the first view may cost on the wire, gzipped as GitHub Pages sends it.
FIRST_VIEW_BYTES = 400_000


@pytest.fixture(scope="module")
def papers() -> list[tuple[str, Paper]]:
    return generated_papers(COUNT, NEWEST)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, papers: list[tuple[str, Paper]]) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    readme = write_archive(folder, papers, NEWEST)
    arxiv = ArxivEmulator()
    with arxiv.server:
        assert run_with_site(readme, arxiv.url, folder / "site") == 0
        arxiv.stopping.set()
    return folder


@pytest.fixture(scope="module")
def site(archive: Path) -> Iterator[tuple[str, Served]]:
    with serve_site(archive / "site") as served:
        yield served


def _ids(browser: Any) -> list[str]:
    script = "return [...document.querySelectorAll('#papers .paper')].map(e => e.dataset.arxivId)"
    return list(browser.execute_script(script))


def _wait(browser: Any, condition: Any) -> None:
    WebDriverWait(browser, 60).until(condition)


def test_the_oldest_paper_is_on_a_page_of_older_papers(
    archive: Path, papers: list[tuple[str, Paper]]
) -> None:
    oldest = papers[-1][1]
    assert oldest.arxiv_id not in (archive / "README.md").read_text()
    pages = [p for p in (archive / "papers").glob("*.md") if oldest.arxiv_id in p.read_text()]
    assert len(pages) == 1


def test_the_first_view_the_search_and_the_phone_at_20000_papers(
    browser: Any, site: tuple[str, Served], papers: list[tuple[str, Paper]]
) -> None:
    url, served = site
    BrowserLog().read(browser)
    served.clear()
    browser.get(url)
    _wait(browser, lambda d: _ids(d))
    newest = max(papers, key=lambda x: (x[1].updated, x[1].arxiv_id))[1]
    assert _ids(browser)[0] == newest.arxiv_id
    assert served.bytes_sent() <= FIRST_VIEW_BYTES
    assert browser.find_element(By.ID, "count").text == f"{COUNT:,} papers, newest first"

    oldest = papers[-1][1]
    browser.find_element(By.ID, "q").send_keys(title_word(COUNT - 1))
    _wait(browser, lambda d: _ids(d) == [oldest.arxiv_id])

    browser.get(f"{url}?q={abstract_word(COUNT - 1)}")
    _wait(browser, lambda d: _ids(d) == [oldest.arxiv_id])

    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        browser.get(url)
        _wait(browser, lambda d: _ids(d))
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    log = BrowserLog().read(browser)
    assert log.foreign(url) == [] and log.failed == [] and log.console_errors == []
