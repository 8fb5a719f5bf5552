"""Step 8a: the self-check every item passes before it is kept. Each check looks at one fact and returns the
reason a teacher would strike it out, or None. Precision first: a fact that fails any check is dropped.

What they catch, as general rules: the answer given away (by the question, or by the article's title shown
above every question in a form the blank over the answer misses), an answer taken from another clause than the
one the question asks about, a question whose words do not come from its source sentence in order (two clauses
merged, a name put in the wrong place), agreement broken by the transformation ("could has"), and lost
context.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from quizapp.generator import dates, numbers
from quizapp.generator.answers import hide_in_title, normalise
from quizapp.generator.cloze import FINITE, PROMPT
from quizapp.generator.document import tokens_between
from quizapp.generator.facts import Fact
from quizapp.generator.facts.vocabulary import SUBJECTS
from quizapp.generator.mentions import SPEECH_LEMMAS, STREET_WORDS, human, role_head

PRONOUN_ANSWERS = {
    "he", "she", "it", "they", "him", "her", "them", "his", "hers", "its", "their", "this", "that",
    "these", "those", "we", "us", "i", "me", "you", "who", "which",
}  # fmt: skip
FRAGMENT_EDGES = {
    "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "that", "which",
    "who",
}  # fmt: skip
QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")  # "this" inside a quotation is the speaker's
# "this agreement" points back into the article; "on this scale", "this year" stand on their own.
# "this plan", "these men": who or what only the sentences before say (the title's own noun is shown above)
VAGUE_REFERENCE = re.compile(
    r"\b(this|these|those|such)\s+(?!(?:scale|size|kind|sort|magnitude|level|year|month|week|season)\b)(\w+)",
    re.I,
)
DEMONSTRATIVES = {"that", "this", "these", "those"}
CLOCK_TIME = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\b|p\.?m\b)|\b(?:noon|midnight)\b", re.I)
MODALS = {"can", "could", "will", "would", "shall", "should", "may", "might", "must"}
# After "did/does/do" or a modal and its subject, the verb is bare: "could has", "did met" are broken.
NOT_INFLECTED = {"has", "is", "was", "does", "did", "were", "goes"}
WH_WORDS = {"who", "whom", "whose", "what", "which", "when", "where", "how", "why"}
# Words a question may add to its source clause: the wh-phrase, auxiliaries and do-support, "besides".
ADDED_WORDS = WH_WORDS | MODALS | {
    "do", "does", "did", "is", "are", "was", "were", "be", "been", "has", "have", "had", "many", "much",
    "long", "old", "far", "besides", "fill", "in", "the", "blank", "a", "an", "of", "s", "position", "hold",
    "year", "day", "month", "date", "time", "said", "say", "that", "which", "who", "whom",
}  # fmt: skip
# An idiom or a vague time word is no answer to "When …?": "on the night", "at the time", "later".
VAGUE_TIMES = {
    "night", "day", "time", "moment", "today", "now", "then", "later", "recently", "once", "currently",
    "the night", "the day", "the time", "the moment", "this week", "last week", "the past", "the future",
    "the weekend", "the end", "earlier", "previously", "soon", "yesterday", "tonight",
}  # fmt: skip
# What a "When …?" answer must name: a date, a day, a month, a season, a time of day, a year or a decade.
DATE_WORD = re.compile(
    r"\b(?:\d{3,4}s?|\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|fall|winter|noon|midnight|"
    r"century|christmas|easter)\b",
    re.I,
)
# "tomorrow", "last month", "early last year": true only on the day the article was written
RELATIVE_TIME = re.compile(
    r"^(?:(?:early|late|mid|the)\s+)?(?:last|next|this|prior|previous|coming|past)\b|"
    r"^(?:today|tomorrow|yesterday|tonight|afterwards|recently|later|earlier)$",
    re.I,
)
# Said just before the value and needed to make it true: "just before midnight", "about 3 p.m."
HEDGES = re.compile(
    r"\b(?:(?:just|shortly|soon|right|well|long)\s+(?:before|after)"
    r"|around|about|nearly|almost|approximately|roughly)\s+$",
    re.I,
)
TIME_BOUNDS = re.compile(r"\b(?:before|after|until|since|by)\s+$", re.I)  # "hit before 6 a.m."
ORDINAL = re.compile(
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))", re.I
)
CLAUSE_DEPS = {"advcl", "relcl", "ccomp", "xcomp", "acl", "conj", "csubj", "pcomp"}


@dataclass(frozen=True)
class Context:
    title: str  # normalised, padded with spaces: whole words are " word " in it
    shown_title: str = ""  # as written, shown above every question with the answer blanked out
    misparsed: dict = field(default_factory=dict, compare=False)  # sentence index -> bool, worked out once
    title_numbers: frozenset[float] = frozenset()  # "Dow falls 203", "seventh title": 203, 7


def context(title: str | None) -> Context:
    found = set()
    for word in re.findall(r"[$£€]?\d[\d,.]*|[A-Za-z]+", title or ""):
        number = numbers.title_value(word)
        if number is not None:
            found.add(float(number))
    return Context(f" {normalise(title or '')} ", title or "", title_numbers=frozenset(found))


def _answer(fact: Fact, ctx: Context) -> str | None:
    answer = normalise(fact.answer)
    words = fact.answer.lower().split()
    if not answer or answer in PRONOUN_ANSWERS:
        return "the answer is a pronoun"
    if words[0] in FRAGMENT_EDGES or words[-1] in FRAGMENT_EDGES | {"the", "a", "an"}:
        return "the answer is a fragment"
    if fact.answer.count("“") != fact.answer.count("”") or fact.answer.count("(") != fact.answer.count(")"):
        return "the answer cuts a quotation or a bracket"
    if fact.type == "when" and re.match(r"(?:the\s+)?ages?\s+of\b", fact.answer.strip(), re.I):
        return "the answer is an age ('age of 116'), not a date"
    if fact.type == "when" and (answer in VAGUE_TIMES or not DATE_WORD.search(fact.answer)):
        return "the answer is no date"
    if fact.type == "when" and re.fullmatch(r"[12]\d{3}(?:[\s,]+(?:and\s+)?[12]\d{3})+", fact.answer.strip()):
        return "the answer is a list of years cut from a longer one ('2010 2011' of 2010, 2011 and 2014)"
    if fact.type in {"when", "how_many"} and re.fullmatch(r"0\d{3}", fact.answer.strip()):
        return "the answer is a clock time written as four digits ('0830 GMT'), not a year"
    if fact.type in {"when", "how_many"} and re.match(r",\s+\d{3}\b", fact.after_answer):
        return "the number is cut at a stray space in its thousands ('$4, 215.50')"
    if fact.type == "when" and numbers.SCORE.fullmatch(fact.answer.strip()):
        return "the answer is a score the model read as a date ('110-89')"
    if fact.type == "when" and RELATIVE_TIME.search(fact.answer.strip()):
        return "the answer is a time relative to the day the article was written"
    if fact.type == "when" and fact.kind != "cloze":
        before = fact.before_answer.split()
        if before and before[-1].lower() in {"for", "of", "to", "than"}:
            return f"a date after '{before[-1]}' is not when it happened ('the budget for 2025')"
    if fact.type == "who" and fact.person is not None and not fact.person.looks_named:
        return "the 'person' is named with dictionary words and nothing shows a person (a shop, a product)"
    if fact.kind == "role":
        asked = re.search(r"\bwho (?:is|was) (?:the |a |an )?(.+)\?$", fact.question, re.I)
        post = asked.group(1) if asked else ""
        if post.split() and post.split()[-1].lower().rstrip(".") in TITLES_BEFORE_NAMES:
            return "the post ends on a title cut from its name ('the baby's uncle Prince')"
        if not human(role_head(post)):
            return "what the question calls a post is no post a person holds ('the Cnemaspic Girii')"
    if fact.type == "what":
        reason = _what_asked(fact)
        if reason:
            return reason
    if fact.type == "how_many" and EVENT_BEFORE.search(fact.before_answer):
        return "the number names an event or a class ('the women’s 10m air rifle', 'the men’s 73kg')"
    if fact.type == "how_many" and _part_of_a_name(fact):
        return "the number is part of a name ('Number 10', 'Boeing 737'), not a count"
    if fact.type in {"when", "how_many"} and _house_number(fact):
        return "the number is a house number ('at 4410 Harbour Road'), not a year or a count"
    if fact.type == "when" and _after_a_name_word(fact):
        return "the 'day' is part of a name ('Sheffield Wednesday', 'Black Friday')"
    if fact.type in {"when", "how_many"} and _code_after(fact):
        return "the number is part of a code-like name ('2031 QX7', '848 XR 10'), not a count or a year"
    if fact.type == "how_many" and _half_a_number(fact):
        return "the blank is half of a hyphenated number ('____-eight' of 'Seventy-eight')"
    if fact.type == "how_many" and _one_more_than_before(fact):
        return "the blank is the number after the one before it ('one- or ____-unit buildings')"
    if fact.type == "how_many" and ORDINAL.fullmatch(answer):
        return "the answer is an ordinal, not a count"
    return None


TITLES_BEFORE_NAMES = {
    "prince", "princess", "king", "queen", "sir", "lord", "lady", "dame", "duke", "duchess", "dr", "mr",
    "mrs", "ms", "miss", "prof", "rev", "father", "sister", "brother", "uncle", "aunt",
}  # fmt: skip
ABBREVIATED_TITLES = {"gov", "sen", "rep", "lt", "gen", "col", "sgt", "capt", "supt"}
NAME_JOINERS = {"of", "the", "and", "for", "de", "&"}  # "Bank of England", "Marks & Spencer"


def _what_asked(fact: Fact) -> str | None:
    """'What' items that blind raters kept: a named thing ('Lantern Dairy'), and a post a person holds,
    named in two words or more, asked 'What position does X hold?'. They struck out nearly every other
    one: 'Who is X?' ('a 74-year-old retiree', 'British charity'), a bare rank ('Captain'), and a common
    phrase as the answer ('major wins'): 3 of 35 of those were kept."""
    if fact.kind != "role_of":
        named = all(w[:1].isupper() or w.lower() in NAME_JOINERS for w in fact.answer.split())
        if named and fact.answer[:1].isupper():
            return None  # "What did Brightwell agree to buy? Lantern Dairy": a named thing
        return "a 'what' answered by a common phrase ('major wins', 'fastest lap') is rarely kept"
    if not fact.question.startswith("What position"):
        return "'Who is X?' has many right answers besides the one the article gives"
    return post_problem(fact.answer)


def post_problem(post: str) -> str | None:
    """Why a post is no answer (or wrong choice) to 'What position does X hold?', or None."""
    words = post.split()
    if len(words) < 2 or not human(role_head(post)):
        return "the post is a bare rank or not a post a person holds ('Captain', 'Media Relations')"
    if any(w[:1].isupper() and w.rstrip(".").lower() in ABBREVIATED_TITLES for w in words):
        return "the post is an abbreviation ('Texas Gov.')"
    return None


NAME_LABELS = {"ORG", "FAC", "GPE", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "NORP"}


def _answer_tokens_and_before(fact: Fact):
    """The answer's tokens and the token just before them (None at the sentence's start)."""
    tokens = list(tokens_between(fact.sentence, *fact.answer_span)) if fact.answer_span else []
    if not tokens or tokens[0].i == fact.sentence.span.start:
        return tokens, None
    return tokens, tokens[0].doc[tokens[0].i - 1]


def _code_after(fact: Fact) -> bool:
    """'2031 QX7', '848 XR 10': a number followed by a code of letters and digits, or by capitals and
    another number, names a thing (an asteroid, a model); not '10 BBC journalists'."""
    tokens, _ = _answer_tokens_and_before(fact)
    if not tokens or not tokens[-1].like_num:
        return False
    doc, end = tokens[-1].doc, tokens[-1].i + 1
    after = doc[end] if end < len(doc) else None
    if after is not None and after.text == ":" and end + 1 < len(doc) and doc[end + 1].is_title:
        return True  # "2049: A Harbour Story", a title
    if after is None or not after.is_alpha and not after.text.isalnum():
        return False
    code = any(c.isdigit() for c in after.text) and any(c.isalpha() for c in after.text)
    capitals = after.is_upper and len(after.text) > 1 and end + 1 < len(doc) and doc[end + 1].like_num
    return code or capitals


def _one_more_than_before(fact: Fact) -> bool:
    """'one- or ____-unit', 'three to ____ days': a count one past the number just before it is guessed."""
    before = re.search(r"([\w.,]+)-?\s+(?:or|to)\s+$", fact.before_answer)
    shown, answer = (numbers.value(before.group(1)) if before else None), numbers.value(fact.answer)
    return shown is not None and answer is not None and answer == shown + 1


def _half_a_number(fact: Fact) -> bool:
    """The blank stops at a hyphen that joins it to another number word ('Seventy-eight')."""
    joined = re.match(r"-([A-Za-z]+)", fact.after_answer)
    return bool(joined) and joined.group(1).lower() in numbers.NUMBER_WORDS - {"and", "a"}


def _after_a_name_word(fact: Fact) -> bool:
    """'Sheffield ____': a weekday right after a name word ('Black Friday', 'Super Tuesday' too); not
    'President Lee Tuesday signed'."""
    tokens, before = _answer_tokens_and_before(fact)
    weekday = len(tokens) == 1 and tokens[0].text.capitalize() in dates.WEEKDAYS
    named = before is not None and before.pos_ == "PROPN" and before.text[:1].isupper()
    return weekday and named and before.ent_type_ not in {"DATE", "TIME", "PERSON"}


def _house_number(fact: Fact) -> bool:
    tokens, _ = _answer_tokens_and_before(fact)
    if len(tokens) != 1 or not tokens[0].is_digit:
        return False
    name = []
    for token in tokens[0].doc[tokens[0].i + 1 : tokens[0].i + 5]:
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            break
        name.append(token.lower_)
    return bool(name) and name[-1].rstrip(".") in STREET_WORDS | STREET_ABBREVIATIONS


STREET_ABBREVIATIONS = {"st", "ave", "rd", "blvd", "ln", "pl", "hwy"}  # "903 W. Beech St."


def _in_article(fact: Fact, entity) -> tuple[int, int]:
    """An entity's characters in the article text, where answer spans are (the doc is its paragraph)."""
    return fact.sentence.offset + entity.start_char, fact.sentence.offset + entity.end_char


