"""The question generator: any English article in, quiz items out.

A pipeline of small steps, each in its own module:
article (title, byline, paragraphs) -> document (spaCy sentences) -> mentions (who is who) -> facts (each
phrased as a question by questions) -> checks (drop what a teacher would strike out) -> rank (one item per
fact) -> answers (accepted variants) -> distractors (three wrong choices, or none) -> rank (the learned
score; weak items dropped, the rest best first). `grade` checks typed answers. Nothing here touches a
database.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from quizapp.generator import checks, rank
from quizapp.generator.answers import Verdict, accepted_variants, grade, normalise
from quizapp.generator.article import ParsedArticle, parse_article
from quizapp.generator.cloze import PROMPT as CLOZE_PROMPT
from quizapp.generator.cloze import cloze_facts
from quizapp.generator.distractors import Candidates
from quizapp.generator.document import paragraph_texts, pieces, sentences_of
from quizapp.generator.facts import extract_facts
from quizapp.generator.headline import headline
from quizapp.generator.items import ITEM_TYPES, Dropped, Generation, Item
from quizapp.generator.mentions import People
from quizapp.generator.nlp import get_nlp
from quizapp.generator.questions import tidy

__all__ = ["ITEM_TYPES", "Dropped", "Generation", "Item", "Verdict", "generate", "generate_batch", "grade"]

# Past this much body text an article is read only in part: items come from its first pages.
MAX_PROCESSED_CHARS = 250_000
TITLE_WORDS = 8  # a headline's length: a longer title made from the lead gives more of its answers away
NO_FACTS = (
    "No facts were found to ask about. QuizApp needs sentences that say who did what, when, where or "
    "how many."
)


def generate(
    raw: str, *, fmt: str = "text", distractor_pool: dict[str, list[str]] | None = None
) -> Generation:
    """Items for one article. Never raises on bad text: an empty item list comes with a reason."""
    return next(iter(generate_batch([raw], fmt=fmt, distractor_pool=distractor_pool)))


def generate_batch(
    raws: Iterable[str],
    *,
    fmt: str | Sequence[str] = "text",
    distractor_pool: dict[str, list[str]] | None = None,
    n_process: int = 1,
    batch_size: int = 256,
) -> Iterator[Generation]:
    """Items for many articles, their paragraphs parsed in one spaCy stream (`nlp.pipe`)."""
    raws = list(raws)
    formats = [fmt] * len(raws) if isinstance(fmt, str) else list(fmt)
    prepared = [_prepare(raw, f) for raw, f in zip(raws, formats, strict=True)]
    paragraphs = [paragraph_texts(p) if isinstance(p, ParsedArticle) else [] for p in prepared]
    if not any(paragraphs):
        for article in prepared:
            yield _without_items(article)
        return

    stream = ((text, k) for k, texts in enumerate(paragraphs) for text in texts)
    docs = get_nlp().pipe(stream, as_tuples=True, n_process=n_process, batch_size=batch_size)
    next_article = 0
    collected: list = []
    for doc, k in docs:
        while next_article < k:  # articles before this one are complete
            yield _finish(prepared[next_article], collected, distractor_pool)
            collected, next_article = [], next_article + 1
        collected.append(doc)
    while next_article < len(prepared):
        yield _finish(prepared[next_article], collected, distractor_pool)
        collected, next_article = [], next_article + 1


def _prepare(raw, fmt: str) -> ParsedArticle | str:
    """The parsed article, or the reason it cannot give items."""
    if not isinstance(raw, str) or not raw.strip():
        return "The article is empty."
    controls = sum(1 for ch in raw[:100_000] if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > min(len(raw), 100_000) * 0.01 or "\x00" in raw:
        return "The text looks like binary data, not an article."
    try:
        article = parse_article(raw, fmt)
    except Exception:  # a parser bug must not lose the learner's article: report it as unreadable
        return "The article could not be read."
    if not article.body():
        return "The article has no sentences, only headings."
    if not _looks_english(article.text):
        return "The text does not look like English; QuizApp can only make questions from English articles."
    return _limited(article)


def _limited(article: ParsedArticle) -> ParsedArticle:
    """The first MAX_PROCESSED_CHARS of the body, cut between sentences: a paragraph that does not fit whole
    (a page that is one long line) is read up to its last sentence that does."""
    kept, room = [], MAX_PROCESSED_CHARS
    for paragraph in article.paragraphs:
        if paragraph.end - paragraph.start <= room:
            kept.append(paragraph)
            room -= paragraph.end - paragraph.start
            continue
        if not paragraph.heading:
            fitting = [end for _, end in pieces(article.text, paragraph) if end - paragraph.start <= room]
            if fitting:
                kept.append(replace(paragraph, end=fitting[-1]))
        break
    return ParsedArticle(article.title, article.byline, article.text, tuple(kept))


def _looks_english(text: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+", text[:20_000].lower())
    if len(words) < 3:
        return bool(words) and all(w.isascii() for w in words)
    ascii_share = sum(w.isascii() for w in words) / len(words)
    stop_share = sum(w in STOP_WORDS for w in words) / len(words)
    return ascii_share > 0.8 and stop_share > 0.15


def _without_items(article: ParsedArticle | str) -> Generation:
    if isinstance(article, str):
        return Generation(None, None, "", [], article)
    return Generation(article.title, article.byline, article.text, [], NO_FACTS)


def _finish(article: ParsedArticle | str, docs: list, pool: dict[str, list[str]] | None) -> Generation:
    if isinstance(article, str) or not docs:
        return _without_items(article)
    sentences = sentences_of(article, docs)
    title = article.title or _title_from(sentences)
    people = People(sentences)
    facts = extract_facts(sentences, people) + cloze_facts(sentences, people)
    ctx = checks.context(title)  # shown above every question, even when made from the lead sentence
    dropped: list[Dropped] = []
    passing = []
    for fact in facts:
        reason = checks.problem(fact, ctx)
        if reason:
            dropped.append(Dropped(fact.type, fact.question, fact.answer, reason))
        else:
            passing.append(fact)
    candidates = Candidates(facts, people, sentences, pool)
    scored = []
    for fact in rank.select(passing):
        item = _item(article, fact, candidates)
        features = rank.features_of(item, title)
        value = rank.score(features)
        item = replace(item, score=round(value, 3), why=rank.reasons(features))
        scored.append((value, item, normalise(fact.person.name if fact.person else fact.answer)))
    items, weak = rank.keep(scored)
    dropped += [Dropped(i.type, i.question, i.answer, reason, i.choices, i.answer_span) for i, reason in weak]
    return Generation(title, article.byline, article.text, items, None if items else NO_FACTS, dropped)


# Copy-editing the article's own slips in what a learner reads: "2.2 percent .", "Jean - Claude" and a
# backtick typed for an apostrophe.
SPACE_BEFORE_STOP = re.compile(
    r"\s+(?=[.,;:?!](?:\s|$))|(?<=[^.]\.)\.(?=\s|$)"
)  # "2.2 percent .", "p.m.." (not "...")
SPACED_HYPHEN = re.compile(r"\b([A-Z][a-z]+) - (?=[A-Z][a-z])")
BACKTICK_APOSTROPHE = re.compile(r"(?<=[A-Za-z])`(?=[a-z]|\s)")  # "Australia`s", "workers` deaths"
CONNECTIVE = re.compile(r"^(?:For example|For instance|However|Meanwhile|But|And|Also|Still|Instead),?\s+")


def _tidy(fact):
    """The fact with its question and answer copy-edited; a blank's sentence without an opening 'However,'."""
    question, answer = SPACE_BEFORE_STOP.sub("", fact.question), SPACED_HYPHEN.sub(r"\1-", fact.answer)
    question, answer = BACKTICK_APOSTROPHE.sub("’", question), BACKTICK_APOSTROPHE.sub("’", answer)
    if question.startswith(CLOZE_PROMPT):
        body = CONNECTIVE.sub("", question.removeprefix(CLOZE_PROMPT))
        question = CLOZE_PROMPT + body[:1].upper() + body[1:]
    return replace(fact, question=SPACED_HYPHEN.sub(r"\1-", question), answer=answer)


