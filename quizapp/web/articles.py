"""Articles: the list with item counts, adding (paste, upload, URL) and following an article being made, an
article's text with its facts highlighted, and editing, suspending or flagging its items. The work is
quizapp.library's; these views read the request and pick the page or the htmx fragment."""

from flask import Blueprint, abort, current_app, flash, g, make_response, redirect, request, url_for

from quizapp import article_jobs, exams, library
from quizapp.db import request_session
from quizapp.ingest import IngestError
from quizapp.models import Article, Item
from quizapp.web.common import get_or_404, may_edit_articles, parse_id, teacher_required
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("articles", __name__, url_prefix="/articles")

SOURCES = ("paste", "upload", "url")
JOB_REFRESH_SECONDS = 2  # the page's own reload without JavaScript; htmx asks every second


# ---------------------------------------------------------------- list and add


def _list_page(session, *, status=200, error=None, form=None, source="paste", **extra):
    """The articles page: adding an article, and the library a page at a time, newest first, optionally
    only the articles whose title contains `q`. For htmx paging or searching, the list alone. `extra`: more
    for the template (an import's problems, see web.article_changes)."""
    listing = library.article_list(
        session,
        g.learner_id,
        query=request.args.get("q", "").strip()[:200],
        page=request.args.get("page", 1, type=int),
    )
    if is_htmx() and request.method == "GET" and {"page", "q"} & request.args.keys():
        return render("articles/list.html", block="article_list", **vars(listing))
    can_edit = may_edit_articles(session)
    return render(
        "articles/list.html",
        status=status,
        error=error,
        form=form or {},
        source=source,
        can_edit=can_edit,
        being_added=library.being_added(session) if can_edit else [],
        **vars(listing),  # the template reads the page's fields by name
        **extra,
    )


@bp.get("")
def index():
    session = request_session()
    return _list_page(session)


@bp.post("")
@teacher_required
def add():
    """Queue the article and answer at once with the page that follows it (generating takes up to a
    minute for a long one); a second submit of the same text follows the same job."""
    source = request.form.get("source", "paste")
    if source not in SOURCES:
        source = "paste"
    session = request_session()
    upload = request.files.get("file") if source == "upload" else None
    try:
        queued = library.add(
            session,
            source,
            text=request.form.get("text", ""),
            url=request.form.get("url", ""),
            filename=upload.filename if upload else None,
            data=upload.read() if upload and upload.filename else None,
            max_chars=current_app.config["MAX_ARTICLE_CHARS"],
        )
    except IngestError as error:
        return _list_page(session, status=422, error=str(error), form=request.form, source=source)
    if isinstance(queued, Article):
        flash("This article was already here; nothing changed.", "info")
        return redirect(url_for("articles.show", article_id=queued.id), 303)
    runner = current_app.extensions.get(article_jobs.RUNNER_KEY)
    if runner is not None:
        runner.wake()
    return redirect(url_for("articles.job", job_id=queued.id), 303)


@bp.get("/jobs/<id:job_id>")
@teacher_required
def job(job_id: int):
    """An article being made: its progress until it is ready, then the article itself (a redirect; with
    htmx, HX-Redirect), or why it failed with the text kept. The page polls with htmx, and reloads itself
    every few seconds without JavaScript."""
    session = request_session()
    progress = library.job_progress(session, job_id)
    if progress is None:
        abort(404)
    if progress.article is not None:
        if progress.job.new_article:
            count = progress.questions
            title = progress.article.title
            flash(f"Added “{title}” with {count} question{'' if count == 1 else 's'}.", "success")
        else:
            flash("This article was already here; nothing changed.", "info")
        location = url_for("articles.show", article_id=progress.article.id)
        if is_htmx():
            response = make_response("", 200)
            response.headers["HX-Redirect"] = location
            return response
        return redirect(location, 303)
    return render(
        "articles/job.html",
        block="job",
        job=progress.job,
        ahead=progress.ahead,
        refresh=JOB_REFRESH_SECONDS,
    )


# ---------------------------------------------------------------- one article and its items


