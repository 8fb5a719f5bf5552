"""Step 2: paragraphs through spaCy as sentences that know where they stand in the article text; a paragraph
too long for one parse is cut between sentences, and the offsets still point into the text."""

import pytest

from quizapp.generator.article import Paragraph, parse_article
from quizapp.generator.document import PIECE_CHARS, paragraph_texts, pieces, sentences_of
from quizapp.generator.nlp import get_nlp

SENTENCES = [
    "The Harbour Rovers beat Millbrook 3-1 on Saturday.",
    "Dr. Ines Okafor, the club's physician, said two players were injured.",
    "Shares in Brightwell Foods rose 12 percent after the company reported record sales.",
    'The judge told the court, "The evidence is clear."',
    "Researchers counted 250 nests on the island of St. Agnes in March.",
]


def long_line(size: int) -> str:
    parts, k = [], 0
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(SENTENCES[k % len(SENTENCES)])
        k += 1
    return " ".join(parts)


def parse(text):
    article = parse_article(text)
    docs = list(get_nlp().pipe(paragraph_texts(article)))
    return article, sentences_of(article, docs)


def test_short_paragraphs_are_parsed_whole():
    text = "\n\n".join(SENTENCES[:3])
    article = parse_article(text)
    assert paragraph_texts(article) == SENTENCES[:3]


def test_a_long_line_is_cut_between_sentences():
    text = long_line(5 * PIECE_CHARS)
    paragraph = Paragraph(0, len(text), heading=False)
    parts = list(pieces(text, paragraph))
    assert len(parts) >= 5
    for start, end in parts:
        assert 0 < end - start <= PIECE_CHARS
        piece = text[start:end]
        assert any(piece.startswith(s) for s in SENTENCES), piece[:40]
        assert any(piece.endswith(s) for s in SENTENCES), piece[-40:]
    assert " ".join(text[s:e] for s, e in parts) == text  # nothing lost but the spaces between pieces


def test_no_cut_after_an_abbreviation():
    text = long_line(3 * PIECE_CHARS)
    for start, end in pieces(text, Paragraph(0, len(text), heading=False)):
        assert not text[start:end].endswith(("Dr.", "St.")), text[end - 20 : end]


@pytest.mark.parametrize("filler", ["word " * 3000, "x" * 9000], ids=["no-stops", "no-spaces"])
def test_a_line_without_sentences_is_still_cut(filler):
    text = filler.strip()
    parts = list(pieces(text, Paragraph(0, len(text), heading=False)))
    assert len(parts) >= 2 and all(e - s <= PIECE_CHARS for s, e in parts)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)


def test_sentence_offsets_point_into_the_text_across_pieces():
    text = "Harbour win\n\n" + long_line(3 * PIECE_CHARS) + "\n\n" + SENTENCES[2]
    article, sentences = parse(text)
    assert len(sentences) > 3 * PIECE_CHARS // 80
    for sentence in sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        tokens = list(sentence.span)
        start, end = sentence.char_span(tokens[:2])
        assert article.text[start:end] == sentence.span[:2].text
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert sentences[-1].text == SENTENCES[2]
