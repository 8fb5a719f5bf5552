"""Step 8b: one item per fact, scored by a model learned from teachers' ratings, the weak ones dropped.

The score is Heilman & Smith's ranker in small: a logistic model over features of the item (its type, what
produced it, its lengths, where its sentence stands, its choices), fit by `benchmarks/fit_ranker.py` on items
rated blind on real articles (`ranker_weights.py`). It is the chance that a teacher would keep the item as
it is; items below KEEP_AT are dropped, and one answer is asked at most MAX_PER_ANSWER times.
"""

import math
import re
from collections.abc import Mapping

from quizapp.generator.answers import normalise
from quizapp.generator.checks import QUOTATION
from quizapp.generator.cloze import PROMPT
from quizapp.generator.facts import Fact
from quizapp.generator.ranker_weights import BIAS, WEIGHTS

KEEP_AT = 0.55  # held out, 64% acceptable above it, 60% above 0.45, for a sixth fewer items (fit_ranker.py)
MIN_ITEMS = 5  # ... but an article gives at least this many when it has them above FLOOR
FLOOR = 0.45  # the least an item scores to be kept so that an article has MIN_ITEMS
MAX_PER_ANSWER = 2  # one person (or date, or number) is not asked about in five items
MAX_PER_SENTENCE = 3  # and one sentence not five times over (a lede holds who, when, where and how many)
MAX_BLANKS_PER_SENTENCE = 1  # two blanks of a kind in one sentence show each other ("22%" beside "78%")
TYPES = ("who", "what", "when", "where", "how_many")
KINDS = (
    "actor",
    "role",
    "quote",
    "object",
    "patient",
    "role_of",
    "topic",
    "reported",
    "date",
    "number",
    "place",
)
PRONOUNS = re.compile(r"\b(he|she|they|it|his|her|their|its|him|them)\b", re.I)


def select(facts: list[Fact]) -> list[Fact]:
    """One fact per fact key and per question (the better of two), in article order; no fill-in-the-blank
    for a value a wh-question of the same sentence asks."""
    best: dict[str, Fact] = {}
    for fact in facts:
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


def features_of(item, title: str | None) -> dict[str, float]:
    """What the ranker sees of an item (an Item, or its dict as `quizapp generate --json` prints it)."""
    get = item.get if isinstance(item, Mapping) else lambda name: getattr(item, name)
    question, answer, sentence = get("question"), get("answer"), get("sentence")
    index, kind = _key_parts(get("fact_key"))
    cloze = question.startswith(PROMPT)
    bare = QUOTATION.sub(" ", question)
    words, sentence_words = question.split(), sentence.split()
    found = {
        "cloze": float(cloze),
        "q_words": len(words) / 10,
        "a_words": min(len(answer.split()), 10) / 5,
        "s_words": min(len(sentence_words), 60) / 30,
        "lede": float(index == 0),
        "early": float(index <= 3),
        "typed": float(len(get("choices") or ()) < 2),
        "q_commas": min(bare.count(","), 3) / 3,
        "q_quote": float(bare != question),
        "a_proper": float(answer[:1].isupper() and not answer[:1].isdigit()),
        "a_digit": float(any(ch.isdigit() for ch in answer)),
        "besides": float(question.startswith("Besides")),
        "q_pronoun": float(bool(PRONOUNS.search(bare))),
        "in_title": float(bool(title) and f" {normalise(answer)} " in f" {normalise(title)} "),
    }
    found |= {f"t_{t}": float(get("type") == t and not cloze) for t in TYPES}
    found |= {f"c_{t}": float(get("type") == t and cloze) for t in ("who", "when", "how_many")}
    found |= {f"k_{k}": float(kind == k) for k in KINDS}
    return found


def _key_parts(key: str) -> tuple[int, str]:
    index, kind, _ = (key or "0:other:").split(":", 2)
    return (int(index) if index.isdigit() else 0), kind


def score(features: dict[str, float]) -> float:
    """The chance that a teacher keeps the item, by the fitted model."""
    z = BIAS + sum(WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return 1 / (1 + math.exp(-z))


def reasons(features: dict[str, float], top: int = 3) -> str:
    """The features that raised the score most: why an item was kept, in the model's terms."""
    parts = sorted(
        ((WEIGHTS.get(name, 0.0) * value, name) for name, value in features.items() if value),
        reverse=True,
    )
    return ", ".join(name for weight, name in parts[:top] if weight > 0) or "no feature stands out"


LEDE_SENTENCES = 2  # the lede's who, what and when: asked before a later quote takes its answer's turns


def _lede_first(scored: tuple[float, object, str]) -> tuple[bool, float]:
    """Kept items of the lede go first, then the rest best first: when one answer may be asked only
    MAX_PER_ANSWER times, its turns go to the story's main fact ('Who was sworn in …?'), not to quotes."""
    value, item, _ = scored
    index, _ = _key_parts(item.fact_key)
    return (not (index < LEDE_SENTENCES and value >= KEEP_AT), -value)


def keep(scored: list[tuple[float, object, str]]) -> tuple[list, list[tuple[object, str]]]:
    """(kept, dropped with reasons) of (score, item, answer key) triples, the kept best first."""
    kept, dropped, per_answer, per_sentence, blanks, asked = [], [], {}, {}, {}, set()
    for value, item, answer in sorted(scored, key=_lede_first):
        sentence, blank = item.sentence_span, item.question.startswith(PROMPT)
        # an age and a count of one sentence give nothing of each other away; "22%" and "78%" do
        kind = (sentence, item.type, re.sub(r"[\d,.\s]+", "", item.answer.lower()))
        if (sentence, answer) in asked:
            dropped.append((item, "its sentence and answer are asked already (the same fact twice)"))
            continue
        if per_answer.get(answer, 0) >= MAX_PER_ANSWER:
            dropped.append((item, f"its answer is asked {MAX_PER_ANSWER} times already"))
            continue
        if per_sentence.get(sentence, 0) >= MAX_PER_SENTENCE:
            dropped.append((item, f"its sentence is asked {MAX_PER_SENTENCE} times already"))
            continue
        if blank and blanks.get(kind, 0) >= MAX_BLANKS_PER_SENTENCE:
            dropped.append((item, "its sentence has a blank already, which would show this one's answer"))
            continue
        if value < KEEP_AT and not (len(kept) < MIN_ITEMS and value >= FLOOR):
            dropped.append((item, f"score {value:.2f}: a teacher would more likely strike it out"))
            continue
        kept.append(item)
        per_answer[answer] = per_answer.get(answer, 0) + 1
        per_sentence[sentence] = per_sentence.get(sentence, 0) + 1
        blanks[kind] = blanks.get(kind, 0) + blank
        asked.add((sentence, answer))
    return kept, dropped
