"""Spaced repetition with FSRS (the `fsrs` package): card rows <-> fsrs.Card, grading, undo, the study queue.

A grade names the card version it was shown; a stale or repeated grade (second tab, double click, back button)
finds another version and changes nothing.
"""

from copy import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy import Integer, bindparam, exists, func, insert, literal, or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from quizapp import tallies
from quizapp.models import (
    Article,
    CardState,
    ExamDate,
    Item,
    ItemStatus,
    Learner,
    ReviewLog,
    ReviewMode,
    UTCDateTime,
    as_utc,
    utcnow,
)

# FSRS-6 default parameters; learning steps 1 min / 10 min, relearning 10 min, retention 0.9, as in Anki.
SCHEDULER = Scheduler()
# With nothing else to study, learning cards due this soon are shown rather than making the learner wait.
LEARN_AHEAD = timedelta(minutes=20)
# Written as comparisons (not NOT is_new) so the planner uses ix_card_learner_new_due.
NEW = col(CardState.is_new) == True  # noqa: E712
STUDIED = col(CardState.is_new) == False  # noqa: E712
# status != active, as two ranges so SQLite searches ix_item_status instead of scanning it.
INACTIVE = or_(col(Item.status) < ItemStatus.ACTIVE, col(Item.status) > ItemStatus.ACTIVE)
FSRS_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")
_card_table = CardState.__table__


def _row_of(model):
    """A NamedTuple of the model's columns: a row as a page reads it, without the ORM's identity map and
    change tracking (a card with its item and title took 0.12 ms of CPU through the ORM, 0.04 ms as a Core
    row, on every flashcard request)."""
    return NamedTuple(f"{model.__name__}Row", [(column.key, object) for column in model.__table__.columns])


CardRow = _row_of(CardState)  # read with CARDS_WITH_ITEMS; review() takes it as it takes a CardState
ItemRow = _row_of(Item)
_CARD_COLUMNS = len(CardRow._fields)
_ITEM_END = _CARD_COLUMNS + len(ItemRow._fields)


def to_fsrs(card: CardState | CardRow) -> Card:
    return Card(
        card_id=card.id,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=as_utc(card.due),
        last_review=as_utc(card.last_review),
    )


def fsrs_fields(fsrs_card: Card) -> dict:
    """The column values that store an fsrs.Card losslessly."""
    return {
        "state": int(fsrs_card.state),
        "step": fsrs_card.step,
        "stability": fsrs_card.stability,
        "difficulty": fsrs_card.difficulty,
        "due": fsrs_card.due,
        "last_review": fsrs_card.last_review,
    }


def snapshot(card: CardState | CardRow) -> dict:
    """JSON-safe copy of the scheduling columns, kept in the review log for undo."""
    data = {name: getattr(card, name) for name in (*FSRS_FIELDS, "is_new", "reps", "lapses")}
    for name in ("due", "last_review"):
        data[name] = as_utc(data[name]).isoformat() if data[name] else None
    return data


def _restore(snap: dict) -> dict:
    values = dict(snap)
    for name in ("due", "last_review"):
        values[name] = datetime.fromisoformat(values[name]) if values[name] else None
    return values


# ---------------------------------------------------------------- grade buttons


@dataclass(frozen=True)
class GradeOption:
    rating: Rating
    interval: timedelta

    @property
    def name(self) -> str:
        return self.rating.name  # Again, Hard, Good, Easy


