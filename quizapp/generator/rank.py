"""Step 8: drop what a teacher would strike out, keep the better of two items on one fact, order the rest."""

import re

from quizapp.generator import dates
from quizapp.generator.answers import normalise
from quizapp.generator.facts import Fact

PRONOUN_ANSWERS = {
    "he",
    "she",
    "it",
    "they",
    "him",
    "her",
    "them",
    "his",
    "hers",
    "its",
    "their",
    "this",
    "that",
    "these",
    "those",
    "we",
    "us",
    "i",
    "me",
    "you",
    "who",
    "which",
}
FUNCTION_WORDS = {
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "as",
    "that",
    "which",
    "who",
    "the",
    "a",
    "an",
}
QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")  # "this" inside a quotation is the speaker's
# "this agreement" points back into the article; "on this scale", "this year" stand on their own.
VAGUE_REFERENCE = re.compile(
    r"\b(this|these|those|such)\s+(?!(scale|size|kind|sort|magnitude|level|year|month|week|season)\b)\w+",
    re.I,
)


def acceptable(fact: Fact) -> bool:
    answer = normalise(fact.answer)
    words = fact.answer.lower().split()
    if not answer or answer in PRONOUN_ANSWERS:
        return False
    if words[0] in FUNCTION_WORDS - {"the", "a", "an"} or words[-1] in FUNCTION_WORDS:
        return False  # a fragment
    if fact.answer.count("“") != fact.answer.count("”") or fact.answer.count("(") != fact.answer.count(")"):
        return False
    question = f" {normalise(fact.question)} "  # padded: whole words are " word " in it
    if f" {answer} " in question:
        return False  # the question gives its answer away
    if fact.person is not None and f" {normalise(fact.person.surname)} " in question:
        return False
    if fact.kind != "quote" and VAGUE_REFERENCE.search(QUOTATION.sub("", fact.question)):
        return False  # "this agreement": unanswerable without the article open
    if fact.type == "when" and fact.kind != "cloze" and _names_another_date(fact):
        return False  # "When were arrangements made … from September? July": which date is asked?
    return len(fact.question.split()) >= 4


def _names_another_date(fact: Fact) -> bool:
    """The question names another date of the answer's kind (a month for a month, a year for a year)."""
    shape = dates.parse(fact.answer)
    if shape is None:
        return False
    for entity in fact.sentence.span.ents:
        if entity.label_ != "DATE" or entity.text in fact.answer or entity.text not in fact.question:
            continue
        other = dates.parse(entity.text)
        if other is not None and other.kind == shape.kind:
            return True
    return False


def select(facts: list[Fact]) -> list[Fact]:
    """Acceptable facts, one per fact key and per question, in article order."""
    best: dict[str, Fact] = {}
    for fact in facts:
        if not acceptable(fact):
            continue
        for key in (fact.key, "q:" + normalise(fact.question)):
            if key in best and best[key].score >= fact.score:
                break
        else:
            best[fact.key] = fact
            best["q:" + normalise(fact.question)] = fact
    unique = {id(f): f for f in best.values()}.values()
    kept = [f for f in unique if best.get(f.key) is f and best.get("q:" + normalise(f.question)) is f]
    asked = [f for f in kept if f.kind != "cloze"]
    kept = [f for f in kept if f.kind != "cloze" or not any(_asked_already(f, other) for other in asked)]
    return sorted(kept, key=lambda f: (f.sentence.index, -f.score))


def _asked_already(blank: Fact, fact: Fact) -> bool:
    """A wh-question of the same sentence already asks the value a fill-in-the-blank would."""
    if blank.sentence.index != fact.sentence.index or fact.type not in {"when", "how_many"}:
        return False  # a role that mentions a number ("the team's 16-year-old captain") does not ask it
    if blank.answer_span and fact.answer_span:
        (start, end), (other_start, other_end) = blank.answer_span, fact.answer_span
        if start < other_end and other_start < end:
            return True
    value, other = normalise(blank.answer), normalise(fact.answer)
    return value == other or value in other.split()  # "18" is asked by "about 18 months"
