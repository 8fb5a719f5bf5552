"""Step 8: what a teacher would strike out is dropped (pronoun answers, fragments, questions that give their
answer away or point at 'this agreement'), one item is kept per fact, the rest in the article's order."""

from types import SimpleNamespace

import pytest

from quizapp.generator.facts import Fact
from quizapp.generator.mentions import Person
from quizapp.generator.rank import acceptable, select

CHEN = Person("Maria Chen")


def fact(question, answer, item_type="who", kind="subject", sentence=0, person=None):
    return Fact(
        type=item_type,
        kind=kind,
        question=question,
        answer=answer,
        sentence=SimpleNamespace(index=sentence, span=SimpleNamespace(ents=())),
        answer_span=None,
        person=person,
    )


GOOD = [
    fact("Who scored two goals in the final?", "Maria Chen", person=CHEN),
    fact("When did the Harbour Rovers win the county cup?", "Oct. 12", "when", "date"),
    fact("How many supporters watched the match?", "about 4,500", "how_many", "number"),
    fact("Where did Ingrid Solberg present the findings?", "Oslo", "where", "place"),
    fact("What did Brightwell Foods agree to buy?", "Lantern Dairy", "what", "object"),
    fact("Who sentenced Daniel Okoro to seven years in prison?", "Judge Rachel Moss"),
]


@pytest.mark.parametrize("good", GOOD, ids=[f.answer for f in GOOD])
def test_good_facts_are_kept(good):
    assert acceptable(good)


@pytest.mark.parametrize("answer", ["he", "She", "they", "it", "them", "this", "those", "we", "you", "Who"])
def test_pronoun_answers_are_dropped(answer):
    assert not acceptable(fact("Who scored two goals in the final?", answer))


@pytest.mark.parametrize(
    "answer",
    [
        "of the city",  # starts with a preposition
        "the company and",  # ends with a conjunction
        "to the court",
        "shares in",
        "“We played for the fans",  # an unclosed quotation
        "the agency (which runs the port",  # an unclosed bracket
    ],
)
def test_fragments_are_dropped(answer):
    assert not acceptable(fact("What did the report describe in detail?", answer, "what", "object"))


def test_a_question_that_gives_its_answer_away_is_dropped():
    assert not acceptable(
        fact("Who said Maria Chen scored for Maria Chen's club?", "Maria Chen", person=CHEN)
    )
    assert not acceptable(fact("Where did the Oslo team present its findings?", "Oslo", "where", "place"))
    # the person's surname alone gives a person away
    assert not acceptable(fact("Who did Chen's teammates carry off the pitch?", "Maria Chen", person=CHEN))


def test_an_answer_word_inside_another_word_gives_nothing_away():
    assert acceptable(fact("Where did the Oslofjord ferry company open an office?", "Oslo", "where", "place"))


@pytest.mark.parametrize(
    "question",
    [
        "Who signed this agreement on Tuesday?",
        "Who criticised these plans at the meeting?",
        "Who approved such measures last year?",
        "When did this deal close after months of talks?",
    ],
)
def test_unresolved_this_x_references_are_dropped(question):
    assert not acceptable(fact(question, "Priya Nair"))


def test_a_quotation_may_say_this():
    assert acceptable(fact('Who said, "This team never gives up"?', "Tom Garrity", kind="quote"))


@pytest.mark.parametrize("question", ["Who won?", "Who scored twice?", "When?"])
def test_questions_too_short_to_ask_are_dropped(question):
    assert not acceptable(fact(question, "Maria Chen"))


def test_one_item_per_fact_the_better_one():
    """Two questions on one fact (same sentence, kind and answer): the shorter, better-scored one stays."""
    long_one = fact(
        "Who scored two goals in the county cup final against Millbrook United in Portmere on the "
        "afternoon of Saturday, Oct. 12, in front of 4,500 supporters?",
        "Maria Chen",
        person=CHEN,
    )
    short_one = fact("Who scored two goals in the final?", "Maria Chen", person=CHEN)
    assert long_one.key == short_one.key and short_one.score > long_one.score
    assert select([long_one, short_one]) == [short_one]
    assert select([short_one, long_one]) == [short_one]


def test_one_item_per_question():
    first = fact("Who scored two goals in the final?", "Maria Chen", sentence=1, person=CHEN)
    again = fact("Who scored two goals in the final?", "Aisha Bello", sentence=3)
    assert len(select([first, again])) == 1


def test_different_facts_are_all_kept_in_article_order():
    shuffled = [GOOD[3], GOOD[0], GOOD[2]]
    ordered = [
        fact(f.question, f.answer, f.type, f.kind, sentence=k, person=f.person)
        for k, f in enumerate([GOOD[0], GOOD[2], GOOD[3]])
    ]
    by_answer = {f.answer: f for f in ordered}
    kept = select([by_answer[f.answer] for f in shuffled])
    assert [f.answer for f in kept] == ["Maria Chen", "about 4,500", "Oslo"]


def test_dropped_facts_do_not_block_good_ones():
    bad = fact("Who scored two goals in the final?", "she")
    good = fact("Who scored two goals in the final?", "Maria Chen", person=CHEN)
    assert select([bad, good]) == [good]


def test_a_when_question_naming_another_date_of_its_kind_is_left_to_a_blank():
    from quizapp.generator import generate

    generation = generate(
        "The directive follows similar arrangements made in July between the two countries and the "
        "president's executive action from September. Trade minister Kei Sato signed it on Monday."
    )
    july = [i for i in generation.items if i.answer == "July"]
    assert july and all(i.question.startswith("Fill in the blank: ") for i in july)
