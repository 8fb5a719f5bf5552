"""Flashcards: front, Show answer, the four grades with their intervals, stale grades, undo, done message."""

import re
from datetime import UTC, datetime, timedelta

from itsdangerous import URLSafeSerializer
from sqlmodel import select

from quizapp.models import CardState, ReviewLog
from quizapp.web.display import interval_label
from tests.helpers.web import HX, back_form, card_id_of


def test_front_full_page_and_fragment(client, stocked):
    full = client.get("/review").get_data(as_text=True)
    assert "<html" in full and "Show answer" in full and "5</strong> left today" in full
    fragment = client.get("/review", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and "Show answer" in fragment


def test_no_cards_yet(client):
    html = client.get("/review").get_data(as_text=True)
    assert "No flashcards yet" in html


def test_show_answer_labels_grades_with_intervals(client, stocked):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    for headers in ({}, HX):
        html = client.get(f"/review/{card_id}/answer", headers=headers).get_data(as_text=True)
        assert ("<html" in html) == (not headers)
        interval = r"\d+(\.\d+)? (min|hours?|days?|months?|years?)"
        for name in ("Again", "Hard", "Good", "Easy"):
            assert re.search(rf"{name} <span class=\"interval\">· {interval}</span>", html), name
        assert "<mark>" in html  # the answer highlighted in its source sentence
        # htmx swaps the card alone: what is left today does not change by flipping it
        assert ("left today" in html) == (not headers) and 'id="card-body"' in html


def _grade(client, post, rating, htmx):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    html = client.get(f"/review/{card_id}/answer").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    shown_at = re.search(r'name="shown_at" value="(\d+)"', html).group(1)
    form = {"rating": rating, "version": version, "shown_at": shown_at}
    return card_id, version, post(f"/review/{card_id}/grade", form, htmx=htmx)


def test_each_grade_is_logged(client, post, session, stocked):
    for rating in (1, 2, 3, 4):
        card_id, _, response = _grade(client, post, str(rating), htmx=rating % 2 == 0)
        if rating % 2 == 0:
            assert response.status_code == 200 and "left today" in response.get_data(as_text=True)
        else:
            assert response.status_code == 303 and response.headers["Location"].endswith("/review")
        log = session.exec(select(ReviewLog).where(ReviewLog.card_id == card_id)).first()
        assert log.rating == rating and log.mode == "flashcard"
        assert log.duration_ms is not None and 0 <= log.duration_ms < 60_000


def test_stale_grade_counts_once(client, post, session, stocked):
    card_id, version, first = _grade(client, post, "3", htmx=True)
    again = post(f"/review/{card_id}/grade", {"rating": "1", "version": version}, htmx=True)
    assert "already graded" in again.get_data(as_text=True)
    logs = session.exec(select(ReviewLog).where(ReviewLog.card_id == card_id)).all()
    assert [log.rating for log in logs] == [3]


def test_bad_rating_is_a_clear_message(client, post, stocked):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    response = post(f"/review/{card_id}/grade", {"rating": "9", "version": "0"}, htmx=True)
    assert response.status_code == 422 and "Choose Again, Hard, Good or Easy" in response.get_data(
        as_text=True
    )


def _undo_form(client) -> dict:
    """The Undo button's form fields, as the page shows them (the grade it takes back)."""
    html = client.get("/review").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="/review/undo"[^>]*>(.*?)</form>', html, re.S).group(1)
    return dict(re.findall(r'<input type="hidden" name="(review)" value="(\d+)">', form))


def test_undo_restores_the_card(client, post, session, stocked):
    card_id, _, _ = _grade(client, post, "3", htmx=False)
    before = session.get(CardState, card_id)
    session.refresh(before)
    assert before.reps == 1
    response = post("/review/undo", _undo_form(client), htmx=True)
    assert "Undone" in response.get_data(as_text=True)
    assert f"/review/{card_id}/answer" in response.get_data(as_text=True)
    session.refresh(before)
    assert before.reps == 0
    assert session.exec(select(ReviewLog)).all() == []
    plain = post("/review/undo")
    assert plain.status_code == 303
    assert "Nothing to undo" in client.get("/review").get_data(as_text=True)


def test_an_undo_sent_twice_takes_back_one_grade(client, post, session, stocked):
    # A retry of Undo (no answer before the server restarted, a double click without JavaScript, a second
    # tab) must not take back the grade before the one its button was shown for.
    first, _, _ = _grade(client, post, "3", htmx=True)
    second, _, _ = _grade(client, post, "4", htmx=True)
    undo = _undo_form(client)
    assert "Undone" in post("/review/undo", undo, htmx=True).get_data(as_text=True)
    for htmx in (True, False):
        again = post("/review/undo", undo, htmx=htmx, follow_redirects=True).get_data(as_text=True)
        assert "already undone" in again and "Undone" not in again
    logs = session.exec(select(ReviewLog)).all()
    assert [(log.card_id, log.rating) for log in logs] == [(first, 3)]
    assert session.get(CardState, first).reps == 1


def test_done_message_says_when_next(client, post, app, stocked):
    app.config["NEW_CARDS_PER_DAY"] = 1
    _grade(client, post, "4", htmx=False)  # Easy: due in days
    html = client.get("/review").get_data(as_text=True)
    assert "All done for now" in html and "The next card is due in" in html


def test_unknown_card_is_404(client, post, stocked):
    assert client.get("/review/999/answer").status_code == 404
    assert client.get("/review?card=999").status_code == 404
    assert post("/review/999/grade", {"rating": "3", "version": "0"}).status_code == 404


def test_grade_needs_csrf(client, stocked):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    response = client.post(f"/review/{card_id}/grade", data={"rating": "3", "version": "0"}, headers=HX)
    assert response.status_code == 400


def test_a_large_backlog_reads_as_limit_plus(client, session, stocked, monkeypatch):
    overdue = datetime.now(UTC) - timedelta(days=3)
    for card in session.exec(select(CardState).limit(3)).all():
        card.is_new, card.due, card.last_review = False, overdue, overdue - timedelta(days=2)
        session.add(card)
    session.commit()
    html = client.get("/review").get_data(as_text=True)
    assert "(3 due, 2 new)" in html
    monkeypatch.setattr("quizapp.scheduling.SHOWN_DUE_LIMIT", 2)
    html = client.get("/review").get_data(as_text=True)
    assert "4+</strong> left today" in html and "(2+ due, 2 new)" in html
    assert "(2+ due, 2 new)" in client.get("/").get_data(as_text=True)


def test_each_grade_gives_the_interval_its_button_showed(client, post, session, stocked):
    # Easy on a new card is days away, where FSRS fuzzes the interval at random: the grade must give the
    # interval the button said, though showing the back stored nothing.
    for _ in range(5):
        card_id = card_id_of(client.get("/review").get_data(as_text=True))
        html, form = back_form(client, card_id)
        shown = re.search(r'value="4"[^>]*>\s*Easy <span class="interval">· ([^<]+)</span>', html).group(1)
        assert post(f"/review/{card_id}/grade", form | {"rating": "4"}, htmx=True).status_code == 200
        card = session.get(CardState, card_id)
        session.refresh(card)
        assert interval_label(card.due - card.last_review) == shown


def test_a_grade_form_with_outcomes_not_signed_by_the_app_is_graded_by_fsrs(client, post, session, stocked):
    card_id = card_id_of(client.get("/review").get_data(as_text=True))
    _, form = back_form(client, card_id)
    forged = [card_id, 0, 0, [[2, None, 100.0, 1.0, 3000 * 86_400_000_000]] * 4]  # 3000 days for any grade
    form["preview"] = URLSafeSerializer("not the app's key", salt="grade-preview").dumps(forged)
    post(f"/review/{card_id}/grade", form | {"rating": "3"}, htmx=True)
    card = session.get(CardState, card_id)
    session.refresh(card)
    assert card.due - card.last_review == timedelta(minutes=10)  # Good on a new card


def test_the_daily_limits_count_down_as_cards_are_graded(client, post, app, session, stocked):
    overdue = datetime.now(UTC) - timedelta(days=3)
    for card in session.exec(select(CardState).limit(3)).all():  # three studied cards due, two new
        card.is_new, card.due, card.last_review = False, overdue, overdue - timedelta(days=2)
        session.add(card)
    session.commit()
    app.config["REVIEWS_PER_DAY"], app.config["NEW_CARDS_PER_DAY"] = 2, 1
    assert "3</strong> left today" in client.get("/review").get_data(as_text=True)  # (2 due, 1 new)
    assert "(2 due, 1 new)" in client.get("/review").get_data(as_text=True)
    _, _, graded = _grade(client, post, "3", htmx=True)
    assert "(1 due, 1 new)" in graded.get_data(as_text=True)  # two are due, one review is left today
    _, _, graded = _grade(client, post, "3", htmx=True)
    html = graded.get_data(as_text=True)
    assert "You reached today’s review limit" in html and "Show answer" not in html


def test_the_counts_agree_with_a_learning_card_offered_ahead(client, post, app, stocked):
    """With nothing due now and no new card left today, a learning card due within minutes is shown rather
    than making the learner wait: the line above it counts it, never "0 left today" over a card."""
    app.config["NEW_CARDS_PER_DAY"] = 1
    assert "(0 due, 1 new)" in client.get("/review").get_data(as_text=True)
    _, _, graded = _grade(client, post, "1", htmx=True)  # Again: due again in a minute
    html = graded.get_data(as_text=True)
    assert "Show answer" in html
    assert "<strong>1</strong> left today" in html and "(1 due soon, 0 new)" in html
    home = client.get("/").get_data(as_text=True)
    assert "(1 due soon, 0 new)" in home
