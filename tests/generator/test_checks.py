"""Step 8a, the self-check: rules found in blind teacher ratings of items on real articles, each on a
sentence of our own words with the same construction."""

import re

import pytest

from quizapp.generator import generate, places
from quizapp.generator.answers import hide_in_title
from quizapp.generator.cloze import PROMPT
from quizapp.generator.questions import tidy


def made(text):
    generation = generate(text)
    return generation, {d.question: d.reason for d in generation.dropped}


def kept_questions(generation):
    return [i.question for i in generation.items]


def asked_not_blank(generation):
    return [i for i in generation.items if not i.question.startswith(PROMPT)]


def test_a_date_relative_to_the_day_of_writing_is_no_answer():
    generation, dropped = made(
        "Budget Vote\n\nThe council will vote on the budget tomorrow. Mayor Ana Ruiz presented it last month."
    )
    assert not [i for i in generation.items if i.answer in {"tomorrow", "last month"}]
    assert any("relative to the day" in r or "no date" in r for r in dropped.values())


def test_an_answer_loses_no_hedge_the_article_needs():
    """'born just before midnight' asked as 'When was the foal born? midnight' teaches something false."""
    generation, _ = made("Stable News\n\nThe foal was born just before midnight at Harbour Farm on Saturday.")
    assert not [i for i in asked_not_blank(generation) if i.answer == "midnight"]


def test_a_when_answer_keeps_its_time_bound():
    """'before 6 a.m.' asked as 'When …? 6 a.m.' is false."""
    generation, _ = made("Landslide\n\nMud covered the hamlet of Valdera before 6 a.m. on Saturday.")
    assert not [i for i in asked_not_blank(generation) if i.answer == "6 a.m."]


def test_a_coordination_the_model_misparsed_is_not_asked():
    """'X won the cup and Vogt outran Y': the small model reads the second verb as X's."""
    generation, dropped = made(
        "Race Report\n\nPortmere's Samuel Okafor took his third Harbour Cup and Lena Vogt outran Anna "
        "Berg by 4 seconds in a sprint along the quay."
    )
    wrong = [i for i in asked_not_blank(generation) if i.answer == "Anna Berg" and "Okafor" in i.question]
    assert not wrong
    assert any("misparse" in r for r in dropped.values()), dropped


def test_a_blank_of_a_fragment_is_not_asked():
    generation, _ = made(
        "Foals\n\nFoals stay with the herd for a year. "
        "Until the youngest foal can graze, leaving a gap of two to three years."
    )
    assert not [q for q in kept_questions(generation) if "Until the youngest foal" in q]


def test_a_person_is_asked_as_a_blank_and_a_title_before_it_says_which():
    text = (
        "Prize Night\n\n"
        "The jury's chairman, Sir Peter Lindgren, named the winner at the town hall on Tuesday. "
        "Novelist Clara Osei said she was delighted. Critic Tom Hale said he was surprised. "
        "Publisher Anna Webb said her firm would reprint the book."
    )
    generation = generate(text)
    blanks = [i for i in generation.items if i.question.startswith(PROMPT) and i.type == "who"]
    lindgren = [i for i in blanks if i.answer == "Peter Lindgren"]
    assert lindgren, [i.question for i in generation.items]
    for item in lindgren:  # "Sir ____" is a man: no woman among the choices
        assert not {"Clara Osei", "Anna Webb"} & set(item.choices), item.choices


def test_no_blank_for_one_of_a_list():
    generation = generate(
        "Past Winners\n\nEarlier prizes went to the poets Clara Osei and Mina Lund, the jury said."
    )
    assert not [i for i in generation.items if i.question.startswith(PROMPT) and i.type == "who"]


@pytest.mark.parametrize(
    ("place", "kind"),
    [
        ("France", "country"),
        ("the U.S.", "country"),
        ("Ohio", "state"),
        ("Oslo", "city"),
        ("Riverside Stadium", None),
    ],
)
def test_places_know_their_granularity(place, kind):
    assert places.kind(place) == kind
    if kind:
        alike = places.alike(place)
        assert len(alike) >= 3 and all(places.kind(p) == kind for p in alike[:3]), alike[:3]


def test_one_country_by_two_names():
    assert places.same_country("U.S.", "United States") and not places.same_country("France", "Spain")


def test_a_possessive_goes_to_its_own_clauses_subject():
    """'… a time that Tom Hale had kept since his student days': his is Tom Hale's, not the sentence's
    subject's."""
    generation = generate(
        "Rowing Records\n\nAnna Berg broke the record on Saturday, a time that Tom Hale had kept since his "
        "student days."
    )
    made_ = [*generation.items, *generation.dropped]
    assert not [
        i for i in made_ if "Anna Berg’s student" in i.question or "Anna Berg's student" in i.question
    ]


def test_a_partial_name_before_another_name_is_not_rebuilt():
    """'Norwegian Ann Grimes' is not 'Ann Lindqvist Grimes' because the article has an Ann Lindqvist."""
    generation = generate(
        "Rowing Finals\n\nAnn Lindqvist won the single sculls on Saturday. "
        "Norwegian Ann Grimes came second in 7:12.40, with Mia Torres of Spain taking third place."
    )
    made_ = [*generation.items, *generation.dropped]
    assert not [i for i in made_ if "Lindqvist Grimes" in i.question]


