"""Crash test: the real server (`quizapp run`) killed with SIGKILL while learners grade flashcards and answer
quizzes, restarted, and the database checked against every write it acknowledged (see tests/crashing.py):
nothing lost, nothing counted twice (acknowledged POSTs are sent again after each restart, as a browser retry
would), counters and tallies in line with the rows, the Scores page too, and SQLite's integrity check ok.
benchmarks/crash.py does the same with many more kills."""

import pytest

from tests.crashing import crash_run, prepare_database
from tests.helpers.databases import BACKENDS, fresh_postgres

# Each run ends with one more crash of the whole server (kill -9 of its process group), for the undo.
CASES = [
    # One worker: a crash, then its one worker killed (granian starts another).
    pytest.param("sqlite", 1, ["all", "worker"], id="sqlite-1-worker"),
    # Two workers: the main process alone killed (its workers must go with it), then one worker killed (the
    # other answers meanwhile).
    pytest.param("sqlite", 2, ["main", "worker"], id="sqlite-2-workers"),
]
if "postgresql" in BACKENDS:
    CASES.append(pytest.param("postgresql", 2, ["main", "worker"], id="postgresql-2-workers"))


@pytest.mark.parametrize(("backend", "workers", "kills"), CASES)
def test_kill_9_loses_no_acknowledged_write_and_counts_none_twice(backend, workers, kills, tmp_path):
    url = fresh_postgres() if backend == "postgresql" else f"sqlite:///{tmp_path / 'crash.sqlite'}"
    prepare_database(url)
    run = crash_run(url, tmp_path, workers=workers, kills=kills, learners=3, writes_between=(20, 40))
    figures = run.figures()
    print(figures)
    # Enough happened to mean something: writes of each kind acknowledged on both sides of the kills.
    assert figures["acknowledged_grades"] >= 10 and figures["acknowledged_quiz_answers"] >= 10, figures
    restarts = len([kind for kind in kills if kind != "worker"])
    assert figures["acknowledged_posts_resent"] >= 3 * restarts, figures  # each learner resent one at least
    findings = [*run.after_kills, run.findings]
    assert [found.lost for found in findings if found.lost] == []
    assert [found.duplicates for found in findings if found.duplicates] == []
    assert [found.drift for found in findings if found.drift] == []
    assert figures["acknowledged_posts_resent_taken_again"] == 0
    assert figures["undos_resent_taken_again"] == 0  # a retried Undo undid an earlier grade
    assert figures["integrity_check"] == (["n/a"] if backend == "postgresql" else ["ok"])
    assert figures["foreign_key_errors"] == 0
    # A killed worker is replaced and the server answers on; a killed main process takes its workers along.
    assert figures["worker_kills_survived"] == kills.count("worker"), figures
    assert figures["orphaned_workers"] == 0, figures
