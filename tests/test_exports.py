"""Every export read back by an independent reader (tests/helpers/readers.py): the .apkg as the SQLite
collection it is, Anki's text by its header rules, the CSV by Python's csv module as a spreadsheet reads it,
GIFT by Moodle's rules, QTI as XML. Hostile text (markup and script, GIFT's and Anki's special characters,
tabs, quotes, line breaks, control characters, non-ASCII) comes back as it was, and suspended questions
stay out."""

import csv
import io

import pytest
from sqlmodel import select

from quizapp import exports
from quizapp.exports import apkg
from quizapp.exports.cards import card_guid
from quizapp.generator.cloze import PROMPT
from quizapp.models import Article, Item, ItemStatus
from tests.helpers.readers import read_anki_text, read_apkg, read_gift, read_html, read_qti

TITLE = "Crème <b>brûlée</b> & “quotes”: a/b :: {x} \\ 日本"
SCRIPT = "<script>alert('x')</script>"

# (type, question, answer, accepted, choices, sentence, status)
HOSTILE = [
    (
        "who",
        f'#1: Who said "{SCRIPT}" {{=~#:}} \\ back\\slash?',
        'Zoë "Z" O\'Neil',
        ['Zoë "Z" O\'Neil', "O'Neil", "Zoe\tO'Neil"],
        ['Zoë "Z" O\'Neil', '=HYPERLINK("http://x")', "%50%half", "A -> B", "~tilde {x}"],
        "Line one\nline two\twith a tab & <i>markup</i> {{c1::no cloze}} \x07bell.",
        ItemStatus.ACTIVE,
    ),
    (
        "when",
        f'{PROMPT}In ____ the {{{{c2::x}}}} said "#1" = {SCRIPT}.',
        "2011",
        ["2011"],
        ["2011", "2010", "2012", "2013"],
        "In 2011 the chief said it.",
        ItemStatus.ACTIVE,
    ),
    (
        "how_many",
        "=1+1: how many stars * are there?",
        "5*",
        ["5*", "five*", "-5"],
        [],
        "日本語 🎌 — five stars.",
        ItemStatus.ACTIVE,
    ),
    ("who", f"{PROMPT}____ won: {{it}}.", "#1 Ann", ["#1 Ann"], [], "", ItemStatus.ACTIVE),
    ("where", "Where was the suspended question?", "Nowhere", ["Nowhere"], [], "x", ItemStatus.SUSPENDED),
]
ACTIVE = [row for row in HOSTILE if row[6] == ItemStatus.ACTIVE]
BELL = "\x07"


def _clean(text: str) -> str:
    return text.replace(BELL, "")


def _wrong(row) -> list[str]:
    return [choice for choice in row[4] if choice != row[2]]


def _accepted(row) -> list[str]:
    return [answer for answer in row[3] if answer != row[2]]


@pytest.fixture
def hostile(session):
    article = Article(title=TITLE, text="The text.", content_hash="hostile-hash")
    session.add(article)
    session.flush()
    for number, (kind, question, answer, accepted, choices, sentence, status) in enumerate(HOSTILE):
        session.add(
            Item(
                article_id=article.id,
                type=kind,
                question=question,
                answer=answer,
                accepted=accepted,
                choices=choices,
                sentence=sentence,
                sentence_start=number,
                sentence_end=number + 1,
                fact_key=f"{number}:{kind}",
                status=status,
            )
        )
    session.commit()
    return article


def _export(session, article, fmt):
    return exports.export(session, article.id if article else None, fmt).data


# ---------------------------------------------------------------- the Anki package


