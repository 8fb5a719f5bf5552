"""Crash testing a running server: learners over HTTP, kill -9 at random moments, restart, and the database
checked against every write the server acknowledged. tests/test_crash.py runs a few kills,
benchmarks/crash.py many.

The learners do what the browser does, with accounts on (each signs up and keeps their session cookie
across restarts): flashcards (the page, Show answer, a grade with its card version, as htmx sends it) and
quizzes (start one of 5 questions, answer each, see the score). Every POST answered 2xx/3xx is acknowledged
and written in the learner's ledger with what it should have stored. A POST that got no answer (the server
died under it) is in doubt, and is sent again once the server is back, as a learner pressing the button
again would: the reply then says whether it had landed. After each restart every learner also resends its
last acknowledged grade and quiz answer, as a browser retrying would; neither may count again. Last, each
learner grades a card and undoes it, the server is killed, and the undo is sent again after the restart: it
may not take back a second grade.

Kills: `all` (SIGKILL to the whole process group: a crash or power cut of the server), `main` (the granian
main process alone: its workers must not stay behind serving), `worker` (one worker: the server must go on
answering without a restart). The checks (`check`): every acknowledged grade is the review log row of its
card version, with its rating, exactly once; every acknowledged quiz answer is stored once, with its card's
review; nothing unacknowledged beyond the POSTs in doubt; each quiz's counters and each day's tallies agree
with the rows, and each card's repetitions with its reviews; the Scores page shows what the rows say;
PRAGMA integrity_check says ok and foreign_key_check finds nothing (SQLite).
"""

import contextlib
import html
import http.client
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Integer, create_engine, func, select
from sqlalchemy.engine import make_url

from quizapp.models import CardState, Item, QuizAnswer, QuizSession, ReviewLog, ReviewMode, ReviewTally
from quizapp.models import Learner as LearnerRow

