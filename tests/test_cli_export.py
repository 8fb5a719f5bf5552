"""`quizapp export ARTICLE_ID|all --format … -o FILE`: each format written and read back, the format taken
from the file's name, standard output, and a clear one-line error for a bad id, an unknown article, an
article with nothing active, a missing format or a file that cannot be written."""

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from quizapp import create_app
from quizapp.cli import main
from quizapp.models import Item, ItemStatus
from tests.helpers.databases import get_engine_of
from tests.helpers.readers import read_anki_text, read_apkg, read_gift, read_qti
from tests.helpers.stock import add_stock_article


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A database with the stock article (five questions), which `quizapp` commands use; its article id."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", url)
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.chdir(tmp_path)
    app = create_app({"DATABASE_URL": url, "SEED_ON_START": False, "RUN_ARTICLE_JOBS": False})
    engine = get_engine_of(app)
    with Session(engine) as session:
        article = add_stock_article(session)
        session.commit()
        article_id = article.id
    engine.dispose()
    return article_id


def run(*args):
    return CliRunner().invoke(main, ["export", *map(str, args)])


READERS = {
    "apkg": lambda data, tmp: len(read_apkg(data, tmp).notes),
    "tsv": lambda data, tmp: len(read_anki_text(data).rows),
    "csv": lambda data, tmp: data.decode("utf-8-sig").count("\r\n") - 1,
    "gift": lambda data, tmp: len(read_gift(data)),
    "qti": lambda data, tmp: len(read_qti(data)[0].items),
}


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_each_format_is_written_and_reads_back(database, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    stored = (tmp_path / "cli.sqlite").read_bytes()
    result = run(database, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.sqlite").read_bytes() == stored  # the database only read
    assert result.output == f"exported 5 questions to {target} ({fmt})\n"
    assert READERS[fmt](target.read_bytes(), tmp_path) == 5


def test_all_exports_the_library(database, tmp_path):
    result = run("all", "--format", "gift", "-o", tmp_path / "library.gift")
    assert result.exit_code == 0, result.output
    assert {q.category for q in read_gift((tmp_path / "library.gift").read_bytes())} == {
        "$course$/QuizApp/Lindqvist wins Nordic marathon"
    }


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("deck.apkg", "apkg"),
        ("notes.txt", "tsv"),
        ("q.gift.txt", "gift"),
        ("sheet.CSV", "csv"),
        ("lms.zip", "qti"),
    ],
)
def test_the_format_is_taken_from_the_file_name(database, tmp_path, name, fmt):
    result = run(database, "-o", tmp_path / name)
    assert result.exit_code == 0 and result.output.endswith(f"({fmt})\n")


def test_without_a_file_it_is_named_after_the_article_and_never_replaces_one(database, tmp_path):
    assert run(database, "--format", "csv").exit_code == 0
    written = tmp_path / "Lindqvist wins Nordic marathon.csv"
    before = written.read_bytes()
    again = run(database, "--format", "csv")
    assert again.exit_code == 1 and "already exists" in again.output
    assert written.read_bytes() == before


def test_a_dash_writes_to_standard_output(database):
    result = CliRunner().invoke(main, ["export", str(database), "--format", "tsv", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"#separator:tab\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--format", "csv"], "'nope' is not an article's number, nor 'all'"),
        (["-3", "--format", "csv"], "No such option '-3'"),
        (["99999999999999999999", "--format", "csv"], "is not an article's number"),
        (["42", "--format", "csv"], "There is no article 42."),
        (["1", "--format", "docx"], "'docx' is not one of"),
        (["1", "-o", "out.pdf"], "say which format with --format"),
        (["1"], "say which format with --format"),
    ],
)
def test_bad_input_is_one_clear_line(database, args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_unwritable_file_is_said_and_an_article_with_nothing_active_too(database, tmp_path):
    result = run(database, "--format", "csv", "-o", tmp_path / "no-such-folder" / "x.csv")
    assert result.exit_code == 1 and "cannot write" in result.output
    engine_app = create_app({"SEED_ON_START": False, "RUN_ARTICLE_JOBS": False})
    engine = get_engine_of(engine_app)
    with Session(engine) as session:
        for item in session.exec(select(Item)):
            item.status = ItemStatus.SUSPENDED
        session.commit()
    engine.dispose()
    result = run(database, "--format", "apkg", "-o", tmp_path / "x.apkg")
    assert result.exit_code == 1 and "no active questions" in result.output
    assert not (tmp_path / "x.apkg").exists()
