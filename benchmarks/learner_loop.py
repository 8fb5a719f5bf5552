"""A learner's loop, step by step, beside Anki's backend doing its step: CPU time per step, in-process.

    python benchmarks/learner_loop.py                        # 200 steps; Anki on 100,000 cards
    python benchmarks/learner_loop.py --cards 20000 --steps 100   # a quick run
    python benchmarks/learner_loop.py --no-anki              # QuizApp only

Issue 16. QuizApp runs in this process on a copy of the big database (make_big_db.py through
web_load.ensure_database: /tmp/quizapp-bench/big.sqlite, built when missing), with Flask's test client and
the headers and form fields htmx sends (HX-Request, the X-CSRFToken of the page's hx-headers, the hidden
fields of each form). Every step is on a fresh card, never the same one twice:

    flashcard  GET /review (the front of the most overdue card), GET its back (the Show answer form),
               POST a Good grade (the grade form's fields)
    flashcard, as htmx does it
               GET the back, POST a Good grade: the grade's answer is the next card's front, which htmx
               swaps in (hx-target="#card"), so the browser asks for no GET /review between grades (the
               first front, before the first step, is not counted)
    quiz       POST the answer to the current question (its form's fields), GET the next question
               (the feedback's Next link); the last of a 20-question quiz has no Next, and a new quiz
               follows (POST /quiz, not counted in any step). Beside it, what the answer pays to count
               it for the item analysis (quizapp.item_tallies.count_answer alone, rolled back)

Anki: the `anki` package (AGPL: never a dependency of QuizApp) is installed once into its own virtualenv,
/tmp/quizapp-bench/anki-venv, and a child script there builds a collection of --cards cards shaped like
the big database (30 % new, the rest review cards, a quarter of them due today), cached as
/tmp/quizapp-bench/anki-CARDS.anki2, turns FSRS on, and times on a copy of it: col.sched.getCard(),
card.question(), card.answer(), col.sched.answerCard(card, 3) (Good).

CPU time is time.process_time() around the requests (or Anki's calls) of a step, after --warmup steps;
median and p90 of --steps steps. Beside them, the floor any request of the app costs through the same test
client: GET /healthz (Flask, werkzeug, the session cookie and the app's before- and after-request hooks; no
database, no template), which a step of two or three requests pays two or three times. Prints one JSON
line, then a short summary on stderr.
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from web_load import DEFAULT_URL, ensure_database, sqlite_path

BENCH_DIR = Path("/tmp/quizapp-bench")
ANKI_VENV = BENCH_DIR / "anki-venv"
AIM_RATIO = 1.5
QUIZ_LENGTH = 20
HX = {"HX-Request": "true"}
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
SHOW = re.compile(r'hx-get="(/review/(\d+)/answer)"')
GRADE = re.compile(r'hx-post="(/review/\d+/grade)"')
QUIZ_FORM = re.compile(r'hx-post="(/quiz/\d+/\d+)"')
NEXT = re.compile(r'hx-get="(/quiz/\d+/\d+)"')
CHOICE = re.compile(r'<input type="radio" name="answer" value="([^"]*)"')
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median_ms": round(1000 * statistics.median(ordered), 3),
        "p90_ms": round(1000 * ordered[int(0.9 * (len(ordered) - 1))], 3),
        "steps": len(ordered),
    }


def hidden_fields(html: str, form_start: int) -> dict:
    """The hidden inputs of the form that starts at `form_start` (up to its </form>)."""
    end = html.find("</form>", form_start)
    return dict(HIDDEN.findall(html[form_start:end]))


class Timed:
    """The test client, with CPU time summed over the requests of the current step, by request."""

    def __init__(self, client, token: str):
        self.client = client
        self.token = token
        self.step: dict[str, float] = {}

    def get(self, name: str, path: str, **kwargs):
        begin = time.process_time()
        response = self.client.get(path, headers=HX, **kwargs)
        self.step[name] = time.process_time() - begin
        return self._checked(name, response)

    def post(self, name: str, path: str, form: dict):
        begin = time.process_time()
        response = self.client.post(path, data=form, headers=HX | {"X-CSRFToken": self.token})
        self.step[name] = time.process_time() - begin
        return self._checked(name, response)

    @staticmethod
    def _checked(name: str, response) -> str:
        if response.status_code != 200:
            raise SystemExit(f"{name}: HTTP {response.status_code}")
        return response.get_data(as_text=True)


def flashcard_steps(timed: Timed, total: int) -> list[dict]:
    steps, seen = [], set()
    for _ in range(total):
        timed.step = {}
        _flip_and_grade(timed, timed.get("front", "/review"), seen)
        steps.append(dict(timed.step))
    return steps


def _flip_and_grade(timed: Timed, front: str, seen: set) -> str:
    """Show the answer of the card on `front` and grade it Good; returns the grade's answer."""
    show = SHOW.search(front)
    if show is None:
        raise SystemExit("flashcard: no card to show (is anything due?)")
    card_id = int(show.group(2))
    if card_id in seen:
        raise SystemExit(f"flashcard: card {card_id} came back: not a fresh card")
    seen.add(card_id)
    shown_at = hidden_fields(front, show.start())["shown_at"]
    back = timed.get("back", show.group(1), query_string={"shown_at": shown_at})
    grade = GRADE.search(back)
    form = hidden_fields(back, grade.start()) | {"rating": "3"}
    after = timed.post("grade", grade.group(1), form)
    if "already graded" in after:
        raise SystemExit("flashcard: the grade was refused as stale")
    return after


