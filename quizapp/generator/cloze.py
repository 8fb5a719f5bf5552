"""Step 4, last: a fill-in-the-blank item for each date and number that no wh-question reaches.

The wh-rules ask about dates and numbers that hang on a clause's verb ("When did …?", "How many …?"). A date
or number inside a noun phrase ("after a knee injury in March 2024", "the team's 16-year-old captain") has
no question that would be both grammatical and true, so it is asked as the sentence itself with the value
blanked, Anki's cloze deletion: "Fill in the blank: Maria Chen had spent … after a knee injury in ____."
Pronouns that stand for a person become the name; a sentence that leans on an unresolved one is not used.
Ranking (step 8) drops a blank whose value a wh-question of the same sentence already asks.
"""

import re

from quizapp.generator import dates
from quizapp.generator.answers import normalise
from quizapp.generator.document import Sentence
from quizapp.generator.facts import Fact
from quizapp.generator.facts.clauses import referent, thing_before
from quizapp.generator.facts.spans import entity_tokens
from quizapp.generator.facts.vocabulary import DURATION_UNITS, NUMBER_LABELS, SUBJECTS, TIME_LABELS
from quizapp.generator.mentions import HONORIFICS, People
from quizapp.generator.questions import strip_edges

BLANK = "____"
PROMPT = "Fill in the blank: "
MAX_SENTENCE_WORDS = 40  # longer, and the blank is lost in the sentence
# A pronoun standing for something the sentence does not name; as a subject it leaves the sentence
# unanswerable without the one before it ("It still needs the approval of …").
REFERRING = {"he", "she", "it", "they", "we", "this", "these", "those", "i", "you"}
SUBJECT_DEPS = SUBJECTS | {"expl"}
# Before a number, these make it refer to things already counted ("the two leaders"), not state a count.
REFERRING_BEFORE = {"the", "these", "those", "its", "their", "his", "her", "our", "both", "all", "each"}
FINITE = {
    "VBD",
    "VBZ",
    "VBP",
    "MD",
}  # a clause shown alone has a finite verb ("with X picking up …" has none)
YEAR = re.compile(r"^(1[89]|20)\d\d$")


def cloze_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    facts = []
    for sentence in sentences:
        previous = sentences[sentence.index - 1] if sentence.index > 0 else None
        for type_, tokens, unit in [*blanks(sentence), *person_blanks(sentence, people)]:
            if type_ == "when" and any(people.person(sentence, t) for t in tokens):
                continue  # "a loyal ally of May": Anna May, not the month
            blanked = {t.i for t in tokens}
            shown = (
                with_blank(sentence, people, part, blanked, previous)
                for part in _shown_parts(sentence, tokens)
            )
            question = next((q for q in shown if q is not None), None)
            if question is None:
                continue
            answer, person = _text(tokens), None
            if type_ == "who":
                person = people.person(sentence, tokens[-1])  # the first may be "Mr"
                answer = person.name
            span = sentence.char_span(tokens)
            fact = Fact(type_, "cloze", PROMPT + question, answer, sentence, span, person=person, unit=unit)
            facts.append(fact)
    return facts


def person_blanks(sentence: Sentence, people: People):
    """(type, tokens, "PERSON") for the people a sentence names in full, outside quotation marks: "____ won
    the Tony for best actress." Not one of a list ("writers ____ and Ann Webb"), where another person
    the article describes alike may be right too, and not a name that only describes ("the Rose era").
    (Blanks for places and organisations were tried and dropped: blind raters kept a third of them, their
    wrong choices too often of another kind.)"""
    quoted = sentence.quoted_ids
    for entity in sentence.span.ents:
        tokens = [t for t in entity if t.tag_ != "POS"]
        if entity.label_ != "PERSON" or not tokens or any(t.i in quoted for t in tokens):
            continue
        ids = {t.i for t in tokens}
        head = next((t for t in tokens if t.head.i not in ids), tokens[-1])
        if head.dep_ in {"compound", "amod", "nmod", "poss", "conj"} or any(
            c.dep_ == "conj" for c in head.children
        ):
            continue
        person = people.person(sentence, tokens[0])
        if person is not None and len(person.parts) >= 2:
            mention = people.mention_tokens(sentence, tokens[0])
            before = (
                mention[0].doc[mention[0].i - 1] if mention and mention[0].i > sentence.span.start else None
            )
            if (
                before is not None
                and before.lower_.rstrip(".") in HONORIFICS
                and len(mention) < len(person.parts)
            ):
                mention = [before, *mention]  # "Mr ____" cannot be answered "Kei Tanaka": blank "Mr Tanaka"
            yield "who", mention, "PERSON"


def blanks(sentence: Sentence):
    """(type, tokens to blank, unit) for each date and number of the sentence."""
    for entity in sentence.span.ents:
        if entity.label_ in NUMBER_LABELS:
            tokens = _from_the_number(entity_tokens(entity[0]))
            if tokens and tokens[-1].dep_ == "compound" and tokens[-1].head.pos_ == "NOUN":
                continue  # "a 911 call": a number that names, not one that counts
            if tokens and _counts_nothing_named(sentence, tokens):
                continue  # "Two are believed to have …": two of what, the blank cannot say
            if tokens and not _refers(tokens[0]):
                tokens = _with_score(tokens)
                yield "how_many", tokens, _counted_noun(tokens)
        elif entity.label_ in TIME_LABELS:
            yield from _time_blanks(list(entity))


