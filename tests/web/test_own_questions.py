"""A question written by hand on an article's page: stored with a card for every learner and studied like a
generated one, refused with a reason (what was typed kept) when the generator would refuse it, with htmx
and without; with accounts on, a teacher's to write."""

import re

import pytest
from sqlmodel import func, select

from quizapp.models import CardState, Item, QuizSession, ReviewLog
from tests.helpers.web import PASSWORD, Browser, card_id_of

GOOD = {
    "question": "Who set the course record before Lindqvist?",
    "answer": "Dr. Ingrid Sollie",
    "accepted": "Sollie's\n\nIngrid",
    "wrong": ["Anna Berg", "Eva Holm", "Kari Nes"],
    "sentence": "",
    "type": "",
}


def hand_made(session) -> list[Item]:
    session.expire_all()
    return session.exec(select(Item).where(Item.fact_key.startswith("hand:"))).all()


def test_a_question_written_by_hand_is_stored_and_shown_on_the_page(client, post, session, stocked):
    page = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert "Add a question" in page and 'name="wrong"' in page
    response = post(f"/articles/{stocked.id}/questions", GOOD)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/articles/{stocked.id}?added={hand_made(session)[0].id}#add-question"
    )
    [item] = hand_made(session)
    assert (item.question, item.answer, item.type) == (GOOD["question"], "Dr. Ingrid Sollie", "who")
    # The answer first, then what the teacher added, then the checker's own variants (the surname).
    assert item.accepted[:3] == ["Dr. Ingrid Sollie", "Sollie's", "Ingrid"] and "Sollie" in item.accepted
    assert sorted(item.choices) == sorted([item.answer, *GOOD["wrong"]])
    cards = session.exec(
        select(func.count()).select_from(CardState).where(CardState.item_id == item.id)
    ).one()
    assert cards == 1  # the one learner's
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added “Who set the course record before Lindqvist?”" in shown and "written by hand" in shown
    assert 'id="new-question"' in shown and GOOD["question"] not in shown.split('id="new-question"')[1][:300]


def test_with_htmx_the_page_comes_back_with_the_question_in_it_and_an_empty_form(post, session, stocked):
    response = post(f"/articles/{stocked.id}/questions", GOOD, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "Questions (6)" in body and "written by hand" in body and "Added “Who set" in body
    assert 'id="new-answer" name="answer" maxlength="200" required value=""' in body


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"question": "  "}, "Write the question."),
        ({"answer": ""}, "Write the answer."),
        ({"answer": "Lindqvist"}, "The question gives its answer away: “Lindqvist” is in it."),
        ({"wrong": ["Anna Berg", "Eva Holm", ""]}, "Give three wrong choices, or none"),
        ({"wrong": ["Anna Berg", "anna  berg", "Kari Nes"]}, "is given twice: the four choices must differ"),
        ({"wrong": ["Anna Berg", "Sollie", "Kari Nes"]}, "“Sollie” is the answer, or an answer accepted"),
        (
            {"wrong": ["Anna Berg", "Lindqvist", "Kari Nes"]},
            "The question names the wrong choice “Lindqvist”",
        ),
        ({"wrong": ["Anna Berg", "Eva Holm", "Kari Nes", "Per Dahl"]}, "(4 given)"),
        ({"type": "why"}, "“why” is no kind of question QuizApp asks"),
        ({"question": "Q" * 501}, "Keep the question under 500 characters"),
        ({"answer": "!!!"}, "The answer needs a letter or a digit."),
    ],
)
def test_a_refused_question_keeps_what_was_typed_and_stores_nothing(
    client, post, session, stocked, change, message
):
    form = GOOD | change
    for htmx in (False, True):
        response = post(f"/articles/{stocked.id}/questions", form, htmx=htmx)
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and message in body.replace("&#34;", '"')
        assert ("<html" in body) is not htmx
        assert 'id="question-error"' in body and 'role="alert"' in body
        if form["question"].strip():
            assert form["question"][:100] in body
        assert f'value="{form["answer"]}"' in body
    assert hand_made(session) == []


def test_hostile_text_is_stored_as_typed_and_shown_as_text(client, post, session, stocked):
    form = GOOD | {"question": "Who wrote <script>alert(1)</script>?", "answer": "<b>Mallory</b>"}
    assert post(f"/articles/{stocked.id}/questions", form).status_code == 303
    page = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Mallory</b>" not in page and "&lt;b&gt;Mallory&lt;/b&gt;" in page


def test_control_characters_are_taken_out(post, session, stocked):
    form = GOOD | {"question": "Who set\x00 the course\x1b record?", "answer": "Ingrid\x00 Sollie"}
    assert post(f"/articles/{stocked.id}/questions", form).status_code == 303
    [item] = hand_made(session)
    assert (item.question, item.answer) == ("Who set the course record?", "Ingrid Sollie")


