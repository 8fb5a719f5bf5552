"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from quizapp.db import alembic_config, get_engine
from quizapp.scheduling import due_cards


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
    query = due_cards(1, datetime(2026, 1, 1, tzinfo=UTC)).limit(1)
    with app.app_context(), get_engine().connect() as connection:
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    assert any("ix_card_learner_new_due" in str(row) for row in plan), plan
