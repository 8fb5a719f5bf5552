"""Alembic environment: migrations run on the app's own engine (see quizapp.db.migrate)."""

from alembic import context
from sqlmodel import SQLModel

from quizapp import models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that for us
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
