"""Class assignments without Flask (accounts on): a teacher sets the class an article with a due date and a
quiz (length and mode); each learner sees what is assigned on Home and takes that quiz; the teacher reads
the progress table, per assignment or over the class, and exports it as CSV.

An assignment is due by the end of its day, in UTC. A learner has done it once a quiz started for it is
finished; done late when the first such quiz was finished after the due day. The table's score and time are
those of that first finished quiz (a learner may take it again to study; the first attempt is what was
handed in). "Mastered" is read from the learner's FSRS cards: see MASTERED.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from fsrs import State
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quizapp import exams, quizzes
from quizapp.models import (
    Article,
    Assignment,
    AssignmentQuiz,
    CardState,
    Item,
    ItemStatus,
    Learner,
    QuizMode,
    QuizSession,
    as_utc,
    utcnow,
)

# A card is mastered when FSRS has it in review with a stability of at least this many days: the learner
# would still recall it three weeks after the last review with 90 % probability (FSRS's stability is the
# interval at which retrievability falls to 90 %).
MASTERED_DAYS = 21
MASTERED = (CardState.state == int(State.Review), col(CardState.stability) >= MASTERED_DAYS)
MASTERED_TEXT = (
    f"An item is mastered when its flashcard is in review with a stability of at least {MASTERED_DAYS} days: "
    f"FSRS predicts the learner still recalls it {MASTERED_DAYS} days after the last review, 9 times in 10."
)
# A due date further ahead is a typo (a year of 20266), not a plan.
FURTHEST_AHEAD = timedelta(days=3 * 366)
# The class view's columns: the assignments due latest (each learner's row grows with every column).
CLASS_COLUMNS = 12


class AssignmentError(ValueError):
    """A problem phrased for the teacher or learner."""


def today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(UTC).date()


# ---------------------------------------------------------------- setting, changing and removing


@dataclass(frozen=True)
class Fields:
    article_id: int
    due: date
    length: int
    mode: str


def _due(raw: str | None, on: date, current: date | None) -> date:
    raw = (raw or "").strip()
    if not raw:
        raise AssignmentError("Enter a due date.")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise AssignmentError("Enter the due date as year-month-day, such as 2027-03-14.")
    try:
        due = date.fromisoformat(raw)
    except ValueError:
        raise AssignmentError(f"There is no day {raw}. Check the month and the day.") from None
    if due < on and due != current:  # an assignment already past its date keeps it when edited
        raise AssignmentError("The due date has passed. Choose today or a later day.")
    if due > on + FURTHEST_AHEAD:
        raise AssignmentError("Choose a due date within the next three years.")
    return due


def check(
    session: Session,
    *,
    article: int | None,
    due: str | None,
    length: str | None,
    mode: str | None,
    on: date,
    current: Assignment | None = None,
) -> Fields:
    """The form's fields as an assignment keeps them; AssignmentError saying what to fix. `article` is the id
    the form named (None when it named none); empty length and mode are the quiz's defaults."""
    if article is None or session.get(Article, article) is None:
        raise AssignmentError("Pick an article from the list.")
    day = _due(due, on, current.due if current else None)
    length = (length or "").strip() or str(quizzes.DEFAULT_LENGTH)
    if length not in {str(n) for n in quizzes.LENGTHS}:
        raise AssignmentError(f"Choose a quiz of {', '.join(map(str, quizzes.LENGTHS))} questions.")
    mode = mode or QuizMode.CHOICE
    if mode not in quizzes.MODES:
        raise AssignmentError("Choose multiple choice or typed answers.")
    return Fields(article, day, int(length), mode)


def _same_day(session: Session, fields: Fields) -> Assignment | None:
    return session.exec(
        select(Assignment).where(Assignment.article_id == fields.article_id, Assignment.due == fields.due)
    ).first()


def _save(session: Session, assignment: Assignment) -> None:
    """Flush in a savepoint: two submits racing on the unique (article, due) leave one assignment, and the
    loser's transaction goes on."""
    try:
        with session.begin_nested():
            session.add(assignment)
    except IntegrityError:
        raise AssignmentError("That article is already assigned for that day.") from None


