"""Several processes grading the same card never double-count or lose a review."""

import multiprocessing

from fsrs import Rating
from sqlmodel import Session, func, select

from quizapp.db import make_engine
from quizapp.models import CardState, ReviewLog, ReviewTally
from quizapp.scheduling import review

WORKERS = 4


def _race_once(url: str, card_id: int, barrier) -> bool:
    """Every worker grades version 0 of the card at the same moment."""
    engine = make_engine(url)
    with Session(engine) as session:
        card = session.get(CardState, card_id)
        barrier.wait()
        won = review(session, card, Rating.Good, expected_version=0) is not None
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
