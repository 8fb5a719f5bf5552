"""Numbers in addresses and forms past what an id column holds (2^31 on PostgreSQL, 2^63 on SQLite): the page
for a row that does not exist, never a 500. Runs on SQLite and, with QUIZAPP_TEST_POSTGRES_URL, PostgreSQL."""

import re

import pytest
from sqlmodel import select

from quizapp.models import CardState, Item

# 2^31 (PostgreSQL's INTEGER refuses it), 2^63 (SQLite's), the reported 2^64, and more digits than Python
# turns into an int by default.
HUGE = ["2147483648", "9223372036854775808", "18446744073709551616", "9" * 5000]

# (method, address, form, status): {n} is the huge number; {quiz}, {card}, {item}, {article} real ids.
CASES = [
    ("GET", "/quiz/{n}", None, 404),
    ("GET", "/quiz/{n}/1", None, 404),
    ("POST", "/quiz/{n}/1", {"answer": "Oslo"}, 404),
    ("GET", "/quiz/{quiz}/{n}", None, 404),
    ("POST", "/quiz/{quiz}/{n}", {"answer": "Oslo"}, 404),
    ("GET", "/quiz/{n}/score", None, 404),
    ("GET", "/quiz?article={n}", None, 200),  # the quiz form, no article chosen (as for a deleted one)
    ("POST", "/quiz", {"article": "{n}", "length": "5"}, 400),
    ("POST", "/quiz/{quiz}/1", {"answer": "Oslo", "shown_at": "{n}"}, 303),
    ("GET", "/review?card={n}", None, 404),
    ("GET", "/review/{n}/answer", None, 404),
    ("POST", "/review/{n}/grade", {"rating": "3", "version": "0"}, 404),
    ("POST", "/review/{card}/grade", {"rating": "3", "version": "{n}"}, 422),
    ("POST", "/review/{card}/grade", {"rating": "{n}", "version": "0"}, 422),
    ("POST", "/review/{card}/grade", {"rating": "3", "version": "0", "shown_at": "{n}"}, 303),
    ("GET", "/articles/{n}", None, 404),
    ("GET", "/articles/{n}/export", None, 404),
    ("GET", "/articles/{n}/export?format=apkg", None, 404),
    ("GET", "/articles/jobs/{n}", None, 404),
    ("GET", "/articles?page={n}", None, 200),
    ("GET", "/articles/items/{n}", None, 404),
    ("GET", "/articles/items/{n}/edit", None, 404),
    ("POST", "/articles/items/{n}/edit", {"question": "Q?", "answer": "A"}, 404),
    ("POST", "/articles/items/{n}/suspend", {}, 404),
    ("POST", "/articles/items/{n}/flag", {}, 404),
    ("GET", "/stats?history={n}", None, 200),
    ("GET", "/articles/{article}?added={n}", None, 200),  # no question was just added
    ("POST", "/articles/{n}/questions", {"question": "Q?", "answer": "A"}, 404),
    ("POST", "/articles/{n}/import", {"text": "Q?\tA"}, 404),
    ("POST", "/articles/{n}/exam", {"exam_on": "2027-01-01"}, 404),
    ("GET", "/articles/{n}/delete", None, 404),
    ("POST", "/articles/{n}/delete", {}, 404),
    ("GET", "/analysis/articles/{n}", None, 404),
    ("POST", "/analysis/items/{n}/accept", {"answer": "Oslo"}, 404),
    ("GET", "/analysis/items/{n}/row", None, 404),
    ("GET", "/analysis/items/{n}/fix", None, 404),
    ("POST", "/analysis/items/{n}/fix", {"question": "Q?", "answer": "A"}, 404),
    ("POST", "/analysis/items/{n}/suspend", {}, 404),
    ("POST", "/analysis/items/{n}/keep", {}, 404),
    ("POST", "/analysis/items/{n}/report", {"reason": "nonsense"}, 404),
    ("POST", "/analysis/items/{item}/report", {"reason": "nonsense", "quiz": "{n}", "position": "1"}, 303),
    ("POST", "/analysis/items/{item}/report", {"reason": "nonsense", "card": "{n}"}, 303),
    # a personal install has no assignments: tests/web/test_assignments.py asks these with accounts on
    ("GET", "/assignments/{n}", None, 404),
    ("GET", "/assignments/{n}/edit", None, 404),
    ("POST", "/assignments/{n}/edit", {"due": "2030-01-01"}, 404),
    ("POST", "/assignments/{n}/remove", {}, 404),
    ("POST", "/assignments/{n}/start", {}, 404),
    ("GET", "/assignments/{n}/progress.csv", None, 404),
]


@pytest.fixture
def ids(post, session, stocked) -> dict:
    started = post("/quiz", {"article": "all", "length": "5", "mode": "choice"})
    quiz = int(re.search(r"/quiz/(\d+)/", started.headers["Location"]).group(1))
    item = session.exec(select(Item.id)).first()
    card = session.exec(select(CardState.id)).first()
    return {"quiz": quiz, "card": card, "item": item, "article": stocked.id}


@pytest.mark.parametrize(
    ("method", "address", "form", "status"), CASES, ids=[f"{c[0]} {c[1]} {c[2] or ''}" for c in CASES]
)
def test_a_number_no_row_can_have_is_not_found(app, client, post, ids, method, address, form, status):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a database error becomes the 500 page a learner would see
    for huge in HUGE:
        url = address.format(n=huge, **ids)
        if method == "GET":
            response = client.get(url)
        else:
            response = post(url, {key: value.format(n=huge) for key, value in form.items()})
        assert response.status_code == status, (len(huge), response.get_data(as_text=True)[:300])
        if status == 404:
            assert "Not found" in response.get_data(as_text=True)


def test_every_route_with_a_number_in_its_address_is_covered(app):
    """A new route taking an id joins CASES above (and uses the <id:…> converter)."""
    covered = {re.sub(r"\{\w+\}", "", address.split("?")[0]) for _, address, _, _ in CASES}
    for rule in app.url_map.iter_rules():
        if rule.arguments and rule.endpoint != "static":
            assert re.sub(r"<[^>]+>", "", rule.rule) in covered, rule.rule


def test_an_id_at_the_limit_is_an_ordinary_missing_row(client):
    assert client.get("/articles/2147483647").status_code == 404
    assert client.get("/review?card=2147483647").status_code == 404
