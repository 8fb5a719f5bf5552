"""The templates' filters (quizapp/web/display.py), registered once on the app: any template may show a
duration, an interval, a question's blank, an item's type and its sentence without the view passing a
helper in."""

from datetime import timedelta

import pytest
from flask import render_template_string

from quizapp.models import Item
from quizapp.web.display import format_duration, interval_label, sentence_parts

SENTENCE = '{% from "_macros.html" import sentence %}{{ sentence(item | sentence_parts) }}'


def shown(app, source: str, **context) -> str:
    with app.test_request_context():
        return render_template_string(source, **context)


def test_every_template_has_the_filters(app):
    assert shown(app, "{{ took | duration }}", took=timedelta(seconds=185)) == "3 min 5 s"
    assert shown(app, "{{ took | duration }}", took=None) == "—"
    assert shown(app, "{{ wait | interval }}", wait=timedelta(days=75)) == "2.5 months"
    assert shown(app, "{{ t | type_label }}", t="how_many") == "How many"
    blank = shown(app, "{{ q | with_blank }}", q="Fill in the blank: <b>won</b> in ____.")
    assert "&lt;b&gt;won&lt;/b&gt;" in blank and 'aria-label="blank">____</span>' in blank
    item = Item(
        article_id=1,
        type="who",
        question="Who said so?",
        answer="Pelle Strand",
        sentence="Director Pelle Strand said so.",
    )
    assert shown(app, SENTENCE, item=item) == (
        '<blockquote class="source">Director <mark>Pelle Strand</mark> said so.</blockquote>'
    )


def test_sentence_parts_finds_the_answer():
    item = Item(
        article_id=1,
        type="who",
        question="?",
        answer="Pelle Strand",
        sentence="Director Pelle Strand said so.",
        sentence_start=0,
        sentence_end=30,
        fact_key="k",
    )
    assert sentence_parts(item) == ("Director ", "Pelle Strand", " said so.")
    item.answer = "nobody"
    assert sentence_parts(item) == ("Director Pelle Strand said so.", "", "")


def test_who_said_feedback_marks_the_speaker_as_the_sentence_names_them():
    quote = Item(
        article_id=1,
        type="who",
        question="Who said, “I would like to realize a new golden age”?",
        answer="Sanae Takaichi",
        accepted=["Sanae Takaichi", "Takaichi"],
        sentence="“I would like to realize a new golden age,” Takaichi said.",
    )
    assert sentence_parts(quote)[1] == "Takaichi"
    quote.sentence = "“Orchard Lane gives us a presence in fruit snacks,” she said."
    assert sentence_parts(quote) == ("“Orchard Lane gives us a presence in fruit snacks,” ", "she", " said.")
    quote.sentence = "“We will be back,” said he."
    assert sentence_parts(quote)[1] == "he"
    quote.question = "Who won the race?"  # a pronoun answers only who said it
    assert sentence_parts(quote)[1] == ""
    quote.accepted, quote.sentence = ["Sanae Takaichi", "Takaichi"], "Takaichiya opened."  # a whole word only
    assert sentence_parts(quote)[1] == ""


@pytest.mark.parametrize("seconds, text", [(0, "0 s"), (59, "59 s"), (61, "1 min 1 s"), (3725, "1 h 2 min")])
def test_format_duration(seconds, text):
    assert format_duration(timedelta(seconds=seconds)) == text


def test_interval_labels_read_as_learners_read_them():
    assert interval_label(timedelta(seconds=59)) == "1 min"
    assert interval_label(timedelta(minutes=10)) == "10 min"
    assert interval_label(timedelta(hours=1)) == "1 hour"
    assert interval_label(timedelta(hours=5)) == "5 hours"
    assert interval_label(timedelta(days=1)) == "1 day"
    assert interval_label(timedelta(days=10)) == "10 days"
    assert interval_label(timedelta(days=30)) == "1 month"
    assert interval_label(timedelta(days=75)) == "2.5 months"
    assert interval_label(timedelta(days=365)) == "1 year"
    assert interval_label(timedelta(days=730)) == "2 years"
