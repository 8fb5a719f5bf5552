"""Step 7: three wrong choices of the answer's kind. A learner must not be able to pick the answer by its
look, nor find a second right answer among the wrong ones (the answer's surname, the same date written
another way, the same number in words). Wrong choices come from the same article first, then from the
learner's other articles (the pool), then made up."""

import re

import pytest

from quizapp.generator import dates, generate, numbers, places
from quizapp.generator.answers import accepted_variants, normalise
from quizapp.generator.article import parse_article
from quizapp.generator.distractors import Candidates
from quizapp.generator.document import paragraph_texts, sentences_of
from quizapp.generator.facts import Fact, extract_facts
from quizapp.generator.mentions import People
from quizapp.generator.nlp import get_nlp

SPORT = (
    "The Harbour Rovers beat Millbrook United 3-1 in the county cup final in Portmere on Oct. 12. "
    "Maria Chen scored two goals, and Aisha Bello added a third.\n\n"
    "The club's manager, Tom Garrity, said the win was the best of his career. Rachel Moss saved a "
    "penalty in the 80th minute.\n\n"
    "About 4,500 supporters watched the match. The club will play its next match in Westford on Nov. 3."
)
SCIENCE = (
    "Marine biologist Ingrid Solberg presented the findings in Oslo on Oct. 27. Her team collected 36 "
    "specimens during an expedition in 2023."
)
BUSINESS = (
    "Brightwell Foods agreed to buy Lantern Dairy for $2.3 billion on Tuesday. Chief executive Priya Nair "
    "said the company would keep all 1,200 workers. The deal was first reported in Japan."
)


def candidates(text, pool=None):
    article = parse_article(text)
    sentences = sentences_of(article, get_nlp().pipe(paragraph_texts(article)))
    people = People(sentences)
    facts = extract_facts(sentences, people)
    return Candidates(facts, people, sentences, pool), sentences, people


def fact(item_type, question, answer, sentence, person=None, unit=""):
    return Fact(
        type=item_type,
        kind="test",
        question=question,
        answer=answer,
        sentence=sentence,
        answer_span=None,
        person=person,
        unit=unit,
    )


def wrong_for(found, item):
    return found.for_fact(item, accepted_variants(item.type, item.answer, item.accepted))


def person(people, name):
    return next(p for p in people.persons if p.name == name)


@pytest.mark.parametrize("text", [SPORT, SCIENCE, BUSINESS])
def test_four_distinct_choices_with_the_answer_or_none(text):
    generation = generate(text)
    assert generation.items
    for item in generation.items:
        if not item.choices:
            continue  # asked typed: the article had no three good wrong choices
        assert len(item.choices) == 4
        assert item.answer in item.choices
        assert len({normalise(c) for c in item.choices}) == 4, item.choices


def test_choices_are_of_the_answers_kind():
    generation = generate(SPORT + "\n\n" + SCIENCE + "\n\n" + BUSINESS)
    kinds = {item.type for item in generation.items}
    assert {"who", "when", "how_many"} <= kinds
    for item in generation.items:
        wrong = [c for c in item.choices if c != item.answer]
        if item.type == "who":
            assert all(re.fullmatch(r"[A-Z][\w.'-]+( [A-Z][\w.'-]+)+", c) for c in wrong), item.choices
        elif item.type == "when" and dates.parse(item.answer):
            assert all(dates.same_shape(c, item.answer) for c in wrong), item.choices
        elif item.type == "how_many":
            assert all(numbers.value(c) is not None for c in wrong), item.choices
            assert all(numbers.value(c) != numbers.value(item.answer) for c in wrong), item.choices


def test_who_choices_come_from_the_article_first():
    found, sentences, people = candidates(SPORT)
    chen = person(people, "Maria Chen")
    wrong = wrong_for(found, fact("who", "Who scored two goals?", "Maria Chen", sentences[1], chen))
    assert set(wrong) <= {"Aisha Bello", "Tom Garrity", "Rachel Moss"}


