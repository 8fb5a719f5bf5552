"""The whole generator on short hand-written articles (sport, science, business, courts): the questions a
learner gets, answered with the person's full name, each pointing at its source sentence in the text."""

import re

import pytest

from quizapp.generator import generate, generate_batch
from quizapp.generator.answers import normalise
from quizapp.generator.cloze import PROMPT as CLOZE_PROMPT

SPORT = """Rovers Win Cup Final

Tom Garrity met Maria Chen in Portmere on Sunday. The new stadium was chosen by the council in March 2022.
The club sold 4,500 season tickets last year.

Maria Chen scored two goals in the final. Chen joined the club from Westford in 2021. She signed a new
contract on Friday.

"We played for the fans," Garrity said after the match."""

SCIENCE = """Researchers found 36 new species of fish in the Arctic Ocean. The expedition was led by
Ingrid Solberg. Solberg presented the findings in Oslo on Oct. 27. She said the fish can survive at
depths of 3,000 metres."""

BUSINESS = """Priya Nair is the chief executive of Brightwell Foods. The company hired 300 engineers in 2023.
Brightwell Foods agreed to buy Lantern Dairy for $2.3 billion on Tuesday.
"This deal makes us stronger," Nair said."""

COURTS = """Judge Rachel Moss sentenced Daniel Okoro to seven years in prison on Thursday. Okoro is the former
treasurer of Millford. He was arrested in March 2021. The jury convicted him on 12 counts of fraud."""

ARTICLES = {"sport": SPORT, "science": SCIENCE, "business": BUSINESS, "courts": COURTS}


@pytest.fixture(scope="module")
def generations():
    return {name: generate(text) for name, text in ARTICLES.items()}


def made(generation):
    """Every question the transducer made: the items kept, and those the ranker or a check struck out
    (these tests are about how questions are built; test_rank.py tests what is kept)."""
    return [*generation.items, *generation.dropped]


def qa_of(generation, item_type=None) -> dict[str, str]:
    """question -> answer of the questions made (of one type, if given)."""
    return {i.question: i.answer for i in made(generation) if item_type in (None, i.type)}


def asked(generation, start):
    """(question, answer) of the questions made whose question starts so."""
    return [(i.question, i.answer) for i in made(generation) if i.question.startswith(start)]


def test_every_article_gives_items(generations):
    for name, generation in generations.items():
        assert generation.reason is None, name
        # four-sentence articles: a few good items, fewer where the title (here the lead) gives answers away
        assert len(generation.items) >= 3, (name, [i.question for i in generation.items])


def test_who_question_with_do_support(generations):
    assert asked(generations["sport"], "Who did Tom Garrity meet") == [
        ("Who did Tom Garrity meet in Portmere on Sunday?", "Maria Chen")
    ]
    assert ("Who did Rachel Moss sentence to seven years in prison on Thursday?", "Daniel Okoro") in asked(
        generations["courts"], "Who did"
    )


def test_who_question_on_the_subject(generations):
    assert ("Who met Maria Chen in Portmere on Sunday?", "Tom Garrity") in asked(generations["sport"], "Who")


def test_passive_when_question(generations):
    assert asked(generations["sport"], "When was the new stadium") == [
        ("When was the new stadium chosen by the council?", "March 2022")
    ]


def test_how_many_keeps_its_noun(generations):
    assert ("How many season tickets did the club sell last year?", "4,500") in asked(
        generations["sport"], "How"
    )
    assert ("How many engineers did the company hire in 2023?", "300") in asked(
        generations["business"], "How"
    )
    assert any(
        q.startswith("How many new species") and a == "36" for q, a in asked(generations["science"], "How")
    )


def test_role_question(generations):
    assert ("Who is the chief executive of Brightwell Foods?", "Priya Nair") in asked(
        generations["business"], "Who"
    )
    assert ("Who is the former treasurer of Millford?", "Daniel Okoro") in asked(generations["courts"], "Who")


