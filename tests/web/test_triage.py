"""Dealing with a suspect or reported question from the item analysis, through the test client: keep, fix and
suspend as plain forms and by htmx (the item's row alone), double submits, bad and hostile forms, and who may
do it with accounts on."""

import re

import pytest
from sqlmodel import select

from quizapp.accounts import create_account
from quizapp.models import CardState, Item, ItemReport, ItemTriage
from tests.helpers.web import HX, PASSWORD, Browser


@pytest.fixture
def reported(post, session, stocked) -> Item:
    """The stocked article's first item, reported by the personal install's learner (its teacher too)."""
    item = session.exec(select(Item).where(Item.article_id == stocked.id).order_by(Item.id)).first()
    assert post(f"/analysis/items/{item.id}/report", {"reason": "wrong_answer"}).status_code == 303
    return item


def _row(html: str, item_id: int) -> str:
    return re.search(rf'<li class="panel triage[^"]*" id="triage-{item_id}">.*?</li>', html, re.S).group(0)


def test_keep_by_htmx_swaps_the_row_and_the_item_leaves_the_list(client, post, session, stocked, reported):
    page = client.get(f"/analysis/articles/{stocked.id}").get_data(as_text=True)
    assert "Questions to look at (1)" in page and "It is fine: keep it" in _row(page, reported.id)
    for _ in range(2):  # a double submit: the same answer, one decision
        kept = post(f"/analysis/items/{reported.id}/keep", {}, htmx=True)
        html = kept.get_data(as_text=True)
        assert kept.status_code == 200 and html.lstrip().startswith(
            f'<li class="panel triage" id="triage-{reported.id}">'
        )
        assert "Kept as it is" in html and "<html" not in html and "keep it</button>" not in html
    assert [(t.item_id, t.action) for t in session.exec(select(ItemTriage)).all()] == [(reported.id, "kept")]
    page = client.get(f"/analysis/articles/{stocked.id}").get_data(as_text=True)
    assert "Questions to look at (0)" in page and f'id="triage-{reported.id}"' not in page
    listing = client.get("/analysis").get_data(as_text=True)
    assert "No learner has reported a question" in listing and "(1 handled so far)" in listing
    assert session.exec(select(ItemReport)).one().handled_at is not None


def test_keep_without_javascript_redirects_back_with_a_message(client, post, stocked, reported):
    kept = post(f"/analysis/items/{reported.id}/keep", {})
    assert kept.status_code == 303
    assert kept.headers["Location"] == f"/analysis/articles/{stocked.id}#triage-{reported.id}"
    assert "Kept as it is" in client.get(kept.headers["Location"]).get_data(as_text=True)


def test_fix_edits_the_question_in_its_row_and_every_card_keeps_its_schedule(client, post, session, reported):
    due_before = [
        (c.id, c.due) for c in session.exec(select(CardState).where(CardState.item_id == reported.id))
    ]
    form = client.get(f"/analysis/items/{reported.id}/fix", headers=HX).get_data(as_text=True)
    assert 'name="question"' in form and f'hx-post="/analysis/items/{reported.id}/fix"' in form
    assert "<html" not in form
    plain = client.get(f"/analysis/items/{reported.id}/fix").get_data(as_text=True)  # without JavaScript
    assert "<html" in plain and 'name="question"' in _row(plain, reported.id)
    cancelled = client.get(f"/analysis/items/{reported.id}/row", headers=HX).get_data(as_text=True)
    assert "Fix it</a>" in cancelled and 'name="question"' not in cancelled
    fixed = {"question": "Who won the <b>race</b>?", "answer": "Mara L.", "accepted": "", "choices": ""}
    saved = post(f"/analysis/items/{reported.id}/fix", fixed, htmx=True)
    html = saved.get_data(as_text=True)
    assert saved.status_code == 200 and "Fixed: every learner" in html
    assert "Who won the &lt;b&gt;race&lt;/b&gt;?" in html and "<b>race</b>" not in html
    session.expire_all()
    item = session.get(Item, reported.id)
    assert (item.question, item.answer, item.edited) == ("Who won the <b>race</b>?", "Mara L.", True)
    assert [
        (c.id, c.due) for c in session.exec(select(CardState).where(CardState.item_id == item.id))
    ] == due_before
    assert session.get(ItemTriage, item.id).action == "fixed"


@pytest.mark.parametrize(
    "form, message",
    [
        ({"question": "Who?", "answer": "  "}, "The answer cannot be empty"),
        ({"question": "", "answer": "Mara"}, "The question cannot be empty"),
        ({"question": "Who?", "answer": "x" * 100_000}, "Keep the question under"),
        ({"question": "Who?", "answer": "Mara", "choices": "Mara"}, "at least two choices"),
        ({}, "The question cannot be empty"),
    ],
)
def test_a_bad_fix_says_why_keeps_what_was_typed_and_stores_nothing(
    client, post, session, reported, form, message
):
    for htmx in (False, True):
        refused = post(f"/analysis/items/{reported.id}/fix", form, htmx=htmx)
        html = refused.get_data(as_text=True)
        assert refused.status_code == 422 and message in html and 'name="question"' in html
        assert ("<html" in html) is not htmx
        assert form.get("answer", "")[:50] in html
    session.expire_all()
    assert not session.get(Item, reported.id).edited and session.exec(select(ItemTriage)).all() == []


def test_suspend_twice_leaves_it_suspended(client, post, session, stocked, reported):
    for _ in range(2):
        response = post(f"/analysis/items/{reported.id}/suspend", {}, htmx=True)
        assert response.status_code == 200 and "Suspended: no learner is asked it" in response.get_data(
            as_text=True
        )
    session.expire_all()
    assert session.get(Item, reported.id).status == "suspended"


def test_every_action_needs_its_token(client, session, reported):
    for action in ("keep", "suspend", "fix"):
        assert client.post(f"/analysis/items/{reported.id}/{action}", data={}).status_code == 400
    session.expire_all()
    assert session.get(Item, reported.id).status == "active" and session.exec(select(ItemTriage)).all() == []


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_only_a_teacher_deals_with_a_question(app, session, stocked):
    student = Browser(app)
    student.sign_up("Sam")
    student.get("/")  # the signed-in session's token
    item = session.exec(select(Item).where(Item.article_id == stocked.id)).first()
    assert student.post(f"/analysis/items/{item.id}/report", {"reason": "nonsense"}).status_code == 303
    refused = [
        student.get(f"/analysis/items/{item.id}/fix"),
        student.get(f"/analysis/items/{item.id}/row", headers=HX),
        student.post(f"/analysis/items/{item.id}/fix", {"question": "Q?", "answer": "A"}),
        student.post(f"/analysis/items/{item.id}/suspend", {}),
        student.post(f"/analysis/items/{item.id}/keep", {}),
    ]
    assert [response.status_code for response in refused] == [403] * 5
    session.expire_all()
    assert session.get(Item, item.id).status == "active" and session.exec(select(ItemTriage)).all() == []

    tess = create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    teacher = Browser(app)
    teacher.sign_in("Tess")
    teacher.get("/")
    assert teacher.post(f"/analysis/items/{item.id}/keep", {}).status_code == 303
    assert "Kept as it is" in teacher.html(f"/analysis/articles/{stocked.id}")
    session.expire_all()
    decision = session.get(ItemTriage, item.id)
    assert (decision.action, decision.teacher_id) == ("kept", tess.id)
