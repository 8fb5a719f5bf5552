"""Reading questions from CSV and TSV files: spreadsheets with a header row, Anki's text export with its
header lines, Quizlet's term/definition lines; every problem reported with its line, nothing stored while
one remains; and storing them as items with a card for every learner."""

import pytest
from sqlmodel import func, select

from quizapp import imports
from quizapp.imports import ImportProblem, decode, import_questions, parse
from quizapp.models import Article, CardState, Item
from quizapp.scheduling import add_learner


def drafts(text: str) -> list[tuple]:
    return [
        (row.line, row.checked.draft.question, row.checked.draft.answer, row.checked.draft.wrong)
        for row in parse(text).rows
    ]


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ImportProblem) as raised:
        parse(text)
    return raised.value.problems


def test_quizlet_lines_split_at_the_first_tab_or_comma():
    tabs = "Paris\tcapital of France, on the Seine\nBerlin\tcapital of Germany\n"
    commas = "Paris, capital of France, on the Seine\r\nBerlin, capital of Germany\r\n"
    expected = [
        (1, "Paris", "capital of France, on the Seine", ()),
        (2, "Berlin", "capital of Germany", ()),
    ]
    assert drafts(tabs) == expected and drafts(commas) == expected


def test_a_header_row_names_the_columns_in_any_order_and_quoted_cells_may_hold_commas_and_lines():
    text = (
        "Wrong 1,Answer,Question,Wrong 2,Wrong 3,Notes,Source sentence\n"
        'Lyon,Paris,"What is the capital of France, the republic?",Nice,Lille,ignored,"It is ""Paris""."\n'
        "\n"
        'Amazon,Nile,"Which river is the\nlongest?",Congo,Niger,,\n'
    )
    sheet = parse(text)
    assert [(row.line, row.checked.draft.question) for row in sheet.rows] == [
        (2, "What is the capital of France, the republic?"),
        (4, "Which river is the longest?"),
    ]
    first = sheet.rows[0].checked
    assert first.draft.wrong == ("Lyon", "Nice", "Lille") and sorted(first.choices) == [
        "Lille",
        "Lyon",
        "Nice",
        "Paris",
    ]
    assert first.draft.sentence == 'It is "Paris".' and sheet.ignored == ["Notes"]


def test_without_a_header_the_columns_are_in_their_documented_order():
    line = "Who wrote Hamlet?\tWilliam Shakespeare\tthe Bard; Will\tMarlowe\tJonson\tKyd\tIt is from 1600.\n"
    [row] = parse(line).rows
    draft = row.checked.draft
    assert (draft.accepted, draft.wrong, draft.sentence, draft.type) == (
        ("the Bard", "Will"),
        ("Marlowe", "Jonson", "Kyd"),
        "It is from 1600.",
        "who",
    )
    assert "Shakespeare" in row.checked.accepted  # the checker's surname variant
    assert problems("a\tb\tc\td\te\tf\tg\th\n") == [(1, imports.TOO_MANY_COLUMNS.format(count=8))]


def test_anki_header_lines_are_honoured():
    text = (
        "#separator:Pipe\n"
        "#html:true\n"
        "#deck:Geography::Capitals\n"
        "#notetype:Basic\n"
        "#guid column:1\n"
        "#tags column:4\n"
        "#columns:guid|Front|Back|Tags\n"
        "a1b2|What is the capital of <b>France</b>?|Paris&nbsp;<br>(on the Seine)|geo europe\n"
        "# a comment line\n"
        "c3d4|Who painted the <i>Mona Lisa</i>?<script>alert(1)</script>|Leonardo da Vinci|art\n"
    )
    sheet = parse(text)
    assert sheet.deck == "Capitals" and sheet.comments == [9] and sheet.ignored == []
    assert [(r.line, r.checked.draft.question, r.checked.draft.answer) for r in sheet.rows] == [
        (8, "What is the capital of France?", "Paris (on the Seine)"),
        (10, "Who painted the Mona Lisa?", "Leonardo da Vinci"),
    ]


def test_without_html_true_tags_are_kept_as_text_unless_the_file_has_html_in_it():
    plain = "#html:false\nIs 2 < 3 and <b>bold</b>?\tyes\n"
    assert drafts(plain)[0][1] == "Is 2 < 3 and <b>bold</b>?"
    guessed = "What is <b>bold</b>?\theavy &amp; dark\n"  # as Anki: a tag or an entity makes it HTML
    assert drafts(guessed)[0][1:3] == ("What is bold?", "heavy & dark")


