"""One engine per app, one unit of work per request, SQLite set up for the web (WAL, foreign keys, its
writers queued by quizapp.write_queue), and the schema's migrations."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, Response, current_app, g, request
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


# One request, one transaction (as Anki's collection/transact.rs): the request's session is opened by the
# first view or hook that asks for it, and ended in one place, end_unit_of_work. Services take the session
# they are given and never commit; scripts and the job runner own their sessions and commit them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_session() -> Session:
    """The current request's session (its unit of work)."""
    session = g.get("db_session")
    if session is None:
        session = g.db_session = Session(get_engine(), expire_on_commit=False)
    return session


def end_unit_of_work(response: Response) -> Response:
    """Commit what the request wrote when it succeeded: a POST answered below 400 (a redirect included). Any
    other answer (an error page, a refused form) is rolled back, and so is every GET, which must not write
    (tests/web/test_no_write_in_get.py). Runs before the response is sent, so a failed commit is a 500, never
    a page that says it saved."""
    session = g.pop("db_session", None)
    if session is None:
        return response
    try:
        if request.method not in SAFE_METHODS and response.status_code < 400:
            session.commit()
    finally:
        session.close()  # and so rolled back, when not committed
    return response


def _discard_unit_of_work(_error: BaseException | None) -> None:
    """Roll back and close a session that end_unit_of_work did not end (an exception no handler answered)."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back


def init_app(app: Flask) -> None:
    app.after_request(end_unit_of_work)
    app.teardown_request(_discard_unit_of_work)
