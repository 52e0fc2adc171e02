from dataclasses import replace
from datetime import date

import pytest

from dailypapers.errors import ReadmeFormatError
from dailypapers.readme.merge import merge_readme, merge_rows, newest_versions
from dailypapers.paper import Paper
from dailypapers.readme.document import parse_readme
from dailypapers.readme.render import render_row, render_table_head
from dailypapers.config.section import Topic, keyword_topics
from tests.factories import anchor_readme, fixture_path, paper

TODAY = date(2026, 11, 24)
TABLE_HEADER, TABLE_SEPARATOR = render_table_head()
HEADER = f"{TABLE_HEADER}\n{TABLE_SEPARATOR}\n"


def table_ids(text: str, keyword: str) -> list[tuple[str | None, int]]:
    (section,) = [s for s in parse_readme(text).sections if s.heading == keyword]
    assert section.table is not None
    return [(row.paper_id, row.version) for row in section.table.rows]


def readme_with(*papers: Paper, keyword: str = "K", before: str = "", after: str = "") -> str:
    rows = "".join(render_row(p) + "\n" for p in papers)
    return f"{before}## {keyword}\n{HEADER}{rows}{after}"


def test_new_papers_go_where_their_date_puts_them_and_old_rows_stay_byte_for_byte() -> None:
    text = anchor_readme()
    new = [
        paper(arxiv_id="2504.09999", updated=date(2025, 4, 8)),
        paper(arxiv_id="2504.00001", updated=date(2025, 4, 6)),
    ]
    result = merge_readme(text, {"Molecular": new}, keyword_topics(["Molecular"], 100), TODAY)
    assert result.changed
    assert table_ids(result.text, "Molecular") == [
        ("2504.09999", 1),
        ("2403.04197", 4),
        ("2504.04770", 1),
        ("2504.04654", 1),
        ("2504.00001", 1),
    ]
    old_lines = set(text.splitlines())
    new_lines = result.text.splitlines()
    assert sum(line in old_lines for line in new_lines) == len(new_lines) - 3  # 2 rows, 1 date
    assert [c.added for c in result.changes] == [tuple(new)]


def test_a_newer_version_replaces_its_row_and_moves_to_its_date() -> None:
    old = [
        paper(arxiv_id="2401.00003", updated=date(2026, 1, 3)),
        paper(arxiv_id="2401.00001", updated=date(2026, 1, 1)),
    ]
    revised = paper(arxiv_id="2401.00001", updated=date(2026, 1, 5), version=2, title="Revised")
    result = merge_readme(readme_with(*old), {"K": [revised]}, keyword_topics(["K"], 100), TODAY)
    assert table_ids(result.text, "K") == [("2401.00001", 2), ("2401.00003", 1)]
    assert "Revised" in result.text
    assert "Paper 2401.00001" not in result.text
    (change,) = result.changes
    assert (change.added, change.updated) == ((), (revised,))


def test_same_or_older_versions_change_nothing() -> None:
    text = readme_with(paper(arxiv_id="2401.00001", updated=date(2026, 1, 1), version=3))
    fetched = {
        "K": [
            paper(arxiv_id="2401.00001", updated=date(2026, 1, 9), version=v, title="x")
            for v in (1, 3)
        ]
    }
    result = merge_readme(text, fetched, keyword_topics(["K"], 100), TODAY)
    assert (result.changed, result.text, result.changes) == (False, text, ())


def test_papers_arxiv_returns_keep_arxivs_order_within_a_date() -> None:
    # arXiv orders by update time, of which a row shows only the date.
    day = date(2026, 2, 2)
    result = merge_readme(
        None,
        {
            "K": [
                paper(arxiv_id="2402.00002", updated=day),
                paper(arxiv_id="2402.00010", updated=day),
            ]
        },
        keyword_topics(["K"], 100),
        TODAY,
    )
    assert table_ids(result.text, "K") == [("2402.00002", 1), ("2402.00010", 1)]


