"""Importing questions from a CSV or TSV file: a spreadsheet's (a header row names the columns), Anki's text
export (its `#separator:`, `#html:`, `#columns:`, `#deck:`, `#notetype:` and `#... column:` header lines
honoured, cloze notes made fill-in-the-blank questions) or Quizlet's "term<TAB>definition" and "term,
definition" lines. Every problem is reported with its line, and nothing is stored while one remains: the
questions go into an article in the caller's transaction (quizapp.own_questions stores them)."""

import csv
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from quizapp.generator.answers import normalise
from quizapp.generator.cloze import BLANK
from quizapp.generator.cloze import PROMPT as CLOZE_PROMPT
from quizapp.ingest import content_hash, stored_article
from quizapp.models import IMPORTED, Article
from quizapp.own_questions import Checked, Draft, check, item_of, one_line, questions_of, store

MAX_QUESTIONS = 5_000
MAX_CHARS = 5_000_000  # a file this long holds far more than MAX_QUESTIONS questions
PROBLEMS_SHOWN = 20
EXTENSIONS = (".csv", ".tsv", ".txt", ".tab")
SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
# Column names (lower case, spaces for _ and -) and the field each one fills.
COLUMNS = {
    **dict.fromkeys(["question", "questions", "front", "term", "prompt", "text", "q"], "question"),
    **dict.fromkeys(["answer", "back", "definition", "a", "correct answer", "right answer"], "answer"),
    **dict.fromkeys(
        [
            "accepted",
            "accepted answers",
            "also accept",
            "also accepted",
            "alternatives",
            "alternative answers",
            "other answers",
        ],
        "accepted",
    ),
    **dict.fromkeys(
        ["wrong", "wrong choices", "wrong answers", "distractors", "incorrect", "incorrect answers"], "wrong"
    ),
    **{
        f"{word} {n}": "wrong"
        for word in ("wrong", "wrong choice", "distractor", "incorrect")
        for n in (1, 2, 3)
    },
    **dict.fromkeys(["choices", "options", "all choices"], "choices"),
    **{f"{word} {n}": "choices" for word in ("choice", "option") for n in (1, 2, 3, 4)},
    **dict.fromkeys(["sentence", "source sentence", "source", "context", "back extra", "extra"], "sentence"),
    **dict.fromkeys(["type", "kind", "question type"], "type"),
}
# Without a header row: question, answer, other accepted answers, three wrong choices, source sentence.
POSITIONAL = ("question", "answer", "accepted", "wrong", "wrong", "wrong", "sentence")
SEVERAL = ("accepted", "wrong", "choices")  # these take several values in a cell, split at | or ;
SPLIT = re.compile(r"\s*[|;\n]\s*")
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);", re.I)
FORMULA_STARTS = ("=", "+", "-", "@")
IMPORT_MARK = "quizapp import\n"  # an imported file's content hash is no article text's


class ImportProblem(Exception):
    """Why a file cannot be imported, in words for the teacher, and each bad line's problem."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []

    def lines(self) -> list[str]:
        """The problems to show: the first PROBLEMS_SHOWN, then how many more."""
        shown = [f"Line {line}: {problem}" for line, problem in self.problems[:PROBLEMS_SHOWN]]
        if len(self.problems) > PROBLEMS_SHOWN:
            shown.append(f"… and {len(self.problems) - PROBLEMS_SHOWN:,} more.")
        return shown


@dataclass(frozen=True)
class Row:
    line: int
    checked: Checked


@dataclass
class Sheet:
    """A file's questions, checked, with what was passed over on the way."""

    rows: list[Row] = field(default_factory=list)
    deck: str | None = None  # Anki's #deck:, a title for a new article
    comments: list[int] = field(default_factory=list)  # lines starting with #, after the header
    repeated: list[int] = field(default_factory=list)  # lines asking a question an earlier line asks
    ignored: list[str] = field(default_factory=list)  # columns QuizApp does not read


def decode(data: bytes, name: str = "The file") -> str:
    """A file's bytes as text: UTF-8 (with or without its byte-order mark), or UTF-16 with one (Excel's
    "Unicode text"); a binary file or another encoding is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(f"{name} is not readable UTF-16 text.") from None
    if b"\x00" in data:
        raise ImportProblem(f"{name} is a binary file, not a CSV or TSV file of questions.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(
            f"{name} is not UTF-8 text. Save it as “CSV UTF-8” (Excel) or UTF-8 text and try again."
        ) from None


# ---------------------------------------------------------------- reading


@dataclass
class _Header:
    """What Anki's header lines say (https://docs.ankiweb.net/importing/text-files.html)."""

    separator: str | None = None
    html: bool | None = None
    columns: str | None = None  # the #columns: line, split once the separator is known
    deck: str | None = None
    cloze: bool = False  # #notetype:Cloze
    meta_columns: set[int] = field(default_factory=set)  # 1-based: tags, guid, deck, notetype columns
    tags_column: int | None = None


