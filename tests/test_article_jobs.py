"""The article job queue across server processes: one runner per job, a killed runner's job taken up again,
and the real runner (the generator in a niced child process) making an article from a submitted text."""

import os
import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from quizapp import article_jobs
from quizapp.models import Article, ArticleJob, JobStatus, utcnow
from quizapp.worker_process import NICENESS, WorkerCrashed, WorkerProcess
from tests.helpers.databases import get_engine_of
from tests.helpers.stock import SEED_ARTICLE


def add_jobs(session, count: int) -> list[int]:
    jobs = [ArticleJob(text=f"Story {n}\nIt happened.", content_hash=f"h{n}") for n in range(count)]
    session.add_all(jobs)
    session.commit()
    return [job.id for job in jobs]


def test_two_runners_never_claim_the_same_job(app, session):
    """Four runners (as four server processes would) claim twelve jobs at once: each job once."""
    ids = add_jobs(session, 12)
    engine = get_engine_of(app)
    claimed: list[int] = []
    start = threading.Barrier(4)

    def runner():
        start.wait()
        while (job := article_jobs.claim_next(engine)) is not None:
            claimed.append(job.id)

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == ids
    session.expire_all()
    assert {job.status for job in session.exec(select(ArticleJob))} == {JobStatus.RUNNING}


def test_a_job_whose_runner_was_killed_is_taken_up_again(app, session, run_jobs):
    """A server killed mid-article leaves its job 'running'; once its heartbeat is older than the lease the
    next runner makes it (and not before: a live runner renews it)."""
    [job_id] = add_jobs(session, 1)
    engine = get_engine_of(app)
    killed = article_jobs.claim_next(engine)
    assert killed.id == job_id and article_jobs.claim_next(engine) is None  # still held
    job = session.get(ArticleJob, job_id)
    job.heartbeat_at = utcnow() - timedelta(seconds=article_jobs.LEASE_SECONDS + 1)
    session.add(job)
    session.commit()
    assert run_jobs() == 1
    session.expire_all()
    job = session.get(ArticleJob, job_id)
    assert job.attempts == 2 and job.status in (JobStatus.DONE, JobStatus.FAILED) and job.finished_at


def test_a_job_that_keeps_killing_its_runner_fails_with_a_reason(app, session, run_jobs):
    [job_id] = add_jobs(session, 1)
    job = session.get(ArticleJob, job_id)
    job.status, job.attempts = JobStatus.RUNNING, article_jobs.MAX_ATTEMPTS
    job.heartbeat_at = utcnow() - timedelta(minutes=5)
    session.add(job)
    session.commit()
    run_jobs()
    session.refresh(job)
    assert job.status == JobStatus.FAILED and "gave up" in job.error and job.text  # the text kept


def test_first_start_queues_the_starter_articles_once(app, session):
    engine = get_engine_of(app)
    assert article_jobs.queue_seeds(engine) == 1
    assert article_jobs.queue_seeds(engine) == 0
    [job] = session.exec(select(ArticleJob)).all()
    assert job.source == SEED_ARTICLE.name and job.status == JobStatus.PENDING


def test_a_call_in_the_child_runs_at_lower_priority_and_stop_ends_it_at_once():
    worker = WorkerProcess()
    try:
        child = worker.call(os.getpid)
        assert child != os.getpid()
        assert (
            worker.call(os.getpriority, os.PRIO_PROCESS, 0) == os.getpriority(os.PRIO_PROCESS, 0) + NICENESS
        )
        with pytest.raises(ValueError, match="invalid literal"):  # an error in the child reaches the caller
            worker.call(int, "x")
        threading.Timer(0.5, worker.stop).start()
        started = time.monotonic()
        with pytest.raises(WorkerCrashed):
            worker.call(time.sleep, 60)
        assert time.monotonic() - started < 10
    finally:
        worker.stop()


def test_the_runner_makes_the_article_in_its_child_process(app, session):
    """The server's own path: a runner thread, the real generator in the niced child."""
    pytest.importorskip("spacy")
    engine = get_engine_of(app)
    job = article_jobs.submit(session, text=SEED_ARTICLE.read_text(), source="seed.txt")
    runner = article_jobs.JobRunner(engine, app.config["MAX_ARTICLE_CHARS"])
    runner.start()
    try:
        runner.wake()
        with Session(engine) as fresh:
            done = finished(fresh, job.id)
            assert done.status == JobStatus.DONE, done.error
            article = fresh.get(Article, done.article_id)
            assert article.source == "seed.txt" and done.new_article and done.text is None
    finally:
        runner.stop()


def finished(session, job_id: int, within: float = 120) -> ArticleJob:
    """The job once it is done or failed."""
    deadline = time.monotonic() + within
    while session.get(ArticleJob, job_id).status not in (JobStatus.DONE, JobStatus.FAILED):
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.2)
        session.expire_all()
    return session.get(ArticleJob, job_id)


def test_the_spacy_model_given_to_create_app_is_the_one_the_generator_loads(database_url, monkeypatch):
    """The setting wins over the variable, in the generator's child process too; the variable is left as it
    was (create_app used to keep the variable when set, so the child loaded a model nobody asked for)."""
    pytest.importorskip("spacy")
    from quizapp import create_app
    from quizapp.config import DEFAULT_SPACY_MODEL

    monkeypatch.setenv("QUIZAPP_SPACY_MODEL", "no_such_pipeline")
    app = create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "test", "SEED_ON_START": False}
        | {"SPACY_MODEL": DEFAULT_SPACY_MODEL, "RUN_ARTICLE_JOBS": True}
    )
    runner = app.extensions[article_jobs.RUNNER_KEY]  # the server's own runner, as create_app made it
    engine = get_engine_of(app)
    with Session(engine) as session:
        job = article_jobs.submit(session, text=SEED_ARTICLE.read_text(), source="seed.txt")
    runner.start()
    try:
        runner.wake()
        with Session(engine) as fresh:
            done = finished(fresh, job.id)
            assert done.status == JobStatus.DONE, done.error
            assert fresh.get(Article, done.article_id).source == "seed.txt"
    finally:
        runner.stop()
        engine.dispose()
    assert os.environ["QUIZAPP_SPACY_MODEL"] == "no_such_pipeline"


def test_stopping_the_server_mid_article_gives_the_job_back(app, session, monkeypatch):
    """Ctrl-C while an article is being made: the job goes back to the queue, not counted as a try, and the
    next start makes it."""
    engine = get_engine_of(app)
    job = article_jobs.submit(session, text="Slow story\nIt takes a while.", source=None)
    started = threading.Event()

    class Slow(WorkerProcess):  # the child sleeps instead of generating, so the job is surely mid-way
        def call(self, function, *args, **kwargs):
            started.set()
            return super().call(time.sleep, 60, while_waiting=kwargs.get("while_waiting"))

    monkeypatch.setattr(article_jobs, "WorkerProcess", Slow)
    runner = article_jobs.JobRunner(engine, app.config["MAX_ARTICLE_CHARS"])
    runner.start()
    runner.wake()
    assert started.wait(30)
    runner.stop()
    session.expire_all()
    back = session.get(ArticleJob, job.id)
    assert (back.status, back.attempts, back.claim) == (JobStatus.PENDING, 0, None)
