"""One article from raw text to signals: the reading stages in order.

>>> text = "A headline here\\n\\nThe minister resigned, officials said. It is a disgrace."
>>> art = read_article(text)
>>> [s.kind for s in art.sentences], art.signals["opinion_sentences"]
(['attributed', 'opinion'], 1)
"""

from __future__ import annotations

import hashlib

from ..model import Article
from ..plugins import all_signals
from ..signals import Signal
from .anatomy import read_page
from .language import detect_language, keep_whole
from .outlet_names import OutletNames
from .sentences import split_sentences
from .voices import label_sentences
from .web_page import read_saved_page


class TooManySentences(ValueError):
    """An article of more sentences than any news article has: not read.

    >>> str(TooManySentences(30000, 20000))
    'too large: 30,000 sentences, more than the 20,000 allowed (--max-sentences)'
    """

    def __init__(self, found: int, limit: int):
        super().__init__(
            f"too large: {found:,} sentences, more than the {limit:,} allowed (--max-sentences)"
        )


def article_id(text: str, outlet: str | None = None) -> str:
    """A stable id: a hash of the outlet and the text with white space folded.

    >>> article_id("Some  text") == article_id("Some text\\n")
    True
    """
    # str.split() splits on exactly the characters \s matches, and faster than re.sub.
    key = (outlet or "").strip().lower() + "\n" + " ".join(text.split())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def read_article(
    text: str,
    *,
    path: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    signals: list[Signal] | None = None,
    format: str = "text",
    byline: object = None,
    names: OutletNames | None = None,
    furniture: frozenset[int] | None = None,
    max_sentences: int | None = None,
) -> Article:
    """Read raw article text (``format="html"``: a saved web page) into an :class:`Article`.

    The stages: page anatomy (parts, title, body, dates, credit), sentences, whose
    voice each sentence is in (attribution, speakers, opinion), then every signal.
    ``byline`` is the input's own (text, JSON or a list); ``names`` the outlet names
    credit is read with; ``furniture`` the keys of lines the outlet repeats on its pages.
    More than ``max_sentences`` sentences raise :class:`TooManySentences` before
    any is read.
    """
    given = {"byline": byline, "names": names, "furniture": furniture}
    if format == "html":
        art = read_saved_page(
            text, url=url, title=title, outlet=outlet, published=published, **given
        )
    else:
        art = read_page(text, title=title, outlet=outlet, published=published, url=url, **given)
    art.path, art.url = path, url
    art.id = article_id(text, outlet)
    # What the page holds, body and parts: the raw text of a saved page is mostly markup.
    language = detect_language("\n".join(art.paragraphs + [p.text for p in art.parts]))
    art.language = language.code
    signals = signals if signals is not None else all_signals()
    if not language.supported:
        keep_whole(art)  # kept, not read: no kinds, no signal values, not scored
        if max_sentences is not None and len(art.sentences) > max_sentences:
            raise TooManySentences(len(art.sentences), max_sentences)
        art.signals = {sig.name: None for sig in signals}  # type: ignore[misc]
        return art
    sentences = split_sentences(art.paragraphs)
    if max_sentences is not None and len(sentences) > max_sentences:
        raise TooManySentences(len(sentences), max_sentences)
    art.sentences = label_sentences(sentences)
    for sig in signals:
        art.signals[sig.name] = sig.measure(art)
    return art


#: A short article that needs every resource reading loads once (see :func:`warm_up`).
WARM_UP_TEXT = "Warm up here\n\nThe mayor said \u201cwe will go\u201d on Monday. It is a disgrace."


def warm_up() -> None:
    """Load in this process what reading loads once: the opinion model and its lexicons,
    the syllable table, the compiled patterns.

    Reading processes forked after it start warm (and share those pages), so that a
    time budget counts an article's reading rather than the loading: on a slow machine
    the first article of a cold process took 0.9 s of CPU, past a budget of 0.5 s.

    >>> warm_up()
    """
    read_article(WARM_UP_TEXT)
