"""Deleting an article: its items go, with every learner's cards of them and the reviews logged for those
cards, in the caller's transaction (the caller commits). Quizzes that asked them stay in each learner's
history with their scores: an answer keeps the question's text, marked deleted; a quiz still under way
drops its unanswered questions that went (and is finished when none is left to answer). The Scores page's
daily tallies (quizapp.tallies) keep the reviews already made: they were studied, whatever came of the
article. Adding the same text again afterwards makes a new article."""

from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from quizapp import item_tallies
from quizapp.models import (
    Article,
    ArticleJob,
    CardState,
    Item,
    QuizAnswer,
    QuizSession,
    ReviewLog,
    utcnow,
)


@dataclass(frozen=True)
class Consequences:
    """What deleting the article takes with it, and what stays, for the confirmation page."""

    article: Article
    items: int
    cards: int
    learners: int  # learners with a card of its items
    reviews: int
    quizzes: int  # quizzes that asked one of its questions: they stay, with their scores


def _items_of(article_id: int):
    return select(Item.id).where(Item.article_id == article_id)


def consequences(session: Session, article: Article) -> Consequences:
    items = _items_of(article.id)
    cards, learners = session.exec(
        select(func.count(), func.count(func.distinct(CardState.learner_id))).where(
            col(CardState.item_id).in_(items)
        )
    ).one()
    asked = select(func.count(func.distinct(QuizAnswer.quiz_id))).where(col(QuizAnswer.item_id).in_(items))
    return Consequences(
        article=article,
        items=session.exec(select(func.count()).where(Item.article_id == article.id)).one(),
        cards=cards,
        learners=learners,
        reviews=session.exec(select(func.count()).where(col(ReviewLog.item_id).in_(items))).one(),
        quizzes=session.exec(asked).one(),
    )


def delete_article(session: Session, article: Article) -> Consequences:
    """Delete the article and what goes with it; returns what went."""
    gone = consequences(session, article)
    items = _items_of(article.id)
    item_ids = set(session.exec(items).all())
    _shorten_quizzes_under_way(session, item_ids)
    # The answers stay in their quizzes' scores, with the question they answered.
    question = select(Item.question).where(Item.id == QuizAnswer.item_id).scalar_subquery()
    session.exec(
        update(QuizAnswer)
        .where(col(QuizAnswer.item_id).in_(items))
        .values(deleted_question=question, item_id=None)
        .execution_options(synchronize_session=False)
    )
    session.exec(
        update(QuizSession)
        .where(QuizSession.article_id == article.id)
        .values(article_id=None, deleted_article=article.title)
        .execution_options(synchronize_session=False)
    )
    session.exec(update(ArticleJob).where(ArticleJob.article_id == article.id).values(article_id=None))
    # Children first: the database's own cascades would do it too, but these say so and cost one pass each.
    session.exec(delete(ReviewLog).where(col(ReviewLog.item_id).in_(items)))
    session.exec(delete(CardState).where(col(CardState.item_id).in_(items)))
    item_tallies.delete_of_items(session, items)
    session.exec(delete(Item).where(Item.article_id == article.id))
    session.exec(delete(Article).where(Article.id == article.id))
    session.expunge(article)
    return gone


def _shorten_quizzes_under_way(session: Session, item_ids: set[int]) -> None:
    """Take the deleted items out of the unfinished quizzes that would still ask them. Answered questions
    keep their place in the order; the answers after a dropped question move up with theirs."""
    if not item_ids:
        return
    unfinished = session.exec(select(QuizSession).where(col(QuizSession.finished_at).is_(None))).all()
    for quiz in unfinished:
        if not item_ids & set(quiz.item_ids):
            continue
        answers = session.exec(
            select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id).order_by(col(QuizAnswer.position))
        ).all()
        answered = {answer.position: answer for answer in answers}
        kept: list[int] = []
        for position, item_id in enumerate(quiz.item_ids):
            if position in answered:
                answered[position].position = len(kept)  # never past where it was: no two collide
                session.add(answered[position])
                session.flush()
                kept.append(item_id)
            elif item_id not in item_ids:
                kept.append(item_id)
        if not kept:  # nothing was answered and nothing is left to ask
            session.delete(quiz)
            continue
        quiz.item_ids = kept
        if len(answered) >= len(kept):
            quiz.finished_at = utcnow()
        session.add(quiz)
    session.flush()
