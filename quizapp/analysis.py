"""Item analysis: how an article's questions fare with the learners who answered them, the ones that look
wrong (suspects), and the learners' own reports of a bad question.

From every learner's quiz answers: how many answered, the share right (difficulty), discrimination (the
point-biserial correlation of the item, right or wrong, with the rest of the learner's first answers on the
article: do learners who know the article well get it right more often?), how often each wrong choice was
picked and which wrong answers were typed; from flashcard reviews, how often the card was recalled and how
often learners said Again the first time they saw it. With accounts on the teacher sees the whole class; in a
personal install its one learner sees their own.

The teacher deals with a suspect or a reported item (triage): fixes it (quizapp.library.edit_item: the
learners' cards, their schedules and review logs stay as they are, on the same item), suspends it, or keeps
it as it is. Either way its open reports are marked handled and the item leaves the list until there is new
evidence (NEW_EVIDENCE) or a kind of suspicion it did not have then."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from math import ceil, sqrt
from statistics import median

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from quizapp import item_tallies
from quizapp.generator.answers import Verdict, grade, normalise
from quizapp.library import MAX_ANSWER_CHARS
from quizapp.models import (
    Article,
    FirstAnswer,
    Item,
    ItemReport,
    ItemStatus,
    ItemTally,
    ItemTriage,
    QuizMode,
    TriageAction,
    TypedWrong,
    WrongAnswerTally,
    utcnow,
)

MIN_LEARNERS = 10  # discrimination is shown, and judged, only with this many learners: fewer mean nothing
MIN_ANSWERS = 5  # answers before a share (right, a wrong choice's) can make an item suspect
NOBODY_RIGHT = 0.2  # a share right below this is "almost nobody"
SAME_TYPED = 3  # learners typing the same wrong answer: likely a missing accepted answer
NOTES_SHOWN = 5  # per reported item, the latest notes
REPORTS_LISTED = 100  # the library's most reported items, on the reports page
# Flashcards: an item most learners say Again to the first time they see it, on an article whose items they
# mostly recall at once, is likely a card that makes no sense (benchmarks/simulated_class.py).
MIN_FIRST_REVIEWS = 5  # learners' first flashcard reviews before the item's Again share counts
AGAIN_SUSPECT = 0.8  # the item's share of Again on first reviews above this...
AGAIN_ARTICLE = 0.4  # ...while the median of the article's items is below this
# ...and, when it was answered in quizzes, by this much more than its share of quiz answers wrong: a question
# as hard in quizzes is hard, not a broken card (in a simulated class of 60, without this, 2 of 300 fair
# questions were flagged; with 0.3, a class of 300 missed a bad card whose question was hard too).
AGAIN_OVER_QUIZ = 0.2
# A dismissed suspect (fixed, suspended or kept) comes back with this much more evidence than it had then
# (quiz answers and first flashcard reviews), MIN_ANSWERS at least, and still suspect; or at once with a kind
# of suspicion it did not have.
NEW_EVIDENCE = 0.5

REASONS = {
    "wrong_answer": "The answer is wrong",
    "two_right": "Two choices are right",
    "nonsense": "It makes no sense",
    "other": "Something else",
}
NOTE_MAX = 500  # ItemReport.note


class AnalysisError(ValueError):
    """A problem phrased for the learner or teacher: nothing was stored."""


# ---------------------------------------------------------------- figures


def point_biserial(pairs: list[tuple[bool, float]]) -> float | None:
    """The correlation of a right/wrong outcome with a score, over (right, score) pairs; None when it is not
    defined (everyone right, everyone wrong, or every score the same)."""
    n = len(pairs)
    right = [score for ok, score in pairs if ok]
    wrong = [score for ok, score in pairs if not ok]
    if not right or not wrong:
        return None
    mean = sum(score for _, score in pairs) / n
    spread = sqrt(sum((score - mean) ** 2 for _, score in pairs) / n)
    if spread == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / spread * sqrt(p * (1 - p))


@dataclass
class ItemFigures:
    item: Item
    answers: int = 0  # quiz answers, by every learner
    right: int = 0  # of them right (an almost-right typed answer counts, as on the score page)
    learners: int = 0  # who answered it in a quiz
    choice_answers: int = 0  # answered as multiple choice
    choice_right: int = 0
    picks: list[tuple[str, int]] = field(default_factory=list)  # each wrong choice: times picked
    typed_wrong: list[tuple[str, int]] = field(default_factory=list)  # typed wrong: by how many
    reviews: int = 0  # flashcard reviews
    recalled: int = 0  # of them graded anything but Again
    first_reviews: int = 0  # learners' first flashcard reviews (of the card when new)
    first_again: int = 0  # of them graded Again
    discrimination: float | None = None  # None below MIN_LEARNERS, or when not defined
    discriminated: int = 0  # the learners it is over
    reports: Counter = field(default_factory=Counter)  # reason: learners, reports not handled yet
    handled: int = 0  # reports the teacher has dealt with
    notes: list[str] = field(default_factory=list)  # the latest first, of reports not handled
    suspicions: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # of the suspicions, one word each (ItemTriage.reasons)
    missing_answer: str | None = None  # a wrong typed answer to offer as accepted
    triage: ItemTriage | None = None  # the teacher's last word on it
    dismissed: bool = False  # suspect, but dealt with and nothing new since

    @property
    def share_right(self) -> float | None:
        return self.right / self.answers if self.answers else None

    @property
    def share_recalled(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    @property
    def share_again_first(self) -> float | None:
        return self.first_again / self.first_reviews if self.first_reviews else None

    @property
    def reporters(self) -> int:
        return sum(self.reports.values())

    @property
    def evidence(self) -> int:
        return self.answers + self.first_reviews

    @property
    def suspect(self) -> bool:
        return bool(self.suspicions) and not self.dismissed

    @property
    def to_look_at(self) -> bool:
        return self.suspect or bool(self.reports)


@dataclass(frozen=True)
class ArticleAnalysis:
    article: Article
    items: list[ItemFigures]
    learners: int  # who answered any of its questions in a quiz
    median_again: float | None = None  # of the items' Again shares on first reviews (those with enough)

    @property
    def suspects(self) -> list[ItemFigures]:
        return [figures for figures in self.items if figures.suspect]

    @property
    def reported(self) -> list[ItemFigures]:
        return sorted((f for f in self.items if f.reports), key=lambda f: -f.reporters)

    @property
    def to_look_at(self) -> list[ItemFigures]:
        """Suspects and reported items, the most reported first, then in the article's order."""
        return sorted((f for f in self.items if f.to_look_at), key=lambda f: -f.reporters)

    @property
    def dismissed(self) -> int:
        return sum(figures.dismissed for figures in self.items)

    def figures_of(self, item_id: int) -> ItemFigures | None:
        return next((figures for figures in self.items if figures.item.id == item_id), None)


