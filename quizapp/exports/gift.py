"""Moodle's GIFT: a question category per article, and per card a multiple-choice question (its wrong
choices with "~"), a missing-word question for a fill-in-the-blank one (the choices, or the accepted answers,
where the blank is), or a short-answer question with every accepted answer; the source sentence is the
general feedback.

Question texts, choices and feedback are HTML ("[html]"), escaped so that a question's own markup shows as
text; short answers are compared with what a student types, so they are left as typed. Then GIFT's own
escapes: a backslash before each of ~ = # { } : and the backslash itself, and "\\n" for a line break (a
blank line would end the question); in a short answer, "\\*" for an asterisk."""

import html

from quizapp.exports.cards import ArticleCards, Card

SPECIAL = "\\~=#{}:"
TITLE_CHARS = 60


def escape(text: str) -> str:
    for char in SPECIAL:  # the backslash first, so the others' backslashes are not doubled
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _html(text: str) -> str:
    return escape(html.escape(text, quote=False))


def _title(card: Card) -> str:
    """The name the question bank lists it by: the start of the question."""
    words = card.question.split()
    title = " ".join(words)
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return escape(title)


def _choice(text: str) -> str:
    """A choice, as HTML: a leading "%" would be read as a weight ("~%50%…"), so it is a character reference
    (with its "#" escaped)."""
    escaped = _html(text)
    return "&\\#37;" + escaped[1:] if escaped.startswith("%") else escaped


def _short_answer(text: str) -> str:
    """A short answer, as typed: Moodle reads "*" in one as "anything", "\\*" as an asterisk."""
    return escape(text).replace("*", "\\*")


def _answers(card: Card) -> str:
    feedback = f" ####[html]{_html(card.sentence)}" if card.sentence else ""
    if card.choices:
        marks = " ".join(("=" if choice == card.answer else "~") + _choice(choice) for choice in card.choices)
    else:
        marks = " ".join("=" + _short_answer(answer) for answer in [card.answer, *card.accepted])
    return "{" + marks + feedback + "}"


def _question(card: Card) -> str:
    if card.cloze:
        before, after = card.cloze
        text = f"{_html(before.rstrip())} {_answers(card)} {_html(after.lstrip())}".rstrip()
    else:
        text = f"{_html(card.question)} {_answers(card)}"
    return f"::{_title(card)}::[html]{text}"


def category(title: str) -> str:
    """The article's category under QuizApp's. "/" nests categories in Moodle, so a title's own is loosened;
    the line is read to its end, unescaped."""
    return "$CATEGORY: $course$/QuizApp/" + " ".join(title.replace("/", "-").split())


def write(articles: list[ArticleCards]) -> bytes:
    blocks = ["// QuizApp questions, in Moodle's GIFT format (Question bank > Import > GIFT)."]
    for article in articles:
        blocks.append(category(article.title))
        blocks += [_question(card) for card in article.cards]
    return ("\n\n".join(blocks) + "\n").encode()
