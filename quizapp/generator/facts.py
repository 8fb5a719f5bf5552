"""Step 4: facts worth asking about, each already phrased as a question with its answer.

Kinds of fact: a person's role (appositives and titles), who said a quotation, and, for every clause with a
subject, who did it, who it was done to, what was done, when, where, and how many / how much / how long.
"""

import re
from dataclasses import dataclass, replace

from quizapp.generator import dates, numbers
from quizapp.generator.document import Sentence, tokens_between
from quizapp.generator.mentions import TITLE_WORDS, People, Person, english_word
from quizapp.generator.questions import (
    MAX_WORDS,
    NAME_LABELS,
    SOFT_MAX_WORDS,
    Clause,
    Unaskable,
    common_word_at_start,
    follows_aside,
    object_question,
    phrase_tokens,
    predicate_tokens,
    render_tokens,
    strip_edges,
    subject_question,
    tidy,
)

SAY_VERBS = {
    "say",
    "tell",
    "add",
    "note",
    "explain",
    "write",
    "ask",
    "warn",
    "state",
    "insist",
    "declare",
    "announce",
    "recall",
    "reply",
    "argue",
    "claim",
    "admit",
    "conclude",
    "testify",
    "remark",
    "describe",
}
CHANGE_VERBS = {
    "rise",
    "fall",
    "grow",
    "drop",
    "increase",
    "decrease",
    "climb",
    "jump",
    "slip",
    "decline",
    "gain",
    "lose",
    "shrink",
    "soar",
    "plunge",
    "surge",
    "slide",
    "tumble",
    "cut",
    "raise",
    "boost",
}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
WHEN_PREPOSITIONS = {"on", "in", "at", "during", "after", "before", "around"}
# "after 14 minutes", "within two years": how many units of time passed
DURATION_PREPOSITIONS = {"in", "within", "after", "on", "over", "during"}
TIME_LABELS = {"DATE", "TIME"}
BOUNDED_WHEN = {"by": "By when", "until": "Until when", "since": "Since when"}
WHERE_PREPOSITIONS = {"in", "at", "to", "near", "inside", "outside", "across", "into"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
LIGHT_VERBS = {"take", "make", "pay", "give", "have", "keep", "do"}
VAGUE_SUBJECTS = {"some", "many", "most", "several", "few", "others", "all", "both", "one", "each"}
QUANTIFIERS = {"every", "each", "all", "any", "no", "some", "both", "either", "neither"}
SUBJECT_WH = "subject:"  # marks a wh-phrase that takes the subject's place
QUOTE_MIN_WORDS = 5
QUOTE_SHOWN_WORDS = 16
ANSWER_MAX_WORDS = {"what": 10, "who": 6, "where": 6, "when": 6, "how_many": 6}
# Base scores: how worth learning each kind of fact usually is.
KIND_SCORE = {
    "actor": 0.8,
    "role": 0.75,
    "date": 0.8,
    "number": 0.8,
    "place": 0.7,
    "quote": 0.6,
    "object": 0.5,
    "patient": 0.7,
    "role_of": 0.65,
    "topic": 0.55,
    "reported": 0.6,
    "cloze": 0.45,  # a fill-in-the-blank: for what no wh-question asks
}


@dataclass(frozen=True)
class Fact:
    type: str  # who / what / when / where / how_many
    kind: str  # what produced it (see KIND_SCORE)
    question: str
    answer: str
    sentence: Sentence
    answer_span: tuple[int, int] | None
    person: Person | None = None  # the answer, when it is a person
    unit: str = ""  # what a how-many answer counts ("oak trees")
    also_correct: tuple[str, ...] = ()  # other right answers: never offered as wrong choices
    accepted: tuple[str, ...] = ()  # variants beyond the usual ones
    verb: int | None = None  # the token index of the verb a clause's question asks about

    @property
    def before_answer(self) -> str:
        """The source sentence up to the answer ('' when the answer does not stand in it)."""
        if self.answer_span is None:
            return ""
        return self.sentence.text[: self.answer_span[0] - self.sentence.start]

    @property
    def after_answer(self) -> str:
        """The source sentence after the answer."""
        if self.answer_span is None:
            return ""
        return self.sentence.text[self.answer_span[1] - self.sentence.start :]

    @property
    def key(self) -> str:
        return f"{self.sentence.index}:{self.kind}:{self.answer.lower()}"

    @property
    def score(self) -> float:
        words = len(self.question.split())
        brevity = 0.15 if words <= 14 else 0.15 - min(0.15, (words - 14) * 0.01)
        return round(KIND_SCORE.get(self.kind, 0.5) + brevity, 3)


def extract_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    facts = role_facts(sentences, people) + quote_facts(sentences, people) + age_facts(sentences, people)
    facts += reported_facts(sentences, people)
    for sentence in sentences:
        previous = sentences[sentence.index - 1] if sentence.index > 0 else None
        for clause in clauses(sentence, people, previous):
            facts.extend(clause_facts(sentence, people, clause))
    return facts


# -- roles ---------------------------------------------------------------------------------------------
def role_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    facts = []
    for person in people.persons:
        for role in person.roles:
            sentence = sentences[role.sentence]
            holders = people.holders(role.text)
            text = _mid_question(role.text)
            if role.span[0] == sentence.start:
                text = _title_mid_question(sentence, people, role, text)
            if len(role.text.split()) < 2 or _names_person(role.text, person):
                continue
            owned = re.search(r"(’s|'s)$", role.text.split()[0]) or re.match(r"(the|a|an) ", role.text, re.I)
            if holders == [person]:
                question = f"Who is {'' if owned else 'the '}{text}?"
            elif len(holders) == 2:  # "Besides Kei Sato, who is a deputy chief cabinet secretary?"
                other = next(h for h in holders if h is not person)
                question = f"Besides {other.name}, who is {'' if owned else 'a '}{text}?"
            else:
                continue
            facts.append(Fact("who", "role", question, person.name, sentence, role.name_span, person=person))
        if person.roles:
            role = max(person.roles, key=lambda r: len(r.text))
            former = re.search(r"\b(former|late|ex)\b", role.text, re.I)
            # a post is held ("the Treasury Secretary"); a description is not ("a witness", "a retiree")
            held = any(
                w.lower().strip(",") in TITLE_WORDS or w[:1].isupper() for w in role.text.split()[1:] or [""]
            )
            question = (
                f"What position {'did' if former else 'does'} {person.name} hold?"
                if held or role.text.split()[0].lower() in TITLE_WORDS
                else f"Who {'was' if former else 'is'} {person.name}?"
            )
            facts.append(
                Fact(
                    "what",
                    "role_of",
                    question,
                    _without_article(_mid_question(role.text)),
                    sentences[role.sentence],
                    role.span,
                )
            )
    return facts


def _mid_question(role: str) -> str:
    """'The club's chairman' mid-question or as an answer: 'the club's chairman'."""
    return re.sub(r"^(The|A|An) ", lambda m: m.group().lower(), role)


def _title_mid_question(sentence: Sentence, people: People, role, text: str) -> str:
    """A title that opened its sentence ('Transport Minister Alan Price said …') loses the capitals of its
    common words in 'Who is the transport minister?'; names in it ('Harbour City manager') keep theirs."""
    words = []
    for token in tokens_between(sentence, *role.span):
        common = (
            token.is_title
            and token.ent_type_ not in NAME_LABELS
            and english_word(token.lower_)
            # capitalised elsewhere: "Green leader Priya Shah" of the Green Party (not "Transport Minister")
            and not any(p != (sentence.index, token.i) for p in people.proper_places.get(token.text, ()))
        )
        words.append(token.lower_ if common else token.text)
    lowered = " ".join(words)
    return lowered if lowered.lower() == text.lower() else text


def _names_person(text: str, person: Person) -> bool:
    return any(part in text.split() for part in person.parts)


def _without_article(text: str) -> str:
    """'the ambassador' -> 'ambassador', but 'the club's captain' keeps its article."""
    if re.match(r"^(the|a|an)\s+\S+(’s|'s)\s", text, flags=re.I):
        return text
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)


