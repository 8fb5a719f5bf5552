"""Step 7: three wrong choices of the answer's kind. First from the same article, then from the learner's
other articles (the pool), then real places of the answer's granularity (GeoNames) and nearby dates and
numbers in the answer's form. Names are never made up: with fewer than three real people of the answer's
kind, the item is asked as a typed answer and a flashcard, never as a bad multiple choice."""

import functools
import hashlib
import re

from quizapp.generator import dates, numbers, places
from quizapp.generator.answers import normalise
from quizapp.generator.checks import post_problem
from quizapp.generator.document import tokens_between
from quizapp.generator.facts import Fact
from quizapp.generator.mentions import People, genders_named, side_key

WRONG_CHOICES = 3
# Where the question says "her" (or "his"), no wrong "who" choice is a person of the other gender.
GENDER_WORDS = {"she": "f", "her": "f", "hers": "f", "herself": "f", "he": "m", "him": "m", "his": "m"}
# "Sir ____", "Ms. ____": a title just before a blank says whom it asks for
HONORIFIC_BEFORE_BLANK = re.compile(
    r"\b(?:(Sir|Mr|Lord|King|Prince)|(Ms|Mrs|Miss|Lady|Dame|Queen|Princess))\.?\s+____"
)


class Candidates:
    """What an article offers as wrong choices, by kind."""

    def __init__(self, facts: list[Fact], people: People, sentences, pool: dict[str, list[str]] | None):
        self.people = people
        self.pool = pool or {}
        self.place_labels = _labelled(sentences, {"GPE", "LOC", "FAC"})
        self.places = list(self.place_labels)
        self.dates = _entities(sentences, {"DATE"}) + [f.answer for f in facts if f.type == "when"]
        self.numbers = [(f.unit, f.answer) for f in facts if f.type == "how_many"]
        # other people's posts, as a question about a post asks them (no bare ranks, no departments)
        self.roles = [f.answer for f in facts if f.kind == "role_of" and post_problem(f.answer) is None]
        self.things = [f.answer for f in facts if f.type == "what" and f.kind != "role_of"]

    def for_fact(self, fact: Fact, accepted: tuple[str, ...]) -> list[str]:
        """Three wrong choices, or none when the article, the pool and the data cannot supply three good
        ones (the item is then asked typed)."""
        if fact.type == "how_many" and numbers.SCORE.fullmatch(fact.answer.strip()):
            return []  # "15-14" beside "7-0": the game's own course rules most scores out; asked typed
        if fact.type == "how_many" and numbers.bound(fact.answer):
            # an answer that is a bound, "more than two hours": "more than three" may be true too; blind
            # raters kept none of 24 such items asked with choices (a blank after "more than ____", 69%)
            return []
        ruled_out = {normalise(a) for a in (*accepted, *fact.also_correct)}
        # "halted on Thursday and Saturday": the sentence's other dates may be right too
        if fact.type == "when":
            ruled_out |= {normalise(e.text) for e in fact.sentence.span.ents if e.label_ in {"DATE", "TIME"}}
        question = f" {normalise(fact.question)} "  # padded: a key is in it as whole words or not at all
        chosen: list[str] = []
        for candidate in self._ordered(fact):
            key = normalise(candidate)
            if not key or key in ruled_out or f" {key} " in question:
                continue
            if fact.type == "who" and any(key in r or r in key for r in ruled_out):
                continue  # a surname is no wrong answer to a question about its full name
            if fact.type == "who" and re.search(rf" {re.escape(key.split()[-1])}(s|’s|'s)? ", question):
                continue  # "… who represented both the Marlows": no Marlow is the lawyer
            if fact.type == "where" and any(
                places.same_country(candidate, c) for c in [fact.answer, *chosen]
            ):
                continue  # "U.S." is the answer "United States" again
            if any(_same_value(fact.type, shown, candidate) for shown in (fact.answer, *chosen)):
                continue  # "27 October" is no wrong answer when the answer is "Oct. 27", nor "two" for "2"
            if fact.type == "when":
                candidate = dates.written_like(candidate, fact.answer)
            chosen.append(_cased_like(candidate, fact.answer))
            ruled_out.add(key)
            if len(chosen) == WRONG_CHOICES:
                return chosen
        return []

    def _ordered(self, fact: Fact):
        seed = int(hashlib.sha1(fact.question.encode()).hexdigest()[:8], 16)
        if fact.type == "who":
            gender = _gender_asked(fact)
            # "Sir ____", "… her mouth", "spokeswoman ____": people the article shows are of that gender only
            fits = {gender} if _gender_shown(fact) else {None, gender}
            roles, sides = _described(fact)
            names = [
                p.name
                for p in self.people.persons
                if (len(p.parts) >= 2 or fact.person is None)
                and (gender is None or p.gender in fits)
                and p.looks_named
                and (not roles or roles & p.role_heads())  # a coach for a coach, a spokeswoman for one
                and (not sides or sides & p.sides())  # "Britain's ____": another Briton
            ]
            yield from _rotate(names, seed)
            if _gender_shown(fact) is None and not roles and not sides:
                yield from _rotate(self.pool.get("who", []), seed)  # the pool's people are undescribed
        elif fact.type == "when" and _games_year(fact):
            # "the ____ Paris Olympics": the Games come every four years, and 2025 beside 2024 is no choice
            year = int(fact.answer.strip())
            yield from (str(year + k) for k in (-4, 4, -8, 8, -12))
        elif fact.type == "when":
            same = [
                d for d in self.dates if dates.same_shape(d, fact.answer) and dates.same_style(d, fact.answer)
            ]
            yield from _rotate(same, seed)
            yield from _rotate(
                [d for d in self.pool.get("when", []) if dates.same_shape(d, fact.answer)], seed
            )
            yield from dates.nearby(fact.answer)
        elif fact.type == "how_many":
            unit = fact.unit or _unit(fact.answer)
            size = numbers.value(fact.answer)
            same = [
                n
                for u, n in self.numbers
                if unit  # "294" and "39" of a match are a total and a score: unlike unless a unit says so
                and (u or _unit(n)) == unit
                and _unit(n) == _unit(fact.answer)  # all with the unit written, or all without
                and numbers.value(n) is not None
                and numbers.same_form(n, fact.answer)  # no "Forty" beside "16", no "12" beside "12.99"
                and (not size or 0.25 <= numbers.value(n) / size <= 4)  # no "99,000" beside "11,000"
            ]
            made = (
                dates.nearby(fact.answer)
                if dates.YEAR_SPAN.match(fact.answer)
                else numbers.nearby(fact.answer)
            )
            if (
                _is_age(fact) and size and size > 12
            ):  # no one "died at the age of 114": a few years either side
                oldest = 17 if CHILD_AFTER_AGE.match(fact.after_answer) else 105  # "a ____-year-old boy"
                made = [
                    str(int(size) + k) for k in (4, -5, 9, -8, 12, -11, 3, -3, 2) if 0 < size + k <= oldest
                ]
                same = [
                    n for n in same if 0.7 <= numbers.value(n) / size <= 1.3 and numbers.value(n) <= oldest
                ]
                if not any(ch.isdigit() for ch in fact.answer):  # "Thirteen-year-old": words for words
                    made = [_cased_like(numbers.spell(int(n)) or n, fact.answer) for n in made]
            if re.search(r"per\s?cent|%", f"{unit} {fact.answer}"):  # no "104 per cent" of the members
                same, made = ([n for n in found if (numbers.value(n) or 0) < 100] for found in (same, made))
            direction = numbers.bound(
                fact.answer, fact.before_answer[-24:]
            )  # "more than ____": only larger choices
            same, made = (numbers.beyond(found, fact.answer, direction) for found in (same, made))
            for rule in SITUATION_RULES:  # what the question's own words rule out
                same, made = rule(same, fact), rule(made, fact)
            yield from (numbers.formatted_like(n, fact.answer) for n in [*_rotate(same, seed), *made])
        elif fact.kind == "role_of":
            # "spokeswoman" beside a man's post says whose it is not: gendered posts only beside their kind
            shown = genders_named(fact.answer)
            yield from _rotate([r for r in self.roles if genders_named(r) <= shown], seed)
        elif fact.type == "where":
            # a country for a country, a city for a city, a venue for a venue
            kind, label = places.kind(fact.answer), self.place_labels.get(fact.answer)
            alike = [p for p in self.places if places.kind(p) == kind]
            if kind is None:  # a venue, a street, a region: the article's own of the same label only
                alike = [p for p in alike if self.place_labels[p] == label]
            yield from _rotate(alike, seed)
            yield from _rotate([p for p in self.pool.get("where", []) if places.kind(p) == kind], seed)
            if kind is not None:
                yield from places.alike(fact.answer)[:12]
        else:
            words = len(fact.answer.split())
            similar = sorted(self.things, key=lambda t: abs(len(t.split()) - words))
            yield from similar
            yield from _rotate(self.pool.get("what", []), seed)


