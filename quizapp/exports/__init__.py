"""Exports: an article's active questions, or the whole library's, as a file another program takes: Anki
(a package, or tab-separated notes), a spreadsheet (CSV), Moodle (GIFT) or Canvas and other LMSs (QTI 1.2).
Each format's module writes a list of cards.ArticleCards to bytes; `export` picks the articles and names the
file. Reading only: an export writes nothing to the database."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, func, select

from quizapp.exports import apkg, gift, qti, text
from quizapp.exports.cards import ArticleCards, article_cards
from quizapp.models import Article, Item, ItemStatus


@dataclass(frozen=True)
class Format:
    name: str
    label: str  # what the pages call it
    about: str  # what it is for, on the page to choose one
    extension: str
    mimetype: str
    write: Callable[[list[ArticleCards]], bytes]


FORMATS = {
    f.name: f
    for f in (
        Format(
            "apkg",
            "Anki package (.apkg)",
            "Open it in Anki: a deck per article under “QuizApp”. Importing a later export updates the same "
            "notes, and keeps their reviews, instead of adding them again.",
            "apkg",
            "application/octet-stream",
            apkg.write,
        ),
        Format(
            "tsv",
            "Anki notes, tab-separated (.txt)",
            "Anki’s File › Import takes it without asking anything: Basic notes, a deck per article.",
            "txt",
            "text/tab-separated-values",
            text.write_tsv,
        ),
        Format(
            "csv",
            "Spreadsheet (.csv)",
            "Opens in a spreadsheet: question, answer, other accepted answers, wrong choices, source "
            "sentence.",
            "csv",
            "text/csv",
            text.write_csv,
        ),
        Format(
            "gift",
            "Moodle GIFT (.gift.txt)",
            "Moodle: Question bank › Import › GIFT format. A question category per article.",
            "gift.txt",
            "text/plain",
            gift.write,
        ),
        Format(
            "qti",
            "QTI 1.2 for Canvas and other LMSs (.zip)",
            "Canvas: Settings › Import course content › QTI .zip file; other LMSs that take QTI 1.2. "
            "A quiz per article.",
            "zip",
            "application/zip",
            qti.write,
        ),
    )
}
LIBRARY_NAME = "QuizApp library"


class ExportError(Exception):
    """Why there is nothing to export, in words for the learner."""


@dataclass(frozen=True)
class ExportFile:
    filename: str  # a name to save it as, from the article's title
    mimetype: str
    data: bytes
    questions: int


def export(session: Session, article_id: int | None, format_name: str) -> ExportFile:
    """The article's active questions (the library's, when `article_id` is None) in the format named."""
    fmt = FORMATS.get(format_name)
    if fmt is None:
        raise ExportError(f"Choose a format: {', '.join(FORMATS)}.")
    if article_id is None:
        articles = article_cards(session)
        if not articles:
            raise ExportError("There are no active questions to export yet.")
        name = LIBRARY_NAME
    else:
        article = session.get(Article, article_id)
        if article is None:
            raise ExportError(f"There is no article {article_id}.")
        articles = article_cards(session, [article_id])
        if not articles:
            raise ExportError("This article has no active questions to export.")
        name = articles[0].title
    questions = sum(len(article.cards) for article in articles)
    return ExportFile(f"{file_stem(name)}.{fmt.extension}", fmt.mimetype, fmt.write(articles), questions)


def file_stem(title: str, most: int = 80) -> str:
    """A file name of the title that every system accepts: no path separators, control characters or the
    characters Windows refuses, not too long."""
    stem = re.sub(r'[\\/:*?"<>|]+', " ", unicodedata.normalize("NFC", title))
    stem = " ".join("".join(ch for ch in stem if ch.isprintable()).split()).strip(" .")
    return stem[:most].rstrip(" .") or "quizapp-export"


def active_count(session: Session, article_id: int | None) -> int:
    """The questions an export of the article (of the library, when None) holds."""
    query = select(func.count()).select_from(Item).where(Item.status == ItemStatus.ACTIVE)
    if article_id is not None:
        query = query.where(Item.article_id == article_id)
    return session.exec(query).one()
