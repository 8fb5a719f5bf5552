"""Scores statistics that stay cheap for a learner with years of reviews: same answers, fewer rows read."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from quizapp import stats
from quizapp.models import CardState, ReviewLog
from quizapp.scheduling import default_learner

NOW = datetime(2026, 11, 25, 0, 30, tzinfo=UTC)


def _review_on(session, card, days_ago: int) -> None:
    session.add(
        ReviewLog(
            learner_id=card.learner_id,
            item_id=card.item_id,
            card_id=card.id,
            rating=3,
            reviewed_at=NOW.replace(hour=0, minute=0) - timedelta(days=days_ago) + timedelta(minutes=10),
        )
    )


def test_streak_longer_than_one_probe_query(session, stocked):
    learner = default_learner(session).id
    card = session.exec(select(CardState)).first()
    for days_ago in range(160):
        if days_ago != 2 * stats.STREAK_PROBE_DAYS + 7:
            _review_on(session, card, days_ago)
    session.commit()
    assert stats.streak(session, learner, NOW) == 2 * stats.STREAK_PROBE_DAYS + 7
    assert stats.streak(session, learner, NOW + timedelta(days=1)) == 2 * stats.STREAK_PROBE_DAYS + 7
    assert stats.streak(session, learner, NOW + timedelta(days=2)) == 0


def test_streak_of_a_new_learner_is_zero(session, stocked):
    assert stats.streak(session, default_learner(session).id, NOW) == 0
