"""Separate the article from the page it was printed on.

A saved news page carries more than the article: breadcrumbs, photo captions,
timestamps, bylines, "Check Also" promos, comment forms. :func:`read_page` sorts
every line of plain text into page *parts* and the *body*, so that signals are
measured on what the writer wrote and nothing is thrown away; then it reads the
dates (:mod:`.dates`) and the credit (:mod:`.credit`) from those parts.

>>> page = "Home / World / Big news\\nBig news\\n\\nThe mayor quit.\\n\\nLeave a Reply"
>>> a = read_page(page)
>>> a.title, a.body
('Big news', 'The mayor quit.')
>>> [p.kind for p in a.parts]
['navigation', 'title', 'comments']
"""

from __future__ import annotations

import re

from ..model import Article, Part
from .credit import BIO_LINE, BYLINE_LINE, CONTRIBUTION_LINE, CREDIT_LINE, read_credit
from .dates import is_date_line, read_dates
from .furniture import line_key, take_link_cards
from .outlet_names import OutletNames

#: What fold_space folds: runs of the plain space and of these (tab, no-break spaces).
_ODD_SPACES = "\t\u00a0\u2009\u202f"
_WS = re.compile(f"[ {_ODD_SPACES}]+")


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


_TERMINAL_CHARACTERS = frozenset(".!?…:;\"”’')]")


def fold_space(text: str) -> str:
    """Fold every run of spaces (no-break spaces too) to one space and trim.

    >>> fold_space("  a\u00a0 b\tc  "), fold_space(" plain line ")
    ('a b c', 'plain line')
    """
    if "  " not in text and not any(c in text for c in _ODD_SPACES):
        return text.strip()  # no run to fold: most lines, without a regular expression
    return _WS.sub(" ", text).strip()


def _page_part_kind(line: str) -> str:
    """The kind of a line an HTML extractor left out of the article."""
    words = len(line.split())
    if _COMMENTS.match(line):
        return "comments"
    if _PROMO_HEAD.match(line):
        return "promo"
    if _BREADCRUMB.match(line) or (_SHARE.match(line) and words <= 4):
        return "navigation"
    if is_date_line(line):
        return "date"
    if (CREDIT_LINE.match(line) and words <= 14) or (CONTRIBUTION_LINE.match(line) and words <= 20):
        return "credit"
    if BYLINE_LINE.match(line) and words <= 25:
        return "byline"
    if BIO_LINE.match(line):
        return "bio"
    if _CAPTION.search(line):
        return "caption"
    if _CORRECTION.match(line):
        return "correction"
    return "navigation" if words <= 4 else "boilerplate"


def furniture_kind(line: str) -> str:
    """The kind of a line the outlet prints on many pages: a note repeated on every
    page ("Editor's note: our coverage is free") corrects nothing."""
    kind = _page_part_kind(line)
    return "boilerplate" if kind in ("correction", "date") else kind


def _may_be_body(line: str) -> bool:
    """Could this line, not yet sorted, be article text (not a share button, a date...)?"""
    return not (
        _SHARE.match(line)
        or _COMMENTS.match(line)
        or _PROMO_HEAD.match(line)
        or _BREADCRUMB.match(line)
        or is_date_line(line)
        or CREDIT_LINE.match(line)
        or BYLINE_LINE.match(line)
    )


