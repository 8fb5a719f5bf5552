"""Quiz pages: setup, one question at a time, feedback by htmx or plain form, score; answers recorded once."""

import pytest
from sqlmodel import select

from quizapp import analysis
from quizapp.models import CardState, Item, QuizAnswer, ReviewLog
from tests.helpers.web import HX, current_item, start


def test_setup_page_lists_articles(client, stocked):
    html = client.get("/quiz").get_data(as_text=True)
    assert "Start quiz" in html
    assert "Lindqvist wins Nordic marathon" in html
    assert 'aria-current="page"' in html


def test_setup_without_articles_says_so(client):
    html = client.get("/quiz").get_data(as_text=True)
    assert "no articles to quiz on" in html


def test_start_without_items_is_a_clear_error(post):
    response = post("/quiz", {"article": "all", "length": "5", "mode": "choice"})
    assert response.status_code == 400
    assert "Add an article first" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "form, message",
    [
        ({"length": "7"}, "Choose a length"),
        ({"mode": "oral"}, "multiple choice or typed"),
        ({"article": "abc"}, "Pick an article"),
        ({"article": "999"}, "does not exist"),
    ],
)
def test_start_with_bad_input(post, stocked, form, message):
    data = {"article": "all", "length": "5", "mode": "choice"} | form
    response = post("/quiz", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_start_needs_csrf(client, stocked):
    response = client.post("/quiz", data={"article": "all", "length": "5", "mode": "choice"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_question_page_full_and_fragment(client, post, stocked):
    url = start(post)
    full = client.get(url).get_data(as_text=True)
    assert "<html" in full and "Question 1 of 5" in full and 'type="radio"' in full
    fragment = client.get(url, headers=HX)
    assert "HX-Request" in fragment.headers["Vary"]
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "<nav" not in body
    assert "Question 1 of 5" in body and "Check" in body


def test_htmx_history_restore_gets_the_full_page(client, post, stocked):
    url = start(post)
    body = client.get(url, headers=HX | {"HX-History-Restore-Request": "true"}).get_data(as_text=True)
    assert "<html" in body


def test_answer_right_by_htmx_shows_feedback_and_reviews_good(client, post, session, stocked):
    url = start(post)
    quiz, position, item = current_item(session, url)
    response = post(url, {"answer": item.answer}, htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert "Right!" in body
    assert f"<mark>{item.answer}</mark>" in body  # the answer highlighted in the source sentence
    assert "Next" in body
    log = session.exec(select(ReviewLog).where(ReviewLog.item_id == item.id)).one()
    assert (log.mode, log.rating, log.correct, log.answer_given) == ("quiz", 3, True, item.answer)


def test_answer_wrong_by_plain_form_redirects_then_shows_feedback(client, post, session, stocked):
    url = start(post)
    quiz, position, item = current_item(session, url)
    wrong = next(c for c in item.choices if c != item.answer)
    response = post(url, {"answer": wrong})
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    body = client.get(url).get_data(as_text=True)
    assert "Not quite" in body and item.answer in body
    log = session.exec(select(ReviewLog).where(ReviewLog.item_id == item.id)).one()
    assert (log.rating, log.correct) == (1, False)


def test_an_answer_and_its_card_review_land_together_or_not_at_all(
    client, post, session, stocked, monkeypatch
):
    url = start(post)
    quiz, position, item = current_item(session, url)

    def tally_fails(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("quizapp.tallies.count", tally_fails)  # the review's last write fails
    failed = post(url, {"answer": item.answer}, htmx=True)
    assert failed.status_code == 500 and "Nothing you saved was lost" in failed.get_data(as_text=True)
    assert session.exec(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id)).all() == []
    assert session.exec(select(ReviewLog)).all() == []
    session.refresh(quiz)
    assert quiz.answered_count == 0

    monkeypatch.undo()  # the learner tries again: the question is still open and counts once
    again = post(url, {"answer": item.answer}, htmx=True)
    assert again.status_code == 200 and "Right!" in again.get_data(as_text=True)
    assert len(session.exec(select(ReviewLog).where(ReviewLog.item_id == item.id)).all()) == 1
    session.refresh(quiz)
    assert (quiz.answered_count, quiz.correct_count) == (1, 1)


def test_double_submit_is_recorded_once(client, post, session, stocked):
    url = start(post)
    quiz, position, item = current_item(session, url)
    post(url, {"answer": item.answer}, htmx=True)
    card = session.exec(select(CardState).where(CardState.item_id == item.id)).one()
    version = card.version
    wrong = next(c for c in item.choices if c != item.answer)
    again = post(url, {"answer": wrong}, htmx=True)  # second tab / back button with another answer
    assert again.status_code == 200 and "Right!" in again.get_data(as_text=True)
    assert len(session.exec(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id)).all()) == 1
    assert len(session.exec(select(ReviewLog).where(ReviewLog.item_id == item.id)).all()) == 1
    session.refresh(card)
    assert card.version == version
    session.refresh(quiz)
    assert quiz.answered_count == 1 and quiz.correct_count == 1
    # The item analysis counts it once too, right, and not the wrong choice sent second.
    found = analysis.article_analysis(session, stocked).figures_of(item.id)
    assert (found.answers, found.right, dict(found.picks)[wrong]) == (1, 1, 0)


def test_empty_answer_is_a_clear_message(post, stocked):
    url = start(post)
    response = post(url, {"answer": "  "}, htmx=True)
    assert response.status_code == 422
    assert "Pick an answer first" in response.get_data(as_text=True)


def test_typed_quiz_grades_typed_answers(client, post, session, stocked):
    url = start(post, mode="typed")
    quiz, position, item = current_item(session, url)
    page = client.get(url).get_data(as_text=True)
    assert 'id="answer"' in page and 'type="radio"' not in page
    response = post(url, {"answer": item.answer.upper()}, htmx=True)
    assert "Right!" in response.get_data(as_text=True)


def test_cannot_skip_ahead(client, post, session, stocked):
    url = start(post)
    quiz, _, _ = current_item(session, url)
    response = client.get(f"/quiz/{quiz.id}/3")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/quiz/{quiz.id}/1")


def test_a_question_left_unanswered_before_others_is_the_one_asked_next(client, post, session, stocked):
    """Answers posted out of order (two tabs, a hand-made form) leave a gap: the page past it sends the
    learner back to the gap, an answered question still shows its feedback."""
    url = start(post)
    quiz, _, _ = current_item(session, url)
    for position in (1, 3):
        post(f"/quiz/{quiz.id}/{position}", {"answer": "nobody"})
    ahead = client.get(f"/quiz/{quiz.id}/4")
    assert ahead.status_code == 302 and ahead.headers["Location"].endswith(f"/quiz/{quiz.id}/2")
    assert "Not quite" in client.get(f"/quiz/{quiz.id}/3").get_data(as_text=True)
    gap = client.get(f"/quiz/{quiz.id}/2")
    assert gap.status_code == 200 and 'name="answer"' in gap.get_data(as_text=True)


def test_whole_quiz_to_score(client, post, session, stocked):
    url = start(post)
    quiz, _, _ = current_item(session, url)
    for position, item_id in enumerate(quiz.item_ids, start=1):
        item = session.get(Item, item_id)
        given = item.answer if position % 2 else next(c for c in item.choices if c != item.answer)
        post(f"/quiz/{quiz.id}/{position}", {"answer": given})
    assert client.get(f"/quiz/{quiz.id}").headers["Location"].endswith(f"/quiz/{quiz.id}/score")
    html = client.get(f"/quiz/{quiz.id}/score").get_data(as_text=True)
    assert "3 / 5" in html and "60%" in html and "time taken" in html
    assert html.count('class="panel"><p class="question">') + html.count('<li class="panel">') >= 2
    assert "Missed (2)" in html
    session.refresh(quiz)
    assert quiz.finished_at is not None
    assert len(session.exec(select(ReviewLog).where(ReviewLog.mode == "quiz")).all()) == 5


def test_score_of_unfinished_quiz_redirects(client, post, session, stocked):
    url = start(post)
    quiz, _, _ = current_item(session, url)
    assert client.get(f"/quiz/{quiz.id}/score").status_code == 302


@pytest.mark.parametrize("url", ["/quiz/999", "/quiz/999/1", "/quiz/999/score"])
def test_unknown_quiz_is_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_question_position_out_of_range_is_404(client, post, session, stocked):
    url = start(post)
    quiz, _, _ = current_item(session, url)
    assert client.get(f"/quiz/{quiz.id}/99").status_code == 404
    assert post(f"/quiz/{quiz.id}/99", {"answer": "x"}).status_code == 404


def test_the_title_above_each_question_hides_that_questions_answer(client, post, session, stocked):
    """The stocked article is "Lindqvist wins Nordic marathon": above "Who won …?" the winner is blanked out,
    above the other questions the title reads as written."""
    url, seen = start(post), {}
    for number in range(1, 6):
        url = url.rsplit("/", 1)[0] + f"/{number}"
        _, _, item = current_item(session, url)
        body = client.get(url).get_data(as_text=True)
        seen[item.answer] = body
        post(url, {"answer": item.answer})
    assert "From “____ wins Nordic marathon”" in seen["Mara Lindqvist"]
    assert "Lindqvist wins" not in seen["Mara Lindqvist"].split("</h2>")[0]
    assert "From “Lindqvist wins Nordic marathon”" in seen["Oslo"]
