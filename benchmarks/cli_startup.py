"""How long `quizapp generate` takes on a one-sentence file, beside a bare process that loads the same spaCy
model and parses the same text: the floor any command that runs the generator pays.

    python benchmarks/cli_startup.py                   # 7 runs of each, this checkout
    python benchmarks/cli_startup.py --repo /work/main --runs 11

Each run is a fresh process (`python -c`), the two kinds taking turns so a busy moment of the machine
falls on both. Prints the median wall time and the median CPU time (user + system, which another
program on the machine inflates less) of each, and the ratio of `quizapp generate` to the bare process.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "Mara Lindqvist won the Nordic marathon in Oslo on March 3, 2024.\n"
BARE = (
    "import sys, spacy; from quizapp.config import DEFAULT_SPACY_MODEL; "
    "nlp = spacy.load(DEFAULT_SPACY_MODEL); nlp(open(sys.argv[1]).read())"
)
GENERATE = "from quizapp.cli import main; main(['generate', __import__('sys').argv[1]])"


def timed(code: str, path: Path, repo: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `python -c code path` run, on `repo`'s quizapp."""
    env = os.environ | {"PYTHONPATH": str(repo)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose quizapp is measured")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-sentence.txt"
        path.write_text(SENTENCE)
        runs: dict[str, list[tuple[float, float]]] = {"bare spaCy": [], "quizapp generate": []}
        for _ in range(args.runs):
            runs["bare spaCy"].append(timed(BARE, path, args.repo))
            runs["quizapp generate"].append(timed(GENERATE, path, args.repo))
    medians = {
        name: (statistics.median(w for w, _ in times), statistics.median(c for _, c in times))
        for name, times in runs.items()
    }
    for name, (wall, cpu) in medians.items():
        print(f"{name:18} wall {wall:5.2f} s   cpu {cpu:5.2f} s   (median of {args.runs})")
    (bare_wall, bare_cpu), (gen_wall, gen_cpu) = medians.values()
    print(f"{'ratio':18} wall {gen_wall / bare_wall:5.2f}×    cpu {gen_cpu / bare_cpu:5.2f}×")


if __name__ == "__main__":
    main()