_FIRST_SENTENCE = re.compile(r"^.+?[.!?…](?=\s+[\"“‘'(]?[A-Z0-9])")


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, to show as the title of a text that has none.

    >>> first_sentence("The mayor quit. He had no choice."), first_sentence("No full stop")
    ('The mayor quit.', 'No full stop')
    """
    m = _FIRST_SENTENCE.match(text)
    return m.group(0) if m else text


def _ends_like_prose(line: str) -> bool:
    r"""Does the line end, white space aside, with a sentence's or a quotation's end?

    As ``re.search(r"[.!?…:;\"”’')\]]\s*$", line)`` would tell for a line (no line break
    in it), since ``str.rstrip`` strips what ``\s`` matches, but without trying the
    pattern at every position of the line.

    >>> _ends_like_prose("He left.  "), _ends_like_prose("Share this")
    (True, False)
    """
    return line.rstrip()[-1:] in _TERMINAL_CHARACTERS


def _lines(raw: str) -> list[tuple[int, str]]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return [(n, fold_space(line)) for n, line in enumerate(text.split("\n"), start=1)]


def read_page(
    raw: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    main: set[str] | None = None,
    comments: set[str] | None = None,
    byline: object = None,
    url: str | None = None,
    names: OutletNames | None = None,
    furniture: frozenset[int] | None = None,
) -> Article:
    """Read plain article text into an :class:`Article` with parts and body.

    ``title``, ``outlet``, ``published`` and ``byline`` are what the input's metadata
    says, if anything; they win over what is inferred from the text. ``main`` and
    ``comments``, when given (from an HTML extractor), are the lines that hold
    the article and the reader comments: every other line is a page part.
    ``furniture`` holds the :func:`~.furniture.line_key` of lines the outlet prints
    on many pages (learned by :mod:`datasette_sources.corpus.furniture`): page parts.
    ``names`` are the outlet names credit lines are read with.
    """
    lines = [(n, t) for n, t in _lines(raw) if t]
    art = Article(raw=raw)
    # Link cards printed inside sentences are page parts; the sentence keeps the name.
    cards: list[Part] = []
    if any(" MORE" in t for _, t in lines):
        unwrapped = []
        for n, t in lines:
            t, found = take_link_cards(t)
            cards += [Part("navigation", c, n) for c in found]
            unwrapped.append((n, t))
        lines = unwrapped
        if main is not None:
            main = {take_link_cards(x)[0] for x in main}
    kinds: dict[int, str] = {}
    total = len(lines)
    if furniture:
        for i, (_, t) in enumerate(lines):
            if line_key(t) in furniture:
                kinds[i] = furniture_kind(t)
    if main is not None:
        joined = "\n".join(main)
        for i, (_, t) in enumerate(lines):
            if i in kinds:
                continue
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
                or is_date_line(t)
                or len(t.split()) < (2 if i == 0 else 3)  # a short headline leads the page
                or _COMMENTS.match(t)
            ):
                continue
            if len(t.split()) > 40:
                break
            title_idx = i
            break
        if title_idx is not None and not any(
            _may_be_body(t) for i, (_, t) in enumerate(lines) if i != title_idx and i not in kinds
        ):
            # One paragraph and no title: the paragraph is the article, and its first
            # sentence is the title shown.
            art.title = first_sentence(lines[title_idx][1])
            title_idx = None
    if not art.title:
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
            and not is_date_line(t)
            and not _BREADCRUMB.match(t)
            and not _COMMENTS.match(t)
            and not BIO_LINE.match(t)
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
        if is_date_line(t):
            kinds[i] = "date"
            continue
        m = CREDIT_LINE.match(t)
        if m and words <= 14:
            kinds[i] = "credit"
            continue
        if CONTRIBUTION_LINE.match(t) and words <= 20 and i > body_start:
            kinds[i] = "credit"
            continue
        if BYLINE_LINE.match(t) and words <= 25:
            kinds[i] = "byline"
            continue
        if BIO_LINE.match(t) and i > body_start and (words <= 40):
            kinds[i] = "bio"
            continue
        if _CORRECTION.match(t) and i >= body_start:
            kinds[i] = "correction"
            continue
        # The cheap test first: most lines end like prose, and then no search is needed.
        if not _ends_like_prose(t) and _CAPTION.search(t):
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
    art.parts += cards
    art.parts.sort(key=lambda p: p.line or 0)
    read_dates(art, published)
    read_credit(art, outlet, byline=byline, names=names, url=url)
    return art
