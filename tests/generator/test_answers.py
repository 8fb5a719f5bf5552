"""Step 6 and the answer checker: the fair variants of an answer, and the verdict on a typed answer.

A learner who types the right thing in another form is right; a typo or half a name is almost (counted
Hard); a wrong number or date is wrong however close it looks."""

import pytest

from quizapp.generator.answers import Verdict, accepted_variants, grade, hide_in_title, normalise

C, A, W = Verdict.CORRECT, Verdict.ALMOST, Verdict.WRONG


def check(typed, item_type, answer):
    return grade(typed, item_type, answer, accepted_variants(item_type, answer))


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("The Supreme Court.", "supreme court"),
        ("  Maria   CHEN! ", "maria chen"),
        ("Café Müller", "cafe muller"),
        ("4,500", "4500"),
        ("the club's captain", "club captain"),
        ("an apple a day", "apple day"),
    ],
)
def test_normalise(text, normal):
    assert normalise(text) == normal


@pytest.mark.parametrize(
    ("item_type", "answer", "variants"),
    [
        ("who", "Maria Chen", {"Maria Chen", "Chen"}),
        ("who", "Dr. Ines Okafor", {"Dr. Ines Okafor", "Okafor", "Ines Okafor"}),
        ("who", "Mary Ann Evans", {"Mary Ann Evans", "Evans", "Mary Evans"}),
        ("who", "Pele", {"Pele"}),
        ("when", "Oct. 27", {"Oct. 27", "October 27", "27 October"}),
        ("when", "March 3, 2024", {"March 3, 2024", "3 March 2024"}),
        ("how_many", "two hundred fifty", {"two hundred fifty", "250"}),
        ("how_many", "4,500", {"4,500", "4500"}),
        ("how_many", "about 10 minutes", {"about 10 minutes", "10 minutes", "10"}),
        ("where", "the Supreme Court", {"the Supreme Court", "Supreme Court"}),
        ("what", "a new species of fish", {"a new species of fish", "new species of fish"}),
    ],
)
def test_accepted_variants(item_type, answer, variants):
    found = accepted_variants(item_type, answer)
    assert found[0] == answer
    assert variants <= set(found), found
    assert len(found) == len(set(found))


def test_accepted_variants_keep_the_extra_ones():
    found = accepted_variants("who", "Sanae Takaichi", ("Prime Minister Takaichi",))
    assert {"Takaichi", "Prime Minister Takaichi"} <= set(found)


@pytest.mark.parametrize(
    ("typed", "item_type", "answer", "verdict"),
    [
        # case, punctuation, accents and articles do not matter
        ("maria chen", "who", "Maria Chen", C),
        ("MARIA CHEN.", "who", "Maria Chen", C),
        ("supreme court", "where", "the Supreme Court", C),
        ("a Nordic Marathon", "what", "the Nordic marathon", C),
        ("Cafe Muller", "where", "Café Müller", C),
        # a person by surname, with a title or initials
        ("Chen", "who", "Maria Chen", C),
        ("Dr. Maria Chen", "who", "Maria Chen", C),
        ("Ms Chen", "who", "Maria Chen", C),
        ("M. Chen", "who", "Maria Chen", C),
        ("Okafor", "who", "Dr. Ines Okafor", C),
        ("Mary Evans", "who", "Mary Ann Evans", C),
        # part of a name, or a typo: almost
        ("Maria", "who", "Maria Chen", A),
        ("Jean-Luc", "who", "Jean-Luc Picard", A),
        ("Maria Chne", "who", "Maria Chen", A),
        ("Solbreg", "who", "Ingrid Solberg", A),
        ("Portmer", "where", "Portmere", A),
        ("Suprme Court", "where", "the Supreme Court", A),
        # someone else, somewhere else
        ("Tom Lee", "who", "Maria Chen", W),
        ("J. Chen", "who", "Maria Chen", W),
        ("Westford", "where", "Portmere", W),
        ("Port", "where", "Portmere", W),
        # dates as dates
        ("October 27", "when", "Oct. 27", C),
        ("27 October", "when", "Oct. 27", C),
        ("oct 27", "when", "Oct. 27", C),
        ("10/27", "when", "Oct. 27", C),
        ("the 27th of October", "when", "Oct. 27", C),
        ("Oct. 27, 2024", "when", "Oct. 27", C),
        ("3 March 2024", "when", "March 3, 2024", C),
        ("2024-03-03", "when", "March 3, 2024", C),
        ("in 1912", "when", "1912", C),
        ("on Monday", "when", "Monday", C),
        ("March 3", "when", "March 3, 2024", A),  # right, but without the year
        ("October", "when", "Oct. 27", A),
        ("Octobr 27", "when", "Oct. 27", A),
        ("Oct. 28", "when", "Oct. 27", W),
        ("Nov. 27", "when", "Oct. 27", W),
        ("27", "when", "Oct. 27", W),
        ("March 3, 2023", "when", "March 3, 2024", W),
        ("3", "when", "March 3, 2024", W),
        ("1913", "when", "1912", W),
        ("Tuesday", "when", "Monday", W),
        # numbers as numbers, in words or digits
        ("250", "how_many", "two hundred fifty", C),
        ("two hundred fifty", "how_many", "250", C),
        ("two hundred and fifty", "how_many", "250", C),
        ("4500", "how_many", "4,500", C),
        ("four thousand five hundred", "how_many", "4,500", C),
        ("3", "how_many", "three", C),
        ("Three.", "how_many", "three", C),
        ("10", "how_many", "about 10 minutes", C),
        ("ten", "how_many", "about 10 minutes", C),
        ("12%", "how_many", "12 percent", C),
        ("2.3 billion", "how_many", "$2.3 billion", C),
        ("$2,300,000,000", "how_many", "$2.3 billion", C),
        ("251", "how_many", "250", W),
        ("25", "how_many", "250", W),
        ("4,600", "how_many", "4,500", W),
        ("four", "how_many", "three", W),
        ("13 percent", "how_many", "12 percent", W),
        # a number inside another kind of answer
        ("Route 67", "what", "Route 66", W),
        ("2020 Olympics", "what", "the 2024 Olympics", W),
    ],
)
def test_grade(typed, item_type, answer, verdict):
    assert check(typed, item_type, answer) is verdict