@dataclass(frozen=True)
class GradePreview:
    """What each grade of one card version gives, computed when its back is shown, as of `at`: fuzzing is
    random, so the grade form carries this (signed, see web.review) and the grade gives what its button
    said. Nothing is stored: showing a card's back writes nothing."""

    card_id: int
    version: int
    at: datetime
    outcomes: dict[Rating, Card]

    def options(self) -> list[GradeOption]:
        return [GradeOption(rating, self.outcomes[rating].due - self.at) for rating in Rating]

    def to_json(self) -> list:
        """A compact, JSON-safe form: [card, version, at (epoch µs), [[state, step, stability, difficulty,
        due µs after at], ...] in Rating order]."""
        at = _micros(self.at)
        outcomes = [
            [int(c.state), c.step, c.stability, c.difficulty, _micros(c.due) - at]
            for c in (self.outcomes[rating] for rating in Rating)
        ]
        return [self.card_id, self.version, at, outcomes]

    @classmethod
    def from_json(cls, data) -> "GradePreview | None":
        """The preview to_json wrote; None for anything else."""
        try:
            card_id, version, at_us, outcomes = data
            at = _from_micros(at_us)
            cards = {
                rating: Card(
                    card_id=card_id,
                    state=State(state),
                    step=step,
                    stability=stability,
                    difficulty=difficulty,
                    due=at + timedelta(microseconds=due_us),
                    last_review=at,
                )
                for rating, (state, step, stability, difficulty, due_us) in zip(Rating, outcomes, strict=True)
            }
            return cls(int(card_id), int(version), at, cards)
        except (TypeError, ValueError, OverflowError):
            return None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _from_micros(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=int(micros))


def grade_preview(
    card: CardState | CardRow, now: datetime | None = None, exam_at: datetime | None = None
) -> GradePreview:
    """The outcome of each of Again/Hard/Good/Easy for the card as it is, graded `now`, capped before the
    exam on its article at `exam_at` (exam_of_card), so the buttons show the capped intervals. Reads and
    writes nothing."""
    now = now or utcnow()
    fsrs_card = to_fsrs(card)
    outcomes = {
        rating: cap_before_exam(SCHEDULER.review_card(fsrs_card, rating, now)[0], now, exam_at)
        for rating in Rating
    }
    return GradePreview(card.id, card.version, now, outcomes)


def _outcome(card: CardState | CardRow, rating: Rating, now: datetime, preview: GradePreview | None) -> Card:
    if preview is not None and (preview.card_id, preview.version) == (card.id, card.version):
        # Same interval the button showed, counted from now rather than from when it was shown.
        shown = copy(preview.outcomes[rating])
        shown.due = now + (shown.due - preview.at)
        shown.last_review = now
        return shown
    return SCHEDULER.review_card(to_fsrs(card), rating, review_datetime=now)[0]


# ---------------------------------------------------------------- reviewing

GRADED_COLUMNS = (*FSRS_FIELDS, "is_new", "reps", "lapses", "version")
# Compare-and-set on the version: of two concurrent grades of one card exactly one wins. Built once, as a
# Core statement: the ORM's UPDATE would also build, key and evaluate it against the session on every grade.
GRADE_CARD = (
    update(_card_table)
    .where(_card_table.c.id == bindparam("card"), _card_table.c.version == bindparam("expected"))
    .values({name: bindparam(f"new_{name}") for name in GRADED_COLUMNS})
)
# The review's log row, by a Core INSERT rather than the ORM's unit of work: review() took 0.54 ms of CPU
# with the ORM, 0.36 without.
STORE_REVIEW_LOG = insert(ReviewLog.__table__)


def review(
    session: Session,
    card: CardState | CardRow,
    rating: Rating,
    *,
    expected_version: int,
    mode: str = ReviewMode.FLASHCARD,
    now: datetime | None = None,
    duration_ms: int | None = None,
    answer_given: str | None = None,
    correct: bool | None = None,
    preview: GradePreview | None = None,
    item_type: str | None = None,
) -> int | None:
    """Grade the card and log the review, in the caller's transaction (the caller commits). `preview`: what
    the grade buttons showed (grade_preview), which the grade then gives. `item_type`: the card's item's,
    when the caller has read it (for the tally). Returns the review log's id; None, with nothing changed,
    when the version is stale."""
    now = now or utcnow()
    if card.version != expected_version:
        return None
    # Capped again: a preview shown long enough ago could, counted from now, reach past the exam.
    outcome = cap_before_exam(_outcome(card, rating, now, preview), now, exam_of_card(session, card, now))
    before, was_new = snapshot(card), card.is_new  # read now: `card` takes the new values below
    lapsed = card.state == State.Review and rating == Rating.Again
    values = fsrs_fields(outcome) | {
        "is_new": False,
        "reps": card.reps + 1,
        "lapses": card.lapses + int(lapsed),
        "version": expected_version + 1,
    }
    params = {f"new_{name}": values[name] for name in GRADED_COLUMNS}
    result = session.connection().execute(
        GRADE_CARD, {"card": card.id, "expected": expected_version} | params
    )
    if result.rowcount != 1:  # graded meanwhile, by another request: nothing written
        return None
    if isinstance(card, CardState):  # a card object takes what the UPDATE wrote, without reading it back
        for name, value in values.items():
            set_committed_value(card, name, value)
    log = {
        "learner_id": card.learner_id,
        "item_id": card.item_id,
        "card_id": card.id,
        "rating": int(rating),
        "reviewed_at": now,
        "duration_ms": duration_ms,
        "mode": mode,
        "answer_given": answer_given,
        "correct": correct,
        "first_review": was_new,
        "card_before": before,
    }
    log_id = session.connection().execute(STORE_REVIEW_LOG, log).inserted_primary_key[0]
    tallies.count(session, log, item_type or session.get(Item, card.item_id).type)
    return log_id


