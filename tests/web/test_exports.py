"""Exports from the pages: the article page and the Articles page carry a download form, a GET with a format
gives the file as an attachment named after the title, without one the page to choose a format; a bad id,
format or an article with nothing active gets a clear answer; nothing is written; with accounts on every
signed-in learner may export, and nobody signed out."""

import re
from urllib.parse import unquote

import pytest
from sqlalchemy import event
from sqlmodel import select

from quizapp.accounts import create_account
from quizapp.models import Item, ItemStatus
from tests.helpers.databases import get_engine_of
from tests.helpers.readers import read_anki_text, read_apkg, read_gift, read_qti
from tests.helpers.web import HX, PASSWORD, Browser

TYPES = {
    "apkg": "application/octet-stream",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "gift": "text/plain; charset=utf-8",
    "qti": "application/zip",
}
EXTENSIONS = {"apkg": "apkg", "tsv": "txt", "csv": "csv", "gift": "gift.txt", "qti": "zip"}


def _filename(response) -> str:
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition) or re.search(
        r'filename="([^"]+)"', disposition
    )
    return unquote(match.group(1))


def test_the_article_page_and_the_articles_page_link_to_the_exports(client, stocked):
    page = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    assert f'action="/articles/{stocked.id}/export"' in page
    for fmt in TYPES:
        assert f'<option value="{fmt}">' in page
    listing = client.get("/articles").get_data(as_text=True)
    assert 'action="/articles/export"' in listing


@pytest.mark.parametrize("fmt", sorted(TYPES))
def test_a_download_is_an_attachment_named_after_the_article(client, stocked, fmt, tmp_path):
    response = client.get(f"/articles/{stocked.id}/export?format={fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == TYPES[fmt]
    assert _filename(response) == f"{stocked.title}.{EXTENSIONS[fmt]}"
    assert "no-store" in response.headers["Cache-Control"]
    data = response.get_data()
    if fmt == "apkg":
        assert len(read_apkg(data, tmp_path).notes) == 5
    elif fmt == "tsv":
        assert len(read_anki_text(data).rows) == 5
    elif fmt == "gift":
        assert len(read_gift(data)) == 5
    elif fmt == "qti":
        assert len(read_qti(data)[0].items) == 5
    else:
        assert data.decode("utf-8-sig").count("\r\n") == 6  # a header and a line per question


def test_the_library_download_holds_every_article(client, stocked, tmp_path):
    response = client.get("/articles/export?format=gift")
    assert response.status_code == 200
    assert _filename(response) == "QuizApp library.gift.txt"
    assert len(read_gift(response.get_data())) == 5


def test_without_a_format_the_page_says_what_each_is_for(client, stocked):
    page = client.get(f"/articles/{stocked.id}/export").get_data(as_text=True)
    assert "5 active questions" in page and stocked.title in page
    assert 'value="apkg" checked' in page and "Canvas" in page and "Moodle" in page
    fragment = client.get("/articles/export", headers=HX).get_data(as_text=True)
    assert "Export the whole library" in fragment and "<html" not in fragment


def test_a_bad_format_or_article_gets_a_clear_answer(client, stocked):
    response = client.get(f"/articles/{stocked.id}/export?format=docx")
    assert response.status_code == 400
    assert "Choose a format" in response.get_data(as_text=True)
    assert client.get("/articles/999/export?format=csv").status_code == 404
    assert client.get("/articles/99999999999999/export?format=csv").status_code == 404
    assert client.get("/articles/x/export").status_code == 404


def test_an_article_with_nothing_active_says_so(client, session, stocked):
    for item in session.exec(select(Item).where(Item.article_id == stocked.id)):
        item.status = ItemStatus.SUSPENDED
    session.commit()
    response = client.get(f"/articles/{stocked.id}/export?format=apkg")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "no active questions" in page and 'role="alert"' in page
    assert client.get("/articles/export?format=apkg").status_code == 422


def test_downloads_write_nothing(app, client, stocked):
    writes = []

    def note(_connection, _cursor, statement, *_args):
        if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", statement, re.IGNORECASE):
            writes.append(statement)

    engine = get_engine_of(app)
    event.listen(engine, "before_cursor_execute", note)
    try:
        for fmt in TYPES:
            assert client.get(f"/articles/{stocked.id}/export?format={fmt}").status_code == 200
            assert client.get(f"/articles/export?format={fmt}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert writes == []


@pytest.mark.app_settings(ACCOUNTS=True)
def test_with_accounts_every_signed_in_learner_may_export_and_nobody_else(app, session, stocked):
    create_account(session, "ada", PASSWORD, PASSWORD)
    session.commit()
    stranger = Browser(app)
    response = stranger.get(f"/articles/{stocked.id}/export?format=csv")
    assert response.status_code == 303 and "/account/signin" in response.headers["Location"]
    assert stranger.get("/articles/export?format=csv").status_code == 303
    learner = Browser(app)
    learner.sign_in("ada")
    assert learner.client.get(f"/articles/{stocked.id}/export?format=csv").status_code == 200
    library = learner.client.get("/articles/export?format=qti")
    assert library.status_code == 200 and len(read_qti(library.get_data())[0].items) == 5
