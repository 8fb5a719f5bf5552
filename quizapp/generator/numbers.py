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


def nearby(text: str, count: int = 6) -> list[str]:
    """The same phrase with other plausible numbers: '250 trees' -> '200 trees', '300 trees', …"""
    match = NUMBER.search(text)
    if not match:
        number = value(text)
        if number is None:
            return []
        spelled = SPELLED.search(text)
        if not spelled:
            return [_format(n) for n in _neighbours(number, counted=_counts(text, len(text)))[:count]]
        found = []
        for n in _neighbours(number, counted=_counts(text, spelled.end())):
            words = spell(int(n)) if n == int(n) else None
            if words:  # "nearly three weeks" -> "nearly four weeks", "two hundred fifty" -> "three hundred"
                words = words.capitalize() if spelled.group()[:1].isupper() else words
                found.append(text[: spelled.start()] + words + text[spelled.end() :])
        return found[:count]
    number = float(match.group("number").replace(",", ""))
    decimals = len(match.group("number").split(".")[1]) if "." in match.group("number") else 0
    found = []
    for candidate in _neighbours(number, decimals, counted=_counts(text, match.end())):
        digits = f"{candidate:,.{decimals}f}" if "," in match.group("number") else f"{candidate:.{decimals}f}"
        found.append(text[: match.start("number")] + digits + text[match.end("number") :])
    return found[:count]


def _counts(text: str, end: int) -> bool:
    """Whether a noun follows the number ('three weeks'): then no wrong choice is 'one weeks'."""
    return bool(re.match(r"[\s-]*[A-Za-z]", text[end:]))


def _neighbours(number: float, decimals: int = 0, counted: bool = False) -> list[float]:
    if number <= 12 and number == int(number):
        candidates = [number + k for k in (1, 2, -1, 3, -2, 4, 5)]
    else:  # two significant figures, or as many decimals as the answer shows ("2.3 billion" -> "1.8 billion")
        magnitude = max(10.0 ** (math.floor(math.log10(abs(number) or 1)) - 1), 10.0**-decimals)
        candidates = [
            round(round(number * f / magnitude) * magnitude, decimals)
            for f in (0.8, 1.2, 1.5, 0.6, 2, 0.5, 1.3)
        ]
    seen = []
    for c in candidates:
        if c > 0 and c != number and c not in seen and not (counted and c == 1):
            seen.append(c)
    return seen


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
