"""How values read on the pages: the Jinja filters every template may use, registered once on the app by
`init_app`, so no view passes a helper into its render. A helper that describes a service's own value (a
quiz's time taken, a card's interval, where the answer stands in its sentence) is defined beside it and named
here."""

from flask import Flask
from markupsafe import Markup, escape

from quizapp import item_types
from quizapp.generator.cloze import BLANK
from quizapp.quizzes import format_duration, sentence_parts
from quizapp.scheduling import interval_label


def with_blank(question: str) -> Markup:
    """A fill-in-the-blank question with its blank marked up (the text itself escaped)."""
    marked = Markup('<span class="blank" role="img" aria-label="blank">{}</span>').format(BLANK)
    return marked.join(escape(part) for part in str(question).split(BLANK))


FILTERS = {
    "with_blank": with_blank,  # item.question | with_blank
    "duration": format_duration,  # quiz.duration | duration: "3 min 5 s"
    "interval": interval_label,  # a timedelta | interval: "4d", Anki's short form
    "sentence_parts": sentence_parts,  # item | sentence_parts: (before, answer, after) for the sentence macro
    "type_label": item_types.label,  # item.type | type_label: "How many"
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
