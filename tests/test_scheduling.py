"""FSRS state round-trips through the database, grades move due dates, stale grades change nothing."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating, State
from sqlalchemy import event, insert
from sqlmodel import col, select

from quizapp.models import CardState, Item, ItemStatus, ReviewLog, ReviewMode
from quizapp.scheduling import (
    NEXT_NEW_CARD,
    SCHEDULER,
    GradePreview,
    QueueCounts,
    grade_preview,
    next_card,
    next_due_at,
    queue_counts,
    review,
    to_fsrs,
    undo_last_review,
)
from quizapp.web.display import interval_label

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def first_card(session) -> CardState:
    return session.exec(select(CardState).order_by(CardState.id)).first()


def test_fsrs_state_saved_and_loaded_equals_what_the_scheduler_returned(session, stocked):
    card = first_card(session)
    expected = SCHEDULER.review_card(to_fsrs(card), Rating.Good, review_datetime=NOW)[0]
    for step in range(4):  # through learning into review, so every field is set
        log = review(
            session, card, Rating.Good, expected_version=card.version, now=NOW + timedelta(days=step * 3)
        )
        assert log is not None
    session.expire_all()
    stored = to_fsrs(session.get(CardState, card.id))

    replay = to_fsrs(CardState(id=card.id, learner_id=card.learner_id, item_id=card.item_id, due=NOW))
    for step in range(4):
        replay = SCHEDULER.review_card(replay, Rating.Good, review_datetime=NOW + timedelta(days=step * 3))[0]
    assert stored.state == State.Review
    # Fuzzing makes the due date random; everything else must be identical after the round trip.
    for field in ("card_id", "state", "step", "stability", "difficulty", "last_review"):
        assert getattr(stored, field) == getattr(replay, field), field
    assert stored.due.tzinfo is not None
    assert expected.state == State.Learning


def test_card_round_trip_is_lossless(session, stocked):
    card = first_card(session)
    review(session, card, Rating.Easy, expected_version=0, now=NOW)
    session.expire_all()
    reloaded = session.get(CardState, card.id)
    assert to_fsrs(reloaded).to_dict() == to_fsrs(card).to_dict()


def test_grading_moves_the_due_date_and_logs_the_review(session, stocked):
    card = first_card(session)
    before = card.due
    log = session.get(
        ReviewLog, review(session, card, Rating.Good, expected_version=0, now=NOW, duration_ms=4200)
    )
    assert log.rating == Rating.Good and log.duration_ms == 4200 and log.first_review
    assert log.reviewed_at == NOW and log.mode == ReviewMode.FLASHCARD and log.card_before["is_new"]
    assert before != card.due > NOW
    assert card.reps == 1 and card.version == 1
    assert session.exec(select(ReviewLog)).all() == [log]


def test_stale_or_repeated_grade_changes_nothing(session, stocked):
    card = first_card(session)
    assert review(session, card, Rating.Good, expected_version=0, now=NOW) is not None
    due_after_first = card.due
    assert review(session, card, Rating.Again, expected_version=0, now=NOW) is None  # the double click
    session.expire_all()
    card = session.get(CardState, card.id)
    assert card.version == 1 and card.reps == 1
    assert card.due == due_after_first
    assert len(session.exec(select(ReviewLog)).all()) == 1


def test_grade_buttons_show_the_interval_the_grade_gives(session, stocked):
    card = first_card(session)
    preview = grade_preview(card, NOW)  # what the buttons show
    options = {option.name: option for option in preview.options()}
    assert list(options) == ["Again", "Hard", "Good", "Easy"]
    assert (
        interval_label(options["Again"].interval) == "1 min"
        and interval_label(options["Good"].interval) == "10 min"
    )
    later = NOW + timedelta(seconds=30)
    review(session, card, Rating.Easy, expected_version=0, now=later, preview=preview)
    assert card.due - later == options["Easy"].interval


def test_a_preview_of_another_card_or_version_is_not_used(session, stocked):
    """The grade form's preview counts only for the card version it was computed for."""
    card = first_card(session)
    stale = GradePreview(card.id, card.version + 1, NOW, grade_preview(card, NOW).outcomes)
    far = {rating: replace(shown, due=NOW + timedelta(days=3000)) for rating, shown in stale.outcomes.items()}
    review(session, card, Rating.Good, expected_version=0, now=NOW, preview=replace(stale, outcomes=far))
    assert card.due - NOW == timedelta(minutes=10)  # FSRS's own Good, not the preview's 3000 days


def test_a_preview_survives_the_grade_form(session, stocked):
    card = first_card(session)
    preview = grade_preview(card, NOW)
    assert GradePreview.from_json(json.loads(json.dumps(preview.to_json()))) == preview
    assert GradePreview.from_json(["not", "a", "preview"]) is None


def test_undo_restores_the_card_exactly(session, stocked):
    card = first_card(session)
    review(session, card, Rating.Good, expected_version=0, now=NOW)
    review(session, card, Rating.Again, expected_version=1, now=NOW + timedelta(minutes=10))
    undone = undo_last_review(session, card.learner_id)
    assert undone.rating == Rating.Again
    session.expire_all()
    card = session.get(CardState, card.id)
    assert card.reps == 1 and card.state == State.Learning and card.step == 1
    assert len(session.exec(select(ReviewLog)).all()) == 1
    assert card.version == 3  # open forms for the undone state are stale


