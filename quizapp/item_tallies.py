"""Per-item tallies for the item analysis (quizapp.analysis): counted as each quiz answer is graded and each
flashcard review logged (taken back by undo), in the same transaction, so the teacher's page reads a few rows
per item and one per learner and item instead of a class's every answer (benchmarks/README.md).

A quiz answer is stored once per question (quizzes.answer_question): a double submit fails on its insert and
rolls back before anything is counted. An answer keeps its verdict when the teacher edits the item or accepts
a typed answer, as its tallies do; deleting an article deletes its items' tallies with them."""

from collections import defaultdict
from functools import cache
from typing import NamedTuple

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session

from quizapp.generator.answers import Verdict, normalise
from quizapp.models import (
    FirstAnswer,
    Item,
    ItemTally,
    QuizAnswer,
    QuizMode,
    QuizSession,
    ReviewLog,
    ReviewMode,
    TypedWrong,
    WrongAnswerTally,
)

FLASHCARD = ReviewMode.FLASHCARD  # ItemTally.kind of flashcard reviews; quiz answers' are a QuizMode
_COUNTS = ("answers", "right", "first", "first_wrong")


def count_answer(
    session: Session, *, learner_id: int, item_id: int, kind: str, given: str, right: bool
) -> None:
    """Count a graded quiz answer (`kind`: how the question was asked, a QuizMode). The caller commits."""
    connection, statements = session.connection(), _statements(session.get_bind().dialect.name)
    tally = {
        "item_id": item_id,
        "kind": kind,
        "answers": 1,
        "right": int(right),
        "first": 0,
        "first_wrong": 0,
    }
    connection.execute(statements.tally, tally)
    first = {"item_id": item_id, "learner_id": learner_id, "right": right}
    connection.execute(statements.first_answer, first)
    if not right:
        wrong = {"item_id": item_id, "kind": kind, "given": given, "times": 1}
        connection.execute(statements.wrong_answer, wrong)
        if kind == QuizMode.TYPED:
            typed = {"item_id": item_id, "form": normalise(given), "learner_id": learner_id}
            connection.execute(statements.typed_wrong, typed)


def count_review(session: Session, log, sign: int = 1) -> None:
    """Count a flashcard review (`log`: the review log row's columns; sign=-1 takes it back). Reviews in
    other modes are not counted here: a quiz answer is counted as one. The caller commits."""
    if log["mode"] != ReviewMode.FLASHCARD:
        return
    first, again = int(log["first_review"]), int(log["rating"] == 1)
    values = {
        "item_id": log["item_id"],
        "kind": FLASHCARD,
        "answers": sign,
        "right": sign * (1 - again),
        "first": sign * first,
        "first_wrong": sign * first * again,
    }
    session.connection().execute(_statements(session.get_bind().dialect.name).tally, values)


class _Statements(NamedTuple):
    """Each one statement that two processes can run at once (an upsert)."""

    tally: Insert  # adds to the item's tally of its kind
    first_answer: Insert  # the learner's first answer to the item: a later one leaves it as it is
    wrong_answer: Insert  # adds to the count of a wrong answer
    typed_wrong: Insert  # the learner typed this wrong answer (once is enough)


