"""An exam date in real Chromium: set on the article page (htmx, the page stays), the predicted recall on
the day on the Scores page (both pass axe); cleared again from a browser without JavaScript (a plain form
post)."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers.browser import DESKTOP, axe_violations, snap

pytestmark = pytest.mark.browser


def test_set_an_exam_date_and_see_the_prediction_on_scores(page, live, browser, stocked):
    from playwright.sync_api import expect

    day = (datetime.now(UTC) + timedelta(days=14)).date()
    page.goto(f"{live}/articles/{stocked.id}")
    page.evaluate("window.stayedOnPage = true")
    page.get_by_label("Exam day").fill(day.isoformat())
    page.get_by_role("button", name="Set date").click()
    expect(page.locator("#exam .notice")).to_contain_text(f"Exam date set: {day.strftime('%A %B %-d, %Y')}")
    assert page.evaluate("window.stayedOnPage === true"), "the date was set by a page load, not htmx"
    expect(page.get_by_role("button", name="Clear")).to_be_visible()
    snap(page, "exam-date-set")
    assert axe_violations(page, "exam-date-set") == []

    page.get_by_role("link", name="Scores").click()
    row = page.locator("#exams tbody tr")
    expect(row).to_contain_text(stocked.title)
    expect(row).to_contain_text(day.strftime("%b %-d, %Y"))
    expect(row).to_contain_text("0%")  # nothing studied yet: every question at risk
    expect(row).to_contain_text("5 of 5 questions")
    snap(page, "exam-forecast")
    assert axe_violations(page, "exam-forecast") == []

    plain = browser.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    plain.goto(f"{live}/articles/{stocked.id}")
    plain.get_by_label("Exam day").fill((day - timedelta(days=20)).isoformat())  # a week ago
    plain.get_by_role("button", name="Change date").click()
    expect(plain.locator("#exam [role=alert]")).to_contain_text("Choose a day after today")
    plain.get_by_role("button", name="Clear").click()
    expect(plain.locator(".flash")).to_contain_text("Exam date cleared")
    plain.goto(f"{live}/stats")
    expect(plain.locator("#exams")).to_have_count(0)
