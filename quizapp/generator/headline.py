"""A title for an article that has no headline: its lead sentence's subject and event, written as a headline
is ("Lindqvist wins Nordic marathon" of "Mara Lindqvist won the Nordic marathon in Oslo on March 3, 2024"),
or None when the lead's parse gives no plain subject-verb-object to make one from."""

import re

MAX_WORDS = 8  # a headline's length; a longer one gives more of the article's answers away
OBJECT_PREPOSITIONS = {"with", "to", "for", "against", "over", "from", "into"}  # "met with Okafor"
DROPPED = {"det", "poss", "punct", "prep", "relcl", "acl", "appos", "advmod", "cc", "conj", "nummod"}


def headline(sentence) -> str | None:
    """The headline of a lead sentence (a spaCy span), or None."""
    root = sentence.root
    if root.pos_ != "VERB" or root.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None  # "is", "has been", a passive: no event a headline can name in a few words
    subject = next((t for t in root.lefts if t.dep_ == "nsubj"), None)
    if subject is None:
        return None
    event = _obj(root)
    if not event:
        return None  # "Researchers found that …": the event is in a clause a headline cannot cut short
    words = [*_phrase(subject), _present(root.lemma_, _singular(subject)), *event]
    if len(words) > MAX_WORDS:
        return None
    title = " ".join(words)
    return title[0].upper() + title[1:]


def _obj(root) -> list[str]:
    """The event's object: "Nordic marathon" of "won the Nordic marathon", "with Okafor" of "met with …"."""
    for child in root.rights:
        if child.dep_ == "dobj":
            return _phrase(child, by_name=False)
        if child.dep_ == "prep" and child.lower_ in OBJECT_PREPOSITIONS:
            pobj = next((t for t in child.children if t.dep_ == "pobj"), None)
            if pobj is not None:
                return [child.lower_, *_phrase(pobj, by_name=False)]
    return []


def _phrase(head, *, by_name: bool = True) -> list[str]:
    """A noun phrase cut to its core: a person by surname ("Reyes" of "Harbour Mayor Tom Reyes") or,
    not `by_name`, by their role where the article gives one ("Westford's Prime Minister" of "… Ada
    Okafor", as a headline names the second person: the title above a question about them then reads
    whole, not with a blank for the name); anything else without its article, clauses and attachments
    ("Nordic marathon")."""
    if head.ent_type_ == "PERSON":
        titles = [t for t in head.lefts if t.ent_type_ != "PERSON" and t.dep_ in {"compound", "amod"}]
        role = [w.text for t in titles for w in t.subtree if w.dep_ not in DROPPED]
        return role if role and not by_name else [head.text]
    kept = [t for t in head.subtree if t == head or (t.head == head and t.dep_ not in DROPPED)]
    return [t.text for t in kept if t.dep_ != "compound" or t.head == head]


IRREGULAR = {"be": ("is", "are"), "have": ("has", "have"), "do": ("does", "do"), "go": ("goes", "go")}


def _present(lemma: str, singular: bool) -> str:
    """A headline's present tense: "wins", "approves", "pushes", "carries". Spelled by rule rather than with
    lemminflect's inflection table, whose loading would cost `quizapp generate` a third of a second."""
    if lemma in IRREGULAR:
        return IRREGULAR[lemma][0 if singular else 1]
    if not singular:
        return lemma
    if re.search(r"(s|x|z|ch|sh)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _singular(subject) -> bool:
    return subject.tag_ not in {"NNS", "NNPS"} and subject.lower_ not in {"we", "they", "i", "you"}
