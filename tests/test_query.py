import re

import pytest

from dailypapers.errors import InvalidValue
from dailypapers.query import check_query, keyword_query


def test_keyword_query_searches_title_or_abstract_as_a_phrase() -> None:
    assert keyword_query("Graph Neural Networks") == (
        'ti:"Graph Neural Networks" OR abs:"Graph Neural Networks"'
    )


@pytest.mark.parametrize(
    "query",
    [
        'abs:"protein design" AND (cat:q-bio.BM OR cat:cs.LG) ANDNOT ti:review',
        "lastUpdatedDate:[202611010000 TO 202611242359] AND cat:cs.LG",
        "((ti:a))",
    ],
)
def test_well_formed_queries_pass_with_white_space_folded(query: str) -> None:
    assert check_query(f"  {query}\n") == query


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("", "is empty"),
        ("ti:a AND", "ends early"),
        ("(ti:a", "ends early"),
        ("ti:a)", "')' without its '('"),
        ("ti:a ()", "')' without its '('"),
        ("AND ti:a", "where a search term is expected"),
        ("ti:a and ti:b", "only in capitals"),
        ("title:a", "unknown field 'title:'"),
        ('ti:"a', "unclosed quote or bracket"),
    ],
)
def test_malformed_queries_say_what_is_wrong(query: str, fragment: str) -> None:
    with pytest.raises(InvalidValue, match=re.escape(fragment)):
        check_query(query)
