"""Step 5: the transducer that turns a clause and the constituent asked about into a wh-question.

"The mayor met with Ana Ruiz in Lisbon on March 3", target "on March 3", wh "When" ->
"When did the mayor meet with Ana Ruiz in Lisbon?" (auxiliary inversion or do-support, then the
clause without the target). Parenthetical material (relative clauses, appositives, side clauses) is left out
so that questions stay short; references are replaced by the names they stand for, and a question that
would keep an unresolved pronoun is not asked at all.
"""

import re
from dataclasses import dataclass

from lemminflect import getInflection

from quizapp.generator.document import Sentence
from quizapp.generator.mentions import People, english_word

# Children of the clause's verb that are side material, not part of the fact.
CLAUSE_DROP = {
    "advcl",
    "conj",
    "cc",
    "punct",
    "parataxis",
    "mark",
    "ccomp",
    "dep",
    "intj",
    "meta",
    "preconj",
    "discourse",
    "csubj",
    "nsubj",
    "nsubjpass",
    "aux",
    "auxpass",
    "expl",
}
# Inside noun phrases: non-restrictive extras.
PHRASE_DROP = {"relcl", "appos", "parataxis", "advcl"}
PRONOUNS_NEVER_ASKED = {
    "i",
    "me",
    "my",
    "mine",
    "we",
    "us",
    "our",
    "ours",
    "you",
    "your",
    "yours",
    "it",
    "its",
    "they",
    "them",
    "their",
    "theirs",
    "this",
    "these",
    "those",
    "he",
    "him",
    "his",
    "she",
    "her",
    "hers",
    "himself",
    "herself",
    "itself",
    "themselves",
    "one",
    "that",
    "which",
    "who",
    "whom",
    "whose",
}
POSSESSIVE_PRONOUNS = {"his", "her", "their", "its"}
NAME_LABELS = {
    "PERSON",
    "ORG",
    "GPE",
    "NORP",
    "LOC",
    "FAC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
}
MAX_WORDS = 30
# Past this many words a question loses optional phrases (longest first) while it still can.
SOFT_MAX_WORDS = 18


@dataclass(frozen=True)
class Clause:
    verb: object  # the clause's verb (spaCy Token)
    subject: list  # the subject's tokens (a relative pronoun's antecedent for "who was …" clauses)
    passive_aux: str | None = None  # "was"/"were" for a reduced relative ("arrangements made in July")
    tense: str | None = None  # for a participle that shares its main verb's subject and tense ("…, leaving")
    stands_for: str | None = None  # what a pronoun subject ("it said …") refers to, already rendered


class Unaskable(Exception):
    """The clause cannot become a clean question (a pronoun nobody can resolve, a negation, …)."""

    def __init__(self, reason: str, token=None):
        super().__init__(reason)
        self.token = token  # the word that made it unaskable, when one did


def render_tokens(
    sentence: Sentence, people: People, tokens: list, *, lower_first: bool = False, actor=None, owner=None
) -> str:
    """Tokens as text, with person mentions as full names and possessive pronouns as 'Name’s' (but 'his'
    stays when it refers to the `actor` already named in the question; 'its' and 'their' stay when an `owner`,
    the clause's non-person subject, is named in the question)."""
    out: list[str] = []
    done_mention: set[int] = set()
    previous = None
    quoted = sentence.quoted_ids
    for token in tokens:
        if token.i in done_mention:
            continue
        if token.i in quoted and token.pos_ == "PROPN":
            out.append(token.text_with_ws)  # a quotation's words as said: "No one wants Trump tweeting"
            previous = token
            continue
        if previous is not None and token.i > previous.i + 1 and not previous.whitespace_ and out:
            out.append(" ")  # a left-out word stood between these two
        previous = token
        if token.dep_ == "det" and people.person(sentence, token.head) is not None:
            continue  # "the president" becomes the name, without "the"
        person = people.person(sentence, token)
        if person is not None and person is actor and token.pos_ == "PRON":
            out.append(token.text_with_ws)
            continue
        if token.lower_ in {"its", "their"} and owner is not None:
            out.append(token.text_with_ws)  # "the weather service … its highest warning"
            continue
        if person is not None:
            run = [t for t in people.mention_tokens(sentence, token) if t in tokens]
            done_mention.update(t.i for t in run)
            last = run[-1] if run else token
            previous = last  # the space before the next word depends on the mention's last word
            if token.lower_ in POSSESSIVE_PRONOUNS and (token.tag_ == "PRP$" or token.dep_ == "poss"):
                out.append(person.name + "’s" + token.whitespace_)
            else:
                out.append(person.name + (last.whitespace_ if last is not None else " "))
            continue
        if token.lower_ in PRONOUNS_NEVER_ASKED and token.pos_ in {"PRON", "DET"} and token.tag_ != "WDT":
            raise Unaskable("pronoun", token)
        out.append(token.text_with_ws)
    text = "".join(out)
    first = tokens[0] if tokens else None
    if lower_first and first is not None and common_word_at_start(sentence, people, first):
        text = text[:1].lower() + text[1:]
    return tidy(text)


