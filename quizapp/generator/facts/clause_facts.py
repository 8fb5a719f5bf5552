"""A clause's facts: who did it, and a question for each of its targets (what, when, where, how many), made
short enough to read."""

from dataclasses import replace

from quizapp.generator.document import Sentence
from quizapp.generator.facts.clauses import subject_person
from quizapp.generator.facts.fact import Fact
from quizapp.generator.facts.spans import entity_tokens, text_of, until_comma, without_article
from quizapp.generator.facts.targets import _verb_chain, targets
from quizapp.generator.facts.vocabulary import ANSWER_MAX_WORDS, SUBJECTS, VAGUE_SUBJECTS
from quizapp.generator.mentions import People, describes_someone
from quizapp.generator.questions import (
    MAX_WORDS,
    SOFT_MAX_WORDS,
    Clause,
    Unaskable,
    common_word_at_start,
    object_question,
    phrase_tokens,
    predicate_tokens,
    render_tokens,
    subject_question,
    tidy,
)


def clause_facts(sentence: Sentence, people: People, clause: Clause) -> list[Fact]:
    facts: list[Fact] = []
    actor = subject_person(sentence, people, clause)
    first = clause.subject[0].lower_ if clause.subject else ""
    vague = (
        (first in {"a", "an", "another"} and len(clause.subject) <= 3)
        or (len(clause.subject) == 1 and first in VAGUE_SUBJECTS)  # "Some had queued since 6 a.m."
        or any(describes_someone(t, posts=False) for t in clause.subject if t.dep_ in SUBJECTS)  # "the star"
    )
    if actor is None and vague:
        return facts  # "When did a semi go to extra time?" cannot be answered without the article

    def ask(kind, type_, answer, span, make, person=None, unit=""):
        try:
            question = make()
        except Unaskable:
            return
        if answer and len(answer.split()) <= ANSWER_MAX_WORDS[type_]:
            fact = Fact(type_, kind, question, answer, sentence, span, person=person, unit=unit)
            facts.append(replace(fact, verb=clause.verb.i))

    if actor is not None:
        subject_span = sentence.char_span(clause.subject)
        ask(
            "actor",
            "who",
            actor.name,
            subject_span,
            _shortening(sentence, people, clause, set(), "Who", subject=True),
            person=actor,
        )
    elif clause.subject and _is_topic_clause(clause):
        answer = text_of(sentence, people, clause.subject)
        ask(
            "topic",
            "what",
            answer,
            sentence.char_span(clause.subject),
            _shortening(sentence, people, clause, set(), "What", subject=True),
        )

    for target in targets(sentence, people, clause):
        type_, answer_tokens = target.type, target.answer
        if not answer_tokens:
            continue  # a misparse left nothing to ask for
        if type_ == "when" and any(people.person(sentence, t) for t in answer_tokens):
            continue  # "for May": Anna May, not the month
        if type_ == "when" and _modified_apart(answer_tokens):
            continue  # "made landfall Monday" parsed as a "landfall Monday": the question would lose it
        ids = {t.i for t in target.token.subtree} | {t.i for t in answer_tokens}
        answer = answer_text(sentence, people, answer_tokens, type_)
        if type_ == "what" and actor is not None and actor.name in answer:
            continue  # "What did Olivia Grant report? Olivia Grant’s concerns …" answers with the question
        person = people.person(sentence, answer_tokens[0]) if type_ == "who" else None
        if type_ == "who" and person is not None:
            answer = person.name
        span = sentence.char_span(answer_tokens)
        unit = target.wh.split(" how many ")[-1].removeprefix("How many ") if type_ == "how_many" else ""
        if target.replaces_subject:
            make = _shortening(sentence, people, clause, set(), target.wh, subject=True)
        else:
            make = _shortening(sentence, people, clause, ids, target.wh)
        ask(target.kind, type_, answer, span, make, person=person, unit=unit)
    for noun, amount, left_out in _valued_nouns(clause):
        answer = answer_text(sentence, people, amount, "how_many")
        make = _value_question(sentence, people, clause, noun, left_out)
        ask("number", "how_many", answer, sentence.char_span(amount), make)
    return facts


def _valued_nouns(clause: Clause):
    """(noun, amount tokens, token ids to leave out) for a subject or object that carries a sum of money:
    'approved a budget of $86 million', 'a $3.2 million grant paid for …', 'a deal worth $2 billion'."""
    nouns = [t for t in clause.subject if t.dep_ in SUBJECTS][:1]
    nouns += [c for head in _verb_chain(clause.verb) for c in head.children if c.dep_ == "dobj"]
    for noun in nouns:
        if noun.pos_ != "NOUN" or noun.ent_type_ == "MONEY":
            continue  # "975 million pounds of funding": the noun is the sum itself, nothing to name
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                money = next((c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "MONEY"), None)
                if money is not None:
                    yield noun, entity_tokens(money), {t.i for t in child.subtree}
            elif (
                child.dep_ in {"compound", "nummod", "amod"}
                and child.ent_type_ == "MONEY"
                and child.i < noun.i
            ):
                amount = entity_tokens(child)
                yield noun, amount, {t.i for t in amount}
            elif child.dep_ == "amod" and child.lower_ == "worth":
                money = next((c for c in child.children if c.ent_type_ == "MONEY"), None)
                if money is not None:
                    yield noun, entity_tokens(money), {t.i for t in child.subtree}


