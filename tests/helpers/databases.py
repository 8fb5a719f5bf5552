"""The databases a test runs on: SQLite always, PostgreSQL too when QUIZAPP_TEST_POSTGRES_URL is set
(`.ci/run` starts a server), and the engine of an app."""

import os

from sqlalchemy import create_engine, text

from quizapp.db import get_engine

POSTGRES_URL = os.environ.get("QUIZAPP_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def fresh_postgres() -> str:
    """The test PostgreSQL database, emptied."""
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES_URL


def get_engine_of(app):
    with app.app_context():
        return get_engine()
