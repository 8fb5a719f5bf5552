"""Home: what is due today, start a quiz, the newest articles with their mastery (the data is
quizapp.home's)."""

from flask import Blueprint, g

from quizapp.db import request_session
from quizapp.home import home_page
from quizapp.quizzes import DEFAULT_LENGTH, LENGTHS, MODES
from quizapp.web.common import daily_limits
from quizapp.web.htmx import render

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    limits = daily_limits()
    page = home_page(
        request_session(), g.learner_id, new_per_day=limits.new_cards, reviews_per_day=limits.reviews
    )
    return render("home.html", lengths=LENGTHS, default_length=DEFAULT_LENGTH, modes=MODES, **vars(page))