def test_the_table_is_cut_to_max_papers_dropping_the_oldest() -> None:
    old = [paper(arxiv_id=f"2401.0000{i}", updated=date(2026, 1, i)) for i in range(5, 0, -1)]
    new = [paper(arxiv_id="2402.00001", updated=date(2026, 2, 1))]
    result = merge_readme(readme_with(*old), {"K": new}, keyword_topics(["K"], 3), TODAY)
    assert table_ids(result.text, "K") == [("2402.00001", 1), ("2401.00005", 1), ("2401.00004", 1)]
    assert result.changes[0].dropped == 3


def test_papers_older_than_a_full_table_are_not_counted_as_gained() -> None:
    full = [
        paper(arxiv_id="2401.00005", updated=date(2026, 1, 5)),
        paper(arxiv_id="2401.00004", updated=date(2026, 1, 4)),
    ]
    older = paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))
    result = merge_readme(readme_with(*full), {"K": [older]}, keyword_topics(["K"], 2), TODAY)
    assert (result.changed, result.changes) == (False, ())
    revised = paper(arxiv_id="2401.00004", updated=date(2026, 1, 6), version=2)
    mixed = merge_readme(
        readme_with(*full), {"K": [older, revised]}, keyword_topics(["K"], 2), TODAY
    )
    (change,) = mixed.changes
    assert (change.added, change.updated, change.dropped) == ((), (revised,), 0)


def test_lowering_max_papers_trims_the_table() -> None:
    old = [paper(arxiv_id=f"2401.0000{i}", updated=date(2026, 1, i)) for i in range(5, 0, -1)]
    result = merge_readme(readme_with(*old), {"K": []}, keyword_topics(["K"], 2), TODAY)
    assert table_ids(result.text, "K") == [("2401.00005", 1), ("2401.00004", 1)]


def test_new_sections_go_where_keyword_order_puts_them_among_the_managed_ones() -> None:
    text = anchor_readme() + "\n---\nFooter text stays last.\n"
    fetched = {
        "Zeta": [paper(arxiv_id="2411.00002", updated=date(2026, 11, 2))],
        "Alpha": [paper(arxiv_id="2411.00001", updated=date(2026, 11, 1))],
        "Omega": [paper(arxiv_id="2411.00003", updated=date(2026, 11, 3))],
    }
    topics = keyword_topics(["Zeta", "Molecular", "Alpha", "Omega"], 100)
    result = merge_readme(text, fetched, topics, TODAY)
    titles = [section.heading for section in parse_readme(result.text).sections]
    # Before the first managed section, or after the one before it in keyword order; the
    # section no keyword names stays where it was.
    assert titles == ["Zeta", "Molecular", "Alpha", "Omega", "Molecular Generation"]
    assert "\n\n## Zeta\n" in result.text and "|\n\n## Molecular\n" in result.text
    assert "|\n\n## Alpha\n" in result.text and "|\n\n## Omega\n" in result.text
    assert "|\n\n## Molecular Generation\n" in result.text
    assert result.text.endswith("\n\n---\nFooter text stays last.\n")
    rest = result.text
    for heading, papers in fetched.items():
        rest = rest.replace(f"## {heading}\n{HEADER}{render_row(papers[0])}\n\n", "", 1)
    assert rest == text.replace("2025-04-09", "2026-11-24")
    assert [change.created for change in result.changes] == [True, True, True]


def test_new_sections_follow_the_rows_added_to_an_empty_last_table() -> None:
    fetched = {
        "K": [paper(arxiv_id="2411.00001", updated=TODAY)],
        "New": [paper(arxiv_id="2411.00002", updated=TODAY)],
    }
    result = merge_readme(f"## K\n{HEADER}", fetched, keyword_topics(["K", "New"], 100), TODAY)
    assert table_ids(result.text, "K") == [("2411.00001", 1)]
    assert table_ids(result.text, "New") == [("2411.00002", 1)]


