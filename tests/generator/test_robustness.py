"""Property tests: no input at all crashes the generator.

Any text, empty, one word, binary junk, HTML with scripts, 1 MB of prose: `generate` returns a Generation
with items, or with no items and a reason in words; every item's spans point into the generation's text."""

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.generator import ITEM_TYPES, generate
from tests.generator.articles import fixture_paths
from tests.helpers import quality

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMATS = st.sampled_from(["text", "md", "html"])


def fixture_paragraphs() -> list[str]:
    paragraphs = []
    for path in fixture_paths():
        if path.suffix == ".txt":
            paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n")[2:] if p.strip()]
    return paragraphs


PARAGRAPHS = fixture_paragraphs()
VOCABULARY = sorted({word for paragraph in PARAGRAPHS for word in paragraph.split()})
PUNCTUATION = [
    ".",
    ",",
    '"',
    "“",
    "”",
    "'",
    "’",
    "?",
    "!",
    ";",
    ":",
    "(",
    ")",
    "-",
    "—",
    "\n",
    "\n\n",
    "By",
    "#",
]


def assert_well_formed(generation, raw=None):
    """Items, or no items and a reason; each item's spans slice the text it came from."""
    assert isinstance(generation.text, str)
    assert isinstance(generation.items, list)
    if not generation.items:
        assert isinstance(generation.reason, str) and generation.reason.strip(), "no items and no reason"
    for item in generation.items:
        assert item.type in ITEM_TYPES
        start, end = item.sentence_span
        assert 0 <= start < end <= len(generation.text)
        assert generation.text[start:end] == item.sentence
        if item.answer_span is not None:
            a, b = item.answer_span
            assert 0 <= a < b <= len(generation.text)
        assert item.question.strip() and item.answer.strip()
        assert item.answer in item.accepted
        assert not item.choices or (len(item.choices) == 4 and item.answer in item.choices)


@SETTINGS
@given(raw=st.text(), fmt=FORMATS)
def test_any_text(raw, fmt):
    assert_well_formed(generate(raw, fmt=fmt))


@SETTINGS
@given(
    tokens=st.lists(st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(PUNCTUATION)), max_size=200),
    fmt=FORMATS,
)
def test_shuffled_article_words(tokens, fmt):
    """Real names, dates and numbers in random order reach the deeper steps (people, facts, distractors).
    The quality checker, too, takes whatever the generator gives."""
    generation = generate(" ".join(tokens), fmt=fmt)
    assert_well_formed(generation)
    report = quality.check(generation.text, generation.items)
    assert report.items == len(generation.items)


@SETTINGS
@given(
    sentences=st.lists(st.sampled_from([s + "." for p in PARAGRAPHS for s in p.split(". ")]), max_size=12),
    separator=st.sampled_from([" ", "\n", "\n\n", "\r\n\r\n"]),
)
def test_sentences_out_of_context(sentences, separator):
    """Pronouns and surnames whose person was never named, quotes without speakers."""
    assert_well_formed(generate(separator.join(sentences)))


@SETTINGS
@given(junk=st.binary(max_size=5000), fmt=FORMATS)
def test_binary_junk(junk, fmt):
    assert_well_formed(generate(junk.decode("latin-1"), fmt=fmt))


def test_random_bytes_say_why():
    junk = random.Random(3).randbytes(64 * 1024).decode("latin-1")
    generation = generate(junk)
    assert not generation.items and generation.reason


@pytest.mark.parametrize(
    "raw",
    ["", " ", "\n\n\n", "\t", "Hello", "Trump", "Takaichi.", "By Jane Roe", "A Title\nBy Jane Roe", "?",
     "\x00", "1912", "Oct. 27", "“", "<p></p>", "# Heading only", "He said it."],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_tiny_inputs(raw, fmt):
    assert_well_formed(generate(raw, fmt=fmt))


# word salads that once crashed the generator (found by shuffling the fixtures' words)
FOUND_BY_FUZZING = [
    "I offer here, equaliser. ; his , borrowing another reason Institute August #",
]


@pytest.mark.parametrize("raw", FOUND_BY_FUZZING)
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_inputs_found_by_fuzzing(raw, fmt):
    assert_well_formed(generate(raw, fmt=fmt))


@pytest.mark.parametrize("raw", ["", "   ", "word"])
def test_empty_or_one_word_gives_a_reason(raw):
    generation = generate(raw)
    assert generation.items == [] and generation.reason


SCRIPTED = """<!DOCTYPE html><html><head><title>Storm hits coast</title>
<script>var secretToken = "do-not-show"; document.write("Injected sentence from script.");</script>
<style>p { color: red }</style></head><body>
<nav>Home | Sport | Weather</nav>
<article><h1>Storm hits coast</h1>
{body}
<script>alert("Mayor Smith was arrested on Monday.")</script>
</article><footer>Copyright 2025</footer></body></html>"""


@SETTINGS
@given(paragraphs=st.lists(st.sampled_from(PARAGRAPHS), min_size=0, max_size=4), junk=st.text(max_size=50))
def test_html_with_scripts(paragraphs, junk):
    body = "".join(f"<p>{p}</p>" for p in paragraphs) + f"<p>{junk}</p>"
    generation = generate(SCRIPTED.replace("{body}", body), fmt="html")
    assert_well_formed(generation)
    for hidden in ("secretToken", "do-not-show", "Injected sentence", "alert(", "Mayor Smith", "color: red"):
        assert hidden not in generation.text
    for item in generation.items:
        assert "Smith" not in item.answer


@SETTINGS
@given(raw=st.text(), fmt=FORMATS)
def test_deterministic(raw, fmt):
    first, second = generate(raw, fmt=fmt), generate(raw, fmt=fmt)
    assert [i.to_dict() for i in first.items] == [i.to_dict() for i in second.items]
    assert first.reason == second.reason


def megabyte(separator: str) -> str:
    parts, size, k = [], 0, 0
    while size < 1_000_000:
        paragraph = PARAGRAPHS[k % len(PARAGRAPHS)]
        parts.append(paragraph)
        size += len(paragraph) + len(separator)
        k += 1
    return separator.join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("separator", ["\n\n", " "], ids=["paragraphs", "one-line"])
def test_a_megabyte_of_prose(separator):
    raw = megabyte(separator)
    assert len(raw) >= 1_000_000
    generation = generate(raw)
    assert_well_formed(generation)
    assert generation.items, generation.reason  # prose full of facts gives items, from its first pages


def test_a_long_html_paragraph_still_gives_items():
    """A page whose text is one long paragraph (300,000 characters) is read in part, not dropped."""
    body = megabyte(" ")[:300_000]
    generation = generate(f"<html><body><p>{body}</p><script>x()</script></body></html>", fmt="html")
    assert_well_formed(generation)
    assert generation.items, generation.reason


def test_os_random_bytes_in_every_format():
    junk = os.urandom(8192).decode("latin-1")
    for fmt in ("text", "md", "html"):
        assert_well_formed(generate(junk, fmt=fmt))
