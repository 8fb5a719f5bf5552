"""An article without a headline gets one made from its lead's subject and event, not the lead cut short."""

from quizapp.generator import generate
from tests.helpers.stock import SEED_ARTICLE


def test_a_lead_becomes_a_headline_of_its_subject_and_event():
    lead = "Mara Lindqvist won the Nordic marathon in Oslo on March 3, 2024. She beat 4,000 runners."
    assert generate(lead).title == "Lindqvist wins Nordic marathon"
    council = "The city council approved a new budget on Tuesday after a long debate. It passed 7 to 2."
    assert generate(council).title == "City council approves new budget"


def test_the_starter_article_is_titled_by_its_event():
    """The seed has no headline. The person its event names second is titled by their role, as headlines
    do, and still asked about."""
    generation = generate(SEED_ARTICLE.read_text())
    assert generation.title == "Trump meets with Japanese Prime Minister"
    assert any(item.answer == "Sanae Takaichi" for item in generation.items)


def test_a_lead_without_a_plain_event_is_still_cut_short():
    lead = "Researchers found that some reef corals recover from heat far faster than anyone had expected."
    assert generate(lead).title == "Researchers found that some reef corals recover from…"


def test_a_headline_verb_is_in_the_present():
    from quizapp.generator.headline import _present

    singular = [_present(lemma, True) for lemma in ("win", "push", "carry", "play", "have", "approve", "fix")]
    assert singular == ["wins", "pushes", "carries", "plays", "has", "approves", "fixes"]
    assert [_present(lemma, False) for lemma in ("vote", "be", "have")] == ["vote", "are", "have"]
