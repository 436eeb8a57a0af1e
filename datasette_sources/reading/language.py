"""Which language an article is written in, and whether the reading core reads it.

The reading core's cues, lexicons and opinion model are English: text in another
language would be read as if it said nothing (a Chinese article's lines all filed
as navigation, its score a neutral 50). Such an article is kept whole but not
scored, and the pages say why.

Two steps, so that English text costs next to nothing: script statistics (the
share of letters that are Latin) and, for Latin text, the share of words that are
common English function words. Only text that fails one of them is handed to
py3langid (a small, maintained identifier that ships its model), for its label.

>>> detect_language("The mayor said on Tuesday that the council would meet again next week.").code
'en'
>>> chinese = detect_language("市长周二表示，市议会将再次开会。官员们说，这是一个好消息。")
>>> chinese.code, chinese.supported
('zh', False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Article, Part, Sentence
from .sentences import split_any_script

#: Languages the reading core reads.
SUPPORTED = frozenset({"en"})

#: How much of a text is looked at: enough to tell, little enough to be quick.
SAMPLE_CHARS = 5_000

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[a-z']+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

#: Words that make up a third or more of English news text, and little of any other language's.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in is that for it on was with as said he by at be his are have from this "
    "has not but they an will were who which their had she we been its would or i you her "
    "there after about more than when also up out into what can could over new one two".split()
)

#: Scripts by Unicode range, for saying which one a text is written in.
SCRIPTS = (
    ("Han", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")),
    ("Kana", re.compile(r"[\u3040-\u30ff]")),
    ("Hangul", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("Arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("Hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("Cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("Greek", re.compile(r"[\u0370-\u03ff]")),
    ("Devanagari", re.compile(r"[\u0900-\u097f]")),
    ("Thai", re.compile(r"[\u0e00-\u0e7f]")),
)


@dataclass(frozen=True)
class Language:
    """A text's language: ``code`` (ISO 639-1, ``und`` when it cannot be told), its main
    ``script``, and whether the reading core reads it."""

    code: str
    script: str

    @property
    def supported(self) -> bool:
        return self.code in SUPPORTED or self.code == "und"


def main_script(text: str) -> tuple[str, float]:
    """The script most of the letters are in, and the share of letters that are Latin.

    >>> main_script("Hello, world")
    ('Latin', 1.0)
    >>> main_script("مرحبا بالعالم")[0]
    'Arabic'
    """
    # ASCII letters counted on the UTF-8 bytes in C (no multi-byte character holds an
    # ASCII byte), the patterns run only on the rest: news text is nearly all ASCII, and
    # a findall over every letter of it cost more than all the rest of telling English.
    data = text.encode("utf-8", "surrogatepass")
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    rest = "".join(_NON_ASCII.findall(text))
    letters = ascii_letters + len(_LETTER.findall(rest))
    if not letters:
        return "none", 0.0
    latin = (ascii_letters + len(_LATIN.findall(rest))) / letters
    if latin >= 0.5:
        return "Latin", latin
    counts = [(len(pattern.findall(text)), name) for name, pattern in SCRIPTS]
    count, name = max(counts)
    return (name if count else "other"), latin


def english_share(text: str) -> tuple[float, int]:
    """The share of words that are English function words, and how many words there are.

    >>> english_share("The mayor said that the plan was good.")[0] > 0.3
    True
    >>> english_share("El alcalde dijo que el plan era bueno.")[0]
    0.0
    """
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0, 0
    # The membership test mapped in C: a generator over every word of the page cost more.
    found = sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words))
    return found / len(words), len(words)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> str:
    """py3langid's label for ``text`` (loaded on first use: English text never needs it)."""
    code, _ = _identifier().classify(text)
    return str(code)


def detect_language(text: str) -> Language:
    """The language of an article's text (see the module's docstring for how).

    Text too short to tell, or with no letters, is ``und`` and read as English,
    as it always was.

    >>> detect_language("Se espera que el gobierno anuncie hoy las nuevas medidas "
    ...     "económicas, según fuentes oficiales consultadas por este diario.").code
    'es'
    >>> detect_language("12:30").code
    'und'
    """
    sample = text[:SAMPLE_CHARS]
    script, _ = main_script(sample)
    if script == "none":
        return Language("und", script)
    if script != "Latin":
        return Language(identify(sample), script)
    share, words = english_share(sample)
    # English news text is 35-45% function words; other Latin-script languages, a few %.
    if share >= 0.15 or words < 12:
        return Language("en" if words >= 12 else "und", script)
    code = identify(sample)
    return Language(code, script)


def looks_like_a_headline(line: str) -> bool:
    """A short line of one sentence with no full stop: a headline, in any script.

    >>> looks_like_a_headline("北京市长辞职"), looks_like_a_headline("北京市市长周二宣布辞职。")
    (True, False)
    """
    return len(line) <= 150 and len(split_any_script(line)) == 1 and line[-1] not in ".。!！?？؟۔।"


def keep_whole(art: Article) -> None:
    """An article in a language the reading core does not read: kept whole, not read.

    Every line but the title becomes the body (English page anatomy would file
    most of it as navigation), split into sentences at the ends any script marks;
    no sentence is given a kind and no signal a value, so nothing is scored.
    """
    lines = list(zip(art.extra.get("paragraph_lines", []), art.paragraphs, strict=False))
    datelines = {p.line: p.text for p in art.parts if p.kind == "dateline"}
    lines = [(n, f"{datelines[n]} {t}" if n in datelines else t) for n, t in lines]
    lines += [(p.line or 0, p.text) for p in art.parts if p.kind not in ("title", "dateline")]
    art.parts = [p for p in art.parts if p.kind == "title"]
    lines.sort(key=lambda line: line[0])
    if not art.title and len(lines) > 1 and looks_like_a_headline(lines[0][1]):
        art.title = lines[0][1]
        art.parts.append(Part("title", lines[0][1], lines[0][0]))
        lines = lines[1:]
    art.paragraphs = [text for _, text in lines]
    art.body = "\n\n".join(art.paragraphs)
    art.dateline = None
    art.sentences = [
        Sentence(text=text, position=0, paragraph=p_no, kind=None)  # type: ignore[arg-type]
        for p_no, paragraph in enumerate(art.paragraphs)
        for text in split_any_script(paragraph)
    ]
    for position, sentence in enumerate(art.sentences):
        sentence.position = position