def _value_question(sentence, people, clause, noun, left_out: set[int]):
    """'How much was the budget that the council approved?' / 'How much is the prize that would pay for …?'"""
    is_subject = noun.dep_ in SUBJECTS

    def build(drop: set[int]) -> str:
        kept = [
            t
            for t in until_comma(phrase_tokens(noun))
            if t.i not in left_out and not (t.dep_ == "det" and t.head.i == noun.i)
        ]
        named = text_of(sentence, people, kept)
        if not named:
            raise Unaskable("nothing to name")
        if is_subject:
            relative = subject_question(sentence, people, clause, "that", drop=drop)
        else:
            doer = clause.stands_for or render_tokens(sentence, people, clause.subject, lower_first=True)
            relative = subject_question(
                sentence, people, clause, f"that {doer}", drop=drop | {noun.i} | {t.i for t in noun.subtree}
            )
        the = "" if any(c.dep_ == "poss" for c in noun.children) else "the "
        question = (
            f"How much {_be(clause, plural=noun.tag_ in {'NNS', 'NNPS'})} {the}{named} "
            f"{relative[:1].lower()}{relative[1:]}"
        )
        if len(question.split()) > MAX_WORDS:
            raise Unaskable("too long")
        return question

    return _shortening(sentence, people, clause, set(), "", build=build)


def _be(clause: Clause, plural: bool) -> str:
    """'How much were the sales …', 'How much is the prize …'."""
    if _past(clause):
        return "were" if plural else "was"
    return "are" if plural else "is"


def _past(clause: Clause) -> bool:
    verbs = [clause.verb, *(c for c in clause.verb.children if c.dep_ in {"aux", "auxpass"})]
    return clause.tense == "VBD" or any(v.tag_ == "VBD" for v in verbs) or clause.passive_aux is not None


def _shortening(sentence, people, clause, ids, wh, subject: bool = False, build=None):
    """Ask the question; when it runs long or keeps a pronoun, leave out optional phrases, longest first
    (the one holding the pronoun first)."""

    def make():
        optional = sorted(
            (
                c
                for head in _verb_chain(clause.verb)
                for c in head.children
                if c.i > clause.verb.i
                and c.dep_ in {"prep", "advmod", "npadvmod", "agent"}
                and not any(t.i in ids for t in c.subtree)
            ),
            key=lambda c: -len(list(c.subtree)),
        )
        dropped: set[int] = set()
        while True:
            try:
                if build is not None:
                    question = build(ids | dropped)
                elif subject:
                    question = subject_question(sentence, people, clause, wh, drop=ids | dropped)
                else:
                    question = object_question(sentence, people, clause, ids | dropped, wh)
            except Unaskable as error:
                if str(error) == "pronoun":
                    culprit = next((c for c in optional if error.token in c.subtree), None)
                else:
                    culprit = optional[0] if str(error) == "too long" and optional else None
                if culprit is None:
                    raise
                optional.remove(culprit)
                dropped |= {t.i for t in culprit.subtree}
                continue
            if len(question.split()) > SOFT_MAX_WORDS and optional:
                dropped |= {t.i for t in optional.pop(0).subtree}
                continue
            if build is None and _left_bare(clause, ids | dropped, ids):
                raise Unaskable("the verb lost its complement")
            return question

    return make


# Dependents that complete a verb's meaning: without them "When did the BBC report?" or "When did the line
# failures lead?" ask about nothing. Prepositions that usually open a complement rather than an adjunct.
COMPLEMENTS = {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"}
COMPLEMENT_PREPS = {"to", "into", "onto", "toward", "towards", "about", "against", "of", "for"}


def _left_bare(clause: Clause, left_out: set[int], answer: set[int]) -> bool:
    """The question keeps nothing of the predicate but its verb, although the sentence gave the verb a
    complement that is not the answer ('He returned in April to win the title' -> 'When did he return?')."""
    verb = clause.verb
    kept = [t for t in predicate_tokens(clause, left_out) if t.i != verb.i and not t.is_punct]
    if any(t.dep_ not in {"prt", "neg"} for t in kept):
        return False
    if verb.lemma_ == "be":
        return True  # "When was the station?" of "was on Friday hung with …": 'be' alone asks nothing

    def completes(child) -> bool:
        if child.dep_ == "prep":
            return child.lower_ in COMPLEMENT_PREPS
        if child.dep_ == "advcl":  # "to win the title": a purpose, which the verb was for
            return any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        return child.dep_ in COMPLEMENTS

    return any(completes(c) and not any(t.i in answer for t in c.subtree) for c in verb.children)


def _is_topic_clause(clause: Clause) -> bool:
    """'Securing supplies of minerals was the topic of the second agreement': ask what was the topic."""
    verb = clause.verb
    return (
        verb.lemma_ == "be"
        and any(c.dep_ == "attr" for c in verb.children)
        and 2 <= len(clause.subject) <= 12
        and clause.subject[0].pos_ not in {"PRON", "DET"}
    )


def _modified_apart(answer_tokens: list) -> bool:
    """A word the model hung on the answer's date that the answer leaves out, so the question loses it too."""
    kept = {t.i for t in answer_tokens}
    return any(
        c.dep_ in {"amod", "compound", "nmod"} and c.i not in kept and c.pos_ in {"NOUN", "ADJ", "PROPN"}
        for t in answer_tokens
        for c in t.children
    )


def answer_text(sentence, people, tokens, type_) -> str:
    text = text_of(sentence, people, tokens)
    if tokens and tokens[0].is_sent_start and common_word_at_start(sentence, people, tokens[0]):
        text = text[:1].lower() + text[1:]  # "About 64 percent of the colonies …" -> "about 64 percent"
    if type_ in {"what", "where"}:
        text = without_article(text) if type_ == "what" else text
    return tidy(text)
