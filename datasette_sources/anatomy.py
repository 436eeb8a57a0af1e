"""Separate the article from the page it was printed on.

A saved news page carries more than the article: breadcrumbs, photo captions,
timestamps, bylines, "Check Also" promos, comment forms. :func:`dissect` sorts
every line of plain text into page *parts* and the *body*, so that signals are
measured on what the writer wrote and nothing is thrown away.

>>> page = "Home / World / Big news\\nBig news\\n\\nThe mayor quit.\\n\\nLeave a Reply"
>>> a = dissect(page)
>>> a.title, a.body
('Big news', 'The mayor quit.')
>>> [p.kind for p in a.parts]
['navigation', 'title', 'comments']
"""

from __future__ import annotations

import re
from datetime import datetime

from .model import Article, Part

_WS = re.compile(r"[ \t\u00a0\u2009\u202f]+")

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
_DATE_WORDY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_DATE_ISO = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-]\d{2})(?::?(\d{2}))?)?)?"
)
_TIME_12H = re.compile(r"\b(\d{1,2}):(\d{2})\s*([AP])\.?M\.?", re.I)

# Lines that announce what follows is not the article.
_PROMO_HEAD = re.compile(
    r"^(check also|watch next|read more|related( stories| articles| coverage)?|more from|"
    r"recommended( for you)?|you may also like|most popular|trending( now)?|see also|"
    r"also read|don't miss|latest news|more stories|popular stories|up next|"
    r"sponsored|advertisement|what to read next|read next|more on this)\b\W*$",
    re.I,
)
_COMMENTS = re.compile(
    r"^(leave a (reply|comment)|post a comment|comments?|join the (conversation|discussion)|"
    r"your email address will not be published|required fields are marked|"
    r"please let us know if you.re having issues with commenting|"
    r"show comments|\d+ comments?|view comments|add a comment|comment policy|"
    r"you must be logged in to post a comment)",
    re.I,
)
_SHARE = re.compile(
    r"^(share|share this( article| story)?|tweet|email|print|facebook|twitter|linkedin|"
    r"whatsapp|reddit|pinterest|copy link|comment|subscribe|sign up|log ?in|menu|search|"
    r"home|news|actions|close|skip to (main )?content|advertisement|ad|follow us)\W*$",
    re.I,
)
_BREADCRUMB = re.compile(r"^[^./]{1,60}( [/>»|›] [^/>»|›]{1,120}){1,}$")
_CREDIT = re.compile(
    r"^(?:source|via|originally published (?:by|in|at|on)|this (?:article|story) "
    r"(?:was )?(?:originally )?(?:appeared|published|first appeared) (?:on|in|at)|"
    r"republished (?:with permission )?from|reprinted (?:with permission )?from|"
    r"courtesy of)\s*:?\s*(?P<credit>.+?)\.?$",
    re.I,
)
_ADDITIONAL = re.compile(
    r"(?:additional )?(?:reporting|writing) by (?P<who>[^.;]+?)(?: staff)?(?:[.;]|$)", re.I
)
_BYLINE = re.compile(
    r"^(?i:by|written by|words by|story by)\s+(?P<names>[A-Z][^.;|]*?)"
    r"(?:\s*[|,]\s*(?P<org>[A-Z][\w .&'-]+))?(?:\.\s*(?P<rest>.*))?$"
)
_BIO = re.compile(
    r"^(?P<name>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}) (?:is|was|has been) (?:an? |the )"
    r"(?P<role>[^.]*?\b(?i:correspondent|reporter|writer|editor|journalist|contributor|"
    r"columnist|producer|author|analyst|fellow)\b[^.—]*?)"
    r"(?: (?:for|at|with) (?P<org>(?:the )?[A-Z][\w.&' -]+?))?(?:\s*[—–-]|\.|,|$)"
)
_CORRECTION = re.compile(
    r"^(?:correction|clarification|update(?:d)?|editor'?s note|editors' note|"
    r"an earlier version of this (?:article|story)|this (?:article|story) (?:has been|was) "
    r"(?:updated|corrected))\b",
    re.I,
)
_CAPTION = re.compile(
    r"(\((?:AP|Reuters|AFP|Getty)[^)]*(?:photo|images?)[^)]*\)|\b(?:photo|image|picture)"
    r"(?: credit)?\s*:|\bimage copyright\b|\bgetty images\b|\bphoto by\b|"
    r"\bfile photo\b|\bpictured\b)",
    re.I,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .,'/-]{2,60}?(?:,? [A-Z][a-z]+\.?)?)\s*"
    r"(?:\((?P<agency>[A-Za-z .]+)\)\s*)?(?:—|–|--| - |-(?=[A-Z]))\s*(?=\S)"
)
_WIRE = re.compile(
    r"\b(Reuters|Associated Press|AP|AFP|Agence France-Presse|Bloomberg|UPI|"
    r"Press Association|PA Media|dpa)\b"
)
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_UPDATED = re.compile(r"\b(?:updated?|last updated|modified)\b", re.I)
_POSTED = re.compile(r"\b(?:published|posted|first published|created)\b", re.I)


