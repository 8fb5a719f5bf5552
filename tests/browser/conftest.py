"""Browser tests: the app served on 127.0.0.1 in a thread, driven by the system Chromium via Playwright."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, WatchedBrowser


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    playwright = sync_api.sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield WatchedBrowser(chromium)
    chromium.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every page of every browser test works under the Content-Security-Policy: not one thing refused."""
    if "browser" not in request.fixturenames:
        yield
        return
    watched = request.getfixturevalue("browser")
    watched.violations.clear()
    yield
    assert not watched.violations, "refused by the Content-Security-Policy:\n" + "\n".join(watched.violations)


@pytest.fixture
def live(app):
    """Base URL of the app served on a free loopback port for this test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