@pytest.mark.parametrize("typed", ["", "   ", "?!", "the", None])
@pytest.mark.parametrize("item_type", ["who", "what", "when", "where", "how_many"])
def test_an_empty_answer_is_wrong_without_a_crash(typed, item_type):
    assert grade(typed, item_type, "Maria Chen", ["Maria Chen", "Chen"]) is Verdict.WRONG


@pytest.mark.parametrize("item_type", ["who", "what", "when", "where", "how_many"])
@pytest.mark.parametrize("typed", ["\x00\x01", "🙂🙂", "x" * 5000, "1e999", "9" * 400, "-3", "½"])
def test_junk_answers_are_graded_without_a_crash(item_type, typed):
    for answer in ("Maria Chen", "Oct. 27", "4,500", "$2.3 billion", "Portmere"):
        assert grade(typed, item_type, answer, accepted_variants(item_type, answer)) in set(Verdict)


def test_the_accepted_list_counts():
    """An extra accepted form (here the person's title) is right, as the answer itself."""
    accepted = accepted_variants("who", "Sanae Takaichi", ("Prime Minister Takaichi",))
    assert grade("prime minister takaichi", "who", "Sanae Takaichi", accepted) is Verdict.CORRECT


@pytest.mark.parametrize(
    "title, answer, shown",
    [
        ("Okafor sets record to win Harbour Cup", "Ada Okafor", "____ sets record to win Harbour Cup"),
        ("One hurt, seven injured in bull run", "seven", "One hurt, ____ injured in bull run"),
        ("Rare Lancia sets $16m auction record", "16", "Rare Lancia sets ____ auction record"),
        ("Bank of Harbour raises rates", "the Bank of Harbour", "____ raises rates"),
        ("Okafor wins seventh title", "7", "Okafor wins ____ title"),
        ("Okafor wins seventh title", "Lena Marsh", "Okafor wins seventh title"),  # nothing of hers to hide
        ("Index falls 48 points", "48.31", "Index falls ____ points"),
        ("Okafor's double wins the cup", "Ada Okafor", "____'s double wins the cup"),
        ("Firm orders jets worth $13.5 Billion", "$13.5 billion", "Firm orders jets worth ____"),
        ("Firm orders 100 jets worth $13.5 Billion", "100", "Firm orders ____ jets worth $13.5 Billion"),
    ],
)
def test_the_title_above_a_question_has_its_answer_blanked_out(title, answer, shown):
    assert hide_in_title(title, answer) == shown
