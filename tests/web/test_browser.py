"""The plugin's pages in a real browser: Debian's chromium, headless, through Selenium.

A real ``datasette serve`` (the current environment's Datasette, with the
project's metadata.yml) serves a database the real loader made from the seed
articles plus a hostile article. The test opens every page the plugin adds
(the overviews, two scorecards, the story page, two outlet pages, the lists of
outlets and stories, a search, two speaker pages) and Datasette's articles table with the
plugin's links, each at 1,400 and at 400 CSS pixels wide (a phone, emulated
through the DevTools protocol). On each it checks that the page rendered,
that the browser console has no errors, that the hostile text shows as text
and never runs, that nothing is wider than the screen
(``document.documentElement.scrollWidth``), and saves a full-page screenshot.

Screenshots go to ``$DATASETTE_SOURCES_SCREENSHOTS`` when it is set, otherwise
to a pytest temporary folder; the folder is printed in pytest's summary, and
``scroll-widths.txt`` there lists each page's width as measured (page, screen
width, ``scrollWidth``).

Without chromium, chromedriver or selenium the test is skipped, unless
``DATASETTE_SOURCES_BROWSER_TESTS=required`` is set (as in CI): then it fails.
Nothing is downloaded: chromedriver is given to Selenium explicitly, so
Selenium Manager never runs, and chromium is started with its background
networking off.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import sqlite_utils
from conftest import IMG, REPO, SCRIPT
from local_server import LOOPBACK, LocalServer, free_port

try:
    from selenium import webdriver
    from selenium.common.exceptions import (
        NoAlertPresentException,
        TimeoutException,
        UnexpectedAlertPresentException,
    )
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # checked in the `browser` fixture
    webdriver = None

#: Every test here starts chromium and a real ``datasette serve``.
pytestmark = pytest.mark.slow

METADATA = REPO / "metadata.yml"
#: A sentence of seed 001 in the writer's own voice (shown as an opinion).
OPINION_001 = "Iran is playing an extremely dangerous game."
REQUIRED = os.environ.get("DATASETTE_SOURCES_BROWSER_TESTS", "").strip().lower() == "required"
#: The widths every page is opened at, in CSS pixels: a laptop and a phone.
WIDTHS = (1400, 400)
#: The browser window's width; each page's width is emulated (see ``set_viewport``).
WIDTH = WIDTHS[0]
#: Widths below this are phones: Chrome emulates a mobile viewport and touch.
PHONE_BELOW = 600
#: Tallest screenshot taken, so a runaway page cannot make a huge image.
MAX_HEIGHT = 12000


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when browser tests are required (CI)."""
    if REQUIRED:
        pytest.fail(f"DATASETTE_SOURCES_BROWSER_TESTS=required, but {reason}", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --- the database and the server ---------------------------------------------


@pytest.fixture(scope="module")
def ids(hostile_db) -> dict[str, str]:
    db = sqlite_utils.Database(hostile_db)
    rows = list(db.query("select id, path, title, story_id from articles"))
    hostile = [r for r in rows if SCRIPT in (r["title"] or "")]
    assert len(hostile) == 1, "the hostile article is loaded with its title as text"
    seed = {Path(r["path"]).name[:3]: r for r in rows if r is not hostile[0]}
    speaker = {r["name"]: r["id"] for r in db.query("select id, name from speakers")}
    return {
        "a001": seed["001"]["id"],
        "story": seed["001"]["story_id"],
        "hostile": hostile[0]["id"],
        "pompeo": speaker["Mike Pompeo"],
        # The hostile article's spokeswoman: her quotation carries SCRIPT.
        "smith": speaker["Jane Smith"],
    }


@pytest.fixture(scope="module")
def server(hostile_db, tmp_path_factory) -> str:
    """A real ``datasette serve`` of the database on a free port; its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("datasette-log") / "serve.log"
    server = LocalServer(
        [sys.executable, "-m", "datasette", "serve", str(hostile_db), "-m", str(METADATA)]
        + ["-h", LOOPBACK, "-p", str(port)],
        cwd=REPO,
        env=None,
        log=log,
        port=port,
    )
    try:
        server.wait(60)
        yield server.base
    finally:
        server.stop()


# --- the browser ---------------------------------------------------------------


@pytest.fixture(scope="module")
def screenshots(request, tmp_path_factory) -> Path:
    """Where screenshots go; the folder is shown in pytest's terminal summary."""
    configured = os.environ.get("DATASETTE_SOURCES_SCREENSHOTS")
    if configured:
        folder = Path(configured).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("screenshots")

    class ShowFolder:
        # Registered as a pytest plugin, so the folder is printed at the end of
        # the run whatever the capture mode, passed or failed.
        def pytest_terminal_summary(self, terminalreporter):
            shots = sorted(p.name for p in folder.glob("*.png"))
            terminalreporter.write_sep("-", "datasette-sources browser screenshots")
            terminalreporter.write_line(f"Screenshots ({len(shots)}) saved in {folder}")

    manager = request.config.pluginmanager
    if not manager.has_plugin("datasette-sources-screenshots"):
        manager.register(ShowFolder(), "datasette-sources-screenshots")
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless chromium for every page of the module."""
    if webdriver is None:
        unavailable("selenium is not installed (pip install selenium)")
    chromium = find_chromium()
    if chromium is None:
        unavailable("chromium is not installed (apt-get install chromium)")
    chromedriver = shutil.which("chromedriver")
    if chromedriver is None:
        unavailable("chromedriver is not installed (apt-get install chromium-driver)")

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={WIDTH},900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Leave a JavaScript dialog open rather than dismissing it, so that the
    # test sees it (an alert from the hostile article would be a failure).
    options.set_capability("unhandledPromptBehavior", "ignore")
    # An explicit driver path: Selenium Manager, which downloads drivers, never runs.
    service = Service(executable_path=chromedriver)
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except Exception as error:  # a browser that cannot start is a broken install
        unavailable(f"chromium did not start through chromedriver: {error}")
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


# --- the pages ----------------------------------------------------------------


def console_errors(driver) -> list[str]:
    """SEVERE entries of the browser console since the last call.

    Nothing is filtered out: a missing stylesheet, image or favicon of our
    pages is an error of the page as a reader sees it.
    """
    return [
        f"{entry.get('source', '')}: {entry.get('message', '')}"
        for entry in driver.get_log("browser")
        if entry.get("level") == "SEVERE"
    ]


def open_alert(driver) -> str | None:
    """The text of an open JavaScript dialog, or None."""
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return None
    text = alert.text
    alert.dismiss()
    return text


def open_page(driver, url: str) -> None:
    """Go to ``url`` and wait until its document is complete and has a body.

    ``driver.get`` waits for the load event, but on a busy machine a check made
    right after it has (rarely) found ``document.body`` still null.
    """
    driver.get(url)
    ready = "return document.readyState === 'complete' && document.body !== null"
    try:
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(ready))
    except UnexpectedAlertPresentException:
        return  # left open for the caller's check, which fails the test


def set_viewport(driver, width: int, height: int = 900) -> None:
    """Make the page ``width`` CSS pixels wide, a phone below :data:`PHONE_BELOW`.

    Emulated through the DevTools protocol: headless Chrome will not make a
    window narrower than 500 pixels, and a phone's viewport is not a window.
    """
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < PHONE_BELOW},
    )


def full_page_screenshot(driver, path: Path, width: int) -> None:
    """The whole page, not just the viewport: the viewport is made as tall as the page."""
    height = 0
    for _ in range(3):  # a taller viewport can reflow the page; settle on its height
        wanted = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight,"
            " document.body ? document.body.scrollHeight : 0)"
        )
        wanted = min(int(wanted), MAX_HEIGHT)
        if wanted == height:
            break
        height = wanted
        set_viewport(driver, width, height)
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(path)), f"could not save {path}"
    set_viewport(driver, width)


#: (screenshot name, path, words in the title, texts the page must show)
PAGES = [
    ("01-overview", "/-/sources", "Sourcing scores", ["How the scores spread", "Outlets"]),
    (
        "02-overview-sources",
        "/-/sources/sources",
        "Sourcing scores: sources",
        ["Find an article, outlet or speaker", "Articles by score", "The formula"],
    ),
    (
        "03-scorecard-001",
        "/-/sources/sources/article/{a001}",
        "sourcing scorecard",
        ["Why this score", "The article, sentence by sentence", OPINION_001, "[sic]"],
    ),
    (
        "04-scorecard-hostile",
        "/-/sources/sources/article/{hostile}",
        "sourcing scorecard",
        ["Why this score", SCRIPT, IMG],
    ),
    (
        "05-story",
        "/-/sources/sources/story/{story}",
        "— story",
        ["Shared quotations", "Copied passages", "What each outlet added"],
    ),
    ("06-outlet", "/-/sources/sources/outlet/CNN", "outlet sourcing", ["How it sources"]),
    (
        "07-outlet-unknown",
        "/-/sources/sources/outlet/~28unknown~29",
        "outlet sourcing",
        ["The articles whose outlet is not known", SCRIPT],
    ),
    ("08-outlets", "/-/sources/sources/outlets", "Outlets by score", ["CNN"]),
    ("09-stories", "/-/sources/sources/stories", "Stories", ["5 articles, 3 outlets"]),
    ("10-search", "/-/sources/sources/search?q=iran", "search", ["Articles", "Speakers"]),
    (
        "12-speaker",
        "/-/sources/sources/speaker/{pompeo}",
        "— speaker",
        ["Who quotes them", "Their words across outlets", "What they are quoted as saying"],
    ),
    (
        "13-speaker-hostile",
        "/-/sources/sources/speaker/{smith}",
        "— speaker",
        ["Jane Smith", SCRIPT],
    ),
    # Datasette's own table page, with the plugin's links, badges and folded descriptions.
    ("11-articles-table", "/sources/articles", "articles", ["What the", "Mayor quits"]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,path,title,texts", PAGES, ids=[p[0] for p in PAGES])
def test_page_in_a_real_browser(browser, server, ids, screenshots, name, path, title, texts, width):
    driver = browser
    set_viewport(driver, width)
    console_errors(driver)  # start from an empty console log
    open_page(driver, server + path.format(**ids))

    alert = open_alert(driver)
    assert alert is None, f"a JavaScript dialog opened on {path}: {alert!r}"

    shot = screenshots / f"{name}-{width}.png"
    full_page_screenshot(driver, shot, width)

    assert title in driver.title, f"title {driver.title!r} of {path}"
    assert "Datasette" not in driver.title or "Error" not in driver.title, driver.title
    visible = driver.find_element(By.TAG_NAME, "body").text
    missing = [t for t in texts if t not in visible]
    assert not missing, f"{path} does not show {missing}; screenshot: {shot}"

    # Nothing is wider than the screen: the page never scrolls sideways.
    scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
    wide = driver.execute_script(
        "return Array.from(document.querySelectorAll('body *'))"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    with open(screenshots / "scroll-widths.txt", "a", encoding="utf-8") as record:
        record.write(f"{name}\t{width}\t{scroll_width}\n")
    assert scroll_width <= width, f"{path} is {scroll_width}px wide at {width}px: {wide}; {shot}"

    # The plugin's stylesheet loaded and applies.
    sheets = driver.execute_script(
        "return Array.from(document.styleSheets)"
        ".filter(s => s.href && s.href.endsWith('/sources.css'))"
        ".map(s => s.cssRules.length)"
    )
    assert sheets and sheets[0] > 0, f"sources.css is not applied on {path}"

    # Hostile text is text: nothing from it became an element.
    injected = driver.execute_script(
        "return document.querySelectorAll('img[src=\"x\"], img[onerror]').length"
        " + Array.from(document.scripts).filter(s => s.text.includes('alert(1)')).length"
    )
    assert injected == 0, f"hostile markup became elements on {path}"

    errors = console_errors(driver)
    assert not errors, f"console errors on {path}:\n" + "\n".join(errors)
    alert = open_alert(driver)
    assert alert is None, f"a JavaScript dialog opened on {path}: {alert!r}"


def test_phone_tables_label_every_cell(browser, server, ids):
    """At 400 px the overview's tables are cards, and each card's cells say what they are."""
    driver = browser
    set_viewport(driver, 400)
    try:
        open_page(driver, server + "/-/sources/sources")
        state = "return [window.innerWidth, getComputedStyle("
        state += "document.querySelector('.sources-articles tbody tr')).display]"
        # The phone layout applies once the page knows its width; give it a moment.
        try:
            WebDriverWait(driver, 10).until(lambda d: d.execute_script(state) == [400, "flex"])
        except TimeoutException:
            pytest.fail(
                f"no phone layout at 400 px: [width, display] = {driver.execute_script(state)}"
            )
        labels = driver.execute_script(
            "return Array.from(document.querySelectorAll("
            "'.sources-outlets td:not(:empty), .sources-articles td:not(:empty)'))"
            ".map(td => [td.dataset.label, getComputedStyle(td, '::before').content])"
        )
        unlabelled = [pair for pair in labels if pair[1] in ("none", "normal", '""')]
        assert labels and not unlabelled, unlabelled
    finally:
        set_viewport(driver, WIDTH)


def test_hostile_title_is_text_on_the_overview(browser, server, ids):
    """The overview lists the hostile article by its title, shown as text."""
    driver = browser
    set_viewport(driver, WIDTH)
    console_errors(driver)
    open_page(driver, server + "/-/sources")
    assert open_alert(driver) is None
    links = driver.find_elements(By.CSS_SELECTOR, f'a[href$="/article/{ids["hostile"]}"]')
    assert links, "the overview links to the hostile article"
    # textContent, not .text: the words a reader gets, whether or not laid out yet.
    texts = [link.get_attribute("textContent") for link in links]
    assert any(SCRIPT in text and IMG in text for text in texts), texts
    errors = console_errors(driver)
    assert not errors, errors
