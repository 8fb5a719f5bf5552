"""Dates and numbers in answers: what a phrase says, its fair variants, and nearby wrong values that look
like the answer (same shape, same style, same unit) but are never the answer itself."""

import re

import pytest

from quizapp.generator import dates, numbers
from quizapp.generator.dates import DateShape


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("Oct. 27", DateShape(month=10, day=27, abbreviated=True)),
        ("October 27", DateShape(month=10, day=27)),
        ("27 October", DateShape(month=10, day=27)),
        ("Sept. 3", DateShape(month=9, day=3, abbreviated=True)),
        ("July 4, 2024", DateShape(year=2024, month=7, day=4)),
        ("4th of July 2024", DateShape(year=2024, month=7, day=4)),
        ("March 2024", DateShape(year=2024, month=3)),
        ("June", DateShape(month=6)),
        ("1912", DateShape(year=1912)),
        ("Monday", DateShape(weekday=0)),
        ("last Monday", DateShape(weekday=0)),
        ("on March 3", DateShape(month=3, day=3)),
        ("Tuesday, Nov. 12", DateShape(month=11, day=12, weekday=1, abbreviated=True)),
        ("Feb. 29, 2024", DateShape(year=2024, month=2, day=29, abbreviated=True)),
    ],
)
def test_parse(text, shape):
    assert dates.parse(text) == shape


@pytest.mark.parametrize(
    "text", ["", "yesterday", "the 1990s", "32 May", "Feb. 30", "April 31", "Feb. 29, 2023", "12345", "Mayor"]
)
def test_not_a_date(text):
    assert dates.parse(text) is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Oct. 27", "Oct. 27"),
        ("october 27", "October 27"),
        ("27 Sept.", "Sept. 27"),
        ("July 4, 2024", "July 4, 2024"),
        ("march 2024", "March 2024"),
        ("Tuesday, Nov. 12", "Tuesday, Nov. 12"),
        ("may 5", "May 5"),  # AP style: May, June and July are never abbreviated
        ("monday", "Monday"),
    ],
)
def test_format_keeps_the_style(text, shown):
    assert dates.format_date(dates.parse(text)) == shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct. 27", {"October 27", "27 October", "Oct 27"}),
        ("October 27", {"Oct. 27", "27 October"}),
        ("July 4, 2024", {"4 July 2024"}),
        ("last Monday", {"Monday"}),
    ],
)
def test_date_variants(text, expected):
    found = dates.variants(text)
    assert expected <= set(found), found
    assert text not in found
    assert all(dates.same_date(text, v) and dates.same_date(v, text) for v in found)


def test_no_variants_for_what_is_no_date():
    assert dates.variants("the 1990s") == []


@pytest.mark.parametrize(
    "text", ["Oct. 27", "October 3", "July 4, 2024", "March 2024", "June", "1912", "Monday", "Friday, Nov. 1"]
)
def test_nearby_dates_look_like_the_answer_but_differ(text):
    found = dates.nearby(text)
    assert len(found) >= 3
    assert len(set(found)) == len(found)
    for other in found:
        assert dates.same_shape(other, text), other
        assert not dates.same_date(other, text), other
        if dates.parse(text).day is not None:
            assert dates.parse(other).abbreviated == dates.parse(text).abbreviated, other


@pytest.mark.parametrize("text", ["March 31", "Jan. 31, 2025", "Aug. 30", "Dec. 31"])
def test_nearby_dates_exist(text):
    for other in dates.nearby(text):
        assert dates.parse(other) is not None, other  # no "April 31"


def test_nearby_weekdays_keep_the_calendar():
    """Tuesday, Nov. 12 and three days earlier: Saturday, Nov. 9."""
    assert "Saturday, Nov. 9" in dates.nearby("Tuesday, Nov. 12")


