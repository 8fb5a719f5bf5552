"""Importing questions from the Articles page and an article's page (upload or paste), with every bad line
listed and nothing stored; imported questions studied like generated ones; deleting an article behind a
page that says what goes, quizzes keeping their scores, and the same text added again afterwards."""

import io
import re

import pytest
from sqlmodel import Session, func, select

from quizapp.models import Article, ArticleJob, CardState, Item, QuizAnswer, QuizSession, ReviewLog
from tests.helpers.web import PASSWORD, Browser, current_item, start

CSV = (
    "Question,Answer,Wrong 1,Wrong 2,Wrong 3,Sentence\n"
    "What is the capital of Norway?,Oslo,Bergen,Trondheim,Stavanger,Oslo is the capital of Norway.\n"
    "Which river flows through Paris?,Seine,Loire,Rhine,Rhône,\n"
)


def count(session, model, *where) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def upload(post, url, text: str | bytes, name="capitals.csv", **form):
    data = text.encode() if isinstance(text, str) else text
    return post(url, {"file": (io.BytesIO(data), name), **form}, content_type="multipart/form-data")


def delete_form(client, article_id: int) -> dict:
    """The confirmation page's form: the article's content hash with it."""
    page = client.get(f"/articles/{article_id}/delete").get_data(as_text=True)
    return {"content_hash": re.search(r'name="content_hash" value="([^"]+)"', page).group(1)}


def delete(client, post, article_id: int):
    return post(f"/articles/{article_id}/delete", delete_form(client, article_id))


def follow(client, response):
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return client.get(response.headers["Location"]).get_data(as_text=True)


# ---------------------------------------------------------------- importing


def test_an_uploaded_csv_becomes_an_article_of_its_own(client, post, session, stocked):
    assert "Import questions (CSV, TSV, Anki, Quizlet)" in client.get("/articles").get_data(as_text=True)
    response = upload(post, "/articles/import", CSV)
    page = follow(client, response)
    article = session.exec(select(Article).where(Article.title == "capitals")).one()
    assert response.headers["Location"] == f"/articles/{article.id}"
    assert "Imported 2 questions into “capitals”." in page and "imported</span>" in page
    assert "This article has no text: its questions were imported from a file." in page
    items = session.exec(select(Item).where(Item.article_id == article.id)).all()
    assert {item.question for item in items} == {
        "What is the capital of Norway?",
        "Which river flows through Paris?",
    }
    assert count(session, CardState, CardState.item_id.in_([i.id for i in items])) == 2
    again = follow(client, upload(post, "/articles/import", CSV))
    assert "This file was imported as “capitals” already; nothing changed." in again
    assert count(session, Article) == 2


def test_pasted_quizlet_lines_go_into_an_existing_article_once(client, post, session, stocked):
    paste = (
        "Who is the race director of the Nordic marathon?\tPelle Strand\nWhat did Lindqvist win?\tthe race\n"
    )
    page = follow(client, post(f"/articles/{stocked.id}/import", {"text": paste}))
    assert "Imported 1 question into “Lindqvist wins Nordic marathon”." in page
    assert "1 of the file’s questions were here already: not added again." in page
    assert count(session, Item, Item.article_id == stocked.id) == 6
    again = follow(client, post(f"/articles/{stocked.id}/import", {"text": paste}))
    assert (
        "Every question of the file is in “Lindqvist wins Nordic marathon” already; nothing changed." in again
    )


def test_a_new_article_takes_the_title_given(client, post, session):
    follow(client, post("/articles/import", {"text": "Paris\tFrance\n", "title": "  My   capitals "}))
    assert session.exec(select(Article.title)).one() == "My capitals"


