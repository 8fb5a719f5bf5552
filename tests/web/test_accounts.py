"""Learner accounts (QUIZAPP_ACCOUNTS): a class on one server, each learner with their own schedule and
scores."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import partial
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import URLSafeSerializer
from limits import parse
from sqlmodel import func, select

from quizapp.accounts import create_account
from quizapp.models import CardState, Learner, ReviewLog
from quizapp.scheduling import add_learner
from quizapp.web import account, throttle
from tests.helpers.web import HX, PASSWORD, Browser

pytestmark = pytest.mark.app_settings(ACCOUNTS=True)


def grade_next_card(browser: Browser) -> int:
    """Flip the learner's next flashcard and grade it Good; returns the card's id."""
    card_id = int(re.search(r"/review/(\d+)/answer", browser.html("/review")).group(1))
    back = browser.html(f"/review/{card_id}/answer")
    version = re.search(r'name="version" value="(\d+)"', back).group(1)
    response = browser.post(f"/review/{card_id}/grade", {"rating": "3", "version": version}, htmx=True)
    assert response.status_code == 200
    return card_id


def signin_next(location: str) -> str:
    """Where the sign-in page a browser was sent to will send it back to."""
    url = urlsplit(location)
    assert url.path == "/account/signin"
    return parse_qs(url.query)["next"][0]


def learner_count(session) -> int:
    return session.exec(select(func.count()).select_from(Learner)).one()


def test_pages_ask_a_browser_that_is_not_signed_in_to_sign_in(app, stocked):
    browser = Browser(app)
    for page in ("/", "/review", "/quiz", "/articles", "/stats"):
        response = browser.get(page)
        assert response.status_code == 303
        assert signin_next(response.headers["Location"]) == page
    # An htmx swap is sent to the sign-in page as a whole, back to the page it came from, never a sign-in
    # form swapped into the flashcard.
    swap = browser.get("/review", headers=HX | {"HX-Current-URL": "http://localhost/review?card=3"})
    assert swap.status_code == 401 and swap.get_data() == b""
    assert signin_next(swap.headers["HX-Redirect"]) == "/review?card=3"
    assert browser.get("/healthz").status_code == 200
    page = browser.html("/account/signin?next=/stats")
    assert "Sign in" in page and "Make an account" in page and 'href="/review"' not in page


def test_learners_have_their_own_schedules_and_scores(app, session, stocked):
    alice, bob = Browser(app), Browser(app)
    assert alice.sign_up("Alice").headers["Location"] == "/"
    assert bob.sign_up("Bob").status_code == 303
    assert "Alice" in alice.html("/") and "Bob" in bob.html("/")

    alices_card = grade_next_card(alice)
    grade_next_card(alice)
    # Bob's queue is untouched: all five new cards left, and Alice's card is not his to open or grade.
    assert "5</strong> left today" in bob.html("/review")
    assert "3</strong> left today" in alice.html("/review")
    assert bob.get(f"/review/{alices_card}/answer").status_code == 404
    grade = {"rating": "3", "version": "1"}
    assert bob.post(f"/review/{alices_card}/grade", grade, htmx=True).status_code == 404

    logs = session.exec(select(ReviewLog.learner_id, func.count()).group_by(ReviewLog.learner_id)).all()
    alice_id = session.exec(select(Learner.id).where(Learner.name == "Alice")).one()
    assert logs == [(alice_id, 2)]
    assert "2 reviews on 1 day" in alice.html("/stats")
    assert "0 reviews on 0 days" in bob.html("/stats") and "No answers yet." in bob.html("/stats")


def test_a_quiz_belongs_to_the_learner_who_started_it(app, stocked):
    alice, bob = Browser(app), Browser(app)
    alice.sign_up("Alice")
    bob.sign_up("Bob")
    alice.get("/quiz")
    started = alice.post("/quiz", {"article": "all", "length": "5", "mode": "choice"})
    quiz_page = started.headers["Location"]
    assert alice.get(quiz_page).status_code == 200
    assert bob.get(quiz_page).status_code == 404
    assert "in progress" not in bob.html("/quiz")


def test_every_learner_gets_cards_for_an_article_added_later(app, session, stocked):
    add_learner(session, "Carol")
    session.commit()
    alice = Browser(app)
    alice.sign_up("Alice")
    cards_each = session.exec(select(CardState.learner_id, func.count()).group_by(CardState.learner_id)).all()
    # "me" (made by the fixture, who has no password), Carol and Alice: the five items each.
    assert sorted(count for _, count in cards_each) == [5, 5, 5]


@pytest.mark.parametrize(
    ("name", "password", "again", "message"),
    [
        ("", PASSWORD, PASSWORD, "Enter a name."),
        ("   ", PASSWORD, PASSWORD, "Enter a name."),
        ("x" * 81, PASSWORD, PASSWORD, "at most 80 characters"),
        ("Ann\x00", PASSWORD, PASSWORD, "only have letters"),
        ("Ann", "short", "short", "at least 8 characters"),
        ("Ann", PASSWORD, "correct horse!", "not the same"),
        ("Ann", "p" * 201, "p" * 201, "at most 200 characters"),
        ("ALICE", PASSWORD, PASSWORD, "is taken"),
        ("  alice ", PASSWORD, PASSWORD, "is taken"),
    ],
)
def test_a_bad_sign_up_says_what_to_fix_and_makes_nothing(app, session, name, password, again, message):
    Browser(app).sign_up("Alice")
    before = learner_count(session)
    response = Browser(app).sign_up(name, password, again)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html.replace("&#39;", "'")
    assert learner_count(session) == before
    if name.strip() and len(name) <= 80 and "\x00" not in name:
        assert f'value="{name}"' in html  # the name typed is kept, the passwords are not
    assert PASSWORD not in html


def test_sign_in_and_out(app, session, stocked):
    Browser(app).sign_up("Alice")
    browser = Browser(app)
    wrong = browser.sign_in("Alice", "not the password")
    assert wrong.status_code == 401 and "do not match" in wrong.get_data(as_text=True)
    assert browser.get("/").status_code == 303
    assert browser.sign_in("Alice", next_page="/stats").headers["Location"] == "/stats"
    assert browser.get("/stats").status_code == 200
    assert browser.get("/account/signin?next=/quiz").headers["Location"] == "/quiz"  # already signed in
    # Names are matched whatever their case and spacing.
    assert Browser(app).sign_in(" alice ").headers["Location"] == "/"

    browser.html("/")
    assert browser.post("/account/signout").headers["Location"] == "/account/signin"
    assert browser.get("/").status_code == 303


def test_the_local_learner_cannot_sign_in_without_a_password(app, session, stocked):
    # "me", a personal install's learner, has no password until `quizapp learners password me` sets one.
    response = Browser(app).sign_in("me", "")
    assert response.status_code == 401 and "do not match" in response.get_data(as_text=True)


@pytest.fixture
def cheap_hashes(monkeypatch):
    """The throttling tests sign in wrongly dozens of times: a one-round hash, not scrypt's 0.1-0.2 s each."""
    from werkzeug.security import generate_password_hash

    from quizapp import accounts

    cheap = partial(generate_password_hash, method="pbkdf2:sha256:1")
    monkeypatch.setattr(accounts, "generate_password_hash", cheap)
    monkeypatch.setattr(accounts, "_no_such_hash", lambda: cheap("no learner has this password"))