def fold_space(text: str) -> str:
    """Fold every run of spaces (no-break spaces too) to one space and trim."""
    return _WS.sub(" ", text).strip()


def parse_date(text: str) -> str | None:
    """Find the first date in ``text`` and give it as ISO 8601.

    >>> parse_date("Posted at 7:06 PM, Sep 29, 2018")
    '2018-09-29T19:06:00'
    >>> parse_date("and last updated 2018-09-29 19:06:23-04")
    '2018-09-29T19:06:23-04:00'
    >>> parse_date("September 30, 2018 Updated: October 1, 2018")
    '2018-09-30'
    """
    iso = _DATE_ISO.search(text)
    wordy = _DATE_WORDY.search(text)
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


def _is_date_line(line: str) -> bool:
    """A short line that is mostly a timestamp: 'Posted at 7:06 PM, Sep 29, 2018'."""
    if len(line.split()) > 14 or not (_DATE_WORDY.search(line) or _DATE_ISO.search(line)):
        return False
    stripped = _DATE_WORDY.sub("", _DATE_ISO.sub("", line))
    stripped = _TIME_12H.sub("", stripped)
    stripped = re.sub(
        r"\b(posted|published|updated?|last|modified|at|on|and|by|edt|est|gmt|utc|bst|"
        r"pdt|pst|cdt|cst|et|am|pm|a\.m\.|p\.m\.|[a-z]+day)\b|[\W\d_]",
        " ",
        stripped,
        flags=re.I,
    )
    return len(stripped.split()) <= 2


def _page_part_kind(line: str) -> str:
    """The kind of a line an HTML extractor left out of the article."""
    words = len(line.split())
    if _COMMENTS.match(line):
        return "comments"
    if _PROMO_HEAD.match(line):
        return "promo"
    if _BREADCRUMB.match(line) or (_SHARE.match(line) and words <= 4):
        return "navigation"
    if _is_date_line(line):
        return "date"
    if _CREDIT.match(line) and words <= 14:
        return "credit"
    if _BYLINE.match(line) and words <= 25:
        return "byline"
    if _BIO.match(line):
        return "bio"
    if _CAPTION.search(line):
        return "caption"
    if _CORRECTION.match(line):
        return "correction"
    return "navigation" if words <= 4 else "boilerplate"


def _ends_like_prose(line: str) -> bool:
    return bool(_TERMINAL.search(line))


def _names(text: str) -> list[str]:
    """Split 'Phil Stewart and Lesley Wroughton' into names."""
    text = re.sub(r"\s*\(.*?\)", "", text)
    bits = re.split(r"\s*(?:,\s*and|,|\band\b|&)\s*", text)
    return [b.strip(" .") for b in bits if b.strip(" .") and b.strip()[0].isupper()]


def _lines(raw: str) -> list[tuple[int, str]]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return [(n, fold_space(line)) for n, line in enumerate(text.split("\n"), start=1)]


