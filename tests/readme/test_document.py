import re
from datetime import date
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import dailypapers.readme.cells as cells_module
import dailypapers.readme.document as readme_module
from dailypapers.domain.section import DEFAULT_COLUMNS
from dailypapers.readme.document import Readme, parse_readme, split_lines
from tests.factories import anchor_readme, fixture_path


def test_anchor_readme_sections_tables_and_rows() -> None:
    readme = parse_readme(anchor_readme())
    assert [section.heading for section in readme.sections] == ["Molecular", "Molecular Generation"]
    molecular, generation = readme.sections
    assert molecular.table is not None
    assert generation.table is not None
    assert (molecular.heading_line, molecular.table.start, molecular.table.end) == (11, 12, 17)
    assert molecular.table.columns == DEFAULT_COLUMNS
    assert [(row.paper_id, row.version, row.date) for row in molecular.table.rows] == [
        ("2403.04197", 4, date(2025, 4, 7)),
        ("2504.04770", 1, date(2025, 4, 7)),
        ("2504.04654", 1, date(2025, 4, 7)),
    ]
    assert [row.paper_id for row in generation.table.rows] == ["2410.10516", "2503.15567"]
    assert readme.last_update_line == 9


def test_rows_keep_their_exact_text() -> None:
    text = anchor_readme()
    readme = parse_readme(text)
    table = readme.sections[0].table
    assert table is not None
    assert [row.text for row in table.rows] == text.split("\n")[14:17]


@pytest.mark.parametrize(
    "text",
    ["", "a", "a\n", "a\r\nb\r\n", "a\rb", "a\n\n\nb", "x\r\n\r\ny", "é\u2028still one line\n"],
)
def test_split_lines_keeps_every_byte(text: str) -> None:
    assert "".join(split_lines(text)) == text


def test_split_lines_counts_lines_as_markdown_does() -> None:
    assert split_lines("a\r\nb\rc\nd") == ("a\r\n", "b\r", "c\n", "d")
    assert split_lines("a\u2028b\n") == ("a\u2028b\n",)


def test_windows_line_endings_parse_like_unix_ones() -> None:
    unix = parse_readme(anchor_readme())
    windows = parse_readme(anchor_readme().replace("\n", "\r\n"))
    assert windows.newline == "\r\n"
    assert [s.table for s in windows.sections] == [s.table for s in unix.sections]


def test_heading_without_table_and_tables_with_other_columns() -> None:
    text = (
        "## Notes\nSome prose.\n\n## Links\n| Name | URL |\n| --- | --- |\n| a | b |\n\n"
        "## Papers\n\n| **Title** | **Date** | **Abstract** | **Comment** |\n"
        "| --- | --- | --- | --- |\n"
    )
    notes, links, papers = parse_readme(text).sections
    assert notes.table is None
    assert links.table is not None
    assert links.table.columns == ("Name", "URL")
    assert not links.table.is_papers_table
    assert papers.table is not None
    assert papers.table.is_papers_table
    assert papers.table.rows == ()


def test_rows_that_are_not_arxiv_papers_are_kept_unidentified() -> None:
    text = (
        "## X\n| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
        "| [My note](https://example.org) | someday | x | |\n"
        "| **[Escaped \\| pipe](https://arxiv.org/abs/2401.00001v3)** | 2026-01-02 | x | |\n"
    )
    (section,) = parse_readme(text).sections
    assert section.table is not None
    note, paper = section.table.rows
    assert (note.paper_id, note.date) == (None, None)
    assert (paper.paper_id, paper.version, paper.date) == ("2401.00001", 3, date(2026, 1, 2))


def test_last_update_marker_is_a_line_of_its_own() -> None:
    text = "Intro\n\nLast update: 2020-01-01\n\n## K\n| a |\n| - |\n"
    assert parse_readme(text).last_update_line == 2
    assert parse_readme("No marker here\n").last_update_line is None


def test_a_last_update_line_inside_any_table_is_a_row_not_the_marker() -> None:
    """GFM reads a line without a pipe right after a table as one more row of it; a table need
    not stand under a section for that."""
    text = "# Papers\n\n| a |\n| - |\nLast update: 2020-01-01\n\nLast update: 2020-02-02\n"
    readme = parse_readme(text)
    assert (readme.last_update_line, readme.last_update) == (6, date(2020, 2, 2))