def test_apkg_is_an_anki_collection_with_a_note_per_active_question(session, hostile, tmp_path):
    package = read_apkg(_export(session, hostile, "apkg"), tmp_path)
    assert len(package.notes) == len(ACTIVE)  # the suspended one stays out
    assert set(package.decks.values()) == {"Default", f"QuizApp::{TITLE.replace('::', ': ')}"}
    for note, row in zip(package.notes, ACTIVE, strict=True):
        kind, question, answer, accepted, choices, sentence, _ = row
        assert [card["deck"] for card in note.cards] == [f"QuizApp::{TITLE.replace('::', ': ')}"]
        assert note.tags == ["QuizApp", f"QuizApp::{kind}"]
        fields = {name: read_html(value) for name, value in note.fields.items()}
        assert all(tag in {"li", "br"} for field in fields.values() for tag in field.tags), "markup let in"
        assert fields["Answer"].text == answer
        assert fields["Sentence"].text == _clean(sentence)
        assert fields["Article"].text == TITLE
        assert fields["Accepted"].text == ", ".join(_accepted(row))
        assert sorted(fields["Choices"].items) == sorted(choices)
        if question.startswith(PROMPT):  # a Cloze note, its answer the one deletion
            assert note.model["type"] == 1 and int(note.model["id"]) == apkg.CLOZE_MODEL_ID
            before, after = question.removeprefix(PROMPT).split("____")
            assert note.fields["Text"].count("{{c") == 1
            assert read_html(note.fields["Text"]).text == f"{before}{{{{c1::{answer}}}}}{after}"
        else:
            assert note.model["type"] == 0 and int(note.model["id"]) == apkg.QUESTION_MODEL_ID
            assert fields["Question"].text == question
        assert len(note.cards) == 1 and note.cards[0]["ord"] == 0


def test_apkg_front_shows_the_question_and_its_choices_and_the_back_the_rest(session, hostile, tmp_path):
    package = read_apkg(_export(session, hostile, "apkg"), tmp_path)
    question_model = package.models[apkg.QUESTION_MODEL_ID]
    (template,) = question_model["tmpls"]
    assert "{{Question}}" in template["qfmt"] and "{{Choices}}" in template["qfmt"]
    assert "{{Answer}}" not in template["qfmt"]
    for field_name in ("Answer", "Sentence", "Article"):
        assert "{{" + field_name + "}}" in template["afmt"]
    (cloze,) = package.models[apkg.CLOZE_MODEL_ID]["tmpls"]
    assert "{{cloze:Text}}" in cloze["qfmt"] and "{{Choices}}" in cloze["qfmt"]
    assert "{{Sentence}}" in cloze["afmt"] and "{{Article}}" in cloze["afmt"]


def test_apkg_ids_are_the_same_in_every_export_so_anki_updates_its_notes(session, hostile, stocked, tmp_path):
    for folder in ("one", "two", "library"):
        (tmp_path / folder).mkdir()
    first = read_apkg(_export(session, hostile, "apkg"), tmp_path / "one")
    edited = session.exec(select(Item).where(Item.article_id == hostile.id).order_by(Item.id)).first()
    edited.question = "Who said it, edited?"
    session.commit()
    second = read_apkg(_export(session, hostile, "apkg"), tmp_path / "two")
    assert [n.guid for n in first.notes] == [n.guid for n in second.notes]
    assert [n.model["id"] for n in first.notes] == [n.model["id"] for n in second.notes]
    assert first.decks == second.decks
    assert second.notes[0].mod >= first.notes[0].mod  # Anki updates a note when the import's is newer
    assert read_html(second.notes[0].fields["Question"]).text == "Who said it, edited?"
    # the guid is the article's text and the fact asked: the same on any install, in any export
    assert first.notes[0].guid == card_guid("hostile-hash", "0:who")
    library = {n.guid: n for n in read_apkg(_export(session, None, "apkg"), tmp_path / "library").notes}
    deck = f"QuizApp::{TITLE.replace('::', ': ')}"
    assert {card["deck"] for n in first.notes for card in library[n.guid].cards} == {deck}


def test_apkg_of_the_library_has_a_subdeck_per_article(session, hostile, stocked, tmp_path):
    package = read_apkg(_export(session, None, "apkg"), tmp_path)
    assert sorted(package.decks.values()) == sorted(
        ["Default", f"QuizApp::{TITLE.replace('::', ': ')}", f"QuizApp::{stocked.title}"]
    )
    assert len(package.notes) == len(ACTIVE) + 5


