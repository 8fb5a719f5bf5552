"""Step 6 and the answer checker: fair variants of an answer, and grading a typed answer against them."""

import functools
import re
import unicodedata
from enum import StrEnum

from rapidfuzz import fuzz

from quizapp.generator import dates, numbers

ARTICLES = {"the", "a", "an"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir"}
TYPO_SIMILARITY = 85  # rapidfuzz ratio at or above which a wrong spelling counts as "almost"


class Verdict(StrEnum):
    CORRECT = "correct"
    ALMOST = "almost"  # a typo, or part of a name: the scheduler counts it as Hard
    WRONG = "wrong"


THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d)")
POSSESSIVE = re.compile(r"['’]s\b")
PUNCTUATION = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=8192)  # the generator normalises the same names and dates many times
def normalise(text: str) -> str:
    """Case, accents, punctuation and articles do not matter. The result is words joined by single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = THOUSANDS_COMMA.sub("", text.lower())
    text = POSSESSIVE.sub("", text)
    text = PUNCTUATION.sub(" ", text)
    return " ".join(w for w in text.split() if w not in ARTICLES)


# Words of an answer that say nothing of it, left visible when the answer is hidden in a title
FUNCTION_WORDS = ARTICLES | {"of", "and", "in", "on", "at", "to", "for", "by", "with", "from", "as", "s"}
TITLE_TOKEN = re.compile(r"[$£€]?\w(?:[\w’'.,-]*\w)?")


def hide_in_title(title: str, answer: str) -> str:
    """The article's title as shown above a question about `answer`: every word of the answer, and every
    number of its value ("seven", "7th", "$16m" above 16), replaced by a blank, so that the headline that
    names the winner still gives the learner the story's context ("____ wins the Vendée Globe")."""
    words = set(normalise(answer).split()) - FUNCTION_WORDS
    value = numbers.value(answer) if re.search(r"\d", answer) or words & numbers.NUMBER_WORDS else None
    values = {value, float(int(value))} if value is not None else set()

    def hidden(token: str) -> bool:
        if values and numbers.title_value(token) in values:
            return True
        return bool(words) and bool(set(normalise(token).split()) & words)

    tokens = list(TITLE_TOKEN.finditer(title))
    marks = [hidden(t.group()) for t in tokens]
    for k in range(1, len(tokens)):  # "$13.5 Billion" above "$13.5 billion": the figure with its scale
        scale = tokens[k].group().lower() in numbers.SCALES
        if scale and (marks[k] or marks[k - 1]) and numbers.title_value(tokens[k - 1].group()) is not None:
            marks[k - 1] = marks[k] = True
    for k in range(1, len(tokens) - 1):  # "Bank of England": one blank, not "____ of ____"
        inner = normalise(tokens[k].group())
        marks[k] = marks[k] or (marks[k - 1] and marks[k + 1] and inner in FUNCTION_WORDS)
    out = []
    for k, token in enumerate(tokens):
        if not marks[k]:
            continue
        end = token.end() - 2 if POSSESSIVE.search(token.group()[-2:]) else token.end()  # "____'s double"
        joined = out and k > 0 and marks[k - 1] and not title[tokens[k - 1].end() : token.start()].strip()
        if joined:
            out[-1] = (out[-1][0], end)
        else:
            out.append((token.start(), end))
    if not out:
        return title
    pieces, last = [], 0
    for start, stop in out:
        pieces += [title[last:start], "____"]
        last = stop
    return "".join(pieces) + title[last:]


