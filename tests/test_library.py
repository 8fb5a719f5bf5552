"""The library service (quizapp/library.py) without Flask: a teacher's edit is checked and stored, or refused
with the reason and nothing stored; a page of the list is the one asked for or the nearest there is."""

import pytest
from sqlmodel import Session, select

from quizapp import library
from quizapp.models import Article, Item, ItemStatus
from tests.helpers.databases import get_engine_of


def test_an_edit_is_stored_with_its_answer_accepted_and_among_the_choices(app, stocked):
    with Session(get_engine_of(app)) as session:  # no request, no app context: the service alone
        item = session.exec(select(Item).where(Item.answer == "Oslo")).one()
        edit = library.edit_item(
            session,
            item,
            question="  Where  was the race? ",
            answer="Oslo ",
            accepted="",
            choices="Bergen\nBergen\nLund",
        )
        assert edit.error is None
        item_id = item.id
        session.commit()  # the caller's transaction (a request's is committed by db.end_unit_of_work)
    with Session(get_engine_of(app)) as fresh:
        stored = fresh.get(Item, item_id)
        assert (stored.question, stored.accepted, stored.choices, stored.edited) == (
            "Where was the race?",
            ["Oslo"],
            ["Oslo", "Bergen", "Lund"],
            True,
        )


def test_a_refused_edit_says_why_and_stores_nothing(app, stocked):
    refusals = {
        ("", "Oslo", ""): "The question cannot be empty.",
        ("Where?", " ", ""): "The answer cannot be empty.",
        ("Where?" * 100, "Oslo", ""): "Keep the question under 500 and the answer under 200 characters.",
        (
            "Where?",
            "Oslo",
            "Oslo",
        ): "Give at least two choices (one per line), or none for a typed-only question.",
    }
    for (question, answer, choices), reason in refusals.items():
        with Session(get_engine_of(app)) as session:
            item = session.exec(select(Item).where(Item.answer == "Oslo")).one()
            edit = library.edit_item(
                session, item, question=question, answer=answer, accepted="", choices=choices
            )
            assert edit.error == reason
            item_id = item.id
        with Session(get_engine_of(app)) as fresh:
            assert fresh.get(Item, item_id).question == "Where was the Nordic marathon held?"


def test_suspending_and_flagging_toggle(app, stocked):
    with Session(get_engine_of(app)) as session:
        item = session.exec(select(Item)).first()
        assert library.toggle_suspended(session, item).status == ItemStatus.SUSPENDED
        assert library.toggle_suspended(session, item).status == ItemStatus.ACTIVE
        assert library.toggle_flagged(session, item).flagged is True
        page = library.article_page(session, session.get(Article, item.article_id))
        assert page.active_count == 5 and len(page.items) == 5


@pytest.mark.usefixtures("library")  # the fixture: 120 articles, "Story 1" oldest
def test_a_page_past_the_last_is_the_last(app):
    with Session(get_engine_of(app)) as session:
        listing = library.article_list(session, 1, page=99)
        assert (listing.page, listing.pages, listing.total) == (3, 3, 120)
        assert [row.article.title for row in listing.rows][:1] == ["Story 20"]
        found = library.article_list(session, 1, query="Story 11")
        assert (found.matching, found.total, found.q) == (11, 120, "Story 11")
