"""Item analysis in real Chromium, accounts on: a learner reports a question from the quiz feedback (htmx),
and the teacher finds it on the reported questions and the article's item analysis."""

import re

import pytest
from sqlmodel import select

from quizapp.accounts import create_account
from quizapp.models import ItemReport
from tests.helpers.browser import ANSWERS, DESKTOP, snap
from tests.helpers.web import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.app_settings(ACCOUNTS=True)]


def _sign_in(page, live, name: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{live}/account/signin")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".signed-in")).to_contain_text(name)


def test_a_learner_reports_a_question_and_the_teacher_sees_it(page, live, browser, session, stocked):
    from playwright.sync_api import expect

    create_account(session, "Sam", PASSWORD, PASSWORD)
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()

    _sign_in(page, live, "Sam")
    page.goto(f"{live}/quiz")
    page.get_by_role("button", name="Start quiz").click()
    question = page.locator("h2.question").inner_text()
    page.get_by_label(ANSWERS[question], exact=True).check()
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".feedback")).to_contain_text("Right!")
    page.evaluate("window.stayedOnPage = true")
    page.get_by_text("Report this question").click()
    page.get_by_label("Two choices are right").check()
    page.get_by_label("In a few words").fill("Bergen is in Norway too")
    snap(page, "report-form")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".report[role=status]")).to_contain_text("your report reached the teacher")
    assert page.evaluate("window.stayedOnPage === true"), "the report was sent by a page load, not htmx"
    expect(page.get_by_role("link", name="Next")).to_be_visible()  # the quiz goes on
    assert [r.reason for r in session.exec(select(ItemReport)).all()] == ["two_right"]

    teacher = browser.new_context(viewport=DESKTOP).new_page()
    _sign_in(teacher, live, "Tess")
    teacher.get_by_role("link", name="Articles", exact=True).click()
    teacher.get_by_role("link", name="Questions learners reported").click()
    expect(teacher.locator(".reported")).to_contain_text("1 learner reported it")
    teacher.get_by_role("link", name=re.compile("item analysis")).click()
    expect(teacher.get_by_role("heading", name="Questions to look at (1)")).to_be_visible()
    expect(teacher.locator("li.triage")).to_contain_text("Two choices are right (1)")
    expect(teacher.locator("li.triage")).to_contain_text("Bergen is in Norway too")
    snap(teacher, "item-analysis")
    teacher.context.close()


def test_a_report_from_the_flashcard_back_with_javascript_off(browser, live, session, stocked):
    """Without JavaScript the report is a plain form post: a bad one comes back with the message and the note
    kept, a good one returns to the card's back with thanks."""
    from playwright.sync_api import expect

    create_account(session, "Sam", PASSWORD, PASSWORD)
    session.commit()
    page = browser.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, live, "Sam")
    page.goto(f"{live}/review")
    page.get_by_role("button", name="Show answer").click()
    back = page.url.split("?")[0]  # less the time it was shown
    page.get_by_text("Report this question").click()
    page.get_by_role("radio", name="Something else").check()
    page.get_by_role("button", name="Send report").click()  # no words for "Something else"
    expect(page.locator(".report .error")).to_contain_text("Say in a few words what is wrong")
    page.get_by_label("In a few words").fill("The sentence names two winners.")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".flash")).to_contain_text("your report reached the teacher")
    assert page.url == back and page.get_by_role("button", name=re.compile(r"^Good · ")).is_visible()
    assert [(r.reason, r.note) for r in session.exec(select(ItemReport)).all()] == [
        ("other", "The sentence names two winners.")
    ]
    page.context.close()
