"""Articles: the list with item counts, adding (paste, upload, URL) and following an article being made, an
article's text with its facts highlighted, and editing, suspending or flagging its items."""

import math
from dataclasses import dataclass

from flask import Blueprint, current_app, flash, make_response, redirect, request, url_for
from sqlmodel import col, func, select

from quizapp import article_jobs, stats
from quizapp.db import get_session
from quizapp.ingest import IngestError, check_text, decode, format_for
from quizapp.models import Article, ArticleJob, Item, ItemStatus, JobStatus
from quizapp.web.common import get_or_404, learner_id, may_edit_articles, teacher_required
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("articles", __name__, url_prefix="/articles")

SOURCES = ("paste", "upload", "url")
MAX_URL_CHARS = 2000  # ArticleJob.url


# ---------------------------------------------------------------- highlighting


@dataclass(frozen=True)
class Segment:
    text: str
    item_id: int | None = None  # set on a highlighted fact
    title: str | None = None


def paragraphs(text: str, items: list[Item]) -> list[list[Segment]]:
    """The article text as paragraphs of segments, the answers of its items marked. Plain strings only:
    the template escapes every one of them."""
    spans = sorted(
        (
            (item.answer_start, item.answer_end, item)
            for item in items
            if item.answer_start is not None
            and item.answer_end is not None
            and 0 <= item.answer_start < item.answer_end <= len(text)
        ),
        key=lambda span: span[:2],  # several items may share one answer span
    )
    marks: list[tuple[int, int, Item]] = []
    for start, end, item in spans:
        if marks and start < marks[-1][1]:
            continue  # overlaps the previous mark
        marks.append((start, end, item))
    segments: list[Segment] = []
    cursor = 0
    for start, end, item in marks:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], item.id, item.question))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    # Split into paragraphs at line breaks, keeping marks whole.
    result: list[list[Segment]] = [[]]
    for segment in segments:
        if segment.item_id is not None:
            result[-1].append(segment)
            continue
        lines = segment.text.split("\n")
        for index, line in enumerate(lines):
            if index:
                result.append([])
            if line:
                result[-1].append(Segment(line))
    return [para for para in result if any(s.text.strip() for s in para)]


# ---------------------------------------------------------------- list and add


ARTICLES_PER_PAGE = 50


def _list_page(session, *, status=200, error=None, form=None, source="paste"):
    """The articles page: adding an article, and the library a page at a time, newest first, optionally
    only the articles whose title contains `q`. For htmx paging or searching, the list alone."""
    query = request.args.get("q", "").strip()[:200]
    matching = stats.count_articles(session, query)
    pages = max(math.ceil(matching / ARTICLES_PER_PAGE), 1)
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    rows = stats.article_mastery(
        session,
        learner_id(session),
        limit=ARTICLES_PER_PAGE,
        offset=(page - 1) * ARTICLES_PER_PAGE,
        title_contains=query,
    )
    listing = {
        "rows": rows,
        "matching": matching,
        "total": stats.count_articles(session) if query else matching,
        "page": page,
        "pages": pages,
        "q": query,
    }
    if is_htmx() and request.method == "GET" and {"page", "q"} & request.args.keys():
        return render("articles/list.html", block="article_list", **listing)
    can_edit = may_edit_articles(session)
    return render(
        "articles/list.html",
        status=status,
        error=error,
        form=form or {},
        source=source,
        can_edit=can_edit,
        being_added=_unfinished_jobs(session) if can_edit else [],
        **listing,
    )


def _unfinished_jobs(session) -> list[ArticleJob]:
    waiting = col(ArticleJob.status).in_([JobStatus.PENDING, JobStatus.RUNNING])
    return session.exec(select(ArticleJob).where(waiting).order_by(col(ArticleJob.id)).limit(20)).all()


@bp.get("")
def index():
    with get_session() as session:
        return _list_page(session)


def _submitted() -> dict:
    """What is being added, as ArticleJob fields (text or url, fmt, source), or IngestError for what can be
    told at once; the rest (fetching, finding facts) is the job's."""
    source = request.form.get("source", "paste")
    max_chars = current_app.config["MAX_ARTICLE_CHARS"]
    if source == "upload":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise IngestError("Choose a .txt, .md or .html file to upload.")
        fmt = format_for(upload.filename)
        text = check_text(decode(upload.read(), upload.filename), max_chars)
        return {"text": text, "fmt": fmt, "source": upload.filename}
    if source == "url":
        url = request.form.get("url", "").strip()
        if not url:
            raise IngestError("Enter the address of the article.")
        if len(url) > MAX_URL_CHARS:
            raise IngestError(f"That address is too long (the limit is {MAX_URL_CHARS:,} characters).")
        return {"url": url, "fmt": "html", "source": url}
    text = request.form.get("text", "")
    if not text.strip():
        raise IngestError("Paste the text of an article first.")
    return {"text": check_text(text, max_chars), "fmt": "text", "source": None}


@bp.post("")
@teacher_required
def add():
    """Queue the article and answer at once with the page that follows it (generating takes up to a
    minute for a long one); a second submit of the same text follows the same job."""
    source = request.form.get("source", "paste")
    if source not in SOURCES:
        source = "paste"
    with get_session() as session:
        try:
            queued = article_jobs.submit(session, **_submitted())
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
    with get_session() as session:
        job = get_or_404(session, ArticleJob, job_id)
        article = session.get(Article, job.article_id) if job.article_id else None
        if job.status == JobStatus.DONE and article is not None:
            if job.new_article:
                count = session.exec(select(func.count()).where(Item.article_id == article.id)).one()
                flash(f"Added “{article.title}” with {count} question{'' if count == 1 else 's'}.", "success")
            else:
                flash("This article was already here; nothing changed.", "info")
            location = url_for("articles.show", article_id=article.id)
            if is_htmx():
                response = make_response("", 200)
                response.headers["HX-Redirect"] = location
                return response
            return redirect(location, 303)
        ahead = 0
        if job.status == JobStatus.PENDING:
            earlier = (ArticleJob.status == JobStatus.PENDING) & (col(ArticleJob.id) < job.id)
            ahead = session.exec(select(func.count()).select_from(ArticleJob).where(earlier)).one()
        return render("articles/job.html", block="job", job=job, ahead=ahead, refresh=JOB_REFRESH_SECONDS)


JOB_REFRESH_SECONDS = 2  # the page's own reload without JavaScript; htmx asks every second


# ---------------------------------------------------------------- one article and its items


def _items_of(session, article_id: int) -> list[Item]:
    return session.exec(
        select(Item).where(Item.article_id == article_id).order_by(col(Item.sentence_start), col(Item.id))
    ).all()


def _article_page(session, article: Article, *, editing_id=None, error=None, status=200, form=None):
    items = _items_of(session, article.id)
    active = [i for i in items if i.status == ItemStatus.ACTIVE]
    return render(
        "articles/show.html",
        status=status,
        article=article,
        items=items,
        active_count=len(active),
        paras=paragraphs(article.text, active),
        editing_id=editing_id,
        error=error,
        form=form or {},
        label=stats.type_label,
        can_edit=may_edit_articles(session),
    )


@bp.get("/<id:article_id>")
def show(article_id: int):
    with get_session() as session:
        return _article_page(session, get_or_404(session, Article, article_id))


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
            label=stats.type_label,
            can_edit=may_edit_articles(session),
        )
    if editing:
        return _article_page(session, article, editing_id=item.id, error=error, status=status, form=form)
    return redirect(url_for("articles.show", article_id=article.id, _anchor=f"item-{item.id}"), 303)


@bp.get("/items/<id:item_id>/edit")
@teacher_required
def edit_item(item_id: int):
    with get_session() as session:
        return _item_response(session, get_or_404(session, Item, item_id), editing=True)


@bp.get("/items/<id:item_id>")
def item_row(item_id: int):
    """The item's row (Cancel of an edit)."""
    with get_session() as session:
        item = get_or_404(session, Item, item_id)
        if is_htmx():
            return _item_response(session, item)
        return redirect(url_for("articles.show", article_id=item.article_id, _anchor=f"item-{item.id}"))


def _lines(value: str) -> list[str]:
    seen: list[str] = []
    for line in value.splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    return seen


@bp.post("/items/<id:item_id>/edit")
@teacher_required
def save_item(item_id: int):
    form = request.form
    with get_session() as session:
        item = get_or_404(session, Item, item_id)
        question = " ".join(form.get("question", "").split())
        answer = " ".join(form.get("answer", "").split())
        accepted = _lines(form.get("accepted", ""))
        choices = _lines(form.get("choices", ""))
        error = None
        if not question:
            error = "The question cannot be empty."
        elif not answer:
            error = "The answer cannot be empty."
        elif len(question) > 500 or len(answer) > 200:
            error = "Keep the question under 500 and the answer under 200 characters."
        elif choices and len(choices) < 2:
            error = "Give at least two choices (one per line), or none for a typed-only question."
        if error:
            return _item_response(session, item, editing=True, error=error, form=form, status=422)
        if choices and answer not in choices:
            choices = [answer, *choices[:3]]
        if answer not in accepted:
            accepted = [answer, *accepted]
        item.question, item.answer, item.accepted, item.choices = question, answer, accepted, choices
        item.edited = True
        session.add(item)
        return _item_response(session, item)


@bp.post("/items/<id:item_id>/suspend")
@teacher_required
def suspend_item(item_id: int):
    with get_session() as session:
        item = get_or_404(session, Item, item_id)
        item.status = ItemStatus.ACTIVE if item.status == ItemStatus.SUSPENDED else ItemStatus.SUSPENDED
        session.add(item)
        return _item_response(session, item)


@bp.post("/items/<id:item_id>/flag")
@teacher_required
def flag_item(item_id: int):
    with get_session() as session:
        item = get_or_404(session, Item, item_id)
        item.flagged = not item.flagged
        session.add(item)
        return _item_response(session, item)
