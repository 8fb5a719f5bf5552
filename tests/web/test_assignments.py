"""Class assignments through the test client, accounts on: the teacher sets, edits and removes them and
reads the progress table and its CSV; a learner sees them on Home, starts the assigned quiz and cannot reach
the teacher's pages; a personal install has none of it."""

import csv
import io
import re
from datetime import date, timedelta
from functools import partial

import pytest
from sqlmodel import select

from quizapp import exams
from quizapp.accounts import create_account
from quizapp.models import Assignment, AssignmentQuiz, ExamDate, Learner, QuizSession
from tests.helpers.web import PASSWORD, Browser, answer_question

pytestmark = pytest.mark.app_settings(ACCOUNTS=True)

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    from werkzeug.security import generate_password_hash

    from quizapp import accounts

    monkeypatch.setattr(
        accounts, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1")
    )


@pytest.fixture
def teacher(app, session, stocked):
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    browser = Browser(app)
    browser.sign_in("Tess")
    browser.get("/assignments")
    return browser


@pytest.fixture
def learner(app):
    browser = Browser(app)
    browser.sign_up("=cmd|' /C calc'!A0")  # a name a spreadsheet would run, were it not quoted
    return browser


def _assign(teacher, article_id, **form):
    data = {"article": str(article_id), "due": TOMORROW, "length": "5", "mode": "choice"} | form
    return teacher.post("/assignments", data)


def test_a_teacher_assigns_an_article_and_a_double_submit_makes_one(teacher, session, stocked):
    sent = _assign(teacher, stocked.id)
    assert sent.status_code == 303
    page = teacher.html(sent.headers["Location"])
    assert "Assigned to the class." in page and stocked.title in page
    again = _assign(teacher, stocked.id)
    assert "already assigned for" in teacher.html(again.headers["Location"])
    assert len(session.exec(select(Assignment)).all()) == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"due": "2020-01-01"}, "The due date has passed"),
        ({"due": "tomorrow"}, "year-month-day"),
        ({"due": "2027-13-01"}, "There is no day 2027-13-01"),
        ({"article": "999"}, "Pick an article from the list."),
        ({"article": "x" * 10_000}, "Pick an article from the list."),
        ({"article": "9" * 5000}, "Pick an article from the list."),
        ({"length": "500"}, "Choose a quiz of 5, 10, 20 questions."),
        ({"mode": "\x00\xff"}, "Choose multiple choice or typed answers."),
    ],
)
def test_a_bad_form_says_why_and_keeps_what_was_typed(teacher, session, stocked, form, message):
    sent = _assign(teacher, stocked.id, **({"length": "20"} | form))
    page = sent.get_data(as_text=True)
    assert sent.status_code == 422 and message in page
    assert f'value="{form.get("due", TOMORROW)}"' in page  # the form is as it was sent
    if "length" not in form:
        assert 'value="20" checked' in page
    assert session.exec(select(Assignment)).all() == []


def test_a_post_without_fields_or_token_is_refused_plainly(teacher, session, stocked):
    assert teacher.post("/assignments", {}).status_code == 422
    assert (
        teacher.client.post("/assignments", data={"article": str(stocked.id), "due": TOMORROW}).status_code
        == 400
    )
    assert session.exec(select(Assignment)).all() == []


def test_the_teacher_edits_and_removes_an_assignment(teacher, session, stocked):
    _assign(teacher, stocked.id)
    assignment = session.exec(select(Assignment)).one()
    url = f"/assignments/{assignment.id}/edit"
    assert 'value="5" checked' in teacher.html(url)
    bad = teacher.post(
        url, {"article": str(stocked.id), "due": "2001-01-01", "length": "10", "mode": "typed"}
    )
    assert bad.status_code == 422 and "has passed" in bad.get_data(as_text=True)
    later = (date.today() + timedelta(days=7)).isoformat()
    saved = teacher.post(url, {"article": str(stocked.id), "due": later, "length": "10", "mode": "typed"})
    assert "The assignment is changed." in teacher.html(saved.headers["Location"])
    session.refresh(assignment)
    assert (assignment.due.isoformat(), assignment.length, assignment.mode) == (later, 10, "typed")
    removed = teacher.post(f"/assignments/{assignment.id}/remove")
    assert "The assignment is removed." in teacher.html(removed.headers["Location"])
    again = teacher.post(f"/assignments/{assignment.id}/remove")
    assert "already removed" in teacher.html(again.headers["Location"])
    assert teacher.get(url).status_code == 404
    session.expire_all()
    assert session.exec(select(Assignment)).all() == []


