"""Shared fixtures: an app on a temporary SQLite database, its client, and a small stocked article.

`stocked` inserts hand-written items straight into the tables, so web and storage tests do not depend on
the generator (which has its own tests).

With QUIZAPP_TEST_POSTGRES_URL set (`.ci/run` starts a server), every test on the `app` fixture runs on
SQLite and again on PostgreSQL; browser tests stay on SQLite."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from quizapp import create_app
from quizapp.db import get_engine
from quizapp.models import Article, Item
from quizapp.scheduling import default_learner, ensure_cards

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLE = next((REPO / "seeds").glob("*.txt"))


@contextmanager
def quizapp_running(options: list[str], env: dict, log_path: Path, start_within: float = 60) -> Iterator:
    """`quizapp run --port P OPTIONS` in a subprocess with `env`, its output in `log_path`, in a process group
    of its own (as a terminal runs it). Yields (base URL, process) once /healthz answers; stops it with Ctrl-C
    (SIGINT) afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quizapp = Path(sys.executable).parent / "quizapp"
    with log_path.open("w") as log:
        command = [str(quizapp), "run", "--port", str(port), *options]
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_within
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).close()
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.1)
            yield base, server
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)


STOCK_TEXT = (
    "Mara Lindqvist won the Nordic marathon in Oslo on March 3, 2024. "
    "She finished in 2 hours and 21 minutes, ahead of 4,000 runners. "
    "The race director, Pelle Strand, said the course was the fastest in its history."
)

STOCK_ITEMS = [
    (
        "who",
        "Who won the Nordic marathon in Oslo on March 3, 2024?",
        "Mara Lindqvist",
        ["Mara Lindqvist", "Lindqvist"],
        ["Mara Lindqvist", "Pelle Strand", "Anna Berg", "Eva Holm"],
        0,
        64,
    ),
    (
        "where",
        "Where was the Nordic marathon held?",
        "Oslo",
        ["Oslo"],
        ["Oslo", "Bergen", "Stockholm", "Helsinki"],
        0,
        64,
    ),
    (
        "when",
        "When did Mara Lindqvist win the Nordic marathon?",
        "March 3, 2024",
        ["March 3, 2024", "3 March 2024"],
        ["March 3, 2024", "March 10, 2024", "April 3, 2024", "March 3, 2023"],
        0,
        64,
    ),
    (
        "how_many",
        "How many runners did Mara Lindqvist finish ahead of?",
        "4,000",
        ["4,000", "4000"],
        ["4,000", "3,000", "5,000", "400"],
        65,
        129,
    ),
    (
        "who",
        "Who is the race director of the Nordic marathon?",
        "Pelle Strand",
        ["Pelle Strand", "Strand"],
        ["Pelle Strand", "Mara Lindqvist", "Anna Berg", "Eva Holm"],
        130,
        213,
    ),
]


@pytest.fixture(autouse=True, scope="session")
def hermetic_data_folder(tmp_path_factory):
    """Tests never read or write the real data folders: the user data folder (XDG_DATA_HOME, also for
    `quizapp` subprocesses) and QUIZAPP_INSTANCE_PATH point into a temporary folder unless a test sets its
    own, so neither ~/.local/share/quizapp nor a checkout's old instance/ is touched."""
    with pytest.MonkeyPatch.context() as patch:
        root = tmp_path_factory.mktemp("data-folders")
        patch.setenv("XDG_DATA_HOME", str(root / "user-data"))
        patch.setenv("QUIZAPP_INSTANCE_PATH", str(root / "instance"))
        yield


POSTGRES_URL = os.environ.get("QUIZAPP_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def fresh_postgres() -> str:
    """The test PostgreSQL database, emptied."""
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES_URL


def pytest_collection_modifyitems(config, items):
    """Browser tests exercise the pages, not the database: run them once, on SQLite."""
    items[:] = [
        item for item in items if not ("[postgresql" in item.nodeid and item.get_closest_marker("browser"))
    ]


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    return fresh_postgres() if request.param == "postgresql" else f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def app(request, database_url):
    """The app on a temporary database, without seeding; a test or module marked
    `app_settings(NAME=value, ...)` gets those settings too (e.g. ACCOUNTS=True)."""
    marker = request.node.get_closest_marker("app_settings")
    settings = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test",
        "SEED_ON_START": False,
        "RUN_ARTICLE_JOBS": False,  # a test runs the article jobs itself: `run_jobs`
    }
    app = create_app(settings | (marker.kwargs if marker else {}))
    yield app
    get_engine_of(app).dispose()


@pytest.fixture
def run_jobs(app):
    """Make the submitted articles now, in this thread (the generator too, so a test may stand one in), as
    the server's job runners would in the background. Returns how many jobs ran."""
    from quizapp.article_jobs import run_pending

    return lambda: run_pending(get_engine_of(app), max_chars=app.config["MAX_ARTICLE_CHARS"])


def get_engine_of(app):
    with app.app_context():
        return get_engine()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    with Session(get_engine_of(app), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def library(session):
    """120 articles added a day apart, "Story 1" first and "Story 120" newest; their ids, oldest first."""
    from datetime import UTC, datetime, timedelta

    first = datetime(2025, 1, 1, 8, tzinfo=UTC)
    articles = [
        Article(title=f"Story {n}", text="x", content_hash=f"story-{n}", created_at=first + timedelta(days=n))
        for n in range(1, 121)
    ]
    session.add_all(articles)
    session.commit()
    return [article.id for article in articles]


@pytest.fixture
def stocked(session):
    """A small article with five items and a new card each for the default learner. Returns the Article."""
    article = Article(
        title="Lindqvist wins Nordic marathon",
        byline="By Test Writer",
        text=STOCK_TEXT,
        content_hash="stock",
        source="fixture",
    )
    session.add(article)
    session.flush()
    for kind, question, answer, accepted, choices, start, end in STOCK_ITEMS:
        position = STOCK_TEXT.find(answer, start)
        session.add(
            Item(
                article_id=article.id,
                type=kind,
                question=question,
                answer=answer,
                accepted=accepted,
                choices=choices,
                sentence=STOCK_TEXT[start:end].strip(),
                sentence_start=start,
                sentence_end=end,
                answer_start=position if position >= 0 else None,
                answer_end=position + len(answer) if position >= 0 else None,
                fact_key=f"{kind}:{answer}",
                score=1.0,
            )
        )
    default_learner(session)
    session.flush()
    ensure_cards(session)
    session.commit()
    return article