def _article_page(
    session, article: Article, *, editing_id=None, error=None, status=200, form=None, item_type=None, **extra
):
    """The article page; `extra`: more for the template (the add-a-question form, see
    web.article_changes)."""
    page = library.article_page(session, article, item_type)
    return render(
        "articles/show.html",
        status=status,
        editing_id=editing_id,
        error=error,
        form=form or {},
        can_edit=may_edit_articles(session),
        exam=exams.exam_of(session, g.learner_id, article.id),
        exam_form=extra.pop("exam_form", {}),
        **vars(page),  # article, items, active_count, paras, type_counts, item_type
        **extra,
    )


@bp.post("/<id:article_id>/exam")
def exam(article_id: int):
    """Set, change or clear the learner's own exam date for the article (any learner, for themselves)."""
    session = request_session()
    article = get_or_404(session, Article, article_id)
    try:
        if request.form.get("action") == "clear":
            cleared = exams.clear_exam(session, g.learner_id, article.id)
            message = "Exam date cleared: the everyday schedule again." if cleared else "No exam date is set."
        else:
            day = exams.set_exam(session, g.learner_id, article.id, request.form.get("exam_on", "")).exam_on
            message = f"Exam date set: {day.strftime('%A %B %-d, %Y')}."
    except exams.ExamError as error:
        if is_htmx():
            return _exam_block(session, article, status=422, exam_error=str(error), exam_form=request.form)
        return _article_page(session, article, status=422, exam_error=str(error), exam_form=request.form)
    if is_htmx():
        return _exam_block(session, article, exam_notice=message)
    flash(message, "success")
    return redirect(url_for("articles.show", article_id=article.id, _anchor="exam"), 303)


def _exam_block(session, article: Article, *, status=200, exam_form=None, **extra):
    return render(
        "articles/show.html",
        block="exam",
        status=status,
        article=article,
        exam=exams.exam_of(session, g.learner_id, article.id),
        exam_form=exam_form or {},
        **extra,
    )


@bp.get("/<id:article_id>")
def show(article_id: int):
    """The article; `added` names a question just written by hand, to confirm on its form."""
    session = request_session()
    article = get_or_404(session, Article, article_id)
    added = parse_id(request.args.get("added"))
    return _article_page(session, article, item_type=request.args.get("type"), added_id=added)


def _item_response(session, item: Item, *, editing=False, error=None, form=None, status=200):
    """The item's row for htmx, else the article page (with the row in edit mode when editing)."""
    article = get_or_404(session, Article, item.article_id)
    if is_htmx():
        return render(
            "articles/show.html",
            block="item",
            status=status,
            item=item,
            article=article,
            editing_id=item.id if editing else None,
            error=error,
            form=form or {},
            can_edit=may_edit_articles(session),
        )
    if editing:
        return _article_page(session, article, editing_id=item.id, error=error, status=status, form=form)
    return redirect(url_for("articles.show", article_id=article.id, _anchor=f"item-{item.id}"), 303)


@bp.get("/items/<id:item_id>/edit")
@teacher_required
def edit_item(item_id: int):
    session = request_session()
    return _item_response(session, get_or_404(session, Item, item_id), editing=True)


@bp.get("/items/<id:item_id>")
def item_row(item_id: int):
    """The item's row (Cancel of an edit)."""
    session = request_session()
    item = get_or_404(session, Item, item_id)
    if is_htmx():
        return _item_response(session, item)
    return redirect(url_for("articles.show", article_id=item.article_id, _anchor=f"item-{item.id}"))


@bp.post("/items/<id:item_id>/edit")
@teacher_required
def save_item(item_id: int):
    form = request.form
    session = request_session()
    edit = library.edit_item(
        session,
        get_or_404(session, Item, item_id),
        question=form.get("question", ""),
        answer=form.get("answer", ""),
        accepted=form.get("accepted", ""),
        choices=form.get("choices", ""),
    )
    if edit.error:
        return _item_response(session, edit.item, editing=True, error=edit.error, form=form, status=422)
    return _item_response(session, edit.item)


@bp.post("/items/<id:item_id>/suspend")
@teacher_required
def suspend_item(item_id: int):
    session = request_session()
    item = library.toggle_suspended(session, get_or_404(session, Item, item_id))
    return _item_response(session, item)


@bp.post("/items/<id:item_id>/flag")
@teacher_required
def flag_item(item_id: int):
    session = request_session()
    item = library.toggle_flagged(session, get_or_404(session, Item, item_id))
    return _item_response(session, item)
