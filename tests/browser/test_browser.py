"""The learner's flows in real Chromium: quiz to score (htmx and JavaScript off), flashcards by button and
keyboard, adding an article, scores, and screenshots of every page at desktop and phone width."""

import re

import pytest
from sqlmodel import select

from quizapp.models import QuizSession, ReviewLog
from tests.helpers.browser import ANSWERS, CHOICES, PHONE, shoot, snap
from tests.helpers.stock import SEED_ARTICLE

pytestmark = pytest.mark.browser


def expect():
    from playwright.sync_api import expect

    return expect


def take_quiz(page, live, *, wrong_at: int = 2, shots: str | None = None) -> None:
    """Start a 5-question multiple-choice quiz and answer it, wrong at question `wrong_at`."""
    page.goto(f"{live}/quiz")
    page.get_by_label("5 questions").check()
    page.get_by_label("Multiple choice").check()
    page.get_by_role("button", name="Start quiz").click()
    for number in range(1, 6):
        expect()(page.locator(".progress-line")).to_contain_text(f"Question {number} of 5")
        question = page.locator("h2.question").inner_text()
        answer = ANSWERS[question]
        given = next(c for c in CHOICES[question] if c != answer) if number == wrong_at else answer
        page.get_by_label(given, exact=True).check()
        if shots and number == 1:
            snap(page, f"{shots}-question")
        page.get_by_role("button", name="Check").click()
        feedback = page.locator(".feedback")
        expect()(feedback).to_contain_text("Not quite" if number == wrong_at else "Right!")
        expect()(feedback.locator("mark")).to_have_text(answer)
        if shots and number == wrong_at:
            snap(page, f"{shots}-feedback-wrong")
        link = "See your score" if number == 5 else "Next"
        page.get_by_role("link", name=link).click()
    expect()(page.locator(".score .big")).to_have_text("4 / 5")


def test_quiz_to_its_score_with_htmx(page, live, browser, session, stocked):
    page.goto(f"{live}/quiz")
    page.evaluate("window.stayedOnPage = true")
    page.get_by_role("button", name="Start quiz").click()  # a plain form post: a new page
    expect()(page.locator(".progress-line")).to_contain_text("Question 1 of")
    page.evaluate("window.stayedOnPage = true")
    question = page.locator("h2.question").inner_text()
    page.get_by_label(ANSWERS[question], exact=True).check()
    page.get_by_role("button", name="Check").click()
    expect()(page.locator(".feedback")).to_contain_text("Right!")
    assert page.evaluate("window.stayedOnPage === true"), "the feedback came by a page load, not htmx"
    assert page.locator("#quiz").get_attribute("aria-live") == "polite"
    page.get_by_role("link", name="Next").click()
    expect()(page.locator(".progress-line")).to_contain_text("Question 2 of")
    assert page.evaluate("window.stayedOnPage === true")
    assert re.search(r"/quiz/\d+/2$", page.url), "Next pushes the question's own address"
    page.go_back()  # the back button shows the answered question, which cannot be answered again
    expect()(page.locator(".feedback")).to_contain_text("Right!")
    assert re.search(r"/quiz/\d+/1$", page.url)
    page.go_forward()
    expect()(page.locator(".progress-line")).to_contain_text("Question 2 of")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Check").dblclick()  # a double click is recorded once
    expect()(page.locator(".feedback")).to_be_visible()
    assert len(session.exec(select(ReviewLog)).all()) == 2

    take_quiz(page, live, shots="quiz")
    snap(page, "quiz-score")
    shoot(browser, page.url, "quiz-score")
    expect()(page.locator(".score")).to_contain_text("80%")
    expect()(page.locator(".missed")).to_contain_text("You answered")
    logs = session.exec(select(ReviewLog).where(ReviewLog.mode == "quiz")).all()
    assert len(logs) == 7 and {log.rating for log in logs} <= {1, 3}


def test_quiz_with_javascript_off(browser, live, session, stocked):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    take_quiz(page, live, wrong_at=3, shots="nojs-quiz")
    quizzes = session.exec(select(QuizSession)).all()
    assert len(quizzes) == 1 and quizzes[0].correct_count == 4 and quizzes[0].finished_at is not None
    context.close()