EVENT_BEFORE = re.compile(r"\b(?:men|women|boys|girls)[’']s?\s+$|\b(?:mixed|junior|under-\d+)\s+$", re.I)


def _part_of_a_name(fact: Fact) -> bool:
    """'Boeing 737' (inside a name the model found), 'a Number 10 spokesman' (a bare number after a
    capitalised word); not 'the Observatory 450 miles west', which counts miles."""
    if fact.answer_span is None:
        return False
    if any(
        e.label_ in NAME_LABELS and _overlaps(_in_article(fact, e), fact.answer_span)
        for e in fact.sentence.span.ents
    ):
        return True
    tokens, before = _answer_tokens_and_before(fact)
    if len(tokens) != 1 or not tokens[0].is_digit or before is None:
        return False
    after = tokens[0].doc[tokens[0].i + 1] if tokens[0].i + 1 < len(tokens[0].doc) else None
    if before.lower_ in {"a", "an"} and after is not None and after.tag_ == "NN" and int(tokens[0].text) > 1:
        return True  # "a 911 call", "a 737 jet": one of something, so the number is its name
    if (
        after is not None
        and after.text.istitle()
        and after.is_alpha
        and after.ent_type_ not in {"NORP", "DATE"}
    ):
        return True  # "at 4410 Harbour Road": a house number; "7 Red Doors": a band
    named = before.is_alpha and before.text[:1].isupper() and not before.is_sent_start
    return named and before.ent_type_ not in {"DATE", "TIME", "MONEY", "CARDINAL", "QUANTITY", "PERCENT"}