START_VALUE = r"(?:about\s+)?(?P<{}>[$£€]?\d[\d,.]*\s*(?:%|percent|[a-z]+)?)"
# "rose from 4.2% to ____", "rose to ____ last week from 4.2%": the value it moved from
FROM_TO_BLANK = re.compile(
    rf"\bfrom\s+{START_VALUE.format('start')}\s+to\s+____"
    rf"|\bto\s+____[^.;]{{0,40}}?\s+from\s+{START_VALUE.format('since')}"
)


# "____ of his first 8 shots", "____ out of the three arbitrators": a part is no more than its whole
OF_TOTAL = re.compile(
    r"____\s+(?:out\s+)?of\s+(?:(?:the|his|her|their|its|all)\s+)?(?:(?:first|last|next)\s+)?"
    r"(?P<total>\d[\d,]*|[a-z]+)\b"
)


AGE_BEFORE = re.compile(r"\b(?:age of|aged|age)\s*$", re.I)  # "at the age of", "aged", "Ann Lee, age"


GAMES_NEAR = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:Olympics?|Paralympics?|Winter Games|Summer Games|World Cup)\b"
)
CHILD_AFTER_AGE = re.compile(
    r"[-\s]years?[-\s]old\s+(?:\w+\s+)?(?:boy|girl|son|daughter|child|schoolboy|schoolgirl)\b"
)


