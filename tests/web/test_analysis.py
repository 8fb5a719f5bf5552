"""The item analysis pages and the report form, through the test client: what a teacher, a learner and a
personal install's learner see and may do, and bad or hostile forms."""

import re

import pytest
from sqlmodel import select

from quizapp.accounts import create_account
from quizapp.models import Item, ItemReport, QuizSession
from tests.helpers.answers import add_answer
from tests.helpers.web import HX, PASSWORD, Browser, back_form, card_id_of, current_item, start


def _answered_question(learner, session) -> tuple[str, Item]:
    """A quiz started and its first question answered wrong: the question's address and item."""
    learner.get("/quiz")
    url = start(learner.post)
    _, _, item = current_item(session, url)
    learner.get(url)
    assert learner.post(url, {"answer": "Nobody at all", "shown_at": "0"}).status_code == 303
    return url, item


def test_a_personal_install_has_the_analysis_of_its_own_answers(client, post, session, stocked):
    url = start(post)
    _, _, item = current_item(session, url)
    client.get(url)
    assert post(url, {"answer": item.answer}).status_code == 303
    article_page = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert f'href="/analysis/articles/{stocked.id}"' in article_page
    page = client.get(f"/analysis/articles/{stocked.id}").get_data(as_text=True)
    assert "1 learner answered its questions" in page and "Questions to look at (0)" in page
    row = re.search(rf'<tr id="item-{item.id}">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row)[:2] == ["1", "100%"]
    assert "Every question" in client.get(f"/analysis/articles/{stocked.id}", headers=HX).get_data(
        as_text=True
    )
    assert client.get("/analysis").status_code == 200
    assert client.get("/analysis/articles/999").status_code == 404


def test_a_learner_reports_from_the_quiz_feedback(client, post, session, stocked):
    url = start(post)
    client.get(url)
    post(url, {"answer": "Nobody at all"})
    feedback = client.get(url).get_data(as_text=True)
    assert "Report this question" in feedback
    _, _, item = current_item(session, url)
    quiz_id = url.split("/")[2]
    form = {"reason": "wrong_answer", "note": "<script>alert(1)</script>", "quiz": quiz_id, "position": "1"}
    sent = post(f"/analysis/items/{item.id}/report", form)
    assert sent.status_code == 303 and sent.headers["Location"] == url
    assert "your report reached the teacher" in client.get(url).get_data(as_text=True)
    # A second report replaces the first; by htmx, the form gives way to the thanks.
    again = post(f"/analysis/items/{item.id}/report", {"reason": "nonsense"}, htmx=True)
    assert again.status_code == 200 and "Thank you" in again.get_data(as_text=True)
    reports = session.exec(select(ItemReport)).all()
    assert [(r.item_id, r.reason, r.note) for r in reports] == [(item.id, "nonsense", None)]
    assert session.get(Item, item.id).status == "active"
    page = client.get(f"/analysis/articles/{stocked.id}").get_data(as_text=True)
    assert "Questions to look at (1)" in page and "0 suspect, 1 reported by learners" in page
    assert "It makes no sense (1)" in page
    assert "1 learner</strong> reported it" in client.get("/analysis").get_data(as_text=True)


def test_the_note_is_shown_as_text(client, post, session, stocked):
    item = session.exec(select(Item)).first()
    post(f"/analysis/items/{item.id}/report", {"reason": "other", "note": "<script>alert(1)</script>"})
    page = client.get(f"/analysis/articles/{stocked.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_a_learner_reports_from_the_flashcard_back(client, post, session, stocked):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    back, _ = back_form(client, card_id)
    assert "Report this question" in back
    item_id = int(re.search(r"/analysis/items/(\d+)/report", back).group(1))
    sent = post(f"/analysis/items/{item_id}/report", {"reason": "two_right", "card": str(card_id)})
    assert sent.status_code == 303 and sent.headers["Location"] == f"/review/{card_id}/answer"


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Choose what is wrong"),
        ({"reason": "<b>"}, "Choose what is wrong"),
        ({"reason": "other"}, "Say in a few words"),
        ({"reason": "nonsense", "note": "x" * 5000}, "under 500"),
    ],
)
def test_a_bad_report_says_why_and_keeps_the_note(client, post, session, stocked, form, message):
    item = session.exec(select(Item)).first()
    for htmx in (False, True):
        response = post(f"/analysis/items/{item.id}/report", form | {"quiz": "1", "position": "2"}, htmx=htmx)
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and message in html and '<details class="report"' in html
        assert ('name="quiz" value="1"' in html) and (form.get("note", "")[:50] in html)
    assert session.exec(select(ItemReport)).all() == []