def _given_away(fact: Fact, ctx: Context) -> str | None:
    answer = normalise(fact.answer)
    question = f" {normalise(fact.question)} "
    if f" {answer} " in question:
        return "the question gives its answer away"
    if fact.person is not None and f" {normalise(fact.person.surname)} " in question:
        return "the question names the person it asks for"
    # The title shown above the question has the answer blanked out (answers.hide_in_title), unless a name
    # is written there in a form the answer does not have
    if fact.person is not None and ctx.title.strip():
        shown = f" {normalise(hide_in_title(ctx.shown_title, fact.answer))} "
        if f" {normalise(fact.person.surname)} " in shown:
            return "the article's title gives the answer away"
    if fact.type == "how_many":
        number = numbers.value(fact.answer)
        if number is not None and _rest_of_a_listed_whole(number, fact):
            return "the blank is what the list's other parts leave of its whole ('six: two, one and ____')"
        if number is not None and _worked_out(number, fact, ctx.title_numbers):
            return "the question's other numbers work the answer out ('122,000 and 99,000' of '____')"
        # the sentence's tie, which the question may have lost ("After how many matches …?")
        tied = re.search(r"\d+\s+(?:all|apiece)\b", fact.sentence.text)
        shown = [numbers.value(n) for n in re.findall(r"\d[\d,]*", fact.sentence.text)] if tied else []
        if number is not None and any(v in {2 * number, number / 2} for v in shown):
            return "a tie shows its count in the total beside it ('____ all after 24 matches')"
        if fact.kind == "cloze" and number is not None and _listed_after(fact.question, number):
            return "the blank counts the list that follows it ('____ groups: terrier, toy, …')"
        if (
            fact.kind == "cloze"
            and number is not None
            and number <= 12
            and LISTED_BLANK.search(fact.question)
        ):
            return "the blank is one of a list of small numbers ('won sets one and ____'): the rest give it"
    return None


