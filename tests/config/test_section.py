import pytest

from dailypapers.arxiv.feed import parse_feed
from dailypapers.config.section import keyword_section, keyword_sections
from dailypapers.domain.arxiv import keyword_query
from dailypapers.domain.section import DEFAULT_COLUMNS, Section, first_repeats, heading_key
from tests.factories import paper, recorded_feed


def test_headings_are_compared_ignoring_case() -> None:
    assert heading_key("Graph Neural Networks") == heading_key("graph neural NETWORKS")
    assert heading_key("Straße") == heading_key("STRASSE")
    assert heading_key("LLM") != heading_key("LLMs")


def test_first_repeats_name_each_repeat_and_the_heading_it_repeats() -> None:
    assert first_repeats(["A", "b", "a", "B", "A", "c"]) == [(2, 0), (3, 1), (4, 0)]
    assert first_repeats(["A", "B"]) == []


def test_keywords_become_sections_sharing_cap_and_categories() -> None:
    assert keyword_sections(["A", "B"], 7, ("cs",)) == (
        Section("A", keyword_query("A"), 7, ("cs",)),
        Section("B", keyword_query("B"), 7, ("cs",)),
    )
    assert keyword_section("A").columns == DEFAULT_COLUMNS


@pytest.mark.parametrize(
    ("categories", "keep", "exclude", "expected"),
    [
        (("cs.LG",), (), (), True),
        (("cs.LG",), ("cs",), (), True),
        (("stat.ML",), ("cs",), (), False),
        (("cs.LG", "cs.CV"), (), ("cs.CV",), False),
        (("cs.LG", "cs.CV"), ("cs",), ("eess",), True),
        (("math-ph",), (), ("math",), True),
    ],
)
def test_categories_kept_and_excluded(
    categories: tuple[str, ...], keep: tuple[str, ...], exclude: tuple[str, ...], expected: bool
) -> None:
    section = Section("T", "ti:x", categories=keep, exclude_categories=exclude)
    assert (section.dropped_by(paper(categories=categories)) is None) is expected


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        ("A Survey of Diffusion", "", False),
        ("Diffusion", "This SURVEY covers", False),
        ("Surveyed diffusion", "", True),
        ("Resurvey", "", True),
        ("Diffusion", "we write a\n  review of it", False),
        ("Diffusion", "a reviewer said", True),
        ("Diffusion (survey)", "", False),
    ],
)
def test_excluded_words_match_whole_words_ignoring_case(
    title: str, abstract: str, expected: bool
) -> None:
    section = Section("T", "ti:x", exclude_words=("survey", "a review"))
    assert (section.dropped_by(paper(title=title, abstract=abstract)) is None) is expected


def test_primary_only_leaves_out_a_recorded_cross_list() -> None:
    # The first entry of the recorded answer is filed under cs.SE and cross-listed to cs.LG.
    cross_listed = parse_feed(recorded_feed("q_testing.xml")).papers[0]
    assert (cross_listed.primary_category, cross_listed.categories) == ("cs.SE", ("cs.SE", "cs.LG"))
    assert Section("T", "ti:x", categories=("cs.LG",)).dropped_by(cross_listed) is None
    primary_only = Section("T", "ti:x", categories=("cs.LG",), primary_only=True)
    assert primary_only.dropped_by(cross_listed) == "primary-only"
    for wanted in ("cs.SE", "cs"):
        section = Section("T", "ti:x", categories=(wanted,), primary_only=True)
        assert section.dropped_by(cross_listed) is None


def test_primary_only_without_a_recorded_primary_reads_the_first_category() -> None:
    section = Section("T", "ti:x", categories=("cs.LG",), primary_only=True)
    assert section.dropped_by(paper(categories=("cs.LG", "stat.ML"))) is None
    assert section.dropped_by(paper(categories=("stat.ML", "cs.LG"))) is not None
    assert section.dropped_by(paper(categories=())) is not None
    assert (
        Section("T", "ti:x", primary_only=True).dropped_by(paper(categories=("stat.ML", "cs.LG")))
        is None
    )


def test_each_paper_is_dropped_by_the_first_filter_it_fails() -> None:
    section = Section(
        "T",
        "ti:x",
        categories=("cs",),
        primary_only=True,
        exclude_categories=("cs.CV",),
        exclude_words=("survey",),
    )
    cases = {
        "categories": paper(categories=("stat.ML",), title="A survey"),
        "primary-only": paper(categories=("stat.ML", "cs.LG"), primary_category="stat.ML"),
        "exclude-categories": paper(categories=("cs.LG", "cs.CV"), title="A survey"),
        "exclude-words": paper(categories=("cs.LG",), title="A Survey of X"),
    }
    assert {name: section.dropped_by(found) for name, found in cases.items()} == {
        name: name for name in cases
    }
    assert section.dropped_by(paper(categories=("cs.LG",))) is None