def _counts_nothing_named(sentence: Sentence, tokens: list) -> bool:
    """A number standing alone as the subject, with no noun before it to count ('Three people died and 11
    were hurt' has one; 'Two are believed to …' has none) and no 'of' ('31 of the injured')."""
    number = tokens[0]
    if len(tokens) != 1 or number.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in number.children):
        return False
    return not any(t.pos_ == "NOUN" for t in sentence.tokens if t.i < number.i)


def _time_blanks(tokens: list):
    """'23 years' and '16-year-old' count time: the number is the blank. A date the generator can read
    ('March 2024', 'Tuesday, Nov. 12') is one blank; else each date inside the phrase is ('between 2016
    and 2022', 'the three months to September')."""
    for k, token in enumerate(tokens):
        if not token.like_num:
            continue
        following = tokens[k + 1 : k + 3]
        unit = next((t for t in following if t.text != "-"), None)
        if unit is not None and unit.lemma_.lower() in DURATION_UNITS and not _refers(token):
            yield "how_many", [token], unit.text.lower()
            return
    while tokens and tokens[0].lower_ in {"the", "on", "in", "early", "late", "mid"}:  # "late August"
        tokens = tokens[1:]
    if tokens and dates.parse(_text(tokens)) is not None:
        yield "when", tokens, ""
        return
    runs = _date_runs(tokens)
    for run in runs:
        yield "when", run, ""
    clocks = dates.clock_times(_text(tokens)) if tokens else []
    for begin, end in clocks:  # "from 8 a.m. to 8 p.m.": each clock time
        run = [t for t in tokens if begin <= t.idx - tokens[0].idx < end]
        if run:
            yield "when", run, ""
    if not runs and not clocks:  # "at four in the morning": the number, as a number
        number = next((t for t in tokens if t.like_num), None)
        if number is not None and not _refers(number):
            yield "how_many", [number], ""


def _date_runs(tokens: list) -> list[list]:
    """Runs of tokens inside a longer time phrase that each read as a date: a month with its day and year,
    a year, a weekday."""
    runs: list[list] = []
    k = 0
    while k < len(tokens):
        best = None
        for end in range(min(len(tokens), k + 5), k, -1):
            run = tokens[k:end]
            if run[-1].text == "," or (len(run) == 1 and run[0].like_num and not YEAR.match(run[0].text)):
                continue
            if run[0].lower_ in {"the", "a", "an"}:
                break  # "of the 2018 …": the blank is the year, its article stays in the sentence
            if dates.parse(_text(run)) is not None:
                best = run
                break
        if best:
            runs.append(best)
            k += len(best)
        else:
            k += 1
    return runs


def _shown_parts(sentence: Sentence, blanked: list):
    """What to show around the blank, best first: the sentence when it is not too long, then each clause
    around the blank that has a subject of its own, smallest first ('the win earns them a place in the
    championship, which begins on Tuesday, Nov. 12'), for when the sentence is too long or its main
    subject is a pronoun that names no one ('She said the island nation is gifting …')."""
    tokens = sentence.tokens
    if _words(tokens) <= MAX_SENTENCE_WORDS:
        yield tokens
    head = blanked[0].head
    while True:
        subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        finite = head.tag_ in FINITE or any(
            c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE for c in head.children
        )
        if (
            head.pos_ in {"VERB", "AUX"}
            and subject is not None
            and subject.tag_ not in {"WDT", "WP"}
            and finite
        ):
            doc = head.doc
            # without a second verb joined by "and" ("…, and it has advised people to …")
            joined = {
                t.i
                for c in head.children
                if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}
                for t in c.subtree
            }
            clause = [doc[i] for i in range(head.left_edge.i, head.right_edge.i + 1) if i not in joined]
            clause = strip_edges([t for t in clause if not (t.dep_ == "cc" and t.head == head)])
            if _words(clause) > MAX_SENTENCE_WORDS:
                return
            if len(clause) < len(tokens) and blanked[0] in clause:  # the sentence was offered first
                yield clause
        if head.head == head:
            return
        head = head.head


def _words(tokens: list) -> int:
    return sum(1 for t in tokens if not t.is_punct)


