"""The question generator's quality figures on the seed article and every test fixture.

    python benchmarks/generator_quality.py [--examples 3] [PATH ...]

Prints one JSON line per article (items, distinct questions, minimum, persons/dates/numbers asked of found,
coverage %, violations per rule with a few example questions, generation seconds) and a last line with the
totals. Exits 1 when any article has a violation. The rules are those of `tests/helpers/quality.py`.
"""

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

FORMATS = {".txt": "text", ".html": "html", ".md": "md"}
SEED_MIN_ITEMS = 5  # precision first (issue 14), as in tests/generator/articles.py


def default_articles() -> list[tuple[Path, int | None]]:
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    fixtures = sorted(p for p in (REPO / "tests" / "fixtures" / "articles").iterdir() if p.suffix in FORMATS)
    return [(p, SEED_MIN_ITEMS) for p in seeds[:1]] + [(p, None) for p in fixtures]


def percent(asked: int, found: int) -> float | None:
    return round(100.0 * asked / found, 1) if found else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="articles (default: the seed and the fixtures)")
    parser.add_argument("--examples", type=int, default=3, help="example violations per rule and article")
    args = parser.parse_args(argv)

    from quizapp.generator import generate
    from tests.helpers import quality

    nlp = quality.default_nlp()
    articles = [(p, None) for p in args.paths] or default_articles()
    totals = Counter()
    rules = Counter()
    for path, min_items in articles:
        raw = path.read_text(encoding="utf-8", errors="replace")
        started = time.perf_counter()
        generation = generate(raw, fmt=FORMATS.get(path.suffix, "text"))
        seconds = time.perf_counter() - started
        report = quality.check(generation.text, generation.items, nlp, min_items=min_items)
        record = {"article": path.name, "seconds": round(seconds, 3), "reason": generation.reason}
        record.update(report.summary(examples=args.examples))
        print(json.dumps(record, ensure_ascii=False), flush=True)
        totals.update(
            articles=1,
            items=report.items,
            distinct_questions=report.distinct_questions,
            persons_found=len(report.persons_found),
            persons_asked=len(report.persons_asked),
            dates_found=report.dates_found,
            dates_asked=report.dates_asked,
            numbers_found=report.numbers_found,
            numbers_asked=report.numbers_asked,
            articles_passing=int(report.ok),
        )
        rules.update({rule: len(found) for rule, found in report.by_rule().items()})
    total = {
        "total": True,
        **dict(totals),
        "coverage": {
            "persons": percent(totals["persons_asked"], totals["persons_found"]),
            "dates": percent(totals["dates_asked"], totals["dates_found"]),
            "numbers": percent(totals["numbers_asked"], totals["numbers_found"]),
        },
        "violations": dict(rules.most_common()),
    }
    print(json.dumps(total, ensure_ascii=False))
    return 0 if not rules else 1


if __name__ == "__main__":
    sys.exit(main())
