import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from dailypapers.site.build import NEWEST_PAPERS, build_site, static_files
from dailypapers.site.records import RunDay, SitePaper
from tests.factories import paper

NEWEST = date(2026, 11, 23)


def _papers(count: int, newest: date = NEWEST) -> list[SitePaper]:
    """``count`` papers, ten a day back from ``newest``."""
    found = []
    for index in range(count):
        day = newest - timedelta(days=index // 10)
        record = paper(arxiv_id=f"2611.{index:05d}", updated=day, categories=("cs.LG",))
        found.append(SitePaper(record.arxiv_id, 1, record.title, day, ("Diffusion",), record))
    return found


def _data(
    files: dict[str, bytes], manifest: dict[str, object], index: int
) -> list[dict[str, object]]:
    chunks = manifest["chunks"]
    assert isinstance(chunks, list)
    loaded = json.loads(files[chunks[index]["file"]])
    assert isinstance(loaded, list)
    return loaded


def test_the_newest_papers_come_first_in_a_small_file_and_the_rest_by_month() -> None:
    site = build_site(list(reversed(_papers(400))))
    manifest = json.loads(site.files["manifest.json"])
    chunks = manifest["chunks"]
    assert manifest["count"] == 400 and len(chunks) > 2
    newest = _data(site.files, manifest, 0)
    # Newest first; within a day, the higher id (the later submission) first.
    assert [p["id"] for p in newest[:2]] == ["2611.00009", "2611.00008"]
    assert len(newest) == NEWEST_PAPERS == chunks[0]["count"]
    assert chunks[0]["file"].startswith("data/newest-")
    assert [c["file"][5:12] for c in chunks[1:]] == ["2026-11", "2026-10"]
    assert sum(c["count"] for c in chunks) == 400
    every = [p for i in range(len(chunks)) for p in _data(site.files, manifest, i)]
    dates = [p["date"] for p in every]
    assert dates == sorted(dates, reverse=True) and len({p["id"] for p in every}) == 400


def test_a_site_without_papers_has_no_data_file_and_says_why() -> None:
    site = build_site([], RunDay(NEWEST, 0))
    manifest = json.loads(site.files["manifest.json"])
    assert manifest["count"] == 0 and manifest["chunks"] == [] and manifest["note"]
    assert not [path for path in site.files if path.startswith("data/")]


def test_data_files_are_named_by_their_bytes_so_a_new_day_renames_only_what_changed() -> None:
    before = build_site(_papers(400)).files
    newer = SitePaper("2611.99999", 1, "New", NEWEST + timedelta(days=1), ("Diffusion",))
    after = build_site([newer, *_papers(400)]).files
    changed = {p for p in after if p.startswith("data/")} - set(before)
    # The newest papers, and the month the hundredth-and-first paper moved into.
    assert sorted(name[:12] for name in changed) == ["data/2026-11", "data/newest-"]
    assert all(
        re.fullmatch(r"data/[\w-]+-[0-9a-f]{12}\.json", name)
        for name in after
        if name.startswith("data/")
    )


def test_a_row_known_only_from_the_readme_is_shown_with_its_title_and_date() -> None:
    row_only = SitePaper("2611.00001", 2, "Only a title", date(2026, 11, 20), ("A", "B"))
    record = row_only.record()
    assert record == {
        "id": "2611.00001", "version": 2, "title": "Only a title", "date": "2026-11-20",
        "authors": [], "categories": [], "primary": "", "sections": ["A", "B"], "abstract": "",
        "tldr": "", "comment": "", "relevance": None, "code": "",
    }  # fmt: skip


class _Page(HTMLParser):
    """What Pagefind reads of a page: the text of its body, and of each element that names
    metadata, a filter or a sort key (an element inside another adds to both)."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.filters: list[tuple[str, str]] = []
        self.sorts: list[tuple[str, str]] = []
        self.body = ""
        self._open: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("data-pagefind-"):
                self._open.append((tag, name.removeprefix("data-pagefind-"), value or ""))

    def handle_data(self, data: str) -> None:
        for _, kind, value in self._open:
            if kind == "meta":
                self.meta[value] = self.meta.get(value, "") + data
            elif kind == "filter":
                self.filters.append((value, data))
            elif kind == "sort":
                self.sorts.append((value, data))
            else:
                self.body += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            self._open.pop()


def test_a_paper_s_page_holds_its_words_record_filters_and_sort_keys_for_the_index() -> None:
    record = paper(
        arxiv_id="2611.00007",
        title="<script>alert(1)</script> & more",
        abstract="Words of the abstract.",
        authors=("Ada Lovelace",),
        categories=("cs.LG", "stat.ML"),
        tldr="Short.",
    )
    site_paper = SitePaper(
        "2611.00007", 1, "x", NEWEST, ("Diffusion",), record, "https://github.com/a/b"
    )
    site = build_site([site_paper])
    [(path, body)] = [(path, body) for path, body in site.files.items() if path.startswith("p/")]
    assert path == "p/2611.00007.html" and b"<script>" not in body and site.paper_pages == 1
    # A page of its own, readable without the script, on the site's style, linking back.
    assert b'href="../site.css"' in body and b'<a href="../">All papers</a>' in body
    assert b'data-arxiv-id="2611.00007"' in body and b'href="https://github.com/a/b"' in body
    page = _Page()
    page.feed(body.decode())
    record = site_paper.record()
    # Each text once: the long ones from the elements that show them, the rest as JSON.
    shown = {field: record.pop(field) for field in ("title", "tldr", "abstract")}
    assert json.loads(page.meta.pop("paper")) == record
    assert page.meta == shown == {
        "title": "<script>alert(1)</script> & more", "tldr": "Short.",
        "abstract": "Words of the abstract.",
    }  # fmt: skip
    assert body.count(b"Words of the abstract.") == 1
    assert page.filters == [
        ("section", "Diffusion"), ("category", "cs.LG"), ("category", "stat.ML"), ("code", "yes"),
    ]  # fmt: skip
    assert page.sorts == [("date", "2026-11-23"), ("relevance", "-1")]
    assert "Ada Lovelace" in page.body and "Words of the abstract." in page.body
    manifest = json.loads(site.files["manifest.json"])
    assert manifest["search"] == {"folder": "pagefind/", "digest": site.search_digest}
    assert build_site([site_paper]).search_digest == site.search_digest
    assert build_site(_papers(1)).search_digest != site.search_digest


def test_the_page_names_its_script_and_style_by_digest_and_only_relative_urls() -> None:
    files = static_files()
    page = files["index.html"].decode()
    assert re.search(r'src="site\.js\?v=[0-9a-f]{12}"', page)
    assert re.search(r'href="site\.css\?v=[0-9a-f]{12}"', page)
    # Nothing the page loads comes from another host, or from the root of one.
    loaded = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert loaded and all(not re.match(r"(?:[a-z]+:)?/", url) or url == "data:," for url in loaded)
    script = files["site.js"].decode()
    # The only absolute URLs in the script are links to arXiv's pages, never fetched.
    assert set(re.findall(r"https?://[\w.]+", script)) == {"https://arxiv.org"}
    assert "fetch(site(" in script and "cdn" not in script.lower()


@pytest.mark.parametrize(
    ("run_day", "note"),
    [
        (RunDay(NEWEST, 3), ""),
        (
            RunDay(NEWEST, 0, failed_sections=("Diffusion", "Robots")),
            "No new papers on 2026-11-23: arXiv could not be asked for Diffusion, Robots; the "
            "next run asks again.",
        ),
        (
            RunDay(NEWEST, 0, arxiv_silent_since=date(2026, 11, 20)),
            "No new papers on 2026-11-23: arXiv has announced none since 2026-11-20 (it announces "
            "papers Sunday to Thursday evenings, US Eastern time, holidays excepted).",
        ),
        (
            RunDay(NEWEST, 0),
            "No new papers on 2026-11-23: none of arXiv's new papers matched the keywords and "
            "filters.",
        ),
    ],
)
def test_a_day_without_papers_says_why(run_day: RunDay, note: str) -> None:
    manifest = json.loads(build_site(_papers(3), run_day).files["manifest.json"])
    assert manifest["note"] == note
