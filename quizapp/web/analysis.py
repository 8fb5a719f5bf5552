"""Item analysis for the teacher (a personal install's learner too): an article's figures and suspects, the
library's reported questions, and dealing with each one (fix it, suspend it, keep it, accept a typed
answer: htmx swaps the item's row, a plain form redirects back to the analysis); and every learner's report
of a bad question, from the quiz feedback and the flashcard back. The work is quizapp.analysis's (and
quizapp.library's item edit)."""

from flask import Blueprint, flash, g, redirect, request, url_for

from quizapp import analysis, library
from quizapp.db import request_session
from quizapp.models import Article, Item, TriageAction
from quizapp.web.common import get_or_404, parse_id, teacher_required
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("analysis", __name__, url_prefix="/analysis")


# What the item's row says once the teacher has dealt with it, and the flash of a plain form's redirect.
DONE = {
    TriageAction.FIXED: "Fixed: every learner's card keeps its schedule. It comes back to this list only if "
    "new answers still find it suspect.",
    TriageAction.SUSPENDED: "Suspended: no learner is asked it now (resume it on the article page).",
    TriageAction.KEPT: "Kept as it is. It comes back to this list only if new answers say something new.",
}


@bp.get("")
@teacher_required
def reports():
    session = request_session()
    return render(
        "analysis/reports.html",
        reported=analysis.reported_items(session),
        handled=analysis.handled_reports(session),
    )


def _article_page(found: analysis.ArticleAnalysis, *, status=200, **row):
    """The analysis page; `row`: the row being fixed (editing_id, error, form)."""
    row = {"editing_id": None, "error": None, "form": {}, "notice": None} | row
    return render("analysis/article.html", status=status, a=found, min_learners=analysis.MIN_LEARNERS, **row)


@bp.get("/articles/<id:article_id>")
@teacher_required
def article(article_id: int):
    session = request_session()
    return _article_page(analysis.article_analysis(session, get_or_404(session, Article, article_id)))


def _row(
    session,
    item: Item,
    *,
    found: analysis.ArticleAnalysis | None = None,
    editing=False,
    error=None,
    form=None,
    status=200,
    notice=None,
):
    """The item's row for htmx (saying `notice`); else the analysis page (the row in edit mode when editing),
    or a redirect to it with `notice` flashed."""
    if found is None:
        found = analysis.article_analysis(session, get_or_404(session, Article, item.article_id))
    row = {"editing_id": item.id if editing else None, "error": error, "form": form or {}}
    if is_htmx():
        figures = found.figures_of(item.id)
        return render(
            "analysis/article.html",
            block="row",
            status=status,
            f=figures,
            a=found,
            notice=notice,
            **row,
        )
    if editing:
        return _article_page(found, status=status, **row)
    if notice:
        flash(notice, "info")
    anchor = f"triage-{item.id}"
    return redirect(url_for("analysis.article", article_id=item.article_id, _anchor=anchor), 303)


@bp.get("/items/<id:item_id>/row")
@teacher_required
def row(item_id: int):
    """The item's row (Cancel of a fix)."""
    session = request_session()
    item = get_or_404(session, Item, item_id)
    if is_htmx():
        return _row(session, item)
    return redirect(url_for("analysis.article", article_id=item.article_id, _anchor=f"triage-{item.id}"))


@bp.get("/items/<id:item_id>/fix")
@teacher_required
def fix_form(item_id: int):
    session = request_session()
    return _row(session, get_or_404(session, Item, item_id), editing=True)


@bp.post("/items/<id:item_id>/fix")
@teacher_required
def fix(item_id: int):
    """The article page's item edit (library.edit_item), then the item is dealt with."""
    session = request_session()
    form = request.form
    fields = {name: form.get(name, "") for name in ("question", "answer", "accepted", "choices")}
    edit = library.edit_item(session, get_or_404(session, Item, item_id), **fields)
    if edit.error:
        return _row(session, edit.item, editing=True, error=edit.error, form=form, status=422)
    return _decide(session, edit.item, TriageAction.FIXED)


@bp.post("/items/<id:item_id>/suspend")
@teacher_required
def suspend(item_id: int):
    session = request_session()
    return _decide(session, get_or_404(session, Item, item_id), TriageAction.SUSPENDED)


@bp.post("/items/<id:item_id>/keep")
@teacher_required
def keep(item_id: int):
    session = request_session()
    return _decide(session, get_or_404(session, Item, item_id), TriageAction.KEPT)


def _decide(session, item: Item, action: TriageAction):
    found = analysis.article_analysis(session, get_or_404(session, Article, item.article_id))
    analysis.decide(session, found.figures_of(item.id), action, g.learner_id)
    return _row(session, item, found=found, notice=DONE[action])


@bp.post("/items/<id:item_id>/accept")
@teacher_required
def accept(item_id: int):
    session = request_session()
    item = get_or_404(session, Item, item_id)
    try:
        answer = analysis.accept_answer(session, item, request.form.get("answer", ""))
    except analysis.AnalysisError as error:
        message, category = str(error), "error"
    else:
        message, category = f"“{answer}” is now accepted for this question.", "info"
    if is_htmx():
        return _row(session, item, **{"error" if category == "error" else "notice": message})
    flash(message, category)
    return redirect(url_for("analysis.article", article_id=item.article_id, _anchor=f"triage-{item.id}"), 303)


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
