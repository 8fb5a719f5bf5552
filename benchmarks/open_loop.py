"""A class under open-loop load: N signed-in learners, each taking a step of the loop every 10 s on average.

    python benchmarks/open_loop.py --learners 300 --workers 1
    python benchmarks/open_loop.py --learners 2000 --workers 2
    python benchmarks/open_loop.py --learners 300 --workers 1 --url postgresql+psycopg://postgres@127.0.0.1:55443/quizapp_test

Issue 16's aim: p99 under 50 ms for every request of the loop, 300 learners on one worker process and
2,000 on `--workers 2`, on SQLite and on PostgreSQL.

The server is the one a user runs, `quizapp run --workers N` (granian; web_load.start_server), with accounts
on, on a copy of a class's database from make_big_db.py (learner1 ... learnerN, a card per learner and item,
1,000,000 review-log rows): for SQLite /tmp/quizapp-bench/class-N-ITEMS.sqlite (web_load.ensure_database
builds it when missing), copied for the run; for PostgreSQL (`--url` naming any database on the server) a
template database quizapp_bench_class_N_ITEMS on that server, built once the same way, and a copy of it
(CREATE DATABASE ... TEMPLATE) for the run, dropped after it. Every learner signs in (the sign-in form, its
password checked: not counted) and starts a 20-question quiz.

Then each learner takes steps at arrival times drawn in advance, independent of how fast the server answers
(open loop): Poisson arrivals, `--period` seconds apart on average (or `--arrivals periodic`: exactly that
far apart, from a random phase). A step is, at random (`--quiz-share`), either

    flashcard  front: GET /review (htmx), back: GET its Show-answer link, grade: POST Good
    quiz       answer: POST the answer to the question on screen, next: GET the feedback's Next link
               (after the 20th answer there is none: the next quiz step first starts a quiz, reported as
               quiz_start, POST /quiz, and first_question, its question 1)

sent as the browser sends them with htmx: HX-Request, the page's X-CSRFToken, each form's hidden fields
(the patterns of learner_loop.py). Each learner has its own aiohttp session: its own cookies and its own
keep-alive connection, as a browser tab has, so the connections spread over the workers as a class's do.
A learner's next step waits for its last to finish (one person clicks one thing at a time).

Latency is each request's, from sending it to having read the reply. The client's own lateness is reported
apart, so a saturated client is seen rather than hidden: `step_late_ms`, how long after its arrival time a
step started, when the client woke late for it; `event_loop_lag_ms`, how late a 10 ms timer fires in the
client's event loop (a busy client shows here). A learner whose previous step is still running at the next
arrival (a slow server) starts it when that one ends: `backlogged`, and how long those waited. Only steps
that arrive after `--warmup` seconds, within `--duration` seconds, are counted; the offered rate is theirs,
the achieved rate that of the steps finished within those seconds.

Prints one JSON line (stdout), then a readable summary (stderr).
"""

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from learner_loop import CHOICE, GRADE, NEXT, QUIZ_FORM, QUIZ_LENGTH, SHOW, TOKEN, hidden_fields
from web_load import (
    CLASS_URL,
    FORM_TOKEN,
    cpu_seconds,
    database_shape,
    ensure_database,
    free_port,
    percentile,
    sqlite_path,
    start_server,
)

HERE = Path(__file__).resolve().parent
AIM_P99_MS = 50
LOOP_KINDS = ("front", "back", "grade", "answer", "next")
QUIZ_START_KINDS = ("quiz_start", "first_question")
HX = {"HX-Request": "true"}
LAG_TICK = 0.010


# ---------------------------------------------------------------- pure helpers (tests/test_open_loop.py)