def test_a_question_without_a_finite_verb_is_not_asked():
    generation = generate(
        "Rowing Finals\n\nErik Dahl won the double sculls on Sunday, "
        "with Mia Torres of Spain taking third place."
    )
    assert not [i for i in generation.items if i.question.startswith("Who taking")]
    assert not [i for i in generation.items if i.question.startswith(f"{PROMPT}____ of Spain taking")]


def test_a_blank_of_a_sentence_about_some_is_not_asked():
    generation = generate(
        "Snowslide\n\nRescuers reached the pass on Saturday. Some were trapped beneath a metre of snow."
    )
    assert not [i for i in generation.items if "Some were trapped" in i.question]


def test_a_date_after_for_is_not_when_it_happened():
    """'approved the budget for 2025 on Tuesday': 2025 is what the budget is for."""
    generation, _ = made("Council News\n\nThe council approved the budget for 2025 on Tuesday.")
    assert not [i for i in asked_not_blank(generation) if i.answer == "2025"]
    assert any(i.answer == "Tuesday" for i in generation.items)


def test_a_number_in_the_title_is_asked_under_a_title_that_hides_it():
    """'Index falls 48 points' above a blank for '48.31': the title is shown with the number blanked out."""
    generation, _ = made(
        "Harbour index falls 48 points\n\nThe Harbour index fell 48.31 points on Monday, its worst day "
        "since March, and closed at 1,204.5 after a bank in Portmere warned on profits."
    )
    asked = [i for i in generation.items if i.answer == "48.31"]
    assert asked
    assert hide_in_title(generation.title, asked[0].answer) == "Harbour index falls ____ points"


def test_a_total_the_question_adds_up_is_not_asked():
    """'____ members, including 300 adults and 180 juniors': the blank is the sum of what it shows."""
    generation, dropped = made(
        "Club News\n\nThe Harbour Rowing Club had 480 members, including 300 adults and 180 juniors, at the "
        "end of the season. It opened a second boathouse in Westford on Oct. 3."
    )
    assert not [i for i in generation.items if i.answer == "480" and "300 adults" in i.question]
    assert any("work the answer out" in r for r in dropped.values()), dropped


def test_the_rest_of_a_hundred_percent_is_not_asked():
    generation, _ = made(
        "Merger\n\nAfter the merger, Brightwell shareholders will own about 64% of the new company and "
        "Lantern shareholders will own the remaining 36%, the firms said on Tuesday."
    )
    assert not [
        i for i in generation.items if i.type == "how_many" and i.answer in {"64%", "about 64%", "36%"}
    ]


def test_a_question_pointing_back_into_the_article_is_not_asked():
    """'After that second foul …', 'the same thing': only the sentence before says what they are."""
    generation, dropped = made(
        "Cup Semi-final\n\nThe referee showed Tom Reyes a yellow card in the 20th minute. After that second "
        "foul, Reyes left the pitch in the 31st minute. The same mistake cost Westford the final in 2019."
    )
    assert not [q for q in kept_questions(generation) if "that second foul" in q or "same mistake" in q]
    assert any("points back" in r for r in dropped.values()), dropped


def test_a_blank_that_only_says_who_spoke_is_not_asked():
    generation, dropped = made(
        "Flood Warning\n\nThe river rose above its banks in Portmere on Tuesday night. Nobody was hurt.\n\n"
        "Fire chief Ana Ruiz told reporters. Early Wednesday, Ruiz said."
    )
    assert not [q for q in kept_questions(generation) if "told reporters" in q or q.endswith("Ruiz said.")]


def test_a_when_question_that_keeps_the_time_of_day_is_not_asked():
    """'When did it strike at 5:40 a.m.?' asks 'when' and gives the time: it asks for the day."""
    generation, _ = made(
        "Landslide\n\nThe landslide struck the village of Valdera at 5:40 a.m. Saturday, burying 12 houses."
    )
    wrong = [i for i in asked_not_blank(generation) if i.type == "when" and "a.m" in i.question]
    assert not wrong, wrong


def test_a_shop_named_with_dictionary_words_is_no_person():
    """The model tags 'Silver Kettle' (a café) as a person: nothing in the article shows one."""
    generation, dropped = made(
        "Lottery Ticket\n\nSilver Kettle, a café on Harbour Road in Portmere, sold the winning ticket on "
        "Friday, lottery director Ana Okonkwo said. Okonkwo said the winner had not yet come forward."
    )
    people = {i.answer for i in generation.items if i.type == "who"} | {
        c for i in generation.items if i.type == "who" for c in i.choices
    }
    assert "Silver Kettle" not in people


def test_a_number_in_brackets_after_a_name_is_no_age():
    """'Lee (49) and Ruiz (77) rebuilt the innings': runs, not years."""
    generation, _ = made(
        "Cup Match\n\nWestford lost three early wickets, but Sam Lee (49) and Ana Ruiz (77) rebuilt the "
        "innings with a partnership of 108 at Portmere on Saturday."
    )
    assert not [i for i in generation.items if i.question.startswith("How old")]


