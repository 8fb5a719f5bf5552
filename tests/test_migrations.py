"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from quizapp.db import alembic_config, get_engine


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
    with app.app_context(), get_engine().connect() as connection:
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM card WHERE learner_id = 1 AND due <= '2026-01-01' ORDER BY due"
        ).fetchall()
    assert any("ix_card_learner_due" in str(row) for row in plan)