def arrival_times(
    rng: random.Random, period: float, horizon: float, arrivals: str = "poisson"
) -> list[float]:
    """One learner's step times in [0, horizon): a Poisson process of mean gap `period` (the first arrival
    as far from 0 as any other from the one before), or every `period` from a random phase in [0, period)."""
    if arrivals == "periodic":
        phase = rng.uniform(0, period)
        return [
            phase + n * period
            for n in range(int((horizon - phase) // period) + 1)
            if phase + n * period < horizon
        ]
    if arrivals != "poisson":
        raise ValueError(f"arrivals: poisson or periodic, not {arrivals!r}")
    times, at = [], rng.expovariate(1 / period)
    while at < horizon:
        times.append(at)
        at += rng.expovariate(1 / period)
    return times


def latency_summary(seconds: list[float], errors: int = 0, window: float | None = None) -> dict:
    """count, p50, p99 and max in ms (nearest rank, web_load.percentile), errors, and the rate over
    `window` seconds."""
    ordered = sorted(seconds)
    summary = {"count": len(ordered), "errors": errors}
    if window:
        summary["per_s"] = round(len(ordered) / window, 1)
    if ordered:
        summary |= {
            "p50_ms": round(1000 * percentile(ordered, 0.50), 1),
            "p99_ms": round(1000 * percentile(ordered, 0.99), 1),
            "max_ms": round(1000 * ordered[-1], 1),
        }
    return summary


# ---------------------------------------------------------------- a learner, as the browser drives it


class Tally:
    """Latencies and errors by request kind, and the steps' lateness."""

    def __init__(self):
        self.latency: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.late: list[float] = []  # steps the client started late: its event loop woke late for them
        self.backlog: list[float] = []  # steps that waited for their learner's previous step
        self.finished_in_window = 0
        self.steps = {"flashcard": 0, "quiz": 0}

    def add(self, kind: str, seconds: float | None, ok: bool) -> None:
        if seconds is not None:
            self.latency.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1


class Learner:
    def __init__(self, base: str, name: str):
        self.base = base
        self.name = name
        self.http: aiohttp.ClientSession | None = None
        self.token = ""
        self.question: str | None = None  # the quiz question on screen (its HTML), None: start a quiz
        self.answered = 0

    async def open(self) -> None:
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=1, keepalive_timeout=60),  # one connection, as a tab
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies for 127.0.0.1 too
            timeout=aiohttp.ClientTimeout(total=60),
        )

    async def close(self) -> None:
        if self.http is not None:
            await self.http.close()

    async def send(self, method: str, path: str, *, form=None, params=None, htmx=True):
        """(status, body, headers, seconds from sending to having read the reply)."""
        headers = dict(HX) if htmx else {}
        if method == "POST" and htmx:
            headers["X-CSRFToken"] = self.token
        started = time.perf_counter()
        async with self.http.request(
            method, self.base + path, data=form, params=params, headers=headers, allow_redirects=False
        ) as response:
            body = await response.text()
        return response.status, body, response.headers, time.perf_counter() - started

    async def timed(self, tally: Tally, kind: str, method: str, path: str, check, **kwargs) -> str | None:
        """One request of a step: its body when `check(status, body)` holds, else None (an error)."""
        try:
            status, body, _, seconds = await self.send(method, path, **kwargs)
        except (aiohttp.ClientError, TimeoutError):
            tally.add(kind, None, ok=False)
            return None
        ok = bool(check(status, body))
        tally.add(kind, seconds, ok)
        return body if ok else None

    async def sign_in(self, password: str) -> None:
        _, page, _, _ = await self.send("GET", "/account/signin", htmx=False)
        form = {"name": self.name, "password": password, "csrf_token": FORM_TOKEN.search(page).group(1)}
        status, _, _, _ = await self.send("POST", "/account/signin", form=form, htmx=False)
        if status != 303:
            raise SystemExit(f"{self.name} could not sign in ({status})")
        _, home, _, _ = await self.send("GET", "/", htmx=False)
        self.token = TOKEN.search(home).group(1)

    async def flashcard(self, tally: Tally) -> None:
        front = await self.timed(tally, "front", "GET", "/review", lambda s, b: s == 200 and SHOW.search(b))
        if front is None:
            return
        show = SHOW.search(front)
        shown_at = hidden_fields(front, show.start()).get("shown_at", "")
        back = await self.timed(
            tally,
            "back",
            "GET",
            show.group(1),
            lambda s, b: s == 200 and GRADE.search(b),
            params={"shown_at": shown_at},
        )
        if back is None:
            return
        grade = GRADE.search(back)
        form = hidden_fields(back, grade.start()) | {"rating": "3"}
        await self.timed(
            tally,
            "grade",
            "POST",
            grade.group(1),
            lambda s, b: s == 200 and "already graded" not in b,
            form=form,
        )

    async def start_quiz(self, tally: Tally) -> bool:
        """The quiz setup page's form (a plain POST, answered by a redirect), then question 1."""
        form = {"article": "all", "length": str(QUIZ_LENGTH), "mode": "choice", "csrf_token": self.token}
        try:
            status, _, headers, seconds = await self.send("POST", "/quiz", form=form, htmx=False)
        except (aiohttp.ClientError, TimeoutError):
            tally.add("quiz_start", None, ok=False)
            return False
        match = re.search(r"/quiz/\d+/1$", headers.get("Location", "")) if status == 303 else None
        tally.add("quiz_start", seconds, ok=match is not None)
        if match is None:
            return False
        self.question = await self.timed(
            tally, "first_question", "GET", match.group(0), lambda s, b: s == 200 and QUIZ_FORM.search(b)
        )
        return self.question is not None

    async def quiz(self, tally: Tally) -> None:
        if self.question is None and not await self.start_quiz(tally):
            return
        question, self.question = self.question, None  # set again only when the step goes through
        form_match = QUIZ_FORM.search(question)
        choices = CHOICE.findall(question)
        self.answered += 1
        answer = choices[0] if choices and self.answered % 2 else "nobody"  # right and wrong by turns
        form = hidden_fields(question, form_match.start()) | {"answer": answer}
        feedback = await self.timed(
            tally, "answer", "POST", form_match.group(1), lambda s, b: s == 200 and "feedback" in b, form=form
        )
        if feedback is None:
            return
        next_link = NEXT.search(feedback)
        if next_link is None:  # the quiz's last question: the next quiz step starts a new quiz
            return
        self.question = await self.timed(
            tally, "next", "GET", next_link.group(1), lambda s, b: s == 200 and QUIZ_FORM.search(b)
        )


