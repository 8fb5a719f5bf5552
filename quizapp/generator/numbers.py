"""Numbers in answers: their value (digits or words, "2.3 billion", "$40,000"), fair variants, and nearby
numbers in the same form as wrong choices."""

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
        spelled = re.search(r"\b(" + "|".join(SMALL_NUMBERS) + r")\b", text, re.I)
        if not spelled:
            return [_format(n) for n in _neighbours(number)[:count]]
        return [  # "nearly three weeks" -> "nearly four weeks"
            text[: spelled.start()] + SMALL_NUMBERS[int(n)] + text[spelled.end() :]
            for n in _neighbours(number)
            if n < len(SMALL_NUMBERS)
        ][:count]
    number = float(match.group("number").replace(",", ""))
    decimals = len(match.group("number").split(".")[1]) if "." in match.group("number") else 0
    found = []
    for candidate in _neighbours(number):
        digits = f"{candidate:,.{decimals}f}" if "," in match.group("number") else f"{candidate:.{decimals}f}"
        found.append(text[: match.start("number")] + digits + text[match.end("number") :])
    return found[:count]


def _neighbours(number: float) -> list[float]:
    if number <= 12 and number == int(number):
        candidates = [number + k for k in (1, 2, -1, 3, -2, 4, 5)]
    else:
        magnitude = 10 ** max(0, math.floor(math.log10(abs(number) or 1)) - 1)
        candidates = [round(number * f / magnitude) * magnitude for f in (0.8, 1.2, 1.5, 0.6, 2, 0.5, 1.3)]
    seen = []
    for c in candidates:
        if c > 0 and c != number and c not in seen:
            seen.append(c)
    return seen


def _format(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"
