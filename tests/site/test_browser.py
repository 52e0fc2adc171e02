"""The site in a real browser: Debian's chromium, the site served from a sub-path on 127.0.0.1.

After every test, the browser must have asked no other host, and seen no failed request and no
console error.
"""

import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from dailypapers.domain.paper import Paper
from dailypapers.readme.document import Row
from dailypapers.readme.merge import PapersTable
from dailypapers.site.records import RunDay
from dailypapers.steps.site import write_site
from tests.site.helpers import (
    BrowserLog,
    abstract_word,
    generated_papers,
    serve_site,
    title_word,
)

NEWEST = date(2026, 11, 23)
COUNT = 300
DARK_BACKGROUND = "rgb(13, 17, 23)"
LIGHT_BACKGROUND = "rgb(255, 255, 255)"


@pytest.fixture(scope="module")
def papers() -> list[tuple[str, Paper]]:
    return generated_papers(COUNT, NEWEST)


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, papers: list[tuple[str, Paper]]
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    rows: dict[str, list[Row]] = {}
    for heading, paper in papers:
        row = Row("", paper.arxiv_id, paper.version, paper.updated, paper.title)
        rows.setdefault(heading, []).append(row)
    known = {paper.arxiv_id: paper for _, paper in papers}
    tables = [PapersTable(heading, tuple(found)) for heading, found in rows.items()]
    day = RunDay(date(2026, 11, 24), 0, arxiv_silent_since=NEWEST)
    write_site(str(folder), tables, known, day, print)
    with serve_site(folder) as (url, _):
        yield url


@pytest.fixture(autouse=True)
def nothing_foreign_failed_or_logged(browser: Any, site: str) -> Iterator[None]:
    browser.get(site)
    browser.execute_script("localStorage.clear()")
    BrowserLog().read(browser)
    yield
    log = BrowserLog().read(browser)
    assert log.foreign(site) == []
    assert log.failed == []
    assert log.console_errors == []


def _wait(browser: Any, condition: Any, seconds: float = 20) -> Any:
    return WebDriverWait(browser, seconds).until(condition)


def _open(browser: Any, url: str) -> list[str]:
    browser.get(url)
    _wait(browser, lambda d: "…" not in d.find_element(By.ID, "count").text)
    return _ids(browser)


def _ids(browser: Any) -> list[str]:
    # Read in one go: the list may be rendered again meanwhile.
    script = "return [...document.querySelectorAll('#papers .paper')].map(e => e.dataset.arxivId)"
    return list(browser.execute_script(script))


def _query(browser: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browser.current_url).query)


def _card(browser: Any, arxiv_id: str) -> Any:
    return browser.find_element(By.CSS_SELECTOR, f'[data-arxiv-id="{arxiv_id}"]')


def test_the_first_view_shows_the_newest_papers_and_each_paper_s_links(
    browser: Any, site: str, papers: list[tuple[str, Paper]]
) -> None:
    ids = _open(browser, site)
    assert ids[:3] == [
        p.arxiv_id
        for _, p in sorted(papers, key=lambda x: (x[1].updated, x[1].arxiv_id), reverse=True)[:3]
    ]
    assert len(ids) == 50
    assert browser.find_element(By.ID, "count").text == f"{COUNT} papers, newest first"
    note = browser.find_element(By.ID, "note").text
    assert note.startswith("No new papers on 2026-11-24: arXiv has announced none since 2026-11-23")
    newest = papers[0][1]
    card = _card(browser, newest.arxiv_id)
    links = {a.text: a.get_attribute("href") for a in card.find_elements(By.TAG_NAME, "a")}
    assert links == {
        newest.title: f"https://arxiv.org/abs/{newest.arxiv_id}",
        "Abstract page": f"https://arxiv.org/abs/{newest.arxiv_id}",
        "PDF": f"https://arxiv.org/pdf/{newest.arxiv_id}",
        "HTML": f"https://arxiv.org/html/{newest.arxiv_id}",
        "Code": "https://github.com/lab0/project0",
    }
    assert newest.abstract not in card.text
    card.find_element(By.CSS_SELECTOR, "details.abstract summary").click()
    _wait(browser, lambda d: newest.abstract in card.text)
    button = card.find_element(By.CSS_SELECTOR, "button.bibtex")
    button.click()
    _wait(browser, lambda d: button.text != "Copy BibTeX")
    bibtex = button.get_attribute("data-bibtex")
    assert bibtex.startswith(f"@misc{{arxiv{newest.arxiv_id.replace('.', '')},")
    assert f"eprint = {{{newest.arxiv_id}}}" in bibtex and newest.title in bibtex
    browser.find_element(By.ID, "more").click()
    _wait(browser, lambda d: len(_ids(d)) == 100)