def test_keywords_listed_in_another_order_than_their_sections() -> None:
    fetched = {
        "Molecular Generation": [paper(arxiv_id="2504.09998", updated=date(2025, 4, 8))],
        "Molecular": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))],
    }
    result = merge_readme(
        anchor_readme(), fetched, keyword_topics(["Molecular Generation", "Molecular"], 100), TODAY
    )
    assert table_ids(result.text, "Molecular")[0] == ("2504.09999", 1)
    assert table_ids(result.text, "Molecular Generation")[0] == ("2504.09998", 1)
    assert len(table_ids(result.text, "Molecular")) == 4


def test_sections_of_keywords_no_longer_listed_are_left_alone() -> None:
    text = anchor_readme()
    result = merge_readme(
        text,
        {"Molecular": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))]},
        keyword_topics(["Molecular"], 1),
        TODAY,
    )
    generation = text[text.index("## Molecular Generation") :]
    assert result.text.endswith(generation)


def test_a_failed_keyword_keeps_every_row() -> None:
    text = anchor_readme()
    fetched = {"Molecular Generation": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))]}
    result = merge_readme(
        text, fetched, keyword_topics(["Molecular", "Molecular Generation"], 100), TODAY
    )
    assert table_ids(result.text, "Molecular") == table_ids(text, "Molecular")
    assert len(table_ids(result.text, "Molecular Generation")) == 3


def test_last_update_is_the_runs_date_papers_or_not() -> None:
    text = anchor_readme()
    dated = merge_readme(text, {"Molecular": []}, keyword_topics(["Molecular"], 100), TODAY)
    assert dated.changed and not dated.papers_changed
    assert dated.text == text.replace("Last update: 2025-04-09\n", "Last update: 2026-11-24\n")
    again = merge_readme(dated.text, {"Molecular": []}, keyword_topics(["Molecular"], 100), TODAY)
    assert not again.changed
    changed = merge_readme(
        text,
        {"Molecular": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))]},
        keyword_topics(["Molecular"], 100),
        TODAY,
    )
    assert "Last update: 2026-11-24\n" in changed.text
    assert "2025-04-09" not in changed.text


def test_an_empty_section_for_a_new_keyword_adds_no_paper() -> None:
    result = merge_readme(anchor_readme(), {"Rare": []}, keyword_topics(["Rare"], 100), TODAY)
    assert result.changed
    assert not result.papers_changed
    assert result.text.endswith(f"\n\n## Rare\n{HEADER}")
    assert "Last update: 2026-11-24" in result.text


def test_merging_the_same_papers_twice_changes_nothing() -> None:
    fetched = {
        "K": [
            paper(arxiv_id="2411.00001", updated=date(2026, 11, 1)),
            paper(arxiv_id="2411.00002", updated=date(2026, 11, 2)),
        ],
        "L": [paper(arxiv_id="2411.00003", updated=date(2026, 11, 3))],
    }
    once = merge_readme(anchor_readme(), fetched, keyword_topics(["K", "L"], 100), TODAY)
    twice = merge_readme(once.text, fetched, keyword_topics(["K", "L"], 100), TODAY)
    assert once.changed
    assert not twice.changed
    assert twice.text == once.text
    tomorrow = merge_readme(once.text, fetched, keyword_topics(["K", "L"], 100), date(2026, 11, 25))
    assert tomorrow.text == once.text.replace("Last update: 2026-11-24", "Last update: 2026-11-25")
    assert not tomorrow.papers_changed


def test_a_missing_readme_starts_with_the_usual_preamble() -> None:
    result = merge_readme(
        None,
        {"LLM": [paper(arxiv_id="2411.00001", updated=date(2026, 11, 1))]},
        keyword_topics(["LLM"], 50),
        TODAY,
    )
    assert result.text.startswith("# Daily Papers\n")
    assert "up to a maximum of 50 papers.\n\nLast update: 2026-11-24\n\n## LLM\n" in result.text
    assert "\nLast update: 2026-11-24\n\n## LLM\n" + HEADER in result.text
    # It ends as DailyArXiv's READMEs do: the last row, then a blank line.
    assert result.text.endswith(
        render_row(paper(arxiv_id="2411.00001", updated=date(2026, 11, 1))) + "\n\n"
    )
    announced = merge_readme(None, {"LLM": []}, keyword_topics(["LLM"], 50), TODAY, announces=True)
    assert "up to a maximum of 50 papers.\n\nYou can click the 'Watch'" in announced.text


