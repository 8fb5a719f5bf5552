"""Flashcards while articles are being added: the real server (`quizapp run`) on a temporary database.

    python benchmarks/add_article_load.py                      # this checkout
    python benchmarks/add_article_load.py --code /tmp/main     # another tree's code (e.g. `git archive main`)
    python benchmarks/add_article_load.py --big 3 --learners 3 --quiet 20

One learner steps through flashcards the whole time (GET /review, GET /review/<id>/answer, POST the grade:
the htmx requests a browser makes), in its own process, one request after the other, --think seconds
between cards (0.1 by default: a very fast learner; 0 saturates the server on its own). Three
phases, on one server (`quizapp run` with its defaults: one worker process of two threads):

    quiet    flashcards alone, for --quiet seconds
    adding   flashcards while --big near-limit articles (--big-chars characters each, different texts) are
             posted at the same moment and --learners learners each add --each articles of about 6,000
             characters, one after the other; until every article is stored
    ingest   flashcards while `quizapp ingest` (its own process) adds --ingest articles of about 6,000
             characters; until it exits

For each phase: the flashcard requests' latency (median, p95, p99, max, in ms), how many there were (and
per second), how many failed or timed out (--timeout s), and how many took over a second and how long those
waited in all (a stalled learner makes one slow request where they would have made many); in `adding`, how
long the add-article POSTs took to answer and how long until their articles were there (on code with a
progress page, by following it as a browser would), the longest of each kind.

The database (--items flashcards, all due) is built by make_big_db.py with the same code as the server, in
a temporary folder removed afterwards. Prints one JSON line per phase.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ingest_many import article as synthetic_article  # noqa: E402
from web_load import HX, Client  # noqa: E402

CARD = re.compile(r"/review/(\d+)/answer")
VERSION = re.compile(r'name="version" value="(\d+)"')
ARTICLE = re.compile(r"/articles/(\d+)$")


def long_article(chars: int, seed: int) -> str:
    """A made-up news article of about `chars` characters: a title over many synthetic reports' bodies."""
    rng = random.Random(seed)
    parts = [f"City projects report number {seed}"]
    while sum(map(len, parts)) < chars:
        body = synthetic_article(len(parts) + seed * 1000, rng).split("\n\n")[2:]
        parts.append("\n\n".join(body))
    return "\n\n".join(parts)[:chars]


# ---------------------------------------------------------------- the learner at the flashcards


def flashcards(port: int, stop, results, timeout: float, think: float) -> None:
    """Step through cards until `stop` is set; (phase, seconds, ok) of every request into `results`."""
    client = Client(port)
    client.login()
    phase = mp.current_process().name

    def timed(method, path, **kwargs):
        started = time.perf_counter()
        try:
            client.connection = client.connection or _connection(port, timeout)
            status, body, _ = client.request(method, path, **kwargs)
            ok = status == 200
        except (OSError, http.client.HTTPException):
            client.connection, body, ok = None, "", False
        results.put((phase, time.perf_counter() - started, ok))
        return body if ok else ""

    while not stop.wait(think):
        card = CARD.search(timed("GET", "/review", headers=HX))
        if not card:
            continue
        back = timed("GET", f"/review/{card.group(1)}/answer", headers=HX)
        version = VERSION.search(back)
        if version:
            grade = {"rating": "3", "version": version.group(1)}
            timed(
                "POST",
                f"/review/{card.group(1)}/grade",
                headers=HX | {"X-CSRFToken": client.token},
                form=grade,
            )


def _connection(port: int, timeout: float):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def while_learning(
    port: int, name: str, timeout: float, think: float, action
) -> tuple[list[tuple[float, bool]], object]:
    """Run `action()` while a learner studies flashcards; their latencies and what `action` returned."""
    stop, results = mp.Event(), mp.Queue()
    learner = mp.Process(target=flashcards, args=(port, stop, results, timeout, think), name=name)
    learner.start()
    time.sleep(1)  # signed in and studying
    started = time.monotonic()
    outcome = action()
    outcome["phase_s"] = round(time.monotonic() - started, 1)
    stop.set()
    latencies = []
    while learner.is_alive() or not results.empty():
        try:
            _, seconds, ok = results.get(timeout=1)
            latencies.append((seconds, ok))
        except Exception:
            if not learner.is_alive():
                break
    learner.join(timeout + 5)
    return latencies, outcome


def summary(phase: str, latencies: list[tuple[float, bool]], **extra) -> dict:
    times = sorted(seconds * 1000 for seconds, ok in latencies if ok)

    def pct(p):
        return round(times[min(int(len(times) * p), len(times) - 1)], 1) if times else None

    return {
        "phase": phase,
        "flashcard_requests": len(latencies),
        "failed_or_timed_out": sum(1 for _, ok in latencies if not ok),
        "p50_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(times[-1], 1) if times else None,
        # A stalled learner makes one slow request where they would have made many: count the stalls too.
        "over_1s": sum(1 for seconds, _ in latencies if seconds > 1),
        "waited_over_1s_s": round(sum(seconds for seconds, _ in latencies if seconds > 1), 1),
        "requests_per_s": round(len(latencies) / extra["phase_s"], 1) if extra.get("phase_s") else None,
    } | extra


# ---------------------------------------------------------------- adding articles


