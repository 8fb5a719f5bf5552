"""Article files and texts before any database: which formats are read, decoding, the checks every text
passes, and the files a path names. `quizapp generate` needs only these, so it starts without importing
SQLAlchemy or Flask."""

from collections.abc import Iterable
from pathlib import Path

FORMATS = {".txt": "text", ".text": "text", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


class IngestError(Exception):
    """A problem with one article, phrased for the learner."""


def format_for(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise IngestError(f"{filename}: unsupported file type; use .txt, .md or .html.")
    return FORMATS[suffix]


def decode(data: bytes, name: str = "the text") -> str:
    """Bytes to text, refusing binary files rather than storing mojibake."""
    if b"\x00" in data:
        raise IngestError(f"{name} is a binary file, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(f"{name} is not UTF-8 text.") from None
    return text


def check_text(raw: str, max_chars: int) -> str:
    """The text, or an IngestError saying why it cannot be an article."""
    if not raw or not raw.strip():
        raise IngestError("The article is empty.")
    if len(raw) > max_chars:
        raise IngestError(
            f"The article is too long ({len(raw):,} characters; the limit is {max_chars:,}). "
            "Split it into smaller parts."
        )
    controls = sum(1 for ch in raw if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > len(raw) * 0.01:
        raise IngestError("The text looks like binary data, not an article.")
    return raw


def read_path(path: Path) -> tuple[str, str]:
    """(text, format) of an article file."""
    fmt = format_for(path.name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path}: cannot be read ({error.strerror or error}).") from None
    return decode(data, str(path)), fmt


def expand(paths_given: Iterable[Path]) -> list[Path]:
    """Files as given; folders become their article files, sorted."""
    files: list[Path] = []
    for path in paths_given:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS and p.is_file()))
        else:
            files.append(path)
    return files
