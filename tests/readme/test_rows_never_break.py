"""Rows that never break: whatever text arXiv sends, GitHub's renderer (cmark-gfm) shows a row as
exactly its cells (the format's own elements, the title's link, the author's own links, every
word), the row reads back as its paper, and text that renders fine as the origin writes it is
written byte for byte as the origin writes it.

Each kind of break found by a held-out test is shown first as the row was written before, as
GitHub shows it, then as it is written now.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dailypapers.domain.paper import Paper
from dailypapers.domain.text import fold
from dailypapers.entry.cli import main
from dailypapers.readme import mend
from dailypapers.readme.document import parse_readme
from dailypapers.readme.render import CUT_MARK, render_row, render_section
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.factories import hostile_field, paper, render_like_github, rendered_row_problems

HEADER = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
TITLE = "| **[Paper 2411.00001](http://arxiv.org/abs/2411.00001v1)** | 2026-11-20 | "


def _texts(written: Paper) -> dict[int, tuple[str | tuple[str, ...], ...]]:
    """The texts arXiv gave the paper, by column of the default table."""
    title = fold(written.title) or written.arxiv_id
    return {0: (title, "", (fold(written.tldr), fold(written.abstract)), fold(written.comment))}


def _problems(written: Paper) -> list[str]:
    """What GitHub shows wrong of the paper's row, and a row that reads back as another."""
    markdown = "\n".join(render_section("K", [render_row(written)]))
    problems = rendered_row_problems(markdown, 4, {0: written.url}, _texts(written))
    (section,) = parse_readme(markdown + "\n").sections
    assert section.table is not None
    read = [(row.paper_id, row.version) for row in section.table.rows]
    return problems + ([] if read == [(written.arxiv_id, written.version)] else [f"read {read}"])


def _with_abstract(paragraph: str, summary: str = "Show") -> str:
    """A row as the action wrote it before, of a paper with this abstract cell and no comment."""
    return f"{TITLE}<details><summary>{summary}</summary><p>{paragraph}</p></details> |  |"


def _with_comment(summary: str, comment: str) -> str:
    """A row as the action wrote it before, of a paper with this collapsed comment."""
    abstract = "<details><summary>Show</summary><p>Abstract.</p></details>"
    return f"{TITLE}{abstract} | <details><summary>{summary}</summary><p>{comment}</p></details> |"


def _shown(row: str) -> str:
    """The HTML GitHub makes of a row's cells."""
    html = render_like_github(HEADER + row + "\n")
    return html.split("<tbody>\n<tr>\n", 1)[1].split("</tr>", 1)[0]


def test_a_trailing_backslash_is_doubled_so_that_it_escapes_none_of_the_rows_markup() -> None:
    written = paper(abstract="We bound the error of C \\")
    before = _with_abstract("We bound the error of C \\")
    # The backslash escaped the "<" of "</p>": the paragraph shows "</p>" and never closes.
    assert "C &lt;/p&gt;</details>" in _shown(before)
    assert "<p>We bound the error of C \\\\</p>" in render_row(written)
    assert _problems(written) == []


def test_a_bare_url_links_what_its_author_wrote_though_html_after_it_is_escaped() -> None:
    written = paper(abstract="Code at http://foo.bar/#x=`y></a> now")
    before = _with_abstract("Code at http://foo.bar/#x=`y>&lt;/a> now")
    # The GFM autolink ran on through the "&lt;" the escaping added, to an address nobody wrote.
    assert 'href="http://foo.bar/#x=%60y%3E&amp;lt;/a%3E"' in _shown(before)
    # The "<" stays, to end the link where the author's ends; the "/" after it opens nothing.
    assert "<p>Code at http://foo.bar/#x=`y><\\/a> now</p>" in render_row(written)
    assert 'href="http://foo.bar/#x=%60y%3E"' in _shown(render_row(written))
    assert _problems(written) == []


def test_markup_that_the_rows_own_html_would_close_is_escaped() -> None:
    declared = paper(abstract="A <!DOCTYPE html declared without its end")
    before = _with_abstract("A <!DOCTYPE html declared without its end")
    # Alone the text opens nothing; in the row "</p>" ends a declaration, and no paragraph.
    assert "<!DOCTYPE html declared without its end</p></details>" in _shown(before)
    assert "<p>A &lt;!DOCTYPE html declared without its end</p>" in render_row(declared)
    quoted = paper(tldr='See <a title="', abstract='x">the code</a> here.')
    before = _with_abstract('x">the code&lt;/a> here.', summary='See <a title="')
    # A quoted attribute value ran from the TL;DR through "</summary><p>" into the abstract.
    assert '<a title="</summary><p>x">' in _shown(before)
    assert '<summary>See &lt;a title="</summary><p>x">the code&lt;/a> here.</p>' in (
        render_row(quoted)
    )
    assert _problems(declared) == _problems(quoted) == []


def test_a_comments_summary_never_cuts_an_escape_or_an_entity() -> None:
    entity = paper(comment="R&amp;D track, 10 pages")
    before = _with_comment("R&amp...", "R&amp;D track, 10 pages")
    assert "<summary>R&amp;amp...</summary>" in _shown(before)
    assert "<summary>R&amp;...</summary>" in render_row(entity)
    escape = paper(comment="Code\\_v2 at github, 10 pages")
    before = _with_comment("Code\\...", "Code\\_v2 at github, 10 pages")
    # The backslash left alone escaped a dot of "...".
    assert "<summary>Code...</summary>" in _shown(before)
    assert "<summary>Code\\_...</summary>" in render_row(escape)
    assert _problems(entity) == _problems(escape) == []


