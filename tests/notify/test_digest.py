from dataclasses import replace
from datetime import date

from dailypapers.domain.change import SectionChange
from dailypapers.domain.interfaces import Digest
from dailypapers.domain.paper import Paper
from dailypapers.notify.digest import BODY_LIMIT, render_digest
from tests.factories import TODAY, paper

README_URL = "https://github.com/octo/papers/blob/HEAD/README.md"


def _paper(arxiv_id: str, title: str = "T", version: int = 1, authors: int = 2) -> Paper:
    """A paper of 2026-11-22 with ``authors`` numbered authors."""
    names = tuple(f"Author {n}" for n in range(authors))
    return paper(
        arxiv_id=arxiv_id, version=version, title=title, updated=date(2026, 11, 22), authors=names
    )


def test_nothing_new_is_no_digest() -> None:
    assert render_digest([], TODAY, README_URL) is None
    unchanged = SectionChange("K", dropped=2)
    assert render_digest([unchanged], TODAY, README_URL) is None


def test_the_digest_lists_only_new_papers_by_section_with_the_date_in_its_title() -> None:
    changes = [
        SectionChange("Diffusion", added=(_paper("2411.00001", "A <b>|c</b>", authors=5),)),
        SectionChange("Quiet", dropped=1),
        SectionChange(
            "GNN", added=(_paper("2411.00002"),), updated=(_paper("2401.00001", version=3),)
        ),
    ]
    assert render_digest(changes, TODAY, README_URL) == Digest(
        "New arXiv papers 2026-11-24",
        f"3 new or updated papers in [the README]({README_URL}), by section.\n"
        "\n### Diffusion (1)\n\n"
        "- **[A &lt;b>\\|c&lt;/b>](http://arxiv.org/abs/2411.00001v1)** by Author 0, "
        "Author 1, Author 2 et al. (2026-11-22)\n"
        "\n### GNN (2)\n\n"
        "- **[T](http://arxiv.org/abs/2411.00002v1)** by Author 0, Author 1 (2026-11-22)\n"
        "- **[T](http://arxiv.org/abs/2401.00001v3)** by Author 0, Author 1 "
        "(2026-11-22, version 3)\n",
        (("Diffusion", changes[0].added), ("GNN", (*changes[2].added, *changes[2].updated))),
        README_URL,
    )


def test_a_list_too_long_for_github_is_cut_with_a_link_to_the_readme() -> None:
    papers = tuple(_paper(f"2411.{n:05d}", "x" * 200) for n in range(2000))
    digest = render_digest([SectionChange("K", added=papers)], TODAY, README_URL)
    assert digest is not None
    assert len(digest.body) <= BODY_LIMIT
    listed = digest.body.count("\n- ")
    assert 0 < listed < 2000
    assert digest.body.endswith(f"... and {2000 - listed} more: see [the README]({README_URL}).\n")


def test_an_author_named_like_a_mention_pings_nobody() -> None:
    named = replace(_paper("2411.00001"), authors=("@octocat", "Ada"), title="On @mentions")
    digest = render_digest([SectionChange("K", added=(named,))], TODAY, README_URL)
    assert digest is not None
    assert "@\u200boctocat" in digest.body and "On @\u200bmentions" in digest.body
    assert "@octocat" not in digest.body
