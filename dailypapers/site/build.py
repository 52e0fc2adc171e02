"""The files of the site, by their path in its folder, from the papers a run keeps.

The page (index.html, site.js, site.css) loads ``manifest.json`` without cache, which names the
data files: the newest papers in one small file that the first view needs, the older ones in a
file per month, loaded only when the reader goes further, filters or sorts. Data files are named
by a digest of their bytes, so that a cached one is never stale and a month that did not change
keeps its name (and is not rewritten). Each paper also has a page of its own
(:mod:`dailypapers.site.paper_page`), which the step's search index is built from, with
Pagefind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files

from dailypapers.site.paper_page import paper_page, paper_page_path
from dailypapers.site.records import RunDay, SitePaper

SITE_FORMAT = 1
# Papers in the first data file: the first view shows them, and nothing older is fetched.
NEWEST_PAPERS = 100
DATA_FOLDER = "data"
MANIFEST = "manifest.json"
SEARCH_FOLDER = "pagefind"
STATIC_FILES = ("site.js", "site.css")
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class Site:
    """The site's files by path; how many are pages of papers, which the search index is built
    from; and a digest of those pages, which the manifest names, so that an index of the same
    pages is kept."""

    files: dict[str, bytes]
    paper_pages: int
    search_digest: str


def build_site(papers: Sequence[SitePaper], run_day: RunDay | None = None) -> Site:
    """The site of ``papers``, newest first; ``run_day`` says why a day had no new paper."""
    ordered = sorted(papers, key=lambda p: (p.date.isoformat() if p.date else "", p.arxiv_id))
    records = [paper.record() for paper in reversed(ordered)]
    site_files: dict[str, bytes] = {}
    chunks = []
    for stem, chunk in _chunks(records):
        body = _json(chunk)
        path = f"{DATA_FOLDER}/{stem}-{_digest(body)}.json"
        site_files[path] = body
        dates = [str(record["date"]) for record in chunk]
        chunks.append({"file": path, "count": len(chunk), "newest": dates[0], "oldest": dates[-1]})
    pages = {paper_page_path(str(record["id"])): paper_page(record) for record in records}
    search_digest = _digest(b"".join(path.encode() + body for path, body in sorted(pages.items())))
    manifest = {
        "format": SITE_FORMAT,
        "count": len(records),
        "sections": _sections(records),
        "categories": sorted({c for record in records for c in _strings(record["categories"])}),
        "note": run_day.note() if run_day else "",
        "chunks": chunks,
        "search": {"folder": f"{SEARCH_FOLDER}/", "digest": search_digest},
    }
    site_files[MANIFEST] = _json(manifest)
    return Site(site_files | pages | static_files(), len(pages), search_digest)


def static_files() -> dict[str, bytes]:
    """The page and its script and style; the page names them with a digest of their bytes,
    so that a browser holding an older copy asks again."""
    folder = files("dailypapers.site") / "static"
    assets = {name: (folder / name).read_bytes() for name in STATIC_FILES}
    page = (folder / "index.html").read_text(encoding="utf-8")
    for name, body in assets.items():
        page = page.replace(f'"{name}"', f'"{name}?v={_digest(body)}"')
    return assets | {"index.html": page.encode("utf-8")}


def _chunks(records: list[dict[str, object]]) -> Iterator[tuple[str, list[dict[str, object]]]]:
    """The newest papers, then the others by month, newest first; none without papers."""
    if records:
        yield "newest", records[:NEWEST_PAPERS]
    months: dict[str, list[dict[str, object]]] = {}
    for record in records[NEWEST_PAPERS:]:
        months.setdefault(str(record["date"])[:7] or UNDATED, []).append(record)
    yield from months.items()


def _sections(records: list[dict[str, object]]) -> list[str]:
    """Every section, in the order of its first paper's appearance."""
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(_strings(record["sections"])))
    return list(seen)


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:12]