def test_same_date_and_same_shape():
    assert dates.same_date("Oct. 27", "27 October")
    assert dates.same_date("Oct. 27", "October 27, 2024")  # the parts the first phrase gives
    assert not dates.same_date("October 27, 2024", "Oct. 27")
    assert not dates.same_date("Oct. 27", "Oct. 28")
    assert dates.same_shape("Oct. 27", "November 3")
    assert not dates.same_shape("Oct. 27", "October 2024")
    assert not dates.same_shape("Oct. 27", "soon")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250", 250),
        ("4,500", 4500),
        ("two hundred fifty", 250),
        ("twenty-five players", 25),
        ("three", 3),
        ("Three", 3),
        ("$2.3 billion", 2.3e9),
        ("3.5 million people", 3.5e6),
        ("$40,000", 40000),
        ("12 percent", 12),
        ("5%", 5),
        ("about 10 minutes", 10),
        ("more than 4,000 runners", 4000),
        ("1.5", 1.5),
        ("a few", None),
        ("several", None),
        ("", None),
    ],
)
def test_number_value(text, value):
    assert numbers.value(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two hundred fifty", {"250"}),
        ("250", set()),
        ("4,500", {"4500"}),
        ("three", {"3"}),
        ("about 10 minutes", {"10 minutes", "10"}),
        ("nearly three weeks", {"three weeks", "3"}),
        ("$2.3 billion", {"2300000000"}),
    ],
)
def test_number_variants(text, expected):
    found = numbers.variants(text)
    assert expected <= set(found), found
    assert text not in found
    assert all(numbers.value(v) == numbers.value(text) for v in found)


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("250", "300"),
        ("4,500", "5,400"),  # thousands separators kept
        ("three", "four"),  # words stay words
        ("Three", "Four"),
        ("nearly three weeks", "nearly four weeks"),  # qualifier and unit kept
        ("250 cherry trees", "200 cherry trees"),
        ("$40,000", "$50,000"),  # a round figure gets round figures
        ("12 percent", "13 percent"),
        ("$2.3 billion", "$2.8 billion"),  # one decimal, as the answer
        ("1.5", "1.8"),
        ("two hundred fifty", "three hundred"),
        ("twenty-five players", "thirty players"),
    ],
)
def test_nearby_numbers_keep_the_form(text, example):
    found = numbers.nearby(text)
    assert example in found, found
    assert len(found) >= 4 and len(set(found)) == len(found)
    answer = numbers.value(text)
    for other in found:
        assert numbers.value(other) not in (None, answer), other


@pytest.mark.parametrize("text", ["three weeks", "2 goals", "nearly 3 hours"])
def test_nearby_numbers_agree_with_their_noun(text):
    """No 'one weeks' among the choices for 'three weeks'."""
    for other in numbers.nearby(text):
        assert numbers.value(other) != 1, other


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("one penny", "two pennies"),
        ("1 mile", "2 miles"),
        ("at least one more day", "at least two more days"),
        ("one-year ban", "two-year ban"),
        ("one of them", "two of them"),
    ],
)
def test_nearby_numbers_of_one_thing_count_things_in_the_plural(text, example):
    """'one penny' got 'three penny', 'four penny' as wrong choices."""
    assert example in numbers.nearby(text)


def test_nearby_decimals_keep_their_precision():
    """'$2.3 billion' gets '$1.8 billion', '$2.8 billion'…, not '$2.0 billion', '$3.0 billion'…"""
    assert sum(".0 " in other for other in numbers.nearby("$2.3 billion")) <= 1
    assert sum(other.endswith(".0") for other in numbers.nearby("1.5")) <= 1
    assert all(0 < numbers.value(other) < 2 for other in numbers.nearby("0.7")[:4])


def test_spell():
    assert [numbers.spell(n) for n in (0, 7, 21, 40, 105, 250, 1200)] == [
        "zero",
        "seven",
        "twenty-one",
        "forty",
        "one hundred five",
        "two hundred fifty",
        "one thousand two hundred",
    ]
    assert numbers.spell(2_000_000) is None
    for n in (0, 13, 99, 250, 999, 4_321, 70_015, 999_999):
        assert numbers.value(numbers.spell(n)) == n


def test_strip_qualifier():
    assert numbers.strip_qualifier("about 4,500 supporters") == "4,500 supporters"
    assert numbers.strip_qualifier("more than 20") == "20"
    assert numbers.strip_qualifier("20") == "20"


def test_a_ranges_wrong_choices_do_not_overlap_it_and_are_as_round():
    """'4,000 to 5,000' beside '5,000 to 6,250' shares a bound (both could be right); 6,250 looks made up."""
    for wrong in numbers.nearby("4,000 to 5,000"):
        low, high = (float(n.replace(",", "")) for n in re.findall(r"[\d,]+", wrong))
        assert low < high and (high < 4000 or low > 5000), wrong
        assert low % 1000 == 0 and high % 1000 == 0, wrong
    assert not [n for n in numbers.nearby("975 million pounds") if re.match(r"\d{4}", n)]


def test_a_sum_past_a_thousand_takes_commas_when_the_answer_shows_no_style():
    assert numbers.formatted_like("$1159", "$966") == "$1,159"
    assert numbers.formatted_like("1159", "1523") == "1159"  # the answer writes none: none
