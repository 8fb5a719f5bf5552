"""Accounts in real Chromium: make an account, study, and a session that ends mid-card sends the whole page to
the sign-in form and back."""

import re

import pytest
from sqlmodel import select

from quizapp.models import Learner, ReviewLog
from tests.helpers.browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.app_settings(ACCOUNTS=True)]


def test_sign_up_study_and_sign_in_again(page, live, browser, session, stocked):
    from playwright.sync_api import expect

    page.goto(f"{live}/review")
    expect(page).to_have_url(re.compile(r"/account/signin\?next=/review$"))
    shoot(browser, f"{live}/account/signin", "signin")
    page.get_by_role("link", name="Make an account").click()
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Password", exact=True).fill("analytical engine")
    page.get_by_label("Password again").fill("analytical engine")
    page.get_by_role("button", name="Make my account").click()
    expect(page.locator(".signed-in")).to_contain_text("Ada")

    page.get_by_role("link", name="Flashcards", exact=True).click()
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name=re.compile(r"^Good · ")).click()
    expect(page.locator(".left")).to_contain_text("4 left today")

    # The session ends (cookie gone) while a card is open: the next htmx click takes the whole tab to the
    # sign-in page, and signing in brings the learner back to the flashcards, the grade they made kept.
    page.context.clear_cookies()
    page.get_by_role("button", name="Show answer").click()
    expect(page).to_have_url(re.compile(r"/account/signin\?next=/review$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Name").fill("ada")
    page.get_by_label("Password").fill("analytical engine")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.locator(".left")).to_contain_text("4 left today")

    # A link to our sign-in page that names another site as `next` keeps the signed-in learner here.
    for disguised in ("/%09/evil.example", "/%5C%5Cevil.example", "/%0D%0A/evil.example"):
        page.goto(f"{live}/account/signin?next={disguised}")
        assert page.url == f"{live}/", disguised

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/account/signin$"))
    ada = session.exec(select(Learner).where(Learner.name == "Ada")).one()
    assert len(session.exec(select(ReviewLog).where(ReviewLog.learner_id == ada.id)).all()) == 1
