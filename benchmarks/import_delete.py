"""Importing questions and deleting articles on a large database (a copy: the source is not changed).

    python benchmarks/import_delete.py                                          # the big one-learner database
    python benchmarks/import_delete.py --source /tmp/quizapp-bench/class-300-5000.sqlite --questions 500

On a copy of --source (built by make_big_db.py; /tmp/quizapp-bench/big.sqlite is made when missing), migrated
to this checkout's schema, with --quiz-answers more quiz answers spread over its items (a class's years of
quizzes: what deleting an item must look through):

    import       quizapp.imports.import_questions of a CSV of --questions questions (three wrong choices
                 each) into a new article, committed, every learner getting a card for each; beside it, in
                 the same run, parse() alone (reading and checking the file) and a bare Core INSERT of the
                 same items (the floor for storing them)
    consequences the confirmation page's counts for one article (deletion.consequences)
    delete       deletion.delete_article of one article, committed, median of --repeat articles; beside it
                 the baseline of a plain DELETE of the article row that leaves the rest to the database's
                 ON DELETE cascades (other articles of the same copy), and delete_article again without the
                 index on quizanswer.item_id that migration 0011 adds

Prints one JSON line per measurement, times in ms.
"""

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, text
from sqlmodel import Session, select

from quizapp import deletion, imports
from quizapp.db import init_db, make_engine
from quizapp.models import Article, Item, QuizAnswer, QuizSession

HERE = Path(__file__).resolve().parent
BIG = Path("/tmp/quizapp-bench/big.sqlite")
NOW = datetime.now(UTC)


def csv_of(count: int, seed: int) -> str:
    rows = ["Question,Answer,Wrong 1,Wrong 2,Wrong 3,Sentence"]
    for n in range(count):
        rows.append(
            f"What is the name of place number {seed}-{n}?,Town {n},City {n},Village {n},Hamlet {n},"
            f'"Town {n}, the place, is number {n}."'
        )
    return "\n".join(rows) + "\n"


def ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def emit(**record) -> None:
    print(json.dumps(record), flush=True)