def _add_quiz_figures(session: Session, figures: dict[int, ItemFigures]) -> None:
    """Answers, right, picks and typed wrong answers, from the items' tallies (quizapp.item_tallies)."""
    connection, items = session.connection(), list(figures)
    tallies = connection.execute(
        select(ItemTally.item_id, ItemTally.kind, ItemTally.answers, ItemTally.right).where(
            col(ItemTally.item_id).in_(items), ItemTally.kind != item_tallies.FLASHCARD
        )
    )
    for item_id, kind, answers, right in tallies:
        found = figures[item_id]
        found.answers, found.right = found.answers + answers, found.right + right
        if kind == QuizMode.CHOICE:
            found.choice_answers, found.choice_right = answers, right
    picked, spellings = defaultdict(Counter), defaultdict(lambda: defaultdict(Counter))
    wrong = connection.execute(
        select(
            WrongAnswerTally.item_id, WrongAnswerTally.kind, WrongAnswerTally.given, WrongAnswerTally.times
        )
        .where(col(WrongAnswerTally.item_id).in_(items))
        .order_by(col(WrongAnswerTally.id))  # as first given: a tie of spellings shows the first
    )
    for item_id, kind, given, times in wrong:
        if kind == QuizMode.CHOICE:
            picked[item_id][given] += times
        else:
            spellings[item_id][normalise(given)][given] += times
    # The same wrong answer typed by several learners, whatever its case, spacing or punctuation.
    learners = func.count().label("learners")
    typed = connection.execute(
        select(TypedWrong.item_id, TypedWrong.form, learners)
        .where(col(TypedWrong.item_id).in_(items))
        .group_by(TypedWrong.item_id, TypedWrong.form)
    )
    typed_wrong = defaultdict(list)
    for item_id, form, who in typed:
        typed_wrong[item_id].append((spellings[item_id][form].most_common(1)[0][0], who))
    for item_id, found in figures.items():
        if not found.answers:
            continue
        item = found.item
        right_ones = {item.answer, *item.accepted}
        wrong_choices = [c for c in dict.fromkeys(item.choices) if c and c not in right_ones]
        chosen = picked[item_id]
        found.picks = sorted(((c, chosen[c]) for c in wrong_choices), key=lambda pick: -pick[1])
        found.typed_wrong = sorted(typed_wrong[item_id], key=lambda pair: (-pair[1], pair[0]))


