"""The code repository a paper links, for the ``Code`` column.

Authors name their code in the abstract or the comment, as a URL on one of the forges that host
research code. The first such URL, abstract first, is the paper's repository, normalised to its
``owner/name`` (or, on Hugging Face, the model, dataset or space) and shown as a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dailypapers.domain.paper import Paper

FORGES = ("github.com", "gitlab.com", "huggingface.co", "codeberg.org", "bitbucket.org")
# Pages on a forge that are not a repository, although their path has two parts.
_NOT_OWNERS = frozenset(
    {"about", "blog", "collections", "docs", "features", "login", "marketplace", "orgs",
     "papers", "pricing", "settings", "sponsors", "topics", "users"}
)  # fmt: skip
_URL = re.compile(
    r"https?://(?:www\.)?(?P<forge>" + "|".join(map(re.escape, FORGES)) + r")/"
    r"(?P<kind>(?:datasets|spaces)/)?"
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9_.-]*)/(?P<name>[A-Za-z0-9][A-Za-z0-9_.-]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Repository:
    """A repository as the Code column shows it: ``[name](url)``."""

    name: str
    url: str


def paper_repository(paper: Paper) -> Repository | None:
    """The first repository the abstract, else the comment, links; None when neither does."""
    for text in (paper.abstract, paper.comment):
        for match in _URL.finditer(text):
            found = _repository(match)
            if found is not None:
                return found
    return None


def _repository(match: re.Match[str]) -> Repository | None:
    owner = match["owner"]
    # A sentence's full stop, or a clone URL's ".git", ends the name but is not part of it.
    name = re.sub(r"(?:\.git)?\.*$", "", match["name"], flags=re.IGNORECASE)
    if not name or (match["kind"] is None and owner.casefold() in _NOT_OWNERS):
        return None
    kind = (match["kind"] or "").casefold()
    forge = match["forge"].casefold()
    return Repository(f"{owner}/{name}", f"https://{forge}/{kind}{owner}/{name}")
