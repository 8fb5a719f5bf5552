"""A fact: a question already phrased, its answer and the sentence it comes from."""

from dataclasses import dataclass

from quizapp.generator.document import Sentence
from quizapp.generator.mentions import Person

# Base scores: how worth learning each kind of fact usually is.
KIND_SCORE = {
    "actor": 0.8,
    "role": 0.75,
    "date": 0.8,
    "number": 0.8,
    "place": 0.7,
    "quote": 0.6,
    "object": 0.5,
    "patient": 0.7,
    "role_of": 0.65,
    "topic": 0.55,
    "reported": 0.6,
    "cloze": 0.45,  # a fill-in-the-blank: for what no wh-question asks
}


@dataclass(frozen=True)
class Fact:
    type: str  # who / what / when / where / how_many
    kind: str  # what produced it (see KIND_SCORE)
    question: str
    answer: str
    sentence: Sentence
    answer_span: tuple[int, int] | None
    person: Person | None = None  # the answer, when it is a person
    unit: str = ""  # what a how-many answer counts ("oak trees")
    also_correct: tuple[str, ...] = ()  # other right answers: never offered as wrong choices
    accepted: tuple[str, ...] = ()  # variants beyond the usual ones
    verb: int | None = None  # the token index of the verb a clause's question asks about

    @property
    def before_answer(self) -> str:
        """The source sentence up to the answer ('' when the answer does not stand in it)."""
        if self.answer_span is None:
            return ""
        return self.sentence.text[: self.answer_span[0] - self.sentence.start]

    @property
    def after_answer(self) -> str:
        """The source sentence after the answer."""
        if self.answer_span is None:
            return ""
        return self.sentence.text[self.answer_span[1] - self.sentence.start :]

    @property
    def key(self) -> str:
        return f"{self.sentence.index}:{self.kind}:{self.answer.lower()}"

    @property
    def score(self) -> float:
        words = len(self.question.split())
        brevity = 0.15 if words <= 14 else 0.15 - min(0.15, (words - 14) * 0.01)
        return round(KIND_SCORE.get(self.kind, 0.5) + brevity, 3)
