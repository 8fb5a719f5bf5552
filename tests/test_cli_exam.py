"""`quizapp exam ARTICLE DAY` and `--clear`: the learner's exam date from the command line, with a one-line
error for a bad date, article or learner."""

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from quizapp import create_app
from quizapp.accounts import create_account
from quizapp.cli import main
from quizapp.models import ExamDate, Learner
from quizapp.scheduling import default_learner
from tests.helpers.databases import get_engine_of
from tests.helpers.stock import add_stock_article

IN_TEN_DAYS = (datetime.now(UTC) + timedelta(days=10)).date()


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """A database with the stock article, the local learner and a learner "ada"; its engine."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", url)
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    settings = {"DATABASE_URL": url, "SEED_ON_START": False, "RUN_ARTICLE_JOBS": False}
    engine = get_engine_of(create_app(settings))
    with Session(engine) as session:
        add_stock_article(session)
        default_learner(session)
        create_account(session, "ada", "correct horse", "correct horse")
        session.commit()
    yield engine
    engine.dispose()


def run(*args):
    return CliRunner().invoke(main, ["exam", *map(str, args)])


def exams_of(engine) -> list[tuple[str, object]]:
    with Session(engine) as session:
        query = select(Learner.name, ExamDate.exam_on).join(Learner).order_by(Learner.name)
        return [tuple(row) for row in session.exec(query)]


def test_set_move_and_clear_an_exam_date(engine):
    result = run(1, IN_TEN_DAYS.isoformat())
    assert result.exit_code == 0 and result.output == f"exam date set: {IN_TEN_DAYS} (article 1, me)\n"
    later = IN_TEN_DAYS + timedelta(days=1)
    assert run(1, later.isoformat(), "--learner", "ada").exit_code == 0
    assert exams_of(engine) == [("ada", later), ("me", IN_TEN_DAYS)]
    assert run(1, "--clear").output == "exam date cleared (article 1, me)\n"
    assert run(1, "--clear").output == "no exam date was set (article 1, me)\n"
    assert exams_of(engine) == [("ada", later)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1, "tomorrow-ish"), "That is not a date"),
        ((1, "2020-01-01"), "Choose a day after today"),
        ((7, IN_TEN_DAYS.isoformat()), "there is no article 7"),
        (("one", IN_TEN_DAYS.isoformat()), "is not an article's number"),
        ((1, IN_TEN_DAYS.isoformat(), "--learner", "nobody"), "there is no learner 'nobody'"),
        ((1,), "give either DAY or --clear"),
        ((1, IN_TEN_DAYS.isoformat(), "--clear"), "give either DAY or --clear"),
    ],
)
def test_mistakes_are_one_line_errors_that_change_nothing(engine, args, message):
    result = run(*args)
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert exams_of(engine) == []
