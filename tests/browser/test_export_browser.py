"""Exports in real Chromium: the download form of the article page gives an Anki package Anki can open,
the Articles page's the whole library as GIFT, and the page to choose a format a QTI zip, with JavaScript
on and off."""

from pathlib import Path

import pytest

from tests.helpers.readers import read_apkg, read_gift, read_qti

pytestmark = pytest.mark.browser


def _download(page, click) -> tuple[str, bytes]:
    with page.expect_download() as waiting:
        click()
    download = waiting.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_the_article_page_downloads_an_anki_package(page, live, stocked, tmp_path):
    page.goto(f"{live}/articles/{stocked.id}")
    page.get_by_label("Export this article’s questions").select_option("apkg")
    name, data = _download(page, lambda: page.get_by_role("button", name="Download").click())
    assert name == f"{stocked.title}.apkg"
    package = read_apkg(data, tmp_path)
    assert len(package.notes) == 5
    assert {card["deck"] for note in package.notes for card in note.cards} == {f"QuizApp::{stocked.title}"}
    assert page.url == f"{live}/articles/{stocked.id}"  # the page stays where it was


def test_the_articles_page_downloads_the_library_as_gift(page, live, stocked):
    page.goto(f"{live}/articles")
    page.get_by_label("Export every article’s questions").select_option("gift")
    name, data = _download(page, lambda: page.get_by_role("button", name="Download").click())
    assert name == "QuizApp library.gift.txt"
    assert len(read_gift(data)) == 5


def test_the_choose_a_format_page_works_without_javascript(browser, live, stocked):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live}/articles/{stocked.id}")
        page.get_by_role("link", name="What each format is for").click()
        page.get_by_label("QTI 1.2 for Canvas and other LMSs (.zip)").check()
        name, data = _download(page, lambda: page.get_by_role("button", name="Download").click())
        assert name == f"{stocked.title}.zip"
        (assessment,) = read_qti(data)
        assert len(assessment.items) == 5
    finally:
        context.close()
