"""Quiz sessions without Flask: pick the questions, grade each answer once, score the quiz.

Every quiz answer is also a review for the scheduler (correct -> Good, almost -> Hard, wrong -> Again).
An answer is stored once per question position (QuizAnswer's unique constraint): a double click, a second tab
or the back button finds the stored answer and changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Rating
from sqlalchemy import and_, bindparam, func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from quizapp import item_tallies
from quizapp.generator import grade
from quizapp.generator.answers import Verdict
from quizapp.models import (
    Article,
    CardState,
    Item,
    ItemStatus,
    QuizAnswer,
    QuizMode,
    QuizSession,
    ReviewMode,
    as_utc,
    utcnow,
)
from quizapp.scheduling import CardRow, review
from quizapp.stats import FINISHED, NEWEST_FIRST

LENGTHS = (5, 10, 20)
DEFAULT_LENGTH = 10
MODES = {QuizMode.CHOICE: "Multiple choice", QuizMode.TYPED: "Type the answer"}
VERDICT_RATING = {Verdict.CORRECT: Rating.Good, Verdict.ALMOST: Rating.Hard, Verdict.WRONG: Rating.Again}
MAX_ANSWER_CHARS = 300


class QuizError(Exception):
    """A problem phrased for the learner."""


class QuestionGone(QuizError):
    """The question was deleted with its article while it was being answered (quizapp.deletion)."""


ASKABLE = (Item.status == ItemStatus.ACTIVE, col(Item.flagged).is_(False))


def _candidates(learner_id: int, article_id: int | None):
    query = (
        select(Item.id)
        .join(CardState, col(CardState.item_id) == Item.id)
        .where(CardState.learner_id == learner_id, *ASKABLE)
    )
    if article_id is not None:
        query = query.where(Item.article_id == article_id)
    return query


# Cards drawn per question wanted, so that a few inactive or flagged items among them need no second draw.
DRAW_SLACK = 2
# is_new in both values: lets the planner range-scan ix_card_learner_new_due (learner, is_new, due) for a
# condition on `due` alone.
ANY_NEW = col(CardState.is_new).in_([False, True])


def _draw(
    session: Session, learner_id: int, article_id: int | None, due, wanted: int, rng: random.Random
) -> list[int]:
    """Up to `wanted` random items the learner can be quizzed on, among their cards meeting `due`.

    Over all articles the cards are drawn first on the card index alone, and only the drawn cards' items
    are read: ORDER BY random() over the card-item join reads every candidate's item (40 ms for 47,000
    due cards; 10 ms this way, most of it SQLite ordering the index entries at random). When inactive or
    flagged items leave the draw short, and for one article's quiz, the join is used."""
    # one article's quiz asks its best items first (the generator's score, which ranks rated items), ties at
    # random; over the whole library a random sample keeps it cheap
    candidates = (
        _candidates(learner_id, article_id).where(due).order_by(col(Item.score).desc(), func.random())
    )
    if article_id is None:
        drawn = session.exec(
            select(CardState.id)
            .where(CardState.learner_id == learner_id, ANY_NEW, due)
            .order_by(func.random())
            .limit(wanted * DRAW_SLACK)
        ).all()
        # Checked here, not in SQL: a status condition makes SQLite's planner start from ix_item_status.
        items = session.exec(
            select(Item.id, Item.status, Item.flagged)
            .join(CardState, col(CardState.item_id) == Item.id)
            .where(col(CardState.id).in_(drawn))
        ).all()
        askable = [item for item, status, flagged in items if status == ItemStatus.ACTIVE and not flagged]
        if len(askable) >= wanted or len(drawn) < wanted * DRAW_SLACK:  # enough, or every card was drawn
            return rng.sample(askable, min(wanted, len(askable)))
    return list(session.exec(candidates.limit(wanted)).all())


