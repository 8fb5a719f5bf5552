"""The articles the generator's quality is judged on: the seed article and the fixtures written for it."""

from pathlib import Path

from tests.helpers.stock import REPO, SEED_ARTICLE

FIXTURES = REPO / "tests" / "fixtures" / "articles"
FORMATS = {".txt": "text", ".html": "html", ".md": "md"}
# Precision first (issue 14): an article gives fewer, good items rather than many with bad ones among them;
# at least 5 on a 300-word article.
SEED_MIN_ITEMS = 5


def fixture_paths() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.suffix in FORMATS)


def quality_cases() -> list[tuple[Path, str, int | None]]:
    """(path, fmt, min_items) for the seed and every fixture; None = the checker's per-length minimum."""
    cases = [(SEED_ARTICLE, "text", SEED_MIN_ITEMS)]
    cases += [(path, FORMATS[path.suffix], None) for path in fixture_paths()]
    return cases