def test_queue_serves_new_cards_up_to_the_daily_limit_then_due_cards(session, stocked):
    learner_id = first_card(session).learner_id
    assert queue_counts(session, learner_id, new_per_day=3, now=NOW).new == 3
    seen = []
    for _ in range(3):
        card, item, _ = next_card(session, learner_id, new_per_day=3, now=NOW)
        seen.append(item.id)
        review(session, card, Rating.Easy, expected_version=card.version, now=NOW)
    assert len(set(seen)) == 3
    assert next_card(session, learner_id, new_per_day=3, now=NOW) is None  # limit reached, nothing due
    assert queue_counts(session, learner_id, new_per_day=3, now=NOW).total == 0
    tomorrow_and_more = next_due_at(session, learner_id)
    assert tomorrow_and_more > NOW
    card, item, _ = next_card(session, learner_id, new_per_day=3, now=tomorrow_and_more)
    assert item.id in seen


def test_new_cards_come_article_by_article_best_question_first(session, stocked):
    """New cards are studied in the order their article was added, and within an article by the generator's
    score; a learner who joins later gets them in the same order."""
    from quizapp.models import Article
    from quizapp.scheduling import add_learner, ensure_cards

    def add_article(title: str, scores: list[float]) -> list[int]:
        article = Article(title=title, text=title, content_hash=title, source="test")
        session.add(article)
        session.flush()
        items = [
            Item(article_id=article.id, type="what", question=f"{title} {score}?", answer="x", accepted=[],
                 choices=[], sentence=title, sentence_start=0, sentence_end=1, fact_key=f"{title}{score}",
                 score=score)
            for score in scores
        ]  # fmt: skip
        session.add_all(items)
        session.flush()
        ensure_cards(session, article_id=article.id, now=NOW + timedelta(minutes=len(title)))
        session.commit()
        return [item.id for item in sorted(items, key=lambda item: -item.score)]

    learner_id = first_card(session).learner_id
    for item in session.exec(select(Item).where(Item.article_id == stocked.id)).all():
        item.status = ItemStatus.SUSPENDED  # only the two articles below are studied
        session.add(item)
    first = add_article("First", [0.2, 0.9, 0.5])
    second = add_article("Second one", [0.7, 0.1, 0.8])
    later = add_learner(session, "later").id

    for learner in (learner_id, later):
        seen = []
        while found := next_card(session, learner, new_per_day=100, now=NOW + timedelta(hours=1)):
            card, item, _ = found
            seen.append(item.id)
            review(session, card, Rating.Easy, expected_version=card.version, now=NOW)
        assert seen == first + second


def test_next_new_card_reads_the_card_index_in_order(session, stocked):
    """Finding the next new card walks the card index and stops at the first active one: no sort of every
    new card, however many there are."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's plan on five cards says nothing about large tables")
    query = NEXT_NEW_CARD.params(learner=first_card(session).learner_id)
    sql = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    with session.get_bind().connect() as connection:
        plan = "\n".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all())
    assert "ix_card_learner_new_due" in plan and "TEMP B-TREE" not in plan, plan


def test_suspended_items_leave_the_queue(session, stocked):
    for item in session.exec(select(Item)).all():
        item.status = ItemStatus.SUSPENDED
        session.add(item)
    session.commit()
    learner_id = first_card(session).learner_id
    assert next_card(session, learner_id, new_per_day=20, now=NOW) is None


def test_learning_cards_due_soon_are_shown_when_nothing_else_is(session, stocked):
    learner_id = first_card(session).learner_id
    card, *_ = next_card(session, learner_id, new_per_day=1, now=NOW)
    review(session, card, Rating.Again, expected_version=0, now=NOW)  # back in 1 minute
    again, *_ = next_card(session, learner_id, new_per_day=1, now=NOW)
    assert again.id == card.id


def test_left_today_counts_stop_at_the_daily_caps(session, stocked):
    learner_id = first_card(session).learner_id
    for _ in range(4):
        card, *_ = next_card(session, learner_id, new_per_day=20, now=NOW)
        review(session, card, Rating.Good, expected_version=card.version, now=NOW)
    later = NOW + timedelta(days=30)
    counts = queue_counts(session, learner_id, new_per_day=20, now=later, review_cap=3)
    assert counts.due == 3 and counts.new == 1
    assert queue_counts(session, learner_id, new_per_day=20, now=later).due == 4


def test_due_count_leaves_out_suspended_items_and_stops_at_the_cap(session, stocked):
    learner_id = first_card(session).learner_id
    for _ in range(5):
        card, *_ = next_card(session, learner_id, new_per_day=20, now=NOW)
        review(session, card, Rating.Good, expected_version=card.version, now=NOW)
    later = NOW + timedelta(days=60)
    for item in session.exec(select(Item).order_by(Item.id).limit(2)).all():
        item.status = ItemStatus.SUSPENDED
        session.add(item)
    session.commit()
    assert [queue_counts(session, learner_id, 20, now=later, review_cap=cap).due for cap in range(5)] == [
        0,
        1,
        2,
        3,
        3,
    ]
    assert queue_counts(session, learner_id, 20, now=NOW - timedelta(days=1)).due == 0


def test_a_due_backlog_past_the_shown_limit_reads_as_more(session, stocked, monkeypatch):
    learner_id = first_card(session).learner_id
    for _ in range(4):
        card, *_ = next_card(session, learner_id, new_per_day=20, now=NOW)
        review(session, card, Rating.Good, expected_version=card.version, now=NOW)
    later = NOW + timedelta(days=30)
    monkeypatch.setattr("quizapp.scheduling.SHOWN_DUE_LIMIT", 3)
    counts = queue_counts(session, learner_id, 20, now=later)
    assert (counts.due, counts.more_due) == (3, True)
    assert queue_counts(session, learner_id, 20, now=later, review_cap=3).more_due is False
    monkeypatch.setattr("quizapp.scheduling.SHOWN_DUE_LIMIT", 4)
    assert queue_counts(session, learner_id, 20, now=later) == QueueCounts(due=4, new=1, more_due=False)


def test_due_count_reads_indexes_only(session, stocked):
    """The due count never joins every due card to its item (a row lookup per card); hidden, due and new
    cards are counted in one statement."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner scans tables this small; see the test on 6,000 cards below")
    plan = _queue_counts_plan(session, first_card(session).learner_id, NOW)
    assert "COVERING INDEX ix_card_learner_new_due" in plan, plan
    assert "ix_item_status" in plan, plan
    assert "SCAN card" not in plan and "SCAN item" not in plan, plan


