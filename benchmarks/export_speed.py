"""What an export costs: each format for one article and for the whole library, beside reading the cards
alone (the baseline: the two queries every export makes), in this process on a library built for it.

    python benchmarks/export_speed.py                      # 200 articles, 10,000 items (make_big_db's shape)
    python benchmarks/export_speed.py --items 100000       # 2,000 articles, 100,000 items

Each is run `--repeat` times after one warm-up; the median wall and CPU (process) time, the file's size,
and the ratio to the baseline measured in the same run. Prints one JSON line. The database is a temporary
file, removed after.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session  # noqa: E402

from benchmarks.make_big_db import build  # noqa: E402
from quizapp import exports  # noqa: E402
from quizapp.db import make_engine  # noqa: E402
from quizapp.exports.cards import article_cards  # noqa: E402


def measure(action, repeat: int) -> dict:
    action()  # warm-up
    walls, cpus, size = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        size = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "wall_ms": statistics.median(walls) * 1000,
        "cpu_ms": statistics.median(cpus) * 1000,
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/export.sqlite"
        build(url, args.items, reviews=0)
        engine = make_engine(url)
        results: dict = {"items": args.items}
        with Session(engine) as session:
            for scope, article_id in (("article", 1), ("library", None)):
                ids = None if article_id is None else [article_id]
                baseline = measure(lambda ids=ids: len(article_cards(session, ids)), args.repeat)
                rows = {"read cards (baseline)": baseline}
                for name in exports.FORMATS:
                    row = measure(
                        lambda name=name, article_id=article_id: len(
                            exports.export(session, article_id, name).data
                        ),
                        args.repeat,
                    )
                    row["x_baseline"] = round(row["wall_ms"] / baseline["wall_ms"], 1)
                    rows[name] = row
                results[scope] = {
                    key: {k: round(v, 1) if isinstance(v, float) else v for k, v in row.items()}
                    for key, row in rows.items()
                }
        engine.dispose()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
