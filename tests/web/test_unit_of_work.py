"""One request, one transaction: what a request wrote is committed only once its answer is made. A request
that fails after its writes (here the page it answers with) shows the error page and keeps none of them,
rather than a grade or an answer saved behind an error the learner then repeats."""

import re

from sqlmodel import select

from quizapp.models import CardState, QuizAnswer, QuizSession, ReviewLog
from tests.helpers.web import back_form, card_id_of, current_item, start


def _page_fails(*_args, **_kwargs):
    raise RuntimeError("the page could not be made")


def test_a_grade_whose_page_fails_is_not_kept(client, post, session, stocked, monkeypatch):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    _, form = back_form(client, card_id)
    monkeypatch.setattr("quizapp.web.review.render", _page_fails)
    failed = post(f"/review/{card_id}/grade", form | {"rating": "3"}, htmx=True)
    assert failed.status_code == 500 and "Nothing you saved was lost" in failed.get_data(as_text=True)
    assert session.exec(select(ReviewLog)).all() == []
    assert session.get(CardState, card_id).version == 0
    monkeypatch.undo()  # the learner grades again: counted once
    assert post(f"/review/{card_id}/grade", form | {"rating": "3"}, htmx=True).status_code == 200
    assert len(session.exec(select(ReviewLog)).all()) == 1


def test_a_quiz_answer_whose_page_fails_is_not_kept(client, post, session, stocked, monkeypatch):
    url = start(post)
    quiz, _, item = current_item(session, url)
    monkeypatch.setattr("quizapp.web.quiz.render", _page_fails)
    failed = post(url, {"answer": item.answer}, htmx=True)
    assert failed.status_code == 500
    assert session.exec(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id)).all() == []
    assert session.exec(select(ReviewLog)).all() == []
    session.refresh(quiz)
    assert quiz.answered_count == 0


def test_an_undo_whose_page_fails_is_not_kept(client, post, session, stocked, monkeypatch):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    _, form = back_form(client, card_id)
    graded = post(f"/review/{card_id}/grade", form | {"rating": "3"}, htmx=True).get_data(as_text=True)
    review = re.search(r'name="review" value="(\d+)"', graded).group(1)
    monkeypatch.setattr("quizapp.web.review.render", _page_fails)
    assert post("/review/undo", {"review": review}, htmx=True).status_code == 500
    assert len(session.exec(select(ReviewLog)).all()) == 1  # the grade is still there


def test_a_quiz_started_is_kept_when_its_redirect_is_made(post, session, stocked):
    start(post)
    assert len(session.exec(select(QuizSession)).all()) == 1
