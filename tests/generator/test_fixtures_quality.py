"""The real generator over the seed article and every fixture, judged by the quality checker.

Every rule of the issue's quality bar must hold on each article; a failure prints the checker's figures and
the offending questions rule by rule."""

import pytest

from quizapp.generator import quality
from tests.generator.articles import fixture_paths, quality_cases

CASES = quality_cases()


@pytest.fixture(scope="module")
def nlp():
    return quality.default_nlp()


def test_fixtures_cover_the_article_kinds():
    names = [path.name for path in fixture_paths()]
    for kind in ("sport-", "science-", "business-", "courts-", "disaster-"):
        assert any(name.startswith(kind) for name in names), kind
    assert {path.suffix for path in fixture_paths()} == {".txt", ".html", ".md"}
    for path in fixture_paths():
        if path.suffix == ".txt":
            assert 300 <= len(path.read_text(encoding="utf-8").split()) <= 600, path.name


@pytest.mark.parametrize(("path", "fmt", "min_items"), CASES, ids=[path.name for path, _, _ in CASES])
def test_generator_meets_the_quality_bar(nlp, path, fmt, min_items):
    from quizapp.generator import generate

    generation = generate(path.read_text(encoding="utf-8"), fmt=fmt)
    assert generation.items, generation.reason
    assert generation.reason is None
    report = quality.check(generation.text, generation.items, nlp, min_items=min_items)
    if not report.ok:
        pytest.fail(f"{path.name}: {report.format(limit=20)}", pytrace=False)