def _read_header(lines: list[str], problems: list[tuple[int, str]]) -> tuple[_Header, int]:
    """The header lines at the top (and blank lines among them); returns the header and how many lines."""
    header = _Header()
    count = 0
    for number, line in enumerate(lines, 1):
        text = line.rstrip("\r\n")
        if not text.strip():
            count = number
            continue
        if number == 1 and text.startswith("tags:"):
            count = number
            continue
        if not text.startswith("#"):
            break
        count = number
        key, colon, value = text[1:].partition(":")
        if not colon:
            continue  # a comment
        key, value = key.strip().lower(), value.strip()
        if key == "separator":
            header.separator = SEPARATORS.get(value.lower(), value if len(value) == 1 else None)
            if header.separator is None:
                problems.append(
                    (number, f"“{value}” is no separator: use tab, comma, semicolon, pipe or colon.")
                )
        elif key == "html":
            if value.lower() not in ("true", "false"):
                problems.append((number, f"#html: is true or false, not “{value}”."))
            header.html = value.lower() == "true"
        elif key == "columns":
            header.columns = value
        elif key == "deck":
            header.deck = value.split("::")[-1].strip() or None
        elif key == "notetype":
            header.cloze = "cloze" in value.lower()
        elif key in ("tags column", "guid column", "deck column", "notetype column"):
            if value.isdigit() and int(value) > 0:
                header.meta_columns.add(int(value))
                header.tags_column = int(value) if key == "tags column" else header.tags_column
            else:
                problems.append((number, f"#{key}: is a column number, not “{value}”."))
    return header, count


def _separator(header: _Header, first_line: str) -> str:
    if header.separator:
        return header.separator
    if "\t" in first_line:
        return "\t"
    if ";" in first_line and "," not in first_line:
        return ";"
    return ","


def _named(separator: str) -> str:
    name = next((name for name, char in SEPARATORS.items() if char == separator), f"“{separator}”")
    return f"a {name}" if name in ("tab", "comma", "semicolon", "pipe", "colon", "space") else name


def _column_names(cells: list[str]) -> list[str | None]:
    return [COLUMNS.get(re.sub(r"[\s_-]+", " ", cell.strip().lower())) for cell in cells]