# ---------------------------------------------------------------- the load


async def learner_steps(learner, times, rng, quiz_share, t0, window, warm: Tally, counted: Tally):
    for offset in times:
        due = t0 + offset
        tally = counted if due >= window[0] else warm
        if (wait := due - time.perf_counter()) > 0:
            await asyncio.sleep(wait)
            tally.late.append(time.perf_counter() - due)
        else:
            tally.backlog.append(-wait)
        if rng.random() < quiz_share:
            tally.steps["quiz"] += 1
            await learner.quiz(tally)
        else:
            tally.steps["flashcard"] += 1
            await learner.flashcard(tally)
        tally.finished_in_window += time.perf_counter() < window[1]


async def event_loop_lag(lags: list[float], window: tuple[float, float]) -> None:
    """How late a LAG_TICK timer fires: the client's event loop falling behind shows here."""
    while True:
        expected = time.perf_counter() + LAG_TICK
        await asyncio.sleep(LAG_TICK)
        now = time.perf_counter()
        if window[0] <= now < window[1]:
            lags.append(now - expected)


async def drive(args, port: int, server_pid: int) -> dict:
    from make_big_db import BENCH_PASSWORD  # imported here: it loads quizapp

    base = f"http://127.0.0.1:{port}"
    learners = [Learner(base, f"learner{k}") for k in range(1, args.learners + 1)]
    gate = asyncio.Semaphore(args.signin_concurrency)

    async def set_up(learner):
        async with gate:
            await learner.open()
            await learner.sign_in(BENCH_PASSWORD)
            await learner.start_quiz(Tally())

    began = time.perf_counter()
    await asyncio.gather(*(set_up(learner) for learner in learners))
    setup_seconds = time.perf_counter() - began

    horizon = args.warmup + args.duration
    t0 = time.perf_counter() + 1.0
    window = (t0 + args.warmup, t0 + horizon)
    warm, counted, lags = Tally(), Tally(), []
    tasks, offered = [], 0
    for k, learner in enumerate(learners):
        rng = random.Random(args.seed * 1_000_003 + k)
        times = arrival_times(rng, args.period, horizon, args.arrivals)
        offered += sum(at >= args.warmup for at in times)  # a backlogged learner may never start them all
        tasks.append(
            asyncio.create_task(
                learner_steps(learner, times, rng, args.quiz_share, t0, window, warm, counted)
            )
        )
    monitor = asyncio.create_task(event_loop_lag(lags, window))
    await asyncio.sleep(max(0.0, window[0] - time.perf_counter()))
    server0, client0, wall0 = cpu_seconds(server_pid), time.process_time(), time.perf_counter()
    await asyncio.sleep(max(0.0, window[1] - time.perf_counter()))
    server1, client1, wall1 = cpu_seconds(server_pid), time.process_time(), time.perf_counter()
    _, unfinished = await asyncio.wait(tasks, timeout=60)  # the steps of the window's last seconds
    for task in unfinished:
        task.cancel()
    monitor.cancel()
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception():
            raise task.exception()
    await asyncio.gather(*(learner.close() for learner in learners))

    wall = wall1 - wall0
    requests = {
        kind: latency_summary(counted.latency.get(kind, []), counted.errors.get(kind, 0), args.duration)
        for kind in LOOP_KINDS + QUIZ_START_KINDS
    }
    loop = [requests[kind] for kind in LOOP_KINDS]
    steps = sum(counted.steps.values())
    return {
        "setup_seconds": round(setup_seconds, 1),
        "nominal_steps_per_s": round(args.learners / args.period, 1),
        "offered_steps_per_s": round(offered / args.duration, 1),
        "started_steps_per_s": round(steps / args.duration, 1),
        "achieved_steps_per_s": round(counted.finished_in_window / args.duration, 1),
        "steps": counted.steps,
        "requests": requests,
        "client": {
            "step_late_ms": latency_summary(counted.late),
            "backlogged": latency_summary(counted.backlog),
            "event_loop_lag_ms": latency_summary(lags),
            "cpu_cores": round((client1 - client0) / wall, 2),
            "unfinished_steps": len(unfinished),
        },
        "server_cpu_cores": round((server1 - server0) / wall, 2),
        "aim": {
            "p99_under_50ms_every_loop_request": all(
                row["count"] and row.get("p99_ms", 0) < AIM_P99_MS and not row["errors"] for row in loop
            ),
            "no_errors": not any(row["errors"] for row in requests.values()),
        },
    }


