"""How long `quizapp generate` takes on a one-sentence file, beside a bare process that loads the same spaCy
model and parses the same text: the floor any command that runs the generator pays.

    python benchmarks/cli_startup.py                   # 7 runs of each, this checkout
    python benchmarks/cli_startup.py --runs 11 --repo . --repo /tmp/before   # beside another checkout

Each run is a fresh process (`python -c`), the kinds taking turns so a busy moment of the machine falls on
all, after one untimed run of each that writes every module's bytecode (to a folder of its own), as an
installed quizapp has it: with PYTHONDONTWRITEBYTECODE, as in some shells, each run compiled quizapp's
sources anew, a tenth of a second. Prints the median wall time and the median CPU time (user + system,
which another program on the machine inflates less) of each, and the ratio of `quizapp generate` to the
bare process.
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
    """(wall seconds, CPU seconds) of one `python -c code path` run, on `repo`'s quizapp (run in `repo`:
    `python -c` imports from its working folder first), the bytecode of every module kept beside `path`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"PYTHONPATH": str(repo), "PYTHONPYCACHEPREFIX": str(path.parent / "bytecode")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-c", code, str(path)]
    subprocess.run(command, env=env, cwd=repo, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--repo",
        type=Path,
        action="append",
        help="a checkout whose quizapp is measured (again for more than one, e.g. a branch point); default: "
        "this one",
    )
    args = parser.parse_args()
    repos = args.repo or [REPO]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-sentence.txt"
        path.write_text(SENTENCE)
        runs: dict[str, list[tuple[float, float]]] = {"bare spaCy": []} | {str(r): [] for r in repos}
        for repo in repos:  # the bytecode written, the files read once
            timed(BARE, path, repo)
            timed(GENERATE, path, repo)
        for _ in range(args.runs):
            runs["bare spaCy"].append(timed(BARE, path, repos[0]))
            for repo in repos:
                runs[str(repo)].append(timed(GENERATE, path, repo))
    medians = {
        name: (statistics.median(w for w, _ in times), statistics.median(c for _, c in times))
        for name, times in runs.items()
    }
    bare_wall, bare_cpu = medians["bare spaCy"]
    print(f"median of {args.runs} runs each, taking turns; `quizapp generate` on the checkouts named")
    for name, (wall, cpu) in medians.items():
        ratio = f"   ratio wall {wall / bare_wall:4.2f}×  cpu {cpu / bare_cpu:4.2f}×"
        ratio = "" if name == "bare spaCy" else ratio
        print(f"{name:32} wall {wall:5.2f} s  cpu {cpu:5.2f} s{ratio}")


if __name__ == "__main__":
    main()