def test_a_street_the_model_took_for_a_person_gets_no_he():
    """'got off at Monroe and Jefferson': 'Jefferson' tagged as a person must not become the robber's 'he'."""
    generation, _ = made(
        "Bank Robbery\n\nA man robbed the Harbour Bank at Elm and Jefferson in Portmere on Thursday morning. "
        "Police said the robber escaped on a city bus. Before he got off at Monroe and Jefferson, he tried "
        "to give the driver $20."
    )
    assert not [i for i in generation.items if "Jefferson" in i.question.removeprefix(PROMPT)[:40]]


def test_a_number_inside_a_name_is_not_a_count():
    """'Tiger Mart 75', 'a Number 10 spokesman': the number names a shop or a house, it counts nothing."""
    generation, _ = made(
        "Lottery Win\n\nThe winning ticket was sold at Corner Shop 42 on Mill Road in Westford on Friday. A "
        "Number 10 spokesman said the prime minister would not comment."
    )
    assert not [i for i in generation.items if i.type == "how_many" and i.answer in {"42", "10"}]


def test_a_district_the_model_took_for_a_person_is_not_rebuilt_into_another_name():
    """'Kerry South West', with 'Dublin North West' taken for a person, became 'Kerry South Dublin North
    West'."""
    generation, _ = made(
        "Referendum\n\nThe amendment passed with 57 per cent of the vote on Saturday. Turnout was lowest in "
        "Kerry South West, where 31 per cent voted. Three constituencies – Carrow North East, Kerry South "
        "West and Dublin North West – voted No. Prime Minister Ana Ruiz said the Government would act on the "
        "result."
    )
    assert not [i for i in generation.items if "South Dublin" in i.question]
    assert not [i for i in generation.items if i.type == "who" and "North West" in i.answer]


def test_a_number_worked_out_by_multiplying_or_dividing_is_not_asked():
    """'grossed ____ from 2,500 cinemas, or $5,000 a cinema': the other two numbers give it."""
    generation, _ = made(
        "Box Office\n\nThe film grossed $12.5 million from 2,500 theaters, or $5,000 per theater, over its "
        "first weekend."
    )
    shown = {"$12.5 million": ("2,500", "$5,000"), "2,500": ("$12.5 million", "$5,000")}
    for item in generation.items:
        others = shown.get(item.answer, ())
        assert not (others and all(o in item.question for o in others)), item.question


def test_a_title_word_before_a_name_is_not_part_of_it_and_a_score_is_no_date():
    generation, _ = made(
        "Harbour Rovers 110, Millbrook 89\n\nThe Harbour Rovers beat Millbrook 110-89 on Tuesday night. "
        "Rookie Jonas Okafor added 22 points and Lena Vogt had 16, coach Tom Garrity said."
    )
    assert not [i for i in generation.items if "Rookie" in i.answer or any("Rookie" in c for c in i.choices)]
    assert not [i for i in generation.items if i.type == "when" and i.answer == "110-89"]  # a score


def test_a_year_centuries_ahead_is_the_articles_typo_and_not_asked():
    generation, _ = made(
        "Population\n\nWestford lost 2.1% of its residents between 2010 and July 1, 2109, falling to 70,400, "
        "the Census Bureau said on Thursday."
    )
    assert not [i for i in generation.items if "2109" in i.question]


def test_he_between_two_men_of_the_sentence_before_is_left_unresolved():
    """'Joseph thanked his father Aidan. He could now aim the colt at …': either could be 'he', and a
    wrong guess teaches a falsehood; the model's subject is no safe guide."""
    generation, _ = made(
        "Derby Win\n\nJoseph Brennan rode Silver Arrow to victory in the Derby at Epsom on Saturday. "
        "Joseph Brennan thanked his father, the trainer Aidan Brennan, after the race. "
        "He could now aim the colt at the St Leger at Doncaster in September."
    )
    assert not [i for i in generation.items if "Brennan could now aim" in i.question]
    assert not [i for i in generation.items if i.type == "who" and i.answer == "Silver Arrow"]  # a horse


def test_a_weekday_inside_a_name_is_no_date():
    """'Sheffield Wednesday beat Leeds': the model reads a club's name as a day."""
    generation, _ = made(
        "Cup Tie\n\nSheffield Wednesday beat Leeds 2-1 at Hillsborough on Saturday, manager Tom Reyes said. "
        "About 30,000 fans watched the match."
    )
    assert not [i for i in generation.items if i.type == "when" and i.answer == "Wednesday"]


def test_a_margin_in_the_title_and_a_number_in_the_question_give_the_other_away():
    """'won by six votes' above 'beat the 12,639 of her rival with ____'."""
    generation, _ = made(
        "Ruiz wins Westford seat by six votes\n\nAna Ruiz won the Westford by-election on Thursday with "
        "12,645 votes to the 12,639 of Tom Reyes, after two recounts."
    )
    assert not [i for i in generation.items if i.answer == "12,645" and "12,639" in i.question]