def test_a_learner_sees_it_on_home_takes_it_and_the_teacher_sees_it_done(teacher, learner, session, stocked):
    _assign(teacher, stocked.id, mode="typed")
    assignment = session.exec(select(Assignment)).one()
    home = learner.html("/")
    assert "Assigned to you" in home and stocked.title in home and "5 questions, type the answer" in home
    started = learner.post(f"/assignments/{assignment.id}/start")
    assert started.status_code == 303
    again = learner.post(f"/assignments/{assignment.id}/start")  # a double click: the same quiz
    assert again.headers["Location"] == started.headers["Location"]
    quiz = session.exec(select(QuizSession)).one()
    assert (quiz.mode, len(quiz.item_ids), quiz.article_id) == ("typed", 5, stocked.id)
    assert session.get(AssignmentQuiz, quiz.id).assignment_id == assignment.id
    assert "Continue the quiz" in learner.html("/")
    for position, verdict in enumerate(("correct", "wrong", "correct", "correct", "correct"), 1):
        answer_question(learner, session, f"/quiz/{quiz.id}/{position}", verdict)
    assert re.search(r"done\s*</span>", learner.html("/"))

    table = teacher.html(f"/assignments/{assignment.id}")
    assert "1 of 1 learners done" in table and "80% (4/5)" in table
    assert "=cmd|&#39; /C calc&#39;!A0" in table  # the name as text
    assert "stability of at least 21 days" in table
    assert "done" in teacher.html("/assignments/class")

    download = teacher.get(f"/assignments/{assignment.id}/progress.csv")
    assert download.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="?progress-[a-z0-9-]+\.csv"?', download.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0][:5] == ["learner", "status", "score %", "right", "questions"]
    assert rows[1][:5] == ["'=cmd|' /C calc'!A0", "done", "80", "4", "5"]
    whole = list(
        csv.reader(io.StringIO(teacher.get("/assignments/class/progress.csv").get_data(as_text=True)))
    )
    assert whole[1][:2] == ["'=cmd|' /C calc'!A0", "done"]


def test_a_learner_studies_toward_the_due_dates_and_scores_shows_the_day(teacher, learner, session, stocked):
    """Home's "Study toward these due dates" makes each due date ahead the learner's exam date on its
    article (a sooner exam of the learner's own stays); Scores then predicts recall on that day."""
    in_a_week = (date.today() + timedelta(days=7)).isoformat()
    _assign(teacher, stocked.id, due=in_a_week)
    home = learner.html("/")
    assert "Study toward these due dates" in home
    sent = learner.post("/assignments/study-toward-due-dates")
    assert sent.status_code == 303
    assert "now aim at 1 due date" in learner.html(sent.headers["Location"])
    [exam] = session.exec(select(ExamDate)).all()
    assert (exam.article_id, exam.exam_on.isoformat()) == (stocked.id, in_a_week)
    assert "Exams ahead" in learner.html("/stats")
    again = learner.post("/assignments/study-toward-due-dates")  # a double submit changes nothing
    assert "Nothing to change" in learner.html(again.headers["Location"])
    assert len(session.exec(select(ExamDate)).all()) == 1


def test_a_sooner_exam_of_the_learners_own_stays(teacher, learner, session, stocked, app):
    _assign(teacher, stocked.id, due=(date.today() + timedelta(days=9)).isoformat())
    learner_id = session.exec(select(Learner.id).where(Learner.name == "=cmd|' /C calc'!A0")).one()
    exams.set_exam(session, learner_id, stocked.id, (date.today() + timedelta(days=3)).isoformat())
    session.commit()
    learner.html("/")
    sent = learner.post("/assignments/study-toward-due-dates")
    assert "Nothing to change" in learner.html(sent.headers["Location"])
    session.expire_all()
    assert session.exec(select(ExamDate)).one().exam_on == date.today() + timedelta(days=3)


def test_a_learner_cannot_see_the_table_or_assign(teacher, learner, session, stocked):
    _assign(teacher, stocked.id)
    assignment = session.exec(select(Assignment)).one()
    refused = [
        learner.get("/assignments"),
        learner.get(f"/assignments/{assignment.id}"),
        learner.get("/assignments/class"),
        learner.get(f"/assignments/{assignment.id}/progress.csv"),
        learner.get("/assignments/class/progress.csv"),
        learner.get(f"/assignments/{assignment.id}/edit"),
        learner.post("/assignments", {"article": str(stocked.id), "due": TOMORROW}),
        learner.post(f"/assignments/{assignment.id}/edit", {"article": str(stocked.id), "due": TOMORROW}),
        learner.post(f"/assignments/{assignment.id}/remove"),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)
    assert ">Class</a>" not in learner.html("/") and ">Class</a>" in teacher.html("/")
    assert len(session.exec(select(Assignment)).all()) == 1


def test_a_removed_assignment_started_from_an_old_home_page_says_so(teacher, learner, session, stocked):
    _assign(teacher, stocked.id)
    assignment = session.exec(select(Assignment)).one()
    learner.get("/")
    teacher.post(f"/assignments/{assignment.id}/remove")
    sent = learner.post(f"/assignments/{assignment.id}/start")
    assert "removed by the teacher" in learner.html(sent.headers["Location"])


def test_an_id_no_row_can_have_is_not_found(teacher, learner):
    for huge in ("2147483648", "9" * 5000):
        assert teacher.get(f"/assignments/{huge}").status_code == 404
        assert teacher.get(f"/assignments/{huge}/progress.csv").status_code == 404
        assert teacher.post(f"/assignments/{huge}/edit", {"due": TOMORROW}).status_code == 404
        assert teacher.post(f"/assignments/{huge}/remove").status_code == 404
        assert learner.post(f"/assignments/{huge}/start").status_code == 404


@pytest.mark.app_settings(ACCOUNTS=False)
def test_a_personal_install_has_no_class(client, stocked):
    assert client.get("/assignments").status_code == 404
    assert client.get("/assignments/class/progress.csv").status_code == 404
    assert "Assigned to you" not in client.get("/").get_data(as_text=True)
