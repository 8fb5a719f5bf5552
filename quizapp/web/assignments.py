"""Class assignments, with accounts on (a personal install has no class: every page here is not found): the
teacher's list, form, progress tables and their CSV; the learner's "start the assigned quiz". The work is
quizapp.assignments's."""

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for

from quizapp import assignments, quizzes
from quizapp.db import request_session
from quizapp.models import Article, Assignment
from quizapp.quizzes import ARTICLE_CHOICE, MENU_ARTICLES
from quizapp.stats import NEWEST_FIRST
from quizapp.web.common import download, parse_id, teacher_required
from quizapp.web.htmx import render

bp = Blueprint("assignments", __name__, url_prefix="/assignments")


@bp.before_request
def only_for_a_class():
    if not current_app.config["ACCOUNTS"]:
        abort(404)


def _articles(session, chosen: int | None) -> list:
    """The form's menu: the newest articles, and the one chosen (the assignment's, or the article page's
    "Assign to the class") when it is older."""
    rows = list(session.exec(ARTICLE_CHOICE.order_by(*NEWEST_FIRST).limit(MENU_ARTICLES)).all())
    if chosen is not None and chosen not in {row.id for row in rows}:
        rows += session.exec(ARTICLE_CHOICE.where(Article.id == chosen)).all()
    return rows


def _form_context(session, form, assignment: Assignment | None = None) -> dict:
    chosen = parse_id(str(form.get("article", ""))) or (assignment.article_id if assignment else None)
    return {
        "form": form,
        "articles": _articles(session, chosen),
        "lengths": quizzes.LENGTHS,
        "modes": quizzes.MODES,
        "default_length": quizzes.DEFAULT_LENGTH,
        "today": assignments.today(),
    }


def _list_page(*, status: int = 200, error: str | None = None, form=None):
    session = request_session()
    form = form if form is not None else {"article": request.args.get("article", "")}
    return render(
        "assignments/list.html",
        status=status,
        error=error,
        listed=assignments.listing(session),
        **_form_context(session, form),
    )


def _fields(session, form, current: Assignment | None = None) -> assignments.Fields:
    return assignments.check(
        session,
        article=parse_id(form.get("article")),
        due=form.get("due"),
        length=form.get("length"),
        mode=form.get("mode"),
        on=assignments.today(),
        current=current,
    )


@bp.get("")
@teacher_required
def index():
    return _list_page()


@bp.post("")
@teacher_required
def add():
    session = request_session()
    try:
        assignment, new = assignments.assign(session, _fields(session, request.form))
    except assignments.AssignmentError as error:
        return _list_page(status=422, error=str(error), form=request.form)
    due = assignment.due.isoformat()
    flash("Assigned to the class." if new else f"That article is already assigned for {due}.", "info")
    return redirect(url_for("assignments.index", _anchor=f"assignment-{assignment.id}"), 303)


def _edit_page(assignment: Assignment, title: str, *, status=200, error=None, form=None):
    session = request_session()
    if form is None:
        form = {
            "article": str(assignment.article_id),
            "due": assignment.due.isoformat(),
            "length": str(assignment.length),
            "mode": assignment.mode,
        }
    context = _form_context(session, form, assignment)
    return render("assignments/edit.html", status=status, error=error, a=assignment, title=title, **context)


def _titled_or_404(assignment_id: int):
    found = assignments.titled(request_session(), assignment_id)
    if found is None:
        abort(404)
    return found


@bp.get("/<id:assignment_id>/edit")
@teacher_required
def edit(assignment_id: int):
    return _edit_page(*_titled_or_404(assignment_id))


@bp.post("/<id:assignment_id>/edit")
@teacher_required
def save(assignment_id: int):
    session = request_session()
    assignment, title = _titled_or_404(assignment_id)
    try:
        assignments.change(session, assignment, _fields(session, request.form, current=assignment))
    except assignments.AssignmentError as error:
        session.refresh(assignment)  # as it is kept, for the page's heading
        return _edit_page(assignment, title, status=422, error=str(error), form=request.form)
    flash("The assignment is changed.", "info")
    return redirect(url_for("assignments.index", _anchor=f"assignment-{assignment.id}"), 303)


@bp.post("/<id:assignment_id>/remove")
@teacher_required
def remove(assignment_id: int):
    session = request_session()
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:  # removed already: a double click
        flash("That assignment was already removed.", "info")
    else:
        assignments.remove(session, assignment)
        flash("The assignment is removed. Quizzes taken for it stay in each learner's history.", "info")
    return redirect(url_for("assignments.index"), 303)


@bp.get("/<id:assignment_id>")
@teacher_required
def progress(assignment_id: int):
    assignment, title = _titled_or_404(assignment_id)
    on = assignments.today()
    found = assignments.assignment_table(request_session(), assignment, title, on)
    return render("assignments/progress.html", t=found, a=assignment, title=title, on=on, **_definitions())


@bp.get("/class")
@teacher_required
def class_progress():
    on = assignments.today()
    found = assignments.class_table(request_session(), on)
    return render("assignments/progress.html", t=found, a=None, title=None, on=on, **_definitions())


def _definitions() -> dict:
    return {"mastered_text": assignments.MASTERED_TEXT, "class_columns": assignments.CLASS_COLUMNS}


def _csv(found: assignments.Table, name: str):
    return download(assignments.to_csv(found).encode(), "text/csv", name)


@bp.get("/<id:assignment_id>/progress.csv")
@teacher_required
def progress_csv(assignment_id: int):
    assignment, title = _titled_or_404(assignment_id)
    on = assignments.today()
    found = assignments.assignment_table(request_session(), assignment, title, on)
    return _csv(found, assignments.filename(title, assignment.due, on))


@bp.get("/class/progress.csv")
@teacher_required
def class_csv():
    on = assignments.today()
    return _csv(assignments.class_table(request_session(), on), assignments.filename(None, None, on))


@bp.post("/<id:assignment_id>/start")
def start(assignment_id: int):
    """A learner starts the assigned quiz (or goes back to the one started for it)."""
    session = request_session()
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        flash("That assignment was removed by the teacher.", "info")
        return redirect(url_for("home.index"), 303)
    try:
        quiz = assignments.start(session, g.learner_id, assignment)
    except quizzes.QuizError as error:
        flash(str(error), "error")
        return redirect(url_for("home.index"), 303)
    return redirect(url_for("quiz.resume", quiz_id=quiz.id), 303)


@bp.post("/study-toward-due-dates")
def study_toward_due_dates():
    """A learner aims their flashcards at the due dates of what they still have to do (Home's button)."""
    moved = assignments.study_toward_due_dates(request_session(), g.learner_id, assignments.today())
    if moved:
        flash(
            f"Your flashcards now aim at {moved} due date{'s' if moved != 1 else ''}: Scores shows the "
            "recall predicted on each day.",
            "info",
        )
    else:
        flash("Nothing to change: every due date ahead is already an exam date of yours, or sooner.", "info")
    return redirect(url_for("home.index"), 303)
