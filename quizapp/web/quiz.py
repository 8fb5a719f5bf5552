"""Quiz: choose an article and a length, answer one question at a time, see the score.

The pages' facts come from quizapp.quizzes (QuizSetup, Question, Score); this module reads the request and
picks the page, or for htmx the question card.
"""

from dataclasses import replace

from flask import Blueprint, abort, g, redirect, request, url_for

from quizapp import quizzes
from quizapp.db import request_session
from quizapp.models import QuizMode, QuizSession
from quizapp.web.common import parse_id
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("quiz", __name__, url_prefix="/quiz")


def _setup_page(*, status: int = 200, error: str | None = None, form=None):
    form = form or {}
    setup = quizzes.setup(request_session(), g.learner_id, parse_id(form.get("article")))
    return render(
        "quiz/setup.html",
        status=status,
        setup=setup,
        menu_articles=quizzes.MENU_ARTICLES,
        lengths=quizzes.LENGTHS,
        modes=quizzes.MODES,
        error=error,
        form=form,
        default_length=quizzes.DEFAULT_LENGTH,
    )


@bp.get("")
def setup():
    return _setup_page(form={"article": request.args.get("article", "")})


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "", "all") else None
    except ValueError:
        return None


@bp.post("")
def start():
    form = request.form
    raw_article = form.get("article", "all")
    article_id = parse_id(raw_article)
    if raw_article not in ("", "all") and article_id is None:
        return _setup_page(status=400, error="Pick an article from the list.", form=form)
    length = _int(form.get("length")) or quizzes.DEFAULT_LENGTH
    try:
        quiz = quizzes.start_quiz(
            request_session(),
            g.learner_id,
            article_id=article_id,
            length=length,
            mode=form.get("mode", QuizMode.CHOICE),
        )
    except quizzes.QuizError as error:
        return _setup_page(status=400, error=str(error), form=form)
    return redirect(url_for("quiz.question", quiz_id=quiz.id, position=1), 303)


def _load(quiz_id: int) -> QuizSession:
    quiz = quizzes.get_quiz(request_session(), quiz_id, g.learner_id)
    if quiz is None:
        abort(404)
    return quiz


@bp.get("/<id:quiz_id>")
def resume(quiz_id: int):
    quiz = _load(quiz_id)
    position = quizzes.current_position(request_session(), quiz)
    if position is None:
        return redirect(url_for("quiz.score", quiz_id=quiz.id))
    return redirect(url_for("quiz.question", quiz_id=quiz.id, position=position + 1))


def _question_page(question: quizzes.Question, *, status: int = 200, error: str | None = None, given=""):
    return render(
        "quiz/question.html",
        block="quiz_card",
        status=status,
        q=question,
        error=error,
        given=given,
        now_ms=int(quizzes.utcnow().timestamp() * 1000),
    )


@bp.get("/<id:quiz_id>/<id:position>")
def question(quiz_id: int, position: int):
    """Question `position` (1-based): the question, or its feedback when already answered."""
    page = quizzes.question_page(request_session(), _load(quiz_id), position - 1)
    if page is None:
        abort(404)
    if isinstance(page, quizzes.AnswerInOrder):  # no skipping ahead
        return redirect(url_for("quiz.question", quiz_id=quiz_id, position=page.position + 1))
    return _question_page(page)


@bp.post("/<id:quiz_id>/<id:position>")
def answer(quiz_id: int, position: int):
    session = request_session()
    q = quizzes.question_at(session, _load(quiz_id), position - 1)
    if q is None:
        abort(404)
    given = request.form.get("answer", "")
    try:
        outcome = quizzes.answer_question(
            session, q, given, duration_ms=quizzes.duration_since(request.form.get("shown_at"))
        )
    except quizzes.QuestionGone:  # the quiz carries on without it, or is gone with its only article
        return redirect(url_for("quiz.resume", quiz_id=quiz_id), 303)
    except quizzes.QuizError as error:
        return _question_page(q, status=422, error=str(error), given=given)
    q = replace(q, answer=outcome.answer)  # the stored answer: this one, or the one that came first
    if is_htmx():
        return _question_page(q)
    return redirect(url_for("quiz.question", quiz_id=quiz_id, position=position), 303)


@bp.get("/<id:quiz_id>/score")
def score(quiz_id: int):
    session = request_session()
    quiz = _load(quiz_id)
    if quizzes.current_position(session, quiz) is not None:
        return redirect(url_for("quiz.resume", quiz_id=quiz.id))
    return render("quiz/score.html", s=quizzes.score(session, quiz))
