"""For the Flask test-client tests: the header htmx sends, and the CSRF token of a page (CSRF protection stays
on: every POST carries a real token); a learner's browser with accounts on; the flashcard and quiz steps
several test files take."""

import re

from quizapp.models import Item, QuizSession

HX = {"HX-Request": "true"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def token_from(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


PASSWORD = "correct horse"


class Browser:
    """One learner's browser: its own cookies, and the CSRF token of the page it last opened."""

    def __init__(self, app, address="127.0.0.1"):
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = address
        self.token = None

    def get(self, url, **kwargs):
        response = self.client.get(url, **kwargs)
        html = response.get_data(as_text=True)
        if "csrf_token" in html or "X-CSRFToken" in html:
            self.token = token_from(html)
        return response

    def post(self, url, data=None, *, htmx=False):
        data = dict(data or {})
        if htmx:
            return self.client.post(url, data=data, headers=HX | {"X-CSRFToken": self.token})
        return self.client.post(url, data=data | {"csrf_token": self.token})

    def sign_up(self, name, password=PASSWORD, again=None):
        self.get("/account/signup")
        form = {"name": name, "password": password, "again": password if again is None else again}
        return self.post("/account/signup", form)

    def sign_in(self, name, password=PASSWORD, next_page=None):
        self.get("/account/signin")
        form = {"name": name, "password": password} | ({"next": next_page} if next_page else {})
        return self.post("/account/signin", form)

    def sign_out(self):
        self.get("/")  # a page of the new session, with its token
        return self.post("/account/signout")

    def html(self, url, **kwargs):
        return self.get(url, **kwargs).get_data(as_text=True)


def card_id_of(html: str) -> int:
    """The id of the flashcard a review page shows."""
    return int(re.search(r"/review/(\d+)/answer", html).group(1))


def back_form(client, card_id: int) -> tuple[str, dict]:
    """A card's back (htmx) and the hidden fields of its grade form: version, shown_at, the signed preview."""
    html = client.get(f"/review/{card_id}/answer", headers=HX).get_data(as_text=True)
    fields = re.findall(r'<input type="hidden" name="(version|shown_at|preview)" value="([^"]*)">', html)
    return html, dict(fields)


def start(post, **form):
    """Start a quiz (all articles, 5 questions, multiple choice unless `form` says otherwise); its first
    question's address."""
    data = {"article": "all", "length": "5", "mode": "choice"} | form
    response = post("/quiz", data)
    assert response.status_code == 303
    return response.headers["Location"]


def current_item(session, url):
    """The quiz, position and item of a question's address."""
    quiz_id, position = map(int, re.search(r"/quiz/(\d+)/(\d+)", url).groups())
    quiz = session.get(QuizSession, quiz_id)
    session.refresh(quiz)
    return quiz, position, session.get(Item, quiz.item_ids[position - 1])


def answer_question(learner: Browser, session, url: str, verdict: str) -> None:
    """Answer the quiz question at `url` right, wrong or almost right (typed with its last letter lost)."""
    _, _, item = current_item(session, url)
    given = {"correct": item.answer, "wrong": "Nobody at all", "almost": item.answer[:-1]}[verdict]
    learner.get(url)
    assert learner.post(url, {"answer": given, "shown_at": "0"}).status_code in (200, 303)


def finished_quiz(learner: Browser, session, verdicts=("correct", "wrong", "correct", "correct", "correct")):
    """A five-question quiz answered through, by the verdicts given; its score page's address."""
    first = start(learner.post)
    for position, verdict in enumerate(verdicts, 1):
        answer_question(learner, session, first[:-1] + str(position), verdict)
    return first.rsplit("/", 1)[0] + "/score"