def common_word_at_start(sentence: Sentence, people: People, token) -> bool:
    """'The president' or 'Special fireworks' moved into the middle of a question lose their capital."""
    if token.lower_ in {"the", "a", "an"}:
        return True  # "The Marlow City Museum" mid-question: "the Marlow City Museum"
    if people.person(sentence, token) is not None or token.ent_type_ in NAME_LABELS or token.text == "I":
        return False
    if token.text.isupper() and len(token.text) > 1:
        return False  # an acronym
    opening_noun = token.pos_ in {"NOUN", "PROPN"} and token.is_sent_start and token.text[:1].isupper()
    if opening_noun and (token.text in people.proper_places or not english_word(token.lower_)):
        return False  # "Northwind": no English word, or capitalised mid-sentence elsewhere
    if token.pos_ == "PROPN":
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        named_after = following is not None and following.pos_ == "PROPN" and following.text[:1].isupper()
        if named_after and following.ent_type_ not in {"NORP", "GPE"}:  # not "Special French-built …"
            return False  # "Lantern Dairy": a two-word name the model did not tag as an entity
        return token.is_sent_start
    return True


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*[(\[]\s*[)\]]", "", text)  # a bracket whose conversion or name was left out
    text = re.sub(r"\s+([,.;:!?’”)])", r"\1", text)
    text = re.sub(r"([(“])\s+", r"\1", text)
    text = re.sub(r"(,\s*){2,}", ", ", text)
    text = re.sub(r"^[,;:\s]+|[,;:\s]+$", "", text)
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text.strip()


def phrase_tokens(root, exclude: set[int] = frozenset()) -> list:
    """A constituent's tokens without its parenthetical extras (relative clauses, appositives)."""
    keep: list = []

    def walk(token):
        keep.append(token)
        for child in token.children:
            if child.i in exclude or (child.dep_ in PHRASE_DROP and not _close_apposition(child)):
                continue
            if _set_off(child):
                continue
            walk(child)

    walk(root)
    return strip_edges(_without_dangling_commas(sorted(keep, key=lambda t: t.i)))


def _close_apposition(token) -> bool:
    """'giant Marlowe', 'the singer Ann Lee': an apposition with nothing between it and its noun names
    the thing itself, and leaving it out leaves 'How much must giant pay?'."""
    return token.dep_ == "appos" and token.i == token.head.i + 1 and token.pos_ == "PROPN"


def _set_off(token) -> bool:
    """A participle phrase between commas ('the robot, nicknamed Pebble, sorted …') is an aside."""
    start = token.left_edge.i
    return token.dep_ == "acl" and start > 0 and token.doc[start - 1].text == ","


def _without_dangling_commas(tokens: list) -> list:
    """A comma right before a left-out appositive or clause goes with it."""
    kept = []
    for k, token in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.text == "," and following is not None and following.i != token.i + 1:
            continue
        if token.text == "," and kept and kept[-1].i != token.i - 1:
            continue  # the comma that closed a left-out aside ("Maria Chen[, the mayor,] on Sunday")
        kept.append(token)
    return kept


def strip_edges(tokens: list) -> list:
    while tokens and (
        tokens[-1].is_punct
        and tokens[-1].text not in {"”", ")", "’", "%"}
        or tokens[-1].dep_ in {"cc", "mark"}  # "abducted at gunpoint while?"
        or (tokens[-1].lower_ == "then" and tokens[-1].dep_ == "advmod")  # "…, then jumped": its verb is gone
    ):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct and tokens[0].text not in {"“", "("} or tokens[0].dep_ == "cc"):
        tokens = tokens[1:]
    return tokens


