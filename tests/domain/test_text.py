"""The plain-text rules the parts share: a text's size is its UTF-8 bytes."""

from __future__ import annotations

from dailypapers.domain.text import utf8_size


def test_a_texts_size_counts_its_utf8_bytes_not_its_characters() -> None:
    assert utf8_size("") == 0
    assert utf8_size("Last update") == 11
    assert utf8_size("é […]") == 8