def _records(body: list[str], first: int, separator: str, problems) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each CSV record: a quoted cell may run over several lines."""
    reader = csv.reader(io.StringIO("".join(body), newline=""), delimiter=separator, strict=True)
    records = []
    start = first
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:
            problems.append((start, f"the file cannot be read as CSV from here ({error})."))
            return records
        records.append((start, cells))
        start = first + reader.line_num


def parse(text: str) -> Sheet:
    """The questions of a CSV or TSV file's text, checked; ImportProblem when the file is empty, too large or
    not a table of questions, or when any line has a problem (each is listed)."""
    _refuse_at_once(text)
    problems: list[tuple[int, str]] = []
    lines = io.StringIO(text, newline="").readlines()
    header, head = _read_header(lines, problems)
    body = lines[head:]
    separator = _separator(header, next((line for line in body if line.strip()), ""))
    sheet = Sheet(deck=header.deck)
    records = []
    for line, cells in _records(body, head + 1, separator, problems):
        if lines[line - 1].startswith("#"):
            sheet.comments.append(line)  # Anki's rule: a comment
        elif any(cell.strip() for cell in cells):
            records.append((line, cells))
    names, records = _layout(header, separator, records, sheet)
    if names is not None and "question" not in names:
        problems.append((head, "the columns line names no question column (Question, Front or Term)."))
    if len(records) > MAX_QUESTIONS:
        raise ImportProblem(
            f"The file has {len(records):,} rows; QuizApp imports up to {MAX_QUESTIONS:,} questions at a "
            "time. Split it into smaller files."
        )
    is_html = header.html
    if is_html is None:  # as Anki: HTML when any cell has a tag or an entity
        is_html = any(TAG.search(cell) for _, cells in records for cell in cells)
    reading = _Reading(header, names, separator, is_html)
    seen: set[str] = set()
    for line, cells in records:
        for draft in _drafts_of(reading, line, cells, problems):
            checked = check(draft)
            key = normalise(checked.draft.question)
            if checked.error:
                problems.append((line, checked.error))
            elif key in seen:
                sheet.repeated.append(line)
            else:
                seen.add(key)
                sheet.rows.append(Row(line, checked))
    if problems:
        bad = len({line for line, _ in problems})
        lines_word = "line has" if bad == 1 else "lines have"
        raise ImportProblem(
            f"Nothing was imported: {bad:,} {lines_word} a problem. Fix the file and import it again.",
            sorted(problems),
        )
    if not sheet.rows:
        raise ImportProblem("The file has no questions in it, only header lines or comments.")
    return sheet


NO_ANSWER = (
    "no answer: the whole line, “{question}”, is one column (QuizApp read the columns as separated by "
    "{separator})."
)
TOO_MANY_COLUMNS = (
    "{count} columns, but without a header row QuizApp reads seven: question, answer, accepted answers, "
    "three wrong choices, source sentence. Add a header row naming the columns."
)


@dataclass(frozen=True)
class _Reading:
    """How a file's records are read: its header, the field of each column (None: POSITIONAL), its
    separator, and whether its cells are HTML."""

    header: _Header
    names: list[str | None] | None
    separator: str
    is_html: bool

    @property
    def quizlet(self) -> bool:
        """Quizlet's "term, definition" lines have no quotes: a definition's own commas belong to it."""
        return self.names is None and self.separator == "," and self.header.separator is None


def _drafts_of(reading: _Reading, line: int, cells: list[str], problems) -> list[Draft]:
    """The questions of one record (two or more for an Anki cloze note), or none when it has a problem."""
    header = reading.header
    if reading.quizlet and len(cells) > 2:
        cells = [cells[0], ",".join(cells[1:])]
    exported = _exported_by_quizapp(header, cells)
    cells = [cell for number, cell in enumerate(cells, 1) if number not in header.meta_columns]
    if reading.names is None and len(cells) > len(POSITIONAL):
        problems.append((line, TOO_MANY_COLUMNS.format(count=len(cells))))
        return []
    values = _values(reading.names or POSITIONAL, cells, reading.is_html and not exported)
    if exported:
        values |= _quizapp_note(values["question"], values["answer"])
    if len(cells) == 1 and not CLOZE.search(values["question"]):
        separator = _named(reading.separator)
        problems.append((line, NO_ANSWER.format(question=values["question"][:80], separator=separator)))
        return []
    return _drafts(values, header.cloze, problems, line)


def _refuse_at_once(text: str) -> None:
    if not text.strip():
        raise ImportProblem("The file is empty: there are no questions in it.")
    if len(text) > MAX_CHARS:
        raise ImportProblem(
            f"The file is too large ({len(text):,} characters; the limit is {MAX_CHARS:,}). Split it."
        )
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > len(text) * 0.01:
        raise ImportProblem("The file looks like binary data, not a CSV or TSV file of questions.")


def _layout(header: _Header, separator: str, records: list, sheet: Sheet):
    """The field each column fills, by the #columns: line or a header row (then taken off the records);
    None for the columns in POSITIONAL order."""
    if header.columns is not None:
        labels = next(csv.reader([header.columns], delimiter=separator), [])
    elif records:
        labels = records[0][1]
        found = _column_names(labels)
        if "question" not in found or not {"answer", "choices"} & set(found):
            return None, records  # a first question, not a header row
        records = records[1:]
    else:
        return None, records
    labels = [label for number, label in enumerate(labels, 1) if number not in header.meta_columns]
    names = _column_names(labels)
    sheet.ignored = [
        label for label, name in zip(labels, names, strict=True) if name is None and label.strip()
    ]
    return names, records


def _values(columns, cells: list[str], is_html: bool) -> dict:
    values: dict = {"question": "", "answer": "", "sentence": "", "type": "", "accepted": [], "wrong": []}
    values["choices"] = []
    for name, cell in zip(columns, cells, strict=False):
        if name is None:
            continue
        cell = _plain(cell) if is_html else cell
        if cell.startswith("'") and cell[1:2] in FORMULA_STARTS:
            cell = cell[1:]  # a spreadsheet's "show as text" mark before =, +, -, @ (QuizApp's CSV writes it)
        if name in SEVERAL:
            values[name] += [part for part in SPLIT.split(cell.strip()) if part]
        elif not values[name]:
            values[name] = cell.strip()
    return values


def _drafts(values: dict, cloze_notes: bool, problems, line: int) -> list[Draft]:
    """The row's question, or for an Anki cloze note one fill-in-the-blank question per cloze number."""
    question, answer = values["question"], values["answer"]
    wrong = list(values["wrong"])
    if values["choices"]:
        if not any(normalise(c) == normalise(answer) for c in values["choices"]):
            problems.append((line, f"the answer “{answer}” is not among the choices."))
            return []
        wrong += [c for c in values["choices"] if normalise(c) != normalise(answer)]
    common = {"accepted": tuple(values["accepted"]), "wrong": tuple(wrong), "type": values["type"]}
    deletions = CLOZE.findall(question)
    if not deletions:
        if cloze_notes and question:
            problems.append((line, "a cloze note needs a deletion such as {{c1::answer}}."))
            return []
        return [Draft(question, answer, sentence=values["sentence"], **common)]
    # Anki's Back Extra (the cloze note's second field) is shown as the source sentence.
    sentence = values["sentence"] or answer
    drafts = []
    for number in sorted({int(n) for n, _, _ in deletions}):
        answers = {text.strip() for n, text, _ in deletions if int(n) == number}
        if len(answers) > 1:
            problems.append(
                (line, f"cloze c{number} hides different words; QuizApp asks one answer a blank.")
            )
            return []

        def shown(match, number=number):
            return BLANK if int(match.group(1)) == number else match.group(2)

        drafts.append(
            Draft(CLOZE_PROMPT + CLOZE.sub(shown, question), answers.pop(), sentence=sentence, **common)
        )
    return drafts