# -- ages ------------------------------------------------------------------------------------------------
def age_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    """'Gerald Finch, 58, was convicted …' and 'She was 91.' -> How old …?"""
    facts = []
    for sentence in sentences:
        for token in sentence.tokens:
            person = people.person(sentence, token)
            if person is None:
                continue
            age = None
            apposed = [c for c in token.children if c.dep_ == "appos" and c.like_num]
            # "Lee, 49," is an age; "Lee (49)" is as often a score or a count of runs
            if apposed and not _in_brackets(apposed[0]):
                age = apposed[0]
            elif token.dep_ == "nsubj" and token.head.lemma_ == "be":
                age = next(
                    (c for c in token.head.children if c.dep_ in {"attr", "acomp"} and c.like_num), None
                )
            if age is None or not 0 < (numbers.value(age.text) or 0) < 130:
                continue
            verb = sentence.span.root
            past = [verb, verb.head, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})]
            tense = "was" if any(v.tag_ == "VBD" for v in past) else "is"  # "Lee, 24, was found …"
            question = f"How old {tense} {person.name}?"
            span = sentence.char_span([age])
            facts.append(Fact("how_many", "number", question, age.text, sentence, span, unit="years of age"))
    return facts


def _in_brackets(token) -> bool:
    doc = token.doc
    return (
        token.i > 0
        and doc[token.i - 1].text == "("
        or token.i + 1 < len(doc)
        and doc[token.i + 1].text == ")"
    )