# `next` as the app receives it (the query string or form decoded once) in forms that browsers read as
# another site: they drop tabs and newlines anywhere and control characters and spaces at the ends, read a
# backslash as a slash, and take any scheme.
OFF_SITE = [
    "//evil.example/",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "\t//evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\r/\nevil.example",
    " //evil.example",
    "\x00//evil.example",
    "\x1f/\\evil.example",
    "/\t\\evil.example",
    "https://evil.example/",
    "HTTPS://evil.example",
    "https:/evil.example",
    "https:evil.example",
    "//evil.example@localhost/",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "stats",
    "",
]


def test_sign_in_never_sends_the_learner_to_another_site(app, cheap_hashes):
    Browser(app).sign_up("Alice")
    sent_off = {}
    for target in OFF_SITE:
        browser = Browser(app)
        after_signing_in = browser.sign_in("Alice", next_page=target or None).headers["Location"]
        # Signed in already, the sign-in page sends the browser straight on: the same check.
        already_in = browser.get("/account/signin", query_string={"next": target}).headers["Location"]
        if (after_signing_in, already_in) != ("/", "/"):
            sent_off[target] = (after_signing_in, already_in)
    assert not sent_off


def test_the_reported_sign_in_addresses_go_home(app, cheap_hashes):
    browser = Browser(app)
    browser.sign_up("Alice")
    for query in ("/%09/evil.example", "/%0d%0a/evil.example", "%2F%2Fevil.example", "/%5Cevil.example"):
        response = browser.get(f"/account/signin?next={query}")
        assert (response.status_code, response.headers["Location"]) == (303, "/"), query