def assign(session: Session, fields: Fields) -> tuple[Assignment, bool]:
    """The assignment of the article for that day, and whether it is new: a double submit finds the one the
    first made (its length and mode as that one set them). The caller commits."""
    existing = _same_day(session, fields)
    if existing is not None:
        return existing, False
    assignment = Assignment(**vars(fields))
    _save(session, assignment)
    return assignment, True


def change(session: Session, assignment: Assignment, fields: Fields) -> Assignment:
    """Give the assignment the form's fields; quizzes already taken for it stay counted. The caller
    commits."""
    other = _same_day(session, fields)
    if other is not None and other.id != assignment.id:
        raise AssignmentError("That article is already assigned for that day. Change that assignment.")
    for name, value in vars(fields).items():
        setattr(assignment, name, value)
    _save(session, assignment)
    return assignment


def remove(session: Session, assignment: Assignment) -> None:
    """Remove the assignment; the quizzes taken for it stay in each learner's history. The caller commits."""
    session.delete(assignment)
    session.flush()


@dataclass(frozen=True)
class Listed:
    assignment: Assignment
    title: str
    done: int  # learners who have done it

    def overdue(self, on: date) -> bool:
        return on > self.assignment.due


def listing(session: Session) -> list[Listed]:
    """Every assignment, the soonest due first, with how many learners have done it."""
    rows = session.exec(
        select(Assignment, Article.title)
        .join(Article, col(Article.id) == Assignment.article_id)
        .order_by(col(Assignment.due), col(Assignment.id))
    ).all()
    done = dict(
        session.exec(
            select(AssignmentQuiz.assignment_id, func.count(func.distinct(QuizSession.learner_id)))
            .join(QuizSession, col(QuizSession.id) == AssignmentQuiz.quiz_id)
            .where(col(QuizSession.finished_at).is_not(None))
            .group_by(AssignmentQuiz.assignment_id)
        ).all()
    )
    return [Listed(a, title, done.get(a.id, 0)) for a, title in rows]


def titled(session: Session, assignment_id: int) -> tuple[Assignment, str] | None:
    row = session.exec(
        select(Assignment, Article.title)
        .join(Article, col(Article.id) == Assignment.article_id)
        .where(Assignment.id == assignment_id)
    ).first()
    return (row[0], row[1]) if row else None


# ---------------------------------------------------------------- the learner's side


@dataclass(frozen=True)
class Assigned:
    """An assignment as one learner sees it on Home."""

    assignment: Assignment
    title: str
    done: bool
    late: bool  # done after the due day
    overdue: bool  # not done, and the due day is over
    unfinished: int | None  # the id of the quiz started for it and not finished


def for_learner(session: Session, learner_id: int, on: date) -> list[Assigned]:
    """What the learner has to do, the soonest due first: every assignment not done yet (overdue ones
    too), and the ones done while their due day has not passed (so the learner sees them ticked off)."""
    rows = session.exec(
        select(Assignment, Article.title)
        .join(Article, col(Article.id) == Assignment.article_id)
        .order_by(col(Assignment.due), col(Assignment.id))
    ).all()
    if not rows:
        return []
    quizzes_of = session.exec(
        select(AssignmentQuiz.assignment_id, QuizSession.id, QuizSession.finished_at)
        .join(QuizSession, col(QuizSession.id) == AssignmentQuiz.quiz_id)
        .where(QuizSession.learner_id == learner_id)
        .order_by(col(QuizSession.started_at))
    ).all()
    finished: dict[int, datetime] = {}
    unfinished: dict[int, int] = {}
    for assignment_id, quiz_id, finished_at in quizzes_of:
        if finished_at is None:
            unfinished[assignment_id] = quiz_id
        else:
            finished.setdefault(assignment_id, as_utc(finished_at))
    shown = []
    for assignment, title in rows:
        done_at = finished.get(assignment.id)
        if done_at is not None and on > assignment.due:
            continue  # done, and its day is over: off the list
        shown.append(
            Assigned(
                assignment,
                title,
                done=done_at is not None,
                late=done_at is not None and done_at.date() > assignment.due,
                overdue=done_at is None and on > assignment.due,
                unfinished=unfinished.get(assignment.id),
            )
        )
    return shown