# The learner's latest review in a mode: the one undo takes back (built once; its id is asked on every
# flashcard page, in STUDY_DAY).
LATEST_REVIEW = (
    select(ReviewLog)
    .where(ReviewLog.learner_id == bindparam("learner"), ReviewLog.mode == bindparam("mode"))
    .order_by(col(ReviewLog.reviewed_at).desc(), col(ReviewLog.id).desc())
    .limit(1)
)
LATEST_REVIEW_ID = LATEST_REVIEW.with_only_columns(col(ReviewLog.id))


def undo_last_review(
    session: Session, learner_id: int, mode: str = ReviewMode.FLASHCARD, *, review_id: int | None = None
) -> ReviewLog | None:
    """Put the card of the learner's latest review (in this mode) back as it was, and forget the review.
    `review_id`: the review the learner was shown an Undo button for. When that is no longer the latest (it
    was undone already: a retried or doubled request, a second tab) nothing changes and None is returned,
    so that an undo sent twice never takes back a second, earlier grade. The caller commits."""
    log = session.exec(LATEST_REVIEW, params={"learner": learner_id, "mode": mode}).first()
    if log is None or (review_id is not None and log.id != review_id):
        return None
    card = session.get(CardState, log.card_id)
    if card is not None:
        for name, value in _restore(log.card_before).items():
            setattr(card, name, value)
        card.version += 1  # any grade form still open for this card is now stale
        session.add(card)
        tallies.count(session, log.model_dump(), session.get(Item, card.item_id).type, sign=-1)
    session.delete(log)
    session.flush()
    return log


# ---------------------------------------------------------------- cards and the study queue


def default_learner(session: Session) -> Learner:
    """The local learner of a single-user install (the first learner; made, with its cards, when none is:
    the caller commits)."""
    learner = session.exec(select(Learner).order_by(col(Learner.id)).limit(1)).first()
    return learner or add_learner(session, "me", teacher=True)  # the install's owner, should accounts come on


def add_learner(
    session: Session, name: str, password_hash: str | None = None, *, teacher: bool = False
) -> Learner:
    """A new learner with a new card for every item (flushed: its id is set). The caller commits."""
    learner = Learner(name=name, password_hash=password_hash, teacher=teacher)
    session.add(learner)
    session.flush()
    ensure_cards(session, learner_id=learner.id)
    return learner