def _listed_after(question: str, number: float) -> bool:
    """'____ groups: Terrier, toy, herding, …': the items after a colon count themselves."""
    listed = re.search(r"____\s+\w+(?:\s+\w+)?:\s*([^.;]+)", question)
    if not listed:
        return False
    parts = [p for p in re.split(r",\s*|\s+and\s+|\s+or\s+", listed.group(1)) if p.strip()]
    return len(parts) == int(number)


_SMALL = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
LISTED_BLANK = re.compile(rf"\b{_SMALL}\s*(?:,|and|or|&)\s*____|____\s*(?:,|and|or|&)\s*{_SMALL}\b", re.I)


def _overlaps(span: tuple[int, int], other: tuple[int, int] | None) -> bool:
    return other is not None and span[0] < other[1] and other[0] < span[1]


COUNT = r"\b(?:\d[\d,]*|" + "|".join(numbers.SMALL_NUMBERS) + r")\b"
COUNT_WORD = re.compile(COUNT, re.I)
# "in six locations: …", "20 players: …": a count, at most two more words, then a colon and its list
LISTED_WHOLE = re.compile(rf"(?P<whole>{COUNT})\s+(?:[\w-]+\s+){{0,2}}?[\w-]+:\s+(?P<parts>[^:]*)$", re.I)


def _rest_of_a_listed_whole(answer: float, fact: Fact) -> bool:
    """'in six locations: ____ on Marlow Key, one on Ramsey Key and three on Vance Key': the whole less the
    other parts of its list is the blank."""
    listed = LISTED_WHOLE.search(fact.question)
    whole = numbers.value(listed["whole"]) if listed and "____" in listed["parts"] else None
    if not whole:
        return False
    parts = [numbers.value(w) for w in COUNT_WORD.findall(listed["parts"].replace("____", " "))]
    return len(parts) >= 1 and abs(whole - sum(p or 0 for p in parts) - answer) < 1e-6


def _worked_out(answer: float, fact: Fact, title_numbers: frozenset[float] = frozenset()) -> bool:
    """The answer is the sum, difference, product or quotient of two numbers the question shows, or the
    rest of 100 percent."""
    shown = [
        numbers.value(e.text)
        for e in fact.sentence.span.ents
        if e.label_ in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
        and e.text in fact.question
        and not _overlaps(_in_article(fact, e), fact.answer_span)
    ]
    # and a whole the model tagged as part of a name ("won 30 out of the 47 National Assembly seats")
    for written in re.findall(r"\b(?:out\s+)?of\s+(?:the\s+)?(\d[\d,]*)\b", fact.question):
        value = numbers.value(written)
        if value is not None and value not in shown:
            shown.append(value)
    shown = [v for v in shown if v]
    percent = re.search(r"%|per\s?cent", fact.answer.lower()) is not None
    if percent and any(abs(answer + v - 100) < 1e-6 for v in shown):
        return True
    if answer < 10 and answer == int(answer):  # "two and one" make three by chance; 28.3 less 27.8 is 0.5
        return False

    def near(x: float) -> bool:  # "$12.5 million in 3,000 cinemas, $4,167 a cinema": rounded
        return abs(answer - x) <= max(1e-6, 0.01 * answer)

    # each pair has a number of the question; the other may be the title's ("won by six votes" above
    # "beat the 12,639 of her rival with ____")
    return any(
        near(a + b) or near(abs(a - b)) or near(a * b) or near(a / b) or near(b / a)
        for k, a in enumerate(shown)
        for b in [*shown[k + 1 :], *sorted(title_numbers)]
        if a and b  # a "0" in the title divides nothing
    )


def _vague(fact: Fact, ctx: Context) -> str | None:
    if fact.kind != "quote" and any(
        f" {normalise(found.group(2))} " not in ctx.title  # "This storm …" under "Solar storm hits …"
        for found in VAGUE_REFERENCE.finditer(QUOTATION.sub("", fact.question))
    ):
        return "the question leans on 'this …' and cannot be answered without the article"
    if _points_back(fact):
        return "the question points back into the article ('that second foul', 'the same thing')"
    opening = fact.sentence.tokens[0] if fact.kind == "cloze" and fact.sentence.tokens else None
    if opening is not None and opening.lower_ in DEMONSTRATIVES and opening.dep_ in {"nsubj", "nsubjpass"}:
        return "the blank's sentence is about 'that' or 'this', which only the sentence before names"
    if len(fact.question.split()) < 4:
        return "the question is too short to say what it asks"
    if fact.type == "when" and fact.kind != "cloze" and _names_another_date(fact):
        return "the question names another date of the answer's kind"
    if (
        fact.type == "when"
        and fact.kind != "cloze"
        and CLOCK_TIME.search(fact.question)
        and not CLOCK_TIME.search(fact.answer)
    ):
        return "the question keeps the time of day and asks 'when' for the day ('When … at 10 p.m.?')"
    return None


