"""Step 7: three wrong choices of the answer's kind. First from the same article, then from the learner's
other articles (the pool), then made up (nearby dates and numbers, other combinations of the article's names,
well-known places)."""

import hashlib
import re

from quizapp.generator import dates, numbers
from quizapp.generator.answers import normalise
from quizapp.generator.facts import Fact
from quizapp.generator.mentions import People

WRONG_CHOICES = 3
# Last resort for "where" when an article names too few places: widely known ones of the same sort.
WELL_KNOWN_COUNTRIES = [
    "France",
    "Germany",
    "Brazil",
    "India",
    "Canada",
    "Australia",
    "Mexico",
    "Italy",
    "Spain",
    "Kenya",
    "Egypt",
    "Argentina",
    "Norway",
    "Vietnam",
    "Nigeria",
    "Chile",
]
WELL_KNOWN_CITIES = [
    "London",
    "Paris",
    "Berlin",
    "Madrid",
    "Toronto",
    "Sydney",
    "Chicago",
    "Mumbai",
    "Cairo",
    "Rome",
    "Lagos",
    "Seoul",
    "Boston",
    "Denver",
    "Lisbon",
    "Dublin",
    "Nairobi",
    "Oslo",
]


COMMON_FIRST_NAMES = [
    "James",
    "Maria",
    "David",
    "Sarah",
    "Michael",
    "Anna",
    "Daniel",
    "Laura",
    "Peter",
    "Elena",
]
COMMON_SURNAMES = ["Smith", "Garcia", "Brown", "Lee", "Martin", "Walker", "Young", "Clarke", "Novak", "Khan"]


class Candidates:
    """What an article offers as wrong choices, by kind."""

    def __init__(self, facts: list[Fact], people: People, sentences, pool: dict[str, list[str]] | None):
        self.people = people
        self.pool = pool or {}
        self.places = _entities(sentences, {"GPE", "LOC", "FAC"})
        self.countries = _entities(sentences, {"GPE"})
        self.dates = _entities(sentences, {"DATE"}) + [f.answer for f in facts if f.type == "when"]
        self.numbers = [(f.unit, f.answer) for f in facts if f.type == "how_many"]
        self.roles = [f.answer for f in facts if f.kind == "role_of"]
        self.things = [f.answer for f in facts if f.type == "what" and f.kind != "role_of"]

    def for_fact(self, fact: Fact, accepted: tuple[str, ...]) -> list[str] | None:
        """Three wrong choices, or None when the article and the pool cannot supply them."""
        ruled_out = {normalise(a) for a in (*accepted, *fact.also_correct)}
        question = normalise(fact.question)
        chosen: list[str] = []
        for candidate in self._ordered(fact):
            key = normalise(candidate)
            if not key or key in ruled_out or key in question or candidate in chosen:
                continue
            if fact.type == "who" and any(key in r or r in key for r in ruled_out):
                continue  # "Takaichi" is no wrong answer to a question about Sanae Takaichi
            chosen.append(candidate)
            ruled_out.add(key)
            if len(chosen) == WRONG_CHOICES:
                return chosen
        return None

    def _ordered(self, fact: Fact):
        seed = int(hashlib.sha1(fact.question.encode()).hexdigest()[:8], 16)
        if fact.type == "who":
            names = [p.name for p in self.people.persons if len(p.parts) >= 2 or fact.person is None]
            yield from _rotate(names, seed)
            yield from _rotate(self.pool.get("who", []), seed)
            yield from _made_up_names(self.people, seed)
        elif fact.type == "when":
            same = [d for d in self.dates if dates.same_shape(d, fact.answer)]
            yield from _rotate(same, seed)
            yield from _rotate(
                [d for d in self.pool.get("when", []) if dates.same_shape(d, fact.answer)], seed
            )
            yield from dates.nearby(fact.answer)
        elif fact.type == "how_many":
            unit = fact.unit or _unit(fact.answer)
            same = [n for u, n in self.numbers if (u or _unit(n)) == unit and numbers.value(n) is not None]
            yield from _rotate(same, seed)
            yield from numbers.nearby(fact.answer)
        elif fact.type == "where":
            yield from _rotate(self.places, seed)
            yield from _rotate(self.pool.get("where", []), seed)
            well_known = WELL_KNOWN_COUNTRIES if fact.answer in self.countries else WELL_KNOWN_CITIES
            yield from _rotate(well_known, seed)
        elif fact.kind == "role_of":
            yield from _rotate(self.roles, seed)
            yield from _rotate(self.pool.get("what", []), seed)
        else:
            words = len(fact.answer.split())
            similar = sorted(self.things, key=lambda t: abs(len(t.split()) - words))
            yield from similar
            yield from _rotate(self.pool.get("what", []), seed)


def _entities(sentences, labels: set[str]) -> list[str]:
    found = []
    for sentence in sentences:
        for entity in sentence.span.ents:
            if entity.label_ in labels:
                text = re.sub(r"^the\s+", "", entity.text, flags=re.I).strip()
                text = re.sub(r"(’s|'s)$", "", text)
                if text and text not in found:
                    found.append(text)
    return found


def _unit(text: str) -> str:
    """'250 cherry trees' -> 'cherry trees'; '$2 billion' -> '$'."""
    bare = numbers.strip_qualifier(text)
    words = re.sub(r"[\d,.]+", " ", bare).split()
    words = [w for w in words if w.lower() not in numbers.NUMBER_WORDS and w.lower() not in numbers.SCALES]
    return ("$" if "$" in bare else "") + " ".join(w.lower() for w in words)


def _rotate(items: list[str], seed: int) -> list[str]:
    if not items:
        return []
    shift = seed % len(items)
    return items[shift:] + items[:shift]


def _made_up_names(people: People, seed: int) -> list[str]:
    """First names and surnames of the article recombined, then with common ones."""
    firsts = [p.parts[0] for p in people.persons if len(p.parts) >= 2] + _rotate(COMMON_FIRST_NAMES, seed)
    lasts = [p.surname for p in people.persons if len(p.parts) >= 2] + _rotate(COMMON_SURNAMES, seed)
    real = {p.name for p in people.persons}
    made = [f"{first} {last}" for first in firsts for last in lasts if f"{first} {last}" not in real]
    return _rotate(made, seed)
