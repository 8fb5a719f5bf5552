"""Item analysis on a crafted class: the figures, discrimination against an independent computation, the
suspects it finds (and the clean item it leaves alone), reports, and accepting a typed answer."""

from statistics import correlation

import pytest
from sqlmodel import select

from quizapp import analysis
from quizapp.generator.answers import Verdict
from quizapp.models import CardState, Item, ItemReport, Learner, QuizSession
from quizapp.quizzes import grade_typed
from tests.helpers.answers import add_answer, add_review

CLASS = 12
# Who is right on which item (learner numbers), and what the others answered.
WHO_RIGHT = set(range(9))  # the clean item: the strong learners know it
WHERE_RIGHT = set(range(4))  # the others all picked "Bergen"
WHEN_RIGHT = {8, 9, 10, 11}  # only the weak learners: negative discrimination
WHEN_WRONG = ["March 10, 2024"] * 3 + ["April 3, 2024"] * 3 + ["March 3, 2023"] * 2
DIRECTOR_RIGHT = {0}  # almost nobody
DIRECTOR_WRONG = ["Mara Lindqvist"] * 4 + ["Anna Berg"] * 4 + ["Eva Holm"] * 3
# Typed: six right, four wrote "4k" (one capitalised), two "400".
RUNNERS = ["4,000"] * 6 + ["4k", "4K", "4k", "4k", "400", "400"]


def _items(session, article) -> dict[str, Item]:
    items = session.exec(select(Item).where(Item.article_id == article.id).order_by(Item.id)).all()
    return {item.answer: item for item in items}


def _quiz(session, learner_id: int, article, mode: str, answers: list[tuple[Item, str]]) -> None:
    quiz = QuizSession(
        learner_id=learner_id, article_id=article.id, mode=mode, item_ids=[i.id for i, _ in answers]
    )
    session.add(quiz)
    session.flush()
    for position, (item, given) in enumerate(answers):
        verdict = (
            grade_typed(given, item)
            if mode == "typed"
            else (Verdict.CORRECT if given == item.answer else Verdict.WRONG)
        )
        add_answer(session, quiz, position, item, given, verdict)


@pytest.fixture
def crafted(session, stocked):
    """Twelve learners' quizzes on the stocked article, as the tables above say; the items by answer."""
    items = _items(session, stocked)
    who, where, when = items["Mara Lindqvist"], items["Oslo"], items["March 3, 2024"]
    runners, director = items["4,000"], items["Pelle Strand"]
    wrong_when, wrong_director = iter(WHEN_WRONG), iter(DIRECTOR_WRONG)
    for n in range(CLASS):
        learner = Learner(name=f"learner {n}")
        session.add(learner)
        session.flush()
        choice = [
            (who, who.answer if n in WHO_RIGHT else "Anna Berg"),
            (where, where.answer if n in WHERE_RIGHT else "Bergen"),
            (when, when.answer if n in WHEN_RIGHT else next(wrong_when)),
            (director, director.answer if n in DIRECTOR_RIGHT else next(wrong_director)),
        ]
        _quiz(session, learner.id, stocked, "choice", choice)
        _quiz(session, learner.id, stocked, "typed", [(runners, RUNNERS[n])])
    session.commit()
    return items


def _rest_score_correlation(item_answer: str, table: dict[str, set[int]]) -> float:
    """The point-biserial as Pearson's correlation of right (1/0) with the share right on the other items."""
    rights, rests = [], []
    for n in range(CLASS):
        others = [n in right for answer, right in table.items() if answer != item_answer]
        rights.append(1.0 if n in table[item_answer] else 0.0)
        rests.append(sum(others) / len(others))
    return correlation(rights, rests)


TABLE = {
    "Mara Lindqvist": WHO_RIGHT,
    "Oslo": WHERE_RIGHT,
    "March 3, 2024": WHEN_RIGHT,
    "Pelle Strand": DIRECTOR_RIGHT,
    "4,000": set(range(6)),
}


