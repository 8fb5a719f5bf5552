"""Questions a teacher writes by hand or imports from a file, not the generator: checked as the generator
checks its own (nothing empty, the answer not given away by the question, three wrong choices distinct from
each other and from every accepted answer, or none for a question asked typed), then stored as items of an
article with a card for every learner, so that they are studied like generated ones. The caller commits."""

import hashlib
import re
from dataclasses import dataclass, field, replace

from sqlmodel import Session, select

from quizapp import item_types
from quizapp.generator import dates, numbers
from quizapp.generator.answers import accepted_variants, normalise
from quizapp.generator.cloze import BLANK
from quizapp.models import HAND_MADE, IMPORTED, Article, Item, ItemStatus
from quizapp.scheduling import ensure_cards

WRONG_CHOICES = 3
MAX_QUESTION_CHARS = 500
MAX_ANSWER_CHARS = 200  # an answer, an accepted answer or a wrong choice
MAX_SENTENCE_CHARS = 1000
MAX_ACCEPTED = 20
# The ranker's "chance a teacher keeps it", which orders a quiz's questions: a teacher wrote this one.
TEACHER_SCORE = 1.0


@dataclass(frozen=True)
class Draft:
    """A question as written: `type` empty to work it out from the question."""

    question: str
    answer: str
    accepted: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    sentence: str = ""
    type: str = ""


@dataclass(frozen=True)
class Checked:
    """A draft made ready to store (one-line text, its type, every accepted variant, the four choices), or
    the reason it cannot be, in words for the teacher."""

    draft: Draft
    error: str | None = None
    accepted: tuple[str, ...] = ()
    choices: tuple[str, ...] = field(default=())


CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f]"
)  # PostgreSQL refuses NUL in text; none belongs in a question


def one_line(text: str) -> str:
    return " ".join(CONTROL.sub("", text or "").split())


def lines(text: str) -> tuple[str, ...]:
    """The non-blank lines of a textarea, each on one line, without repeats."""
    return tuple(dict.fromkeys(line for line in map(one_line, (text or "").splitlines()) if line))


WHEN = re.compile(
    r"^(?:(?:in|on|at|by|since|until) )?(?:when\b|(?:what|which) (?:year|date|day|month|decade|century)\b)"
)
PLACES = "country|city|town|place|state|region|continent|county|province|village|island"
WHERE = re.compile(rf"^(?:(?:in|at|from|to|near) )?(?:where\b|(?:what|which) (?:{PLACES})\b)")
WHO = re.compile(r"^(?:(?:to|by|from|with|for) )?(?:who|whom|whose)\b")


def guess_type(question: str, answer: str = "") -> str:
    """What the question asks, from its words (for a blank, from its answer): who, when, where, how many,
    or what. It picks the answer checker's leniency (a surname for a name, "3/5/2024" for a date)."""
    asked = one_line(question).lower()
    if BLANK in question:
        if dates.parse(answer) is not None:
            return "when"
        return "how_many" if numbers.value(answer) is not None else "what"
    if WHO.match(asked):
        return "who"
    if WHEN.match(asked):
        return "when"
    if WHERE.match(asked):
        return "where"
    if re.search(r"\bhow (?:many|much)\b", asked):
        return "how_many"
    return "what"


def check(draft: Draft) -> Checked:
    """The draft ready to store, or why not."""
    draft = replace(
        draft,
        question=one_line(draft.question),
        answer=one_line(draft.answer),
        accepted=tuple(dict.fromkeys(a for a in map(one_line, draft.accepted) if a)),
        wrong=tuple(w for w in map(one_line, draft.wrong) if w),
        sentence=one_line(draft.sentence),
        type=one_line(draft.type).lower().replace(" ", "_"),
    )
    if (error := _problem(draft)) is not None:
        return Checked(draft, error)
    draft = replace(draft, type=draft.type or guess_type(draft.question, draft.answer))
    accepted = accepted_variants(draft.type, draft.answer, draft.accepted)
    taken = {normalise(a) for a in accepted}
    question = f" {normalise(draft.question)} "  # padded: a choice is in it as whole words or not at all
    seen: set[str] = set()
    for wrong in draft.wrong:
        key = normalise(wrong)
        if not key:
            return Checked(draft, f"The wrong choice “{wrong}” needs a letter or a digit.")
        if key in taken:
            return Checked(draft, f"The wrong choice “{wrong}” is the answer, or an answer accepted for it.")
        if key in seen:
            return Checked(draft, f"The wrong choice “{wrong}” is given twice: the four choices must differ.")
        if f" {key} " in question:
            return Checked(draft, f"The question names the wrong choice “{wrong}”, which rules it out.")
        seen.add(key)
    choices = _shuffled(draft.question, [draft.answer, *draft.wrong]) if draft.wrong else ()
    return Checked(draft, None, accepted, choices)