def _add_discrimination(session: Session, figures: dict[int, ItemFigures]) -> int:
    """Per item, the point-biserial of each learner's first answer on it against the share right of their
    first answers on the article's other items (None with fewer than MIN_LEARNERS such learners), and how
    many learners it is over; with how many learners answered each item. Returns the learners who answered
    any."""
    rows = (
        session.connection()
        .execute(
            select(FirstAnswer.learner_id, FirstAnswer.item_id, FirstAnswer.right).where(
                col(FirstAnswer.item_id).in_(figures)
            )
        )
        .all()
    )
    answered, total = Counter(), Counter()  # per learner: items answered, of them right
    for learner, item_id, right in rows:
        answered[learner] += 1
        total[learner] += right
        figures[item_id].learners += 1
    # A learner's rest score is their total less the item: one pass per learner and item, not per other item.
    pairs: dict[int, list[tuple[bool, float]]] = defaultdict(list)
    for learner, item_id, right in rows:
        rest = answered[learner] - 1
        if rest:
            pairs[item_id].append((right, (total[learner] - right) / rest))
    for item_id, found in figures.items():
        found.discriminated = len(pairs[item_id])
        if found.discriminated >= MIN_LEARNERS:
            found.discrimination = point_biserial(pairs[item_id])
    return len(answered)


def _chance_floor(learners: int) -> float:
    """How negative a discrimination must be to mean something: a fair question's drops below zero by chance
    (its spread is about 1/sqrt(learners)), so only one below a one-sided 5 % bound counts. In a simulated
    class of 60, "below zero" flagged 3 % of fair questions (benchmarks/simulated_class.py)."""
    return -1.645 / sqrt(learners)


def _judge(figures: ItemFigures, median_again: float | None) -> None:
    """The reasons the item looks wrong, in words for the teacher, and their kinds."""
    reasons, kinds = figures.suspicions, figures.kinds
    if figures.choice_answers >= MIN_ANSWERS and figures.picks:
        choice, times = figures.picks[0]
        # And by half the wrong answers at least: a hard question's wrong answers spread over its wrong
        # choices, and one outnumbering the answer by chance is no sign (benchmarks/simulated_class.py).
        wrong = figures.choice_answers - figures.choice_right
        if times > figures.choice_right and 2 * times >= wrong:
            reasons.append(
                f"The wrong choice “{choice}” was picked more often ({times}) than the answer "
                f"({figures.choice_right})."
            )
            kinds.append("wrong_choice")
    if figures.discrimination is not None and figures.discrimination < _chance_floor(figures.discriminated):
        reasons.append(
            f"Negative discrimination ({figures.discrimination:+.2f}): learners who do well on the article "
            "get this one wrong more often."
        )
        kinds.append("negative_discrimination")
    if figures.answers >= MIN_ANSWERS and figures.right / figures.answers < NOBODY_RIGHT:
        reasons.append(f"Almost nobody right: {figures.right} of {figures.answers} answers.")
        kinds.append("nobody_right")
    item = figures.item
    for typed, learners in figures.typed_wrong:
        # Already accepted since (the answers given keep their verdict): nothing left to fix.
        if (
            learners >= SAME_TYPED
            and grade(typed, item.type, item.answer, list(item.accepted)) == Verdict.WRONG
        ):
            reasons.append(
                f"{learners} learners typed “{typed}”, marked wrong: is it a missing accepted answer?"
            )
            figures.missing_answer = typed
            kinds.append("missing_answer")
            break
    again = figures.share_again_first
    quiz_wrong = 1 - figures.right / figures.answers if figures.answers >= MIN_ANSWERS else None
    if (
        figures.first_reviews >= MIN_FIRST_REVIEWS
        and again > AGAIN_SUSPECT
        and median_again is not None
        and median_again < AGAIN_ARTICLE
        and (quiz_wrong is None or again - quiz_wrong >= AGAIN_OVER_QUIZ)
    ):
        reasons.append(
            f"Flashcards: {figures.first_again} of {figures.first_reviews} learners said Again the first "
            f"time they saw it, where most of the article's cards get {100 * median_again:.0f}%."
        )
        kinds.append("flashcard_again")
    figures.dismissed = bool(kinds) and _still_dismissed(figures)


