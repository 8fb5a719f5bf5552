"""Quiz: choose an article and a length, answer one question at a time, see the score."""

from dataclasses import replace

from flask import Blueprint, abort, redirect, request, url_for
from sqlmodel import col, select

from quizapp import quizzes, stats
from quizapp.db import get_session
from quizapp.models import Article, QuizSession
from quizapp.web.common import learner_id, parse_id
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("quiz", __name__, url_prefix="/quiz")


# The article menu lists the newest; an older article's quiz starts from its page ("Quiz on this article").
MENU_ARTICLES = 50
ARTICLE_CHOICE = select(Article.id, Article.title)  # not the text


def _setup_page(session, *, status: int = 200, error: str | None = None, form=None):
    learner = learner_id(session)
    form = form or {}
    articles = session.exec(ARTICLE_CHOICE.order_by(*stats.NEWEST_FIRST).limit(MENU_ARTICLES + 1)).all()
    more_articles = len(articles) > MENU_ARTICLES
    articles = articles[:MENU_ARTICLES]
    chosen = parse_id(form.get("article"))
    if chosen is not None and chosen not in {a.id for a in articles}:
        articles += session.exec(ARTICLE_CHOICE.where(Article.id == chosen)).all()
    recent = session.exec(
        select(QuizSession)
        .where(QuizSession.learner_id == learner, stats.FINISHED)
        .order_by(col(QuizSession.started_at).desc())
        .limit(5)
    ).all()
    unfinished = quizzes.unfinished_quiz(session, learner)
    quizzed = {quiz.article_id for quiz in recent} - {None}
    titles = dict(session.exec(ARTICLE_CHOICE.where(col(Article.id).in_(quizzed))).all()) if quizzed else {}
    return render(
        "quiz/setup.html",
        status=status,
        articles=articles,
        more_articles=more_articles,
        menu_articles=MENU_ARTICLES,
        titles=titles,
        recent=recent,
        unfinished=unfinished,
        lengths=quizzes.LENGTHS,
        modes=quizzes.MODES,
        error=error,
        form=form,
        default_length=quizzes.DEFAULT_LENGTH,
    )


@bp.get("")
def setup():
    with get_session() as session:
        form = {"article": request.args.get("article", "")}
        return _setup_page(session, form=form)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "", "all") else None
    except ValueError:
        return None


@bp.post("")
def start():
    form = request.form
    with get_session() as session:
        raw_article = form.get("article", "all")
        article_id = parse_id(raw_article)
        if raw_article not in ("", "all") and article_id is None:
            return _setup_page(session, status=400, error="Pick an article from the list.", form=form)
        length = _int(form.get("length")) or quizzes.DEFAULT_LENGTH
        try:
            quiz = quizzes.start_quiz(
                session,
                learner_id(session),
                article_id=article_id,
                length=length,
                mode=form.get("mode", "choice"),
            )
        except quizzes.QuizError as error:
            return _setup_page(session, status=400, error=str(error), form=form)
        return redirect(url_for("quiz.question", quiz_id=quiz.id, position=1), 303)


def _load(session, quiz_id: int) -> QuizSession:
    quiz = quizzes.get_quiz(session, quiz_id, learner_id(session))
    if quiz is None:
        abort(404)
    return quiz


@bp.get("/<id:quiz_id>")
def resume(quiz_id: int):
    with get_session() as session:
        quiz = _load(session, quiz_id)
        position = quizzes.current_position(session, quiz)
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
    with get_session() as session:
        quiz = _load(session, quiz_id)
        answers = quizzes.answers_of(session, quiz)
        current = quizzes.first_unanswered(quiz, answers)
        q = quizzes.question_at(session, quiz, position - 1, answers)
        if q is None:
            abort(404)
        if q.answer is None and current is not None and position - 1 > current:
            # No skipping ahead: answer the questions in order.
            return redirect(url_for("quiz.question", quiz_id=quiz.id, position=current + 1))
        return _question_page(q)


@bp.post("/<id:quiz_id>/<id:position>")
def answer(quiz_id: int, position: int):
    with get_session() as session:
        quiz = _load(session, quiz_id)
        q = quizzes.question_at(session, quiz, position - 1)
        if q is None:
            abort(404)
        given = request.form.get("answer", "")
        try:
            outcome = quizzes.answer_question(
                session, q, given, duration_ms=quizzes.duration_since(request.form.get("shown_at"))
            )
        except quizzes.QuizError as error:
            return _question_page(q, status=422, error=str(error), given=given)
        q = replace(q, answer=outcome.answer)  # the stored answer: this one, or the one that came first
        if is_htmx():
            return _question_page(q)
        return redirect(url_for("quiz.question", quiz_id=quiz.id, position=position), 303)


@bp.get("/<id:quiz_id>/score")
def score(quiz_id: int):
    with get_session() as session:
        quiz = _load(session, quiz_id)
        if quizzes.current_position(session, quiz) is not None:
            return redirect(url_for("quiz.resume", quiz_id=quiz.id))
        result = quizzes.score(session, quiz)
        return render(
            "quiz/score.html",
            s=result,
        )
