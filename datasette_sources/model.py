"""The reading of one article, as plain data.

Every stage of the reading core fills part of these objects; the loader turns
them into rows. Nothing here knows about SQLite or Datasette.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Sentence kinds, in the order a reader meets them on the scorecard.
SENTENCE_KINDS = ("quote", "attributed", "opinion", "author")

#: Values of ``articles.credit_kind``.
CREDIT_KINDS = ("staff", "wire", "republished", "none")


@dataclass
class Part:
    """A piece of the page that is not body text: title, byline, caption, promo...

    >>> Part("byline", "By Phil Stewart", line=37)
    Part(kind='byline', text='By Phil Stewart', line=37)
    """

    kind: str
    text: str
    line: int | None = None


@dataclass
class Sentence:
    """One body sentence and whose voice it is in.

    ``kind`` is one of :data:`SENTENCE_KINDS`. ``speaker`` and ``cue`` are set
    for quotes and attributed sentences when they can be found.
    """

    text: str
    position: int = 0
    paragraph: int = 0
    kind: str = "author"
    speaker: str | None = None
    cue: str | None = None
    anonymous: bool = False
    speaker_type: str | None = None  # named | anonymous | institutional
    has_sic: bool = False
    #: Every (speaker, cue, speaker_type) found; the first is the sentence's speaker.
    attributions: list[tuple[str, str | None, str]] = field(default_factory=list)
    brackets: list[str] = field(default_factory=list)
    quotations: list[str] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    #: The opinion model's probability for a sentence in the writer's voice.
    opinion_score: float | None = None
    opinion_markers: list[str] = field(default_factory=list)
    #: Why an ``opinion`` sentence is one, in words: markers, then the model's weightiest parts.
    opinion_reasons: list[str] = field(default_factory=list)


@dataclass
class Article:
    """An article as read: its page parts, its body and its sentences.

    Built by :func:`datasette_sources.reading.read_article`; signal functions
    take one of these and return numbers.
    """

    raw: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    outlet_source: str = "unknown"  # metadata | inferred | unknown
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    dateline: str | None = None
    bylines: list[str] = field(default_factory=list)
    credit: str | None = None
    credit_kind: str = "none"
    body: str = ""
    paragraphs: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, float] = field(default_factory=dict)
    id: str | None = None
    #: ISO 639-1 code (``und``: could not be told); see :mod:`.reading.language`.
    language: str | None = None

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def boilerplate_text(self) -> str:
        return "\n".join(p.text for p in self.parts if p.kind not in ("title",))