def test_role_named_before_the_person():
    generation = generate("The mayor of Portmere, Maria Chen, opened the new bridge on Friday.")
    assert ("Who is the mayor of Portmere?", "Maria Chen") in asked(generation, "Who")


def test_quotation_speaker_by_full_name(generations):
    assert ("Who said, “We played for the fans”?", "Tom Garrity") in asked(generations["sport"], "Who said")
    assert ("Who said, “This deal makes us stronger”?", "Priya Nair") in asked(
        generations["business"], "Who said"
    )


def test_who_said_what_in_reported_speech():
    generation = generate(
        "Prosecutor Daniel Osei told the jury that Finch had forged 40 invoices. Gerald Finch denied the "
        "charges. The power company's spokesman, Luke Harper, warned that some areas could stay dark until "
        "Saturday. The judge did not say when the trial would end."
    )
    who = dict(asked(generation, "Who"))
    assert who["Who told the jury that Gerald Finch had forged 40 invoices?"] == "Daniel Osei"
    assert who["Who warned that some areas could stay dark until Saturday?"] == "Luke Harper"  # an appositive
    assert not [q for q in who if "trial" in q]  # a negated report says nothing was said


def test_the_words_a_question_borrows_read_right_mid_question():
    generation = generate(
        "Northwind was founded in 2011 in Leeds and reported sales of $1.2 billion last year. Security "
        "researcher Omar Haddad said the company had grown quickly. Its chief executive, Karen Liu, resigned "
        "in March. The company will email every customer by Friday."
    )
    questions = qa_of(generation)
    assert questions["In what year was Northwind founded in Leeds?"] == "2011"  # a name keeps its capital
    assert [a for q, a in questions.items() if q.startswith("How much were the sales")] == ["$1.2 billion"]
    assert questions["Who is the security researcher?"] == "Omar Haddad"  # a title that opened a sentence
    assert questions["Who resigned in March?"] == "Karen Liu"  # the subject's appositive
    assert not [q for q in questions if q.startswith("What will the company email")]  # "every customer"


def test_a_common_word_opening_the_sentence_loses_its_capital_before_a_nationality():
    generation = generate(
        "Festival Plans\n\n"
        "Special Japanese-made fireworks will launch over the river in 2026. Organiser Mei Tanaka said the "
        "show would last 20 minutes."
    )
    questions = [i.question for i in made(generation) if "fireworks" in i.question]
    assert questions and all("special Japanese-made fireworks" in q for q in questions), questions


def test_answers_read_as_written_mid_sentence():
    generation = generate(
        "Tom Garrity took charge of the club in 2019. Harbour City will receive prize money of $450,000. "
        "About 64 percent of the tagged colonies survived the heatwave. The club's chairman, Peter Lindgren, "
        "bought the club in 2015. The team's captain, Maria Chen, scored twice. The league's president, "
        "Gloria Mensah, presented the trophy. The Rovers coach, Samuel Adeyemi, praised the crowd."
    )
    answers = qa_of(generation)
    assert not [q for q in answers if q.startswith("What did Tom Garrity take")]  # "take charge": an idiom
    assert "$450,000" in answers.values()  # the sign the model left out of the entity
    assert "about 64 percent" in answers.values()  # not "About", which only opened the sentence
    assert answers["What position does Peter Lindgren hold?"] == "the club's chairman"


def test_a_title_opening_a_sentence_reads_lowercase_in_the_question_but_names_keep_capitals():
    generation = generate(
        "Transport Minister Alan Price said he would meet both sides on Thursday. Harbour City manager Tom "
        "Garrity praised the crowd on Saturday. Union leader Ruth Okonkwo called the offer unfair."
    )
    who = qa_of(generation, "who")
    assert who["Who is the transport minister?"] == "Alan Price"
    assert who["Who is the Harbour City manager?"] == "Tom Garrity"


