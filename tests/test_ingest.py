"""Getting articles in: idempotent, all-or-nothing, clear messages for bad input."""

import pytest
from sqlmodel import func, select

from quizapp.ingest import (
    IngestError,
    check_text,
    decode,
    distractor_pool,
    expand,
    format_for,
    ingest_text,
)
from quizapp.models import Article, CardState, Item
from tests.helpers.stock import SEED_ARTICLE


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_ARTICLE.read_text()


def test_ingesting_the_same_article_twice_stores_it_once(session, seed_text):
    first = ingest_text(session, seed_text, source="seed.txt")
    items = count(session, Item)
    again = ingest_text(session, seed_text)
    reflowed = ingest_text(session, "\n\n" + seed_text.replace("\n", "\n\n") + "  \n")
    assert first.created and first.items_added == items > 0
    assert not again.created and not reflowed.created
    assert again.article.id == reflowed.article.id == first.article.id
    assert count(session, Article) == 1 and count(session, Item) == items


def test_every_item_gets_a_new_card_and_spans_that_point_into_the_stored_text(session, seed_text):
    result = ingest_text(session, seed_text)
    article = result.article
    items = session.exec(select(Item).where(Item.article_id == article.id)).all()
    assert count(session, CardState) == len(items)
    for item in items:
        assert article.text[item.sentence_start : item.sentence_end] == item.sentence
        if item.answer_start is not None:
            assert (
                article.text[item.answer_start : item.answer_end].lower()
                in {a.lower() for a in item.accepted} | {item.answer.lower()}
                or item.answer_start >= item.sentence_start
            )
        if item.choices:  # without three good wrong choices an item is asked typed
            assert item.answer in item.choices and len(set(item.choices)) == len(item.choices)
    assert sum(len(i.choices) == 4 for i in items) >= len(items) // 2
    assert "By " not in article.title


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("x" * 300, "too long"),
        ("\x01\x02\x03 abc \x04\x05" * 10, "binary"),
    ],
)
def test_bad_text_is_refused_with_a_clear_message(text, message):
    with pytest.raises(IngestError, match=message):
        check_text(text, max_chars=200)


def test_text_without_facts_stores_nothing(session, seed_text):
    ingest_text(session, seed_text)
    before = (count(session, Article), count(session, Item), count(session, CardState))
    for junk in [
        "Lorem",
        "ok ok ok ok",
        "Dies ist ein deutscher Text über das Wetter in Berlin und München.",
    ]:
        with pytest.raises(IngestError):
            ingest_text(session, junk)
    assert (count(session, Article), count(session, Item), count(session, CardState)) == before


def test_decode_refuses_binary_and_non_utf8():
    assert decode("héllo".encode()) == "héllo"
    assert decode(b"\xef\xbb\xbfhello") == "hello"  # byte-order mark dropped
    with pytest.raises(IngestError, match="binary"):
        decode(b"PK\x03\x04\x00\x00")
    with pytest.raises(IngestError, match="UTF-8"):
        decode("café".encode("latin-1"))


def test_file_types(tmp_path):
    assert [format_for(n) for n in ("a.txt", "b.MD", "c.html", "d.htm")] == ["text", "md", "html", "html"]
    with pytest.raises(IngestError, match="unsupported"):
        format_for("paper.pdf")
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "sub/a.md", "c.pdf", "d.html"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in expand([tmp_path])] == ["b.txt", "d.html", "a.md"]


def test_answers_of_stored_articles_become_the_distractor_pool(session, stocked):
    pool = distractor_pool(session)
    assert "Mara Lindqvist" in pool["who"] and "Oslo" in pool["where"]
