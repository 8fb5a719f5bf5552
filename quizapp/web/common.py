"""Small helpers shared by the blueprints."""

from flask import abort, current_app, g
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from quizapp import tallies
from quizapp.models import Learner, utcnow
from quizapp.scheduling import default_learner

LEARNER_KEY = "quizapp.learner_id"

# Ids (and the other numbers a request names, such as a card's version) live in INTEGER columns: 32 bits on
# PostgreSQL, 64 on SQLite. A larger number is no row of ours, but the database does not answer "none" to it:
# it refuses the query (PostgreSQL's "integer out of range", SQLite's OverflowError past 2^63), a 500.
ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<id:name>` in a route: an id (or a quiz's question number, kept in an INTEGER column too); one past
    ID_MAX is no row of ours, so not found. NotFound is raised here rather than werkzeug's ValidationError,
    which is checked after the method is matched, so that a POST would get a 405."""

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise NotFound()
        return number


def parse_id(value: str | None) -> int | None:
    """The id written in a query string or form field; None when there is none: no value, not a whole number
    ("all"), or one past ID_MAX, which no row has."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if number <= ID_MAX else None


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
