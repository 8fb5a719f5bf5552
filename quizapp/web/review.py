"""Flashcards: the cards due now by FSRS, flip with Show answer, grade Again/Hard/Good/Easy, undo."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from fsrs import Rating
from sqlmodel import select

from quizapp.db import get_session
from quizapp.models import CardState, Item, ReviewMode, utcnow
from quizapp.quizzes import article_title, duration_since
from quizapp.scheduling import (
    card_with_item,
    grade_options,
    latest_review_id,
    next_card,
    next_due_at,
    queue_counts,
    review,
    undo_last_review,
)
from quizapp.web.common import learner_id, new_per_day, parse_id, reviews_left_today
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("review", __name__, url_prefix="/review")


def _page(
    session,
    learner: int,
    *,
    card=None,
    item=None,
    back=False,
    notice=None,
    status=200,
    undo_review=None,
    block="card",
):
    """The flashcard page (or for htmx its `block`): `card` given, else the next card due. `undo_review`:
    the grade the Undo button takes back (its review log id), when the caller knows (it has just graded).
    The card_body block (the card alone, for Show answer) leaves out what flipping a card does not change:
    what is left today and the undo button, which are then not read."""
    whole = block == "card" or not is_htmx()
    reviews_left = reviews_left_today(session, learner) if whole else None
    counts = queue_counts(session, learner, new_per_day(), review_cap=reviews_left) if whole else None
    done_for_today = reviews_left == 0
    if card is None and not done_for_today:
        found = next_card(session, learner, new_per_day())
        if found:
            card, item = found
    options = None
    if card is not None and back:
        options = grade_options(session, card)  # the intervals the grade will commit
    now = utcnow()
    # The "all done" panel's facts, read only when there is no card to show.
    next_due = has_cards = None
    if card is None:
        next_due = next_due_at(session, learner)
        has_cards = session.exec(select(CardState.id).where(CardState.learner_id == learner).limit(1)).first()
    if whole and undo_review is None:
        undo_review = latest_review_id(session, learner, ReviewMode.FLASHCARD)
    return render(
        "review.html",
        block=block,
        status=status,
        card=card,
        item=item,
        article_title=article_title(session, item.article_id) if item else None,
        back=back,
        options=options,
        left=counts.total if counts else None,
        counts=counts,
        notice=notice,
        undo_review=undo_review,
        next_due=next_due,
        now=now,
        now_ms=int(now.timestamp() * 1000),
        shown_at=request.args.get("shown_at", type=int),
        has_cards=has_cards is not None,
        limit_reached=done_for_today,
    )


def _own_card(session, learner: int, card_id: int | None) -> tuple[CardState, Item]:
    found = card_with_item(session, card_id) if card_id is not None else None
    if found is None or found[0].learner_id != learner:
        abort(404)
    return found


@bp.get("")
def show():
    with get_session() as session:
        learner = learner_id(session)
        if "card" in request.args:  # a card named (after an undo): that one, or none at all
            card, item = _own_card(session, learner, parse_id(request.args["card"]))
            return _page(session, learner, card=card, item=item)
        return _page(session, learner)


@bp.get("/<id:card_id>/answer")
def answer(card_id: int):
    with get_session() as session:
        learner = learner_id(session)
        card, item = _own_card(session, learner, card_id)
        return _page(session, learner, card=card, item=item, back=True, block="card_body")


@bp.post("/<id:card_id>/grade")
def grade(card_id: int):
    with get_session() as session:
        learner = learner_id(session)
        card, item = _own_card(session, learner, card_id)
        rating = request.form.get("rating", type=int)
        version = parse_id(request.form.get("version"))
        if rating not in {int(r) for r in Rating} or version is None:
            return _page(
                session,
                learner,
                card=card,
                item=item,
                back=True,
                status=422,
                notice="Choose Again, Hard, Good or Easy.",
            )
        log_id = review(
            session,
            card,
            Rating(rating),
            expected_version=version,
            mode=ReviewMode.FLASHCARD,
            duration_ms=duration_since(request.form.get("shown_at")),
        )
        notice = (
            None
            if log_id is not None
            else "That card was already graded (another tab or a double click); it was counted once."
        )
        if is_htmx():
            return _page(session, learner, notice=notice, undo_review=log_id)
        if notice:
            flash(notice, "info")
        return redirect(url_for("review.show"), 303)


@bp.post("/undo")
def undo():
    with get_session() as session:
        learner = learner_id(session)
        # The grade the button was shown for: a form without it undoes nothing, rather than guess.
        asked = request.form.get("review", type=int)
        log = None
        if asked is not None:
            log = undo_last_review(session, learner, mode=ReviewMode.FLASHCARD, review_id=asked)
        if log is None:
            notice = "That grade was already undone; nothing changed." if asked else "Nothing to undo."
            if is_htmx():
                return _page(session, learner, notice=notice)
            flash(notice, "info")
            return redirect(url_for("review.show"), 303)
        card, item = _own_card(session, learner, log.card_id)
        notice = "Undone. Grade this card again."
        if is_htmx():
            return _page(session, learner, card=card, item=item, notice=notice)
        flash(notice, "info")
        return redirect(url_for("review.show", card=card.id), 303)
