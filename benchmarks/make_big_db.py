"""Build a large QuizApp database for load benchmarks: years of one learner's reviews, or a class's.

    python benchmarks/make_big_db.py --url sqlite:////tmp/quizapp-big.sqlite --items 100000 --reviews 1000000
    python benchmarks/make_big_db.py --url sqlite:////tmp/quizapp-class.sqlite --learners 300 --items 5000

With --learners N, the learners are learner1 ... learnerN (password: BENCH_PASSWORD), each with a card for
every item, and the reviews are spread over them.

Prints one JSON line: rows written and seconds taken. Content is synthetic (numbered articles and items);
only its shape matters here: card states, due dates and review history spread like a long-time learner's.
"""

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session
from werkzeug.security import generate_password_hash

from quizapp import item_tallies, tallies
from quizapp.db import init_db, make_engine
from quizapp.models import Article, CardState, Item, Learner, QuizAnswer, QuizSession, ReviewLog

ITEMS_PER_ARTICLE = 50
TYPES = ("who", "what", "when", "where", "how_many")
CHUNK = 20_000
BENCH_PASSWORD = "bench password"


def chunks(rows, size=CHUNK):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _card(rng: random.Random, now: datetime, learner_id: int, item_id: int) -> dict:
    """A long-time learner's card: 30 % new, the rest studied, due from a month ago to 3 months ahead."""
    card = {"learner_id": learner_id, "item_id": item_id, "version": 0}
    if rng.random() < 0.3:
        return card | {
            "is_new": True,
            "state": 1,
            "step": 0,
            "stability": None,
            "difficulty": None,
            "due": now - timedelta(days=rng.randint(0, 60)),
            "last_review": None,
            "reps": 0,
        }
    return card | {
        "is_new": False,
        "state": 2,
        "step": None,
        "stability": rng.uniform(1, 300),
        "difficulty": rng.uniform(1, 10),
        "due": now + timedelta(hours=rng.uniform(-24 * 30, 24 * 90)),
        "last_review": now - timedelta(days=rng.uniform(1, 200)),
        "reps": rng.randint(1, 30),
    }


def build(url: str, items: int, reviews: int, learners: int = 1, seed: int = 7) -> dict:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    engine = make_engine(url)
    init_db(engine)
    started = time.perf_counter()
    articles = max(items // ITEMS_PER_ARTICLE, 1)
    with engine.begin() as db:
        if learners == 1:
            db.execute(insert(Learner), [{"name": "me", "created_at": now - timedelta(days=730)}])
        else:
            password_hash = generate_password_hash(BENCH_PASSWORD)  # one hash for all: scrypt is slow
            joined = now - timedelta(days=730)
            accounts = [
                {"name": f"learner{n}", "password_hash": password_hash, "created_at": joined}
                for n in range(1, learners + 1)
            ]
            db.execute(insert(Learner), accounts)
        sentence = "Person {n} announced plan {n} in City {c} on day {d}, with {k} people watching."
        db.execute(
            insert(Article),
            [
                {
                    "title": f"Synthetic article {a}",
                    "text": " ".join(sentence.format(n=a * 10 + i, c=i, d=i, k=i * 7) for i in range(60)),
                    "content_hash": f"synthetic-{a}",
                    "created_at": now - timedelta(days=730 - a * 730 // articles),
                }
                for a in range(articles)
            ],
        )
        for batch in chunks(
            {
                "article_id": n // ITEMS_PER_ARTICLE + 1,
                "type": TYPES[n % len(TYPES)],
                "question": f"Who announced plan {n}?",
                "answer": f"Person {n}",
                "accepted": [f"Person {n}"],
                "choices": [f"Person {n}", f"Person {n + 1}", f"Person {n + 2}", f"Person {n + 3}"],
                "sentence": f"Person {n} announced plan {n}.",
                "sentence_start": 0,
                "sentence_end": 30,
                "fact_key": f"who:{n}",
                "score": rng.random(),
                "status": "active",
                "flagged": False,
                "edited": False,
                "created_at": now,
            }
            for n in range(items)
        ):
            db.execute(insert(Item), batch)

        def pick_learner() -> int:  # one learner draws nothing: the same database as before --learners
            return rng.randint(1, learners) if learners > 1 else 1

        studied: dict[int, list[int]] = {}  # learner -> ids of their studied cards

        def cards():  # made as they are inserted: a class's millions of rows never all in memory at once
            for learner_id in range(1, learners + 1):
                for item_id in range(1, items + 1):
                    card_id = (learner_id - 1) * items + item_id  # inserted in this order, so ids match
                    card = _card(rng, now, learner_id, item_id)
                    if not card["is_new"]:
                        studied.setdefault(learner_id, []).append(card_id)
                    yield card

        for batch in chunks(cards()):
            db.execute(insert(CardState), batch)

        for batch in chunks(
            {
                "learner_id": (learner_id := pick_learner()),
                "card_id": (card_id := rng.choice(studied[learner_id])),
                "item_id": (card_id - 1) % items + 1,
                "rating": rng.choices((1, 2, 3, 4), weights=(10, 15, 65, 10))[0],
                "reviewed_at": now - timedelta(seconds=rng.uniform(0, 730 * 86400)),
                "duration_ms": rng.randint(1500, 20000),
                "mode": "flashcard" if rng.random() < 0.8 else "quiz",
                "correct": None,
                "first_review": False,
                "card_before": {},
            }
            for _ in range(reviews)
        ):
            db.execute(insert(ReviewLog), batch)

        quizzes = 500
        db.execute(
            insert(QuizSession),
            [
                {
                    "learner_id": pick_learner(),
                    "article_id": rng.randint(1, articles),
                    "mode": "choice",
                    "item_ids": [],
                    "started_at": (start := now - timedelta(days=rng.uniform(1, 700))),
                    "finished_at": start + timedelta(minutes=rng.uniform(2, 10)),
                    "answered_count": 10,
                    "correct_count": rng.randint(3, 10),
                }
                for _ in range(quizzes)
            ],
        )
        db.execute(
            insert(QuizAnswer),
            [
                {
                    "quiz_id": q,
                    "position": p,
                    "item_id": rng.randint(1, items),
                    "answer_given": "x",
                    "verdict": rng.choice(("correct", "almost", "wrong")),
                    "answered_at": now,
                }
                for q in range(1, quizzes + 1)
                for p in range(10)
            ],
        )
    with Session(engine) as session:  # the per-day and per-item tallies the bulk insert bypassed
        tallies.rebuild(session)
        item_tallies.rebuild(session.connection())
        session.commit()
    seconds = time.perf_counter() - started
    engine.dispose()
    return {
        "benchmark": "make_big_db",
        "url": url.split("@")[-1],
        "articles": articles,
        "learners": learners,
        "items": items,
        "cards": items * learners,
        "reviews": reviews,
        "seconds": round(seconds, 1),
        "rows_per_second": round((articles + items + items * learners + reviews) / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:////tmp/quizapp-big.sqlite")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--learners", type=int, default=1, help="a class: learner1..N, who sign in")
    args = parser.parse_args()
    print(json.dumps(build(args.url, args.items, args.reviews, args.learners)))


if __name__ == "__main__":
    main()
