"""The `quizapp` command: run the app, ingest articles, import questions, try the generator."""

import ctypes
import errno
import gc
import json
import logging
import os
import signal
import socket
import sys
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click

from quizapp import cli_questions

# Show a progress bar when ingesting at least this many files.
PROGRESS_FROM = 5
# How long `quizapp run` lets a worker finish its requests when asked to stop.
STOP_WITHIN_SECONDS = 10
CONNECTIONS_PER_WORKER = 16_384  # open connections (learners' browsers) each worker answers at once
# One line a request in granian's access log (its own fields): "[time] GET /review 200 4.1 ms"
ACCESS_LOG = "[%(time)s] %(method)s %(path)s %(status)d %(dt_ms).1f ms"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """QuizApp: turn English news articles into spaced-repetition quizzes.

    Settings come from QUIZAPP_* environment variables (see the README): QUIZAPP_DATABASE_URL,
    QUIZAPP_SECRET_KEY, QUIZAPP_SPACY_MODEL, QUIZAPP_INSTANCE_PATH and others.
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Flask's development server with the reloader and debugger.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Server processes, all sharing the database: 1 for one learner, one per core for a class.",
)
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Threads per process: a second one keeps pages answering while a slow request runs; more only "
    "contend for Python's interpreter lock.",
)
@click.option("--quiet", is_flag=True, help="Do not log each request (one line each by default).")
def run(host: str, port: int, debug: bool, workers: int, threads: int, quiet: bool) -> None:
    """Serve the web app (granian; Flask's reloader and debugger with --debug).

    On first start with an empty database, the starter articles in seeds/ are queued and made in the
    background, as every added article is (each server process makes one at a time, at low priority).
    Each request is logged on one line (method, path, status, milliseconds) unless --quiet.
    """
    from quizapp import create_app

    # Before start-up's migrating and seeding, so it fails at once; not in the process --debug's reloader
    # starts, which serves on the socket its parent has already opened.
    if not os.environ.get("WERKZEUG_RUN_MAIN"):
        _refuse_a_port_in_use(host, port)
    app = create_app()  # migrates and seeds once, before any worker starts
    click.echo(f"QuizApp on http://{host}:{port}/  (database: {app.config['DATABASE_URL']})")
    click.echo(app.extensions["quizapp.data_folder"].describe())
    click.echo(_library_line(app))
    click.echo("Press Ctrl-C to stop.")
    # What start-up made (the app, the models, SQLAlchemy's compiled statements) lives as long as the
    # process: the garbage collector need not walk it again on every full collection, and forked workers
    # share those pages instead of copying them when the collector touches them.
    gc.freeze()
    if debug:
        if quiet:  # werkzeug logs each request at INFO
            logging.getLogger("werkzeug").setLevel(logging.WARNING)
        app.run(host=host, port=port, debug=True)
    else:
        _serve(app, host, port, workers, threads, quiet)


def _library_line(app) -> str:
    """What there is to study: the starter article on a first start, or how many articles there are."""
    from quizapp import SEEDS_QUEUED

    if app.extensions.get(SEEDS_QUEUED):
        return (
            "Library: adding the starter article in the background (about a minute); the Articles page "
            "shows its progress."
        )
    from sqlmodel import Session, func, select

    from quizapp.models import Article

    with Session(app.extensions["quizapp.engine"]) as session:
        count = session.exec(select(func.count()).select_from(Article)).one()
    if not count:
        return "Library: no articles yet: add one on the Articles page, or with `quizapp ingest FILE`."
    return f"Library: {count:,} article{'' if count == 1 else 's'}."


def _refuse_a_port_in_use(host: str, port: int) -> None:
    """Stop with a clear message when something already listens on host:port. granian's workers listen with
    SO_REUSEPORT, so a second server on a port in use would start too and the kernel would hand each
    connection to one or the other, each on its own database. A probe bound without that option fails
    where anything listens."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise click.ClickException(f"cannot listen on {host}: {error.strerror}") from None
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            # a port left in TIME_WAIT by a server that has stopped is free to use
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise click.ClickException(
                        f"port {port} is in use on {host}: QuizApp or another program is already listening "
                        "there. Stop it, or choose another port with --port."
                    ) from None
                raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None


def _serve(app, host: str, port: int, workers: int, threads: int, quiet: bool = False) -> None:
    """granian: HTTP is parsed and connections are kept alive in Rust, and each worker process forked from
    this one runs the app already built here in `threads` Python threads. Python runs one thread at a time
    per process, so processes, not threads, are what use more than one core."""
    import multiprocessing
    import multiprocessing.util

    from granian import Granian
    from granian.constants import Interfaces

    from quizapp import article_jobs

    server_pid = os.getpid()

    def forked_app(_target: str):
        _die_with(server_pid)
        # In the worker: connections must not cross a fork, so drop the parent's from the pool (leaving them
        # open for the parent) and let this process open its own.
        app.extensions["quizapp.engine"].dispose(close=False)
        # Ctrl-C in a terminal reaches every process of the group. A worker that gets it and then its
        # server's own stop signal can hang in granian's signal handling, so workers leave Ctrl-C to the
        # server, which stops them (this thread's mask passes to the threads the worker starts).
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        # Each worker makes submitted articles (and picks up what a stopped server left) from the start.
        if (runner := app.extensions.get(article_jobs.RUNNER_KEY)) is not None:
            runner.start()
            # A worker is a multiprocessing child: it ends without atexit handlers, but runs
            # multiprocessing's exit finalizers. Stop the runner there: its niced child is killed and the
            # job in progress goes back to the queue for the next start.
            multiprocessing.util.Finalize(None, runner.stop, exitpriority=10)
        return app

    multiprocessing.set_start_method("fork", force=True)  # the workers inherit `app`, not rebuild it
    server = Granian(
        "quizapp",  # a label here: forked_app hands over the app
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        # granian's backpressure caps the connections a worker holds open, not the requests it runs: by
        # default 1,024 a server, shared by its workers. Every browser of a class keeps its connection open
        # between clicks, so past that many a click waited, up to a minute, for another browser's to close.
        backpressure=CONNECTIONS_PER_WORKER,
        websockets=False,
        # A worker still busy (or stuck) this long after the server was told to stop is killed; its
        # unfinished transaction is rolled back by the database.
        workers_kill_timeout=STOP_WITHIN_SECONDS,
        # A worker that dies (the OOM killer, kill -9, a crash in an extension) is started again; without
        # this granian stops the whole server, and every learner with it. (Dying again within 5.5 s of its
        # restart is a crash loop, which still stops it.)
        respawn_failed_workers=True,
        log_access=not quiet,
        log_access_format=ACCESS_LOG,
    )
    server.serve(target_loader=forked_app)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def _die_with(server_pid: int) -> None:
    """Make this worker be killed when the server's main process dies (kill -9, the OOM killer): left alive,
    it would go on serving on its own, unsupervised and holding the port a restarted server needs. Linux
    only (prctl); elsewhere a worker outlives a killed server as before."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return
    if os.getppid() != server_pid:  # the server died before the line above: nothing will signal us
        os._exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def ingest(paths: tuple[Path, ...]) -> None:
    """Add articles from files (.txt, .md, .html) or folders of them.

    Ingesting an article that is already stored changes nothing. A file that cannot be read or has nothing
    to ask about is reported on one line and the others still go in. Exits 1 if any file failed.
    """
    from sqlmodel import Session

    from quizapp import config, create_app
    from quizapp.db import get_engine
    from quizapp.generator import generate as generate_items
    from quizapp.ingest import IngestError, expand, ingest_paths
    from quizapp.worker_process import WorkerProcess

    app = create_app({"SEED_ON_START": False, "RUN_ARTICLE_JOBS": False})
    files = expand(paths)
    if not files:
        raise click.UsageError("no article files (.txt, .md, .html) found in the paths given")
    added = same = failed = 0
    # The generator runs in a child at the priority a server gives its own article jobs: a bulk ingest
    # beside a running server must not take the CPU its pages need (on an idle machine it is as fast).
    worker = WorkerProcess(env=config.generator_env(app.config))

    def generate(raw, fmt, pool):
        return worker.call(generate_items, raw, fmt=fmt, distractor_pool=pool)

    with app.app_context(), Session(get_engine()) as session, _stopping(worker):
        results = ingest_paths(session, files, app.config["MAX_ARTICLE_CHARS"], generate)
        with click.progressbar(
            results, length=len(files), label="Ingesting", file=sys.stderr, hidden=len(files) < PROGRESS_FROM
        ) as bar:
            for path, result in bar:
                if isinstance(result, IngestError):
                    failed += 1
                    click.echo(f"error: {path}: {result}", err=True)
                elif result.created:
                    added += 1
                    if len(files) < PROGRESS_FROM:
                        click.echo(f"added: {result.article.title} ({result.items_added} items)")
                else:
                    same += 1
    click.echo(f"{added} added, {same} already stored, {failed} failed")
    if failed:
        sys.exit(1)


@contextmanager
def _stopping(worker):
    try:
        yield worker
    finally:
        worker.stop()


# The format a file name's ending says, for `quizapp export` without --format (the first that fits).
FORMAT_OF_ENDING = [
    (".apkg", "apkg"),
    (".gift.txt", "gift"),
    (".gift", "gift"),
    (".tsv", "tsv"),
    (".txt", "tsv"),
    (".csv", "csv"),
    (".zip", "qti"),
]


@main.command("export")
@click.argument("article")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["apkg", "tsv", "csv", "gift", "qti"]),
    help="apkg: Anki package; tsv: Anki notes as text; csv: spreadsheet; gift: Moodle; qti: QTI 1.2 zip "
    "(Canvas). Without it, the output file's name says (.apkg, .tsv or .txt, .csv, .gift, .zip).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="The file to write (replaced if it exists), '-' for standard output. Without it, a file named "
    "after the article in this folder, which must not exist yet.",
)
def export_command(article: str, format_name: str | None, output: Path | None) -> None:
    """Write the active questions of ARTICLE (its number, as in its page's address) or of `all` articles
    to a file for Anki, a spreadsheet, Moodle or Canvas. Reads the database only."""
    from sqlmodel import Session

    from quizapp import create_app, exports
    from quizapp.db import get_engine
    from quizapp.web.common import parse_id

    article_id = None if article == "all" else parse_id(article)
    if article != "all" and article_id is None:
        raise click.BadParameter(f"{article!r} is not an article's number, nor 'all'.", param_hint="ARTICLE")
    if format_name is None:
        name = output.name.lower() if output else ""
        format_name = next((fmt for ending, fmt in FORMAT_OF_ENDING if name.endswith(ending)), None)
        if format_name is None:
            raise click.UsageError("say which format with --format (apkg, tsv, csv, gift or qti)")
    app = create_app({"SEED_ON_START": False, "RUN_ARTICLE_JOBS": False})
    with app.app_context(), Session(get_engine()) as session:
        try:
            made = exports.export(session, article_id, format_name)
        except exports.ExportError as error:
            raise click.ClickException(str(error)) from None
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(made.data)
        sys.stdout.buffer.flush()
        return
    target = output or Path(made.filename)
    if output is None and target.exists():
        raise click.ClickException(f"{target} already exists: name the file to write with -o.")
    try:
        target.write_bytes(made.data)
    except OSError as error:
        raise click.ClickException(f"cannot write {target}: {error.strerror or error}") from None
    plural = "" if made.questions == 1 else "s"
    click.echo(f"exported {made.questions} question{plural} to {target} ({format_name})")


@main.command("exam")
@click.argument("article")
@click.argument("day", required=False)
@click.option("--clear", is_flag=True, help="Forget the exam date: the everyday schedule again.")
@click.option("--learner", "learner_name", help="Whose exam, with accounts on (default: the first learner).")
def exam_command(article: str, day: str | None, clear: bool, learner_name: str | None) -> None:
    """Set the exam date DAY (YYYY-MM-DD, after today) for ARTICLE (its number, as in its page's address), or
    forget it with --clear. Until then its cards are scheduled to be remembered on the day."""
    from sqlmodel import Session, select

    from quizapp import create_app, exams
    from quizapp.db import get_engine
    from quizapp.models import Article, Learner
    from quizapp.scheduling import default_learner
    from quizapp.web.common import parse_id

    article_id = parse_id(article)
    if article_id is None:
        raise click.BadParameter(f"{article!r} is not an article's number.", param_hint="ARTICLE")
    if clear == (day is not None):
        raise click.UsageError("give either DAY or --clear")
    app = create_app({"SEED_ON_START": False, "RUN_ARTICLE_JOBS": False})
    with app.app_context(), Session(get_engine()) as session:
        if session.get(Article, article_id) is None:
            raise click.ClickException(f"there is no article {article_id}")
        if learner_name is None:
            learner = default_learner(session)
        else:
            learner = session.exec(select(Learner).where(Learner.name == learner_name)).first()
            if learner is None:
                raise click.ClickException(f"there is no learner {learner_name!r}")
        if clear:
            done = exams.clear_exam(session, learner.id, article_id)
            message = "exam date cleared" if done else "no exam date was set"
        else:
            try:
                message = f"exam date set: {exams.set_exam(session, learner.id, article_id, day).exam_on}"
            except exams.ExamError as error:
                raise click.ClickException(str(error)) from None
        name = learner.name
        session.commit()
    click.echo(f"{message} (article {article_id}, {name})")


main.add_command(cli_questions.import_questions)
main.add_command(cli_questions.delete_article)


@main.group()
def learners() -> None:
    """Learner accounts, for a class sharing one server (QUIZAPP_ACCOUNTS=true)."""


def _password_prompt() -> tuple[str, str]:
    password = click.prompt("Password", hide_input=True)
    return password, click.prompt("Password again", hide_input=True)


def _on_database(action) -> None:
    """Print what `action(session)` returns, on the app's database, and commit what it did (the command's one
    transaction); an AccountError is a one-line error and exit status 1, with nothing changed."""
    from sqlmodel import Session

    from quizapp import create_app
    from quizapp.accounts import AccountError
    from quizapp.db import get_engine

    app = create_app({"SEED_ON_START": False})
    with app.app_context(), Session(get_engine()) as session:
        try:
            result = action(session)
            session.commit()
            click.echo(result)
        except AccountError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)


@learners.command("add")
@click.argument("name")
@click.option("--teacher", is_flag=True, help="May add the class's articles and edit their questions.")
def learners_add(name: str, teacher: bool) -> None:
    """Make an account for NAME (the password is asked for, twice), with a card for every item."""
    from quizapp.accounts import create_account

    password, again = _password_prompt()

    def add(session) -> str:
        learner = create_account(session, name, password, again, teacher=teacher)
        return f"added: {learner.name}" + (" (teacher)" if learner.teacher else "")

    _on_database(add)


@learners.command("teacher")
@click.argument("name")
@click.option("--no", "not_teacher", is_flag=True, help="Make NAME a learner who only studies again.")
def learners_teacher(name: str, not_teacher: bool) -> None:
    """Let NAME add the class's articles and edit, suspend or flag their questions (or, with --no, not)."""
    from quizapp.accounts import set_teacher

    def change(session) -> str:
        learner = set_teacher(session, name, not not_teacher)
        return f"{learner.name}: {'teacher' if learner.teacher else 'not a teacher'}"

    _on_database(change)


@learners.command("password")
@click.argument("name")
def learners_password(name: str) -> None:
    """Set NAME's password: a forgotten one, or the local learner's ('me') when a personal install gets
    accounts, so its history carries on."""
    from quizapp.accounts import set_password

    password, again = _password_prompt()
    _on_database(lambda session: f"password set: {set_password(session, name, password, again).name}")


@learners.command("list")
def learners_list() -> None:
    """Every learner, with when they joined, whether they are a teacher and whether they can sign in."""
    from sqlmodel import col, select

    from quizapp.models import Learner

    def listing(session) -> str:
        rows = session.exec(select(Learner).order_by(col(Learner.name))).all()
        lines = [
            f"{learner.name}\tjoined {learner.created_at:%Y-%m-%d}"
            + ("\tteacher" if learner.teacher else "")
            + ("" if learner.password_hash else "\tno password (cannot sign in)")
            for learner in rows
        ]
        return "\n".join(lines) or "no learners yet"

    _on_database(listing)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of items.")
@click.option("--explain", is_flag=True, help="Also list the questions struck out, each with its reason.")
def generate(paths: tuple[Path, ...], as_json: bool, explain: bool) -> None:
    """Print the quiz items generated from articles, without touching any database."""
    from quizapp.generator import generate as generate_items
    from quizapp.sources import IngestError, expand, read_path

    sources: list[tuple[Path, str, str]] = []
    failed = False
    for path in expand(paths):
        try:
            raw, fmt = read_path(path)
        except IngestError as error:
            click.echo(f"error: {error}", err=True)
            failed = True
            continue
        sources.append((path, raw, fmt))

    records, dropped = [], []
    for path, raw, fmt in sources:
        generation = generate_items(raw, fmt=fmt)
        if not generation.items and generation.reason:
            click.echo(f"{path}: {generation.reason}", err=True)
        title = generation.title or path.stem
        for item in generation.items:
            records.append(item.to_dict() | {"article": title, "source": str(path)})
        if explain:
            dropped += [asdict(d) | {"article": title, "source": str(path)} for d in generation.dropped]

    if as_json:
        click.echo(json.dumps({"items": records, "dropped": dropped} if explain else records, **JSON_STYLE))
    else:
        _print_listing(records, dropped)
    if failed:
        sys.exit(1)


JSON_STYLE = {"ensure_ascii": False, "indent": 2}


def _print_listing(records: list[dict], dropped: list[dict]) -> None:
    """Items grouped by article, then by type, each with its score and why it was kept; then what was struck
    out (with --explain)."""
    by_article: dict[str, dict[str, list[dict]]] = {}
    for record in [*records, *dropped]:
        by_article.setdefault(record["article"], {})
    for record in records:
        by_article[record["article"]].setdefault(record["type"], []).append(record)
    for article, by_type in by_article.items():
        click.secho(article, bold=True)
        for item_type, items in by_type.items():
            click.secho(f"\n  {item_type.replace('_', ' ')} ({len(items)})", fg="cyan")
            for number, item in enumerate(items, 1):
                click.echo(f"  {number:>3}. {item['question']}")
                click.echo(f"       answer: {item['answer']}")
                wrong = [choice for choice in item["choices"] if choice != item["answer"]]
                shown = f"wrong choices: {'; '.join(wrong)}" if wrong else "typed answer only"
                click.echo(f"       {shown}")
                click.echo(f"       kept: score {item['score']:.2f} ({item['why']})")
        struck = [d for d in dropped if d["article"] == article]
        if struck:
            click.secho(f"\n  struck out ({len(struck)})", fg="yellow")
            for record in struck:
                click.echo(f"     - {record['question']}  [{record['answer']}]")
                click.echo(f"       why: {record['reason']}")
        click.echo()
