"""Dates in article headers: one parser and one set of formats for everyone.

Only forms that cannot be misread are read: `2026-03-14` (with an optional
time) and dates with the month in words (`14 March 2026`, `March 14, 2026`).
`02/12/2026` is 2 December in Europe and 12 February in the US, so a numeric
date with slashes or dots is refused with both readings in the message,
never guessed.
"""

import calendar
import functools
import re
from datetime import datetime

from babel.dates import format_date
from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta
from pelican.utils import set_date_tzinfo

FIX = "write it as YYYY-MM-DD, e.g. 2026-03-14, or YYYY-MM-DD HH:MM"

_TIME = r"(?:[ T_]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME)
# Day, month and year in digits, split by slashes, dots or hyphens in some
# order other than year first.
_NUMERIC = re.compile(r"(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})" + _TIME)
_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTH_NAMES["sept"] = 9
_WORDS = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Za-z]+)\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[A-Za-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
    r"(?P<time>\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?"
)
_DASHES = {"\u2013": "an en dash (–)", "\u2014": "an em dash (—)", "\u2212": "a minus sign (−)",
           "\u2010": "a Unicode hyphen (‐)", "\u2011": "a non-breaking hyphen (‑)", "\u2012": "a figure dash (‒)"}


class NotADate(ValueError):
    """A header date that cannot be read safely: what is wrong with it, and what to write."""

    def __init__(self, message, fix=FIX):
        super().__init__(message)
        self.message = message
        self.fix = fix


def read(value):
    """The naive datetime a header date stands for; NotADate when it cannot be read safely."""
    if isinstance(value, datetime):
        return value
    text = " ".join(str(value).split())
    if not text:
        raise NotADate("is empty")
    dash = next((name for char, name in _DASHES.items() if char in text), None)
    if dash:
        plain = re.sub("[" + "".join(_DASHES) + "]", "-", text)
        raise NotADate(f'"{text}" has {dash} where a hyphen (-) belongs',
                       f'type plain hyphens with the "-" key: "{plain}"')
    iso = _ISO.fullmatch(text)
    if iso:
        return _build(text, int(iso["year"]), int(iso["month"]), int(iso["day"]), iso)
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        raise _ambiguous(text, numeric)
    words = _WORDS.fullmatch(text)
    if words and (words["m1"] or words["m2"]).lower() in _MONTH_NAMES:
        try:
            # Only reached once the text names its month in words and has a
            # four-digit year, so dateutil has nothing left to guess.
            return dateutil_parser.parse(text.replace(" at ", " "))
        except (ValueError, OverflowError) as error:
            raise NotADate(f'"{text}" is not a date ({error})') from error
    raise NotADate(f'"{text}" is not a date')


def _build(text, year, month, day_of_month, match):
    try:
        return datetime(year, month, day_of_month, int(match["hour"] or 0), int(match["minute"] or 0),
                        int(match["second"] or 0))
    except ValueError as error:
        raise NotADate(f'"{text}" is not a date ({error})') from error


def _ambiguous(text, match):
    """The error for a numeric date: each reading it may have, and how to write each."""
    a, b, c = match["a"], match["b"], match["c"]
    if len(a) == 4:
        readings = [(int(a), int(b), int(c))]
    else:
        year = int(c) + 2000 if len(c) == 2 else int(c)
        readings = [(year, int(b), int(a)), (year, int(a), int(b))]
    time = text[match.end("c"):].strip()
    valid = []
    for year, month, day_of_month in readings:
        try:
            moment = datetime(year, month, day_of_month)
        except ValueError:
            continue
        if moment not in valid:
            valid.append(moment)
    if not valid:
        return NotADate(f'"{text}" is not a date')
    suffix = f" {time}" if time else ""
    writes = [f'"{moment:%Y-%m-%d}{suffix}" for {day(moment)}' for moment in valid]
    if len(valid) == 1:
        return NotADate(f'"{text}" is written with "{match["sep"]}", which is read differently '
                        "in different countries", f"write it as {writes[0]}")
    return NotADate(f'"{text}" could be {day(valid[0])} or {day(valid[1])}',
                    f"write {writes[0]}, or {writes[1]}")


def parse(value, timezone):
    """Parse a header date ("2026-03-14", "2026-03-14 09:30", "14 March 2026") as an aware datetime.

    Raises NotADate (a ValueError) when the text is not a date that can be read safely.
    """
    parsed = read(value)
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


def local_day(moment, locale):
    """A date as readers in `locale` (a Babel locale, "en_US") write it: "March 14, 2026"."""
    return _local_day(moment.year, moment.month, moment.day, locale)


@functools.lru_cache(maxsize=4096)
def _local_day(year, month, day_of_month, locale):
    return format_date(datetime(year, month, day_of_month), format="long", locale=locale)


# Templates ask for the same few dates on every page. Keyed by the calendar
# day, not the datetime: two datetimes at the same instant compare equal even
# where their time zones put them on different days.
@functools.lru_cache(maxsize=4096)
def _day(year, month, day_of_month):
    return f"{day_of_month} {datetime(year, month, 1):%B %Y}"
