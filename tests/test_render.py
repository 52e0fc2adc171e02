import re
from dataclasses import replace
from datetime import date

import pytest

from dailypapers.readme.document import parse_readme
from dailypapers.readme.render import (
    render_comment,
    render_preamble,
    render_row,
    render_section,
    render_title,
)
from tests.factories import anchor_readme, paper, render_like_github, rendered_row_problems

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


@pytest.mark.parametrize(
    ("comment", "cell"),
    [
        ("", ""),
        ("11 pages, 5 figures", "11 pages, 5 figures"),
        ("12345678901234567890", "12345678901234567890"),
        (
            "Accepted by IEEE TKDE",
            "<details><summary>Accep...</summary><p>Accepted by IEEE TKDE</p></details>",
        ),
        (
            "This paper has been accepted",
            "<details><summary>This ...</summary><p>This paper has been accepted</p></details>",
        ),
        (
            "<b>|x|</b> spans 21 chars",
            "<details><summary>&lt;b>\\|x...</summary>"
            "<p>&lt;b>\\|x\\|&lt;/b> spans 21 chars</p></details>",
        ),
    ],
)
def test_comments_up_to_20_characters_stay_plain(comment: str, cell: str) -> None:
    assert render_comment(comment) == cell


@pytest.mark.parametrize(
    "text",
    [
        "$\\Delta G$ and $\\mathcal{O}(n^2)$ with \\textbf{U}nified",
        "a < b, x<y, 3 <= 4, <- arrows ->, <3",
        "**bold** _em_ `code` ~~strike~~ $x_1^2$",
        "AT&T & friends; &amp; already",
        "[Re] A reproduction of [12]",
        "see https://github.com/x/y for the code",
        "ends with a backslash \\ and \\| escaped",
    ],
)
def test_text_that_renders_correctly_is_written_as_it_is(text: str) -> None:
    written = paper(title=text, abstract=text, comment=text)
    row = render_row(written)
    assert f"<p>{text}</p>" in row
    assert row.startswith(f"| **[{text}]({written.url})** |")
    assert rendered_row_problems("\n".join(render_section("K", [row])), 4, {0: written.url}) == []


@pytest.mark.parametrize(
    ("text", "title", "cell"),
    [
        ("a | b || c", "a \\| b \\|\\| c", "a \\| b \\|\\| c"),
        ("Tabular $Y|X$-Shifts", "Tabular $Y\\|X$-Shifts", "Tabular $Y\\|X$-Shifts"),
        ("the <b>bold</b> claim", "the &lt;b>bold&lt;/b> claim", "the &lt;b>bold&lt;/b> claim"),
        (
            "</p></details><script>alert(1)</script>",
            "&lt;/p>&lt;/details>&lt;script>alert(1)&lt;/script>",
            "&lt;/p>&lt;/details>&lt;script>alert(1)&lt;/script>",
        ),
        ("a <!-- comment --> b", "a &lt;!-- comment --> b", "a &lt;!-- comment --> b"),
        ("an ![img](x.png) here", "an !\\[img\\](x.png) here", "an !\\[img](x.png) here"),
        ("Unbalanced ] bracket", "Unbalanced \\] bracket", "Unbalanced ] bracket"),
        ("at <https://example.org>", "at &lt;https://example.org>", "at <https://example.org>"),
        ("[x](http://evil.example) title", "\\[x\\](http://evil.example) title", None),
        ("ends in a backslash \\", "ends in a backslash \\\\", "ends in a backslash \\\\"),
    ],
)
def test_text_that_would_break_the_page_is_mended_minimally(
    text: str, title: str, cell: str | None
) -> None:
    written = paper(title=text, abstract=text)
    row = render_row(written)
    assert row.startswith(f"| **[{title}]({written.url})** |")
    if cell is not None:
        assert f"<p>{cell}</p>" in row
    assert rendered_row_problems("\n".join(render_section("K", [row])), 4, {0: written.url}) == []


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
