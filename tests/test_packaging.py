"""A plain (non-editable) install carries templates, static files and seeds, and serves from any folder."""

import subprocess
import sys
import textwrap
import zipfile

import pytest

from tests.helpers.stock import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("quizapp-*.whl"))


def test_wheel_ships_templates_static_and_seeds(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "quizapp/static/vendor/htmx-2.0.11.min.js" in names
    assert any(name.startswith("quizapp/seeds/") and name.endswith(".txt") for name in names)
    assert any(name.startswith("quizapp/templates/") and name.endswith(".html") for name in names)
    assert "quizapp/cli.py" in names and not any(name.startswith("tests/") for name in names)


def test_installed_wheel_serves_the_seed_article_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    script = textwrap.dedent(
        """
        import quizapp, sys
        from sqlmodel import Session, select
        from quizapp.db import get_engine
        from quizapp.models import Article
        assert quizapp.__file__.startswith(sys.argv[1]), quizapp.__file__
        from quizapp.article_jobs import run_pending
        app = quizapp.create_app()
        assert app.template_folder.startswith(sys.argv[1]) and app.static_folder.startswith(sys.argv[1])
        with app.app_context(), Session(get_engine()) as session:
            run_pending(get_engine())  # the seed article, queued on first start
            print(len(session.exec(select(Article)).all()))
        response = app.test_client().get("/static/vendor/htmx-2.0.11.min.js")
        print(response.status_code)
        """
    )
    env = {
        "PYTHONPATH": str(target),
        "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "PATH": "/usr/bin:/bin",
    }
    run = subprocess.run(
        [sys.executable, "-c", script, str(target)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["1", "200"]
