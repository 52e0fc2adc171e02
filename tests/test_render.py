import re
from dataclasses import replace
from datetime import date

import pytest
from markdown_it import MarkdownIt

from dailypapers.readme import parse_readme
from dailypapers.render import (
    escape,
    render_comment,
    render_preamble,
    render_row,
    render_section,
)
from tests.factories import anchor_readme, paper

_ROW = re.compile(
    r"\| \*\*\[(?P<title>.*)\]\(http://arxiv\.org/abs/(?P<id>[^v]+)v(?P<version>\d+)\)\*\* "
    r"\| (?P<date>\S+) \| <details><summary>Show</summary><p>(?P<abstract>.*)</p></details> "
    r"\| (?:<details><summary>.{5}\.\.\.</summary><p>(?P<long>.*)</p></details>|(?P<short>.*)) \|"
)
_SPECIAL = set("\\`*_[]$~&<>|")


def _anchor_rows() -> list[re.Match[str]]:
    return [m for line in anchor_readme().splitlines() if (m := _ROW.fullmatch(line))]


def test_rows_render_exactly_as_the_existing_format() -> None:
    rows = _anchor_rows()
    plain = [m for m in rows if not _SPECIAL & set(m["title"] + m["abstract"])]
    assert len(rows) == 5
    assert len(plain) >= 4
    for match in plain:
        row_paper = paper(
            arxiv_id=match["id"],
            version=int(match["version"]),
            title=match["title"],
            abstract=match["abstract"],
            comment=match["long"] or match["short"],
            updated=date.fromisoformat(match["date"]),
        )
        assert render_row(row_paper) == match.group(0)


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
            "<b>|x|</b> spans 21 chars",
            "<details><summary>&lt;b&gt;&#124;x...</summary>"
            "<p>&lt;b&gt;&#124;x&#124;&lt;/b&gt; spans 21 chars</p></details>",
        ),
    ],
)
def test_comments_up_to_20_characters_stay_plain(comment: str, cell: str) -> None:
    assert render_comment(comment) == cell


HOSTILE = [
    "a | b || c",
    "</p></details><script>alert(1)</script>",
    "[click](https://evil.example) ![img](x.png) <https://evil.example>",
    "**bold** _em_ `code` ~~strike~~ $x^2$ \\textbf{U}",
    "&amp; &lt;tag&gt; &#124;",
    "ends with a backslash \\",
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
    html = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .render("\n".join(lines))
    )
    assert html.count("<td>") == 4
    collapsed = 1 + (len(text) > 20)  # the abstract, and the comment when it is long
    assert html.count("<details>") == html.count("</details>") == collapsed
    assert html.count("<p>") == html.count("</p>") == collapsed
    assert "<script" not in html
    assert re.findall(r"<a href=\"([^\"]+)\"", html) == ["http://arxiv.org/abs/2411.00001v1"]
    assert html.count("<strong>") == 5  # the four column names and the title, nothing else
    for tag in ("em", "code", "s", "del", "img"):
        assert f"<{tag}>" not in html
        assert f"<{tag} " not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_reads_back_as_the_original(text: str) -> None:
    inline = MarkdownIt("commonmark").parseInline(escape(text))[0]
    shown = "".join(child.content for child in inline.children or [] if child.type == "text")
    assert shown == text


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
    assert render_preamble(100, date(2026, 11, 24)) + "\n" == expected_preamble
    assert "maximum of 25 papers" in render_preamble(25, date(2026, 11, 24))


def test_optional_columns_render_in_the_order_chosen() -> None:
    chosen = paper(
        version=2, title="T", authors=("Ada Lovelace", "B_ob", "C", "D", "E"),
        categories=("cs.LG", "stat.ML"),
    )  # fmt: skip
    columns = ("Title", "Authors", "Date", "Categories", "PDF")
    assert render_row(chosen, columns) == (
        "| **[T](http://arxiv.org/abs/2411.00001v2)** | Ada Lovelace, B\\_ob, C et al. "
        "| 2026-11-20 | cs.LG, stat.ML | [PDF](http://arxiv.org/pdf/2411.00001v2) |"
    )
    four = replace(chosen, authors=("A", "B", "C", "D"))
    assert "| A, B, C, D |" in render_row(four, ("Title", "Authors", "Date"))
    assert render_section("K", [], columns)[1:] == [
        "| **Title** | **Authors** | **Date** | **Categories** | **PDF** |",
        "| --- | --- | --- | --- | --- |",
    ]
