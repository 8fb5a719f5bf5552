"""The app factory: settings, the embedded SQLite database, first-start seeding."""

import sqlite3

import pytest
from sqlmodel import Session, func, select

from quizapp import create_app
from quizapp.db import get_engine
from quizapp.models import Article, CardState, Item


def counts(app) -> tuple[int, int, int]:
    with app.app_context(), Session(get_engine()) as session:
        return tuple(
            session.exec(select(func.count()).select_from(table)).one()
            for table in (Article, Item, CardState)
        )


def test_first_start_queues_the_seed_article_once_without_waiting_for_it(tmp_path, monkeypatch):
    """The app is up before the starter article is made (its job runs in the background), and made once."""
    from quizapp.article_jobs import run_pending

    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    first = create_app({"RUN_ARTICLE_JOBS": False})
    assert counts(first) == (0, 0, 0)
    assert "Being added:" in first.test_client().get("/articles").get_data(as_text=True)
    with first.app_context():
        assert run_pending(get_engine()) == 1
    articles, items, cards = counts(first)
    assert articles == 1 and items >= 10 and cards == items
    assert first.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'quizapp.sqlite'}"
    again = create_app({"RUN_ARTICLE_JOBS": False})
    with again.app_context():
        assert run_pending(get_engine()) == 0
    assert counts(again) == (articles, items, cards)


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    key = create_app({"SEED_ON_START": False}).config["SECRET_KEY"]
    assert len(key) >= 32 and (tmp_path / "secret_key").read_text() == key
    assert create_app({"SEED_ON_START": False}).config["SECRET_KEY"] == key
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "from-env")
    assert create_app({"SEED_ON_START": False}).config["SECRET_KEY"] == "from-env"


def test_a_secret_key_file_left_empty_by_a_crash_is_made_again(tmp_path, monkeypatch):
    # Killed while writing the key on its first start, the server left an empty file: every page that
    # carries a form (all of them, for the CSRF token) then failed with a 500.
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("\n")
    app = create_app({"SEED_ON_START": False})
    assert app.test_client().get("/").status_code == 200
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 32 and app.config["SECRET_KEY"] == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith("secret_key")] == ["secret_key"]


def test_environment_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    monkeypatch.setenv("QUIZAPP_SEED_ON_START", "no")
    monkeypatch.setenv("QUIZAPP_NEW_CARDS_PER_DAY", "7")
    app = create_app()
    assert app.config["NEW_CARDS_PER_DAY"] == 7
    assert (tmp_path / "elsewhere.db").exists() and counts(app)[0] == 0


def test_settings_given_to_create_app_win_over_the_environment(tmp_path, monkeypatch):
    """A test (or script) that names a setting gets it, even when the variable is set, and set badly."""
    monkeypatch.setenv("QUIZAPP_NEW_CARDS_PER_DAY", "many")
    monkeypatch.setenv("QUIZAPP_ACCOUNTS", "true")
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", "postgresql://nowhere.invalid/quizapp")
    url = f"sqlite:///{tmp_path / 'given.db'}"
    app = create_app({"DATABASE_URL": url, "NEW_CARDS_PER_DAY": 3, "ACCOUNTS": False, "SEED_ON_START": False})
    assert (app.config["NEW_CARDS_PER_DAY"], app.config["ACCOUNTS"]) == (3, False)
    home = app.test_client().get("/")  # no sign-in asked for: accounts are off as given
    assert home.status_code == 200 and "Sign in" not in home.get_data(as_text=True)
    assert (tmp_path / "given.db").exists()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("SQLite only")
    with app.app_context(), get_engine().connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    path = app.config["DATABASE_URL"].removeprefix("sqlite:///")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
