"""Facts about the people an article names: their roles and ages, and who said each quotation or
reported statement."""

import re

from quizapp.generator import numbers
from quizapp.generator.document import Sentence, tokens_between
from quizapp.generator.facts.fact import Fact
from quizapp.generator.facts.spans import without_article
from quizapp.generator.facts.vocabulary import QUOTE_MIN_WORDS, QUOTE_SHOWN_WORDS, SAY_VERBS
from quizapp.generator.mentions import TITLE_WORDS, People, Person, english_word
from quizapp.generator.questions import (
    MAX_WORDS,
    NAME_LABELS,
    Unaskable,
    render_tokens,
    strip_edges,
)


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
                    without_article(_mid_question(role.text)),
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


SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
# Words that cannot end a quotation cut short: the phrase they open is left out ("support of the…").
DANGLING = {
    "a", "an", "the", "of", "in", "to", "for", "with", "at", "on", "by", "from", "into", "and", "or", "but",
    "that", "which", "who", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "can", "could", "should", "my", "our", "your", "their", "his", "her", "its", "this", "these", "than",
    "as", "if", "so", "not", "very", "more", "most", "i", "we", "they", "he", "she", "it", "you",
}  # fmt: skip


def _dangles(word: str) -> bool:
    return word.lower().strip(",;:—–-") in DANGLING or word.endswith((",", ";", ":", "—"))


def _says_something(sentence: Sentence, span: tuple[int, int]) -> bool:
    """The quotation holds a clause of its own: a verb heads it, or one of its parts ('We will win. It is
    ours'), not a phrase the writer quoted ('called it “historic trends of how it's used”')."""
    start = sentence.span.start_char
    inside = [t for t in sentence.tokens if span[0] <= t.idx - start < span[1]]
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in ids or t.head == t]
    clause = [t for t in heads if t.pos_ in {"VERB", "AUX"} or any(c.dep_ in SUBJECTS for c in t.children)]
    return bool(clause) or not inside  # "I am awed by this": an adjective with its subject is a clause


def quote_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    facts = []
    previous_speaker: Person | None = None
    for sentence in sentences:
        speaker = _speaker(sentence, people)
        quoted = QUOTED.search(sentence.text)
        goes_on = sentence.index > 0 and QUOTED.search(sentences[sentence.index - 1].text)
        if speaker is None and sentence.text.lstrip().startswith(("“", '"')) and goes_on:
            speaker = previous_speaker  # a quotation that goes on in the next sentence or paragraph
        previous_speaker = speaker if quoted else None
        if speaker is None:
            continue
        for match in QUOTED.finditer(sentence.text):
            quote = match.group(1)
            words = quote.strip(" ,.").split()
            if len(words) < QUOTE_MIN_WORDS or not _says_something(sentence, match.span(1)):
                continue
            kept = words[:QUOTE_SHOWN_WORDS]
            while len(words) > QUOTE_SHOWN_WORDS and len(kept) > QUOTE_MIN_WORDS and _dangles(kept[-1]):
                kept.pop()  # "… related to religious liberty in…": cut before the word that needs the rest
            shown = " ".join(kept).rstrip(",;:")
            if len(words) > QUOTE_SHOWN_WORDS:
                shown = shown.rstrip(".…") + "…"  # "nearly 30 years……": one ellipsis
            if not _names_person(shown, speaker):
                question = f"Who said, “{shown}”?"
                facts.append(Fact("who", "quote", question, speaker.name, sentence, None, person=speaker))
    return facts


def _speaker(sentence: Sentence, people: People) -> Person | None:
    quoted = sentence.quoted_ids  # "… behind Lee doing the world record," said the 31-year-old: not Lee
    for token in sentence.tokens:
        if token.lemma_ in SAY_VERBS and token.pos_ == "VERB" and token.i not in quoted:
            for child in token.children:
                if child.dep_ == "nsubj" and child.i not in quoted:
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