PASSWORD = "crash-test-password"
QUIZ_LENGTH = 5
QUIZ_SHARE = 0.15  # how often a learner between quizzes starts one rather than grade a flashcard
START_WITHIN = 60  # seconds for `quizapp run` to answer /healthz
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
CARD = re.compile(r"/review/(\d+)/answer")
VERSION = re.compile(r'name="version" value="(\d+)"')
QUIZ_AT = re.compile(r"/quiz/(\d+)/(\d+)$")
CHOICE = re.compile(r'<input type="radio" name="answer" value="([^"]*)"')
VERDICT = re.compile(r'class="feedback (correct|almost|wrong)"')
GIVEN = re.compile(r'<strong class="given">([^<]*)</strong>')
SCORE = re.compile(r'aria-label="(\d+) out of (\d+)"')
ALREADY_GRADED = "already graded"
UNDO_FORM = re.compile(r'<form[^>]*action="/review/undo"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------- the server


class Server:
    """`quizapp run --port P --workers N` in a process group of its own, started and killed again and again
    on one database; `restart_seconds` holds how long each start took until /healthz answered."""

    def __init__(self, database_url: str, instance: Path, workers: int, log_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log_path = log_path
        self.env = os.environ | {
            "QUIZAPP_DATABASE_URL": database_url,
            "QUIZAPP_INSTANCE_PATH": str(instance),
            "QUIZAPP_SEED_ON_START": "true",
            "QUIZAPP_ACCOUNTS": "true",
            # Learners grade far more than a day's default allowance here.
            "QUIZAPP_NEW_CARDS_PER_DAY": "100000",
            "QUIZAPP_REVIEWS_PER_DAY": "1000000",
        }
        self.process: subprocess.Popen | None = None
        self.restart_seconds: list[float] = []

    def start(self) -> None:
        quizapp = Path(sys.executable).parent / "quizapp"
        command = [str(quizapp), "run", "--port", str(self.port), "--workers", str(self.workers)]
        began = time.monotonic()
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() - began > START_WITHIN:
                raise AssertionError(f"the server did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.05)
        self.restart_seconds.append(time.monotonic() - began)

    def answers(self) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            connection.request("GET", "/healthz")
            ok = connection.getresponse().status == 200
            connection.close()
            return ok
        except OSError:
            return False

    def group(self) -> list[int]:
        """The pids still alive in the server's process group (the main process and its workers)."""
        pgid = self.process.pid
        alive = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) == pgid and fields[0] != "Z":  # fields: state, ppid, pgrp, ...
                    alive.append(int(entry.name))
        return alive

    def workers_pids(self) -> list[int]:
        return [pid for pid in self.group() if pid != self.process.pid]

    def kill_all(self) -> None:
        """SIGKILL to every process of the group, as a crash or a power cut would stop them."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_group_gone(10)

    def kill_main(self, workers_gone_within: float) -> bool:
        """SIGKILL to the main process alone. Returns whether its workers were gone within the time given (the
        rest of the group is then killed, so the server can start again)."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        gone = self._wait_group_gone(workers_gone_within)
        if not gone:
            self.kill_all()
        return gone

    def kill_worker(self, rng: random.Random) -> int | None:
        """SIGKILL to one worker process; its pid, or None when there was none to kill."""
        pids = self.workers_pids()
        if not pids:
            return None
        pid = rng.choice(pids)
        os.kill(pid, signal.SIGKILL)
        return pid

    def _wait_group_gone(self, within: float) -> bool:
        deadline = time.monotonic() + within
        while self.group():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def stop(self) -> None:
        """Ctrl-C, as a terminal stops it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_all()


# ---------------------------------------------------------------- a learner's browser


class Gone(Exception):
    """No answer: the server is down, restarting, or died under the request."""


@dataclass
class Reply:
    status: int
    location: str
    body: str


class Browser:
    """One learner's browser: its cookies and CSRF token; a connection per request (none outlives a kill)."""

    def __init__(self, server: Server):
        self.server = server
        self.cookies: dict[str, str] = {}
        self.token = ""

    def send(self, method: str, path: str, form: dict | None = None, htmx: bool = False) -> Reply:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if htmx:
                headers["X-CSRFToken"] = self.token
            else:
                form = {"csrf_token": self.token} | form
            body = urllib.parse.urlencode(form)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=20)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            connection.close()
        except (OSError, http.client.HTTPException) as error:
            raise Gone(str(error)) from error
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status >= 500:
            raise ServerError(f"{method} {path}: {response.status}")
        return Reply(response.status, response.headers.get("Location", ""), text)

    def get(self, path: str, htmx: bool = False) -> Reply:
        return self.send("GET", path, htmx=htmx)

    def post(self, path: str, form: dict, htmx: bool = False) -> Reply:
        return self.send("POST", path, form, htmx=htmx)

    def read_token(self, path: str = "/") -> None:
        self.token = TOKEN.search(self.get(path).body).group(1)


class ServerError(AssertionError):
    """A 5xx answer: the app failed on a request, which no crash excuses."""


# ---------------------------------------------------------------- learners and their ledgers


@dataclass
class Ledger:
    """What the server acknowledged to one learner, and what it should therefore have stored."""

    grades: dict[tuple[int, int], int] = field(default_factory=dict)  # (card, version shown) -> rating
    answers: dict[tuple[int, int], str] = field(default_factory=dict)  # (quiz, position) -> answer given
    verdicts: dict[tuple[int, int], str] = field(default_factory=dict)  # (quiz, position) -> verdict shown
    quizzes: set[int] = field(default_factory=set)  # quizzes whose start was acknowledged
    scores: dict[int, int] = field(default_factory=dict)  # quiz -> right, as its score page said
    in_doubt: int = 0  # POSTs that got no answer (and were sent again)
    landed_before: int = 0  # grades in doubt the retry found already stored ("already graded")
    resent: int = 0  # acknowledged POSTs sent again after a restart
    resent_taken_again: int = 0  # of those, how many the server took as new (should be none)


@dataclass
class Pending:
    kind: str  # grade, answer or start
    path: str
    form: dict
    key: tuple = ()


class Learner:
    """A learner studying in a thread of its own until told to stop, then finishing any POST in doubt."""

    def __init__(self, server: Server, name: str, rng: random.Random):
        self.name = name
        self.browser = Browser(server)
        self.server = server
        self.rng = rng
        self.ledger = Ledger()
        self.pending: Pending | None = None
        self.quiz: tuple[int, int] | None = None  # (quiz id, next position, 1-based)
        self.last_grade: Pending | None = None
        self.last_answer: Pending | None = None
        self.last_undo: dict | None = None
        self.stopping = threading.Event()
        self.resend_now = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def sign_up(self) -> int:
        self.browser.read_token("/account/signup")
        reply = self.browser.post(
            "/account/signup", {"name": self.name, "password": PASSWORD, "again": PASSWORD}
        )
        assert reply.status == 303, reply.body[:500]
        self.browser.read_token()
        return self.learner_id()

    def learner_id(self) -> int:
        with _engine(self.server.env["QUIZAPP_DATABASE_URL"]) as engine, engine.connect() as connection:
            return connection.execute(select(LearnerRow.id).where(LearnerRow.name == self.name)).scalar_one()

    def _run(self) -> None:
        try:
            while not self.stopping.is_set() or self.pending is not None:
                try:
                    if self.pending is not None:
                        self._retry()
                    elif self.resend_now.is_set():
                        self._resend_acknowledged()
                    elif self.quiz is not None or self.rng.random() < QUIZ_SHARE:
                        self._quiz_step()
                    else:
                        self._flashcard()
                except Gone:
                    time.sleep(0.05)  # down: try again shortly
        except BaseException as error:  # reported by the run, not lost in the thread
            self.failure = error

    # -- flashcards

    def _flashcard(self) -> None:
        page = self.browser.get("/review", htmx=True).body
        card = CARD.search(page)
        if card is None:  # nothing due: take a quiz instead
            return self._quiz_step()
        card_id = int(card.group(1))
        back = self.browser.get(
            f"/review/{card_id}/answer?shown_at={int(time.time() * 1000)}", htmx=True
        ).body
        version = int(VERSION.search(back).group(1))
        rating = self.rng.choice((1, 2, 3, 3, 3, 4))
        form = {"rating": str(rating), "version": str(version), "shown_at": str(int(time.time() * 1000))}
        self._post(Pending("grade", f"/review/{card_id}/grade", form, (card_id, version)))

    # -- quizzes

    def _quiz_step(self) -> None:
        if self.quiz is None:
            return self._post(Pending("start", "/quiz", {"article": "all", "length": str(QUIZ_LENGTH)}))
        quiz_id, position = self.quiz
        if position > QUIZ_LENGTH:
            return self._see_score(quiz_id)
        page = self.browser.get(f"/quiz/{quiz_id}/{position}", htmx=True).body
        choices = [html.unescape(choice) for choice in CHOICE.findall(page)]
        given = self.rng.choice(choices) if choices else self.rng.choice(("Oslo", "2024", "nobody"))
        form = {"answer": given, "shown_at": str(int(time.time() * 1000))}
        self._post(Pending("answer", f"/quiz/{quiz_id}/{position}", form, (quiz_id, position)))

    def _see_score(self, quiz_id: int) -> None:
        page = self.browser.get(f"/quiz/{quiz_id}/score").body
        right, total = map(int, SCORE.search(page).groups())
        assert total == QUIZ_LENGTH, page[:500]
        self.ledger.scores[quiz_id] = right
        self.quiz = None

    # -- POSTs: acknowledged, or in doubt and sent again

    def _post(self, pending: Pending, retry: bool = False) -> None:
        htmx = pending.kind != "start"  # starting a quiz is a plain form; the rest are htmx posts
        try:
            reply = self.browser.post(pending.path, pending.form, htmx=htmx)
        except Gone:
            if not retry:  # (a quiz start in doubt may have made a quiz no one takes: not counted anywhere)
                self.ledger.in_doubt += 1
            self.pending = pending
            raise
        self.pending = None
        assert reply.status in (200, 303), f"{pending.path}: {reply.status} {reply.body[:300]}"
        if pending.kind == "grade":
            if ALREADY_GRADED in reply.body:
                assert retry, f"a fresh grade was refused as stale: {pending}"
                self.ledger.landed_before += 1
            self.ledger.grades[pending.key] = int(pending.form["rating"])
            self.last_grade = pending
        elif pending.kind == "answer":
            verdict = VERDICT.search(reply.body)
            assert verdict, reply.body[:500]
            given = GIVEN.search(reply.body)
            stored = html.unescape(given.group(1)) if given else pending.form["answer"]
            self.ledger.answers[pending.key] = stored
            self.ledger.verdicts[pending.key] = verdict.group(1)
            self.last_answer = pending
            self.quiz = (pending.key[0], pending.key[1] + 1)
        else:
            quiz = QUIZ_AT.search(reply.location)
            assert quiz and quiz.group(2) == "1", reply.location
            self.ledger.quizzes.add(int(quiz.group(1)))
            self.quiz = (int(quiz.group(1)), 1)

    def _retry(self) -> None:
        deadline = time.monotonic() + 2 * START_WITHIN
        while not self.server.answers():
            assert time.monotonic() < deadline, f"{self.name}: the server did not come back"
            time.sleep(0.05)
        self._post(self.pending, retry=True)

    def _resend_acknowledged(self) -> None:
        """After a restart: the last acknowledged grade and quiz answer once more, as a browser retry. The
        grade must be refused as already graded; the answer must show the answer stored first."""
        self.resend_now.clear()
        if self.last_grade is not None:
            reply = self.browser.post(self.last_grade.path, self.last_grade.form, htmx=True)
            self.ledger.resent += 1
            self.ledger.resent_taken_again += ALREADY_GRADED not in reply.body
        if self.last_answer is not None:
            reply = self.browser.post(self.last_answer.path, self.last_answer.form, htmx=True)
            assert VERDICT.search(reply.body), reply.body[:500]
            self.ledger.resent += 1  # taken again or not, the check counts its rows

    # -- undo, and a retry of it

    def grade_and_undo(self) -> None:
        """Grade a card, then undo that grade with the page's Undo button (the server up, the learner's
        thread stopped): the grade is then not expected any more, and the undo is kept to be sent again."""
        graded = len(self.ledger.grades)
        for _ in range(50):  # a step may be a quiz question when no card is due
            if len(self.ledger.grades) > graded:
                break
            self._flashcard()
        assert len(self.ledger.grades) > graded, f"{self.name} found no card to grade"
        form = _hidden_fields(UNDO_FORM.search(self.browser.get("/review").body).group(1))
        reply = self.browser.post("/review/undo", form, htmx=True)
        assert "Undone" in reply.body, reply.body[:500]
        del self.ledger.grades[self.last_grade.key]
        self.last_grade = None  # undone: its resend would be a grade of the card afresh
        self.last_undo = form

    def resend_undo(self) -> bool:
        """The acknowledged undo once more, as a browser retrying it would; whether it undid anything."""
        return "Undone" in self.browser.post("/review/undo", self.last_undo, htmx=True).body

    def scores_page(self) -> dict:
        """What the Scores page says: reviews right and in all (last 30 days), quizzes taken, each listed
        quiz's score, and the accuracy table's totals."""
        page = self.browser.get("/stats").body
        right, total = map(int, re.search(r"\((\d+) of (\d+) reviews right", page).groups())
        taken = int(re.search(r'<p class="big">(\d+)</p><p>quiz', page).group(1))
        listed = {
            int(q): (int(r), int(t)) for q, r, t in re.findall(r'/quiz/(\d+)/score">(\d+) / (\d+)</a>', page)
        }
        accuracy = [(int(r), int(t)) for r, t in re.findall(r"<td>(\d+) / (\d+)</td>", page)]
        return {"right": right, "total": total, "taken": taken, "listed": listed, "accuracy": accuracy}


# ---------------------------------------------------------------- checking the database


@contextlib.contextmanager
def _engine(url: str):
    engine = create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def integrity(url: str) -> tuple[str, int]:
    """SQLite's PRAGMA integrity_check (its first line: "ok" when sound) and the number of rows
    foreign_key_check finds; ("n/a", 0) on PostgreSQL, which keeps its constraints itself."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return "n/a", 0
    connection = sqlite3.connect(parsed.database)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        broken = len(connection.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        connection.close()
    return result, broken


@dataclass
class Findings:
    """What the database holds against what was acknowledged: every count should be 0 but the first few."""

    grades: int = 0  # acknowledged grades checked
    answers: int = 0  # acknowledged quiz answers checked
    quizzes: int = 0  # acknowledged quiz starts checked
    lost: list = field(
        default_factory=list
    )  # acknowledged writes not (or not as acknowledged) in the database
    duplicates: list = field(default_factory=list)  # writes stored more than once, or not asked for
    drift: list = field(default_factory=list)  # counters (quiz counts, tallies, Scores page) off the rows
    integrity: str = "ok"
    foreign_key_errors: int = 0

    @property
    def clean(self) -> bool:
        problems = self.lost or self.duplicates or self.drift or self.foreign_key_errors
        return not problems and self.integrity in ("ok", "n/a")


def check(url: str, learners: dict[int, Learner], in_doubt_allowed: bool = False) -> Findings:
    """The database against the learners' ledgers (`learners` by learner id). `in_doubt_allowed`: a POST in
    doubt may not have been sent again yet (a check right after a kill), so one row per learner beyond the
    acknowledged ones is not a duplicate."""
    found = Findings()
    found.integrity, found.foreign_key_errors = integrity(url)
    with _engine(url) as engine, engine.connect() as db:
        for learner_id, learner in learners.items():
            _check_learner(db, learner_id, learner.ledger, found, in_doubt_allowed)
        _check_tallies(db, found)
    return found


def _check_learner(db, learner_id: int, ledger: Ledger, found: Findings, in_doubt_allowed: bool) -> None:
    logs = db.execute(
        select(ReviewLog.id, ReviewLog.card_id, ReviewLog.rating, ReviewLog.mode, ReviewLog.answer_given)
        .where(ReviewLog.learner_id == learner_id)
        .order_by(ReviewLog.id)
    ).all()
    # Each review bumps its card's version by one (the learners never undo here), so a card's n-th review
    # log row (from 0) is the review of version n.
    by_version, seen = {}, Counter()
    for log in logs:
        by_version[(log.card_id, seen[log.card_id])] = log
        seen[log.card_id] += 1
    flashcard_logs = sum(1 for log in logs if log.mode == ReviewMode.FLASHCARD)
    slack = 1 if in_doubt_allowed else 0
    for (card, version), rating in ledger.grades.items():
        found.grades += 1
        log = by_version.get((card, version))
        if log is None or log.mode != ReviewMode.FLASHCARD or log.rating != rating:
            found.lost.append(("grade", learner_id, card, version, rating, log))
    if flashcard_logs - len(ledger.grades) > slack:  # fewer: the missing ones are listed as lost above
        found.duplicates.append(("flashcard reviews", learner_id, flashcard_logs, len(ledger.grades)))
    # The card's own counters: its repetitions are its logged reviews, and it is new until the first.
    for card, reps, is_new in db.execute(
        select(CardState.id, CardState.reps, CardState.is_new).where(CardState.learner_id == learner_id)
    ).all():
        if (reps, bool(is_new)) != (seen[card], seen[card] == 0):
            found.drift.append(("card counters", card, reps, is_new, seen[card]))

    quizzes = {
        quiz.id: quiz
        for quiz in db.execute(select(QuizSession).where(QuizSession.learner_id == learner_id)).all()
    }
    answers = db.execute(
        select(QuizAnswer.quiz_id, QuizAnswer.position, QuizAnswer.answer_given, QuizAnswer.verdict).where(
            QuizAnswer.quiz_id.in_(quizzes)
        )
    ).all()
    stored = Counter((a.quiz_id, a.position + 1) for a in answers)
    given = {(a.quiz_id, a.position + 1): a for a in answers}
    for key, answer in ledger.answers.items():
        found.answers += 1
        row = given.get(key)
        if row is None or row.answer_given != answer or row.verdict != ledger.verdicts[key]:
            found.lost.append(("quiz answer", learner_id, key, answer, row))
    found.duplicates += [("quiz answer", learner_id, key, n) for key, n in stored.items() if n > 1]
    if len(stored) - len(ledger.answers) > slack:
        found.duplicates.append(("quiz answers", learner_id, len(stored), len(ledger.answers)))
    quiz_logs = sum(1 for log in logs if log.mode == ReviewMode.QUIZ)
    if quiz_logs != len(answers):  # every quiz answer reviews its card once, in the same transaction
        found.drift.append(("quiz reviews", learner_id, quiz_logs, len(answers)))
    for quiz_id in ledger.quizzes:
        found.quizzes += 1
        if quiz_id not in quizzes:
            found.lost.append(("quiz start", learner_id, quiz_id))
    for quiz_id, quiz in quizzes.items():
        rows = [a for a in answers if a.quiz_id == quiz_id]
        right = sum(1 for a in rows if a.verdict != "wrong")
        finished = len(rows) >= len(quiz.item_ids)
        if (quiz.answered_count, quiz.correct_count, quiz.finished_at is not None) != (
            len(rows),
            right,
            finished,
        ):
            found.drift.append(
                ("quiz counts", quiz_id, quiz.answered_count, quiz.correct_count, len(rows), right)
            )
        if quiz_id in ledger.scores and ledger.scores[quiz_id] != right:
            found.drift.append(("score page", quiz_id, ledger.scores[quiz_id], right))


def _check_tallies(db, found: Findings) -> None:
    """Each day's tally (what the daily limits and the Scores page read) against the review log it counts."""
    day = func.date(ReviewLog.reviewed_at)
    if db.dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", ReviewLog.reviewed_at))
    from_log = Counter()
    for learner, when, kind, mode, reviews, right, first in db.execute(
        select(
            ReviewLog.learner_id,
            day,
            Item.type,
            ReviewLog.mode,
            func.count(),
            func.sum((ReviewLog.rating > 1).cast(Integer)),
            func.sum(ReviewLog.first_review.cast(Integer)),
        )
        .join(Item, Item.id == ReviewLog.item_id)
        .group_by(ReviewLog.learner_id, day, Item.type, ReviewLog.mode)
    ).all():
        from_log[(learner, str(when), kind, mode)] = (reviews, int(right), int(first))
    tallied = {
        (t.learner_id, str(t.day), t.item_type, t.mode): (t.reviews, t.right, t.first_reviews)
        for t in db.execute(select(ReviewTally)).all()
        if (t.reviews, t.right, t.first_reviews) != (0, 0, 0)
    }
    for key in from_log.keys() | tallied.keys():
        if from_log.get(key) != tallied.get(key):
            found.drift.append(("tally", key, tallied.get(key), from_log.get(key)))


def check_scores_pages(url: str, learners: dict[int, Learner], found: Findings) -> None:
    """Each learner's Scores page against the rows (the server running)."""
    with _engine(url) as engine, engine.connect() as db:
        for learner_id, learner in learners.items():
            shown = learner.scores_page()
            logs = db.execute(
                select(func.count(), func.sum((ReviewLog.rating > 1).cast(Integer))).where(
                    ReviewLog.learner_id == learner_id
                )
            ).one()
            total, right = logs[0], int(logs[1] or 0)
            finished = db.execute(
                select(func.count())
                .select_from(QuizSession)
                .where(QuizSession.learner_id == learner_id, QuizSession.finished_at.is_not(None))
            ).scalar()
            if (shown["right"], shown["total"], shown["taken"]) != (right, total, finished):
                found.drift.append(("scores page", learner_id, shown, (right, total, finished)))
            if sum(t for _, t in shown["accuracy"]) != total or sum(r for r, _ in shown["accuracy"]) != right:
                found.drift.append(("accuracy table", learner_id, shown["accuracy"], (right, total)))
            for quiz_id, (quiz_right, quiz_total) in shown["listed"].items():
                stored = db.execute(
                    select(func.count()).where(QuizAnswer.quiz_id == quiz_id, QuizAnswer.verdict != "wrong")
                ).scalar()
                if quiz_right != stored or quiz_total != QUIZ_LENGTH:
                    found.drift.append(("history", quiz_id, (quiz_right, quiz_total), stored))


# ---------------------------------------------------------------- a run


def prepare_database(url: str, articles: list[Path] = ()) -> None:
    """The schema, the seed article and any `articles` (files or folders), made before the first start: the
    generator then runs once, here, rather than in a server about to be killed."""
    from sqlmodel import Session

    from quizapp import create_app, paths
    from quizapp.db import get_engine
    from quizapp.ingest import expand, ingest_paths

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "prepare", "SEED_ON_START": False, "ACCOUNTS": True})
    with app.app_context():
        engine = get_engine()
        with Session(engine) as session:
            list(ingest_paths(session, expand([paths.SEEDS, *articles]), app.config["MAX_ARTICLE_CHARS"]))
        engine.dispose()


