"""Token helpers the fact finders share: a phrase as plain text, a date or time, an entity's tokens."""

import re

from quizapp.generator import dates
from quizapp.generator.facts.vocabulary import TIME_LABELS
from quizapp.generator.questions import (
    Unaskable,
    render_tokens,
)


def text_of(sentence, people, tokens) -> str:
    try:
        return render_tokens(sentence, people, tokens)
    except Unaskable:
        return ""


def until_comma(tokens: list) -> list:
    """A phrase without what a comma sets off after it ('the round, Nov. 12' -> 'the round')."""
    for k, token in enumerate(tokens):
        if token.text == "," and k > 0:
            return tokens[:k]
    return tokens


def is_time(token) -> bool:
    """A date or time, including 'Tuesday night' where the model tagged only 'Tuesday'."""
    return token.ent_type_ in TIME_LABELS or any(
        c.dep_ in {"compound", "nmod"} and c.ent_type_ in TIME_LABELS and dates.parse(c.text) is not None
        for c in token.lefts
    )  # but "a four-year renovation" is a renovation, not a time


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


def plain(tokens) -> str:
    return "".join(t.text_with_ws for t in tokens)


def without_article(text: str) -> str:
    """'the ambassador' -> 'ambassador', but 'the club's captain' keeps its article."""
    if re.match(r"^(the|a|an)\s+\S+(’s|'s)\s", text, flags=re.I):
        return text
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