def test_a_phrase_hung_after_an_aside_is_not_asked_as_the_verbs():
    generation = generate(
        "Brightwell will pay $48 a share in cash, a premium of 27 percent over Orchard Lane's closing price "
        "on Friday. Coach Samuel Adeyemi said his side had been tired after a semi-final that went to extra "
        "time on Oct. 3. Analyst Nina Castillo said the deal was fair."
    )
    questions = qa_of(generation)
    wh_answers = [a for q, a in questions.items() if not q.startswith(CLOZE_PROMPT)]
    assert "Friday" not in wh_answers  # asked as a blank only
    assert "Oct. 3" not in wh_answers
    assert questions["How much will Brightwell pay?"] == "$48 a share"  # a rate keeps its "a share"


def test_answers_without_words_the_question_already_says():
    generation = generate(
        "The team's robot sorted 120 coloured blocks in under four minutes. The students had spent most of "
        "their weekends since January building the robot. Paramedic Jonas Berg said handovers were faster. "
        "Teacher Amira Haddad praised the team."
    )
    answers = qa_of(generation)
    assert [a for q, a in answers.items() if q.startswith("Under how many minutes")] == ["four"]
    assert [a for q, a in answers.items() if q.startswith("Since when")] == ["January"]
    assert "Jonas Berg" in answers.values() and "Paramedic Jonas Berg" not in answers.values()


def test_lessons_of_a_second_held_out_article():
    generation = generate(
        "Museum Reopens\n\n"
        "The Marlow City Museum reopened on Saturday after a four-year renovation that cost $62 million. "
        "More than 8,000 visitors came on the first day, and some had queued since 6 a.m. Many paintings "
        "were lent by collectors in Britain and the United States. Tickets cost $12, and the city council "
        "gave $40 million. Director Julia Mendes said the museum first opened in 1898."
    )
    questions = {i.question: i for i in made(generation)}
    assert (
        "When did the Marlow City Museum reopen after a four-year renovation?" in questions
    )  # "the", not "The"
    assert not [q for q, i in questions.items() if i.answer.endswith("renovation")]  # "four-year" is no date
    assert not [q for q in questions if q.startswith(("When had some", "Where were many"))]  # vague subjects
    assert not [
        i for i in questions.values() if i.answer == "Britain" and i.type == "where"
    ]  # one of two places
    tickets = next(i for i in questions.values() if i.answer == "$12")
    assert "$40 million" not in tickets.choices  # wrong choices of the answer's size


def test_a_surname_only_mention_is_answered_with_the_full_name(generations):
    sport = dict(asked(generations["sport"], "Who"))
    assert sport["Who joined the club from Westford in 2021?"] == "Maria Chen"
    science = dict(asked(generations["science"], "Who"))
    assert science["Who presented the findings in Oslo on Oct. 27?"] == "Ingrid Solberg"


def test_a_pronoun_subject_is_resolved_to_the_name(generations):
    sport = dict(asked(generations["sport"], ""))
    assert sport["Who signed a new contract on Friday?"] == "Maria Chen"
    assert sport["When did Maria Chen sign a new contract?"] == "Friday"
    courts = dict(asked(generations["courts"], ""))
    assert courts["When was Daniel Okoro arrested?"] == "March 2021"
    for generation in generations.values():
        for item in generation.items:
            assert normalise(item.answer) not in {"he", "she", "they", "it"}
            assert not {"he", "she"} & set(item.question.lower().rstrip("?").split())


def test_each_item_points_at_its_source_sentence_and_answer(generations):
    for generation in generations.values():
        for item in generation.items:
            start, end = item.sentence_span
            assert generation.text[start:end] == item.sentence
            assert len(item.accepted) >= 1 and item.answer == item.accepted[0]
            if item.answer_span is not None:
                a, b = item.answer_span
                assert start <= a < b <= end
                shown = normalise(generation.text[a:b])
                assert shown in {normalise(v) for v in item.accepted}, (item.question, shown)


