"""SQLite writers queue on a lock file beside the database instead of polling: the queue is held from a
transaction's first write to its end, however it ends, and a second writer waits its turn."""

import fcntl
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from quizapp.db import make_engine
from quizapp.write_queue import QueuedWriters


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'queue.sqlite'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER UNIQUE)"))
    yield engine
    engine.dispose()


def queue_is_held(engine) -> bool:
    """Whether some connection holds the writers' queue (tried from a file of our own, without waiting)."""
    with open(f"{engine.url.database}-writers", "a+b") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


def test_the_queue_is_held_from_the_first_write_to_the_end_of_the_transaction(engine):
    insert = text("INSERT INTO t VALUES (:x)")
    with engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM t"))
        assert not queue_is_held(engine)  # reading takes no turn
        connection.execute(insert, {"x": 1})
        assert queue_is_held(engine)
        connection.commit()
        assert not queue_is_held(engine)
        connection.execute(insert, {"x": 2})
        connection.rollback()
        assert not queue_is_held(engine)
    with pytest.raises(IntegrityError), engine.connect() as connection:
        connection.execute(insert, {"x": 1})  # a failed write: the transaction is rolled back ...
    assert not queue_is_held(engine)  # ... and the turn given up
    with engine.connect() as connection:
        assert connection.execute(text("SELECT x FROM t")).scalars().all() == [1]


def test_a_second_writer_waits_for_the_first_to_commit(engine):
    first_wrote, second_done = threading.Event(), threading.Event()

    def second_writer():
        first_wrote.wait()
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (2)"))
        second_done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
        first_wrote.set()
        assert not second_done.wait(0.3)  # queued behind this transaction
        connection.commit()
    thread.join(timeout=10)
    assert second_done.is_set()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT x FROM t ORDER BY x")).scalars().all() == [1, 2]


def test_one_thread_writing_on_two_connections_does_not_wait_for_itself(tmp_path):
    """Two sessions of one request writing at once: the second is SQLite's business (a busy error after
    its timeout), never a thread queued behind its own lock for good."""
    url = f"sqlite:///{tmp_path / 'self.sqlite'}"
    engine = create_engine(url, connect_args={"factory": QueuedWriters, "timeout": 0.2})
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
    outcome = []

    def one_request():
        with engine.connect() as first, engine.connect() as second:
            first.execute(text("INSERT INTO t VALUES (1)"))
            try:
                second.execute(text("INSERT INTO t VALUES (2)"))
            except Exception as error:  # noqa: BLE001  (what SQLite says is the point)
                outcome.append(str(error))
            first.commit()

    thread = threading.Thread(
        target=one_request, daemon=True
    )  # a thread: a hang fails, not blocks, the suite
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the thread waited for its own lock"
    assert outcome and "locked" in outcome[0]
    engine.dispose()


def test_a_turn_held_for_good_elsewhere_stops_the_wait(engine, monkeypatch):
    """A queue whose turn is never given back (a transaction left open somewhere) does not hang a writer:
    past the wait it goes on to SQLite, which lets it in here, as the database itself is free."""
    import quizapp.write_queue

    monkeypatch.setattr(quizapp.write_queue, "WRITE_TURN_WAIT", 0.2)
    with open(f"{engine.url.database}-writers", "a+b") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (7)"))
        fcntl.flock(holder, fcntl.LOCK_UN)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT x FROM t")).scalars().all() == [7]