def test_windows_line_endings_are_kept_and_used_for_new_lines() -> None:
    text = anchor_readme().replace("\n", "\r\n")
    fetched = {"Molecular": [paper(arxiv_id="2504.09999", updated=date(2025, 4, 8))], "New": []}
    result = merge_readme(text, fetched, keyword_topics(["Molecular", "New"], 100), TODAY)
    assert "\n" not in result.text.replace("\r\n", "")
    assert len(table_ids(result.text, "Molecular")) == 4


def test_a_file_without_trailing_newline_gets_rows_appended_cleanly() -> None:
    text = readme_with(paper(arxiv_id="2401.00002", updated=date(2026, 1, 2))).rstrip("\n")
    result = merge_readme(
        text,
        {"K": [paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))]},
        keyword_topics(["K"], 100),
        TODAY,
    )
    assert table_ids(result.text, "K") == [("2401.00002", 1), ("2401.00001", 1)]
    more = merge_readme(
        text,
        {"New": [paper(arxiv_id="2401.00003", updated=date(2026, 1, 3))]},
        keyword_topics(["New"], 9),
        TODAY,
    )
    assert [s.heading for s in parse_readme(more.text).sections] == ["K", "New"]


def test_text_outside_the_tables_is_kept_byte_for_byte() -> None:
    before = "<!-- badges -->\n[![CI](x.svg)](y)\n\nIntro with `code` and a | pipe.\n\n"
    after = "\n### Notes\nKeep *me*.\n\n## Unrelated\nProse.\n"
    text = readme_with(
        paper(arxiv_id="2401.00001", updated=date(2026, 1, 1)), before=before, after=after
    )
    result = merge_readme(
        text,
        {"K": [paper(arxiv_id="2401.00002", updated=date(2026, 1, 2))]},
        keyword_topics(["K"], 100),
        TODAY,
    )
    assert result.text.startswith(before + "## K\n" + HEADER)
    assert result.text.endswith(after)


def test_unidentified_rows_keep_their_place() -> None:
    note = "| [My own note](https://example.org) | later | x | |"
    text = readme_with(paper(arxiv_id="2401.00003", updated=date(2026, 1, 3))) + note + "\n"
    result = merge_readme(
        text,
        {"K": [paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))]},
        keyword_topics(["K"], 100),
        TODAY,
    )
    assert table_ids(result.text, "K") == [("2401.00003", 1), (None, 0), ("2401.00001", 1)]


def test_keywords_match_headings_ignoring_case() -> None:
    text = readme_with(
        paper(arxiv_id="2401.00001", updated=date(2026, 1, 1)), keyword="Graph Neural Networks"
    )
    fetched = {"graph neural networks": [paper(arxiv_id="2401.00002", updated=date(2026, 1, 2))]}
    result = merge_readme(text, fetched, keyword_topics(["graph neural networks"], 100), TODAY)
    assert len(table_ids(result.text, "Graph Neural Networks")) == 2


def test_a_hand_edited_readme_keeps_all_it_does_not_own() -> None:
    text = fixture_path("readme/hand-edited.md").read_text(encoding="utf-8")
    newest = paper(arxiv_id="2504.09999", updated=date(2025, 4, 8), title="Newest")
    older = paper(arxiv_id="2504.00001", updated=date(2025, 4, 5), title="Older")
    same = paper(
        arxiv_id="2403.04197", updated=date(2025, 4, 7), version=4, title="Not a new version"
    )
    protein = paper(arxiv_id="2504.07777", updated=date(2025, 4, 7))
    fetched = {"Molecular": [newest, same, older], "Proteins": [protein]}

    result = merge_readme(text, fetched, keyword_topics(["Molecular", "Proteins"], 100), TODAY)

    first_row = "| **[Large Language Models are In-Context Molecule Learners (we read"
    notes_row = "| [Our own notes on molecules](https://example.org/notes) | 2025-04-06 |"
    lines = text.splitlines(keepends=True)
    expected: list[str] = []
    for line in lines:
        if line.startswith("Last update:"):
            line = "Last update: 2026-11-24\n"
        if line.startswith(first_row):
            expected.append(render_row(newest) + "\n")
        expected.append(line)
        if line.startswith(notes_row):
            # The section of the next keyword goes right after this one's table.
            expected.append(render_row(older) + "\n")
            expected.append(f"\n## Proteins\n{HEADER}{render_row(protein)}\n")
    assert result.text == "".join(expected)
    assert table_ids(result.text, "Molecular") == [
        ("2504.09999", 1), ("2403.04197", 4), ("2504.04654", 1), (None, 0), ("2504.00001", 1),
    ]  # fmt: skip