# ---------------------------------------------------------------- the database


def postgres_conninfo(url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


def postgres_copy(url: str, learners: int, items: int, reviews: int) -> tuple[str, str, dict]:
    """A copy, for this run, of the class's template database on the server of `url` (built with
    make_big_db.py when missing): (the copy's URL, the template's URL, what was done)."""
    import psycopg
    from sqlalchemy.engine import make_url

    template = f"quizapp_bench_class_{learners}_{items}"
    admin = psycopg.connect(postgres_conninfo(url, "postgres"), autocommit=True)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (template,)).fetchone()
    info: dict = {"template": template, "reused": bool(exists)}
    template_url = make_url(url).set(database=template).render_as_string(hide_password=False)
    if not exists:  # built under another name and renamed when whole: a half-built one is never reused
        building = f"{template}_building"
        admin.execute(f'DROP DATABASE IF EXISTS "{building}"')
        admin.execute(f'CREATE DATABASE "{building}"')
        building_url = make_url(url).set(database=building).render_as_string(hide_password=False)
        command = [sys.executable, str(HERE / "make_big_db.py"), "--url", building_url, "--items", str(items)]
        command += ["--reviews", str(reviews), "--learners", str(learners)]
        built = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        info["build_seconds"] = built["seconds"]
    shape, _ = database_shape(template_url, 0, 0, learners)  # migrates the template, not each copy
    copy = f"quizapp_bench_run_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
    began = time.perf_counter()
    admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    info["copy_seconds"] = round(time.perf_counter() - began, 1)
    admin.close()
    return make_url(url).set(database=copy).render_as_string(hide_password=False), template_url, info | shape


