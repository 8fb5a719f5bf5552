"""A sentence's clauses: each verb with its subject, a pronoun subject's referent, participles that share
their main verb's subject."""

from quizapp.generator.document import Sentence
from quizapp.generator.facts.spans import is_time, until_comma
from quizapp.generator.facts.vocabulary import SAY_VERBS, SUBJECTS
from quizapp.generator.mentions import People, Person
from quizapp.generator.questions import (
    Clause,
    Unaskable,
    phrase_tokens,
    render_tokens,
)


# -- clauses -------------------------------------------------------------------------------------------
def clauses(sentence: Sentence, people: People, previous: Sentence | None = None) -> list[Clause]:
    """Clauses with a subject outside quotation marks, including 'X, who was …', 'Ys made in July' and
    verbs that share a subject ('… was set up in 1994 and supports …')."""
    quoted = sentence.quoted_ids
    found = []
    for verb in sentence.tokens:
        if verb.i in quoted or verb.pos_ not in {"VERB", "AUX"} or verb.lemma_ in SAY_VERBS:
            continue
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
                antecedent = _antecedent(sentence, people, verb, subject)
                if antecedent:
                    found.append(Clause(verb, antecedent))
            elif subject.lower_ not in {"who", "that", "which", "what"}:
                subject_tokens = _subject_tokens(sentence, people, subject)
                stands_for = referent(sentence, people, verb, subject, previous)
                found.append(Clause(verb, subject_tokens, stands_for=stands_for))
                found.extend(_participles(verb, subject_tokens))
                found.extend(
                    Clause(conj, subject_tokens, stands_for=stands_for)
                    for conj in _conjoined(verb)
                    if conj.i not in quoted
                )
        elif verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}:
            head = verb.head
            tokens = phrase_tokens(head, exclude={t.i for t in verb.subtree})
            aux = "were" if head.tag_ in {"NNS", "NNPS"} else "was"
            found.append(Clause(verb, tokens, passive_aux=aux))
    return found


def _conjoined(verb) -> list:
    """'… was set up in 1994 and supports 3,000 patients': a second verb with no subject of its own that can
    carry a question alone (finite, or with its own auxiliary)."""
    return [
        child
        for child in verb.children
        if child.dep_ == "conj"
        and child.pos_ == "VERB"
        and child.lemma_ not in SAY_VERBS
        and not any(c.dep_ in SUBJECTS | {"mark"} for c in child.children)
        and (child.tag_ in {"VBD", "VBZ", "VBP"} or any(c.dep_ == "aux" for c in child.children))
    ]


def referent(
    sentence: Sentence, people: People, verb, pronoun, previous: Sentence | None, depth: int = 0
) -> str | None:
    """What 'it'/'they' as a subject (or 'its'/'their' of one) stands for, when one thing is the obvious
    choice: the organisation that says it ('The power company said it had restored …'), or the thing the
    previous sentence was about ('The agreement would combine two companies … It still needs …'), unless
    the previous sentence's object would do as well ('The council approved the budget. It …')."""
    if pronoun.lower_ in {"its", "their"} and pronoun.dep_ == "poss" and pronoun.head.dep_ in SUBJECTS:
        verb = pronoun.head.head  # "Its budget for next year is …": whose, as "it" would be
    elif pronoun.lower_ not in {"it", "they"} or pronoun.dep_ not in SUBJECTS:
        return None
    plural = pronoun.lower_ in {"they", "their"}
    if verb.dep_ == "ccomp" and verb.head.lemma_ in SAY_VERBS:
        sayer = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        return _thing_named(sentence, people, sayer, plural)
    first = next((t for t in sentence.tokens if not t.is_punct), None)
    if previous is None or first is None or first.i != pronoun.i or verb.dep_ != "ROOT":
        return None
    root = previous.span.root
    topic = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    if topic is not None and topic.lower_ in {"it", "they"} and depth < 2:  # "The museum … It … Its cafe"
        before = people.sentences[previous.index - 1] if previous.index > 0 else None
        return referent(previous, people, root, topic, before, depth + 1)
    rival = next((c for c in root.children if c.dep_ == "dobj" and _definite(c)), None)
    if rival is not None and _thing_named(previous, people, rival, plural):
        return None  # "The council approved the budget. It still needs …": the council, or the budget?
    return _thing_named(previous, people, topic, plural)