def test_anki_cloze_notes_become_one_blank_each():
    note = "{{c1::Paris}} is the capital of {{c2::France::country}}."
    text = f"#separator:tab\n#notetype:Cloze\n{note}\tSeen on a map\n"
    assert [
        (r.checked.draft.question, r.checked.draft.answer, r.checked.draft.sentence) for r in parse(text).rows
    ] == [
        ("Fill in the blank: ____ is the capital of France.", "Paris", "Seen on a map"),
        ("Fill in the blank: Paris is the capital of ____.", "France", "Seen on a map"),
    ]
    assert problems("#notetype:Cloze\nNo deletion here\textra\n") == [
        (2, "a cloze note needs a deletion such as {{c1::answer}}.")
    ]


def test_every_bad_line_is_reported_and_none_is_read():
    text = (
        "question,answer,wrong 1,wrong 2,wrong 3\n"
        "What is the capital of France?,Paris,Lyon,Nice,Lille\n"
        "Who is Paris named after?,,,,\n"
        "What city is Paris?,Paris,,,\n"
        "Which sea is the largest?,Pacific,Atlantic,Atlantic,Indian\n"
        "How many legs has a spider?,8,6,,\n"
    )
    assert problems(text) == [
        (3, "Write the answer."),
        (4, "The question gives its answer away: “Paris” is in it."),
        (5, "The wrong choice “Atlantic” is given twice: the four choices must differ."),
        (6, "Give three wrong choices, or none for a question answered by typing (1 given)."),
    ]


def test_a_line_that_is_one_column_says_how_the_columns_were_read():
    assert problems("Paris\tFrance\nBerlin Germany\n") == [
        (2, imports.NO_ANSWER.format(question="Berlin Germany", separator="a tab"))
    ]


def test_repeated_questions_are_read_once():
    sheet = parse("Paris,France\nparis ,Frankreich\nBerlin,Germany\n")
    assert [row.line for row in sheet.rows] == [1, 3] and sheet.repeated == [2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("  \n\t\n", "The file is empty"),
        ("#separator:tab\n#html:false\n", "The file has no questions in it"),
        ("\x01\x02\x03\x04 binary \x05\x06", "looks like binary data"),
        ('question,answer\n"unclosed,quote\n', "cannot be read as CSV from here"),
        ("#separator:weird\na\tb\n", "“weird” is no separator"),
        ("#columns:Notes,Tags\nx,y\n", "names no question column"),
        ("#tags column:last\na\tb\n", "is a column number"),
        ("#html:maybe\na\tb\n", "#html: is true or false"),
    ],
)
def test_bad_files_get_a_clear_message(text, message):
    with pytest.raises(ImportProblem) as raised:
        parse(text)
    assert message in str(raised.value) + " ".join(raised.value.lines())


def test_a_huge_file_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(imports, "MAX_QUESTIONS", 3)
    with pytest.raises(ImportProblem, match="4 rows; QuizApp imports up to 3 questions"):
        parse("".join(f"Q{n}?\tA{n}\n" for n in range(4)))
    with pytest.raises(ImportProblem, match="too large"):
        parse("x" * (imports.MAX_CHARS + 1))


def test_only_the_first_problems_are_listed_then_how_many_more():
    text = "".join(f"Question {n}?\t\n" for n in range(30))
    with pytest.raises(ImportProblem) as raised:
        parse(text)
    shown = raised.value.lines()
    assert len(shown) == imports.PROBLEMS_SHOWN + 1 and shown[-1] == "… and 10 more."
    assert str(raised.value).startswith("Nothing was imported: 30 lines have a problem.")


def test_decoding_takes_utf8_and_utf16_and_refuses_binary_and_other_encodings():
    assert decode("\ufeffQ\tÅ\n".encode()) == "Q\tÅ\n"
    assert decode("Q\tÅ\n".encode("utf-16")) == "Q\tÅ\n"  # Excel's "Unicode text", with its BOM
    with pytest.raises(ImportProblem, match="binary file"):
        decode(b"PK\x03\x04\x00\x00zip")
    with pytest.raises(ImportProblem, match="not UTF-8 text"):
        decode("Q\tcafé\n".encode("cp1252"))


# ---------------------------------------------------------------- storing


