"""The ``seed-papers`` input: arXiv ids as arXiv writes them (with or without a version, with
the ``arXiv:`` prefix of citations, or as the link of the abstract or PDF), checked before any
request so that a typo is reported as such, not as a paper arXiv does not know.
"""

from __future__ import annotations

import re

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.paper import ABS_URL_PREFIX, ArxivId, parse_abs_url

_SEPARATORS = re.compile(r"[\s,]+")
_CITATION_PREFIX = re.compile(r"arxiv:", re.IGNORECASE)
_EXAMPLES = "2401.01234, 2401.01234v2, hep-th/9901001 or https://arxiv.org/abs/2401.01234"


def _seed_id(raw: str) -> ArxivId | None:
    """The id in one written seed, or None when it is not an arXiv id."""
    text = _CITATION_PREFIX.sub("", raw, count=1)
    return parse_abs_url(text if "://" in text else ABS_URL_PREFIX + text)


def parse_seed_ids(raw: str) -> tuple[ArxivId, ...]:
    """The ids of ``seed-papers``, with commas or white space between them, in the order given,
    each once (the highest version asked, or 0 when none is); ConfigError names every written
    seed that is not an arXiv id."""
    parsed = {value: _seed_id(value) for value in _SEPARATORS.split(raw) if value}
    bad = [value for value, found in parsed.items() if found is None]
    if bad:
        listed = ", ".join(f"'{value}'" for value in bad)
        verb = "is not an arXiv id" if len(bad) == 1 else "are not arXiv ids"
        raise ConfigError(f"{listed} {verb}; give ids such as {_EXAMPLES}")
    versions: dict[str, int] = {}
    for found in filter(None, parsed.values()):
        versions[found.id] = max(versions.get(found.id, 0), found.version)
    return tuple(ArxivId(arxiv_id, version) for arxiv_id, version in versions.items())
