"""Home: what is due today, start a quiz, the newest articles with their mastery (the data is
quizapp.home's)."""

from flask import Blueprint

from quizapp.db import get_session
from quizapp.home import home_page
from quizapp.quizzes import DEFAULT_LENGTH, LENGTHS, MODES
from quizapp.web.common import learner_id, new_per_day, reviews_left_today
from quizapp.web.htmx import render

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    with get_session() as session:
        learner = learner_id(session)
        page = home_page(
            session, learner, new_per_day=new_per_day(), reviews_left=reviews_left_today(session, learner)
        )
        return render("home.html", lengths=LENGTHS, default_length=DEFAULT_LENGTH, modes=MODES, **vars(page))