def test_point_biserial_matches_a_hand_computation():
    # Right: 0.75, 0.5, 1.0 (mean 0.75); wrong: 0.25, 0.5 (mean 0.375); all: mean 0.6, sd sqrt(0.065);
    # p = 0.6: (0.75 - 0.375) / sqrt(0.065) * sqrt(0.24) = 0.72058
    pairs = [(True, 0.75), (True, 0.5), (False, 0.25), (False, 0.5), (True, 1.0)]
    assert analysis.point_biserial(pairs) == pytest.approx(0.72058, abs=1e-5)
    assert analysis.point_biserial([(True, 0.5), (True, 0.9)]) is None  # nobody wrong: not defined
    assert analysis.point_biserial([(True, 0.5), (False, 0.5)]) is None  # every score the same


def test_the_figures_of_each_item(session, stocked, crafted):
    found = {f.item.answer: f for f in analysis.article_analysis(session, stocked).items}
    assert found["Oslo"].answers == CLASS and found["Oslo"].right == 4 and found["Oslo"].learners == CLASS
    assert found["Oslo"].picks[0] == ("Bergen", 8) and {c for c, n in found["Oslo"].picks[1:]} == {
        "Stockholm",
        "Helsinki",
    }
    assert dict(found["March 3, 2024"].picks) == {"March 10, 2024": 3, "April 3, 2024": 3, "March 3, 2023": 2}
    runners = found["4,000"]
    assert (runners.answers, runners.right, runners.choice_answers) == (CLASS, 6, 0)
    assert runners.typed_wrong == [("4k", 4), ("400", 2)]
    for answer, figures in found.items():
        assert figures.discrimination == pytest.approx(_rest_score_correlation(answer, TABLE)), answer
    assert found["March 3, 2024"].discrimination < 0 < found["Mara Lindqvist"].discrimination


def test_the_suspects_and_why(session, stocked, crafted):
    found = analysis.article_analysis(session, stocked)
    reasons = {f.item.answer: " ".join(f.suspicions) for f in found.suspects}
    assert set(reasons) == {"Oslo", "March 3, 2024", "Pelle Strand", "4,000"}  # not the clean item
    assert "“Bergen” was picked more often (8) than the answer (4)" in reasons["Oslo"]
    assert (
        "Negative discrimination" in reasons["March 3, 2024"]
        and "picked more often" not in reasons["March 3, 2024"]
    )
    assert "Almost nobody right: 1 of 12" in reasons["Pelle Strand"]
    assert "4 learners typed “4k”" in reasons["4,000"]
    assert [f.missing_answer for f in found.suspects if f.missing_answer] == ["4k"]
    assert found.learners == CLASS


def test_discrimination_needs_enough_learners(session, stocked, crafted):
    """With one learner fewer than MIN_LEARNERS, no discrimination is shown and none makes an item suspect."""
    for learner in session.exec(select(Learner).where(Learner.name.in_([f"learner {n}" for n in range(3)]))):
        session.delete(learner)
    session.commit()
    found = analysis.article_analysis(session, stocked)
    assert CLASS - 3 < analysis.MIN_LEARNERS
    assert all(f.discrimination is None for f in found.items)
    assert not any("discrimination" in " ".join(f.suspicions) for f in found.items)


def test_flashcard_reviews_are_counted_apart_from_quizzes(session, stocked):
    card = session.exec(select(CardState)).first()
    for rating, mode in [(1, "flashcard"), (3, "flashcard"), (4, "flashcard"), (1, "quiz")]:
        add_review(
            session,
            learner_id=card.learner_id,
            item_id=card.item_id,
            card_id=card.id,
            rating=rating,
            mode=mode,
        )
    session.commit()
    figures = next(f for f in analysis.article_analysis(session, stocked).items if f.item.id == card.item_id)
    assert (figures.reviews, figures.recalled, figures.answers) == (3, 2, 0)
    assert not figures.suspicions


