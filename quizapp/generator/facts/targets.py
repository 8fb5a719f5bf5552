"""The parts of a clause worth asking about: objects, dates, places, numbers and sums, each as a Target."""

import re
from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Token

from quizapp.generator import dates
from quizapp.generator.document import Sentence
from quizapp.generator.facts.spans import entity_tokens, is_time, plain, text_of, until_comma
from quizapp.generator.facts.vocabulary import (
    BOUNDED_WHEN,
    CHANGE_VERBS,
    DURATION_PREPOSITIONS,
    DURATION_UNITS,
    LIGHT_VERBS,
    PLACE_LABELS,
    QUANTIFIERS,
    SUBJECTS,
    TIME_LABELS,
    WHEN_PREPOSITIONS,
    WHERE_PREPOSITIONS,
)
from quizapp.generator.mentions import People
from quizapp.generator.questions import (
    Clause,
    follows_aside,
    phrase_tokens,
    tidy,
)


class Target(NamedTuple):
    """A part of a clause worth asking about, and how to ask it."""

    token: Token  # the clause's part asked about: its subtree leaves the question
    type: str  # who / what / when / where / how_many
    kind: str  # what found it (a KIND_SCORE key)
    wh: str  # "When", "How many residents", "By how much"
    answer: list[Token]  # the answer's tokens
    replaces_subject: bool = False  # the wh-phrase takes the subject's place ("How many residents fled?")


def targets(sentence: Sentence, people: People, clause: Clause) -> Iterator[Target]:
    """Each part of the clause worth asking about."""
    passive = any(c.dep_ == "auxpass" for c in clause.verb.children) or clause.passive_aux
    for head in _verb_chain(clause.verb):
        side_clause = head.dep_ == "advcl"  # "… to celebrate X": ask its when/where/how many only
        for child in head.children:
            if child.dep_ == "dobj":
                complement = any(c.dep_ in {"oprd", "ccomp", "xcomp"} for c in head.children)
                if not side_clause and not passive and not complement:
                    yield from _object_targets(sentence, people, child)
                yield from _number_targets(sentence, child, None)
                yield from _part_targets(sentence, people, child, "")
                yield from _amount_targets(child)
            elif child.dep_ in {"prep", "agent", "dative"}:
                hung_after_aside = follows_aside(head, child)
                for target in _prep_targets(sentence, people, head, child):
                    if hung_after_aside and target.type in {"when", "where"}:
                        continue  # "…, a premium over the closing price on Friday": whose Friday?
                    if not side_clause or target.type in {"when", "where", "how_many"}:
                        yield target
            elif (
                child.dep_ in {"npadvmod", "advmod"}
                and is_time(child)
                and child.pos_ in {"NOUN", "PROPN", "NUM"}
            ):
                if _duration_count(child):
                    continue
                yield Target(child, "when", "date", _when_wh(child), _time_tokens(child))
            elif child.dep_ == "npadvmod" and child.ent_type_ == "PERCENT" and head.lemma_ in CHANGE_VERBS:
                yield Target(child, "how_many", "number", "By how much", entity_tokens(child))
    subject_root = next((t for t in clause.subject if t.dep_ in SUBJECTS), None)
    if subject_root is not None:
        subject_targets = [
            *_number_targets(sentence, subject_root, None),
            *_part_targets(sentence, people, subject_root, ""),
        ]
        for target in subject_targets:
            yield target._replace(replaces_subject=True)


def _verb_chain(verb):
    """The verb and the infinitives that share its subject ('launched … to celebrate …')."""
    yield verb
    heads = [verb, *(c for c in verb.children if c.dep_ == "acomp")]  # "is due to begin"
    for head in heads:
        for child in head.children:
            if child.dep_ in {"xcomp", "advcl"} and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children
            ):
                yield child


