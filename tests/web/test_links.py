"""The pages' URLs: PageLinks over Datasette's own URL builder, and ids read from URLs."""

from __future__ import annotations

import pytest
from datasette.app import Datasette

from datasette_sources.web.links import (
    MAX_ID_LENGTH,
    PageLinks,
    decode_id,
    facet_args,
    with_query,
)


def links_for(name: str, base_url: str = "/") -> PageLinks:
    ds = Datasette(settings={"base_url": base_url})
    ds.add_memory_database(name)
    return PageLinks.for_database(ds, ds.get_database(name))


@pytest.mark.parametrize(
    "name,base_url,call,expected",
    [
        ("sources", "/", lambda k: k.database_page(), "/sources"),
        ("sources", "/", lambda k: k.table("score_parts"), "/sources/score_parts"),
        ("sources", "/", lambda k: k.row("articles", "a/b~c"), "/sources/articles/a~2Fb~7Ec"),
        ("sources", "/", lambda k: k.overview(), "/-/sources/sources"),
        ("sources", "/", lambda k: k.scorecard("x y"), "/-/sources/sources/article/x+y"),
        ("sources", "/", lambda k: k.scorecard(15), "/-/sources/sources/article/15"),
        ("sources", "/", lambda k: k.story("s/1"), "/-/sources/sources/story/s~2F1"),
        ("more sources", "/", lambda k: k.table("articles"), "/more+sources/articles"),
        ("more sources", "/", lambda k: k.overview(), "/-/sources/more+sources"),
        ("more sources", "/", lambda k: k.story("1"), "/-/sources/more+sources/story/1"),
        ("sources", "/base/", lambda k: k.table("articles"), "/base/sources/articles"),
        ("sources", "/base/", lambda k: k.overview(), "/base/-/sources/sources"),
        ("sources", "/base/", lambda k: k.scorecard("1"), "/base/-/sources/sources/article/1"),
    ],
)
def test_page_links(name, base_url, call, expected):
    assert call(links_for(name, base_url)) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("15b8823c3fb9f7e7", "15b8823c3fb9f7e7"),
        ("x+y", "x y"),
        ("a~2Fb", "a/b"),
        # Not tilde-encoding, but Datasette decodes it anyway: looked up, never found.
        ("~zz", "%zz"),
        ("", None),
        (None, None),
        ("~00", None),
        ("x" * MAX_ID_LENGTH, "x" * MAX_ID_LENGTH),
        ("x" * (MAX_ID_LENGTH + 1), None),
        ("~2F" * MAX_ID_LENGTH, "/" * MAX_ID_LENGTH),
        ("~2F" * MAX_ID_LENGTH + "x", None),
    ],
)
def test_decode_id(raw, expected):
    assert decode_id(raw) == expected


@pytest.mark.parametrize(
    "params,expected",
    [
        ({}, "/t"),
        ({"_sort_desc": "score", "outlet": "Evil & Co"}, "/t?_sort_desc=score&outlet=Evil+%26+Co"),
        ({"_facet": ["kind", "speaker"]}, "/t?_facet=kind&_facet=speaker"),
        ({"speaker": "<script>"}, "/t?speaker=%3Cscript%3E"),
    ],
)
def test_with_query(params, expected):
    assert with_query("/t", **params) == expected


@pytest.mark.parametrize(
    "wanted,settings,expected",
    [
        (["kind"], {}, {"_facet": ["kind"]}),
        (["kind", "speaker"], {"facets": ["speaker"]}, {"_facet": ["kind"]}),
        (["kind"], {"facets": [{"simple": "kind"}]}, {}),
        (["kind"], {"facets": [{"array": "kind"}]}, {"_facet": ["kind"]}),
        (["kind"], {"facets": None}, {"_facet": ["kind"]}),
    ],
)
def test_facet_args(wanted, settings, expected):
    assert facet_args(wanted, settings) == expected
