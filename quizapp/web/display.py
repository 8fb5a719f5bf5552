"""How values read on the pages: the Jinja filters every template may use, registered once on the app by
`init_app`, so no view passes a helper into its render. They are presentation only: the services
(quizzes, scheduling, flashcards) return the values (a duration, an interval, an item), and these say how
they read."""

import re
from datetime import timedelta

from flask import Flask
from markupsafe import Markup, escape

from quizapp import item_types, own_questions, stats
from quizapp.generator.answers import hide_in_title
from quizapp.generator.cloze import BLANK
from quizapp.models import Item, JobStatus


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
    """An interval as a learner reads it: "1 min", "10 min", "3 hours", "1 day", "10 days", "2.5 months",
    "1.2 years" (not Anki's "1m", which reads as a month as easily as a minute)."""
    seconds = max(interval.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)} min"
    if seconds < 86400:
        return _counted(round(seconds / 3600), "hour")
    days = seconds / 86400
    if days < 30:
        return _counted(round(days), "day")
    if days < 365:
        return _counted(round(days / 30, 1), "month")
    return _counted(round(days / 365, 1), "year")


def _counted(amount: float, unit: str) -> str:
    """ "1 day", "10 days", "2.5 months": a whole number without its ".0"."""
    number = f"{amount:g}"
    return f"{number} {unit}" + ("" if number == "1" else "s")


def sentence_parts(item: Item) -> tuple[str, str, str]:
    """(before, answer, after) of the item's source sentence, to highlight the answer; the answer part is
    empty when it cannot be found in the sentence."""
    sentence = item.sentence or ""
    span = _answer_span(item, sentence)
    if span is None:
        return sentence, "", ""
    start, end = span
    return sentence[:start], sentence[start:end], sentence[end:]


# "Who said …?" is often answered by a sentence naming the speaker by a pronoun: "…,” she said.
SPEAKER_PRONOUN = re.compile(
    r"\b(?P<before>he|she)\s+(?:said|says|told|added|asked)\b|\b(?:said|says|added|asked)\s+(?P<after>he|she)\b",
    re.IGNORECASE,
)
SAID_QUESTION = re.compile(r"Who (?:said|says|told|added|asked)\b")


def _answer_span(item: Item, sentence: str) -> tuple[int, int] | None:
    """Where the answer is in its sentence: as written, at the generator's offsets, as one of its accepted
    forms (a speaker's surname, "Takaichi said"), or for "Who said …?" the pronoun of the speaker."""
    found = sentence.casefold().find(item.answer.casefold()) if item.answer else -1
    if found >= 0:
        return found, found + len(item.answer)
    if item.answer_start is not None and item.answer_end is not None:
        start = item.answer_start - item.sentence_start
        end = item.answer_end - item.sentence_start
        if 0 <= start < end <= len(sentence):
            return start, end
    for form in sorted(item.accepted or [], key=len, reverse=True):
        if form.strip() and (match := re.search(rf"\b{re.escape(form)}\b", sentence, re.IGNORECASE)):
            return match.span()
    if SAID_QUESTION.match(item.question or "") and (match := SPEAKER_PRONOUN.search(sentence)):
        group = "before" if match.group("before") else "after"
        return match.span(group)
    return None


FILTERS = {
    "with_blank": with_blank,  # item.question | with_blank
    "duration": format_duration,  # quiz.duration | duration: "3 min 5 s"
    "interval": interval_label,  # a timedelta | interval: "4 days"
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
    app.jinja_env.globals["JobStatus"] = JobStatus  # the article-being-added page, by its job's status
