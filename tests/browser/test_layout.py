"""What a newcomer sees of the layout, at desktop (1280×800) and phone (390×844) width: the study pages in
one centred column, the Find-an-article field in line with its button, an article's questions one type at
a time. Screenshots of each in test-artifacts/."""

import pytest

from tests.helpers.browser import DESKTOP, PHONE, shoot
from tests.helpers.web import Browser, card_id_of, finished_quiz, start

pytestmark = pytest.mark.browser

BOX = "e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.height]; }"
PAGE_WIDTH = "document.documentElement.clientWidth"


def expect():
    from playwright.sync_api import expect

    return expect


def study_pages(app, session) -> dict[str, str]:
    learner = Browser(app)
    learner.get("/")
    score = finished_quiz(learner, session)
    card = card_id_of(learner.html("/review"))
    question = start(learner.post)
    back = f"/review/{card}/answer"
    return {"flashcard": "/review", "flashcard-back": back, "quiz": question, "score": score}


def test_study_pages_sit_in_one_centred_column(browser, live, app, session, stocked):
    """As Anki's and Quizlet's do: centred on a desktop (not left with the right third empty), the score card
    as wide as the list of misses below it; the whole width on a phone."""
    pages = study_pages(app, session)
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live + path)
            page_width = page.evaluate(PAGE_WIDTH)
            left, right, _, _ = page.locator(".study").evaluate(BOX)
            card = page.locator(".flashcard, .quiz-card, .score").first
            card_left, card_right, _, _ = card.evaluate(BOX)
            if width == "desktop":
                for part, (a, b) in (("column", (left, right)), ("card", (card_left, card_right))):
                    assert abs((a + b) / 2 - page_width / 2) <= 1, f"{name}: the {part} is off centre"
                assert right - left < page_width * 0.7, f"{name}: a reading column, not the page's width"
            else:
                assert card_right - card_left >= page_width - 30, f"{name}: the card leaves a phone's width"
            if name == "score":
                missed_left, missed_right, _, _ = page.locator("ol.missed > li").first.evaluate(BOX)
                assert (missed_left, missed_right) == (card_left, card_right), "score card and misses differ"
        context.close()
    for name, path in pages.items():
        shoot(browser, live + path, f"centred-{name}")
        shoot(browser, live + path, f"centred-{name}", dark=True)


def test_find_an_article_lines_up_with_its_button(browser, live, stocked):
    """A styled field (as the app's others), its button beside it at the same height, and on a phone both
    within the screen."""
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{live}/articles")
        field = page.get_by_label("Find an article")
        button = page.get_by_role("button", name="Find", exact=True)
        field_left, field_right, field_top, field_height = field.evaluate(BOX)
        button_left, button_right, button_top, button_height = button.evaluate(BOX)
        assert abs(field_top - button_top) <= 1 and abs(field_height - button_height) <= 1, width
        assert field_right <= button_left and button_right <= page.evaluate(PAGE_WIDTH) - 8, width
        assert field_right - field_left >= 200, f"{width}: the field is too narrow to type in"
        styled = field.evaluate("e => getComputedStyle(e).borderRadius")
        assert styled == page.get_by_label("Article text").evaluate("e => getComputedStyle(e).borderRadius")
        field.fill("Lindqvist")
        button.click()
        expect()(page.locator("#list-title")).to_contain_text("1 of your 1 articles match")
        context.close()
    shoot(browser, f"{live}/articles", "articles-find")


def test_an_articles_questions_one_type_at_a_time(page, live, browser, stocked):
    page.goto(f"{live}/articles/{stocked.id}")
    items = page.locator(".item-list > li")
    expect()(items).to_have_count(5)
    page.get_by_role("link", name="Who (2)").click()
    expect()(items).to_have_count(2)
    expect()(page.get_by_role("heading", name="Who questions (2 of 5)")).to_be_visible()
    for index in range(2):
        expect()(items.nth(index).locator(".tag").first).to_have_text("Who")
    shoot(browser, page.url, "article-who")
    page.get_by_role("link", name="4,000").click()  # a fact of another type: its question among them all
    expect()(items).to_have_count(5)
    expect()(page.locator(".item-list > li:target")).to_contain_text("How many runners")
    expect()(page.locator(".item-list > li:target")).to_be_in_viewport()
