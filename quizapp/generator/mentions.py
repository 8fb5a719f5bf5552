"""Step 3: who is who. Full names, surname-only mentions, he/she, and "the president" linked to one person,
with the roles the article gives each person ("X, the ambassador to Peru"; "Finance Minister X")."""

import bisect
import functools
import gzip
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lemminflect import config as lemminflect_files

from quizapp.generator import places
from quizapp.generator.document import Sentence

GENDERED = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
QUOTES = {"“", '"', "‘", "(", ":"}  # a capital after these may start a quoted sentence
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr.", "prof."}
# "Dr." and "Mr." are honorifics; the rest of a name's left modifiers may be a title ("Treasury Secretary")
ROLE_BREAK_DEPS = {"conj", "cc", "punct", "appos", "relcl", "acl", "advcl"}
# How far back (in sentences) a pronoun may look for the person it stands for.
PRONOUN_WINDOW = 2


@dataclass(frozen=True)
class Role:
    text: str  # "U.S. President", "ambassador to Japan"
    sentence: int
    span: tuple[int, int]
    name_span: tuple[int, int]  # where the person's name stands beside it


# Role words that say a person's gender: "spokeswoman Ana Ruiz", "Lee, the club's chairman".
GENDERED_ROLE_WORDS = {
    **dict.fromkeys(
        [
            "spokeswoman", "chairwoman", "businesswoman", "congresswoman", "councilwoman", "woman",
            "actress", "mother", "daughter", "wife", "sister", "widow", "girl", "grandmother", "aunt",
            "niece", "queen", "princess", "duchess", "countess",
        ],
        "f",
    ),
    **dict.fromkeys(
        [
            "spokesman", "chairman", "businessman", "congressman", "councilman", "man", "actor", "father",
            "son", "husband", "brother", "widower", "boy", "grandfather", "uncle", "nephew", "king",
            "prince", "duke",
        ],
        "m",
    ),
}  # fmt: skip
# What ties a person to a place or side: "Britain's ____", "____ of Australia", "Ukrainian ____".
AFFILIATION_LABELS = {"GPE", "NORP", "ORG"}


@dataclass(eq=False)
class Person:
    name: str  # the fullest form the article uses
    gender: str | None = None
    roles: list[Role] = field(default_factory=list)
    affiliations: dict[int, set[str]] = field(default_factory=dict)  # sentence index -> sides named there
    spoke: bool = False  # the subject of "said", "told", …: a person, whatever the name's words
    aged: bool = False  # an age written beside the name ("Lee, 46, said"): a person too

    @property
    def looks_named(self) -> bool:
        """A person's name, or the words a shop or a product is named with ('Tiger Mart', 'Quick Pick')?
        Dictionary words alone, with nothing in the article showing a person (a gender, a role, something
        said), are not taken for one."""
        human_role = any(human(head) for head in self.role_heads())  # "a café on Harbour Road" is none
        evidence = self.gender is not None or human_role or self.spoke or self.aged
        return evidence or not all(english_word(part.lower()) for part in self.parts)

    def sides(self, sentence: int | None = None) -> set[str]:
        """The affiliations the article gives the person (in one sentence, or anywhere), as word stems."""
        if sentence is not None:
            return self.affiliations.get(sentence, set())
        return set().union(*self.affiliations.values()) if self.affiliations else set()

    def role_heads(self, sentence: int | None = None) -> set[str]:
        """'spokeswoman' of 'spokeswoman for the Utah Division', 'director' of 'Executive Director'."""
        return {role_head(r.text) for r in self.roles if sentence is None or r.sentence == sentence} - {""}

    @property
    def parts(self) -> list[str]:
        return self.name.split()

    @property
    def surname(self) -> str:
        return self.parts[-1]


# Job titles written before a name, which the model sometimes takes into the name ("Striker Maria Chen").
TITLE_WORDS = {
    "activist",
    "ambassador",
    "analyst",
    "archbishop",
    "architect",
    "artist",
    "astronomer",
    "attorney",
    "author",
    "barrister",
    "biologist",
    "bishop",
    "campaigner",
    "candidate",
    "captain",
    "chairman",
    "chairwoman",
    "chancellor",
    "chef",
    "chemist",
    "coach",
    "commissioner",
    "congressman",
    "congresswoman",
    "constable",
    "coroner",
    "councillor",
    "councilman",
    "councilwoman",
    "curator",
    "dean",
    "defender",
    "deputy",
    "detective",
    "director",
    "doctor",
    "driver",
    "ecologist",
    "economist",
    "engineer",
    "farmer",
    "firefighter",
    "forward",
    "founder",
    "general",
    "geologist",
    "goalkeeper",
    "governor",
    "headteacher",
    "historian",
    "inspector",
    "judge",
    "justice",
    "lawyer",
    "lieutenant",
    "magistrate",
    "manager",
    "mayor",
    "midfielder",
    "minister",
    "novelist",
    "nurse",
    "officer",
    "organiser",
    "organizer",
    "paramedic",
    "pastor",
    "photographer",
    "physicist",
    "pilot",
    "president",
    "principal",
    "professor",
    "prosecutor",
    "rabbi",
    "referee",
    "reporter",
    "researcher",
    "scientist",
    "secretary",
    "senator",
    "sergeant",
    "sheriff",
    "skipper",
    "solicitor",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "striker",
    "student",
    "superintendent",
    "surgeon",
    "teacher",
    "treasurer",
    "winger",
    # a sports page's positions and descriptions before a name ("Rookie Tom Reyes")
    "rookie",
    "veteran",
    "quarterback",
    "pitcher",
    "catcher",
    "goaltender",
    "goalie",
    "defenceman",
    "defenseman",
    "flyhalf",
    "jockey",
    "trainer",
    "sprinter",
    "swimmer",
    "youngster",
    "teenager",
}
# The model now and then tags a storm, a street or a firm as a person. These words never start a person's
# name; these end a street's, and a street name is known by its preposition or another tag elsewhere.
NOT_FIRST_NAMES = {"storm", "hurricane", "typhoon", "cyclone", "tropical", "mount", "lake", "river", "cape"}
STREET_WORDS = {"street", "road", "lane", "avenue", "boulevard", "drive", "square", "crescent", "terrace"}
PLACE_PREPOSITIONS = {"on", "along", "off", "down", "up", "near"}


