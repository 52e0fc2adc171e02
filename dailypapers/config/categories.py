"""arXiv's category taxonomy: which archive and category names a filter may use.

Kept as data so that a misspelt category is refused before any request, instead of silently
matching nothing (see https://arxiv.org/category_taxonomy).
"""

from __future__ import annotations

ARCHIVE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "astro-ph": ("CO", "EP", "GA", "HE", "IM", "SR"),
    "cond-mat": (
        "dis-nn", "mes-hall", "mtrl-sci", "other", "quant-gas", "soft", "stat-mech", "str-el",
        "supr-con",
    ),
    "cs": (
        "AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS", "ET",
        "FL", "GL", "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA", "NE", "NI",
        "OH", "OS", "PF", "PL", "RO", "SC", "SD", "SE", "SI", "SY",
    ),
    "econ": ("EM", "GN", "TH"),
    "eess": ("AS", "IV", "SP", "SY"),
    "gr-qc": (),
    "hep-ex": (),
    "hep-lat": (),
    "hep-ph": (),
    "hep-th": (),
    "math": (
        "AC", "AG", "AP", "AT", "CA", "CO", "CT", "CV", "DG", "DS", "FA", "GM", "GN", "GR", "GT",
        "HO", "IT", "KT", "LO", "MG", "MP", "NA", "NT", "OA", "OC", "PR", "QA", "RA", "RT", "SG",
        "SP", "ST",
    ),
    "math-ph": (),
    "nlin": ("AO", "CD", "CG", "PS", "SI"),
    "nucl-ex": (),
    "nucl-th": (),
    "physics": (
        "acc-ph", "ao-ph", "app-ph", "atm-clus", "atom-ph", "bio-ph", "chem-ph", "class-ph",
        "comp-ph", "data-an", "ed-ph", "flu-dyn", "gen-ph", "geo-ph", "hist-ph", "ins-det",
        "med-ph", "optics", "plasm-ph", "pop-ph", "soc-ph", "space-ph",
    ),
    "q-bio": ("BM", "CB", "GN", "MN", "NC", "OT", "PE", "QM", "SC", "TO"),
    "q-fin": ("CP", "EC", "GN", "MF", "PM", "PR", "RM", "ST", "TR"),
    "quant-ph": (),
    "stat": ("AP", "CO", "ME", "ML", "OT", "TH"),
}  # fmt: skip
KNOWN_CATEGORIES = frozenset(ARCHIVE_SUBJECTS) | frozenset(
    f"{archive}.{subject}" for archive, subjects in ARCHIVE_SUBJECTS.items() for subject in subjects
)


def unknown_categories(names: tuple[str, ...]) -> list[str]:
    """Those of ``names`` that are neither an archive nor a category of arXiv's taxonomy."""
    return [name for name in names if name not in KNOWN_CATEGORIES]
