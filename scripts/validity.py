"""Every figure of docs/validity.md, from the shared corpora, with one command.

    python scripts/validity.py --corpora ../shared/corpora --work /tmp/validity \\
        --write docs/validity.md

Two labelled sets, each loaded into a fresh database by the real loader
(``datasette_sources.store.load``) and measured by the same code as
``datasette-sources evaluate`` (``store.evaluations`` + ``evaluation.run``):

horne
    Horne & Adali 2017, BuzzFeed political news: 101 articles, real = 1,
    fake = 0. Stratum: length band (terciles of the text's word count), since
    length alone separates the classes. Split: ``dev`` when the first byte of
    sha256(id) is even, else ``test``.
allsides
    AllSides articles (Baly et al. 2020) whose outlet has an MBFC factuality
    label in Baly et al.'s corpora (acl2020 first, else emnlp18; matched on
    the outlet's host, www. dropped; entries for a section of a site, such as
    npr.org/sections/news, are not matched to the whole host): high = 1,
    mixed or low = 0. A fixed sample: per political lean, articles in order of
    sha256(ID), at most ``--per-outlet`` per outlet, ``--per-lean`` in all.
    Group: the outlet's host; stratum: the lean. Split by outlet: ``dev`` when
    the first byte of sha256(host) is even, else ``test``, so no outlet is on
    both sides.

Weights are decided on the ``dev`` parts only (docs/score.md says how); the
``test`` parts are reported and never looked at to set a weight. Each set is
measured with the weights before issue 15 (``PREVIOUS``) and the package's
defaults now. ``--write FILE`` replaces the text between the markers
``<!-- validity:begin -->`` and ``<!-- validity:end -->`` of FILE; without it
the tables go to stdout. The work folder (databases, sample, label files) is
outside the repository: the corpora are never copied into it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import re
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_sources.evaluation.labels import read_labels  # noqa: E402
from datasette_sources.evaluation.protocol import ALL, MEAN_WITHIN, SCORE  # noqa: E402
from datasette_sources.evaluation.run import CROSS_VALIDATED, evaluate  # noqa: E402
from datasette_sources.inputs import ColumnMap  # noqa: E402
from datasette_sources.plugins import all_signals  # noqa: E402
from datasette_sources.store import load  # noqa: E402
from datasette_sources.store.evaluations import labelled_articles  # noqa: E402

#: The default weights before issue 15 (every other signal 0).
PREVIOUS = {
    "attribution_density": 3.0,
    "opinion_sentences": 3.0,
    "uncredited_copy_share": 3.0,
    "distinct_speakers": 2.0,
    "credit_and_byline": 2.0,
    "sic_count": 1.0,
}
BEGIN, END = "<!-- validity:begin -->", "<!-- validity:end -->"


def stable(text: str) -> int:
    """The first byte of sha256(text): a fixed, documented order and split."""
    return hashlib.sha256(text.encode()).digest()[0]


def part_of(text: str) -> str:
    return "dev" if stable(text) % 2 == 0 else "test"


def host(url: str) -> tuple[str, str]:
    """(host without www., path) of a URL or bare domain.

    >>> host("http://www.npr.org/sections/news/"), host("www1.cbn.com")
    (('npr.org', 'sections/news'), ('cbn.com', ''))
    """
    url = url.strip().lower()
    parts = urlsplit(url if "://" in url else "http://" + url)
    return re.sub(r"^www\d*\.", "", parts.hostname or ""), parts.path.strip("/")


def factuality(corpora: Path) -> dict[str, str]:
    """Outlet host -> MBFC factual reporting (high, mixed, low), acl2020 over emnlp18."""
    found: dict[str, str] = {}
    for name in ("corpus_emnlp18.tsv", "corpus_acl2020.tsv"):
        with open(corpora / "baly_media_factuality" / name, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                h, path = host(row["source_url"])
                if not path:
                    found[h] = row["fact"]
    return found


def horne_inputs(corpora: Path, work: Path) -> tuple[Path, Path, ColumnMap]:
    """The Horne CSV as it is, and its labels file (id, label, stratum = length band, part)."""
    source = corpora / "horne2017_buzzfeed" / "horne2017_buzzfeed.csv"
    with open(source, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    lengths = sorted(len(r["text"].split()) for r in rows)
    cuts = (lengths[len(lengths) // 3], lengths[2 * len(lengths) // 3])
    labels = work / "horne_labels.csv"
    with open(labels, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "label", "stratum", "part"])
        for r in rows:
            words = len(r["text"].split())
            band = "short" if words < cuts[0] else "medium" if words < cuts[1] else "long"
            out.writerow([r["id"], int(r["label"] == "real"), band, part_of(r["id"])])
    return source, labels, ColumnMap(id="id", text="text", title="title")


def allsides_inputs(
    corpora: Path, work: Path, per_lean: int, per_outlet: int
) -> tuple[Path, Path, ColumnMap]:
    """The fixed AllSides sample as a CSV, and its labels file (id, label, group, stratum, part)."""
    fact = factuality(corpora)
    csv.field_size_limit(1 << 30)
    with gzip.open(corpora / "allsides" / "allsides_articles.csv.gz", "rt", encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if fact.get(host(r["source_url"])[0]) and r["content_original"].strip()
        ]
    rows.sort(key=lambda r: hashlib.sha256(r["ID"].encode()).hexdigest())
    chosen, per = [], {}
    for lean in ("left", "center", "right"):
        taken = 0
        for r in rows:
            outlet = host(r["source_url"])[0]
            if r["bias_text"] != lean or per.get(outlet, 0) >= per_outlet or taken >= per_lean:
                continue
            per[outlet] = per.get(outlet, 0) + 1
            taken += 1
            chosen.append(r)
    sample, labels = work / "allsides_sample.csv", work / "allsides_labels.csv"
    with (
        open(sample, "w", newline="", encoding="utf-8") as s,
        open(labels, "w", newline="", encoding="utf-8") as lab,
    ):
        out, lout = csv.writer(s), csv.writer(lab)
        out.writerow(["id", "outlet", "url", "published", "authors", "title", "text"])
        lout.writerow(["id", "label", "group", "stratum", "part"])
        for r in chosen:
            outlet = host(r["source_url"])[0]
            out.writerow(
                [
                    r["ID"],
                    outlet,
                    r["url"],
                    r["date"],
                    r["authors"],
                    r["title"],
                    r["content_original"],
                ]
            )
            label = int(fact[outlet] == "high")
            lout.writerow([r["ID"], label, outlet, r["bias_text"], part_of(outlet)])
    columns = ColumnMap(id="id", text="text", title="title", outlet="outlet", url="url",
                        published="published")  # fmt: skip
    return sample, labels, columns