def _things_named(sentences) -> set[str]:
    """Names the model tagged PERSON somewhere that the article shows are not people: 'Storm Valdera',
    'Mill Lane' ('repairs on Mill Lane'), 'Crestline, which owns 9 percent'."""
    tagged_otherwise: set[str] = set()
    things: set[str] = set()
    for sentence in sentences:
        for entity in sentence.span.ents:
            name = " ".join(t.text for t in _name_tokens(entity))
            if not name:
                continue
            if entity.label_ != "PERSON":
                tagged_otherwise.add(name)
                continue
            words = name.lower().split()
            after = entity.doc[entity.end : entity.end + 2]
            before = entity.doc[entity.start - 1] if entity.start > 0 else None
            relative_which = [t.lower_ for t in after] == [",", "which"]
            on_a_street = (
                words[-1] in STREET_WORDS and before is not None and before.lower_ in PLACE_PREPOSITIONS
            )
            if words[0] in NOT_FIRST_NAMES or relative_which or on_a_street:
                things.add(name)
    things |= {n for n in tagged_otherwise if n.lower().split()[-1] in STREET_WORDS}
    # a one-word "person" that is a word of a firm's or a storm's name: "Crestline" of "Crestline Capital";
    # not of a person's name the model tagged as a firm ("Italy's Davide Ghiotto", then "Ghiotto said")
    firms = things | (tagged_otherwise - set(names_mistagged(sentences)))
    things |= {word for name in firms if len(name.split()) > 1 for word in name.split()}
    return things


def names_mistagged(sentences) -> list[str]:
    """'Davide Ghiotto' tagged a firm or a place, while the article's 'Ghiotto' alone is tagged a person: two
    or three capitalised words, none of them an English word ('Crestline Capital' has one), the last of
    them a person's name elsewhere."""
    alone = (_name_tokens(e) for s in sentences for e in s.span.ents if e.label_ == "PERSON")
    surnames = {tokens[0].text for tokens in alone if len(tokens) == 1}  # "Ghiotto", "Mrs Badenoch"
    found = []
    for sentence in sentences:
        for entity in sentence.span.ents:
            tokens = _name_tokens(entity)
            if entity.label_ not in {"ORG", "GPE", "NORP", "FAC"} or not 2 <= len(tokens) <= 3:
                continue
            if tokens[-1].text in surnames and all(
                t.is_alpha and t.is_title and not english_word(t.lower_) for t in tokens
            ):
                found.append(" ".join(t.text for t in tokens))
    return found


def _untagged_names(sentences) -> list[str]:
    """'Mara Quillon became the first woman …': a name the small model tagged as nothing at all. Two or
    three title-case proper nouns outside any entity, the last no English word and used again on its own
    ('Quillon, 25, …'), the first no title or honorific."""

    def plain_name_word(token) -> bool:
        return token.pos_ == "PROPN" and token.is_title and token.is_alpha and not token.ent_type_

    alone: Counter[str] = Counter()
    runs: list[list] = []
    for sentence in sentences:
        run: list = []
        for token in [*sentence.tokens, None]:
            if token is not None and plain_name_word(token):
                run.append(token)
                continue
            if len(run) == 1:
                alone[run[0].text] += 1
            elif 2 <= len(run) <= 3:
                runs.append(run)
            run = []
    found = []
    for run in runs:
        first, last = run[0].lower_, run[-1]
        if alone[last.text] and not english_word(last.lower_) and first not in HONORIFICS | TITLE_WORDS:
            found.append(" ".join(t.text for t in run))
    return found


def english_word(word: str) -> bool:
    """A word of the English dictionary (lemminflect's), not a name like 'Northwind' or 'Okonkwo'."""
    word = word.lower()
    rows, overrides = _dictionary()
    at = bisect.bisect_left(rows, word, key=_row_word)
    return (at < len(rows) and _row_word(rows[at]) == word) or word in overrides


