"""Dates in article headers: one parser and one set of formats for everyone."""

import functools
from datetime import datetime

from dateutil.relativedelta import relativedelta
from pelican.utils import get_date, set_date_tzinfo


FIX = "write it as YYYY-MM-DD, e.g. 2026-03-14, or YYYY-MM-DD HH:MM"


def parse(value, timezone):
    """Parse a header date ("2026-03-14" or "2026-03-14 09:30") as an aware datetime.

    Raises ValueError when the text is not a date.
    """
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if not text:
            raise ValueError("empty date")
        try:
            parsed = get_date(text.replace("_", " "))
        except (ValueError, OverflowError) as err:
            raise ValueError(str(err)) from err
    if parsed.tzinfo is None:
        parsed = set_date_tzinfo(parsed, timezone)
    return parsed


def add_months(moment, months):
    """The same day `months` later (the last day of the month where it is shorter)."""
    return moment + relativedelta(months=months)


def iso(moment):
    """ISO 8601 with the time zone offset, as feeds and structured data need."""
    return moment.isoformat(timespec="seconds")


def day(moment):
    """A date as readers see it: "14 March 2026"."""
    return _day(moment.year, moment.month, moment.day)


# Templates ask for the same few dates on every page. Keyed by the calendar
# day, not the datetime: two datetimes at the same instant compare equal even
# where their time zones put them on different days.
@functools.lru_cache(maxsize=4096)
def _day(year, month, day_of_month):
    return f"{day_of_month} {datetime(year, month, 1):%B %Y}"
