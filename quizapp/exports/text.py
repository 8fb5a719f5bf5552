"""Text exports: Anki's tab-separated notes, with the header lines that make Anki import them without asking
anything, and a plain CSV for a spreadsheet."""

import csv
import io

from quizapp.exports.apkg import deck_name
from quizapp.exports.cards import ArticleCards, Card, choices_html, html_of

# Anki's text import (rslib import_export/text/csv): "#key:value" lines before the first note; the columns
# are named by #columns, and Front and Back are the fields of Anki's stock Basic note type, which every
# collection has. The deck is a column, not "#deck:": Anki ignores a #deck naming a deck it does not have
# yet, but makes the deck a column names.
TSV_COLUMNS = ["Front", "Back", "Tags", "Deck", "GUID"]


def _back(card: Card, title: str) -> str:
    parts = [f"<b>{html_of(card.answer)}</b>"]
    if card.accepted:
        parts.append(f"Also accepted: {html_of(', '.join(card.accepted))}")
    if card.sentence:
        parts.append(f"<blockquote>{html_of(card.sentence)}</blockquote>")
    parts.append(f"<i>{html_of(title)}</i>")
    return "<br>".join(parts)


def _front(card: Card) -> str:
    """The question, and the choices under it. A leading "#" (a comment line to Anki's reader) is written as
    a character reference."""
    front = html_of(card.question)
    if card.choices:
        front += f'<ol type="A">{choices_html(card)}</ol>'
    return "&#35;" + front[1:] if front.startswith("#") else front


def write_tsv(articles: list[ArticleCards]) -> bytes:
    """The fields are HTML (html_of), with no tab, line break or double quote of their own; the deck is a
    name, quoted as Anki's CSV reader reads a quoted field when it has one of those."""
    buffer = io.StringIO()
    for line in (
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        "#columns:" + "\t".join(TSV_COLUMNS),
        f"#tags column:{TSV_COLUMNS.index('Tags') + 1}",
        f"#deck column:{TSV_COLUMNS.index('Deck') + 1}",
        f"#guid column:{TSV_COLUMNS.index('GUID') + 1}",
    ):
        buffer.write(line + "\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    for article in articles:
        deck = deck_name(article.title)
        for card in article.cards:
            tags = f"QuizApp QuizApp::{'_'.join(card.type.split())}"
            writer.writerow([_front(card), _back(card, article.title), tags, deck, card.guid])
    return buffer.getvalue().encode()


CSV_COLUMNS = [
    "Question",
    "Answer",
    "Also accepted",
    "Wrong choices",
    "Source sentence",
    "Article",
    "Type",
    "ID",
]
# A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "@SUM(…)") starts with one of these: it gets
# an apostrophe in front, which spreadsheets show as text (OWASP's CSV injection advice). A leading "-" or
# "+" is left alone before a number ("-5", "+3.2%"), which a spreadsheet reads as the number it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    if value.startswith(FORMULA_STARTS):
        if value[0] in "+-" and _is_number(value[1:]):
            return value
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").rstrip("%"))
    except ValueError:
        return False
    return True


def write_csv(articles: list[ArticleCards]) -> bytes:
    """UTF-8 with a byte order mark, which Excel needs to read it as UTF-8; several values in one cell (the
    other accepted answers, the wrong choices) one per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for article in articles:
        for card in article.cards:
            row = [
                card.question,
                card.answer,
                "\n".join(card.accepted),
                "\n".join(card.wrong),
                card.sentence,
                article.title,
                card.type,
                card.guid,
            ]
            writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()