def study_toward_due_dates(session: Session, learner_id: int, on: date) -> int:
    """The due dates of what the learner still has to do (not done, due after today) become their exam
    dates (quizapp.exams: the flashcards aim at recall on the day); a sooner exam of their own stays. How
    many exam dates were set or moved."""
    due: dict[int, date] = {}
    for row in for_learner(session, learner_id, on):
        if not row.done and row.assignment.due > on:
            article = row.assignment.article_id
            due[article] = min(due.get(article, row.assignment.due), row.assignment.due)
    return exams.aim_at_due_dates(session, learner_id, due)


def start(session: Session, learner_id: int, assignment: Assignment, now: datetime | None = None):
    """The quiz the learner takes for the assignment: the one started for it and not finished (a double
    click, or coming back to it), else a new quiz on its article with its length and mode. Flushed; the
    caller commits. quizzes.QuizError when the article has no questions to ask."""
    open_quiz = session.exec(
        select(QuizSession)
        .join(AssignmentQuiz, col(AssignmentQuiz.quiz_id) == QuizSession.id)
        .where(AssignmentQuiz.assignment_id == assignment.id, QuizSession.learner_id == learner_id)
        .where(col(QuizSession.finished_at).is_(None))
        .order_by(col(QuizSession.started_at).desc())
    ).first()
    if open_quiz is not None:
        return open_quiz
    quiz = quizzes.start_quiz(
        session,
        learner_id,
        article_id=assignment.article_id,
        length=assignment.length,
        mode=assignment.mode,
        now=now,
    )
    session.add(AssignmentQuiz(quiz_id=quiz.id, assignment_id=assignment.id))
    session.flush()
    return quiz


# ---------------------------------------------------------------- the teacher's progress table


@dataclass(slots=True)
class Result:
    """One learner on one assignment (a plain slotted class: the class view makes thousands)."""

    done: bool
    late: bool
    overdue: bool
    right: int | None  # of the first finished quiz
    questions: int | None
    time: timedelta | None
    finished_at: datetime | None
    mastered: int  # of the article's active items
    items: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.right / self.questions) if self.questions else None

    @property
    def mastered_percent(self) -> int:
        return round(100 * self.mastered / self.items) if self.items else 0

    @property
    def status(self) -> str:
        if self.done:
            return "done late" if self.late else "done"
        return "overdue" if self.overdue else "not done"


@dataclass(frozen=True)
class Column:
    assignment: Assignment
    title: str


@dataclass(frozen=True)
class LearnerRow:
    learner: Learner
    results: list[Result]  # one per column, in the columns' order


@dataclass(frozen=True)
class Table:
    """Learners (not teachers) by name, and each one's result on each column's assignment."""

    columns: list[Column]
    rows: list[LearnerRow]
    more: int  # assignments left out of the class view (due earlier than its columns)

    @property
    def learners(self) -> list[Learner]:
        return [row.learner for row in self.rows]

    def result(self, learner: Learner, column: Column) -> Result:
        row = next(row for row in self.rows if row.learner.id == learner.id)
        return row.results[self.columns.index(column)]

    def done(self, column: Column) -> int:
        at = self.columns.index(column)
        return sum(row.results[at].done for row in self.rows)


def _learners(session: Session) -> list[Learner]:
    learners = select(Learner).where(col(Learner.teacher).is_(False))
    return list(session.exec(learners.order_by(func.lower(Learner.name), Learner.id)).all())


def _first_finished(session: Session, ids: list[int]) -> dict[tuple[int, int], tuple]:
    """(learner, assignment) -> (started, finished, right, questions) of the first quiz finished for it."""
    if not ids:
        return {}
    finished = session.exec(
        select(
            AssignmentQuiz.assignment_id,
            QuizSession.learner_id,
            QuizSession.started_at,
            QuizSession.finished_at,
            QuizSession.correct_count,
            # every question of a finished quiz is answered (read, unlike item_ids, without decoding JSON)
            QuizSession.answered_count,
        )
        .join(QuizSession, col(QuizSession.id) == AssignmentQuiz.quiz_id)
        .where(col(AssignmentQuiz.assignment_id).in_(ids), col(QuizSession.finished_at).is_not(None))
        .order_by(col(QuizSession.finished_at))
    ).all()
    first: dict[tuple[int, int], tuple] = {}
    for assignment_id, learner_id, started, finished_at, right, questions in finished:
        key = (learner_id, assignment_id)
        if key not in first:
            first[key] = (as_utc(started), as_utc(finished_at), right, questions)
    return first


