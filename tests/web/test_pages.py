"""Home, Scores, error pages, and what every page shares."""

import pytest

from quizapp.models import Item
from tests.helpers.web import HX

PAGES = ["/", "/quiz", "/review", "/articles", "/stats"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_navigation_and_htmx_from_static(client, stocked, url):
    html = client.get(url).get_data(as_text=True)
    for label in ("Home", "Quiz", "Flashcards", "Articles", "Scores"):
        assert f">{label}</a>" in html
    assert "/static/vendor/htmx-2.0.11.min.js" in html
    assert 'src="http' not in html and 'href="http' not in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert 'aria-current="page"' in html


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_htmx_requests(client, stocked, url):
    response = client.get(url, headers=HX)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert "<html" not in body and "<nav" not in body


def test_home_empty(client):
    html = client.get("/").get_data(as_text=True)
    assert "Nothing to study yet" in html and "Add an article" in html


def test_home_with_articles(client, stocked):
    html = client.get("/").get_data(as_text=True)
    assert "Start quiz" in html and "Lindqvist wins Nordic marathon" in html
    assert "0% mastered" in html and "5</p>" in html


def test_stats_empty(client):
    html = client.get("/stats").get_data(as_text=True)
    assert "No quizzes yet" in html and "No answers yet" in html and '<svg class="heatmap"' in html


def test_stats_after_a_quiz(client, post, session, stocked):
    start = post("/quiz", {"article": str(stocked.id), "length": "5", "mode": "choice"})
    quiz_url = start.headers["Location"].rsplit("/", 1)[0]
    quiz_id = int(quiz_url.rsplit("/", 1)[1])
    from quizapp.models import QuizSession

    quiz = session.get(QuizSession, quiz_id)
    for position, item_id in enumerate(quiz.item_ids, start=1):
        item = session.get(Item, item_id)
        post(f"{quiz_url}/{position}", {"answer": item.answer if position != 2 else "nobody"})
    html = client.get("/stats").get_data(as_text=True)
    assert "4 / 5" in html and "(80%)" in html and "Lindqvist wins Nordic marathon" in html
    assert ">1</p><p>day streak" in html
    assert "80%" in html  # retention
    assert "Who</th>" in html
    assert "5 reviews on 1 day in the last 20 weeks" in html
    assert 'class="heat-4"' in html
    assert '<svg class="forecast"' in html and "5 cards due in the next 30 days" in html
    fragment = client.get("/stats", headers=HX)
    assert fragment.status_code == 200


def test_stats_counts_every_quiz_and_shows_older_ones_on_request(client, session, stocked):
    """A learner with more quizzes than one page of history sees the true count, the latest page, and older
    quizzes a page at a time (a link without JavaScript, the table alone for htmx)."""
    from datetime import UTC, datetime, timedelta

    from quizapp.models import QuizSession
    from quizapp.scheduling import default_learner

    learner = default_learner(session).id
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for n in range(45):  # quiz n scored n of 50: its row reads "n / 50"
        finished = start + timedelta(days=n)
        session.add(
            QuizSession(
                learner_id=learner,
                item_ids=list(range(50)),
                started_at=finished - timedelta(minutes=3),
                finished_at=finished,
                answered_count=50,
                correct_count=n,
            )
        )
    session.add(QuizSession(learner_id=learner, item_ids=[1, 2], started_at=start))  # unfinished
    session.commit()

    def score(n: int) -> str:
        return f">{n} / 50</a>"

    html = client.get("/stats").get_data(as_text=True)
    assert ">45</p><p>quizzes taken" in html
    assert score(44) in html and score(25) in html and score(24) not in html  # the latest 20
    assert "The latest 20 of 45." in html and 'href="/stats?history=40#quiz-history"' in html

    more = client.get("/stats?history=40", headers=HX)
    fragment = more.get_data(as_text=True)
    assert more.status_code == 200 and "<h1>" not in fragment and "heatmap" not in fragment
    assert score(24) in fragment and score(5) in fragment and score(4) not in fragment
    assert "The latest 40 of 45." in fragment and "history=60" in fragment

    everything = client.get("/stats?history=60").get_data(as_text=True)
    assert score(0) in everything and "Show older quizzes" not in everything and "heatmap" in everything
    for odd in ("abc", "-5", "99999999"):  # a hand-edited address still gets a page
        assert client.get(f"/stats?history={odd}").status_code == 200


def test_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Not found" in html and "Back to Home" in html and "<nav" in html


def test_wrong_method_is_friendly(client):
    response = client.get("/review/undo")
    assert response.status_code == 405 and "Not allowed" in response.get_data(as_text=True)


def test_unexpected_error_is_a_friendly_500(app, client, monkeypatch):
    from quizapp import home  # the home page's service

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(home.stats, "article_mastery", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html and "boom" not in html and "Traceback" not in html


def test_home_offers_to_continue_a_quiz(client, post, stocked):
    post("/quiz", {"article": "all", "length": "5", "mode": "choice"})
    html = client.get("/").get_data(as_text=True)
    assert "A quiz is in progress (0 of 5 answered)" in html and "Continue it" in html


def test_healthz_is_plain_ok_without_the_database(client, app, monkeypatch):
    monkeypatch.delitem(app.extensions, "quizapp.engine")  # any database access would now fail
    response = client.get("/healthz")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok"


def test_without_accounts_there_is_no_sign_in(client):
    assert client.get("/account/signin").status_code == 404
    assert client.get("/account/signup").status_code == 404
    assert client.get("/").status_code == 200