def test_a_first_name_like_a_country_is_no_demonym():
    """'George W. Bush' is no Georgian called 'W. Bush'."""
    generation, _ = made(
        "Memoir Deal\n\nThe record for a memoir was $15 million, paid in 2004. George W. Bush received $10 "
        "million for his memoir in 2010, the publisher said."
    )
    shown = [i.answer for i in generation.items] + [c for i in generation.items for c in i.choices]
    shown += [i.question for i in generation.items]
    assert not [s for s in shown if "W. Bush" in s and "George W. Bush" not in s], shown


def test_a_verb_left_without_its_complement_is_not_asked():
    """'He returned in March to lead the club' asked as 'When did he return?' says nothing of what he
    returned to; 'the line faults on Friday led to a blackout' as 'When did the line faults lead?' neither."""
    generation, _ = made(
        "River Club\n\nCoach Lena Park returned in March to lead the rowing club after two years away. "
        "Engineers said the cable faults near Westford on Friday led to a blackout across three towns."
    )
    bare = [i.question for i in asked_not_blank(generation) if re.search(r"\b(return|lead)\?$", i.question)]
    assert not bare, bare


def test_the_day_a_paper_reported_the_story_is_not_asked():
    generation, _ = made(
        "School Plans\n\nUnder plans drawn up by the education minister, the 40 new schools would be built "
        "across the north of the country, the Westford Gazette reported on Sunday."
    )
    assert not [i for i in generation.items if i.answer == "Sunday"]


def test_a_number_naming_one_thing_is_not_a_count():
    """'a 999 call' is one call; '4410 Harbour Road' is a house number."""
    generation, _ = made(
        "Fire in Westford\n\nFirefighters answered a 999 call about a fire at 4410 Harbour Road on Friday. "
        "Two people were treated for smoke, the fire service said."
    )
    assert not [i for i in generation.items if i.answer in {"999", "4410"}]


def test_a_percent_sign_ending_a_question_phrase_stays():
    """'When will fares rise by an average of 3.1%?' lost its '%' when the date after it was taken out."""
    from quizapp.generator.nlp import get_nlp
    from quizapp.generator.questions import strip_edges

    tokens = [t for t in get_nlp()("Fares will rise by an average of 3.1% on May 2.") if t.i < 9]
    assert "".join(t.text_with_ws for t in strip_edges(tokens)).strip().endswith("3.1%")


def test_a_sum_that_is_its_own_noun_is_not_asked_as_a_thing():
    """'640 million dollars of funding was set aside': no 'How much was the of funding …?'."""
    generation, _ = made(
        "School Funding\n\nThe ministry said 640 million dollars of funding was set aside to build new "
        "schools in the north, and 90 teachers would be hired by May."
    )
    assert not [i for i in generation.items if " the of " in i.question]


def test_a_clock_time_in_four_digits_is_no_year():
    generation, _ = made(
        "Currency Falls\n\nAt 0830 GMT, the krona fell by 12 per cent to 186 per dollar on the interbank "
        "market, traders said on Tuesday."
    )
    assert not [i for i in generation.items if i.answer == "0830"]


def test_an_ellipsis_in_a_quotation_stays_three_dots():
    generation, _ = made(
        'Coin Falls\n\n"The bank will protect the coin from sharp moves ... away from the new level of 185 '
        'to the dollar," central bank governor Anna Berg told reporters on Tuesday.'
    )
    assert generation.items and all(" .. " not in i.question for i in generation.items)


def test_a_question_does_not_end_on_a_word_whose_clause_was_cut():
    """'… to $36.54 per share then?' and '… abducted at gunpoint while?' kept a word of a clause left out."""
    generation, _ = made(
        "Shares Rise\n\nCompany shares closed up more than 5 percent in Tuesday trading to $36.54 per share, "
        "then jumped another 2 percent in after-hours trading."
    )
    asked = [i.question for i in asked_not_blank(generation)]
    assert not [q for q in asked if re.search(r"\b(then|while)\?$", q) or q.startswith("To how much")], asked
    assert not [i for i in generation.items if i.answer == "Tuesday trading"]


def test_a_blank_after_mr_takes_mr_in_or_answers_only_what_it_hides():
    """'… where Mr ____ works as a lawyer', answered 'Kei Tanaka', shows a title the answer repeats."""
    generation, _ = made(
        "Royal Wedding\n\nPrincess Amara married Kei Tanaka, a lawyer, in Tokyo on Tuesday. The couple is "
        "expected to move to Canada, where Mr Tanaka works for a law firm."
    )
    blanks = [i for i in generation.items if i.type == "who" and i.question.startswith(PROMPT)]
    assert blanks and not [i for i in blanks if "Mr ____" in i.question], [i.question for i in blanks]


def test_an_age_in_a_past_sentence_is_asked_in_the_past():
    generation, _ = made(
        "Court Verdict\n\nThe jury found Ray Stone guilty of kidnapping on April 5. Jon Duckett, 24, was "
        "found at the bottom of a cliff near the beach in March 2008."
    )
    ages = [i.question for i in generation.items if i.question.startswith("How old")]
    assert ages and all(q.startswith("How old was") for q in ages), ages