def test_emphasis_and_strikethrough_never_pair_across_the_rows_markup() -> None:
    starred = paper(comment="Top * of the class* award, 8 pages")
    before = _with_comment("Top *...", "Top * of the class* award, 8 pages")
    assert "<summary>Top <em>...</summary><p>Top * of the class</em>" in _shown(before)
    assert "<summary>Top \\*...</summary><p>Top * of the class* award" in render_row(starred)
    struck = paper(comment="ICM ~ workshop~ version, 9 pages")
    before = _with_comment("ICM ~...", "ICM ~ workshop~ version, 9 pages")
    assert "<summary>ICM <del>...</summary><p>ICM ~ workshop</del>" in _shown(before)
    assert "<summary>ICM \\~...</summary><p>ICM ~ workshop~ version" in render_row(struck)
    assert _problems(starred) == _problems(struck) == []


# Pieces of markdown, HTML and URLs that GitHub's renderer reads as more than text.
FRAGMENTS = [
    "http://", "https://", "ftp://", "www.", "a.b", ".org/", "x_y", "@", "mailto:",
    "<", ">", "</", "<b>", "</p>", "</details>", "<a href=", '"', "'", "=", "`",
    "<!--", "-->", "<!-->", "<?", "?>", "<!DOCTYPE ", "<![CDATA[", "]]>",
    "&", "&lt;", "&amp;", "&#60;", "&#x3c;", ";", "\\", "\\\\", "*", "**", "_", "__",
    "~", "~~", "`", "``", "[", "]", "(", ")", "![", "](", "|", "\\|", "$x_1$", "!", ":", "/",
]  # fmt: skip
CHARACTERS = st.sampled_from("ab w1 .,:;-é中") | st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs")
)
# Text as arXiv's feed gives it, white space folded, full of what markdown and HTML read.
hostile_text = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(CHARACTERS, min_size=1, max_size=3), max_size=16
).map(lambda pieces: fold("".join(pieces)))
# The same examples on every run, and few enough to take seconds.
HOSTILE = settings(max_examples=400, derandomize=True, database=None, deadline=None)


@HOSTILE
@given(hostile_text, hostile_text, hostile_text, hostile_text)
def test_any_text_renders_as_exactly_its_cells(
    title: str, abstract: str, comment: str, tldr: str
) -> None:
    assert _problems(paper(title=title, abstract=abstract, comment=comment, tldr=tldr)) == []


@HOSTILE
@given(hostile_text, hostile_text, hostile_text, hostile_text)
def test_with_no_budget_left_to_search_every_escape_leaves_the_row_right(
    title: str, abstract: str, comment: str, tldr: str
) -> None:
    # Where the search for the fewest escapes runs out of budget, what it has not given back
    # stays escaped: escaping every place that may open something must itself be right.
    with patch.object(mend, "RENDER_BUDGET", 0):
        assert _problems(paper(title=title, abstract=abstract, comment=comment, tldr=tldr)) == []


def _as_the_origin_writes(written: Paper) -> str:
    """The row zezhishao/DailyArXiv writes: every text as arXiv gives it."""
    comment = written.comment
    if len(comment) > 20:
        comment = f"<details><summary>{comment[:5]}...</summary><p>{comment}</p></details>"
    abstract = f"<details><summary>Show</summary><p>{written.abstract}</p></details>"
    return f"| **[{written.title}]({written.url})** | 2026-11-20 | {abstract} | {comment} |"


@HOSTILE
@given(hostile_text.filter(bool), hostile_text, hostile_text)
def test_text_that_renders_fine_as_the_origin_writes_it_is_written_so(
    title: str, abstract: str, comment: str
) -> None:
    written = paper(title=title, abstract=abstract, comment=comment)
    origin = _as_the_origin_writes(written)
    if rendered_row_problems(HEADER + origin, 4, {0: written.url}, _texts(written)) == []:
        assert render_row(written) == origin


MEGABYTE = 1_000_000


def test_a_feed_of_megabyte_fields_ends_with_every_row_read_as_its_four_cells(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As much as arXiv's answer may hold (the client reads 7.6 MB at most): three fields of a
    # megabyte in one entry, the abstract in the other.
    hostile = [
        Entry(
            "2411.30000",
            title=hostile_field(MEGABYTE, seed=1),
            summary=hostile_field(MEGABYTE, seed=2),
            comment=hostile_field(MEGABYTE, seed=3),
        ),
        Entry(
            "2411.30001",
            title=hostile_field(2000, seed=4),
            summary=hostile_field(MEGABYTE, seed=5),
            comment=hostile_field(2000, seed=6),
            updated=date(2026, 11, 19),
        ),
    ]
    arxiv.serve_keyword("Hostile", hostile)
    readme = tmp_path / "README.md"
    arguments = ["--readme", str(readme), "--keyword", "Hostile", "--arxiv-url", arxiv.url]
    assert main([*arguments, "--request-interval", "0"]) == 0
    text = readme.read_text()
    assert rendered_row_problems(text, 4) == []
    (section,) = parse_readme(text).sections
    assert section.table is not None
    assert [row.paper_id for row in section.table.rows] == ["2411.30000", "2411.30001"]
    rows = [line for line in text.splitlines() if line.startswith("| **[")]
    assert [row.count(CUT_MARK) for row in rows] == [3, 1]
    (warning,) = [line for line in capsys.readouterr().out.splitlines() if "were cut" in line]
    assert warning.endswith(": 2411.30000 (title, abstract, comment); 2411.30001 (abstract)")
