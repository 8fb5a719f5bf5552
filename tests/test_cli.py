"""The `quizapp` command line."""

import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import Session, create_engine, func, select

from quizapp import cli, paths
from quizapp.cli import main
from quizapp.db import get_engine
from quizapp.generator.cloze import PROMPT as CLOZE_PROMPT
from quizapp.models import Article
from tests.helpers.databases import get_engine_of
from tests.helpers.server import quizapp_running
from tests.helpers.stock import SEED_ARTICLE
from tests.helpers.web import token_from

STOPS_WITHIN = 5  # seconds; `quizapp run` kills a worker that has not stopped after 10


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    return tmp_path


def articles_in(tmp_path) -> int:
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite'}")
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def test_help_documents_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "ingest", "generate", "learners"):
        assert command in result.output
    for command, option in (("run", "--port"), ("ingest", "PATHS"), ("generate", "--json")):
        assert option in CliRunner().invoke(main, [command, "--help"]).output


def test_ingest_reports_bad_files_and_still_ingests_the_rest(env):
    folder = env / "articles"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / "good.txt")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "empty.md").write_text("   ")
    result = CliRunner().invoke(main, ["ingest", str(folder), str(env / "missing.txt")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("binary.txt" in line and "binary" in line for line in errors)
    assert any("empty.md" in line and "empty" in line for line in errors)
    assert any("missing.txt" in line and "cannot be read" in line for line in errors)
    assert "1 added, 0 already stored, 3 failed" in result.stdout
    assert articles_in(env) == 1

    again = CliRunner().invoke(main, ["ingest", str(folder / "good.txt")])
    assert again.exit_code == 0 and "0 added, 1 already stored" in again.stdout
    assert articles_in(env) == 1


def test_generate_json_prints_items_without_touching_a_database(env):
    result = CliRunner().invoke(main, ["generate", str(SEED_ARTICLE), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert len(items) >= 10
    for item in items:
        assert {"type", "question", "answer", "accepted", "choices", "sentence", "article"} <= item.keys()
        assert not item["choices"] or item["answer"] in item["choices"]  # no choices: asked typed
        assert item["question"].endswith("?") or item["question"].startswith(CLOZE_PROMPT)
        assert 0 <= item["score"] <= 1 and item["why"]
    assert not (env / "cli.sqlite").exists()


def test_generate_explain_lists_what_was_struck_out_and_why(env):
    result = CliRunner().invoke(main, ["generate", str(SEED_ARTICLE), "--explain"])
    assert result.exit_code == 0, result.output
    assert "kept: score" in result.stdout and "struck out (" in result.stdout
    assert "why: its answer is asked 2 times already" in result.stdout
    listed = json.loads(
        CliRunner().invoke(main, ["generate", str(SEED_ARTICLE), "--json", "--explain"]).stdout
    )
    assert listed["items"] and listed["dropped"]
    assert all(d["reason"] and d["question"] for d in listed["dropped"])
    kept = {i["question"] for i in listed["items"]}
    assert not kept & {d["question"] for d in listed["dropped"]}


def test_generate_listing_groups_items_by_type(env):
    result = CliRunner().invoke(main, ["generate", str(SEED_ARTICLE)])
    assert result.exit_code == 0
    assert "answer:" in result.stdout
    assert any(line.strip().startswith(("who (", "when (")) for line in result.stdout.splitlines())


def test_run_serves_a_fresh_install_and_stops_on_ctrl_c(tmp_path):
    """The README's `quizapp run`: on first start it makes the database and answers at once while the seed
    article is made in the background (the Articles page says so), then serves flashcards from it over
    HTTP until interrupted."""
    env = os.environ | {"QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("QUIZAPP_DATABASE_URL", None)
    with quizapp_running([], env, tmp_path / "server.log") as (base, server):
        # Making the seed article loads the spaCy model in a child process: the server does not wait for it.
        with urllib.request.urlopen(base + "/articles", timeout=30) as response:
            assert "Being added:" in response.read().decode()
        deadline = time.monotonic() + 120
        while True:
            with urllib.request.urlopen(base + "/review", timeout=30) as response:
                if "Show answer" in response.read().decode():
                    break
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.5)
        engine = create_engine(f"sqlite:///{tmp_path / 'instance' / 'quizapp.sqlite'}")
        with Session(engine) as session:
            assert session.exec(select(func.count()).select_from(Article)).one() == 1
        engine.dispose()
    assert server.returncode == 0, (tmp_path / "server.log").read_text()
    # What a newcomer reads in the terminal: what is being added, how to stop, and each request on a line.
    log = (tmp_path / "server.log").read_text()
    assert "Library: adding the starter article in the background" in log
    assert "Press Ctrl-C to stop." in log
    assert re.search(r"\] GET /review 200 [\d.]+ ms$", log, re.MULTILINE), log


def test_run_quiet_logs_no_requests(tmp_path):
    env = os.environ | {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite'}",
        "QUIZAPP_SEED_ON_START": "false",
    }
    with quizapp_running(["--quiet"], env, tmp_path / "server.log") as (base, _):
        urllib.request.urlopen(base + "/review", timeout=30).close()
    log = (tmp_path / "server.log").read_text()
    assert "Library: no articles yet" in log and "Press Ctrl-C to stop." in log
    assert "GET /" not in log, log


def test_debug_serves_through_the_reloader(tmp_path):
    """--debug's reloader opens the port and hands it to the process it restarts, which must serve on it
    rather than find its own port in use."""
    env = os.environ | {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite'}",
        "QUIZAPP_SEED_ON_START": "false",
    }
    with quizapp_running(["--debug"], env, tmp_path / "server.log") as (base, server):
        urllib.request.urlopen(base + "/review", timeout=30).close()
        os.killpg(server.pid, signal.SIGINT)  # the reloader and the process it started, as Ctrl-C does
    assert "in use" not in (tmp_path / "server.log").read_text()


def test_ctrl_c_stops_the_workers_at_once(tmp_path):
    """Ctrl-C in a terminal signals the server and its workers together, and an impatient learner presses it
    twice: the server still stops within seconds (a worker signalled both by the terminal and by its server
    could hang in granian until killed)."""
    env = os.environ | {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite'}",
        "QUIZAPP_SEED_ON_START": "false",
    }
    for attempt in range(3):  # the hang was a race: about one stop in three
        with quizapp_running(["--workers", "2"], env, tmp_path / "server.log") as (base, server):
            urllib.request.urlopen(base + "/review", timeout=30).close()
            os.killpg(server.pid, signal.SIGINT)  # the whole group, as a terminal's Ctrl-C
            os.killpg(server.pid, signal.SIGINT)
            started = time.monotonic()
            try:
                server.wait(timeout=STOPS_WITHIN)
            except subprocess.TimeoutExpired:
                pytest.fail(f"still running {STOPS_WITHIN} s after Ctrl-C (attempt {attempt + 1})")
        assert time.monotonic() - started < STOPS_WITHIN
        assert "Killing worker" not in (tmp_path / "server.log").read_text()


def _descendants(pid: int) -> list[int]:
    """The processes below `pid` (its workers and their generator children), from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def test_a_server_stopped_mid_article_gives_the_job_back_and_leaves_no_process(tmp_path):
    """A job waiting when the server starts is taken up at once; Ctrl-C while it is being made kills the
    generator's child process and puts the job back in the queue, not counted as a try."""
    from quizapp import create_app
    from quizapp.models import ArticleJob

    url = f"sqlite:///{tmp_path / 'run.sqlite'}"
    env = os.environ | {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_DATABASE_URL": url,
        "QUIZAPP_SEED_ON_START": "false",
    }
    create_app({"DATABASE_URL": url, "SEED_ON_START": False, "RUN_ARTICLE_JOBS": False, "SECRET_KEY": "x"})
    engine = create_engine(url)
    long_text = "\n\n".join([SEED_ARTICLE.read_text()] * 25)  # some 100,000 characters: seconds of work
    with Session(engine) as session:
        session.add(ArticleJob(text=long_text, content_hash="long"))
        session.commit()

    def job() -> ArticleJob:
        with Session(engine) as session:
            return session.exec(select(ArticleJob)).one()

    with quizapp_running([], env, tmp_path / "server.log") as (base, server):
        deadline = time.monotonic() + 60
        while job().status != "running":
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.1)
        # The job is claimed a moment before its generator child is started: wait for both processes.
        while len(below := _descendants(server.pid)) < 2:  # the worker and its generator child
            assert time.monotonic() < deadline, f"{below}: {(tmp_path / 'server.log').read_text()}"
            time.sleep(0.05)
        assert job().status == "running"
        server.send_signal(signal.SIGINT)
        server.wait(timeout=STOPS_WITHIN)
    stopped = job()
    assert (stopped.status, stopped.attempts, stopped.claim) == ("pending", 0, None)
    # Gone within half a second: looked for until then rather than after sleeping it out.
    deadline = time.monotonic() + 0.5
    while (alive := [pid for pid in below if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not alive, "a process outlived the server"
    engine.dispose()


def test_learners_add_password_and_list(env):
    runner = CliRunner()
    added = runner.invoke(main, ["learners", "add", "Alice"], input="correct horse\ncorrect horse\n")
    assert added.exit_code == 0 and "added: Alice" in added.output
    taken = runner.invoke(main, ["learners", "add", "alice"], input="correct horse\ncorrect horse\n")
    assert taken.exit_code == 1 and "is taken" in taken.output
    short = runner.invoke(main, ["learners", "add", "Bob"], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output

    listing = runner.invoke(main, ["learners", "list"]).output
    # "me" is the personal install's learner, made on first start; it has no password yet.
    assert "Alice\tjoined" in listing and "me\tjoined" in listing and "no password" in listing
    assert "Bob" not in listing
    changed = runner.invoke(main, ["learners", "password", "me"], input="new secret\nnew secret\n")
    assert changed.exit_code == 0 and "password set: me" in changed.output
    assert "no password" not in runner.invoke(main, ["learners", "list"]).output
    missing = runner.invoke(main, ["learners", "password", "Nobody"], input="new secret\nnew secret\n")
    assert missing.exit_code == 1 and "no learner called 'Nobody'" in missing.output

    # Teachers add the class's articles: made so by --teacher or `learners teacher`, undone by --no.
    tess = runner.invoke(
        main, ["learners", "add", "Tess", "--teacher"], input="correct horse\ncorrect horse\n"
    )
    assert tess.exit_code == 0 and "added: Tess (teacher)" in tess.output
    assert "Alice: teacher" in runner.invoke(main, ["learners", "teacher", "alice"]).output
    assert "Tess: not a teacher" in runner.invoke(main, ["learners", "teacher", "Tess", "--no"]).output
    listing = runner.invoke(main, ["learners", "list"]).output
    assert "Alice\tjoined" in listing and re.search(r"Alice\tjoined [\d-]+\tteacher", listing)
    assert re.search(r"Tess\tjoined [\d-]+\n", listing) and re.search(r"me\tjoined [\d-]+\tteacher", listing)
    nobody = runner.invoke(main, ["learners", "teacher", "Nobody"])
    assert nobody.exit_code == 1 and "no learner called 'Nobody'" in nobody.output

    # The password set here is the one the web app takes.
    from quizapp import create_app

    app = create_app({"ACCOUNTS": True, "SEED_ON_START": False, "TESTING": True})
    client = app.test_client()
    token = token_from(client.get("/account/signin").get_data(as_text=True))
    form = {"name": "me", "password": "new secret", "csrf_token": token}
    assert client.post("/account/signin", data=form).headers["Location"] == "/"


def test_a_second_server_on_a_port_in_use_refuses_to_start(tmp_path):
    """granian's workers listen with SO_REUSEPORT: a second `quizapp run` on the same port used to start too,
    and the two servers (each on its own database) took turns answering. The second must stop at once."""
    env = os.environ | {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'first.sqlite'}",
        "QUIZAPP_SEED_ON_START": "false",
    }
    with quizapp_running([], env, tmp_path / "first.log") as (base, _server):
        port = base.rsplit(":", 1)[1]
        second_env = env | {"QUIZAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'second.sqlite'}"}
        quizapp = os.path.join(os.path.dirname(sys.executable), "quizapp")
        second = subprocess.Popen(
            [quizapp, "run", "--port", port],
            env=second_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its workers too are stopped below if it did start
        )
        try:
            _, stderr = second.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()
            pytest.fail("a second server on a port in use was still running after 30 s")
        assert second.returncode != 0
        assert f"port {port} is in use" in stderr
        assert "Traceback" not in stderr
        assert not (tmp_path / "second.sqlite").exists()  # it stopped before touching its database
        for _ in range(4):  # every request still reaches the first server
            with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
                assert response.status == 200


@pytest.fixture
def fresh_user(tmp_path, monkeypatch):
    """A user with no QUIZAPP_* settings, a home and user data folder of their own, and the places older
    versions kept data in (inside .venv, a checkout's instance/) in a temporary folder too. `quizapp run`
    goes as far as its start-up line and does not serve."""
    for name in ("QUIZAPP_INSTANCE_PATH", "QUIZAPP_DATABASE_URL", "QUIZAPP_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUIZAPP_SEED_ON_START", "false")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    old_places = [tmp_path / ".venv" / "var" / "quizapp-instance", tmp_path / "checkout" / "instance"]
    monkeypatch.setattr(paths, "old_data_folders", lambda: old_places)
    monkeypatch.setattr(cli, "_serve", lambda *args: None)
    return old_places


def started(*options: str) -> list[str]:
    result = CliRunner().invoke(main, ["run", "--port", "0", *options])
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if line.startswith("Data: ")]


def test_data_lives_in_the_user_data_folder_and_start_up_says_so(tmp_path, fresh_user):
    """Not inside .venv, which the usual fix for a broken environment deletes."""
    user_data = tmp_path / "home" / ".local" / "share" / "quizapp"
    lines = started()
    assert (user_data / "quizapp.sqlite").exists() and (user_data / "secret_key").exists()
    assert not any(place.exists() for place in fresh_user)
    assert lines == [f"Data: {user_data}"]


def test_an_older_install_keeps_its_data_where_it_is_and_says_so(tmp_path, fresh_user, monkeypatch):
    old = fresh_user[0]
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(old))  # the older install, with an article and a key
    from quizapp import create_app

    app = create_app({"SEED_ON_START": False})
    with app.app_context(), Session(get_engine()) as session:
        session.add(Article(title="Kept", text="x", content_hash="kept"))
        session.commit()
    key = app.config["SECRET_KEY"]
    get_engine_of(app).dispose()
    monkeypatch.delenv("QUIZAPP_INSTANCE_PATH")

    user_data = tmp_path / "home" / ".local" / "share" / "quizapp"
    [line] = started()
    assert (
        line.startswith(f"Data: {old} (where older versions kept it")
        and f"move this folder to {user_data}" in line
    )
    app = create_app({"SEED_ON_START": False})
    assert app.config["SECRET_KEY"] == key  # signed-in learners stay signed in
    with app.app_context(), Session(get_engine()) as session:
        assert [a.title for a in session.exec(select(Article))] == ["Kept"]
    get_engine_of(app).dispose()
    assert not user_data.exists()

    # moved as the line says: found in the new place from then on
    user_data.parent.mkdir(parents=True)
    shutil.move(old, user_data)
    assert started() == [f"Data: {user_data}"]


def test_start_up_says_how_many_articles_the_library_has(tmp_path, fresh_user):
    def library_line() -> str:
        result = CliRunner().invoke(main, ["run", "--port", "0"])
        assert result.exit_code == 0, result.output
        return next(line for line in result.output.splitlines() if line.startswith("Library: "))

    assert library_line().startswith("Library: no articles yet: add one on the Articles page")
    from quizapp import create_app

    app = create_app({"SEED_ON_START": False})
    with app.app_context(), Session(get_engine()) as session:
        session.add_all(Article(title=f"Story {n}", text="x", content_hash=f"s{n}") for n in range(3))
        session.commit()
    get_engine_of(app).dispose()
    assert library_line() == "Library: 3 articles."


def test_quizapp_instance_path_still_decides(tmp_path, fresh_user, monkeypatch):
    fresh_user[1].mkdir(parents=True)
    (fresh_user[1] / "secret_key").write_text("old")
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "mine"))
    assert started() == [f"Data: {tmp_path / 'mine'} (QUIZAPP_INSTANCE_PATH)"]
    assert (tmp_path / "mine" / "quizapp.sqlite").exists()


def test_a_class_holding_more_than_1024_connections_open_still_gets_answers(tmp_path):
    """Every browser of a class keeps its connection open between clicks (HTTP keep-alive). granian holds
    at most `backpressure` connections a worker, 1,024 a server by default, and leaves any more unanswered
    until one closes: with 2,000 learners on `--workers 2`, the first click of a step waited up to a minute
    (benchmarks/open_loop.py). `quizapp run` now holds as many as it may open files."""
    held_open = 1100
    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 2 * held_open + 200:
        pytest.skip("this machine allows too few open files for the test")
    env = os.environ | {
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUIZAPP_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite'}",
        "QUIZAPP_SEED_ON_START": "false",
    }
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # this test's own end of the connections
    browsers = []
    try:
        with quizapp_running([], env, tmp_path / "server.log") as (base, _server):
            port = int(base.rsplit(":", 1)[1])
            for _ in range(held_open):  # each asks for a page and keeps its connection
                browser = socket.create_connection(("127.0.0.1", port), timeout=5)
                browser.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                browsers.append(browser)
            assert browsers[-1].recv(100).startswith(b"HTTP/1.1 200")  # the last browser got its page
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # and so does a new one
                assert response.read() == b"ok"
    finally:
        for browser in browsers:
            browser.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_generate_loads_no_web_or_database_library(tmp_path):
    """`quizapp generate` touches no database: Flask, SQLAlchemy and alembic would only slow its start-up
    (a second of it; benchmarks/cli_startup.py)."""
    article = tmp_path / "one.txt"
    article.write_text("Mara Lindqvist won the Nordic marathon in Oslo on March 3, 2024.\n")
    code = (
        "import sys; from quizapp.cli import main\n"
        "try: main(['generate', sys.argv[1]])\n"
        "except SystemExit: pass\n"
        "print(sorted({'flask', 'sqlalchemy', 'sqlmodel', 'alembic'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True)
    assert "When did Mara Lindqvist win" in result.stdout, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