def test_scores_page_reflects_the_quiz(page, live, browser, stocked):
    take_quiz(page, live)
    page.get_by_role("link", name="Scores").click()
    history = page.locator("table").last
    expect()(history).to_contain_text("4 / 5")
    expect()(history).to_contain_text("All articles")
    expect()(page.locator(".stat").first).to_contain_text("1")
    assert page.locator("svg.heatmap rect.heat-4").count() == 1
    assert page.locator("svg.forecast rect.bar").count() == 30
    # Each accuracy meter is filled to its percentage (an SVG width: no style attribute under the CSP).
    meter = page.locator("table svg.meter").first
    label, filled, whole = meter.evaluate(
        "m => [m.getAttribute('aria-label'), m.firstElementChild.getBoundingClientRect().width,"
        " m.getBoundingClientRect().width]"
    )
    percent = int(re.search(r"(\d+)%", label).group(1))
    assert whole > 20 and abs(filled - whole * percent / 100) < 1, (label, filled, whole)
    shoot(browser, f"{live}/stats", "stats")
    shoot(browser, f"{live}/stats", "stats", dark=True)


def show_and_grade(page, *, show_key: str | None, grade: str, by_key: bool) -> None:
    if show_key:
        page.keyboard.press(show_key)
    else:
        page.get_by_role("button", name="Show answer").click()
    button = page.locator(f'[data-grade="{grade}"]')
    expect()(button).to_be_visible()
    expect()(button).to_contain_text(re.compile(r"· \d"))
    if by_key:
        page.keyboard.press(grade)
    else:
        button.click()
    expect()(page.locator('[data-grade="1"]')).to_have_count(0)


def test_flashcards_with_buttons_and_keyboard(page, live, browser, session, stocked):
    page.goto(f"{live}/review")
    expect()(page.locator(".left")).to_contain_text("5 left today")
    snap(page, "review-front")
    shoot(browser, f"{live}/review", "review-front")
    page.get_by_role("button", name="Show answer").click()
    # intervals as learners read them, not Anki's "1m" (a minute or a month?)
    expect()(page.get_by_role("button", name="Again · 1 min")).to_be_visible()
    expect()(page.get_by_role("button", name="Good · 10 min")).to_be_visible()
    snap(page, "review-back")
    card_url = page.url
    page.get_by_role("button", name=re.compile(r"^Again · ")).click()
    expect()(page.locator(".left")).to_contain_text("left today")
    show_and_grade(page, show_key=None, grade="2", by_key=False)  # Hard button
    show_and_grade(page, show_key="Space", grade="3", by_key=True)  # keyboard
    show_and_grade(page, show_key="Enter", grade="4", by_key=True)
    show_and_grade(page, show_key=None, grade="3", by_key=False)  # Good button
    ratings = [log.rating for log in session.exec(select(ReviewLog).order_by(ReviewLog.id)).all()]
    assert ratings == [1, 2, 3, 4, 3]
    page.keyboard.press("u")
    expect()(page.locator(".notice")).to_contain_text("Undone")
    ratings = [log.rating for log in session.exec(select(ReviewLog).order_by(ReviewLog.id)).all()]
    assert ratings == [1, 2, 3, 4]
    assert card_url.endswith("/review")
    shoot(browser, f"{live}/review", "review-after-undo", dark=True)


def test_review_back_screenshots(browser, live, stocked):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live}/review")
    page.get_by_role("button", name="Show answer").click()
    page.locator('[data-grade="3"]').wait_for()
    snap(page, "review-back-phone")
    context.close()


def test_add_article_by_paste(page, live, browser, run_jobs):
    """The page answers at once with the article's progress, and turns into the article by itself (htmx
    polls it) once the job has run."""
    try:
        from quizapp.generator import generate  # noqa: F401
    except ImportError:
        pytest.skip("quizapp.generator.generate is not importable yet (issue 3 in progress)")
    page.goto(f"{live}/articles")
    page.get_by_label("Article text").fill(SEED_ARTICLE.read_text())
    page.get_by_role("button", name="Add article").click()
    page.wait_for_url(re.compile(r"/articles/jobs/\d+$"))
    expect()(page.locator("#job")).to_contain_text("Waiting for its turn")
    snap(page, "article-progress")
    assert run_jobs() == 1
    page.wait_for_url(re.compile(r"/articles/\d+$"), timeout=30_000)
    expect()(page.locator(".flash")).to_contain_text("questions")
    items = page.locator(".item-list > li")
    assert items.count() >= 10
    assert page.locator(".article-text mark").count() >= 5
    snap(page, "article-added")
    shoot(browser, page.url, "article")
    page.get_by_role("link", name="Quiz on this article").first.click()
    page.get_by_role("button", name="Start quiz").click()
    expect()(page.locator("h2.question")).to_be_visible()