def flashcard_htmx_steps(timed: Timed, total: int) -> list[dict]:
    """The back and the grade, whose answer (the next card's front) the next step flips."""
    steps, seen = [], set()
    front = timed.client.get("/review", headers=HX).get_data(as_text=True)
    for _ in range(total):
        timed.step = {}
        front = _flip_and_grade(timed, front, seen)
        steps.append(dict(timed.step))
    return steps


def start_quiz(client, token: str) -> str:
    form = {"article": "all", "length": str(QUIZ_LENGTH), "mode": "choice", "csrf_token": token}
    started = client.post("/quiz", data=form)
    location = started.headers.get("Location", "")
    if started.status_code != 303 or not re.search(r"/quiz/\d+/1$", location):
        raise SystemExit(f"quiz: could not start one ({started.status_code})")
    return client.get(location.removeprefix("http://localhost"), headers=HX).get_data(as_text=True)


def quiz_steps(timed: Timed, total: int) -> tuple[list[dict], int]:
    """Each step answers the question on screen (alternately right and wrong) and fetches the next one."""
    steps, seen, repeats = [], set(), 0
    question = start_quiz(timed.client, timed.token)
    for n in range(total):
        timed.step = {}
        form_match = QUIZ_FORM.search(question)
        if form_match is None:
            raise SystemExit("quiz: no answer form on the question page")
        choices = CHOICE.findall(question)
        item = re.search(r'id="question-text">([^<]*)<', question).group(1)
        repeats += item in seen
        seen.add(item)
        answer = choices[0] if n % 2 else "nobody"
        form = hidden_fields(question, form_match.start()) | {"answer": answer}
        feedback = timed.post("answer", form_match.group(1), form)
        next_match = NEXT.search(feedback)
        if next_match is None:  # the last question: a new quiz, outside the step
            steps.append(dict(timed.step) | {"next": 0.0})
            question = start_quiz(timed.client, timed.token)
            continue
        question = timed.get("next", next_match.group(1))
        steps.append(dict(timed.step))
    return steps, repeats


def healthz_requests(timed: Timed, total: int) -> list[float]:
    """The floor of any request: CPU time of GET /healthz, through the same client and hooks."""
    times = []
    for _ in range(total):
        timed.step = {}
        timed.get("healthz", "/healthz")
        times.append(timed.step["healthz"])
    return times


def item_tally_counts(engine, total: int) -> tuple[list[float], list[float]]:
    """CPU time of counting one graded answer in the item analysis's tallies (item_tallies.count_answer, what
    the quiz step's answer pays for the teacher's page), alone, each on an item the learner never answered,
    alternately right and wrong (a wrong one is a statement more); and of counting a flashcard review there
    (item_tallies.count_review, what a grade pays). Rolled back."""
    from sqlmodel import Session, col, select

    from quizapp import item_tallies
    from quizapp.models import Item, Learner

    times, reviews = [], []
    with Session(engine) as session:
        learner = session.exec(select(Learner.id).order_by(col(Learner.id))).first()
        items = session.exec(select(Item.id).order_by(col(Item.id).desc()).limit(total)).all()
        for n, item_id in enumerate(items):
            begin = time.process_time()
            item_tallies.count_answer(
                session, learner_id=learner, item_id=item_id, kind="choice", given="nobody", right=bool(n % 2)
            )
            times.append(time.process_time() - begin)
            log = {"item_id": item_id, "mode": "flashcard", "rating": 1 + 2 * (n % 2), "first_review": False}
            begin = time.process_time()
            item_tallies.count_review(session, log)
            reviews.append(time.process_time() - begin)
        session.rollback()
    return times, reviews


def summarise(steps: list[dict], warmup: int) -> dict:
    measured = steps[warmup:]
    report = percentiles([sum(step.values()) for step in measured])
    report["by_request_median_ms"] = {
        name: round(1000 * statistics.median(step[name] for step in measured), 3) for name in measured[0]
    }
    return report


