"""What the generator hands out: items, and the result of generating from one article."""

from dataclasses import asdict, dataclass, field

ITEM_TYPES = ("who", "what", "when", "where", "how_many")


@dataclass(frozen=True)
class Item:
    type: str  # one of ITEM_TYPES
    question: str
    answer: str
    accepted: tuple[str, ...]  # the answer and its fair variants
    choices: tuple[str, ...]  # four, the answer among them; none when it is asked typed only
    sentence: str  # the source sentence, as it stands in the article text
    sentence_span: tuple[int, int]  # into Generation.text
    answer_span: tuple[int, int] | None  # where the answer stands in the text, when it does
    score: float  # the chance a teacher keeps it (rank.py); items are studied best first
    fact_key: str  # items asking the same fact share it
    why: str = ""  # what the ranker liked about it, in its features' names

    def to_dict(self) -> dict:
        record = asdict(self)
        for key in ("accepted", "choices", "sentence_span", "answer_span"):
            if record[key] is not None:
                record[key] = list(record[key])
        return record


@dataclass(frozen=True)
class Dropped:
    """A question the generator made and struck out, with the reason (`quizapp generate --explain`)."""

    type: str
    question: str
    answer: str
    reason: str
    choices: tuple[str, ...] = ()  # when it was struck out after its wrong choices were found
    answer_span: tuple[int, int] | None = None


@dataclass
class Generation:
    title: str | None
    byline: str | None
    text: str
    items: list[Item] = field(default_factory=list)
    reason: str | None = None  # why there are no items, in words for the learner
    dropped: list[Dropped] = field(default_factory=list)
