"""The quality checker on hand-made items: good ones pass, each kind of bad one is caught.

These tests never call the generator; the items are plain objects with the generator's Item attributes."""

from dataclasses import dataclass, replace

import pytest

from tests.helpers import quality
from tests.helpers.quality import atoms_of, check, fragment_reason, is_date_like, is_name_like

TEXT = (
    "Maria Chen, the club's captain, scored two goals on Oct. 3 in Portmere.\n\n"
    '"We played for the fans," Chen said.\n\n'
    "The club now has 4,500 members."
)
S1 = "Maria Chen, the club's captain, scored two goals on Oct. 3 in Portmere."
S2 = '"We played for the fans," Chen said.'
S3 = "The club now has 4,500 members."


@dataclass(frozen=True)
class FakeItem:
    type: str
    question: str
    answer: str
    accepted: tuple = ()
    choices: tuple = ()
    sentence: str = S1
    sentence_span: tuple | None = None
    answer_span: tuple | None = None
    score: float = 1.0
    fact_key: str = ""


def item(type, question, answer, accepted, choices, sentence=S1, fact_key=None, answer_text=None):
    start = TEXT.index(sentence)
    position = TEXT.find(answer_text or answer, start)
    span = (position, position + len(answer_text or answer)) if position >= 0 else None
    return FakeItem(
        type=type,
        question=question,
        answer=answer,
        accepted=tuple(accepted),
        choices=tuple(choices),
        sentence=sentence,
        sentence_span=(start, start + len(sentence)),
        answer_span=span,
        fact_key=fact_key or f"{type}:{question}",
    )


PEOPLE = ("Maria Chen", "Aisha Bello", "Tom Garrity", "Rachel Moss")
WHO_SCORED = item(
    "who", "Who scored two goals on Oct. 3 in Portmere?", "Maria Chen", ["Maria Chen", "Chen"], PEOPLE
)
CAPTAIN = item("who", "Who is the club's captain?", "Maria Chen", ["Maria Chen", "Chen"], PEOPLE[::-1])
WHEN = item(
    "when",
    "When did Maria Chen score two goals in Portmere?",
    "Oct. 3",
    ["Oct. 3", "October 3", "3 October"],
    ["Oct. 10", "Oct. 3", "Sept. 28", "Nov. 3"],
)
HOW_MANY_GOALS = item(
    "how_many",
    "How many goals did Maria Chen score in Portmere on Oct. 3?",
    "two",
    ["two", "2"],
    ["three", "two", "four", "five"],
)
WHERE = item(
    "where",
    "Where did Maria Chen score two goals on Oct. 3?",
    "Portmere",
    ["Portmere"],
    ["Westford", "Carrow Bay", "Portmere", "Riverside Stadium in Milford"],
)
MEMBERS = item(
    "how_many",
    "How many members does the club now have?",
    "4,500",
    ["4,500", "4500"],
    ["4,500", "3,000", "5,200", "450"],
    sentence=S3,
)
QUOTE = item(
    "who",
    'Who said, "We played for the fans"?',
    "Maria Chen",
    ["Maria Chen", "Chen"],
    PEOPLE,
    sentence=S2,
    answer_text="Chen",
)
GOOD = [WHO_SCORED, CAPTAIN, WHEN, HOW_MANY_GOALS, WHERE, MEMBERS, QUOTE]


@pytest.fixture(scope="module")
def nlp():
    return quality.default_nlp()


def rules(report) -> set[str]:
    return set(report.by_rule())


def test_good_items_pass_with_figures(nlp):
    report = check(TEXT, GOOD, nlp, min_items=5)
    assert report.ok, report.format()
    assert report.items == report.distinct_questions == 7
    assert report.persons_found == ["Maria Chen"] and report.persons_asked == ["Maria Chen"]
    assert (report.dates_asked, report.dates_found) == (1, 1)
    assert (report.numbers_asked, report.numbers_found) == (2, 2)
    assert report.coverage() == {"persons": 100.0, "dates": 100.0, "numbers": 100.0}
    summary = report.summary()
    assert summary["violations"] == {} and summary["persons"] == [1, 1]


