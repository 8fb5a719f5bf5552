"""What every page costs on a big database: server CPU per request, in-process, beside /healthz.

    python benchmarks/page_costs.py                  # builds /tmp/quizapp-bench/big.sqlite when missing
    python benchmarks/page_costs.py --repeat 30 --url sqlite:////path/to/big.sqlite

The load benchmark (web_load.py) times the hot paths under 20 clients; this one looks at every page once
the library is years old (2,000 articles, 100,000 items, 1,000,000 reviews, 500 quizzes by default), to
find the page that grows with the library. It runs the app in this process on a copy of the database
(Flask's test client: no network, no server), sends each request `--repeat` times after one warm-up, and
reports the median CPU time (process time, so another program on the machine counts less), the response
size, and the ratio to /healthz measured in the same run, as the full page and as the htmx fragment.

Two states of the same learner, each on its own copy:

    reviews due   the database as built: studied cards are due (a flashcard page shows the most overdue)
    caught up     every studied card pushed a year ahead: the flashcard pages serve new cards, the state
                  of a learner who has done today's reviews and goes on with new material

With --learners N, a class's database (make_big_db.py --learners N --items 5000, kept as
/tmp/quizapp-bench/class-N-5000.sqlite) with accounts on: every page as learner1 sees it (signed in, with
the class's assignments on Home), and the teacher's pages of issue 18 as a teacher added to the copy sees
them: the assignments, an assignment's progress table and its CSV, the class view and its CSV. The copy
gets CLASS_ASSIGNMENTS assignments of the newest articles, each done by two learners in three (a finished
quiz linked to it).

For the item analysis the class has also worked on the newest article: every learner took CLASS_QUIZZES
quizzes over all its questions and saw each as a new flashcard once, and a tenth of them reported one of its
questions; and every learner reported CLASS_REPORTS questions across the library (the reported questions).

    python benchmarks/page_costs.py --learners 300 --repeat 15

Prints one JSON line. Nothing outside the temporary copies is changed.
"""

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from web_load import CLASS_URL, DEFAULT_URL, ensure_database, sqlite_path

HX = {"HX-Request": "true"}
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def pages(client, ids: dict) -> dict[str, str]:
    """The app's pages (GET), by name, for this database."""
    front = client.get("/review", headers=HX).get_data(as_text=True)
    card = re.search(r"/review/(\d+)/answer", front)
    found = {
        "healthz": "/healthz",
        "home": "/",
        "flashcard": "/review",
        "flashcard_answer": f"/review/{card.group(1)}/answer" if card else None,
        "quiz_setup": "/quiz",
        "quiz_question": f"/quiz/{ids['open_quiz']}/1" if ids["open_quiz"] else None,
        "quiz_score": f"/quiz/{ids['finished_quiz']}/score" if ids["finished_quiz"] else None,
        "scores": "/stats",
        "articles": "/articles",
        "articles_last_page": "/articles?page=1000000",
        "articles_find": "/articles?q=article+1",
        "article": f"/articles/{ids['article']}",
        "item_edit": f"/articles/items/{ids['item']}/edit",
        "item_analysis": f"/analysis/articles/{ids['analysed_article']}",
        "reported_questions": "/analysis",
    }
    return {name: url for name, url in found.items() if url}


def class_pages(ids: dict) -> dict[str, str]:
    """The teacher's pages of a class (issue 18): assignments and progress."""
    assignment = ids["assignment"]
    return {
        "assignments": "/assignments",
        "assignment_progress": f"/assignments/{assignment}",
        "assignment_csv": f"/assignments/{assignment}/progress.csv",
        "class_progress": "/assignments/class",
        "class_csv": "/assignments/class/progress.csv",
    }


TEACHER = "bench teacher"
TEACHERS_PAGES = ("item_edit", "item_analysis", "reported_questions")  # a learner's are refused (403)
CLASS_ASSIGNMENTS = 12  # the class view's columns (quizapp.assignments.CLASS_COLUMNS)
CLASS_QUIZZES = 3  # a class's quizzes, each learner, over the newest article (its item analysis)
CLASS_REPORTS = 5  # a class's reported questions, each learner, anywhere in the library