def _problem(draft: Draft) -> str | None:
    if not draft.question:
        return "Write the question."
    if not draft.answer:
        return "Write the answer."
    if len(draft.question) > MAX_QUESTION_CHARS:
        return f"Keep the question under {MAX_QUESTION_CHARS} characters (it has {len(draft.question):,})."
    answers = (draft.answer, *draft.accepted, *draft.wrong)
    if (long := next((a for a in answers if len(a) > MAX_ANSWER_CHARS), None)) is not None:
        return f"Keep each answer and choice under {MAX_ANSWER_CHARS} characters (“{long[:40]}…” is longer)."
    if len(draft.sentence) > MAX_SENTENCE_CHARS:
        return f"Keep the source sentence under {MAX_SENTENCE_CHARS} characters."
    if len(draft.accepted) > MAX_ACCEPTED:
        return f"Give at most {MAX_ACCEPTED} other accepted answers."
    if draft.type and draft.type not in item_types.LABELS:
        kinds = ", ".join(label.lower() for label in item_types.LABELS.values())
        return f"“{draft.type}” is no kind of question QuizApp asks: use {kinds}."
    answer = normalise(draft.answer)
    if not answer:
        return "The answer needs a letter or a digit."
    if f" {answer} " in f" {normalise(draft.question)} ":
        return f"The question gives its answer away: “{draft.answer}” is in it."
    if draft.wrong and len(draft.wrong) != WRONG_CHOICES:
        count = len(draft.wrong)
        return f"Give three wrong choices, or none for a question answered by typing ({count} given)."
    return None


def _shuffled(question: str, choices: list[str]) -> tuple[str, ...]:
    """A fixed order per question, as the generator's, so that the answer is not always first."""
    return tuple(sorted(choices, key=lambda c: hashlib.sha1(f"{question}|{c}".encode()).hexdigest()))


def fact_key(origin: str, question: str) -> str:
    """Its question's key (Item's unique (article_id, fact_key)), marked with where it came from."""
    return origin + hashlib.sha256(normalise(question).encode()).hexdigest()[:40]


def item_of(article: Article, checked: Checked, origin: str) -> Item:
    """The checked draft as an item of `article`. Its source sentence, when the article's text has it, is
    placed there (the article page then marks its answer); any other goes after the text's questions."""
    draft = checked.draft
    start = article.text.find(draft.sentence) if draft.sentence and article.text else -1
    if start < 0:
        start = end = len(article.text)
        answer_start = answer_end = None
    else:
        end = start + len(draft.sentence)
        found = draft.sentence.casefold().find(draft.answer.casefold())
        answer_start = start + found if found >= 0 else None
        answer_end = answer_start + len(draft.answer) if answer_start is not None else None
    return Item(
        article_id=article.id,
        type=draft.type,
        question=draft.question,
        answer=draft.answer,
        accepted=list(checked.accepted),
        choices=list(checked.choices),
        sentence=draft.sentence,
        sentence_start=start,
        sentence_end=end,
        answer_start=answer_start,
        answer_end=answer_end,
        fact_key=fact_key(origin, draft.question),
        score=TEACHER_SCORE,
        status=ItemStatus.ACTIVE,
    )


def questions_of(session: Session, article_id: int) -> set[str]:
    """The article's questions, normalised: a question asked again in other case or spacing is the same."""
    return {normalise(q) for q in session.exec(select(Item.question).where(Item.article_id == article_id))}


def store(session: Session, article: Article, items: list[Item]) -> None:
    """Add the items to the article, each with a new card for every learner (flushed: their ids are set)."""
    session.add_all(items)
    session.flush()
    ensure_cards(session, article_id=article.id)


@dataclass(frozen=True)
class Added:
    """The outcome of adding a question by hand: the item stored, or the error (nothing was stored then),
    with the draft as it was typed, for the form to show again."""

    draft: Draft
    item: Item | None = None
    error: str | None = None


def add_by_hand(session: Session, article: Article, draft: Draft) -> Added:
    """Store a question a teacher wrote on the article's page, with a card for every learner."""
    checked = check(draft)
    if checked.error:
        return Added(draft, error=checked.error)
    if normalise(checked.draft.question) in questions_of(session, article.id):
        return Added(draft, error="This article already has that question.")
    item = item_of(article, checked, HAND_MADE)
    store(session, article, [item])
    return Added(draft, item=item)


def origin(item: Item) -> str | None:
    """ "hand" or "import" for a teacher's item, None for the generator's."""
    for prefix in (HAND_MADE, IMPORTED):
        if item.fact_key.startswith(prefix):
            return prefix.rstrip(":")
    return None
