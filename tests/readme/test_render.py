import re
from dataclasses import replace
from datetime import date

import pytest
from markdown_it.utils import read_fixture_file

from dailypapers.domain.text import fold
from dailypapers.readme import render
from dailypapers.readme.document import parse_readme
from dailypapers.readme.render import (
    render_abstract,
    render_comment,
    render_preamble,
    render_row,
    render_section,
    render_title,
)
from tests.factories import (
    anchor_readme,
    fixture_path,
    paper,
    render_like_github,
    rendered_row_problems,
)

_ROW = re.compile(
    r"\| \*\*\[(?P<title>.*)\]"
    r"\((?P<link>http://arxiv\.org/abs/(?P<id>[^v]+)v(?P<version>\d+))\)\*\* "
    r"\| (?P<date>\S+) \| <details><summary>Show</summary><p>(?P<abstract>.*)</p></details> "
    r"\| (?:<details><summary>.{5}\.\.\.</summary><p>(?P<long>.*)</p></details>|(?P<short>.*)) \|"
)


def _anchor_rows() -> list[re.Match[str]]:
    return [m for line in anchor_readme().splitlines() if (m := _ROW.fullmatch(line))]


def test_rows_render_exactly_as_the_origin_wrote_them_latex_and_all() -> None:
    rows = _anchor_rows()
    assert len(rows) == 5
    assert any("\\textbf{U}" in match["abstract"] for match in rows)
    for match in rows:
        row_paper = paper(
            arxiv_id=match["id"],
            version=int(match["version"]),
            title=match["title"],
            abstract=match["abstract"],
            comment=match["long"] or match["short"],
            updated=date.fromisoformat(match["date"]),
            link=match["link"],
        )
        assert render_row(row_paper) == match.group(0)


def test_the_title_links_to_the_entrys_alternate_link_as_arxiv_gives_it() -> None:
    linked = paper(arxiv_id="2411.00001", version=3, link="https://arxiv.org/abs/2411.00001v3")
    assert render_title(linked) == "**[Paper 2411.00001](https://arxiv.org/abs/2411.00001v3)**"
    assert render_title(paper(version=3)).endswith("(http://arxiv.org/abs/2411.00001v3)**")


def _mending_cases() -> list[list[object]]:
    return read_fixture_file(fixture_path("readme/mending.md"))


_RENDER_CELL = {
    "title": lambda text: render_title(paper(title=text)),
    "abstract": lambda text: render_abstract(paper(abstract=text)),
    "comment": render_comment,
}


@pytest.mark.parametrize(
    ("line", "why", "text", "cell"), _mending_cases(), ids=[f"L{c[0]}" for c in _mending_cases()]
)
def test_each_text_is_written_into_its_cell_as_the_mending_cases_say(
    line: int, why: str, text: str, cell: str
) -> None:
    column = why.split(":", 1)[0]
    text, cell = text.removesuffix("\n"), cell.removesuffix("\n")
    assert _RENDER_CELL[column](text) == cell
    written = paper(**{column: text})
    markdown = "\n".join(render_section("K", [render_row(written)]))
    title = fold(written.title) or written.arxiv_id
    texts = (title, "", fold(written.abstract), fold(written.comment))
    assert rendered_row_problems(markdown, 4, {0: written.url}, {0: texts}) == []


def test_a_text_past_the_limit_is_cut_with_a_mark_and_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render, "FIELD_LIMIT", 12)
    long = paper(title="Short", abstract="An abstract over twelve characters \\")
    assert render_abstract(long) == (
        f"<details><summary>Show</summary><p>An abstract{render.CUT_MARK}</p></details>"
    )
    assert render.overlong_fields(long) == ("abstract",)
    assert render_comment("x" * 30).endswith(f"<p>xxxxxxxxxxxx{render.CUT_MARK}</p></details>")
    assert render.overlong_fields(paper(title="T" * 13, comment="y" * 13)) == ("title", "comment")


