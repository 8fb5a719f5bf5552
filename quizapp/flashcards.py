"""The flashcard page without Flask: what it shows, as one frozen dataclass (ReviewPage), read in the caller's
transaction. The card on screen (its front, or its back with the grade buttons), or the "all done" panel
(as Anki's scheduler/congrats.rs), and the line above it: what is left today and the grade Undo takes back.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, select

from quizapp import exams
from quizapp.models import CardState, utcnow
from quizapp.scheduling import (
    CardRow,
    GradeOption,
    GradePreview,
    ItemRow,
    QueueCounts,
    StudyCard,
    card_with_item,
    exam_of_card,
    grade_preview,
    next_card,
    next_due_at,
    study_day,
)


@dataclass(frozen=True)
class Limits:
    """The daily limits (NEW_CARDS_PER_DAY, REVIEWS_PER_DAY)."""

    new_cards: int
    reviews: int


@dataclass(frozen=True)
class ShownCard:
    card: CardRow
    item: ItemRow
    article_title: str | None
    preview: GradePreview | None = None  # on the back: what each grade button gives

    @property
    def back(self) -> bool:
        return self.preview is not None

    @property
    def options(self) -> list[GradeOption]:
        return self.preview.options() if self.preview else []


@dataclass(frozen=True)
class AllDone:
    """Nothing to study now: why, and when the next card falls due."""

    has_cards: bool
    limit_reached: bool  # today's review limit, rather than an empty queue
    next_due: datetime | None
    now: datetime

    @property
    def waiting(self) -> bool:
        """Cards are due already, held back by today's limit."""
        return self.next_due is not None and self.next_due <= self.now


@dataclass(frozen=True)
class Today:
    """The line above the card."""

    counts: QueueCounts
    undo_review: int | None  # the review log id the Undo button takes back

    @property
    def left(self) -> int:
        return self.counts.total


@dataclass(frozen=True)
class ReviewPage:
    shown: ShownCard | None  # None: `done` says why
    done: AllDone | None
    today: Today | None  # None for the card alone (flipping a card changes neither count nor undo)
    notice: str | None = None


def next_page(
    session: Session,
    learner: int,
    limits: Limits,
    *,
    notice: str | None = None,
    undo_review: int | None = None,
    now: datetime | None = None,
) -> ReviewPage:
    """The front of the next card due (or the "all done" panel). `undo_review`: the grade just given, when
    the caller knows it (saves asking)."""
    now = now or utcnow()
    limits = replace(limits, new_cards=exams.new_cards_allowed(session, learner, limits.new_cards, now))
    day = study_day(session, learner, limits.new_cards, limits.reviews, now)
    today = Today(day.counts, undo_review or day.latest_review)
    found = next_card(session, learner, limits.new_cards, now=now) if day.reviews_left else None
    if found is None:
        return ReviewPage(None, _all_done(session, learner, day.reviews_left == 0, now), today, notice)
    return ReviewPage(ShownCard(*found), None, today, notice)


def card_page(
    session: Session,
    learner: int,
    card_id: int,
    limits: Limits | None,
    *,
    back: bool = False,
    notice: str | None = None,
    now: datetime | None = None,
) -> ReviewPage | None:
    """The learner's card `card_id`: its front, or its back with the grade buttons; None when the learner has
    no such card. `limits` None: the card alone, without the line above it (htmx's Show answer)."""
    now = now or utcnow()
    found = own_card(session, learner, card_id)
    if found is None:
        return None
    card, item, title = found
    preview = grade_preview(card, now, exam_of_card(session, card, now)) if back else None
    shown = ShownCard(card, item, title, preview)
    today = None
    if limits is not None:
        limits = replace(limits, new_cards=exams.new_cards_allowed(session, learner, limits.new_cards, now))
        day = study_day(session, learner, limits.new_cards, limits.reviews, now)
        today = Today(day.counts, day.latest_review)
    return ReviewPage(shown, None, today, notice)


def own_card(session: Session, learner: int, card_id: int) -> StudyCard | None:
    found = card_with_item(session, card_id)
    return found if found is not None and found.card.learner_id == learner else None


HAS_CARDS = select(CardState.id).where(CardState.learner_id == bindparam("learner")).limit(1)


def _all_done(session: Session, learner: int, limit_reached: bool, now: datetime) -> AllDone:
    has_cards = session.connection().execute(HAS_CARDS, {"learner": learner}).first() is not None
    return AllDone(has_cards, limit_reached, next_due_at(session, learner), now)
