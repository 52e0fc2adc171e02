"""The pages of older papers and the byte budget, as pure functions: names, link lines, page texts
and how the README's budget is shared between its sections."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import heading_slug
from dailypapers.readme.budget import SectionRows, link_bytes, shown_rows
from dailypapers.readme.document import Row, parse_readme
from dailypapers.readme.pages import (
    LinkLine,
    find_link_line,
    heading_anchor,
    linked_pages,
    read_archive,
    render_link_line,
    render_pages,
)
from dailypapers.readme.render import render_row
from tests.factories import paper, render_like_github, rendered_row_problems

HEAD = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
COLUMNS = ("Title", "Date", "Abstract", "Comment")


def rows(*days: date) -> list[Row]:
    """A row for each day, as the merge renders them, newest first as given."""
    found = []
    for number, day in enumerate(days, 1):
        text = render_row(paper(arxiv_id=f"2401.{number:05d}", updated=day), COLUMNS)
        found.append(Row(text, f"2401.{number:05d}", 1, day, f"Paper 2401.{number:05d}"))
    return found


@pytest.mark.parametrize(
    ("heading", "slug", "anchor"),
    [
        ("Graph Neural Networks (GNN)", "graph-neural-networks-gnn", "graph-neural-networks-gnn"),
        ("LLM AND attack", "llm-and-attack", "llm-and-attack"),
        (
            "Open Vocabulary Segmentation - 100 in Total",
            "open-vocabulary-segmentation-100-in-total",
            "open-vocabulary-segmentation---100-in-total",
        ),
        (
            "Must: 3D Gaussian Splatting; Any: LOD, large-scale",
            "must-3d-gaussian-splatting-any-lod-large-scale",
            "must-3d-gaussian-splatting-any-lod-large-scale",
        ),
        ("Über Graphen", "über-graphen", "über-graphen"),
    ],
)
def test_a_section_names_its_page_as_its_feed_and_links_back_to_githubs_anchor(
    heading: str, slug: str, anchor: str
) -> None:
    assert heading_slug(heading) == slug
    assert heading_anchor(heading) == anchor


def test_the_link_line_says_how_many_older_papers_and_is_a_paragraph_on_github() -> None:
    assert render_link_line("Diffusion", 1) == "[1 older paper](papers/diffusion.md)"
    assert render_link_line("Diffusion", 152) == "[152 older papers](papers/diffusion.md)"
    row = rows(date(2026, 11, 20))[0].text
    markdown = f"## Diffusion\n{HEAD}{row}\n\n{render_link_line('Diffusion', 152)}\n"
    html = render_like_github(markdown)
    assert html.count("<tr>") == 2  # the header and the one row: the link line is not a row
    assert '<p><a href="papers/diffusion.md">152 older papers</a></p>' in html
    assert rendered_row_problems(markdown, 4) == []


def test_the_link_line_stands_after_a_blank_line_under_its_table() -> None:
    row = rows(date(2026, 11, 20))[0].text
    link = render_link_line("K", 3)
    readme = parse_readme(f"## K\n{HEAD}{row}\n\n{link}\n\n## L\n")
    table = readme.sections[0].table
    assert table is not None
    assert find_link_line(readme, table) == LinkLine(4, 6, "papers/k.md")
    other = parse_readme(f"## K\n{HEAD}{row}\n\nSee [3 older papers](papers/k.md)\n")
    assert other.sections[0].table is not None
    assert find_link_line(other, other.sections[0].table) is None


def test_the_pages_to_read_are_those_the_link_lines_and_index_lines_name() -> None:
    readme = "## K\n\n[3 older papers](papers/k.md)\n\n[a link](papers/other.md)\n"
    assert linked_pages("docs/README.md", readme) == ["docs/papers/k.md"]
    index = (
        "# K: older papers\n\n- [2025](k-2025.md): 3 papers\n- [2024-11](k-2024-11.md): 1 paper\n"
    )
    assert linked_pages("docs/papers/k.md", index) == [
        "docs/papers/k-2025.md",
        "docs/papers/k-2024-11.md",
    ]


def test_one_page_holds_the_older_rows_and_links_back_to_the_section() -> None:
    older = rows(date(2026, 11, 1), date(2026, 10, 1))
    pages = render_pages("Diffusion", older, COLUMNS, "docs/README.md", 500_000)
    text = pages["docs/papers/diffusion.md"]
    assert list(pages) == ["docs/papers/diffusion.md"]
    assert text == (
        "# Diffusion: older papers\n\n"
        "Papers of [Diffusion](../README.md#diffusion) that the README has no room for, newest "
        f"first.\n\n## Diffusion\n{HEAD}{older[0].text}\n{older[1].text}\n"
    )
    html = render_like_github(text)
    assert '<a href="../README.md#diffusion">Diffusion</a>' in html
    assert rendered_row_problems(text, 4) == []


def test_a_page_past_the_budget_becomes_an_index_of_pages_by_year_then_month_then_part() -> None:
    days = [date(2026, 11, 3), date(2026, 11, 2), date(2026, 11, 1), date(2026, 10, 1)]
    older = rows(*days, date(2025, 5, 1))
    one_row = len(render_pages("K", older[:1], COLUMNS, "README.md", 10**6)["papers/k.md"])
    budget = one_row + len(older[0].text) + 40  # two rows a page, not three
    pages = render_pages("K", older, COLUMNS, "README.md", budget)
    assert list(pages) == [
        "papers/k.md",
        "papers/k-2026-11.md",
        "papers/k-2026-11-2.md",
        "papers/k-2026-10.md",
        "papers/k-2025.md",
    ]
    assert re.findall(r"^- .*$", pages["papers/k.md"], flags=re.MULTILINE) == [
        "- [2026-11](k-2026-11.md): 2 papers",
        "- [2026-11, part 2](k-2026-11-2.md): 1 paper",
        "- [2026-10](k-2026-10.md): 1 paper",
        "- [2025](k-2025.md): 1 paper",
    ]
    assert pages["papers/k-2026-11-2.md"].startswith("# K: older papers, 2026-11, part 2\n")
    assert max(len(text.encode()) for text in pages.values()) <= budget
    archive = read_archive("papers/k.md", COLUMNS, pages)
    assert archive.rows == tuple(older)
    assert archive.paths == tuple(pages)


def test_rows_without_a_date_go_with_the_row_before_them() -> None:
    dated = rows(date(2026, 11, 2), date(2025, 1, 1))
    undated = Row(
        dated[0].text.replace("2026-11-02", "soon"), "2401.00001", 1, None, "Paper 2401.00001"
    )
    older = [undated, dated[0], undated, dated[1]]
    whole = render_pages("K", older, COLUMNS, "README.md", 10**6)["papers/k.md"]
    pages = render_pages("K", older, COLUMNS, "README.md", len(whole) - 1)
    assert list(pages) == ["papers/k.md", "papers/k-2026.md", "papers/k-2025.md"]
    assert read_archive("papers/k.md", COLUMNS, pages).rows == tuple(older)


def test_a_page_of_other_columns_or_of_another_section_is_not_read() -> None:
    older = rows(date(2026, 11, 1))
    pages = render_pages("K", older, COLUMNS, "README.md", 500_000)
    assert read_archive("papers/k.md", ("Title", "Date"), pages).rows == ()
    assert read_archive("papers/missing.md", COLUMNS, pages).paths == ()
    index = "- [2025](other-2025.md): 1 paper\n- [2024](k-2024.md): 1 paper\n"
    texts = {"papers/k.md": index, "papers/other-2025.md": pages["papers/k.md"]}
    assert read_archive("papers/k.md", COLUMNS, texts).paths == ("papers/k.md",)


def sections(*sizes: tuple[int, ...]) -> list[SectionRows]:
    return [SectionRows(name, row_bytes) for name, row_bytes in zip("ABC", sizes, strict=False)]


LINK = link_bytes("A", 4)  # 29 bytes and 6 for the line endings around it, for any of A, B, C


@pytest.mark.parametrize(
    ("fixed", "sizes", "budget", "shown"),
    [
        # Everything fits: every row shown.
        (0, [(100, 100), (100,)], 300, (2, 1)),
        # One row at a time, in turn: B has one row and leaves its share to A and C; A, first in
        # the last round, gets the row C does not.
        (0, [(100,) * 5, (100,), (100,) * 5], 600 + 2 * LINK, (3, 1, 2)),
        # A row that does not fit ends its section's turn, not the others'.
        (0, [(100, 500, 100), (100, 100, 100)], 600, (1, 3)),
        # A section without rows shows none and links none.
        (50, [(), (100, 100)], 250, (0, 2)),
        # The README's own text counts.
        (400, [(100,) * 3, (100,) * 3], 600 + 2 * LINK, (1, 1)),
    ],
)
def test_the_budget_is_shared_one_row_at_a_time_newest_first(
    fixed: int, sizes: list[tuple[int, ...]], budget: int, shown: tuple[int, ...]
) -> None:
    assert shown_rows(fixed, sections(*sizes), budget) == shown


def test_a_budget_too_small_for_each_newest_row_says_what_it_needs() -> None:
    with pytest.raises(ConfigError, match=f"needs {100 + 100 + link_bytes('A', 1)} bytes"):
        shown_rows(100, sections((100, 100)), 200)


def test_the_link_line_costs_its_bytes_and_its_line_endings() -> None:
    assert link_bytes("A", 0) == 0
    assert link_bytes("A", 4) == len("[4 older papers](papers/a.md)") + 6
    assert link_bytes("A", 1) == len("[1 older paper](papers/a.md)") + 6