def add_article(port: int, text: str, timeout: float) -> tuple[float, float, bool]:
    """Post `text` as a new article, then follow the page it leads to until the article is there, as a
    browser without JavaScript would. (seconds to the POST's answer, seconds until the article, stored)."""
    client = Client(port)
    client.connection = _connection(port, 900)  # on code that generates in the request, it may take long
    client.login()
    started = time.perf_counter()
    status, _, headers = client.post("/articles", {"source": "paste", "text": text}, htmx=False)
    answered = time.perf_counter() - started
    location = headers.get("Location", "") if status == 303 else ""
    deadline = time.monotonic() + 600
    while location and not ARTICLE.search(location) and time.monotonic() < deadline:
        time.sleep(1)  # the progress page's own refresh is 2 s; htmx asks every second
        status, _, headers = client.request("GET", location)
        if status != 303:
            if status != 200:
                break
            continue
        location = headers.get("Location", "")
    return answered, time.perf_counter() - started, bool(ARTICLE.search(location))


def adding(port: int, args) -> dict:
    texts = [long_article(args.big_chars, seed) for seed in range(args.big)]
    small = [
        [long_article(6000, 100 + learner * 10 + n) for n in range(args.each)]
        for learner in range(args.learners)
    ]
    outcomes: list[tuple[str, float, float, bool]] = []

    def post_big(text):
        outcomes.append(("near_limit", *add_article(port, text, args.timeout)))

    def learner(texts):
        for text in texts:
            outcomes.append(("learner", *add_article(port, text, args.timeout)))

    threads = [threading.Thread(target=post_big, args=(text,)) for text in texts]
    threads += [threading.Thread(target=learner, args=(mine,)) for mine in small]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    def figures(kind):
        rows = [row for row in outcomes if row[0] == kind]
        return {
            f"{kind}_posts": len(rows),
            f"{kind}_stored": sum(1 for row in rows if row[3]),
            f"{kind}_post_answer_s_max": round(max((row[1] for row in rows), default=0), 2),
            f"{kind}_ready_s_max": round(max((row[2] for row in rows), default=0), 1),
        }

    return figures("near_limit") | figures("learner")


def bulk_ingest(env: dict, folder: Path, count: int) -> dict:
    folder.mkdir()
    for n in range(count):
        (folder / f"bulk-{n}.txt").write_text(long_article(6000, 500 + n))
    done = subprocess.run(
        [sys.executable, "-c", "from quizapp.cli import main; main()", "ingest", str(folder)],
        env=env, cwd=folder, capture_output=True, text=True,
    )  # fmt: skip
    return {"ingest_exit": done.returncode}


# ---------------------------------------------------------------- the server


def start_server(env: dict, port: int, workdir: Path) -> subprocess.Popen:
    log = (workdir / "server.log").open("w")
    command = [sys.executable, "-c", "from quizapp.cli import main; main()", "run", "--port", str(port)]
    server = subprocess.Popen(command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = _connection(port, 2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
        if server.poll() is not None:
            break
    server.kill()
    raise SystemExit(f"the server did not start: {(workdir / 'server.log').read_text()[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=HERE.parent, help="the source tree to run (its quizapp)")
    parser.add_argument("--items", type=int, default=2000, help="flashcards in the database")
    parser.add_argument("--quiet", type=float, default=20, help="seconds of flashcards alone")
    parser.add_argument("--big", type=int, default=3, help="near-limit articles posted at once")
    parser.add_argument("--big-chars", type=int, default=195_000)
    parser.add_argument("--learners", type=int, default=3, help="learners adding smaller articles meanwhile")
    parser.add_argument("--each", type=int, default=2, help="articles each of those learners adds")
    parser.add_argument("--ingest", type=int, default=30, help="articles of the `quizapp ingest` phase")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a request counts as lost")
    parser.add_argument("--phases", default="quiet,adding,ingest")
    parser.add_argument("--think", type=float, default=0.1, help="seconds the learner looks at each card")
    parser.add_argument("--label", help="what to call the code in the output (default: its git commit)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="quizapp-add-load-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"sqlite:///{workdir / 'load.sqlite'}"
    env = os.environ | {
        "PYTHONPATH": str(args.code.resolve()),
        "QUIZAPP_DATABASE_URL": url,
        "QUIZAPP_INSTANCE_PATH": str(workdir / "instance"),
        "QUIZAPP_SEED_ON_START": "false",
        "QUIZAPP_REVIEWS_PER_DAY": "1000000",
        "QUIZAPP_NEW_CARDS_PER_DAY": "1000000",
    }
    subprocess.run(
        [sys.executable, str(HERE / "make_big_db.py"), "--url", url, "--items", str(args.items),
         "--reviews", "0"],
        env=env, cwd=workdir, check=True, capture_output=True,
    )  # fmt: skip
    server = start_server(env, port, workdir)
    code = (
        args.label
        or subprocess.run(
            ["git", "-C", str(args.code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    )
    try:
        for phase in args.phases.split(","):
            if phase == "quiet":
                latencies, extra = while_learning(
                    port, phase, args.timeout, args.think, lambda: time.sleep(args.quiet) or {}
                )
            elif phase == "adding":
                latencies, extra = while_learning(
                    port, phase, args.timeout, args.think, lambda: adding(port, args)
                )
            elif phase == "ingest":
                latencies, extra = while_learning(
                    port,
                    phase,
                    args.timeout,
                    args.think,
                    lambda: bulk_ingest(env, workdir / "bulk", args.ingest),
                )
            else:
                raise SystemExit(f"unknown phase {phase}")
            print(json.dumps(summary(phase, latencies, code=code, **extra)), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
