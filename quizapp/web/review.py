"""Flashcards: the cards due now by FSRS, flip with Show answer, grade Again/Hard/Good/Easy, undo.

The page's facts come from quizapp.flashcards (one ReviewPage); this module reads the request and picks the
page, or for htmx its fragment: the whole card (with what is left today) or, for Show answer, its body.
"""

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from fsrs import Rating
from itsdangerous import BadData, URLSafeSerializer

from quizapp import flashcards
from quizapp.db import request_session
from quizapp.models import ReviewMode, utcnow
from quizapp.quizzes import duration_since
from quizapp.scheduling import GradePreview, review, undo_last_review
from quizapp.web.common import daily_limits, parse_id
from quizapp.web.htmx import is_htmx, render

bp = Blueprint("review", __name__, url_prefix="/review")

RATINGS = {str(int(rating)): rating for rating in Rating}
PREVIEW_KEY = "quizapp.grade_previews"


def _previews() -> URLSafeSerializer:
    """Signs the grade buttons' outcomes into the grade form (made once per app): the grade gives what its
    button said, and a learner cannot send outcomes of their own."""
    serializer = current_app.extensions.get(PREVIEW_KEY)
    if serializer is None:
        serializer = URLSafeSerializer(current_app.secret_key, salt="grade-preview")
        current_app.extensions[PREVIEW_KEY] = serializer
    return serializer


def _sent_preview() -> GradePreview | None:
    try:
        return GradePreview.from_json(_previews().loads(request.form.get("preview", "")))
    except BadData:
        return None  # none, or not ours: the grade is computed afresh, as for a card shown long ago


def _render(page: flashcards.ReviewPage, *, block: str = "card", status: int = 200):
    now = utcnow()
    preview = page.shown.preview if page.shown else None
    return render(
        "review.html",
        block=block,
        status=status,
        page=page,
        preview=_previews().dumps(preview.to_json()) if preview else None,
        now_ms=int(now.timestamp() * 1000),
        shown_at=request.args.get("shown_at", type=int),
    )


def _card(card_id: int, *, back: bool = False, whole: bool = True, notice: str | None = None):
    page = flashcards.card_page(
        request_session(), g.learner_id, card_id, daily_limits() if whole else None, back=back, notice=notice
    )
    if page is None:
        abort(404)
    return page


@bp.get("")
def show():
    if "card" in request.args:  # a card named (after an undo): that one, or none at all
        card_id = parse_id(request.args["card"])
        if card_id is None:
            abort(404)
        return _render(_card(card_id))
    return _render(flashcards.next_page(request_session(), g.learner_id, daily_limits()))


@bp.get("/<id:card_id>/answer")
def answer(card_id: int):
    if is_htmx():  # the card's body alone: what is left today does not change by flipping it
        return _render(_card(card_id, back=True, whole=False), block="card_body")
    return _render(_card(card_id, back=True))


@bp.post("/<id:card_id>/grade")
def grade(card_id: int):
    session = request_session()
    found = flashcards.own_card(session, g.learner_id, card_id)
    if found is None:
        abort(404)
    rating = RATINGS.get(request.form.get("rating", ""))
    version = parse_id(request.form.get("version"))
    if rating is None or version is None:
        page = _card(card_id, back=True, notice="Choose Again, Hard, Good or Easy.")
        return _render(page, status=422)
    log_id = review(
        session,
        found.card,
        rating,
        expected_version=version,
        mode=ReviewMode.FLASHCARD,
        duration_ms=duration_since(request.form.get("shown_at")),
        preview=_sent_preview(),
        item_type=found.item.type,
    )
    notice = None
    if log_id is None:
        notice = "That card was already graded (another tab or a double click); it was counted once."
    if is_htmx():
        page = flashcards.next_page(session, g.learner_id, daily_limits(), notice=notice, undo_review=log_id)
        return _render(page)
    if notice:
        flash(notice, "info")
    return redirect(url_for("review.show"), 303)


@bp.post("/undo")
def undo():
    session = request_session()
    # The grade the button was shown for: a form without it undoes nothing, rather than guess.
    asked = request.form.get("review", type=int)
    log = None
    if asked is not None:
        log = undo_last_review(session, g.learner_id, mode=ReviewMode.FLASHCARD, review_id=asked)
    if log is None:
        notice = "That grade was already undone; nothing changed." if asked else "Nothing to undo."
        if is_htmx():
            return _render(flashcards.next_page(session, g.learner_id, daily_limits(), notice=notice))
        flash(notice, "info")
        return redirect(url_for("review.show"), 303)
    notice = "Undone. Grade this card again."
    if is_htmx():
        return _render(_card(log.card_id, notice=notice))
    flash(notice, "info")
    return redirect(url_for("review.show", card=log.card_id), 303)
