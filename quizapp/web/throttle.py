"""Sign-in throttling: password guessing is stopped without letting one learner lock another out.

Failed sign-ins are counted (the `limits` package, moving windows) three ways, and each refuses only what
it counts:
- per address and name: 10 in 10 minutes, then that name is refused from that address;
- per address, across names: the names it failed for, 30 an hour, then every name is refused from it
  (one password tried over a class list);
- per name, from every address: 100 an hour, then that name is refused from any browser not known for it
  (one learner's password guessed from many addresses).
A browser where a learner has signed in keeps a signed cookie naming them (OWASP's "device cookie"). For
those names it is exempt from all three and has a count of its own instead (10 in 10 minutes): a classmate
guessing Ada's password, from another address or behind the same classroom address, leaves Ada's own
browser able to sign in. A refused attempt is not checked against the password (so it tells a guesser
nothing), is not counted, and gets a message saying why and for how long.

The counts are per server process unless QUIZAPP_RATELIMIT_STORAGE_URI names a shared store (redis://…).
They are kept in the views, not in a hook on every request (Flask-Limiter's costs 0.07 ms a request).
"""

import math
import secrets
import time
from typing import NamedTuple

from flask import Flask, current_app, request
from itsdangerous import BadData, URLSafeSerializer
from limits import parse, storage, strategies

from quizapp.accounts import normal_name

LIMITER_KEY = "quizapp.limiter"

PER_ADDRESS_AND_NAME = parse("10 per 10 minutes")
NAMES_PER_ADDRESS = parse("30 per hour")
PER_NAME = parse("100 per hour")
PER_KNOWN_BROWSER = parse("10 per 10 minutes")

KNOWN_COOKIE = "quizapp_known"
KNOWN_DAYS = 365
KNOWN_NAMES_MOST = 20  # a classroom computer that many learners use


def init_app(app: Flask) -> None:
    store = storage.storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions[LIMITER_KEY] = strategies.MovingWindowRateLimiter(store)


def limiter() -> strategies.MovingWindowRateLimiter:
    return current_app.extensions[LIMITER_KEY]


def seconds_until_free(limit, *key: str) -> int:
    return max(math.ceil(limiter().get_window_stats(limit, *key).reset_time - time.time()), 1)


class Refusal(NamedTuple):
    message: str
    retry_after: int  # seconds


class KnownBrowser(NamedTuple):
    token: str
    names: list[str]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="quizapp.known-browser")


def known_browser() -> KnownBrowser | None:
    """The signed cookie of a browser where learners have signed in, if this is one."""
    cookie = request.cookies.get(KNOWN_COOKIE)
    if not cookie:
        return None
    try:
        value = _serializer().loads(cookie)
        return KnownBrowser(str(value["token"]), [str(name) for name in value["names"]])
    except (BadData, KeyError, TypeError):  # not signed with our key, or not what we write
        return None


def _wait(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


class SignIn:
    """One attempt to sign in as `name` (as typed) from this request's browser and address."""

    def __init__(self, name: str | None):
        self.name = normal_name(name).lower()
        self.address = request.remote_addr or ""
        self.browser = known_browser()
        self.known = self.browser is not None and self.name in self.browser.names

    def refusal(self) -> Refusal | None:
        """Why this attempt is refused before its password is checked, or None."""
        if self.known:
            return self._refused(
                PER_KNOWN_BROWSER,
                ("browser", self.browser.token, self.name),
                "Too many wrong passwords for this name in this browser. Wait {wait}, then try again.",
            )
        return (
            self._refused(
                PER_ADDRESS_AND_NAME,
                ("address and name", self.address, self.name),
                "Too many wrong passwords for this name from here. Wait {wait}, then try again.",
            )
            or self._refused(
                NAMES_PER_ADDRESS,
                ("names from address", self.address),
                "Too many names have been tried from here. Wait {wait}, then try again.",
            )
            or self._refused(
                PER_NAME,
                ("name", self.name),
                "Too many wrong passwords for this name lately. Sign in from a browser you have used "
                "before, or wait {wait}.",
            )
        )

    def _refused(self, limit, key: tuple[str, ...], message: str) -> Refusal | None:
        if limiter().test(limit, *key):
            return None
        seconds = seconds_until_free(limit, *key)
        return Refusal(message.format(wait=_wait(seconds)), seconds)

    def failed(self) -> None:
        if self.known:
            limiter().hit(PER_KNOWN_BROWSER, "browser", self.browser.token, self.name)
            return
        pair = ("address and name", self.address, self.name)
        if limiter().get_window_stats(PER_ADDRESS_AND_NAME, *pair).remaining == PER_ADDRESS_AND_NAME.amount:
            limiter().hit(NAMES_PER_ADDRESS, "names from address", self.address)  # a name new to it
        limiter().hit(PER_ADDRESS_AND_NAME, *pair)
        limiter().hit(PER_NAME, "name", self.name)

    def succeeded(self, response) -> None:
        """Forget this address's misses for the name, and know the browser for it from now on."""
        limiter().clear(PER_ADDRESS_AND_NAME, "address and name", self.address, self.name)
        remember_browser(response, self.name)


def remember_browser(response, name: str) -> None:
    """Set (or add `name` to) the cookie of a browser where a learner signed in or made their account."""
    name = normal_name(name).lower()
    browser = known_browser()
    token = browser.token if browser else secrets.token_urlsafe(16)
    others = [known for known in (browser.names if browser else []) if known != name]
    response.set_cookie(
        KNOWN_COOKIE,
        _serializer().dumps({"token": token, "names": [name, *others][:KNOWN_NAMES_MOST]}),
        max_age=KNOWN_DAYS * 24 * 3600,
        path="/account/",
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )
