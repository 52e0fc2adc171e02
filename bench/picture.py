"""The picture of a README the action writes, for the project's README: docs/readme-example.png.

A real run of the local command, against the arXiv emulator answering with a recorded arXiv
response (tests/fixtures/arxiv/q_testing.xml: real papers, real LaTeX and odd characters), then
the README rendered with GitHub's own renderer (cmark-gfm) and photographed by headless Chromium.
Run with `make picture` (needs Debian's chromium).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

from dailypapers.entry.cli import main as local_command
from tests.emulators.arxiv import ArxivEmulator, Reply
from tests.factories import recorded_feed

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "docs" / "readme-example.png"
# Enough of GitHub's look (its font stack, table borders, details) for the picture to read as it.
STYLE = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
       font-size: 14px; line-height: 1.5; color: #1f2328; max-width: 1000px; margin: 24px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
table { border-collapse: collapse; } th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) { background: #f6f8fa; } a { color: #0969da; text-decoration: none; }
"""


def readme_of_a_run(folder: Path) -> str:
    """The README the local command writes for the keyword 'Software Testing'."""
    arxiv = ArxivEmulator()
    with arxiv.server:
        reply = Reply(body=recorded_feed("q_testing.xml"))
        arxiv.script = [reply, reply]
        readme = folder / "README.md"
        arguments = [
            "--readme", str(readme), "--keyword", "Software Testing", "--max-papers", "6",
            "--arxiv-url", arxiv.url, "--request-interval", "0",
        ]  # fmt: skip
        with contextlib.redirect_stdout(io.StringIO()):
            status = local_command(arguments, now=datetime(2026, 11, 24, 8, tzinfo=UTC))
        arxiv.stopping.set()
    if status != 0:
        raise SystemExit("the run failed")
    return readme.read_text(encoding="utf-8")


def photograph(markdown: str, folder: Path) -> None:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    page = folder / "readme.html"
    page.write_text(f"<!doctype html><meta charset=utf-8><style>{STYLE}</style>{html}")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("no chromium: apt-get install chromium")
    subprocess.run(
        [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            f"--user-data-dir={folder / 'profile'}", "--window-size=1100,620",
            f"--screenshot={PICTURE}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        photograph(readme_of_a_run(Path(folder)), Path(folder))
    print(f"written {PICTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