def test_a_table_with_an_extra_column_or_no_separator_is_not_rewritten() -> None:
    header = "| **Title** | **Date** | **Abstract** | **Comment** | **Stars** |"
    extra = f"## K\n{header}\n{'| --- ' * 5}|\n"
    with pytest.raises(
        ReadmeFormatError, match="has the columns Title, Date, Abstract, Comment, Stars"
    ):
        merge_readme(
            extra,
            {"K": [paper(arxiv_id="2401.00001", updated=TODAY)]},
            keyword_topics(["K"], 100),
            TODAY,
        )
    no_separator = (
        f"Intro\n\n## K\n{TABLE_HEADER}\n| **[x](http://arxiv.org/abs/2401.00001v1)** |\n"
    )
    with pytest.raises(ReadmeFormatError, match="line 3: '## K' is not followed by a papers table"):
        merge_readme(
            no_separator,
            {"K": [paper(arxiv_id="2401.00002", updated=TODAY)]},
            keyword_topics(["K"], 100),
            TODAY,
        )


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Intro\n\n## K\nJust prose.\n", 3, "'## K' is not followed by a papers table"),
        ("## K\n| Name | URL |\n| --- | --- |\n", 2, "has the columns Name, URL"),
        (
            f"## K\n{HEADER}\n## k\n{HEADER}",
            5,
            "the section '## k' appears 2 times (first on line 1)",
        ),
    ],
)
def test_tables_too_broken_to_merge_stop_with_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(ReadmeFormatError) as raised:
        merge_readme(
            text,
            {"K": [paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))]},
            keyword_topics(["K"], 100),
            TODAY,
        )
    assert raised.value.line == line
    assert fragment in str(raised.value)


def test_broken_sections_stop_the_run_even_when_their_fetch_failed() -> None:
    with pytest.raises(ReadmeFormatError):
        merge_readme("## K\nProse\n", {}, keyword_topics(["K"], 100), TODAY)


def test_duplicate_feed_entries_collapse_to_the_newest_version() -> None:
    day = date(2026, 1, 1)
    papers = [
        paper(arxiv_id="2401.00001", updated=day),
        paper(arxiv_id="2401.00001", updated=day, version=2),
        paper(arxiv_id="2401.00002", updated=day),
    ]
    assert [(p.arxiv_id, p.version) for p in newest_versions(papers)] == [
        ("2401.00001", 2),
        ("2401.00002", 1),
    ]
    rows, change = merge_rows(Topic.from_keyword("K"), (), papers)
    assert len(rows) == 2
    assert len(change.added) == 2
    assert change.heading == "K"


CHOSEN = ("Title", "Authors", "Date", "PDF")


def _with_authors(p: Paper) -> Paper:
    return replace(p, comment="c", authors=("Ann", "Bo"))


def test_a_new_section_gets_the_columns_chosen() -> None:
    topic = Topic("K", "ti:k", columns=CHOSEN)
    new = _with_authors(paper(arxiv_id="2411.00001", updated=date(2026, 11, 20)))
    result = merge_readme("Intro\n", {"K": [new]}, [topic], TODAY)
    assert result.text == (
        "Intro\n\n## K\n| **Title** | **Authors** | **Date** | **PDF** |\n"
        "| --- | --- | --- | --- |\n"
        "| **[Paper 2411.00001](http://arxiv.org/abs/2411.00001v1)** | Ann, Bo | 2026-11-20 "
        "| [PDF](http://arxiv.org/pdf/2411.00001v1) |\n"
    )