def _still_dismissed(figures: ItemFigures) -> bool:
    """Whether the teacher's last word still holds: no kind of suspicion it did not have then, and not
    enough new evidence since."""
    triage = figures.triage
    if triage is None or not set(figures.kinds) <= set(triage.reasons):
        return False
    margin = max(MIN_ANSWERS, ceil(NEW_EVIDENCE * triage.evidence))
    return figures.evidence < triage.evidence + margin


def article_analysis(session: Session, article: Article) -> ArticleAnalysis:
    """The figures of every item of the article (suspended ones too), in the article's order. Read from the
    items' tallies, kept as answers are graded (quizapp.item_tallies): a few rows per item and one per
    learner and item, whatever the number of answers."""
    items = session.exec(select(Item).where(Item.article_id == article.id).order_by(Item.id)).all()
    figures = {item.id: ItemFigures(item) for item in items}
    learners = 0
    if items:
        _add_quiz_figures(session, figures)
        learners = _add_discrimination(session, figures)
        _add_flashcards(session, figures)
        _add_reports(session, figures)
        _add_triage(session, figures)
    shares = [f.share_again_first for f in figures.values() if f.first_reviews >= MIN_FIRST_REVIEWS]
    median_again = median(shares) if shares else None
    for found in figures.values():
        _judge(found, median_again)
    return ArticleAnalysis(article, list(figures.values()), learners, median_again)


def _add_flashcards(session: Session, figures: dict[int, ItemFigures]) -> None:
    rows = session.connection().execute(
        select(
            ItemTally.item_id, ItemTally.answers, ItemTally.right, ItemTally.first, ItemTally.first_wrong
        ).where(col(ItemTally.item_id).in_(figures), ItemTally.kind == item_tallies.FLASHCARD)
    )
    for item_id, reviews, recalled, first_reviews, first_again in rows:
        found = figures[item_id]
        found.reviews, found.recalled = reviews, recalled
        found.first_reviews, found.first_again = first_reviews, first_again


def _add_reports(session: Session, figures: dict[int, ItemFigures]) -> None:
    reports = session.exec(
        select(ItemReport)
        .where(col(ItemReport.item_id).in_(figures))
        .order_by(col(ItemReport.reported_at).desc(), col(ItemReport.id).desc())
    ).all()
    for report in reports:
        found = figures[report.item_id]
        if report.handled_at is not None:
            found.handled += 1
            continue
        found.reports[report.reason] += 1
        if report.note and len(found.notes) < NOTES_SHOWN:
            found.notes.append(report.note)


def _add_triage(session: Session, figures: dict[int, ItemFigures]) -> None:
    for triage in session.exec(select(ItemTriage).where(col(ItemTriage.item_id).in_(figures))).all():
        figures[triage.item_id].triage = triage


# ---------------------------------------------------------------- the teacher's one-click fix


def accept_answer(session: Session, item: Item, typed: str) -> str:
    """Accept `typed` as a right answer to the item from now on (answers already given keep their verdict);
    the answer as stored. AnalysisError when it cannot be. The caller commits."""
    answer = " ".join((typed or "").split())
    if not answer:
        raise AnalysisError("There is no answer to accept.")
    if len(answer) > MAX_ANSWER_CHARS:
        raise AnalysisError(f"An accepted answer can be at most {MAX_ANSWER_CHARS} characters.")
    if grade(answer, item.type, item.answer, list(item.accepted)) == Verdict.CORRECT:
        raise AnalysisError(f"“{answer}” is already accepted.")
    item.accepted = [*item.accepted, answer]  # a new list, so the JSON column is written
    item.edited = True
    session.add(item)
    return answer


