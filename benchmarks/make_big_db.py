"""Build a large QuizApp database for load benchmarks: years of one learner's reviews.

    python benchmarks/make_big_db.py --url sqlite:////tmp/quizapp-big.sqlite --items 100000 --reviews 1000000

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

from quizapp import tallies
from quizapp.db import init_db, make_engine
from quizapp.models import Article, CardState, Item, Learner, QuizAnswer, QuizSession, ReviewLog

ITEMS_PER_ARTICLE = 50
TYPES = ("who", "what", "when", "where", "how_many")
CHUNK = 20_000


def chunks(rows, size=CHUNK):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(url: str, items: int, reviews: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    engine = make_engine(url)
    init_db(engine)
    started = time.perf_counter()
    articles = max(items // ITEMS_PER_ARTICLE, 1)
    with engine.begin() as db:
        db.execute(insert(Learner), [{"name": "me", "created_at": now - timedelta(days=730)}])
        learner_id = 1
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

        studied = []
        cards = []
        for item_id in range(1, items + 1):
            is_new = rng.random() < 0.3
            card = {"learner_id": learner_id, "item_id": item_id, "is_new": is_new, "version": 0}
            if is_new:
                card |= {
                    "state": 1,
                    "step": 0,
                    "stability": None,
                    "difficulty": None,
                    "due": now - timedelta(days=rng.randint(0, 60)),
                    "last_review": None,
                    "reps": 0,
                }
            else:
                studied.append(item_id)
                card |= {
                    "state": 2,
                    "step": None,
                    "stability": rng.uniform(1, 300),
                    "difficulty": rng.uniform(1, 10),
                    "due": now + timedelta(hours=rng.uniform(-24 * 30, 24 * 90)),
                    "last_review": now - timedelta(days=rng.uniform(1, 200)),
                    "reps": rng.randint(1, 30),
                }
            cards.append(card)
        for batch in chunks(cards):
            db.execute(insert(CardState), batch)

        for batch in chunks(
            {
                "learner_id": learner_id,
                "item_id": (item_id := rng.choice(studied)),
                "card_id": item_id,  # cards were inserted in item order, so ids match
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
                    "learner_id": learner_id,
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
    with Session(engine) as session:  # the per-day tallies the bulk insert bypassed
        tallies.rebuild(session)
        session.commit()
    seconds = time.perf_counter() - started
    engine.dispose()
    return {
        "benchmark": "make_big_db",
        "url": url.split("@")[-1],
        "articles": articles,
        "items": items,
        "cards": items,
        "reviews": reviews,
        "seconds": round(seconds, 1),
        "rows_per_second": round((articles + 2 * items + reviews) / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:////tmp/quizapp-big.sqlite")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    print(json.dumps(build(args.url, args.items, args.reviews)))


if __name__ == "__main__":
    main()