def test_changing_columns_moves_every_row_and_loses_no_paper() -> None:
    old = [paper(arxiv_id=f"2401.0000{n}", updated=date(2026, 1, n)) for n in (3, 2, 1)]
    text = readme_with(*old, before="Intro\n\n", after="\nFooter\n")
    fetched = [
        _with_authors(paper(arxiv_id="2402.00001", updated=date(2026, 2, 1))),
        _with_authors(old[0]),
    ]
    topic = Topic("K", "ti:k", columns=CHOSEN)
    result = merge_readme(text, {"K": fetched}, [topic], TODAY)
    (section,) = parse_readme(result.text).sections
    assert section.table is not None and section.table.columns == CHOSEN
    assert [row.paper_id for row in section.table.rows] == [
        "2402.00001", "2401.00003", "2401.00002", "2401.00001",
    ]  # fmt: skip
    lines = result.text.splitlines()
    # A fetched paper's row is complete; an old one keeps its title and date, new cells empty.
    assert "| Ann, Bo | 2026-01-03 | [PDF](http://arxiv.org/pdf/2401.00003v1) |" in lines[6]
    assert (
        lines[7]
        == "| **[Paper 2401.00002](http://arxiv.org/abs/2401.00002v1)** |  | 2026-01-02 |  |"
    )
    assert result.text.startswith("Intro\n\n## K\n") and result.text.endswith("\nFooter\n")
    (change,) = result.changes
    assert (len(change.added), change.columns_changed) == (1, True)
    again = merge_readme(result.text, {"K": fetched}, [topic], TODAY)
    assert not again.changed
    back = merge_readme(result.text, {"K": fetched}, keyword_topics(["K"], 100), TODAY)
    assert table_ids(back.text, "K") == table_ids(result.text, "K")
    assert "Abstract." in back.text.splitlines()[5]


def test_a_section_whose_fetch_failed_keeps_its_columns_until_it_succeeds() -> None:
    text = readme_with(paper(arxiv_id="2401.00001", updated=date(2026, 1, 1)))
    topic = Topic("K", "ti:k", columns=CHOSEN)
    assert not merge_readme(text, {}, [topic], TODAY).changed


def test_a_file_without_a_final_newline_keeps_that() -> None:
    text = readme_with(paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))).rstrip("\n")
    new = paper(arxiv_id="2401.00002", updated=date(2026, 1, 2))
    result = merge_readme(text, {"K": [new]}, keyword_topics(["K"], 100), TODAY)
    assert result.text.endswith(render_row(paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))))
    assert table_ids(result.text, "K") == [("2401.00002", 1), ("2401.00001", 1)]
    more = merge_readme(text, {"L": [new]}, keyword_topics(["K", "L"], 100), TODAY)
    assert more.text.endswith(render_row(new))


BROKEN_ROW = (
    "| **[Tabular $Y|X$-Shifts](http://arxiv.org/abs/2410.07395v1)** | 2024-10-09 "
    "| <details><summary>Show</summary><p>Shifts.</p></details> |  |"
)


@pytest.mark.parametrize(
    "row",
    [
        BROKEN_ROW,
        BROKEN_ROW.replace(
            "http://arxiv.org/abs/2410.07395v1", "https://arxiv.org/pdf/2410.07395v1"
        ),
        BROKEN_ROW.replace("2410.07395v1)", "2410.07395v1.pdf)").replace("Y|X", "YX"),
        BROKEN_ROW.replace("2410.07395v1)", "2410.07395v1/)").replace("Y|X", "YX"),
        '| <a href="https://arxiv.org/abs/2410.07395v1">Tabular shifts</a> | 2024-10-09 | x |  |',
    ],
    ids=["raw pipe", "pdf link", ".pdf", "trailing slash", "a href"],
)
def test_rows_written_by_others_are_recognised_never_doubled(row: str) -> None:
    text = f"## K\n{HEADER}{row}\n"
    same = paper(arxiv_id="2410.07395", updated=date(2024, 10, 9), title="Tabular $Y|X$-Shifts")
    kept = merge_readme(text, {"K": [same]}, keyword_topics(["K"], 100), TODAY)
    assert kept.text == text and not kept.papers_changed  # kept as the user has it
    newer = replace(same, version=2, updated=date(2024, 11, 1))
    result = merge_readme(text, {"K": [newer]}, keyword_topics(["K"], 100), TODAY)
    assert table_ids(result.text, "K") == [("2410.07395", 2)]
    assert result.text == f"## K\n{HEADER}{render_row(newer)}\n"  # ours is whole