def measure_quizapp(url: str, steps: int, warmup: int) -> dict:
    from quizapp import article_jobs, create_app

    settings = {"DATABASE_URL": url, "SEED_ON_START": False, "REVIEWS_PER_DAY": 1_000_000}
    app = create_app(settings | {"SECRET_KEY": "learner-loop", "TESTING": False})
    client = app.test_client()
    token = TOKEN.search(client.get("/").get_data(as_text=True)).group(1)
    timed = Timed(client, token)
    flashcard = summarise(flashcard_steps(timed, warmup + steps), warmup)
    flashcard_htmx = summarise(flashcard_htmx_steps(timed, warmup + steps), warmup)
    quiz, repeats = quiz_steps(timed, warmup + steps)
    quiz_report = summarise(quiz, warmup) | {"repeated_items": repeats}
    floor = healthz_requests(timed, warmup + steps)
    answers, reviews = item_tally_counts(app.extensions["quizapp.engine"], warmup + steps)
    app.extensions[article_jobs.RUNNER_KEY].stop()  # its thread polls the copy, which is removed next
    app.extensions["quizapp.engine"].dispose()
    return {
        "flashcard": flashcard,
        "flashcard_htmx": flashcard_htmx,
        "quiz": quiz_report,
        "healthz": percentiles(floor[warmup:]),
        "item_tallies": {"answer": percentiles(answers[warmup:]), "review": percentiles(reviews[warmup:])},
    }


# ---------------------------------------------------------------- Anki, in its own virtualenv

ANKI_CHILD = textwrap.dedent(
    '''
    """Run inside the anki virtualenv: build (once) and time Anki's step. Prints one JSON line."""
    import json, random, shutil, statistics, sys, tempfile, time
    from pathlib import Path

    from anki.collection import AddNoteRequest, Collection

    cards, steps, warmup, cache = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    built = None
    if not cache.exists():
        begin = time.perf_counter()
        partial = cache.with_suffix(".building")
        partial.unlink(missing_ok=True)
        col = Collection(str(partial))
        basic = col.models.by_name("Basic")
        deck = col.decks.id("Default")
        for start in range(0, cards, 5000):
            requests = []
            for n in range(start, min(start + 5000, cards)):
                note = col.new_note(basic)
                note["Front"] = f"Who announced plan {n}?"
                note["Back"] = f"Person {n}<br>Person {n} announced plan {n}."
                requests.append(AddNoteRequest(note=note, deck_id=deck))
            col.add_notes(requests)
        # shaped like make_big_db.py: 30 % new, the rest review cards, a quarter of those due today
        rng = random.Random(7)
        ids = list(col.find_cards(""))
        rng.shuffle(ids)
        studied = ids[: int(0.7 * len(ids))]
        due_now = len(studied) // 4
        col.sched.set_due_date(studied[:due_now], "0")
        col.sched.set_due_date(studied[due_now:], "1-90")
        conf = col.decks.config_dict_for_deck_id(deck)
        conf["new"]["perDay"] = 9999
        conf["rev"]["perDay"] = 9999
        col.decks.update_config(conf)
        col.set_config("fsrs", True)
        col.close()
        partial.rename(cache)
        built = round(time.perf_counter() - begin, 1)

    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as scratch:
        copy = Path(scratch) / "bench.anki2"
        shutil.copyfile(cache, copy)
        col = Collection(str(copy))
        col.set_config("fsrs", True)
        fsrs = bool(col.get_config("fsrs", False))
        times, seen, memory = [], set(), 0
        for _ in range(warmup + steps):
            begin = time.process_time()
            card = col.sched.getCard()
            card.question()
            card.answer()
            col.sched.answerCard(card, 3)
            times.append(time.process_time() - begin)
            if card.id in seen:
                raise SystemExit(f"card {card.id} came back: not a fresh card")
            seen.add(card.id)
        for card_id in list(seen)[-20:]:
            memory += col.get_card(card_id).memory_state is not None
        col.close()
    measured = sorted(times[warmup:])
    import anki.buildinfo
    print(json.dumps({
        "version": anki.buildinfo.version,
        "cards": cards,
        "fsrs": fsrs,
        "fsrs_memory_states": f"{memory} of the last 20 answered",
        "median_ms": round(1000 * statistics.median(measured), 3),
        "p90_ms": round(1000 * measured[int(0.9 * (len(measured) - 1))], 3),
        "steps": len(measured),
        "build_seconds": built,
    }))
    '''
)


