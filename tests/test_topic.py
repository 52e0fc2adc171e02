from datetime import date

import pytest

from dailypapers.paper import Paper
from dailypapers.topic import DEFAULT_COLUMNS, Topic, keyword_query, keyword_topics


def _paper(title: str = "A title", abstract: str = "", categories: tuple[str, ...] = ()) -> Paper:
    day = date(2026, 11, 20)
    return Paper("2411.00001", 1, title, abstract, "", day, day, (), categories)


def test_keyword_query_searches_title_or_abstract_as_a_phrase() -> None:
    assert keyword_query("Graph Neural Networks") == (
        'ti:"Graph Neural Networks" OR abs:"Graph Neural Networks"'
    )


def test_keywords_become_topics_sharing_cap_and_categories() -> None:
    assert keyword_topics(["A", "B"], 7, ("cs",)) == (
        Topic("A", keyword_query("A"), 7, ("cs",)),
        Topic("B", keyword_query("B"), 7, ("cs",)),
    )
    assert Topic.from_keyword("A").columns == DEFAULT_COLUMNS


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
    topic = Topic("T", "ti:x", categories=keep, exclude_categories=exclude)
    assert topic.keeps(_paper(categories=categories)) is expected


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
    topic = Topic("T", "ti:x", exclude_words=("survey", "a review"))
    assert topic.keeps(_paper(title, abstract)) is expected
