"""QuizApp: turn any English news article into a spaced-repetition quiz."""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

SEEDS_QUEUED = "quizapp.seeds_queued"  # how many starter articles this start queued (app.extensions)


def create_app(config: dict | None = None) -> "Flask":
    """App factory. `config` overrides the QUIZAPP_* environment (tests pass a temporary database): a setting
    given here is the one used, whatever the environment says."""
    # Imported here, not when the package is: `quizapp generate` touches no database and need not load
    # Flask, SQLAlchemy and alembic (a second of imports, a quarter of one beside spaCy's own).
    from flask import Flask

    from quizapp import config as settings
    from quizapp import paths
    from quizapp.db import init_db, make_engine

    data = paths.data_folder()
    app = Flask(
        __name__,
        instance_path=str(data.path),
        instance_relative_config=True,
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
    )
    app.config.from_mapping(settings.from_environment(Path(app.instance_path), config))
    app.extensions["quizapp.data_folder"] = data

    engine = make_engine(app.config["DATABASE_URL"])
    init_db(engine)
    app.extensions["quizapp.engine"] = engine

    from quizapp import web

    web.init_app(app)

    if app.config["SEED_ON_START"]:
        from quizapp.article_jobs import queue_seeds

        # made by the job runners while the server already answers; `quizapp run` says so
        app.extensions[SEEDS_QUEUED] = queue_seeds(engine)
    if not app.config["ACCOUNTS"]:
        from quizapp.web.common import LEARNER_KEY

        app.extensions[LEARNER_KEY] = _ensure_local_learner(engine)
    return app


def _ensure_local_learner(engine) -> int:
    """A personal install's one learner (its id), with a card for every item, from the first start on. (With
    accounts on, learners are made by signing up, each with their cards then.)"""
    from sqlmodel import Session

    from quizapp.scheduling import default_learner

    with Session(engine) as session:
        learner = default_learner(session).id
        session.commit()
    return learner