# -- quotations ----------------------------------------------------------------------------------------
QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]?")


def quote_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    facts = []
    previous_speaker: Person | None = None
    for sentence in sentences:
        speaker = _speaker(sentence, people)
        quoted = QUOTED.findall(sentence.text)
        goes_on = sentence.index > 0 and QUOTED.search(sentences[sentence.index - 1].text)
        if speaker is None and sentence.text.lstrip().startswith(("“", '"')) and goes_on:
            speaker = previous_speaker  # a quotation that goes on in the next sentence or paragraph
        previous_speaker = speaker if quoted else None
        if speaker is None:
            continue
        for quote in quoted:
            words = quote.strip(" ,.").split()
            if len(words) < QUOTE_MIN_WORDS:
                continue
            shown = " ".join(words[:QUOTE_SHOWN_WORDS]) + ("…" if len(words) > QUOTE_SHOWN_WORDS else "")
            shown = shown.rstrip(",;:")
            if not _names_person(shown, speaker):
                question = f"Who said, “{shown}”?"
                facts.append(Fact("who", "quote", question, speaker.name, sentence, None, person=speaker))
    return facts


def _speaker(sentence: Sentence, people: People) -> Person | None:
    for token in sentence.tokens:
        if token.lemma_ in SAY_VERBS and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ == "nsubj":
                    person = people.person(sentence, child)
                    if person is not None:
                        return person
    return None


