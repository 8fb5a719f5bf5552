"""Step 6 and the answer checker: fair variants of an answer, and grading a typed answer against them."""

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


def normalise(text: str) -> str:
    """Case, accents, punctuation and articles do not matter."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"(?<=\d),(?=\d)", "", text)
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(w for w in text.split() if w not in ARTICLES)


def accepted_variants(item_type: str, answer: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    found = [answer, *extra]
    if item_type == "who":
        parts = [p for p in answer.split() if p.lower().strip(".") not in HONORIFICS]
        if len(parts) >= 2:
            found.append(parts[-1])  # the surname
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
    if item_type == "when" and (
        any(dates.same_date(a, typed) for a in (answer, *accepted)) or _same_parsed_date(typed, answer)
    ):
        return Verdict.CORRECT
    if item_type == "how_many" or re.search(r"\d", given):
        expected = numbers.value(answer)
        got = numbers.value(typed)
        if expected is not None and got is not None:
            return Verdict.CORRECT if abs(expected - got) < 1e-9 else Verdict.WRONG
    if item_type in {"when", "how_many"} and re.search(r"\d", given):
        return Verdict.WRONG  # a wrong number is wrong, however close its digits look
    best = max((fuzz.ratio(given, t) for t in targets), default=0)
    if best >= TYPO_SIMILARITY and len(given) >= 4:
        return Verdict.ALMOST
    if _partial(given, targets):
        return Verdict.ALMOST
    return Verdict.WRONG


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
    """Dates typed in any form ('27/10', 'the 27th of October') compared as dates."""
    shape = dates.parse(answer)
    if shape is None:
        return False
    import dateparser

    parsed = dateparser.parse(typed, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        return False
    return all(
        want is None or want == got
        for want, got in ((shape.year, parsed.year), (shape.month, parsed.month), (shape.day, parsed.day))
    ) and (shape.weekday is None or parsed.weekday() == shape.weekday)