def count(session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_an_import_makes_an_article_of_its_own_with_a_card_for_every_learner(session, stocked):
    add_learner(session, "second")
    done = import_questions(session, "#deck:Capitals\nParis\tFrance\nBerlin\tGermany\n", source="caps.txt")
    session.commit()
    assert done.new_article and done.added == 2 and done.article.title == "Capitals"
    assert done.article.text == "" and done.article.source == "caps.txt"
    items = session.exec(select(Item).where(Item.article_id == done.article.id)).all()
    assert {item.fact_key.split(":")[0] for item in items} == {"import"}
    assert count(session, CardState, CardState.item_id.in_([i.id for i in items])) == 4  # two learners


def test_the_same_file_again_changes_nothing_and_an_article_gets_only_what_it_lacks(session, stocked):
    text = "Paris\tFrance\nBerlin\tGermany\n"
    first = import_questions(session, text, source="caps.txt")
    again = import_questions(session, text, source="caps.txt")
    assert again.same_file and again.article.id == first.article.id and again.added == 0
    more = import_questions(session, "Berlin\tGermany\nRome\tItaly\n", article=first.article)
    assert (more.added, more.already) == (1, 1)
    into_stocked = import_questions(session, "Where was the Nordic marathon held?\tOslo\n", article=stocked)
    assert (into_stocked.added, into_stocked.already) == (0, 1)  # the generated question is there already
    assert count(session, Article) == 2 and count(session, Item, Item.article_id == first.article.id) == 3


def test_a_bad_file_stores_nothing(session, stocked):
    before = count(session, Item)
    with pytest.raises(ImportProblem):
        import_questions(session, "Paris\tFrance\nBerlin\t\n", source="bad.txt")
    session.rollback()
    assert count(session, Item) == before and count(session, Article) == 1


def test_imported_answers_are_no_wrong_choices_for_generated_questions(session, stocked):
    from quizapp.ingest import distractor_pool

    import_questions(session, "What does 'rapide' mean?\tquick, fast\n", source="french.txt")
    pooled = [answer for answers in distractor_pool(session).values() for answer in answers]
    assert "Oslo" in pooled and "quick, fast" not in pooled


# QuizApp's own exports (quizapp/exports/text.py, issue 17's other half), as they are written: read back.
QUIZAPP_TSV = (
    "#separator:tab\n#html:true\n#notetype:Basic\n#columns:Front\tBack\tTags\tDeck\tGUID\n"
    "#tags column:3\n#deck column:4\n#guid column:5\n"
    'Who won the race in &#35;1 form?<ol type="A"><li>Anna Berg</li><li>Mara Lindqvist</li><li>Eva Holm</li>'
    "<li>Kari Nes</li></ol>\t<b>Mara Lindqvist</b><br>Also accepted: Lindqvist, M. Lindqvist<br>"
    "<blockquote>Mara Lindqvist won the race.</blockquote><br><i>Nordic marathon</i>\t"
    "QuizApp QuizApp::who\tQuizApp::Nordic marathon\tabc123\n"
)
QUIZAPP_CSV = (
    "\ufeffQuestion,Answer,Also accepted,Wrong choices,Source sentence,Article,Type,ID\r\n"
    '"How many runners finished?",4000,"4,000\nfour thousand","3000\n5000\n400",'
    '"She finished ahead of 4,000 runners.",Nordic marathon,how_many,abc\r\n'
    "What does the sign say?,'=SUM(A1),,,,Nordic marathon,what,def\r\n"
)


def test_quizapp_s_own_anki_text_export_reads_back():
    [row] = parse(QUIZAPP_TSV).rows
    draft = row.checked.draft
    assert (draft.question, draft.answer, draft.sentence) == (
        "Who won the race in #1 form?",
        "Mara Lindqvist",
        "Mara Lindqvist won the race.",
    )
    assert draft.wrong == ("Anna Berg", "Eva Holm", "Kari Nes") and "M. Lindqvist" in row.checked.accepted


def test_quizapp_s_own_csv_export_reads_back():
    sheet = parse(QUIZAPP_CSV.encode().decode("utf-8-sig"))
    first, second = (row.checked for row in sheet.rows)
    assert (first.draft.answer, first.draft.type, first.draft.wrong) == (
        "4000",
        "how_many",
        ("3000", "5000", "400"),
    )
    assert (
        "four thousand" in first.accepted and first.draft.sentence == "She finished ahead of 4,000 runners."
    )
    assert second.draft.answer == "=SUM(A1)"  # without the apostrophe that kept a spreadsheet from running it
    assert sheet.ignored == ["Article", "ID"]
