"""One engine per app, one unit of work per request, SQLite set up for the web (WAL, foreign keys, its
writers queued by quizapp.write_queue), PostgreSQL for few round trips, and the schema's migrations."""

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, Response, current_app, g, request
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from quizapp import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from quizapp.write_queue import QueuedWriters


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(url)
        _ping_when_idle(engine)
        return engine
    sqlite_args = {"check_same_thread": False, "timeout": 30, "factory": QueuedWriters}
    engine = create_engine(url, connect_args=sqlite_args)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, far fewer fsyncs
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# A pooled PostgreSQL connection is pinged before use only when it has lain unused this long: a server
# restarted meanwhile is found then and the pool connects afresh (a connection that breaks while in use
# fails its request, and SQLAlchemy then replaces every pooled connection). pool_pre_ping pinged on every
# checkout: a round trip more on every request, and under load each round trip waits for the server's
# process and then this one to be scheduled again (benchmarks/README.md, "Open-loop load").
PING_IDLE_SECONDS = 10.0
_IDLE_SINCE = "quizapp.idle_since"


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def note_idle(_dbapi_connection, record) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get(_IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < PING_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError() from error  # the pool drops it and connects again


def read_engine(engine: Engine) -> Engine:
    """What a GET reads through. PostgreSQL: the same pool in autocommit, so a read needs no BEGIN and no
    ROLLBACK round trip (two of a page's three or four); its statements each see their own snapshot, which
    no page needs otherwise. A write there would be committed at once, so it is refused (GET never
    writes: tests/web/test_no_write_in_get.py). SQLite, in this process: the engine itself."""
    if engine.dialect.name != "postgresql":
        return engine
    reads = engine.execution_options(isolation_level="AUTOCOMMIT")
    event.listen(reads, "before_cursor_execute", _refuse_writes)
    return reads


class WriteInRead(RuntimeError):
    """A statement that writes, sent through read_engine."""


def _refuse_writes(_connection, _cursor, statement, _parameters, context, _executemany) -> None:
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        raise WriteInRead(f"a GET tried to write: {statement[:80]}")


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


READ_ENGINE_KEY = "quizapp.read_engine"


# One request, one transaction (as Anki's collection/transact.rs): the request's session is opened by the
# first view or hook that asks for it, and ended in one place, end_unit_of_work. Services take the session
# they are given and never commit; scripts and the job runner own their sessions and commit them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_session() -> Session:
    """The current request's session (its unit of work)."""
    session = g.get("db_session")
    if session is None:
        reads = request.method in SAFE_METHODS
        engine = current_app.extensions[READ_ENGINE_KEY] if reads else get_engine()
        session = g.db_session = Session(engine, expire_on_commit=False)
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
    app.extensions[READ_ENGINE_KEY] = read_engine(app.extensions["quizapp.engine"])
    app.after_request(end_unit_of_work)
    app.teardown_request(_discard_unit_of_work)
