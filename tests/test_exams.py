"""Studying toward an exam date, checked against fsrs's own retrievability: intervals capped before the exam,
due cards in order of risk on the day, new cards in time, the predicted recall on the day, and the everyday
schedule after the exam."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Card, Rating, State
from sqlmodel import select

from quizapp import exams
from quizapp.models import Article, CardState, ExamDate, Item
from quizapp.scheduling import (
    EXAM_RETENTION,
    SCHEDULER,
    default_learner,
    ensure_cards,
    exam_moment,
    exam_of_card,
    grade_preview,
    next_card,
    review,
    to_fsrs,
    upcoming_exams,
)

NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
EXAM_DAY = date(2026, 4, 6)  # 35 days and 9 hours after NOW
EXAM_AT = exam_moment(EXAM_DAY)


def cards_of(session, article: Article) -> list[CardState]:
    query = select(CardState).join(Item).where(Item.article_id == article.id).order_by(CardState.id)
    return list(session.exec(query))


def studied(card: CardState, *, stability: float, reviewed_days_ago: float, difficulty: float = 5.0):
    """Make `card` a review card last reviewed that long before NOW, due at FSRS's interval for it."""
    card.state, card.step, card.is_new, card.reps = int(State.Review), None, False, 3
    card.stability, card.difficulty = stability, difficulty
    card.last_review = NOW - timedelta(days=reviewed_days_ago)
    card.due = card.last_review + timedelta(days=round(stability))


def another_article(session) -> Article:
    """A second article of five questions, its cards made after the stock article's (studied after them)."""
    article = Article(title="Another story", text="Five facts.", content_hash="another")
    session.add(article)
    session.flush()
    for n in range(5):
        question, answer = f"Question {n}?", f"answer {n}"
        item = Item(article_id=article.id, type="what", question=question, answer=answer, fact_key=answer)
        item.sentence, item.sentence_start, item.sentence_end = "Five facts.", 0, 11
        session.add(item)
    session.flush()
    return article


def set_exam(session, article: Article, day: date = EXAM_DAY):
    learner = default_learner(session)
    session.add(ExamDate(learner_id=learner.id, article_id=article.id, exam_on=day))
    session.commit()


def recall_on_the_day(card: Card) -> float:
    return SCHEDULER.get_card_retrievability(card, EXAM_AT)


# ---------------------------------------------------------------- the cap


@pytest.mark.parametrize("rating", [Rating.Hard, Rating.Good, Rating.Easy])
def test_a_grade_that_would_reach_past_the_exam_comes_back_before_it(session, stocked, rating):
    card = cards_of(session, stocked)[0]
    studied(card, stability=12, reviewed_days_ago=12)
    # The exam where this grade's interval (about its new stability, in days) would reach past it, with
    # recall on the day below the target (from 0.4 of it on, with FSRS-6's default decay).
    stability = SCHEDULER.review_card(to_fsrs(card), rating, review_datetime=NOW)[0].stability
    exam_at = exam_moment(NOW.date() + timedelta(days=round(0.6 * stability)))
    set_exam(session, stocked, day=exam_at.date())
    for seed in range(20):  # fuzzing is random: the cap holds whatever interval FSRS picks
        random.seed(seed)
        free = SCHEDULER.review_card(to_fsrs(card), rating, review_datetime=NOW)[0]
        random.seed(seed)
        capped = grade_preview(card, NOW, exam_of_card(session, card, NOW)).outcomes[rating]
        assert free.due > exam_at  # the cap has work to do
        assert SCHEDULER.get_card_retrievability(free, exam_at) < EXAM_RETENTION
        assert capped.due < exam_at
        assert SCHEDULER.get_card_retrievability(capped, capped.due) >= EXAM_RETENTION
        # ... and no earlier than needed: a day later its recall would be below the target.
        assert SCHEDULER.get_card_retrievability(capped, capped.due + timedelta(days=1)) < EXAM_RETENTION
        assert (capped.stability, capped.difficulty, capped.state) == (
            free.stability,
            free.difficulty,
            free.state,
        )


def test_the_grade_gives_the_capped_interval_its_button_showed(session, stocked):
    card = cards_of(session, stocked)[0]
    studied(card, stability=12, reviewed_days_ago=12)
    set_exam(session, stocked)
    preview = grade_preview(card, NOW, exam_of_card(session, card, NOW))
    shown = {option.rating: option.interval for option in preview.options()}
    review(session, card, Rating.Easy, expected_version=card.version, now=NOW, preview=preview)
    assert card.due - NOW == shown[Rating.Easy] and card.due < EXAM_AT


