"""What the merge's cases (tests/readme/test_merge_cases.py, data under tests/fixtures/merge)
cannot say: properties of the merge's parts, called on their own."""

from datetime import date

from dailypapers.config.section import keyword_section
from dailypapers.readme.selection import newest_versions, select_rows
from tests.factories import paper


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
    entries, change = select_rows(keyword_section("K"), (), papers)
    assert len(entries) == 2
    assert len(change.added) == 2
    assert change.heading == "K"
