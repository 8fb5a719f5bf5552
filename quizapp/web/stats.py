"""Scores: quiz history, accuracy by question type, review heatmap, due forecast, retention, streak."""

from datetime import timedelta

from flask import Blueprint, g, request

from quizapp import quizzes, stats
from quizapp.db import request_session
from quizapp.models import utcnow
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("stats", __name__, url_prefix="/stats")

HEATMAP_WEEKS = 20
HISTORY_PAGE = 20
HISTORY_MOST = 1000


@bp.get("")
def index():
    now = utcnow()
    # How many of the latest quizzes the history lists: a page at a time, "Show older quizzes" adds one.
    shown = min(max(request.args.get("history", HISTORY_PAGE, type=int), HISTORY_PAGE), HISTORY_MOST)
    session, learner = request_session(), g.learner_id
    history = {
        "history": stats.quiz_history(session, learner, limit=shown),
        "taken": stats.quizzes_taken(session, learner),
        "next_shown": shown + HISTORY_PAGE,
        "fmt": quizzes.format_duration,
    }
    if is_htmx() and "history" in request.args:  # "Show older quizzes": the table alone
        return render("stats.html", block="history", **history)
    since = now.date() - timedelta(weeks=HEATMAP_WEEKS + 1)
    days = stats.review_days(session, learner, since)
    return render(
        "stats.html",
        accuracy=stats.accuracy_by_type(session, learner),
        heat=stats.heatmap(days, now.date(), weeks=HEATMAP_WEEKS),
        forecast=stats.forecast(session, learner, now),
        retention=stats.retention(session, learner, now=now),
        streak=stats.streak(session, learner, now),
        weeks=HEATMAP_WEEKS,
        **history,
    )