def test_a_grade_whose_recall_on_the_day_is_high_enough_is_not_capped(session, stocked):
    card = cards_of(session, stocked)[0]
    studied(card, stability=200, reviewed_days_ago=30)  # remembered for months: past the exam is fine
    set_exam(session, stocked)
    random.seed(1)
    free = grade_preview(card, NOW).outcomes[Rating.Good]
    random.seed(1)
    capped = grade_preview(card, NOW, exam_of_card(session, card, NOW)).outcomes[Rating.Good]
    assert free.due > EXAM_AT and recall_on_the_day(free) >= EXAM_RETENTION
    assert capped.due == free.due


def test_grades_without_a_preview_are_capped_too(session, stocked):
    """A quiz answer grades the card without a preview (quizzes.py calls review())."""
    card = cards_of(session, stocked)[0]
    studied(card, stability=12, reviewed_days_ago=12)
    set_exam(session, stocked)
    review(session, card, Rating.Easy, expected_version=card.version, now=NOW)
    assert card.due < EXAM_AT


def test_after_the_exam_the_schedule_is_the_everyday_one(session, stocked):
    card = cards_of(session, stocked)[0]
    after = EXAM_AT + timedelta(hours=1)  # the exam day: the exam was at its start
    studied(card, stability=12, reviewed_days_ago=12)
    card.last_review, card.due = after - timedelta(days=12), after
    set_exam(session, stocked)
    assert exam_of_card(session, card, after) is None
    random.seed(7)
    free = SCHEDULER.review_card(to_fsrs(card), Rating.Easy, review_datetime=after)[0]
    random.seed(7)
    review(session, card, Rating.Easy, expected_version=card.version, now=after)
    assert card.due == free.due and card.due - after > timedelta(days=12)


def test_another_learners_exam_caps_nothing(session, stocked):
    from quizapp.scheduling import add_learner

    card = cards_of(session, stocked)[0]
    studied(card, stability=12, reviewed_days_ago=12)
    other = add_learner(session, "other")
    session.add(ExamDate(learner_id=other.id, article_id=stocked.id, exam_on=EXAM_DAY))
    session.commit()
    assert exam_of_card(session, card, NOW) is None


# ---------------------------------------------------------------- the order of due cards


def test_due_cards_of_an_exam_article_come_most_at_risk_on_the_day_first(session, stocked):
    other = another_article(session)
    ensure_cards(session)
    mine = cards_of(session, stocked)
    # Due now, most overdue first: 0, 1, 2; at risk on the day: 2 (least stable), then 0, then 1.
    studied(mine[0], stability=30, reviewed_days_ago=40)
    studied(mine[1], stability=80, reviewed_days_ago=90)
    studied(mine[2], stability=4, reviewed_days_ago=5)
    mine[0].due, mine[1].due, mine[2].due = NOW - timedelta(days=10), NOW - timedelta(days=5), NOW
    elsewhere = cards_of(session, other)[0]
    studied(elsewhere, stability=2, reviewed_days_ago=30)
    elsewhere.due = NOW - timedelta(days=28)  # the most overdue of all, but no exam on its article
    session.add_all([*mine, elsewhere])
    set_exam(session, stocked)
    learner = default_learner(session).id

    risks = {card.id: recall_on_the_day(to_fsrs(card)) for card in mine[:3]}
    assert sorted(risks, key=risks.get) == [mine[2].id, mine[0].id, mine[1].id]
    shown = []
    for _ in range(4):
        found = next_card(session, learner, new_per_day=0, now=NOW)
        shown.append(found.card.id)
        review(
            session,
            session.get(CardState, found.card.id),
            Rating.Good,
            expected_version=found.card.version,
            now=NOW,
        )
    assert shown == [mine[2].id, mine[0].id, mine[1].id, elsewhere.id]


def test_without_an_exam_the_most_overdue_card_comes_first(session, stocked):
    mine = cards_of(session, stocked)
    studied(mine[0], stability=4, reviewed_days_ago=5)
    studied(mine[1], stability=80, reviewed_days_ago=90)
    mine[0].due, mine[1].due = NOW, NOW - timedelta(days=5)
    session.add_all(mine)
    set_exam(session, stocked, day=NOW.date())  # today's exam is behind: its start has passed
    found = next_card(session, default_learner(session).id, new_per_day=0, now=NOW)
    assert found.card.id == mine[1].id


# ---------------------------------------------------------------- new cards in time


