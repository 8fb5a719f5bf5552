"""Date phrases as news articles write them ("Oct. 27", "July 4, 2024", "March 2024", "1912", "Monday"):
their shape, their fair variants, and nearby dates of the same shape to serve as wrong choices.

dateparser reads arbitrary typed dates when grading; this module only needs to know which parts a phrase
gives (a month and a day, a year, a weekday), which dateparser does not report.
"""

import calendar
import functools
import re
from dataclasses import dataclass, replace

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
AP_ABBREVIATIONS = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_WORDS = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_WORDS.update({m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)})
_MONTH_WORDS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$", re.I),
    re.compile(
        rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$", re.I
    ),
    re.compile(rf"^{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?$", re.I),
    re.compile(r"^(?P<year>[12]\d{3})$"),
    re.compile(r"^(?P<weekday>" + "|".join(WEEKDAYS) + r")$", re.I),
]
_WEEKDAY_FIRST = re.compile(r"^(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+(?P<rest>.+)$", re.I)
_LEADING = re.compile(r"^(?:(?:last|this|next|early|late|mid|on|in|the)\s+)+", re.I)


@dataclass(frozen=True)
class DateShape:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    abbreviated: bool = False  # "Oct. 27" rather than "October 27"

    @property
    def kind(self) -> str:
        return "".join(k[0] for k in ("year", "month", "day", "weekday") if getattr(self, k) is not None)


@functools.lru_cache(maxsize=8192)  # wrong choices compare every date of the article with each answer
def parse(text: str) -> DateShape | None:
    cleaned = _LEADING.sub("", " ".join(text.split())).strip(" ,.")
    if text.strip().endswith(".") and re.search(r"\b[A-Za-z]{3,4}\.$", text.strip()):
        cleaned += "."
    weekday_first = _WEEKDAY_FIRST.match(cleaned)
    if weekday_first:  # "Tuesday, Nov. 12"
        rest = parse(weekday_first.group("rest"))
        if rest is None or rest.day is None:
            return None
        return replace(rest, weekday=WEEKDAYS.index(weekday_first.group("weekday").capitalize()))
    for pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        parts = match.groupdict()
        if parts.get("weekday"):
            return DateShape(weekday=WEEKDAYS.index(parts["weekday"].capitalize()))
        month_word = (parts.get("month") or "").lower()
        month = _MONTH_WORDS.get(month_word)
        day = int(parts["day"]) if parts.get("day") else None
        year = int(parts["year"]) if parts.get("year") else None
        if day is not None and not 1 <= day <= _days_in(month, year):
            return None  # "Feb. 30", "32 May"
        abbreviated = bool(month_word) and month_word not in {m.lower() for m in MONTHS}
        return DateShape(year=year, month=month, day=day, abbreviated=abbreviated)
    return None


def format_date(shape: DateShape, abbreviated: bool | None = None) -> str:
    abbreviated = shape.abbreviated if abbreviated is None else abbreviated
    if shape.weekday is not None and shape.day is None:
        return WEEKDAYS[shape.weekday]
    parts = [WEEKDAYS[shape.weekday] + ","] if shape.weekday is not None else []
    if shape.month is not None:
        name = MONTHS[shape.month - 1]
        if abbreviated and shape.day is not None:
            name = AP_ABBREVIATIONS.get(shape.month, name)
        parts.append(name)
    if shape.day is not None:
        parts.append(str(shape.day) + ("," if shape.year is not None else ""))
    if shape.year is not None:
        parts.append(str(shape.year))
    return " ".join(parts)