def test_the_answer_is_shown_where_the_text_has_it(generations):
    items = {i.question: i for i in made(generations["sport"])}
    text = generations["sport"].text
    surname = items["Who joined the club from Westford in 2021?"]
    assert text[slice(*surname.answer_span)] == "Chen"  # the text says "Chen"; the answer is the full name
    pronoun = items["Who signed a new contract on Friday?"]
    assert pronoun.answer_span is None  # the text says "She": there is no answer to mark
    tickets = items["How many season tickets did the club sell last year?"]
    assert text[slice(*tickets.answer_span)] == "4,500"


def test_questions_read_as_questions(generations):
    for generation in generations.values():
        for item in generation.items:
            blank = item.question.startswith("Fill in the blank: ")
            assert item.question[0].isupper() and item.question.endswith("." if blank else "?")
            assert "  " not in item.question and " ?" not in item.question and ",?" not in item.question


def test_batch_gives_the_same_items_as_one_by_one():
    raws = [SPORT, "", SCIENCE, "\x00\x01binary", BUSINESS, COURTS]
    batch = list(generate_batch(raws))
    assert len(batch) == len(raws)
    for raw, together in zip(raws, batch, strict=True):
        alone = generate(raw)
        assert [i.to_dict() for i in together.items] == [i.to_dict() for i in alone.items]
        assert (together.title, together.text, together.reason) == (alone.title, alone.text, alone.reason)


def test_batch_with_formats():
    html = (
        "<html><body><h1>Final</h1><p>Maria Chen scored two goals in the final on Saturday.</p></body></html>"
    )
    raws, formats = (
        [html, "# Final\n\nMaria Chen scored two goals in the final on **Saturday**."],
        ["html", "md"],
    )
    batch = list(generate_batch(raws, fmt=formats))
    assert [[i.to_dict() for i in g.items] for g in batch] == [
        [i.to_dict() for i in generate(raw, fmt=fmt).items] for raw, fmt in zip(raws, formats, strict=True)
    ]
    assert all(g.items for g in batch)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "empty"),
        ("   \n\n ", "empty"),
        ("\x00\x01\x02" * 200, "binary"),
        (
            "Die Regierung hat am Montag einen neuen Haushalt beschlossen, der mehr Geld für Schulen gibt.",
            "English",
        ),
        (
            "Le gouvernement a présenté lundi un nouveau budget qui prévoit plus d'argent pour les écoles.",
            "English",
        ),
        ("Правительство в понедельник утвердило новый бюджет страны на следующий год.", "English"),
        ("Results\n\nSecond half\n\nTable", "headings"),
    ],
)
def test_no_items_and_a_clear_reason(raw, words):
    generation = generate(raw)
    assert generation.items == []
    assert words in generation.reason


def test_an_article_without_facts_says_so():
    generation = generate("It was nice. We liked it a lot. That was that.")
    assert generation.items == [] and "No facts" in generation.reason


def test_a_title_is_made_when_there_is_none(generations):
    assert generations["sport"].title == "Rovers Win Cup Final"
    assert generations["science"].title == "Researchers find new species"  # its number is a question


# Bugs in the fact and question steps, found by these tests; each input is as small as it gets.


def test_a_role_word_is_not_part_of_the_name():
    generation = generate("Striker Maria Chen scored two goals in the final on Saturday.")
    assert ("Who scored two goals in the final on Saturday?", "Maria Chen") in asked(generation, "Who")


def test_a_name_opening_the_sentence_keeps_its_capital():
    generation = generate("Dairy History\n\nLantern Dairy was founded in 1912 by Samuel Hart.")
    assert generation.items
    for item in generation.items:
        assert "lantern" not in item.question, item.question


def test_an_appositive_leaves_no_stray_comma():
    generation = generate("Town News\n\nTom Garrity met Maria Chen, the mayor of Portmere, on Sunday.")
    assert generation.items
    questions = [item.question for item in made(generation) if not item.question.startswith(CLOZE_PROMPT)]
    assert "Who met Maria Chen on Sunday?" in questions  # (a blank shows the sentence, commas and all)
    for question in questions:
        assert ", on" not in question and "Chenon" not in question, question


