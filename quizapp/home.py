"""What the home page shows, without Flask: the cards due today, the quiz left unfinished, the newest articles
with their mastery, and the streak."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from quizapp import stats
from quizapp.models import QuizSession
from quizapp.quizzes import unfinished_quiz
from quizapp.scheduling import QueueCounts, next_due_at, queue_counts

HOME_ARTICLES = 6  # the newest; the Articles page lists them all


@dataclass(frozen=True)
class HomePage:
    counts: QueueCounts
    next_due: datetime | None
    articles: list[stats.ArticleRow]  # the newest HOME_ARTICLES
    article_count: int  # in the library
    unfinished: QuizSession | None
    streak: int


def home_page(session: Session, learner_id: int, *, new_per_day: int, reviews_left: int) -> HomePage:
    """`reviews_left`: the flashcard reviews today's limit still allows."""
    articles = stats.article_mastery(session, learner_id, limit=HOME_ARTICLES)
    return HomePage(
        counts=queue_counts(session, learner_id, new_per_day, review_cap=reviews_left),
        next_due=next_due_at(session, learner_id),
        articles=articles,
        article_count=stats.count_articles(session) if len(articles) == HOME_ARTICLES else len(articles),
        unfinished=unfinished_quiz(session, learner_id),
        streak=stats.streak(session, learner_id),
    )
