"""Item analysis for the teacher (a personal install's learner too): an article's figures and suspects, the
library's reported questions, accepting a typed answer; and every learner's report of a bad question, from
the quiz feedback and the flashcard back. The work is quizapp.analysis's."""

from flask import Blueprint, flash, g, redirect, request, url_for

from quizapp import analysis
from quizapp.db import request_session
from quizapp.models import Article, Item
from quizapp.web.common import get_or_404, parse_id, teacher_required
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("analysis", __name__, url_prefix="/analysis")


@bp.get("")
@teacher_required
def reports():
    return render("analysis/reports.html", reported=analysis.reported_items(request_session()))


@bp.get("/articles/<id:article_id>")
@teacher_required
def article(article_id: int):
    session = request_session()
    found = analysis.article_analysis(session, get_or_404(session, Article, article_id))
    return render("analysis/article.html", a=found, min_learners=analysis.MIN_LEARNERS)


@bp.post("/items/<id:item_id>/accept")
@teacher_required
def accept(item_id: int):
    session = request_session()
    item = get_or_404(session, Item, item_id)
    try:
        answer = analysis.accept_answer(session, item, request.form.get("answer", ""))
    except analysis.AnalysisError as error:
        flash(str(error), "error")
    else:
        flash(f"“{answer}” is now accepted for this question.", "info")
    return redirect(url_for("analysis.article", article_id=item.article_id, _anchor=f"item-{item.id}"), 303)


def _back() -> str:
    """Where the report was made: the quiz question or the flashcard's back (named by id, never an address
    the form sends)."""
    form = request.form
    quiz, position, card = (parse_id(form.get(name)) for name in ("quiz", "position", "card"))
    if quiz is not None and position is not None:
        return url_for("quiz.question", quiz_id=quiz, position=position)
    if card is not None:
        return url_for("review.answer", card_id=card)
    return url_for("home.index")


@bp.post("/items/<id:item_id>/report")
def report(item_id: int):
    session = request_session()
    item = get_or_404(session, Item, item_id)
    form = request.form
    back = {name: form[name] for name in ("quiz", "position", "card") if parse_id(form.get(name)) is not None}
    context = {"item": item, "form": form, "back": back}
    try:
        analysis.report_item(session, g.learner_id, item, form.get("reason", ""), form.get("note"))
    except analysis.AnalysisError as error:
        return render("analysis/report.html", block="report", status=422, error=str(error), **context)
    if is_htmx():
        return render("analysis/report.html", block="report", done=True, **context)
    flash("Thank you: your report reached the teacher. The question stays until they change it.", "info")
    return redirect(_back(), 303)


# The report form of the quiz feedback and the flashcard back (templates/analysis/_report_form.html).
bp.add_app_template_global(analysis.REASONS, "report_reasons")
bp.add_app_template_global(analysis.NOTE_MAX, "report_note_max")