def predicate_tokens(clause: Clause, target: set[int], *, keep_left: bool = False) -> list:
    """The clause's verb phrase without subject, auxiliaries, side clauses and the `target` token ids."""
    verb = clause.verb
    subject_ids = {t.i for t in clause.subject}
    keep: list = []

    def walk(token, top: bool):
        keep.append(token)
        for child in token.children:
            if child.i in target or child.i in subject_ids:
                continue
            if any(t.i in target for t in child.subtree):
                walk(child, top=False)  # the path to the asked-about part always stays
            elif top and (child.dep_ in CLAUSE_DROP or (child.i < verb.i and not keep_left)):
                continue  # side clauses, sentence-initial adverbials, subject and auxiliaries
            elif top and child.dep_ == "prep" and follows_aside(verb, child):
                continue  # most likely the aside's, not the verb's
            elif not top and (child.dep_ in PHRASE_DROP or _set_off(child)):
                continue
            else:
                walk(child, top=False)

    walk(verb, top=True)
    kept = {t.i for t in keep}
    # a possessive ending the parser hung elsewhere stays with its noun ("the nation’s lower parliament")
    keep.extend(t for t in verb.sent if t.tag_ == "POS" and t.i - 1 in kept and t.i not in kept)
    return strip_edges(_without_dangling_commas(sorted(keep, key=lambda t: t.i)))


def follows_aside(verb, prep) -> bool:
    """A phrase the parser hung on the verb right after an appositive or a relative clause of the verb's own
    noun ('pay $48, a premium over the closing price on Friday'; 'after a semi-final that went to extra time
    on Oct. 3') more likely belongs to that noun: asking 'When did they pay?' would be a guess."""
    if prep.i == 0 or prep.i - 1 <= verb.i:
        return False
    token = prep.doc[prep.i - 1]
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ in {"appos", "relcl", "acl"}:
            return True
        token = token.head
    return False


def auxiliaries(clause: Clause) -> list:
    return [c for c in clause.verb.children if c.dep_ in {"aux", "auxpass"} and c.i < clause.verb.i]


def subject_question(
    sentence: Sentence, people: People, clause: Clause, wh: str, drop: set[int] = frozenset()
) -> str:
    """Who/what did it: the wh-word takes the subject's place. After who/what the verb is singular; after
    'how many residents' it stays as it was."""
    if any(c.dep_ == "neg" for c in clause.verb.children):
        raise Unaskable("negated")
    singular = wh in {"Who", "What"}
    auxes = auxiliaries(clause)
    rest = predicate_tokens(clause, set(drop))
    words = []
    if clause.passive_aux:
        words.append("was" if singular else clause.passive_aux)
    for aux in auxes:
        words.append(_singular(aux) if singular else written_out(aux))
    body = render_tokens(sentence, people, rest, actor=_actor(sentence, people, clause))
    if clause.tense:
        tag = "VBZ" if clause.tense == "VBP" and singular else clause.tense
        forms = getInflection(clause.verb.lemma_, tag=tag)
        body = (forms[0] if forms else clause.verb.text) + body[len(clause.verb.text) :]
    elif singular and not auxes and not clause.passive_aux and clause.verb.tag_ == "VBP":
        body = _singular(clause.verb) + body[len(clause.verb.text) :]
    return _finish(" ".join([wh, *words, body]))


