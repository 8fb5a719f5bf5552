"""Home: what is due today, what the class is assigned (accounts on), start a quiz, the newest articles with
their mastery (the data is quizapp.home's and quizapp.assignments's)."""

from flask import Blueprint, current_app, g

from quizapp import assignments
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
    # a personal install has no class, so nothing is assigned
    assigned = []
    if current_app.config["ACCOUNTS"]:
        assigned = assignments.for_learner(request_session(), g.learner_id, assignments.today())
    return render(
        "home.html",
        lengths=LENGTHS,
        default_length=DEFAULT_LENGTH,
        modes=MODES,
        assigned=assigned,
        **vars(page),
    )
