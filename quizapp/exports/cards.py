"""What every export writes: an article's active items as cards, each with what a format needs (the question,
the answer and what else is accepted, the wrong choices, the choices in a fixed order, the source sentence,
the blank of a fill-in-the-blank question) and an id that stays the same from one export to the next."""

import hashlib
import html
import random
import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from quizapp.generator.cloze import BLANK, PROMPT
from quizapp.models import Article, Item, ItemStatus

# Not allowed in XML 1.0 (QTI) and shown as nothing or garbage elsewhere: C0 controls but tab and newline,
# DEL, lone surrogates and the two non-characters. An article may hold a few control characters (ingest
# refuses only text with many).
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    if text.isprintable():  # most are, and this is the cheap test
        return text
    return UNWRITABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Card:
    guid: str  # the same for the same question of the same article in every export (and every install)
    type: str
    question: str  # as QuizApp asks it ("Fill in the blank: … ____ …" for a blank)
    answer: str
    accepted: list[str]  # other answers accepted when typed (not the answer itself)
    wrong: list[str]  # the wrong choices, in the order stored
    choices: list[str]  # the answer and the wrong choices, in an order fixed per card; empty: typed only
    sentence: str  # the article's sentence it was made of
    cloze: tuple[str, str] | None  # a fill-in-the-blank question's text before and after its blank


@dataclass(frozen=True)
class ArticleCards:
    article_id: int
    title: str
    key: str  # Article.content_hash: the same article has it on every install
    cards: list[Card]


def card_guid(article_key: str, fact_key: str) -> str:
    """The article's text and the fact asked, not database ids: a re-ingested article, or the same one on a
    teacher's and a learner's install, gives the same ids. Letters and digits only, so no format needs to
    escape it."""
    digest = hashlib.sha256(f"quizapp\0{article_key}\0{fact_key}".encode()).hexdigest()
    return f"quizapp-{digest[:20]}"


def stable_id(*parts: str, bits: int = 47) -> int:
    """A positive number from `parts`, the same every time (Anki's deck ids)."""
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") % (1 << bits) + 1


def _unique(values: list[str], skip: set[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        value = clean(value).strip()
        if value and value not in seen and value not in skip:
            seen.append(value)
    return seen


def _cloze(question: str) -> tuple[str, str] | None:
    """The text around the one blank of a fill-in-the-blank question, without the prompt; None for any other
    question (an edit may have taken the blank out, or typed a second one)."""
    if question.count(BLANK) != 1:
        return None
    before, after = question.removeprefix(PROMPT).split(BLANK)
    return before, after


# What a card is made of: the item's columns, read as rows (making Item objects cost more than the cards)
ITEM_COLUMNS = (
    Item.article_id,
    Item.type,
    Item.question,
    Item.answer,
    Item.accepted,
    Item.choices,
    Item.sentence,
    Item.fact_key,
)


def card_of(item, article_key: str) -> Card:
    """The card of an item (an Item, or a row of ITEM_COLUMNS)."""
    answer = clean(item.answer).strip()
    question = clean(item.question).strip()
    wrong = _unique(item.choices, {answer})
    choices = [answer, *wrong] if wrong else []
    guid = card_guid(article_key, item.fact_key)
    # not the answer first (an edited item stores it first); seeded by the guid's number, cheaper than text
    random.Random(int(guid.removeprefix("quizapp-"), 16)).shuffle(choices)
    return Card(
        guid=guid,
        type=item.type,
        question=question,
        answer=answer,
        accepted=_unique(item.accepted, {answer}),
        wrong=wrong,
        choices=choices,
        sentence=clean(item.sentence).strip(),
        cloze=_cloze(question),
    )


def article_cards(session: Session, article_ids: list[int] | None = None) -> list[ArticleCards]:
    """The articles asked for (every one when None), oldest first, each with its active items in the order
    of its text; an article with no active item is left out. Two queries, whatever the library's size."""
    # the titles and keys only: not every article's text
    articles_query = select(Article.id, Article.title, Article.content_hash).order_by(
        col(Article.created_at), col(Article.id)
    )
    items_query = select(*ITEM_COLUMNS).where(Item.status == ItemStatus.ACTIVE)
    if article_ids is not None:
        articles_query = articles_query.where(col(Article.id).in_(article_ids))
        items_query = items_query.where(col(Item.article_id).in_(article_ids))
    items_of: dict[int, list] = {}
    for item in session.exec(items_query.order_by(col(Item.sentence_start), col(Item.id))):
        items_of.setdefault(item.article_id, []).append(item)
    result = []
    for article_id, title, key in session.exec(articles_query):
        items = items_of.get(article_id)
        if items:
            title = " ".join(clean(title).split()) or f"Article {article_id}"
            result.append(ArticleCards(article_id, title, key, [card_of(item, key) for item in items]))
    return result


def html_of(text: str) -> str:
    """Text as an HTML field shows it (Anki's fields are HTML): escaped, its line breaks kept, and braces
    written as character references so that no text can open a cloze deletion ("{{c1::…}}")."""
    escaped = html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\t", "&#9;").replace("\n", "<br>")


def choices_html(card: Card) -> str:
    return "".join(f"<li>{html_of(choice)}</li>" for choice in card.choices)
