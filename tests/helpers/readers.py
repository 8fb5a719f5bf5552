"""Readers for the exported files, written from each format's rules and not from quizapp.exports, so that a
test reads an export back as the program it is for would: the .apkg as the zip of an SQLite collection it
is, Anki's text by its header rules, GIFT by Moodle's, QTI 1.2 as XML. Each is strict: what the format's
program would misread (a stray brace in GIFT, an unknown header line, an item without its right answer) is
an error here, not something skipped.

GIFT is read by Moodle's rules (qformat_gift: its escapes replaced first, then the title, the format, one
answer block, "=" and "~" answers, "####" general feedback) rather than with pygiftparser from PyPI (MIT,
last released in 2017): it installs on Python 3.11, but misreads valid GIFT that Moodle reads, such as an
escaped "\\}" in an answer (its regular expression ends the answer block there) or a missing-word
question with an escaped brace after its blank; it also pins Markdown below 3.1."""

import csv
import html
import io
import json
import sqlite3
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

# ---------------------------------------------------------------- HTML fields


class _Fragments(HTMLParser):
    """The text of an HTML field, split where our exports put markup: the text outside any list, and each
    list item's. Records every tag, so a test can tell that a question's own "<script>" stayed text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outside: list[str] = []
        self.items: list[str] = []
        self.tags: list[str] = []
        self._in_item = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "li":
            self._in_item = True
            self.items.append("")
        elif tag == "br":
            self._text("\n")

    def handle_endtag(self, tag):
        if tag == "li":
            self._in_item = False

    def handle_data(self, data):
        self._text(data)

    def _text(self, text):
        if self._in_item:
            self.items[-1] += text
        else:
            self.outside.append(text)


@dataclass
class HtmlField:
    text: str  # outside the list items, <br> as a line break
    items: list[str]
    tags: list[str]


def read_html(value: str) -> HtmlField:
    parser = _Fragments()
    parser.feed(value)
    parser.close()
    return HtmlField("".join(parser.outside), parser.items, parser.tags)


# ---------------------------------------------------------------- .apkg


@dataclass
class ApkgNote:
    id: int
    guid: str
    model: dict
    fields: dict[str, str]
    tags: list[str]
    mod: int
    cards: list[dict]  # {"ord", "deck"}


@dataclass
class Apkg:
    notes: list[ApkgNote]
    models: dict[int, dict]
    decks: dict[int, str]  # id: name


def read_apkg(data: bytes, tmp_path) -> Apkg:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert {"collection.anki2", "media"} <= names, names
        assert json.loads(archive.read("media")) == {}
        collection = tmp_path / "collection.anki2"
        collection.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(collection)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        models_json, decks_json = connection.execute("SELECT models, decks FROM col").fetchone()
        models = {int(key): value for key, value in json.loads(models_json).items()}
        decks = {int(key): value["name"] for key, value in json.loads(decks_json).items()}
        cards: dict[int, list[dict]] = {}
        for note_id, ordinal, deck_id in connection.execute("SELECT nid, ord, did FROM cards"):
            cards.setdefault(note_id, []).append({"ord": ordinal, "deck": decks[deck_id]})
        notes = []
        for note_id, guid, model_id, fields, tags, mod in connection.execute(
            "SELECT id, guid, mid, flds, tags, mod FROM notes ORDER BY id"
        ):
            model = models[model_id]
            values = fields.split("\x1f")
            names = [f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"])]
            assert len(values) == len(names), (names, values)
            notes.append(
                ApkgNote(
                    note_id,
                    guid,
                    model,
                    dict(zip(names, values, strict=True)),
                    tags.split(),
                    mod,
                    cards.get(note_id, []),
                )
            )
    finally:
        connection.close()
    return Apkg(notes, models, decks)


# ---------------------------------------------------------------- Anki's text import


ANKI_KEYS = {
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "tags column",
    "guid column",
    "match scope",
    "if matches",
}
SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
BASIC_FIELDS = ["Front", "Back"]  # Anki's stock Basic note type
META_KEYS = ("tags column", "deck column", "guid column")


@dataclass
class AnkiRow:
    fields: dict[str, str]
    tags: list[str]
    deck: str | None
    guid: str | None


@dataclass
class AnkiText:
    headers: dict[str, str]
    rows: list[AnkiRow] = field(default_factory=list)


def read_anki_text(data: bytes) -> AnkiText:
    """As Anki's importer (rslib import_export/text/csv) reads a file: "#key:value" lines at the top (a
    "#" line without a colon is a comment), then records by the separator with double quotes, lines that
    start with "#" skipped; fields matched to the Basic note type's by the #columns labels; the tags, deck
    and guid columns (1-based) are not fields."""
    text = data.decode("utf-8")
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    headers: dict[str, str] = {}
    while lines and lines[0].startswith("#"):
        line = lines.pop(0)
        if ":" in line:
            key, value = line[1:].split(":", 1)
            key = key.strip().lower()
            assert key in ANKI_KEYS, f"Anki ignores the header line {line!r}"
            headers[key] = value.removesuffix("\r")
    separator = SEPARATORS[headers["separator"].strip().lower()]
    body = "\n".join(line for line in lines if not line.startswith("#"))
    records = list(csv.reader(io.StringIO(body), delimiter=separator, quotechar='"', doublequote=True))
    labels = (
        next(csv.reader([headers.get("columns", "")], delimiter=separator)) if "columns" in headers else []
    )
    meta = {int(headers[key]) for key in META_KEYS if key in headers}
    column_of = {label: index + 1 for index, label in enumerate(labels) if index + 1 not in meta}
    result = AnkiText(headers)
    for record in records:
        if not record:
            continue
        assert len(record) == len(labels), record

        meta_value = {key: record[int(headers[key]) - 1] if key in headers else None for key in META_KEYS}
        fields = {name: record[column_of[name] - 1] for name in BASIC_FIELDS if name in column_of}
        tags = (meta_value["tags column"] or "").split()
        result.rows.append(AnkiRow(fields, tags, meta_value["deck column"], meta_value["guid column"]))
    return result


# ---------------------------------------------------------------- GIFT, by Moodle's rules


GIFT_ESCAPES = {"\\": "\\", ":": ":", "#": "#", "=": "=", "{": "{", "}": "}", "~": "~", "n": "\n"}


@dataclass
class GiftQuestion:
    category: str | None
    title: str
    markup: str | None  # "html", or None for Moodle's default
    text: str  # before the answers (the whole text, but for a missing word)
    tail: str  # after them: a missing-word question has one
    kind: str  # multichoice, shortanswer
    right: list[str]
    wrong: list[str]
    general_feedback: str


class GiftError(ValueError):
    pass


def _gift_chars(line: str) -> list[tuple[str, bool]]:
    """(character, escaped) pairs, as Moodle's qformat_gift replaces its escapes before it parses. "\\*" is
    no GIFT escape: it stays two characters, for a short answer's literal asterisk."""
    chars: list[tuple[str, bool]] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            following = line[index + 1 : index + 2]
            if following in GIFT_ESCAPES:
                chars.append((GIFT_ESCAPES[following], True))
            elif following == "*":
                chars += [("\\", True), ("*", True)]
            else:
                raise GiftError(f"a backslash before {following!r}, which GIFT does not escape: {line!r}")
            index += 2
            continue
        chars.append((char, False))
        index += 1
    return chars


