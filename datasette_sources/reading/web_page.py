"""Saved web pages: the page's text in reading order, and which of it is the article.

trafilatura finds the article in a page (its main text, comments and
metadata); lxml gives every block of text on the page in order. Anatomy then
(:mod:`.anatomy`) sorts the lines trafilatura did not keep into page parts — navigation,
captions, promos, comments — so nothing on the page is thrown away.

>>> page = read_web_page("<html><body><nav>Home</nav><article><h1>Big news</h1>"
...     "<p>The mayor resigned on Monday after an audit found missing funds.</p>"
...     "<p>The council will meet on Tuesday to choose who leads the city next.</p>"
...     "</article></body></html>")
>>> page.lines[0], "Home" in page.main
('Home', False)
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from ..model import Article
from .anatomy import read_page
from .bylines import split_byline
from .outlet_names import OutletNames, default_outlet_names

_WS = re.compile(r"\s+")
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figcaption",
    "figure",
    "blockquote",
    "pre",
    "td",
    "th",
    "tr",
    "table",
    "dd",
    "dt",
    "br",
    "hr",
    "form",
    "label",
    "button",
    "time",
    "address",
    "caption",
    "summary",
    "details",
}


@dataclass
class Page:
    """What a web page holds: its text lines in order and what the extractor made of them."""

    lines: list[str]
    main: set[str] = field(default_factory=set)
    comments: set[str] = field(default_factory=set)
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.lines)


def _fold(text: str) -> str:
    return _WS.sub(" ", text).strip()


def page_lines(html: str) -> list[str]:
    """Every block of visible text on the page, in order, white space folded."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    # Line breaks in the source are just spaces; blocks are what separate lines.
    for el in root.iter():
        el.text = _WS.sub(" ", el.text) if el.text else el.text
        el.tail = _WS.sub(" ", el.tail) if el.tail else el.tail
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    text = root.text_content()
    return [line for line in (_fold(x) for x in text.split("\n")) if line]


def read_web_page(html: str, url: str | None = None) -> Page:
    """Read a saved page: its lines, the article's lines and its metadata."""
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=True, with_metadata=True, favor_recall=True
        )
    page = Page(lines=page_lines(html), url=url)
    if doc is None:
        return page
    page.title = doc.title or None
    page.author = doc.author or None
    page.date = doc.date or None
    page.sitename = doc.sitename or None
    page.main = {_fold(x) for x in (doc.text or "").split("\n") if x.strip()}
    page.comments = {_fold(x) for x in (doc.comments or "").split("\n") if x.strip()}
    if not page.lines:
        page.lines = [x for x in (_fold(y) for y in (doc.text or "").split("\n")) if x]
    return page


def read_saved_page(
    html: str,
    *,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    byline: object = None,
    names: OutletNames | None = None,
    furniture: frozenset[int] | None = None,
) -> Article:
    """A saved page's anatomy: trafilatura's article lines are the body, the rest page parts.

    What the input says (``title``, ``outlet``, ``published``, ``byline``) wins over the
    page's metadata; the page's author (trafilatura's) becomes the byline when neither
    the input nor the text names one, split into people like any byline.
    """
    page = read_web_page(html, url=url)
    names = names or default_outlet_names()
    art = read_page(
        page.text,
        title=title or page.title,
        outlet=outlet,
        published=published or page.date,
        main=page.main,
        comments=page.comments,
        byline=byline,
        url=url,
        names=names,
        furniture=furniture,
    )
    art.raw = html
    if page.author and not art.bylines:
        art.bylines = split_byline(page.author, names, outlet or page.sitename).people
        if art.bylines and art.credit_kind == "none":
            art.credit_kind, art.credit = "staff", outlet or page.sitename
    if page.sitename and not outlet:
        art.outlet, art.outlet_source = page.sitename, "inferred"
    return art