# ---------------------------------------------------------------- the teacher's last word


def decide(session: Session, figures: ItemFigures, action: TriageAction, teacher_id: int | None) -> None:
    """Record the teacher's action on the item (already fixed by library.edit_item for FIXED; suspended here
    for SUSPENDED) with the evidence there is now, and mark its open reports handled: it leaves the list until
    new answers say something new. Doing it twice changes nothing more. The caller commits."""
    item = figures.item
    if action == TriageAction.SUSPENDED:
        item.status = ItemStatus.SUSPENDED  # not a toggle: a double submit leaves it suspended
        session.add(item)
    triage = session.get(ItemTriage, item.id)
    if triage is None:
        triage = ItemTriage(item_id=item.id, action=action)
        try:
            with session.begin_nested():  # a double submit: the other request stored it first
                session.add(triage)
        except IntegrityError:
            triage = session.get(ItemTriage, item.id)
    now = utcnow()
    triage.action, triage.teacher_id, triage.decided_at = action, teacher_id, now
    triage.evidence, triage.reasons = figures.evidence, list(figures.kinds)
    session.add(triage)
    open_reports = (ItemReport.item_id == item.id) & col(ItemReport.handled_at).is_(None)
    session.execute(update(ItemReport).where(open_reports).values(handled_at=now))
    figures.handled += figures.reporters
    figures.reports, figures.notes = Counter(), []
    figures.triage, figures.dismissed = triage, bool(figures.kinds)


# ---------------------------------------------------------------- learners' reports


def report_item(session: Session, learner_id: int, item: Item, reason: str, note: str | None) -> ItemReport:
    """Store the learner's report of the item, replacing their earlier one; AnalysisError when the form is not
    right. The item stays as it is, for every learner. The caller commits."""
    if reason not in REASONS:
        raise AnalysisError("Choose what is wrong with the question.")
    note = " ".join((note or "").split()) or None
    if note and len(note) > NOTE_MAX:
        raise AnalysisError(f"Keep the note under {NOTE_MAX} characters.")
    if reason == "other" and not note:
        raise AnalysisError("Say in a few words what is wrong.")
    where = (ItemReport.item_id == item.id, ItemReport.learner_id == learner_id)
    report = session.exec(select(ItemReport).where(*where)).first()
    if report is None:
        report = ItemReport(item_id=item.id, learner_id=learner_id, reason=reason, note=note)
        try:
            with session.begin_nested():  # a double submit: the other request stored it first
                session.add(report)
        except IntegrityError:
            report = session.exec(select(ItemReport).where(*where)).one()
    report.reason, report.note, report.reported_at = reason, note, utcnow()
    report.handled_at = None  # reported again: open again, whatever the teacher did before
    session.add(report)
    return report


@dataclass(frozen=True)
class ReportedItem:
    item: Item
    article_title: str
    learners: int


def handled_reports(session: Session) -> int:
    """Reports the teacher has dealt with, in the whole library."""
    handled = col(ItemReport.handled_at).is_not(None)
    return session.exec(select(func.count()).select_from(ItemReport).where(handled)).one()


def reported_items(session: Session) -> list[ReportedItem]:
    """The library's items with reports not handled yet, the most reported first (REPORTS_LISTED at most)."""
    learners = func.count(col(ItemReport.id)).label("learners")
    counted = (
        select(ItemReport.item_id, learners)
        .where(col(ItemReport.handled_at).is_(None))
        .group_by(ItemReport.item_id)
        .order_by(learners.desc(), col(ItemReport.item_id))
        .limit(REPORTS_LISTED)
        .subquery()
    )
    rows = session.exec(
        select(Item, Article.title, counted.c.learners)
        .join(counted, counted.c.item_id == Item.id)
        .join(Article, col(Article.id) == Item.article_id)
        .order_by(counted.c.learners.desc(), col(Item.id))
    ).all()
    return [ReportedItem(item, title, count) for item, title, count in rows]