def test_h1_and_h3_headings_are_not_sections() -> None:
    header = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
    text = f"# Daily Papers\n### Deep\n{header}"
    assert parse_readme(text).sections == ()


def _parse_without_shortcuts(text: str) -> Readme:
    """parse_readme with markdown-it parsing every cell, as the reference for the shortcuts."""
    never = re.compile(r"(?!)")
    with (
        mock.patch.object(readme_module, "skeleton", "".join),
        mock.patch.object(cells_module, "_PLAIN_TITLE_LINK", never),
    ):
        return parse_readme(text)


LONG = "An abstract long enough to be emptied by the skeleton, " * 3
ROW = "| **[{title}](http://arxiv.org/abs/2401.0000{n}v1)** | 2026-01-0{n} | {cell} | {comment} |"
HEADER = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |"
tricky_cells = st.sampled_from(
    [
        LONG,
        f"<details><summary>Show</summary><p>{LONG}</p></details>",
        f"{LONG} \\| escaped pipe \\\\| two backslashes",
        f"{LONG} ends a comment -->",
        f"{LONG} </pre> closes a pre block",
        f"{LONG} `code | with pipe`",
        f"{LONG} ]]> ?> markers",
        "short",
        "",
    ]
)
tricky_titles = st.sampled_from(
    ["Plain title", "With $x$ and (parens): yes!", "Star \\*escaped\\*", "*emph* _u_", "a [b] c",
     "&amp; entity", "<i>html</i>", "back\\\\slash", "  spaced  "]
)  # fmt: skip
tricky_prose = st.sampled_from(
    ["Prose.", "<!-- an open comment", "-->", "<pre>", "</pre>", "<div>", "", "> quote", "<!X",
     "```", "    indented code", "| not | a | table |", f"| {LONG} | {LONG} | {LONG} | {LONG} |"]
)  # fmt: skip


@st.composite
def tricky_readmes(draw: st.DrawFn) -> str:
    parts = []
    for section in range(draw(st.integers(1, 4))):
        parts += draw(st.lists(tricky_prose, max_size=3))
        parts += [f"## K{section}", HEADER]
        for n in range(1, draw(st.integers(0, 4)) + 1):
            cell, comment, title = draw(tricky_cells), draw(tricky_cells), draw(tricky_titles)
            parts.append(ROW.format(title=title, n=n, cell=cell, comment=comment))
        parts += draw(st.lists(tricky_prose, max_size=3))
    return "\n".join(parts) + "\n"


DETAILS_ROW = ROW.format(title="T", n=1, cell=f"<details><p>{LONG}</p></details>", comment="")


@settings(max_examples=1000)
@given(tricky_readmes())
# An HTML declaration block ends at the first line with a ">": here, inside an emptied cell.
@example(f"<!X\n## K0\n{HEADER}\n{DETAILS_ROW}\n## K1\n{HEADER}\n{DETAILS_ROW}\n")
def test_the_parsing_shortcuts_find_what_full_parsing_finds(text: str) -> None:
    assert parse_readme(text) == _parse_without_shortcuts(text)


def test_the_parsing_shortcuts_on_the_fixtures() -> None:
    for name in ("anchor.md", "hand-edited.md"):
        text = fixture_path(f"readme/{name}").read_text(encoding="utf-8")
        assert parse_readme(text) == _parse_without_shortcuts(text)


def test_a_table_with_chosen_columns_is_a_papers_table_dated_by_its_date_column() -> None:
    text = (
        "## K\n| **Title** | **Authors** | **Date** | **PDF** |\n| --- | --- | --- | --- |\n"
        "| **[T](http://arxiv.org/abs/2411.00001v3)** | A, B | 2026-11-20 | [PDF](x) |\n"
    )
    (section,) = parse_readme(text).sections
    assert section.table is not None and section.table.is_papers_table
    (row,) = section.table.rows
    assert (row.paper_id, row.version, row.date) == ("2411.00001", 3, date(2026, 11, 20))


@pytest.mark.parametrize(
    "header",
    [
        "| **Date** | **Title** |",
        "| **Title** | **Abstract** |",
        "| **Title** | **Date** | **X** |",
    ],
)
def test_other_tables_are_not_papers_tables(header: str) -> None:
    columns = header.count("|") - 1
    text = f"## K\n{header}\n|{' --- |' * columns}\n"
    (section,) = parse_readme(text).sections
    assert section.table is not None and not section.table.is_papers_table