def with_blank(
    sentence: Sentence, people: People, shown: list, blanked: set[int], previous: Sentence | None = None
) -> str | None:
    """The `shown` tokens with the `blanked` ones as one blank and person pronouns as names (a subject "it"
    or "they" as the thing it stands for); None when an unresolved pronoun is a subject or the value is
    written in it a second time."""
    quoted = sentence.quoted_ids
    out: list[str] = []
    named = set()  # people the sentence has named so far: a later "her" stays "her"
    said_before: dict[str, str] = {}  # what "it"/"they" stood for earlier in the sentence
    done: set[int] = set()
    for token in shown:
        if token.i in done:
            continue
        person = people.person(sentence, token)
        if person is not None and token.pos_ != "PRON" and person not in named:
            named.add(person)
            mention = [t for t in people.mention_tokens(sentence, token) if t.i not in blanked]
            if token.i in quoted:
                mention = []  # a quotation's words as said: "No one wants Trump tweeting", not "Donald Trump"
            if mention and len(mention) < len(person.parts) and all(t.text in person.parts for t in mention):
                out.append(person.name + mention[-1].whitespace_)  # "Chen" first named in full
                done.update(t.i for t in mention)
                continue
        if token.i in blanked:
            if token.i == min(blanked):
                out.append(BLANK)
            if token.i == max(blanked):
                out.append(token.whitespace_)
            continue
        if token.pos_ == "PRON" and token.i not in quoted and not token.lower_.endswith(("self", "selves")):
            if person is not None and person not in named:
                named.add(person)
                name = person.name + ("’s" if token.tag_ == "PRP$" else "")
                out.append(name + token.whitespace_)
                continue
            if token.tag_ == "PRP$" and person is None and token.head.dep_ in SUBJECT_DEPS:
                if _owner_in_sight(token, shown):
                    out.append(token.text_with_ws)
                    continue
                owner = referent(sentence, people, token.head.head, token, previous)
                if owner is None:
                    return None  # "His amendment was defeated …": whose?
                out.append(owner + "’s" + token.whitespace_)  # "Its budget" -> "the authority’s budget"
                continue
            elif (
                person is None
                and token.lower_ in REFERRING
                and (token.dep_ in SUBJECT_DEPS or token.head.dep_ in SUBJECT_DEPS)
                and not _says_what_it_is(token)
            ):
                thing = (
                    referent(sentence, people, token.head, token, previous)
                    or said_before.get(token.lower_)
                    or thing_before(sentence, people, token)
                )
                if thing is None:
                    return None
                said_before[token.lower_] = thing  # "It discovered the breach …, and it shut …"
                if thing.lower() in "".join(out).lower():
                    out.append(token.text_with_ws)  # "Northwind said it would …" needs no second name
                    continue
                out.append(thing + token.whitespace_)
                continue
        out.append(token.text_with_ws)
    text = "".join(out).strip()
    answer = _text([t for t in shown if t.i in blanked])
    if f" {normalise(answer)} " in f" {normalise(text)} ":
        return None  # the same value stands elsewhere in the sentence
    if not re.search(r"[.?!][”\"’')]*$", text):
        text += "."  # a clause cut from a longer sentence
    return text[:1].upper() + text[1:]


def _owner_in_sight(possessive, shown: list) -> bool:
    """'Their teacher, Amira Haddad, …' names the one it is about; '…, and its chief executive resigned'
    has its owner earlier in the sentence. 'His amendment was defeated' has neither."""
    if any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in possessive.head.children):
        return True
    return any(t.i < possessive.i and t.pos_ in {"NOUN", "PROPN"} and t.dep_ in SUBJECT_DEPS for t in shown)


def _says_what_it_is(pronoun) -> bool:
    """'It was the first fall in waiting times since 2020': the sentence itself says what 'it' is."""
    verb = pronoun.head
    return pronoun.lower_ == "it" and verb.lemma_ == "be" and any(c.dep_ == "attr" for c in verb.children)


def _from_the_number(tokens: list) -> list:
    """'more than $1.8 million' -> '$1.8 million', 'depths of 3,000 metres' -> '3,000 metres': what comes
    before the number or its currency sign stays in the sentence. Nothing for an amount without a number."""
    for k, token in enumerate(tokens):
        if token.like_num or (token.tag_ == "$" and k + 1 < len(tokens) and tokens[k + 1].like_num):
            return tokens[k:]
    return []


def _refers(number) -> bool:
    """'the two countries', 'one of them': a number that picks out rather than counts."""
    if number.lower_ == "one":
        return True
    previous = number.doc[number.i - 1] if number.i > number.sent.start else None
    return previous is not None and previous.lower_ in REFERRING_BEFORE


def _with_score(tokens: list) -> list:
    """'3-2' is one result: blanking the 3 alone would leave '____-2'."""
    doc, last = tokens[0].doc, tokens[-1].i
    joined = last + 2 < len(doc) and not doc[last].whitespace_ and not doc[last + 1].whitespace_
    if joined and doc[last + 1].text in {"-", "–"} and doc[last + 2].like_num:
        return tokens + [doc[last + 1], doc[last + 2]]
    return tokens


def _counted_noun(tokens: list) -> str:
    """What the number counts ('14 counts of fraud' -> 'counts'), for wrong choices of the same kind; ''
    lets the wrong choices read the unit off the answer ('$', 'percent', 'kilometres per hour')."""
    head = tokens[-1].head
    if tokens[-1].dep_ == "nummod" and head.i > tokens[-1].i and head.pos_ == "NOUN":
        return head.text.lower()
    return ""


def _text(tokens: list) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()
