"""For the browser tests: the system Chromium, the Content-Security-Policy watch on its pages, the stocked
article's answers, screenshots in test-artifacts/, and the axe accessibility scan."""

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
PHONE = {"width": 390, "height": 844}
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


# The four ways a page is looked at: desktop and phone width, light and dark (prefers-color-scheme).
LOOKS = [
    (width, scheme, viewport)
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE))
    for scheme in ("light", "dark")
]


def axe_violations(page, name: str) -> list[str]:
    """axe-core's violations on the page as it is now (every rule axe runs by default, WCAG 2.x A and AA
    and its best practices), one readable paragraph each, and its screenshot in test-artifacts/."""
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"axe-{name}.png"), full_page=True, caret="initial")
    results = Axe().run(page)
    return [
        f"{name}: {violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"  {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
            for node in violation["nodes"]
        )
        for violation in results.response["violations"]
    ]


def accessibility_problems(browser, live: str, pages: dict[str, str]) -> list[str]:
    """The axe violations of each page (name: path) in each of the four LOOKS."""
    return states_problems(browser, live, {name: (path, None) for name, path in pages.items()})


def states_problems(browser, live: str, states: dict) -> list[str]:
    """The axe violations of each page state (name: (path, what to do on it first, e.g. send a form that
    is refused; None for nothing)) in each of the four LOOKS."""
    problems = []
    for width, scheme, viewport in LOOKS:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        page.set_default_timeout(10_000)
        for name, (path, act) in states.items():
            page.goto(live + path)
            if act:
                act(page)
            problems += axe_violations(page, f"{name}-{width}-{scheme}")
        context.close()
    return problems


def sign_in(page, live: str, name: str) -> None:
    """Sign `name` in (accounts on, password tests.helpers.web.PASSWORD) from the sign-in page."""
    from playwright.sync_api import expect

    from tests.helpers.web import PASSWORD

    page.goto(f"{live}/account/signin")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".signed-in")).to_contain_text(name)
