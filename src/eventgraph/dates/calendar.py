"""Calendar arithmetic behind relative dates.

Weeks run Sunday to Saturday, as in US news usage, so "last week" in an article published on Sunday
2023-05-07 is 2023-04-30/2023-05-06.
"""

from __future__ import annotations

from datetime import date, timedelta


def week_start(day: date) -> date:
    """The Sunday that opens the week containing ``day``."""
    return day - timedelta(days=(day.weekday() + 1) % 7)


def week_value(start: date) -> str:
    return f"{start.isoformat()}/{(start + timedelta(days=6)).isoformat()}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_day(published: date, month: int, day: int, future_penalty: float) -> date | None:
    """The year-less ``month``/``day`` placed in the year that brings it nearest to ``published``.

    A candidate after publication counts ``future_penalty`` times its distance: news reports the past.
    """
    candidates = [
        d for y in (published.year - 1, published.year, published.year + 1) if (d := safe_date(y, month, day))
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda d: _cost((published - d).days, future_penalty))


def next_day(published: date, month: int, day: int) -> date | None:
    """The first ``month``/``day`` on or after ``published`` (a date the text puts in the future)."""
    for year in (published.year, published.year + 1, published.year + 2):
        found = safe_date(year, month, day)
        if found is not None and found >= published:
            return found
    return None


def month_on_or_after(published: date, month: int) -> tuple[int, int]:
    """The first occurrence of ``month`` from the publication month on ("will hold elections in June")."""
    return (published.year if month >= published.month else published.year + 1), month


def nearest_month(published: date, month: int, future_penalty: float) -> tuple[int, int]:
    """The year-less ``month`` placed in the year that brings it nearest to the publication month."""
    here = published.year * 12 + published.month - 1
    years = (published.year - 1, published.year, published.year + 1)
    best = min(years, key=lambda y: _cost(here - (y * 12 + month - 1), future_penalty))
    return best, month


def previous_month(published: date, month: int) -> tuple[int, int]:
    """The latest occurrence of ``month`` strictly before the publication month ("last November")."""
    year = published.year if month < published.month else published.year - 1
    return year, month


def next_month(published: date, month: int) -> tuple[int, int]:
    """The first occurrence of ``month`` strictly after the publication month ("next March")."""
    year = published.year if month > published.month else published.year + 1
    return year, month


def weekday_on_or_before(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def weekday_before(published: date, weekday: int) -> date:
    return published - timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)


def weekday_after(published: date, weekday: int) -> date:
    return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)


def _cost(days_before: int, future_penalty: float) -> float:
    return days_before if days_before >= 0 else -days_before * future_penalty