def written_like(candidate: str, answer: str) -> str:
    """The candidate date in the answer's way of writing: 'November 12' beside 'November 8th' becomes
    'November 12th', 'February 2017' beside 'December, 2017' becomes 'February, 2017'. One choice
    written unlike the others is the article's, and gives the answer away."""
    shape, model = parse(candidate), parse(answer)
    plain = _LEADING.match(answer.strip()) is None and " of " not in answer
    if shape is None or model is None or shape.kind != model.kind or shape.month is None or not plain:
        return candidate
    month = MONTHS[shape.month - 1]
    if model.abbreviated:
        dotted = re.search(r"[A-Za-z]\.", answer) is not None
        month = AP_ABBREVIATIONS.get(shape.month, month) if dotted else month[:3]
    comma = "," if re.match(r"^[A-Za-z]+,", answer.strip()) else ""  # "Thursday November 26" has none
    parts = [WEEKDAYS[shape.weekday] + comma] if shape.weekday is not None and shape.day is not None else []
    if shape.day is not None:
        day = str(shape.day)
        if re.search(r"\d(?:st|nd|rd|th)\b", answer):
            day += _ordinal_suffix(shape.day)
        day_first = re.match(rf"^(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?\d", answer.strip(), re.I) is not None
        parts += [day, month] if day_first else [month, day]
    else:
        parts.append(month)
    if shape.year is not None:
        if re.search(r",\s*\d{4}\b", answer):
            parts[-1] += ","
        parts.append(str(shape.year))
    return " ".join(parts)


