"""Scores: quiz history, accuracy by question type, review heatmap, due forecast, retention, streak."""

from datetime import timedelta

from flask import Blueprint

from quizapp import quizzes, stats
from quizapp.db import get_session
from quizapp.models import utcnow
from quizapp.web.common import learner_id
from quizapp.web.htmx import render

bp = Blueprint("stats", __name__, url_prefix="/stats")

HEATMAP_WEEKS = 20


@bp.get("")
def index():
    now = utcnow()
    with get_session() as session:
        learner = learner_id(session)
        since = now.date() - timedelta(weeks=HEATMAP_WEEKS + 1)
        days = stats.review_days(session, learner, since)
        return render(
            "stats.html",
            history=stats.quiz_history(session, learner),
            accuracy=stats.accuracy_by_type(session, learner),
            heat=stats.heatmap(days, now.date(), weeks=HEATMAP_WEEKS),
            forecast=stats.forecast(session, learner, now),
            retention=stats.retention(session, learner, now=now),
            streak=stats.streak(session, learner, now),
            weeks=HEATMAP_WEEKS,
            fmt=quizzes.format_duration,
        )