def test_a_report_needs_its_token_and_an_item(client, post, session, stocked):
    item = session.exec(select(Item)).first()
    assert client.post(f"/analysis/items/{item.id}/report", data={"reason": "nonsense"}).status_code == 400
    assert post("/analysis/items/99999/report", {"reason": "nonsense"}).status_code == 404
    assert session.exec(select(ItemReport)).all() == []
    # A page to go back to that names no quiz question or card of ours: Home.
    back = {"quiz": "//evil.example", "position": "1"}
    sent = post(f"/analysis/items/{item.id}/report", {"reason": "nonsense"} | back)
    assert sent.status_code == 303 and sent.headers["Location"] == "/"


def _typed_answers(session, item: Item, given: str, learners: int) -> None:
    """`learners` learners' typed quizzes answering `item` with `given`, marked wrong."""
    for n in range(learners):
        learner = create_account(session, f"typist {n}", PASSWORD, PASSWORD)
        session.flush()
        quiz = QuizSession(learner_id=learner.id, mode="typed", item_ids=[item.id], answered_count=1)
        session.add(quiz)
        session.flush()
        add_answer(session, quiz, 0, item, given, "wrong")
    session.commit()


def test_one_click_accepts_a_typed_answer_many_learners_gave(client, post, session, stocked, monkeypatch):
    from werkzeug.security import generate_password_hash

    from quizapp import accounts

    monkeypatch.setattr(
        accounts, "generate_password_hash", lambda p: generate_password_hash(p, "pbkdf2:sha256:1")
    )
    item = session.exec(select(Item).where(Item.answer == "Pelle Strand")).one()
    _typed_answers(session, item, "the race director", 3)
    page = client.get(f"/analysis/articles/{stocked.id}").get_data(as_text=True)
    assert "3 learners typed “the race director”" in page and "Accept “the race director”" in page
    sent = post(f"/analysis/items/{item.id}/accept", {"answer": "the race director"})
    assert sent.status_code == 303
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "“the race director” is now accepted" in page and "Accept “the race director”" not in page
    session.expire_all()
    assert session.get(Item, item.id).accepted[-1] == "the race director"
    # A double click: the second says so and changes nothing.
    again = post(f"/analysis/items/{item.id}/accept", {"answer": "the race director"})
    assert "is already accepted" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert post(f"/analysis/items/{item.id}/accept", {}).status_code == 303
    session.expire_all()
    assert session.get(Item, item.id).accepted.count("the race director") == 1


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_only_a_teacher_sees_the_analysis(app, session, stocked):
    student = Browser(app)
    student.sign_up("Sam")
    url, item = _answered_question(student, session)
    assert "Report this question" in student.html(url)
    assert "Item analysis" not in student.html(f"/articles/{stocked.id}")
    refused = [
        student.get(f"/analysis/articles/{stocked.id}"),
        student.get("/analysis"),
        student.post(f"/analysis/items/{item.id}/accept", {"answer": "Nobody at all"}),
    ]
    assert [response.status_code for response in refused] == [403] * 3
    form = {"reason": "wrong_answer", "quiz": url.split("/")[2], "position": "1"}
    assert student.post(f"/analysis/items/{item.id}/report", form).status_code == 303

    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    teacher = Browser(app)
    teacher.sign_in("Tess")
    page = teacher.html(f"/analysis/articles/{stocked.id}")
    assert "1 learner answered its questions" in page and "The answer is wrong (1)" in page
    assert "1 learner</strong> reported it" in teacher.html("/analysis")
    assert "Questions learners reported" in teacher.html("/articles")
    session.expire_all()
    assert session.get(Item, item.id).accepted == item.accepted  # the refused accept changed nothing
