"""Every page passes an axe scan (axe-core, through axe-playwright-python) in real Chromium: light and dark,
desktop and phone, each page with data in it. Any violation fails the test; each scan leaves a screenshot in
test-artifacts/ (axe-PAGE-WIDTH-SCHEME.png)."""

import re

import pytest
from sqlmodel import select

from quizapp.models import ArticleJob, Item, ItemStatus
from tests.helpers.browser import accessibility_problems, states_problems
from tests.helpers.web import PASSWORD, Browser, answer_question, back_form, card_id_of, finished_quiz, start

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


def expect():
    from playwright.sync_api import expect

    return expect


def refused_import(summary: str):
    """Open the import form under `summary`, paste a line without its answer and send it."""

    def act(page) -> None:
        page.get_by_text(summary).click()
        page.get_by_label("or paste the questions").fill("Q1?\tA1\nQ2?\t\n")
        page.get_by_role("button", name="Import questions").click()
        expect()(page.locator("#import-error")).to_contain_text("Line 2: Write the answer.")

    return act


def refused_question(page) -> None:
    """Add a question by hand whose answer is in it."""
    page.locator("#new-question").fill("Who finished ahead of Lindqvist's rivals?")
    page.locator("#new-answer").fill("Lindqvist")
    page.get_by_role("button", name="Add question").click()
    expect()(page.locator("#question-error")).to_contain_text("The question gives its answer away")


def test_exports_imports_own_questions_and_deleting_pass_axe(browser, live, stocked):
    article = f"/articles/{stocked.id}"
    problems = states_problems(
        browser,
        live,
        {
            "export-article": (f"{article}/export", None),
            "export-library": ("/articles/export", None),
            "export-unknown-format": (f"{article}/export?format=pdf", None),
            "import-form": ("/articles", lambda page: page.get_by_text("Import questions (CSV").click()),
            "import-refused": ("/articles", refused_import("Import questions (CSV, TSV, Anki, Quizlet)")),
            "import-into-refused": (article, refused_import("Import questions into this article")),
            "own-question-refused": (article, refused_question),
            "delete-confirm": (f"{article}/delete", None),
        },
    )
    assert not problems, "\n\n".join(problems)


def grade_every_card_easy(learner: Browser) -> None:
    for _ in range(20):  # five cards; Easy sends each days ahead
        html = learner.html("/review")
        if "/answer" not in html:
            return
        card = card_id_of(html)
        _, form = back_form(learner.client, card)
        learner.post(f"/review/{card}/grade", form | {"rating": "4"})
    raise AssertionError("cards still due after grading every one Easy")


def test_the_ends_of_study_and_a_library_emptied_pass_axe(browser, live, app, session, stocked):
    learner = Browser(app)
    learner.get("/")
    score = finished_quiz(learner, session)
    grade_every_card_easy(learner)
    assert "All done for now" in learner.html("/review")
    problems = accessibility_problems(browser, live, {"flashcards-all-done": "/review", "home-all-done": "/"})

    confirm = learner.html(f"/articles/{stocked.id}/delete")
    content_hash = re.search(r'name="content_hash" value="([^"]+)"', confirm).group(1)
    assert learner.post(f"/articles/{stocked.id}/delete", {"content_hash": content_hash}).status_code == 303
    assert "No flashcards yet" in learner.html("/review")
    assert "This question has since been deleted" in learner.html(score)
    problems += accessibility_problems(
        browser,
        live,
        {
            "home-empty": "/",
            "flashcards-no-cards": "/review",
            "quiz-setup-empty": "/quiz",
            "articles-empty": "/articles",
            "stats-article-deleted": "/stats",
            "quiz-score-question-deleted": score,
        },
    )
    assert not problems, "\n\n".join(problems)


@pytest.mark.app_settings(ACCOUNTS=True)
def test_account_pages_pass_axe(browser, live):
    def refused_signup(page) -> None:
        page.get_by_label("Name").fill("Ada")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill("not the same")
        page.get_by_role("button", name="Make my account").click()
        page.locator(".error").wait_for()

    states = {
        "signin": ("/account/signin", None),
        "signup": ("/account/signup?next=/review", None),
        "signup-refused": ("/account/signup", refused_signup),
    }
    problems = states_problems(browser, live, states)
    assert not problems, "\n\n".join(problems)