HOSTILE = [
    "a | b || c",
    "</p></details><script>alert(1)</script>",
    "[click](https://evil.example) ![img](x.png) <https://evil.example>",
    "**bold** _em_ `code` ~~strike~~ $x^2$ \\textbf{U}",
    "&amp; &lt;tag&gt; &#124;",
    "ends with a backslash \\",
    "<a href='https://evil.example'>x</a> <img src=x onerror=alert(1)>",
    "`code | with pipe` and <details><summary>fake</summary>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_cell_text_cannot_change_the_table_or_the_page(text: str) -> None:
    hostile = paper(title=text, abstract=text, comment=text)
    lines = render_section("K", [render_row(hostile)])
    (section,) = parse_readme("\n".join(lines) + "\n").sections
    assert section.table is not None
    assert section.table.is_papers_table
    (row,) = section.table.rows
    assert (row.paper_id, row.version) == ("2411.00001", 1)
    assert rendered_row_problems("\n".join(lines), 4, {0: hostile.url}) == []
    html = render_like_github("\n".join(lines))
    collapsed = 1 + (len(text) > 20)  # the abstract, and the comment when it is long
    assert html.count("<details>") == html.count("</details>") == collapsed
    assert "<script" not in html and "<img" not in html


def test_section_and_preamble_match_the_format() -> None:
    assert render_section("Diffusion", ["| r |"]) == [
        "## Diffusion",
        "| **Title** | **Date** | **Abstract** | **Comment** |",
        "| --- | --- | --- | --- |",
        "| r |",
    ]
    expected_preamble = (
        anchor_readme().split("## Molecular\n")[0].replace("2025-04-09", "2026-11-24")
    )
    day = date(2026, 11, 24)
    assert render_preamble([100, 100], day, announces=True) + "\n" == expected_preamble
    assert "maximum of 25 papers.\n" in render_preamble([25], day)
    assert "maximum of 25 to 100 papers, by keyword.\n" in render_preamble([100, 25], day)
    # The 'Watch' sentence only where the run announces new papers in an issue.
    assert "'Watch'" not in render_preamble([100], day)


def test_optional_columns_render_in_the_order_chosen() -> None:
    chosen = paper(
        version=2, title="T", authors=("Ada Lovelace", "B_ob", "C", "D", "E"),
        categories=("cs.LG", "stat.ML"),
    )  # fmt: skip
    columns = ("Title", "Authors", "Date", "Categories", "PDF")
    assert render_row(chosen, columns) == (
        "| **[T](http://arxiv.org/abs/2411.00001v2)** | Ada Lovelace, B_ob, C et al. "
        "| 2026-11-20 | cs.LG, stat.ML | [PDF](http://arxiv.org/pdf/2411.00001v2) |"
    )
    four = replace(chosen, authors=("A", "B", "C", "D"))
    assert "| A, B, C, D |" in render_row(four, ("Title", "Authors", "Date"))
    assert render_section("K", [], columns)[1:] == [
        "| **Title** | **Authors** | **Date** | **Categories** | **PDF** |",
        "| --- | --- | --- | --- | --- |",
    ]


def test_the_code_column_links_the_papers_repository_and_github_renders_it() -> None:
    columns = ("Title", "Date", "Code")
    linked = paper(title="T", abstract="Code: https://github.com/vita-epfl/UniTraj_v2.")
    assert render_row(linked, columns).endswith(
        "| [vita-epfl/UniTraj_v2](https://github.com/vita-epfl/UniTraj_v2) |"
    )
    assert render_row(paper(title="T"), columns).endswith("| 2026-11-20 |  |")
    html = render_like_github(
        "\n".join(render_section("K", [render_row(linked, columns)], columns))
    )
    assert '<a href="https://github.com/vita-epfl/UniTraj_v2">vita-epfl/UniTraj_v2</a>' in html
