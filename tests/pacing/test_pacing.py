"""Pacing requests: the pacer's turns on a clock that never sleeps, and the waits that an API's
rate-limit headers ask for."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from dailypapers.pacing.hints import reset_seconds, retry_after_seconds
from dailypapers.pacing.pacer import Pacer
from tests.factories import FakeClock


def test_the_first_request_goes_at_once_and_the_next_ones_an_interval_apart(
    clock: FakeClock,
) -> None:
    pacer = Pacer(3.0, clock, clock.sleep)
    pacer.wait_for_turn()
    pacer.wait_for_turn()
    clock.now += 1.0  # a second of other work counts towards the interval
    pacer.wait_for_turn()
    clock.now += 5.0  # longer than the interval: no wait
    pacer.wait_for_turn()
    assert clock.sleeps == [3.0, 2.0]


def test_a_hold_delays_the_next_request_and_covers_the_interval(clock: FakeClock) -> None:
    pacer = Pacer(3.0, clock, clock.sleep)
    pacer.wait_for_turn()
    pacer.hold(17.0)
    assert pacer.next_turn() == clock.now + 17.0
    pacer.wait_for_turn()
    assert clock.sleeps == [17.0]


def test_a_shorter_hold_never_shortens_a_longer_one(clock: FakeClock) -> None:
    pacer = Pacer(0.0, clock, clock.sleep)
    pacer.hold(30.0)
    pacer.hold(5.0)
    pacer.wait_for_turn()
    assert clock.sleeps == [30.0]


def test_the_next_turn_is_known_without_waiting(clock: FakeClock) -> None:
    pacer = Pacer(1.0, clock, clock.sleep)
    assert pacer.next_turn() == clock.now
    pacer.wait_for_turn()
    assert pacer.next_turn() == clock.now + 1.0
    assert clock.sleeps == []


def test_a_hold_that_has_passed_costs_nothing(clock: FakeClock) -> None:
    pacer = Pacer(1.0, clock, clock.sleep)
    pacer.hold(2.0)
    clock.now += 10.0
    pacer.wait_for_turn()
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("12ms", 0.012), ("1s", 1.0), ("6m0s", 360.0), ("2m59.56s", 179.56), ("1h2m3s", 3723.0),
        ("7", 7.0), ("0.5", 0.5), ("", None), ("soon", None), ("1x", None), ("s", None),
    ],
)  # fmt: skip
def test_reset_headers_read_as_durations_or_seconds(header: str, seconds: float | None) -> None:
    assert reset_seconds(header) == (None if seconds is None else pytest.approx(seconds))


def test_retry_after_reads_seconds_or_an_http_date() -> None:
    assert retry_after_seconds("17") == 17.0
    assert retry_after_seconds(" 7 ") == 7.0
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert retry_after_seconds(in_a_minute) == pytest.approx(60.0, abs=2.0)
    past = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    assert retry_after_seconds(past) == 0.0
    assert [retry_after_seconds(text) for text in (None, "", "soon", "-3")] == [None] * 4
