"""The web app: one blueprint per area, registered by `init_app`."""

import atexit

from flask import Flask, Response, g, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from quizapp import article_jobs, config, db
from quizapp.db import get_engine
from quizapp.web import (
    account,
    analysis,
    article_changes,  # noqa: F401  (adds its views to the Articles blueprint)
    articles,
    assignments,
    display,
    headers,
    home,
    quiz,
    review,
    stats,
    throttle,
)
from quizapp.web import exports as _exports  # noqa: F401  (its routes join the articles blueprint)
from quizapp.web.common import IdConverter, local_learner, may_edit_articles
from quizapp.web.htmx import render

csrf = CSRFProtect()

NAV = [
    ("home.index", "Home"),
    ("quiz.setup", "Quiz"),
    ("review.show", "Flashcards"),
    ("articles.index", "Articles"),
    ("stats.index", "Scores"),
]

ERRORS = {
    400: ("Bad request", "The request could not be understood."),
    403: (
        "For teachers",
        "The articles and their questions are shared by the whole class, so a teacher adds and changes them.",
    ),
    404: ("Not found", "There is nothing here. It may have been removed, or the address is mistyped."),
    405: ("Not allowed", "That action is not available here."),
    413: (
        "Too large",
        "That upload or text is larger than QuizApp accepts. Try a shorter article or a smaller file.",
    ),
    500: ("Something went wrong", "QuizApp hit an unexpected problem. Nothing you saved was lost."),
}


def init_app(app: Flask) -> None:
    """Register the blueprints, the request's unit of work and learner, CSRF protection, the security headers,
    the templates' filters, the navigation and the friendly error pages."""
    db.init_app(app)
    csrf.init_app(app)
    headers.init_app(app)
    throttle.init_app(app)
    app.url_map.converters["id"] = IdConverter  # before the blueprints' routes use it
    display.init_app(app)  # the templates' filters
    for module in (home, quiz, review, articles, stats, account, analysis, assignments):
        app.register_blueprint(module.bp)
    # g.learner_id, looked up once per request: the signed-in learner, or a personal install's own
    app.before_request(account.require_learner if app.config["ACCOUNTS"] else local_learner)
    if app.config["RUN_ARTICLE_JOBS"]:
        _add_job_runner(app)

    @app.get("/healthz")
    def healthz() -> Response:
        """Liveness probe, and the ceiling in the load benchmark: no database, no template."""
        return Response("ok", mimetype="text/plain")

    @app.context_processor
    def navigation():
        section = (request.blueprints or [None])[0] if request else None
        return {
            "nav": NAV,
            "section": section,
            "accounts": app.config["ACCOUNTS"],
            "open_signup": app.config["OPEN_SIGNUP"],
            "signed_in": g.get("learner"),
            # called by the full page's navigation only: an htmx fragment does not pay for the query
            "is_teacher": may_edit_articles,
        }

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render(
            "error.html",
            status=400,
            code=400,
            heading="This form has expired",
            message="The page was open too long or came from elsewhere. Reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        heading, message = ERRORS.get(code, (error.name, error.description))
        return render("error.html", status=code, code=code, heading=heading, message=message)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        app.logger.exception("Unhandled error on %s", request.path)
        heading, message = ERRORS[500]
        return render("error.html", status=500, code=500, heading=heading, message=message)


def _add_job_runner(app: Flask) -> None:
    """The runner that makes submitted articles in this process (quizapp.article_jobs). It starts with the
    first request a process serves, as a thread does not survive the fork into a server's worker
    processes (`quizapp run` starts each worker's at once), and stops with the process, giving back a job
    in progress."""
    with app.app_context():
        runner = article_jobs.JobRunner(
            get_engine(), app.config["MAX_ARTICLE_CHARS"], child_env=config.generator_env(app.config)
        )
    app.extensions[article_jobs.RUNNER_KEY] = runner
    atexit.register(runner.stop)

    @app.before_request
    def start_job_runner() -> None:
        if not runner.running:
            runner.start()
