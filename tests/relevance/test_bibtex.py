"""Seeds from BibTeX as Zotero, JabRef, Mendeley and Paperpile export it: what is read, and the
errors that say what to fix before any request is made."""

from __future__ import annotations

import pytest

from dailypapers.domain.errors import ConfigError
from dailypapers.domain.section import SeedText
from dailypapers.relevance.bibtex import bibtex_seeds
from tests.factories import fixture_path


def _read(name: str) -> tuple[SeedText, ...]:
    """A fixture's seeds, as the run reads them: its text, named by its path."""
    return bibtex_seeds(fixture_path(f"relevance/{name}").read_text(), f"'{name}'")


def _titles(name: str) -> list[str]:
    return [seed.title for seed in _read(name)]


def test_zotero_export_braces_accents_and_an_untitled_note() -> None:
    seeds = _read("zotero.bib")
    assert [seed.title for seed in seeds] == [
        "Temporal Fusion Transformers for Interpretable Multi-horizon Time Series Forecasting",
        "Informer: Beyond Efficient Transformer for Long Sequence Time-Series Forecasting",
    ]
    assert seeds[0].abstract.startswith("Multi-horizon forecasting often contains a complex mix")
    assert "inputs \u2013 including static covariates" in seeds[0].abstract  # {\textendash}
    assert "{" not in seeds[0].abstract + seeds[1].abstract


def test_jabref_export_with_string_macros_and_its_own_comment_blocks() -> None:
    assert _titles("jabref.bib") == [
        "A Comprehensive Survey on Graph Neural Networks",
        "Graph Attention Networks",
    ]


def test_mendeley_export_with_double_braced_titles_and_a_preamble_of_prose() -> None:
    assert _titles("mendeley.bib") == [
        "Social LSTM: Human Trajectory Prediction in Crowded Spaces",
        "Social GAN: Socially Acceptable Trajectories with Generative Adversarial Networks",
    ]


def test_paperpile_export_with_quoted_values_over_several_lines() -> None:
    seeds = _read("paperpile.bib")
    assert seeds == (
        SeedText(
            "Semi-Supervised Classification with Graph Convolutional Networks",
            "We present a scalable approach for semi-supervised learning on graph-structured "
            "data that is based on an efficient variant of convolutional neural networks which "
            "operate directly on graphs.",
        ),
        SeedText("Inductive Representation Learning on Large Graphs", ""),
    )


@pytest.mark.parametrize(
    ("latex", "plain"),
    [(r"M{\"u}ller", "Müller"), (r"Schr\"odinger", "Schrödinger"), (r"{\'E}cole", "École"),
     (r"50\% \& more", "50% & more"), ("{{GNN}s} for {PDE}s", "GNNs for PDEs")],
)  # fmt: skip
def test_latex_accents_escapes_and_braces_become_plain_text(latex: str, plain: str) -> None:
    assert bibtex_seeds(f"@article{{k, title = {{{latex}}}}}") == (SeedText(plain, ""),)


def test_latex_the_decoder_fails_on_keeps_the_entry_as_it_was_read() -> None:
    text = (
        "@article{k, title = {Trajectory computing: a survey},\n"
        "  abstract = {Resources at \\href{https://github.com/x/y}{DL4Traj Repo}.}}"
    )
    assert bibtex_seeds(text) == (
        SeedText(
            "Trajectory computing: a survey",
            "Resources at \\href{https://github.com/x/y}{DL4Traj Repo}.",
        ),
    )


def test_a_repeated_key_keeps_both_papers_and_a_repeated_entry_counts_once() -> None:
    text = (
        "@article{lim2020, title = {Temporal fusion transformers}}\n"
        "@article{lim2020, title = {Time series forecasting with deep learning}}\n"
        "@misc{again, title = {Temporal fusion transformers}}\n"
    )
    assert [seed.title for seed in bibtex_seeds(text)] == [
        "Temporal fusion transformers",
        "Time series forecasting with deep learning",
    ]


def test_field_names_in_any_case() -> None:
    seeds = bibtex_seeds("@ARTICLE{k, TITLE = {Graphs}, Abstract = {On graphs.}}")
    assert seeds == (SeedText("Graphs", "On graphs."),)


def test_no_entry_with_a_title_says_what_was_found_and_how_to_export() -> None:
    with pytest.raises(ConfigError) as raised:
        _read("no-titles.bib")
    message = str(raised.value)
    assert "no-titles.bib' holds no entry with a title" in message
    assert "2 entries without a title, 1 block that is not BibTeX" in message
    assert "export the references from Zotero, Mendeley, JabRef or Paperpile" in message


def test_text_that_is_not_bibtex_at_all() -> None:
    with pytest.raises(ConfigError, match=r"no entry such as @article\{key, title = \{\.\.\.\}\}"):
        bibtex_seeds("# My reading list\n\n- Attention is all you need\n")
