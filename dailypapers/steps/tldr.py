"""The run's TL;DR step: the papers a merge gains summarised, and, with
``summary-rates-relevance``, rated in the same requests against the owner's interests and seed
papers.

The option is checked with the sections, before any request: it needs a section with seeds. The
model is given the interest sentences and the seed papers' titles of every seeded section (each
once), and rates how close each paper is to them; a paper that has a lexical score (its section
has seeds) then shows, stores and is ordered by the model's rating instead, wherever the TL;DR
goes: the README's rows, the papers file, the feeds and the digest. ``min-relevance`` has
already compared the lexical score by then: it decides which papers reach the merge, and so the
model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.interfaces import NO_TLDRS, Tldrs, TldrWriter
from dailypapers.domain.section import Section
from dailypapers.domain.settings import TldrSettings
from dailypapers.readme.merge import Selection
from dailypapers.relevance.seeds import Seeds


def check_rating_seeds(settings: TldrSettings, sections: Sequence[Section]) -> None:
    """ConfigError when the model is to rate relevance and no section has seeds to rate
    against."""
    if settings.rates_relevance and not any(section.seeds.given for section in sections):
        raise ConfigError(
            [
                "summary-rates-relevance: the model rates papers against seeds, and no section "
                "has any; give seed-papers, seed-bibtex or interests (or a section's own in the "
                "config file), or set summary-rates-relevance to false"
            ]
        )


def rating_interests(settings: TldrSettings, seeds: Mapping[str, Seeds]) -> str:
    """What the model rates papers against, one item a line: every seeded section's interest
    sentences, then its seed papers' titles, each once; empty when it rates nothing."""
    if not settings.rates_relevance:
        return ""
    sentences = (f"- {sentence}" for each in seeds.values() for sentence in each.interests)
    titles = (f"- {paper.title}" for each in seeds.values() for paper in each.papers)
    return "\n".join(dict.fromkeys(line for line in (*sentences, *titles) if line != "- "))


def write_tldrs(
    selection: Selection, writer: TldrWriter, log: Callable[[str], None], interests: str = ""
) -> Tldrs:
    """The TL;DRs (and, when ``interests`` are given, the model's ratings) of the papers the
    merge gains, each once however many sections gain it, and why some got none."""
    gained = selection.gained
    if not gained:
        return NO_TLDRS
    rated = " and relevance ratings" if interests else ""
    log(f"Writing the TL;DRs{rated} of {len(gained)} new papers")
    return writer(gained, interests)
