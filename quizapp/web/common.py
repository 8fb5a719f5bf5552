"""Small helpers shared by the blueprints."""

from flask import abort, current_app, g
from sqlmodel import Session, select

from quizapp import tallies
from quizapp.models import Learner, utcnow
from quizapp.scheduling import default_learner

LEARNER_KEY = "quizapp.learner_id"


def learner_id(session: Session) -> int:
    """The learner of this request: with accounts on, the one signed in (see web.account); else the local
    learner of a single-user install, looked up once per app (learners are never deleted)."""
    if current_app.config["ACCOUNTS"]:
        return g.learner.id
    known = current_app.extensions.get(LEARNER_KEY)
    if known is None:
        known = current_app.extensions[LEARNER_KEY] = default_learner(session).id
    return known


def may_edit_articles(session: Session) -> bool:
    """Whether this learner may add articles and change their questions, which every learner studies: with
    accounts on only a teacher (read from the database, so `quizapp learners teacher` counts at once); a
    personal install's learner always."""
    if not current_app.config["ACCOUNTS"]:
        return True
    if "may_edit" not in g:  # asked by the check and again by the page it renders
        g.may_edit = bool(session.exec(select(Learner.teacher).where(Learner.id == g.learner.id)).first())
    return g.may_edit


def require_teacher(session: Session) -> None:
    if not may_edit_articles(session):
        abort(403)


def get_or_404(session: Session, model, ident: int):
    row = session.get(model, ident)
    if row is None:
        abort(404)
    return row


def new_per_day() -> int:
    return int(current_app.config.get("NEW_CARDS_PER_DAY", 20))


def reviews_per_day() -> int:
    return int(current_app.config.get("REVIEWS_PER_DAY", 200))


def reviews_today(session, learner: int) -> int:
    return tallies.today(session, learner, utcnow()).flashcard_reviews


def reviews_left_today(session: Session, learner: int) -> int:
    """Flashcard reviews still allowed today under REVIEWS_PER_DAY."""
    return max(reviews_per_day() - reviews_today(session, learner), 0)