def table(session: Session, assignments: list[tuple[Assignment, str]], on: date, more: int = 0) -> Table:
    """The progress of every learner on these assignments, in four queries whatever the class's size: the
    learners, their finished quizzes for the assignments, their mastered cards per article (counted on
    ix_card_item_mastery alone), and the articles' item counts."""
    columns = [Column(a, title) for a, title in assignments]
    learners = _learners(session)
    first = _first_finished(session, [c.assignment.id for c in columns])
    articles = {c.assignment.article_id for c in columns}
    active = Item.status == ItemStatus.ACTIVE
    items = dict(
        session.exec(
            select(Item.article_id, func.count())
            .where(col(Item.article_id).in_(articles), active)
            .group_by(Item.article_id)
        ).all()
    )
    mastered = {
        (learner_id, article_id): count
        for learner_id, article_id, count in session.exec(
            select(CardState.learner_id, Item.article_id, func.count())
            .join(Item, col(Item.id) == CardState.item_id)
            .where(col(Item.article_id).in_(articles), active, *MASTERED)
            .group_by(CardState.learner_id, Item.article_id)
        ).all()
    }
    rows = []
    for learner in learners:
        results = []
        for column in columns:
            a = column.assignment
            quiz = first.get((learner.id, a.id))
            started, finished_at, right, questions = quiz or (None, None, None, None)
            results.append(
                Result(
                    done=quiz is not None,
                    late=quiz is not None and finished_at.date() > a.due,
                    overdue=quiz is None and on > a.due,
                    right=right,
                    questions=questions,
                    time=finished_at - started if quiz else None,
                    finished_at=finished_at,
                    mastered=mastered.get((learner.id, a.article_id), 0),
                    items=items.get(a.article_id, 0),
                )
            )
        rows.append(LearnerRow(learner, results))
    return Table(columns, rows, more)


def assignment_table(session: Session, assignment: Assignment, title: str, on: date) -> Table:
    return table(session, [(assignment, title)], on)


def class_table(session: Session, on: date) -> Table:
    """The class view: the CLASS_COLUMNS assignments due latest, in due order."""
    rows = session.exec(
        select(Assignment, Article.title)
        .join(Article, col(Article.id) == Assignment.article_id)
        .order_by(col(Assignment.due).desc(), col(Assignment.id).desc())
    ).all()
    shown = list(reversed(rows[:CLASS_COLUMNS]))
    return table(session, [(a, title) for a, title in shown], on, more=max(len(rows) - CLASS_COLUMNS, 0))


# ---------------------------------------------------------------- CSV


def cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one starting = + - @ (or a tab or carriage return, which
    some strip first) would be read as a formula, so it gets a leading quote (OWASP's CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _seconds(time: timedelta | None) -> str:
    return "" if time is None else str(round(time.total_seconds()))


def _result_cells(result: Result) -> list:
    return [
        result.status,
        "" if result.percent is None else result.percent,
        "" if result.right is None else result.right,
        "" if result.questions is None else result.questions,
        _seconds(result.time),
        result.finished_at.isoformat(timespec="seconds") if result.finished_at else "",
        result.mastered_percent,
    ]


RESULT_HEADINGS = ["status", "score %", "right", "questions", "time (s)", "finished (UTC)", "mastered %"]


def to_csv(progress: Table) -> str:
    """The table as CSV: a row per learner; per assignment its status, score, time and mastered share."""
    out = io.StringIO()
    writer = csv.writer(out)
    single = len(progress.columns) == 1
    headings = ["learner"]
    for column in progress.columns:
        label = f"{column.title} (due {column.assignment.due.isoformat()})"
        headings += RESULT_HEADINGS if single else [cell(f"{label}: {name}") for name in RESULT_HEADINGS]
    writer.writerow(headings)
    for row in progress.rows:
        cells = [cell(row.learner.name)]
        for result in row.results:
            cells += _result_cells(result)
        writer.writerow(cells)
    return out.getvalue()


def filename(title: str | None, due: date | None, on: date) -> str:
    """A download's file name of letters, digits and hyphens only: no quote, slash or header trick."""
    words = re.sub(r"[^a-z0-9]+", "-", (title or "class").lower()).strip("-")[:40].strip("-") or "article"
    return f"progress-{words}-{(due or on).isoformat()}.csv"
