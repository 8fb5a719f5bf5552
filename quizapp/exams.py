"""Studying toward a date: a learner's exam date for an article, and what the schedule does until then.

Until the exam (the start of its day, 00:00 UTC) the scheduler (quizapp.scheduling) caps the intervals of
the article's cards that would reach past it with recall on the day below EXAM_RETENTION, shows its due
cards most at risk on the day first, and its new cards before others, enough a day to have met them all by
the exam (new_cards_allowed). After the exam the schedule is the everyday one. Recall on the day is fsrs's
retrievability at the exam; a card never studied has none (fsrs says 0). The caller commits.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quizapp import tallies
from quizapp.models import Article, CardState, ExamDate, Item, ItemStatus, ReviewLog, utcnow
from quizapp.scheduling import (
    NEW,
    UPCOMING_EXAMS_KEY,
    cards_of_articles,
    exam_moment,
    recall_at,
    upcoming_exams,
)

# Below this recall on the day an item is "at risk" on the Scores page: less likely recalled than FSRS's
# everyday schedule aims for (0.9).
AT_RISK = 0.9
# An exam further ahead is a typing mistake, not a plan (and the date arithmetic stays in range).
FURTHEST_AHEAD = timedelta(days=5 * 366)


class ExamError(ValueError):
    """A date that cannot be an exam's, in words for the learner."""


def parse_day(text: str, today: date) -> date:
    """The exam day written as YYYY-MM-DD (a date input's value): after today, within FURTHEST_AHEAD."""
    text = (text or "").strip()
    if not text:
        raise ExamError("Choose the exam’s date.")
    try:
        if len(text) != 10:
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise ExamError("That is not a date: write it as YYYY-MM-DD, for example 2027-01-15.") from None
    if day <= today:
        raise ExamError("Choose a day after today: the schedule prepares you for the exam’s day.")
    if day > today + FURTHEST_AHEAD:
        raise ExamError("Choose a day within the next five years.")
    return day


def exam_of(session: Session, learner_id: int, article_id: int) -> ExamDate | None:
    return session.exec(
        select(ExamDate).where(ExamDate.learner_id == learner_id, ExamDate.article_id == article_id)
    ).first()


def set_exam(
    session: Session, learner_id: int, article_id: int, text: str, now: datetime | None = None
) -> ExamDate:
    """Set (or move) the learner's exam on the article to the day `text` names; ExamError, with nothing
    changed, for a day that cannot be one."""
    return _store(session, learner_id, article_id, parse_day(text, (now or utcnow()).date()))


def aim_at_due_dates(session: Session, learner_id: int, due: dict[int, date]) -> int:
    """Each article's due date (article id -> day) as the learner's exam on it, unless the learner's own
    exam on it is sooner; how many exam dates were set or moved."""
    moved = 0
    for article_id, day in due.items():
        exam = exam_of(session, learner_id, article_id)
        if exam is None or exam.exam_on > day:
            _store(session, learner_id, article_id, day)
            moved += 1
    return moved


def _store(session: Session, learner_id: int, article_id: int, day: date) -> ExamDate:
    exam = exam_of(session, learner_id, article_id)
    if exam is None:
        try:
            with session.begin_nested():  # a double submit: the other request stored it first
                exam = ExamDate(learner_id=learner_id, article_id=article_id, exam_on=day)
                session.add(exam)
        except IntegrityError:
            exam = exam_of(session, learner_id, article_id)
    exam.exam_on = day
    session.add(exam)
    session.flush()
    session.info.pop(UPCOMING_EXAMS_KEY, None)
    return exam


def clear_exam(session: Session, learner_id: int, article_id: int) -> bool:
    """Forget the learner's exam on the article; False when there was none (a repeated clear)."""
    exam = exam_of(session, learner_id, article_id)
    if exam is not None:
        session.delete(exam)
        session.flush()
        session.info.pop(UPCOMING_EXAMS_KEY, None)
    return exam is not None


# ---------------------------------------------------------------- new cards in time