def test_a_title_word_typed_finds_an_old_paper_and_an_abstract_word_through_q(
    browser: Any, site: str, papers: list[tuple[str, Paper]]
) -> None:
    _open(browser, site)
    oldest = papers[-1][1]
    browser.find_element(By.ID, "q").send_keys(title_word(COUNT - 1))
    _wait(browser, lambda d: _ids(d) == [oldest.arxiv_id])
    assert _query(browser) == {"q": [title_word(COUNT - 1)]}
    assert browser.find_element(By.ID, "count").text == f"1 paper matches “{title_word(COUNT - 1)}”"
    middle = papers[150][1]
    assert _open(browser, f"{site}?q={abstract_word(150)}") == [middle.arxiv_id]
    assert browser.find_element(By.ID, "q").get_attribute("value") == abstract_word(150)


def test_a_paper_found_by_a_search_is_shown_as_the_list_shows_it(
    browser: Any, site: str, papers: list[tuple[str, Paper]]
) -> None:
    # The list reads the data files; a search reads the index, which takes the title, TL;DR and
    # abstract from the paper's page and the rest of the record from its JSON.
    wanted = papers[5][1]
    assert wanted.tldr and wanted.relevance is not None and "github.com" in wanted.abstract
    cards = []
    for url in (site, f"{site}?q={title_word(5)}"):
        _open(browser, url)
        card = _card(browser, wanted.arxiv_id)
        card.find_element(By.CSS_SELECTOR, "details.abstract summary").click()
        _wait(browser, lambda d, card=card: wanted.abstract in card.text)
        cards.append(card.get_attribute("outerHTML"))
    assert _ids(browser) == [wanted.arxiv_id]
    assert cards[0] == cards[1] and wanted.tldr in cards[1] and wanted.title in cards[1]


def test_filters_and_sort_narrow_the_list_and_round_trip_through_the_url(
    browser: Any, site: str, papers: list[tuple[str, Paper]]
) -> None:
    _open(browser, site)
    browser.find_element(By.CSS_SELECTOR, "#more-filters summary").click()
    Select(browser.find_element(By.ID, "section")).select_by_value("Robotics")
    _wait(browser, lambda d: _query(d) == {"section": ["Robotics"]})
    robotics = [p for heading, p in papers if heading == "Robotics"]
    _wait(browser, lambda d: len(_ids(d)) == len(robotics))
    assert browser.find_element(By.ID, "count").text == f"{len(robotics)} of {COUNT} papers"
    Select(browser.find_element(By.ID, "sort")).select_by_value("relevance")
    best = max(robotics, key=lambda p: (p.relevance or -1, p.updated, p.arxiv_id))
    _wait(browser, lambda d: _ids(d)[:1] == [best.arxiv_id])
    assert _query(browser) == {"section": ["Robotics"], "sort": ["relevance"]}
    browser.find_element(By.ID, "code").click()
    with_code = {p.arxiv_id for p in robotics if "github.com" in p.abstract}
    _wait(browser, lambda d: set(_ids(d)) == with_code)
    browser.back()
    _wait(browser, lambda d: _query(d) == {"section": ["Robotics"], "sort": ["relevance"]})
    _wait(browser, lambda d: len(_ids(d)) == len(robotics))
    assert not browser.find_element(By.ID, "code").is_selected()
    browser.back()
    _wait(
        browser,
        lambda d: (
            Select(d.find_element(By.ID, "sort")).first_selected_option.get_attribute("value")
            == "date"
        ),
    )

    excluded = papers[3][1]
    url = f"{site}?category=cs.LG&from=2026-11-20&to=2026-11-22&min=0.2&exclude={abstract_word(3)}"
    shown = set(_open(browser, url))
    expected = {
        p.arxiv_id
        for _, p in papers
        if "cs.LG" in p.categories
        and date(2026, 11, 20) <= p.updated <= date(2026, 11, 22)
        and (p.relevance or -1) >= 0.2
        and p is not excluded
    }
    assert shown == expected and shown
    assert browser.find_element(By.ID, "min").get_attribute("value") == "0.2"
    assert browser.find_element(By.ID, "from").get_attribute("value") == "2026-11-20"


