"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fsrs import Rating
from sqlalchemy import inspect
from sqlmodel import SQLModel, select

from quizapp.db import alembic_config, get_engine
from quizapp.models import CardState, Learner, ReviewTally
from quizapp.scheduling import NEXT_DUE_CARD, review


def test_migrated_schema_matches_the_models(app):
    with app.app_context(), get_engine().connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []


def test_migrations_downgrade_and_upgrade_again(app):
    with app.app_context():
        engine = get_engine()
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        assert {"article", "item", "card", "reviewlog", "quizsession"} <= set(
            inspect(engine).get_table_names()
        )


def test_due_cards_query_uses_an_index(app):
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        return  # PostgreSQL's planner prefers a scan on tiny tables; the load benchmark shows its plan
    query = NEXT_DUE_CARD.params(learner=1, by=datetime(2026, 1, 1, tzinfo=UTC))
    with app.app_context(), get_engine().connect() as connection:
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    assert any("ix_card_learner_new_due" in str(row) for row in plan), plan


def test_tally_migration_counts_the_reviews_already_logged(app, session, stocked):
    """Upgrading a database that has reviews but no tallies (migration 0005) fills them from the log."""
    cards = session.exec(select(CardState)).all()
    for n, card in enumerate(cards):
        when = datetime(2026, 11, 20 + n, 23, 59, tzinfo=UTC)  # late in the UTC day: the day must not shift
        rating = Rating.Again if n == 0 else Rating.Good
        review(session, card, rating, expected_version=card.version, now=when)
    session.commit()
    counted = _tallies(session)
    session.close()
    _down_to_and_up_again(app, "0004")
    assert len(counted) == len(cards) and _tallies(session) == counted


def _down_to_and_up_again(app, revision: str) -> None:
    """Downgrade the test database to `revision`, then upgrade it to the latest migration."""
    with app.app_context():
        with get_engine().begin() as connection:
            command.downgrade(alembic_config(connection), revision)
        with get_engine().begin() as connection:
            command.upgrade(alembic_config(connection), "head")


def _tallies(session) -> list[tuple]:
    rows = session.exec(select(ReviewTally)).all()
    fields = ("day", "item_type", "mode", "reviews", "right", "first_reviews")
    return sorted(tuple(getattr(row, name) for name in fields) for row in rows)


def test_teacher_migration_makes_the_install_owner_a_teacher(app, session):
    """Upgrading to 0008: the learner without a password (a personal install's) is its owner, a teacher;
    learners who signed up are not."""
    session.add(Learner(name="signed-up", password_hash="scrypt:hash"))
    session.commit()
    session.close()
    _down_to_and_up_again(app, "0007")
    teachers = {learner.name: learner.teacher for learner in session.exec(select(Learner)).all()}
    assert teachers == {"me": True, "signed-up": False}


def test_item_tally_migration_counts_the_answers_already_given(app, session, stocked):
    """Upgrading to 0016 fills the item analysis's tallies from the quiz answers and flashcard reviews
    stored: the same rows as grading counted, and the same figures as the raw answers give."""
    from tests.helpers.answers import page_figures, raw_figures
    from tests.test_item_tallies import _a_class, _tally_rows

    learners = _a_class(session, stocked)
    card = session.exec(select(CardState).where(CardState.learner_id == learners[0])).first()
    review(session, card, Rating.Again, expected_version=card.version)
    session.commit()
    counted, figures = _tally_rows(session), page_figures(session, stocked)
    session.close()
    _down_to_and_up_again(app, "0015")
    assert _tally_rows(session) == counted and any(row[0] == "item_tally" for row in counted)
    assert page_figures(session, stocked) == figures == raw_figures(session, stocked)
