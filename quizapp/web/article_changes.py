"""The Articles blueprint's views that change what an article asks, besides the generator: a question
written by hand on its page, questions imported from a CSV or TSV file (into it, or into an article of their
own), and deleting it behind a page that says what goes with it. The work is quizapp.own_questions',
quizapp.imports' and quizapp.deletion's; these read the request and pick the page or the htmx fragment."""

from pathlib import Path

from flask import flash, redirect, request, url_for

from quizapp import deletion, imports, item_types
from quizapp.db import request_session
from quizapp.models import Article
from quizapp.own_questions import Draft, add_by_hand, lines, one_line
from quizapp.web.articles import _article_page, _list_page, bp
from quizapp.web.common import get_or_404, teacher_required
from quizapp.web.htmx import is_htmx, render

ANKI_PACKAGE = (
    "An Anki package (.apkg) cannot be imported. In Anki, export the deck as “Notes in Plain Text” (.txt) "
    "and import that file."
)


# ---------------------------------------------------------------- a question written by hand


def _question_form(form=None, **state) -> dict:
    """The add-a-question form's part of the article page: what was typed, its error, the kinds to pick."""
    return {"question_form": form or {}, "kinds": item_types.LABELS, **state}


@bp.post("/<id:article_id>/questions")
@teacher_required
def add_question(article_id: int):
    """Store a question typed on the article's page, with a card for every learner. With htmx the page's
    main block comes back (the new question in the list, an empty form); without, a redirect to the page.
    A refused question comes back on the form as typed, with why."""
    session = request_session()
    article = get_or_404(session, Article, article_id)
    form = request.form
    draft = Draft(
        question=form.get("question", ""),
        answer=form.get("answer", ""),
        accepted=lines(form.get("accepted", "")),
        wrong=tuple(form.getlist("wrong")),
        sentence=form.get("sentence", ""),
        type=form.get("type", ""),
    )
    added = add_by_hand(session, article, draft)
    if added.error:
        state = _question_form(form, question_error=added.error)
        return _article_page(session, article, status=422, **state)
    if is_htmx():
        return _article_page(session, article, **_question_form(added_id=added.item.id))
    page = url_for("articles.show", article_id=article.id, added=added.item.id, _anchor="add-question")
    return redirect(page, 303)


# ---------------------------------------------------------------- importing a file


def _uploaded_text() -> tuple[str, str | None]:
    """The text to import and where it came from: the chosen file, else the pasted text."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        name = one_line(Path(upload.filename).name)
        if name.lower().endswith((".apkg", ".colpkg")):
            raise imports.ImportProblem(ANKI_PACKAGE)
        if not name.lower().endswith(imports.EXTENSIONS):
            raise imports.ImportProblem(f"{name}: choose a .csv, .tsv or .txt file of questions.")
        return imports.decode(upload.read(), name), name
    text = request.form.get("text", "")
    if not text.strip():
        raise imports.ImportProblem("Choose a file, or paste the questions, first.")
    return text, None


def _imported_message(done: imports.Imported) -> None:
    """Flash what the import did, and what it left out."""
    title = done.article.title
    if done.same_file:
        flash(f"This file was imported as “{title}” already; nothing changed.", "info")
    elif done.added == 0:
        flash(f"Every question of the file is in “{title}” already; nothing changed.", "info")
    else:
        count = done.added
        flash(f"Imported {count} question{'' if count == 1 else 's'} into “{title}”.", "success")
        if done.already:
            flash(f"{done.already} of the file’s questions were here already: not added again.", "info")
    sheet = done.sheet
    if sheet.repeated:
        flash(f"Left out as repeats of an earlier line: line {_numbers(sheet.repeated)}.", "info")
    if sheet.comments:
        flash(f"Read as comments (they start with #): line {_numbers(sheet.comments)}.", "info")
    if sheet.ignored:
        flash(f"Columns not read: {', '.join(sheet.ignored)}.", "info")


def _numbers(lines_: list[int], most: int = 10) -> str:
    shown = ", ".join(map(str, lines_[:most]))
    return shown + (f" and {len(lines_) - most} more" if len(lines_) > most else "")


@bp.post("/import")
@teacher_required
def import_new():
    """Import a file's questions into a new article of their own, titled as the form says (else by the
    file), and show that article; nothing is stored when any line has a problem, and the Articles page
    lists every problem with its line, the pasted text kept."""
    session = request_session()
    try:
        text, source = _uploaded_text()
        done = imports.import_questions(session, text, source=source, title=request.form.get("title", ""))
    except imports.ImportProblem as problem:
        state = {"import_problem": problem, "import_form": request.form}
        return _list_page(session, status=422, source="import", **state)
    _imported_message(done)
    return redirect(url_for("articles.show", article_id=done.article.id), 303)


@bp.post("/<id:article_id>/import")
@teacher_required
def import_into(article_id: int):
    """Import a file's questions into this article (those it has already are not added again)."""
    session = request_session()
    article = get_or_404(session, Article, article_id)
    try:
        text, source = _uploaded_text()
        done = imports.import_questions(session, text, source=source, article=article)
    except imports.ImportProblem as problem:
        state = _question_form(import_problem=problem, import_form=request.form)
        return _article_page(session, article, status=422, **state)
    _imported_message(done)
    return redirect(url_for("articles.show", article_id=article.id, _anchor="items-title"), 303)


# ---------------------------------------------------------------- deleting


@bp.get("/<id:article_id>/delete")
@teacher_required
def confirm_delete(article_id: int):
    """What deleting the article takes with it, and the button that does it."""
    session = request_session()
    article = get_or_404(session, Article, article_id)
    return render("articles/delete.html", gone=deletion.consequences(session, article))


@bp.post("/<id:article_id>/delete")
@teacher_required
def delete(article_id: int):
    """Delete the article the confirmation page showed: the form names it by its content hash too, as
    SQLite gives a deleted article's id to the next one made, which a second click must not delete."""
    session = request_session()
    article = session.get(Article, article_id)
    if article is None or request.form.get("content_hash") != article.content_hash:
        flash("That article is not here any more: it was deleted already.", "info")
        return redirect(url_for("articles.index"), 303)
    gone = deletion.delete_article(session, article)
    count = gone.items
    flash(f"Deleted “{article.title}” and its {count} question{'' if count == 1 else 's'}.", "success")
    return redirect(url_for("articles.index"), 303)