# Per article: the learner's new cards of its active items, and the cards met for the first time since :since.
_UNSEEN = (
    select(Item.article_id, func.count())
    .join(CardState, col(CardState.item_id) == Item.id)
    .where(
        CardState.learner_id == bindparam("learner"),
        NEW,
        Item.status == ItemStatus.ACTIVE,
        col(Item.article_id).in_(bindparam("articles", expanding=True)),
    )
    .group_by(Item.article_id)
)
_MET_TODAY = (
    select(Item.article_id, func.count())
    .join(ReviewLog, col(ReviewLog.item_id) == Item.id)
    .where(
        ReviewLog.learner_id == bindparam("learner"),
        col(ReviewLog.reviewed_at) >= bindparam("since"),
        col(ReviewLog.first_review) == True,  # noqa: E712
        col(Item.article_id).in_(bindparam("articles", expanding=True)),
    )
    .group_by(Item.article_id)
)


def new_cards_allowed(
    session: Session, learner_id: int, new_per_day: int, now: datetime | None = None
) -> int:
    """Today's new-card limit: `new_per_day`, raised when the articles with an exam ahead have more new cards
    than that introduces in time. Each such article's new cards as of this morning are spread over the days
    left before its exam (all of them on the day before it); the scheduler shows those first."""
    now = now or utcnow()
    exams = upcoming_exams(session, learner_id, now)
    if not exams:
        return new_per_day
    params = {"learner": learner_id, "articles": list(exams), "since": exam_moment(now.date())}
    connection = session.connection()
    waiting = dict(connection.execute(_UNSEEN, params).all())
    if not waiting:  # all met: nothing to raise the limit for
        return new_per_day
    days_left = {article: (exam_at.date() - now.date()).days for article, exam_at in exams.items()}
    # Today's new cards of any article bound each article's: when even that needs no more, the log of
    # today's reviews (read per review) is not read.
    met_at_most = tallies.today(session, learner_id, now).new_cards
    if _needed(waiting, dict.fromkeys(waiting, met_at_most), days_left) <= new_per_day:
        return new_per_day
    met = dict(connection.execute(_MET_TODAY, params).all())
    return max(new_per_day, _needed(waiting, met, days_left))


def _needed(waiting: dict[int, int], met: dict[int, int], days_left: dict[int, int]) -> int:
    """New cards to meet today: each article's new cards as of this morning over the days left."""
    return sum(-(-(waiting[article] + met.get(article, 0)) // days_left[article]) for article in waiting)


# ---------------------------------------------------------------- recall on the day, for the Scores page


@dataclass(frozen=True)
class ExamForecast:
    """One article's exam: the predicted recall on the day should the learner study nothing more."""

    article_id: int
    title: str
    exam_on: date
    items: int  # active items
    recall: float  # mean retrievability at the exam of its items' cards, a new card's counted as 0
    at_risk: int  # items whose recall on the day is below AT_RISK

    @property
    def percent(self) -> int:
        return round(self.recall * 100)


_EXAMS = (
    select(ExamDate.article_id, ExamDate.exam_on, Article.title)
    .join(Article, col(Article.id) == ExamDate.article_id)
    .where(ExamDate.learner_id == bindparam("learner"), col(ExamDate.exam_on) > bindparam("today"))
    .order_by(col(ExamDate.exam_on), col(ExamDate.article_id))
)


def forecasts(session: Session, learner_id: int, now: datetime | None = None) -> list[ExamForecast]:
    """The learner's exams ahead, soonest first, each with its predicted recall on the day."""
    now = now or utcnow()
    ahead = session.exec(_EXAMS, params={"learner": learner_id, "today": now.date()}).all()
    recalls: dict[int, list[float]] = {article: [] for article, _day, _title in ahead}
    exam_at = {article: exam_moment(day) for article, day, _title in ahead}
    for card in cards_of_articles(session, learner_id, list(recalls)) if ahead else []:
        recalls[card.article_id].append(recall_at(card, exam_at[card.article_id]))
    found = []
    for article, day, title in ahead:
        seen = recalls[article]
        recall = sum(seen) / len(seen) if seen else 0.0
        at_risk = sum(r < AT_RISK for r in seen)
        found.append(ExamForecast(article, title, day, len(seen), recall, at_risk))
    return found