def test_article_item_edit_suspend_flag(page, live, browser, stocked):
    page.goto(f"{live}/articles/{stocked.id}")
    first = page.locator(".item-list > li").first
    first.get_by_role("link", name="Edit").click()
    page.get_by_label("Question", exact=True).fill("Who won the Oslo marathon in 2024?")
    page.get_by_role("button", name="Save").click()
    expect()(page.locator(".item-list > li").first).to_contain_text("Who won the Oslo marathon in 2024?")
    page.locator(".item-list > li").first.get_by_role("button", name="Suspend").click()
    expect()(page.locator(".item-list > li").first).to_contain_text("suspended")
    expect()(page.locator(".item-list > li").first).to_be_focused()  # focus stays on the item
    page.locator(".item-list > li").nth(1).get_by_role("button", name="Flag as bad").click()
    expect()(page.locator(".item-list > li").nth(1)).to_contain_text("flagged")
    shoot(browser, f"{live}/articles/{stocked.id}", "article-stocked")


def test_screenshots_of_every_page(browser, live, stocked):
    for path, name in [
        ("/", "home"),
        ("/quiz", "quiz-setup"),
        ("/articles", "articles"),
        ("/no/such/page", "not-found"),
    ]:
        shoot(browser, f"{live}{path}", name)
    shoot(browser, f"{live}/", "home", dark=True)
    shoot(browser, f"{live}/articles/{stocked.id}", "article-stocked", dark=True)


def test_pasting_html_shows_it_as_text(page, live, stocked, session):
    from quizapp.models import Article

    text = "<script>window.pwned = 1</script> <img src=x onerror=alert(1)>"
    article = Article(title="Script test", text=text, content_hash="script")
    session.add(article)
    session.commit()
    page.goto(f"{live}/articles/{article.id}")
    expect()(page.locator(".article-text")).to_contain_text("<script>window.pwned = 1</script>")
    assert page.evaluate("window.pwned === undefined")
    assert page.locator(".article-text img").count() == 0


def test_typed_quiz_screenshots(page, live, browser, stocked):
    page.goto(f"{live}/quiz")
    page.get_by_label("Type the answer").check()
    page.get_by_role("button", name="Start quiz").click()
    question_url = page.url
    shoot(browser, question_url, "quiz-typed-question")
    page.get_by_label("Your answer").fill("somebody else")
    page.get_by_label("Your answer").press("Enter")
    expect()(page.locator(".feedback")).to_contain_text("Not quite")
    shoot(browser, question_url, "quiz-typed-feedback", dark=True)


def _stand_in_generator():
    """A tiny generator with the real one's interface (see quizapp.ingest): one 'when' item per year."""
    import types
    from dataclasses import dataclass, field

    @dataclass
    class StandInItem:
        type: str
        question: str
        answer: str
        sentence: str
        sentence_span: tuple[int, int]
        answer_span: tuple[int, int]
        fact_key: str
        accepted: list = field(default_factory=list)
        choices: list = field(default_factory=list)
        score: float = 1.0

    @dataclass
    class Generation:
        items: list
        text: str
        title: str | None = None
        byline: str | None = None
        reason: str | None = None

    def generate(raw, fmt="text", distractor_pool=None):
        title, _, body = raw.partition("\n")
        items = []
        for match in re.finditer(r"[^.]*?\b(1[89]\d\d|20\d\d)\b[^.]*\.", body):
            year = match.group(1)
            start = body.index(year, match.start())
            sentence = match.group(0).strip()
            question = sentence.replace(year, "which year").rstrip(".") + "?"
            items.append(
                StandInItem(
                    "when",
                    f"In what year: {question}",
                    year,
                    sentence,
                    (match.start(), match.end()),
                    (start, start + len(year)),
                    f"when:{year}",
                    [year],
                    [year, str(int(year) + 1), str(int(year) - 1), str(int(year) + 2)],
                )
            )
        return Generation(items, body, title.strip(), None, None if items else "No facts were found.")

    module = types.ModuleType("quizapp.generator")
    module.generate = generate
    return module