# ---------------------------------------------------------------- Anki's text, and CSV


def test_tsv_is_imported_by_anki_header_rules(session, hostile):
    data = _export(session, hostile, "tsv")
    notes = read_anki_text(data)
    assert notes.headers["separator"] == "tab" and notes.headers["html"] == "true"
    assert notes.headers["notetype"] == "Basic"
    assert len(notes.rows) == len(ACTIVE)
    for note, row in zip(notes.rows, ACTIVE, strict=True):
        kind, question, answer, accepted, choices, sentence, _ = row
        front, back = read_html(note.fields["Front"]), read_html(note.fields["Back"])
        assert all(tag in {"ol", "li", "br", "b", "i", "blockquote"} for tag in front.tags + back.tags)
        assert front.text == question
        assert sorted(front.items) == sorted(choices if len(choices) > 1 else [])
        assert answer in back.text and _clean(sentence) in back.text and TITLE in back.text
        assert note.deck == f"QuizApp::{TITLE.replace('::', ': ')}"  # a name: Anki makes the deck
        assert note.tags == ["QuizApp", f"QuizApp::{kind}"]
    guids = [note.guid for note in notes.rows]
    assert guids == [card_guid("hostile-hash", f"{n}:{row[0]}") for n, row in enumerate(ACTIVE)]


def test_tsv_guids_match_the_apkg_notes(session, hostile, tmp_path):
    text_guids = [row.guid for row in read_anki_text(_export(session, hostile, "tsv")).rows]
    assert text_guids == [note.guid for note in read_apkg(_export(session, hostile, "apkg"), tmp_path).notes]


def _as_cell(value: str) -> str:
    """What a cell holds: a formula's text behind an apostrophe."""
    return "'" + value if value[:1] in ("=", "@") else value


def test_csv_opens_as_a_spreadsheet_and_keeps_every_value(session, hostile):
    data = _export(session, hostile, "csv")
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 by its byte order mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(ACTIVE)
    for cells, row in zip(rows, ACTIVE, strict=True):
        kind, question, answer, accepted, choices, sentence, _ = row
        assert cells["Question"] == _as_cell(question)
        assert cells["Answer"] == answer
        assert cells["Also accepted"] == _as_cell("\n".join(_accepted(row)))
        assert cells["Wrong choices"] == _as_cell("\n".join(_wrong(row)))
        assert cells["Source sentence"] == _clean(sentence)
        assert cells["Article"] == TITLE and cells["Type"] == kind


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_text(session, hostile):
    rows = list(csv.reader(io.StringIO(_export(session, hostile, "csv").decode("utf-8-sig"))))
    assert not [cell for row in rows for cell in row if cell and cell[0] in "=+@"]
    assert "-5" in rows[3][2].split("\n")  # a negative number is still a number


# ---------------------------------------------------------------- Moodle's GIFT


def test_gift_reads_back_by_moodle_rules(session, hostile):
    questions = read_gift(_export(session, hostile, "gift"))
    assert len(questions) == len(ACTIVE)
    for gift, row in zip(questions, ACTIVE, strict=True):
        kind, question, answer, accepted, choices, sentence, _ = row
        assert gift.category == "$course$/QuizApp/" + TITLE.replace("/", "-")
        assert gift.markup == "html"
        assert gift.general_feedback == _clean(sentence)
        assert gift.title and len(gift.title) <= 60
        if choices:  # multiple choice (a missing word when the question has a blank)
            assert gift.kind == "multichoice"
            assert gift.right == [answer] and sorted(gift.wrong) == sorted(_wrong(row))
        else:  # short answer, every accepted answer right
            assert gift.kind == "shortanswer"
            assert gift.right == [answer, *_accepted(row)] and gift.wrong == []
        if question.startswith(PROMPT):
            before, after = question.removeprefix(PROMPT).split("____")
            assert (gift.text, gift.tail) == (before.strip(), after.strip())
        else:
            assert (gift.text, gift.tail) == (question, "")