def test_a_count_the_whole_and_the_other_part_work_out_is_not_asked():
    """'won 30 out of the 47 seats and the other party secured ____ seats' is 47 minus 30."""
    generation, _ = made(
        "Election Result\n\nAccording to the latest figures, the Unity Party won 30 out of the 47 National "
        "Assembly seats and the Green Party secured 17 seats in the vote on Sunday."
    )
    assert not [i for i in generation.items if i.answer == "17"]


def test_a_number_standing_for_nothing_named_is_not_blanked():
    """'____ are believed to have helped' leaves the learner to guess what is counted."""
    generation, _ = made(
        "Sanctions\n\nAround 300 companies in Europe are affected by the new sanctions, the ministry said on "
        "Wednesday. Two are believed to have helped buy parts for drones."
    )
    assert not [i for i in generation.items if i.answer.lower() == "two" and i.question.startswith(PROMPT)]


def test_the_date_of_a_starting_value_is_not_when_it_changed():
    generation, _ = made(
        "Currency Falls\n\nShortly after the announcement on Tuesday, the official rate of the krona fell to "
        "163.90 to the dollar from 155.56 on Monday, traders said."
    )
    assert not [i for i in generation.items if i.answer == "Monday"]


def test_a_small_number_blanked_in_a_list_of_them_is_not_asked():
    generation, _ = made(
        "Volleyball\n\nThe Harbour Rovers won sets one and three while the Millbrook side took sets two and "
        "four, before Millbrook won the fifth on Saturday."
    )
    assert not [i for i in generation.items if i.answer in {"one", "two", "three", "four"}]


def test_a_band_named_with_a_number_and_a_question_cut_at_a_possessive_are_not_asked():
    generation, _ = made(
        "Telethon\n\nCeline Dion, 3 Doors Down and Kid Rock performed at the telethon in Las Vegas on "
        "Sunday. More than 30 world leaders attended the funeral in Caracas on Friday, including Cuban "
        "President Raul Castro and Belarus’ Alexander Lukashenko."
    )
    assert not [i for i in generation.items if i.answer == "3"]
    assert not [i for i in generation.items if re.search(r"[’']\?$", i.question)]


def test_a_word_the_model_hung_on_the_date_is_not_lost_from_the_question():
    """'the hurricane made landfall Monday' parsed 'landfall' into the date: not 'When did the hurricane
    make in Louisiana?'"""
    generation, _ = made(
        "Telethon\n\nFamilies were forced to leave their homes as the hurricane made landfall Monday in "
        "Louisiana, the organisers said."
    )
    assert not [
        i for i in asked_not_blank(generation) if i.question.startswith("When did the hurricane make")
    ]


def test_a_zero_in_the_title_breaks_nothing():
    """'(report 0)' in a headline made the worked-out check divide by zero: a traceback for the learner."""
    generation, _ = made(
        "Library plan moves ahead (report 0)\n\nJames Novak reopened the central library on October 7, 2022. "
        "The library holds 18,374 books. The work was led by Daniel Rahman with a team of 300 people."
    )
    assert generation.items


def test_a_count_the_sentence_shows_another_way_is_not_asked():
    """'____ all after 24 matches' is half of 24; '____ groups: terrier, toy, …' counts its own list; an age
    is no date."""
    generation, _ = made(
        "Dog Show\n\nThe head to head count now stands at 12 all after 24 matches, officials said on Monday. "
        "Dogs are divided into seven groups: terrier, toy, herding, hound, working, sporting and "
        "non-sporting. The previous holder of the title died in June at the age of 116."
    )
    assert not [i for i in generation.items if i.answer in {"12", "24", "seven"}]
    assert not [i for i in generation.items if i.type == "when" and "age" in i.answer]


def test_since_a_year_asks_since_what_year():
    generation, _ = made(
        "Hurricane\n\nHurricane Mara made landfall near Westport on Wednesday. Mara is the eighth major "
        "hurricane to make landfall along the Gulf Coast since 2017, forecasters said."
    )
    asked = [i.question for i in generation.items if i.answer == "2017"]
    assert not [q for q in asked if q.startswith("Since when")], asked


def test_a_list_of_years_is_no_answer():
    """'2010 2011', cut from 'in 2010, 2011 and 2014', answered 'When did he win?' with two of three years."""
    generation, _ = made(
        "Cycling Classic\n\nHot favourite and defending champion Tom Reyes, who won the Valley Classic in "
        "2015, 2016 and 2019, attacked as expected on the final climb, a 1.2km ramp at 5.8 percent."
    )
    assert not [i for i in generation.items if re.fullmatch(r"\d{4}\s+\d{4}", i.answer)]


