"""The seed-papers input's arXiv ids, in every way arXiv writes them, and the error that names
every one that is not an id."""

from __future__ import annotations

import pytest

from dailypapers.config.seed_ids import parse_seed_ids
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.paper import ArxivId


def test_seed_ids_in_every_way_arxiv_writes_them() -> None:
    written = (
        "2401.01234, arXiv:2401.01234v3\nhep-th/9901001  math.GT/0309136 "
        "https://arxiv.org/abs/2312.00001v2 http://arxiv.org/pdf/0704.0001.pdf"
    )
    assert parse_seed_ids(written) == (
        ArxivId("2401.01234", 3),
        ArxivId("hep-th/9901001", 0),
        ArxivId("math.GT/0309136", 0),
        ArxivId("2312.00001", 2),
        ArxivId("0704.0001", 0),
    )
    assert parse_seed_ids(" 2401.01234 \n\n") == (ArxivId("2401.01234", 0),)
    assert parse_seed_ids("") == ()


def test_every_bad_seed_id_is_named_with_examples_of_good_ones() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_seed_ids("2401.01234\n2401.1x\nattention-is-all-you-need\n10.1145/123")
    message = str(raised.value)
    assert message.startswith(
        "'2401.1x', 'attention-is-all-you-need', '10.1145/123' are not arXiv ids; give ids such as"
    )
    assert "hep-th/9901001" in message
    with pytest.raises(ConfigError, match=r"^'2401\.123456' is not an arXiv id;"):
        parse_seed_ids("2401.123456")
