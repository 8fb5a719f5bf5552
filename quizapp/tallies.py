"""Per-day review tallies (the review_tally table): counted as each review is logged, taken back by undo.

The daily limits and the Scores page read these few rows instead of the whole review log, so they cost the
same after ten reviews or ten million. A tally outlives the article it counted: deleting an article does not
erase the days the learner studied it (as in Anki, whose review history survives deleted notes). Days are UTC.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy import bindparam, case, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from quizapp import item_tallies
from quizapp.models import Item, ReviewLog, ReviewMode, ReviewTally

COUNTS = ("reviews", "right", "first_reviews")
_TODAY = "quizapp.tallies.today"  # session.info key of the transaction's reading of today


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


KEY = ("learner_id", "day", "item_type", "mode")


def count(session: Session, log: Mapping, item_type: str, sign: int = 1) -> None:
    """Add a review to its day's tally, and a flashcard review to its item's (sign=-1 takes it back). `log`:
    the review log row's columns. The caller commits."""
    session.info.pop(_TODAY, None)
    values = {
        "learner_id": log["learner_id"],
        "day": utc_day(log["reviewed_at"]),
        "item_type": item_type,
        "mode": log["mode"],
        "reviews": sign,
        "right": sign * int(log["rating"] > 1),
        "first_reviews": sign * int(log["first_review"]),
    }
    session.connection().execute(_upsert(session.get_bind().dialect.name), values)
    item_tallies.count_review(session, log, sign)


@cache
def _upsert(dialect_name: str):
    """An upsert, so two processes counting the first review of a day never collide on the key. Built once
    per dialect: building it (the `excluded` alias) costs more than running it."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = ReviewTally.__table__
    statement = dialect.insert(table).values({name: bindparam(name) for name in (*KEY, *COUNTS)})
    return statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={name: table.c[name] + statement.excluded[name] for name in COUNTS},
    )


# Built once: asked on every flashcard page (see scheduling.ACTIVE_CARDS). TODAY_COUNTS: each as a
# statement of its own, for scheduling.STUDY_DAY.
_ON_THE_DAY = (ReviewTally.learner_id == bindparam("learner"), ReviewTally.day == bindparam("day"))
TODAY_COUNTS = (
    select(
        func.sum(case((col(ReviewTally.mode) == ReviewMode.FLASHCARD, ReviewTally.reviews), else_=0))
    ).where(*_ON_THE_DAY),
    select(func.sum(ReviewTally.first_reviews)).where(*_ON_THE_DAY),
)
_TODAY_COUNTS = select(*(statement.scalar_subquery() for statement in TODAY_COUNTS))


@dataclass(frozen=True)
class Today:
    flashcard_reviews: int  # against REVIEWS_PER_DAY
    new_cards: int  # cards studied for the first time, in any mode: against NEW_CARDS_PER_DAY


def today(session: Session, learner_id: int, now: datetime) -> Today:
    """Today's counts. Read once per transaction: a flashcard page asks three times (the limit, the queue
    counts, the new-card allowance), and within one transaction the answer cannot change but by `count`."""
    transaction, day = session.get_transaction(), utc_day(now)
    cached = session.info.get(_TODAY)
    if transaction is not None and cached is not None and cached[:3] == (transaction, learner_id, day):
        return cached[3]
    flashcards, first = session.connection().execute(_TODAY_COUNTS, {"learner": learner_id, "day": day}).one()
    return remember_today(session, learner_id, now, flashcards, first)


def remember_today(session: Session, learner_id: int, now: datetime, flashcards, first) -> Today:
    """Today's counts as read (sums, None for no rows), kept for the rest of the transaction."""
    result = Today(int(flashcards or 0), int(first or 0))
    # asked here, after the read: the read may have begun the transaction
    session.info[_TODAY] = (session.get_transaction(), learner_id, utc_day(now), result)
    return result


def reviews_per_day(session: Session, learner_id: int, since: date) -> dict[date, int]:
    """Reviews on each day from `since` on (days without reviews left out)."""
    rows = session.exec(
        select(ReviewTally.day, func.sum(ReviewTally.reviews))
        .where(ReviewTally.learner_id == learner_id, col(ReviewTally.day) >= since)
        .group_by(col(ReviewTally.day))
    ).all()
    return {day: int(total) for day, total in rows if total > 0}


def days_reviewed(session: Session, learner_id: int, until: date):
    """The days with at least one review, up to `until`, latest first. Lazy: a Core result steps the
    cursor row by row (the ORM's fetches every row first), so a caller that stops early reads no further;
    close it."""
    query = (
        select(ReviewTally.day)
        .where(ReviewTally.learner_id == learner_id, col(ReviewTally.day) <= until)
        .where(col(ReviewTally.reviews) > 0)
        .group_by(col(ReviewTally.day))
        .order_by(col(ReviewTally.day).desc())
    )
    return session.connection().execute(query).scalars()


def right_and_total(session: Session, learner_id: int, since: date | None = None, by_type: bool = False):
    """(right, total) over all days or from `since` on; with by_type, (type, right, total) rows, most
    reviewed type first."""
    total, right = func.sum(ReviewTally.reviews), func.sum(ReviewTally.right)
    query = select(right, total).where(ReviewTally.learner_id == learner_id)
    if since is not None:
        query = query.where(col(ReviewTally.day) >= since)
    if not by_type:
        row = session.exec(query).one()
        return int(row[0] or 0), int(row[1] or 0)
    rows = session.exec(
        query.add_columns(ReviewTally.item_type)
        .group_by(col(ReviewTally.item_type))
        .having(total > 0)
        .order_by(total.desc(), col(ReviewTally.item_type))
    ).all()
    return [(kind, int(right or 0), int(total)) for right, total, kind in rows]


def rebuild(session: Session) -> None:
    """Recount every tally from the review log (after a bulk load that bypassed `count`). Caller commits."""
    moment = ReviewLog.reviewed_at
    if session.get_bind().dialect.name == "postgresql":
        moment = func.timezone("UTC", moment)
    day = func.date(moment)
    session.exec(ReviewTally.__table__.delete())
    grouped = (
        select(
            ReviewLog.learner_id,
            day,
            Item.type,
            ReviewLog.mode,
            func.count(),
            func.sum(case((col(ReviewLog.rating) > 1, 1), else_=0)),
            func.sum(case((col(ReviewLog.first_review), 1), else_=0)),
        )
        .join(Item, col(Item.id) == ReviewLog.item_id)
        .group_by(ReviewLog.learner_id, day, Item.type, ReviewLog.mode)
    )
    session.exec(
        ReviewTally.__table__.insert().from_select(
            ["learner_id", "day", "item_type", "mode", *COUNTS], grouped
        )
    )
