"""Crash benchmark: the production server (`quizapp run`) killed with SIGKILL many times while learners grade
flashcards and take quizzes, restarted each time, and the database checked against every write it
acknowledged. The long form of tests/test_crash.py, on the same machinery (tests/crashing.py, whose
docstring says what the learners do and what is checked).

    python benchmarks/crash.py                          # SQLite, 1 and 2 workers, 30 kills each
    python benchmarks/crash.py --kills 60 --workers 2 --learners 6
    python benchmarks/crash.py --url postgresql+psycopg://user:pw@127.0.0.1/quizapp_crash   # emptied first!

Each run starts on a fresh database (a temporary SQLite file, or the PostgreSQL database given, whose
tables are dropped first) holding the seed article and the fixture articles (tests/fixtures/articles), so
cards keep coming due. The kills are drawn at random: the whole process group (a crash or power cut of the
server), and with more than one worker also the main process alone and one worker (which granian replaces
while the others answer); with one worker, `all` and `worker`. Between kills the learners get a random 20-80
acknowledged writes, then the kill lands within 0.2 s, mid-request. After the last kill every learner grades
a card and undoes it, the server is killed once more, and the undo is sent again after the restart.

Prints one JSON line per run: kills by kind, acknowledged grades, quiz answers and quiz starts, POSTs that got
no answer (sent again) and how many of those had landed, acknowledged POSTs resent after restarts and
undos resent (and how many of either were taken again), the database checks made (one after every kill while
the server is down, one after the clean stop), lost writes, duplicates, counter drift (quiz counts, tallies,
Scores page), SQLite's integrity_check and foreign_key_check, and the restart time (median, max: from
`quizapp run` to /healthz answering). Exits 1 when anything was lost, duplicated or drifted, a killed
worker stopped the server, or a killed main process left workers behind.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout: tests/crashing.py is the machinery

from tests.crashing import crash_run, prepare_database  # noqa: E402

FIXTURE_ARTICLES = REPO / "tests" / "fixtures" / "articles"


def empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def kill_plan(workers: int, kills: int, rng: random.Random) -> list[str]:
    kinds = ["all", "all", "main", "worker"] if workers > 1 else ["all", "all", "worker"]
    return [rng.choice(kinds) for _ in range(kills)]


def one_run(url: str | None, workers: int, kills: int, learners: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="quizapp-crash-") as workdir:
        workdir = Path(workdir)
        if url is None:
            database = f"sqlite:///{workdir / 'crash.sqlite'}"
        else:
            database = url
            empty_postgres(url)
        began = time.monotonic()
        prepare_database(database, [FIXTURE_ARTICLES])
        plan = kill_plan(workers, kills, random.Random(seed))
        run = crash_run(
            database,
            workdir,
            workers=workers,
            kills=plan,
            learners=learners,
            writes_between=(20, 80),
            seed=seed,
        )
        figures = {"database": "postgresql" if url else "sqlite", **run.figures()}
        figures["seconds"] = round(time.monotonic() - began, 1)
        if run.findings.lost or run.findings.duplicates or run.findings.drift:
            figures["examples"] = [str(x) for x in (run.findings.lost + run.findings.duplicates)[:5]]
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a PostgreSQL database to use (emptied first!); default a SQLite file")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="a run per number of workers")
    parser.add_argument("--kills", type=int, default=30, help="kills per run (and one more for the undo)")
    parser.add_argument("--learners", type=int, default=4, help="learners studying at once")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    clean = True
    for workers in args.workers:
        figures = one_run(args.url, workers, args.kills, args.learners, args.seed)
        print(json.dumps(figures), flush=True)
        bad = ("lost", "duplicates", "counter_drift", "foreign_key_errors", "undos_resent_taken_again")
        clean &= not any(figures[name] for name in bad)
        clean &= figures["integrity_check"] in (["ok"], ["n/a"])
        clean &= figures["acknowledged_posts_resent_taken_again"] == 0
        clean &= figures["worker_kills_survived"] == figures["kills"].get("worker", 0)
        clean &= figures["orphaned_workers"] == 0
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
