"""No GET writes to the database: every GET route the app has, asked as a page and as htmx with real ids (a
learner with cards, a graded card, a quiz under way, an article, an item, an article being made, an
assignment), in a
personal install and with accounts on, runs no INSERT, UPDATE or DELETE."""

import re
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

import pytest
from flask import url_for
from sqlalchemy import event
from sqlmodel import select

from quizapp.accounts import create_account
from quizapp.models import Assignment, Item
from tests.helpers.databases import get_engine_of
from tests.helpers.web import HX, PASSWORD, Browser

WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@contextmanager
def writes_seen(app):
    seen = []
    engine = get_engine_of(app)

    def note(_connection, _cursor, statement, *_args):
        if WRITES.match(statement):
            seen.append(statement.split("\n")[0][:80])

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _ids(browser, session, stocked) -> dict:
    """A graded card, a quiz with one answer, an article job: the ids the GET routes take."""
    front = browser.get("/review").get_data(as_text=True)
    card_id = int(re.search(r"/review/(\d+)/answer", front).group(1))
    back = browser.get(f"/review/{card_id}/answer").get_data(as_text=True)
    form = dict(re.findall(r'<input type="hidden" name="(version|shown_at|preview)" value="([^"]*)">', back))
    assert browser.post(f"/review/{card_id}/grade", form | {"rating": "3"}).status_code == 303
    browser.get("/quiz")
    started = browser.post("/quiz", {"article": "all", "length": "5", "mode": "choice"})
    quiz_id = int(re.search(r"/quiz/(\d+)/1$", started.headers["Location"]).group(1))
    browser.get(f"/quiz/{quiz_id}/1")
    assert browser.post(f"/quiz/{quiz_id}/1", {"answer": "nobody"}).status_code == 303
    browser.get("/articles")
    article = {"source": "paste", "text": "Harbour opens\nThe harbour opened on May 2."}
    added = browser.post("/articles", article)
    job_id = int(re.search(r"/articles/jobs/(\d+)$", added.headers["Location"]).group(1))
    item_id = session.exec(select(Item.id).where(Item.article_id == stocked.id)).first()
    assignment = Assignment(article_id=stocked.id, due=date.today())  # on Home and its own pages
    session.add(assignment)
    session.commit()
    return {
        "card_id": card_id,
        "quiz_id": quiz_id,
        "position": 1,
        "article_id": stocked.id,
        "item_id": item_id,
        "job_id": job_id,
        "assignment_id": assignment.id,
    }


def _get_urls(app, ids: dict) -> list[str]:
    """Every GET route (a new one needs its ids here, or this fails), and the query strings pages send."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" in rule.methods and rule.endpoint != "static":
                urls.append(url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments}))
        urls += [
            url_for("review.show", card=ids["card_id"]),
            url_for("review.answer", card_id=ids["card_id"], shown_at=1),
            url_for("quiz.question", quiz_id=ids["quiz_id"], position=2),
            url_for("quiz.setup", article=ids["article_id"]),
            url_for("stats.index", history=40),
        ]
    return urls


def _assert_no_get_writes(app, browser, ids):
    urls = _get_urls(app, ids)
    assert len(urls) >= 20
    for url in urls:
        for headers in ({}, HX):
            with writes_seen(app) as seen:
                status = browser.get(url, headers=headers).status_code
            assert status < 500, url
            assert seen == [], f"GET {url} wrote: {seen}"


def test_no_get_writes_in_a_personal_install(app, client, post, session, stocked):
    browser = SimpleNamespace(get=client.get, post=post)  # the `post` fixture carries the CSRF token
    _assert_no_get_writes(app, browser, _ids(browser, session, stocked))


@pytest.mark.app_settings(ACCOUNTS=True)
def test_no_get_writes_with_accounts(app, session, stocked):
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    browser = Browser(app)
    assert browser.sign_in("Tess").status_code == 303
    _assert_no_get_writes(app, browser, _ids(browser, session, stocked))