@pytest.mark.parametrize(
    "text, answer",
    [
        (
            "Harbour Rock Passes Earth\n\nAsteroid 2031 QX7 passed within 40,000 kilometres of Earth on "
            "Thursday. Astronomers said 2031 QX7 measures about 12 metres across.",
            "2031",
        ),
        (
            "Airline Orders Jets\n\nThe airline ordered 40 jets on Monday. The new 848 XR 10 planes "
            "are due from 2029, the airline said.",
            "848",
        ),
        (
            "Council Falls\n\nSeventy-eight of the council's 150 members voted against the mayor on Tuesday, "
            "ending her term.",
            "Seventy",
        ),
    ],
)
def test_a_number_inside_a_code_or_a_hyphenated_number_is_not_asked(text, answer):
    generation, _ = made(text)
    assert not [i for i in generation.items if i.answer == answer], generation.items


def test_a_blank_in_a_sentence_about_that_is_not_asked():
    """'That was ____ years ago.': what 'that' is, only the sentence before says."""
    generation, dropped = made(
        "Ring Found\n\nMara Okafor lost her wedding ring in a salon in Westford. That was 40 years ago. "
        "A plumber found it on Monday, Okafor said."
    )
    assert not [i for i in generation.items if i.answer == "40"]
    assert any("about 'that'" in r for r in dropped.values()), dropped


@pytest.mark.parametrize(
    "text, answer",
    [
        (
            "Building Falls\n\nThe collapsed building in Westford held one- or two-unit apartments, the fire "
            "chief said on Monday. Crews searched it for 12 hours.",
            "two",
        ),
        (
            "Monolith Gone\n\nThe pillar in Westford recalled 2001: A Space Odyssey, the sheriff said "
            "on Monday. It stood 12 feet tall.",
            "2001",
        ),
    ],
)
def test_a_number_the_sentence_gives_away_or_names_a_title_is_not_asked(text, answer):
    generation, _ = made(text)
    assert not [i for i in generation.items if i.answer == answer], generation.items


def test_a_year_after_the_is_blanked_without_its_article():
    generation, _ = made(
        "Judo Gold\n\nHistory was made on the final day of the 2018 World Judo Championships in Baku as a "
        "unified Korean team took part for the first time."
    )
    year = [i for i in generation.items if i.answer.endswith("2018")]
    assert year and year[0].answer == "2018" and "of the ____ World" in year[0].question


def test_a_blank_that_the_lists_other_parts_leave_of_its_whole_is_not_asked():
    """'six locations: ____ on A, one on B and three on C': six less one less three."""
    generation, dropped = made(
        "Boxes Placed\n\nThe district said boxes are placed in six locations: two on Marlow Key, one on "
        "Ramsey Key, and three on Vance Key. The release starts on Monday."
    )
    assert not [i for i in generation.items if i.answer in {"two", "three"} and "locations" in i.question]
    assert any("other parts leave" in r for r in dropped.values()), dropped


def test_a_past_date_on_a_present_perfect_verb_is_not_asked_as_its_date():
    """'has won … since X in 1974': English has no present perfect at a past point, so the year is X's,
    and 'In what year has Norland won the title?' would teach a false date; the blank shows the sentence."""
    generation, dropped = made(
        "Song Contest\n\nNorland has won the contest four times since Moonlight by the Harbour Band in 1971."
    )
    assert not [i for i in asked_not_blank(generation) if i.answer == "1971"]
    assert any("present perfect" in r for r in dropped.values())


def test_a_question_left_with_be_alone_is_not_asked():
    """'was on Friday decked with flags' read as 'was … on Friday': 'When was the station?' asks nothing."""
    generation, _ = made(
        "Fans Arrive\n\nTo help arriving fans get into the festival spirit, Harbourton's main bus station "
        "was on Friday decked with lanterns and a small stage."
    )
    assert not [q for q in kept_questions(generation) if re.fullmatch(r"When was [^?]+ station\?", q)]


def test_a_number_split_by_a_stray_space_is_not_blanked_in_half():
    """'$4, 215.50' (a typo for $4,215.50): a blank of '$4' teaches a wrong sum."""
    generation, dropped = made("Late Fees\n\nFor a book that late, the charge would be a hefty $4, 215.50.")
    assert not [i for i in generation.items if i.answer == "$4"]
    assert any("stray space" in r for r in dropped.values())


def test_a_date_does_not_run_on_into_a_duration_after_a_comma():
    """'opened March 28, 1859, just days after …': the date is March 28, 1859, without 'just days'."""
    generation, _ = made(
        "Town History\n\nThe first market, which opened March 28, 1859, just days after the town's founding, "
        "sold grain and wool."
    )
    answers = [i.answer for i in generation.items if i.type == "when"]
    assert answers and all("days" not in a for a in answers)


@pytest.mark.parametrize(
    "sentence",
    [
        "The appeals court decided, 5 to 4, to let the county go ahead with the sale.",
        "The council voted 7 to 2 on Monday to close the Harbour Road depot.",
    ],
)
def test_one_side_of_a_tally_is_not_blanked(sentence):
    """'____ to 4' of a court of nine: the wrong choices 6, 7 and 8 give the 5 away."""
    generation, _ = made("Court Ruling\n\n" + sentence)
    assert not [i for i in generation.items if re.search(r"____ to \d|\d to ____", i.question)]


