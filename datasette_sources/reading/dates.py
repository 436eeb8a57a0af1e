"""Dates on a news page: timestamps in any of the usual forms, published and updated.

>>> parse_date("Posted at 7:06 PM, Sep 29, 2018")
'2018-09-29T19:06:00'
"""

from __future__ import annotations

import re
from datetime import datetime

from ..model import Article

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"


DATE_WORDY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")


DATE_ISO = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-]\d{2})(?::?(\d{2}))?)?)?"
)


_TIME_12H = re.compile(r"\b(\d{1,2}):(\d{2})\s*([AP])\.?M\.?", re.I)


_UPDATED = re.compile(r"\b(?:updated?|last updated|modified)\b", re.I)


def parse_date(text: str) -> str | None:
    """Find the first date in ``text`` and give it as ISO 8601.

    >>> parse_date("Posted at 7:06 PM, Sep 29, 2018")
    '2018-09-29T19:06:00'
    >>> parse_date("and last updated 2018-09-29 19:06:23-04")
    '2018-09-29T19:06:23-04:00'
    >>> parse_date("September 30, 2018 Updated: October 1, 2018")
    '2018-09-30'
    """
    iso = DATE_ISO.search(text)
    wordy = DATE_WORDY.search(text)
    if iso and (not wordy or iso.start() < wordy.start()):
        y, mo, d, hh, mm, ss, tzh, tzm = iso.groups()
        try:
            datetime(int(y), int(mo), int(d))
        except ValueError:
            return None
        out = f"{y}-{mo}-{d}"
        if hh:
            out += f"T{int(hh):02d}:{mm}:{ss or '00'}"
            if tzh:
                out += f"{tzh}:{tzm or '00'}"
        return out
    if wordy:
        key = wordy.group(1).lower().rstrip(".")
        mon = MONTHS.get(key) or MONTHS.get(key[:3])
        try:
            dt = datetime(int(wordy.group(3)), mon, int(wordy.group(2)))
        except (TypeError, ValueError):
            return None
        out = dt.strftime("%Y-%m-%d")
        t = _TIME_12H.search(text)
        if t and abs(t.start() - wordy.start()) < 30:
            hour = int(t.group(1)) % 12 + (12 if t.group(3).upper() == "P" else 0)
            out += f"T{hour:02d}:{t.group(2)}:00"
        return out
    return None


def is_date_line(line: str) -> bool:
    """A short line that is mostly a timestamp: 'Posted at 7:06 PM, Sep 29, 2018'."""
    if len(line.split()) > 14 or not (DATE_WORDY.search(line) or DATE_ISO.search(line)):
        return False
    stripped = DATE_WORDY.sub("", DATE_ISO.sub("", line))
    stripped = _TIME_12H.sub("", stripped)
    stripped = re.sub(
        r"\b(posted|published|updated?|last|modified|at|on|and|by|edt|est|gmt|utc|bst|"
        r"pdt|pst|cdt|cst|et|am|pm|a\.m\.|p\.m\.|[a-z]+day)\b|[\W\d_]",
        " ",
        stripped,
        flags=re.I,
    )
    return len(stripped.split()) <= 2


def read_dates(art: Article, published: str | None) -> None:
    if published:
        art.published = parse_date(published) or published
    for p in art.parts:
        if p.kind != "date":
            continue
        text = p.text
        m = _UPDATED.search(text)
        before, after = (text[: m.start()], text[m.end() :]) if m else (text, "")
        first = parse_date(before) if before.strip() else None
        if first and not art.published:
            art.published = first
        upd = parse_date(after) if after else None
        if upd:
            art.updated = upd
        elif m and not first:
            art.updated = art.updated or parse_date(text)
    # "Posted at 7:06 PM" and "last updated 19:06:23-04" on one page share a zone.
    pub, upd = art.published, art.updated
    if pub and upd and "T" in pub and len(pub) == 19 and upd[:10] == pub[:10] and len(upd) > 19:
        art.published = pub + upd[19:]