def test_every_bad_line_is_listed_nothing_is_stored_and_the_paste_is_kept(client, post, session, stocked):
    paste = "Q1?\tA1\nQ2?\t\nQ3 <script>alert(1)</script>?\tQ3\n"
    for url in ("/articles/import", f"/articles/{stocked.id}/import"):
        response = post(url, {"text": paste})
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and 'id="import-error"' in html
        assert "Nothing was imported: 2 lines have a problem." in html
        assert "Line 2: Write the answer." in html
        assert "Line 3: The question gives its answer away" in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)</script>" not in html
        assert '<details class="add-way" id="import" open>' in html
    assert count(session, Item) == 5 and count(session, Article) == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The file is empty"),
        (b"PK\x03\x04\x00\x00\x00binary", "deck.csv", "deck.csv is a binary file"),
        ("Q\tcaf\xe9\n".encode("latin-1"), "old.csv", "old.csv is not UTF-8 text."),
        (b"SQLite format 3\x00", "deck.apkg", "An Anki package (.apkg) cannot be imported."),
        (b"Q\tA\n", "questions.docx", "questions.docx: choose a .csv, .tsv or .txt file"),
    ],
)
def test_bad_files_get_a_clear_message(post, session, stocked, data, name, message):
    response = upload(post, "/articles/import", data, name=name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(session, Article) == 1


def test_nothing_chosen_and_too_large_uploads(client, post, app, stocked):
    nothing = post("/articles/import", {"text": "   "})
    assert nothing.status_code == 422 and "Choose a file, or paste the questions, first." in nothing.get_data(
        as_text=True
    )
    huge = upload(post, "/articles/import", b"Q\tA\n" * (app.config["MAX_CONTENT_LENGTH"] // 4 + 1))
    assert huge.status_code == 413 and "That upload or text is larger than QuizApp accepts" in huge.get_data(
        as_text=True
    )


def test_imported_questions_are_studied_in_flashcards_and_quizzes(client, post, session):
    follow(client, upload(post, "/articles/import", CSV))
    # Flashcards: both new cards come up, and show the answer and its sentence on the back.
    front = client.get("/review").get_data(as_text=True)
    card_id = int(re.search(r"/review/(\d+)/answer", front).group(1))
    back = client.get(f"/review/{card_id}/answer").get_data(as_text=True)
    assert "Oslo" in back or "Seine" in back
    # A multiple-choice quiz asks both with their wrong choices, and scores them.
    question = start(post, length="5")
    for _ in range(2):
        quiz, position, item = current_item(session, question)
        html = client.get(question).get_data(as_text=True)
        assert all(choice in html for choice in item.choices) and len(item.choices) == 4
        assert post(question, {"answer": item.answer}).status_code == 303
        question = re.sub(r"/\d+$", f"/{position + 1}", question)
    assert "2 / 2" in client.get(f"/quiz/{quiz.id}/score").get_data(as_text=True)
    assert count(session, ReviewLog, ReviewLog.mode == "quiz") == 2


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_only_a_teacher_imports_and_every_learner_gets_the_cards(app, session):
    from quizapp.accounts import create_account

    student = Browser(app)
    student.sign_up("Sam")
    assert "Import questions" not in student.html("/articles")
    assert student.post("/articles/import", {"text": "Paris\tFrance\n"}).status_code == 403
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    teacher = Browser(app)
    teacher.sign_in("Tess")
    teacher.get("/articles")
    assert teacher.post("/articles/import", {"text": "Paris\tFrance\n"}).status_code == 303
    learners = session.exec(select(CardState.learner_id)).all()
    assert len(learners) == 2  # Sam's and Tess's


# ---------------------------------------------------------------- deleting


def quiz_with_a_miss(client, post, session, stocked) -> QuizSession:
    """A finished 5-question quiz on the stocked article, the first answer wrong."""
    question = start(post, article=str(stocked.id))
    for number in range(1, 6):
        quiz, position, item = current_item(session, question)
        assert post(question, {"answer": "nobody" if number == 1 else item.answer}).status_code == 303
        question = re.sub(r"/\d+$", f"/{position + 1}", question)
    session.refresh(quiz)
    assert quiz.finished_at is not None and quiz.correct_count == 4
    return quiz


def test_the_confirmation_says_what_goes_and_what_stays(client, post, session, stocked):
    quiz_with_a_miss(client, post, session, stocked)
    page = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert f'href="/articles/{stocked.id}/delete"' in page
    confirm = client.get(f"/articles/{stocked.id}/delete").get_data(as_text=True)
    assert "Delete “Lindqvist wins Nordic marathon”?" in confirm
    goes = re.sub(r"\s+", " ", confirm.split('id="goes"')[1].split("</ul>")[0])
    assert "its 5 questions" in goes and "your 5 cards of them" in goes and "the 5 reviews made" in goes
    assert "the 1 quiz that asked its questions, with its score" in confirm
    assert count(session, Item) == 5  # asking deletes nothing


def test_deleting_takes_items_cards_and_reviews_and_keeps_the_quizzes_scores(client, post, session, stocked):
    article_id = stocked.id
    quiz = quiz_with_a_miss(client, post, session, stocked)
    missed_question = session.get(Item, quiz.item_ids[0]).question
    form = delete_form(client, article_id)
    response = post(f"/articles/{article_id}/delete", form)
    listing = follow(client, response)
    assert response.headers["Location"] == "/articles"
    assert "Deleted “Lindqvist wins Nordic marathon” and its 5 questions." in listing
    assert (count(session, Article), count(session, Item), count(session, CardState)) == (0, 0, 0)
    assert count(session, ReviewLog) == 0
    # The quiz is still there, scored as before, its missed question shown as deleted.
    assert count(session, QuizAnswer) == 5
    score = client.get(f"/quiz/{quiz.id}/score").get_data(as_text=True)
    assert "4 / 5" in score and "80%" in score
    assert "Lindqvist wins Nordic marathon (deleted)" in score
    assert missed_question in score and "This question has since been deleted" in score
    scores = client.get("/stats")
    assert scores.status_code == 200 and "Lindqvist wins Nordic marathon (deleted)" in scores.get_data(
        as_text=True
    )
    setup = client.get("/quiz").get_data(as_text=True)
    assert "Lindqvist wins Nordic marathon (deleted)" in setup
    assert client.get(f"/articles/{article_id}").status_code == 404
    # Its questions' pages are gone, even once SQLite gives their ids to new questions.
    follow(client, upload(post, "/articles/import", CSV))
    assert client.get(f"/quiz/{quiz.id}/1").status_code == 404
    # A second click (or a second tab) is told it is done already, and deletes nothing: not the new
    # article SQLite has given the deleted one's id.
    twice = follow(client, post(f"/articles/{article_id}/delete", form))
    assert "That article is not here any more: it was deleted already." in twice
    assert count(session, Article) == 1


def test_a_quiz_under_way_drops_the_deleted_questions_it_has_not_asked(client, post, session, stocked):
    follow(client, upload(post, "/articles/import", CSV))
    question = start(post, length="10")  # all seven questions, of both articles
    quiz, position, item = current_item(session, question)
    assert post(question, {"answer": item.answer}).status_code == 303
    answered_article = item.article_id
    other = session.exec(select(Article.id).where(Article.id != answered_article)).one()
    assert delete(client, post, other).status_code == 303
    session.refresh(quiz)
    left = session.exec(select(Item.id).where(Item.article_id == answered_article)).all()
    assert quiz.item_ids[0] == item.id and set(quiz.item_ids) == set(left) and quiz.finished_at is None
    # The rest of the quiz carries on, question 2 next, and finishes with what is left.
    resumed = client.get(f"/quiz/{quiz.id}")
    assert resumed.headers["Location"] == f"/quiz/{quiz.id}/2"
    # Delete the answered article too: the quiz keeps its one answer and is finished.
    assert delete(client, post, answered_article).status_code == 303
    session.refresh(quiz)
    assert quiz.item_ids == [item.id] and quiz.finished_at is not None
    assert "1 / 1" in client.get(f"/quiz/{quiz.id}/score").get_data(as_text=True)


def test_a_quiz_with_nothing_answered_and_nothing_left_goes(client, post, session, stocked):
    start(post, article=str(stocked.id))
    assert delete(client, post, stocked.id).status_code == 303
    assert count(session, QuizSession) == 0


def test_the_same_text_can_be_added_again_after_its_article_is_deleted(
    client, post, session, run_jobs, monkeypatch
):
    from quizapp.generator import Generation
    from quizapp.generator import Item as GeneratedItem

    def fake(raw, *, fmt="text", distractor_pool=None):
        title = raw.strip().splitlines()[0]
        item = GeneratedItem(
            "what", "What opened?", "The harbour", ("The harbour",), (), title, (0, 5), None, 1.0, "0:k:x"
        )
        return Generation(title, None, raw, [item])

    monkeypatch.setattr("quizapp.generator.generate", fake)
    text = {"source": "paste", "text": "Harbour opens\nThe harbour opened on May 2."}
    first = post("/articles", text)
    run_jobs()
    article_id = int(
        re.search(r"/articles/(\d+)", client.get(first.headers["Location"]).headers["Location"]).group(1)
    )
    assert delete(client, post, article_id).status_code == 303
    old_job = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "The article made from this text has since been removed." in old_job
    again = post("/articles", text)
    assert re.fullmatch(r"/articles/jobs/\d+", again.headers["Location"])
    assert run_jobs() == 1
    done = client.get(again.headers["Location"])
    assert "Added “Harbour opens” with 1 question" in follow(client, done)
    assert count(session, Article) == 1 and count(session, ArticleJob) == 2


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_only_a_teacher_deletes(app, session, stocked):
    student = Browser(app)
    student.sign_up("Sam")
    assert "Delete this article" not in student.html(f"/articles/{stocked.id}")
    assert student.get(f"/articles/{stocked.id}/delete").status_code == 403
    student.get("/articles")
    assert student.post(f"/articles/{stocked.id}/delete", {"content_hash": "stock"}).status_code == 403
    assert count(session, Article) == 1
    confirm_as_owner = Browser(app)
    from quizapp.accounts import create_account

    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    confirm_as_owner.sign_in("Tess")
    page = confirm_as_owner.html(f"/articles/{stocked.id}/delete")
    assert "every learner’s cards of them: 15 cards of 3 learners" in re.sub(r"\s+", " ", page)
    form = {"content_hash": re.search(r'name="content_hash" value="([^"]+)"', page).group(1)}
    assert confirm_as_owner.post(f"/articles/{stocked.id}/delete", form).status_code == 303
    assert count(session, Article) == 0


def test_an_answer_to_a_question_deleted_a_moment_ago_is_refused_clearly(app, client, post, session, stocked):
    """The question was read, then its article deleted (by a teacher, in another request), then answered."""
    from quizapp import deletion, quizzes
    from tests.helpers.databases import get_engine_of

    start(post, article=str(stocked.id))
    quiz = session.exec(select(QuizSession)).one()
    question = quizzes.question_at(session, quiz, 0)
    with Session(get_engine_of(app)) as teacher:
        deletion.delete_article(teacher, teacher.get(Article, stocked.id))
        teacher.commit()
    with pytest.raises(quizzes.QuestionGone, match="deleted with its article a moment ago"):
        quizzes.answer_question(session, question, question.item.answer)


def test_the_answer_page_sends_a_learner_whose_question_just_went_back_to_the_quiz(
    client, post, stocked, monkeypatch
):
    from quizapp import quizzes

    def gone(*_args, **_kwargs):
        raise quizzes.QuestionGone("This question was deleted with its article a moment ago.")

    question = start(post, article=str(stocked.id))
    monkeypatch.setattr(quizzes, "answer_question", gone)
    response = post(question, {"answer": "Oslo"})
    assert response.status_code == 303 and response.headers["Location"] == question.rsplit("/", 1)[0]
