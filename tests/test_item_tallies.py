"""The item analysis reads tallies kept as answers are graded (quizapp.item_tallies): after every way an
item's answers and reviews change (grading, a double submit, flashcard reviews and their undo, the teacher
fixing the answer key or accepting a typed answer, deleting the article), its figures equal a recomputation
from the raw quiz answers and review logs."""

import random

from fsrs import Rating
from sqlmodel import func, select

from quizapp import analysis, item_tallies, library, quizzes
from quizapp.deletion import delete_article
from quizapp.models import CardState, FirstAnswer, Item, ItemTally, QuizAnswer, TypedWrong, WrongAnswerTally
from quizapp.scheduling import add_learner, review, undo_last_review
from tests.helpers.answers import page_figures, raw_figures

CLASS = 12  # over analysis.MIN_LEARNERS: discrimination is computed
TYPED_WRONG = ["Bergen", "bergen!", "the Bergen", "Anna Berg", "guess"]


def _take_quiz(session, learner_id: int, article_id: int, mode: str, rng: random.Random) -> None:
    """A quiz over the whole article, answered through quizzes.answer_question: right half the time, else a
    random choice (multiple choice) or a wrong answer typed in one of several spellings."""
    quiz = quizzes.start_quiz(session, learner_id, article_id=article_id, length=5, mode=mode, rng=rng)
    for position in range(len(quiz.item_ids)):
        question = quizzes.question_at(session, quiz, position)
        if rng.random() < 0.5:
            given = question.item.answer
        elif question.kind == "choice":
            given = rng.choice(question.choices)
        else:
            given = rng.choice(TYPED_WRONG)
        quizzes.answer_question(session, question, given)
    session.commit()


def _a_class(session, stocked, seed: int = 3) -> list[int]:
    """CLASS learners, each taking a multiple-choice quiz, a typed one, and for some a second multiple-choice
    one (only first answers count for discrimination). Their ids."""
    rng = random.Random(seed)
    learners = []
    for n in range(CLASS):
        learner = add_learner(session, f"pupil {n}")
        session.commit()
        learners.append(learner.id)
        for mode in ("choice", "typed", "choice")[: 2 + n % 2]:
            _take_quiz(session, learner.id, stocked.id, mode, rng)
    return learners


def _figures_of(session, stocked, item: Item) -> analysis.ItemFigures:
    return analysis.article_analysis(session, stocked).figures_of(item.id)


def _items(session, stocked) -> dict[str, Item]:
    rows = session.exec(select(Item).where(Item.article_id == stocked.id).order_by(Item.id)).all()
    return {item.answer: item for item in rows}


def test_graded_answers_give_the_figures_of_the_raw_answers(session, stocked):
    _a_class(session, stocked)
    learners, figures = page_figures(session, stocked)
    assert (learners, figures) == raw_figures(session, stocked)
    assert learners == CLASS
    # The figures are not trivial: discrimination computed, wrong choices picked, typed spellings merged.
    assert all(found[-2] is not None for found in figures.values())
    assert any(count for found in figures.values() for _, count in found[5])
    assert any(who >= 2 for found in figures.values() for _, who in found[6])  # one typed answer, learners


def test_a_double_submitted_answer_counts_once(session, stocked):
    learner = add_learner(session, "doubler")
    quiz = quizzes.start_quiz(session, learner.id, article_id=stocked.id, length=5, mode="typed")
    session.commit()
    question = quizzes.question_at(session, quiz, 0)
    assert quizzes.answer_question(session, question, "Bergen").recorded
    session.commit()
    # The same form sent again (a double click: the page it came from had no answer yet), then another.
    for given in ("Bergen", "something else"):
        again = quizzes.answer_question(session, question, given)
        session.commit()
        assert not again.recorded
    found = _figures_of(session, stocked, question.item)
    assert (found.answers, found.right, found.learners) == (1, 0, 1)
    assert found.typed_wrong == [("Bergen", 1)]
    assert page_figures(session, stocked) == raw_figures(session, stocked)


