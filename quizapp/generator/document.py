"""Step 2: the article's paragraphs through spaCy, as sentences that know where they stand in the text.

A paragraph longer than PIECE_CHARS (a page whose text is one long line) is parsed in pieces cut between
sentences, so that spaCy never gets one huge doc; each piece knows where it starts in the text.
"""

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from quizapp.generator.article import Paragraph, ParsedArticle

PIECE_CHARS = 4_000
# The end of a sentence: a stop (and closing quotes or brackets), a space, and what may start a sentence.
SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
# A stop after these is usually not the end of a sentence ("Mr. Lee", "Oct. 27", "J. Smith").
ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Jr|Sr|No|vs|Jan|Feb|Aug|Sept|Oct|Nov|"
    r"Dec|Inc|Co|Corp|Ltd|U\.S|U\.K))\.$"
)


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article, counting from 0
    span: object  # spacy.tokens.Span
    offset: int  # where the sentence's paragraph (or piece of a long paragraph) starts in the article text

    @property
    def start(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char

    @functools.cached_property
    def text(self) -> str:
        return self.span.text

    @functools.cached_property
    def tokens(self) -> list:
        """The sentence's tokens, made once (iterating a spaCy span makes new Token objects each time)."""
        return list(self.span)

    @functools.cached_property
    def quoted_ids(self) -> frozenset[int]:
        """Indexes of the tokens inside quotation marks (the marks themselves left out)."""
        marks = [(t, self._opens(t)) for t in self.tokens if t.text in {"“", "”", '"'}]
        # a sentence whose first mark closes a quotation began inside it (the model split the quotation)
        inside, ids = bool(marks) and not marks[0][1], set()
        for token in self.tokens:
            if token.text in {"“", "”", '"'}:
                inside = self._opens(token)
                continue
            if inside:
                ids.add(token.i)
        return frozenset(ids)

    def _opens(self, mark) -> bool:
        """“ opens, ” closes; a straight mark closes when glued to the word before ('usual," Lee said')."""
        if mark.text != '"':
            return mark.text == "“"
        return not (mark.i > self.span.start and not mark.doc[mark.i - 1].whitespace_)

    def char_span(self, tokens) -> tuple[int, int]:
        """Article-text span of a run of tokens (a Span or a list of Tokens)."""
        tokens = list(tokens)
        return self.offset + tokens[0].idx, self.offset + tokens[-1].idx + len(tokens[-1].text)


def pieces(text: str, paragraph: Paragraph, size: int = PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of the parts of a paragraph parsed one by one: the paragraph itself when it is short,
    else runs of whole sentences of at most `size` characters (a sentence longer than that is cut at a
    space, a run of letters without one at `size`)."""
    start, end = paragraph.start, paragraph.end
    while end - start > size:
        window = text[start : start + size]
        cut = _sentence_break(window, size // 2)
        if cut is None:
            space = window.rfind(" ", size // 2)
            cut = space if space > 0 else size
        yield start, start + cut
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _sentence_break(window: str, earliest: int) -> int | None:
    """Where the last sentence in the window ends, if it ends past `earliest`."""
    for match in reversed(list(SENTENCE_BREAK.finditer(window, earliest))):
        if not ABBREVIATION.search(window[max(0, match.start() - 6) : match.start() + 1]):
            return match.end()
    return None


def parsed_pieces(article: ParsedArticle) -> list[tuple[int, int]]:
    """The parts of the article's body that go through spaCy, in order."""
    return [piece for paragraph in article.body() for piece in pieces(article.text, paragraph)]


def paragraph_texts(article: ParsedArticle) -> list[str]:
    """The texts spaCy parses: the body paragraphs, long ones in pieces."""
    return [article.text[start:end] for start, end in parsed_pieces(article)]


def sentences_of(article: ParsedArticle, docs: Iterable) -> list[Sentence]:
    """Sentences of the body paragraphs, given the spaCy docs of `paragraph_texts` in order."""
    found: list[Sentence] = []
    for (start, _), doc in zip(parsed_pieces(article), docs, strict=True):
        for span in doc.sents:
            if span.text.strip():
                found.append(Sentence(len(found), span, start))
    return found


def tokens_between(sentence: Sentence, start: int, end: int) -> Iterator:
    """Tokens of a sentence inside an article-text character range."""
    for token in sentence.tokens:
        position = sentence.offset + token.idx
        if start <= position < end:
            yield token