def accepted_variants(item_type: str, answer: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    found = [answer, *extra]
    if item_type == "who":
        parts = [p for p in answer.split() if p.lower().strip(".") not in HONORIFICS]
        if len(parts) >= 2:
            found.append(parts[-1])  # the surname
            found.append(" ".join(parts))  # without "Dr."
            if len(parts) > 2:
                found.append(f"{parts[0]} {parts[-1]}")
    elif item_type == "when":
        found.extend(dates.variants(answer))
    elif item_type == "how_many":
        found.extend(numbers.variants(answer))
    elif item_type in {"what", "where"}:
        bare = re.sub(r"^(the|a|an)\s+", "", answer, flags=re.I)
        if bare != answer:
            found.append(bare)
    return tuple(dict.fromkeys(v for v in found if v))


def grade(typed: str, item_type: str, answer: str, accepted: list[str] | tuple[str, ...] = ()) -> Verdict:
    """correct / almost / wrong for a typed answer."""
    given = normalise(typed or "")
    if not given:
        return Verdict.WRONG
    targets = {normalise(a) for a in (answer, *accepted)} - {""}
    if given in targets:
        return Verdict.CORRECT
    if item_type == "who":
        given = " ".join(w for w in given.split() if w not in HONORIFICS) or given  # "Dr. Chen", "Ms Chen"
        if given in targets or _initialled(given, targets):
            return Verdict.CORRECT
    if item_type == "when" and (verdict := _grade_date(typed, answer, accepted)) is not None:
        return verdict
    if item_type in {"when", "how_many"}:
        expected = numbers.value(answer)
        got = numbers.value(typed)
        if expected is not None and got is not None:
            return Verdict.CORRECT if abs(expected - got) < 1e-9 else Verdict.WRONG
    digits = re.findall(r"\d+", given)
    if digits and all(re.findall(r"\d+", t) != digits for t in targets):
        return Verdict.WRONG  # a wrong number is wrong, however close its digits look
    best = max((fuzz.ratio(given, t) for t in targets), default=0)
    if best >= TYPO_SIMILARITY and len(given) >= 4:
        return Verdict.ALMOST
    if _partial(given, targets):
        return Verdict.ALMOST
    return Verdict.WRONG


def _initialled(given: str, targets: set[str]) -> bool:
    """'M Chen' for Maria Chen: initials, then the surname."""
    words = given.split()
    if len(words) < 2 or any(len(w) != 1 for w in words[:-1]):
        return False
    for target in targets:
        parts = target.split()
        if len(parts) < 2 or parts[-1] != words[-1]:
            continue
        if all(any(p.startswith(w) for p in parts[:-1]) for w in words[:-1]):
            return True
    return False


def _grade_date(typed: str, answer: str, accepted) -> Verdict | None:
    """Dates compared as dates: all the parts the answer gives right is correct; right but fewer parts
    ('March 3' for 'March 3, 2024', 'October' for 'Oct. 27') is almost; a wrong part is wrong. None when the
    answer is no date this module reads ('3 p.m.', 'the 1990s')."""
    if dates.parse(answer) is None:
        return None
    if any(dates.same_date(a, typed) for a in (answer, *accepted)) or _same_parsed_date(typed, answer):
        return Verdict.CORRECT
    shown = dates.parse(typed)
    if shown is not None and dates.same_date(typed, answer):
        return Verdict.ALMOST
    if re.search(r"\d", typed):
        given, digits = normalise(typed), re.findall(r"\d+", typed)
        for target in (answer, *accepted):
            if (
                re.findall(r"\d+", target) == digits
                and fuzz.ratio(given, normalise(target)) >= TYPO_SIMILARITY
            ):
                return Verdict.ALMOST  # "Octobr 27"
        return Verdict.WRONG
    return None


def _partial(given: str, targets: set[str]) -> bool:
    """A first name for a full name, or most of a longer phrase."""
    words = set(given.split())
    for target in targets:
        target_words = target.split()
        if len(target_words) < 2:
            continue
        common = words & set(target_words)
        if common == words and len(common) >= max(1, len(target_words) // 2):
            return True
        if fuzz.token_set_ratio(given, target) >= 90 and len(common) * 2 >= len(target_words):
            return True
    return False


def _same_parsed_date(typed: str, answer: str) -> bool:
    """Dates typed in any form ('27/10', 'the 27th of October') compared as dates. The typed date must give
    every part the answer gives: dateparser fills a missing one from today, which would make '27' right
    for 'Oct. 27' in October only."""
    shape = dates.parse(answer)
    if shape is None:
        return False
    import dateparser

    required = [part for part in ("day", "month", "year") if getattr(shape, part) is not None]
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": required}
    parsed = dateparser.parse(typed, languages=["en"], settings=settings)
    if parsed is None:
        return False
    return all(
        want is None or want == got
        for want, got in ((shape.year, parsed.year), (shape.month, parsed.month), (shape.day, parsed.day))
    ) and (shape.weekday is None or parsed.weekday() == shape.weekday)
