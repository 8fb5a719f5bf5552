"""Security headers on every response, and pages that need nothing the Content-Security-Policy refuses (the
browser tests check the same in Chromium, which reports every violation)."""

import re

import pytest
from sqlmodel import select

from quizapp.models import CardState, Item
from tests.helpers.web import HX


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip())


def assert_protected(response) -> None:
    csp = policy(response)
    assert csp.get("default-src") == "'self'", csp
    for directive in ("script-src", "style-src"):  # only our own files: nothing inline, no eval
        assert csp.get(directive, csp["default-src"]) == "'self'", csp
    assert csp.get("frame-ancestors") == "'none'" and csp.get("object-src") == "'none'", csp
    assert csp.get("base-uri") == "'none'" and csp.get("form-action") == "'self'", csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_kind_of_response_carries_the_headers(app, client, post, stocked):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    responses = [
        client.get("/"),
        client.get("/review", headers=HX),  # an htmx fragment
        client.get("/static/app.js"),
        client.get("/static/vendor/htmx-2.0.11.min.js"),
        client.get("/healthz"),
        client.get("/no/such/page"),
        post("/quiz", {"article": "all", "length": "5"}),  # a redirect
        client.post("/review/undo"),  # no CSRF token: the 400 page
    ]
    for response in responses:
        assert_protected(response)


# Anything a strict policy refuses: an inline <script> (ours have src=), a <style> block, a style
# attribute, an on… event handler, htmx's hx-on (which needs eval), a javascript: link.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|\shx-on[:-]|javascript:", re.IGNORECASE
)


@pytest.fixture
def every_page(client, post, session, stocked) -> list[str]:
    """The addresses of every page a learner or teacher sees, with something on each."""
    started = post("/quiz", {"article": "all", "length": "5", "mode": "choice"})
    quiz = started.headers["Location"]
    item = session.exec(select(Item.id)).first()
    card = session.exec(select(CardState.id)).first()
    post(quiz, {"answer": "Oslo"})
    return [
        "/",
        "/quiz",
        quiz,
        quiz.rsplit("/", 1)[0] + "/score",
        "/review",
        f"/review/{card}/answer",
        "/articles",
        f"/articles/{stocked.id}",
        f"/articles/items/{item}/edit",
        "/stats",
        "/no/such/page",
    ]


def test_no_page_needs_inline_script_or_style(client, every_page):
    for url in every_page:
        for headers in ({}, HX):
            html = client.get(url, headers=headers).get_data(as_text=True)
            assert not INLINE.findall(html), (url, headers, INLINE.findall(html))


def test_htmx_is_told_not_to_inject_a_style_or_evaluate_code(client):
    html = client.get("/").get_data(as_text=True)
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', html)
    assert '"includeIndicatorStyles":false' in config.group(1) and '"allowEval":false' in config.group(1)


@pytest.mark.app_settings(ACCOUNTS=True)
def test_the_sign_in_pages_carry_the_headers_and_need_nothing_inline(client):
    for url in ("/account/signin", "/account/signup"):
        response = client.get(url)
        assert_protected(response)
        assert not INLINE.findall(response.get_data(as_text=True))