def test_then_from_the_pool_and_never_made_up():
    found, sentences, people = candidates(SCIENCE, pool={"who": ["Sam Hill", "Ana Ruiz", "Li Wei"]})
    solberg = person(people, "Ingrid Solberg")
    item = fact("who", "Who presented the findings?", "Ingrid Solberg", sentences[0], solberg)
    wrong = wrong_for(found, item)
    assert len(wrong) == 3 and set(wrong) <= {
        "Sam Hill",
        "Ana Ruiz",
        "Li Wei",
        *(p.name for p in people.persons),
    }

    alone, sentences, people = candidates(SCIENCE)
    real = {p.name for p in people.persons} - {"Ingrid Solberg"}
    assert len(real) < 3
    # with fewer than three real people besides the answer, no names are invented: the item is asked typed
    assert (
        wrong_for(alone, fact("who", "Who presented the findings?", "Ingrid Solberg", sentences[0], solberg))
        == []
    )


def test_no_man_where_the_question_says_her():
    text = (
        "Mayor Anna Kowalski opened the bridge on Monday. Engineer Tom Reyes said he worked on it for years. "
        "Council member Linda Osei thanked the builders. Contractor Paul Meyer said his crew was proud. "
        "Resident Grace Lin said the bridge would cut her commute."
    )
    found, sentences, people = candidates(text)
    kowalski = person(people, "Anna Kowalski")
    item = fact("who", "Who opened the bridge on her first day?", "Anna Kowalski", sentences[0], kowalski)
    men = {"Tom Reyes", "Paul Meyer"}
    assert not set(wrong_for(found, item)) & men


def test_never_the_answers_surname_or_title():
    pool = {"who": ["Chen", "Ms Chen", "Maria", "M. Chen", "Sam Hill", "Ana Ruiz", "Li Wei"]}
    found, sentences, people = candidates(SPORT, pool=pool)
    chen = person(people, "Maria Chen")
    item = fact("who", "Who scored two goals?", "Maria Chen", sentences[1], chen)
    wrong = wrong_for(found, item)
    for name in wrong:
        assert "Chen" not in name and name != "Maria"


def test_never_the_same_date_in_another_format():
    pool = {"when": ["October 27", "27 October", "Oct 27", "the 27th of October", "Nov. 2"]}
    found, sentences, _ = candidates(SCIENCE, pool=pool)
    wrong = wrong_for(
        found, fact("when", "When were the findings presented in Oslo?", "Oct. 27", sentences[0])
    )
    assert len(wrong) == 3
    for other in wrong:
        assert not dates.same_date(other, "Oct. 27"), other
        assert dates.same_shape(other, "Oct. 27"), other
    assert "Nov. 2" in wrong


def test_never_the_same_number_in_words():
    found, sentences, _ = candidates(SPORT)
    item = fact("how_many", "How many goals did Maria Chen score?", "two", sentences[1], unit="goals")
    extra = fact("how_many", "How many goals were scored?", "2", sentences[1], unit="goals")
    found.numbers.append((extra.unit, extra.answer))
    wrong = wrong_for(found, item)
    assert len(wrong) == 3
    assert all(numbers.value(w) not in (None, 2) for w in wrong), wrong


def test_numbers_in_the_answers_style():
    found, sentences, _ = candidates(BUSINESS)
    wrong = wrong_for(
        found,
        fact(
            "how_many",
            "For how much did Brightwell Foods agree to buy Lantern Dairy?",
            "$2.3 billion",
            sentences[0],
        ),
    )
    assert all(re.fullmatch(r"\$\d+\.\d billion", w) for w in wrong), wrong


def test_dates_from_the_article_first():
    found, sentences, _ = candidates(SPORT)
    wrong = wrong_for(found, fact("when", "When will the club play its next match?", "Nov. 3", sentences[-1]))
    assert "Oct. 12" in wrong
    assert all(dates.same_shape(w, "Nov. 3") for w in wrong)


