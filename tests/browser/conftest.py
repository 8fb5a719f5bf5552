"""Browser tests: the app served on 127.0.0.1 in a thread, driven by the system Chromium via Playwright."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import STOCK_ITEMS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
ANSWERS = {question: answer for _, question, answer, *_ in STOCK_ITEMS}
CHOICES = {question: choices for _, question, _, _, choices, *_ in STOCK_ITEMS}


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


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


def shoot(browser, url: str, name: str, *, dark: bool = False) -> None:
    """Screenshots of `url` at desktop and phone width in test-artifacts/, and no sideways scrolling."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, color_scheme="dark" if dark else "light")
        page = context.new_page()
        page.goto(url)
        suffix = "-dark" if dark else ""
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}{suffix}.png"), full_page=True)
        root = "document.documentElement"
        overflow = page.evaluate(f"{root}.scrollWidth - {root}.clientWidth")
        context.close()
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {label} width"


def snap(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
