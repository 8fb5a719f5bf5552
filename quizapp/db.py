"""One engine per app, short-lived Sessions, SQLite set up for the web (WAL, foreign keys, its writers queued
by quizapp.write_queue), and the schema's migrations."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import current_app
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from quizapp import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from quizapp.write_queue import QueuedWriters


def make_engine(url: str) -> Engine:
    is_sqlite = url.startswith("sqlite")
    sqlite_args = {"check_same_thread": False, "timeout": 30, "factory": QueuedWriters}
    engine = create_engine(url, connect_args=sqlite_args if is_sqlite else {}, pool_pre_ping=not is_sqlite)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def init_db(engine: Engine) -> None:
    """Create or upgrade the schema to the latest migration (SQLite and PostgreSQL alike)."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def get_engine() -> Engine:
    return current_app.extensions["quizapp.engine"]


@contextmanager
def get_session() -> Iterator[Session]:
    """A Session on the current app's engine, for one request's unit of work."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session
