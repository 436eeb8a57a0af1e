"""``passage_carriers``: for each traced passage, how many articles and outlets carry it.

A passage (``quotes.passage``, written by the story pass) is a quotation several
articles carry. The speaker page lists a speaker's most widely carried passages; a
``group by`` over every quotation of every passage of a much-quoted speaker grows with
the database, so the store keeps the answer, one row per passage:

- ``articles``: articles with a quotation of it; ``outlets``: their distinct outlets
  (articles of no known outlet count as one, ``(unknown)``); ``first_published``: the
  earliest of their dates.

Triggers on ``quotes`` (insert, delete, a change of ``passage``) and on ``articles``
(a change of outlet or date, an article added or deleted) only note the passages
concerned in ``passage_carriers_due``, in the same transaction, whoever writes;
:func:`recount_due` counts those again from ``quotes``. The story pass does it in the
transaction that writes passages, a load at its end, and a full rescore or
:func:`refresh_passage_carriers` counts every passage again.

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> db["articles"].create({"id": str, "outlet": str, "published": str}, pk="id")
<Table articles (id, outlet, published)>
>>> db["quotes"].create({"article_id": str, "number": int, "passage": str},
...     pk=("article_id", "number"))
<Table quotes (article_id, number, passage)>
>>> create_passage_carriers(db)
>>> db["articles"].insert_all([{"id": "a", "outlet": "CNN", "published": "2020-05-02"},
...     {"id": "b", "outlet": "", "published": "2020-05-01"}])
<Table articles (id, outlet, published)>
>>> db["quotes"].insert_all([{"article_id": "a", "number": 0, "passage": "p"},
...     {"article_id": "b", "number": 0, "passage": "p"}])
<Table quotes (article_id, number, passage)>
>>> recount_due(db)
>>> list(db["passage_carriers"].rows)
[{'passage': 'p', 'articles': 2, 'outlets': 2, 'first_published': '2020-05-01'}]
>>> _ = db.execute("update quotes set passage = null where article_id = 'b'")
>>> recount_due(db)
>>> list(db["passage_carriers"].rows)
[{'passage': 'p', 'articles': 1, 'outlets': 1, 'first_published': '2020-05-02'}]
"""

from __future__ import annotations

import sqlite_utils

from .outlets import UNKNOWN_OUTLET

__all__ = [
    "PASSAGE_CARRIERS",
    "PASSAGE_CARRIER_COLUMNS",
    "PASSAGE_CARRIER_TABLES",
    "PASSAGES_DUE",
    "count_passage_carriers",
    "create_passage_carriers",
    "recount_due",
    "refresh_passage_carriers",
]

#: The summary table, one row per passage, and its columns.
PASSAGE_CARRIERS = "passage_carriers"
PASSAGE_CARRIER_COLUMNS: dict[str, type] = {
    "passage": str,
    "articles": int,
    "outlets": int,
    "first_published": str,
}
#: Passages whose row is to be counted again.
PASSAGES_DUE = "passage_carriers_due"
#: Both tables: (columns, primary key), for the schema's ownership checks.
PASSAGE_CARRIER_TABLES: dict[str, tuple[dict[str, type], str]] = {
    PASSAGE_CARRIERS: (PASSAGE_CARRIER_COLUMNS, "passage"),
    PASSAGES_DUE: ({"passage": str}, "passage"),
}


def _due(value: str) -> str:
    """SQL noting a passage (``new.passage``, ``old.passage``) as due, if it is one."""
    return (
        f"insert or ignore into {PASSAGES_DUE} (passage) select {value} "
        f"where {value} is not null and {value} != '';"
    )


def _article_due(row: str) -> str:
    """SQL noting as due every passage quoted in one article (read by primary key)."""
    return (
        f"insert or ignore into {PASSAGES_DUE} (passage) select passage from quotes "
        f"where article_id = {row}.id and passage is not null and passage != '';"
    )


#: Triggers that note due passages: name -> body. Noting is one primary-key write; the
#: counting waits for :func:`recount_due`, once per passage however many rows changed.
TRIGGERS = {
    "passage_carriers_ai": f"AFTER INSERT ON quotes BEGIN {_due('new.passage')} END",
    "passage_carriers_ad": f"AFTER DELETE ON quotes BEGIN {_due('old.passage')} END",
    "passage_carriers_au": (
        "AFTER UPDATE OF passage, article_id ON quotes "
        "WHEN old.passage is not new.passage or old.article_id is not new.article_id "
        f"BEGIN {_due('old.passage')} {_due('new.passage')} END"
    ),
    "passage_carriers_article_ai": f"AFTER INSERT ON articles BEGIN {_article_due('new')} END",
    "passage_carriers_article_ad": f"AFTER DELETE ON articles BEGIN {_article_due('old')} END",
    "passage_carriers_article_au": (
        "AFTER UPDATE OF outlet, published ON articles "
        "WHEN old.outlet is not new.outlet or old.published is not new.published "
        f"BEGIN {_article_due('new')} END"
    ),
}

#: Each passage's carriers, from ``quotes`` and ``articles`` (``{where}``: which passages).
COUNT = (
    f"insert into {PASSAGE_CARRIERS} (passage, articles, outlets, first_published) "
    "select q.passage, count(distinct q.article_id), "
    "count(distinct case when a.outlet is null or trim(a.outlet) = '' then :unknown "
    "else a.outlet end), min(a.published) "
    "from quotes q join articles a on a.id = q.article_id "
    "where q.passage is not null and q.passage != '' {where} group by q.passage"
)


def create_passage_carriers(db: sqlite_utils.Database) -> None:
    """Create ``passage_carriers``, its due list and triggers, counted from ``quotes``,
    if missing (an older database gains them on its next load)."""
    if not db[PASSAGES_DUE].exists():
        db[PASSAGES_DUE].create({"passage": str}, pk="passage")
    if not db[PASSAGE_CARRIERS].exists():
        db[PASSAGE_CARRIERS].create(PASSAGE_CARRIER_COLUMNS, pk="passage")
        count_passage_carriers(db)
    have = {r[0] for r in db.execute("select name from sqlite_master where type = 'trigger'")}
    for name, body in TRIGGERS.items():
        if name not in have:
            db.execute(f"CREATE TRIGGER [{name}] {body}")


def count_passage_carriers(db: sqlite_utils.Database) -> None:
    """Count every passage again from ``quotes`` (a full pass: a full rescore, a copy in
    bulk); nothing is due after it."""
    db.execute(f"delete from [{PASSAGE_CARRIERS}]")
    db.execute(COUNT.format(where=""), {"unknown": UNKNOWN_OUTLET})
    db.execute(f"delete from [{PASSAGES_DUE}]")


def recount_due(db: sqlite_utils.Database) -> None:
    """Count the due passages again, in the caller's transaction (or its own statements):
    a passage no quotation carries any more loses its row."""
    if not db[PASSAGES_DUE].exists():
        return
    due = f"select passage from [{PASSAGES_DUE}]"
    db.execute(f"delete from [{PASSAGE_CARRIERS}] where passage in ({due})")
    db.execute(COUNT.format(where=f"and q.passage in ({due})"), {"unknown": UNKNOWN_OUTLET})
    db.execute(f"delete from [{PASSAGES_DUE}]")


def refresh_passage_carriers(db: sqlite_utils.Database) -> None:
    """Create if missing, then count every passage again, in one transaction."""
    with db.atomic():
        create_passage_carriers(db)
        count_passage_carriers(db)
