"""In real Chromium: a question written by hand on an article's page (htmx, and without JavaScript), a CSV
imported from the Articles page and then studied in a quiz and in flashcards, and an article deleted behind
its confirmation page."""

import re

import pytest
from sqlmodel import select

from quizapp.models import Article, Item, ReviewLog
from tests.helpers.browser import snap

pytestmark = pytest.mark.browser

CSV = (
    "Question,Answer,Wrong 1,Wrong 2,Wrong 3,Sentence\n"
    "What is the capital of Norway?,Oslo,Bergen,Trondheim,Stavanger,Oslo is the capital of Norway.\n"
    "Which river flows through Paris?,Seine,Loire,Rhine,Rhône,\n"
)
ANSWERS = {"What is the capital of Norway?": "Oslo", "Which river flows through Paris?": "Seine"}


def expect():
    from playwright.sync_api import expect

    return expect


def fill_question(page, question: str, answer: str, wrong: list[str]) -> None:
    page.locator("#new-question").fill(question)
    page.locator("#new-answer").fill(answer)
    for number, choice in enumerate(wrong, 1):
        page.get_by_label(f"Wrong choice {number}").fill(choice)


def test_a_question_written_by_hand_with_htmx(page, live, session, stocked):
    page.goto(f"{live}/articles/{stocked.id}")
    page.evaluate("window.stayedOnPage = true")
    # Refused first: the answer is in the question; the form keeps what was typed and says why.
    fill_question(
        page, "Who finished ahead of Lindqvist's rivals?", "Lindqvist", ["Anna Berg", "Eva Holm", "Kari Nes"]
    )
    page.get_by_role("button", name="Add question").click()
    expect()(page.locator("#question-error")).to_contain_text("The question gives its answer away")
    expect()(page.locator("#new-question")).to_have_value("Who finished ahead of Lindqvist's rivals?")
    expect()(page.get_by_label("Wrong choice 3")).to_have_value("Kari Nes")
    snap(page, "own-question-refused")
    page.locator("#new-question").fill("Who set the course record before this race?")
    page.locator("#new-answer").fill("Ingrid Sollie")
    page.get_by_role("button", name="Add question").click()
    expect()(page.locator("#question-added")).to_contain_text(
        "Added “Who set the course record before this race?”"
    )
    expect()(page.locator("#items-title")).to_have_text("Questions (6)")
    expect()(page.locator(".item-list")).to_contain_text("written by hand")
    expect()(page.locator("#new-question")).to_have_value("")
    expect()(page.locator("#new-question")).to_be_focused()  # ready for the next one
    assert page.evaluate("window.stayedOnPage === true"), "the question was added by a page load, not htmx"
    snap(page, "own-question-added")
    item = session.exec(select(Item).where(Item.fact_key.startswith("hand:"))).one()
    assert sorted(item.choices) == ["Anna Berg", "Eva Holm", "Ingrid Sollie", "Kari Nes"]


def test_a_question_written_by_hand_without_javascript(browser, live, session, stocked):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live}/articles/{stocked.id}")
    page.locator("#new-question").fill("Which club does the winner run for?")
    page.locator("#new-answer").fill("IK Tjalve")
    page.get_by_role("button", name="Add question").click()
    expect()(page.locator("#question-added")).to_contain_text("Added “Which club does the winner run for?”")
    assert re.search(rf"/articles/{stocked.id}\?added=\d+#add-question$", page.url)
    context.close()


def test_import_a_csv_then_study_it_in_a_quiz_and_flashcards(page, live, session, tmp_path):
    file = tmp_path / "capitals.csv"
    file.write_text(CSV)
    page.goto(f"{live}/articles")
    page.get_by_text("Import questions (CSV, TSV, Anki, Quizlet)").click()
    page.get_by_label("A .csv, .tsv or .txt file").set_input_files(str(file))
    page.get_by_role("button", name="Import questions").click()
    expect()(page.locator(".flashes")).to_contain_text("Imported 2 questions into “capitals”.")
    expect()(page.locator("h1")).to_have_text("capitals")
    snap(page, "import-done")
    # A quiz on it: both questions, each with its four choices.
    page.get_by_role("link", name="Quiz on this article").click()
    page.get_by_label("5 questions").check()
    page.get_by_role("button", name="Start quiz").click()
    for number in (1, 2):
        expect()(page.locator(".progress-line")).to_contain_text(f"Question {number} of 2")
        question = page.locator("h2.question").inner_text()
        expect()(page.get_by_role("radio")).to_have_count(4)
        page.get_by_label(ANSWERS[question], exact=True).check()
        page.get_by_role("button", name="Check").click()
        expect()(page.locator(".feedback")).to_contain_text("Right!")
        page.get_by_role("link", name="See your score" if number == 2 else "Next").click()
    expect()(page.locator(".score .big")).to_have_text("2 / 2")
    # Flashcards: its cards come up like any other, and are graded.
    page.goto(f"{live}/review")
    page.get_by_role("button", name="Show answer").click()
    with page.expect_response(lambda response: response.request.method == "POST"):  # the grade is stored
        page.get_by_role("button", name=re.compile(r"^Good · ")).click()
    logs = session.exec(select(ReviewLog.mode)).all()
    assert sorted(logs) == ["flashcard", "quiz", "quiz"]


def test_a_bad_csv_lists_its_lines_and_imports_nothing(page, live, session):
    page.goto(f"{live}/articles")
    page.get_by_text("Import questions (CSV, TSV, Anki, Quizlet)").click()
    page.get_by_label("or paste the questions").fill("Q1?\tA1\nQ2?\t\n")
    page.get_by_role("button", name="Import questions").click()
    expect()(page.locator("#import-error")).to_contain_text("Line 2: Write the answer.")
    expect()(page.get_by_label("or paste the questions")).to_have_value("Q1?\tA1\nQ2?\t\n")
    snap(page, "import-refused")
    assert session.exec(select(Article)).all() == []


def test_delete_an_article_behind_its_confirmation(page, live, session, stocked):
    page.goto(f"{live}/articles/{stocked.id}")
    page.get_by_text("Delete this article", exact=True).click()
    page.get_by_role("link", name="Delete this article…").click()
    expect()(page.locator("#goes")).to_contain_text("its 5 questions")
    snap(page, "delete-confirm")
    page.get_by_role("button", name="Delete the article").click()
    expect()(page.locator(".flashes")).to_contain_text(
        "Deleted “Lindqvist wins Nordic marathon” and its 5 questions."
    )
    expect()(page.locator("#list-title")).to_have_text("Your articles (0)")
    session.expire_all()
    assert session.exec(select(Article)).all() == []
