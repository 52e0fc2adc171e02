import json
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from dailypapers.domain.errors import StoreError
from dailypapers.entry.cli import main
from dailypapers.readme.document import Row
from dailypapers.readme.merge import PapersTable
from dailypapers.steps.site import site_papers, write_site
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.factories import FakeClock, paper

NEWEST = date(2026, 11, 23)


def _row(arxiv_id: str, version: int = 1, day: date = NEWEST, title: str = "Row title") -> Row:
    return Row(f"| {title} |", arxiv_id, version, day, title)


def _tables(count: int, *newer: Row) -> tuple[PapersTable, ...]:
    rows = tuple(_row(f"2611.{i:05d}", day=NEWEST - timedelta(days=i // 10)) for i in range(count))
    return (PapersTable("Diffusion", (*newer, *rows)),)


def _modes(folder: Path) -> set[tuple[str, int]]:
    return {
        ("folder" if path.is_dir() else "file", stat.S_IMODE(path.stat().st_mode))
        for path in (folder, *folder.rglob("*"))
    }


def test_site_papers_are_every_row_once_with_its_sections_record_and_code() -> None:
    known = {
        "2611.00001": paper(
            arxiv_id="2611.00001", abstract="Code at https://github.com/lab/tool.", tldr="T."
        ),
        "2611.00002": paper(arxiv_id="2611.00002", version=3),
    }
    tables = (
        PapersTable(
            "Diffusion", (_row("2611.00001"), _row("2611.00002"), Row("| x |", None, 0, None))
        ),
        PapersTable("Robots", (_row("2611.00001"), _row("2611.00003", title="Third"))),
    )
    found = {p.arxiv_id: p for p in site_papers(tables, known)}
    assert list(found) == ["2611.00001", "2611.00002", "2611.00003"]
    first = found["2611.00001"]
    assert first.sections == ("Diffusion", "Robots") and first.paper == known["2611.00001"]
    assert first.code_url == "https://github.com/lab/tool"
    # A record of another version than the row's is not this row's paper.
    assert found["2611.00002"].paper is None
    assert found["2611.00003"].title == "Third" and found["2611.00003"].date == NEWEST


def test_the_site_is_written_readable_by_everyone_and_rewritten_only_where_it_changed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "site"
    clock = FakeClock()
    logged: list[str] = []
    first = write_site(str(folder), _tables(150), {}, None, logged.append, clock)
    assert first.indexed and first.papers == 150 and first.seconds == 0
    assert {"index.html", "site.js", "site.css", "manifest.json"} <= set(first.written)
    assert (folder / "pagefind" / "pagefind.js").is_file()
    assert _modes(folder) == {("folder", 0o755), ("file", 0o644)}
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]

    again = write_site(str(folder), _tables(150), {}, None, logged.append, clock)
    assert again.written == () and again.deleted == () and not again.indexed
    assert logged[-1] == (
        f"Site {folder}: 150 papers, 0 files written, 0 deleted, search index unchanged, in 0.0 s"
    )

    tomorrow = _row("2611.99999", day=NEWEST + timedelta(days=1))
    newer = write_site(str(folder), _tables(150, tomorrow), {}, None, logged.append, clock)
    data = sorted(p for p in newer.written if p.startswith("data/"))
    assert [p[:12] for p in data] == ["data/2026-11", "data/newest-"]
    deleted = sorted(p[:12] for p in newer.deleted if p.startswith("data/"))
    assert deleted == ["data/2026-11", "data/newest-"] and newer.indexed
    assert "p/2611.99999.html" in newer.written and "p/2611.00149.html" not in newer.written
    fewer = write_site(str(folder), _tables(149, tomorrow), {}, None, logged.append, clock)
    assert "p/2611.00149.html" in fewer.deleted and not (folder / "p/2611.00149.html").exists()
    assert fewer.indexed and any(p.startswith("pagefind/") for p in fewer.deleted)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {c["file"] for c in manifest["chunks"]} == {
        f"data/{p.name}" for p in (folder / "data").iterdir()
    }
    assert manifest["count"] == 150


def test_a_site_without_papers_has_no_search_index(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    write_site(str(folder), _tables(3), {}, None, print)
    emptied = write_site(str(folder), (), {}, None, print)
    assert not emptied.indexed and "pagefind/pagefind.js" in emptied.deleted
    assert not (folder / "pagefind").exists() and not (folder / "data").exists()
    assert json.loads((folder / "manifest.json").read_text())["count"] == 0


def test_an_index_that_cannot_be_built_fails_with_what_pagefind_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dailypapers.steps.site.sys.executable", str(tmp_path / "no-python"))
    with pytest.raises(StoreError, match="Pagefind could not index the site"):
        write_site(str(tmp_path / "site"), _tables(3), {}, None, print)


def _serve(arxiv: ArxivEmulator) -> None:
    arxiv.serve_keyword(
        "Diffusion",
        [
            Entry("2611.00001", title="Denoising things", summary="See https://github.com/a/b."),
            Entry("2611.00002", title="Older thing", updated=date(2026, 11, 19)),
        ],
    )


def test_the_local_command_writes_the_site_of_the_readme_through_site_dir(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _serve(arxiv)
    site = tmp_path / "site"
    arguments = ["--readme", str(tmp_path / "README.md"), "--keyword", "Diffusion"]
    arguments += ["--arxiv-url", arxiv.url, "--request-interval", "0", "--site-dir", str(site)]
    assert main([*arguments, "--dry-run"]) == 0
    assert not site.exists()
    assert main(arguments) == 0
    assert f"Site {site}: 2 papers, " in capsys.readouterr().out
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["count"] == 2 and manifest["sections"] == ["Diffusion"]
    newest = json.loads((site / manifest["chunks"][0]["file"]).read_text())
    assert [p["id"] for p in newest] == ["2611.00001", "2611.00002"]
    assert newest[0]["code"] == "https://github.com/a/b"
    assert newest[0]["authors"] == ["A. Author"] and newest[0]["categories"] == ["cs.LG"]
