"""Quiz answers and flashcard reviews stored as rows by a test, counted in the item tallies as grading counts
them (quizapp.item_tallies); and the item analysis's figures recomputed from those raw rows, as the page
computed them before it read tallies, for tests that the tallies stay true."""

from collections import Counter, defaultdict

from sqlmodel import col, select

from quizapp import analysis, item_tallies
from quizapp.generator.answers import Verdict, normalise
from quizapp.models import Item, QuizAnswer, QuizMode, QuizSession, ReviewLog, ReviewMode
from quizapp.quizzes import question_kind


def add_answer(session, quiz: QuizSession, position: int, item: Item, given: str, verdict: str) -> None:
    """Store a quiz answer and count it, as quizzes.answer_question does (without the card's review)."""
    session.add(
        QuizAnswer(quiz_id=quiz.id, position=position, item_id=item.id, answer_given=given, verdict=verdict)
    )
    right = verdict != Verdict.WRONG
    kind = question_kind(quiz, item)
    item_tallies.count_answer(
        session, learner_id=quiz.learner_id, item_id=item.id, kind=kind, given=given, right=right
    )


def add_review(session, **columns) -> None:
    """Store a review log row (flashcard and not a first review unless said) and count it on its item."""
    log = {"mode": ReviewMode.FLASHCARD, "first_review": False} | columns
    session.add(ReviewLog(**log))
    item_tallies.count_review(session, log)


FIELDS = (
    "answers",
    "right",
    "learners",
    "choice_answers",
    "choice_right",
    "picks",
    "typed_wrong",
    "reviews",
    "recalled",
    "first_reviews",
    "first_again",
    "discrimination",
    "discriminated",
)


def page_figures(session, article) -> tuple[int, dict[int, tuple]]:
    """The analysis page's learners and each item's figures (FIELDS), as read from the tallies."""
    found = analysis.article_analysis(session, article)
    return found.learners, {
        f.item.id: (*(getattr(f, name) for name in FIELDS[:-2]), _rounded(f.discrimination), f.discriminated)
        for f in found.items
    }


def _rounded(value: float | None) -> float | None:
    """The same figure summed in another order differs in its last bits."""
    return None if value is None else round(value, 12)


def raw_figures(session, article) -> tuple[int, dict[int, tuple]]:
    """The same, recomputed from every quiz answer and review log row of the article's items."""
    items = {
        item.id: item
        for item in session.exec(select(Item).where(Item.article_id == article.id).order_by(Item.id)).all()
    }
    rows = session.exec(
        select(QuizSession.learner_id, QuizSession.mode, QuizAnswer.item_id, QuizAnswer.answer_given)
        .add_columns(QuizAnswer.verdict)
        .join(QuizSession, col(QuizSession.id) == QuizAnswer.quiz_id)
        .where(col(QuizAnswer.item_id).in_(items))
        .order_by(QuizAnswer.answered_at, QuizAnswer.id)
    ).all()
    by_item = defaultdict(list)
    first: dict[int, dict[int, bool]] = defaultdict(dict)
    for learner, mode, item_id, given, verdict in rows:
        typed = mode == QuizMode.TYPED or len([c for c in items[item_id].choices if c]) < 2
        right = verdict != Verdict.WRONG
        by_item[item_id].append((learner, given, right, typed))
        first[learner].setdefault(item_id, right)
    pairs = defaultdict(list)
    for outcomes in first.values():
        if len(outcomes) > 1:
            for item_id, right in outcomes.items():
                others = [ok for other, ok in outcomes.items() if other != item_id]
                pairs[item_id].append((right, sum(others) / len(others)))
    figures = {}
    for item_id, item in items.items():
        answers = by_item[item_id]
        chosen = [a for a in answers if not a[3]]
        picked = Counter(given for _, given, right, _ in chosen if not right)
        right_ones = {item.answer, *item.accepted}
        wrong_choices = [c for c in dict.fromkeys(item.choices) if c and c not in right_ones]
        picks = sorted(((c, picked[c]) for c in wrong_choices), key=lambda p: -p[1]) if answers else []
        learners_of, spellings = defaultdict(set), defaultdict(Counter)
        for learner, given, right, typed in answers:
            if typed and not right:
                learners_of[normalise(given)].add(learner)
                spellings[normalise(given)][given] += 1
        typed_wrong = sorted(
            ((spellings[form].most_common(1)[0][0], len(who)) for form, who in learners_of.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )
        reviews = session.exec(
            select(ReviewLog.rating, ReviewLog.first_review).where(
                ReviewLog.item_id == item_id, ReviewLog.mode == ReviewMode.FLASHCARD
            )
        ).all()
        n = len(pairs[item_id])
        figures[item_id] = (
            len(answers),
            sum(a[2] for a in answers),
            len({a[0] for a in answers}),
            len(chosen),
            sum(a[2] for a in chosen),
            picks,
            typed_wrong,
            len(reviews),
            sum(rating > 1 for rating, _ in reviews),
            sum(bool(is_first) for _, is_first in reviews),
            sum(bool(is_first) and rating == 1 for rating, is_first in reviews),
            _rounded(analysis.point_biserial(pairs[item_id])) if n >= analysis.MIN_LEARNERS else None,
            n,
        )
    return len(first), figures
