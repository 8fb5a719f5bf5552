"""Assignments in real Chromium, accounts on: the teacher assigns an article, the learner finds it on Home and
takes the assigned quiz, and the teacher's progress table shows it done with its score."""

import re
from datetime import date, timedelta

import pytest

from quizapp.accounts import create_account
from tests.helpers.browser import ANSWERS, DESKTOP, sign_in, snap
from tests.helpers.web import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.app_settings(ACCOUNTS=True)]


def test_the_teacher_assigns_the_learner_takes_it_the_teacher_sees_it_done(
    page, live, browser, session, stocked
):
    from playwright.sync_api import expect

    create_account(session, "Sam", PASSWORD, PASSWORD)
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    due = date.today() + timedelta(days=2)

    teacher = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(teacher, live, "Tess")
    teacher.get_by_role("link", name="Class").click()
    teacher.get_by_label("Article", exact=True).select_option(label=stocked.title)
    teacher.get_by_label("Due by the end of (UTC)").fill(due.isoformat())
    teacher.get_by_label("5 questions").check()
    teacher.get_by_label("Multiple choice").check()
    snap(teacher, "assignment-form")
    teacher.get_by_role("button", name="Assign to the class").click()
    expect(teacher.locator(".flash")).to_contain_text("Assigned to the class.")
    expect(teacher.locator(".assignments")).to_contain_text("0 learners have done it")

    sign_in(page, live, "Sam")
    assigned = page.locator(".assigned")
    expect(assigned).to_contain_text(stocked.title)
    expect(assigned).to_contain_text(f"due {due.strftime('%b %-d, %Y')}")
    snap(page, "home-assigned")
    assigned.get_by_role("button", name="Start the quiz").click()
    for number in range(1, 6):
        expect(page.locator(".progress-line")).to_contain_text(f"Question {number} of 5")
        answer = ANSWERS[page.locator("h2.question").inner_text()]
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Check").click()
        expect(page.locator(".feedback")).to_contain_text("Right!")
        page.get_by_role("link", name="See your score" if number == 5 else "Next").click()
    expect(page.locator(".score .big")).to_have_text("5 / 5")
    page.get_by_role("link", name="Home", exact=True).click()
    expect(assigned.locator(".tag")).to_have_text("done")

    teacher.reload()
    expect(teacher.locator(".assignments")).to_contain_text("1 learner has done it")
    teacher.get_by_role("link", name="Progress", exact=True).click()
    row = teacher.get_by_role("row", name="Sam")
    expect(row).to_contain_text("done")
    expect(row).to_contain_text("100% (5/5)")
    snap(teacher, "assignment-progress")
    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Download CSV").click()
    assert (
        download.value.suggested_filename == f"progress-lindqvist-wins-nordic-marathon-{due.isoformat()}.csv"
    )


def test_the_assignment_pages_pass_axe(browser, live, app, session, stocked):
    """The teacher's pages with a learner's quiz done (and Home with the list), and a refused form."""
    from playwright.sync_api import expect

    from tests.helpers.browser import states_problems
    from tests.helpers.web import Browser, answer_question

    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    teacher, learner = Browser(app), Browser(app)
    teacher.sign_in("Tess")
    teacher.get("/assignments")
    due = (date.today() + timedelta(days=3)).isoformat()
    teacher.post("/assignments", {"article": str(stocked.id), "due": due, "length": "5", "mode": "choice"})
    learner.sign_up("Sam")
    assignment = re.search(r"/assignments/(\d+)/start", learner.html("/")).group(1)
    first = learner.post(f"/assignments/{assignment}/start").headers["Location"]
    quiz = re.search(r"/quiz/(\d+)", first).group(1)
    for position in range(1, 6):
        answer_question(learner, session, f"/quiz/{quiz}/{position}", "correct")

    def signed_in(page) -> None:
        page.get_by_label("Name").fill("Tess")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator(".signed-in")).to_contain_text("Tess")

    def refused(page) -> None:
        page.get_by_label("Due by the end of (UTC)").fill("2001-01-01")
        page.get_by_role("button", name="Assign to the class").click()
        expect(page.locator("#assignment-error")).to_contain_text("The due date has passed")

    states = {
        "home-assigned": ("/account/signin", signed_in),
        "assignments": ("/assignments", None),
        "assignment-refused": ("/assignments", refused),
        "assignment-edit": (f"/assignments/{assignment}/edit", None),
        "assignment-progress": (f"/assignments/{assignment}", None),
        "class-progress": ("/assignments/class", None),
    }
    problems = states_problems(browser, live, states)
    assert not problems, "\n\n".join(problems)


def test_assigning_and_taking_it_work_without_javascript(live, browser, session, stocked):
    from playwright.sync_api import expect

    create_account(session, "Sam", PASSWORD, PASSWORD)
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    teacher = browser.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    sign_in(teacher, live, "Tess")
    teacher.get_by_role("link", name="Class").click()
    teacher.get_by_label("Due by the end of (UTC)").fill("2001-01-01")
    teacher.get_by_role("button", name="Assign to the class").click()
    expect(teacher.locator("#assignment-error")).to_contain_text("The due date has passed")
    teacher.get_by_label("Due by the end of (UTC)").fill(date.today().isoformat())
    teacher.get_by_label("Type the answer").check()
    teacher.get_by_role("button", name="Assign to the class").click()
    expect(teacher.locator(".flash")).to_contain_text("Assigned to the class.")

    learner = browser.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    sign_in(learner, live, "Sam")
    learner.locator(".assigned").get_by_role("button", name="Start the quiz").click()
    expect(learner.locator(".progress-line")).to_contain_text("Question 1 of 5")
    expect(learner.get_by_label("Your answer")).to_be_visible()  # typed, as assigned


def test_a_learner_studies_toward_the_due_dates_without_javascript(live, browser, session, stocked):
    """Home's button turns the due date into the learner's exam date; Scores predicts recall on that day."""
    from playwright.sync_api import expect

    from quizapp.models import Assignment

    create_account(session, "Sam", PASSWORD, PASSWORD)
    due = date.today() + timedelta(days=6)
    session.add(Assignment(article_id=stocked.id, due=due, length=5, mode="choice"))
    session.commit()
    learner = browser.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    sign_in(learner, live, "Sam")
    learner.get_by_role("button", name="Study toward these due dates").click()
    expect(learner.locator(".flash")).to_contain_text("now aim at 1 due date")
    learner.goto(f"{live}/stats")
    expect(learner.get_by_text("Exams ahead")).to_be_visible()
    expect(learner.locator("body")).to_contain_text(stocked.title)
