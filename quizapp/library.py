"""The library without Flask: the articles a page at a time, one article with its items and its text
highlighted, an article being added, and a teacher's changes to an item (edit, suspend, flag), in the
caller's transaction (the caller commits; a web request's is committed by db.end_unit_of_work). Each page's
data is one dataclass; quizapp/web/articles.py parses the request, calls these and picks the template or
the htmx fragment."""

import math
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from quizapp import article_jobs, stats
from quizapp.ingest import IngestError, check_text, decode, format_for
from quizapp.models import Article, ArticleJob, Item, ItemStatus, JobStatus

ARTICLES_PER_PAGE = 50
MAX_URL_CHARS = 2000  # ArticleJob.url
MAX_QUESTION_CHARS = 500
MAX_ANSWER_CHARS = 200


# ---------------------------------------------------------------- the list


@dataclass(frozen=True)
class ArticleList:
    """One page of the library, newest first, of the articles whose title contains `q` (all when empty)."""

    rows: list[stats.ArticleRow]
    matching: int  # articles whose title contains q
    total: int  # articles in the library
    page: int  # 1-based, within 1..pages
    pages: int
    q: str


def article_list(session: Session, learner_id: int, *, query: str = "", page: int = 1) -> ArticleList:
    """The page asked for, or the nearest there is (a page past the last shows the last)."""
    matching = stats.count_articles(session, query)
    pages = max(math.ceil(matching / ARTICLES_PER_PAGE), 1)
    page = min(max(page, 1), pages)
    rows = stats.article_mastery(
        session,
        learner_id,
        limit=ARTICLES_PER_PAGE,
        offset=(page - 1) * ARTICLES_PER_PAGE,
        title_contains=query,
    )
    total = stats.count_articles(session) if query else matching
    return ArticleList(rows=rows, matching=matching, total=total, page=page, pages=pages, q=query)


def being_added(session: Session, most: int = 20) -> list[ArticleJob]:
    """The articles waiting to be made or being made, oldest first."""
    waiting = col(ArticleJob.status).in_([JobStatus.PENDING, JobStatus.RUNNING])
    return session.exec(select(ArticleJob).where(waiting).order_by(col(ArticleJob.id)).limit(most)).all()


# ---------------------------------------------------------------- adding


def add(
    session: Session,
    source: str,
    *,
    text: str = "",
    url: str = "",
    filename: str | None = None,
    data: bytes | None = None,
    max_chars: int,
) -> Article | ArticleJob:
    """Queue an article: pasted `text`, an uploaded file (`filename` and its `data`) or a `url`, as `source`
    says. Returns the job that will make it, or the stored article when the text is already one; raises
    IngestError for what can be told at once (the rest, fetching and finding facts, is the job's). The job
    is committed here, the one write that does not wait for the caller (article_jobs.submit): the runner
    woken next must find it."""
    if source == "upload":
        if not filename or data is None:
            raise IngestError("Choose a .txt, .md or .html file to upload.")
        fmt = format_for(filename)  # an unsupported type is named before the text is read
        fields = {"text": check_text(decode(data, filename), max_chars), "fmt": fmt, "source": filename}
    elif source == "url":
        url = url.strip()
        if not url:
            raise IngestError("Enter the address of the article.")
        if len(url) > MAX_URL_CHARS:
            raise IngestError(f"That address is too long (the limit is {MAX_URL_CHARS:,} characters).")
        fields = {"url": url, "fmt": "html", "source": url}
    else:
        if not text.strip():
            raise IngestError("Paste the text of an article first.")
        fields = {"text": check_text(text, max_chars), "fmt": "text", "source": None}
    return article_jobs.submit(session, **fields)


@dataclass(frozen=True)
class JobProgress:
    """An article being added: its job, and once it is done the article (and how many questions it got)."""

    job: ArticleJob
    article: Article | None  # when the job is done and the article is still there
    questions: int  # the article's items, when done
    ahead: int  # jobs waiting before this one, when it waits


