"""Which language an article is in; text the reader does not read is kept whole, not read."""
# ruff: noqa: E501 (tables of sentences read better one to a line)

from __future__ import annotations

import pytest
from conftest import ARABIC_TEXT, CHINESE_TEXT, SEEDS

from datasette_sources.reading import read_article
from datasette_sources.reading.language import detect_language
from datasette_sources.reading.sentences import split_any_script


@pytest.mark.parametrize(
    "text,code,supported",
    [
        ("The council voted on Monday to close the bridge, the mayor said in a statement.", "en", True),
        ("El ayuntamiento votó el lunes cerrar el puente, según dijo la alcaldesa en un comunicado.", "es", False),
        ("Le conseil municipal a voté lundi la fermeture du pont, a déclaré la maire dans un communiqué.", "fr", False),
        ("Der Stadtrat stimmte am Montag für die Schließung der Brücke, sagte die Bürgermeisterin.", "de", False),
        ("Городской совет в понедельник проголосовал за закрытие моста, заявила мэр.", "ru", False),
        (CHINESE_TEXT, "zh", False),
        (ARABIC_TEXT, "ar", False),
        ("市議会は月曜日、橋を閉鎖することを決めたと市長が述べた。", "ja", False),
        ("12:30 — 14:45", "und", True),  # nothing to tell by: read as before
        ("Breaking news", "und", True),
        ("BIDEN SIGNS BILL", "und", True),
    ],
)  # fmt: skip
def test_detect_language(text, code, supported):
    language = detect_language(text)
    assert (language.code, language.supported) == (code, supported)


def test_every_seed_is_english():
    assert {detect_language(p.read_text()).code for p in SEEDS.iterdir()} == {"en"}


@pytest.mark.parametrize(
    "paragraph,sentences",
    [
        ("市长辞职了。议会将开会！谁来接任？", ["市长辞职了。", "议会将开会！", "谁来接任？"]),
        ("他说：“我们会努力。”然后离开了。", ["他说：“我们会努力。”", "然后离开了。"]),
        ("استقال رئيس البلدية. هل سيجتمع المجلس؟ نعم", ["استقال رئيس البلدية.", "هل سيجتمع المجلس؟", "نعم"]),
        ("ראש העיר התפטר. המועצה תתכנס.", ["ראש העיר התפטר.", "המועצה תתכנס."]),
        ("महापौर ने इस्तीफा दिया। परिषद बैठक करेगी।", ["महापौर ने इस्तीफा दिया।", "परिषद बैठक करेगी।"]),
        ("Costó 3.5 millones. Nadie lo sabía.", ["Costó 3.5 millones.", "Nadie lo sabía."]),
    ],
)  # fmt: skip
def test_sentences_in_any_script(paragraph, sentences):
    assert split_any_script(paragraph) == sentences


@pytest.mark.parametrize(
    "text,code,title,count",
    [(CHINESE_TEXT, "zh", "北京市长辞职", 4), (ARABIC_TEXT, "ar", "استقالة رئيس البلدية", 3)],
)
def test_text_not_read_is_kept_whole(text, code, title, count):
    art = read_article(text)
    assert art.language == code
    assert art.title == title
    # every line but the title is the body: nothing was filed away as navigation
    assert art.body.replace("\n\n", "\n") == text.split("\n\n", 1)[1].strip().replace("\n\n", "\n")
    assert [p.kind for p in art.parts] == ["title"]
    assert len(art.sentences) == count
    assert {s.kind for s in art.sentences} == {None}  # not read: no kind claimed
    assert set(art.signals.values()) == {None}


def test_a_saved_page_in_chinese():
    html = (
        "<html><body><nav>首页</nav><article><h1>北京市长辞职</h1>"
        "<p>北京市市长周二宣布辞职。官员们说，市议会将于下周开会选出新市长。</p>"
        "<p>这是一个重要的消息，许多市民对此表示关注。</p></article></body></html>"
    )
    art = read_article(html, format="html")
    assert (art.language, art.title) == ("zh", "北京市长辞职")
    assert "北京市市长周二宣布辞职。" in art.body and "许多市民对此表示关注。" in art.body
