"""The class's assignments without Flask: checking the form, and the progress table's figures on hand-built
cases (done, late, overdue, score, time, mastered share), in a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import State
from sqlalchemy import event
from sqlmodel import select

from quizapp import assignments
from quizapp.assignments import AssignmentError
from quizapp.models import Assignment, AssignmentQuiz, CardState, Item, ItemStatus, Learner, QuizSession
from quizapp.scheduling import add_learner

TODAY = date(2026, 12, 3)


def _fields(session, article, on=TODAY, **form):
    values = {"due": "2026-12-10", "length": "5", "mode": "choice"} | form
    return assignments.check(session, article=article, on=on, **values)


def test_a_good_form_makes_an_assignment_and_a_second_submit_finds_it(session, stocked):
    fields = _fields(session, stocked.id, due="2026-12-03", length="", mode="")
    assert fields == assignments.Fields(stocked.id, TODAY, 10, "choice")  # due today; the quiz's defaults
    first, new = assignments.assign(session, fields)
    again, new_again = assignments.assign(session, fields)
    session.commit()
    assert new and not new_again and again.id == first.id
    assert len(session.exec(select(Assignment)).all()) == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"due": ""}, "Enter a due date."),
        ({"due": "12/10/2026"}, "year-month-day"),
        ({"due": "2026-02-30"}, "There is no day 2026-02-30"),
        ({"due": "2026-12-02"}, "The due date has passed"),
        ({"due": "20266-12-02"}, "year-month-day"),
        ({"due": "2031-01-01"}, "within the next three years"),
        ({"length": "7"}, "Choose a quiz of 5, 10, 20 questions"),
        ({"length": "9" * 500}, "Choose a quiz of 5, 10, 20 questions"),
        ({"mode": "<script>"}, "Choose multiple choice or typed answers"),
    ],
)
def test_a_bad_form_says_what_to_fix(session, stocked, form, message):
    with pytest.raises(AssignmentError, match=message):
        _fields(session, stocked.id, **form)


def test_an_unknown_article_is_refused(session, stocked):
    for article in (None, stocked.id + 1):
        with pytest.raises(AssignmentError, match="Pick an article"):
            _fields(session, article)


def test_an_assignment_past_its_day_keeps_it_when_edited(session, stocked):
    set_before = _fields(session, stocked.id, on=date(2026, 11, 30), due="2026-12-01")
    assignment, _ = assignments.assign(session, set_before)
    kept = assignments.check(
        session, article=stocked.id, due="2026-12-01", length="20", mode="typed", on=TODAY, current=assignment
    )
    assignments.change(session, assignment, kept)
    assert (assignment.due, assignment.length, assignment.mode) == (date(2026, 12, 1), 20, "typed")
    with pytest.raises(AssignmentError, match="has passed"):
        assignments.check(
            session, article=stocked.id, due="2026-11-30", length="", mode="", on=TODAY, current=assignment
        )


def test_two_assignments_of_an_article_cannot_share_a_day(session, stocked):
    first, _ = assignments.assign(session, _fields(session, stocked.id))
    second, _ = assignments.assign(session, _fields(session, stocked.id, due="2026-12-11"))
    with pytest.raises(AssignmentError, match="already assigned for that day"):
        assignments.change(session, second, _fields(session, stocked.id))
    session.commit()


def _quiz(session, learner, assignment, *, started, minutes, right, questions=5):
    quiz = QuizSession(
        learner_id=learner.id,
        article_id=assignment.article_id,
        item_ids=list(range(questions)),
        started_at=started,
        finished_at=started + timedelta(minutes=minutes) if minutes is not None else None,
        answered_count=questions if minutes is not None else 0,
        correct_count=right,
    )
    session.add(quiz)
    session.flush()
    session.add(AssignmentQuiz(quiz_id=quiz.id, assignment_id=assignment.id))
    session.flush()
    return quiz


def _master(session, learner, items, count):
    """Make `count` of the learner's cards of these items mastered, one more in review but not stable enough,
    and one stable but relearning."""
    cards = {
        card.item_id: card
        for card in session.exec(select(CardState).where(CardState.learner_id == learner.id)).all()
    }
    for n, item in enumerate(items):
        card = cards[item.id]
        if n < count:
            card.state, card.stability = int(State.Review), 21.0
        elif n == count:
            card.state, card.stability = int(State.Review), 20.9
        else:
            card.state, card.stability = int(State.Relearning), 40.0
        session.add(card)


def test_the_progress_table_on_a_hand_built_class(session, stocked):
    """Ann did it on time (first try 4/5 in 6 minutes, a later try 5/5 not counted), Bob late, Cat started
    but did not finish, Dan did nothing; teachers are not in the table."""
    ann, bob, cat, dan = (add_learner(session, name, "hash") for name in ("ann", "Bob", "cat", "Dan"))
    add_learner(session, "Tess", "hash", teacher=True)
    session.flush()
    from quizapp.scheduling import ensure_cards

    ensure_cards(session)
    items = session.exec(select(Item).where(Item.article_id == stocked.id).order_by(Item.id)).all()
    items[4].status = ItemStatus.SUSPENDED  # not counted: the article has 4 items to master
    session.add(items[4])
    assignment, _ = assignments.assign(session, _fields(session, stocked.id, due="2026-12-05"))
    day = datetime(2026, 12, 4, 10, tzinfo=UTC)
    _quiz(session, ann, assignment, started=day, minutes=6, right=4)
    _quiz(session, ann, assignment, started=day + timedelta(hours=1), minutes=2, right=5)
    _quiz(session, bob, assignment, started=datetime(2026, 12, 5, 23, 58, tzinfo=UTC), minutes=3, right=2)
    _quiz(session, cat, assignment, started=day, minutes=None, right=0)
    _master(session, ann, items[:4], 3)
    _master(session, bob, items[:4], 1)
    session.commit()

    title = stocked.title
    on_time = assignments.assignment_table(session, assignment, title, date(2026, 12, 5))
    assert [learner.name for learner in on_time.learners] == ["ann", "Bob", "cat", "Dan"]
    got = {learner.name: on_time.result(learner, on_time.columns[0]) for learner in on_time.learners}
    a, b, c, d = got["ann"], got["Bob"], got["cat"], got["Dan"]
    assert (a.status, a.right, a.questions, a.percent, a.time) == ("done", 4, 5, 80, timedelta(minutes=6))
    assert (b.status, b.percent, b.time) == ("done late", 40, timedelta(minutes=3))  # finished Dec 6
    assert (c.status, c.percent, c.time) == ("not done", None, None)
    assert d.status == "not done"
    assert [(r.mastered, r.items, r.mastered_percent) for r in (a, b, c, d)] == [
        (3, 4, 75),
        (1, 4, 25),
        (0, 4, 0),
        (0, 4, 0),
    ]
    assert on_time.done(on_time.columns[0]) == 2
    after = assignments.assignment_table(session, assignment, title, date(2026, 12, 6))
    assert [after.result(learner, after.columns[0]).status for learner in after.learners] == [
        "done",
        "done late",
        "overdue",
        "overdue",
    ]


def test_the_learner_sees_what_is_left_to_do(session, stocked):
    ann = add_learner(session, "ann", "hash")
    session.flush()
    soon, _ = assignments.assign(session, _fields(session, stocked.id, due="2026-12-05"))
    assignments.assign(session, _fields(session, stocked.id, due="2026-12-03"))
    done_past, _ = assignments.assign(session, _fields(session, stocked.id, due="2026-12-04"))
    _quiz(session, ann, done_past, started=datetime(2026, 12, 4, 9, tzinfo=UTC), minutes=5, right=5)
    _quiz(session, ann, soon, started=datetime(2026, 12, 4, 9, tzinfo=UTC), minutes=None, right=0)
    session.commit()
    shown = assignments.for_learner(session, ann.id, date(2026, 12, 4))
    assert [(row.assignment.due.day, row.done, row.overdue) for row in shown] == [
        (3, False, True),
        (4, True, False),  # done, shown until its day is over
        (5, False, False),
    ]
    assert shown[2].unfinished is not None
    later = assignments.for_learner(session, ann.id, date(2026, 12, 5))
    assert [row.assignment.due.day for row in later] == [3, 5]


def test_starting_twice_resumes_the_quiz_started_for_it(session, stocked):
    ann = add_learner(session, "ann", "hash")
    session.flush()
    from quizapp.scheduling import ensure_cards

    ensure_cards(session)
    assignment, _ = assignments.assign(session, _fields(session, stocked.id, mode="typed"))
    first = assignments.start(session, ann.id, assignment)
    again = assignments.start(session, ann.id, assignment)
    session.commit()
    assert again.id == first.id and (first.mode, len(first.item_ids)) == ("typed", 5)
    assert first.article_id == stocked.id


def test_the_table_costs_the_same_queries_for_a_class_of_any_size(app, session, stocked):
    from quizapp.scheduling import ensure_cards
    from tests.helpers.databases import get_engine_of

    def queries(learners: int) -> int:
        for n in range(learners):
            add_learner(session, f"learner {len(session.exec(select(Learner)).all())}-{n}", "hash")
        session.flush()
        ensure_cards(session)
        session.commit()
        counted = []
        engine = get_engine_of(app)
        listen = lambda *args: counted.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listen)
        try:
            assignments.class_table(session, TODAY)
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        return len(counted)

    for due in ("2026-12-10", "2026-12-11"):
        assignment, _ = assignments.assign(session, _fields(session, stocked.id, due=due))
        learner = add_learner(session, f"took {due}", "hash")
        session.flush()
        _quiz(session, learner, assignment, started=datetime(2026, 12, 4, tzinfo=UTC), minutes=1, right=1)
    assert queries(2) == queries(30)


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Ann = Bob", "Ann = Bob"),
    ],
)
def test_a_csv_cell_is_never_a_formula(name, kept):
    assert assignments.cell(name) == kept


def test_the_download_name_is_safe(session):
    due = date(2026, 12, 10)
    hostile = 'Oslo: "the" race/../x\r\n'
    assert assignments.filename(hostile, due, TODAY) == "progress-oslo-the-race-x-2026-12-10.csv"
    assert assignments.filename("¡¿", due, TODAY) == "progress-article-2026-12-10.csv"
    assert assignments.filename(None, None, TODAY) == "progress-class-2026-12-03.csv"