# -- reported speech -----------------------------------------------------------------------------------
def reported_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    """'Prosecutor Daniel Osei told the jury that Finch had created fake invoices' -> Who told the jury
    that Gerald Finch had created fake invoices …? (What was said is asked through its own clauses.)"""
    facts = []
    for sentence in sentences:
        quoted = sentence.quoted_ids
        for verb in sentence.tokens:
            if verb.lemma_ not in SAY_VERBS or verb.pos_ != "VERB" or verb.i in quoted:
                continue
            said = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
            if subject is not None and people.person(sentence, subject) is None:
                # "Its spokesman, Luke Harper, warned …": the person is the subject's appositive
                subject = next((c for c in subject.children if c.dep_ == "appos"), None)
            person = people.person(sentence, subject) if subject is not None else None
            if said is None or person is None or any(t.i in quoted for t in said.subtree):
                continue
            if any(c.dep_ == "neg" for c in verb.children):
                continue
            tokens = strip_edges([t for t in sentence.tokens if verb.i <= t.i <= said.right_edge.i])
            try:
                body = render_tokens(sentence, people, tokens, actor=person)
            except Unaskable:
                continue
            question = f"Who {body}?"
            if len(question.split()) <= MAX_WORDS:
                span = sentence.char_span(people.mention_tokens(sentence, subject))
                facts.append(Fact("who", "reported", question, person.name, sentence, span, person=person))
    return facts


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
        return render_tokens(sentence, people, _until_comma(phrase_tokens(head)), lower_first=True) or None
    except Unaskable:
        return None


def _until_comma(tokens: list) -> list:
    """A phrase without what a comma sets off after it ('the round, Nov. 12' -> 'the round')."""
    for k, token in enumerate(tokens):
        if token.text == "," and k > 0:
            return tokens[:k]
    return tokens


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
    dates_on_noun = {t.i for c in head.children if c.dep_ == "npadvmod" and _is_time(c) for t in c.subtree}
    return _until_comma(phrase_tokens(head, exclude={t.i for t in verb.subtree} | dates_on_noun))


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


def clause_facts(sentence: Sentence, people: People, clause: Clause) -> list[Fact]:
    facts: list[Fact] = []
    actor = subject_person(sentence, people, clause)
    first = clause.subject[0].lower_ if clause.subject else ""
    vague = (first in {"a", "an", "another"} and len(clause.subject) <= 3) or (
        len(clause.subject) == 1 and first in VAGUE_SUBJECTS  # "Some had queued since 6 a.m."
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
        answer = _text(sentence, people, clause.subject)
        ask(
            "topic",
            "what",
            answer,
            sentence.char_span(clause.subject),
            _shortening(sentence, people, clause, set(), "What", subject=True),
        )

    for target, type_, kind, wh, answer_tokens in targets(sentence, people, clause):
        if not answer_tokens:
            continue  # a misparse left nothing to ask for
        ids = {t.i for t in target.subtree} | {t.i for t in answer_tokens}
        answer = _answer_text(sentence, people, answer_tokens, type_)
        if type_ == "what" and actor is not None and actor.name in answer:
            continue  # "What did Olivia Grant report? Olivia Grant’s concerns …" answers with the question
        person = people.person(sentence, answer_tokens[0]) if type_ == "who" else None
        if type_ == "who" and person is not None:
            answer = person.name
        span = sentence.char_span(answer_tokens)
        unit = (
            wh.split(" how many ")[-1].removeprefix(SUBJECT_WH).removeprefix("How many ")
            if type_ == "how_many"
            else ""
        )
        if wh.startswith(SUBJECT_WH):
            wh = wh.removeprefix(SUBJECT_WH)
            make = _shortening(sentence, people, clause, set(), wh, subject=True)
        else:
            make = _shortening(sentence, people, clause, ids, wh)
        ask(kind, type_, answer, span, make, person=person, unit=unit)
    for noun, amount, left_out in _valued_nouns(clause):
        answer = _answer_text(sentence, people, amount, "how_many")
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
            for t in _until_comma(phrase_tokens(noun))
            if t.i not in left_out and not (t.dep_ == "det" and t.head.i == noun.i)
        ]
        named = _text(sentence, people, kept)
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


def _text(sentence, people, tokens) -> str:
    try:
        return render_tokens(sentence, people, tokens)
    except Unaskable:
        return ""


