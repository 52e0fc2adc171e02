import re

import pytest

from dailypapers.domain.arxiv import check_query, keyword_query
from dailypapers.domain.errors import ConfigError


@pytest.mark.parametrize(
    ("keyword", "match", "query"),
    [
        (
            "Graph Neural Networks",
            "auto",
            'ti:"Graph Neural Networks" OR abs:"Graph Neural Networks"',
        ),
        ("LLM", "auto", 'ti:"LLM" AND abs:"LLM"'),
        ("  LLM ", "auto", 'ti:"  LLM " AND abs:"  LLM "'),
        ("LLM", "title-or-abstract", 'ti:"LLM" OR abs:"LLM"'),
        (
            "Graph Neural Networks",
            "title-and-abstract",
            'ti:"Graph Neural Networks" AND abs:"Graph Neural Networks"',
        ),
    ],
)
def test_keyword_match_decides_where_the_phrase_must_stand(
    keyword: str, match: str, query: str
) -> None:
    assert keyword_query(keyword, match) == query
    assert keyword_query("LLM") == keyword_query("LLM", "auto")


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
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        check_query(query)
