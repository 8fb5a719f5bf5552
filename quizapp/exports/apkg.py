"""Anki's package (.apkg), made with genanki: a deck per article named "QuizApp::<title>" (so a library is one
QuizApp deck with a subdeck per article), a question note type and a cloze note type of QuizApp's own.

Anki knows a note by its guid, a note type and a deck by their ids: all three are the same in every export
(cards.card_guid, the fixed ids below, cards.stable_id of the article), so importing a later export of the
same article updates its notes (and keeps their review history in Anki) instead of adding them again."""

import io
import itertools
import sqlite3
import time
import zipfile

import genanki

from quizapp.exports.cards import ArticleCards, Card, choices_html, html_of, stable_id

# Fixed forever: a note type with another id is another note type to Anki, and its notes would be added anew.
QUESTION_MODEL_ID = 1_735_000_017
CLOZE_MODEL_ID = 1_735_000_018
PARENT_DECK = "QuizApp"

CSS = """.card { font-family: system-ui, sans-serif; font-size: 20px; text-align: left; color: #1d2433;
  background: #fff; max-width: 40em; margin: 0 auto; }
.choices { margin: 1em 0; padding-left: 1.5em; }
.answer { font-weight: bold; }
.accepted, .article { color: #5b6475; font-size: 16px; }
.sentence { border-left: 3px solid #c9d1e0; margin: 1em 0; padding-left: 0.75em; color: #3b4456; }
.cloze { font-weight: bold; color: #1f5fbf; }
.nightMode .card, .night_mode .card { color: #e6e9ef; background: #1d2433; }
"""

BACK = """<div class="answer">{{Answer}}</div>
{{#Accepted}}<div class="accepted">Also accepted: {{Accepted}}</div>{{/Accepted}}
{{#Sentence}}<blockquote class="sentence">{{Sentence}}</blockquote>{{/Sentence}}
<div class="article">{{Article}}</div>"""

CHOICES = '{{#Choices}}<ol class="choices" type="A">{{Choices}}</ol>{{/Choices}}'

QUESTION_MODEL = genanki.Model(
    QUESTION_MODEL_ID,
    "QuizApp question",
    fields=[{"name": name} for name in ("Question", "Choices", "Answer", "Accepted", "Sentence", "Article")],
    templates=[
        {
            "name": "Question",
            "qfmt": '<div class="question">{{Question}}</div>' + CHOICES,
            "afmt": '{{FrontSide}}<hr id="answer">' + BACK,
        }
    ],
    css=CSS,
)

CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    "QuizApp fill in the blank",
    model_type=genanki.Model.CLOZE,
    fields=[{"name": name} for name in ("Text", "Choices", "Answer", "Accepted", "Sentence", "Article")],
    templates=[
        {
            "name": "Fill in the blank",
            "qfmt": '<div class="question">{{cloze:Text}}</div>' + CHOICES,
            "afmt": '<div class="question">{{cloze:Text}}</div><hr id="answer">' + BACK,
        }
    ],
    css=CSS,
)


def deck_name(title: str) -> str:
    """The article's deck under QuizApp's; "::" would nest one deck more, so a title's own is loosened."""
    return f"{PARENT_DECK}::{title.replace('::', ': ')}"


def _note(card: Card, title: str) -> genanki.Note:
    tags = ["QuizApp", f"QuizApp::{'_'.join(card.type.split()) or 'question'}"]
    shared = [
        choices_html(card),
        html_of(card.answer),
        html_of(", ".join(card.accepted)),
        html_of(card.sentence),
        html_of(title),
    ]
    if card.cloze:
        before, after = card.cloze
        text = f"{html_of(before)}{{{{c1::{html_of(card.answer)}}}}}{html_of(after)}"
        return genanki.Note(model=CLOZE_MODEL, fields=[text, *shared], guid=card.guid, tags=tags)
    fields = [html_of(card.question), *shared]
    return genanki.Note(
        model=QUESTION_MODEL, fields=fields, guid=card.guid, tags=tags, sort_field=card.question
    )


def write(articles: list[ArticleCards]) -> bytes:
    decks, names = [], set()
    for article in articles:
        name = deck_name(article.title)
        if name in names:  # two articles of one title: Anki would merge their decks by name
            name = f"{name} ({article.article_id})"
        names.add(name)
        deck = genanki.Deck(stable_id("quizapp deck", article.key), name)
        for card in article.cards:
            deck.add_note(_note(card, article.title))
        decks.append(deck)
    return _package(genanki.Package(decks))


def _package(package: genanki.Package) -> bytes:
    """The .apkg's bytes: genanki's collection, built in memory (genanki's own write_to_file leaves its
    temporary database file behind, one per export), zipped as write_to_file zips it. The notes' modification
    time is now, so Anki takes them as newer than those of an earlier export it already has."""
    timestamp = time.time()
    connection = sqlite3.connect(":memory:")
    try:
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", "{}")
    return buffer.getvalue()
