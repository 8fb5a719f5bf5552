"""Getting articles in: read a file, upload or URL, check it, generate its items, store article, items and
cards in one transaction. Re-ingesting the same text changes nothing."""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quizapp import fetch
from quizapp.models import IMPORTED, Article, Item, ItemStatus
from quizapp.scheduling import ensure_cards

# The checks before any database live in quizapp.sources; the web and the job runner name them as ingest's.
from quizapp.sources import IngestError, check_text, decode, expand, format_for, read_path  # noqa: F401

if TYPE_CHECKING:  # the generator (and spaCy behind it) is imported only when an article is made
    from quizapp.generator import Item as GeneratedItem

# Answers from other articles offered to the generator as wrong choices, per item type.
POOL_PER_TYPE = 300


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool  # False: the same text was already stored
    items_added: int


def content_hash(raw: str) -> str:
    return hashlib.sha256(" ".join(raw.split()).encode()).hexdigest()


def fetch_url(url: str) -> str:
    """The HTML of a public web page (for 'add by URL'), fetched by quizapp.fetch, which refuses addresses
    inside the network; trafilatura only decodes it here (and extracts the article later)."""
    if not url.lower().startswith(("http://", "https://")):
        raise IngestError("The address must start with http:// or https://.")
    from trafilatura.utils import decode_file

    try:
        body = fetch.fetch_page(url)
    except fetch.FetchError as error:
        raise IngestError(str(error)) from None
    if not body.strip():
        raise IngestError("The page at that address is empty.")
    return decode_file(body)


def distractor_pool(session: Session) -> dict[str, list[str]]:
    """Recent answers per item type across stored articles, for wrong choices of the same kind."""
    pool: dict[str, dict[str, None]] = {}  # insertion-ordered sets: newest answers first, no repeats
    # Not imported questions' answers: a vocabulary list's definitions are no wrong answers to the news.
    generated = ~col(Item.fact_key).startswith(IMPORTED)
    rows = session.exec(
        select(Item.type, Item.answer).where(generated).order_by(col(Item.id).desc()).limit(POOL_PER_TYPE * 8)
    )
    for item_type, answer in rows:
        answers = pool.setdefault(item_type, {})
        if len(answers) < POOL_PER_TYPE:
            answers[answer] = None
    return {item_type: list(answers) for item_type, answers in pool.items()}


def stored_article(session: Session, digest: str) -> Article | None:
    return session.exec(select(Article).where(Article.content_hash == digest)).first()


def generate_here(raw: str, fmt: str, pool: dict[str, list[str]]):
    """The generator in this process (the CLI's ingest; the web app's job runner uses a child process)."""
    from quizapp.generator import generate

    return generate(raw, fmt=fmt, distractor_pool=pool)


def ingest_text(
    session: Session,
    raw: str,
    *,
    fmt: str = "text",
    source: str | None = None,
    max_chars: int = 200_000,
    generate=generate_here,
) -> IngestResult:
    """Store an article with its items and a card per learner. Raises IngestError when it has nothing to
    ask about; nothing is stored then. `generate(raw, fmt, pool)` makes the items."""
    check_text(raw, max_chars)
    digest = content_hash(raw)
    existing = stored_article(session, digest)
    if existing is not None:
        return IngestResult(existing, created=False, items_added=0)

    pool = distractor_pool(session)
    session.commit()  # hold no connection (or PostgreSQL transaction) open while the generator works
    generation = generate(raw, fmt, pool)
    if not generation.items:
        raise IngestError(generation.reason or "No facts were found to ask about.")
    article = Article(
        title=generation.title or (source and Path(source).stem) or "Untitled article",
        byline=generation.byline,
        source=source,
        text=generation.text,
        content_hash=digest,
    )
    session.add(article)
    try:
        session.flush()
    except IntegrityError:  # another process stored the same text while this one was generating
        session.rollback()
        if (existing := stored_article(session, digest)) is None:
            raise
        return IngestResult(existing, created=False, items_added=0)
    for generated in generation.items:
        session.add(item_row(article.id, generated))
    session.flush()
    ensure_cards(session, article_id=article.id)  # every learner's; a learner made later gets theirs then
    session.commit()
    session.refresh(article)
    return IngestResult(article, created=True, items_added=len(generation.items))


def item_row(article_id: int, generated: "GeneratedItem") -> Item:
    """The generator's item as a table row."""
    answer_start, answer_end = generated.answer_span or (None, None)
    return Item(
        article_id=article_id,
        type=generated.type,
        question=generated.question,
        answer=generated.answer,
        accepted=list(generated.accepted),
        choices=list(generated.choices),
        sentence=generated.sentence,
        sentence_start=generated.sentence_span[0],
        sentence_end=generated.sentence_span[1],
        answer_start=answer_start,
        answer_end=answer_end,
        fact_key=generated.fact_key,
        score=generated.score,
        status=ItemStatus.ACTIVE,
    )


def ingest_paths(
    session: Session, files: Iterable[Path], max_chars: int = 200_000, generate=generate_here
) -> Iterator[tuple[Path, IngestResult | IngestError]]:
    """Ingest each file, yielding its result or its error; one bad file never stops the others."""
    for path in files:
        try:
            raw, fmt = read_path(path)
            yield (
                path,
                ingest_text(session, raw, fmt=fmt, source=str(path), max_chars=max_chars, generate=generate),
            )
        except IngestError as error:
            session.rollback()
            yield path, error