@dataclass
class Run:
    workers: int
    kills: Counter = field(default_factory=Counter)  # kind -> times
    restarts: list = field(default_factory=list)  # seconds until /healthz answered again
    worker_kills_survived: int = 0  # kills of one worker after which the server answered on, unrestarted
    orphaned_workers: int = 0  # kills of the main process after which workers stayed behind
    after_kills: list = field(default_factory=list)  # Findings of the database checked after each kill
    undos_resent: int = 0
    undos_taken_again: int = 0  # resent undos that undid another grade
    findings: Findings | None = None  # the last check, after a clean stop
    learners: dict = field(default_factory=dict)

    def figures(self) -> dict:
        ledgers = [learner.ledger for learner in self.learners.values()]
        checks = [*self.after_kills, self.findings]
        return {
            "workers": self.workers,
            "kills": dict(self.kills),
            "acknowledged_grades": sum(len(ledger.grades) for ledger in ledgers),
            "acknowledged_quiz_answers": sum(len(ledger.answers) for ledger in ledgers),
            "acknowledged_quiz_starts": sum(len(ledger.quizzes) for ledger in ledgers),
            "posts_in_doubt": sum(ledger.in_doubt for ledger in ledgers),
            "grades_in_doubt_found_stored": sum(ledger.landed_before for ledger in ledgers),
            "acknowledged_posts_resent": sum(ledger.resent for ledger in ledgers),
            "acknowledged_posts_resent_taken_again": sum(ledger.resent_taken_again for ledger in ledgers),
            "undos_resent": self.undos_resent,
            "undos_resent_taken_again": self.undos_taken_again,
            "checks": len(checks),
            "lost": sum(len(found.lost) for found in checks),
            "duplicates": sum(len(found.duplicates) for found in checks),
            "counter_drift": sum(len(found.drift) for found in checks),
            "integrity_check": sorted({found.integrity for found in checks}),
            "foreign_key_errors": sum(found.foreign_key_errors for found in checks),
            "worker_kills_survived": self.worker_kills_survived,
            "orphaned_workers": self.orphaned_workers,
            "restart_s_median": round(sorted(self.restarts)[len(self.restarts) // 2], 2)
            if self.restarts
            else None,
            "restart_s_max": round(max(self.restarts), 2) if self.restarts else None,
        }


# A killed worker is respawned; granian takes a second death of it within 5.5 s of that for a crash loop and
# stops the server, so one worker is killed at most this often.
WORKER_KILL_SPACING = 6.5


def crash_run(
    url: str,
    workdir: Path,
    *,
    workers: int,
    kills: list[str],
    learners: int = 3,
    writes_between: tuple[int, int] = (20, 60),
    seed: int = 0,
    workers_gone_within: float = 5.0,
) -> Run:
    """Start the server on `url` (prepared), let `learners` study, kill it as `kills` says (all, main or
    worker, in that order), each time once a random number of writes in `writes_between` more were
    acknowledged and then at a random moment within 0.2 s (mid-request), restarting it after each kill that
    stops it, and check the database while it is down. Then each learner grades a card and undoes it, the
    server is killed once more and restarted, and the undo is sent again. Last the Scores pages are checked,
    the server stopped cleanly and the database checked once more."""
    rng = random.Random(seed)
    run = Run(workers)
    server = Server(url, workdir / "instance", workers, workdir / "server.log")
    server.start()
    try:
        studying = [Learner(server, f"learner{n}", random.Random(seed * 100 + n)) for n in range(learners)]
        run.learners = {learner.sign_up(): learner for learner in studying}
        for learner in studying:
            learner.thread.start()
        last_worker_kill = -WORKER_KILL_SPACING
        for kind in kills:
            _wait_for_writes(studying, rng.randint(*writes_between))
            time.sleep(rng.uniform(0, 0.2))
            run.kills[kind] += 1
            if kind == "worker":
                time.sleep(max(0.0, last_worker_kill + WORKER_KILL_SPACING - time.monotonic()))
                killed = server.kill_worker(rng)
                last_worker_kill = time.monotonic()
                if _replaced_within(server, killed, 15):
                    run.worker_kills_survived += 1
                    continue
                server.kill_all()  # it stopped (or hangs): started again, as an operator would
            elif kind == "main":
                if not server.kill_main(workers_gone_within):
                    run.orphaned_workers += 1
            else:
                server.kill_all()
            _restart(run, server, url)
            for learner in studying:
                learner.resend_now.set()
        _wait_for_writes(studying, rng.randint(*writes_between))
        for learner in studying:
            learner.stopping.set()
        for learner in studying:
            learner.thread.join(60)
            assert not learner.thread.is_alive(), f"{learner.name} did not finish"
        _raise_failures(studying)
        # An undo acknowledged before a crash and sent again after it must not undo a second grade.
        for learner in studying:
            learner.grade_and_undo()
        run.kills["all"] += 1
        server.kill_all()
        _restart(run, server, url)
        run.undos_resent = len(studying)
        run.undos_taken_again = sum(learner.resend_undo() for learner in studying)
        pages = Findings()
        check_scores_pages(url, run.learners, pages)
    finally:
        server.stop()
    run.findings = check(url, run.learners)
    run.findings.drift += pages.drift
    return run


def _restart(run: Run, server: Server, url: str) -> None:
    """The database as the kill left it must hold every write acknowledged so far; then start again."""
    run.after_kills.append(check(url, run.learners, in_doubt_allowed=True))
    server.start()
    run.restarts.append(server.restart_seconds[-1])


def _hidden_fields(form_html: str) -> dict:
    return {name: html.unescape(value) for name, value in HIDDEN.findall(form_html)}


def _replaced_within(server: Server, killed: int, seconds: float) -> bool:
    """Whether the server, unrestarted, has its number of workers again (another in place of `killed`) and
    answers, within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        workers = server.workers_pids()
        if len(workers) == server.workers and killed not in workers and server.answers():
            return True
        time.sleep(0.05)
    return False


def _wait_for_writes(learners: list[Learner], more: int, within: float = 60) -> None:
    """Until the learners have `more` writes acknowledged than now (or `within` seconds passed)."""

    def acknowledged() -> int:
        return sum(len(learner.ledger.grades) + len(learner.ledger.answers) for learner in learners)

    wanted, deadline = acknowledged() + more, time.monotonic() + within
    while acknowledged() < wanted and time.monotonic() < deadline:
        _raise_failures(learners)
        time.sleep(0.01)
    _raise_failures(learners)


def _raise_failures(learners: list[Learner]) -> None:
    for learner in learners:
        if learner.failure is not None:
            raise learner.failure