@cache
def _statements(dialect_name: str) -> _Statements:
    """Built once per dialect: building an upsert (its `excluded` alias) costs more than running it."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite

    def adding(model, key: tuple[str, ...], counts: tuple[str, ...]):
        table = model.__table__
        statement = dialect.insert(table).values({name: bindparam(name) for name in (*key, *counts)})
        return statement.on_conflict_do_update(
            index_elements=list(key), set_={name: table.c[name] + statement.excluded[name] for name in counts}
        )

    def once(model, columns: tuple[str, ...]):
        statement = dialect.insert(model.__table__).values({name: bindparam(name) for name in columns})
        return statement.on_conflict_do_nothing()

    return _Statements(
        adding(ItemTally, ("item_id", "kind"), _COUNTS),
        once(FirstAnswer, ("item_id", "learner_id", "right")),
        adding(WrongAnswerTally, ("item_id", "kind", "given"), ("times",)),
        once(TypedWrong, ("item_id", "form", "learner_id")),
    )


def delete_of_items(session: Session, items) -> None:
    """Delete the tallies of these items (a select of their ids), as their items are deleted."""
    for model in (ItemTally, WrongAnswerTally, TypedWrong, FirstAnswer):
        session.connection().execute(model.__table__.delete().where(model.__table__.c.item_id.in_(items)))


def rebuild(connection) -> None:
    """Recount every item tally from the quiz answers and the review log (migration 0016, and after a bulk
    load that bypassed the counting). An answer's kind is read as the item's choices are now (the quiz's
    mode, typed when the item has fewer than two choices): how the question was asked is not stored. The
    caller commits."""
    for model in (ItemTally, WrongAnswerTally, TypedWrong, FirstAnswer):
        connection.execute(model.__table__.delete())
    choices = dict(connection.execute(select(Item.id, Item.choices)).all())
    typed_only = {item_id for item_id, of_item in choices.items() if len([c for c in of_item or [] if c]) < 2}
    answers = connection.execute(
        select(QuizSession.learner_id, QuizSession.mode, QuizAnswer.item_id, QuizAnswer.answer_given)
        .add_columns(QuizAnswer.verdict)
        .join(QuizSession, QuizSession.id == QuizAnswer.quiz_id)
        .where(QuizAnswer.item_id.is_not(None))
        .order_by(QuizAnswer.answered_at, QuizAnswer.id)
    )
    tallies: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    wrong: dict[tuple, int] = defaultdict(int)  # in the order first given
    first: dict[tuple, bool] = {}
    typed_wrong: set[tuple] = set()
    for learner, mode, item_id, given, verdict in answers:
        kind = QuizMode.TYPED if mode == QuizMode.TYPED or item_id in typed_only else QuizMode.CHOICE
        right = verdict != Verdict.WRONG
        tallies[item_id, kind][0] += 1
        tallies[item_id, kind][1] += right
        first.setdefault((item_id, learner), right)
        if not right:
            wrong[item_id, kind, given] += 1
            if kind == QuizMode.TYPED:
                typed_wrong.add((item_id, normalise(given), learner))
    rows = [
        {"item_id": item_id, "kind": str(kind), "answers": n, "right": r, "first": 0, "first_wrong": 0}
        for (item_id, kind), (n, r) in tallies.items()
    ]
    _insert(connection, ItemTally, rows)
    _insert(
        connection,
        WrongAnswerTally,
        [{"item_id": i, "kind": str(k), "given": g, "times": n} for (i, k, g), n in wrong.items()],
    )
    _insert(
        connection, TypedWrong, [{"item_id": i, "form": f, "learner_id": who} for i, f, who in typed_wrong]
    )
    _insert(
        connection,
        FirstAnswer,
        [{"item_id": i, "learner_id": who, "right": r} for (i, who), r in first.items()],
    )
    again = ReviewLog.rating == 1
    reviews = (
        select(
            ReviewLog.item_id,
            func.count(),
            func.sum(case((ReviewLog.rating > 1, 1), else_=0)),
            func.sum(case((ReviewLog.first_review, 1), else_=0)),
            func.sum(case((and_(ReviewLog.first_review, again), 1), else_=0)),
        )
        .where(ReviewLog.mode == ReviewMode.FLASHCARD)
        .group_by(ReviewLog.item_id)
    )
    _insert(
        connection,
        ItemTally,
        [
            {"item_id": i, "kind": FLASHCARD, "answers": n, "right": r, "first": f, "first_wrong": a}
            for i, n, r, f, a in connection.execute(reviews)
        ],
    )


def _insert(connection, model, rows: list[dict]) -> None:
    if rows:
        connection.execute(model.__table__.insert(), rows)
