"""Numbers in answers: their value (digits or words, "2.3 billion", "$40,000"), fair variants, and nearby
numbers in the same form as wrong choices."""

import functools
import math
import re

from word2number import w2n

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
QUALIFIERS = re.compile(
    r"^(?:about|approximately|around|nearly|almost|roughly|some|more than|less than|over|"
    r"under|at least|up to|just over|just under)\s+",
    re.I,
)
NUMBER = re.compile(
    r"(?P<number>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|billion|trillion))?", re.I
)
NUMBER_WORDS = set(w2n.american_number_system) | {"and", "a"}
# News style spells out small numbers; wrong choices for "eight" are spelled out too.
SMALL_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


# "29-14", "5-4": a match's score or a court's split, not a number of something
SCORE = re.compile(r"\d{1,3}\s*[-–]\s*\d{1,3}")


@functools.lru_cache(maxsize=8192)  # wrong choices compare the article's numbers with each answer
def value(text: str) -> float | None:
    match = NUMBER.search(text)
    if match:
        number = float(match.group("number").replace(",", ""))
        return number * SCALES.get((match.group("scale") or "").lower(), 1)
    words = re.findall(r"[a-z]+", text.lower())
    run = [w for w in words if w in NUMBER_WORDS and w not in {"and", "a"}]
    if not run:
        return None
    try:
        return float(w2n.word_to_num(" ".join(w for w in words if w in NUMBER_WORDS)))
    except ValueError:
        return None


ORDINAL_VALUES = {
    w: k
    for k, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], 1
    )
}


def title_value(word: str) -> float | None:
    """The number a headline's word stands for: "203", "$16m", "seven", "seventh" and "7th" count."""
    number = ORDINAL_VALUES.get(word.lower()) or value(word.rstrip(".,"))
    return None if number is None else float(number)


def strip_qualifier(text: str) -> str:
    return QUALIFIERS.sub("", text).strip()


def variants(text: str) -> list[str]:
    """'approximately 10 minutes' -> ['10 minutes', '10']; 'two hundred fifty' -> ['250']."""
    found = []
    bare = strip_qualifier(text)
    if bare != text:
        found.append(bare)
    number = value(text)
    if number is not None:
        digits = _format(number)
        if digits not in text:
            found.append(NUMBER.sub(digits, bare) if NUMBER.search(bare) else digits)
        found.append(digits)
    return [v for v in dict.fromkeys(found) if v and v != text]


def same_form(a: str, b: str) -> bool:
    """Written alike: both in digits or both in words, with as many decimals ('$12.99' is no choice beside
    '$13', nor 'forty' beside '16')."""
    return _shape(a) == _shape(b)


def _shape(text: str) -> tuple:
    """Digits or words, decimals, and whether a qualifier goes first ('more than 280' beside '312')."""
    qualified = bool(QUALIFIERS.match(text.strip()))
    match = NUMBER.search(text)
    if not match:
        return ("words", qualified)
    return ("digits", _decimals(match), qualified)


# "more than 40" is also true of "more than 30": wrong choices for a bound lie beyond it, on its open side.
LOWER_BOUNDS = re.compile(r"\b(?:more than|over|at least|just over|upwards of|exceeding)\s+$", re.I)
UPPER_BOUNDS = re.compile(r"\b(?:less than|fewer than|under|up to|just under|at most|within)\s+$", re.I)
_VALUE_START = re.compile(r"[$£€]?\d|\b(?:" + "|".join(SMALL_NUMBERS) + r")\b", re.I)


def bound(text: str, before: str = "") -> int:
    """+1 when the number is a lower bound ('more than 40'), -1 an upper one ('within 24 hours'), else 0;
    `before` is what the sentence says just before it ('… more than ' for a blank)."""
    start = _VALUE_START.search(text)
    lead = (before + " " + (text[: start.start()] if start else "")).rstrip() + " "
    return 1 if LOWER_BOUNDS.search(lead) else -1 if UPPER_BOUNDS.search(lead) else 0


