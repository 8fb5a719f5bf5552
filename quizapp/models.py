"""The tables. Every time is a timezone-aware UTC datetime in Python, whatever the database keeps."""

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out: SQLite keeps naive UTC, PostgreSQL a timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = as_utc(value).astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return None if value is None else as_utc(value).astimezone(UTC)


class Learner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=80)
    # A werkzeug password hash (scrypt); None for the local learner of a personal install, who never signs in.
    password_hash: str | None = Field(default=None, max_length=255)
    # With accounts on, a teacher adds the class's articles and edits, suspends or flags their questions,
    # which every learner studies; the other learners study them. (Accounts off: the one learner does all.)
    teacher: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Article(SQLModel, table=True):
    # Newest first, a page at a time (home, the Articles page, the quiz menu), without sorting the library.
    __table_args__ = (Index("ix_article_created", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str
    byline: str | None = None
    source: str | None = None  # file path or URL it came from
    text: str  # the cleaned body that item spans index into
    # sha256 of the whitespace-normalised input: ingesting the same article twice changes nothing.
    content_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ItemStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


# The fact_key of an item a teacher wrote (quizapp.own_questions) starts with where it came from.
HAND_MADE = "hand:"
IMPORTED = "import:"


class Item(SQLModel, table=True):
    """One question about an article, as stored and studied. The generator hands out its own dataclass of the
    same name, imported as `GeneratedItem` where the two meet (ingest.item_row makes one of these of it)."""

    __table_args__ = (
        UniqueConstraint("article_id", "fact_key"),
        Index("ix_item_article_status", "article_id", "status"),
        Index("ix_item_status", "status"),  # the few suspended items, for the due count
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    type: str = Field(index=True, max_length=20)  # who, what, when, where, how_many, ...
    question: str
    answer: str
    accepted: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sentence: str
    sentence_start: int
    sentence_end: int
    answer_start: int | None = None
    answer_end: int | None = None
    fact_key: str = Field(max_length=200)
    score: float = 0.0
    status: str = Field(default=ItemStatus.ACTIVE, max_length=20)
    flagged: bool = False  # the learner marked it as a bad question
    edited: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CardState(SQLModel, table=True):
    """One learner's FSRS state for one item: everything fsrs.Card keeps, plus counters."""

    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("learner_id", "item_id"),
        # The study queue asks "studied cards of this learner due by now, most overdue first" and "new cards".
        Index("ix_card_learner_new_due", "learner_id", "is_new", "due"),
        # An item's cards (deleting it, its analysis) and, read from the index alone, which learners have
        # mastered it (quizapp.assignments): the class progress view of 12 articles and 300 learners read
        # 180,000 card rows for that (130 ms CPU), 55 ms this way. It replaced an index of item_id alone.
        Index("ix_card_item_mastery", "item_id", "state", "stability", "learner_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE")
    state: int = 1  # fsrs.State: Learning=1, Review=2, Relearning=3
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_review: datetime | None = Field(default=None, sa_type=UTCDateTime)
    is_new: bool = True  # never reviewed yet
    reps: int = 0
    lapses: int = 0
    # Bumped by every review; a grade carries the version it was shown, so a stale or repeated one is refused.
    version: int = 0


class ReviewMode(StrEnum):
    FLASHCARD = "flashcard"
    QUIZ = "quiz"


class ReviewLog(SQLModel, table=True):
    __table_args__ = (
        # A learner's latest review (undo, and whether there is one to undo).
        Index("ix_reviewlog_learner_time_rating", "learner_id", "reviewed_at", "rating"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE", index=True)
    card_id: int = Field(foreign_key="card.id", ondelete="CASCADE", index=True)
    rating: int  # fsrs.Rating: Again=1, Hard=2, Good=3, Easy=4
    reviewed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    duration_ms: int | None = None
    mode: str = Field(default=ReviewMode.FLASHCARD, max_length=20)
    answer_given: str | None = None
    correct: bool | None = None
    first_review: bool = False  # the card was new: counts against the new-cards-per-day limit
    # The card as it was before this review, so the review can be undone exactly.
    card_before: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ReviewTally(SQLModel, table=True):
    """Reviews of one learner on one UTC day, per question type and mode: what the daily limits and the Scores
    page read, so they cost the same after ten reviews or ten million (see quizapp.tallies)."""

    __tablename__ = "review_tally"
    # Covering indexes for the Scores page, which reads every tally row of a learner: by day (streak, heatmap,
    # retention) and by question type (accuracy). Each query then reads index entries only, where through
    # the primary key it looked up every row (streak 2.7 -> 1.8 ms, accuracy 2.5 -> 1.2 ms for 7,300 rows).
    __table_args__ = (
        Index("ix_review_tally_learner_day", "learner_id", "day", "reviews", "right"),
        Index("ix_review_tally_learner_type", "learner_id", "item_type", "reviews", "right"),
    )

    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE", primary_key=True)
    day: date = Field(primary_key=True)
    item_type: str = Field(primary_key=True, max_length=20)
    mode: str = Field(primary_key=True, max_length=20)
    reviews: int = 0
    right: int = 0  # graded anything but Again
    first_reviews: int = 0  # reviews of new cards: they count against the new-cards-per-day limit


class QuizMode(StrEnum):
    CHOICE = "choice"  # multiple choice
    TYPED = "typed"  # type the answer


class QuizSession(SQLModel, table=True):
    """One quiz a learner takes, its questions chosen when it starts: a "quiz" in the pages and services,
    neither a database session (`session` in the code) nor the browser's signed cookie (web.account's
    `cookie`)."""

    __table_args__ = (
        Index("ix_quizsession_learner_started", "learner_id", "started_at"),
        # The Scores page's history (latest finished first) and count of quizzes taken.
        Index("ix_quizsession_learner_finished", "learner_id", "finished_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    article_id: int | None = Field(default=None, foreign_key="article.id", ondelete="SET NULL")
    mode: str = Field(default=QuizMode.CHOICE, max_length=20)
    item_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_count: int = 0
    correct_count: int = 0
    # The title of its article, kept when that article is deleted (article_id is then None, as for a quiz
    # over every article): the quiz and its score stay in the learner's history (quizapp.deletion).
    deleted_article: str | None = None


class QuizAnswer(SQLModel, table=True):
    # One answer per question position: a double-submitted answer hits this constraint and is recorded once.
    __table_args__ = (UniqueConstraint("quiz_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    quiz_id: int = Field(foreign_key="quizsession.id", ondelete="CASCADE")
    position: int
    # None once the item is deleted with its article: the answer still counts in the quiz's score, and
    # deleted_question keeps what was asked (quizapp.deletion).
    item_id: int | None = Field(default=None, foreign_key="item.id", ondelete="SET NULL", index=True)
    deleted_question: str | None = None
    answer_given: str
    verdict: str = Field(max_length=10)  # a generator.answers.Verdict: correct, almost, wrong
    answered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class JobStatus(StrEnum):
    PENDING = "pending"  # waiting for a runner
    RUNNING = "running"  # claimed by a runner, which renews heartbeat_at while it works
    DONE = "done"  # article_id is the article (new, or the same text already stored)
    FAILED = "failed"  # error says why, in words for the teacher; the submitted text is kept


class ArticleJob(SQLModel, table=True):
    """An article being added: what a teacher submitted, made into an article outside the request by a job
    runner in one of the server's processes (quizapp.article_jobs), and how that went."""

    __tablename__ = "article_job"
    __table_args__ = (
        Index("ix_article_job_status", "status", "id"),  # a runner's "oldest job to claim"
        Index("ix_article_job_content_hash", "content_hash"),  # a double submit finds the job it repeats
    )

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default=JobStatus.PENDING, max_length=20)
    text: str | None = None  # the pasted or uploaded text; dropped once the article is stored
    url: str | None = Field(default=None, max_length=2000)  # for "add by URL": fetched by the job
    fmt: str = Field(default="text", max_length=10)  # text, md or html
    source: str | None = None  # file name or URL, as Article.source
    content_hash: str | None = Field(default=None, max_length=64)  # of the text (ingest.content_hash)
    error: str | None = None
    article_id: int | None = Field(default=None, foreign_key="article.id", ondelete="SET NULL")
    new_article: bool = False  # False when done: the same text was already stored
    claim: str | None = Field(default=None, max_length=32)  # the token of the runner working on it
    attempts: int = 0  # claims so far: a job that keeps killing its runner is failed, not retried forever
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ItemReport(SQLModel, table=True):
    """A learner's word that a question is bad, for the teacher's item analysis (quizapp.analysis): one per
    learner and item, a second replacing the first. It never hides the item: the teacher decides."""

    __tablename__ = "item_report"
    __table_args__ = (UniqueConstraint("item_id", "learner_id"),)  # also the index of an item's reports

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE")
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE", index=True)
    reason: str = Field(max_length=20)  # a key of analysis.REASONS
    note: str | None = Field(default=None, max_length=500)
    reported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set when the teacher dealt with the item (fixed, suspended or kept it): the report leaves the list and
    # still counts; the learner reporting it again opens it again.
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TriageAction(StrEnum):
    FIXED = "fixed"
    SUSPENDED = "suspended"
    KEPT = "kept"


class ItemTriage(SQLModel, table=True):
    """The teacher's last word on a suspect or reported item (quizapp.analysis): what they did and the
    evidence there was then, so the item stays off the list until new answers say something new."""

    __tablename__ = "item_triage"

    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE", primary_key=True)
    action: str = Field(max_length=20)  # a TriageAction
    teacher_id: int | None = Field(default=None, foreign_key="learner.id", ondelete="SET NULL")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    evidence: int = 0  # quiz answers and learners' first flashcard reviews of the item then
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # kinds then


class ItemTally(SQLModel, table=True):
    """How an item was answered, per kind: "choice" and "typed" quiz answers (as the quiz asked the question:
    quizzes.question_kind), "flashcard" reviews. Counted as each is graded (quizapp.item_tallies), so the item
    analysis reads a few rows per item instead of a class's every answer."""

    __tablename__ = "item_tally"

    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE", primary_key=True)
    kind: str = Field(primary_key=True, max_length=20)
    answers: int = 0  # quiz answers, or flashcard reviews
    right: int = 0  # not wrong (an almost-right typed answer counts), or graded anything but Again
    first: int = 0  # flashcards: learners' first reviews (of the card when new)
    first_wrong: int = 0  # of them graded Again


class WrongAnswerTally(SQLModel, table=True):
    """Each wrong answer given to an item, per kind (choice, typed), and how many times: the wrong choices'
    picks and the spellings of typed wrong answers (quizapp.item_tallies)."""

    __tablename__ = "wrong_answer_tally"
    # Also the index of an item's rows; the id keeps the order they were first given (ties of spellings).
    __table_args__ = (UniqueConstraint("item_id", "kind", "given"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE")
    kind: str = Field(max_length=20)
    given: str
    times: int = 0


class TypedWrong(SQLModel, table=True):
    """A learner typed this wrong answer to the item (normalised: generator.answers.normalise), once or more:
    the learners who wrote the same wrong answer, for the suspect "a missing accepted answer"."""

    __tablename__ = "typed_wrong"
    __table_args__ = {"sqlite_with_rowid": False}  # read by its key alone

    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE", primary_key=True)
    form: str = Field(primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE", primary_key=True)


class FirstAnswer(SQLModel, table=True):
    """Whether a learner's first quiz answer to an item was right: what discrimination is computed over (the
    item against the learner's other first answers on the article), one row per learner and item answered."""

    __tablename__ = "first_answer"
    __table_args__ = {"sqlite_with_rowid": False}  # the page reads an article's rows by key: no second lookup

    item_id: int = Field(foreign_key="item.id", ondelete="CASCADE", primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE", primary_key=True)
    right: bool


class Assignment(SQLModel, table=True):
    """An article a teacher set the class (accounts on), due by the end of a UTC day, with the quiz each
    learner takes for it (quizapp.assignments)."""

    # One assignment of an article per due day: a double-submitted form finds the first, never a second.
    __table_args__ = (UniqueConstraint("article_id", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    due: date
    length: int = 10  # questions in its quiz: one of quizzes.LENGTHS
    mode: str = Field(default=QuizMode.CHOICE, max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AssignmentQuiz(SQLModel, table=True):
    """A quiz taken for an assignment. A table of its own rather than a column of quizsession, which SQLite
    could only get a foreign key on by copying the table (and cascading away its answers)."""

    __tablename__ = "assignment_quiz"

    quiz_id: int = Field(foreign_key="quizsession.id", ondelete="CASCADE", primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", ondelete="CASCADE", index=True)


class ExamDate(SQLModel, table=True):
    """A learner's exam on an article: until that day the schedule aims at recall on the day (quizapp.exams).
    One per learner and article; setting another date replaces it."""

    __tablename__ = "exam_date"
    __table_args__ = (UniqueConstraint("learner_id", "article_id"),)  # also the index of a learner's exams

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", ondelete="CASCADE")
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    exam_on: date  # a UTC day: the schedule aims at its start, 00:00 UTC