def _best_first(session: Session, item_ids: list[int], rng: random.Random) -> list[int]:
    scores = dict(session.exec(select(Item.id, Item.score).where(col(Item.id).in_(item_ids))).all())
    rng.shuffle(item_ids)  # ties in a different order each quiz
    return sorted(item_ids, key=lambda i: -(scores.get(i) or 0.0))


def start_quiz(
    session: Session,
    learner_id: int,
    *,
    article_id: int | None = None,
    length: int = DEFAULT_LENGTH,
    mode: str = QuizMode.CHOICE,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> QuizSession:
    """A new quiz of up to `length` questions: cards due for review first, then the rest, asked best item
    first (by the generator's score; the score orders blind-rated items by quality). Flushed (its id is set);
    the caller commits."""
    now = now or utcnow()
    rng = rng or random.Random()
    if mode not in MODES:
        raise QuizError("Choose multiple choice or typed answers.")
    if length not in LENGTHS:
        raise QuizError(f"Choose a length of {', '.join(map(str, LENGTHS))} questions.")
    if article_id is not None and session.get(Article, article_id) is None:
        raise QuizError("That article does not exist any more. Pick another.")
    # A random sample in the database, due cards first: no need to load every item of a large collection.
    chosen = _draw(session, learner_id, article_id, col(CardState.due) <= now, length, rng)
    if len(chosen) < length:
        chosen += _draw(session, learner_id, article_id, col(CardState.due) > now, length - len(chosen), rng)
    if not chosen:
        raise QuizError("There are no questions to ask yet. Add an article first.")
    chosen = _best_first(session, chosen, rng)
    quiz = QuizSession(
        learner_id=learner_id, article_id=article_id, mode=mode, item_ids=chosen, started_at=now
    )
    session.add(quiz)
    session.flush()
    return quiz


# ---------------------------------------------------------------- the setup page

# The article menu lists the newest; an older article's quiz starts from its page ("Quiz on this article").
MENU_ARTICLES = 50
RECENT_QUIZZES = 5
ARTICLE_CHOICE = select(Article.id, Article.title)  # not the text


@dataclass(frozen=True)
class QuizSetup:
    """The quiz setup page: the articles to choose from, the quiz in progress, the latest quizzes."""

    articles: list  # (id, title) rows, newest first, and the article asked for when it is older
    more_articles: bool  # more than MENU_ARTICLES: older ones are reached from their own page
    unfinished: QuizSession | None
    recent: list[QuizSession]  # finished, newest first
    titles: dict[int, str]  # the recent quizzes' articles


def setup(session: Session, learner_id: int, chosen_article: int | None = None) -> QuizSetup:
    articles = session.exec(ARTICLE_CHOICE.order_by(*NEWEST_FIRST).limit(MENU_ARTICLES + 1)).all()
    more_articles = len(articles) > MENU_ARTICLES
    articles = articles[:MENU_ARTICLES]
    if chosen_article is not None and chosen_article not in {a.id for a in articles}:
        articles += session.exec(ARTICLE_CHOICE.where(Article.id == chosen_article)).all()
    recent = session.exec(
        select(QuizSession)
        .where(QuizSession.learner_id == learner_id, FINISHED)
        .order_by(col(QuizSession.started_at).desc())
        .limit(RECENT_QUIZZES)
    ).all()
    quizzed = {quiz.article_id for quiz in recent} - {None}
    titles = dict(session.exec(ARTICLE_CHOICE.where(col(Article.id).in_(quizzed))).all()) if quizzed else {}
    return QuizSetup(articles, more_articles, unfinished_quiz(session, learner_id), list(recent), titles)


# ---------------------------------------------------------------- questions


def get_quiz(session: Session, quiz_id: int, learner_id: int) -> QuizSession | None:
    quiz = session.get(QuizSession, quiz_id)
    if quiz is None or quiz.learner_id != learner_id:
        return None
    return quiz


def answers_of(session: Session, quiz: QuizSession) -> dict[int, QuizAnswer]:
    rows = session.exec(select(QuizAnswer).where(QuizAnswer.quiz_id == quiz.id)).all()
    return {answer.position: answer for answer in rows}


def current_position(session: Session, quiz: QuizSession) -> int | None:
    """The first question not answered yet, or None when every question is answered."""
    return first_unanswered(quiz, answers_of(session, quiz))


def first_unanswered(quiz: QuizSession, answers: dict[int, QuizAnswer]) -> int | None:
    return next((pos for pos in range(len(quiz.item_ids)) if pos not in answers), None)


def question_kind(quiz: QuizSession, item: Item) -> QuizMode:
    """How the question is asked: a multiple-choice quiz asks items with fewer than two choices as typed."""
    if quiz.mode == QuizMode.TYPED or len([c for c in item.choices if c]) < 2:
        return QuizMode.TYPED
    return QuizMode.CHOICE


def choices_for(quiz: QuizSession, item: Item) -> list[str]:
    """The item's choices (answer included, no duplicates) in an order fixed per quiz and item."""
    seen: list[str] = []
    for choice in [*item.choices, item.answer]:
        if choice and choice not in seen:
            seen.append(choice)
    random.Random(f"{quiz.id}:{item.id}").shuffle(seen)
    return seen


@dataclass(frozen=True)
class Question:
    quiz: QuizSession
    position: int
    item: Item
    article_title: str | None
    kind: QuizMode
    choices: list[str]
    answer: QuizAnswer | None  # set once answered: the page is then the answer's feedback

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def total(self) -> int:
        return len(self.quiz.item_ids)

    @property
    def is_last(self) -> bool:
        return self.position + 1 >= self.total


# Built once, as the study queue's statements are (see scheduling.ACTIVE_CARDS): asked on every question.
ANSWER_AT = select(QuizAnswer).where(
    QuizAnswer.quiz_id == bindparam("quiz"), QuizAnswer.position == bindparam("position")
)
ARTICLE_TITLE = select(Article.title).where(Article.id == bindparam("article"))
ITEM_WITH_TITLE = (
    select(Item, Article.title)
    .join(Article, col(Article.id) == Item.article_id)
    .where(Item.id == bindparam("item"))
)
ITEM_AND_ANSWER = ITEM_WITH_TITLE.add_columns(QuizAnswer).outerjoin(
    QuizAnswer,
    and_(QuizAnswer.quiz_id == bindparam("quiz"), QuizAnswer.position == bindparam("position")),
)
# The question page's row: the answers before `position`, counted on the quiz's unique (quiz, position) index,
# instead of every answer of the quiz read as objects to find the first unanswered one.
ANSWERED_BEFORE = (
    select(func.count())
    .select_from(QuizAnswer)
    .where(QuizAnswer.quiz_id == bindparam("quiz"), col(QuizAnswer.position) < bindparam("position"))
)
QUESTION_PAGE = ITEM_AND_ANSWER.add_columns(ANSWERED_BEFORE.scalar_subquery())
# The quiz answer's card, read as a row (scheduling.CardRow) as the flashcard path reads it: review() needs
# its columns, not an object the session tracks.
CARD_OF_ITEM = select(CardState.__table__).where(
    CardState.learner_id == bindparam("learner"), CardState.item_id == bindparam("item")
)
# By a Core INSERT, as scheduling's review log: the ORM's unit of work costs more than the statement.
STORE_ANSWER = insert(QuizAnswer.__table__)
_quiz_table = QuizSession.__table__
COUNT_ANSWER = (
    update(_quiz_table)
    .where(_quiz_table.c.id == bindparam("quiz"))
    .values(
        answered_count=_quiz_table.c.answered_count + 1,
        correct_count=_quiz_table.c.correct_count + bindparam("right"),
    )
    .returning(_quiz_table.c.answered_count, _quiz_table.c.correct_count)
)


def article_title(session: Session, article_id: int) -> str | None:
    return session.connection().execute(ARTICLE_TITLE, {"article": article_id}).scalar()


def question_at(session: Session, quiz: QuizSession, position: int) -> Question | None:
    """Question `position` (0-based) with its stored answer, if any."""
    found = _question_row(session, ITEM_AND_ANSWER, quiz, position)
    return _question(quiz, position, *found) if found else None


def _question_row(session: Session, statement, quiz: QuizSession, position: int):
    """The row of `statement` (ITEM_AND_ANSWER or QUESTION_PAGE) for question `position`; None when the quiz
    has no such question."""
    if not 0 <= position < len(quiz.item_ids):
        return None
    params = {"item": quiz.item_ids[position], "quiz": quiz.id, "position": position}
    return session.exec(statement, params=params).first()


def _question(quiz: QuizSession, position: int, item: Item | None, title, answer) -> Question | None:
    # An answered question's item deleted since (its answer keeps the text): SQLite may give its id to a new
    # item, which this question never was.
    if item is None or (answer is not None and answer.item_id != item.id):
        return None
    return Question(
        quiz=quiz,
        position=position,
        item=item,
        article_title=title,
        kind=question_kind(quiz, item),
        choices=choices_for(quiz, item),
        answer=answer,
    )


@dataclass(frozen=True)
class AnswerInOrder:
    """A question past the first one unanswered was asked for: the questions are answered in order."""

    position: int  # 0-based: the first question unanswered


def question_page(session: Session, quiz: QuizSession, position: int) -> Question | AnswerInOrder | None:
    """The question page at `position` (0-based): the question, or its feedback once answered; None when
    the quiz has no such question. One statement: the item, its stored answer and how many earlier
    questions are answered, which tells whether one was skipped (positions are unique per quiz)."""
    found = _question_row(session, QUESTION_PAGE, quiz, position)
    if found is None:
        return None
    *item_title_answer, answered_before = found
    question = _question(quiz, position, *item_title_answer)
    if question is not None and question.answer is None and answered_before < position:
        return AnswerInOrder(current_position(session, quiz))  # an earlier question is still unanswered
    return question


# ---------------------------------------------------------------- grading


def grade_typed(typed: str, item: Item) -> Verdict:
    """correct / almost / wrong, by the generator's answer checker."""
    return grade(typed, item.type, item.answer, list(item.accepted))


def unfinished_quiz(session: Session, learner_id: int) -> QuizSession | None:
    """The learner's latest quiz that is not finished, to offer resuming it."""
    return session.exec(
        select(QuizSession)
        .where(QuizSession.learner_id == learner_id, col(QuizSession.finished_at).is_(None))
        .order_by(col(QuizSession.started_at).desc())
        .limit(1)
    ).first()


def grade_answer(question: Question, given: str) -> Verdict:
    if question.kind == QuizMode.CHOICE:
        right = given == question.item.answer or given in question.item.accepted
        return Verdict.CORRECT if right else Verdict.WRONG
    return grade_typed(given, question.item)


@dataclass(frozen=True)
class Outcome:
    answer: QuizAnswer
    recorded: bool  # False: this position was already answered, nothing changed


def answer_question(
    session: Session,
    question: Question,
    given: str,
    *,
    duration_ms: int | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Grade and store the answer once, count it on the quiz, and review the card (mode quiz), in the caller's
    transaction (the caller commits)."""
    now = now or utcnow()
    quiz = question.quiz
    if question.answer is not None:
        return Outcome(question.answer, recorded=False)
    given = given.strip()[:MAX_ANSWER_CHARS]
    if not given:
        typed = question.kind == QuizMode.TYPED
        raise QuizError("Type an answer first." if typed else "Pick an answer first.")
    verdict = grade_answer(question, given)
    values = {
        "quiz_id": quiz.id,
        "position": question.position,
        "item_id": question.item.id,
        "answer_given": given,
        "verdict": verdict,
        "answered_at": now,
    }
    try:
        stored_id = session.connection().execute(STORE_ANSWER, values).inserted_primary_key[0]
    except IntegrityError:  # a concurrent submit of the same question won, or its item was just deleted
        session.rollback()  # nothing else of this request is written yet (the view answers this alone)
        # read from `values`: the rollback expired the quiz, which may be deleted with its only article
        stored = session.exec(
            ANSWER_AT, params={"quiz": values["quiz_id"], "position": values["position"]}
        ).first()
        if stored is None:
            raise QuestionGone("This question was deleted with its article a moment ago.") from None
        return Outcome(stored, recorded=False)
    answer = QuizAnswer(id=stored_id, **values)  # as stored, for the feedback (not read back)
    # Counted in the database (two tabs may answer different questions of one quiz at once).
    correct = verdict != Verdict.WRONG
    item_tallies.count_answer(
        session,
        learner_id=quiz.learner_id,
        item_id=question.item.id,
        kind=question.kind,
        given=given,
        right=correct,
    )
    counts = session.connection().execute(COUNT_ANSWER, {"quiz": quiz.id, "right": int(correct)})
    answered, right = counts.one()
    set_committed_value(quiz, "answered_count", answered)
    set_committed_value(quiz, "correct_count", right)
    if answered >= len(quiz.item_ids) and quiz.finished_at is None:
        quiz.finished_at = now
        session.add(quiz)

    # The answer and the card's review land together, in one transaction.
    params = {"learner": quiz.learner_id, "item": question.item.id}
    card = session.connection().execute(CARD_OF_ITEM, params).first()
    if card is not None:
        card = CardRow._make(card)
        # A review raced by another tab returns None: the answer still counts, the card is graded once.
        review(
            session,
            card,
            VERDICT_RATING[verdict],
            expected_version=card.version,
            mode=ReviewMode.QUIZ,
            now=now,
            duration_ms=duration_ms,
            answer_given=given,
            correct=correct,
            item_type=question.item.type,
        )
    return Outcome(answer, recorded=True)


def duration_since(shown_at_ms: str | None, now: datetime | None = None) -> int | None:
    """Milliseconds since the question was shown (a form field), when believable."""
    now = now or utcnow()
    try:
        shown = int(shown_at_ms or "")
    except ValueError:
        return None
    elapsed = int(now.timestamp() * 1000) - shown
    return elapsed if 0 <= elapsed <= 3_600_000 else None


# ---------------------------------------------------------------- score


@dataclass(frozen=True)
class Missed:
    item: Item | None  # None: deleted with its article since (quizapp.deletion)
    given: str
    verdict: Verdict
    deleted_question: str | None = None  # what was asked, when the item is deleted


@dataclass(frozen=True)
class Score:
    quiz: QuizSession
    article: Article | None
    total: int
    right: int
    duration: timedelta | None
    missed: list[Missed]  # wrong answers
    almost: list[Missed]  # accepted with a typo

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


def score(session: Session, quiz: QuizSession) -> Score:
    answers = answers_of(session, quiz)
    missed, almost = [], []
    for position in sorted(answers):
        answer = answers[position]
        if answer.verdict in (Verdict.WRONG, Verdict.ALMOST):
            item = session.get(Item, answer.item_id) if answer.item_id is not None else None
            entry = Missed(item, answer.answer_given, Verdict(answer.verdict), answer.deleted_question)
            (missed if answer.verdict == Verdict.WRONG else almost).append(entry)
    finished = as_utc(quiz.finished_at)
    return Score(
        quiz=quiz,
        article=session.get(Article, quiz.article_id) if quiz.article_id else None,
        total=len(quiz.item_ids),
        right=sum(1 for a in answers.values() if a.verdict != Verdict.WRONG),
        duration=(finished - as_utc(quiz.started_at)) if finished else None,
        missed=missed,
        almost=almost,
    )
