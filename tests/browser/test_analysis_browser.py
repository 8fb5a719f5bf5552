"""Item analysis in real Chromium, accounts on: a learner reports a question from the quiz feedback (htmx),
and the teacher finds it on the reported questions and the article's item analysis; the teacher keeps one
suspect and fixes another from their rows."""

import re
from datetime import UTC, datetime

import pytest
from fsrs import Rating
from sqlmodel import select

from quizapp.accounts import create_account
from quizapp.models import CardState, Item, ItemReport
from quizapp.scheduling import review
from tests.helpers.browser import ANSWERS, DESKTOP, sign_in, snap
from tests.helpers.web import PASSWORD
from tests.test_analysis import crafted  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.app_settings(ACCOUNTS=True)]


def test_a_learner_reports_a_question_and_the_teacher_sees_it(page, live, browser, session, stocked):
    from playwright.sync_api import expect

    create_account(session, "Sam", PASSWORD, PASSWORD)
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()

    sign_in(page, live, "Sam")
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
    sign_in(teacher, live, "Tess")
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
    sign_in(page, live, "Sam")
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


def test_the_teacher_keeps_one_suspect_and_fixes_another(page, live, session, stocked, crafted):  # noqa: F811
    """With htmx each button swaps the question's row alone; the kept suspect leaves the list; the fixed one
    asks its new question and a learner's card of it keeps its due date."""
    from playwright.sync_api import expect

    sam = create_account(session, "Sam", PASSWORD, PASSWORD)
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    director = crafted["Pelle Strand"]
    card = session.exec(
        select(CardState).where(CardState.learner_id == sam.id, CardState.item_id == director.id)
    ).one()
    review(
        session, card, Rating.Good, expected_version=card.version, now=datetime(2026, 11, 20, 9, tzinfo=UTC)
    )
    session.commit()
    due = card.due

    sign_in(page, live, "Tess")
    page.goto(f"{live}/analysis/articles/{stocked.id}")
    expect(page.get_by_role("heading", name="Questions to look at (4)")).to_be_visible()
    page.evaluate("window.stayedOnPage = true")
    oslo_row = page.locator(f"#triage-{crafted['Oslo'].id}")
    expect(oslo_row).to_contain_text("“Bergen” was picked more often")
    oslo_row.get_by_role("button", name="It is fine: keep it").click()
    expect(oslo_row).to_contain_text("Kept as it is")
    expect(oslo_row.get_by_role("button")).to_have_count(0)

    row = page.locator(f"#triage-{director.id}")
    row.get_by_role("link", name="Fix it").click()
    row.get_by_label("Question").fill("Who directed the race?")
    row.get_by_label("Answer", exact=True).fill("Pelle Strand, the race director")
    row.get_by_label("Choices").fill("Pelle Strand, the race director\nMara Lindqvist\nAnna Berg\nEva Holm")
    snap(page, "triage-fix")
    row.get_by_role("button", name="Save the fix").click()
    expect(row).to_contain_text("Fixed: every learner's card keeps its schedule")
    expect(row).to_contain_text("Who directed the race?")
    assert page.evaluate("window.stayedOnPage === true"), (
        "a button loaded the page instead of swapping the row"
    )

    page.reload()
    expect(page.get_by_role("heading", name="Questions to look at (2)")).to_be_visible()
    expect(page.locator(f"#triage-{crafted['Oslo'].id}")).to_have_count(0)
    expect(page.locator(f"#triage-{director.id}")).to_have_count(0)
    session.expire_all()
    assert session.get(Item, director.id).answer == "Pelle Strand, the race director"
    assert session.get(CardState, card.id).due == due
