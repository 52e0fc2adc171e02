"""arXiv's announcement schedule, as its availability page states it."""

from datetime import UTC, date, datetime

import pytest

from dailypapers.arxiv.schedule import (
    ARXIV_TIME_ZONE,
    announces_on,
    last_announcement,
    silent_since,
)


def _eastern(year: int, month: int, day: int, hour: int = 20) -> datetime:
    return datetime(year, month, day, hour, tzinfo=ARXIV_TIME_ZONE)


def test_arxiv_announces_sunday_to_thursday_but_on_its_holidays() -> None:
    week = [date(2026, 11, 15 + offset) for offset in range(7)]  # Sunday to Saturday
    assert [announces_on(day) for day in week] == [True] * 5 + [False] * 2
    assert not announces_on(date(2025, 11, 27))  # Thanksgiving, on arXiv's list
    assert announces_on(date(2025, 11, 26))


@pytest.mark.parametrize(
    ("now", "last"),
    [
        # Thursday's announcement is the last until Sunday evening.
        (datetime(2026, 11, 22, 0, 30, tzinfo=UTC), _eastern(2026, 11, 19)),
        (datetime(2026, 11, 23, 0, 59, tzinfo=UTC), _eastern(2026, 11, 19)),
        (datetime(2026, 11, 23, 1, 0, tzinfo=UTC), _eastern(2026, 11, 22)),
        # Summer time: 20:00 in New York is midnight UTC.
        (datetime(2026, 7, 1, 0, 0, tzinfo=UTC), _eastern(2026, 6, 30)),
        (datetime(2026, 6, 30, 23, 59, tzinfo=UTC), _eastern(2026, 6, 29)),
        # Thanksgiving 2025 was skipped: Wednesday's announcement stands until Sunday's.
        (datetime(2025, 11, 29, 12, 0, tzinfo=UTC), _eastern(2025, 11, 26)),
    ],
)
def test_the_last_announcement_before_a_moment(now: datetime, last: datetime) -> None:
    assert last_announcement(now) == last


@pytest.mark.parametrize(
    ("previous", "now", "time_zone", "silent"),
    [
        # A Sunday run after Saturday's: nothing since Thursday evening.
        (date(2026, 11, 21), datetime(2026, 11, 22, 6, tzinfo=UTC), "UTC", True),
        (date(2026, 11, 22), datetime(2026, 11, 23, 0, tzinfo=UTC), "UTC", True),
        # Tuesday after Monday's run: Sunday evening's announcement came on Monday UTC.
        (date(2026, 11, 23), datetime(2026, 11, 24, 6, tzinfo=UTC), "UTC", False),
        # Thursday's announcement fell on Friday UTC, the previous run's day: it may have
        # come after that run, so nothing is claimed.
        (date(2026, 11, 20), datetime(2026, 11, 21, 0, tzinfo=UTC), "UTC", False),
        # Days as the README's time zone counts them.
        (date(2026, 11, 21), datetime(2026, 11, 22, 6, tzinfo=UTC), "Asia/Shanghai", True),
        (date(2026, 11, 20), datetime(2026, 11, 21, 6, tzinfo=UTC), "Asia/Shanghai", False),
    ],
)
def test_silent_since_the_previous_update(
    previous: date, now: datetime, time_zone: str, silent: bool
) -> None:
    last = silent_since(previous, now, time_zone)
    assert (last is not None) is silent
    if last is not None:
        assert last == last_announcement(now)