def test_nothing_answered_is_nothing_suspect(session, stocked):
    found = analysis.article_analysis(session, stocked)
    assert len(found.items) == 5 and found.learners == 0 and not found.suspects and not found.reported


def test_accepting_a_typed_answer(session, stocked, crafted):
    item = crafted["4,000"]
    assert analysis.accept_answer(session, item, " 4k  ") == "4k"
    session.commit()
    assert grade_typed("4K", session.get(Item, item.id)) == Verdict.CORRECT
    assert session.get(Item, item.id).edited
    for refused in ("4k", "4000", "", "x" * 201):
        with pytest.raises(analysis.AnalysisError):
            analysis.accept_answer(session, item, refused)
    # The answers already given keep their verdict, but the item is no longer suspect for them.
    runners = next(f for f in analysis.article_analysis(session, stocked).items if f.item.id == item.id)
    assert runners.right == 6 and runners.missing_answer is None and not runners.suspicions


def test_one_report_per_learner_and_item(session, stocked, crafted):
    item = crafted["Oslo"]
    learners = session.exec(select(Learner).where(Learner.name != "me")).all()[:3]
    analysis.report_item(session, learners[0].id, item, "wrong_answer", None)
    analysis.report_item(session, learners[0].id, item, "other", "  Oslo is <b>right</b>  ")  # replaces
    analysis.report_item(session, learners[1].id, item, "two_right", "")
    session.commit()
    reports = session.exec(select(ItemReport).order_by(ItemReport.id)).all()
    assert [(r.learner_id, r.reason, r.note) for r in reports] == [
        (learners[0].id, "other", "Oslo is <b>right</b>"),
        (learners[1].id, "two_right", None),
    ]
    figures = next(f for f in analysis.article_analysis(session, stocked).reported)
    assert figures.reporters == 2 and figures.reports == {"other": 1, "two_right": 1}
    assert figures.notes == ["Oslo is <b>right</b>"]
    listed = analysis.reported_items(session)
    assert [(r.item.id, r.learners, r.article_title) for r in listed] == [(item.id, 2, stocked.title)]
    session.refresh(item)
    assert (item.status, item.flagged) == ("active", False)  # a report hides nothing


@pytest.mark.parametrize(
    "reason, note, message",
    [
        ("", None, "Choose what is wrong"),
        ("hates it", None, "Choose what is wrong"),
        ("other", "   ", "Say in a few words"),
        ("nonsense", "x" * 501, "under 500"),
    ],
)
def test_a_bad_report_says_why_and_stores_nothing(session, stocked, reason, note, message):
    item = session.exec(select(Item)).first()
    with pytest.raises(analysis.AnalysisError, match=message):
        analysis.report_item(session, 1, item, reason, note)
    assert session.exec(select(ItemReport)).all() == []


def test_a_simulated_class_flags_the_planted_questions_and_no_others(session):
    """benchmarks/simulated_class.py's class of 60 (seeds 0 and 2): a miskeyed question, a tempting wrong
    choice, a question too hard, a missing accepted answer and a card that makes no sense as a flashcard are
    found; none of the fifteen fair ones is."""
    import random

    from benchmarks.simulated_class import simulate

    for seed in (0, 2):
        found = simulate(session, 60, 20, random.Random(seed))
        assert found["missed"] == [] and found["false_alarms"] == [], seed
        assert len(found["found"]) == 5


def test_an_article_deleted_takes_its_reports_with_it(session, stocked, crafted):
    from quizapp.deletion import delete_article

    analysis.report_item(session, 1, crafted["Oslo"], "nonsense", None)
    session.commit()
    delete_article(session, stocked)
    session.commit()
    assert session.exec(select(ItemReport)).all() == [] and analysis.reported_items(session) == []
