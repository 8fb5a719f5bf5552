"""SQLite's writers take turns on a lock file beside the database (flock), asked for every 0.5 ms at most,
instead of sleeping out SQLite's own growing retries. `QueuedWriters` is the connection factory quizapp.db
gives SQLite engines."""

import fcntl
import sqlite3
import threading
import time
from contextlib import contextmanager


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