def _plain(chars: list[tuple[str, bool]]) -> str:
    return "".join(char for char, _ in chars)


def _find(chars, wanted: str, start: int = 0) -> int:
    """The first unescaped occurrence of `wanted` from `start`, or -1."""
    for index in range(start, len(chars) - len(wanted) + 1):
        if all(not chars[index + k][1] and chars[index + k][0] == wanted[k] for k in range(len(wanted))):
            return index
    return -1


def _gift_value(chars, markup: str | None) -> str:
    text = _plain(chars).strip()
    return html.unescape(text) if markup == "html" else text


def _split_format(chars) -> tuple[str | None, list]:
    text = _plain(chars)
    stripped = len(text) - len(text.lstrip())
    chars = chars[stripped:]
    if _plain(chars[:1]) == "[" and not chars[0][1]:
        end = _find(chars, "]")
        return _plain(chars[1:end]), chars[end + 1 :]
    return None, chars


def read_gift(data: bytes) -> list[GiftQuestion]:
    text = data.decode("utf-8")
    questions, category = [], None
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip() and not line.lstrip().startswith("//")]
        if not lines:
            continue
        if lines[0].startswith("$CATEGORY:"):
            if len(lines) != 1:
                raise GiftError(f"a category line with more after it: {lines!r}")
            category = lines[0].removeprefix("$CATEGORY:").strip()
            continue
        if len(lines) != 1:
            raise GiftError(f"a question over several lines: {lines!r}")
        questions.append(_gift_question(_gift_chars(lines[0]), category))
    return questions


