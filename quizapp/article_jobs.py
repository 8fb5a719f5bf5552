"""Adding an article outside the request: the job queue (a table), and the runner each server process keeps.

An article near the size limit takes some 20 s of CPU to become questions. The add-article request only
stores what was submitted as an ArticleJob and answers with a page that follows the job; a runner thread in
every server process claims pending jobs one at a time and makes each an article, the generator itself
running in a niced child process (quizapp.worker_process), so the flashcard pages keep their CPU.

The queue lives in the database, so it works across several server processes and survives a restart:
a job is claimed by a conditional UPDATE (two runners never both get it), and the runner renews the job's
heartbeat while it works. A job whose heartbeat is older than LEASE_SECONDS belongs to a runner that was
killed: any runner claims it again, up to MAX_ATTEMPTS times.
"""

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import and_, delete, func, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp import ingest, paths
from quizapp.models import Article, ArticleJob, JobStatus, utcnow
from quizapp.worker_process import WorkerCrashed, WorkerProcess

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
LEASE_SECONDS = 30  # a running job's heartbeat older than this: its runner is gone
MAX_ATTEMPTS = 3
POLL_SECONDS = 2  # how often an idle runner looks for jobs other processes took in
KEEP_FINISHED = timedelta(days=30)
RUNNER_KEY = "quizapp.article_jobs"  # app.extensions: this app's JobRunner

GENERATOR_MISSING = "The question generator is not available right now, so no article was added."
INTERNAL_ERROR = (
    "QuizApp could not make questions from this text because of an internal error. Nothing was stored; "
    "your text is still here."
)
GAVE_UP = (
    "QuizApp stopped several times while making questions from this text, so it gave up. Nothing was "
    "stored; try a shorter part of it."
)

# call(function, *args, **kwargs): where slow work runs. Tests and scripts run it here; the runner passes
# the niced child's call.
Call = Callable[..., object]


def call_here(function, *args, **kwargs):
    return function(*args, **kwargs)


# ---------------------------------------------------------------- submitting


def submit(
    session: Session, *, text: str | None = None, url: str | None = None, fmt: str = "text", source=None
) -> Article | ArticleJob:
    """The job for this text or address, or the stored article when the text is already one. Submitting
    what is already waiting (a double click, a second tab) gives the job already made."""
    digest = ingest.content_hash(text) if text is not None else None
    if digest is not None and (article := ingest.stored_article(session, digest)) is not None:
        return article
    waiting = select(ArticleJob).where(col(ArticleJob.status).in_([JobStatus.PENDING, JobStatus.RUNNING]))
    same = (
        waiting.where(ArticleJob.content_hash == digest) if digest else waiting.where(ArticleJob.url == url)
    )
    if (job := session.exec(same.order_by(col(ArticleJob.id))).first()) is not None:
        return job
    job = ArticleJob(text=text, url=url, fmt=fmt, source=source, content_hash=digest)
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def queue_seeds(engine: Engine) -> int:
    """On first start (no article, no job yet), queue the starter articles; the runners ingest them while
    the server already answers. Returns how many were queued."""
    with Session(engine) as session:
        if session.exec(select(func.count()).select_from(Article)).one():
            return 0
        if session.exec(select(func.count()).select_from(ArticleJob)).one():
            return 0
        queued = 0
        for path in ingest.expand([paths.SEEDS]):
            try:
                raw, fmt = ingest.read_path(path)
            except ingest.IngestError as error:
                log.warning("starter article skipped: %s", error)
                continue
            digest = ingest.content_hash(raw)
            session.add(ArticleJob(text=raw, fmt=fmt, source=path.name, content_hash=digest))
            queued += 1
        session.commit()
    return queued


# ---------------------------------------------------------------- claiming and running


def _claimable(now):
    stale = now - timedelta(seconds=LEASE_SECONDS)
    return or_(
        ArticleJob.status == JobStatus.PENDING,
        and_(ArticleJob.status == JobStatus.RUNNING, col(ArticleJob.heartbeat_at) < stale),
    )


def claim_next(engine: Engine) -> ArticleJob | None:
    """The oldest claimable job, now this caller's (status running, a fresh claim token), or None."""
    with Session(engine, expire_on_commit=False) as session:
        while True:
            now = utcnow()
            oldest = select(ArticleJob.id).where(_claimable(now)).order_by(col(ArticleJob.id)).limit(1)
            job_id = session.exec(oldest).first()
            if job_id is None:
                return None
            token = uuid.uuid4().hex
            # Compare and set: the job is ours only if it is still claimable as this UPDATE runs.
            taken = session.connection().execute(
                update(ArticleJob)
                .where(col(ArticleJob.id) == job_id, _claimable(now))
                .values(
                    status=JobStatus.RUNNING,
                    claim=token,
                    started_at=now,
                    heartbeat_at=now,
                    attempts=ArticleJob.attempts + 1,
                )
            )
            session.commit()
            if taken.rowcount == 1:
                return session.get(ArticleJob, job_id)
            # Another runner took it between the two statements: look for the next one.