def _games_year(fact: Fact) -> bool:
    """A year the Olympics or a World Cup follows ('the ____ Paris Olympics'): a four-year cycle."""
    return bool(re.fullmatch(r"\s*(?:19|20)\d\d\s*", fact.answer) and GAMES_NEAR.match(fact.after_answer))


def _is_age(fact: Fact) -> bool:
    """'died at the age of ____', 'aged ____', 'How old was …?', 'Dr Lee, ____, said': a person's age."""
    if fact.unit == "years of age" or AGE_BEFORE.search(fact.before_answer):
        return True
    if re.match(r"[-\s]years?[-\s]old\b", fact.after_answer):  # "a ____-year-old attorney"
        return True
    apposed = re.search(r"\b[A-Z][a-z]+,\s*$", fact.before_answer) and fact.after_answer.startswith(",")
    return bool(apposed and fact.person is None and re.fullmatch(r"\d{1,3}", fact.answer.strip()))


def _within_total(candidates: list[str], fact: Fact) -> list[str]:
    said = OF_TOTAL.search(fact.question)
    total = numbers.value(said["total"]) if said else None
    if total is None:
        return candidates
    return [c for c in candidates if (numbers.value(c) or 0) <= total]


# "eight days, ____ hours": a part of a duration below the next unit up
UNIT_BELOW = re.compile(
    r"\b(?P<above>days?|hours?|minutes?),?\s*(?:and\s+)?____\s*(?P<unit>hours?|minutes?|seconds?)\b"
)
UNIT_LIMIT = {"hour": 24, "minute": 60, "second": 60}
# "in rounds ____ and 18", "sets 3 and ____": numbered things listed in order
IN_ORDER = re.compile(
    r"\b(?:rounds|sets|games|stages|laps|holes|legs|innings|heats|races|chapters)\s+"
    r"(?:____\s+and\s+(?P<after>\d+)|(?P<before>\d+)\s+and\s+____)"
)


def _within_its_unit(candidates: list[str], fact: Fact) -> list[str]:
    said = UNIT_BELOW.search(fact.question)
    if not said:
        return candidates
    limit = UNIT_LIMIT[said["unit"].rstrip("s")]
    return [c for c in candidates if (numbers.value(c) or 0) < limit]


def _in_order(candidates: list[str], fact: Fact) -> list[str]:
    said = IN_ORDER.search(fact.question)
    if not said:
        return candidates
    if said["after"]:
        return [c for c in candidates if (numbers.value(c) or 0) < int(said["after"])]
    return [c for c in candidates if (numbers.value(c) or 0) > int(said["before"])]


def _same_side(candidates: list[str], fact: Fact) -> list[str]:
    """'rose from 4.2% to ____': a wrong choice lies on the answer's side of 4.2%, or the question rules it
    out by itself."""
    said = FROM_TO_BLANK.search(fact.question)
    shown = said and (said["start"] or said["since"])
    start, answer = (numbers.value(shown) if shown else None), numbers.value(fact.answer)
    if start is None or answer is None or answer == start:
        return candidates
    return [c for c in candidates if ((numbers.value(c) or 0) - start) * (answer - start) > 0]


def _plural_noun_after(candidates: list[str], fact: Fact) -> list[str]:
    """'two ____ Zephyrs', 'How many rooms …': before a plural noun, or counting a unit in the plural, no
    choice is one ('one Zephyrs', 'one rooms')."""
    if numbers.value(fact.answer) == 1:
        return candidates
    tokens = fact.sentence.tokens if fact.answer_span is not None else []
    after = next((t for t in tokens if fact.sentence.offset + t.idx >= fact.answer_span[1]), None)
    tag = after.tag_ if after is not None else ""
    plural = _plural(fact.unit) or tag in {"NNS", "NNPS"} or tag == "NNP" and _plural(after.text)  # "Zephyrs"
    return [c for c in candidates if numbers.value(c) != 1] if plural or _counts_plural(fact) else candidates


