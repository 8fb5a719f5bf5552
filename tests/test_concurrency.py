"""Several processes grading the same card never double-count or lose a review: direct calls from worker
processes, and graders over HTTP against `quizapp run --workers` (granian's worker processes)."""

import http.cookiejar
import multiprocessing
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from fsrs import Rating
from sqlmodel import Session, func, select

from quizapp import analysis, quizzes
from quizapp.db import make_engine
from quizapp.models import CardState, ItemTally, QuizSession, ReviewLog, ReviewTally
from quizapp.scheduling import review
from tests.helpers.server import quizapp_running

WORKERS = 4


def _race_once(url: str, card_id: int, barrier) -> bool:
    """Every worker grades version 0 of the card at the same moment."""
    engine = make_engine(url)
    with Session(engine) as session:
        card = session.get(CardState, card_id)
        barrier.wait()
        won = review(session, card, Rating.Good, expected_version=0) is not None
        session.commit()  # the caller's transaction, as a request's
    engine.dispose()
    return won


def _grade_many(url: str, card_id: int, wanted: int) -> int:
    """Grade until `wanted` of this worker's grades landed, re-reading the card after each stale one."""
    engine = make_engine(url)
    landed = stale = 0
    while landed < wanted:
        with Session(engine) as session:
            card = session.get(CardState, card_id)
            if review(session, card, Rating.Good, expected_version=card.version) is None:
                stale += 1
            else:
                session.commit()
                landed += 1
    engine.dispose()
    return stale


def _card_and_logs(session, card_id):
    session.expire_all()
    card = session.get(CardState, card_id)
    logs = session.exec(select(func.count()).select_from(ReviewLog).where(ReviewLog.card_id == card_id)).one()
    # The per-day tallies (daily limits, Scores page) must count exactly the logged reviews too.
    tallied = session.exec(select(func.sum(ReviewTally.reviews))).one()
    assert tallied == logs
    # And the item analysis's (quizapp.item_tallies).
    of_card = (ItemTally.item_id == card.item_id, ItemTally.kind == "flashcard")
    assert session.exec(select(ItemTally.answers).where(*of_card)).one() == logs
    return card, logs


def test_concurrent_grades_of_one_version_count_once(app, session, stocked):
    card_id = session.exec(select(CardState.id)).first()
    url = app.config["DATABASE_URL"]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(WORKERS)
        with context.Pool(WORKERS) as pool:
            results = pool.starmap(_race_once, [(url, card_id, barrier)] * WORKERS)
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    card, logs = _card_and_logs(session, card_id)
    assert (card.reps, card.version, logs) == (1, 1, 1)


def test_concurrent_graders_lose_no_review(app, session, stocked):
    card_id = session.exec(select(CardState.id)).first()
    url = app.config["DATABASE_URL"]
    per_worker = 8
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        pool.starmap(_grade_many, [(url, card_id, per_worker)] * WORKERS)
    card, logs = _card_and_logs(session, card_id)
    assert card.reps == card.version == logs == WORKERS * per_worker


def _answer_once(url: str, quiz_id: int, given: str, barrier) -> bool:
    """Every worker answers the quiz's first question at the same moment (a double submit from two tabs)."""
    engine = make_engine(url)
    with Session(engine) as session:
        quiz = session.get(QuizSession, quiz_id)
        question = quizzes.question_at(session, quiz, 0)
        barrier.wait()
        recorded = quizzes.answer_question(session, question, given).recorded
        session.commit()
    engine.dispose()
    return recorded


def test_concurrent_answers_to_one_question_count_once(app, session, stocked):
    """Answered at once by several processes, one answer is stored, graded and counted for the item
    analysis: the others change nothing."""
    learner = session.exec(select(CardState.learner_id)).first()
    quiz = quizzes.start_quiz(session, learner, article_id=stocked.id, length=5, mode="typed")
    session.commit()
    url, quiz_id, item_id = app.config["DATABASE_URL"], quiz.id, quiz.item_ids[0]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(WORKERS)
        with context.Pool(WORKERS) as pool:
            given = [(url, quiz_id, f"wrong {n}", barrier) for n in range(WORKERS)]
            results = pool.starmap(_answer_once, given)
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    session.expire_all()
    found = analysis.article_analysis(session, stocked).figures_of(item_id)
    assert (found.answers, found.learners, len(found.typed_wrong)) == (1, 1, 1)


# ---------------------------------------------------------------- over HTTP, against several server processes


class Browser:
    """One learner's browser: its own cookie (session) and CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = re.search(r'"X-CSRFToken": "([^"]+)"', self.get("/")).group(1)

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def grade(self, card_id: int, version: int) -> str:
        form = urllib.parse.urlencode({"rating": "3", "version": str(version)}).encode()
        request = urllib.request.Request(
            f"{self.base}/review/{card_id}/grade",
            data=form,
            headers={"HX-Request": "true", "X-CSRFToken": self.token},
        )
        with self.opener.open(request, timeout=30) as response:
            assert response.status == 200
            return response.read().decode()


@pytest.fixture
def served(app, tmp_path):
    """`quizapp run --workers 2` on the test database; yields its base URL."""
    env = os.environ | {
        "QUIZAPP_DATABASE_URL": app.config["DATABASE_URL"],
        "QUIZAPP_SEED_ON_START": "false",
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    with quizapp_running(["--workers", "2", "--threads", "2"], env, tmp_path / "server.log") as (base, _):
        yield base


def test_graders_over_http_on_several_server_processes_lose_nothing(served, session, stocked):
    card_id = session.exec(select(CardState.id)).first()
    browsers = [Browser(served) for _ in range(6)]  # each its own session and CSRF token
    # All six grade version 0 of the card at the same moment: exactly one grade lands.
    barrier = threading.Barrier(len(browsers))

    def grade_version_0(browser: Browser) -> bool:
        browser.get(f"/review/{card_id}/answer")
        barrier.wait()
        return "already graded" not in browser.grade(card_id, 0)

    with ThreadPoolExecutor(len(browsers)) as pool:
        landed = list(pool.map(grade_version_0, browsers))
    assert landed.count(True) == 1
    card, logs = _card_and_logs(session, card_id)
    assert (card.reps, card.version, logs) == (1, 1, 1)

    # Then each grades until four of its grades landed, reading the card's version from the page each time.
    def grade_four(browser: Browser) -> None:
        landed = 0
        while landed < 4:
            page = browser.get(f"/review/{card_id}/answer")
            version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
            landed += "already graded" not in browser.grade(card_id, version)

    with ThreadPoolExecutor(len(browsers)) as pool:
        list(pool.map(grade_four, browsers))
    card, logs = _card_and_logs(session, card_id)
    assert card.reps == card.version == logs == 1 + 4 * len(browsers)