def beyond(candidates: list[str], answer: str, direction: int) -> list[str]:
    """The candidates that cannot also be true of a bound: past it on its open side."""
    size = value(answer) or 0
    if direction > 0:
        return [c for c in candidates if (value(c) or 0) > size]
    if direction < 0:
        return [c for c in candidates if (value(c) or 0) < size]
    return candidates


def formatted_like(candidate: str, answer: str) -> str:
    """Thousands commas as the answer writes them: no '1160' beside '5,800'."""
    match = NUMBER.search(candidate)
    if not match or not NUMBER.search(answer):
        return candidate
    digits = match.group("number")
    number = float(digits.replace(",", ""))
    if number < 1000 or "." in digits:
        return candidate
    written = NUMBER.search(answer).group("number")
    # an answer below a thousand shows no style for thousands: news writes "$1,159", not "$1159"
    commas = "," in written or float(written.replace(",", "")) < 1000
    shown = f"{int(number):,}" if commas else str(int(number))
    return candidate[: match.start("number")] + shown + candidate[match.end("number") :]


def nearby(text: str, count: int = 6) -> list[str]:
    """The same phrase with other plausible numbers: '250 trees' -> '200 trees', '300 trees', …; every number
    of a range moved by the same factor ('$2.50 to $2.90' -> '$3.00 to $3.48'); a bound only past itself
    ('more than 40' -> 'more than 48', never 'more than 30')."""
    matches = list(NUMBER.finditer(text))
    if not matches:
        found = _spelled_nearby(text)
    else:
        first = matches[0]
        number = float(first.group("number").replace(",", ""))
        found = []
        given = [float(m.group("number").replace(",", "")) for m in matches]
        for candidate in _neighbours(number, _decimals(first), counted=_counts(text, first.end())):
            factor = candidate / number if number else 1
            moved, values = text, []
            for match, original in reversed(
                list(zip(matches, given, strict=True))
            ):  # from the end: positions stay put
                value_ = original * factor
                if match is not first:  # as round as it was written: "5,000" moves to "6,000", not "6,250"
                    value_ = _rounded(value_, _significant(original, _decimals(match)))
                shown = _shown(value_, match)
                if shown is None or (value_ >= 1000 and SCALE_AFTER.match(text, match.end("number"))):
                    break  # no "1170 million pounds"
                values.append(float(shown.replace(",", "")))
                moved = moved[: match.start("number")] + shown + moved[match.end("number") :]
            else:
                if len(given) == 2 and not _apart(sorted(values), sorted(given)):
                    continue  # "4,000 to 5,000" beside "5,000 to 6,000" overlaps: both could be right
                found.append(moved)
    if value(text) == 1:
        found = [_counted_in_plural(c) for c in found]
    return beyond(found, text, bound(text))[:count]


def _counted_in_plural(text: str) -> str:
    """'one penny' moved to 'three penny' says 'three pennies'; a noun after any other number stays."""
    number = NUMBER.search(text) or SPELLED.search(text)
    if not number or value(text) in {None, 1}:
        return text
    match = re.compile(r"\s+(?:(?:more|extra|other|further)\s+)?([a-z]+)\b").match(text, number.end())
    if not match:
        return text
    from lemminflect import getAllLemmas, getInflection

    noun = match.group(1)
    if getAllLemmas(noun).get("NOUN") != (noun,) or set(getAllLemmas(noun)) - {"NOUN", "VERB"}:
        return text  # "one of them", "one more day": no singular noun follows the number
    forms = getInflection(noun, tag="NNS")
    return text[: match.start(1)] + forms[0] + text[match.end(1) :] if forms else text


SCALE_AFTER = re.compile(r"\s*(?:million|billion|trillion|bn|m)\b", re.I)


def _rounded(number: float, figures: int) -> float:
    if number == 0:
        return 0.0
    magnitude = 10.0 ** (math.floor(math.log10(abs(number))) - max(1, figures) + 1)
    return round(number / magnitude) * magnitude