def test_default_minimum_is_one_item_per_25_words(nlp):
    words = len(TEXT.split())
    report = check(TEXT, GOOD, nlp)
    assert report.min_items == -(-words // 25)
    assert check(TEXT, GOOD, nlp, words_per_item=2).by_rule()["min_items"]


def test_too_few_items(nlp):
    report = check(TEXT, GOOD, nlp, min_items=10)
    assert rules(report) == {"min_items"}
    assert "7 distinct questions" in report.by_rule()["min_items"][0].detail


def replaced(original, **changes):
    return [replace(x, **changes) if x is original else x for x in GOOD]


@pytest.mark.parametrize(
    ("target", "changes", "rule"),
    [
        (WHO_SCORED, {"answer": "She", "accepted": ("She",)}, "pronoun_answer"),
        (CAPTAIN, {"answer": "his captain", "accepted": ("his captain",)}, "pronoun_answer"),
        (WHERE, {"answer": "in Portmere", "accepted": ("in Portmere",)}, "fragment_answer"),
        (WHERE, {"answer": "Portmere and", "accepted": ("Portmere and",)}, "fragment_answer"),
        (WHERE, {"answer": "Portmere (the town", "accepted": ("Portmere (the town",)}, "fragment_answer"),
        (QUOTE, {"answer": '"We played', "accepted": ('"We played',)}, "fragment_answer"),
        (WHO_SCORED, {"question": "Who is Maria Chen?"}, "answer_in_question"),
        (WHO_SCORED, {"question": "Who scored after Chen's first goal?"}, "answer_in_question"),
        (WHEN, {"question": "When on October 3 did Maria Chen score?"}, "answer_in_question"),
        (HOW_MANY_GOALS, {"question": "How many goals did Chen score, 2 or 3?"}, "answer_in_question"),
        (WHERE, {"question": "Where did Maria Chen score two goals on Oct. 3"}, "question_form"),
        (WHERE, {"question": "where did Maria Chen score two goals on Oct. 3?"}, "question_form"),
        (WHERE, {"question": "Maria Chen scored two goals on Oct. 3 in ___?"}, "question_form"),
        (WHERE, {"choices": ("Portmere", "Westford", "Carrow Bay")}, "choices"),
        (WHERE, {"choices": ("Portmere", "portmere", "Carrow Bay", "Westford")}, "choices"),
        (WHERE, {"choices": ("Lisbon", "Westford", "Carrow Bay", "Milford")}, "choices"),
        (WHEN, {"choices": ("Oct. 3", "October 3", "Oct. 10", "Nov. 3")}, "choices"),
        (HOW_MANY_GOALS, {"choices": ("two", "2.0", "three", "four")}, "choices"),
        (WHO_SCORED, {"choices": ("Maria Chen", "the club", "Tom Garrity", "Rachel Moss")}, "choices_kind"),
        (WHO_SCORED, {"choices": ("Maria Chen", "Oct. 3", "Tom Garrity", "Rachel Moss")}, "choices_kind"),
        (WHO_SCORED, {"choices": ("Maria Chen", "she", "Tom Garrity", "Rachel Moss")}, "choices_kind"),
        (WHEN, {"choices": ("Oct. 3", "Tokyo", "Oct. 10", "Nov. 3")}, "choices_kind"),
        (WHEN, {"choices": ("Oct. 3", "two years", "Oct. 10", "Nov. 3")}, "choices_kind"),
        (HOW_MANY_GOALS, {"choices": ("two", "many", "three", "four")}, "choices_kind"),
        (WHERE, {"choices": ("Portmere", "the harbour", "Westford", "Milford")}, "choices_kind"),
        (WHERE, {"choices": ("Portmere", "of Westford", "Carrow Bay", "Milford")}, "choices_kind"),
        (WHERE, {"sentence_span": (0, 10)}, "span"),
        (WHERE, {"sentence_span": None}, "span"),
        (WHERE, {"answer_span": (0, 10)}, "span"),
        (WHERE, {"answer_span": (10**6, 10**6 + 3)}, "span"),
        (WHERE, {"answer": "Lisbon", "accepted": ("Lisbon",), "answer_span": None}, "answer_not_in_text"),
        (MEMBERS, {"answer": "4,600", "accepted": ("4,600",), "answer_span": None}, "answer_not_in_text"),
        (CAPTAIN, {"answer": " ".join(["word"] * 13), "accepted": ()}, "long_answer"),
    ],
)
def test_each_kind_of_bad_item_is_caught(nlp, target, changes, rule):
    report = check(TEXT, replaced(target, **changes), nlp, min_items=1)
    assert rule in rules(report), report.format()
    flagged = report.by_rule()[rule][0]
    assert flagged.question == replace(target, **changes).question  # the failure names its question


def test_duplicates(nlp):
    twice = check(TEXT, [*GOOD, replace(WHERE, fact_key="other")], nlp, min_items=1)
    assert rules(twice) == {"duplicate_question"}
    same_fact = replace(
        WHERE, question="In which town did Maria Chen score two goals?", fact_key=WHEN.fact_key
    )
    assert rules(check(TEXT, [*GOOD, same_fact], nlp, min_items=1)) == {"duplicate_fact"}


@pytest.mark.parametrize(
    ("dropped", "rule", "detail"),
    [
        ({WHO_SCORED, CAPTAIN, QUOTE}, "person_not_asked", "Maria Chen"),
        ({WHEN}, "date_not_asked", "Oct. 3"),
        ({MEMBERS}, "number_not_asked", "4,500"),
        ({HOW_MANY_GOALS}, "number_not_asked", "two"),
    ],
)
def test_facts_not_asked(nlp, dropped, rule, detail):
    report = check(TEXT, [x for x in GOOD if x not in dropped], nlp, min_items=1)
    assert rules(report) == {rule}, report.format()
    assert detail in report.by_rule()[rule][0].detail


def test_accepted_variant_counts_as_asked(nlp):
    """'October 3' asked covers 'Oct. 3' in the text; '2' covers 'two'."""
    when = replace(WHEN, answer="October 3", accepted=("October 3",), answer_span=None)
    when = replace(when, choices=("October 3", "October 10", "September 28", "November 3"))
    goals = replace(
        HOW_MANY_GOALS, answer="2", accepted=("2",), choices=("2", "3", "4", "5"), answer_span=None
    )
    items = [when if x is WHEN else goals if x is HOW_MANY_GOALS else x for x in GOOD]
    assert check(TEXT, items, nlp, min_items=1).ok


def test_pronoun_span_for_a_resolved_person_is_fine(nlp):
    text = "Maria Chen, the club's captain, scored twice.\n\nShe said the team was tired."
    sentence = "She said the team was tired."
    start = text.index(sentence)
    said = FakeItem(
        "who", "Who said the team was tired?", "Maria Chen", ("Maria Chen", "Chen"), PEOPLE,
        sentence, (start, start + len(sentence)), (start, start + 3), 1.0, "said",
    )  # fmt: skip
    scored = replace(
        said,
        question="Who scored twice?",
        sentence=text[:45],
        sentence_span=(0, 45),
        answer_span=(0, 10),
        fact_key="s",
    )
    report = check(text, [said, scored], nlp, min_items=1)
    assert report.ok, report.format()


def test_another_person_of_the_same_surname_may_be_named(nlp):
    text = "Gerald Finch, 58, was jailed.\n\nHis wife, Margaret Finch, left the court."
    wife = FakeItem(
        "who", "Who is Gerald Finch's wife?", "Margaret Finch", ("Margaret Finch",),
        ("Margaret Finch", "Olivia Grant", "Catherine Blake", "Fiona Walsh"),
        text[31:], (31, len(text)), (41, 55), 1.0, "wife",
    )  # fmt: skip
    assert "answer_in_question" not in rules(check(text, [wife], nlp, min_items=1))
    by_surname = replace(wife, question="Who is Finch's wife?")
    assert "answer_in_question" in rules(check(text, [by_surname], nlp, min_items=1))


def test_what_is_not_a_fact_to_ask(nlp):
    """Vague amounts, referring numbers, relative dates and non-person 'names' are not required."""
    text = (
        "The two leaders met thousands of supporters last week.\n\n"
        "One of them said more than half the town came.\n\n"
        "Orchard Lane, the snack maker, said its annual sales grew."
    )
    report = check(text, [], nlp, min_items=0)
    assert report.ok, report.format()
    assert report.persons_found == [] and report.numbers_found == 0 and report.dates_found == 0


def test_persons_need_a_role_or_an_action_and_link_by_surname(nlp):
    text = (
        "The new stand is named after Peter Lindgren.\n\n"
        "Fans sang for Lena Vogt before the match.\n\n"
        "Vogt scored twice in the second half."
    )
    report = check(text, [], nlp, min_items=0)
    assert report.persons_found == ["Lena Vogt"], report.format()  # only via the surname-only subject
    assert rules(report) == {"person_not_asked"}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Oct. 27", "October 27"),
        ("27 October", "Oct 27"),
        ("two hundred fifty", "250"),
        ("$2.3 billion", "2,300,000,000"),
        ("12 percent", "12%"),
        ("Monday", "monday"),
        ("10 p.m.", "10pm"),
        ("midnight", "12 a.m."),
    ],
)
def test_dates_and_numbers_compare_as_values(one, other):
    assert atoms_of(one) == atoms_of(other)


