"""Step 1: raw article (plain text, Markdown or HTML) -> title, byline and body paragraphs.

The body text is what gets stored and shown; every span the generator reports points into it.
"""

import html as html_lib
import re
from dataclasses import dataclass

# "By Jane Roe", "By Jane Roe and Tom Lee, Staff Writers": a short line with no sentence-final stop
BYLINE = re.compile(r"^\s*(?i:by)\s+([A-Z][^.!?;:]{0,80}?)\s*$")
SENTENCE_END = (".", "!", "?", '"', "”", "'", "’", ":", ";", ")")
HEADING_MAX_WORDS = 12
# A wire story's dateline before its first sentence: "PORTMERE (Reuters) –", "MILLFORD, Fla. (WXYZ) —",
# "Westford (Kent), Mar 23 (PA):", "OSLO —". Where and who filed it, not a fact to ask about.
DATELINE = re.compile(
    r"^(?:"
    r"[A-Z][\w.'’-]*(?:[ ,]+[\w.'’-]+){0,6}?(?:\s*[(\[][^()\[\]]{1,40}[)\]])+,?"  # a place, then (Agency)
    r"(?:\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:\s*[(\[][^()\[\]]{1,40}[)\]])?)?"  # and a date: ", Mar 23 (PA)"
    r"|[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,4}(?:, [A-Z][\w.]+(?: [A-Z][\w.]+)?)?"  # or a place in capitals
    r")\s*[-–—:]+\s*"
    r"|^[A-Z]{3,}(?: [A-Z]{2,}){0,3}, [A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?)? (?=[A-Z])"  # "MILLFORD, Utah A …"
)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    heading: bool  # a subheading: shown, but not a source of facts


@dataclass(frozen=True)
class ParsedArticle:
    title: str | None
    byline: str | None
    text: str
    paragraphs: tuple[Paragraph, ...]

    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if not p.heading]


