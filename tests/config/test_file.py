"""The config file: a full example read into sections, and each mistake named by line and key."""

import pytest

from dailypapers.config.file import parse_config_file
from dailypapers.domain.arxiv import keyword_query
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import DEFAULT_COLUMNS, Section
from dailypapers.domain.settings import ConfigFile
from tests.factories import fixture_path

PATH = ".github/daily-papers.toml"


def _problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        parse_config_file(text, ConfigFile(PATH))
    return raised.value.problems


def test_the_documented_example_reads_into_its_sections() -> None:
    text = fixture_path("config/daily-papers.toml").read_text()
    assert parse_config_file(text, ConfigFile(PATH, 100, ())) == (
        Section(
            heading="Protein design",
            query='abs:"protein design" AND (cat:q-bio.BM OR cat:cs.LG) ANDNOT ti:review',
            max_papers=20,
            exclude_words=("survey", "a review"),
            columns=("Title", "Authors", "Date", "PDF", "Abstract"),
        ),
        Section(
            heading="Graph Neural Networks",
            query=keyword_query("Graph Neural Networks"),
            max_papers=50,
            categories=("cs", "stat.ML"),
            exclude_categories=("cs.CV",),
        ),
    )


def test_inputs_give_the_defaults_the_file_does_not() -> None:
    text = '[[section]]\nheading = "A"\nkeyword = "A"\ncolumns = ["title", "DATE"]\n'
    (section,) = parse_config_file(text, ConfigFile(PATH, 30, ("cs",)))
    assert (section.max_papers, section.categories, section.columns) == (
        30,
        ("cs",),
        ("Title", "Date"),
    )


def test_primary_only_and_columns_come_from_the_section_the_file_or_the_input() -> None:
    text = (
        'primary-only = true\ncolumns = ["Title", "Date", "Code"]\n'
        '[[section]]\nheading = "A"\nkeyword = "A"\n'
        '[[section]]\nheading = "B"\nkeyword = "B"\n'
        'primary-only = false\ncolumns = ["Title", "Date"]\n'
    )
    a, b = parse_config_file(text, ConfigFile(PATH))
    assert (a.primary_only, a.columns) == (True, ("Title", "Date", "Code"))
    assert (b.primary_only, b.columns) == (False, ("Title", "Date"))
    given = ConfigFile(PATH, primary_only=True, columns=("Title", "Date", "Code"))
    (c,) = parse_config_file('[[section]]\nheading = "C"\nkeyword = "C"\n', given)
    assert (c.primary_only, c.columns) == (True, ("Title", "Date", "Code"))
    (d,) = parse_config_file('[[section]]\nheading = "D"\nkeyword = "D"\n', ConfigFile(PATH))
    assert (d.primary_only, d.columns) == (False, DEFAULT_COLUMNS)


def test_keyword_match_comes_from_the_section_the_file_or_the_input() -> None:
    text = (
        'keyword-match = "title-or-abstract"\n'
        '[[section]]\nheading = "A"\nkeyword = "LLM"\n'
        '[[section]]\nheading = "B"\nkeyword = "LLM"\nkeyword-match = "title-and-abstract"\n'
        '[[section]]\nheading = "C"\nkeyword = "Graph Neural Networks"\n'
    )
    a, b, c = parse_config_file(text, ConfigFile(PATH))
    assert (a.query, b.query) == ('ti:"LLM" OR abs:"LLM"', 'ti:"LLM" AND abs:"LLM"')
    assert c.query == keyword_query("Graph Neural Networks", "title-or-abstract")
    (auto,) = parse_config_file('[[section]]\nheading = "A"\nkeyword = "LLM"\n', ConfigFile(PATH))
    assert auto.query == 'ti:"LLM" AND abs:"LLM"'
    (given,) = parse_config_file(
        '[[section]]\nheading = "A"\nkeyword = "LLM"\n',
        ConfigFile(PATH, keyword_match="title-or-abstract"),
    )
    assert given.query == 'ti:"LLM" OR abs:"LLM"'


SECTION = '[[section]]\nheading = "A"\nkeyword = "A"\n'