def test_a_city_gets_cities_and_a_country_gets_countries():
    found, sentences, _ = candidates(SCIENCE + "\n\n" + BUSINESS)
    city = wrong_for(found, fact("where", "Where were the findings presented?", "Oslo", sentences[0]))
    assert len(city) == 3 and all(places.kind(c) == "city" for c in city), city
    assert "Japan" not in city
    country = wrong_for(found, fact("where", "Where was the deal first reported?", "Japan", sentences[-1]))
    assert len(country) == 3 and all(places.kind(c) == "country" for c in country), country
    assert "Oslo" not in country


def test_one_country_by_two_names_is_one_choice():
    text = (
        "The minister flew to South Korea on Monday. Trade between the United States and Japan grew last "
        "year, and U.S. officials visited Chile and Peru in March."
    )
    found, sentences, _ = candidates(text)
    wrong = wrong_for(
        found, fact("where", "Where did the minister fly on Monday?", "South Korea", sentences[0])
    )
    american = [w for w in wrong if normalise(w) in {"united states", "u s", "us"}]
    assert len(american) <= 1, wrong


def test_no_percentage_over_a_hundred_among_the_choices():
    generation = generate(
        "The union said 87 percent of its members had voted for the strike, on a turnout of 74 percent. "
        "Union leader Ruth Okonkwo said drivers had been offered a rise of 2.5 percent."
    )
    percents = [i for i in generation.items if "percent" in i.answer]
    assert percents
    assert all((numbers.value(c) or 0) <= 100 for i in percents for c in i.choices), [
        i.choices for i in percents
    ]


def test_a_choice_named_in_the_question_is_skipped():
    """'Who did Maria Chen meet?' cannot offer Maria Chen; a name merely inside a word still can."""
    found, sentences, people = candidates(SPORT)
    garrity = person(people, "Tom Garrity")
    wrong = wrong_for(found, fact("who", "Who did Maria Chen thank?", "Tom Garrity", sentences[2], garrity))
    assert "Maria Chen" not in wrong


def test_the_same_fact_gets_the_same_choices():
    first, second = generate(SPORT), generate(SPORT)
    assert [i.choices for i in first.items] == [i.choices for i in second.items]


def test_the_answer_is_not_always_in_the_same_place():
    generation = generate(SPORT + "\n\n" + SCIENCE + "\n\n" + BUSINESS)
    positions = {item.choices.index(item.answer) for item in generation.items if item.choices}
    assert len(positions) >= 3


def test_a_venue_gets_only_the_articles_venues():
    """GeoNames knows no stadium: a venue's wrong choices are the article's own venues or none at all."""
    text = "The final was played at Riverside Stadium on Sunday. Fans gathered in Leeds and Manchester."
    found, sentences, _ = candidates(text)
    wrong = wrong_for(
        found, fact("where", "Where was the final played on Sunday?", "Riverside Stadium", sentences[0])
    )
    assert not {"Leeds", "Manchester"} & set(wrong)


@pytest.mark.parametrize(
    ("answer", "before", "larger"),
    [("more than 40 people", "", True), ("24", "within ", False), ("30,000", "at least ", True)],
)
def test_a_bound_gets_choices_past_it_only(answer, before, larger):
    """'more than 40' is also true of 'more than 30'; 'within 24 hours' of 'within 36 hours'."""
    made = numbers.beyond(numbers.nearby(answer), answer, numbers.bound(answer, before))
    assert made
    size = numbers.value(answer)
    assert all((numbers.value(m) > size) == larger for m in made), made


