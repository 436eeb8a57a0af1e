"""Saved web pages: the article is found, and the rest of the page is kept as parts."""

from datasette_sources.reading import read_article

PAGE = """<html><head><title>Mayor resigns after audit | Springfield News</title>
<meta property="og:site_name" content="Springfield News"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2020-01-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Mayor resigns after audit</h1><p class="byline">By Jane Doe</p>
<p>The mayor resigned on Monday after an audit found missing funds, officials said.
The council will meet on Tuesday to pick an interim leader.</p>
<p>“I take full responsibility for what happened in my office,” the mayor said in a statement
released by her lawyer.</p>
<h2>What happens next</h2>
<p>The council president said an election would be held within ninety days, as the city
charter requires.</p>
<figure><img src="x.jpg"><figcaption>The mayor at city hall in 2019. (AP Photo/John Roe)
</figcaption></figure></article>
<aside><h3>Read more</h3><ul><li><a href="/a">Another story about something else</a></li></ul>
</aside>
<div class="comments"><h3>Leave a Reply</h3><p>Your email address will not be published.</p></div>
<footer>Copyright 2020 Springfield News. All rights reserved.</footer>
<script>alert("not text")</script></body></html>"""


def test_html_article_and_parts():
    a = read_article(PAGE, format="html")
    assert a.title == "Mayor resigns after audit"
    assert a.published == "2020-01-05"
    assert a.bylines == ["Jane Doe"]
    assert a.outlet == "Springfield News"
    assert a.body.startswith("The mayor resigned on Monday")
    assert a.body.endswith("as the city charter requires.")
    kinds = {p.text: p.kind for p in a.parts}
    assert kinds["Leave a Reply"] == "comments"
    assert kinds["Read more"] == "promo"
    assert kinds["What happens next"] == "subhead"
    assert kinds["The mayor at city hall in 2019. (AP Photo/John Roe)"] == "caption"
    assert "Copyright 2020 Springfield News. All rights reserved." in kinds
    assert "alert" not in a.body and not any("alert" in p.text for p in a.parts)
    quote = next(s for s in a.sentences if s.kind == "quote")
    assert quote.speaker == "the mayor"


def test_html_garbage_does_not_crash():
    a = read_article("<html><body></body></html>", format="html")
    assert a.body == "" and a.sentences == []


def page_with_author(author: str) -> str:
    """PAGE with the byline line taken out and the page's author metadata set to ``author``."""
    return PAGE.replace('<p class="byline">By Jane Doe</p>', "").replace(
        '<meta name="author" content="Jane Doe">', f'<meta name="author" content="{author}">'
    )


def test_the_pages_author_is_the_byline_when_the_text_names_none():
    a = read_article(page_with_author("Jane Doe and John Roe, Staff Writers"), format="html")
    assert a.bylines == ["Jane Doe", "John Roe"]
    assert (a.credit, a.credit_kind) == ("Springfield News", "staff")


def test_the_inputs_byline_wins_over_the_pages_author():
    a = read_article(page_with_author("Jane Doe"), format="html", byline='["Ann Lee"]')
    assert a.bylines == ["Ann Lee"]