def test_a_backtick_typed_for_an_apostrophe_reads_as_one():
    generation = generate(
        "Minister Sworn In\n\nMara Okafor was sworn in as Westford`s prime minister on Monday, pledging to "
        "protect workers` jobs, officials said."
    )
    assert generation.items
    assert not [i for i in generation.items if "`" in i.question + i.answer]
    assert any("Westford’s" in i.question for i in generation.items)


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("It’s raising prices by a penny.", "is"),
        ("She's won the title twice.", "has"),
        ("They're opening a store.", "are"),
        ("We'll open in May.", "will"),
        ("He'd have won.", "would"),
    ],
)
def test_a_contracted_auxiliary_is_written_out_in_the_question(sentence, written):
    """'It’s raising prices by one penny' was asked 'By how much ’s the firm raising prices?'."""
    from quizapp.generator.nlp import get_nlp
    from quizapp.generator.questions import written_out

    doc = get_nlp()(sentence)
    assert written_out(doc[1]) == written, [(t.text, t.lemma_) for t in doc]


def test_a_name_is_shown_as_written_after_its_quotes_were_tidied():
    """'Lee “Faker” Sang - hyeok' reached a learner: the name's written form was looked up only as its
    tokens are joined ('Lee “ Faker ” Sang - hyeok'), not as the question tidies them."""
    from quizapp.generator import _as_written

    written = {"Park “ Ace ” Min - jun": "Park “Ace” Min-jun"}
    assert _as_written("When did Park “Ace” Min - jun win?", written) == "When did Park “Ace” Min-jun win?"
    assert _as_written("Park “ Ace ” Min - jun", written) == "Park “Ace” Min-jun"


@pytest.mark.parametrize(
    ("sentence", "says"),
    [
        ("“Historic trends of how it's used,” Ann Lindqvist said.", False),
        ("“I am awed and humbled by this response,” Ann Lindqvist said.", True),
        ("“We will decide in May,” Ann Lindqvist said.", True),
    ],
)
def test_a_quoted_phrase_is_not_asked_as_something_said(sentence, says):
    """'Who said, “Historic trends of how it's used”?': a phrase quoted, which tests nothing."""
    from quizapp.generator.article import parse_article
    from quizapp.generator.document import paragraph_texts, sentences_of
    from quizapp.generator.facts.people import QUOTED, _says_something
    from quizapp.generator.nlp import get_nlp

    article = parse_article("Review\n\n" + sentence)
    sentences = sentences_of(article, get_nlp().pipe(paragraph_texts(article)))
    quote = QUOTED.search(sentences[-1].text)
    assert _says_something(sentences[-1], quote.span(1)) is says


def test_a_quotation_cut_short_does_not_end_on_a_word_that_needs_the_rest():
    """'… related to religious liberty in…', '… the support of the…': cut before the dangling word."""
    generation = generate(
        "Veto\n\nGovernor Ana Ruiz vetoed the bill on Wednesday. “This bill does not address a specific and "
        "present concern related to religious liberty in our state and it never will,” Ruiz said."
    )
    made = [*generation.items, *generation.dropped]
    quotes = [i.question for i in made if i.question.startswith("Who said")]
    assert quotes and not [q for q in quotes if re.search(r"\b(?:in|of|the|and|to|our)…", q)], quotes


def test_a_question_does_not_drop_people_from_a_listed_subject():
    """'Marie Baker, 102, Sophia Smith, 101, and Lucille Price, 100, were thrown a party on Monday' was asked
    'When were Marie Baker thrown a party?': the model hangs the others on the ages."""
    generation = generate(
        "Centenarians\n\nOn Monday afternoon, Ann Lindqvist, 102, Olga Brandt, 101, and Mae Quillon, 100, "
        "were thrown a shared party at their home in Harbour Heights."
    )
    made = [*generation.items, *generation.dropped]
    assert not [i for i in made if re.match(r"When were Ann Lindqvist thrown", i.question)], made
