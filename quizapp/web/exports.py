"""Downloads of an article's questions, or the whole library's, in the formats of quizapp.exports: routes on
the articles blueprint (the pages they are on). Without a format, the page to choose one; with one, the file,
as an attachment named after the title. GETs that only read.

Who may: anyone who may read the articles. An export holds what the article's page already shows every
learner (the questions, their answers and choices), so with accounts on every signed-in learner may export
an article or the whole library, a teacher for an LMS and a learner for Anki alike."""

from flask import request

from quizapp import exports
from quizapp.db import request_session
from quizapp.models import Article
from quizapp.web.articles import bp
from quizapp.web.common import download, get_or_404
from quizapp.web.htmx import render


def _download(article: Article | None):
    session = request_session()
    format_name = request.args.get("format", "")
    if not format_name:
        return _choose(article)
    try:
        made = exports.export(session, article.id if article else None, format_name)
    except exports.ExportError as error:
        return _choose(article, error=str(error), status=422 if format_name in exports.FORMATS else 400)
    return download(made.data, made.mimetype, made.filename)


def _choose(article: Article | None, *, error: str | None = None, status: int = 200):
    return render(
        "articles/export.html",
        status=status,
        article=article,
        questions=exports.active_count(request_session(), article.id if article else None),
        chosen=request.args.get("format") if request.args.get("format") in exports.FORMATS else "apkg",
        error=error,
    )


@bp.get("/<id:article_id>/export")
def export_article(article_id: int):
    return _download(get_or_404(request_session(), Article, article_id))


@bp.get("/export")
def export_library():
    return _download(None)


# The export forms of the article page and the Articles page list them (templates/articles/_export.html).
bp.add_app_template_global(list(exports.FORMATS.values()), "export_formats")
