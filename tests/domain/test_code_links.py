"""The Code column's repository, from abstracts and comments as arXiv authors write them.

The texts below are from real rows of DailyArXiv's README (tests/fixtures/dailyarxiv/SOURCE.md).
"""

import pytest

from dailypapers.domain.code_links import Repository, paper_repository
from tests.factories import paper


@pytest.mark.parametrize(
    ("abstract", "name", "url"),
    [
        (
            "Github repo: https://github.com/reaslab/ReasFlow.git.",
            "reaslab/ReasFlow",
            "https://github.com/reaslab/ReasFlow",
        ),
        (
            r"The code is publicly available at: \url{https://github.com/xichennn/V2I_trajectory_prediction}.",
            "xichennn/V2I_trajectory_prediction",
            "https://github.com/xichennn/V2I_trajectory_prediction",
        ),
        (
            "A prototype of the platform is available at https://huggingface.co/spaces/DAG-UPB/TS-Arena.",
            "DAG-UPB/TS-Arena",
            "https://huggingface.co/spaces/DAG-UPB/TS-Arena",
        ),
        (
            "All algorithms can be downloaded from https://github.com/wuc567/Pattern-Mining/tree/master/OPF-Miner.",
            "wuc567/Pattern-Mining",
            "https://github.com/wuc567/Pattern-Mining",
        ),
        (
            "See http://www.GitLab.com/group/tool and https://github.com/a/b",
            "group/tool",
            "https://gitlab.com/group/tool",
        ),
        ("Weights: https://huggingface.co/simonlqy/SkillGate-9B", "simonlqy/SkillGate-9B", None),
        ("Code: https://codeberg.org/x/y, data elsewhere.", "x/y", None),
        ("Code: https://bitbucket.org/x/y-z.", "x/y-z", None),
    ],
)
def test_the_first_repository_linked_is_the_papers_code(
    abstract: str, name: str, url: str | None
) -> None:
    found = paper_repository(paper(abstract=abstract))
    assert found is not None
    assert found.name == name
    assert found.url == (url or f"https://{abstract.split('://')[1].split('/')[0]}/{name}")


@pytest.mark.parametrize(
    "abstract",
    [
        "Project page: https://worldcanvas.github.io/ and https://xulongt.github.io/x/",
        "See https://github.com/orgs/acme and https://github.com/sponsors/someone.",
        "See https://huggingface.co/papers/2401.00001 for discussion.",
        "Only a user: https://github.com/octocat",
        "No link at all, only github.com in words.",
    ],
)
def test_pages_that_are_not_a_repository_are_not_code(abstract: str) -> None:
    assert paper_repository(paper(abstract=abstract)) is None


def test_the_abstract_comes_before_the_comment() -> None:
    both = paper(abstract="Code: https://github.com/a/one", comment="https://github.com/b/two")
    assert paper_repository(both) == Repository("a/one", "https://github.com/a/one")
    in_comment = paper(
        comment="83 pages, 6 figures, 1 table. Software available at "
        "https://github.com/vortico/flama, up-to-date"
    )
    assert paper_repository(in_comment) == Repository(
        "vortico/flama", "https://github.com/vortico/flama"
    )
