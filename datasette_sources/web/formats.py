"""Numbers and dates as a reader expects them: "65,049 sentences", "3 Jul 2017".

Plain functions, also registered as Jinja filters (``sources_number``,
``sources_date``) through the ``prepare_jinja2_environment`` hook, so the
templates format what the shaping steps hand them.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .cells import as_number

#: Dates as the loader stores them: ISO 8601, a date with or without a time.
ISO_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$"
)
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def number(value: Any, decimals: int | None = None) -> str:
    """A count with thousands separators; other numbers with ``decimals`` places.

    >>> number(65049), number(1500.0), number("12"), number(66.43, 1), number(None), number("n/a")
    ('65,049', '1,500', '12', '66.4', '', 'n/a')
    """
    n = as_number(value)
    if n is None:
        return "" if value is None else str(value)
    if decimals is None:
        return f"{n:,.0f}" if n == int(n) else f"{n:,}"
    return f"{n:,.{decimals}f}"


def date_text(value: Any) -> str:
    """An ISO date as "3 Jul 2017", with the time when one is given; anything else as it is.

    A time that is exactly midnight UTC is what a bare date becomes in many
    feeds, so it is left out.

    >>> date_text("2017-07-03"), date_text("2019-06-13T14:05:00Z"), date_text("2019-06-13 00:00:00")
    ('3 Jul 2017', '13 Jun 2019, 14:05 UTC', '13 Jun 2019')
    >>> date_text("2016-09-20T08:30:00-04:00"), date_text("last Tuesday"), date_text(None)
    ('20 Sep 2016, 08:30 (UTC-04:00)', 'last Tuesday', '')
    """
    if value is None:
        return ""
    text = str(value).strip()
    match = ISO_DATE.match(text)
    if not match:
        return text
    year, month, day, hour, minute, _second, zone = match.groups()
    try:
        datetime(int(year), int(month), int(day))
    except ValueError:
        return text
    shown = f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    if hour is None or (hour == "00" and minute == "00" and zone in (None, "Z", "+00:00")):
        return shown
    shown += f", {hour}:{minute}"
    if zone in ("Z", "+00:00", "+0000"):
        return shown + " UTC"
    if zone:
        return shown + f" (UTC{zone[:3]}:{zone[-2:]})"
    return shown


def plural(count: Any, singular: str, plural_form: str | None = None) -> str:
    """A count and the noun that goes with it, the count formatted.

    >>> plural(1, "article"), plural(65049, "sentence"), plural(2, "story", "stories")
    ('1 article', '65,049 sentences', '2 stories')
    """
    n = as_number(count)
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


#: The Jinja filters the templates use.
FILTERS = {"sources_number": number, "sources_date": date_text, "sources_plural": plural}