def _answer_text(sentence, people, tokens, type_) -> str:
    text = _text(sentence, people, tokens)
    if tokens and tokens[0].is_sent_start and common_word_at_start(sentence, people, tokens[0]):
        text = text[:1].lower() + text[1:]  # "About 64 percent of the colonies …" -> "about 64 percent"
    if type_ in {"what", "where"}:
        text = _without_article(text) if type_ == "what" else text
    return tidy(text)


def targets(sentence: Sentence, people: People, clause: Clause):
    """(target token, type, kind, wh-phrase, answer tokens) for each part of the clause worth asking about."""
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
                    if hung_after_aside and target[1] in {"when", "where"}:
                        continue  # "…, a premium over the closing price on Friday": whose Friday?
                    if not side_clause or target[1] in {"when", "where", "how_many"}:
                        yield target
            elif (
                child.dep_ in {"npadvmod", "advmod"}
                and _is_time(child)
                and child.pos_ in {"NOUN", "PROPN", "NUM"}
            ):
                if _duration_count(child):
                    continue
                yield child, "when", "date", _when_wh(child), _time_tokens(child)
            elif child.dep_ == "npadvmod" and child.ent_type_ == "PERCENT" and head.lemma_ in CHANGE_VERBS:
                yield child, "how_many", "number", "By how much", entity_tokens(child)
    subject_root = next((t for t in clause.subject if t.dep_ in SUBJECTS), None)
    if subject_root is not None:
        subject_targets = [
            *_number_targets(sentence, subject_root, None),
            *_part_targets(sentence, people, subject_root, ""),
        ]
        for target, type_, kind, wh, answer in subject_targets:
            yield target, type_, kind, SUBJECT_WH + wh, answer


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
        yield obj, "who", "patient", "Who", people.mention_tokens(sentence, obj)
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
            yield obj, "what", "object", "What", tokens


def _prep_targets(sentence, people, head, prep):
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        return
    obj = objects[0]
    word = prep.lower_
    entity = entity_tokens(obj) if obj.ent_type_ else []
    labels = {t.ent_type_ for t in obj.subtree}
    count = _duration_count(obj)
    if _is_time(obj) and count and word == "for":
        yield prep, "how_many", "number", "For how long", _time_tokens(obj)
    elif _is_time(obj) and count and word in DURATION_PREPOSITIONS:
        # "after 14 minutes" -> After how many minutes; "on 83 minutes" (the match clock) reads the same
        shown = "after" if word == "on" else word
        yield prep, "how_many", "number", f"{shown.capitalize()} how many {obj.text}", count
    elif _is_time(obj) and word in WHEN_PREPOSITIONS and not count:
        yield prep, "when", "date", _when_wh(obj), _time_tokens(obj)
    elif _is_time(obj) and word == "for" and dates.parse(_plain(_time_tokens(obj))) is not None:
        yield prep, "when", "date", "When", _time_tokens(obj)  # "scheduled for Jan. 20"
    elif _is_time(obj) and word in BOUNDED_WHEN and not count:
        yield prep, "when", "date", BOUNDED_WHEN[word], _time_tokens(obj)
    elif obj.ent_type_ == "MONEY" and entity and word != "at":  # "At how much …?" is no English
        # "closed to $36.54": not "To how much did shares close?"
        wh = "To what level" if word == "to" else f"{word.capitalize()} how much"
        yield prep, "how_many", "number", wh, entity
    elif obj.ent_type_ == "PERCENT" and entity:
        of_part = _of_phrase(sentence, people, obj)
        if word == "by" and not of_part:
            yield prep, "how_many", "number", "By how much", entity
        elif of_part is not None:
            yield prep, "how_many", "number", f"{word.capitalize()} what percentage {of_part}".strip(), entity
    elif people.person(sentence, obj) is not None and word not in {"of", "like"}:
        yield obj, "who", "patient", "Who", people.mention_tokens(sentence, obj)
    elif word in WHERE_PREPOSITIONS and labels & PLACE_LABELS and not labels & {"DATE", "PERSON", "TIME"}:
        place = _first_place(obj)
        if place and not any(c.dep_ == "conj" for c in obj.subtree):  # "in Britain and the United States"
            yield prep, "where", "place", "Where", place
    else:
        yield from _number_targets(sentence, obj, prep)


