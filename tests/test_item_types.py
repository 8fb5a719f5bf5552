"""One table of item types: the types the generator makes are the ones the pages have labels for."""

from quizapp import generator, item_types


def test_the_table_names_exactly_the_types_the_generator_makes():
    assert tuple(item_types.LABELS) == generator.ITEM_TYPES


def test_every_type_is_shown_by_its_label(client, stocked):
    page = client.get(f"/articles/{stocked.id}").get_data(as_text=True)
    for item_type in {"who", "where", "when", "how_many"}:  # the stocked article's
        assert f'<span class="tag">{item_types.LABELS[item_type]}</span>' in page
    assert item_types.label("how_far") == "How far"  # a type no table names is still spelled out