def drop_postgres(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with psycopg.connect(postgres_conninfo(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args) -> dict:
    load_before = os.getloadavg()  # the machine before this run added to it: others' work
    instance = tempfile.mkdtemp(prefix="quizapp-open-loop-")
    postgres = args.url.startswith("postgresql")
    try:
        if postgres:
            url, kept, database = postgres_copy(args.url, args.learners, args.items, args.reviews)
            shape = {}
        else:
            kept = args.url or CLASS_URL.format(learners=args.learners, items=args.items)
            database = ensure_database(kept, args.items, args.reviews, args.learners, rebuild=False)
            shape, _ = database_shape(kept, 0, 0, args.learners)  # migrates the kept file, not each copy
            copy = Path(instance) / "load.sqlite"
            shutil.copyfile(sqlite_path(kept), copy)
            url = f"sqlite:///{copy}"
        port = free_port()
        server = start_server(
            url, port, args.workers, args.threads, args.reviews_per_day, instance, accounts=True
        )
        try:
            load = asyncio.run(drive(args, port, server.pid))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    finally:
        if postgres and "url" in locals():
            drop_postgres(url)
        shutil.rmtree(instance, ignore_errors=True)
    return {
        "benchmark": "open_loop",
        "database": {"kind": "postgresql" if postgres else "sqlite", "url": kept.split("@")[-1]}
        | database
        | shape,
        "server": f"quizapp run --workers {args.workers}"
        + (f" --threads {args.threads}" if args.threads else "")
        + " (granian, 127.0.0.1)",
        "learners": args.learners,
        "period_s": args.period,
        "arrivals": args.arrivals,
        "quiz_share": args.quiz_share,
        "warmup_s": args.warmup,
        "duration_s": args.duration,
        "cpus": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        **load,
    }


def summary(report: dict) -> str:
    lines = [
        f"{report['learners']} learners, a step every {report['period_s']:g} s ({report['arrivals']}), "
        f"{report['server']}, {report['database']['kind']}: "
        f"{report['achieved_steps_per_s']} steps/s done of {report['offered_steps_per_s']} offered "
        f"({report['nominal_steps_per_s']} nominal); "
        f"load average {report['load_average_before'][0]} before, {report['load_average_after'][0]} after",
        f"{'request':<15}{'count':>7}{'per s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}",
    ]
    for kind, row in report["requests"].items():
        lines.append(
            f"{kind:<15}{row['count']:>7}{row.get('per_s', 0):>8}{row.get('p50_ms', '-'):>9}"
            f"{row.get('p99_ms', '-'):>9}{row.get('max_ms', '-'):>9}{row['errors']:>8}"
        )
    client = report["client"]
    late, lag, backlog = client["step_late_ms"], client["event_loop_lag_ms"], client["backlogged"]
    lines.append(
        f"client: steps started late p50 {late.get('p50_ms')} / p99 {late.get('p99_ms')} / max "
        f"{late.get('max_ms')} ms; event-loop lag p99 {lag.get('p99_ms')} / max {lag.get('max_ms')} ms; "
        f"client {client['cpu_cores']} cores, server {report['server_cpu_cores']} cores"
    )
    lines.append(
        f"steps that waited for their learner's previous step: {backlog['count']}"
        + (f" (max {backlog['max_ms']} ms)" if backlog["count"] else "")
    )
    verdict = "met" if report["aim"]["p99_under_50ms_every_loop_request"] else "NOT met"
    lines.append(f"aim (p99 < {AIM_P99_MS} ms for every request of the loop, no errors): {verdict}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--workers", type=int, default=1, help="quizapp run --workers")
    parser.add_argument("--threads", type=int, default=None, help="quizapp run --threads (default: its own)")
    parser.add_argument(
        "--url",
        default="",
        help="a SQLite file (default: the class's, built when missing), or a database on a PostgreSQL server",
    )
    parser.add_argument("--items", type=int, default=5000, help="items in the class's library")
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--period", type=float, default=10.0, help="mean seconds between a learner's steps")
    parser.add_argument("--arrivals", choices=("poisson", "periodic"), default="poisson")
    parser.add_argument("--quiz-share", type=float, default=0.5, help="share of steps that are quiz steps")
    parser.add_argument("--duration", type=float, default=90, help="seconds counted, after the warm-up")
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--signin-concurrency", type=int, default=8)
    parser.add_argument(
        "--reviews-per-day",
        type=int,
        default=1_000_000,
        help="QUIZAPP_REVIEWS_PER_DAY: above the database's reviews of today, so /review shows due cards",
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server and drop the copy first
    if args.url and not args.url.startswith(("sqlite:///", "postgresql")):
        raise SystemExit("--url: a sqlite:/// or postgresql URL")
    report = run(args)
    print(json.dumps(report), flush=True)
    print(summary(report), file=sys.stderr)


if __name__ == "__main__":
    main()