def test_date_parts_must_all_be_asked():
    (may_2023,) = [a for a in atoms_of("May 2023") if a.kind == "date"]
    assert may_2023.covered_by(next(iter(atoms_of("May 14, 2023"))))
    assert not may_2023.covered_by(next(a for a in atoms_of("2023") if a.kind == "date"))


@pytest.mark.parametrize(
    "text",
    [
        "Oct. 27",
        "Monday",
        "1912",
        "March 2024",
        "the spring of 2026",
        "10 p.m.",
        "next year",
        "Tuesday night",
    ],
)
def test_date_like(text):
    assert is_date_like(text)


@pytest.mark.parametrize(
    "text", ["two years", "Tokyo", "Maria Chen", "Mayor Diane Foster", "season", "23 years", "the club"]
)
def test_not_date_like(text):
    assert not is_date_like(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Maria Chen", True), ("Ludwig van Beethoven", True), ("Xi Jinping", True), ("the club", False),
     ("Maria Chen 2", False), ("she", False), ("She", False)],
)  # fmt: skip
def test_name_like(text, expected):
    assert is_name_like(text) is expected


@pytest.mark.parametrize(
    "text", ["at least 212", "about 4,500", "the Coastal Cup", "U.S. President", "Oct. 3"]
)
def test_not_fragments(text):
    assert fragment_reason(text) is None


def test_readable_failure_lists_rules_and_questions(nlp):
    bad = replace(WHERE, question="where is it", answer="it", accepted=("it",), answer_span=None)
    report = check(TEXT, [bad], nlp, min_items=3)
    text = report.format()
    assert "question_form" in text and "pronoun_answer" in text and "[where is it]" in text
    assert "min_items" in text and "person_not_asked" in text