def test_a_search_takes_the_filters_and_the_sort_too(
    browser: Any, site: str, papers: list[tuple[str, Paper]]
) -> None:
    word = "benchmark"
    found = [(h, p) for h, p in papers if word in f"{p.title} {p.abstract} {p.tldr}".lower()]
    chosen = [p for _, p in found if "cs.CV" in p.categories and "github.com" in p.abstract]
    ids = _open(browser, f"{site}?q={word}&category=cs.CV&code=1&sort=relevance")
    assert set(ids) == {p.arxiv_id for p in chosen} and len(chosen) > 1
    assert ids[0] == max(chosen, key=lambda p: p.relevance or -1).arxiv_id
    count = browser.find_element(By.ID, "count").text
    assert count == f"{len(chosen)} papers match “{word}”"
    robotics = {p.arxiv_id for h, p in found if h == "Robotics"}
    assert set(_open(browser, f"{site}?q={word}&section=Robotics")) == robotics and robotics


def test_a_star_and_a_read_mark_survive_a_reload(browser: Any, site: str) -> None:
    first = _open(browser, site)[1]
    _card(browser, first).find_element(By.CSS_SELECTOR, "button.star").click()
    _card(browser, first).find_element(By.CSS_SELECTOR, "button.mark-read").click()
    _open(browser, site)
    assert (
        _card(browser, first)
        .find_element(By.CSS_SELECTOR, "button.star")
        .get_attribute("aria-pressed")
        == "true"
    )
    assert "read" in _card(browser, first).get_attribute("class").split()
    assert _open(browser, f"{site}?starred=1") == [first]


def test_stars_and_read_marks_are_exported_as_json(browser: Any, site: str) -> None:
    first = _open(browser, site)[0]
    _card(browser, first).find_element(By.CSS_SELECTOR, "button.star").click()
    # What the export would download: the Blob the page makes.
    browser.execute_script(
        "const make = URL.createObjectURL;"
        "URL.createObjectURL = (blob) => { window.exported = blob; return make(blob); };"
    )
    browser.find_element(By.ID, "export").click()
    text = browser.execute_async_script("window.exported.text().then(arguments[0])")
    exported = json.loads(text)
    assert list(exported["starred"]) == [first] and exported["read"] == {}
    assert (
        exported["starred"][first]["title"]
        == _card(browser, first).find_element(By.TAG_NAME, "h3").text
    )


def test_the_keys_search_move_open_star_and_help(browser: Any, site: str) -> None:
    ids = _open(browser, site)
    keys = ActionChains(browser)
    keys.send_keys("/").perform()
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    keys.send_keys(Keys.ESCAPE).perform()
    for key in "jjjk":
        ActionChains(browser).send_keys(key).perform()
    selected = browser.find_elements(By.CSS_SELECTOR, ".paper.selected")
    assert [s.get_attribute("data-arxiv-id") for s in selected] == [ids[1]]
    ActionChains(browser).send_keys("o").perform()
    assert (
        _card(browser, ids[1])
        .find_element(By.CSS_SELECTOR, "details.abstract")
        .get_attribute("open")
        is not None
    )
    ActionChains(browser).send_keys("s").perform()
    assert (
        _card(browser, ids[1])
        .find_element(By.CSS_SELECTOR, "button.star")
        .get_attribute("aria-pressed")
        == "true"
    )
    ActionChains(browser).send_keys("?").perform()
    assert browser.find_element(By.ID, "help").get_attribute("open") is not None


def _background(browser: Any) -> str:
    return str(browser.execute_script("return getComputedStyle(document.body).backgroundColor"))


def test_dark_mode_follows_the_system_and_the_toggle(browser: Any, site: str) -> None:
    features = [{"name": "prefers-color-scheme", "value": "dark"}]
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})
    try:
        _open(browser, site)
        assert _background(browser) == DARK_BACKGROUND
        browser.find_element(By.ID, "theme").click()
        assert _background(browser) == LIGHT_BACKGROUND
        _open(browser, site)
        assert _background(browser) == LIGHT_BACKGROUND
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_a_phone_never_scrolls_sideways(browser: Any, site: str) -> None:
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        _open(browser, f"{site}?section=Robotics")
        browser.find_elements(By.CSS_SELECTOR, "details.abstract summary")[0].click()
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390
        assert browser.execute_script("return window.innerWidth") == 390
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