def _apart(candidate: list[float], answer: list[float]) -> bool:
    """Two ranges share no value, not even a bound, and the candidate is a range at all."""
    low, high = candidate
    return low < high and (high < answer[0] or low > answer[1])


def _decimals(match: re.Match) -> int:
    digits = match.group("number")
    return len(digits.split(".")[1]) if "." in digits else 0


def _shown(number: float, match: re.Match) -> str | None:
    """`number` written as the matched one is: its decimals, its thousands commas, a price's '.99'."""
    decimals = _decimals(match)
    digits = match.group("number")
    if decimals and digits.endswith(("99", "95", "49")):  # a price point keeps its ending: $12.99 -> $9.99
        number = max(0, math.floor(number)) + float("0." + digits.split(".")[1])
    number = round(number, decimals)
    if number <= 0:
        return None
    return f"{number:,.{decimals}f}" if "," in digits else f"{number:.{decimals}f}"


def _spelled_nearby(text: str) -> list[str]:
    number = value(text)
    if number is None:
        return []
    spelled = SPELLED.search(text)
    if not spelled:
        return [_format(n) for n in _neighbours(number, counted=_counts(text, len(text)))]
    found = []
    for n in _neighbours(number, counted=_counts(text, spelled.end())):
        words = spell(int(n)) if n == int(n) else None
        if words:  # "nearly three weeks" -> "nearly four weeks", "two hundred fifty" -> "three hundred"
            words = words.capitalize() if spelled.group()[:1].isupper() else words
            found.append(text[: spelled.start()] + words + text[spelled.end() :])
    return found


def _counts(text: str, end: int) -> bool:
    """Whether a noun follows the number ('three weeks'): then no wrong choice is 'one weeks'."""
    return bool(re.match(r"[\s-]*[A-Za-z]", text[end:]))


def _neighbours(number: float, decimals: int = 0, counted: bool = False) -> list[float]:
    if number <= 12 and number == int(number):
        candidates = [number + k for k in (1, 2, -1, 3, -2, 4, 5)]
    elif decimals >= 3:  # a judged score or a timing ("14.700", "9.581"): a fine scale, a few percent apart
        candidates = [round(number * f, decimals) for f in (0.97, 1.03, 0.95, 1.05, 0.98, 1.02, 0.96)]
    else:  # as precise as the answer: "250" -> "200", "1,234" -> "987", "2.3 billion" -> "1.8 billion"
        figures = max(1, _significant(number, decimals))  # a round answer gets round choices
        magnitude = max(10.0 ** (math.floor(math.log10(abs(number) or 1)) - figures + 1), 10.0**-decimals)
        candidates = [
            round(round(number * f / magnitude) * magnitude, decimals)
            for f in (0.8, 1.2, 1.5, 0.6, 2, 0.5, 1.3)
        ]
    seen = []
    for c in candidates:
        if c > 0 and c != number and c not in seen and not (counted and c == 1):
            seen.append(c)
    return seen


def _significant(number: float, decimals: int) -> int:
    """Significant figures as written: 1,234 -> 4, 250 -> 2, 2.30 -> 3."""
    digits = f"{number:.{decimals}f}".replace(".", "").lstrip("0")
    return len(digits) if decimals else len(digits.rstrip("0"))


TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORD = "|".join(w for w in w2n.american_number_system if w != "point")
SPELLED = re.compile(rf"\b(?:{_NUMBER_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_NUMBER_WORD}))*\b", re.I)


def spell(number: int) -> str | None:
    """A whole number below a million in words, as American news writes it: 'two hundred fifty'."""
    if not 0 <= number < 1_000_000:
        return None
    if number < len(SMALL_NUMBERS):
        return SMALL_NUMBERS[number]
    if number < 100:
        return TENS[number // 10] + ("-" + SMALL_NUMBERS[number % 10] if number % 10 else "")
    if number < 1000:
        rest = number % 100
        return SMALL_NUMBERS[number // 100] + " hundred" + (" " + spell(rest) if rest else "")
    rest = number % 1000
    return spell(number // 1000) + " thousand" + (" " + spell(rest) if rest else "")


def _format(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"
