"""The teacher's last word on a suspect or reported item (fix, suspend, keep), when a dealt-with suspect
comes back, reports marked handled, and the flashcard rule: on hand-built classes."""

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating
from sqlmodel import select

from quizapp import analysis, library
from quizapp.models import CardState, Item, ItemReport, ItemTriage, Learner, ReviewLog, TriageAction
from quizapp.scheduling import add_learner, review
from tests.helpers.answers import add_review
from tests.test_analysis import _quiz, crafted  # noqa: F401 (the fixture)


def _figures(session, article, item: Item) -> analysis.ItemFigures:
    return analysis.article_analysis(session, article).figures_of(item.id)


def _more_answers(session, article, item: Item, given: list[str]) -> None:
    """New learners each answering the item once, in a multiple-choice quiz."""
    for answer in given:
        learner = Learner(name=f"late {len(session.exec(select(Learner.id)).all())}")
        session.add(learner)
        session.flush()
        _quiz(session, learner.id, article, "choice", [(item, answer)])
    session.commit()


def _first_reviews(session, item: Item, ratings: list[int]) -> None:
    """New learners each reviewing the item's card for the first time, as flashcards."""
    for n, rating in enumerate(ratings):
        learner = add_learner(session, f"cards {item.id} {n}")
        card = session.exec(select(CardState).where(CardState.learner_id == learner.id)).first()
        add_review(
            session, learner_id=learner.id, item_id=item.id, card_id=card.id, rating=rating, first_review=True
        )
    session.commit()


def test_a_kept_suspect_leaves_the_list_until_new_answers_say_so(session, stocked, crafted):  # noqa: F811
    oslo = crafted["Oslo"]
    figures = _figures(session, stocked, oslo)
    assert figures.suspect and figures.kinds == ["wrong_choice"] and figures.evidence == 12
    analysis.decide(session, figures, TriageAction.KEPT, teacher_id=1)
    session.commit()
    found = analysis.article_analysis(session, stocked)
    assert oslo.id not in {f.item.id for f in found.suspects} and found.dismissed == 1
    assert found.figures_of(oslo.id).suspicions  # the figures still say it: only the list leaves it out
    # Five more answers picking "Bergen": less than half as much evidence again (6 of 12), it stays kept.
    _more_answers(session, stocked, oslo, ["Bergen"] * 5)
    assert _figures(session, stocked, oslo).dismissed
    # The sixth: the same suspicion on 18 answers, it is back.
    _more_answers(session, stocked, oslo, ["Bergen"])
    back = _figures(session, stocked, oslo)
    assert back.suspect and not back.dismissed and back.triage.action == "kept"


def test_a_new_kind_of_suspicion_brings_a_kept_item_back_at_once(session, stocked, crafted):  # noqa: F811
    oslo, who, runners = crafted["Oslo"], crafted["Mara Lindqvist"], crafted["4,000"]
    analysis.decide(session, _figures(session, stocked, oslo), TriageAction.KEPT, teacher_id=1)
    session.commit()
    # Five learners say Again to its card (less new evidence than the margin), the article's others Good.
    _first_reviews(session, who, [Rating.Good] * 5)
    _first_reviews(session, runners, [Rating.Good] * 5)
    _first_reviews(session, oslo, [Rating.Again] * 5)
    figures = _figures(session, stocked, oslo)
    assert figures.kinds == ["wrong_choice", "flashcard_again"] and figures.suspect
    assert "5 of 5 learners said Again" in " ".join(figures.suspicions)


def test_keeping_a_reported_item_handles_its_reports_which_still_count(session, stocked, crafted):  # noqa: F811
    who = crafted["Mara Lindqvist"]  # the clean item: reported, not suspect
    learners = session.exec(select(Learner).where(Learner.name.like("learner %"))).all()
    for learner in learners[:2]:
        analysis.report_item(session, learner.id, who, "two_right", "Both are named")
    session.commit()
    figures = _figures(session, stocked, who)
    assert figures.to_look_at and not figures.suspect and figures.reporters == 2
    analysis.decide(session, figures, TriageAction.KEPT, teacher_id=1)
    session.commit()
    after = _figures(session, stocked, who)
    assert (after.to_look_at, after.reporters, after.handled, after.notes) == (False, 0, 2, [])
    assert analysis.reported_items(session) == [] and analysis.handled_reports(session) == 2
    assert len(session.exec(select(ItemReport)).all()) == 2  # kept, and counted
    # A learner reporting it again opens their report again: the item is back on the list.
    analysis.report_item(session, learners[0].id, who, "nonsense", None)
    session.commit()
    again = _figures(session, stocked, who)
    assert (again.to_look_at, again.reporters, again.handled) == (True, 1, 1)
    assert [(r.item.id, r.learners) for r in analysis.reported_items(session)] == [(who.id, 1)]