def test_numbers_keep_the_answers_form():
    assert numbers.nearby("$2.50 to $2.90")[0] != "$2.50 to $2.90"
    for moved in numbers.nearby("$2.50 to $2.90"):  # a range moves as a whole and stays in order
        low, high = (float(v) for v in re.findall(r"\d+\.\d\d", moved))
        assert low < high and abs(high / low - 2.90 / 2.50) < 0.02, moved
    assert all(m.endswith(".99") for m in numbers.nearby("$12.99")), "a price point keeps its ending"
    assert not any(m.endswith("00") for m in numbers.nearby("1,234")), "as precise as the answer"
    assert numbers.formatted_like("1160", "5,800") == "1,160"
    assert numbers.formatted_like("1,160", "5800") == "1160"


CLASS = (
    "Mine Collapse\n\n"
    "A tunnel collapsed at the Redhill mine on Thursday, trapping six miners, said Joanna Perrin, "
    "spokeswoman for the state mining board. Rescuers reached the men on Friday, said Dale Brook, the "
    "mine's manager. Otto Vance, the county sheriff, said roads were closed. Ward nurse Lina Ferro said two "
    "miners were treated for broken bones, and hospital spokesman Mark Hale said they would recover."
)


def test_a_woman_described_as_one_is_offered_only_beside_known_women():
    """'said ____, spokeswoman for …': a man's name, or one the article gives no gender, is ruled out by the
    question itself."""
    for item in generate(CLASS).items:
        if item.type == "who" and "spokeswoman" in item.question and item.choices:
            assert not {"Dale Brook", "Otto Vance", "Mark Hale"} & set(item.choices), item


def test_a_side_named_beside_the_blank_rules_out_the_other_sides():
    """'____ of Norway took silver': wrong choices are other Norwegians, or there are none."""
    text = (
        "Ski Sprint\n\nAnna Holt of Sweden won the sprint in Lillehammer on Sunday. Kari Dahl of Norway took "
        "silver and Mia Roth of Germany took bronze. Sofie Lund of Norway finished fourth, and Eva Brandt of "
        "Austria was fifth."
    )
    for item in generate(text).items:
        if item.type == "who" and item.answer == "Kari Dahl" and "of Norway" in item.question:
            assert not item.choices or set(item.choices) - {"Kari Dahl"} <= {"Sofie Lund"}, item


def test_a_score_is_asked_typed():
    """'cut the lead to ____': the match's own course rules most other scores out."""
    text = (
        "Cup Final\n\nHarbour Rovers beat Millbrook United 29-14 in Portmere on Saturday. Millbrook led 7-0 "
        "after ten minutes, but Rovers led 15-7 at half-time and cut the gap to 15-14 before pulling away."
    )
    scores = [i for i in generate(text).items if re.fullmatch(r"\d+-\d+", i.answer)]
    assert scores and all(not i.choices for i in scores)


def test_a_value_that_rose_keeps_its_wrong_choices_above_where_it_rose_from():
    text = (
        "Mortgage Rates\n\nThe average rate on a fixed-rate mortgage rose to 6.54% last week from 6.44% in "
        "the week before, the Harbour Lenders Association said on Thursday. Rates were 7.12% a year ago."
    )
    for item in generate(text).items:
        if item.answer == "6.54%" and "from 6.44%" in item.question and item.choices:
            assert all(numbers.value(c) > 6.44 for c in item.choices), item.choices


def test_numbers_of_no_known_unit_are_not_mixed_as_choices():
    """A match's total, its target and the other side's total are different things: a number of no unit
    gets made-up neighbours, not the article's other numbers."""
    text = (
        "Cup Match\n\nWestford made 294 for seven in Portmere on Saturday. They had been 39 for two after "
        "seven overs before a stand of 108 between Sam Lee and Ana Ruiz. Carrow were bowled out for 211 in "
        "reply, falling short of their target of 295."
    )
    asked = [i for i in generate(text).items if i.type == "how_many" and i.answer in {"294", "211"}]
    assert asked
    for item in asked:
        assert not {"294", "295", "211", "108"} - {item.answer} & set(item.choices), item.choices