# Each case: the file, and the start of each problem reported (all of them, in order).
MISTAKES = [
    pytest.param("max-papers = 5\n[[section]\n", [f"{PATH}: not valid TOML: "], id="toml-syntax"),
    pytest.param("max-papers = 5\n", [f"{PATH}: no [[section]] table"], id="no-section"),
    pytest.param(
        "maxpapers = 5\n" + SECTION,
        [f"{PATH} line 1: 'maxpapers': unknown key; did you mean 'max-papers'?"],
        id="unknown-top-key",
    ),
    pytest.param(
        "[[sections]]\nheading = 'A'\n",
        [
            f"{PATH}: 'sections': unknown key; did you mean 'section'?",
            f"{PATH}: no [[section]] table",
        ],
        id="misspelled-table",
    ),
    pytest.param(
        SECTION + "\n[[section]]\nheading = 'B'\nquery = 'ti:b'\nmax-papers = '50'\n",
        [f"{PATH} line 8: [[section]] 2 'max-papers': '50' is not a whole number; write it"],
        id="quoted-number",
    ),
    pytest.param(
        '[[section]]\nheading = "A"\nquery = "ti:a"\nkeyword = "A"\n',
        [f"{PATH} line 4: [[section]] 1 'keyword': give exactly one of query"],
        id="query-and-keyword",
    ),
    pytest.param(
        '[[section]]\nkeyword = "A"\n',
        [f"{PATH} line 1: [[section]] 1: no heading; add heading"],
        id="no-heading",
    ),
    pytest.param(
        '[[section]]\nheading = "A | B"\nquery = "ti:a and ti:b"\n',
        [
            f"{PATH} line 2: [[section]] 1 'heading': 'A | B' contains '|'",
            f"{PATH} line 3: [[section]] 1 'query': 'ti:a and ti:b' has 'and'",
        ],
        id="heading-and-query",
    ),
    pytest.param(
        SECTION + 'categories = ["cs.XX"]\nexclude-words = "survey"\n',
        [
            f"{PATH} line 4: [[section]] 1 'categories': unknown arXiv category 'cs.XX'",
            f"{PATH} line 5: [[section]] 1 'exclude-words': 'survey' is not a list of strings",
        ],
        id="categories-and-words",
    ),
    pytest.param(
        SECTION + 'columns = ["Date", "Title"]\n',
        [f"{PATH} line 4: [[section]] 1 'columns': must start with Title and include Date"],
        id="columns-order",
    ),
    pytest.param(
        SECTION + 'columns = ["Title", "Date", "Citations"]\n',
        [f"{PATH} line 4: [[section]] 1 'columns': unknown column 'Citations'; choose from"],
        id="columns-unknown",
    ),
    pytest.param(
        SECTION + 'primary-only = "yes"\n',
        [f"{PATH} line 4: [[section]] 1 'primary-only': 'yes' is neither true nor false"],
        id="primary-only-not-a-boolean",
    ),
    pytest.param(
        SECTION + '\n[[section]]\nheading = "a"\nquery = "ti:a"\n',
        [f"{PATH} line 6: [[section]] 2 'heading': 'a' repeats the heading of [[section]] 1"],
        id="duplicate-heading",
    ),
    pytest.param(
        SECTION + 'keyword-match = "title"\n',
        [f"{PATH} line 4: [[section]] 1 'keyword-match': 'title' is not one of auto, "],
        id="keyword-match-unknown",
    ),
    pytest.param(
        '[[section]]\nheading = "A"\nquery = "ti:a"\nkeyword-match = "auto"\n',
        [f"{PATH} line 4: [[section]] 1 'keyword-match': applies to keyword only"],
        id="keyword-match-with-query",
    ),
    pytest.param(
        'columns = ["Title"]\n' + SECTION,
        [f"{PATH} line 1: 'columns': must start with Title and include Date"],
        id="top-level-default",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MISTAKES)
def test_each_mistake_names_its_line_and_key(text: str, expected: list[str]) -> None:
    problems = _problems(text)
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start), problem


def test_problems_carry_the_file_and_their_lines_for_annotations() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config_file('maxpapers = 1\n[[section]]\nkeyword = "A"\n', ConfigFile(PATH))
    assert (raised.value.file, raised.value.lines) == (PATH, [1, 2])
    with pytest.raises(ConfigError) as raised:
        parse_config_file("max-papers = 5\n[[section]\n", ConfigFile(PATH))
    assert raised.value.lines == [2]


@pytest.mark.parametrize(
    "query",
    [
        'abs:"protein design" AND (cat:q-bio.BM OR cat:cs.LG) ANDNOT ti:review',
        "au:del_maestro ANDNOT (ti:checkerboard OR ti:Pyrochlore)",
        'abs:(Syntactic "natural language processing")',
        "all:electron proton",
        "lastUpdatedDate:[202401010000 TO 202402010000] AND cat:cs.LG",
    ],
)
def test_queries_from_arxivs_manual_are_accepted(query: str) -> None:
    text = f"[[section]]\nheading = \"A\"\nquery = '{query}'\n"
    assert parse_config_file(text, ConfigFile(PATH))[0].query == query


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("AND ti:x", "has AND where a search term is expected"),
        ("ti:x AND", "ends early"),
        ("(ti:x", "ends early"),
        ("ti:x)", "has a ')' without its '('"),
        ("()", "has a ')' without its '('"),
        ('ti:"x', "unclosed quote"),
        ("title:x", "unknown field 'title:'"),
        ("ti:x OR OR ti:y", "has OR where a search term is expected"),
        ("", "is empty"),
    ],
)
def test_queries_arxiv_would_refuse_or_misread_are_refused(query: str, problem: str) -> None:
    (message,) = _problems(f"[[section]]\nheading = \"A\"\nquery = '{query}'\n")
    assert problem in message