def _counts_plural(fact: Fact) -> bool:
    """'Two Yorkshire councillors': the noun the number counts, past the words between, is plural."""
    counted = list(tokens_between(fact.sentence, *fact.answer_span))[-1:] if fact.answer_span else []
    while counted and counted[0].dep_ in {"nummod", "compound"} and counted[0].head.i > counted[0].i:
        counted = [counted[0].head]
    return bool(counted) and counted[0].tag_ in {"NNS", "NNPS"}


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss")


SITUATION_RULES = (_same_side, _within_total, _within_its_unit, _in_order, _plural_noun_after)


def _described(fact: Fact) -> tuple[set[str], set[str]]:
    """The role and the side the answer's sentence gives the person asked for ('Bolt's coach ____',
    '____ of Australia'): a wrong choice must fit them, or the question rules it out by itself."""
    if fact.person is None:
        return set(), set()
    words = {w.lower() for w in re.findall(r"[\w-]+", fact.question)}
    roles = fact.person.role_heads(fact.sentence.index) & words  # only what the question shows
    sides = fact.person.sides(fact.sentence.index) & {side_key(w) for w in words}
    return roles, sides


def _gender_asked(fact: Fact) -> str | None:
    """The answer's gender, as the question's title ('Sir ____'), the article or the question's own
    pronouns give it."""
    title = HONORIFIC_BEFORE_BLANK.search(fact.question)
    if title:
        return "m" if title.group(1) else "f"
    if fact.person is not None and fact.person.gender:
        return fact.person.gender
    return _gender_shown(fact)


def _gender_shown(fact: Fact) -> str | None:
    """The gender the question itself shows ('… her mouth', 'Sir ____', 'spokeswoman')."""
    if HONORIFIC_BEFORE_BLANK.search(fact.question):
        return _gender_asked(fact)
    words = re.findall(r"[a-z]+", fact.question.lower())
    said = {GENDER_WORDS[w] for w in words if w in GENDER_WORDS}
    said |= genders_named(fact.question)
    return said.pop() if len(said) == 1 else None


def _entities(sentences, labels: set[str]) -> list[str]:
    return list(_labelled(sentences, labels))


def _labelled(sentences, labels: set[str]) -> dict[str, str]:
    """The article's entities of these kinds, in order of first mention, each with its first label."""
    found: dict[str, str] = {}
    for sentence in sentences:
        for entity in sentence.span.ents:
            if entity.label_ in labels:
                text = re.sub(r"^the\s+", "", entity.text, flags=re.I).strip()
                text = re.sub(r"(’s|'s)$", "", text)
                if text:
                    found.setdefault(text, entity.label_)
    return found


def _same_value(kind: str, answer: str, candidate: str) -> bool:
    """`answer` (the right one, or a choice already taken) written another way: the same date or number."""
    if kind == "when":
        return dates.same_date(answer, candidate) and dates.same_date(candidate, answer)
    if kind == "how_many":
        number = numbers.value(answer)
        units = {_unit(candidate), _unit(answer)}
        # "120 millimetres" is the answer "120" again; "7 percent" is not "7 people"
        return number is not None and numbers.value(candidate) == number and (len(units) == 1 or "" in units)
    return False


def _cased_like(candidate: str, answer: str) -> str:
    """A number word takes the answer's capital or not: "Five" (a sentence's first word) is no wrong
    choice for "four" in mid-sentence, nor the other way round."""
    first = re.split(r"[\s-]", candidate)[0].lower() if candidate.split() else ""  # "twenty-two"
    if first not in numbers.NUMBER_WORDS or not answer[:1].isalpha():
        return candidate
    return (candidate[:1].upper() if answer[:1].isupper() else candidate[:1].lower()) + candidate[1:]


@functools.lru_cache(maxsize=8192)
def _unit(text: str) -> str:
    """'250 oak trees' -> 'oak trees'; '$2 billion' -> '$'."""
    bare = numbers.strip_qualifier(text)
    words = re.sub(r"[\d,.]+", " ", bare).split()
    words = [w for w in words if w.lower() not in numbers.NUMBER_WORDS and w.lower() not in numbers.SCALES]
    return ("$" if "$" in bare else "") + " ".join(w.lower() for w in words)


def _rotate(items: list[str], seed: int) -> list[str]:
    if not items:
        return []
    shift = seed % len(items)
    return items[shift:] + items[:shift]
