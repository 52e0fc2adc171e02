import pytest

from dailypapers.domain.paper import ArxivId, Paper, in_categories, parse_abs_url
from tests.factories import paper


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://arxiv.org/abs/2403.04197v4", ArxivId("2403.04197", 4)),
        ("https://arxiv.org/abs/2504.04770v1", ArxivId("2504.04770", 1)),
        ("https://arxiv.org/abs/0704.0001", ArxivId("0704.0001", 0)),
        ("http://arxiv.org/abs/quant-ph/0201082v1", ArxivId("quant-ph/0201082", 1)),
        ("http://arxiv.org/abs/math.GT/0309136v2", ArxivId("math.GT/0309136", 2)),
        ("http://arxiv.org/abs/cond-mat/0102536", ArxivId("cond-mat/0102536", 0)),
        ("https://export.arxiv.org/abs/2101.00001v12", ArxivId("2101.00001", 12)),
        # Links people write by hand, and the origin's odd days, name the paper too.
        ("http://arxiv.org/pdf/2403.04197v4", ArxivId("2403.04197", 4)),
        ("https://arxiv.org/pdf/2403.04197v4.pdf", ArxivId("2403.04197", 4)),
        ("https://arxiv.org/abs/2403.04197v4/", ArxivId("2403.04197", 4)),
        ("https://www.arxiv.org/pdf/quant-ph/0201082", ArxivId("quant-ph/0201082", 0)),
    ],
)
def test_parse_abs_url_reads_new_and_old_style_ids(url: str, expected: ArxivId) -> None:
    assert parse_abs_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/abs/2403.04197v4",
        "http://arxiv.org/html/2403.04197v4",
        "http://arxiv.org/abs/2403.04197v4.pdf.zip",
        "http://arxiv.org/abs/2403.04197v4extra",
        "http://arxiv.org/abs/abc",
        "",
    ],
)
def test_parse_abs_url_rejects_other_links(url: str) -> None:
    assert parse_abs_url(url) is None


def test_url_is_the_versioned_abstract_page() -> None:
    assert paper(arxiv_id="2401.00001", version=2).url == "http://arxiv.org/abs/2401.00001v2"


@pytest.mark.parametrize(
    ("categories", "wanted", "kept"),
    [
        (("cs.LG", "stat.ML"), (), True),
        (("cs.LG",), ("cs",), True),
        (("stat.ML", "cs.LG"), ("eess.IV", "cs"), True),
        (("eess.IV",), ("eess.IV",), True),
        (("eess.SP",), ("eess.IV",), False),
        (("math-ph",), ("math",), False),
        (("math.MP",), ("math",), True),
        (("hep-th",), ("hep-th",), True),
        ((), ("cs",), False),
    ],
)
def test_in_categories_matches_archives_and_categories(
    categories: tuple[str, ...], wanted: tuple[str, ...], kept: bool
) -> None:
    assert in_categories(categories, wanted) is kept


def test_a_json_record_reads_back_into_the_same_paper() -> None:
    record = paper(
        version=2,
        comment="c",
        authors=("Ada",),
        categories=("cs.LG", "stat.ML"),
        primary_category="stat.ML",
        link="https://arxiv.org/abs/2411.00001v2",
    )
    assert Paper.from_json(record.to_json()) == record
    older = {key: value for key, value in record.to_json().items() if key != "primary_category"}
    assert Paper.from_json(older).primary_category == ""
    with pytest.raises(TypeError):
        Paper.from_json({**record.to_json(), "published": None})