def dissect(
    raw: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    main: set[str] | None = None,
    comments: set[str] | None = None,
) -> Article:
    """Read plain article text into an :class:`Article` with parts and body.

    ``title``, ``outlet`` and ``published`` are what the input's metadata says,
    if anything; they win over what is inferred from the text. ``main`` and
    ``comments``, when given (from an HTML extractor), are the lines that hold
    the article and the reader comments: every other line is a page part.
    """
    lines = [(n, t) for n, t in _lines(raw) if t]
    art = Article(raw=raw)
    kinds: dict[int, str] = {}
    total = len(lines)
    if main is not None:
        joined = "\n".join(main)
        for i, (_, t) in enumerate(lines):
            if comments and t in comments:
                kinds[i] = "comments"
            elif t not in main and not (len(t) > 30 and t in joined):
                kinds[i] = _page_part_kind(t)

    # Title: given, or the line that repeats a breadcrumb's last step, or the
    # first line long enough to be a headline.
    crumbs = [t for _, t in lines[:3] if _BREADCRUMB.match(t)]
    crumb_tail = re.split(r" [/>»|›] ", crumbs[0])[-1].strip() if crumbs else None
    title_idx = None
    if title:
        # The page may print the title with a full stop or other end punctuation.
        ft = fold_space(title).lower().rstrip(" .:;!?")
        for i, (_, t) in enumerate(lines[:12]):
            if t.lower().rstrip(" .:;!?") == ft:
                title_idx = i
                break
    if title_idx is None and crumb_tail:
        for i, (_, t) in enumerate(lines[:12]):
            if t == crumb_tail and not _BREADCRUMB.match(t):
                title_idx = i
                break
    if title_idx is None and not title:
        for i, (_, t) in enumerate(lines[:8]):
            if i in kinds:
                continue
            if (
                _BREADCRUMB.match(t)
                or _SHARE.match(t)
                or _is_date_line(t)
                or len(t.split()) < (2 if i == 0 else 3)  # a short headline leads the page
                or _COMMENTS.match(t)
            ):
                continue
            if len(t.split()) > 40:
                break
            title_idx = i
            break
    art.title = (
        fold_space(title) if title else (lines[title_idx][1] if title_idx is not None else None)
    )
    if title_idx is not None:
        kinds[title_idx] = "title"

    # The body starts at the first line that reads like prose and is long.
    body_start = None
    for i, (_, t) in enumerate(lines):
        if i in kinds:
            continue
        if (
            len(t.split()) >= 12
            and _ends_like_prose(t)
            and not _is_date_line(t)
            and not _BREADCRUMB.match(t)
            and not _COMMENTS.match(t)
            and not _BIO.match(t)
        ):
            body_start = i
            break
    if body_start is None:
        body_start = (title_idx + 1) if title_idx is not None else 0

    tail_mode: str | None = None
    for i, (_, t) in enumerate(lines):
        if i in kinds:
            continue
        words = len(t.split())
        if tail_mode and not _COMMENTS.match(t):
            kinds[i] = tail_mode
            continue
        if _COMMENTS.match(t):
            kinds[i] = "comments"
            tail_mode = "comments"
            continue
        if _PROMO_HEAD.match(t):
            kinds[i] = "promo"
            # A promo header late on the page takes the rest of the page with it;
            # earlier, only the teaser line that follows it.
            if (
                i >= total * 0.6
                or i > body_start + 3
                and all(
                    not _ends_like_prose(x) or len(x.split()) < 40 for _, x in lines[i + 1 : i + 4]
                )
                and i >= total * 0.5
            ):
                tail_mode = "promo"
            elif i + 1 < total:
                kinds[i + 1] = "promo"
            continue
        if _BREADCRUMB.match(t) and i < body_start:
            kinds[i] = "navigation"
            continue
        if _SHARE.match(t) and words <= 4:
            kinds[i] = "navigation"
            continue
        if _is_date_line(t):
            kinds[i] = "date"
            continue
        m = _CREDIT.match(t)
        if m and words <= 14:
            kinds[i] = "credit"
            continue
        if _BYLINE.match(t) and words <= 25:
            kinds[i] = "byline"
            continue
        if _BIO.match(t) and i > body_start and (words <= 40):
            kinds[i] = "bio"
            continue
        if _CORRECTION.match(t) and i >= body_start:
            kinds[i] = "correction"
            continue
        if _CAPTION.search(t) and not _ends_like_prose(t):
            kinds[i] = "caption"
            continue
        if i < body_start:
            # Before the article proper: short lines are navigation, longer
            # lines without a full stop are photo captions.
            kinds[i] = "navigation" if words <= 3 else "caption"
            continue
        if not _ends_like_prose(t) and 2 <= words <= 14 and i > body_start:
            kinds[i] = "subhead"
            continue
        if not _ends_like_prose(t) and words <= 2:
            kinds[i] = "navigation"
            continue
        kinds[i] = "body"

    paragraphs: list[str] = []
    paragraph_lines: list[int] = []
    for i, (n, t) in enumerate(lines):
        kind = kinds[i]
        if kind == "body":
            paragraphs.append(t)
            paragraph_lines.append(n)
        else:
            art.parts.append(Part(kind, t, n))

    # Dateline: "WASHINGTON/NEW YORK—The United States announced..."
    if paragraphs:
        m = _DATELINE.match(paragraphs[0])
        if m and len(m.group("place").split()) <= 6:
            art.dateline = m.group("place").strip(" ,")
            if m.group("agency"):
                art.extra["dateline_agency"] = m.group("agency").strip()
            # The dateline shares its line with the first paragraph.
            art.parts.append(Part("dateline", m.group(0).strip(), paragraph_lines[0]))
            paragraphs[0] = paragraphs[0][m.end() :]

    art.paragraphs = paragraphs
    art.extra["paragraph_lines"] = paragraph_lines
    art.body = "\n\n".join(paragraphs)
    art.parts.sort(key=lambda p: p.line or 0)
    _read_dates(art, published)
    _read_credit(art, outlet)
    return art