def add_class_work(url: str) -> int:
    """A teacher, CLASS_ASSIGNMENTS assignments of the newest articles (due from 4 days ago to a week ahead),
    each done by two learners in three: the id of the newest assignment."""
    import random
    from datetime import UTC, datetime, timedelta

    from make_big_db import BENCH_PASSWORD
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from quizapp.db import init_db, make_engine
    from quizapp.models import Article, Assignment, AssignmentQuiz, Learner, QuizSession

    rng = random.Random(18)
    now = datetime.now(UTC)
    engine = make_engine(url)
    init_db(engine)  # the kept database may predate the assignment tables
    with engine.begin() as db:
        teacher = {"name": TEACHER, "password_hash": generate_password_hash(BENCH_PASSWORD), "teacher": True}
        db.execute(insert(Learner).values(teacher))
        learners = db.execute(select(Learner.id).where(Learner.teacher.is_(False))).scalars().all()
        articles = db.execute(
            select(Article.id).order_by(Article.id.desc()).limit(CLASS_ASSIGNMENTS)
        ).scalars()
        assigned = []
        for n, article in enumerate(articles):
            due = (now + timedelta(days=7 - n)).date()
            values = {"article_id": article, "due": due, "length": 10, "mode": "choice", "created_at": now}
            assignment = db.execute(insert(Assignment).values(values)).inserted_primary_key[0]
            assigned.append(assignment)
            for learner in learners:
                if rng.random() >= 2 / 3:
                    continue
                started = now - timedelta(days=rng.uniform(0, 12))
                quiz = {
                    "learner_id": learner,
                    "article_id": article,
                    "mode": "choice",
                    "item_ids": list(range(10)),
                    "started_at": started,
                    "finished_at": started + timedelta(minutes=rng.uniform(2, 10)),
                    "answered_count": 10,
                    "correct_count": rng.randint(3, 10),
                }
                quiz_id = db.execute(insert(QuizSession).values(quiz)).inserted_primary_key[0]
                db.execute(insert(AssignmentQuiz).values(quiz_id=quiz_id, assignment_id=assignment))
    engine.dispose()
    return assigned[0]


