"""`quizapp import` and `quizapp delete`: questions from a CSV or TSV file into an article, and deleting an
article, on the app's database in one transaction each (quizapp.cli adds them to the command)."""

import sys
from pathlib import Path

import click


def _app():
    from quizapp import create_app

    return create_app({"SEED_ON_START": False, "RUN_ARTICLE_JOBS": False})


def _article(session, article_id: int):
    from quizapp.models import Article

    article = session.get(Article, article_id)
    if article is None:
        raise click.ClickException(
            f"there is no article {article_id} (an article's id is the number in its page's address)"
        )
    return article


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--article", "article_id", type=click.IntRange(min=1), help="Add them to this article (an id).")
@click.option("--title", default="", help="The new article's title (else the file's #deck: line or name).")
def import_questions(file: Path, article_id: int | None, title: str) -> None:
    """Import questions from a CSV or TSV FILE ('-' reads standard input) into a new article of their own,
    or with --article into that one.

    One question a line: question, answer, other accepted answers, three wrong choices and the source
    sentence, or a header row naming the columns; Anki's "Notes in Plain Text" export and Quizlet's
    "term, definition" lines are read too. Nothing is imported while any line has a problem: each is
    listed with its line number, and the exit status is 1.
    """
    from sqlmodel import Session

    from quizapp import imports
    from quizapp.db import get_engine

    try:
        data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"{file}: cannot be read ({error.strerror or error})") from None
    source = None if str(file) == "-" else file.name
    app = _app()
    with app.app_context(), Session(get_engine()) as session:
        try:
            text = imports.decode(data, str(file))
            article = _article(session, article_id) if article_id else None
            done = imports.import_questions(session, text, source=source, article=article, title=title)
            session.commit()
        except imports.ImportProblem as problem:
            click.echo(f"error: {problem}", err=True)
            for line in problem.lines():
                click.echo(f"  {line}", err=True)
            sys.exit(1)
        _report(done)


def _report(done) -> None:
    article = f"article {done.article.id} ({done.article.title})"
    if done.same_file:
        click.echo(f"already imported as {article}; nothing changed")
    else:
        already = f"; {done.already} were there already" if done.already else ""
        click.echo(f"imported {done.added} question{'' if done.added == 1 else 's'} into {article}{already}")
    sheet = done.sheet
    for what, lines in (("repeats of an earlier line", sheet.repeated), ("comments", sheet.comments)):
        if lines:
            click.echo(f"left out as {what}: line {', '.join(map(str, lines))}")
    if sheet.ignored:
        click.echo(f"columns not read: {', '.join(sheet.ignored)}")


@click.command("delete")
@click.argument("article_id", type=click.IntRange(min=1))
@click.option("--yes", is_flag=True, help="Do not ask before deleting.")
def delete_article(article_id: int, yes: bool) -> None:
    """Delete article ARTICLE_ID with its questions, every learner's cards of them and their reviews.
    Quizzes taken keep their scores, the deleted questions shown as deleted."""
    from sqlmodel import Session

    from quizapp import deletion
    from quizapp.db import get_engine

    app = _app()
    with app.app_context(), Session(get_engine()) as session:
        article = _article(session, article_id)
        gone = deletion.consequences(session, article)
        click.echo(
            f"{article.title}: {gone.items} questions, {gone.cards} cards of {gone.learners} learners, "
            f"{gone.reviews} reviews; {gone.quizzes} quizzes keep their scores"
        )
        if not yes:
            click.confirm("Delete it?", abort=True)
        deletion.delete_article(session, article)
        session.commit()
        click.echo(f"deleted: {article.title}")
