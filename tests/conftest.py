"""Shared fixtures: an app on a temporary SQLite database, its client, and a small stocked article.

`stocked` inserts hand-written items (tests/helpers/stock.py) straight into the tables, so web and storage
tests do not depend on the generator (which has its own tests). What test files import lives in
tests/helpers/.

Each test's database is a copy of one migrated once per run, and the apps share the compiled templates:
the time of a web test goes to what it tests rather than to setting it up.

With QUIZAPP_TEST_POSTGRES_URL set (`.ci/run` starts a server), every test on the `app` fixture runs on
SQLite and again on PostgreSQL; browser tests stay on SQLite."""

import pytest
from sqlmodel import Session

from quizapp import create_app
from quizapp.models import Article
from quizapp.scheduling import default_learner, ensure_cards
from tests.helpers.databases import (
    BACKENDS,
    drop_postgres_template,
    get_engine_of,
    make_postgres_template,
    migrate,
    migrated_postgres,
    migrated_sqlite,
)
from tests.helpers.stock import add_stock_article
from tests.helpers.templates import CompiledTemplates


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


def pytest_collection_modifyitems(config, items):
    """Browser tests exercise the pages, not the database: run them once, on SQLite."""
    items[:] = [
        item for item in items if not ("[postgresql" in item.nodeid and item.get_closest_marker("browser"))
    ]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite database migrated to the latest revision, once per run, for `database_url` to copy."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template():
    """The same on PostgreSQL: a database beside the test database; dropped at the end of the run."""
    name = make_postgres_template()
    yield name
    drop_postgres_template(name)


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """This test's own database at the latest migration: a copy of the run's migrated template."""
    if request.param == "postgresql":
        return migrated_postgres(request.getfixturevalue("postgres_template"))
    return migrated_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "test.sqlite")


@pytest.fixture(scope="session")
def compiled_templates() -> CompiledTemplates:
    """The templates as Jinja compiled them, shared by every test's app."""
    return CompiledTemplates()


@pytest.fixture
def app(request, database_url, compiled_templates):
    """The app on its own temporary database (`database_url`), without seeding; a test or module marked
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
    app.jinja_env.bytecode_cache = compiled_templates
    yield app
    get_engine_of(app).dispose()


@pytest.fixture
def run_jobs(app):
    """Make the submitted articles now, in this thread (the generator too, so a test may stand one in), as
    the server's job runners would in the background. Returns how many jobs ran."""
    from quizapp.article_jobs import run_pending

    return lambda: run_pending(get_engine_of(app), max_chars=app.config["MAX_ARTICLE_CHARS"])


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
    article = add_stock_article(session)
    default_learner(session)
    session.flush()
    ensure_cards(session)
    session.commit()
    return article