# "At the time, …", "By then …": a time only the sentence before says
BACK_IN_TIME = re.compile(r"\b(?:at the time|by then|until then|at that point|since then)\b", re.I)


def _points_back(fact: Fact) -> bool:
    """'that second foul', 'the same thing': a demonstrative the question keeps from its sentence names
    something only the sentence before says."""
    if fact.kind == "quote":
        return False
    shown = QUOTATION.sub(" ", fact.question)
    if BACK_IN_TIME.search(shown):
        return True
    for token in fact.sentence.tokens:
        head = token.head
        if head.i <= token.i or head.pos_ != "NOUN" or head.lower_ in TIME_NOUNS:
            continue  # "do the same", "on that occasion", "That pushed the rate down" read well alone
        if token.lower_ in {"that", "those"} and token.dep_ == "det":
            phrase = token.doc[token.i : head.i + 1].text
        elif token.lower_ == "same" and token.i > 0 and token.doc[token.i - 1].lower_ == "the":
            phrase = token.doc[token.i - 1 : head.i + 1].text
        else:
            continue
        if re.search(rf"(?<![\w’']){re.escape(phrase)}(?![\w’'])", shown):
            return True
    return False


def _names_another_date(fact: Fact) -> bool:
    """The question names another date of the answer's kind (a month for a month, a year for a year)."""
    shape = dates.parse(fact.answer)
    if shape is None:
        return False
    for entity in fact.sentence.span.ents:
        if entity.label_ != "DATE" or entity.text in fact.answer or entity.text not in fact.question:
            continue
        other = dates.parse(entity.text)
        if other is not None and other.kind == shape.kind:
            return True
    return False


FAR_YEAR = re.compile(r"\b2[1-9]\d\d\b")
DOUBLED_WORD = re.compile(r"\b(\w+)\s+\1\b", re.I)  # "about about": the article's typo, not a question
# "about ____ (8 kilometers)", "900 miles (1,500 km)": a conversion beside the value gives it away
CONVERSION = re.compile(r"[(\[]\s*(?:about |some |around )?[$£€]?\d[\d,.]*\s*[^\W\d_]*\s*[)\]]")
# "the 2008-____ season", "____-09": one end of a span shows the other
BLANK_IN_SPAN = re.compile(r"\d[-–/]____|____[-–/]\d")
# "40 feet (____)", "(____ GMT)", "____ (800-kilometre": the blank and a conversion side by side
BLANK_CONVERSION = re.compile(
    r"\(\s*[$£€]?____|____\s*\)|____[\w-]*\s*\(\s*[$£€]?\d|\d[\d,.]*\s*[^\W\d_]*\s*\(\s*____"
)
# "by ____, or 4 feet", "by 1.2 meters, or ____": the same value in another unit after "or"
UNITS = (
    r"(?:feet|foot|ft|inch(?:es)?|yards?|miles?|meters?|metres?|m|km|kilomet(?:er|re)s?|centimet(?:er|re)s?|"
    r"cm|pounds?|lbs?|kg|kilograms?|ounces?|grams?|tons?|tonnes?|gallons?|lit(?:er|re)s?|acres?|hectares?|"
    r"degrees?(?:\s+(?:Fahrenheit|Celsius))?)"
)
OR_CONVERSION = re.compile(
    rf"____,?\s+or\s+(?:about\s+)?\d[\d,.]*\s*{UNITS}\b|\d[\d,.]*\s*{UNITS},?\s+or\s+(?:about\s+)?____"
)
ATTRIBUTION = re.compile(r"\b(?:he|she|they|it)\s+(?:said|says|added|told|asked)\b", re.I)
# "decided, ____ to 4", "ages 18 to ____": one side of a tally or a range; not "rose from 5 to ____"
BLANK_IN_TALLY = re.compile(r"(?<!from )\b____ to \d+\b|(?<!from )\b\d+ to ____")


def _form(fact: Fact, ctx: Context) -> str | None:
    """What a teacher would call formatting: a doubled word, a conversion that gives the value away, a blank
    inside a span of numbers, an attribution left inside the quotation, a bare abbreviation as the answer."""
    if DOUBLED_WORD.search(fact.question):
        return "the question doubles a word"
    if any(e.label_ == "DATE" and FAR_YEAR.search(e.text) for e in fact.sentence.span.ents):
        return "the sentence dates a report centuries ahead ('July 1, 2109'): the article's typo"
    if fact.type in {"how_many", "when"} and CONVERSION.search(QUOTATION.sub("", fact.question)):
        return "a conversion in brackets gives the value away"
    if BLANK_IN_SPAN.search(fact.question):
        return "the blank is one end of a span whose other end shows it"
    if BLANK_IN_TALLY.search(fact.question) and re.fullmatch(r"\d+", fact.answer.strip()):
        return "the blank is one side of a tally or range ('decided, ____ to 4'): the other side shows it"
    if fact.kind == "quote" and ATTRIBUTION.search(fact.question):
        return "the quotation shown has its attribution inside"
    if re.fullmatch(r"[A-Z][a-z]{0,3}\.", fact.answer.strip()):
        return "the answer is a bare abbreviation"
    perfect = re.match(r"^(?:\w+ ){0,4}(\w+) (?:has|have)\b", fact.question)
    if re.match(r"^When (?:has|have)\b", fact.question) or (
        perfect
        and perfect.group(1).lower() not in MODALS  # "may have leaked on Tuesday" is good English
        and DATE_IN_QUESTION.search(fact.question)
    ):
        return "a present perfect does not take 'when' or a date"
    if re.search(r"\(\s*\)|“\s*”|\"\s*\"", fact.question):
        return "the question keeps empty brackets or quotation marks"
    if BLANK_CONVERSION.search(fact.question) or OR_CONVERSION.search(fact.question):
        return "the blank is a conversion of a value the sentence gives beside it"
    if fact.question.count("“") != fact.question.count("”") or fact.question.count('"') % 2:
        return "the question has a stray quotation mark"
    if fact.kind == "quote":
        shown = QUOTATION.search(fact.question)
        if shown and shown.group()[1:2].islower():
            return "the quotation shown is a fragment of a sentence"
    return None