def _update_claimed(engine: Engine, job: ArticleJob, **values) -> bool:
    """Change the job if this runner still holds it; False when another runner took it over."""
    with Session(engine) as session:
        changed = session.connection().execute(
            update(ArticleJob)
            .where(col(ArticleJob.id) == job.id, col(ArticleJob.claim) == job.claim)
            .values(**values)
        )
        session.commit()
    return changed.rowcount == 1


def heartbeat(engine: Engine, job: ArticleJob) -> None:
    _update_claimed(engine, job, heartbeat_at=utcnow())


def release(engine: Engine, job: ArticleJob) -> None:
    """Give a job back (the server is stopping): the next runner starts it afresh, not counted as a try."""
    _update_claimed(engine, job, status=JobStatus.PENDING, claim=None, attempts=job.attempts - 1)


def _fail(engine: Engine, job: ArticleJob, reason: str) -> None:
    _update_claimed(engine, job, status=JobStatus.FAILED, error=reason, claim=None, finished_at=utcnow())


def run_job(engine: Engine, job: ArticleJob, call: Call = call_here, max_chars: int = 200_000) -> None:
    """Make the claimed `job` an article and record how that went. The fetch and the generator run through
    `call`; what the teacher should read about a failure goes into the job's error."""
    if job.attempts > MAX_ATTEMPTS:
        _fail(engine, job, GAVE_UP)
        return
    from quizapp.generator import generate  # looked up now: tests stand a generator in

    def generate_items(raw, fmt, pool):
        return call(generate, raw, fmt=fmt, distractor_pool=pool)

    try:
        raw, fmt = job.text, job.fmt
        if job.url:
            raw, fmt = call(ingest.fetch_url, job.url), "html"
        with Session(engine, expire_on_commit=False) as session:
            result = ingest.ingest_text(
                session, raw, fmt=fmt, source=job.source, max_chars=max_chars, generate=generate_items
            )
    except ingest.IngestError as error:
        _fail(engine, job, str(error))
        return
    except ImportError:
        log.exception("question generator unavailable")
        _fail(engine, job, GENERATOR_MISSING)
        return
    except WorkerCrashed:
        raise  # stopped with the server (the runner gives the job back), or the child died (it fails it)
    except Exception:  # a generator bug must not lose the teacher's text
        log.exception("adding an article failed (job %s)", job.id)
        _fail(engine, job, INTERNAL_ERROR)
        return
    _update_claimed(
        engine,
        job,
        status=JobStatus.DONE,
        article_id=result.article.id,
        new_article=result.created,
        text=None,  # the article keeps its text; the submitted copy is not needed any more
        claim=None,
        finished_at=utcnow(),
    )


def run_pending(engine: Engine, call: Call = call_here, max_chars: int = 200_000) -> int:
    """Run every claimable job in this thread, one after the other; how many ran. (Tests and scripts; the
    server's runners do this in the background.)"""
    count = 0
    while (job := claim_next(engine)) is not None:
        run_job(engine, job, call, max_chars)
        count += 1
    return count


def forget_finished(engine: Engine) -> None:
    """Drop jobs finished over KEEP_FINISHED ago (their articles stay)."""
    with Session(engine) as session:
        cutoff = utcnow() - KEEP_FINISHED
        session.connection().execute(delete(ArticleJob).where(col(ArticleJob.finished_at) < cutoff))
        session.commit()


# ---------------------------------------------------------------- the runner of a server process


class JobRunner:
    """One thread per server process that claims jobs and runs them one at a time, the slow part in a niced
    child process. `wake()` after submitting, so this process starts at once instead of at its next look.
    `child_env`: the generator's settings for that child (config.generator_env)."""

    def __init__(self, engine: Engine, max_chars: int, child_env: dict[str, str] | None = None):
        self.engine = engine
        self.max_chars = max_chars
        self.child_env = child_env
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._worker: WorkerProcess | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start this process's runner (again after a fork, whose copy of the thread does not run)."""
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._worker = WorkerProcess(env=self.child_env)
            self._thread = threading.Thread(target=self._loop, name="quizapp-article-jobs", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5) -> None:
        """Stop at once: a job in progress goes back to the queue for the next start."""
        with self._lock:
            thread, worker = self._thread, self._worker
            self._thread = None
        if thread is None:
            return
        self._stop.set()
        self._wake.set()
        if worker is not None:
            worker.stop()
        thread.join(timeout)

    def _loop(self) -> None:
        try:
            forget_finished(self.engine)
        except Exception:
            log.exception("could not drop old article jobs")
        while not self._stop.is_set():
            try:
                job = claim_next(self.engine)
            except Exception:  # the database is away for a moment: try again later
                log.exception("could not look for article jobs")
                job = None
            if job is None:
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
                continue
            self._run(job)

    def _run(self, job: ArticleJob) -> None:
        worker = self._worker

        def call(function, *args, **kwargs):
            return worker.call(
                function,
                *args,
                while_waiting=lambda: heartbeat(self.engine, job),
                every=HEARTBEAT_SECONDS,
                **kwargs,
            )

        try:
            run_job(self.engine, job, call, self.max_chars)
        except WorkerCrashed:
            if self._stop.is_set():
                release(self.engine, job)
            else:
                log.error("the generator's process died on article job %s", job.id)
                _fail(self.engine, job, INTERNAL_ERROR)
        except Exception:
            log.exception("article job %s could not be recorded", job.id)