def _gift_question(chars, category) -> GiftQuestion:
    title = ""
    if _find(chars, "::") == 0:
        end = _find(chars, "::", 2)
        if end < 0:
            raise GiftError("a title without its closing '::'")
        title, chars = _plain(chars[2:end]).strip(), chars[end + 2 :]
    markup, chars = _split_format(chars)
    opening, closing = _find(chars, "{"), _find(chars, "}")
    if opening < 0 or closing < opening:
        raise GiftError(f"no answers in {{…}}: {_plain(chars)!r}")
    head, block, tail = chars[:opening], chars[opening + 1 : closing], chars[closing + 1 :]
    if _find(tail, "{") >= 0 or _find(tail, "}") >= 0 or _find(head, "}") >= 0:
        raise GiftError(f"a brace left unescaped: {_plain(chars)!r}")
    general = ""
    feedback_at = _find(block, "####")
    if feedback_at >= 0:
        feedback_markup, feedback = _split_format(block[feedback_at + 4 :])
        general = _gift_value(feedback, feedback_markup or markup)
        block = block[:feedback_at]
    answers: list[tuple[str, list]] = []
    for char, escaped in block:
        if not escaped and char in "=~":
            answers.append((char, []))
        elif answers:
            answers[-1][1].append((char, escaped))
        elif char.strip():
            raise GiftError(f"text before the first '=' or '~': {_plain(block)!r}")
    if not answers:
        raise GiftError("an empty answer block")
    right, wrong = [], []
    multichoice = any(sign == "~" for sign, _ in answers)
    for sign, answer in answers:
        if _find(answer, "#") >= 0:
            raise GiftError(f"per-answer feedback, which the exports do not write: {_plain(answer)!r}")
        if _plain(answer[:1]) == "%" and not answer[0][1]:
            raise GiftError(f"a weighted answer: {_plain(answer)!r}")
        if "->" in _plain(answer) and not multichoice:
            raise GiftError(f"'->' makes Moodle read a matching question: {_plain(answer)!r}")
        if multichoice:
            value = _gift_value(answer, markup)
        else:  # short answers are compared with what the student types: no markup, "\\*" an asterisk
            value = _plain(answer).strip().replace("\\*", "*")
            if "*" in _plain([c for c in answer if not c[1]]):
                raise GiftError(f"an unescaped '*', Moodle's wildcard: {_plain(answer)!r}")
        (right if sign == "=" else wrong).append(value)
    if multichoice and len(right) != 1:
        raise GiftError(f"a multiple-choice question with {len(right)} right answers")
    return GiftQuestion(
        category=category,
        title=title,
        markup=markup,
        text=_gift_value(head, markup),
        tail=_gift_value(tail, markup),
        kind="multichoice" if multichoice else "shortanswer",
        right=right,
        wrong=wrong,
        general_feedback=general,
    )


# ---------------------------------------------------------------- QTI 1.2


QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
IMSCP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@dataclass
class QtiItem:
    ident: str
    title: str
    question_type: str
    question: str  # the text of its HTML
    choices: dict[str, str]  # response_label ident: text
    right: list[str]  # choice idents (multiple choice) or accepted strings (short answer)
    feedback: str


@dataclass
class QtiAssessment:
    ident: str
    title: str
    items: list[QtiItem]


def _mattext(material: ET.Element) -> str:
    mattext = material.find(f"{QTI}mattext")
    assert mattext is not None
    value = mattext.text or ""
    if mattext.get("texttype") == "text/html":
        return read_html(value).text
    return value


def read_qti(data: bytes) -> list[QtiAssessment]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        assert manifest.tag == f"{IMSCP}manifest"
        assessments = []
        for resource in manifest.iter(f"{IMSCP}resource"):
            assert resource.get("type") == "imsqti_xmlv1p2"
            (file,) = resource.findall(f"{IMSCP}file")
            root = ET.fromstring(archive.read(file.get("href")))
            assert root.tag == f"{QTI}questestinterop"
            (assessment,) = root.findall(f"{QTI}assessment")
            items = [_qti_item(item) for item in assessment.iter(f"{QTI}item")]
            assessments.append(QtiAssessment(assessment.get("ident"), assessment.get("title"), items))
    return assessments


def _qti_item(item: ET.Element) -> QtiItem:
    metadata = {
        field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
        for field in item.iter(f"{QTI}qtimetadatafield")
    }
    presentation = item.find(f"{QTI}presentation")
    question = _mattext(presentation.find(f"{QTI}material"))
    choices = {
        label.get("ident"): _mattext(label.find(f"{QTI}material"))
        for label in presentation.iter(f"{QTI}response_label")
        if label.find(f"{QTI}material") is not None
    }
    response = presentation.find(f"{QTI}response_lid")
    if response is None:
        response = presentation.find(f"{QTI}response_str")
    assert response is not None, "an item without a response"
    respident = response.get("ident")
    right: list[str] = []
    feedback_ids = []
    for condition in item.iter(f"{QTI}respcondition"):
        scores = [s for s in condition.iter(f"{QTI}setvar") if s.get("varname") == "SCORE"]
        feedback_ids += [d.get("linkrefid") for d in condition.iter(f"{QTI}displayfeedback")]
        if scores and scores[0].text == "100":
            for equal in condition.iter(f"{QTI}varequal"):
                assert equal.get("respident") == respident
                right.append(equal.text or "")
    if response.tag == f"{QTI}response_lid":
        assert all(ident in choices for ident in right), "a right answer that is no choice"
    feedbacks = {fb.get("ident"): fb for fb in item.iter(f"{QTI}itemfeedback")}
    assert all(ident in feedbacks for ident in feedback_ids), "feedback shown that is not there"
    feedback = "".join(_mattext(m) for fb in feedbacks.values() for m in fb.iter(f"{QTI}material"))
    return QtiItem(
        item.get("ident"),
        item.get("title"),
        metadata.get("question_type"),
        question,
        choices,
        right,
        feedback,
    )