def _read_dates(art: Article, published: str | None) -> None:
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


def _read_credit(art: Article, outlet: str | None) -> None:
    """Bylines, credit and credit_kind, from byline/bio/credit parts and the body."""
    staff_org = None
    additional = None
    for p in art.parts:
        if p.kind == "byline":
            m = _BYLINE.match(p.text)
            if m:
                art.bylines.extend(_names(m.group("names")))
                if m.group("org"):
                    staff_org = m.group("org").strip()
                rest = m.group("rest") or ""
                a = _ADDITIONAL.search(rest)
                if a:
                    additional = a.group("who").strip()
        elif p.kind == "bio":
            m = _BIO.match(p.text)
            if m:
                art.bylines.append(m.group("name"))
                if m.group("org"):
                    staff_org = m.group("org").strip()
        elif p.kind == "credit":
            m = _CREDIT.match(p.text)
            if m:
                art.credit = m.group("credit").strip()
                art.credit_kind = "republished"
    art.bylines = list(dict.fromkeys(art.bylines))

    agency = art.extra.get("dateline_agency")
    wire_in_byline = any(_WIRE.search(b) for b in art.bylines)
    if art.credit_kind == "republished":
        pass
    elif agency and _WIRE.search(agency) or wire_in_byline:
        art.credit_kind = "wire"
        art.credit = agency or next(
            _WIRE.search(b).group(1) for b in art.bylines if _WIRE.search(b)
        )
    elif additional:
        # "By A and B. Additional reporting by X staff": the named reporters
        # filed for someone else (a wire); X added to it.
        art.credit_kind = "wire"
        art.credit = re.sub(r"\s+staff$", "", additional)
    elif staff_org:
        art.credit_kind = "staff"
        art.credit = staff_org
    elif art.bylines:
        art.credit_kind = "staff"
        art.credit = outlet
    else:
        told = re.findall(
            r"\b(?:told|to|reported by|according to|interview with)\s+(?:the\s+)?"
            r"([A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]{2,})\b",
            art.body,
        )
        also = re.findall(r"\b([A-Z]{2,}|[A-Z][a-z]+ [A-Z][a-z]+) (?:also )?reported\b", art.body)
        counts: dict[str, int] = {}
        for name in told + also:
            if name in ("US", "U.S", "UN", "EU", "ISIS"):
                continue
            counts[name] = counts.get(name, 0) + 1
        own = [n for n, c in counts.items() if c >= 2]
        if own:
            art.credit = max(own, key=lambda n: counts[n])
            art.credit_kind = "staff"

    if outlet:
        art.outlet, art.outlet_source = outlet, "metadata"
    elif (
        art.credit
        and art.credit_kind in ("staff", "wire")
        and not (art.credit_kind == "wire" and _WIRE.search(art.credit or ""))
    ):
        art.outlet, art.outlet_source = art.credit, "inferred"
    if (
        outlet
        and art.credit
        and art.credit_kind == "staff"
        and art.credit != outlet
        and not art.bylines
    ):
        # The text credits another newsroom's staff: the page carries their work.
        art.credit_kind = "republished"
