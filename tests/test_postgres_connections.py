"""PostgreSQL's connections, set for few round trips (quizapp.db): a GET reads in autocommit, where a write
is refused rather than committed at once; a pooled connection is pinged only after lying idle, so pages
still answer after the server dropped every connection (a restart at night)."""

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from quizapp import db
from quizapp.models import Learner
from tests.helpers.databases import POSTGRES_URL, get_engine_of

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs QUIZAPP_TEST_POSTGRES_URL")


@pytest.fixture
def database_url(postgres_template):
    from tests.helpers.databases import migrated_postgres

    return migrated_postgres(postgres_template)


def drop_every_connection(app) -> int:
    """What a restart of the server does to the app's pooled connections (from a connection of another
    pool); how many were dropped."""
    other = create_engine(get_engine_of(app).url, isolation_level="AUTOCOMMIT")
    with other.connect() as connection:
        dropped = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    other.dispose()
    return dropped


def test_a_write_in_a_get_is_refused_and_nothing_is_stored(app, stocked):
    with app.test_request_context("/review", method="GET"):
        session = db.request_session()
        session.add(Learner(name="written in a GET"))
        with pytest.raises(db.WriteInRead):
            session.flush()
        session.rollback()
    with app.test_request_context("/review", method="POST"):  # a POST's session writes as before
        assert db.request_session().exec(select(Learner.name)).all() == ["me"]


def test_pages_answer_after_the_server_dropped_the_idle_connections(app, client, stocked, monkeypatch):
    assert client.get("/review").status_code == 200
    assert drop_every_connection(app) >= 1
    monkeypatch.setattr(db, "PING_IDLE_SECONDS", 0.0)  # every pooled connection has lain idle long enough
    assert client.get("/review").status_code == 200
    assert client.get("/quiz").status_code == 200


def test_a_connection_dropped_while_in_use_fails_one_request_and_the_next_answers(app, client, stocked):
    assert client.get("/review").status_code == 200
    assert drop_every_connection(app) >= 1  # not pinged (used a moment ago): the request finds it broken
    assert client.get("/review").status_code == 500
    assert client.get("/review").status_code == 200  # SQLAlchemy replaced the pool's connections