def thing_before(sentence: Sentence, people: People, pronoun) -> str | None:
    """What 'it'/'they' inside a sentence stands for when the sentence names one such thing before it:
    'Lindgren bought the club in 2015, when it was close to bankruptcy' -> 'the club'."""
    if pronoun.lower_ not in {"it", "they"} or pronoun.dep_ not in SUBJECTS:
        return None
    plural = pronoun.lower_ == "they"
    verb = pronoun.head
    if verb.dep_ in {"advcl", "ccomp"}:  # "… the company could afford after it lost …": its clause's owner
        owner = next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)
        if owner is not None and owner.i < pronoun.i and _definite(owner):
            named = _thing_named(sentence, people, owner, plural)
            if named:
                return named
    nouns = [
        t
        for t in sentence.tokens
        if t.i < pronoun.i and t.dep_ in SUBJECTS | {"dobj", "pobj"} and t.pos_ in {"NOUN", "PROPN"}
    ]
    named = {id(t): _thing_named(sentence, people, t, plural) for t in nouns}
    candidates = [t for t in nouns if named[id(t)] and t.ent_type_ not in {"DATE", "TIME"}]
    if len(candidates) != 1 or not _definite(candidates[0]):
        return None
    return named[id(candidates[0])]


def _definite(noun) -> bool:
    """'the budget', 'its plan', 'Orchard Lane': a thing a later 'it' may well mean ('a 4 percent increase',
    'furniture' less so)."""
    return noun.pos_ == "PROPN" or any(
        (c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"}) or c.dep_ == "poss"
        for c in noun.children
    )


def _thing_named(sentence: Sentence, people: People, head, plural: bool) -> str | None:
    """A subject that names a thing or group (not a person, not a pronoun) of the given number."""
    if head is None or head.pos_ not in {"NOUN", "PROPN"} or people.person(sentence, head) is not None:
        return None
    if (head.tag_ in {"NNS", "NNPS"}) != plural:
        return None
    try:
        return render_tokens(sentence, people, until_comma(phrase_tokens(head)), lower_first=True) or None
    except Unaskable:
        return None


def _participles(verb, subject_tokens: list) -> list[Clause]:
    """'The storm swept across the coast, leaving seven people dead': 'leaving' shares subject and tense."""
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return []
    return [
        Clause(child, subject_tokens, tense=verb.tag_)
        for child in verb.children
        if child.dep_ == "advcl"
        and child.tag_ == "VBG"
        and child.i > verb.i
        and not any(c.dep_ in SUBJECTS | {"mark", "aux"} for c in child.children)
    ]


def _subject_tokens(sentence: Sentence, people: People, subject) -> list:
    if people.person(sentence, subject) is not None and not any(c.dep_ == "conj" for c in subject.children):
        return people.mention_tokens(sentence, subject)
    return phrase_tokens(subject)


def _antecedent(sentence: Sentence, people: People, verb, pronoun) -> list | None:
    head = verb.head
    if pronoun.lower_ == "who":
        return people.mention_tokens(sentence, head) if people.person(sentence, head) else None
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}] + [verb]
    plural_verb = any(a.lower_ in {"are", "were", "have"} or a.tag_ == "VBP" for a in auxes)
    singular_verb = any(a.lower_ in {"is", "was", "has"} or a.tag_ == "VBZ" for a in auxes)
    plural_noun = head.tag_ in {"NNS", "NNPS"}
    if (plural_noun and singular_verb) or (not plural_noun and plural_verb):
        return None  # the parser attached the clause to the wrong noun
    # a date the parser hung on the noun belongs to the clause ("the round, which begins on Tuesday, Nov. 12")
    dates_on_noun = {t.i for c in head.children if c.dep_ == "npadvmod" and is_time(c) for t in c.subtree}
    return until_comma(phrase_tokens(head, exclude={t.i for t in verb.subtree} | dates_on_noun))


def subject_person(sentence: Sentence, people: People, clause: Clause) -> Person | None:
    """The person the subject is ('Finch', 'he', 'the president'), not one it mentions ('Finch's wife')."""
    ids = {t.i for t in clause.subject}
    heads = [t for t in clause.subject if t.head.i not in ids or t.head == t]
    if len(heads) != 1:
        return None
    person = people.person(sentence, heads[0])
    if person is None:  # "its chief executive, Simon Barker, resigned …"
        named = {people.person(sentence, c) for c in heads[0].children if c.dep_ == "appos"} - {None}
        person = named.pop() if len(named) == 1 else None
    return person