def add_quiz_answers(engine, count: int, unfinished: int) -> None:
    """`count` answers in finished quizzes of 10 over random items of the database's first learner, and
    `unfinished` quizzes of 10 begun and left, half answered."""
    rng = random.Random(7)
    with Session(engine) as session:
        learner = session.exec(text("SELECT id FROM learner ORDER BY id LIMIT 1")).scalar()
        item_ids = list(session.exec(select(Item.id)).all())
        batches = [(10_000, True)] * (count // 10_000) + [(unfinished * 10, False)]
        for size, finished in batches:
            quizzes = [
                {
                    "learner_id": learner,
                    "mode": "choice",
                    "item_ids": rng.sample(item_ids, 10),
                    "answered_count": 10 if finished else 5,
                    "finished_at": NOW if finished else None,
                }
                for _ in range(size // 10)
            ]
            if not quizzes:
                continue
            ids = session.execute(insert(QuizSession).returning(QuizSession.id), quizzes).scalars().all()
            answers = [
                {"quiz_id": quiz_id, "position": p, "item_id": item, "answer_given": "x", "verdict": "wrong"}
                for quiz_id, quiz in zip(ids, quizzes, strict=True)
                for p, item in enumerate(quiz["item_ids"][: 10 if finished else 5])
            ]
            session.execute(insert(QuizAnswer), answers)
        session.commit()


def measure_import(engine, questions: int) -> None:
    content = csv_of(questions, seed=1)
    start = time.perf_counter()
    imports.parse(content)
    parsed = ms(start)
    with Session(engine) as session:
        learners = session.exec(text("SELECT count(*) FROM learner")).scalar()
        start = time.perf_counter()
        done = imports.import_questions(session, content, source="bench.csv")
        session.commit()
        imported = ms(start)
    # The floor: the same items and cards, by bare INSERTs (no reading, no checks).
    with Session(engine) as session:
        start = time.perf_counter()
        article = Article(title="floor", text="", content_hash="bench-floor")
        session.add(article)
        session.flush()
        rows = [
            {
                "article_id": article.id,
                "type": "what",
                "question": f"Q {n}?",
                "answer": f"A {n}",
                "accepted": [f"A {n}"],
                "choices": [f"A {n}", "B", "C", "D"],
                "sentence": "",
                "sentence_start": 0,
                "sentence_end": 0,
                "fact_key": f"floor:{n}",
                "score": 1.0,
                "status": "active",
            }
            for n in range(questions)
        ]
        session.execute(insert(Item), rows)
        from quizapp.scheduling import ensure_cards

        ensure_cards(session, article_id=article.id)
        session.commit()
        floor = ms(start)
    emit(
        measure="import",
        questions=questions,
        learners=learners,
        added=done.added,
        parse_ms=parsed,
        import_ms=imported,
        bare_insert_ms=floor,
        import_per_question_ms=round(imported / questions, 3),
    )


def articles_with_items(engine, count: int, skip: set[int]) -> list[int]:
    with Session(engine) as session:
        ids = session.exec(
            select(Item.article_id)
            .group_by(Item.article_id)
            .having(func.count() >= 10)
            .order_by(Item.article_id)
        ).all()
    return [a for a in ids if a not in skip][:count]


def time_deletes(engine, article_ids: list[int], how: str) -> list[float]:
    times = []
    for article_id in article_ids:
        with Session(engine) as session:
            article = session.get(Article, article_id)
            start = time.perf_counter()
            if how == "plain":
                session.exec(text("DELETE FROM article WHERE id = :id").bindparams(id=article_id))
            else:
                deletion.delete_article(session, article)
            session.commit()
            times.append(ms(start))
    return times


def measure_delete(engine, repeat: int) -> None:
    chosen = articles_with_items(engine, repeat * 3, skip=set())
    ours, plain, unindexed = chosen[:repeat], chosen[repeat : 2 * repeat], chosen[2 * repeat :]
    with Session(engine) as session:
        start = time.perf_counter()
        gone = deletion.consequences(session, session.get(Article, ours[0]))
        counted = ms(start)
        answers = session.exec(select(func.count()).select_from(QuizAnswer)).one()
    emit(
        measure="consequences",
        ms=counted,
        items=gone.items,
        cards=gone.cards,
        reviews=gone.reviews,
        quizzes=gone.quizzes,
        quiz_answers_in_db=answers,
    )
    deleted = time_deletes(engine, ours, "ours")
    cascaded = time_deletes(engine, plain, "plain")
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_quizanswer_item_id")
    without_index = time_deletes(engine, unindexed, "ours")
    emit(
        measure="delete",
        articles=repeat,
        delete_article_median_ms=statistics.median(deleted),
        plain_cascade_delete_median_ms=statistics.median(cascaded),
        delete_article_without_quizanswer_index_median_ms=statistics.median(without_index),
        delete_article_max_ms=max(deleted),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, default=BIG)
    parser.add_argument("--questions", type=int, default=5_000)
    parser.add_argument("--quiz-answers", type=int, default=200_000)
    parser.add_argument("--unfinished", type=int, default=1_000, help="quizzes begun and left")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.source.exists():
        if args.source != BIG:
            sys.exit(f"no database at {args.source}")
        BIG.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "make_big_db.py"), "--url", f"sqlite:///{BIG}"], check=True
        )
    with tempfile.TemporaryDirectory(prefix="quizapp-import-delete-") as folder:
        copy = Path(folder) / "copy.sqlite"
        shutil.copy(args.source, copy)
        engine = make_engine(f"sqlite:///{copy}")
        init_db(engine)  # this checkout's migrations, 0011 included
        add_quiz_answers(engine, args.quiz_answers, args.unfinished)
        measure_import(engine, args.questions)
        measure_delete(engine, args.repeat)
        engine.dispose()


if __name__ == "__main__":
    main()