def object_question(sentence: Sentence, people: People, clause: Clause, target: set[int], wh: str) -> str:
    """Anything else: wh-phrase, inverted auxiliary (or do-support), subject, the rest without the target."""
    verb = clause.verb
    if any(c.dep_ == "neg" for c in verb.children):
        raise Unaskable("negated")
    subject = clause.stands_for or render_tokens(sentence, people, clause.subject, lower_first=True)
    if not subject:
        raise Unaskable("no subject")
    if _loses_people(sentence, people, clause):
        raise Unaskable("the subject loses people it lists ('Ann Lee, 102, Bo Park, 101, and …')")
    actor = _actor(sentence, people, clause)
    owner = _owner(clause)
    rest = predicate_tokens(clause, target)
    auxes = auxiliaries(clause)
    if clause.passive_aux:
        first, rest_text = clause.passive_aux, render_tokens(sentence, people, rest, actor=actor, owner=owner)
    elif auxes:
        first = written_out(auxes[0])
        others = " ".join(written_out(a) for a in auxes[1:])
        rest_text = " ".join(
            filter(None, [others, render_tokens(sentence, people, rest, actor=actor, owner=owner)])
        )
    elif verb.lemma_ == "be":
        first = written_out(verb)
        rest_text = render_tokens(
            sentence, people, [t for t in rest if t.i != verb.i], actor=actor, owner=owner
        )
    else:
        first = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(clause.tense or verb.tag_)
        if first is None:
            raise Unaskable(f"no finite verb: {verb.text}/{verb.tag_}")
        rest_tokens = [t for t in rest if t.i != verb.i]
        rest_text = verb.lemma_ + " " + render_tokens(sentence, people, rest_tokens, actor=actor, owner=owner)
    return _finish(" ".join([wh, first, subject, rest_text]))


def _loses_people(sentence: Sentence, people: People, clause: Clause) -> bool:
    """The subject as rendered names fewer people than the sentence's subject does: the small model hangs
    'Bo Park' of 'Ann Lee, 102, Bo Park, 101, and …' on the age, which a subject leaves out."""
    heads = [t for t in clause.subject if t.head.i not in {s.i for s in clause.subject}]
    if clause.stands_for or len(heads) != 1 or heads[0].head != clause.verb:
        return False
    named = {people.person(sentence, t) for t in heads[0].subtree} - {None}
    return len(named) > len({people.person(sentence, t) for t in clause.subject} - {None})


def _actor(sentence: Sentence, people: People, clause: Clause):
    """The one person the subject names, if it names one."""
    persons = {people.person(sentence, t) for t in clause.subject} - {None}
    return persons.pop() if len(persons) == 1 else None


def _owner(clause: Clause):
    """The subject's head when it is a thing or group that 'its'/'their' can point back to."""
    ids = {t.i for t in clause.subject}
    heads = [t for t in clause.subject if t.head.i not in ids or t.head == t]
    if len(heads) == 1 and heads[0].pos_ in {"NOUN", "PROPN"} and heads[0].ent_type_ != "PERSON":
        return heads[0]
    return None


# A contracted auxiliary cannot open a question ("By how much 's the firm raising prices?"): written out.
CONTRACTIONS = {"'re": "are", "'ve": "have", "'ll": "will", "'m": "am", "ca": "can", "wo": "will"}


def written_out(verb) -> str:
    """'’s' -> 'is' or 'has', '’d' -> 'would' or 'had', '’re' -> 'are'; other words lowercased."""
    word = verb.lower_.replace("’", "'")
    if word == "'s":  # the model lemmatises every "’s" as "be": a perfect is "has" ("’s won the title")
        head = verb.head
        perfect = head.tag_ == "VBN" and (head.lemma_ == "be" or any(c.dep_ == "dobj" for c in head.children))
        return "has" if verb.lemma_ == "have" or perfect else "is"
    if word == "'d":
        return "had" if verb.lemma_ == "have" else "would"
    return CONTRACTIONS.get(word, verb.lower_)


def _singular(verb) -> str:
    """'are' -> 'is', 'have' -> 'has', 'partner' -> 'partners' after who/what."""
    word = written_out(verb)
    special = {"are": "is", "were": "was", "have": "has", "do": "does"}
    if word in special:
        return special[word]
    if verb.tag_ == "VBP":
        forms = getInflection(verb.lemma_, tag="VBZ")
        return forms[0] if forms else word
    return word


def _finish(question: str) -> str:
    question = tidy(question)
    question = re.sub(r"\s+([?])", r"\1", question).rstrip(" ,.;:")
    if "‘" not in question and re.search(r"\w(?:’s|'s|’|')$", question):
        raise Unaskable("ends on a possessive")  # "… and Westland’?": the name that followed was cut
    if len(question.split()) > MAX_WORDS:
        raise Unaskable("too long")
    return question[:1].upper() + question[1:] + "?"