def test_gift_of_the_library_has_a_category_per_article(session, hostile, stocked):
    questions = read_gift(_export(session, None, "gift"))
    categories = {q.category for q in questions}
    assert categories == {"$course$/QuizApp/" + TITLE.replace("/", "-"), f"$course$/QuizApp/{stocked.title}"}
    assert len(questions) == len(ACTIVE) + 5


# ---------------------------------------------------------------- QTI 1.2


def test_qti_items_have_their_choices_and_right_answer(session, hostile):
    (assessment,) = read_qti(_export(session, hostile, "qti"))
    assert assessment.title == TITLE
    assert len(assessment.items) == len(ACTIVE)
    for item, row in zip(assessment.items, ACTIVE, strict=True):
        kind, question, answer, accepted, choices, sentence, _ = row
        assert item.question == question
        assert item.feedback == _clean(sentence)
        if choices:
            assert item.question_type == "multiple_choice_question"
            assert sorted(item.choices.values()) == sorted(choices)
            assert [item.choices[ident] for ident in item.right] == [answer]
        else:
            assert item.question_type == "short_answer_question"
            assert item.right == [answer, *_accepted(row)]
    assert len({item.ident for item in assessment.items}) == len(ACTIVE)


def test_qti_of_the_library_has_an_assessment_per_article(session, hostile, stocked):
    assessments = read_qti(_export(session, None, "qti"))
    assert [a.title for a in assessments] == [TITLE, stocked.title]  # oldest first
    assert [len(a.items) for a in assessments] == [len(ACTIVE), 5]
    assert len({a.ident for a in assessments}) == 2


# ---------------------------------------------------------------- what cannot be exported


@pytest.mark.parametrize("fmt", sorted(exports.FORMATS))
def test_an_article_with_every_question_suspended_has_nothing_to_export(session, stocked, fmt):
    for item in session.exec(select(Item).where(Item.article_id == stocked.id)):
        item.status = ItemStatus.SUSPENDED
    session.commit()
    with pytest.raises(exports.ExportError, match="no active questions"):
        exports.export(session, stocked.id, fmt)
    with pytest.raises(exports.ExportError, match="no active questions"):
        exports.export(session, None, fmt)


def test_an_unknown_article_or_format_is_refused_in_words(session, stocked):
    with pytest.raises(exports.ExportError, match="no article 999"):
        exports.export(session, 999, "csv")
    with pytest.raises(exports.ExportError, match="Choose a format"):
        exports.export(session, stocked.id, "docx")


def test_file_names_come_from_the_title_and_are_safe_everywhere(session, hostile):
    made = exports.export(session, hostile.id, "gift")
    assert made.filename.endswith(".gift.txt")
    assert not set(made.filename) & set('\\/:*?"<>|')
    assert made.filename.startswith("Crème")
    assert exports.file_stem("../../etc/passwd") == "etc passwd"
    assert exports.file_stem("\x00\n") == "quizapp-export"


@pytest.mark.parametrize(
    "gift",
    [
        "::t::[html]Who { won {=Ann ~Bob}",  # a brace left in the text
        "::t::[html]Who won? {=Ann ~Bob} at {home}",
        "::t::How many? {=5*}",  # Moodle's wildcard, unescaped
        "::t::[html]Who won? {=Ann =Bob ~Cy}",  # two right choices
        "::t::[html]Who won? {=Ann ~B\\ob}",  # no such escape
        "::t::Who won? {=Ann -> Bob}",  # a matching question to Moodle
    ],
)
def test_the_gift_reader_refuses_what_moodle_would_misread(gift):
    """The round trips above mean something only if the reader is strict."""
    from tests.helpers.readers import GiftError

    with pytest.raises(GiftError):
        read_gift(gift.encode())
