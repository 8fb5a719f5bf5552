"""Every page passes an axe scan (axe-core, through axe-playwright-python) in real Chromium: light and dark,
desktop and phone, each page with data in it. Any violation fails the test; each scan leaves a screenshot in
test-artifacts/ (axe-PAGE-WIDTH-SCHEME.png)."""

import pytest
from sqlmodel import select

from quizapp.models import ArticleJob, Item, ItemStatus
from tests.helpers.browser import LOOKS, accessibility_problems, axe_violations
from tests.helpers.web import PASSWORD, Browser, answer_question, card_id_of, finished_quiz, start

pytestmark = pytest.mark.browser


def learner_pages(app, session, stocked) -> dict[str, str]:
    """The app's pages (every GET route a learner or teacher sees), each in a state with data in it."""
    learner = Browser(app)
    learner.get("/")
    choice = start(learner.post)
    answer_question(learner, session, choice, "correct")
    choice_second = choice[:-1] + "2"
    answer_question(learner, session, choice_second, "wrong")
    typed = start(learner.post, mode="typed")
    answer_question(learner, session, typed, "almost")
    score = finished_quiz(learner, session)

    items = session.exec(select(Item).where(Item.article_id == stocked.id).order_by(Item.id)).all()
    items[1].status = ItemStatus.SUSPENDED  # set apart on the article page
    items[2].flagged = True
    session.add(ArticleJob(text="Being added.\n\nA paragraph.", fmt="text", content_hash="job"))
    session.commit()
    job = session.exec(select(ArticleJob)).one()

    card = card_id_of(learner.html("/review"))
    report = {"reason": "other", "note": "Two runners share the name."}
    assert learner.post(f"/analysis/items/{items[0].id}/report", report).status_code == 303
    return {
        "home": "/",
        "quiz-setup": "/quiz",
        "quiz-question": choice[:-1] + "3",
        "quiz-right": choice,
        "quiz-wrong": choice_second,
        "quiz-typed-question": typed[:-1] + "2",
        "quiz-almost": typed,
        "quiz-score": score,
        "flashcard-front": "/review",
        "flashcard-back": f"/review/{card}/answer",
        "stats": "/stats",
        "articles": "/articles",
        "article": f"/articles/{stocked.id}",
        "article-who": f"/articles/{stocked.id}?type=who",
        "item-edit": f"/articles/items/{items[0].id}/edit",
        "article-job": f"/articles/jobs/{job.id}",
        "item-analysis": f"/analysis/articles/{stocked.id}",
        "reported-questions": "/analysis",
        "not-found": "/no/such/page",
    }


def test_every_page_passes_axe_light_and_dark_on_desktop_and_phone(browser, live, app, session, stocked):
    problems = accessibility_problems(browser, live, learner_pages(app, session, stocked))
    assert not problems, "\n\n".join(problems)


@pytest.mark.app_settings(ACCOUNTS=True)
def test_account_pages_pass_axe(browser, live):
    problems = accessibility_problems(
        browser, live, {"signin": "/account/signin", "signup": "/account/signup?next=/review"}
    )
    for width, scheme, viewport in LOOKS:  # a sign-up refused: the form with its error
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{live}/account/signup")
        page.get_by_label("Name").fill("Ada")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill("not the same")
        page.get_by_role("button", name="Make my account").click()
        page.locator(".error").wait_for()
        problems += axe_violations(page, f"signup-refused-{width}-{scheme}")
        context.close()
    assert not problems, "\n\n".join(problems)
