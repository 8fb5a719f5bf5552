"""Learner accounts, for a class sharing one server (QUIZAPP_ACCOUNTS): names, passwords, signing in.

Passwords are kept as werkzeug's salted scrypt hashes. Names are matched without regard to case (by the
database's lower(), so the same way on every request), and two learners cannot take names that differ only
in case.
"""

import unicodedata
from functools import cache

from sqlalchemy import func
from sqlmodel import Session, col, select
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.models import Learner
from quizapp.scheduling import add_learner

NAME_MAX = 80
PASSWORD_MIN = 8
# Hashing is deliberately slow: a megabyte posted as a password must not tie up a worker.
PASSWORD_MAX = 200


class AccountError(ValueError):
    """A problem phrased for the learner."""


def normal_name(raw: str | None) -> str:
    """A name as it is kept and looked up: spaces trimmed and runs of them made one."""
    return " ".join((raw or "").split())


def clean_name(raw: str | None) -> str:
    """The name as it will be shown; AccountError when it cannot be one."""
    name = normal_name(raw)
    if not name:
        raise AccountError("Enter a name.")
    if len(name) > NAME_MAX:
        raise AccountError(f"A name can be at most {NAME_MAX} characters.")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise AccountError("A name can only have letters, digits, spaces and punctuation.")
    return name


def check_new_password(password: str | None, again: str | None) -> str:
    password = password or ""
    if len(password) < PASSWORD_MIN:
        raise AccountError(f"A password needs at least {PASSWORD_MIN} characters.")
    if len(password) > PASSWORD_MAX:
        raise AccountError(f"A password can be at most {PASSWORD_MAX} characters.")
    if password != (again or ""):
        raise AccountError("The two passwords are not the same.")
    return password


def name_of(session: Session, learner_id: int) -> str | None:
    """The name of the learner with this id; None when this database has no such learner."""
    return session.exec(select(Learner.name).where(Learner.id == learner_id)).first()


def find_learner(session: Session, name: str) -> Learner | None:
    return session.exec(select(Learner).where(func.lower(col(Learner.name)) == func.lower(name))).first()


def create_account(
    session: Session,
    name: str | None,
    password: str | None,
    again: str | None,
    *,
    teacher: bool = False,
) -> Learner:
    """A new learner with cards for every item (the caller commits); AccountError when the form is not
    right."""
    name = clean_name(name)
    password = check_new_password(password, again)
    if find_learner(session, name) is not None:
        raise AccountError(f"The name {name!r} is taken. Choose another, or sign in.")
    return add_learner(session, name, generate_password_hash(password), teacher=teacher)


def _existing(session: Session, name: str) -> Learner:
    learner = find_learner(session, normal_name(name))
    if learner is None:
        raise AccountError(f"There is no learner called {name!r}.")
    return learner


def set_teacher(session: Session, name: str, teacher: bool) -> Learner:
    """Make a learner a teacher (who adds and edits the class's articles), or not. The caller commits."""
    learner = _existing(session, name)
    learner.teacher = teacher
    session.add(learner)
    return learner


def set_password(session: Session, name: str, password: str | None, again: str | None) -> Learner:
    """Give an existing learner (the local learner of a single-user install too) a new password. The caller
    commits."""
    learner = _existing(session, name)
    learner.password_hash = generate_password_hash(check_new_password(password, again))
    session.add(learner)
    return learner


@cache
def _no_such_hash() -> str:
    return generate_password_hash("no learner has this password")


def authenticate(session: Session, name: str | None, password: str | None) -> Learner | None:
    """The learner with this name and password, else None. An unknown name costs the same hashing as a
    wrong password, so the time taken does not tell which names exist."""
    password = (password or "")[:PASSWORD_MAX]
    learner = find_learner(session, normal_name(name))
    if learner is None or learner.password_hash is None:
        check_password_hash(_no_such_hash(), password)
        return None
    return learner if check_password_hash(learner.password_hash, password) else None
