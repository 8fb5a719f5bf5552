"""What an exam date costs the flashcard step: learner_loop.py's step (GET the front, GET its back, POST a
Good grade; CPU per step, in-process) on a copy of the big database, with no exam date (the baseline, in the
same run), then with exam dates on the 1 and then the 20 articles with the most due cards (their due cards
are then read and ranked by recall on the day on every front, their grades capped, their new cards counted).

    python benchmarks/exam_costs.py --steps 200

Prints one JSON line per case, and the ratios to the baseline.
"""

import argparse
import json
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from learner_loop import TOKEN, Timed, flashcard_steps, summarise
from web_load import DEFAULT_URL, ensure_database, sqlite_path


def set_exams(url: str, articles: int) -> None:
    """Exam dates, 30 days ahead, for learner 1 on the `articles` articles with the most due cards."""
    from sqlalchemy import create_engine, text

    from quizapp.models import utcnow

    with create_engine(url).begin() as connection:
        connection.execute(text("DELETE FROM exam_date"))
        connection.execute(
            text(
                "INSERT INTO exam_date (learner_id, article_id, exam_on) "
                "SELECT 1, item.article_id, :day FROM card JOIN item ON item.id = card.item_id "
                "WHERE card.learner_id = 1 AND NOT card.is_new AND card.due <= :now "
                "GROUP BY item.article_id ORDER BY count(*) DESC LIMIT :articles"
            ),
            {"day": (utcnow() + timedelta(days=30)).date(), "now": utcnow(), "articles": articles},
        )


def measure(url: str, exams: int, steps: int, warmup: int) -> dict:
    from quizapp import article_jobs, create_app

    settings = {"DATABASE_URL": url, "SEED_ON_START": False, "REVIEWS_PER_DAY": 1_000_000}
    app = create_app(settings | {"SECRET_KEY": "exam-costs", "TESTING": False})  # migrates the copy
    set_exams(url, exams)
    client = app.test_client()
    token = TOKEN.search(client.get("/").get_data(as_text=True)).group(1)
    report = summarise(flashcard_steps(Timed(client, token), warmup + steps), warmup)
    app.extensions[article_jobs.RUNNER_KEY].stop()
    app.extensions["quizapp.engine"].dispose()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    ensure_database(args.url, 100_000, 1_000_000, learners=1, rebuild=False)
    with tempfile.TemporaryDirectory() as folder:
        reports = {}
        for exams in (0, 1, 20):
            copy = Path(folder) / f"exams-{exams}.sqlite"
            shutil.copy(sqlite_path(args.url), copy)
            reports[exams] = measure(f"sqlite:///{copy}", exams, args.steps, args.warmup)
            print(json.dumps({"exam_articles": exams, "flashcard_step": reports[exams]}), flush=True)
            copy.unlink()
    base = reports[0]["median_ms"]
    ratios = {f"{n}_exams": round(reports[n]["median_ms"] / base, 3) for n in (1, 20)}
    print(json.dumps({"median_ratio_to_no_exam": ratios}))


if __name__ == "__main__":
    main()
