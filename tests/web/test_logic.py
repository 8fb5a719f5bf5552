"""quizapp.quizzes and quizapp.stats on their own: selection, grading, highlighting, charts, streak."""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from fsrs import Rating
from sqlmodel import Session, select

from quizapp import quizzes, stats, tallies
from quizapp.library import paragraphs
from quizapp.models import CardState, Item, ReviewLog
from quizapp.scheduling import default_learner, review
from tests.helpers.databases import get_engine_of


def test_start_quiz_prefers_due_cards(session, stocked):
    learner = default_learner(session).id
    cards = session.exec(select(CardState)).all()
    later = datetime.now(UTC) + timedelta(days=5)
    for card in cards[2:]:
        card.due = later
        session.add(card)
    session.commit()
    due_items = {card.item_id for card in cards[:2]}
    quiz = quizzes.start_quiz(session, learner, length=5, rng=random.Random(1))
    assert len(quiz.item_ids) == 5 and len(set(quiz.item_ids)) == 5
    short = quizzes.start_quiz(session, learner, length=5, rng=random.Random(2))
    assert due_items <= set(short.item_ids)


def test_an_articles_quiz_asks_its_best_items_first(session, stocked):
    """The generator's score ranks items as blind raters did: an article's quiz takes its best items and
    asks them best first."""
    items = session.exec(select(Item).order_by(Item.id)).all()
    for rank, item in enumerate(items):
        item.score = 0.9 - rank * 0.1
        session.add(item)
    session.commit()
    best = [item.id for item in items]
    for seed in range(5):
        quiz = quizzes.start_quiz(
            session, default_learner(session).id, article_id=stocked.id, length=5, rng=random.Random(seed)
        )
        assert quiz.item_ids == best


def test_start_quiz_skips_suspended_and_flagged(session, stocked):
    items = session.exec(select(Item)).all()
    items[0].status = "suspended"
    items[1].flagged = True
    session.add_all(items[:2])
    session.commit()
    quiz = quizzes.start_quiz(session, default_learner(session).id, length=10)
    assert set(quiz.item_ids) == {item.id for item in items[2:]}


def test_a_draw_short_of_askable_items_still_finds_them(session, stocked, monkeypatch):
    """Cards are drawn at random before their items are checked; a draw that hits suspended items is
    made good from the rest instead of leaving the quiz short."""
    monkeypatch.setattr(quizzes, "DRAW_SLACK", 1)
    items = session.exec(select(Item).order_by(Item.id)).all()
    for item in items[:3]:
        item.status = "suspended"
    session.add_all(items[:3])
    session.commit()
    learner = default_learner(session).id
    for seed in range(6):
        quiz = quizzes.start_quiz(session, learner, length=5, rng=random.Random(seed))
        assert sorted(quiz.item_ids) == [item.id for item in items[3:]]
        drawn = quizzes._draw(
            session, learner, None, CardState.due > datetime(2000, 1, 1, tzinfo=UTC), 2, random.Random(seed)
        )
        assert sorted(drawn) == [item.id for item in items[3:]]


def test_choices_are_stable_and_contain_the_answer(session, stocked):
    quiz = quizzes.start_quiz(session, default_learner(session).id, length=5)
    item = session.get(Item, quiz.item_ids[0])
    first = quizzes.choices_for(quiz, item)
    assert first == quizzes.choices_for(quiz, item)
    assert item.answer in first and len(first) == len(set(first)) == 4


def test_item_without_choices_is_asked_typed(session, stocked):
    quiz = quizzes.start_quiz(session, default_learner(session).id, length=5)
    item = session.get(Item, quiz.item_ids[0])
    assert quizzes.question_kind(quiz, item) == "choice"
    item.choices = []
    assert quizzes.question_kind(quiz, item) == "typed"