def test_a_newline_in_next_is_no_header_and_no_error(app, cheap_hashes):
    browser = Browser(app)
    browser.sign_up("Alice")
    response = browser.get("/account/signin?next=/stats%0d%0aSet-Cookie:%20planted=1")
    # Read as a browser reads it: the newline dropped, one path on this site.
    assert response.status_code == 303 and response.headers["Location"] == "/statsSet-Cookie:%20planted=1"
    assert "planted" not in response.headers.get("Set-Cookie", "")


def test_sign_in_returns_to_a_page_of_this_site(app, cheap_hashes):
    Browser(app).sign_up("Alice")
    for target in ("/", "/stats", "/review?card=3", "/quiz/1/2", "/articles?q=a%20b&page=2"):
        assert Browser(app).sign_in("Alice", next_page=target).headers["Location"] == target


def test_sign_in_needs_the_form_token(app):
    Browser(app).sign_up("Alice")
    browser = Browser(app)
    browser.get("/account/signin")
    response = browser.client.post("/account/signin", data={"name": "Alice", "password": PASSWORD})
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)
    assert browser.get("/").status_code == 303


def test_a_cookie_naming_a_learner_this_database_does_not_have_is_signed_out(app, session):
    add_learner(session, "Alice")
    session.commit()
    browser = Browser(app)
    with browser.client.session_transaction() as cookie:
        cookie["learner"] = [1, "Someone else"]  # e.g. a database replaced under the same secret key
    assert browser.get("/").status_code == 303
    with browser.client.session_transaction() as cookie:
        assert "learner" not in cookie


def test_closed_sign_up(app):
    app.config["OPEN_SIGNUP"] = False
    browser = Browser(app)
    assert browser.get("/account/signup").status_code == 404
    assert "Ask whoever runs this QuizApp" in browser.html("/account/signin")


def test_signed_in_for_30_days_from_the_last_day_of_use(app, stocked):
    browser = Browser(app)
    signed_up = browser.sign_up("Alice")
    assert "Expires=" in signed_up.headers["Set-Cookie"]  # kept when the browser closes
    browser.get("/")
    # The same day, pages do not send the cookie again (re-signing it on every request is costly) ...
    assert "Set-Cookie" not in browser.get("/review", headers=HX).headers
    # ... and on a later day the first page moves its expiry on.
    with browser.client.session_transaction() as cookie:
        cookie["refreshed"] = cookie["refreshed"] - 1
    renewed = browser.get("/review", headers=HX)
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", renewed.headers["Set-Cookie"]).group(1))
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)


def test_password_guessing_is_stopped_for_that_name_only(app, cheap_hashes):
    Browser(app).sign_up("Alice")
    Browser(app).sign_up("Bob")
    for _ in range(3):  # signing in is not a failure: it does not count
        assert Browser(app).sign_in("Alice").status_code == 303
    guesser = Browser(app)
    for n in range(10):
        assert guesser.sign_in("Alice", f"guess number {n}").status_code == 401
    refused = guesser.sign_in("alice")  # the right password now, and the same name in other case
    assert refused.status_code == 429 and "Too many wrong passwords" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 0
    # Another learner behind the same address (a classroom) still signs in.
    assert Browser(app).sign_in("Bob").status_code == 303