def test_flashcard_reviews_and_their_undo(session, stocked):
    learners = _a_class(session, stocked)
    for learner_id in learners[:6]:
        cards = session.exec(select(CardState).where(CardState.learner_id == learner_id)).all()
        for card in cards:
            rating = Rating.Again if card.item_id % 2 else Rating.Good
            review(session, card, rating, expected_version=card.version)
        # A flashcard grade taken back: the card's review is no longer counted, nor its first review.
        assert undo_last_review(session, learner_id) is not None
        session.commit()
    learners_seen, figures = page_figures(session, stocked)
    assert (learners_seen, figures) == raw_figures(session, stocked)
    # Quiz answers' reviews of the cards (mode quiz) are not counted as flashcard reviews.
    assert sum(found[7] for found in figures.values()) == 6 * 5 - 6


def test_fixing_the_answer_key_keeps_each_answers_verdict(session, stocked):
    """As before the tallies: an answer keeps the verdict it was given (the learner was told it), the wrong
    choices listed are the item's new ones."""
    _a_class(session, stocked)
    oslo = _items(session, stocked)["Oslo"]
    before = _figures_of(session, stocked, oslo)
    edit = library.edit_item(
        session, oslo, question=oslo.question, answer="Bergen", accepted="", choices="Bergen\nOslo\nStockholm"
    )
    assert edit.error is None
    session.commit()
    after = _figures_of(session, stocked, oslo)
    assert (after.answers, after.right) == (before.answers, before.right)
    assert set(dict(after.picks)) == {"Oslo", "Stockholm"}  # the old answer now a wrong choice
    assert page_figures(session, stocked) == raw_figures(session, stocked)


def test_accepting_a_typed_answer_keeps_the_counts_and_clears_the_suspicion(session, stocked):
    _a_class(session, stocked)
    oslo = _items(session, stocked)["Oslo"]
    analysis.accept_answer(session, oslo, "Bergen")
    session.commit()
    found = _figures_of(session, stocked, oslo)
    assert found.missing_answer is None and "missing_answer" not in found.kinds
    assert page_figures(session, stocked) == raw_figures(session, stocked)


def test_an_answer_counts_as_the_quiz_asked_it(session, stocked):
    """A multiple-choice answer stays one when the teacher later takes the item's choices away (the page
    before the tallies counted it as typed from then on, though the learner had picked it)."""
    learner = add_learner(session, "picker")
    session.commit()
    _take_quiz(session, learner.id, stocked.id, "choice", random.Random(1))
    oslo = _items(session, stocked)["Oslo"]
    library.edit_item(session, oslo, question=oslo.question, answer="Oslo", accepted="", choices="")
    session.commit()
    found = _figures_of(session, stocked, oslo)
    assert found.choice_answers == found.answers == 1


def test_deleting_the_article_deletes_its_tallies(session, stocked):
    _a_class(session, stocked)
    tables = (ItemTally, WrongAnswerTally, TypedWrong, FirstAnswer)
    assert all(session.exec(select(func.count()).select_from(table)).one() for table in tables)
    delete_article(session, stocked)
    session.commit()
    assert [session.exec(select(func.count()).select_from(table)).one() for table in tables] == [0, 0, 0, 0]
    assert session.exec(select(func.count()).select_from(QuizAnswer)).one() > 0  # the scores stay


def test_rebuild_counts_what_grading_counted(session, stocked):
    """After a bulk load (benchmarks/page_costs.py) and in migration 0016: the same tallies, from the rows."""
    _a_class(session, stocked)
    counted = _tally_rows(session)
    item_tallies.rebuild(session.connection())
    session.commit()
    assert _tally_rows(session) == counted


def _tally_rows(session) -> list:
    """Every tally row (a wrong answer's without its id), sorted."""
    rows = []
    for table in (ItemTally, WrongAnswerTally, TypedWrong, FirstAnswer):
        columns = [c for c in table.__table__.c if c.name != "id"]
        rows += sorted((table.__tablename__, *row) for row in session.exec(select(*columns)).all())
    return rows
