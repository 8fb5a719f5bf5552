"""Step 7: three wrong choices of the answer's kind. First from the same article, then from the learner's
other articles (the pool), then made up (nearby dates and numbers, other combinations of the article's names,
well-known places)."""

import functools
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


# Where the answer is a country, wrong choices are countries; any other place gets cities.
COUNTRY_NAMES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|
Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Botswana|Brazil|
Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|
Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominican Republic|Ecuador|
Egypt|El Salvador|England|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|
Georgia|Germany|Ghana|Greece|Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|
Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|
Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|
Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|
Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|
North Korea|North Macedonia|Norway|Oman|Pakistan|Palestine|Panama|Papua New Guinea|Paraguay|Peru|
Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Scotland|Senegal|Serbia|
Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|
Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|
Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|United Kingdom|
United States|Uruguay|Uzbekistan|Venezuela|Vietnam|Wales|Yemen|Zambia|Zimbabwe|U.S.|US|USA|UK|
Britain|Great Britain|America
"""
COUNTRIES = {name.lower() for name in re.split(r"[|\n]", COUNTRY_NAMES) if name}
# Names of one country (normalised): one of them among the choices rules out the others.
_ALIASES = [
    ("united states", "us", "usa", "u s", "u s a", "america"),
    ("united kingdom", "uk", "u k", "britain"),
]
SAME_PLACE = {name: set(group) for group in _ALIASES for name in group}

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
        self.place_labels = _labelled(sentences, {"GPE", "LOC", "FAC"})
        self.places = list(self.place_labels)
        self.dates = _entities(sentences, {"DATE"}) + [f.answer for f in facts if f.type == "when"]
        self.numbers = [(f.unit, f.answer) for f in facts if f.type == "how_many"]
        self.roles = [f.answer for f in facts if f.kind == "role_of"]
        self.things = [f.answer for f in facts if f.type == "what" and f.kind != "role_of"]

    def for_fact(self, fact: Fact, accepted: tuple[str, ...]) -> list[str] | None:
        """Three wrong choices, or None when the article and the pool cannot supply them."""
        ruled_out = {normalise(a) for a in (*accepted, *fact.also_correct)}
        ruled_out.update(*(SAME_PLACE.get(k, ()) for k in list(ruled_out)))
        question = f" {normalise(fact.question)} "  # padded: a key is in it as whole words or not at all
        chosen: list[str] = []
        for candidate in self._ordered(fact):
            key = normalise(candidate)
            if not key or key in ruled_out or f" {key} " in question:
                continue
            if fact.type == "who" and any(key in r or r in key for r in ruled_out):
                continue  # a surname is no wrong answer to a question about its full name
            if any(_same_value(fact.type, shown, candidate) for shown in (fact.answer, *chosen)):
                continue  # "27 October" is no wrong answer when the answer is "Oct. 27", nor "two" for "2"
            chosen.append(_cased_like(candidate, fact.answer))
            ruled_out.add(key)
            ruled_out.update(SAME_PLACE.get(key, ()))  # "U.S." after "United States" is no other choice
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
                if (u or _unit(n)) == unit
                and numbers.value(n) is not None
                and _spelled(n) == _spelled(fact.answer)  # "Forty" is no choice beside "16"
                and (not size or 0.1 <= numbers.value(n) / size <= 10)  # no "$40 million" beside "$12"
            ]
            made = numbers.nearby(fact.answer)
            if "percent" in unit or "%" in fact.answer:  # no "104 percent" of the members
                same, made = ([n for n in found if (numbers.value(n) or 0) <= 100] for found in (same, made))
            yield from _rotate(same, seed)
            yield from made
        elif fact.type == "where":
            # a country for a country, a city for a city, a venue for a venue
            label, country = self.place_labels.get(fact.answer), _is_country(fact.answer)
            alike = [p for p in self.places if _is_country(p) == country]
            yield from _rotate([p for p in alike if self.place_labels[p] == label], seed)
            yield from _rotate(alike, seed)
            yield from _rotate([p for p in self.pool.get("where", []) if _is_country(p) == country], seed)
            yield from _rotate(WELL_KNOWN_COUNTRIES if country else WELL_KNOWN_CITIES, seed)
        elif fact.kind == "role_of":
            yield from _rotate(self.roles, seed)
            yield from _rotate(self.pool.get("what", []), seed)
        else:
            words = len(fact.answer.split())
            similar = sorted(self.things, key=lambda t: abs(len(t.split()) - words))
            yield from similar
            yield from _rotate(self.pool.get("what", []), seed)


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


def _spelled(number: str) -> bool:
    return not any(ch.isdigit() for ch in number)


def _cased_like(candidate: str, answer: str) -> str:
    """A number word takes the answer's capital or not: "Five" (a sentence's first word) is no wrong
    choice for "four" in mid-sentence, nor the other way round."""
    first = candidate.split()[0].lower() if candidate.split() else ""
    if first not in numbers.NUMBER_WORDS or not answer[:1].isalpha():
        return candidate
    return (candidate[:1].upper() if answer[:1].isupper() else candidate[:1].lower()) + candidate[1:]


def _is_country(place: str) -> bool:
    return re.sub(r"^the\s+", "", place.strip(), flags=re.I).lower() in COUNTRIES


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


def _made_up_names(people: People, seed: int) -> list[str]:
    """First names and surnames of the article recombined, then with common ones."""
    firsts = [p.parts[0] for p in people.persons if len(p.parts) >= 2] + _rotate(COMMON_FIRST_NAMES, seed)
    lasts = [p.surname for p in people.persons if len(p.parts) >= 2] + _rotate(COMMON_SURNAMES, seed)
    real = {p.name for p in people.persons}
    made = [f"{first} {last}" for first in firsts for last in lasts if f"{first} {last}" not in real]
    return _rotate(made, seed)