def test_a_learner_who_mistypes_is_told_how_long_to_wait(app, session, cheap_hashes):
    create_account(session, "Ada", PASSWORD, PASSWORD)
    session.commit()
    ada = Browser(app, "10.1.1.7")
    for n in range(10):
        assert ada.sign_in("Ada", f"not it {n}").status_code == 401
    refused = ada.sign_in("Ada")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 600 - 5 < int(refused.headers["Retry-After"]) <= 600
    assert "Too many wrong passwords for this name from here. Wait 10 minutes, then try again." in html
    assert 'value="Ada"' in html and ">Sign in</button>" in html  # the form, ready for later


def test_a_classmate_cannot_lock_a_learner_out(app, session, cheap_hashes, monkeypatch):
    """Guessing Ada's password from another address, from her own classroom's address, and from many
    addresses at once: Ada, in the browser she has signed in with before, still signs in."""
    monkeypatch.setattr(throttle, "PER_NAME", parse("25 per hour"))
    create_account(session, "Ada", PASSWORD, PASSWORD)
    session.commit()
    adas = Browser(app, "10.1.1.7")  # the classroom's one address, as the network sees it
    assert adas.sign_in("Ada").status_code == 303
    adas.sign_out()

    elsewhere = Browser(app, "203.0.113.9")
    same_room = Browser(app, "10.1.1.7")
    for guesser in (elsewhere, same_room):
        for n in range(12):
            guesser.sign_in("Ada", f"guess {n}")
        assert guesser.sign_in("Ada", "guess 13").status_code == 429
    assert adas.sign_in("Ada").status_code == 303
    adas.sign_out()
    assert Browser(app, "198.51.100.4").sign_in("Ada").status_code == 303  # a third address: its own count

    # Many addresses, one name: past PER_NAME, a browser Ada has never used is refused, and told why ...
    for n in range(5):  # with the 20 above: 25
        Browser(app, f"192.0.2.{n}").sign_in("Ada", f"guess {n}")
    new_browser = Browser(app, "198.51.100.4").sign_in("Ada")
    assert new_browser.status_code == 429
    assert "Sign in from a browser you have used before" in new_browser.get_data(as_text=True)
    # ... but hers is not.
    assert adas.sign_in("Ada").status_code == 303


def test_one_password_tried_over_many_names_is_stopped(app, session, cheap_hashes):
    for n in range(5):
        create_account(session, f"Learner {n}", PASSWORD, PASSWORD)
        session.commit()
    sprayer = Browser(app, "203.0.113.9")
    answers = [sprayer.sign_in(f"Learner {n}", "Summer2024!").status_code for n in range(40)]
    assert answers[:30] == [401] * 30 and set(answers[30:]) == {429}  # 30 names an hour
    refused = sprayer.sign_in("Learner 1", PASSWORD)  # even the right password: not checked
    assert refused.status_code == 429
    assert "Too many names have been tried from here" in refused.get_data(as_text=True)
    # The learners themselves, at their own addresses, sign in.
    assert Browser(app, "10.1.1.7").sign_in("Learner 1").status_code == 303


def test_a_known_browser_has_its_own_count(app, session, cheap_hashes):
    """Someone at a learner's own browser gets ten tries too, and the cookie cannot be made up."""
    create_account(session, "Ada", PASSWORD, PASSWORD)
    session.commit()
    adas = Browser(app, "10.1.1.7")
    adas.sign_in("Ada")
    adas.sign_out()
    for n in range(10):
        assert adas.sign_in("Ada", f"guess {n}").status_code == 401
    refused = adas.sign_in("Ada")
    assert refused.status_code == 429 and "in this browser" in refused.get_data(as_text=True)

    forger = Browser(app, "10.1.1.7")
    made_up = URLSafeSerializer("not the server's key", salt="quizapp.known-browser")
    forged = made_up.dumps({"token": "x", "names": ["ada"]})
    forger.client.set_cookie(throttle.KNOWN_COOKIE, forged, path="/account/")
    for n in range(10):
        forger.sign_in("Ada", f"guess {n}")
    assert "from here" in forger.sign_in("Ada").get_data(as_text=True)  # counted by address, not exempt


