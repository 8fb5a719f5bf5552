"""Web app under load: the production server (`quizapp run`) on a big database, loopback only.

    python benchmarks/web_load.py                 # builds /tmp/quizapp-bench/big.sqlite when missing
    python benchmarks/web_load.py --rebuild       # builds it afresh first
    python benchmarks/web_load.py --clients 20 --duration 30 --url sqlite:////path/to/big.sqlite
    python benchmarks/web_load.py --rate 500      # open loop, 500 requests/s offered: latency at that load
    python benchmarks/web_load.py --learners 300 --items 5000   # a class: accounts on, a learner per client

The database (100,000 items, 1,000,000 review-log rows by default) comes from benchmarks/make_big_db.py and
is kept for the next run; a SQLite database is copied and the load runs on the copy (grades and quizzes
change it), so every run starts from the same state. Any other URL (PostgreSQL) is used in place. The
server runs as `quizapp run --workers N` in a subprocess on 127.0.0.1 with QUIZAPP_SEED_ON_START off: by
default one granian worker process per core, as the README advises for more than one learner;
`--workers 1` measures the single worker process a plain `quizapp run` starts. Then each endpoint
in turn gets a closed-loop load of `--clients` concurrent clients for `--duration` seconds (one phase per
endpoint, the trivial /healthz first as the ceiling, all in the same run on the same server):

    healthz        GET /healthz                       plain "ok", no database: the ceiling
    next_card      GET /review              (htmx)    the next flashcard due
    show_answer    GET /review/<id>/answer  (htmx)    flip a card (stores its grade-button intervals)
    grade          POST /review/<id>/grade  (htmx)    grade a card Good; the reply is the next card
    quiz_question  GET /quiz/<id>/<pos>     (htmx)    the current quiz question
    quiz_answer    POST /quiz/<id>/<pos>    (htmx)    answer it (a quiz answer is also a review);
                                                      a finished 20-question quiz is followed by a new
                                                      one (POST /quiz, reported as quiz_start)
    stats          GET /stats                         the whole Scores page

Each client is its own process (so the load generator is not serialised on one GIL) holding one keep-alive
HTTP/1.1 connection (http.client) and its own session cookie; POSTs carry the CSRF token of that session.
Graders each own a disjoint set of studied cards and track their versions, so no grade is stale by
construction (a stale one would count as an error).

With `--learners N` (N > 1) the database is a class's (make_big_db.py --learners N, kept as
/tmp/quizapp-bench/class-N-ITEMS.sqlite): the server runs with QUIZAPP_ACCOUNTS on, and client k signs in as
learner k+1 and grades that learner's own cards.

The database already holds more flashcard reviews "today" than the default cap of 200 a day, which would
make /review answer the cheap "done for today" page; QUIZAPP_REVIEWS_PER_DAY is raised (--reviews-per-day)
so the real due-card path is measured.

Prints one JSON line: per endpoint requests/s, p50/p95/p99 latency (ms), errors, and throughput relative to
/healthz; CPU used by the server (all its processes) and by the clients during each phase (in cores, of the
machine's total);
and whether the aims of issue 5 are met (hot-path p99 < 25 ms, Scores page < 150 ms, hot paths within 3x of
/healthz throughput), and the plans of the queries the flashcard path runs (captured as the app issues
them on the kept database before the load: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), with any
plain table scan listed (the aim: due-card queries use an index). `--plans-only` prints just those.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from email.message import Message
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "sqlite:////tmp/quizapp-bench/big.sqlite"
CLASS_URL = "sqlite:////tmp/quizapp-bench/class-{learners}-{items}.sqlite"
HX = {"HX-Request": "true"}
TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
CARD = re.compile(r"/review/(\d+)/answer")
HOT_PATHS = ("next_card", "show_answer", "grade", "quiz_question", "quiz_answer")
PHASES = ("healthz", "next_card", "show_answer", "grade", "quiz_question", "quiz_answer", "stats")
QUIZ_LENGTH = 20
AIM_HOT_P99_MS = 25
AIM_STATS_MS = 150
AIM_RATIO = 3
REVIEW_CAP_FOR_PLANS = 200
TABLES = ("card", "item", "reviewlog", "article", "learner", "quizsession", "quizanswer")


# ---------------------------------------------------------------- the client


class Client:
    """One browser-like client: a keep-alive connection, its session cookie and CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.token = ""
        self.connection = None

    def request(self, method: str, path: str, *, headers=None, form=None) -> tuple[int, str, Message]:
        headers = dict(headers or {})
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in (1, 2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode()
                break
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        if response.will_close:
            self.connection.close()
            self.connection = None
        return response.status, text, response.msg  # header names case-insensitive, as HTTP's are

    def login(self, learner: str | None = None) -> None:
        """Open the home page: a session cookie and its CSRF token; first sign in as `learner` if given."""
        if learner:
            from make_big_db import BENCH_PASSWORD  # every class learner's (imported here: it loads quizapp)

            _, html, _ = self.request("GET", "/account/signin")
            token = FORM_TOKEN.search(html).group(1)
            form = {"name": learner, "password": BENCH_PASSWORD, "csrf_token": token}
            status, _, _ = self.request("POST", "/account/signin", form=form)
            if status != 303:
                raise SystemExit(f"{learner} could not sign in ({status})")
        _, html, _ = self.request("GET", "/")
        self.token = TOKEN.search(html).group(1)

    def post(self, path: str, form: dict, *, htmx: bool = True):
        headers = HX | {"X-CSRFToken": self.token} if htmx else {}
        return self.request(
            "POST", path, headers=headers, form=form if htmx else form | {"csrf_token": self.token}
        )


class Worker:
    """The per-phase steps of one client. Each step returns (endpoint, ok)."""

    def __init__(self, client: Client, cards: list[tuple[int, int]]):
        self.client = client
        self.cards = cards  # (card id, version): this client's own cards to grade
        self.turn = 0
        self.quiz: tuple[int, int] | None = None  # (quiz id, current 1-based position)
        self.answered = 0

    def healthz(self):
        status, body, _ = self.client.request("GET", "/healthz")
        return "healthz", status == 200 and body == "ok"

    def next_card(self):
        status, body, _ = self.client.request("GET", "/review", headers=HX)
        return "next_card", status == 200 and "/answer" in body

    def show_answer(self):
        card_id, _ = self.cards[self.turn % len(self.cards)]
        self.turn += 1
        status, body, _ = self.client.request("GET", f"/review/{card_id}/answer", headers=HX)
        return "show_answer", status == 200 and 'name="rating"' in body

    def grade(self):
        index = self.turn % len(self.cards)
        self.turn += 1
        card_id, version = self.cards[index]
        status, body, _ = self.client.post(
            f"/review/{card_id}/grade", {"rating": "3", "version": str(version)}
        )
        self.cards[index] = (card_id, version + 1)
        return "grade", status == 200 and "already graded" not in body

    def start_quiz(self):
        status, _, headers = self.client.post(
            "/quiz", {"article": "all", "length": str(QUIZ_LENGTH), "mode": "choice"}, htmx=False
        )
        match = re.search(r"/quiz/(\d+)/1$", headers.get("Location", ""))
        self.quiz = (int(match.group(1)), 1) if status == 303 and match else None
        return "quiz_start", self.quiz is not None

    def quiz_question(self):
        if self.quiz is None:
            return self.start_quiz()
        quiz_id, position = self.quiz
        status, body, _ = self.client.request("GET", f"/quiz/{quiz_id}/{position}", headers=HX)
        return "quiz_question", status == 200 and "question" in body

    def quiz_answer(self):
        if self.quiz is None or self.quiz[1] > QUIZ_LENGTH:
            return self.start_quiz()
        quiz_id, position = self.quiz
        self.answered += 1
        answer = "Person 1" if self.answered % 2 else "nobody"
        status, body, _ = self.client.post(f"/quiz/{quiz_id}/{position}", {"answer": answer})
        self.quiz = (quiz_id, position + 1)
        return "quiz_answer", status == 200 and "feedback" in body

    def stats(self):
        status, body, _ = self.client.request("GET", "/stats")
        return "stats", status == 200 and "heatmap" in body


# ---------------------------------------------------------------- the server and the database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def ensure_database(url: str, items: int, reviews: int, learners: int, rebuild: bool) -> dict:
    path = sqlite_path(url)
    if path is None:
        if rebuild:
            raise SystemExit("--rebuild only for SQLite; build other databases with make_big_db.py")
        return {"reused": True}
    if path.exists() and not rebuild:
        return {"reused": True, "bytes": path.stat().st_size}
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    script = HERE / "make_big_db.py"
    command = [sys.executable, str(script), "--url", url, "--items", str(items), "--reviews", str(reviews)]
    command += ["--learners", str(learners)]
    built = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return {"reused": False, "build_seconds": built["seconds"], "bytes": path.stat().st_size}


def database_shape(
    url: str, clients: int, cards_each: int, learners: int
) -> tuple[dict, list[list[tuple[int, int]]]]:
    """Row counts, and for each client its own studied cards (most overdue first) with their versions: of
    the one learner, or with a class, of the client's own learner."""
    from sqlalchemy import text

    from quizapp.db import init_db, make_engine

    engine = make_engine(url)
    init_db(engine)  # migrate the kept database once, not every copy of it
    with engine.connect() as db:
        shape = {
            table: db.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("learner", "article", "item", "card", "reviewlog")
        }
        studied = text(
            "SELECT id, version FROM card WHERE learner_id = :learner AND is_new = :no ORDER BY due LIMIT :n"
        )
        if learners == 1:
            rows = db.execute(studied, {"learner": 1, "no": False, "n": clients * cards_each}).all()
            cards = [[(row[0], row[1]) for row in rows[k::clients]] for k in range(clients)]
        else:
            cards = [
                [tuple(row) for row in db.execute(studied, {"learner": k + 1, "no": False, "n": cards_each})]
                for k in range(clients)
            ]
    engine.dispose()
    return shape, cards


def query_plans(url: str, learner: int = 1) -> dict:
    """The queries the flashcard path runs (as the app issues them, captured from its engine) with their
    plans: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL. Read-only, on the kept database."""
    from sqlalchemy import event
    from sqlmodel import Session

    from quizapp import scheduling
    from quizapp.db import make_engine
    from quizapp.web.common import reviews_today

    calls = {
        "reviews_today": lambda s: reviews_today(s, learner),
        "queue_counts": lambda s: scheduling.queue_counts(s, learner, 20, review_cap=REVIEW_CAP_FOR_PLANS),
        "next_card": lambda s: scheduling.next_card(s, learner, 20),
        "next_due_at": lambda s: scheduling.next_due_at(s, learner),
    }
    engine = make_engine(url)
    sqlite = url.startswith("sqlite")
    captured: list[tuple[str, str, object]] = []
    current = [""]

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((current[0], statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    timings = {}
    with Session(engine) as session:
        for name, call in calls.items():
            current[0] = name
            started = time.perf_counter()
            call(session)
            timings[name] = round(1000 * (time.perf_counter() - started), 1)
    event.remove(engine, "before_cursor_execute", capture)
    queries = []
    with engine.connect() as connection:
        cursor = connection.connection.cursor()
        for name, statement, parameters in captured:
            cursor.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters)
            plan = [row[3] if sqlite else row[0] for row in cursor.fetchall()]
            queries.append({"call": name, "sql": " ".join(statement.split()), "plan": plan})
        cursor.close()
    engine.dispose()
    # A plain scan of a table ("SCAN card", "Seq Scan on card") is what an index must avoid; a scan of the
    # query's own subquery ("SCAN anon_1") reads rows already found through an index.
    table_scans = [
        line
        for query in queries
        for line in query["plan"]
        if re.match(rf"\s*SCAN ({'|'.join(TABLES)})\s*$", line) or "Seq Scan" in line
    ]
    return {"call_ms": timings, "queries": queries, "table_scans": table_scans}


def start_server(
    url: str,
    port: int,
    workers: int,
    threads: int | None,
    reviews_per_day: int,
    instance: str,
    accounts: bool,
) -> subprocess.Popen:
    quizapp = Path(sys.executable).parent / "quizapp"
    command = [str(quizapp), "run", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers)] + (["--threads", str(threads)] if threads else [])
    env = os.environ | {
        "QUIZAPP_DATABASE_URL": url,
        "QUIZAPP_SEED_ON_START": "false",
        "QUIZAPP_INSTANCE_PATH": instance,
        "QUIZAPP_REVIEWS_PER_DAY": str(reviews_per_day),
        "QUIZAPP_ACCOUNTS": "true" if accounts else "false",
    }
    # The server's output goes to a file: an undrained pipe would fill up and block the server.
    log = Path(instance) / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300  # the first start migrates the database (new indexes on 1M rows)
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not answer /healthz within 300 s")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its live children (the server's workers), from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- figures


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def figures(samples: list[float], errors: int, seconds: float) -> dict:
    ordered = sorted(samples)
    return {
        "requests": len(ordered),
        "requests_per_s": round(len(ordered) / seconds, 1),
        "p50_ms": round(1000 * percentile(ordered, 0.50), 1),
        "p95_ms": round(1000 * percentile(ordered, 0.95), 1),
        "p99_ms": round(1000 * percentile(ordered, 0.99), 1),
        "errors": errors,
    }


def run(args) -> dict:
    if args.learners > 1 and args.clients > args.learners:
        raise SystemExit("--clients must be at most --learners: each client is a learner of its own")
    if args.learners > 1 and args.url == DEFAULT_URL:
        args.url = CLASS_URL.format(learners=args.learners, items=args.items)
    database = ensure_database(args.url, args.items, args.reviews, args.learners, args.rebuild)
    shape, cards = database_shape(args.url, args.clients, args.cards_per_client, args.learners)
    plans = query_plans(args.url)
    if args.plans_only:
        database = {"url": args.url.split("@")[-1], **shape}
        return {"benchmark": "web_load", "database": database, "plans": plans}
    phases = args.phases
    instance = tempfile.mkdtemp(prefix="quizapp-load-")
    url = args.url
    if source := sqlite_path(url):
        copy = Path(instance) / "load.sqlite"
        shutil.copyfile(source, copy)
        url = f"sqlite:///{copy}"
    port = args.port or free_port()
    server = start_server(
        url, port, args.workers, args.threads, args.reviews_per_day, instance, accounts=args.learners > 1
    )
    gap = args.clients / args.rate if args.rate else None  # each client's mean seconds between requests
    context = mp.get_context("fork")
    barrier = context.Barrier(args.clients + 1)
    results = context.Queue()

    # A short warm-up (a mix of endpoints, not reported), then one phase of `duration` per endpoint.
    def account(k: int) -> str | None:
        return f"learner{k + 1}" if args.learners > 1 else None

    clients = [
        context.Process(
            target=_client_main,
            args=(port, account(k), cards[k], phases, args.duration, args.warmup, gap, barrier, results),
            daemon=True,
        )
        for k in range(args.clients)
    ]
    try:
        for process in clients:
            process.start()
        per_phase = {}
        for phase in ["warmup", *phases]:
            barrier.wait(timeout=300)
            server_cpu0, wall0 = cpu_seconds(server.pid), time.perf_counter()
            length = args.warmup if phase == "warmup" else args.duration
            collected = [results.get(timeout=length + 120) for _ in clients]
            wall = time.perf_counter() - wall0
            server_cpu = (cpu_seconds(server.pid) - server_cpu0) / wall
            if phase == "warmup":
                continue
            merged: dict[str, list[float]] = {}
            errors: dict[str, int] = {}
            client_cpu = 0.0
            for _, samples, errs, cpu in collected:
                for endpoint, values in samples.items():
                    merged.setdefault(endpoint, []).extend(values)
                for endpoint, count in errs.items():
                    errors[endpoint] = errors.get(endpoint, 0) + count
                client_cpu += cpu
            for endpoint, values in merged.items():
                per_phase[endpoint] = figures(values, errors.get(endpoint, 0), args.duration) | {
                    "phase": phase,
                    "server_cpu_cores": round(server_cpu, 2),
                    "client_cpu_cores": round(client_cpu / wall, 2),
                }
        for process in clients:
            process.join(timeout=30)
    finally:
        for process in clients:
            if process.is_alive():
                process.kill()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(instance, ignore_errors=True)

    # Throughput against /healthz means something only in a closed loop: an open loop's is the rate offered.
    ceiling = per_phase["healthz"]["requests_per_s"] if "healthz" in per_phase and not args.rate else None
    for endpoint, row in per_phase.items():
        if ceiling and endpoint != "healthz":
            row["vs_healthz"] = round(row["requests_per_s"] / ceiling, 2)
    hot = [per_phase[name] for name in HOT_PATHS if name in per_phase]
    aims = {
        "hot_p99_under_25ms": all(row["p99_ms"] < AIM_HOT_P99_MS for row in hot) if hot else None,
        "stats_p99_under_150ms": per_phase["stats"]["p99_ms"] < AIM_STATS_MS
        if "stats" in per_phase
        else None,
        "hot_within_3x_of_healthz": (
            all(row["requests_per_s"] * AIM_RATIO >= ceiling for row in hot) if hot and ceiling else None
        ),
        "no_errors": all(row["errors"] == 0 for row in per_phase.values()),
        "due_card_queries_use_an_index": not plans["table_scans"],
    }
    report = {
        "benchmark": "web_load",
        "database": {"url": args.url.split("@")[-1], **database, **shape},
        "server": f"`quizapp run --workers {args.workers}"
        + (f" --threads {args.threads}" if args.threads else "")
        + "` on 127.0.0.1 (granian)",
        "client": (
            f"{args.clients} client processes, each one keep-alive http.client connection, "
            + (
                f"open loop: {args.rate:g} requests/s offered in all (Poisson arrivals), latency counted "
                "from each request's arrival"
                if args.rate
                else "closed loop (no think time)"
            )
            + f"; {args.duration:g} s per endpoint, one endpoint at a time"
        ),
        "offered_requests_per_s": args.rate,
        "cpus": os.cpu_count(),
        "reviews_per_day": args.reviews_per_day,
        "learners": args.learners,
        "endpoints": per_phase,
        "aims": aims,
        "plans": plans,
    }
    return report


def _client_main(port, learner, cards, phases, duration, warmup, gap, barrier, results):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    client_process_phases(port, learner, cards, phases, duration, warmup, gap, barrier, results)


def client_process_phases(port, learner, cards, phases, duration, warmup, gap, barrier, results):
    """One client's phases. `gap`: None for a closed loop (the next request as soon as the last answered),
    else the mean seconds between requests of an open loop (Poisson arrivals): a request's latency is then
    counted from when it was due, so a server that falls behind shows it in the latency rather than by
    quietly receiving fewer requests."""
    client = Client(port)
    client.login(learner)
    worker = Worker(client, cards)
    worker.start_quiz()
    for phase in ["warmup", *phases]:
        barrier.wait(timeout=300)
        length = warmup if phase == "warmup" else duration
        steps = (
            [worker.healthz, worker.next_card, worker.stats]
            if phase == "warmup"
            else [getattr(worker, phase)]
        )
        cpu0 = time.process_time()
        end = time.perf_counter() + length
        samples: dict[str, list[float]] = {}
        errors: dict[str, int] = {}
        turn = 0
        due = time.perf_counter() + (random.expovariate(1 / gap) if gap else 0)
        while (now := time.perf_counter()) < end:
            if gap:  # open loop: wait for the next arrival, and time the request from it
                if due > now:
                    time.sleep(due - now)
                start, due = due, due + random.expovariate(1 / gap)
                if start >= end:
                    break
            else:
                start = now
            step = steps[turn % len(steps)]
            turn += 1
            try:
                endpoint, ok = step()
            except Exception:  # a refused or broken connection is an error, not the end of the run
                endpoint, ok = phase, False
            samples.setdefault(endpoint, []).append(time.perf_counter() - start)
            if not ok:
                errors[endpoint] = errors.get(endpoint, 0) + 1
        results.put((phase, samples, errors, time.process_time() - cpu0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="database URL (SQLite file built when missing)")
    parser.add_argument("--rebuild", action="store_true", help="build the SQLite database afresh")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument(
        "--learners", type=int, default=1, help="a class of N learners with accounts, a learner per client"
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30, help="seconds of load per endpoint")
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="open loop: requests/s offered by all clients together (default: closed loop, no think time)",
    )
    parser.add_argument("--warmup", type=float, default=3, help="seconds of unreported warm-up")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="server processes (quizapp run --workers; default: one per core, as the README advises)",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per server process (default: quizapp run's)"
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--reviews-per-day", type=int, default=1_000_000)
    parser.add_argument("--cards-per-client", type=int, default=200)
    parser.add_argument("--phases", nargs="+", default=list(PHASES), choices=PHASES)
    parser.add_argument("--plans-only", action="store_true", help="print the due-card query plans, no load")
    args = parser.parse_args()
    print(json.dumps(run(args)), flush=True)


if __name__ == "__main__":
    main()
