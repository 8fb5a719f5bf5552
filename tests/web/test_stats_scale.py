"""Scores statistics read the per-day tallies, which stay equal to what the review log says: counted on each
review, taken back by undo, and rebuilt from the log after a bulk load."""

from datetime import UTC, datetime, timedelta

from fsrs import Rating
from sqlmodel import select

from quizapp import stats, tallies
from quizapp.models import Article, CardState, ReviewMode, ReviewTally
from quizapp.scheduling import default_learner, review, undo_last_review

NOW = datetime(2026, 11, 25, 0, 30, tzinfo=UTC)


def _review_on(session, card, days_ago: int, rating=Rating.Good, mode=ReviewMode.FLASHCARD) -> None:
    when = NOW.replace(hour=0, minute=0) - timedelta(days=days_ago) + timedelta(minutes=10)
    assert review(session, card, rating, expected_version=card.version, now=when, mode=mode)


def _tally_rows(session) -> list[tuple]:
    rows = session.exec(select(ReviewTally)).all()
    fields = ("learner_id", "day", "item_type", "mode", "reviews", "right", "first_reviews")
    return sorted(tuple(getattr(row, name) for name in fields) for row in rows if row.reviews)


def test_long_streak_with_a_gap(session, stocked):
    learner = default_learner(session).id
    card = session.exec(select(CardState)).first()
    for days_ago in range(160):
        if days_ago != 107:
            _review_on(session, card, days_ago)
    assert stats.streak(session, learner, NOW) == 107
    assert stats.streak(session, learner, NOW + timedelta(days=1)) == 107  # nothing yet today: still counts
    assert stats.streak(session, learner, NOW + timedelta(days=2)) == 0


def test_streak_of_a_new_learner_is_zero(session, stocked):
    assert stats.streak(session, default_learner(session).id, NOW) == 0


def test_tallies_match_a_recount_of_the_review_log(session, stocked):
    cards = session.exec(select(CardState)).all()
    for n, card in enumerate(cards):
        for days_ago in (3, 1, 0):
            mode = ReviewMode.QUIZ if n % 2 else ReviewMode.FLASHCARD
            _review_on(session, card, days_ago, rating=Rating.Again if n == 1 else Rating.Good, mode=mode)
    counted = _tally_rows(session)
    tallies.rebuild(session)
    session.commit()
    assert _tally_rows(session) == counted
    assert sum(row[4] for row in counted) == 3 * len(cards)
    assert sum(row[6] for row in counted) == len(cards)  # each card was new once


def test_undo_takes_the_review_back_from_the_days_counts(session, stocked):
    learner = default_learner(session).id
    card = session.exec(select(CardState)).first()
    review(session, card, Rating.Again, expected_version=card.version)
    now = datetime.now(UTC)
    assert tallies.today(session, learner, now) == tallies.Today(flashcard_reviews=1, new_cards=1)
    assert stats.retention(session, learner, now=now).total == 1
    undo_last_review(session, learner)
    assert tallies.today(session, learner, now) == tallies.Today(flashcard_reviews=0, new_cards=0)
    assert stats.retention(session, learner, now=now).total == 0
    assert stats.streak(session, learner, now) == 0
    assert stats.accuracy_by_type(session, learner) == []


def test_deleting_an_article_keeps_the_days_studied(session, stocked):
    learner = default_learner(session).id
    card = session.exec(select(CardState)).first()
    _review_on(session, card, 1)
    _review_on(session, card, 0)
    session.delete(session.get(Article, stocked.id))
    session.commit()
    assert session.exec(select(CardState)).all() == []
    assert stats.streak(session, learner, NOW) == 2
    assert sum(stats.review_days(session, learner, NOW.date() - timedelta(days=7)).values()) == 2