def ensure_cards(
    session: Session,
    *,
    learner_id: int | None = None,
    article_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Give learners a new card for every item that has none (one INSERT ... SELECT): every learner and
    item, or only `learner_id`'s cards (a new learner), or only `article_id`'s items (a new article), so that
    neither costs a pass over every learner's cards. The cards are made in the order new cards are studied
    (article by article, the best question first), which NEXT_NEW_CARD reads back as (due, id): cards made
    later are due later, and one batch's are numbered in that order. The caller commits. Returns the
    number of cards made."""
    now = now or utcnow()
    missing = (
        select(Learner.id, Item.id, literal(now, UTCDateTime()))
        .select_from(Learner)
        .join(Item, literal(True))
        .where(
            ~select(CardState.id)
            .where(CardState.learner_id == Learner.id, CardState.item_id == Item.id)
            .exists()
        )
    )
    if learner_id is not None:
        missing = missing.where(Learner.id == learner_id)
    if article_id is not None:
        missing = missing.where(Item.article_id == article_id)
    missing = missing.order_by(Learner.id, Item.article_id, col(Item.score).desc(), Item.id)
    result = session.exec(insert(CardState).from_select(["learner_id", "item_id", "due"], missing))
    return result.rowcount or 0


def new_cards_studied_today(session: Session, learner_id: int, now: datetime) -> int:
    return tallies.today(session, learner_id, now).new_cards


# The study queue's statements are built once, with their values as parameters: building a statement and
# computing its cache key cost SQLAlchemy more than SQLite takes to run it, on every flashcard request.
# Those that read plain values, not rows as objects, run on the session's connection, without the ORM.
CARDS_WITH_ITEMS = select(CardState, Item).join(Item, col(Item.id) == CardState.item_id)
ACTIVE_CARDS = CARDS_WITH_ITEMS.where(
    CardState.learner_id == bindparam("learner"), Item.status == ItemStatus.ACTIVE
)
# The most overdue studied card due by :by (an index range scan at any size).
NEXT_DUE_CARD = (
    ACTIVE_CARDS.where(STUDIED, col(CardState.due) <= bindparam("by")).order_by(col(CardState.due)).limit(1)
)
# New cards in the order they were made (see ensure_cards): article by article, the best question first. In
# index order, so the first active one is found at once: ordering by the item's article and score instead
# sorted every new card (70 ms for 30,000 new cards, on every flashcard page once no studied card was due).
NEXT_NEW_CARD = ACTIVE_CARDS.where(NEW).order_by(col(CardState.due), col(CardState.id)).limit(1)
CARD_WITH_ITEM = CARDS_WITH_ITEMS.where(CardState.id == bindparam("card"))
# The card shown, with its item and its article's title, in one statement (the title by primary key).
SHOWN_CARDS = {
    name: statement.add_columns(Article.title).join(Article, col(Article.id) == Item.article_id)
    for name, statement in (("due", NEXT_DUE_CARD), ("new", NEXT_NEW_CARD), ("card", CARD_WITH_ITEM))
}
# The first due date in index order, not min(): PostgreSQL's planner answered min() with a hash join over
# every card (56 ms for 100,000 cards); this stops at the first card whose item is active.
NEXT_DUE_AT = (
    ACTIVE_CARDS.where(STUDIED).with_only_columns(CardState.due).order_by(col(CardState.due)).limit(1)
)


def _count_upto(query, cap, in_order_of=None):
    """SELECT count(*) of `query`'s first `cap` rows, as a scalar subquery (reads at most `cap` rows).
    `in_order_of`: a column whose index the rows are read in, which tells PostgreSQL's planner to walk that
    index rather than scan the table until `cap` rows match (its choice when many rows match)."""
    capped = query.with_only_columns(col(CardState.id)).order_by(in_order_of).limit(cap).subquery()
    return select(func.count()).select_from(capped).scalar_subquery()


def _queue_counts_statement():
    """(due cards of inactive items, due cards up to :due_cap + those, new cards up to :allowance).

    Due cards are counted on the card index alone (joining each to its item for its status costs a row
    lookup per card: 90 ms for 17,000 due cards); the due cards of inactive items, found from those few
    items, are taken off afterwards, so the index count reads that many entries more."""
    due_now = (CardState.learner_id == bindparam("learner"), STUDIED, col(CardState.due) <= bindparam("now"))
    hidden = (
        select(func.count())
        .select_from(Item)
        .where(INACTIVE, exists().where(col(CardState.item_id) == Item.id, *due_now))
        .scalar_subquery()
    )
    due_cap = bindparam("due_cap", type_=Integer)
    due = _count_upto(select(CardState.id).where(*due_now), due_cap + hidden, in_order_of=col(CardState.due))
    new = _count_upto(
        ACTIVE_CARDS.where(NEW), bindparam("allowance", type_=Integer), in_order_of=col(CardState.due)
    )
    return select(hidden, due, new)


QUEUE_COUNTS = _queue_counts_statement()
# The flashcard page's one statement: today's tallies, the queue counts (capped by the daily limits, not
# by what is left of them, which the tallies tell: the caps are applied after) and the grade Undo takes back.
STUDY_DAY = QUEUE_COUNTS.add_columns(
    *(column.scalar_subquery() for column in tallies.TODAY_COUNTS), LATEST_REVIEW_ID.scalar_subquery()
)
# The due count stops here and reads "999+": past it the number tells the learner nothing they can act on
# today, and every card counted is an index entry read on every flashcard page.
SHOWN_DUE_LIMIT = 999


@dataclass(frozen=True)
class QueueCounts:
    due: int  # cards already studied whose due time has come (at most SHOWN_DUE_LIMIT)
    new: int  # new cards still allowed today
    more_due: bool = False  # more cards are due than `due` (and today's review limit) says
    # Nothing is due now nor new: `due` counts the learning cards due within LEARN_AHEAD, which next_card
    # offers then, so the line above a card never says "0 left" over it.
    soon: bool = False

    @property
    def total(self) -> int:
        return self.due + self.new


def queue_counts(
    session: Session,
    learner_id: int,
    new_per_day: int,
    now: datetime | None = None,
    review_cap: int = 200,
) -> QueueCounts:
    """What is left today: due cards (counted up to `review_cap`, as Anki caps reviews per day, and to
    SHOWN_DUE_LIMIT) and the new cards today's allowance still admits. Counting stops at the caps, so it
    stays fast at any size; the three counts are one statement."""
    now = now or utcnow()
    allowance = max(new_per_day - new_cards_studied_today(session, learner_id, now), 0)
    due_cap = min(review_cap, SHOWN_DUE_LIMIT + 1)  # one more than shown, to know there are more
    if due_cap <= 0 and allowance <= 0:
        return QueueCounts(due=0, new=0)
    params = {"learner": learner_id, "now": now, "due_cap": max(due_cap, 0), "allowance": allowance}
    hidden, due, new = session.connection().execute(QUEUE_COUNTS, params).one()
    due = min(max(due - hidden, 0), due_cap)
    return QueueCounts(due=min(due, SHOWN_DUE_LIMIT), new=new, more_due=due > SHOWN_DUE_LIMIT)


class StudyCard(NamedTuple):
    card: CardRow
    item: ItemRow
    article_title: str

    @classmethod
    def of(cls, row) -> "StudyCard":
        """From a row of SHOWN_CARDS, executed in Core: the card's columns, its item's, the title."""
        return cls(CardRow._make(row[:_CARD_COLUMNS]), ItemRow._make(row[_CARD_COLUMNS:_ITEM_END]), row[-1])


@dataclass(frozen=True)
class StudyDay:
    counts: QueueCounts
    reviews_left: int  # flashcard reviews still allowed today (REVIEWS_PER_DAY)
    latest_review: int | None  # the flashcard review Undo takes back


def study_day(
    session: Session, learner_id: int, new_per_day: int, reviews_per_day: int, now: datetime | None = None
) -> StudyDay:
    """What is left today, as queue_counts and the daily limits count it, and the latest flashcard review,
    in one statement; today's tallies are then known to the transaction (tallies.today)."""
    now = now or utcnow()
    params = {
        "learner": learner_id,
        "now": now,
        "day": tallies.utc_day(now),
        "due_cap": max(min(reviews_per_day, SHOWN_DUE_LIMIT + 1), 0),
        "allowance": max(new_per_day, 0),
        "mode": ReviewMode.FLASHCARD,
    }
    hidden, due, new, reviewed, first, latest = session.connection().execute(STUDY_DAY, params).one()
    today = tallies.remember_today(session, learner_id, now, reviewed, first)
    left = max(reviews_per_day - today.flashcard_reviews, 0)
    due_cap = min(left, SHOWN_DUE_LIMIT + 1)
    due = min(max(due - hidden, 0), due_cap)
    new = min(new, max(new_per_day - today.new_cards, 0))
    counts = QueueCounts(due=min(due, SHOWN_DUE_LIMIT), new=new, more_due=due > SHOWN_DUE_LIMIT)
    if not counts.total and left:
        counts = _due_soon(session, params | {"now": now + LEARN_AHEAD, "allowance": 0}) or counts
    return StudyDay(counts, left, latest)


def _due_soon(session: Session, params: dict) -> QueueCounts | None:
    """The cards due by params["now"] (now + LEARN_AHEAD), when there are any."""
    hidden, due, _ = session.connection().execute(QUEUE_COUNTS, params).one()
    due = min(max(due - hidden, 0), params["due_cap"], SHOWN_DUE_LIMIT)
    return QueueCounts(due=due, new=0, soon=True) if due else None


def next_card(
    session: Session, learner_id: int, new_per_day: int, now: datetime | None = None
) -> StudyCard | None:
    """The next flashcard: the most overdue studied card (a due card of an article with an exam ahead
    first, the one most at risk on the day), else a new card while today's allowance lasts (an exam
    article's first), else a learning card due within LEARN_AHEAD."""
    now = now or utcnow()
    exams = upcoming_exams(session, learner_id, now)
    exam_cards = cards_of_articles(session, learner_id, list(exams)) if exams else []
    due_now = _most_at_risk(session, exam_cards, exams, now)
    due_now = due_now or _shown(session, "due", {"learner": learner_id, "by": now})
    if due_now:
        return due_now
    if new_cards_studied_today(session, learner_id, now) < new_per_day:
        fresh = _first_new(session, exam_cards) or _shown(session, "new", {"learner": learner_id})
        if fresh:
            return fresh
    return _shown(session, "due", {"learner": learner_id, "by": now + LEARN_AHEAD})


def card_with_item(session: Session, card_id: int) -> StudyCard | None:
    return _shown(session, "card", {"card": card_id})


def _shown(session: Session, which: str, params: dict) -> StudyCard | None:
    row = session.connection().execute(SHOWN_CARDS[which], params).first()
    return StudyCard.of(row) if row else None


def next_due_at(session: Session, learner_id: int) -> datetime | None:
    """When the next studied card falls due (for the 'all done' message)."""
    return as_utc(session.connection().execute(NEXT_DUE_AT, {"learner": learner_id}).scalar())


# ---------------------------------------------------------------- studying toward an exam date

# Until an exam (quizapp.exams), each card's recall on the day (fsrs's retrievability at the exam) should be
# at least this. Higher than the everyday 0.9: FSRS's intervals already end where recall falls to 0.9, so at
# 0.9 the cap would only take back fuzz.
EXAM_RETENTION = 0.95
_DAY = timedelta(days=1)
# The exam on a card's article, for the card's learner.
CARD_EXAM = (
    select(ExamDate.exam_on)
    .join(Item, col(Item.article_id) == ExamDate.article_id)
    .where(Item.id == bindparam("item"), ExamDate.learner_id == bindparam("learner"))
)
UPCOMING_EXAMS_KEY = "quizapp.upcoming_exams"
# A learner's exams ahead: (article, day).
LEARNER_EXAMS = select(ExamDate.article_id, ExamDate.exam_on).where(
    ExamDate.learner_id == bindparam("learner"), col(ExamDate.exam_on) > bindparam("today")
)
# A learner's cards of the active items of :articles, as much of each as ranking them takes, by (learner,
# item): a few hundred index lookups. Asking for their due or new cards instead had the planners walk the
# learner's due or new cards to filter them by article (44 ms for 17,000 due cards), and whole rows with
# their items cost 1 ms of CPU per 50 cards: these are ranked in Python, and the one shown read by its id.
CARDS_OF_ARTICLES = (
    select(
        CardState.id,
        CardState.is_new,
        CardState.due,
        CardState.stability,
        CardState.last_review,
        Item.article_id,
    )
    .join(Item, col(Item.id) == CardState.item_id)
    .where(
        CardState.learner_id == bindparam("learner"),
        Item.status == ItemStatus.ACTIVE,
        col(CardState.item_id).in_(
            select(Item.id)
            .where(col(Item.article_id).in_(bindparam("articles", expanding=True)))
            .correlate(None)
        ),
    )
)


def exam_moment(day: date) -> datetime:
    """When an exam on `day` is, for the schedule: the day's start, 00:00 UTC."""
    return datetime.combine(day, time(), tzinfo=UTC)


def exam_of_card(session: Session, card: CardState | CardRow, now: datetime) -> datetime | None:
    """When the exam on the card's article is, for its learner, while it is ahead; else None."""
    if not upcoming_exams(session, card.learner_id, now):
        return None  # most learners have no exam: the transaction's one read of them answers for every card
    day = session.connection().execute(CARD_EXAM, {"item": card.item_id, "learner": card.learner_id}).scalar()
    return exam_moment(day) if day is not None and exam_moment(day) > now else None


def upcoming_exams(session: Session, learner_id: int, now: datetime) -> dict[int, datetime]:
    """The learner's exams ahead: article id -> when. Read once per transaction (a flashcard page asks for
    the new-card limit and for the next card), as tallies.today is."""
    key = (session.get_transaction(), learner_id, now.date())
    cached = session.info.get(UPCOMING_EXAMS_KEY)
    if key[0] is not None and cached is not None and cached[0] == key:
        return cached[1]
    rows = session.connection().execute(LEARNER_EXAMS, {"learner": learner_id, "today": now.date()})
    exams = {article: exam_moment(day) for article, day in rows}
    # keyed after the read, which may have begun the transaction
    session.info[UPCOMING_EXAMS_KEY] = ((session.get_transaction(), learner_id, now.date()), exams)
    return exams


def cap_before_exam(outcome: Card, now: datetime, exam_at: datetime | None) -> Card:
    """A grade's outcome, its interval capped when it would reach past the exam at `exam_at` with recall on
    the day below EXAM_RETENTION: the card then comes back on the last whole day from now on which its
    recall is still EXAM_RETENTION (one day at least), before the exam. Unchanged with no exam ahead."""
    if exam_at is None or outcome.due < exam_at or now >= exam_at:
        return outcome
    if SCHEDULER.get_card_retrievability(outcome, exam_at) >= EXAM_RETENTION:
        return outcome
    before_exam = -(-(exam_at - now) // _DAY) - 1  # whole days from now that end before the exam
    low, high = 1, max(before_exam, 1)
    while low < high:  # the last day still at EXAM_RETENTION: recall only falls with time
        middle = (low + high + 1) // 2
        if SCHEDULER.get_card_retrievability(outcome, now + middle * _DAY) >= EXAM_RETENTION:
            low = middle
        else:
            high = middle - 1
    capped = copy(outcome)
    capped.due = now + low * _DAY
    return capped


def cards_of_articles(session: Session, learner_id: int, articles: list[int]) -> list:
    """The learner's cards of the active items of `articles`: rows of CARDS_OF_ARTICLES."""
    return (
        session.connection().execute(CARDS_OF_ARTICLES, {"learner": learner_id, "articles": articles}).all()
    )


def recall_at(card, moment: datetime) -> float:
    """fsrs's retrievability of a card (a CARDS_OF_ARTICLES row) at `moment`; 0 for a card never studied."""
    fsrs_card = Card(card_id=card.id, stability=card.stability, last_review=as_utc(card.last_review))
    return SCHEDULER.get_card_retrievability(fsrs_card, moment)


def _most_at_risk(
    session: Session, cards: list, exams: dict[int, datetime], now: datetime
) -> StudyCard | None:
    """Of the studied `cards` due by `now` (cards of articles with an exam ahead), the one with the lowest
    recall on its exam's day (the most overdue first of equals)."""
    due = [card for card in cards if not card.is_new and as_utc(card.due) <= now]
    risky = min(
        due, key=lambda card: (recall_at(card, exams[card.article_id]), card.due, card.id), default=None
    )
    return risky and card_with_item(session, risky.id)


def _first_new(session: Session, cards: list) -> StudyCard | None:
    """The new card of `cards` studied first (NEXT_NEW_CARD's order)."""
    first = min((card for card in cards if card.is_new), key=lambda card: (card.due, card.id), default=None)
    return first and card_with_item(session, first.id)