CONTENT_STOP = ADDED_WORDS | {
    "to", "on", "at", "for", "with", "by", "from", "as", "and", "or", "but", "that", "which", "it", "its",
    "their", "his", "her", "this", "there", "will", "not", "than", "into", "about", "up", "out",
}  # fmt: skip
UNRESOLVED = re.compile(r"\b(?:him|them|another one|of them)\b|^\s*(?:it|they)\b", re.I)
DANGLING_END = re.compile(r"\b(?:late|early|mid|just|about|around|shortly|soon|nearly|almost|of|to|the)\?$")
AWKWARD_OPENINGS = re.compile(r"^(?:At how|With how|In how many years|When can|When could|When may)\b")
DATE_IN_QUESTION = re.compile(r"\b(?:on|in|last|this)\s+[A-Z]\w+|\b\d{4}\b")


def _context(fact: Fact, ctx: Context) -> str | None:
    """The question says what it is about: enough words of its own, no 'him' or 'it' left unresolved, no
    hedge dropped from the answer ('just before midnight' asked as 'midnight')."""
    bare = QUOTATION.sub(" ", fact.question)
    if UNRESOLVED.search(bare.removeprefix(PROMPT)):
        return "the question leans on a pronoun it does not resolve"
    if fact.kind not in {"role", "role_of", "quote", "cloze"} and not fact.question.startswith("How old"):
        words = re.findall(r"[\w’'-]+", bare)
        specific = sum(
            (2 if w[:1].isupper() and k > 0 else 1)
            for k, w in enumerate(words)
            if w.lower() not in CONTENT_STOP
        )
        if specific < 3:
            return "the question is too bare to say which event it asks about"
    if fact.kind != "cloze" and fact.type in {"when", "how_many"}:
        before = fact.before_answer
        hedge = HEDGES.search(before[-24:]) or (fact.type == "when" and TIME_BOUNDS.search(before[-24:]))
        if hedge:
            said = hedge.group().strip().lower()
            if said not in fact.question.lower():
                return f"the answer drops '{said}', which the article needs to make it true"
    if DANGLING_END.search(fact.question):
        return "the question ends on a word that lost the phrase it modified ('… closed the road late?')"
    if re.match(r"^Who \w+ing\b", fact.question) and fact.kind != "quote":
        return "the question's verb is not finite ('Who taking third place?')"
    if AWKWARD_OPENINGS.match(fact.question):
        return "the question's opening is not idiomatic English"
    if fact.question.startswith("How old") and fact.answer_span is not None:
        after = fact.after_answer[:2]
        if after[:1].isalnum() or after.strip()[:1].isalpha():
            return "the number read as an age goes on to count something else ('18 under')"
    return None


TIME_NOUNS = {"occasion", "time", "day", "night", "week", "month", "year", "moment", "point", "season"}
SUBORDINATORS = {
    "where", "when", "while", "although", "though", "because", "until", "if", "whereas", "which", "as",
    "since", "unless", "whether", "after", "before",
}  # fmt: skip


def _parse(fact: Fact, ctx: Context) -> str | None:
    """Where the small model's parse is what a question would be built on, and the parse is visibly wrong,
    the question is not worth keeping."""
    if fact.kind in {"cloze", "quote", "role", "role_of"}:
        return None  # a blank shows the sentence itself; these do not stand on the clause
    index = fact.sentence.index
    if index not in ctx.misparsed:  # one look a sentence, however many facts it gives
        ctx.misparsed[index] = _subject_read_into_first_clause(fact.sentence)
    if ctx.misparsed[index]:
        return "the model read a second clause's subject into the first (a misparse)"
    if fact.verb is not None:
        verb = fact.sentence.span.doc[fact.verb]
        objects = {"dobj", "attr", "ccomp", "xcomp", "acomp"}
        if verb.dep_ == "relcl" and not any(c.dep_ in objects for c in verb.children):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ not in {"who", "that", "which"} and verb.lemma_ != "be":
                return "the clause's object is the noun it describes ('the time he rowed'): nothing to ask"
    return None


def _subject_read_into_first_clause(sentence) -> bool:
    """'X won the race and Lee outran Y': a finite verb without a subject, right after a name that is not
    its subject, is the model reading Lee into the first clause's object."""
    for token in sentence.tokens:
        finite = token.pos_ == "VERB" and token.tag_ in {"VBD", "VBZ", "VBP"} and token.dep_ != "ROOT"
        if finite and token.i > sentence.span.start and not any(c.dep_ in SUBJECTS for c in token.children):
            before = token.doc[token.i - 1]
            if before.pos_ == "PROPN" and before.head.i != token.i:
                return True
            if token.dep_ == "conj" and _name_joined_to_an_object(token.head, token.i):
                return True  # "X made her attempt and Lee, who …, had to lift …": Lee read as an object
    return False


def _name_joined_to_an_object(verb, before: int) -> bool:
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return any(c.dep_ == "conj" and c.pos_ == "PROPN" and c.i < before for o in objects for c in o.children)