def test_almost_maps_to_hard_and_counts_as_right(session, stocked, monkeypatch):
    monkeypatch.setattr(quizzes, "grade_typed", lambda typed, item: "almost")
    learner = default_learner(session).id
    quiz = quizzes.start_quiz(session, learner, length=5, mode="typed")
    question = quizzes.question_at(session, quiz, 0)
    outcome = quizzes.answer_question(session, question, "Lindqvst")
    assert outcome.recorded and outcome.answer.verdict == "almost"
    log = session.exec(select(ReviewLog)).one()
    assert log.rating == 2 and log.correct is True and log.mode == "quiz"
    session.refresh(quiz)
    assert quiz.correct_count == 1


def test_an_answer_raced_by_another_tab_is_recorded_once(session, stocked):
    """Two tabs read the question unanswered; the second answer to arrive finds the first one stored."""
    quiz = quizzes.start_quiz(session, default_learner(session).id, length=5)
    first_tab, second_tab = (quizzes.question_at(session, quiz, 0) for _ in range(2))
    right = first_tab.item.answer
    assert quizzes.answer_question(session, first_tab, right).recorded
    session.commit()
    raced = quizzes.answer_question(session, second_tab, "nobody")
    session.commit()
    assert not raced.recorded and raced.answer.answer_given == right and raced.answer.verdict == "correct"
    assert len(session.exec(select(ReviewLog)).all()) == 1
    session.refresh(quiz)
    assert (quiz.answered_count, quiz.correct_count) == (1, 1)


def test_typed_answers_are_graded_by_the_generators_checker():
    oslo = Item(article_id=1, type="where", question="?", answer="Oslo", accepted=[])
    mara = Item(article_id=1, type="who", question="?", answer="Mara Lindqvist", accepted=["Lindqvist"])
    assert quizzes.grade_typed("the  OSLO!", oslo) == "correct"
    assert quizzes.grade_typed("lindqvist", mara) == "correct"
    assert quizzes.grade_typed("Bergen", oslo) == "wrong"


def test_duration_since():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    shown = str(int(now.timestamp() * 1000) - 4200)
    assert quizzes.duration_since(shown, now) == 4200
    assert quizzes.duration_since("junk", now) is None
    assert quizzes.duration_since(str(int(now.timestamp() * 1000) + 5), now) is None


def test_paragraphs_mark_answers_and_split_lines():
    text = "Ann met Bob.\n\nThey met in Rome."
    items = [
        Item(
            id=1,
            article_id=1,
            type="who",
            question="Who met Bob?",
            answer="Ann",
            sentence="",
            sentence_start=0,
            sentence_end=12,
            answer_start=0,
            answer_end=3,
            fact_key="a",
        ),
        Item(
            id=2,
            article_id=1,
            type="where",
            question="Where?",
            answer="Rome",
            sentence="",
            sentence_start=14,
            sentence_end=31,
            answer_start=26,
            answer_end=30,
            fact_key="b",
        ),
        Item(
            id=3,
            article_id=1,
            type="who",
            question="Overlap",
            answer="An",
            sentence="",
            sentence_start=0,
            sentence_end=12,
            answer_start=1,
            answer_end=3,
            fact_key="c",
        ),
    ]
    paras = paragraphs(text, items)
    assert len(paras) == 2
    assert [(s.text, s.item_id) for s in paras[0]] == [("Ann", 1), (" met Bob.", None)]
    assert [(s.text, s.item_id) for s in paras[1]] == [("They met in ", None), ("Rome", 2), (".", None)]


def test_heatmap_levels_and_layout():
    today = date(2026, 11, 25)  # a Wednesday
    counts = Counter({today: 8, today - timedelta(days=1): 2, today - timedelta(days=400): 50})
    heat = stats.heatmap(counts, today, weeks=4)
    assert len(heat.cells) == 3 * 7 + 3  # three full weeks and Monday..Wednesday
    by_day = {cell.day: cell for cell in heat.cells}
    assert by_day[today].level == 4 and by_day[today - timedelta(days=1)].level == 1
    assert by_day[today - timedelta(days=2)].level == 0
    assert heat.total == 10 and heat.active_days == 2
    assert by_day[today].y > by_day[today - timedelta(days=2)].y  # Wednesday below Monday


