"""Signing in, making an account and signing out, when learners have accounts (QUIZAPP_ACCOUNTS).

With accounts on, `require_learner` runs before every request: a request from a browser that is not signed
in is sent to the sign-in page (an htmx request by the HX-Redirect header, so a fragment never turns into
a sign-in form inside the page), and the learner it is signed in as is `g.learner` (`g.learner_id` its id).
"""

import re
from datetime import date
from typing import NamedTuple
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask import session as cookie  # the signed session cookie (a DB session is `session`)
from limits import parse

from quizapp import accounts
from quizapp.db import request_session
from quizapp.models import Learner
from quizapp.web import throttle
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("account", __name__, url_prefix="/account")

# What a browser may reach before signing in.
PUBLIC_ENDPOINTS = {"account.signin", "account.signup", "static", "healthz"}
SESSION_KEY = "learner"  # [id, name] of the signed-in learner, in the signed session cookie
REFRESHED_KEY = "refreshed"  # the day the cookie's expiry was last moved on
KNOWN_KEY = "quizapp.learner_names"  # id -> name of the learners this process has seen (never renamed)


# Accounts made per address (each costs a hash and a card per item); sign-ins are throttled by web.throttle.
SIGNUPS = parse("60 per hour")
TOO_MANY = ("Too many tries", "Wait a few minutes, then try again.")


def _limited(limit, *key: str):
    """The 'too many tries' page when `limit` is used up for `key`, else None."""
    if throttle.limiter().test(limit, *key):
        return None
    response = render("error.html", status=429, code=429, heading=TOO_MANY[0], message=TOO_MANY[1])
    response.headers["Retry-After"] = str(throttle.seconds_until_free(limit, *key))
    return response


class SignedIn(NamedTuple):
    id: int
    name: str


def _known_name(learner: int) -> str | None:
    known = current_app.extensions.setdefault(KNOWN_KEY, {})
    if learner not in known:
        name = accounts.name_of(request_session(), learner)
        if name is None:
            return None
        known[learner] = name
    return known[learner]


def signed_in() -> SignedIn | None:
    """The learner this browser is signed in as; None when it is not, or when the cookie names a learner this
    database does not have (a database replaced under a browser must not show it someone else's cards)."""
    value = cookie.get(SESSION_KEY)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        return None
    learner, name = value
    return SignedIn(learner, name) if _known_name(learner) == name else None


def require_learner():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    learner = signed_in()
    if learner is not None:
        g.learner, g.learner_id = learner, learner.id
        _keep_signed_in()
        return None
    cookie.pop(SESSION_KEY, None)
    target = url_for("account.signin", next=_here())
    if is_htmx():
        response = current_app.response_class(status=401)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


def _keep_signed_in() -> None:
    """Move the cookie's expiry on (PERMANENT_SESSION_LIFETIME from now) once a day, not on every request:
    re-signing and re-sending it each time cost 0.1-0.4 ms a request (SESSION_REFRESH_EACH_REQUEST is off)."""
    today = date.today().toordinal()
    if cookie.get(REFRESHED_KEY) != today:
        cookie[REFRESHED_KEY] = today


def _here() -> str:
    """Where to come back to after signing in: the page itself, not the fragment an htmx request asked for."""
    if is_htmx():
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        return _safe_next(page.path + (f"?{page.query}" if page.query else ""))
    return _safe_next(request.full_path.rstrip("?") if request.method == "GET" else "/")


# What a browser drops from an address before reading it (the WHATWG URL standard): tabs and newlines
# anywhere, C0 controls and spaces at either end. "/\t/evil.example" is "//evil.example" to a browser.
_DROPPED_INSIDE = re.compile(r"[\t\n\r]")
_DROPPED_AT_ENDS = "".join(map(chr, range(0x21)))


def _safe_next(target: str | None) -> str:
    """`target` when a browser would read it as a path on this site, else Home: never another host
    (//evil.example, /\\evil.example, https://…, javascript:…), however it is disguised."""
    seen = _DROPPED_INSIDE.sub("", target or "").strip(_DROPPED_AT_ENDS)
    # A browser reads a backslash as a slash, so "/\\host" is "//host"; a control character left inside
    # would make the Location header itself invalid (a 500).
    is_path = seen.startswith("/") and not seen.startswith("//")
    if not is_path or "\\" in seen or any(char < " " or char == "\x7f" for char in seen):
        return url_for("home.index")
    return seen


def _sign_in(learner: Learner) -> None:
    cookie.clear()  # a new session (and CSRF token) for the signed-in learner
    cookie.permanent = True
    cookie[SESSION_KEY] = [learner.id, learner.name]


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    if not current_app.config["ACCOUNTS"]:
        abort(404)
    next_page = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if signed_in() is not None:  # a bookmarked sign-in page, or the back button after signing in
            return redirect(next_page, 303)
        return render("account/form.html", signup=False, next_page=next_page, form={})
    attempt = throttle.SignIn(request.form.get("name"))
    if refused := attempt.refusal():
        response = render(
            "account/form.html",
            status=429,
            signup=False,
            next_page=next_page,
            form=request.form,
            error=refused.message,
        )
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    learner = accounts.authenticate(request_session(), request.form.get("name"), request.form.get("password"))
    if learner is None:
        attempt.failed()
        return render(
            "account/form.html",
            status=401,
            signup=False,
            next_page=next_page,
            form=request.form,
            error="That name and password do not match. Check them and try again.",
        )
    _sign_in(learner)
    response = redirect(next_page, 303)
    attempt.succeeded(response)
    return response


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if not (current_app.config["ACCOUNTS"] and current_app.config["OPEN_SIGNUP"]):
        abort(404)
    if request.method == "GET":
        return render("account/form.html", signup=True, next_page=url_for("home.index"), form={})
    form = request.form
    if refused := _limited(SIGNUPS, request.remote_addr or ""):
        return refused
    try:
        learner = accounts.create_account(
            request_session(), form.get("name"), form.get("password"), form.get("again")
        )
    except accounts.AccountError as error:
        return render(
            "account/form.html",
            status=422,
            signup=True,
            next_page=url_for("home.index"),
            form=form,
            error=str(error),
        )
    throttle.limiter().hit(SIGNUPS, request.remote_addr or "")
    _sign_in(learner)
    response = redirect(url_for("home.index"), 303)
    throttle.remember_browser(response, learner.name)
    return response


@bp.post("/signout")
def signout():
    cookie.clear()
    return redirect(url_for("account.signin"), 303)