def job_progress(session: Session, job_id: int) -> JobProgress | None:
    job = session.get(ArticleJob, job_id)
    if job is None:
        return None
    article = session.get(Article, job.article_id) if job.article_id else None
    if job.status == JobStatus.DONE and article is not None:
        questions = session.exec(select(func.count()).where(Item.article_id == article.id)).one()
        return JobProgress(job, article, questions, ahead=0)
    ahead = 0
    if job.status == JobStatus.PENDING:
        earlier = (ArticleJob.status == JobStatus.PENDING) & (col(ArticleJob.id) < job.id)
        ahead = session.exec(select(func.count()).select_from(ArticleJob).where(earlier)).one()
    return JobProgress(job, None, 0, ahead)


# ---------------------------------------------------------------- one article


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


@dataclass(frozen=True)
class ArticlePage:
    """An article, its items in the order of its text (those of one type, when the reader picked one), how
    many it has of each type, and the text with the active items' answers marked."""

    article: Article
    items: list[Item]
    active_count: int
    paras: list[list[Segment]]
    type_counts: dict[str, int]  # every item of the article, by type, in the order types first appear
    item_type: str | None = None  # the type shown, or None: all of them


def article_page(session: Session, article: Article, item_type: str | None = None) -> ArticlePage:
    """The article's page; `item_type` one of its items' types lists those alone (any other: all)."""
    items = session.exec(
        select(Item).where(Item.article_id == article.id).order_by(col(Item.sentence_start), col(Item.id))
    ).all()
    active = [item for item in items if item.status == ItemStatus.ACTIVE]
    type_counts: dict[str, int] = {}
    for item in items:
        type_counts[item.type] = type_counts.get(item.type, 0) + 1
    if item_type not in type_counts:
        item_type = None
    shown = [item for item in items if item.type == item_type] if item_type else list(items)
    return ArticlePage(article, shown, len(active), paragraphs(article.text, active), type_counts, item_type)


# ---------------------------------------------------------------- a teacher's changes to an item


@dataclass(frozen=True)
class ItemEdit:
    """The outcome of an edit: the item (changed and stored, or as it was) and, when the edit was refused,
    why, in words for the teacher (nothing was stored then)."""

    item: Item
    error: str | None = None


def _lines(value: str) -> list[str]:
    """The lines of a textarea, trimmed, without blanks or repeats."""
    seen: list[str] = []
    for line in value.splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    return seen


def edit_item(
    session: Session, item: Item, *, question: str, answer: str, accepted: str, choices: str
) -> ItemEdit:
    """Store a teacher's version of the item, as typed in the edit form (`accepted` and `choices` one per
    line); the answer is always accepted, and among the choices when there are any. The caller commits."""
    question = " ".join(question.split())
    answer = " ".join(answer.split())
    accepted_lines, choice_lines = _lines(accepted), _lines(choices)
    if not question:
        return ItemEdit(item, "The question cannot be empty.")
    if not answer:
        return ItemEdit(item, "The answer cannot be empty.")
    if len(question) > MAX_QUESTION_CHARS or len(answer) > MAX_ANSWER_CHARS:
        limits = f"the question under {MAX_QUESTION_CHARS} and the answer under {MAX_ANSWER_CHARS}"
        return ItemEdit(item, f"Keep {limits} characters.")
    if choice_lines and len(choice_lines) < 2:
        return ItemEdit(item, "Give at least two choices (one per line), or none for a typed-only question.")
    if choice_lines and answer not in choice_lines:
        choice_lines = [answer, *choice_lines[:3]]
    if answer not in accepted_lines:
        accepted_lines = [answer, *accepted_lines]
    item.question, item.answer, item.accepted, item.choices = question, answer, accepted_lines, choice_lines
    item.edited = True
    session.add(item)
    return ItemEdit(item)


def toggle_suspended(session: Session, item: Item) -> Item:
    """Suspend an active item (no learner is asked it any more), or bring a suspended one back."""
    item.status = ItemStatus.ACTIVE if item.status == ItemStatus.SUSPENDED else ItemStatus.SUSPENDED
    session.add(item)
    return item


def toggle_flagged(session: Session, item: Item) -> Item:
    """Flag an item as bad (for the teacher to look at again), or take the flag off."""
    item.flagged = not item.flagged
    session.add(item)
    return item
