"""The databases a test runs on: SQLite always, PostgreSQL too when QUIZAPP_TEST_POSTGRES_URL is set
(`.ci/run` starts a server), and the engine of an app.

A test's database starts as a copy of one migrated once per run (`migrated_sqlite`, `migrated_postgres`):
running every migration took most of a web test's time, the copy takes a few milliseconds on SQLite
and a CREATE DATABASE on PostgreSQL (whose user therefore needs the right to create databases)."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, NullPool, create_engine, make_url, text

from quizapp.db import get_engine, init_db, make_engine

POSTGRES_URL = os.environ.get("QUIZAPP_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def migrate(url: str) -> None:
    engine = make_engine(url)
    init_db(engine)
    engine.dispose()  # on SQLite this checkpoints the WAL: the file alone holds the schema


def migrated_sqlite(template: Path, path: Path) -> str:
    """A copy of `template` (a SQLite database that `migrate` made) at `path`."""
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def worker_database() -> str:
    """The name of this process's test database: QUIZAPP_TEST_POSTGRES_URL's, and under pytest-xdist one of
    each worker's own beside it (quizapp_test_gw0, ...), as two tests at once cannot share one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = make_url(POSTGRES_URL).database
    return f"{name}_{worker}" if worker else name


def _url_of(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def make_postgres_template() -> str:
    """A database beside the test database, migrated to the latest revision, for `migrated_postgres` to
    copy; made afresh (a run may follow one that migrated to an older revision). Returns its name."""
    name = f"{worker_database()}_template"
    _recreate(name)
    migrate(_url_of(name))
    return name


def drop_postgres_template(name: str) -> None:
    with _maintenance() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def migrated_postgres(template: str) -> str:
    """The URL of the test database, a fresh copy of `template`."""
    _recreate(worker_database(), template=template)
    return _url_of(worker_database())


def fresh_postgres() -> str:
    """The URL of the test database, empty."""
    _recreate(worker_database())
    return _url_of(worker_database())


def _recreate(name: str, template: str | None = None) -> None:
    """Drop database `name` (ending the connections a test left open on it) and create it, empty or as a copy
    of database `template`."""
    copy = f' TEMPLATE "{template}"' if template else ""
    with _maintenance() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))


@contextmanager
def _maintenance() -> Iterator[Connection]:
    """A connection to the server's `postgres` database: a database is dropped and created from another."""
    url = make_url(POSTGRES_URL).set(database="postgres")
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def get_engine_of(app):
    with app.app_context():
        return get_engine()
