"""The real generator over the seed article and every fixture, judged by the quality checker.

Every correctness rule of the issue's quality bar holds on each article with no exception: enough distinct
items, no pronoun or fragment answers, no question that gives its answer away, four distinct choices of the
answer's kind, spans that show the answer.

Coverage (every person, date and number asked about) is not yet complete: the issue asks for all of them.
A date or number that no wh-question reaches is asked as a fill-in-the-blank of its sentence, but not when
the sentence leans on an unresolved pronoun ("She reported …") or the value sits in a long sentence's
clause without a subject of its own; a few persons named only in passing are not asked. The floors below
are where it stands, so that a change that loses coverage fails; raise them as coverage grows.
`python benchmarks/generator_quality.py` prints the figures and every miss.
"""

import pytest

from quizapp.generator import generate, quality
from tests.generator.articles import fixture_paths, quality_cases

CASES = quality_cases()
COVERAGE_RULES = {"person_not_asked", "date_not_asked", "number_not_asked"}
# per article, in percent of the distinct persons / dates / numbers the checker finds
ARTICLE_FLOOR = {"persons": 100.0, "dates": 85.0, "numbers": 90.0}
# over all the articles together
OVERALL_FLOOR = {"persons": 100.0, "dates": 98.0, "numbers": 99.0}
SEED_FLOOR = {"persons": 100.0, "dates": 100.0, "numbers": 100.0}


@pytest.fixture(scope="module")
def nlp():
    return quality.default_nlp()


@pytest.fixture(scope="module")
def reports(nlp):
    """Each article's generation and checker report, made once for all the tests here."""
    found = {}
    for path, fmt, min_items in CASES:
        generation = generate(path.read_text(encoding="utf-8"), fmt=fmt)
        found[path.name] = (
            generation,
            quality.check(generation.text, generation.items, nlp, min_items=min_items),
        )
    return found


def test_fixtures_cover_the_article_kinds():
    names = [path.name for path in fixture_paths()]
    for kind in ("sport-", "science-", "business-", "courts-", "disaster-"):
        assert any(name.startswith(kind) for name in names), kind
    assert {path.suffix for path in fixture_paths()} == {".txt", ".html", ".md"}
    for path in fixture_paths():
        if path.suffix == ".txt":
            assert 300 <= len(path.read_text(encoding="utf-8").split()) <= 600, path.name


@pytest.mark.parametrize("name", [path.name for path, _, _ in CASES])
def test_every_item_is_correct_and_well_formed(reports, name):
    generation, report = reports[name]
    assert generation.items, generation.reason
    assert generation.reason is None
    broken = [v for v in report.violations if v.rule not in COVERAGE_RULES]
    if broken:
        shown = "\n".join(f"  - {v}" for v in broken[:20])
        pytest.fail(f"{name}: {report.format(limit=0)}\n{shown}", pytrace=False)


@pytest.mark.parametrize("name", [path.name for path, _, _ in CASES])
def test_coverage_per_article_stays_above_its_floor(reports, name):
    _, report = reports[name]
    floor = SEED_FLOOR if name == CASES[0][0].name else ARTICLE_FLOOR
    coverage = report.coverage()
    below = {kind: coverage[kind] for kind, least in floor.items() if (coverage[kind] or 100.0) < least}
    if below:
        pytest.fail(f"{name}: coverage {below} under {floor}\n{report.format(limit=20)}", pytrace=False)


def test_coverage_over_all_articles_stays_above_its_floor(reports):
    totals = {"persons": [0, 0], "dates": [0, 0], "numbers": [0, 0]}
    for _, report in reports.values():
        totals["persons"][0] += len(report.persons_asked)
        totals["persons"][1] += len(report.persons_found)
        totals["dates"][0] += report.dates_asked
        totals["dates"][1] += report.dates_found
        totals["numbers"][0] += report.numbers_asked
        totals["numbers"][1] += report.numbers_found
    coverage = {kind: 100.0 * asked / found for kind, (asked, found) in totals.items()}
    for kind, least in OVERALL_FLOOR.items():
        assert coverage[kind] >= least, (
            f"{kind}: {totals[kind]} asked/found, {coverage[kind]:.1f}% < {least}%"
        )
