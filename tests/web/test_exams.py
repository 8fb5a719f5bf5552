"""The exam date of an article, from its page (plain forms and htmx), accounts off and on; the grade buttons
show the capped intervals; the Scores page shows the predicted recall on the day."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import State
from sqlmodel import select

from quizapp.accounts import create_account
from quizapp.models import CardState, ExamDate
from quizapp.scheduling import exam_moment
from quizapp.web.display import interval_label
from tests.helpers.web import PASSWORD, Browser, back_form

TODAY = datetime.now(UTC).date()
IN_TEN_DAYS = TODAY + timedelta(days=10)


def exam_url(article) -> str:
    return f"/articles/{article.id}/exam"


def exam_days(session) -> list:
    session.expire_all()
    return [(exam.learner_id, exam.exam_on) for exam in session.exec(select(ExamDate).order_by(ExamDate.id))]


def test_the_article_page_offers_an_exam_date(client, stocked):
    html = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert 'name="exam_on" type="date" value=""' in html and ">Set date</button>" in html
    assert ">Clear</button>" not in html


def test_set_change_and_clear_with_plain_forms(client, post, session, stocked):
    response = post(exam_url(stocked), {"exam_on": IN_TEN_DAYS.isoformat(), "action": "set"})
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/articles/{stocked.id}#exam"
    )
    html = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert f"Exam date set: {IN_TEN_DAYS.strftime('%A %B %-d, %Y')}." in html
    assert f'<time datetime="{IN_TEN_DAYS.isoformat()}">' in html and ">Change date</button>" in html
    later = IN_TEN_DAYS + timedelta(days=5)
    post(exam_url(stocked), {"exam_on": later.isoformat(), "action": "set"})
    assert exam_days(session) == [(1, later)]
    post(exam_url(stocked), {"exam_on": later.isoformat(), "action": "clear"})
    assert exam_days(session) == []
    html = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert "Exam date cleared" in html and ">Set date</button>" in html
    post(exam_url(stocked), {"action": "clear"})  # a second click of Clear
    assert "No exam date is set." in client.get(f"/articles/{stocked.id}").get_data(as_text=True)


def test_set_and_clear_with_htmx_swap_the_panel(post, session, stocked):
    response = post(exam_url(stocked), {"exam_on": IN_TEN_DAYS.isoformat(), "action": "set"}, htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="exam-title"' in html
    assert "Exam date set" in html and ">Clear</button>" in html
    response = post(exam_url(stocked), {"action": "clear"}, htmx=True)
    assert "Exam date cleared" in response.get_data(as_text=True) and exam_days(session) == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"exam_on": ""}, "Choose the exam’s date."),
        ({}, "Choose the exam’s date."),
        ({"exam_on": "31/12/2026"}, "That is not a date"),
        ({"exam_on": "<script>alert(1)</script>"}, "That is not a date"),
        ({"exam_on": "x" * 100_000}, "That is not a date"),
        ({"exam_on": TODAY.isoformat()}, "Choose a day after today"),
        ({"exam_on": (TODAY - timedelta(days=3)).isoformat()}, "Choose a day after today"),
        ({"exam_on": "9999-12-31"}, "within the next five years"),
        ({"exam_on": ["2027-01-01", "2027-02-01"], "action": ["set", "clear"]}, None),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_dates_get_a_message_and_change_nothing(post, session, stocked, form, message, htmx):
    post(exam_url(stocked), {"exam_on": IN_TEN_DAYS.isoformat()})
    response = post(exam_url(stocked), form, htmx=htmx)
    html = response.get_data(as_text=True)
    if message is None:  # doubled fields: the first of each is read, as a form post gives them
        assert response.status_code in (200, 303) and exam_days(session) == [(1, datetime(2027, 1, 1).date())]
        return
    assert response.status_code == 422 and message in html and 'role="alert"' in html
    assert "<script>alert" not in html and ("<html" in html) == (not htmx)
    assert exam_days(session) == [(1, IN_TEN_DAYS)]


def test_posts_without_a_csrf_token_or_to_no_article_are_refused(client, post, session, stocked):
    form = {"exam_on": IN_TEN_DAYS.isoformat()}
    assert client.post(exam_url(stocked), data=form).status_code == 400
    assert post("/articles/999/exam", form).status_code == 404
    assert exam_days(session) == []


def test_the_grade_buttons_show_the_capped_interval_and_the_grade_gives_it(client, post, session, stocked):
    card = session.exec(select(CardState).order_by(CardState.id)).first()
    card.state, card.step, card.is_new, card.reps = int(State.Review), None, False, 3
    card.stability, card.difficulty = 12.0, 5.0
    card.last_review = datetime.now(UTC) - timedelta(days=12)
    card.due = datetime.now(UTC) - timedelta(minutes=1)
    session.add(card)
    session.commit()
    post(exam_url(stocked), {"exam_on": (TODAY + timedelta(days=30)).isoformat()})
    html, form = back_form(client, card.id)
    shown = re.search(r'value="4"[^>]*>\s*Easy <span class="interval">· ([^<]+)</span>', html).group(1)
    assert shown != "2 months"  # Easy's interval without the exam: about 60 days
    assert post(f"/review/{card.id}/grade", form | {"rating": "4"}, htmx=True).status_code == 200
    session.refresh(card)
    assert interval_label(card.due - card.last_review) == shown
    assert card.due < exam_moment(TODAY + timedelta(days=30))


def test_scores_show_the_predicted_recall_on_the_day(client, post, stocked):
    assert "Exams ahead" not in client.get("/stats").get_data(as_text=True)
    post(exam_url(stocked), {"exam_on": IN_TEN_DAYS.isoformat()})
    html = client.get("/stats").get_data(as_text=True)
    row = re.search(r'<th scope="row"><a href="[^"]+#exam">([^<]+)</a></th>(.*?)</tr>', html, re.S)
    assert row.group(1) == stocked.title
    assert "0%" in row.group(2) and "5 of 5 questions" in row.group(2)  # nothing studied yet: all at risk


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_each_learner_has_their_own_exam_date(app, session, stocked):
    for name in ("ada", "bo"):
        create_account(session, name, PASSWORD, PASSWORD)
    session.commit()
    ada, bo = Browser(app), Browser(app, address="127.0.0.2")
    ada.sign_in("ada")
    bo.sign_in("bo")
    ada.get(f"/articles/{stocked.id}")
    assert ada.post(exam_url(stocked), {"exam_on": IN_TEN_DAYS.isoformat()}).status_code == 303
    assert f'<time datetime="{IN_TEN_DAYS.isoformat()}">' in ada.html(f"/articles/{stocked.id}")
    assert "Exams ahead" in ada.html("/stats")
    bo_page = bo.html(f"/articles/{stocked.id}")  # a learner who is not a teacher sets their own
    assert f'<time datetime="{IN_TEN_DAYS.isoformat()}">' not in bo_page and "Exams ahead" not in bo.html(
        "/stats"
    )
    later = IN_TEN_DAYS + timedelta(days=1)
    assert bo.post(exam_url(stocked), {"exam_on": later.isoformat()}, htmx=True).status_code == 200
    assert bo.post(exam_url(stocked), {"exam_on": "soon"}, htmx=True).status_code == 422
    dates = dict(exam_days(session))
    assert sorted(dates.values()) == [IN_TEN_DAYS, later] and len(dates) == 2
    assert bo.post(exam_url(stocked), {"action": "clear"}).status_code == 303
    assert [day for _, day in exam_days(session)] == [IN_TEN_DAYS]  # ada's stays


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_a_browser_not_signed_in_cannot_set_one(app, session, stocked):
    browser = Browser(app)
    browser.get("/account/signin")
    response = browser.post(exam_url(stocked), {"exam_on": IN_TEN_DAYS.isoformat()})
    assert response.status_code in (303, 401) and exam_days(session) == []