def test_new_cards_of_an_exam_article_come_first_and_in_time(session, stocked):
    other = another_article(session)
    ensure_cards(session)
    learner = default_learner(session).id
    first_other = cards_of(session, other)[0]
    assert next_card(session, learner, new_per_day=20, now=NOW).card.id == cards_of(session, stocked)[0].id
    set_exam(session, other, day=NOW.date() + timedelta(days=2))
    assert next_card(session, learner, new_per_day=20, now=NOW).card.id == first_other.id
    # Five new cards, two days left: three today (rounded up), whatever the everyday limit.
    assert exams.new_cards_allowed(session, learner, 1, NOW) == 3
    assert exams.new_cards_allowed(session, learner, 20, NOW) == 20
    # Met today count toward today's share: it does not grow as they are studied.
    review(session, first_other, Rating.Good, expected_version=first_other.version, now=NOW)
    assert exams.new_cards_allowed(session, learner, 1, NOW + timedelta(minutes=1)) == 3
    # The day before the exam, every card left.
    assert exams.new_cards_allowed(session, learner, 1, NOW + timedelta(days=1)) == 4


# ---------------------------------------------------------------- recall on the day


def test_predicted_recall_on_the_day_is_fsrs_retrievability_at_the_exam(session, stocked):
    mine = cards_of(session, stocked)
    studied(mine[0], stability=60, reviewed_days_ago=3)
    studied(mine[1], stability=10, reviewed_days_ago=1)
    studied(mine[2], stability=2.5, reviewed_days_ago=2)
    session.add_all(mine)  # mine[3] and mine[4] never studied: counted as forgotten
    set_exam(session, stocked)
    [forecast] = exams.forecasts(session, default_learner(session).id, NOW)
    expected = [recall_on_the_day(to_fsrs(card)) for card in mine[:3]] + [0.0, 0.0]
    assert forecast.recall == pytest.approx(sum(expected) / 5)
    assert forecast.items == 5 and forecast.at_risk == sum(r < exams.AT_RISK for r in expected)
    assert 0 < forecast.at_risk < 5 and forecast.exam_on == EXAM_DAY and forecast.title == stocked.title


def test_only_exams_ahead_are_forecast(session, stocked):
    set_exam(session, stocked, day=NOW.date())
    assert exams.forecasts(session, default_learner(session).id, NOW) == []


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Choose the exam’s date."),
        ("   ", "Choose the exam’s date."),
        ("2026-02-30", "That is not a date"),
        ("next friday", "That is not a date"),
        ("20260310", "That is not a date"),
        ("2026-03-10T00:00", "That is not a date"),
        ("<script>alert(1)</script>", "That is not a date"),
        ("2026-03-01", "Choose a day after today"),
        ("2025-12-31", "Choose a day after today"),
        ("9999-12-31", "within the next five years"),
    ],
)
def test_dates_that_cannot_be_an_exams_are_refused_in_words(text, message):
    with pytest.raises(exams.ExamError, match=message):
        exams.parse_day(text, NOW.date())


def test_setting_again_moves_the_date_and_clearing_forgets_it(session, stocked):
    learner = default_learner(session).id
    assert upcoming_exams(session, learner, NOW) == {}
    exams.set_exam(session, learner, stocked.id, "2026-04-01", NOW)
    exams.set_exam(session, learner, stocked.id, " 2026-05-01 ", NOW)
    assert [e.exam_on for e in session.exec(select(ExamDate))] == [date(2026, 5, 1)]
    # the same transaction's schedule sees the new date at once
    assert upcoming_exams(session, learner, NOW) == {stocked.id: exam_moment(date(2026, 5, 1))}
    assert exams.clear_exam(session, learner, stocked.id) is True
    assert upcoming_exams(session, learner, NOW) == {}
    assert exams.clear_exam(session, learner, stocked.id) is False
    assert session.exec(select(ExamDate)).all() == []


def test_deleting_the_article_forgets_its_exam_dates(session, stocked):
    from quizapp.deletion import delete_article

    set_exam(session, stocked)
    delete_article(session, stocked)
    session.commit()
    assert session.exec(select(ExamDate)).all() == []


def test_a_double_submit_that_loses_the_race_moves_the_date_stored_first(session, stocked, monkeypatch):
    """Two requests set a date at once: the second finds none, then cannot insert; it moves the first's."""
    learner = default_learner(session).id
    exams.set_exam(session, learner, stocked.id, "2026-04-01", NOW)
    session.commit()
    looked = []
    real = exams.exam_of

    def not_yet_the_first_time(*args):
        looked.append(args)
        return None if len(looked) == 1 else real(*args)

    monkeypatch.setattr(exams, "exam_of", not_yet_the_first_time)
    exams.set_exam(session, learner, stocked.id, "2026-05-01", NOW)
    session.commit()
    assert [e.exam_on for e in session.exec(select(ExamDate))] == [date(2026, 5, 1)] and len(looked) == 2
