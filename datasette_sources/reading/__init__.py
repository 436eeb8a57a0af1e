"""Reading one article: page anatomy, sentences, whose voice each is in, then signals.

The stages, in the order :func:`read_article` runs them:

- :mod:`.web_page` (saved pages only) and :mod:`.anatomy`: lines -> page parts and body,
  with :mod:`.dates` and :mod:`.credit` read from the parts;
- :mod:`.sentences`: paragraphs -> sentences (:mod:`.quotations` finds what is quoted);
- :mod:`.voices`: :mod:`.attribution` (cues and speakers in each sentence), speakers
  resolved across sentences (:mod:`.speakers`), then :mod:`.opinion`;
- the signals (:mod:`datasette_sources.signals`).
"""

from .pipeline import TooManySentences, article_id, read_article

__all__ = ["TooManySentences", "article_id", "read_article"]