def add_class_answers(url: str, seed: int = 7) -> dict:
    """The class's work on the newest article for the item analysis (see the docstring): CLASS_QUIZZES
    quizzes each over all its questions, a first flashcard review of each, reports; the rows added."""
    import random
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import func, insert, select

    from quizapp import item_tallies
    from quizapp.db import init_db, make_engine
    from quizapp.models import (
        Article,
        CardState,
        Item,
        ItemReport,
        Learner,
        QuizAnswer,
        QuizSession,
        ReviewLog,
    )

    rng = random.Random(seed)
    now = datetime.now(UTC)
    engine = make_engine(url)
    init_db(engine)  # the item reports' table, on a database built before it
    with engine.begin() as db:
        article = db.execute(select(func.max(Article.id))).scalar()
        items = db.execute(select(Item.id, Item.choices).where(Item.article_id == article)).all()
        learners = db.execute(select(Learner.id)).scalars().all()
        all_items = db.execute(select(func.max(Item.id))).scalar()
        of_items = CardState.item_id.in_([item_id for item_id, _ in items])
        card_rows = db.execute(select(CardState.learner_id, CardState.item_id, CardState.id).where(of_items))
        cards = {(learner, item_id): card for learner, item_id, card in card_rows}
        answers, reviews, reports = [], [], []
        for learner in learners:
            for _ in range(CLASS_QUIZZES):
                started = now - timedelta(days=rng.uniform(1, 30))
                quiz = {
                    "learner_id": learner,
                    "article_id": article,
                    "mode": "choice",
                    "item_ids": [item_id for item_id, _ in items],
                    "started_at": started,
                    "finished_at": started + timedelta(minutes=10),
                    "answered_count": len(items),
                }
                quiz_id = db.execute(insert(QuizSession).values(quiz)).inserted_primary_key[0]
                for position, (item_id, choices) in enumerate(items):
                    given = rng.choice(choices)
                    answers.append(
                        {
                            "quiz_id": quiz_id,
                            "position": position,
                            "item_id": item_id,
                            "answer_given": given,
                            "verdict": "correct" if given == choices[0] else "wrong",
                            "answered_at": started,
                        }
                    )
            for item_id, _ in items:
                card = cards.get((learner, item_id))
                if card is not None:
                    reviews.append(
                        {
                            "learner_id": learner,
                            "item_id": item_id,
                            "card_id": card,
                            "rating": rng.choice((1, 3, 3, 3)),
                            "reviewed_at": now - timedelta(days=rng.uniform(1, 30)),
                            "mode": "flashcard",
                            "first_review": True,
                            "card_before": {},
                        }
                    )
            reported = rng.sample(range(1, all_items + 1), CLASS_REPORTS)
            if rng.random() < 0.1:
                reported.append(rng.choice(items)[0])
            reports += [
                {"item_id": item_id, "learner_id": learner, "reason": "nonsense", "reported_at": now}
                for item_id in set(reported)
            ]
        db.execute(insert(QuizAnswer), answers)
        db.execute(insert(ReviewLog), reviews)
        db.execute(insert(ItemReport), reports)
        item_tallies.rebuild(db)  # counted as grading counts them: these rows were inserted past it
    engine.dispose()
    return {
        "article": article,
        "quiz_answers": len(answers),
        "first_reviews": len(reviews),
        "reports": len(reports),
    }


def database_ids(engine) -> dict:
    from sqlalchemy import text

    with engine.connect() as db:

        def one(sql: str):
            return db.execute(text(sql)).scalar()

        return {
            "article": one("SELECT id FROM article ORDER BY id DESC LIMIT 1"),
            "item": one("SELECT id FROM item ORDER BY id DESC LIMIT 1"),
            # the first learner is the one a personal install serves (a class database: learner1)
            "finished_quiz": one(
                "SELECT id FROM quizsession WHERE finished_at IS NOT NULL"
                " AND learner_id = (SELECT min(id) FROM learner) ORDER BY id LIMIT 1"
            ),
            "open_quiz": None,
            # the item analysis of the article answered most in quizzes
            "analysed_article": one(
                "SELECT item.article_id FROM quizanswer JOIN item ON item.id = quizanswer.item_id"
                " GROUP BY item.article_id ORDER BY count(*) DESC, item.article_id LIMIT 1"
            )
            or one("SELECT id FROM article ORDER BY id DESC LIMIT 1"),
        }


def _sign_in(client, name: str) -> None:
    from make_big_db import BENCH_PASSWORD

    token = TOKEN.search(client.get("/account/signin").get_data(as_text=True)).group(1)
    form = {"name": name, "password": BENCH_PASSWORD, "csrf_token": token}
    assert client.post("/account/signin", data=form).status_code == 303, f"{name} could not sign in"


def _timed(client, paths: dict[str, str], repeat: int) -> dict:
    results = {}
    for name, path in paths.items():
        row = {"path": path}
        for kind, headers in (("page", {}), ("htmx", HX)):
            response = client.get(path, headers=headers)  # warm-up, and the status and size
            cpu = []
            for _ in range(repeat):
                begin = time.process_time()
                client.get(path, headers=headers)
                cpu.append(time.process_time() - begin)
            row[kind] = {
                "status": response.status_code,
                "cpu_ms": round(1000 * statistics.median(cpu), 2),
                "kb": round(len(response.get_data()) / 1024, 1),
            }
        results[name] = row
    return results


