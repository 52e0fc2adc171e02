"""Properties of render, parse and merge over generated papers and READMEs (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dailypapers.config.section import keyword_sections
from dailypapers.domain.paper import Paper
from dailypapers.domain.text import fold
from dailypapers.readme.document import parse_readme
from dailypapers.readme.merge import merge_readme
from dailypapers.readme.render import render_row, render_section
from tests.factories import TODAY, paper, render_like_github, rendered_row_problems

# Any text, with markdown and HTML characters and line breaks well represented.
raw_text = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from("|<>[]()*_`$~&\\#!:\n\r"),
    max_size=40,
)
# Text as the arXiv client hands it over: whitespace folded, no control characters.
clean_text = raw_text.map(
    lambda text: " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    """A paper whose update date follows from its id and version and grows with the version, as
    on arXiv; few distinct ids and dates, so that versions collide and dates tie."""
    number, version = draw(st.integers(1, 40)), draw(st.integers(1, 4))
    return paper(
        arxiv_id=f"2401.{number:05d}",
        version=version,
        title=draw(clean_text.filter(bool)),
        abstract=draw(clean_text),
        comment=draw(clean_text),
        updated=date(2026, 1, 1) + timedelta(days=number % 5 + 2 * version),
        published=date(2026, 1, 1),
    )


# Prose around the tables: lines that are neither headings, tables nor the update marker.
prose = st.lists(
    # Not "<" either: an unclosed HTML block would swallow what follows, headings and all.
    clean_text.filter(lambda line: not line.startswith(("#", "|", "Last update", "=", "-", "<"))),
    max_size=4,
).map(lambda lines: "".join(line + "\n" for line in lines))


def _distinct(found: list[Paper]) -> list[Paper]:
    by_id = {p.arxiv_id: p for p in found}
    return sorted(by_id.values(), key=lambda p: (p.updated, p.arxiv_id), reverse=True)


def _readme(existing: list[Paper], before: str, after: str) -> str:
    rows = [render_row(p) for p in existing]
    return before + "\n" + "\n".join(render_section("K", rows)) + "\n\n" + after


def _rows(text: str) -> list[tuple[str | None, int, date | None]]:
    (section,) = [s for s in parse_readme(text).sections if s.heading == "K"]
    assert section.table is not None
    return [(row.paper_id, row.version, row.date) for row in section.table.rows]


# Characters markdown may turn into something else than themselves in a title: with none of
# them, the title GitHub shows is the title arXiv gave.
MARKDOWN_SPECIAL = set("\\`*_[]<>&!~|")


# Rows are judged by rendering them with cmark-gfm: a case takes milliseconds, more on a busy
# machine, which says nothing of the property.
@settings(deadline=None)
@given(st.lists(papers(), max_size=12).map(_distinct))
def test_parse_reads_back_what_render_wrote(found: list[Paper]) -> None:
    text = "\n".join(render_section("K", [render_row(p) for p in found])) + "\n"
    (section,) = parse_readme(text).sections
    assert section.table is not None
    assert [(r.paper_id, r.version, r.date) for r in section.table.rows] == [
        (p.arxiv_id, p.version, p.updated) for p in found
    ]
    for row, written in zip(section.table.rows, found, strict=True):
        if not MARKDOWN_SPECIAL & set(written.title):
            assert row.title == written.title


@settings(deadline=None)
@given(papers(), raw_text, raw_text, raw_text)
def test_no_cell_content_changes_the_columns_or_closes_details_early(
    drawn: Paper, title: str, abstract: str, comment: str
) -> None:
    hostile = replace(drawn, version=1, title=title, abstract=abstract, comment=comment)
    markdown = "\n".join(render_section("K", [render_row(hostile)]))
    texts = (fold(title) or hostile.arxiv_id, "", fold(abstract), fold(comment))
    assert rendered_row_problems(markdown, 4, {0: hostile.url}, {0: texts}) == []
    html = render_like_github(markdown)
    assert html.count("<tr>") == 2
    long_comment = len(" ".join(comment.split())) > 20
    assert html.count("<details>") == html.count("</details>") == 1 + long_comment


@settings(max_examples=200, deadline=None)
@given(
    st.lists(papers(), max_size=10).map(_distinct),
    st.lists(papers(), max_size=10),
    st.integers(1, 12),
    prose,
    prose,
)
def test_merge_keeps_every_newest_row_up_to_the_cap_sorted_and_idempotent(
    existing: list[Paper], drawn: list[Paper], cap: int, before: str, after: str
) -> None:
    text = _readme(existing, before, after)
    # As arXiv answers: newest update first, never an older version than one it listed before.
    listed = {p.arxiv_id: p.version for p in existing}
    fetched = sorted(
        (p for p in drawn if p.version >= listed.get(p.arxiv_id, 0)),
        key=lambda p: p.updated,
        reverse=True,
    )
    result = merge_readme(text, {"K": fetched}, keyword_sections(["K"], cap), TODAY)
    rows = _rows(result.text)

    newest = {p.arxiv_id: (p.version, p.updated) for p in existing}
    newest_fetched: dict[str, tuple[int, date]] = {}
    for found in fetched:
        known = newest_fetched.get(found.arxiv_id, (0, date.min))
        newest_fetched[found.arxiv_id] = max(known, (found.version, found.updated))
    for arxiv_id, (version, day) in newest_fetched.items():
        if version > newest.get(arxiv_id, (0, date.min))[0]:
            newest[arxiv_id] = (version, day)
    expected = sorted(
        ((pid, version, day) for pid, (version, day) in newest.items()),
        key=lambda row: (row[2], row[0]),
        reverse=True,
    )
    # Nothing is dropped but by the cap, every id at its newest version, newest first; where
    # the cap falls within a date, which rows of that date stay is the order's to say.
    assert [day for _, _, day in rows] == [day for _, _, day in expected[:cap]]
    assert set(rows) <= set(expected)
    boundary = expected[:cap][-1][2] if rows else date.max
    assert {row for row in expected if row[2] > boundary} <= set(rows)

    again = merge_readme(result.text, {"K": fetched}, keyword_sections(["K"], cap), TODAY)
    assert not again.changed and again.text == result.text

    assert result.text.startswith(before)
    assert result.text.endswith("\n\n" + after)


@settings(deadline=None)
@given(st.lists(papers(), max_size=8).map(_distinct), st.lists(papers(), max_size=8), prose, prose)
def test_a_failed_keyword_never_loses_a_row(
    existing: list[Paper], fetched: list[Paper], before: str, after: str
) -> None:
    text = _readme(existing, before, after) + "\n" + "\n".join(render_section("L", [])) + "\n"
    result = merge_readme(text, {"L": fetched}, keyword_sections(["K", "L"], 100), TODAY)
    assert _rows(result.text) == _rows(text)