def test_a_part_is_offered_no_larger_than_its_whole():
    """'____ of his first 8 shots', '____ out of the three judges': no 12 of 8, no six of three."""
    text = (
        "Cup Game\n\nSam Lee scored on 7 of his first 8 shots for the Harbour Rovers in Portmere on Tuesday. "
        "The Rovers won 98-91, their 14th win in 20 games, coach Tom Garrity said."
    )
    for item in generate(text).items:
        if item.type == "how_many" and "of his first 8" in item.question and item.choices:
            assert all(numbers.value(c) <= 8 for c in item.choices), item.choices


def test_posts_offered_beside_a_post_are_posts_and_not_of_the_other_gender():
    text = (
        "Mine Collapse\n\nA tunnel collapsed at the Redhill mine on Thursday, said Joanna Perrin, "
        "spokeswoman for the state mining board. Dale Brook, the regional safety director, said six miners "
        "were trapped. Otto Vance, the county sheriff, closed the roads, and Lina Ferro, the hospital's "
        "chief executive, said two miners were treated. Mark Hale, the mine's general manager, said they "
        "would recover. Sergeant Tom Reyes said the road would reopen."
    )
    found, sentences, people = candidates(text)
    post = Fact(
        "what",
        "role_of",
        "What position does Dale Brook hold?",
        "regional safety director",
        sentences[1],
        None,
    )
    wrong = wrong_for(found, post)
    assert wrong and not [c for c in wrong if "spokeswoman" in c], wrong
    assert all(len(c.split()) >= 2 for c in wrong), wrong  # no bare rank ('Sergeant')


def test_a_share_written_per_cent_gets_no_choice_over_a_hundred():
    text = (
        "Snooker Final\n\nAna Ruiz won the Harbour Masters in Portmere on Sunday, potting 94 per cent of her "
        "long balls, the tournament said. Tom Reyes managed 61 per cent."
    )
    for item in generate(text).items:
        if item.type == "how_many" and "per cent" in item.answer and item.choices:
            assert all(numbers.value(c) <= 100 for c in item.choices), item.choices


def test_wrong_dates_are_written_as_the_answer_is():
    """One choice written 'November 8th' beside 'November 12' and 'October 19' is the article's own."""
    assert dates.written_like("November 12", "November 8th") == "November 12th"
    assert dates.written_like("February 2017", "December, 2017") == "February, 2017"
    assert dates.written_like("October 3", "Nov 1") == "Oct 3"
    assert dates.written_like("May 3, 2020", "4 June 2021") == "3 May 2020"
    generation = generate(
        "Game Launch\n\nThe console went on sale on October 25th in Europe. The studio said its next game "
        "would follow on November 12 and a third one in 2027."
    )
    asked = [i for i in generation.items if i.answer == "October 25th" and i.choices]
    assert asked and all(re.fullmatch(r"[A-Z][a-z]+ \d+(st|nd|rd|th)", c) for c in asked[0].choices)


def test_wrong_clock_times_are_written_as_the_answer_is():
    assert all(re.fullmatch(r"\d+am", t) for t in dates.nearby("6am"))
    assert all(re.fullmatch(r"\d+ [AP]M", t) for t in dates.nearby("10 PM"))


def test_no_wrong_person_whose_family_the_question_names():
    """'… lawyer ____, who also represented the Marlows' rules out every Marlow."""
    found, sentences, people = candidates(
        "Book Deal\n\nThe deal was negotiated by lawyer Paul Hendry, who also represented the Marlows. "
        "Anna Marlow and David Marlow signed a book deal in 2019. Editor Ruth Okafor and agent Sam Reyes "
        "praised it, and publisher Omar Haddad called it a coup."
    )
    hendry = person(people, "Paul Hendry")
    question = "Fill in the blank: The deal was negotiated by ____, who also represented the Marlows."
    wrong = wrong_for(found, fact("who", question, "Paul Hendry", sentences[0], hendry))
    assert wrong and not [w for w in wrong if "Marlow" in w], wrong


