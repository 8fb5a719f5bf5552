"""Step 2: the article's paragraphs through spaCy, as sentences that know where they stand in the text."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from quizapp.generator.article import ParsedArticle


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article, counting from 0
    span: object  # spacy.tokens.Span
    offset: int  # where the sentence's paragraph starts in the article text

    @property
    def start(self) -> int:
        return self.offset + self.span.start_char

    @property
    def end(self) -> int:
        return self.offset + self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text

    def char_span(self, tokens) -> tuple[int, int]:
        """Article-text span of a run of tokens (a Span or a list of Tokens)."""
        tokens = list(tokens)
        return self.offset + tokens[0].idx, self.offset + tokens[-1].idx + len(tokens[-1].text)


def paragraph_texts(article: ParsedArticle) -> list[str]:
    return [article.text[p.start : p.end] for p in article.body()]


def sentences_of(article: ParsedArticle, docs: Iterable) -> list[Sentence]:
    """Sentences of the body paragraphs, given their spaCy docs in order."""
    found: list[Sentence] = []
    for paragraph, doc in zip(article.body(), docs, strict=True):
        for span in doc.sents:
            if span.text.strip():
                found.append(Sentence(len(found), span, paragraph.start))
    return found


def tokens_between(sentence: Sentence, start: int, end: int) -> Iterator:
    """Tokens of a sentence inside an article-text character range."""
    for token in sentence.span:
        position = sentence.offset + token.idx
        if start <= position < end:
            yield token
