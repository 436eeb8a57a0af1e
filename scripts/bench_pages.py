"""Time every kind of page a large datasette-sources database serves, over HTTP.

Starts a real ``datasette serve`` on loopback (the same Python, so the same
Datasette and the same installed plugin), with the metadata file and the
database opened immutable (``-i``) as ``datasette publish`` does, and with
Datasette's default settings, so the default time limits apply
(``sql_time_limit_ms`` 1000, ``facet_time_limit_ms`` 200). Then it requests:

- ``overview``: ``/-/sources``
- ``scorecard``: ``/-/sources/<db>/article/<id>`` for the largest articles by
  word_count and for random ones (fixed seed)
- ``row``: Datasette's own row page ``/<db>/articles/<id>`` for the same articles
- ``story``: ``/-/sources/<db>/story/<id>`` for the stories with most articles
  and for random ones
- ``outlet``: ``/-/sources/<db>/outlet/<name>`` for the outlets with most
  articles and for random ones
- ``speaker``: ``/-/sources/<db>/speaker/<id>`` for the speakers with most
  sentences and for random ones, and the middle and last pages of the most quoted one's
  sentences
- ``list``: every outlet and every story (first and last page), and a search
- ``table``: ``/<db>/<table>`` for every table the plugin's table settings
  (``datasette_sources/data/tables.yml``) or the metadata file describe (their
  configured facets apply), plus ``sentences?_facet=kind``; the plugin sends
  ``articles`` and ``sentences`` on to their default columns, and the redirect
  is timed with the page
- ``table-filtered``: the filtered table pages the plugin's pages link to
  (an outlet's articles, an article's sentences and score parts, a
  speaker's sentences by name and by speaker_id, a story's articles)
- ``view``: ``/<db>/<view>`` for every SQL view in the database
- ``query``: ``/<db>/<name>`` for every canned query in the metadata file
  (``plugins: datasette-sources: queries:`` and ``databases: <db>: queries:``)

One untimed warm-up request per kind comes first; then every page is
requested ``--repeat`` times, round by round. Per kind it prints a Markdown
table of count, median, p95 and max (milliseconds), status codes, and flags
any page that returned something other than 200 or whose HTML carries
Datasette's "SQL query took too long" / "SQL Interrupted" error or a
"These facets timed out" notice. The slowest pages follow, then the
server's peak RSS (VmHWM from /proc, Linux only).

Examples::

    python scripts/bench_pages.py /tmp/allsides.db
    python scripts/bench_pages.py /tmp/allsides.db --metadata metadata.yml \\
        --articles 20 --stories 20 --repeat 5
    python scripts/bench_pages.py sources.db --only overview,query --repeat 1
    python scripts/bench_pages.py big.db --json /tmp/pages.json   # raw timings too
    python scripts/bench_pages.py big.db --inspect   # table counts as publish serves them

The database is served under the name ``--name`` (default ``sources``): when
the file is called something else, a symlink ``<name>.db`` in a temporary
folder points to it.
The database is only read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: Text in a page that means a query was cut off by a time limit.
PROBLEMS = {
    "interrupted": re.compile(r"SQL query took too long|SQL Interrupted"),
    "facet timed out": re.compile(r"These facets timed out"),
    "count timed out": re.compile(r"Count query timed out"),
}
KINDS = (
    "overview",
    "scorecard",
    "row",
    "story",
    "outlet",
    "speaker",
    "list",
    "table",
    "table-filtered",
    "view",
    "query",
)


@dataclass
class Page:
    kind: str
    path: str
    label: str
    times: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    size: int = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quote(value: str) -> str:
    """A value for a URL path segment, the way Datasette tilde-encodes ids."""
    from datasette.utils import tilde_encode

    return tilde_encode(value)


def _table_url(db: str, table: str, **params: str) -> str:
    path = f"/{_quote(db)}/{_quote(table)}"
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def load_metadata(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def package_tables() -> dict:
    """The tables the plugin gives settings to, by name (``data/tables.yml``)."""
    import yaml

    path = Path(__file__).resolve().parent.parent / "datasette_sources" / "data" / "tables.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["tables"]


def canned_query_names(metadata: dict, name: str) -> list[str]:
    """Every canned query the metadata file gives: the plugin's block and the database's."""
    names: list[str] = []
    plugin = ((metadata.get("plugins") or {}).get("datasette-sources") or {}).get("queries")
    database = ((metadata.get("databases") or {}).get(name) or {}).get("queries")
    for block in (plugin, database):
        for q in block or {}:
            if q not in names:
                names.append(str(q))
    return names


def _largest_then_random(
    conn: sqlite3.Connection, ordered_sql: str, n: int, rng: random.Random
) -> tuple[list[str], int]:
    """Ids: the first half of ``n`` in ``ordered_sql``'s order, then random others.

    Returns the ids and how many of them are the largest.
    """
    ids = [r[0] for r in conn.execute(ordered_sql)]
    n_largest = n - n // 2
    largest, rest = ids[:n_largest], ids[n_largest:]
    return largest + rng.sample(rest, min(n // 2, len(rest))), len(largest)


def choose_pages(
    db_path: Path, name: str, metadata: dict, n_articles: int, n_stories: int, seed: int
) -> list[Page]:
    """The pages to time, chosen from the database (opened read-only)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    rng = random.Random(seed)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    views = [
        r[0]
        for r in conn.execute("select name from sqlite_master where type = 'view' order by name")
    ]
    pages = [Page("overview", "/-/sources", "overview")]

    # Articles: the largest by word count, then random ones.
    articles, n_largest = _largest_then_random(
        conn, "select id from articles order by word_count desc, id", n_articles, rng
    )
    largest = articles[:n_largest]
    for i, article_id in enumerate(articles):
        tag = "largest" if i < n_largest else "random"
        pages.append(
            Page(
                "scorecard",
                f"/-/sources/{_quote(name)}/article/{_quote(str(article_id))}",
                f"{tag} {article_id}",
            )
        )
        pages.append(
            Page(
                "row", f"/{_quote(name)}/articles/{_quote(str(article_id))}", f"{tag} {article_id}"
            )
        )

    # Stories: the most articles, then random ones.
    stories: list[str] = []
    if "stories" in tables:
        stories, n_big = _largest_then_random(
            conn, "select id from stories order by article_count desc, id", n_stories, rng
        )
        for i, story_id in enumerate(stories):
            tag = "largest" if i < n_big else "random"
            pages.append(
                Page(
                    "story",
                    f"/-/sources/{_quote(name)}/story/{_quote(str(story_id))}",
                    f"{tag} {story_id}",
                )
            )

    # Outlets: the most articles, then random ones; the lists and a search.
    if "outlets" in tables:
        outlets, n_big = _largest_then_random(
            conn,
            "select outlet from outlets where outlet != '(unknown)' "
            "order by article_count desc, outlet",
            n_stories,
            rng,
        )
        for i, outlet in enumerate(outlets):
            tag = "largest" if i < n_big else "random"
            url = f"/-/sources/{_quote(name)}/outlet/{_quote(str(outlet))}"
            pages.append(Page("outlet", url, f"{tag} {outlet}"))
        n_outlets = conn.execute("select count(*) from outlets").fetchone()[0]
        last = max(1, -(-n_outlets // 50))
        pages.append(Page("list", f"/-/sources/{_quote(name)}/outlets", "outlets"))
        pages.append(
            Page("list", f"/-/sources/{_quote(name)}/outlets?page={last}", "outlets, last page")
        )
    # Speakers: the most quoted or cited, then random ones; the largest one's middle and
    # last pages.
    if "speakers" in tables:
        speakers, n_big = _largest_then_random(
            conn, "select id from speakers order by sentence_count desc, id", n_stories, rng
        )
        for i, speaker_id in enumerate(speakers):
            tag = "largest" if i < n_big else "random"
            url = f"/-/sources/{_quote(name)}/speaker/{speaker_id}"
            pages.append(Page("speaker", url, f"{tag} {speaker_id}"))
        if speakers:
            top = conn.execute(
                "select sentence_count from speakers where id = ?", [speakers[0]]
            ).fetchone()[0]
            last = max(1, -(-top // 50))
            url = f"/-/sources/{_quote(name)}/speaker/{speakers[0]}?page={last}"
            pages.append(Page("speaker", url, f"largest {speakers[0]}, last page"))
            if last > 2:  # the middle: the page farthest from both ends
                url = f"/-/sources/{_quote(name)}/speaker/{speakers[0]}?page={last // 2}"
                pages.append(Page("speaker", url, f"largest {speakers[0]}, middle page"))
            pages.append(
                Page(
                    "table-filtered",
                    _table_url(name, "sentences", speaker_id=str(speakers[0])),
                    "sentences of the most quoted speaker (speaker_id)",
                )
            )
    if "stories" in tables:
        n_several = conn.execute("select count(*) from stories where article_count > 1")
        last = max(1, -(-n_several.fetchone()[0] // 50))
        pages.append(Page("list", f"/-/sources/{_quote(name)}/stories", "stories"))
        pages.append(
            Page("list", f"/-/sources/{_quote(name)}/stories?page={last}", "stories, last page")
        )
    pages.append(Page("list", f"/-/sources/{_quote(name)}/search?q=trump", "search trump"))

    # Table pages: every table the plugin's settings or the metadata describe.
    configured = dict(package_tables())
    configured.update(((metadata.get("databases") or {}).get(name) or {}).get("tables") or {})
    for table, settings in configured.items():
        if table in tables and not (settings or {}).get("hidden"):
            pages.append(Page("table", _table_url(name, table), table))
    if "sentences" in tables:
        pages.append(
            Page("table", _table_url(name, "sentences", _facet="kind"), "sentences?_facet=kind")
        )

    # The filtered table pages the plugin's pages link to.
    top_outlet = conn.execute(
        "select outlet from articles where outlet is not null group by outlet "
        "order by count(*) desc limit 1"
    ).fetchone()
    if top_outlet:
        pages.append(
            Page(
                "table-filtered",
                _table_url(name, "articles", outlet=top_outlet[0], _sort_desc="score"),
                f"articles of the largest outlet ({top_outlet[0]})",
            )
        )
    if largest:
        pages.append(
            Page(
                "table-filtered",
                _table_url(name, "sentences", article_id=str(largest[0])),
                "sentences of the largest article",
            )
        )
        if "score_parts" in tables:
            pages.append(
                Page(
                    "table-filtered",
                    _table_url(name, "score_parts", article_id=str(largest[0])),
                    "score_parts of the largest article",
                )
            )
    speaker = (
        conn.execute(
            "select speaker from sentences where speaker is not null and speaker != '' "
            "group by speaker order by count(*) desc limit 1"
        ).fetchone()
        if "sentences" in tables
        else None
    )
    if speaker:
        pages.append(
            Page(
                "table-filtered",
                _table_url(name, "sentences", speaker=speaker[0]),
                f"sentences of the most frequent speaker ({speaker[0]})",
            )
        )
    if stories:
        pages.append(
            Page(
                "table-filtered",
                _table_url(name, "articles", story_id=str(stories[0])),
                "articles of the largest story",
            )
        )

    for view in views:
        pages.append(Page("view", _table_url(name, view), view))
    for query in canned_query_names(metadata, name):
        pages.append(Page("query", _table_url(name, query), query))
    conn.close()
    return pages


#: No proxy from the environment: the server is on 127.0.0.1 and so are the requests.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get_local(base: str, path: str, timeout: float) -> tuple[int, bytes]:
    """Status and body of ``base + path`` from the local server (HTTP errors included)."""
    assert base.startswith("http://127.0.0.1:"), f"not a loopback address: {base}"
    try:
        with OPENER.open(base + path, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def fetch(base: str, page: Page, timeout: float) -> tuple[float, int, bytes]:
    start = time.perf_counter()
    status, body = get_local(base, page.path, timeout)
    return time.perf_counter() - start, status, body


def check(page: Page, status: int, body: bytes) -> None:
    page.statuses.append(status)
    page.size = len(body)
    if status != 200:
        page.flags.add(f"HTTP {status}")
    text = body.decode("utf-8", "replace")
    for flag, pattern in PROBLEMS.items():
        if pattern.search(text):
            page.flags.add(flag)
    timed_out = re.search(r"These facets timed out: ([^<]*)", text)
    if timed_out:
        page.flags.add("timed out: " + timed_out.group(1).strip())


def peak_rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def wait_for(base: str, process: subprocess.Popen, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"datasette exited with code {process.returncode}")
        try:
            status, body = get_local(base, "/-/versions.json", 5)
            if status == 200:
                return json.loads(body)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise SystemExit(f"datasette did not answer within {timeout:g} s")


def report(pages: list[Page], limit_ms: float, slowest: int) -> str:
    lines = [
        "| page | pages | requests | median ms | p95 ms | max ms | status | flagged |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for kind in KINDS:
        group = [p for p in pages if p.kind == kind]
        if not group:
            continue
        times = [t * 1000 for p in group for t in p.times]
        statuses: dict[int, int] = {}
        for p in group:
            for s in p.statuses:
                statuses[s] = statuses.get(s, 0) + 1
        flagged = [p for p in group if p.flags]
        slow = [p for p in group if statistics.median(p.times) * 1000 > limit_ms]
        notes = []
        if flagged:
            notes.append(f"{len(flagged)} flagged")
        if slow:
            notes.append(f"{len(slow)} over {limit_ms:g} ms median")
        lines.append(
            f"| {kind} | {len(group)} | {len(times)} | {statistics.median(times):.0f} "
            f"| {percentile(times, 95):.0f} | {max(times):.0f} "
            f"| {', '.join(f'{s}×{n}' for s, n in sorted(statuses.items()))} "
            f"| {'; '.join(notes) or 'none'} |"
        )
    out = ["\n".join(lines)]
    flagged = [p for p in pages if p.flags]
    if flagged:
        out.append(
            "Flagged pages (in at least one request):\n\n"
            + "\n".join(f"- {p.kind} `{p.path}`: {', '.join(sorted(p.flags))}" for p in flagged)
        )
    ranked = sorted(pages, key=lambda p: statistics.median(p.times), reverse=True)[:slowest]
    if ranked:
        rows = [
            "| slowest pages | median ms | max ms | KB |",
            "|---|---:|---:|---:|",
        ]
        for p in ranked:
            rows.append(
                f"| {p.kind}: {p.label} | {statistics.median(p.times) * 1000:.0f} "
                f"| {max(p.times) * 1000:.0f} | {p.size / 1024:.0f} |"
            )
        out.append("\n".join(rows))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Examples:\n"
        "  python scripts/bench_pages.py /tmp/allsides.db\n"
        "  python scripts/bench_pages.py /tmp/allsides.db --articles 20 --stories 20 "
        "--repeat 5\n"
        "  python scripts/bench_pages.py sources.db --only overview,query --repeat 1\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("db", type=Path, help="the database file (only read)")
    parser.add_argument(
        "--metadata",
        type=Path,
        default=Path("metadata.yml"),
        help="metadata file passed to datasette -m (default: metadata.yml)",
    )
    parser.add_argument(
        "--name",
        default="sources",
        help="database name to serve it as (default: sources, the key metadata.yml configures)",
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=10,
        help="article scorecards to time: half the largest by word_count, "
        "half random (default: 10)",
    )
    parser.add_argument(
        "--stories",
        type=int,
        default=10,
        help="story pages to time: half the largest, half random (default: 10)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed requests of every page (default: 3)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the random sample")
    parser.add_argument(
        "--only", default="", help="comma-separated page kinds to time: " + ", ".join(KINDS)
    )
    parser.add_argument(
        "--slow-ms",
        type=float,
        default=1000,
        help="flag kinds with pages whose median is over this (default: 1000)",
    )
    parser.add_argument(
        "--slowest", type=int, default=10, help="list this many slowest pages (default: 10)"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="Python whose Datasette serves the pages (default: this one)",
    )
    parser.add_argument("--json", type=Path, help="also write every timing to this file")
    parser.add_argument(
        "--inspect",
        action="store_true",
        help="serve with the table counts of `datasette inspect` (--inspect-file), as "
        "`datasette publish` does: unfiltered table pages then count no rows",
    )
    args = parser.parse_args(argv)

    db_path = args.db.resolve()
    if not db_path.exists():
        parser.error(f"no such database: {args.db}")
    metadata = load_metadata(args.metadata)
    only = {k.strip() for k in args.only.split(",") if k.strip()}
    unknown = only - set(KINDS)
    if unknown:
        parser.error(f"unknown page kinds: {', '.join(sorted(unknown))}")

    pages = choose_pages(db_path, args.name, metadata, args.articles, args.stories, args.seed)
    if only:
        pages = [p for p in pages if p.kind in only]

    with tempfile.TemporaryDirectory(prefix="bench_pages_") as tmp:
        served = db_path
        if db_path.stem != args.name:
            served = Path(tmp) / f"{args.name}.db"
            os.symlink(db_path, served)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        command = [
            args.python,
            "-m",
            "datasette",
            "serve",
            "-i",
            str(served),
            "-m",
            str(args.metadata),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        if args.inspect:
            inspect_file = Path(tmp) / "inspect-data.json"
            subprocess.run(
                [args.python, "-m", "datasette", "inspect", str(served)]
                + ["--inspect-file", str(inspect_file)],
                check=True,
            )
            command += ["--inspect-file", str(inspect_file)]
        with open(Path(tmp) / "datasette.log", "w+") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            try:
                started = time.perf_counter()
                versions = wait_for(base, process, 120)
                startup = time.perf_counter() - started
                settings = json.loads(get_local(base, "/-/settings.json", args.timeout)[1])
                warmed: set[str] = set()
                for page in pages:  # one untimed request per kind
                    if page.kind not in warmed:
                        fetch(base, page, args.timeout)
                        warmed.add(page.kind)
                for _ in range(args.repeat):
                    for page in pages:
                        elapsed, status, body = fetch(base, page, args.timeout)
                        page.times.append(elapsed)
                        check(page, status, body)
                peak = peak_rss_mb(process.pid)
            finally:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.seek(0)
            server_log = log.read()

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    n_articles = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    datasette_version = (versions.get("datasette") or {}).get("version")
    print(
        f"Datasette {datasette_version}, Python {versions.get('python', {}).get('version')}, "
        f"SQLite {versions.get('sqlite', {}).get('version')}; "
        f"{db_path.name} ({db_path.stat().st_size / 2**30:.2f} GiB, {n_articles:,} articles) "
        f"served immutable as `{args.name}`; "
        f"sql_time_limit_ms {settings.get('sql_time_limit_ms')}, "
        f"facet_time_limit_ms {settings.get('facet_time_limit_ms')}; "
        f"{args.repeat} timed requests per page after one warm-up per kind; "
        + ("table counts from `datasette inspect`, as publish has them; " if args.inspect else "")
        + f"server ready in {startup:.1f} s"
        + (f"; server peak RSS {peak:.0f} MB" if peak else "")
        + ".\n"
    )
    print(report(pages, args.slow_ms, args.slowest))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "datasette": datasette_version,
                    "database": str(db_path),
                    "repeat": args.repeat,
                    "peak_rss_mb": peak,
                    "pages": [
                        {
                            "kind": p.kind,
                            "path": p.path,
                            "label": p.label,
                            "times": p.times,
                            "statuses": p.statuses,
                            "flags": sorted(p.flags),
                            "bytes": p.size,
                        }
                        for p in pages
                    ],
                },
                indent=1,
            )
        )
    errors = [line for line in server_log.splitlines() if "Traceback" in line]
    if errors:
        print(f"\nThe server logged {len(errors)} traceback(s).", file=sys.stderr)
    return 1 if any(p.flags for p in pages) else 0


if __name__ == "__main__":
    sys.exit(main())
