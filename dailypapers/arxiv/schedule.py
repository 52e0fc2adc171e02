"""When arXiv announces new papers, to tell a day with nothing new from a broken run.

arXiv makes submissions public at 20:00 US Eastern, Sunday to Thursday, with no announcements on
Friday or Saturday, and defers a mailing on its holidays
(https://info.arxiv.org/help/availability.html). A run after a day with no announcement finds
nothing new however well it works; the run says so instead of leaving the user to wonder.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ARXIV_TIME_ZONE = ZoneInfo("America/New_York")
ANNOUNCEMENT_TIME = time(20, 0)
# Monday is 0: Sunday to Thursday.
ANNOUNCEMENT_WEEKDAYS = frozenset({6, 0, 1, 2, 3})
# The days arXiv's schedule names as holidays with no announcement, as that page lists them.
# It publishes each year's list during the year; add it here when it does.
HOLIDAYS = frozenset(
    {
        date(2025, 1, 1),
        date(2025, 1, 20),
        date(2025, 6, 19),
        date(2025, 7, 6),
        date(2025, 9, 1),
        date(2025, 11, 27),
    }
)
# arXiv never goes longer than this without an announcement, holidays and weekends together.
_LONGEST_PAUSE = timedelta(days=14)


def announces_on(day: date) -> bool:
    """Whether arXiv announces on this day (US Eastern), by its schedule."""
    return day.weekday() in ANNOUNCEMENT_WEEKDAYS and day not in HOLIDAYS


def last_announcement(now: datetime) -> datetime:
    """The moment of arXiv's last scheduled announcement at or before ``now`` (aware)."""
    moment = now.astimezone(ARXIV_TIME_ZONE)
    day = moment.date() if moment.time() >= ANNOUNCEMENT_TIME else moment.date() - timedelta(1)
    for _ in range(_LONGEST_PAUSE.days):
        if announces_on(day):
            break
        day -= timedelta(days=1)
    return datetime.combine(day, ANNOUNCEMENT_TIME, tzinfo=ARXIV_TIME_ZONE)


def silent_since(previous_update: date, now: datetime, time_zone: str) -> datetime | None:
    """arXiv's last announcement when it came before the day of the previous update (that day
    in ``time_zone``), so that arXiv has announced nothing since; else None, also when an
    announcement may have come later on that same day."""
    last = last_announcement(now)
    if last.astimezone(ZoneInfo(time_zone)).date() < previous_update:
        return last
    return None