@functools.cache
def _dictionary() -> tuple[list[str], frozenset[str]]:
    """The rows of lemminflect's lemma table ("word,pos,lemma", in the order of their words) and the words of
    its overrides: those getAllLemmas finds lemmas for. Searched as they are read, a twentieth of the time
    lemminflect takes to build its table of lemmas (0.3 s) and a third of making them a set of words, each
    a part of `quizapp generate`'s start-up."""
    table = gzip.decompress(Path(lemminflect_files.lemma_lu_fn).read_bytes()).decode()
    overrides = Path(lemminflect_files.lemma_overrides_fn).read_text().splitlines()
    words = (_row_word(line) for line in overrides if line.strip() and not line.startswith("#"))
    return table.splitlines(), frozenset(words)


def _row_word(row: str) -> str:
    return row.partition(",")[0]


def _is_name_token(token) -> bool:
    if any(ch.isdigit() for ch in token.text):
        return False  # "Soyuz MS-25", "Apollo 11": a craft or a model, no person's name
    return token.text[:1].isupper() and (
        token.is_alpha or "-" in token.text or "'" in token.text or "." in token.text
    )


def _name_tokens(entity) -> list:
    """An entity's tokens without a trailing possessive, leading honorific or title."""
    tokens = list(entity)
    possessive = next(
        (k for k, t in enumerate(tokens) if t.tag_ == "POS" or t.text in {"’s", "'s", "’", "'"}), None
    )
    if possessive is not None:
        tokens = tokens[:possessive]  # "Anna Brill’s Tidewater": the name ends at the possessive
    bracket = next((k for k, t in enumerate(tokens) if t.text in {"(", "["}), None)
    if bracket is not None:
        tokens = tokens[:bracket]  # "Alex (Moss)": the name ends where the aside begins
    while tokens and (
        tokens[0].lower_ in HONORIFICS
        or not _is_name_token(tokens[0])
        or (tokens[0].lower_ in TITLE_WORDS and len(tokens) > 1)  # "Striker Maria Chen", "Councillor Lee"
        or (len(tokens) > 2 and places.is_demonym(tokens[0].text))  # "Briton Tom Reyes"
    ):
        tokens = tokens[1:]
    while tokens and not (_is_name_token(tokens[-1]) or _after_a_hyphen(tokens)):
        tokens = tokens[:-1]
    return tokens


def _after_a_hyphen(tokens: list) -> bool:
    """'Jae-won': the model splits a hyphenated name, and its lower-case end is still the name's."""
    last = tokens[-1]
    before = last.doc[last.i - 1] if last.i > 0 else None
    return (
        len(tokens) >= 3
        and last.is_alpha
        and before is not None
        and before.text == "-"
        and not before.whitespace_
    )


def name_text(tokens: list) -> str:
    """A name's tokens as the article writes them: 'Park Jae-won', 'Raul "El Toro" Ibarra'."""
    text = ""
    for before, token in zip([None, *tokens], tokens, strict=False):
        glued = before is not None and token.i == before.i + 1 and not before.whitespace_
        text += token.text if glued or before is None else " " + token.text
    return text