def _verb_after_apposition(span) -> bool:
    """'Lee, 46, secured victory …', 'Styrene, a liquid used in plastics, leaked from …': the small model
    reads the verb after a subject's apposition as an adjective or participle and the subject as the root.
    A past form ending in -ed right after the apposition's closing comma is the sentence's verb."""
    tokens = list(span)
    if (
        len(tokens) < 5
        or not (tokens[0].pos_ in {"PROPN", "NOUN"} or tokens[0].is_title)
        or tokens[1].text != ","
    ):
        return False
    closing = next((t for t in tokens[2:] if t.text == ","), None)
    verb = span.doc[closing.i + 1] if closing is not None and closing.i + 1 < span.end else None
    return verb is not None and verb.tag_ in {"VBN", "VBD", "JJ"} and verb.lower_.endswith("ed")


def _whole_sentence(fact: Fact, ctx: Context) -> str | None:
    """A blank is made of a whole sentence: a finite main verb ('Until the foal can graze, leaving …'
    and '— leaving a putt …', pieces the model split off, have none)."""
    if fact.kind != "cloze":
        return None
    root = fact.sentence.span.root
    finite = root.tag_ in FINITE or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE for c in root.children
    )
    if (not finite or root.pos_ not in {"VERB", "AUX"}) and not _verb_after_apposition(fact.sentence.span):
        return "the blank's sentence has no main verb: a fragment"
    speech = root.lemma_ in SPEECH_LEMMAS and root.tag_ != "VBN" and not QUOTATION.search(fact.sentence.text)
    if (
        speech
        and len(fact.sentence.text.split()) <= 8
        and not any(c.dep_ in {"ccomp", "xcomp", "parataxis"} for c in root.children)
    ):
        return "the blank's sentence says only who spoke, not what was said ('____, the mayor said.')"
    body = fact.question.removeprefix(PROMPT).split()
    cut = len(body) < len(fact.sentence.text.split()) - 1  # a clause shown without the rest of its sentence
    if cut and body and body[0].lower().strip(",") in SUBORDINATORS | {"that", "who", "while"}:
        return "the blank's clause is cut from its sentence at a subordinate word ('That ____ had kept …')"
    first = next((t for t in fact.sentence.tokens if not t.is_space), None)
    if first is not None and first.lower_ in SUBORDINATORS and first.head.i == root.i:
        return "the blank's sentence is a subordinate clause on its own ('Where the talks will lead to …')"
    if first is not None and (first.is_punct and first.text not in {"“", '"', "("} or first.is_lower):
        return "the blank's sentence starts mid-sentence"
    return None


VAGUE_SUBJECT_WORDS = {"some", "many", "others", "several", "most", "both", "all", "few"}


def _vague_subject(fact: Fact, ctx: Context) -> str | None:
    """A blank's sentence whose subject is 'Some' or 'Others', who the sentence before names. (Striking out
    the day a statement was made was tried too: blind raters kept as many of those items as they failed.)"""
    if fact.kind == "cloze":
        root = fact.sentence.span.root
        subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
        if subject is not None and subject.lower_ in VAGUE_SUBJECT_WORDS and not list(subject.children):
            return "the blank's sentence is about 'some' or 'others' the sentence before names"
    return None


def _other_dates(fact: Fact, ctx: Context) -> str | None:
    """A 'When …?' whose sentence names another date of the answer's kind ('Thursday and Saturday'), or a
    blank for a month or day beside other months or days ('June, July and August'): which is asked, or
    obvious from the list."""
    shape = dates.parse(fact.answer)
    if shape is None or fact.type != "when":
        return None
    for entity in fact.sentence.span.ents:
        if entity.label_ not in {"DATE", "TIME"} or fact.answer in entity.text:
            continue
        other = dates.parse(entity.text)
        if other is not None and other.kind == shape.kind:
            if fact.kind == "cloze":
                if shape.kind == "m":
                    return "a blank for a month among other months ('June, ____ and August') is obvious"
                continue
            return "the sentence names another date of the answer's kind: the answer is not the only one"
    return None


# "fell to 163.90 from 155.56 on Monday": Monday is when it stood at 155.56, not when it fell
FROM_VALUE_BEFORE = re.compile(r"\bfrom\s+[$£€]?\d[\d,.]*\s*(?:%|per\s?cent)?\s+(?:on|in|at)\s*$", re.I)


def _date_of_the_report(fact: Fact, ctx: Context) -> str | None:
    """'…, the BBC reported on Sunday': the day a paper or station told the story is no fact of the story."""
    if fact.type != "when":
        return None
    if FROM_VALUE_BEFORE.search(fact.before_answer):
        return "the date is the starting value's ('from 155.56 on Monday'), not the change's"
    tokens, _ = _answer_tokens_and_before(fact)
    verb = tokens[0].head if tokens else None
    while verb is not None and verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    if verb is not None and verb.lemma_ == "report" and verb.tag_ != "VBN":
        return "the answer is the date the story was reported, not a date in the story"
    return None


def _agreement(fact: Fact, ctx: Context) -> str | None:
    """'Could the agency has …', 'When did Lee met …': a modal or do-support before an inflected verb."""
    if fact.kind == "cloze":
        return None
    words = QUOTATION.sub("", fact.question).rstrip("?").split()
    if len(words) < 3 or words[0].lower() not in WH_WORDS:
        return None
    aux = next((k for k, w in enumerate(words[:4]) if w.lower() in MODALS | {"did", "does", "do"}), None)
    if aux is None:
        return None
    for word in words[aux + 1 :]:
        if word.lower() in NOT_INFLECTED:
            return "the question's verb does not agree with its auxiliary"
    return None


AUXILIARIES = MODALS | {"do", "does", "did", "is", "are", "was", "were", "has", "have", "had"}


