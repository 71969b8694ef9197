"""Publication dates written the ways news sites write them, read into ISO ``YYYY-MM-DD``.

Only unambiguous forms are read: ISO dates and timestamps, ``YYYY/MM/DD``, and dates with the
month spelt out in English ("September 18, 2023", "18 Sep. 2023", "Monday, Sept 18th 2023").
Numeric day/month orders such as ``09/10/2023`` are left unread, since they mean different
days on either side of the Atlantic. A timestamp keeps the calendar day it was written with
(``2023-09-18T23:30:00-05:00`` is 2023-09-18): that is the day the article says it appeared.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# A clock time, a zone or "at 10:00 AM EDT" may follow a date; none of it changes the day.
_TIME = (
    r"(?:(?:\s*,\s*|\s+|T)(?:at\s+)?\d{1,2}(?:[:.]\d{2}(?::\d{2})?(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*(?:z|[a-z]{2,5}|(?:utc|gmt)?\s*[+-]\d{1,2}(?::?\d{2})?))?)?"
)

_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME, re.I),
    re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})" + _TIME, re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s*" + _DAY + r",?\s+" + _YEAR + _TIME, re.I),
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + _TIME, re.I),
)


def parse_date(text: str) -> str | None:
    """The ISO date (``YYYY-MM-DD``) ``text`` is, or None when it is not a date.

    The whole string must be the date (a time of day may follow it).

    >>> parse_date("Sep. 18, 2023")
    '2023-09-18'
    >>> parse_date("18 September 2023")
    '2023-09-18'
    >>> parse_date("2023-09-18T10:00:00Z")
    '2023-09-18'
    >>> parse_date("September 31, 2023") is None
    True
    """
    value = " ".join(text.split())
    if len(value) > 80:
        return None
    for form in _FORMS:
        match = form.fullmatch(value)
        if match is not None:
            return _iso(match)
    return None


def _iso(match: re.Match[str]) -> str | None:
    """The ISO date of a matched form, or None when no such day exists."""
    month = match["month"]
    number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    try:
        day = dt.date(int(match["year"]), number, int(match["day"]))
    except ValueError:
        return None
    if day.year < 1000:
        return None
    return day.isoformat()
