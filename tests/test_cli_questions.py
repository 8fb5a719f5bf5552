"""`quizapp import` and `quizapp delete` on the command line."""

import pytest
from click.testing import CliRunner
from sqlmodel import Session, create_engine, func, select

from quizapp.cli import main
from quizapp.models import Article, CardState, Item

CSV = "question,answer,wrong 1,wrong 2,wrong 3\nWhat is the capital of Norway?,Oslo,Bergen,Bodø,Stavanger\n"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    return tmp_path


def rows(tmp_path, model, *where) -> int:
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite'}")
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def run(*args, stdin=None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_import_a_file_into_a_new_article_then_more_into_it(env):
    (env / "capitals.csv").write_text(CSV)
    first = run("import", str(env / "capitals.csv"))
    assert first.exit_code == 0, first.output
    assert first.output == "imported 1 question into article 1 (capitals)\n"
    assert (rows(env, Article), rows(env, Item), rows(env, CardState)) == (1, 1, 1)
    again = run("import", str(env / "capitals.csv"))
    assert again.output == "already imported as article 1 (capitals); nothing changed\n"
    more = run("import", "-", "--article", "1", stdin="What is the capital of Norway?\tOslo\nRiga\tLatvia\n")
    assert (
        more.exit_code == 0
        and more.output == "imported 1 question into article 1 (capitals); 1 were there already\n"
    )
    titled = run("import", "-", "--title", "Rivers", stdin="Longest river?\tNile\nNile\tEgypt\n# a note\n")
    assert titled.output.splitlines() == [
        "imported 2 questions into article 2 (Rivers)",
        "left out as comments: line 3",
    ]
    assert rows(env, Item) == 4


def test_a_bad_file_lists_its_lines_exits_1_and_imports_nothing(env):
    (env / "bad.tsv").write_text("Q1?\tA1\nQ2?\t\nWhere is Oslo?\tOslo\n")
    result = run("import", str(env / "bad.tsv"))
    assert result.exit_code == 1
    assert "error: Nothing was imported: 2 lines have a problem." in result.output
    assert (
        "  Line 2: Write the answer." in result.output
        and "  Line 3: The question gives its answer away" in result.output
    )
    assert rows(env, Item) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\x00\x01binary", "is a binary file"),
        ("caf\xe9\tx\n".encode("latin-1"), "is not UTF-8 text"),
    ],
)
def test_bad_files_get_a_clear_message(env, content, message):
    (env / "f.csv").write_bytes(content)
    result = run("import", str(env / "f.csv"))
    assert result.exit_code == 1 and message in result.output


def test_a_missing_file_or_article_is_a_usage_error(env):
    nothing = run("import", str(env / "nope.csv"))
    assert nothing.exit_code == 2 and "does not exist" in nothing.output
    (env / "ok.csv").write_text(CSV)
    missing = run("import", str(env / "ok.csv"), "--article", "7")
    assert missing.exit_code == 1 and "there is no article 7" in missing.output


def test_delete_says_what_goes_and_asks_first(env):
    (env / "capitals.csv").write_text(CSV)
    run("import", str(env / "capitals.csv"))
    kept = run("delete", "1", stdin="n\n")
    assert kept.exit_code == 1 and "capitals: 1 questions, 1 cards of 1 learners, 0 reviews" in kept.output
    assert rows(env, Article) == 1
    gone = run("delete", "1", "--yes")
    assert gone.exit_code == 0 and gone.output.endswith("deleted: capitals\n")
    assert (rows(env, Article), rows(env, Item), rows(env, CardState)) == (0, 0, 0)
    assert "there is no article 1" in run("delete", "1", "--yes").output
    # Imported again after its deletion: a new article.
    assert run("import", str(env / "capitals.csv")).output.startswith("imported 1 question into article")
    assert rows(env, Article) == 1