def _object_targets(sentence, people, obj):
    if people.person(sentence, obj) is not None:
        yield Target(obj, "who", "patient", "Who", people.mention_tokens(sentence, obj))
    elif any(c.dep_ in SUBJECTS for c in obj.children):
        return  # "made the bridge repairs a central promise": a small clause, not a thing made
    elif any(c.dep_ == "det" and c.lower_ in QUANTIFIERS for c in obj.children):
        return  # "email every affected customer": the answer would be a quantified phrase
    elif (
        obj.head.lemma_ in LIGHT_VERBS
        and obj.tag_ == "NN"
        and not any(c.dep_ in {"det", "poss"} for c in obj.children)
    ):
        return  # "took charge of the club", "made progress": an idiom, not a thing that was taken
    elif obj.pos_ in {"NOUN", "PROPN"} and obj.ent_type_ not in {"DATE", "CARDINAL", "MONEY", "PERCENT"}:
        tokens = [t for t in phrase_tokens(obj) if not (t.dep_ == "det" and t.head == obj)]
        informative = len(tokens) >= 2 or obj.pos_ == "PROPN"  # "What did he buy?" "club" teaches nothing
        if informative and not any(t.like_num for t in tokens):
            yield Target(obj, "what", "object", "What", tokens)


def _prep_targets(sentence, people, head, prep):
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        return
    obj = objects[0]
    word = prep.lower_
    entity = entity_tokens(obj) if obj.ent_type_ else []
    labels = {t.ent_type_ for t in obj.subtree}
    count = _duration_count(obj)
    if is_time(obj) and count and word == "for":
        yield Target(prep, "how_many", "number", "For how long", _time_tokens(obj))
    elif is_time(obj) and count and word in DURATION_PREPOSITIONS:
        # "after 14 minutes" -> After how many minutes; "on 83 minutes" (the match clock) reads the same
        shown = "after" if word == "on" else word
        yield Target(prep, "how_many", "number", f"{shown.capitalize()} how many {obj.text}", count)
    elif is_time(obj) and word in WHEN_PREPOSITIONS and not count:
        yield Target(prep, "when", "date", _when_wh(obj), _time_tokens(obj))
    elif is_time(obj) and word == "for" and dates.parse(plain(_time_tokens(obj))) is not None:
        yield Target(prep, "when", "date", "When", _time_tokens(obj))  # "scheduled for Jan. 20"
    elif is_time(obj) and word in BOUNDED_WHEN and not count:
        wh = BOUNDED_WHEN[word]
        if re.fullmatch(r"[12]\d{3}", plain(_time_tokens(obj))):
            wh = wh.replace("when", "what year")  # "Since what year …?", not "Since when is it …? 2017"
        yield Target(prep, "when", "date", wh, _time_tokens(obj))
    elif obj.ent_type_ == "MONEY" and entity and word not in {"at", "in"}:  # "At how much …?" is no English
        # "closed to $36.54": not "To how much did shares close?"
        wh = "To what level" if word == "to" else f"{word.capitalize()} how much"
        yield Target(prep, "how_many", "number", wh, entity)
    elif obj.ent_type_ == "PERCENT" and entity:
        of_part = _of_phrase(sentence, people, obj)
        if word == "by" and not of_part:
            yield Target(prep, "how_many", "number", "By how much", entity)
        elif of_part is not None:
            yield Target(
                prep, "how_many", "number", f"{word.capitalize()} what percentage {of_part}".strip(), entity
            )
    elif people.person(sentence, obj) is not None and word not in {"of", "like"}:
        yield Target(obj, "who", "patient", "Who", people.mention_tokens(sentence, obj))
    elif word in WHERE_PREPOSITIONS and labels & PLACE_LABELS and not labels & {"DATE", "PERSON", "TIME"}:
        place = _first_place(obj)
        if place and not any(c.dep_ == "conj" for c in obj.subtree):  # "in Britain and the United States"
            yield Target(prep, "where", "place", "Where", place)
    else:
        yield from _number_targets(sentence, obj, prep)


