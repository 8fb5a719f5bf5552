"""How values read on the pages: the Jinja filters every template may use, registered once on the app by
`init_app`, so no view passes a helper into its render. They are presentation only: the services
(quizzes, scheduling, flashcards) return the values (a duration, an interval, an item), and these say how
they read."""

from datetime import timedelta

from flask import Flask
from markupsafe import Markup, escape

from quizapp import item_types, own_questions, stats
from quizapp.generator.answers import hide_in_title
from quizapp.generator.cloze import BLANK
from quizapp.models import Item


def with_blank(question: str) -> Markup:
    """A fill-in-the-blank question with its blank marked up (the text itself escaped)."""
    marked = Markup('<span class="blank" role="img" aria-label="blank">{}</span>').format(BLANK)
    return marked.join(escape(part) for part in str(question).split(BLANK))


def format_duration(duration: timedelta | None) -> str:
    """A quiz's time taken: "45 s", "3 min 5 s", "1 h 2 min"; "—" when unknown."""
    if duration is None:
        return "—"
    seconds = max(int(duration.total_seconds()), 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def interval_label(interval: timedelta) -> str:
    """Anki-style short interval: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(interval.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".rstrip("0").rstrip(".") + "mo"
    return f"{days / 365:.1f}".rstrip("0").rstrip(".") + "y"


def sentence_parts(item: Item) -> tuple[str, str, str]:
    """(before, answer, after) of the item's source sentence, to highlight the answer; the answer part is
    empty when it cannot be found in the sentence."""
    sentence = item.sentence or ""
    found = sentence.casefold().find(item.answer.casefold()) if item.answer else -1
    if found >= 0:
        end = found + len(item.answer)
        return sentence[:found], sentence[found:end], sentence[end:]
    if item.answer_start is not None and item.answer_end is not None:
        start = item.answer_start - item.sentence_start
        end = item.answer_end - item.sentence_start
        if 0 <= start < end <= len(sentence):
            return sentence[:start], sentence[start:end], sentence[end:]
    return sentence, "", ""


FILTERS = {
    "with_blank": with_blank,  # item.question | with_blank
    "duration": format_duration,  # quiz.duration | duration: "3 min 5 s"
    "interval": interval_label,  # a timedelta | interval: "4d", Anki's short form
    "sentence_parts": sentence_parts,  # item | sentence_parts: (before, answer, after) for the sentence macro
    "type_label": item_types.label,  # item.type | type_label: "How many"
    # article.title | hide_answer(item.answer): the headline above a question, its answer blanked out
    "hide_answer": hide_in_title,
    "quiz_subject": stats.quiz_subject,  # quiz | quiz_subject(its article's title): "All articles"
    "origin": own_questions.origin,  # item | origin: "hand" or "import" for a teacher's, None for generated
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals["question_kinds"] = item_types.LABELS  # the add-a-question form's choice