def _item(article: ParsedArticle, fact, candidates: Candidates) -> Item:
    """The fact as an item; without three good wrong choices it has none and is asked typed."""
    fact = _tidy(fact)
    wrong = candidates.for_fact(fact, accepted_variants(fact.type, fact.answer, fact.accepted))
    written = candidates.people.written
    if written:  # names as the article writes them, not token by token
        fact = replace(
            fact, question=_as_written(fact.question, written), answer=_as_written(fact.answer, written)
        )
        wrong = [_as_written(w, written) for w in wrong]
    accepted = accepted_variants(fact.type, fact.answer, fact.accepted)
    return Item(
        type=fact.type,
        question=fact.question,
        answer=fact.answer,
        accepted=accepted,
        choices=_shuffled(fact.question, [fact.answer, *wrong]) if wrong else (),
        sentence=fact.sentence.text,
        sentence_span=(fact.sentence.start, fact.sentence.end),
        answer_span=_shown_answer(article.text, fact.answer_span, accepted),
        score=fact.score,
        fact_key=fact.key,
    )


def _as_written(text: str, written: dict[str, str]) -> str:
    for tokens, name in written.items():  # as rendered, or as tidied ('Lee “Faker” Sang - hyeok')
        text = text.replace(tokens, name).replace(tidy(tokens), name)
    return text


def _shown_answer(
    text: str, span: tuple[int, int] | None, accepted: tuple[str, ...]
) -> tuple[int, int] | None:
    """The answer's place in the text, when the text there is the answer (not 'he' or 'the president')."""
    if span is None:
        return None
    shown = normalise(text[span[0] : span[1]])
    return span if any(normalise(a) == shown for a in accepted) else None


def _shuffled(question: str, choices: list[str]) -> tuple[str, ...]:
    """A fixed order per question, so that the answer is not always first."""
    return tuple(sorted(choices, key=lambda c: hashlib.sha1(f"{question}|{c}".encode()).hexdigest()))


def _title_from(sentences) -> str | None:
    """No headline: one made from the lead's subject and event, else the lead sentence, shortened."""
    if not sentences:
        return None
    if made := headline(sentences[0].span):
        return made
    words = sentences[0].text.split()
    title = " ".join(words[:TITLE_WORDS]).rstrip(",;:")
    return title + ("…" if len(words) > TITLE_WORDS else "")