def _ordinal_suffix(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def variants(text: str) -> list[str]:
    """'Oct. 27' -> ['October 27', 'Oct 27', '27 October']."""
    shape = parse(text)
    if shape is None:
        return []
    found = [format_date(shape, abbreviated=False), format_date(shape, abbreviated=True)]
    if shape.month is not None and shape.day is not None:
        found.append(f"{shape.day} {MONTHS[shape.month - 1]}" + (f" {shape.year}" if shape.year else ""))
        found.append(f"{MONTHS[shape.month - 1][:3]} {shape.day}" + (f", {shape.year}" if shape.year else ""))
    return [v for v in dict.fromkeys(found) if v != text]


# A season or a financial year: "2016-17", "2008–09", "2019/2020"
YEAR_SPAN = re.compile(r"^(?P<first>\d{4})(?P<dash>[-–/])(?P<second>\d{2}|\d{4})$")


def nearby(text: str, count: int = 6) -> list[str]:
    """Plausible wrong dates of the same shape, in the same style; a span of years moves as a whole."""
    span = YEAR_SPAN.match(text.strip())
    if span:
        first, width = int(span["first"]), len(span["second"])
        gap = int(span["second"]) - (first % 100 if width == 2 else first)
        moved = [
            (first + k, (first + k + gap) % (100 if width == 2 else 10_000)) for k in (-2, 1, 3, -1, 2, -3)
        ]
        return [f"{a}{span['dash']}{b:0{width}d}" for a, b in moved][:count]
    shape = parse(text)
    if shape is None:
        return _substituted(text, count)
    found: list[DateShape] = []
    if shape.weekday is not None and shape.day is None:
        found = [DateShape(weekday=(shape.weekday + k) % 7) for k in (1, 2, -1, 3, -2, 4)]
    elif shape.day is not None:
        for k in (-3, 4, 7, -6, 10, 2, -1, 14):
            day = shape.day + k
            if 1 <= day <= 28:
                weekday = None if shape.weekday is None else (shape.weekday + k) % 7
                found.append(replace(shape, day=day, weekday=weekday))
        if shape.month is not None:
            month = shape.month % 12 + 1
            if shape.day <= _days_in(month, shape.year):  # no "April 31"
                found.append(replace(shape, month=month))
    elif shape.month is not None:
        found = [replace(shape, month=(shape.month - 1 + k) % 12 + 1) for k in (1, -1, 2, -2, 3, 6)]
    elif shape.year is not None:
        found = [replace(shape, year=shape.year + k) for k in (-2, 1, 3, -5, 2, -1, 8, -10)]
    return [format_date(s) for s in found[:count]]


def _days_in(month: int | None, year: int | None) -> int:
    if month is None:
        return 31
    return calendar.monthrange(year if year is not None else 2024, month)[1]  # a leap year: Feb. 29 is fine


def same_shape(a: str, b: str) -> bool:
    first, second = parse(a), parse(b)
    return first is not None and second is not None and first.kind == second.kind


def same_date(a: str, b: str) -> bool:
    """Equal as dates, in the parts the first phrase gives."""
    first, second = parse(a), parse(b)
    if first is None or second is None:
        return False
    return all(
        getattr(first, k) == getattr(second, k)
        for k in ("year", "month", "day", "weekday")
        if getattr(first, k) is not None
    )


# Words of one family stand in for each other in a time phrase that is no plain date ("Friday morning",
# "the spring of 2026", "shortly after 10 p.m.").
_FAMILIES = [
    WEEKDAYS,
    MONTHS,
    ["morning", "afternoon", "evening", "night"],
]
_SEASONS = ["spring", "summer", "autumn", "winter"]
_CLOCK_WORDS = {"midnight": "12 a.m.", "midday": "12 p.m.", "noon": "12 p.m."}
_CLOCK = re.compile(r"\b(?P<hour>1[0-2]|[1-9])(?P<minutes>[:.][0-5]\d)?\s*(?P<half>[ap])\.?m\.?", re.I)
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def same_style(a: str, b: str) -> bool:
    """Both plain ('October') or both qualified ('late August'): a lone 'late August' among plain months
    gives itself away."""
    return (_LEADING.match(a.strip()) is None) == (_LEADING.match(b.strip()) is None)


def clock_times(text: str) -> list[tuple[int, int]]:
    """Where clock times ('10 p.m.', '8.30 a.m.') stand in a phrase, as character spans."""
    return [match.span() for match in _CLOCK.finditer(text)]


def _substituted(text: str, count: int) -> list[str]:
    """The phrase with its weekday, month, part of day, clock time, year or season changed."""
    for word, clock in _CLOCK_WORDS.items():
        text = re.sub(rf"\b{word}\b", clock, text, flags=re.I)
    if re.search(rf"\b(?:{'|'.join(WEEKDAYS)})\s+\d{{1,2}}\b", text, flags=re.I):
        return []  # "Friday 27": another weekday beside the same day of the month is no date at all
    for family in _FAMILIES:
        for word in family:
            if re.search(rf"\b{word}\b", text, flags=re.I):
                return _substituted_word(text, family, count)
    clock = _CLOCK.search(text)
    if clock:
        hour = int(clock["hour"]) % 12 + (12 if clock["half"].lower() == "p" else 0)  # on a 24-hour clock
        shown = []
        tail = text[clock.end("minutes") if clock["minutes"] else clock.end("hour") : clock.end()]
        for k in (1, -1, 2, -2, 3):
            other = (hour + k) % 24
            half = "p" if other >= 12 else "a"  # written as the answer writes it: "6am", "6 a.m.", "6 AM"
            suffix = re.sub(
                r"[ap]", half if tail.lstrip(" ")[:1].islower() else half.upper(), tail, count=1, flags=re.I
            )
            said = f"{(other - 1) % 12 + 1}{clock['minutes'] or ''}{suffix}"
            shown.append(text[: clock.start()] + said + text[clock.end() :])
        return shown[:count]
    year = _YEAR.search(text)
    if year:
        value = int(year.group())
        return [text[: year.start()] + str(value + k) + text[year.end() :] for k in (-2, 1, 3, -1, 2)][:count]
    return _substituted_word(text, _SEASONS, count)


def _substituted_word(text: str, family: list[str], count: int) -> list[str]:
    for word in family:
        match = re.search(rf"\b{word}\b", text, flags=re.I)
        if match:
            return [_same_case(text, match, other) for other in family if other != word][:count]
    return []


def _same_case(text: str, match, word: str) -> str:
    found = match.group()
    shown = word.capitalize() if found[:1].isupper() else word.lower()
    return text[: match.start()] + shown + text[match.end() :]
