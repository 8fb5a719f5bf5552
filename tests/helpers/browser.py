"""For the browser tests: the system Chromium, the Content-Security-Policy watch on its pages, the stocked
article's answers, and screenshots in test-artifacts/."""

from tests.helpers.stock import REPO, STOCK_ITEMS

ARTIFACTS = REPO / "test-artifacts"
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


# Reports every Content-Security-Policy violation to the test: the page's own event (with JavaScript on)
# and, below, Chromium's console message (which it logs with JavaScript off too).
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) => window.cspViolation(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));"""


class WatchedBrowser:
    """Chromium whose every context records the CSP violations of its pages in `violations`: the
    `no_csp_violations` fixture fails any browser test that had one."""

    def __init__(self, browser):
        self.browser = browser
        self.violations: list[str] = []

    def new_context(self, **options):
        context = self.browser.new_context(**options)
        context.expose_binding("cspViolation", lambda source, text: self.violations.append(text))
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._console)
        return context

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"console: {message.text}")


def shoot(browser, url: str, name: str, *, dark: bool = False) -> None:
    """Screenshots of `url` at desktop and phone width in test-artifacts/, and no sideways scrolling."""
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, color_scheme="dark" if dark else "light")
        page = context.new_page()
        page.goto(url)
        suffix = "-dark" if dark else ""
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}{suffix}.png"), full_page=True, caret="initial")
        root = "document.documentElement"
        overflow = page.evaluate(f"{root}.scrollWidth - {root}.clientWidth")
        context.close()
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {label} width"


def snap(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # caret="initial": hiding the caret leaves style="" on every input, which htmx copies when it settles a
    # swap, a CSP violation of the test's own making.
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, caret="initial")
