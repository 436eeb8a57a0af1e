"""Reading is pure: an article reads the same whatever was read before it."""

from datasette_sources.reading import read_article

#: Two articles that share a sentence; the first resolves its "he" to John Smith.
FIRST = (
    "Council votes\n\n"
    "John Smith spoke to the city council on Monday about the new budget plan.\n\n"
    '"We will act now," he said.'
)
SECOND = (
    "Mayor speaks\n\n"
    "Bob Brown spoke to the city council on Tuesday about the new budget plan.\n\n"
    '"We will act now," he said. "It is time to go," he said.'
)


def speakers(text):
    return [(s.kind, s.speaker) for s in read_article(text).sentences]


def test_an_article_reads_the_same_after_another():
    alone = speakers(SECOND)
    speakers(FIRST)
    assert speakers(SECOND) == alone
    assert alone[-1] == ("quote", "Bob Brown")


def test_reading_twice_gives_the_same_article():
    first = read_article(FIRST + "\n\n" + SECOND)
    again = read_article(FIRST + "\n\n" + SECOND)
    assert [vars(s) for s in first.sentences] == [vars(s) for s in again.sentences]
    assert first.signals == again.signals


def test_the_seeds_read_the_same_in_any_order():
    """Every sentence's kind, speaker, markers and reasons, whatever was read before."""
    from dataclasses import asdict
    from pathlib import Path

    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
    ]

    def reading(text):
        art = read_article(text)
        return [asdict(s) for s in art.sentences], art.signals

    forward = [reading(t) for t in texts]
    backward = [reading(t) for t in reversed(texts)][::-1]
    assert forward == backward
    assert [reading(t) for t in texts] == forward