def test_add_article_by_paste_with_a_stand_in_generator(page, live, browser, monkeypatch, run_jobs):
    """The add-by-paste page flow, independent of the real generator's progress: a failure shows on the
    progress page with the text kept, and the text tried again becomes the article."""
    import sys

    monkeypatch.setitem(sys.modules, "quizapp.generator", _stand_in_generator())
    text = (
        "Bridge <b>reopens</b>\nThe old bridge opened in 1932. It closed for repairs in 2019. "
        "Crews finished the work in 2024."
    )
    page.goto(f"{live}/articles")
    page.get_by_label("Article text").fill("Nothing to see here")
    page.get_by_role("button", name="Add article").click()
    expect()(page.locator("#job")).to_contain_text("Waiting for its turn")
    run_jobs()
    expect()(page.locator(".error")).to_contain_text("No facts were found")  # swapped in by the poll
    box = page.get_by_label(re.compile("^Your text"))
    expect()(box).to_have_value("Nothing to see here")  # nothing lost
    box.fill(text)
    page.get_by_role("button", name="Try again").click()
    page.wait_for_url(re.compile(r"/articles/jobs/\d+$"))
    run_jobs()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    expect()(page.locator(".flash")).to_contain_text("with 3 questions")
    expect()(page.locator("h1")).to_have_text("Bridge <b>reopens</b>")  # shown as text
    assert page.locator(".item-list > li").count() == 3
    assert page.locator(".article-text mark").all_inner_texts() == ["1932", "2019", "2024"]


def test_an_article_being_added_without_javascript_reloads_until_it_is_ready(browser, live, run_jobs):
    import sys

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "quizapp.generator", _stand_in_generator())
        page.goto(f"{live}/articles")
        page.get_by_label("Article text").fill("Pier reopens\nThe pier first opened in 1901.")
        page.get_by_role("button", name="Add article").click()
        page.wait_for_url(re.compile(r"/articles/jobs/\d+$"))
        expect()(page.locator("#job")).to_contain_text("Waiting for its turn")
        run_jobs()
        page.wait_for_url(re.compile(r"/articles/\d+$"), timeout=10_000)  # the page's own refresh
    expect()(page.locator(".flash")).to_contain_text("with 1 question")
    context.close()


def test_flashcards_with_javascript_off(browser, live, session, stocked):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live}/review")
    for name in ("Again", "Good"):
        page.get_by_role("button", name="Show answer").click()
        page.get_by_role("button", name=re.compile(rf"^{name} · ")).click()
        expect()(page.get_by_role("button", name="Show answer")).to_be_visible()
    page.get_by_role("button", name="Undo last grade").click()
    expect()(page.locator(".flash")).to_contain_text("Undone")
    assert [log.rating for log in session.exec(select(ReviewLog)).all()] == [1]
    context.close()


def test_a_fill_in_the_blank_shows_a_visible_blank(page, live, session, stocked):
    from quizapp.models import Item

    item = session.exec(select(Item).where(Item.article_id == stocked.id)).first()
    item.question = "Fill in the blank: Mara Lindqvist won the race in ____."
    session.add(item)
    session.commit()
    page.goto(f"{live}/articles/{stocked.id}")
    blank = page.locator("span.blank").first
    expect()(blank).to_be_visible()
    line = blank.evaluate("b => [getComputedStyle(b).borderBottomColor, b.getBoundingClientRect().width]")
    assert line[0] not in {"rgba(0, 0, 0, 0)", "transparent"} and line[1] > 20, line


def test_a_large_library_pages_and_finds_articles_in_place(page, live, browser, library):
    """120 articles: the list shows 50, Older brings the next page without a page load and the address
    follows (so Back returns), and typing in Find narrows the list as the learner types."""
    page.goto(f"{live}/articles")
    page.evaluate("window.stayedOnPage = true")
    titles = page.locator(".article-list .title")
    expect()(titles).to_have_count(50)
    expect()(titles.first).to_have_text("Story 120")
    page.get_by_role("link", name="Older →").click()
    expect()(titles.first).to_have_text("Story 70")
    expect()(page).to_have_url(re.compile(r"/articles\?page=2$"))
    page.get_by_label("Find an article").fill("story 11")
    expect()(titles).to_have_count(11)
    expect()(page.locator("#list-title")).to_contain_text("11 of your 120 articles match")
    assert page.evaluate("window.stayedOnPage === true"), "paging or finding reloaded the page"
    snap(page, "articles-find")
    page.go_back()
    expect()(titles.first).to_have_text("Story 70")
    shoot(browser, f"{live}/articles?page=2", "articles-page-2")


def test_no_other_site_can_frame_a_page(page, live, browser, stocked):
    """Clickjacking: a page elsewhere that frames an article shows nothing of it, so its Suspend and Flag
    buttons cannot be laid under a decoy."""
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
        page.set_content(f'<iframe src="{live}/articles/{stocked.id}" width="900" height="600"></iframe>')
    assert page.frame_locator("iframe").get_by_role("button", name="Suspend").count() == 0
    assert browser.violations and all("frame-ancestors" in seen for seen in browser.violations)
    browser.violations.clear()  # the refusal this test is about
