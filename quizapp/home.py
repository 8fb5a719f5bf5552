"""What the home page shows, without Flask: the cards due today, the quiz left unfinished, the newest articles
with their mastery, and the streak."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from quizapp import exams, stats
from quizapp.models import QuizSession
from quizapp.quizzes import unfinished_quiz
from quizapp.scheduling import QueueCounts, next_due_at, study_day

HOME_ARTICLES = 6  # the newest; the Articles page lists them all


@dataclass(frozen=True)
class HomePage:
    counts: QueueCounts
    next_due: datetime | None
    articles: list[stats.ArticleRow]  # the newest HOME_ARTICLES
    article_count: int  # in the library
    unfinished: QuizSession | None
    streak: int


def home_page(session: Session, learner_id: int, *, new_per_day: int, reviews_per_day: int) -> HomePage:
    """The daily limits count as on the flashcard page (scheduling.study_day, with an exam's new cards)."""
    new_per_day = exams.new_cards_allowed(session, learner_id, new_per_day)
    articles = stats.article_mastery(session, learner_id, limit=HOME_ARTICLES)
    return HomePage(
        counts=study_day(session, learner_id, new_per_day, reviews_per_day).counts,
        next_due=next_due_at(session, learner_id),
        articles=articles,
        article_count=stats.count_articles(session) if len(articles) == HOME_ARTICLES else len(articles),
        unfinished=unfinished_quiz(session, learner_id),
        streak=stats.streak(session, learner_id),
    )
