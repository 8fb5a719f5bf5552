"""Small helpers shared by the blueprints."""

from flask import abort, current_app
from sqlmodel import Session

from quizapp.scheduling import default_learner


def learner_id(session: Session) -> int:
    """The learner of this request: the local default learner (the schema allows many)."""
    return default_learner(session).id


def get_or_404(session: Session, model, ident: int):
    row = session.get(model, ident)
    if row is None:
        abort(404)
    return row


def new_per_day() -> int:
    return int(current_app.config.get("NEW_CARDS_PER_DAY", 20))


def reviews_per_day() -> int:
    return int(current_app.config.get("REVIEWS_PER_DAY", 200))