def _amount_targets(obj):
    """'could exceed $400 million' -> How much; 'owns 15 percent of the shares' -> What percentage of …;
    'includes a 4 percent increase in taxes' -> What percentage increase in taxes."""
    if obj.ent_type_ == "MONEY":
        yield obj, "how_many", "number", "How much", entity_tokens(obj)
    elif obj.ent_type_ == "PERCENT":
        of = [c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"]
        whole = list(of[0].subtree) if of else []
        if of and not any(t.pos_ == "PRON" for t in whole):
            wh = "What percentage " + "".join(t.text_with_ws for t in whole).strip()
            yield obj, "how_many", "number", wh, entity_tokens(obj)
    else:
        percent = next((c for c in obj.children if c.ent_type_ == "PERCENT" and c.i < obj.i), None)
        if percent is not None and obj.pos_ == "NOUN":
            amount = entity_tokens(percent)
            ids = {t.i for t in amount}
            rest = [t for t in _until_comma(phrase_tokens(obj)) if t.i not in ids and t.i > amount[-1].i]
            if rest and not any(t.pos_ == "PRON" for t in rest):
                yield obj, "how_many", "number", "What percentage " + tidy(_plain(rest)), amount


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
        yield noun, "how_many", "number", f"{prefix}{wh} {of_part}", entity_tokens(noun)


def _of_phrase(sentence, people, noun) -> str | None:
    """The rendered 'of …' phrase a quantity counts within; '' when there is none, None when it cannot be
    said without an unresolved pronoun ('43 of them')."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return ""
    return _text(sentence, people, _until_comma(phrase_tokens(of))) or None


def _plain(tokens) -> str:
    return "".join(t.text_with_ws for t in tokens)


def entity_tokens(token) -> list:
    """The entity `token` is part of, without a leading 'the'; money with its sign and its rate."""
    if not token.ent_type_:
        return [token]
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    tokens = [doc[i] for i in range(start, end)]
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if token.ent_type_ == "MONEY" and start > 0 and doc[start - 1].tag_ == "$" and tokens[:1] == [doc[start]]:
        tokens = [doc[start - 1], *tokens]  # "$450,000" where the model left the sign out of the entity
    rate = end + 1 < len(doc) and doc[end].lower_ in {"a", "an", "per"} and doc[end + 1].pos_ == "NOUN"
    if token.ent_type_ == "MONEY" and rate:
        tokens = [*tokens, doc[end], doc[end + 1]]  # "$48 a share" is a rate, not a sum
    return tokens


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
        yield (prep if prep is not None else noun), "how_many", "number", wh, number


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


def _is_time(token) -> bool:
    """A date or time, including 'Tuesday night' where the model tagged only 'Tuesday'."""
    return token.ent_type_ in TIME_LABELS or any(
        c.dep_ in {"compound", "nmod"} and c.ent_type_ in TIME_LABELS and dates.parse(c.text) is not None
        for c in token.lefts
    )  # but "a four-year renovation" is a renovation, not a time


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
        tokens = tokens + [t for t in entity_tokens(doc[last + 2]) if t.i > last]  # "Tuesday, Nov. 12"
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if obj.ent_type_ not in TIME_LABELS and obj.lower_ not in PARTS_OF_DAY and len(tokens) > 1:
        tokens = [t for t in tokens if t.i != obj.i]  # "in Tuesday trading": the date is "Tuesday"
    return tokens or [obj]


PARTS_OF_DAY = {"morning", "afternoon", "evening", "night", "overnight"}  # "Tuesday night" is one time


def _when_wh(obj) -> str:
    text = " ".join(t.text for t in _time_tokens(obj))
    return "In what year" if re.fullmatch(r"[12]\d{3}", text) else "When"