def test_a_change_from_one_value_to_another_may_still_be_blanked():
    generation, _ = made("Fare Rise\n\nThe fare for one ride rose from 2 dollars to 3 dollars on Monday.")
    assert [i for i in generation.items if "from 2 dollars to ____" in i.question]


def test_an_age_after_age_gets_ages_a_few_years_apart():
    """'Peter Marlow, age 90': 110 and 140 beside it are no ages a learner would weigh."""
    generation, _ = made(
        "Town History\n\nThe town became famous when Peter Marlow, age 90, cast the first vote at the first "
        "Town Meeting in Harbourton."
    )
    [item] = [i for i in generation.items if i.answer == "90"]
    assert item.choices and all(abs(int(c) - 90) <= 15 and int(c) <= 105 for c in item.choices)


def test_a_name_read_into_the_first_clauses_object_asks_nothing_of_the_second_clause():
    """'Wen made her third attempt and Lee, who …, had to lift 125kg': the parse gives Wen the 125kg."""
    generation, _ = made(
        "Lifting Final\n\nWen made her third attempt and Lee, who holds the world record for total "
        "lift of 233kg, had to lift 125kg to win on body weight after both totalled 221."
    )
    asked = [i for i in asked_not_blank(generation) if i.answer.startswith("125")]
    assert not [i for i in asked if "wen" in i.question.lower()]


def test_a_number_glued_to_its_unit_is_a_word_of_the_source_sentence():
    """'62kg' is two tokens to the model ('62', 'kg'): the question that keeps it was dropped as words from
    nowhere, and with it every blank of a weightlifting or judo report."""
    generation, dropped = made(
        "Lifting Final\n\nTaiwan’s Mei Lee set a world record on Sunday to win the 62kg weightlifting title."
    )
    assert [i for i in generation.items if "62kg weightlifting title" in i.question]
    assert not any("'62kg'" in r for r in dropped.values())


def test_brackets_left_empty_by_what_the_question_leaves_out_are_removed():
    assert (
        tidy("When did the Senate confirm the heads of Energy (), Education ( ) and Labor ?")
        == "When did the Senate confirm the heads of Energy, Education and Labor?"
    )


def test_a_modal_perfect_may_take_a_date():
    """'may have leaked … on Tuesday' is good English; only a present perfect refuses a past date."""
    generation, _ = made(
        "Pipeline Spill\n\nUp to 90,000 gallons (340,000 liters) may have leaked from the Harbour pipeline "
        "on Tuesday, officials said."
    )
    assert [i for i in generation.items if i.question.startswith("How many gallons may have leaked")]


def test_a_sum_asks_what_kind_of_money_it_is():
    """'awarded her $5 million in compensatory damages' (of $80 million in all): 'How much did jurors award
    her?' has two answers; the question says which money it asks for."""
    generation, _ = made(
        "Court Award\n\nJurors also awarded Ann Lee about $5 million in compensatory damages for past pain."
    )
    [item] = [i for i in generation.items if i.answer == "about $5 million"]
    assert item.question.startswith("How much in compensatory damages did jurors award Ann Lee")


def test_a_name_in_close_apposition_stays_in_the_question():
    """'Pesticide giant Marlowe must pay …': without its name the question asks 'How much must
    Pesticide giant pay?'."""
    generation, _ = made(
        "Jury Verdict\n\nPesticide giant Marlowe failed to warn a farmer that its weed killer causes "
        "cancer, and must pay over $80 million in damages, a jury found Wednesday."
    )
    money = [i for i in asked_not_blank(generation) if i.answer == "over $80 million"]
    assert money and all("giant Marlowe" in i.question for i in money)


@pytest.mark.parametrize("blank", ["1.5 meters", "5 feet"])
def test_a_value_given_in_another_unit_after_or_is_not_blanked(blank):
    generation, _ = made(
        "Ice Shelf\n\nThe shelf holds enough ice to raise sea levels by 1.5 meters, or 5 feet, experts said."
    )
    assert not [i for i in generation.items if i.answer == blank]


def test_a_rise_and_its_share_after_or_may_both_be_asked():
    """'$30, or 4 percent' is no conversion: the share cannot be worked out from the sum alone."""
    generation, _ = made("Fare Rise\n\nThe monthly pass rose by $30, or 4 percent, on Monday, the city said.")
    assert [i for i in generation.items if i.answer in {"$30", "4 percent"}]


def test_a_house_number_is_no_count():
    generation, _ = made("New Branch\n\nLocated at 903 W. Beech St., the branch will have four computers.")
    assert not [i for i in generation.items if i.answer == "903"]


def test_games_years_are_four_years_apart():
    generation, _ = made(
        "Comeback\n\nAna Ruiz returned to competition in August in a bid to race at the 2024 Paris Olympics."
    )
    [item] = [i for i in generation.items if i.answer == "2024"]
    assert item.choices and all((int(c) - 2024) % 4 == 0 for c in item.choices)


