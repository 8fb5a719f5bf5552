"""The templates' filters (quizapp/web/display.py), registered once on the app: any template may show a
duration, an interval, a question's blank, an item's type and its sentence without the view passing a
helper in."""

from datetime import timedelta

from flask import render_template_string

from quizapp.models import Item

SENTENCE = '{% from "_macros.html" import sentence %}{{ sentence(item | sentence_parts) }}'


def shown(app, source: str, **context) -> str:
    with app.test_request_context():
        return render_template_string(source, **context)


def test_every_template_has_the_filters(app):
    assert shown(app, "{{ took | duration }}", took=timedelta(seconds=185)) == "3 min 5 s"
    assert shown(app, "{{ took | duration }}", took=None) == "—"
    assert shown(app, "{{ wait | interval }}", wait=timedelta(days=75)) == "2.5mo"
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