def measure(url: str, repeat: int, learners: int = 1) -> dict:
    from quizapp import create_app

    accounts = learners > 1
    assignment = add_class_work(url) if accounts else None
    settings = {
        "DATABASE_URL": url,
        "SEED_ON_START": False,
        "REVIEWS_PER_DAY": 1_000_000,
        "ACCOUNTS": accounts,
        # no job runner: its thread, still polling as the copy was deleted, once made an empty database there
        "RUN_ARTICLE_JOBS": False,
    }
    app = create_app(settings | {"SECRET_KEY": "page-costs", "TESTING": False})
    client = app.test_client()
    if accounts:
        _sign_in(client, "learner1")
    engine = app.extensions["quizapp.engine"]
    ids = database_ids(engine) | {"assignment": assignment}
    token = TOKEN.search(client.get("/").get_data(as_text=True)).group(1)
    started = client.post(
        "/quiz", data={"article": "all", "length": "20", "mode": "choice", "csrf_token": token}
    )
    match = re.search(r"/quiz/(\d+)/1$", started.headers.get("Location", ""))
    ids["open_quiz"] = int(match.group(1)) if match else None
    found = pages(client, ids)
    if not accounts:
        results = _timed(client, found, repeat)
    else:  # the teacher's pages as the teacher, the rest as learner1
        teachers = {name: found.pop(name) for name in TEACHERS_PAGES}
        results = _timed(client, found, repeat)
        teacher = app.test_client()
        _sign_in(teacher, TEACHER)
        results |= _timed(teacher, teachers | class_pages(ids), repeat)
    ceiling = results["healthz"]["page"]["cpu_ms"]
    for row in results.values():
        for kind in ("page", "htmx"):
            row[kind]["vs_healthz"] = round(row[kind]["cpu_ms"] / ceiling, 1) if ceiling else None
    engine.dispose()
    return results


def caught_up(url: str) -> None:
    """Push every studied card a year ahead: nothing is due, new cards are next."""
    from datetime import timedelta

    from sqlalchemy import bindparam, select, update

    from quizapp.db import make_engine
    from quizapp.models import CardState

    card = CardState.__table__
    engine = make_engine(url)
    with engine.begin() as db:
        studied = db.execute(select(card.c.id, card.c.due).where(card.c.is_new.is_(False))).all()
        later = [{"card": card_id, "later": due + timedelta(days=365)} for card_id, due in studied]
        move = update(card).where(card.c.id == bindparam("card")).values(due=bindparam("later"))
        db.execute(move, later)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a SQLite database (built when missing)")
    parser.add_argument("--items", type=int, help="100,000 for one learner, 5,000 for a class")
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument(
        "--learners", type=int, default=1, help="a class: accounts on, and the teacher's pages"
    )
    parser.add_argument("--repeat", type=int, default=15, help="requests per page and kind (median)")
    args = parser.parse_args()
    items = args.items or (100_000 if args.learners == 1 else 5000)
    url = args.url or (
        DEFAULT_URL if args.learners == 1 else CLASS_URL.format(learners=args.learners, items=items)
    )
    source = sqlite_path(url)
    if source is None:
        raise SystemExit("page_costs.py works on a copy of a SQLite database")
    database = ensure_database(url, items, args.reviews, learners=args.learners, rebuild=False)
    report = {"benchmark": "page_costs", "database": {"url": url, "learners": args.learners, **database}}
    report["repeat"] = args.repeat
    # a class is measured with reviews due only: the teacher's pages do not depend on what is due, and
    # pushing a class's million studied cards a year ahead takes minutes
    states = ("reviews_due", "caught_up") if args.learners == 1 else ("reviews_due",)
    with tempfile.TemporaryDirectory(prefix="quizapp-pages-") as scratch:
        for state in states:
            copy = Path(scratch) / f"{state}.sqlite"
            shutil.copyfile(source, copy)
            copy_url = f"sqlite:///{copy}"
            if state == "caught_up":
                caught_up(copy_url)
            if args.learners > 1:
                report["class_answers"] = add_class_answers(copy_url)
            report[state] = measure(copy_url, args.repeat, args.learners)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    sys.exit(main())
