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
