"""Small helpers shared by the blueprints: the learner of the request, the teachers' views, ids in URLs,
downloads."""

import io
from functools import wraps

from flask import abort, current_app, g, send_file
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from quizapp import tallies
from quizapp.db import request_session
from quizapp.flashcards import Limits
from quizapp.models import Learner, utcnow

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


def local_learner() -> None:
    """Before each request of a personal install (no accounts): its one learner is the request's, made with
    the app (quizapp.create_app) and never deleted."""
    g.learner_id = current_app.extensions[LEARNER_KEY]


def may_edit_articles(session: Session | None = None) -> bool:
    """Whether this learner may add articles and change their questions, which every learner studies: with
    accounts on only a teacher (read from the database, so `quizapp learners teacher` counts at once); a
    personal install's learner always."""
    if not current_app.config["ACCOUNTS"]:
        return True
    if "may_edit" not in g:  # asked by the check and again by the page it renders
        session = session or request_session()
        g.may_edit = bool(session.exec(select(Learner.teacher).where(Learner.id == g.learner_id)).first())
    return g.may_edit


def teacher_required(view):
    """Marks a view that changes what the whole class studies (articles and their questions): 403 for a
    learner who is not a teacher, as flaskr's login_required marks the views that need a user."""

    @wraps(view)
    def checked(**kwargs):
        if not may_edit_articles():
            abort(403)
        return view(**kwargs)

    return checked


def get_or_404(session: Session, model, ident: int):
    row = session.get(model, ident)
    if row is None:
        abort(404)
    return row


def daily_limits() -> Limits:
    """The daily limits the settings give (config.from_environment sets both, with their defaults)."""
    config = current_app.config
    return Limits(new_cards=int(config["NEW_CARDS_PER_DAY"]), reviews=int(config["REVIEWS_PER_DAY"]))


def reviews_today(session: Session, learner: int) -> int:
    """Flashcard reviews today (benchmarks/web_load.py times this read)."""
    return tallies.today(session, learner, utcnow()).flashcard_reviews


def download(data: bytes, mimetype: str, filename: str):
    """A file to save (an export, a progress table): named, and never cached, being what the data is now."""
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0
    )
    response.headers["Cache-Control"] = "no-store"
    return response
