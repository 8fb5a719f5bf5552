"""Home: what is due today, start a quiz, the newest articles with their mastery."""

from flask import Blueprint, g

from quizapp import stats
from quizapp.db import request_session
from quizapp.quizzes import DEFAULT_LENGTH, LENGTHS, MODES, unfinished_quiz
from quizapp.scheduling import next_due_at, study_day
from quizapp.web.common import new_per_day, reviews_per_day
from quizapp.web.htmx import render

bp = Blueprint("home", __name__)

HOME_ARTICLES = 6  # the newest; the Articles page lists them all


@bp.get("/")
def index():
    session, learner = request_session(), g.learner_id
    counts = study_day(session, learner, new_per_day(), reviews_per_day()).counts
    articles = stats.article_mastery(session, learner, limit=HOME_ARTICLES)
    unfinished = unfinished_quiz(session, learner)
    return render(
        "home.html",
        counts=counts,
        next_due=next_due_at(session, learner),
        articles=articles,
        article_count=stats.count_articles(session) if len(articles) == HOME_ARTICLES else len(articles),
        unfinished=unfinished,
        streak=stats.streak(session, learner),
        lengths=LENGTHS,
        default_length=DEFAULT_LENGTH,
        modes=MODES,
    )