# Hand-edited READMEs that used to break (docs/reliability.md).


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"# Papers\n\n> ## K\n> {HEADER.replace(chr(10), chr(10) + '> ')}\n", 3),
        (f"# Papers\n\n- ## K\n\n  {HEADER.replace(chr(10), chr(10) + '  ')}\n", 3),
        (f"# Papers\n\n<div>\n<h2>K</h2>\n</div>\n\n{HEADER}", 4),
        (f"# Papers\n<!-- not closed\n\n## K\n{HEADER}", 4),
    ],
    ids=["in a quote", "in a list item", "an HTML h2", "in an unclosed comment"],
)
def test_a_heading_the_run_cannot_write_under_stops_the_run_instead_of_doubling(
    text: str, line: int
) -> None:
    new = paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))
    with pytest.raises(ReadmeFormatError) as raised:
        merge_readme(text, {"K": [new]}, keyword_topics(["K"], 100), TODAY)
    assert raised.value.line == line
    assert "stands inside a quote, a list or HTML" in str(raised.value)


def test_a_byte_order_mark_before_the_first_heading_hides_no_section() -> None:
    old = paper(arxiv_id="2401.00001", updated=date(2026, 1, 1))
    text = "\ufeff" + readme_with(old)
    new = paper(arxiv_id="2401.00002", updated=date(2026, 1, 2))
    result = merge_readme(text, {"K": [new, old]}, keyword_topics(["K"], 100), TODAY)
    assert result.text == "\ufeff" + readme_with(new, old)
    assert [section.heading for section in parse_readme(result.text).sections] == ["K"]


def test_only_the_visible_last_update_line_is_the_runs() -> None:
    hidden = "```\nLast update: 2020-01-01\n```\n\n<!--\nLast update: 2020-01-02\n-->\n\n"
    text = hidden + "Last update: 2020-01-03\n\n" + readme_with()
    result = merge_readme(text, {"K": []}, keyword_topics(["K"], 100), TODAY)
    assert result.text == text.replace("2020-01-03", TODAY.isoformat())


def test_a_header_that_lost_a_column_stops_the_run_before_a_cell_is_lost() -> None:
    rows = [paper(arxiv_id=f"2401.0000{n}", updated=date(2026, 1, n)) for n in (2, 1)]
    head = "| **Title** | **Date** | **Abstract** |\n| --- | --- | --- |\n"
    text = "## K\n" + head + "".join(render_row(p) + "\n" for p in rows)
    with pytest.raises(ReadmeFormatError, match="restore the missing column") as raised:
        merge_readme(text, {"K": rows}, keyword_topics(["K"], 100), TODAY)
    assert raised.value.line == 2


def test_rows_the_run_does_not_change_keep_their_own_line_endings() -> None:
    old = [paper(arxiv_id=f"2401.0000{n}", updated=date(2026, 1, n)) for n in (3, 2, 1)]
    text = f"## K\r\n{HEADER.replace(chr(10), chr(13) + chr(10))}" + (
        f"{render_row(old[0])}\r\n{render_row(old[1])}\n{render_row(old[2])}\r\n"
    )
    new = paper(arxiv_id="2401.00004", updated=date(2026, 1, 4))
    result = merge_readme(text, {"K": [new, *old]}, keyword_topics(["K"], 100), TODAY)
    assert result.text == text.replace("| --- |\r\n", f"| --- |\r\n{render_row(new)}\r\n", 1)
