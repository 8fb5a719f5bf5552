"""Scores: quiz history, accuracy by question type, review heatmap, due forecast, retention, streak (the data
is quizapp.stats's), and the predicted recall on the day of each exam ahead (quizapp.exams's)."""

from flask import Blueprint, g, request

from quizapp import exams, stats
from quizapp.db import request_session
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("stats", __name__, url_prefix="/stats")


@bp.get("")
def index():
    # How many of the latest quizzes the history lists: a page at a time, "Show older quizzes" adds one.
    shown = request.args.get("history", stats.HISTORY_PAGE, type=int)
    shown = min(max(shown, stats.HISTORY_PAGE), stats.HISTORY_MOST)
    session, learner = request_session(), g.learner_id
    if is_htmx() and "history" in request.args:  # "Show older quizzes": the table alone
        return render("stats.html", block="history", **vars(stats.quiz_history_page(session, learner, shown)))
    page = stats.scores_page(session, learner, shown)
    return render("stats.html", exams=exams.forecasts(session, learner), at_risk=exams.AT_RISK, **vars(page))