def test_an_ages_wrong_choices_are_a_few_years_either_side():
    """No one 'died at the age of 114': an age's wrong choices are plausible ages near it."""
    generation = generate(
        "Obituary\n\nProfessor Ann Webb, a leading expert on glaciers, has died at the age of 76. Webb "
        "joined the university in 1972 and retired in 2010."
    )
    ages = [i for i in generation.items if i.answer == "76" and i.choices]
    assert ages
    assert all(60 <= int(c) <= 95 for c in ages[0].choices), ages[0].choices


def test_wrong_choices_never_100_percent_nor_a_made_up_age_nor_a_weekday_beside_the_same_day():
    share = generate(
        "Rice Crop\n\nKharif rice, harvested around November, accounts for about 70% of the country's rice "
        "production, the ministry said on Monday."
    )
    assert [i for i in share.items if i.answer == "70%" and i.choices]
    assert not [c for i in share.items for c in i.choices if c.startswith("100")]
    age = generate(
        "Everest Death\n\nChristopher Kulish, a 62-year-old attorney, died at a camp below the summit on "
        "Monday, the expedition organiser said."
    )
    ages = [i for i in age.items if i.answer == "62" and i.choices]
    assert ages and all(45 <= int(c) <= 80 for c in ages[0].choices), ages
    assert dates.nearby("Friday 27") == []  # "Monday 27" beside "Friday 27" is no date
    assert dates.written_like("Monday, November 23", "Thursday November 26") == "Monday November 23"


def test_wrong_choices_fit_a_duration_and_an_ordered_list():
    """'eight days, ____ hours' has fewer than 24 hours; 'rounds ____ and 18' comes before round 18."""
    race = generate(
        "Sled Race\n\nRyan Redd completed the 1,000-mile race in eight days, 21 hours and 12 minutes on "
        "Tuesday, officials said."
    )
    hours = [i for i in race.items if i.answer == "21" and i.choices]
    assert hours and all(int(c) < 24 for c in hours[0].choices), hours
    bee = generate(
        "Spelling Bee\n\nBoth spellers misspelled two words in a row in rounds 13 and 18 before the "
        "tiebreaker on Thursday night, the organisers said."
    )
    rounds = [i for i in bee.items if i.answer == "13" and i.choices]
    assert not rounds or all(int(c) < 18 for c in rounds[0].choices), rounds


def test_no_choice_of_one_before_a_plural_noun():
    """'____ iMacs': a choice of one would read 'one iMacs' and rule itself out."""
    generation = generate(
        "Library Opens\n\nThe new branch at 903 Beech Street in Westford will feature four computers, two "
        "iMacs, a printer and a crayon kiosk, library officials said on Monday."
    )
    asked = [i for i in generation.items if i.answer == "two" and "iMacs" in i.question]
    assert asked and asked[0].choices
    assert not {"one", "1"} & set(asked[0].choices)


def test_an_answer_that_is_a_bound_is_asked_typed():
    """'more than two hours' with 'more than three' among the choices: that may be true too."""
    generation = generate(
        "Verdict\n\nThe seven-person jury in Harbour City reached its verdict after more than two hours of "
        "deliberations on Thursday. The jury had heard from 14 witnesses."
    )
    bounds = [i for i in [*generation.items, *generation.dropped] if i.answer.startswith("more than")]
    assert bounds and all(not i.choices for i in bounds), bounds


def test_a_count_before_a_name_and_a_plural_noun_gets_no_one():
    """'____ Yorkshire councillors are among 20': 'One' was a wrong choice (the word after the blank is a
    place, the noun it counts comes after it)."""
    from types import SimpleNamespace

    from quizapp.generator.distractors import _plural_noun_after
    from quizapp.generator.document import Sentence

    doc = get_nlp()("Two Harbourshire councillors are among 20 to have defected to the Reform Party.")
    fact = SimpleNamespace(answer="Two", answer_span=(0, 3), sentence=Sentence(0, doc[:], 0), unit="")
    assert _plural_noun_after(["One", "Three", "Four"], fact) == ["Three", "Four"]