def test_the_same_question_twice_is_refused(post, session, stocked):
    assert post(f"/articles/{stocked.id}/questions", GOOD).status_code == 303
    again = post(f"/articles/{stocked.id}/questions", GOOD | {"question": GOOD["question"].upper()})
    assert again.status_code == 422 and "This article already has that question." in again.get_data(
        as_text=True
    )
    generated = "Where was the Nordic marathon held?"  # one of the article's own
    copy = post(f"/articles/{stocked.id}/questions", GOOD | {"question": generated, "answer": "Tromsø"})
    assert copy.status_code == 422
    assert len(hand_made(session)) == 1


def test_malformed_posts_get_a_clear_answer(client, post, stocked):
    assert post("/articles/999999/questions", GOOD).status_code == 404
    assert post(f"/articles/{stocked.id}/questions", {}).status_code == 422
    no_token = client.post(f"/articles/{stocked.id}/questions", data=GOOD)
    assert no_token.status_code == 400 and "This form has expired" in no_token.get_data(as_text=True)


def test_a_typed_only_question_and_a_blank_to_fill_in(post, session, stocked):
    typed = {"question": "Which club does the winner run for?", "answer": "IK Tjalve", "wrong": ["", "", ""]}
    blank = {
        "question": "Lindqvist finished ahead of ____ runners.",
        "answer": "4,000",
        "wrong": ["", "", ""],
    }
    sentence = "She finished in 2 hours and 21 minutes, ahead of 4,000 runners."
    assert post(f"/articles/{stocked.id}/questions", typed).status_code == 303
    assert post(f"/articles/{stocked.id}/questions", blank | {"sentence": sentence}).status_code == 303
    by_question = {item.question: item for item in hand_made(session)}
    club, runners = by_question[typed["question"]], by_question[blank["question"]]
    assert club.choices == [] and club.type == "what"
    assert runners.type == "how_many" and "4000" in runners.accepted
    # The sentence is the article's own: the answer is marked in the text where the sentence stands.
    assert stocked.text[runners.answer_start : runners.answer_end] == "4,000"


def test_a_question_written_by_hand_is_studied_in_flashcards_and_quizzes(client, post, session, stocked):
    assert post(f"/articles/{stocked.id}/questions", GOOD).status_code == 303
    [item] = hand_made(session)
    card = session.exec(select(CardState).where(CardState.item_id == item.id)).one()
    # Flashcards: the teacher's card is shown and graded as any other.
    front = client.get(f"/review?card={card.id}").get_data(as_text=True)
    assert card_id_of(front) == card.id and GOOD["question"] in front
    back = client.get(f"/review/{card.id}/answer").get_data(as_text=True)
    assert "Dr. Ingrid Sollie" in back
    version = re.search(r'name="version" value="(\d+)"', back).group(1)
    preview = re.search(r'name="preview" value="([^"]*)"', back).group(1)
    graded = post(f"/review/{card.id}/grade", {"rating": "3", "version": version, "preview": preview})
    assert graded.status_code == 303
    # A quiz on the article asks it, with its four choices, and grades it.
    started = post("/quiz", {"article": str(stocked.id), "length": "10", "mode": "choice"})
    quiz_url = started.headers["Location"].rsplit("/", 1)[0]
    quiz = session.exec(select(QuizSession)).one()
    assert item.id in quiz.item_ids and len(quiz.item_ids) == 6
    for position, item_id in enumerate(quiz.item_ids, 1):
        asked = client.get(f"{quiz_url}/{position}").get_data(as_text=True)
        answer = session.get(Item, item_id).answer
        assert post(f"{quiz_url}/{position}", {"answer": answer}).status_code == 303
        if item_id == item.id:
            assert all(choice in asked for choice in GOOD["wrong"]) and GOOD["question"] in asked
            assert "Right!" in client.get(f"{quiz_url}/{position}").get_data(as_text=True)
    assert "6 / 6" in client.get(f"{quiz_url}/score").get_data(as_text=True)
    logs = session.exec(select(ReviewLog.mode).where(ReviewLog.item_id == item.id)).all()
    assert sorted(logs) == ["flashcard", "quiz"]


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_only_a_teacher_writes_questions(app, session, stocked):
    from quizapp.accounts import create_account

    student = Browser(app)
    student.sign_up("Sam")
    assert "Add a question" not in student.html(f"/articles/{stocked.id}")
    refused = student.post(f"/articles/{stocked.id}/questions", GOOD)
    assert refused.status_code == 403 and hand_made(session) == []
    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    teacher = Browser(app)
    teacher.sign_in("Tess")
    assert "Add a question" in teacher.html(f"/articles/{stocked.id}")
    assert teacher.post(f"/articles/{stocked.id}/questions", GOOD).status_code == 303
    [item] = hand_made(session)
    learners = session.exec(select(CardState.learner_id).where(CardState.item_id == item.id)).all()
    assert len(learners) == 3  # the install's own, Sam's and Tess's: every learner studies it
    assert "every learner’s flashcards" in teacher.html(f"/articles/{stocked.id}?added={item.id}")
