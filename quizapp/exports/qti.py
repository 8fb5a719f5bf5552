"""IMS QTI 1.2, the version Canvas imports ("QTI .zip file"; Blackboard, D2L and Moodle's importers read it
too): a zip with imsmanifest.xml and one assessment per article, each item a multiple-choice question (one
right choice) or, typed only, a short-answer question with every accepted answer; the source sentence is the
item's general feedback. Canvas's own question types and points are in each item's qtimetadata, which other
systems ignore. Texts are HTML (texttype text/html), escaped so that a question's own markup shows as text."""

import hashlib
import html
import io
import zipfile

from lxml import etree as ET

from quizapp.exports.cards import ArticleCards, Card

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
RESPONSE = "response1"
FEEDBACK = "general_fb"


def _sub(parent: ET._Element, tag: str, text: str | None = None, **attributes: str) -> ET._Element:
    """A child of `parent`, in its namespace."""
    namespace = parent.tag[: parent.tag.index("}") + 1]
    element = ET.SubElement(parent, namespace + tag, attributes)
    element.text = text
    return element


def _material(parent: ET._Element, text: str) -> None:
    material = _sub(parent, "material")
    _sub(
        material,
        "mattext",
        "<div>" + html.escape(text).replace("\n", "<br>") + "</div>",
        texttype="text/html",
    )


def _metadata(parent: ET._Element, **fields: str) -> None:
    metadata = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _item(section: ET._Element, card: Card) -> None:
    item = _sub(section, "item", ident=card.guid, title=" ".join(card.question.split())[:80])
    choice_ids = [f"{card.guid}-{number}" for number in range(1, len(card.choices) + 1)]
    kind = "multiple_choice_question" if card.choices else "short_answer_question"
    _metadata(
        _sub(item, "itemmetadata"),
        question_type=kind,
        points_possible="1.0",
        original_answer_ids=",".join(choice_ids),
    )
    presentation = _sub(item, "presentation")
    _material(presentation, card.question)
    if card.choices:
        response = _sub(presentation, "response_lid", ident=RESPONSE, rcardinality="Single")
        render = _sub(response, "render_choice")
        for choice_id, choice in zip(choice_ids, card.choices, strict=True):
            _material(_sub(render, "response_label", ident=choice_id), choice)
        right = [choice_ids[card.choices.index(card.answer)]]
    else:
        response = _sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
        _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        right = [card.answer, *card.accepted]
    processing = _sub(item, "resprocessing")
    _sub(
        _sub(processing, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    if card.sentence:  # shown whatever the answer
        always = _sub(processing, "respcondition", **{"continue": "Yes"})
        _sub(_sub(always, "conditionvar"), "other")
        _sub(always, "displayfeedback", feedbacktype="Response", linkrefid=FEEDBACK)
    correct = _sub(processing, "respcondition", **{"continue": "No"})
    condition = _sub(correct, "conditionvar")
    for value in right:
        _sub(condition, "varequal", value, respident=RESPONSE)
    _sub(correct, "setvar", "100", action="Set", varname="SCORE")
    if card.sentence:
        feedback = _sub(item, "itemfeedback", ident=FEEDBACK)
        _material(_sub(feedback, "flow_mat"), card.sentence)


def assessment_ident(article: ArticleCards) -> str:
    """Of the article's key, so the same in every export; letters and digits, for the zip's folder name."""
    return f"quizapp-{hashlib.sha256(article.key.encode()).hexdigest()[:20]}"


def _assessment(article: ArticleCards) -> bytes:
    root = ET.Element(f"{{{QTI_NS}}}questestinterop", nsmap={None: QTI_NS})
    assessment = _sub(root, "assessment", ident=assessment_ident(article), title=article.title)
    _metadata(assessment, cc_maxattempts="1")
    section = _sub(assessment, "section", ident="root_section")
    for card in article.cards:
        _item(section, card)
    return _xml(root)


def _manifest(articles: list[ArticleCards]) -> bytes:
    root = ET.Element(f"{{{MANIFEST_NS}}}manifest", identifier="quizapp-export", nsmap={None: MANIFEST_NS})
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for article in articles:
        ident = assessment_ident(article)
        resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
        _sub(resource, "file", href=f"{ident}/{ident}.xml")
    return _xml(root)


def _xml(root: ET._Element) -> bytes:
    """Indented, for a teacher who opens it (lxml: ElementTree's own serialiser took most of the time)."""
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def write(articles: list[ArticleCards]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _manifest(articles))
        for article in articles:
            ident = assessment_ident(article)
            archive.writestr(f"{ident}/{ident}.xml", _assessment(article))
    return buffer.getvalue()