def _amount_targets(obj):
    """'could exceed $400 million' -> How much; 'owns 15 percent of the shares' -> What percentage of …;
    'includes a 4 percent increase in taxes' -> What percentage increase in taxes."""
    if obj.ent_type_ == "MONEY":
        # "awarded her $5 million in compensatory damages": How much in compensatory damages (the award
        # was $80 million in all; "How much did jurors award her?" would have two answers)
        of_what = [c for c in obj.children if c.dep_ == "prep" and c.lower_ == "in" and c.i > obj.i]
        words = until_comma(list(of_what[0].subtree)) if of_what else []
        if words and not any(t.pos_ == "PRON" or t.ent_type_ for t in words) and len(words) <= 4:
            yield Target(obj, "how_many", "number", "How much " + tidy(plain(words)), entity_tokens(obj))
        else:
            yield Target(obj, "how_many", "number", "How much", entity_tokens(obj))
    elif obj.ent_type_ == "PERCENT":
        of = [c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"]
        whole = list(of[0].subtree) if of else []
        if of and not any(t.pos_ == "PRON" for t in whole):
            wh = "What percentage " + "".join(t.text_with_ws for t in whole).strip()
            yield Target(obj, "how_many", "number", wh, entity_tokens(obj))
    else:
        percent = next((c for c in obj.children if c.ent_type_ == "PERCENT" and c.i < obj.i), None)
        if percent is not None and obj.pos_ == "NOUN":
            amount = entity_tokens(percent)
            ids = {t.i for t in amount}
            rest = [t for t in until_comma(phrase_tokens(obj)) if t.i not in ids and t.i > amount[-1].i]
            if rest and not any(t.pos_ == "PRON" for t in rest):
                yield Target(obj, "how_many", "number", "What percentage " + tidy(plain(rest)), amount)


def _part_targets(sentence, people, noun, prefix: str):
    """'scored two of the three goals' -> How many of the three goals; 'About 64 percent of the colonies
    survived' -> What percentage of the colonies."""
    if noun.ent_type_ == "PERCENT" and noun.dep_ != "dobj":
        wh = "What percentage"
    elif noun.like_num and noun.ent_type_ == "CARDINAL" and noun.lower_ != "one":
        wh = "How many"
    else:
        return
    of_part = _of_phrase(sentence, people, noun)
    if of_part:
        yield Target(noun, "how_many", "number", f"{prefix}{wh} {of_part}", entity_tokens(noun))


def _of_phrase(sentence, people, noun) -> str | None:
    """The rendered 'of …' phrase a quantity counts within; '' when there is none, None when it cannot be
    said without an unresolved pronoun ('43 of them')."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return ""
    return text_of(sentence, people, until_comma(phrase_tokens(of))) or None


def _first_place(obj) -> list:
    for token in obj.subtree:
        if token.ent_type_ in PLACE_LABELS and token.ent_iob_ == "B":
            return entity_tokens(token)
    return []


def _number_targets(sentence, noun, prep):
    """'250 oak trees' -> How many oak trees; 'reached 120 millimetres' -> How many millimetres."""
    if prep is not None and prep.lower_ in {"including", "like", "among", "besides", "except"}:
        return  # "including 40,000 photographs" is an example, not what the clause is about
    following = noun.doc[noun.i + 1 : noun.i + 3]
    if len(following) == 2 and following[0].lower_ == "to" and following[1].like_num:
        return  # "seven votes to two" is a result, not a count; the blanks ask it
    for child in noun.children:
        if child.dep_ != "nummod" or not _counts(child, noun):
            continue
        if any(c.dep_ in {"det", "poss"} for c in noun.children):
            continue  # "the two leaders" refers to people, it does not count them
        if noun.tag_ not in {"NNS", "NNPS"}:
            continue  # "a $3.2 million grant" says how big, not how many
        number = _count_tokens(child)
        after = [noun.doc[i] for i in range(number[-1].i + 1, noun.i + 1)]
        if not after or any(t.is_punct for t in after):
            continue
        # a unit the entity carries on ("145 kilometres per hour")
        tail = [t for t in entity_tokens(child) if t.i > noun.i]
        unit = " ".join(t.text for t in after + tail)
        wh = f"How many {unit}" if prep is None else f"{prep.text.capitalize()} how many {unit}"
        yield Target((prep if prep is not None else noun), "how_many", "number", wh, number)


def _counts(number, noun) -> bool:
    """A number that counts its noun: a cardinal or quantity, or a count of time units ('six decades')."""
    if number.ent_type_ in {"CARDINAL", "QUANTITY"}:
        return True
    return number.ent_type_ in {"DATE", "TIME"} and number.like_num and _is_unit(noun)


def _count_tokens(number) -> list:
    """The number's own words ('about 18' of 'about 18 months'), without the preposition the question
    will say ('under four minutes' is asked 'Under how many minutes?': the answer is 'four')."""
    tokens = [t for t in entity_tokens(number) if t.i <= number.i] or [number]
    noun = number.head
    if noun.dep_ == "pobj" and len(tokens) > 1 and tokens[0].lower_ == noun.head.lower_:
        tokens = tokens[1:]
    return tokens


def _is_unit(noun) -> bool:
    return noun.lemma_.lower() in DURATION_UNITS


def _duration_count(obj) -> list | None:
    """'14 minutes', 'about 18 months' -> the count's tokens; None for a point in time ('next year')."""
    if not _is_unit(obj) or any(c.dep_ in {"det", "poss"} for c in obj.children):
        return None  # "in the three months to September" names a period, it does not count time
    number = next((c for c in obj.children if c.dep_ == "nummod" and c.like_num), None)
    return _count_tokens(number) if number is not None else None


def _time_tokens(obj) -> list:
    """The date or time phrase headed by `obj`, within its own subtree ('Tuesday night', not
    'next year early')."""
    inside = sorted(obj.subtree, key=lambda t: t.i)
    position = next(k for k, t in enumerate(inside) if t.i == obj.i)
    start = end = position
    while (
        start > 0
        and inside[start - 1].ent_type_ in TIME_LABELS
        and inside[start - 1].i == inside[start].i - 1
    ):
        start -= 1
    while (
        end + 1 < len(inside)
        and inside[end + 1].ent_type_ in TIME_LABELS
        and inside[end + 1].i == inside[end].i + 1
    ):
        end += 1
    tokens = inside[start : end + 1]
    if obj.ent_type_ == "TIME":  # "since 6 a.m." hangs the clock time on "a.m.": take the whole entity
        whole = {t.i: t for t in [*tokens, *entity_tokens(obj)]}
        tokens = [whole[i] for i in sorted(whole)]
    while len(tokens) > 1 and tokens[-1].pos_ == "VERB":
        tokens = tokens[:-1]  # "since January building the robot": the model ran the date on
    doc, last = obj.doc, tokens[-1].i
    if last + 2 < len(doc) and doc[last + 1].text == "," and doc[last + 2].ent_type_ in TIME_LABELS:
        after = [t for t in entity_tokens(doc[last + 2]) if t.i > last]
        if dates.parse(plain(after)) is not None:  # "Tuesday, Nov. 12"; not "April 2, 1901, just weeks after"
            tokens = tokens + after
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if obj.ent_type_ not in TIME_LABELS and obj.lower_ not in PARTS_OF_DAY and len(tokens) > 1:
        tokens = [t for t in tokens if t.i != obj.i]  # "in Tuesday trading": the date is "Tuesday"
    return tokens or [obj]


PARTS_OF_DAY = {"morning", "afternoon", "evening", "night", "overnight"}  # "Tuesday night" is one time


def _when_wh(obj) -> str:
    text = " ".join(t.text for t in _time_tokens(obj))
    return "In what year" if re.fullmatch(r"[12]\d{3}", text) else "When"