WORD = re.compile(r"[^\W\d_]+|\d+")  # "27-year-old" is 27 year old, "p.m." is p m, "62kg" is 62 kg
# A question may open with a preposition before its wh-word: "Within how many hours …", "In what year …".
OPENING_PREPOSITIONS = {"in", "by", "until", "since", "on", "at", "within", "for", "after", "before", "over"}


def _source_order(fact: Fact, ctx: Context) -> str | None:
    """The question's own words (all but the wh-phrase, auxiliaries and names put in for pronouns) come from
    its source sentence, in the sentence's order: no words from nowhere, no clauses merged out of order."""
    if fact.kind in {"quote", "role", "role_of"}:
        return None  # built from a template around the sentence's words
    body = QUOTATION.sub(" ", fact.question.removeprefix(PROMPT))
    words = [w for w in re.findall(r"[\w’']+", body.replace("-", " ")) if w.strip("_")]
    opening = words[:2] if words and words[0].lower() in OPENING_PREPOSITIONS else words[:1]
    if any(w.lower() in WH_WORDS for w in opening):
        # the wh-phrase ("How many cherry trees", "In what year") moved to the front: skip to its auxiliary
        aux = next((k for k, w in enumerate(words[:7]) if w.lower() in AUXILIARIES), 0)
        words = words[aux + 1 :]
    sentence: list[tuple[str, str]] = []  # (word, its token's lemma) in the sentence's order
    for token in fact.sentence.tokens:
        sentence += [(w, token.lemma_.lower()) for w in WORD.findall(token.lower_)]
    position = 0
    for word in words:
        for low in WORD.findall(re.sub(r"[’']s$", "", word.lower())):
            if low in ADDED_WORDS or word[:1].isupper() or low.isdigit():
                continue  # a name may stand for a pronoun; a capital opens the question
            found = _find(low, sentence, position)
            if found is None:
                if _find(low, sentence, 0) is None:
                    return f"the question's word '{word}' is not in its source sentence"
                return "the question's words are out of their sentence's order (merged clauses)"
            position = found + 1
    return None


def _find(word: str, sentence: list[tuple[str, str]], start: int) -> int | None:
    for k in range(start, len(sentence)):
        if word in sentence[k]:
            return k
    return None


def _clause_of_answer(fact: Fact, ctx: Context) -> str | None:
    """A wh-question's answer hangs on the verb the question asks about, not on a verb of another clause
    inside it ('When did she produce the study?' answered with her birth date from '…, born in 1931')."""
    if fact.verb is None or fact.answer_span is None or fact.kind in {"actor", "topic", "cloze"}:
        return None
    tokens = list(tokens_between(fact.sentence, *fact.answer_span))
    if not tokens:
        return None
    ids = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[0])
    if head.dep_ in {"compound", "amod", "nmod", "poss"} and head.head.i not in ids:
        return "the answer is only part of a larger name or phrase ('Sun' of 'a Sun-like star')"
    asked = {w.lower() for w in re.findall(r"[\w’'-]+", fact.question)}
    node = head
    for _ in range(12):
        if node.i == fact.verb:
            return None
        if node.head.i == node.i:
            break
        another = node.i != head.i and node.pos_ in {"VERB", "AUX"} and node.dep_ in CLAUSE_DEPS
        if another and node.lower_ not in asked and node.lemma_.lower() not in asked:
            return "the answer belongs to another clause than the question's"
        node = node.head
    return "the answer is not attached to the question's verb"


# "since all-conquering Ann Lee in ____", "after Brightwell in Chile in ____": the year of that name's feat
NAMED_BEFORE_YEAR = re.compile(
    r"\b(?:since|after|before|than|like|unlike)\s+((?:(?:[A-Z][\w’'.-]*|[a-z]+-[a-z-]+|in|of|the|at)\s+){1,6})in\s+$"
)


def _year_of_a_named_feat(fact: Fact, ctx: Context) -> str | None:
    """'the biggest margin since Ann Lee in 2009': 2009 is when Lee won, not when the question's verb
    happened ('In what year did Vera Holm deliver the biggest margin …?' would teach a false year)."""
    if fact.type != "when" or fact.kind == "cloze":
        return None
    found = NAMED_BEFORE_YEAR.search(fact.before_answer[-80:])
    if found and re.search(r"\b[A-Z]", found.group(1)):
        return "the date is a named earlier feat's ('since Ann Lee in 2009'), not the question's"
    return None


def _perfect_at_a_past_time(fact: Fact, ctx: Context) -> str | None:
    """English has no present perfect at a past point ('has won … in 1971'): a date the model hung on such a
    verb belongs to a phrase near it ('four times since Moonlight by the Harbour Band in 1971')."""
    if fact.type != "when" or fact.kind == "cloze" or fact.verb is None:
        return None
    verb = fact.sentence.span.doc[fact.verb]
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in {"VBZ", "VBP"} for c in verb.children)
    at_a_point = re.search(r"\b(?:in|on)\s+$", fact.before_answer[-4:], re.I)
    if perfect and verb.tag_ == "VBN" and at_a_point:
        return "the date is a past point on a present perfect verb ('has won … in 1974'): another phrase's"
    return None


CHECKS: list[Callable[[Fact, Context], str | None]] = [
    _answer,
    _given_away,
    _vague,
    _form,
    _context,
    _parse,
    _whole_sentence,
    _vague_subject,
    _other_dates,
    _date_of_the_report,
    _agreement,
    _source_order,
    _clause_of_answer,
    _perfect_at_a_past_time,
    _year_of_a_named_feat,
]


def problem(fact: Fact, ctx: Context) -> str | None:
    """Why a teacher would strike this fact's question out, or None."""
    for check in CHECKS:
        reason = check(fact, ctx)
        if reason:
            return reason
    return None