def test_suspending_twice_leaves_it_suspended_with_one_decision(session, stocked, crafted):  # noqa: F811
    director = crafted["Pelle Strand"]
    for _ in range(2):  # a double submit
        analysis.decide(session, _figures(session, stocked, director), TriageAction.SUSPENDED, teacher_id=1)
        session.commit()
    assert session.get(Item, director.id).status == "suspended"
    decisions = session.exec(select(ItemTriage)).all()
    assert [(d.item_id, d.action, d.reasons) for d in decisions] == [
        (director.id, "suspended", ["nobody_right"])
    ]
    assert not _figures(session, stocked, director).suspect


def test_fixing_an_item_keeps_every_learners_schedule(session, stocked, crafted):  # noqa: F811
    """The fix edits the item in place: every card of it, with its FSRS state, due date and review log, is the
    same card of the same item, which now asks the fixed question."""
    oslo = crafted["Oslo"]
    for learner_id in (1, add_learner(session, "second").id):
        card = session.exec(
            select(CardState).where(CardState.learner_id == learner_id, CardState.item_id == oslo.id)
        ).one()
        when = datetime(2026, 11, 1, 9, tzinfo=UTC) + timedelta(days=learner_id)
        review(session, card, Rating.Good, expected_version=card.version, now=when)
    session.commit()
    fields = ("id", "learner_id", "state", "step", "stability", "difficulty", "due", "last_review", "reps")

    def schedules():
        cards = session.exec(select(CardState).where(CardState.item_id == oslo.id)).all()
        return sorted(tuple(getattr(card, name) for name in fields) for card in cards)

    def logs():
        rows = session.exec(select(ReviewLog).where(ReviewLog.item_id == oslo.id)).all()
        return sorted((log.id, log.card_id, log.rating, log.reviewed_at) for log in rows)

    before, logged = schedules(), logs()
    assert (
        len(before) == 2
        and len(logged) == 2
        and all(row[6] > datetime(2026, 11, 1, tzinfo=UTC) for row in before)
    )
    edit = library.edit_item(
        session,
        oslo,
        question="Where did the marathon start?",
        answer="Bergen",
        accepted="",
        choices="Bergen\nOslo\nStockholm\nHelsinki",
    )
    assert edit.error is None
    analysis.decide(session, _figures(session, stocked, oslo), TriageAction.FIXED, teacher_id=1)
    session.commit()
    session.expire_all()
    assert schedules() == before and logs() == logged
    fixed = session.get(Item, oslo.id)
    assert (fixed.answer, fixed.edited, fixed.choices[0]) == ("Bergen", True, "Bergen")
    # The learners who picked "Bergen" keep their verdict; the wrong choice is the answer now: not suspect.
    after = _figures(session, stocked, oslo)
    assert after.right == 4 and not after.suspect and after.triage.action == "fixed"


@pytest.mark.parametrize(
    "item_again, others_again, suspect",
    [
        ([Rating.Again] * 5, [Rating.Good] * 5, True),  # 5 of 5 Again, the article's median 0
        ([Rating.Again] * 4 + [Rating.Good], [Rating.Good] * 5, False),  # 0.8: not above it
        ([Rating.Again] * 4, [Rating.Good] * 5, False),  # four learners: too few
        ([Rating.Again] * 5, [Rating.Again] * 2 + [Rating.Good] * 3, False),  # median 0.4: not below it
    ],
)
def test_the_flashcard_rule(session, stocked, item_again, others_again, suspect):
    items = session.exec(select(Item).where(Item.article_id == stocked.id).order_by(Item.id)).all()
    bad, *others = items
    _first_reviews(session, bad, item_again)
    for other in others[:2]:
        _first_reviews(session, other, others_again)
    # Later reviews of the bad card (not first ones) change nothing.
    card = session.exec(select(CardState).where(CardState.item_id == bad.id)).first()
    add_review(session, learner_id=card.learner_id, item_id=bad.id, card_id=card.id, rating=Rating.Good)
    session.commit()
    found = analysis.article_analysis(session, stocked)
    figures = found.figures_of(bad.id)
    assert (figures.first_reviews, figures.reviews) == (len(item_again), len(item_again) + 1)
    assert ("flashcard_again" in figures.kinds) is suspect
    assert [f.item.id for f in found.suspects] == ([bad.id] if suspect else [])