def parse_article(raw: str, fmt: str = "text") -> ParsedArticle:
    if fmt == "html":
        lines, title, byline = _html_lines(raw)
    else:
        lines = _unwrapped(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"), fmt)
        if fmt == "md":
            lines = [_strip_markdown(line) for line in lines]
        title = byline = None
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    lines = _without_dateline(lines)
    title, byline, lines = _take_front_matter(lines, title, byline)
    text, paragraphs = _join(lines)
    return ParsedArticle(title=title, byline=byline, text=text, paragraphs=paragraphs)


def is_heading(line: str) -> bool:
    """Short lines without final punctuation are headings, not sentences."""
    return not line.endswith(SENTENCE_END) and len(line.split()) <= HEADING_MAX_WORDS


# A Markdown line that starts a block of its own rather than going on with the paragraph above it
MD_BLOCK = re.compile(r"^\s{0,3}(?:#|>|[-*+]\s|\d+[.)]\s|(?:[-*_]\s*){3,}$|!\[|```|\|)")
WRAPPED_MIN = 50  # a hard-wrapped line is at least this long (wrapping is at 60 to 80 characters)


def _unwrapped(lines: list[str], fmt: str) -> list[str]:
    """Hard-wrapped paragraphs (lines broken at a fixed width, as in e-mail, wire copy and Markdown) joined
    back into one line each, so that a sentence broken over two lines is not read as a heading and a
    fragment. Paragraphs stay apart at blank lines."""
    widest = max((len(line.strip()) for line in lines), default=0)
    joined: list[str] = []
    for line in lines:
        text = line.strip()
        before = joined[-1].strip() if joined else ""
        if text and before and _goes_on(before, text, fmt, widest):
            joined[-1] = f"{before} {text}"
        else:
            joined.append(line)
    return joined


def _goes_on(before: str, line: str, fmt: str, widest: int) -> bool:
    """Whether a line goes on with the sentence of the line above: that one ends with no stop, and this one
    starts in lower case, or that one is as long as the article's wrapped lines."""
    if BYLINE.match(line) or BYLINE.match(before) or before.endswith(SENTENCE_END):
        return False
    if fmt == "md" and (MD_BLOCK.match(line) or before.lstrip().startswith(("#", "```", "|"))):
        return False
    return line[:1].islower() or (len(before) >= WRAPPED_MIN and len(before) >= 0.6 * widest)


# A page's time stamp above the story: "November 24, 2012 10:17 am | Updated October 18, 2016 03:02 pm IST"
TIMESTAMP = re.compile(
    r"^(?:(?:Updated|Published|Posted|Last updated)[:\s]+)?"
    r"(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})[\s,]+\d{1,2}[:.]\d\d"
)


def _without_dateline(lines: list[str]) -> list[str]:
    """The first lines with the dateline cut off the front (a line that is only a dateline goes), and a
    page's time stamp above the story left out."""
    lines = [line for k, line in enumerate(lines) if k >= 4 or not TIMESTAMP.match(line)]
    sentences_passed = 0
    for k, line in enumerate(lines[:4]):
        match = DATELINE.match(line)
        if sentences_passed and match and not DASHED.search(match.group()):
            match = None  # after a summary line only a dateline with its dash: "NASA: …" is a sentence
        if match and (
            k > 0 or len(lines) == 1 or match.end() == len(line) or line[match.end() :][:1].isupper()
        ):
            rest = line[match.end() :].strip()
            return lines[:k] + ([rest] if rest else []) + lines[k + 1 :]
        if not is_heading(line) and not BYLINE.match(line):
            sentences_passed += 1
            if sentences_passed > 1:
                break  # past the first sentence, and a summary line above it: a dash later is no dateline
    return lines


DASHED = re.compile(r"[-–—]\s*$")  # "PORTMERE (Reuters) –", not "Westford, Mar 23 (PA):"


HEADLINE_MAX_WORDS = 25


def _headline(line: str) -> bool:
    """A first line with no sentence-final stop is a headline, even a long one ('Airbag Recall: Five
    Car Makers Call Back a Million Vehicles Over a Flaw in Their Inflators')."""
    return not line.endswith(SENTENCE_END) and len(line.split()) <= HEADLINE_MAX_WORDS


def _take_front_matter(lines: list[str], title: str | None, byline: str | None):
    """A leading title line and a 'By …' line are metadata, not facts."""
    rest = list(lines)
    for _ in range(3):
        if not rest:
            break
        match = BYLINE.match(rest[0])
        if match and byline is None:
            byline = match.group(1).strip()
            rest.pop(0)
        elif (
            title is None and byline is None and len(rest) > 1 and (is_heading(rest[0]) or _headline(rest[0]))
        ):
            title = rest.pop(0)
        else:
            break
    return title, byline, rest


def _join(lines: list[str]) -> tuple[str, tuple[Paragraph, ...]]:
    paragraphs = []
    position = 0
    for line in lines:
        paragraphs.append(Paragraph(position, position + len(line), is_heading(line)))
        position += len(line) + 2
    return "\n\n".join(lines), tuple(paragraphs)


MD_PATTERNS = [
    (re.compile(r"^\s{0,3}#{1,6}\s*"), ""),  # heading marks
    (re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+"), ""),  # list bullets
    (re.compile(r"^\s{0,3}>\s?"), ""),  # block quotes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$"), ""),  # rules
]


def _strip_markdown(line: str) -> str:
    for pattern, replacement in MD_PATTERNS:
        line = pattern.sub(replacement, line)
    return line


def _html_lines(raw: str) -> tuple[list[str], str | None, str | None]:
    """The page's main text by trafilatura (boilerplate, scripts and navigation dropped)."""
    import trafilatura

    title = byline = None
    try:
        text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_recall=True)
        metadata = trafilatura.extract_metadata(raw)
    except Exception:  # a malformed page is treated as having no main text
        text, metadata = None, None
    if metadata is not None:
        title, byline = metadata.title, metadata.author
    if not text:
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)))
    lines = text.split("\n")
    # trafilatura may repeat the headline and the byline at the top of the text
    while lines and (lines[0].strip() == (title or "").strip() or BYLINE.match(lines[0] or "")):
        if BYLINE.match(lines[0]) and not byline:
            byline = BYLINE.match(lines[0]).group(1)
        lines.pop(0)
    return lines, title, byline
