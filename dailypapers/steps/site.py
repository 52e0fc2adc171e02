"""The run's site step: the web page of every paper the run keeps, written into the site folder,
with its search index built by Pagefind.

The papers are the merged README's and its pages', each with its full record when the run knows
it (its fetch, the papers file). Only the files whose bytes changed are written, data files no
longer named are deleted, and the index is rebuilt only when the papers it holds changed. Files
are written readable by everyone (0644, folders 0755): the container writes them as root, and the
workflow's next step uploads them as the runner's user.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dailypapers.domain.code_links import paper_repository
from dailypapers.domain.errors import StoreError
from dailypapers.domain.paper import Paper
from dailypapers.readme.merge import PapersTable
from dailypapers.site.build import DATA_FOLDER, MANIFEST, SEARCH_FOLDER, Site, build_site
from dailypapers.site.paper_page import PAPERS_FOLDER
from dailypapers.site.records import RunDay, SitePaper

# Pagefind indexes 20,000 papers in well under a minute on two cores.
INDEX_TIMEOUT_SECONDS = 600
PAGES_GLOB = f"{PAPERS_FOLDER}/*.html"
FILE_MODE = 0o644
FOLDER_MODE = 0o755


@dataclass(frozen=True, slots=True)
class SiteWrite:
    """What writing the site did: the files written and deleted (paths in the site folder),
    whether the search index was rebuilt, and how long it all took."""

    folder: str
    papers: int
    written: tuple[str, ...]
    deleted: tuple[str, ...]
    indexed: bool
    seconds: float

    def summary(self) -> str:
        index = "search index rebuilt" if self.indexed else "search index unchanged"
        return (
            f"Site {self.folder}: {self.papers} papers, {len(self.written)} files written, "
            f"{len(self.deleted)} deleted, {index}, in {self.seconds:.1f} s"
        )


def site_papers(tables: Sequence[PapersTable], known: Mapping[str, Paper]) -> list[SitePaper]:
    """Every paper of the merged tables (their pages' rows too) once, with the sections that
    list it and, when the run knows this version, its full record and code repository."""
    papers: dict[str, SitePaper] = {}
    sections: dict[str, list[str]] = {}
    for table in tables:
        for row in table.rows:
            if row.paper_id is None:
                continue
            listed = sections.setdefault(row.paper_id, [])
            if table.heading not in listed:
                listed.append(table.heading)
            if row.paper_id in papers:
                continue
            record = known.get(row.paper_id)
            paper = record if record is not None and record.version == row.version else None
            repository = paper_repository(paper) if paper else None
            papers[row.paper_id] = SitePaper(
                row.paper_id,
                row.version,
                row.title,
                paper.updated if paper else row.date,
                (),
                paper,
                repository.url if repository else "",
            )
    return [
        SitePaper(
            p.arxiv_id, p.version, p.title, p.date, tuple(sections[p.arxiv_id]), p.paper, p.code_url
        )
        for p in papers.values()
    ]


def write_site(
    site_dir: str,
    tables: Sequence[PapersTable],
    known: Mapping[str, Paper],
    run_day: RunDay | None,
    log: Callable[[str], None],
    clock: Callable[[], float] = time.monotonic,
) -> SiteWrite:
    """Builds the site of the merged tables, writes it into the folder ``site_dir`` and logs
    what it did."""
    started = clock()
    folder = Path(site_dir)
    papers = site_papers(tables, known)
    site = build_site(papers, run_day)
    try:
        indexed = _index_needed(folder, site)
        written = _write_files(folder, {p: b for p, b in site.files.items() if p != MANIFEST})
        # Before indexing: the index is of the papers' pages there are.
        deleted = _delete_stale(folder, site.files, (DATA_FOLDER, PAPERS_FOLDER))
        search_written, search_deleted = _index(folder) if indexed else ((), ())
        written += _write_files(folder, {MANIFEST: site.files[MANIFEST]})
        if not site.paper_pages:
            deleted += _delete_stale(folder, {}, (SEARCH_FOLDER,))
    except OSError as error:
        raise StoreError(f"could not write the site into {folder}: {error}") from error
    done = SiteWrite(
        site_dir,
        len(papers),
        written + search_written,
        deleted + search_deleted,
        indexed,
        clock() - started,
    )
    log(done.summary())
    return done


def _index_needed(folder: Path, site: Site) -> bool:
    """Whether the search index must be built: none is there, or it is of other papers. With
    no paper, there is nothing to index (Pagefind refuses to), and no index."""
    if not site.paper_pages:
        return False
    if not (folder / SEARCH_FOLDER / "pagefind-entry.json").is_file():
        return True
    try:
        previous = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return bool(previous["search"]["digest"] != site.search_digest)
    except (OSError, ValueError, KeyError, TypeError):
        return True


def _index(folder: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Builds the search index of the papers' pages with Pagefind's command into a new folder
    beside the site's index, which it then replaces; the index files new or changed, and those
    no longer made."""
    search = folder / SEARCH_FOLDER
    made = Path(tempfile.mkdtemp(prefix=".indexing-", dir=folder))
    replaced = folder / f".{SEARCH_FOLDER}-replaced"
    try:
        _run_pagefind(folder, made)
        new, old = _files(made), _files(search)
        written = [name for name in sorted(new) if _changed(new[name], old.get(name))]
        deleted = sorted(set(old) - set(new))
        _set_modes(made)
        if search.exists():
            search.rename(replaced)
        made.rename(search)
    finally:
        for leftover in (made, replaced):
            shutil.rmtree(leftover, ignore_errors=True)
    named = [tuple(f"{SEARCH_FOLDER}/{name}" for name in names) for names in (written, deleted)]
    return named[0], named[1]


def _files(root: Path) -> dict[str, Path]:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def _changed(made: Path, before: Path | None) -> bool:
    """Whether an index file is new or changed. Files in Pagefind's folders are named by their
    content: the same name is the same file."""
    if before is None:
        return True
    return made.parent.name not in {"fragment", "index", "filter"} and (
        made.read_bytes() != before.read_bytes()
    )


def _run_pagefind(folder: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--glob", PAGES_GLOB]
    command += ["--output-path", str(output), "--silent"]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=INDEX_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise StoreError(f"Pagefind could not index the site: {error}") from error
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise StoreError(f"Pagefind could not index the site: {' '.join(said)}")


def _set_modes(root: Path) -> None:
    """Folders 0755, files 0644: readable by any user, as the upload step's."""
    root.chmod(FOLDER_MODE)
    for path in root.rglob("*"):
        path.chmod(FOLDER_MODE if path.is_dir() else FILE_MODE)


def _write_files(folder: Path, files: Mapping[str, bytes]) -> tuple[str, ...]:
    """Writes the files whose bytes differ from those in ``folder``; the paths written."""
    written = []
    for path, body in files.items():
        target = folder / path
        if target.is_file() and target.read_bytes() == body:
            continue
        _make_folders(folder, target.parent)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(body)
        partial.chmod(FILE_MODE)
        partial.replace(target)
        written.append(path)
    return tuple(written)


def _make_folders(root: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for parent in (folder, *folder.parents):
        if parent == root.parent or root not in (parent, *parent.parents):
            break
        parent.chmod(FOLDER_MODE)


def _delete_stale(
    folder: Path, kept: Mapping[str, bytes], subfolders: Sequence[str]
) -> tuple[str, ...]:
    """Deletes the files under the ``subfolders`` of ``folder`` that ``kept`` does not name
    (paths in the site), and the folders left empty."""
    deleted = []
    for subfolder in subfolders:
        root = folder / subfolder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in kept:
                path.unlink()
                deleted.append(name)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        if not any(root.iterdir()):
            root.rmdir()
    return tuple(deleted)