def _log(session, card, when, rating=3):
    assert review(session, card, Rating(rating), expected_version=card.version, now=when)


def test_streak_retention_accuracy(session, stocked):
    learner = default_learner(session).id
    card = session.exec(select(CardState)).first()
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    for days_ago in (0, 1, 2, 4):
        _log(session, card, now - timedelta(days=days_ago))
    _log(session, card, now - timedelta(hours=1), rating=1)
    session.commit()
    assert stats.streak(session, learner, now) == 3
    assert stats.streak(session, learner, now + timedelta(days=1)) == 3  # nothing yet today: still counts
    assert stats.streak(session, learner, now + timedelta(days=2)) == 0
    kept = stats.retention(session, learner, now=now)
    assert (kept.right, kept.total, kept.percent) == (4, 5, 80)
    accuracy = stats.accuracy_by_type(session, learner)
    kind = session.get(Item, card.item_id).type
    assert [(a.type, a.right, a.total) for a in accuracy] == [(kind, 4, 5)]


def test_forecast_counts_studied_cards_per_day(session, stocked):
    learner = default_learner(session).id
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    cards = session.exec(select(CardState)).all()
    for card, due in zip(
        cards,
        [
            now - timedelta(days=3),
            now + timedelta(hours=1),
            now + timedelta(days=2),
            now + timedelta(days=40),
        ],
        strict=False,
    ):
        card.reps, card.state, card.is_new, card.due = 1, 2, False, due
        session.add(card)
    session.commit()
    chart = stats.forecast(session, learner, now)
    assert [bar.count for bar in chart.bars[:3]] == [2, 0, 1]
    assert chart.total == 3 and chart.peak == 2 and len(chart.bars) == 30
    assert chart.bars[0].height == 90 and chart.bars[2].height == 45
    assert chart.bars[0].label == "Today"

    overdue = session.get(Item, cards[0].item_id)
    overdue.status = "suspended"  # a suspended item's card is not coming up
    session.add(overdue)
    session.commit()
    chart = stats.forecast(session, learner, now)
    assert [bar.count for bar in chart.bars[:3]] == [1, 0, 1] and chart.total == 2

    # Days are UTC days: due at midnight is the next day's, a moment before it today's.
    cards[1].due = datetime(2026, 11, 26, tzinfo=UTC)
    cards[2].due = datetime(2026, 11, 26, tzinfo=UTC) - timedelta(microseconds=1)
    cards[3].due = datetime(2026, 12, 24, 23, 59, tzinfo=UTC)  # the 30th day, the last one shown
    session.add_all(cards[1:4])
    session.commit()
    chart = stats.forecast(session, learner, now)
    assert [bar.count for bar in chart.bars[:3]] == [1, 1, 0] and chart.bars[29].count == 1
    assert chart.total == 3


def test_article_mastery(session, stocked):
    learner = default_learner(session).id
    card = session.exec(select(CardState)).first()
    card.state, card.reps = 2, 3
    session.add(card)
    item = session.exec(select(Item).where(Item.id != card.item_id)).first()
    item.status = "suspended"
    session.add(item)
    session.commit()
    (row,) = stats.article_mastery(session, learner)
    assert (row.items, row.suspended, row.known, row.mastery) == (4, 1, 1, 25)


def test_todays_tally_is_read_once_per_transaction_and_never_stale(app, session, stocked):
    learner = default_learner(session).id
    now = datetime.now(UTC)
    card = session.exec(select(CardState)).first()
    assert tallies.today(session, learner, now).flashcard_reviews == 0
    review(
        session, card, Rating.Good, expected_version=card.version, now=now
    )  # counted here: reading dropped
    assert tallies.today(session, learner, now).flashcard_reviews == 1
    session.commit()

    with Session(get_engine_of(app)) as other:  # another request reviews meanwhile
        second = other.exec(select(CardState).where(CardState.id != card.id)).first()
        review(other, second, Rating.Good, expected_version=second.version, now=now)
        other.commit()
    assert tallies.today(session, learner, now).flashcard_reviews == 2  # a new transaction reads afresh
