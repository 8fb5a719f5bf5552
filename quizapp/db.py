"""One engine per app, one unit of work per request, SQLite set up for the web (WAL, foreign keys, queued
writers)."""

import fcntl
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, Response, current_app, g, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from quizapp import models  # noqa: F401  (registers the tables on SQLModel.metadata)


class QueuedWriters(sqlite3.Connection):
    """A SQLite connection whose write transactions take turns on a lock file (flock), asked for often.

    SQLite lets one writer in at a time and makes the others retry with growing sleeps (1, 2, 5, 10, 15,
    20, 25 ms ...), so under load a write could sleep long after the lock was free: quiz answers at 20
    clients had a p99 of 170-200 ms with two worker processes of two threads, 75-90 ms queued here. The
    turn is asked for every 0.5 ms at most, by threads and processes alike, and the kernel frees the turn
    of a process that dies. Every connection opens the file itself, as flock locks belong to an open
    file, not to a process."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        self.writing = False
        self.queue = _queue_file(str(database))

    def cursor(self, factory=None):
        return super().cursor(factory or QueuingCursor)

    def begin_writing(self) -> None:
        # A thread already writing on another connection (a second session in one request) must not wait
        # for itself: that write is left to SQLite's own busy timeout, as before.
        if self.queue is None or getattr(_writers, "holding", False):
            return
        # Tried without waiting, then again every 50 µs, then up to every 0.5 ms: never SQLite's sleeps
        # of 25-100 ms, and never a wait without end. Past WRITE_TURN_WAIT (a transaction left open
        # somewhere) the write goes on to SQLite's own busy timeout, which reports it.
        deadline, pause = time.monotonic() + WRITE_TURN_WAIT, 0.00005
        while True:
            try:
                fcntl.flock(self.queue, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return
                time.sleep(pause)
                pause = min(pause * 2, 0.0005)
        self.writing = True
        _writers.holding = True

    def end_writing(self) -> None:
        if self.writing:
            self.writing = False
            _writers.holding = False
            fcntl.flock(self.queue, fcntl.LOCK_UN)

    def commit(self):
        try:
            super().commit()
        finally:
            self.end_writing()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self.end_writing()

    def close(self):
        try:
            super().close()
        finally:
            self.end_writing()
            if self.queue is not None:
                self.queue.close()


WRITE_TURN_WAIT = 30  # seconds, as SQLite's busy timeout
_writers = threading.local()  # holding: whether this thread has the writers' turn


def _queue_file(database: str):
    """The lock file beside the database (`<file>-writers`); None for an in-memory or URI database, or where
    it cannot be made (then writers poll, as SQLite alone does)."""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    try:
        return open(f"{database}-writers", "a+b")  # noqa: SIM115  (closed with the connection)
    except OSError:
        return None


class QueuingCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=()):
        with self._queued(sql):
            return super().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        with self._queued(sql):
            return super().executemany(sql, seq_of_parameters)

    @contextmanager
    def _queued(self, sql: str):
        connection = self.connection
        if not connection.in_transaction and not connection.writing and _writes(sql):
            connection.begin_writing()  # sqlite3 begins the write transaction with this statement
        try:
            yield
        finally:
            if not connection.in_transaction:  # the statement failed, or it ran outside a transaction
                connection.end_writing()


def _writes(sql: str) -> bool:
    return sql.lstrip()[:7].upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))


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


@contextmanager
def get_session() -> Iterator[Session]:
    """The request's session as a block (`with get_session() as session:`); leaving the block neither commits
    nor closes it: end_unit_of_work does."""
    yield request_session()


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