def test_accounts_made_from_one_address_are_limited(app, session, monkeypatch):
    monkeypatch.setattr(account, "SIGNUPS", parse("2 per hour"))
    assert Browser(app).sign_up("Ann").status_code == 303
    assert Browser(app).sign_up("Ann").status_code == 422  # a refused form does not count
    assert Browser(app).sign_up("Ben").status_code == 303
    refused = Browser(app).sign_up("Cat")
    assert refused.status_code == 429 and "Too many tries" in refused.get_data(as_text=True)
    assert learner_count(session) == 2


# ---------------------------------------------------------------- teachers


def test_only_a_teacher_changes_the_articles_the_class_shares(app, session, stocked, monkeypatch):
    """A learner studies the class's articles but cannot add one or change a question (their page has no
    such buttons, and a hand-made post gets the 403 page and changes nothing); a teacher can."""
    from quizapp.models import Article, Item

    item = session.exec(select(Item)).first()
    article_page = f"/articles/{stocked.id}"
    add = {"source": "paste", "text": "Harbour opens\nThe harbour opened on May 2."}
    edit = {"question": "Changed?", "answer": "Yes", "accepted": "", "choices": ""}

    student = Browser(app)
    student.sign_up("Sam")
    listing = student.html("/articles")
    assert "Add an article" not in listing and "Your teacher adds the class’s articles" in listing
    page = student.html(article_page)
    assert item.question in page and ">Edit</a>" not in page and "Suspend" not in page and "Flag" not in page
    refused = [
        student.post("/articles", add),
        student.get(f"/articles/items/{item.id}/edit"),
        student.post(f"/articles/items/{item.id}/edit", edit),
        student.post(f"/articles/items/{item.id}/suspend", htmx=True),
        student.post(f"/articles/items/{item.id}/flag", htmx=True),
    ]
    assert [response.status_code for response in refused] == [403] * 5
    assert "a teacher adds and changes them" in refused[0].get_data(as_text=True)
    session.expire_all()
    unchanged = session.get(Item, item.id)
    assert (unchanged.question, unchanged.status, unchanged.flagged) == (item.question, "active", False)
    assert session.exec(select(func.count()).select_from(Article)).one() == 1

    from quizapp.accounts import create_account, set_teacher

    create_account(session, "Tess", PASSWORD, PASSWORD, teacher=True)
    session.commit()
    teacher = Browser(app)
    teacher.sign_in("Tess")
    assert "Add an article" in teacher.html("/articles") and ">Edit</a>" in teacher.html(article_page)
    queued = teacher.post("/articles", add)
    assert queued.status_code == 303 and "Waiting for its turn" in teacher.html(queued.headers["Location"])
    assert student.get(queued.headers["Location"]).status_code == 403  # the teacher's text, and their page
    assert teacher.post(f"/articles/items/{item.id}/edit", edit).status_code == 303
    assert teacher.post(f"/articles/items/{item.id}/suspend", htmx=True).status_code == 200
    session.expire_all()
    assert (
        session.get(Item, item.id).question == "Changed?" and session.get(Item, item.id).status == "suspended"
    )

    # Made a teacher while signed in (quizapp learners teacher): it counts from the next request.
    set_teacher(session, "sam", True)
    session.commit()  # as `quizapp learners teacher` does
    assert "Add an article" in student.html("/articles")


def test_the_local_learner_is_a_teacher_when_accounts_come_on(app, session, stocked):
    from quizapp.scheduling import default_learner

    assert default_learner(session).teacher