def test_a_boys_age_gets_a_childs_ages_and_a_spelled_age_gets_words():
    generation, _ = made(
        "Bottle Found\n\nNow a 13-year-old Russian boy has found the bottle near Harbourton."
    )
    [item] = [i for i in generation.items if i.answer == "13"]
    assert item.choices and all(int(c) < 18 for c in item.choices)
    generation, _ = made(
        "Bottle Found\n\nThirteen-year-old Ivan Marlow saw a bottle in the sand near Harbourton."
    )
    [item] = [i for i in generation.items if i.answer == "Thirteen"]
    assert item.choices and all(c[:1].isupper() and not any(ch.isdigit() for ch in c) for c in item.choices)


def test_a_score_to_three_decimals_gets_choices_a_few_percent_apart():
    generation, _ = made("Beam Final\n\nLi Ana, 17, scored 14.700 to take silver on the beam on Saturday.")
    [item] = [i for i in generation.items if i.answer == "14.700"]
    assert item.choices and all(abs(float(c) / 14.7 - 1) <= 0.06 for c in item.choices)


def test_a_question_dated_by_the_sentence_before_is_not_asked():
    """'At the time, though, it cut the cost … by more than £2': which time, only the sentence before says."""
    generation, dropped = made(
        "Stamp Prices\n\nThe Post Office raised the price of a stamp in 2012. At the time, though, the Post "
        "Office cut the cost of sending a parcel by more than £1."
    )
    assert not [i for i in generation.items if "At the time" in i.question]


@pytest.mark.parametrize(
    "sentence",
    [
        "Vera Holm delivered the biggest margin of victory since all-conquering Ann Lee in 2009 to claim her "
        "first world title in Harbourton.",
        "The Marlow sweep was only the second time in history, after Brightwell in Portugal in 1990, that a "
        "team filled the top five places.",
    ],
)
def test_the_year_of_a_named_earlier_feat_is_not_asked_as_the_questions(sentence):
    """'since Ann Lee in 2009': 2009 is Lee's year; 'In what year did Vera Holm deliver …?' teaches a
    false one. The blank, which shows the whole sentence, stays."""
    generation, _ = made("Title Race\n\n" + sentence)
    assert not [
        i for i in asked_not_blank(generation) if i.type == "when" and re.fullmatch(r"\d{4}", i.answer)
    ]


def test_a_sum_after_in_is_not_asked_in_how_much():
    """'raking in more than $2.1 million in 2019': 'In how much did the show rake in 2019?' is no English."""
    generation, _ = made(
        "Box Office\n\nThe show broke the record for the largest gross in a single day, raking in more than "
        "$2.1 million in 2019."
    )
    assert not [i for i in generation.items if i.question.startswith("In how much")]


def test_a_count_in_a_later_paragraph_is_not_taken_for_part_of_a_name():
    """The model's entities count characters from their own paragraph, answers from the article's start:
    compared as they were, 'Three' of a second paragraph fell inside 'the Harlow Street Depot' of the same
    paragraph and was dropped as part of a name."""
    generation = generate(
        "Warehouse Blaze\n\nCrews fought a fire at a depot on the edge of Marsten for most of Monday night."
        "\n\nThree firefighters were hurt when the blaze swept through the Harlow Street Depot of the "
        "Marsten Logistics Company."
    )
    assert "Three" in [i.answer for i in generation.items]
    assert not [d for d in generation.dropped if "part of a name" in d.reason]


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Marsh, 46, secured victory by winning 55 of the 86 votes.", True),
        ("Styrene, a liquid used in plastics, leaked from a tank.", True),
        ("Styrene, a flammable liquid used to make plastics.", False),
        ("Ann Lee, the new coach.", False),
    ],
)
def test_a_verb_after_the_subjects_apposition_makes_a_whole_sentence(sentence, verb):
    """The small model reads 'Shorten, 46, secured victory …' as a name with 'secured' an adjective: every
    blank of a party leader's winning sentence was dropped as a fragment."""
    from quizapp.generator.checks import _verb_after_apposition
    from quizapp.generator.nlp import get_nlp

    assert _verb_after_apposition(get_nlp()(sentence)[:]) is verb


def test_a_small_decimal_the_question_works_out_is_not_asked():
    """'(28.3%) … up by ____ percentage points on last year, when 27.8%': the answer is their difference."""
    generation = generate(
        "Exam Results\n\nMore than a quarter (28.3%) of Harbourshire entries were awarded an A grade, up by "
        "0.5 percentage points on last year, when 27.8% achieved the top grade."
    )
    assert "0.5" not in [i.answer for i in generation.items]


@pytest.mark.parametrize(
    "sentence",
    [
        "Two days earlier Ann Lindqvist had triumphed in the women's 10m air rifle in Lima.",
        "In the men’s 73kg, Olaf Brenner of Harbourland won gold with his final lift on Sunday.",
    ],
)
def test_a_number_naming_an_event_or_a_class_is_not_asked(sentence):
    """'the women's ____m air rifle' got 9, 11 and 12 as choices: events that do not exist."""
    generation = generate(f"World Cup\n\n{sentence}")
    assert not [i for i in generation.items if i.answer in {"10", "73kg"}]