class People:
    """Everyone the article names, and which tokens mention whom."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.persons: list[Person] = []
        self._by_name: dict[str, Person] = {}
        # names as the article writes them, where that differs from their tokens joined by spaces:
        # "Park Jae - won" -> "Park Jae-won", 'Raul " El Toro " Ibarra' -> 'Raul "El Toro" Ibarra'
        self.written: dict[str, str] = {}
        self._mentions: dict[tuple[int, int], Person] = {}  # (sentence index, token index) -> person
        self._subject: dict[int, Person] = {}  # the person each sentence is about, when there is one
        self._collect_names()
        self._link_mentions()
        self._collect_roles()
        self._drop_names_of_things()
        self._resolve_references()

    # -- lookups ---------------------------------------------------------------------------------------
    @functools.cached_property
    def proper_places(self) -> dict[str, list[tuple[int, int]]]:
        """Where the article capitalises each word where no sentence starts, as (sentence, token) places:
        a name ('Northwind'), not a common word that merely opens a sentence ('Security researcher …')."""
        places: dict[str, list[tuple[int, int]]] = {}
        for sentence in self.sentences:
            for t in sentence.tokens:
                if (
                    t.text[:1].isupper()
                    and not t.is_sent_start
                    and t.i > 0
                    and t.doc[t.i - 1].text not in QUOTES
                ):
                    places.setdefault(t.text, []).append((sentence.index, t.i))
        return places

    def person(self, sentence: Sentence, token) -> Person | None:
        return self._mentions.get((sentence.index, token.i))

    def mentioned_in(self, sentence: Sentence) -> list[Person]:
        seen: list[Person] = []
        for (index, _), person in sorted(self._mentions.items(), key=lambda kv: kv[0]):
            if index == sentence.index and person not in seen:
                seen.append(person)
        return seen

    def _named_like_a_month(self, token) -> bool:
        """'a loyal ally of May' in an article about Anna May: the 'date' is her surname. Not after a
        word of time ('in May', 'since May', 'early May') nor beside a day or year ('May 3', 'May 2020')."""
        if token.text not in {p.surname for p in self.persons}:
            return False
        doc = token.doc
        before = doc[token.i - 1].lower_ if token.i > 0 else ""
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return before not in TIME_WORDS_BEFORE and not (after is not None and after.like_num)

    def mention_tokens(self, sentence: Sentence, token) -> list:
        """The run of tokens around `token` that mention the same person (e.g. 'Ana Ruiz')."""
        person = self.person(sentence, token)
        if person is None:
            return [token]
        doc = token.doc
        start = end = token.i
        while start - 1 >= sentence.span.start and self._mentions.get((sentence.index, start - 1)) is person:
            start -= 1
        while end + 1 < sentence.span.end and self._mentions.get((sentence.index, end + 1)) is person:
            end += 1
        return [doc[i] for i in range(start, end + 1)]

    def holders(self, role: str) -> list[Person]:
        key = role.lower()
        return [p for p in self.persons if any(r.text.lower() == key for r in p.roles)]

    # -- building --------------------------------------------------------------------------------------
    def _collect_names(self) -> None:
        singles: list[str] = []
        things = _things_named(self.sentences)
        for sentence in self.sentences:
            for entity in sentence.span.ents:
                if entity.label_ != "PERSON":
                    continue
                tokens = _name_tokens(entity)
                if not tokens:
                    continue
                name = " ".join(t.text for t in tokens)  # token by token, as mentions are matched
                if name_text(tokens) != name:
                    self.written[name] = name_text(tokens)
                if len(tokens) == 1:
                    singles.append(name)
                elif name not in things:
                    self._add(name)
        for name in [*_untagged_names(self.sentences), *names_mistagged(self.sentences)]:
            if name not in things:
                self._add(name)
        for name in singles:  # "Pelé": a one-word name nobody's surname or first name explains
            if not self._lookup(name) and name not in things and not self._common_word(name):
                self._add(name)

    def _common_word(self, word: str) -> bool:
        """'Turnout was highest in …': an English word the model took for a name because it opened the
        sentence; a name is capitalised where no sentence starts too."""
        return english_word(word.lower()) and word not in self.proper_places

    def _add(self, name: str) -> None:
        if name in self._by_name:
            return
        # "John F. Kennedy" and "John Kennedy" are one person: keep the fuller form
        for person in self.persons:
            if person.surname == name.split()[-1] and person.parts[0] == name.split()[0]:
                if len(name) > len(person.name):
                    person.name = name
                self._by_name[name] = person
                return
        person = Person(name)
        self.persons.append(person)
        self._by_name[name] = person

    def _lookup(self, word: str) -> Person | None:
        """The person whose surname (or, failing that, first name) is `word`."""
        if word in self._by_name:
            return self._by_name[word]
        by_surname = [p for p in self.persons if len(p.parts) > 1 and p.surname == word]
        if by_surname:
            # two Finches: a bare "Finch" is, by news convention, the one the article named first
            return by_surname[0]
        by_first = [p for p in self.persons if len(p.parts) > 1 and p.parts[0] == word]
        return by_first[0] if len(by_first) == 1 else None

    def _link_mentions(self) -> None:
        full_names = sorted(self._by_name, key=lambda n: -len(n.split()))
        for sentence in self.sentences:
            tokens = sentence.tokens
            texts = [t.text for t in tokens]
            starts: dict[str, list[int]] = {}
            for k, text in enumerate(texts):
                starts.setdefault(text, []).append(k)
            taken: set[int] = set()
            for name in full_names:  # full names first, longest first
                words = name.split()
                for k in starts.get(words[0], ()):
                    if texts[k : k + len(words)] == words and k not in taken:
                        if len(words) == 1 and not self._stands_as_name(tokens[k]):
                            continue
                        for j in range(len(words)):
                            taken.add(k + j)
                            self._mentions[(sentence.index, tokens[k + j].i)] = self._by_name[name]
            for k, token in enumerate(tokens):
                if k in taken or not _is_name_token(token):
                    continue
                if not (self._stands_as_name(token) or self._named_like_a_month(token)):
                    continue  # but "May vowed to fight …" is Anna May, though the model read a month
                after = tokens[k + 1] if k + 1 < len(tokens) else None
                if after is not None and after.pos_ == "PROPN" and after.is_title and k + 1 not in taken:
                    continue  # "Ann Grimes" is not "Ann" of the article's Ann Lindqvist: another name goes on
                person = self._lookup(token.text)
                if person is not None:
                    self._mentions[(sentence.index, token.i)] = person

    @staticmethod
    def _stands_as_name(token) -> bool:
        """A surname alone is a person unless it is part of another kind of name ('the HMS Queen Mary')."""
        if token.ent_type_ and token.ent_type_ not in {"PERSON", "ORG", "NORP", "GPE"}:
            return False
        return token.pos_ in {"PROPN", "NOUN"} or token.ent_type_ == "PERSON"

    def _collect_roles(self) -> None:
        for sentence in self.sentences:
            for token in sentence.tokens:
                person = self.person(sentence, token)
                if person is None or token.head != token and self.person(sentence, token.head) is person:
                    continue  # only the head token of a mention
                name_span = sentence.char_span(self.mention_tokens(sentence, token))
                found = (
                    self._title_before(sentence, token),
                    self._appositive(token),
                    self._apposed_to(token),
                )
                for role_tokens in found:
                    if role_tokens:
                        text = self._role_text(sentence, role_tokens)
                        if not any(r.text == text for r in person.roles):
                            span = sentence.char_span(role_tokens)
                            person.roles.append(Role(text, sentence.index, span, name_span))
                        said = genders_named(" ".join(t.text for t in role_tokens))
                        person.gender = person.gender or (said.pop() if len(said) == 1 else None)
                sides = self._sides(sentence, token)
                if sides:
                    person.affiliations.setdefault(sentence.index, set()).update(sides)
                if token.dep_ in SUBJECT_DEPS and token.head.lemma_ in SPEECH_LEMMAS:
                    person.spoke = True
                person.aged = person.aged or _age_beside(token)

    def _drop_names_of_things(self) -> None:
        """A 'person' the article never shows as one (nothing said, no role held) that names a district
        ('Westford South', 'Millbrook - Carlton') or a known place, stands only where a place does ('at Elm
        and Fifth') or only before a noun ('the Harbourgate scandal') is the model's mistake: no question
        about it, no 'he' or 'she' resolved to it. So is one always written after 'the' or 'this'."""
        for person in list(self.persons):
            if person.spoke or any(human(h) for h in person.role_heads()):
                continue
            mentions = [key for key, p in self._mentions.items() if p is person]
            tokens = [self.sentences[s].span.doc[i] for s, i in mentions]
            if len(person.parts) > 1 and person.gender is None and person.parts[-1].lower() in THING_HEADS:
                self._forget(person)  # "Harlan Radio Telescope", "Veldra Desert": no "he" goes to it
                continue
            heads = [t for t in tokens if t.dep_ not in {"compound", "flat"}]
            if heads and all(_after_the(t, person) for t in heads):
                self._forget(person)  # "this Marlowe Globe", "the 2021 Harbour Globe": a thing, not a person
                continue
            if tokens and all(_numbered(t) for t in tokens):
                self._forget(person)  # "Senate Bill 1062", "Route 66": a numbered thing, not a person
                continue
            if heads and all(_listed_with_things(t) for t in heads):
                self._forget(person)  # "Marlowe, Marlowe Hyper and Quickway stores": a brand among brands
                continue
            if len(person.parts) > 1 and person.parts[-1].lower() in NAME_PARTICLES:
                self._forget(person)  # "Anton Le" of "Anton Le Garrec'h's": the model cut the name short
                continue
            if len(person.parts) > 1:
                # "Portmere North West", "Millbrook - Carlton": a district, not a person ("Jae-won" is a name)
                joined = any(w in {"-", "–", "&"} for w in person.parts) and person.name not in self.written
                district = joined or any(w.lower() in COMPASS_WORDS for w in person.parts)
                # "Quillon, 25, from Westford": a town wherever it stands, with nothing showing a person
                heads = [t for t in tokens if t.dep_ not in {"compound", "flat"}]
                town = person.gender is None and bool(heads) and all(_where(t, origin=True) for t in heads)
                # "the pub in Marsh Baldon … the hub of Marsh Baldon": only ever after a preposition, and
                # once after a place's
                village = (
                    person.gender is None
                    and not person.aged
                    and any(_where(t) for t in heads)
                    and all(t.dep_ == "pobj" for t in heads)
                )
                if not (district or town or village):
                    continue
            modifier = all(t.dep_ == "compound" and t.head.pos_ == "NOUN" for t in tokens)
            located = all(_where(t) for t in tokens)  # "got off at Elm and Fifth"

            place = len(person.parts) > 1 or places.kind(person.name) is not None
            if tokens and (place or modifier or located):
                self._forget(person)

    def _forget(self, person: Person) -> None:
        self.persons.remove(person)
        self._mentions = {key: p for key, p in self._mentions.items() if p is not person}
        self._by_name = {n: p for n, p in self._by_name.items() if p is not person}

    def _sides(self, sentence: Sentence, head) -> set[str]:
        """'Britain's Tom Reyes', 'Tom Reyes of Australia', 'Ukrainian Tom Reyes': the side named beside
        him."""
        found = set()
        for child in head.children:
            if child.dep_ in {"poss", "compound", "amod", "nmod"} and child.ent_type_ in AFFILIATION_LABELS:
                if self.person(sentence, child) is None:
                    found.add(side_key(child.text))
            elif child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ in AFFILIATION_LABELS:
                        found.add(side_key(pobj.text))
        return found

    def _role_text(self, sentence: Sentence, tokens: list) -> str:
        """'Finch's lawyer' -> 'Gerald Finch's lawyer': other people in a role go by their full names."""
        out, done = [], set()
        for token in tokens:
            if token.i in done:
                continue
            person = self.person(sentence, token)
            if person is not None:
                run = [t for t in self.mention_tokens(sentence, token) if t in tokens]
                done.update(t.i for t in run)
                out.append(person.name + run[-1].whitespace_)
            else:
                out.append(token.text_with_ws)
        return "".join(out).strip()

    def _apposed_to(self, name) -> list:
        """'Finch's lawyer' in 'Finch's lawyer, Catherine Blake, argued …'."""
        head = name.head
        if name.dep_ != "appos" or head.pos_ != "NOUN" or head.i > name.i:
            return []
        keep = {head.i}
        stack = [c for c in head.children if c.dep_ not in ROLE_BREAK_DEPS and c.i < name.i]
        while stack:
            node = stack.pop()
            keep.add(node.i)
            stack.extend(c for c in node.children if c.dep_ not in ROLE_BREAK_DEPS - {"punct"})
        tokens = [head.doc[i] for i in range(min(keep), max(keep) + 1)]
        while tokens and tokens[0].dep_ == "det" and tokens[0].head == head:
            tokens = tokens[1:]
        return tokens if _is_role(tokens) else []

    def _title_before(self, sentence: Sentence, head) -> list:
        """'U.S. Senator' in 'U.S. Senator Ana Ruiz'."""
        name_start = min(t.i for t in self.mention_tokens(sentence, head))
        modifiers = [
            c for c in head.children if c.i < name_start and c.dep_ in {"compound", "nmod", "amod", "poss"}
        ]
        if not modifiers:
            return []
        start = min(m.left_edge.i for m in modifiers)
        doc = head.doc
        while start > 0 and "-" in (doc[start].text, doc[start - 1].text) and not doc[start - 1].whitespace_:
            start -= 1  # "ex-deputy prime minister", not "-deputy prime minister"
        tokens = [doc[i] for i in range(start, name_start)]
        while tokens and tokens[-1].lower_ in HONORIFICS:
            tokens = tokens[:-1]  # "Political scientist Dr. Laura Chen": the role is "political scientist"
        tokens = _from_the_post(tokens)
        return tokens if _is_role(tokens) else []

    @staticmethod
    def _appositive(head) -> list:
        """'ambassador to Peru' in 'Ana Ruiz, ambassador to Peru, …'."""
        for child in head.children:
            if child.dep_ != "appos" or child.i < head.i:
                continue
            keep = {child.i}
            stack = [c for c in child.children if c.dep_ not in ROLE_BREAK_DEPS]
            while stack:
                node = stack.pop()
                keep.add(node.i)
                stack.extend(c for c in node.children if c.dep_ not in ROLE_BREAK_DEPS - {"punct"})
            tokens = [head.doc[i] for i in range(min(keep), max(keep) + 1)]
            while tokens and tokens[0].dep_ == "det" and tokens[0].head == child:
                tokens = tokens[1:]  # "the" of "the ambassador", not of "the club's captain"
            if _is_role(tokens):
                return tokens
        return []

    def _resolve_references(self) -> None:
        """he/she/his/her and 'the president' to a person, only when the article leaves no doubt."""
        recent: list[tuple[int, Person]] = []  # (sentence index, person), in order of mention
        for sentence in self.sentences:
            for token in sentence.tokens:
                person = self.person(sentence, token)
                if person is None:
                    person = self._pronoun(sentence, token, recent) or self._description(sentence, token)
                    if person is not None:
                        self._mentions[(sentence.index, token.i)] = person
                if person is not None:
                    recent.append((sentence.index, person))
                    if token.dep_ in SUBJECT_DEPS and sentence.index not in self._subject:
                        self._subject[sentence.index] = person
            recent = [(i, p) for i, p in recent if sentence.index - i < PRONOUN_WINDOW]

    def _pronoun(self, sentence: Sentence, token, recent: list[tuple[int, Person]]) -> Person | None:
        gender = GENDERED.get(token.lower_)
        if gender is None or token.pos_ != "PRON":
            return None
        if token.head.lower_ in STYLES_OF_ADDRESS and token.head.i == token.i + 1:
            return None  # "His Holiness" is a style, not "the Pope’s Holiness"
        if self._someone_described_nearby(sentence, token):
            return None  # "The American … the superstar … She": the one she is, is no named person in sight
        fits = [p for _, p in recent if p.gender in (None, gender)]
        candidates = list(dict.fromkeys(fits))
        owner = self._clause_subject(sentence, token) if token.tag_ == "PRP$" else None
        if owner is not None and owner in candidates:
            owner.gender = owner.gender or gender  # "the mark Lee had held from his career": Lee's
            return owner
        doer = self._own_subject(sentence, token)
        if doer is not None:  # "Tom Garrity praised her": her is not Tom Garrity
            candidates = [p for p in candidates if p is not doer]
        # "she defeated Tom Reyes": she is not Tom Reyes (that would be "herself")
        done_to = self._own_objects(sentence, token)
        candidates = [p for p in candidates if p not in done_to]
        # Two people who fit ('Aidan O'Brien … his son Joseph … He …'): the small model's subject is no safe
        # guide (blind raters found a father's plans given to his son), so the pronoun stays unresolved
        if len(candidates) == 1:
            chosen = candidates[0]
        else:
            # "The fraud was uncovered by Olivia Grant. She reported …": the one fitting person the previous
            # sentence names, for a pronoun that is the subject of its own sentence
            before = self.mentioned_in(self.sentences[sentence.index - 1]) if sentence.index > 0 else []
            last = [p for p in candidates if p in before]
            if len(last) != 1 or token.dep_ not in SUBJECT_DEPS or self.mentioned_in(sentence):
                return None
            chosen = last[0]
        chosen.gender = chosen.gender or gender
        return chosen

    def _own_subject(self, sentence: Sentence, token) -> Person | None:
        """For an object pronoun ('him', 'her' after a verb or its preposition), the person who is the
        subject of that same verb, which the pronoun cannot stand for (that would be 'himself')."""
        if token.tag_ != "PRP" or token.dep_ not in {"dobj", "dative", "pobj"}:
            return None
        verb = token.head.head if token.dep_ == "pobj" else token.head
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        return self.person(sentence, subject) if subject is not None else None

    def _someone_described_nearby(self, sentence: Sentence, token) -> bool:
        """The pronoun's own clause, or the sentence before, has for subject someone the article only
        describes ('The American shared the record with Ana Ruiz …', 'the 23-year-old was frustrated
        in her …'): the pronoun most likely goes on with that one, whom the model did not link to a name."""
        verb = token.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        subjects = [(sentence, c) for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i != token.i]
        if sentence.index > 0:
            before = self.sentences[sentence.index - 1]
            subjects += [(before, c) for c in before.span.root.children if c.dep_ in SUBJECT_DEPS]
        return any(describes_someone(s) and self.person(where, s) is None for where, s in subjects)

    def _own_objects(self, sentence: Sentence, token) -> set[Person]:
        """For a subject pronoun, the people its verb's objects name (directly or after a preposition)."""
        if token.dep_ not in SUBJECT_DEPS:
            return set()
        objects = [c for c in token.head.children if c.dep_ in {"dobj", "dative"}]
        objects += [
            g for c in token.head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
        ]
        found = {self.person(sentence, t) for o in objects for t in o.subtree}
        return found - {None}

    def _clause_subject(self, sentence: Sentence, token) -> Person | None:
        """For a possessive pronoun, the person who is the subject of the verb its noun phrase hangs on."""
        verb = token.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        return self.person(sentence, subject) if subject is not None and subject.i != token.i else None

    def _description(self, sentence: Sentence, token) -> Person | None:
        """'the president' for the one person whose role ends in 'president'."""
        if token.pos_ != "NOUN" or not any(c.lower_ == "the" and c.dep_ == "det" for c in token.children):
            return None
        if any(c.dep_ in {"compound", "amod", "poss", "prep"} for c in token.children):
            return None
        holders = [
            p for p in self.persons if any(r.text.split()[-1].lower() == token.lower_ for r in p.roles)
        ]
        return holders[0] if len(holders) == 1 else None


ROLE_PREPOSITIONS = {"for", "of", "to", "in", "at", "with", "from", "on"}


def role_head(text: str) -> str:
    """The noun a role is: its last word before a preposition ('coach' of 'head coach of the club')."""
    words = []
    for word in text.split():
        if word.lower() in ROLE_PREPOSITIONS:
            break
        words.append(word)
    return re.sub(r"\W", "", words[-1].lower()) if words else ""


COMPASS_WORDS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central",
}  # fmt: skip
PLACE_PREPOSITIONS_OF_NAMES = {"at", "on", "near", "in", "into", "onto", "along", "off", "outside"}


# besides the title words and the gendered role words ("the rookie", "the woman")
SOMEONE_NOUNS = {
    "star", "superstar", "champion", "great", "winner", "player", "favourite", "favorite", "legend", "victim",
    "suspect",
}  # fmt: skip


def describes_someone(token, posts: bool = True) -> bool:
    """'The American', 'the superstar', 'The 23-year-old': a person the sentence names only by description;
    without `posts`, not 'the Secretary of State' or 'the Duchess of Cambridge', which a question may use."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return False
    if not posts and any(c.dep_ == "prep" for c in token.children):
        return False
    word = token.lower_
    return (
        word in SOMEONE_NOUNS
        or word.endswith("-old")
        or word in TITLE_WORDS
        or word in GENDERED_ROLE_WORDS  # not any agent noun: "the Department said" is no person
        or (token.text[:1].isupper() and places.is_demonym(token.text))
    )


def _where(token, origin: bool = False) -> bool:
    """The token stands where a place does: after 'at', 'near' …, or joined by 'and' to one that does; with
    `origin`, after 'from' too ('from Westford', which for a person would be rare)."""
    if token.dep_ == "conj":
        token = token.head
    prepositions = PLACE_PREPOSITIONS_OF_NAMES | ({"from"} if origin else set())
    return token.dep_ == "pobj" and token.head.lower_ in prepositions


AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "ive", "naut")
# Heads of posts only people hold that no ending shows: "union chief", "former head of the union"
PEOPLES_POSTS = {"chief", "head", "boss", "chair", "aide", "envoy", "deputy", "heir"}


def human(role_head: str) -> bool:
    """A role only a person holds: a title ('coach', 'mayor') or an agent noun ('owner', 'economist')."""
    return (
        role_head in TITLE_WORDS
        or role_head in GENDERED_ROLE_WORDS
        or role_head in PEOPLES_POSTS
        or role_head.endswith(AGENT_ENDINGS)
    )


def _numbered(token) -> bool:
    """A number right after the name's last word: 'Bill 1062' (but 'Lee, 46,' has a comma between)."""
    doc, end = token.doc, token.i
    while end + 1 < len(doc) and doc[end + 1].dep_ in {"compound", "flat"} and doc[end + 1].head == token:
        end += 1
    return end + 1 < len(doc) and doc[end + 1].text[:1].isdigit()


def _age_beside(name) -> bool:
    """'Lee, 46, said …': a number of years between commas right after the name (its last token)."""
    doc, end = name.doc, name.i
    while end + 1 < len(doc) and doc[end + 1].dep_ in {"compound", "flat"} and doc[end + 1].head == name:
        end += 1
    after = doc[end + 1 : end + 4]
    if len(after) < 3 or after[0].text != "," or after[2].text != "," or not after[1].text.isdigit():
        return False
    return 0 < int(after[1].text) < 120


def side_key(word: str) -> str:
    """'Britain', 'British' and 'Briton' are one side: compared by their first five letters."""
    return word.lower()[:5]


STYLES_OF_ADDRESS = {
    "holiness",
    "majesty",
    "highness",
    "excellency",
    "eminence",
    "grace",
    "lordship",
    "ladyship",
}
TIME_WORDS_BEFORE = {
    "in", "since", "by", "until", "till", "from", "to", "during", "before", "after", "of", "early", "late",
    "mid", "last", "next", "this", "through", "between", "and", "or", "each", "every",
}  # fmt: skip

DEFINITE = {"the", "this", "that", "these", "those"}  # a person's name is not written after them
# words that begin a surname ("Le Garrec'h", "van Dijk", "bin Salman"): a name cannot end on one
NAME_PARTICLES = {
    "le", "la", "de", "del", "della", "di", "da", "du", "van", "von", "der", "den", "el", "al", "bin", "ibn",
}  # fmt: skip

# The last word of a name the model tags PERSON that no person has: an instrument, an institution, a prize
THING_HEADS = {
    "telescope", "array", "observatory", "institute", "university", "college", "museum", "stadium", "centre",
    "center", "hospital", "airport", "station", "award", "prize", "trophy", "festival", "foundation",
    "desert", "river", "mountain", "satellite", "spacecraft", "programme", "program", "act", "index",
    "tour", "park", "arena", "palace", "cup", "league", "championship", "championships", "series", "games",
    "open", "club", "tower", "church", "cathedral", "bridge", "square", "airline", "airways", "group",
}  # fmt: skip

# verbs of saying: their subject is a person; a sentence of one with nothing said asks nothing
SPEECH_LEMMAS = {
    "say", "tell", "add", "write", "report", "state", "ask", "explain", "announce", "insist", "warn",
    "recall",
}  # fmt: skip


THING_LABELS = {"ORG", "PRODUCT", "FAC"}


def _listed_with_things(head) -> bool:
    """The name stands in a list ('X, Y and Z') whose other members the model calls organisations or
    products, two at least and more than it calls people: one of the brands, not a person among them."""
    root = head
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    others = [t for t in [root, *(t for t in root.subtree if t.dep_ == "conj")] if t.i != head.i]
    things = sum(t.ent_type_ in THING_LABELS for t in others)
    return things >= 2 and things > sum(t.ent_type_ == "PERSON" for t in others)


def _after_the(head, person: Person) -> bool:
    """The name is written after "the" or "this", with at most a number between ("the 2021 Marlowe Globe")."""
    for det in head.children:
        if det.dep_ == "det" and det.lower_ in DEFINITE and det.i < head.i:
            between = [t for t in head.doc[det.i + 1 : head.i] if t.text not in person.parts]
            return all(t.like_num for t in between)
    return False


def genders_named(text: str) -> set[str]:
    """The genders a text's role words say ('spokeswoman' f, 'chairman' m): none, one, or both."""
    return {GENDERED_ROLE_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in GENDERED_ROLE_WORDS}


def _from_the_post(tokens: list) -> list:
    """'along with NASA astronaut' before a name: the post is 'NASA astronaut'."""
    while tokens and tokens[0].pos_ in {"ADP", "ADV", "CCONJ", "SCONJ", "PUNCT"}:
        tokens = tokens[1:]
    return tokens


def _is_role(tokens: list) -> bool:
    """A job or title: ends in a noun, names no one, points at no one ('his friend')."""
    words = "".join(t.text_with_ws for t in tokens).split()
    if not tokens or len(words) > 8 or all(t.lower_.rstrip(".") in HONORIFICS for t in tokens):
        return False
    if any(
        t.pos_ == "PRON" or (t.ent_type_ == "PERSON" and t.dep_ not in {"poss", "compound"}) for t in tokens
    ):
        return False  # "his friend"; but "Finch's lawyer" is a role
    last = tokens[-1]
    not_a_title = last.pos_ not in {"NOUN", "PROPN"} or last.ent_type_ in {
        "GPE",
        "NORP",
        "LOC",
        "DATE",
        "CARDINAL",
    }
    if not_a_title and not (last.pos_ == "PROPN" and len(tokens) > 1):  # "ambassador to Peru" is fine
        return False
    return any(t.pos_ in {"NOUN", "PROPN"} and t.ent_type_ not in {"GPE", "NORP"} for t in tokens)