def _queue_counts_plan(session, learner_id: int, now: datetime) -> str:
    """The plan of the statement queue_counts() runs, as its database explains it."""
    engine = session.get_bind()
    statements = []

    def record(_connection, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        queue_counts(session, learner_id, 20, now=now, review_cap=200)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    ((sql, params),) = [(sql, params) for sql, params in statements if "EXISTS" in sql]
    explain = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    with engine.connect() as connection:
        return "\n".join(str(row) for row in connection.exec_driver_sql(f"{explain} {sql}", params).all())


def test_due_and_new_counts_walk_the_card_index_when_many_cards_match(session, stocked):
    """With thousands of cards, most of them due or new, PostgreSQL's planner would rather scan the card table
    until the cap is reached than walk the index; the counts read in index order, so neither database scans
    it, whatever the table's size."""
    article_id, learner_id = stocked.id, first_card(session).learner_id
    items = [
        {"article_id": article_id, "type": "who", "question": f"Who {n}?", "answer": f"Person {n}",
         "accepted": [], "choices": [], "sentence": f"Person {n} spoke.", "sentence_start": 0,
         "sentence_end": 10, "fact_key": f"bulk:{n}", "created_at": NOW}
        for n in range(6000)
    ]  # fmt: skip
    session.execute(insert(Item), items)
    ids = session.exec(select(Item.id).where(col(Item.fact_key).startswith("bulk:"))).all()
    cards = [
        {"learner_id": learner_id, "item_id": item_id, "is_new": n % 3 == 0, "state": 2, "stability": 5.0,
         "difficulty": 5.0, "due": NOW - timedelta(days=n % 50), "version": 0}
        for n, item_id in enumerate(ids)
    ]  # fmt: skip
    session.execute(insert(CardState), cards)
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("ANALYZE card, item")  # as autovacuum would
        session.commit()

    plan = _queue_counts_plan(session, learner_id, NOW)
    assert plan.count("ix_card_learner_new_due") >= 2, plan  # the due count and the new count
    assert "Seq Scan on card" not in plan and "SCAN card" not in plan, plan
    counts = queue_counts(session, learner_id, 20, now=NOW, review_cap=200)
    assert (counts.due, counts.new, counts.more_due) == (200, 20, False)


def test_a_grade_leaves_the_card_object_as_the_row_it_wrote(session, stocked):
    """review() sets the graded card object's attributes from its UPDATE instead of reading the row back
    (next_card's CardRow, a read-only row for the page, has nothing to keep)."""
    shown, *_ = next_card(session, first_card(session).learner_id, new_per_day=20, now=NOW)
    card = session.get(CardState, shown.id)
    preview = grade_preview(card, NOW)  # the grade buttons' outcomes, which the grade gives
    review(session, card, Rating.Good, expected_version=card.version, now=NOW, preview=preview)
    names = ("state", "due", "stability", "reps", "version", "last_review")
    seen = {name: getattr(card, name) for name in names}
    session.expire_all()
    stored = session.get(CardState, card.id)
    assert seen == {name: getattr(stored, name) for name in seen}
    assert seen["version"] == 1 and seen["last_review"] == NOW and seen["reps"] == 1
    with session.get_bind().connect() as connection:  # the preview is carried by the form, never stored
        described = connection.exec_driver_sql("SELECT * FROM card LIMIT 0").cursor.description
    columns = {column[0] for column in described}
    assert "version" in columns and "preview" not in columns