def anki_python() -> Path:
    """The anki virtualenv's python, made (python -m venv, pip install anki) when missing."""
    python = ANKI_VENV / "bin" / "python"
    probe = [str(python), "-c", "import anki.collection"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(ANKI_VENV)], check=True, capture_output=True)
    pip = [str(python), "-m", "pip", "install", "-q", "anki"]
    install = subprocess.run(pip, capture_output=True, text=True)
    if install.returncode != 0:
        raise RuntimeError("pip install anki failed: " + install.stderr.strip().splitlines()[-1])
    return python


def measure_anki(cards: int, steps: int, warmup: int) -> dict:
    try:
        python = anki_python()
    except (RuntimeError, subprocess.CalledProcessError) as error:
        return {"error": str(error)}
    cache = BENCH_DIR / f"anki-{cards}.anki2"
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-child-") as scratch:
        script = Path(scratch) / "anki_step.py"
        script.write_text(ANKI_CHILD)
        command = [str(python), str(script), str(cards), str(steps), str(warmup), str(cache)]
        run = subprocess.run(command, capture_output=True, text=True, cwd=scratch)
    if run.returncode != 0:
        return {"error": "the Anki child failed: " + (run.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="a SQLite database (built when missing)")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--steps", type=int, default=200, help="steps measured, after the warm-up")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--cards", type=int, default=100_000, help="cards in Anki's collection")
    parser.add_argument("--no-anki", action="store_true", help="QuizApp's figures only")
    args = parser.parse_args()
    source = sqlite_path(args.url)
    if source is None:
        raise SystemExit("learner_loop.py works on a copy of a SQLite database")
    started = time.perf_counter()
    database = ensure_database(args.url, args.items, args.reviews, learners=1, rebuild=False)
    report = {"benchmark": "learner_loop", "database": {"url": args.url, **database}}
    with tempfile.TemporaryDirectory(prefix="quizapp-loop-") as scratch:
        copy = Path(scratch) / "loop.sqlite"
        shutil.copyfile(source, copy)
        report["quizapp"] = measure_quizapp(f"sqlite:///{copy}", args.steps, args.warmup)
    report["anki"] = {"skipped": True} if args.no_anki else measure_anki(args.cards, args.steps, args.warmup)
    anki_ms = report["anki"].get("median_ms")
    flashcard_ms = report["quizapp"]["flashcard"]["median_ms"]
    if anki_ms:
        report["ratio"] = {
            "flashcard_vs_anki": round(flashcard_ms / anki_ms, 2),
            "flashcard_htmx_vs_anki": round(report["quizapp"]["flashcard_htmx"]["median_ms"] / anki_ms, 2),
            "quiz_vs_anki": round(report["quizapp"]["quiz"]["median_ms"] / anki_ms, 2),
            "aim": AIM_RATIO,
        }
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report), flush=True)

    quizapp = report["quizapp"]
    lines = [f"QuizApp flashcard step: {flashcard_ms} ms CPU median, p90 {quizapp['flashcard']['p90_ms']}"]
    htmx = quizapp["flashcard_htmx"]
    lines.append(f"  as htmx (back, grade): {htmx['median_ms']} ms CPU median, p90 {htmx['p90_ms']}")
    quiz = quizapp["quiz"]
    lines.append(f"QuizApp quiz step:      {quiz['median_ms']} ms CPU median, p90 {quiz['p90_ms']}")
    counted, reviewed = (quizapp["item_tallies"][kind]["median_ms"] for kind in ("answer", "review"))
    lines.append(
        f"  of its answer, counting it for the item analysis: {counted} ms CPU median"
        f" ({round(100 * counted / quiz['median_ms'], 1)} % of the step); of a flashcard grade, {reviewed} ms"
        f" ({round(100 * reviewed / flashcard_ms, 1)} % of its step)"
    )
    floor = quizapp["healthz"]["median_ms"]
    lines.append(
        f"  the floor, GET /healthz: {floor} ms a request ({round(3 * floor, 3)} ms of the flashcard step's"
        f" three requests, {round(2 * floor, 3)} of the two of the others)"
    )
    if anki_ms:
        anki = report["anki"]
        lines.append(
            f"Anki {anki['version']} step ({anki['cards']} cards, FSRS {'on' if anki['fsrs'] else 'off'}):"
            f" {anki_ms} ms CPU median, p90 {anki['p90_ms']}"
        )
        ratio = report["ratio"]
        verdict = "within" if ratio["flashcard_vs_anki"] <= AIM_RATIO else "outside"
        lines.append(
            f"Ratio QuizApp/Anki: flashcard {ratio['flashcard_vs_anki']}x"
            f" (as htmx {ratio['flashcard_htmx_vs_anki']}x), quiz {ratio['quiz_vs_anki']}x"
            f" ({verdict} the aim of {AIM_RATIO}x for the flashcard step)"
        )
    elif not args.no_anki:
        lines.append(f"Anki not measured: {report['anki'].get('error')}")
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