def _exported_by_quizapp(header: _Header, cells: list[str]) -> bool:
    """A note of QuizApp's own Anki text export (tagged QuizApp): its fields have a layout to read back."""
    column = header.tags_column
    return bool(header.html and column and column <= len(cells) and "QuizApp" in cells[column - 1].split())


def _quizapp_note(front: str, back: str) -> dict:
    """The question and its choices (a list under it) of a QuizApp note's front; the answer (bold), the other
    accepted answers and the source sentence (a quotation) of its back."""
    choices = [_plain(choice) for choice in re.findall(r"<li>(.*?)</li>", front, re.S)]
    question = _plain(re.sub(r"<ol\b.*?</ol>", "", front, flags=re.S))
    answer = re.match(r"\s*<b>(.*?)</b>", back, re.S)
    accepted = re.search(r"Also accepted: (.*?)(?:<br>|$)", back, re.S)
    sentence = re.search(r"<blockquote>(.*?)</blockquote>", back, re.S)
    return {
        "question": question,
        "answer": _plain(answer.group(1) if answer else back),
        "accepted": [a.strip() for a in _plain(accepted.group(1)).split(", ")] if accepted else [],
        "choices": choices,
        "sentence": _plain(sentence.group(1)) if sentence else "",
    }


class _Text(HTMLParser):
    """An HTML field's text: tags dropped (a script's or style's content with them), entities decoded."""

    BREAKS = {"br", "p", "div", "li", "tr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(self.hidden - 1, 0)

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _plain(cell: str) -> str:
    reader = _Text()
    reader.feed(cell)
    reader.close()
    return one_line("".join(reader.parts))


# ---------------------------------------------------------------- storing


@dataclass(frozen=True)
class Imported:
    """What an import did: the article the questions are in, and what was left out."""

    article: Article
    new_article: bool
    added: int
    already: int  # questions the article had already: not added again
    sheet: Sheet
    same_file: bool = False  # the file was imported as this article before: nothing changed


def title_for(sheet: Sheet, source: str | None, title: str = "") -> str:
    name = Path(source).stem if source else ""
    return one_line(title)[:200] or sheet.deck or name or "Imported questions"


def import_questions(
    session: Session, text: str, *, source: str | None = None, article: Article | None = None, title: str = ""
) -> Imported:
    """Add the file's questions to `article`, or to a new article of their own (titled `title`, else by the
    file's #deck: or name). A file already imported as a new article gives that article, unchanged. Raises
    ImportProblem with nothing stored. Flushed; the caller commits."""
    sheet = parse(text)
    new_article = article is None
    if article is None:
        digest = content_hash(IMPORT_MARK + text)
        if (existing := stored_article(session, digest)) is not None:
            return Imported(existing, False, added=0, already=len(sheet.rows), sheet=sheet, same_file=True)
        article = Article(title=title_for(sheet, source, title), source=source, text="", content_hash=digest)
        session.add(article)
        try:
            session.flush()
        except IntegrityError:  # the same file, imported at the same moment by another request
            session.rollback()
            if (existing := stored_article(session, digest)) is None:
                raise
            return Imported(existing, False, added=0, already=len(sheet.rows), sheet=sheet, same_file=True)
    asked = questions_of(session, article.id)
    rows = [row for row in sheet.rows if normalise(row.checked.draft.question) not in asked]
    store(session, article, [item_of(article, row.checked, IMPORTED) for row in rows])
    return Imported(article, new_article, added=len(rows), already=len(sheet.rows) - len(rows), sheet=sheet)
